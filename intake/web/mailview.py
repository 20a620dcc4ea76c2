"""Mail turned into text for the console: what arrived and what we sent (quarantined messages are shown by
intake.commands.quarantine and message_text, as on the command line, in a reading process too, and say NOT_SHOWN
the same way).

Nothing from a message is ever rendered as HTML: an HTML-only message is
reduced to its text, headers and parts are shown as text, and the page's
autoescaping does the rest. The work is bounded (parts, characters); a filed
message is taken apart by the parser `incoming` is given: the console's runs it
in a reading process within a time limit (web/routes/case.py `message_page`).
"""

from __future__ import annotations

import email
import email.policy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo

from intake.commands.message_text import HTML_READ, NOT_SHOWN_ERRORS, html_as_text, safe_text, why_not_shown
from intake.core import labels
from intake.core.french import date_time
from intake.core.message import Message
from intake.errors import ParseError

log = logging.getLogger("intake.web")

MAX_TEXT = 200_000  # characters shown of one text
MAX_PARTS = 200
# a filed message's headers shown to staff, by their French names (it showed « From », « To », « Subject »); a mail we
# sent is shown with all its headers as they left (`sent`), the quarantine's with its own (commands/message_text.py),
# each named in French too when it has a French name (core/labels.py `header`)
SHOWN_HEADERS = tuple((name, labels.header(name)) for name in ("From", "To", "Cc", "Reply-To", "Date", "Subject",
                                                                "Message-ID"))


@dataclass
class MailView:
    available: bool = True
    problem: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""
    from_html: bool = False  # the text was read from the HTML part (the message had no text part)
    truncated: bool = False
    files: list[tuple[str, str, int]] = field(default_factory=list)  # (name, type, size)
    source: str = ""


def _bounded(view: MailView, text: str) -> None:
    """The text shown: its first MAX_TEXT characters, without control and format characters, as `intake quarantine
    show` and the quarantine's page show a message (commands/message_text.py): a right-to-left override showed
    « reissod » (which the rules read) as « dossier », and could show staff an applicant's words in an order the
    text does not hold."""
    view.truncated = len(text) > MAX_TEXT
    view.text = safe_text(text[:MAX_TEXT])


# what staff read when the message could not be taken apart for the page, though it is kept (the page offers it): a
# filed message's page and a quarantined one's (web/routes/inbox.py)
NOT_SHOWN = ("Ce message n'est pas affiché ici : {why}. Il est conservé tel qu'il est arrivé : téléchargez-le (.eml) "
             "pour l'ouvrir dans votre messagerie.")


def incoming(blobs, raw_sha256: str, zone: tzinfo, *, parse: Callable[[bytes, str], Message]) -> MailView:
    """A message filed on a case, as text; its date in French, in the service's time zone `zone` (« lundi 30 novembre
    2026 à 10 h 12 », where the header says « Mon, 30 Nov 2026 09:12:40 +0000 »), or as written when it cannot be
    read. `parse(raw, raw_sha256)` takes it apart (core/parse.py `parse_message`; the console's, in a reading process
    within a time limit: commands/message_text.py `parsed_as_polled`); over a limit, out of time or killed, the page
    says so and offers the message to download."""
    raw = _raw(blobs, raw_sha256)
    if raw is None:
        return MailView(available=False, problem="Le message lui-même n'est pas conservé (seule sa trace l'est).")
    try:
        msg = parse(raw, raw_sha256)
    except NOT_SHOWN_ERRORS as exc:  # out of time, over a limit, killed (its memory cap), or no process started
        log.warning("message %s not shown: %s: %s", raw_sha256[:12], type(exc).__name__, exc)
        return MailView(available=False, problem=NOT_SHOWN.format(why=why_not_shown(exc)))
    except ParseError as exc:
        return MailView(available=False, problem=f"Message illisible : {exc}")
    view = MailView(headers=[(label, date_time(msg.date.astimezone(zone)) if name == "Date" and msg.date else
                              msg.header(name)) for name, label in SHOWN_HEADERS if msg.header(name)])
    if msg.text.strip():
        _bounded(view, msg.text)
    elif msg.html.strip():
        _bounded(view, html_as_text(msg.html[:HTML_READ]))
        view.from_html = True
    view.files = [(a.container + a.filename, a.declared_type or "?", a.size) for a in msg.attachments][:MAX_PARTS]
    return view


def sent(raw: bytes) -> MailView:
    """A mail we sent: its headers, its text part and its whole source, as sent."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    view = MailView(headers=[(labels.header(name), labels.header_value(name, str(value)))
                             for name, value in msg.items()])
    body = msg.get_body(("plain",))
    _bounded(view, body.get_content() if body is not None else "")
    view.files = [(part.get_filename() or "?", part.get_content_type(), len(part.get_payload(decode=True) or b""))
                  for part in msg.iter_attachments()]
    view.source = raw.decode("utf-8", "replace")[:MAX_TEXT * 5]
    return view


def _raw(blobs, raw_sha256: str) -> bytes | None:
    if not raw_sha256:
        return None
    path = blobs.path(raw_sha256)
    return path.read_bytes() if path.is_file() else None
