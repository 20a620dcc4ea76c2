"""Is a forward by staff in its sender's own Sent folder? Evidence that staff really sent it.

Optional (`sent_folder` of a watched mailbox) and read-only, like every mailbox access. A
message whose `From` is a watched address with a Sent folder is looked up there by its
Message-ID; the copy found must say the same (subject, date, files) to the same To and Cc:
knowing a Message-ID of staff mail is not enough to pass for staff, nor is having received it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from datetime import datetime, timezone
from typing import Any

from intake.core.message import Message
from intake.core.parse import parse_message
from intake.core.trust import same_message
from intake.errors import IntakeError

log = logging.getLogger("intake.sent")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# A Message-ID names one message; the same one copied a few times at most. IMAP's SEARCH HEADER matches a
# substring, so a forger's "<@>" or "<ville-bethune.fr>" named every message of the folder, and the poller
# downloaded and parsed five of them (up to max_message_bytes each) for each forged forward (the fifth attacker's
# review): more matches than this are no evidence, and nothing is downloaded.
MAX_SAME_ID = 3


class SentFolders:
    """`with SentFolders(app) as in_sent: in_sent(msg)`; connections are opened on first use, closed at the end."""

    def __init__(self, app):
        self.app = app
        self.sources: dict[str, Any] = {}
        self._lock = threading.Lock()  # messages are read by several threads (intake/readahead.py)

    def __enter__(self) -> "SentFolders":
        return self

    def __exit__(self, *exc) -> None:
        for source in self.sources.values():
            if source is not None:
                source.__exit__(None, None, None)
        self.sources.clear()

    def __call__(self, msg: Message) -> bool:
        with self._lock:
            return self._found(msg)

    def _found(self, msg: Message) -> bool:
        box = next((m for m in self.app.settings.mailboxes if m.address == msg.from_addr and m.sent_folder), None)
        if box is None or not msg.message_id:
            return False
        try:
            source = self._open(box)
            if source is None:
                return False
            uids = source.find_message_id(msg.message_id)
            if len(uids) > MAX_SAME_ID:  # IMAP SEARCH HEADER matches a substring: "<@>" names every message
                log.info("[%s] %d messages of the Sent folder match a forward's Message-ID: no evidence", box.name,
                         len(uids))
                return False
            for uid in uids:
                fetched = source.fetch(uid, self.app.settings.max_message_bytes, _EPOCH)
                if fetched is not None and fetched.raw and same_message(parse_message(fetched.raw), msg):
                    return True
        except (IntakeError, OSError) as exc:
            log.warning("[%s] Sent folder %r not readable: %s", box.name, box.sent_folder, exc)
        return False

    def _open(self, box):
        if box.name not in self.sources:
            sent = dataclasses.replace(box, folder=box.sent_folder, folders=(box.sent_folder,),
                                       path=box.sent_folder if box.path else "")
            source = self.app.source(sent)
            try:
                self.sources[box.name] = source.__enter__()
            except (IntakeError, OSError) as exc:
                log.warning("[%s] cannot open the Sent folder %r: %s", box.name, box.sent_folder, exc)
                self.sources[box.name] = None
        return self.sources[box.name]
