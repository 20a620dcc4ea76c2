"""`--config` is a global option (SPEC.md); written after the command, it is taken as if written first."""

from __future__ import annotations

import json
import subprocess
import sys

from intake.cli import config_first


def test_config_after_the_command_is_moved_before_it_and_nothing_else_moves():
    assert config_first(["poll", "--config", "c.toml"]) == ["--config", "c.toml", "poll"]
    assert config_first(["case", "BSC-2026-0001", "--config=c.toml", "--json"]) == \
        ["--config=c.toml", "case", "BSC-2026-0001", "--json"]
    assert config_first(["--config", "c.toml", "cases"]) == ["--config", "c.toml", "cases"]
    assert config_first(["explain", "--", "--config", "x"]) == ["explain", "--", "--config", "x"]
    assert config_first(["poll", "--config"]) == ["poll", "--config"]  # no value: click says so


def test_intake_cases_with_config_after_the_command_reads_that_configuration(local):
    local.drop("nb", "1.eml", local.application())
    assert local.cli("poll")[0] == 0
    run = subprocess.run([sys.executable, "-m", "intake", "cases", "--json", "--config", str(local.config)],
                         capture_output=True, text=True, cwd=local.root.parent, timeout=120)
    assert run.returncode == 0, run.stderr
    assert [c["applicant"] for c in json.loads(run.stdout)] == ["asso@x.example"]
