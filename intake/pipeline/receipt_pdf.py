"""The receipt (récépissé) attached to the acknowledgement: built from the case's own rows, laid out as a PDF.

Its text is the admin's templates/receipt/body.txt.j2 (values: core/receipt.py); `intake rules
check` refuses a template that drops the reference, the date of receipt or a file's hash. Each file
listed is a piece row of the case: the name, size and SHA-256 are those of the stored file.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from intake.adapters.pdf import text_pdf
from intake.app import App
from intake.core.completeness import file_label
from intake.core.mailcontent import greeting_name
from intake.core.receipt import ReceivedFile, receipt_values
from intake.store import applicants, ledger
from intake.store.tables import Case, Piece

TEMPLATE = "receipt/body.txt.j2"


def filename(reference: str) -> str:
    return f"recepisse-{reference}.pdf"


def receipt_pdf(app: App, s: Session, case: Case, now: datetime, held: list[Piece]) -> bytes:
    """`held`: the case's pieces (pipeline/mailer.py has just read them)."""
    arrivals = ledger.arrivals(s, case.id)
    def arrived(p) -> datetime:
        """When the file arrived: its message's arrival; a file staff added by hand, the day they gave (a letter posted
        to the mayor); a file filed with a paper case, the letter's date."""
        if p.arrived_at is not None:
            return p.arrived_at
        if p.inbound_id in arrivals:
            return arrivals[p.inbound_id]
        return case.received_at if p.inbound_id is None and p.created_at == case.created_at else p.created_at

    files = [ReceivedFile(kind=file_label(p.kind, p.manual, p.also, app.rules.label), filename=p.filename,
                          size=p.size, sha256=p.sha256, received_at=arrived(p), link=p.detected_type == "link")
             for p in held if p.kind or not p.manual]
    retention = app.rules.retention
    kept = retention.for_applicant() if retention else []
    # an address we never heard from before this case may not be the sender's (a forged From): its receipt
    # does not repeat the title the sender chose
    title = case.title if applicants.applied_before(s, case.applicant, case.id) else ""
    values = receipt_values(reference=case.reference, received_at=case.received_at, issued_at=now,
                            tz=app.settings.timezone, applicant=case.applicant,
                            applicant_name=greeting_name(case.fields),  # never a mail's display name
                            title=title, files=files, retention=kept, dpo=app.settings.privacy.dpo,
                            service=app.settings.service)
    return render(app.templates, values, case.reference)


def render(templates, values: dict, reference: str) -> bytes:
    return text_pdf(templates.render(TEMPLATE, values), f"Récépissé {reference}")
