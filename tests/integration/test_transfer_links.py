"""Files sent as links by the services applicants use (U12a): Apple Mail Drop writes the link in the HTML part
only; FranceTransfert's notice is pasted in the text. Either one, citing the case's reference, is filed on the
case as its visuals, never ignored as a mail without attachments; a look-alike host is not a transfer site."""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import make_msgid

from localsite import NB

from intake.commands import samples

MAIL_DROP = ("https://www.icloud.com/attachment/?u=https%3A%2F%2Fcvws.icloud-content.com%2FB%2FAZq1kB7Hc3%2F%24%7Bf%7D"
             "%3Fo%3DAtV8%26v%3D1&uk=Xk3sR9yQ2wLm&f=Visite%20atelier.MOV&sz=187654321")
FRANCE_TRANSFERT = ("https://francetransfert.numerique.gouv.fr/download/download-info?enclosure=6f1c2d4e-8b7a-4c3e"
                    "-9d2f-1a5b6c7d8e9f&recipient=bWFyaWVAYXNzby5leGFtcGxl&token=4c8e2a1f-3b5d")


def mail_drop(sender: str, subject: str, text: str, url: str) -> bytes:
    """As Apple Mail sends a Mail Drop: the text part names the file, the HTML part holds the link."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = sender, NB, subject, make_msgid(domain="icloud.com")
    msg.set_content(f"{text}\n\nVisite atelier.MOV (187,7 Mo)\nCliquez pour télécharger\n")
    msg.add_alternative(f"<p>{text}</p><div><a href=\"{url.replace('&', '&amp;')}\">Visite atelier.MOV</a> "
                        "(187,7 Mo)<br>Cliquez pour télécharger</div>", subtype="html")
    return msg.as_bytes()


def case_of(local) -> dict:
    (case,) = json.loads(local.cli("cases", "--json")[1])
    return case


def test_a_mail_drop_or_francetransfert_link_citing_the_reference_is_filed_as_the_visuals(local):
    local.drop("nb", "1.eml", local.application(sender="claire@velo.example", pieces=("dossier", "courrier")))
    assert local.cli("poll")[0] == 0
    ref = case_of(local)["reference"]
    local.drop("nb", "2.eml", mail_drop("claire@velo.example", "Photos Vélo Béthunois",
                                        f"Bonjour, voici les photos pour le dossier {ref}.", MAIL_DROP))
    assert local.cli("poll")[0] == 0
    case = case_of(local)
    assert sorted(case["pieces"]) == ["courrier", "dossier", "visuels"] and case["missing"] == []
    assert "icloud.com/attachment" in case["attention"]  # staff download the files before the link expires

    local.drop("nb", "3.eml", local.application(sender="marc@asso.example", pieces=("dossier", "courrier")))
    assert local.cli("poll")[0] == 0
    (other,) = [c for c in json.loads(local.cli("cases", "--json")[1]) if c["reference"] != ref]
    local.drop("nb", "4.eml", samples.email(sender="marc@asso.example", to=[NB],
                                            subject=f"Dossier {other['reference']}",
                                            body=f"Nos vidéos, par FranceTransfert :\n{FRANCE_TRANSFERT}\n"))
    assert local.cli("poll")[0] == 0
    (after,) = [c for c in json.loads(local.cli("cases", "--json")[1]) if c["reference"] == other["reference"]]
    assert "visuels" in after["pieces"] and after["missing"] == []


def test_a_look_alike_of_a_transfer_site_is_not_a_piece(local):
    local.drop("nb", "1.eml", local.application(sender="claire@velo.example", pieces=("dossier", "courrier")))
    assert local.cli("poll")[0] == 0
    ref = case_of(local)["reference"]
    fake = MAIL_DROP.replace("https://www.icloud.com/", "https://www.icloud.com.photos-partage.example/")
    local.drop("nb", "2.eml", mail_drop("claire@velo.example", f"RE: [{ref}] Photos",
                                        "Bonjour, voici les photos.", fake))
    assert local.cli("poll")[0] == 0
    case = case_of(local)
    assert "visuels" not in case["pieces"] and case["missing"] == ["visuels"]
