"""Staff forwarding an application they received at their own town address to a watched mailbox, from each mail
program as it writes it (tests/forwardmail.py), end to end: Dovecot, `intake poll`, SMTP. A forward the town's
server authenticates is filed under the applicant, who is acknowledged; the same bytes under a failed verdict are
the forwarder's own mail, filed for staff, and nobody quoted in them is written to."""

from __future__ import annotations

from functools import partial

import clientmail as cm
import forwardmail as fm
import pytest

APPLICANT = "jeanne.roux@asso-quartier.example"
PASSED = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"
FAILED = "mx.example.test; spf=fail smtp.mailfrom=example.test; dmarc=fail header.from=example.test"
PROGRAMS = {"owa": fm.owa, "outlook-mac": fm.outlook_mac, "thunderbird": fm.thunderbird,
            "thunderbird-html": partial(fm.thunderbird, html_only=True),
            "thunderbird-attached": fm.thunderbird_as_attachment, "outlook-attached": fm.outlook_as_attachment,
            "gmail": fm.gmail,
            "gmail-fr": partial(fm.gmail, french=True),
            "outlook-windows": cm.outlook_forward, "outlook-windows-mailto": partial(cm.outlook_forward, mailto=True),
            "apple-mail-mac": cm.apple_mail_forward, "apple-mail-iphone": partial(cm.apple_mail_forward, iphone=True),
            # HCL Notes and Orange's webmail: their separators were not read, the application ignored as staff mail
            "hcl-notes": fm.hcl_notes, "lotus-notes-classic": partial(fm.hcl_notes, classic=True),
            "orange-webmail": fm.orange_webmail, "zimbra-html-only": fm.zimbra_html,
            # a signature with a rule of underscores above the legal notice: read as Outlook's rule above a forward,
            # it named nobody, and the forward went to staff for review, nobody acknowledged
            "thunderbird-attached-signed": partial(fm.thunderbird_as_attachment, signature=fm.SIGNATURE)}


@pytest.mark.parametrize("program", PROGRAMS)
def test_an_application_a_colleague_forwards_is_filed_under_the_applicant_who_is_acknowledged(intake, program):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(PROGRAMS[program](intake.db, intake.nb, APPLICANT, authentication=PASSED), intake.nb)
    out = intake.poll()
    assert "1 classé" in out, out  # « thunderbird-html » was ignored as the colleague's own mail: the application lost
    (case,) = intake.cases()
    assert case["applicant"] == APPLICANT and case["pieces"] == ["courrier", "dossier"]
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == [APPLICANT]
    assert ack["From"].addresses[0].addr_spec == intake.nb


def test_a_thunderbird_forward_naming_a_long_sender_is_filed_under_them(intake):
    """Thunderbird sends its text format=flowed, cut at 72 characters: a « De : » line with a long name and address
    had the address on the next line, the forward named nobody and the application was the colleague's own mail:
    ignored."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    applicant = "jeanne-marie.roux-delacroix@association-des-jardins-partages.example"
    intake.deliver(fm.thunderbird(intake.db, intake.nb, applicant, authentication=PASSED,
                                  name="Jeanne-Marie Roux-Delacroix"), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == applicant
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == [applicant]


@pytest.mark.parametrize("program", ["owa", "thunderbird-html", "gmail-fr", "hcl-notes", "orange-webmail"])
def test_the_same_forward_failing_the_towns_authentication_writes_to_nobody(intake, program):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(PROGRAMS[program](intake.db, intake.nb, APPLICANT, authentication=FAILED), intake.nb)
    intake.poll()
    assert intake.smtp.messages == []
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db
    assert "non authentifié" in case["attention"] and APPLICANT in case["attention"]


def test_a_forward_block_in_the_forwarded_mail_s_own_text_gets_nobody_written_to(intake):
    """An attacker's review: an outsider writes to a colleague an « application » whose text holds a fake forward
    block naming a victim; the colleague forwards it with Outlook (no separator line above « De : / Date : »), the
    town's server authenticates the forward. The fake block alone was read: the case was the victim's, and the town
    acknowledged to the victim an application they never made. It is the outsider's."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    fake = ("Bonjour,\n\nci-joint notre dossier.\n\n-------- Message transféré --------\n"
            "De : Victime <victime@tiers.example>\nObjet : dossier\n\nvoir pièces jointes\n")
    intake.deliver(fm.outlook_mac(intake.db, intake.nb, APPLICANT, authentication=PASSED, said=fake), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == APPLICANT
    assert [a.addr_spec for m in intake.sent() for a in m["To"].addresses] == [APPLICANT]


def test_the_town_s_reply_to_an_outsider_sent_back_by_them_is_acknowledged_to_nobody(intake):
    """An attacker's review: a colleague answered an outsider's question with Outlook (« De : / Envoyé : » above the
    quoted question, which held a fake forward block naming a victim) and attached the blank dossier; the outsider
    sent that reply, byte for byte, to a watched mailbox, where its DKIM signature passed again. It was a trusted
    forward of the victim's application: filed under the victim, who was acknowledged. A reply's own text names no
    forward; and the town's mail addressed to no watched mailbox is no trusted forward (tests/unit)."""
    from intake.commands import samples

    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    outsider = "pierre.martin@asso.example"
    body = ("Bonjour,\n\nVoici le formulaire à remplir.\n\nDaniel\n\n"
            f"De : Pierre Martin <{outsider}>\nEnvoyé : lundi 23 novembre 2026 17:45\nÀ : {intake.db}\n"
            "Objet : Question label\n\nBonjour, une question.\n\n-------- Message transféré --------\n"
            "De : Victime <victime@tiers.example>\nObjet : dossier\n\nvoir pièces jointes\n")
    reply = samples.email(sender=f"Daniel <{intake.db}>", to=[outsider], subject="RE: Question label", body=body,
                          attachments=[("Dossier d'intention.docx", samples.docx("Dossier d'intention\nProjet"),
                                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])
    intake.deliver(f"Authentication-Results: {PASSED}\r\n".encode() + reply, intake.nb)
    intake.poll()
    assert intake.smtp.messages == []
    assert all(c["applicant"] != "victime@tiers.example" for c in intake.cases())


@pytest.mark.parametrize("relay", ["", "Accueil <accueil@ville-bethune.fr>"])
def test_a_forward_of_a_forward_naming_a_colleague_by_name_alone_is_filed_for_staff(intake, relay):
    """Outlook names a colleague of its own Exchange organisation without an address (« De : SECRETARIAT DU MAIRE »),
    so the forward of what the mayor's office forwarded has a block naming nobody above the applicant's: the reading
    stops there (what is below may be an outsider's text), and the forward was the colleague's own mail, ignored with
    its files. Now it is filed for staff, in review, and nobody is written to. `relay`: one more colleague in the
    chain, named with an address in a block above (the new Outlook, OWA, phones): the only sender read above the block
    naming nobody is a colleague, and the mail was ignored the same way."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(fm.outlook_twice(intake.db, intake.nb, APPLICANT, authentication=PASSED, relay=relay), intake.nb)
    out = intake.poll()
    assert "1 classé" in out, out
    assert intake.smtp.messages == []
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db
    assert case["pieces"] == ["courrier", "dossier"]
    assert "SECRETARIAT DU MAIRE" in case["attention"] and APPLICANT not in case["attention"], case["attention"]


def test_a_colleague_s_own_mail_forwarded_between_staff_with_its_file_is_no_case(intake):
    """A colleague forwards another colleague's mail (Outlook, same Exchange: « De : DUPONT Marc », no address) with
    its agenda attached: the reading stops at that block, and since this morning the forward was filed as a case to
    review, staff's internal mail in the service. Nothing below the block names anyone outside: internal mail."""
    from intake.commands import samples

    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = samples.email(sender=f"Claire Martin <{intake.db}>", to=[intake.nb], subject="TR: Réunion de service",
                        body="Pour info.\n\nDe : DUPONT Marc\nEnvoyé : lundi 23 novembre 2026 17:45\n"
                             "À : MARTIN Claire\nObjet : Réunion de service\n\nVoici l'ordre du jour.\n",
                        attachments=[("ordre_du_jour.pdf", samples.pdf("Ordre du jour\nPoint 1 : budget 2027"),
                                      "application/pdf")])
    intake.deliver(f"Authentication-Results: {PASSED}\r\n".encode() + raw, intake.nb)
    out = intake.poll()
    assert "1 ignoré" in out, out
    assert intake.cases() == [] and intake.smtp.messages == []


def test_a_forward_naming_its_sender_by_name_alone_with_an_application_s_files_is_filed_for_staff(intake):
    """The mayor's secretariat forwards the application it received (Outlook, same Exchange: « De : SECRETARIAT DU
    MAIRE », no address; or an HTML forward whose sender's address was only a link's target): its dossier and letter
    attached, it was ignored as the colleague's own mail, the application lost. Now what its files hold decides, as
    for a forward with no block at all: filed for staff, nobody written to."""
    from intake.commands import samples

    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = samples.email(sender=f"Claire Martin <{intake.db}>", to=[intake.nb], subject="TR: Candidature au label",
                        body="Pour suite à donner.\n\nDe : SECRETARIAT DU MAIRE\n"
                             "Envoyé : lundi 23 novembre 2026 17:45\nÀ : MARTIN Claire\n"
                             "Objet : Candidature au label\n\nVoici la candidature reçue.\n",
                        attachments=[("Dossier d'intention.docx", samples.docx("Dossier d'intention\nJardins"),
                                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                                     ("Courrier signé au Maire.pdf", samples.pdf("Monsieur le Maire"),
                                      "application/pdf")])
    intake.deliver(f"Authentication-Results: {PASSED}\r\n".encode() + raw, intake.nb)
    out = intake.poll()
    assert "1 classé" in out, out
    assert intake.smtp.messages == []
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db, case
    assert "SECRETARIAT DU MAIRE" in case["attention"], case["attention"]


def test_an_outlook_forward_whose_subject_was_rewritten_is_filed_for_staff_and_writes_to_nobody(intake):
    """Outlook for Windows writes no separator line in the text: under a subject the colleague rewrote (no « TR: »)
    the forward was their own mail, ignored, its files unread. Now filed for staff (its block may be pasted text),
    nobody written to."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = cm.outlook_forward(intake.db, intake.nb, APPLICANT, subject="Candidature de l'association",
                             authentication=PASSED)
    intake.deliver(raw, intake.nb)
    out = intake.poll()
    assert "1 classé" in out, out
    assert intake.smtp.messages == []
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db


@pytest.mark.parametrize("declared", [True, False])
def test_a_forward_written_to_the_label_s_public_alias_is_filed_under_the_applicant_once_the_alias_is_declared(
        intake, declared):
    """A colleague forwards to the label's public address, which the mail server delivers into a watched mailbox: no
    watched mailbox in the forward's own To or Cc, it was filed for staff, nobody written to. Declared as the mailbox's
    `aliases`, the address counts as the mailbox: filed under the applicant, acknowledged from the mailbox."""
    alias = "smartcity@" + intake.nb.rpartition("@")[2]
    if declared:
        intake.config.write_text(intake.config.read_text().replace(
            f'address = "{intake.nb}"\n', f'address = "{intake.nb}"\naliases = ["{alias}"]\n', 1))
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    raw = fm.outlook_mac(intake.db, intake.nb, APPLICANT, authentication=PASSED).replace(
        f"To: Nicolas Bataillon <{intake.nb}>".encode(), f"To: Label Smart City <{alias}>".encode(), 1)
    assert f"<{alias}>".encode() in raw
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    if declared:
        assert case["applicant"] == APPLICANT, case
        (ack,) = intake.sent()
        assert [a.addr_spec for a in ack["To"].addresses] == [APPLICANT]
        assert ack["From"].addresses[0].addr_spec == intake.nb
    else:
        assert case["status"] == "review" and case["applicant"] == intake.db and intake.smtp.messages == []


def test_a_visitor_s_forward_block_typed_in_the_town_site_s_form_forwards_nothing(intake):
    """Attacker's review (attack8): the town site's « nous écrire » form (Contact Form 7) sends what anyone types, and
    the files they upload, from wordpress@ the town's own domain: a town address for the rules (forwarders), and the
    town's mail for its server when the site sends through it. A visitor who typed a forward block naming an
    applicant in the form's message, and the applicant's reference in its subject, had their files join that case
    and a receipt sent to the applicant (a trusted staff forward vouches for the message); naming anyone else, the
    town acknowledged an application to them. A robot's address forwards nothing: its mail is filed for staff as the
    robot's, and nobody is written to."""
    from intake.commands import samples

    intake.configure('[trust]\nauthserv_id = "mx.example.test"\ndomains = ["example.test", "ville-bethune.fr"]')
    intake.deliver(samples.email(sender=f"Jeanne Roux <{APPLICANT}>", to=[intake.nb], subject="Candidature au label",
                                 attachments=[("Dossier d'intention.pdf", samples.pdf(), "application/pdf")]),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert len(intake.sent()) == 1  # the acknowledgement
    body = ("Nom : Mallory\nMessage :\n---------- Message transféré ---------\nDe : Jeanne Roux <"
            f"{APPLICANT}>\nDate : lun. 30 nov. 2026 à 10:00\nObjet : Candidature\n\nVoici la suite.\n")
    passed = ("mx.example.test; dkim=pass header.d=ville-bethune.fr; spf=pass smtp.mailfrom=ville-bethune.fr; "
              "dmarc=pass header.from=ville-bethune.fr")
    intake.deliver(samples.email(
        sender="Ville de Béthune <wordpress@ville-bethune.fr>", to=[intake.nb],
        subject=f"TR: [{case['reference']}] Nouveau message du site", body=body,
        attachments=[("courrier maire.pdf", samples.pdf("Monsieur le Maire\nlettre"), "application/pdf")],
        headers={"Authentication-Results": passed, "Reply-To": "mallory@evil.example"}), intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[case["reference"]]["pieces"] == ["dossier"], cases
    assert len(cases) == 2 and len(intake.sent()) == 1, [m["Subject"] for m in intake.sent()]


def test_a_forward_block_typed_in_a_form_sending_from_a_declared_town_address_forwards_nothing(intake):
    """Attacker's review: the town site's contact form sends what a visitor types from contact@ the town's own domain,
    a human-looking address (no wordpress@ to know it by), authenticated by the town's server: it read as a
    colleague's trusted forward, and a visitor who typed « De : Jeanne Roux <victime@…> » in the form's message got an
    application filed under the victim and acknowledged to them. Declared in [trust] automatic_senders, contact@ is a
    robot: its mail is filed for staff under contact@, nobody named in it is the applicant, nobody is written to."""
    from intake.commands import samples

    contact, victim = "contact@ville-bethune.fr", "victime@gmail.example"
    intake.configure('[trust]\nauthserv_id = "mx.example.test"\ndomains = ["example.test", "ville-bethune.fr"]\n'
                     'automatic_senders = ["Contact@Ville-Bethune.fr"]')
    body = ("Nom : Mallory\nMessage :\n---------- Message transféré ---------\nDe : Jeanne Roux <"
            f"{victim}>\nDate : lun. 30 nov. 2026 à 10:00\nObjet : Candidature au label\n"
            f"À : <{intake.nb}>\n\nVoici ma candidature.\n")
    passed = ("mx.example.test; dkim=pass header.d=ville-bethune.fr; spf=pass smtp.mailfrom=ville-bethune.fr; "
              "dmarc=pass header.from=ville-bethune.fr")
    raw = samples.email(
        sender=f"Ville de Béthune <{contact}>", to=[intake.nb], subject="TR: Nouveau message du formulaire de contact",
        body=body, attachments=[("Dossier d'intention.pdf", samples.pdf(), "application/pdf"),
                                ("courrier maire.pdf", samples.pdf("Monsieur le Maire\nlettre"), "application/pdf")],
        headers={"Authentication-Results": passed, "Reply-To": "mallory@evil.example"})
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == contact and case["status"] == "review", case
    assert "expéditeur automatique" in case["attention"], case["attention"]
    assert victim not in str(intake.case(case["reference"])), intake.case(case["reference"])
    assert intake.sent() == [], [(m["To"], m["Subject"]) for m in intake.sent()]
    explained = intake.config.parent / "form.eml"
    explained.write_bytes(raw)
    code, out = intake.cli("explain", str(explained))
    assert code == 0 and f"{contact} (déclarée dans [trust] automatic_senders)" in out, out
    assert "Transfert de confiance" not in out and f"à {victim}" not in out, out


@pytest.mark.parametrize("verdict", ["dmarc=fail", "none"])
def test_an_outsider_s_tr_in_no_known_format_under_a_colleague_s_address_names_nobody_and_writes_to_nobody(
        intake, verdict):
    """Attacker's review (attack9): an outsider sends a « TR: » with no forward block (the format kept for a colleague's
    forward that intake cannot read, filed for staff under the colleague's address), the application's documents
    attached, under a colleague's address they forged (the town's server says dmarc=fail, or nothing) and their own
    Reply-To. It read as the colleague's forward, nothing said of the failed authentication; the Reply-To was recorded
    as an address that may speak for the case: a photo it sent then citing the reference joined the case, made it
    « complete » out of review, and the town sent the completion notice to the colleague. A forward filed for staff
    names nobody, its forwarder gets no automatic mail, and a forged one says so."""
    from intake.commands import samples

    intake.configure('[trust]\nauthserv_id = "mx.example.test"\ndomains = ["example.test", "ville-bethune.fr"]')
    colleague, mallory = "c.martin@ville-bethune.fr", "mallory@evil.example"
    headers = {"Reply-To": mallory}
    if verdict != "none":
        headers["Authentication-Results"] = ("mx.example.test; spf=fail smtp.mailfrom=ville-bethune.fr; "
                                             "dmarc=fail header.from=ville-bethune.fr")
    intake.deliver(samples.email(
        sender=f"Claire Martin <{colleague}>", to=[intake.nb], subject="TR: Candidature label Smart City",
        body="Pour toi.\n\n=== Courriel reçu le 23/11/2026 ===\nExpéditeur : Jeanne Roux\n", headers=headers,
        attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                     ("courrier maire.pdf", samples.pdf("Monsieur le Maire\nlettre"), "application/pdf")]), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and "authentifié" in case["attention"], case["attention"]
    shown = intake.case(case["reference"])
    assert [a["address"] for a in shown["addresses"]] == [colleague], shown["addresses"]
    intake.deliver(samples.email(sender=f"M <{mallory}>", to=[intake.nb], subject=f"Re: [{case['reference']}] suite",
                                 attachments=[("photo.jpg", samples.jpeg(), "image/jpeg")]), intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[case["reference"]]["status"] == "review" and cases[case["reference"]]["messages"] == 1, cases
    assert intake.sent() == []


def test_a_forwarded_sender_whose_name_holds_another_s_address_is_nobody_s_application(intake):
    """Attacker's review (attack9): an outsider writes to a colleague from their own address under a display name that
    is another's address, « "Jeanne Roux <victime@…>" <mallory@…> »; a mail program that shows the name as it is writes
    the forward's sender line « De : Jeanne Roux <victime@…> <mallory@…> », and the first address was read as the
    original sender: the town's authenticated forward joined the outsider's files to the victim's case and sent the
    victim a receipt for them. A sender line naming two addresses names nobody: filed for staff, nobody written to."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    victim, mallory = "victime@tiers.example", "mallory@evil.example"
    intake.deliver(intake.application(sender=f"Victime <{victim}>", pieces=("dossier", "courrier")), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert len(intake.sent()) == 1
    intake.deliver(fm.thunderbird(intake.db, intake.nb, mallory, authentication=PASSED,
                                  name=f"Jeanne Roux <{victim}>"), intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[case["reference"]]["messages"] == 1, cases
    assert [a.addr_spec for m in intake.sent() for a in m["To"].addresses] == [victim], \
        [m["Subject"] for m in intake.sent()]
    assert all(c["applicant"] != victim for r, c in cases.items() if r != case["reference"])
