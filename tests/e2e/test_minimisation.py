"""No byte of a message that is not an application is stored: the marker test against the real Dovecot.

Colleagues' mail, newsletters, personal mail and an out-of-office reply carry a unique marker in
their subject, body, attachment names and attachment contents, among real applications (and mail the later
features read more of: a signature's banner shown in the body, an attached Outlook item, a forward of a
forward, a link behind Safe Links). After
`intake poll`, and after a poll killed in the middle, the marker appears nowhere under data_dir
(files, database, write-ahead log) nor in the logs, in any encoding a stored copy would have
(as is, base64 at each alignment, quoted-printable). The applications' own control text is found
there: the search can see what is stored. A reader killed by the reading budget leaves nothing either,
in data_dir's scratch folder or in the system's temporary folder.
"""

from __future__ import annotations

import base64
import email.message
import io
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import clientmail

from intake.commands import samples

PROJECT = Path(__file__).resolve().parents[2]
MSGREADER = PROJECT / "tests" / "corpus" / "msgreader"


def forms(marker: str) -> list[bytes]:
    """How a stored copy of `marker` could look: as is, or inside base64 at any of the three alignments."""
    raw = marker.encode()
    out = [raw, raw.lower()]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        start = -(-shift * 4 // 3) + 1  # skip the characters that depend on the bytes before the marker
        out.append(encoded[start:-4])
    return out


def stored(data_dir: Path) -> bytes:
    """Every byte under data_dir (database, WAL, files, anything else), and the same without line breaks."""
    blob = b"\n".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())
    return blob + b"\n" + blob.replace(b"\r\n", b"").replace(b"\n", b"")


def found_in(haystack: bytes, marker: str) -> list[bytes]:
    return [f for f in forms(marker) if f in haystack]


def not_applications(intake, marker: str) -> list[bytes]:
    nb = intake.nb
    colleague_domain = "ville-bethune.fr"
    return [
        samples.email(  # a colleague: meeting notes and an agenda
            sender=f"Service Urbanisme <urbanisme@{colleague_domain}>", to=[nb], subject=f"Réunion jeudi {marker}",
            body=f"Bonjour,\nvoici l'ordre du jour. {marker}\nBonne journée",
            attachments=[(f"ordre-du-jour-{marker}.txt", f"1. Budget {marker}\n2. Divers\n".encode(), "text/plain"),
                         (f"compte-rendu-{marker}.pdf", samples.pdf(f"Compte rendu de réunion {marker}"),
                          "application/pdf"),
                         ("invitation.ics", f"BEGIN:VCALENDAR\nSUMMARY:Réunion {marker}\nEND:VCALENDAR\n".encode(),
                          "text/calendar")]),
        samples.email(  # a newsletter, with its programme
            sender="La Gazette des Communes <lettre@gazette.example>", to=[nb], subject=f"Lettre n° 412 {marker}",
            body=f"Cette semaine : le label, la ville intelligente... {marker}",
            headers={"List-Unsubscribe": "<mailto:desabo@gazette.example>", "List-Id": "<gazette.example>"},
            attachments=[(f"programme-{marker}.pdf", samples.pdf(f"Programme du salon {marker}"), "application/pdf")]),
        samples.email(  # personal mail: photos, a recipe, an invoice
            sender="Maman <maman@famille.example>", to=[nb], subject=f"Photos du week-end {marker}",
            body=f"Bisous, et voici la recette. {marker}",
            attachments=[("IMG_2041.jpg", samples.jpeg(90_000) + marker.encode(), "image/jpeg"),
                         (f"recette-{marker}.txt", f"Gâteau {marker}".encode(), "text/plain"),
                         (f"facture-{marker}.pdf", samples.pdf(f"Facture n° 42 {marker} montant TTC"),
                          "application/pdf")]),
        samples.email(  # an out-of-office reply
            sender="Jean Dupont <j.dupont@entreprise.example>", to=[nb], subject=f"Réponse automatique : {marker}",
            body=f"Je suis absent jusqu'au 3. {marker}", headers={"Auto-Submitted": "auto-replied"}),
        samples.email(  # a question with no file
            sender="Camille <camille@exemple.example>", to=[nb], subject=f"Question {marker}",
            body=f"Quelle est la date limite ? {marker}"),
        *newer_kinds(intake, marker),
    ]


def newer_kinds(intake, marker: str) -> list[bytes]:
    """Mail that the later features read more of: a picture shown in the body over shown_image_min_size (a
    signature's banner), an attached Outlook item (.msg), a forward of a forward, a link behind Safe Links."""
    nb = intake.nb
    banner = email.message.EmailMessage()  # a partner writes about the label; her signature shows a 70 kB banner
    banner["From"], banner["To"] = "Claire Martin <claire.martin@agence-com.example>", nb
    banner["Subject"] = f"Label Smart City : réunion jeudi {marker}"
    banner["Message-ID"] = "<signature-banner-1@agence.example>"  # the ledger keeps it: no marker there
    banner.set_content(f"Bonjour,\nune réunion jeudi au sujet du label ? {marker}\nClaire Martin")
    banner.add_alternative(f'<p>Une réunion jeudi ? {marker}</p><div id="Signature"><img src="cid:banner001"></div>',
                           subtype="html")
    banner.get_payload()[1].add_related(samples.jpeg(70_000, seed=4) + marker.encode(), "image", "jpeg",
                                        cid="<banner001>", filename=f"image001-{marker}.jpg", disposition="inline")
    item = (MSGREADER / "EmailWithAttachments.msg").read_bytes()  # two photos, its own sender and headers
    chain = (f"Pour info.\n\n---------- Message transféré ---------\nDe : Accueil <accueil@ville-bethune.fr>\n"
             f"Objet : TR: travaux {marker}\n\nÀ voir.\n\n---------- Message transféré ---------\n"
             f"De : Voirie <voirie@ville-bethune.fr>\nObjet : travaux {marker}\n\nLe planning. {marker}\n")
    link = clientmail.safelinks(f"https://we.tl/t-{marker}")
    return [
        banner.as_bytes(),
        samples.email(  # personal mail: an Outlook item dragged in, with its photos
            sender="Paul Voisin <paul.voisin@perso.example>", to=[nb], subject=f"Souvenirs {marker}",
            body=f"Je te transfère le message de Tata. {marker}",
            attachments=[(f"vacances-{marker}.msg", item, "application/vnd.ms-outlook")]),
        samples.email(  # a colleague's mail forwarded between town addresses, twice
            sender="Service Urbanisme <urbanisme@ville-bethune.fr>", to=[nb], subject=f"TR: TR: travaux {marker}",
            body=chain, attachments=[(f"planning-{marker}.pdf", samples.pdf(f"Planning {marker}"),
                                      "application/pdf")]),
        samples.email(  # a newsletter whose links a mail filter rewrote
            sender="Salon <news@salon.example>", to=[nb], subject=f"Le salon {marker}",
            body=f"Les photos du salon : {link} {marker}",
            headers={"List-Unsubscribe": "<mailto:desabo@salon.example>", "List-Id": "<salon.example>"}),
    ]


def applications(intake, control: str) -> list[bytes]:
    return [intake.application(sender=f"Asso {n} <asso{n}@velo.example>", subject=f"Candidature {control}-{n}",
                               message_id=f"<app-{n}-{control}@velo.example>") for n in range(3)]


def deliver_mixed(intake, marker: str, control: str) -> None:
    apps, others = applications(intake, control), not_applications(intake, marker)
    for n, raw in enumerate(others):
        intake.deliver(raw, intake.nb)
        if n < len(apps):
            intake.deliver(apps[n], intake.nb)


def run_poll(intake, *wrapper: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if wrapper:
        command = [sys.executable, "-c", "\n".join(wrapper), str(intake.config)]
    else:
        command = [sys.executable, "-m", "intake", "--config", str(intake.config), "-v", "poll"]
    return subprocess.run(command, capture_output=True, timeout=300, env=env)


def test_after_a_poll_the_marker_is_nowhere_under_data_dir_nor_in_the_logs(intake):
    marker, control = f"ZQXMARK{uuid.uuid4().hex[:12].upper()}", f"CTRL{uuid.uuid4().hex[:8].upper()}"
    deliver_mixed(intake, marker, control)
    result = run_poll(intake)
    assert result.returncode == 0, result.stderr.decode()
    cases = intake.cases()
    assert len(cases) == 3 and len(intake.smtp.messages) == 3  # the applications, and only them
    data = stored(intake.config.parent / "data")
    assert found_in(data, marker) == []
    assert found_in(result.stdout + result.stderr, marker) == []
    assert control.encode() in data  # the search sees what is stored: the applications' subjects and raw mail
    assert b"ignored" in result.stderr and b"UID 1" in result.stderr  # the logs were written (-v)
    for sender in (b"asso0@velo.example", b"maman@famille.example", b"urbanisme@ville-bethune.fr", b"Maman",
                   b"claire.martin@agence-com.example", b"paul.voisin@perso.example", b"voirie@ville-bethune.fr",
                   b"we.tl"):
        assert sender not in result.stderr, sender  # the journal keeps what it is given: nobody's address


CRASH = """
import os, sys
import intake.pipeline.ingest as ingest
marker, when = {marker!r}, {when!r}
real_apply, real_read = ingest.apply, ingest.read_message
def read_message(raw, *args, **kw):
    reading = real_read(raw, *args, **kw)
    if when == "read" and marker.encode() in raw:
        os._exit(137)  # killed while a non-application is in memory, read but not decided
    return reading
def apply(app, s, row, msg, decision, *args, **kw):
    real_apply(app, s, row, msg, decision, *args, **kw)
    s.flush()
    if when == "apply" and marker in (msg.subject or "") and msg.from_addr.startswith("lettre@"):
        os._exit(137)  # killed inside the transaction of a newsletter
    if when == "filed" and msg.subject.endswith("-1"):
        os._exit(137)  # killed after an application's files were written, before the commit
ingest.read_message, ingest.apply = read_message, apply
from intake.cli import main
main(["--config", sys.argv[1], "-v", "poll"])
"""


def test_after_a_crash_in_the_middle_of_a_poll_the_marker_is_nowhere_and_nothing_is_lost_or_twice(intake):
    marker, control = f"ZQXMARK{uuid.uuid4().hex[:12].upper()}", f"CTRL{uuid.uuid4().hex[:8].upper()}"
    deliver_mixed(intake, marker, control)
    logs = b""
    for when in ("read", "apply", "filed"):
        crashed = run_poll(intake, CRASH.format(marker=marker, when=when))
        assert crashed.returncode == 137, (when, crashed.stderr.decode())
        logs += crashed.stdout + crashed.stderr
        assert found_in(stored(intake.config.parent / "data"), marker) == [], when
    finished = run_poll(intake)
    assert finished.returncode == 0, finished.stderr.decode()
    logs += finished.stdout + finished.stderr
    assert found_in(stored(intake.config.parent / "data"), marker) == []
    assert found_in(logs, marker) == []
    cases = intake.cases()
    assert sorted(c["applicant"] for c in cases) == ["asso0@velo.example", "asso1@velo.example", "asso2@velo.example"]
    assert len(intake.smtp.messages) == 3  # each acknowledged once
    assert control.encode() in stored(intake.config.parent / "data")


def scanned_pdf(marker: str, pages: int = 8, dense: bool = False) -> bytes:
    """A colleague's scan (pages of text as pictures, only OCR reads it), with the marker in its bytes: a copy
    of the file anywhere on disk would hold it. A page takes about 1.6 s to OCR on the project's 2-CPU machine; a
    `dense` one (smaller letters, lines full), about 9 s."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=20 if dense else 36)
    images = []
    for page in range(pages):
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        for y in range(60, 2280, 28) if dense else range(120, 2200, 54):
            line = f"Compte personnel page {page} ligne {y} : texte prive du collegue"
            draw.text((60, y) if dense else (120, y), f"{line} {line}" if dense else line, fill=0, font=font)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=200)
    return out.getvalue() + f"\n%{marker}\n".encode()


def test_after_a_reader_is_killed_by_the_reading_budget_nothing_of_the_mail_is_left_in_scratch_or_tmp(intake, tmp_path):
    """S8: the reading budget runs out while a reader OCRs a personal mail's scans, and the reader is killed with
    its tools in the middle of its work. With one reading process, the second scan starts being read when
    the first is done, with a deadline of its own later than the message's: the message's deadline kills
    it while its tesseract runs, the attachment's copy and its pages on disk. Those scratch files were under
    data_dir/scratch, and are gone once the poll ends; the system's temporary folder (TMPDIR: a private one
    for this test) never saw them. The second scan's pages are dense (minutes of OCR for its first ten pages, where
    its sparse pages took 18 s here, within reach of 8 s on a machine twice as fast)."""
    marker = f"ZQXMARK{uuid.uuid4().hex[:12].upper()}"
    intake.config.write_text(intake.config.read_text() + "\n[limits]\nread_seconds = 8\nread_processes = 1\n",
                             encoding="utf-8")
    scans = [("scan-1.pdf", scanned_pdf(marker + "A", pages=1), "application/pdf"),
             ("scan-2.pdf", scanned_pdf(marker + "B", pages=12, dense=True), "application/pdf")]
    intake.deliver(samples.email(sender="Jean Voisin <jean.voisin@perso.example>", to=[intake.nb],
                                 subject="les photos de famille", body="Salut, voici les scans.", attachments=scans),
                   intake.nb)
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(system_tmp),
               PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-m", "intake", "--config", str(intake.config), "-v", "poll"],
                            capture_output=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert re.search(rb"reading budget of \d+ s spent: \d file\(s\) not read", result.stderr), result.stderr.decode()
    assert b"UID 1 from [adresse]: ignored" in result.stderr and b"jean.voisin" not in result.stderr
    data = intake.config.parent / "data"
    assert (data / "scratch").is_dir() and list((data / "scratch").iterdir()) == []
    assert found_in(stored(data), marker) == []
    assert list(system_tmp.rglob("*")) == []
    assert found_in(result.stdout + result.stderr, marker) == []
