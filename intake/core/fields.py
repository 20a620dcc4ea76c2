"""Fields read from the dossier d'intention: project title, organisation, contact, category, theme, criteria.

Pure. The admin declares them in rules/fields.toml (`parse_field_rules`);
`read_fields` takes the dossier's text and form fields and returns what it
found, by field key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.core.text import fold
from intake.core.tomlcheck import load_toml

_CHECKED = ("☒", "☑", "✔", "✓", "■", "[x]", "(x)", "x ")


@dataclass(frozen=True)
class FieldRule:
    key: str
    label: str
    form_fields: tuple[str, ...] = ()  # folded
    after: tuple[str, ...] = ()  # folded labels
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (value, folded words)
    multiple: bool = False


def parse_field_rules(filename: str, text: str) -> tuple[FieldRule, ...]:
    data, where = load_toml(filename, text)
    where.keys(data, {"fields"}, [])
    out = []
    for key, table in where.table(data, "fields", []).items():
        path = ["fields", key]
        if not isinstance(table, dict):
            where.fail(path, f"write [fields.{key}] on its own line")
        where.keys(table, {"label", "form_fields", "after", "choices", "multiple"}, path)
        label = table.get("label")
        if not isinstance(label, str) or not label.strip():
            where.fail(path, f'[fields.{key}] needs a French name, e.g. label = "titre du projet"')
        choices = table.get("choices", {})
        if not isinstance(choices, dict) or not all(
                isinstance(v, list) and v and all(isinstance(w, str) for w in v) for v in choices.values()):
            where.fail(path + ["choices"], 'choices must map each value to a list of words, e.g. '
                                           '{ "durable" = ["durable"] }')
        multiple = table.get("multiple", False)
        if not isinstance(multiple, bool):
            where.fail(path + ["multiple"], "multiple must be true or false (without quotes)")
        rule = FieldRule(key=key, label=label.strip(),
                         form_fields=tuple(fold(f) for f in where.strings(table, "form_fields", path)),
                         after=tuple(fold(a) for a in where.strings(table, "after", path)),
                         choices=tuple((v, tuple(fold(w) for w in ws)) for v, ws in choices.items()),
                         multiple=multiple)
        if not (rule.form_fields or rule.after or rule.choices):
            where.fail(path, f"[fields.{key}] needs form_fields, after or choices")
        out.append(rule)
    return tuple(out)


def read_fields(text: str, form_fields: dict[str, str], rules: tuple[FieldRule, ...]) -> dict[str, str]:
    """The values found, by field key ("" fields are left out)."""
    lines = [line.strip() for line in (text or "").splitlines()]
    folded_lines = [fold(line) for line in lines]
    folded_text = "\n".join(folded_lines)
    forms = {fold(k): str(v).strip() for k, v in (form_fields or {}).items() if str(v or "").strip()}
    out = {}
    for rule in rules:
        value = ""
        for name, content in forms.items():
            if any(f in name for f in rule.form_fields):
                value = _choice(fold(content), rule) if rule.choices else content
                if value:
                    break
        if not value and rule.choices:
            value = _choice(folded_text, rule)
        if not value and rule.after:
            value = _after(lines, folded_lines, rule.after)
        value = one_line(value)
        if value:
            out[rule.key] = value[:300]
    return out


def one_line(value: str) -> str:
    """A field's value as one line: every run of whitespace, line breaks of any kind included (a form field's
    value may hold several lines: "Asso\\nStatut : labelled" would print as a line of its own under
    `intake case`, in the digest, on the receipt), becomes one space."""
    return " ".join(str(value).split())


def _after(lines: list[str], folded: list[str], labels: tuple[str, ...]) -> str:
    for i, line in enumerate(folded):
        for label in labels:
            at = line.find(label)
            if at < 0:
                continue
            rest = lines[i][at + len(label):] if len(lines[i]) == len(line) else lines[i].split(":", 1)[-1]
            rest = rest.lstrip(" :\t-–").strip()
            if rest and rest != lines[i]:
                return rest
            following = next((lines[j] for j in range(i + 1, min(i + 3, len(lines))) if lines[j]), "")
            if following:
                return following
    return ""


def _choice(text: str, rule: FieldRule) -> str:
    """The value(s) whose words the text holds, each word at the start of a word ("culture" is not found in
    "agriculture"); values with a checked box before their words win."""
    found, checked = [], []
    for value, words in rule.choices:
        positions = [m.start() for w in words for m in re.finditer(r"(?<![a-z0-9])" + re.escape(w), text)]
        if positions:
            found.append(value)
            if any(text[max(0, p - 4):p].strip().endswith(tuple(c.strip() for c in _CHECKED)) for p in positions):
                checked.append(value)
    chosen = checked or found
    if rule.multiple:
        return ", ".join(chosen)
    return chosen[0] if len(chosen) == 1 else ""
