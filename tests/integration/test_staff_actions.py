"""Staff actions on a real SQLite database, through the command line: merge, move a message, notes,
postal filing (read exactly as mail is), quarantine and the outbox."""

from __future__ import annotations

import subprocess
import threading
import zipfile
from datetime import datetime, timedelta, timezone
from io import BytesIO

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, UniqueConstraint, create_engine
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from intake.commands import samples
from intake.store.database import session
from intake.store.merging import move_other_rows
from intake.store.tables import Case, CaseEvent, Inbound, Outbox

NB = "n.bataillon@ville-bethune.fr"


def two_cases_of_one_application(local):
    """The dossier from one address, the letter and photo later from a colleague's address, without the
    reference: two cases for one application."""
    local.drop("nb", "1.eml", local.application(sender="Asso <asso@x.example>", pieces=("dossier",)))
    local.drop("nb", "2.eml", local.application(sender="Présidente <presidente@x.example>",
                                                pieces=("courrier", "visuels"), subject="Courrier et photo"))
    assert local.cli("poll")[0] == 0
    assert [c["status"] for c in local.cases()] == ["incomplete", "incomplete"]


# ---------------------------------------------------------------------------------------------- merge
def test_merging_two_cases_keeps_everything_and_the_old_reference_leads_to_the_survivor(local):
    two_cases_of_one_application(local)
    code, out = local.cli("case", "BSC-2026-0001", "merge", "bsc-2026-2", "--by", "Nadia")
    assert code == 0, out
    assert "BSC-2026-0002 fusionné dans BSC-2026-0001" in out
    (case,) = local.cases()
    assert case["reference"] == "BSC-2026-0001" and case["status"] == "complete"
    assert case["pieces"] == ["courrier", "dossier", "visuels"] and case["messages"] == 2
    survivor = local.case("BSC-2026-0001")
    assert [m["kind"] for m in survivor["mails"]] == ["acknowledgement", "acknowledgement", "completion"]
    assert len({m["message_id"] for m in survivor["mails"]}) == 3
    kinds = [(e["kind"], e["actor"]) for e in survivor["events"]]
    assert ("merged", "Nadia") in kinds and ("merge", "Nadia") in kinds  # recorded in both histories
    assert sum(1 for e in survivor["events"] if e["kind"] == "received") == 2  # the other's history kept
    merge_event = next(e for e in survivor["events"] if e["kind"] == "merge")
    assert "presidente@x.example" in merge_event["detail"]  # the other applicant's address is kept
    assert ": 2 pièces, 1 message" in merge_event["detail"] and "(+ 0" not in merge_event["detail"]  # no file twice
    assert survivor["merged"][0]["reference"] == "BSC-2026-0002" and survivor["merged"][0]["by"] == "Nadia"
    code, out = local.cli("case", "BSC-2026-0002")
    assert code == 0, out
    assert out.splitlines()[0].startswith("BSC-2026-0002 a été fusionné dans BSC-2026-0001")
    assert out.splitlines()[1].startswith("BSC-2026-0001  complet  ")
    code, shown = local.cli("case", "BSC-2026-0001")  # its mails listed, each line without a trailing space
    assert code == 0 and "accusé de réception" in shown and not [ln for ln in shown.splitlines() if ln.endswith(" ")]
    notices = [m for m in local.sent() if "est complet" in m["Subject"]]
    assert len(notices) == 1  # sent once, to the case's applicant address(es) (which: the trust rules decide)
    assert notices[0]["To"] in ("asso@x.example", "presidente@x.example")
    # staff completed it: the notice answers no message (SPEC.md: auto-replied only for mail that answers one)
    assert notices[0]["Auto-Submitted"] == "auto-generated"
    acknowledgements = [m for m in local.sent() if "est complet" not in m["Subject"]]
    assert acknowledgements and all(m["Auto-Submitted"] == "auto-replied" for m in acknowledgements)


def test_a_merged_reference_is_never_given_again_and_a_reply_citing_it_joins_the_survivor(local):
    two_cases_of_one_application(local)
    assert local.cli("case", "BSC-2026-0001", "merge", "BSC-2026-0002")[0] == 0
    local.drop("nb", "3.eml", samples.email(sender="presidente@x.example", to=[NB],
                                            subject="RE: [BSC-2026-0002] autre photo",
                                            attachments=[("plan.jpg", samples.jpeg(70_000), "image/jpeg")]))
    local.drop("nb", "4.eml", local.application(sender="other@y.example", subject="Nouveau projet"))
    assert local.cli("poll")[0] == 0
    refs = [c["reference"] for c in local.cases()]
    assert refs == ["BSC-2026-0001", "BSC-2026-0003"]
    assert local.case("BSC-2026-0001")["messages"] == 3


def test_a_copiers_scans_are_each_filed_and_no_notice_goes_to_the_copier(local):
    """A copier's « scan to email » (Auto-Submitted) sent the dossier, then the letter: the letter was ignored,
    recorded on the first scan's case without its file; and a decision --notify sent the town's notice to the
    copier's address. Each scan is now a case in review, for staff to merge; no notice goes before staff confirm
    the applicant's address."""
    robot = {"Auto-Submitted": "auto-generated"}
    for n, pieces in ((1, ("dossier",)), (2, ("courrier",))):
        local.drop("nb", f"{n}.eml", local.application(sender="Scanner <scanner@asso.example>", pieces=pieces,
                                                       headers=robot, subject=f"Numérisation {n}"))
        assert local.cli("poll")[0] == 0
    assert [(c["status"], c["pieces"]) for c in local.cases()] == [("review", ["dossier"]), ("review", ["courrier"])]
    code, out = local.cli("case", "BSC-2026-0001", "status", "inadmissible", "--note", "hors délai", "--notify")
    assert code != 0 and "ouvert par un expéditeur automatique" in out
    assert local.cli("case", "BSC-2026-0001", "merge", "BSC-2026-0002")[0] == 0
    assert local.cli("poll")[0] == 0 and local.sent() == []


def test_merge_refuses_what_makes_no_sense(local):
    two_cases_of_one_application(local)
    assert local.cli("case", "BSC-2026-0002", "status", "withdrawn")[0] == 0
    code, out = local.cli("case", "BSC-2026-0001", "merge", "BSC-2026-0002")
    assert code == 1 and "fusionnez dans l'autre sens" in out
    assert "(retiré" in out and "withdrawn" not in out  # the status said in French, as everywhere staff read
    code, out = local.cli("case", "BSC-2026-0001", "merge", "BSC-2026-0001")
    assert code == 2 and "lui-même" in out
    assert local.cli("case", "BSC-2026-0002", "merge", "BSC-2026-0001")[0] == 0  # the decided one survives
    assert local.cases()[0]["status"] == "withdrawn"  # a staff decision stands
    code, out = local.cli("case", "BSC-2026-0002", "merge", "BSC-2026-0001")
    assert code == 1 and "déjà fusionné" in out
    code, out = local.cli("case", "BSC-2026-0009", "merge", "BSC-2026-0001")
    assert code == 1 and "BSC-2026-0009" in out


def test_rows_other_parts_of_the_service_hang_on_a_case_follow_it_and_duplicates_are_kept_once(tmp_path):
    metadata = MetaData()
    Table("case", metadata, Column("id", Integer, primary_key=True))
    addresses = Table("caseaddress", metadata, Column("id", Integer, primary_key=True),
                      Column("case_id", Integer, ForeignKey("case.id"), nullable=False),
                      Column("address", String, nullable=False), UniqueConstraint("case_id", "address"))
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(metadata.tables["case"].insert(), [{"id": 1}, {"id": 2}])
        c.execute(addresses.insert(), [{"case_id": 1, "address": "a@x"}, {"case_id": 2, "address": "a@x"},
                                       {"case_id": 2, "address": "b@x"}])
    with Session(engine) as s:
        assert move_other_rows(s, 2, 1, metadata) == 1
        s.commit()
    with engine.connect() as c:
        rows = sorted(c.execute(sa_select(addresses.c.case_id, addresses.c.address)).all())
    assert rows == [(1, "a@x"), (1, "b@x")]


# ------------------------------------------------------------------------------------------ move
def test_a_message_filed_on_the_wrong_case_is_moved_with_its_files(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",), subject="Projet jardins"))
    local.drop("nb", "2.eml", local.application(pieces=("dossier", "visuels"), subject="Projet vélos"))
    local.drop("nb", "3.eml", local.application(pieces=("courrier",), subject="RE: [BSC-2026-0002] le courrier"))
    assert local.cli("poll")[0] == 0
    wrong = local.case("BSC-2026-0002")
    assert wrong["status"] == "complete" and wrong["messages"] == 2
    code, out = local.cli("case", "BSC-2026-0002", "move-message", "2", "--to", "BSC-2026-0001", "--by", "Marc")
    assert code == 0, out
    assert "courrier maire.pdf" in out
    by_ref = {c["reference"]: c for c in local.cases()}
    assert by_ref["BSC-2026-0001"]["pieces"] == ["courrier", "dossier"]
    assert by_ref["BSC-2026-0002"]["pieces"] == ["dossier", "visuels"]
    assert by_ref["BSC-2026-0002"]["status"] == "incomplete" and by_ref["BSC-2026-0001"]["messages"] == 2
    for ref in ("BSC-2026-0001", "BSC-2026-0002"):
        moved = [e for e in local.case(ref)["events"] if e["kind"] == "message-moved"]
        assert len(moved) == 1 and moved[0]["actor"] == "Marc"
    code, out = local.cli("case", "BSC-2026-0002", "move-message", "1", "--to", "BSC-2026-0001")
    assert code == 1 and "seul message" in out and "merge" in out
    assert "« Fusionner avec un autre dossier »" in out  # the console shows this refusal too
    code, out = local.cli("case", "BSC-2026-0002", "move-message", "7", "--to", "BSC-2026-0001")
    assert code == 1 and "de 1 à 1" in out


def test_a_message_id_from_another_case_is_refused(local):
    from intake.commands.merge import move_message

    local.drop("nb", "1.eml", local.application(pieces=("dossier",), subject="Projet jardins"))
    local.drop("nb", "2.eml", local.application(pieces=("dossier",), subject="Projet vélos"))
    local.cli("poll")
    app = local.app()
    with session(app.engine) as s:
        other = s.exec(select(Inbound).where(Inbound.uid == 2)).one()
    import pytest

    from intake.errors import IntakeError

    with pytest.raises(IntakeError, match="pas de message"):
        move_message(app, "BSC-2026-0001", other.id, "BSC-2026-0002", "x")


# ------------------------------------------------------------------------------------------ notes
def test_a_staff_note_goes_into_the_history_with_its_author(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    local.cli("poll")
    code, out = local.cli("case", "BSC-2026-1", "note", "Appelé le 3/12 : le courrier arrive par la poste\x1b[31m",
                          "--by", "Nadia")
    assert code == 0, out
    (note,) = [e for e in local.case("BSC-2026-0001")["events"] if e["kind"] == "note"]
    assert note["actor"] == "Nadia" and note["detail"] == "Appelé le 3/12 : le courrier arrive par la poste[31m"
    code, out = local.cli("case", "BSC-2026-0001", "note", "   ")
    assert code == 2 and "vide" in out


# ------------------------------------------------------------------------------------------ postal
def test_a_text_pdf_named_scan_is_a_dossier_by_mail_and_by_post_alike(local, tmp_path):
    dossier = samples.pdf(samples.DOSSIER.format(title="Jardins partagés connectés", who="Association Jardins",
                                                 what="des capteurs"))
    local.drop("nb", "1.eml", samples.email(sender="a@x.example", to=[NB], subject="Candidature",
                                            attachments=[("scan_0001.pdf", dossier, "application/pdf")]))
    assert local.cli("poll")[0] == 0
    (tmp_path / "scan_0001.pdf").write_bytes(dossier)
    code, out = local.cli("case", "new", "--applicant", "b@x.example", "--received", "20/11/2026", "--by", "Nadia",
                          str(tmp_path / "scan_0001.pdf"))
    assert code == 0, out
    by_mail, by_post = local.case("BSC-2026-0001"), local.case("BSC-2026-0002")
    for case in (by_mail, by_post):
        assert case["pieces"] == ["dossier"] and case["status"] == "incomplete", case
        assert case["fields"]["titre"] == "Jardins partagés connectés"
        assert case["title"] == "Jardins partagés connectés"
    assert by_post["piece_files"][0]["evidence"] == by_mail["piece_files"][0]["evidence"]
    assert by_post["received_at"].startswith("2026-11-20T00:00:00")
    assert [e["actor"] for e in by_post["events"] if e["kind"] == "received"] == ["Nadia"]
    assert local.cli("reclassify", "BSC-2026-0002")[1].startswith("1 dossier revu, 0 modifié")
    assert local.case("BSC-2026-0002")["pieces"] == ["dossier"]


def test_a_postal_zip_is_opened_and_its_files_recognised_as_a_mails_would_be(local, tmp_path):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("lettre.pdf", samples.pdf(samples.LETTER.format(who="Asso")))
        z.writestr("photo.jpg", samples.jpeg())
    (tmp_path / "envoi.zip").write_bytes(buffer.getvalue())
    (tmp_path / "Dossier intention.pdf").write_bytes(samples.pdf())
    code, out = local.cli("case", "new", "--applicant", "Asso@X.example", "--title", "Mon titre",
                          str(tmp_path / "envoi.zip"), str(tmp_path / "Dossier intention.pdf"))
    assert code == 0, out
    (case,) = local.cases()
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"]
    assert case["applicant"] == "asso@x.example" and case["title"] == "Mon titre"
    assert not (local.root / "outbox").exists()  # no automatic mail for a letter


def test_postal_filing_says_what_is_wrong(local, tmp_path):
    (tmp_path / "a.pdf").write_bytes(samples.pdf())
    code, out = local.cli("case", "new", "--applicant", "pas-une-adresse", str(tmp_path / "a.pdf"))
    assert code == 2 and "adresse" in out
    code, out = local.cli("case", "new", "--applicant", "a@x.example", "--received", "demain", str(tmp_path / "a.pdf"))
    assert code == 2 and "« demain » non comprise : écrivez-la 26/11/2026" in out
    future = (datetime.now(timezone.utc) + timedelta(days=3)).strftime("%Y-%m-%d")
    code, out = local.cli("case", "new", "--applicant", "a@x.example", "--received", future, str(tmp_path / "a.pdf"))
    assert code == 2 and "futur" in out
    (tmp_path / "vide.pdf").write_bytes(b"")  # the checks of the files staff give are those of `case REF add`
    code, out = local.cli("case", "new", "--applicant", "a@x.example", str(tmp_path / "a.pdf"),
                          str(tmp_path / "vide.pdf"))
    assert code == 2 and "« vide.pdf » est vide (0 octet)" in out
    assert local.cases() == []


@pytest.mark.both_databases
def test_the_letter_posted_to_the_mayor_is_added_by_hand_and_completes_the_case_as_a_reply_would(local, tmp_path):
    """The applicant mailed the dossier and a photo, then posted the signed letter: staff scan it and add it to the
    case. It is recognised as the same letter by mail is, the case becomes complete, the applicant (acknowledged by
    mail) gets the completion notice once, and the history says who added what, how and when it came."""
    letter = samples.pdf(samples.LETTER.format(who="Asso"))
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    local.drop("nb", "2.eml", samples.email(sender="autre@x.example", to=[NB], subject="Candidature",
                                            attachments=[("lettre signée.pdf", letter, "application/pdf")]))
    assert local.cli("poll")[0] == 0
    assert local.case("BSC-2026-0001")["status"] == "incomplete" and len(local.sent()) == 2  # two acknowledgements
    (tmp_path / "scan lettre.pdf").write_bytes(letter)
    (tmp_path / "photo.jpg").write_bytes(samples.jpeg())  # the photo the case holds already: not added twice
    code, out = local.cli("case", "BSC-2026-1", "add", str(tmp_path / "scan lettre.pdf"), str(tmp_path / "photo.jpg"),
                          "--received", "20/11/2026", "--note", "courrier postal au Maire", "--by", "Nadia")
    assert code == 0, out
    assert "BSC-2026-0001 : 1 pièce ajoutée ; statut du dossier : complet" in out
    assert "scan lettre.pdf : courrier officiel" in out
    assert "déjà au dossier, pas ajouté une seconde fois : photo.jpg" in out
    case = local.case("BSC-2026-0001")
    assert case["status"] == "complete" and case["pieces"] == ["courrier", "dossier", "visuels"]
    by_hand = next(p for p in case["piece_files"] if p["filename"] == "scan lettre.pdf")
    by_mail = local.case("BSC-2026-0002")["piece_files"][0]
    assert by_hand["evidence"] == by_mail["evidence"] and by_hand["kind"] == by_mail["kind"] == "courrier"
    (line,) = [e for e in case["events"] if e["kind"] == "added"]
    assert line["actor"] == "Nadia" and line["detail"].startswith(
        "2 fichiers reçus hors courriel (courrier postal au Maire) le 20/11/2026, ajoutés au dossier par Nadia")
    completion = [m for m in local.sent() if "complet" in m["Subject"].lower()]
    assert len(completion) == 1 and completion[0]["To"] == "asso@x.example"
    assert "scan lettre.pdf" in completion[0].get_body(("plain",)).get_content()
    # its receipt dates the letter from the day it came by post, not from the day staff added it
    (receipt,) = [p.get_content() for p in completion[0].iter_attachments()
                  if p.get_content_type() == "application/pdf"]
    (tmp_path / "recu.pdf").write_bytes(receipt)
    listed = " ".join(subprocess.run(["pdftotext", str(tmp_path / "recu.pdf"), "-"], capture_output=True, text=True,
                                     timeout=60, check=True).stdout.split())
    assert "scan lettre.pdf" in listed and "reçu le vendredi 20 novembre 2026" in listed, listed
    # added again: already there, nothing sent again
    code, out = local.cli("case", "BSC-2026-0001", "add", str(tmp_path / "scan lettre.pdf"))
    assert code == 0 and "BSC-2026-0001 : aucune pièce ajoutée ; statut du dossier : complet" in out
    assert "déjà au dossier, pas ajouté une seconde fois : scan lettre.pdf" in out
    assert len([m for m in local.sent() if "complet" in m["Subject"].lower()]) == 1


@pytest.mark.both_databases
def test_adding_pieces_by_hand_refuses_a_closed_or_deleted_case_and_bad_files_and_records_nothing(local, tmp_path):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    local.drop("nb", "2.eml", local.application(sender="b@y.example", pieces=("dossier",), subject="Autre projet"))
    assert local.cli("poll")[0] == 0
    (tmp_path / "lettre.pdf").write_bytes(samples.pdf(samples.LETTER.format(who="Asso")))
    (tmp_path / "vide.pdf").write_bytes(b"")
    before = local.case("BSC-2026-0001")
    code, out = local.cli("case", "BSC-2026-0001", "add", str(tmp_path / "lettre.pdf"), str(tmp_path / "vide.pdf"))
    assert code == 2 and "« vide.pdf » est vide (0 octet)" in out and "Traceback" not in out
    code, out = local.cli("case", "BSC-2026-0001", "add", str(tmp_path / "lettre.pdf"), "--received", "demain")
    assert code == 2 and "« demain » non comprise : écrivez-la 26/11/2026" in out
    assert local.case("BSC-2026-0001") == before  # nothing half-done
    assert local.cli("case", "BSC-2026-0001", "status", "declined", "--note", "hors champ")[0] == 0
    code, out = local.cli("case", "BSC-2026-0001", "add", str(tmp_path / "lettre.pdf"))
    assert code == 1 and "BSC-2026-0001 est clos par une décision (refusé)" in out  # it depends on the case
    assert local.case("BSC-2026-0001")["pieces"] == ["dossier"]
    assert local.cli("case", "BSC-2026-0002", "discard", "--reason", "pas une candidature")[0] == 0
    code, out = local.cli("case", "BSC-2026-0002", "add", str(tmp_path / "lettre.pdf"))
    assert code != 0 and "BSC-2026-0002 : dossier effacé le" in out and "Traceback" not in out


def test_a_postal_filing_waits_for_the_filing_lock_so_that_no_purge_takes_its_files(local, tmp_path):
    """A postal filing writes its files, then names them in its commit: it holds the lock the purge takes before
    deleting the files nothing names (store/deletion.py `empty_trash`), as the poller's filing does."""
    from intake.commands.postal import file_postal

    app = local.app()
    held, done = threading.Event(), threading.Event()
    release = threading.Event()

    def purge_like() -> None:
        with session(app.engine) as s, app.locks.serialized("ingest", s):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=purge_like)
    holder.start()
    assert held.wait(10)
    filing = threading.Thread(target=lambda: (file_postal(app, "a@x.example", [("Dossier.pdf", samples.pdf())],
                                                          "Nadia"), done.set()))
    filing.start()
    assert not done.wait(3), "the postal filing did not wait for the lock"
    assert local.cases() == []
    release.set()
    holder.join(10)
    filing.join(30)
    assert done.is_set() and [c["pieces"] for c in local.cases()] == [["dossier"]]


# ------------------------------------------------------------------------------------------ quarantine
def quarantine_an_application(local, *, identity_known: bool) -> int:
    """An application kept aside by a limit (as the per-message limits do: raw bytes kept, with the reason)."""
    raw = local.application(sender="limite@x.example")
    app = local.app()
    sha = app.blobs.put(raw)
    with session(app.engine) as s:
        row = Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=99,
                      identity="mid:" + raw.split(b"Message-ID: <")[1].split(b">")[0].decode() if identity_known
                      else "uid:nb:1:99", internal_date=app.clock(), size=len(raw), raw_sha256=sha,
                      fate="quarantined", reason="trop de parties MIME (limite 100)", created_at=app.clock())
        s.add(row)
        s.commit()
        return row.id


def test_a_quarantined_message_is_listed_shown_as_text_and_retried_through_the_same_path(local):
    number = quarantine_an_application(local, identity_known=True)
    code, out = local.cli("quarantine", "list")
    assert code == 0 and f"n° {number}" in out and "trop de parties MIME" in out
    code, out = local.cli("quarantine", "show", str(number))
    assert code == 0, out
    assert "De : limite@x.example" in out and "application/pdf « dossier.pdf »" in out
    assert "| Bonjour," in out
    code, out = local.cli("quarantine", "retry", str(number), "--by", "Nadia")
    assert code == 0, out
    assert f"n° {number} : classé -> BSC-2026-0001" in out
    (case,) = local.cases()
    assert case["status"] == "complete" and case["messages"] == 1
    assert [m["To"] for m in local.sent()] == ["limite@x.example"]  # acknowledged, as a new mail would be
    events = local.case("BSC-2026-0001")["events"]
    assert any(e["kind"] == "retried" and e["actor"] == "Nadia" for e in events)
    with session(local.app().engine) as s:
        rows = s.exec(select(Inbound)).all()
    assert len(rows) == 1 and rows[0].fate == "filed" and "Nadia" in rows[0].reason  # the same ledger row
    assert local.cli("quarantine", "list")[1].strip() == "Aucun message en quarantaine."


def test_a_message_whose_sender_cannot_be_read_is_filed_by_hand_with_the_address_staff_give(local, tmp_path):
    """Its From header does not parse: quarantined, and `retry` quarantines it again (the sender is still unread).
    `intake quarantine file N --address` opens its case and acknowledges it there; `--nobody` writes to no one."""
    raw = local.application(sender="x@x.example").replace(b"From: x@x.example", b"From: Asso <asso at x point fr>")
    assert b"asso at x point fr" in raw
    local.drop("nb", "1.eml", raw)
    local.drop("nb", "2.eml", local.application(sender="y@x.example", subject="Autre").replace(
        b"From: y@x.example", b"From: <<<>>>"))
    local.cli("poll")
    assert local.cases() == [] and local.sent() == []
    code, out = local.cli("quarantine", "list")
    assert out.count("expéditeur illisible alors que") == 2, out
    # its sender said in words, here and in the digest (« ? : Candidature »)
    assert out.count("(expéditeur illisible) : ") == 2 and " ? : " not in out, out
    code, digest = local.cli("digest", "--preview", "--html", str(tmp_path / "d.html"))
    assert digest.count("(expéditeur illisible) : ") == 2 and " ? : " not in digest, digest
    with session(local.app().engine) as s:
        first, second = (r.id for r in s.exec(select(Inbound).order_by(Inbound.id)).all())
    assert "intake quarantine file" in local.cli("quarantine", "show", str(first))[1]
    code, out = local.cli("quarantine", "retry", str(first))
    assert "quarantaine" in out and local.cases() == []
    assert local.cli("quarantine", "file", str(first))[0] == 2  # neither an address nor --nobody
    code, out = local.cli("quarantine", "file", str(first), "--address", "Asso@X.fr", "--by", "Nadia")
    assert code == 0 and "classé -> BSC-2026-0001" in out, out
    (case,) = local.cases()
    assert case["applicant"] == "asso@x.fr" and case["status"] == "complete" and case["messages"] == 1
    assert [m["To"] for m in local.sent()] == ["asso@x.fr"]
    code, out = local.cli("quarantine", "file", str(first), "--address", "asso@x.fr")
    assert code == 1 and len(local.cases()) == 1  # no longer in quarantine: filed once
    code, out = local.cli("quarantine", "file", str(second), "--nobody")
    assert code == 0, out
    assert len(local.cases()) == 2 and len(local.sent()) == 1
    assert local.cli("quarantine", "list")[1].strip() == "Aucun message en quarantaine."


def test_an_unreadable_message_retried_stays_in_quarantine_and_can_be_dismissed_with_a_reason(local):
    local.drop("nb", "1.eml", b"  \r\n")
    assert local.cli("poll")[0] == 0
    code, out = local.cli("quarantine", "list")
    assert "n° 1" in out
    code, out = local.cli("quarantine", "retry", "--all")
    assert code == 0 and "n° 1 : en quarantaine" in out
    code, out = local.cli("quarantine", "dismiss", "1")
    assert code == 2 and "--reason" in out
    code, out = local.cli("quarantine", "dismiss", "1", "--reason", "message vide", "--by", "Marc")
    assert code == 0, out
    with session(local.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
    assert row.fate == "ignored" and "Marc" in row.reason and "message vide" in row.reason
    assert local.cli("quarantine", "show", "1")[0] == 1  # no longer in quarantine


def test_several_quarantined_messages_are_dismissed_together_or_not_at_all(local):
    """A flood cleaned up in one command: the numbers named are dismissed together, with one reason; a number that
    is not in the quarantine refuses them all (a typo, or a message a colleague dismissed meanwhile)."""
    for n in range(1, 4):
        local.drop("nb", f"{n}.eml", b"  \r\n")
    assert local.cli("poll")[0] == 0
    with session(local.app().engine) as s:
        numbers = sorted(r.id for r in s.exec(select(Inbound)).all())
    assert len(numbers) == 3

    code, out = local.cli("quarantine", "dismiss", *map(str, range(1, 1002)), "--reason", "envoi en masse")
    assert code == 2 and "1001 messages choisis : 1000 au plus en une fois" in out, out
    code, out = local.cli("quarantine", "dismiss", str(numbers[0]), "9999", "--reason", "envoi en masse")
    assert code == 1 and "aucun message n° 9999 en quarantaine" in out and "Traceback" not in out, out
    for huge in ("99999999999999999999", str(2**31)):  # no row has such a number: not an « erreur inattendue »
        code, out = local.cli("quarantine", "dismiss", str(numbers[0]), huge, "--reason", "envoi en masse")
        assert code == 1 and f"aucun message n° {huge} en quarantaine" in out, out
        code, out = local.cli("quarantine", "show", huge)
        assert code == 1 and f"aucun message n° {huge} en quarantaine" in out, out
    with session(local.app().engine) as s:
        assert {r.fate for r in s.exec(select(Inbound)).all()} == {"quarantined"}  # nothing done

    code, out = local.cli("quarantine", "dismiss", str(numbers[0]), str(numbers[1]), str(numbers[0]),
                          "--reason", "envoi en masse", "--by", "Marc")
    assert code == 0, out
    assert out.count(" écarté : ") == 2 and f"n° {numbers[1]} écarté" in out, out
    with session(local.app().engine) as s:
        rows = {r.id: r for r in s.exec(select(Inbound)).all()}
    assert [rows[n].fate for n in numbers] == ["ignored", "ignored", "quarantined"]
    assert all("Marc" in rows[n].reason and "envoi en masse" in rows[n].reason for n in numbers[:2])
    code, out = local.cli("quarantine", "list")
    assert f"n° {numbers[2]}" in out and f"n° {numbers[0]} " not in out, out


def test_a_dismissal_waits_for_a_retry_under_way_and_refuses_the_lot_if_it_took_one(local):
    """« Tout cocher » while a colleague's « Traiter à nouveau » reads one of those messages (up to read_seconds):
    the dismissal read it as quarantined and marked it ignored, its bytes let go of, while the retry filed it. A
    dismissal now waits for the retry, then finds that message gone and dismisses none."""
    import pytest

    from intake.commands.quarantine import dismiss
    from intake.errors import IntakeError

    for n in range(1, 3):
        local.drop("nb", f"{n}.eml", b"  \r\n")
    assert local.cli("poll")[0] == 0
    app = local.app()
    with session(app.engine) as s:
        first, second = sorted(r.id for r in s.exec(select(Inbound)).all())
    taken, done = threading.Event(), threading.Event()

    def retrying():  # what a retry does to the message, under its lock: it leaves the quarantine
        with app.locks.exclusive("quarantine-retry", wait=5):
            taken.set()
            done.wait(1.0)
            with session(app.engine) as s:
                row = s.get(Inbound, first)
                row.fate, row.reason = "ignored", "traité à nouveau"
                s.add(row)
                s.commit()

    worker = threading.Thread(target=retrying)
    worker.start()
    assert taken.wait(5)
    try:
        with pytest.raises(IntakeError, match=f"aucun message n° {first} en quarantaine"):
            dismiss(app, [first, second], "envoi en masse", "Marc")
    finally:
        done.set()
        worker.join()
    with session(app.engine) as s:
        rows = {r.id: r for r in s.exec(select(Inbound)).all()}
    assert (rows[first].reason, rows[second].fate) == ("traité à nouveau", "quarantined")


def test_a_message_whose_bytes_were_not_kept_cannot_be_retried_and_staff_are_told_where_it_is(local):
    local.config.write_text(local.config.read_text().replace('data_dir = "data"',
                                                             'data_dir = "data"\nmax_message_bytes = 100000'))
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)).replace(b"Bonjour", b"Bonjour" + b" " * 200_000))
    assert local.cli("poll")[0] == 0
    code, out = local.cli("quarantine", "retry", "1")
    assert code == 1 and "pas été conservés" in out and "n° 1 sur le serveur" in out and "UID" not in out


def test_showing_hostile_mail_prints_no_escape_sequence_and_no_html(local):
    raw = samples.email(sender="x@y.example", to=[NB], subject="\x1b]0;pwned\x07 Bonjour",
                        body="texte\x1b[2J")
    html_part = (b"--b\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script><p>Cliquez <b>ici</b></p>\r\n"
                 b"--b--\r\n")
    raw = (b"From: x@y.example\r\nTo: " + NB.encode() + b"\r\nSubject: =?utf-8?q?=1B]0;pwned=07_Bonjour?=\r\n"
           b"Content-Type: multipart/alternative; boundary=b\r\n\r\n" + html_part)
    app = local.app()
    with session(app.engine) as s:
        s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=1, identity="uid:x", internal_date=app.clock(),
                      raw_sha256=app.blobs.put(raw), fate="quarantined", reason="test", created_at=app.clock()))
        s.commit()
    code, out = local.cli("quarantine", "show", "1")
    assert code == 0, out
    assert "\x1b" not in out and "\x07" not in out
    assert "Cliquez ici" in out and "alert(1)" not in out and "<p>" not in out


# ------------------------------------------------------------------------------------------ outbox
def failed_acknowledgement(local) -> int:
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    local.cli("poll")
    app = local.app()
    with session(app.engine) as s:
        row = s.exec(select(Outbox)).one()
        row.status, row.last_error = "failed", "550 5.7.1 refused by policy"
        s.add(row)
        s.commit()
        return row.id


def test_a_failed_mail_is_listed_sent_again_as_the_same_message_and_leaves_the_list(local):
    number = failed_acknowledgement(local)
    code, out = local.cli("outbox", "list")
    assert code == 0 and f"n° {number}" in out and "550 5.7.1" in out and "BSC-2026-0001" in out
    assert "en échec" in out and "failed" not in out
    code, out = local.cli("outbox", "show", str(number))
    assert code == 0 and "Envoi automatique : oui, réponse automatique (auto-replied)" in out and ", en échec, " in out
    first = local.sent()
    code, out = local.cli("outbox", "resend", str(number), "--by", "Nadia")
    assert code == 0, out
    assert ": envoyé" in out and "sent" not in out  # the status in French: it printed « : sent »
    again = local.sent()
    assert len(again) == len(first) + 1 and again[-1]["Message-ID"] == first[0]["Message-ID"]
    assert local.cli("outbox", "list")[1].strip() == ("Aucun courriel en échec, incertain, retenu "
            "ou en attente d'un nouvel essai.")
    events = local.case("BSC-2026-0001")["events"]
    assert any(e["kind"] == "mail-resend" and e["actor"] == "Nadia" for e in events)
    code, out = local.cli("outbox", "resend", str(number))
    assert code == 1 and "envoyé" in out  # a sent mail is not sent again


def test_a_failed_mail_sent_again_by_several_staff_at_once_leaves_once(local):
    """Two clicks at once on « Envoyer à nouveau » (the console calls resend, then sends what is due): each read
    the mail as failed and queued it again after the other had sent it."""
    from intake.commands import mailqueue
    from intake.errors import IntakeError
    from intake.pipeline.send import send_due

    number = failed_acknowledgement(local)
    app, before = local.app(), len(local.sent())
    start, refused = threading.Barrier(4), []

    def click(who: str) -> None:
        start.wait()
        try:
            mailqueue.resend(app, number, who)
        except IntakeError as exc:
            refused.append(str(exc))
        send_due(app)

    threads = [threading.Thread(target=click, args=(f"agent{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(local.sent()) == before + 1
    assert len(refused) == 3 and all("seuls les courriels en échec" in r for r in refused)


def test_a_mail_marked_handled_leaves_the_list_and_the_digest(local):
    number = failed_acknowledgement(local)
    assert "550 5.7.1" in local.cli("digest", "--preview", "--html", str(local.root / "d.html"))[1]
    code, out = local.cli("outbox", "handled", str(number), "--note", "joint par téléphone", "--by", "Marc")
    assert code == 0, out
    assert local.cli("outbox", "list")[1].strip() == ("Aucun courriel en échec, incertain, retenu "
            "ou en attente d'un nouvel essai.")
    assert f"n° {number}" in local.cli("outbox", "list", "--all")[1]
    assert "550 5.7.1" not in local.cli("digest", "--preview", "--html", str(local.root / "d.html"))[1]
    (event,) = [e for e in local.case("BSC-2026-0001")["events"] if e["kind"] == "mail-handled"]
    assert event["actor"] == "Marc" and "joint par téléphone" in event["detail"]


def test_a_mail_to_an_address_that_bounced_for_good_is_not_sent_again(local):
    from intake.store.tables import Address

    number = failed_acknowledgement(local)
    app = local.app()
    with session(app.engine) as s:
        s.add(Address(address="asso@x.example", undeliverable=True, reason="5.1.1", updated_at=app.clock()))
        s.commit()
    code, out = local.cli("outbox", "resend", str(number))
    assert code == 1 and "échec définitif" in out
    with session(app.engine) as s:
        assert s.get(Outbox, number).status == "failed"
        assert not s.exec(select(CaseEvent).where(CaseEvent.kind == "mail-resend")).all()


def test_a_failed_mail_goes_once_to_the_address_staff_confirmed_on_the_command_line(local):
    """The applicant's server refused the acknowledgement; staff confirmed the right address (`intake case REF
    address EMAIL --main`): `resend N` sent the same bytes to the refused address again. `--case-address` sends it to
    the case's address, once; a second try, or the refused address given back, sends nothing."""
    number = failed_acknowledgement(local)
    code, out = local.cli("case", "BSC-2026-0001", "address", "bon@asso.example", "--main", "--by", "Nadia")
    assert code == 0, out
    code, out = local.cli("outbox", "resend", str(number), "--case-address", "autre@asso.example")
    assert code == 1 and "désormais bon@asso.example" in out  # not the address the case has: nothing
    before = local.sent()
    code, out = local.cli("outbox", "resend", str(number), "--case-address", "bon@asso.example", "--by", "Nadia")
    assert code == 0 and "à bon@asso.example) : envoyé" in out, out
    after = local.sent()
    assert len(after) == len(before) + 1 and after[-1]["To"] == "bon@asso.example"
    assert after[-1]["Message-ID"] != before[0]["Message-ID"] and after[-1]["Subject"] == before[0]["Subject"]
    assert local.cli("outbox", "list")[1].strip() == ("Aucun courriel en échec, incertain, retenu "
            "ou en attente d'un nouvel essai.")
    code, out = local.cli("outbox", "resend", str(number), "--case-address", "bon@asso.example")
    assert code == 1 and len(local.sent()) == len(after)
    (event,) = [e for e in local.case("BSC-2026-0001")["events"] if e["kind"] == "mail-readdressed"]
    assert event["actor"] == "Nadia" and "envoyé à la place à bon@asso.example" in event["detail"]


def test_a_held_mail_goes_to_the_confirmed_address_instead_and_is_never_sent_to_the_first(local):
    """A held acknowledgement (not sent on purpose) sent to the address staff confirmed: the held one is cancelled,
    never sent; nothing goes to the first address."""
    number = failed_acknowledgement(local)
    app = local.app()
    with session(app.engine) as s:
        row = s.get(Outbox, number)
        row.status, row.last_error = "held", "retenu : message reçu 5 jours avant d'être relevé"
        s.add(row)
        s.commit()
    assert local.cli("case", "BSC-2026-0001", "address", "bon@asso.example", "--main")[0] == 0
    before = local.sent()
    code, out = local.cli("outbox", "resend", str(number), "--case-address", "bon@asso.example")
    assert code == 0, out
    assert [m["To"] for m in local.sent()[len(before):]] == ["bon@asso.example"]
    with session(app.engine) as s:
        assert s.get(Outbox, number).status == "cancelled"
    assert local.cli("outbox", "resend", str(number))[0] == 1  # the held one can no longer go to the first address


# ------------------------------------------------------------------------------------------ digest links
def test_each_reference_in_the_digest_links_to_its_case_when_the_console_has_an_address(local):
    local.config.write_text(local.config.read_text() + '\n[web]\nbase_url = "https://candidatures.ville.example/"\n')
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    local.drop("nb", "2.eml", local.application(sender="b@x.example", pieces=("dossier", "scan")))
    local.cli("poll")
    code, text = local.cli("digest", "--preview", "--html", str(local.root / "d.html"))
    assert code == 0, text
    html = (local.root / "d.html").read_text(encoding="utf-8")
    for ref in ("BSC-2026-0001", "BSC-2026-0002"):
        url = f"https://candidatures.ville.example/cases/{ref}"
        assert f'<a href="{url}" style="color:#1f4e79">{ref}</a>' in html
        assert f"{ref} <{url}>" in text
    assert html.count("<a href=") == 2 * 2  # each case in its table and in the new cases; no other link


def test_staff_never_send_a_cases_mail_to_one_of_the_services_own_addresses(local):
    """An address staff type (an unreadable sender's text that wrote the town's own, a signature quoting our
    mailbox, a colleague's alias) that is a watched mailbox or one of its aliases: the acknowledgement of a message
    filed by hand, a refused mail sent to the case's address, and the case's main address all refuse it, saying so;
    nothing is sent, no case is opened under it. The automatic path already never writes there."""
    text = local.config.read_text()
    local.config.write_text(text.replace('name = "db"\n', 'name = "db"\naliases = ["candidatures@ville-bethune.fr"]\n'))
    raw = local.application(sender="x@x.example").replace(b"From: x@x.example",
                                                          b"From: Service <candidatures at ville-bethune point fr>")
    local.drop("nb", "unreadable.eml", raw)
    local.cli("poll")
    with session(local.app().engine) as s:
        (number,) = (r.id for r in s.exec(select(Inbound)).all())
    for own in ("Candidatures@Ville-Bethune.fr", "d.berteloot@ville-bethune.fr"):
        code, out = local.cli("quarantine", "file", str(number), "--address", own)
        assert code == 2 and "est une adresse du service" in out, out
    assert local.cases() == [] and local.sent() == []

    failed = failed_acknowledgement(local)
    code, out = local.cli("case", "BSC-2026-0001", "address", "candidatures@ville-bethune.fr", "--main")
    assert code == 2 and "est une adresse du service" in out, out
    assert local.case("BSC-2026-0001")["applicant"] == "asso@x.example"
    # a case whose main address became one of ours before this check (or by a path that skips it): still nothing
    with session(local.app().engine) as s:
        case = s.exec(select(Case)).one()
        case.applicant = "d.berteloot@ville-bethune.fr"
        s.add(case)
        s.commit()
    before = len(local.sent())
    code, out = local.cli("outbox", "resend", str(failed), "--case-address", "d.berteloot@ville-bethune.fr")
    assert code == 1 and "est une adresse du service" in out, out
    assert len(local.sent()) == before


def test_a_message_set_aside_because_taking_it_apart_ran_out_of_time_is_not_taken_apart_at_each_view(local):
    """Its parse ran out of [limits] read_seconds (3 minutes) or killed its reading process: the console's page
    listed its files by parsing it again, in a reading process, at every view and every download (up to 3 minutes
    of a processor, the page hanging, for a message an outsider shaped for it). Its files are not listed nor
    served; a message set aside for another limit, or for its unreadable sender, still has them."""
    import pytest

    from intake.commands import quarantine as quarantine_cmd
    from intake.core import arrival
    from intake.errors import IntakeError

    raw = local.application(sender="x@x.example").replace(b"From: x@x.example", b"From: Asso <asso at x point fr>")
    local.drop("nb", "unreadable.eml", raw)
    local.cli("poll")
    app = local.app()
    with session(app.engine) as s:
        (row,) = s.exec(select(Inbound)).all()
        number, quarantined_for = row.id, row.reason
    assert len(quarantine_cmd.files_of(app, number)) == 3  # its sender is unreadable: its files are looked at
    for reason in (arrival.over_limits(arrival.parse_out_of_time(180)).reason,
                   arrival.reader_lost(f"{arrival.PARSE_DIED} (exit code -9)").reason):
        with session(app.engine) as s:
            row = s.get(Inbound, number)
            row.reason = reason
            s.add(row)
            s.commit()
        assert quarantine_cmd.files_of(app, number) == []
        with pytest.raises(IntakeError, match="téléchargez le message"):
            quarantine_cmd.file_of(app, number, 1)
        assert quarantine_cmd.raw_message(app, number)[1] == raw  # its .eml still is
    with session(app.engine) as s:
        row = s.get(Inbound, number)
        row.reason = arrival.over_limits("52 parties, plus que max_parts (50)").reason
        s.add(row)
        s.commit()
    assert len(quarantine_cmd.files_of(app, number)) == 3 and quarantined_for


def test_files_staff_add_are_opened_within_the_configured_limits_as_a_mails_are(local, tmp_path):
    """A USB key's zip is the applicant's (attacker-controlled) as a mail's would be: the archive is opened within the
    administrator's [limits] (max_unpacked_bytes, max_attachments), not the built-in defaults (100 MB, 150 files)."""
    local.config.write_text(local.config.read_text() + "\n[limits]\nmax_unpacked_bytes = 1000000\n"
                                                       "max_attachments = 20\n")
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    before = local.case("BSC-2026-0001")
    big, many = BytesIO(), BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:  # 3 MB out of a 10 kB archive
        for n in range(3):
            z.writestr(f"annexe-{n}.txt", b"a" * 1_000_000)
    with zipfile.ZipFile(many, "w") as z:
        for n in range(30):
            z.writestr(f"page-{n}.txt", f"page {n}".encode())
    (tmp_path / "cle-usb.zip").write_bytes(big.getvalue())
    (tmp_path / "pages.zip").write_bytes(many.getvalue())
    code, out = local.cli("case", "BSC-2026-0001", "add", str(tmp_path / "cle-usb.zip"))
    assert code == 1 and "max_unpacked_bytes" in out and "Traceback" not in out, out
    code, out = local.cli("case", "new", "--applicant", "a@x.example", str(tmp_path / "pages.zip"))
    assert code == 1 and "max_attachments" in out and "Traceback" not in out, out
    assert local.case("BSC-2026-0001") == before and len(local.cases()) == 1  # nothing recorded
    (tmp_path / "a.txt").write_bytes(b"a")
    (tmp_path / "b.txt").write_bytes(b"b")
    code, out = local.cli("case", "BSC-2026-0001", "add", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert code == 0 and "pas une pièce, non gardé (voir l'historique) : a.txt, b.txt" in out, out


@pytest.mark.both_databases
def test_the_note_of_pieces_added_by_hand_keeps_no_control_character(local, tmp_path):
    """The console's « Comment elles sont arrivées » is a form field: a NUL in it (kept in the history on SQLite)
    or a right-to-left override (kept on both, reordering the history line) is kept as a note's would be: not."""
    from intake.commands.postal import add_pieces

    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    letter = samples.pdf(samples.LETTER.format(who="Asso"))
    added = add_pieces(local.app(), "BSC-2026-0001", [("lettre.pdf", letter)], "nadia@ville-bethune.fr",
                       note="courrier\x00 postal\u202e au\tMaire")
    assert added.pieces and added.pieces[0][0] == "lettre.pdf"
    (line,) = [e for e in local.case("BSC-2026-0001")["events"] if e["kind"] == "added"]
    assert "(courrier postal au Maire)" in line["detail"], line["detail"]


def test_files_staff_give_on_the_command_line_are_measured_before_they_are_read(local, tmp_path):
    """`intake case REF add /media/usb/*`: a 3 GB video on the key was read whole into memory before the total was
    found over the limit (the process killed on a small server), and a pipe or device named by mistake was read
    for ever. Their sizes are checked first: refused at once, nothing read. Run as staff run it, in its own
    process, given 1.5 GB of address space."""
    import os
    import resource
    import subprocess
    import sys

    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    video = tmp_path / "video.mp4"
    with video.open("wb") as f:
        f.truncate(3_000_000_000)  # sparse: no disk used
    pipe = tmp_path / "tube"
    os.mkfifo(pipe)

    def run(*args: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-c", "from intake.cli import main; main()", "--config", str(local.config), *args],
            capture_output=True, text=True, timeout=60,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000)))
        return done.returncode, done.stdout + done.stderr

    code, out = run("case", "BSC-2026-0001", "add", str(video))
    assert code == 2 and "3,00 Go en tout : plus que la taille permise" in out and "Traceback" not in out, out
    code, out = run("case", "new", "--applicant", "a@x.example", str(video))
    assert code == 2 and "3,00 Go en tout" in out and "Traceback" not in out, out
    code, out = run("case", "BSC-2026-0001", "add", str(pipe))
    assert code == 2 and f"{pipe} n'est pas un fichier ordinaire" in out, out
    assert local.case("BSC-2026-0001")["pieces"] == ["dossier"] and len(local.cases()) == 1


TYPED_LETTER = ("Monsieur le Maire,\n\nJ'ai l'honneur de solliciter le label Béthune Smart City pour notre action.\n\n"
                "Je vous prie d'agréer, Monsieur le Maire, mes salutations respectueuses.\n")


@pytest.mark.both_databases
def test_a_voir_forgets_the_letter_typed_in_the_mail_once_the_signed_one_comes_by_mail_or_by_hand(local, tmp_path):
    """The application's mail has the letter typed in its text: « À voir » says so (the letter is still asked as a
    file). Once the signed letter comes, mailed by one applicant, posted by the other and added by staff, « À voir »
    no longer says it, and the history says why."""
    for n, (sender, subject) in enumerate((("asso@x.example", "Candidature"), ("b@y.example", "Autre projet")), 1):
        local.drop("nb", f"{n}.eml", samples.email(
            sender=sender, to=[NB], subject=subject, body=TYPED_LETTER,
            attachments=[("dossier.pdf", samples.pdf(f"Dossier d'intention\n{subject}"), "application/pdf"),
                         ("photo.jpg", samples.jpeg(), "image/jpeg")]))
    assert local.cli("poll")[0] == 0
    for ref in ("BSC-2026-0001", "BSC-2026-0002"):
        case = local.case(ref)
        assert case["status"] == "incomplete" and "le texte du courriel semble être : courrier officiel" in \
            case["attention"], case["attention"]
    letter = samples.pdf(samples.LETTER.format(who="Asso"))
    local.drop("nb", "3.eml", samples.email(sender="asso@x.example", to=[NB], subject="BSC-2026-0001 : courrier",
                                            attachments=[("lettre signée.pdf", letter, "application/pdf")]))
    assert local.cli("poll")[0] == 0
    (tmp_path / "scan lettre.pdf").write_bytes(samples.pdf(samples.LETTER.format(who="Autre")))
    assert local.cli("case", "BSC-2026-0002", "add", str(tmp_path / "scan lettre.pdf"), "--by", "Nadia")[0] == 0
    for ref in ("BSC-2026-0001", "BSC-2026-0002"):
        case = local.case(ref)
        assert case["status"] == "complete" and "semble être" not in case["attention"], case["attention"]
        assert ("« À voir » mis à jour : ne dit plus que le texte du courriel semble être : courrier officiel adressé "
                "au Maire ; la pièce est maintenant au dossier") in [e["detail"] for e in case["events"]]
