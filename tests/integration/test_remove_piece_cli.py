"""`intake case REF piece N --remove`: a file staff added by hand by mistake leaves the case, and the disk when no
other case holds it (the purge's path: the trash, emptied after the commit); the status is recomputed, no mail goes;
a file a mail brought and a case a decision closed are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.commands import samples


@pytest.mark.both_databases
def test_a_file_added_by_mistake_is_removed_and_deleted_once_no_other_case_holds_it(local, tmp_path):
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    local.drop("nb", "2.eml", local.application(sender="b@y.example", pieces=("dossier", "visuels"),
                                                subject="Autre projet"))
    assert local.cli("poll")[0] == 0
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(samples.pdf(samples.LETTER.format(who="Asso")))
    for ref in ("BSC-2026-0001", "BSC-2026-0002"):  # the same scan added to both: one stored file
        assert local.cli("case", ref, "add", str(letter), "--by", "Nadia")[0] == 0
    case = local.case("BSC-2026-0001")
    assert case["status"] == "complete"
    mails = len(local.sent())  # acknowledgements and completion notices
    piece = next(p for p in case["piece_files"] if p["filename"] == "lettre.pdf")
    stored = Path(piece["path"])
    assert stored.is_file()

    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--remove", "--note", "mauvais scan",
                          "--by", "Nadia")
    assert code == 0, out
    assert "BSC-2026-0001 : lettre.pdf retiré du dossier (fichier gardé sur le disque : un autre dossier contient " \
           "le même) ; statut du dossier : incomplet" in out
    assert "Le dossier est désormais incomplet (manque : courrier" in out
    assert "aucun courriel n'a été envoyé au demandeur (l'avis de dossier complet lui avait été adressé)" in out
    case = local.case("BSC-2026-0001")
    assert case["status"] == "incomplete" and case["pieces"] == ["dossier", "visuels"]
    (line,) = [e for e in case["events"] if e["kind"] == "removed"]
    assert line["actor"] == "Nadia" and line["detail"].startswith("lettre.pdf (ajoutée par erreur le ")
    assert line["detail"].endswith(") par Nadia : mauvais scan")
    assert stored.is_file()  # BSC-2026-0002 holds it still
    assert len(local.sent()) == mails

    other = next(p for p in local.case("BSC-2026-0002")["piece_files"] if p["filename"] == "lettre.pdf")
    code, out = local.cli("case", "BSC-2026-0002", "piece", str(other["id"]), "--remove")
    assert code == 0, out
    assert "lettre.pdf retiré du dossier (fichier effacé du disque)" in out
    assert not stored.exists()
    assert local.case("BSC-2026-0002")["status"] == "incomplete"
    assert len(local.sent()) == mails
    code, out = local.cli("purge", "--log")  # who took which case's file off, never the file's name
    assert code == 0 and out.count("pièce ajoutée à la main par erreur, retirée du dossier") == 2, out
    assert "BSC-2026-0002 : pièce ajoutée à la main par erreur, retirée du dossier ; 1 fichier" in out
    assert "lettre.pdf" not in out


@pytest.mark.both_databases
def test_a_file_a_mail_brought_and_a_closed_case_are_refused_and_nothing_changes(local, tmp_path):
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    assert local.cli("poll")[0] == 0
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(samples.pdf(samples.LETTER.format(who="Asso")))
    assert local.cli("case", "BSC-2026-0001", "add", str(letter))[0] == 0
    before = local.case("BSC-2026-0001")
    photo = next(p for p in before["piece_files"] if p["kind"] == "visuels")
    code, out = local.cli("case", "BSC-2026-0001", "piece", photo["filename"], "--remove")
    assert code == 1 and "est arrivé par courriel : c'est une pièce envoyée par le demandeur" in out
    assert f"(intake case BSC-2026-0001 piece {photo['id']} --kind aucune)" in out and "Traceback" not in out
    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--kind", "aucune", "--remove")
    assert code == 2 and "donnez une seule de ces options" in out
    assert local.case("BSC-2026-0001") == before
    assert local.cli("case", "BSC-2026-0001", "status", "declined", "--note", "hors champ")[0] == 0
    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--remove")
    assert code == 1 and "BSC-2026-0001 est clos par une décision (refusé) : aucune pièce ne peut plus en être " \
                         "retirée" in out
    case = local.case("BSC-2026-0001")
    assert case["pieces"] == before["pieces"] and Path(case["piece_files"][-1]["path"]).is_file()
