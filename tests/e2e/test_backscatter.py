"""Application-like mail under made-up senders: the town must not acknowledge hundreds of strangers a day.

Without `[trust]` (or for a domain that publishes no DMARC policy) anyone can write `From:` any address. Each such
mail opened a case and got an acknowledgement with its receipt, sent by the town to an address that never wrote:
the per-recipient limit never sees a thousand recipients. Beyond `[limits] new_cases_per_day` acknowledgements in
24 hours, the cases are filed as usual and their acknowledgements wait for staff (held)."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from intake.commands.followups import queue_due_reminders
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due

PROJECT = Path(__file__).resolve().parents[2]


def _bound(intake, tmp_path, bound: int, key: str = "new_cases_per_day") -> None:
    """This installation's rules, with `key` (in [limits] of conversations.toml) = bound."""
    rules = tmp_path / "rules"
    shutil.copytree(PROJECT / "rules", rules)
    conversations = rules / "conversations.toml"
    text, n = re.subn(rf"(?m)^{key} = \d+$", f"{key} = {bound}", conversations.read_text())
    assert n == 1
    conversations.write_text(text)
    intake.config.write_text(re.sub(r'rules_dir = ".*"', f'rules_dir = "{rules}"', intake.config.read_text()))


def test_acknowledgements_of_new_cases_beyond_the_day_s_bound_wait_for_staff(intake, tmp_path):
    _bound(intake, tmp_path, 2)
    victims = [f"victime{i}@domaine{i}.example" for i in range(4)]
    for i, victim in enumerate(victims):
        intake.deliver(intake.application(sender=victim, pieces=("dossier",), subject=f"Candidature {i}"), intake.nb)
    out = intake.poll()
    assert "4 classés" in out, out
    assert len(intake.cases()) == 4  # every case is filed, for staff to see
    assert sorted(m["To"] for m in intake.sent()) == victims[:2]
    code, listed = intake.cli("outbox", "list")
    assert code == 0 and listed.count("retenu pour le service") == 2, listed
    assert "déjà 2 accusés de réception de nouveaux dossiers en 24 h" in listed, listed
    # every held mail at once sends none of these: in a flood they are hundreds, to addresses that never wrote
    code, out = intake.cli("outbox", "resend", "--held")
    assert code == 0, out
    assert sorted(m["To"] for m in intake.sent()) == victims[:2], out
    held = [int(n) for n in re.findall(r"(?m)^n° (\d+) .*retenu pour le service", listed)]
    assert len(held) == 2
    assert ("2 courriels retenus au-delà de new_cases_per_day ou answers_per_day, "
            f"non envoyés (n° {held[0]}, {held[1]}) : "
            "des adresses d'expéditeur peut-être inventées ; vérifiez chaque dossier, puis envoyez-les un par un "
            "(intake outbox resend N)") in out, out
    for n in held:  # staff looked at each case, found them real, and send them one by one
        code, out = intake.cli("outbox", "resend", str(n))
        assert code == 0, out
    assert sorted(m["To"] for m in intake.sent()) == victims


def test_a_first_start_s_answers_to_old_mail_held_by_the_hundred_do_not_hold_fresh_mail(intake, tmp_path):
    """A new data_dir (or a since in the past) reads years of applications: their acknowledgements are held as old,
    and are no flood of new ones; an application that comes meanwhile is acknowledged within seconds as ever."""
    _bound(intake, tmp_path, 2)
    month_ago = (datetime.now(timezone.utc) - timedelta(days=30)).date().isoformat()
    intake.config.write_text(re.sub(r"since = \S+", f"since = {month_ago}", intake.config.read_text()))
    now = datetime.now(timezone.utc)
    for i in range(3):
        intake.deliver(intake.application(sender=f"ancien{i}@asso{i}.example", pieces=("dossier",),
                                          subject=f"Candidature {i}"), intake.nb, when=now - timedelta(days=5))
    intake.poll()
    intake.deliver(intake.application(sender="nouveau@asso.example", pieces=("dossier",)), intake.nb)
    intake.poll()
    assert [m["To"] for m in intake.sent()] == ["nouveau@asso.example"]
    code, listed = intake.cli("outbox", "list")
    assert listed.count("retenu pour le service") == 3 and "accusés de réception de nouveaux" not in listed, listed


def test_updates_to_cases_of_made_up_senders_are_bounded_too(intake, tmp_path):
    """new_cases_per_day bounds the cases the town acknowledges, not what each case then gets: writing again in each
    made-up sender's name with a file had the town mail each an update (up to per_recipient_per_day a day, every day
    the cases stay open: 30 more addresses written to each day). Beyond answers_per_day automatic mails in 24 h,
    whoever they go to, the next waits for staff, and is sent one by one."""
    _bound(intake, tmp_path, 3, key="answers_per_day")
    victims = ["victime0@domaine0.example", "victime1@domaine1.example"]
    for i, victim in enumerate(victims):
        intake.deliver(intake.application(sender=victim, pieces=("dossier",), subject=f"Candidature {i}"), intake.nb)
    intake.poll()
    assert sorted(m["To"] for m in intake.sent()) == victims  # two acknowledgements
    cases = sorted(intake.cases(), key=lambda c: c["reference"])
    for case, victim in zip(cases, victims, strict=True):
        subject = f"Complément {case['reference']}"
        intake.deliver(intake.application(sender=victim, pieces=("courrier",), subject=subject), intake.nb)
    out = intake.poll()
    assert "2 classés" in out, out
    assert [sorted(c["pieces"]) for c in intake.cases()] == [["courrier", "dossier"]] * 2, intake.cases()
    assert len(intake.sent()) == 3  # one update went out: the third automatic mail of the day
    code, listed = intake.cli("outbox", "list")
    assert code == 0 and listed.count("retenu pour le service") == 1, listed
    assert "déjà 3 courriels automatiques aux demandeurs en 24 h" in listed, listed
    code, out = intake.cli("outbox", "resend", "--held")  # not with every held mail at once
    assert code == 0 and len(intake.sent()) == 3, out
    (held,) = [int(n) for n in re.findall(r"(?m)^n° (\d+) .*retenu pour le service", listed)]
    assert f"1 courriel retenu au-delà de new_cases_per_day ou answers_per_day, non envoyé (n° {held})" in out, out
    code, out = intake.cli("outbox", "resend", str(held))  # staff looked at the case: it goes
    assert code == 0 and len(intake.sent()) == 4, out


def test_reminders_to_cases_of_made_up_senders_are_bounded_too(intake, tmp_path):
    """attack16: reminders went out beyond answers_per_day. A stranger writing in made-up senders' names (any domain
    without a DMARC policy) had new_cases_per_day cases acknowledged a day, left incomplete: a week later each got a
    reminder, a week after that another, whatever else the town had mailed that day; with fresh applications and
    updates filling answers_per_day, the town's mail to addresses that never wrote passed the bound every day. A due
    reminder beyond the bound waits for the next run (it is not lost)."""
    _bound(intake, tmp_path, 2, key="answers_per_day")
    ago = datetime.now(timezone.utc) - timedelta(days=12)  # reminder 1 due (day 7), reminder 2 not yet (day 14)
    intake.config.write_text(re.sub(r"since = \S+", f"since = {(ago - timedelta(days=1)).date()}",
                                    intake.config.read_text()))
    old = ["victime0@domaine0.example", "victime1@domaine1.example"]
    for i, victim in enumerate(old):
        intake.deliver(intake.application(sender=victim, pieces=("dossier",), subject=f"Candidature {i}", date=ago),
                       intake.nb, when=ago)
    poll_all(then := intake.app(shift=-timedelta(days=12)))
    send_due(then)
    assert sorted(m["To"] for m in intake.sent()) == old  # two acknowledgements, twelve days ago
    fresh = ["victime2@domaine2.example", "victime3@domaine3.example"]
    for i, victim in enumerate(fresh):
        intake.deliver(intake.application(sender=victim, pieces=("dossier",), subject=f"Projet {i}"), intake.nb)
    intake.poll()
    assert sorted(m["To"] for m in intake.sent()[2:]) == fresh  # today's two: the day's bound is reached
    report = queue_due_reminders(app := intake.app())
    send_due(app)
    assert (report.queued, report.held) == (0, 2), report
    assert not [m for m in intake.sent() if m["Subject"].startswith("Relance")]
    # staff see why (the digest showed a day already past as the next reminder, and no reason)
    code, digest = intake.cli("digest", "--preview")
    assert code == 0, digest
    held = [line for line in digest.splitlines() if "prochaine : due le" in line]
    assert len(held) == 2 and all("retenue : déjà 2 courriels automatiques aux demandeurs en 24 h (limite "
                                  "answers_per_day) ; elle partira d'elle-même dès que la limite le permettra"
                                  in line for line in held), digest
    # so does intake followups: it said « 2 retenues » and no more
    code, out = intake.cli("followups")
    assert code == 0 and "relances : 0 prête à partir, 2 retenues" in out, out
    assert out.count(" : déjà 2 courriels automatiques aux demandeurs en 24 h (limite answers_per_day) ; elle partira "
                     "d'elle-même") == 2, out
    later = intake.app(shift=timedelta(days=1, hours=1))  # the day's mail is past: the reminders go
    assert queue_due_reminders(later).queued == 2
