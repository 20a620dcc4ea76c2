"""Read the rules directory (the only file IO behind `core.rules`)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from intake.adapters import textfile
from intake.adapters.failures import permission_fix
from intake.core.conversation_rules import parse_conversation_rules
from intake.core.fields import parse_field_rules
from intake.core.retention import parse_retention
from intake.core.rules import Rules, parse_rules
from intake.errors import RulesError

RULES_FILE = "pieces.toml"
CONVERSATIONS_FILE = "conversations.toml"
FIELDS_FILE = "fields.toml"
RETENTION_FILE = "retention.toml"


def load_rules(directory: Path) -> Rules:
    """pieces.toml, conversations.toml, fields.toml and retention.toml; the version is a hash of the
    first three texts (those that decide how a message is handled)."""
    if not Path(directory).is_dir():  # rules_dir mistyped in config.toml, or the folder never copied
        raise RulesError(str(directory), None, "dossier des règles introuvable : vérifiez rules_dir dans config.toml "
                                               "(relatif au dossier de config.toml), ou copiez-y le dossier rules/ du "
                                               "projet")
    paths = [Path(directory) / name for name in (RULES_FILE, CONVERSATIONS_FILE, FIELDS_FILE, RETENTION_FILE)]
    texts = [_read(path) for path in paths]
    rules = parse_rules(str(paths[0]), texts[0])
    version = hashlib.sha256("\0".join(texts[:3]).encode()).hexdigest()[:12]
    return dataclasses.replace(rules, version=version,
                               conversation=parse_conversation_rules(str(paths[1]), texts[1]),
                               fields=parse_field_rules(str(paths[2]), texts[2]),
                               retention=parse_retention(str(paths[3]), texts[3]))


def _read(path: Path) -> str:
    try:
        text, line, problem = textfile.read(path)
    except FileNotFoundError:
        raise RulesError(str(path), None, "fichier de règles introuvable : remettez-le depuis le dossier rules/ du "
                                          "projet") from None
    except PermissionError:
        raise RulesError(str(path), None, f"accès refusé : {permission_fix(path)}") from None
    if problem:
        raise RulesError(str(path), line, problem)
    return text
