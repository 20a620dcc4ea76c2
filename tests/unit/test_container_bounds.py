"""The work and the bytes one message's containers may cost (core/containers.py), whatever they hold.

winmail.dat: read object by object (linear, where tnefparse alone copies the rest of the stream for every
object), its objects and files counted; MAPI property blocks whose counts do not fit their bytes are not
decoded. ZIP: the bytes taken out of a message's archives are capped ([limits] max_unpacked_bytes) and
so is their ratio to the archives' size, for the whole message and not only per entry; the files once
opened count against [limits] max_attachments. Measured on the 2-CPU machine: the 12 MB winmail.dat of
400,000 files 0.02 s (was 217 s in the poller), the 0.28 MB ZIP of twenty 9.9 MB PDFs 0.2 s and 22 MB
expanded before it is set aside (was 198 MB stored); the tests allow 5 s.
"""

import io
import random
import struct
import time
import tracemalloc
import zipfile

import documents as d
import pytest

from intake.commands import samples
from intake.core.containers import Limits, unpack
from intake.core.message import Attachment
from intake.errors import OverLimit

TNEF_HEAD = struct.pack("<IH", 0x223E9F78, 1)
IMESSAGE_SIG = b"\x07\x03\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x46"


def att(name, content, declared="application/octet-stream"):
    return Attachment(filename=name, content=content, declared_type=declared, inline=False)


def obj(level: int, name: int, kind: int, data: bytes) -> bytes:
    return struct.pack("<BHHI", level, name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def start_file() -> bytes:
    return obj(2, 0x9002, 0x0006, b"\x01\x00\xff\xff\xff\xff" + b"\x00" * 8)  # attAttachRendData


def many_files(n: int) -> bytes:
    """The attacker's winmail.dat: n one-byte files (r06)."""
    return TNEF_HEAD + (start_file() + obj(2, 0x800F, 0x0006, b"x")) * n


def mapi(*props: bytes) -> bytes:
    return struct.pack("<I", len(props)) + b"".join(props)


def mapi_string(name: int, text: str) -> bytes:
    data = text.encode("cp1252") + b"\0"
    return struct.pack("<HHII", 0x001E, name, 1, len(data)) + data + b"\0" * (-len(data) % 4)


def mapi_object(name: int, data: bytes) -> bytes:
    return struct.pack("<HHII", 0x000D, name, 1, len(data)) + data + b"\0" * (-len(data) % 4)


def timed(call):
    """`call()` and the CPU time this process spent on it (not the wall clock: a pause of the machine costs nothing)."""
    started = time.process_time()
    result = call()
    return result, time.process_time() - started


def test_a_winmail_dat_of_400000_files_is_set_aside_in_seconds():
    blob = many_files(400_000)
    assert len(blob) > 12_000_000
    started = time.process_time()
    with pytest.raises(OverLimit, match="max_attachments"):
        unpack([att("winmail.dat", blob, "application/ms-tnef")], Limits(max_files=150))
    assert time.process_time() - started < 5


def test_a_winmail_dat_over_max_entries_is_cut_and_flagged_in_seconds():
    (files, flags), elapsed = timed(lambda: unpack([att("winmail.dat", many_files(400_000), "application/ms-tnef")],
                                                    Limits(max_files=10_000, max_entries=500)))
    assert len(files) == 500 and [f.problem for f in flags] == ["too-many-entries"] and elapsed < 5


def test_a_winmail_dat_of_objects_that_start_no_file_is_cut_too():
    blob = TNEF_HEAD + obj(1, 0x8004, 0x0001, b"sujet\0") * 2_000_000  # 36 MB of message-level objects
    (files, flags), elapsed = timed(lambda: unpack([att("winmail.dat", blob, "application/ms-tnef")]))
    assert files == [] and [f.problem for f in flags] == ["too-many-entries"] and elapsed < 5


def test_outlooks_own_attachment_properties_give_the_long_file_name():
    props = mapi(mapi_string(0x3707, "Dossier d'intention été.pdf"))
    blob = TNEF_HEAD + start_file() + obj(2, 0x8010, 0x0001, b"DOSSIE~1.PDF\0") + \
        obj(2, 0x800F, 0x0006, samples.pdf()) + obj(2, 0x9005, 0x0006, props)
    files, flags = unpack([att("winmail.dat", blob, "application/ms-tnef")])
    assert flags == [] and [(f.filename, f.content) for f in files] == [("Dossier d'intention été.pdf", samples.pdf())]


@pytest.mark.parametrize("props", [
    struct.pack("<I", 0xFFFFFFFF),  # four billion properties in four bytes
    struct.pack("<IHHI", 1, 0x1002, 0x3001, 0xFFFFFFFF),  # a multi-valued short of four billion values
    struct.pack("<IHHI", 1, 0x001E, 0x3707, 0xFFFFFFFF),  # a string of four billion values
])
def test_attachment_properties_whose_counts_do_not_fit_are_not_decoded(props):
    blob = TNEF_HEAD + start_file() + obj(2, 0x8010, 0x0001, b"lettre.pdf\0") + \
        obj(2, 0x800F, 0x0006, samples.pdf()) + obj(2, 0x9005, 0x0006, props)
    (files, flags), elapsed = timed(lambda: unpack([att("winmail.dat", blob, "application/ms-tnef")]))
    assert [f.filename for f in files] == ["lettre.pdf"] and flags == [] and elapsed < 5


def test_an_embedded_outlook_message_is_read_the_same_bounded_way():
    inner = many_files(200_000)  # the same attack, one level down
    blob = TNEF_HEAD + start_file() + obj(2, 0x9005, 0x0006, mapi(mapi_object(0x3701, IMESSAGE_SIG + inner)))
    started = time.process_time()
    with pytest.raises(OverLimit, match="max_attachments"):
        unpack([att("winmail.dat", blob, "application/ms-tnef")])
    assert time.process_time() - started < 5
    embedded = TNEF_HEAD + start_file() + obj(2, 0x9005, 0x0006,
                                                mapi(mapi_object(0x3701, IMESSAGE_SIG + d.tnef({"photo.jpg": b"jpg"}))))
    files, flags = unpack([att("winmail.dat", embedded, "application/ms-tnef")])
    assert [(f.container, f.filename) for f in files] == [("winmail.dat/piece-jointe-1/", "photo.jpg")] and flags == []


def test_files_are_counted_once_archives_are_opened():
    entries = {f"photo-{i}.jpg": samples.jpeg() + bytes([i % 256, i // 256]) for i in range(200)}
    with pytest.raises(OverLimit, match="plus de 150 fichiers"):
        unpack([att("photos.zip", d.zip_of(entries))], Limits(max_files=150))
    files, _ = unpack([att("photos.zip", d.zip_of(dict(list(entries.items())[:149]))),
                       att("lettre.pdf", samples.pdf())], Limits(max_files=150))
    assert len(files) == 150


def r07_archive() -> bytes:
    """Twenty PDFs of 9.9 MB each (under the per-entry ratio floor), in a 0.2 MB ZIP (r07)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(20):
            archive.writestr(f"dossier-intention-{i}.pdf",
                             samples.pdf(f"Projet {i}") + b"%" + b" " * 9_900_000)
    return out.getvalue()


def test_an_archive_that_expands_past_the_ratio_for_the_whole_message_sets_it_aside():
    archive = r07_archive()
    assert len(archive) < 400_000
    tracemalloc.start()
    started = time.process_time()
    with pytest.raises(OverLimit, match="plus de 100 fois leur taille"):
        unpack([att("candidature.zip", archive, "application/zip")])
    elapsed, peak = time.process_time() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5 and peak < 100_000_000


def test_archives_of_photos_and_documents_open_as_before():
    photos = {f"IMG_{i}.jpg": b"\xff\xd8\xff\xe0" + random.Random(i).randbytes(2_000_000) for i in range(20)}
    files, flags = unpack([att("photos.zip", d.zip_of(photos)), att("dossier.zip", d.zip_of({
        "dossier.docx": samples.docx(), "lettre.pdf": samples.pdf(), "notes.txt": b"Le projet " * 50_000}))])
    assert flags == [] and len(files) == 23 and sum(f.size for f in files) > 40_000_000


def test_the_cap_on_unpacked_bytes_holds_for_incompressible_entries():
    photos = {f"IMG_{i}.jpg": b"\xff\xd8\xff\xe0" + random.Random(i).randbytes(6_000_000) for i in range(10)}
    with pytest.raises(OverLimit, match="max_unpacked_bytes"):
        unpack([att("photos.zip", d.zip_of(photos))], Limits(max_total_bytes=50_000_000))


def _many_packages(n: int, suffix: str) -> bytes:
    """500 small files, then `n` entries each naming a folder « N{suffix}/ » as an iWork package's (Index/…)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for i in range(500):
            z.writestr(f"f{i}.txt", b"x")
        for i in range(n):
            z.writestr(f"{i}{suffix}/Index/Document.iwa", b"")
    return buffer.getvalue()


def test_the_iwork_packages_a_zip_names_cost_no_more_than_its_other_entries():
    """Each entry read looked for its package among every folder the archive named as one (« 1.key/ », « 2.key/ »…
    in its central directory, past the entries opened): 500 entries x 100,000 such folders took 2.0 s against 0.5 s
    for the same archive whose folders are no packages (13 MB), the more so the larger the archive."""
    def spent(data: bytes) -> float:
        start = time.monotonic()
        with pytest.raises(OverLimit):  # 500 files: over max_attachments, once the archive is taken apart
            unpack([att("x.zip", data)])
        return time.monotonic() - start

    plain_zip, packages_zip = _many_packages(100_000, ".kez"), _many_packages(100_000, ".key")
    # the best of three runs each, taken in turn: one pause of a busy machine (CI once: 1.9 s against 0.7 s) is no cost
    runs = [(spent(plain_zip), spent(packages_zip)) for _ in range(3)]
    plain, packages = min(r[0] for r in runs), min(r[1] for r in runs)
    assert packages < 2 * plain + 0.5, runs
