"""When to try sending a mail again after a temporary failure."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_ATTEMPTS = 12  # about two days of retries with the schedule below


def next_attempt(now: datetime, attempts: int) -> datetime | None:
    """After `attempts` failed tries: 1, 2, 4, ... minutes, at most 6 hours; None = give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))
