"""The values the mail templates are rendered with (pure; no Jinja here).

Templates see plain strings and lists, already written in French, so an admin
editing them needs no filters and no Python.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from zoneinfo import ZoneInfo

from intake.core import french


def acknowledgement(
    *,
    reference: str,
    status: str,
    received_at: datetime,
    tz: ZoneInfo,
    applicant_name: str,
    subject: str,
    pieces: list[tuple[str, str, int]],  # (kind label, file name, size)
    missing: list[str],  # labels of the required kinds absent
    unresolved: list[str],  # file names of documents to check by hand
    service,
) -> dict:
    local = received_at.astimezone(tz)
    return {
        "reference": reference,
        "status": status,
        "complete": status == "complete",
        "review": status == "review",
        "received_at": french.date_time(local),
        "received_date": french.long_date(local.date()),
        "applicant_name": applicant_name,
        "original_subject": subject,
        "pieces": [{"kind": k, "filename": f, "size": french.size(n)} for k, f, n in pieces],
        "missing": list(missing),
        "unresolved": list(unresolved),
        "service": asdict(service),
    }
