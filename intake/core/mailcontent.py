"""The values the mail templates are rendered with (pure; no Jinja here).

Templates see plain strings and lists, already written in French, so an admin
editing them needs no filters and no Python. Every mail about a case gets
the same variables (listed at the top of each template). What the sender wrote
(file names, subject, the dossier's fields) comes with its links, addresses and
telephone numbers masked (core/masking.py): the recipient may not be the sender.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from intake.core import french
from intake.core.masking import mask_filename, mask_links
from intake.core.retention import add_months
from intake.core.statuses import COMPLETE, REVIEW
from intake.core.template_fields import DossierFields

IMPLICIT_DECISION_MONTHS = 2  # CRPA L231-1 and L231-4: an administration's silence for two months is a decision

_NAME = re.compile(r"[^\W\d_]+(?:[ '’.-]{1,2}[^\W\d_]+){0,5}\.?")
_NAME_END = re.compile(r"[,;:/|()\[\]<>\n\t]| [-–] |\d|\S+@|https?:|www\.", re.IGNORECASE)


def greeting_name(fields: Mapping[str, Any] | None) -> str:
    """The contact's name as the dossier gives it (field `contact`), for "Bonjour Jeanne Martin,"; "" when
    there is none that looks like a name. Never the display name of a mail: anyone can write anything there."""
    value = str((fields or {}).get("contact", "")).strip()
    if re.search(r"https?:|www\.|@", value, re.IGNORECASE):
        return ""
    candidate = _NAME_END.split(value, 1)[0].strip(" .-")
    words = re.split(r"[ '’]+", candidate)
    capitalised = all(w[:1].isupper() or w.lower() in _PARTICLES for w in words if w)
    if not (2 <= len(candidate) <= 60 and len(words) <= 5 and capitalised and _NAME.fullmatch(candidate)):
        return ""
    # a domain name reads as capitalised words too (« Amendes-Bethune.Fr »): the greeting carried it unmasked at the
    # top of our mail, where mail programs make a link of it (attack14)
    if mask_links(candidate) != candidate:
        return ""
    # a title is written in full where the person is addressed: « Bonjour Madame Élodie Vasseur », not « Mme »
    title, _, rest = candidate.partition(" ")
    full = _TITLES.get(title.rstrip(".").lower())
    if full:
        return f"{full} {rest.strip()}" if rest.strip() else ""  # a title alone is nobody's name
    return candidate


_PARTICLES = {"de", "du", "des", "la", "le", "d", "van", "von", "da", "di", "mme", "m"}
_TITLES = {"mme": "Madame", "m": "Monsieur", "mlle": "Mademoiselle", "melle": "Mademoiselle", "mr": "Monsieur"}


@dataclass(frozen=True)
class Wanted:
    """A required piece still missing, as rules/pieces.toml describes its kind."""

    label: str  # French
    plural: bool = False  # the label is a plural noun (« documents complémentaires et visuels »)
    form_url: str = ""  # where to download its blank form ("" : none)


class Missing(str):
    """A missing piece in the templates: prints as its French label; `.url` is where to download its blank
    form ("" : none), `.plural` whether the label is a plural noun."""

    url: str = ""
    plural: bool = False

    def __new__(cls, wanted: Wanted | str) -> Missing:
        w = wanted if isinstance(wanted, Wanted) else Wanted(str(wanted))
        item = super().__new__(cls, w.label)
        item.url, item.plural = w.form_url, w.plural
        return item


def implicit_decision_day(complete_day: date) -> date:
    """The day a complete request is deemed accepted or rejected without an express decision (R112-11-1 3°)."""
    return add_months(datetime.combine(complete_day, time()), IMPLICIT_DECISION_MONTHS).date()


def case_mail(
    *,
    kind: str,  # acknowledgement | update | completion | reminder
    reference: str,
    status: str,
    received_at: datetime,
    tz: ZoneInfo,
    applicant_name: str,
    subject: str,
    pieces: Sequence[tuple[str, str, int | None]],  # every file on the case: (kind label, file name, size or None)
    new_pieces: Sequence[tuple[str, str, int | None]] = (),  # those this message brought
    missing: Sequence[Wanted | str] = (),  # the required kinds absent (a plain string: a singular label)
    typed: Sequence[Wanted | str] = (),  # those of `missing` the applicant's mail reads as, typed in its text
    unresolved: Sequence[str] = (),  # file names of documents to check by hand
    archives: Sequence[str] = (),  # those of `unresolved` that are archives not opened here (unopened_archives)
    small: Mapping[str, str] | None = None,  # those of `unresolved` too small for a rule: file name -> why, in French
    set_aside: Sequence[str] = (),  # file names the applicant sent that are never pieces (macros)
    included: Sequence[tuple[Wanted | str, str, bool]] = (),  # (piece, file name, a link?): a required piece a
    #               file appears to hold besides its own, or a link shown under its name, that staff verify: not asked
    #               for; a link's name is the one the mail showed it under ("" : none)
    deadline: date | None = None,
    complete_since: datetime | None = None,  # when the case became complete (the latest time it did)
    reminder_number: int = 0,
    last_reminder: bool = False,
    fields: Mapping[str, Any] | None = None,
    note: str = "",
    service: Any,  # config.Service: the contact block
) -> dict[str, Any]:
    local = received_at.astimezone(tz)
    wanted = [Missing(m) for m in missing]
    complete_day = complete_since.astimezone(tz).date() if complete_since and status == COMPLETE else None

    def files(items: Sequence[tuple[str, str, int | None]]) -> list[dict[str, str]]:
        return [{"kind": k, "filename": mask_filename(f), "size": "lien à télécharger" if n is None else french.size(n)}
                for k, f, n in items]

    return {
        "kind": kind,
        "reference": reference,
        "status": status,
        "complete": status == COMPLETE,
        "review": status == REVIEW,
        "received_at": french.date_time(local),
        "received_date": french.long_date(local.date()),
        "applicant_name": applicant_name,
        "original_subject": mask_links(subject),  # the sender's words: no link of theirs in our mail
        "pieces": files(pieces),
        "new_pieces": files(new_pieces),
        "missing": wanted,
        "missing_plural": len(wanted) > 1 or any(m.plural for m in wanted),
        "typed_in_mail": [Missing(m) for m in typed],
        # a file too small for its rule says its size and the size expected (core/classify.py `too_small_said`)
        "unresolved": [f"{mask_filename(f)} ({small[f]} ; vous pouvez nous l'envoyer dans sa taille d'origine)"
                       if small and f in small else mask_filename(f) for f in unresolved],
        "unopened_archives": [mask_filename(f) for f in archives],
        # the others: files staff identify by hand, which may be the pieces still asked for
        "to_check": [mask_filename(f) for f in unresolved if f not in archives],
        "set_aside": [mask_filename(f) for f in set_aside],
        # a link's shown name is masked whole: a Google Docs title has no extension, and « … sur bethune-paiement.fr »
        # kept « .fr » as one (mask_filename), the address in our mail
        "included": [{"kind": m, "plural": m.plural, "filename": mask_links(f) if link else mask_filename(f),
                      "link": link}
                     for m, f, link in ((Missing(k), f, link) for k, f, link in included)],
        "deadline": french.long_date(deadline) if deadline else "",
        "complete_date": french.long_date(complete_day) if complete_day else "",
        "implicit_decision_date": french.long_date(implicit_decision_day(complete_day)) if complete_day else "",
        "reminder_number": reminder_number,
        "last_reminder": last_reminder,
        # a field the dossier did not give is empty, as applicant_name is (the check wants an {% if %} around it)
        "fields": DossierFields({k: mask_links(str(v)) for k, v in (fields or {}).items()}),
        "note": note,
        "service": asdict(service),
    }
