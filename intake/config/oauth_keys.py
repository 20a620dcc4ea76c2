"""The `auth` keys of a mailbox or of [smtp]: password, or OAuth2 with provider presets.

    auth = "password"                 (default) username + password_env
    auth = "oauth2"                   a token from `token_url`, got by one of three flows:
      flow = "client_credentials"     the application's own token (Microsoft 365 application access);
                                      nothing stored, asked again before it expires
      flow = "device_code"            `intake auth login NAME` once: a person signs in on another device
                                      (delegated Microsoft 365 access; any RFC 8628 provider)
      flow = "authorization_code"     `intake auth login NAME` once: a person signs in in a browser, which
                                      comes back to 127.0.0.1 (Google: its device flow refuses mail scopes)
    provider = "microsoft365" | "google" fills host, port, security, token_url, scope and flow, so the
    admin gives only what is theirs (tenant, client_id, client_secret_env).

Called by intake/config/loader.py, which owns the rest of the file's validation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from intake.config import secrets
from intake.config.validator import env_name_problem
from intake.errors import ConfigError

AUTHS = ("password", "oauth2")
FLOWS = ("client_credentials", "device_code", "authorization_code")
FLOWS_WITH_LOGIN = ("device_code", "authorization_code")  # a refresh token stored by `intake auth login`
AUTH_KEYS = {"auth", "provider", "tenant", "token_url", "client_id", "client_secret_env", "scope", "flow",
             "device_url", "authorize_url"}

_MS = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0"
PRESETS: dict[str, dict[str, Any]] = {
    "microsoft365": {
        "imap": {"host": "outlook.office365.com", "port": 993, "security": "tls"},
        "smtp": {"host": "smtp.office365.com", "port": 587, "security": "starttls"},
        "token_url": _MS + "/token",
        "device_url": _MS + "/devicecode",
        "authorize_url": _MS + "/authorize",
        "flow": "client_credentials",
        "scope": {
            "client_credentials": "https://outlook.office365.com/.default",
            # delegated: the signed-in person's own mailbox (or one they have rights on)
            "device_code": "offline_access https://outlook.office.com/IMAP.AccessAsUser.All "
                           "https://outlook.office.com/SMTP.Send",
            "authorization_code": "offline_access https://outlook.office.com/IMAP.AccessAsUser.All "
                                  "https://outlook.office.com/SMTP.Send",
        },
    },
    "google": {
        "imap": {"host": "imap.gmail.com", "port": 993, "security": "tls"},
        "smtp": {"host": "smtp.gmail.com", "port": 587, "security": "starttls"},
        "token_url": "https://oauth2.googleapis.com/token",
        "device_url": "",  # Google's device flow does not allow https://mail.google.com/
        "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "flow": "authorization_code",
        "scope": {"authorization_code": "https://mail.google.com/"},
    },
}


@dataclass(frozen=True)
class OAuth:
    """How to get an access token for one account (a mailbox, or the SMTP relay)."""

    flow: str
    token_url: str
    client_id: str
    scope: str
    client_secret_env: str = ""
    device_url: str = ""
    authorize_url: str = ""
    provider: str = ""

    @property
    def needs_login(self) -> bool:
        return self.flow in FLOWS_WITH_LOGIN

    def client_secret(self, where: str) -> str:
        if not self.client_secret_env:
            return ""
        value = secrets.value(self.client_secret_env)
        if value is None:
            raise ConfigError(where, "client_secret_env",
                              f"la variable d'environnement {self.client_secret_env} n'est pas définie : "
                              "donnez-lui (par exemple dans l'EnvironmentFile du service) le secret du client OAuth")
        return value


def server_defaults(v, t: dict, where: str, kind: str) -> dict:
    """host/port/security from the provider preset, for keys the table does not give."""
    provider = _provider(v, t, where)
    if not provider:
        return {}
    return {k: val for k, val in PRESETS[provider][kind].items() if k not in t}


def parse_auth(v, t: dict, where: str) -> tuple[str, OAuth | None]:
    """(auth, OAuth settings or None) for one server table; ConfigError naming the key otherwise."""
    provider = _provider(v, t, where)
    auth = v.string(t, "auth", where, "oauth2" if provider else "password")
    if auth not in AUTHS:
        raise ConfigError(v.file, f"{where}.auth", f"{auth!r} : écrivez \"password\" ou \"oauth2\"")
    oauth_keys = sorted(k for k in AUTH_KEYS - {"auth"} if k in t)
    if auth == "password":
        if oauth_keys:
            raise ConfigError(v.file, f"{where}.{oauth_keys[0]}",
                              "ne sert qu'avec auth = \"oauth2\" : ajoutez auth = \"oauth2\" ou supprimez cette clé")
        return auth, None
    if t.get("password_env"):
        raise ConfigError(v.file, f"{where}.password_env",
                          "avec auth = \"oauth2\", pas de mot de passe : supprimez password_env")
    preset = PRESETS.get(provider, {})
    tenant = v.string(t, "tenant", where, "")
    if tenant and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.-]*", tenant):
        raise ConfigError(v.file, f"{where}.tenant",
                          f"{tenant!r} : donnez le domaine du tenant (\"ville-bethune.fr\") ou son identifiant (un "
                          "GUID)")
    flow = v.string(t, "flow", where, preset.get("flow") or
                    ("client_credentials" if t.get("client_secret_env") else "device_code"))
    if flow not in FLOWS:
        raise ConfigError(v.file, f"{where}.flow", f"{flow!r} : choisissez parmi {', '.join(FLOWS)}")
    secret_env = v.string(t, "client_secret_env", where, "")
    problem = secret_env and env_name_problem(secret_env, "INTAKE_OAUTH_SECRET", "le secret")
    if problem:
        raise ConfigError(v.file, f"{where}.client_secret_env", problem)
    if flow == "client_credentials" and not secret_env:
        raise ConfigError(v.file, f"{where}.client_secret_env",
                          "le flux client_credentials a besoin du secret de l'application : nommez la variable "
                          "d'environnement qui le contient")

    def url(key: str, needed: bool) -> str:
        default = preset.get(key, "")
        if "{tenant}" in default:
            default = default.format(tenant=tenant) if tenant else ""
        value = v.string(t, key, where, default)
        if not value:
            if not needed:
                return ""
            if provider == "microsoft365" and not tenant:
                raise ConfigError(v.file, f"{where}.tenant",
                                  "manquant : donnez le tenant Microsoft 365 (votre domaine, par exemple "
                                  "\"ville-bethune.fr\")")
            if provider == "google" and key == "device_url":
                raise ConfigError(v.file, f"{where}.flow", "Google refuse l'accès au courrier avec le flux "
                                                            "device_code : écrivez flow = \"authorization_code\"")
            raise ConfigError(v.file, f"{where}.{key}", f"manquant : l'adresse {key} OAuth2 du fournisseur")
        _check_url(v, value, f"{where}.{key}")
        return value

    token_url = url("token_url", True)
    device_url = url("device_url", flow == "device_code")
    authorize_url = url("authorize_url", flow == "authorization_code")
    scope = v.string(t, "scope", where, preset.get("scope", {}).get(flow, ""))
    if not scope:
        raise ConfigError(v.file, f"{where}.scope", "manquant : la ou les portées (scopes) OAuth2 à demander, séparées "
                                                    "par des espaces")
    return auth, OAuth(flow=flow, token_url=token_url, client_id=v.string(t, "client_id", where), scope=scope,
                       client_secret_env=secret_env, device_url=device_url, authorize_url=authorize_url,
                       provider=provider)


def _provider(v, t: dict, where: str) -> str:
    provider = v.string(t, "provider", where, "")
    if provider and provider not in PRESETS:
        raise ConfigError(v.file, f"{where}.provider", f"{provider!r} : choisissez parmi {', '.join(PRESETS)}")
    return provider


def _check_url(v, value: str, key: str) -> None:
    """https only; plain http is accepted for a server on this machine (tests, a local proxy)."""
    parts = urlsplit(value)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise ConfigError(v.file, key, f"{value!r} : donnez une adresse https://")
