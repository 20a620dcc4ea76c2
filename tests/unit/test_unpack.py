"""Hostile and unusual containers given to `unpack` (intake/core/containers.py).

tests/unit/test_containers.py covers the everyday cases (nested ZIP, winmail.dat, attached .eml, bomb,
traversal, flag bit); these add real encrypted ZIPs, odd names, depth, mixed containers, and files that
break the decoders, among them two former bugs (an exception of a type containers.py did not list escaping
`unpack`; an accented winmail.dat name making the whole winmail.dat "corrupt").
"""

import io
import random
import shutil
import struct
import subprocess
import time
import tracemalloc
import unicodedata
import zipfile

import documents as d
import pytest

from intake.commands import samples
from intake.core.containers import Limits, unpack
from intake.core.message import Attachment
from intake.errors import OverLimit


def att(name, content, declared="application/octet-stream"):
    return Attachment(filename=name, content=content, declared_type=declared, inline=False)


def bomb(size: int = 300_000_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", b"\0" * size)
    return out.getvalue()


def test_a_zip_encrypted_by_the_zip_tool_is_flagged_and_its_clear_neighbours_kept(tmp_path):
    if shutil.which("zip") is None:
        pytest.fail("Debian's zip is missing: run `bash scripts/test.sh`")
    (tmp_path / "lettre.pdf").write_bytes(samples.pdf("Monsieur le Maire"))
    (tmp_path / "photo.jpg").write_bytes(samples.jpeg())
    subprocess.run(["zip", "-q", "-P", "motdepasse", "secret.zip", "lettre.pdf"], cwd=tmp_path, check=True)
    subprocess.run(["zip", "-q", "secret.zip", "photo.jpg"], cwd=tmp_path, check=True)  # added in clear
    archive = (tmp_path / "secret.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive)) as z:  # really encrypted (ZipCrypto), and that is the password
        assert z.read("lettre.pdf", pwd=b"motdepasse") == samples.pdf("Monsieur le Maire")
    files, flags = unpack([att("secret.zip", archive)])
    assert [(f.container, f.filename) for f in files] == [("secret.zip/", "photo.jpg")]
    assert [(f.filename, f.problem) for f in flags] == [("secret.zip/lettre.pdf", "encrypted")]


def test_odd_names_become_clean_base_names():
    names = ["../../../etc/cron.d/x.pdf", "C:\\Users\\marie\\Bureau\\lettre.pdf", "/abs/olute.pdf",
             "dossier\u202egpj.exe", "zero\u200bwidth.pdf", "tab\there.pdf", "....", "Re\u0301sume\u0301.pdf"]
    files, flags = unpack([att("noms.zip", d.zip_of({n: samples.pdf(n) for n in names}))])
    got = [f.filename for f in files]
    assert flags == [] and len(got) == len(names)
    for name in got:
        assert name and "/" not in name and "\\" not in name and not name.startswith(".")
        assert not any(unicodedata.category(c).startswith("C") for c in name), repr(name)
    assert {"x.pdf", "lettre.pdf", "olute.pdf", "Résumé.pdf"} <= set(got)


def test_nesting_stops_at_max_depth_and_says_so():
    inner = d.zip_of({"profond.pdf": samples.pdf()})
    for level in range(5):
        inner = d.zip_of({f"niveau{level}.zip": inner})
    files, flags = unpack([att("haut.zip", inner)], Limits(max_depth=3))
    assert [f.problem for f in flags] == ["too-deep"]
    assert [f.filename for f in files] == ["niveau2.zip"]  # kept unopened, for a person to look at


def test_a_bomb_inside_nested_archives_sets_the_message_aside_quickly_and_with_bounded_memory():
    nested = d.zip_of({"mid.zip": d.zip_of({"inner.zip": bomb(), "ok.pdf": samples.pdf()})})
    tracemalloc.start()
    started = time.process_time()
    with pytest.raises(OverLimit, match="plus de 100 fois leur taille"):  # the whole message: quarantined
        unpack([att("outer.zip", nested)])
    elapsed, peak = time.process_time() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 10 and peak < 100_000_000


def test_a_bomb_entry_alone_is_flagged_and_its_neighbours_kept():
    files, flags = unpack([att("photos.zip", d.zip_of({"zeros.bin": b"\0" * 300_000_000, "ok.pdf": samples.pdf()}))])
    assert [f.filename for f in files] == ["ok.pdf"]
    assert [(f.filename, f.problem) for f in flags] == [("photos.zip/zeros.bin", "archive-bomb")]


def test_the_total_expanded_size_is_capped_across_entries():
    entries = {f"f{i}.bin": random.Random(i).randbytes(4_000_000) for i in range(6)}  # no ratio to speak of
    two = d.zip_of(dict(list(entries.items())[:2]))
    files, flags = unpack([att("gros.zip", two)], Limits(max_total_bytes=10_000_000))
    assert len(files) == 2 and flags == []
    with pytest.raises(OverLimit, match="max_unpacked_bytes"):
        unpack([att("gros.zip", d.zip_of(entries))], Limits(max_total_bytes=10_000_000))


def test_documents_that_are_zips_stay_whole():
    for name, content in (("Dossier.odt", d.odt(["Dossier"])), ("Visuels.pptx", d.pptx(["Visuels"])),
                          ("Dossier.docx", d.docx(["Dossier"]))):
        files, flags = unpack([att(name, d.zip_of({name: content}))])
        assert flags == [] and [(f.filename, f.content) for f in files] == [(name, content)]


def test_executables_are_flagged_wherever_they_hide():
    exe, elf = b"MZ" + b"\0" * 300, b"\x7fELF\x02\x01\x01" + b"\0" * 300
    message = samples.email(sender="a@x.example", to=["b@y.example"], subject="s",
                            attachments=[("facture.pdf.exe", exe, "application/octet-stream"),
                                         ("lettre.pdf", samples.pdf(), "application/pdf")])
    containers = [att("a.zip", d.zip_of({"sous/b.zip": d.zip_of({"setup.exe": exe, "outil": elf})})),
                  att("winmail.dat", d.tnef({"install.exe": exe}), "application/ms-tnef"),
                  att("transfert.eml", message, "message/rfc822")]
    files, flags = unpack(containers)
    assert [(f.container, f.filename, f.forwarded) for f in files] == [("transfert.eml/", "lettre.pdf", True)]
    assert sorted((f.filename, f.problem) for f in flags) == [
        ("a.zip/b.zip/outil", "executable"), ("a.zip/b.zip/setup.exe", "executable"),  # clean names only
        ("transfert.eml/facture.pdf.exe", "executable"), ("winmail.dat/install.exe", "executable")]


def test_an_eml_inside_a_zip_gives_its_attachments_as_forwarded():
    message = samples.email(sender="a@x.example", to=["b@y.example"], subject="Candidature",
                            attachments=[("lettre.pdf", samples.pdf(), "application/pdf")])
    files, flags = unpack([att("envoi.zip", d.zip_of({"Candidature.eml": message, "photo.jpg": samples.jpeg()}))])
    assert flags == []
    assert sorted((f.container, f.filename, f.forwarded) for f in files) == [
        ("envoi.zip/", "photo.jpg", False), ("envoi.zip/Candidature.eml/", "lettre.pdf", True)]


def test_a_winmail_dat_gives_the_exact_bytes():
    photo = d.photo(size=(400, 300))
    files, flags = unpack([att("winmail.dat", d.tnef({"Presentation.jpg": photo}), "application/ms-tnef")])
    assert flags == [] and [(f.filename, f.content) for f in files] == [("Presentation.jpg", photo)]


def test_a_winmail_dat_with_an_accented_title_keeps_its_files():
    files, flags = unpack([att("winmail.dat", d.tnef({"Présentation été.jpg": d.photo()}), "application/ms-tnef")])
    assert flags == [] and [f.filename for f in files] == ["Présentation été.jpg"]


def corrupt_deflate() -> bytes:
    archive = bytearray(d.zip_of({"a.txt": b"bonjour " * 2000, "b.pdf": samples.pdf()}))
    start = archive.find(b"PK\x03\x04") + 30 + len("a.txt")
    for i in range(start + 5, start + 40):
        archive[i] ^= 0x55
    return bytes(archive)


def test_a_zip_with_a_corrupt_entry_is_flagged_not_raised():
    files, flags = unpack([att("abime.zip", corrupt_deflate())])
    assert "corrupt" in [f.problem for f in flags]


def tnef_attachment_data_first() -> bytes:
    """A TNEF stream whose attachment data comes before any attachment starts (tnefparse: UnboundLocalError)."""
    data = b"contenu"
    obj = struct.pack("<BHHI", 2, 0x800F, 0x0006, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)
    return struct.pack("<IH", 0x223E9F78, 1) + obj


def test_a_malformed_winmail_dat_is_flagged_not_raised():
    files, flags = unpack([att("winmail.dat", tnef_attachment_data_first(), "application/ms-tnef")])
    assert [f.problem for f in flags] == ["corrupt"]


def test_a_damaged_archive_gives_its_intact_files_or_a_flag_never_an_exception_nor_altered_bytes():
    entries = {"a.pdf": samples.pdf("x" * 3000), "b.txt": b"salut " * 5000}
    original, rnd = d.zip_of(entries), random.Random(7)
    outcomes = set()
    for _ in range(200):
        damaged = bytearray(original)
        for _ in range(rnd.randint(1, 8)):
            damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
        files, flags = unpack([att("a.zip", bytes(damaged))])
        assert files or flags, "the attachment vanished without a flag"
        for f in files:  # an entry comes out byte-exact (CRC checked), or the zip is kept whole as a file
            assert f.content == entries.get(f.filename) or (f.filename == "a.zip" and f.content == bytes(damaged))
        outcomes.add("flagged" if flags else "opened" if any(f.filename != "a.zip" for f in files) else "kept")
    assert outcomes == {"flagged", "opened", "kept"}
