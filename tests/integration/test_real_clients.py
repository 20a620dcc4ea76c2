"""Application mail from real mail programs (tests/clientmail.py builds it byte for byte), through the real parser,
readers and rules, as `intake explain` and the poller read it: each test is a wrong outcome seen with such mail."""

from __future__ import annotations

from pathlib import Path

import clientmail as cm
import documents as d
import pytest
from localsite import NB, make_local

from intake.adapters.rulefiles import load_rules
from intake.config import load
from intake.core.classify import PIECE, SKIPPED, UNRESOLVED
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.forward import as_original
from intake.core.trust import Evidence
from intake.pipeline.read import read_message

RULES = load_rules(Path(__file__).resolve().parents[2] / "rules")


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return load(make_local(tmp_path_factory.mktemp("site")).config)


def _read(raw: bytes, settings):
    return read_message(raw, RULES, settings, NB)


def _decide(reading, settings):
    forward = reading.forward
    return decide(reading.msg, reading.verdicts, RULES, Context(
        watched=settings.watched, mailbox_address=NB, system_id=settings.system_id, **forward.said()))


def _found(reading) -> dict[str, tuple[str, str | None]]:
    return {v.attachment.filename: (v.outcome, v.kind) for v in reading.verdicts}


def test_photos_inserted_in_the_body_by_gmail_are_visuals(settings):
    reading = _read(cm.gmail_photos_in_body(NB), settings)
    found = _found(reading)
    assert found["IMG_1532.jpg"] == (PIECE, "visuels") and found["IMG_1533.jpg"] == (PIECE, "visuels")
    d_ = _decide(reading, settings)
    assert d_.assessment.status == "complete" and d_.assessment.missing == ()


def test_a_panorama_inserted_in_the_body_is_a_visual_not_a_banner(settings):
    """A phone's panorama of the place (4:1, thousands of pixels high) is as wide and low as a signature's banner:
    inserted in the body, it was skipped as « bandeau », and an applicant whose visuals were panoramas was asked for
    them again. A banner is also low: a few hundred pixels at most, even drawn for a high-density screen."""
    reading = _read(cm.gmail_photos_in_body(NB, (d.photo(size=(4000, 1000)), d.photo(size=(3200, 800), seed=7))),
                    settings)
    found = _found(reading)
    assert found["IMG_1532.jpg"] == (PIECE, "visuels") and found["IMG_1533.jpg"] == (PIECE, "visuels")
    assert _decide(reading, settings).assessment.status == "complete"


@pytest.mark.parametrize("logo", [d.logo_png(), d.png_image(size=(180, 100))], ids=["small", "banner-40kB"])
def test_an_outlook_signature_logo_shown_in_the_body_is_still_no_visual(settings, logo):
    assert len(logo) < 50_000  # rules/pieces.toml shown_image_min_size; the banner is over inline_image_min_size
    reading = _read(cm.outlook_logo_signature(NB, logo), settings)
    assert _found(reading)["image001.png"][0] == SKIPPED


def test_a_signature_banner_over_the_size_of_a_photo_is_no_visual(settings):
    """A company's or a town's banner (wide and low) weighs what a pasted photo does: it counted as a visual, and
    could mark a case complete that had no photo at all. A photo pasted in the body still counts (Gmail's, above)."""
    banner = d.png_image(size=(900, 220))
    assert len(banner) > 50_000  # over rules/pieces.toml shown_image_min_size
    reading = _read(cm.outlook_logo_signature(NB, banner), settings)
    outcome, kind = _found(reading)["image001.png"]
    assert (outcome, kind) == (SKIPPED, None)
    assert "bandeau" in next(v.evidence for v in reading.verdicts if v.attachment.filename == "image001.png")


@pytest.mark.parametrize("size", [(240, 300), (380, 380)], ids=["portrait", "square-logo"])
def test_a_signature_picture_too_small_to_be_a_photo_is_no_visual_whatever_its_weight(settings, size):
    """The sender's portrait or a square logo in a signature, saved as PNG, weighs more than shown_image_min_size
    (50 kB): it counted as a visual, and a reply or the application itself could make a case complete without a
    photo. Its pixels say what it is: a photo pasted in a mail keeps hundreds of pixels (Gmail's, above: 1600)."""
    picture = d.png_image(size=size)
    assert len(picture) > 100_000  # twice rules/pieces.toml shown_image_min_size
    reading = _read(cm.outlook_logo_signature(NB, picture), settings)
    assert _found(reading)["image001.png"] == (SKIPPED, None)
    evidence = next(v.evidence for v in reading.verdicts if v.attachment.filename == "image001.png")
    assert f"petite image affichée dans le corps du message ({size[0]} x {size[1]} pixels" in evidence, evidence


def test_a_photo_pasted_at_a_mail_programs_medium_size_is_still_a_visual(settings):
    """Apple Mail's « Moyenne » and Outlook's reduced pictures: 640 pixels wide, a visual."""
    reading = _read(cm.outlook_logo_signature(NB, d.png_image(size=(640, 480))), settings)
    assert _found(reading)["image001.png"] == (PIECE, "visuels")


def test_a_zip_made_on_a_mac_shows_its_names_as_written_and_no_finder_companions(settings):
    archive = cm.macos_zip({"Candidature/Dossier d’intention.docx": d.docx(d.DOSSIER_LINES),
                            "Candidature/Lettre signée.pdf": d.pdf_text(d.LETTER_LINES),
                            "Candidature/Photos/Vue générale.jpg": d.photo()})
    raw = cm.apple_mail(NB, [("Candidature.zip", "application/zip", archive)])
    found = _found(_read(raw, settings))
    assert found == {"Dossier d’intention.docx": (PIECE, "dossier"), "Lettre signée.pdf": (PIECE, "courrier"),
                     "Vue générale.jpg": (PIECE, "visuels")}


def test_a_pages_document_is_one_document_for_staff_not_an_archive_of_thumbnails(settings):
    raw = cm.apple_mail(NB, [("Dossier d’intention.pages", "application/x-iwork-pages-sffpages",
                              cm.pages_document(d.DOSSIER_LINES))])
    reading = _read(raw, settings)
    (verdict,) = reading.verdicts  # its preview.jpg and preview-web.jpg were two « visuels »
    assert (verdict.outcome, verdict.kind, verdict.detected_type) == (UNRESOLVED, None, "iwork")
    assert verdict.attachment.filename == "Dossier d’intention.pages" and "Pages" in verdict.evidence
    assert verdict.also == ("dossier",)  # by its name, as a .docx would be: to verify, not asked again
    d_ = _decide(reading, settings)
    assert d_.assessment.status == "incomplete" and d_.assessment.included == ("dossier",)
    assert d_.assessment.asked == ("courrier", "visuels")
    assert "document à ouvrir par le service : Dossier d’intention.pages" in d_.attention
    assert "trompeuse" not in d_.attention


def test_a_wetransfer_link_rewritten_by_safe_links_counts_as_the_visuals(settings):
    text = ("Bonjour,\n\nVoici le dossier et la lettre. Les photos sont sur WeTransfer :\n"
            f"{cm.safelinks('https://we.tl/t-Ab3dEf9hIj')}\n\nLucas\n")
    raw = cm.thunderbird_plain_text(NB, text, [("dossier.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
                                               ("lettre.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES))])
    reading = _read(raw, settings)
    links = [v for v in reading.verdicts if v.detected_type == "link"]
    assert [(v.outcome, v.kind, v.attachment.content) for v in links] == [
        (PIECE, "visuels", b"https://we.tl/t-Ab3dEf9hIj")]


def test_webmail_names_in_windows_1252_keep_their_apostrophes(settings):
    raw = cm.orange_webmail(NB, [("Dossier d’intention.pdf", d.pdf_text(d.DOSSIER_LINES)),
                                 ("Lettre pour M. le Maire – signée.pdf", d.pdf_text(d.LETTER_LINES))])
    reading = _read(raw, settings)
    assert sorted(_found(reading)) == ["Dossier d’intention.pdf", "Lettre pour M. le Maire – signée.pdf"]
    assert reading.msg.subject == "Candidature « Béthune Smart City » : l’œuvre du quartier"
    assert reading.msg.from_name == "Martine Dubœuf"
    assert "notre dossier d’intention" in reading.msg.text and "Mme Dubœuf" in reading.msg.text  # the body too


def test_an_outlook_forward_by_staff_is_a_forward_not_the_staff_s_own_mail(settings):
    """Outlook writes no « Message transféré » line: the forward was ignored as a colleague's own mail."""
    raw = cm.outlook_forward("n.bataillon@ville-bethune.fr", NB, "jeanne.roux@tiers-lieu.example")
    reading = _read(raw, settings)
    assert reading.msg.forwarded_from == (("Jeanne Roux", "jeanne.roux@tiers-lieu.example"),)
    d_ = _decide(reading, settings)
    assert d_.fate != "ignored" and d_.assessment is not None


def test_an_outlook_forward_whose_text_is_windows_1252_declared_utf8_is_a_forward(settings):
    """Its text part declared UTF-8 and written in Windows-1252 (a gateway adding the town's disclaimer, an old
    Outlook profile): « Envoy\ufffd : » made no header block, and the forward was ignored as a colleague's own mail."""
    raw = cm.outlook_forward("n.bataillon@ville-bethune.fr", NB, "jeanne.roux@tiers-lieu.example",
                             text_written_in="cp1252")
    reading = _read(raw, settings)
    assert reading.msg.forwarded_from == (("Jeanne Roux", "jeanne.roux@tiers-lieu.example"),)
    assert "Candidature reçue sur mon ancienne adresse." in reading.msg.text
    d_ = _decide(reading, settings)
    assert d_.fate != "ignored" and d_.assessment is not None


def test_the_same_header_block_in_a_reply_is_no_forward(settings):
    raw = cm.outlook_forward("n.bataillon@ville-bethune.fr", NB, "jeanne.roux@tiers-lieu.example",
                             subject="RE: Candidature label Smart City")
    assert _read(raw, settings).msg.forwarded_from == ()


MSG = Path(__file__).resolve().parents[1] / "corpus" / "msgreader"


def test_the_photos_inside_an_attached_outlook_item_are_visuals(settings):
    """An Outlook .msg (here MSGReader's sample with two JPEG photos) was taken for a spreadsheet, or for nothing,
    and dropped without a word: its files are now opened as those of an attached .eml are."""
    raw = cm.outlook_with_msg(NB, "Photos du projet.msg", (MSG / "EmailWithAttachments.msg").read_bytes(),
                              [("Dossier d'intention.docx", d.docx(d.DOSSIER_LINES)),
                               ("Lettre au Maire.pdf", d.pdf_text(d.LETTER_LINES))])
    reading = _read(raw, settings)
    inside = {v.attachment.filename: (v.outcome, v.kind) for v in reading.verdicts
              if v.attachment.container == "Photos du projet.msg/"}
    assert inside == {"peterpan.jpg": (PIECE, "visuels"), "tinkerbell.jpg": (PIECE, "visuels")}
    assert _decide(reading, settings).assessment.status == "complete"


def test_the_document_inside_an_attached_outlook_item_is_read(settings):
    raw = cm.outlook_with_msg(NB, "Candidature.msg", (MSG / "TxtSampleEmailWithAttachment.msg").read_bytes())
    (verdict,) = _read(raw, settings).verdicts
    assert verdict.attachment.filename == "SampleAttachment.pdf" and verdict.detected_type == "pdf"
    assert verdict.attachment.container == "Candidature.msg/" and verdict.attachment.forwarded


def test_an_outlook_item_attached_by_staff_is_a_forward_of_its_sender_s_mail(settings):
    """Staff drag an applicant's mail out of Outlook into a new one (a .msg file, not message/rfc822): it was read
    as the staff member's own mail, and ignored as a colleague's note. Its sender is now the forward's original
    sender, as an attached .eml's is; the case is the applicant's when the forward is authenticated."""
    raw = cm.outlook_with_msg(NB, "Candidature Tiers-lieu.msg", (MSG / "EmailWithAttachments.msg").read_bytes(),
                              [("Dossier d'intention.docx", d.docx(d.DOSSIER_LINES)),
                               ("Lettre au Maire.pdf", d.pdf_text(d.LETTER_LINES))],
                              sender=f"Nathalie Bataillon <{NB}>", subject="TR: candidature reçue à l'accueil")
    reading = _read(raw, settings)
    assert reading.msg.forwarded_from == (("Kees", "peterpan@neverland.com"),)
    assert reading.forward.claimed_by == NB and reading.forward.quoted == "peterpan@neverland.com"  # not authenticated
    trusted = as_original(reading.msg, RULES, settings.watched, NB, Evidence(True, "authentifié"))
    assert trusted.msg.from_addr == "peterpan@neverland.com" and trusted.by == NB
    filed = decide(trusted.msg, reading.verdicts, RULES, Context(
        watched=settings.watched, mailbox_address=NB, system_id=settings.system_id, forwarded_by=trusted.by,
        quoted=trusted.quoted, forward_evidence=trusted.evidence))
    assert filed.fate == "filed" and filed.assessment.status == "complete"
    assert (filed.mail.to_addr, filed.mail.from_addr) == ("peterpan@neverland.com", NB)


def test_a_drive_share_notification_is_no_application_from_google(settings):
    """Google sends it from drive-shares-dm-noreply@: it opened a case for that robot and acknowledged it there."""
    reading = _read(cm.google_drive_share(NB, "sophie.leroy62@gmail.example"), settings)
    decision = _decide(reading, settings)
    assert decision.fate == "ignored" and decision.mail is None and decision.assessment is None
    assert "drive-shares-dm-noreply@google.com" in decision.reason


def test_a_shared_folder_s_link_alone_in_personal_mail_is_no_application(settings):
    """Like photos alone: a link to a Drive folder in a mail whose subject announces nothing opens no case."""
    text = "Bonjour Nicolas,\n\nle compte rendu de jeudi : https://drive.google.com/file/d/1x2y3z/view?usp=sharing\n"
    raw = cm.thunderbird_plain_text(NB, text, [], subject="Compte rendu de jeudi")
    decision = _decide(_read(raw, settings), settings)
    assert decision.fate == "ignored" and decision.mail is None
    raw = cm.thunderbird_plain_text(NB, text.replace("le compte rendu de jeudi", "nos photos"), [])
    assert _decide(_read(raw, settings), settings).fate == "filed"  # under a subject that announces an application


@pytest.mark.parametrize("name, mime, head", [
    ("Candidature Smart City.rar", "application/x-rar-compressed", b"Rar!\x1a\x07\x01\x00"),  # RAR 5 signature
    ("Candidature Smart City.7z", "application/x-7z-compressed", b"7z\xbc\xaf\x27\x1c\x00\x04"),  # 7-Zip signature
])
def test_an_application_sent_as_a_rar_or_7z_archive_is_kept_for_staff_not_ignored(settings, name, mime, head):
    """Only ZIPs are opened: a RAR or 7z archive was « pas une pièce », and the mail ignored as no application."""
    archive = head + bytes(range(256)) * 200  # the signature is what tells the type; the rest is not read
    raw = cm.outlook_with_msg(NB, name, archive, mime=mime)
    reading = _read(raw, settings)
    (verdict,) = reading.verdicts
    assert (verdict.attachment.filename, verdict.outcome, verdict.flag) == (name, UNRESOLVED, "unopened-archive")
    decision = _decide(reading, settings)
    assert decision.fate == "filed" and decision.assessment.status == "review"
    assert f"archive à ouvrir par le service : {name}" in decision.attention


def test_a_forward_of_a_forward_is_filed_under_the_outside_sender_not_the_colleague(settings):
    raw = cm.outlook_forward("n.bataillon@ville-bethune.fr", NB, "jeanne.roux@tiers-lieu.example",
                             via="accueil@ville-bethune.fr")
    reading = _read(raw, settings)
    assert [a for _, a in reading.msg.forwarded_from] == ["accueil@ville-bethune.fr", "jeanne.roux@tiers-lieu.example"]
    assert reading.forward.quoted == "jeanne.roux@tiers-lieu.example"


def test_a_colleague_s_mail_forwarded_between_staff_stays_staff_mail(settings):
    raw = cm.outlook_forward("n.bataillon@ville-bethune.fr", NB, "service.urbanisme@ville-bethune.fr")
    reading = _read(raw, settings)
    assert reading.forward.quoted == "" and not reading.forward.claimed_by
    assert _decide(reading, settings).fate == "ignored"


def test_a_message_protected_by_outlook_is_set_aside_for_staff_like_any_encrypted_one(settings):
    """Its files are inside message.rpmsg: it was ignored as « pas une candidature : aucune pièce reconnue »."""
    decision = _decide(_read(cm.outlook_protected(NB), settings), settings)
    assert decision.fate == "quarantined" and "protection Microsoft" in decision.reason
    decision = _decide(_read(cm.outlook_protected(NB, subject="Réunion de jeudi"), settings), settings)
    assert decision.fate == "ignored" and "message chiffré" in decision.reason


def test_an_opaque_signed_s_mime_application_is_read_not_set_aside_as_encrypted(settings):
    """Outlook signing « opaque » (smime.p7m, smime-type=signed-data) wraps the whole message, files included, in the
    clear: it was taken for an encrypted message and quarantined (« message chiffré »), the application unread."""
    files = [("Dossier d'intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
             ("Lettre signée au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES)),
             ("Façade.jpg", "image/jpeg", d.photo())]
    reading = _read(cm.outlook_opaque_signed(NB, files), settings)
    assert _found(reading) == {"Dossier d'intention.pdf": (PIECE, "dossier"),
                               "Lettre signée au Maire.pdf": (PIECE, "courrier"), "Façade.jpg": (PIECE, "visuels")}
    assert reading.msg.from_addr == "urbanisme@cc-artois.example" and reading.msg.subject.startswith("Candidature")
    decision = _decide(reading, settings)
    assert decision.fate == "filed" and decision.assessment.status == "complete", decision.reason


def test_a_video_of_the_action_is_a_visual(settings):
    """The video an iPhone attaches (.MOV) or an Android phone (.mp4) shows the action as photos do: it was no
    piece at all, and the visuals were asked for again."""
    raw = cm.thunderbird_plain_text(NB, "Bonjour,\n\nvoici notre candidature et la vidéo du chantier.\n", [
        ("Dossier d'intention.pdf", "application/pdf", d.pdf_text(d.DOSSIER_LINES)),
        ("Lettre au Maire.pdf", "application/pdf", d.pdf_text(d.LETTER_LINES)),
        ("IMG_0042.MOV", "video/quicktime", d.video())])
    reading = _read(raw, settings)
    assert _found(reading)["IMG_0042.MOV"] == (PIECE, "visuels")
    assert _decide(reading, settings).assessment.status == "complete"


def test_a_video_alone_in_personal_mail_is_no_application(settings):
    video = [("VID_20261124.mp4", "video/mp4", d.video(b"mp42"))]
    personal = cm.thunderbird_plain_text(NB, "Coucou, la vidéo de dimanche !\n", video, subject="Dimanche")
    assert _decide(_read(personal, settings), settings).fate == "ignored"
    announced = cm.thunderbird_plain_text(NB, "La vidéo de notre action.\n", video, subject="Candidature label")
    assert _decide(_read(announced, settings), settings).fate == "filed"


@pytest.mark.parametrize("iphone", [False, True], ids=["mac", "iphone"])
def test_an_apple_mail_forward_by_staff_names_the_applicant_it_quotes(settings, iphone):
    """Apple Mail quotes what it forwards (« > De: … »): the forward of an application by a town address (the
    mayor's office from an iPhone) was read as that person's own mail, and ignored as internal mail."""
    raw = cm.apple_mail_forward("p.martin@ville-bethune.fr", NB, "jeanne.roux@tiers-lieu.example", iphone=iphone)
    reading = _read(raw, settings)
    assert reading.msg.forwarded_from == (("Jeanne Roux", "jeanne.roux@tiers-lieu.example"),)
    assert reading.forward.claimed_by == "p.martin@ville-bethune.fr"  # not authenticated here
    assert _decide(reading, settings).fate == "filed"


def test_a_reply_quoting_an_apple_mail_forward_is_no_forward(settings):
    raw = cm.apple_mail_forward("p.martin@ville-bethune.fr", NB, "jeanne.roux@tiers-lieu.example", iphone=True,
                                subject="Re: Fwd: Candidature label Smart City")
    assert _read(raw, settings).msg.forwarded_from == ()


def test_an_outlook_forward_that_comes_as_html_alone_is_still_a_forward(settings):
    """A forward whose mail has no text/plain part (some mail programs, and some servers' IMAP, give an HTML mail
    as its HTML alone): the « De : » block was looked for in the plain text only, and the forward was ignored as
    the staff member's own mail."""
    raw = cm.outlook_forward("n.bataillon@ville-bethune.fr", NB, "jeanne.roux@tiers-lieu.example", html_only=True)
    reading = _read(raw, settings)
    assert reading.msg.text == "" and "De&nbsp;:" in reading.msg.html
    assert reading.msg.forwarded_from == (("Jeanne Roux", "jeanne.roux@tiers-lieu.example"),)
    assert _decide(reading, settings).fate != "ignored"
