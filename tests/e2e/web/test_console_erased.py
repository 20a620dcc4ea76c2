"""A case erased at its applicant's request (GDPR art. 17): the console says when it was erased, from its
statistics line, instead of « Aucun dossier »; nothing personal is left to show."""

from __future__ import annotations

from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

from .conftest import poll


def test_the_console_says_an_erased_case_was_erased_and_when(console):
    intake = console.intake
    intake.deliver(intake.application(sender="Jeanne Martin <jeanne@asso.example>"), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    code, out = intake.cli("person", "jeanne@asso.example", "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    http = console.signed_in_http()
    today = datetime.now(ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y")  # the service's day (its timezone)
    page = http.get(f"/cases/{ref}")
    text = unescape(page.text)
    assert page.status == 410
    assert f"{ref} : dossier effacé le {today} à la demande de la personne concernée (RGPD)" in text
    assert "Aucun dossier" not in text and "jeanne" not in text.lower()
    found = unescape(http.get(f"/cases?q={ref}").text)  # a search for the reference says the same
    assert f"{ref} : dossier effacé le {today}" in found and "jeanne" not in found.lower()
    missing = http.get("/cases/BSC-2026-0999")
    assert missing.status == 404 and "Aucun dossier BSC-2026-0999" in unescape(missing.text)
