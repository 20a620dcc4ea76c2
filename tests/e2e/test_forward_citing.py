"""A colleague forwards, authenticated, an outsider's mail that names another applicant's case: the forward is the
outsider's message (core/forward.py), never the cited case's. End to end: Dovecot, `intake poll`, SMTP."""

from __future__ import annotations

import email
import email.policy

import forwardmail as fm
import pytest

VICTIM = "jeanne.roux@asso-quartier.example"
MALLORY = "mallory@evil.example"
PASSED = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"


def test_a_trusted_forward_of_an_outsider_citing_a_case_is_not_filed_on_that_case(intake):
    """The town's public address is anyone's to write to, and staff forward what an applicant sends there as the
    README asks: an outsider's « Complément BSC-2026-0001 » with a dossier and a letter of their own, forwarded by a
    colleague, joined the victim's case (a trusted forward vouched for any case it named), completed it, rewrote its
    dossier's fields and sent the victim a completion notice. A forward is filed under its original sender, who may
    speak only for the cases that know them: a case of their own, in review, linked to the one cited."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(intake.application(sender=f"Jeanne Roux <{VICTIM}>", pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (victim,) = intake.cases()
    assert victim["status"] == "incomplete" and victim["missing"] == ["courrier"], victim
    ref = victim["reference"]
    intake.deliver(fm.owa(intake.db, intake.nb, MALLORY, authentication=PASSED, subject=f"TR: Complément {ref}"),
                   intake.nb)
    intake.poll()
    cases = {c["reference"]: c for c in intake.cases()}
    assert cases[ref]["status"] == "incomplete" and cases[ref]["messages"] == 1, cases[ref]
    assert cases[ref]["pieces"] == ["dossier", "visuels"]
    (other,) = (c for r, c in cases.items() if r != ref)
    assert other["applicant"] == MALLORY and other["status"] == "review"
    assert f"cite le dossier {ref}" in other["attention"], other
    to = [[a.addr_spec for a in m["To"].addresses] for m in intake.sent()]
    assert [VICTIM] in to and to.count([VICTIM]) == 1, to  # the victim's own acknowledgement, nothing since


def test_a_colleague_s_forward_of_a_mail_the_town_s_server_said_was_forged_writes_to_nobody(intake):
    """An outsider writes to a colleague's town address in an applicant's name (`From: jeanne.roux@…`); the town's
    server stamps it on arrival « dmarc=fail » and delivers it all the same (a policy of p=none), and the colleague,
    who sees a name, forwards it as an attachment (.eml), with that stamp in it. The forward, authenticated, was
    filed under Jeanne and acknowledged to her: the town wrote to whomever the forger named. The attached message
    says what the town's server found: filed for staff to check, under the colleague, nobody written to."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    forged = "spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=asso-quartier.example"
    intake.deliver(fm.thunderbird_as_attachment(intake.db, intake.nb, VICTIM, authentication=PASSED, arrival=forged),
                   intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db, case
    assert "dmarc=fail" in case["attention"] and VICTIM in case["attention"], case["attention"]
    assert intake.smtp.messages == []


def test_the_same_forward_of_a_mail_the_town_s_server_authenticated_is_filed_under_its_sender(intake):
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    intake.deliver(fm.thunderbird_as_attachment(intake.db, intake.nb, VICTIM, authentication=PASSED), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == VICTIM
    (ack,) = intake.sent()
    assert [a.addr_spec for a in ack["To"].addresses] == [VICTIM]


@pytest.mark.parametrize("arrival, trusted", [("spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from="
                                               "asso-quartier.example", False),
                                              ("dkim=pass header.d=asso-quartier.example; dmarc=pass header.from="
                                               "asso-quartier.example", True)])
def test_an_outlook_item_a_colleague_forwards_keeps_what_the_town_s_server_said_on_its_arrival(intake, arrival,
                                                                                              trusted):
    """Outlook (Windows) forwards « as an attachment » an Outlook item (.msg), which keeps the header block the mail
    arrived with (PR_TRANSPORT_MESSAGE_HEADERS): the town's server's « dmarc=fail » in it is read as an .eml's."""
    import clientmail as cm
    import documents as d
    from olefiles import outlook_item

    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    headers = (f"Received: from mx.evil.example by mx.example.test\r\nAuthentication-Results: mx.example.test; "
               f"{arrival}\r\nFrom: Jeanne Roux <{VICTIM}>\r\nSubject: Candidature\r\n\r\n")
    item = outlook_item(VICTIM, {"Dossier d'intention.pdf": d.pdf_text(d.DOSSIER_LINES),
                                 "Lettre au Maire.pdf": d.pdf_text(d.LETTER_LINES)},
                        extra={"__substg1.0_007D001F": headers.encode("utf-16-le")})
    raw = cm.outlook_with_msg(intake.nb, "Candidature.msg", item, sender=f"Claire Martin <{intake.db}>",
                              subject="TR: Candidature")
    intake.deliver(f"Authentication-Results: {PASSED}\r\n".encode() + raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    if trusted:
        assert case["applicant"] == VICTIM and len(intake.sent()) == 1, case
    else:
        assert case["status"] == "review" and case["applicant"] == intake.db, case
        assert "dmarc=fail" in case["attention"] and intake.smtp.messages == []


def test_a_forward_of_a_forged_town_mail_naming_an_applicant_below_writes_to_nobody(intake):
    """The town's own address forged (its server says so, and delivers: a town domain at p=none): « TR: » from
    accueil@ville-bethune.fr to a colleague, with a forward block naming Jeanne typed in its text and an application's
    files. The colleague forwards it as an attachment; the town sender above is skipped as a chain of colleagues'
    forwards would be, and the block below it named the applicant: filed under Jeanne, acknowledged to her. Any mail
    attached whose arrival the town's server said was forged makes the forward one for staff."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid

    from intake.commands import samples

    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    inner = samples.email(sender="Accueil Mairie <accueil@ville-bethune.fr>", to=[intake.db],
                          subject="TR: Candidature label",
                          body="Pour le service.\n\n---------- Message transféré ---------\n"
                               f"De : Jeanne Roux <{VICTIM}>\nDate : lun. 30 nov. 2026 à 10:00\n"
                               "Objet : Candidature label\n\nci-joint.\n",
                          attachments=[("dossier.pdf", samples.pdf("Dossier d'intention\nTitre du projet : X"),
                                        "application/pdf"),
                                       ("lettre.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur"),
                                        "application/pdf")])
    inner = (b"Authentication-Results: mx.example.test; spf=fail smtp.mailfrom=ville-bethune.fr; dmarc=fail "
             b"header.from=ville-bethune.fr\r\n" + inner)
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = f"Claire Martin <{intake.db}>", intake.nb, "TR: Candidature label"
    outer["Message-ID"], outer["Date"] = make_msgid(domain="example.test"), formatdate()
    outer.set_content("Pour toi.")
    outer.add_attachment(email.message_from_bytes(inner, policy=email.policy.default))
    intake.deliver(f"Authentication-Results: {PASSED}\r\n".encode() + outer.as_bytes(), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db, case
    assert "accueil@ville-bethune.fr" in case["attention"] and intake.smtp.messages == []


def test_a_forward_of_the_applicant_s_real_mail_and_a_forgery_in_her_name_writes_to_nobody(intake):
    """attack12: the colleague selects two mails from « Jeanne Roux » and forwards both as attachments: her real
    one (dmarc=pass on arrival) and an outsider's in her name (dmarc=fail, delivered: p=none). The first verdict
    for her address was the only one kept: the forgery's files were filed under her and acknowledged to her."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    boundary = "--------------att0K2m9Q4x1B3n5V7c9Z0"
    real = fm.thunderbird_as_attachment(intake.db, intake.nb, VICTIM, authentication=PASSED).decode()
    forged = fm.thunderbird_as_attachment(intake.db, intake.nb, VICTIM, arrival="spf=fail smtp.mailfrom=evil."
                                          "example; dmarc=fail header.from=asso-quartier.example").decode()
    head, _, rest = real.rpartition(f"{boundary}--")
    intake.deliver(f"{head}{boundary}{forged.split(boundary)[2]}{boundary}--{rest}".encode(), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db, case
    assert "dmarc=fail" in case["attention"] and intake.smtp.messages == []


def test_a_forward_attaching_a_forgery_after_five_real_mails_writes_to_nobody(intake):
    """attack12: only the first five mails attached whole were read for what the town's server said on their
    arrival: a sixth, forged in the applicant's name, was filed under her and acknowledged to her."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    boundary = "--------------att0K2m9Q4x1B3n5V7c9Z0"
    real = fm.thunderbird_as_attachment(intake.db, intake.nb, VICTIM, authentication=PASSED).decode()
    forged = fm.thunderbird_as_attachment(intake.db, intake.nb, VICTIM, arrival="spf=fail smtp.mailfrom=evil."
                                          "example; dmarc=fail header.from=asso-quartier.example").decode()
    head, _, rest = real.rpartition(f"{boundary}--")
    more = "".join(boundary + real.split(boundary)[2] for _ in range(4))
    intake.deliver(f"{head}{more}{boundary}{forged.split(boundary)[2]}{boundary}--{rest}".encode(), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "review" and case["applicant"] == intake.db, case
    assert "plus de 5 courriels" in case["attention"] and intake.smtp.messages == []
