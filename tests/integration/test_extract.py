"""Reading inside files with the real libraries and Debian's OCR tools."""

import documents as d
import pytest

from intake.adapters.extract import extract, ocr_available
from intake.core.text import fold


def test_text_comes_out_of_docx_odt_and_text_pdf():
    for content, kind in ((d.docx(d.DOSSIER_LINES), "docx"), (d.odt(d.DOSSIER_LINES), "odt"),
                          (d.pdf_text(d.DOSSIER_LINES, pages=3), "pdf")):
        e = extract(content, kind)
        assert "titre du projet" in fold(e.text) and not e.error, kind
    assert extract(d.pdf_text(d.DOSSIER_LINES, pages=3), "pdf").pages == 3


def test_form_fields_come_out_of_a_fillable_pdf():
    e = extract(d.pdf_form({"Titre du projet": "Vélos partagés"}), "pdf")
    assert e.form_fields == {"Titre du projet": "Vélos partagés"}


def test_a_scanned_letter_is_read_by_ocr_in_french():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (tesseract-ocr-fra, poppler-utils)")
    e = extract(d.scan_pdf(d.LETTER_LINES), "pdf")
    assert e.method == "pdf-ocr" and "monsieur le maire" in fold(e.text) and "solliciter" in fold(e.text)


def test_without_ocr_a_scan_says_so_instead_of_guessing(monkeypatch):
    monkeypatch.setenv("INTAKE_OCR", "off")
    e = extract(d.scan_pdf(d.LETTER_LINES), "pdf")
    assert e.ocr_unavailable and e.text.strip() == ""
    assert extract(d.photo_of_page(d.LETTER_LINES), "jpg").ocr_unavailable


def test_an_encrypted_pdf_is_reported_not_read():
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(d.pdf_text(d.LETTER_LINES))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    assert extract(out.getvalue(), "pdf").encrypted


def test_broken_files_give_an_error_not_an_exception():
    for kind in ("pdf", "docx", "odt"):
        e = extract(b"%PDF-1.4 garbage \x00\x01" if kind == "pdf" else b"PK\x03\x04 garbage", kind)
        assert e.error and kind in e.error, kind


def test_a_macro_document_is_flagged():
    import io
    import zipfile

    source = io.BytesIO(d.docx(d.DOSSIER_LINES))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    assert extract(out.getvalue(), "docx").macros
