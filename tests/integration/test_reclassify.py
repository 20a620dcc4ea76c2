"""`intake reclassify`: the current rules applied to open cases from the stored files, without mail."""

import json
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def own_rules(local):
    shutil.copytree(PROJECT / "rules", local.root / "rules")
    text = local.config.read_text()
    local.config.write_text(text.replace(f'rules_dir = "{PROJECT / "rules"}"', 'rules_dir = "rules"'))
    return local.root / "rules" / "pieces.toml"


def test_a_rules_change_completes_a_case_without_sending_mail(local):
    rules = own_rules(local)
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels", "scan")))
    assert local.cli("poll")[0] == 0
    assert json.loads(local.cli("cases", "--json")[1])[0]["status"] == "review"
    mails_before = len(local.sent())
    rules.write_text(rules.read_text().replace('"*courrier*", ', '"*courrier*", "scan*", '), encoding="utf-8")
    code, out = local.cli("reclassify", "--all")
    assert code == 0 and "BSC-2026-0001 : à vérifier -> complet" in out and "Désormais complets" in out
    (case,) = json.loads(local.cli("cases", "--json")[1])
    assert case["status"] == "complete" and case["missing"] == []
    assert len(local.sent()) == mails_before  # no mail for past events
    assert "0 modifié" in local.cli("reclassify", "--all")[1]  # and it is idempotent


def test_a_staff_correction_survives_reclassification(local):
    own_rules(local)
    local.drop("nb", "1.eml", local.application(pieces=("dossier", "visuels", "scan")))
    local.cli("poll")
    assert local.cli("case", "BSC-2026-0001", "piece", "scan_0001.pdf", "--kind", "aucune")[0] == 0
    assert local.cli("reclassify", "BSC-2026-0001")[0] == 0
    detail = json.loads(local.cli("case", "BSC-2026-0001", "--json")[1])
    scan = [p for p in detail["piece_files"] if p["filename"] == "scan_0001.pdf"][0]
    assert scan["manual"] and scan["kind"] is None and detail["status"] == "incomplete"


def test_reclassify_needs_a_reference_or_all(local):
    assert local.cli("reclassify")[0] == 2


def test_a_piece_made_required_warns_of_the_reminders_it_brings(local):
    """The admin's trial: a required piece added to rules/pieces.toml turned a complete case incomplete, said
    « BSC-2026-0001: complete -> incomplete » (the stored English values), and a week later its applicant, told the
    case was complete, got a reminder for a piece never asked for. The French statuses, and a warning naming the
    cases, the piece, and what to do."""
    rules = own_rules(local)
    local.drop("nb", "1.eml", local.application())
    assert local.cli("poll")[0] == 0
    text = rules.read_text(encoding="utf-8")
    added = ('[kinds.budget]\nlabel = "budget prévisionnel"\nrequired = true\nmin_score = 3\n\n'
             '  [[kinds.budget.recognise]]\n  types = ["pdf"]\n  filenames = ["*budget*"]\n\n[[not_pieces]]\n'
             'label = "facture')
    rules.write_text(text.replace('[[not_pieces]]\nlabel = "facture', added, 1), encoding="utf-8")
    code, out = local.cli("reclassify", "--all")
    assert code == 0 and "BSC-2026-0001 : complet -> incomplet" in out, out
    assert "annoncés complets à leur candidat" in out and "BSC-2026-0001 (budget prévisionnel)" in out, out
    assert "required = false" in out


def test_a_message_that_cannot_be_read_again_is_logged_without_python_s_text(local, monkeypatch, caplog):
    """`intake reclassify` logged « message UID 1 cannot be read again: message illisible (KeyError [texte de
    l'erreur : 'Potager partagé…']) »: the parser's text quotes what it held (a header's value, the subject), and the
    journal keeps it beyond the purge and an erasure (README, « The logs »). The error's type is enough there."""
    from intake.commands import reclassify
    from intake.core.arrival import problem
    from intake.errors import ParseError

    own_rules(local)
    local.drop("nb", "1.eml", local.application(subject="Potager partagé des Quatre-Vents"))
    assert local.cli("poll")[0] == 0

    def unreadable(*args, **kwargs):
        raise ParseError(f"message illisible ({problem('KeyError', repr('Potager partagé des Quatre-Vents'))})")

    monkeypatch.setattr(reclassify, "read_message", unreadable)
    caplog.set_level("WARNING")
    assert local.cli("reclassify", "--all")[0] == 0
    said = [r.getMessage() for r in caplog.records if "cannot be read again" in r.getMessage()]
    assert said and "ParseError" in said[0], said
    assert "Quatre-Vents" not in caplog.text, caplog.text
