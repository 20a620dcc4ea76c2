"""Send one mail: over SMTP with aiosmtplib, or into a folder as an .eml (demo, dry runs).

Both raise TemporarySendError (retry later; RelayError when the relay itself cannot be used: a
refused login, an unreachable server) or PermanentSendError (never accepted as is); anything else
is a bug.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiosmtplib

from intake.adapters.failures import closed_at_once, login_refused, network, not_this_protocol
from intake.adapters.imaplogin import tls_context
from intake.config import Server
from intake.config.settings import is_loopback
from intake.core.outgoing import needs_smtputf8, wire_address
from intake.errors import OAuthError, PermanentSendError, TemporarySendError

NO_SMTPUTF8 = ("le relais SMTP n'accepte pas les adresses internationalisées (pas d'extension SMTPUTF8) : "
               "écrire au demandeur à la main")


class RelayError(TemporarySendError):
    """The relay itself cannot be used now (login refused, unreachable): no mail is at fault, and the others
    due would fail the same way."""


class SmtpTransport:
    """Sends each mail in a conversation of its own; inside `with transport.kept():` (a pass over the outbox),
    the mails of the pass share one connection (one TLS handshake and one login, not one per mail): checked
    with NOOP before each mail, opened again when the server closed it, dropped after any failure."""

    def __init__(self, server: Server, password: str = "", tokens=None):
        self.server = server
        self.password = password
        self.tokens = tokens  # an OAuth2 TokenSource when auth = "oauth2"
        self._runner: asyncio.Runner | None = None  # inside kept(): the event loop the connection lives on
        self._client: aiosmtplib.SMTP | None = None

    @contextmanager
    def kept(self) -> Iterator[SmtpTransport]:
        """Keep one connection for the mails sent in this block (closed with QUIT at its end)."""
        if self._runner is not None:  # already keeping one
            yield self
            return
        self._runner = asyncio.Runner()
        try:
            yield self
        finally:
            try:
                if self._client is not None:
                    self._runner.run(self._quit())
            finally:
                self._runner.close()
                self._runner, self._client = None, None

    def send(self, raw: bytes, mail_from: str, rcpt_to: str) -> None:
        with self._said():
            if self._runner is not None:
                self._runner.run(self._send_kept(raw, mail_from, rcpt_to))
            else:
                asyncio.run(self._send(raw, mail_from, rcpt_to))

    def check(self) -> str:
        """Connect, say EHLO, secure and log in as a send would, then QUIT: nothing is sent (`intake rules check
        --connect`). What the server said it offers; RelayError, TemporarySendError... as `send` raises them."""
        with self._said():
            return asyncio.run(self._check())

    async def _check(self) -> str:
        async with aiosmtplib.SMTP(**self._options()) as client:
            if self.tokens is not None:
                await self._login_oauth(client)
            size = client.esmtp_extensions.get("size", "")
            return f"taille maximale annoncée : {int(size) // 1_000_000} Mo" if size.isdigit() and int(size) else ""

    @contextmanager
    def _said(self) -> Iterator[None]:
        """The relay's failures as the outbox knows them: temporary (kept queued) or permanent, said in French."""
        try:
            yield
        except (TemporarySendError, PermanentSendError):
            raise
        except OAuthError as exc:  # no token: the mail is not at fault, keep it queued
            raise RelayError(str(exc)) from None
        except aiosmtplib.SMTPAuthenticationError as exc:
            # a wrong password will not fix itself, but the mail is not at fault: keep it queued
            s = self.server
            if self.tokens is not None:
                raise RelayError(f"le relais SMTP a refusé la connexion OAuth2 de {s.username} avec un jeton "
                                 f"neuf ({exc.code} {' '.join(exc.message.split())[:200]}) : vérifiez le droit "
                                 "d'envoi de l'application (docs/oauth2.md)") from None
            raise RelayError(login_refused(s.host, s.port, s.username, s.password_env)
                             + f" (le relais a répondu : {exc.code} {' '.join(exc.message.split())[:200]})") from None
        except (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPConnectTimeoutError, aiosmtplib.SMTPServerDisconnected,
                aiosmtplib.SMTPTimeoutError, OSError, ssl.SSLError, asyncio.TimeoutError) as exc:
            cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else exc
            said = network(cause, self.server.host, self.server.port)
            if said is None and isinstance(exc, aiosmtplib.SMTPConnectError):  # « Unexpected EOF », « Connection lost »
                said = closed_at_once(self.server.host, self.server.port)
            raise RelayError(said or f"{self.server.host}:{self.server.port} : échec de la connexion SMTP "
                                     f"({type(exc).__name__} : {exc})") from exc
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            error = "; ".join(f"{r.code} {r.message}" for r in exc.recipients)
            raise (PermanentSendError if all(c >= 500 for c in codes) else TemporarySendError)(error) from exc
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code == aiosmtplib.SMTPStatus.invalid_response and exc.message.startswith("Malformed"):
                # not an SMTP server (a mailbox's IMAP port): the relay is unusable, the mail is not at fault
                said = exc.message.removeprefix("Malformed SMTP response line:")
                raise RelayError(not_this_protocol(self.server.host, self.server.port, "SMTP", said)) from None
            raise (PermanentSendError if exc.code >= 500 else TemporarySendError)(f"{exc.code} {exc.message}") from exc
        except aiosmtplib.SMTPException as exc:
            raise TemporarySendError(f"{type(exc).__name__}: {exc}") from exc

    def _options(self) -> dict[str, Any]:
        s = self.server
        options: dict[str, Any] = dict(hostname=s.host, port=s.port, timeout=s.timeout)
        if s.security == "tls":
            options.update(use_tls=True, tls_context=tls_context(s.ca_file))
        elif s.security == "starttls":
            options.update(start_tls=True, tls_context=tls_context(s.ca_file))
        elif is_loopback(s.host):
            options.update(start_tls=False)
        else:  # the configuration refuses it (config/loader.py): never a password in clear over a network
            raise TemporarySendError(f"security = \"none\" vers {s.host}, qui n'est pas cette machine : refusé, "
                                     "rien n'est envoyé")
        if s.username and self.tokens is None:
            options.update(username=s.username, password=self.password)
        return options

    async def _send(self, raw: bytes, mail_from: str, rcpt_to: str) -> None:
        async with aiosmtplib.SMTP(**self._options()) as client:
            if self.tokens is not None:
                await self._login_oauth(client)
            await _deliver(client, raw, mail_from, rcpt_to)

    async def _send_kept(self, raw: bytes, mail_from: str, rcpt_to: str) -> None:
        client = self._client
        if client is not None:
            try:
                await client.noop()  # still there? (a server closes an idle connection after a while)
            except (aiosmtplib.SMTPException, OSError, ssl.SSLError, asyncio.TimeoutError):
                self._drop()
                client = None
        if client is None:
            client = aiosmtplib.SMTP(**self._options())
            await client.connect()  # EHLO, STARTTLS and the password login included
            self._client = client
            try:
                if self.tokens is not None:
                    await self._login_oauth(client)
            except BaseException:
                self._drop()
                raise
        try:
            await _deliver(client, raw, mail_from, rcpt_to)
        except BaseException:
            self._drop()  # whatever state the conversation is in, the next mail starts a new one
            raise

    def _drop(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    async def _quit(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError, asyncio.TimeoutError):
            client.close()

    async def _login_oauth(self, client: aiosmtplib.SMTP) -> None:
        """Log in with OAUTHBEARER (RFC 7628) when offered, else XOAUTH2 (aiosmtplib's); a refused
        token is renewed once, in case it was revoked or expired early."""
        if client.is_ehlo_or_helo_needed:  # after STARTTLS, the capabilities are asked again
            await client.ehlo()
        for attempt in (1, 2):
            token = self.tokens.access_token(fresh=attempt == 2)
            try:
                if "oauthbearer" in client.server_auth_methods:
                    await _oauthbearer(client, self.server.username, token)
                else:
                    await client.auth_xoauth2(self.server.username, token)
                return
            except aiosmtplib.SMTPAuthenticationError:
                if attempt == 2:
                    raise


async def _deliver(client: aiosmtplib.SMTP, raw: bytes, mail_from: str, rcpt_to: str) -> None:
    """One mail on a connected, logged-in client. An internationalised domain travels in its ASCII form
    (`wire_address`): only a non-ASCII local part needs the relay's SMTPUTF8."""
    mail_from, rcpt_to = wire_address(mail_from), wire_address(rcpt_to)
    utf8 = needs_smtputf8(mail_from, rcpt_to)
    if utf8 and not client.supports_extension("smtputf8"):
        raise PermanentSendError(NO_SMTPUTF8)
    errors, _reply = await client.sendmail(mail_from, [rcpt_to], raw, mail_options=["SMTPUTF8"] if utf8 else None)
    if errors:  # a partial refusal does not raise
        refused = errors.get(rcpt_to) or next(iter(errors.values()))
        message = f"{refused.code} {refused.message}"
        raise (PermanentSendError if refused.code >= 500 else TemporarySendError)(message)


async def _oauthbearer(client: aiosmtplib.SMTP, user: str, token: str) -> None:
    """SASL OAUTHBEARER, which aiosmtplib lacks; on failure the server sends an error challenge
    that is answered with ^A before it gives the final 535 (RFC 7628 §3.2.3)."""
    name = user.replace("=", "=3D").replace(",", "=2C")
    initial = base64.b64encode(f"n,a={name},\x01auth=Bearer {token}\x01\x01".encode()).decode("ascii")
    response = await client.execute_command(b"AUTH", b"OAUTHBEARER", initial.encode("ascii"))
    if response.code == 334:
        response = await client.execute_command(base64.b64encode(b"\x01"))
    if response.code != 235:
        raise aiosmtplib.SMTPAuthenticationError(response.code, response.message)


class FolderTransport:
    """Writes each mail to `<dir>/<n>-<recipient>.eml` instead of sending it. A file lives as long as the outbox
    row of its mail (`forget_all_but`, run by the purge and an erasure): it is a copy of personal data."""

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def _numbers(self) -> list[int]:
        return [int(p.name[:p.name.index("-")]) for p in self.directory.glob("*.eml")
                if "-" in p.name and p.name[:p.name.index("-")].isdigit()]

    def send(self, raw: bytes, mail_from: str, rcpt_to: str) -> None:
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            n = max(self._numbers(), default=0) + 1  # not a count: files the purge deleted leave gaps
            safe = "".join(c if c.isalnum() or c in "@.-_" else "_" for c in rcpt_to)
            fd = os.open(self.directory / f"{n:04d}-{safe}.eml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(raw)
        except OSError as exc:
            raise TemporarySendError(f"impossible d'écrire dans {self.directory} : {exc}") from exc

    def forget_all_but(self, kept: set[str]) -> tuple[int, int]:
        """Delete the written mails whose Message-ID (without <>) is not in `kept` (the outbox's): their row is
        gone (a deleted case, mail to staff past its time, an erasure). Returns (files, bytes) deleted."""
        files = size = 0
        for path in sorted(self.directory.glob("*.eml")) if self.directory.is_dir() else ():
            with path.open("rb") as f:
                head = f.read(65536).split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
            found = _MESSAGE_ID.search(head)
            if found is not None and found.group(1).decode("ascii", "replace") in kept:
                continue
            size += path.stat().st_size
            path.unlink(missing_ok=True)
            files += 1
        return files, size


_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(?:\r?\n[ \t]+)?<([^>\r\n]+)>", re.IGNORECASE | re.MULTILINE)
