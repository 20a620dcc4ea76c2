"""click's own words in French: its usage errors, and the headings and standard texts of every --help.

Staff and the admin read them: « Error: Missing argument 'STATUT'. » becomes « Erreur : argument manquant :
'STATUT'. », « Usage: » « Utilisation : », « Show this message and exit. » « Afficher cette aide et quitter. ».
intake's own help texts are written in French where they are declared (docstrings, `help=`).

click marks its strings for gettext (`from gettext import gettext as _` in each module) and ships no catalogue.
Its supported way to translate them is the classic gettext API: a compiled .mo catalogue bound with
`gettext.bindtextdomain()`/`textdomain()`. It was not taken: that switches the default domain of the whole
process (every library calling `gettext.gettext`), needs a compiled .mo file in the package, and the language is
then chosen by LANGUAGE/LC_ALL/LANG, so a server whose locale is C, C.UTF-8 or en_US.UTF-8 (common on Debian
servers and under systemd) would show English again; forcing it would mean setting LANGUAGE for the process and
its children (tesseract...). So `install()` gives click's
modules a `_`/`ngettext` that look the message up here, whatever the locale, and touch nothing else
(pallets/click#2706 proposes a per-library API; this module is where it would plug in).
tests/unit/test_cli_help_fr.py walks every --help: a click release that moved a string fails there.

The section headings get French typography (« Options : ») from `FrenchFormatter`, through click's public
`Context.formatter_class`: every intake command is a `FrenchCommand` or a `FrenchGroup`, whose contexts use it.
A message not listed is shown as click writes it.
"""

from __future__ import annotations

import re

import click

SINGLE = {
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : « {command} {option} ».",
    "Invalid value: {message}": "valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "valeur invalide pour {param_hint} : {message}",
    "Missing argument": "argument manquant :",
    "Missing option": "option manquante :",
    "Missing parameter": "paramètre manquant :",
    "Missing {param_type}": "{param_type} manquant :",
    "Missing parameter: {param_name}": "paramètre manquant : {param_name}",
    "Missing command.": "commande manquante.",
    "No such option {name!r}.": "option inconnue : {name!r}.",
    "No such command {name!r}.": "commande inconnue : {name!r}.",
    "Option {name!r} does not take a value.": "l'option {name!r} ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "l'argument {name!r} prend {nargs} valeurs.",
    "Could not open file {filename!r}: {message}": "impossible d'ouvrir le fichier {filename!r} : {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide.",  # {number_type}: English
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un UUID valide.",
    # {name} is click's English "File"/"Directory"/"Path" (also the --help metavar, left alone): not repeated
    "{name} {filename!r} does not exist.": "{filename!r} introuvable.",
    "{name} {filename!r} is a file.": "{filename!r} est un fichier, pas un dossier.",
    "{name} {filename!r} is a directory.": "{filename!r} est un dossier, pas un fichier.",
    "{name} {filename!r} is not readable.": "{filename!r} : lecture impossible.",
    "{name} {filename!r} is not writable.": "{filename!r} : écriture impossible.",
    "{name} {filename!r} is not executable.": "{filename!r} : pas exécutable.",
    "unknown error": "erreur inconnue",
    "Aborted!": "Abandon.",
    # --help: the headings, the standard options, what follows an option's help
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(calculée)",
    "deprecated": "obsolète",
}

PLURAL = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Vouliez-vous dire {possibility} ?", "(Vouliez-vous dire l'une de : {possibilities} ?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("argument en trop ({args})", "arguments en trop ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("l'option {name!r} demande une valeur.", "l'option {name!r} demande {nargs} valeurs."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} n'est pas {choice}.", "{value!r} n'est pas l'un des choix : {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} ne correspond pas au format {format}.", "{value!r} ne correspond à aucun des formats {formats}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("{nargs} valeurs attendues, 1 donnée.", "{nargs} valeurs attendues, {len} données."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("{len_type} valeurs attendues, {len_value} donnée.", "{len_type} valeurs attendues, {len_value} données."),
}


def gettext(message: str) -> str:
    return SINGLE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = PLURAL.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    """Give click's modules the French look-up (idempotent)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                   click.types, click.utils):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


# French puts a space before « : ; ? ! » » and after « «: the line is not broken there (a line of help that began
# with « : » or « » »). The space is kept while click wraps the text, then written as an ordinary space.
_GLUED = re.compile(r" (?=[:;?!»])|(?<=«) ")
_KEPT = "\u00a0"


class FrenchFormatter(click.HelpFormatter):
    """--help with French typography: a space before the heading's colon (« Options : », « Commandes : »), and
    no line of a help text that begins with a colon or a closing guillemet."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading} :\n")

    def write_text(self, text: str) -> None:
        super().write_text(_GLUED.sub(_KEPT, text))

    def write_dl(self, rows, *args, **kwargs) -> None:
        super().write_dl([(term, _GLUED.sub(_KEPT, help)) for term, help in rows], *args, **kwargs)

    def write(self, string: str) -> None:
        super().write(string.replace(_KEPT, " "))


class FrenchContext(click.Context):
    formatter_class = FrenchFormatter


class FrenchCommand(click.Command):
    """Every intake command: its --help is laid out by `FrenchFormatter`."""

    context_class = FrenchContext


class FrenchGroup(click.Group):
    """A group of intake commands (`intake quarantine`, ...): its commands and groups are French too, and a
    group's usage line says « COMMANDE [ARGUMENTS]... »."""

    context_class = FrenchContext
    command_class = FrenchCommand
    group_class: type[click.Group | type] | None = type  # a group declared in it is of its own class

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", "COMMANDE [ARGUMENTS]...")
        super().__init__(*args, **kwargs)
