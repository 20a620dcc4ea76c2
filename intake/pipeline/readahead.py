"""Read the next messages while the current one is filed: every core busy, commits still in mailbox order.

The poller hands fetched messages in UID order to `Ahead.add`; each is read in a thread of its own
(parsing here, its files in the reading processes of adapters/readers.py, which run side by side
on every CPU), and comes back from `add`, `ready` or `drain` in the same order, for the poller to
decide and commit it, one transaction each. At most `window` messages, and about `max_bytes` of
raw mail, are in flight: past that, `add` first gives back the oldest (waiting for its reading).

Reading does no database work, so nothing read ahead is decided before the messages before it are
committed (a copy of a message, a reply to a case opened just before, are seen as such).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Ahead(Generic[T, R]):
    def __init__(self, read: Callable[[T], R], window: int, max_bytes: int, size: Callable[[T], int]):
        self.read, self.window, self.max_bytes, self.size = read, max(1, window), max_bytes, size
        self.executor = ThreadPoolExecutor(max_workers=self.window, thread_name_prefix="intake-read")
        self.queue: deque[tuple[T, int, Future[R]]] = deque()
        self.bytes = 0

    def __enter__(self) -> Ahead[T, R]:
        return self

    def __exit__(self, *exc) -> None:
        for _, _, future in self.queue:
            future.cancel()
        self.executor.shutdown(wait=True, cancel_futures=True)  # a thread still reading finishes its message

    def add(self, item: T) -> Iterator[tuple[T, R]]:
        """Start reading `item`; first gives back the oldest messages while too many are in flight."""
        size = self.size(item)
        while self.queue and (len(self.queue) >= self.window or self.bytes + size > self.max_bytes):
            yield self._pop()
        self.queue.append((item, size, self.executor.submit(self.read, item)))
        self.bytes += size

    def ready(self) -> Iterator[tuple[T, R]]:
        """The oldest messages whose reading is done, in order (without waiting)."""
        while self.queue and self.queue[0][2].done():
            yield self._pop()

    def drain(self) -> Iterator[tuple[T, R]]:
        while self.queue:
            yield self._pop()

    def _pop(self) -> tuple[T, R]:
        item, size, future = self.queue.popleft()
        self.bytes -= size
        return item, future.result()  # a reading that raised raises here, in order
