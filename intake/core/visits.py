"""« Nouveau depuis ma dernière visite »: when a staff member's visit to the console starts, and which cases
changed since their previous one.

A visit is a run of requests with no gap as long as the console's idle time (`[web] idle_minutes`, the time a
session lasts unused): the first request after such a gap starts a new visit, and the previous visit's last
request becomes the mark. A case is « nouveau » for a staff member when, after that mark, someone other than them
(an applicant's mail filed by the service, a colleague, the service itself) opened it, filed a message or a piece
on it, changed a piece's kind, or changed its status (a decision included). Their own actions never mark a case.

Pure: the clock, the idle time and the history lines are arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# the history lines (CaseEvent.kind) that make a case « nouveau », and how the badge's detail says them
NEWS: dict[str, str] = {
    "received": "dossier reçu",
    "message": "message reçu",
    "piece": "pièce ajoutée ou corrigée",
    "status": "statut changé",
    "decision": "décision enregistrée",
}
_ORDER = list(NEWS)
WRITE_EVERY = timedelta(minutes=1)  # the last activity is written at most this often (as the session's)


@dataclass(frozen=True)
class Visit:
    """What is kept per staff member: the mark (the last activity of their previous visit; None before their
    second visit), when the current visit started, and its last activity."""

    mark: datetime | None
    started_at: datetime
    last_seen_at: datetime


def visit_at(kept: Visit | None, now: datetime, idle: timedelta) -> Visit:
    """The visit after a request at `now`: the same one, its last activity moved on; or a new one when the last
    activity is `idle` old or older (the previous visit's last activity becomes the mark)."""
    if kept is None:
        return Visit(None, now, now)
    if now - kept.last_seen_at >= idle:
        return Visit(kept.last_seen_at, now, now)
    return Visit(kept.mark, kept.started_at, max(now, kept.last_seen_at))


def worth_writing(kept: Visit | None, new: Visit) -> bool:
    """Whether the new visit must be written: a new visit always, a moved last activity once a minute."""
    return (kept is None or kept.started_at != new.started_at or kept.mark != new.mark
            or new.last_seen_at - kept.last_seen_at >= WRITE_EVERY)


def is_news(kind: str, actor: str, at: datetime, mark: datetime | None, me: str) -> bool:
    """Whether a history line makes its case « nouveau » for `me` (their address, as the console signs actions)."""
    return mark is not None and at > mark and kind in NEWS and actor.lower() != me.lower()


def badge_detail(kinds: set[str]) -> str:
    """What changed, in words, for the badge's detail: « message reçu, statut changé ». A case received since
    says so alone (its pieces and first status came with it)."""
    if "received" in kinds:
        kinds = {"received"}
    return ", ".join(NEWS[k] for k in _ORDER if k in kinds)
