"""The bytes one sender's mail may add to the store in 24 hours when the town's server did not authenticate it
([limits] bytes_per_sender_per_day, and bytes_per_domain_per_day for the addresses of one registrable domain; and
unauthenticated_bytes_per_day for every sender together: the others are keyed by what a forger writes, and forged
addresses of a thousand domains without DMARC had a thousand budgets).

Anyone can open a case from an address of a domain without DMARC (the caps on new cases bound how many), and every
further message of theirs with files joins that case: its raw bytes and its files are kept in data_dir. Forty
megabytes a message, hundreds a day, filled the disk until [limits] min_free_bytes stopped all filing, real
applicants' included. Past the budget a message that would be filed is set aside in the quarantine instead, as past
the caps on new cases (core/decide.py `capped`): nothing is lost, nobody is written to, its raw bytes are kept only
within the quarantine's own budget ([limits] quarantine_bytes), and staff file it anyway when it is a real
application. A real application is two to four files of up to 25 MB: the defaults are many times that.

Mail the town's server authenticated (DMARC, or an aligned DKIM or SPF pass: core/trust.py) has two more generous
budgets only: that of every sender's mail, authenticated or not ([limits] bytes_per_authenticated_sender_per_day): a
free webmail account passes DMARC, a one-euro domain SPF, and joining one's own case again and again with 40 MB messages
filled the disk just as well; and that of the authenticated mail of one registrable domain's addresses together
([limits] bytes_per_authenticated_domain_per_day): whoever owns that one-euro domain (DMARC p=reject, and every address
of it passes) made up as many addresses, each with the sender's budget, as the disk took. The domain is the one its
addresses' new cases count with (core/sender_domain.py `counted_domain`, unforged): none for a big mail provider's
([limits] shared_mail_domains: each of its addresses is one person, and a forger cannot authenticate as another's;
thousands of the town's applicants write from gmail.com, and one budget for them all would let one flooder set every one
of them aside; but the tags of one box, `jeanne+1@gmail.com`, `jeanne+2@`..., and Gmail's dotted spellings, each an
address with its own budget of every mail, count together: core/sender_domain.py `provider_box`) nor for the town's
own domains (colleagues). Never budgeted: a trusted staff forward (core/forward.py;
one whose proof is missing is budgeted as its sender's mail) and the town's own form. What is counted is what each filed
message of the sender added to the store (its raw bytes and the files it brought to its case), as recorded with it
(store/ledger.py `stored_since`, `added_since`, `added_by_domain_since`).

Pure: the counts are in the `Context` (core/context.py), the decision out.
"""

from __future__ import annotations

import re

from intake.core import french
from intake.core.arrival import OVER_LIMITS
from intake.core.context import Context, Decision
from intake.core.message import Message
from intake.core.quarantine_space import RAW_KEPT
from intake.core.statuses import FILED, QUARANTINED
from intake.core.trust import PASS

SENDER_BYTES = "[limits] bytes_per_sender_per_day"
DOMAIN_BYTES = "[limits] bytes_per_domain_per_day"
ALL_BYTES = "[limits] unauthenticated_bytes_per_day"
ANY_BYTES = "[limits] bytes_per_authenticated_sender_per_day"
SIGNED_DOMAIN_BYTES = "[limits] bytes_per_authenticated_domain_per_day"
# every byte budget, as a reason names it (`budgeted`); `budget_reached` reads them back for the digest
BUDGETS = (SENDER_BYTES, DOMAIN_BYTES, ALL_BYTES, ANY_BYTES, SIGNED_DOMAIN_BYTES)
_LIMIT_SAID = re.compile(r"(\[limits\] \w+) = \d+")
_DOMAIN_SAID = re.compile(r" des adresses du domaine (\S+) ont déjà ajouté ")


def charged(sender: str, ctx: Context) -> bool:
    """Whether the bytes a filed message from `sender` adds to the store count against its sender's budget of every
    mail, authenticated or not ([limits] bytes_per_authenticated_sender_per_day): it is no trusted staff forward, and
    it is not the town's own form ([trust] automatic_senders: each of its mails opens a case, at most [limits]
    cases_per_robot_per_day a day, and on the call's last day it must not stop). A forward from a town address that
    could not be proven (`claimed_by`) counts against that address: anyone can write one where the town's mail cannot
    be verified, and its cases are capped by cases_per_sender_per_day long before this budget."""
    return not ctx.forwarded_by and sender not in ctx.automatic


def spends(sender: str, ctx: Context) -> bool:
    """Whether what a filed message from `sender` adds is recorded against its address's budget of every mail: it is
    `charged`, and it is not mail the town's server says is forged. A forger writing from a real applicant's address
    would spend the applicant's own budget, and set their real, authenticated mail aside; forged mail has the budgets
    of unauthenticated mail, which bound it (and count a big provider's forged addresses with each other)."""
    return charged(sender, ctx) and not ctx.unverified


def counted(sender: str, ctx: Context) -> bool:
    """Whether the bytes a filed message from `sender` adds to the store count against the budgets of unauthenticated
    mail too: it is `charged`, and the town's server did not authenticate its sender."""
    return ctx.sender.verdict != PASS and charged(sender, ctx)


def authenticated(sender: str, ctx: Context) -> bool:
    """Whether what a filed message from `sender` adds counts against its domain's budget of authenticated mail
    ([limits] bytes_per_authenticated_domain_per_day, by `ctx.stored_domain`): it is `charged`, and the town's server
    authenticated its sender."""
    return ctx.sender.verdict == PASS and charged(sender, ctx)


def files_added(decision: Decision) -> int:
    """The bytes of the files a filed message adds to its case (those the case does not hold already), as its budget
    counts them with its raw bytes (pipeline/ingest.py)."""
    return sum(len(v.attachment.content) for v in decision.new_pieces)


def budgeted(decision: Decision, msg: Message, ctx: Context) -> Decision:
    """`decision`, or, when it would file the message (its bytes and files kept) while its unauthenticated sender's
    mail already added `ctx.stored_cap` bytes to the store in 24 hours (or its domain's addresses together
    `ctx.stored_domain_cap`, or every unauthenticated sender together `ctx.stored_all_cap`), the message set aside
    instead: quarantined with the reason, as past a cap on new cases (its raw bytes within the quarantine's budget), no
    mail, no file kept on a case. The same when its sender's mail, authenticated or not, already added `ctx.added_cap`
    bytes, or, authenticated, its domain's addresses' authenticated mail `ctx.added_domain_cap`. A budget is reached
    once the bytes already added are at or past it: a real applicant's message is never refused half-way, and one
    message at most goes past it."""
    if decision.fate != FILED or not charged(msg.from_addr, ctx):
        return decision
    why = _past(msg.from_addr, ctx)
    if not why:
        return decision
    where = f" (à rattacher à {decision.case.reference})" if decision.case is not None else ""
    return Decision(QUARANTINED, f"{OVER_LIMITS} : {why} : mis de côté sans garder ses fichiers{where} ; s'il s'agit "
                                 f"d'une vraie candidature, l'enregistrer malgré les limites ; {RAW_KEPT}",
                    origin=decision.origin)


def _past(sender: str, ctx: Context) -> str:
    """Which budget a `charged` message from `sender` is past, as its reason says it ("" : none)."""
    who = f"l'expéditeur affiché (non authentifié) {sender}" if ctx.unverified else sender
    if not counted(sender, ctx):  # authenticated: only the budget of its sender's every mail
        pass
    elif ctx.stored_cap and ctx.stored_by_sender >= ctx.stored_cap:
        return (f"les messages non authentifiés de {who} ont déjà ajouté {french.size(ctx.stored_by_sender)} de "
                f"fichiers en 24 heures, le plus qu'un expéditeur non authentifié puisse ajouter ({SENDER_BYTES} = "
                f"{ctx.stored_cap})")
    elif ctx.stored_domain and ctx.stored_domain_cap and ctx.stored_by_domain >= ctx.stored_domain_cap:
        return (f"{who} : les messages non authentifiés des adresses du domaine {ctx.stored_domain} ont déjà ajouté "
                f"{french.size(ctx.stored_by_domain)} de fichiers en 24 heures, le plus que les adresses d'un même "
                f"domaine puissent ajouter ensemble ({DOMAIN_BYTES} = {ctx.stored_domain_cap})")
    elif ctx.stored_all_cap and ctx.stored_by_all >= ctx.stored_all_cap:
        return (f"{who} : les messages non authentifiés de tous les expéditeurs ont déjà ajouté "
                f"{french.size(ctx.stored_by_all)} de fichiers en 24 heures, le plus qu'ils puissent ajouter ensemble "
                f"({ALL_BYTES} = {ctx.stored_all_cap}) : un envoi en masse depuis de nombreux domaines ?")
    if ctx.added_cap and ctx.added_by_sender >= ctx.added_cap:
        return (f"les messages de {who} ont déjà ajouté {french.size(ctx.added_by_sender)} de fichiers en 24 heures, "
                f"le plus qu'un expéditeur, même authentifié, puisse ajouter ({ANY_BYTES} = {ctx.added_cap})")
    if (authenticated(sender, ctx) and ctx.stored_domain and ctx.added_domain_cap
            and ctx.added_by_domain >= ctx.added_domain_cap):
        box = "@" in ctx.stored_domain  # a big provider's box (core/sender_domain.py `provider_box`)
        whose = (f"de la boîte {ctx.stored_domain} (ses variantes en « + » comprises)" if box
                 else f"du domaine {ctx.stored_domain}")
        one = "d'une même boîte" if box else "d'un même domaine"
        return (f"{who} : les messages authentifiés des adresses {whose} ont déjà ajouté "
                f"{french.size(ctx.added_by_domain)} de fichiers en 24 heures, le plus que les adresses "
                f"{one}, même authentifiées, puissent ajouter ensemble "
                f"({SIGNED_DOMAIN_BYTES} = {ctx.added_domain_cap})")
    return ""


def budget_reached(reason: str) -> tuple[str, str]:
    """Which byte budget a quarantined message's recorded reason says was reached (`budgeted`): (one of BUDGETS, the
    domain named for DOMAIN_BYTES and SIGNED_DOMAIN_BYTES, else ""); ("", "") when it is none (a cap on new cases,
    another limit). The last limit and domain named are the ones `budgeted` wrote: the sender's address comes first
    in the reason, and a quoted local part may hold any words
    (`"[limits] bytes_per_sender_per_day = 1"@evil.example`)."""
    said = list(_LIMIT_SAID.finditer(reason))
    if not said or said[-1].group(1) not in BUDGETS:
        return "", ""
    key = said[-1].group(1)
    domains = _DOMAIN_SAID.findall(reason[:said[-1].start()]) if key in (DOMAIN_BYTES, SIGNED_DOMAIN_BYTES) else []
    return key, (domains[-1] if domains else "")
