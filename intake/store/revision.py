"""The newest migration's revision, read from the migration files: the schema check needs no Alembic."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_REVISION = re.compile(r"^(down_)?revision\s*(?::[^=]*)?=\s*['\"]?([\w-]+|None)['\"]?", re.MULTILINE)


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The revision no other migration follows ("" when there is not exactly one)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (Path(__file__).resolve().parent / "migrations" / "versions").glob("*.py"):
        for down, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if down else revisions).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else ""
