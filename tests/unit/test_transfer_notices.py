"""A file-transfer service's notice of files a person sent (core/transfer.py): the person's message when the town's
server authenticated the service, the robot's otherwise."""

from pathlib import Path

import pytest

from intake.core.classify import verdicts_for
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.forward import as_original
from intake.core.message import Message
from intake.core.rules import parse_rules
from intake.core.statuses import COMPLETE, FILED, IGNORED, INCOMPLETE
from intake.core.thread import CaseView, Clues
from intake.core.transfer import transfer_notice
from intake.core.trust import FAIL, NOTHING_SAID, PASS, Evidence, SenderCheck

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB = "n.bataillon@ville-bethune.fr"
WATCHED = frozenset({NB, "d.berteloot@ville-bethune.fr"})
JEANNE = "jeanne.roux@tiers-lieu.example"
AUTHENTICATED = SenderCheck(PASS, "mx.ville-bethune.fr : dmarc=pass header.from=wetransfer.com")
NO_EVIDENCE = Evidence(False, "")


def notice(sender="noreply@wetransfer.com", reply_to=JEANNE, subject=f"{JEANNE} vous a envoyé Photos du projet",
           text="Télécharger vos fichiers : https://we.tl/t-Ab3dEf9hIj\n", auto=True) -> Message:
    headers = {"auto-submitted": ("auto-generated",)} if auto else {}
    return Message(message_id="abc@wetransfer.com", subject=subject, from_addr=sender, from_name="WeTransfer",
                   reply_to=reply_to, to=(NB,), cc=(), date=None, in_reply_to="", references=(), headers=headers,
                   text=text, html="")


NO_CLUES = Clues()


def run(msg: Message, sender: SenderCheck, clues: Clues = NO_CLUES):
    forward = as_original(msg, RULES, WATCHED, NB, NO_EVIDENCE, sender)
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="s", clues=clues, sender=forward.sender,
                  via=forward.via)
    return forward, decide(forward.msg, verdicts_for(forward.msg, RULES), RULES, ctx)


def test_an_authenticated_notice_joins_the_open_case_of_the_person_who_sent_the_files():
    """Jeanne sent the dossier and the letter by mail, the photos with WeTransfer: the notice brings the visuals to
    her case (it was ignored as a robot's mail, and Jeanne reminded of visuals she had sent)."""
    case = CaseView(id=7, reference="BSC-2026-0007", status=INCOMPLETE, applicant=JEANNE,
                    kinds=frozenset({"dossier", "courrier"}), addresses=frozenset({JEANNE}))
    forward, d = run(notice(), AUTHENTICATED, Clues(open_of_sender=(case,)))
    assert forward.msg.from_addr == JEANNE and forward.via == "noreply@wetransfer.com"
    assert d.fate == FILED and d.case == case and d.assessment.status == COMPLETE
    assert "notification de noreply@wetransfer.com" in d.reason
    assert d.mail is None or d.mail.to_addr == JEANNE  # never to the robot


def test_an_authenticated_drive_share_announcing_an_application_opens_the_sharer_s_case():
    drive = notice(sender="drive-shares-dm-noreply@google.com", auto=False,
                   subject='Dossier partagé avec vous : "Photos candidature Smart City"',
                   text="https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOp?usp=sharing_eil_m\n")
    forward, d = run(drive, SenderCheck(PASS, "dmarc=pass header.from=google.com"))
    assert forward.msg.from_addr == JEANNE  # google.com sends for drive.google.com, a listed site
    assert d.fate == FILED and d.mail is not None and d.mail.to_addr == JEANNE


@pytest.mark.parametrize("check", [NOTHING_SAID, SenderCheck(FAIL, "dmarc=fail header.from=wetransfer.com")])
def test_a_notice_the_server_does_not_vouch_for_stays_the_robot_s(check):
    """Anyone can write a « WeTransfer » mail (phishing does): without the server's word it writes to nobody."""
    forward, d = run(notice(), check)
    assert forward.msg.from_addr == "noreply@wetransfer.com" and forward.via == ""
    assert "non authentifiée" in forward.notice and JEANNE in forward.notice
    assert d.fate == IGNORED and d.mail is None


def test_the_person_is_taken_from_the_subject_when_the_notice_has_no_reply_to():
    found = transfer_notice(notice(reply_to=""), RULES, WATCHED)
    assert found is not None and found.person == JEANNE


@pytest.mark.parametrize("msg", [
    notice(text="Votre transfert a expiré.\n"),  # no transfer link: nothing to bring
    notice(sender="noreply@wetransfer.com.evil.example"),  # not the service
    notice(sender="noreply@evil.example"),
    notice(sender="noreply@gouv.fr", text="https://francetransfert.numerique.gouv.fr/download/x?enclosure=6f1c\n"),
    notice(sender="jeanne@icloud.com"),  # a person writing from a listed site's domain is no notice
    notice(reply_to=NB, subject="Fichiers"),  # the town itself
    notice(reply_to="no-reply@tiers-lieu.example", subject="Fichiers"),  # a robot
    notice(reply_to="someone@wetransfer.com", subject="Fichiers"),  # the service's own address
])
def test_what_is_no_notice_of_a_person_s_files(msg):
    assert transfer_notice(msg, RULES, WATCHED) is None
