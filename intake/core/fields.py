"""Fields read from the dossier d'intention: project title, organisation, contact, category, theme, criteria.

Pure. The admin declares them in rules/fields.toml (`parse_field_rules`);
`read_fields` takes the dossier's text and form fields and returns what it
found, by field key.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from intake.core import labelled
from intake.core.text import fold, shown
from intake.core.tomlcheck import Locator, dash_name, dashes_as_hyphens, load_toml, shape

_CHECKED = ("☒", "☑", "✔", "✓", "■", "[x]", "(x)", "x ")


@dataclass(frozen=True)
class FieldRule:
    key: str
    label: str
    form_fields: tuple[str, ...] = ()  # folded
    after: tuple[str, ...] = ()  # folded labels
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (value, folded words)
    multiple: bool = False
    parent: str = ""  # the key of the field each of its values belongs to ("PARENT VALUE : value")
    numbered: bool = False  # « Thème 2 » after a label names the second choice
    jury: bool = True  # shown in the jury's summary (a contact's details are not: minimisation)

    def value_for(self, typed: str) -> str:
        """The value staff typed, as the rules write it (a choice whatever its case and accents, or by its own
        words after its parent's: "intermodalité"; for `multiple`, choices separated by ';'), or "" when a
        choice field has no such choice."""
        typed = one_line(typed)
        if not self.choices or not typed:
            return typed[:300]
        by_folded = {fold(value): value for value, _ in self.choices}
        short: dict[str, list[str]] = {}
        for value, _ in self.choices:
            if SEPARATOR in value:
                short.setdefault(fold(value.split(SEPARATOR, 1)[1]), []).append(value)

        def one(text: str) -> str:
            key = fold(text)
            if key in by_folded:
                return by_folded[key]
            matches = short.get(key, [])
            return matches[0] if len(matches) == 1 else ""

        if one(typed):
            return one(typed)
        if not self.multiple:
            return ""
        chosen = [one(part.strip()) for part in typed.split(";") if part.strip()]
        return ", ".join(dict.fromkeys(chosen)) if chosen and all(chosen) else ""


SEPARATOR = " : "  # between a parent's value and a child's own words: "Mobilité – Transports : Intermodalité"


def parse_field_rules(filename: str, text: str) -> tuple[FieldRule, ...]:
    data, where = load_toml(filename, text)
    where.keys(data, {"fields"}, [])
    out: list[FieldRule] = []
    for key, table in where.table(data, "fields", []).items():
        path = ["fields", key]
        if not isinstance(table, dict):
            where.fail(path, f"écrivez [fields.{key}] seul sur sa ligne")
        where.keys(table, {"label", "form_fields", "after", "choices", "multiple", "parent", "jury", "numbered"},
                   path)
        label = table.get("label")
        if shape("label", label, "text"):  # label = ["titre du projet"]
            where.fail([*path, "label"], shape("label", label, "text"))
        if not isinstance(label, str) or not label.strip():
            if not where.has_header(path):  # only [fields.KEY.choices] names it: its header was renamed
                where.fail([*path, "choices"], f"[fields.{key}.choices] n'a pas de [fields.{key}] au-dessus de lui "
                                               f"(renommé ?) : remettez [fields.{key}], ou renommez aussi "
                                               f"[fields.{key}.choices] comme le champ")
            where.fail(path, f'[fields.{key}] demande un nom en français, par exemple label = "titre du projet"')
        choices = table.get("choices", {})
        if not isinstance(choices, dict) or not all(
                isinstance(v, list) and v and all(isinstance(w, str) for w in v) for v in choices.values()):
            where.fail(path + ["choices"], 'choices doit associer à chaque valeur une liste de mots, '
                                           'par exemple { "durable" = ["durable"] }')
        multiple = table.get("multiple", False)
        if not isinstance(multiple, bool):
            where.fail(path + ["multiple"], shape("multiple", multiple, "bool")
                       or "multiple doit valoir true ou false (sans guillemets)")
        parent, jury, numbered = table.get("parent", ""), table.get("jury", True), table.get("numbered", False)
        if not isinstance(parent, str):
            where.fail(path + ["parent"], 'parent doit être la clé d\'un autre champ, entre guillemets, '
                                           'par exemple parent = "theme"')
        if not isinstance(jury, bool):
            where.fail(path + ["jury"], shape("jury", jury, "bool")
                       or "jury doit valoir true ou false (sans guillemets)")
        if not isinstance(numbered, bool):
            where.fail(path + ["numbered"], shape("numbered", numbered, "bool")
                       or "numbered doit valoir true ou false (sans guillemets)")
        written = where.strings(table, "after", path)  # as the admin wrote them, for the check's messages
        rule = FieldRule(key=key, label=label.strip(),
                         form_fields=tuple(fold(f) for f in where.strings(table, "form_fields", path)),
                         after=tuple(fold(a) for a in written),
                         choices=tuple((v, tuple(fold(w) for w in ws)) for v, ws in choices.items()),
                         multiple=multiple, parent=parent.strip(), jury=jury, numbered=numbered)
        _no_empty_word(where, path, rule)
        _labels_checked(where, path, rule, written, out)
        if not (rule.form_fields or rule.after or rule.choices):
            where.fail(path, f"[fields.{key}] demande form_fields, after ou choices")
        out.append(rule)
    for rule in out:  # once every table is read: a [fields.KEY.choices] whose header was renamed is said first
        if rule.numbered and not rule.choices:
            where.fail(["fields", rule.key, "numbered"], f"numbered = true numérote les valeurs d'une liste, et "
                                                         f"[fields.{rule.key}] n'a pas de choices : retirez numbered")
        if rule.parent:
            _check_parent(where, rule, {r.key: r for r in out})
    return tuple(out)


def _no_empty_word(where: Locator, path: list[str], rule: FieldRule) -> None:
    """A word that is nothing once accents, case and punctuation are set aside (« "" », « "-" ») is found at the start
    of every word of every dossier: each would get that value (every criterion « collaborative »)."""
    lists = [(["form_fields"], "form_fields", rule.form_fields), (["after"], "after", rule.after)]
    lists += [(["choices", value], f"la liste de « {value} »", words) for value, words in rule.choices]
    for where_in, what, words in lists:
        empty = next((n for n, w in enumerate(words, 1) if not re.sub(r"[^a-z0-9]", "", w)), None)
        if empty is not None:
            where.fail([*path, *where_in], f"le mot n° {empty} de {what} est vide (sans lettre ni chiffre) : il "
                                           "serait trouvé dans chaque dossier ; retirez-le avec sa virgule, ou "
                                           "écrivez le mot entre les guillemets")


def _labels_checked(where: Locator, path: list[str], rule: FieldRule, written: list[str],
                    before: list[FieldRule]) -> None:
    """A label is written as the dossier writes it before its value, without the « : » the service looks for
    itself (« Thème : » would be looked for followed by a second one); and it belongs to one field only (the
    first field would take every value it labels)."""
    for n, (label, as_written) in enumerate(zip(rule.after, written, strict=True), 1):
        if re.search(r"[:=\-–—|]\s*$", as_written):
            where.fail([*path, "after"], f"le libellé n° {n} de after, « {as_written} », finit par "
                                         f"« {as_written.rstrip()[-1]} » : écrivez-le sans « : » ni « – », le "
                                         "service les cherche lui-même après lui")
        other = next((r for r in before if label in r.after), None)
        if other is not None:
            where.fail([*path, "after"], f"« {as_written} » est aussi un libellé de [fields.{other.key}] : chaque "
                                         f"ligne qui commence par lui irait à ce champ-là ; retirez-le de l'un des "
                                         "deux")


def _check_parent(where: Locator, rule: FieldRule, rules: dict[str, FieldRule]) -> None:
    """`parent = "theme"`: the parent is a field with choices, and each value starts with one of them."""
    path = ["fields", rule.key, "parent"]
    parent = rules.get(rule.parent)
    if parent is None or parent.key == rule.key or not parent.choices:
        where.fail(path, f"parent = {rule.parent!r} : donnez la clé d'un autre champ qui a des choices "
                         f"({', '.join(r.key for r in rules.values() if r.choices and r.key != rule.key) or 'aucun'})")
    if not rule.choices:
        where.fail(path, f"[fields.{rule.key}] a un parent mais pas de choices : listez ses valeurs, chacune "
                         f"commençant par son {parent.label} et ' : '")
    values = [v for v, _ in parent.choices]
    for value, _ in rule.choices:
        if not any(value.startswith(p + SEPARATOR) for p in values):
            spaced = re.sub(r"[\u00a0\u202f\u2007]", " ", value)
            if spaced != value and any(spaced.startswith(p + SEPARATOR) for p in values):
                where.fail(["fields", rule.key, "choices", value],
                           f"{spaced!r} est écrit avec une espace insécable (celle qu'un traitement de texte met "
                           f"devant « : »), invisible à l'écran : retapez les espaces avec la barre d'espace, "
                           f"{spaced!r}")
            head = value.split(SEPARATOR)[0]
            # a parent's value alone, without « : » and its own name, is said below (its dashes are not what is wrong)
            alike = next((p for p in values if SEPARATOR in value
                          and dashes_as_hyphens(p) == dashes_as_hyphens(head)), None)
            if alike is not None:  # « Habitat - Environnement » for « Habitat – Environnement »: alike on screen
                where.fail(["fields", rule.key, "choices", value], _dash_told(value, head, alike, rule, parent, where))
            close = difflib.get_close_matches(head, [v for v in values if not any(
                w.startswith(v + SEPARATOR) for w, _ in rule.choices)], n=1, cutoff=0.5) if SEPARATOR in value else []
            if close:  # the parent's value was renamed (or mistyped), its children not
                where.fail(["fields", rule.key, "choices", value],
                           f"{value!r} commence par « {head} », qui n'est pas une valeur de [fields.{parent.key}] : "
                           f"« {close[0]} » ? Si vous avez renommé ce {parent.label}, renommez aussi le début de "
                           f"chacun de ses {rule.label}s : {close[0] + value[len(head):]!r}")
            where.fail(["fields", rule.key, "choices"],
                       f"{value!r} ne commence pas par l'une des valeurs de [fields.{parent.key}] suivie de "
                       f"' : ' (par exemple {values[0] + SEPARATOR + 'sous-thème'!r}) : c'est là qu'est lu le "
                       f"{parent.label} auquel elle appartient")


def _dash_told(value: str, head: str, alike: str, rule: FieldRule, parent: FieldRule, where: Locator) -> str:
    """A value of a child field whose parent's part differs from the parent's value by its dashes alone: which dash
    is which, and the one line to change (the parent's value, when several children write it the same other way:
    it was retyped; else this value)."""
    typed, meant = next((a, b) for a, b in zip(head, alike, strict=True) if a != b)
    said = (f"{value!r} commence par « {head} », écrit avec {dash_name(typed)}, et "
            f"[fields.{parent.key}] a « {alike} », avec {dash_name(meant)} : ils se "
            f"ressemblent à l'écran, mais ce n'est pas le même signe")
    siblings = sum(v.startswith(head + SEPARATOR) for v, _ in rule.choices)
    if siblings > 1:
        line = where.line_of(["fields", parent.key, "choices", alike])
        return (f"{said} ; {siblings} {rule.label}s l'écrivent ainsi : écrivez « {head} » dans [fields.{parent.key}]"
                + (f" (ligne {line})" if line else ""))
    return f"{said} ; écrivez {alike + value[len(head):]!r}"


def derive(fields: dict[str, str], rules: tuple[FieldRule, ...]) -> dict[str, str]:
    """Fill a field nothing was read for from the field that names it: a theme from the sub-theme(s), when
    they all belong to the same one. What was read (or set by staff) is never replaced."""
    out = dict(fields)
    by_key = {r.key: r for r in rules}
    for rule in rules:
        parent = by_key.get(rule.parent) if rule.parent else None
        value = out.get(rule.key)
        if parent is None or not value or out.get(parent.key):
            continue
        found = {p for p, _ in parent.choices if f"{p}{SEPARATOR}" in value}
        if len(found) == 1:
            out[parent.key] = found.pop()
    return out


def read_fields(text: str, form_fields: dict[str, str], rules: tuple[FieldRule, ...]) -> dict[str, str]:
    """The values found, by field key ("" fields are left out).

    For each field, in this order: a form field (read as a labelled value: « 2 » is the second theme); a labelled
    line of the text (core/labelled.py: « Thème : 2 – Mobilité », « Structure : ... »), whose value wins over the
    words of the rest of the text; for a field with choices whose label names none (« Catégorie : Association »),
    the words of the whole text. A label naming two values of a single choice is left for staff. Values of a child
    field (a sub-theme) guessed from the words of the text are kept only when they belong to its parent's value;
    none when its label named several."""
    lines = [line.strip() for line in (text or "").splitlines()]
    folded_text = "\n".join(fold(line) for line in lines)
    aligned = [labelled.aligned(line) for line in lines]
    forms = {fold(k): str(v).strip() for k, v in (form_fields or {}).items() if str(v or "").strip()}
    out: dict[str, str] = {}
    guessed: set[str] = set()
    named: dict[str, list[str]] = {}  # what a labelled line of a choice field named, by field key
    every = tuple(dict.fromkeys(label for rule in rules for label in rule.after))  # a line they start is no value
    for rule in rules:
        value = ""
        for name, content in forms.items():
            if any(f in name for f in rule.form_fields):
                value = _one_or_all(_named(content, rule), rule) if rule.choices else content
                if value:
                    break
        if not value and rule.after and rule.choices:
            value = _labelled_choice(lines, aligned, rule, named, every)
        elif not value and rule.after:
            value = next(labelled.values(lines, rule.after, False, aligned, every), "") or next(
                labelled.values(lines, rule.after, True, aligned, every), "")
        if not value and rule.choices and rule.key not in named:
            value = _choice(folded_text, rule)
            guessed.add(rule.key)
        value = one_line(value)
        if value:
            out[rule.key] = value[:300]
    return derive(_within_parents(out, guessed, named, rules), rules)


def _labelled_choice(lines: list[str], aligned: list[str], rule: FieldRule, named: dict[str, list[str]],
                     every: tuple[str, ...]) -> str:
    """The choice(s) the labelled lines name (all of them: « Thème : Mobilité » then « Thème : Environnement » is
    left for staff), those right after their label first; `named` is told them. `every`: all the fields' labels."""
    for loose in (False, True):
        chosen: list[str] = []
        for given in labelled.values(lines, rule.after, loose, aligned, every):
            chosen += [v for v in _named(given, rule, loose) if v not in chosen]
        if chosen:
            named[rule.key] = chosen
            return _one_or_all(chosen, rule)
    return ""


def _one_or_all(chosen: list[str], rule: FieldRule) -> str:
    """The value of a field the applicant named `chosen` for: all of them for `multiple`, else the one, or ""."""
    return ", ".join(chosen) if rule.multiple or len(chosen) == 1 else ""


def _named(given: str, rule: FieldRule, loose: bool = False) -> list[str]:
    """The choices a labelled value names; of a list of boxes (« ☐ 1 ☒ 2 »), those ticked."""
    items = labelled.ticked(given)
    if items is None:
        return _named_one(given, rule, loose)
    return list(dict.fromkeys(v for item in items for v in _named_one(item, rule, loose)))


def _named_one(given: str, rule: FieldRule, loose: bool = False) -> list[str]:
    """The choices a labelled value names: by their numbers (« 2 », « n° 2 », « 2 et 3 ») for a numbered field, by
    their words or their own name (« Catégorie : projet » names « 2 - projet », whose word « projet » alone would
    be found in every dossier). After a few words before « : » (`loose`), a number names its choice only alone or
    with that choice's words: « Thème retenu : 2 », « Thème retenu : 2 - Mobilité », not a sentence's « Thème des
    ateliers : 3 par an » nor « Catégorie d'âge : 1 à 2 ans »."""
    text = fold(given)
    # a choice whose own name is empty (« 1 », named by its number alone) is not found by it in every value
    chosen = _chosen(text, rule) or [v for v, _ in rule.choices if re.search(r"[a-z0-9]", _own_name(v))
                                     and _starts((_own_name(v),)).search(text)]
    by_number = [rule.choices[n - 1][0] for n in labelled.numbers(given) if 1 <= n <= len(rule.choices)]
    if loose and not labelled.numbers_alone(given) and not set(by_number) <= set(chosen):
        by_number = []
    return list(dict.fromkeys(by_number + chosen)) if rule.numbered else chosen


def _own_name(value: str) -> str:
    """A choice's name, folded, without its number or its parent's value: "2 - projet" -> "projet"."""
    return re.sub(r"^\d+\s*[-–.)]?\s*", "", fold(value.split(SEPARATOR)[-1]))


def _within_parents(out: dict[str, str], guessed: set[str], named: dict[str, list[str]],
                    rules: tuple[FieldRule, ...]) -> dict[str, str]:
    """A child's values guessed from the text's words, without those of another parent than the one read (« Thème :
    Mobilité » in a dossier that speaks of biodiversity: no « Habitat – Environnement : Biodiversité »); none when
    the parent's label named several (« Thème : Transports et environnement »): the theme is left for staff, and
    `derive` would take it from them."""
    for rule in rules:
        if not rule.parent or rule.key not in guessed or rule.key not in out:
            continue
        parents = out[rule.parent].split(", ") if out.get(rule.parent) else []
        if not parents and rule.parent not in named:
            continue
        kept = [v for v, _ in rule.choices if any(v.startswith(p + SEPARATOR) for p in parents)
                and v in out[rule.key].split(", ")]
        if kept:
            out[rule.key] = ", ".join(kept)
        else:
            del out[rule.key]
    return out


def one_line(value: str) -> str:
    """A field's value as one line: every run of whitespace, line breaks of any kind included (a form field's
    value may hold several lines: "Asso\\nStatut : labelled" would print as a line of its own under
    `intake case`, in the digest, on the receipt), becomes one space; control, format (bidirectional overrides
    and isolates, zero-width characters; the zero-width joiner of emoji kept), surrogate and private-use
    characters are dropped. A dossier is the sender's to write: a title « 1000-6202-CSB » after U+202E showed in the
    digest, the console and our mail as « BSC-2026-0001 », another case's reference, and an override left open
    turned the rest of the digest's line (« attend depuis 3 jours ») around."""
    value = str(value)
    if not value.isascii():
        value = "".join(c for c in value if c.isspace() or shown(c))
    elif not value.isprintable():
        value = "".join(c for c in value if c.isprintable() or c.isspace())
    return " ".join(value.split())


@functools.lru_cache(maxsize=1024)
def _starts(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `words` at the start of a word, as one pattern compiled once (a pattern a word, compiled on each
    dossier, was most of the time its fields took: more patterns than the `re` module keeps compiled). A word
    found inside another's match is not found again: its place is that match's, whose start is the one kept."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w) for w in words) + ")")


def _chosen(text: str, rule: FieldRule) -> list[str]:
    """The values whose words the text holds, each word at the start of a word ("culture" is not found in
    "agriculture"); those with a checked box before their words, when there are."""
    found, checked = [], []
    for value, words in rule.choices:
        positions = [m.start() for m in _starts(words).finditer(text)] if words else []
        if positions:
            found.append(value)
            if any(text[max(0, p - 4):p].strip().endswith(tuple(c.strip() for c in _CHECKED)) for p in positions):
                checked.append(value)
    return checked or found


def _choice(text: str, rule: FieldRule) -> str:
    """The value(s) whose words the text holds (`_chosen`); for a single choice, "" when it holds several."""
    chosen = _chosen(text, rule)
    if rule.multiple:
        return ", ".join(chosen)
    return chosen[0] if len(chosen) == 1 else ""
