"""What staff read and do, on a real SQLite database through the command line (the fix wave's staff rows):
file names that take the extension of what a file is (S3), a case that is not an application discarded
through the purge's path (U6b), the date of receipt corrected (U7), the dossier's fields edited and the theme
read from the sub-theme (U10), quarantined messages named by their headers, filed anyway, saved as .eml
(U11), a question on a case flagged (U12b), French for staff (U13), decision guards (U14), a paper
application without an email address (U18)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from intake.commands import samples
from intake.commands.show import find_case
from intake.store import cases as cases_store
from intake.store.database import session
from intake.store.tables import CaseEvent, CaseStat, Inbound, Piece, PurgeLog

NB = "n.bataillon@ville-bethune.fr"


def polled(local):
    code, out = local.cli("poll")
    assert code == 0, out
    return out


# ------------------------------------------------------------------------------------------------- S3
def test_a_file_keeps_the_extension_of_what_it_is_and_staff_are_told_of_a_mismatch(local):
    letter = samples.pdf(samples.LETTER.format(who="Association Polyglotte"))
    polyglot = letter.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<HTA:APPLICATION><script>x</script>\n", 1)
    local.drop("nb", "1.eml", samples.email(
        sender="asso@polyglotte.example", to=[NB], subject="candidature label",
        attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                     ("courrier maire.hta", polyglot, "application/hta"),
                     ("photo.jpg", samples.jpeg(), "image/jpeg")]))
    polled(local)
    case = local.case("BSC-2026-0001")
    names = sorted(p["filename"] for p in case["piece_files"])
    assert names == ["courrier maire.hta.pdf", "dossier.pdf", "photo.jpg"]
    assert "extension trompeuse" in case["attention"] and "courrier maire.hta" in case["attention"]
    code, out = local.cli("case", "BSC-2026-0001")
    assert "courrier maire.hta.pdf" in out and "À voir    : extension trompeuse" in out


# ------------------------------------------------------------------------------------------------ U6b
@pytest.mark.sqlite_only  # reads the SQLite file's bytes
def test_a_case_that_is_not_an_application_is_discarded_through_the_purge_path(local):
    local.drop("nb", "1.eml", local.application(sender="asso@x.example"))
    polled(local)
    local.drop("nb", "2.eml", local.application(sender="troll@spam.example", pieces=("scan",),
                                                subject="Re: [BSC-2026-0001] retrait"))
    polled(local)
    stranger = local.cases()[1]
    assert stranger["reference"] == "BSC-2026-0002" and stranger["status"] == "review"
    code, out = local.cli("case", "BSC-2026-0002", "discard")
    assert code == 2 and "--reason" in out
    code, out = local.cli("case", "BSC-2026-0002", "discard", "--reason", "message d'un tiers (troll@spam.example)",
                          "--by", "Nadia")
    assert code == 0, out
    assert "BSC-2026-0002 classé sans suite" in out
    assert [c["reference"] for c in local.cases()] == ["BSC-2026-0001"]
    app = local.app()
    with session(app.engine) as s:
        (stat,) = s.exec(select(CaseStat)).all()
        log = s.exec(select(PurgeLog).where(PurgeLog.rule == "pas_une_candidature")).one()
        (second,) = [r for r in s.exec(select(Inbound)).all() if r.identity.startswith("trace:")]
        left = s.exec(select(Piece)).all()
    assert stat.reference == "BSC-2026-0002" and stat.rule == "pas_une_candidature"
    assert log.actor == "Nadia" and "message d'un tiers" in log.what and log.reference == "BSC-2026-0002"
    assert second.uid == 2 and second.case_id is None and second.from_addr == ""  # a trace: never filed again
    assert all(p.case_id == 1 for p in left)
    assert "troll@spam.example" not in (local.root / "data" / "intake.db").read_bytes().decode("latin-1")
    code, out = local.cli("stats", "--json")
    year = json.loads(out)[0]
    assert year["cases"] == 1 and year["discarded"] == 1  # not an application: counted apart
    # it said « 1 dossier classé sans suite, pas des candidatures »
    assert "1 dossier classé sans suite, pas une candidature" in local.cli("stats")[1]
    polled(local)  # read again: the discarded message is not filed again
    assert [c["reference"] for c in local.cases()] == ["BSC-2026-0001"]
    local.cli("case", "BSC-2026-0001", "status", "withdrawn")
    code, out = local.cli("case", "BSC-2026-0001", "discard", "--reason", "x")
    assert code == 1 and "porte une décision" in out


# ------------------------------------------------------------------------------------------------- U7
def test_staff_correct_the_date_of_receipt_and_what_counts_from_it_follows(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    polled(local)
    out = local.cli("digest", "--preview", "--html", str(local.root / "d.html"))[1]
    assert "reçu aujourd'hui" in out and "il y a 0 jour" not in out  # a case of the day, in words
    before = datetime.fromisoformat(local.case("BSC-2026-0001")["received_at"])
    day = before - timedelta(days=5)
    code, out = local.cli("case", "BSC-2026-0001", "received", f"{day:%d/%m/%Y} 09:30", "--note",
                          "transfert du service", "--by", "Marc")
    assert code == 0, out
    assert "date de réception corrigée par Marc" in out and "à 9 h 30" in out and "09 h" not in out
    after = local.case("BSC-2026-0001")
    assert after["received_at"].startswith(f"{day:%Y-%m-%d}T09:30")
    event = [e for e in after["events"] if e["kind"] == "received-date"][0]
    assert event["actor"] == "Marc" and "transfert du service" in event["detail"]
    assert local.cli("case", "BSC-2026-0001", "received", f"{day:%Y-%m-%d}")[0] == 0  # the start of that day
    code, out = local.cli("digest", "--preview", "--html", str(local.root / "d.html"))
    assert "reçu il y a 5 jours" in out  # the digest counts from the corrected date
    future = (datetime.now() + timedelta(days=3)).strftime("%d/%m/%Y")
    code, out = local.cli("case", "BSC-2026-0001", "received", future)
    assert code == 2 and "dans le futur" in out
    code, out = local.cli("case", "BSC-2026-0001", "received", "la semaine dernière")
    assert code == 2 and "écrivez-la 26/11/2026, « 26 novembre » ou « hier »" in out


# ------------------------------------------------------------------------------------------------ U10
def dossier_with(words: str) -> bytes:
    return samples.docx("DOSSIER D'INTENTION - Label Béthune Smart City\nTitre du projet : Vélo Béthunois\n"
                        f"Structure porteuse : Vélo Béthunois\nSous-thème : {words}\n"
                        "Critères : démarche durable")


def test_the_theme_is_read_from_the_sub_theme_and_staff_edit_fields_that_stay(local):
    local.drop("nb", "1.eml", samples.email(
        sender="velo@asso.example", to=[NB], subject="Candidature",
        attachments=[("dossier.docx", dossier_with("intermodalité vélo-train"),
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                     ("courrier maire.pdf", samples.pdf("lettre"), "application/pdf")]))
    polled(local)
    fields = local.case("BSC-2026-0001")["fields"]
    assert fields["sous_theme"] == "Mobilité – Transports : Intermodalité"
    assert fields["theme"] == "Mobilité – Transports"  # read from its sub-theme
    code, out = local.cli("case", "BSC-2026-0001", "field", "organisation", "Association Vélo Béthunois",
                          "--by", "Nadia")
    assert code == 0 and "« Vélo Béthunois » -> « Association Vélo Béthunois »" in out, out
    code, out = local.cli("case", "BSC-2026-0001", "field", "criteres", "durable; innovante")
    assert code == 0, out
    code, out = local.cli("case", "BSC-2026-0001", "field", "theme", "Sport")
    assert code == 2 and "Mobilité – Transports" in out  # the choices are listed
    code, out = local.cli("case", "BSC-2026-0001", "field", "couleur", "bleu")
    assert code == 2 and "sous_theme" in out
    # a correction that makes the dossier be read again keeps what staff set
    assert local.cli("case", "BSC-2026-0001", "piece", "dossier.docx", "--kind", "dossier")[0] == 0
    case = local.case("BSC-2026-0001")
    assert case["fields"]["organisation"] == "Association Vélo Béthunois"
    assert case["fields"]["criteres"] == "durable, innovante"
    assert case["staff_fields"] == ["criteres", "organisation"]
    edits = [e for e in case["events"] if e["kind"] == "field"]
    assert len(edits) == 2 and edits[0]["actor"] == "Nadia"
    code, out = local.cli("case", "BSC-2026-0001")
    assert "Association Vélo Béthunois (corrigé par le service)" in out and "champ corrigé : structure" in out
    assert local.cli("case", "BSC-2026-0001", "field", "titre", "Vélo-école")[0] == 0
    assert local.case("BSC-2026-0001")["title"] == "Vélo-école"  # the title names the case



def one_printed_line(out: str) -> bool:
    return len(out.strip().splitlines()) == 1


def test_what_staff_type_cannot_print_a_line_of_its_own(local):
    """A value, a name after --by, a note, or a value from before fields were kept to one line: each is kept and
    shown on one line, as values read from mail are (core/fields.py `one_line`)."""
    spoof = "\nStatut : labelled\r\nÀ voir : rien"
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    polled(local)
    app = local.app()
    with session(app.engine) as s:  # a title stored before fields were kept to one line
        case = find_case(s, "BSC-2026-0001")
        case.title, case.fields = f"Vieux titre{spoof}", {**case.fields, "titre": f"Vieux titre{spoof}"}
        cases_store.save(s, case)
        s.commit()
    code, out = local.cli("case", "BSC-2026-0001", "field", "titre", f"Jardin{spoof}", "--by", f"Nadia{spoof}")
    assert code == 0 and one_printed_line(out), out
    assert "« Vieux titre Statut : labelled À voir : rien » -> « Jardin Statut : labelled À voir : rien »" in out
    code, out = local.cli("case", "BSC-2026-0001", "field", "theme", f"Sport{spoof}")
    assert code == 2 and one_printed_line(out) and "« Sport Statut : labelled À voir : rien »" in out, out
    code, out = local.cli("case", "BSC-2026-0001", "received", "20/11/2026", "--note", f"transfert{spoof}")
    assert code == 0 and one_printed_line(out), out
    case = local.case("BSC-2026-0001")
    assert case["title"] == case["fields"]["titre"] == "Jardin Statut : labelled À voir : rien"
    edits = [e for e in case["events"] if e["kind"] in ("field", "received-date")]
    assert len(edits) == 2 and all("\n" not in e["detail"] + e["actor"] for e in edits)
    assert edits[0]["actor"] == "Nadia Statut : labelled À voir : rien"


# ------------------------------------------------------------------------------------------------ U11
def over_the_limit(local):
    local.config.write_text(local.config.read_text() + "\n[limits]\nmax_attachments = 3\n", encoding="utf-8")
    raw = samples.email(sender="Club Photo <club.photo@wanadoo.example>", to=[NB],
                        subject="Candidature label : toutes nos photos",
                        attachments=[("dossier.pdf", samples.pdf(), "application/pdf"),
                                     ("courrier maire.pdf", samples.pdf("lettre"), "application/pdf")]
                        + [(f"photo{i}.jpg", samples.jpeg(seed=i), "image/jpeg") for i in range(4)])
    local.drop("nb", "1.eml", raw)
    polled(local)
    return raw


def test_a_message_over_a_limit_is_named_by_its_headers_filed_anyway_and_saved_as_eml(local):
    raw = over_the_limit(local)
    code, out = local.cli("quarantine", "list")
    assert code == 0 and "club.photo@wanadoo.example : Candidature label : toutes nos photos" in out
    assert "au-delà des limites" in out and "file-anyway 1" in out
    code, out = local.cli("quarantine", "show", "1")
    assert "De : club.photo@wanadoo.example ; objet : Candidature label : toutes nos photos" in out
    code, out = local.cli("digest", "--preview", "--html", str(local.root / "d.html"))
    assert "message mis en quarantaine" in out and "illisible" not in out
    assert "club.photo@wanadoo.example : Candidature label" in out and "pourquoi : au-delà des limites" in out
    target = local.root / "q.eml"
    code, out = local.cli("quarantine", "eml", "1", "--output", str(target))
    assert code == 0 and target.read_bytes() == raw
    assert local.cli("quarantine", "eml", "1", "--output", str(target))[0] == 1  # never overwritten
    code, out = local.cli("quarantine", "file-anyway", "1", "--by", "Nadia")
    assert code == 0 and "classé -> BSC-2026-0001" in out, out
    case = local.case("BSC-2026-0001")
    assert case["status"] == "complete" and len(case["piece_files"]) == 6
    assert any(e["kind"] == "filed-anyway" and e["actor"] == "Nadia" for e in case["events"])
    with session(local.app().engine) as s:
        (row,) = s.exec(select(Inbound)).all()
    assert row.fate == "filed" and "limites levées pour ce message par Nadia" in row.reason
    assert [m["To"] for m in local.sent()][-1] == "club.photo@wanadoo.example"  # acknowledged as any application


def test_only_a_message_set_aside_for_a_limit_can_be_filed_anyway(local):
    local.drop("nb", "1.eml", b"  \r\n")
    polled(local)
    code, out = local.cli("quarantine", "file-anyway", "1")
    assert code == 1 and "pas été mis de côté pour une limite" in out


# ----------------------------------------------------------------------------------------------- U12b
def test_an_applicants_question_without_files_is_flagged_and_in_the_digest(local):
    local.drop("nb", "1.eml", local.application(sender="jm@asso.example"))
    polled(local)
    local.drop("nb", "2.eml", samples.email(sender="jm@asso.example", to=[NB],
                                            subject="RE: [BSC-2026-0001] Quand le jury se réunit-il ?",
                                            body="Bonjour, quand le jury se réunit-il ?"))
    polled(local)
    case = local.case("BSC-2026-0001")
    assert case["messages"] == 2
    assert "sans fichier" in case["attention"] and "Quand le jury se réunit-il ?" in case["attention"]
    code, out = local.cli("digest", "--preview", "--html", str(local.root / "d.html"))
    assert "BSC-2026-0001" in out.split("À TRAITER")[1] and "Quand le jury se réunit-il" in out
    code, out = local.cli("case", "BSC-2026-0001", "seen", "--note", "répondu par téléphone", "--by", "Marc")
    assert code == 0 and "réglé par Marc" in out
    assert local.case("BSC-2026-0001")["attention"] == ""
    code, out = local.cli("case", "BSC-2026-0001", "seen")
    assert code == 1 and "rien n'est « À voir »" in out


def test_an_applicants_bare_thanks_is_filed_on_the_case_without_asking_staff_to_answer(local):
    """Staff were told to read and answer « Bien reçu, merci » as a question: it joins the case, its history line
    says there is nothing to answer, and « À voir » stays empty (core/thanks.py)."""
    local.drop("nb", "1.eml", local.application(sender="jm@asso.example"))
    polled(local)
    local.drop("nb", "2.eml", samples.email(
        sender="Jeanne Martin <jm@asso.example>", to=[NB], subject="RE: [BSC-2026-0001] Accusé de réception",
        body=f"Bien reçu, merci !\n\nCordialement,\nJeanne Martin\n\nLe lun. 30 nov. 2026 à 10:12, Mission Smart City "
             f"<{NB}> a écrit :\n> Pouvez-vous nous envoyer le courrier au Maire ?\n"))
    polled(local)
    case = local.case("BSC-2026-0001")
    assert case["messages"] == 2 and case["attention"] == "", case["attention"]
    assert any("remerciement du demandeur, sans fichier : rien à répondre" in e["detail"] for e in case["events"])


# ------------------------------------------------------------------------------------------------ U14
def test_decisions_are_guarded_and_attention_is_never_cleared_silently(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels")))
    polled(local)
    local.drop("nb", "2.eml", samples.email(sender="asso@x.example", to=[NB], subject="RE: [BSC-2026-0001] question",
                                            body="Une question"))
    polled(local)
    code, out = local.cli("case", "BSC-2026-0001", "status", "admissible")
    assert code == 1 and "il manque encore au dossier" in out and "--despite-missing" in out
    assert local.cases()[0]["status"] == "incomplete"
    code, out = local.cli("case", "BSC-2026-0001", "status", "declined")
    assert code == 2 and "motif" in out
    code, out = local.cli("case", "BSC-2026-0001", "status", "inadmissible", "--note", "  ")
    assert code == 2 and "motif" in out
    code, out = local.cli("case", "BSC-2026-0001", "status", "review", "--notify")
    assert code == 2 and "--notify" in out and "vérification" in out  # no mail for a review: a usage error
    code, out = local.cli("case", "BSC-2026-0001", "status", "refusé")
    assert code == 2 and "motif" in out  # the French word too
    code, out = local.cli("case", "BSC-2026-0001", "status", "admissible", "--despite-missing", "--note", "comité")
    assert code == 0 and "recevable" in out and "À voir (toujours affiché" in out, out
    case = local.case("BSC-2026-0001")
    assert case["status"] == "admissible" and "sans fichier" in case["attention"]  # kept
    decided = [e for e in case["events"] if e["kind"] == "decision"][-1]
    assert "malgré les pièces manquantes" in decided["detail"]
    code, out = local.cli("case", "BSC-2026-0001", "status", "labelled", "--despite-missing", "--clear-attention")
    assert code == 0, out
    case = local.case("BSC-2026-0001")
    assert case["attention"] == "" and any(e["kind"] == "seen" for e in case["events"])
    code, out = local.cli("case", "BSC-2026-0001", "status", "maybe")
    assert code == 2 and "admissible (recevable" in out
    code, out = local.cli("case", "BSC-2026-0001", "status", "recevable", "--despite-missing")  # as the help says
    assert code == 0 and local.case("BSC-2026-0001")["status"] == "admissible", out


# ------------------------------------------------------------------------------------------------ U13
def test_staff_read_french_words_and_scripts_keep_the_contract_values(local):
    local.drop("nb", "1.eml", local.application(pieces=("dossier",)))
    polled(local)
    code, out = local.cli("cases")
    assert "incomplet " in out and "incomplete" not in out
    assert local.cases()[0]["status"] == "incomplete"  # --json: the contract's word
    assert local.cli("cases", "--status", "incomplet", "--json")[1] == local.cli("cases", "--status", "incomplete",
                                                                                 "--json")[1]
    assert local.cli("cases", "--status", "Incomplete", "--json")[1] == local.cli("cases", "--status", "incomplete",
                                                                                  "--json")[1]  # as typed
    code, out = local.cli("case", "BSC-2026-0001")
    history = out.split("Historique :")[1]
    assert "statut : incomplet : manque" in history and "courriel prêt : accusé de réception" in history
    assert " filed" not in out and "acknowledgement" not in out and "incomplete" not in out
    code, out = local.cli("case", "BSC-2026-0009")
    assert code == 1 and "aucun dossier BSC-2026-0009" in out
    code, out = local.cli("person", "pas-une-adresse", "--export")
    assert code == 2 and "n'est pas une adresse électronique" in out  # a usage error


# ------------------------------------------------------------------------------------------------ U18
def test_a_paper_application_without_an_email_address(local, tmp_path):
    scan = tmp_path / "dossier.pdf"
    scan.write_bytes(samples.pdf())
    code, out = local.cli("case", "new", str(scan))
    assert code == 2 and "--name" in out
    code, out = local.cli("case", "new", "--name", "Mme Jeanne Roussel", "--received",
                          f"{datetime.now() - timedelta(days=3):%d/%m/%Y}", str(scan), "--by", "Nadia")
    assert code == 0 and "Pas d'adresse électronique" in out, out
    (case,) = local.cases()
    assert case["applicant"] == "" and case["status"] == "incomplete"
    code, out = local.cli("case", case["reference"])
    assert "Mme Jeanne Roussel (pas d'adresse électronique" in out
    assert "\nProjet    : (sans titre)\n" in out  # no title given, none read: said, not a blank
    code, out = local.cli("case", case["reference"], "status", "withdrawn", "--notify")
    assert code == 1 and "pas d'adresse électronique" in out
    assert local.cli("case", case["reference"], "status", "withdrawn")[0] == 0
    assert local.cli("followups")[0] == 0 and local.sent() == []  # no mail, ever
    with session(local.app().engine) as s:
        events = s.exec(select(CaseEvent).where(CaseEvent.kind == "no-mail")).all()
    assert "sans adresse électronique" in events[0].detail


def test_an_applicant_address_staff_confirmed_is_answered_and_heard_though_it_looks_like_a_copier_s(local):
    """An attacker's review: the address patterns guess (a copier named after its model: mpc2004@ is Ricoh's MP C2004,
    and a person's initials with the year they were born look the same). Once staff had confirmed such an address as
    the applicant's, it was still a robot's: the applicant's reply naming the case, with the missing letter, was
    ignored (« réponse automatique »), and no mail could ever go to them. The address staff confirmed is a person's
    for the case the mail names; not for a case it does not name (a copier's next scan is someone else's)."""
    local.drop("nb", "1.eml", local.application(sender="M. P. Caron <mpc2004@asso.example>", pieces=("dossier",)))
    polled(local)
    (case,) = local.cases()
    assert case["status"] == "review" and local.sent() == []
    code, out = local.cli("case", case["reference"], "address", "mpc2004@asso.example", "--main")
    assert code == 0, out
    reply = samples.email(sender="M. P. Caron <mpc2004@asso.example>", to=[NB],
                          subject=f"RE: [{case['reference']}] Accusé de réception",
                          attachments=[("courrier maire.pdf", samples.pdf("Monsieur le Maire\nlettre"),
                                        "application/pdf")])
    local.drop("nb", "2.eml", reply)
    polled(local)
    (case,) = local.cases()
    assert case["pieces"] == ["courrier", "dossier"], case
    sent = local.sent()
    assert sent and all(m["To"].addresses[0].addr_spec == "mpc2004@asso.example" for m in sent)
    # a scan from the same address that names no case is still a copier's: a case of its own, nobody written to
    local.drop("nb", "3.eml", local.application(sender="Scan <mpc2004@asso.example>", pieces=("dossier",),
                                                subject="Autre projet"))
    polled(local)
    assert len(local.cases()) == 2 and len(local.sent()) == len(sent)


@pytest.mark.parametrize(("automatic", "said"), [({"Return-Path": "<>"}, "RE: "), ({}, "Réponse automatique : RE: ")],
                         ids=["empty-return-path", "subject"])
def test_an_automatic_reply_from_an_address_staff_confirmed_is_still_an_automatic_reply(local, automatic, said):
    """Attacker's review (attack8): an address staff confirmed for its case counted as a person's for any mail naming
    the case, by skipping every check origin_of makes after the robot-address one: an out-of-office answer that
    says so only by its empty Return-Path or its subject (« Réponse automatique : RE: [BSC-…] », what the spec's
    autoresponders ignoring RFC 3834 send), its signature's brochure attached, was read as the applicant's reply:
    its file joined the case and a receipt went back to the autoresponder, which answers it again (a loop only the
    daily limits stop). Only the address's look is vouched for; the mail's other signs of a robot still count."""
    local.drop("nb", "1.eml", local.application(sender="M. P. Caron <mpc2004@asso.example>", pieces=("dossier",)))
    polled(local)
    (case,) = local.cases()
    code, out = local.cli("case", case["reference"], "address", "mpc2004@asso.example", "--main")
    assert code == 0, out
    before = len(local.sent())
    auto = samples.email(sender="M. P. Caron <mpc2004@asso.example>", to=[NB],
                         subject=f"{said}[{case['reference']}] Accusé de réception",
                         body="Je suis absent jusqu'au 15 décembre.", headers=automatic,
                         attachments=[("plaquette.jpg", samples.jpeg(), "image/jpeg")])
    local.drop("nb", "2.eml", auto)
    polled(local)
    (case,) = local.cases()
    assert (case["pieces"], len(local.sent())) == (["dossier"], before), [m["Subject"] for m in local.sent()]
