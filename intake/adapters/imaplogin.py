"""Connecting to an IMAP server: TLS, password or OAuth2 (SASL OAUTHBEARER / XOAUTH2) login, logout.

Used by adapters/imap.py (reading a folder) and pipeline/watch.py (IMAP IDLE); `tls_context` also by
adapters/smtp.py.
"""

from __future__ import annotations

import ast
import imaplib
import ssl
from typing import Any

from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError
from imap_tools.utils import encode_folder

from intake.adapters.failures import closed_at_once, login_refused, network, not_this_protocol
from intake.config import Mailbox
from intake.config.settings import is_loopback
from intake.errors import MailboxError, OAuthError

# What a broken connection, a refused login or a timeout raise.
IMAP_ERRORS = (imaplib.IMAP4.error, OSError, ssl.SSLError, EOFError)


def tls_context(ca_file: str) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=ca_file or None)


def _not_imap(exc: BaseException) -> str | None:
    """The greeting of a server that is not an IMAP one (imaplib: « unexpected response: b'220 smtp ready' »)."""
    text = str(exc)
    if not isinstance(exc, imaplib.IMAP4.abort) or not text.startswith("unexpected response: "):
        return None
    said = text.removeprefix("unexpected response: ")
    try:
        value = ast.literal_eval(said)
    except (ValueError, SyntaxError):
        return said
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def connect(mailbox: Mailbox, password: str = "", tokens=None) -> MailBox:
    """A logged-in imap-tools MailBox (no folder selected yet). With `tokens` (an OAuth2 TokenSource),
    SASL OAUTHBEARER (RFC 7628) when the server offers it, else XOAUTH2; a refused token is renewed
    once, in case it was revoked or expired early. Raises MailboxError or OAuthError."""
    s = mailbox.server
    if s is None:
        raise MailboxError(f"{mailbox.name} : pas une boîte IMAP (elle lit le dossier {mailbox.path})")
    box: Any = None
    try:
        if s.security == "tls":
            box = MailBox(s.host, s.port, timeout=s.timeout, ssl_context=tls_context(s.ca_file))
        elif s.security == "starttls":
            box = MailBoxStartTls(s.host, s.port, timeout=s.timeout, ssl_context=tls_context(s.ca_file))
        elif is_loopback(s.host):
            box = MailBoxUnencrypted(s.host, s.port, timeout=s.timeout)
        else:  # the configuration refuses it (config/loader.py): never a password in clear over a network
            raise MailboxError(f'security = "none" vers {s.host}, qui n\'est pas cette machine : refusé, '
                               'aucun identifiant envoyé')
        user = s.username or mailbox.address
        if tokens is None:
            box.login(user, password, initial_folder=None)
        else:
            _oauth_login(box, user, tokens)
        return box
    except (MailboxError, OAuthError):
        _close(box)
        raise
    except MailboxLoginError as exc:
        _close(box)
        raise MailboxError(login_refused(s.host, s.port, s.username or mailbox.address, s.password_env)
                           + f" (le serveur a répondu : {_login_answer(exc)})") from exc
    except Exception as exc:  # IMAP_ERRORS, and imap-tools' own
        _close(box)
        greeting = _not_imap(exc) if box is None else None
        if greeting is not None:
            raise MailboxError(not_this_protocol(s.host, s.port, "IMAP", greeting)) from exc
        if box is None and isinstance(exc, imaplib.IMAP4.abort) and str(exc).endswith("EOF"):
            raise MailboxError(closed_at_once(s.host, s.port)) from exc
        raise MailboxError(network(exc, s.host, s.port)
                           or f"{s.host}:{s.port} : échec de la connexion IMAP ({type(exc).__name__} : {exc})") from exc


def _login_answer(exc: MailboxLoginError) -> str:
    """The server's own words about a refused login (e.g. "[AUTHENTICATIONFAILED] Authentication failed.")."""
    data = exc.command_result[1] if len(exc.command_result) > 1 else None
    parts = data if isinstance(data, list) else [data]
    text = " ".join(p.decode("utf-8", "replace") if isinstance(p, bytes) else str(p) for p in parts if p)
    return " ".join(text.split())[:200] or str(exc.command_result[0])


def _oauth_login(box: MailBox, user: str, tokens) -> None:
    offered = {c.upper() for c in box.client.capabilities}
    mechanism = "OAUTHBEARER" if "AUTH=OAUTHBEARER" in offered else "XOAUTH2"
    for attempt in (1, 2):
        token = tokens.access_token(fresh=attempt == 2)
        try:
            box.client.authenticate(mechanism, _sasl(mechanism, user, token))
            return
        except imaplib.IMAP4.abort:
            raise
        except imaplib.IMAP4.error as exc:
            reason = _server_text(exc)
            if attempt == 2:
                raise MailboxError(f"le serveur IMAP a refusé la connexion OAuth2 de {user} ({mechanism} : "
                                   f"{reason}) avec un jeton neuf : vérifiez les droits de l'application sur "
                                   "cette boîte (docs/oauth2.md)") from None


def _sasl(mechanism: str, user: str, token: str):
    """The SASL responder for imaplib: the credentials first; after an error challenge, the dummy
    response each mechanism requires (RFC 7628 §3.2.3: \\x01; XOAUTH2: empty)."""
    sent: list[bool] = []

    def respond(_challenge: bytes) -> bytes:
        if sent:
            return b"\x01" if mechanism == "OAUTHBEARER" else b""
        sent.append(True)
        if mechanism == "OAUTHBEARER":
            return f"n,a={_saslname(user)},\x01auth=Bearer {token}\x01\x01".encode()
        return f"user={user}\x01auth=Bearer {token}\x01\x01".encode()

    return respond


def _saslname(user: str) -> str:
    return user.replace("=", "=3D").replace(",", "=2C")


def _server_text(exc: Exception) -> str:
    text = str(exc)
    return " ".join(text.split())[:200]


def folder_refused(box, mailbox: Mailbox, data) -> str:
    """Why a folder could not be opened (EXAMINE refused: a folder name mistyped, or renamed on the server), with
    the account's folders to choose from, in place of the server's raw answer."""
    said = " ".join(p.decode("utf-8", "replace") if isinstance(p, bytes) else str(p) for p in (data or []) if p)
    try:
        names = sorted(f.name for f in box.folder.list())
    except Exception:  # noqa: BLE001 - the list only helps; the folder's refusal is the error
        names = []
    user = mailbox.server.username if mailbox.server and mailbox.server.username else mailbox.address
    found = (f" ; dossiers du compte : {', '.join(names[:30])}{' ...' if len(names) > 30 else ''}"
             if names else "")
    return (f"dossier « {mailbox.folder} » introuvable ou refusé pour le compte {user} (le serveur a répondu : "
            f"{' '.join(said.split())[:200]}) : vérifiez folder (ou folders) de la boîte {mailbox.name} dans la "
            f"configuration{found}")


def _close(box) -> None:
    if box is not None:
        try:
            box.client.logout()
        except Exception:
            pass

def _quote(folder: str) -> bytes:
    return encode_folder(folder)  # quoted, modified UTF-7 for non-ASCII names
