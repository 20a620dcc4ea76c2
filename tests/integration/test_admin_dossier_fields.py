"""The admin writes the dossier's fields (rules/fields.toml) into a mail, as templates/_variables.txt offers:
« {{ fields.titre }} ». A field the dossier did not give is empty in the mail, never a refusal of the check nor a
quarantined application; a key rules/fields.toml does not declare (a typo) is refused by the check at its line, even
behind `| default("")`, which would print it empty in every mail."""

from __future__ import annotations

import pytest
from localsite import Local, make_local, with_own_rules


@pytest.fixture
def site(tmp_path) -> Local:
    return with_own_rules(make_local(tmp_path))


def edit(site: Local, old: str, new: str) -> None:
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    text = body.read_text(encoding="utf-8")
    assert old in text
    body.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("written", ["{% if fields.titre %} « {{ fields.titre }} »{% endif %}",
                                     " « {{ fields.titre | default('') }} »"])
def test_a_declared_field_passes_the_check_and_an_application_without_it_is_acknowledged(site, written):
    edit(site, "Nous avons bien reçu votre candidature", "Nous avons bien reçu votre candidature" + written)
    code, out = site.cli("rules", "check")
    assert code == 0, out
    site.drop("nb", "1.eml", site.application())  # its dossier gives no « titre du projet »
    assert site.cli("poll")[0] == 0
    [ack] = site.sent()
    assert "Nous avons bien reçu votre candidature" in ack.get_body(("plain",)).get_content()
    assert site.cli("quarantine", "list")[1].count("Candidature") == 0


@pytest.mark.parametrize("written", ["{{ fields.titr | default(\"\") }}", "{% if fields.titr %}x{% endif %}",
                                     "{{ fields['titr'] }}"])
def test_a_field_key_that_rules_do_not_declare_is_refused_at_its_line(site, written):
    edit(site, "Nous avons bien reçu votre candidature", "Nous avons bien reçu votre candidature " + written)
    code, out = site.cli("rules", "check")
    assert code == 2, out
    assert "Traceback" not in out
    assert "templates/acknowledgement/body.txt.j2:7:" in out, out
    assert "« titr »" in out and "rules/fields.toml" in out and "fields.titre" in out, out


def test_a_field_printed_without_its_if_is_refused_with_the_if_to_write(site):
    """Printed bare, it would be « votre candidature «  » » for every dossier that does not give it."""
    edit(site, "Nous avons bien reçu votre candidature",
         "Nous avons bien reçu votre candidature « {{ fields.titre }} »")
    code, out = site.cli("rules", "check")
    assert code == 2, out
    assert "templates/acknowledgement/body.txt.j2:7:" in out, out
    assert "{% if fields.titre %}" in out and "vide" in out, out


def test_the_service_refuses_a_misspelt_field_as_the_check_does(site):
    """The worker and every command that sends take templates only once they pass: `poll` says what the check says."""
    edit(site, "Nous avons bien reçu votre candidature",
         "Nous avons bien reçu votre candidature {{ fields.titr | d('') }}")
    site.drop("nb", "1.eml", site.application())
    code, out = site.cli("poll")
    assert code == 2, out
    assert "templates/acknowledgement/body.txt.j2:7:" in out and "« titr »" in out, out
    assert site.sent() == []
