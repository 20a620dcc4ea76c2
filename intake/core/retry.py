"""When to try sending a mail again after a temporary failure."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_ATTEMPTS = 12  # about two days of retries with the schedule below
LONGEST_WAIT = timedelta(hours=6)


def next_attempt(now: datetime, attempts: int) -> datetime | None:
    """After `attempts` failed tries: 1, 2, 4, ... minutes, at most 6 hours; None = give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def latest_wait(now: datetime) -> datetime:
    """The latest next try a mail may wait for at `now`. One set later than this was set by a clock that has since
    gone back (a server's clock corrected backwards, a restored snapshot): it is due now, not after the jump."""
    return now + LONGEST_WAIT
