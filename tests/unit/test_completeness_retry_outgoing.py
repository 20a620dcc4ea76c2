import email
from datetime import datetime, timedelta, timezone
from email import policy

from intake.core.completeness import assess
from intake.core.outgoing import Outgoing, build, make_message_id, subject_with_reference
from intake.core.retry import MAX_ATTEMPTS, next_attempt
from intake.core.statuses import COMPLETE, INCOMPLETE, REVIEW

REQUIRED = ("dossier", "courrier", "visuels")


def test_all_required_pieces_make_a_complete_case():
    assert assess({"dossier", "courrier", "visuels"}, REQUIRED).status == COMPLETE


def test_missing_pieces_are_listed_in_rule_order():
    a = assess({"visuels"}, REQUIRED)
    assert (a.status, a.missing) == (INCOMPLETE, ("dossier", "courrier"))


def test_an_unrecognised_document_means_review_not_incomplete():
    assert assess({"dossier"}, REQUIRED, unresolved=1).status == REVIEW


def test_the_review_reason_agrees_with_how_many_pieces_are_missing():
    assert assess({"dossier", "visuels"}, REQUIRED, unresolved=1).reason == \
        "1 document non reconnu, peut-être la pièce manquante (courrier)"
    assert assess({"dossier"}, REQUIRED, unresolved=2).reason == \
        "2 documents non reconnus, peut-être l'une des pièces manquantes (courrier, visuels)"


def test_the_reason_names_the_pieces_as_the_rules_do_not_by_their_keys():
    """Staff read the reason (the digest, the console, intake case): the rules' French names, which the admin may
    change, not the keys the database stores."""
    label = {"dossier": "dossier d'intention", "courrier": "courrier officiel adressé au Maire",
             "visuels": "documents complémentaires et visuels"}.__getitem__
    assert assess({"dossier"}, REQUIRED, label=label).reason == \
        "manque : courrier officiel adressé au Maire, documents complémentaires et visuels"
    assert assess({"dossier"}, REQUIRED, unresolved=1, label=label).reason == \
        ("1 document non reconnu, peut-être l'une des pièces manquantes (courrier officiel adressé au Maire, "
         "documents complémentaires et visuels)")
    assert assess({"dossier", "visuels"}, REQUIRED, 0, {"courrier"}, label).reason == \
        "courrier officiel adressé au Maire : semble se trouver dans un fichier reçu ou derrière un lien, à vérifier"
    assert assess({"visuels"}, REQUIRED, 0, {"courrier", "dossier"}, label).reason == (  # one scan holding both
        "dossier d'intention, courrier officiel adressé au Maire : semblent se trouver dans un fichier reçu ou "
        "derrière un lien, à vérifier")


def test_retries_back_off_and_stop():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert next_attempt(now, 1) == now + timedelta(minutes=1)
    assert next_attempt(now, 3) == now + timedelta(minutes=4)
    assert next_attempt(now, 11) == now + timedelta(minutes=360)
    assert next_attempt(now, MAX_ATTEMPTS) is None


def test_the_subject_carries_the_reference_once():
    assert subject_with_reference("Accusé", "BSC-2026-0001") == "Accusé [BSC-2026-0001]"
    assert subject_with_reference("Accusé [BSC-2026-0001]", "BSC-2026-0001") == "Accusé [BSC-2026-0001]"


def test_an_acknowledgement_carries_the_headers_of_the_spec():
    mail = Outgoing(from_addr="n.bataillon@ville-bethune.fr", from_name="Ville de Béthune", to_addr="a@x.example",
                    subject="Accusé de réception", text="Bonjour", html="<p>Bonjour</p>", reference="BSC-2026-0007",
                    auto_submitted="auto-replied", in_reply_to="their@x.example", references=("first@x.example",))
    mid = make_message_id("BSC-2026-0007", "tok", mail.from_addr)
    raw = build(mail, mid, datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc), "sys")
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["Message-ID"] == "<intake.BSC-2026-0007.tok@ville-bethune.fr>"
    assert msg["In-Reply-To"] == "<their@x.example>"
    assert msg["References"] == "<first@x.example> <their@x.example>"
    assert "[BSC-2026-0007]" in msg["Subject"]
    assert msg["X-Intake-Loop"] == "sys"
    assert msg["From"].addresses[0].addr_spec == "n.bataillon@ville-bethune.fr"
    assert {p.get_content_type() for p in msg.walk()} >= {"text/plain", "text/html"}
