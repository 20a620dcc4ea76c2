"""An aiosmtpd capture server: STARTTLS required, AUTH PLAIN/LOGIN required over TLS.

Follows ``/work/shared/notes/libraries.md`` section 6 ("aiosmtpd fixture"), including the
pitfall that a failed login must return ``AuthResult(success=False, handled=False)``
(otherwise no 535 is sent and the client hangs until its timeout).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import errno
import json
import shutil
import ssl
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult, LoginPassword

from . import free_ports, make_self_signed_cert

if TYPE_CHECKING:
    from .dovecot import Dovecot
    from .tokens import TokenServer

#: A refusal is an SMTP reply line such as ``"451 4.3.0 Try later"`` or
#: ``"550 5.1.1 No such user"``, or (for RCPT only) a callable that receives the
#: recipient address and returns such a line or ``None`` to accept it.
Refusal = Union[str, Callable[[str], Union[str, None]], None]


@dataclass(frozen=True)
class CapturedMessage:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    login: str | None = None
    mail_options: tuple[str, ...] = ()
    received_at: float = field(default_factory=time.time)
    peer: tuple = ()  # the client's (host, port): one connection, one peer


class _Handler:
    def __init__(self, owner: "SmtpServer") -> None:
        self.owner = owner

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.owner.refuse_rcpt
        if callable(refusal):
            refusal = refusal(address)
        if refusal:
            self.owner._record_refusal("RCPT", address, refusal)
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        refusal = self.owner.refuse_data
        if refusal:
            self.owner._record_refusal("DATA", envelope.mail_from, refusal)
            return refusal
        if self.owner.reply_delay:  # a slow relay: the first half of its time before delivering
            await asyncio.sleep(self.owner.reply_delay / 2)
        data = envelope.original_content
        if data is None:
            data = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        dovecot = self.owner.deliver_to
        if dovecot is not None:
            loop = asyncio.get_running_loop()
            for rcpt in envelope.rcpt_tos:
                if dovecot.has_user(rcpt):
                    try:
                        await loop.run_in_executor(
                            None, dovecot.deliver_lmtp, rcpt, data, envelope.mail_from or "")
                    except Exception as e:  # surfaced to the client as a temporary failure
                        return f"451 4.3.0 LMTP delivery to {rcpt} failed: {e}"[:500]
        login = None
        if isinstance(session.auth_data, LoginPassword):
            login = session.auth_data.login.decode(errors="replace")
        self.owner._capture(CapturedMessage(
            mail_from=envelope.mail_from, rcpt_tos=list(envelope.rcpt_tos), data=data, login=login,
            mail_options=tuple(envelope.mail_options), peer=tuple(session.peer or ())))
        if self.owner.reply_delay:  # a slow relay: the second half of its time after delivering
            await asyncio.sleep(self.owner.reply_delay / 2)
        if self.owner._stall_this_one():  # delivered, but the client does not hear so until `release`
            self.owner.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.owner.release.wait, 120)
        return "250 2.0.0 Message accepted for delivery"


class _OAuthHandler(_Handler):
    """Also accepts SASL XOAUTH2 and OAUTHBEARER, each token checked at the token server by
    introspection (RFC 7662), over HTTP like Dovecot does. A refusal follows each mechanism's
    protocol: an error challenge (base64 JSON), the client's dummy answer, then 535."""

    async def _check(self, server, mechanism: str, args) -> AuthResult:
        if len(args) > 1:  # the initial response (RFC 4954)
            try:
                raw = base64.b64decode(args[1], validate=True)
            except binascii.Error:
                return AuthResult(success=False, handled=False)
        else:
            raw = await server.challenge_auth("", encode_to_b64=False)
            if raw is MISSING:
                return AuthResult(success=False, handled=True)
        text = raw.decode(errors="replace")
        fields = dict(part.split("=", 1) for part in text.split("\x01") if "=" in part)
        if mechanism == "OAUTHBEARER":
            gs2 = text.split("\x01", 1)[0]
            login = next((p[2:] for p in gs2.split(",") if p.startswith("a=")), "")
            login = login.replace("=2C", ",").replace("=3D", "=")
        else:
            login = fields.get("user", "")
        token = fields.get("auth", "").removeprefix("Bearer ").strip()
        loop = asyncio.get_running_loop()
        ok = bool(login and token) and await loop.run_in_executor(None, self.owner._token_opens, token, login)
        self.owner._record_auth(mechanism, login, ok)
        if ok:
            return AuthResult(success=True, auth_data=LoginPassword(login.encode(), b""))
        error = json.dumps({"status": "401", "schemes": "bearer", "scope": "smtp"})
        await server.challenge_auth(error)  # the client answers with an empty line (^A for OAUTHBEARER)
        return AuthResult(success=False, handled=False)

    async def auth_XOAUTH2(self, server, args):
        return await self._check(server, "XOAUTH2", args)

    async def auth_OAUTHBEARER(self, server, args):
        return await self._check(server, "OAUTHBEARER", args)


class SmtpServer:
    """aiosmtpd ``Controller`` on a random loopback port.

    Attributes: ``host``, ``port``, ``ca_file`` (its self-signed cert), ``username``,
    ``password``, ``messages`` (list of :class:`CapturedMessage`, appended under a lock
    from the server thread), ``refusals`` (list of ``(stage, address, reply)``).

    Failure injection: set ``refuse_rcpt`` / ``refuse_data`` to a reply line (or
    ``refuse_rcpt`` to a callable ``address -> reply | None``); ``down()`` / ``up()``
    stop and restart the listener on the same port; ``stall_data = n`` captures the next
    n messages but holds the reply to their DATA (``stalled`` is set) until ``release``
    is set: the mail went out, the client does not know it; ``reply_delay`` makes a
    slow relay: half of it before the message is delivered, half after (before the reply).  Set ``deliver_to`` to a
    :class:`~servers.dovecot.Dovecot` to also deliver accepted mail over LMTP to
    recipients that are Dovecot users.
    """

    host = "127.0.0.1"
    username = "intake"
    password = "smtp-secret"

    def __init__(self, cert_file: str | Path | None = None, key_file: str | Path | None = None,
                 tokens: "TokenServer | None" = None, oauth_mechanisms: tuple[str, ...] = ("XOAUTH2", "OAUTHBEARER")
                 ) -> None:
        """``tokens``: a :class:`~servers.tokens.TokenServer`; then XOAUTH2 and OAUTHBEARER (or only
        the ``oauth_mechanisms`` given) are offered besides PLAIN and LOGIN."""
        self.tokens = tokens
        self.oauth_mechanisms = oauth_mechanisms
        self.auths: list[tuple[str, str, bool]] = []  # (mechanism, login, accepted) of each OAuth2 login
        self._tmpdir: Path | None = None
        if cert_file is None:
            self._tmpdir = Path(tempfile.mkdtemp(prefix="intake-smtp-"))
            cert_file, key_file = make_self_signed_cert(self._tmpdir)
        self.ca_file = str(cert_file)
        self.key_file = str(key_file)
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(self.ca_file, self.key_file)
        (self.port,) = free_ports(1, self.host)
        self._lock = threading.Lock()
        self.messages: list[CapturedMessage] = []
        self.refusals: list[tuple[str, str, str]] = []
        self.refuse_rcpt: Refusal = None
        self.refuse_data: str | None = None
        self.deliver_to: Dovecot | None = None
        self.smtputf8 = False  # advertise SMTPUTF8 (RFC 6531); takes effect at the next up()
        self._controller: Controller | None = None
        # Stall injection: the next `stall_data` messages are captured (delivered) but get no reply to DATA
        # until `release` is set.
        self.stall_data = 0
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.reply_delay = 0.0  # seconds between taking a message and saying so

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> "SmtpServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword)
                and auth_data.login.decode(errors="replace") == self.username
                and auth_data.password.decode(errors="replace") == self.password):
            return AuthResult(success=True, auth_data=auth_data)
        # handled=False makes aiosmtpd answer 535; the default (True) sends nothing.
        return AuthResult(success=False, handled=False)

    def start(self) -> None:
        try:
            # The port was free when chosen but is not reserved; if another process
            # took it meanwhile, retry with a new one.
            for attempt in range(3):
                try:
                    self.up()
                    return
                except OSError as e:
                    if e.errno != errno.EADDRINUSE or attempt == 2:
                        raise
                    (self.port,) = free_ports(1, self.host)
        except BaseException:
            self.stop()
            raise

    def up(self) -> None:
        """(Re)start listening on :attr:`port`."""
        if self._controller is not None:
            return
        excluded = [m for m in ("XOAUTH2", "OAUTHBEARER") if m not in self.oauth_mechanisms]
        controller = Controller(
            (_OAuthHandler if self.tokens is not None else _Handler)(self), hostname=self.host, port=self.port,
            tls_context=self._tls, require_starttls=True,
            authenticator=self._authenticate, auth_required=True, auth_require_tls=True,
            auth_exclude_mechanism=excluded if self.tokens is not None else None,
            ready_timeout=10, enable_SMTPUTF8=self.smtputf8,
        )
        try:
            controller.start()
        except BaseException:
            with contextlib.suppress(Exception):
                controller.stop(no_assert=True)
            with contextlib.suppress(Exception):
                controller.loop.close()
            raise
        self._controller = controller

    def down(self) -> None:
        """Stop listening (connections are refused) until :meth:`up`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def is_up(self) -> bool:
        return self._controller is not None

    def stop(self) -> None:
        self.release.set()  # a stalled DATA must not hold the shutdown
        self.down()
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def reset(self) -> None:
        """Forget captured mail and clear all failure injection (for reuse across tests)."""
        with self._lock:
            self.messages.clear()
            self.refusals.clear()
        self.refuse_rcpt = None
        self.refuse_data = None
        self.deliver_to = None
        self.stall_data = 0
        self.reply_delay = 0.0
        self.stalled.clear()
        self.release.set()
        self.release = threading.Event()
        self.up()

    # ------------------------------------------------------------------ capture
    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts this server's certificate."""
        return ssl.create_default_context(cafile=self.ca_file)

    def _capture(self, msg: CapturedMessage) -> None:
        with self._lock:
            self.messages.append(msg)

    def _token_opens(self, token: str, login: str) -> bool:
        """Introspect at the token server over HTTP, as a real server would."""
        import urllib.request

        for path in ("/introspect", "/introspect/app"):
            request = urllib.request.Request(self.tokens.url + path, data=urllib.parse.urlencode(
                {"token": token}).encode(), method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:
                answer = json.loads(response.read())
            if answer.get("active") and (answer.get("username") == login or
                                         answer.get("tenant", "").partition("@")[2] == login.partition("@")[2]):
                return True
        return False

    def _record_auth(self, mechanism: str, login: str, ok: bool) -> None:
        with self._lock:
            self.auths.append((mechanism, login, ok))

    def _stall_this_one(self) -> bool:
        with self._lock:
            if self.stall_data <= 0:
                return False
            self.stall_data -= 1
            return True

    def _record_refusal(self, stage: str, address: str, reply: str) -> None:
        with self._lock:
            self.refusals.append((stage, address, reply))

    def wait_for(self, count: int = 1, timeout: float = 30.0) -> list[CapturedMessage]:
        """Block until at least ``count`` messages were captured (up to `timeout` s: what a test waits for comes as
        soon as it comes, and a busy CI machine may take more than 10 s to send it); return a snapshot."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.messages)} of {count} messages after {timeout}s")
            time.sleep(0.02)
