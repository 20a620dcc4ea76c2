"""Read the next messages while the current one is filed: every core busy, commits still in mailbox order.

The poller hands fetched messages in UID order to `Ahead.add`; each is read in a thread of its own
(parsed, and its files read, in the reading processes of adapters/readers.py, which run side by side
on every CPU), and comes back from `add`, `ready` or `drain` in the same order, for the poller to
decide and commit it, one transaction each. At most `window` messages, and about `max_bytes`, are in
flight: raw mail, and what their readings hold besides (the files archives give can be a hundred times
their size: a reading that would pass `max_bytes` waits for room, unless it is the oldest). Past that,
`add` first gives back the oldest (waiting for its reading).

Reading decides nothing (its only database work is its sender's daily reading time, pipeline/readbudget.py), so
nothing read ahead is decided before the messages before it are committed (a copy of a message, a reply to a case
opened just before, are seen as such).
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Ahead(Generic[T, R]):
    def __init__(self, read: Callable[..., R], window: int, max_bytes: int, size: Callable[[T], int]):
        """`read(item, hold=...)` reads one message; it calls `hold(n)` before it comes to hold `n` more bytes
        than the raw message (what its archives may give), which may wait for room, and `hold(-n)` to give
        back what it reserved and did not need."""
        self.read, self.window, self.max_bytes, self.size = read, max(1, window), max_bytes, size
        self.executor = ThreadPoolExecutor(max_workers=self.window, thread_name_prefix="intake-read")
        self.queue: deque[tuple[T, int, int, Future[R]]] = deque()  # item, sequence number, raw size, reading
        self.bytes = 0  # raw bytes in flight, and what their readings hold besides
        self.held: dict[int, int] = {}  # by sequence number: what `hold` added
        self.next_seq = 0
        self.closing = False
        self.room = threading.Condition()

    def __enter__(self) -> Ahead[T, R]:
        return self

    def __exit__(self, *exc) -> None:
        with self.room:
            self.closing = True  # a reading waiting for room goes on, to its end
            self.room.notify_all()
        for _, _, _, future in self.queue:
            future.cancel()
        self.executor.shutdown(wait=True, cancel_futures=True)  # a thread still reading finishes its message

    def add(self, item: T) -> Iterator[tuple[T, R]]:
        """Start reading `item`; first gives back the oldest messages while too many are in flight."""
        size = self.size(item)
        while self.queue and (len(self.queue) >= self.window or self.bytes + size > self.max_bytes):
            yield self._pop()
        seq, self.next_seq = self.next_seq, self.next_seq + 1
        future = self.executor.submit(self.read, item, hold=functools.partial(self._hold, seq))
        with self.room:
            self.queue.append((item, seq, size, future))
            self.bytes += size

    def ready(self) -> Iterator[tuple[T, R]]:
        """The oldest messages whose reading is done, in order (without waiting)."""
        while self.queue and self.queue[0][3].done():
            yield self._pop()

    def drain(self) -> Iterator[tuple[T, R]]:
        while self.queue:
            yield self._pop()

    def _hold(self, seq: int, n: int) -> None:
        """A reading is about to hold `n` more bytes (less, if negative): it waits while that would pass
        `max_bytes`, unless it is the oldest message in flight (the one the poller waits for, which therefore
        always goes on)."""
        with self.room:
            while (n > 0 and not self.closing and self.bytes + n > self.max_bytes
                   and not (self.queue and self.queue[0][1] == seq)):
                self.room.wait(0.5)
            self.bytes += n
            self.held[seq] = self.held.get(seq, 0) + n
            if n < 0:
                self.room.notify_all()

    def _pop(self) -> tuple[T, R]:
        item, seq, size, future = self.queue[0]  # stays the oldest (never waits for room) until its reading ends
        try:
            return item, future.result()  # a reading that raised raises here, in order
        finally:
            with self.room:
                self.queue.popleft()
                self.bytes -= size + self.held.pop(seq, 0)
                self.room.notify_all()
