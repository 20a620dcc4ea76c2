"""The daily reading budgets of the poller's messages (core/reading_budget.py decides; store/readings.py counts).

A message read ahead (pipeline/readahead.py) asks, once parsed, whether its sender's (its domain's, every
unauthenticated sender's) reading time today is spent: then none of its files is read. Otherwise its files are read
while this process holds its sender's and its domain's keys, and the time its reading took is added to each key before
they are let go: a sender's messages read ahead together are read one after the other, each seeing what the one before
spent, so that one message at most goes past the budget (in each process: several workers sharing a database may
each let one more through). The key of every unauthenticated sender together is not held (it would read all such
mail one message at a time): a flood past it goes over by at most the messages read side by side.

The keys are taken after the reading has its room in the read-ahead (pipeline/read.py `read_parsed`): a reading that
holds a key never waits for anything but the reading processes, so the oldest message, which the poller waits for,
always gets its turn.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Callable

from sqlalchemy import Engine

from intake.config import Settings
from intake.core.forward import Forward
from intake.core.reading_budget import ReadingCaps, ReadingKeys, past_reading, reading_exempt, reading_keys
from intake.core.trust import FAIL
from intake.pipeline.lookup import budget_domain
from intake.store import readings
from intake.store.database import relax_durability, session

_guard = threading.Lock()
_held: dict[str, list] = {}  # key -> [its lock, how many threads use it]: this process's readings


def caps(settings: Settings) -> ReadingCaps:
    limits = settings.limits
    return ReadingCaps(sender=limits.read_seconds_per_sender_per_day, domain=limits.read_seconds_per_domain_per_day,
                       everyone=limits.unauthenticated_read_seconds_per_day)


def keys_of(settings: Settings, forward: Forward) -> ReadingKeys | None:
    """The budgets a message's reading counts against, once it is parsed (`forward`); None: none (a trusted staff
    forward, every budget 0)."""
    sender = forward.msg.from_addr
    if reading_exempt(forward.by) or caps(settings) == ReadingCaps():
        return None
    forged = forward.sender.verdict == FAIL
    return reading_keys(sender, forward.sender.verdict, budget_domain(settings, sender, forged))


def budget_of(engine: Engine, settings: Settings, clock: Callable[[], datetime],
              forward: Forward) -> MessageBudget | None:
    """A polled message's daily reading budgets; None when it has none, or no file to read."""
    keys = keys_of(settings, forward) if forward.msg.attachments else None
    return None if keys is None else MessageBudget(engine, settings, clock, keys, forward.msg.from_addr)


class MessageBudget:
    """One message's reading budgets, today."""

    def __init__(self, engine: Engine, settings: Settings, clock: Callable[[], datetime], keys: ReadingKeys,
                 sender: str):
        self.engine, self.keys, self.sender, self.caps = engine, keys, sender, caps(settings)
        self.day = clock().astimezone(settings.timezone).date().isoformat()

    def past(self) -> str:
        """Why its files are not read ("" : they are), by what was spent today."""
        with session(self.engine) as s:
            spent = readings.spent_on(s, self.day, self.keys.all())
        return past_reading(self.keys, spent, self.caps, self.sender)

    @contextmanager
    def held(self) -> Iterator[str]:
        """Hold the sender's and the domain's keys in this process; gives `past()` once they are held."""
        keys = sorted(k for k in (self.keys.sender, self.keys.domain) if k)
        locks = []
        with _guard:
            for key in keys:
                entry = _held.setdefault(key, [threading.Lock(), 0])
                entry[1] += 1
                locks.append(entry[0])
        try:
            for lock in locks:
                lock.acquire()
            try:
                yield self.past()
            finally:
                for lock in reversed(locks):
                    lock.release()
        finally:
            with _guard:
                for key in keys:
                    _held[key][1] -= 1
                    if not _held[key][1]:
                        del _held[key]

    def spend(self, seconds: float) -> None:
        """Add what its reading took to each key's day."""
        with session(self.engine) as s:
            relax_durability(s)  # a counter: lost on a power cut, the worst is one more message read
            readings.add(s, self.day, self.keys.all(), max(0.0, seconds))
            s.commit()
