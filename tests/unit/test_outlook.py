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


def _inline_forward_of(sender: str, attach) -> bytes:
    """Staff forward inline an outsider's mail; the forward keeps the mail's files (`attach` adds them)."""
    from email.message import EmailMessage

    fw = EmailMessage()
    fw["From"], fw["To"], fw["Subject"] = "accueil@ville-bethune.fr", "n.bataillon@ville-bethune.fr", "TR: Candidature"
    fw.set_content(f"---------- Message transféré ---------\nDe : Rita <{sender}>\nDate : lundi\n\nVoici.")
    attach(fw)
    return fw.as_bytes()


def test_an_inline_forward_s_sender_comes_before_the_items_its_mail_carried():
    """The .msg (or .eml) an outsider attached to her own mail names anyone, unauthenticated: forwarded inline by
    staff, its sender came first and was taken for the applicant."""
    from email.message import EmailMessage

    from intake.core.parse import parse_message

    item = (MSG / "EmailWithAttachments.msg").read_bytes()
    raw = _inline_forward_of("rita@cible.example", lambda m: m.add_attachment(
        item, maintype="application", subtype="vnd.ms-outlook", filename="Candidature.msg"))
    assert [a for _, a in parse_message(raw).forwarded_from] == ["rita@cible.example", "peterpan@neverland.com"]
    paul = EmailMessage()
    paul["From"], paul["Subject"] = "paul@cible.example", "x"
    paul.set_content("x")
    raw = _inline_forward_of("rita@cible.example", lambda m: m.add_attachment(paul))
    assert [a for _, a in parse_message(raw).forwarded_from] == ["rita@cible.example", "paul@cible.example"]
    # forwarded as an attachment, a mail's own forward block (anyone can write one) comes after its sender
    rita = EmailMessage()
    rita["From"], rita["Subject"] = "rita@cible.example", "TR: x"
    rita.set_content("---------- Message transféré ---------\nDe : Paul <paul@cible.example>\n\nVoici.")
    fw = EmailMessage()
    fw["From"], fw["To"], fw["Subject"] = "accueil@ville-bethune.fr", "n.bataillon@ville-bethune.fr", "TR: x"
    fw.set_content("Voir la pièce jointe.")
    fw.add_attachment(rita)
    assert [a for _, a in parse_message(fw.as_bytes()).forwarded_from] == ["rita@cible.example", "paul@cible.example"]


def test_an_outlook_item_built_here_is_read_as_outlook_writes_them():
    from olefiles import outlook_item

    from intake.core.containers import unpack
    from intake.core.message import Attachment

    item = outlook_item("jeanne@tiers-lieu.example", {"Photo.JPG": b"\xff\xd8\xff" + b"x" * 5000, "a.txt": b"bonjour"})
    assert msg_sender(item) == ("", "jeanne@tiers-lieu.example")
    files, flags = unpack([Attachment(filename="x.msg", content=item, declared_type="application/vnd.ms-outlook",
                                      inline=False)])
    assert [(f.filename, f.content[:3]) for f in files] == [("Photo.JPG", b"\xff\xd8\xff"), ("a.txt", b"bon")]
    assert flags == []


def test_an_outlook_item_of_many_entries_is_opened_in_time_proportional_to_its_size():
    """olefile found each path by reading a storage's entries one by one: 300 attached messages beside 30,000 other
    entries (4 MB) took a dozen lookups each through all of them, and the opening of the item's files took seconds
    of a reading process (48 s for 8 MB: quadratic). Each lookup is now one step per name.

    Measured against the same machine's cost of opening that item once and listing its entries (linear in its
    size), with the garbage collector held: a bound in seconds failed once in a full run (2.08 s for 0.2 s alone),
    where each collection walked the whole suite's heap. Looked up as olefile does, the ratio is about 36; now 2."""
    import gc
    import time

    from olefiles import compound_file

    from intake.core.containers import unpack
    from intake.core.message import Attachment
    from intake.core.outlook import kids, open_item

    tree: dict = {"__properties_version1.0": bytes(32), "__substg1.0_5D01001F": "a@b.example".encode("utf-16-le")}
    for n in range(300):
        tree[f"__attach_version1.0_#{n:08X}"] = {"__properties_version1.0": bytes(8),
                                                "__substg1.0_3701000D": {"__properties_version1.0": bytes(8)}}
    tree.update({f"{n:07d}": b"" for n in range(30_000)})
    item = compound_file(tree)
    gc.disable()
    try:
        started = time.thread_time()
        with open_item(item) as ole:
            assert len(kids(ole, [])) == 30_302
        linear = time.thread_time() - started
        started = time.thread_time()
        assert msg_sender(item) == ("", "a@b.example")
        files, _flags = unpack([Attachment(filename="x.msg", content=item, declared_type="application/vnd.ms-outlook",
                                           inline=False)])
        lookups = time.thread_time() - started
    finally:
        gc.enable()
    assert files == [] and lookups < 12 * linear, (lookups, linear)


def test_an_html_only_inline_forward_s_sender_comes_before_the_items_its_mail_carried_too():
    """A forward that comes as HTML alone (no plain-text part) is read in the text of its HTML: its own inline
    forward still comes before the .eml the forwarded mail carried."""
    from email.message import EmailMessage

    from intake.core.parse import parse_message

    paul = EmailMessage()
    paul["From"], paul["Subject"] = "paul@cible.example", "x"
    paul.set_content("x")
    fw = EmailMessage()
    fw["From"], fw["To"], fw["Subject"] = "accueil@ville-bethune.fr", "n.bataillon@ville-bethune.fr", "TR: Candidature"
    fw.set_content("<div>---------- Message transféré ---------<br>De : Rita &lt;rita@cible.example&gt;<br>"
                   "Date : lundi<br><br>Voici.</div>", subtype="html")
    fw.add_attachment(paul)
    assert [a for _, a in parse_message(fw.as_bytes()).forwarded_from] == ["rita@cible.example", "paul@cible.example"]
