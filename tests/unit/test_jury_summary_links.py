"""The jury's summary and meeting list are the town's own PDFs: a link an applicant wrote in the project's title
or in a field of the dossier must not be one there (PDF readers, Acrobat's « Create links from URLs », Firefox's
pdf.js, make « www.… » and « https://… » written in a PDF's text clickable)."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from intake.store.tables import Case
from intake.web import export

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
TZ = ZoneInfo("Europe/Paris")


def _case() -> Case:
    return Case(id=1, reference="BSC-2026-0001", year=2026, seq=1, status="admissible", applicant="a@b.fr",
                applicant_name="Jeanne", title="Votez sur www.evil.example/vote",
                received_at=NOW, created_at=NOW, updated_at=NOW,
                fields={"organisation": "Asso https://evil.example/paiement", "criteres": "voir www.evil.example"})


def test_the_jury_summary_and_list_carry_no_link_an_applicant_wrote():
    x = export.CaseExport(case=_case(), pieces=[], fields=[("criteres", "détails sur https://evil.example/x")],
                          status_text="recevable")
    summary = export.case_summary(x, TZ, NOW, lambda k: k)
    meeting = export.index_lines([("catégorie", [("thème", [SimpleNamespace(case=_case())])])], TZ, NOW)
    for text in (summary, meeting):
        assert "www." not in text and "://" not in text, text
        assert "lien evil.example" in text  # the site is still named
    assert "Votez sur lien evil.example" in summary


def test_a_file_named_as_a_link_is_no_link_in_the_summary_and_keeps_its_number_and_extension():
    """« www.evil.example#.pdf » is a file name the ZIP may hold as it is, but in the summary's text a reader made it
    a link to www.evil.example; the summary's number still says which file of the ZIP it is."""
    from intake.store.tables import Piece

    piece = Piece(id=1, case_id=1, kind="courrier", filename="www.evil.example#.pdf", sha256="0" * 64, size=10,
                  detected_type="pdf", created_at=NOW)
    x = export.CaseExport(case=_case(), pieces=[piece], fields=[], status_text="recevable")
    summary = export.case_summary(x, TZ, NOW, lambda k: k)
    line = next(n for n in summary.splitlines() if n.startswith("- 1. "))
    assert "www." not in line and "evil.example" not in line and line.startswith("- 1. courrier — […].pdf ("), line
