"""core/charset.py: the one rule that turns a body's (or a text file's) bytes into text, whatever its label says."""

from __future__ import annotations

import random
import time

import pytest

from intake.core.charset import charset_name, decoded_text

FRENCH = "Projet à Béthune : écologie, créativité, « partage » – l’œuvre d’Hélène coûte 5 € ; Noël, maïs, çà."
SHORT = "Hélène"


@pytest.mark.parametrize(("label", "codec", "text"), [
    ("utf-8", "utf-8", FRENCH), ("UTF-8", "utf-8", FRENCH), ('"utf-8"', "utf-8", FRENCH), ("utf8", "utf-8", SHORT),
    ("windows-1252", "cp1252", FRENCH), ("iso-8859-1", "latin-1", "Béthune, maïs, Noël, « çà »"),
    ("ISO-8859-15", "iso-8859-15", "Béthune coûte 5 € ; l'œuvre"), ("macintosh", "mac_roman", FRENCH),
    ("x-mac-roman", "mac_roman", SHORT), ("koi8-r", "koi8-r", "Заявка на участие в конкурсе"),
    ("windows-1251", "cp1251", "Заявка на участие"), ("iso-8859-2", "iso-8859-2", "Žádost o označení, Łódź"),
    ("shift_jis", "shift_jis", "応募書類を送ります"), ("iso-2022-jp", "iso-2022-jp", "応募書類を送ります"),
    ("gb2312", "gb2312", "申请材料"), ("euc-kr", "euc-kr", "신청서를 보냅니다"), ("utf-16", "utf-16", FRENCH),
    ("utf-16le", "utf-16-le", SHORT), ("us-ascii", "ascii", "Bonjour, voici le dossier."),
])
def test_text_in_the_charset_it_declares_is_read_unchanged(label, codec, text):
    assert decoded_text(text.encode(codec), label) == text
    assert decoded_text(text.encode(codec), label, html=True) == text


@pytest.mark.parametrize("label", ["utf-8", "UTF8", '"UTF-8"', None, "", "unknown-8bit", "x-unknown", "us-ascii",
                                   "iso-8859-1", "latin1", "windows-1252", "bogus-charset", "zlib", "punycode",
                                   "unicode_escape", "idna", "rot13", "x" * 500])
def test_windows_1252_bytes_read_whatever_the_label_or_missing_or_bogus_one(label):
    """Outlook, old PHP mailers, text pasted from Windows: declared UTF-8 (or nothing, or a name that is no
    charset) for Windows-1252 bytes. Their accented letters were U+FFFD or dropped (« Bthune »)."""
    assert decoded_text(FRENCH.encode("cp1252"), label) == FRENCH
    assert decoded_text(SHORT.encode("cp1252"), label) == SHORT


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "us-ascii", "windows-1252", "iso-8859-15", "macintosh",
                                   None, "unknown-8bit", "x-unknown", "utf8"])
def test_utf8_bytes_are_read_as_utf8_under_a_single_byte_label_or_none(label):
    """Webmails left at ISO-8859-1 write UTF-8 (« BÃ©thune ») as headers did: a multi-byte UTF-8 character is never
    French in a single-byte charset."""
    assert decoded_text(FRENCH.encode("utf-8"), label) == FRENCH


def test_iso_8859_1_declared_for_windows_1252_punctuation_reads_it_as_windows_1252():
    assert decoded_text("l’œuvre « d’Hélène » 5 €".encode("cp1252"), "iso-8859-1") == "l’œuvre « d’Hélène » 5 €"
    assert decoded_text("l’œuvre".encode("cp1252"), "iso-8859-15") == "l’œuvre"


def test_utf8_with_a_few_stray_windows_1252_bytes_keeps_both():
    """A UTF-8 template with a name pasted from Windows: each stray byte read as Windows-1252, the rest as UTF-8."""
    data = FRENCH.encode("utf-8") + b"\nSign\xe9 : H\xe9l\xe8ne"
    assert decoded_text(data, "utf-8") == FRENCH + "\nSigné : Hélène"
    assert decoded_text(data, None) == FRENCH + "\nSigné : Hélène"


def test_windows_1252_with_an_accidental_utf8_sequence_stays_windows_1252():
    """« voilà » » (à, a no-break space, ») is valid UTF-8 (a Samaritan letter): one such sequence among the
    text's other accented letters does not make it UTF-8."""
    text = "Voilà\u00a0» : le dossier d’Hélène, écologie et créativité."
    assert decoded_text(text.encode("cp1252"), "utf-8") == text


@pytest.mark.parametrize(("header", "meta", "codec"), [
    ("utf-8", '<meta charset="windows-1252">', "cp1252"),
    ("utf-8", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
    (None, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252"),
    ("utf-8", '<meta charset="windows-1252">', "utf-8"),  # the program converted the text, left the meta
    ("iso-8859-1", '<meta charset="utf-8">', "utf-8"),
    (None, "<META CHARSET=KOI8-R>", "koi8-r"), ("unknown-8bit", "<meta charset='iso-8859-2'>", "iso-8859-2"),
    ("utf-8", '<meta charset="iso-8859-2">', "iso-8859-2"), (None, '<meta charset="utf-16">', "utf-8"),
])
def test_html_whose_meta_disagrees_with_the_header_is_read_as_its_bytes_fit(header, meta, codec):
    body = {"koi8-r": "Заявка", "iso-8859-2": "Žádost, Łódź"}.get(codec, FRENCH)
    html = f"<html><head>{meta}</head><body><p>{body}</p></body></html>"
    assert decoded_text(html.encode(codec), header, html=True) == html


def test_a_meta_charset_is_not_read_in_plain_text_nor_past_the_first_kilobyte():
    assert decoded_text('<meta charset="koi8-r"> Hélène'.encode("cp1252"), None) == '<meta charset="koi8-r"> Hélène'
    late = "<html>" + " " * 2000 + '<meta charset="koi8-r"><p>Hélène</p>'
    assert decoded_text(late.encode("cp1252"), None, html=True) == late


def test_a_byte_order_mark_says_what_the_bytes_are():
    assert decoded_text(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"), "iso-8859-1") == FRENCH
    assert decoded_text(b"\xff\xfe" + FRENCH.encode("utf-16-le"), None) == FRENCH
    assert decoded_text(b"\xfe\xff" + FRENCH.encode("utf-16-be"), "utf-8") == FRENCH


def test_utf8_read_as_windows_1252_before_it_was_encoded_is_repaired_and_text_is_nfc():
    assert decoded_text("BÃ©thune, dâ€™intention".encode("utf-8"), "utf-8") == "Béthune, d’intention"
    assert decoded_text("Be\u0301thune".encode("utf-8"), "utf-8") == "Béthune"


@pytest.mark.parametrize(("label", "expected"), [
    ("UTF-8", "utf-8"), (' "utf8" ', "utf-8"), ("latin1", "cp1252"), ("ISO-8859-1", "cp1252"), ("us-ascii", "cp1252"),
    ("windows-1252", "cp1252"), ("x-cp1250", "cp1250"), ("iso-8859-15", "iso8859-15"), ("macintosh", "mac-roman"),
    ("gb2312", "gb18030"), ("shift_jis", "cp932"), ("unknown-8bit", None), ("x-unknown", None), ("zlib", None),
    ("punycode", None), ("unicode_escape", None), ("", None), (None, None), ("utf-8" + " " * 100 + "x", None),
])
def test_a_label_is_read_as_browsers_read_it_and_names_only_text_charsets(label, expected):
    assert charset_name(label) == expected


def test_any_bytes_under_any_label_give_text_and_never_raise():
    labels = [None, "", "utf-8", "utf-16", "utf-32", "utf-7", "iso-2022-jp", "hz", "shift_jis", "gb2312", "big5",
              "euc-kr", "iso-8859-1", "koi8-r", "macintosh", "unknown-8bit", "zlib", "punycode", "\x00", "é"]
    rng = random.Random(1252)
    for _ in range(3000):
        data = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 40)))
        if rng.random() < 0.3:
            data = b"<meta charset=" + rng.choice([b"utf-7", b"hz", b"utf-16", b"zlib"]) + b">" + data
        text = decoded_text(data, rng.choice(labels), html=rng.random() < 0.5)
        assert isinstance(text, str)
        text.encode("utf-8")  # no lone surrogate


def test_a_large_body_takes_linear_time():
    """A few passes over the bytes, each in C: 8 MB of Windows-1252 declared UTF-8, and of mostly UTF-8."""
    for data in (FRENCH.encode("cp1252") * 80_000, FRENCH.encode("utf-8") * 80_000 + b"\xe9"):
        started = time.process_time()
        text = decoded_text(data, "utf-8")
        assert time.process_time() - started < 5 and text.startswith(FRENCH)


def test_the_start_of_a_longer_body_reads_as_the_whole_one_whatever_character_the_cut_split():
    """`intake quarantine show` reads the start of a long body: a cut inside a character made the bytes not UTF-8 (nor
    Shift_JIS...), and a text with few accents read as Windows-1252 whole, « BÃ©thune », where the filed case has
    « Béthune »."""
    body = ("Candidature pour la ville de Béthune. " + "x" * 500 + " l’équipe").encode()
    for split in range(1, 3):  # inside the three bytes of ’
        head = body[:body.index("’".encode()) + split]
        text = decoded_text(head, "utf-8", cut=True)
        assert text.startswith("Candidature pour la ville de Béthune. ") and text.endswith("x l"), text
        assert decoded_text(head, None, cut=True) == text
    japanese = "日本語のテキスト".encode("shift_jis")
    assert decoded_text(japanese[:-1], "shift_jis", cut=True) == "日本語のテキス"


def test_quarantine_show_of_a_long_body_cut_inside_a_character_reads_it_as_filed():
    from intake.commands.message_text import SHOWN_READ, taken_apart

    start = "Candidature pour la ville de Béthune.\n".encode()
    filler = b"x" * (SHOWN_READ * 4 - len(start) - 1)  # the cut falls after the first byte of « é »
    raw = (b"From: a@example.org\r\nSubject: Candidature\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           + start + filler + "été".encode())
    _, (part,), _ = taken_apart(raw)
    assert part.text.startswith("Candidature pour la ville de Béthune."), part.text[:60]
