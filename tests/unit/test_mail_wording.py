"""The project's mail templates as an applicant reads them: French that agrees with what is missing, the blank form's
address, the day without « 00 h 00 », the implicit-decision date (rendered with Jinja2, no server)."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intake.adapters.templates import Templates
from intake.commands.rules_check import SAMPLE_SERVICE
from intake.core import french, mailcontent
from intake.core.mailcontent import Wanted

TEMPLATES = Templates(Path(__file__).resolve().parents[2] / "templates")
PARIS = ZoneInfo("Europe/Paris")
VISUELS = Wanted("documents complémentaires et visuels", plural=True)
COURRIER = Wanted("courrier officiel adressé au Maire")
DOSSIER = Wanted("dossier d'intention", form_url="https://www.ville-bethune.fr/label/dossier-intention.docx")


def render(kind: str, missing, status="incomplete", received=datetime(2026, 11, 2, 8, 5, tzinfo=timezone.utc),
           complete_since=None, typed=()) -> tuple[str, str]:
    context = mailcontent.case_mail(
        kind=kind, reference="BSC-2026-0001", status=status, received_at=received, tz=PARIS, applicant_name="",
        subject="Candidature", pieces=[("dossier d'intention", "dossier.pdf", 120_000)],
        new_pieces=[("dossier d'intention", "dossier.pdf", 120_000)], missing=missing, deadline=date(2026, 12, 2),
        complete_since=complete_since, typed=typed, service=SAMPLE_SERVICE)
    _, text, html = TEMPLATES.render_mail(kind, context)
    return " ".join(text.split()), " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("kind", ["acknowledgement", "update", "reminder"])
def test_the_pronoun_agrees_with_what_is_missing(kind):
    for missing, expected in (([VISUELS], "ces pièces"), ([COURRIER], "cette pièce"),
                              ([COURRIER, VISUELS], "ces pièces")):
        for part in render(kind, missing):
            assert f"Merci de nous faire parvenir {expected} avant le" in part, (kind, missing, part)
            assert "la faire parvenir" not in part and "les faire parvenir" not in part


@pytest.mark.parametrize("kind", ["acknowledgement", "update", "reminder"])
def test_a_missing_piece_with_a_blank_form_says_where_to_download_it(kind):
    for part in render(kind, [DOSSIER, COURRIER]):
        assert "formulaire à télécharger : https://www.ville-bethune.fr/label/dossier-intention.docx" in part
    for part in render(kind, [COURRIER]):
        assert "formulaire à télécharger" not in part


def test_a_letter_typed_in_the_mail_is_asked_for_as_a_signed_file_and_the_applicant_told_why():
    """The applicant who typed the letter to the mayor in the mail is asked for it with the other missing pieces, and
    told why (he believes he sent it): in both the text and the HTML part; nothing of it when nothing was typed."""
    for part in render("acknowledgement", [COURRIER, VISUELS], typed=[COURRIER]):
        assert ("Le texte de votre message semble être : courrier officiel adressé au Maire. Cette pièce est attendue "
                "en pièce jointe : merci de nous envoyer le document signé (fichier PDF, scan ou photo).") in part, part
    for part in render("acknowledgement", [COURRIER, DOSSIER], typed=[COURRIER, DOSSIER]):
        assert "semble être : courrier officiel adressé au Maire, dossier d'intention. Ces pièces sont attendues" in \
            html.unescape(part), part
    for part in render("acknowledgement", [COURRIER]):
        assert "semble être" not in part and "document signé" not in part, part


def test_a_day_without_a_time_is_printed_without_midnight():
    paper = datetime(2026, 11, 20, 0, 0, tzinfo=PARIS)
    assert french.date_time(paper) == "vendredi 20 novembre 2026"
    assert french.date_time(datetime(2026, 11, 20, 0, 0, 1, tzinfo=PARIS)) == "vendredi 20 novembre 2026 à 0 h 00"
    for part in render("acknowledgement", [COURRIER], received=paper):
        assert "vendredi 20 novembre 2026" in part and "00 h 00" not in part


def test_counts_agree_in_number():
    assert [french.count(n, "dossier") for n in (0, 1, 2)] == ["0 dossier", "1 dossier", "2 dossiers"]
    assert french.count(3, "nouveau", "nouveaux") == "3 nouveaux" and french.size(1) == "1 octet"


def test_a_count_that_starts_a_sentence_says_none_in_words():
    assert [french.count_or_none(n, "dossier") for n in (0, 1, 2)] == ["Aucun dossier", "1 dossier", "2 dossiers"]
    assert french.count_or_none(0, "pièce", none="Aucune") == "Aucune pièce"


def test_a_complete_case_is_told_the_day_of_the_implicit_decision():
    for part in render("completion", [], status="complete", complete_since=datetime(2026, 12, 31, 22, 30,
                                                                                 tzinfo=timezone.utc)):
        # received on 31 December at 23:30 in Paris: two months later is 28 February (no 31 February)
        assert "à compter de la réception de votre dossier complet, soit le dimanche 28 février 2027, elle sera " \
               "réputée rejetée" in part
    for part in render("acknowledgement", [COURRIER]):
        assert ", soit le" not in part and "au plus tard jusqu'au mercredi 2 décembre 2026" in part


@pytest.mark.parametrize("kind", ["acknowledgement", "update", "completion", "reminder"])
def test_every_mail_to_the_applicant_closes_politely_before_the_service_signs(kind):
    """The mails went from their last paragraph straight to the service's address block: no closing formula, which
    a French administrative letter never lacks."""
    for part in render(kind, [COURRIER], status="complete" if kind == "completion" else "incomplete"):
        assert f"Cordialement, {SAMPLE_SERVICE.name}" in part, (kind, part[-400:])


def test_times_are_written_as_french_typography_writes_them():
    """« 9 h 05 », not « 09 h 05 » (Imprimerie nationale); the minutes keep two digits."""
    assert french.date_time(datetime(2026, 11, 2, 9, 5, tzinfo=PARIS)) == "lundi 2 novembre 2026 à 9 h 05"
    assert french.clock(datetime(2026, 11, 2, 14, 30, tzinfo=PARIS)) == "14 h 30"
    assert french.clock(datetime(2026, 11, 2, 0, 7, tzinfo=PARIS)) == "0 h 07"


def test_a_technical_header_value_says_what_it_means_to_staff():
    from intake.core import labels

    assert labels.header_value("Auto-Submitted", "auto-generated") == "oui, envoyé par un programme (auto-generated)"
    assert labels.header_value("auto-submitted", "auto-replied; owner-email=x@y") == \
        "oui, réponse automatique (auto-replied; owner-email=x@y)"
    assert labels.header_value("Subject", "auto-generated") == "auto-generated"
