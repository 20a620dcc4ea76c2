"""What the database knows that the policy needs: the `Context` of one message.

Read-only, in the session of the transaction that will apply the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import Session

from intake.adapters.psl import owned_domain
from intake.app import App
from intake.config import Mailbox, Settings
from intake.core.bounce import SentMail, tags_in
from intake.core.context import Arrival, Context, Earlier, sort_copies
from intake.core.decide import only_copies_matter
from intake.core.forward import Forward
from intake.core.message import Message
from intake.core.origin import named_by_robot
from intake.core.replies import ACKNOWLEDGEMENT, MAIL_KINDS_TO_APPLICANT
from intake.core.retention import trace_identity
from intake.core.sender_domain import counted_domain, domain_of_address, provider_box
from intake.core.statuses import OPEN, Fate
from intake.core.store_budget import authenticated, charged, counted
from intake.core.thread import Clues, person_name, references_in
from intake.core.trust import PASS
from intake.store import applicants, cases, correspondents, ledger, outbox
from intake.store.tables import Case

NOWHERE = Arrival()
MAX_IDS = 100  # Message-IDs looked up per message (In-Reply-To, References, enclosed): the newest count
MAX_REFERENCES = 20  # case references looked up per subject


def context_for(app: App, s: Session, mailbox: Mailbox, msg: Message, identity: str, forward: Forward | None = None,
                exclude_id: int | None = None, arrival: Arrival = NOWHERE,
                fields: Mapping[str, str] | None = None, copy_key: str = "") -> Context:
    """`exclude_id`: the message's own ledger row, when it is read again (a quarantined message retried);
    `arrival`: where and when it came; `fields`: what its dossier says; `copy_key`: the message is only its
    header block, with this copy key (core/copykey.py)."""
    now = app.clock()
    settings = app.settings
    restored_at = app.restored_at  # read from data_dir each time (a restore noted while this process runs)
    forward = forward or Forward(msg)
    # a deleted case's messages leave a trace of their identity (core/retention.py): still the same message
    recorded = ledger.recorded(s, identity, trace_identity(identity), exclude_id)
    earlier, reused = sort_copies(msg.fingerprint if recorded else "", [  # no need to hash a new message's content
        Earlier(r.mailbox, r.uid, Fate(r.fate), r.case_id, fingerprint=r.fingerprint, sender=r.from_addr,
                copy_key=r.copy_key)
        for r in recorded], copy_key)
    copies = (cases.noted_since(s, {earlier.case_id}, "copy", outbox.day_window(now)).get(earlier.case_id, 0)
              if earlier is not None and earlier.case_id else 0)
    known_now = Context(
        copies_24h=copies, watched=settings.watched, aliases=settings.aliases, mailbox_address=mailbox.address,
        system_id=settings.system_id, automatic=settings.trust.automatic_senders, earlier=earlier,
        reused=reused, **forward.said(), arrival=arrival,
        fields=dict(fields or {}),
        answer_within=timedelta(hours=settings.acknowledge_within_hours), copy_key=copy_key,
        restored_at=restored_at and restored_at.astimezone(settings.timezone))
    # a newsletter, a colleague's note...: no case, mail or budget can change its fate; nor a copy known by its
    # headers (only its earlier copy is looked for)
    if copy_key or only_copies_matter(msg, app.rules, settings.watched, settings.system_id, forward.by,
                                      forward.claimed_by, settings.trust.automatic_senders):
        return known_now
    refs = references_in(msg.subject, settings.reference_prefix)[:MAX_REFERENCES]
    by_reference = _by_reference(s, refs)
    ids = list(dict.fromkeys(i for i in (msg.in_reply_to, *reversed(msg.references), *msg.enclosed_ids) if i))[:MAX_IDS]
    ours = outbox.by_message_ids(s, ids)
    for token in tags_in(msg, settings.watched, settings.trust.subaddress, settings.reference_prefix)[:10]:
        ours += outbox.tagged(s, token)
    our_case_ids = {o.case_id for o in ours if o.case_id}
    case_ids = ledger.cases_of_messages(s, ids) | our_case_ids
    by_headers = [c for c in (cases.get(s, i) for i in sorted(case_ids)) if c is not None]
    open_of_sender = applicants.open_cases_of(s, msg.from_addr, OPEN)
    found = {c.id: c for c in (*by_reference, *by_headers, *open_of_sender)}
    known = applicants.addresses_of(s, found)
    quiet = applicants.quiet(s, list(found.values()))
    seen = {cid: cases.view(s, c, known.get(cid, frozenset()), quiet[cid]) for cid, c in found.items()}

    def views(these):
        return tuple(seen[c.id] for c in these)

    name = person_name(msg.from_name) if msg.attachments and not open_of_sender else ""
    named = tuple(cases.view(s, c, frozenset(), "") for c in applicants.open_cases_named(s, name, msg.from_addr, OPEN)
                  if c.id not in found)  # a clue for staff only (core/thread.py same_name_hint)
    # a copier's scan from its own address, hers typed as its « Reply to »: her open cases, a clue for staff only
    # (core/thread.py reply_to_hint); never a case to join
    reply_named = (named_by_robot(msg, settings.watched, settings.system_id, settings.aliases,
                                  settings.trust.automatic_senders) if msg.attachments else "")
    # (a query per case viewed: only those staff are told of)
    of_reply_to = tuple(cases.view(s, c, frozenset(), "") for c in [
        c for c in applicants.open_cases_of(s, reply_named, OPEN) if c.id not in found][:MAX_REFERENCES]
    ) if reply_named else ()
    clues = Clues(by_reference=views(by_reference), by_headers=views(by_headers), open_of_sender=views(open_of_sender),
                  by_our_mail=views(c for c in by_headers if c.id in our_case_ids), same_name=named,
                  of_reply_to=of_reply_to)
    since = outbox.day_window(now)
    mails_by_case = {cid: outbox.about_case_since(s, cid, since) for cid in seen}
    cited = cases.cited_since(s, {c.id for c in (*by_reference, *by_headers)}, since)
    unfiled = cases.noted_since(s, set(seen), "automatic", since)
    budgets = {c.applicant: correspondents.budget(s, c.applicant, "", now) for c in found.values()
               if c.applicant != msg.from_addr}
    cap = settings.limits.cases_per_sender_per_day
    robot_named = (named_by_robot(msg, settings.watched, settings.system_id, settings.aliases,
                                  settings.trust.automatic_senders)
                   if cap and not known_now.unverified else "")
    # a big provider's box counts as a domain: jeanne+1@gmail.com, jeanne+2@... are one free account's
    domain = ((_counted_domain(settings, msg.from_addr, bool(known_now.unverified))
               or provider_box(msg.from_addr, settings.limits.shared_mail_domains))
              if cap and settings.limits.cases_per_domain_per_day else "")
    vouched = known_now.sender.verdict == PASS  # the town's server authenticated the sender
    return _stored(s, settings, msg, since, replace(
        known_now, clues=clues, budget=correspondents.budget(s, msg.from_addr, msg.from_addr, now),
        domain=domain, domain_cap=settings.limits.cases_per_domain_per_day if domain else 0,
        domain_opened=correspondents.domain_cases_opened(s, domain, bool(known_now.unverified), since,
                                                         authenticated=vouched) if domain else 0,
        domain_authenticated=vouched,
        unauthenticated_cap=settings.limits.unauthenticated_cases_per_day if cap and not vouched else 0,
        unauthenticated_opened=correspondents.unauthenticated_cases_opened(s, bool(known_now.unverified), since)
        if cap and not vouched else 0,
        cases_opened=correspondents.cases_opened(s, msg.from_addr, bool(known_now.unverified), since) if cap else 0,
        cases_cap=cap, robot_named=robot_named, robot_cap=settings.limits.cases_per_robot_per_day,
        robot_opened_for=correspondents.robot_cases_for(s, msg.from_addr, robot_named, since) if robot_named else 0,
        mails_24h_by_case=mails_by_case, budgets=budgets, cited_24h=cited, unfiled_24h=unfiled,
        acknowledgements_24h=outbox.of_kind_since(s, ACKNOWLEDGEMENT, since),
        answers_24h=outbox.of_kinds_since(s, MAIL_KINDS_TO_APPLICANT, since),
        our_mails=tuple(SentMail(o.message_id, o.to_addr, o.case_id) for o in {o.id: o for o in ours}.values())))


def _stored(s: Session, settings: Settings, msg: Message, since: datetime, ctx: Context) -> Context:
    """`ctx` with what the sender's mail (and its domain's, and every sender's, unauthenticated mail) added to the
    store since `since`, and the budgets (core/store_budget.py); as it is for mail that is not budgeted (a trusted
    staff forward, the town's form); authenticated mail with its sender's budget of every mail and its domain's of
    authenticated mail only.
    A budget of 0 (lifted: `intake quarantine file-anyway`) is not counted against."""
    limits = settings.limits
    if not charged(msg.from_addr, ctx):
        return ctx
    if limits.bytes_per_authenticated_sender_per_day:
        ctx = replace(ctx, added_by_sender=ledger.added_since(s, msg.from_addr, since),
                      added_cap=limits.bytes_per_authenticated_sender_per_day)
    if authenticated(msg.from_addr, ctx):  # its domain's addresses' authenticated mail: recorded, budget lifted or not
        domain = (_counted_domain(settings, msg.from_addr, False)  # or a big provider's box: its tags are one person
                  or provider_box(msg.from_addr, settings.limits.shared_mail_domains))
        cap = limits.bytes_per_authenticated_domain_per_day if domain else 0
        return replace(ctx, stored_domain=domain, added_domain_cap=cap,
                       added_by_domain=ledger.added_by_domain_since(s, domain, since) if cap else 0)
    if not counted(msg.from_addr, ctx):
        return ctx
    # recorded with what it adds, budgets lifted or not
    domain = _counted_domain(settings, msg.from_addr, bool(ctx.unverified))
    by_sender, by_domain, by_all = ledger.stored_since(s, msg.from_addr if limits.bytes_per_sender_per_day else "",
                                                       domain if limits.bytes_per_domain_per_day else "", since)
    return replace(ctx, stored_by_sender=by_sender, stored_by_domain=by_domain, stored_domain=domain,
                   stored_cap=limits.bytes_per_sender_per_day, stored_domain_cap=limits.bytes_per_domain_per_day,
                   stored_by_all=by_all, stored_all_cap=limits.unauthenticated_bytes_per_day)


def budget_domain(settings: Settings, address: str, forged: bool) -> str:
    """The domain whose addresses' mail counts together with `address`'s for a daily budget ("" : none): its
    registrable domain as for new cases (`_counted_domain`), or a big provider's box (its "+" tags together)."""
    return _counted_domain(settings, address, forged) or ("" if forged else
                                                          provider_box(address, settings.limits.shared_mail_domains))


def _counted_domain(settings: Settings, address: str, forged: bool) -> str:
    """The registrable domain `address`'s new cases count with (core/sender_domain.py), by the Public Suffix List's
    ICANN part (adapters/psl.py `owned_domain`: a free dynamic DNS service's names count as its domain);
    `forged`: the town's server says the sender is."""
    domain = domain_of_address(address)
    if not domain:
        return ""
    own = {domain_of_address(a) for a in settings.watched | settings.aliases} | set(settings.trust.domains)
    town = frozenset(owned_domain(d) or d for d in own if d)
    return counted_domain(address, owned_domain(domain), settings.limits.shared_mail_domains, town, forged)


def _by_reference(s: Session, refs: tuple[str, ...]) -> list[Case]:
    found: dict[int, Case] = {}
    for ref in refs:
        case, _alias = cases.resolve(s, ref)
        if case is not None:
            found.setdefault(case.id, case)
    return sorted(found.values(), key=lambda c: c.id)


