"""Issue: the staff digest reaches both staff mailboxes through SMTP and is never filed back."""

from __future__ import annotations

import email
import email.policy
import logging
from pathlib import Path

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


# Reached only when a case is complete, waiting for a decision: the check's samples have none (one incomplete case)
BROKEN_LINE = '{% if waiting %}Premier : {{ "%d" | format(waiting[0].reference) }}{% endif %}\n'


def _broken_digest_template(intake, tmp_path) -> tuple[Path, int]:
    """The shipped templates, the digest's text body ending with BROKEN_LINE: (that file, the line)."""
    body, original = intake.edit_template(tmp_path, "digest/body.txt.j2", lambda text: text + BROKEN_LINE)
    return body, len(original.splitlines()) + 1


def test_a_digest_template_failing_on_the_day_s_values_still_sends_the_essentials(intake, tmp_path, caplog):
    """The admin's digest template failed on the day's values (a filter given a reference, in a branch taken only
    with a complete case): the whole day's digest failed, staff received nothing and noticed nothing. The digest now
    goes in a plain-text fallback saying which file and line to fix, and listing the cases to act on."""
    body, line = _broken_digest_template(intake, tmp_path)
    assert intake.cli("rules", "check")[0] == 0  # the samples never reach the branch
    intake.configure(f'[digest]\nrecipients = ["{intake.nb}", "{intake.db}"]')
    intake.smtp.deliver_to = intake.dovecot
    intake.deliver(intake.application(sender="contact@velo.example"), intake.nb)  # complete
    intake.deliver(intake.application(sender="contact@jardins.example", subject="Jardins partagés",
                                      pieces=("dossier",)), intake.nb)  # incomplete
    intake.poll()
    refs = {c["applicant"]: c["reference"] for c in intake.cases()}
    with caplog.at_level(logging.ERROR, logger="intake.digest"):
        code, out = intake.cli("digest")
    assert code == 1, out
    assert "version de secours" in out and f"{body}:{line}:" in out and "intake rules check" in out, out
    assert "Traceback" not in out
    logged = [r.getMessage() for r in caplog.records if r.name == "intake.digest" and r.levelno >= logging.ERROR]
    assert len(logged) == 1 and str(body) in logged[0] and f"line {line}" in logged[0], logged
    for user in (intake.nb, intake.db):
        (digest,) = [m for m in intake.inbox(user) if "point du" in m["Subject"]]
        assert "récapitulatif de secours" in digest["Subject"]
        text = digest.get_body(("plain",)).get_content()
        top = text.split("\n\n")[0]
        assert f"{body}, a échoué à la ligne {line}" in top and "TypeError" in top, text
        assert "intake rules check" in top and "le prochain récapitulatif l'utilisera" in top, text
        waiting = text.split("COMPLETS, EN ATTENTE DE DÉCISION")[1]
        assert f"- {refs['contact@velo.example']} (contact@velo.example) - statut : complet" in waiting, text
        incomplete = text.split("INCOMPLETS")[1].split("\n\n")[0]
        assert f"- {refs['contact@jardins.example']} (contact@jardins.example) - statut : incomplet - manque : " \
               in incomplete, text
        assert "courrier" in incomplete  # what is missing, as the digest says it
        (csv_part,) = [p for p in digest.iter_attachments() if p.get_content_type() == "text/csv"]
        assert all(ref in csv_part.get_content() for ref in refs.values())
    code, out = intake.cli("digest")  # by hand again the same day: the same fallback, said again
    assert code == 1 and f"{body}:{line}:" in out, out


def test_the_fallback_names_only_the_site_of_a_link_an_applicant_wrote_without_its_scheme(intake, tmp_path):
    """Attacker's review (attack11): the plain-text fallback is the whole mail staff read, and mail programs make a
    link of « www.… » in plain text. An applicant's question (a mail without files, its subject quoted to staff in the
    case's « À voir ») carried « www.mairie-bethune.example/connexion?jeton=… », which reached both staff mailboxes
    whole, as the town's own mail: only the site is named, without its « www. »."""
    _broken_digest_template(intake, tmp_path)
    intake.configure(f'[digest]\nrecipients = ["{intake.nb}"]')
    intake.smtp.deliver_to = intake.dovecot
    intake.deliver(intake.application(sender="contact@jardins.example", subject="Jardins"), intake.nb)  # complete:
    intake.poll()  # the branch where the template fails
    intake.deliver(intake.application(sender="Jean <jean@velo.example>", pieces=("dossier",)), intake.nb)
    intake.poll()
    (case,) = [c for c in intake.cases() if c["applicant"] == "jean@velo.example"]
    question = f"Re: [{case['reference']}] agents : validez sur www.mairie-bethune.example/connexion?jeton=SeCrEt42"
    intake.deliver(intake.application(sender="Jean <jean@velo.example>", pieces=(), subject=question), intake.nb)
    intake.poll()
    assert "SeCrEt42" in intake.case(case["reference"])["attention"]  # the case shows it whole, for staff to read
    code, out = intake.cli("digest")
    assert code == 1 and "version de secours" in out, out
    (digest,) = [m for m in intake.inbox(intake.nb) if "point du" in m["Subject"]]
    text = digest.get_body(("plain",)).get_content()
    assert case["reference"] in text and "lien mairie-bethune.example, à ouvrir depuis le dossier" in text, text
    assert "SeCrEt42" not in text and "www." not in text, text
