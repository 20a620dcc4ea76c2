"""A fourteenth round (tests/fourteenthmail.py), end to end: Dovecot, `intake poll`, SMTP. GNOME Evolution (names in
RFC 2231 ISO-8859-1 continuations) writing an application and answering our acknowledgement with the missing photos;
NeoMutt writing, answering bottom-posted, and forwarding inline for a colleague; KMail; Horde's « linked attachments »
(one file, every file); a colleague's iPhone forward under iOS's French mark; a supplier's invoice from KMail, everyday
mail with a PDF."""

from __future__ import annotations

import documents as d
import fourteenthmail as w
import tenthmail as tm
from sentmail import acknowledged as _acknowledged
from sentmail import text as _text
from sentmail import to as _to
from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound

PDF = "application/pdf"
PIECES = ["courrier", "dossier", "visuels"]
JULIEN = "julien.vandamme@cyclo-bethune.example"
LONG_DOSSIER = "Dossier d'intention de l'atelier vélo participatif Cyclo-Béthune 2026.pdf"


def _names(intake, case) -> list[str]:
    return sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])


def test_an_evolution_application_with_names_in_iso_8859_1_continuations_is_complete_with_its_names(intake):
    """Evolution writes a long French name `filename*0*=ISO-8859-1''…; filename*1*=…` (camel's smallest charset, cut
    at 69 characters): one case, complete, each name as the applicant typed it, acknowledged once in French."""
    files = [(LONG_DOSSIER, PDF, tm.dossier()), ("Lettre à Monsieur le Maire signée.pdf", PDF, tm.letter()),
             ("Atelier réparation.jpg", "image/jpeg", d.photo(seed=101)),
             ("Atelier vélo-école.jpg", "image/jpeg", d.photo(seed=102))]
    raw = w.evolution(intake.nb, files)
    assert b"filename*1*=" in raw and b"ISO-8859-1''" in raw
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == JULIEN and case["status"] == "complete" and case["pieces"] == PIECES, case
    assert _names(intake, case) == sorted(n for n, _, _ in files)
    ack = _acknowledged(intake, JULIEN, intake.nb)
    assert LONG_DOSSIER in " ".join(_text(ack).split()), _text(ack)


def test_an_evolution_reply_quoting_our_acknowledgement_brings_the_missing_photos_and_completes_the_case(intake):
    """The dossier and the letter from Evolution, acknowledged, the visuels asked for; Julien answers from Evolution
    (« Re: », our text quoted with « > » below « Le … a écrit : ») with two photos: they join his case, which is
    complete; he is told so once, and nothing is asked again."""
    first = [(LONG_DOSSIER, PDF, tm.dossier()), ("Lettre à Monsieur le Maire signée.pdf", PDF, tm.letter())]
    intake.deliver(w.evolution(intake.nb, first), intake.nb)
    intake.poll()
    ack = _acknowledged(intake, JULIEN, intake.nb, asks=True)
    photos = [("Atelier réparation.jpg", "image/jpeg", d.photo(seed=103)),
              ("Séance du samedi.jpg", "image/jpeg", d.photo(seed=104))]
    intake.deliver(w.evolution_reply(ack, JULIEN, photos), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    assert _names(intake, case) == sorted(n for n, _, _ in first + photos)
    first_ack, done = intake.sent()
    assert _to(done) == [JULIEN] and "complet" in done["Subject"], done["Subject"]
    assert "Pièces manquantes" not in _text(done) and "manquante" not in _text(done), _text(done)


def test_a_neomutt_application_without_names_on_content_type_is_complete_with_its_names(intake):
    """NeoMutt names a file only in Content-Disposition (RFC 2231 ISO-8859-1, in continuations when long), its
    Content-Type bare, its text ISO-8859-1 8bit: complete, names as typed, acknowledged once."""
    files = [(LONG_DOSSIER.replace("Cyclo", "Repair Café"), PDF, tm.dossier()),
             ("Courrier signé Maire.pdf", PDF, tm.letter()), ("Séance réparation.jpg", "image/jpeg", d.photo(seed=105))]
    raw = w.neomutt(intake.db, files)
    first_part = raw.split(b"Content-Disposition: attachment")[0].split(b"\r\n\r\n", 1)[1]
    assert b"filename*1*=" in raw and b"name=" not in first_part
    intake.deliver(raw, intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "benoit.lefebvre@repaircafe-bethune.example", case
    assert case["applicant_name"] == "Benoît Lefebvre", case
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert _names(intake, case) == sorted(n for n, _, _ in files)
    _acknowledged(intake, "benoit.lefebvre@repaircafe-bethune.example", intake.db)


def test_a_kmail_application_with_rfc_2231_utf8_names_is_complete(intake):
    """KMail: Content-Disposition before Content-Type in each part, names RFC 2231 UTF-8: complete, acknowledged."""
    files = [("Dossier d'intention Quartier Vert.pdf", PDF, tm.dossier()),
             ("Lettre au Maire – signée.pdf", PDF, tm.letter()),
             ("Jardin rue d’Aire.jpg", "image/jpeg", d.photo(seed=106))]
    intake.deliver(w.kmail(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert _names(intake, case) == sorted(n for n, _, _ in files)
    _acknowledged(intake, "sylvie.caron@quartier-vert.example", intake.nb)


def test_a_horde_linked_attachment_is_the_dossier_sent_as_a_link_and_not_asked_for_again(intake):
    """Horde IMP kept the 38 MB dossier on its server and wrote « 1. <name> (38 MB) [application/pdf] » then
    « Download link: <url> » below the text: the dossier, named beside its link, is not asked for; the case is to
    check, staff see the link whole, the letter and the photo kept."""
    files = [("Lettre au Maire.pdf", PDF, tm.letter()), ("Jardin du Quai.jpg", "image/jpeg", d.photo(seed=107))]
    intake.deliver(w.horde_linked(intake.nb, files), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "claire.dumont@univ-artois.example", case
    assert case["status"] == "review" and case["pieces"] == ["courrier", "visuels"], case
    assert case["included"] == {"dossier": f"lien : {w.HORDE_LINK}"}, case
    (ack,) = intake.sent()
    text = " ".join(_text(ack).split())
    assert "Pièces manquantes" not in text and "Pièce que le service vérifie" in text, text
    assert "(« Dossier d'intention Jardins.pdf ») : le service ouvre ce lien" in text, text
    code, out = intake.cli("case", case["reference"])
    assert code == 0 and w.HORDE_LINK in out, out


def test_a_supplier_invoice_sent_from_kmail_is_everyday_mail_ignored_with_its_reason(intake):
    """A supplier's invoice for the label's forum (« Facture n° 2026-118 - forum Béthune Smart City », a PDF
    « Facture 2026-118.pdf »): not an application. No case, nobody written to, the mail ignored with a reason."""
    invoice = d.pdf_text(["LEMAIRE SONO SERVICES", "FACTURE N° 2026-118", "Client : Ville de Béthune",
                          "Location sonorisation - forum Béthune Smart City du 14/11/2026", "Total TTC : 1 140,00 €"])
    intake.deliver(w.kmail_invoice(intake.nb, invoice), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.sent() == []
    with session(intake.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
    assert row.fate == "ignored" and row.reason, (row.fate, row.reason)


def test_a_horde_mail_with_every_file_linked_asks_for_nothing_and_leaves_the_three_links_to_staff(intake):
    """Together over the webmail's « hard » limit, IMP links every file (`link_all`) and sends the text alone: the
    three links, each under the name IMP lists, seem to hold the dossier, the letter and the visuels; nothing is
    asked, the case is to check, the applicant told the service opens the links."""
    base = "https://webmail.univ-artois.example/imp/attachment.php?u=claire.dumont&id="
    linked = (("Dossier d'intention Jardins.pdf", "38 MB", PDF, base + "6741f2a3b8c9d"),
              ("Lettre au Maire signée.pdf", "2 MB", PDF, base + "6741f2a3b8c9e"),
              ("Jardin du Quai.jpg", "6 MB", "image/jpeg", base + "6741f2a3b8c9f"))
    intake.deliver(w.horde_linked(intake.nb, [], linked), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == "claire.dumont@univ-artois.example", case
    assert case["status"] == "review" and case["pieces"] == ["visuels"], case
    assert case["included"] == {"dossier": f"lien : {base}6741f2a3b8c9d", "courrier": f"lien : {base}6741f2a3b8c9e"}
    assert "pas demandé au demandeur" in case["attention"], case
    code, out = intake.cli("case", case["reference"])
    assert code == 0 and all(url in out for _, _, _, url in linked), out
    (ack,) = intake.sent()
    assert _to(ack) == ["claire.dumont@univ-artois.example"], ack["To"]
    text = " ".join(_text(ack).split())
    assert "Pièces manquantes :" not in text and "Pièce manquante :" not in text, text
    assert "Lettre au Maire signée.pdf" in text and "Dossier d'intention Jardins.pdf" in text, text


def test_a_neomutt_reply_below_our_quoted_acknowledgement_brings_the_letter_and_completes_the_case(intake):
    """NeoMutt, bottom-posted: our acknowledgement quoted first under « Le Tue, Dec 01, 2026 at 09:20:00AM CET,
    Mission Smart City a écrit : », Benoît's answer below, the signed letter attached (name only in
    Content-Disposition): the letter joins his case, complete; he is told so once."""
    applicant = "benoit.lefebvre@repaircafe-bethune.example"
    first = [(LONG_DOSSIER.replace("Cyclo", "Repair Café"), PDF, tm.dossier()),
             ("Séance réparation.jpg", "image/jpeg", d.photo(seed=108))]
    intake.deliver(w.neomutt(intake.db, first), intake.db)
    intake.poll()
    ack = _acknowledged(intake, applicant, intake.db, asks=True)
    letter = [("Courrier signé Maire.pdf", PDF, tm.letter())]
    intake.deliver(w.neomutt_reply(ack, applicant, letter), intake.db)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    assert _names(intake, case) == sorted(n for n, _, _ in first + letter)
    first_ack, done = intake.sent()
    assert _to(done) == [applicant] and "complet" in done["Subject"], done["Subject"]
    assert "manquante" not in _text(done), _text(done)


def test_a_neomutt_inline_forward_by_a_colleague_is_filed_under_the_applicant(intake):
    """NeoMutt forwards inline under « ----- Début du message transféré de Jeanne Roux <…> ----- » (the sender on
    the mark's line), its subject « [jeanne.roux@…: Candidature …] » (no « Fwd: »), the forwarded header lines
    « Date: » first: the application is Jeanne's, filed under her address and acknowledged to her, not ignored as
    the colleague's own mail."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    auth = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
    jeanne = "jeanne.roux@tiers-lieu.example"
    files = [("Dossier d'intention tiers-lieu.pdf", PDF, tm.dossier()), ("Lettre au Maire.pdf", PDF, tm.letter()),
             ("Tiers-lieu façade.jpg", "image/jpeg", d.photo(seed=109))]
    intake.deliver(w.neomutt_forward(intake.db, intake.nb, jeanne, files, authentication=auth), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == jeanne and case["status"] == "complete" and case["pieces"] == PIECES, case
    (ack,) = intake.sent()
    assert _to(ack) == [jeanne] and ack["From"].addresses[0].addr_spec == intake.nb, ack


def test_an_iphone_forward_under_ios_s_french_mark_is_filed_under_the_applicant(intake):
    """iOS Mail in French forwards under « Début du message transféré : » (the Mac writes « … réexpédié : »), the
    forwarded header lines quoted « > De: … »: the application is Jeanne's, filed under her and acknowledged to her,
    not ignored as the colleague's own mail."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    auth = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
    jeanne = "jeanne.roux@tiers-lieu.example"
    intake.deliver(w.ios_forward(intake.db, intake.nb, jeanne, authentication=auth), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == jeanne and case["pieces"] == ["courrier", "dossier"], case
    (ack,) = intake.sent()
    assert _to(ack) == [jeanne] and ack["From"].addresses[0].addr_spec == intake.nb, ack
