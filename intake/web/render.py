"""Pages: the console's own Jinja2 templates (not the admin's mail templates), always autoescaped.

Whatever an applicant wrote (a subject, a name, a dossier field) reaches the
page as text: autoescaping is on for every page (.html) and nothing is marked
safe. Only the text part of the sign-in mail (.txt) is not escaped.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from starlette.responses import HTMLResponse

from intake.core import french
from intake.core.replies import mail_label
from intake.core.statuses import (
    ADMISSIBLE,
    CANCELLED,
    COMPLETE,
    DECLINED,
    DUPLICATE,
    FAILED,
    FILED,
    HANDLED,
    HELD,
    IGNORED,
    INADMISSIBLE,
    INCOMPLETE,
    LABELLED,
    PENDING,
    QUARANTINED,
    REVIEW,
    SENDING,
    SENT,
    UNCERTAIN,
    WITHDRAWN,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"

STATUS_LABELS: dict[str, str] = {
    INCOMPLETE: "incomplet", COMPLETE: "complet", REVIEW: "à vérifier", ADMISSIBLE: "recevable",
    INADMISSIBLE: "irrecevable", LABELLED: "labellisé", DECLINED: "refusé", WITHDRAWN: "retiré",
}
DECISION_LABELS: dict[str, str] = {
    ADMISSIBLE: "recevable (examen par le jury)", INADMISSIBLE: "irrecevable", LABELLED: "labellisé",
    DECLINED: "non labellisé (refusé)", WITHDRAWN: "retiré par le demandeur",
    REVIEW: "à revoir (retour en vérification)",
}
FATE_LABELS: dict[str, str] = {FILED: "classé", IGNORED: "ignoré", DUPLICATE: "copie", QUARANTINED: "en quarantaine"}
OUTBOX_LABELS: dict[str, str] = {PENDING: "en attente", SENDING: "en cours d'envoi", SENT: "envoyé", FAILED: "en échec",
                 UNCERTAIN: "incertain (interrompu)", CANCELLED: "annulé", HANDLED: "traité par le service",
                 HELD: "retenu (courriel déjà ancien)"}

EVENT_LABELS = {  # the case history's kinds of event, as staff read them (unknown kinds are shown as they are)
    "received": "réception", "message": "message", "copy": "copie", "status": "statut", "piece": "pièce",
    "piece-again": "pièce déjà reçue", "skipped": "écarté", "fields": "champs lus", "attention": "à voir",
    "automatic": "réponse automatique", "bounce": "non-remise", "bounce-linked": "non-remise",
    "mail-queued": "courriel prêt", "mail-sent": "courriel envoyé", "mail-pending": "envoi à réessayer",
    "mail-failed": "envoi en échec", "mail-cancelled": "envoi annulé", "send-uncertain": "envoi incertain",
    "no-mail": "pas de courriel", "decision": "décision", "correction": "correction", "reminder": "relance",
    "note": "note", "merge": "fusion", "merged": "fusion", "message-moved": "message déplacé",
    "mail-resend": "renvoi demandé", "mail-held": "courriel retenu", "mail-handled": "envoi traité à la main",
    "retry": "nouvel essai",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


class Pages:
    def __init__(self, tz, root_path: str):
        self.tz = tz
        self.root_path = root_path
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),  # .txt: mail text
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(url=self.url, status_label=status_label, fate_label=lambda f: FATE_LABELS.get(f, f),
                                outbox_label=lambda s: OUTBOX_LABELS.get(s, s), mail_label=mail_label,
                                event_label=lambda k: EVENT_LABELS.get(k, k),
                                decision_labels=DECISION_LABELS, status_labels=STATUS_LABELS)
        self.env.filters.update(when=self.when, day=self.day, size=lambda n: french.size(n or 0),
                                long=self.long)

    def url(self, path: str, **query) -> str:
        """A link inside the console (under the proxy's path); empty query values are left out."""
        query = {k: v for k, v in query.items() if v not in (None, "", False)}
        return self.root_path + path + ("?" + urlencode(query) if query else "")

    def when(self, value: datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%d/%m/%Y %H:%M") if value else "—"

    def day(self, value: datetime | None) -> str:
        return value.astimezone(self.tz).strftime("%d/%m/%Y") if value else "—"

    def long(self, value: datetime | None) -> str:
        return french.date_time(value.astimezone(self.tz)) if value else "—"

    def render(self, name: str, context: dict) -> str:
        return self.env.get_template(name).render(**context)

    def response(self, name: str, context: dict, status: int = 200, headers: dict | None = None) -> HTMLResponse:
        return HTMLResponse(self.render(name, context), status_code=status, headers=headers)
