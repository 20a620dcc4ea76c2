"""config.toml [service]: the contact block every applicant's mail and receipt shows. Its address copied from a mail
program with its name, or mistyped, was taken as written, and every mail carried a broken « Courriel : » line and
mailto link (intake/config)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intake.config import parse
from intake.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def with_service_email(email: str) -> str:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["service"]["email"] = email
    with pytest.raises(ConfigError) as caught:
        parse(data, "config.toml", EXAMPLE.parent)
    return str(caught.value)


def test_a_named_service_address_says_the_address_alone():
    said = with_service_email("Mission Smart City <smartcity@ville-bethune.fr>")
    assert "service.email" in said and 'email = "smartcity@ville-bethune.fr"' in said, said


@pytest.mark.parametrize("email", ["smartcity@ville-bethune,fr", "smartcity.ville-bethune.fr", "smartcity@"])
def test_a_mistyped_service_address_is_refused(email):
    said = with_service_email(email)
    assert "service.email" in said and email in said and "adresse" in said, said


@pytest.mark.parametrize(("written", "fix"), [("www.ville-bethune.fr", "https://www.ville-bethune.fr"),
                                              ("ville-bethune.fr/label", "https://ville-bethune.fr/label")])
def test_a_website_without_https_says_the_whole_address(written, fix):
    """In the HTML part it is a link: « www.… » alone is a link to nowhere in the applicant's mail program."""
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["service"]["website"] = written
    with pytest.raises(ConfigError) as caught:
        parse(data, "config.toml", EXAMPLE.parent)
    assert "service.website" in str(caught.value) and f'website = "{fix}"' in str(caught.value), str(caught.value)
