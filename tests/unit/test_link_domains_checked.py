"""rules/pieces.toml [links] notice_domains and signature_domains, as an admin edits them: a domain where anyone
opens a mailbox (gmail.com, free.fr) would make any « noreply » box there speak for whoever its Reply-To names; a
notice domain or Docusign's among the signature domains would bring their files as the applicant's. The file's
comments say « JAMAIS »: the rules refuse them, at their line, with why and the fix (core/rules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.core.rules import parse_rules
from intake.errors import RulesError

SHIPPED = (Path(__file__).resolve().parents[2] / "rules" / "pieces.toml").read_text(encoding="utf-8")
NOTICE_LINE = '  "wetransfer.com", "fromsmash.com",'
SIGNATURE_LINE = 'signature_domains = ["adobesign.com", "echosign.com"]'


def refused(text: str) -> str:
    with pytest.raises(RulesError) as caught:
        parse_rules("pieces.toml", text)
    return str(caught.value)


@pytest.mark.parametrize("domain", ["gmail.com", "free.fr", "orange.fr"])
def test_an_open_mailbox_domain_in_notice_domains_is_refused(domain):
    assert NOTICE_LINE in SHIPPED
    said = refused(SHIPPED.replace(NOTICE_LINE, f'  "{domain}", ' + NOTICE_LINE.strip(), 1))
    assert "notice_domains" in said and domain in said and "n'importe qui" in said and "retirez" in said, said


@pytest.mark.parametrize("domain", ["google.com", "docusign.net", "laposte.net"])
def test_a_signature_domain_that_lets_others_choose_the_files_is_refused(domain):
    said = refused(SHIPPED.replace(SIGNATURE_LINE, f'signature_domains = ["adobesign.com", "{domain}"]', 1))
    assert "signature_domains" in said and domain in said and "retirez" in said, said


def test_the_shipped_domains_and_a_new_transfer_service_pass():
    parse_rules("pieces.toml", SHIPPED)
    parse_rules("pieces.toml", SHIPPED.replace(NOTICE_LINE, '  "smash.example.fr", '
                                               + NOTICE_LINE.strip(), 1))
