"""A link to a file-sharing site described in WORDS in the mail (« Le dossier d'intention (Google Drive) : <lien> »,
« Courrier au maire : » then the link on the next line), whose address names no file: the applicant's words say
which piece it is, by the words of the kinds' file names in the rules (rules/pieces.toml `filenames`). It seems to
hold that piece, for staff to open (never downloaded), and the applicant is not asked for it again, as a link shown
under a piece's file name (tests/unit/test_link_holds_piece.py). It was counted as the visuals, and the
acknowledgement asked for the dossier and the letter the applicant had sent (a reviewer's real applicant mail)."""

import re
from pathlib import Path

import wordlinkmail as wl

from intake.core.classify import PIECE, UNRESOLVED, flagged_files, link_shown_name, transfer_links, verdicts_for
from intake.core.content import Extracted
from intake.core.context import Context
from intake.core.decide import decide
from intake.core.links import described_words
from intake.core.parse import parse_message
from intake.core.rules import parse_rules
from intake.core.statuses import REVIEW

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "pieces.toml"
RULES_TEXT = RULES_FILE.read_text(encoding="utf-8")
RULES = parse_rules(str(RULES_FILE), RULES_TEXT)
NB = "n.bataillon@ville-bethune.fr"
DRIVE, ONEDRIVE, DROPBOX = wl.DRIVE, wl.ONEDRIVE, wl.DROPBOX


def seen(text: str, html: str = "", rules=RULES) -> list[tuple[str, str | None, tuple[str, ...]]]:
    return [(v.outcome, v.kind, v.also) for v in transfer_links(text, html, rules)]


def test_the_reviewers_three_links_are_the_pieces_their_words_name():
    assert seen(f"Le dossier d'intention (Google Drive) : {DRIVE}\n") == [(UNRESOLVED, None, ("dossier",))]
    assert seen(f"Bonjour,\n\nCourrier au maire :\n{ONEDRIVE}\n") == [(UNRESOLVED, None, ("courrier",))]
    assert seen(f"Voici le lien vers notre dossier : {DROPBOX}") == [(UNRESOLVED, None, ("dossier",))]


def test_french_as_applicants_write_it():
    for words, kind in (("DOSSIER D’INTENTION", "dossier"), ("dossier d intention", "dossier"),
                        ("Notre lettre au Maire (signée)", "courrier"), ("la lettre au maire", "courrier"),
                        ("> - le courrier signé", "courrier"), ("1. Fiche projet", "dossier"),
                        ("Notre demande de label", "courrier"), ("Pièce 2 – Courrier officiel", "courrier")):
        for text in (f"{words} : {DRIVE}", f"{words} <{DRIVE}>", f"{words} :\n\n{DRIVE}\n"):
            assert seen(text) == [(UNRESOLVED, None, (kind,))], text


def test_words_naming_two_pieces_make_a_link_that_seems_to_hold_both():
    assert seen(f"Le dossier et le courrier : {DROPBOX}") == [(UNRESOLVED, None, ("dossier", "courrier"))]
    # with the visuals among them: still the visuals (counted, as before), that seem to hold the others too, as a
    # file counted as what it most is (« le dossier photos »: a « dossier » is a folder too)
    v, = transfer_links(f"Dossier d'intention et lettre au maire et photos : {DROPBOX}", "", RULES)
    assert (v.outcome, v.kind, v.also) == (PIECE, "visuels", ("dossier", "courrier")), v
    assert v.evidence == ("lien de transfert de fichiers (www.dropbox.com) ; d'après les mots du message qui le "
                          "présentent, « Dossier d'intention et lettre au maire et photos », il contient aussi : "
                          "dossier d'intention et courrier officiel adressé au Maire : à vérifier par le service"), \
        v.evidence
    assert seen(f"le dossier photos <{DROPBOX}>") == [(PIECE, "visuels", ("dossier",))]


def test_only_the_clause_nearest_the_link_says_what_it_is():
    # tests/gatewaymail.py gmail_with_link: the dossier and the letter are attached, the link is the photos
    text = ("Voici notre candidature au label : le dossier d'intention et le courrier à Monsieur le Maire en pièces "
            f"jointes, les photos de l'atelier ici {DROPBOX}")
    assert seen(text) == [(PIECE, "visuels", ())]
    assert seen(f"Le courrier au maire. Version signée du 12/11 : {DROPBOX}") == [(UNRESOLVED, None, ("courrier",))]
    # a clause naming nothing, nearest the link, leaves the words to the one before it
    v, = transfer_links(f"Notre dossier d'intention, version 2.3 du 10 novembre : {DROPBOX}", "", RULES)
    assert v.also == ("dossier",) and "« Notre dossier d'intention »" in v.evidence, v.evidence


def test_words_naming_the_visuals_or_no_piece_keep_the_link_the_visuals():
    for text in (f"Nos photos : {DROPBOX}", f"Les visuels :\n{DROPBOX}", f"Notre plaquette : {DROPBOX}",
                 f"Bonjour :\n{DROPBOX}", f"Sommaire : {DROPBOX}", f"{DROPBOX}", f"Voici le lien :\n{DROPBOX}",
                 # a line before that does not announce it, or that is another link's
                 f"Le dossier d'intention\n{DROPBOX}", f"Dossier : {DRIVE}\n{DROPBOX}"):
        assert seen(text)[-1] == (PIECE, "visuels", ()), text


def test_only_the_link_s_own_words_count_not_another_link_s_on_its_line():
    assert seen(f"Dossier : {DRIVE} ; courrier : {ONEDRIVE} ; photos : {DROPBOX}") == [
        (UNRESOLVED, None, ("dossier",)), (UNRESOLVED, None, ("courrier",)), (PIECE, "visuels", ())]
    html = (f'<p>Bonjour, voici <a href="{DRIVE}">notre dossier d&#39;intention</a> et <a href="{DROPBOX}">'
            f'{DROPBOX}</a></p><p>Le courrier au maire :</p><p><a href="{ONEDRIVE}">{ONEDRIVE}</a></p>')
    assert seen("", html) == [(UNRESOLVED, None, ("dossier",)), (PIECE, "visuels", ()),
                              (UNRESOLVED, None, ("courrier",))]


def test_a_file_name_the_mail_shows_speaks_for_the_link_before_the_words():
    named = "https://www.dropbox.com/scl/fi/x7k2m9q4w1e8r5t3y6u0i/IMG_2041.MOV?rlkey=abc&dl=0"
    assert seen(f"Le dossier : {named}") == [(PIECE, "visuels", ())]


def test_the_kinds_words_are_the_admin_s_in_the_rules():
    assert seen(f"Attestation de l'association : {DRIVE}") == [(PIECE, "visuels", ())]
    tuned = RULES_TEXT.replace('filenames = ["*courrier*", ', 'filenames = ["*attestation*", "*courrier*", ')
    assert tuned != RULES_TEXT
    rules = parse_rules(str(RULES_FILE), tuned)
    assert seen(f"Attestation de l'association : {DRIVE}", rules=rules) == [(UNRESOLVED, None, ("courrier",))]


def test_the_evidence_quotes_the_words_and_never_as_a_file_s_name():
    v, = transfer_links(f"Courrier « officiel » au maire :\n{ONEDRIVE}\n", "", RULES)
    # in words staff read, never the rules' jargon (« mots des noms de fichier des règles »)
    assert v.evidence == ("document partagé par un lien (1drv.ms) ; d'après les mots du message qui le présentent, "
                          "« Courrier \"officiel\" au maire », il contient : courrier officiel adressé au Maire ; "
                          "resté sur le site, à ouvrir par le service"), v.evidence
    assert link_shown_name(v.evidence) == ""  # the mails name no file: « partagé par un lien », not « (« Courrier… ») »
    assert v.attachment.content == ONEDRIVE.encode()  # the link itself, never what it leads to


def test_staff_are_told_to_download_it_before_it_expires_and_to_say_what_it_holds():
    said = flagged_files(transfer_links(f"La lettre au maire et les photos : {wl.SWISSTRANSFER}", "", RULES),
                         RULES.label)
    assert said == (f"fichiers à télécharger avant que le lien expire ({wl.SWISSTRANSFER}) (contient aussi : "
                    "courrier officiel adressé au Maire ? pas demandé au demandeur ; à vérifier : « il le contient » "
                    "ou « il ne le contient pas » dans les pièces du dossier, en ligne de commande intake case REF "
                    "piece N° --also courrier ou --not-also courrier)"), said
    said = flagged_files(transfer_links(f"Le dossier et le courrier : {wl.SWISSTRANSFER}", "", RULES), RULES.label)
    assert said.startswith(f"fichiers à télécharger avant que le lien expire ({wl.SWISSTRANSFER}) (contient : "
                           "dossier d'intention, courrier officiel adressé au Maire ? pas demandé"), said


def test_a_shared_drive_s_link_is_never_said_to_expire():
    """A Google Drive or OneDrive folder described in words was « à télécharger avant que le lien expire »: only a
    transfer service's link expires (WeTransfer, SwissTransfer, Mail Drop...); a drive's stays until the applicant
    takes it away."""
    for link in (DRIVE, ONEDRIVE, DROPBOX, "https://www.icloud.com/iclouddrive/0abcDEF#Dossier"):
        said = flagged_files(transfer_links(f"Le dossier et le courrier : {link}", "", RULES), RULES.label)
        assert said.startswith(f"fichiers partagés à télécharger, le demandeur pouvant retirer le lien ({link}) "
                               "(contient : dossier d'intention"), said
        assert "expire" not in said, said
        plain = flagged_files(transfer_links(f"Voici : {link}", "", RULES), RULES.label)  # no words: the same
        assert plain == f"fichiers partagés à télécharger, le demandeur pouvant retirer le lien ({link})", plain
    for link in (wl.SWISSTRANSFER, "https://we.tl/t-AbC123", "https://www.icloud.com/attachment/?u=x&uk=y&f=a.zip"):
        said = flagged_files(transfer_links(f"Voici : {link}", "", RULES), RULES.label)
        assert said.startswith(f"fichiers à télécharger avant que le lien expire ({link}"), said


def test_once_staff_say_what_a_drive_link_holds_its_download_line_stays_for_c_est_regle():
    from intake.core.classify import several_pieces_answered

    said = flagged_files(transfer_links(f"Le dossier d'intention : {DRIVE}", "", RULES), RULES.label)
    assert "à vérifier" in said, said
    (link,) = transfer_links(f"Le dossier d'intention : {DRIVE}", "", RULES)
    shown = link.attachment.filename  # « lien : <link> », as the case's piece is named
    assert several_pieces_answered(said, shown) == (
        f"fichiers partagés à télécharger, le demandeur pouvant retirer le lien ({DRIVE})")


def test_described_words_reads_the_link_s_line_or_the_line_announcing_it():
    assert described_words(DRIVE, f"Le dossier d'intention (Google Drive) : {DRIVE}", "") == \
        "Le dossier d'intention (Google Drive)"
    assert described_words(ONEDRIVE, f"Merci.\n\n> Courrier au maire :\n>\n> {ONEDRIVE}", "") == "Courrier au maire"
    assert described_words(ONEDRIVE, f"Courrier au maire\n{ONEDRIVE}", "") == ""
    assert described_words(DROPBOX, f"x {DRIVE} et les photos {DROPBOX}", "") == "et les photos"


def test_the_application_does_not_ask_for_the_pieces_its_links_were_described_as():
    msg = parse_message(wl.thunderbird_described_links(NB))
    contents = {a.sha256: Extracted(read=True, pixels=(1600, 1200)) for a in msg.attachments}
    d = decide(msg, verdicts_for(msg, RULES, contents), RULES,
               Context(watched=frozenset({NB}), mailbox_address=NB, system_id="sys"))
    a = d.assessment
    assert (a.status, a.asked, set(a.included)) == (REVIEW, (), {"dossier", "courrier"}), a


def test_words_for_the_whole_application_make_a_link_that_seems_to_hold_every_required_piece():
    """« dossier » alone is also what applicants call their whole application: words the rules give for it ([links]
    whole_words) make the link the visuals (counted, as any transfer link) that seem to hold the dossier and the letter
    too, so that none of the three is asked of the applicant meanwhile (it seemed to hold the dossier alone, and the
    acknowledgement asked for the letter and the visuals that were behind it too)."""
    for words in ("Tout le dossier est ici", "Notre candidature", "Voici le lien vers notre dossier de candidature",
                  "Le dossier complet", "Toutes les pièces", "L'ensemble de notre dossier"):
        assert seen(f"{words} : {DRIVE}") == [(PIECE, "visuels", ("dossier", "courrier"))], words
    v, = transfer_links(f"Notre candidature : {DRIVE}", "", RULES)  # said as staff read it, not as the rules match
    assert ("d'après les mots du message qui le présentent, « Notre candidature », il contient aussi : dossier "
            "d'intention et courrier officiel adressé au Maire : à vérifier par le service") in v.evidence, v.evidence
    assert "règles" not in v.evidence and "noms de fichier" not in v.evidence
    # the dossier by its own name stays the dossier alone
    assert seen(f"Le dossier d'intention : {DRIVE}") == [(UNRESOLVED, None, ("dossier",))]
    # without whole_words in the rules, « candidature » is one of the dossier's file-name words
    rules = parse_rules("pieces.toml", re.sub(r"\nwhole_words = \[[^]]*\]", "", RULES_TEXT))
    assert not rules.link_whole
    assert seen(f"Notre candidature : {DRIVE}", rules=rules) == [(UNRESOLVED, None, ("dossier",))]
