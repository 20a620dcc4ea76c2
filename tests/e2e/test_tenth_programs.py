"""A tenth round (tests/tenthmail.py), end to end: Dovecot, `intake poll`, SMTP. Thunderbird in plain text with its
« -- » signature (an application, and an answer below the quote), Apple Mail's Mail Drop, HCL Notes answering
« Réf. : », a webmail answering in HTML alone, a letter typed in the mail in quoted-printable cut inside words, an
application « suite » answering the applicant's own first mail, and an answer from the applicant's other address
with HEIC photos."""

from __future__ import annotations

import documents as d
import pytest
import tenthmail as tm
from sentmail import text as _text
from sentmail import to as _to

PDF = "application/pdf"
DOSSIER = ("Dossier d'intention - Les Amis du Beffroi.pdf", PDF, tm.dossier())
LETTER = ("Lettre à Monsieur le Maire.pdf", PDF, tm.letter())
PHOTOS = [("Vélo-école 1.jpg", "image/jpeg", d.photo(seed=6)), ("Vélo-école 2.jpg", "image/jpeg", d.photo(seed=7))]
HELENE = "helene.caron@amis-du-beffroi.example"
DOSSIER_PAGE = tm.DOSSIER_LINES[:8]  # what one scanned page of the form holds


def _incomplete_without(intake, missing: str, files, applicant: str = HELENE):
    """An application from Thunderbird lacking one piece: its case, and the acknowledgement asking for it."""
    intake.deliver(tm.thunderbird_signed(intake.nb, files).replace(b"helene.caron@amis-du-beffroi.example",
                                                                   applicant.encode()), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["missing"] == [missing], case
    (ack,) = intake.sent()
    assert _to(ack) == [applicant] and ack["From"].addresses[0].addr_spec == intake.nb, ack
    return case, ack


def test_a_thunderbird_plain_text_application_signed_below_dash_dash_is_complete_and_its_site_no_piece(intake):
    """format=flowed, the « -- » signature naming the association's site: the three pieces, one acknowledgement in
    French from the mailbox written to, the signature's link no piece and nothing for staff to open."""
    intake.deliver(tm.thunderbird_signed(intake.db, [DOSSIER, LETTER, *PHOTOS]), intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"], case
    assert case["applicant"] == HELENE and case["messages"] == 1, case
    assert "amis-du-beffroi.example" not in case["attention"], case
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == sorted(n for n, _, _ in [DOSSIER, LETTER, *PHOTOS]), names
    (ack,) = intake.sent()
    assert _to(ack) == [HELENE] and ack["From"].addresses[0].addr_spec == intake.db, ack
    text = _text(ack)
    assert "Lettre à Monsieur le Maire.pdf" in text and "Pièces manquantes" not in text, text
    assert "amis-du-beffroi.example/" not in text, text


def test_thunderbird_answering_below_the_quote_with_the_letter_completes_the_case_with_one_notice(intake):
    """Thunderbird's default reply: our whole acknowledgement quoted first (it names the missing letter and our
    address), the answer and the signature after it. The letter completes the case; one completion notice, to her."""
    case, ack = _incomplete_without(intake, "courrier", [DOSSIER, *PHOTOS])
    intake.deliver(tm.thunderbird_reply_below(ack, HELENE, [LETTER]), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["reference"] == case["reference"] and after["status"] == "complete", after
    assert after["messages"] == 2, after
    first, notice = intake.sent()
    assert _to(notice) == [HELENE] and case["reference"] in notice["Subject"], notice["Subject"]
    assert "Lettre à Monsieur le Maire.pdf" in _text(notice)


def test_a_thank_you_answered_below_the_quote_with_a_signature_gets_nothing_back(intake):
    """« Merci, bonne soirée » under the quote, the signature's link and telephone: no piece, no case, no mail."""
    intake.deliver(tm.thunderbird_signed(intake.nb, [DOSSIER, LETTER, *PHOTOS]), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    intake.deliver(tm.thunderbird_reply_below(ack, HELENE, [], answer="Merci beaucoup, bonne soirée !"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2, case
    assert len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]


def test_a_dossier_sent_by_mail_drop_is_for_staff_to_open_and_not_asked_again(intake):
    """The scanned dossier (31 MB) went as an iCloud Mail Drop link, the letter and the photos attached. The link
    is named by the card (the icon in the link, the name beside it) and by the link itself (« f=Dossier… »): it seems
    to hold the dossier, staff open it (before it expires, in 30 days), the applicant is not asked for it again, and
    it is never counted as the visuals."""
    intake.deliver(tm.apple_mail_drop(intake.nb, [LETTER, *PHOTOS]), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "helene.caron@icloud.example", case
    assert case["status"] == "review" and case["pieces"] == ["courrier", "visuels"], case
    (link,) = [p for p in intake.case(case["reference"])["piece_files"] if p["filename"].startswith("lien : ")]
    assert case["included"] == {"dossier": link["filename"]}, case
    assert link["filename"].startswith("lien : https://www.icloud.com/attachment/?u=") and "&amp;" not in link[
        "filename"], link
    assert "icloud.com/attachment" in case["attention"], case
    (ack,) = intake.sent()
    text = _text(ack)
    assert "Pièces manquantes" not in text and "Dossier d’intention scanné.pdf" in text, text


@pytest.mark.parametrize("threaded", [True, False], ids=["in-reply-to", "reference-only"])
def test_a_notes_reply_ref_with_the_letter_completes_the_case(intake, threaded):
    """HCL Notes: « Réf. : » before our subject, our mail under Notes' « De : / A : / Date : / Objet : » block,
    the letter as application/octet-stream; with In-Reply-To, or with only the reference in the subject. It joins
    the case and completes it."""
    hospital = "marc.dufour@ch-bethune.example"
    case, ack = _incomplete_without(intake, "courrier", [DOSSIER, *PHOTOS], applicant=hospital)
    intake.deliver(tm.notes_reply(ack, hospital, [("Courrier_Maire_signe.pdf", tm.letter())], threaded=threaded),
                   intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["status"] == "complete" and after["messages"] == 2, after
    (message,) = [m for m in intake.case(after["reference"])["message_list"] if m["subject"].startswith("Réf")]
    assert message["subject"] == "Réf. : " + str(ack["Subject"]), message
    assert len(intake.sent()) == 2 and _to(intake.sent()[1]) == [hospital]


def test_a_reply_in_html_alone_top_posted_with_the_letter_completes_the_case(intake):
    """A webmail's HTML-only answer quoting our whole acknowledgement in a blockquote (« Pièces manquantes :
    courrier officiel adressé au Maire », our address): the letter attached completes the case, once."""
    case, ack = _incomplete_without(intake, "courrier", [DOSSIER, *PHOTOS])
    intake.deliver(tm.html_only_reply(ack, HELENE, [LETTER], "Bonjour, voici la lettre signée."), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["status"] == "complete" and after["messages"] == 2, after
    assert len(intake.sent()) == 2 and _to(intake.sent()[1]) == [HELENE]


def test_a_question_in_html_alone_answering_our_mail_is_for_staff_and_opens_nothing(intake):
    """« Faut-il envoyer l'original par la poste ? » in HTML alone, our acknowledgement quoted: it joins the case for
    staff to answer; no new case, and no automatic mail (a person answers a question)."""
    case, ack = _incomplete_without(intake, "courrier", [DOSSIER, *PHOTOS])
    intake.deliver(tm.html_only_reply(ack, HELENE, [], "Bonjour, faut-il aussi envoyer la lettre originale par la "
                                                       "poste à l'Hôtel de ville ?"), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["reference"] == case["reference"] and after["messages"] == 2, after
    assert after["missing"] == ["courrier"], after
    assert "semble être" not in after["attention"], after  # our own words, quoted, are no letter she typed
    assert len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]


def test_a_letter_typed_in_a_mail_cut_inside_words_is_read_as_the_letter_in_the_text(intake):
    """Quoted-printable cut every 20 characters, inside words and inside « é »: the text reads as written, so staff
    and the applicant are told that the mail's text reads as the letter, which is asked for as a file."""
    files = [("Dossier intention velo-ecole.pdf", PDF, tm.dossier()), ("atelier.jpg", "image/jpeg", d.photo())]
    intake.deliver(tm.letter_typed_in_mail(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["missing"] == ["courrier"], case
    attention = intake.case(case["reference"])["attention"]
    assert "le texte du courriel semble être : courrier officiel adressé au Maire" in attention, attention
    (ack,) = intake.sent()
    said = " ".join(_text(ack).split())
    assert "Le texte de votre message semble être : courrier officiel adressé au Maire" in said, said
    (message,) = intake.case(case["reference"])["message_list"]
    assert message["subject"] == "Demande de label Béthune Smart City", message


@pytest.mark.parametrize("elsewhere", [False, True], ids=["same-mailbox", "other-mailbox"])
def test_an_application_suite_answering_the_applicant_s_own_first_mail_is_one_case_completed_once(intake, elsewhere):
    """The dossier first (acknowledged, the letter and the photos asked for), then « suite » and « suite et fin »
    as answers to his own first mail, after our acknowledgement (to the same mailbox, or the suite to the other
    one): one case, one acknowledgement."""
    first, second, third = tm.gmail_thread(intake.nb)
    intake.deliver(first, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["missing"] == ["courrier", "visuels"], case
    for raw in (second, third):
        if elsewhere:
            intake.deliver(raw.replace(intake.nb.encode(), intake.db.encode()), intake.db)
        else:
            intake.deliver(raw, intake.nb)
        intake.poll()
    (after,) = intake.cases()
    assert after["status"] == "complete" and after["messages"] == 3, after
    sent = intake.sent()
    assert all(_to(m) == ["karim.benali62@gmail.example"] for m in sent), [m["To"] for m in sent]
    # one acknowledgement; then, as for any piece that comes later, a receipt of the letter (the photos still asked
    # for) and the completion notice: all in the case's thread
    ack, receipt, notice = sent
    assert ack["Subject"].startswith("Accusé de réception") and "complet" in notice["Subject"], sent
    assert all(case["reference"] in m["Subject"] for m in sent), [m["Subject"] for m in sent]


def test_photos_from_the_applicant_s_other_address_answering_our_mail_are_for_staff_to_attach(intake):
    """From her own Gmail account, answering our acknowledgement (our Message-ID in her References), HEIC photos
    (image/heif). An address the case never named may not add to it by citing our mail (anyone it was forwarded to
    can): its own case, for staff to attach (« À voir »), the applicant's case untouched; the other address is
    acknowledged as any new sender and learns nothing of the first case. Staff merge them: complete."""
    case, ack = _incomplete_without(intake, "visuels", [DOSSIER, LETTER])
    other = "helene.caron62@gmail.example"
    photos = [("20261130_151203.heic", d.heic(d.photo(seed=8))), ("20261130_151219.heic", d.heic(d.photo(seed=9)))]
    intake.deliver(tm.gmail_android_other_address(ack, other, photos), intake.nb)
    intake.poll()
    first, second = intake.cases()
    assert first["reference"] == case["reference"] and first["messages"] == 1 and first["missing"] == ["visuels"]
    assert second["applicant"] == other and second["status"] == "review" and second["pieces"] == ["visuels"], second
    assert case["reference"] in second["attention"], second
    theirs = [m for m in intake.sent() if _to(m) == [other]]
    assert all(case["reference"] not in m["Subject"] + _text(m) for m in theirs), theirs
    code, out = intake.cli("case", case["reference"], "merge", second["reference"])
    assert code == 0, out
    (merged,) = [c for c in intake.cases() if c["reference"] == case["reference"]]
    assert merged["status"] == "complete" and merged["applicant"] == HELENE, merged


def test_a_canon_scan_the_applicant_forwards_to_the_town_is_her_application_and_the_copier_is_not_written_to(intake):
    """« TR: Attached Image », no word of the label in the subject, her words above Outlook's block naming the
    copier. The scan (a page of the form, then the letter, image-only) reads as much the dossier as the letter:
    neither could be chosen, and the mail, no piece recognised in it, was ignored; nobody was told. It is her
    application: the scan seems to hold both, for staff to verify, neither asked of her; the photos are asked for;
    acknowledged to her, never to the copier's address."""
    scan = d.scan_pages([DOSSIER_PAGE, tm.LETTER_LINES])
    intake.deliver(tm.forwarded_canon_scan(intake.nb, scan), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == HELENE and case["missing"] == ["courrier", "dossier", "visuels"], case
    assert "semble contenir plusieurs pièces, à vérifier : 20261130143512.pdf" in case["attention"], case
    assert case["pieces"] == [] and case["included"] == {"courrier": "20261130143512.pdf",
                                                         "dossier": "20261130143512.pdf"}, case
    (ack,) = intake.sent()
    assert _to(ack) == [HELENE], ack["To"]
    asked = _text(ack).partition("Pièces manquantes")[2].partition("\n\n")[0]
    assert "documents complémentaires" in asked and "courrier" not in asked and "dossier" not in asked, asked
    assert "20261130143512.pdf" in _text(ack)
    # staff open the scan and say what it is and what it holds too: only the photos are still missing
    (scanned,) = intake.case(case["reference"])["piece_files"]
    for option, kind in (("--kind", "dossier"), ("--also", "courrier")):
        code, out = intake.cli("case", case["reference"], "piece", str(scanned["id"]), option, kind)
        assert code == 0, out
    (after,) = intake.cases()
    assert after["status"] == "incomplete" and after["missing"] == ["visuels"], after


def test_an_outlook_rich_text_reply_with_the_letter_inside_winmail_dat_completes_the_case(intake):
    """The answer to our acknowledgement in RTF: the letter inside winmail.dat completes the case, named as the
    applicant named it; one completion notice, to him."""
    applicant = "herve.delattre@cabinet-delattre.example"
    case, ack = _incomplete_without(intake, "courrier", [DOSSIER, *PHOTOS], applicant=applicant)
    intake.deliver(tm.outlook_rich_text_reply(ack, applicant, {"Lettre signée au Maire.pdf": tm.letter()}), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["status"] == "complete" and after["messages"] == 2, after
    names = sorted(p["filename"] for p in intake.case(after["reference"])["piece_files"])
    assert "Lettre signée au Maire.pdf" in names and "winmail.dat" not in names, names
    first, notice = intake.sent()
    assert _to(notice) == [applicant] and "Lettre signée au Maire.pdf" in _text(notice), _text(notice)


def test_every_file_sent_by_mail_drop_is_named_by_its_own_link(intake):
    """Three Mail Drop cards (the dossier, the letter, a video): each link named by the file it carries: the dossier
    and the letter to verify, neither asked for; the video is the visuals."""
    more = [(tm.mail_drop_url("Lettre signée au Maire.pdf", 12582912, "Lt4kW8zQ1pN6vB3mC9xR2d"),
             "Lettre signée au Maire.pdf", "12,6 Mo"),
            (tm.mail_drop_url("Vélo-école.MOV", 187654321, "Vd7nX3sK9qL2wB5cZ8mR4e"), "Vélo-école.MOV", "187,7 Mo")]
    intake.deliver(tm.apple_mail_drop(intake.nb, [], more=more), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["visuels"] and case["status"] == "review", case
    assert sorted(case["included"]) == ["courrier", "dossier"], case
    assert "f=Lettre%20sign%C3%A9e" in case["included"]["courrier"], case
    (ack,) = intake.sent()
    assert "Pièces manquantes" not in _text(ack), _text(ack)


def test_a_shared_mailbox_sending_on_behalf_is_the_applicant_and_its_other_member_s_reply_completes_the_case(intake):
    """Microsoft 365 « de la part de »: From the association's shared mailbox, Sender the member who wrote. The
    case is the shared mailbox's, acknowledged to it (never to the Sender); another member answers our mail from the
    same shared mailbox with the letter: it joins, completes the case, one notice to the shared mailbox."""
    shared = "contact@amis-du-beffroi.example"
    intake.deliver(tm.m365_on_behalf(intake.nb, [DOSSIER, *PHOTOS]), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == shared and case["missing"] == ["courrier"], case
    (ack,) = intake.sent()
    assert _to(ack) == [shared], ack["To"]
    intake.deliver(tm.m365_on_behalf(intake.nb, [LETTER], member="Paul Devos <p.devos@amis-du-beffroi.example>",
                                     reply_to=ack), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["status"] == "complete" and after["messages"] == 2, after
    assert [_to(m) for m in intake.sent()] == [[shared], [shared]]


def test_a_canon_scan_of_the_dossier_and_the_letter_sent_straight_to_the_town_is_filed_for_staff(intake):
    """The same scan sent by the copier itself: no kind chosen, it was ignored as the copier's automatic mail. It is
    an application's documents: filed for staff, in review; nobody is written to (the copier is no applicant)."""
    scan = d.scan_pages([DOSSIER_PAGE, tm.LETTER_LINES])
    intake.deliver(tm.canon_scan(intake.nb, scan), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review", case
    (scanned,) = intake.case(case["reference"])["piece_files"]
    assert scanned["filename"] == "20261130143512.pdf", scanned
    assert intake.sent() == []


def test_the_first_mail_forwarded_with_the_letter_added_completes_the_case_without_a_second_dossier(intake):
    """Outlook forwards her first mail with its files: the dossier again, beside the letter she adds. It joins her
    case (her own mail, not someone's forward), the dossier is the same file (no second one), the case complete,
    one completion notice."""
    case, ack = _incomplete_without(intake, "courrier", [DOSSIER, *PHOTOS])
    intake.deliver(tm.outlook_forward_own_mail(intake.nb, [DOSSIER, *PHOTOS], [LETTER]), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["status"] == "complete" and after["messages"] == 2 and after["applicant"] == HELENE, after
    names = sorted(p["filename"] for p in intake.case(after["reference"])["piece_files"])
    assert names == sorted(n for n, _, _ in [DOSSIER, LETTER, *PHOTOS]), names
    first, notice = intake.sent()
    assert _to(notice) == [HELENE] and "complet" in notice["Subject"], notice["Subject"]


def test_heic_photos_answering_our_mail_from_her_own_address_complete_the_case(intake):
    """The same Gmail for Android answer from the address she applied from: the HEIC photos (image/heif) are the
    visuals; one completion notice."""
    case, ack = _incomplete_without(intake, "visuels", [DOSSIER, LETTER])
    photos = [("20261130_151203.heic", d.heic(d.photo(seed=8)))]
    intake.deliver(tm.gmail_android_other_address(ack, HELENE, photos), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["status"] == "complete" and after["messages"] == 2, after
    first, notice = intake.sent()
    assert _to(notice) == [HELENE] and "20261130_151203.heic" in _text(notice), _text(notice)
