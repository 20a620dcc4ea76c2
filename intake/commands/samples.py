"""Sample mail and files, built in code: the demo's mailboxes and the tests' inputs.

Nothing here is real applicant data. Files are small but real enough for type
detection: a PDF with a text object, a DOCX/ODT zip, a JPEG/PNG header.
"""

from __future__ import annotations

import functools
import io
import random
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def pdf(text: str = "Dossier d'intention", pad: int = 0) -> bytes:
    """A small valid one-page PDF showing `text` (lines separated by newlines), with its xref table."""
    lines = text.split("\n") or [""]
    ops = ["BT /F1 12 Tf 72 760 Td 16 TL"]
    for line in lines:
        safe = line.encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\")
        safe = safe.replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1") + b"\n%" + b"0" * pad
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx(text: str = "Dossier d'intention") -> bytes:
    """A real Word document (python-docx), one paragraph per line of `text`."""
    import docx as python_docx

    document = python_docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOSSIER = ("DOSSIER D'INTENTION - Label Béthune Smart City\nTitre du projet : {title}\n"
           "Structure porteuse : {who}\nCatégorie 1 : action réalisée\nDescription du projet : {what}\n"
           "Critères : démarche collaborative, durable et innovante\nPartenaires : centre social, école\n"
           "Calendrier : 2025-2026\nBudget : 4 000 euros")
LETTER = ("{who}\nMonsieur le Maire\nHôtel de Ville de Béthune\nObjet : demande du label Béthune Smart City\n"
          "Monsieur le Maire,\nJ'ai l'honneur de solliciter le label Béthune Smart City pour notre action.\n"
          "Je vous prie d'agréer, Monsieur le Maire, mes salutations distinguées.")


@functools.lru_cache(maxsize=16)
def jpeg(size: int = 60_000, seed: int = 0) -> bytes:
    """A real photo-like JPEG (noise, so that it does not compress) of at least `size` bytes.
    `seed` makes another picture of the same size."""
    from PIL import Image

    side = 64
    while True:
        noise = random.Random(seed * 7919 + side).randbytes(side * side * 3)
        out = io.BytesIO()
        Image.frombytes("RGB", (side, side), noise).save(out, "JPEG", quality=85)
        if out.tell() >= size:
            return out.getvalue()
        side = int(side * max(1.2, (size / max(out.tell(), 1)) ** 0.5 * 1.05))


def png(size: int = 2_000) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * size


def email(
    *,
    sender: str,
    to: list[str],
    subject: str,
    body: str = "Bonjour,\n\nVeuillez trouver ci-joint notre candidature.\n\nCordialement",
    cc: list[str] | tuple[str, ...] = (),
    attachments: list[tuple[str, bytes, str]] | tuple[tuple[str, bytes, str], ...] = (),  # (name, content, type)
    date: datetime | None = None,
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime.now().astimezone())
    msg["Message-ID"] = message_id or make_msgid(domain="exemple.test")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, content, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()
