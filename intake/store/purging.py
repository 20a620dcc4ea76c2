"""The purge's queries, one per rule of rules/retention.toml that is not about whole cases (those are
deleted by intake/store/deletion.py's `forget_case`). Each returns how many records it deleted or reduced,
and what that was, in French, for the purge log.

The console's sign-ins (sessions, links, link requests) are forgotten a day after their end by
store/signins.py `forget_old` (intake/commands/purge.py calls it): the `connexions` rule's months are the
system journal's, which intake does not reach.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from intake.core import french
from intake.core.arrival import ERROR_TEXT
from intake.core.effects import cited_sender
from intake.core.retention import Retention
from intake.core.statuses import FILED, PENDING, QUARANTINED, SENDING
from intake.store.deletion import release_content, to_trace, trash
from intake.store.people import ERASED
from intake.store.tables import Address, CaseAddress, CaseEvent, Digest, Inbound, Outbox, PurgeLog


def _holds_content() -> Any:
    """A ledger row that still holds something of the message's content (deletion.release_content)."""
    return ((col(Inbound.raw_sha256) != "") | (col(Inbound.subject) != "") | (col(Inbound.fingerprint) != "")
            | (col(Inbound.copy_key) != "") | col(Inbound.reason).contains(f"[{ERROR_TEXT} : "))


def minimise(s: Session, _limit: datetime, now: datetime, rule: str, _retention: Retention) -> tuple[int, str]:
    rows = s.exec(select(Inbound).where(col(Inbound.fate).not_in((FILED, QUARANTINED)), _holds_content())).all()
    for row in rows:
        release_content(s, row, now)
        s.add(row)
    return len(rows), (f"{french.count(len(rows), 'message non retenu', 'messages non retenus')} (par exemple "
                       "écartés de la quarantaine) : contenu supprimé")


def quarantine(s: Session, limit: datetime, now: datetime, rule: str, retention: Retention) -> tuple[int, str]:
    rows = s.exec(select(Inbound).where(Inbound.fate == QUARANTINED, col(Inbound.created_at) < limit,
                                        _holds_content())).all()
    for row in rows:
        release_content(s, row, now)
        row.reason = f"{row.reason} ; contenu supprimé après {retention.period(rule).french()} (règle {rule}) : " \
                     "le message reste dans la boîte"[:2000]
        s.add(row)
    return len(rows), f"{french.count(len(rows), 'message')} en quarantaine depuis plus de " \
                      f"{retention.period(rule).french()} : contenu brut supprimé"


def ledger(s: Session, limit: datetime, now: datetime, rule: str, retention: Retention) -> tuple[int, str]:
    rows = s.exec(select(Inbound).where(col(Inbound.case_id).is_(None), col(Inbound.created_at) < limit,
                                        col(Inbound.identity).not_like("trace:%"),
                                        (col(Inbound.fate) != QUARANTINED) | (col(Inbound.raw_sha256) == ""))).all()
    for row in rows:
        trash(s, [row.raw_sha256], now)
        to_trace(row, f"registre réduit à une empreinte après {retention.period(rule).french()} (règle {rule})")
        s.add(row)
    s.flush()
    notes = citers(s)
    what = (f"{french.count(len(rows), 'ligne')} du registre des messages non retenus "
            f"{french.agree(len(rows), 'réduite')} à une empreinte, sans adresse ni objet")
    if notes:
        what += (f" ; adresse d'un tiers qui citait un dossier effacée de son historique "
                 f"({french.count(notes, 'mention')})")
    return len(rows) + notes, what


def citers(s: Session) -> int:
    """A stranger's mail that cites a case is noted in that case's history, with its sender's address (core/effects.py
    `cited_note`), for staff. The address stays there as long as the service holds that sender's mail (a ledger line
    of theirs not yet reduced, the case their mail opened), no longer: not the cited case's years. How many notes."""
    count = 0
    for event in s.exec(select(CaseEvent).where(CaseEvent.kind == "cited")).all():
        sender = cited_sender(event.detail)
        if not sender or _holds(s, sender):
            continue
        event.detail = event.detail.replace(f"({sender})", f"({ERASED})", 1)
        s.add(event)
        count += 1
    return count


def _holds(s: Session, address: str) -> bool:
    """Whether the service still holds mail from this address, or the address on a case."""
    return (s.exec(select(Inbound.id).where(Inbound.from_addr == address).limit(1)).first() is not None
            or s.exec(select(CaseAddress.id).where(CaseAddress.address == address).limit(1)).first() is not None)


def internal_mail(s: Session, limit: datetime, now: datetime, rule: str, retention: Retention) -> tuple[int, str]:
    done: Any = s.exec(delete(Outbox).where(col(Outbox.case_id).is_(None), col(Outbox.created_at) < limit,
                                            col(Outbox.status).not_in((PENDING, SENDING))))
    # the digest's day rows name its recipients: as long as the mails they record; the last one stays (it is what
    # makes the digest once a day, store/digests.py `last`)
    newest = s.exec(select(Digest.id).order_by(col(Digest.id).desc())).first()
    days: Any = s.exec(delete(Digest).where(col(Digest.created_at) < limit, col(Digest.id) != newest))
    what = (f"{french.count(done.rowcount, 'courriel envoyé', 'courriels envoyés')} au service "
            f"(récapitulatifs...) {french.agree(done.rowcount, 'supprimé')}")
    if days.rowcount:
        what += (f" ; {french.count(days.rowcount, 'jour')} de récapitulatif (date et destinataires) "
                 f"{french.agree(days.rowcount, 'oublié')}")
    return done.rowcount + days.rowcount, what


def purge_log(s: Session, limit: datetime, now: datetime, rule: str, retention: Retention) -> tuple[int, str]:
    """[journal_des_suppressions], when the file gives it: the purge log's lines older than its duration."""
    done: Any = s.exec(delete(PurgeLog).where(col(PurgeLog.at) < limit))
    return done.rowcount, (f"{french.count(done.rowcount, 'ligne')} du journal des suppressions de plus de "
                           f"{retention.period(rule).french()} {french.agree(done.rowcount, 'supprimée')}")


def addresses(s: Session, limit: datetime, now: datetime, rule: str, retention: Retention) -> tuple[int, str]:
    done: Any = s.exec(delete(Address).where(col(Address.updated_at) < limit))
    return done.rowcount, (f"{french.count(done.rowcount, 'adresse signalée', 'adresses signalées')} (non-remise, "
                           f"boucle) {french.agree(done.rowcount, 'oubliée')}")
