"""The mail a decision would send, built by the very code that will send it, then thrown away.

`decision()` queues the decision notice inside a transaction that is rolled
back: staff read exactly what the applicant would receive, and nothing is
recorded until they confirm.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.app import App
from intake.core.completeness import missing
from intake.core.statuses import GIVEN_UP
from intake.errors import IntakeError
from intake.pipeline.mailer import queue_case_mail
from intake.store import cases
from intake.store.database import session
from intake.web import mailview


@dataclass
class DecisionPreview:
    reference: str
    title: str
    before: str  # the case's status now
    missing: list[str]  # labels of required pieces still missing
    to_addr: str = ""
    from_addr: str = ""
    subject: str = ""
    text: str = ""
    already: str = ""  # the same notice was already sent (date)


def decision(app: App, ref: str, status: str, note: str, notify: bool) -> DecisionPreview:
    if notify and not (app.templates.directory / "decision" / status / "subject.j2").exists():
        raise IntakeError(f"aucun modèle de courriel pour cette décision (templates/decision/{status})")
    with session(app.engine) as s:
        case, _alias = cases.resolve(s, ref)
        if case is None:
            raise IntakeError(f"aucun dossier {ref}")
        file = cases.case_file(s, case)
        present = {p.kind for p in file.pieces if p.kind}
        preview = DecisionPreview(reference=case.reference, title=case.title, before=case.status,
                                  missing=[app.rules.label(k) for k in missing(present, app.rules.required)])
        if not notify:
            return preview
        earlier = [m for m in file.mails if m.kind == f"decision/{status}"
                   and m.status not in GIVEN_UP]
        if earlier:
            preview.already = earlier[-1].created_at.astimezone(app.settings.timezone).strftime("%d/%m/%Y")
        case.status = status
        row = queue_case_mail(app, s, case, f"decision/{status}", to_addr=case.applicant,
                              from_addr=case.reply_from, key="preview", now=app.clock(), note=note)
        view = mailview.sent(row.raw)
        preview.to_addr, preview.from_addr, preview.subject, preview.text = (row.to_addr, row.from_addr, row.subject,
                                                                             view.text)
        s.rollback()
    return preview
