"""A staff member types the other case's reference in the merge form as she reads it or remembers it: « 2026-0002 »
(without « BSC- »), « bsc 2026 2 », « 2 ». It was refused (« Aucun dossier « 2026-0002 » »); each is read now when
it names one case, and a number that several years bear is answered with the cases it may name."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import expect

from .test_console_busy_staff import send
from .test_console_flows import DOSSIER, LETTER, PHOTO


def _compare(page, console, ref: str, typed: str) -> None:
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_label("Référence de l'autre dossier de la même candidature").fill(typed)
    page.get_by_role("button", name="Comparer avant de fusionner").click()


def test_the_merge_form_reads_a_reference_typed_without_its_prefix(console, page):
    intake = console.intake
    send(intake, "Les Amis du Jardin <jardin@asso.example>", [DOSSIER, PHOTO])
    send(intake, "Marc Durand <marc.durand@perso.example>", [LETTER], subject="Courrier pour le label")
    first, second = (c["reference"] for c in intake.cases())
    prefix, year, number = second.split("-")
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{first}")  # the form says it: « BSC-2026-0007 » was its one example
    expect(page.locator("#merge-other-hint")).to_contain_text(
        f"Par exemple {prefix}-{year}-0007, ou {year}-0007 sans « {prefix}- ».")
    heading = page.get_by_role("heading", name="Fusionner deux dossiers d'une même candidature")
    for typed in (f"{year}-{number}", f" {prefix.lower()} {year} {int(number)} ", f"{year}/{int(number)}",
                  str(int(number))):
        _compare(page, console, first, typed)
        expect(heading).to_be_visible()
        expect(page.locator("main")).to_contain_text(second)

    # the same number in another year: the number alone names two cases, said with both
    from intake.store.database import session
    from intake.store.tables import Case

    app = intake.app()
    older = f"{prefix}-{int(year) - 1}-{number}"
    with session(app.engine) as s:
        s.add(Case(reference=older, year=int(year) - 1, seq=int(number), status="incomplete", applicant="x@y.example",
                   received_at=app.clock(), created_at=app.clock(), updated_at=app.clock()))
        s.commit()
    _compare(page, console, first, str(int(number)))
    expect(page.get_by_role("alert")).to_contain_text(
        f"« {int(number)} » peut désigner 2 dossiers : {older}, {second}. Donnez la référence complète de l'autre "
        f"dossier, par exemple {second}.")
    code, out = intake.cli("case", str(int(number)))  # the command line names them too
    assert code == 2 and f"« {int(number)} » peut désigner 2 dossiers : {older}, {second}" in out, out
    _compare(page, console, first, f"{year}-{number}")  # with its year, one case
    expect(heading).to_be_visible()
    _compare(page, console, first, "2026-9999")
    expect(page.get_by_role("alert")).to_contain_text("Aucun dossier « 2026-9999 ». Donnez la référence de l'autre "
                                                      "dossier telle qu'elle figure dans la liste")

    # the command line reads it the same way (in a thread of its own: it sends mail, as `poll` does)
    with ThreadPoolExecutor(1) as pool:
        code, out = pool.submit(intake.cli, "case", first, "merge", f"{year}-{number}").result()
    assert code == 0, out
    assert sorted(c["reference"] for c in intake.cases()) == sorted([first, older])
