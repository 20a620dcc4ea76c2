"""How long each kind of data is kept (rules/retention.toml), and what is due for deletion.

Pure: the file's text in, a validated `Retention` out (or RulesError naming the
line and the fix); facts about a case and `now` in, the rule that makes it due
out. The shell (intake/commands/purge.py) gathers the facts and deletes.

What stays after a purge is decided here too: the statistics line (no name, no content) of
a case, and the trace of a message (`trace_identity`) that keeps a
message from being filed twice without keeping who sent it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from hashlib import sha256
from typing import Any

from intake.core.fields import FieldRule
from intake.core.statuses import (
    ADMISSIBLE,
    COMPLETE,
    DECLINED,
    INADMISSIBLE,
    INCOMPLETE,
    KEEPS_CONTENT,
    LABELLED,
    REVIEW,
    WITHDRAWN,
)
from intake.core.tomlcheck import Locator, Table, as_written, load_toml, shape

UNITS = {"jours": 36500, "mois": 1200, "ans": 100}  # unit -> largest amount accepted

INCOMPLETE_CASES = "dossiers_incomplets"
UNDECIDED_CASES = "dossiers_sans_decision"
NOT_RETAINED_CASES = "dossiers_non_retenus"
LABELLED_CASES = "dossiers_labellises"
QUARANTINE = "quarantaine"
IGNORED_LEDGER = "messages_ignores"
INTERNAL_MAIL = "courriels_internes"
FLAGGED_ADDRESSES = "adresses_signalees"
SIGN_INS = "connexions"
PURGE_LOG = "journal_des_suppressions"

# Every rule the file must give, with what it covers (French: staff, the admin and the DPO read it).
RULES = {
    INCOMPLETE_CASES: "dossier resté incomplet, sans message du candidat ni action du service",
    UNDECIDED_CASES: "dossier resté sans décision (complet, à vérifier ou recevable), sans message du candidat ni "
                     "action du service",
    NOT_RETAINED_CASES: "dossier non retenu (refusé, irrecevable ou retiré), après la décision",
    LABELLED_CASES: "dossier labellisé, après la fin du label",
    QUARANTINE: "contenu d'un message mis en quarantaine (message brut, objet et texte de l'erreur qui l'a écarté, "
                 "gardés pour le service)",
    IGNORED_LEDGER: "registre des messages non retenus : expéditeur, Message-ID, date, taille, motif",
    INTERNAL_MAIL: "courriel envoyé au service : récapitulatif quotidien (le courriel d'un lien de connexion à la "
                   "console n'est gardé qu'un jour)",
    FLAGGED_ADDRESSES: "adresse signalée (non-remise définitive, envoi en boucle)",
    SIGN_INS: "connexions à la console du service (journal système)",
}
# Rules the file may give; absent, what they cover is kept without limit (the register says so)
OPTIONAL = {
    PURGE_LOG: "journal des suppressions : quand, quoi, quelle règle, références des dossiers, qui l'a lancée",
}
UNLIMITED = "sans limite de durée (à fixer par le DPO : rules/retention.toml, [journal_des_suppressions])"
NOT_RETAINED_STATUSES = (DECLINED, INADMISSIBLE, WITHDRAWN)
UNDECIDED_STATUSES = (COMPLETE, REVIEW, ADMISSIBLE)  # waiting for staff: flagged, then deleted if forgotten
FLAG_KEY = "signaler_apres_mois"  # [dossiers_sans_decision]: staff are told after this many months
MERGED = "merged"  # the status of the statistics line a merged reference leaves
ERASURE = "effacement"  # the rule key recorded when a person's data is erased on request (art. 17)
MINIMISATION = "minimisation"  # the content of a message that was not filed (dismissed from quarantine...)
NOT_AN_APPLICATION = "pas_une_candidature"  # a case staff discarded: not an application (intake case REF discard)
PIECE_REMOVED = "piece_retiree"  # a file staff added to a case by mistake, taken off (intake case REF piece N --remove)


def keeps_content(fate: str) -> bool:
    """Only a filed message (the case needs it) or a quarantined one (staff must look) keeps its bytes and
    its subject; any other keeps its ledger line only (minimisation, GDPR art. 5.1.c)."""
    return fate in KEEPS_CONTENT


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # jours | mois | ans

    def after(self, when: datetime) -> datetime:
        if self.unit == "jours":
            return when + timedelta(days=self.amount)
        return add_months(when, self.amount * (12 if self.unit == "ans" else 1))

    def french(self) -> str:
        if self.unit == "ans":
            return f"{self.amount} an" + ("s" if self.amount > 1 else "")
        if self.unit == "jours":
            return f"{self.amount} jour" + ("s" if self.amount > 1 else "")
        return f"{self.amount} mois"


@dataclass(frozen=True)
class Retention:
    periods: dict[str, Period]  # rule key -> Period
    label_years: int = 3  # how long the label lasts: labelled cases are kept that long, then periods[...]
    undecided_flag_months: int = 6  # an undecided case is shown to staff after this many months without news

    def period(self, key: str) -> Period:
        return self.periods[key]

    def describe(self) -> list[tuple[str, str, str]]:
        """(rule key, what it covers, how long, in French) for the register and the receipt."""
        out = []
        for key, what in RULES.items():
            how_long = self.periods[key].french()
            if key == INCOMPLETE_CASES:
                how_long = f"{how_long} sans nouvelle"
            elif key == UNDECIDED_CASES:
                how_long = (f"{how_long} sans décision ni nouvelle (signalé au service après "
                            f"{self.undecided_flag_months} mois)")
            elif key == NOT_RETAINED_CASES:
                how_long = f"{how_long} après la décision"
            elif key == LABELLED_CASES:
                label = f"{self.label_years} an" + ("s" if self.label_years > 1 else "")
                how_long = f"durée du label ({label}) puis {how_long}"
            out.append((key, what, how_long))
        for key, what in OPTIONAL.items():
            out.append((key, what, self.periods[key].french() if key in self.periods else UNLIMITED))
        return out

    def for_applicant(self) -> list[tuple[str, str]]:
        """(what, how long) of the applicant's own case, in their words, for their receipt: not the register's
        (« candidat », « action du service », the statuses staff use, when staff are warned)."""
        label = f"{self.label_years} an" + ("s" if self.label_years > 1 else "")
        return [
            ("si votre dossier reste incomplet", f"{self.periods[INCOMPLETE_CASES].french()} sans nouvelle de votre "
                                                 "part ni du service"),
            ("s'il reste sans décision", f"{self.periods[UNDECIDED_CASES].french()} sans nouvelle de votre part ni du "
                                         "service"),
            ("s'il n'est pas retenu, ou si vous le retirez", f"{self.periods[NOT_RETAINED_CASES].french()} après la "
                                                              "décision"),
            ("s'il est labellisé", f"la durée du label ({label}), puis {self.periods[LABELLED_CASES].french()}"),
        ]


def add_months(when: datetime, months: int) -> datetime:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    return when.replace(year=year, month=month, day=min(when.day, calendar.monthrange(year, month)[1]))


def parse_retention(filename: str, text: str) -> Retention:
    data, where = load_toml(filename, text)
    where.keys(data, set(RULES) | set(OPTIONAL), [])
    periods: dict[str, Period] = {}
    label_years, flag_months = 3, 6
    for key in RULES:
        if key not in data:
            where.fail([], f"[{key}] manque : donnez combien de temps le garder ({RULES[key]}), "
                           f"par exemple [{key}] puis mois = 12 ; copiez-le du fichier rules/retention.toml livré "
                           "avec intake")
        table = where.table(data, key, [])
        allowed = set(UNITS) | ({"duree_label_ans"} if key == LABELLED_CASES else set()) \
            | ({FLAG_KEY} if key == UNDECIDED_CASES else set())
        where.keys(table, allowed, [key])
        periods[key] = _period(where, table, key)
        if key == LABELLED_CASES:
            if "duree_label_ans" not in table:
                where.fail([key], "duree_label_ans manque : combien d'années dure le label, "
                                  "par exemple duree_label_ans = 3")
            label_years = _whole(where, table, key, "duree_label_ans", 1, 50)
        if key == UNDECIDED_CASES:
            if FLAG_KEY not in table:
                where.fail([key], f"{FLAG_KEY} manque : après combien de mois sans décision le personnel est "
                                  f"prévenu (récapitulatif, intake purge --dry-run), par exemple {FLAG_KEY} = 6")
            flag_months = _whole(where, table, key, FLAG_KEY, 1, 1200)
            day = datetime(2001, 1, 1)  # any day: to compare the two periods
            if periods[key].after(day) <= add_months(day, flag_months):
                where.fail([key, FLAG_KEY], f"{FLAG_KEY} = {flag_months} doit venir avant la suppression "
                                            f"({periods[key].french()}) : le personnel doit être prévenu avant que "
                                            "le dossier ne parte")
    for key in OPTIONAL:
        if key in data:
            table = where.table(data, key, [])
            where.keys(table, set(UNITS), [key])
            periods[key] = _period(where, table, key)
    return Retention(periods=periods, label_years=label_years, undecided_flag_months=flag_months)


def _period(where: Locator, table: Table, key: str) -> Period:
    """The one duration of rule `key`: jours, mois or ans."""
    given = [u for u in UNITS if u in table]
    if len(given) != 1:
        where.fail([key], f"[{key}] demande une seule durée : jours = N, mois = N ou ans = N "
                          f"(trouvé : {', '.join(given) or 'aucune'})")
    return Period(_whole(where, table, key, given[0], 1, UNITS[given[0]]), given[0])


def _whole(where: Locator, table: Table, key: str, name: str, low: int, high: int) -> int:
    value = table[name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        where.fail([key, name], f"{name} doit être un nombre entier de {low} à {high}, sans guillemets "
                                f"(trouvé {as_written(value)})" + (f" : {shape(name, value, 'number')}"
                                                                   if shape(name, value, "number") else ""))
    return value


# --------------------------------------------------------------------------- what is due


@dataclass(frozen=True)
class CaseFacts:
    """What the purge needs to know of a case (gathered by the shell)."""

    id: int
    reference: str
    status: str
    received_at: datetime
    last_activity: datetime  # the applicant's latest message or a staff action, whichever is later
    decided_at: datetime | None = None  # the staff decision currently in force


@dataclass(frozen=True)
class Due:
    rule: str
    since: datetime  # what the period counts from
    at: datetime  # when the case may be deleted


def case_due(facts: CaseFacts, retention: Retention) -> Due | None:
    """The rule that will delete this case, and when; None: no rule deletes it in this status."""
    status = facts.status
    if status == INCOMPLETE:
        since = max(facts.received_at, facts.last_activity)
        return Due(INCOMPLETE_CASES, since, retention.period(INCOMPLETE_CASES).after(since))
    if status in UNDECIDED_STATUSES:  # waiting for staff: any message or staff action (a note) starts again
        since = max(facts.received_at, facts.last_activity, facts.decided_at or facts.received_at)
        return Due(UNDECIDED_CASES, since, retention.period(UNDECIDED_CASES).after(since))
    since = facts.decided_at or facts.last_activity
    if status in NOT_RETAINED_STATUSES:
        return Due(NOT_RETAINED_CASES, since, retention.period(NOT_RETAINED_CASES).after(since))
    if status == LABELLED:
        label_ends = add_months(since, 12 * retention.label_years)
        return Due(LABELLED_CASES, since, retention.period(LABELLED_CASES).after(label_ends))
    return None


def cases_due(cases: list[CaseFacts], retention: Retention, now: datetime) -> list[tuple[CaseFacts, Due]]:
    out = []
    for facts in cases:
        due = case_due(facts, retention)
        if due is not None and due.at <= now:
            out.append((facts, due))
    return out


@dataclass(frozen=True)
class Undecided:
    """A case waiting for a decision longer than [dossiers_sans_decision] signaler_apres_mois: staff are told."""

    reference: str
    status: str
    since: datetime  # the latest news: the applicant's message or a staff action
    deleted_at: datetime  # when the purge deletes it if nothing happens


def undecided(cases: list[CaseFacts], retention: Retention, now: datetime) -> list[Undecided]:
    """The cases without a decision and without news for longer than the rule says to tell staff, oldest first."""
    out = []
    for facts in cases:
        due = case_due(facts, retention)
        if due is not None and due.rule == UNDECIDED_CASES \
                and add_months(due.since, retention.undecided_flag_months) <= now:
            out.append(Undecided(facts.reference, facts.status, due.since, due.at))
    return sorted(out, key=lambda u: (u.since, u.reference))


def cutoff(retention: Retention, key: str, now: datetime) -> datetime:
    """Records of rule `key` older than this are due (jours/mois/ans counted back from now)."""
    period = retention.period(key)
    if period.unit == "jours":
        return now - timedelta(days=period.amount)
    return add_months(now, -period.amount * (12 if period.unit == "ans" else 1))


def gone_message(reference: str, deleted_day: date, rule: str) -> str:
    """What staff are told when they ask for a case that was deleted (French): when, and why, from its statistics
    statistics line alone; nothing personal was kept to say more."""
    when = f"{deleted_day:%d/%m/%Y}"
    if rule == ERASURE:
        return f"{reference} : dossier effacé le {when} à la demande de la personne concernée (RGPD)"
    if rule == NOT_AN_APPLICATION:
        return f"{reference} : dossier effacé le {when}, classé sans suite par le service (pas une candidature)"
    if rule in RULES:
        return (f"{reference} : dossier effacé le {when} au terme de sa durée de conservation (RGPD ; "
                f"rules/retention.toml, règle {rule})")
    return f"{reference} : dossier effacé le {when} (RGPD ; {rule or 'suppression'})"


def trace_identity(identity: str) -> str:
    """The trace of a message's identity (Message-ID or fingerprint): its SHA-256, enough to recognise the
    same message if the mailbox is read again, without keeping the Message-ID itself."""
    if identity.startswith("trace:"):
        return identity
    return "trace:" + sha256(identity.encode("utf-8", "replace")).hexdigest()


STAT_FIELDS = ("categorie", "theme")  # the dossier fields kept in the statistics (no personal data)


def stat_fields(fields: Mapping[str, Any], field_rules: Iterable[FieldRule]) -> dict[str, str]:
    """The category and theme of a case, only when each is one of the choices of rules/fields.toml:
    a value read as free text could be anything, a name included."""
    choices = {r.key: {value for value, _ in r.choices} for r in field_rules}
    return {key: fields[key] for key in STAT_FIELDS
            if isinstance(fields.get(key), str) and fields[key] in choices.get(key, ())}


def status_path(statuses: list[str]) -> str:
    """`incomplete > complete > labelled`: the statuses in order, repeats removed."""
    path: list[str] = []
    for status in statuses:
        if status and (not path or path[-1] != status):
            path.append(status)
    return " > ".join(path)
