"""The policy for a staff decision: what must be true before it is recorded, and what it does.

Pure: the case as a value in (core/casework.py `CaseState`), effects out (core/effects.py).

Guards, each with the way past it when staff mean it:
- a case accepted (admissible, labelled) while required pieces are missing: refused unless staff confirm
  it (`confirm_missing`: `--despite-missing` on the command line, a checkbox in the console);
- a refusal (declined, inadmissible) without a motif: refused (the motif goes into the notice);
- "À voir" (what staff must look at) is never cleared silently: it stays unless staff clear it with the
  decision (`clear_attention`), and the history says so either way;
- a notice already sent for the same decision is not sent again;
- a case without an email address (a paper application) gets no notice by mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo

from intake.core import labels
from intake.core.addresses import CONFIRM_APPLICANT
from intake.core.casework import CaseState
from intake.core.effects import Effect, Event, QueueMail, SetAttention, SetStatus
from intake.core.rules import Rules
from intake.core.statuses import (
    ADMISSIBLE,
    DECISIONS,
    DECLINED,
    INADMISSIBLE,
    LABELLED,
    REVIEW,
    STAFF_CHOICES,
    CaseStatus,
)
from intake.errors import IntakeError, UsageError

ACCEPTING = (ADMISSIBLE, LABELLED)  # decisions that take the application further: its pieces must be there
NEEDS_MOTIF = (DECLINED, INADMISSIBLE)  # decisions against the applicant: the motif is given (CRPA L211-2)


@dataclass(frozen=True)
class Check:
    """What a decision would meet, for the preview and the command line: warnings to show, errors to fix."""

    missing: tuple[str, ...]  # labels of the required pieces still missing
    attention: str  # the case's "À voir", if any
    already: str  # the same notice was already sent (dd/mm/yyyy), "" if not
    errors: tuple[str, ...]  # what stops the decision as asked (French)


def advice(before: str, status: str) -> str:
    """What staff should know before recording `status` on a case now `before`, without being refused (French):
    a refusal (non labellisé) of a case the jury never examined, whose notice speaks of that examination."""
    if status == DECLINED and before not in (ADMISSIBLE, DECLINED, LABELLED):
        return (f"ce dossier est « {labels.status(before)} » : il n'a pas été déclaré recevable, le jury ne l'a donc "
                "pas examiné, alors que l'avis de refus dit « Après examen par le comité de labellisation ». Pour un "
                "dossier incomplet ou hors du label, choisissez plutôt « irrecevable »")
    return ""


def check_decision(status: str, notify: bool, has_template: bool, template: str, note: str | None = None) -> None:
    """Refuse, before anything is read, a decision that can never be recorded as asked, whatever the case
    (UsageError: exit 2); `note` given (a recording, not a preview): a refusal must give its motif."""
    if status not in STAFF_CHOICES:
        raise UsageError(f"décision {status!r} : choisissez parmi "
                          + ", ".join(f"{s} ({labels.decision(s)})" for s in STAFF_CHOICES))
    if notify and status == REVIEW:
        raise UsageError("--notify : aucun courriel au demandeur pour un retour en vérification (review)")
    if notify and not has_template:
        raise UsageError(f"--notify : le modèle de courriel {template} manque")
    if note is not None and status in NEEDS_MOTIF and not note.strip():
        raise UsageError(f"une décision « {labels.decision(status)} » demande son motif (--note \"...\") : il est "
                         "donné au demandeur et gardé dans l'historique")


def check(case: CaseState, status: str, note: str, notify: bool, rules: Rules, *, confirm_missing: bool = False,
          tz: tzinfo | None = None) -> Check:
    """The guards of one decision on this case (`tz`: for the dates it writes)."""
    missing = tuple(rules.label(k) for k in case.assessed(rules).missing)
    already = case.notices.get(status)
    if already is not None and tz is not None:
        already = already.astimezone(tz)
    errors = []
    if status in ACCEPTING and missing and not confirm_missing:
        errors.append(f"il manque encore au dossier : {', '.join(missing)} ; confirmez la décision malgré les "
                      "pièces manquantes (--despite-missing) ou attendez-les")
    if status in NEEDS_MOTIF and not note.strip():
        errors.append(f"une décision « {labels.decision(status)} » demande son motif (--note \"...\") : il est "
                      "donné au demandeur et gardé dans l'historique")
    if notify and not case.applicant:
        errors.append("le demandeur n'a pas d'adresse électronique (candidature papier) : aucun avis ne peut lui "
                      "être envoyé par courriel ; enregistrez la décision sans --notify et répondez-lui par courrier")
    elif notify and case.quiet:
        errors.append(quiet_refusal(case))
    elif notify and already is not None:
        errors.append(f"l'avis « {labels.decision(status)} » a déjà été envoyé au demandeur le {already:%d/%m/%Y} : "
                      "enregistrez la décision sans --notify (il n'est pas renvoyé)")
    return Check(missing, case.attention, f"{already:%d/%m/%Y}" if already else "", tuple(errors))


def quiet_refusal(case: CaseState) -> str:
    """Why no notice goes to the address of a case that gets no mail until staff confirm it (a forged sender, a
    third party citing another case): the town would write, officially, to whoever the sender named. A robot's or a
    forwarder's address is not the applicant's: staff give the applicant's."""
    if CONFIRM_APPLICANT in case.quiet:
        return (f"aucun avis ne part vers {case.applicant} : le dossier a été {case.quiet.split(' (')[0]}, pas par le "
                "demandeur ; confirmez d'abord l'adresse du demandeur (« Confirmer l'adresse du demandeur » dans la "
                f"console, en ligne de commande intake case {case.reference} address ADRESSE --main), sinon "
                "enregistrez la décision sans avis")
    return (f"aucun avis ne part vers {case.applicant} : le dossier a été {case.quiet.split(' (')[0]} ; si c'est "
            f"bien le demandeur, confirmez d'abord son adresse (« Confirmer l'adresse du demandeur » dans la "
            f"console, en ligne de commande intake case {case.reference} address {case.applicant} --main), sinon "
            "enregistrez la décision sans avis")


def decision(case: CaseState, status: CaseStatus, note: str, actor: str, notify: bool, rules: Rules, *,
             confirm_missing: bool = False, clear_attention: bool = False, tz: tzinfo | None = None
             ) -> tuple[Effect, ...]:
    """Staff record a decision (or send the case back to review); with `notify`, the applicant gets the
    decision's notice, never twice for one decision."""
    found = check(case, status, note, notify, rules, confirm_missing=confirm_missing, tz=tz)
    if found.errors:
        raise IntakeError(f"{case.reference} : " + " ; ".join(found.errors))
    detail = f"{status} (avant : {case.status})" + (f" : {note}" if note else "")
    if found.missing and status in ACCEPTING:
        detail += f" ; décidé malgré les pièces manquantes ({', '.join(found.missing)}), confirmé par {actor}"
    effects: list[Effect] = [SetStatus(status, note or f"décision enregistrée par {actor}"), Event("decision", detail)]
    if case.attention and clear_attention:
        effects += [SetAttention(""),
                    Event("seen", f"« À voir » réglé avec la décision, par {actor} : {case.attention}")]
    elif case.attention:
        effects.append(Event("attention", f"« À voir » reste après la décision : {case.attention}"))
    if notify:
        effects += [QueueMail(f"decision/{status}", case.applicant, case.reply_from,
                              f"decision|{case.reference}|{status}", note=note),
                    Event("mail-queued", f"{labels.mail(f'decision/{status}')} prêt à partir pour {case.applicant}")]
    return tuple(effects)


_RECORDED = re.compile(r"^[a-z]+ \(avant : [a-z]+\)(?: : (?P<note>.*?))?"
                       r"(?: ; décidé malgré les pièces manquantes \(.*\), confirmé par \S+)?$", re.DOTALL)


def recorded_note(detail: str) -> str:
    """The motif a decision was recorded with, read back from its history line (`decision` writes it): for the
    notice sent later, which gives it as the notice sent with the decision would have."""
    found = _RECORDED.match(detail)
    return (found.group("note") or "") if found else ""


def untold(case: CaseState, has_template: bool) -> str:
    """What the case's page says of a decision the applicant was not told of ("" when there is none, or they were
    told, or no notice exists for it)."""
    if case.status not in DECISIONS or not has_template or case.status in case.notices:
        return ""
    return "Le demandeur n'a pas été prévenu de cette décision : aucun courriel ne lui a été envoyé"


def notify_later(case: CaseState, note: str, actor: str) -> tuple[Effect, ...]:
    """Staff send the notice of a decision recorded without it (« Prévenir le demandeur maintenant »): the same mail,
    with the motif recorded, under the same key (never twice); refused as `check` refuses a notice."""
    if case.status not in DECISIONS:
        raise UsageError(f"le dossier est « {labels.status(case.status)} » : aucune décision à annoncer")
    if not case.applicant:
        raise UsageError("le demandeur n'a pas d'adresse électronique (candidature papier) : répondez-lui par courrier")
    if case.quiet:
        raise UsageError(quiet_refusal(case))
    if case.status in case.notices:
        raise UsageError(f"l'avis « {labels.decision(case.status)} » a déjà été envoyé au demandeur le "
                         f"{case.notices[case.status]:%d/%m/%Y} : il n'est pas renvoyé")
    return (QueueMail(f"decision/{case.status}", case.applicant, case.reply_from,
                      f"decision|{case.reference}|{case.status}", note=note),
            Event("mail-queued", f"{labels.mail(f'decision/{case.status}')} prêt à partir pour {case.applicant}, "
                                 f"demandé après la décision par {actor}"))
