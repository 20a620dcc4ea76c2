"""What every request handler gets: the wiring, who is signed in, and the two ways a handler is exposed.

`page` serves a GET to a signed-in staff member (anyone else is sent to the
sign-in page); `action` serves a POST form: signed in, CSRF token checked,
body size bounded, then the handler runs in a worker thread (the database
and the mail adapters are synchronous).
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from intake.app import App
from intake.config import StaffMember
from intake.core import french
from intake.core import visits as visit_policy
from intake.store import caselist, signins, staffvisits
from intake.store.database import session
from intake.web.render import Pages
from intake.web.security import Keys, token_hash

log = logging.getLogger("intake.web")
SESSION_LIFETIME = timedelta(hours=12)  # signed in at most this long, even when active
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often
FORM_BYTES = 100_000  # a form without files
# the staff member's last list (its query string, signed): a case's page leads to the next one in it; it holds their
# search (an applicant's name), so it ends with their sign-in and is never the next person's in the same browser
LIST_COOKIE = "liste"


@dataclass
class Console:
    app: App
    keys: Keys
    pages: Pages

    def refresh_rules(self) -> None:
        """After the admin edits rules/ the console uses the new rules (checked at most every 5 s).

        Broken rules are not taken: the console keeps the previous ones and the admin page shows the error. So are
        templates (checked at most every 2 s), and every page says so (`notice`).
        """
        self.app.refresh_rules()
        self.app.templates.look_for_changes()

    def notice(self) -> dict:
        """What every page tells staff while the admin's rules/ or templates/ are in error (the service goes on with
        the last valid ones): {"rules": bool, "templates": bool}, empty when all is well."""
        rules, templates = bool(self.app.rules_problem), bool(self.app.templates.problem)
        return {"rules": rules, "templates": templates} if rules or templates else {}

    @property
    def settings(self):
        return self.app.settings

    @property
    def secure(self) -> bool:
        return self.settings.web.secure

    @property
    def cookie_path(self) -> str:
        return self.settings.web.root_path or "/"

    def cookie_name(self, base: str) -> str:
        """`__Host-` cookies cannot be set by a sibling site nor sent over plain HTTP."""
        name = f"intake_{base}"
        return f"__Host-{name}" if self.secure and self.cookie_path == "/" else name

    def set_cookie(self, response: Response, base: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(self.cookie_name(base), value, max_age=max_age, path=self.cookie_path,
                            secure=self.secure, httponly=True, samesite="lax")

    def clear_cookie(self, response: Response, base: str) -> None:
        response.delete_cookie(self.cookie_name(base), path=self.cookie_path, secure=self.secure, httponly=True,
                               samesite="lax")

    def flash_serializer(self) -> URLSafeTimedSerializer:
        return self.keys.serializer("intake-console-flash")

    def preview_serializer(self) -> URLSafeTimedSerializer:
        return self.keys.serializer("intake-console-preview")


PREVIEW_SECONDS = 3600  # how long a decision's preview can be shown again (Back, Reload) after its form was posted


@dataclass
class Who:
    staff: StaffMember
    token: str  # the session's token (the CSRF token is derived from it)
    mark: datetime | None = None  # the last activity of their previous visit (« Nouveau » since then)

    @property
    def actor(self) -> str:
        """How the case history names the person: their address, as in the config."""
        return self.staff.email


def console_of(request: Request) -> Console:
    return request.app.state.console


def signed_in(console: Console, request: Request) -> Who | None:
    """The staff member whose valid session cookie came with the request, if any."""
    token = console.keys.unsign(request.cookies.get(console.cookie_name("session")))
    if not token:
        return None
    console.refresh_rules()
    app, now = console.app, console.app.clock()
    idle = timedelta(minutes=console.settings.web.idle_minutes)
    with session(app.engine) as s:
        row = signins.find_session(s, token_hash(token))
        if row is None:
            return None
        member = console.settings.staff_member(row.email)
        if member is None or row.expires_at <= now or row.last_seen_at + idle <= now:
            signins.end_session(s, row.token_hash)  # timed out, or no longer listed in [[staff]]
            s.commit()
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            signins.touch_session(s, row.id, now)
        before = staffvisits.kept(s, member.email)
        visit = visit_policy.visit_at(before, now, idle)
        if visit_policy.worth_writing(before, visit):
            staffvisits.save(s, member.email, visit)
        s.commit()
    return Who(member, token, visit.mark)


@dataclass
class Ctx:
    """One request of a signed-in staff member."""

    console: Console
    request: Request
    who: Who

    @property
    def app(self) -> App:
        return self.console.app

    @property
    def csrf(self) -> str:
        return self.console.keys.csrf(self.who.token)

    def query(self):
        """A preview's form (a GET): its query, or None when it does not carry this session's preview key
        (`Keys.preview`): a link made elsewhere, or a page from before the sign-in."""
        query = self.request.query_params
        return query if self.console.keys.preview_ok(self.who.token, query.get("jeton")) else None

    def kept_form(self, case: str) -> dict | None:
        """The decision form posted for `case`'s preview (routes/actions.py `decision_ask`), kept in a signed cookie
        of this session's; None when there is none (a link made elsewhere, an hour gone, another session)."""
        raw = self.request.cookies.get(self.console.cookie_name("preview"))
        try:
            kept = self.console.preview_serializer().loads(raw, max_age=PREVIEW_SECONDS) if raw else None
        except BadSignature:
            return None
        if not isinstance(kept, dict) or kept.get("case") != case or not self.console.keys.preview_ok(
                self.who.token, kept.get("key")):
            return None
        return kept

    def flash_message(self) -> dict:
        """The outcome of the previous action, shown once: {"text": ..., "error": bool}."""
        raw = self.request.cookies.get(self.console.cookie_name("flash"))
        if not raw:
            return {}
        try:
            value = self.console.flash_serializer().loads(raw, max_age=300)
        except BadSignature:
            return {}
        return value if isinstance(value, dict) else {}

    def render(self, template: str, code: int = 200, **values) -> Response:
        with session(self.app.engine) as s:
            waiting = caselist.attention_counts(s)
        context = {"who": self.who.staff, "csrf": self.csrf, "jeton": self.console.keys.preview(self.who.token),
                   "flash": self.flash_message(), "waiting": waiting,
                   "path": self.request.url.path, "error": "", "notice": self.console.notice(), **values}
        response = self.console.pages.response(template, context, code)
        if context["flash"]:
            self.console.clear_cookie(response, "flash")
        return response

    def redirect(self, path: str, flash: str = "", error: bool = False, form: dict | None = None) -> Response:
        """`form`: what the person had chosen in the form refused, for the page to show it again (the flash's
        `form`), so that correcting one field does not mean choosing everything anew."""
        response = RedirectResponse(self.console.pages.url(path), status_code=303)
        if flash:
            kept = {"text": flash[:600], "error": error, **({"form": form} if form else {})}
            value = self.console.flash_serializer().dumps(kept)
            self.console.set_cookie(response, "flash", value, max_age=300)
        return response

    def refuse(self, status: int, message: str) -> Response:
        return self.render("error.html", code=status, message=message)


def message_page(console: Console, request: Request, status: int, message: str, sign_in: bool = False,
                 heading: str = "", back: str = "") -> Response:
    """A page that only says something (an error, a refusal), for anyone, signed in or not. `back`: the case's
    page to go back to (its reference), rather than the list."""
    html = console.pages.render("error.html", {"who": None, "csrf": "", "flash": {}, "error": "", "waiting": {},
                                               "path": request.url.path, "message": message, "sign_in": sign_in,
                                               "heading": heading, "back": back})
    return HTMLResponse(html, status_code=status)


_CASE_PATH = re.compile(r"/cases/([A-Za-z0-9_-]{1,40})/")


def _too_big(console: Console, request: Request, sent: int, files: bool) -> Response:
    """An upload larger than the form allows: nothing was done; what to do, and the way back to the case."""
    case = _CASE_PATH.match(request.url.path)
    advice = (" Numérisez les documents en plus basse résolution (150 ou 200 ppp), ou envoyez-les en plusieurs "
              "fois." if files else "")
    return message_page(console, request, 413, f"Envoi de {french.size(sent)}, plus que la console n'en accepte en "
                                               "une fois (la taille d'un courriel, fixée par l'administrateur) : "
                                               f"rien n'a été enregistré.{advice}",
                        heading="Envoi refusé", back=case.group(1) if case else "")


def _to_sign_in(console: Console, request: Request) -> Response:
    path = request.url.path or "/"  # the proxy took its own path off; the console adds it back in links
    query = f"?{request.url.query}" if request.url.query else ""
    # A session cookie that names no live session: signed out from another browser, or unused too long. The
    # sign-in page says so once (the cookie goes), rather than a silent page that looks like a fault.
    ended = bool(request.cookies.get(console.cookie_name("session")))
    response = RedirectResponse(console.pages.url("/login", next=path + query, fin="1" if ended else ""),
                                status_code=303)
    if ended:
        console.clear_cookie(response, "session")
    return response


def page(admin: bool = False):
    """A GET handler `fn(ctx, **path_params)` for signed-in staff (admins only with `admin`)."""
    def wrap(fn):
        @functools.wraps(fn)
        async def endpoint(request: Request) -> Response:
            console = console_of(request)
            who = await run_in_threadpool(signed_in, console, request)
            if who is None:
                return _to_sign_in(console, request)
            ctx = Ctx(console, request, who)
            if admin and not who.staff.is_admin:
                return await run_in_threadpool(ctx.refuse, 403, "Cette page est réservée à l'administrateur.")
            return await run_in_threadpool(fn, ctx, **request.path_params)
        return endpoint
    return wrap


def form_refused(detail: str, max_files: int) -> str:
    """What staff are told of a form the server could not take (`detail`: Starlette's words for it)."""
    if "Too many files" in detail:
        return (f"Trop de fichiers en une fois : {max_files} au plus. Rien n'a été fait ; envoyez-les en plusieurs "
                "fois.")
    return "Formulaire illisible (trop de champs, ou envoi interrompu) : rien n'a été fait ; rechargez la page et " \
           "recommencez."


def action(max_bytes=FORM_BYTES, max_files: int = 0, admin: bool = False, max_fields: int = 200):
    """A POST handler `fn(ctx, form, **path_params)`: signed in, CSRF checked, body bounded
    (`max_bytes`: a number, or a function of the settings; `max_fields`: the form's fields)."""
    def wrap(fn):
        @functools.wraps(fn)
        async def endpoint(request: Request) -> Response:
            console = console_of(request)
            limit = max_bytes(console.settings) if callable(max_bytes) else max_bytes
            length = request.headers.get("content-length", "")
            if not length.isdigit():
                return message_page(console, request, 411, "Requête sans longueur : envoyez le formulaire depuis "
                                                           "la console.")
            if int(length) > limit:
                return _too_big(console, request, int(length), max_files > 0)
            who = await run_in_threadpool(signed_in, console, request)
            if who is None:
                return message_page(console, request, 403, "Votre session est terminée (déconnexion, ou plus de "
                                                           f"{console.settings.web.idle_minutes} minutes sans "
                                                           "activité) : rien n'a été fait. Reconnectez-vous, "
                                                           "puis recommencez.", sign_in=True)
            try:
                form = await request.form(max_files=max_files, max_fields=max_fields, max_part_size=1_048_576)
            except HTTPException as exc:  # too many files or fields (Starlette says it in English), a broken body
                return message_page(console, request, 400, form_refused(str(exc.detail), max_files))
            try:
                if not console.keys.csrf_ok(who.token, form.get("csrf")):
                    return message_page(console, request, 403, "Formulaire refusé : il vient d'une page trop "
                                                               "ancienne ou d'ailleurs. Rien n'a été fait ; "
                                                               "rechargez la page et recommencez.")
                ctx = Ctx(console, request, who)
                if admin and not who.staff.is_admin:
                    return await run_in_threadpool(ctx.refuse, 403, "Action réservée à l'administrateur.")
                return await run_in_threadpool(fn, ctx, form, **request.path_params)
            finally:
                await form.close()  # the uploads' spooled files
        return endpoint
    return wrap
