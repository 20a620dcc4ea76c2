"""Staff correct what the service read or recorded about a case: a field of the dossier, the date of receipt,
what staff must look at ("À voir"); and the way out for a case that is not an application.

Pure: the case as a value in (core/casework.py `CaseState`), effects out (core/effects.py). Every correction
leaves a line in the case's history saying what it was before, what it is now, and who changed it.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from intake.core import french, labels
from intake.core.casework import CaseState
from intake.core.effects import Effect, Event, SetAttention, SetFields, SetReceived
from intake.core.fields import one_line
from intake.core.masking import mask_addresses, mask_links
from intake.core.rules import Rules
from intake.core.statuses import DECISIONS
from intake.core.tomlcheck import did_you_mean
from intake.errors import IntakeError, UsageError

CLEAR = ("", "-", "aucun", "aucune")  # what staff type to empty a field


def edit_field(case: CaseState, key: str, typed: str, actor: str, rules: Rules) -> tuple[str, tuple[Effect, ...]]:
    """Staff set a field of the dossier (rules/fields.toml) by hand; no dossier read later replaces it.
    A choice field takes one of its choices (`multiple`: several, separated by ';'); "" or "-" empties it.
    Returns what the history says, and the effects. What staff typed is kept to one line, as values read from
    mail are: a line break typed in a field cannot print a line of its own in the CLI's output or an export."""
    typed, actor = one_line(typed), one_line(actor)
    by_key = {r.key: r for r in rules.fields}
    rule = by_key.get(key) or next((r for r in rules.fields if r.label.lower() == key.strip().lower()), None)
    if rule is None:
        raise UsageError(f"champ {key!r} inconnu : choisissez parmi "
                          + ", ".join(f"{r.key} ({r.label})" for r in rules.fields))
    value = "" if typed.lower() in CLEAR else rule.value_for(typed)
    if typed.lower() not in CLEAR and not value:
        several = " (plusieurs : séparez-les par « ; »)" if rule.multiple else ""
        parts = [p.strip() for p in typed.split(";") if p.strip()] if rule.multiple else [typed]
        wrong = next((p for p in parts if not rule.value_for(p)), typed)  # the one of several that is no choice
        close = did_you_mean(wrong, [v for v, _ in rule.choices])
        raise UsageError(f"{rule.label} : « {wrong} » n'est pas l'une des valeurs prévues"
                          f"{' (' + close + ')' if close else ''} ; choisissez parmi{several} : "
                          + " | ".join(v for v, _ in rule.choices))
    before = one_line(case.fields.get(rule.key, ""))  # stored before fields were kept to one line, it may not be
    if value == before and rule.key in case.staff_fields:
        raise IntakeError(f"{case.reference} : {rule.label} vaut déjà « {value or '(vide)'} »")
    detail = f"{rule.label} : « {before or '(vide)'} » -> « {value or '(vide)'} », corrigé par {actor}"
    return detail, (SetFields({rule.key: value}, retitle=rule.key == "titre", staff=True), Event("field", detail))


def received_date(case: CaseState, when: datetime, actor: str, note: str, now: datetime, tz: tzinfo
                  ) -> tuple[str, tuple[Effect, ...]]:
    """Staff correct the date the application was received (a forward carries the day it was forwarded,
    not the day the applicant wrote): every deadline that counts from it follows. The reference keeps
    its number. Returns what the history says, and the effects."""
    if when > now:
        raise UsageError(f"date de réception {french.date_time(when.astimezone(tz))} : elle est dans le futur")
    if when.astimezone(tz).year < 2000:
        raise UsageError(f"date de réception {when.astimezone(tz):%d/%m/%Y} : vérifiez l'année")
    if when == case.received_at:
        raise IntakeError(f"{case.reference} : la date de réception est déjà le "
                          f"{french.date_time(case.received_at.astimezone(tz))}")
    note, actor = one_line(note), one_line(actor)
    detail = (f"date de réception corrigée par {actor} : {french.date_time(case.received_at.astimezone(tz))} -> "
              f"{french.date_time(when.astimezone(tz))}" + (f" ({note})" if note else ""))
    return detail, (SetReceived(when), Event("received-date", detail))


def seen(case: CaseState, actor: str, note: str = "") -> tuple[str, tuple[Effect, ...]]:
    """Staff looked at what "À voir" said (a question answered, a link downloaded): it is cleared, and the
    history keeps what it said."""
    if not case.attention:
        raise IntakeError(f"{case.reference} : rien n'est « À voir » sur ce dossier")
    note, actor = one_line(note), one_line(actor)
    detail = f"« À voir » réglé par {actor} : {case.attention}" + (f" ({note})" if note else "")
    return detail, (SetAttention(""), Event("seen", detail))


def check_discard(case: CaseState, why: str) -> str:
    """A case that is not an application (a third party citing another case, a mail filed by mistake) may be
    discarded: deleted at once through the purge's path. A case that carries a decision is an application:
    its retention rule applies. Returns the reason, cleaned, its e-mail addresses masked: it goes to the purge log,
    which is kept with no time limit and which no erasure reaches (`intake person --erase` replaces an address in
    the case's texts, never there), so an address typed in it (« spam de x@exemple.fr ») would outlive everything
    else about that person; nor a telephone number or a web address (masked too)."""
    why = mask_links(mask_addresses(" ".join(why.split())))
    if case.status in DECISIONS:
        raise IntakeError(f"{case.reference} porte une décision ({labels.status(case.status)}) : c'est une "
                          "candidature, gardée selon rules/retention.toml ; « pas une candidature » ne s'applique "
                          "qu'à un dossier sans décision")
    if not why:
        raise UsageError("la raison est vide : écrivez-la, elle est écrite au journal des suppressions "
                          "(sans donnée personnelle : par exemple « message d'un tiers, pas une candidature »)")
    return why[:300]


def check_merge(keep_ref: str, keep_status: str, other_ref: str, other_status: str) -> None:
    """A case that carries a staff decision keeps its reference in a merge: the applicant was told of the decision
    under it. Said with the status in French and how to merge the other way, in the CLI as in the console."""
    if other_status in DECISIONS and keep_status not in DECISIONS:
        raise IntakeError(f"{other_ref} porte une décision ({labels.status(other_status)}) et {keep_ref} non : "
                          f"fusionnez dans l'autre sens, {keep_ref} dans {other_ref}, qui garde sa référence "
                          f"(intake case {other_ref} merge {keep_ref})")
