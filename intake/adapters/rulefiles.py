"""Read the rules directory (the only file IO behind `core.rules`)."""

from __future__ import annotations

from pathlib import Path

import dataclasses
import hashlib

from intake.core.conversation_rules import parse_conversation_rules
from intake.core.rules import Rules, parse_rules
from intake.errors import RulesError

RULES_FILE = "pieces.toml"
CONVERSATIONS_FILE = "conversations.toml"


def load_rules(directory: Path) -> Rules:
    """pieces.toml and conversations.toml; the version is a hash of both texts."""
    pieces_path, conversations_path = Path(directory) / RULES_FILE, Path(directory) / CONVERSATIONS_FILE
    pieces_text, conversations_text = _read(pieces_path), _read(conversations_path)
    rules = parse_rules(str(pieces_path), pieces_text)
    version = hashlib.sha256((pieces_text + "\0" + conversations_text).encode()).hexdigest()[:12]
    return dataclasses.replace(rules, version=version,
                               conversation=parse_conversation_rules(str(conversations_path), conversations_text))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesError(str(path), None, "rules file not found: restore it from the project's rules/ folder") from None
    except UnicodeDecodeError:
        raise RulesError(str(path), None, "not UTF-8 text: save the file as UTF-8") from None
