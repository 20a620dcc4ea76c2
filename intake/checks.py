"""`intake rules check`: the rules and templates an admin edits, tried before use.

Templates are rendered with sample values; an acknowledgement must show the
case reference, the date of receipt and the service's contact block
(CRPA R112-11-1), in the text and in the HTML part.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from intake.adapters.templates import Templates
from intake.config import Service
from intake.core import mailcontent
from intake.errors import RulesError

SAMPLE_SERVICE = Service(name="Service Exemple", address="1 place Exemple, 62400 Béthune",
                         email="exemple@ville-bethune.fr", phone="03 21 00 00 00", hours="9 h - 12 h")


def sample_acknowledgement(status: str) -> dict:
    return mailcontent.acknowledgement(
        reference="BSC-2026-0001", status=status, received_at=datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc),
        tz=ZoneInfo("Europe/Paris"), applicant_name="Camille Exemple", subject="Candidature",
        pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        missing=[] if status == "complete" else ["courrier officiel adressé au Maire"],
        unresolved=["scan_0001.pdf"] if status == "review" else [], service=SAMPLE_SERVICE,
    )


def check_templates(templates: Templates) -> None:
    """Raise RulesError for the first template that fails to render or lacks a required mention."""
    for status in ("complete", "incomplete", "review"):
        context = sample_acknowledgement(status)
        subject, text, html = templates.render_mail("acknowledgement", context)
        for part, body in (("body.txt.j2", text), ("body.html.j2", html)):
            file = str(templates.directory / "acknowledgement" / part)
            required = {
                "the case reference ({{ reference }})": context["reference"],
                "the date of receipt ({{ received_at }})": context["received_at"],
                "the contact block ({% include \"_contact...\" %}: service email)": SAMPLE_SERVICE.email,
                "the contact block (service telephone)": SAMPLE_SERVICE.phone,
            }
            for what, value in required.items():
                if value not in body:
                    raise RulesError(file, None, f"the acknowledgement must show {what}; put it back")
        if not subject.strip():
            raise RulesError(str(templates.directory / "acknowledgement" / "subject.j2"), None, "the subject is empty")
