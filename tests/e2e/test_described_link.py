"""A reviewer's real applicant mail: the dossier and the letter shared as links DESCRIBED IN WORDS (« Le dossier
d'intention (Google Drive) : <lien> », « Courrier au maire : » then the link), whose addresses name no file, and a
photo attached. Both links were counted as the visuals and the acknowledgement listed the dossier and the letter under
« Pièces manquantes », to an applicant who had sent them. Through real IMAP and SMTP: the acknowledgement asks for
neither, says the service opens the links to check them, and staff see each link to verify as the piece its words
name (tests/unit/test_described_links.py for the rule)."""

from __future__ import annotations

import wordlinkmail as wl
from test_linked_piece import _missing_part

DOSSIER, COURRIER = "dossier d'intention", "courrier officiel adressé au Maire"


def test_links_described_as_the_dossier_and_the_letter_are_not_asked_for_again(intake, tmp_path):
    intake.deliver(wl.thunderbird_described_links(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["pieces"] == ["visuels"] and sorted(case["included"]) == ["courrier", "dossier"], case
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "Pièces manquantes" not in text and not _missing_part(text), text
    assert "Pièces que le service vérifie :" in text, text
    for label in (DOSSIER, COURRIER):
        assert (f"  - {label} : semble être le fichier que vous avez partagé par un lien : le service ouvre ce lien "
                "pour le vérifier") in text, text
    html = ack.get_body(("html",)).get_content()
    assert "Pièces manquantes" not in html and not _missing_part(html), html

    code, out = intake.cli("case", case["reference"])
    assert code == 0 and f"[à vérifier : peut-être {DOSSIER}] lien : {wl.DRIVE}" in out, out
    assert f"[à vérifier : peut-être {COURRIER}] lien : {wl.ONEDRIVE}" in out, out
    eml = tmp_path / "described.eml"
    eml.write_bytes(wl.thunderbird_described_links(intake.nb))
    code, out = intake.cli("explain", str(eml))
    assert code == 0 and (f"-> semble être : {DOSSIER} (à vérifier) : document partagé par un lien (drive.google.com) "
                          "; d'après les mots du message qui le présentent, « Le dossier d'intention (Google Drive) », "
                          f"il contient : {DOSSIER} ; resté sur le site") in out, out
