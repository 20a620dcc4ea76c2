"""The floor the benchmarks compare intake against: fetch over IMAP, parse, nothing else.

Connects with imap-tools (STARTTLS, read-only EXAMINE), searches the UIDs after `--after`, fetches the
bodies with BODY.PEEK in batches of 100, and parses each one with mail-parser (attachments decoded).
No database, no reading inside files, no decision, no mail sent: what any IMAP intake must pay at least.

With --imap-tools, the floor as issue 13 words it, "the same mail fetched over IMAP and parsed by imap-tools
and mail-parser": the bodies come through imap-tools' own `MailBox.fetch` (in batches of 100 too), which
parses each one into its `MailMessage` (the standard library's email parser), and mail-parser parses the
same bytes. The default floor skips imap-tools' parse: it is the stricter of the two.

    python bench/floor.py --host 127.0.0.1 --port 10143 --user u --ca cert.pem [--since DAY | --after UID]
                          [--imap-tools]
The password comes from $FLOOR_PASSWORD. Prints one JSON line: messages, attachments, bytes.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import ssl
from datetime import date

import mailparser
from imap_tools import AND, MailBoxStartTls, U
from imap_tools.message import MailMessage

BATCH = 100


class _Kept(MailMessage):
    """imap-tools' parsed message, keeping the bytes it was parsed from (for mail-parser: no second copy made
    by serialising the parsed message again)."""

    def __init__(self, fetch_data: list) -> None:
        super().__init__(fetch_data)
        self.raw = self._get_message_data_parts(fetch_data)[0]


def _bodies(box: MailBoxStartTls, uids: list[str], imap_tools: bool):
    if imap_tools:
        box.email_message_class = _Kept
        for message in box.fetch(uid_list=uids, mark_seen=False, bulk=BATCH):
            yield message.raw
        return
    for start in range(0, len(uids), BATCH):
        typ, data = box.client.uid("FETCH", ",".join(uids[start:start + BATCH]), "(BODY.PEEK[])")
        for item in data:
            if isinstance(item, tuple):
                yield item[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--folder", default="INBOX")
    parser.add_argument("--after", type=int, default=0, help="last UID already seen")
    parser.add_argument("--since", type=date.fromisoformat, help="first poll: mail received on or after this day")
    parser.add_argument("--imap-tools", action="store_true", help="fetch and parse with imap-tools too (above)")
    args = parser.parse_args()
    box = MailBoxStartTls(args.host, args.port, timeout=30, ssl_context=ssl.create_default_context(cafile=args.ca))
    box.login(args.user, os.environ["FLOOR_PASSWORD"])
    box.client.select(args.folder, readonly=True)
    criteria = AND(date_gte=args.since) if args.since and not args.after else AND(uid=U(str(args.after + 1), "*"))
    uids = [u for u in box.uids(criteria, charset=None) if int(u) > args.after]
    messages = attachments = size = 0
    for raw in _bodies(box, uids, args.imap_tools) if uids else ():
        parsed = mailparser.parse_from_bytes(raw)
        messages += 1
        size += len(raw)
        for att in parsed.attachments:
            payload = att["payload"]
            if att["binary"]:
                payload = base64.b64decode(payload)
            attachments += 1 if payload is not None else 0
    box.client.logout()
    print(json.dumps({"messages": messages, "attachments": attachments, "bytes": size}))


if __name__ == "__main__":
    main()
