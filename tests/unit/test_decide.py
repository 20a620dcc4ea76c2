import email
from pathlib import Path

import pytest

from intake.commands import samples
from intake.core.addresses import ROBOT, UNVERIFIED
from intake.core.classify import classify_attachment
from intake.core.content import Extracted
from intake.core.context import Arrival, Context, Earlier
from intake.core.decide import decide
from intake.core.effects import AddressOnCase, QueueMail
from intake.core.parse import parse_message
from intake.core.replies import held_by_flood
from intake.core.rules import parse_rules
from intake.core.statuses import COMPLETE, DUPLICATE, FILED, IGNORED, INCOMPLETE, REVIEW
from intake.core.thread import CaseView, Clues
from intake.core.trust import FAIL, SenderCheck

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB, DB = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"
DOSSIER = ("dossier.pdf", samples.pdf(), "application/pdf")
COURRIER = ("courrier-maire.pdf", samples.pdf("lettre"), "application/pdf")
PHOTO = ("photo.jpg", samples.jpeg(), "image/jpeg")


def run(raw: bytes, mailbox=NB, earlier=None, **context):
    msg = parse_message(raw)
    verdicts = [classify_attachment(a, RULES, Extracted(read=True)) for a in msg.attachments]
    ctx = Context(watched=frozenset({NB, DB}), mailbox_address=mailbox, system_id="sys", earlier=earlier, **context)
    return decide(msg, verdicts, RULES, ctx)


def mail(attachments=(DOSSIER, COURRIER, PHOTO), to=(NB,), cc=(), sender="Asso <asso@x.example>", **kw):
    return samples.email(sender=sender, to=list(to), cc=list(cc), subject=kw.pop("subject", "Candidature"),
                         attachments=list(attachments), **kw)


def test_a_complete_application_is_filed_and_acknowledged_from_the_address_written_to():
    d = run(mail(to=(DB,), cc=(NB,)), mailbox=NB)
    assert d.fate == FILED and d.assessment.status == COMPLETE
    assert (d.mail.to_addr, d.mail.from_addr) == ("asso@x.example", DB)


def test_an_incomplete_application_names_what_is_missing():
    d = run(mail(attachments=(DOSSIER, PHOTO)))
    assert d.assessment.status == INCOMPLETE and d.assessment.missing == ("courrier",)


def test_an_unrecognised_document_sends_the_case_to_review():
    d = run(mail(attachments=(DOSSIER, ("scan_0001.pdf", samples.pdf("x"), "application/pdf"))))
    assert d.assessment.status == REVIEW and "courrier" in d.assessment.missing


def test_a_subject_announcing_an_application_with_only_unknown_documents_is_filed_for_review():
    d = run(mail(attachments=(("scan.pdf", samples.pdf(), "application/pdf"),), subject="Candidature au label"))
    assert d.fate == FILED and d.assessment.status == REVIEW


def test_the_acknowledgement_goes_to_the_sender_never_to_reply_to():
    d = run(mail(headers={"Reply-To": "Votre compte est suspendu <victim2@target.example>"}))
    assert d.mail.to_addr == "asso@x.example"


def test_a_copy_already_received_is_a_duplicate():
    d = run(mail(), earlier=Earlier(mailbox="nb", uid=4, fate=FILED, case_id=1))
    assert d.fate == DUPLICATE and d.mail is None


def test_mail_without_attachment_is_ignored_with_a_reason():
    d = run(mail(attachments=()))
    assert d.fate == IGNORED and "aucune pièce jointe" in d.reason and d.mail is None


def test_a_newsletter_with_a_pdf_named_like_a_dossier_is_ignored():
    d = run(mail(headers={"List-Unsubscribe": "<mailto:u@x>"}))
    assert d.fate == IGNORED and d.reason.startswith("bulk")


def test_a_colleague_writing_from_the_other_mailbox_is_not_an_application():
    d = run(mail(sender=DB))
    assert d.fate == IGNORED and d.reason.startswith("staff")


def test_mail_through_a_list_or_alias_is_filed_but_not_acknowledged():
    d = run(mail(to=("urbanisme@ville-bethune.fr",)))
    assert d.fate == FILED and d.mail is None and "pas adressé" in d.no_mail_reason


@pytest.mark.parametrize("name, value", [
    ("Delivered-To", "x" + NB),  # another address that ends with ours
    ("X-Original-To", NB + ".evil.example"),  # another domain that starts with ours
    ("Resent-To", f'"{NB}" <liste@asso.example>'),  # ours as a display name only
    ("Resent-Cc", f"urbanisme@ville-bethune.fr, {DB}x"),
])
def test_a_delivery_field_that_merely_contains_a_watched_address_is_not_addressed_to_it(name, value):
    """These fields were matched as a substring of their text: mail through a list or alias was acknowledged."""
    d = run(mail(to=("urbanisme@ville-bethune.fr",), headers={name: value}))
    assert d.fate == FILED and d.mail is None and "pas adressé" in d.no_mail_reason


@pytest.mark.parametrize("name, value", [
    ("Delivered-To", NB.upper()), ("X-Original-To", f"<{NB}>"), ("Resent-To", f"Service <{NB}>"),
    ("Resent-Cc", f"urbanisme@ville-bethune.fr, {NB}"),
])
def test_a_delivery_field_that_names_a_watched_address_is_addressed_to_it(name, value):
    d = run(mail(to=("urbanisme@ville-bethune.fr",), headers={name: value}))
    assert d.mail is not None and d.mail.from_addr == NB


def test_a_robot_sender_is_never_answered():
    d = run(mail(sender="noreply@x.example", headers={"Reply-To": "asso@x.example"}))
    assert d.mail is None and "asso@x.example" not in d.attention
    d = run(mail(attachments=(PHOTO,), sender="noreply@x.example", subject="Candidature"))
    assert d.fate == IGNORED and d.mail is None  # photos: what any robot's mail may carry


@pytest.mark.parametrize("sender, headers", [
    ("RICOH MP C3004 <noreply@asso.example>", {}),  # a copier's « scan to email »
    ("Scanner <scanner@asso.example>", {"Auto-Submitted": "auto-generated"}),
    ("Canon <scan@asso.example>", {"X-Auto-Response-Suppress": "All"}),
])
def test_an_application_scanned_straight_to_the_mailbox_by_a_robot_sender_is_filed_for_staff(sender, headers):
    """Its documents were read and recognised, then the message was ignored as an automatic reply: the application
    was lost to the service. Filed in review; nobody written to."""
    d = run(mail(attachments=(DOSSIER, COURRIER), sender=sender, headers=headers,
                 subject="Numérisé à partir d'un RICOH MP C3004"))
    assert d.fate == FILED and d.assessment.status == REVIEW and d.mail is None
    assert "expéditeur automatique" in d.attention and "expéditeur automatique" in d.no_mail_reason


def test_a_robot_senders_case_gets_no_mail_until_staff_confirm_its_address():
    """Staff's decision --notify went to the copier's address, or to whoever a mail marked Auto-Submitted named in its
    From: the case is opened with the address source `robot` (core/addresses.py why_quiet), `unverified` when the
    town's server says the From is forged."""
    robot = {"Auto-Submitted": "auto-generated"}
    d = run(mail(attachments=(DOSSIER,), sender="Scanner <scanner@asso.example>", headers=robot))
    assert AddressOnCase("scanner@asso.example", "applicant", ROBOT) in d.effects
    d = run(mail(attachments=(DOSSIER,), sender="Maire <maire@x.example>", headers=robot),
            sender=SenderCheck(FAIL, "mx.ville-bethune.fr : dmarc=fail header.from=x.example"))
    assert d.unverified and "n'est pas authentifié" in d.attention
    assert AddressOnCase("maire@x.example", "applicant", UNVERIFIED) in d.effects


def test_a_robot_senders_next_scan_is_filed_not_dropped_on_its_first_scans_case():
    """The copier's first scan (the dossier) opened a case whose applicant is the copier's address; its next scan
    (the letter, or another applicant's dossier) was ignored as an automatic reply recorded on that case, its file
    lost. A copier is nobody: the next scan is a case of its own, in review, for staff to merge or keep."""
    first = CaseView(id=1, reference="BSC-2026-0001", status=REVIEW, applicant="scanner@asso.example",
                     kinds=frozenset({"dossier"}))
    d = run(mail(attachments=(COURRIER,), sender="Scanner <scanner@asso.example>",
                 headers={"Auto-Submitted": "auto-generated"}), clues=Clues(open_of_sender=(first,)))
    assert d.fate == FILED and d.case is None and d.assessment.status == REVIEW and d.mail is None


def test_a_colleague_at_the_town_hall_sending_files_is_not_an_applicant():
    d = run(mail(sender="Service Communication <communication@ville-bethune.fr>"))
    assert d.fate == IGNORED and d.reason.startswith("staff") and d.mail is None


def test_an_application_whose_sender_cannot_be_read_is_quarantined_not_dropped():
    raw = mail().replace(b"From: Asso <asso@x.example>", b"From: =?utf-8?q?broken?=")
    d = run(raw)
    assert d.fate == "quarantined" and "illisible" in d.reason


def test_a_whole_address_inside_one_encoded_word_is_still_read():
    raw = mail().replace(b"From: Asso <asso@x.example>",
                         b"From: =?utf-8?q?Sophie_Lef=C3=A8vre_=3Csophie=2Elefevre=40gmail=2Eexample=3E?=")
    d = run(raw)
    assert d.fate == FILED and d.mail.to_addr == "sophie.lefevre@gmail.example"


@pytest.mark.parametrize("subject", ["Message from KM_C300i", "", "Courrier"])
def test_the_photo_or_scan_of_a_page_whose_words_make_it_the_letter_opens_a_case(subject):
    """A copier sending as its user one JPEG a page (SKM_C300i…_0001.jpg), or a phone's photo of the signed letter:
    the letter was recognised by its words, then the message was ignored as « photos alone » (the subject announced
    nothing), the letter lost. A picture recognised by its text is a document; a photo recognised by its size alone
    still needs the subject (below)."""
    msg = parse_message(mail(attachments=(("SKM_C300i26113010110_0001.jpg", samples.jpeg(), "image/jpeg"),),
                             subject=subject, sender="Jeanne <jeanne@asso.example>"))
    letter = Extracted(read=True, text="Monsieur le Maire, j'ai l'honneur de solliciter le label. Je vous prie "
                                       "d'agréer mes salutations.", pages=1, method="image-ocr")
    verdicts = [classify_attachment(a, RULES, letter) for a in msg.attachments]
    assert [(v.kind, v.by_text) for v in verdicts] == [("courrier", True)]
    d = decide(msg, verdicts, RULES, Context(watched=frozenset({NB, DB}), mailbox_address=NB, system_id="sys"))
    assert d.fate == FILED and d.mail is not None and d.mail.to_addr == "jeanne@asso.example"


def test_personal_photos_are_not_an_application_unless_the_subject_says_so():
    holiday = run(mail(attachments=(PHOTO,), subject="Photos du week-end", sender="Maman <maman@famille.example>"))
    assert holiday.fate == IGNORED and holiday.mail is None and "pas une candidature" in holiday.reason
    announced = run(mail(attachments=(PHOTO,), subject="Candidature au label : nos visuels"))
    assert announced.fate == FILED and announced.assessment.missing == ("dossier", "courrier")
    assert run(mail(attachments=(DOSSIER,), subject="Documents")).fate == FILED  # a dossier is enough


def test_photos_without_a_subject_are_an_application_when_the_text_opens_by_saying_so():
    """A phone mail sent in a hurry, no subject: the start of its text stands for it. Its end (a signature's
    « candidature » far below) does not, nor does the text of a mail that has a subject of its own."""
    hurried = run(mail(attachments=(PHOTO,), subject="", body="Ma candidature pour le label, je complète ce soir."))
    assert hurried.fate == FILED and hurried.assessment.missing == ("dossier", "courrier"), hurried.reason
    holiday = run(mail(attachments=(PHOTO,), subject="", body="Les photos du week-end !",
                       sender="Maman <maman@famille.example>"))
    assert holiday.fate == IGNORED and "pas une candidature" in holiday.reason
    far = run(mail(attachments=(PHOTO,), subject="", body="Les photos du week-end !" + "\n" * 5 + "x " * 400
                   + "\nPS : et ta candidature ?", sender="Maman <maman@famille.example>"))
    assert far.fate == IGNORED, far.reason
    titled = run(mail(attachments=(PHOTO,), subject="Photos du week-end", body="Pour ta candidature au label.",
                      sender="Maman <maman@famille.example>"))
    assert titled.fate == IGNORED, titled.reason


def test_an_html_only_mail_without_a_subject_is_read_from_its_html_s_text():
    """SOGo's or Roundcube's HTML editor writes no text part: the start of the HTML's text stands for the subject."""
    import base64
    raw = ("From: Asso <asso@x.example>\r\nTo: " + NB + "\r\nMessage-ID: <h1@x.example>\r\nMIME-Version: 1.0\r\n"
           'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n'
           "<html><head><style>p { margin: 0 }</style></head><p>Bonjour,</p><p>Notre candidature au label, les photos"
           " suivent.</p></html>\r\n--b\r\nContent-Type: image/jpeg; name=p.jpg\r\nContent-Disposition: attachment; "
           "filename=p.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(PHOTO[1]).decode()
           + "\r\n--b--\r\n").encode()
    assert run(raw).fate == FILED
    assert run(raw.replace(b"Notre candidature au label", b"Les photos du week-end")).fate == IGNORED


def run_at(raw: bytes, received_hours_ago: float | None, within_hours: int | None = 72):
    from dataclasses import replace
    from datetime import datetime, timedelta, timezone

    msg = parse_message(raw)
    verdicts = [classify_attachment(a, RULES, Extracted(read=True)) for a in msg.attachments]
    now = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
    ctx = Context(watched=frozenset({NB, DB}), mailbox_address=NB, system_id="sys")
    if received_hours_ago is not None:
        ctx = replace(ctx, arrival=Arrival("nb", 1, now - timedelta(hours=received_hours_ago), read_at=now),
                      answer_within=timedelta(hours=within_hours) if within_hours else None)
    return decide(msg, verdicts, RULES, ctx)


def test_fresh_mail_is_acknowledged_as_ever():
    for hours in (None, 0.01, 71.9, 72):
        d = run_at(mail(), hours)
        assert d.fate == FILED and d.mail is not None and d.mail.held == "", hours


def test_mail_already_old_when_read_is_filed_but_its_acknowledgement_waits_for_staff():
    """U17: a new data_dir (or a since in the past) acknowledged years of applications again, in bulk."""
    d = run_at(mail(), 72.1)
    assert d.fate == FILED and d.assessment.status == COMPLETE  # filed exactly as fresh mail
    assert d.mail is not None and d.mail.to_addr == "asso@x.example"
    assert d.mail.held.startswith("retenu : le message a été reçu 3 jours avant d'être relevé (plus de 72 h")
    d = run_at(mail(), 24 * 400, within_hours=24 * 365 * 2)
    assert d.mail.held == ""  # within a longer limit the admin set
    d = run_at(mail(), 30, within_hours=24)
    assert "reçu 30 h avant" in d.mail.held and "plus de 24 h" in d.mail.held


def test_after_a_backup_is_restored_mail_that_came_before_it_is_filed_and_its_answer_waits_for_staff():
    """A backup restored: mail the service read and answered after the backup was taken is read again; the
    applicant got an acknowledgement already. Mail that came after the restore is answered as ever."""
    from dataclasses import replace
    from datetime import datetime, timedelta, timezone

    now = datetime(2026, 11, 28, 10, 0, tzinfo=timezone.utc)
    ctx = Context(watched=frozenset({NB, DB}), mailbox_address=NB, system_id="sys",
                  answer_within=timedelta(hours=72), restored_at=now - timedelta(minutes=5))
    msg = parse_message(mail())
    verdicts = [classify_attachment(a, RULES, Extracted(read=True)) for a in msg.attachments]
    before = decide(msg, verdicts, RULES, replace(ctx, arrival=Arrival("nb", 1, now - timedelta(hours=1), now)))
    assert before.fate == FILED and before.mail is not None
    assert before.mail.held.startswith("retenu : le message est arrivé avant la restauration d'une sauvegarde (le "
                                       "28/11/2026 à 09:55)"), before.mail.held
    after = decide(msg, verdicts, RULES, replace(ctx, arrival=Arrival("nb", 1, now - timedelta(minutes=1), now)))
    assert after.mail is not None and after.mail.held == ""


def test_beyond_the_day_s_acknowledgements_of_new_cases_a_new_case_s_waits_for_staff():
    """Application-like mail under made-up senders: each got the town's acknowledgement, to an address that never
    wrote (backscatter). Beyond new_cases_per_day in 24 h, the case is filed and its acknowledgement held."""
    bound = RULES.conversation.new_cases_per_day
    d = run(mail(), acknowledgements_24h=bound - 1)
    assert d.fate == FILED and d.mail is not None and d.mail.held == ""
    d = run(mail(), acknowledgements_24h=bound)
    assert d.fate == FILED and d.assessment.status == COMPLETE and d.mail.to_addr == "asso@x.example"
    assert d.mail.held.startswith(f"retenu : déjà {bound} accusés de réception de nouveaux dossiers en 24 h")
    # sent one by one by staff, never with every held mail (`intake outbox resend --held`); an old one may be
    assert held_by_flood(d.mail.held) and not held_by_flood(run_at(mail(), 72.1).mail.held)


def test_the_guard_only_holds_mail_that_would_go_out():
    d = run_at(mail(headers={"Auto-Submitted": "auto-replied"}), 24 * 30)
    assert d.mail is None  # an automatic message still gets nothing at all


def _encrypted_mail(subject: str, pgp: bool) -> bytes:
    """An OpenPGP (RFC 3156) or S/MIME (RFC 8551, enveloped-data) encrypted message, as mail programs send them."""
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart

    if pgp:
        msg = MIMEMultipart("encrypted", protocol="application/pgp-encrypted")
        msg.attach(MIMEApplication(b"Version: 1\n", _subtype="pgp-encrypted"))
        body = MIMEApplication(b"-----BEGIN PGP MESSAGE-----\n\nhQEMA5x\n-----END PGP MESSAGE-----\n",
                               _subtype="octet-stream", name="encrypted.asc")
        body.add_header("Content-Disposition", "inline", filename="encrypted.asc")
        msg.attach(body)
    else:
        msg = MIMEApplication(b"0\x80\x06\x09*\x86H\x86\xf7\r\x01\x07\x03" * 50, _subtype="pkcs7-mime",
                              name="smime.p7m")
        msg.set_param("smime-type", "enveloped-data")
        msg.add_header("Content-Disposition", "attachment", filename="smime.p7m")
    msg["From"], msg["To"], msg["Subject"] = "Asso <asso@x.example>", NB, subject
    msg["Message-ID"] = "<chiffre@x.example>"
    return msg.as_bytes()


def test_an_encrypted_message_announcing_an_application_is_set_aside_for_staff():
    for pgp in (False, True):
        d = run(_encrypted_mail("Candidature au label Béthune Smart City", pgp))
        assert d.fate == "quarantined" and "chiffré" in d.reason and d.mail is None, (pgp, d.reason)


def test_any_other_encrypted_message_is_ignored_as_unreadable_not_as_a_message_without_pieces():
    for pgp in (False, True):
        d = run(_encrypted_mail("Confidentiel", pgp))
        assert d.fate == IGNORED and "chiffré" in d.reason and "aucune pièce" not in d.reason, (pgp, d.reason)


def _confidential_notice(subject: str, host: str = "confidential-mail.google.com") -> bytes:
    """What a mailbox outside Gmail receives when an applicant sends in Gmail's confidential mode (as Google's help
    describes it; no real capture was at hand): a notice from the sender, with an « Afficher l'e-mail » link to the
    message on Google's site, and none of its text or files."""
    return (f"From: Claire Martin <claire.martin.asso@gmail.com>\r\nTo: {NB}\r\nSubject: {subject}\r\n"
            "Message-ID: <CAKx1=conf123@mail.gmail.com>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/alternative; boundary="000000000000abcdef"\r\n\r\n'
            '--000000000000abcdef\r\nContent-Type: text/plain; charset="UTF-8"\r\n\r\n'
            "Claire Martin vous a envoye un e-mail confidentiel.\r\n\r\n"
            f"Afficher l'e-mail <https://{host}/v1/AbCdEf123>\r\n\r\n"
            '--000000000000abcdef\r\nContent-Type: text/html; charset="UTF-8"\r\n\r\n'
            f'<div>Claire Martin vous a envoy&eacute; un e-mail confidentiel.</div><a href="https://{host}/v1/AbCdEf123">'
            "Afficher l'e-mail</a>\r\n--000000000000abcdef--\r\n").encode()


def test_an_application_sent_in_gmail_confidential_mode_is_set_aside_for_staff_not_ignored():
    """Its files stay on Google's site: it was ignored as « pas une candidature : aucune pièce jointe », the
    application lost to the service and its sender never answered."""
    d = run(_confidential_notice("Candidature label Béthune Smart City"))
    assert d.fate == "quarantined" and d.mail is None, d.reason
    assert "mode confidentiel de Gmail" in d.reason and "redemander au demandeur sans le mode confidentiel" in d.reason
    d = run(_confidential_notice("Des nouvelles"))
    assert d.fate == IGNORED and "pas une candidature lisible" in d.reason and "mode confidentiel" in d.reason
    d = run(_confidential_notice("Candidature label Béthune Smart City",
                                 host="confidential-mail.google.com.evil.example"))
    assert d.fate == IGNORED and "aucune pièce jointe" in d.reason  # a look-alike site is nobody's confidential mode


def test_a_signed_application_is_filed_its_signature_not_a_piece():
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart

    for protocol, subtype, name in (("application/pkcs7-signature", "pkcs7-signature", "smime.p7s"),
                                    ("application/pgp-signature", "pgp-signature", "signature.asc")):
        signed = MIMEMultipart("signed", protocol=protocol, micalg="sha-256")
        content = email.message_from_bytes(mail())
        for name_ in ("From", "To", "Subject", "Message-ID", "Date"):
            del content[name_]
        signed.attach(content)
        signature = MIMEApplication(b"0\x82\x01\x00signature" * 10, _subtype=subtype, name=name)
        signature.add_header("Content-Disposition", "attachment", filename=name)
        signed.attach(signature)
        signed["From"], signed["To"], signed["Subject"] = "Asso <asso@x.example>", NB, "Candidature"
        d = run(signed.as_bytes())
        assert d.fate == FILED and d.assessment.status == COMPLETE, (name, d.reason)
        assert name not in {p.attachment.filename for p in d.new_pieces}


def _tar_gz(files: dict[str, bytes]) -> bytes:
    import io
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


ARCHIVES = {"7z": b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(range(256)) * 8, "rar": b"Rar!\x1a\x07\x01\x00" + bytes(2048),
            "gz": _tar_gz({"dossier.pdf": samples.pdf(), "courrier.pdf": samples.pdf("lettre")})}


def test_an_application_sent_as_an_archive_intake_cannot_open_goes_to_staff_not_ignored():
    """The fifth attacker's review: « candidature.7z » (or .rar, .tar.gz) announced as an application was ignored as
    « aucune pièce reconnue » (type 7z : pas une pièce selon les règles): no case, no acknowledgement, nothing told
    to staff. It is now a file to open by hand: the case goes to review with the archive among its files."""
    for kind, content in ARCHIVES.items():
        d = run(mail(attachments=[(f"candidature.{kind}", content, "application/octet-stream")],
                     subject="Candidature au label Béthune Smart City"))
        assert d.fate == FILED and d.assessment.status == REVIEW, (kind, d.reason)
        assert [v.flag for v in d.new_pieces] == ["unopened-archive"] and "archive à ouvrir" in d.attention, kind


def test_an_archive_in_mail_that_announces_no_application_is_still_ignored():
    """Malware comes as .rar and .gz too: without an application announced, nothing is opened nor answered."""
    d = run(mail(attachments=[("Facture_2026.rar", ARCHIVES["rar"], "application/octet-stream")], subject="Facture"))
    assert d.fate == IGNORED and d.mail is None


def _shown_in_body(subject: str, sender: str = "Claire Martin <claire.martin@agence-com.example>",
                   attachments=()) -> bytes:
    """A mail whose HTML body shows a 70 kB picture by cid: (a signature's banner, or a photo pasted in the body)."""
    msg = email.message.EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = sender, NB, subject, "<shown-1@agence-com.example>"
    msg.set_content("Bonjour,\nune réunion jeudi au sujet du label ?\nClaire Martin")
    msg.add_alternative('<p>Bonjour,<br>une réunion jeudi au sujet du label ?</p><div id="Signature"><p>Claire '
                        'Martin</p><img src="cid:banner001"></div>', subtype="html")
    msg.get_payload()[1].add_related(samples.jpeg(70_000, seed=4), "image", "jpeg", cid="<banner001>",
                                     filename="image001.jpg", disposition="inline")
    for name, content, mime in attachments:
        msg.add_attachment(content, maintype=mime.split("/")[0], subtype=mime.split("/")[1], filename=name)
    return msg.as_bytes()


def test_a_picture_shown_in_the_body_alone_opens_no_case_even_when_the_subject_names_the_label():
    """A partner's mail about the label with a 70 kB banner in its signature was filed as an application, its
    banner a « visuel », its raw bytes kept for months, and its sender acknowledged."""
    d = run(_shown_in_body("Label Smart City : réunion jeudi"))
    assert d.fate == IGNORED and d.mail is None and d.assessment is None and d.new_pieces == ()
    assert "images affichées dans le corps du message" in d.reason


def test_pictures_shown_in_the_body_beside_a_document_are_the_application_s_visuals():
    d = run(_shown_in_body("Candidature", attachments=(DOSSIER,)))
    assert d.fate == FILED and sorted(v.attachment.filename for v in d.new_pieces) == ["dossier.pdf", "image001.jpg"]
    assert "visuels" not in d.assessment.missing


def test_an_application_sent_as_a_proton_mail_password_protected_message_is_set_aside_for_staff():
    """Proton Mail's password-protected message reaches a mailbox outside Proton as a notice: the subject, « Unlock
    message » and a link (mail.proton.me/eo/…) to the text and files kept at Proton (tests/programmail.py). It was
    ignored as « pas une candidature : aucune pièce jointe »: the application lost to the service, nobody told."""
    import programmail as pm

    d = run(pm.proton_password_protected(NB))
    assert d.fate == "quarantined" and d.mail is None, d.reason
    assert "Proton Mail" in d.reason and "sans protection par mot de passe" in d.reason
    d = run(pm.proton_password_protected(NB, subject="Des nouvelles"))
    assert d.fate == IGNORED and "pas une candidature lisible" in d.reason and "Proton" in d.reason
    d = run(pm.proton_password_protected(NB, link="https://proton.me/mail/home"))
    assert d.fate == IGNORED and "aucune pièce jointe" in d.reason  # Proton's own pages are no protected message


def test_an_application_sent_as_a_tuta_confidential_message_is_set_aside_for_staff():
    """Tuta's « confidentiel » message to an address outside Tuta reaches the mailbox as a notice in HTML alone: the
    subject, « Afficher l'e-mail chiffré » and a link (app.tuta.com/mail#…) to the text and files kept at Tuta behind a
    password (tests/gatewaymail.py). It was ignored as « aucune pièce jointe »: the application lost to the service.
    A Tuta user's ordinary mail, linking only to tuta.com, is no such notice."""
    import gatewaymail as gm

    d = run(gm.tuta_confidential(NB))
    assert d.fate == "quarantined" and d.mail is None, d.reason
    assert "Tuta" in d.reason and "sans chiffrement" in d.reason, d.reason
    d = run(gm.tuta_confidential(NB, subject="Des nouvelles"))
    assert d.fate == IGNORED and "pas une candidature lisible" in d.reason and "Tuta" in d.reason
    d = run(gm.tuta_confidential(NB, link="https://app.tuta.com/mail/O1Rx3-k----0/O1Rx4Q1----2"))
    assert d.fate == IGNORED and "aucune pièce jointe" in d.reason  # a Tuta user's own mailbox, no notice


@pytest.mark.parametrize("gateway", ["safelinks", "proofpoint", "vade", "cisco", "symantec"])
def test_a_provider_s_notice_rewritten_by_the_town_s_gateway_is_still_set_aside(gateway):
    """The notice of a message kept at its provider (Proton Mail, Tuta) reaches a mailbox behind a gateway with its
    link rewritten: still set aside for staff, with its reason."""
    import gatewaymail as gm
    import programmail as pm

    wrap = getattr(gm, gateway)
    for raw, says in ((pm.proton_password_protected(NB), "Proton Mail"), (gm.tuta_confidential(NB), "Tuta")):
        d = run(gm.rewritten(raw, wrap))
        assert d.fate == "quarantined" and says in d.reason, d.reason


def test_an_application_behind_microsoft_365_s_encryption_portal_is_set_aside_for_staff():
    """Outlook's « Chiffrer » to a mailbox outside Microsoft 365 sends a notice whose « Lire le message » opens
    Microsoft's portal (tests/programmail.py): it was ignored as « aucune pièce jointe »."""
    import programmail as pm

    d = run(pm.microsoft_encryption_notice(NB))
    assert d.fate == "quarantined" and d.mail is None and "Microsoft 365" in d.reason, d.reason
    d = run(pm.microsoft_encryption_notice(NB, link="https://outlook.office365.com/mail/"))
    assert d.fate == IGNORED and "aucune pièce jointe" in d.reason  # a link to Outlook on the web is no notice


def test_the_label_s_alias_in_an_applicant_s_cc_is_the_service_not_an_address_of_the_case():
    """An applicant writing to a mailbox and to its alias (the label's public address): the alias is the service's
    own, never an address that may speak for the case; another address in Cc still is."""
    alias = "smartcity@ville-bethune.fr"
    d = run(mail(cc=(alias, "tresorier@x.example")), aliases=frozenset({alias}))
    assert d.fate == FILED
    named = {e.address for e in d.effects if isinstance(e, AddressOnCase) and e.role != "applicant"}
    assert named == {"tresorier@x.example"}


LETTER_WRITTEN_IN_MAIL = ("Monsieur le Maire,\n\nJ'ai l'honneur de solliciter le label Béthune Smart City pour notre "
                          "action.\n\nJe vous prie d'agréer, Monsieur le Maire, mes salutations respectueuses.\n")


def test_a_letter_to_the_mayor_written_in_the_mail_is_asked_for_and_shown_to_staff():
    """The mail's own text reads as the letter (its words reach min_score plus margin): still asked for as a file,
    and staff told why; an ordinary mail's courtesy words do not reach that bar, and a letter attached is no news."""
    d = run(mail(attachments=(DOSSIER, PHOTO), body=LETTER_WRITTEN_IN_MAIL))
    assert d.assessment.status == INCOMPLETE and d.assessment.missing == ("courrier",)
    assert "le texte du courriel semble être : courrier officiel adressé au Maire" in d.attention, d.attention
    assert d.mail is not None and d.mail.typed == ("courrier",), d.mail  # the acknowledgement tells the applicant
    (queued,) = [e for e in d.effects if isinstance(e, QueueMail)]
    assert queued.typed == ("courrier",), queued
    # what to do next, in words a staff member acts on (it said « au service de voir si le message suffit »)
    assert ("(écrit dans le message, sans fichier joint) ; la pièce reste demandée au demandeur, relances comprises : "
            "lisez le message et, s'il suffit, enregistrez votre décision malgré la pièce manquante") in d.attention, \
        d.attention
    plain = run(mail(attachments=(DOSSIER, PHOTO), body="Bonjour, je sollicite le label. Je vous prie d'agréer "
                                                        "mes salutations distinguées."))
    assert "texte du courriel" not in plain.attention, plain.attention
    assert plain.mail is not None and plain.mail.typed == (), plain.mail
    attached = run(mail(body=LETTER_WRITTEN_IN_MAIL))
    assert attached.assessment.status == COMPLETE and "texte du courriel" not in attached.attention
    # bounded: read in the poller's process, only the top of a text that may be 40 MB
    far = run(mail(attachments=(DOSSIER, PHOTO), body="Bonjour.\n" * 3_000 + LETTER_WRITTEN_IN_MAIL))
    assert far.assessment.missing == ("courrier",) and "texte du courriel" not in far.attention, far.attention


def test_beyond_the_day_s_automatic_mails_an_update_to_an_open_case_waits_for_staff():
    """new_cases_per_day bounds the new cases acknowledged, not what each then gets: a stranger writing again in
    each made-up sender's name with a file had an update mailed to each, every day (backscatter growing daily).
    Beyond answers_per_day automatic mails in 24 h, whoever they go to, the next one is held for staff."""
    bound = RULES.conversation.answers_per_day
    case = CaseView(id=7, reference="BSC-2026-0007", applicant="asso@x.example", status=INCOMPLETE,
                    kinds=frozenset({"dossier"}))
    clues = Clues(by_reference=(case,), open_of_sender=(case,))
    d = run(mail(attachments=(COURRIER,), subject="Complément BSC-2026-0007"), clues=clues, answers_24h=bound - 1)
    assert d.case == case and d.mail is not None and d.mail.held == ""
    d = run(mail(attachments=(COURRIER,), subject="Complément BSC-2026-0007"), clues=clues, answers_24h=bound)
    assert d.case == case and d.mail is not None and d.mail.to_addr == "asso@x.example"
    assert d.mail.held.startswith(f"retenu : déjà {bound} courriels automatiques aux demandeurs en 24 h")
    assert held_by_flood(d.mail.held)  # sent one by one by staff, never by `resend --held`
    d = run(mail(), answers_24h=bound)  # a new case's acknowledgement too
    assert d.mail is not None and held_by_flood(d.mail.held)
