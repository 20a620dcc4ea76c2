"""Access tokens for IMAP and SMTP logins, with Authlib (RFC 6749 client, RFC 8628, RFC 7636).

`TokenSource.access_token()` gives a token valid for at least `LEEWAY` more seconds:
- client_credentials: asked from the token endpoint, kept in memory until near its expiry;
- device_code / authorization_code: refreshed with the refresh token that `intake auth login`
  stored (adapters/tokenstore.py); a new refresh token the provider sends back (Microsoft
  rotates them) is stored at once.
One source per account, shared by the poller and the IDLE threads (a lock makes one refresh at a
time). Tokens never reach a log line or an error message.
"""

from __future__ import annotations

import logging
import threading
import time

import requests
from authlib.common.errors import AuthlibBaseError as AuthlibError  # OAuth errors and mismatched state alike
from authlib.integrations.requests_client import OAuth2Session

from intake.config.oauth_keys import OAuth
from intake.errors import OAuthError

log = logging.getLogger("intake.oauth")

LEEWAY = 300  # seconds: a token closer than this to its expiry (or to a quarter of its life) is renewed first
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
# Answers meaning the grant itself is gone: only a person can fix that.
DEAD_GRANT = ("invalid_grant", "invalid_client", "unauthorized_client", "access_denied", "consent_required",
              "interaction_required")


def session(oauth: OAuth, secret: str, **kwargs) -> OAuth2Session:
    """An Authlib session for this client; the secret goes in the form body (both providers document it)."""
    return OAuth2Session(oauth.client_id, secret or None, scope=oauth.scope,
                         token_endpoint_auth_method="client_secret_post" if secret else "none", **kwargs)


# what the OAuth2 error codes an admin meets mean (RFC 6749 §5.2, RFC 8628 §3.5): the provider's own words follow
_ERRORS = {
    "access_denied": "autorisation refusée (par la personne connectée ou par l'administrateur du compte)",
    "authorization_declined": "autorisation refusée par la personne connectée",
    "expired_token": "le code a expiré avant la connexion",
    "bad_verification_code": "code de connexion non reconnu",
    "invalid_grant": "autorisation expirée, révoquée ou déjà utilisée",
    "invalid_client": "application inconnue du fournisseur, ou secret du client erroné",
    "unauthorized_client": "cette application n'a pas le droit d'utiliser ce mode de connexion (flow) chez le "
                           "fournisseur",
    "invalid_scope": "droits demandés (scope) refusés par le fournisseur",
    "invalid_request": "demande refusée par le fournisseur (paramètre manquant ou incorrect)",
    "temporarily_unavailable": "fournisseur momentanément indisponible",
    "server_error": "erreur chez le fournisseur",
}


def describe(exc: Exception) -> str:
    """One line about a failed token request, without any secret: what an OAuth2 error code means, in French, then
    the provider's code and words."""
    if isinstance(exc, AuthlibError):
        text = f"{exc.error}" + (f": {exc.description}" if exc.description else "")
        said = _ERRORS.get(str(exc.error))
        return " ".join((f"{said} (réponse du fournisseur : {text})" if said else text).split())[:300]
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} du serveur de jetons"
    return f"{type(exc).__name__}: {exc}"[:300]


class TokenSource:
    def __init__(self, account: str, oauth: OAuth, secret: str, store=None, timeout: float = 30.0,
                 clock=time.time):
        self.account = account
        self.oauth = oauth
        self.secret = secret
        self.store = store  # a TokenStore for the flows that need `intake auth login`
        self.timeout = timeout
        self.clock = clock
        self._token: dict | None = None
        self._lock = threading.Lock()

    def access_token(self, fresh: bool = False) -> str:
        """A valid access token; `fresh` renews it even if it looks valid (the server refused it)."""
        with self._lock:
            token = self._token
            if self.oauth.needs_login and token is None:
                token = self._load()
            if fresh or token is None or token.get("expires_at", 0) - self.clock() < _margin(token):
                token = self._renew(token)
            self._token = token
            return token["access_token"]

    def _load(self) -> dict:
        token = self.store.load(self.account)
        if token is None:
            raise OAuthError(f"aucun jeton OAuth2 pour {self.account} : lancez une fois "
                             f"`intake auth login {self.account}`")
        if token.get("client_id") != self.oauth.client_id or token.get("token_url") != self.oauth.token_url:
            raise OAuthError(f"le jeton OAuth2 enregistré pour {self.account} a été obtenu pour un autre client_id "
                             f"ou token_url : relancez `intake auth login {self.account}`")
        return token

    def _renew(self, token: dict | None) -> dict:
        s = session(self.oauth, self.secret)
        try:
            if self.oauth.flow == "client_credentials":
                got = s.fetch_token(self.oauth.token_url, grant_type="client_credentials", timeout=self.timeout)
            else:
                assert token is not None  # access_token loaded it: the flows that sign in store one
                got = s.refresh_token(self.oauth.token_url, refresh_token=token["refresh_token"],
                                      timeout=self.timeout)
        except AuthlibError as exc:
            if exc.error in DEAD_GRANT:
                again = (f"relancez `intake auth login {self.account}`" if self.oauth.needs_login
                         else "vérifiez client_id, le secret du client et les droits de l'application")
                raise OAuthError(f"jeton OAuth2 de {self.account} refusé par {self.oauth.token_url} "
                                 f"({describe(exc)}) : {again}") from None
            raise OAuthError(f"le serveur de jetons OAuth2 {self.oauth.token_url} a répondu {describe(exc)} "
                             f"pour {self.account} ; nouvel essai plus tard") from None
        except (requests.RequestException, ValueError) as exc:
            raise OAuthError(f"serveur de jetons OAuth2 {self.oauth.token_url} injoignable pour {self.account} "
                             f"({describe(exc)}) ; nouvel essai plus tard") from None
        finally:
            s.close()
        renewed = record(self.oauth, got, self.clock(), previous=token)
        if self.oauth.needs_login:
            self.store.save(self.account, renewed)
        log.info("[%s] OAuth2 access token %s, valid until %s", self.account,
                 "obtained" if self.oauth.flow == "client_credentials" else "refreshed",
                 time.strftime("%H:%M:%S", time.localtime(renewed["expires_at"])))
        return renewed


def _margin(token: dict) -> float:
    return min(LEEWAY, float(token.get("lifetime", 3600)) / 4)


def record(oauth: OAuth, got: dict, now: float, previous: dict | None = None) -> dict:
    """What is kept of a token response (the refresh token is kept when the provider sends none)."""
    if not got.get("access_token"):
        raise OAuthError(f"le serveur de jetons {oauth.token_url} n'a pas envoyé d'access_token")
    expires_in = got.get("expires_in")
    expires_at = got.get("expires_at") or (now + float(expires_in) if expires_in else now + 3600)
    kept = {"access_token": got["access_token"], "expires_at": float(expires_at),
            "lifetime": max(0.0, float(expires_at) - now),
            "client_id": oauth.client_id, "token_url": oauth.token_url, "scope": got.get("scope", oauth.scope)}
    refresh = got.get("refresh_token") or (previous or {}).get("refresh_token")
    if refresh:
        kept["refresh_token"] = refresh
    return kept
