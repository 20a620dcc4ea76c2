"""A file smaller than a rule's `min_size` (rules/pieces.toml: photos under 20 Ko, what the iPhone's « Petite » size
makes) was said « document jpg que les règles ne reconnaissent pas » to staff, and only its name to the applicant.
Both now read which file, its size and the size expected, in French (core/classify.py `size_wanted`)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from intake.adapters.templates import Templates
from intake.commands import samples
from intake.commands.rules_check import SAMPLE_SERVICE
from intake.core import mailcontent
from intake.core.classify import UNRESOLVED, classify_attachment, size_wanted, too_small_said
from intake.core.content import Extracted
from intake.core.message import Attachment
from intake.core.rules import parse_rules

ROOT = Path(__file__).resolve().parents[2]
RULES = parse_rules(str(ROOT / "rules" / "pieces.toml"), (ROOT / "rules" / "pieces.toml").read_text(encoding="utf-8"))
VISUELS = "documents complémentaires et visuels"


def _photo(size: int) -> Attachment:
    content = samples.jpeg(size)
    return Attachment(filename="IMG_2041.JPG", content=content, declared_type="image/jpeg", inline=False,
                      referenced_in_html=False, content_id="")


def test_a_photo_under_min_size_says_its_size_and_the_size_expected():
    photo = _photo(12_000)
    assert photo.size < 20_000
    verdict = classify_attachment(photo, RULES, Extracted(read=True))
    assert verdict.outcome == UNRESOLVED
    assert verdict.evidence.startswith(f"fichier trop petit pour être reconnu comme {VISUELS} : ")
    assert "au moins 20 Ko attendus (rules/pieces.toml, min_size)" in verdict.evidence, verdict.evidence
    assert "vérifier" not in verdict.evidence  # staff read it after « document à vérifier — »
    assert "que les règles ne reconnaissent pas" not in verdict.evidence


def test_the_size_wanted_is_that_of_the_type_only_rule():
    assert size_wanted(RULES, "jpg", 12_000) == (VISUELS, 20_000)
    assert size_wanted(RULES, "jpg", 60_000) is None
    assert size_wanted(RULES, "mp4", 50_000) == (VISUELS, 100_000)
    assert size_wanted(RULES, "pdf", 100) is None  # the pdf rules need words or a name: no size alone


def test_sizes_that_round_alike_are_said_in_bytes():
    assert too_small_said(VISUELS, 19_600, 20_000) == (
        f"19 600 octets, trop petit pour être reconnu comme {VISUELS} : au moins 20 000 octets attendus")
    assert too_small_said(VISUELS, 12_345, 20_000) == (
        f"12 Ko, trop petit pour être reconnu comme {VISUELS} : au moins 20 Ko attendus")


def test_the_applicant_reads_which_file_and_what_size_is_expected():
    context = mailcontent.case_mail(
        kind="acknowledgement", reference="BSC-2026-0001", status="review",
        received_at=datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc), tz=ZoneInfo("Europe/Paris"), applicant_name="",
        subject="Candidature", pieces=[("dossier d'intention", "dossier.pdf", 120_000)], unresolved=["IMG_2041.JPG"],
        small={"IMG_2041.JPG": too_small_said(VISUELS, 12_345, 20_000)}, deadline=date(2026, 12, 2),
        service=SAMPLE_SERVICE)
    _, text, html = Templates(ROOT / "templates").render_mail("acknowledgement", context)
    said = (f"IMG_2041.JPG (12 Ko, trop petit pour être reconnu comme {VISUELS} : au moins 20 Ko attendus ; "
            "vous pouvez nous l'envoyer dans sa taille d'origine)")
    assert said in " ".join(text.split()).replace("\u00a0", " "), text
    assert said in " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("\u00a0", " ").replace("&#39;", "'")


def test_staff_read_it_in_a_voir_line_with_the_sizes():
    from intake.core.classify import flagged_files

    verdict = classify_attachment(_photo(12_000), RULES, Extracted(read=True))
    said = flagged_files([verdict], RULES.label)
    assert said.startswith("fichier trop petit pour être reconnu, à vérifier : IMG_2041.JPG ("), said
    assert said.endswith(", au moins 20 Ko attendus)"), said


def test_the_update_names_a_too_small_file_with_the_size_expected():
    """A reply bringing the photo in « Petite » size listed it « document à vérifier : IMG_2041.JPG (12 Ko) »."""
    from intake.core.classify import checked_label

    assert checked_label(RULES, "jpg", 12_000) == (
        f"fichier trop petit pour être reconnu comme {VISUELS} (au moins 20 Ko attendus ; vous pouvez nous "
        "l'envoyer dans sa taille d'origine)")
    assert checked_label(RULES, "pdf", 644) == "document à vérifier"
