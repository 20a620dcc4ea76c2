"""`intake rules check --connect`: log in to each mailbox and to the relay as the service would, read nothing,
send nothing, and say for each whether it works (French, one line each), so that an admin tests config.toml and
its passwords (or OAuth2 tokens) before the first poll."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from intake.adapters.servers import Servers
from intake.config import Mailbox, Settings
from intake.core.french import count
from intake.errors import IntakeError


@dataclass(frozen=True)
class Tried:
    ok: bool
    line: str


def try_servers(settings: Settings) -> Iterator[Tried]:
    """One server after the other, each said as soon as it is tried: one that does not answer takes its whole
    timeout, and the admin sees the others meanwhile rather than a silent terminal."""
    servers = Servers(settings)
    for box in settings.mailboxes:
        for folder in box.per_folder():
            yield _mailbox(servers, folder)
    yield _relay(servers, settings)


def longest_wait(settings: Settings) -> int:
    """The longest a server may take to answer (its `timeout`), for the line said before trying them."""
    waits = [box.server.timeout for box in settings.mailboxes if box.server is not None]
    waits += [settings.smtp.timeout] if settings.smtp is not None and not settings.outbox_dir else []
    return int(max(waits, default=0))


def _mailbox(servers: Servers, folder: Mailbox) -> Tried:
    what = f"boîte {folder.name} ({folder.address})"
    if folder.path:
        there = Path(folder.path).is_dir()
        return Tried(there, f"{what} : lit le dossier local {folder.path}"
                            + (" (présent)" if there else " : ÉCHEC, ce dossier n'existe pas"))
    server = folder.server
    assert server is not None
    where = f"{what}, dossier {folder.folder} sur {server.host}:{server.port}"
    try:
        with servers.source(folder) as source:
            held = f", {count(source.exists, 'message')} dans le dossier" if source.exists is not None else ""
    except IntakeError as exc:
        return Tried(False, f"{where} : ÉCHEC : {exc}")
    login = "jeton OAuth2" if server.oauth is not None else f"identifiant {server.username or folder.address}"
    return Tried(True, f"{where} : connexion et identification réussies ({login}){held} ; rien n'a été lu")


def _relay(servers: Servers, settings: Settings) -> Tried:
    if settings.outbox_dir:
        there = Path(settings.outbox_dir).is_dir() or not Path(settings.outbox_dir).exists()
        return Tried(there, f"envoi : les courriels sont déposés dans le dossier {settings.outbox_dir}, pas envoyés"
                            + ("" if there else " : ÉCHEC, ce chemin n'est pas un dossier"))
    smtp = settings.smtp
    assert smtp is not None
    where = f"relais d'envoi {smtp.host}:{smtp.port}"
    try:
        offered = servers.transport().check()
    except IntakeError as exc:  # a refused login, an unreachable relay (RelayError), a password not set
        return Tried(False, f"{where} : ÉCHEC : {exc}")
    login = ("jeton OAuth2" if smtp.oauth is not None else f"identifiant {smtp.username}" if smtp.username
             else "sans identifiant")
    return Tried(True, f"{where} : connexion et identification réussies ({login})"
                       + (f", {offered}" if offered else "") + " ; aucun courriel n'a été envoyé")
