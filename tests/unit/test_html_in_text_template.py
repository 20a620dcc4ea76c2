"""HTML written in a plain-text template (« <b>Important</b> » in body.txt.j2, « &nbsp; » in a subject): the text
part of a mail is sent as it is, so the applicant would read the tags. `intake rules check` refuses it at its line,
with the fix (core/plaintext.py `html_in_plain_text`, commands/rules_check.py)."""

import shutil
from pathlib import Path

import pytest

from intake.adapters.templates import Templates
from intake.commands.rules_check import template_errors
from intake.core.plaintext import html_in_plain_text, stray_brace

SHIPPED = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("source, line, shown", [
    ("Bonjour,\n\n<b>Important</b> : votre dossier\n", 3, "<b>"),
    ("Bonjour {{ applicant_name }},<br>\nmerci\n", 1, "<br>"),
    ("Bonjour,\n<p>Merci</p>\n", 2, "<p>"),
    ("Bonjour,\nVoir <a href=\"https://ville-bethune.fr\">le site</a>\n", 2, "<a href=\"https://ville-bethune.fr\">"),
    ("Dossier {{ reference }}&nbsp;: reçu\n", 1, "&nbsp;"),
    ("Pi&egrave;ces\n", 1, "&egrave;"),
])
def test_html_in_a_text_template_is_found_with_its_line(source, line, shown):
    assert html_in_plain_text(source) == (line, shown)


@pytest.mark.parametrize("source", [
    "Écrivez à {{ service.name }} <{{ service.address }}>\n",  # an address between brackets
    "{% if pieces|length < 3 %}moins de 3{% endif %} & plus\n",  # a comparison in a tag, an ampersand
    "{{ r }}{% if r.url %} <{{ r.url }}>{% endif %}\n",  # the digest's links
    "{# <b>un commentaire</b> #}Bonjour\n",
    "si a < b et c > d\n",
])
def test_plain_text_that_only_looks_like_html_passes(source):
    assert html_in_plain_text(source) is None


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED, tmp_path / "templates")
    return tmp_path / "templates"


def test_rules_check_refuses_html_in_a_text_body_at_its_line_with_the_fix(tmp_path):
    folder = _copy(tmp_path)
    body = folder / "acknowledgement" / "body.txt.j2"
    body.write_text("<p><b>Bonjour</b></p>\n" + body.read_text(encoding="utf-8"), encoding="utf-8")
    errors = [e for e in template_errors(Templates(folder)) if e.file == str(body)]
    assert len(errors) == 1 and errors[0].line == 1, errors
    said = str(errors[0])
    assert "« <p> »" in said and "HTML" in said and "body.html.j2" in said, said


def test_rules_check_refuses_an_entity_in_a_subject(tmp_path):
    folder = _copy(tmp_path)
    subject = folder / "reminder" / "subject.j2"
    subject.write_text(subject.read_text(encoding="utf-8").replace(" ", "&nbsp;", 1), encoding="utf-8")
    errors = [e for e in template_errors(Templates(folder)) if e.file == str(subject)]
    assert len(errors) == 1 and errors[0].line == 1 and "« &nbsp; »" in str(errors[0]), errors


def test_the_shipped_templates_have_no_html_in_their_text():
    assert template_errors(Templates(SHIPPED)) == []


@pytest.mark.parametrize("source, line, brace", [
    ("Bonjour {{ applicant_name }}},\n", 1, "}"),
    ("Bonjour,\n\nRéférence : { {{ reference }}\n", 3, "{"),
    ("Bonjour {applicant_name},\n", 1, "{"),
])
def test_a_brace_left_alone_in_a_text_template_is_found_with_its_line(source, line, brace):
    assert stray_brace(source) == (line, brace)


def test_braces_of_tags_and_comments_are_no_stray_braces():
    assert stray_brace("{% if a %}{{ b }}{% endif %}{# {x} #}{{ '{' }}\n") is None


def test_rules_check_refuses_a_stray_brace_in_a_text_body(tmp_path):
    folder = _copy(tmp_path)
    body = folder / "reminder" / "body.txt.j2"
    text = body.read_text(encoding="utf-8")
    assert "{{ reference }}" in text
    body.write_text(text.replace("{{ reference }}", "{{ reference }}}", 1), encoding="utf-8")
    errors = [e for e in template_errors(Templates(folder)) if e.file == str(body)]
    line = text[:text.index("{{ reference }}")].count("\n") + 1
    assert len(errors) == 1 and errors[0].line == line and "« } »" in str(errors[0]), errors
