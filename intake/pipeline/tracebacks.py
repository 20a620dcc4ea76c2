"""A traceback for the logs without what its exceptions quote.

A failure while reading or deciding one message (a bug: `intake/pipeline/ingest.py` quarantines the message
and goes on) is raised from code that holds the message's values, and Python's exception texts quote them
(`KeyError: 'Dossier Jeanne Dupont.pdf'`, `invalid literal for int(): 'Candidature …'`). The system journal keeps
what it is given for months, beyond the purge and a person's erasure (README, « The logs »): it gets the frames
(files, lines, functions, the code's own lines) and each exception's type; the text goes to the message's ledger
row (its reason, shown to staff), which the retention rules and an erasure reach.

Every other traceback the logs receive (the console's crash log, uvicorn's « Exception in ASGI application », a
worker's thread that failed) is written so too, by the journal's formatter (cli/output.py `SafeFormatter`): there
the text is not kept anywhere; the frames, the code's lines and the types say where and what went wrong, and staff
who met the error say on which case.
"""

from __future__ import annotations

import traceback

from intake.adapters.failures import errno_words

LEDGER_NOTE = "its text, if any, is in the message's ledger row, not in the logs"
NOT_LOGGED = "its text is not logged: it may quote personal data"


def without_values(exc: BaseException, note: str = LEDGER_NOTE) -> str:
    """The traceback of `exc` and of the exceptions that caused it (oldest first), each named by its type alone,
    followed by `note` (where its text went, if anywhere)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = []
    for n, failure in enumerate(reversed(chain)):
        if n:
            parts.append("\nwhich led to:\n")
        kind = type(failure)
        parts += ["Traceback (most recent call last):\n", *traceback.format_tb(failure.__traceback__),
                  f"{kind.__module__}.{kind.__qualname__}{errno_words(failure)} ({note})\n"]
    return "".join(parts).rstrip("\n")

