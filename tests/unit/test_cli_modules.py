"""Each command of `intake` is found in the module COMMAND_MODULES names, and no command is missing from it."""

from __future__ import annotations

import importlib
import pkgutil

import intake.cli
from intake.cli import COMMAND_MODULES, main


def test_every_command_is_listed_under_the_module_that_defines_it():
    for info in pkgutil.iter_modules(intake.cli.__path__):
        importlib.import_module(f"intake.cli.{info.name}")
    defined = {name: command.callback.__module__.rpartition(".")[2] if command.callback else ""
               for name, command in main.commands.items()}
    groups = {name for name, command in main.commands.items() if command.callback is None}
    assert not groups
    assert defined == COMMAND_MODULES
