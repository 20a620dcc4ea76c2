from pathlib import Path

import pytest

from intake.core.outlook import msg_sender
from intake.core.sniff import OLE_MAGIC

MSG = Path(__file__).resolve().parents[1] / "corpus" / "msgreader"  # MSGReader's samples (MIT, LICENSE.txt)


@pytest.mark.parametrize("item, sender", [
    ("TxtSampleEmailWithAttachment.msg", ("Wilson, Chris", "Chris.Wilson@leeds.gov.uk")),  # Exchange: SMTP property
    ("EmailWithMsgAttachment.msg", ("Daniel Triendl", "d.triendl@cp-solutions.at")),
    ("EmailWithAttachments.msg", ("Kees", "peterpan@neverland.com")),  # no SMTP property: the typed address
])
def test_the_sender_of_an_outlook_item_is_its_internet_address(item, sender):
    assert msg_sender((MSG / item).read_bytes()) == sender


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n", OLE_MAGIC + b"\0" * 600,
                                     (MSG / "EmailWithAttachments.msg").read_bytes()[:4096]])
def test_what_is_no_readable_outlook_item_has_no_sender(content):
    assert msg_sender(content) is None
