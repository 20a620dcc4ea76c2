"""`intake rules check --preview MAIL`: the admin who reworded a mail, or changed the deadline, sees the mail as an
applicant would read it, with the deadline the rules give and the contact block of config.toml."""

from __future__ import annotations

import re

import pytest
from localsite import Local, make_local, with_own_rules


@pytest.fixture
def site(tmp_path) -> Local:
    return with_own_rules(make_local(tmp_path))


def test_the_preview_shows_the_reworded_mail_with_the_rules_deadline(site):
    body = site.root / "templates" / "reminder" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8").replace("est incomplète.", "n'est pas encore complète.", 1),
                    encoding="utf-8")
    rules = site.root / "rules" / "conversations.toml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("days = 30", "days = 45", 1), encoding="utf-8")
    code, out = site.cli("rules", "check", "--preview", "reminder")
    assert code == 0, out
    assert "Traceback" not in out
    assert "n'est pas encore complète." in out and "Objet : " in out and "BSC-2026-0001" in out, out
    # received on Monday 2 November 2026: + 45 days is Thursday 17 December 2026
    assert "avant le jeudi 17 décembre 2026" in re.sub(r"\s+", " ", out), out


def test_an_unknown_mail_is_refused_with_the_list(site):
    code, out = site.cli("rules", "check", "--preview", "acknowledgment")
    assert code == 2, out
    assert "acknowledgement" in out and "Traceback" not in out, out


def test_no_preview_while_the_templates_are_in_error(site):
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8").replace("{{ reference }}", "{{ referense }}", 1),
                    encoding="utf-8")
    code, out = site.cli("rules", "check", "--preview", "acknowledgement")
    assert code == 2 and "referense" in out and "Objet : " not in out, out
