"""The town's own automatic senders ([trust] automatic_senders): its site's forms that send a visitor's text from a
human-looking town address (contact@, mairie@), authenticated as the town's mail, the visitor's address in Reply-To.
Declared, such an address is a robot's everywhere the look of an address decides (core/origin.py
`is_robot_address`): never a colleague's forward, its Reply-To budgeted per applicant, never answered as a person."""

from pathlib import Path

from intake.commands import samples
from intake.core.classify import verdicts_for
from intake.core.content import Extracted
from intake.core.context import Context
from intake.core.decide import decide, files_cannot_matter, only_copies_matter
from intake.core.forward import as_original
from intake.core.origin import AUTOMATIC, AUTOMATIC_SENDERS, PERSON, is_robot_address, named_by_robot, origin_of
from intake.core.parse import parse_message
from intake.core.replies import reply_target
from intake.core.rules import parse_rules
from intake.core.statuses import FILED, QUARANTINED, REVIEW
from intake.core.thread import CaseView, Clues
from intake.core.transfer import transfer_notice
from intake.core.trust import Evidence

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB, DB = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"
WATCHED = frozenset({NB, DB})
CONTACT = "contact@ville-bethune.fr"
AUTOMATIC_SET = frozenset({CONTACT})
VICTIM = "victime@gmail.com"
VISITOR = "mallory@evil.example"
# the town's server vouches for the form's mail: it really comes from the town's domain (core/trust.py)
TRUSTED = Evidence(True, "authentifié par mx.ville-bethune.fr (dmarc=pass header.from=ville-bethune.fr)")
DOSSIER = ("Dossier d'intention.pdf", samples.pdf(), "application/pdf")
COURRIER = ("courrier maire.pdf", samples.pdf("Monsieur le Maire\nlettre"), "application/pdf")


def contact_form(body: str = "Nom : Visiteur\nMessage : voici ma candidature.\n", reply_to: str = VISITOR,
                 subject: str = "Nouveau message du formulaire de contact", attachments=(DOSSIER, COURRIER)) -> bytes:
    """What the town site's « nous écrire » form sends: from contact@ the town's domain, whatever the visitor typed."""
    return samples.email(sender=f"Ville de Béthune <{CONTACT}>", to=[NB], subject=subject, body=body,
                         attachments=list(attachments), headers={"Reply-To": reply_to} if reply_to else {})


FORGED = ("Nom : Mallory\nMessage :\n---------- Message transféré ---------\nDe : Jeanne Roux <" + VICTIM + ">\n"
          "Date : lun. 30 nov. 2026 à 10:00\nObjet : Candidature au label\nÀ : <accueil@ville-bethune.fr>\n\n"
          "Voici ma candidature.\n")


def decided(raw: bytes, automatic: frozenset[str], **context):
    forward = as_original(parse_message(raw), RULES, WATCHED, NB, TRUSTED, automatic=automatic)
    msg = forward.msg
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="sys", automatic=automatic, **forward.said(),
                  **context)
    read = {a.sha256: Extracted(read=True) for a in msg.attachments}
    return forward, decide(msg, verdicts_for(msg, RULES, read), RULES, ctx)


def test_a_declared_form_sender_is_a_robot_whatever_its_address_looks_like():
    msg = parse_message(contact_form())
    assert origin_of(msg, WATCHED, "sys").category == PERSON  # a human-looking town address: a colleague's, as before
    found = origin_of(msg, WATCHED, "sys", automatic=AUTOMATIC_SET)
    assert found.category == AUTOMATIC and CONTACT in found.reason and AUTOMATIC_SENDERS in found.reason
    assert is_robot_address(CONTACT, AUTOMATIC_SET) and is_robot_address("Contact@Ville-Bethune.fr", AUTOMATIC_SET)
    assert not is_robot_address(CONTACT) and not is_robot_address("c.martin@ville-bethune.fr", AUTOMATIC_SET)
    # declared, it stays a robot even when staff once recorded it as a case's applicant (it is never vouched for)
    assert origin_of(msg, WATCHED, "sys", vouched=CONTACT, automatic=AUTOMATIC_SET).category == AUTOMATIC


def test_a_forward_block_typed_in_the_contact_form_names_nobody_and_nobody_is_written_to():
    """Attacker's review: a visitor typed « ---------- Message transféré --------- / De : victime@… » in the message of
    the town site's contact form, which sends from contact@ the town's domain (authenticated, a town address for the
    rules' forwarders): it was a colleague's trusted forward, filed under the victim and acknowledged to the victim.
    Declared as an automatic sender, its mail is the robot's: nobody quoted in it is the original sender, the case is
    filed for staff to find the applicant, and nobody is written to."""
    forward, d = decided(contact_form(FORGED), frozenset())
    assert forward.by == CONTACT and forward.msg.from_addr == VICTIM  # the defect, without the declaration
    assert d.mail is not None and d.mail.to_addr == VICTIM
    forward, d = decided(contact_form(FORGED), AUTOMATIC_SET)
    assert (forward.by, forward.claimed_by, forward.quoted, forward.evidence) == ("", "", "", "")
    assert forward.msg.from_addr == CONTACT and forward.msg.reply_to == VISITOR
    assert d.fate == FILED and d.mail is None and d.assessment.status == REVIEW, d.reason
    assert "expéditeur automatique" in d.reason and VICTIM not in d.reason and "transf" not in d.reason, d.reason


def test_the_form_s_reply_to_is_budgeted_per_applicant_named():
    msg = parse_message(contact_form(FORGED))
    assert named_by_robot(msg, WATCHED, "sys") == ""  # a person's mail names nobody
    named = named_by_robot(msg, WATCHED, "sys", automatic=AUTOMATIC_SET)
    assert named == VISITOR
    room = dict(robot_named=named, cases_cap=5, robot_cap=30)
    assert decided(contact_form(FORGED), AUTOMATIC_SET, cases_opened=12, robot_opened_for=4, **room)[1].fate == FILED
    _forward, d = decided(contact_form(FORGED), AUTOMATIC_SET, cases_opened=12, robot_opened_for=5, **room)
    assert d.fate == QUARANTINED and f"au nom de {VISITOR} (Reply-To)" in d.reason, d.reason
    _forward, d = decided(contact_form(FORGED), AUTOMATIC_SET, cases_opened=30, robot_opened_for=0, **room)
    assert d.fate == QUARANTINED and "[limits] cases_per_robot_per_day = 30" in d.reason, d.reason
    # a Reply-To naming another declared form address names nobody either
    other = parse_message(contact_form(reply_to="mairie@ville-bethune.fr"))
    both = AUTOMATIC_SET | {"mairie@ville-bethune.fr"}
    assert named_by_robot(other, WATCHED, "sys", automatic=both) == ""


def test_a_form_s_application_without_any_forward_block_is_filed_for_staff_not_ignored_as_internal_mail():
    """contact@ is a town address (forwarders = *@ville-bethune.fr): its mail, as a colleague's own, was ignored with
    its files unread, and the application sent through the form was lost. A robot's documents are filed for staff."""
    msg = parse_message(contact_form())
    assert files_cannot_matter(msg, RULES, WATCHED, "sys").startswith("courrier interne")
    assert files_cannot_matter(msg, RULES, WATCHED, "sys", automatic=AUTOMATIC_SET) == ""
    assert not only_copies_matter(msg, RULES, WATCHED, "sys", automatic=AUTOMATIC_SET)
    _forward, d = decided(contact_form(), AUTOMATIC_SET)
    assert d.fate == FILED and d.mail is None and d.assessment.status == REVIEW, d.reason


def test_a_declared_form_sender_recorded_as_an_applicant_before_it_was_declared_is_never_answered():
    """A case opened under contact@ while it read as a person's (not quiet): a visitor citing its reference in the form
    made the mail that person's reply, answered to contact@. Declared, it is a robot's mail, and nothing is sent."""
    case = CaseView(id=3, reference="BSC-2026-0003", status="incomplete", applicant=CONTACT,
                    kinds=frozenset({"dossier"}))
    raw = contact_form(subject=f"[{case.reference}] Nouveau message du formulaire de contact", attachments=(COURRIER,))
    msg = parse_message(raw)
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="sys")
    assert reply_target(msg, ctx, case)[0] == CONTACT  # a person's address, as before
    declared = Context(watched=WATCHED, mailbox_address=NB, system_id="sys", automatic=AUTOMATIC_SET)
    assert reply_target(msg, declared, case) == ("", "", f"{CONTACT} est une adresse automatique")
    _forward, d = decided(raw, AUTOMATIC_SET, clues=Clues(by_reference=(case,)))
    assert d.mail is None and d.origin.category == AUTOMATIC, d.reason


def test_a_transfer_notice_s_reply_to_naming_a_declared_form_sender_names_nobody():
    """A form hosted by a provider (its own domain, not the town's) is declared too: a file-transfer notice whose
    Reply-To names it names no person (core/transfer.py)."""
    hosted = "formulaires@prestataire.example"
    link = "https://wetransfer.com/downloads/0123456789abcdef0123456789abcdef/fedcba"
    raw = samples.email(sender="WeTransfer <noreply@wetransfer.com>", to=[NB], subject="Fichiers reçus",
                        body=f"Télécharger : {link}\n", headers={"Reply-To": hosted})
    assert transfer_notice(parse_message(raw), RULES, WATCHED) is not None  # a person's address, as before
    assert transfer_notice(parse_message(raw), RULES, WATCHED, frozenset({hosted})) is None
