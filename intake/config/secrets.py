"""The service's secrets: read from the environment variables config.toml names, and withheld from every process
intake starts.

systemd gives the passwords (mailboxes, relay, PostgreSQL), the OAuth2 client secret and the token store's key in
the service's environment (its EnvironmentFile), and a child inherits its parent's environment whole: the process
multiprocessing's forkserver starts, which every reading process is forked from (a reader of anyone's file), held
them all in its environment (/proc/PID/environ, its memory), however the reading process cleared its own copy later
(adapters/readers.py `_worker_setup`). So the command line (`intake.cli.entry`), once it has read the configuration,
takes the variables it names out of its environment into this module, before any process is started; `value` is
how the service reads a secret, from the environment or from here. A library caller (the tests' CliRunner) that
does not withhold them reads them from the environment as before.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

_withheld: dict[str, str] = {}


def value(name: str) -> str | None:
    """The secret of variable `name`: from the environment, else as withheld by `withhold`; None when neither."""
    found = os.environ.get(name)
    return found if found is not None else _withheld.get(name)


def withhold(names: Iterable[str]) -> None:
    """Take the variables `names` out of this process's environment (and so out of every process it starts)."""
    for name in names:
        if name and name in os.environ:
            _withheld[name] = os.environ.pop(name)


def environ() -> Mapping[str, str]:
    """The environment as the configuration sees it: the variables set, withheld ones included."""
    return {**_withheld, **os.environ}


def named_by(settings) -> list[str]:
    """Every variable holding a secret `settings` names: passwords, OAuth2 client secrets, the token store's key, the
    database's password."""
    servers = [m.server for m in settings.mailboxes if m.server is not None]
    if settings.smtp is not None:
        servers.append(settings.smtp)
    names = [settings.token_key_env, settings.database_password_env]
    for server in servers:
        names.append(server.password_env)
        if server.oauth is not None:
            names.append(server.oauth.client_secret_env)
    return [n for n in dict.fromkeys(names) if n]
