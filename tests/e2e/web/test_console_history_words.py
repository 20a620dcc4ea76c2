"""A case's history says why each file was recognised in words, as the pieces' « Pourquoi » column does: the rules'
patterns, keys and points stay behind « détails » (for the admin tuning rules/pieces.toml)."""

from __future__ import annotations

from playwright.sync_api import expect

from .test_console_flows import DOSSIER, LETTER, PHOTO, file_application


def test_the_history_of_a_case_says_in_words_why_its_files_were_recognised(console, page):
    case = file_application(console.intake, "Association Vélo <velo@asso.example>", [DOSSIER, LETTER, PHOTO])
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{case['reference']}")
    history = page.locator("ol.history")
    line = history.locator("li").filter(has_text="Dossier d'intention.docx :")
    expect(line).to_contain_text("dossier d'intention — reconnu à")
    shown = history.evaluate("""ol => { const c = ol.cloneNode(true);
        c.querySelectorAll('details').forEach(d => d.remove()); return c.innerText; }""")
    for internal in ("points)", "point)", "*dossier*", "nom correspondant à", "(?i)", "mots trouvés"):
        assert internal not in shown, (internal, shown)
    details = line.locator("details")
    expect(details.locator(".muted")).not_to_be_visible()  # closed
    details.locator("summary").click()
    expect(details).to_contain_text("points)")  # the rules' own evidence, for the admin
