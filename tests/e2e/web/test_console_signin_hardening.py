"""The security officer's review of signing in: what the answer's timing says of who is listed, and signing out
of every browser at once."""

from __future__ import annotations

from .conftest import csrf_of


def test_the_answer_to_a_listed_address_does_not_wait_for_its_mail(console):
    """A listed address's request made its link's mail (two templates rendered, the message built, the outbox row
    written) before answering; a stranger's did none of it: the answer came some milliseconds later every time
    (5 ms in the median here), which told who is listed without reading a word. The mail is now made once the
    answer is gone. Shown here by an outbox that refuses every new row: the answer is still the stranger's."""
    from sqlalchemy import text

    with console.intake.app().engine.begin() as db:
        db.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN "
                        "SELECT RAISE(ABORT, 'outbox refused for the test'); END"))

    def ask(address):
        client = console.http()
        return client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": address})
    listed, stranger = ask(console.staff), ask("intrus@ville-bethune.fr")
    logged = console.logged("sign-in mail not queued")  # the mail's work, after the answer, fails and is logged
    with console.intake.app().engine.begin() as db:
        db.execute(text("DROP TRIGGER refuse"))
    assert listed.status == stranger.status == 200
    assert listed.text.replace(console.staff, "X") == stranger.text.replace("intrus@ville-bethune.fr", "X")
    assert "sign-in mail not queued" in logged
    console.log.write_text("")  # the fixture refuses a traceback in the log: this one was wanted


def test_signing_out_everywhere_ends_the_persons_other_sessions_and_no_one_elses(console, page):
    """A phone lost while signed in, a computer left open at a meeting: « Se déconnecter partout » from any browser
    ends every session of that staff member (a sign-out ended this browser's alone; the others lasted until idle
    for 30 minutes, or for 12 hours when someone used them). A colleague's session goes on."""
    phone = console.signed_in_http(console.staff)
    colleague = console.signed_in_http(console.other_staff)
    assert phone.get("/cases").status == 200
    console.sign_in(page)
    page.get_by_role("button", name="Se déconnecter partout").click()
    page.get_by_text("Vous êtes déconnecté(e) de tous vos appareils").wait_for()
    gone = phone.get("/cases")
    assert gone.status == 303 and gone.headers["location"].startswith("/login")
    assert colleague.get("/cases").status == 200
    page.goto(console.url + "/cases")
    assert "/login" in page.url
    assert "signed out everywhere: " + console.staff in console.log.read_text()


def test_a_browser_whose_session_ended_elsewhere_is_told_why_it_must_sign_in_again(console, page):
    """The other browser of someone who pressed « Se déconnecter partout » (or who left it unused past
    idle_minutes) landed on the sign-in page with no word: a busy staff member could not tell a sign-out from
    a fault. The page now says the session ended and why it may have; a browser that never signed in is told
    nothing of the kind."""
    phone = console.signed_in_http(console.staff)
    console.sign_in(page)
    page.get_by_role("button", name="Se déconnecter partout").click()
    page.get_by_text("Vous êtes déconnecté(e) de tous vos appareils").wait_for()
    gone = phone.get("/cases/BSC-2026-0001")
    assert gone.status == 303 and gone.headers["location"].startswith("/login")
    told = phone.get(gone.headers["location"])
    assert "Votre session a pris fin" in told.text and "Se déconnecter partout" in told.text
    assert "Votre session a pris fin" not in phone.get(phone.get("/cases").headers["location"]).text  # said once
    stranger = console.http()
    assert "Votre session a pris fin" not in stranger.get(stranger.get("/cases").headers["location"]).text


def test_the_per_client_limit_counts_an_ipv6_network_not_each_of_its_addresses(console):
    """The per-client limit on link requests (20 in 15 minutes) counted each IP address: a client on IPv6 holds a
    whole /64 (2^64 addresses its system may pick from), so it was no limit at all for it. A /64 is one client;
    an IPv4 address still is, and another network is another client."""
    def ask(address, client_ip):
        client = console.http()
        return client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": address},
                           headers={"X-Forwarded-For": client_ip}).status

    answers = [ask(f"x{n}@exemple.fr", f"2001:db8:5:7::{n + 1:x}") for n in range(21)]
    assert answers == [200] * 20 + [429]
    assert ask("y@exemple.fr", "2001:db8:5:8::1") == 200  # another /64
    assert ask("z@exemple.fr", "192.0.2.7") == 200


def test_signing_in_ends_the_session_the_browser_held_before(console):
    """Signing in over a session (a colleague's left open on a shared computer, or one an attacker planted) made a
    new session and left the old one valid for whoever kept its cookie: it is ended."""
    shared = console.signed_in_http(console.other_staff)
    kept = dict(shared.cookies)  # what someone copied of the colleague's cookie
    before = len(console.intake.smtp.messages)
    other = console.http()  # the link asked for elsewhere, opened from the mail on the shared computer
    assert other.post("/login", {"csrf": csrf_of(other.get("/login").text), "email": console.staff}).status == 200
    path = console.link_for(console.staff, before)[len(console.url):]
    confirm = shared.get(path)
    assert shared.post("/login/link", {"csrf": csrf_of(confirm.text),
                                       "token": path.split("token=")[1]}).status == 303
    assert "Nicolas Bataillon" in shared.get("/cases").text
    copy = console.http()
    copy.cookies.update(kept)
    assert copy.get("/cases").status == 303


def test_a_colleagues_sign_in_mail_is_not_an_outbox_mail_to_act_on(console):
    """The outbox page hides sign-in mails and refuses to show one, but its actions took them by number: a staff
    member could resend a colleague's sign-in mail that the relay refused, or mark it handled."""
    from sqlmodel import select

    from intake.core.statuses import FAILED
    from intake.store.database import session
    from intake.store.tables import Outbox

    colleague = console.signed_in_http(console.staff)  # their link's mail went out...
    engine = console.intake.app().engine
    with session(engine) as s:  # ...and here the relay refused it
        (mail,) = s.exec(select(Outbox).where(Outbox.kind == "signin")).all()
        mail.status, mail.last_error = FAILED, "550 5.1.1 refusé"
        s.add(mail)
        s.commit()
        number = mail.id
    staff = console.signed_in_http(console.other_staff)
    csrf = csrf_of(staff.get("/outbox").text)
    for action in ("resend", "handled", "readdress"):
        answer = staff.post(f"/outbox/{number}/{action}", {"csrf": csrf, "note": "vu", "to": console.staff})
        assert answer.status == 404, (action, answer.status, answer.headers.get("location"))
    with session(engine) as s:
        assert s.get(Outbox, number).status == FAILED
    assert colleague.get("/cases").status == 200


def test_a_used_or_expired_link_posted_again_is_logged_with_whose_it_was(console):
    """A link used a second time is the sign of a copy (a forwarded mail, a mailbox read by someone else, a proxy's
    log): the journal said nothing of it, only the first « signed in ». It now names whose link it was."""
    first = console.signed_in_http(console.other_staff)
    assert first.get("/cases").status == 200
    assert f"signed in: {console.other_staff}" in console.log.read_text()  # the first use
    link = console.link_for(console.other_staff, 0)  # the copy
    thief = console.http()
    form = thief.get("/login")
    assert thief.post("/login/link", {"csrf": csrf_of(form.text), "token": link.split("token=")[1]}).status == 410
    said = f"sign-in refused: the link of {console.other_staff} was used already"
    assert said in console.logged(said)


def test_signing_out_everywhere_voids_the_links_not_used_yet(console):
    """Someone reading the staff member's mail (a phone lost, a mailbox shared) holds a link not used yet;
    « Se déconnecter partout » ended the sessions and left that link valid for its 15 minutes: whoever held it
    signed in right after. It is void, and a later use of it is journalled as a copy's."""
    mine = console.signed_in_http(console.staff)
    thief = console.http()
    before = len(console.intake.smtp.messages)
    assert thief.post("/login", {"csrf": csrf_of(thief.get("/login").text), "email": console.staff}).status == 200
    path = console.link_for(console.staff, before)[len(console.url):]
    assert mine.post("/logout", {"csrf": csrf_of(mine.get("/cases").text), "partout": "1"}).status == 303
    confirm = thief.get(path)
    assert confirm.status == 410
    assert thief.post("/login/link", {"csrf": csrf_of(thief.get("/login").text),
                                      "token": path.split("token=")[1]}).status == 410
    assert "sign-in refused: the link of " + console.staff + " was used already" in console.log.read_text()
