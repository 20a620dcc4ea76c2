"""Issue 10: the console as an attacker meets it — no page or file without a session, no form without its CSRF
token, links that work once and briefly, nothing mailed to strangers, no path games, applicants' markup as text."""

from __future__ import annotations

import email
import email.policy
import html
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from intake.commands import samples
from intake.store.database import session
from intake.store.tables import Case, Inbound, Outbox, Piece, WebSession, WebSignin
from intake.web.site import create_console

from .conftest import csrf_of, poll, posted_at_once

PDF = ("lettre.pdf", samples.pdf("Monsieur le Maire\nJ'ai l'honneur de solliciter le label"), "application/pdf")
DOCX = ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(title="Titre", who="Asso", what="x")),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def mailed_once_settled(intake, address: str, after: int = 0, timeout: float = 15.0) -> int:
    """How many mails to `address` the SMTP server got after the `after`-th one: once the first came (the console
    sends after its answer: a loaded machine may take more than a second) and one second more for any other."""
    def count() -> int:
        return len([m for m in intake.smtp.messages[after:] if address in m.rcpt_tos])

    deadline = time.monotonic() + timeout
    while not count() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # a second mail would have come by now
    return count()


def two_cases(intake) -> tuple[Case, Piece, Case, Piece]:
    for sender in ("Un <un@asso.example>", "Deux <deux@asso.example>"):
        intake.deliver(samples.email(sender=sender, to=[intake.nb], subject="Candidature", attachments=[DOCX, PDF]),
                       intake.nb)
    poll(intake)
    with session(intake.app().engine) as s:
        first, second = s.exec(select(Case).order_by(Case.id)).all()
        p1 = s.exec(select(Piece).where(Piece.case_id == first.id)).first()
        p2 = s.exec(select(Piece).where(Piece.case_id == second.id)).first()
    return first, p1, second, p2


def route_paths(console, values: dict) -> list[tuple[str, str]]:
    """Every route of the console (each method), with real values in its parameters."""
    app = create_console(console.intake.app()).app
    out = []
    for route in app.routes:
        path = getattr(route, "path", "")
        if not path or path.startswith("/static") or not getattr(route, "methods", None):
            continue
        filled = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values[m.group(1)]), path)
        for method in route.methods - {"HEAD"}:
            out.append((method, filled))
    return out


PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/login/link"), ("POST", "/login/link"),
          ("GET", "/favicon.ico"), ("GET", "/"), ("POST", "/logout")}


def test_no_page_file_or_action_without_a_session(console):
    first, piece, _, _ = two_cases(console.intake)
    with session(console.intake.app().engine) as s:
        inbound = s.exec(select(Outbox)).first()
    values = {"ref": first.reference, "piece_id": piece.id, "inbound_id": 1, "number": 1, "outbox_id": inbound.id}
    routes = route_paths(console, values)
    assert len(routes) >= 18  # the test follows the console as it grows
    anonymous = console.http()
    for method, path in routes:
        if (method, path) in PUBLIC:
            continue
        if method == "GET":
            r = anonymous.get(path)
            assert r.status == 303 and r.headers["location"].startswith("/login?next="), (path, r.status)
            assert r.body == b"", path
        else:
            r = anonymous.post(path, {"csrf": "0" * 64, "kind": "courrier", "status": "declined"})
            assert r.status == 403, (method, path, r.status)
    assert anonymous.get("/").headers["location"] == "/cases"
    assert console.intake.case(first.reference)["status"] == first.status  # nothing was done
    forged = console.http()
    forged.cookies["intake_session"] = "made-up.signature"
    assert forged.get(f"/cases/{first.reference}/pieces/{piece.id}").status == 303


def test_a_form_without_its_csrf_token_is_refused(console):
    first, piece, _, _ = two_cases(console.intake)
    client = console.signed_in_http()
    page = client.get(f"/cases/{first.reference}")
    assert page.status == 200
    token = csrf_of(page.text)
    refusal = {"status": "declined", "note": "hors périmètre"}  # a decision that is otherwise valid
    for form in ({}, {"csrf": ""}, {"csrf": "f" * 64}, {"csrf": token[:-1] + ("0" if token[-1] != "0" else "1")}):
        r = client.post(f"/cases/{first.reference}/decision", {**form, **refusal, "notify": "1"})
        assert r.status == 403, form
        r = client.post(f"/cases/{first.reference}/pieces/{piece.id}/kind", {**form, "kind": "visuels"})
        assert r.status == 403, form
    other = console.signed_in_http(console.other_staff)  # another person's token is not yours
    r = client.post(f"/cases/{first.reference}/decision", {"csrf": csrf_of(other.get("/cases").text),
                                                           **refusal})
    assert r.status == 403
    r = client.post(f"/cases/{first.reference}/decision", {"csrf": token, **refusal},
                    headers={"Origin": "https://evil.example"})
    assert r.status == 403
    detail = console.intake.case(first.reference)
    assert detail["status"] == first.status and [e for e in detail["events"] if e["kind"] == "decision"] == []
    ok = client.post(f"/cases/{first.reference}/decision", {"csrf": token, **refusal})
    assert ok.status == 303 and console.intake.case(first.reference)["status"] == "declined"  # the real one works


def test_a_link_works_once_and_for_fifteen_minutes_and_opening_it_uses_nothing(console):
    intake = console.intake
    client = console.http()
    before = len(intake.smtp.messages)
    client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": console.staff.upper()})
    link = console.link_for(console.staff, before)
    path = link[len(console.url):]
    token = path.split("token=")[1]
    for _ in range(3):  # a mail scanner fetching the link does not use it up
        assert console.http().get(path).status == 200
    page = client.get(path)
    assert page.headers["referrer-policy"] == "no-referrer"  # the token is not passed on as a Referer
    assert client.post("/login/link", {"csrf": csrf_of(page.text), "token": token}).status == 303
    assert client.get("/cases").status == 200

    thief = console.http()
    again = thief.get(path)
    assert again.status == 410 and "ne fonctionne plus" in again.text
    confirm_page = thief.get("/login")
    assert thief.post("/login/link", {"csrf": csrf_of(confirm_page.text), "token": token}).status == 410
    assert thief.get("/cases").status == 303

    before = len(intake.smtp.messages)
    late = console.http()
    late.post("/login", {"csrf": csrf_of(late.get("/login").text), "email": console.staff})
    late_path = console.link_for(console.staff, before)[len(console.url):]
    with session(intake.app().engine) as s:  # fifteen minutes later
        for row in s.exec(select(WebSignin).where(WebSignin.used_at.is_(None))):
            row.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)
            s.add(row)
        s.commit()
    page = late.get(late_path)
    assert page.status == 410
    assert late.post("/login/link", {"csrf": csrf_of(late.get("/login").text),
                                     "token": late_path.split("token=")[1]}).status == 410
    assert late.get("/cases").status == 303
    with session(intake.app().engine) as s:
        stored = [row.token_hash for row in s.exec(select(WebSignin))]
    assert token not in stored and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in stored)  # only hashes


def test_an_unlisted_address_gets_the_same_answer_and_no_mail(console):
    intake = console.intake
    stranger = console.http()
    answer = stranger.post("/login", {"csrf": csrf_of(stranger.get("/login").text),
                                      "email": "intrus@ville-bethune.fr"})
    listed = console.http()
    before = len(intake.smtp.messages)
    normal = listed.post("/login", {"csrf": csrf_of(listed.get("/login").text), "email": console.staff})
    console.link_for(console.staff, before)  # the listed one did get a link
    time.sleep(1.0)
    assert [m.rcpt_tos for m in intake.smtp.messages] == [[console.staff]]
    assert answer.status == normal.status == 200

    def words(r, address):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text.replace(address, "ADDRESS")))
    assert words(answer, "intrus@ville-bethune.fr") == words(normal, console.staff)


@pytest.mark.both_databases  # SQLite serializes them by its write lock; PostgreSQL needs the console's own
def test_link_requests_sent_at_once_mail_one_link(console):
    """A double click on « Recevoir un lien », or four at once: each request found no live link and mailed one."""
    client = console.http()
    form = {"csrf": csrf_of(client.get("/login").text), "email": console.other_staff}
    assert posted_at_once(client, "/login", form, times=5) == [200] * 5
    assert mailed_once_settled(console.intake, console.other_staff) == 1


def test_sign_in_requests_are_limited_per_address_and_per_client(console):
    intake = console.intake
    client = console.http()
    answers = []
    for _ in range(6):
        answers.append(client.post("/login", {"csrf": csrf_of(client.get("/login").text),
                                              "email": console.other_staff}))
    assert [a.status for a in answers] == [200] * 5 + [429]
    assert all("déjà été envoyé" in a.text for a in answers[1:5]) and "déjà" not in answers[0].text
    # one live link per address: the requests that follow while it is valid send nothing more
    assert mailed_once_settled(intake, console.other_staff) == 1
    for n in range(15):  # other addresses from the same client, up to the client's limit
        client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": f"x{n}@exemple.fr"})
    refused = client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": console.staff})
    assert refused.status == 429 and "Trop de demandes" in refused.text
    time.sleep(0.5)
    assert not [m for m in intake.smtp.messages if console.staff in m.rcpt_tos]


def test_an_address_has_one_live_link_and_a_stranger_cannot_tell_whether_it_is_listed(console):
    intake = console.intake
    before = len(intake.smtp.messages)

    def ask(address):
        client = console.http()
        return client.post("/login", {"csrf": csrf_of(client.get("/login").text), "email": address})

    def words(r, address):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text.replace(address, "ADDRESS")))
    first = ask(console.staff)
    link = console.link_for(console.staff, before)
    again, stranger_first, stranger_again = ask(console.staff), ask("intrus@ville-bethune.fr"), \
        ask("intrus@ville-bethune.fr")
    time.sleep(1.0)
    assert len([m for m in intake.smtp.messages if console.staff in m.rcpt_tos]) == 1  # no second link
    assert "déjà été envoyé" in again.text and "valable jusqu'à" in again.text
    assert words(first, console.staff) == words(stranger_first, "intrus@ville-bethune.fr")
    assert words(again, console.staff) == words(stranger_again, "intrus@ville-bethune.fr")
    client = console.http()  # the one link still works; once used, a new one may be asked for
    path = link[len(console.url):]
    page = client.get(path)
    assert client.post("/login/link", {"csrf": csrf_of(page.text), "token": path.split("token=")[1]}).status == 303
    before = len(intake.smtp.messages)
    assert "déjà" not in ask(console.staff).text
    console.link_for(console.staff, before)


def test_another_cases_piece_or_a_crafted_path_is_refused(console):
    first, p1, second, p2 = two_cases(console.intake)
    client = console.signed_in_http()
    assert client.get(f"/cases/{first.reference}/pieces/{p1.id}").status == 200
    crossed = client.get(f"/cases/{first.reference}/pieces/{p2.id}")
    assert crossed.status == 404 and PDF[1] not in crossed.body and DOCX[1][:200] not in crossed.body
    for path in (f"/cases/{first.reference}/pieces/..%2F..%2F..%2Fetc%2Fpasswd",
                 f"/cases/{first.reference}/pieces/{p1.id}%2F..%2F..%2Fconfig.toml",
                 f"/cases/{first.reference}/pieces/-1", f"/cases/{first.reference}/pieces/{p1.id}.0",
                 "/static/..%2F..%2F..%2Fconfig.py", "/static/%2e%2e/site.py",
                 f"/cases/..%2F{first.reference}/pieces/{p1.id}", f"/cases/{first.reference}/messages/999999",
                 f"/cases/{second.reference}/mails/99"):
        r = client.get(path)
        assert r.status == 404, (path, r.status)
        assert b"root:" not in r.body and b"import" not in r.body and b"[smtp]" not in r.body


def test_pages_and_files_carry_the_security_headers_and_the_session_cookie_is_guarded(console):
    first, piece, _, _ = two_cases(console.intake)
    client = console.http()
    login = client.get("/login")
    before = len(console.intake.smtp.messages)
    client.post("/login", {"csrf": csrf_of(login.text), "email": console.staff})
    path = console.link_for(console.staff, before)[len(console.url):]
    done = client.post("/login/link", {"csrf": csrf_of(client.get(path).text), "token": path.split("token=")[1]})
    cookie = next(c for c in done.cookies if c.startswith("intake_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # base_url is http here; see the https case below
    for r in (client.get("/cases"), client.get(f"/cases/{first.reference}"), login):
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert "script-src" not in r.headers["content-security-policy"]  # no script at all
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["cache-control"] == "no-store"
    file = client.get(f"/cases/{first.reference}/pieces/{piece.id}")
    assert file.headers["x-content-type-options"] == "nosniff" and "sandbox" in file.headers["content-security-policy"]
    assert file.headers["content-disposition"].startswith("attachment;")  # a DOCX is downloaded, never shown
    assert file.headers["content-type"] == "application/octet-stream"

    assert client.post("/logout", {"csrf": csrf_of(client.get("/cases").text)}).status == 303
    stolen = console.http()
    stolen.cookies["intake_session"] = cookie.split(";")[0].split("=", 1)[1]
    assert stolen.get("/cases").status == 303  # signed out means the session is gone, not only the cookie


def test_an_idle_session_ends(console):
    client = console.signed_in_http()
    assert client.get("/cases").status == 200
    with session(console.intake.app().engine) as s:  # idle_minutes is 30 by default
        for row in s.exec(select(WebSession)):
            row.last_seen_at = datetime.now(timezone.utc) - timedelta(minutes=31)
            s.add(row)
        s.commit()
    assert client.get("/cases").status == 303
    with session(console.intake.app().engine) as s:
        assert s.exec(select(WebSession)).all() == []


def test_the_sign_in_link_is_not_kept_in_the_outbox_once_sent_and_is_never_filed(console):
    console.intake.smtp.deliver_to = console.intake.dovecot  # the staff member's mailbox is a watched one
    console.signed_in_http()
    deadline = time.monotonic() + 15  # the console sends, then redacts, after its answer (a background task)
    while True:
        with session(console.intake.app().engine) as s:
            (row,) = s.exec(select(Outbox).where(Outbox.kind == "signin")).all()
        msg = email.message_from_bytes(row.raw, policy=email.policy.default)
        text = msg.get_body(("plain",)).get_content()
        if "token=(retiré après l'envoi)" in text or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert row.status == "sent"
    assert "token=(retiré après l'envoi)" in text and not re.search(r"token=[A-Za-z0-9_-]{20,}", text)
    sent = email.message_from_bytes(console.intake.smtp.messages[-1].data, policy=email.policy.default)
    assert re.search(r"token=[A-Za-z0-9_-]{20,}", sent.get_body(("plain",)).get_content())
    assert sent["Auto-Submitted"] == "auto-generated" and sent["X-Intake-Loop"]
    poll(console.intake)  # the link lands in a watched mailbox: recognised as our own mail, never a case
    with session(console.intake.app().engine) as s:
        (seen,) = s.exec(select(Inbound)).all()  # the only message in the mailbox: the sign-in mail
    assert seen.fate == "ignored" and seen.reason.startswith("own") and console.intake.cases() == []


HOSTILE_SUBJECT = '<script>alert("sujet")</script> Candidature'
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = '<b>Projet</b><script>alert("champ")</script>'


def test_an_applicants_markup_is_shown_as_text(console, page):
    intake = console.intake
    dossier = ("Dossier d'intention.docx", samples.docx(samples.DOSSIER.format(
        title=HOSTILE_TITLE, who='<iframe src="https://evil.example">', what="x")), DOCX[2])
    body_html = '<p>Bonjour</p><script>alert("corps")</script><img src="https://evil.example/pixel.gif">'
    raw = samples.email(sender=f'"{HOSTILE_NAME}" <hostile@asso.example>', to=[intake.nb], subject=HOSTILE_SUBJECT,
                        attachments=[dossier, PDF])
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    msg.get_body(("plain",)).set_content(body_html, subtype="html")
    intake.deliver(msg.as_bytes(), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    assert case["fields"].get("titre") == HOSTILE_TITLE  # the dossier really carried it

    requests = []
    page.on("request", lambda r: requests.append(r.url))
    console.sign_in(page)
    expect(page.get_by_text(HOSTILE_NAME)).to_be_visible()
    expect(page.get_by_text(HOSTILE_TITLE).first).to_be_visible()
    page.get_by_role("link", name=case["reference"]).click()
    expect(page.get_by_text(HOSTILE_TITLE).first).to_be_visible()
    expect(page.get_by_text('<iframe src="https://evil.example">', exact=True)).to_be_visible()
    page.get_by_role("link", name=HOSTILE_SUBJECT).click()
    expect(page.locator("pre.mailtext")).to_contain_text("Bonjour")
    expect(page.get_by_text("n'avait qu'une version mise en forme")).to_be_visible()
    assert page.locator("main script, main img, main iframe, main b").count() == 0
    assert page.dialogs == []
    assert not [u for u in requests if "evil.example" in u]


def test_the_rules_in_force_are_for_the_admin_only(console):
    staff = console.signed_in_http(console.other_staff)
    refused = staff.get("/admin/rules")
    assert refused.status == 403 and "réservée à l'administrateur" in html.unescape(refused.text)
    assert 'href="/admin/rules"' not in staff.get("/cases").text
    admin = console.signed_in_http(console.staff)
    page = admin.get("/admin/rules")
    assert page.status == 200 and "OK :" in page.text and "pieces.toml" in page.text and "acknowledgement/" in page.text


def test_a_message_of_hostile_html_is_shown_at_once(console):
    """An HTML-only body of "<a <a <a ..." (html.parser reads it again from every "<": 1 MB held the console's
    CPU for hours when staff opened the message)."""
    intake = console.intake
    raw = samples.email(sender="Lent <lent@asso.example>", to=[intake.nb], subject="Candidature",
                        attachments=[DOCX, PDF])
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    msg.get_body(("plain",)).set_content("<p>Bonjour, voici notre candidature.</p>" + "<a " * 100_000, subtype="html")
    intake.deliver(msg.as_bytes(), intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    client = console.signed_in_http()
    (path,) = set(re.findall(rf"/cases/{ref}/messages/\d+", client.get(f"/cases/{ref}").text))
    started = time.monotonic()
    shown = client.get(path)
    assert shown.status == 200 and time.monotonic() - started < 10
    assert "Bonjour, voici notre candidature." in html.unescape(shown.text)


@pytest.mark.both_databases  # the lock that serializes them differs by database
def test_a_decision_submitted_several_times_at_once_is_recorded_and_mailed_once(console):
    """A double click on « Enregistrer la décision », or two staff members at once: each submission read the
    case before another wrote it, and the applicant got the notice as many times."""
    intake = console.intake
    first, _, _, _ = two_cases(intake)
    client = console.signed_in_http()
    form = {"csrf": csrf_of(client.get(f"/cases/{first.reference}").text), "status": "inadmissible",
            "note": "Le projet n'est pas situé à Béthune.", "notify": "1"}
    before = len(intake.smtp.messages)
    assert posted_at_once(client, f"/cases/{first.reference}/decision", form) == [303] * 4
    assert intake.case(first.reference)["status"] == "inadmissible"
    decided = [e for e in intake.case(first.reference)["events"] if e["kind"] == "decision"]
    assert len(decided) == 1, decided
    # a second notice would have been sent by the time the first came and a second more (each request sends what it
    # queued)
    assert mailed_once_settled(intake, "un@asso.example", before) == 1, [m.rcpt_tos for m in intake.smtp.messages]


def test_a_decision_on_a_forged_senders_case_writes_to_nobody_until_the_address_is_confirmed(console):
    """With [trust], a forged application (DMARC fails for the From's domain) gets no mail; a decision « with
    notice » recorded from the console wrote, officially, to the address the forger named."""
    intake = console.intake
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')  # read by the poll below
    forged = samples.email(sender="Victime <victime@target.example>", to=[intake.nb], subject="Candidature",
                           attachments=[DOCX, PDF])
    intake.deliver(b"Authentication-Results: mx.example.test; spf=fail smtp.mailfrom=target.example; "
                   b"dmarc=fail header.from=target.example\r\n" + forged, intake.nb)
    poll(intake)
    (case,) = intake.cases()
    ref = case["reference"]
    assert "n'est pas authentifié" in intake.case(ref)["attention"]
    client = console.signed_in_http()
    shown = client.get(f"/cases/{ref}").text
    form = {"csrf": csrf_of(shown), "status": "inadmissible",
            "note": "Dossier incomplet.", "notify": "1", "clear_attention": "1"}
    asked = client.post(f"/cases/{ref}/decision/preview", form)  # kept for the preview's own address
    assert asked.status == 303 and asked.headers["location"].endswith(f"/cases/{ref}/decision/preview")
    preview = html.unescape(client.get(f"/cases/{ref}/decision/preview").text)
    assert "Pas de courriel :" in preview and "aucun avis ne part vers victime@target.example" in preview
    assert 'name="notify"' not in preview  # its button records the decision alone
    before = len(intake.smtp.messages)
    refused = client.post(f"/cases/{ref}/decision", form)  # the notice asked for anyway: refused
    assert refused.status == 303 and intake.case(ref)["status"] == "review"
    done = client.post(f"/cases/{ref}/decision", {k: v for k, v in form.items() if k != "notify"})
    assert done.status == 303 and intake.case(ref)["status"] == "inadmissible"
    time.sleep(1)
    assert not [m for m in intake.smtp.messages[before:] if "victime@target.example" in m.rcpt_tos]


def test_whoever_asks_for_a_staff_members_link_does_not_choose_where_it_leads(console):
    """Anyone may ask for a staff member's link (the answer is the same for every address); the page it opened
    after « Se connecter » was the one the asker named (an applicant's PDF at the console's address, a ZIP)."""
    attacker = console.http()
    before = len(console.intake.smtp.messages)
    asked = attacker.post("/login", {"csrf": csrf_of(attacker.get("/login").text), "email": console.staff,
                                     "next": "/jury/export.zip"})
    assert asked.status == 200
    path = console.link_for(console.staff, before)[len(console.url):]
    staff = console.http()  # the staff member's own browser, from the mail
    confirm = staff.get(path)
    done = staff.post("/login/link", {"csrf": csrf_of(confirm.text), "token": path.split("token=")[1]})
    assert done.status == 303 and done.headers["location"] == "/cases"

    own = console.http()  # a staff member sent to sign in from a page goes back to it
    form = own.get("/login?next=/jury")
    before = len(console.intake.smtp.messages)
    own.post("/login", {"csrf": csrf_of(form.text), "email": console.other_staff, "next": "/jury"})
    path = console.link_for(console.other_staff, before)[len(console.url):]
    confirm = own.get(path)
    done = own.post("/login/link", {"csrf": csrf_of(confirm.text), "token": path.split("token=")[1]})
    assert done.status == 303 and done.headers["location"] == "/jury"
    assert own.get("/jury").status == 200


def test_a_failing_request_is_logged_without_any_address_but_the_service_s_own(console):
    """`intake serve`'s journal keeps what it is given beyond the purge and an erasure: a request that fails is
    logged by intake and by uvicorn (its own loggers, which used to write the error's text whole): every line goes
    through the same formatter, which keeps the traceback's frames and the error's type, never its text (02f74b4).
    Here the database refuses the sign-out with a text that names an applicant (as an error's text may)."""
    from sqlalchemy import text

    client = console.signed_in_http()
    page = client.get("/cases")
    with console.intake.app().engine.begin() as db:
        db.execute(text("CREATE TRIGGER refuse BEFORE DELETE ON websession BEGIN "
                        "SELECT RAISE(ABORT, 'verrou tenu pour jeanne.vasseur@asso.example'); END"))
    assert client.post("/logout", {"csrf": csrf_of(page.text)}).status == 500
    with console.intake.app().engine.begin() as db:
        db.execute(text("DROP TRIGGER refuse"))
    deadline = time.monotonic() + 15  # the server's log lines are written (within 0.5 s, unless the machine pauses)
    while "IntegrityError" not in console.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # uvicorn's own lines too
    logged = console.log.read_text()
    assert "sqlalchemy.exc.IntegrityError (its text is not logged" in logged, logged
    assert "verrou tenu" not in logged and "jeanne.vasseur" not in logged, logged
    console.log.write_text("")  # the fixture refuses a traceback in the log: this one was wanted


def test_a_zip_download_asked_for_by_another_site_is_refused(console):
    """The attacker's review: a link on another site to /jury/export.zip, followed by a signed-in staff member,
    built the meeting's ZIP (the console's heaviest work) and downloaded it: a GET, so the SameSite=Lax session
    cookie went with it. The browser says where the request comes from (Sec-Fetch-Site); the console's own
    button, a typed address and a browser that says nothing still get it."""
    client = console.signed_in_http()
    lured = client.get("/jury/export.zip", headers={"Sec-Fetch-Site": "cross-site"})
    assert lured.status == 403 and "depuis un autre site" in html.unescape(lured.text)
    assert "application/zip" not in lured.headers.get("content-type", "")
    for asked in ({"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}):
        got = client.get("/jury/export.zip", headers=asked)
        assert got.status == 200 and got.headers["content-type"] == "application/zip", asked
    assert client.get("/cases/BSC-2026-0999/export.zip", headers={"Sec-Fetch-Site": "cross-site"}).status == 403
    assert client.get("/jury/export.zip", headers={"Sec-Fetch-Site": "same-site"}).status == 403  # a sibling site
    assert client.get("/cases/BSC-2026-0999/export.zip").status == 404  # its own button: looked up as usual
