"""Read the rules directory (the only file IO behind `core.rules`)."""

from __future__ import annotations

from pathlib import Path

from intake.core.rules import Rules, parse_rules
from intake.errors import RulesError

RULES_FILE = "pieces.toml"


def load_rules(directory: Path) -> Rules:
    path = Path(directory) / RULES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesError(str(path), None, "rules file not found: restore it from the project's rules/ folder") from None
    except UnicodeDecodeError:
        raise RulesError(str(path), None, "not UTF-8 text: save the file as UTF-8") from None
    return parse_rules(str(path), text)
