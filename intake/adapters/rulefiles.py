"""Read the rules directory (the only file IO behind `core.rules`)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intake.adapters import textfile
from intake.adapters.failures import admin_file_fix
from intake.core.conversation_rules import parse_conversation_rules
from intake.core.fields import parse_field_rules
from intake.core.retention import parse_retention
from intake.core.rules import Rules, parse_rules
from intake.errors import RulesError

RULES_FILE = "pieces.toml"
CONVERSATIONS_FILE = "conversations.toml"
FIELDS_FILE = "fields.toml"
RETENTION_FILE = "retention.toml"


NAMES = (RULES_FILE, CONVERSATIONS_FILE, FIELDS_FILE, RETENTION_FILE)
IN_FORCE = "rules-in-force.json"  # in data_dir: the texts of the last rules that loaded (`keep_in_force`)
# what a command that only reads says when the rules on disk do not load and no rules were ever kept to read with
_NONE_KEPT = ("cette commande ne fait que lire, mais aucune version valable des règles n'a encore été gardée "
             "(rules-in-force.json du dossier de données) pour s'en passer : corrigez ce fichier à cette ligne "
             "(intake rules check dit tout ce qui ne va pas), puis relancez la commande")
# the same, for the worker or the staff console starting (`intake run`, `intake serve`; systemd starts them again)
_NONE_KEPT_TO_SERVE = ("le service (intake run) et la console ne démarrent qu'avec des règles valables, et aucune "
                       "version valable n'a encore été gardée (rules-in-force.json du dossier de données) pour s'en "
                       "passer : corrigez ce fichier à cette ligne (intake rules check dit tout ce qui ne va pas) ; "
                       "ils redémarrent d'eux-mêmes une fois le fichier corrigé")


def load_rules(directory: Path) -> Rules:
    """pieces.toml, conversations.toml, fields.toml and retention.toml; the version is a hash of the
    first three texts (those that decide how a message is handled)."""
    return rules_of(directory, read_rules(directory))


def read_rules(directory: Path) -> tuple[str, ...]:
    """The texts of the four rules files, in NAMES order (RulesError naming the file that cannot be read)."""
    _must_be_a_folder(directory)
    return tuple(_read(Path(directory) / name) for name in NAMES)


def _must_be_a_folder(directory: Path) -> None:
    if not Path(directory).is_dir():  # rules_dir mistyped in config.toml, or the folder never copied
        raise RulesError(str(directory), None, "dossier des règles introuvable : vérifiez rules_dir dans config.toml "
                                               "(relatif au dossier de config.toml), ou copiez-y le dossier rules/ "
                                               "livré avec intake")


# each file's own checks (core), in NAMES order: none of them looks at another file
_PARSERS: tuple[Callable[[str, str], Any], ...] = (parse_rules, parse_conversation_rules, parse_field_rules,
                                                   parse_retention)


def rules_of(directory: Path, texts: tuple[str, ...]) -> Rules:
    """The rules from the texts of their four files (RulesError naming the file and line of a problem)."""
    return _joined(texts, [parse(str(Path(directory) / name), text)
                           for parse, name, text in zip(_PARSERS, NAMES, texts, strict=True)])


def _joined(texts: tuple[str, ...], parts: list[Any]) -> Rules:
    """The rules, from each file's own (a check across files would go here: it runs only once each file loaded)."""
    rules, conversation, fields, retention = parts
    version = hashlib.sha256("\0".join(texts[:3]).encode()).hexdigest()[:12]
    return dataclasses.replace(rules, version=version, conversation=conversation, fields=fields, retention=retention)


def rules_and_errors(directory: Path) -> tuple[Rules | None, list[RulesError]]:
    """For `intake rules check`: the rules, or the first error of each file that does not load, each file read and
    checked on its own (the admin who made a mistake in two files reads both at once; a later error of the same
    file may follow from its first, and is said once that one is fixed). A missing folder is one error."""
    try:
        _must_be_a_folder(directory)
    except RulesError as exc:
        return None, [exc]
    texts, parts, errors = [], [], []
    for parse, name in zip(_PARSERS, NAMES, strict=True):
        path = Path(directory) / name
        try:
            texts.append(_read(path))
            parts.append(parse(str(path), texts[-1]))
        except RulesError as exc:
            errors.append(exc)
    return (None, errors) if errors else (_joined(tuple(texts), parts), [])


def _read(path: Path) -> str:
    try:
        text, line, problem = textfile.read(path)
    except FileNotFoundError:
        raise RulesError(str(path), None, "fichier de règles introuvable : "
                                          + textfile.missing_hint(path, "rules/", NAMES)) from None
    except PermissionError:
        raise RulesError(str(path), None, f"accès refusé : {admin_file_fix(path)}") from None
    if problem:
        raise RulesError(str(path), line, problem)
    return text


def keep_in_force(data_dir: Path, texts: tuple[str, ...]) -> None:
    """Keep in data_dir the texts of rules that loaded, for a command that only reads while the files on disk are
    broken (`last_in_force`). Written only when they changed; a data_dir not there yet, or not writable, keeps
    nothing (the command goes on)."""
    import json

    from intake.adapters.storage import keep_beside

    keep_beside(data_dir, IN_FORCE, json.dumps(dict(zip(NAMES, texts, strict=True)), ensure_ascii=False,
                                               sort_keys=True).encode("utf-8"))


def last_in_force(directory: Path, data_dir: Path) -> Rules | None:
    """The last rules that loaded (`keep_in_force`), read as if they were in `directory`; None when none were kept
    (or they do not load with this version of intake)."""
    import json

    try:
        kept = json.loads((Path(data_dir) / IN_FORCE).read_text(encoding="utf-8"))
        return rules_of(directory, tuple(str(kept[name]) for name in NAMES))
    except (OSError, ValueError, KeyError, TypeError, RulesError):
        return None


def in_force_instead(directory: Path, data_dir: Path, refused: RulesError, serving: bool = False) -> Rules:
    """For a command that only reads, or the console or the worker (`serving`) starting, while the rules on disk do not
    load (`refused`): the last rules that loaded (`last_in_force`); when none were kept, `refused` again, saying why
    nothing can be read instead."""
    kept = last_in_force(directory, data_dir)
    if kept is None:
        raise RulesError(refused.file, refused.line,
                         f"{refused.problem} ; {_NONE_KEPT_TO_SERVE if serving else _NONE_KEPT}") from None
    return kept
