"""The applicant the mail-program rounds write as (tests/e2e/test_fifteenth_programs.py, test_sixteenth_programs.py,
test_seventeenth_programs.py, test_eighteenth_programs.py): her address, her three files, what the server's check says
of a signed message, how a case's file names are read back, and the scenarios every round plays with its programs' mail
(her application, a colleague's forward of it, her answer bringing the letter)."""

from __future__ import annotations

import documents as d
import tenthmail as tm
from sentmail import text, to

PDF = "application/pdf"
PIECES = ["courrier", "dossier", "visuels"]
JEANNE = "jeanne.roux@jardins-egalite.example"
AUTH = "mx.example.test; spf=pass smtp.mailfrom=example.test; dmarc=pass header.from=example.test"


def files(seed: int) -> list[tuple[str, str, bytes]]:
    """Her dossier, her letter to the mayor and a photo (`seed`: a photo of its own)."""
    return [("Dossier d'intention Jardins de l'Égalité.pdf", PDF, tm.dossier()),
            ("Lettre à Monsieur le Maire signée.pdf", PDF, tm.letter()),
            ("Jardin partagé - été 2026.jpg", "image/jpeg", d.photo(seed=seed))]


def names(intake, case) -> list[str]:
    """The file names of a case's pieces, sorted."""
    return sorted(p["filename"] for p in intake.case(case["reference"])["piece_files"])


def application_filed_complete(intake, raw: bytes, files: list[tuple[str, str, bytes]]) -> None:
    """Her application `raw`, carrying `files`: one case under her, complete, each file named as she named it, one
    acknowledgement in French, to her, that names her photo."""
    intake.deliver(raw, intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == JEANNE and case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(n for n, _, _ in files)
    (ack,) = intake.sent()
    assert to(ack) == [JEANNE] and "Jardin partagé - été 2026.jpg" in " ".join(text(ack).split()), text(ack)


def forward_of(builder):
    """A forward maker as `forward_filed_under_her` calls it, from a round's builder that forwards with
    `forward_of=`."""
    return lambda by, to, applicant, files, authentication: builder(to, files, forward_of=applicant, by=by,
                                                                    authentication=authentication)


def forward_filed_under_her(intake, forward, seed: int) -> None:
    """A colleague forwards her application from the other watched mailbox (`forward(by, to, applicant, files,
    authentication=)`), authenticated by the town's server: one case under her (her name read from the forward),
    complete with the three files named as she named them, one acknowledgement, to her, from the mailbox that
    received the forward; nothing to the colleague."""
    intake.configure('[trust]\nauthserv_id = "mx.example.test"')
    her_files = files(seed=seed)
    intake.deliver(forward(intake.db, intake.nb, JEANNE, her_files, authentication=AUTH), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["applicant"] == JEANNE and case["applicant_name"] == "Jeanne Roux", case
    assert case["status"] == "complete" and case["pieces"] == PIECES, case
    assert names(intake, case) == sorted(n for n, _, _ in her_files)
    (ack,) = intake.sent()
    assert to(ack) == [JEANNE] and ack["From"].addresses[0].addr_spec == intake.nb, (ack["To"], ack["From"])
    assert "Lettre à Monsieur le Maire signée.pdf" in " ".join(text(ack).split()), text(ack)


def answer_brings_the_letter(intake, write, answer, seed: int) -> None:
    """Her application without its letter (`write(to, files)`), acknowledged, the letter asked for; she answers
    (`answer(ack, files)`) with the signed letter: it joins her case, complete; she is told so once, nothing asked
    again, nothing of our quoted text a piece."""
    first = [f for f in files(seed=seed) if not f[0].startswith("Lettre")]
    intake.deliver(write(intake.nb, first), intake.nb)
    intake.poll()
    (ack,) = intake.sent()
    assert to(ack) == [JEANNE] and "manquante" in text(ack), text(ack)
    letter = [("Courrier signé Maire.pdf", PDF, tm.letter())]
    intake.deliver(answer(ack, letter), intake.nb)
    intake.poll()
    (case,) = intake.cases()
    assert case["status"] == "complete" and case["pieces"] == PIECES and case["messages"] == 2, case
    assert names(intake, case) == sorted(n for n, _, _ in first + letter)
    _first, done = intake.sent()
    assert to(done) == [JEANNE] and "complet" in done["Subject"], done["Subject"]
    assert "manquante" not in text(done), text(done)
