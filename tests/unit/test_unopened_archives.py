"""An application sent as one archive intake does not open (.7z, .rar, .tar.gz): the case's mails keep asking for the
missing pieces (true until staff open it) and say why, and how to have the application checked at once. Which files
count (core/classify.py `unopened_archives`), and what the project's templates say (rendered with Jinja2, no server)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.adapters.templates import Templates
from intake.commands.rules_check import SAMPLE_SERVICE
from intake.core import mailcontent
from intake.core.classify import unopened_archives
from intake.core.mailcontent import Wanted

TEMPLATES = Templates(Path(__file__).resolve().parents[2] / "templates")
ALL = [Wanted("dossier d'intention"), Wanted("courrier officiel adressé au Maire"),
       Wanted("documents complémentaires et visuels", plural=True)]


def test_an_archive_not_opened_here_and_not_yet_named_by_staff_is_one():
    files = [("Candidature.7z", "7z", True), ("dossier.tar.gz", "gz", True), ("Dossier.rar", "rar", True),
             ("scan_0001.pdf", "pdf", True),  # a document to check, no archive
             ("photos.zip", "zip", True),  # a ZIP is opened here: never one
             ("Lettre.7z", "7z", False),  # staff said what it holds (or that it is no piece): no longer one
             ("Candidature.7z", "7z", True)]  # the same name twice is named once
    assert unopened_archives(files) == ("Candidature.7z", "dossier.tar.gz", "Dossier.rar")
    assert unopened_archives([("a.pdf", "pdf", True)]) == ()


def _render(kind: str, missing, archives=(), status="review", others=()) -> tuple[str, str]:
    context = mailcontent.case_mail(
        kind=kind, reference="BSC-2026-0007", status=status,
        received_at=datetime(2026, 11, 30, 8, 5, tzinfo=timezone.utc), tz=ZoneInfo("Europe/Paris"), applicant_name="",
        subject="Candidature", pieces=[],
        new_pieces=[("document à vérifier", a, 2_000_000) for a in [*archives, *others]],
        missing=missing, unresolved=[*archives, *others], archives=list(archives), deadline=date(2026, 12, 14),
        service=SAMPLE_SERVICE)
    _, text, html = TEMPLATES.render_mail(kind, context)
    plain = " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())
    return " ".join(re.sub(r"(?m)^ *- ", "", text).split()), re.sub(r" ([.,])", r"\1", plain)


@pytest.mark.parametrize("kind", ["acknowledgement", "update"])
def test_the_mail_says_the_archive_is_opened_by_staff_and_how_to_be_checked_at_once(kind):
    for part in _render(kind, ALL, ["Candidature.7z"]):
        assert "manquantes à ce jour : " in part, part
        assert ("Votre fichier « Candidature.7z » est une archive dans un format que notre système ne peut pas ouvrir "
                "automatiquement (il n'ouvre que les archives ZIP). Nos services vont l'ouvrir et vérifier si elle "
                "contient ces pièces : si c'est le cas, vous n'avez rien à renvoyer. Sinon, merci de nous faire "
                "parvenir ces pièces avant le lundi 14 décembre 2026.") in part, part
        assert ("Pour que votre dossier soit vérifié tout de suite, vous pouvez aussi nous envoyer ces pièces en "
                "fichiers séparés (PDF, scans ou photos) ou dans une archive ZIP") in part, part
        assert "sans modifier l'objet" in part, part
        # one request, not two that contradict each other
        assert "Merci de nous faire parvenir" not in part and "en y joignant les pièces manquantes" not in part, part


def test_several_archives_and_one_piece_missing_agree():
    for part in _render("acknowledgement", [ALL[1]], ["a.7z", "b.rar"]):
        assert ("Vos fichiers « a.7z », « b.rar » sont des archives dans un format que notre système ne peut pas "
                "ouvrir automatiquement") in part, part
        assert "Nos services vont les ouvrir et vérifier si elles contiennent cette pièce" in part, part
        assert "Pièce manquante à ce jour : courrier officiel adressé au Maire" in part, part
        assert "vous pouvez aussi nous envoyer cette pièce en fichiers séparés" in part, part


@pytest.mark.parametrize("kind", ["acknowledgement", "update"])
def test_without_such_an_archive_nothing_of_it_is_said(kind):
    for part in _render(kind, ALL, status="incomplete"):
        assert "archive" not in part and "à ce jour" not in part, part
        assert "Merci de nous faire parvenir ces pièces avant le lundi 14 décembre 2026" in part, part


@pytest.mark.parametrize("kind", ["acknowledgement", "update"])
def test_files_to_identify_may_be_the_missing_pieces_and_the_mail_says_so(kind):
    """iPhone photos nobody could read yet are « à vérifier »: the mail asking for the visuels says they may be among
    them, as it does for an archive (before, it asked for them flatly, and the applicant sent them again)."""
    for part in _render(kind, [ALL[2]], others=["IMG_0001.HEIC", "IMG_0002.HEIC"]):
        assert ("Nos services vont vérifier si les documents reçus à vérifier contiennent ces pièces : "
                "si c'est le cas, vous n'avez rien à renvoyer. Sinon, merci de nous faire parvenir ces pièces "
                "avant le lundi 14 décembre 2026") in part, part
        assert "archive" not in part and "Merci de nous faire parvenir" not in part, part
        assert "reviendront vers vous si nécessaire" not in part, part  # said once, not twice
    for part in _render(kind, [ALL[1]], others=["scan.pdf"]):
        assert "si le document reçu à vérifier contient cette pièce : si c'est le cas" in part, part


def test_an_archive_keeps_its_own_words_beside_other_files_to_check():
    for part in _render("acknowledgement", ALL, ["Candidature.7z"], others=["scan.pdf"]):
        assert "Nos services vont l'ouvrir et vérifier si elle contient ces pièces" in part, part
        assert "les documents reçus à vérifier contiennent" not in part, part
        assert "Nos services vont vérifier les documents reçus et reviendront vers vous si nécessaire" in part, part


def test_nothing_to_identify_nothing_said_of_it():
    for part in _render("acknowledgement", ALL, status="incomplete"):
        assert "à vérifier contien" not in part, part
