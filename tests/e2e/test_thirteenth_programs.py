"""A thirteenth round (tests/thirteenthmail.py), end to end: Dovecot, `intake poll`, SMTP. iOS Mail's scans all named
« Document numérisé.pdf » in three mails (read together or as they come, the photos at full size or « Petite »); a
Gmail for Android mail without subject; a colleague's « Répondre à tous » in the thread of our acknowledgement;
Proton Mail's Proton Drive link; SOGo's webmail; our acknowledgement forwarded back with the missing photos."""

from __future__ import annotations

import documents as d
import pytest
import tenthmail as tm
import thirteenthmail as w
from sentmail import acknowledged as _acknowledged
from sentmail import text as _text
from sentmail import to as _to

PDF = "application/pdf"
PIECES = ["courrier", "dossier", "visuels"]
AURELIE = "aurelie.dhainaut@ressourcerie-bethune.example"
MARC = "marc.delattre@ressourcerie-bethune.example"


def test_ios_scans_all_named_document_numerise_in_three_mails_are_one_case_and_no_file_is_lost(intake):
    """iOS names every scan « Document numérisé.pdf »: the dossier (first mail) and the letter (second, minutes
    later) have the same name, in NFD, but are two files, both kept, each its piece; the photos come third. One case,
    complete, its applicant acknowledged once, the name shown composed (« é »)."""
    for raw in w.ios_scans(intake.nb, tm.dossier(), tm.letter(), [d.photo(seed=71), d.photo(seed=72)]):
        intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == AURELIE and case["pieces"] == PIECES, case
    assert case["status"] == "complete", case
    files = intake.case(case["reference"])["piece_files"]
    scans = sorted(p["kind"] for p in files if p["filename"] == w.IOS_SCAN)
    assert scans == ["courrier", "dossier"], files
    (ack,) = intake.sent()
    assert _to(ack) == [AURELIE], ack
    assert "nume\u0301rise\u0301" not in _text(ack), _text(ack)


@pytest.mark.parametrize("subject", [None, ""])
def test_a_gmail_android_mail_without_subject_and_three_photos_opens_a_case_asking_for_the_rest(intake, subject):
    """Gmail for Android, no subject (no field, or an empty one), one line, three photos: a case for the applicant,
    the visuels received, the dossier and the letter asked for once; our answer has a subject of its own."""
    photos = [(f"PXL_20261201_0702{10 + i}123.jpg", d.photo(seed=80 + i)) for i in range(3)]
    intake.deliver(w.gmail_android_hurried(intake.nb, photos, subject), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "kevin.lemaire62@gmail.example", case
    assert case["status"] == "incomplete" and case["pieces"] == ["visuels"], case
    assert sorted(case["missing"]) == ["courrier", "dossier"], case
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == sorted(n for n, _ in photos), names
    ack = _acknowledged(intake, "kevin.lemaire62@gmail.example", intake.nb, asks=True)
    assert case["reference"] in ack["Subject"] and "None" not in ack["Subject"], ack["Subject"]
    assert not ack["Subject"].rstrip().endswith(":"), ack["Subject"]


def test_a_colleague_s_reply_all_in_the_thread_of_our_acknowledgement_completes_the_case(intake):
    """Aurélie sends the dossier and the letter from SOGo (acknowledged, the visuels asked for), answers our mail from
    Outlook « Marc vous envoie les photos », Marc in Cc; Marc answers all (« RE: RE: ») with the photos. An address
    the applicant's own mail names may speak for her case (core/filing.py `_named`): the photos join it, which is
    complete; she is told so once, Marc is written to by nobody, and nothing is asked again."""
    files = [("Dossier d'intention Ressourcerie.pdf", PDF, tm.dossier()), ("Courrier Maire.pdf", PDF, tm.letter())]
    first = w.sogo(intake.nb, files, sender=f"=?utf-8?q?Aur=C3=A9lie_Dhainaut?= <{AURELIE}>")
    intake.deliver(first, intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    assert "Pièces manquantes" in _text(ack), _text(ack)
    reply, reply_id = w.outlook_reply_cc(ack, AURELIE, MARC)
    intake.deliver(reply, intake.nb)
    intake.poll()
    assert len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]  # her announcement asks for nothing
    photos = [("Ressourcerie atelier.jpg", d.photo(seed=91)), ("Ressourcerie boutique.jpg", d.photo(seed=92))]
    intake.deliver(w.outlook_reply_all(ack, AURELIE, MARC, reply_id, photos), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == AURELIE and case["applicant_name"] == "Aurélie Dhainaut", case
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 3, case
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == sorted([n for n, _, _ in files] + [n for n, _ in photos]), names
    first_ack, done = intake.sent()
    assert _to(done) == [AURELIE] and not done["Cc"] and "complet" in done["Subject"], done
    assert "Pièces manquantes" not in _text(done), _text(done)
    assert all(n in _text(done) for n, _ in photos), _text(done)


def test_a_proton_drive_link_for_the_dossier_too_big_to_attach_is_not_asked_for_again(intake):
    """Proton Mail's « Partager via Proton Drive »: the dossier is a link (its password after « # »), the letter and
    a photo attached. The dossier, named beside the link, is not asked for: the case is to check (« à vérifier »), the
    acknowledgement says the service opens the link; staff see the link whole, its fragment kept (without it the
    share does not open)."""
    files = [("Lettre au Maire.pdf", PDF, tm.letter()), ("Jardin partagé.jpg", "image/jpeg", d.photo(seed=95))]
    intake.deliver(w.proton_drive_link(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "yanis.boulanger@proton.example", case
    assert case["status"] == "review" and case["pieces"] == ["courrier", "visuels"], case
    assert case["included"] == {"dossier": f"lien : {w.PROTON_DRIVE}"}, case
    assert "« Dossier d'intention scanné.pdf »" in case["attention"], case
    (ack,) = intake.sent()
    text = " ".join(_text(ack).split())
    assert "Pièces manquantes" not in text and "Pièce que le service vérifie" in text, text
    assert "(« Dossier d'intention scanné.pdf ») : le service ouvre ce lien" in text, text
    code, out = intake.cli("case", case["reference"])
    assert code == 0 and w.PROTON_DRIVE in out, out


def test_a_sogo_webmail_application_is_complete_and_acknowledged_with_its_names(intake):
    """SOGo: HTML alone, RFC 2047 words in the quoted names: complete, the names as typed."""
    files = [("Dossier d'intention Vélo-Cité.pdf", PDF, tm.dossier()),
             ("Lettre à Monsieur le Maire.pdf", PDF, tm.letter()),
             ("Vélo-école 2026.jpg", "image/jpeg", d.photo(seed=97))]
    intake.deliver(w.sogo(intake.db, files), intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == sorted(n for n, _, _ in files), names
    ack = _acknowledged(intake, "sandrine.wattez@velocite-bethune.example", intake.db)
    assert "Dossier d'intention Vélo-Cité.pdf" in _text(ack), _text(ack)


def test_ios_scans_in_three_mails_read_as_they_come_are_acknowledged_then_completed_asking_nothing_twice(intake):
    """The same three iOS mails, the service reading each as it comes (a poll between them): the acknowledgement asks
    for the letter and the visuels; the letter, also « Document numérisé.pdf », is no copy of the dossier but the
    letter, and the next mail asks for nothing the applicant sent; the last says the case is complete."""
    for raw in w.ios_scans(intake.nb, tm.dossier(), tm.letter(), [d.photo(seed=73), d.photo(seed=74)]):
        intake.deliver(raw, intake.nb)
        intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 3, case
    sent = intake.sent()
    assert all(_to(m) == [AURELIE] for m in sent), [m["To"] for m in sent]
    assert sent[0]["Subject"].startswith("Accusé de réception"), sent[0]["Subject"]
    assert "complet" in sent[-1]["Subject"] and "Pièces manquantes" not in _text(sent[-1]), _text(sent[-1])
    for m in sent[1:]:
        asked = _text(m).split("manquante")[-1] if "manquante" in _text(m) else ""
        assert "courrier officiel" not in asked.split("Délai de réponse")[0], _text(m)
    assert len(sent) == 3 and sent[1]["Subject"].startswith("Pièces reçues"), [m["Subject"] for m in sent]


def test_our_acknowledgement_forwarded_back_with_the_photos_completes_the_case_and_our_receipt_is_no_piece(intake):
    """Thunderbird's « Transférer » on our acknowledgement, to our own mailbox, the missing photos attached beside our
    receipt PDF it keeps: the applicant's mail about her case (not a forward of someone else's application). The
    photos complete the case; our receipt is neither a piece nor a file of hers; she is told once it is complete."""
    files = [("Dossier d'intention Ressourcerie.pdf", PDF, tm.dossier()), ("Courrier Maire.pdf", PDF, tm.letter())]
    intake.deliver(w.sogo(intake.nb, files, sender=f"=?utf-8?q?Aur=C3=A9lie_Dhainaut?= <{AURELIE}>"), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    (receipt,) = [p.get_filename() for p in ack.iter_attachments()]
    photos = [("Ressourcerie atelier.jpg", "image/jpeg", d.photo(seed=93))]
    intake.deliver(w.thunderbird_forward_ours(ack, AURELIE, photos), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    names = sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
    assert names == sorted([n for n, _, _ in files] + ["Ressourcerie atelier.jpg"]), names
    assert receipt not in str(intake.case(case["reference"])["unrecognised"]), case
    first, done = intake.sent()
    assert _to(done) == [AURELIE] and "complet" in done["Subject"], done["Subject"]
    assert receipt not in _text(done), _text(done)


def test_ios_photos_shrunk_to_petite_in_the_third_mail_are_kept_on_the_case_for_staff_to_check(intake):
    """iOS Mail asks « Taille de l'image ? » before sending photos: « Petite » makes them 320 x 240 pixels, under
    15 Ko, below the visuels' size and the small pictures a signature carries. Inline in a plain-text mail (no HTML
    to show a logo) they are the applicant's: the third mail joins her case, its photos kept and listed « à vérifier »
    in the acknowledgement, the case « à vérifier » for staff, instead of the mail ignored and its photos lost."""
    small = [d.photo(size=(320, 240), quality=70, seed=s) for s in (75, 76, 77)]
    assert all(len(p) < 20_000 for p in small)
    for raw in w.ios_scans(intake.nb, tm.dossier(), tm.letter(), small):
        intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["messages"] == 3 and case["status"] == "review", case
    assert case["unrecognised"] == ["IMG_0412.JPG", "IMG_0413.JPG", "IMG_0414.JPG"], case
    sent = intake.sent()
    acks = [m for m in sent if m["Subject"].startswith("Accusé de réception")]
    assert len(acks) == 1, [m["Subject"] for m in sent]
    # the acknowledgement lists the photos to check; or, when it left before the last mail was filed (mail is sent
    # during the poll, every second: a loaded machine files slower), the last update does
    text = _text(sent[-1])
    assert "vérifier" in text and "IMG_0414.JPG" in text, text
