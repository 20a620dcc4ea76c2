"""docs/registre-rgpd.md is what `intake rules registre` says for config.example.toml and rules/: never out of date."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from intake.cli import main
from localsite import PROJECT


def registre(config) -> str:
    result = CliRunner().invoke(main, ["--config", str(config), "rules", "registre"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_register_in_docs_is_generated_from_the_example_config_and_the_rules():
    expected = registre(PROJECT / "config.example.toml")
    assert (PROJECT / "docs" / "registre-rgpd.md").read_text(encoding="utf-8") == expected, (
        "docs/registre-rgpd.md is out of date: intake --config config.example.toml rules registre "
        "> docs/registre-rgpd.md")
    for duration in ("| 6 mois sans nouvelle |", "| 30 jours | `quarantaine` |", "durée du label (3 ans) puis 2 ans"):
        assert duration in expected


def test_the_register_quotes_the_installation_s_own_durations_and_dpo(tmp_path):
    shutil.copytree(PROJECT / "rules", tmp_path / "rules")
    shutil.copy(PROJECT / "config.example.toml", tmp_path / "config.toml")
    shutil.copytree(PROJECT / "templates", tmp_path / "templates")
    retention = tmp_path / "rules" / "retention.toml"
    retention.write_text(retention.read_text(encoding="utf-8").replace("[quarantaine]\njours = 30",
                                                                       "[quarantaine]\njours = 15"), encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('# dpo = "dpo@ville-bethune.fr"',
                                                                 'dpo = "dpo@ville-bethune.fr"'), encoding="utf-8")
    text = registre(config)
    assert "| 15 jours | `quarantaine` |" in text and "30 jours | `quarantaine`" not in text
    assert "**Délégué à la protection des données :** dpo@ville-bethune.fr" in text
