"""The security officer's review, over IMAP: anyone can have a message quarantined (over a limit, unreadable), and
its raw bytes were kept whatever their number: a flood of them filled the town's disk. The quarantine now keeps
at most [limits] quarantine_bytes, and one sender at most a quarter of it; past that a message is still
quarantined (sender, subject, reason) without its bytes, its original left in the mailbox, and staff are told
(the command line, the digest, the log once per poll)."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.core import french
from intake.store.database import session
from intake.store.tables import Inbound

BUDGET = 200_000

pytestmark = pytest.mark.both_databases  # the bytes held are added up in SQL


def over_limit(sender: str, subject: str) -> bytes:
    """A message of about 60 kB with more than [limits] max_parts (10) parts: quarantined with its bytes."""
    files = [(f"annexe-{i}.bin", bytes([65 + i]) * 3_600, "application/octet-stream") for i in range(12)]
    return samples.email(sender=sender, to=["n.bataillon@ville-bethune.fr"], subject=subject, attachments=files)


def test_a_flood_fills_a_small_budget_and_the_next_quarantined_message_is_recorded_without_its_bytes(
        intake, tmp_path, caplog):
    intake.config.write_text("max_message_bytes = 100000\n" + intake.config.read_text()
                             + f"\n[limits]\nmax_parts = 10\nquarantine_bytes = {BUDGET}\n")
    flood = [("Mallory <mallory@evil.example>", "Promo 1"), ("Mallory <mallory@evil.example>", "Promo 2"),
             ("Eve <eve@evil.example>", "Promo 3"), ("Trudy <trudy@evil.example>", "Promo 4"),
             ("Vera <vera@asso.example>", "Candidature au label")]
    for sender, subject in flood:
        raw = over_limit(sender, subject)
        assert 55_000 < len(raw) < 70_000
        intake.deliver(raw, intake.nb)
    with caplog.at_level(logging.WARNING, logger="intake"):
        intake.poll()

    with session(intake.app().engine) as s:
        rows = {r.subject: r for r in s.exec(select(Inbound)).all()}
    assert {r.fate for r in rows.values()} == {"quarantined"} and len(rows) == 5
    kept = [subject for subject, r in rows.items() if r.raw_sha256]
    assert kept == ["Promo 1", "Promo 3", "Promo 4"]
    assert sum(len(intake.app().blobs.get(rows[k].raw_sha256)) for k in kept) <= BUDGET
    stored = [p for p in (intake.config.parent / "data" / "files").rglob("*") if p.is_file()]
    assert len(stored) == 3  # nothing else written

    # one sender's flood stops at a quarter of the budget; the applicant's message, once the budget is full
    second = rows["Promo 2"]
    assert second.reason.startswith("contenu non gardé : cet expéditeur occupe déjà le quart"), second.reason
    vera = rows["Candidature au label"]
    assert vera.from_addr == "vera@asso.example" and vera.raw_sha256 == ""
    assert vera.reason.startswith("contenu non gardé : la quarantaine est pleine"), vera.reason
    assert f"l'original reste dans la boîte nb (dossier INBOX, UID {vera.uid})" in vera.reason
    assert "max_parts" in vera.reason and "message brut conservé" not in vera.reason
    assert intake.dovecot.fetch_all(intake.nb)[vera.uid - 1].count(b"Candidature au label") == 1  # still there

    warned = [r for r in caplog.records if "without their raw bytes" in r.getMessage()]
    assert len(warned) == 1 and "[nb] 2 quarantined" in warned[0].getMessage()  # once per poll, not per message

    code, out = intake.cli("quarantine", "list")
    assert code == 0 and out.count("[octets non conservés]") == 2, out
    assert f"Quarantaine, place prise : {french.size(sum(rows[k].size for k in kept))} sur 200 Ko" in out, out
    code, out = intake.cli("quarantine", "show", str(vera.id))
    assert code == 0, out
    assert "contenu non gardé : la quarantaine est pleine" in out
    assert f"transférez-le à {intake.nb}" in out and f"intake quarantine dismiss {vera.id}" in out
    assert f"« Traiter à nouveau » (intake quarantine retry {vera.id}) le relit dans la boîte" in out
    # set aside for a limit, but nobody could look at it here: not offered to be filed with the limits lifted
    assert f"intake quarantine file-anyway {vera.id}" not in out, out
    code, out = intake.cli("quarantine", "eml", str(vera.id))
    assert code != 0 and "Traceback" not in out, out
    assert f"message n° {vera.id} : son contenu n'a pas été gardé" in out, out

    code, out = intake.cli("quarantine", "retry", "--all")
    assert code == 0, out
    assert f"2 messages en quarantaine sans contenu gardé, non réessayés (n° {second.id}, {vera.id}) : intake " \
           "quarantine retry N relit l'un d'eux dans sa boîte" in out, out
    with session(intake.app().engine) as s:  # retried, still over max_parts: kept, their bytes being held already
        again = {r.subject: r for r in s.exec(select(Inbound)).all()}
    assert [k for k, r in again.items() if r.raw_sha256] == kept and "nouvel essai" in again["Promo 1"].reason

    code, out = intake.cli("digest", "--preview", "--html", str(tmp_path / "digest.html"))
    assert code == 0, out
    held = french.size(sum(rows[k].size for k in kept))
    assert f"- configuration : la quarantaine est pleine ({held} gardés sur 200 Ko, la place fixée par " \
           "l'administrateur) : 2 messages mis en quarantaine sans garder leur contenu depuis le dernier " \
           "récapitulatif" in out, out
    assert "demandez à l'administrateur d'agrandir la place de la quarantaine" in out
    assert "quarantine_bytes" not in out and "[limits]" not in out and "UID" not in out, out

    # room made by dismissing one: the next message is kept again
    code, out = intake.cli("quarantine", "dismiss", str(rows["Promo 3"].id), "--reason", "publicité")
    assert code == 0, out
    intake.deliver(over_limit("Paul <paul@asso.example>", "Candidature Paul"), intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        paul = s.exec(select(Inbound).where(Inbound.subject == "Candidature Paul")).one()
    assert paul.fate == "quarantined" and paul.raw_sha256 and paul.reason.startswith("au-delà des limites")


def fill_the_quarantine_then_set_aside_an_application(intake) -> None:
    """Three messages over max_parts, from three senders, are kept and fill a quarantine of BUDGET; the fourth,
    « Candidature », is quarantined without its bytes."""
    intake.config.write_text("max_message_bytes = 100000\n" + intake.config.read_text()
                             + f"\n[limits]\nmax_parts = 10\nquarantine_bytes = {BUDGET}\n")
    for sender, subject in [("Mallory <mallory@evil.example>", "Promo 1"), ("Eve <eve@evil.example>", "Promo 2"),
                            ("Trudy <trudy@evil.example>", "Promo 3"), ("Vera <vera@asso.example>", "Candidature")]:
        intake.deliver(over_limit(sender, subject), intake.nb)
    intake.poll()


def test_a_message_not_kept_is_read_again_from_its_mailbox_when_staff_try_it_again(intake):
    """Its original stays in the mailbox: « Traiter à nouveau » fetches it there by its UID (under the same
    UIDVALIDITY: that one message), and it goes through the poller's path again; once room was made, it is kept,
    and « Enregistrer malgré les limites » reads it whole. A message no longer in the mailbox is answered in French."""
    fill_the_quarantine_then_set_aside_an_application(intake)

    def rows() -> dict[str, Inbound]:
        with session(intake.app().engine) as s:
            return {r.subject: r for r in s.exec(select(Inbound)).all()}

    vera = rows()["Candidature"]
    assert vera.fate == "quarantined" and not vera.raw_sha256, vera.reason

    # still no room: read again from the mailbox, quarantined again for its parts, still without its bytes
    code, out = intake.cli("quarantine", "retry", str(vera.id))
    assert code == 0 and "Traceback" not in out, out
    again = rows()["Candidature"]
    assert again.fate == "quarantined" and not again.raw_sha256 and "nouvel essai" in again.reason, again.reason
    # nor can it be filed with the limits lifted: staff saw only its sender and subject, which anyone writes
    code, out = intake.cli("quarantine", "file-anyway", str(vera.id))
    assert code != 0 and "Traceback" not in out, out
    assert f"message n° {vera.id} : son contenu n'a pas été gardé ici, personne n'a donc pu le regarder ; « Traiter " \
           f"à nouveau » (intake quarantine retry {vera.id}) le relit dans sa boîte" in out, out
    assert rows()["Candidature"].fate == "quarantined"

    # room made: read again, and this time kept; then filed anyway (a person looked at it)
    for subject in ("Promo 1", "Promo 2"):
        code, out = intake.cli("quarantine", "dismiss", str(rows()[subject].id), "--reason", "publicité")
        assert code == 0, out
    code, out = intake.cli("quarantine", "retry", str(vera.id))
    assert code == 0, out
    kept = rows()["Candidature"]
    assert kept.fate == "quarantined" and kept.raw_sha256 and kept.reason.startswith("au-delà des limites"), kept.reason
    assert intake.app().blobs.get(kept.raw_sha256) == intake.dovecot.fetch_all(intake.nb)[vera.uid - 1]
    code, out = intake.cli("quarantine", "file-anyway", str(vera.id))
    assert code == 0, out
    with session(intake.app().engine) as s:  # read whole, limits lifted: its twelve files are no pieces
        read = s.get(Inbound, vera.id)
    assert read is not None and read.fate == "ignored" and "aucune pièce reconnue" in read.reason, read
    assert "limites levées pour ce message" in read.reason

    # a message no longer in the mailbox (staff deleted it there): a French answer, nothing changed
    trudy = rows()["Promo 3"]
    assert trudy.raw_sha256  # kept: its bytes gone from the store as after a purge, and from the mailbox too
    intake.app().blobs.path(trudy.raw_sha256).unlink()
    intake.dovecot.expunge_all(intake.nb)
    code, out = intake.cli("quarantine", "retry", str(trudy.id))
    assert code != 0 and "Traceback" not in out, out
    assert f"message n° {trudy.id} : son contenu n'a pas été gardé ici, et il n'est plus dans la boîte nb" in out, out
    assert rows()["Promo 3"].fate == "quarantined"


def test_a_message_not_kept_in_a_folder_no_longer_watched_is_read_again_from_that_folder(intake):
    """The admin stopped watching a folder after a message of it was quarantined without its bytes: « Traiter à
    nouveau » read UID n of the mailbox's main folder instead, which is another message (refused here only because
    Dovecot gives each folder its own UIDVALIDITY); it reads it from its own folder."""
    with intake.dovecot.imap(intake.nb) as c:
        assert c.create('"Candidatures"')[0] == "OK"
    config = intake.config.read_text()
    intake.config.write_text("max_message_bytes = 100000\n" + config.replace(
        'security = "starttls"', 'security = "starttls"\nfolders = ["INBOX", "Candidatures"]', 1)
        + f"\n[limits]\nmax_parts = 10\nquarantine_bytes = {BUDGET}\n")
    for sender, subject in [("Mallory <mallory@evil.example>", "Promo 1"), ("Eve <eve@evil.example>", "Promo 2"),
                            ("Trudy <trudy@evil.example>", "Promo 3")]:
        intake.deliver(over_limit(sender, subject), intake.nb)
    uid = intake.dovecot.append(intake.nb, over_limit("Vera <vera@asso.example>", "Candidature"),
                                folder="Candidatures")
    intake.poll()
    with session(intake.app().engine) as s:
        vera = s.exec(select(Inbound).where(Inbound.subject == "Candidature")).one()
    assert vera.folder == "Candidatures" and vera.uid == uid and not vera.raw_sha256, vera.reason

    intake.config.write_text(intake.config.read_text().replace('folders = ["INBOX", "Candidatures"]',
                                                               'folders = ["INBOX"]'))
    code, out = intake.cli("quarantine", "retry", str(vera.id))
    assert code == 0 and "renumérotée" not in out, out
    with session(intake.app().engine) as s:
        again = s.get(Inbound, vera.id)
    assert again is not None and again.fate == "quarantined" and "nouvel essai" in again.reason, again
    assert "Candidature" == again.subject and "max_parts" in again.reason


def test_a_retry_never_files_another_message_that_has_the_same_uid_and_uidvalidity(intake):
    """A mailbox's name now points at another account (a staff member replaced, a username corrected): its UID n is
    another message, and Dovecot gives two accounts made in the same second the same UIDVALIDITY, so that check
    let it through and « Traiter à nouveau » filed a stranger's application nobody looked at, in place of the
    quarantined one. A message fetched again whose size or headers are not those received is refused (the same
    size with other headers: tests/unit/test_copykey.py)."""
    fill_the_quarantine_then_set_aside_an_application(intake)
    with session(intake.app().engine) as s:
        vera = s.exec(select(Inbound).where(Inbound.subject == "Candidature")).one()
    assert not vera.raw_sha256 and vera.uid == 4, vera.reason
    for n in range(4):  # the other account's mail, never read by this installation
        intake.deliver(intake.application(sender=f"autre{n}@x.example", pieces=("dossier",), subject=f"Autre {n}"),
                       intake.db)
    intake.dovecot.set_uidvalidity(intake.db, vera.uidvalidity)  # as Dovecot does for accounts made in one second

    intake.config.write_text(intake.config.read_text().replace(f'username = "{intake.nb}"',
                                                               f'username = "{intake.db}"', 1))
    code, out = intake.cli("quarantine", "retry", str(vera.id))
    assert code != 0 and "Traceback" not in out, out
    assert f"message n° {vera.id} : son contenu n'a pas été gardé ici, et le message n° 4 sur le serveur de la boîte " \
           "nb n'est plus celui qui a été reçu" in out and "UID" not in out, out
    assert intake.cases() == []
    with session(intake.app().engine) as s:
        again = s.get(Inbound, vera.id)
    assert again is not None and again.fate == "quarantined" and again.subject == "Candidature"


def test_a_retry_that_cannot_read_the_mailbox_or_the_message_says_so_and_changes_nothing(intake, monkeypatch):
    """The failures of reading again a message not kept, other than a message gone or replaced (above): the mailbox
    cannot be read (a password changed), the message is now over max_message_bytes (the admin lowered it). Each is
    answered in French, and the message stays quarantined as it was."""
    intake.config.write_text("max_message_bytes = 200000\n" + intake.config.read_text()
                             + f"\n[limits]\nmax_parts = 10\nquarantine_bytes = {BUDGET}\n")
    for sender, subject in [("Mallory <mallory@evil.example>", "Promo 1"), ("Eve <eve@evil.example>", "Promo 2"),
                            ("Trudy <trudy@evil.example>", "Promo 3")]:
        intake.deliver(over_limit(sender, subject), intake.nb)
    files = [(f"annexe-{i}.bin", bytes([65 + i]) * 9_000, "application/octet-stream") for i in range(12)]
    big = samples.email(sender="Vera <vera@asso.example>", to=[intake.nb], subject="Candidature", attachments=files)
    assert 100_000 < len(big) < 200_000
    intake.deliver(big, intake.nb)
    intake.poll()
    with session(intake.app().engine) as s:
        vera = s.exec(select(Inbound).where(Inbound.subject == "Candidature")).one()
    assert vera.fate == "quarantined" and not vera.raw_sha256, vera.reason

    monkeypatch.setenv("TEST_IMAP_PASSWORD", "not-the-password")
    code, out = intake.cli("quarantine", "retry", str(vera.id))
    assert code != 0 and "Traceback" not in out, out
    assert f"message n° {vera.id} : son contenu n'a pas été gardé ici, et la boîte nb n'a pas pu être lue (" in out, out
    assert "réessayez plus tard" in out, out
    monkeypatch.setenv("TEST_IMAP_PASSWORD", intake.dovecot.password)

    intake.config.write_text(intake.config.read_text().replace("max_message_bytes = 200000\n",
                                                               "max_message_bytes = 100000\n", 1))
    code, out = intake.cli("quarantine", "retry", str(vera.id))
    assert code != 0 and "Traceback" not in out, out
    assert f"message n° {vera.id} : son contenu n'a pas été gardé ici, et il dépasse la taille de message que le " \
           f"service lit ({french.size(vera.size)}) : lisez-le dans la messagerie" in out, out

    with session(intake.app().engine) as s:
        after = s.get(Inbound, vera.id)
    assert after is not None and (after.fate, after.reason, after.raw_sha256) == (vera.fate, vera.reason, ""), after
