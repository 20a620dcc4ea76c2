"""The dossier's fields (rules/fields.toml) as the mail templates see them: `{{ fields.titre }}`.

Pure. A field the dossier did not give is empty (`DossierFields`), as `applicant_name` is, never an error that would
set the applicant's message aside; so the templates must say what to write when it is empty, and may name only the
keys rules/fields.toml declares (`field_use_said`: a typo behind `| default("")` would print nothing, in every mail).
"""

from __future__ import annotations

from collections.abc import Iterable

from intake.core.tomlcheck import did_you_mean


class DossierFields(dict[str, str]):
    """The fields read from a case's dossier, by key; a key it did not give reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def field_use_said(key: str, guarded: bool, declared: Iterable[str]) -> str | None:
    """What is wrong, in French, with a template's `fields.<key>` (None: nothing). `guarded`: it is tested by an
    {% if %} around it, is the test itself, or has a default (`| default("…")`)."""
    declared = list(declared)
    if key not in declared:
        close = did_you_mean(key, declared)
        hint = (f"vouliez-vous dire « fields.{close.split('« ')[1].split(' »')[0]} » ?" if close
                else "les champs sont : " + ", ".join(f"fields.{k}" for k in declared))
        return (f"fields.{key} : rules/fields.toml n'a pas de champ « {key} » (il serait vide dans chaque courriel) : "
                f"{hint}")
    if not guarded:
        return (f"fields.{key} est vide quand le dossier ne le donne pas (le courriel montrerait alors un blanc) : "
                f"écrivez-le dans {{% if fields.{key} %}} … {{{{ fields.{key} }}}} … {{% endif %}}, ou "
                f"{{{{ fields.{key} | default(\"texte à mettre sinon\") }}}}")
    return None
