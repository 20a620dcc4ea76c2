"""A flood cleaned up in the console: the quarantine's messages are ticked (one sender's all at once, through a link
that ticks them) and dismissed together with one reason; the application among them stays."""

from __future__ import annotations

import html
import re

from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import Inbound

from .conftest import csrf_of
from .test_console_staff_actions import set_aside


def flood(intake) -> dict[str, int]:
    """Four messages from mallory, one from eve, one application from vera, all set aside: subject -> number."""
    senders = [("mallory@evil.example", f"Promo {n}") for n in range(1, 5)]
    senders += [("eve@evil.example", "Gagnez un voyage"), ("vera@asso.example", "Candidature au label")]
    for uid, (sender, subject) in enumerate(senders, start=20):
        set_aside(intake, samples.email(sender=sender, to=[intake.nb], subject=subject, body="Bonjour"), uid=uid,
                  subject=subject, sender=sender)
    with session(intake.app().engine) as s:
        return {r.subject: r.id for r in s.exec(select(Inbound)).all()}


def test_in_the_browser_a_senders_messages_are_ticked_and_dismissed_together(console, page):
    intake = console.intake
    numbers = flood(intake)
    console.sign_in(page)
    page.goto(f"{console.url}/quarantine")
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(0)
    page.get_by_role("link", name="cocher ses messages").click()  # only mallory sent more than one
    for subject, number in numbers.items():
        box = page.get_by_role("checkbox", name=f"Ignorer le message n° {number}")
        if subject.startswith("Promo"):
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()
    ticked = "4 messages cochés pour vous, y compris ceux qui pourraient être une candidature : vérifiez la liste"
    expect(page.get_by_text(ticked)).to_be_visible()
    page.get_by_role("checkbox", name=f"Ignorer le message n° {numbers['Gagnez un voyage']}").check()
    page.get_by_label("Raison").fill("envoi en masse, pas une candidature")
    page.get_by_role("button", name="Ignorer les messages cochés").click()

    expect(page.get_by_role("status")).to_contain_text("5 messages ignorés : ils ne sont pas traités")
    expect(page.get_by_role("link", name="Candidature au label")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Promo"))).to_have_count(0)
    with session(intake.app().engine) as s:
        rows = {r.id: r for r in s.exec(select(Inbound)).all()}
    vera = rows[numbers["Candidature au label"]]
    assert vera.fate == "quarantined" and vera.raw_sha256 and vera.subject == "Candidature au label"
    dismissed = [r for number, r in rows.items() if number != vera.id]
    # not filed: nothing of them is kept but their ledger line (no bytes, no subject)
    assert len(dismissed) == 5 and all(r.fate == "ignored" and not r.raw_sha256 and not r.subject for r in dismissed)
    assert all(console.staff in r.reason and "envoi en masse" in r.reason for r in dismissed)


def test_dismissing_nothing_ticked_or_a_message_no_longer_there_does_nothing_and_says_why(console):
    intake = console.intake
    numbers = flood(intake)
    client = console.signed_in_http()
    listed = client.get("/quarantine?de=*")
    assert html.unescape(listed.text).count("checked") == 6
    csrf = csrf_of(listed.text)

    def dismissed(ids: list[int], reason: str = "envoi en masse") -> str:
        form = [("csrf", csrf), ("reason", reason), *[("ids", str(i)) for i in ids]]  # one field per box ticked
        posted = client.post("/quarantine/dismiss", form)
        assert posted.status == 303, posted.text
        return html.unescape(client.get(posted.headers["location"]).text)

    assert "Messages non ignorés : aucun message choisi" in dismissed([])
    assert "Messages non ignorés : la raison est vide" in dismissed([numbers["Promo 1"]], reason=" ")
    gone = numbers["Promo 2"]
    assert "Message ignoré :" in dismissed([gone])
    # a colleague dismissed one meanwhile: none of those ticked is dismissed
    text = dismissed([numbers["Promo 1"], gone])
    assert f"Messages non ignorés : aucun message n° {gone} en quarantaine" in text, text
    with session(intake.app().engine) as s:
        assert s.get(Inbound, numbers["Promo 1"]).fate == "quarantined"


def test_a_flood_of_thousands_is_shown_and_dismissed_a_thousand_at_a_time(console):
    """The page listed every quarantined message (and read the stored headers of each one recorded without a
    subject): a flood of thousands was one page of thousands. It shows the oldest that one dismissal takes."""
    intake = console.intake
    app = intake.app()
    with session(app.engine) as s:
        for uid in range(1, 1003):
            s.add(Inbound(mailbox="nb", folder="INBOX", uidvalidity=1, uid=uid, identity=f"uid:nb:1:{uid}",
                          internal_date=app.clock(), size=1000, fate="quarantined", reason="message illisible",
                          from_addr=f"robot{uid}@evil.example", subject=f"Promo {uid}", created_at=app.clock()))
        s.commit()
    client = console.signed_in_http()
    listed = client.get("/quarantine?de=*")
    text = html.unescape(listed.text)
    assert "1002 messages en quarantaine : les 1000 plus anciens ci-dessous" in text, text[:3000]
    assert ">Tout cocher</a>" in text  # each from another sender (no sender's link): still one link for all
    ticked = re.findall(r'name="ids" value="(\d+)"[^>]* checked', listed.text)
    assert len(ticked) == 1000 and text.count('name="ids"') == 1000
    form = [("csrf", csrf_of(listed.text)), ("reason", "envoi en masse"), *[("ids", n) for n in ticked]]
    posted = client.post("/quarantine/dismiss", form)
    assert posted.status == 303, posted.text
    after = html.unescape(client.get(posted.headers["location"]).text)
    assert "1000 messages ignorés" in after and "2 messages en quarantaine" in after, after[:3000]
    assert "Promo 1001" in after and "Promo 1002" in after
