"""The admin who is no programmer opens templates/ and finds English folder names (acknowledgement, update,
completion, reminder...): templates/_variables.txt, their guide, says in French which mail each folder writes, and
stays true as folders come."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_template_folder_is_said_in_french_in_the_variables_guide():
    guide = (TEMPLATES / "_variables.txt").read_text(encoding="utf-8")
    folders = [p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*")
               if p.is_dir() and any(f.suffix == ".j2" for f in p.iterdir())]
    assert folders
    missing = [f for f in folders if f"{f}/ " not in guide]
    assert not missing, missing
