"""Sign-in links: at most a few a day mailed to one address, whoever asks (one live link at a time alone let an
anonymous person have 96 a day mailed to a staff member), with the same answer for any address; and a browser where
the staff member signed in before can still ask for their link, so the cap locks nobody out."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

from itsdangerous import Signer, TimestampSigner, URLSafeTimedSerializer
from sqlmodel import select

from intake.store.database import session
from intake.store.tables import WebAttempt, WebSignin
from intake.web.auth import DAILY_PER_ADDRESS
from intake.web.security import Keys

from .conftest import csrf_of


def a_quarter_of_an_hour_later(intake) -> None:
    """Live links expire and the recent requests age by 16 minutes (still within the day)."""
    now = datetime.now(timezone.utc)
    with session(intake.app().engine) as s:
        for link in s.exec(select(WebSignin).where(WebSignin.used_at.is_(None))):
            link.expires_at = now - timedelta(seconds=1)
            s.add(link)
        for attempt in s.exec(select(WebAttempt)):
            attempt.at -= timedelta(minutes=16)
            s.add(attempt)
        s.commit()


def mails_to(console, address: str) -> int:
    return len([m for m in console.intake.smtp.messages if address in m.rcpt_tos])


def mailed(console, address: str, count: int, timeout: float = 15.0) -> None:
    """Once `count` mails went to `address` (within `timeout` s: a mail the console sends after its answer)."""
    deadline = time.monotonic() + timeout
    while mails_to(console, address) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert mails_to(console, address) == count, (mails_to(console, address), count)


def ask(client, address):
    return client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": address})


def words(r, address):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text.replace(address, "ADDRESS")))


def untimed(text: str) -> str:
    """`text` without the times it names (« 08 h 48 »)."""
    return re.sub(r"\b\d{1,2} h \d{2}\b", "HH h MM", text)


def test_a_staff_address_gets_a_few_links_a_day_and_its_own_browser_still_signs_in(console):
    staff, intake = console.other_staff, console.intake
    own = console.signed_in_http(staff)  # the staff member's usual browser: signed in once (one link)
    own.cookies = {k: v for k, v in own.cookies.items() if "session" not in k}  # then signed out
    attacker = console.http()
    for n in range(DAILY_PER_ADDRESS - 1):
        a_quarter_of_an_hour_later(intake)
        assert ask(attacker, staff).status == 200
        # its link is mailed after the answer, if it is still live then: aged (expired) by the next turn before it
        # was, it was not mailed (4 of 5 here, once in three runs)
        mailed(console, staff, n + 2)
    a_quarter_of_an_hour_later(intake)
    capped = ask(attacker, staff)
    time.sleep(1.0)
    assert mails_to(console, staff) == DAILY_PER_ADDRESS  # not one more
    assert capped.status == 429
    text = words(capped, staff)
    assert f"{DAILY_PER_ADDRESS} liens de connexion y ont déjà été envoyés en 24 heures" in text
    assert "Aucun nouveau lien n'est envoyé avant le" in text and "déjà connecté" in text

    # a stranger cannot tell a staff address from another by the cap
    other = console.http()
    for _ in range(DAILY_PER_ADDRESS):
        ask(other, "intrus@ville-bethune.fr")
        a_quarter_of_an_hour_later(intake)
    stranger = ask(other, "intrus@ville-bethune.fr")
    # the same page but for the time it names, which moves on by a minute between two requests now and then
    assert stranger.status == 429 and untimed(words(stranger, "intrus@ville-bethune.fr")) == untimed(text)

    # the staff member's own browser still gets a link, and signs in with it; another address's cap holds for it
    before = len(intake.smtp.messages)
    mine = ask(own, staff)
    assert mine.status == 200 and "vient d'y être envoyé" in mine.text
    link = console.link_for(staff, before)[len(console.url):]
    page = own.get(link)
    assert own.post("/login/link", {"csrf": csrf_of(page.text), "token": link.split("token=")[1]}).status == 303
    assert own.get("/cases").status == 200
    assert ask(console.http(), staff).status == 429  # everyone else: still capped
    own.cookies = {k: v for k, v in own.cookies.items() if "session" not in k}
    assert ask(own, "intrus@ville-bethune.fr").status == 429  # the cookie speaks for its own address only


def test_the_known_browser_cookie_is_dated_by_the_server_and_lifts_the_cap_for_180_days_only(console):
    """The cookie that lets a staff member's own browser ask past the cap was signed without a date: the 180 days
    were the browser's max-age alone, and a copy of it (a backup, a browser kept for years, a laptop handed on)
    lifted the per-address limits for that address for as long as the console's key lasted. It is now dated by the
    server, and refused past 180 days."""
    staff, intake = console.other_staff, console.intake
    own = console.signed_in_http(staff)
    own.cookies = {k: v for k, v in own.cookies.items() if "session" not in k}
    name = next(k for k in own.cookies if k.endswith("known"))
    secret = bytes.fromhex((intake.app().settings.data_dir / "web-secret.key").read_text().strip())
    keyed = Keys(secret).keyed("known", staff)

    class HalfAYearAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 181 * 24 * 3600

    undated = Signer(secret, salt="intake-console-cookie").sign(keyed.encode()).decode()  # as it was made before
    stale = URLSafeTimedSerializer(secret, salt="intake-known-browser", signer=HalfAYearAgo).dumps(keyed)
    attacker = console.http()
    for _ in range(DAILY_PER_ADDRESS):
        a_quarter_of_an_hour_later(intake)
        ask(attacker, staff)
    a_quarter_of_an_hour_later(intake)
    assert ask(attacker, staff).status == 429
    for cookie in (undated, stale):
        kept = console.http()
        kept.cookies = {name: cookie}
        assert ask(kept, staff).status == 429, cookie
    assert ask(own, staff).status == 200  # the browser where they signed in, dated by the server today


def test_the_page_after_a_request_says_a_mistyped_address_may_ask_again_at_once(console):
    """It said « demandez un nouveau lien : un seul lien est valable à la fois, un nouveau peut donc être demandé
    15 minutes après le premier »: whoever mistyped their address read that they must wait, which they need not."""
    text = words(ask(console.http(), console.other_staff), console.other_staff)
    assert "si elle est fausse, demandez un lien avec la bonne, tout de suite" in text, text
    assert "Pour la même adresse, un seul lien est valable à la fois : vous pourrez en demander un nouveau dans 15 " \
           "minutes" in text, text
