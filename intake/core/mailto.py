"""« Écrire au demandeur »: the mailto: link a case's page offers, for staff to write to the applicant from their own
mail program.

Pure. The subject carries the case's reference in brackets, as the service's own mail does: the applicant's reply,
once it reaches a watched mailbox, joins the case by it (core/thread.py `references_in`). Every character of the
address and the subject outside RFC 3986's unreserved ones is percent-encoded (RFC 6068), and an address that could
name more than one recipient or a header once a mail program decodes it gets no link at all.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from intake.core.headers import is_address

SUBJECT = "Votre candidature au label Béthune Smart City"
_REFERENCE = re.compile(r"[A-Z]{2,8}-\d{4}-\d{4,6}")
# A plain address as a person types it in a mail program: no quoted local part, no character a mail program reads
# in a mailto: link as the start of its query (?), of another field (&, =), of a fragment (#), of another recipient
# (, ;), or as an escape it decodes (% : « %0D%0ABcc: » would be a header once decoded)
_PLAIN = re.compile(r"[^\s\"?&=#%,;<>()\[\]\\]+@[^\s\"?&=#%,;<>()\[\]\\@]+\.[^\s\"?&=#%,;<>()\[\]\\@]+")


def write_to_applicant(address: str, reference: str) -> str:
    """The `mailto:` link to `address` with the subject « [REFERENCE] Votre candidature au label ... »; "" when the
    address is no plain address (see _PLAIN) or the reference no reference: no link rather than one that could
    write to someone else."""
    if not (_REFERENCE.fullmatch(reference) and is_address(address) and _PLAIN.fullmatch(address)):
        return ""
    return f"mailto:{quote(address, safe='@')}?subject={quote(f'[{reference}] {SUBJECT}', safe='')}"
