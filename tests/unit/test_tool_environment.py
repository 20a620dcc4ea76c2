"""The programs that read applicants' files (pdftoppm, antiword: C parsers of what anyone may send) run without the
service's secrets: the mailboxes' and the relay's passwords, the OAuth2 client secret and the token store's key
are in intake's environment (systemd's EnvironmentFile), and a tool's environment is what an exploit of it, or a
crash report of it (systemd-coredump keeps a crashed process's environment in the journal), shows."""

from __future__ import annotations

import time

from intake.adapters.readlimits import _run


def test_a_reading_tool_gets_the_locale_and_path_but_none_of_the_service_s_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv("INTAKE_NBATAILLON_PASSWORD", "mot-de-passe-de-la-boite")
    monkeypatch.setenv("INTAKE_OAUTH_SECRET", "secret-du-client")
    monkeypatch.setenv("INTAKE_TOKEN_KEY", "cle-du-coffre-des-jetons-0123456789")
    monkeypatch.setenv("SOME_PASSWORD_NAMED_BY_CONFIG", "autre-secret")
    monkeypatch.setenv("LANG", "C.UTF-8")
    done, error = _run(["env"], str(tmp_path), time.monotonic() + 20)
    assert error == "" and done.returncode == 0
    seen = done.stdout.decode()
    for value in ("mot-de-passe-de-la-boite", "secret-du-client", "cle-du-coffre", "autre-secret"):
        assert value not in seen, value
    assert "PATH=" in seen and "LANG=C.UTF-8" in seen and "OMP_THREAD_LIMIT=1" in seen


def _environment() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_a_reading_process_holds_none_of_the_service_s_secrets(monkeypatch):
    """pypdf, Pillow, libheif and tesseract read in the reading processes themselves."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from intake.adapters.readers import _worker_setup

    monkeypatch.setenv("INTAKE_SMTP_PASSWORD", "mot-de-passe-du-relais")
    monkeypatch.setenv("LANG", "C.UTF-8")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=_worker_setup) as pool:
        seen = pool.submit(_environment).result(timeout=30)
    assert "INTAKE_SMTP_PASSWORD" not in seen and "mot-de-passe-du-relais" not in seen.values()
    assert seen.get("LANG") == "C.UTF-8" and "PATH" in seen
