"""What comes back after we write to an applicant, as real servers and mail programs write it (tests/servermail.py),
end to end: Dovecot, `intake poll`, SMTP. Non-delivery reports mark the address as documented; a delay or a delivery
receipt is no failure; out-of-office replies, read receipts and invitations open no case, get no answer and make no
loop; the applicant's reply from a phone with the missing letter completes the case."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest
import servermail as sm
from sqlmodel import select

from intake.commands.followups import queue_due_reminders
from intake.store.database import session
from intake.store.tables import Address, Inbound

APPLICANT = "jeanne.roux@asso-quartier.example"


def _acknowledged(intake):
    """An incomplete application (the letter missing) filed and acknowledged: our acknowledgement, as sent."""
    intake.deliver(intake.application(sender=f"Jeanne Roux <{APPLICANT}>", pieces=("dossier", "visuels")), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    return ack


def _last_reason(intake) -> str:
    with session(intake.app().engine) as s:
        return s.exec(select(Inbound).order_by(Inbound.id.desc())).first().reason  # type: ignore[union-attr]


REPORTS = {"exchange": (sm.exchange_ndr, "5.4.310"), "gmail": (sm.gmail, "5.1.1"), "orange": (sm.orange, "5.1.1"),
           "postfix": (sm.postfix, "5.1.1"), "exim": (sm.exim, "5.1.1"), "qmail": (sm.qmail, "5.1.1")}


@pytest.mark.parametrize("server", REPORTS)
def test_a_non_delivery_report_marks_the_address_and_nothing_more_is_sent_there(intake, server):
    ack = _acknowledged(intake)
    build, status = REPORTS[server]
    intake.deliver(build(ack, APPLICANT), intake.nb)
    intake.poll()
    assert len(intake.smtp.messages) == 1  # the acknowledgement only
    with session(intake.app().engine) as s:
        assert s.get(Address, APPLICANT).undeliverable
    (case,) = intake.cases()
    detail = intake.case(case["reference"])
    # Exim writes the remote host's address above the code: « 185.4.12.33 » was read as the status 4.12.33
    assert detail["mails"][0]["last_error"] == f"non remis : échec définitif {status} pour {APPLICANT}"
    assert "pas pu être remis" in case["attention"]
    assert queue_due_reminders(intake.app(shift=timedelta(days=8))).queued == 0


@pytest.mark.parametrize("status", ["5.2.2", "4.4.1"])
def test_a_mail_that_did_not_arrive_to_an_address_that_still_works_is_shown_to_staff(intake, status):
    """A full mailbox (552 5.2.2, as Gmail, Exchange and Orange say it) marked the address undeliverable for good:
    nothing of the case (the completion notice, the decision) could reach the applicant again, not even sent again
    by staff. A report of a mail the server gave up on after days of trying (Action: failed, 4.4.1) told staff
    nothing: the acknowledgement never arrived and nobody knew."""
    ack = _acknowledged(intake)
    intake.deliver(sm.postfix(ack, APPLICANT, status=status), intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        assert s.get(Address, APPLICANT) is None
    (case,) = intake.cases()
    assert "pas pu être remis" in case["attention"] and "reste utilisée" in case["attention"]
    assert intake.case(case["reference"])["mails"][0]["last_error"].startswith("non remis : ")
    assert queue_due_reminders(intake.app(shift=timedelta(days=8))).queued == 1  # still written to


@pytest.mark.parametrize("server", ["postfix", "exchange"])
def test_a_delayed_delivery_warning_is_no_failure(intake, server):
    ack = _acknowledged(intake)
    build = partial(sm.postfix, delayed=True) if server == "postfix" else sm.exchange_delayed
    intake.deliver(build(ack, APPLICANT), intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        assert s.get(Address, APPLICANT) is None
    (case,) = intake.cases()
    detail = intake.case(case["reference"])
    error = detail["mails"][0]["last_error"]
    assert error.startswith("remise retardée, le serveur du destinataire réessaie 4.") and "non remis" not in error
    assert not case["attention"]
    assert queue_due_reminders(intake.app(shift=timedelta(days=8))).queued == 1  # still written to


def test_a_delivery_receipt_says_delivered_never_not_delivered(intake):
    """Exchange's « Remis : » (Action: delivered, 2.0.0) was recorded on our acknowledgement as « non remis : échec
    temporaire ou retard 2.0.0 », and in the case's history as a non-delivery."""
    ack = _acknowledged(intake)
    intake.deliver(sm.exchange_delivered(ack, APPLICANT), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    detail = intake.case(case["reference"])
    assert detail["mails"][0]["last_error"] == ""
    kinds = [e["kind"] for e in detail["events"]]
    assert "delivered" in kinds and "bounce-linked" not in kinds
    with session(intake.app().engine) as s:
        assert s.get(Address, APPLICANT) is None


def test_a_forged_exchange_report_about_no_mail_of_ours_marks_nobody(intake):
    ack = _acknowledged(intake)
    del ack["Message-ID"]
    ack["Message-ID"] = "<forged-0K2m9Q4x@ville-bethune.fr>"
    intake.deliver(sm.exchange_ndr(ack, APPLICANT), intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        assert s.get(Address, APPLICANT) is None
    assert "aucun courriel envoyé par le service" in _last_reason(intake)


AUTOMATIC = {"exchange-oof": sm.exchange_out_of_office,
             "exchange-oof-no-auto-submitted": partial(sm.exchange_out_of_office, auto_submitted=False),
             "exchange-oof-suppress-only": partial(sm.exchange_out_of_office, auto_submitted=False, loop=False),
             "zimbra": sm.zimbra_vacation, "gmail": sm.gmail_vacation, "thunderbird-mdn": sm.read_receipt,
             "outlook-read": partial(sm.read_receipt, outlook=True)}


@pytest.mark.parametrize("responder", AUTOMATIC)
def test_automatic_replies_and_read_receipts_get_no_answer_and_change_nothing(intake, responder):
    ack = _acknowledged(intake)
    for _ in range(3):  # the responder answers again: still nothing
        intake.deliver(AUTOMATIC[responder](ack, APPLICANT), intake.nb)
        intake.poll()
    assert len(intake.smtp.messages) == 1
    (case,) = intake.cases()
    assert case["status"] == "incomplete" and case["pieces"] == ["dossier", "visuels"]
    with session(intake.app().engine) as s:
        assert s.get(Address, APPLICANT) is None


INVITATIONS = {"google": sm.google_invitation, "outlook": sm.outlook_invitation, "accepted": sm.outlook_accepted}


@pytest.mark.parametrize("program", INVITATIONS)
def test_an_invitation_to_a_meeting_opens_no_case_and_gets_no_answer(intake, program):
    intake.deliver(INVITATIONS[program](APPLICANT, intake.nb), intake.nb)
    intake.poll()
    assert intake.cases() == [] and intake.smtp.messages == []
    assert "invitation à une réunion" in _last_reason(intake)


def test_an_invitation_carrying_a_presentation_is_kept_for_staff_and_nobody_is_written_to(intake):
    """An Outlook meeting request titled « … candidature label Smart City » with the organiser's presentation
    attached was filed as an application and acknowledged: « Accusé de réception de votre candidature » for a
    meeting."""
    intake.deliver(sm.outlook_invitation(APPLICANT, intake.nb, with_document=True), intake.nb)
    intake.poll()
    assert intake.smtp.messages == []
    (case,) = intake.cases()
    assert case["status"] == "review" and "invitation à une réunion" in case["attention"]


REPLIES = {"iphone": sm.iphone_reply, "iphone-unthreaded": partial(sm.iphone_reply, threaded=False),
           "gmail-android": sm.gmail_android_reply, "outlook-android": sm.outlook_android_reply}


@pytest.mark.parametrize("program", REPLIES)
def test_the_letter_sent_from_a_phone_in_reply_completes_the_case_with_one_notice(intake, program):
    ack = _acknowledged(intake)
    intake.deliver(REPLIES[program](ack, APPLICANT), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["messages"] == 2
    (notice,) = intake.sent()[1:]
    assert "est complet" in notice["Subject"] and f"[{case['reference']}]" in notice["Subject"]
    assert [a.addr_spec for a in notice["To"].addresses] == [APPLICANT]
