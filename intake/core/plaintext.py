"""HTML written in a plain-text template: what `intake rules check` refuses in a `.txt.j2` file or a subject.

Pure: a template's source in, the line and the first HTML tag or entity written in its text out. The text part of
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


def html_in_plain_text(source: str) -> tuple[int, str] | None:
    """(line, what was written) of the first HTML tag or character entity in the text of template `source`, or
    None. The Jinja parts are blanked, their line breaks kept, so the line is the file's."""
    text = _JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
    found = _HTML.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, found.group()


def html_in_plain_text_said(what: str, subject: bool) -> str:
    """The problem, in French, with the fix."""
    where = "l'objet du courriel" if subject else "un modèle en texte brut (.txt.j2)"
    if what.startswith("&"):
        return (f"« {what} » est du HTML, écrit dans {where} : ce texte est envoyé tel quel, le demandeur lirait "
                f"« {what} » ; écrivez le caractère lui-même (« é », « à », une espace...)")
    fix = "retirez-la" if subject else "retirez-la ici ; la mise en forme (gras, liens, paragraphes) va dans " \
                                       "body.html.j2"
    return f"balise HTML « {what} » dans {where} : ce texte est envoyé tel quel, le demandeur lirait « {what} » ; {fix}"
