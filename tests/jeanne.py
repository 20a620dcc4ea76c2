"""The applicant the mail-program rounds write as (tests/e2e/test_fifteenth_programs.py, test_sixteenth_programs.py):
her address, her three files, what the server's check says of a signed message, and how a case's file names are
read back."""

from __future__ import annotations

import documents as d
import tenthmail as tm

PDF = "application/pdf"
PIECES = ["courrier", "dossier", "visuels"]
JEANNE = "jeanne.roux@jardins-egalite.example"
AUTH = "mx.example.test; dkim=pass header.d=example.test; dmarc=pass header.from=example.test"


def files(seed: int) -> list[tuple[str, str, bytes]]:
    """Her dossier, her letter to the mayor and a photo (`seed`: a photo of its own)."""
    return [("Dossier d'intention Jardins de l'Égalité.pdf", PDF, tm.dossier()),
            ("Lettre à Monsieur le Maire signée.pdf", PDF, tm.letter()),
            ("Jardin partagé - été 2026.jpg", "image/jpeg", d.photo(seed=seed))]


def names(intake, case) -> list[str]:
    """The file names of a case's pieces, sorted."""
    return sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])
