"""`intake rules check`: the rules and templates an admin edits, tried before use.

Every mail template is rendered with sample values. Every mail must show the
case reference and the service's contact block; acknowledgements the date of
receipt (CRPA R112-11-1); a mail about an incomplete case the missing pieces
and the deadline (L114-5). In the text and in the HTML part. Every mail that
acknowledges (acknowledgement, new pieces, completion) must include the legal
block (templates/_mentions_legales.*.j2: whether silence means acceptance or
rejection, and when, R112-11-1 3°); the refusals (declined, inadmissible) the
motif (the staff's note) and the routes and time limits of appeal
(templates/_voies_recours.*.j2; CJA R421-5). Each block must say something, and
its text and HTML twins the same thing. The receipt (templates/receipt) must
show the reference, the date of receipt and each file's name, size and
SHA-256, and lay out as a PDF.
"""

from __future__ import annotations

import contextlib
import html as html_module
import re
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from intake.adapters.templates import Templates, read_errors
from intake.config import Service
from intake.config.settings import SET_IT
from intake.core import mailcontent
from intake.core.french import unbreakable
from intake.core.plaintext import html_in_plain_text, html_in_plain_text_said, stray_brace, stray_brace_said
from intake.core.replies import ACKNOWLEDGEMENT, COMPLETION, MAIL_KINDS_TO_APPLICANT, REMINDER, UPDATE
from intake.core.rules import Rules
from intake.core.statuses import COMPLETE, DECISIONS, DECLINED, INADMISSIBLE, INCOMPLETE, REVIEW
from intake.core.text import fold
from intake.errors import RulesError

SAMPLE_SERVICE = Service(name="Service Exemple",
                         address="Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune",
                         email="exemple@ville-bethune.fr", phone="03 21 00 00 00", hours="9 h - 12 h")
MISSING = "courrier officiel adressé au Maire"
SAMPLE_NOTE = "Motif donné en exemple : action menée hors du territoire de la commune."

LEGAL_BLOCK = "_mentions_legales"  # .txt.j2 and .html.j2: the implicit-decision paragraph (R112-11-1 3°)
RECOURSE_BLOCK = "_voies_recours"  # .txt.j2 and .html.j2: routes and time limits of appeal of a refusal
ACKNOWLEDGING = (ACKNOWLEDGEMENT, UPDATE, COMPLETION)  # each must include the legal block
REFUSALS = (f"decision/{DECLINED}", f"decision/{INADMISSIBLE}")  # each must give the motif and the recourse
DEFAULT_MARK = "TEXTE PAR DÉFAUT"  # in the shipped legal block's header, until the legal service validates it


def sample(kind: str, status: str, service: Service = SAMPLE_SERVICE, deadline: date = date(2026, 12, 2)) -> dict:
    return mailcontent.case_mail(
        kind=kind, reference="BSC-2026-0001", status=status,
        received_at=datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc), tz=ZoneInfo("Europe/Paris"),
        applicant_name="Camille Exemple", subject="Candidature",
        pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        new_pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        missing=[] if status == COMPLETE else [MISSING],
        unresolved=["scan_0001.pdf", "candidature.7z"] if status == REVIEW else [], deadline=deadline,
        archives=["candidature.7z"] if status == REVIEW else [],  # an archive not opened here, for staff to open
        included=[] if status == COMPLETE else [(mailcontent.Wanted("documents complémentaires et visuels", True),
                                                 "candidature.pdf", False),
                                                (mailcontent.Wanted("courrier officiel adressé au Maire"),
                                                 "Lettre au Maire.pdf", True)],  # a link shown under that name
        complete_since=datetime(2026, 11, 3, 9, 30, tzinfo=timezone.utc), reminder_number=1, note=SAMPLE_NOTE,
        service=service)


STATUS_SAID: dict[str, str] = {COMPLETE: "dossier complet", INCOMPLETE: "dossier incomplet",
                               REVIEW: "dossier à vérifier"}


def preview_kinds() -> tuple[str, ...]:
    """The mails `intake rules check --preview` shows: each folder of templates/ that writes to an applicant."""
    return MAIL_KINDS_TO_APPLICANT + tuple(f"decision/{d}" for d in DECISIONS)


def preview(templates: Templates, kind: str, rules: Rules, service: Service, tz: ZoneInfo) -> str:
    """Mail `kind` as an applicant reads it (subject and text part), once per status it is written in, with the
    check's sample values, but the deadline that rules/conversations.toml gives and config.toml's contact block."""
    from intake.core.reminders import deadline

    received = datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc)
    until = deadline(received, rules.conversation, tz) if rules.conversation else date(2026, 12, 2)
    out = [f"Aperçu de templates/{kind} (partie texte ; la partie HTML, body.html.j2, dit la même chose) : valeurs "
           "d'exemple (dossier BSC-2026-0001 reçu le lundi 2 novembre 2026), date limite selon "
           "rules/conversations.toml, bloc de contact selon config.toml [service]"]
    for status in _statuses(kind):
        subject, text, _ = templates.render_mail(kind, sample(kind, status, service, until))
        out += [f"----- {STATUS_SAID.get(status, status)} -----", f"Objet : {subject}", "", text.rstrip()]
    return "\n".join(out)


def _statuses(kind: str) -> tuple[str, ...]:
    if kind.startswith("decision/"):
        return (kind.split("/")[1],)
    return {COMPLETION: (COMPLETE,), REMINDER: (INCOMPLETE,), UPDATE: (INCOMPLETE, REVIEW)}.get(
        kind, (COMPLETE, INCOMPLETE, REVIEW))


def check_digest(templates: Templates) -> None:
    for with_cases, context in _digest_samples():
        subject, text, html = templates.render_mail("digest", context)
        for part in ("subject.j2", "body.txt.j2", "body.html.j2"):
            templates.whole_values(f"digest/{part}", context)
        if with_cases:
            for part, body in (("body.txt.j2", text), ("body.html.j2", html)):
                if "BSC-2026-0001" not in body:
                    raise RulesError(str(templates.directory / "digest" / part), None,
                                     "le récapitulatif doit lister les dossiers (leur référence) : remettez les "
                                     "tableaux")


def _digest_samples() -> list[tuple[bool, dict]]:
    """The digest's samples: (whether it lists cases, its context)."""
    from intake.core.digest import CaseLine, Health, Snapshot, build
    from intake.core.retention import Undecided

    now = datetime(2026, 11, 2, 8, 30, tzinfo=timezone.utc)
    case = CaseLine(reference="BSC-2026-0001", status=INCOMPLETE, applicant="a@exemple.fr", title="Projet",
                    received_at=now, missing=(MISSING,), attention="à voir")
    snaps = (Snapshot(now=now, previous_at=None, cases=()),
             Snapshot(now=now, previous_at=now, cases=(case,), new_cases=("BSC-2026-0001",),
                      quarantined=(("nb UID 1", "x", "illisible"),), mailboxes=(Health("nb", "n@x.fr", None),),
                      undecided=(Undecided("BSC-2026-0001", COMPLETE, now, now),)))
    links = (lambda ref: "", lambda ref: f"https://console.exemple.fr/cases/{ref}")  # [web] base_url unset, set
    out = []
    for snap, link in ((snap, link) for snap in snaps for link in links):
        context = build(snap, ZoneInfo("Europe/Paris"), link)
        context["service"] = {"name": SAMPLE_SERVICE.name}
        out.append((bool(snap.cases), context))
    return out


SAMPLE_FILES = (("dossier d'intention", "Dossier d'intention.pdf", 123_456,
                 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                ("documents complémentaires et visuels", "photo été.jpg", 2_048_000,
                 "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"))


def check_receipt(templates: Templates) -> None:
    """The receipt must show the reference, the date of receipt, and each file's name, size and SHA-256;
    and it must lay out as a PDF."""
    from intake.core.receipt import ReceivedFile, receipt_values
    from intake.pipeline.receipt_pdf import TEMPLATE, render

    when = datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc)
    files = [ReceivedFile(kind=k, filename=f, size=n, sha256=h, received_at=when) for k, f, n, h in SAMPLE_FILES]
    values = receipt_values(reference="BSC-2026-0001", received_at=when, issued_at=when, tz=ZoneInfo("Europe/Paris"),
                            applicant="camille@exemple.fr", applicant_name="Camille Exemple", title="Projet",
                            files=files, retention=[("dossier", "6 mois")], dpo="dpo@exemple.fr",
                            service=SAMPLE_SERVICE)
    text = templates.render(TEMPLATE, values)
    templates.whole_values(TEMPLATE, values)
    required = {"la référence du dossier ({{ reference }})": values["reference"],
                "la date de réception ({{ received_at }})": values["received_at"]}
    for f in values["files"]:
        required["le nom de chaque fichier ({% for f in files %} ... {{ f.filename }})"] = f["filename"]
        required["la taille de chaque fichier en octets ({{ f.bytes }})"] = f["bytes"]
        required["l'empreinte SHA-256 de chaque fichier ({{ f.sha256 }})"] = f["sha256"]
    for what, value in required.items():
        if value not in text:
            raise RulesError(str(templates.directory / TEMPLATE), None, f"le récépissé doit montrer {what} : "
                                                                        "remettez-le")
    render(templates, values, values["reference"])


def words(text: str) -> str:
    """What a text says, without its layout: its words, folded, one space apart (list marks, line breaks,
    punctuation and accents do not count)."""
    return " ".join(re.findall(r"\w+", fold(text)))


def html_words(html: str) -> str:
    """What an HTML part says: its text without tags, comments or style (links keep their visible text)."""
    html = re.sub(r"(?is)<(style|script|head)\b.*?</\1\s*>|<!--.*?-->", " ", html)
    return words(html_module.unescape(re.sub(r"<[^>]*>", " ", html)))


def _first_difference(a: str, b: str) -> str:
    left, right = a.split(), b.split()
    n = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
    return f"« …{' '.join(left[max(0, n - 3):n + 4])}… » / « …{' '.join(right[max(0, n - 3):n + 4])}… »"


def check_block(templates: Templates, name: str, context: dict, what: str,
                must_say: tuple[tuple[tuple[str, ...], str], ...]) -> tuple[str, str]:
    """Render the `name` include (text and HTML twins) with `context`; refuse a missing or empty one, one that
    omits what it must say, or twins that say different things. (what the text says, what the HTML says)."""
    txt_file, html_file = Path(templates.directory / f"{name}.txt.j2"), Path(templates.directory / f"{name}.html.j2")
    for path in (txt_file, html_file):
        if not path.is_file():
            raise RulesError(str(path), None, f"{what} : le fichier manque : remettez {path.name} depuis le "
                                              "dossier templates/ livré avec intake (et faites valider son texte par "
                                              "le service juridique de la Ville)")
    said = words(templates.render(txt_file.name, context))
    said_html = html_words(templates.render(html_file.name, context))
    for path, text in ((txt_file, said), (html_file, said_html)):
        if not text:
            raise RulesError(str(path), None, f"{what} : le texte est vide : écrivez-le (le texte par défaut est "
                                              f"dans templates/{path.name} livré avec intake) et faites-le valider "
                                              "par le service juridique de la Ville")
        for alternatives, why in must_say:
            if not any(re.search(rf"\b{a}", text) for a in alternatives):
                raise RulesError(str(path), None, f"{what} doit dire {why} ; voyez templates/{path.name} du "
                                                  "projet")
    if said != said_html:
        raise RulesError(str(html_file), None, f"{what} : ce fichier ne dit pas la même chose que "
                                               f"{txt_file.name} ({_first_difference(said, said_html)}) : faites "
                                               "dire la même chose aux deux (le logiciel de messagerie du demandeur "
                                               "montre l'un ou l'autre)")
    return said, said_html


LEGAL_WHAT = "les mentions légales sur la décision implicite"
RECOURSE_WHAT = "les voies et délais de recours"
LEGAL_MUST_SAY = (
    (("implicite",), "si le silence vaut décision (« décision implicite ») (CRPA R112-11-1 3°)"),
    (("accept", "rejet", "refus"), "si la demande sera réputée acceptée ou rejetée (« acceptation » "
                                   "ou « rejet ») (CRPA R112-11-1 3°)"),
)
RECOURSE_MUST_SAY = (
    (("tribunal administratif",), "devant quel tribunal la décision peut être contestée (« tribunal "
                                  "administratif » ; code de justice administrative R421-5)"),
    (("deux mois", "2 mois"), "dans quel délai (« deux mois » ; code de justice administrative R421-5)"),
)


def unset_secrets(settings, environ, servers_tried: bool = False) -> list[str]:
    """The secrets config.toml names whose environment variable is not set where the check runs: `intake rules
    check` said « OK » in a terminal that had not read secrets.env, and `intake poll` was then refused (the
    README's step 6 runs one after the other). Said, not refused: the rules may be checked on a machine without
    the passwords. Whether the servers accept them is `intake poll`'s to try, or --connect's: with it
    (`servers_tried`), each mailbox's and the relay's line says its own, and only the database's is said here (each
    variable was said twice, one after the other)."""
    wanted: list[tuple[str, str]] = []
    servers = [(f"le mot de passe de la boîte {m.name}", m.server) for m in settings.mailboxes
               if m.server and not servers_tried]
    if settings.smtp is not None and not settings.outbox_dir and not servers_tried:
        servers.append(("le mot de passe du relais d'envoi [smtp]", settings.smtp))
    for what, server in servers:
        if server.auth == "password" and server.password_env:
            wanted.append((server.password_env, what))
        if server.oauth is not None and server.oauth.client_secret_env:
            wanted.append((server.oauth.client_secret_env, f"{what.replace('le mot de passe', 'le secret OAuth')}"))
    if settings.database_password_env:
        wanted.append((settings.database_password_env, "le mot de passe de la base PostgreSQL"))
    seen: dict[str, list[str]] = {}
    for name, what in wanted:
        if name not in environ:
            seen.setdefault(name, []).append(what)
    return [f"À vérifier : {settings.file} : la variable d'environnement {name} ({', '.join(what)}) n'est pas "
            f"définie ici : intake poll et le service la demandent ; {SET_IT}" for name, what in seen.items()]


def future_since(settings, now) -> list[str]:
    """The mailboxes whose `since` is still to come at `now` (aware): every message of such a mailbox is older than
    it, and `intake poll` ignores them all, its summary saying only « 5 ignorés » (an admin's typo, 2036-11-01 for
    2026-11-01, read no mail at all). Said, not refused: a date set ahead on purpose (the label opens on the 1st) is
    the admin's right."""
    out = []
    for i, box in enumerate(settings.mailboxes, start=1):
        if box.since > now:
            day = box.since.astimezone(settings.timezone).strftime("%Y-%m-%d")
            out.append(f"À vérifier : {settings.file} : mailboxes[{i}].since = {day} (boîte {box.name}) est une date "
                       "à venir : aucun courriel reçu avant elle n'est traité, intake poll les ignore tous ; si "
                       "l'année ou le mois est une faute de frappe, corrigez since (AAAA-MM-JJ, sans guillemets)")
    return out


def no_digest(settings) -> list[str]:
    """Said when no one receives the staff digest ([digest] missing, or recipients empty): the service then runs
    without ever sending it, and nothing else would tell the admin (`intake digest` refuses, but only when asked)."""
    if settings.digest.recipients:
        return []
    return [f"À vérifier : {settings.file} : [digest] recipients est vide (ou la table [digest] manque) : le "
            "récapitulatif quotidien n'est envoyé à personne ; listez les adresses du service, par exemple "
            '[digest] recipients = ["n.bataillon@ville-bethune.fr"] (voir config.example.toml)']


def no_staff(settings) -> list[str]:
    """No [[staff]] at all (the blocks left out, or commented): the check said « OK » and the console then sent its
    sign-in link to nobody, whatever address was typed. Said, not refused: a worker without a console is allowed."""
    if settings.staff:
        return []
    return [f"À vérifier : {settings.file} : aucun [[staff]] : personne ne peut se connecter à la console (intake "
            "serve), dont le lien de connexion ne part qu'aux adresses déclarées là ; ajoutez un bloc [[staff]] par "
            "membre du service (email, name, role = \"staff\" ou \"admin\"), comme dans config.example.toml"]


def no_dpo(settings) -> list[str]:
    """No [privacy] dpo: the receipts and a person's export tell applicants to write to the service's address about
    their data, and the register (intake rules registre) leaves the DPO « à compléter ». The DPO's contact is due to
    the people (GDPR art. 13) and in the register (art. 30): said, not refused, as the service's address works."""
    if settings.privacy.dpo:
        return []
    return [f"À vérifier : {settings.file} : [privacy] dpo n'est pas renseigné : les récépissés et les exports "
            f"(intake person --export) disent d'écrire à {settings.service.email} au sujet de ses données, et le "
            "registre (intake rules registre) laisse le délégué à la protection des données « à compléter » ; "
            "écrivez son adresse sous [privacy], par exemple dpo = \"dpo@ville-bethune.fr\""]


def notices(templates: Templates, rules: Rules | None = None, rules_dir: Path = Path("rules")) -> list[str]:
    """What `intake rules check` reminds the admin of without refusing (French: the admin reads it): the legal
    block still the shipped default text; no blank form to download given for any required piece."""
    out = []
    marked = []
    for twin in ("txt", "html"):
        path = Path(templates.directory / f"{LEGAL_BLOCK}.{twin}.j2")
        try:
            if DEFAULT_MARK in path.read_text(encoding="utf-8"):
                marked.append(str(path))
        except (OSError, UnicodeDecodeError):
            continue
    if marked:
        out.append(f"À faire : {', '.join(marked)} : texte par défaut des mentions légales (décision implicite, "
                   "CRPA R112-11-1) ; faites-le valider par le service juridique de la Ville, puis retirez la "
                   f"ligne « {DEFAULT_MARK}… » de son en-tête")
    out += _twins_that_differ(templates)
    required = [k for k in rules.kinds if k.required] if rules else []
    if required and not any(k.form_url for k in required):
        form = next((k for k in required if k.key == "dossier"), required[0])
        out.append(f"À faire : {rules_dir / 'pieces.toml'} : aucune pièce obligatoire ne donne l'adresse de son "
                   f"formulaire vierge ; à qui manque le {form.label}, le courriel ne dit pas où le télécharger : "
                   f"ajoutez formulaire = \"https://...\" (la page du label sur le site de la Ville) sous "
                   f"[kinds.{form.key}]")
    if rules and rules.link_hosts and not rules.notice_domains:
        out.append(f"À faire : {rules_dir / 'pieces.toml'} : [links] notice_domains absent : un avis de WeTransfer, "
                   "Smash ou d'un partage Google Drive n'est le message de personne (ignoré comme le courriel d'un "
                   "robot) ; copiez la liste notice_domains du rules/pieces.toml livré, sans jamais y mettre un "
                   "domaine où chacun peut ouvrir une boîte (icloud.com, free.fr, live.com, gmail.com...)")
    return out


def _sample_mails() -> list[tuple[str, list[tuple[str, dict]]]]:
    """Every mail to an applicant (the decisions' included), each with a sample (status, context) per status it
    can be written in."""
    return [(kind, [(status, sample(kind, status)) for status in _statuses(kind)])
            for kind in MAIL_KINDS_TO_APPLICANT + tuple(f"decision/{d}" for d in DECISIONS)]


def _twins_that_differ(templates: Templates) -> list[str]:
    """A mail whose text and HTML versions no longer say the same words (one was reworded, not the other): each
    applicant's mail program shows one of them. A reminder, not a refusal: the service keeps running."""
    out = []
    mails = _sample_mails()
    # the contact block, included by every mail: reworded in one twin, it is named once, and the mails are compared
    # without it (they were each said to differ, naming files the admin had not touched)
    try:
        contact = (words(templates.render("_contact.txt.j2", mails[0][1][0][1])),
                   html_words(templates.render("_contact.html.j2", mails[0][1][0][1])))
    except Exception:  # noqa: BLE001 - a block that does not render is check_templates' to refuse
        contact = ("", "")
    if contact[0] != contact[1]:
        folder = templates.directory
        out.append(f"À vérifier : {folder / '_contact.txt.j2'} et {folder / '_contact.html.j2'} ne disent plus la "
                   f"même chose ({_first_difference(*contact)}) : chaque demandeur lit l'un ou l'autre selon son "
                   "logiciel de messagerie ; modifiez les deux (le nom, l'adresse, le courriel et le téléphone du "
                   "service se changent dans config.toml, section [service])")
    for kind, samples in mails:
        if kind == REMINDER:  # the last reminder says more
            samples.append((INCOMPLETE, {**samples[0][1], "last_reminder": True}))
        for _status, context in samples:
            try:
                _subject, text, html = templates.render_mail(kind, context)
            except Exception:  # noqa: BLE001 - a template that does not render is check_templates' to refuse
                break
            said, said_html = words(text), html_words(html)
            if contact[0] != contact[1]:
                said, said_html = " ".join(said.replace(contact[0], " ").split()), " ".join(
                    said_html.replace(contact[1], " ").split())
            if said != said_html:
                folder = templates.directory / kind
                out.append(f"À vérifier : {folder / 'body.txt.j2'} et {folder / 'body.html.j2'} ne disent plus la "
                           f"même chose ({_first_difference(said, said_html)}) : chaque demandeur lit l'une ou "
                           "l'autre selon son logiciel de messagerie ; modifiez les deux")
                break
    return out


_CONTACT_VALUES = (("email", "l'adresse de courriel du service"), ("phone", "le téléphone du service"))


def _contact_block_shows(templates: Templates, block: str, context: dict) -> None:
    """RulesError on the contact block itself when it no longer shows the service's email or phone: the admin who
    wrote the town's new number in templates/_contact.txt.j2 was told to put back something in every mail's body
    (« acknowledgement/body.txt.j2 : ... remettez-le »), files they had not touched, when the number's place is
    config.toml's [service]."""
    try:
        said = templates.render(block, context)
    except RulesError:
        return  # a block that does not render is refused by the mail that includes it
    for key, what in _CONTACT_VALUES:
        value = getattr(SAMPLE_SERVICE, key)
        if value not in said and unbreakable(value) not in said:  # as HTML prints it (french.py)
            raise RulesError(str(templates.directory / block), None,
                             f"le bloc de contact doit montrer {what} par {{{{ service.{key} }}}}, la valeur de "
                             f"config.toml : pour la changer, écrivez-la dans config.toml, section [service], "
                             f"{key} = \"...\", et remettez {{{{ service.{key} }}}} dans ce bloc")


class _Units:
    """check_templates' checks, each ended by its first error: raised (the commands that use the templates stop at
    the first), or, for `intake rules check` (`found`), kept and the next check goes on. At most one error per file:
    a later one of the same file (or of the same cause, RulesError.cause) may follow from the first, and is said
    once that one is fixed."""

    def __init__(self, found: list[RulesError] | None):
        self.found = found
        self.failed = False  # whether the last unit ended with an error

    @contextlib.contextmanager
    def unit(self) -> Iterator[None]:
        self.failed = False
        try:
            yield
        except RulesError as exc:
            if self.found is None:
                raise
            self.failed = True
            said = {f for e in self.found for f in (e.file, e.cause) if f}
            if exc.file not in said and (exc.cause or exc.file) not in said:
                self.found.append(exc)

    def parts_render(self, templates: Templates, folder: str, contexts: list[dict]) -> bool:
        """Gathering, each part of a mail (subject, text, HTML) rendered on its own, so that a mistake in each is
        said: whether all three rendered (the mail's own checks need them). Raising: True, the checks render them."""
        if self.found is None:
            return True
        rendered = True
        for part in ("subject.j2", "body.txt.j2", "body.html.j2"):
            for context in contexts:
                with self.unit():
                    templates.render(f"{folder}/{part}", context)
                if self.failed:
                    rendered = False
                    break
        return rendered


def check_templates(templates: Templates, found: list[RulesError] | None = None) -> None:
    """Raise RulesError for the first template that fails to render or lacks a required mention; with `found`
    (`intake rules check`, `template_errors`), gather there instead the first error of each file (`_Units`)."""
    each = _Units(found)
    for name in templates.names():  # before any is rendered
        with each.unit():
            templates.unsafe_access(name)
            if name.endswith((".txt.j2", "subject.j2")) and templates.parses(name):  # else Jinja's error is said
                source, filename = templates.source(name)
                html = html_in_plain_text(source)
                if html is not None:
                    raise RulesError(filename, html[0], html_in_plain_text_said(html[1], name.endswith("subject.j2")))
                brace = stray_brace(source)
                if brace is not None:
                    raise RulesError(filename, brace[0], stray_brace_said(brace[1]))
    if each.parts_render(templates, "digest", [context for _, context in _digest_samples()]):
        with each.unit():
            check_digest(templates)
    with each.unit():
        check_receipt(templates)
    for d in DECISIONS:
        with each.unit():
            if not (templates.directory / "decision" / d).is_dir():
                raise RulesError(str(templates.directory / "decision" / d), None,
                                 f"les modèles du courriel de décision « {d} » manquent : remettez le dossier "
                                 "depuis templates/ livré avec intake")
    for name, what in ((LEGAL_BLOCK, LEGAL_WHAT), (RECOURSE_BLOCK, RECOURSE_WHAT)):
        for twin in ("txt", "html"):
            path = Path(templates.directory / f"{name}.{twin}.j2")
            with each.unit():
                if not path.is_file():
                    raise RulesError(str(path), None, f"{what} : le fichier manque : remettez {path.name} depuis le "
                                                      "dossier templates/ du projet (et faites valider son texte par "
                                                      "le service juridique de la Ville)")
    for kind, samples in _sample_mails():
        if each.parts_render(templates, kind, [context for _, context in samples]):
            with each.unit():
                _check_mail(templates, kind, samples)


def check_all(rules_dir: Path, templates: Templates) -> tuple[Rules | None, list[RulesError]]:
    """What `intake rules check` (and the console's « Règles » page) finds: the rules, or the first error of each
    rules file and each template file in error (none: they pass)."""
    from intake.adapters.rulefiles import rules_and_errors

    found, errors = rules_and_errors(rules_dir)
    errors += template_errors(templates)
    if found is not None:
        in_error = {e.file for e in errors}
        errors += [e for e in templates.field_errors([f.key for f in found.fields]) if e.file not in in_error]
    return found, errors


def kinds_said(rules: Rules) -> str:
    """The kinds of piece as the check's « OK » line names them: « dossier (obligatoire), visuels (facultatif) »."""
    return ", ".join(f"{k.key} ({'obligatoire' if k.required else 'facultatif'})" for k in rules.kinds)


def template_errors(templates: Templates) -> list[RulesError]:
    """For `intake rules check`: the first error of each template file (none: they pass). A file that cannot be
    read stops there: every mail that includes it would fail for it."""
    found = read_errors(templates.directory)
    if not found:
        check_templates(templates, found)
    return found


def _check_mail(templates: Templates, kind: str, samples: list[tuple[str, dict]]) -> None:
    """RulesError for the first thing wrong in one mail to an applicant, in any of its samples."""
    for status, context in samples:
        subject, text, html = templates.render_mail(kind, context)
        for name in (*(f"{kind}/{part}" for part in ("subject.j2", "body.txt.j2", "body.html.j2")),
                     *(b for b in templates.block_names())):
            templates.whole_values(name, context)
        if not subject.strip():
            raise RulesError(str(templates.directory / kind / "subject.j2"), None,
                             "l'objet du courriel est vide : écrivez-le sur une ligne de ce fichier (la référence "
                             "[BSC-…] y est ajoutée si elle n'y est pas), ou remettez le fichier livré avec intake")
        required = {"la référence du dossier ({{ reference }})": context["reference"]}
        if kind in (ACKNOWLEDGEMENT, UPDATE):
            required["la date de réception ({{ received_at }})"] = context["received_at"]
        if status == INCOMPLETE:
            required["les pièces manquantes ({% for m in missing %})"] = MISSING
            required["la date limite ({{ deadline }})"] = context["deadline"]
        if kind in REFUSALS:
            required["le motif de la décision ({{ note }}, la note du personnel)"] = SAMPLE_NOTE
        for part, body, contact in (("body.txt.j2", text, "_contact.txt.j2"),
                                    ("body.html.j2", html, "_contact.html.j2")):
            block = f"que donne le bloc de contact ({{% include \"{contact}\" %}})"
            for what, value in {**required, f"l'adresse de courriel du service, {block}": SAMPLE_SERVICE.email,
                                f"le téléphone du service, {block}": SAMPLE_SERVICE.phone}.items():
                if value not in body and unbreakable(value) not in body:  # as HTML prints it (french.py)
                    _contact_block_shows(templates, contact, context)
                    raise RulesError(str(templates.directory / kind / part), None,
                                     f"ce courriel ({kind}) doit montrer {what} : remettez-le")
        blocks = []
        if kind in ACKNOWLEDGING:
            blocks.append((LEGAL_BLOCK, LEGAL_WHAT,
                           check_block(templates, LEGAL_BLOCK, context, LEGAL_WHAT, LEGAL_MUST_SAY)))
        if kind in REFUSALS:
            blocks.append((RECOURSE_BLOCK, RECOURSE_WHAT,
                           check_block(templates, RECOURSE_BLOCK, context, RECOURSE_WHAT, RECOURSE_MUST_SAY)))
        for name, what, (said, said_html) in blocks:
            for part, body, block, twin in (("body.txt.j2", words(text), said, "txt"),
                                            ("body.html.j2", html_words(html), said_html, "html")):
                if block not in body:
                    raise RulesError(str(templates.directory / kind / part), None,
                                     f"ce courriel ({kind}) doit inclure {what} : remettez "
                                     f"{{% include \"{name}.{twin}.j2\" %}}")
