"""A file staff added by mistake from the case's page (the wrong scan, another applicant's letter) is taken off again
by the « Retirer » of its row, once confirmed: gone from the case and the disk, the status recomputed, nothing written
to the applicant and staff told so; a file the applicant's mail brought offers no such button and is refused."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from intake.commands import samples

from .conftest import GARDEN_DOSSIER, GARDEN_PHOTO, csrf_of, garden_case

DOSSIER = GARDEN_DOSSIER
PHOTO = GARDEN_PHOTO
LETTER = samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label")


def test_a_letter_added_by_mistake_is_removed_from_its_row_and_the_disk(console, page, tmp_path):
    intake = console.intake
    ref = garden_case(intake, DOSSIER, PHOTO)
    scan = tmp_path / "Courrier de M. Autre.pdf"
    scan.write_bytes(LETTER)
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_text("Ajouter des pièces reçues autrement").click()
    page.get_by_label("Fichiers reçus").set_input_files([str(scan)])
    page.get_by_role("button", name="Ajouter les pièces").click()
    expect(page.get_by_role("status")).to_contain_text("1 pièce ajoutée")
    added = intake.case(ref)
    assert added["status"] == "complete"
    piece = next(p for p in added["piece_files"] if p["filename"] == scan.name)
    photo = next(p for p in added["piece_files"] if p["kind"] == "visuels")
    assert Path(piece["path"]).is_file()

    expect(page.locator("details.remove-piece")).to_have_count(1)  # the mail's files offer none
    page.locator("details.remove-piece summary").click()
    page.get_by_label("Pourquoi le retirer").fill("lettre d'un autre demandeur")
    page.get_by_role("button", name=f"Retirer ce fichier : {scan.name}").click()  # unconfirmed: the browser stops
    assert intake.case(ref)["pieces"] == added["pieces"]
    page.get_by_label(f"Je confirme : retirer {scan.name} du dossier").check()
    page.get_by_role("button", name=f"Retirer ce fichier : {scan.name}").click()

    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{scan.name} retiré du dossier ; il est effacé du disque. Statut du dossier : "
                                   "incomplet (manque : courrier officiel adressé au Maire). Aucun courriel n'a été "
                                   "envoyé au demandeur")
    assert status.inner_text().count("incomplet") == 1  # the status said once
    expect(page.locator("section[aria-labelledby=h-history]")).to_contain_text(
        f"{scan.name} (ajoutée par erreur le ")
    expect(page.locator("section[aria-labelledby=h-history]")).to_contain_text(
        f"par {console.staff} : lettre d'un autre demandeur")
    done = intake.case(ref)
    assert done["status"] == "incomplete" and done["pieces"] == ["dossier", "visuels"]
    assert not Path(piece["path"]).exists()

    client = console.signed_in_http()  # a forged form for the mail's photo
    csrf = csrf_of(client.get(f"/cases/{ref}").text)
    assert client.post(f"/cases/{ref}/pieces/{photo['id']}/remove", {"csrf": csrf}).status == 303
    assert "Cochez la case de confirmation pour retirer ce fichier" in client.get(f"/cases/{ref}").text
    assert client.post(f"/cases/{ref}/pieces/{photo['id']}/remove", {"csrf": csrf, "confirm": "1"}).status == 303
    shown = client.get(f"/cases/{ref}").text
    assert "Fichier non retiré" in shown and "est arrivé par courriel" in shown
    assert intake.case(ref)["pieces"] == ["dossier", "visuels"] and Path(photo["path"]).is_file()
