"""The staff's daily digest: when it is due, and what it says (pure).

`digest_due()` decides from the local clock, the configured days and time,
and the day of the last digest. `build()` turns a `Snapshot` of the database
into the values the digest templates show, in French, and the CSV of open cases. `fallback()` says the
essentials of those values without the admin's templates, the day they fail on them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from intake.core import french, labels
from intake.core.decide import ALL, CAP_WORDS, DOMAIN, ROBOT, SENDER, cap_reached, set_aside_by_cap
from intake.core.labels import STATUS_COUNTS, status_count
from intake.core.links import URL, url_host
from intake.core.quarantine_space import Space, alert
from intake.core.retention import Undecided
from intake.core.statuses import COMPLETE, INCOMPLETE, OPEN, REVIEW
from intake.core.store_budget import (
    ALL_BYTES,
    ANY_BYTES,
    DOMAIN_BYTES,
    SENDER_BYTES,
    SIGNED_DOMAIN_BYTES,
    budget_reached,
)
from intake.core.text import shown

STATUS_LABELS = STATUS_COUNTS  # "3 complets en attente de décision"


def digest_due(now: datetime, tz: ZoneInfo, days: frozenset[int], at: time, last_day: date | None) -> bool:
    """Due once per configured day, from the configured local time on (also when the worker was down then)."""
    local = now.astimezone(tz)
    return local.weekday() in days and local.time() >= at and last_day != local.date()


@dataclass(frozen=True)
class CaseLine:
    reference: str
    status: str
    applicant: str
    title: str
    received_at: datetime
    missing: tuple[str, ...] = ()  # French labels
    reminders_sent: int = 0
    next_reminder: datetime | None = None
    attention: str = ""
    status_reason: str = ""
    waiting_since: datetime | None = None  # complete cases: since when they wait for a decision
    applicant_name: str = ""  # who a paper application without an address is from
    reminder_waits: str = ""  # why its reminder, due, has not gone (core/casework.py `reminder_waits`), in French

    @property
    def who(self) -> str:
        """The applicant as staff know them: the address, or the name of one who gave none (a paper
        application), said so."""
        if self.applicant:
            return self.applicant
        return f"{self.applicant_name or 'demandeur sans nom'} (sans adresse électronique)"


@dataclass(frozen=True)
class Health:
    name: str
    address: str
    last_success_at: datetime | None
    last_error: str = ""
    last_error_at: datetime | None = None
    errors_since_success: int = 0
    watch: str = ""  # the IMAP IDLE watch of `intake run`, in words (core/watching.py)
    relay: bool = False  # the SMTP relay (its last success is a mail sent), not a mailbox


@dataclass(frozen=True)
class Snapshot:
    now: datetime
    previous_at: datetime | None  # when the previous digest was made
    cases: tuple[CaseLine, ...]
    new_cases: tuple[str, ...] = ()  # references opened since the previous digest
    completed: tuple[str, ...] = ()  # references that became complete since then
    pieces_received: int = 0
    quarantined: tuple[tuple[str, str, str], ...] = ()  # (where, sender and subject, reason)
    undeliverable: tuple[tuple[str, str], ...] = ()  # (address, reason)
    looping: tuple[tuple[str, str], ...] = ()
    failed_mails: tuple[tuple[str, str, str], ...] = ()  # (reference or "", recipient, problem)
    mailboxes: tuple[Health, ...] = field(default=())
    alerts: tuple[str, ...] = ()  # what the admin must fix (templates changed on disk but refused, ...)
    undecided: tuple[Undecided, ...] = ()  # no decision, no news for too long: deleted one day (retention.toml)
    quarantine: Space | None = None  # the quarantine's use of its byte budget (core/quarantine_space.py)
    # (sender, recorded reason) of each message set aside past a cap on new cases or a byte budget (`folded`; not in
    # quarantined)
    capped: tuple[tuple[str, str], ...] = ()


MAX_MAILS_LISTED = 30  # mails that need staff, listed one by one; the others counted
# cases listed one by one in each part of the digest (and references in « nouveaux dossiers »...); the others are
# counted, and all the open ones are in the attached CSV: a flood of application-like mail from many forged senders
# (each one filed as a case) cannot make the digest a mail too large for staff's mailboxes to take
MAX_CASES_LISTED = 100


_IN_CSV = "la liste complète est dans le fichier joint et dans la console"
_LEFT_OUT = {  # list -> (one left out, several, where they all are)
    "new_cases": ("autre", "autres", ""), "completed": ("autre", "autres", ""),
    "incomplete": ("autre dossier incomplet", "autres dossiers incomplets", _IN_CSV),
    "waiting": ("autre dossier complet", "autres dossiers complets", _IN_CSV),
    "review": ("autre dossier à vérifier", "autres dossiers à vérifier", _IN_CSV),
    "flagged": ("autre dossier signalé", "autres dossiers signalés", "la liste complète est dans la console"),
    "undecided": ("autre dossier sans décision", "autres dossiers sans décision",
                  "la liste complète : intake purge --dry-run"),
    "undeliverable": ("autre adresse en échec", "autres adresses en échec", "la liste complète est dans la console"),
    "looping": ("autre expéditeur en boucle", "autres expéditeurs en boucle", "la liste complète est dans la console"),
}


def _more(name: str, left_out: int) -> str:
    """« et 12 autres dossiers incomplets : la liste complète ... » for a list that shows MAX_CASES_LISTED of its
    items; "" when it shows them all."""
    if left_out <= 0:
        return ""
    one, several, where = _LEFT_OUT[name]
    return f"et {french.count(left_out, one, several)}" + (f" : {where}" if where else "")


def _title(case: CaseLine) -> str:
    """A case's title as the digest shows it: its links reduced to their site, « (sans titre) » when it has none."""
    return one_line(without_links(case.title)) or "(sans titre)"


def without_links(text: str) -> str:
    """`text` with each web link replaced by its site: the digest (and its CSV) is mail, kept in staff mailboxes
    beyond the purge's reach and forwarded at will, and a transfer link's address is the key to the applicant's
    files (« https://we.tl/t-… » opens them for anyone who holds it). The link itself is on the case. Applied to
    every text of the sender's choosing it repeats: a case's title (the subject of the mail that opened it), the
    reasons, a quarantined message's subject; else a sender's link reached staff as the town's own mail. So is a link
    written without its scheme (« www.mairie-bethune.example/connexion »), which mail programs make a link of as they
    show plain text (the digest's text part, its plain-text fallback); the site is named without its « www. », which
    they would make a link of too."""
    text = URL.sub(lambda m: f"lien {_site(m.group())}, à ouvrir depuis le dossier", text)
    return _SCHEMELESS.sub(lambda m: f"lien {_site('http://' + m.group())}, à ouvrir depuis le dossier", text)


# a link without its scheme, as a mail program shows it as a link in plain text (Outlook, Thunderbird: « www. »,
# « ftp. »); not inside an address or a word (« jeanne@www.x.example », « awww.x »)
_SCHEMELESS = re.compile(r"(?<![\w.@/:-])(?:www|ftp)\." + URL.pattern[len("https?://"):], re.IGNORECASE)


def _site(url: str) -> str:
    """The site of `url` as the digest names it: without the « www. » (or « ftp. ») a mail program makes a link of."""
    host = url_host(url)
    return re.sub(r"^(?:www|ftp)\.(?=.+\.)", "", host) or "?"


# what ends a line in a plain-text mail, or in a text editor's view of one
_BREAKS = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def one_line(text: str) -> str:
    """`text` as the digest shows it on one of its lines: each line break (and tab) a space, control and format
    characters (bidirectional overrides and isolates, zero-width characters; the zero-width joiner of emoji kept),
    surrogates and private-use characters dropped; other spaces kept as they are (French typography's no-break
    spaces). What the pipeline stores is cleaned so already (core/fields.py, core/headers.py, core/parse.py); this
    holds for what was stored before, and what the digest's plain-text fallback (`fallback`, no HTML to hold a value
    in its cell) prints: a value with a line break there began a line of the sender's choosing in the town's own mail
    (« ATTENTION : … cliquez ici »), a U+202E showed another case's reference."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(" " if c in _BREAKS else c for c in text
                   if c in _BREAKS or shown(c))


def _days(since: datetime | None, now: datetime) -> int:
    return max(0, (now - since).days) if since else 0


class Ref(str):
    """A case reference in the templates: prints as the reference, `.url` is its page in the console ("")."""

    url: str = ""

    def __new__(cls, reference: str, url: str = "") -> Ref:
        ref = super().__new__(cls, reference)
        ref.url = url
        return ref


MAX_CAPPED_SENDERS = 3  # senders (and domains) named on the line of messages set aside past a cap or a budget
# each cap on new cases as the digest names it (core/decide.py `cap_reached`)
_CAPS = tuple((kind, CAP_WORDS[kind]) for kind in (SENDER, ROBOT, DOMAIN, ALL))
# each byte budget as the digest names it (core/store_budget.py `budget_reached`)
_BUDGETS = ((SENDER_BYTES, "par expéditeur non authentifié"),
            (DOMAIN_BYTES, "par domaine d'expéditeur non authentifié"),
            (ALL_BYTES, "des expéditeurs non authentifiés ensemble"), (ANY_BYTES, "par expéditeur (même authentifié)"),
            (SIGNED_DOMAIN_BYTES, "par domaine d'expéditeur authentifié"))
_DOMAIN_BUDGETS = (DOMAIN_BYTES, SIGNED_DOMAIN_BYTES)  # those whose reason names the domain


def folded(reason: str) -> bool:
    """Whether a quarantined message is counted on the digest's one line rather than listed (its recorded `reason`):
    set aside past a cap on new cases or a byte budget, what a flood meets; staff need one line, not thirty."""
    return set_aside_by_cap(reason) or bool(budget_reached(reason)[0])


def _named(names: list[str]) -> str:
    return ", ".join(names[:MAX_CAPPED_SENDERS]) + (
        f" et {french.count(len(names) - MAX_CAPPED_SENDERS, 'autre', 'autres')}"
        if len(names) > MAX_CAPPED_SENDERS else "")


def _reached(limit: str, counted: list[tuple[str, int]]) -> str:
    """`limit` (« plafond de nouveaux dossiers ») reached in the ways `counted` (words, messages) say."""
    if len(counted) == 1:
        return f"{limit} {counted[0][0]} en 24 heures atteint"
    each = [f"{words} pour {french.count(n, 'message', 'messages')}" for words, n in counted]
    return f"{limit} en 24 heures atteint {', '.join(each[:-1])} et {each[-1]}"


def _capped_line(capped: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The digest's one line for every message set aside because its sender had opened too many cases, or its
    sender's mail had added too many bytes to the store: (sender, recorded reason) each; the line says which cap or
    budget each reached (per sender, per automatic sender, per domain with the domains named...), as the recorded
    reasons say (core/decide.py `cap_reached`, core/store_budget.py `budget_reached`)."""
    senders = [sender for sender, _ in capped]
    distinct = sorted(set(senders))
    budgets = [budget_reached(reason) for _, reason in capped]
    reached = [cap_reached(reason) for (_, reason), (budget, _) in zip(capped, budgets, strict=True) if not budget]
    domains = sorted({one_line(domain) for kind, domain in reached if kind == DOMAIN and domain})
    caps = [(words + (f" ({_named(domains)})" if kind == DOMAIN and domains else ""),
             sum(1 for k, _ in reached if k == kind)) for kind, words in _CAPS]
    caps = [(words, n) for words, n in caps if n]
    named = {key: sorted({one_line(domain) for k, domain in budgets if k == key and domain}) for key in _DOMAIN_BUDGETS}
    volumes = [(words + (f" ({_named(named[key])})" if named.get(key) else ""),
                sum(1 for k, _ in budgets if k == key)) for key, words in _BUDGETS]
    volumes = [(words, n) for words, n in volumes if n]
    said = " ; ".join(([_reached("plafond de nouveaux dossiers", caps)] if caps else [])
                      + ([_reached("volume de fichiers", volumes)] if volumes else []))
    said += (" (limites fixées par l'administrateur)" if len(caps) + len(volumes) > 1
             else " (limite fixée par l'administrateur)")
    kept = ("sans ouvrir de dossier ni garder leurs fichiers" if caps and volumes
            else "sans garder leurs fichiers" if volumes else "sans ouvrir de dossier")
    return {"where": "la liste : intake quarantine list, ou la console (Quarantaine)",
            "what": f"{french.count(len(senders), 'message', 'messages')} de "
                    f"{french.count(len(distinct), 'expéditeur', 'expéditeurs')} ({_named(distinct)})",
            "reason": f"{said} : mis de côté {kept} ; à enregistrer malgré les limites s'il s'agit de vraies "
                      "candidatures"}


def build(snap: Snapshot, tz: ZoneInfo, case_url: Callable[[str], str] = lambda ref: "") -> dict[str, Any]:
    """The template values. `quiet` is True when nothing happened and nothing waits for anyone.
    `case_url`: a reference -> the console's page of the case ("" : no links); every reference gets `url`."""
    now = snap.now

    def ref(reference: str) -> Ref:
        return Ref(reference, case_url(reference) if reference else "")

    def when(d: datetime | None) -> str:
        return french.date_time(d.astimezone(tz)) if d else "jamais"

    counts: dict[str, int] = {}
    for c in snap.cases:
        counts[c.status] = counts.get(c.status, 0) + 1
    incomplete = [c for c in snap.cases if c.status == INCOMPLETE]
    waiting = sorted((c for c in snap.cases if c.status == COMPLETE), key=lambda c: c.waiting_since or c.received_at)
    review = [c for c in snap.cases if c.status == REVIEW]
    # what staff must look at, decided cases included (a question, pieces after the decision); review cases
    # are listed above with it
    flagged = [c for c in snap.cases if c.attention and c.status != REVIEW]
    mailbox_rows = [{"name": h.name, "address": h.address, "last_success": when(h.last_success_at),
                     "errors": h.errors_since_success, "last_error": labels.plain(h.last_error),
                     # not yet used and no error: new, not a problem (a mailbox before its first poll, the relay
                     # before its first mail)
                     "ok": h.errors_since_success == 0, "watch": h.watch,
                     "never": h.last_success_at is None and h.errors_since_success == 0,
                     "what": "dernier envoi réussi" if h.relay else "relevée",
                     "last_ok": "dernier envoi réussi" if h.relay else "dernière relève réussie"}
                    for h in snap.mailboxes]
    alerts = list(snap.alerts)
    full = alert(snap.quarantine) if snap.quarantine else ""
    if full:
        alerts.append(full)
    needs_human = bool(review or flagged or snap.quarantined or snap.capped or snap.undeliverable or snap.looping
                       or snap.failed_mails or alerts or snap.undecided or any(not m["ok"] for m in mailbox_rows))
    failed_mails = [{"reference": ref(r), "to": to, "problem": labels.send_error(p)}
                    for r, to, p in snap.failed_mails[:MAX_MAILS_LISTED]]
    if len(snap.failed_mails) > MAX_MAILS_LISTED:
        more = len(snap.failed_mails) - MAX_MAILS_LISTED
        others = french.count(more, "autre destinataire", "autres destinataires")
        failed_mails.append({"reference": ref(""), "to": others,
                             "problem": "la liste complète : intake outbox list, ou la console (Envois à voir)"})
    # each quarantined message shows its sender's subject: a flood of them (anyone can send mail over a limit) would
    # fill the town's own digest with their words (the fifth attacker's review); listed as the failed mails are
    quarantined = [{"where": w, "what": one_line(without_links(what)), "reason": labels.reason(r)}
                   for w, what, r in snap.quarantined[:MAX_MAILS_LISTED]]
    if len(snap.quarantined) > MAX_MAILS_LISTED:
        others = french.count(len(snap.quarantined) - MAX_MAILS_LISTED, "autre message", "autres messages")
        quarantined.append({"where": "liste complète : intake quarantine list, ou la console", "what": others,
                            "reason": "trop nombreux pour ce récapitulatif"})
    if snap.capped:  # one line for them all: a flood is what the caps and budgets stop (`folded`)
        quarantined.insert(0, _capped_line(snap.capped))
    changed = bool(snap.new_cases or snap.completed or snap.pieces_received)
    sizes = {"new_cases": len(snap.new_cases), "completed": len(snap.completed), "incomplete": len(incomplete),
             "waiting": len(waiting), "review": len(review), "flagged": len(flagged), "undecided": len(snap.undecided),
             "undeliverable": len(snap.undeliverable), "looping": len(snap.looping)}
    # what each list leaves out, said in French ("" when it shows them all)
    left_out = {name: _more(name, size - MAX_CASES_LISTED) for name, size in sizes.items()}
    incomplete, waiting, review, flagged = (incomplete[:MAX_CASES_LISTED], waiting[:MAX_CASES_LISTED],
                                            review[:MAX_CASES_LISTED], flagged[:MAX_CASES_LISTED])
    return {
        "date": french.long_date(now.astimezone(tz).date()),
        "since": when(snap.previous_at or now - timedelta(days=1)),
        "counts": [{"status": s, "label": status_count(s, counts[s]), "count": counts[s]}
                   for s in STATUS_LABELS if s in counts],
        "total": len(snap.cases),
        "new_cases": [ref(r) for r in snap.new_cases[:MAX_CASES_LISTED]],
        "completed": [ref(r) for r in snap.completed[:MAX_CASES_LISTED]],
        "pieces_received": snap.pieces_received,
        "incomplete": [{"reference": ref(c.reference), "applicant": one_line(c.who), "title": _title(c),
                        "missing": ", ".join(c.missing), "days": _days(c.received_at, now),
                        "reminders": c.reminders_sent,
                        "next_reminder": _next_reminder(c, tz)} for c in incomplete],
        "waiting": [{"reference": ref(c.reference), "applicant": one_line(c.who), "title": _title(c),
                     "days": _days(c.waiting_since or c.received_at, now)} for c in waiting],
        "review": [{"reference": ref(c.reference), "applicant": one_line(c.who), "title": _title(c),
                    "reason": labels.reason(one_line(without_links(c.attention or c.status_reason)))} for c in review],
        "flagged": [{"reference": ref(c.reference), "applicant": one_line(c.who), "status": labels.status(c.status),
                     "reason": labels.reason(one_line(without_links(c.attention)))}
                    for c in flagged],
        "quarantined": quarantined,
        "undeliverable": [{"address": a, "reason": r} for a, r in snap.undeliverable[:MAX_CASES_LISTED]],
        "looping": [{"address": a, "reason": r} for a, r in snap.looping[:MAX_CASES_LISTED]],
        "failed_mails": failed_mails,
        "undecided": [{"reference": ref(u.reference), "status": labels.status(u.status),
                       "since": french.long_date(u.since.astimezone(tz).date()),
                       "deleted_at": french.long_date(u.deleted_at.astimezone(tz).date())}
                      for u in snap.undecided[:MAX_CASES_LISTED]],
        "more": left_out,
        "new_count": len(snap.new_cases), "completed_count": len(snap.completed),
        "mailboxes": mailbox_rows,
        "alerts": alerts,
        "needs_human": needs_human,
        "changed": changed,
        "quiet": not (changed or needs_human or incomplete or waiting),
    }


def _next_reminder(c: CaseLine, tz: ZoneInfo) -> str:
    """When the case's next reminder goes, or why one due has not gone."""
    if c.next_reminder is None:
        return "aucune"
    due = french.long_date(c.next_reminder.astimezone(tz).date())
    return f"due le {due}, retenue : {c.reminder_waits}" if c.reminder_waits else due


def _with_url(r: Any) -> str:
    return f"{r} <{r.url}>" if getattr(r, "url", "") else str(r)


def fallback(values: dict[str, Any], service: str, file: str, line: int | None, problem: str) -> tuple[str, str]:
    """(subject, text) of the day's digest made without the admin's templates, from `values` (what `build`
    returned): the digest's template `file` failed at `line` with `problem` on today's values (in a branch the check's
    samples never reach), and a day without a digest goes unnoticed. Plain text said here, not a template: nothing
    the admin edits can break it. It says the failure and its fix first, then what staff must act on: the
    configuration's alerts, each case to check, flagged, incomplete (what is missing) or waiting for a decision, with
    its reference and status, and a count of the other things to see; the open cases stay in the attached CSV."""
    at = f"à la ligne {line}" if line else "(ligne non précisée)"
    out = [
        "ATTENTION : le récapitulatif n'a pas pu être mis en forme aujourd'hui.",
        f"Son modèle, {file}, a échoué {at} : {problem}.",
        "À faire par l'administrateur : corriger ce fichier, puis le vérifier avec « intake rules check » ; "
        "le prochain récapitulatif l'utilisera. En attendant, voici l'essentiel, dans une version de secours.",
        "",
        f"Point du {values['date']}",
        f"Dossiers ({values['total']}) : "
        + (", ".join(f"{c['count']} {c['label']}" for c in values["counts"]) or "aucun"),
    ]
    more = values["more"]

    def part(title: str, lines: list[str], left_out: str = "") -> None:
        if lines:
            out.extend(["", title, *lines, *([f"- {left_out}"] if left_out else [])])

    part("CONFIGURATION À CORRIGER", [f"- {a}" for a in values["alerts"]])
    part("À VÉRIFIER", [f"- {_with_url(c['reference'])} ({c['applicant']}) - statut : {labels.status(REVIEW)} - "
                        f"{c['reason']}" for c in values["review"]], more["review"])
    part("SIGNALÉS", [f"- {_with_url(c['reference'])} ({c['applicant']}) - statut : {c['status']} - {c['reason']}"
                      for c in values["flagged"]], more["flagged"])
    part("INCOMPLETS", [f"- {_with_url(c['reference'])} ({c['applicant']}) - statut : {labels.status(INCOMPLETE)} - "
                        f"manque : {c['missing'] or '?'}" for c in values["incomplete"]], more["incomplete"])
    part("COMPLETS, EN ATTENTE DE DÉCISION", [
        f"- {_with_url(c['reference'])} ({c['applicant']}) - statut : {labels.status(COMPLETE)} - attend depuis "
        + (french.count(c["days"], "jour") if c["days"] else "aujourd'hui") for c in values["waiting"]],
         more["waiting"])
    others = [said for present, said in (
        (values["quarantined"], "des messages sont en quarantaine : intake quarantine list, ou la console"),
        (values["failed_mails"], "des courriels n'ont pas pu partir : intake outbox list, ou la console"),
        (values["undeliverable"], "des adresses sont en échec"),
        (values["looping"], "des expéditeurs écrivent en boucle"),
        (values["undecided"], "des dossiers sont sans décision ni nouvelle depuis trop longtemps : intake purge "
                              "--dry-run"),
        ([m for m in values["mailboxes"] if not m["ok"]], "une boîte aux lettres ou le relais d'envoi est en erreur"),
    ) if present]
    part("AUTRES POINTS À VOIR (le détail est dans la console)", [f"- {o}" for o in others])
    out.extend(["", "La liste des dossiers ouverts est jointe (fichier CSV, pour un tableur).",
                f"Message automatique du service {service}."])
    subject = f"{service} : point du {values['date']} - à traiter (récapitulatif de secours, modèle en erreur)"
    return subject, "\n".join(out) + "\n"


CSV_COLUMNS = ("reference", "statut", "demandeur", "projet", "reçu le", "pièces manquantes", "relances envoyées",
               "à voir")


def cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula (OWASP "CSV injection"): a value
    starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe. Titles, subjects and
    names come from applicants' mail and documents."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def cases_csv(cases: Iterable[CaseLine], tz: ZoneInfo) -> bytes:
    """Cases for a spreadsheet (UTF-8 with BOM and ';', so that Excel in French opens it as is)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for c in cases:
        writer.writerow([cell(v) for v in (c.reference, labels.status(c.status), c.applicant, c.title,
                                           c.received_at.astimezone(tz).strftime("%d/%m/%Y %H:%M"),
                                           ", ".join(c.missing), c.reminders_sent, c.attention)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def open_cases_csv(snap: Snapshot, tz: ZoneInfo) -> bytes:
    """The digest's CSV: mail too, its links reduced to their site (`without_links`)."""
    return cases_csv([replace(c, title=without_links(c.title), attention=without_links(c.attention))
                      for c in snap.cases if c.status in OPEN], tz)
