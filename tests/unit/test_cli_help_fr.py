"""Every --help of the command line is in French: staff and the admin (not a programmer) read `intake --help`
and `intake case --help`. The whole click tree is walked, so that a command added later, or a click release
that moved one of its own strings (intake/cli/usage_fr.py), is caught here."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from intake.cli import load_commands, main
from intake.cli.case_group import CASE_ACTIONS

ENGLISH_HEADINGS = ("Usage:", "Options:", "Commands:", "Arguments:", "Positional arguments", "Show this message",
                    "Show the version", "[default:", "[required]", "Example")
# words of an English sentence that no French help text needs (command and option names are not words here)
ENGLISH_WORDS = re.compile(r"(?<![-\w])(the|and|with|without|which|when|this|every|default|print)(?![-\w])", re.I)


def _tree(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _tree(sub, (*path, name))


load_commands()  # every command's module (`intake` imports one when its command runs)
COMMANDS = list(_tree(main))


def _french(text: str, where: str) -> None:
    for heading in ENGLISH_HEADINGS:
        assert heading not in text, f"{where}: « {heading} » in\n{text}"
    words = ENGLISH_WORDS.findall(text)
    assert not words, f"{where}: English words {words} in\n{text}"


def test_the_tree_is_walked_whole():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "poll", "case", "cases", "quarantine retry", "outbox handled", "rules registre", "auth login"} <= names
    assert len(COMMANDS) > 30


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=lambda p: " ".join(p) or "intake")
def test_every_help_is_french(path):
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="intake")
    where = " ".join(("intake", *path, "--help"))
    assert result.exit_code == 0 and result.exception is None, (where, result.output)
    out = result.output
    assert out.startswith(f"Utilisation : {' '.join(('intake', *path))} "), out
    assert "\nOptions :\n" in out and "Afficher cette aide et quitter." in out and "Exemple : " in out, out
    _french(out, where)
    for line in out.splitlines():  # French spacing is never what starts a line (« : » « ; » « » »)
        assert not line.lstrip().startswith((":", ";", "»")), (where, line)
    if "\nCommandes :\n" in out:  # each summary is a whole sentence, not cut by click (« ... »)
        for line in out.split("\nCommandes :\n")[1].splitlines():
            assert line.strip() and not line.rstrip().endswith("..."), (where, line)


def test_the_version_option_is_french_too():
    out = CliRunner().invoke(main, ["--help"], prog_name="intake").output
    assert "--version         Afficher la version et quitter." in out, out


@pytest.mark.parametrize("action", CASE_ACTIONS + ("show", "new"))
def test_the_case_actions_speak_french(action):
    """`intake case REF status ...` and its siblings are run by `intake case`, whose --help lists them all; their
    own options' help and usage line (shown when one is misused) are French as well."""
    from intake.cli import case_group

    command = case_group.case_new if action == "new" else next(
        c for c in vars(case_group).values() if isinstance(c, click.Command) and c.name == action)
    root = main.context_class(main, info_name="intake")
    ctx = command.context_class(command, info_name="case", parent=root)
    text = command.get_help(ctx)
    assert text.startswith("Utilisation : intake case "), text
    _french(text, f"intake case ... {action}")
    for option in command.params:
        if isinstance(option, click.Option) and option.name != "_click_default_help":
            assert option.help, f"{action} {option.opts}: no help"
            assert option.metavar is not None or option.is_flag, f"{action} {option.opts}: English metavar"


@pytest.mark.parametrize("action", CASE_ACTIONS + ("show", "new"))
def test_an_actions_help_is_its_own(action):
    """`intake case REF status --help` shows the action's own help (what it does, its options), not the
    overview of `intake case --help`; each says what the overview's table says of it."""
    from intake.cli.case_group import CASE_HELP

    typed = ["case", "new", "--help"] if action == "new" else \
        ["case", "BSC-2026-0007", *([] if action == "show" else [action]), "--help"]
    out = CliRunner().invoke(main, typed, prog_name="intake").output
    assert "Un dossier, et ce que le service en fait." not in out, out
    usage = "intake case new" if action == "new" else \
        "intake case REF [OPTIONS]" if action == "show" else f"intake case REF {action} [OPTIONS]"
    assert out.startswith(f"Utilisation : {usage}"), out
    description = " ".join(out.split("\n\n")[1].split())
    assert len(description) > 20 and description.endswith("."), out
    assert " ".join(description.split()[:3]).lower().rstrip(".") in " ".join(CASE_HELP.split()).lower(), out


@pytest.mark.parametrize(("path", "said"), [
    (("demo",), "comment ouvrir la console du service (intake serve)"),  # the demo now leads to the console
    (("followups",), "est nommée avec sa raison"),  # a held reminder is named, not only counted
])
def test_a_help_says_what_its_command_now_does(path, said):
    out = " ".join(CliRunner().invoke(main, [*path, "--help"], prog_name="intake").output.split())
    assert said in out, out
