"""When a backup of data_dir (and of the database) was restored here: `data_dir/restored-at`, written by
`intake outbox restored`. The mail the service sent after that backup was taken is not in it: answers to mail that
came before the restore are held for staff (core/replies.py `stale`), not sent a second time."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

NAME = "restored-at"


def read(data_dir: Path) -> datetime | None:
    try:
        text = (Path(data_dir) / NAME).read_text(encoding="ascii").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def write(data_dir: Path, when: datetime) -> None:
    path = Path(data_dir) / NAME
    draft = path.with_name(NAME + ".new")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(when.isoformat() + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(draft, path)
