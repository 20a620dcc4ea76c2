"""One file that holds two pieces (the dossier d'intention and the signed letter to the mayor scanned into one PDF):
it counts as the dossier, and the letter it appears to hold is neither present (staff have not verified it) nor
asked of the applicant (core/completeness.py `included`): the applicant was told the letter was missing, and the
reminders kept asking for it. Staff confirm it (it counts) or deny it (it is asked for and reminded again)."""

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.commands import samples
from intake.core.casework import CaseState, PieceState, Reread, also_holds, missing_for_staff, reclassify, reminder
from intake.core.classify import PIECE, UNRESOLVED, classify_attachment, flagged_files
from intake.core.completeness import CONFIRMED, DENIED, TO_VERIFY, assess
from intake.core.content import Extracted
from intake.core.context import Budget, Context
from intake.core.decide import decide
from intake.core.effects import Event, QueueMail, SetAttention, SetFields, SetPieceAlso, SetPieceKind, SetStatus
from intake.core.message import Attachment
from intake.core.parse import parse_message
from intake.core.replies import ACKNOWLEDGEMENT, COMPLETION
from intake.core.rules import parse_rules
from intake.core.statuses import COMPLETE, FILED, INCOMPLETE, REVIEW
from intake.errors import UsageError

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
PARIS = ZoneInfo("Europe/Paris")
NB = "n.bataillon@ville-bethune.fr"
DOSSIER_TEXT = ("DOSSIER D'INTENTION - Label Béthune Smart City. Titre du projet : Jardins partagés. "
                "Catégorie 1 : action réalisée. Thématique : environnement. Description du projet : capteurs. "
                "Partenaires : centre social. Budget : 4 000 euros. Montant sollicité : aucun.")
LETTER_TEXT = ("Monsieur le Maire, j'ai l'honneur de solliciter le label Béthune Smart City pour notre projet "
               "innovant, durable et collaboratif, dont vous trouverez le dossier de candidature ci-joint. "
               "Je vous prie d'agréer, Monsieur le Maire, mes salutations distinguées.")
BOTH = Extracted(read=True, text=f"{DOSSIER_TEXT}\n{LETTER_TEXT}", pages=3)
RECEIVED = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def combined_verdict():
    att = Attachment(filename="Candidature.pdf", content=samples.pdf(), declared_type="application/pdf", inline=False)
    return classify_attachment(att, RULES, BOTH)


def test_the_file_says_which_other_required_piece_it_appears_to_hold():
    v = combined_verdict()
    assert (v.outcome, v.kind, v.flag, v.also) == (PIECE, "dossier", "several-pieces", ("courrier",)), v.evidence


def test_staff_read_the_other_piece_by_its_name_and_the_command_keeps_its_key():
    said = flagged_files([combined_verdict()], RULES.label)
    assert "Candidature.pdf (contient aussi : courrier officiel adressé au Maire ? pas demandé au demandeur" in said
    assert "--also courrier ou --not-also courrier" in said and "dans les pièces du dossier" in said
    assert "--not-also courrier)" in said  # one piece: one command


def test_a_scan_holding_two_pieces_gives_the_command_for_each():
    from dataclasses import replace
    both = replace(combined_verdict(), kind=None, also=("dossier", "courrier"))
    said = flagged_files([both], RULES.label)
    assert "(contient : dossier d'intention, courrier officiel adressé au Maire ? pas demandé" in said
    assert "--also dossier ou --not-also dossier, puis de même pour courrier)" in said


def test_a_piece_a_file_appears_to_hold_is_not_asked_for_and_the_case_is_left_to_staff():
    a = assess({"dossier", "visuels"}, RULES.required, 0, {"courrier"})
    assert (a.status, a.missing, a.included, a.asked) == (REVIEW, ("courrier",), ("courrier",), ())
    assert "semble se trouver dans un fichier reçu" in a.reason
    # with another piece truly missing, the case stays incomplete and only that piece is asked for
    b = assess({"dossier"}, RULES.required, 0, {"courrier"})
    assert (b.status, b.asked, b.included) == (INCOMPLETE, ("visuels",), ("courrier",))
    assert b.reason.startswith("manque : visuels ;")
    # the letter sent on its own as well: complete, whatever the combined file seemed to hold
    assert assess({"dossier", "courrier", "visuels"}, RULES.required, 0, {"courrier"}).status == COMPLETE


def application(*files):
    return samples.email(sender="Asso <asso@x.example>", to=[NB], subject="Candidature au label",
                         attachments=list(files))


def test_an_application_in_one_scan_is_acknowledged_in_review_without_asking_for_the_letter():
    msg = parse_message(application(("Candidature.pdf", samples.pdf(), "application/pdf"),
                                    ("photo.jpg", samples.jpeg(), "image/jpeg")))
    contents = {a.sha256: BOTH if a.filename.endswith(".pdf") else Extracted(read=True) for a in msg.attachments}
    verdicts = [classify_attachment(a, RULES, contents[a.sha256]) for a in msg.attachments]
    d = decide(msg, verdicts, RULES, Context(watched=frozenset({NB}), mailbox_address=NB, system_id="sys"))
    assert d.assessment.status == REVIEW and d.assessment.asked == () and d.assessment.included == ("courrier",)
    assert d.mail is not None and d.mail.kind == ACKNOWLEDGEMENT


# a page of the form, then the letter, as a copier's OCR reads them: as many words of the one as of the other
EVEN = Extracted(read=True, pages=2, text=(
    "DOSSIER D'INTENTION - Label Béthune Smart City. Nom du projet : vélo-école. Structure porteuse : Les Amis du "
    "Beffroi. Catégorie 1 : initiative réalisée. Thématique : Mobilité. Description du projet : ateliers. "
    "Partenaires : centre social. Calendrier : 2025-2026.\n"
    "Monsieur le Maire, objet : demande du label. J'ai l'honneur de solliciter le label. Je vous prie d'agréer, "
    "Monsieur le Maire, mes salutations distinguées."))


def test_a_scan_that_reads_as_much_the_dossier_as_the_letter_seems_to_hold_both():
    """Neither can be chosen (within the rules' margin): the file is no piece of its own, it seems to hold both, for
    staff to verify, neither asked of the applicant; the mail it came in is an application whatever its subject
    (« TR: Attached Image »: the copier's mail she forwarded), where it was ignored, nobody told."""
    att = Attachment(filename="20261130143512.pdf", content=samples.pdf(), declared_type="application/pdf",
                     inline=False)
    v = classify_attachment(att, RULES, EVEN)
    assert (v.outcome, v.kind, v.flag, v.also) == (UNRESOLVED, None, "several-pieces", ("dossier", "courrier")), v
    assert "20261130143512.pdf (contient : dossier d'intention, courrier officiel adressé au Maire ?" in \
        flagged_files([v], RULES.label)
    raw = samples.email(sender="Hélène Caron <helene@asso.example>", to=[NB], subject="TR: Attached Image",
                        body="Voici le scan.", attachments=[("20261130143512.pdf", samples.pdf(), "application/pdf")])
    msg = parse_message(raw)
    d = decide(msg, [classify_attachment(msg.attachments[0], RULES, EVEN)], RULES,
               Context(watched=frozenset({NB}), mailbox_address=NB, system_id="sys"))
    assert d.fate == FILED and d.mail is not None and d.mail.kind == ACKNOWLEDGEMENT, d.reason
    assert d.assessment.asked == ("visuels",) and set(d.assessment.included) == {"dossier", "courrier"}
    # sent straight by the copier, from its own address: an application's documents, filed for staff, nobody answered
    copier = parse_message(samples.email(sender="scanner@asso.example", to=[NB], subject="Message from KM_C300i",
                                         body="", attachments=[("SKM_C300i.pdf", samples.pdf(), "application/pdf")]))
    robot = decide(copier, [classify_attachment(copier.attachments[0], RULES, EVEN)], RULES,
                   Context(watched=frozenset({NB}), mailbox_address=NB, system_id="sys"))
    assert robot.fate == FILED and robot.mail is None and "expéditeur automatique" in robot.reason, robot.reason
    # its name alone (nothing read in it) says nothing of what it holds: to verify, as before, and no application
    named = classify_attachment(Attachment(filename="dossier et lettre.pdf", content=samples.pdf(),
                                           declared_type="application/pdf", inline=False), RULES, Extracted(pages=1))
    assert named.outcome == UNRESOLVED and named.also == () and not named.by_text


def case(also: dict, status=REVIEW, **kw) -> CaseState:
    pieces = (PieceState(1, "Candidature.pdf", "dossier", False, "a" * 64, also=also),
              PieceState(2, "photo.jpg", "visuels", False, "b" * 64))
    return CaseState(id=1, reference="BSC-2026-0001", status=status, status_reason="", applicant="asso@x.example",
                     reply_from=NB, received_at=RECEIVED, pieces=pieces, **kw)


def test_the_digest_names_the_file_to_verify_and_that_the_applicant_is_not_asked():
    (line,) = missing_for_staff(case({"courrier": TO_VERIFY}), RULES)
    assert line.startswith("courrier officiel adressé au Maire (semble inclus dans « Candidature.pdf »")
    assert missing_for_staff(case({"courrier": DENIED}), RULES) == ("courrier officiel adressé au Maire",)


def test_staff_confirming_the_letter_completes_the_case_and_the_applicant_is_told_once():
    piece, effects = also_holds(case({"courrier": TO_VERIFY}, acknowledged=True), "Candidature.pdf", "courrier",
                                True, "nadia", RULES)
    assert piece.also == {"courrier": CONFIRMED}
    assert SetPieceAlso(1, (("courrier", CONFIRMED),)) in effects
    assert any(isinstance(e, SetStatus) and e.status == COMPLETE for e in effects)
    assert [e.kind for e in effects if isinstance(e, QueueMail)] == [COMPLETION]


def test_staff_denying_it_makes_the_letter_missing_again_and_reminded():
    piece, effects = also_holds(case({"courrier": TO_VERIFY}), "1", "courrier", False, "nadia", RULES)
    assert piece.also == {"courrier": DENIED}
    assert any(isinstance(e, SetStatus) and e.status == INCOMPLETE
               and e.reason == "manque : courrier officiel adressé au Maire" for e in effects)
    denied = case({"courrier": DENIED}, status=INCOMPLETE, last_acknowledged_at=RECEIVED)
    assert denied.assessed(RULES).asked == ("courrier",)
    now = RECEIVED + timedelta(days=10)
    assert reminder(denied, RULES, Budget(), now, PARIS)[0] == "queued"


def test_no_reminder_while_the_letter_appears_to_be_in_the_file():
    waiting = case({"courrier": TO_VERIFY}, status=REVIEW, last_acknowledged_at=RECEIVED)
    assert reminder(waiting, RULES, Budget(), RECEIVED + timedelta(days=10), PARIS) == ("", ())


def test_staff_cannot_say_a_file_holds_its_own_kind_or_an_unknown_one():
    with pytest.raises(UsageError):
        also_holds(case({}), "1", "dossier", True, "nadia", RULES)
    with pytest.raises(UsageError):
        also_holds(case({}), "1", "lettre", True, "nadia", RULES)


def scan_of_both(also: dict) -> CaseState:
    """A copier's scan that reads as much the dossier as the letter: no kind of its own, both to verify."""
    pieces = (PieceState(1, "20261130143512.pdf", None, False, "a" * 64, "indices contradictoires : dossier (8 "
                         "points), courrier (7 points)", "pdf", also=also),
              PieceState(2, "photo.jpg", "visuels", False, "b" * 64))
    return CaseState(id=1, reference="BSC-2026-0001", status=REVIEW, status_reason="", applicant="asso@x.example",
                     reply_from=NB, received_at=RECEIVED, pieces=pieces)


def test_staff_saying_a_scan_of_both_holds_the_dossier_make_it_the_dossier_and_the_letter_stays_to_verify():
    """The console offers « il le contient » for each piece such a scan seems to hold, as « À voir » says to: it was
    refused (« donnez d'abord son type (--kind) »). The first piece staff say it holds is its kind, its fields read;
    the other stays to verify, then confirmed as any other."""
    both = scan_of_both({"dossier": TO_VERIFY, "courrier": TO_VERIFY})
    piece, effects = also_holds(both, "1", "dossier", True, "nadia", RULES)
    assert (piece.kind, piece.manual, piece.also) == ("dossier", True, {"courrier": TO_VERIFY})
    assert SetPieceKind(1, "dossier", True, "corrigé par nadia") in effects and SetFields(refresh=True) in effects
    assert SetPieceAlso(1, (("courrier", TO_VERIFY),)) in effects  # no « il le contient : dossier » on the dossier
    after = CaseState(**{**both.__dict__, "pieces": (piece, both.pieces[1])})
    piece, effects = also_holds(after, "1", "courrier", True, "nadia", RULES)
    assert piece.also == {"courrier": CONFIRMED}
    assert [e.status for e in effects if isinstance(e, SetStatus)] == [COMPLETE]


def test_staff_saying_a_scan_of_both_does_not_hold_one_ask_for_that_one():
    piece, effects = also_holds(scan_of_both({"dossier": TO_VERIFY, "courrier": TO_VERIFY}), "1", "courrier", False,
                                "nadia", RULES)
    assert (piece.kind, piece.also) == (None, {"dossier": TO_VERIFY, "courrier": DENIED})
    (status,) = [e for e in effects if isinstance(e, SetStatus)]
    assert status.status == INCOMPLETE and status.reason.startswith("manque : courrier"), status
    with pytest.raises(UsageError, match="Corriger la nature"):  # a piece it does not seem to hold: its kind first
        also_holds(scan_of_both({"dossier": TO_VERIFY, "courrier": TO_VERIFY}), "1", "visuels", True, "nadia", RULES)


def test_once_staff_said_what_a_scan_of_both_holds_a_voir_no_longer_says_to_verify_it():
    """« À voir » kept « un seul fichier qui semble contenir plusieurs pièces, à vérifier » after staff had answered
    for each piece, while the pieces said what they had answered: it goes, the rest of « À voir » stays."""
    from dataclasses import replace

    v = combined_verdict()
    v = replace(v, kind=None, also=("dossier", "courrier"),
                attachment=replace(v.attachment, filename="20261130143512.pdf"))
    other = "fichiers à télécharger avant que le lien expire (https://we.tl/t-x)"
    said = flagged_files([v], RULES.label)
    assert said.startswith("un seul fichier qui semble contenir plusieurs pièces, à vérifier : 20261130143512.pdf")
    both = CaseState(**{**scan_of_both({"dossier": TO_VERIFY, "courrier": TO_VERIFY}).__dict__,
                        "attention": f"{said} ; {other}"})
    piece, effects = also_holds(both, "1", "dossier", True, "nadia", RULES)
    assert not any(isinstance(e, SetAttention) for e in effects)  # the letter is still to verify
    after = CaseState(**{**both.__dict__, "pieces": (piece, both.pieces[1])})
    piece, effects = also_holds(after, "1", "courrier", False, "nadia", RULES)
    assert [e.text for e in effects if isinstance(e, SetAttention)] == [other]
    assert Event("attention", "« À voir » mis à jour : ne dit plus que 20261130143512.pdf semble contenir plusieurs "
                              "pièces ; le service a dit ce qu'il contient") in effects


def test_only_the_answered_file_leaves_a_voir():
    from intake.core.classify import several_pieces_answered

    said = ("? pas demandé au demandeur ; à vérifier : « il le contient » ou « il ne le contient pas » dans les pièces "
            "du dossier, en ligne de commande intake case REF piece N° --also")
    one = ("un seul fichier qui semble contenir plusieurs pièces, à vérifier : scan.pdf (contient : a (b), c "
           f"{said} a ou --not-also a, puis de même pour b)")
    two = ("un seul fichier qui semble contenir plusieurs pièces, à vérifier : scan.pdf.pdf (contient : x "
           f"{said} x ou --not-also x)")
    assert several_pieces_answered(f"{two} ; {one}", "scan.pdf") == two
    assert several_pieces_answered(f"{one} ; {two}", "scan.pdf") == two
    assert several_pieces_answered(one, "scan.pdf") == ""
    assert several_pieces_answered(one[:-1], "scan.pdf") == one[:-1]  # cut short: it stays


def test_what_staff_said_stands_when_the_rules_are_applied_again():
    v = combined_verdict()
    for said in (CONFIRMED, DENIED):
        effects = reclassify(case({"courrier": said}), {"a" * 64: Reread(v, None)}, {}, RULES)
        assert not any(isinstance(e, SetPieceAlso) for e in effects), effects
    # a file read again under rules that now see the letter in it: to verify, and the case left to staff
    effects = reclassify(case({}, status=INCOMPLETE), {"a" * 64: Reread(v, None)}, {}, RULES)
    assert SetPieceAlso(1, (("courrier", TO_VERIFY),)) in effects
    assert any(isinstance(e, SetStatus) and e.status == REVIEW for e in effects)


def test_a_file_name_with_an_open_parenthesis_takes_no_other_line_of_a_voir_away():
    """attack12: the sender names the files. A second scan called « scan.pdf (copie » made the answer about « scan.pdf »
    count its parenthesis on to the next « ) », the end of a program set aside called « facture.exe) »: the answer
    took that program's line away and left the line it answered."""
    from intake.core.classify import several_pieces_answered

    head = "un seul fichier qui semble contenir plusieurs pièces, à vérifier : "
    tail = (" (contient : dossier, courrier ? pas demandé au demandeur ; à vérifier : « il le contient » ou « il ne "
            "le contient pas » dans les pièces du dossier, en ligne de commande intake case REF piece N° --also "
            "dossier ou --not-also dossier, puis de même pour courrier)")
    crafted, real = f"{head}scan.pdf (copie{tail}", f"{head}scan.pdf{tail}"
    program = "programme écarté : facture.exe)"
    after = several_pieces_answered(f"{crafted} ; {program} ; {real}", "scan.pdf")
    assert program in after
    assert after == f"{crafted} ; {program}"
    # alone, the crafted line kept the real one from ever leaving
    assert several_pieces_answered(f"{crafted} ; {real}", "scan.pdf") == crafted
    # nor does a name holding « ; » make the answer run on across another line to the end of the one answered
    fake = f"programme écarté : x ; {head}scan.pdf (contient : "
    big = "fichier trop volumineux non ouvert : photos.zip"
    assert several_pieces_answered(f"{fake} ; {big} ; {real}", "scan.pdf") == f"{fake} ; {big}"
