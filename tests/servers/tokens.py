"""A local OAuth2 authorization server for the tests (stdlib HTTP on a random loopback port).

It plays Microsoft's or Google's part, by the RFCs the product relies on:

    POST /token        grant_type = client_credentials | refresh_token | authorization_code (PKCE S256)
                       | urn:ietf:params:oauth:grant-type:device_code          (RFC 6749, 7636, 8628)
    POST /devicecode   the device authorization request                       (RFC 8628 §3.1)
    GET  /authorize    the person's sign-in: the test adds ``user=<login>`` (who signs in) and
                       gets a redirect to ``redirect_uri?code=...&state=...``
    POST /introspect   token introspection (RFC 7662) for Dovecot's oauth2 passdb and the SMTP
                       server: ``{"active": true, "username": user}`` for a person's token
    POST /introspect/app   the same for application (client-credentials) tokens:
                       ``{"active": true, "tenant": "app@<domain>"}`` (any mailbox of the domain,
                       as Microsoft 365's application access)

Failure injection: :meth:`revoke` (every token and refresh token of a client or user),
``access_lifetime`` (seconds; short to test refreshing), :meth:`approve_device`.
Every token request is recorded in ``requests`` as ``(grant_type, client_id)``.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from . import free_ports


@dataclass
class Client:
    client_id: str
    secret: str | None  # None: a public client (device code, desktop app)
    tenant: str = "example.test"  # the domain whose mailboxes an application token opens


@dataclass
class Grant:
    client_id: str
    user: str | None  # None: an application token (client credentials)
    scope: str
    expires_at: float
    revoked: bool = False


@dataclass
class _Device:
    client_id: str
    scope: str
    user_code: str
    expires_at: float
    user: str | None = None
    denied: bool = False
    polls: list[float] = field(default_factory=list)


class TokenServer:
    host = "127.0.0.1"

    def __init__(self) -> None:
        (self.port,) = free_ports(1, self.host)
        self.clients: dict[str, Client] = {}
        self.access: dict[str, Grant] = {}
        self.refresh: dict[str, Grant] = {}
        # code -> client, user, scope, redirect, challenge
        self.codes: dict[str, tuple[Client, str, str, str, str]] = {}
        self.devices: dict[str, _Device] = {}
        self.requests: list[tuple[str, str]] = []
        self.introspections = 0
        self.access_lifetime = 3600
        self.rotate_refresh = True  # Microsoft sends a new refresh token with each refresh
        self._lock = threading.Lock()
        self._httpd: http.server.ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> "TokenServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        owner = self

        class Handler(_Handler):
            server_owner = owner

        for attempt in range(3):
            try:
                self._httpd = http.server.ThreadingHTTPServer((self.host, self.port), Handler)
                break
            except OSError:
                if attempt == 2:
                    raise
                (self.port,) = free_ports(1, self.host)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    # ------------------------------------------------------------------ test controls
    def add_client(self, client_id: str | None = None, secret: str | None = "", tenant: str = "example.test") -> Client:
        """Register a client; ``secret=""`` makes one up, ``None`` makes a public client."""
        client = Client(client_id or f"client-{secrets.token_hex(4)}",
                        secrets.token_urlsafe(16) if secret == "" else secret, tenant)
        with self._lock:
            self.clients[client.client_id] = client
        return client

    def remove_client(self, client_id: str) -> None:
        """The app registration is deleted (or its secret): its tokens die, no new ones are given."""
        self.revoke(client_id)
        with self._lock:
            self.clients.pop(client_id, None)

    def revoke(self, who: str) -> int:
        """Revoke every access and refresh token of a client_id or of a user; returns how many."""
        n = 0
        with self._lock:
            for grant in [*self.access.values(), *self.refresh.values()]:
                if who in (grant.client_id, grant.user) and not grant.revoked:
                    grant.revoked = True
                    n += 1
        return n

    def approve_device(self, user_code: str, user: str) -> None:
        with self._lock:
            device = next(d for d in self.devices.values() if d.user_code == user_code)
            device.user = user

    def issued(self, grant_type: str, client_id: str | None = None) -> int:
        with self._lock:
            return sum(1 for g, c in self.requests if g == grant_type and client_id in (None, c))

    def authorize_url(self, url: str, user: str) -> str:
        """What a browser signing in as ``user`` at ``url`` (our /authorize) is redirected to."""
        parts = urllib.parse.urlsplit(url)
        return url + ("&" if parts.query else "?") + urllib.parse.urlencode({"user": user})

    # ------------------------------------------------------------------ protocol
    def _token(self, form: dict, auth_header: str | None) -> tuple[int, dict]:
        client = self._client(form, auth_header)
        grant_type = form.get("grant_type", "")
        with self._lock:
            self.requests.append((grant_type, client.client_id if client else "?"))
        if client is None:
            return 401, {"error": "invalid_client", "error_description": "unknown client or wrong secret"}
        if grant_type == "client_credentials":
            if client.secret is None:
                return 400, {"error": "unauthorized_client"}
            return 200, self._issue(client, None, form.get("scope", ""), refresh=False)
        if grant_type == "refresh_token":
            with self._lock:
                old = self.refresh.get(form.get("refresh_token", ""))
            if old is None or old.revoked or old.client_id != client.client_id:
                return 400, {"error": "invalid_grant",
                             "error_description": "AADSTS70000: the refresh token was revoked"}
            if self.rotate_refresh:
                old.revoked = True
            answer = self._issue(client, old.user, old.scope, refresh=self.rotate_refresh)
            return 200, answer
        if grant_type == "authorization_code":
            with self._lock:
                found = self.codes.pop(form.get("code", ""), None)
            if found is None or found[0].client_id != client.client_id or found[3] != form.get("redirect_uri"):
                return 400, {"error": "invalid_grant"}
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if digest != found[4]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
            return 200, self._issue(client, found[1], found[2], refresh=True)
        if grant_type == "urn:ietf:params:oauth:grant-type:device_code":
            with self._lock:
                device = self.devices.get(form.get("device_code", ""))
                if device is None or device.client_id != client.client_id:
                    return 400, {"error": "invalid_grant"}
                device.polls.append(time.monotonic())
                if device.expires_at < time.time():
                    return 400, {"error": "expired_token"}
                if device.denied:
                    return 400, {"error": "access_denied"}
                if device.user is None:
                    return 400, {"error": "authorization_pending"}
                del self.devices[form["device_code"]]
            return 200, self._issue(client, device.user, device.scope, refresh=True)
        return 400, {"error": "unsupported_grant_type"}

    def _issue(self, client: Client, user: str | None, scope: str, refresh: bool) -> dict:
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.access[token] = Grant(client.client_id, user, scope, time.time() + self.access_lifetime)
            answer = {"access_token": token, "token_type": "Bearer", "expires_in": self.access_lifetime,
                      "scope": scope}
            if refresh:
                rt = secrets.token_urlsafe(24)
                self.refresh[rt] = Grant(client.client_id, user, scope, time.time() + 90 * 86400)
                answer["refresh_token"] = rt
        return answer

    def _client(self, form: dict, auth_header: str | None) -> Client | None:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if auth_header and auth_header.lower().startswith("basic "):
            decoded = base64.b64decode(auth_header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
        client = self.clients.get(client_id or "")
        if client is None or (client.secret is not None and client.secret != secret):
            return None
        return client

    def _device(self, form: dict) -> tuple[int, dict]:
        client = self.clients.get(form.get("client_id", ""))
        if client is None:
            return 400, {"error": "invalid_client"}
        code = secrets.token_urlsafe(24)
        user_code = "".join(secrets.choice("BCDFGHJKLMNPQRSTVWXZ") for _ in range(8))
        with self._lock:
            self.devices[code] = _Device(client.client_id, form.get("scope", ""), user_code, time.time() + 300)
        return 200, {"device_code": code, "user_code": user_code, "verification_uri": f"{self.url}/device",
                     "expires_in": 300, "interval": 1}

    def introspect(self, token: str, app: bool = False) -> dict:
        with self._lock:
            self.introspections += 1
            grant = self.access.get(token)
            if grant is None or grant.revoked or grant.expires_at < time.time():
                return {"active": False}
            if app != (grant.user is None):
                return {"active": False}
            if app:
                return {"active": True, "tenant": f"app@{self.clients[grant.client_id].tenant}",
                        "client_id": grant.client_id, "scope": grant.scope}
            return {"active": True, "username": grant.user, "client_id": grant.client_id, "scope": grant.scope,
                    "exp": int(grant.expires_at)}

    def user_for(self, token: str, login: str) -> bool:
        """Would ``token`` open ``login``'s mailbox? (The SMTP test server's check.)"""
        if self.introspect(token).get("username") == login:
            return True
        tenant = self.introspect(token, app=True).get("tenant", "")
        return bool(tenant) and tenant.partition("@")[2] == login.partition("@")[2]

    def _authorize(self, query: dict) -> tuple[int, dict, str]:
        client = self.clients.get(query.get("client_id", ""))
        if client is None or query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 400, {"error": "invalid_request"}, ""
        code = secrets.token_urlsafe(16)
        redirect = query["redirect_uri"]
        with self._lock:
            self.codes[code] = (client, query["user"], query.get("scope", ""), redirect, query["code_challenge"])
        params = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
        return 302, {}, f"{redirect}{'&' if '?' in redirect else '?'}{params}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server_owner: TokenServer

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))

    def _reply(self, status: int, body: dict, location: str = "") -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        owner, path = self.server_owner, urllib.parse.urlsplit(self.path).path
        form = self._form()
        if path == "/token":
            self._reply(*owner._token(form, self.headers.get("Authorization")))
        elif path == "/devicecode":
            self._reply(*owner._device(form))
        elif path in ("/introspect", "/introspect/app"):
            self._reply(200, owner.introspect(form.get("token", ""), app=path.endswith("/app")))
        else:
            self._reply(404, {"error": "not_found"})

    def do_GET(self):  # noqa: N802
        parts = urllib.parse.urlsplit(self.path)
        if parts.path == "/authorize":
            status, body, location = self.server_owner._authorize(dict(urllib.parse.parse_qsl(parts.query)))
            self._reply(status, body, location)
        else:
            self._reply(404, {"error": "not_found"})

    def log_message(self, *args) -> None:
        pass
