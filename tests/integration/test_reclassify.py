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
    assert code == 0 and "BSC-2026-0001: review -> complete" in out and "Désormais complets" in out
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
