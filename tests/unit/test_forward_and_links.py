from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest

from intake.commands import samples
from intake.core.classify import PIECE, transfer_links, verdicts_for
from intake.core.content import Extracted
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.forward import as_original
from intake.core.parse import parse_message
from intake.core.rules import parse_rules
from intake.core.statuses import FILED
from intake.core.trust import Evidence
from intake.errors import RulesError

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
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="s", **forward.said())
    read = {a.sha256: Extracted(read=True) for a in msg.attachments}
    return msg, decide(msg, verdicts_for(msg, RULES, read), RULES, ctx)


def test_a_colleague_forwarding_an_application_files_it_under_the_original_sender():
    msg, d = run(forwarded_as_attachment("Accueil <accueil@ville-bethune.fr>"))
    assert msg.from_addr == "marie@asso.example"
    assert d.fate == FILED and "transférée par accueil@ville-bethune.fr" in d.reason
    assert (d.mail.to_addr, d.mail.from_addr) == ("marie@asso.example", NB)


def staff_forward(subject: str, body: str) -> bytes:
    """A dossier forwarded by a staff member (DB) to the watched mailbox, `body` quoting whom it came from."""
    return samples.email(sender=DB, to=[NB], subject=subject, body=f"Pour info\n\n{body}",
                         attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])


def test_an_inline_forward_by_staff_is_filed_under_the_original_sender():
    msg, d = run(staff_forward("TR: dossier", "---------- Forwarded message ---------\nDe : Jean Martin "
                                              "<jean@martin.example>\nDate : lun.\n\nBonjour, voici notre dossier."))
    assert msg.from_addr == "jean@martin.example" and d.fate == FILED


@pytest.mark.parametrize("mark, line", [
    ("-----Original Message-----", "From: Jean Martin [mailto:jean@martin.example]"),  # Outlook
    ("________________________________", "De\u00a0: Jean Martin <jean@martin.example>"),  # French Outlook
    ("Début du message réexpédié :", "De: \t*Jean Martin* <jean@martin.example>"),  # Apple Mail, bold as text
    ("----- Mail transféré -----", 'De: "Jean Martin" <jean@martin.example>'),  # Zimbra (Free, SFR webmails)
    ("-------- Message original --------", "Sujet : dossier\nDate : 23/11/2026\nDe : jean@martin.example"),  # Roundcube
])
def test_inline_forwards_of_each_client_name_their_sender(mark, line):
    raw = samples.email(sender=DB, to=[NB], subject="TR: dossier", body=f"Pour info\n\n{mark}\n{line}\n\nBonjour")
    assert parse_message(raw).forwarded_from[-1][1] == "jean@martin.example"


def test_a_forward_mark_followed_by_a_sea_of_blank_lines_is_read_in_linear_time():
    """An attacker's review froze the poller for minutes: `^\\s*` under MULTILINE tried each blank line from each
    line above it; a run of dashes and a "De" line of spaces did the same."""
    import time

    started = time.process_time()
    for body in ("---------- Forwarded message ---------" + "\n" * 100_000 + "De : x@y.example",
                 "-" * 100_000 + " Forwarded", "---------- Forwarded message ---------\nDe" + " " * 100_000 + "x",
                 "Message-Id:" + "\n" * 100_000):
        parse_message(samples.email(sender="a@x.example", to=[NB], subject="s", body=body))
    assert time.process_time() - started < 3  # a fraction of a second each; quadratic, minutes


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


MAIL_DROP = ("https://www.icloud.com/attachment/?u=https%3A%2F%2Fcvws.icloud-content.com%2FB%2FAZq1kB7Hc3%2F%24%7Bf%7D"
             "%3Fo%3DAtV8%26v%3D1%26x%3D3%26a%3DCAogq%26e%3D1767225600%26k%3D%24%7Buk%7D%26ckc%3Dcom.apple."
             "largeattachment%26p%3D31&uk=Xk3sR9yQ2wLm&f=Visite%20atelier.MOV&sz=187654321")
REAL_LINKS = {
    "Apple Mail Drop": MAIL_DROP,
    "Apple Mail Drop, old form": "https://icloud.com/attachment/?u=https%3A%2F%2Fcvws.icloud-content.com%2FB%2FAa"
                                 "&uk=7Tq&f=plan.pdf&sz=31457280",
    "FranceTransfert": "https://francetransfert.numerique.gouv.fr/download/download-info?enclosure=6f1c2d4e-8b7a-4c"
                       "3e-9d2f-1a5b6c7d8e9f&recipient=bWFyaWVAYXNzby5leGFtcGxl&token=4c8e2a1f-3b5d",
    "iCloud Drive": "https://www.icloud.com/iclouddrive/0a1b2c3d4e5f6g7h8i9j#Photos_jardin",
    "Google Photos": "https://photos.app.goo.gl/Xk8vq2N1mYp4RzT67",
    "Free": "http://dl.free.fr/getfile.pl?file=/k3JqYw2p",
    "SwissTransfer": "https://www.swisstransfer.com/d/6a0b4f9e-93a1-4f3c-8d11-2b7c6e5f4a3d",
    "FileSender (Renater)": "https://filesender.renater.fr/?s=download&token=0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f",
    "TransferNow": "https://www.transfernow.net/dl/20261128aBcDeF12",
    "Smash": "https://fromsmash.com/Jardin-Partage-Photos",
    "pCloud": "https://u.pcloud.link/publink/show?code=XZk2Jb0ZqXyW7hR4",
    "Free Transfert (dl.free.fr's successor)": "https://transfert.free.fr/Xk3Lq9P",
    "1fichier": "https://1fichier.com/?k3jqyw2p8xz0r5t4n6vb",
    "Adobe Acrobat « Partager »": "https://acrobat.adobe.com/id/urn:aaid:sc:EU:6f1c2d4e-8b7a-4c3e-9d2f-1a5b6c7d8e9f",
    "Proton Drive": "https://drive.proton.me/urls/XK3JQ9PZR7#aB3dEf9hIjKl",
    "Canva (a poster, « Partager » > « Lien public »)": "https://www.canva.com/design/DAGk3Lq9PzR/Xk8vq2N1mYp4RzT6"
                                                       "7aBcDe/view?utm_content=DAGk3Lq9PzR&utm_campaign=designshare"
                                                       "&utm_medium=link2&utm_source=uniquelinks&utlId=h8f2c1d4e5a",
    "Canva, short link": "https://canva.link/k3jqyw2p8xz0r5t",
    "Genially": "https://view.genial.ly/6745f1c2d3e4a50014b7c8d9/presentation-jardins-partages-connectes",
}


def test_real_transfer_links_of_the_services_applicants_use_count_as_visuals():
    """As mail programs write them: a Mail Drop message names the link in its HTML (the text part may only say
    « Cliquez pour télécharger »); the others are pasted in the text."""
    for service, url in REAL_LINKS.items():
        raw = samples.email(sender="marie@asso.example", to=[NB], subject="Candidature label Béthune Smart City",
                            body=f"Nos visuels sont trop lourds pour être joints :\n{url}\n\nMarie",
                            attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
        verdicts = verdicts_for(parse_message(raw), RULES, {})
        links = [v for v in verdicts if v.detected_type == "link"]
        assert len(links) == 1, service
        assert links[0].outcome == PIECE and links[0].kind == "visuels", service
        assert url[:100] in links[0].attachment.filename, service
    raw = samples.email(sender="marie@asso.example", to=[NB], subject="Candidature",
                        body="Pièce jointe Mail Drop : Visite atelier.MOV (187,7 Mo)\nCliquez pour télécharger",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    message = parse_message(raw)
    message = replace(message, html=f'<a href="{MAIL_DROP.replace("&", "&amp;")}">Cliquez pour télécharger</a>')
    links = [v for v in verdicts_for(message, RULES, {}) if v.detected_type == "link"]
    assert len(links) == 1 and links[0].kind == "visuels"
    assert links[0].attachment.filename.startswith("lien : https://www.icloud.com/attachment/?u=")


def _mail_drop_card(name: str, url: str = MAIL_DROP) -> tuple[str, str]:
    """Apple Mail's Mail Drop, as tests/tenthmail.py writes it: (the text part: the name, the size, then « <link> » on
    a line of its own; the HTML: the link on the file's icon and on « Télécharger », the name beside them)."""
    href = url.replace("&", "&amp;")
    text = f"Bonjour,\n\n{name}\n31,5 Mo\n<{url}>\n\nTélécharger\nExpire le 30 décembre 2026\n"
    html = (f'<table class="x-apple-maildrop"><tr><td><a href="{href}"><img src="cid:icon" alt=""></a></td><td>'
            f'<div>{name}</div><div>31,5 Mo</div><div><a href="{href}">Télécharger</a></div></td></tr></table>')
    return text, html


def test_a_link_html_writes_with_amp_is_the_same_link_as_in_the_text_and_keeps_its_ampersands():
    """An href writes « & » as « &amp; »: the link read from the HTML as written was a second piece beside the one
    the text part gave, its address broken (« …&amp;uk=… » asks iCloud for a parameter « amp;uk »)."""
    text, html = _mail_drop_card("Visite atelier.MOV")
    links = transfer_links(text, html, RULES)
    assert len(links) == 1, [v.attachment.filename for v in links]
    assert "&amp;" not in links[0].attachment.filename and "&uk=Xk3sR9yQ2wLm&f=" in links[0].attachment.filename
    # the HTML alone: its link, as a browser reads it
    (alone,) = transfer_links("Cliquez pour télécharger", html, RULES)
    assert alone.attachment.content == MAIL_DROP.encode()


def test_a_mail_drop_link_is_named_by_the_file_name_it_carries_when_no_anchor_shows_it():
    """Apple Mail's card: no anchor holds the name (the icon, « Télécharger »), the text part writes the size between
    the name and the link. The link's `f=` is the name iCloud shows: a dossier left there is the dossier to verify,
    not the visuals; a video stays the visuals."""
    url = MAIL_DROP.replace("f=Visite%20atelier.MOV", "f=Dossier%20d%E2%80%99intention%20scann%C3%A9.pdf")
    (link,) = transfer_links(*_mail_drop_card("Dossier d’intention scanné.pdf", url), RULES)
    assert link.outcome != PIECE and link.also == ("dossier",), link
    assert "« Dossier d’intention scanné.pdf »" in link.evidence, link.evidence
    (video,) = transfer_links(*_mail_drop_card("Visite atelier.MOV"), RULES)
    assert video.outcome == PIECE and video.kind == "visuels", video
    # only a Mail Drop link is named by its own parameters: any other site's « f= » is no file name
    other = "https://www.swisstransfer.com/d/6a0b4f9e?f=Dossier%20d%27intention.pdf"
    (transfer,) = transfer_links(f"Photos : {other}", "", RULES)
    assert transfer.outcome == PIECE and transfer.kind == "visuels", transfer



def test_a_dropbox_file_link_is_named_by_the_file_name_in_its_path():
    """Dropbox's « Copier le lien » writes the file's name in the link (/scl/fi/<id>/<name>?rlkey=…, and /s/<id>/<name>
    before 2023): a dossier or a letter left there is that piece to verify, not the visuals. A folder's link (/scl/fo/)
    names no file: the visuals, as any transfer link; a name in another site's path is no file name it shows."""
    for url in ("https://www.dropbox.com/scl/fi/7hq2k9x4m1v8/Dossier%20d%27intention.pdf?rlkey=4k8m2q9x&dl=0",
                "https://www.dropbox.com/s/7hq2k9x4m1v8/Dossier%20d%27intention.pdf?dl=0"):
        (link,) = transfer_links(f"Dossier : {url}", "", RULES)
        assert link.outcome != PIECE and link.also == ("dossier",), (url, link)
        assert "« Dossier d'intention.pdf »" in link.evidence, link.evidence
    (letter,) = transfer_links("https://www.dropbox.com/scl/fi/2m8v4c/Lettre%20au%20Maire.pdf?rlkey=9x2k&dl=0", "",
                               RULES)
    assert letter.also == ("courrier",), letter
    for other in ("https://www.dropbox.com/scl/fo/5k2m8q1x/AH3kQ2mX9vL4nB?rlkey=1q2w&dl=0",
                  "https://wetransfer.com/downloads/6a0b4f9e/Dossier%20d%27intention.pdf"):
        (transfer,) = transfer_links(f"Photos : {other}", "", RULES)
        assert transfer.outcome == PIECE and transfer.kind == "visuels", (other, transfer)

def test_links_to_other_sites_are_not_pieces():
    raw = samples.email(sender="marie@asso.example", to=[NB], subject="Candidature",
                        body="Notre site : https://www.asso-jardins.example/projet et la page de la Ville : "
                             "https://www.ville-bethune.fr/label-smart-city",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    assert [v for v in verdicts_for(parse_message(raw), RULES, {}) if v.detected_type == "link"] == []


def test_a_transfer_site_is_matched_by_its_host_name_never_by_a_look_alike():
    """core/links.py: the listed host or a subdomain of it, as the browser would open it."""
    counted = ["https://www.icloud.com/attachment/?u=x", "https://ICLOUD.com./attachment/?u=x",
               "https://francetransfert.numerique.gouv.fr:443/download/x"]
    look_alikes = ["https://icloud.com.evil.example/attachment/?u=x", "https://my-icloud.com/attachment/?u=x",
                   "https://www.icloud.com@evil.example/attachment/?u=x",
                   "https://evil.example/francetransfert.numerique.gouv.fr/download/x"]
    for url in counted + look_alikes:
        raw = samples.email(sender="marie@asso.example", to=[NB], subject="Candidature", body=f"Visuels : {url}",
                            attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
        links = [v for v in verdicts_for(parse_message(raw), RULES, {}) if v.detected_type == "link"]
        assert len(links) == (1 if url in counted else 0), url


def test_a_link_host_written_as_an_address_is_refused_by_the_rules_check():
    text = RULES_FILE.read_text(encoding="utf-8").replace('"we.tl",', '"https://we.tl/",', 1)
    with pytest.raises(RulesError) as caught:
        parse_rules("pieces.toml", text)
    assert "n'est pas un nom de site" in str(caught.value) and "https://we.tl/" in str(caught.value)


def test_an_outlook_forward_is_filed_under_the_original_sender():
    body = ("Bonjour Nadia, je te transfère.\n\n________________________________\n"
            "De : Pierre Martin <pierre.martin@asso.example>\nEnvoyé : lundi 2 novembre 2026 10:12\n"
            "À : Accueil <accueil@ville-bethune.fr>\nObjet : Candidature label\n\nBonjour, voici notre dossier.")
    raw = samples.email(sender="Accueil <accueil@ville-bethune.fr>", to=[NB], subject="TR: Candidature label",
                        body=body, attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw)
    assert msg.from_addr == "pierre.martin@asso.example" and d.fate == FILED


def test_a_forward_block_written_in_the_forwarded_mail_never_names_its_applicant():
    """An attacker's review: Outlook forwards with no separator line (« De : / Date : » only), and the forwarded
    mail's own text held « -------- Message transféré -------- / De : victime@… »: that block alone was read, the
    case filed under the victim and the town's acknowledgement sent to them, from a colleague's genuine forward."""
    body = ("Pour le label.\n\nClaire\n\n"
            "De : Pierre Martin <pierre.martin@asso.example>\nDate : lundi, 23 novembre 2026 à 17:45\n"
            "À : Accueil <accueil@ville-bethune.fr>\nObjet : Candidature label\n\nBonjour, voici notre dossier.\n\n"
            "-------- Message transféré --------\nDe : Victime <victime@autre.example>\nObjet : dossier\n\nvoir pj\n")
    raw = samples.email(sender="Accueil <accueil@ville-bethune.fr>", to=[NB], subject="TR: Candidature label",
                        body=body, attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw)
    assert msg.from_addr == "pierre.martin@asso.example"
    assert d.fate == FILED and d.mail is not None and d.mail.to_addr == "pierre.martin@asso.example"


@pytest.mark.parametrize("cut", range(-3, 4))
def test_a_forward_s_sender_line_too_long_to_read_names_nobody_not_the_start_of_its_address(cut):
    """An attacker's review: a display name of about 2,000 characters put the end of the forwarded « De : » line past
    the part read: « Nom <victime@gmail.com.attaquant.example> » was read as victime@gmail.com, filed and written to;
    and a line not read at all let a forward block further down name the applicant. Such a forward names nobody."""
    mark = "---------- Forwarded message ---------\n"
    name = "A" * (2000 - len("De : ") - len(" <victime@gmail.com") + cut)
    body = (f"Pour le label.\n\n{mark}De : {name} <victime@gmail.com.attaquant.example>\nDate: lun. 23 nov. 2026\n"
            "Subject: Candidature label\n\nBonjour.\n\n-------- Message transféré --------\n"
            "De : Victime <victime@autre.example>\n\nvoir pj\n")
    raw = samples.email(sender="Accueil <accueil@ville-bethune.fr>", to=[NB], subject="Fwd: Candidature label",
                        body=body, attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw)
    assert msg.from_addr in ("accueil@ville-bethune.fr", "victime@gmail.com.attaquant.example")
    assert d.mail is None or d.mail.to_addr == "victime@gmail.com.attaquant.example"


def test_a_mail_attached_to_the_mail_a_colleague_forwards_under_a_subject_of_their_own_is_not_its_applicant():
    """An attacker's review: Outlook forwards with no separator line, and the colleague wrote a subject of their own
    (no « TR: »): the block was not read, and the .eml the outsider had attached to their mail (« From: victime@… »,
    written by the outsider) named the applicant: filed under the victim, acknowledged to them."""
    import email as email_pkg
    import email.policy

    inner = samples.email(sender="Victime <victime@autre.example>", to=["accueil@ville-bethune.fr"], subject="dossier",
                          attachments=[("courrier maire.pdf", samples.pdf("l"), "application/pdf")])
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = "Accueil <accueil@ville-bethune.fr>", NB, "Candidature de M. Martin"
    outer.set_content("Pour le label.\n\nClaire\n\nDe : Pierre Martin <pierre.martin@asso.example>\n"
                      "Envoyé : lundi 23 novembre 2026 17:45\nÀ : Accueil <accueil@ville-bethune.fr>\n"
                      "Objet : Candidature label\n\nBonjour, voici notre dossier.\n")
    outer.add_attachment(samples.pdf(), maintype="application", subtype="pdf", filename="dossier.pdf")
    outer.add_attachment(email_pkg.message_from_bytes(inner, policy=email.policy.default))
    msg, d = run(outer.as_bytes())
    assert msg.from_addr == "pierre.martin@asso.example"
    assert d.mail is not None and d.mail.to_addr == "pierre.martin@asso.example"


@pytest.mark.parametrize("look_alike", ["x@ville--bethune.fr", "x@ville-béthune.fr", "x@ville_bethune.fr"])
def test_a_domain_that_only_looks_like_the_town_s_is_no_town_address(look_alike):
    """An attacker's review: `forwarders = ["*@ville-bethune.fr"]` was matched on folded text (accents, dashes and
    underscores as for file names): ville--bethune.fr and ville-béthune.fr, which anyone can register, were town
    addresses. A colleague forwarding an outsider's mail from one of them skipped it as a colleague's and filed the
    case under the address of a forward block the outsider wrote below it, acknowledged there."""
    assert not RULES.is_forwarder(look_alike) and RULES.is_forwarder("Claire.Martin@Ville-Bethune.FR")
    assert RULES.is_forwarder("claire.martin@ville-bethune.ｆｒ")  # full-width letters: the same domain (IDNA)
    body = (f"Pour toi.\n\n---------- Forwarded message ---------\nDe : Service Smart City <{look_alike}>\n"
            "Date: lun. 23 nov. 2026\nSubject: Candidature label\n\nBonjour, je vous transmets la candidature.\n\n"
            "---------- Forwarded message ---------\nDe : Victime <victime@autre.example>\nDate: lun.\n\nvoir pj\n")
    raw = samples.email(sender="Accueil <accueil@ville-bethune.fr>", to=[NB], subject="Fwd: Candidature label",
                        body=body, attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw)
    assert msg.from_addr != "victime@autre.example" and (d.mail is None or d.mail.to_addr != "victime@autre.example")


def _reply_quoting_a_fake_forward(to: list[str], cc: list[str] = ()) -> bytes:
    """A colleague's Outlook reply (« RE: », « De : / Envoyé : » above the text it quotes) to an outsider whose
    question held a fake forward block naming a victim; the blank form attached."""
    body = ("Bonjour,\n\nVoici le formulaire à remplir.\n\nNicolas\n\n"
            "De : Pierre Martin <pierre.martin@asso.example>\nEnvoyé : lundi 23 novembre 2026 17:45\n"
            f"À : {NB}\nObjet : Question label\n\nBonjour, une question.\n\n"
            "-------- Message transféré --------\nDe : Victime <victime@autre.example>\nObjet : dossier\n\nvoir pj\n")
    return samples.email(sender=f"Nicolas Bataillon <{NB}>", to=to, cc=list(cc), subject="RE: Question label",
                         body=body, attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])


def test_the_town_s_mail_to_an_outsider_sent_back_by_them_is_no_forward_of_anyone():
    """An attacker's review: staff answered an outsider's question (quoting it, with a fake forward block naming a
    victim) and attached the blank form; the outsider sent that reply, byte for byte, to the watched mailbox: its
    DKIM signature still passed (and its copy was in the Sent folder), it was a trusted forward of the victim's
    application, acknowledged to the victim. The town's mail addressed to no watched mailbox is no forward."""
    msg, d = run(_reply_quoting_a_fake_forward(to=["pierre.martin@asso.example"]))
    assert msg.from_addr == NB and d.mail is None
    # a forward, this time: staff passed the outsider's mail on to someone outside (« TR: »), who sent it back
    raw = samples.email(sender=f"Nicolas Bataillon <{NB}>", to=["partenaire@externe.example"],
                        subject="TR: Candidature label", body="Est-ce votre association ?\n\n-------- Message "
                        "transféré --------\nDe : Victime <victime@autre.example>\nObjet : dossier\n\nvoir pj\n",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    msg, d = run(raw)
    assert msg.from_addr == NB and d.mail is None and "aucune boîte surveillée" in d.reason


def test_in_a_colleague_s_reply_the_quoted_mail_s_forward_block_names_nobody():
    """The same reply sent with the watched mailbox in copy: the forward block, quoted without « > » (Outlook), was
    read as the colleague's forward of the victim's application. A reply's own text names no forward."""
    msg, d = run(_reply_quoting_a_fake_forward(to=["pierre.martin@asso.example"], cc=[DB]))
    assert msg.from_addr == NB and d.mail is None


def test_in_an_html_only_reply_the_quoted_mail_s_forward_block_names_nobody():
    """Thunderbird's « HTML only » reply quotes in a <blockquote>: its text, read from the HTML, has no « > »; the
    outsider's forward block named the victim, filed and acknowledged."""
    html = ("<p>Voici le formulaire.</p><div class=\"moz-cite-prefix\">Le 23/11/2026 à 17:45, Pierre a écrit&nbsp;:"
            "</div><blockquote type=\"cite\"><p>Bonjour</p><p>-------- Message transféré --------<br>"
            "De : Victime &lt;victime@autre.example&gt;<br>Objet : dossier</p></blockquote>")
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Cc"] = f"Nicolas <{NB}>", "pierre.martin@asso.example", DB
    outer["Subject"] = "Re: Question label"
    outer.set_content(html, subtype="html")
    outer.add_attachment(samples.pdf(), maintype="application", subtype="pdf", filename="dossier.pdf")
    msg, d = run(outer.as_bytes())
    assert msg.from_addr == NB and d.mail is None


def test_a_forward_of_a_reply_still_names_the_applicant():
    """« TR: RE: » is a forward: its block is read."""
    raw = staff_forward("TR: RE: Candidature label", "---------- Forwarded message ---------\nDe : Marie "
                        "<marie@asso.example>\nDate : lun.\n\nVoici notre dossier.")
    msg, _d = run(raw)
    assert msg.from_addr == "marie@asso.example"


def test_links_are_looked_at_up_to_a_bound_and_transfer_links_kept_up_to_another():
    """The fifth attacker's review: a 48 MB text of 1.5 million WeTransfer links made 1.5 million pieces, 17 s and
    1.8 GB in the poller's process. The first MAX_URLS links are looked at, MAX_LINKS transfer links kept."""
    import time

    from intake.core.classify import MAX_LINKS, transfer_links
    from intake.core.links import MAX_URLS, urls_in

    text = "".join(f"https://wetransfer.com/d/{i}\n" for i in range(300_000))
    html = "".join(f'<a href="https://we.tl/t-{i}">x</a>' for i in range(300_000))
    started = time.process_time()
    links = transfer_links(text, html, RULES)
    assert time.process_time() - started < 1.0
    assert len(links) == MAX_LINKS and all(v.outcome == PIECE for v in links)
    assert len(urls_in(text, html)) == MAX_URLS
    assert urls_in("voir https://wetransfer.com/a. et https://smash.gg/b,", "") == [
        "https://wetransfer.com/a", "https://smash.gg/b"]


def test_one_link_wrapped_a_thousand_ways_is_searched_for_its_name_a_bounded_number_of_times():
    """The name a mail shows a link under is searched for beside each way the message writes the link (the link, a
    filter's redirects wrapping it). One WeTransfer link wrapped in 1,000 Safe Links redirects (each its own data=)
    after 20 MB of text made 1,000 searches of the whole message: 2.7 s in the poller's process for one message (more
    for a bigger one). A link's first MAX_FORMS forms are looked at."""
    import time

    from clientmail import safelinks

    from intake.core.classify import transfer_links

    html = "x" * 20_000_000 + "".join(
        '<a href="' + safelinks("https://we.tl/t-Ab3d").replace("Ab%2BcD3", f"n{i}").replace("&", "&amp;") +
        '">ici</a> ' for i in range(1000))
    started = time.process_time()
    (link,) = transfer_links("", html, RULES)
    assert time.process_time() - started < 1.0 and link.attachment.content == b"https://we.tl/t-Ab3d"


@pytest.mark.parametrize("wrapped, url", [
    ("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwe.tl%2Ft-Ab3d&amp;data=05%7C02&amp;reserved=0",
     "https://we.tl/t-Ab3d"),
    ("https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Feur01.safelinks.protection.outlook.com%2F%3F"
     "url%3Dhttps%253A%252F%252Ffromsmash.com%252Fx%26data%3D1&data=2", "https://fromsmash.com/x"),
    ("https://urldefense.com/v3/__https://www.swisstransfer.com/d/8b1c__;!!AbC!xyz$", "https://www.swisstransfer.com/d/8b1c"),
    ("https://urldefense.proofpoint.com/v2/url?u=https-3A__drive.google.com_file_d_1x-2Dy_view&d=DwMF&c=x",
     "https://drive.google.com/file/d/1x-y/view"),
    ("https://www.google.com/url?q=https://1drv.ms/f/s!AbC&sa=D&source=editors", "https://1drv.ms/f/s!AbC"),
    ("https://linkprotect.cudasvc.com/url?a=https%3a%2f%2fwetransfer.com%2fdownloads%2fabc&c=E,1", "https://wetransfer.com/downloads/abc"),
    # Proofpoint v3 holds « ! », « % », « # »... apart: each « * » (a run: « ** » and its length) is one of them
    ("https://urldefense.com/v3/__https://1drv.ms/f/s*AkRz3p__;IQ!!G3vK!Lx0Qf7hz$", "https://1drv.ms/f/s!AkRz3p"),
    ("https://urldefense.com/v3/__https://we.tl/t-a**Ab*c*__;JSUhIw!!G3vK!Lx0$", "https://we.tl/t-a%%b!c#"),
    ("https://urldefense.com/v3/__https:/fromsmash.com/x__;!!G3vK!Lx0$", "https://fromsmash.com/x"),
    ("https://antiphishing.vadesecure.com/v4?f=UU1X&i=RTN&k=ywmE&r=ZnV&s=634b&u=https%3A%2F%2Fwe.tl%2Ft-Ab3d",
     "https://we.tl/t-Ab3d"),
    ("https://m365.eu.vadesecure.com/safeproxy/v4?f=x&i=y&k=z&r=w&s=v&u=https%3A%2F%2Fwe.tl%2Ft-Ab-3d_e",
     "https://we.tl/t-Ab-3d_e"),
    ("https://secure-web.cisco.com/1fCCdfJv_BYjz-Yq/https%3A%2F%2Fwetransfer.com%2Fdownloads%2Fabc%3Fx%3D1",
     "https://wetransfer.com/downloads/abc?x=1"),
    ("https://clicktime.symantec.com/15xVSdMrXnLovyYq5pZa2?h=6gcezWKK=&u=https%3A%2F%2Fwe.tl%2Ft-Ab3d",
     "https://we.tl/t-Ab3d"),
    ("https://protect2.fireeye.com/v1/url?k=5bd95ebd-044267fb&q=1&e=900556dc-d199&u=https%3A%2F%2Fwe.tl%2Ft-Ab3d",
     "https://we.tl/t-Ab3d"),
    # the sender's program counting clicks: Mailspring, Gmail's Mailtrack
    ("https://link.getmailspring.com/link/6F1D2C0B-8E4A@getmailspring.com/0?redirect=https%3A%2F%2Fwe.tl%2Ft-Ab3d&"
     "recipient=bmJAZXhhbXBsZS50ZXN0", "https://we.tl/t-Ab3d"),
    ("https://mailtrack.io/trace/link/7233bb35ccd13b3fe97c?url=https%3A%2F%2Fwe.tl%2Ft-Ab3d&userId=58&signature=38",
     "https://we.tl/t-Ab3d"),
])
def test_links_rewritten_by_mail_filters_are_read_as_the_link_they_wrap(wrapped, url):
    from intake.core.links import urls_in

    assert urls_in(f"Les photos : {wrapped}") == [url]


@pytest.mark.parametrize("link", [
    "https://safelinks.protection.outlook.com.evil.example/?url=https%3A%2F%2Fwe.tl%2Fx",  # only looks like one
    "https://evil.example/url?q=https://we.tl/x",
    "https://eur01.safelinks.protection.outlook.com/?url=javascript%3Aalert(1)",  # wraps no web link
    # Proofpoint v3 read as written: « * » before « .we.tl » is a « / » held apart, the link leads to evil.example
    "https://urldefense.com/v3/__https://evil.example*.we.tl/x__;Lw!!G3vK!Lx0$",
    "https://urldefense.com/v3/__https://evil.example*.we.tl/x__;!!G3vK!Lx0$",  # a star with nothing held: no link
    "https://urldefense.com/v3/__https://evil.example*.we.tl/x__;LyMj!!G3vK!Lx0$",  # more held than stars
    "https://protect-eu.mimecast.com/s/Q3xZCVk8LmT1p9R?domain=we.tl",  # Mimecast's target is on its servers
    "https://link.getmailspring.com/open/6F1D@getmailspring.com?redirect=https%3A%2F%2Fwe.tl%2Fx",  # not its /link/
    "https://clicktime.symantec.com/a/1/3esCKtonICCF-rrs7xQKVLId02g=?d=wUoxAvRabIhx8KgGUdx",  # its opaque form
])
def test_only_the_filters_own_redirects_are_unwrapped(link):
    from intake.core.links import listed_host, url_host, urls_in

    (found,) = urls_in(link)
    assert not listed_host(url_host(found), ("we.tl",)), found


def test_a_colleague_s_mail_forwarded_by_staff_is_no_application_in_the_colleague_s_name():
    msg, d = run(staff_forward("TR: dossier d'intention à relire",
                               "---------- Forwarded message ---------\nDe : Service urbanisme "
                               "<urbanisme@ville-bethune.fr>\nDate : lun.\n\nVoici le dossier d'intention."))
    assert msg.from_addr == DB and d.fate != FILED and d.mail is None


def test_a_forward_of_a_forward_by_a_colleague_is_filed_under_the_applicant():
    msg, d = run(staff_forward("TR: TR: dossier",
                               "-----Original Message-----\nFrom: Accueil <accueil@ville-bethune.fr>\n\nReçu ce matin"
                               "\n\n-----Original Message-----\nFrom: Jean Martin <jean@martin.example>\n\n"
                               "Bonjour, voici notre dossier."))
    assert msg.from_addr == "jean@martin.example" and d.fate == FILED


@pytest.mark.parametrize("url, counts", [
    ("https://we.tl/t-Ab3dEf9hIj", True),
    ("https://wetransfer.com/downloads/4f1c2d/8b7a6c", True),
    ("https://filesender.renater.fr/?s=download&token=0c9d8e7f", True),
    ("https://drive.google.com/drive/folders/1AbCdEfGhIj", True),
    ("https://www.cjoint.com/c/NKElm5Pq8Zx", True),  # a French service, much used by associations
    ("https://app.box.com/s/8h3kq0x2c5v7n9m1", True),
    ("https://1fichier.com/?k3jqyw2p8xz0r5t4n6vb", True),  # the file's key alone, no value
    ("https://wetransfer.com", False),  # a site's home page names no file
    ("https://1fichier.com/?utm_source=signature", False),
    ("https://www.canva.com/", False),
    ("https://www.canva.com/help/", False),
    ("https://wetransfer.com/?utm_campaign=WT_email&utm_source=notify_recipient_email", False),
    ("https://wetransfer.com/legal/terms", False),  # the footer of every notice the site sends
    ("https://wetransfer.com/about", False),
    ("https://help.wetransfer.com/hc/fr/articles/202702393", False),
])
def test_only_links_that_can_lead_to_files_are_visuals(url, counts):
    found = transfer_links(f"Les photos : {url}\n", "", RULES)
    assert bool(found) == counts


@pytest.mark.parametrize("pixels, banner", [((600, 150), True), ((900, 300), True), ((1800, 450), True),
                                            ((1600, 1200), False), ((1920, 1080), False), ((1200, 1600), False),
                                            ((4000, 1000), False), ((12000, 3000), False), ((), False)])
def test_a_picture_wide_and_low_is_a_banner(pixels, banner):
    from intake.core.classify import is_banner

    assert is_banner(Extracted(read=True, pixels=pixels)) == banner


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200f", "\u200b", "\ufeff", "\u00ad"])
def test_a_transfer_link_ends_at_a_bidirectional_or_invisible_character(hidden):
    """The link's text is the piece's name (console, acknowledgement, digest): an override inside it would show
    « https://we.tl/t-AbCdEf123 U+202E fdp.exe » as « …t-AbCdEf123exe.pdf »."""
    raw = samples.email(sender="a@x.example", to=[NB], subject="Candidature",
                        body=f"Nos photos : https://we.tl/t-AbCdEf123{hidden}fdp.exe (valable 7 jours).",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    (link,) = [v for v in verdicts_for(parse_message(raw), RULES, {}) if v.detected_type == "link"]
    assert link.attachment.filename == "lien : https://we.tl/t-AbCdEf123"


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200b", "\n"])
@pytest.mark.parametrize("wrapper", ["https://eur01.safelinks.protection.outlook.com/?url={}&data=05",
                                     "https://clicktime.symantec.com/15sM?u={}",
                                     "https://urldefense.proofpoint.com/v2/url?u={}&d=DwMF",
                                     "https://secure-web.cisco.com/1xYz/{}"])
def test_a_wrapped_transfer_link_shows_no_bidirectional_or_invisible_character_it_decodes(hidden, wrapper):
    """Attacker's review (attack9): the wrapped link is percent-encoded in the filter's redirect, and unwrapping
    decoded it: « %E2%80%AE » gave the piece's name an override the written link may not hold (the test above), the
    console showing « https://we.tl/t-AbCdEf123 U+202E fdp.exe » as « …t-AbCdEf123exe.pdf ». What a browser would not
    send as such stays percent-encoded."""
    from urllib.parse import quote

    target = f"https://we.tl/t-AbCdEf123{hidden}fdp.exe"
    inner = quote(target, safe="")
    if "proofpoint" in wrapper:  # v2: « - » for « % », « _ » for « / »
        inner = inner.replace("-", "%2D").replace("%", "-").replace("-2F", "_")
    raw = samples.email(sender="a@x.example", to=[NB], subject="Candidature",
                        body=f"Nos photos : {wrapper.format(inner)} (valable 7 jours).",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    (link,) = [v for v in verdicts_for(parse_message(raw), RULES, {}) if v.detected_type == "link"]
    assert link.attachment.filename.isprintable() and link.attachment.filename == (
        f"lien : https://we.tl/t-AbCdEf123{quote(hidden)}fdp.exe"), link.attachment.filename


def test_a_proofpoint_v3_link_holding_an_override_apart_shows_it_percent_encoded():
    """The same through Proofpoint's v3 held characters (base64url « 4oCu »: U+202E)."""
    from intake.core.links import unwrap

    assert unwrap("https://urldefense.com/v3/__https://we.tl/t-AbCdEf123*fdp.exe__;4oCu!!Ab12$") == (
        "https://we.tl/t-AbCdEf123%E2%80%AEfdp.exe")


def test_a_link_shown_under_a_dossier_s_file_name_is_for_staff_to_open_not_the_visuals():
    """Gmail's chip for a file over 25 MB, Outlook's OneDrive link, Apple's Mail Drop show the file's name with the
    link (tests/programmail.py): a link named « Dossier d'intention scanné.pdf » was counted as the visuals, the
    case « incomplete, dossier missing » with nobody told to open the link. A link under a photo's name, or under
    none, still counts as the visuals."""
    import programmail as pm

    from intake.core.classify import UNRESOLVED

    msg = parse_message(pm.gmail_big_file("n.bataillon@ville-bethune.fr"))
    for text, html in ((msg.text, msg.html), (msg.text, ""), ("", msg.html)):
        (link,) = transfer_links(text, html, RULES)
        assert link.outcome == UNRESOLVED and link.kind is None, (text, html)
        assert "« Dossier d'intention scanné.pdf » : peut-être dossier d'intention" in link.evidence
    msg = parse_message(pm.gmail_big_file("n.bataillon@ville-bethune.fr", name="IMG_2041.MOV"))
    (link,) = transfer_links(msg.text, msg.html, RULES)
    assert link.outcome == PIECE and link.kind == "visuels"
    (link,) = transfer_links("Les photos : https://we.tl/t-Ab3dEf9hIj\n", "", RULES)
    assert link.outcome == PIECE and link.kind == "visuels"


def test_a_mail_program_s_filelink_block_gives_its_links_as_the_message_s_files_whatever_their_server():
    """Thunderbird's Filelink, BlueMind's and Roundcube's detached files: a link of the block (class cloudfile-name or
    cloudfile-link) is a file of the message; the footer's link to the service, a link before the block, and the same
    markup without the block are not."""
    from intake.core.links import filelink_urls

    own = "https://nuage.asso.example/s/Xk3Lq9PzR7wYv2T"
    block = (f'<p>Voir <a href="https://nuage.asso.example/s/Before" class="cloudfile-name">avant</a></p>'
             '<div id="cloudAttachmentListRoot"><div id="cloudAttachmentListHeader">J’ai lié 1 fichier</div>'
             f'<ul id="cloudAttachmentList"><li class="cloudAttachmentItem"><a href="{own}" class="cloudfile-name">'
             f'Photos.zip</a> <a href="{own}" class="cloudfile-link">{own}</a></li></ul><div id="cloudAttachmentList'
             'Footer">En savoir plus sur <a href="https://nextcloud.com/">Nextcloud</a>.</div></div>')
    assert filelink_urls(block) == {own}
    assert filelink_urls(block.replace("cloudAttachmentListRoot", "attachments")) == frozenset()
    found = transfer_links("", block, RULES)
    assert [v.attachment.filename for v in found] == [f"lien : {own}"] and found[0].kind == "visuels"
    assert transfer_links(f"Nos photos : {own}\n", "", RULES) == []  # the same link in a text, on no listed site


@pytest.mark.parametrize("colleague", ["SECRETARIAT DU MAIRE", "Dupont, Marc"])
@pytest.mark.parametrize("evidence", [TRUSTED, UNTRUSTED])
def test_a_forward_of_a_forward_naming_a_colleague_by_name_alone_is_filed_for_staff(colleague, evidence):
    """Outlook names a sender of its own Exchange organisation without an address (« De : SECRETARIAT DU MAIRE »):
    a forward of what the mayor's office forwarded has that block above the applicant's. This morning's reading stops
    at a forward whose sender line names no address (what is below may be an outsider's text), and the mail was then
    the colleague's own: ignored, its files not even read, the application lost to the service (an attacker's review).
    Now nothing below the block is believed either, and the forward is filed for staff, in review, with no mail."""
    import forwardmail as fm

    raw = fm.outlook_twice(DB, NB, "jeanne@asso.example", colleague=colleague)
    parsed = parse_message(raw)
    assert parsed.forwarded_from == () and parsed.forward_unread == colleague
    msg, d = run(raw, evidence)
    assert msg.from_addr == DB and d.fate == FILED and d.mail is None, d.reason
    assert d.assessment.status == "review" and colleague in d.attention, d.attention
    assert "jeanne@asso.example" not in d.reason + d.attention


@pytest.mark.parametrize("href, host", [
    ("https://w\u0435transfer.com/downloads/8f2a/photos", "xn--wtransfer-g0h.com"),  # a Cyrillic е
    # attack11: « ß » is its own letter to browsers (IDNA 2008); the standard library's IDNA 2003 showed
    # « swisstransfer.com », SwissTransfer's name, for someone else's domain
    ("https://swi\u00dftransfer.com/d/8f2a", "xn--switransfer-x6a.com"),
    ("https://wetransfer.com-downloads-" + "8f2a" * 25 + "@evil.example/photos.zip", "evil.example"),
    ("https://wetransfer.com." + "telechargement-securise." * 5 + "evil.example/photos.zip",
     "wetransfer.com." + "telechargement-securise." * 5 + "evil.example"),
    # attack9: a browser reads a backslash as « / » in an http(s) link: the host ends there, and the rest looked like it
    ("https://evil.example\\.wetransfer.com/downloads/8f2a/photos", "evil.example"),
])
def test_a_filelink_on_any_server_is_named_by_the_host_a_browser_opens(href, host):
    """Attacker's review (attack8): a mail program's Filelink block makes a link to any server a piece, and the piece
    was named « lien : » and the link's first 120 characters, its evidence « lien de transfert de fichiers (host) »: a
    look-alike host in other letters, or a real one pushed past the cut by a long name before « @ » or a long
    subdomain, showed staff a WeTransfer link among the case's pieces. The name gives the host a browser opens, in
    ASCII, and the evidence says that no rule lists that server."""
    html = (f'<div id="cloudAttachmentListRoot"><ul><li><a href="{href}" class="cloudfile-name">Photos.zip</a>'
            '</li></ul></div>')
    (link,) = transfer_links("", html, RULES)
    assert link.attachment.filename.startswith(f"lien : https://{host}/"), link.attachment.filename
    assert link.attachment.content == href.encode("utf-8")
    assert f"({host}, serveur choisi par l'expéditeur" in link.evidence, link.evidence
    short = "https://we.tl/t-AbCdEf123"
    assert transfer_links(f"Photos : {short}\n", "", RULES)[0].attachment.filename == f"lien : {short}"


@pytest.mark.parametrize("robot", ["wordpress@ville-bethune.fr", "www-data@ville-bethune.fr",
                                   "noreply@ville-bethune.fr", "scanner@ville-bethune.fr"])
def test_a_town_address_that_writes_automatically_forwards_nothing(robot):
    """Attacker's review (attack8): the town site's « nous écrire » form (Contact Form 7) sends what anyone types from
    wordpress@ the town's own domain, a town address for the rules (forwarders = *@ville-bethune.fr) and
    authenticated as the town's mail when the site sends through the town's server. A visitor who typed a forward
    block in the form's message (« ---------- Message transféré --------- / De : victime@… ») made it a trusted staff
    forward: filed under the victim, acknowledged to the victim (or joined to any case its subject named, the forward
    vouching for it). Mail from an address that writes automatically is nobody's forward: it is the robot's, filed
    for staff, nobody written to."""
    body = ("Nom : Mallory\nMessage :\n---------- Message transféré ---------\nDe : Victime <victime@gmail.com>\n"
            "Date : lun. 30 nov. 2026 à 10:00\nObjet : Candidature\nÀ : <accueil@ville-bethune.fr>\n\nBonjour\n")
    raw = samples.email(sender=f"Ville de Béthune <{robot}>", to=[NB], subject="Nouveau message du site", body=body,
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf")],
                        headers={"Reply-To": "mallory@evil.example"})
    msg, d = run(raw)
    assert msg.from_addr == robot
    assert d.fate == FILED and d.mail is None and "expéditeur automatique" in d.reason, d.reason


def test_a_copier_s_scan_a_colleague_forwards_is_the_copier_s_until_staff_confirm_the_applicant():
    """Attacker's review (attack8): a copier's scan forwarded by a colleague (trusted) opened its case with the copier's
    address as an applicant « from a trusted forward », whose case is not quiet; since this morning an applicant
    address of a case that is not quiet counts as a person's (origin.vouched_person), so the completion notice, the
    reminders and a decision's notice went to the copier, which nobody reads, and its next scan naming the case was a
    person's reply. The copier's address is a robot's (`robot`), quiet until staff confirm the applicant's."""
    import email as email_pkg
    import email.policy

    from intake.core.addresses import APPLICANT, ROBOT, why_quiet
    from intake.core.effects import AddressOnCase
    from intake.core.filing import effects_of

    scan = samples.email(sender="RICOH MP C3004 <mpc3004@asso.example>", to=["accueil@ville-bethune.fr"],
                         subject="Scan Data from RNP00267398A1B2", body="",
                         attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = "Accueil <accueil@ville-bethune.fr>", NB, "TR: scan"
    outer.set_content("Pour toi, scanné à l'accueil.")
    outer.add_attachment(email_pkg.message_from_bytes(scan, policy=email.policy.default))
    forward = as_original(parse_message(outer.as_bytes()), RULES, WATCHED, NB, TRUSTED)
    msg = forward.msg
    assert forward.by == "accueil@ville-bethune.fr" and msg.from_addr == "mpc3004@asso.example"
    ctx = Context(watched=WATCHED, mailbox_address=NB, system_id="s", forwarded_by=forward.by,
                  forward_evidence=forward.evidence)
    d = decide(msg, verdicts_for(msg, RULES, {a.sha256: Extracted(read=True) for a in msg.attachments}), RULES, ctx)
    assert d.fate == FILED and d.mail is None
    (applicant,) = [e for e in effects_of(d, msg, RULES, ctx) if isinstance(e, AddressOnCase) and e.role == APPLICANT]
    assert applicant.source == ROBOT and why_quiet(applicant.source, False)


def test_a_filelink_to_a_host_of_thousands_of_letters_is_named_in_bounded_time():
    """Attacker's review (attack9): the host of a Filelink (a piece whatever its server) was put in ASCII whole, and
    Punycode's time grows as the square of a label's length, in the poller's own process: one link to a host of 4,000
    Chinese characters in a 12 kB mail cost 6 s, 16,000 a minute and a half, for each link of the message (20 kept).
    No DNS name is over 253 characters nor a label over 63: such a host is shown cut."""
    import time

    label = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(16_000))
    html = "".join(f'<div id="cloudAttachmentListRoot"><ul><li><a href="https://{label}{i}.example/x" '
                   'class="cloudfile-name">Photos.zip</a></li></ul></div>' for i in range(3))
    started = time.process_time()
    links = transfer_links("", html, RULES)
    assert time.process_time() - started < 2 and len(links) == 3
    assert all(len(v.attachment.filename) < 600 and "…" in v.attachment.filename for v in links), links


HORDE = "https://webmail.univ-artois.example/imp/attachment.php?id=6741f2a3b8c9d&u=claire.dumont"


@pytest.mark.parametrize("item", [
    f"1. Dossier d'intention.pdf (38 MB) [application/pdf]\nDownload link: {HORDE}\n",
    # IMP's text is format=flowed, DelSp=Yes, cut at 78: the link alone on the next line, a long name over two
    f"1. Dossier d'intention de l'atelier vélo  \r\nparticipatif.pdf (38 MB) [application/pdf]\r\nDownload link:  "
    f"\r\n{HORDE}\r\n",
    f"2. Dossier d'intention.pdf (38 Mo) [application/pdf]\nLien de téléchargement : {HORDE}\n",  # translated
])
def test_a_horde_linked_attachment_is_a_file_of_the_message_under_the_name_imp_lists(item):
    """Horde's webmail (IMP) keeps a file over its limit on its own server and lists it below the text (« 1. <name>
    (<size>) [<type>] », « Download link: <link> »): a link to the sender's webmail, in no list, asked for as if
    nothing had come (the dossier missing). It is the message's file, under the name IMP gives: a link that seems to
    hold the dossier, for staff to open, not asked of the applicant."""
    from intake.core.links import linked_attachment_urls

    text = f"Bonjour,\n\nNotre candidature.\n\n-----\nPièces jointes:\n\n{item}"
    assert linked_attachment_urls(text) == {HORDE}
    (link,) = transfer_links(text, "", RULES)
    assert link.attachment.filename == f"lien : {HORDE}" and link.also == ("dossier",), link
    assert "Dossier d'intention" in link.evidence and "serveur choisi par l'expéditeur" in link.evidence


@pytest.mark.parametrize("text", [
    f"Voici le dossier : {HORDE}\n",  # the link without IMP's item
    f"> 1. Dossier d'intention.pdf (38 MB) [application/pdf]\n> Download link: {HORDE}\n",  # quoted from another mail
    "1. Dossier d'intention.pdf (38 MB) [application/pdf]\nDownload link: https://evil.example/dossier.php?id=1\n",
])
def test_a_link_outside_horde_s_list_of_linked_attachments_is_no_file_of_the_message(text):
    from intake.core.links import linked_attachment_urls

    assert linked_attachment_urls(text) == frozenset()
    assert transfer_links(text, "", RULES) == []


def test_horde_s_list_of_linked_attachments_is_read_in_bounded_time():
    """Lines shaped like IMP's items, a megabyte of them, none ending as one: read in linear time."""
    import time

    from intake.core.links import linked_attachment_urls

    text = ("1. " + " (" + "a" * 29) * 10 + "\n" + "attachment.php\n"
    started = time.process_time()
    assert linked_attachment_urls(text * 3000) == frozenset()
    assert time.process_time() - started < 2


def _uuencoded(name: str, data: bytes) -> str:
    import binascii

    lines = [binascii.b2a_uu(data[i:i + 45]).decode().rstrip("\n") for i in range(0, len(data), 45)]
    return "\n".join([f"begin 644 {name}", *lines, "`", "end"])


def _outsider_text_carrying_a_mail_in_the_victim_s_name() -> str:
    """An outsider's plain text: their files uuencoded (core/uuencoded.py), and a mail « from » the victim uuencoded
    among them as an .eml, every header of it the outsider's writing."""
    forged = samples.email(sender="Victime <victime@autre.example>", to=["accueil@ville-bethune.fr"], subject="dossier")
    return "\n".join(["Bonjour, voici notre candidature.", "", _uuencoded("dossier.pdf", samples.pdf()),
                      _uuencoded("courrier maire.pdf", samples.pdf("l")), _uuencoded("candidature.eml", forged), ""])


@pytest.mark.parametrize("quoted", [
    "De : Mallory <mallory@evil.example>\nEnvoyé : lundi 30 novembre 2026 17:45\nÀ : d.berteloot@ville-bethune.fr\n"
    f"Cc : {NB}\nObjet : Candidature\n\n",
    "",  # a quoted header no reading knows
])
def test_a_colleague_s_reply_quoting_a_mail_uuencoded_in_an_outsider_s_text_is_staff_mail(quoted):
    """attack26: a reply quotes the text it answers (Outlook without « > »), and uuencoded blocks with it: a mail
    uuencoded in the outsider's text became a mail the colleague's reply carried whole, and the reply (to the
    outsider, the watched mailbox in Cc) a trusted forward: of the outsider, or, with no quoted header read, of the
    victim that mail named, filed under the victim and acknowledged to them."""
    reply = EmailMessage()
    reply["From"], reply["To"], reply["Cc"] = f"Claire Martin <{DB}>", "mallory@evil.example", NB
    reply["Subject"] = "RE: Candidature"
    reply.set_content(f"Bien reçu, merci.\n\nClaire\n\n{quoted}{_outsider_text_carrying_a_mail_in_the_victim_s_name()}")
    msg, d = run(reply.as_bytes())
    assert msg.from_addr == DB and d.mail is None, (msg.from_addr, d.fate, d.reason)


def test_a_mail_uuencoded_in_a_colleague_s_forward_names_nobody():
    """attack26: a colleague's « TR: » in a layout no reading knows (no forward block read) is for staff, nobody
    written to; the outsider's text it carries held a mail « from » the victim, uuencoded: read as the mail the
    colleague forwarded whole, it named the applicant, filed under the victim and acknowledged to them. A mail
    forwarded whole is a MIME part (or an attached file), never text another mail's writer typed."""
    forward = EmailMessage()
    forward["From"], forward["To"], forward["Subject"] = f"Claire Martin <{DB}>", NB, "TR: Candidature"
    forward.set_content("Pour le label.\n\nClaire\n\n" + _outsider_text_carrying_a_mail_in_the_victim_s_name())
    msg, d = run(forward.as_bytes())
    assert msg.from_addr == DB and (d.mail is None or d.mail.to_addr != "victime@autre.example"), (d.fate, d.reason)
    assert "victime@autre.example" not in d.reason or d.mail is None, d.reason


@pytest.mark.parametrize("quoted_header", [True, False])
def test_a_mail_shown_as_a_picture_in_a_colleague_s_reply_is_no_mail_the_reply_carries_whole(quoted_header):
    """attack26: an HTML reply keeps the pictures the mail it quotes shows (« cid: »); an outsider's « picture » whose
    bytes are a mail « from » the victim (its type is sniffed, not declared) was read as a mail the colleague's
    reply-all (the watched mailbox in Cc) carried whole, and the reply a trusted forward: of the outsider, or, with
    no quoted header read, of the victim. A mail forwarded whole is never a picture the HTML shows."""
    forged = samples.email(sender="Victime <victime@autre.example>", to=["accueil@ville-bethune.fr"], subject="dossier",
                           attachments=[("dossier.pdf", samples.pdf(), "application/pdf")])
    header = (f"De : Mallory <mallory@evil.example>\nEnvoyé : lundi 30 novembre 2026 17:45\nÀ : {DB}\n"
              "Objet : Candidature\n\n") if quoted_header else ""
    reply = EmailMessage()
    reply["From"], reply["To"], reply["Cc"] = f"Claire Martin <{DB}>", "mallory@evil.example", NB
    reply["Subject"] = "RE: Candidature"
    reply.set_content(f"Bien reçu, merci.\n\nClaire\n\n{header}Bonjour, voici notre logo.\n")
    shown = header.replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    reply.add_alternative(f"<p>Bien reçu, merci.</p><p>Claire</p><hr>{shown}<p>Bonjour, voici notre logo.</p>"
                          '<img src="cid:logo@evil.example">', subtype="html")
    reply.get_payload()[1].add_related(forged, maintype="image", subtype="png", cid="<logo@evil.example>")
    msg = parse_message(reply.as_bytes())
    assert msg.forwarded_from == () and msg.enclosed == (), msg.forwarded_from
    forward = as_original(msg, RULES, WATCHED, NB, TRUSTED)
    assert forward.by == "" and forward.msg.from_addr == DB
