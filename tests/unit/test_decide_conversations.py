"""The policy for messages that belong to a conversation: replies, automatic mail, bounces, limits."""

import dataclasses
from pathlib import Path

from intake.commands import samples
from intake.core.bounce import SentMail
from intake.core.classify import classify_attachment
from intake.core.content import Extracted
from intake.core.context import Budget, Context
from intake.core.decide import decide
from intake.core.parse import parse_message
from intake.core.replies import COMPLETION, UPDATE
from intake.core.rules import parse_rules
from intake.core.statuses import COMPLETE, FILED, IGNORED, INCOMPLETE, REVIEW
from intake.core.thread import CaseView, Clues

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES = parse_rules(str(RULES_FILE), RULES_FILE.read_text(encoding="utf-8"))
NB = "n.bataillon@ville-bethune.fr"
LETTER = ("courrier-maire.pdf", samples.pdf("lettre"), "application/pdf")
PHOTO = ("photo.jpg", samples.jpeg(), "image/jpeg")
CASE = CaseView(id=7, reference="BSC-2026-0007", status=INCOMPLETE, applicant="asso@x.example",
                kinds=frozenset({"dossier", "visuels"}), hashes=frozenset())


NO_CLUES, NO_BUDGET = Clues(), Budget()  # frozen: shared defaults are safe


def run(raw, clues=NO_CLUES, budget=NO_BUDGET, mails_for_case=0, our_mails=()):
    msg = parse_message(raw)
    ctx = Context(watched=frozenset({NB}), mailbox_address=NB, system_id="sys", clues=clues, budget=budget,
                  mails_24h_by_case={CASE.id: mails_for_case}, our_mails=our_mails)
    return decide(msg, [classify_attachment(a, RULES, Extracted(read=True)) for a in msg.attachments], RULES, ctx)


def reply(attachments=(LETTER,), subject="RE: Accusé de réception [BSC-2026-0007]", **kw):
    return samples.email(sender="Asso <asso@x.example>", to=[NB], subject=subject, attachments=list(attachments),
                         **kw)


def test_the_missing_letter_completes_the_case_and_earns_a_completion_notice():
    d = run(reply(), Clues(by_reference=(CASE,)))
    assert d.fate == FILED and d.case == CASE and d.assessment.status == COMPLETE
    assert d.mail.kind == COMPLETION and d.mail.to_addr == "asso@x.example"


def test_a_piece_that_leaves_the_case_incomplete_gets_an_update():
    case = dataclasses.replace(CASE, kinds=frozenset({"dossier"}))
    d = run(reply(attachments=(PHOTO,)), Clues(by_headers=(case,)))
    assert d.assessment.status == INCOMPLETE and d.mail.kind == UPDATE


def test_a_new_piece_on_a_complete_case_is_acknowledged():
    """A new version of the dossier, or more photos, after the case became complete: a new submission, which gets
    its receipt (CRPA L112-3, L112-11); it got nothing ("rien de nouveau à accuser")."""
    case = dataclasses.replace(CASE, status=COMPLETE, kinds=frozenset({"dossier", "courrier", "visuels"}))
    d = run(reply(attachments=(PHOTO,)), Clues(by_headers=(case,)))
    assert d.case == case and d.assessment.status == COMPLETE and d.mail.kind == UPDATE


def test_the_same_file_sent_again_is_not_a_new_piece_and_gets_no_mail():
    msg = parse_message(reply())
    case = dataclasses.replace(CASE, hashes=frozenset({msg.attachments[0].sha256}), kinds=frozenset({"dossier"}))
    d = run(reply(), Clues(by_reference=(case,)))
    assert d.case == case and d.new_pieces == () and d.mail is None


def test_a_reply_without_files_joins_the_case_quietly():
    d = run(reply(attachments=(), subject="RE: [BSC-2026-0007] merci"), Clues(by_reference=(CASE,)))
    assert d.fate == FILED and d.case == CASE and d.mail is None


def test_a_bare_thanks_joins_the_case_without_asking_staff_to_answer_it_and_a_question_still_does():
    """Staff (two people) were told « message du demandeur sans fichier (une question ?) … à lui répondre » of every
    « Merci ! »: the thanks is filed and kept in the history as before, with a note, and flags nothing; a question,
    on a case still open or one already decided, is flagged as before."""
    from intake.core.effects import Event, SetAttention

    quoted = ("\n\nLe lun. 30 nov. 2026 à 10:12, Mission Smart City <n.bataillon@ville-bethune.fr> a écrit :\n"
              "> Pièces manquantes : courrier officiel au Maire. Pouvez-vous nous l'envoyer ?\n")
    thanks = reply(attachments=(), body="Bien reçu, merci.\n\nCordialement,\nJeanne Martin" + quoted)
    asked = reply(attachments=(), body="Merci. Faut-il l'envoyer signé ?\n\nJeanne Martin" + quoted)
    for case in (CASE, dataclasses.replace(CASE, status="admissible")):
        d = run(thanks, Clues(by_reference=(case,)))
        assert d.fate == FILED and d.case == case and d.mail is None and d.attention == "", d.attention
        assert "remerciement du demandeur, sans fichier : rien à répondre" in d.reason
        # said right after why it joined the case, not after « 0 nouveau fichier » and where the case stands
        assert "nouveau fichier" not in d.reason and d.reason.split(" ; ")[1].startswith("remerciement"), d.reason
        assert not any(isinstance(e, SetAttention) for e in d.effects)
        assert any(isinstance(e, Event) and e.kind == "message" and "remerciement" in e.detail for e in d.effects)
        d = run(asked, Clues(by_reference=(case,)))
        assert d.fate == FILED and d.case == case and d.mail is None and "remerciement" not in d.reason
        assert "sans fichier (une question ?)" in d.attention and "à lui répondre" in d.attention, d.attention


def test_pieces_after_a_staff_decision_are_kept_and_flagged_without_mail():
    case = dataclasses.replace(CASE, status="admissible")
    d = run(reply(), Clues(by_reference=(case,)))
    assert d.fate == FILED and d.mail is None and "après la décision" in d.attention


def test_a_message_pointing_at_two_cases_goes_to_review():
    other = dataclasses.replace(CASE, id=8, reference="BSC-2026-0008")
    d = run(reply(), Clues(by_reference=(CASE,), by_headers=(other,)))
    assert d.fate == FILED and d.case is None and d.assessment.status == REVIEW and d.mail is None
    assert "BSC-2026-0007" in d.attention and "BSC-2026-0008" in d.attention


def test_an_out_of_office_reply_is_recorded_on_its_case_and_never_answered():
    d = run(reply(attachments=(), headers={"Auto-Submitted": "auto-replied"}), Clues(by_headers=(CASE,)))
    assert d.fate == IGNORED and d.case == CASE and d.mail is None


def test_a_permanent_bounce_is_linked_and_flags_the_case():
    raw = samples.email(sender="MAILER-DAEMON@mx.x.example", to=[NB], subject="Undelivered Mail Returned to Sender",
                        body="Status: 5.1.1\nFinal-Recipient: rfc822; asso@x.example\n"
                             "Message-ID: <intake.BSC-2026-0007.t@ville-bethune.fr>\n")
    ours = (SentMail("intake.BSC-2026-0007.t@ville-bethune.fr", "asso@x.example", CASE.id),)
    d = run(raw, Clues(by_headers=(CASE,), by_our_mail=(CASE,)), our_mails=ours)
    assert d.fate == IGNORED and d.bounce.permanent and d.case == CASE and d.attention and d.mail is None
    assert d.bounce.recipients == ("asso@x.example",)


def test_a_permanent_bounce_of_staff_mail_never_stops_the_service_writing_to_a_colleague():
    """The digest or a sign-in link (our mail about no case) bouncing for good (5.1.1) is told in the reason, and the
    address is not to be marked undeliverable: every later link and digest to it would have been cancelled without a
    word. A bounce of mail about a case still marks the applicant's address."""
    raw = samples.email(sender="MAILER-DAEMON@mx.ville-bethune.fr", to=[NB], subject="Undeliverable",
                        body="Status: 5.1.1\nFinal-Recipient: rfc822; agent@ville-bethune.fr\n"
                             "Message-ID: <intake.digest.t@ville-bethune.fr>\n")
    ours = (SentMail("intake.digest.t@ville-bethune.fr", "agent@ville-bethune.fr", None),)
    d = run(raw, Clues(), our_mails=ours)
    assert d.fate == IGNORED and d.bounce.permanent and d.bounce.recipients == ("agent@ville-bethune.fr",)
    assert d.bounce.never_again == () and "pas marquée en échec" in d.reason
    ours = (SentMail("intake.digest.t@ville-bethune.fr", "agent@ville-bethune.fr", CASE.id),)
    d = run(raw, Clues(by_headers=(CASE,), by_our_mail=(CASE,)), our_mails=ours)
    assert d.bounce.never_again == ("agent@ville-bethune.fr",) and "pas marquée" not in d.reason


def test_a_full_mailbox_is_no_reason_never_to_write_again():
    """552 5.2.2 « mailbox full » (RFC 3463: permanent or persistent transient) marked the applicant's address
    undeliverable for good; staff are told the mail did not arrive, the address stays in use. The staff's own mail
    bouncing on a full mailbox still says their mailbox is to be checked."""
    raw = samples.email(sender="MAILER-DAEMON@mx.x.example", to=[NB], subject="Undeliverable",
                        body="Status: 5.2.2\nAction: failed\nFinal-Recipient: rfc822; asso@x.example\n"
                             "Message-ID: <intake.BSC-2026-0001.t@ville-bethune.fr>\n")
    ours = (SentMail("intake.BSC-2026-0001.t@ville-bethune.fr", "asso@x.example", CASE.id),)
    d = run(raw, Clues(by_headers=(CASE,), by_our_mail=(CASE,)), our_mails=ours)
    assert not d.bounce.permanent and d.bounce.full and d.bounce.never_again == ()
    assert "reste utilisée" in d.attention and "pas marquée" not in d.reason
    ours = (SentMail("intake.BSC-2026-0001.t@ville-bethune.fr", "asso@x.example", None),)
    d = run(raw, Clues(), our_mails=ours)
    assert "pas marquée en échec" in d.reason and not d.attention


def test_a_bounce_about_no_mail_of_ours_is_not_believed():
    raw = samples.email(sender="MAILER-DAEMON@anything.example", to=[NB], subject="Undelivered Mail",
                        body="550 5.1.1 victim@target.example: user unknown\n550 5.1.1 asso@x.example\n")
    d = run(raw, Clues(by_reference=(CASE,)))
    assert d.fate == IGNORED and d.bounce is None and d.case is None and not d.attention
    assert "aucun courriel envoyé par le service" in d.reason


def test_a_believed_bounce_marks_only_the_address_our_mail_went_to():
    raw = samples.email(sender="MAILER-DAEMON@mx.x.example", to=[NB], subject="Undelivered Mail",
                        body="Status: 5.1.1\nFinal-Recipient: rfc822; victim@target.example\n"
                             "Message-ID: <intake.BSC-2026-0007.t@ville-bethune.fr>\n")
    ours = (SentMail("intake.BSC-2026-0007.t@ville-bethune.fr", "asso@x.example", CASE.id),)
    d = run(raw, Clues(by_headers=(CASE,), by_our_mail=(CASE,)), our_mails=ours)
    assert d.bounce is not None and d.bounce.recipients == ()


def test_a_bounce_naming_the_ascii_form_of_a_unicode_domain_marks_the_address_as_the_case_has_it():
    """Our mail to contact@mairie-béthune.example went to its ASCII form (core/outgoing.wire_address): the report
    names that form; the address marked is the one the case and its correspondent hold."""
    raw = samples.email(sender="MAILER-DAEMON@mx.x.example", to=[NB], subject="Undelivered Mail Returned to Sender",
                        body="Status: 5.1.1\nFinal-Recipient: rfc822; contact@xn--mairie-bthune-ihb.example\n"
                             "Message-ID: <intake.BSC-2026-0007.t@ville-bethune.fr>\n")
    ours = (SentMail("intake.BSC-2026-0007.t@ville-bethune.fr", "contact@mairie-béthune.example", CASE.id),)
    d = run(raw, Clues(by_headers=(CASE,), by_our_mail=(CASE,)), our_mails=ours)
    assert d.bounce.recipients == ("contact@mairie-béthune.example",)
    assert d.bounce.never_again == ("contact@mairie-béthune.example",)


def test_no_mail_to_an_address_that_bounced_for_good():
    d = run(reply(), Clues(by_reference=(CASE,)), Budget(undeliverable=True))
    assert d.mail is None and "échec définitif" in d.no_mail_reason


def test_the_daily_limits_hold():
    assert run(reply(), Clues(by_reference=(CASE,)), Budget(sent_to_recipient=3)).mail is None
    assert run(reply(), Clues(by_reference=(CASE,)), mails_for_case=3).mail is None


def test_a_sender_who_keeps_writing_is_flagged_as_looping():
    d = run(reply(), Clues(by_reference=(CASE,)), Budget(received_from_sender=5))
    assert d.mail is None and d.flag_sender == "looping" and "boucle" in d.attention


def test_the_same_mail_is_never_sent_twice_in_a_row():
    first = run(reply(), Clues(by_reference=(CASE,)))
    again = run(reply(), Clues(by_reference=(CASE,)), Budget(last_key_to_recipient=first.mail.key))
    assert again.mail is None and "identique" in again.no_mail_reason


def test_a_reply_to_a_decided_case_names_the_decision_in_french():
    """Staff read this reason in the case's history: it said « le dossier est déjà décidé (labelled) »."""
    case = dataclasses.replace(CASE, status="labelled")
    d = run(reply(attachments=(PHOTO,)), Clues(by_reference=(case,)))
    assert d.case == case and d.mail is None
    assert "déjà décidé (labellisé)" in d.reason and "labelled" not in d.reason


def test_an_applicant_s_reply_locked_away_at_their_provider_tells_staff_so_not_that_it_has_no_file():
    """The applicant answers our acknowledgement with the letter, but from Proton Mail with a password, or through
    Microsoft 365's encryption (tests/programmail.py), or Tuta's (tests/gatewaymail.py): the mailbox gets only a
    notice. Staff were told « message du demandeur sans fichier (une question ?) », not that the letter may be behind
    the link."""
    import gatewaymail as gm
    import programmail as pm

    subject = "RE: Accusé de réception [BSC-2026-0007]"
    for raw, applicant, says in (
            (pm.proton_password_protected(NB, subject=subject), "jeanne.roux@proton.me", "Proton Mail"),
            (pm.microsoft_encryption_notice(NB, subject=subject), "frederic.morel@asso-energie.example",
             "Microsoft 365"),
            (gm.tuta_confidential(NB, subject=subject), "marc.vasseur@tuta.io", "Tuta")):
        case = dataclasses.replace(CASE, applicant=applicant)
        d = run(raw, Clues(by_reference=(case,)))
        assert d.fate == FILED and d.case == case and d.mail is None, d.reason
        assert says in d.attention and "une question" not in d.attention, d.attention


def test_a_receipt_mail_not_yet_sent_is_folded_into_the_newer_one():
    """Pieces in three mails read by one poll: the acknowledgement, written again when it goes, lists them all; a
    completion notice replaces a receipt of new pieces still waiting; two receipts of new pieces both go."""
    from intake.core.replies import ACKNOWLEDGEMENT, REMINDER, folded

    assert folded(ACKNOWLEDGEMENT, UPDATE) == ACKNOWLEDGEMENT == folded(ACKNOWLEDGEMENT, COMPLETION)
    assert folded(UPDATE, COMPLETION) == COMPLETION
    assert folded(UPDATE, UPDATE) == "" == folded(REMINDER, UPDATE) == folded(COMPLETION, UPDATE)


def test_a_reply_that_writes_the_missing_letter_in_its_text_says_so_to_staff():
    """Told the letter is missing, the applicant answers with the letter typed in the reply (« Monsieur le Maire,
    j'ai l'honneur de solliciter… »), no file: staff were told « une question ? », not what it is."""
    letter = ("Monsieur le Maire,\n\nJ'ai l'honneur de solliciter le label pour notre club. Je vous prie d'agréer, "
              "Monsieur le Maire, mes salutations.\n")
    d = run(reply(attachments=(), body=letter), Clues(by_reference=(CASE,)))
    assert d.case == CASE and d.assessment.status == INCOMPLETE and d.mail is None
    assert "le texte du courriel semble être : courrier officiel adressé au Maire" in d.attention, d.attention
    thanks = run(reply(attachments=(), body="Merci, je vous envoie la lettre demain."), Clues(by_reference=(CASE,)))
    assert "une question ?" in thanks.attention, thanks.attention
    # a question with a formal closing, above our acknowledgement quoted by Outlook (its « Objet : », the legal
    # block's « Monsieur le Maire »): the words of a letter are read in the sender's own text only (attack12)
    asked = ("Bonjour,\n\nJe vous prie de bien vouloir m'indiquer la date du jury.\n\nVeuillez agréer, Madame, mes "
             "salutations distinguées.\n\nJeanne Martin\n\nDe : Mission Smart City <n.bataillon@ville-bethune.fr>\n"
             "Envoyé : lundi 30 novembre 2026 10:12\nÀ : Jeanne Martin\nObjet : Accusé de réception [BSC-2026-0007]\n\n"
             "Bonjour,\nPièce manquante : courrier officiel adressé au Maire.\nVous pourrez contester cette décision "
             "implicite par un recours gracieux adressé à Monsieur le Maire de Béthune.\n")
    d = run(reply(attachments=(), body=asked), Clues(by_reference=(CASE,)))
    assert "une question ?" in d.attention and "semble être" not in d.attention, d.attention
    d = run(reply(attachments=(), body=letter + "\n" + asked[asked.index("De :"):]), Clues(by_reference=(CASE,)))
    assert "le texte du courriel semble être : courrier officiel adressé au Maire" in d.attention, d.attention
    # nothing written above our mail quoted: the letter's words there are ours, not read as theirs
    ours = ("De : Mission Smart City <n.bataillon@ville-bethune.fr>\nEnvoyé : lundi 30 novembre 2026 10:12\n"
            "À : Jeanne Martin\nObjet : Accusé de réception [BSC-2026-0007]\n\nBonjour,\nPièce manquante : courrier "
            "officiel adressé au Maire.\nJe vous prie d'agréer mes salutations. Vous pourrez contester cette décision "
            "implicite par un recours gracieux adressé à Monsieur le Maire de Béthune, label Smart City, sollicite.\n")
    d = run(reply(attachments=(), body="\n" + ours), Clues(by_reference=(CASE,)))
    assert "une question ?" in d.attention and "semble être" not in d.attention, d.attention


def test_a_thanks_under_a_subject_that_says_more_is_still_flagged_to_staff():
    """« Merci. Cordialement, Jeanne Martin » under the subject « Annulation de ma demande » (our mail answered, its
    subject changed, or a new mail naming the case's reference) is a withdrawal, not thanks: staff are told of it
    (attack12); under the subject of our mail answered, or « Merci », it is thanks."""
    body = "Merci.\n\nCordialement,\nJeanne Martin\n"
    for subject in ("Annulation de ma demande", "Nouvelle adresse [BSC-2026-0007]", "RE: Changement de projet",
                    "Merci ?"):
        d = run(reply(attachments=(), subject=subject, body=body), Clues(by_headers=(CASE,), by_reference=(CASE,)))
        assert d.case == CASE and "remerciement" not in d.reason, subject
        assert "sans fichier (une question ?)" in d.attention, (subject, d.attention)
    for subject in ("RE: Accusé de réception [BSC-2026-0007]", "Re: [BSC-2026-0007] merci", "Merci !", ""):
        d = run(reply(attachments=(), subject=subject, body=body), Clues(by_reference=(CASE,)))
        assert d.case == CASE and "remerciement" in d.reason and d.attention == "", (subject, d.attention)


def test_a_thanks_with_a_file_that_is_no_piece_is_still_flagged_to_staff():
    """« Merci. » with a text file « Je retire ma demande… » (skipped: no piece by its type) was filed as thanks, « À
    voir » empty (attack12); with a signature's logo (a small image, skipped) it is thanks."""
    body = "Merci.\n\nCordialement,\nJeanne Martin\n"
    note = ("notes.txt", "Je retire ma demande, nous déménageons".encode(), "text/plain")
    d = run(reply(attachments=(note,), body=body), Clues(by_reference=(CASE,)))
    assert d.case == CASE and "remerciement" not in d.reason and "une question ?" in d.attention, d.attention
    logo = ("image001.png", samples.png(), "image/png")
    d = run(reply(attachments=(logo,), body=body), Clues(by_reference=(CASE,)))
    assert d.case == CASE and "remerciement" in d.reason and d.attention == "", d.attention


def test_a_signed_thanks_is_thanks_and_a_file_only_named_as_a_signature_is_not():
    """« Merci. » signed as KMail and Thunderbird sign with OpenPGP (« signature.asc », application/pgp-signature;
    Thunderbird's key, application/pgp-keys) or as Evolution and Outlook sign with S/MIME (« smime.p7s », a CMS
    structure): the signature, skipped, made it a mail with a file, flagged to staff as a question (the nineteenth
    round). A text declared a signature that is none is still a file that may say more."""
    body = "Merci.\n\nCordialement,\nJeanne Martin\n"
    armour = b"-----BEGIN PGP SIGNATURE-----\n\niQIzBAABCAAdFiEE\n=Rq7m\n-----END PGP SIGNATURE-----\n"
    key = b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGdMNVwBEAC\n=Xk2q\n-----END PGP PUBLIC KEY BLOCK-----\n"
    for signature in (("signature.asc", armour, "application/pgp-signature"),
                      ("OpenPGP_0x5B2C9E1A7D3F4A60.asc", key, "application/pgp-keys"),
                      ("smime.p7s", bytes.fromhex("3082047b06092a864886f70d010702a082046c30820468020101"),
                       "application/pkcs7-signature"),
                      ("smime.p7s", bytes.fromhex("3082047b06092a864886f70d010702"), "application/x-pkcs7-signature")):
        d = run(reply(attachments=(signature,), body=body), Clues(by_reference=(CASE,)))
        assert d.case == CASE and "remerciement" in d.reason and d.attention == "", (signature[0], d.attention)
    for hidden in (("signature.asc", "Je retire ma demande".encode(), "application/pgp-signature"),
                   ("smime.p7s", "Je retire ma demande".encode(), "application/pkcs7-signature")):
        d = run(reply(attachments=(hidden,), body=body), Clues(by_reference=(CASE,)))
        assert "remerciement" not in d.reason and "une question ?" in d.attention, (hidden[0], d.attention)
