"""Pages: the console's own Jinja2 templates (not the admin's mail templates), always autoescaped.

Whatever an applicant wrote (a subject, a name, a dossier field) reaches the
page as text: autoescaping is on for every page (.html) and nothing is marked
safe. Only the text part of the sign-in mail (.txt) is not escaped. And every value
a page shows loses the characters a reader cannot see (`_seen`).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup
from starlette.responses import HTMLResponse

from intake.core import french, labels
from intake.core.labels import DECISION_LABELS, STATUS_LABELS
from intake.core.text import shown

TEMPLATES = Path(__file__).resolve().parent / "templates"

def _seen(value):
    """A value as a page shows it: without the control and format characters a reader cannot see (core/text.py
    `shown`; line breaks and tabs kept). What the pipeline stores is cleaned so (headers, dossier fields, a forward's
    sender line), but not what was stored before each cleaning, nor every text a sender chose: a title « SECR » U+202E
    « 1000-6202-CSB » showed another case's reference, « BSC-2026-0001 », in the console."""
    if not isinstance(value, str) or (value.isascii() and value.isprintable()):
        return value
    cleaned = "".join(c for c in value if c.isspace() or shown(c))
    return Markup(cleaned) if isinstance(value, Markup) else cleaned


_BY_ADDRESS = re.compile(r"\bpar ([^\s@]+@[^\s,;()]+[^\s,;().])")


class Pages:
    def __init__(self, tz, root_path: str, staff_names: dict[str, str] | None = None,
                 mailboxes: dict[str, str] | None = None, clock=None):
        self.tz = tz
        self.clock = clock or (lambda: datetime.now(timezone.utc))  # the app's: this year is said in no date
        self.root_path = root_path
        self.mailboxes = dict(mailboxes or {})  # a mailbox's name in config.toml -> its address
        self.staff_names = {email.lower(): name for email, name in (staff_names or {}).items() if name}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),  # .txt: mail text
            undefined=jinja2.StrictUndefined,
            finalize=_seen,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(url=self.url, status_label=labels.status, fate_label=labels.fate,
                                outbox_label=labels.mail_status, mail_label=labels.mail, event_label=labels.event,
                                event_detail=lambda kind, text: self.boxes(labels.detail(kind, text)),
                                reason_label=lambda text: self.staff_by_name(self.boxes(labels.reason(text))),
                                send_error=labels.send_error, header_label=labels.header,
                                header_value=labels.header_value,
                                decision_labels=DECISION_LABELS, status_labels=STATUS_LABELS, accord=french.agree,
                                actor=self.actor, mailbox=self.mailbox)
        self.env.filters.update(when=self.when, size=lambda n: french.size(n or 0),
                                long=self.long, short=self.short)

    def url(self, path: str, **query) -> str:
        """A link inside the console (under the proxy's path); empty query values are left out."""
        query = {k: v for k, v in query.items() if v not in (None, "", False)}
        return self.root_path + path + ("?" + urlencode(query) if query else "")

    def mailbox(self, name: str, folder: str = "INBOX") -> str:
        """A watched mailbox as staff know it, by its address (`nb` is the name config.toml gives it), and the
        folder unless it is the inbox (« INBOX », IMAP's name for it, is no French)."""
        where = self.mailboxes.get(name, name)
        return where if folder.upper() == "INBOX" else f"{where}, répertoire « {folder} »"

    def boxes(self, text: str) -> str:
        """Stored wording that names a mailbox by config.toml's name (« reçue dans la boîte nb (n° 2 sur le
        serveur) »), as staff know it, by its address; only « boîte NAME » is replaced, for a configured NAME."""
        for name, address in self.mailboxes.items():
            if f"boîte {name}" in text:
                text = re.sub(rf"\bboîte {re.escape(name)}(?![\w@.-])", f"boîte {address}".replace("\\", r"\\"),
                              text)
        return text

    def staff_by_name(self, text: str) -> str:
        """Stored wording that names a staff member by address (« décision enregistrée par n.bataillon@… », the
        status's reason of a decision recorded without a motif), by their name as the history does."""
        return _BY_ADDRESS.sub(lambda m: "par " + self.staff_names.get(m.group(1).lower(), m.group(1)), text)

    def actor(self, who: str) -> str:
        """Who did something on a case, as colleagues know each other: the name [[staff]] gives a staff address
        (the console's sign-in records the address), « automatique » for the service's own work, else as
        recorded (a name given with --by)."""
        if who == "intake":
            return "automatique"
        return self.staff_names.get(who.lower(), who)

    def when(self, value: datetime | None) -> str:
        """A time as staff type one in a form (`intake/commands/postal.py` `parse_received` reads it back)."""
        return value.astimezone(self.tz).strftime("%d/%m/%Y %H:%M") if value else "—"

    def short(self, value: datetime | None) -> str:
        """A time in a table, compact and French: « 2 déc. 9 h 05 » (core/french.py `short_date_time`)."""
        if not value:
            return "—"
        return french.short_date_time(value.astimezone(self.tz), self.clock().astimezone(self.tz).year)

    def long(self, value: datetime | None) -> str:
        return french.date_time(value.astimezone(self.tz)) if value else "—"

    def render(self, name: str, context: dict) -> str:
        return self.env.get_template(name).render(**context)

    def response(self, name: str, context: dict, status: int = 200, headers: dict | None = None) -> HTMLResponse:
        return HTMLResponse(self.render(name, context), status_code=status, headers=headers)
