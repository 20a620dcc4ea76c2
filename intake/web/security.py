"""What keeps the console safe whatever the page: keys, CSRF tokens, headers, safe redirects and file names.

Nothing here knows about cases. The secret key signs cookies, derives CSRF
tokens and keys the hashes used for rate limits; it is the installation's key
(adapters/secretkey.py: `data_dir/web-secret.key`, mode 0600, made once at
random), so that restarting the console keeps everyone signed in and a copy of
the database alone forges nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from urllib.parse import quote

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer

from intake.adapters.secretkey import KEY_FILE, load_secret  # noqa: F401 - where they were
from intake.core import fetch_metadata

# No script at all: the console is plain HTML forms. Pieces get their own, stricter policy (`FILE_CSP`).
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
COMMON_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # sign-in links carry a token: never pass a URL to another site
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)


class Keys:
    """Signing, CSRF and keyed hashes, all from the one secret."""

    def __init__(self, secret: bytes):
        self._secret = secret
        self._signers: dict[str, Signer] = {}

    def _signer(self, purpose: str) -> Signer:
        """One signer per `purpose`: a value signed for one cookie is refused as another's (the list cookie holds a
        search of the staff member's choosing; the session, pre-session and next-page cookies share "cookie")."""
        if purpose not in self._signers:
            self._signers[purpose] = Signer(self._secret, salt=f"intake-console-{purpose}")
        return self._signers[purpose]

    def sign(self, value: str, purpose: str = "cookie") -> str:
        return self._signer(purpose).sign(value.encode("ascii")).decode("ascii")

    def unsign(self, signed: str | None, purpose: str = "cookie") -> str | None:
        if not signed:
            return None
        try:
            return self._signer(purpose).unsign(signed.encode("ascii", "replace")).decode("ascii")
        except (BadSignature, UnicodeError):
            return None

    def serializer(self, salt: str) -> URLSafeTimedSerializer:
        """Signed, dated values (the one-time message shown after an action)."""
        return URLSafeTimedSerializer(self._secret, salt=salt)

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self._secret, f"{purpose}\0{value}".encode("utf-8"), hashlib.sha256).hexdigest()

    def csrf(self, holder: str) -> str:
        """The CSRF token of forms shown to the holder of a session (or pre-session) token."""
        return self._mac("csrf", holder)

    def csrf_ok(self, holder: str | None, given: object) -> bool:
        return bool(holder and given) and hmac.compare_digest(self.csrf(str(holder)), str(given))

    def preview(self, holder: str) -> str:
        """The key of a preview's address (a GET form: it shows, never does): never the CSRF token, which must not
        reach the address bar, the history or a proxy's log; it tells a preview asked from the console's own page
        from a ready-made link (another site's, a mail's) that would put a « refus » to confirm before someone."""
        return self._mac("preview", holder)[:32]

    def preview_ok(self, holder: str | None, given: object) -> bool:
        return bool(holder and given) and hmac.compare_digest(self.preview(str(holder)), str(given))

    def keyed(self, purpose: str, value: str) -> str:
        """A hash that cannot be reversed by trying every address or IP without the key (rate limits)."""
        return self._mac(purpose, value.strip().lower())


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def disposition(kind: str, filename: str) -> str:
    """A Content-Disposition header value; the name cannot break out of the header or pick a path."""
    name = unicodedata.normalize("NFC", filename or "fichier")
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '"\\/')
    name = name.strip(" .") or "fichier"
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


class SecurityHeaders:
    """ASGI middleware: every response gets the common headers, a CSP and no caching unless it set its own."""

    def __init__(self, app, secure: bool):
        self.app = app
        self.extra = [(b"strict-transport-security", b"max-age=31536000")] if secure else []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (*COMMON_HEADERS, *self.extra, (b"content-security-policy", PAGE_CSP.encode()),
                                    (b"cache-control", b"no-store")):
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SameOrigin:
    """ASGI middleware: a form posted from another site is refused before any work (CSRF, defence in depth).

    Browsers send `Origin` with every POST; when it is there it must be this site's ("null", sent from
    opaque contexts, is let through: the CSRF token still guards every form).
    """

    def __init__(self, app, base_url: str):
        self.app = app
        from urllib.parse import urlsplit

        parts = urlsplit(base_url)
        self.allowed = {f"{parts.scheme}://{parts.netloc}".lower()}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(scope.get("headers") or [])
            origin = headers.get(b"origin", b"").decode("latin-1").lower()
            host = headers.get(b"host", b"").decode("latin-1").lower()
            own = {f"{scope.get('scheme', 'http')}://{host}"} | self.allowed
            if origin and origin != "null" and origin not in own:
                from starlette.responses import PlainTextResponse

                response = PlainTextResponse("Requête refusée : elle vient d'un autre site.", status_code=403)
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


class FromOtherSites:
    """ASGI middleware: what another site's page loads from the console (a picture, a script, a frame, `fetch`) is
    refused before any work; a link followed to a page is served (core/fetch_metadata.py)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])

            def said(name: bytes) -> str:
                return headers.get(name, b"").decode("latin-1").strip().lower()

            if fetch_metadata.refused(said(b"sec-fetch-site"), said(b"sec-fetch-mode"), said(b"sec-fetch-dest"),
                                      scope["method"]):
                from starlette.responses import PlainTextResponse

                response = PlainTextResponse("Requête refusée : elle vient d'une page d'un autre site. Ouvrez la "
                                             "console directement.", status_code=403)
                return await response(scope, receive, send)
        await self.app(scope, receive, send)
