"""core/pdf_script.py: a PDF that may carry JavaScript, however it hides it, is found (attack29); an ordinary one
is not."""

import zlib

import pytest

from intake.commands import samples
from intake.core.pdf_script import may_run_script


def pdf(*objects: bytes) -> bytes:
    body = b"".join(b"%d 0 obj" % n + o + b"endobj\n" for n, o in enumerate(objects, 1))
    return b"%PDF-1.5\n" + body + b"trailer<</Root 1 0 R>>\n%%EOF\n"


CATALOG = b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>"
PAGES, PAGE = b"<</Type/Pages/Kids[3 0 R]/Count 1>>", b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"


def stream(data: bytes, extra: bytes = b"/Filter/FlateDecode") -> bytes:
    return b"<<%s/Length %d>>stream\n%s\nendstream" % (extra, len(data), data)


def test_an_ordinary_pdf_carries_no_script():
    assert not may_run_script(samples.pdf("Monsieur le Maire, j'ai l'honneur de solliciter le label"))
    assert not may_run_script(pdf(CATALOG, PAGES, PAGE, stream(zlib.compress(b"BT /F1 12 Tf (JS) Tj ET"))))


@pytest.mark.parametrize("action", [b"<</S/JavaScript/JS(app.alert\\(1\\))>>", b"<</S/Java#53cript/J#53 5 0 R>>",
                                    b"<</S/#4a#61vaScript/#4A#53(app.response\\(1\\))>>"])
def test_a_script_action_however_its_names_are_written_is_found(action):
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, action))


def test_a_script_inside_a_compressed_object_stream_is_found():
    hidden = zlib.compress(b"4 0 <</S/JavaScript/JS(app.alert\\(1\\))>>")
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, stream(hidden, b"/Type/ObjStm/N 1/First 4/Filter/Fl")))


def test_what_cannot_be_read_here_counts_as_a_script():
    hexed = zlib.compress(b"x").hex().encode()
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, stream(hexed, b"/Type/ObjStm/Filter[/ASCIIHexDecode]")))
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, b"<</Filter/Standard/V 1/R 2/O(x)/U(y)/P -4>>")
                          .replace(b"trailer<<", b"trailer<</Encrypt 4 0 R"))
    bomb = zlib.compress(b"\0" * 50_000_000, 9)
    from intake.core import pdf_script
    saved, pdf_script.BUDGET = pdf_script.BUDGET, 10_000_000
    try:
        assert may_run_script(pdf(CATALOG, PAGES, PAGE, stream(bomb, b"/Type/ObjStm/Filter/FlateDecode")))
    finally:
        pdf_script.BUDGET = saved


def test_a_picture_behind_another_filter_is_no_script():
    assert not may_run_script(pdf(CATALOG, PAGES, PAGE, stream(b"\xff\xd8\xff JS", b"/Subtype/Image/Filter/DCTDecode")))


@pytest.mark.parametrize("extra, data", [
    (b"/Type/ObjStm/Filter[/FlateDecode/FlateDecode]", zlib.compress(zlib.compress(b"<</S/JavaScript/JS(1)>>"))),
    (b"/Type/ObjStm/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns 4>>", zlib.compress(b"\x02<</S/Ja")),
    (b"/Type/ObjStm/Filter 9 0 R", zlib.compress(b"<</S/JavaScript/JS(1)>>")),
])
def test_an_object_stream_decoded_otherwise_than_by_one_plain_flatedecode_counts_as_a_script(extra, data):
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, stream(data, extra)))


def test_a_content_stream_that_writes_js_is_no_script():
    assert not may_run_script(pdf(CATALOG, PAGES, PAGE, stream(zlib.compress(b"BT (/JS /JavaScript) Tj ET"))))


def test_an_object_stream_whose_dictionary_hides_its_words_counts_as_a_script():
    hidden = zlib.compress(b"4 0 <</S/JavaScript/JS(app.alert\\(1\\))>>")
    padded = stream(hidden, b"/Type/ObjStm/Filter/FlateDecode/Pad(" + b"x" * 5000 + b" 1 0 obj \\) endobj)")
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, padded))
    commented = pdf(CATALOG, PAGES, PAGE, b"<<>>").replace(b"4 0 obj<<>>",
                                                           b"4 0 %c\nobj" + stream(hidden, b"/Type/ObjStm/Filter/AHx"))
    assert may_run_script(commented)
    spaced = stream(hidden, b"/Type/ObjStm/Filter/AHx").replace(b">>stream", b">>%c\nstream")
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, spaced))
    # « endstream » in the compressed bytes (a stored block), the script in the block after it
    stored, script = b"endstream ", b"4 0 <</S/JavaScript/JS(1)>>"
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = (b"\x78\x01" + b"\x00" + len(stored).to_bytes(2, "little") + (0xFFFF ^ len(stored)).to_bytes(2, "little")
            + stored + raw.compress(script) + raw.flush() + zlib.adler32(stored + script).to_bytes(4, "big"))
    assert zlib.decompress(data) == stored + script and b"JavaScript" not in data
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, stream(data, b"/Type/ObjStm/Filter/FlateDecode")))


def test_an_object_stream_that_does_not_inflate_cleanly_counts_as_a_script():
    """PDFium keeps what it inflated before an error (a wrong checksum at the end): zlib refuses all of it."""
    good = zlib.compress(b"4 0 <</S/JavaScript/JS(app.alert\\(1\\))>>")
    wrong_sum = good[:-4] + bytes(4)
    assert may_run_script(pdf(CATALOG, PAGES, PAGE, stream(wrong_sum, b"/Type/ObjStm/Filter/FlateDecode")))


def test_a_file_made_of_dictionaries_past_the_total_counts_as_a_script(monkeypatch):
    """The dictionaries are read a byte at a time in a console request: 20 MB of them took 7 s. Past DICT_TOTAL in
    all, the file is not read further and is downloaded, never shown."""
    page = b"<</Type/Page" + b" /A 1" * 200 + b">>"
    many = pdf(CATALOG, PAGES, *[page] * 40)
    assert not may_run_script(many)
    monkeypatch.setattr("intake.core.pdf_script.DICT_TOTAL", len(page) * 20)
    assert may_run_script(many)


def test_each_object_stream_is_inflated_without_copying_the_rest_of_the_file():
    # each object stream's data was handed to zlib as a copy of the file from there to its end: 20,000 empty ones
    # before 20 MB took 105 s of CPU in a console request (and the file was shown). The peak memory tells the copy.
    import tracemalloc

    empty = stream(zlib.compress(b""), b"/Type/ObjStm/N 0/First 0/Filter/FlateDecode")
    content = pdf(CATALOG, PAGES, PAGE, *[empty] * 3) + b"%" + b"x" * 20_000_000 + b"\n"
    tracemalloc.start()
    try:
        assert not may_run_script(content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000
