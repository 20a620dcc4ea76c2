"""`intake reclassify`: apply the current rules to open cases, from the stored files.

Every filed message of the case is read again from its stored raw bytes (and files filed by hand from
the file store, read the same way: `read_files_by_hand`); the core (core/casework.py `reclassify`) gives
pieces their new kind unless staff set it by hand, makes pieces of files the old rules skipped, and
recomputes the status. No mail is sent for past events: cases that become complete are reported, so
that staff can write if they wish.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from intake.adapters.readers import ReaderPool
from intake.app import App
from intake.commands.show import find_case
from intake.core import casework
from intake.core.effects import SetStatus
from intake.core.labels import STATUS_LABELS
from intake.core.statuses import AUTOMATIC, COMPLETE, INCOMPLETE
from intake.errors import ParseError
from intake.pipeline.apply import carry_out
from intake.pipeline.read import read_files_by_hand, read_message
from intake.store import cases, ledger, pieces
from intake.store.database import session

log = logging.getLogger("intake.reclassify")


@dataclass
class ReclassifyReport:
    checked: int = 0
    changed: list[str] = field(default_factory=list)  # "BSC-... : incomplet -> complet", in French (staff read it)
    completed: list[str] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)  # "BSC-... (budget prévisionnel)": complete, now incomplete


def reclassify(app: App, reference: str | None = None) -> ReclassifyReport:
    report = ReclassifyReport()
    with session(app.engine) as s:
        ids = [find_case(s, reference).id] if reference else cases.with_status(s, AUTOMATIC)
    with ReaderPool() as pool:
        for case_id in ids:
            _one(app, case_id, report, pool)
    return report


def _one(app: App, case_id: int, report: ReclassifyReport, pool: ReaderPool) -> None:
    rules = app.rules
    with session(app.engine) as s:
        case = cases.get(s, case_id)
        if case is None or case.status not in AUTOMATIC:
            return  # a staff decision stands
        report.checked += 1
        reread: dict[str, casework.Reread] = {}
        fields: dict[str, str] = {}
        for row in ledger.filed_on_case(s, case.id):
            try:
                reading = read_message(app.blobs.get(row.raw_sha256), rules, app.settings, case.reply_from,
                                       row.raw_sha256, pool=pool)
            except (ParseError, OSError) as exc:
                # its type alone: a parser's text may quote the message (a header's value, the subject)
                log.warning("%s: message UID %s cannot be read again: %s", case.reference, row.uid, type(exc).__name__)
                continue
            fields.update(reading.fields)
            for v in reading.verdicts:
                reread.setdefault(v.attachment.sha256, casework.Reread(v, row.id))
        by_hand = []  # files filed by hand (postal applications): read again as a mail's attachments are
        for piece in pieces.of_case(s, case.id):
            if piece.sha256 not in reread and piece.detected_type != "link":
                try:
                    by_hand.append((piece, app.blobs.get(piece.sha256)))
                except OSError:
                    continue
        if by_hand:
            reading = read_files_by_hand([(p.filename, content) for p, content in by_hand], rules,
                                         seconds=app.settings.limits.read_seconds)
            found = {v.attachment.sha256: v for v in reading.verdicts}
            for piece, _content in by_hand:
                if piece.sha256 in found:
                    reread[piece.sha256] = casework.Reread(found[piece.sha256], piece.inbound_id)
            fields.update(reading.fields)
        before = case.status
        effects = casework.reclassify(cases.state(s, case), reread, fields, rules)
        carry_out(app, s, effects, case=case, actor="reclassify")
        after = next((e.status for e in effects if isinstance(e, SetStatus)), before)
        if after != before:
            report.changed.append(f"{case.reference} : {STATUS_LABELS.get(before, before)} -> "
                                  f"{STATUS_LABELS.get(after, after)}")
            if after == COMPLETE:
                report.completed.append(case.reference)
            if before == COMPLETE and after == INCOMPLETE:  # a piece made required since: reminders will ask for it
                missing = casework.missing_for_staff(cases.state(s, case), rules)
                report.reopened.append(f"{case.reference} ({', '.join(missing)})")
        s.commit()
