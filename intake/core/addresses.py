"""Who may speak for a case: the roles and sources of a case's addresses (stored by intake/store/applicants.py).

Our mail about a case (acknowledgement, receipts, completion, reminders, decisions) always goes to the
case's applicant address: the `From` of the message that opened the case (the original sender of a
trusted staff forward), or an address staff confirmed as the main one; never to whoever wrote last,
never to a `Reply-To`. A `named` address (the Reply-To or Cc of the applicant's own mail) may bring
pieces; it never gets automatic mail.
"""

from __future__ import annotations

APPLICANT, NAMED = "applicant", "named"  # roles
OPENING, FORWARD, REPLY_TO, CC, STAFF = "opening", "forward", "reply-to", "cc", "staff"  # sources
SOURCE_LABELS = {OPENING: "expéditeur du premier message", FORWARD: "expéditeur d'origine (transfert authentifié)",
                 REPLY_TO: "Reply-To d'un message du demandeur", CC: "en copie d'un message du demandeur",
                 STAFF: "confirmée par le service"}


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)
