"""A mailbox that can be told to misbehave, for the tests of what the poller does when the server does.

:class:`FaultySource` wraps the real source of a mailbox (a folder of .eml files or the real IMAP adapter on
the test Dovecot) and hands everything through, except what it is told to refuse: a message the server will
not give (``refuse={uid: "why"}``: an ``Unavailable`` in ``fetch_all``, ``MessageUnavailable`` from
``fetch``), and a hook run after each message it gave (``after_each(uid)``: a test drops the connection
there). Install it with :func:`faulty` on an App: ``app.sources = faulty(refuse={1: "NO"})``.
"""

from __future__ import annotations

from typing import Any, Callable

from intake.adapters.sources import Fetched, Unavailable
from intake.errors import MessageUnavailable


class FaultySource:
    def __init__(self, inner: Any, refuse: dict[int, str] | None = None,
                 after_each: Callable[[int], None] | None = None) -> None:
        self.inner = inner
        self.refuse = dict(refuse or {})
        self.after_each = after_each or (lambda uid: None)
        self.refused: list[int] = []  # what it refused, in order: the test checks it was asked

    def __enter__(self) -> "FaultySource":
        self.inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inner.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:  # uidvalidity, uids_after, find_message_id, ...
        return getattr(self.inner, name)

    def fetch(self, uid: int, max_bytes: int, not_before: Any) -> Fetched | None:
        if uid in self.refuse:
            self.refused.append(uid)
            raise MessageUnavailable(self.refuse[uid])
        return self.inner.fetch(uid, max_bytes, not_before)

    def fetch_all(self, uids: list[int], max_bytes: int, not_before: Any, copies: Any = None):
        given = self.inner.fetch_all([u for u in uids if u not in self.refuse], max_bytes, not_before, copies)
        for uid in uids:
            if uid in self.refuse:
                self.refused.append(uid)
                yield Unavailable(uid, self.refuse[uid])
                continue
            item = next(given)
            yield item
            self.after_each(item.uid)


def faulty(refuse: dict[int, str] | None = None, after_each: Callable[[int], None] | None = None,
           mailbox: str | None = None, **real: Any) -> Callable[[Any, Any], Any]:
    """For App.sources: the real source of each mailbox (built with ``real`` keyword arguments for the
    IMAP adapter, e.g. body_batch=1), wrapped in a FaultySource for ``mailbox`` (every mailbox if None).
    The sources made are kept in the returned function's ``made`` list."""

    def sources(app: Any, box: Any) -> Any:
        inner = app.real_source(box)
        for key, value in real.items():
            setattr(inner, key, value)
        if mailbox is not None and box.name != mailbox:
            return inner
        made = FaultySource(inner, refuse, after_each)
        sources.made.append(made)  # type: ignore[attr-defined]
        return made

    sources.made = []  # type: ignore[attr-defined]
    return sources
