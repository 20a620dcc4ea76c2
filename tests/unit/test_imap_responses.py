"""adapters/imap.py `responses`: imaplib's FETCH answers, as servers order their items."""

from intake.adapters.imap import responses


def test_items_after_a_literal_belong_to_its_response():
    data = [(b'1 (BODY[HEADER.FIELDS (MESSAGE-ID)] {24}', b"Message-ID: <a@b>\r\n\r\n"),
            b' UID 7 RFC822.SIZE 900 INTERNALDATE "28-Nov-2026 10:00:00 +0100")',
            (b'2 (UID 8 RFC822.SIZE 12 BODY[HEADER.FIELDS (MESSAGE-ID)] {2}', b"\r\n"), b")",
            b'3 (UID 9 RFC822.SIZE 5 INTERNALDATE "28-Nov-2026 10:00:00 +0100")',
            b"4 (FLAGS (\\Seen))"]
    got = responses(data)
    assert [line for line, _ in got] == [
        b'1 (BODY[HEADER.FIELDS (MESSAGE-ID)] {24} UID 7 RFC822.SIZE 900 INTERNALDATE "28-Nov-2026 10:00:00 +0100")',
        b"2 (UID 8 RFC822.SIZE 12 BODY[HEADER.FIELDS (MESSAGE-ID)] {2})",
        b'3 (UID 9 RFC822.SIZE 5 INTERNALDATE "28-Nov-2026 10:00:00 +0100")',
        b"4 (FLAGS (\\Seen))"]
    assert [literal for _, literal in got] == [b"Message-ID: <a@b>\r\n\r\n", b"\r\n", None, None]
