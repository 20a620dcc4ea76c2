import io
import random
import time
import tracemalloc
import zipfile

import documents as d
import pytest

from intake.commands import samples
from intake.core.containers import Limits, unpack
from intake.core.message import Attachment


def att(name, content, declared="application/octet-stream"):
    return Attachment(filename=name, content=content, declared_type=declared, inline=False)


def test_a_nested_zip_gives_its_files_with_where_they_came_from():
    inner = d.zip_of({"photos/IMG_1.jpg": samples.jpeg()})
    files, flags = unpack([att("dossier.zip", d.zip_of({"Dossier.docx": samples.docx(), "photos.zip": inner}))])
    assert flags == []
    assert sorted(f.filename for f in files) == ["Dossier.docx", "IMG_1.jpg"]
    photo = next(f for f in files if f.filename == "IMG_1.jpg")
    assert photo.container == "dossier.zip/photos.zip/" and photo.content == samples.jpeg()


def test_office_documents_are_not_opened_as_archives():
    files, _ = unpack([att("Dossier.docx", samples.docx())])
    assert [f.filename for f in files] == ["Dossier.docx"]


def test_a_zip_bomb_is_flagged_without_being_expanded():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", b"\0" * 300_000_000)
    bomb = out.getvalue()
    tracemalloc.start()
    started = time.process_time()
    files, flags = unpack([att("photos.zip", bomb)])
    elapsed, peak = time.process_time() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert files == [] and [f.problem for f in flags] == ["archive-bomb"]
    assert elapsed < 10 and peak < 100_000_000


def test_names_never_carry_a_path():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("../../etc/passwd", b"x" * 10)
        z.writestr("/abs/olute.pdf", samples.pdf())
        z.writestr("C:\\\\Windows\\\\evil.pdf", samples.pdf())
    files, _ = unpack([att("a.zip", out.getvalue())])
    assert sorted(f.filename for f in files) == ["evil.pdf", "olute.pdf", "passwd"]


def test_an_encrypted_entry_is_flagged():
    raw = bytearray(d.zip_of({"secret.pdf": samples.pdf()}))
    # set the "encrypted" bit (bit 0 of the general purpose flags) in the local and central headers
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        raw[at + offset] |= 0x01
    files, flags = unpack([att("secret.zip", bytes(raw))])
    assert files == [] and [f.problem for f in flags] == ["encrypted"]


def test_executables_are_dropped_and_flagged_even_inside_archives():
    files, flags = unpack([att("x.zip", d.zip_of({"setup.exe": b"MZ" + b"\0" * 300, "a.pdf": samples.pdf()}))])
    assert [f.filename for f in files] == ["a.pdf"] and [f.problem for f in flags] == ["executable"]


def test_winmail_dat_gives_the_files_outlook_packed():
    blob = d.tnef({"Dossier d'intention.pdf": samples.pdf(), "photo.jpg": samples.jpeg()})
    files, flags = unpack([att("winmail.dat", blob, "application/ms-tnef")])
    assert flags == [] and sorted(f.filename for f in files) == ["Dossier d'intention.pdf", "photo.jpg"]
    assert next(f for f in files if f.filename == "photo.jpg").content == samples.jpeg()


@pytest.mark.parametrize("as_objects", [False, True])
def test_winmail_dat_of_a_recent_outlook_gives_each_file_under_its_long_name(as_objects):
    """Its title is an 8.3 name: the real one is a MAPI property, beside others of variable length; the file's bytes
    may be a MAPI property too (a review found both lost: the name fell back to 8.3, and such a file vanished)."""
    packed = {"Dossier d'intention - Roue Libre.pdf": samples.pdf(), "Lettre à Monsieur le Maire.pdf": samples.pdf("x"),
              "Photo atelier été.jpg": samples.jpeg()}
    blob = d.tnef(packed, long_names=True, as_objects=as_objects)
    files, flags = unpack([att("winmail.dat", blob, "application/ms-tnef")])
    assert flags == [] and {f.filename: f.content for f in files} == packed


def test_winmail_dat_files_outlook_gave_no_name_are_named_by_their_place():
    blob = d.tnef({"": samples.pdf(), "photo.jpg": samples.jpeg(), " ": samples.pdf("x")})
    files, _ = unpack([att("winmail.dat", blob, "application/ms-tnef")])
    assert [f.filename for f in files] == ["piece-jointe-1", "photo.jpg", "piece-jointe-3"]


def test_an_attached_eml_gives_its_attachments():
    inner = samples.email(sender="a@x.example", to=["b@y.example"], subject="s",
                          attachments=[("lettre.pdf", samples.pdf(), "application/pdf")])
    files, _ = unpack([att("message.eml", inner, "application/octet-stream")])
    assert [f.filename for f in files] == ["lettre.pdf"] and files[0].forwarded


def test_too_many_entries_are_cut_and_flagged():
    files, flags = unpack([att("many.zip", d.zip_of({f"f{i}.txt": b"x" for i in range(20)}))], Limits(max_entries=5))
    assert len(files) == 5 and flags[0].problem == "too-many-entries"


def test_a_corrupt_archive_is_kept_as_is_and_flagged():
    files, flags = unpack([att("broken.zip", b"PK\x03\x04" + b"\x00" * 50)])
    assert [f.filename for f in files] == ["broken.zip"] and flags[0].problem == "corrupt"


MSG = __import__("pathlib").Path(__file__).resolve().parents[1] / "corpus" / "msgreader"


def _item(name: str) -> Attachment:
    return Attachment(filename=name, content=(MSG / name).read_bytes(), declared_type="application/vnd.ms-outlook",
                      inline=False)


def test_an_outlook_item_gives_its_files_and_its_pictures_shown_in_its_body_stay_inline():
    files, flags = unpack([_item("EmailWithAttachments.msg")])
    assert [(f.container, f.filename, f.inline, f.forwarded) for f in files] == [
        ("EmailWithAttachments.msg/", "peterpan.jpg", False, True),
        ("EmailWithAttachments.msg/", "tinkerbell.jpg", True, True)] and flags == []


def test_an_outlook_item_s_files_are_bounded_in_size_and_its_attached_messages_in_depth():
    files, flags = unpack([_item("EmailWithAttachments.msg")], Limits(max_file_bytes=40_000))
    assert [f.filename for f in files] == ["peterpan.jpg"]
    assert [(f.filename, f.problem) for f in flags] == [("EmailWithAttachments.msg/tinkerbell.jpg", "too-large")]
    files, flags = unpack([_item("EmailWithMsgAttachment.msg")], Limits(max_depth=1))
    assert files == [] and [f.problem for f in flags] == ["too-deep"]


def test_an_ole_document_that_is_no_outlook_item_is_not_opened_as_one():
    from intake.core.sniff import detect_type

    item = (MSG / "EmailWithAttachments.msg").read_bytes()
    assert detect_type(item) == "msg"
    assert detect_type(item.replace("__properties_version1.0".encode("utf-16-le"), b"x" * 46)) != "msg"


@pytest.mark.parametrize("entries", [["Index/Document.iwa", "preview.jpg"], ["Index/Presentation.iwa", "Data/a.jpg"],
                                     ["Metadata/Properties.plist", "Index/Metadata.iwa", "preview.jpg"]],
                         ids=["pages-numbers", "keynote", "metadata-first"])
def test_apple_iwork_documents_are_one_document_and_never_unpacked(entries):
    from intake.core.sniff import detect_type

    package = d.zip_of({name: d.photo() if name.endswith(".jpg") else b"\x00\x01" * 300 for name in entries})
    assert detect_type(package) == "iwork"
    files, flags = unpack([Attachment(filename="Dossier.pages", content=package, declared_type="", inline=False)])
    assert [f.filename for f in files] == ["Dossier.pages"] and flags == []
    assert detect_type(d.zip_of({"Index/notes.txt": b"x", "photo.jpg": d.photo()})) == "zip"


def test_what_an_outlook_item_gives_counts_against_the_message_s_unpacked_bytes():
    from intake.errors import OverLimit

    with pytest.raises(OverLimit):
        unpack([_item("EmailWithAttachments.msg")], Limits(max_total_bytes=50_000))


def test_names_in_a_zip_from_windows_send_to_compressed_folder_are_read_in_the_french_oem_code_page():
    """Windows' « Envoyer vers > Dossier compressé » writes CP850 names without the UTF-8 flag; read as CP437 (zipfile's
    default), « À » was « ╖ » and « Ô » « Γ » in our mails. Lower-case accents read the same either way."""
    import moreclients as mc

    names = ["Candidature/LETTRE À MONSIEUR LE MAIRE.pdf", "Candidature/Présentation ÉTÉ (Ô).pdf",
             "Candidature/Dossier d'intention - Béthune.docx"]
    files, flags = unpack([att("Candidature.zip", mc.windows_zip({n: samples.pdf() for n in names}))])
    assert flags == [] and sorted(f.filename for f in files) == sorted(n.split("/")[1] for n in names)


def _package(root: str, extra: dict | None = None) -> dict:
    """An iWork document saved as a package (a folder), as Apple Mail zips it: its files under « root/ »."""
    return {f"{root}/{name}": content for name, content in {
        "Index/Document.iwa": b"\x00\x01" * 300, "Metadata/Properties.plist": b"bplist00" + bytes(40),
        "preview.jpg": d.photo(), "preview-web.jpg": d.photo(size=(300, 420)), "Data/photo-1.jpg": d.photo(),
        **(extra or {})}.items()}


def test_an_iwork_package_zipped_by_apple_mail_is_one_document_not_its_thumbnails():
    """« Dossier.pages.zip »: its preview.jpg was read (OCR) as the dossier and preview-web.jpg counted as a visual,
    the case complete on pictures of a page. The package is one iWork document, as a single-file one is."""
    from intake.core.sniff import detect_type

    entries = {**_package("Candidature/Dossier d’intention.pages"), **_package("Jardins.key"),
               "Candidature/Lettre.pdf": samples.pdf()}
    files, flags = unpack([att("Dossier d’intention.pages.zip", d.zip_of(entries))])
    assert sorted(f.filename for f in files) == ["Dossier d’intention.pages", "Jardins.key", "Lettre.pdf"], files
    assert flags == []
    for f in files:
        assert detect_type(f.content) == ("pdf" if f.filename == "Lettre.pdf" else "iwork")
    (pages,) = [f for f in files if f.filename.endswith(".pages")]
    with zipfile.ZipFile(io.BytesIO(pages.content)) as document:  # the package whole, at its own root
        assert sorted(document.namelist()) == ["Data/photo-1.jpg", "Index/Document.iwa", "Metadata/Properties.plist",
                                               "preview-web.jpg", "preview.jpg"]


def test_a_folder_named_like_a_package_without_an_iwork_index_is_opened_as_any_folder():
    files, _ = unpack([att("photos.zip", d.zip_of({"Vacances.key/photo.jpg": d.photo()}))])
    assert [f.filename for f in files] == ["photo.jpg"]


def test_a_program_inside_a_zipped_iwork_package_is_dropped_and_flagged():
    exe = b"MZ" + b"\0" * 300
    files, flags = unpack([att("d.zip", d.zip_of(_package("Dossier.pages", {"Data/setup.exe": exe})))])
    assert [f.filename for f in files] == ["Dossier.pages"] and [f.problem for f in flags] == ["executable"]
    with zipfile.ZipFile(io.BytesIO(files[0].content)) as document:
        assert "Data/setup.exe" not in document.namelist()


def test_an_iwork_09_package_zipped_is_one_document_by_its_quicklook_preview():
    """Pages '09 and older (index.xml.gz, QuickLook/): no Index/*.iwa, its QuickLook/Preview.pdf marks it."""
    entries = {"Lettre.pages/index.xml.gz": b"\x1f\x8b" + bytes(60),
               "Lettre.pages/QuickLook/Preview.pdf": samples.pdf(), "Lettre.pages/QuickLook/Thumbnail.jpg": d.photo()}
    files, flags = unpack([att("Lettre.pages.zip", d.zip_of(entries))])
    assert [f.filename for f in files] == ["Lettre.pages"] and flags == []


def test_a_zipped_iwork_package_is_one_file_within_the_size_a_file_may_have():
    """The package is zipped again as one document: its inner files, each under [max_file_bytes], made one file of
    up to max_unpacked_bytes (a 100 MB « Dossier.pages » out of a small archive, stored as a piece). Over the size one
    file may have, it is set aside as a file that size would be, with none of its inner files."""
    limits = Limits(max_file_bytes=1_000_000)
    inner = {f"Data/image-{n}.bin": random.Random(n).randbytes(300_000) for n in range(5)}  # 1.5 MB in all
    files, flags = unpack([att("Dossier.pages.zip", d.zip_of({**_package("Dossier.pages", inner),
                                                              "Lettre.pdf": samples.pdf()}))], limits)
    assert [f.filename for f in files] == ["Lettre.pdf"], files
    assert [(f.filename, f.problem) for f in flags] == [("Dossier.pages.zip/Dossier.pages", "too-large")]
    small, flags = unpack([att("Dossier.pages.zip", d.zip_of(_package("Dossier.pages")))], limits)
    assert [f.filename for f in small] == ["Dossier.pages"] and flags == []
