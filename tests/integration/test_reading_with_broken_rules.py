"""While rules/ or templates/ are broken (an admin's slip), the commands that only read (lists, a case, the
quarantine, statistics, a person's export) still run, with a French warning on stderr naming the file and line;
the commands that decide or send (poll, followups, digest, a staff decision, a retry) are still refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from localsite import Local, make_local, with_own_rules

from intake.cli import main

REF = "BSC-2026-0001"
READING = [("cases",), ("cases", "--json"), ("case", REF), ("case", REF, "--json"), ("quarantine", "list"),
           ("outbox", "list"), ("stats",), ("purge", "--dry-run"),
           ("person", "asso@x.example", "--export", "--output", "{root}/export.zip")]
DECIDING = [("poll",), ("followups",), ("digest",), ("case", REF, "status", "admissible"), ("reclassify", "--all"),
            ("quarantine", "retry", "--all"), ("purge",)]


@pytest.fixture
def site(tmp_path) -> Local:
    """A local installation with its own rules/ and templates/, that filed one application."""
    local = with_own_rules(make_local(tmp_path))
    local.drop("nb", "1.eml", local.application())
    code, out = local.cli("poll")
    assert code == 0, out
    return local


def run(local: Local, args):
    result = CliRunner().invoke(main, ["--config", str(local.config), *[a.format(root=local.root) for a in args]])
    return result.exit_code, result.stdout, result.stderr


def test_a_broken_template_stops_what_decides_or_sends_not_what_reads(site):
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    for args in READING:
        code, out, err = run(site, args)
        assert code == 0, (args, out, err)
        assert err.startswith("intake: attention : modèles de courriel en erreur : ") and f"{body}:" in err, err
        assert "relever, envoyer et décider restent refusés" in err and err.count("\n") == 1, err
    code, out, _err = run(site, ("cases", "--json"))
    assert [c["reference"] for c in json.loads(out)] == [REF]  # stdout stays the JSON alone
    for args in DECIDING:
        code, out, err = run(site, args)
        assert code == 2 and f"{body}:" in err, (args, out, err)


def test_broken_rules_are_read_around_with_the_last_ones_that_loaded(site):
    pieces = site.root / "rules" / "pieces.toml"
    pieces.write_text(pieces.read_text(encoding="utf-8") + "\n[kinds.dossier\n", encoding="utf-8")
    line = pieces.read_text(encoding="utf-8").count("\n")
    for args in READING:
        code, out, err = run(site, args)
        assert code == 0, (args, out, err)
        assert err.startswith("intake: attention : règles en erreur : ") and f"{pieces}:{line}" in err, err
        assert "dernières règles valables" in err and "rules-in-force.json" in err, err
    code, out, _err = run(site, ("case", REF, "--json"))
    assert json.loads(out)["missing"] == []  # read with the rules in force when the case was filed
    for args in DECIDING:
        code, out, err = run(site, args)
        assert code == 2 and f"{pieces}:" in err, (args, out, err)
    (Path(site.root) / "data" / "rules-in-force.json").unlink()  # none kept (an upgrade): refused as before
    code, out, err = run(site, ("cases",))
    assert code == 2 and f"{pieces}:" in err and "attention" not in err, err
    # ... saying why a command that only reads is refused, and what to do
    assert f"{pieces}:{line}:" in err and "aucune version valable des règles n'a encore été gardée" in err, err
    assert "corrigez ce fichier à cette ligne" in err and "intake rules check" in err, err


def test_the_digest_preview_runs_with_broken_rules_and_says_so_in_the_digest(site):
    pieces = site.root / "rules" / "pieces.toml"
    pieces.write_text(pieces.read_text(encoding="utf-8") + "\n[kinds.dossier\n", encoding="utf-8")
    html = site.root / "apercu.html"
    code, out, err = run(site, ("digest", "--preview", "--html", str(html)))
    assert code == 0, (out, err)
    assert err.startswith("intake: attention : règles en erreur : ") and f"{pieces}:" in err, err
    assert REF in out and f"{pieces}:" in out and "les dernières règles valables restent en service" in out, out
    assert f"{pieces}:" in html.read_text(encoding="utf-8")
    assert run(site, ("digest",))[0] == 2  # sending it is still refused


def test_the_digest_preview_runs_with_another_broken_template_but_not_with_its_own(site):
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    code, out, err = run(site, ("digest", "--preview", "--html", str(site.root / "apercu.html")))
    assert code == 0 and f"{body}:" in err and f"{body}:" in out and REF in out, (out, err)
    digest = site.root / "templates" / "digest" / "body.txt.j2"
    digest.write_text(digest.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    code, out, err = run(site, ("digest", "--preview", "--html", str(site.root / "apercu.html")))
    assert code == 2 and f"{digest}:" in err, (out, err)


def test_explain_says_it_explains_with_the_rules_last_in_force_not_the_broken_ones(site):
    eml = site.root / "message.eml"
    eml.write_bytes(site.application(sender="autre@x.example"))
    code, before, _err = run(site, ("explain", str(eml)))
    assert code == 0 and "ATTENTION" not in before, before
    pieces = site.root / "rules" / "pieces.toml"
    pieces.write_text(pieces.read_text(encoding="utf-8") + "\n[kinds.dossier\n", encoding="utf-8")
    code, out, err = run(site, ("explain", str(eml)))
    assert code == 0, (out, err)
    assert err.startswith("intake: attention : règles en erreur : ") and f"{pieces}:" in err, err
    first, rest = out.split("\n", 1)
    assert first.startswith("ATTENTION : règles en erreur : ") and f"{pieces}:" in first, first
    assert "dernières règles valables, celles que le service applique encore" in first
    assert "pas les règles en erreur sur le disque" in first and "rules-in-force.json" in first
    assert rest == before  # the same explanation: the rules in force are those that loaded before the slip
    (Path(site.root) / "data" / "rules-in-force.json").unlink()
    code, out, err = run(site, ("explain", str(eml)))
    assert code == 2 and f"{pieces}:" in err and "aucune version valable des règles" in err, (out, err)


def test_serve_starts_on_the_rules_in_force_and_refuses_only_without_any(site):
    """`intake serve` goes past broken rules with the last ones that loaded (the local site has no [[staff]]: it then
    stops there, after the rules); without any kept (a fresh data_dir, an upgrade) it is refused, saying why."""
    pieces = site.root / "rules" / "pieces.toml"
    pieces.write_text(pieces.read_text(encoding="utf-8") + "\n[kinds.dossier\n", encoding="utf-8")
    line = pieces.read_text(encoding="utf-8").count("\n")
    code, out, err = run(site, ("serve",))
    assert code == 2 and "staff: personne ne peut se connecter" in err and f"{pieces}" not in err, (out, err)
    assert "attention" not in err  # the console says it on its pages and in the journal, not as a command would
    (Path(site.root) / "data" / "rules-in-force.json").unlink()
    code, out, err = run(site, ("serve",))
    assert code == 2 and f"{pieces}:{line}:" in err, (out, err)
    assert "ne démarrent qu'avec des règles valables" in err and "rules-in-force.json" in err, err
    assert "corrigez ce fichier à cette ligne" in err and "redémarrent d'eux-mêmes" in err, err


def test_the_worker_started_on_broken_files_reads_and_answers_with_the_last_valid_ones(site):
    """A reboot after the admin's faulty edit: `intake run` (the real process) starts as a running worker goes on when
    the files break under it, on the last valid rules and templates, and says so in its journal; before, it refused
    to start, and no mail was read, acknowledged or digested until someone fixed the files. Without any kept, it is
    refused, saying why, and systemd tries again."""
    pieces = site.root / "rules" / "pieces.toml"
    pieces.write_text(pieces.read_text(encoding="utf-8") + "\n[kinds.dossier\n", encoding="utf-8")
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    good = body.read_text(encoding="utf-8")
    body.write_text(good + "\n{% if %}\n", encoding="utf-8")
    # the digest due whenever the test runs (08:30 on weekdays left none at night or on a weekend)
    config = site.config.read_text(encoding="utf-8")
    assert 'time = "08:30"\n' in config
    site.config.write_text(config.replace('time = "08:30"\n', 'time = "00:00"\ndays = ["lundi", "mardi", "mercredi", '
                                          '"jeudi", "vendredi", "samedi", "dimanche"]\n'), encoding="utf-8")
    sent = len(site.sent())
    site.drop("nb", "2.eml", site.application(sender="Autre <autre@x.example>", subject="Autre projet"))
    def acknowledged() -> list:
        return [m for m in site.sent()[sent:] if m["To"] == "autre@x.example"]

    log = _run_worker(site, until=acknowledged)
    (ack,) = acknowledged()
    text = ack.get_body(("plain",)).get_content()
    assert "BSC-2026-0002" in ack["Subject"] and "{% if %}" not in text, log  # the last valid acknowledgement
    assert "running on the last valid rules" in log and f"{pieces}:" in log and f"{body}:" in log, log
    digests = [m for m in site.sent()[sent:] if m["To"] != "autre@x.example"]  # to staff: the digest
    assert digests and all("restent en service" in m.get_body(("plain",)).get_content() for m in digests), log
    assert "worker stopped" in log, log
    (Path(site.root) / "data" / "rules-in-force.json").unlink()
    code, out, err = run(site, ("run",))
    assert code == 2 and f"{pieces}:" in err and "ne démarrent qu'avec des règles valables" in err, (out, err)


def _run_worker(local: Local, until, seconds: float = 60.0) -> str:
    """`intake run` as systemd starts it, stopped (SIGTERM) once `until()` holds or after `seconds`; its log."""
    import os
    import signal
    import subprocess
    import sys
    import time

    project = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(project) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(local.config), "run"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=local.root)
    try:
        deadline = time.monotonic() + seconds
        while not until() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    return out.decode(errors="replace")


def test_serve_starts_on_the_templates_in_force_and_refuses_only_without_any(site):
    body = site.root / "templates" / "completion" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    code, out, err = run(site, ("serve",))
    assert code == 2 and "staff: personne ne peut se connecter" in err and f"{body}" not in err, (out, err)
    (Path(site.root) / "data" / "templates-in-force.json").unlink()
    code, out, err = run(site, ("serve",))
    assert code == 2 and f"{body}:" in err, (out, err)
    assert "ne démarrent qu'avec des modèles valables" in err and "templates-in-force.json" in err


def test_a_console_started_on_broken_templates_mails_with_the_last_valid_ones_as_a_running_one_does(site):
    """One path: the templates in force at start are those that last passed the checks, as in a console that was
    running when they broke; the files on disk are taken once fixed."""
    from intake.app import open_app
    from intake.config import load

    body = site.root / "templates" / "completion" / "body.txt.j2"
    good = body.read_text(encoding="utf-8")
    running = open_app(load(site.config))
    body.write_text(good + "\n{% if %}\n", encoding="utf-8")
    running.templates.look_for_changes(now=True)
    started = open_app(load(site.config), serving=True)
    for app in (running, started):
        assert f"{body}:" in app.templates.problem and "restent en service" in app.templates.problem
        assert app.templates.render("completion/body.txt.j2", _completion_context(app)) == \
            running.templates.render("completion/body.txt.j2", _completion_context(app))
    assert "{% if %}" not in started.templates.render("completion/body.txt.j2", _completion_context(started))
    body.write_text(good + "\nCorrigé.\n", encoding="utf-8")
    started.templates.look_for_changes(now=True)
    assert started.templates.problem == ""
    assert "Corrigé." in started.templates.render("completion/body.txt.j2", _completion_context(started))


def _completion_context(app) -> dict:
    from intake.commands.rules_check import sample

    return sample("completion", "complete")
