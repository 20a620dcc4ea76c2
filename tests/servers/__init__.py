"""Real mail servers on loopback for the integration tests.

* :class:`Dovecot` -- a private, rootless Dovecot 2.3 (IMAP + STARTTLS, IMAPS, LMTP).
* :class:`SmtpServer` -- an aiosmtpd capture server (STARTTLS + AUTH required) with
  failure injection; XOAUTH2 and OAUTHBEARER when given a token server.
* :class:`TokenServer` -- an OAuth2 authorization server (tokens, device code, PKCE,
  introspection) that the Dovecot oauth2 passdb and the SMTP server ask.
* :class:`Postgres` -- a throwaway PostgreSQL cluster (initdb + postgres), one database per test.

The pytest fixtures that wrap them live in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

__all__ = ["Dovecot", "SmtpServer", "CapturedMessage", "TokenServer", "Postgres", "Database", "config_lines",
           "free_ports", "make_self_signed_cert"]


def free_ports(n: int, host: str = "127.0.0.1") -> list[int]:
    """Return ``n`` distinct free TCP ports on ``host``.

    All sockets are held open at the same time so the kernel cannot hand out the
    same port twice; they are closed before returning (a tiny race remains, which is
    acceptable on a test machine).
    """
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((host, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def make_self_signed_cert(directory: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Create ``cert.pem``/``key.pem`` in ``directory`` with the openssl CLI.

    The certificate is for CN=localhost with SAN ``DNS:localhost, IP:127.0.0.1``, so it
    verifies as its own CA: ``ssl.create_default_context(cafile=cert)``.
    """
    d = Path(directory)
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert),
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return cert, key


from .dovecot import Dovecot  # noqa: E402
from .postgres import Database, Postgres, config_lines  # noqa: E402
from .smtp import CapturedMessage, SmtpServer  # noqa: E402
from .tokens import TokenServer  # noqa: E402
