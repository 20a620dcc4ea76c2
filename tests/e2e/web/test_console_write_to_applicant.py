"""« Écrire au demandeur » on a case's page: staff who want to ask the applicant something write from their own mail
program, the case's reference already in the subject, so that the reply joins the case."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from playwright.sync_api import expect

from .conftest import garden_case


def test_a_case_page_offers_to_write_to_the_applicant_with_the_reference_in_the_subject(console, page):
    intake = console.intake
    ref = garden_case(intake)
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    link = page.get_by_role("link", name="Écrire au demandeur")
    expect(link).to_be_visible()
    expect(link).to_have_accessible_description(f"(depuis votre messagerie ; gardez [{ref}] dans l'objet : sa "
                                                "réponse, arrivée dans une boîte relevée par le service, rejoindra "
                                                "le dossier)")
    parts = urlsplit(link.get_attribute("href") or "")
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "asso@x.example")
    assert parse_qs(parts.query) == {"subject": [f"[{ref}] Votre candidature au label Béthune Smart City"]}


def test_an_address_that_would_write_to_someone_else_gets_no_link(console, page):
    """However it came to be stored (an old database, a bug elsewhere), an applicant's address that a mail program
    would read as a second recipient or a header is shown, never made a link."""
    from intake.store.database import session
    from intake.store.tables import Case

    intake = console.intake
    ref = garden_case(intake)
    app = intake.app()
    with session(app.engine) as s:
        s.add(Case(reference="BSC-2025-0001", year=2025, seq=1, status="incomplete",
                   applicant="asso@x.example?bcc=spy@y.example", received_at=app.clock(), created_at=app.clock(),
                   updated_at=app.clock()))
        s.commit()
    console.sign_in(page)
    page.goto(f"{console.url}/cases/BSC-2025-0001")
    expect(page.get_by_text("asso@x.example?bcc=spy@y.example")).to_be_visible()
    expect(page.get_by_role("link", name="Écrire au demandeur")).to_have_count(0)
    page.goto(f"{console.url}/cases/{ref}")  # the other case keeps its own
    expect(page.get_by_role("link", name="Écrire au demandeur")).to_have_count(1)
