"""Issue: the staff digest reaches both staff mailboxes through SMTP and is never filed back."""

from __future__ import annotations

import email
import email.policy

from sqlmodel import select

from intake.store.database import session
from intake.store.tables import Inbound


def test_the_digest_reaches_both_staff_mailboxes_and_is_not_filed_back(intake):
    config = intake.config.read_text()
    intake.config.write_text(config + f'\n[digest]\nrecipients = ["{intake.nb}", "{intake.db}"]\n')
    intake.smtp.deliver_to = intake.dovecot
    intake.deliver(intake.application(pieces=("dossier",)), intake.nb)
    intake.poll()
    code, out = intake.cli("digest")
    assert code == 0, out
    for user in (intake.nb, intake.db):
        digests = [m for m in intake.dovecot.fetch_all(user)
                   if "point du" in email.message_from_bytes(m, policy=email.policy.default)["Subject"]]
        assert len(digests) == 1, user
    intake.poll()
    with session(intake.app().engine) as s:
        rows = s.exec(select(Inbound).where(Inbound.fate != "filed")).all()  # ignored mail keeps no subject
    assert len(rows) == 2 and {r.mailbox for r in rows} == {"nb", "db"}
    assert all(r.fate == "ignored" and r.reason.startswith("own") and r.subject == "" for r in rows)
    assert len(intake.cases()) == 1
    assert [m["Subject"].startswith("Accusé") for m in intake.sent() if "point du" not in m["Subject"]] == [True]


def test_a_link_an_applicant_writes_in_the_subject_reaches_staff_as_its_site_only(intake):
    """The subject of the mail that opens a case is its title, shown in the digest: a stranger's link there reached
    both staff mailboxes in the town's own mail, text, HTML and CSV (a phishing page « for agents », or a transfer
    link whose address opens the applicant's files for anyone it is forwarded to). Only its site is named."""
    intake.configure(f'[digest]\nrecipients = ["{intake.nb}"]')
    subject = "Candidature - agents : validez sur https://mairie-bethune.example/connexion?jeton=SeCrEt42"
    intake.deliver(intake.application(sender="Jean <jean@velo.example>", pieces=("dossier",), subject=subject),
                   intake.nb)
    intake.poll()
    assert intake.cases()[0]["title"] == subject  # the console and `intake case` show it whole
    code, out = intake.cli("digest")
    assert code == 0, out
    (digest,) = [m for m in intake.sent() if "point du" in m["Subject"]]
    texts = [p.get_payload(decode=True).decode("utf-8-sig") for p in digest.walk() if not p.is_multipart()]
    assert len(texts) == 3  # text, HTML, the CSV of open cases
    for text in texts:
        assert "SeCrEt42" not in text and "connexion?" not in text, text
        assert "lien mairie-bethune.example, à ouvrir depuis le dossier" in text, text
