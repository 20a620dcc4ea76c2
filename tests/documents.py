"""Documents built at test time: the labelled corpus of recognition tests (no binary files in the repo).

PDFs with reportlab (text, fillable form, brochure), DOCX with python-docx (plus Word form XML for content
controls and legacy form fields), ODT with odfpy, PPTX with python-pptx, RTF by hand, images and "scans"
with Pillow (text drawn with Debian's DejaVu font, then an image-only PDF, as a scanner makes).
Every function returns the file's bytes.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def pdf_text(lines: list[str], pages: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for page in range(pages):
        y = 800
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
            if y < 60:
                break
        c.drawString(60, 40, f"page {page + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


DOSSIER_LINES = ["DOSSIER D'INTENTION - Label Bethune Smart City", "Titre du projet : Jardins partages",
                 "Categorie 1 : action realisee", "Thematique : environnement", "Description du projet : capteurs",
                 "Partenaires : centre social", "Budget : 4 000 euros", "Montant sollicite : aucun"]
LETTER_LINES = ["Monsieur le Maire,", "j'ai l'honneur de solliciter le label Bethune Smart City pour notre projet",
                "innovant, durable et collaboratif, dont vous trouverez le dossier de candidature ci-joint.",
                "Je vous prie d'agreer, Monsieur le Maire, mes salutations distinguees."]


def pdf_dossier_and_letter() -> bytes:
    """The dossier d'intention, then the signed letter to the mayor, scanned into one PDF (its text read)."""
    return pdf_text(DOSSIER_LINES + [""] + LETTER_LINES)


def pdf_glyph_numbers(lines: list[str]) -> bytes:
    """A PDF whose text shows right but reads as junk: drawn in a TrueType font (DejaVu, embedded whole) as glyph
    numbers (Type0 font, Identity-H encoding) with no ToUnicode map, as some PDF printers and online converters
    write it. A text reader gets each glyph's number as a character (« 0RQVLHXU » for « Monsieur »); pdftoppm draws
    the glyphs."""
    import zlib

    from reportlab.pdfbase.ttfonts import TTFontFile

    with open(FONT, "rb") as f:
        font = f.read()
    glyphs = TTFontFile(FONT).charToGlyph
    ops = ["BT", "/F1 12 Tf", "16 TL", "60 800 Td"]
    ops += ["<" + "".join(f"{glyphs.get(ord(c), 0):04X}" for c in line) + "> Tj T*" for line in lines]
    stream, packed = "\n".join(ops + ["ET"]).encode(), zlib.compress(font)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /CIDToGIDMap /Identity /DW 600 >>",
        b"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 1794 1233] /ItalicAngle 0 "
        b"/Ascent 760 /Descent -240 /CapHeight 729 /StemV 80 /FontFile2 8 0 R >>",
        b"<< /Length %d /Length1 %d /Filter /FlateDecode >>\nstream\n" % (len(packed), len(font)) + packed
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % at for at in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_pages(*pdfs: bytes) -> bytes:
    """The pages of `pdfs`, one after the other, in one PDF (pypdf)."""
    import pypdf

    writer = pypdf.PdfWriter()
    for pdf in pdfs:
        writer.append(pypdf.PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_form(fields: dict[str, str], lines: list[str] = ()) -> bytes:
    """A fillable PDF (AcroForm) whose fields are filled in."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    y = 800
    for line in lines:
        c.drawString(60, y, line)
        y -= 18
    for name, value in fields.items():
        c.drawString(60, y, name)
        c.acroForm.textfield(name=name, value=value, x=250, y=y - 4, width=280, height=18)
        y -= 30
    c.save()
    return out.getvalue()



def pdf_signed(pdf: bytes, signer: str = "Hélène Caron") -> bytes:
    """`pdf` signed digitally as Acrobat's « Signer numériquement » or Yousign leave it (PAdES): an AcroForm holding one
    signature field (/FT /Sig, SigFlags 3) whose value is the signature dictionary (/Filter /Adobe.PPKLite,
    /SubFilter /ETSI.CAdES.detached, /ByteRange, /Contents: the CMS bytes, here stand-ins, never verified by
    intake), its widget invisible on the first page (beside the form's own fields, if any)."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    signature = DictionaryObject({
        NameObject("/Type"): NameObject("/Sig"), NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
        NameObject("/SubFilter"): NameObject("/ETSI.CAdES.detached"),
        NameObject("/ByteRange"): ArrayObject([NumberObject(n) for n in (0, 1024, 17408, 2048)]),
        NameObject("/Contents"): ByteStringObject(bytes(range(256)) * 32),
        NameObject("/M"): TextStringObject("D:20261130174213+01'00'"), NameObject("/Name"): TextStringObject(signer)})
    widget = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject("Signature1"),
        NameObject("/V"): writer._add_object(signature), NameObject("/F"): NumberObject(132),
        NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4), NameObject("/P"): writer.pages[0].indirect_reference}))
    page = writer.pages[0]
    page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), widget])
    form = writer._root_object.get("/AcroForm")
    if form is None:
        form = DictionaryObject({NameObject("/Fields"): ArrayObject()})
        writer._root_object[NameObject("/AcroForm")] = form
    form = form.get_object()
    form["/Fields"].append(widget)
    form[NameObject("/SigFlags")] = NumberObject(3)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

def docx(paragraphs: list[str]) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_table(rows: list[tuple[str, str]], paragraphs: list[str] = ()) -> bytes:
    """A Word form as the town's dossier d'intention is often filled in: a table of two columns, a label and its
    value on each row, then paragraphs."""
    import docx as python_docx

    document = python_docx.Document()
    table = document.add_table(rows=len(rows), cols=2)
    for n, (label, value) in enumerate(rows):
        table.cell(n, 0).text, table.cell(n, 1).text = label, value
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt(paragraphs: list[str]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for p in paragraphs:
        document.text.addElement(P(text=p))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pptx(slides: list[str] | None = None) -> bytes:
    """A presentation, one slide per string (python-pptx); without slides, a minimal package whose only
    use is that its type is detected from the bytes."""
    if slides is not None:
        from pptx import Presentation
        from pptx.util import Inches

        deck = Presentation()
        for line in slides:
            slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
            slide.shapes.title.text = line
            slide.shapes.add_textbox(Inches(1), Inches(3), Inches(8), Inches(1)).text_frame.text = "Béthune"
        out = io.BytesIO()
        deck.save(out)
        return out.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>')
        z.writestr("ppt/presentation.xml", "<p:presentation/>")
    return out.getvalue()


def _page_image(lines: list[str], size=(1240, 1754), noise: int = 0):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 34)
    y = 120
    for line in lines:
        draw.text((100, y), line, fill=0, font=font)
        y += 56
    if noise:
        rnd = random.Random(1)
        for _ in range(noise):
            image.putpixel((rnd.randrange(size[0]), rnd.randrange(size[1])), rnd.randrange(150, 255))
    return image


def scan_pdf(lines: list[str], pages: int = 1) -> bytes:
    """An image-only PDF, as a scanner makes: no text layer (`pages` copies of the page)."""
    out = io.BytesIO()
    images = [_page_image(lines, noise=3000) for _ in range(pages)]
    images[0].save(out, format="PDF", resolution=150, save_all=True, append_images=images[1:])
    return out.getvalue()


def scan_pages(pages: list[list[str]]) -> bytes:
    """An image-only PDF of different pages (a copier's scan of a whole application: the dossier, then the letter)."""
    out = io.BytesIO()
    images = [_page_image(lines, noise=3000) for lines in pages]
    images[0].save(out, format="PDF", resolution=150, save_all=True, append_images=images[1:])
    return out.getvalue()


def scan_tiff(pages: list[list[str]]) -> bytes:
    """A copier's black-and-white scan as a multi-page TIFF in CCITT group 4 (its « TIFF » or « TIFF-F » format): a
    page of text in a few kilobytes."""
    out = io.BytesIO()
    images = [_page_image(lines, noise=3000).convert("1") for lines in pages]
    images[0].save(out, format="TIFF", compression="group4", save_all=True, append_images=images[1:], dpi=(200, 200))
    return out.getvalue()


def stamped_scan_pdf(lines: list[str], stamp: str, pages: int = 2) -> bytes:
    """A scan whose every page is one picture with a line of real text on it (`stamp`): what a scanner app that
    stamps its name (« Numérisé avec CamScanner ») or a copier that stamps a date or page number writes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        c.drawImage(ImageReader(_page_image(lines, noise=3000)), 0, 0, width=A4[0], height=A4[1])
        c.setFont("DejaVu", 8)
        c.drawString(A4[0] - 150, 12, stamp)
        c.showPage()
    c.save()
    return out.getvalue()


def photo_of_page(lines: list[str]) -> bytes:
    """A phone photo of a letter (JPEG)."""
    out = io.BytesIO()
    _page_image(lines).convert("RGB").save(out, format="JPEG", quality=85)
    return out.getvalue()


def photographed_page(lines: list[str], size=(3000, 2250), portrait: bool = True, light: float = 1.0,
                      exif_rotated: bool = False) -> bytes:
    """A phone photo of a letter lying on a wooden table: tilted, the page filling part of a 4:3 frame, lit
    unevenly (`light` < 1: a dim room). `exif_rotated`: stored sideways with an EXIF orientation, as
    phones do."""
    from PIL import Image

    page = _page_image(lines).convert("RGB")
    w, h = (size[1], size[0]) if portrait else size
    table = (70, 50, 35)
    frame = Image.new("RGB", (w, h), table)
    page = page.rotate(4, expand=True, fillcolor=table)
    scale = 0.8 * h / page.size[1]
    page = page.resize((int(page.size[0] * scale), int(page.size[1] * scale)))
    frame.paste(page, ((w - page.size[0]) // 2, (h - page.size[1]) // 2))
    shade = Image.linear_gradient("L").resize((w, h)).point(lambda v: int((0.55 + 0.45 * v / 255) * 255 * light))
    frame = Image.composite(frame, Image.new("RGB", (w, h)), shade)
    out = io.BytesIO()
    if exif_rotated:
        exif = Image.Exif()
        exif[0x0112] = 6  # "rotate 90° clockwise to show"
        frame.rotate(90, expand=True).save(out, format="JPEG", quality=85, exif=exif)
    else:
        frame.save(out, format="JPEG", quality=85)
    return out.getvalue()


def heic(picture: bytes, *, sideways: bool = False, quality: int = 60) -> bytes:
    """`picture` (any format Pillow opens) as an iPhone saves it: HEIC (pillow-heif's x265 encoder), in tiles of
    512 pixels. `sideways`: its pixels stored turned a quarter, with both the `irot` box that turns them back and
    the EXIF orientation that says the same (6: "rotate 90° clockwise to show"), as a phone held upright writes."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    image = Image.open(io.BytesIO(picture)).convert("RGB")
    extra = {}
    if sideways:
        exif = Image.Exif()
        exif[0x0112] = 6
        image, extra = image.rotate(90, expand=True), {"exif": exif.tobytes()}  # as bytes: pillow-heif writes irot
    tiles, pillow_heif.options.GRID_TILE_SIZE = pillow_heif.options.GRID_TILE_SIZE, 512
    try:
        out = io.BytesIO()
        image.save(out, format="HEIF", quality=quality, enc_params={"preset": "ultrafast"}, **extra)
    finally:
        pillow_heif.options.GRID_TILE_SIZE = tiles
    return out.getvalue()


def picture_as(picture: bytes, fmt: str, **options) -> bytes:
    """`picture` (any format Pillow opens) saved by Pillow as `fmt` (WEBP, AVIF, BMP, GIF...), in RGB."""
    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(picture)).convert("RGB").save(out, format=fmt, **options)
    return out.getvalue()


def ink_on_transparent(picture: bytes, mode: str = "RGBA") -> bytes:
    """The page's ink on a transparent background (PNG), as a scanner app's « supprimer le fond » or an image editor
    exports it: every pixel black, its alpha the ink (transparent black around the letters)."""
    from PIL import Image, ImageOps

    ink = ImageOps.invert(Image.open(io.BytesIO(picture)).convert("L"))
    page = Image.new(mode, ink.size)
    page.putalpha(ink)
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def photo(size=(1600, 1200), quality: int = 85, seed: int = 3) -> bytes:
    """A photo-like JPEG (smooth colours plus grain), no text."""
    from PIL import Image

    rnd = random.Random(seed)
    image = Image.new("RGB", (64, 48))
    image.putdata([(rnd.randrange(40, 200), rnd.randrange(90, 220), rnd.randrange(30, 160)) for _ in range(64 * 48)])
    image = image.resize(size)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def png_image(size=(1200, 900)) -> bytes:
    from PIL import Image

    rnd = random.Random(5)
    image = Image.new("RGB", (40, 30))
    image.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(40 * 30)])
    out = io.BytesIO()
    image.resize(size).save(out, format="PNG")
    return out.getvalue()


def logo_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 40), (20, 60, 120)).save(out, format="PNG")
    return out.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_xml(body_xml: str, paragraphs: list[str] = ()) -> bytes:
    """A DOCX (python-docx) with raw WordprocessingML appended to its body (`w:` is the usual prefix)."""
    import docx as python_docx
    from docx.oxml import parse_xml

    document = python_docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    wrapper = parse_xml(f'<w:body xmlns:w="{W_NS}">{body_xml}</w:body>')
    for element in list(wrapper):
        document.element.body.sectPr.addprevious(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_form(controls: dict[str, str] = None, legacy: dict[str, str] = None, checkboxes: dict[str, bool] = None,
              paragraphs: list[str] = ()) -> bytes:
    """A Word form: content controls (tag -> text), legacy text fields and check boxes (name -> value)."""
    from xml.sax.saxutils import escape

    xml = []
    for tag, value in (controls or {}).items():
        xml.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(tag)} : </w:t></w:r><w:sdt><w:sdtPr>'
                   f'<w:tag w:val="{escape(tag)}"/></w:sdtPr><w:sdtContent><w:r><w:t>{escape(value)}</w:t></w:r>'
                   f'</w:sdtContent></w:sdt></w:p>')
    for name, value in (legacy or {}).items():
        xml.append(f'<w:p><w:r><w:t xml:space="preserve">{escape(name)} : </w:t></w:r>'
                   f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{escape(name)}"/><w:enabled/>'
                   f'<w:textInput/></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMTEXT '
                   f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                   f'<w:r><w:t>{escape(value)}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    for name, checked in (checkboxes or {}).items():
        xml.append(f'<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="{escape(name)}"/>'
                   f'<w:checkBox><w:sizeAuto/><w:default w:val="{int(checked)}"/></w:checkBox></w:ffData>'
                   f'</w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>'
                   f'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> {escape(name)}</w:t>'
                   f'</w:r></w:p>')
    return docx_xml("".join(xml), paragraphs)


def odt_form(fields: dict[str, str], paragraphs: list[str] = (), inputs: dict[str, str] = None) -> bytes:
    """An ODT with LibreOffice form controls (name -> current value) and input fields (label -> text)."""
    from odf.form import Form
    from odf.form import Text as TextControl
    from odf.office import Forms
    from odf.opendocument import OpenDocumentText
    from odf.text import P, TextInput

    document = OpenDocumentText()
    forms = Forms()
    form = Form(name="Standard")
    for i, (name, value) in enumerate(fields.items()):
        form.addElement(TextControl(name=name, id=f"control{i}", currentvalue=value))
    forms.addElement(form)
    document.text.addElement(forms)
    for p in paragraphs:
        document.text.addElement(P(text=p))
    for label, value in (inputs or {}).items():
        paragraph = P(text=f"{label} : ")
        paragraph.addElement(TextInput(description=label, text=value))
        document.text.addElement(paragraph)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def rtf(lines: list[str]) -> bytes:
    """An RTF document (Windows-1252, accents as \\'xx escapes, as WordPad writes them)."""
    def encode(line: str) -> str:
        return "".join(c if ord(c) < 128 and c not in "\\{}" else f"\\'{c.encode('cp1252')[0]:02x}" for c in line)

    body = "".join(f"{encode(line)}\\par\n" for line in lines)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\n" + body + "}").encode("ascii")


def pdf_encrypted(lines: list[str], user_password: str = "secret", owner_password: str = "owner",
                  algorithm: str = "AES-256") -> bytes:
    """A text PDF encrypted by pypdf; with user_password="" it opens without a password (permissions only)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_text(lines))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def tnef(files: dict[str, bytes], long_names: bool = False, as_objects: bool = False) -> bytes:
    """A winmail.dat (TNEF) holding these files, as Outlook writes one. `long_names`: as a recent Outlook does, the
    title is the short 8.3 name and the real one is a MAPI property (PR_ATTACH_LONG_FILENAME, UTF-16) among others
    of variable length; `as_objects`: each file's bytes are the MAPI property PR_ATTACH_DATA_OBJ, not attAttachData."""

    def obj(level: int, name: int, kind: int, data: bytes) -> bytes:
        return struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)

    def mapi(*props: tuple[int, int, bytes]) -> bytes:  # (type, id, value): each counted, sized, padded to 4
        return struct.pack("<I", len(props)) + b"".join(
            struct.pack("<HHII", kind, pid, 1, len(value)) + value + b"\x00" * (-len(value) % 4)
            for kind, pid, value in props)

    out = struct.pack("<IH", 0x223E9F78, 1) + obj(1, 0x9006, 0x0009, struct.pack("<I", 0x00010000))
    for n, (name, data) in enumerate(files.items(), 1):
        stem, _, ext = name.rpartition(".")
        short = f"{stem.replace(' ', '')[:6].upper()}~{n}.{ext[:3].upper()}" if long_names or as_objects else name
        out += obj(2, 0x9002, 0x0006, b"\x01\x00\xff\xff\xff\xff" + b"\x00" * 8)
        out += obj(2, 0x8010, 0x0001, short.encode("cp1252") + b"\x00")
        if not as_objects:
            out += obj(2, 0x800F, 0x0006, data)
        if long_names or as_objects:
            props = [(0x001E, 0x3703, f".{ext}".encode() + b"\x00"),  # PR_ATTACH_EXTENSION
                     (0x001F, 0x3707, name.encode("utf-16-le") + b"\x00\x00"),  # PR_ATTACH_LONG_FILENAME
                     (0x001E, 0x370E, b"application/octet-stream\x00")]  # PR_ATTACH_MIME_TAG
            if as_objects:
                props.append((0x000D, 0x3701, data))  # PR_ATTACH_DATA_OBJ
            out += obj(2, 0x9005, 0x0006, mapi(*props))
    return out


DOSSIER_LINES = ["DOSSIER D'INTENTION - Label Béthune Smart City", "Titre du projet : Jardins partagés connectés",
                 "Structure porteuse : Association Les Jardins du Quartier", "Catégorie 1 : action réalisée",
                 "Thématique : environnement", "Description du projet : des capteurs d'humidité",
                 "Critères : démarche collaborative, durable et innovante", "Partenaires : centre social",
                 "Calendrier : 2025-2026", "Budget : 4 000 euros"]
LETTER_LINES = ["Association Les Jardins du Quartier", "Monsieur le Maire", "Hôtel de Ville de Béthune",
                "Objet : demande du label Béthune Smart City", "Monsieur le Maire,",
                "J'ai l'honneur de solliciter le label Béthune Smart City",
                "pour notre action de jardins partagés connectés.",
                "Je vous prie d'agréer, Monsieur le Maire, mes salutations distinguées.", "La présidente"]
BROCHURE_LINES = ["Brochure de présentation", "Jardins partagés connectés", "Plan de situation et photographies"]
INVOICE_LINES = ["FACTURE N° 2026-118", "Désignation : capteurs", "Montant HT : 1 000 euros", "TVA 20 %",
                 "Total TTC : 1 200 euros", "Net à payer : 1 200 euros"]
CV_LINES = ["Curriculum vitae", "Marie Dupont", "Expérience professionnelle", "2018-2024 : animatrice",
            "Formation", "Centres d'intérêt : jardinage"]
AGENDA_LINES = ["Ordre du jour", "Réunion du comité de quartier", "1. Points à aborder", "2. Questions diverses"]
NEWSLETTER_LINES = ["Lettre d'information de novembre", "Les actualités de la commune",
                    "Pour vous désinscrire, cliquez ici : se désabonner"]


def base64_forward(inner: bytes, sender: str, to: str, subject: str, text: str = "voir le message joint") -> bytes:
    """A message forwarding `inner` as an attached message/rfc822 part, itself base64-encoded (as some clients
    send it): the parser must decode it to see inside."""
    import base64
    from email.message import EmailMessage

    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = sender, to, subject
    outer.set_content(text)
    outer.make_mixed()
    part = EmailMessage()
    part["Content-Type"] = "message/rfc822"
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(base64.encodebytes(inner).decode())
    outer.attach(part)
    return outer.as_bytes()


def iso_box(name: bytes, *parts: bytes, full: bool = False) -> bytes:
    """One box of an ISO base media file: its size, its type, (a full box: version and flags), its content."""
    payload = (b"\x00\x00\x00\x00" if full else b"") + b"".join(parts)
    return (len(payload) + 8).to_bytes(4, "big") + name + payload


def video_index(handler: bytes = b"vide", samples: tuple[int, ...] = (1000,) * 10, chunk: int = 0,
                fragmented: bool = False) -> bytes:
    """A `moov` box as a phone writes one, reduced to what a player needs to find the pictures: a track of kind
    `handler` whose sample table gives each sample's size and where its first chunk starts in the file (`chunk`)."""
    u32 = lambda n: n.to_bytes(4, "big")  # noqa: E731
    table = iso_box(b"stbl", iso_box(b"stsd", u32(0), full=True), iso_box(b"stts", u32(0), full=True),
                    iso_box(b"stsc", u32(0), full=True),
                    iso_box(b"stsz", u32(0), u32(len(samples)), *map(u32, samples), full=True),
                    iso_box(b"stco", u32(1), u32(chunk), full=True))
    media = iso_box(b"mdia", iso_box(b"mdhd", bytes(20), full=True),
                    iso_box(b"hdlr", u32(0), handler, bytes(12), b"VideoHandler\x00", full=True),
                    iso_box(b"minf", iso_box(b"vmhd", bytes(8), full=True), table))
    extends = iso_box(b"mvex", iso_box(b"trex", bytes(20), full=True)) if fragmented else b""
    return iso_box(b"moov", iso_box(b"mvhd", bytes(96), full=True), extends,
                   iso_box(b"trak", iso_box(b"tkhd", bytes(80), full=True), media))


def video(brand: bytes = b"qt  ", size: int = 300_000, seed: int = 0, handler: bytes = b"vide",
          index: bool = True, faststart: bool = False) -> bytes:
    """A short video as phones write it: an ISO base media file (`ftyp` box: `qt  ` for an iPhone .MOV, `isom` or
    `mp42` for an Android .mp4), its media data (`mdat`, here random bytes: nothing decodes them), then its index
    (`moov`: a track of kind `handler`, ten samples in the media data), or first (`faststart`, as a web video);
    without `index`, as a recording cut off before the phone wrote it."""
    import random

    ftyp = iso_box(b"ftyp", brand, b"\x00\x00\x00\x00", brand, b"isom")
    mdat = iso_box(b"mdat", random.Random(seed).randbytes(size))
    samples = (size // 10,) * 10
    if not index:
        return ftyp + mdat
    if faststart:
        moov_size = len(video_index(handler, samples))
        return ftyp + video_index(handler, samples, chunk=len(ftyp) + moov_size + 8) + mdat
    return ftyp + mdat + video_index(handler, samples, chunk=len(ftyp) + 8)
