"""The reading processes the console runs at once (pictures converted, messages taken apart, filed or quarantined),
and how long a page waits for one.

A message shaped to be slow to take apart holds a reading process up to commands/message_text.py `view_seconds`
(30 s) at each view. With a plain semaphore a page waited for a free one without end: staff reloading a slow page,
or opening several of an attacker's slow quarantined messages, queued 30 s of reading each, and every waiting
request held one of the console's worker threads (40, shared by every page): after a few dozen, the whole console
stopped answering for minutes. A page now waits at most SLOT_WAIT seconds, then says in French that the readers are
busy (ReadersBusy), and the message or file stays downloadable as it is.
"""

from __future__ import annotations

import threading

from intake.errors import ReadersBusy

READERS = 2  # reading processes the console runs at once: staff clicking around wait, the server does not
SLOT_WAIT = 5  # seconds a page waits for one of them to come free
BUSY = ("les processus de lecture de la console sont tous occupés par d'autres messages ou images en cours de lecture "
        "(réessayez dans un moment)")


class ReadingSlots:
    """A context manager: one of `count` reading slots, waited for at most `wait` seconds (ReadersBusy past it)."""

    def __init__(self, count: int = READERS, wait: float = SLOT_WAIT) -> None:
        self._free = threading.BoundedSemaphore(count)
        self.wait = wait

    def __enter__(self) -> ReadingSlots:
        if not self._free.acquire(timeout=self.wait):
            raise ReadersBusy(BUSY)
        return self

    def __exit__(self, *exc: object) -> None:
        self._free.release()


readers = ReadingSlots()
