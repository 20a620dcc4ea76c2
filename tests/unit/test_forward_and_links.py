from email.message import EmailMessage
from pathlib import Path

from intake.commands import samples
from intake.core.classify import PIECE, verdicts_for
from intake.core.content import Extracted
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.forward import as_original
from intake.core.parse import parse_message
from intake.core.rules import parse_rules
from intake.core.statuses import FILED
from intake.core.trust import Evidence

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB, DB = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"
WATCHED = frozenset({NB, DB})


def forwarded_as_attachment(forwarder: str) -> bytes:
    original = samples.email(sender="Marie Dupont <marie@asso.example>", to=["accueil@ville-bethune.fr"],
                             subject="Candidature label",
                             attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                                          ("courrier maire.pdf", samples.pdf("l"), "application/pdf")])
    import email as email_pkg
    import email.policy

    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = forwarder, NB, "TR: Candidature label"
    outer.set_content("Pour toi, reçu à l'accueil.")
    outer.add_attachment(email_pkg.message_from_bytes(original, policy=email.policy.default))
    return outer.as_bytes()


TRUSTED = Evidence(True, "authentifié par mx.ville-bethune.fr (dmarc=pass header.from=ville-bethune.fr)")
UNTRUSTED = Evidence(False, "aucun en-tête Authentication-Results de mx.ville-bethune.fr")


def run(raw: bytes, evidence: Evidence = TRUSTED):
    forward = as_original(parse_message(raw), RULES, WATCHED, NB, evidence)
    msg = forward.msg
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="s", forwarded_by=forward.by,
                  claimed_by=forward.claimed_by, quoted=forward.quoted, forward_evidence=forward.evidence)
    read = {a.sha256: Extracted(read=True) for a in msg.attachments}
    return msg, decide(msg, verdicts_for(msg, RULES, read), RULES, ctx)


def test_a_colleague_forwarding_an_application_files_it_under_the_original_sender():
    msg, d = run(forwarded_as_attachment("Accueil <accueil@ville-bethune.fr>"))
    assert msg.from_addr == "marie@asso.example"
    assert d.fate == FILED and "transférée par accueil@ville-bethune.fr" in d.reason
    assert (d.mail.to_addr, d.mail.from_addr) == ("marie@asso.example", NB)


def test_an_inline_forward_by_staff_is_filed_under_the_original_sender():
    raw = samples.email(sender=DB, to=[NB], subject="TR: dossier",
                        body="Pour info\n\n---------- Forwarded message ---------\nDe : Jean Martin "
                             "<jean@martin.example>\nDate : lun.\n\nBonjour, voici notre dossier.",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw)
    assert msg.from_addr == "jean@martin.example" and d.fate == FILED


def test_a_stranger_forwarding_mail_is_not_trusted():
    msg, _ = run(forwarded_as_attachment("Someone <someone@elsewhere.example>"))
    assert msg.from_addr == "someone@elsewhere.example"


def test_a_forward_from_a_town_address_without_authentication_writes_to_nobody():
    msg, d = run(forwarded_as_attachment("N. Bataillon <n.bataillon@ville-bethune.fr>"), UNTRUSTED)
    assert msg.from_addr == NB  # the stated sender's own mail
    assert d.fate == FILED and d.assessment.status == "review" and d.mail is None
    assert "marie@asso.example" in d.attention and "non authentifié" in d.attention


def test_an_unauthenticated_inline_forward_of_a_colleague_quotes_its_target_to_staff_only():
    raw = samples.email(sender="Accueil <accueil@ville-bethune.fr>", to=[NB], subject="TR: dossier",
                        body="---------- Message transféré ---------\nDe : Paul <paul@cible.example>\n\nBonjour",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw, UNTRUSTED)
    assert msg.from_addr == "accueil@ville-bethune.fr" and d.mail is None and "paul@cible.example" in d.attention


def test_a_transfer_link_counts_as_visuals():
    raw = samples.email(sender="a@x.example", to=[NB], subject="Candidature",
                        body="Nos photos : https://we.tl/t-AbCdEf123 (valable 7 jours).",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    verdicts = verdicts_for(parse_message(raw), RULES, {})
    links = [v for v in verdicts if v.detected_type == "link"]
    assert len(links) == 1 and links[0].outcome == PIECE and links[0].kind == "visuels"
    assert "https://we.tl/t-AbCdEf123" in links[0].attachment.filename


def test_an_outlook_forward_is_filed_under_the_original_sender():
    body = ("Bonjour Nadia, je te transfère.\n\n________________________________\n"
            "De : Pierre Martin <pierre.martin@asso.example>\nEnvoyé : lundi 2 novembre 2026 10:12\n"
            "À : Accueil <accueil@ville-bethune.fr>\nObjet : Candidature label\n\nBonjour, voici notre dossier.")
    raw = samples.email(sender="Accueil <accueil@ville-bethune.fr>", to=[NB], subject="TR: Candidature label",
                        body=body, attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw)
    assert msg.from_addr == "pierre.martin@asso.example" and d.fate == FILED
