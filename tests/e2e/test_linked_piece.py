"""A leftover of the last closing note: an applicant who shares a required piece as a LINK whose name says what it
is (Gmail's chip for a Google Docs document, « Dossier d'intention - Jardins partagés »; Gmail's Drive chip for a file
over 25 MB, « Dossier d'intention scanné.pdf ») had the link « à vérifier », but the acknowledgement listed the
dossier d'intention under « Pièces manquantes »: a real applicant who did send it was told it was missing. Through
real IMAP and SMTP: the acknowledgement says the shared link seems to be the dossier and that the service opens it,
no reminder asks for it, `intake case` and the digest show it to verify, and staff confirm it (the dossier counts) or
deny it (it is asked for, and reminded, as any missing piece)."""

from __future__ import annotations

import re

import programmail as pm
import pytest
import webmail as wm
from test_combined_file import reminders_at

from intake.commands import samples

pytestmark = pytest.mark.both_databases  # what the link seems to hold is the piece's JSON column

DOSSIER = "dossier d'intention"
DOC_NAME = "Dossier d'intention - Jardins partagés"


def _missing_part(text: str) -> str:
    """What the mail lists as missing (« Pièce manquante : », « Il manque la pièce suivante : », up to the request
    to send it)."""
    found = re.search(r"(?:manquantes? :|Il manque [^:]*:)(.*?)Merci de nous faire parvenir", text, re.S)
    return found.group(1) if found else ""


def _apply_with_a_google_doc(intake) -> tuple[dict, int]:
    intake.deliver(wm.gmail_google_doc(intake.nb), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    (link,) = [p for p in intake.case(case["reference"])["piece_files"] if p["type"] == "link"]
    return case, link["id"]


def test_a_dossier_shared_as_a_link_is_not_asked_for_nor_reminded_and_staff_see_it_to_verify(intake, tmp_path):
    case, link = _apply_with_a_google_doc(intake)
    assert case["status"] == "incomplete" and case["pieces"] == ["courrier"], case
    assert case["missing"] == ["dossier", "visuels"] and list(case["included"]) == ["dossier"], case
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "Pièce que le service vérifie :" in text, text  # not « que vous semblez nous avoir déjà envoyée »
    assert (f"{DOSSIER} : semble être le fichier que vous avez partagé par un lien (« {DOC_NAME} ») : le service "
            "ouvre ce lien pour le vérifier (assurez-vous que toute personne disposant du lien peut l'ouvrir)") \
        in text, text
    assert "visuels" in _missing_part(text) and DOSSIER not in _missing_part(text), text  # only the visuals
    html = ack.get_body(("html",)).get_content()
    assert "ouvre ce lien pour le vérifier (assurez-vous que toute personne disposant du lien peut l&#39;ouvrir)" \
        in html or "ouvre ce lien pour le vérifier (assurez-vous que toute personne disposant du lien peut l'ouvrir)" \
        in html, html
    assert DOSSIER not in _missing_part(html), html

    (first,) = reminders_at(intake, 8)  # the visuals she did not send, never the dossier she did
    text = first.get_body(("plain",)).get_content()
    assert "visuels" in _missing_part(text) and DOSSIER not in _missing_part(text), text
    assert "semble être le fichier que vous avez partagé par un lien" in text, text

    code, out = intake.cli("case", case["reference"])
    assert code == 0 and f"{DOSSIER} : semble se trouver derrière le lien n° {link}" in out, out
    assert f"piece {link} --also dossier" in out and "à vérifier : peut-être dossier d'intention" in out, out
    code, out = intake.cli("digest", "--preview", "--html", str(tmp_path / "digest.html"))
    assert code == 0 and f"{DOSSIER} (semble se trouver derrière le lien « {DOC_NAME} » : à vérifier, pas demandé" \
        in out, out

    # staff open the link: it is no dossier; the applicant is asked for it, and reminded
    code, out = intake.cli("case", case["reference"], "piece", str(link), "--not-also", "dossier", "--by", "nadia")
    assert code == 0 and "ne contient pas" in out, out
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["included"] == {}, case
    (second,) = reminders_at(intake, 15)[1:]
    assert DOSSIER in _missing_part(second.get_body(("plain",)).get_content())


def test_staff_confirming_the_link_is_the_dossier_count_it_received(intake):
    case, link = _apply_with_a_google_doc(intake)
    code, out = intake.cli("case", case["reference"], "piece", str(link), "--also", "dossier", "--by", "nadia")
    assert code == 0 and "contient bien « dossier d'intention »" in out and "aussi" not in out, out
    (case,) = intake.cases()
    assert case["pieces"] == ["courrier", "dossier"] and case["missing"] == ["visuels"], case
    assert case["status"] == "incomplete" and case["included"] == {}, case
    code, out = intake.cli("reclassify", "--all")
    assert code == 0, out
    assert intake.cases()[0]["pieces"] == ["courrier", "dossier"]  # what staff said stands under the rules in force

    # the photos come: the case is complete, and the completion notice lists the dossier as the document shared
    (ack,) = intake.sent()
    intake.deliver(samples.email(sender="Sophie Leroy <sophie.leroy62@gmail.example>", to=[intake.nb],
                                 subject=f"RE: [{case['reference']}] Candidature",
                                 attachments=[("jardin.jpg", samples.jpeg(), "image/jpeg")],
                                 headers={"In-Reply-To": ack["Message-ID"]}), intake.nb)
    intake.poll()
    assert intake.cases()[0]["status"] == "complete"
    completion = intake.sent()[-1]
    text = completion.get_body(("plain",)).get_content()
    assert "complet" in completion["Subject"] and f"{DOSSIER} : {DOC_NAME}" in text, text


def test_a_big_dossier_gmail_put_on_drive_is_not_asked_for(intake):
    """Gmail's chip for a file over 25 MB, its name with an extension (« Dossier d'intention scanné.pdf »)."""
    intake.deliver(pm.gmail_big_file(intake.nb), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    text = ack.get_body(("plain",)).get_content()
    assert "partagé par un lien (« Dossier d'intention scanné.pdf »)" in text, text
    assert DOSSIER not in _missing_part(text), text
