"""Validation helpers shared by the admin's TOML files: find the line of a key, explain the fix."""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any, NoReturn

from intake.core.sniff import KNOWN_TYPES, TYPE_ALIASES
from intake.errors import RulesError

Table = dict[str, Any]  # a TOML table as tomllib gives it
KeyPath = Sequence[str | int]  # tables, keys and array indexes down to a value, to find its line


def load_toml(filename: str, text: str) -> tuple[Table, Locator]:
    """Parse an admin's TOML file; a syntax error becomes a RulesError with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        key, problem = toml_problem(str(exc), text)
        raise RulesError(filename, line_from_toml_error(str(exc)), f"{key}: {problem}" if key else problem) from None
    except ValueError:  # a number of more than 4,300 digits (Python's limit): « erreur inattendue ValueError »
        long = next((n for n, line in enumerate(text.splitlines(), 1) if re.search(r"\d{4000}", line)), None)
        raise RulesError(filename, long, "un nombre de plusieurs milliers de chiffres : un copier-coller qui a mal "
                                         "tourné ? écrivez le nombre voulu") from None
    return data, Locator(filename, text)


_WORD_VALUE = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=\s*([^\s\"'\[{#][^#]*?)\s*(?:#.*)?$")  # key = a bare word
_YES_NO = {"oui": "true", "non": "false", "yes": "true", "no": "false", "vrai": "true", "faux": "false",
           "True": "true", "False": "false"}
_LIST_WITHOUT_BRACKETS = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=\s*([^\[{#\s][^#]*,[^#]*?)\s*(?:#.*)?$")
_NUMBER_LISTS = {"after_days"}  # the keys whose value is a list of numbers (rules/conversations.toml)
_LIST_ITEM = re.compile(r"\d+|\"[^\"]*\"|'[^']*'|[^\W\d][\w.-]*")  # 7, "pdf", 'x', lundi
_MONTH = re.compile(r"(?i)\b(janv|f[ée]v|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c)")
_INVISIBLE = {"\u00a0": "une espace insécable", "\u202f": "une espace fine insécable",
              "\u200b": "un caractère invisible (espace sans largeur)", "\u2007": "une espace insécable",
              "\ufeff": "un caractère invisible (indicateur d'ordre des octets)"}
_TYPOGRAPHIC_QUOTES = "«»“”„‘’‚‹›"  # quotes a word processor types, that TOML does not take
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_DASH_NAMES = {"-": "le trait d'union « - »", "\u2010": "un trait d'union typographique « \u2010 »",
               "\u2011": "un trait d'union insécable « \u2011 »", "\u2013": "le tiret « – »",
               "\u2014": "le tiret long « — »", "\u2212": "le signe moins « − »"}
_DATE_LIKE = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=\s*(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ][0-9:+.Z-]*)?)\s*(?:#.*)?$")


_NUMBER_WORDS = {word: n for n, word in enumerate(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split())}
_NUMBER_WORDS |= {"zero": 0, "une": 1, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
                  "cent": 100}
_PROGRAM_TYPES = {  # what an admin calls a file by its program, and the types that program writes
    "word": '"docx", "doc"', "excel": '"xlsx", "xls"', "powerpoint": '"pptx", "ppt"', "libreoffice": '"odt"',
    "openoffice": '"odt"', "writer": '"odt"', "acrobat": '"pdf"', "image": '"jpg", "png"',
    "photo": '"jpg", "png", "heic"', "video": '"mp4", "mov"', "vidéo": '"mp4", "mov"',
}


def as_written(value: object) -> str:
    """A value read from config.toml, as the admin wrote it there (not as Python shows it: `datetime.time(8, 30)`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(as_written(v) for v in value) + "]"
    if isinstance(value, dict):
        return "une table [...]"
    return str(value)


def dashes_as_hyphens(text: str) -> str:
    """Every dash a word processor or a copied document types (‐ ‑ ‒ – — ― −) as the keyboard's hyphen « - »."""
    return text.translate(_DASHES)


def dash_name(dash: str) -> str:
    """A dash named for an admin who cannot tell them apart on screen: « le tiret « – » »."""
    return _DASH_NAMES.get(dash, f"le tiret « {dash} »")


def _bare_value(text: str) -> bool:
    """Whether TOML reads `text` as a value other than a text: a date, a number."""
    try:
        return not isinstance(tomllib.loads(f"x = {text}")["x"], str)
    except tomllib.TOMLDecodeError:
        return False


def iso_date(written: str) -> str:
    """The date the admin meant, in the form TOML takes: 30/11/2026 (as France writes it) or 2026-11-1 -> 2026-11-30,
    2026-11-01; "" when it is not one day of the calendar (31/02/2026) or its order is not clear."""
    found = re.fullmatch(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[T ].*)?", written.strip())
    if not found:
        return ""
    numbers = [int(n) for n in found.groups()]
    year, month, day = (numbers if numbers[0] > 31 else numbers[::-1] if numbers[2] > 31 else [0, 0, 0])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def toml_problem(message: str, text: str) -> tuple[str, str]:
    """(the key, "" if not known; the problem and its fix) for a TOML syntax error, in French for an admin who is
    no programmer: a date TOML does not take (2026-13-01, 01/11/2026), a word without quotes, a number with its
    unit (20 Ko), an accent in a key or table name, and each of tomllib's English messages (_SYNTAX) is said
    with what to write instead."""
    line = line_from_toml_error(message)
    lines = text.splitlines()
    # a key or table written twice: its line was read (its value is valid), so it has no bad value to explain (a flag
    # was told « true n'est pas une valeur ... : écrivez pluriel = true »)
    if line and 0 < line <= len(lines) and len(lines[line - 1]) <= EXPLAINED_LINE and not message.startswith("Cannot"):
        unquoted = re.sub(r"#.*", "", re.sub(r"\"[^\"]*\"|'[^']*'", "", lines[line - 1]))  # nor in a comment
        invisible = next((c for c in _INVISIBLE if c in unquoted), "")
        spaced = re.fullmatch(r"\s*([A-Za-z0-9_-]+)\s*=\s*(\d{1,3}(?:[\u00a0\u202f\u2007 ]\d{3})+)\s*(?:#.*)?",
                              lines[line - 1])
        if invisible and spaced:  # « 500 000 000 » pasted from a French text: its thousands apart by no-break spaces
            table, name, digits = _table_at(lines, line), spaced.group(1), re.sub(r"\D", "", spaced.group(2))
            return (f"{table}.{name}" if table else name,
                    f"erreur de syntaxe TOML (ligne {line}) : les chiffres de ce nombre sont séparés par "
                    f"{_INVISIBLE[invisible]}, invisible à l'écran : un nombre s'écrit en chiffres seuls, sans espace "
                    f"entre les milliers, {name} = {digits}")
        if invisible:  # a word processor's or a French keyboard's space: the line looks right and is not
            return "", (f"erreur de syntaxe TOML (ligne {line}) : cette ligne contient {_INVISIBLE[invisible]}, "
                        "invisible à l'écran, hors des guillemets : effacez les espaces autour du signe = et "
                        "retapez-les avec la barre d'espace")
        dated = _DATE_LIKE.match(lines[line - 1])
        if dated:
            table = _table_at(lines, line)
            name, meant = dated.group(1), iso_date(dated.group(2))
            return (f"{table}.{name}" if table else name,
                    f"{dated.group(2).strip()} n'est pas une date valide (ligne {line}) : écrivez-la AAAA-MM-JJ "
                    "(année-mois-jour), sans guillemets, "
                    + (f"{name} = {meant}" if meant else f"par exemple {name} = 2026-11-01"))
        listed = _LIST_WITHOUT_BRACKETS.match(lines[line - 1])
        decimal = re.fullmatch(r"(\d+),\d+", listed.group(2).strip()) if listed else None
        if listed and decimal:  # « margin = 2,5 »: a number as France writes it, or a list; these files' are whole
            table, name = _table_at(lines, line), listed.group(1)
            if name in _NUMBER_LISTS:  # « after_days = 7,14 »: the days of the reminders
                return (f"{table}.{name}" if table else name,
                        f"{decimal.group(0)} : une liste s'écrit entre crochets (ligne {line}), "
                        f"{name} = [{decimal.group(0).replace(',', ', ')}]")
            return (f"{table}.{name}" if table else name,
                    f"{decimal.group(0)} n'est pas une valeur que le fichier comprend (ligne {line}) : un nombre "
                    f"s'écrit en chiffres seuls, sans virgule (les nombres de ces fichiers sont entiers), par exemple "
                    f"{name} = {decimal.group(1)}")
        if listed and all(_LIST_ITEM.fullmatch(i.strip()) for i in listed.group(2).split(",")):
            table, name = _table_at(lines, line), listed.group(1)
            items = [i.strip() for i in listed.group(2).split(",")]
            written = ", ".join(i if re.fullmatch(r"\d+|\".*\"|'.*'", i) else f'"{i}"' for i in items)
            return (f"{table}.{name}" if table else name,
                    f"{listed.group(2).strip()} : une liste s'écrit entre crochets (ligne {line}), "
                    f"{name} = [{written}]")
        word = _WORD_VALUE.match(lines[line - 1])
        if word and not _DATE_LIKE.match(lines[line - 1]):
            table, name, value = _table_at(lines, line), word.group(1), word.group(2)
            key = f"{table}.{name}" if table else name
            hyphens = dashes_as_hyphens(value)
            if hyphens != value and _bare_value(hyphens):  # 2026–11–01, −2: not a text to quote
                dash = next(c for c in value if c != "-" and dashes_as_hyphens(c) == "-")
                return key, (f"{value} est écrit avec {dash_name(dash)}, que le fichier ne lit pas (ligne {line}) : "
                             f"tapez à sa place le trait d'union « - » du clavier (touche 6), {name} = {hyphens}")
            if value[0] in _TYPOGRAPHIC_QUOTES or value[-1] in _TYPOGRAPHIC_QUOTES:  # « 10:00 », “text”
                inner = value.strip(_TYPOGRAPHIC_QUOTES + "\"' \u00a0\u202f")
                if re.fullmatch(r"[+-]?\d+|true|false", inner):  # « days = «30» »: a number takes no quotes at all
                    return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : un nombre "
                                 f"(ou true, false) s'écrit sans guillemets, {name} = {inner}")
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : les guillemets "
                             f"« », “ ” ou ‘ ’ (ceux d'un traitement de texte) ne comptent pas ici : écrivez le texte "
                             f"entre guillemets droits, {name} = \"{inner}\"")
            if value in _YES_NO:
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : écrivez "
                             f"{name} = {_YES_NO[value]} (true pour oui, false pour non)")
            if _MONTH.search(value) and len(value.split()) <= 4:  # « 1er nov. 2026 », not an address's Septembre
                return key, (f"{value} n'est pas une date que le fichier comprend (ligne {line}) : écrivez-la "
                             f"AAAA-MM-JJ (année-mois-jour), sans guillemets, par exemple {name} = 2026-11-01")
            hour = re.fullmatch(r"(\d{1,2})\s*[hH]\s*(\d{2})?", value)
            if hour and ("time" in name or "hour" in name) and int(hour.group(1)) < 24 and int(hour.group(2) or 0) < 60:
                # hour = 10h, time = 8h30
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : une heure s'écrit "
                             f"entre guillemets, {name} = \"{int(hour.group(1)):02d}:{hour.group(2) or '00'}\"")
            grouped = re.fullmatch(r"\d{1,3}(?: \d{3})+", value)
            if grouped:  # « 500 000 000 » as France writes it: told to be quoted, then refused as no number
                digits = re.sub(r"\D", "", value)
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : un nombre "
                             f"s'écrit en chiffres seuls, sans espace entre les milliers (ou avec _ : "
                             f"{int(digits):_}), {name} = {digits}")
            number = re.fullmatch(r"([+-]?\d[\d_]*)\s*[^\W\d_][^\d]{0,20}", value)
            if number:
                unit = value[number.end(1):].strip().lower()
                times = {"ko": 1000, "kb": 1000, "k": 1000, "mo": 1000_000, "mb": 1000_000, "m": 1000_000}.get(unit, 1)
                figure = int(number.group(1).replace("_", "")) * times
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : un nombre "
                             f"s'écrit en chiffres seuls, sans unité ni mot, {name} = {figure}"
                             + (" (en octets)" if times > 1 else ""))
            first = value.split()[0]
            if first in _YES_NO or first in ("true", "false"):
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : écrivez "
                             f"{name} = {_YES_NO.get(first, first)} (true pour oui, false pour non), rien d'autre")
            if value.lower() in _NUMBER_WORDS:  # min_score = trois: a number, not a text to quote
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : un nombre "
                             f"s'écrit en chiffres, {name} = {_NUMBER_WORDS[value.lower()]}")
            if not re.fullmatch(r"[+-]?[\d_.]+", value):
                return key, (f"{value} n'est pas une valeur que le fichier comprend (ligne {line}) : un texte s'écrit "
                             f"entre guillemets, {name} = \"{value.strip(chr(34) + chr(39))}\"")  # one it has, once
        quoted = _quotes_said(lines[line - 1], line)
        if quoted:
            return "", quoted
        accented = _ACCENTED_KEY.match(lines[line - 1]) or _ACCENTED_TABLE.match(lines[line - 1])
        if accented and not accented.group(1).isascii():
            name = accented.group(1).strip()
            plain = "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")
            return "", (f"erreur de syntaxe TOML (ligne {line}) : le nom « {name} » porte un accent ou une "
                        f"lettre qu'un nom de clé ou de table ne peut pas avoir : ces noms s'écrivent sans accent ni "
                        f"espace, en lettres a-z, chiffres et _ (par exemple « {plain} ») ; seule la valeur, entre "
                        f"guillemets, peut porter des accents")
    where = re.search(r"\((at line (\d+), column (\d+)|at end of document)\)", message)
    place = (f"ligne {where.group(2)}, colonne {where.group(3)}" if where and where.group(2)
             else "à la fin du fichier" if where else "")
    what = message[:where.start()].strip() if where else message
    explained = _explain_syntax(what, text, line, int(where.group(3)) if where and where.group(3) else None)
    return "", (f"erreur de syntaxe TOML{f' ({place})' if place else ''} : "
                f"{explained or what + ' ; vérifiez les guillemets, les virgules et les crochets'}")


def _quotes_said(written: str, line: int) -> str:
    """The problem and its fix when `written` (a line tomllib refused) quotes a text with a word processor's quotes
    (“énergie”, «énergie», ‘énergie’: in a list, where _WORD_VALUE's « key = “text” » does not look), or between
    apostrophes a text that has one ('l'eau': the text ends at its apostrophe); "" otherwise."""
    apostrophe = re.search(r"'([^'\"\n]*'[^'\"\n,\]]*)'", re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), written))
    if apostrophe:
        word = apostrophe.group(1)
        return (f"erreur de syntaxe TOML (ligne {line}) : le texte '{word}' est entre apostrophes, et il s'arrête à "
                f"la sienne : un texte qui contient une apostrophe s'écrit entre guillemets droits, \"{word}\"")
    parts = re.split(r'("[^"]*")', written)  # the straight-quoted texts kept as they are: « » and ’ in them are text
    outside = "".join(parts[0::2])
    if "#" in outside:
        outside = outside[:outside.index("#")]
    if not any(q in outside for q in "«»“”„‘’‚"):
        return ""
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"«\s*|\s*»|[“”„]", '"', parts[i])
        parts[i] = re.sub(r"[‘‚]([^’\n]*)’", r'"\1"', parts[i])
    return (f"erreur de syntaxe TOML (ligne {line}) : les guillemets « », “ ” ou ‘ ’ (ceux d'un traitement de texte) "
            f"ne comptent pas ici : écrivez chaque texte entre guillemets droits (\") : {''.join(parts).strip()}")


# The longest line whose mistake is guessed (a date, a word without quotes, a name with a space...): some of these
# regexes take time growing with the square of a line's length, and a paste gone wrong (64 KB on one line) held rules
# check, poll and the worker's start 25 s; a longer line gets tomllib's message, said in French (_SYNTAX)
EXPLAINED_LINE = 1000
_ACCENTED_KEY = re.compile(r"\s*([^\s=\[\]#\"'.]+)\s*=")  # a bare key as the admin wrote it, accents and all
_ACCENTED_TABLE = re.compile(r"\s*\[\[?([^\]\"'#]+)\]")  # a table's name as the admin wrote it: [récapitulatif]
_SYNTAX = [  # tomllib's English messages, by how they begin: what went wrong and the fix, for an admin
    ("Illegal character '\\n'", "un texte ouvert par un guillemet \" n'est pas refermé sur la même ligne : "
                                   "ajoutez le guillemet fermant \" à la fin du texte"),
    ("Illegal character", "un caractère invisible ou de contrôle se trouve dans un texte entre guillemets : "
                          "retapez cette ligne"),
    ("Unterminated string", "un texte ouvert par des guillemets n'est jamais refermé : ajoutez les guillemets "
                            "fermants"),
    ("Unclosed array", "une liste ouverte par [ n'est pas refermée par ], ou il manque une virgule entre deux "
                       "de ses éléments : écrivez par exemple [\"a\", \"b\"]"),
    ("Unclosed inline table", "des accolades { ouvertes ne sont pas refermées par } sur la même ligne : "
                              "ajoutez }"),
    ("Expected '=' after a key", "il manque le signe = après le nom de la clé, ou ce nom contient un espace : "
                                 "écrivez nom = valeur, le nom sans espace ni accent"),
    ("Expected newline or end of document", "il reste du texte après la valeur, sur la même ligne : une seule "
                                            "clé par ligne, un texte entre guillemets, un commentaire après #"),
    ("Cannot overwrite a value", "cette clé est déjà écrite plus haut dans la même table : gardez une seule "
                                 "ligne pour elle"),
    ("Cannot declare", "cette table [...] est déjà écrite plus haut dans le fichier : gardez un seul en-tête "
                       "et mettez ses clés dessous"),
    ("Duplicate inline table key", "une clé est écrite deux fois entre les mêmes accolades : gardez-en une"),
    ("Expected ']' at the end of a table", "l'en-tête de table n'est pas refermé : écrivez [nom] (ou [[nom]]) "
                                           "seul sur sa ligne"),
    ("Expected ']]' at the end of an array", "l'en-tête n'est pas refermé : écrivez [[nom]], deux crochets de "
                                             "chaque côté"),
    ("Unescaped '\\' in a string", "une barre oblique inverse \\ dans un texte entre guillemets doit "
                                   "s'écrire \\\\ ; ou mettez le texte entre apostrophes : 'C:\\dossier'"),
    ("Invalid value", "valeur manquante ou incomprise après = : un texte s'écrit entre guillemets "
                      "(\"texte\"), un nombre en chiffres (3), oui et non s'écrivent true et false"),
    ("Invalid statement", "la ligne ne commence pas par un nom de clé : écrivez nom = valeur, ou mettez # "
                          "devant une ligne de commentaire"),
    ("Invalid initial character for a key", "la ligne ne commence pas par un nom de clé : écrivez nom = "
                                            "valeur, ou mettez # devant une ligne de commentaire"),
    ("Invalid date", "date invalide : écrivez-la AAAA-MM-JJ (année-mois-jour), sans guillemets"),
]


def _one_each(table: str) -> str:
    """What one of a repeated table is, in the words of the file the admin is editing."""
    last = table.rsplit(".", 1)[-1]
    return {"recognise": "une par règle de reconnaissance", "not_pieces": "une par sorte de document qui n'est pas "
            "une pièce", "staff": "une par personne", "mailboxes": "une par boîte"}.get(last, "une par élément")


def _explain_syntax(what: str, text: str, line: int | None, column: int | None = None) -> str:
    """tomllib's message said in French with its fix; "" for a message this table does not know. `column`: where on
    `line` tomllib stopped, counted from 1."""
    repeated, single, doubled = _repeated_table(text.splitlines(), line) if what.startswith("Cannot") else ("", 0,
                                                                                                        False)
    if repeated and doubled:  # [mailboxes] beside [[mailboxes]]
        return (f"[{repeated}] (ligne {single}) s'écrit [[{repeated}]], avec deux crochets de chaque côté, comme "
                f"ailleurs dans le fichier : c'est une table qui se répète ({_one_each(repeated)})")
    if repeated:
        return (f"[{repeated}] est écrite deux fois : gardez un seul [{repeated}] et mettez toutes ses clés dessous ; "
                f"ou, si c'est une table qui se répète (une par personne, par boîte, comme [[staff]] et "
                f"[[mailboxes]]), écrivez [[{repeated}]], avec deux crochets, à chaque fois")
    spaced = re.match(r"\s*([^\s\"'\[#=][^\"'=#]*?\s[^\"'=#]*?)\s*=", text.splitlines()[line - 1]) \
        if line and what.startswith("Expected '=' after a key") and 0 < line <= len(text.splitlines()) \
        and len(text.splitlines()[line - 1]) <= EXPLAINED_LINE else None
    if spaced:  # « Mobilité – Transports = [...] »: a choice's name keeps its spaces and accents between quotes
        name = spaced.group(1)
        if re.fullmatch(r"[A-Za-z0-9_\s-]+", name):  # « per case per day »: a key of the file, in one word
            joined = "_".join(name.split())
            return f"le nom « {name} » contient des espaces : un nom de clé s'écrit d'un seul mot, {joined} = ..."
        return (f"le nom « {name} » contient des espaces : un nom de clé s'écrit d'un seul mot sans accent "
                f"(nom_de_cle = ...), ou, s'il doit garder ses espaces et ses accents (un choix de fields.toml), "
                f"entre guillemets : \"{name}\" = ...")
    if what.startswith("Cannot overwrite a value") and line:
        first = _key_written_before(text.splitlines(), line)
        if first:  # name the key and where it is first written: the admin added a line without seeing the other
            return (f"la clé {first[0]} est déjà écrite plus haut dans la même table (ligne {first[1]}) : gardez une "
                    "seule des deux lignes")
    for start, explanation in _SYNTAX:
        if what.startswith(start):
            if start == "Unclosed array" and line:
                slip = _list_slip(text.splitlines(), line)
                if slip:
                    return slip
                opened = _array_opened_before(text.splitlines(), line, column)
                if opened:
                    explanation += f" (la liste {opened[0]} commence à la ligne {opened[1]})"
            return explanation
    return ""


_PIECE = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[^"\'#]+|["\'#]')  # a quoted text, or what lies between
_NUMBER_WITH_UNIT = re.compile(r"(\d{1,9})\s*[^\W\d_][^\W\d]{0,20}\.?")  # 7 jours, 7j, 14 j.
_DAYS = ("j", "jr", "jrs", "jour", "jours", "er", "e", "eme", "ème")  # a day's units, and 1er, 2e: the number as meant
_WEEKS = ("sem", "semaine", "semaines")


def _as_counted(item: str, in_days: bool) -> tuple[str, bool]:
    """(the number an item of a list of numbers means, whether its unit changed it): « 7 jours » -> "7", in a list of
    days (`in_days`) « 2 semaines » -> "14"; "" for a unit whose number cannot be written (« 2 mois »: a month has no
    fixed number of days; weeks in a list of something else)."""
    number, unit = re.fullmatch(r"(\d{1,9})\s*(.*?)\.?", item).groups()  # type: ignore[union-attr]
    if unit.lower() in ("", *_DAYS):
        return number, False
    if in_days and unit.lower() in _WEEKS:
        return str(int(number) * 7), True
    return "", True


def _code_and_comment(written: str) -> tuple[list[str], str]:
    """A line cut into its pieces (quoted texts, and what lies between them) up to its comment, and that comment."""
    pieces = _PIECE.findall(written)
    for n, piece in enumerate(pieces):
        if piece == "#":
            return pieces[:n], "".join(pieces[n:])
    return pieces, ""


def _list_slip(lines: list[str], line: int) -> str:
    """What is wrong in a list tomllib found unclosed, with the line to write, when it is a common slip: its items
    separated by semicolons (as a French list is written), a number with its unit (« [7 jours, 14 jours] »), a
    straight quote left out (« ["titre, "intitule"] »); "" otherwise. The line offered is one tomllib reads."""
    if not 0 < line <= len(lines) or len(lines[line - 1]) > EXPLAINED_LINE:
        return ""
    pieces, comment = _code_and_comment(lines[line - 1])
    code = "".join(pieces)
    quoted = [p for p in pieces if p[:1] in "\"'"]
    semicolons = any(";" in p for p in pieces if p[:1] not in "\"'")
    fixed = "".join(p if p[:1] in "\"'" else re.sub(r"\s*;\s*", ", ", p) for p in pieces)
    opened = re.match(r"(\s*[A-Za-z0-9_-]+\s*=\s*\[)(.*)$", fixed)
    head, inside = (opened.group(1), opened.group(2)) if opened else ("", fixed)
    items = [i.strip() for i in inside.rstrip().removesuffix("]").split(",")] if not quoted else []
    if items and any(_NUMBER_WITH_UNIT.fullmatch(i) for i in items) and all(
            re.fullmatch(r"\d{1,9}", i) or _NUMBER_WITH_UNIT.fullmatch(i) for i in items if i):
        in_days = head.split("=")[0].strip().endswith("_days")  # after_days = [7 jours, 2 semaines]
        counted = [_as_counted(i, in_days) for i in items if i]
        fixed = head + ", ".join(n for n, _ in counted) + inside[len(inside.rstrip()):]
        closed = inside.rstrip().endswith("]")
        # « [7, 14 jours »: a short list of numbers ends on its line; not « [7 jours, » (its next line goes on)
        ends = closed or bool(head) and not inside.rstrip().endswith(",")
        fixed += "]" if ends else ""
        unit = next((i for i in items if i and _as_counted(i, in_days)[1]), None) or next(
            i for i in items if _NUMBER_WITH_UNIT.fullmatch(i))
        return (f"« {unit} » : dans une liste de nombres, chaque nombre s'écrit en chiffres seuls, sans unité ni "
                f"mot{', en jours' if in_days else ''}"
                f"{', et les éléments se séparent par des virgules' if semicolons else ''}"
                f"{'' if closed or not ends else ', et la liste se referme par ]'}"
                + (_line_to_write(fixed, comment, bool(head)) if all(n for n, _ in counted) else ""))
    if semicolons:
        return ("les éléments d'une liste se séparent par des virgules, pas par des points-virgules"
                + _line_to_write(fixed, comment, bool(head)))
    if code.count('"') % 2 and not any(p.startswith("'") for p in pieces):  # « "titre, "intitule" »
        texts = [i.strip() for i in inside.rstrip().removesuffix("]").split(",")]
        mended = ", ".join(t if len(t) > 1 and t[0] == t[-1] == '"' else f'"{t.strip(chr(34))}"' for t in texts if t)
        guess = head + mended + ("]" if inside.rstrip().endswith("]") else "")
        return ("il manque un guillemet droit \" dans cette liste : chaque texte s'écrit entre deux guillemets droits, "
                "et une virgule sépare deux textes" + _line_to_write(guess, comment, bool(head), "sans doute"))
    return ""


def _line_to_write(fixed: str, comment: str, whole: bool, how: str = "écrivez") -> str:
    """« : écrivez LINE » when LINE (a whole `key = [...]`, or one line of a list written on several) is one tomllib
    reads, "" otherwise: no fix offered that would fail in its turn."""
    candidate = fixed.strip() if whole else f"x = [{fixed.strip().removesuffix(']').removesuffix(',')}]"
    try:
        tomllib.loads(candidate)
    except tomllib.TOMLDecodeError:
        return ""
    return f" : {how} {(fixed.rstrip() + ('  ' + comment if comment else '')).strip()}"


def _repeated_table(lines: list[str], line: int | None) -> tuple[str, int, bool]:
    """(name, line of its first single-bracket header, whether it is also written [[name]]) of the table the error
    line heads, when it is also written with single brackets: [staff] twice, or [mailboxes] beside [[mailboxes]].
    ("", 0, False) otherwise."""
    if not line or not 0 < line <= len(lines):
        return "", 0, False
    header = re.match(r"\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]", lines[line - 1])
    if not header:
        return "", 0, False
    name = re.escape(header.group(1))
    single = next((n for n, t in enumerate(lines, 1) if re.fullmatch(rf"\s*\[\s*{name}\s*\]\s*(#.*)?", t)), 0)
    if not single:
        return "", 0, False
    return header.group(1), single, any(re.fullmatch(rf"\s*\[\[\s*{name}\s*\]\]\s*(#.*)?", t) for t in lines)


def _key_written_before(lines: list[str], line: int) -> tuple[str, int] | None:
    """(key, line) of the key written on `line` where it is first written in the same table, None if not found."""
    if not 0 < line <= len(lines):
        return None
    key = re.match(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=", lines[line - 1])  # bare or quoted
    if not key:
        return None
    for n in range(line - 1, 0, -1):
        if re.match(r"\s*\[", lines[n - 1]):
            return None  # the table's header: not written before in it
        if re.match(rf"\s*{re.escape(key.group(1))}\s*=", lines[n - 1]):
            return key.group(1), n
    return None


def _array_opened_before(lines: list[str], line: int, column: int | None = None) -> tuple[str, int] | None:
    """(key, line) of the last list opened before the error at `line`, `column` (from 1), where an unclosed one most
    likely began. A list opened on that line after the column cannot be it: « subject_words = ["a", "b" » left
    open is seen by tomllib at the next key, at its first column, and that key's own list was named instead."""
    for n in range(min(line, len(lines)), 0, -1):
        found = re.match(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*\[", lines[n - 1])
        if found and not (n == line and column is not None and found.end() >= column):
            return found.group(1), n
    return None


def _table_at(lines: list[str], line: int) -> str:
    """The table a line is in, as config errors name it: `smtp`, `mailboxes[2]` (the second [[mailboxes]], counted
    from 1 as the admin counts)."""
    name, counts = "", dict[str, int]()
    for text in lines[:line - 1]:
        header = re.match(r"\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?", text)
        if header:
            name = header.group(2)
            if header.group(1) == "[[":
                counts[name] = counts.get(name, 0) + 1
                name = f"{name}[{counts[name]}]"
    return name


def did_you_mean(key: str, allowed: Iterable[str]) -> str:
    """"vouliez-vous dire « x » ?" for a key close to an allowed one, else "" (config.toml and rules files alike)."""
    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    return f"vouliez-vous dire « {close[0]} » ?" if close else ""


def hour_minute(value: object) -> tuple[int, int] | None:
    """(hour, minute) of a time of day as an admin writes it, « 10:00 », « 8h30 », « 10h », « 10 h 30 »; None if it
    is none (or not a text)."""
    if not isinstance(value, str):
        return None
    found = re.fullmatch(r"\s*([01]?\d|2[0-3])\s*(?::\s*([0-5]\d)|[hH]\s*([0-5]\d)?)\s*", value)
    if not found:
        return None
    return int(found.group(1)), int(found.group(2) or found.group(3) or 0)


_SIZE_UNITS = {"k", "ko", "kb", "m", "mo", "mb", "g", "go", "gb"}


def _quoted(items: Iterable[object]) -> str:
    return ", ".join(f'"{str(i).strip()}"' for i in items)


_BYTE_UNITS = {"o": 1, "octet": 1, "octets": 1, "ko": 1000, "kb": 1000, "k": 1000, "mo": 1000_000, "mb": 1000_000,
               "m": 1000_000, "go": 1000_000_000, "gb": 1000_000_000, "g": 1000_000_000}


def _bytes_said(name: str, value: object) -> str:
    """« min_size = "20 Ko" », « "1,5 Mo" »: the figure to write, in bytes (1 Ko = 1 000 octets, as the comments of
    rules/pieces.toml and the mails count); "" for anything else."""
    if not isinstance(value, str):
        return ""
    size = re.fullmatch(r"\s*(\d{1,9}(?:[.,]\d{1,3})?)\s*([^\W\d_]+)\s*", value)
    if size is None or size.group(2).lower() not in _BYTE_UNITS:
        return ""
    figure = round(float(size.group(1).replace(",", ".")) * _BYTE_UNITS[size.group(2).lower()])
    return (f"{name} est une taille en octets : écrivez-la en chiffres seuls, sans guillemets ni unité, "
            f"{name} = {figure} (« {value.strip()} »)")


def shape(name: str, value: object, want: str) -> str:
    """Why `value` is not of the shape `want` ("texts", "numbers": a list of them; "text", "number": one), when the
    slip is a common one (a text where a list is expected, a list of one where one value is, a number in quotes or in
    brackets), said with the line to write, built from what the admin wrote; "" for any other value."""
    if want in ("texts", "numbers") and not isinstance(value, list | dict):
        items = [i.strip() for i in value.split(",") if i.strip()] if isinstance(value, str) else [value]
        numbers = want == "numbers" and all(re.fullmatch(r"\d{1,9}", str(i)) for i in items)
        if want == "numbers" and not numbers:
            return ""
        written = ", ".join(str(int(str(i))) for i in items) if numbers else _quoted(items)
        return (f"{name} est une liste : écrivez ses valeurs entre crochets, séparées par des virgules"
                f"{'' if numbers else ', chacune entre guillemets'}, {name} = [{written}]")
    if want == "numbers" and isinstance(value, list) and value and all(
            isinstance(i, str) and re.fullmatch(r"\s*\d{1,9}\s*", i) for i in value):
        return (f"{name} : les nombres s'écrivent sans guillemets, "
                f"{name} = [{', '.join(str(int(i)) for i in value)}]")
    if want in ("text", "number") and isinstance(value, list) and len(value) == 1 and not isinstance(value[0], list):
        one = value[0]
        if want == "number" and not (isinstance(one, int) and not isinstance(one, bool)):
            return ""
        written = f'"{one}"' if want == "text" else str(one)
        what = "un texte" if want == "text" else "un nombre"
        return f"{name} est {what}, pas une liste : écrivez-le sans crochets, {name} = {written}"
    if want == "number" and isinstance(value, str):
        digits = re.fullmatch(r"\s*(\d{1,9})\s*([^\W\d_]*)\s*", value)
        if digits and digits.group(2).lower() not in _SIZE_UNITS:  # « 30 jours » is 30; « 20 Ko » is not 20
            return f"{name} est un nombre : écrivez-le en chiffres seuls, sans guillemets ni unité, {name} = " \
                   f"{int(digits.group(1))}"
    if want == "bool":
        one = value[0] if isinstance(value, list) and len(value) == 1 else value
        meant = _YES_NO.get(one.strip(), one.strip().lower()) if isinstance(one, str) else (
            str(one).lower() if isinstance(one, bool) else "")
        if meant in ("true", "false"):
            return (f"{name} vaut true (oui) ou false (non), sans guillemets ni crochets, {name} = {meant}")
    if want == "number" and isinstance(value, float) and value.is_integer():
        return f"{name} est un nombre entier : écrivez-le sans virgule ni point, {name} = {int(value)}"
    return ""


def whole_number(name: str, value: object, low: int, high: int, what: str = "") -> str:
    """Why `value` is no whole number from low to high, for the key `name`, with what to write ("" if it is one): a
    number in quotes (« days = "30" »), the commonest slip, is told to lose them."""
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return ""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,20}\s*", value):  # int() refuses 4,300 digits and more
        return f"{name} = \"{value}\" : un nombre s'écrit sans guillemets, {name} = {int(value)}"
    if shape(name, value, "number"):  # « 30 jours », [3], 2.0: the number to write
        return shape(name, value, "number")
    shown = f"\"{value}\"" if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return f"{name} doit être un nombre entier{' ' + what if what else ''} de {low} à {high} (trouvé {shown})"


def line_from_toml_error(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


class Locator:
    """Finds the line of a table or key, to point the admin at it."""

    def __init__(self, filename: str, text: str) -> None:
        self.filename = filename
        self.lines = text.splitlines()

    def fail(self, path: KeyPath, problem: str) -> NoReturn:
        raise RulesError(self.filename, self.line_of(path), problem)

    def line_of(self, path: KeyPath) -> int | None:
        tables: list[str] = [p for p in path if isinstance(p, str)]
        if path and isinstance(path[-1], str) and len(tables) == len(path) > 1:
            header = self._header_line(tables, 0)  # a table named in full: [kinds.visuels]
            if header is not None:
                return header + 1
        key: str | None = None
        index = 0
        last = path[-1] if path else None
        if isinstance(last, int):
            index = last
        elif len(tables) > 1 or (tables and not self._header_line(tables, 0)):
            key = tables.pop()
            before = path[-2] if len(path) >= 2 else None
            if isinstance(before, int):
                index = before
        start = self._header_line(tables, index) if tables else 0
        if start is None:
            start = 0
        if key is None:
            return start + 1 if tables else None
        for n in range(start, len(self.lines)):
            line = self.lines[n].strip()
            if n > start and line.startswith("["):
                break
            if re.match(rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=", line):  # "quoted" too
                return n + 1
        if not tables:  # a table the file names only in a header, misspelt: [kind.courrier] for [kinds.courrier]
            opening = re.compile(rf"\[\[?\s*{re.escape(key)}\s*[.\]]")
            return next((n + 1 for n, line in enumerate(self.lines) if opening.match(line.strip())), None)
        return start + 1

    def has_header(self, tables: KeyPath) -> bool:
        """Whether the file writes this table's own header ([fields.theme]), not only a sub-table's."""
        return self._header_line([str(t) for t in tables], 0) is not None

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

    def keys(self, table: Table, allowed: set[str], path: KeyPath) -> None:
        for key in table:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f"clés permises ici : {', '.join(sorted(allowed))}"
                self.fail([*path, key], f"clé inconnue « {key} » : {hint}")

    def table(self, data: Table, key: str, path: KeyPath) -> Table:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail([*path, key], f"{key} doit être une table : écrivez [{key}] seul sur sa ligne")
        return value

    def strings(self, table: Table, key: str, path: KeyPath) -> list[str]:
        value = table.get(key, [])
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            empty = next((n for n, v in enumerate(value, 1) if not v.strip()), None)
            if empty is not None:  # "" left by a word deleted between its quotes: never found, or found everywhere
                self.fail([*path, key], f'le n° {empty} de {key} est vide ("") : retirez-le avec sa virgule, ou '
                                        "écrivez le mot entre les guillemets")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail([*path, key], shape(key, value, "texts") or f'{key} doit être une liste de mots entre '
                                                                  f'guillemets, par exemple {key} = ["a", "b"]')
        return [str(v) for v in value]

    def size(self, table: Table, key: str, path: KeyPath, default: int, unit: str = "octets") -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            of = "de pixels" if unit == "pixels" else "d'octets"
            self.fail([*path, key], shape(key, value, "number") or (unit == "octets" and _bytes_said(key, value))
                      or f"{key} doit être un nombre entier {of}, par exemple {key} = {default or 20000}")
        return value

    def types(self, table: Table, key: str, path: KeyPath) -> frozenset[str]:
        out = set()
        for name in self.strings(table, key, path):
            name = TYPE_ALIASES.get(name.lower().strip(". "), name.lower().strip(". "))
            if name not in KNOWN_TYPES:
                # Two letters swapped (« pfd », « jgp ») first: difflib alone offers 'psd' for 'pfd'.
                close = ([t for t in sorted(KNOWN_TYPES) if len(t) == len(name) and sorted(t) == sorted(name)]
                         or difflib.get_close_matches(name, sorted(KNOWN_TYPES), n=1))
                program = _PROGRAM_TYPES.get(name)  # « word »: the program, not the type of its files
                hint = (f"les fichiers de {name} s'écrivent {program}" if program
                        else f"vouliez-vous dire « {close[0]} » ?" if close
                        else f"types connus : {', '.join(sorted(KNOWN_TYPES))}")
                self.fail([*path, key], f"type de fichier « {name} » inconnu : {hint}")
            out.add(name)
        return frozenset(out)
