"""The values the receipt template (templates/receipt/body.txt.j2) is rendered with. Pure.

The receipt is what Démarches Simplifiées gives applicants: the reference, the date and time of
receipt, and each file received with its name, size and SHA-256 (so that anyone can later prove
which file arrived), plus how long the case is kept and whom to ask about one's data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from intake.core import french
from intake.core.masking import mask_filename, mask_links


@dataclass(frozen=True)
class ReceivedFile:
    kind: str  # French label, or "document à vérifier"
    filename: str
    size: int
    sha256: str
    received_at: datetime
    link: bool = False  # a download link (WeTransfer...), not a file: no size, no hash


def grouped(n: int) -> str:
    """12345678 -> "12 345 678" (a French thousands separator, a no-break space)."""
    return f"{n:,}".replace(",", "\u00a0")


def receipt_values(*, reference: str, received_at: datetime, issued_at: datetime, tz: ZoneInfo, applicant: str,
                   applicant_name: str, title: str, files: list[ReceivedFile], retention: list[tuple[str, str]],
                   dpo: str, service: Any) -> dict[str, Any]:
    """`service`: config.Service, the contact block. File names and the title are the sender's words: their
    links, addresses and telephone numbers are masked (core/masking.py); the file's SHA-256 identifies it."""
    def one(f: ReceivedFile) -> dict[str, str]:
        return {"kind": f.kind, "filename": mask_filename(f.filename), "size": french.size(f.size),
                "bytes": grouped(f.size), "sha256": f.sha256,
                "received_at": french.date_time(f.received_at.astimezone(tz))}

    return {
        "reference": reference,
        "received_at": french.date_time(received_at.astimezone(tz)),
        "issued_at": french.date_time(issued_at.astimezone(tz)),
        "applicant": applicant,
        "applicant_name": applicant_name,
        "title": mask_links(title),
        "files": [one(f) for f in files if not f.link],
        "links": [one(f) for f in files if f.link],
        "retention": [{"what": what, "how_long": how_long} for what, how_long in retention],
        "dpo": dpo or service.email,
        "service": asdict(service),
    }
