"""Authentication-Results header fields (RFC 8601), read as written: what a mail server says it checked.

Pure. A header is read only whole: anything its grammar does not allow (an empty result, a stray character, a comment
or a quoted string left open) makes it unreadable, and an unreadable header proves nothing (core/trust.py never takes
it for a pass). Values are read as the field was written (core/headers.py `as_written`), never RFC 2047-decoded: an
encoded word the server copied from the message (`smtp.mailfrom="=?utf-8?q?x=3B_dkim=3Dpass?="@…`) stays one value,
and never becomes results of its own. A quoted string is one value, whatever it holds (`;` included).

Exchange Online writes its results without any authserv-id and with properties of no type (`action=none`): the
shell reads it with `anonymous=True`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_COMMENT_DEPTH = 8  # comments nest (RFC 5322); deeper is no server's header
_KEYWORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")
_STOP = frozenset(' \t\r\n;()"')  # what ends an unquoted value
_DMARC_FAIL = re.compile(r"(?<![\w.-])dmarc\s*=\s*fail(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Result:
    """One `method=result` with its properties, lower-case (`header.b` too: core/trust.py compares it so)."""

    method: str
    result: str
    props: tuple[tuple[str, str], ...] = ()  # ("header.from", "ville-bethune.fr"), as seen, `<>` stripped

    def prop(self, name: str) -> str:
        return next((v for k, v in self.props if k == name), "")

    def shown(self, *names: str) -> str:
        seen = [f"{k}={v}" for k, v in self.props if k in names]
        return " ".join([f"{self.method}={self.result}", *seen])


@dataclass(frozen=True)
class Header:
    authserv_id: str  # "" : none (Exchange Online's form)
    results: tuple[Result, ...]


def authserv_id(value: str) -> str:
    """The authserv-id a header starts with; "" when it starts with a result (Exchange Online's form)."""
    head = value.split(";", 1)[0].split()
    return "" if not head or "=" in head[0] else head[0]


class _Garbled(Exception):
    pass


class _Reader:
    def __init__(self, text: str):
        self.text, self.at = text, 0

    def more(self) -> bool:
        return self.at < len(self.text)

    def peek(self) -> str:
        return self.text[self.at] if self.more() else ""

    def cfws(self) -> None:
        """Spaces and comments, skipped; a comment left open is a garbled header."""
        while self.more():
            c = self.peek()
            if c in " \t\r\n":
                self.at += 1
            elif c == "(":
                self._comment()
            else:
                return

    def _comment(self) -> None:
        depth = 0
        while self.more():
            c = self.peek()
            self.at += 1
            if c == "\\":
                self.at += 1
            elif c == "(":
                depth += 1
                if depth > MAX_COMMENT_DEPTH:
                    raise _Garbled
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return
        raise _Garbled

    def expect(self, c: str) -> None:
        self.cfws()
        if self.peek() != c:
            raise _Garbled
        self.at += 1

    def keyword(self) -> str:
        self.cfws()
        start = self.at
        while self.more() and self.peek().lower() in _KEYWORD:
            self.at += 1
        if self.at == start:
            raise _Garbled
        return self.text[start:self.at].lower()

    def value(self) -> str:
        """A token, a quoted string, or an address (`"a b"@x`, `@x`): the characters up to a space, `;` or comment."""
        self.cfws()
        out = []
        while self.more() and self.peek() not in " \t\r\n;()":
            if self.peek() == '"':
                out.append(self._quoted())
            else:
                start = self.at
                while self.more() and self.peek() not in _STOP:
                    self.at += 1
                out.append(self.text[start:self.at])
        if not out:
            raise _Garbled
        return "".join(out)

    def _quoted(self) -> str:
        self.at += 1
        out = []
        while self.more():
            c = self.peek()
            self.at += 1
            if c == "\\" and self.more():
                out.append(self.peek())
                self.at += 1
            elif c == '"':
                return "".join(out)
            else:
                out.append(c)
        raise _Garbled


def parse(value: str, anonymous: bool = False) -> Header | None:
    """The header's authserv-id and results; None when it cannot be read whole. `anonymous`: the header starts with
    its first result, no authserv-id (Exchange Online)."""
    r = _Reader(value)
    try:
        ident = ""
        if not anonymous:
            ident = r.value()
            r.cfws()
            if r.peek().isdigit():  # authres-version
                r.keyword()
            r.expect(";")
        results: list[Result] = []
        while True:
            r.cfws()
            if not r.more():
                break
            if not results and r.text[r.at:].strip().lower() == "none":  # no-result
                break
            results.append(_resinfo(r))
            r.cfws()
            if not r.more():
                break
            r.expect(";")
        return Header(ident, tuple(results))
    except _Garbled:
        return None


def _resinfo(r: _Reader) -> Result:
    method = r.keyword()
    r.cfws()
    if r.peek() == "/":  # method-version
        r.at += 1
        r.keyword()
    r.expect("=")
    result = r.keyword()
    props: list[tuple[str, str]] = []
    while True:
        r.cfws()
        if not r.more() or r.peek() == ";":
            return Result(method, result, tuple(props))
        name = r.keyword()
        r.cfws()
        if r.peek() == ".":
            r.at += 1
            name = f"{name}.{r.keyword()}"
        r.expect("=")
        props.append((name, r.value().lower().strip("<>").strip()))


def failure_written(value: str) -> str:
    """« dmarc=fail » when an unreadable header says so anywhere, "" otherwise. A sender can make the server's header
    unreadable (an unbalanced « ( » or « " » in a value the server copied without quoting it: its envelope sender)
    and so hide the server's failure with it; a failure never helps a sender, so it is read all the same."""
    return "dmarc=fail" if _DMARC_FAIL.search(value) else ""
