"""Outlook items saved as files (.msg: an OLE compound file): their string properties, and who sent one.

Pure: olefile reads the bytes from memory. Used to open a .msg's files (core/containers.py) and to see a .msg
attached by staff as a forward of its sender's mail (core/parse.py), as an attached .eml is.
"""

from __future__ import annotations

import functools
import io
from typing import Any

MAX_PROPERTY_BYTES = 4096  # a string property longer than this is not one intake reads (names, addresses)
# The item's sender, as its From said: PR_SENT_REPRESENTING_SMTP_ADDRESS (the From; « on behalf of »), then
# PR_SENDER_SMTP_ADDRESS; items without them (older Outlook, other programs) give an address with its type:
# PR_SENT_REPRESENTING_ADDRTYPE/_EMAIL_ADDRESS, PR_SENDER_ADDRTYPE/_EMAIL_ADDRESS (an Exchange address is no SMTP
# address: "EX" and a directory name)
_SMTP_SENDERS = ("5D02", "5D01")
_TYPED_SENDERS = (("0064", "0065"), ("0C1E", "0C1F"))
_SENDER_NAMES = ("0042", "0C1A")  # PR_SENT_REPRESENTING_NAME, PR_SENDER_NAME


def open_item(content: bytes) -> Any:
    """olefile's reader of the compound file `content`, whose paths are found through each storage's index of its
    entries' names (olefile builds it, `kids_dict`): olefile's own lookup reads a storage's entries one by one, and a
    .msg of 60,000 entries beside its attachment storages (8 MB) cost 48 s of a reading process, each attachment's
    dozen lookups reading them all (quadratic)."""
    return _reader()(io.BytesIO(content))


def kids(ole: Any, storage: list[str]) -> list[str]:
    """The names of the entries of `storage` (the root: []), as the file has them."""
    node = ole.direntries[ole._find(storage)] if storage else ole.root  # Item._find, below
    return [kid.name for kid in node.kids]


@functools.cache
def _reader() -> type:
    import olefile

    class Item(olefile.OleFileIO):  # type: ignore[misc]  # olefile has no types
        def _find(self, filename: str | list[str]) -> int:
            """olefile's `_find` (case-insensitive path to an entry's number), each step one look-up."""
            node = self.root
            for name in filename.split("/") if isinstance(filename, str) else filename:
                node = node.kids_dict.get(name.lower())
                if node is None:
                    raise OSError("file not found")
            return int(node.sid)

    return Item


def msg_string(ole: Any, storage: list[str], prop: str) -> str:
    """A string property of an Outlook item's storage: UTF-16 (type 001F), else 8-bit (001E, Windows-1252)."""
    for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
        path = "/".join(storage + [f"__substg1.0_{prop}{kind}"])
        if ole.exists(path) and ole.get_size(path) <= MAX_PROPERTY_BYTES:
            return str(ole.openstream(path).read().decode(encoding, "replace").strip("\x00").strip())
    return ""


MAX_HEADERS_BYTES = 256 * 1024  # PR_TRANSPORT_MESSAGE_HEADERS read of an item: what a mail server keeps, and more


def msg_transport_headers(content: bytes) -> str:
    """The header block the Outlook item `content` had when it arrived (PR_TRANSPORT_MESSAGE_HEADERS, 007D: Received,
    Authentication-Results...), "" when it has none, is too long or cannot be read."""
    try:
        with open_item(content) as ole:
            for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
                path = f"__substg1.0_007D{kind}"
                if ole.exists(path) and ole.get_size(path) <= MAX_HEADERS_BYTES:
                    return str(ole.openstream(path).read().decode(encoding, "replace").strip("\x00"))
    except Exception:  # noqa: BLE001 - olefile raises many types on a broken or hostile file: no headers
        return ""
    return ""


def msg_sender(content: bytes) -> tuple[str, str] | None:
    """(display name, address) of the sender of the Outlook item `content`; None when it is not an item, cannot
    be read, or names no Internet address."""
    try:
        with open_item(content) as ole:
            if not ole.exists("__properties_version1.0"):
                return None
            address = next((a for a in (msg_string(ole, [], p) for p in _SMTP_SENDERS) if a), "")
            for kind, value in _TYPED_SENDERS:
                if not address and msg_string(ole, [], kind).upper() == "SMTP":
                    address = msg_string(ole, [], value)
            name = next((n for n in (msg_string(ole, [], p) for p in _SENDER_NAMES) if n), "")
    except Exception:  # noqa: BLE001 - olefile raises many types on a broken or hostile file: no sender
        return None
    return (name, address) if address else None
