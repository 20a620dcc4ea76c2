"""The console's quarantine view of a message quarantined without its bytes (the quarantine full: [limits]
quarantine_bytes): it says where the original stays and what to do, offers no download, and offers to read it again
from its mailbox, not to file it with the limits lifted (nobody could look at it); one that cannot be found there any
more is answered in French."""

from __future__ import annotations

import html
import re

from playwright.sync_api import expect

from intake.core.arrival import over_limits
from intake.core.quarantine_space import Held, room_for, without_content
from intake.store.database import session
from intake.store.tables import Inbound

from .conftest import csrf_of


def not_kept(intake) -> int:
    """A message the full quarantine did not keep (its ledger line alone): its number."""
    app = intake.app()
    why = room_for(60_000, Held(total=app.settings.limits.quarantine_bytes), app.settings.limits.quarantine_bytes)
    reason = without_content(over_limits("plus de 1000 parties MIME : limite [limits] max_parts").reason, why, "nb",
                             "INBOX", 9)
    with session(app.engine) as s:
        row = Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=9, identity="uid:nb:1:9",
                      internal_date=app.clock(), size=60_000, fate="quarantined", reason=reason,
                      from_addr="vera@asso.example", subject="Candidature au label", created_at=app.clock())
        s.add(row)
        s.commit()
        return row.id


def test_a_message_not_kept_is_shown_with_what_to_do_and_a_retry_that_cannot_find_it_says_so(console):
    intake = console.intake
    number = not_kept(intake)
    client = console.signed_in_http()
    listed = html.unescape(client.get("/quarantine").text)
    assert "Candidature au label" in listed and "contenu non gardé : la quarantaine est pleine" in listed
    assert "Contenu gardé par la quarantaine, place prise : 0 octet sur 2,15 Go" in listed
    page = client.get(f"/quarantine/{number}")
    assert page.status == 200
    text = html.unescape(page.text)
    assert (f"l'original est resté dans la boîte {intake.nb} (boîte de réception, n° 9 sur le serveur)" in text
            and "UID" not in text and "INBOX" not in text)
    assert "[limits]" not in text and "[limits]" not in listed
    assert f"transférez-le à {intake.nb}" in text and "bouton « Ignorer ce message »" in text
    assert "Télécharger le message" not in text and "Traiter à nouveau ce message" in text
    assert f"il est d'abord relu dans la boîte {intake.nb}, où il est resté" in text  # its address, not « nb »
    # set aside for a limit, but nothing of it can be looked at here: it is not offered to be filed, limits lifted
    assert "Enregistrer malgré les limites" not in text and "vous pourrez alors le regarder ici" in text
    refused = client.post(f"/quarantine/{number}/file-anyway", {"csrf": csrf_of(page.text)})
    assert "son contenu n'a pas été gardé ici, personne n'a donc pu le regarder" in html.unescape(
        client.get(refused.headers["location"]).text if refused.status == 303 else refused.text)
    posted = client.post(f"/quarantine/{number}/retry", {"csrf": csrf_of(page.text)})
    assert posted.status == 303
    again = html.unescape(client.get(posted.headers["location"]).text)
    # this ledger line was written by the test, under a UIDVALIDITY that is not the mailbox's
    assert f"Nouvel essai impossible : message n° {number} : son contenu n'a pas été gardé ici, et la boîte nb a " \
           "été renumérotée depuis sa réception" in again
    assert client.get(f"/quarantine/{number}/message.eml").status != 500


def test_in_the_browser_a_message_not_kept_says_where_its_original_is_and_can_be_dismissed(console, page):
    """What a staff member sees and does in Chromium: the quarantine's use of its budget, the message not kept, what
    to do with it (no download; a retry reads it again from its mailbox), then dismissing it with a reason."""
    intake = console.intake
    not_kept(intake)
    console.sign_in(page)
    page.get_by_role("navigation").get_by_role("link", name=re.compile("^Quarantaine")).click()
    expect(page.get_by_role("heading", name="Messages en quarantaine")).to_be_visible()
    expect(page.get_by_text("Contenu gardé par la quarantaine, place prise : 0 octet sur 2,15 Go")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("contenu non gardé : la quarantaine est pleine"))).to_be_visible()
    page.get_by_role("link", name="Candidature au label").click()
    expect(page.get_by_role("heading", name="En quarantaine : Candidature au label")).to_be_visible()
    expect(page.get_by_text(f"l'original est resté dans la boîte {intake.nb} (boîte de réception, n° 9 sur le "
                            "serveur)").first
           ).to_be_visible()
    expect(page.get_by_role("link", name="Télécharger le message (.eml)")).to_have_count(0)
    expect(page.get_by_role("button", name="Traiter à nouveau ce message")).to_be_visible()
    expect(page.get_by_text(f"il est d'abord relu dans la boîte {intake.nb}, où il est resté")).to_be_visible()
    page.get_by_label("Raison").fill("publicité, pas une candidature")
    # what ignoring does, said before (« Écarter » and « gardée dans le registre » told nobody what became of it)
    expect(page.locator("#dismiss-said")).to_contain_text("Ignoré, le message n'est pas traité : aucun dossier n'est "
                                                          "ouvert et personne ne lui répond.")
    expect(page.locator("#dismiss-said")).to_contain_text(re.compile(r"gardée jusqu'au .+ 20\d\d \(60 jours après sa "
                                                                     r"relève"))
    page.get_by_role("button", name="Ignorer ce message").click()
    expect(page.get_by_role("status")).to_contain_text("Message ignoré : il n'est pas traité et personne ne lui "
                                                       "répond ; son contenu est effacé du service")
    expect(page.get_by_role("status")).to_contain_text(re.compile("reste jusqu'au .* 20\\d\\d\\. L'original reste"))
    expect(page.get_by_text("Aucun message en quarantaine.")).to_be_visible()
