"""`intake case REF ACTION ...`: a usage error shows the line as it is typed, and a help that can be asked for
(click's own, `intake case [ARGS]... intake case mail ...`, could not be typed); exit 2 before any config is read."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from intake.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--config", "/nonexistent/config.toml", *args], prog_name="intake")
    return result.exit_code, result.output


@pytest.mark.parametrize("args, usage", [
    (("case", "BSC-2026-0001", "mail", "x"), "Utilisation : intake case REF mail [OPTIONS] N"),
    (("case", "BSC-2026-0001", "status"), "Utilisation : intake case REF status [OPTIONS] STATUT"),
    (("case", "BSC-2026-0001", "move-message", "1"), "Utilisation : intake case REF move-message [OPTIONS] N"),
    (("case", "BSC-2026-0001", "--jsn"), "Utilisation : intake case REF [OPTIONS]"),
])
def test_a_case_action_misused_shows_its_usage_as_typed(args, usage):
    code, out = run(*args)
    assert code == 2 and usage in out.splitlines() and "Aide : « intake case --help »." in out, out
    assert "[ARGS]" not in out
    assert "intake case mail" not in out


def test_case_new_misused_points_at_a_help_that_exists():
    code, out = run("case", "new")
    assert code == 2 and "Utilisation : intake case new [OPTIONS] FICHIERS..." in out and "[ARGS]" not in out, out
    code, help_text = run("case", "new", "--help")
    assert code == 0 and "--applicant ADRESSE" in help_text and "arrivée par courrier" in help_text, help_text


def test_an_unknown_action_names_the_actions():
    code, out = run("case", "BSC-2026-0001", "frobnicate")
    assert code == 2 and out.startswith("intake: case BSC-2026-0001 frobnicate : action inconnue"), out
    assert "status" in out and "merge" in out


def test_the_case_help_gives_every_option_of_mail():
    code, out = run("case", "--help")
    assert code == 0 and "intake case REF mail N [--raw]" in out


def test_no_command_summary_is_cut_in_the_middle_of_a_sentence():
    """click cuts a command's summary at its first full stop: « (GDPR art. » said nothing."""
    for group in ((), ("rules",), ("quarantine",), ("outbox",), ("auth",)):
        code, out = run(*group, "--help")
        commands = out.split("Commandes :")[1].splitlines() if "Commandes :" in out else []
        assert code == 0 and commands, out
        for line in commands:
            assert not line.rstrip().endswith((" art.", "(GDPR art.", "e.g.", "i.e.")), line


@pytest.mark.parametrize("args", [("outbox", "resend"), ("outbox", "handled"), ("outbox", "resend", "3", "--held")])
def test_outbox_usage_errors_are_in_french_as_their_siblings(args):
    code, out = run(*args)
    assert code == 2 and out == f"intake: outbox {args[1]} : donnez un numéro de courriel, ou --held\n", out


def test_demo_in_a_directory_that_is_not_one_says_so_in_french(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    code, out = run("demo", "--dir", str(tmp_path))
    assert code == 2 and "n'est pas vide et ne contient pas de démo" in out, out


@pytest.mark.parametrize("options", [(), ("--kind", "dossier", "--also", "courrier"),
                                     ("--also", "courrier", "--not-also", "courrier"),
                                     ("--kind", "aucune", "--remove")])
def test_a_piece_takes_one_of_kind_also_not_also_and_remove(options):
    code, out = run("case", "BSC-2026-0001", "piece", "a.pdf", *options)
    assert code == 2 and out == ("intake: piece : donnez une seule de ces options : --kind TYPE, --also TYPE, "
                                 "--not-also TYPE ou --remove\n"), out


def test_cases_in_two_formats_at_once_is_a_usage_error():
    code, out = run("cases", "--json", "--csv")  # it printed JSON alone, as if --csv had not been given
    assert code == 2 and out == "intake: cases : choisissez --json ou --csv, pas les deux\n", out


@pytest.mark.parametrize("args, said", [
    (("case", "BSC-2026-0001", "status"), "Erreur : argument manquant : 'STATUT'."),
    (("poll", "--nope"), "Erreur : option inconnue : '--nope'."),
    (("polll",), "Erreur : commande inconnue : 'polll'. Vouliez-vous dire 'poll' ?"),
    (("outbox", "show", "abc"), "Erreur : valeur invalide pour 'N' : 'abc' n'est pas un nombre valide."),
    (("explain", "/nonexistent/a.eml"),
     "Erreur : valeur invalide pour 'FICHIER.eml' : '/nonexistent/a.eml' introuvable."),
    (("case", "BSC-2026-0001", "piece", "a.pdf", "--kind"), "Erreur : l'option '--kind' demande une valeur."),
    (("cases", "--status"), "Erreur : l'option '--status' demande une valeur."),
    (("poll", "extra"), "Erreur : argument en trop (extra)"),
])
def test_click_s_own_usage_errors_are_french_and_exit_2(args, said):
    """Staff type these commands: what click itself refuses (before intake's code runs) is said in French too."""
    code, out = run(*args)
    assert code == 2 and said in out, out
    assert "Error:" not in out and "Try '" not in out and "Missing" not in out and "No such" not in out, out
    assert "Usage:" not in out and "integer" not in out, out


def test_digest_html_without_preview_is_a_usage_error_not_silently_ignored():
    """`--html` only says where the preview's HTML goes: given alone, the digest would have been sent (and the
    option ignored); it is refused before any configuration is read (exit 2)."""
    code, out = run("digest", "--html", "/tmp/apercu.html")
    assert code == 2 and "--html ne sert qu'avec --preview" in out, out
