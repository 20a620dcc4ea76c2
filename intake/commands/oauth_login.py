"""`intake auth login NAME`: a person signs in once; the refresh token is stored encrypted.

NAME is a mailbox's name, or `smtp` for the relay. Two flows, by the account's `flow`:
- device_code (RFC 8628): we print a short code and an address; the person opens it on any
  device, signs in and types the code; we poll the token endpoint until they are done.
- authorization_code (RFC 6749 + PKCE, RFC 7636): we print an address; the person signs in; the
  browser is sent back to http://127.0.0.1:PORT/ where we listen. On a server without a browser,
  the person pastes the address the browser was sent to (its page fails to load: that is expected).
Authlib builds and checks every request and response; we only wait and talk to the person.
"""

from __future__ import annotations

import http.server
import select
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable

import requests
from authlib.common.errors import AuthlibBaseError as AuthlibError  # OAuth errors and mismatched state alike
from authlib.common.security import generate_token

from intake.adapters.oauth import DEVICE_GRANT, describe, record, session
from intake.adapters.tokenstore import TokenStore
from intake.config import Settings
from intake.config.oauth_keys import OAuth
from intake.errors import ConfigError, OAuthError


@dataclass(frozen=True)
class Account:
    name: str
    oauth: OAuth
    where: str  # config key, for messages
    timeout: float


def accounts(settings: Settings) -> dict[str, Account]:
    """Every account whose config uses OAuth2, by the name `intake auth login` takes."""
    found = {}
    for m in settings.mailboxes:
        if m.server is not None and m.server.oauth is not None:
            found[m.name] = Account(m.name, m.server.oauth, f"mailboxes[{m.name}]", m.server.timeout)
    if settings.smtp is not None and settings.smtp.oauth is not None:
        found["smtp"] = Account("smtp", settings.smtp.oauth, "smtp", settings.smtp.timeout)
    return found


def store_for(settings: Settings) -> TokenStore:
    from intake.config import secrets

    key = secrets.value(settings.token_key_env)
    if not key:
        raise ConfigError(settings.file, "token_key_env",
                          f"la variable d'environnement {settings.token_key_env} n'est pas définie : donnez-lui un "
                          "long secret aléatoire (par exemple la sortie de `openssl rand -base64 32`), le même pour "
                          "toutes les commandes intake")
    return TokenStore(settings.data_dir / "tokens", key, settings.token_key_env)


MIN_KEY = 20  # characters of the token store's key asked for by a new sign-in (`openssl rand -base64 32`: 44)


def strong_store_for(settings: Settings) -> TokenStore:
    """The token store a new sign-in writes to: its key must be long enough that a copy of data_dir/tokens/ (a
    backup) cannot be opened by trying words. A key set before this check still opens its tokens (`store_for`)."""
    from intake.config import secrets

    if len((secrets.value(settings.token_key_env) or "").strip()) < MIN_KEY:
        raise ConfigError(settings.file, "token_key_env",
                          f"la clé de la variable d'environnement {settings.token_key_env} est trop courte (moins de "
                          f"{MIN_KEY} caractères) : qui aurait une copie de {settings.data_dir / 'tokens'} (une "
                          "sauvegarde) la trouverait en essayant des mots ; donnez-lui la sortie de `openssl rand "
                          "-base64 32`, la même pour toutes les commandes intake")
    return store_for(settings)


def login(settings: Settings, name: str, say: Callable[[str], None], wait: float = 900.0,
          port: int = 0, stdin=None) -> str:
    """Run the account's sign-in flow; store the token; return where it was stored."""
    found = accounts(settings)
    if name not in found:
        signing = [n for n, a in found.items() if a.oauth.needs_login]
        raise ConfigError(settings.file, "mailboxes",
                          f"aucun compte OAuth2 nommé {name!r} qui demande une connexion : choisissez parmi "
                          f"{', '.join(signing) or '(aucun)'} (une boîte, ou smtp, avec auth = \"oauth2\" et "
                          "flow = \"device_code\" ou \"authorization_code\")")
    account = found[name]
    if not account.oauth.needs_login:
        raise ConfigError(settings.file, f"{account.where}.flow",
                          "client_credentials ne demande aucune connexion : le secret de l'application suffit ; "
                          "lancez `intake poll` pour le vérifier (c'est le flux choisi quand client_secret_env est "
                          "donné ; pour qu'une personne se connecte avec un code, écrivez flow = \"device_code\")")
    secret = account.oauth.client_secret(f"{settings.file}: {account.where}")
    store = strong_store_for(settings)
    if account.oauth.flow == "device_code":
        got = _device_code(account, secret, say, wait)
    else:
        got = _authorization_code(account, secret, say, wait, port, stdin or sys.stdin)
    token = record(account.oauth, got, time.time())
    if "refresh_token" not in token:
        raise OAuthError("le fournisseur n'a pas envoyé de jeton de renouvellement (refresh token) : ajoutez "
                         "offline_access à scope (Microsoft) ou autorisez l'accès hors ligne pour le client "
                         "(Google), puis reconnectez-vous")
    return str(store.save(name, token))


def _device_code(account: Account, secret: str, say, wait: float) -> dict:
    oauth = account.oauth
    s = session(oauth, secret)
    try:
        # The device authorization request (RFC 8628 §3.1) is a plain form POST; Authlib has no
        # client helper for it, so its session sends it (with the client's authentication).
        resp = s.post(oauth.device_url, data={"client_id": oauth.client_id, "scope": oauth.scope},
                      auth=s.client_auth(s.token_endpoint_auth_method), withhold_token=True,
                      timeout=account.timeout)
        answer = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}
        if resp.status_code != 200 or "device_code" not in answer:
            raise OAuthError(f"{oauth.device_url} a refusé la demande de connexion (HTTP {resp.status_code} : "
                             f"{answer.get('error', '?')} {answer.get('error_description', '')}".strip() + ")")
        uri = (answer.get("verification_uri_complete") or answer.get("verification_uri")
               or answer.get("verification_url"))
        say(f"Pour autoriser intake à utiliser {account.name} : ouvrez {uri} et saisissez le code "
            f"{answer.get('user_code', '')}" + (f" ({answer['message']})" if answer.get("message") else ""))
        interval = max(1.0, float(answer.get("interval", 5)))
        deadline = time.monotonic() + min(wait, float(answer.get("expires_in", wait)))
        while time.monotonic() < deadline:
            time.sleep(interval)
            try:
                return s.fetch_token(oauth.token_url, grant_type=DEVICE_GRANT, device_code=answer["device_code"],
                                     timeout=account.timeout)
            except AuthlibError as exc:
                if exc.error == "authorization_pending":
                    continue
                if exc.error == "slow_down":
                    interval += 5
                    continue
                raise OAuthError(f"connexion non terminée : {describe(exc)}") from None
        raise OAuthError("connexion non terminée à temps : relancez `intake auth login`")
    except requests.RequestException as exc:
        raise OAuthError(f"fournisseur injoignable : {describe(exc)}") from None
    finally:
        s.close()


class _Listener(http.server.HTTPServer):
    """Where the browser is sent back: the address it was sent to, once it came (`done`)."""

    def __init__(self, address: tuple[str, int], handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.got = ""
        self.done = threading.Event()


class _Redirect(http.server.BaseHTTPRequestHandler):
    server: _Listener

    """Receives the browser sent back to http://127.0.0.1:PORT/?code=...&state=..."""

    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.got = f"http://127.0.0.1:{self.server.server_port}{self.path}"
        body = "Autorisation reçue : vous pouvez fermer cette page et revenir au terminal.".encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.done.set()

    def log_message(self, *args):  # the query holds the code: never print it
        pass


def _authorization_code(account: Account, secret: str, say, wait: float, port: int, stdin) -> dict:
    oauth = account.oauth
    server = _Listener(("127.0.0.1", port), _Redirect)
    redirect = f"http://127.0.0.1:{server.server_port}/"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    s = session(oauth, secret, redirect_uri=redirect, code_challenge_method="S256")
    try:
        verifier = generate_token(64)
        extra = {"access_type": "offline", "prompt": "consent"} if oauth.provider == "google" else {}
        uri, state = s.create_authorization_url(oauth.authorize_url, code_verifier=verifier, **extra)
        say(f"Pour autoriser intake à utiliser {account.name}, ouvrez cette adresse dans un navigateur et "
            f"connectez-vous avec le compte de la boîte :\n{uri}\n"
            f"Si le navigateur n'est pas sur cette machine, il finira sur une page introuvable "
            f"({redirect}...) : copiez alors l'adresse de cette page ici et appuyez sur Entrée.")
        got = _wait_for_redirect(server, stdin, wait)
        if not got.startswith(redirect.rstrip("/")):
            raise OAuthError(f"ce n'est pas l'adresse où le navigateur a été renvoyé (elle commence par {redirect})")
        try:
            return s.fetch_token(oauth.token_url, authorization_response=got, code_verifier=verifier,
                                 state=state, timeout=account.timeout)
        except AuthlibError as exc:
            raise OAuthError(f"connexion refusée : {describe(exc)}") from None
        except requests.RequestException as exc:
            raise OAuthError(f"fournisseur injoignable : {describe(exc)}") from None
    finally:
        s.close()
        server.shutdown()
        server.server_close()


def _wait_for_redirect(server, stdin, wait: float) -> str:
    """The redirected address: from the listener, or pasted by the person, whichever comes first."""
    deadline = time.monotonic() + wait
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):
        fd = None
    while time.monotonic() < deadline:
        if server.done.wait(0.2 if fd is not None else 1.0):
            return server.got
        if fd is not None:
            try:
                ready, _, _ = select.select([fd], [], [], 0)
            except (OSError, ValueError):
                fd = None
                continue
            if ready:
                line = stdin.readline()
                if not line:  # end of input: only the listener can answer now
                    fd = None
                elif line.strip():
                    return line.strip()
    raise OAuthError("connexion non terminée à temps : relancez `intake auth login`")

