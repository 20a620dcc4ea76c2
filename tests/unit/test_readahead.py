"""Read-ahead (pipeline/readahead.py): messages come back in order, and what the readings hold besides the raw
messages (the files archives give) stays within the budget, the oldest message always going on."""

from __future__ import annotations

import threading
import time

from intake.pipeline.readahead import Ahead


class Readings:
    """Each item is (name, bytes its reading comes to hold); records the most the readings held at once."""

    def __init__(self) -> None:
        self.most = 0
        self.ahead: Ahead | None = None

    def read(self, item, hold):
        name, extra = item
        hold(extra)
        assert self.ahead is not None
        with self.ahead.room:  # what every reading holds now, as the read-ahead counts it
            self.most = max(self.most, sum(self.ahead.held.values()))
        time.sleep(0.05)
        return name


def run(items, window: int, max_bytes: int) -> tuple[list[str], Readings]:
    r = Readings()
    out = []
    with Ahead(r.read, window=window, max_bytes=max_bytes, size=lambda item: 1) as ahead:
        r.ahead = ahead
        for item in items:
            out += [name for _, name in (*ahead.add(item), *ahead.ready())]
        out += [name for _, name in ahead.drain()]
    return out, r


def test_messages_come_back_in_order():
    items = [(f"m{i}", 0) for i in range(50)]
    out, _ = run(items, window=8, max_bytes=1000)
    assert out == [name for name, _ in items]


def test_what_readings_hold_stays_within_the_budget_and_the_oldest_always_goes_on():
    # each message's archives give 40 units, and the budget is 45: one reading within it, and the oldest
    # message, which never waits (the poller waits for it): never more than two at once
    items = [(f"m{i}", 40) for i in range(12)]
    out, r = run(items, window=8, max_bytes=45)
    assert out == [name for name, _ in items]
    assert r.most <= 80
    out, r = run(items, window=8, max_bytes=1000)  # room for all: they are read side by side
    assert out == [name for name, _ in items] and r.most >= 120


def test_a_reading_that_raises_gives_its_room_back():
    def read(item, hold):
        hold(40)
        if item == "bad":
            raise ValueError("unreadable")
        return item

    got = []
    with Ahead(read, window=4, max_bytes=45, size=lambda item: 1) as ahead:
        for item in ["a", "bad", "b", "c"]:
            try:
                got += [name for _, name in (*ahead.add(item), *ahead.ready())]
            except ValueError:
                got.append("raised")
        try:
            got += [name for _, name in ahead.drain()]
        except ValueError:
            got.append("raised")
            got += [name for _, name in ahead.drain()]
    assert got == ["a", "raised", "b", "c"]
    assert ahead.bytes == 0


def test_leaving_early_never_leaves_a_reading_waiting_for_room():
    started = threading.Event()

    def read(item, hold):
        started.set()
        hold(100)
        return item

    with Ahead(read, window=4, max_bytes=150, size=lambda item: 1) as ahead:
        for item in ["a", "b", "c"]:
            list(ahead.add(item))
        started.wait(5)
    # leaving the block (as a broken connection does) woke the readings waiting for room: nothing hangs
