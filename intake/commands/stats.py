"""`intake stats`: applications per year, by status, category and theme, deleted cases included.

A case deleted by the retention rules or on request leaves a statistics line (`casestat`): the
counts of past years stay true after the purge. A case staff discarded as not an application
(`intake case REF discard`) is not an application: it is counted apart (`discarded`).
"""

from __future__ import annotations

from collections import Counter

from intake.app import App
from intake.core.fields import derive
from intake.core.retention import MERGED, NOT_AN_APPLICATION, stat_fields
from intake.store import cases
from intake.store.database import session


def statistics(app: App) -> list[dict]:
    """One object per year of receipt: cases, by_status, deleted, discarded, by_category, by_theme."""
    with session(app.engine) as s:
        live, gone = cases.statistic_lines(s)
    rules = app.rules.fields
    lines = [(c.year, c.status, stat_fields(derive(c.fields or {}, rules), rules), False) for c in live]
    lines += [(g.year, g.status, {"categorie": g.category, "theme": g.theme}, True) for g in gone
              if g.status != MERGED and g.rule != NOT_AN_APPLICATION]
    discarded = Counter(g.year for g in gone if g.rule == NOT_AN_APPLICATION)
    out = []
    for year in sorted({line[0] for line in lines} | set(discarded)):
        mine = [line for line in lines if line[0] == year]
        out.append({
            "year": year,
            "cases": len(mine),
            "discarded": discarded.get(year, 0),
            "by_status": dict(sorted(Counter(status for _, status, _, _ in mine).items())),
            "deleted": sum(1 for line in mine if line[3]),
            "by_category": dict(sorted(Counter(f.get("categorie") or "non renseignée" for _, _, f, _ in mine).items())),
            "by_theme": dict(sorted(Counter(f.get("theme") or "non renseigné" for _, _, f, _ in mine).items())),
        })
    return out
