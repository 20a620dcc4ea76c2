"""The console's page of a quarantined message names its headers in French, as the page of a filed message does
(web/mailview.py): staff read « De », « À », « Objet » under « En-têtes », not « From », « To », « Subject »; a
technical header without a French name (« X-Mailer ») keeps its own."""

from __future__ import annotations

import html
import re

from intake.commands import samples

from .conftest import set_aside


def test_a_quarantined_message_s_headers_are_named_in_french(console):
    intake = console.intake
    raw = samples.email(sender="Vélo Béthunois <velo@asso.example>", to=[intake.nb], subject="Candidature au label",
                        headers={"Reply-To": "tresorier@asso.example", "X-Mailer": "Courrielleur 2"})
    message_id = set_aside(intake, raw, 9, "Candidature au label", "velo@asso.example",
                           "au-delà des limites : 3 pièces jointes (limite 2)")
    page = console.signed_in_http().get(f"/quarantine/{message_id}")
    assert page.status == 200
    shown = {html.unescape(name): html.unescape(value)
             for name, value in re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page.text.split("En-têtes", 1)[1])}
    assert shown["De"] == "Vélo Béthunois <velo@asso.example>" and shown["À"] == intake.nb, shown
    assert shown["Objet"] == "Candidature au label" and shown["Répondre à"] == "tresorier@asso.example", shown
    assert shown["X-Mailer"] == "Courrielleur 2", shown
    assert not {"From", "To", "Subject", "Reply-To"} & set(shown), shown
