"""`intake rules check`: the rules and templates an admin edits, tried before use.

Every mail template is rendered with sample values. Every mail must show the
case reference and the service's contact block; acknowledgements the date of
receipt (CRPA R112-11-1); a mail about an incomplete case the missing pieces
and the deadline (L114-5). In the text and in the HTML part.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from intake.adapters.templates import Templates
from intake.config import Service
from intake.core import mailcontent
from intake.errors import RulesError

SAMPLE_SERVICE = Service(name="Service Exemple",
                         address="Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune",
                         email="exemple@ville-bethune.fr", phone="03 21 00 00 00", hours="9 h - 12 h")
MAIL_KINDS = ("acknowledgement", "update", "completion", "reminder")
DECISION_KINDS = ("admissible", "inadmissible", "labelled", "declined", "withdrawn")
MISSING = "courrier officiel adressé au Maire"


def sample(kind: str, status: str) -> dict:
    return mailcontent.case_mail(
        kind=kind, reference="BSC-2026-0001", status=status,
        received_at=datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc), tz=ZoneInfo("Europe/Paris"),
        applicant_name="Camille Exemple", subject="Candidature",
        pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        new_pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        missing=[] if status == "complete" else [MISSING],
        unresolved=["scan_0001.pdf"] if status == "review" else [], deadline=date(2026, 12, 2),
        reminder_number=1, service=SAMPLE_SERVICE)


def _statuses(kind: str) -> tuple[str, ...]:
    if kind.startswith("decision/"):
        return (kind.split("/")[1],)
    return {"completion": ("complete",), "reminder": ("incomplete",), "update": ("incomplete", "review")}.get(
        kind, ("complete", "incomplete", "review"))


def check_digest(templates: Templates) -> None:
    from intake.core.digest import CaseLine, Health, Snapshot, build

    now = datetime(2026, 11, 2, 8, 30, tzinfo=timezone.utc)
    case = CaseLine(reference="BSC-2026-0001", status="incomplete", applicant="a@exemple.fr", title="Projet",
                    received_at=now, missing=(MISSING,), attention="à voir")
    snaps = (Snapshot(now=now, previous_at=None, cases=()),
             Snapshot(now=now, previous_at=now, cases=(case,), new_cases=("BSC-2026-0001",),
                      quarantined=(("nb UID 1", "x", "illisible"),), mailboxes=(Health("nb", "n@x.fr", None),)))
    links = (lambda ref: "", lambda ref: f"https://console.exemple.fr/cases/{ref}")  # [web] base_url unset, set
    for snap, link in ((snap, link) for snap in snaps for link in links):
        context = build(snap, ZoneInfo("Europe/Paris"), link)
        context["service"] = {"name": SAMPLE_SERVICE.name}
        subject, text, html = templates.render_mail("digest", context)
        if snap.cases:
            for part, body in (("body.txt.j2", text), ("body.html.j2", html)):
                if "BSC-2026-0001" not in body:
                    raise RulesError(str(templates.directory / "digest" / part), None,
                                     "the digest must list the cases (their reference); put the tables back")


def check_templates(templates: Templates) -> None:
    """Raise RulesError for the first template that fails to render or lacks a required mention."""
    check_digest(templates)
    for d in DECISION_KINDS:
        if not (templates.directory / "decision" / d).is_dir():
            raise RulesError(str(templates.directory / "decision" / d), None,
                             f"the templates of the '{d}' decision mail are missing: restore the folder from the "
                             "project's templates/")
    decisions = [f"decision/{d}" for d in DECISION_KINDS]
    for kind in MAIL_KINDS + tuple(decisions):
        for status in _statuses(kind):
            context = sample(kind, status)
            subject, text, html = templates.render_mail(kind, context)
            if not subject.strip():
                raise RulesError(str(templates.directory / kind / "subject.j2"), None, "the subject is empty")
            required = {
                "the case reference ({{ reference }})": context["reference"],
                "the contact block ({% include \"_contact.txt.j2\" %}): service email": SAMPLE_SERVICE.email,
                "the contact block: service telephone": SAMPLE_SERVICE.phone,
            }
            if kind in ("acknowledgement", "update"):
                required["the date of receipt ({{ received_at }})"] = context["received_at"]
            if status == "incomplete":
                required["the missing pieces ({% for m in missing %})"] = MISSING
                required["the deadline ({{ deadline }})"] = context["deadline"]
            for part, body in (("body.txt.j2", text), ("body.html.j2", html)):
                for what, value in required.items():
                    if value not in body:
                        raise RulesError(str(templates.directory / kind / part), None,
                                         f"this {kind} mail must show {what}; put it back")
