"""`intake person EMAIL --export | --erase`: one person across two cases, on a real database and file store."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlmodel import select

from intake.commands import samples
from intake.commands.send_digest import make_digest
from intake.commands.staff import record_decision
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due
from intake.store.database import session
from intake.store.tables import Address, CaseStat, PurgeLog

NB = "n.bataillon@ville-bethune.fr"
JEANNE = "jeanne.martin@asso-velo.example"
DB_STAFF = "d.berteloot@ville-bethune.fr"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def raw_bytes(local) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((local.root / "data").rglob("*")) if p.is_file())


def seed(local):
    """Jeanne: a complete application (declined since), a second one still incomplete, a question that was
    not filed, a bounce on her address, a staff digest citing her. Paul: his own application."""
    local.drop("nb", "1.eml", local.application(sender=f"Jeanne Martin <{JEANNE}>", date=T0,
                                                subject="Candidature Vélo-école"))
    local.drop("nb", "2.eml", local.application(sender=f"Jeanne Martin <{JEANNE}>", date=T0 + timedelta(days=1),
                                                pieces=("dossier",), subject="Deuxième projet : Atelier réparation"))
    local.drop("nb", "3.eml", samples.email(sender=f"Jeanne Martin <{JEANNE}>", to=[NB], date=T0,
                                            subject="Question sur la date limite", body="Bonjour, quand ?"))
    local.drop("nb", "4.eml", local.application(sender="Paul Leroy <paul.leroy@x.example>", date=T0,
                                                subject="Candidature de Paul"))
    app = local.app(T0 + timedelta(days=2))
    poll_all(app)
    send_due(app)
    refs = {c.applicant_name or c.title: c.reference for c in _cases(app)}
    record_decision(app, refs_by(app, "Vélo"), "declined", "hors du territoire de Béthune", "agent", notify=False)
    with session(app.engine) as s:
        s.add(Address(address=JEANNE, looping=True, reason=f"{JEANNE} écrit en boucle", updated_at=app.clock()))
        s.commit()
    make_digest(local.app(datetime(2026, 11, 5, 9, 0, tzinfo=timezone.utc)), force=True)
    return app, refs


def _cases(app):
    from intake.store.tables import Case

    with session(app.engine) as s:
        return s.exec(select(Case).order_by(Case.id)).all()


def refs_by(app, title_word: str) -> str:
    return next(c.reference for c in _cases(app) if title_word in c.title)


def exported(local, person: str, target) -> dict:
    """`intake person PERSON --export --output TARGET`, which must succeed: the index of the ZIP it wrote."""
    code, out = local.cli("person", person, "--export", "--output", str(target))
    assert code == 0, out
    with zipfile.ZipFile(target) as z:
        return json.loads(z.read("index.json"))


def test_the_export_holds_both_cases_with_their_files_and_nothing_of_anyone_else(local, tmp_path):
    app, _ = seed(local)
    target = tmp_path / "export.zip"
    code, out = local.cli("person", JEANNE.upper(), "--export", "--output", str(target))
    assert code == 0, out
    # two digests: one per staff recipient
    assert "2 dossiers" in out and "1 message non retenu" in out and "2 récapitulatifs" in out
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(target) as z:
        index = json.loads(z.read("index.json"))
        names = set(z.namelist())
        contents = {n: z.read(n) for n in names}
    assert index["adresse"] == JEANNE
    assert [c["reference"] for c in index["dossiers"]] == [refs_by(app, "Vélo"), refs_by(app, "Atelier")]
    velo = index["dossiers"][0]
    assert velo["statut"] == "refusé" and len(velo["pieces"]) == 3 and len(velo["messages"]) == 1
    for p in velo["pieces"]:
        assert hashlib.sha256(contents[p["fichier"]]).hexdigest() == p["sha256"]
    sent = email.message_from_bytes(contents[velo["courriels_envoyes"][0]["fichier"]], policy=email.policy.default)
    assert sent["To"] == JEANNE and velo["reference"] in sent["Subject"]
    original = email.message_from_bytes(contents[velo["messages"][0]["fichier"]], policy=email.policy.default)
    assert original["Subject"] == "Candidature Vélo-école"
    assert any(e["quoi"] == "décision" and e["detail"].startswith("refusé") for e in velo["historique"])
    (question,) = index["messages_non_retenus"]
    assert question["fichier"] is None and question["sort"] == "ignoré"
    assert question["objet"].startswith("(non conservé")  # not « "" », which reads as a message without a subject
    # the person reads it (GDPR art. 12: intelligible): in French, not the stored values of `intake cases --json`
    assert velo["messages"][0]["sort"] == "classé" and velo["adresses"][0]["role"].startswith("demandeur")
    assert velo["courriels_envoyes"][0]["sorte"] == "accusé de réception"
    assert velo["courriels_envoyes"][0]["fichier"].endswith("/courriels/001-accusé de réception.eml")  # not the code's
    assert velo["courriels_envoyes"][0]["statut"] == "envoyé"                                          # acknowledgement
    words = {v for c in index["dossiers"] for key in ("messages", "courriels_envoyes", "historique", "adresses")
             for row in c[key] for k, v in row.items() if k in ("sort", "sorte", "statut", "quoi", "role")}
    words |= {c["statut"] for c in index["dossiers"]} | {question["sort"]}
    stored = {"declined", "incomplete", "filed", "ignored", "acknowledgement", "sent", "received", "applicant",
              "status", "decision", "mail-sent", "piece"}
    assert not words & stored, words & stored
    assert index["adresse_signalee"]["envoi_en_boucle"] is True
    assert len(index["recapitulatifs_du_service_qui_vous_citent"]) == 2
    assert "LISEZMOI.txt" in names
    assert not any(b"paul.leroy" in content or b"Candidature de Paul" in content for content in contents.values())
    code, again = local.cli("person", JEANNE, "--export", "--output", str(target))
    assert code == 1 and "existe déjà" in again


def test_erasure_refuses_while_a_case_is_open_and_changes_nothing(local):
    app, _ = seed(local)
    before = raw_bytes(local)
    code, out = local.cli("person", JEANNE, "--erase")
    assert code == 1
    assert f"{refs_by(app, 'Atelier')} (incomplet) toujours en cours" in out and "--force" in out
    assert JEANNE.encode() in raw_bytes(local) and len(_cases(app)) == 3
    assert raw_bytes(local).count(JEANNE.encode()) == before.count(JEANNE.encode())


def test_a_forced_erasure_leaves_the_address_nowhere_but_keeps_statistics_and_the_log(local):
    app, _ = seed(local)
    velo, atelier = refs_by(app, "Vélo"), refs_by(app, "Atelier")
    code, out = local.cli("person", JEANNE, "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    assert f"2 dossiers ({velo}, {atelier})" in out and "1 message non retenu" in out
    everything = raw_bytes(local)
    for gone in (JEANNE, "Jeanne Martin", "Vélo-école", "Atelier réparation", "hors du territoire",
                 "asso-velo.example"):  # her own domain too (the byte budget counted her mail with it)
        assert gone.encode() not in everything, gone  # rows, files, free pages, write-ahead log
    assert b"paul.leroy@x.example" in everything and [c.applicant for c in _cases(app)] == ["paul.leroy@x.example"]
    with session(app.engine) as s:
        lines = {c.reference: c for c in s.exec(select(CaseStat))}
        log = s.exec(select(PurgeLog).where(PurgeLog.rule == "effacement")).all()
    assert set(lines) == {velo, atelier} and lines[velo].status == "declined" and lines[velo].rule == "effacement"
    assert lines[velo].statuses == "complete > declined" and lines[velo].pieces == 3
    assert [e.reference for e in log] == [velo, atelier, ""] and all(e.actor == "dpo" for e in log)
    assert "2 dossiers" in log[-1].what
    code, stats = local.cli("stats", "--json")
    assert json.loads(stats)[0]["cases"] == 3 and json.loads(stats)[0]["deleted"] == 2
    code, again = local.cli("person", JEANNE, "--export", "--output", str(local.root / "after.zip"))
    with zipfile.ZipFile(local.root / "after.zip") as z:
        index = json.loads(z.read("index.json"))
    assert index["dossiers"] == [] and index["messages_non_retenus"] == [] and index["adresse_signalee"] is None


def test_a_bad_address_and_a_missing_action_are_usage_errors(local):
    code, out = local.cli("person", "not-an-address", "--export")  # U19: a usage error, with the usage line
    assert code == 2 and "n'est pas une adresse électronique" in out and "Utilisation : " in out, out
    code, out = local.cli("person", JEANNE)
    assert code == 2 and "--export ou --erase" in out
    code, out = local.cli("person", JEANNE, "--export", "--force")
    assert code == 2


def test_export_and_erasure_follow_a_case_merged_into_another(local, tmp_path):
    """Jeanne's application arrived as two cases, merged by staff; she also has a second, declined project."""
    jeanne = f"Jeanne Martin <{JEANNE}>"
    local.drop("nb", "1.eml", samples.email(sender=jeanne, to=[NB], subject="Candidature", date=T0,
                                            attachments=[("dossier.pdf", samples.pdf("Dossier d'intention"),
                                                          "application/pdf")]))
    local.drop("nb", "2.eml", samples.email(sender=jeanne, to=[NB], subject="Candidature (suite)",
                                            date=T0 + timedelta(hours=1),
                                            attachments=[("dossier v2.pdf", samples.pdf("Dossier d'intention v2"),
                                                          "application/pdf"),
                                                         ("lettre au maire.pdf", samples.pdf("Monsieur le Maire"),
                                                          "application/pdf")]))
    app = local.app(T0 + timedelta(days=1))
    poll_all(app)
    send_due(app)
    first, second = [c.reference for c in _cases(app)]
    code, out = local.cli("case", first, "merge", second, "--by", "agent")
    assert code == 0, out
    local.drop("nb", "3.eml", local.application(sender=jeanne, date=T0 + timedelta(days=2),
                                                subject="Autre projet : Ateliers"))
    poll_all(local.app(T0 + timedelta(days=3)))
    third = [c.reference for c in _cases(app)][-1]
    record_decision(local.app(T0 + timedelta(days=4)), third, "declined", "doublon", "agent", notify=False)

    target = tmp_path / "jeanne.zip"
    assert local.cli("person", JEANNE, "--export", "--output", str(target))[0] == 0
    with zipfile.ZipFile(target) as z:
        index = json.loads(z.read("index.json"))
        names = z.namelist()
    merged = index["dossiers"][0]
    assert [c["reference"] for c in index["dossiers"]] == [first, third]
    assert merged["references_fusionnees"] == [second]
    assert sorted(p["nom"] for p in merged["pieces"]) == ["dossier v2.pdf", "dossier.pdf", "lettre au maire.pdf"]
    assert len([m for m in merged["messages"] if m["fichier"]]) == 2  # both mails, as they came
    assert all(p["fichier"] in names for p in merged["pieces"])

    code, out = local.cli("person", JEANNE, "--erase")
    assert code == 1 and f"{first} (" in out and third not in out.split("toujours en cours")[0]
    code, out = local.cli("person", JEANNE, "--erase", "--force")
    assert code == 0, out
    assert JEANNE.encode() not in raw_bytes(local) and b"Dossier d'intention v2" not in raw_bytes(local)
    with session(local.app().engine) as s:
        lines = {c.reference: c for c in s.exec(select(CaseStat))}
    assert set(lines) == {first, second, third}
    assert lines[second].status == "merged" and first in lines[second].statuses
    local.drop("nb", "4.eml", local.application(sender="paul@x.example", date=T0 + timedelta(days=5)))
    poll_all(local.app(T0 + timedelta(days=5)))
    assert _cases(app)[-1].reference == "BSC-2026-0004"  # no number is given twice, merged ones included


def test_an_export_that_cannot_be_finished_leaves_no_half_written_copy_and_can_be_made_again(local, tmp_path,
                                                                                            monkeypatch):
    from intake.commands import person

    app, _refs = seed(local)
    target = tmp_path / "out" / "jeanne.zip"
    real = zipfile.ZipFile.writestr

    def disk_full(z, name, data, *args, **kw):
        if str(name).endswith(".eml"):  # the index and a piece are written, then the disk is full
            raise OSError(28, "No space left on device")
        return real(z, name, data, *args, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    try:
        person.export(app, JEANNE, target)
    except OSError as exc:
        assert exc.errno == 28
    else:
        raise AssertionError("the export was written whole")
    assert not target.exists()  # nothing of Jeanne's data left on the server
    monkeypatch.setattr(zipfile.ZipFile, "writestr", real)
    path, _found = person.export(app, JEANNE, target)  # not refused as « existe déjà »
    assert zipfile.ZipFile(path).testzip() is None


def test_a_jury_zip_that_cannot_be_finished_is_deleted_at_once(local, tmp_path, monkeypatch):
    import tempfile

    from intake.web import export

    app, _refs = seed(local)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    folder = export.exports_dir(app.settings.data_dir)
    with session(app.engine) as s:
        from intake.store.tables import Case, Piece

        case = s.exec(select(Case).where(Case.applicant == JEANNE)).first()
        pieces = list(s.exec(select(Piece).where(Piece.case_id == case.id)))
    x = export.CaseExport(case=case, pieces=pieces, fields=[], status_text="recevable")
    real = zipfile.ZipFile.write

    def disk_full(z, *args, **kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", disk_full)
    try:
        export.build_zip([x, x], app.blobs, app.settings.timezone, app.clock(), app.rules.label, folder=folder)
    except OSError as exc:
        assert exc.errno == 28
    else:
        raise AssertionError("the ZIP was written whole")
    assert list(folder.iterdir()) == []  # no half-written archive of applicants' files
    monkeypatch.setattr(zipfile.ZipFile, "write", real)
    path = export.build_zip([x], app.blobs, app.settings.timezone, app.clock(), app.rules.label, folder=folder)
    assert path.parent == folder and zipfile.ZipFile(path).testzip() is None
    # in data_dir, only the service's: never in the system's shared temporary folder
    assert folder == Path(app.settings.data_dir) / "exports" and folder.stat().st_mode & 0o777 == 0o700
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_jury_zip_left_by_a_dead_console_is_swept_by_the_next_build(local):
    """The console deletes a ZIP once sent; one left by a process that died while building or sending it goes at
    the next build, once older than any download."""
    import os
    import time

    from intake.web import export

    app, _refs = seed(local)
    folder = export.exports_dir(app.settings.data_dir)
    left, recent = folder / "intake-export-left.zip", folder / "intake-export-recent.zip"
    left.write_bytes(b"pieces of applicants")
    recent.write_bytes(b"being sent")
    old = time.time() - export.LEFT_AFTER.total_seconds() - 60
    os.utime(left, (old, old))
    export.sweep(folder)
    assert not left.exists() and recent.exists()


def test_the_export_gives_the_other_texts_that_quote_the_address(local, tmp_path):
    """A bounce about no case (another sender's message) and a note on someone else's case that quote the address
    are in the access request, as the erasure replaces them: the person sees everything an erasure would touch."""
    from intake.store.tables import Case, Inbound, Piece

    app, _ = seed(local)
    paul = refs_by(app, "Paul")
    with session(app.engine) as s:
        s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=99, identity="mid:<dsn@mx.example>",
                      fate="ignored", from_addr="mailer-daemon@mx.example",
                      reason=f"bounce: avis de non-remise : {JEANNE} n'existe pas", internal_date=app.clock(),
                      created_at=app.clock()))
        case = s.exec(select(Case).where(Case.reference == paul)).one()
        case.attention = f"même projet que {JEANNE} ?"
        # what Paul wrote, kept on his case, may name her too: his project's title, a file's name
        case.title = f"Vélo partagé (contact {JEANNE})"
        piece = s.exec(select(Piece).where(Piece.case_id == case.id)).first()
        piece.filename = f"lettre (contact {JEANNE}).pdf"
        s.add(case)
        s.add(piece)
        s.commit()
    target = tmp_path / "export.zip"
    index = exported(local, JEANNE, target)
    quoted = {(q["ou"].split(" ")[0], q["dossier"]): q["texte"] for q in index["autres_mentions_de_votre_adresse"]}
    assert quoted[("motif", None)] == f"bounce: avis de non-remise : {JEANNE} n'existe pas"
    assert quoted[("note", paul)] == f"même projet que {JEANNE} ?"
    assert quoted[("titre", paul)] == f"Vélo partagé (contact {JEANNE})"
    assert quoted.get(("nom", paul)) == f"lettre (contact {JEANNE}).pdf", quoted
    # nothing listed twice: her own messages, her flagged address and her own cases are given elsewhere
    assert len(quoted) == 4, quoted
    # and the erasure replaces each of them
    code, out = local.cli("person", JEANNE, "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    with session(app.engine) as s:
        case = s.exec(select(Case).where(Case.reference == paul)).one()
        names = [p.filename for p in s.exec(select(Piece).where(Piece.case_id == case.id))]
    assert case.title == "Vélo partagé (contact [adresse effacée])", case.title
    assert "lettre (contact [adresse effacée]).pdf" in names and not any(JEANNE in n for n in names), names


def test_a_person_whose_mail_reached_someone_else_s_case_forwarded_or_attached_is_told_where(local, tmp_path):
    """Forwards of forwards and attached Outlook items are read since: Jeanne's own mail, forwarded by Claire and
    then by Paul inside his application, and Peter Pan's Outlook item attached by François, are kept whole on Paul's
    and François's cases. Neither person appeared in their access request (the export found « 0 dossier, 0
    message »), nor did the erasure say that anything of theirs was left with someone else's case."""
    from pathlib import Path

    chain = ("Je vous transmets la candidature reçue par notre réseau.\n\n"
             "---------- Message transféré ---------\nDe : Claire Relais <claire@relais.example>\n"
             "Objet : TR: candidature\n\nPour Paul.\n\n"
             f"---------- Message transféré ---------\nDe : Jeanne Martin <{JEANNE}>\n"
             "Objet : candidature\n\nBonjour, voici notre dossier.\n")
    local.drop("nb", "1.eml", local.application(sender="Paul Leroy <paul.leroy@x.example>", date=T0,
                                                subject="Candidature du réseau", body=chain))
    item = (Path(__file__).resolve().parents[1] / "corpus" / "msgreader" / "EmailWithAttachments.msg").read_bytes()
    local.drop("nb", "2.eml", samples.email(
        sender="François <francois@asso.example>", to=[NB], date=T0, subject="Candidature avec photos",
        attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                     ("Photos du projet.msg", item, "application/vnd.ms-outlook")]))
    app = local.app(T0 + timedelta(days=1))
    poll_all(app)
    paul, francois = refs_by(app, "réseau"), refs_by(app, "photos")

    target = tmp_path / "jeanne.zip"
    code, out = local.cli("person", JEANNE, "--export", "--output", str(target))
    assert code == 0 and "1 message d'autres personnes où elle figure" in out, out
    with zipfile.ZipFile(target) as z:
        index = json.loads(z.read("index.json"))
        names = z.namelist()
    (seen,) = index["messages_d_autres_personnes_qui_citent_votre_adresse"]
    assert seen["dossier"] == paul and seen["de"] == "paul.leroy@x.example"
    assert "expéditeur d'un message transféré" in seen["ou"]
    assert not any(n.endswith(".eml") for n in names)  # Paul's message is his: listed, not given

    target = tmp_path / "peter.zip"
    code, out = local.cli("person", "PeterPan@Neverland.com", "--export", "--output", str(target))
    assert code == 0, out
    with zipfile.ZipFile(target) as z:
        (seen,) = json.loads(z.read("index.json"))["messages_d_autres_personnes_qui_citent_votre_adresse"]
    assert seen["dossier"] == francois and "dans un message joint (.eml, ou .msg d'Outlook)" in seen["ou"]

    code, out = local.cli("person", "claire@relais.example", "--erase")
    assert code == 0 and "Non effacé" in out and paul in out and francois not in out, out

    code, out = local.cli("person", "personne@ailleurs.example", "--export", "--output", str(tmp_path / "n.zip"))
    assert code == 0 and "d'autres personnes" not in out, out


def test_an_exported_file_s_name_cannot_disguise_its_type_or_leave_its_folder(local, tmp_path):
    """The files in a person's export are named by the jury ZIP's rule (core/filenames.zip_entry): the characters a
    file system refuses (kept in the piece's name as it came) do not reach the entry's name, nor does anything of a
    path, a right-to-left override or a zero-width space."""
    hostile = "..\\..\\photo\u202egpj.exe\u200b*?.jpg"
    local.drop("nb", "1.eml", samples.email(sender=f"Jeanne Martin <{JEANNE}>", to=[NB], subject="Candidature",
                                            date=T0, attachments=[("dossier.pdf", samples.pdf("Dossier d'intention"),
                                                                   "application/pdf"),
                                                                  (hostile, samples.jpeg(), "image/jpeg")]))
    poll_all(local.app(T0 + timedelta(days=1)))
    target = tmp_path / "jeanne.zip"
    assert local.cli("person", JEANNE, "--export", "--output", str(target))[0] == 0
    with zipfile.ZipFile(target) as z:
        index = json.loads(z.read("index.json"))
        names = z.namelist()
    (photo,) = [p for p in index["dossiers"][0]["pieces"] if p["nom"] != "dossier.pdf"]
    assert "*?" in photo["nom"]  # kept as it came, in the index
    entry = photo["fichier"]
    assert entry in names and entry.endswith(".jpg")
    assert not any(c in entry for c in "\u202e\u200b*?\\") and ".." not in entry.split("/")


def test_a_kept_message_too_long_to_parse_is_searched_as_bytes_within_its_reading_time(local, tmp_path):
    """Others' kept messages are parsed again for the places that name the address, each within [limits]
    read_seconds in a reading process: one that takes longer (9 MiB of empty lines, about 2 s) is searched as
    bytes, and still listed, rather than holding the command for its whole parse."""
    import dataclasses

    from intake.commands import person
    from intake.store.tables import Inbound

    app, _ = seed(local)
    raw = (f"From: mallory@x.example\r\nTo: {JEANNE}\r\nSubject: lignes\r\nContent-Type: text/plain\r\n\r\n"
           .encode() + b"\n" * (9 << 20))
    with session(app.engine) as s:
        s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=98, identity="mid:<lines@x.example>",
                      fate="quarantined", from_addr="mallory@x.example", reason="à voir", subject="lignes",
                      raw_sha256=app.blobs.put(raw), size=len(raw), internal_date=app.clock(), created_at=app.clock()))
        s.commit()

    def mentioned(name: str, read_seconds: float) -> list[list[str]]:
        limits = dataclasses.replace(app.settings.limits, read_seconds=read_seconds)  # the command's own budget
        short = dataclasses.replace(app, settings=dataclasses.replace(app.settings, limits=limits))
        target, _ = person.export(short, JEANNE, tmp_path / name)
        with zipfile.ZipFile(target) as z:
            index = json.loads(z.read("index.json"))
        return [m["ou"] for m in index["messages_d_autres_personnes_qui_citent_votre_adresse"]
                if m["de"] == "mallory@x.example"]

    assert mentioned("parsed.zip", 30) == [["destinataire du message (À, Cc, Répondre à)"]]  # parsed
    # (the configuration asks for at least 5 s: too long a parse for a test; the command's settings are given here)
    assert mentioned("bytes.zip", 0.2) == [["dans le message brut"]]


def test_another_address_that_contains_the_person_s_is_neither_exported_nor_erased(local, tmp_path):
    """The free texts that quote the address were found by a substring search (SQL LIKE, where `_` matches any
    character): ann@asso.example's access request gave the notes about joann@asso.example, and jean_dupont@…'s
    those about jean.dupont@… (someone else's data, to the wrong person); the erasure of ann@… rewrote
    joann@asso.example as « jo[adresse effacée] » in others' texts, and deleted the digests that cite her."""
    from intake.store.tables import Case, Inbound, Outbox

    app, _ = seed(local)
    paul = refs_by(app, "Paul")
    note = "même projet que joann@asso.example et jean.dupont@x.example ?"
    reason = "bounce: avis de non-remise : joann@asso.example n'existe pas"
    with session(app.engine) as s:
        s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=99, identity="mid:<dsn@mx.example>",
                      fate="ignored", from_addr="mailer-daemon@mx.example", reason=reason, internal_date=app.clock(),
                      created_at=app.clock()))
        case = s.exec(select(Case).where(Case.reference == paul)).one()
        case.attention = note
        s.add(case)
        s.commit()
    for n, person in enumerate(("ann@asso.example", "jean_dupont@x.example")):
        target = tmp_path / f"export-{n}.zip"
        index = exported(local, person, target)
        assert index["autres_mentions_de_votre_adresse"] == [], (person, index["autres_mentions_de_votre_adresse"])
    with session(app.engine) as s:  # a staff digest that cites joann@ is not ann@'s
        s.add(Outbox(kind="digest", from_addr=NB, to_addr=NB, subject="Récapitulatif", message_id="<d@x>",
                     raw=b"Subject: r\r\n\r\nBSC-2026-0009 joann@asso.example\r\n", status="sent",
                     created_at=app.clock()))
        s.commit()
    code, out = local.cli("person", "ann@asso.example", "--erase")
    assert code == 0, out
    with session(app.engine) as s:
        assert s.exec(select(Case).where(Case.reference == paul)).one().attention == note
        assert s.exec(select(Inbound).where(Inbound.uid == 99)).one().reason == reason
        assert s.exec(select(Outbox).where(Outbox.message_id == "<d@x>")).one()


def test_a_departed_staff_member_s_address_is_erased_from_the_digest_s_day_rows(local, tmp_path):
    """A digest recipient who asks (a staff member who left): the day rows that name the recipients are in the export
    and lose the address on erasure, as the other texts that quote it."""
    from intake.store.tables import Digest

    app = local.app(T0)
    make_digest(app, force=True)
    target = tmp_path / "export.zip"
    index = exported(local, NB, target)
    assert [q["ou"] for q in index["autres_mentions_de_votre_adresse"]] == [
        "destinataires du récapitulatif quotidien d'un jour"]
    code, out = local.cli("person", NB, "--erase", "--by", "dpo")
    assert code == 0, out
    with session(app.engine) as s:
        (row,) = s.exec(select(Digest)).all()
    assert NB not in row.recipients and "[adresse effacée]" in row.recipients


def test_a_staff_member_s_console_sessions_links_and_sign_in_mails_are_exported_and_erased(local, tmp_path):
    """A staff member's erasure ends their console sessions and forgets their sign-in links and the mail that carried
    one, which the purge would keep a day after their end; the export lists them first."""
    from intake.store import outbox as outbox_store
    from intake.store import signins
    from intake.store.tables import Outbox, WebSession, WebSignin

    app = local.app(T0)
    with session(app.engine) as s:
        signins.add_session(s, "h-session", NB, T0, timedelta(hours=12))
        signins.add_link(s, "h-link", NB, "", T0, timedelta(minutes=15))
        outbox_store.add(s, case_id=None, kind=signins.SIGNIN_KIND, from_addr=NB, to_addr=NB, subject="Votre lien",
                         message_id="<signin-1@ville-bethune.fr>", content_key="", raw=b"To: n.bataillon@...\r\n\r\n",
                         now=T0, numbered=False)
        signins.add_session(s, "h-other", DB_STAFF, T0, timedelta(hours=12))
        s.commit()
    target = tmp_path / "export.zip"
    index = exported(local, NB, target)
    assert [c["sorte"] for c in index["connexions_a_la_console"]] == ["session", "lien de connexion"]
    code, out = local.cli("person", NB, "--erase", "--by", "dpo")
    assert code == 0, out
    with session(app.engine) as s:
        assert [r.email for r in s.exec(select(WebSession))] == [DB_STAFF]
        assert s.exec(select(WebSignin)).all() == []
        assert s.exec(select(Outbox).where(Outbox.kind == signins.SIGNIN_KIND)).all() == []
        logged = s.exec(select(PurgeLog).where(PurgeLog.rule == "effacement")).one()
    assert "sessions et liens de connexion à la console oubliés" in logged.what


def test_a_staff_member_s_export_counts_the_actions_signed_with_their_address_which_the_erasure_keeps(local, tmp_path):
    """The console signs a staff member's actions with their address (case history, purge log): their access request
    says where and how many; an erasure keeps them (the record of who did what), as README says."""
    app, _ = seed(local)
    paul = refs_by(app, "Paul")
    code, out = local.cli("case", paul, "note", "pièces vues", "--by", NB)
    assert code == 0, out
    from intake.commands.purge import purge

    assert purge(local.app(T0 + timedelta(days=70)), actor=NB).counts  # the question's ledger line, the digests
    target = tmp_path / "export.zip"
    index = exported(local, NB, target)
    assert index["actions_a_votre_nom"] == [{"dossier": paul, "actions": 1}]
    with session(app.engine) as s:
        signed = s.exec(select(PurgeLog).where(PurgeLog.actor == NB)).all()
    assert index["suppressions_lancees_a_votre_nom"] == len(signed) >= 2  # each rule's line, the files freed


def test_an_output_that_names_a_folder_writes_the_file_of_its_default_name_in_it(local, tmp_path):
    """The admin wrote `--output /tmp/exports` (a folder, as README's « unless told where » reads): it was refused,
    « est un dossier, pas un fichier », for the export and the digest's preview alike."""
    seed(local)
    folder = tmp_path / "exports"
    folder.mkdir()
    code, out = local.cli("person", JEANNE, "--export", "--output", str(folder))
    assert code == 0, out
    (written,) = folder.iterdir()
    assert written.name.startswith("intake-export-jeanne.martin-at-asso-velo.example-") and written.suffix == ".zip"
    assert zipfile.is_zipfile(written) and str(written) in out
    code, out = local.cli("digest", "--preview", "--html", str(folder))
    assert code == 0, out
    assert (folder / "digest-preview.html").is_file() and str(folder / "digest-preview.html") in out


def test_the_export_gives_what_the_day_s_limits_counted_of_her_mail(local, tmp_path):
    """Her unauthenticated mail's bytes and the domain of her address, which the byte budgets (inbound.stored_bytes,
    stored_domain) and the new cases' caps (caseaddress.domain, authenticated) keep with her case: held about her,
    so given to her (the erasure removes them with the case: the forced erasure's test)."""
    app, _ = seed(local)
    target = tmp_path / "export.zip"
    index = exported(local, JEANNE, target)
    velo = next(c for c in index["dossiers"] if c["reference"] == refs_by(app, "Vélo"))
    (message,) = velo["messages"]
    assert message["domaine_compte"] == "asso-velo.example"
    assert message["octets_comptes_dans_les_limites_du_jour"] > 0
    assert message["octets_ajoutes_au_stockage"] == message["octets_comptes_dans_les_limites_du_jour"]
    (applicant,) = velo["adresses"]
    assert applicant["domaine_compte"] == "asso-velo.example"
    assert applicant["authentifiee_par_le_serveur_de_la_ville"] is False
    (question,) = index["messages_non_retenus"]  # not filed: nothing counted
    assert question["octets_comptes_dans_les_limites_du_jour"] == 0 and question["domaine_compte"] == ""
    assert question["octets_ajoutes_au_stockage"] == 0


def test_the_export_gives_the_case_s_note_for_staff_and_the_fields_staff_corrected(local, tmp_path):
    """« À voir » (case.attention), what staff are told about her case, and which fields they corrected by hand
    (case.staff_fields) are held about her: the export gave neither (another case's note is « autres mentions »)."""
    app, _ = seed(local)
    atelier = refs_by(app, "Atelier")
    code, out = local.cli("case", atelier, "field", "contact", "Jeanne Martin, présidente", "--by", "agent")
    assert code == 0, out
    from intake.store.tables import Case

    with session(app.engine) as s:
        case = s.exec(select(Case).where(Case.reference == atelier)).one()
        case.attention = "elle a appelé : le courrier au Maire part par la poste"
        s.add(case)
        s.commit()
    target = tmp_path / "export.zip"
    index = exported(local, JEANNE, target)
    case = next(c for c in index["dossiers"] if c["reference"] == atelier)
    assert case["a_voir_par_le_service"] == "elle a appelé : le courrier au Maire part par la poste"
    assert case["champs_corriges_par_le_service"] == ["contact"]
    assert case["champs_lus_dans_le_dossier"]["contact"] == "Jeanne Martin, présidente"


def test_an_erasure_leaves_the_address_nowhere_though_the_limits_counted_a_tag_of_it_with_it(local):
    """The limits count a big provider's tags with their box (jeanne.martin+velo@gmail.com with jeannemartin@gmail.com,
    core/sender_domain.py provider_box): the box's address was kept with the tag's case and message
    (caseaddress.domain, inbound.stored_domain), where her erasure left it."""
    local.drop("nb", "1.eml", local.application(sender="Jeanne <jeannemartin@gmail.com>", date=T0,
                                                subject="Candidature Vélo-école"))
    local.drop("nb", "2.eml", local.application(sender="Jeanne <jeanne.martin+velo@gmail.com>", date=T0,
                                                subject="Candidature Atelier"))
    app = local.app(T0 + timedelta(days=2))
    poll_all(app)
    send_due(app)
    assert b"jeannemartin@gmail.com" in raw_bytes(local)
    code, out = local.cli("person", "jeannemartin@gmail.com", "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    assert b"jeannemartin@gmail.com" not in raw_bytes(local)
    assert [c.applicant for c in _cases(app)] == ["jeanne.martin+velo@gmail.com"]


def test_the_export_gives_another_case_s_dossier_field_that_names_her_as_the_erasure_replaces_it(local, tmp_path):
    """Someone else's dossier d'intention may give her as its contact (« contact : Jeanne Martin,
    jeanne.martin@… »): the erasure replaced the address in that case's fields, the export did not say it was there,
    so her access request missed a place the erasure touched."""
    from intake.store.tables import Case

    app, _ = seed(local)
    paul = refs_by(app, "Paul")
    code, out = local.cli("case", paul, "field", "contact", f"Jeanne Martin, {JEANNE}", "--by", "agent")
    assert code == 0, out
    index = exported(local, JEANNE, tmp_path / "export.zip")
    quoted = [(q["ou"], q["dossier"], q["texte"]) for q in index["autres_mentions_de_votre_adresse"]]
    assert [(d, t) for o, d, t in quoted if "contact" in o] == [(paul, f"Jeanne Martin, {JEANNE}")], quoted
    code, out = local.cli("person", JEANNE, "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    with session(app.engine) as s:
        case = s.exec(select(Case).where(Case.reference == paul)).one()
    assert case.fields["contact"] == "Jeanne Martin, [adresse effacée]", case.fields


def test_the_export_gives_why_each_piece_was_recognised_and_why_a_mail_to_her_failed(local, tmp_path):
    """What the service noted about her files (the words that named each piece: what staff read on the case) and
    why its mail to her failed (the server's answer) are held about her and erased with her case: the export gave
    neither."""
    from intake.store.tables import Outbox

    app, _ = seed(local)
    atelier = refs_by(app, "Atelier")
    with session(app.engine) as s:
        from intake.store.tables import Case

        case = s.exec(select(Case).where(Case.reference == atelier)).one()
        mail = s.exec(select(Outbox).where(Outbox.case_id == case.id)).first()
        mail.last_error = f"550 5.2.2 <{JEANNE}>: boîte pleine"
        s.add(mail)
        s.commit()
    index = exported(local, JEANNE, tmp_path / "export.zip")
    case = next(c for c in index["dossiers"] if c["reference"] == atelier)
    assert all(p["comment_le_service_l_a_reconnue"] for p in case["pieces"]), case["pieces"]
    assert "mots trouvés" in case["pieces"][0]["comment_le_service_l_a_reconnue"], case["pieces"]
    assert [m["erreur_d_envoi"] for m in case["courriels_envoyes"]] == [f"550 5.2.2 <{JEANNE}>: boîte pleine"]


def test_someone_else_s_message_that_names_her_in_its_subject_is_listed(local, tmp_path):
    """Paul's application names Jeanne in its subject (« Candidature Vélo - contact jeanne.martin@… »): it is someone
    else's message, kept with his case, that names her address; the export did not list it (a subject was not
    searched). The service's acknowledgement to Paul does not name her: it masks an address in a file's name."""
    local.drop("nb", "1.eml", samples.email(
        sender="Paul Leroy <paul.leroy@x.example>", to=[NB], date=T0, subject=f"Candidature Vélo - contact {JEANNE}",
        attachments=[(f"dossier (contact {JEANNE}).pdf", samples.pdf("Dossier d'intention\nVélo"), "application/pdf"),
                     ("courrier maire.pdf", samples.pdf("lettre"), "application/pdf"),
                     ("photo.jpg", samples.jpeg(), "image/jpeg")]))
    app = local.app(T0 + timedelta(days=1))
    poll_all(app)
    send_due(app)
    (paul,) = [c.reference for c in _cases(app)]
    index = exported(local, JEANNE, tmp_path / "export.zip")
    theirs = index["messages_d_autres_personnes_qui_citent_votre_adresse"]
    assert [(m["dossier"], m["ou"]) for m in theirs] == [(paul, ["objet du message"])], theirs
    from intake.store.people import cites

    sent = sorted((local.root / "outbox").glob("*.eml"))
    assert sent and not any(cites(p.read_bytes(), JEANNE) for p in sent)
    code, out = local.cli("person", JEANNE, "--erase", "--by", "dpo")
    assert code == 0 and paul in out, out  # listed for staff to decide, not erased


def test_the_export_gives_what_each_staff_digest_said_of_her_cases_which_the_erasure_deletes(local, tmp_path):
    """The erasure deletes the staff digests that cite her; the export gave only their dates, not what they said of
    her (the lines of her open cases: status, project, missing pieces), which stays 30 days after her case is gone."""
    app, _ = seed(local)
    index = exported(local, JEANNE, tmp_path / "export.zip")
    digests = index["recapitulatifs_du_service_qui_vous_citent"]
    assert len(digests) == 2 and all(d["le"] for d in digests), digests
    lines = [line for d in digests for line in d["lignes_qui_vous_concernent"]]
    assert lines and all(line["demandeur"] == JEANNE for line in lines), lines
    assert any("Atelier" in line["projet"] for line in lines), lines
    assert "paul" not in json.dumps(digests).lower(), digests  # only her lines, not Paul's


def test_a_paper_applicant_without_an_address_has_their_case_exported_and_erased_by_its_reference(local, tmp_path):
    """A letter with no e-mail address (intake case paper): the person has the same rights, asked for by post;
    `intake person` takes the case's reference for them, as it takes an address."""
    from intake.commands.postal import file_postal

    app = local.app(T0)
    filed = file_postal(app, "", [("Dossier Lucienne Papier.pdf", samples.pdf("Dossier d'intention\nJardin partagé"))],
                        "agent", name="Lucienne Papier", title="Jardin partagé rue Papier")
    make_digest(local.app(T0 + timedelta(days=1)), force=True)  # cites the open case by its reference
    record_decision(local.app(T0 + timedelta(days=3)), filed.reference, "declined", "hors du territoire", "agent",
                    notify=False)
    index = exported(local, filed.reference, tmp_path / "papier.zip")
    assert index["adresse"] is None and index["dossier_demande"] == filed.reference
    (case,) = index["dossiers"]
    assert case["reference"] == filed.reference and case["nom"] == "Lucienne Papier" and len(case["pieces"]) == 1
    digests = index["recapitulatifs_du_service_qui_vous_citent"]
    assert len(digests) == 2 and all(d["lignes_qui_vous_concernent"] for d in digests)
    # typed as staff type it, the same case: its own digest lines found by its reference as written in them
    again = exported(local, filed.reference.lower().replace("-", " "), tmp_path / "papier-2.zip")
    assert again["dossier_demande"] == filed.reference
    assert [d["lignes_qui_vous_concernent"] for d in again["recapitulatifs_du_service_qui_vous_citent"]] == \
        [d["lignes_qui_vous_concernent"] for d in digests]
    # its number alone is refused: « 1 » matched every digest line with a 1 standing alone (a date, an hour)
    number = str(int(filed.reference.rsplit("-", 1)[1]))
    for partial in (number, filed.reference.split("-", 1)[1]):
        code, out = local.cli("person", partial, "--erase", "--by", "dpo")
        assert code == 2 and "référence complète" in out, out
    code, out = local.cli("person", filed.reference, "--erase", "--by", "dpo")
    assert code == 0, out
    assert f"1 dossier ({filed.reference})" in out and "2 récapitulatifs" in out
    everything = raw_bytes(local)
    for gone in ("Lucienne Papier", "Jardin partagé", "hors du territoire"):
        assert gone.encode() not in everything, gone
    with session(app.engine) as s:
        line = s.exec(select(CaseStat)).one()
    assert line.reference == filed.reference and line.rule == "effacement"
    code, out = local.cli("person", "BSC-1999-0042", "--export")
    assert code == 1 and "BSC-1999-0042" in out, out
    local.drop("nb", "1.eml", local.application(sender=f"Jeanne Martin <{JEANNE}>", date=T0))
    poll_all(local.app(T0 + timedelta(days=4)))
    code, out = local.cli("person", "bsc-2026-2", "--erase")  # a case with an address: the address reaches it all
    assert code == 1 and f"a une adresse ({JEANNE})" in out, out


def test_the_reading_time_of_her_mail_is_exported_and_erased_with_her_box_s_and_her_domain_s(local, tmp_path):
    """The daily reading budgets keep, for a day or two, the reading time of her address's mail, her box's and her
    domain's (readingspent, core/reading_budget.py): held about her, so given to her, and forgotten by her erasure.
    What is held is a keyed hash of each (never the address): found from her address, and said as what it is."""
    from intake.pipeline.readbudget import stored_keys
    from intake.store import readings

    app, _ = seed(local)
    hers = stored_keys(app.settings, (f"none:{JEANNE}", "none:@asso-velo.example"))
    with session(app.engine) as s:
        readings.add(s, "2026-11-02", tuple(stored_keys(app.settings, ("pass:someone@else.example",)).values()), 3.0)
        s.commit()
        assert readings.of_keys(s, (hers[f"none:{JEANNE}"],)), "her polled mail's reading time is counted"
        assert not readings.of_keys(s, (f"none:{JEANNE}",)), "her address itself is not stored"
    index = exported(local, JEANNE, tmp_path / "export.zip")
    rows = index["temps_de_lecture_de_vos_messages_par_jour"]
    assert {r["enregistre"] for r in rows} == set(hers.values()), rows
    said = " ".join(r["ce_que_c_est"] for r in rows)
    assert f"« none:{JEANNE} »" in said and "« none:@asso-velo.example »" in said and "HMAC-SHA256" in said, rows
    assert f"des messages de {JEANNE} dont le serveur de la Ville n'a pu dire" in said, rows  # the notation, in words
    assert "des messages des adresses du domaine asso-velo.example" in said, rows
    assert all(r["jour"] and r["secondes"] > 0 for r in rows), rows
    code, out = local.cli("person", JEANNE, "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    with session(app.engine) as s:
        assert readings.of_keys(s, tuple(stored_keys(app.settings, ("pass:someone@else.example",)).values()))
        assert not readings.of_keys(s, tuple(hers.values()))


def test_a_big_provider_s_address_neither_gets_nor_forgets_the_reading_time_of_every_forger_of_that_provider(
        local, tmp_path):
    """The reading time of forged mail (the town's server said dmarc=fail) counts for the whole domain, a big mail
    provider's too (core/reading_budget.py: « fail:@gmail.com », every forger of any gmail.com address): no one's in
    particular. A gmail.com applicant's export gave it to her as hers, and her erasure deleted it, giving every forger
    of gmail.com a new day's budget; her own box's time is still hers."""
    from intake.pipeline.readbudget import stored_keys
    from intake.store import readings

    app, _ = seed(local)
    gmail = "jeanne.roux@gmail.com"
    forgers = stored_keys(app.settings, ("fail:@gmail.com", "unauthenticated:*"))
    hers = stored_keys(app.settings, (f"pass:{gmail}", f"pass:@{gmail}"))
    with session(app.engine) as s:
        readings.add(s, "2026-11-02", tuple(forgers.values()), 900.0)  # forgers of gmail.com
        readings.add(s, "2026-11-02", tuple(hers.values()), 5.0)  # her own mail, her box
        s.commit()
    index = exported(local, gmail, tmp_path / "export.zip")
    counted = {r["enregistre"] for r in index["temps_de_lecture_de_vos_messages_par_jour"]}
    assert counted == set(hers.values()), counted
    code, out = local.cli("person", gmail, "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    with session(app.engine) as s:
        assert readings.of_keys(s, (forgers["fail:@gmail.com"],)), "every forger's, not hers"
        assert not readings.of_keys(s, tuple(hers.values()))


def test_without_the_installation_s_key_her_export_and_erasure_find_no_reading_time_and_make_no_key(local, tmp_path):
    """Deleted (README, if data leaks), the key leaves rows under its hashes that nobody can tell whose they are
    (purged within two days): her export gives none and makes no key (passes as written: the branch's coverage)."""
    from intake.adapters.secretkey import KEY_FILE
    from intake.store.tables import ReadingSpent

    app, _ = seed(local)
    key = app.settings.data_dir / KEY_FILE
    key.unlink()
    with session(app.engine) as s:
        assert s.exec(select(ReadingSpent)).first(), "her polled mail's time is counted, under the deleted key"
    index = exported(local, JEANNE, tmp_path / "export.zip")
    assert index["temps_de_lecture_de_vos_messages_par_jour"] == [] and not key.exists()
    code, out = local.cli("person", JEANNE, "--erase", "--force", "--by", "dpo")
    assert code == 0 and not key.exists(), out
    with session(app.engine) as s:  # left to the purge: nobody can tell they were hers
        assert s.exec(select(ReadingSpent)).first()

