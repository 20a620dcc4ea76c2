"""A message slow to take apart whatever the machine: for the tests that want a reading to run out of its time.

The stdlib's parser checks every line against the boundary of every multipart that holds it: line ends inside 40
multiparts nested in one another cost 40 checks each: 4.5 MB of them took 22 s of CPU to take apart on the
project's 2-CPU machine (loaded), 20 MB over a minute, where 45 MB of bare line ends alone took 7 s: a reading time of
5 s (the least [limits] read_seconds allows) ran out there by little, and would not on a machine 1.5 times
faster."""

from __future__ import annotations

DEPTH = 40  # multiparts nested: under the parts shown (commands/message_text.py MAX_PARTS) and any nesting refused


def nested_line_ends(headers: bytes, size: int = 20_000_000) -> bytes:
    """`headers` (CRLF-ended lines, without the blank line nor Content-Type), then `size` bare line ends in a text
    part inside DEPTH multiparts nested in one another."""
    out = headers + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="B0"\r\n\r\n'
    for level in range(1, DEPTH):
        out += b'--B%d\r\nContent-Type: multipart/mixed; boundary="B%d"\r\n\r\n' % (level - 1, level)
    out += b"--B%d\r\nContent-Type: text/plain\r\n\r\n" % (DEPTH - 1) + b"\n" * size
    return out + b"".join(b"\r\n--B%d--\r\n" % level for level in reversed(range(DEPTH)))
