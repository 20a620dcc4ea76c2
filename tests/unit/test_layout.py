"""The tree reads like the flow: one name, one module (intake/README: "How it works")."""

from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "intake"


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts and p.name not in ("__init__.py",
                                                                                                "__main__.py")]


def test_no_two_modules_share_a_name():
    """`digest.py` in two folders meant two different things under one name: each name says one thing."""
    twice = {name: n for name, n in Counter(p.name for p in _modules()).items() if n > 1}
    assert twice == {}
