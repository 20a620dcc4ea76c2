"""A realistic, reproducible backlog for the benchmarks: applications among everyday mail.

Applications carry 2 to 4 attachments the way applicants send them: a dossier (Word, LibreOffice or a
PDF form), the letter to the mayor (a text PDF, a scan, or a phone photo of the page), photos and a
brochure. Everyday mail is what fills two town-hall work mailboxes: colleagues' notes (some with an
agenda or an invoice attached), newsletters in HTML, personal mail, meeting invitations.

Messages are written straight into the Dovecot user's Maildir (as a delivery agent would), with the
file's time as the reception date, so that thousands of them are in place in seconds.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sys
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

import documents as d  # noqa: E402  (the test suite's document generators)

TOWN = ("n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr")
ORGS = ["Les Jardins du Quartier", "Vélo Béthune", "Repair Café de l'Artois", "Collège Paul Eluard",
        "Association Solidarité Seniors", "Tiers-lieu La Fabrique", "EHPAD Les Tilleuls", "Compost Citoyen"]


def _message(sender: str, to: str, subject: str, body: str, attachments=(), html: str = "",
             headers: dict[str, str] | None = None, when: datetime | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = format_datetime(when or datetime.now(timezone.utc))
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[-1].strip(">"))
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for filename, content, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


# Documents are generated once per variant (generation is not what is measured).
@lru_cache(maxsize=None)
def _dossier(variant: int) -> tuple[str, bytes, str]:
    lines = d.DOSSIER_LINES + [f"Porteur : {ORGS[variant % len(ORGS)]}"]
    if variant % 3 == 0:
        return "Dossier d'intention.docx", d.docx(lines), \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if variant % 3 == 1:
        return "dossier_intention.odt", d.odt(lines), "application/vnd.oasis.opendocument.text"
    return "Dossier intention BSC.pdf", d.pdf_text(lines, pages=3), "application/pdf"


@lru_cache(maxsize=None)
def _letter(variant: int) -> tuple[str, bytes, str]:
    if variant % 4 == 0:
        return "courrier_maire_scan.pdf", d.scan_pdf(d.LETTER_LINES), "application/pdf"
    if variant % 4 == 1:
        return "lettre maire.jpg", d.photo_of_page(d.LETTER_LINES), "image/jpeg"
    return "Courrier officiel Maire.pdf", d.pdf_text(d.LETTER_LINES), "application/pdf"


@lru_cache(maxsize=None)
def _photo(variant: int) -> tuple[str, bytes, str]:
    return f"IMG_{2000 + variant}.jpg", d.photo(size=(2400, 1800), quality=88, seed=variant), "image/jpeg"


@lru_cache(maxsize=None)
def _brochure(variant: int) -> tuple[str, bytes, str]:
    return "plaquette.pdf", d.pdf_text(d.BROCHURE_LINES, pages=2), "application/pdf"


def _application_files(n: int) -> list[tuple[str, bytes, str, str]]:
    """2 to 4 attachments: dossier and/or letter, photos, brochure (some incomplete); each with its kind."""
    rnd = random.Random(n)
    files = []
    if rnd.random() < 0.9:
        files.append((*_dossier(rnd.randrange(6)), "dossier"))
    if rnd.random() < 0.75:
        files.append((*_letter(rnd.randrange(8)), "courrier"))
    files += [(*_photo(rnd.randrange(10)), "visuels") for _ in range(rnd.randint(0, 2))]
    if rnd.random() < 0.3:
        files.append((*_brochure(0), "visuels"))
    while len(files) < 2:
        files.append((*_photo(rnd.randrange(10)), "visuels"))
    return files[:4]


def application(n: int, to: str, when: datetime) -> bytes:
    org = ORGS[n % len(ORGS)]
    files = [(name, unique(content, f"candidature {n}, fichier {i}"), mime)
             for i, (name, content, mime, _) in enumerate(_application_files(n))]
    return _message(f"{org} <{applicant(n)}>", to, f"Candidature label Smart City - {org}",
                    "Bonjour,\n\nVeuillez trouver ci-joint notre candidature au label Béthune Smart City.\n\n"
                    f"Cordialement,\n{org}", files, when=when)


def unique(content: bytes, note: str) -> bytes:
    """The same document, made a file of its own by a comment (a JPEG COM segment, a line after a PDF's end,
    a ZIP archive's comment): two applicants never send the same bytes, and a file already read is not read
    again (adapters/readers.py), so the variants generated once must not repeat byte for byte."""
    text = note.encode()
    if content.startswith(b"\xff\xd8"):
        return content[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + content[2:]
    if content.startswith(b"%PDF"):
        return content + b"\n% " + text + b"\n"
    if content.startswith(b"PK") and content[-22:-18] == b"PK\x05\x06" and content[-2:] == b"\0\0":
        return content[:-2] + len(text).to_bytes(2, "little") + text
    raise ValueError("no way to make this file unique")


def applicant(n: int) -> str:
    return f"contact{n}@asso{n % 50}.example"


def expected_status(n: int) -> str:
    """What a correct reading makes of application n: complete when it holds the three kinds."""
    kinds = {f[3] for f in _application_files(n)}
    return "complete" if kinds == {"dossier", "courrier", "visuels"} else "incomplete"


@lru_cache(maxsize=None)
def _agenda() -> bytes:
    return d.pdf_text(d.AGENDA_LINES)


@lru_cache(maxsize=None)
def _invoice() -> bytes:
    return d.pdf_text(d.INVOICE_LINES)


def everyday(n: int, to: str, when: datetime) -> bytes:
    """A colleague's note, a newsletter, personal mail or an invitation (a few with a document)."""
    kind = n % 10
    if kind < 4:  # colleagues, one in four with a document
        files = [("ordre du jour.pdf", _agenda(), "application/pdf")] if n % 4 == 0 else []
        files += [("facture.pdf", _invoice(), "application/pdf")] if n % 7 == 0 else []
        return _message(f"Collègue {n} <agent{n % 40}@ville-bethune.fr>", to, f"Réunion de service n°{n}",
                        "Bonjour,\n\nPoint d'étape jeudi à 10 h en salle 2.\n\nBonne journée\n" * 3, files, when=when)
    if kind < 7:  # newsletters
        html = "<html><body>" + "".join(f"<h2>Actualité {i}</h2><p>{'Texte de la lettre. ' * 40}</p>"
                                         for i in range(6)) + "</body></html>"
        return _message(f"Lettre d'info <news@media{n % 9}.example>", to, f"Les actualités de la semaine {n}",
                        "Version texte de la lettre d'information.\n" * 20, html=html, when=when,
                        headers={"List-Id": f"<news{n % 9}.media.example>",
                                 "List-Unsubscribe": f"<https://media{n % 9}.example/unsub>",
                                 "Precedence": "bulk"})
    if kind < 9:  # personal mail
        return _message(f"Ami {n} <ami{n}@courriel.example>", to, "Des nouvelles",
                        "Coucou,\n\nOn se voit ce week-end ? Je t'embrasse.\n", when=when)
    return _message(f"Agenda <agenda{n % 5}@ville-bethune.fr>", to, f"Invitation : comité de pilotage {n}",
                    "Vous êtes invité(e) au comité de pilotage.\n", when=when,
                    attachments=[("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")])


def backlog(applications: int, everyday_count: int, to: str, start: datetime) -> list[bytes]:
    """The messages in order of arrival: applications spread among everyday mail."""
    total = applications + everyday_count
    every = total / applications if applications else 0
    out, a, e = [], 0, 0
    for i in range(total):
        when = start + timedelta(minutes=i)
        if applications and a < applications and (e >= everyday_count or i >= round(a * every)):
            out.append(application(a, to, when))
            a += 1
        else:
            out.append(everyday(e, to, when))
            e += 1
    return out


def big_photo_message(to: str, megabytes: int = 25) -> bytes:
    """One message of about 35 MiB: a large camera photo (a sensor-sized noisy JPEG) and a short dossier."""
    from io import BytesIO

    from PIL import Image

    width = 6000
    height = max(100, megabytes * 1024 * 1024 * 5 // (width * 3 * 2))  # noise at q95: ~half the raw size
    image = Image.frombytes("RGB", (width, height), random.Random(1).randbytes(width * height * 3))
    out = BytesIO()
    image.save(out, format="JPEG", quality=95)
    return _message("Grande Photo <photo@asso.example>", to, "Candidature avec photo haute définition",
                    "Bonjour,\n\nCi-joint notre candidature et une photo.\n",
                    [_dossier(0), ("IMG_9999.jpg", out.getvalue(), "image/jpeg")])


def fill_maildir(maildir: Path, messages: list[bytes], start: datetime, owner: tuple[int, int] | None) -> None:
    """Deliver into a Maildir's new/ as an MDA would; the file time is the reception date (INTERNALDATE)."""
    new = maildir / "new"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    host = os.uname().nodename
    for i, raw in enumerate(messages):
        path = new / f"{int(time.time())}.M{i:06d}P{os.getpid()}.{host},S={len(raw)}"
        path.write_bytes(raw.replace(b"\r\n", b"\n"))
        stamp = (start + timedelta(minutes=i)).timestamp()
        os.utime(path, (stamp, stamp))
    if owner is not None:
        for path in [maildir, *maildir.rglob("*")]:
            os.chown(path, *owner)


def rules_for_volume(directory: Path, new_cases_per_day: int = 100_000) -> Path:
    """The project's rules, copied into `directory`, with the daily bounds on acknowledgements of new cases and on
    all automatic mail (rules/conversations.toml new_cases_per_day and answers_per_day: backscatter bounds, 30 and
    150 by default) lifted: a benchmark files hundreds of real applications in one poll and checks that each one is
    acknowledged."""
    rules = directory / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "conversations.toml"
    text = path.read_text(encoding="utf-8")
    for key in ("new_cases_per_day", "answers_per_day"):
        text, found = re.subn(rf"(?m)^{key} = \d+$", f"{key} = {new_cases_per_day}", text)
        if found != 1:
            raise RuntimeError(f"{path}: no line « {key} = N » to lift")
    path.write_text(text, encoding="utf-8")
    return rules
