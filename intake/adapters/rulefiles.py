"""Read the rules directory (the only file IO behind `core.rules`)."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

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
    if not Path(directory).is_dir():  # rules_dir mistyped in config.toml, or the folder never copied
        raise RulesError(str(directory), None, "dossier des règles introuvable : vérifiez rules_dir dans config.toml "
                                               "(relatif au dossier de config.toml), ou copiez-y le dossier rules/ "
                                               "livré avec intake")
    return tuple(_read(Path(directory) / name) for name in NAMES)


def rules_of(directory: Path, texts: tuple[str, ...]) -> Rules:
    """The rules from the texts of their four files (RulesError naming the file and line of a problem)."""
    paths = [Path(directory) / name for name in NAMES]
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
