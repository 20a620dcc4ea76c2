"""The whole pipeline on local folders and a real SQLite file (no network server)."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from localsite import make_local
from sqlmodel import select

from intake.app import open_app
from intake.cli import main
from intake.commands import samples
from intake.config import load
from intake.pipeline.poll import poll_all
from intake.store.database import session
from intake.store.tables import Inbound

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT / "tests" / "corpus"
NB, DB = "n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"


def setup(tmp_path: Path) -> Path:
    return make_local(tmp_path).config


def drop(tmp_path: Path, box: str, name: str, raw: bytes) -> None:
    (tmp_path / box / name).write_bytes(raw)


def application(subject="Candidature", **kw) -> bytes:
    """An application; its dossier names the project (the subject): the same dossier sent again is the same
    application (core/thread.py), another project's is another file."""
    dossier = samples.pdf(f"Dossier d'intention\n{subject}")
    return samples.email(sender="Asso <asso@x.example>", to=[NB], cc=[DB], subject=subject,
                         attachments=[("dossier.pdf", dossier, "application/pdf"),
                                      ("courrier maire.pdf", samples.pdf("lettre"), "application/pdf"),
                                      ("photo.jpg", samples.jpeg(), "image/jpeg")], **kw)


def cli(config: Path, *args) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--config", str(config), *args])
    return result.exit_code, result.output


def test_the_demo_runs_and_files_its_applications(tmp_path):
    code, out = cli(tmp_path / "none.toml", "demo", "--dir", str(tmp_path / "demo"))
    assert code == 0, out
    assert "BSC-" in out and "complet " in out and "incomplet " in out  # the statuses in French
    assert len(list((tmp_path / "demo" / "outbox").glob("*.eml"))) == 3
    # the README shows what it prints (it once showed the statuses in English)
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("It prints something like:\n\n```\n", 1)[1].split("```", 1)[0]
    printed = out.replace(str(tmp_path / "demo"), "/tmp/intake-demo-k2j4")
    for line in shown.splitlines():
        assert line in printed.splitlines(), line


def test_the_demo_says_how_to_run_its_suggested_commands_when_intake_is_not_on_path(tmp_path, monkeypatch):
    """scripts/demo.sh runs .venv/bin/intake without activating .venv: a newcomer typing the suggested
    « intake --config ... case BSC-2026-0001 » got « intake: command not found »."""
    import sys

    bin_dir = Path(sys.executable).parent
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    code, out = cli(tmp_path / "none.toml", "demo", "--dir", str(tmp_path / "demo"))
    assert code == 0 and f"source {bin_dir / 'activate'}" in out and str(bin_dir / "intake") in out, out
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    code, out = cli(tmp_path / "none.toml", "demo", "--dir", str(tmp_path / "demo2"))
    assert code == 0 and "PATH" not in out, out


@pytest.mark.both_databases
def test_one_message_in_both_mailboxes_makes_one_case_and_one_acknowledgement(tmp_path, database):
    config = make_local(tmp_path, database).config
    raw = application()
    drop(tmp_path, "nb", "1.eml", raw)
    drop(tmp_path, "db", "1.eml", raw)
    code, out = cli(config, "poll")
    assert code == 0, out
    cases = json.loads(cli(config, "cases", "--json")[1])
    assert len(cases) == 1
    assert cases[0]["status"] == "complete" and cases[0]["messages"] == 1
    assert cases[0]["pieces"] == ["courrier", "dossier", "visuels"] and cases[0]["missing"] == []
    assert cases[0]["applicant"] == "asso@x.example"
    assert cases[0]["created_at"][-6] in "+-"  # ISO 8601 with offset
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_polling_again_files_nothing_twice_and_sends_nothing_twice(tmp_path):
    config = setup(tmp_path)
    drop(tmp_path, "nb", "1.eml", application())
    assert cli(config, "poll")[0] == 0
    assert cli(config, "poll")[0] == 0
    drop(tmp_path, "nb", "2.eml", application(subject="Deuxième projet"))
    assert cli(config, "poll")[0] == 0
    assert len(json.loads(cli(config, "cases", "--json")[1])) == 2
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


@pytest.mark.both_databases
def test_every_corpus_message_is_recorded_and_none_crashes_the_poll(tmp_path, database):
    config = make_local(tmp_path, database).config
    config.write_text(config.read_text().replace("since = 2000-01-01", "since = 1970-01-02"))  # old test mail
    files = sorted(CORPUS.glob("*/*.eml"))
    assert files
    for i, path in enumerate(files):
        shutil.copy(path, tmp_path / "nb" / f"{i:03d}.eml")
    code, out = cli(config, "poll")
    assert code == 0, out
    app = open_app(load(config))
    with session(app.engine) as s:
        rows = s.exec(select(Inbound)).all()
    assert len(rows) == len(files)
    assert all(r.fate in ("filed", "ignored", "duplicate", "quarantined") and r.reason for r in rows)
    kept = [r for r in rows if r.fate in ("filed", "quarantined")]
    assert all(r.raw_sha256 and app.blobs.path(r.raw_sha256).exists() for r in kept)
    assert all(not r.raw_sha256 and not r.subject for r in rows if r not in kept)  # ignored: no content kept
    assert len(list((tmp_path / "data" / "files").rglob("*.*"))) == 0  # no temporary file left either


def test_explain_handles_every_corpus_message(tmp_path):
    """Every file is explained, but two that are no saved message: an Outlook .msg named .eml and a body
    without headers, which explain refuses in one line saying what to save instead."""
    config = setup(tmp_path)
    refused = {"mail_outlook_1.eml": "message Outlook (.msg)", "msg_19.eml": "ne commence pas par les en-têtes"}
    for path in sorted(CORPUS.glob("*/*.eml")):
        code, out = cli(config, "explain", str(path))
        if path.name in refused:
            assert code == 2 and refused[path.name] in out and out.strip().count("\n") == 0, (path, out)
        else:
            assert code == 0 and "Décision" in out, (path, out)


def test_explain_refuses_a_file_that_is_no_saved_message(tmp_path):
    """Given config.toml, a ZIP or a PDF, explain printed « Défauts de structure : MissingHeaderBodySeparatorDefect »
    and « Décision : ignoré (réponse automatique : adresse d'expéditeur illisible) »."""
    from intake.commands import samples

    config = setup(tmp_path)
    (tmp_path / "dossier.pdf").write_bytes(samples.pdf())
    for path, said in ((config, "un fichier qui ne commence pas"), (tmp_path / "dossier.pdf", "un fichier PDF")):
        code, out = cli(config, "explain", str(path))
        assert code == 2 and said in out and "format .eml" in out and "Defect" not in out, out


def test_a_bad_configuration_exits_2_with_one_line(tmp_path):
    config = setup(tmp_path)
    config.write_text(config.read_text().replace('path = "nb"', 'path = "nb"\nhost = "x"'), encoding="utf-8")
    code, out = cli(config, "cases")
    assert code == 2
    assert out.strip().count("\n") == 0 and "mailboxes[1].host" in out and str(config) in out


@pytest.mark.parametrize(("key", "said"), [
    ("rules_dir", "dossier des règles introuvable : vérifiez rules_dir"),
    ("templates_dir", "dossier des modèles introuvable : vérifiez templates_dir"),
])
def test_a_mistyped_rules_or_templates_folder_is_named_as_such(tmp_path, key, said):
    """rules_dir = "regles" gave « regles/pieces.toml: fichier de règles introuvable : remettez-le depuis le dossier
    rules/ du projet »: the admin would restore a file where the folder's name was the mistake."""
    config = setup(tmp_path)
    text = config.read_text(encoding="utf-8")
    config.write_text("\n".join(f'{key} = "{tmp_path / "regles"}"' if line.startswith(f"{key} =") else line
                                 for line in text.splitlines()) + "\n", encoding="utf-8")
    code, out = cli(config, "rules", "check")
    assert code == 2 and said in out and str(tmp_path / "regles") in out, out


def test_rules_check_points_at_the_broken_line(tmp_path):
    config = setup(tmp_path)
    shutil.copytree(PROJECT / "rules", tmp_path / "rules")
    rules = tmp_path / "rules" / "pieces.toml"
    rules.write_text(rules.read_text().replace("label = \"dossier", "lable = \"dossier"), encoding="utf-8")
    config.write_text(config.read_text().replace(f'rules_dir = "{PROJECT / "rules"}"', 'rules_dir = "rules"'))
    code, out = cli(config, "rules", "check")
    assert code == 2 and f"{rules}:" in out and "vouliez-vous dire « label »" in out


def test_rules_check_refuses_an_acknowledgement_without_the_date_of_receipt(tmp_path):
    config = setup(tmp_path)
    shutil.copytree(PROJECT / "templates", tmp_path / "templates")
    body = tmp_path / "templates" / "acknowledgement" / "body.txt.j2"
    body.write_text(body.read_text().replace("{{ received_at }}", ""), encoding="utf-8")
    config.write_text(config.read_text().replace(f'templates_dir = "{PROJECT / "templates"}"',
                                                 'templates_dir = "templates"'))
    code, out = cli(config, "rules", "check")
    assert code == 2 and "la date de réception" in out and "body.txt.j2" in out
    assert cli(config, "poll")[0] == 2  # and the service refuses to run with it


def test_a_message_that_breaks_the_code_is_quarantined_and_the_next_one_is_filed(tmp_path, monkeypatch):
    import intake.pipeline.ingest as ingest

    config = setup(tmp_path)
    drop(tmp_path, "nb", "1.eml", application(subject="poison"))
    drop(tmp_path, "nb", "2.eml", application(subject="fine"))
    real = ingest.decide

    def decide(msg, *args):
        if msg.subject == "poison":
            raise KeyError("simulated bug")
        return real(msg, *args)

    monkeypatch.setattr(ingest, "decide", decide)
    assert cli(config, "poll")[0] == 0
    app = open_app(load(config))
    with session(app.engine) as s:
        rows = {r.subject: r for r in s.exec(select(Inbound))}
    assert rows["poison"].fate == "quarantined" and "simulated bug" in rows["poison"].reason
    assert rows["poison"].case_id is None and app.blobs.path(rows["poison"].raw_sha256).exists()
    assert rows["fine"].fate == "filed"


def test_a_missing_password_variable_stops_poll_before_any_network_work(tmp_path, monkeypatch):
    monkeypatch.delenv("INTAKE_TEST_UNSET", raising=False)
    config = setup(tmp_path)
    config.write_text(config.read_text().replace('path = "db"', 'host = "imap.invalid"\nusername = "db"\n'
                                                 'password_env = "INTAKE_TEST_UNSET"'), encoding="utf-8")
    code, out = cli(config, "poll")
    assert code == 2 and "INTAKE_TEST_UNSET n'est pas définie" in out and "mailboxes[db]" in out
    open_app(load(config)).engine.dispose()  # as a first poll leaves it (cases makes no data_dir)
    assert cli(config, "cases")[0] == 0  # reading cases needs no password


def test_a_message_the_server_will_not_give_is_recorded_and_the_others_are_read(tmp_path):
    from servers.faulty import faulty

    config = setup(tmp_path)
    drop(tmp_path, "nb", "1.eml", application(subject="refused by the server"))
    drop(tmp_path, "nb", "2.eml", application(subject="fine"))
    app = open_app(load(config))
    app.sources = faulty(refuse={1: "UID FETCH 1 refused: [b'NO']"}, mailbox="nb")
    assert all(not r.error for r in poll_all(app))
    assert all(not r.error for r in poll_all(app))  # not fetched again
    assert [s.refused for s in app.sources.made] == [[1], []]
    with session(app.engine) as s:
        rows = sorted(s.exec(select(Inbound).where(Inbound.mailbox == "nb")), key=lambda r: r.uid)
    assert [(r.uid, r.fate) for r in rows] == [(1, "quarantined"), (2, "filed")]
    assert "ne donne pas ce message" in rows[0].reason


def test_a_file_dropped_later_is_read_even_if_its_name_sorts_first(tmp_path):
    import os

    config = setup(tmp_path)
    drop(tmp_path, "nb", "5.eml", application(subject="first"))
    os.utime(tmp_path / "nb" / "5.eml", (1_000_000_000, 1_000_000_000))
    assert cli(config, "poll")[0] == 0
    drop(tmp_path, "nb", "1.eml", application(subject="later", message_id="<later@x.example>"))
    assert cli(config, "poll")[0] == 0
    assert len(json.loads(cli(config, "cases", "--json")[1])) == 2
