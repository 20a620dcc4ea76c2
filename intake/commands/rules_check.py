"""`intake rules check`: the rules and templates an admin edits, tried before use.

Every mail template is rendered with sample values. Every mail must show the
case reference and the service's contact block; acknowledgements the date of
receipt (CRPA R112-11-1); a mail about an incomplete case the missing pieces
and the deadline (L114-5). In the text and in the HTML part. The receipt
(templates/receipt) must show the reference, the date of receipt and each
file's name, size and SHA-256, and lay out as a PDF.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from intake.adapters.templates import Templates
from intake.config import Service
from intake.core import mailcontent
from intake.core.replies import ACKNOWLEDGEMENT, COMPLETION, MAIL_KINDS_TO_APPLICANT, REMINDER, UPDATE
from intake.core.statuses import COMPLETE, DECISIONS, INCOMPLETE, REVIEW
from intake.errors import RulesError

SAMPLE_SERVICE = Service(name="Service Exemple",
                         address="Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune",
                         email="exemple@ville-bethune.fr", phone="03 21 00 00 00", hours="9 h - 12 h")
MISSING = "courrier officiel adressé au Maire"


def sample(kind: str, status: str) -> dict:
    return mailcontent.case_mail(
        kind=kind, reference="BSC-2026-0001", status=status,
        received_at=datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc), tz=ZoneInfo("Europe/Paris"),
        applicant_name="Camille Exemple", subject="Candidature",
        pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        new_pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        missing=[] if status == COMPLETE else [MISSING],
        unresolved=["scan_0001.pdf"] if status == REVIEW else [], deadline=date(2026, 12, 2),
        reminder_number=1, service=SAMPLE_SERVICE)


def _statuses(kind: str) -> tuple[str, ...]:
    if kind.startswith("decision/"):
        return (kind.split("/")[1],)
    return {COMPLETION: (COMPLETE,), REMINDER: (INCOMPLETE,), UPDATE: (INCOMPLETE, REVIEW)}.get(
        kind, (COMPLETE, INCOMPLETE, REVIEW))


def check_digest(templates: Templates) -> None:
    from intake.core.digest import CaseLine, Health, Snapshot, build

    now = datetime(2026, 11, 2, 8, 30, tzinfo=timezone.utc)
    case = CaseLine(reference="BSC-2026-0001", status=INCOMPLETE, applicant="a@exemple.fr", title="Projet",
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


SAMPLE_FILES = (("dossier d'intention", "Dossier d'intention.pdf", 123_456,
                 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                ("documents complémentaires et visuels", "photo été.jpg", 2_048_000,
                 "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"))


def check_receipt(templates: Templates) -> None:
    """The receipt must show the reference, the date of receipt, and each file's name, size and SHA-256;
    and it must lay out as a PDF."""
    from intake.core.receipt import ReceivedFile, receipt_values
    from intake.pipeline.receipt_pdf import TEMPLATE, render

    when = datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc)
    files = [ReceivedFile(kind=k, filename=f, size=n, sha256=h, received_at=when) for k, f, n, h in SAMPLE_FILES]
    values = receipt_values(reference="BSC-2026-0001", received_at=when, issued_at=when, tz=ZoneInfo("Europe/Paris"),
                            applicant="camille@exemple.fr", applicant_name="Camille Exemple", title="Projet",
                            files=files, retention=[("dossier", "6 mois")], dpo="dpo@exemple.fr",
                            service=SAMPLE_SERVICE)
    text = templates.render(TEMPLATE, values)
    required = {"the case reference ({{ reference }})": values["reference"],
                "the date of receipt ({{ received_at }})": values["received_at"]}
    for f in values["files"]:
        required["each file's name ({% for f in files %} ... {{ f.filename }})"] = f["filename"]
        required["each file's size in bytes ({{ f.bytes }})"] = f["bytes"]
        required["each file's SHA-256 ({{ f.sha256 }})"] = f["sha256"]
    for what, value in required.items():
        if value not in text:
            raise RulesError(str(templates.directory / TEMPLATE), None, f"the receipt must show {what}; put it back")
    render(templates, values, values["reference"])


def check_templates(templates: Templates) -> None:
    """Raise RulesError for the first template that fails to render or lacks a required mention."""
    check_digest(templates)
    check_receipt(templates)
    for d in DECISIONS:
        if not (templates.directory / "decision" / d).is_dir():
            raise RulesError(str(templates.directory / "decision" / d), None,
                             f"the templates of the '{d}' decision mail are missing: restore the folder from the "
                             "project's templates/")
    decisions = [f"decision/{d}" for d in DECISIONS]
    for kind in MAIL_KINDS_TO_APPLICANT + tuple(decisions):
        for status in _statuses(kind):
            context = sample(kind, status)
            subject, text, html = templates.render_mail(kind, context)
            if not subject.strip():
                raise RulesError(str(templates.directory / kind / "subject.j2"), None, "the subject is empty")
            required = {"the case reference ({{ reference }})": context["reference"]}
            if kind in (ACKNOWLEDGEMENT, UPDATE):
                required["the date of receipt ({{ received_at }})"] = context["received_at"]
            if status == INCOMPLETE:
                required["the missing pieces ({% for m in missing %})"] = MISSING
                required["the deadline ({{ deadline }})"] = context["deadline"]
            for part, body, contact in (("body.txt.j2", text, "_contact.txt.j2"),
                                        ("body.html.j2", html, "_contact.html.j2")):
                block = f"the contact block ({{% include \"{contact}\" %}})"
                for what, value in {**required, f"{block}: service email": SAMPLE_SERVICE.email,
                                    f"{block}: service telephone": SAMPLE_SERVICE.phone}.items():
                    if value not in body:
                        raise RulesError(str(templates.directory / kind / part), None,
                                         f"this {kind} mail must show {what}; put it back")
