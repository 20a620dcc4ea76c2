"""S6/S7 and the low findings, in the policy: what a message whose sender the town's server says is forged may
do (nothing: it is a stranger's, for staff, without mail), what a stranger's acknowledgement may reveal, whom
a case of a third party writes to, how many addresses one message may name, which open case takes new files."""

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from intake.commands import samples
from intake.core.addresses import APPLICANT, CITING, MAX_NAMED, NAMED, OPENING, STAFF, UNVERIFIED, why_quiet
from intake.core.casework import CaseState, PieceState, correction, reminder, reminder_waits
from intake.core.classify import classify_attachment
from intake.core.content import Extracted
from intake.core.context import Budget, Context
from intake.core.decide import decide
from intake.core.effects import AddressOnCase, QueueMail
from intake.core.parse import parse_message
from intake.core.replies import ACKNOWLEDGEMENT
from intake.core.rules import parse_rules
from intake.core.statuses import COMPLETE, FILED, IGNORED, INCOMPLETE, REVIEW
from intake.core.thread import CaseView, Clues, match
from intake.core.trust import FAIL, PASS, SenderCheck

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB = "n.bataillon@ville-bethune.fr"
VICTIM = "c.martin@mobilite-douce.example"
DOSSIER = ("dossier.pdf", samples.pdf("Dossier d'intention\nTitre du projet : X"), "application/pdf")
LETTER = ("courrier-maire.pdf", samples.pdf("lettre"), "application/pdf")
PHOTO = ("photo.jpg", samples.jpeg(), "image/jpeg")
FORGED = SenderCheck(FAIL, "mx.ville-bethune.fr : dmarc=fail header.from=mobilite-douce.example")
CASE = CaseView(id=3, reference="BSC-2026-0003", status=INCOMPLETE, applicant=VICTIM,
                kinds=frozenset({"dossier", "visuels"}), addresses=frozenset({VICTIM}))


NO_CLUES, UNCHECKED, NO_BUDGET = Clues(), SenderCheck(), Budget()  # frozen: shared defaults are safe


def run(raw: bytes, clues=NO_CLUES, sender=UNCHECKED, budget=NO_BUDGET):
    msg = parse_message(raw)
    ctx = Context(watched=frozenset({NB}), mailbox_address=NB, system_id="s", clues=clues, sender=sender,
                  budget=budget)
    verdicts = [classify_attachment(a, RULES, Extracted(read=True, text=a.content.decode("latin-1")))
                for a in msg.attachments]
    return msg, decide(msg, verdicts, RULES, ctx)


def effects(msg, d):
    """What decide() returns for the shell to carry out (core/filing.py)."""
    return d.effects


def from_victim(subject="RE: Accusé de réception [BSC-2026-0003]", attachments=(LETTER, DOSSIER), cc=()):
    return samples.email(sender=f"Claire Martin <{VICTIM}>", to=[NB], cc=list(cc), subject=subject,
                         attachments=list(attachments))


def test_a_forged_applicant_never_joins_their_case_and_nobody_is_written_to():
    msg, d = run(from_victim(cc=("mallory@evil.example",)), Clues(by_reference=(CASE,), open_of_sender=(CASE,)),
                 FORGED)
    assert d.fate == FILED and d.case is None and d.cited == CASE  # a stranger's case, linked for staff
    assert d.assessment.status == REVIEW and d.mail is None and "n'est pas authentifié" in d.no_mail_reason
    assert "l'expéditeur n'est pas authentifié : mx.ville-bethune.fr : dmarc=fail" in d.attention
    added = [e for e in effects(msg, d) if isinstance(e, AddressOnCase)]
    assert added == [AddressOnCase(VICTIM, APPLICANT, UNVERIFIED)]  # mallory in Cc is named nowhere


def test_a_forged_applicant_without_a_reference_opens_no_case_of_theirs_and_gets_no_mail():
    msg, d = run(from_victim(subject="Candidature"), Clues(open_of_sender=(CASE,)), FORGED)
    assert d.case is None and d.cited is None and d.fate == FILED and d.mail is None
    assert d.unverified and d.assessment.status == REVIEW


def test_without_trust_configuration_or_with_a_pass_the_applicant_joins_as_before():
    for check in (SenderCheck(), SenderCheck(PASS, "dmarc=pass header.from=mobilite-douce.example")):
        _msg, d = run(from_victim(attachments=(LETTER,)), Clues(by_reference=(CASE,)), check)
        assert d.case == CASE and d.assessment.status == COMPLETE and d.mail.to_addr == VICTIM


def test_a_trusted_staff_forward_vouches_for_its_original_sender_whatever_the_forwarders_check():
    ctx = Context(watched=frozenset({NB}), mailbox_address=NB, system_id="s", sender=FORGED, forwarded_by=NB)
    assert ctx.unverified == ""


# ------------------------------------------------------------------------------ the stranger's answer (r02)
def test_a_strangers_acknowledgement_is_the_one_any_new_application_gets():
    attack = samples.email(sender="mallory@evil.example", to=[NB], subject="RE: [BSC-2026-0003]",
                           attachments=[LETTER])
    _m, cited = run(attack, Clues(by_reference=(CASE,)))
    _m, fresh = run(attack)  # the same mail citing a reference that does not exist
    assert cited.assessment.status == REVIEW and cited.cited == CASE  # staff look at it
    assert cited.mail.kind == fresh.mail.kind == ACKNOWLEDGEMENT
    assert cited.mail.shown_status == fresh.assessment.status == INCOMPLETE  # the mail says the same thing
    assert "BSC-2026-0003" not in fresh.reason


def test_photos_alone_citing_a_case_are_kept_for_staff_but_answered_as_photos_alone_are():
    photos = samples.email(sender="mallory@evil.example", to=[NB], subject="RE: [BSC-2026-0003]",
                           attachments=[PHOTO])
    _m, cited = run(photos, Clues(by_reference=(CASE,)))
    _m, fresh = run(photos)
    assert cited.fate == FILED and cited.mail is None and fresh.fate == IGNORED and fresh.mail is None


def test_a_named_address_learns_nothing_of_the_cases_state_from_its_ledger_line():
    named = dataclasses.replace(CASE, addresses=frozenset({VICTIM, "colleague@mobilite-douce.example"}))
    raw = samples.email(sender="colleague@mobilite-douce.example", to=[NB], subject="RE: [BSC-2026-0003]",
                        attachments=[LETTER])
    _m, d = run(raw, Clues(by_reference=(named,)))
    assert d.case == named and "obligatoires" not in d.reason and "manque" not in d.reason
    _m, own = run(from_victim(attachments=(LETTER,)), Clues(by_reference=(named,)))
    assert "toutes les pièces obligatoires sont là" in own.reason  # the applicant's own line says it


# ------------------------------------------------------------------------------------ U6a: third parties
def test_a_case_opened_by_a_third_party_or_a_forger_gets_no_automatic_mail_until_staff_confirm():
    assert why_quiet(CITING, linked=True) and why_quiet(UNVERIFIED, linked=False)
    assert why_quiet(OPENING, linked=True)  # cases opened before sources told it
    assert why_quiet(STAFF, linked=True) == "" and why_quiet(OPENING, linked=False) == ""
    quiet = dataclasses.replace(CASE, quiet=why_quiet(CITING, True))
    _m, d = run(from_victim(attachments=(LETTER,)), Clues(by_reference=(quiet,)))
    assert d.case == quiet and d.assessment.status == COMPLETE and d.mail is None
    assert "pas de courriel automatique" in d.no_mail_reason


def test_no_reminder_nor_completion_notice_for_a_third_partys_case_even_after_a_correction():
    now = datetime(2026, 12, 1, 10, 30, tzinfo=timezone.utc)
    case = CaseState(id=8, reference="BSC-2026-0008", status=INCOMPLETE, status_reason="", applicant="m@evil.example",
                     reply_from=NB, received_at=now - timedelta(days=25),  # a reminder goes before the deadline
                     pieces=(PieceState(1, "a.pdf", "dossier", False), PieceState(2, "b.pdf", None, False),
                             PieceState(3, "c.jpg", "visuels", False)),
                     acknowledged=True, last_acknowledged_at=now - timedelta(days=20),
                     quiet=why_quiet(CITING, True))
    assert reminder(case, RULES, Budget(), now, ZoneInfo("Europe/Paris")) == ("", ())
    _piece, done = correction(case, "b.pdf", "courrier", "nb", RULES)
    assert not [e for e in done if isinstance(e, QueueMail)] and any("pas d'avis" in getattr(e, "detail", "")
                                                                      for e in done)
    loud = dataclasses.replace(case, quiet="")
    assert reminder(loud, RULES, Budget(), now, ZoneInfo("Europe/Paris"))[0] == "queued"
    _piece, done = correction(loud, "b.pdf", "courrier", "nb", RULES)
    assert [e.kind for e in done if isinstance(e, QueueMail)] == ["completion"]



def test_no_decision_notice_for_a_case_whose_address_is_not_confirmed():
    """A decision « with notice » on a forged sender's (or a third party's) case: refused, the decision alone
    is recorded; once staff confirmed the address (quiet is then ""), the notice goes."""
    import pytest

    from intake.core.decisions import decision
    from intake.errors import IntakeError

    now = datetime(2026, 12, 1, 10, 30, tzinfo=timezone.utc)
    for source in (UNVERIFIED, CITING):
        case = CaseState(id=8, reference="BSC-2026-0008", status=REVIEW, status_reason="",
                         applicant="victime@target.example", reply_from=NB, received_at=now,
                         quiet=why_quiet(source, source == CITING))
        with pytest.raises(IntakeError, match="aucun avis ne part vers victime@target.example"):
            decision(case, "inadmissible", "motif", "nb", True, RULES)
        assert not [e for e in decision(case, "inadmissible", "motif", "nb", False, RULES) if isinstance(e, QueueMail)]
        confirmed = dataclasses.replace(case, quiet="")
        assert [e.kind for e in decision(confirmed, "inadmissible", "motif", "nb", True, RULES)
                if isinstance(e, QueueMail)] == ["decision/inadmissible"]

# ------------------------------------------------------------------------------------------- Cc bomb
def test_one_message_names_at_most_ten_addresses_and_staff_are_told():
    raw = samples.email(sender="asso@x.example", to=[NB], cc=[f"p{i}@x.example" for i in range(40)],
                        subject="Candidature", attachments=[DOSSIER, LETTER])
    msg, d = run(raw)
    named = [e for e in effects(msg, d) if isinstance(e, AddressOnCase) and e.role == NAMED]
    assert len(named) == MAX_NAMED and "30 autres adresses en copie ignorées" in d.attention


# ------------------------------------------------------------------------------------------------- U1
def view(i, status=INCOMPLETE, kinds=("visuels",)):
    return CaseView(id=i, reference=f"BSC-2026-{i:04d}", status=status, applicant="a@x.example",
                    kinds=frozenset(kinds))


def test_a_complete_or_admissible_case_still_takes_its_applicants_extra_photos():
    for status in (COMPLETE, "admissible"):
        found = match(Clues(open_of_sender=(view(1, status, ("dossier", "courrier", "visuels")),)),
                      frozenset({"visuels"}))
        assert found.case is not None and found.case.id == 1, status


def test_a_dossier_goes_to_the_open_case_still_waiting_for_one_and_otherwise_is_another_project():
    waiting, full = view(1, kinds=("courrier",)), view(2, COMPLETE, ("dossier", "courrier", "visuels"))
    assert match(Clues(open_of_sender=(waiting, full)), frozenset({"dossier"})).case == waiting
    other = match(Clues(open_of_sender=(full, view(3, kinds=("dossier",)))), frozenset({"dossier"}))
    assert other.case is None and not other.ambiguous and "autre projet" in other.reason


def test_forged_applications_in_someones_name_do_not_make_their_real_one_ambiguous():
    # without any trust configuration: three "applications" with a dossier each, then the real one
    forged = tuple(view(i, kinds=("dossier",)) for i in (4, 5, 6))
    found = match(Clues(open_of_sender=forged), frozenset({"dossier", "courrier", "visuels"}))
    assert found.case is None and not found.ambiguous


def test_a_stranger_s_address_that_only_looks_like_the_applicant_s_is_said_so():
    """attack11: staff read « jeanne@asso-quartíer.fr » (or a Cyrillic а, a zero, « rn ») as the applicant's."""
    from intake.core.addresses import looks_like

    known = {"jeanne@asso-quartier.fr", "tresorier@asso-quartier.fr", "m.roux@mairie.fr"}
    for alike in ("jeanne@asso-quart\u00eder.fr", "je\u0430nne@asso-quartier.fr", "jeanne@ass0-quartier.fr"):
        assert "ressemble à celle de jeanne@asso-quartier.fr" in looks_like(alike, known), alike
    assert "ressemble à celle de m.roux@mairie.fr" in looks_like("rn.roux@rnairie.fr", known)
    assert "xn--asso-quarter-" in looks_like("jeanne@asso-quart\u00eder.fr", known)
    assert looks_like("paul@asso-quartier.fr", known) == "" and looks_like("jeanne@asso-quartier.fr", known) == ""


def test_an_address_that_looks_like_the_applicant_s_with_two_letters_for_one_or_an_armenian_one_is_said_so():
    """attack12: « vv » reads as « w » and « cl » as « d » as « rn » did as « m » (a domain of one's own, all ASCII:
    jeanne@vvanadoo.fr, jeanne@cloctolib.fr), and the Armenian « օ », « ս », « ո », « հ », « ց » and Latin « ɑ »
    as Latin letters: none was said to look like the applicant's address."""
    from intake.core.addresses import looks_like

    known = {"jeanne@wanadoo.fr", "jeanne@doctolib.fr", "jeanne@orange.fr", "paul@hugues.fr"}
    for alike, like in (("jeanne@vvanadoo.fr", "jeanne@wanadoo.fr"), ("jeanne@cloctolib.fr", "jeanne@doctolib.fr"),
                        ("jeanne@\u0585range.fr", "jeanne@orange.fr"), ("je\u0251nne@orange.fr", "jeanne@orange.fr"),
                        ("jea\u0578ne@orange.fr", "jeanne@orange.fr"),
                        ("jeanne@ora\u0578\u0581e.fr", "jeanne@orange.fr"),
                        ("paul@\u0570\u057dgues.fr", "paul@hugues.fr")):
        assert f"ressemble à celle de {like}" in looks_like(alike, known), alike


def test_a_due_reminder_waits_past_the_day_s_mails_to_its_case_and_staff_are_told_why():
    """per_case_per_day bounded every automatic mail about a case but the reminder: a case acknowledged, updated and
    told complete-then-not in one day got a reminder on top. It waits for a later run, and `reminder_waits` says why,
    in the words the digest and the case's page show (they showed a day already past as the next reminder)."""
    now = datetime(2026, 12, 1, 10, 30, tzinfo=timezone.utc)
    case = CaseState(id=9, reference="BSC-2026-0009", status=INCOMPLETE, status_reason="", applicant="a@asso.example",
                     reply_from=NB, received_at=now - timedelta(days=8),
                     pieces=(PieceState(1, "a.pdf", "dossier", False),),
                     acknowledged=True, last_acknowledged_at=now - timedelta(days=8))
    paris = ZoneInfo("Europe/Paris")
    limit = RULES.conversation.per_case_per_day
    assert reminder(case, RULES, Budget(), now, paris, mails_for_case=limit - 1)[0] == "queued"
    assert reminder(case, RULES, Budget(), now, paris, mails_for_case=limit) == ("held", ())
    assert reminder_waits(case, RULES, Budget(), 0, limit) == (
        f"déjà {limit} courriels pour ce dossier en 24 h (limite per_case_per_day) ; "
        "elle partira d'elle-même dès que la limite le permettra")
    assert "refusée définitivement" in reminder_waits(case, RULES, Budget(undeliverable=True), 0, 0)
    assert "answers_per_day" in reminder_waits(case, RULES, Budget(), RULES.conversation.answers_per_day, 0)
    assert reminder_waits(case, RULES, Budget(), 0, 0) == ""
