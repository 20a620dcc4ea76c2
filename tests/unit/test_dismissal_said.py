"""What « Ignorer » does to a quarantined message, said to staff before and after (core/dismissal.py): the console
said « écarter » and « gardée dans le registre », which told nobody that the message is not handled, nobody answers
it, its content goes at once and only a line stays, until a day the retention rule sets."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from intake.core.dismissal import after, before
from intake.core.retention import Period

PARIS = ZoneInfo("Europe/Paris")
READ = datetime(2026, 12, 3, 9, 5, tzinfo=PARIS)


def test_before_ignoring_one_message_staff_read_what_becomes_of_it_and_until_when():
    said = before(Period(60, "jours"), READ, PARIS)
    assert "n'est pas traité" in said and "personne ne lui répond" in said
    assert "Son contenu (texte, fichiers, objet) est effacé du service aussitôt" in said
    assert "jusqu'au lundi 1er février 2027 (60 jours après sa relève" in said
    assert "L'original reste dans la boîte aux lettres" in said and "Cela ne se défait pas" in said
    assert "écart" not in said.lower()


def test_before_ignoring_several_the_period_is_said_without_a_date():
    said = before(Period(60, "jours"), None, PARIS)
    assert "gardée 60 jours après sa relève" in said and "jusqu'au" not in said


def test_without_a_retention_rule_the_line_is_kept_without_limit():
    assert "gardée sans limite de durée" in before(None, READ, PARIS)


def test_after_ignoring_staff_are_told_what_was_done_and_until_when_the_line_stays():
    one = after(1, Period(60, "jours"), [READ], PARIS)
    assert one.startswith("Message ignoré : il n'est pas traité et personne ne lui répond ; son contenu est effacé")
    assert "jusqu'au lundi 1er février 2027" in one
    many = after(3, Period(60, "jours"), [READ, datetime(2026, 12, 1, tzinfo=PARIS)], PARIS)
    assert many.startswith("3 messages ignorés : ils ne sont pas traités et personne ne leur répond")
    assert "jusqu'au lundi 1er février 2027 au plus tard" in many
