"""HTML, or a brace left alone, written in a plain-text template: what `intake rules check` refuses in a `.txt.j2`
file or a subject.

Pure: a template's source in, the line and the first HTML tag or entity (or lone « { », « } ») written in its text
out. « {{ applicant_name }}} » printed « Camille} », « {applicant_name} » itself. The text part of
a mail (and its subject) is sent as it is: « <b>Important</b> » or « &nbsp; » there is read by the applicant as
those characters. Only the template's own text is looked at, not its {{ … }}, {% … %} and {# … #}, so that an
address between brackets (« <{{ service.address }}> ») or a comparison (« {% if n < 3 %} ») passes; a tag is one
of HTML's usual names (« a < b et c > d » is text).
"""

from __future__ import annotations

import re

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TAGS = ("a|abbr|b|big|blockquote|body|br|center|code|div|em|font|h[1-6]|head|hr|html|i|img|li|ol|p|pre|s|small|"
         "span|strong|style|sub|sup|table|tbody|td|th|thead|tr|u|ul")
_HTML = re.compile(rf"</?(?:{_TAGS})(?:\s[^<>\n]*)?/?>|&(?:[a-z]{{2,8}}|#\d{{1,7}}|#x[0-9a-f]{{1,6}});",
                   re.IGNORECASE)


def _text_of(source: str) -> str:
    """The template's own text: its Jinja parts blanked, their line breaks kept, so that a line is the file's."""
    return _JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)


def html_in_plain_text(source: str) -> tuple[int, str] | None:
    """(line, what was written) of the first HTML tag or character entity in the text of template `source`, or
    None."""
    text = _text_of(source)
    found = _HTML.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, found.group()


def stray_brace(source: str) -> tuple[int, str] | None:
    """(line, brace) of the first « { » or « } » left alone in the text of template `source`, or None."""
    text = _text_of(source)
    found = re.search(r"[{}]", text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, found.group()


def stray_brace_said(brace: str) -> str:
    """The problem, in French, with the fix."""
    return (f"accolade « {brace} » seule dans le texte : le demandeur la lirait telle quelle ; une variable s'écrit "
            "entre deux accolades de chaque côté, {{ applicant_name }} : retirez celle-ci, ou complétez la balise")


def html_in_plain_text_said(what: str, subject: bool) -> str:
    """The problem, in French, with the fix."""
    where = "l'objet du courriel" if subject else "un modèle en texte brut (.txt.j2)"
    if what.startswith("&"):
        return (f"« {what} » est du HTML, écrit dans {where} : ce texte est envoyé tel quel, le demandeur lirait "
                f"« {what} » ; écrivez le caractère lui-même (« é », « à », une espace...)")
    fix = "retirez-la" if subject else "retirez-la ici ; la mise en forme (gras, liens, paragraphes) va dans " \
                                       "body.html.j2"
    return f"balise HTML « {what} » dans {where} : ce texte est envoyé tel quel, le demandeur lirait « {what} » ; {fix}"
