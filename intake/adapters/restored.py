"""When a backup of data_dir (and of the database) was restored here: `data_dir/restored-at`, written by
`intake outbox restored`. The mail the service sent after that backup was taken is not in it: answers to mail that
came before the restore are held for staff (core/replies.py `stale`), not sent a second time.

The marker is read each time a message is decided (App.restored_at): a worker or a console left running takes it at
once. One that cannot be read (an admin's edit, a copy cut short, bytes that are not text) is never taken as « no
backup restored »: that would send those answers again. It is a ConfigError naming the file, what is wrong and what
to do; until it is fixed no mail is decided (it waits in the mailboxes)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from intake.errors import ConfigError

NAME = "restored-at"
EXAMPLE = "2026-12-04T10:00:00+01:00"
_TEXT = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}  # what a date, its spaces and line ends are made of


def read(data_dir: Path) -> datetime | None:
    """When a backup was restored here; None when none was (no marker)."""
    path = Path(data_dir) / NAME
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        raise _folder(path) from None
    odd = next((n for n, byte in enumerate(raw) if byte not in _TEXT), None)
    if odd is not None:
        raise _unreadable(path, f"des caractères autres que ceux d'une date (octet n° {odd + 1})")
    text = raw.decode("ascii").strip()
    if not text:
        raise _unreadable(path, "le fichier est vide")
    shown = " ".join(text.split())[:40] + ("…" if len(text) > 40 else "")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise _unreadable(path, f"« {shown} » n'est pas une date") from None
    if when.tzinfo is None:
        raise _unreadable(path, f"« {shown} » n'a pas de fuseau horaire")
    return when


def _unreadable(path: Path, what: str) -> ConfigError:
    return ConfigError(str(path), "", (
        f"{what} ; ce fichier note quand une sauvegarde a été restaurée ici (intake outbox restored l'écrit) et doit "
        f"contenir une date avec son fuseau horaire, par exemple {EXAMPLE}. Remettez-y la date de la "
        "restauration ; si vous ne la connaissez plus, relancez intake outbox restored, le service arrêté (il le "
        f"récrit) ; si aucune sauvegarde n'a été restaurée ici, supprimez-le (rm {path}). D'ici là, aucun courriel "
        "n'est classé : il attend dans les boîtes aux lettres"))


def _folder(path: Path) -> ConfigError:
    """A folder where the marker goes: neither rm nor `intake outbox restored` (os.replace) can take its place, and
    what it holds is not known (a backup copied there?): moved aside, not deleted."""
    return ConfigError(str(path), "", (
        f"c'est un dossier, pas un fichier ; ce fichier note quand une sauvegarde a été restaurée ici (intake outbox "
        f"restored l'écrit) et doit contenir une date avec son fuseau horaire, par exemple {EXAMPLE}. Déplacez ce "
        f"dossier (mv {path} {path}.dossier ; regardez ce qu'il contient avant de le supprimer), puis, si une "
        "sauvegarde a été restaurée ici, lancez intake outbox restored, le service arrêté. D'ici là, aucun courriel "
        "n'est classé : il attend dans les boîtes aux lettres"))


def write(data_dir: Path, when: datetime) -> None:
    path = Path(data_dir) / NAME
    if path.is_dir():
        raise _folder(path)
    draft = path.with_name(NAME + ".new")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(when.isoformat() + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(draft, path)
