"""The receipt attached to the acknowledgement: a real PDF whose hashes are those of the stored files."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

from localsite import PROJECT

from intake.adapters.storage import BlobStore
from intake.commands import samples

NB = "n.bataillon@ville-bethune.fr"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "recu.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr  # it opens as a PDF
    return result.stdout


def receipts(mail) -> list[bytes]:
    return [p.get_content() for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]


def test_the_acknowledgement_carries_a_receipt_listing_each_stored_file_with_its_hash(local, tmp_path):
    files = {"Dossier d'intention – Vélo.pdf": samples.pdf("Dossier d'intention"),
             "Courrier au Maire.pdf": samples.pdf("Monsieur le Maire"), "photo.jpg": samples.jpeg(70_000)}
    local.drop("nb", "1.eml", samples.email(
        sender="Jeanne <jeanne@asso.example>", to=[NB], subject="Candidature",
        attachments=[(name, content, "application/pdf" if name.endswith("pdf") else "image/jpeg")
                     for name, content in files.items()]))
    assert local.cli("poll")[0] == 0
    (ack,) = local.sent()
    (pdf,) = receipts(ack)
    (part,) = [p for p in ack.iter_attachments() if p.get_content_type() == "application/pdf"]
    reference = local.cli("cases", "--json")[1].split('"reference": "')[1].split('"')[0]
    assert part.get_filename() == f"recepisse-{reference}.pdf"
    text = pdf_text(pdf, tmp_path)
    assert reference in text and "Date et heure de réception" in text
    store = BlobStore(local.root / "data" / "files")
    detail = local.cli("case", reference, "--json")[1]
    for name, content in files.items():
        digest = hashlib.sha256(content).hexdigest()
        assert digest in text, name  # the hash printed is the file's ...
        assert hashlib.sha256(store.path(digest).read_bytes()).hexdigest() == digest  # ... and the stored file's
        assert name in " ".join(text.split()) and f"{len(content):,}".replace(",", " ") in text.replace("\u00a0", " ")
        assert digest in detail
    flat = " ".join(text.split())
    assert "Vos données personnelles" in flat and "6 mois sans nouvelle de votre part ni du service" in flat
    # in the applicant's words, not the register's (« candidat », statuses, when staff are warned)
    assert "s'il est labellisé : la durée du label (3 ans), puis 2 ans" in flat
    for staff_words in ("candidat ni action", "à vérifier ou recevable", "signalé au service"):
        assert staff_words not in flat, staff_words


def test_the_receipt_of_new_pieces_lists_every_file_of_the_case(local, tmp_path):
    local.drop("nb", "1.eml", local.application(sender="a@asso.example", pieces=("dossier",),
                                                message_id="<first@asso.example>"))
    assert local.cli("poll")[0] == 0
    reference = local.cli("cases", "--json")[1].split('"reference": "')[1].split('"')[0]
    letter = samples.pdf("Monsieur le Maire, lettre signée")
    local.drop("nb", "2.eml", samples.email(sender="a@asso.example", to=[NB], subject=f"RE: [{reference}] Candidature",
                                            attachments=[("lettre maire.pdf", letter, "application/pdf")],
                                            headers={"In-Reply-To": "<first@asso.example>"}))
    assert local.cli("poll")[0] == 0
    first, second = local.sent()
    assert len(receipts(first)) == 1 and len(receipts(second)) == 1
    text = pdf_text(receipts(second)[0], tmp_path)
    dossier = samples.pdf("Dossier d'intention\nCandidature")  # as local.application makes it (its subject)
    assert hashlib.sha256(letter).hexdigest() in text and hashlib.sha256(dossier).hexdigest() in text


def test_rules_check_refuses_a_receipt_without_the_hashes(local):
    shutil.copytree(PROJECT / "templates", local.root / "templates")
    local.config.write_text(local.config.read_text().replace(f'templates_dir = "{PROJECT / "templates"}"',
                                                             'templates_dir = "templates"'), encoding="utf-8")
    body = local.root / "templates" / "receipt" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8").replace("= SHA-256 : {{ f.sha256 }}", ""), encoding="utf-8")
    code, out = local.cli("rules", "check")
    assert code == 2 and str(body) in out and "SHA-256" in out
    body.write_text("{{ reference }} {{ received_at }} {% for f in files %}{{ f.nom }}{% endfor %}", encoding="utf-8")
    code, out = local.cli("rules", "check")
    assert code == 2 and "receipt/body.txt.j2" in out and "nom" in out


def test_a_receipt_is_small_in_french_and_still_right_with_other_alphabets(local, tmp_path):
    local.drop("nb", "1.eml", local.application(sender="a@asso.example"))
    local.drop("nb", "2.eml", samples.email(
        sender="Олена <olena@asso.example>", to=[NB], subject="Candidature",
        attachments=[("Dossier d'intention – Проєкт.pdf", samples.pdf("Dossier d'intention"), "application/pdf")]))
    assert local.cli("poll")[0] == 0
    french, other = (receipts(m)[0] for m in local.sent())
    assert len(french) < 10_000  # the standard fonts: nothing embedded
    text = pdf_text(other, tmp_path)
    assert "Проєкт" in text and "Олена" not in text  # the display name is the sender's to choose: never printed
