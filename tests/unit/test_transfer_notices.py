"""A file-transfer service's notice of files a person sent (core/transfer.py): the person's message when the town's
server authenticated the service, the robot's otherwise."""

import dataclasses
from pathlib import Path

import pytest

from intake.core.classify import verdicts_for
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.forward import as_original
from intake.core.message import Attachment, Message
from intake.core.origin import is_robot_address
from intake.core.rules import RulesError, parse_rules
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


def test_the_subject_never_names_the_person_its_sender_wrote_it():
    """WeTransfer's subject carries the transfer's title, a Drive share's the folder's name, a form receipt's the
    form's title: what the sender chose. Without a person in Reply-To (none, or a robot-named account such as
    noreply@mallory.example), an address written there spoke for its owner."""
    assert transfer_notice(notice(reply_to=""), RULES, WATCHED) is None
    titled = notice(reply_to="noreply@mallory.example", subject=f"noreply@mallory.example vous a envoyé {JEANNE}")
    assert transfer_notice(titled, RULES, WATCHED) is None


@pytest.mark.parametrize("sender, link", [
    ("jeanne_noreply@icloud.com", "https://www.icloud.com/attachment/?u=x"),  # a listed site where anyone has mail
    ("no-reply.mallory@free.fr", "https://dl.free.fr/abc123"),  # just above dl.free.fr
    ("mallory.noreply@live.com", "https://onedrive.live.com/?cid=1&id=2"),  # just above onedrive.live.com
])
def test_a_mailbox_anyone_can_open_at_a_site_s_domain_is_no_service(sender, link):
    """A mailbox named « …noreply… » at icloud.com, free.fr or live.com passes DMARC for its domain like a service's
    robot: it made whoever its Reply-To named speak (their case completed, or a case opened and acknowledged to
    them). Only the domains `[links] notice_domains` names send notices."""
    assert transfer_notice(notice(sender=sender, text=f"Photos : {link}\n"), RULES, WATCHED) is None
    forward, d = run(notice(sender=sender, text=f"Photos : {link}\n"), AUTHENTICATED)
    assert forward.msg.from_addr == sender and d.mail is None


def test_a_service_writes_from_the_domains_the_rules_name_and_their_subdomains():
    assert RULES.notice_domains and "icloud.com" not in RULES.notice_domains
    for sender in ("noreply@wetransfer.com", "noreply@mail.wetransfer.com", "drive-shares-dm-noreply@google.com",
                   "ne-pas-repondre@francetransfert.numerique.gouv.fr"):
        found = transfer_notice(notice(sender=sender), RULES, WATCHED)
        assert found is not None and found.person == JEANNE, sender
    text = RULES_FILE.read_text(encoding="utf-8")
    start = text.index("notice_domains = [")
    end = text.index("]", start) + 1
    without = parse_rules("pieces.toml", text[:start] + text[end:])
    assert without.notice_domains == () and transfer_notice(notice(), without, WATCHED) is None
    with pytest.raises(RulesError) as caught:
        parse_rules("pieces.toml", text[:start] + 'notice_domains = ["noreply@wetransfer.com"]' + text[end:])
    assert str(caught.value).startswith("pieces.toml:") and "n'est pas un nom de domaine" in str(caught.value)


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


def test_an_authenticated_sharepoint_or_onedrive_share_is_the_sharer_s_message():
    """OneDrive for work and SharePoint write « X a partagé un dossier avec vous » from no-reply@sharepointonline.com
    (the address Microsoft Defender's documentation tells admins to trust for SharePoint's notifications), the
    sharer's name on it and the sharer in Reply-To, a link to <tenant>-my.sharepoint.com. The rules named only
    sharepoint.com: the notice stayed the robot's, ignored, and the applicant was reminded of visuals she had
    shared."""
    share = notice(sender="no-reply@sharepointonline.com", auto=False,
                   subject="Jeanne Roux a partagé le dossier « Photos candidature Smart City » avec vous",
                   text="Jeanne Roux a partagé un dossier avec vous\nPhotos candidature Smart City\nOuvrir\n"
                        "https://tierslieu-my.sharepoint.com/:f:/g/personal/jeanne_roux_tiers-lieu_example/EtAbCdEf"
                        "GhIjKl?e=XyZ123\n")
    forward, d = run(share, SenderCheck(PASS, "dmarc=pass header.from=sharepointonline.com"))
    assert forward.msg.from_addr == JEANNE and forward.via == "no-reply@sharepointonline.com"
    assert d.fate == FILED and d.mail is not None and d.mail.to_addr == JEANNE  # never to the robot


def docusign(sender: str = "dse_na4@docusign.net", files: bool = True) -> Message:
    """Docusign's « Complété » mail to a carbon-copy recipient: from « Jeanne Roux via Docusign » at its dse_…
    robot, Jeanne in Reply-To, the signed letter attached (a link to view it on Docusign, no transfer site's)."""
    letter = Attachment("Lettre à Monsieur le Maire.pdf", b"%PDF-1.4 lettre signee" * 20, "application/pdf", False)
    return Message(message_id="a3f0@docusign.net", subject="Complété : Veuillez signer avec Docusign : Lettre.pdf",
                   from_addr=sender, from_name="Jeanne Roux via Docusign", reply_to=JEANNE, to=(NB,), cc=(),
                   date=None, in_reply_to="", references=(), headers={},
                   text="Tous les signataires ont terminé\nhttps://eu.docusign.net/Member/EmailStart.aspx?a=7c3e\n",
                   html="", attachments=(letter,) if files else ())


@pytest.mark.parametrize("sender", ["dse_na4@docusign.net", "dse@eumail.docusign.net", "dse_demo@docusign.net",
                                    "adobesign@adobesign.com", "echosign@echosign.com", "adobesign@eu1.adobesign.com"])
def test_e_signature_services_robots_write_automatically(sender):
    """Docusign writes from dse@, dse_NA4@ (its region), dse_demo@, Acrobat Sign from adobesign@: nobody reads them;
    as a person's, an application it carried was acknowledged to the robot."""
    assert is_robot_address(sender)


@pytest.mark.parametrize("sender", ["dse@tiers-lieu.example", "dse_na4@tiers-lieu.example", "dsel@docusign.net",
                                    "adobesign@tiers-lieu.example", "jeanne@adobesign.com"])
def test_the_same_words_elsewhere_are_people(sender):
    assert not is_robot_address(sender)


@pytest.mark.parametrize("sender", ["dse_na4@docusign.net", "dse_demo@docusign.net"])
def test_an_authenticated_docusign_completion_stays_the_robot_s(sender):
    """The letter signed on Docusign, the town's mailbox a carbon-copy recipient: its « Complété » mail carries the
    signed PDF itself. Authenticated as docusign.net's, it is still not the Reply-To's: an envelope's sender sets it
    to any address (emailSettings.replyEmailAddressOverride, whose format alone Docusign checks), from a free
    developer account (dse_demo@) too. Nothing joins her open case; the robot's application is for staff (e2e)."""
    case = CaseView(id=7, reference="BSC-2026-0007", status=INCOMPLETE, applicant=JEANNE,
                    kinds=frozenset({"dossier", "visuels"}), addresses=frozenset({JEANNE}))
    assert "docusign.net" not in RULES.signature_domains and transfer_notice(docusign(sender), RULES, WATCHED) is None
    forward, d = run(docusign(sender), SenderCheck(PASS, "dmarc=pass header.from=docusign.net"),
                     Clues(of_reply_to=(case,)))
    assert forward.msg.from_addr == sender and forward.via == ""
    assert d.case is None and d.mail is None


def test_an_authenticated_acrobat_sign_completion_is_the_sender_s_message():
    """Adobe Acrobat Sign's « signé et classé » mail to a carbon-copy recipient, a PDF copy of the signed agreement
    attached (its « Attach a PDF copy » setting), from adobesign@adobesign.com, the sender in Reply-To."""
    msg = dataclasses.replace(docusign(sender="adobesign@adobesign.com"), from_name="Adobe Acrobat Sign")
    forward, _d = run(msg, SenderCheck(PASS, "dmarc=pass header.from=adobesign.com"))
    assert forward.msg.from_addr == JEANNE and forward.via == "adobesign@adobesign.com"


def test_an_e_signature_mail_without_the_server_s_word_or_without_files_stays_the_robot_s():
    """An Acrobat Sign mail (its domain in [links] signature_domains) without files brings nothing of hers, and one
    the town's server did not vouch for is anyone's writing (Docusign's is never hers: see above)."""
    acrobat = "adobesign@adobesign.com"
    assert transfer_notice(docusign(sender=acrobat), RULES, WATCHED) is not None  # the same with files is hers
    assert transfer_notice(docusign(sender=acrobat, files=False), RULES, WATCHED) is None  # nothing of hers to bring
    forward, d = run(docusign(sender=acrobat), NOTHING_SAID)
    assert forward.msg.from_addr == acrobat and forward.via == ""
    assert d.mail is None


@pytest.mark.parametrize("sender", [
    "looker-studio-noreply@google.com",  # a report scheduled to any address, its PDF attached, the page the sender's
    "drive-shares-dm-noreply@google.com",
    "no-reply@dropbox.com", "no-reply@sharepointonline.com", "noreply@wetransfer.com",
])
def test_files_from_a_file_transfer_or_sharing_domain_s_robot_are_no_notice(sender):
    """Only an e-signature service's mail brings the person's files themselves ([links] signature_domains): a big
    platform's other robots (google.com writes for hundreds of products: scheduled reports with their PDF,
    a form's receipt) attach what whoever triggered them chose, to any address, under a Reply-To that is
    not a person the service checked sent us her files. Authenticated, it stays the robot's: nothing joins her case,
    nobody is written to."""
    msg = dataclasses.replace(docusign(sender=sender), from_name="Google", text="Votre rapport programmé\n")
    assert transfer_notice(msg, RULES, WATCHED) is None
    forward, d = run(msg, SenderCheck(PASS, f"dmarc=pass header.from={sender.partition('@')[2]}"))
    assert forward.msg.from_addr == sender and forward.via == ""
    assert d.mail is None


def test_the_rules_name_the_e_signature_domains_and_without_them_no_mail_brings_files():
    """An administrator's rules file from before [links] signature_domains brings no e-signature mail's files (its
    robot's application goes to staff); an entry that is no domain name is refused, as in notice_domains."""
    acrobat = dataclasses.replace(docusign(sender="adobesign@adobesign.com"), from_name="Adobe Acrobat Sign")
    assert transfer_notice(acrobat, RULES, WATCHED) is not None
    text = RULES_FILE.read_text(encoding="utf-8")
    start = text.index("signature_domains = [")
    end = text.index("]", start) + 1
    without = parse_rules("pieces.toml", text[:start] + text[end:])
    assert without.signature_domains == () and transfer_notice(acrobat, without, WATCHED) is None
    with pytest.raises(RulesError) as caught:
        parse_rules("pieces.toml", text[:start] + 'signature_domains = ["https://adobesign.com/"]' + text[end:])
    assert str(caught.value).startswith("pieces.toml:") and "n'est pas un nom de domaine" in str(caught.value)
