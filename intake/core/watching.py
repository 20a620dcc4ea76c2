"""How a folder's IMAP watch (IDLE) is doing, in words for staff and the admin. Pure."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from intake.core import french

IDLE = "idle"  # an IDLE command is open: new mail is seen within a second
NOOP = "noop"  # the server has no IDLE: a NOOP every few seconds instead
RECONNECTING = "reconnecting"  # the connection dropped: trying again with backoff
ERROR = "error"  # cannot connect or log in (the detail says why): trying again, slowly
STOPPED = "stopped"  # the worker stopped cleanly

# The watcher signs of life at least at each IDLE renewal (25 min): older than this, no worker watches.
STALE = timedelta(minutes=35)


def describe(state: str, detail: str, since: datetime | None, seen_at: datetime | None, now: datetime,
             tz: ZoneInfo) -> str:
    """One French phrase, or "" when no worker ever watched this folder (polling only)."""
    if not state:
        return ""

    def when(d: datetime | None) -> str:
        return french.date_time(d.astimezone(tz)) if d else "?"

    if state == STOPPED:
        return f"veille arrêtée le {when(since)} (worker arrêté)"
    if seen_at is None or now - seen_at > STALE:
        return f"veille : aucun worker actif depuis le {when(seen_at)}"
    if state == IDLE:
        return f"veille IDLE active depuis le {when(since)}"
    if state == NOOP:
        return f"veille par NOOP ({detail}) depuis le {when(since)} : le serveur ne propose pas IDLE"
    if state == RECONNECTING:
        return f"veille interrompue le {when(since)} ({detail}) : reconnexion en cours"
    return f"veille impossible depuis le {when(since)} : {detail}"


def backoff(failures: int, first: float = 1.0, ceiling: float = 300.0) -> float:
    """Seconds to wait before reconnecting after `failures` failures in a row: 1, 2, 4 ... 300."""
    return float(min(ceiling, first * 2 ** max(0, failures - 1)))
