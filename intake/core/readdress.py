"""A mail that could not reach the applicant, sent instead to the address staff have since confirmed.

An acknowledgement refused by the applicant's server (« 550 5.1.1 adresse inconnue »), or a mail held for staff,
stays addressed to the address it was made for: confirming the applicant's right address (core/casework.py
`confirm_address`) changes where *later* mail goes, and « Envoyer à nouveau » sends the same bytes to the same
refused address. Staff may instead send that mail, once, to the case's address now: the same text with a new
`To` and a Message-ID of its own (a different mail for the recipient's program; a bounce of it names it alone).
The mail it replaces leaves the list of mail to see (handled; cancelled when it was held and never left).

Pure: the case's facts in, a refusal in French ("" : it may go) or the new bytes out.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import format_datetime

from intake.core.headers import normal_address
from intake.core.outgoing import wire_address
from intake.core.statuses import NEEDS_STAFF

KEY = "readdressed"  # content_key of a mail sent instead of another: "readdressed|<first mail's id>|<address>"


def key(first_id: int, address: str) -> str:
    """The content key of the mail sent instead of mail `first_id` to `address`: one such mail per pair."""
    return f"{KEY}|{first_id}|{address}"


def first_of(mail_id: int, content_key: str) -> int:
    """The mail a chain of re-addressed mails started from: a mail re-addressed twice (the confirmed address was
    refused too) is still « the same mail », never sent twice to one address."""
    parts = content_key.split("|")
    if len(parts) == 3 and parts[0] == KEY and parts[1].isdigit():
        return int(parts[1])
    return mail_id


def refusal(*, status: str, to_addr: str, applicant: str, quiet: str, undeliverable: str, already: bool,
            tried_before: bool, ours: str) -> str:
    """Why this mail of a case may not be sent to the case's address now ("" : it may).

    `applicant`: the case's address in its one spelling (core/headers.py `normal_address`); `quiet`: why nobody is
    written to on this case ("" : the applicant is); `undeliverable`: why the case's address is known to bounce
    ("" : it is not); `already`: this mail (or the one it replaced) was already sent instead to that address;
    `tried_before`: the mail the chain started from was itself addressed there; `ours`: why the address is one of
    the service's own (core/addresses.py `ours`; "" : it is not)."""
    if status not in NEEDS_STAFF:
        return "seul un courriel en échec, interrompu ou retenu peut être envoyé à une autre adresse"
    if not applicant:
        return "le dossier n'a pas d'adresse électronique : répondez par courrier"
    if ours:
        return ours
    if quiet:
        return f"aucun courriel n'est écrit sur ce dossier ({quiet}) : confirmez d'abord l'adresse du demandeur"
    if applicant == normal_address(to_addr) or tried_before:
        return (f"ce courriel est déjà adressé à {applicant} ; pour le renvoyer à la même adresse, utilisez "
                "« Envoyer à nouveau »" if applicant == normal_address(to_addr) else
                f"ce courriel a déjà été envoyé à {applicant}, où il n'est pas arrivé : rien n'est envoyé deux fois")
    if already:
        return f"ce courriel a déjà été envoyé à {applicant} : rien n'est envoyé deux fois à la même adresse"
    if undeliverable:
        return f"l'adresse {applicant} est en échec définitif ({undeliverable}) ; rien n'est envoyé"
    return ""


_HEADER = re.compile(rb"^(to|message-id|date):[^\r\n]*(\r?\n[ \t][^\r\n]*)*\r?\n", re.IGNORECASE | re.MULTILINE)


def readdressed(raw: bytes, to_addr: str, message_id: str, when: datetime) -> bytes:
    """The same mail, byte for byte, addressed to `to_addr`, with a Message-ID of its own and today's date: its
    `To`, `Message-ID` and `Date` headers replaced, everything else (subject, threading, parts) as it was."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    newline = b"\r\n" if sep == b"\r\n\r\n" else b"\n"
    values = {"To": wire_address(to_addr), "Message-ID": f"<{message_id}>", "Date": format_datetime(when)}
    for value in values.values():
        if value.splitlines() != [value]:
            raise ValueError("Header values may not contain linefeed or carriage return characters")
    kept = _HEADER.sub(b"", head + newline)
    # an internationalised address travels in UTF-8 (RFC 6532), as core/outgoing.py `build_utf8` writes it
    lines = b"".join(f"{name}: {value}".encode() + newline for name, value in values.items())
    return lines + kept.rstrip(b"\r\n") + sep + body
