"""A « sinon si » written the way another language writes it, inside an {% if %}: « {% elseif … %} », « {% elsif …
%} », « {% sinon %} ». Jinja's message (« Encountered unknown tag 'elseif'. Jinja was looking for … 'elif' or 'else'
or 'endif'. The innermost block … is 'if'. ») was said as « le modèle se termine sans {% endif %} », though the
{% endif %} is there; now the tag is named, with the ones that block takes (adapters/templates.py
`syntax_in_french`)."""

import jinja2
import pytest

from intake.adapters.templates import syntax_in_french


def _said(source: str) -> str:
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        jinja2.Environment().parse(source)
    return syntax_in_french(caught.value.message or "")


@pytest.mark.parametrize("tag", ["elseif", "elsif", "sinon", "finsi"])
def test_an_unknown_tag_inside_an_if_is_named_with_the_tags_it_takes(tag):
    said = _said(f"{{% if reference %}}a{{% {tag} applicant_name %}}b{{% endif %}}")
    assert f"{{% {tag} %}}" in said and "{% elif" in said and "{% else %}" in said and "{% endif %}" in said, said
    assert "se termine sans" not in said, said


def test_an_unknown_tag_inside_a_for_is_named_with_endfor():
    said = _said("{% for p in pieces %}a{% finpour %}")
    assert "{% finpour %}" in said and "{% endfor %}" in said and "se termine sans" not in said, said


def test_an_if_left_open_is_still_said_so():
    assert "se termine sans {% endif %}" in _said("{% if reference %}a")
