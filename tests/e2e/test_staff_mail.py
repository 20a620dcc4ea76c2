"""Staff actions whose result is a mail, end to end: the SMTP server refuses or accepts, the mail lands in the
applicant's real Dovecot mailbox."""

from __future__ import annotations

import email
import email.policy

import pytest
from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound


@pytest.fixture
def applicant(intake, mail_users):
    address = mail_users("applicant")
    intake.smtp.deliver_to = intake.dovecot
    return address


def received(intake, user):
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in intake.dovecot.fetch_all(user)]


def test_a_refused_acknowledgement_is_sent_again_by_staff_and_arrives_once(intake, applicant):
    intake.deliver(intake.application(sender=applicant, pieces=("dossier",)), intake.nb)
    intake.smtp.refuse_rcpt = "550 5.7.1 Relaying temporarily blocked by policy"
    intake.poll()
    assert received(intake, applicant) == []
    code, out = intake.cli("outbox", "list")
    assert code == 0 and "550 5.7.1" in out
    number = out.split("n° ")[1].split()[0]
    intake.smtp.refuse_rcpt = None  # the relay's policy was fixed
    code, out = intake.cli("outbox", "resend", number, "--by", "Nadia")
    assert code == 0 and ": envoyé" in out, out
    (ack,) = received(intake, applicant)
    (case,) = intake.cases()
    assert f"[{case['reference']}]" in ack["Subject"]
    mails = intake.case(case["reference"])["mails"]
    assert [(m["status"], m["message_id"] in ack["Message-ID"]) for m in mails] == [("sent", True)]
    assert intake.cli("outbox", "list")[1].strip() == ("Aucun courriel en échec, incertain, retenu "
            "ou en attente d'un nouvel essai.")
    intake.poll()
    assert len(received(intake, applicant)) == 1  # nothing sent twice


def hold_interrupted_acknowledgements(intake, tmp_path) -> None:
    """rules/conversations.toml with `acknowledgement = "hold"`: an interrupted one waits for staff."""
    import shutil
    from pathlib import Path

    project = Path(__file__).resolve().parents[2]
    shutil.copytree(project / "rules", tmp_path / "rules")
    toml = tmp_path / "rules" / "conversations.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('acknowledgement = "resend"', 'acknowledgement = "hold"'),
                    encoding="utf-8")
    intake.config.write_text(intake.config.read_text().replace(str(project / "rules"), str(tmp_path / "rules")))


def test_an_interrupted_mail_held_by_the_rules_is_sent_again_by_staff_as_the_same_message(intake, applicant,
                                                                                          tmp_path):
    hold_interrupted_acknowledgements(intake, tmp_path)
    intake.deliver(intake.application(sender=applicant, pieces=("dossier",)), intake.nb)
    intake.smtp.down()
    code, out = intake.cli("poll")  # filed; the relay cannot be reached: said, exit 1, the mail waits
    assert code == 1 and "1 en attente d'un nouvel essai" in out and "smtp : " in out, out
    intake.smtp.up()
    app = intake.app()
    from intake.store.tables import Outbox

    with session(app.engine) as s:  # as a crash during the SMTP conversation leaves it
        row = s.exec(select(Outbox)).one()
        row.status = "sending"
        s.add(row)
        s.commit()
    intake.poll()  # the next pass finds it cut off: it may have gone out, and the rules say hold
    assert received(intake, applicant) == []
    code, out = intake.cli("outbox", "list")
    assert code == 0 and "incertain (interrompu)" in out, out
    code, out = intake.cli("outbox", "resend", out.split("n° ")[1].split()[0])
    assert code == 0 and ": envoyé" in out, out
    (ack,) = received(intake, applicant)
    assert ack["Message-ID"].strip("<>") == row.message_id


def set_aside(intake, raw: bytes, uid: int, mailbox: str = "nb") -> None:
    """A message as a per-message limit leaves it: quarantined with the reason, its raw bytes kept."""
    app = intake.app()
    with session(app.engine) as s:
        s.add(Inbound(mailbox=mailbox, folder="INBOX", uidvalidity=1, uid=uid, identity=f"uid:{mailbox}:1:{uid}",
                      internal_date=app.clock(), size=len(raw), raw_sha256=app.blobs.put(raw), fate="quarantined",
                      reason="trop de parties MIME (limite 100)", created_at=app.clock()))
        s.commit()


def test_a_quarantined_application_retried_is_filed_and_acknowledged_in_the_applicant_s_mailbox(intake, applicant):
    set_aside(intake, intake.application(sender=applicant, to=[intake.nb]), uid=7)
    code, out = intake.cli("quarantine", "retry", "--all", "--by", "Nadia")
    assert code == 0 and "classé -> BSC-" in out, out
    (case,) = intake.cases()
    (ack,) = received(intake, applicant)
    assert f"[{case['reference']}]" in ack["Subject"] and ack["From"].addresses[0].addr_spec == intake.nb
    assert intake.cli("quarantine", "list")[1].strip() == "Aucun message en quarantaine."


def test_a_quarantined_copy_of_a_filed_message_retried_stays_a_copy(intake, applicant):
    raw = intake.application(sender=applicant)
    intake.deliver(raw, intake.nb)
    intake.poll()
    set_aside(intake, raw, uid=1, mailbox="db")  # the Cc copy, set aside in the other mailbox
    code, out = intake.cli("quarantine", "retry", "--all")
    assert code == 0 and ": copie" in out, out
    assert len(intake.cases()) == 1 and len(received(intake, applicant)) == 1  # one case, one acknowledgement
