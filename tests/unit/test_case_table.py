"""`intake cases`'s table: one line per case, whatever the applicant's address."""

from intake.cli.case_group import case_table


def test_an_address_too_long_for_its_column_is_shown_cut_never_as_a_shorter_address(capsys):
    long = "jb.larochefoucauldmontmorency@association-pour-la-transition.example"
    case_table([{"reference": "BSC-2026-0004", "status": "review", "applicant": long, "pieces": ["dossier"],
                 "missing": ["courrier", "visuels"]},
                {"reference": "BSC-2026-0005", "status": "incomplete", "applicant": "a@b.example",
                 "pieces": ["dossier"], "missing": ["courrier"]}])
    lines = capsys.readouterr().out.splitlines()
    assert "jb.larochefoucauldmontmorency@assoc… " in lines[1]
    assert "a@b.example " in lines[2]
    assert lines[1].index("dossier") == lines[2].index("dossier") == lines[0].index("Pièces")
