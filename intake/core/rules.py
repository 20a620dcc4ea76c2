"""The admin's rules (rules/pieces.toml) -> a validated `Rules` value.

Pure: takes the file's name and text, returns values or raises RulesError with
the line and the fix. The shell reads the file (adapters/rulefiles.py).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass

from intake.core.conversation_rules import ConversationRules
from intake.core.text import fold
from intake.errors import RulesError

KNOWN_TYPES = frozenset(
    "pdf docx doc odt rtf txt xlsx xls ods pptx ppt odp jpg jpx png gif webp tif bmp heic avif psd "
    "zip rar 7z gz tar epub eml ics html exe elf unknown".split()
)
TYPE_ALIASES = {"jpeg": "jpg", "tiff": "tif", "heif": "heic"}


@dataclass(frozen=True)
class Recogniser:
    """One way to recognise a kind; every condition given must hold."""

    types: frozenset[str] = frozenset()
    filenames: tuple[str, ...] = ()  # folded glob patterns
    min_size: int = 0


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    required: bool
    recognisers: tuple[Recogniser, ...]


@dataclass(frozen=True)
class Rules:
    kinds: tuple[Kind, ...]
    subject_words: tuple[str, ...] = ()  # folded
    inline_image_min_size: int = 20000
    image_min_size: int = 8000
    document_types: frozenset[str] = frozenset()
    version: str = ""  # short hash of the text, recorded with each decision
    conversation: ConversationRules = ConversationRules()  # rules/conversations.toml

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.key for k in self.kinds if k.required)

    def label(self, key: str) -> str:
        return next((k.label for k in self.kinds if k.key == key), key)


_TOP = {"application", "attachments", "kinds"}
_APPLICATION = {"subject_words"}
_ATTACHMENTS = {"inline_image_min_size", "image_min_size", "document_types"}
_KIND = {"label", "required", "recognise"}
_RECOGNISE = {"types", "filenames", "min_size"}


def parse_rules(filename: str, text: str) -> Rules:
    """Validate and build the rules; every problem names filename:line and the fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_from_toml_error(str(exc))
        raise RulesError(filename, line, f"TOML syntax error: {exc}. Check quotes, commas and brackets.") from None
    where = _Locator(filename, text)
    where.keys(data, _TOP, [])
    application = where.table(data, "application", [])
    where.keys(application, _APPLICATION, ["application"])
    attachments = where.table(data, "attachments", [])
    where.keys(attachments, _ATTACHMENTS, ["attachments"])
    kinds_table = where.table(data, "kinds", [])
    if not kinds_table:
        raise RulesError(filename, None, "no [kinds.…] table: declare at least one kind of piece, e.g. [kinds.dossier]")
    kinds = tuple(_kind(where, key, value) for key, value in kinds_table.items())
    return Rules(
        kinds=kinds,
        subject_words=tuple(fold(w) for w in where.strings(application, "subject_words", ["application"])),
        inline_image_min_size=where.size(attachments, "inline_image_min_size", ["attachments"], 20000),
        image_min_size=where.size(attachments, "image_min_size", ["attachments"], 8000),
        document_types=where.types(attachments, "document_types", ["attachments"]),
        version=hashlib.sha256(text.encode()).hexdigest()[:12],
    )


def _kind(where: "_Locator", key: str, value) -> Kind:
    path = ["kinds", key]
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        where.fail(path, f"kind name {key!r} must be lower-case letters, digits or _ (e.g. kinds.dossier)")
    if not isinstance(value, dict):
        where.fail(path, f"kinds.{key} must be a table: write [kinds.{key}] on its own line")
    where.keys(value, _KIND, path)
    label = value.get("label")
    if not isinstance(label, str) or not label.strip():
        where.fail(path, f'[kinds.{key}] needs a French name, e.g. label = "dossier d\'intention"')
    required = value.get("required", True)
    if not isinstance(required, bool):
        where.fail(path + ["required"], "required must be true or false (without quotes)")
    recognise = value.get("recognise", [])
    if not isinstance(recognise, list) or not recognise:
        where.fail(path, f"[kinds.{key}] needs at least one [[kinds.{key}.recognise]] rule")
    recognisers = []
    for i, rule in enumerate(recognise):
        rpath = path + ["recognise", i]
        if not isinstance(rule, dict):
            where.fail(rpath, f"write each rule as a [[kinds.{key}.recognise]] table")
        where.keys(rule, _RECOGNISE, rpath)
        rec = Recogniser(
            types=where.types(rule, "types", rpath),
            filenames=tuple(fold(p) for p in where.strings(rule, "filenames", rpath)),
            min_size=where.size(rule, "min_size", rpath, 0),
        )
        if not rec.types and not rec.filenames:
            where.fail(rpath, "a recognise rule needs `types` or `filenames` (or both)")
        recognisers.append(rec)
    return Kind(key=key, label=label.strip(), required=required, recognisers=tuple(recognisers))


def _line_from_toml_error(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


class _Locator:
    """Finds the line of a table or key, to point the admin at it."""

    def __init__(self, filename: str, text: str):
        self.filename = filename
        self.lines = text.splitlines()

    def fail(self, path: list, problem: str):
        raise RulesError(self.filename, self.line_of(path), problem)

    def line_of(self, path: list) -> int | None:
        tables = [p for p in path if isinstance(p, str)]
        key = None
        index = 0
        if path and isinstance(path[-1], int):
            index = path[-1]
        elif len(tables) > 1 or (tables and not self._header_line(tables, 0)):
            key = tables.pop()
            if path and len(path) >= 2 and isinstance(path[-2], int):
                index = path[-2]
        start = self._header_line(tables, index) if tables else 0
        if start is None:
            start = 0
        if key is None:
            return start + 1 if tables else None
        for n in range(start, len(self.lines)):
            line = self.lines[n].strip()
            if n > start and line.startswith("["):
                break
            if re.match(rf"{re.escape(key)}\s*=", line):
                return n + 1
        return start + 1 if tables else None

    def _header_line(self, tables: list[str], index: int) -> int | None:
        name = ".".join(tables)
        seen = -1
        for n, line in enumerate(self.lines):
            stripped = line.strip().replace(" ", "")
            if stripped in (f"[{name}]", f"[[{name}]]"):
                seen += 1
                if seen == index or stripped == f"[{name}]":
                    return n
        return None

    def keys(self, table: dict, allowed: set, path: list):
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"allowed here: {', '.join(sorted(allowed))}"
                self.fail(path + [key], f"unknown key {key!r}: {hint}")

    def table(self, data: dict, key: str, path: list) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(path + [key], f"{key} must be a table: write [{key}] on its own line")
        return value

    def strings(self, table: dict, key: str, path: list) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(path + [key], f'{key} must be a list of words in quotes, e.g. {key} = ["a", "b"]')
        return value

    def size(self, table: dict, key: str, path: list, default: int) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(path + [key], f"{key} must be a whole number of bytes, e.g. {key} = 20000")
        return value

    def types(self, table: dict, key: str, path: list) -> frozenset[str]:
        out = set()
        for name in self.strings(table, key, path):
            name = TYPE_ALIASES.get(name.lower().strip(". "), name.lower().strip(". "))
            if name not in KNOWN_TYPES:
                close = difflib.get_close_matches(name, sorted(KNOWN_TYPES), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known types: {', '.join(sorted(KNOWN_TYPES))}"
                self.fail(path + [key], f"unknown file type {name!r}: {hint}")
            out.add(name)
        return frozenset(out)
