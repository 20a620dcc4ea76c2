"""A case reference written with compatibility characters (full-width, non-breaking hyphens) is recognised, and
recognising it grants nothing: a stranger citing it is still only citing it."""

from __future__ import annotations

from intake.commands import samples

NB = "n.bataillon@ville-bethune.fr"
FULL_WIDTH = "ＢＳＣ－２０２６－０００１"  # U+FF22..., U+FF0D, U+FF10...
NO_BREAK = "BSC\u20112026\u20110001"  # non-breaking hyphens, as a word processor writes them


def first_case(local) -> dict:
    (case,) = local.cases()
    return case


def test_the_applicant_citing_a_full_width_reference_joins_the_case(local):
    local.drop("nb", "1.eml", local.application(sender="a@asso.example", pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    assert first_case(local)["reference"] == "BSC-2026-0001"
    # no attachment, no thread headers: only the reference can join it to the case
    local.drop("nb", "2.eml", samples.email(sender="a@asso.example", to=[NB], subject=f"Question {FULL_WIDTH}"))
    local.drop("nb", "3.eml", samples.email(sender="a@asso.example", to=[NB], subject=f"Précision [{NO_BREAK}]"))
    assert local.cli("poll")[0] == 0
    assert first_case(local)["messages"] == 3


def test_a_stranger_citing_a_full_width_reference_does_not_join_the_case(local):
    local.drop("nb", "1.eml", local.application(sender="a@asso.example", pieces=("dossier",)))
    assert local.cli("poll")[0] == 0
    local.drop("nb", "2.eml", samples.email(sender="mallory@evil.example", to=[NB], subject=f"RE: [{FULL_WIDTH}]",
                                            attachments=[("lettre maire.pdf", samples.pdf("Monsieur le Maire"),
                                                          "application/pdf")]))
    assert local.cli("poll")[0] == 0
    cases = {c["reference"]: c for c in local.cases()}
    assert cases["BSC-2026-0001"]["messages"] == 1 and cases["BSC-2026-0001"]["pieces"] == ["dossier"]
    (other,) = [c for r, c in cases.items() if r != "BSC-2026-0001"]
    assert other["applicant"] == "mallory@evil.example"
    code, out = local.cli("case", other["reference"])
    assert code == 0 and "cite le dossier BSC-2026-0001" in out  # recognised, and only cited
