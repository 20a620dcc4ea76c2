"""The console as one ASGI application: routes of every screen, static files, headers, error pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from intake.app import App
from intake.web import auth
from intake.web.console import Console, console_of, message_page
from intake.web.render import Pages
from intake.web.routes import actions, admin, case, case_list, inbox, jury
from intake.web.security import FromOtherSites, Keys, SameOrigin, SecurityHeaders, load_secret

log = logging.getLogger("intake.web")
STATIC = Path(__file__).resolve().parent / "static"


class _Static(StaticFiles):
    """The style sheet may be cached (it changes only with a new version of intake)."""

    def file_response(self, *args, **kwargs) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "public, max-age=3600"
        return response


async def home(request: Request) -> Response:
    return RedirectResponse(console_of(request).pages.url("/cases"), status_code=303)


async def favicon(request: Request) -> Response:
    return Response(status_code=204, headers={"cache-control": "public, max-age=86400"})


def _error_page(request: Request, status: int, message: str) -> Response:
    return message_page(console_of(request), request, status, message)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    messages = {404: "Cette page n'existe pas (ou plus).", 405: "Cette adresse ne s'ouvre pas ainsi."}
    return _error_page(request, exc.status_code, messages.get(exc.status_code, "Requête impossible."))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("console: error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error_page(request, 500, "Une erreur inattendue s'est produite ; elle est consignée dans le journal "
                                     "du service. Réessayez, ou signalez-la à l'administrateur.")


async def _database_down(request: Request, exc: Exception) -> Response:
    """The database did not answer (PostgreSQL stopped or out of reach, SQLite locked past its wait, a full disk):
    staff read what it is, the journal has one line (the driver's first line, addresses masked), no traceback. An
    OperationalError the query caused (SQLite's « no such column ») is a bug, said as one (adapters/failures.py
    database_unavailable)."""
    from intake.adapters.failures import database_unavailable, failure_text

    if not database_unavailable(exc):
        return await _server_error(request, exc)
    log.error("console: %s %s: %s", request.method, request.url.path,
              failure_text(exc, console_of(request).app.settings.data_dir))
    return _error_page(request, 503, "La base de données du service ne répond pas (ou son disque est plein) : "
                                     "réessayez dans quelques minutes ; si cela dure, prévenez l'administrateur.")


def create_console(app: App) -> SecurityHeaders:
    """The ASGI application for `app`'s configuration (uvicorn serves it); `.app` is the Starlette inside.

    The security headers wrap everything, error pages included.
    """
    settings = app.settings
    console = Console(app=app, keys=Keys(load_secret(settings.data_dir)),
                      pages=Pages(settings.timezone, settings.web.root_path,
                                  {m.email: m.name for m in settings.staff},
                                  {m.name: m.address for m in settings.mailboxes}, clock=app.clock))
    routes = [Route("/", home, methods=["GET"]), Route("/favicon.ico", favicon, methods=["GET"]), *auth.routes,
              *case_list.routes, *actions.routes, *case.routes,  # actions first: /cases/new is not /cases/{ref}
              *inbox.routes, *jury.routes, *admin.routes, Mount("/static", _Static(directory=STATIC), name="static")]
    handlers: dict[Any, Any] = {HTTPException: _http_error, OperationalError: _database_down, Exception: _server_error}
    web = Starlette(routes=routes, exception_handlers=handlers)
    web.state.console = console
    web.add_middleware(SameOrigin, base_url=settings.web.public_url)
    web.add_middleware(FromOtherSites)
    return SecurityHeaders(web, secure=settings.web.secure)
