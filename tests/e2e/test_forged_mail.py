"""The fix wave's trust findings (S1, S6, S7, U1, U6a and the stranger's answer), replayed against the real Dovecot
and SMTP servers: the applicant's and the attacker's mailboxes are real ones, our mail reaches them through SMTP
and LMTP. `Authentication-Results` headers are what the town's server would have put on top of the message."""

from __future__ import annotations

import email
import email.policy
import io
import re
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from pypdf import PdfReader
from sqlmodel import select

from intake.commands import samples
from intake.commands.followups import queue_due_reminders
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Address, CaseAddress

OWN = '[trust]\nauthserv_id = "mx.example.test"'  # provider = "own", as an authserv_id alone says
M365 = '[trust]\nprovider = "microsoft365"'
LETTER = ("Lettre au Maire.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label."),
          "application/pdf")
PHOTO = ("photo-atelier.jpg", samples.jpeg(seed=7), "image/jpeg")
EXO_FAIL = ("spf=fail (sender IP is 203.0.113.7) smtp.mailfrom=evil.example; dkim=none (message not signed) "
            "header.d=none;dmarc=fail action=none header.from=example.test;compauth=fail reason=000")


def text_of(mail: EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


def on_top(raw: bytes, *headers: tuple[str, str]) -> bytes:
    """The message as the town's server hands it over: its headers added above the sender's."""
    return b"".join(f"{name}: {value}\r\n".encode() for name, value in headers) + raw


def town_says(result: str) -> tuple[str, str]:
    return ("Authentication-Results", f"mx.example.test; {result}")


def forward(sender: str, to: str) -> bytes:
    """A forward by a town address of paul's application (attached)."""
    original = samples.email(sender="Paul <paul@cible.example>", to=["accueil@ville-bethune.fr"],
                             subject="Candidature label",
                             attachments=[("dossier.pdf", samples.pdf("Dossier d'intention\nTitre du projet : X"),
                                           "application/pdf"), LETTER])
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, "TR: Candidature label"
    msg["Message-ID"] = make_msgid(domain="example.test")
    msg["Date"] = email.utils.formatdate()
    msg.set_content("Pour toi, reçu à l'accueil.")
    msg.add_attachment(email.message_from_bytes(original, policy=email.policy.default))
    return msg.as_bytes()


# ------------------------------------------------------------------------------------------------ S1
def test_a_forged_staff_forward_under_exchange_onlines_header_is_not_trusted(intake):
    """r03-d: Exchange Online's real header (no authserv-id, failing) on top, a forged one with the town's id below."""
    intake.configure(OWN)
    raw = on_top(forward(intake.db, intake.nb), ("Authentication-Results", EXO_FAIL),
                 town_says("dmarc=pass header.from=example.test"))
    intake.deliver(raw, intake.nb)
    intake.poll()
    assert intake.smtp.messages == []  # nobody quoted inside got mail
    (case,) = intake.cases()
    assert case["applicant"] == intake.db and "non authentifié" in case["attention"]
    saved = intake.config.parent / "r03d.eml"
    saved.write_bytes(raw)
    code, out = intake.cli("explain", str(saved))
    assert code == 0 and "Transfert NON reconnu" in out and "le plus haut n'est pas de mx.example.test" in out


def test_a_dmarc_pass_without_header_from_proves_nothing_and_is_not_shown_as_evidence(intake):
    intake.configure(OWN)
    raw = on_top(forward(intake.db, intake.nb), town_says("dmarc=pass"))
    saved = intake.config.parent / "r03h.eml"
    saved.write_bytes(raw)
    code, out = intake.cli("explain", str(saved))
    assert code == 0 and "Transfert NON reconnu" in out and "header.from" not in out
    intake.deliver(raw, intake.nb)
    intake.poll()
    assert intake.smtp.messages == []


def test_microsoft_365_trusts_exchanges_own_word_that_the_forward_is_the_tenants(intake):
    intake.configure(M365)
    forged = on_top(forward(intake.db, intake.nb), ("Authentication-Results", EXO_FAIL),
                    ("X-MS-Exchange-Organization-AuthAs", "Anonymous"),
                    ("X-MS-Exchange-Organization-AuthSource", "DB5PEPF00014B8F.eurprd02.prod.outlook.com"))
    intake.deliver(forged, intake.nb)
    intake.poll()
    assert intake.smtp.messages == []
    real = on_top(forward(intake.db, intake.nb),
                  ("X-MS-Exchange-Organization-AuthAs", "Internal"),
                  ("X-MS-Exchange-Organization-AuthSource", "PR3PR02MB6012.eurprd02.prod.outlook.com"))
    intake.deliver(real, intake.nb)
    intake.poll()
    assert [m["To"].addresses[0].addr_spec for m in intake.sent()] == ["paul@cible.example"]
    assert sorted(c["applicant"] for c in intake.cases()) == sorted([intake.db, "paul@cible.example"])


def _vera_applied(intake, vera: str) -> str:
    """Vera's real application, authenticated by the town's server (DMARC pass), filed: its reference."""
    intake.configure(OWN)
    real = on_top(intake.application(sender=f"Vera <{vera}>", pieces=("dossier", "visuels")),
                  town_says("spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"))
    intake.deliver(real, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    return case["reference"]


# ------------------------------------------------------------------------------------------------ S6
def test_a_forged_applicant_neither_joins_nor_completes_nor_names_anyone(intake, people):
    """r01: From the applicant, Cc the attacker, the missing letter and another dossier; the town's server says
    the From domain failed DMARC."""
    vera, mallory = people["vera"], people["mallory"]
    ref = _vera_applied(intake, vera)
    attack = samples.email(sender=f"Vera <{vera}>", to=[intake.nb], cc=[mallory], subject=f"RE: Accusé [{ref}]",
                           attachments=[LETTER, ("dossier.docx", samples.docx("Dossier d'intention\nPROJET PIRATÉ"),
                                                 "application/vnd.openxmlformats-officedocument."
                                                 "wordprocessingml.document")])
    intake.deliver(on_top(attack, town_says("spf=fail smtp.mailfrom=evil.example; "
                                            "dmarc=fail header.from=example.test")), intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[ref]["status"] == "incomplete" and cases[ref]["messages"] == 1  # untouched
    (other,) = [c for r, c in cases.items() if r != ref]
    assert other["status"] == "review" and "l'expéditeur n'est pas authentifié" in other["attention"]
    with session(intake.app().engine) as s:
        assert not s.exec(select(CaseAddress).where(CaseAddress.address == mallory)).all()
    assert len(intake.inbox(vera)) == 1 and intake.inbox(mallory) == []  # only the real acknowledgement
    # mallory writing under his own address is a stranger to the case
    intake.deliver(samples.email(sender=mallory, to=[intake.nb], subject=f"RE: [{ref}]", attachments=[PHOTO]),
                   intake.nb)
    intake.poll()
    assert intake.case(ref)["messages"] == 1


def test_a_forger_adding_an_address_of_their_own_domain_to_from_is_not_taken_for_the_applicant(intake, people):
    """The town's server authenticated only the attacker's domain (no DMARC result for a From of two domains:
    OpenDMARC's default); intake reads the first address, the applicant's."""
    vera = people["vera"]
    ref = _vera_applied(intake, vera)
    attack = samples.email(sender=f"Vera <{vera}>, Mallory <mallory@evil.example>", to=[intake.nb],
                           subject=f"RE: Accusé [{ref}]", attachments=[LETTER])
    intake.deliver(on_top(attack, town_says("spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example")),
                   intake.nb)
    _forgery_set_apart(intake, ref, vera, "plusieurs adresses d'expéditeur")

@pytest.mark.parametrize("written", ["encoded", "full-width"])
def test_an_applicant_s_address_no_server_could_check_is_not_taken_for_the_applicant(intake, people, written):
    """An attacker's review: `From: =?utf-8?q?vera=40example.test?=` is no address to a mail server (an encoded word
    is a display name), so its DMARC check found no domain and said nothing; intake decoded it and read Vera's
    address: the attacker's letter joined her case. Full-width letters in the domain (`ｅｘａｍｐｌｅ.test`) are
    another domain to the server's DMARC check (no policy) and the same one to IDNA, where our mail would go."""
    vera = people["vera"]
    ref = _vera_applied(intake, vera)
    local, _, domain = vera.partition("@")
    sender = (f"=?utf-8?q?{local}=40{domain}?=" if written == "encoded"
              else f"Vera <{local}@{''.join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in domain)}>")
    attack = samples.email(sender="Vera <placeholder@evil.example>", to=[intake.nb], subject=f"RE: Accusé [{ref}]",
                           attachments=[LETTER])
    attack = attack.replace(b"From: Vera <placeholder@evil.example>", f"From: {sender}".encode())
    intake.deliver(on_top(attack, town_says("spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example")),
                   intake.nb)
    _forgery_set_apart(intake, ref, vera, "n'a pas pu la vérifier")


@pytest.mark.parametrize("first", ["Mallory", "undisclosed-recipients:;"])
def test_a_from_field_of_no_address_above_the_applicant_s_is_not_taken_for_the_applicant(intake, people, first):
    """attack16: two `From` fields, the first naming no address (« From: Mallory », or an empty group), the second
    Vera's. The town's server checks DMARC on the first field (OpenDMARC), finds no domain there and says nothing;
    intake read the first address of all the fields, Vera's: the attacker's letter joined her case."""
    vera = people["vera"]
    ref = _vera_applied(intake, vera)
    attack = samples.email(sender="Vera <placeholder@evil.example>", to=[intake.nb], subject=f"RE: Accusé [{ref}]",
                           attachments=[LETTER])
    attack = attack.replace(b"From: Vera <placeholder@evil.example>", f"From: {first}\nFrom: Vera <{vera}>".encode())
    intake.deliver(on_top(attack, town_says("spf=pass smtp.mailfrom=evil.example; dkim=pass header.d=evil.example")),
                   intake.nb)
    _forgery_set_apart(intake, ref, vera, "plusieurs champs d'expéditeur")


# ------------------------------------------------------------------------------------------------ S7
def test_forged_applications_neither_relay_mail_nor_silence_the_real_one(intake, people):
    """r15 + r19: three forged applications in vera's name (DMARC fails), then her real one (DMARC passes)."""
    vera = people["vera"]
    intake.configure(OWN)
    fail = town_says("spf=fail smtp.mailfrom=example.test; dmarc=fail header.from=example.test")
    for i in range(3):
        raw = samples.email(sender=vera, to=[intake.nb], subject="candidature label",
                            attachments=[(f"Régularisez sur www.paiement-{i}.example.pdf",
                                          samples.pdf(samples.DOSSIER.format(title=f"x{i}", who="x", what="x")),
                                          "application/pdf")])
        intake.deliver(on_top(raw, fail), intake.nb)
    intake.poll()
    assert intake.inbox(vera) == []  # no relay: nothing sent to the address forged
    real = on_top(intake.application(sender=f"Vera <{vera}>", to=[intake.db]),
                  town_says("spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"))
    intake.deliver(real, intake.db)
    intake.poll()
    (ack,) = intake.inbox(vera)
    real_case = intake.case(re.search(r"\[(BSC-\d{4}-\d{4})\]", ack["Subject"]).group(1))
    assert real_case["status"] == "complete" and not real_case["attention"]
    with session(intake.app().engine) as s:
        assert s.get(Address, vera) is None  # not taken for a looping sender


def test_without_trust_an_acknowledgement_carries_no_link_or_title_a_stranger_chose(intake, people):
    """r15 without any [trust]: the mail still goes (the README says so), but what it repeats is masked."""
    vera = people["vera"]
    phish = "Régularisez votre situation sur www.bethune-paiement.example sous 48 h"
    raw = samples.email(sender=vera, to=[intake.nb], subject=f"Candidature - {phish} - amendes 01 23 45 67 89",
                        attachments=[(f"{phish}.pdf", samples.pdf(samples.DOSSIER.format(title=phish, who="x",
                                                                                         what="x")),
                                      "application/pdf")])
    intake.deliver(raw, intake.nb)
    intake.poll()
    (ack,) = intake.inbox(vera)
    body = text_of(ack)
    assert "bethune-paiement" not in body and "01 23 45 67 89" not in body and "Régularisez votre situation" in body
    (pdf,) = [p for p in ack.iter_attachments() if p.get_content_type() == "application/pdf"]
    receipt = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
    assert "bethune-paiement" not in receipt and "Projet" not in receipt and "SHA-256" in receipt


def test_an_acknowledgement_carries_no_link_under_any_top_level_domain_nor_a_toll_free_number(intake, people):
    """attack14: with a forged `From` (DMARC p=none, or no [trust]), the acknowledgement repeated
    « amendes-bethune.ovh », « 0800 123 456 » and « 45.12.33.7 » from a file name to whoever the `From` named: only a
    short list of top-level domains, and numbers in pairs, were masked."""
    vera = people["vera"]
    phish = "Payez votre amende sur amendes-bethune.ovh ou au 0800 123 456 sous 48 h"
    raw = samples.email(sender=vera, to=[intake.nb], subject=f"Candidature - {phish}",
                        attachments=[(f"{phish} ou 45.12.33.7.pdf", samples.pdf(samples.DOSSIER.format(
                            title="Projet", who="x", what="x")), "application/pdf")])
    intake.deliver(raw, intake.nb)
    intake.poll()
    (ack,) = intake.inbox(vera)
    body = text_of(ack)
    assert "Payez votre amende sur" in body
    assert "amendes-bethune" not in body and "0800 123 456" not in body and "45.12.33.7" not in body


def test_an_acknowledgement_carries_no_obfuscated_address_account_number_or_spread_number(intake, people):
    """attack33: an address written for robots not to read it, an IBAN and a number spread by blanks (one space in
    the HTML part) went from a file's name into the acknowledgement a forged `From` gets."""
    vera = people["vera"]
    phish = ("Réglez sur FR76 3000 6000 0112 3456 7890 189 ou écrivez à paiement [at] bethune-amendes [dot] fr, "
             "tél 06     12     34     56     78")
    body = _acknowledgement_of_a_file_named(intake, vera, phish)
    assert "Réglez sur" in body
    for shown in ("3000 6000", "bethune-amendes", "56     78", "56 78"):
        assert shown not in body, shown


def test_an_acknowledgement_carries_no_account_after_a_code_nor_a_rib_nor_a_number_or_address_spelt_otherwise(
        intake, people):
    """attack34: an IBAN after a word of two letters and two digits, a RIB, a number whose groups commas separate, a
    foreign number dialled with its 00 prefix and an address with its dots spaced went from a file's name into the
    acknowledgement a forged `From` gets."""
    vera = people["vera"]
    phish = ("Ref AB12 FR76 3000 6000 0112 3456 7890 189, RIB 30006 00001 12345678901 89, tel 06,12,34,56,78 ou "
             "0032 2 123 45 67, paiement @ bethune-amendes . fr")
    body = _acknowledgement_of_a_file_named(intake, vera, phish)
    assert "Ref AB12" in body
    for shown in ("3000 6000", "12345678901", "34,56", "123 45 67", "bethune-amendes"):
        assert shown not in body, shown


def test_an_acknowledgement_greets_nobody_by_a_domain_name_the_dossier_gives_as_its_contact(intake, people):
    """attack14: « Bonjour Amendes-Bethune.Fr, »: the greeting took the dossier's contact when it looked like a name
    (capitalised words), a domain name included, unmasked at the top of the town's mail (mail programs make a link of
    it) to whoever a forged `From` named."""
    vera = people["vera"]
    dossier = samples.DOSSIER.format(title="Projet", who="Asso", what="x") + \
        "\nPersonne à contacter : Amendes-Bethune.Fr\n"
    raw = samples.email(sender=vera, to=[intake.nb], subject="Candidature",
                        attachments=[("Dossier d'intention.pdf", samples.pdf(dossier), "application/pdf")])
    intake.deliver(raw, intake.nb)
    intake.poll()
    (ack,) = intake.inbox(vera)
    body = text_of(ack)
    assert "Amendes-Bethune" not in body and body.startswith("Bonjour,")


# ------------------------------------------------------------------------------------ the stranger's answer
def test_a_strangers_acknowledgement_is_the_same_whether_the_case_they_cite_exists_or_not(intake, people):
    vera, mallory, paul = people["vera"], people["mallory"], people["paul"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    for sender, ref in ((mallory, case["reference"]), (paul, "BSC-2026-9999")):
        intake.deliver(samples.email(sender=sender, to=[intake.nb], subject=f"RE: Accusé de réception [{ref}]",
                                     attachments=[LETTER]), intake.nb)
        intake.poll()
    (cited,), (fresh,) = intake.inbox(mallory), intake.inbox(paul)

    def neutral(mail):
        return re.sub(r"BSC-\d{4}-\d{4}", "REF", re.sub(r"\d{1,2} h \d{2}", "HEURE", text_of(mail)))
    assert neutral(cited) == neutral(fresh)


# ------------------------------------------------------------------------------------------------ U1, U6a
def test_extra_photos_after_the_case_is_complete_join_it(intake, people):
    vera = people["vera"]
    intake.deliver(intake.application(sender=vera), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete"
    intake.deliver(samples.email(sender=vera, to=[intake.nb], subject="Photos Vélo Béthunois",
                                 attachments=[PHOTO]), intake.nb)
    intake.poll()
    (after,) = intake.cases()
    assert after["reference"] == case["reference"] and after["messages"] == 2 and after["status"] == "complete"
    # no acknowledgement saying pieces are missing: the receipt of the new photos, the case still complete
    ack, receipt = intake.inbox(vera)
    text = receipt.get_body(("plain",)).get_content()
    assert receipt["Subject"].startswith("Pièces reçues") and "manquante" not in text and "reste complet" in text


def test_a_third_partys_case_gets_no_reminder_nor_notice_after_a_staff_correction(intake, people):
    vera, mallory = people["vera"], people["mallory"]
    intake.deliver(intake.application(sender=vera, pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    intake.deliver(samples.email(sender=mallory, to=[intake.nb], subject=f"Candidature, RE: {case['reference']}",
                                 attachments=[("retrait.pdf", samples.pdf("Bonjour"), "application/pdf"), PHOTO]),
                   intake.nb)
    intake.poll()
    (other,) = [c for c in intake.cases() if c["reference"] != case["reference"]]
    assert len(intake.inbox(mallory)) == 1  # its neutral acknowledgement
    code, out = intake.cli("case", other["reference"], "piece", "retrait.pdf", "--kind", "courrier")
    assert code == 0, out
    assert intake.case(other["reference"])["status"] == "incomplete"  # as in the trial: a reminder would be due
    later = intake.app(shift=timedelta(days=20))
    assert queue_due_reminders(later).queued == 1  # vera's own case only
    send_due(later)
    assert len(intake.inbox(mallory)) == 1 and len(intake.inbox(vera)) == 2


def _forgery_set_apart(intake, ref: str, vera: str, why: str) -> None:
    """After a poll: Vera's case untouched, the forgery a case of its own in review saying `why`, and Vera written to
    once only (her real acknowledgement)."""
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[ref]["status"] == "incomplete" and cases[ref]["messages"] == 1  # untouched
    (other,) = [c for r, c in cases.items() if r != ref]
    assert other["status"] == "review" and why in other["attention"], other["attention"]
    assert len(intake.inbox(vera)) == 1  # only the real acknowledgement


def _acknowledgement_of_a_file_named(intake, vera, phish: str) -> str:
    """The text of the acknowledgement `vera` (a forged `From`) gets for a dossier whose file is named `phish`.pdf."""
    raw = samples.email(sender=vera, to=[intake.nb], subject="Candidature",
                        attachments=[(f"{phish}.pdf", samples.pdf(samples.DOSSIER.format(
                            title="Projet", who="x", what="x")), "application/pdf")])
    intake.deliver(raw, intake.nb)
    intake.poll()
    (ack,) = intake.inbox(vera)
    return text_of(ack)
