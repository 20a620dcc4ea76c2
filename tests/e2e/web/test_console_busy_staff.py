"""Two busy staff members, in French, sometimes on a phone: the browser's Back and Reload after a preview, pages that
fit a phone, the outcome of an action said where a screen reader reads it, times written the French way, and the
settings that hold mail for them on « Règles »."""

from __future__ import annotations

import html
import re

from playwright.sync_api import expect

from intake.commands import samples

from .conftest import csrf_of, poll, serving, set_aside
from .test_console_flows import DOSSIER, LETTER, PHOTO


def send(intake, sender: str, attachments, subject="Candidature au label") -> None:
    intake.deliver(samples.email(sender=sender, to=[intake.nb], subject=subject, attachments=list(attachments)),
                   intake.nb)
    poll(intake)


def test_back_and_reload_after_a_decision_preview_show_it_again_and_record_nothing(console, page):
    """The preview was the answer to a POST: Back to it said « ERR_CACHE_MISS » (Chromium's « Confirmer le nouvel
    envoi du formulaire »), and Reload asked to post it again. It is a page of its own now."""
    intake = console.intake
    send(intake, "Vélo <velo@asso.example>", [DOSSIER, PHOTO])
    (case,) = intake.cases()
    ref = case["reference"]
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_label("Décision à enregistrer").select_option(label="irrecevable")
    page.get_by_label("Motif ou commentaire de la décision").fill("Hors du périmètre de la ville : « Lille »")
    page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
    heading = page.get_by_role("heading", name=f"Décision pour {ref}")
    expect(heading).to_be_visible()
    # neither the form's token nor the motif goes into the address (history, the reverse proxy's access log)
    assert page.url == f"{console.url}/cases/{ref}/decision/preview"
    page.reload()
    expect(heading).to_be_visible()
    expect(page.get_by_text("Note : Hors du périmètre de la ville : « Lille »")).to_be_visible()
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("heading", name=re.compile(ref))).to_be_visible()
    page.go_back()
    expect(heading).to_be_visible()
    page.go_forward()
    page.go_back()
    expect(heading).to_be_visible()
    assert intake.case(ref)["status"] == "incomplete"  # seeing it again recorded nothing
    expect(page.get_by_text("Déjà enregistrée ?")).to_have_count(0)
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée : irrecevable")
    assert intake.case(ref)["status"] == "inadmissible"
    page.go_back()  # Back after recording: the preview again, saying the decision is there already
    expect(heading).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Déjà enregistrée ?")).to_contain_text(
        "Le dossier est déjà « irrecevable » : voyez son historique")


def test_back_and_reload_after_a_merge_preview_show_it_again_and_merge_nothing(console, page):
    intake = console.intake
    send(intake, "Les Amis du Jardin <jardin@asso.example>", [DOSSIER, PHOTO])
    send(intake, "Marc Durand <marc.durand@perso.example>", [LETTER], subject="Courrier pour le label")
    first, second = intake.cases()
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{first['reference']}")
    page.get_by_label("Référence de l'autre dossier de la même candidature").fill(second["reference"])
    page.get_by_role("button", name="Comparer avant de fusionner").click()
    heading = page.get_by_role("heading", name="Fusionner deux dossiers d'une même candidature")
    expect(heading).to_be_visible()
    assert "csrf" not in page.url
    page.reload()
    expect(heading).to_be_visible()
    page.get_by_role("link", name="Annuler").click()
    expect(page.get_by_role("heading", name=re.compile(first["reference"]))).to_be_visible()
    page.go_back()
    expect(heading).to_be_visible()
    assert len(intake.cases()) == 2  # nothing merged by seeing it again
    page.get_by_role("button", name="Fusionner les deux dossiers").click()
    expect(page.get_by_role("status")).to_contain_text(f"{second['reference']} fusionné dans {first['reference']}")


def test_a_preview_link_made_elsewhere_offers_nothing_to_confirm(console):
    """A preview is a plain page now: a link another site (or a mail) gives, ready-made « refus » and motif, must
    not put a confirm button in front of a staff member in a hurry: the page's own key is missing, the case's page
    answers instead and nothing is recorded."""
    intake = console.intake
    send(intake, "Vélo <velo@asso.example>", [DOSSIER, PHOTO])
    (case,) = intake.cases()
    ref = case["reference"]
    client = console.signed_in_http()
    for path in (f"/cases/{ref}/decision/preview",
                 f"/cases/{ref}/decision/preview?status=inadmissible&note=Pi%C3%A8ge&notify=1",
                 f"/cases/{ref}/decision/preview?status=inadmissible&note=Pi%C3%A8ge&notify=1&jeton=0",
                 f"/cases/{ref}/merge/preview?other=BSC-2026-0001"):
        got = client.get(path)
        assert got.status == 303 and got.headers["location"].endswith(f"/cases/{ref}"), (path, got.status)
    shown = html.unescape(client.get(f"/cases/{ref}").text)
    assert "page trop ancienne ou d'ailleurs : rien n'a été fusionné. Indiquez à nouveau l'autre dossier" in shown
    # a form kept for one case and one session previews nothing else: another case, another session's cookie
    asked = client.post(f"/cases/{ref}/decision/preview", {"csrf": csrf_of(shown), "status": "inadmissible",
                                                          "note": "Hors périmètre", "notify": "1"})
    assert asked.status == 303 and "Hors" not in asked.headers["location"]
    assert client.get(f"/cases/{ref}/decision/preview").status == 200
    assert client.get("/cases/BSC-2026-0099/decision/preview").status in (303, 404)
    other = console.signed_in_http(console.other_staff)
    name = next(k for k in client.cookies if k.endswith("preview"))
    other.cookies[name] = client.cookies[name]
    got = other.get(f"/cases/{ref}/decision/preview")
    assert got.status == 303 and got.headers["location"].endswith(f"/cases/{ref}")
    assert intake.case(ref)["status"] == "incomplete"
    client.post("/logout", {"csrf": csrf_of(client.get(f"/cases/{ref}").text)})  # the motif kept goes with them
    assert name not in client.cookies


def overflow(page) -> str:
    """What sticks out of the page sideways ("" when nothing does): the widest elements past the viewport's right
    edge, for the failure to say where to look."""
    return page.evaluate("""() => {
        const root = document.scrollingElement;
        const regions = [...document.querySelectorAll('.table-scroll')].filter(e => e.scrollWidth > e.clientWidth + 1);
        if (root.scrollWidth <= root.clientWidth && !regions.length) return "";
        const out = [];
        const spills = e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
                            && getComputedStyle(e).overflowX === 'visible';
        const past = e => e.getBoundingClientRect().right > root.clientWidth + 1 || spills(e);
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (past(e) && ![...e.children].some(past))
                out.push(e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(r.right) + '/'
                         + e.scrollWidth + ': '
                         + (e.textContent || '').trim().slice(0, 40));
        }
        return root.scrollWidth + ' > ' + root.clientWidth + ' ; ' + regions.length + ' table(s) scrolling sideways ; '
               + out.slice(0, 8).join(' | ');
    }""")


def test_every_console_page_fits_a_phone_375_pixels_wide(console, browser):
    """On a phone (375 px) no page scrolls sideways: the tables of cases, messages, mails, the quarantine, the
    mailboxes become cards or wrap; long addresses, file names and references wrap."""
    intake = console.intake
    long = "Association des Habitants du Quartier Saint-Éloi et de la Cité des Électriciens pour l'Écologie Urbaine"
    address = "association.des.habitants.du.quartier.saint-eloi@tres-long-domaine.example"
    intake.smtp.refuse_rcpt = lambda to: "550 5.1.1 Mailbox unavailable" if to == address else None  # « Envois »
    send(intake, f"{long} <{address}>",
         [DOSSIER, PHOTO, ("scan_0001_numerisation_du_courrier_original_signe.pdf", samples.pdf("Page 1"),
                           "application/pdf")], subject="Candidature au label " + long)
    send(intake, "Marc Durand <marc.durand@perso.example>", [LETTER], subject="Courrier pour le label")
    quarantined = set_aside(intake, b"Subject: x\r\n\r\n", 900, "Candidature " + long, sender=address)
    first, second = intake.cases()
    ref = first["reference"]
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="fr-FR", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    wide = {}
    try:
        page.goto(console.url + "/login")  # signing in, step by step (console.sign_in's steps)
        wide["/login"] = overflow(page)
        page.get_by_label("Adresse électronique professionnelle").fill(console.staff)
        before = len(intake.smtp.messages)
        page.get_by_role("button", name="Recevoir un lien de connexion").click()
        page.get_by_role("heading", name="Consultez votre messagerie").wait_for()
        wide["lien envoyé"] = overflow(page)
        page.goto(console.link_for(console.staff, before))
        wide["lien ouvert"] = overflow(page)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(re.compile(r".*/cases.*"))
        for path in ("/cases", "/cases?statut=incomplete&q=zzz", f"/cases/{ref}", f"/cases/{ref}/messages/1",
                     f"/cases/{ref}/mails/1", "/cases/new", "/jury", "/quarantine", f"/quarantine/{quarantined}",
                     "/outbox", "/outbox/1", "/mailboxes", "/admin/rules"):
            assert page.goto(console.url + path).status == 200, path
            wide[path] = overflow(page)
            if path in ("/outbox", "/quarantine"):  # their tables hold a line
                expect(page.locator("main tbody tr").first).to_be_visible()
        page.goto(f"{console.url}/cases/{ref}")
        page.get_by_label("Décision à enregistrer").select_option(label="irrecevable")
        page.get_by_label("Motif ou commentaire de la décision").fill("Hors du périmètre")
        page.get_by_label("Prévenir le demandeur par courriel").check()
        page.get_by_role("button", name="Vérifier avant d'enregistrer").click()
        wide["décision"] = overflow(page)
        page.goto(f"{console.url}/cases/{ref}")
        page.get_by_label("Référence de l'autre dossier de la même candidature").fill(second["reference"])
        page.get_by_role("button", name="Comparer avant de fusionner").click()
        wide["fusion"] = overflow(page)
    finally:
        context.close()
    too_wide = [f"{k}: {v}" for k, v in wide.items() if v]
    assert not too_wide, "\n".join(too_wide)


def focused(page) -> dict:
    return page.evaluate("() => { const e = document.activeElement;"
                         " return {role: e.getAttribute('role') || '', text: e.textContent.trim()}; }")


def test_what_an_action_did_gets_the_focus_so_a_screen_reader_says_it(console, page):
    """The message after an action (a note added, a piece corrected, a refusal) was shown at the top of the page,
    but the focus stayed at the page's start: a screen reader user heard the page's title and nothing of it. It has
    the focus now (and says it, « status », or « alert » when nothing was done)."""
    intake = console.intake
    send(intake, "Vélo <velo@asso.example>", [DOSSIER, PHOTO])
    (case,) = intake.cases()
    ref = case["reference"]
    console.sign_in(page)
    page.goto(f"{console.url}/cases/{ref}")
    page.get_by_label("Note pour l'historique").fill("Appelé le 3/12 : le courrier arrive par la poste.")
    page.get_by_label("Note pour l'historique").press("Tab")
    page.keyboard.press("Enter")  # « Ajouter la note », with the keyboard
    expect(page.get_by_role("status")).to_contain_text("Note ajoutée à l'historique.")
    assert focused(page) == {"role": "status", "text": "Note ajoutée à l'historique."}
    page.keyboard.press("Tab")  # and the keyboard goes on from there, not from the top of the page
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    stale = page.context.new_page()  # the same case in another tab, its button still there
    stale.goto(f"{console.url}/cases/{ref}")
    page.get_by_role("button", name="Relancer maintenant").click()
    page.get_by_role("button", name="Envoyer la relance").click()  # after reading it (its preview)
    expect(page.get_by_role("status")).to_contain_text("Relance demandée")
    assert focused(page)["role"] == "status" and "Relance demandée" in focused(page)["text"]
    stale.get_by_role("button", name="Relancer maintenant").click()  # a second one the same day: refused
    expect(stale.get_by_role("alert")).to_contain_text("une relance est déjà partie aujourd'hui")
    assert focused(stale)["role"] == "alert" and "Relance non envoyée" in focused(stale)["text"]
    stale.reload()  # shown once: no message, nothing takes the focus
    expect(stale.get_by_role("alert")).to_have_count(0)
    assert focused(stale)["role"] == ""


SHORT = re.compile(r"(?:1er|[1-9]|[12]\d|3[01])\u00a0(?:janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|"
                   r"nov\.|déc\.) (?:1?\d|2[0-3])\u00a0h\u00a0[0-5]\d")


def test_the_tables_write_times_the_french_way_and_short(console, page):
    """« 02/12/2026 » in the list, « 02/12/2026 09:05 » in a case's tables and history: now « 2 déc. 9 h 05 », its
    parts never split at a line's end."""
    intake = console.intake
    send(intake, "Vélo <velo@asso.example>", [DOSSIER, PHOTO])
    (case,) = intake.cases()
    ref = case["reference"]
    console.sign_in(page)
    received = page.locator("td[data-label='Reçu le']")
    expect(received).to_have_count(1)
    assert SHORT.fullmatch(received.inner_text()), received.inner_text()
    page.goto(f"{console.url}/cases/{ref}")
    for cell in (page.locator("#h-messages ~ div td[data-label='Reçu le']"),
                 page.locator("#h-mails ~ div td[data-label='Date']"), page.locator(".history time").first):
        expect(cell).to_have_count(1)
        assert SHORT.fullmatch(cell.inner_text()), cell.inner_text()
    assert ":" not in page.locator(".history time").first.inner_text()


def test_the_rules_page_reminds_staff_of_the_settings_that_hold_mail_or_set_it_aside(intake, browser, tmp_path):
    """« Règles » showed the rules' files and the templates, nothing of config.toml: not why an acknowledgement
    waits in « Envois à voir », nor why a sixth application from one address went to the quarantine. The settings
    in force are said in French, read-only, each with its key."""
    intake.config.write_text(intake.config.read_text().replace(
        'data_dir = "data"', 'data_dir = "data"\nacknowledge_within_hours = 48', 1)
        + '\n[limits]\ncases_per_sender_per_day = 4\n\n[digest]\nrecipients = ["equipe@ville.example"]\n'
          'time = "07:45"\n')
    with serving(intake, tmp_path) as console:
        context = browser.new_context(viewport={"width": 375, "height": 740}, locale="fr-FR")
        page = context.new_page()
        try:
            console.sign_in(page)
            page.get_by_role("link", name="Règles").click()
            settings = page.locator("section", has=page.get_by_role("heading", name="Réglages du service"))
            held = settings.get_by_role("list", name="Ce qui retient des courriels pour vous (« Envois à voir »)")
            expect(held).to_contain_text("Un courriel déjà vieux de plus de 48 heures quand le service le lit")
            expect(held).to_contain_text("(config.toml, acknowledge_within_hours)")
            assert "le dossier est signalé «\u00a0À voir\u00a0» ;" in held.inner_text()  # no « ends a line
            expect(held).to_contain_text("Au-delà de 30 accusés de réception de nouveaux dossiers en 24 heures")
            aside = settings.get_by_role("list", name="Ce qui met un message en quarantaine")
            expect(aside).to_contain_text("Un même expéditeur ouvre au plus 4 dossiers en 24 heures")
            assert "Un courriel de plus de 50,0\u00a0Mo n'est pas téléchargé" in aside.inner_text()
            expect(aside).to_contain_text("(config.toml, [limits] unauthenticated_cases_per_day)")
            assert "500,0\u00a0Mo de fichiers en 24 heures pour un même expéditeur" in aside.inner_text()
            rhythm = settings.get_by_role("list", name="Le rythme du service")
            assert ("Le récapitulatif quotidien part à 7\u00a0h\u00a045, du lundi au vendredi, à equipe@ville.example."
                    in rhythm.inner_text())
            assert not settings.locator("input, select, textarea, button").count()  # read-only
            assert not overflow(page)
        finally:
            context.close()
