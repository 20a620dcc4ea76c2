"""Reading inside files with the real libraries and Debian's OCR tools (tesseract-ocr-fra, poppler-utils)."""

import codecs
import io
import random
import shutil
import stat
import time
import zipfile

import documents as d
import pytest

from intake.adapters.extract import extract
from intake.adapters.ocr import ocr_available
from intake.adapters.readlimits import MAX_TEXT
from intake.core.content import Extracted
from intake.core.sniff import detect_type
from intake.core.text import fold


def read(content: bytes, **kw):
    return extract(content, detect_type(content), **kw)


@pytest.fixture
def needs_ocr():
    if not ocr_available():
        pytest.fail("OCR is not installed: run `bash scripts/test.sh` (tesseract-ocr-fra, poppler-utils)")


@pytest.fixture
def fake_tools(tmp_path, monkeypatch):
    """Set PATH to a new folder holding only the given programs (shell scripts): missing or hanging tools.

    fake_tools() leaves no program at all; fake_tools(tesseract="echo fra") one. Each call is a new
    folder, so that what ocr_available() remembers per PATH does not leak from one call to the next."""
    calls = []

    def make(**scripts: str) -> None:
        folder = tmp_path / f"bin{len(calls)}"
        folder.mkdir()
        calls.append(folder)
        for name, script in scripts.items():
            path = folder / name
            path.write_text("#!/bin/sh\n" + script + "\n")
            path.chmod(path.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("PATH", str(folder))

    return make


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """Where the extractor's temporary folders go, to check they are removed."""
    import tempfile

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


# --------------------------------------------------------------------------- text documents
def test_text_comes_out_of_docx_odt_and_text_pdf():
    for content, kind in ((d.docx(d.DOSSIER_LINES), "docx"), (d.odt(d.DOSSIER_LINES), "odt"),
                          (d.pdf_text(d.DOSSIER_LINES, pages=3), "pdf")):
        e = extract(content, kind)
        assert "titre du projet" in fold(e.text) and not e.error, kind
    assert extract(d.pdf_text(d.DOSSIER_LINES, pages=3), "pdf").pages == 3


def test_a_long_pdf_is_read_up_to_max_pages_and_says_it_was_cut():
    e = read(d.pdf_text(d.DOSSIER_LINES, pages=12), max_pages=5)
    assert e.pages == 12 and e.truncated and e.method == "pdf-text"
    assert e.text.count("Titre du projet") == 5


def test_form_fields_come_out_of_a_fillable_pdf():
    e = extract(d.pdf_form({"Titre du projet": "Vélos partagés"}), "pdf")
    assert e.form_fields == {"Titre du projet": "Vélos partagés"}


def test_word_forms_give_their_content_controls_and_legacy_fields():
    content = d.docx_form(controls={"Titre du projet": "Jardins partagés"}, legacy={"Structure": "Les Jardins"},
                          checkboxes={"Catégorie 1": True, "Catégorie 2": False}, paragraphs=["Dossier d'intention"])
    e = read(content)
    assert e.method == "docx" and not e.error
    assert e.form_fields == {"Titre du projet": "Jardins partagés", "Structure": "Les Jardins", "Catégorie 1": "X"}
    assert "Titre du projet : Jardins partagés" in e.text and "Structure : Les Jardins" in e.text


def test_word_text_in_block_controls_text_boxes_tables_and_headers_is_read_once_in_order():
    w = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' \
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' \
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    body = (
        '<w:sdt><w:sdtPr><w:alias w:val="Description"/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>Des capteurs dans les jardins</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        f'<w:p><w:r><w:t>Avant la boîte</w:t></w:r><w:r><mc:AlternateContent {w}><mc:Choice Requires="wps">'
        '<w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Texte dans une zone de texte</w:t></w:r></w:p>'
        '</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>'
        '<w:p><w:r><w:t>Texte dans une zone de texte</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Titre du projet</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:p><w:r><w:t>Jardins</w:t></w:r></w:p><w:p><w:r><w:t>connectés</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '<w:sdt><w:sdtPr><w:tag w:val="Budget"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r>'
        '<w:t>Cliquez ici pour entrer du texte.</w:t></w:r></w:p></w:sdtContent></w:sdt>')
    document = d.docx_xml(body, ["Premier paragraphe"])
    with_header = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(document)) as zin, zipfile.ZipFile(with_header, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/footer1.xml", f'<w:ftr xmlns:w="{d.W_NS}"><w:p><w:r><w:t>Mairie de Béthune</w:t>'
                                          '</w:r></w:p></w:ftr>')
    e = read(with_header.getvalue())
    assert e.text.splitlines() == ["Premier paragraphe", "Des capteurs dans les jardins", "Avant la boîte",
                                   "Texte dans une zone de texte", "Titre du projet\tJardins connectés",
                                   "Cliquez ici pour entrer du texte.", "Mairie de Béthune"]
    assert e.form_fields == {"Description": "Des capteurs dans les jardins"}  # the placeholder is not a value


def test_libreoffice_forms_give_their_controls_and_input_fields_in_reading_order():
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    e = read(d.odt_form({"titre": "Vélos partagés"}, ["Dossier d'intention"], inputs={"Structure": "Les Jardins"}))
    assert e.form_fields == {"titre": "Vélos partagés", "Structure": "Les Jardins"}
    assert e.text.splitlines() == ["Dossier d'intention", "Structure : Les Jardins"]
    document = OpenDocumentText()
    for element in (H(outlinelevel=1, text="1. Le projet"), P(text="Des jardins"), H(outlinelevel=1, text="2. Budget")):
        document.text.addElement(element)
    out = io.BytesIO()
    document.write(out)
    assert read(out.getvalue()).text.splitlines() == ["1. Le projet", "Des jardins", "2. Budget"]


def test_slides_rtf_and_plain_text_are_read():
    e = read(d.pptx(["Jardins partagés connectés", "Plan de situation"]))
    assert (e.method, e.pages) == ("pptx", 2) and e.text.index("Jardins partagés") < e.text.index("Plan de situation")
    e = read(d.rtf(["Monsieur le Maire,", "J'ai l'honneur de solliciter le label Béthune Smart City"]))
    assert e.method == "rtf" and "solliciter le label Béthune" in e.text
    e = read(("é" * (MAX_TEXT + 10)).encode("utf-8"))
    assert e.method == "txt" and e.truncated and len(e.text) == MAX_TEXT


def test_a_text_file_saved_in_windows_1252_is_read_with_its_accents():
    """Notepad's « ANSI »: each accented letter was U+FFFD, and « écologie », « créativité » matched no word of the
    rules (the criteria, core/fields.py; the pieces' words)."""
    e = read("Dossier d'intention\r\nProjet : Jardins partagés de Béthune\r\nCritères : écologie, créativité\r\n"
             .encode("cp1252"))
    assert e.method == "txt" and "Jardins partagés de Béthune" in e.text and "écologie, créativité" in e.text
    assert "ecologie, creativite" in fold(e.text)


def test_a_text_file_saved_as_notepads_unicode_is_read():
    """Notepad's « Unicode » (UTF-16 with its byte-order mark, big- or little-endian): its zero bytes made it
    « unknown », never read, and the dossier in it unseen."""
    text = "Dossier d'intention\r\nTitre du projet : Jardins partagés de Béthune\r\nCritères : écologie\r\n"
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        raw = bom + text.encode(codec)
        assert detect_type(raw) == "txt"
        e = read(raw)
        assert e.method == "txt" and "Titre du projet : Jardins partagés de Béthune" in e.text, e
    assert detect_type(codecs.BOM_UTF16_LE + bytes(range(256))) == "unknown"  # binary after the mark: no text


def test_old_word_files_need_antiword_and_a_broken_one_is_an_error(fake_tools):
    broken = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000
    if shutil.which("antiword"):
        e = extract(broken, "doc")  # the real antiword
        assert e.method == "doc" and e.error and not e.text
    fake_tools()
    e = extract(broken, "doc")
    assert e.method == "none" and "antiword" in e.error
    fake_tools(antiword="echo 'Texte du dossier'")
    assert extract(broken, "doc").text.strip() == "Texte du dossier"


# --------------------------------------------------------------------------- protected, macro, broken
def test_an_encrypted_pdf_is_reported_not_read():
    assert read(d.pdf_encrypted(d.LETTER_LINES)).encrypted
    assert read(d.pdf_encrypted(d.LETTER_LINES, algorithm="RC4-128")).encrypted


def test_a_pdf_that_opens_without_password_is_read():
    e = read(d.pdf_encrypted(d.LETTER_LINES, user_password=""))  # "permissions" only, AES-256 (Acrobat's)
    assert not e.encrypted and "monsieur le maire" in fold(e.text)


def test_password_protected_office_and_libreoffice_files_are_encrypted():
    # Office writes a protected DOCX/XLSX as an OLE file holding an "EncryptedPackage" stream
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 500
    assert extract(ole, detect_type(ole)).encrypted and extract(ole, "doc").encrypted
    protected = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(d.odt(["x"]))) as zin, zipfile.ZipFile(protected, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "META-INF/manifest.xml":  # what LibreOffice writes for a protected file
                data = data.replace(b'"content.xml" manifest:media-type="text/xml"/>',
                                    b'"content.xml" manifest:media-type="text/xml"><manifest:encryption-data/>'
                                    b'</manifest:file-entry>')
            zout.writestr(item, data)
    assert read(protected.getvalue()).encrypted


def with_entry(document: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(document)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr(name, data)
    return out.getvalue()


def test_macro_documents_are_flagged():
    assert read(with_entry(d.docx(d.DOSSIER_LINES), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")).macros
    assert read(with_entry(d.pptx(["Visuels"]), "ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0")).macros
    assert read(with_entry(d.odt(["x"]), "Basic/Standard/Module1.xml", b"<module/>")).macros
    assert not read(d.docx(d.DOSSIER_LINES)).macros
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "_VBA_PROJECT_CUR".encode("utf-16-le") + b"\0" * 500
    assert extract(ole, "xls").macros and extract(ole, "unknown").macros


def test_broken_files_give_an_error_not_an_exception():
    for kind in ("pdf", "docx", "odt", "pptx", "odp"):
        e = extract(b"%PDF-1.4 garbage \x00\x01" if kind == "pdf" else b"PK\x03\x04 garbage", kind)
        assert e.error and kind in e.error, kind


def test_a_document_that_is_a_decompression_bomb_is_refused_quickly_in_bounded_memory():
    import tracemalloc

    for document, part in ((d.docx(["x"]), "word/document.xml"), (d.odt(["x"]), "content.xml"),
                           (d.pptx(["x"]), "ppt/slides/slide1.xml")):
        bomb = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(document)) as zin, zipfile.ZipFile(bomb, "w") as zout:
            for item in zin.infolist():
                if item.filename == part:
                    zout.writestr(part, b" " * 300_000_000, compress_type=zipfile.ZIP_DEFLATED)
                else:
                    zout.writestr(item, zin.read(item))  # as it was (an ODF's mimetype stays stored)
        tracemalloc.start()
        started = time.process_time()
        e = read(bomb.getvalue())
        elapsed, peak = time.process_time() - started, tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert "trop volumineux" in e.error and elapsed < 5 and peak < 50_000_000, part


ODF_CHART = b"application/vnd.oasis.opendocument.chart"


def _odt_with(parts: dict[str, bytes], listed: tuple[str, ...] = ()) -> bytes:
    """The ODT « x » with these parts added or replaced; `listed`: entries added to its manifest, for odfpy to load."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(d.odt(["x"]))) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "META-INF/manifest.xml":
                data = data.replace(b"</manifest:manifest>", b"".join(
                    b'<manifest:file-entry manifest:full-path="%s" manifest:media-type="%s"/>'
                    % (name.encode(), ODF_CHART if name.endswith("/") else b"text/xml")
                    for name in listed) + b"</manifest:manifest>")
            if item.filename not in parts:
                zout.writestr(item, data)
        for name, data in parts.items():
            zout.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_an_odf_document_s_other_xml_parts_are_bounded_as_its_content_is():
    """odfpy parses meta.xml, settings.xml and each embedded object's parts (« Object 1/content.xml ») into one tree
    in memory besides content.xml and styles.xml, which alone were bounded: a 140 KB ODT whose meta.xml held 58 MB of
    keywords took 42 s and 1.8 GB to read (its worker's whole time and memory for a larger one), where content.xml
    so large is refused at once. The XML odfpy would parse is bounded together."""
    keywords = b"<meta:keyword>x</meta:keyword>" * 700_000  # 21 MB, a few tens of KB compressed
    meta = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2"><office:meta>'
            + keywords + b"</office:meta></office:document-meta>")
    paragraphs = b"<text:p>x</text:p>" * 300_000  # 5.4 MB each, eight of them
    chart = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
             b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
             b"<office:text>" + paragraphs + b"</office:text></office:body></office:document-content>")
    objects = {f"Object {n}/content.xml": chart for n in range(1, 9)}
    for document in (_odt_with({"meta.xml": meta}),
                     _odt_with(objects, listed=tuple(f"Object {n}/" for n in range(1, 9)) + tuple(objects))):
        assert len(document) < 1_000_000
        started = time.process_time()
        e = read(document, ocr=False)
        assert "trop volumineux" in e.error and time.process_time() - started < 3, e
    assert read(d.odt(["Dossier d'intention"]), ocr=False).text.strip() == "Dossier d'intention"


def test_a_word_file_s_margins_and_a_deck_s_slides_are_bounded_together():
    """Each header, footer or slide was bounded alone (MAX_PART_BYTES): a 555 KB DOCX of nine 20 MB headers took 31 s
    to read. The parts a reader parses are bounded together, as one part is."""
    paragraphs = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 360_000  # 12 MB, under the bound of one part
    header = f'<w:hdr xmlns:w="{d.W_NS}">'.encode() + paragraphs + b"</w:hdr>"
    shapes = b"<a:p><a:r><a:t>x</a:t></a:r></a:p>" * 360_000
    slide = (b'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
             b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody>'
             + shapes + b"</p:txBody></p:sp></p:spTree></p:cSld></p:sld>")
    for base, parts in ((d.docx(["x"]), {"word/header1.xml": header, "word/header2.xml": header}),
                        (d.pptx(["x"]), {"ppt/slides/slide1.xml": slide, "ppt/slides/slide2.xml": slide})):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                if item.filename not in parts:
                    zout.writestr(item, zin.read(item))
            for name, data in parts.items():
                zout.writestr(name, data)
        started = time.process_time()
        e = read(out.getvalue(), ocr=False)
        assert "trop volumineux" in e.error and time.process_time() - started < 3, e
    assert "Dossier" in read(d.docx(["Dossier d'intention"]), ocr=False).text
    assert "Dossier" in read(d.pptx(["Dossier d'intention"]), ocr=False).text


def test_truncated_and_random_files_give_an_error_never_an_exception_nor_invented_text():
    samples = [d.pdf_text(d.DOSSIER_LINES), d.pdf_form({"a": "b"}), d.docx_form({"a": "b"}), d.odt_form({"a": "b"}),
               d.pptx(["a"]), d.scan_pdf(["a"])]
    for content in samples:
        kind = detect_type(content)
        for cut in (len(content) // 3, len(content) // 2, len(content) - 30):
            e = extract(content[:cut], kind, ocr=False)
            assert e.error and kind in e.error and not e.text and not e.form_fields, (kind, cut)
    cut_rtf = extract(d.rtf(["a"])[:20], "rtf", ocr=False)
    assert isinstance(cut_rtf, Extracted) and len(cut_rtf.text) < 20
    rnd = random.Random(11)
    for kind in ("pdf", "docx", "pptx", "xlsx", "odt", "ods", "doc"):
        e = extract(rnd.randbytes(30_000), kind, ocr=False)
        assert e.error and not e.text and not e.form_fields, kind
    for kind in ("rtf", "xls", "txt", "jpg", "png", "zip"):
        e = extract(rnd.randbytes(30_000), kind, ocr=False)
        assert isinstance(e, Extracted) and len(e.text) <= MAX_TEXT and not e.form_fields, kind


# --------------------------------------------------------------------------- OCR
def test_a_scanned_letter_is_read_by_ocr_in_french(needs_ocr, temp_root):
    e = extract(d.scan_pdf(d.LETTER_LINES), "pdf")
    assert e.method == "pdf-ocr" and "monsieur le maire" in fold(e.text) and "solliciter" in fold(e.text)
    assert not e.error and list(temp_root.iterdir()) == []


def test_ocr_stops_at_max_pages(needs_ocr):
    e = read(d.scan_pdf(d.LETTER_LINES, pages=3), max_pages=2)
    assert e.pages == 3 and e.truncated and fold(e.text).count("j'ai l'honneur") == 2


def test_every_page_of_a_copier_s_group_4_tiff_is_read(needs_ocr):
    """A copier's black-and-white « TIFF multipage » scan (CCITT group 4: 15 kB for two pages): it was under the
    bytes of a page's photo, never OCR'd, and only its first page would have been; the letter on page 2 was lost."""
    scan = d.scan_tiff([d.DOSSIER_LINES, d.LETTER_LINES, d.BROCHURE_LINES])
    assert len(scan) < 20_000
    e = read(scan, max_pages=2)
    assert e.method == "image-ocr" and e.pages == 3 and e.truncated, e
    assert "dossier d'intention" in fold(e.text) and "monsieur le maire" in fold(e.text)
    assert "brochure" not in fold(e.text)


def test_a_photo_of_a_letter_is_read_and_a_logo_is_not(needs_ocr):
    from PIL import Image

    e = read(d.photo_of_page(d.LETTER_LINES))
    assert e.method == "image-ocr" and "monsieur le maire" in fold(e.text)
    webp = io.BytesIO()
    Image.open(io.BytesIO(d.photo_of_page(d.LETTER_LINES))).save(webp, format="WEBP", quality=90)
    assert "monsieur le maire" in fold(read(webp.getvalue()).text)
    logo = read(d.logo_png())
    assert logo.method == "image" and logo.read and not logo.ocr_unavailable and logo.text == ""


def test_a_huge_scanned_page_is_rasterised_at_a_bounded_size(needs_ocr):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2000, 2000), 255)
    ImageDraw.Draw(image).text((100, 900), "Monsieur le Maire", fill=0, font=ImageFont.truetype(d.FONT, 120))
    poster = io.BytesIO()
    image.save(poster, format="PDF", resolution=10)  # a 5 m square page: at 200 dpi, 40 000 pixels a side
    started = time.perf_counter()
    e = read(poster.getvalue())
    assert time.perf_counter() - started < 30 and "monsieur le maire" in fold(e.text)


def test_without_ocr_a_scan_says_so_instead_of_guessing(monkeypatch):
    monkeypatch.setenv("INTAKE_OCR", "off")
    assert not ocr_available()
    e = extract(d.scan_pdf(d.LETTER_LINES), "pdf")
    assert e.ocr_unavailable and e.text.strip() == ""
    assert extract(d.photo_of_page(d.LETTER_LINES), "jpg").ocr_unavailable
    assert not extract(d.pdf_text(d.LETTER_LINES), "pdf").ocr_unavailable  # text PDFs need no OCR


def test_ocr_is_unavailable_when_a_tool_or_the_french_language_is_missing(fake_tools):
    fake_tools()
    assert not ocr_available()
    assert extract(d.scan_pdf(d.LETTER_LINES), "pdf").ocr_unavailable
    assert extract(d.photo_of_page(d.LETTER_LINES), "jpg").ocr_unavailable
    fake_tools(tesseract='echo "List of available languages (1):"; echo fra')
    assert not ocr_available()  # no pdftoppm
    fake_tools(pdftoppm="exit 0", tesseract='echo "List of available languages (2):"; echo eng; echo osd')
    assert not ocr_available()  # no French
    fake_tools(pdftoppm="exit 0", tesseract='echo "List of available languages (1):"; echo fra')
    assert ocr_available()


def test_an_ocr_that_hangs_is_stopped_at_the_timeout_and_cleaned_up(fake_tools, temp_root):
    fake_tools(tesseract='if [ "$1" = --list-langs ]; then echo fra; exit 0; fi\nexec /bin/sleep 60',
               pdftoppm="exec /bin/sleep 60")
    started = time.perf_counter()
    e = extract(d.scan_pdf(d.LETTER_LINES), "pdf", timeout=2)
    assert "temps" in e.error and not e.ocr_unavailable
    assert time.perf_counter() - started < 10
    assert list(temp_root.iterdir()) == []


def test_a_scan_whose_first_page_cannot_be_drawn_in_time_gets_no_second_minute_for_ocr(fake_tools, temp_root):
    """A PDF bomb (a page whose content stream inflates to gigabytes: pdftoppm ran out of the file's 60 s drawing
    its thumbnail) was then OCR'd, pdftoppm drawing the same page again for another 60 s: one file cost two
    minutes, where the README promises each file 60 s at most. Having run out of its time, it is not read again."""
    from intake.adapters.readlimits import TIMED_OUT

    fake_tools(tesseract='if [ "$1" = --list-langs ]; then echo fra; exit 0; fi\nexec /bin/sleep 60',
               pdftoppm="exec /bin/sleep 60")
    started = time.perf_counter()
    e = extract(d.scan_pdf(d.LETTER_LINES), "pdf", timeout=2, defer_ocr=True)
    assert e.error == TIMED_OUT and not e.read
    assert not e.needs_ocr  # core/ocrplan.py would give it a second reading, OCR, of the same length
    assert time.perf_counter() - started < 10
    assert list(temp_root.iterdir()) == []


def test_a_recognition_that_outlasts_its_time_is_stopped(needs_ocr):
    """tesseract runs in the reading process: its own timeout stops it (the pool kills the process besides).
    The page is dense (about 8 s of recognition on the 2-CPU machine) and the deadline is still ahead when
    tesseract starts: extract() with a tiny timeout spent it decoding the photo, before tesseract ever ran."""
    from PIL import Image, ImageDraw, ImageFont

    from intake.adapters import ocr as ocr_mod
    from intake.adapters.readlimits import TIMED_OUT

    page = Image.new("L", (2480, 3508), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 22)
    words = "Monsieur le Maire candidature label Béthune Smart City dossier intention".split()
    rnd = random.Random(1)
    for y in range(0, 3480, 26):
        ImageDraw.Draw(page).text((10, y), " ".join(rnd.choice(words) for _ in range(30)), font=font, fill=0)
    small = d.photographed_page(d.LETTER_LINES)
    assert "monsieur le maire" in fold(extract(small, "jpg").text)  # the engine is loaded before the clock runs
    started = time.perf_counter()
    text, error = ocr_mod._recognise(page, time.monotonic() + 0.3, "fra")
    assert error == TIMED_OUT and text == ""
    assert time.perf_counter() - started < 5
    assert "monsieur le maire" in fold(extract(small, "jpg").text)  # the engine is still usable afterwards


def test_a_failing_rasteriser_gives_an_error(fake_tools, temp_root):
    fake_tools(tesseract="echo fra", pdftoppm='echo "Syntax Error: broken" >&2; exit 1')
    e = extract(d.scan_pdf(d.LETTER_LINES), "pdf")
    assert e.method == "pdf-ocr" and e.error and e.text == "" and list(temp_root.iterdir()) == []


def speck_page() -> bytes:
    """A page that passes the page test (a line of text on white paper) covered below with 60,000 specks:
    tesseract's page layout analysis, which its own timeout does not stop, takes 10 to 20 s on it."""
    from PIL import Image, ImageDraw, ImageFont

    rnd = random.Random(1)
    page = Image.new("L", (3508, 3508), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    draw.text((150, 200), "Monsieur le Maire, veuillez trouver ci-joint notre candidature.", font=font, fill=0)
    for _ in range(60_000):
        x, y = rnd.randrange(3508), rnd.randrange(1050, 3508)
        draw.rectangle((x, y, x + rnd.randrange(1, 6), y + rnd.randrange(1, 6)), fill=0)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def test_a_picture_tesseract_cannot_finish_costs_that_file_not_the_message(needs_ocr, monkeypatch, tmp_path):
    """The reading task of a file is stopped (its process killed) past the file's own time, and the message's
    other files are still read: the tesseract program used to be killed at that time; in the reading
    process, only its recognition has a timeout of its own (not its layout analysis)."""
    from intake.adapters import readers
    from intake.adapters.readlimits import TIMED_OUT

    monkeypatch.setattr(readers, "PER_FILE_SECONDS", 1.0)  # the poller's side: the task is stopped after 2 s
    monkeypatch.setattr(readers, "TASK_SLACK", 1.0)
    specks, letter = speck_page(), d.pdf_text(d.LETTER_LINES)
    with readers.ReaderPool(workers=1, scratch_root=tmp_path / "scratch") as pool:
        started = time.monotonic()
        out = pool.read_all([("a" * 64, specks, "png"), ("b" * 64, letter, "pdf")], seconds=120)
        took = time.monotonic() - started
    assert out["a" * 64].error == TIMED_OUT and out["a" * 64].text == ""
    assert out["b" * 64].read and "monsieur le maire" in fold(out["b" * 64].text)  # read after it, by a new process
    assert took < 9
    assert list((tmp_path / "scratch").iterdir()) == []  # the killed process's scratch folder is gone


def test_a_file_read_to_the_end_is_not_read_again_by_the_same_pool(tmp_path):
    """The copy of an application in the other staff mailbox, a message sent again: the pool keeps what a file
    read to the end holds, by its SHA-256, and gives it again without a reading process. A reading that was
    stopped (out of time) is not kept, and a new pool (the next pass) keeps nothing."""
    import hashlib

    from intake.adapters import readers
    from intake.adapters.readlimits import TIMED_OUT

    letter, dossier = d.pdf_text(d.LETTER_LINES), d.pdf_text(d.DOSSIER_LINES)
    a, b = hashlib.sha256(letter).hexdigest(), hashlib.sha256(dossier).hexdigest()
    with readers.ReaderPool(workers=1, scratch_root=tmp_path / "scratch") as pool:
        first = pool.read_all([(a, letter, "pdf")], seconds=60)[a]
        again = pool.read_all([(a, letter, "pdf"), (b, dossier, "pdf")], seconds=60)
        deferred = pool.read_all([(a, letter, "pdf")], seconds=60, defer_ocr=True)[a]
        assert first.read and again[a] is first  # given again, not read again
        assert again[b].read and again[b] is not first
        assert deferred.read and deferred is not first  # read another way: read
        assert pool.read_all([(b, dossier, "pdf")], seconds=0)[b] is again[b]
        c = "c" * 64
        assert pool.read_all([(c, d.scan_pdf(d.LETTER_LINES), "pdf")], seconds=0)[c].error == TIMED_OUT
        assert pool.read_all([(c, d.scan_pdf(d.LETTER_LINES), "pdf")], seconds=60)[c].read  # read this time
        pool.forget()  # the end of a pass, for a pool that lives on (the worker's urgent polls)
        assert pool.read_all([(b, dossier, "pdf")], seconds=60)[b] is not again[b]
    with readers.ReaderPool(workers=1, scratch_root=tmp_path / "scratch") as pool:
        assert pool.read_all([(a, letter, "pdf")], seconds=60)[a] is not first


def test_the_worker_s_urgent_round_forgets_what_the_files_held(tmp_path):
    """`intake run` keeps its reading processes between urgent polls (new mail seen by IMAP IDLE), for days:
    what the files of a round held is forgotten at its end, once the round has filed them."""
    from localsite import make_local

    from intake.adapters.readers import ReaderPool
    from intake.pipeline.watch import Urgent

    local = make_local(tmp_path)
    local.drop("nb", "1.eml", local.application())
    app = local.app()
    urgent = Urgent(app)
    urgent.want(app.settings.mailboxes[0])
    urgent.stop()  # after this round
    with ReaderPool(workers=1, scratch_root=tmp_path / "scratch") as pool:
        read = []
        original = pool.read_all

        def read_all(*args, **kwargs):
            read.append(original(*args, **kwargs))
            return read[-1]

        pool.read_all = read_all
        urgent._serve(pool)
        assert read and pool._known.get((next(iter(read[0])), True, True)) is None
    (case,) = local.cases()
    assert case["status"] == "complete"


def test_form_fields_are_bounded_like_the_text():
    """The fifth attacker's review: the text read from a file was cut at MAX_TEXT, its form fields were not: 60 DOCX
    of 9,000 content controls of 2,000 characters (115 kB each, a 9 MB mail) sent 1.1 GB of fields back to the
    poller's process. Now at most MAX_FIELDS fields, MAX_TEXT characters in all, marked truncated."""
    import zipfile

    from intake.adapters.readlimits import MAX_FIELDS, MAX_TEXT

    controls = "".join(f'<w:sdt><w:sdtPr><w:tag w:val="champ{i}"/></w:sdtPr><w:sdtContent><w:r><w:t>'
                       f'{"Titre du projet " * 125}</w:t></w:r></w:sdtContent></w:sdt>' for i in range(9_000))
    base = zipfile.ZipFile(io.BytesIO(d.docx(["Dossier d'intention"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in base.infolist():
            z.writestr(item.filename, base.read(item.filename) if item.filename != "word/document.xml" else
                       f'<w:document xmlns:w="{d.W_NS}"><w:body>{controls}</w:body></w:document>')
    assert len(out.getvalue()) < 200_000
    bomb = extract(out.getvalue(), "docx")
    assert 0 < len(bomb.form_fields) <= MAX_FIELDS and bomb.truncated
    assert sum(len(k) + len(v) for k, v in bomb.form_fields.items()) <= MAX_TEXT
    real = extract(d.docx_form({"titre": "Jardins partagés", "structure": "Association"}), "docx")
    assert real.form_fields == {"titre": "Jardins partagés", "structure": "Association"} and not real.truncated


@pytest.mark.parametrize("brand", [b"qt  ", b"mp42", b"isom", b"3gp5"])
def test_a_whole_video_is_read_and_one_cut_short_is_not(brand):
    """A video is not decoded: it is read when its boxes follow one another to its end (core of an ISO media file),
    so that a file cut in transit, or bytes that only start like a video, never count as visuals."""
    video = d.video(brand)
    kind = detect_type(video)
    assert extract(video, kind).read
    cut = extract(video[:-1000], kind)
    assert not cut.read and "illisible" in cut.error
    junk = extract(video[:40] + b"\xff" * 5000, kind)
    assert not junk.read


@pytest.mark.parametrize("brand", [b"qt  ", b"mp42"])
def test_a_video_is_read_whether_its_index_comes_after_its_media_or_before(brand):
    for video in (d.video(brand), d.video(brand, faststart=True)):
        assert extract(video, detect_type(video)).read


def _with_index(moov: bytes, size: int = 30_000) -> bytes:
    ftyp = d.iso_box(b"ftyp", b"isom", bytes(4), b"isom")
    return ftyp + d.iso_box(b"mdat", bytes(range(256)) * (size // 256)) + moov


@pytest.mark.parametrize("video, why", [
    (d.video(b"qt  ", index=False), "sans index (boîte moov) : vidéo coupée pendant l'enregistrement"),
    (d.video(b"mp42", handler=b"soun"), "sans piste vidéo (un enregistrement sonore ?)"),
    (_with_index(d.video_index(samples=())), "sa piste vidéo est vide"),  # no sample at all
    (_with_index(d.video_index(samples=(2000,) * 100, chunk=32)), "ses images ne sont pas dans le fichier"),  # 200 kB
    (_with_index(d.video_index(chunk=10_000_000)), "ses images ne sont pas dans le fichier"),  # beyond the file
    (_with_index(d.video_index(), size=0), "sans données (boîte mdat vide ou absente)"),
])
def test_a_container_without_a_playable_video_is_not_a_video(video, why):
    """The boxes followed one another to the end and one of them was `mdat` or `moov`: a recording cut off before
    its index was written (ftyp and mdat only), a sound recording, a video index with nothing of its pictures in
    the file were each read as a video, a visual of the application. Now « non lu, à vérifier », and why."""
    found = extract(video, detect_type(video))
    assert not found.read and why in found.error, found.error


def test_an_index_of_junk_is_unreadable_and_a_fragmented_video_is_read():
    junk = _with_index(d.iso_box(b"moov", bytes(range(7, 250))))
    assert "illisible" in extract(junk, detect_type(junk)).error
    ftyp = d.iso_box(b"ftyp", b"isom", bytes(4), b"iso6", b"dash")
    fragment = d.iso_box(b"moof", d.iso_box(b"mfhd", bytes(4), full=True)) + d.iso_box(b"mdat", b"\x01" * 5000)
    fragmented = ftyp + d.video_index(samples=(), fragmented=True) + fragment * 3
    assert extract(fragmented, detect_type(fragmented)).read


def test_a_video_of_more_boxes_than_any_video_has_is_not_read():
    """MAX_BOXES counted the kinds of box, not the boxes: 48 MB of empty 8-byte boxes (6 million) was walked to its
    end in Python (seconds of a reading process) and read as a video."""
    from intake.adapters.extract import MAX_BOXES

    video = d.video(b"isom", size=1000)
    assert extract(video, detect_type(video)).read
    boxes = video + b"\x00\x00\x00\x08free" * MAX_BOXES
    assert not extract(boxes, detect_type(boxes)).read


def test_a_picture_preview_past_its_time_is_stopped_and_the_next_one_is_made_by_a_new_process(tmp_path):
    """The console's preview of a picture the browser cannot show (adapters/pictures.py) is made in a reading
    process within its seconds: past them the process is killed, OverLimit says so in French (the console shows it,
    the file stays downloadable), and the pool makes the next preview with a fresh process."""
    from PIL import Image

    from intake.adapters import readers
    from intake.errors import OverLimit

    def tiff(side: int) -> bytes:
        out = io.BytesIO()
        Image.new("L", (side, side), 200).save(out, "TIFF")
        return out.getvalue()

    small, large = tiff(64), tiff(9000)  # 81 megapixels, uncompressed: converted in seconds, not in 50 ms
    with readers.ReaderPool(workers=1, scratch_root=tmp_path / "scratch") as pool:
        assert pool.preview(small, 30).startswith(b"\xff\xd8")  # the process started, the pool warm
        started = time.monotonic()
        with pytest.raises(OverLimit) as caught:
            pool.preview(large, 0.05)
        assert time.monotonic() - started < 5
        assert str(caught.value).startswith("image non convertie en ")
        assert pool.preview(small, 30).startswith(b"\xff\xd8")  # by a new process


def _picture_document(kind: str, picture: bytes, text: str = "") -> bytes:
    """A Word (docx, python-docx) or Writer (odt, odfpy) file holding `picture` (and `text` before it, if any): a
    scan pasted in the document."""
    out = io.BytesIO()
    if kind == "docx":
        import docx as python_docx
        from docx.shared import Cm

        document = python_docx.Document()
        if text:
            document.add_paragraph(text)
        document.add_picture(io.BytesIO(picture), width=Cm(17))
        document.save(out)
        return out.getvalue()
    from odf.draw import Frame, Image
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    writer = OpenDocumentText()
    if text:
        writer.text.addElement(P(text=text))
    frame = Frame(width="17cm", height="24cm", anchortype="paragraph")
    frame.addElement(Image(href=writer.addPicture("scan.jpg", "image/jpeg", picture)))
    paragraph = P()
    paragraph.addElement(frame)
    writer.text.addElement(paragraph)
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_text_document_holding_only_a_scanned_page_is_read_by_ocr_now_or_later(needs_ocr, kind):
    """The signed letter scanned and pasted in Word or Writer, no text typed: its picture is read as a picture file
    is (OCR of a page), not « aucun contenu lisible »; with defer_ocr, it says its text needs OCR. Typed text stays
    the text."""
    pasted = _picture_document(kind, d.photo_of_page(d.LETTER_LINES))
    now = read(pasted)
    assert now.read and now.method == f"{kind}-ocr" and "solliciter le label" in fold(now.text), now
    later = read(pasted, defer_ocr=True)
    assert later.read and later.needs_ocr and not later.text, later
    typed = read(_picture_document(kind, d.photo_of_page(d.LETTER_LINES), text="Lettre au Maire"))
    assert typed.method == kind and typed.text.strip() == "Lettre au Maire" and not typed.needs_ocr, typed


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_text_document_holding_only_a_photo_is_still_unread(needs_ocr, kind):
    """A photo of the action pasted in Word or Writer holds no page of writing: nothing read, the file for staff to
    look at."""
    found = read(_picture_document(kind, d.photo(seed=3)))
    assert not found.read and not found.text and "ne ressemble pas à une page" in found.not_ocr, found


def test_a_scanned_letter_signed_digitally_is_read_by_ocr_and_its_signature_is_no_form_field(needs_ocr):
    """A scanned letter signed in Acrobat or on Yousign (PAdES): its one field is the signature, whose value is a
    dictionary of certificates and bytes. It is no form: the scan is read by OCR (later with defer_ocr), and the
    signature is never among the fields. A filled field beside a signature is still one."""
    signed = d.pdf_signed(d.scan_pdf(d.LETTER_LINES))
    later = read(signed, defer_ocr=True)
    assert later.needs_ocr and later.form_fields == {}, later
    now = read(signed)
    assert now.method == "pdf-ocr" and "solliciter le label" in fold(now.text) and now.form_fields == {}, now
    form = read(d.pdf_signed(d.pdf_form({"nom_projet": "Repair Café"})))
    assert form.form_fields == {"nom_projet": "Repair Café"}, form.form_fields
