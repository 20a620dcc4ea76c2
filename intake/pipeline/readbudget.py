"""The daily reading budgets of the poller's messages (core/reading_budget.py decides; store/readings.py counts).

A message read ahead (pipeline/readahead.py) asks, once parsed, whether its sender's (its domain's, every
unauthenticated sender's) reading time today is spent: then none of its files is read. Otherwise its files are read
while this process holds its sender's and its domain's keys, and the time its reading took is added to each key before
they are let go: a sender's messages read ahead together are read one after the other, each seeing what the one before
spent, so that one message at most goes past the budget (in each process: several workers sharing a database may
each let one more through). The key of every unauthenticated sender together is not held (it would read all such
mail one message at a time), nor that of their sending network (a hosting relay's applicants would wait in turn): a
flood past either goes over by at most the messages read side by side.

The keys are taken after the reading has its room in the read-ahead (pipeline/read.py `read_parsed`): a reading that
holds a key never waits for anything but the reading processes, so the oldest message, which the poller waits for,
always gets its turn.

What was spent today is this process's count (`Tally`), not a database lookup per message: it reads the day from the
database once a poll (at its first message with files), adds each message's time as it is told it, and writes what it
added once a message is counted FLUSH_SECONDS or more after it, or else at the poll's end (a poll that fails too): a
poll whose later messages have no file to read writes it only then. Within [limits] read_seconds of a cap, it does as
each message did before: looks the database up once the keys are held, and writes the message's time at once; so
another process's spending is seen there as before. Further from the caps, a process sees another's spending on a key
at each poll and each time it writes that key (what the database then holds comes back): processes sharing a database
may each let one more message through, as before, and a process that had not seen what the other counted and has not
written yet, what it reads of that sender meanwhile. Looking the database up twice and writing once for every message
cost the backlog benchmark several seconds of the reading threads' time (2,000 messages, 400 with files: about 2 s of
lookups and 4 to 6 s of writes, each write waiting for the poller's filing transaction, SQLite having one writer),
and the poller waited for them in turn.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Callable

from sqlalchemy import Engine

from intake.adapters.secretkey import load_secret
from intake.config import Settings
from intake.core.forward import Forward
from intake.core.reading_budget import (
    ReadingCaps,
    ReadingKeys,
    near_cap,
    past_reading,
    reading_exempt,
    reading_keys,
    sealed,
)
from intake.core.trust import FAIL, PASS, sending_network
from intake.pipeline.lookup import budget_domain
from intake.pipeline.trust_settings import trust_settings
from intake.store import readings
from intake.store.database import relax_durability, session

_guard = threading.Lock()
_held: dict[str, list] = {}  # key -> [its lock, how many threads use it]: this process's readings
FLUSH_SECONDS = 2.0  # far from every cap, a message counted this long after the oldest unwritten writes them all


def caps(settings: Settings) -> ReadingCaps:
    limits = settings.limits
    return ReadingCaps(sender=limits.read_seconds_per_sender_per_day, domain=limits.read_seconds_per_domain_per_day,
                       everyone=limits.unauthenticated_read_seconds_per_day,
                       network=limits.unauthenticated_read_seconds_per_network_per_day)


def keys_of(settings: Settings, forward: Forward) -> ReadingKeys | None:
    """The budgets a message's reading counts against, once it is parsed (`forward`); None: none (a trusted staff
    forward, every budget 0)."""
    sender = forward.msg.from_addr
    if reading_exempt(forward.by) or caps(settings) == ReadingCaps():
        return None
    forged = forward.sender.verdict == FAIL
    network = sending_network(forward.msg, trust_settings(settings)) if forward.sender.verdict != PASS else ""
    return reading_keys(sender, forward.sender.verdict, budget_domain(settings, sender, forged), network)


def stored_keys(settings: Settings, keys: tuple[str, ...]) -> dict[str, str]:
    """What the counter stores for each key (core/reading_budget.py `sealed`), under the installation's secret."""
    secret = _secret(settings)
    return {key: sealed(key, secret) for key in keys}


def _secret(settings: Settings) -> bytes:
    with _guard:
        found = _secrets.get(str(settings.data_dir))
    if found is None:
        found = load_secret(settings.data_dir)
        with _guard:
            _secrets[str(settings.data_dir)] = found
    return found


_secrets: dict[str, bytes] = {}  # data_dir -> its secret, read once a poll


def budget_of(engine: Engine, settings: Settings, clock: Callable[[], datetime],
              forward: Forward) -> MessageBudget | None:
    """A polled message's daily reading budgets; None when it has none, or no file to read."""
    keys = keys_of(settings, forward) if forward.msg.attachments else None
    return None if keys is None else MessageBudget(tally_of(engine), settings, clock, keys, forward.msg.from_addr)


def begin_poll(engine: Engine) -> None:
    """A poll starts: this process's count is read from the database again at its first message with files, and the
    installation's key from its file (deleted, a new one is made: every budget starts again, README)."""
    with _guard:
        _secrets.clear()
    tally_of(engine).forget()


def end_poll(engine: Engine) -> None:
    """A poll ends: what this process counted is written (the next poll may be minutes away)."""
    tally_of(engine).flush()


_tallies: weakref.WeakKeyDictionary[Engine, Tally] = weakref.WeakKeyDictionary()


def tally_of(engine: Engine) -> Tally:
    """This process's count for the database of `engine`."""
    with _guard:
        if engine not in _tallies:
            _tallies[engine] = Tally(engine)
        return _tallies[engine]


class Tally:
    """This process's count of each stored key's reading time today: the database's, as it last said it (the whole
    day, once a poll; a message's keys, near a cap; each key's total once written), plus what it was told since and
    has not written yet."""

    def __init__(self, engine: Engine):
        self._engine = weakref.ref(engine)  # not kept alive by its own count (_tallies holds it weakly)
        self.counts = threading.Lock()  # `said`, `pending`, `oldest`
        self.writing = threading.Lock()  # one reading or writing of the database at a time
        self.day = ""  # of `said`
        self.stale = True  # `said` is to be read again (a new poll)
        self.said: dict[str, float] = {}  # key -> seconds the database said, on `day`
        self.pending: dict[tuple[str, str], float] = {}  # (day, key) -> seconds told and not written yet
        self.writing_now: dict[tuple[str, str], float] = {}  # what `flush` is writing: counted until it is `said`
        self.oldest = 0.0  # when the oldest pending seconds were told (time.monotonic)

    @property
    def engine(self) -> Engine:
        engine = self._engine()
        assert engine is not None  # a count is only used with its engine
        return engine

    def forget(self) -> None:
        with self.counts:
            self.stale = True

    def spent(self, day: str, keys: tuple[str, ...]) -> dict[str, float]:
        """Each key's seconds on `day`, as this process counts them (the day read from the database first, once a
        poll)."""
        with self.counts:
            known = self.day == day and not self.stale
        if not known:
            with self.writing:
                with self.counts:
                    known = self.day == day and not self.stale  # another reading thread read it meanwhile
                if not known:
                    with session(self.engine) as s:
                        said = readings.of_day(s, day)
                    with self.counts:
                        self.day, self.said, self.stale = day, said, False
        return self._count(day, keys)

    def look_up(self, day: str, keys: tuple[str, ...]) -> dict[str, float]:
        """`spent`, these keys read from the database again first."""
        self.spent(day, keys)
        with self.writing:
            with session(self.engine) as s:
                said = readings.spent_on(s, day, keys)
            with self.counts:
                if self.day == day:
                    self.said.update({key: said.get(key, 0.0) for key in keys})
        return self._count(day, keys)

    def _count(self, day: str, keys: tuple[str, ...]) -> dict[str, float]:
        with self.counts:
            said = self.said if self.day == day else {}  # past midnight, a message counted on the day it began
            return {key: said.get(key, 0.0) + self.pending.get((day, key), 0.0) + self.writing_now.get((day, key), 0.0)
                    for key in keys}

    def add(self, day: str, keys: tuple[str, ...], seconds: float, at_once: bool = False) -> None:
        """Count `seconds` more for each key; written now if `at_once`, or if what waits is FLUSH_SECONDS old."""
        with self.counts:
            if not self.pending:
                self.oldest = time.monotonic()
            for key in keys:
                self.pending[(day, key)] = self.pending.get((day, key), 0.0) + seconds
            due = at_once or time.monotonic() - self.oldest >= FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        """Write what was counted and not written yet, in one transaction; each key's total is then the database's."""
        with self.writing:
            with self.counts:  # still counted while it is written (the database may keep it waiting)
                batch, self.pending = self.pending, {}
                self.writing_now = batch
            if not batch:
                return
            try:
                totals: dict[tuple[str, str], float] = {}
                with session(self.engine) as s:
                    relax_durability(s)  # a counter: lost on a power cut, the worst is one more message read
                    for day in sorted({d for d, _ in batch}):
                        added = readings.add_each(s, day, {k: v for (d, k), v in batch.items() if d == day})
                        totals.update({(day, key): total for key, total in added.items()})
                    s.commit()
            except BaseException:
                with self.counts:  # written next time (the database is out of reach: the poll stops anyway)
                    self.writing_now = {}
                    for where, seconds in batch.items():
                        self.pending[where] = self.pending.get(where, 0.0) + seconds
                    self.oldest = min(self.oldest, time.monotonic()) if self.pending else time.monotonic()
                raise
            with self.counts:
                self.said.update({key: total for (day, key), total in totals.items() if day == self.day})
                self.writing_now = {}


class MessageBudget:
    """One message's reading budgets, today."""

    def __init__(self, tally: Tally, settings: Settings, clock: Callable[[], datetime], keys: ReadingKeys,
                 sender: str):
        self.tally, self.keys, self.sender, self.caps = tally, keys, sender, caps(settings)
        self.day = clock().astimezone(settings.timezone).date().isoformat()
        self.margin = float(settings.limits.read_seconds)  # what one message's reading may take
        self.stored = stored_keys(settings, keys.all())

    def _spent(self, look_up: bool = False) -> dict[str, float]:
        stored = tuple(self.stored.values())
        counts = self.tally.look_up(self.day, stored) if look_up else self.tally.spent(self.day, stored)
        return {key: counts.get(self.stored[key], 0.0) for key in self.stored}

    def past(self) -> str:
        """Why its files are not read ("" : they are), by what this process counts as spent today."""
        return past_reading(self.keys, self._spent(), self.caps, self.sender)

    @contextmanager
    def held(self) -> Iterator[str]:
        """Hold the sender's and the domain's keys in this process; gives `past()` once they are held (near a cap,
        by the database)."""
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
                spent = self._spent()
                if near_cap(self.keys, spent, self.caps, self.margin):
                    spent = self._spent(look_up=True)
                yield past_reading(self.keys, spent, self.caps, self.sender)
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
        """Add what its reading took to each key's day: written at once near a cap."""
        seconds = max(0.0, seconds)
        after = {key: spent + seconds for key, spent in self._spent().items()}
        self.tally.add(self.day, tuple(self.stored.values()), seconds,
                       at_once=near_cap(self.keys, after, self.caps, self.margin))
