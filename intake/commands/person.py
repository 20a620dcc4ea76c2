"""`intake person EMAIL --export | --erase`: a person's rights of access (GDPR art. 15 and 20) and to erasure (art. 17).

What is held about an address:
- its own cases: those it applied for (the case's applicant, or one of the case's applicant addresses:
  intake/store/applicants.py), with their pieces, messages, mails, history, addresses and the references
  merged into them;
- its messages filed on someone else's case, and the mails sent to it there; the cases where an
  applicant's own mail named it (Reply-To, Cc), which it may speak for;
- the ledger lines of its messages that were not filed (and the raw bytes of a quarantined one);
- a flagged-address record (bounce, loop);
- the staff digests that cite it;
- a staff member's console sessions and sign-in links (a day after their end at most: the purge);
- someone else's kept messages that name it (core/mentions.py): the quoted sender of a forward (a forward of a
  forward), a recipient, an attached .eml or Outlook item: listed, neither given (they are someone else's) nor
  erased (staff decide).

The export is a ZIP: `index.json` (everything, in French, with the path of each file) and the files
themselves (pieces, raw messages, mails as sent). Only the person's own data: on someone else's
case, only the messages they sent and the mails they received.

The erasure deletes the own cases as the purge does (each leaves its statistics line), removes
it from the addresses of others' cases, reduces the ledger lines to traces of their identity, deletes the
flagged-address record and the digests that cite the address, ends a staff member's console sessions (links and
sign-in mails too), and replaces the address wherever it is
still quoted. It refuses while an own case is still open (the reason names it), unless forced. It is
recorded in the purge log, without the address. The queries are in intake/store/people.py.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from intake.adapters.secretkey import KEY_FILE
from intake.adapters.storage import private_dir
from intake.app import App
from intake.commands.purge import forget_left_exports, forget_written_mail
from intake.commands.show import find_case
from intake.core import filenames, labels
from intake.core.addresses import APPLICANT, role_label, source_label
from intake.core.french import count
from intake.core.masking import quoting_bytes
from intake.core.mentions import digest_lines, mentions
from intake.core.reading_budget import keys_naming, what_a_key_counts
from intake.core.retention import ERASURE, keeps_content
from intake.core.statuses import OPEN
from intake.core.thread import full_reference, partial_reference
from intake.errors import IntakeError, UsageError
from intake.pipeline import readbudget
from intake.pipeline.lookup import budget_domain
from intake.store import applicants, cases, flagged, ledger, outbox, pieces, readings, signins, staffvisits
from intake.store.database import session
from intake.store.deletion import checkpoint, empty_trash, forget_case, record, to_trace, trash
from intake.store.people import FIELDS, Held, held, held_by_case, references_of, scrub
from intake.store.tables import Inbound, Outbox, WebSession

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NOT_KEPT = "(non conservé : de ce message, seule sa trace est gardée)"


@dataclass(frozen=True)
class Who:
    """Whom a request is about: an address, or (`reference`) the applicant of a case that has none (a paper
    application: core/casework.py `postal`), known by its reference alone."""
    address: str
    reference: str = ""

    @property
    def key(self) -> str:
        """For a file's name: `jeanne-at-exemple.fr`, or the reference."""
        return self.address.replace("@", "-at-") or self.reference


def who_of(text: str) -> Who:
    """An address (normalised), or a case's full reference (`bsc-2026-7`); else a UsageError saying what to give."""
    reference = full_reference(text)
    if reference:
        return Who("", reference)
    if partial_reference(text):
        raise UsageError(f"« {text.strip()} » : donnez l'adresse de la personne, ou la référence complète de son "
                         "dossier (par exemple BSC-2026-0012) : un export ou un effacement ne devine pas un dossier "
                         "d'après un numéro")
    return Who(normalise(text))


def _held(s, who: Who) -> tuple[Held, Who]:
    """What is held on the person, and whom it is about: a merged case's reference leads to the case it went into."""
    if who.address:
        return held(s, who.address), who
    case = find_case(s, who.reference)
    # an applicant address (applicants.cases_of: its own cases) leads to everything held on the person, this case
    # included: the case alone is not all
    addresses = sorted(({case.applicant} | {a.address for a in applicants.listed(s, case.id)
                                            if a.role == APPLICANT}) - {""})
    if addresses:
        raise IntakeError(f"{case.reference} a une adresse ({', '.join(addresses)}) : donnez-la à la place de la "
                          f"référence (intake person {addresses[0]} ...), elle mène à tout ce qui est conservé sur "
                          "la personne, ce dossier compris")
    return held_by_case(s, case), Who("", case.reference)


def normalise(address: str) -> str:
    from intake.core.headers import normal_address

    address = normal_address(address)
    if not _EMAIL.match(address):
        raise UsageError(f"« {address} » n'est pas une adresse électronique : donnez l'adresse exacte d'où la "
                          "personne a écrit (ou, pour un dossier papier sans adresse, sa référence)")
    return address


# --------------------------------------------------------------------------- export


@dataclass(frozen=True)
class Mention:
    """A kept message, someone else's (not from the address), that names the address (core/mentions.py)."""
    row: Inbound
    where: tuple[str, ...]


def mentioned_in(app: App, s, address: str, found: Held) -> list[Mention]:
    """The kept messages that name `address` other than as their sender: a forward's quoted senders (a forward
    of a forward), recipients, an attached .eml or Outlook item. Each is parsed again from its raw bytes in the
    reading processes, as the poller does (every core; [limits] read_seconds and max_parts for each: a hostile
    message kept in quarantine costs its budget, not the command's time); a message that cannot be parsed so
    (over a limit, out of time, a crash) is searched as bytes."""
    from concurrent.futures import ThreadPoolExecutor

    from intake.pipeline.poll import readers

    theirs = {m.id for m in found.elsewhere} | {m.id for m in found.ledger}
    own = {c.id for c in found.own}
    rows = [row for row in ledger.with_raw(s)
            if not (row.id in theirs or row.case_id in own or row.from_addr == address)
            and app.blobs.path(row.raw_sha256).exists()]
    if not rows:
        return []
    limits = app.settings.limits

    def where(sha256: str) -> tuple[str, ...]:
        raw = app.blobs.get(sha256)
        try:
            parsed, _ = pool.parse(raw, sha256, limits.max_parts, limits.read_seconds, limits.max_header_bytes)
            return mentions(parsed, address)
        except Exception:  # noqa: BLE001 - over a limit, out of time, unreadable, a crash: its bytes as they are
            return ("dans le message brut",) if quoting_bytes(address).search(raw) else ()

    with readers(app) as pool, ThreadPoolExecutor(max_workers=pool.workers) as threads:
        found_in = list(threads.map(where, [row.raw_sha256 for row in rows]))
    return [Mention(row, places) for row, places in zip(rows, found_in, strict=True) if places]


def export(app: App, person: str, target: Path) -> tuple[Path, Held]:
    who = who_of(person)
    address = who.address
    if target.exists():
        raise IntakeError(f"{target} existe déjà : choisissez un autre fichier avec --output")
    tz = app.settings.timezone

    def iso(when):
        return when.astimezone(tz).isoformat(timespec="seconds") if when else None

    with session(app.engine) as s:
        found, who = _held(s, who)
        mentioned = mentioned_in(app, s, address, found) if address else []
        found.mentioned = len(mentioned)
        # what the daily reading budgets store of her address, her box, her domain -> which it is
        counted = {sealed: key for key, sealed in reading_keys_of(app, address).items()} if address else {}
        files: dict[str, bytes] = {}

        def attach(path: str, content: bytes) -> str:
            files[path] = content
            return path

        # an ignored message's subject was never stored (minimisation): say so, not « "objet": "" », which reads as a
        # message without a subject
        def message(m: Inbound, folder: str, n: int) -> dict:
            out = {"boite": m.mailbox, "dossier_imap": m.folder, "uid": m.uid, "message_id": m.message_id,
                   "de": m.from_addr, "objet": m.subject if keeps_content(m.fate) else NOT_KEPT,
                   "recu_le": iso(m.internal_date), "taille": m.size,
                   "sort": labels.fate(m.fate), "motif": labels.reason(m.reason),
                   # what the day's byte limits of unauthenticated mail counted of it ([limits] bytes_per_*_per_day),
                   # and the domain of her address they counted it with; what it added to the store, authenticated
                   # or not ([limits] bytes_per_authenticated_sender_per_day)
                   "octets_comptes_dans_les_limites_du_jour": m.stored_bytes, "domaine_compte": m.stored_domain,
                   "octets_ajoutes_au_stockage": m.added_bytes,
                   "fichier": None}
            if m.raw_sha256 and app.blobs.path(m.raw_sha256).exists():
                out["fichier"] = attach(f"{folder}/messages/{n:03d}.eml", app.blobs.get(m.raw_sha256))
            return out

        def mail(o: Outbox, folder: str, n: int) -> dict:
            name = filenames.zip_entry(labels.mail(o.kind))  # « accusé de réception », as the person reads it
            return {"sorte": labels.mail(o.kind), "a": o.to_addr, "de": o.from_addr, "objet": o.subject,
                    "statut": labels.mail_status(o.status), "erreur_d_envoi": o.last_error,
                    "cree_le": iso(o.created_at), "envoye_le": iso(o.sent_at), "message_id": o.message_id,
                    "fichier": attach(f"{folder}/courriels/{n:03d}-{name}.eml", o.raw)}

        own = []
        for case in found.own:
            folder = f"dossiers/{case.reference}"
            held_pieces = pieces.of_case(s, case.id)
            received = ledger.arrivals(s, case.id)
            own.append({
                "reference": case.reference, "references_fusionnees": [a.reference for a in cases.aliases(s, case.id)],
                "statut": labels.status(case.status), "motif_du_statut": labels.reason(case.status_reason),
                "demandeur": case.applicant,
                "nom": case.applicant_name, "titre": case.title, "champs_lus_dans_le_dossier": dict(case.fields or {}),
                "champs_corriges_par_le_service": list(case.staff_fields or []),
                # what staff are told to look at on the case (« À voir »): a note about her, shown on its page
                "a_voir_par_le_service": case.attention,
                "recu_le": iso(case.received_at), "cree_le": iso(case.created_at),
                "mis_a_jour_le": iso(case.updated_at),
                "pieces": [{"nom": p.filename, "sorte": app.rules.label(p.kind) if p.kind else "à vérifier",
                            "taille": p.size, "sha256": p.sha256, "type": p.detected_type,
                            # what the rules found in it (staff read it on the case): how it was named
                            "comment_le_service_l_a_reconnue": p.evidence,
                            "recu_le": iso(received.get(p.inbound_id or 0) or p.created_at),
                            "fichier": attach(f"{folder}/pieces/{n:03d}-"
                                              + filenames.zip_entry(filenames.safe_name(p.filename, p.detected_type)),
                                              app.blobs.get(p.sha256))
                            if app.blobs.path(p.sha256).exists() else None} for n, p in enumerate(held_pieces, 1)],
                "messages": [message(m, folder, n) for n, m in enumerate(ledger.of_case(s, case.id), 1)],
                "courriels_envoyes": [mail(o, folder, n) for n, o in enumerate(outbox.of_case(s, case.id), 1)],
                "historique": [{"le": iso(e.at), "quoi": labels.event(e.kind),
                                "detail": labels.detail(e.kind, e.detail), "par": e.actor}
                               for e in cases.events(s, case.id)],
                "adresses": [{"adresse": a.address, "role": role_label(a.role), "origine": source_label(a.source),
                              "le": iso(a.created_at),
                              # what the day's limits on new cases count it by ([limits] cases_per_domain_per_day...)
                              "authentifiee_par_le_serveur_de_la_ville": a.authenticated,
                              "domaine_compte": a.domain} for a in applicants.listed(s, case.id)],
            })
        refs = cases.references(s)
        index = {
            "adresse": address or None,
            **({"dossier_demande": who.reference} if who.reference else {}),
            "exporte_le": iso(app.clock()),
            "responsable_du_traitement": {"service": app.settings.service.name, "adresse": app.settings.service.address,
                                          "courriel": app.settings.service.email},
            "contact_protection_des_donnees": app.settings.privacy.dpo or app.settings.service.email,
            "dossiers": own,
            "messages_dans_d_autres_dossiers": [
                {**message(m, "autres-dossiers", n), "dossier": refs.get(m.case_id or 0)}
                for n, m in enumerate(found.elsewhere, 1)],
            "courriels_recus_hors_de_vos_dossiers": [
                {**mail(o, "autres-courriels", n), "dossier": refs.get(o.case_id or 0)}
                for n, o in enumerate(found.mails_elsewhere, 1)],
            "messages_non_retenus": [message(m, "messages-non-retenus", n) for n, m in enumerate(found.ledger, 1)],
            "adresse_citee_dans_d_autres_dossiers": [
                {"dossier": refs.get(a.case_id), "origine": source_label(a.source), "le": iso(a.created_at)}
                for a in found.named],
            "adresse_signalee": {"non_remise_definitive": found.address.undeliverable,
                                 "envoi_en_boucle": found.address.looping, "motif": found.address.reason,
                                 "le": iso(found.address.updated_at)} if found.address else None,
            # what each staff digest said of her cases (its CSV's lines that name her): the erasure deletes them
            "recapitulatifs_du_service_qui_vous_citent": [
                {"le": iso(o.created_at), "lignes_qui_vous_concernent": digest_lines(o.raw, address, who.reference)}
                for o in found.digests],
            # a staff member's visits to the console (« Nouveau depuis ma dernière visite »): three times, no more
            "visites_de_la_console": {"fin_de_la_visite_precedente": iso(found.visit.mark),
                                      "debut_de_la_visite_en_cours": iso(found.visit.started_at),
                                      "derniere_activite": iso(found.visit.last_seen_at)} if found.visit else None,
            # the reading time her mail (her box's, her domain's) took on a day, which bounds it (today, yesterday):
            # what is stored is a keyed hash of the address or domain, never the address; said as it is
            "temps_de_lecture_de_vos_messages_par_jour": [
                {"jour": r.day, "secondes": r.milliseconds / 1000, "enregistre": r.key,
                 "ce_que_c_est": f"empreinte HMAC-SHA256 (clé secrète de l'installation) de « {counted[r.key]} », "
                                 "pas l'adresse elle-même : le temps qu'a pris la lecture des fichiers "
                                 f"{what_a_key_counts(counted[r.key])}"} for r in readings.of_keys(s, tuple(counted))],
            # a staff member's console sessions and sign-in links still held (a day after their end at most)
            "connexions_a_la_console": [
                {"sorte": "session" if isinstance(r, WebSession) else "lien de connexion", "cree_le": iso(r.created_at),
                 "valable_jusqu_au": iso(r.expires_at)} for r in found.signins],
            # a staff member's actions signed with the address: where, how many (an erasure keeps them: who did what)
            "actions_a_votre_nom": [{"dossier": refs.get(case_id), "actions": n} for case_id, n in found.acted.items()],
            "suppressions_lancees_a_votre_nom": found.deletions,
            # someone else's message (not given here: it is theirs) that names the address: staff decide
            "messages_d_autres_personnes_qui_citent_votre_adresse": [
                {"dossier": refs.get(m.row.case_id or 0), "boite": m.row.mailbox, "uid": m.row.uid,
                 "recu_le": iso(m.row.internal_date), "de": m.row.from_addr, "objet": m.row.subject,
                 "sort": labels.fate(m.row.fate), "ou": list(m.where)} for m in mentioned],
            "autres_mentions_de_votre_adresse": [
                {"ou": quoted_where(q.where), "dossier": refs.get(q.case_id or 0), "texte": q.text}
                for q in found.quoted],
        }
    private_dir(target.parent)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data: for the DPO's eyes only
    try:
        with os.fdopen(fd, "wb") as out, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("index.json", json.dumps(index, ensure_ascii=False, indent=2))
            whom = address or f"le demandeur du dossier {who.reference}"
            z.writestr("LISEZMOI.txt", README.format(address=whom, service=app.settings.service.name))
            for path, content in files.items():
                z.writestr(path, content)
    except BaseException:  # a full disk: no half-written copy of the person's data is left behind
        target.unlink(missing_ok=True)
        raise
    return target, found


QUOTED_WHERE = {"inbound.reason": "motif d'un message reçu (par exemple un avis de non-remise)",
                "caseevent.detail": "historique d'un autre dossier", "case.attention": "note « À voir » d'un dossier",
                "case.status_reason": "motif du statut d'un dossier", "address.reason": "signalement d'une adresse",
                "outbox.last_error": "erreur d'envoi d'un courriel",
                "case.title": "titre d'un dossier", "piece.filename": "nom d'un fichier d'un dossier",
                "digest.recipients": "destinataires du récapitulatif quotidien d'un jour"}

def quoted_where(where: str) -> str:
    """Where a text that quotes the address is, in French: `Quote.where` (store/people.py)."""
    if where.startswith(FIELDS + "."):
        return f"champ « {where[len(FIELDS) + 1:]} » d'un autre dossier (lu dans son dossier d'intention)"
    return QUOTED_WHERE.get(where, where)


README = """Données détenues sur {address} par le service de candidature au label « Béthune Smart City »
({service}).

index.json       tout ce qui est enregistré : vos dossiers (pièces, messages, courriels envoyés,
                 historique), vos messages dans d'autres dossiers, les messages non retenus (seuls
                 l'expéditeur, l'identifiant du message, la date, la taille et le motif en sont
                 gardés), les signalements,
                 les autres textes du service qui citent votre adresse, les messages
                 d'autres personnes où elle figure (un transfert, un message joint : listés,
                 sans leur contenu, qui est le leur) ;
                 chaque fichier y est désigné par son chemin dans cette archive.
dossiers/        pour chacun de vos dossiers : les pièces reçues (pieces/), vos messages tels qu'ils
                 sont arrivés (messages/, à ouvrir avec un logiciel de messagerie) et les courriels
                 que le service vous a envoyés (courriels/).
"""



# --------------------------------------------------------------------------- erasure
@dataclass
class Erased:
    cases: list[str] = field(default_factory=list)
    named: int = 0  # mentions as a named address on others' cases, removed
    ledger: int = 0
    digests: int = 0
    address: bool = False
    scrubbed: int = 0
    elsewhere: list[str] = field(default_factory=list)  # others' cases holding their messages: left to staff
    mentioned_unfiled: int = 0  # quarantined messages of others that name it (the quarantine's retention deletes them)
    visits: int = 0  # a staff member's visit times (store/staffvisits.py), forgotten
    readings: int = 0  # the reading time of the day of her mail, her box's, her domain's (store/readings.py)
    signins: int = 0  # a staff member's console sessions, sign-in links and their mails (store/signins.py), forgotten
    files: int = 0
    bytes: int = 0


def reading_keys_of(app: App, address: str) -> dict[str, str]:
    """The keys of the daily reading budgets that name the address, its box or its domain (core/reading_budget.py),
    each with what is stored of it (a keyed hash). Without the installation's key file, none can be told hers: none
    was stored yet, or under a deleted key, whose rows name nobody and are purged within two days (an export makes
    no key)."""
    if not (app.settings.data_dir / KEY_FILE).exists():
        return {}
    return readbudget.stored_keys(app.settings, keys_naming(address, budget_domain(app.settings, address, False),
                                                                     budget_domain(app.settings, address, True)))


def erase(app: App, person: str, force: bool, actor: str) -> Erased:
    who = who_of(person)
    address = who.address
    now = app.clock()
    out = Erased()
    with session(app.engine) as s:
        found, who = _held(s, who)
        still_open = [c for c in found.own if c.status in OPEN]
        if still_open and not force:
            raise IntakeError(
                "effacement refusé : " + ", ".join(f"{c.reference} ({labels.status(c.status)})" for c in still_open)
                + " toujours en cours : enregistrez d'abord la décision (intake case REF status withdrawn), ou "
                  "ajoutez --force pour effacer quand même")
        for case in found.own:
            forget_case(s, case, ERASURE, now, app.rules.fields, actor,
                        why="dossier effacé à la demande de la personne (RGPD, art. 17) ; il en reste la ligne "
                            "statistique")
            out.cases.append(case.reference)
        applicants.forget(s, found.named)  # it may no longer speak for someone else's case
        out.named = len(found.named)
        for m in found.ledger:
            trash(s, [m.raw_sha256], now)
            to_trace(m, "effacé à la demande de l'expéditeur (RGPD, art. 17)")
            ledger.save(s, m)
        out.ledger = len(found.ledger)
        outbox.forget(s, found.digests)
        out.digests = len(found.digests)
        if found.address is not None:
            flagged.forget(s, found.address)
            out.address = True
        out.visits = staffvisits.forget(s, address) if address else 0
        out.signins = signins.forget_person(s, address) if address else 0
        out.readings = readings.forget_keys(s, tuple(reading_keys_of(app, address).values())) if address else 0
        mentioned = mentioned_in(app, s, address, found) if address else []
        out.elsewhere = references_of(s, {m.case_id for m in found.elsewhere if m.case_id}
                                      | {o.case_id for o in found.mails_elsewhere if o.case_id}
                                      | {m.row.case_id for m in mentioned if m.row.case_id})
        out.mentioned_unfiled = sum(1 for m in mentioned if not m.row.case_id)
        s.flush()
        out.scrubbed = scrub(s, address) if address else 0
        record(s, now, ERASURE, f"effacement à la demande de la personne (RGPD, art. 17) : "
                                f"{count(len(out.cases), 'dossier')} {', '.join(out.cases)} ; "
                                f"{count(out.named, 'mention')} comme adresse citée dans d'autres dossiers ; "
                                f"{count(out.ledger, 'message non retenu', 'messages non retenus')} ; "
                                f"{count(out.digests, 'récapitulatif')} ; "
                                f"{count(out.scrubbed, 'mention remplacée', 'mentions remplacées')}"
                                + (" ; adresse signalée oubliée" if out.address else "")
                                + (" ; heures de visite de la console oubliées" if out.visits else "")
                                + (" ; sessions et liens de connexion à la console oubliés" if out.signins else "")
                                + (" ; temps de lecture de ses messages du jour oublié" if out.readings else ""),
               items=len(out.cases) + out.ledger + out.digests, actor=actor)
        s.commit()
    emptied = empty_trash(app.engine, app.blobs, app.locks)
    out.files, out.bytes = emptied.files, emptied.bytes
    forget_written_mail(app, actor)
    forget_left_exports(app, actor)  # a jury ZIP a stopped console left may hold the person's pieces
    checkpoint(app.engine)
    return out
