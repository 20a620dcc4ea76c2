"""Sign-in without passwords: a one-time link mailed to a `[[staff]]` address, then a session.

- `/login` asks for an address. A listed address gets a link by mail, sent at
  once through the outbox; any other gets the same answer and nothing is sent.
  The mail is written after the answer: its time says nothing of who is listed.
  Requests are limited per address and per client, whether listed or not, so
  the limits say nothing about who is listed either. An address has at most one
  live link: asking again while it is valid sends nothing and says a link was
  already sent, and until when (an unlisted address gets the same answer).
- At most DAILY_PER_ADDRESS links are mailed to one address in 24 hours (one live link at a time alone let
  anyone have 96 a day mailed to a staff member); past it the page says so, and from when a new one can be
  asked for, the same for any address. So that nobody can lock a staff member out by spending that cap
  (or the per-address limit of requests), a browser where someone signed in keeps a signed cookie naming
  that address (a keyed hash of it, dated and signed: KNOWN_BROWSER long, however long the browser keeps it):
  from it, that address is not held to the per-address limits (one live link at a time still holds).
- The link (15 minutes, one use, only its SHA-256 stored) opens a page with a
  button: opening it signs nobody in, so a mail scanner that fetches links
  does not use it up. The button's POST does, and goes to the page the browser
  that asked for the link was sent from (a cookie of that browser): anyone may
  ask for a staff member's link, nobody else chooses where it leads.
- Sign-out ends the session in the database, not only in the browser.
- Once sent, the link is removed from the copy of the mail the outbox keeps.
- The mail goes through the outbox (durable: the worker sends what the console could not). A link recorded whose
  mail never reached the outbox (the console stopped between the answer and the mail) is voided by the next request
  for that address past MAIL_QUEUED_WITHIN, and a new one mailed, rather than « already sent » for 15 minutes.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
import threading
import time
from datetime import datetime, timedelta

from itsdangerous import BadSignature
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from intake.core import french, outgoing
from intake.core.clients import client_of
from intake.core.next_page import safe_next
from intake.core.statuses import CANCELLED, PENDING
from intake.store import outbox, signins
from intake.store.database import session
from intake.web.console import LIST_COOKIE, SESSION_LIFETIME, Console, console_of, message_page, signed_in
from intake.web.security import new_token, token_hash

log = logging.getLogger("intake.web")

LINK_VALID = timedelta(minutes=15)
WINDOW = timedelta(minutes=15)
PER_ADDRESS = 5  # links asked for one address in WINDOW
PER_CLIENT = 20  # links asked from one client (IP) in WINDOW
DAILY_PER_ADDRESS = 5  # links mailed to one address in DAY (every 15 minutes, one live link at a time: 96)
DAY = timedelta(hours=24)
MAIL_QUEUED_WITHIN = timedelta(seconds=30)  # a live link whose mail is not in the outbox by then never will be
KNOWN_BROWSER = timedelta(days=180)  # how long a browser where someone signed in may ask for their link past limits
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
_TOKEN = re.compile(r"token=[A-Za-z0-9_-]{20,}")
_send_lock = threading.Lock()


def _pre(console: Console, request: Request) -> tuple[str, bool]:
    """The anonymous visitor's pre-session value (for the CSRF token of the sign-in forms); new if absent."""
    value = console.keys.unsign(request.cookies.get(console.cookie_name("pre")))
    return (value, False) if value else (new_token(), True)


NO_REFERRER = {"referrer-policy": "no-referrer"}  # the link's page: its URL (the token) goes nowhere, not
                                                 # even into the proxy's log as the next request's Referer


def _anonymous_page(console: Console, request: Request, template: str, status: int = 200, headers=None,
                    **values) -> Response:
    pre, fresh = _pre(console, request)
    response = console.pages.response(template, {"csrf": console.keys.csrf(pre), "who": None, "flash": {},
                                                 "error": "", "path": request.url.path, **values}, status, headers)
    if fresh:
        console.set_cookie(response, "pre", console.keys.sign(pre), max_age=24 * 3600)
    return response


async def _anonymous_form(console: Console, request: Request):
    """The posted sign-in form, or None when its CSRF token is not this browser's."""
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > 10_000:
        return None
    form = await request.form(max_files=0, max_fields=20)
    pre = console.keys.unsign(request.cookies.get(console.cookie_name("pre")))
    return form if console.keys.csrf_ok(pre, form.get("csrf")) else None


_EXPIRED_FORM = ("La page a expiré ou votre navigateur refuse les cookies : rechargez la page de connexion "
                 "et recommencez.")


async def login_page(request: Request) -> Response:
    console = console_of(request)
    if await run_in_threadpool(signed_in, console, request):
        return RedirectResponse(console.pages.url(safe_next(request.query_params.get("next"))), status_code=303)
    return _anonymous_page(console, request, "login.html", next=safe_next(request.query_params.get("next"), ""),
                           bye="bye" in request.query_params, everywhere=request.query_params.get("bye") == "partout",
                           ended="fin" in request.query_params)


async def login_request(request: Request) -> Response:
    console = console_of(request)
    form = await _anonymous_form(console, request)
    if form is None:
        return message_page(console, request, 403, _EXPIRED_FORM, sign_in=True)
    address = str(form.get("email", "")).strip().lower()
    next_path = safe_next(str(form.get("next", "")))
    if not _EMAIL.match(address):
        return _anonymous_page(console, request, "login.html", status=400, next=next_path, bye=False,
                               error="Saisissez votre adresse électronique complète, par exemple "
                                     "prenom.nom@ville-bethune.fr.")
    client = client_of(request.client.host) if request.client else "?"  # an IPv6 client counted by its /64
    known = _known_browser(console, request, address)
    outcome, until, token = await run_in_threadpool(_ask_for_link, console, address, client, known)
    if outcome == "capped":
        when = french.date_time(until.astimezone(console.settings.timezone)) if until else ""
        return _anonymous_page(console, request, "login_sent.html", status=429, address=address, capped=True,
                               daily=DAILY_PER_ADDRESS, until=when)
    if outcome == "limited":
        return _anonymous_page(console, request, "login.html", status=429, next=next_path, bye=False,
                               error="Trop de demandes de lien en peu de temps. Attendez un quart d'heure, "
                                     "puis recommencez ; les liens déjà envoyés restent valables.")
    response = _anonymous_page(console, request, "login_sent.html", address=address, minutes=LINK_VALID.seconds // 60,
                               already=outcome == "already", capped=False,
                               until=french.clock(until.astimezone(console.settings.timezone)) if until else "")
    # where to go once signed in is kept by this browser, not by the link: whoever asks for a staff member's
    # link must not choose the page their click on it opens (an applicant's PDF, a download)
    console.set_cookie(response, "next", console.keys.sign(next_path), max_age=LINK_VALID.seconds)
    if token:  # written and sent once the answer is gone: its time says nothing of whether the address is listed
        response.background = BackgroundTask(mail_link, console, address, token)
    return response


KNOWN_SALT = "intake-known-browser"  # the « known browser » cookie's own salt: dated, unlike the others


def _known_browser(console: Console, request: Request, address: str) -> bool:
    """Whether this browser signed in as `address` within KNOWN_BROWSER: its cookie names that address and is
    dated by the server (the browser's max-age alone let a copy of it, or a browser kept years, lift the limits for
    that address for as long as the console's key lasts)."""
    raw = request.cookies.get(console.cookie_name("known"))
    if not raw:
        return False
    try:
        value = console.keys.serializer(KNOWN_SALT).loads(raw, max_age=int(KNOWN_BROWSER.total_seconds()))
    except BadSignature:
        return False
    return value == console.keys.keyed("known", address)


def _ask_for_link(console: Console, address: str, client: str,
                  known: bool = False) -> tuple[str, datetime | None, str]:
    """('limited', None, ""), ('already', until when the live link is valid, ""), ('capped', from when a link may be
    mailed again, ""), ('queued', None, the new link's token) for a listed address (the link is recorded: `mail_link`
    writes and sends its mail after the answer) or ('unlisted', None, "") (nothing sent). `known`: asked from a
    browser where this address signed in (not held to the per-address limits)."""
    app, keys, now = console.app, console.keys, console.app.clock()
    member = console.settings.staff_member(address)
    # one request at a time: two at once (a double click) each found no live link and each mailed one
    with session(app.engine) as s, app.locks.serialized("signin", s):
        signins.forget_old(s, now, timedelta(minutes=console.settings.web.idle_minutes))
        by_address, by_client = keys.keyed("address", address), keys.keyed("client", client)
        if ((not known and signins.count_attempts(s, "address", by_address, now - WINDOW) >= PER_ADDRESS)
                or signins.count_attempts(s, "client", by_client, now - WINDOW) >= PER_CLIENT):
            s.commit()
            log.warning("sign-in link refused: too many requests (client %s)", client)
            return "limited", None, ""
        signins.add_attempt(s, "address", by_address, now)
        signins.add_attempt(s, "client", by_client, now)
        # one live link per address: a listed one's is in the table; an unlisted one gets the same answer,
        # timed from its last request that would have sent a link
        live = signins.live_link(s, member.email, now) if member is not None else None
        if live is not None and now - live.created_at > MAIL_QUEUED_WITHIN and not signins.link_mailed(s, live):
            # recorded, but its mail was never queued (the console stopped after answering, or queueing failed):
            # nobody holds it, and « already sent » would have been said until it expired; a new one is mailed
            signins.void_link(s, live, now)
            log.warning("sign-in link of %s was never mailed (the console stopped, or its mail failed): replaced",
                        live.email)
            live = None
        sent = signins.last_attempt(s, "address-sent", by_address, now - LINK_VALID) if member is None else None
        if live is not None or sent is not None:
            s.commit()
            log.info("sign-in link asked again while one is valid: nothing sent")
            return "already", live.expires_at if live is not None else (sent + LINK_VALID if sent else None), ""
        # as many for any address, listed or not: the cap says nothing of who is listed
        if not known and signins.count_attempts(s, "address-sent", by_address, now - DAY) >= DAILY_PER_ADDRESS:
            oldest = signins.first_attempt(s, "address-sent", by_address, now - DAY)
            s.commit()
            log.warning("sign-in link refused: %s links mailed to one address in 24 hours", DAILY_PER_ADDRESS)
            return "capped", (oldest + DAY) if oldest else None, ""
        signins.add_attempt(s, "address-sent", by_address, now)
        if member is None:
            s.commit()
            log.info("sign-in link asked for an address not listed in [[staff]]: nothing sent")
            return "unlisted", None, ""
        # the link is recorded now (a second request finds it live), its mail written after the answer: rendering
        # and queueing it took a listed address's answer some milliseconds longer than a stranger's, every time
        token = new_token()
        signins.add_link(s, token_hash(token), member.email, "", now, LINK_VALID)
        s.commit()
    return "queued", None, token


def mail_link(console: Console, address: str, token: str) -> None:
    """The sign-in mail of a link `_ask_for_link` recorded: queued in the outbox, then sent (`send_sign_in_mail`)."""
    member = console.settings.staff_member(address)
    if member is None:
        return
    app = console.app
    try:
        with session(app.engine) as s:
            row = signins.usable_link(s, token_hash(token), app.clock())
            if row is None:  # used or expired already: nothing to mail
                return
            _queue_link(console, s, member, token, row.created_at)
            s.commit()
    except Exception:  # noqa: BLE001 - after the answer: nobody else to tell; the person asks again in 15 minutes
        log.exception("sign-in mail not queued for %s", member.email)
        return
    log.info("sign-in link queued for %s", member.email)
    send_sign_in_mail(console)


def _queue_link(console: Console, s, member, token: str, now) -> None:
    settings = console.settings
    link = f"{settings.web.public_url}/login/link?token={token}"
    until = french.clock((now + LINK_VALID).astimezone(settings.timezone))
    values = {"name": member.name, "link": link, "until": until, "minutes": LINK_VALID.seconds // 60,
              "service": settings.service.name}
    sender = settings.mailboxes[0].address
    mail = outgoing.Outgoing(
        from_addr=sender, from_name=settings.service.name, to_addr=member.email,
        subject="Votre lien de connexion à la console Béthune Smart City",
        text=console.pages.render("mail/signin.txt", values), html=console.pages.render("mail/signin.html", values),
        reference="", auto_submitted="auto-generated", suppress="All")
    message_id = outgoing.make_message_id("signin", console.app.token(), sender)
    outbox.add(s, case_id=None, kind=signins.SIGNIN_KIND, from_addr=sender, to_addr=member.email, subject=mail.subject,
               message_id=message_id, content_key="", raw=outgoing.build(mail, message_id, now, settings.system_id),
               now=now, numbered=False)


def send_sign_in_mail(console: Console) -> None:
    """Send now (the worker may hold the outbox for a moment: wait for it), then take the link out of the copy."""
    from intake.pipeline.send import send_due

    app = console.app
    with _send_lock:
        for _ in range(20):
            try:
                send_due(app)
            except Exception:  # noqa: BLE001 - logged; the worker's outbox run will try again
                log.exception("sending the sign-in link failed; the worker will retry")
                break
            with session(app.engine) as s:
                waiting = signins.link_mail_waiting(s)
            if not waiting:
                break
            time.sleep(0.5)
        redact_sent_links(console)


def redact_sent_links(console: Console) -> int:
    app, now = console.app, console.app.clock()
    with session(app.engine) as s:
        rows = signins.link_mails_to_redact(s, now, LINK_VALID)
        changed = 0
        for row in rows:
            if row.status == PENDING:  # too late to be of use: do not send it any more
                row.status, row.last_error = CANCELLED, "lien de connexion expiré avant l'envoi"
            redacted = _without_link(row.raw)
            if redacted != row.raw or row.status == CANCELLED:
                row.raw = redacted
                outbox.save(s, row)
                changed += 1
        s.commit()
    return changed


def _without_link(raw: bytes) -> bytes:
    msg = email.message_from_bytes(raw, policy=email.policy.SMTP)
    touched = False
    for part in msg.walk():
        if part.get_content_maintype() != "text" or part.is_multipart():
            continue
        text = part.get_content()
        if _TOKEN.search(text):
            part.set_content(_TOKEN.sub("token=(retiré après l'envoi)", text), subtype=part.get_content_subtype())
            touched = True
    return msg.as_bytes() if touched else raw


async def link_page(request: Request) -> Response:
    """What the link opens: a button. Nothing is used up here (mail scanners fetch links)."""
    console = console_of(request)
    token = request.query_params.get("token", "")
    row = await run_in_threadpool(_usable, console, token)
    if row is None:
        return _anonymous_page(console, request, "link_invalid.html", status=410, headers=NO_REFERRER)
    member = console.settings.staff_member(row.email)
    return _anonymous_page(console, request, "link_confirm.html", headers=NO_REFERRER, token=token,
                           name=member.name if member else row.email)


def _usable(console: Console, token: str):
    if not token or len(token) > 100:
        return None
    with session(console.app.engine) as s:
        return signins.usable_link(s, token_hash(token), console.app.clock())


async def link_confirm(request: Request) -> Response:
    console = console_of(request)
    form = await _anonymous_form(console, request)
    if form is None:
        return message_page(console, request, 403, _EXPIRED_FORM, sign_in=True)
    token = str(form.get("token", ""))
    # the session this browser held (a colleague's left open on a shared computer, one planted by someone) ends:
    # a new sign-in is a new session, and whoever kept the old cookie holds nothing
    before = console.keys.unsign(request.cookies.get(console.cookie_name("session")))
    signed = await run_in_threadpool(_sign_in, console, token, before or "")
    if signed is None:
        return _anonymous_page(console, request, "link_invalid.html", status=410, headers=NO_REFERRER)
    result, email = signed
    next_path = safe_next(console.keys.unsign(request.cookies.get(console.cookie_name("next"))))
    response = RedirectResponse(console.pages.url(next_path), status_code=303, headers=NO_REFERRER)
    console.set_cookie(response, "session", console.keys.sign(result))
    # this browser may ask for this address's link past the per-address limits (nobody can lock its owner out)
    console.set_cookie(response, "known", console.keys.serializer(KNOWN_SALT).dumps(console.keys.keyed("known", email)),
                       max_age=int(KNOWN_BROWSER.total_seconds()))
    console.clear_cookie(response, "pre")
    console.clear_cookie(response, "next")
    console.clear_cookie(response, LIST_COOKIE)  # a list someone else left in this browser is not theirs
    return response


def _sign_in(console: Console, token: str, before: str = "") -> tuple[str, str] | None:
    """(the new session's token, the address signed in), or None when the link cannot be used. `before`: the
    token of the session the browser held, ended once the link is used."""
    if not token or len(token) > 100:
        return None
    app, now = console.app, console.app.clock()
    with session(app.engine) as s:
        row = signins.use_link(s, token_hash(token), now)
        if row is None or console.settings.staff_member(row.email) is None:
            known = signins.link_of(s, token_hash(token))
            s.commit()
            if known is not None:  # a copy of a real link (a forwarded mail, a log): whose, for the journal
                state = "used already" if known.used_at is not None else "expired"
                log.warning("sign-in refused: the link of %s was %s", known.email, state)
            return None
        if before:
            signins.end_session(s, token_hash(before))
        session_token = new_token()
        signins.add_session(s, token_hash(session_token), row.email, now, SESSION_LIFETIME)
        s.commit()
    log.info("signed in: %s", row.email)
    return session_token, row.email


async def logout(request: Request) -> Response:
    console = console_of(request)
    who = await run_in_threadpool(signed_in, console, request)
    form = await request.form(max_files=0, max_fields=20)
    everywhere = form.get("partout") == "1"  # a phone lost, a computer left open: every session of theirs ends
    response = RedirectResponse(console.pages.url("/login", bye="partout" if everywhere else "1"), status_code=303)
    if who is not None:
        if not console.keys.csrf_ok(who.token, form.get("csrf")):
            return message_page(console, request, 403, "Formulaire refusé : il vient d'une page trop ancienne ou "
                                                       "d'ailleurs ; rechargez la page et recommencez.")
        ended = await run_in_threadpool(_end, console, who.token, who.staff.email if everywhere else "")
        if everywhere:
            log.info("signed out everywhere: %s (%s sessions ended)", who.staff.email, ended)
        else:
            log.info("signed out: %s", who.staff.email)
    console.clear_cookie(response, "session")
    console.clear_cookie(response, LIST_COOKIE)  # their last search goes with them
    console.clear_cookie(response, "preview")  # a decision's motif kept for its preview goes too
    return response


def _end(console: Console, token: str, everyone_of: str = "") -> int:
    """End this session, or every session of `everyone_of` (an address): how many ended. Signing out everywhere
    voids that address's links not used yet too: one read in a mailbox someone else reads, or on the phone lost,
    opened a new session minutes after the others ended."""
    with session(console.app.engine) as s:
        ended = signins.end_sessions_of(s, everyone_of) if everyone_of else 1
        if everyone_of:
            signins.void_links_of(s, everyone_of, console.app.clock())
        signins.end_session(s, token_hash(token))
        s.commit()
    return ended


routes = [
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_request, methods=["POST"]),
    Route("/login/link", link_page, methods=["GET"]),
    Route("/login/link", link_confirm, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
