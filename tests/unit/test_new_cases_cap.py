"""The cap on cases one sender's mail may open in 24 hours ([limits] cases_per_sender_per_day, core/decide.py
`capped`): past it, a message that would open a case is set aside (quarantined) for staff, never lost, and the
digest counts such messages on one line."""

from datetime import timedelta

from test_decide import COURRIER, DOSSIER, mail, run
from test_digest import NOW, PARIS, snapshot

from intake.core.arrival import OVER_LIMITS
from intake.core.decide import ALL, CASES_CAP, DOMAIN, SENDER, cap_reached, still_capped
from intake.core.decide import ROBOT as ROBOT_CAPPED
from intake.core.digest import build
from intake.core.statuses import FILED, QUARANTINED, REVIEW
from intake.core.thread import CaseView, Clues
from intake.core.trust import FAIL, SenderCheck

ROBOT = {"Auto-Submitted": "auto-generated"}


def test_a_sender_under_the_cap_opens_a_case():
    d = run(mail(attachments=(DOSSIER,), sender="scanner@asso.example", headers=ROBOT), cases_opened=4, cases_cap=5)
    assert d.fate == FILED and d.case is None and d.assessment.status == REVIEW


def test_past_the_cap_a_message_that_would_open_a_review_case_is_set_aside_with_the_reason():
    d = run(mail(attachments=(DOSSIER,), sender="scanner@asso.example", headers=ROBOT), cases_opened=5, cases_cap=5)
    assert d.fate == QUARANTINED and d.mail is None and d.reason.startswith(OVER_LIMITS)  # « file anyway » offered
    assert CASES_CAP in d.reason and "scanner@asso.example" in d.reason and "cases_per_sender_per_day" in d.reason
    assert "malgré les limites" in d.reason
    assert not any(type(e).__name__ == "OpenCase" for e in d.effects)


def test_past_the_cap_an_ordinary_application_is_set_aside_too_and_gets_no_acknowledgement():
    d = run(mail(), cases_opened=7, cases_cap=5)
    assert d.fate == QUARANTINED and d.mail is None


def test_past_the_cap_pieces_still_join_the_senders_own_case():
    case = CaseView(id=3, reference="BSC-2026-0003", status="incomplete", applicant="asso@x.example",
                    kinds=frozenset({"dossier"}))
    d = run(mail(attachments=(COURRIER,)), clues=Clues(open_of_sender=(case,)), cases_opened=9, cases_cap=5)
    assert d.fate == FILED and d.case == case


def test_a_trusted_staff_forward_is_never_capped():
    d = run(mail(), cases_opened=9, cases_cap=5, forwarded_by="n.bataillon@ville-bethune.fr",
            forward_evidence="dmarc=pass")
    assert d.fate == FILED


def test_no_cap_when_staff_file_a_message_anyway():
    assert run(mail(), cases_opened=50, cases_cap=0).fate == FILED


def test_an_unauthenticated_senders_reason_says_so():
    d = run(mail(attachments=(DOSSIER,)), cases_opened=5, cases_cap=5,
            sender=SenderCheck(FAIL, "mx.ville-bethune.fr : dmarc=fail header.from=x.example"))
    assert d.fate == QUARANTINED and "non authentifié" in d.reason


def test_the_digest_shows_every_capped_message_on_one_line():
    reason = run(mail(), cases_opened=7, cases_cap=5).reason
    flood = tuple((f"robot{i % 4}@x.example", reason) for i in range(40))
    d = build(snapshot(quarantined=(("nb UID 9", "x@y : ?", "cannot be parsed"),), capped=flood,
                       now=NOW, previous_at=NOW - timedelta(days=1)), PARIS)
    assert len(d["quarantined"]) == 2
    line = d["quarantined"][0]
    assert line["what"].startswith("40 messages de 4 expéditeurs (robot0@x.example, robot1@x.example, "
                                   "robot2@x.example et 1 autre)")
    assert "plafond de nouveaux dossiers par expéditeur en 24 heures atteint" in line["reason"] and d["needs_human"]
    assert "domaine" not in line["reason"]  # the cap reached, not « or per domain »
    assert "limite fixée par l'administrateur" in line["reason"] and "[limits]" not in line["reason"]


def test_capped_messages_alone_need_a_human():
    d = build(snapshot(quarantined=(), undeliverable=(), looping=(), failed_mails=(),
                       capped=(("a@x.example", "?"),)), PARIS)
    assert d["needs_human"] and len(d["quarantined"]) == 1


FORM = {"Reply-To": "Visiteur <porteur@asso.example>"}


def capped_line(*capped):
    d = build(snapshot(quarantined=(), capped=capped), PARIS)
    return d["quarantined"][0]["reason"]


DOMAIN_ROOM = dict(cases_opened=0, cases_cap=5, domain="evil.example", domain_cap=10, domain_opened=10)


def test_the_digest_says_the_domain_s_cap_was_reached_and_names_the_domain():
    d = run(mail(attachments=(DOSSIER,), sender="a11@evil.example"), **DOMAIN_ROOM)
    assert d.fate == QUARANTINED and cap_reached(d.reason) == (DOMAIN, "evil.example")
    said = capped_line(("a11@evil.example", d.reason), ("a12@evil.example", d.reason))
    assert said.startswith("plafond de nouveaux dossiers par domaine d'expéditeur (evil.example) en 24 heures "
                           "atteint (limite fixée par l'administrateur) : mis de côté"), said
    assert "par expéditeur " not in said and "[limits]" not in said


def test_the_digest_says_an_automatic_sender_s_cap_was_reached():
    form = mail(attachments=(DOSSIER,), sender="wordpress@ville-bethune.fr", headers={**FORM, **ROBOT})
    d = run(form, cases_opened=30, robot_opened_for=0, robot_named="porteur@asso.example", cases_cap=5, robot_cap=30)
    assert d.fate == QUARANTINED and cap_reached(d.reason) == (ROBOT_CAPPED, "")
    said = capped_line(("wordpress@ville-bethune.fr", d.reason))
    assert said.startswith("plafond de nouveaux dossiers par expéditeur automatique en 24 heures atteint"), said
    # the form's cases in one applicant's name count with that applicant's own cap: a sender's
    d = run(form, cases_opened=12, robot_opened_for=5, robot_named="porteur@asso.example", cases_cap=5, robot_cap=30)
    assert d.fate == QUARANTINED and cap_reached(d.reason) == (SENDER, "")
    # a catch-all's addresses writing as automatic: the domain's cap, raised to a robot's
    flood = mail(attachments=(DOSSIER,), sender="a999@evil.example", headers={**FORM, **ROBOT})
    d = run(flood, robot_named="porteur@asso.example", robot_cap=30, **{**DOMAIN_ROOM, "domain_opened": 30})
    assert d.fate == QUARANTINED and cap_reached(d.reason) == (DOMAIN, "evil.example"), d.reason


def test_the_digest_counts_the_messages_of_each_cap_reached():
    sender = run(mail(), cases_opened=7, cases_cap=5).reason
    domain = run(mail(attachments=(DOSSIER,), sender="a11@evil.example"), **DOMAIN_ROOM).reason
    said = capped_line(("asso@x.example", sender), ("a11@evil.example", domain), ("asso@x.example", sender))
    assert said.startswith("plafond de nouveaux dossiers en 24 heures atteint par expéditeur pour 2 messages et par "
                           "domaine d'expéditeur (evil.example) pour 1 message (limites fixées par "
                           "l'administrateur)"), said



def test_after_a_retry_the_console_says_which_cap_still_applies_and_the_way_out():
    sender = run(mail(), cases_opened=7, cases_cap=5).reason
    domain = run(mail(attachments=(DOSSIER,), sender="a11@evil.example"), **DOMAIN_ROOM).reason
    assert still_capped(sender).startswith("Toujours mis de côté : le plafond de nouveaux dossiers par expéditeur "
                                           "en 24 heures s'applique encore")
    said = still_capped(domain)
    assert said.startswith("Toujours mis de côté : le plafond de nouveaux dossiers par domaine d'expéditeur "
                           "(evil.example) en 24 heures s'applique encore (limite fixée par l'administrateur)"), said
    assert said.endswith("utilisez « Enregistrer malgré les limites ».") and "[limits]" not in said
    assert len(said) < 600  # a flash's room


def test_past_every_unauthenticated_sender_s_cap_together_a_new_domain_s_application_is_set_aside():
    """The caps per sender and per domain are keyed by what a forger writes: addresses made up on a thousand domains
    without DMARC opened a thousand domains' worth of cases. Every unauthenticated sender's new cases share one cap."""
    d = run(mail(sender="x@jamais-vu.example"), cases_cap=5, unauthenticated_opened=200, unauthenticated_cap=200)
    assert d.fate == QUARANTINED and d.mail is None and d.reason.startswith(OVER_LIMITS)
    assert "les messages non authentifiés de tous les expéditeurs ont déjà ouvert 200 dossiers" in d.reason, d.reason
    assert cap_reached(d.reason) == (ALL, "")
    assert "expéditeurs non authentifiés ensemble" in still_capped(d.reason)
    assert run(mail(), cases_cap=5, unauthenticated_opened=199, unauthenticated_cap=200).fate == FILED
    assert run(mail(), cases_cap=5, unauthenticated_opened=500, unauthenticated_cap=0).fate == FILED  # authenticated
