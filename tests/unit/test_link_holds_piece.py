"""A required piece shared as a link whose name says what it is (Gmail's chip for a Google Docs document or for a file
over 25 MB on Drive: « Dossier d'intention.pdf »): the link is no piece of its own (no visual), but it seems to hold
that kind, as one scan seems to hold the letter (tests/unit/test_several_pieces.py): not asked of the applicant,
to verify by staff, who confirm it (it counts) or deny it (it is asked for again). The acknowledgement listed the
dossier as missing to an applicant who had sent it."""

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import programmail as pm
import webmail as wm

from intake.core.casework import CaseState, PieceState, Reread, also_holds, missing_for_staff, reclassify, reminder
from intake.core.classify import PIECE, UNRESOLVED, flagged_files, link_shown_name, transfer_links
from intake.core.completeness import CONFIRMED, DENIED, TO_VERIFY, holders, kinds_held, unnamed
from intake.core.context import Budget, Context
from intake.core.decide import decide
from intake.core.effects import SetPieceAlso, SetStatus
from intake.core.parse import parse_message
from intake.core.rules import parse_rules
from intake.core.statuses import INCOMPLETE, REVIEW

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
PARIS = ZoneInfo("Europe/Paris")
NB = "n.bataillon@ville-bethune.fr"
RECEIVED = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
DOC_NAME = "Dossier d'intention - Jardins partagés"


def link_verdict(raw: bytes):
    msg = parse_message(raw)
    (link,) = transfer_links(msg.text, msg.html, RULES)
    return link


def test_a_link_shown_under_the_dossier_s_name_seems_to_hold_the_dossier_and_is_no_visual():
    for raw, name in ((wm.gmail_google_doc(NB), DOC_NAME), (pm.gmail_big_file(NB), "Dossier d'intention scanné.pdf")):
        v = link_verdict(raw)
        assert (v.outcome, v.kind, v.also) == (UNRESOLVED, None, ("dossier",)), v
        assert link_shown_name(v.evidence) == name
        assert v.evidence.startswith("document partagé par un lien (") and "transfert" not in v.evidence, v.evidence
    # a link under a video's name, or under none, still counts as the visuals, with nothing more to verify
    v = link_verdict(pm.gmail_big_file(NB, name="IMG_2041.MOV"))
    assert (v.outcome, v.kind, v.also) == (PIECE, "visuels", ())


def test_staff_are_told_to_open_the_link_and_how_to_say_what_it_holds():
    said = flagged_files([link_verdict(wm.gmail_google_doc(NB))], RULES.label)
    assert said.startswith(f"document partagé par un lien, à ouvrir : « {DOC_NAME} » (https://docs.google.com/"), said
    assert "(contient : dossier d'intention ? pas demandé au demandeur ; à vérifier : « il le contient » ou « il ne " \
           "le contient pas » dans les pièces du dossier" in said, said
    assert "--also dossier ou --not-also dossier" in said and "expire" not in said  # a Google document stays


def test_an_application_with_the_dossier_as_a_link_does_not_ask_for_the_dossier():
    msg = parse_message(wm.gmail_google_doc(NB))
    from intake.core.classify import verdicts_for
    from intake.core.content import Extracted

    contents = {a.sha256: Extracted(read=True, text="Monsieur le Maire, j'ai l'honneur de solliciter le label. Je "
                                                    "vous prie d'agréer mes salutations.") for a in msg.attachments}
    d = decide(msg, verdicts_for(msg, RULES, contents), RULES,
               Context(watched=frozenset({NB}), mailbox_address=NB, system_id="sys"))
    a = d.assessment
    assert (a.status, a.asked, a.included) == (INCOMPLETE, ("visuels",), ("dossier",)), a
    assert "document non reconnu" not in a.reason  # the link is the dossier to verify, not an unknown document


def test_a_link_holds_what_staff_confirmed_and_a_file_staff_said_is_no_piece_holds_nothing():
    assert kinds_held([(None, False, {"dossier": TO_VERIFY})]) == (frozenset(), frozenset({"dossier"}))
    assert kinds_held([(None, False, {"dossier": CONFIRMED})]) == (frozenset({"dossier"}), frozenset())
    assert kinds_held([(None, True, {"dossier": CONFIRMED})]) == (frozenset(), frozenset())
    assert holders([("lien", None, False, {"dossier": TO_VERIFY})]) == {"dossier": "lien"}
    assert holders([("lien", None, True, {"dossier": TO_VERIFY})]) == {}
    # an unknown document is one the rules could not name at all; a link under the dossier's name is not one
    assert unnamed(None, False, {}) and not unnamed(None, False, {"dossier": TO_VERIFY})
    assert not unnamed(None, True, {}) and not unnamed("visuels", False, {})


def case(also: dict, status=INCOMPLETE, **kw) -> CaseState:
    v = link_verdict(wm.gmail_google_doc(NB))
    pieces = (PieceState(1, v.attachment.filename, None, False, "a" * 64, v.evidence, "link", also=also),
              PieceState(2, "Courrier Maire.pdf", "courrier", False, "b" * 64))
    return CaseState(id=1, reference="BSC-2026-0001", status=status, status_reason="", applicant="asso@x.example",
                     reply_from=NB, received_at=RECEIVED, pieces=pieces, **kw)


def test_the_digest_names_the_link_to_open_by_the_name_it_was_shown_under():
    dossier, visuels = missing_for_staff(case({"dossier": TO_VERIFY}), RULES)
    assert dossier == (f"dossier d'intention (semble se trouver derrière le lien « {DOC_NAME} » : à vérifier, pas "
                       "demandé au demandeur)")
    assert visuels == "documents complémentaires et visuels"


def test_no_reminder_asks_for_the_dossier_while_staff_verify_the_link():
    waiting = case({"dossier": TO_VERIFY}, last_acknowledged_at=RECEIVED)
    assert waiting.assessed(RULES).asked == ("visuels",)
    outcome, effects = reminder(waiting, RULES, Budget(), RECEIVED + timedelta(days=10), PARIS)
    assert outcome == "queued"  # for the visuals, never the dossier (the mail lists `asked`)


def test_staff_confirming_the_link_count_the_dossier_received():
    piece, effects = also_holds(case({"dossier": TO_VERIFY}), "1", "dossier", True, "nadia", RULES)
    assert piece.also == {"dossier": CONFIRMED} and SetPieceAlso(1, (("dossier", CONFIRMED),)) in effects
    after = case({"dossier": CONFIRMED})
    assert after.kinds == {"courrier", "dossier"} and after.assessed(RULES).missing == ("visuels",)


def test_staff_denying_it_ask_for_the_dossier_again_and_the_link_is_no_unknown_document():
    piece, effects = also_holds(case({"dossier": TO_VERIFY}), "1", "dossier", False, "nadia", RULES)
    assert piece.also == {"dossier": DENIED}
    (status,) = [e for e in effects if isinstance(e, SetStatus)]
    assert status.status == INCOMPLETE and status.reason.startswith("manque : dossier d'intention, "), status
    assert case({"dossier": DENIED}).assessed(RULES).asked == ("dossier", "visuels")


def test_what_staff_said_of_a_link_stands_when_the_rules_are_applied_again():
    v = link_verdict(wm.gmail_google_doc(NB))
    for said in (CONFIRMED, DENIED):
        effects = reclassify(case({"dossier": said}), {"a" * 64: Reread(v, None)}, {}, RULES)
        assert not any(isinstance(e, SetPieceAlso) for e in effects), effects
    # a link filed before: read again, it is the dossier to verify, not an unknown document keeping the case in review
    effects = reclassify(case({}, status=REVIEW), {"a" * 64: Reread(v, None)}, {}, RULES)
    assert SetPieceAlso(1, (("dossier", TO_VERIFY),)) in effects
    assert any(isinstance(e, SetStatus) and e.status == INCOMPLETE for e in effects), effects


def test_a_link_s_shown_name_repeated_in_our_mail_carries_no_address_nor_hidden_characters():
    """The name is the sender's (who may forge `From`: the acknowledgement then goes to someone else), and our mail
    repeats it. A Google Docs title has no extension: « … bethune-paiement.fr » kept « .fr » as one, and showed the
    address; a right-to-left override showed « rf.tnemeiap-enuhteb » as « bethune-paiement.fr », past the masking;
    an escape sequence or a bell reached the digest and the staff's terminal."""
    from intake.adapters.templates import Templates
    from intake.commands.rules_check import SAMPLE_SERVICE
    from intake.core import mailcontent

    url = "https://docs.google.com/document/d/1QxZ7kLmN0pQrStUvWxYz12345AbCdEfGhIjKlMn/edit"
    v = link_verdict(pm.gmail_big_file(NB, name="Dossier d'intention \u202erf.tnemeiap-enuhteb\x07\x1b[2J", url=url))
    assert v.also == ("dossier",), v
    assert link_shown_name(v.evidence) == "Dossier d'intention rf.tnemeiap-enuhteb[2J", v.evidence
    assert not any(c in v.evidence for c in "\u202e\x07\x1b")
    templates = Templates(Path(__file__).resolve().parents[2] / "templates")
    for name in ("Dossier d'intention - réglez les frais sur bethune-paiement.fr", "Dossier d'intention.pdf"):
        context = mailcontent.case_mail(
            kind="acknowledgement", reference="BSC-2026-0001", status=INCOMPLETE, received_at=RECEIVED, tz=PARIS,
            applicant_name="", subject="Candidature", pieces=[], missing=["visuels"],
            included=[("dossier d'intention", name, True)], service=SAMPLE_SERVICE)
        _, text, html = templates.render_mail("acknowledgement", context)
        for body in (text, html):
            assert "bethune-paiement" not in body, body
        shown = "Dossier d'intention.pdf" if name.endswith(".pdf") else "Dossier d'intention - réglez les frais sur […]"
        assert f"par un lien (« {shown} »)" in text, text


def test_the_receipt_names_a_link_by_the_piece_it_seems_to_hold():
    """The receipt called such a link « document à vérifier », where the acknowledgement says it seems to be the
    dossier: « peut-être dossier d'intention (à vérifier) », that piece once staff confirmed it."""
    from intake.core.completeness import CONFIRMED, TO_VERIFY, file_label

    label = {"dossier": "dossier d'intention", "visuels": "visuels"}.get
    assert file_label(None, False, {"dossier": TO_VERIFY}, label) == "peut-être dossier d'intention (à vérifier)"
    assert file_label(None, False, {"dossier": CONFIRMED}, label) == "dossier d'intention"
    assert file_label(None, False, None, label) == "document à vérifier"
    assert file_label("visuels", False, {"dossier": TO_VERIFY}, label) == "visuels"


def test_staff_and_applicants_read_the_same_name_for_a_file_that_seems_to_hold_a_piece():
    """One function names such a file for `intake case`, the receipt and the mails (three copies before, which
    named several kinds in the database's order of the `also` mapping in two of them and sorted in the third)."""
    from intake.core.completeness import CONFIRMED, DENIED, TO_VERIFY, file_label

    label = {"courrier": "courrier officiel", "dossier": "dossier d'intention", "visuels": "visuels"}.get
    both = {"dossier": TO_VERIFY, "courrier": TO_VERIFY}
    assert file_label(None, False, both, label) == "peut-être courrier officiel ou dossier d'intention (à vérifier)"
    assert (file_label(None, False, both, label, staff=True)
            == "à vérifier : peut-être courrier officiel ou dossier d'intention")
    confirmed = {"dossier": CONFIRMED, "courrier": TO_VERIFY, "visuels": CONFIRMED}
    assert file_label(None, False, confirmed, label) == "dossier d'intention, visuels"
    assert (file_label(None, False, confirmed, label, staff=True)
            == "dossier d'intention, visuels (confirmé par le service)")
    assert file_label(None, False, {"dossier": DENIED}, label, staff=True) == "pas une pièce (écarté par le service)"
    assert file_label(None, True, {"dossier": CONFIRMED}, label, staff=True) == "pas une pièce"
    assert file_label(None, False, {}, label, staff=True) == "à vérifier"
    assert file_label("visuels", True, {"dossier": CONFIRMED}, label, staff=True) == "visuels"


def test_the_receipt_no_longer_calls_a_link_staff_denied_a_document_to_verify():
    """Staff opened the link and found no dossier behind it: the acknowledgement asks for the dossier again and
    `intake case` says « écarté par le service », but the receipt still said « document à vérifier », as if the
    service would look at it again."""
    from intake.core.completeness import DENIED, file_label

    label = {"dossier": "dossier d'intention"}.get
    assert file_label(None, False, {"dossier": DENIED}, label) == "pas une pièce du dossier"

