"""click's own usage errors in French (a missing argument, an unknown option, a value of the wrong type).

Staff and the admin read them: « Error: Missing argument 'STATUS'. » becomes « Erreur : argument manquant :
'STATUS'. ». click marks its messages for gettext (`from gettext import gettext as _` in each module) but ships
no catalogue, and a catalogue would depend on the locale of the service's user (often C): `install()` gives
those modules a `_`/`ngettext` that look the message up here, whatever the locale. Only the error messages are
translated: the --help texts, like the code, stay English (the README says so), and "Usage:" stays as click
writes it. A message not listed is shown as click writes it.
"""

from __future__ import annotations

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
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide ({number_type}).",
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
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
