"""`intake case REF piece N --remove`: a file staff added by hand by mistake leaves the case, and the disk when no
other case holds it (the purge's path: the trash, emptied after the commit); the status is recomputed, no mail goes;
a file a mail brought and a case a decision closed are refused; a completion notice not sent yet that the case no
longer earns is withdrawn; a file staff added that the applicant mails too is theirs."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from intake.commands import samples
from intake.pipeline.send import send_due

NB = "n.bataillon@ville-bethune.fr"


@contextmanager
def sender_busy(local):
    """Another intake process is going through the outbox (the worker's pass, on SQLite one sender at a time): what
    a staff action queues waits for it, as it does for a few seconds in the service."""
    app = local.app()
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with app.locks.outbox_pass() as mine:
            if mine:
                taken.set()
                done.wait(120)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(10)
        yield
    finally:
        done.set()
        holder.join()


@pytest.mark.both_databases
def test_a_file_added_by_mistake_is_removed_and_deleted_once_no_other_case_holds_it(local, tmp_path):
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    local.drop("nb", "2.eml", local.application(sender="b@y.example", pieces=("dossier", "visuels"),
                                                subject="Autre projet"))
    assert local.cli("poll")[0] == 0
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(samples.pdf(samples.LETTER.format(who="Asso")))
    for ref in ("BSC-2026-0001", "BSC-2026-0002"):  # the same scan added to both: one stored file
        assert local.cli("case", ref, "add", str(letter), "--by", "Nadia")[0] == 0
    case = local.case("BSC-2026-0001")
    assert case["status"] == "complete"
    mails = len(local.sent())  # acknowledgements and completion notices
    piece = next(p for p in case["piece_files"] if p["filename"] == "lettre.pdf")
    stored = Path(piece["path"])
    assert stored.is_file()

    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--remove", "--note", "mauvais scan",
                          "--by", "Nadia")
    assert code == 0, out
    assert "BSC-2026-0001 : lettre.pdf retiré du dossier (fichier gardé sur le disque : un autre dossier contient " \
           "le même) ; statut du dossier : incomplet" in out
    assert "statut du dossier : incomplet (manque : courrier" in out and out.count("manque :") == 1, out
    assert "\nAucun courriel n'a été envoyé au demandeur (l'avis de dossier complet lui avait été adressé)" in out
    case = local.case("BSC-2026-0001")
    assert case["status"] == "incomplete" and case["pieces"] == ["dossier", "visuels"]
    (line,) = [e for e in case["events"] if e["kind"] == "removed"]
    assert line["actor"] == "Nadia" and line["detail"].startswith("lettre.pdf (ajoutée par erreur le ")
    assert line["detail"].endswith(") par Nadia : mauvais scan")
    assert stored.is_file()  # BSC-2026-0002 holds it still
    assert len(local.sent()) == mails

    other = next(p for p in local.case("BSC-2026-0002")["piece_files"] if p["filename"] == "lettre.pdf")
    code, out = local.cli("case", "BSC-2026-0002", "piece", str(other["id"]), "--remove")
    assert code == 0, out
    assert "lettre.pdf retiré du dossier (fichier effacé du disque)" in out
    assert not stored.exists()
    assert local.case("BSC-2026-0002")["status"] == "incomplete"
    assert len(local.sent()) == mails
    code, out = local.cli("purge", "--log")  # who took which case's file off, never the file's name
    assert code == 0 and out.count("pièce ajoutée à la main par erreur, retirée du dossier") == 2, out
    assert "BSC-2026-0002 : pièce ajoutée à la main par erreur, retirée du dossier ; 1 fichier" in out
    assert "lettre.pdf" not in out


@pytest.mark.both_databases
def test_a_file_a_mail_brought_and_a_closed_case_are_refused_and_nothing_changes(local, tmp_path):
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    assert local.cli("poll")[0] == 0
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(samples.pdf(samples.LETTER.format(who="Asso")))
    assert local.cli("case", "BSC-2026-0001", "add", str(letter))[0] == 0
    before = local.case("BSC-2026-0001")
    photo = next(p for p in before["piece_files"] if p["kind"] == "visuels")
    code, out = local.cli("case", "BSC-2026-0001", "piece", photo["filename"], "--remove")
    assert code == 1 and "est arrivé par courriel : c'est une pièce envoyée par le demandeur" in out
    assert f"en ligne de commande : intake case BSC-2026-0001 piece {photo['id']} --kind aucune)" in out
    assert "Traceback" not in out
    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--kind", "aucune", "--remove")
    assert code == 2 and "donnez une seule de ces options" in out
    assert local.case("BSC-2026-0001") == before
    assert local.cli("case", "BSC-2026-0001", "status", "declined", "--note", "hors champ")[0] == 0
    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--remove")
    assert code == 1 and "BSC-2026-0001 est clos par une décision (refusé) : aucune pièce ne peut plus en être " \
                         "retirée" in out
    case = local.case("BSC-2026-0001")
    assert case["pieces"] == before["pieces"] and Path(case["piece_files"][-1]["path"]).is_file()


def test_the_completion_notice_waiting_to_go_is_withdrawn_when_the_file_that_completed_the_case_is_removed(local,
                                                                                                         tmp_path):
    """Staff add the letter, which completes the case: its completion notice waits for the sender. They see it was
    another applicant's and take it off before it went: the notice is cancelled (it said the file was complete), the
    command and the history say so. The right letter, added later, earns the notice again."""
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    assert local.cli("poll")[0] == 0
    sent = len(local.sent())  # the acknowledgement
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(samples.pdf(samples.LETTER.format(who="Autre")))
    with sender_busy(local):
        code, out = local.cli("case", "BSC-2026-0001", "add", str(letter), "--by", "Nadia")
        assert code == 0 and "statut du dossier : complet" in out, out
        (waiting,) = [m for m in local.case("BSC-2026-0001")["mails"] if m["kind"] == "completion"]
        assert waiting["status"] == "pending" and waiting["attempts"] == 0
        code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--remove", "--by", "Nadia")
    assert code == 0, out
    assert "statut du dossier : incomplet (manque : courrier" in out
    assert "\nL'avis de dossier complet, qui n'était pas encore parti, est annulé : aucun courriel" in out
    assert out.count("manque : courrier") == 1, out  # the status is said once
    assert "lui avait été adressé" not in out
    assert local.cli("poll")[0] == 0  # the sender's next pass
    assert len(local.sent()) == sent
    case = local.case("BSC-2026-0001")
    (cancelled,) = [m for m in case["mails"] if m["kind"] == "completion"]
    assert cancelled["status"] == "cancelled" and cancelled["last_error"].startswith(
        "annulé avant son envoi : le dossier n'est plus complet")
    (line,) = [e for e in case["events"] if e["kind"] == "mail-cancelled"]
    assert line["actor"] == "Nadia" and line["detail"].startswith(
        "avis de dossier complet annulé avant son envoi : le dossier n'est plus complet (manque : courrier")

    right = tmp_path / "lettre signée.pdf"
    right.write_bytes(samples.pdf(samples.LETTER.format(who="Asso")))
    assert local.cli("case", "BSC-2026-0001", "add", str(right))[0] == 0
    (notice,) = [m for m in local.sent()[sent:]]
    assert "complet" in notice["Subject"].lower() and notice["To"] == "asso@x.example"


@pytest.mark.both_databases
def test_a_completion_notice_waiting_for_a_new_try_is_withdrawn_when_the_file_that_completed_the_case_is_removed(
        local, tmp_path):
    """The relay was down when staff added the letter: the completion notice was tried and waits for a new try.
    Staff take the letter off: it was said « addressed » and went at its next try, telling the applicant the
    incomplete file was complete. It is cancelled at once, the command and the case's mails say so."""
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    assert local.cli("poll")[0] == 0
    sent = len(local.sent())  # the acknowledgement
    outbox_dir = local.root / "outbox"
    outbox_dir.rename(local.root / "outbox.ok")
    outbox_dir.write_bytes(b"")  # the relay is down: nothing can be written there
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(samples.pdf(samples.LETTER.format(who="Autre")))
    code, out = local.cli("case", "BSC-2026-0001", "add", str(letter), "--by", "Nadia")
    assert code == 0 and "statut du dossier : complet" in out, out
    (waiting,) = [m for m in local.case("BSC-2026-0001")["mails"] if m["kind"] == "completion"]
    assert waiting["status"] == "pending" and waiting["attempts"] == 1, waiting
    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--remove", "--by", "Nadia")
    assert code == 0, out
    assert "\nL'avis de dossier complet, qui attendait un nouvel essai d'envoi (un premier essai avait échoué), est " \
           "annulé ; écrivez au demandeur si besoin." in out, out
    assert "lui avait été adressé" not in out
    (cancelled,) = [m for m in local.case("BSC-2026-0001")["mails"] if m["kind"] == "completion"]
    assert cancelled["status"] == "cancelled" and cancelled["last_error"].startswith(
        "annulé avant un nouvel essai d'envoi : le dossier n'est plus complet (manque : courrier"), cancelled
    outbox_dir.unlink()
    (local.root / "outbox.ok").rename(outbox_dir)  # the relay is back; the notice's turn would have come
    send_due(local.app(datetime.now(timezone.utc) + timedelta(hours=1)))
    assert len(local.sent()) == sent


def test_a_completion_notice_already_sent_is_not_said_withdrawn(local, tmp_path):
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    assert local.cli("poll")[0] == 0
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(samples.pdf(samples.LETTER.format(who="Autre")))
    assert local.cli("case", "BSC-2026-0001", "add", str(letter))[0] == 0  # the notice goes at once
    code, out = local.cli("case", "BSC-2026-0001", "piece", "lettre.pdf", "--remove")
    assert code == 0 and "(l'avis de dossier complet lui avait été adressé) ; écrivez-lui si besoin" in out, out
    assert "annulé" not in out
    case = local.case("BSC-2026-0001")
    assert [m["status"] for m in case["mails"] if m["kind"] == "completion"] == ["sent"]
    assert not [e for e in case["events"] if e["kind"] == "mail-cancelled"]


@pytest.mark.both_databases
def test_a_file_staff_added_that_the_applicant_then_mails_is_theirs_and_cannot_be_removed(local, tmp_path):
    """The applicant posted the signed letter, staff added it; the applicant mails it too (the same file): it is the
    applicant's evidence from then on, and « Retirer » refuses it, as for any file a mail brought."""
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    assert local.cli("poll")[0] == 0
    letter = samples.pdf(samples.LETTER.format(who="Asso"))
    (tmp_path / "scan lettre.pdf").write_bytes(letter)
    assert local.cli("case", "BSC-2026-0001", "add", str(tmp_path / "scan lettre.pdf"), "--received", "20/11/2026",
                     "--by", "Nadia")[0] == 0
    local.drop("nb", "2.eml", samples.email(sender="Asso <asso@x.example>", to=[NB],
                                            subject="BSC-2026-0001 : le courrier signé",
                                            attachments=[("lettre signée.pdf", letter, "application/pdf")]))
    assert local.cli("poll")[0] == 0
    case = local.case("BSC-2026-0001")
    assert [e["detail"] for e in case["events"] if e["kind"] == "piece-again"] == [
        "lettre signée.pdf (le même fichier que « scan lettre.pdf ») : ajouté à la main par le service, puis envoyé "
        "aussi par le demandeur : c'est désormais sa pièce, elle ne peut plus être retirée du dossier"]
    code, out = local.cli("case", "BSC-2026-0001", "piece", "scan lettre.pdf", "--remove")
    assert code == 1 and "« scan lettre.pdf » a été ajouté à la main, puis le demandeur l'a envoyé aussi par " \
                         "courriel : c'est désormais sa pièce, elle ne peut plus être retirée du dossier ;" in out, out
    assert local.case("BSC-2026-0001")["pieces"] == case["pieces"] == ["courrier", "dossier", "visuels"]
