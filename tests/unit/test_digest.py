from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from intake.core.digest import CaseLine, Health, Snapshot, build, digest_due, fallback, open_cases_csv

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = frozenset(range(5))
AT = time(8, 30)


def paris(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=PARIS)


@pytest.mark.parametrize("now, last_day, due", [
    (paris(2026, 11, 23, 8, 29), None, False),  # Monday before 08:30
    (paris(2026, 11, 23, 8, 30), None, True),
    (paris(2026, 11, 23, 10, 0), None, True),  # the worker was down at 08:30: sent when it is back
    (paris(2026, 11, 23, 10, 0), date(2026, 11, 23), False),  # already sent today
    (paris(2026, 11, 24, 8, 30), date(2026, 11, 23), True),
    (paris(2026, 11, 22, 9, 0), None, False),  # Sunday
])
def test_the_digest_is_due_once_on_working_days_from_the_set_time(now, last_day, due):
    assert digest_due(now.astimezone(timezone.utc), PARIS, WEEKDAYS, AT, last_day) is due


@pytest.mark.parametrize("day", [date(2026, 3, 30), date(2026, 10, 26)])  # Mondays after the switches
def test_the_set_time_is_local_across_daylight_saving_changes(day):
    before = datetime.combine(day, time(8, 29), PARIS).astimezone(timezone.utc)
    at = datetime.combine(day, time(8, 30), PARIS).astimezone(timezone.utc)
    assert not digest_due(before, PARIS, WEEKDAYS, AT, day - timedelta(days=3))
    assert digest_due(at, PARIS, WEEKDAYS, AT, day - timedelta(days=3))


def test_on_the_day_of_the_switch_itself_it_is_due_once_at_local_time():
    for day in (date(2026, 3, 29), date(2026, 10, 25)):  # Sundays: configure every day
        every_day = frozenset(range(7))
        times = [datetime.combine(day, time(0, 0), PARIS).astimezone(timezone.utc) + timedelta(minutes=15 * i)
                 for i in range(100)]
        last, sent = None, []
        for t in times:
            if digest_due(t, PARIS, every_day, AT, last):
                sent.append(t.astimezone(PARIS))
                last = t.astimezone(PARIS).date()
        assert len(sent) == 1 and sent[0].time() == AT


NOW = datetime(2026, 11, 23, 7, 30, tzinfo=timezone.utc)


def line(ref, status, **kw):
    kw.setdefault("title", f"Projet {ref}")
    return CaseLine(reference=ref, status=status, applicant=f"{ref.lower()}@x.example",
                    received_at=NOW - timedelta(days=10), **kw)


def snapshot(**kw):
    cases = (line("BSC-2026-0001", "incomplete", missing=("courrier officiel",), reminders_sent=1,
                  next_reminder=NOW + timedelta(days=4)),
             line("BSC-2026-0002", "complete", waiting_since=NOW - timedelta(days=3)),
             line("BSC-2026-0003", "complete", waiting_since=NOW - timedelta(days=8)),
             line("BSC-2026-0004", "review", attention="plusieurs dossiers possibles"),
             line("BSC-2026-0005", "labelled"),
             line("BSC-2026-0006", "incomplete", attention="dernière relance envoyée", missing=("visuels",)))
    base = dict(now=NOW, previous_at=NOW - timedelta(days=1), cases=cases, new_cases=("BSC-2026-0006",),
                completed=("BSC-2026-0002",), pieces_received=4,
                quarantined=(("nb UID 9", "x@y : ?", "cannot be parsed"),),
                undeliverable=(("gone@x.example", "5.1.1"),), looping=(("robot@x.example", "boucle"),),
                failed_mails=(("BSC-2026-0001", "a@x.example", "550 refused"),),
                mailboxes=(Health("nb", "n@v.fr", NOW), Health("db", "d@v.fr", NOW - timedelta(days=2),
                                                                "LOGIN failed", NOW, 7)))
    base.update(kw)
    return Snapshot(**base)


def test_every_section_is_filled_from_the_snapshot():
    d = build(snapshot(), PARIS)
    assert {c["status"]: c["count"] for c in d["counts"]} == {"incomplete": 2, "complete": 2, "review": 1,
                                                             "labelled": 1}
    assert d["new_cases"] == ["BSC-2026-0006"] and d["completed"] == ["BSC-2026-0002"] and d["pieces_received"] == 4
    assert [c["reference"] for c in d["incomplete"]] == ["BSC-2026-0001", "BSC-2026-0006"]
    assert d["incomplete"][0]["days"] == 10 and d["incomplete"][0]["reminders"] == 1
    assert d["incomplete"][0]["next_reminder"] == "vendredi 27 novembre 2026"
    assert [c["reference"] for c in d["waiting"]] == ["BSC-2026-0003", "BSC-2026-0002"]  # oldest first
    assert d["review"][0]["reason"] == "plusieurs dossiers possibles"
    assert [c["reference"] for c in d["flagged"]] == ["BSC-2026-0006"]
    assert d["quarantined"] and d["undeliverable"] and d["looping"] and d["failed_mails"]
    assert [m["ok"] for m in d["mailboxes"]] == [True, False] and d["mailboxes"][1]["errors"] == 7
    assert d["needs_human"] and not d["quiet"]


def test_a_case_waiting_too_long_for_a_decision_needs_a_human_and_says_when_it_goes():
    from intake.core.retention import Undecided

    waiting = Undecided("BSC-2026-0003", "admissible", NOW - timedelta(days=200), NOW + timedelta(days=500))
    d = build(snapshot(cases=(), new_cases=(), completed=(), pieces_received=0, quarantined=(), undeliverable=(),
                       looping=(), failed_mails=(), mailboxes=(), undecided=(waiting,)), PARIS)
    assert d["needs_human"] and d["undecided"] == [{"reference": "BSC-2026-0003", "status": "recevable",
                                                    "since": "jeudi 7 mai 2026", "deleted_at": "jeudi 6 avril 2028"}]


def test_a_paper_application_without_an_address_or_a_title_is_named_by_its_applicant():
    paper = CaseLine(reference="BSC-2026-0007", status="incomplete", applicant="", title="",
                     applicant_name="Mme Josiane Dupont", received_at=NOW - timedelta(days=2), missing=("visuels",))
    d = build(snapshot(cases=(paper,)), PARIS)
    (shown,) = d["incomplete"]
    assert shown["applicant"] == "Mme Josiane Dupont (sans adresse électronique)"
    assert shown["title"] == "(sans titre)"
    assert d["incomplete"] and build(snapshot(), PARIS)["incomplete"][0]["applicant"] == "bsc-2026-0001@x.example"


def test_a_broken_mailbox_alone_needs_a_human():
    snap = snapshot(cases=(), new_cases=(), completed=(), pieces_received=0, quarantined=(), undeliverable=(),
                    looping=(), failed_mails=())
    d = build(snap, PARIS)
    assert d["needs_human"] and not d["quiet"]


def test_nothing_new_and_nothing_pending_is_quiet():
    quiet = Snapshot(now=NOW, previous_at=None, cases=(line("BSC-2026-0005", "labelled"),),
                     mailboxes=(Health("nb", "n@v.fr", NOW),))
    assert build(quiet, PARIS)["quiet"]


def test_the_csv_lists_open_cases_for_excel():
    data = open_cases_csv(snapshot(), PARIS).decode("utf-8")
    assert data.startswith("\ufeffreference;statut;")
    assert "BSC-2026-0001;incomplet;" in data and "BSC-2026-0005" not in data  # labelled is closed; French words


def test_a_mailbox_not_yet_polled_and_a_relay_not_yet_used_are_new_not_a_problem():
    from pathlib import Path

    from intake.adapters.templates import Templates

    snap = Snapshot(now=NOW, previous_at=None, cases=(line("BSC-2026-0005", "labelled"),),
                    mailboxes=(Health("nb", "n@v.fr", None), Health("smtp", "relais smtp.v.fr", None, relay=True)))
    d = build(snap, PARIS)
    assert d["quiet"] and not d["needs_human"]
    templates = Templates(Path(__file__).resolve().parents[2] / "templates")
    _subject, text, html = templates.render_mail("digest", {**d, "service": {"name": "Ville de Béthune"}})
    for body in (text, html):
        assert "pas encore relevée" in body and "aucun envoi encore" in body
        assert "jamais" not in body and "problème" not in body.lower(), body
    broken = build(Snapshot(now=NOW, previous_at=None, cases=(), mailboxes=(
        Health("nb", "n@v.fr", None, last_error="connexion refusée", errors_since_success=2),)), PARIS)
    assert broken["needs_human"] and not broken["mailboxes"][0]["never"]


def test_a_flood_of_quarantined_messages_is_listed_up_to_a_bound_and_counted():
    """The fifth attacker's review: anyone can have messages quarantined (over a limit), and each is listed with
    its sender's subject: a thousand of them wrote a thousand of the sender's lines into the town's own digest."""
    from intake.core.digest import MAX_MAILS_LISTED

    flood = tuple((f"nb UID {i}", f"x{i}@evil.example : Reconnectez-vous sur https://evil.example", "max_parts")
                  for i in range(1_000))
    d = build(snapshot(quarantined=flood), PARIS)
    assert len(d["quarantined"]) == MAX_MAILS_LISTED + 1
    assert d["quarantined"][-1]["what"] == f"{1_000 - MAX_MAILS_LISTED} autres messages"
    assert "intake quarantine list" in d["quarantined"][-1]["where"]
    assert len(build(snapshot(), PARIS)["quarantined"]) == 1


def test_a_transfer_link_s_address_never_leaves_in_the_digest_only_its_site():
    """The digest is mail, kept in mailboxes out of the purge's reach: a WeTransfer link's address opens the
    applicant's files for whoever holds it. Staff open it from the case."""
    from intake.core.digest import open_cases_csv

    why = "fichiers à télécharger avant que le lien expire (https://we.tl/t-SeCrEt123)"
    snap = snapshot(cases=(line("BSC-2026-0001", "incomplete", attention=why),
                           line("BSC-2026-0002", "review", attention=why)))
    d = build(snap, PARIS)
    shown = [d["flagged"][0]["reason"], d["review"][0]["reason"], open_cases_csv(snap, PARIS).decode("utf-8-sig")]
    for text in shown:
        assert "SeCrEt123" not in text and "lien we.tl, à ouvrir depuis le dossier" in text, text


def test_a_flood_of_cases_is_listed_up_to_a_bound_counted_and_said_where_to_find_the_rest():
    """Anyone can have a case filed (an application-like mail from each of many forged senders): thousands of
    them listed one by one made the town's digest a mail too large for staff's mailboxes. Each list shows
    MAX_CASES_LISTED and says how many more and where they are; the counts stay true."""
    from pathlib import Path

    from intake.adapters.templates import Templates
    from intake.core.digest import MAX_CASES_LISTED

    n = 3_000
    refs = tuple(f"BSC-2026-{i:04d}" for i in range(1, n + 1))
    cases = tuple(line(r, "incomplete" if i % 3 == 0 else "review" if i % 3 == 1 else "complete",
                       attention="à voir" if i % 3 == 0 else "", missing=("visuels",),
                       waiting_since=NOW - timedelta(days=1)) for i, r in enumerate(refs))
    d = build(snapshot(cases=cases, new_cases=refs, completed=refs[:150]), PARIS)
    for name in ("incomplete", "review", "waiting", "flagged", "new_cases", "completed"):
        assert len(d[name]) == MAX_CASES_LISTED, name
    assert d["new_count"] == n and d["completed_count"] == 150 and d["total"] == n
    assert d["more"]["incomplete"] == "et 900 autres dossiers incomplets : la liste complète est dans le fichier " \
                                      "joint et dans la console"
    assert d["more"]["new_cases"] == f"et {n - MAX_CASES_LISTED} autres"
    assert d["more"]["completed"] == "et 50 autres" and d["more"]["looping"] == ""
    templates = Templates(Path(__file__).resolve().parents[2] / "templates")
    _subject, text, html = templates.render_mail("digest", {**d, "service": {"name": "Ville de Béthune"}})
    for body in (text, html):
        assert f"{n} nouveaux dossiers" in body.replace("<strong>", "").replace("</strong>", "")
        assert "et 900 autres dossiers à vérifier" in body and "et 900 autres dossiers incomplets" in body
        assert "BSC-2026-2999" not in body
        assert len(body) < 400_000, len(body)
    small = build(snapshot(), PARIS)
    assert set(small["more"].values()) == {""} and small["new_count"] == 1


def test_a_quarantined_message_s_subject_and_a_title_keep_only_the_site_of_their_links():
    """Anyone can have a message quarantined, and its subject is listed in the digest; a title is a subject too."""
    from intake.core.digest import open_cases_csv

    snap = snapshot(quarantined=(("nb UID 9", "x@y : Agents, reconnectez-vous sur https://evil.example/a?t=SeCrEt",
                                  "trop de parties"),),
                    cases=(line("BSC-2026-0001", "review", title="voir https://we.tl/t-SeCrEt"),))
    d = build(snap, PARIS)
    for text in (d["quarantined"][0]["what"], d["review"][0]["title"], open_cases_csv(snap, PARIS).decode("utf-8-sig")):
        assert "SeCrEt" not in text and "à ouvrir depuis le dossier" in text, text


def test_a_mail_the_applicants_server_refused_is_said_in_french_in_the_digest():
    d = build(snapshot(failed_mails=(("BSC-2026-0001", "a@x.example", "550 5.1.1 Mailbox unavailable"),)), PARIS)
    assert d["failed_mails"][0]["problem"].startswith("adresse inconnue chez le destinataire")
    assert d["failed_mails"][0]["problem"].endswith("(réponse du serveur : 550 5.1.1 Mailbox unavailable)")


def test_the_counts_read_as_one_list_each_count_without_a_comma_of_its_own():
    """« Dossiers (8) : 3 incomplets, 3 complets, en attente de décision, 2 à vérifier » read as four counts (the new
    staff member's trial)."""
    d = build(snapshot(), PARIS)
    labels = [c["label"] for c in d["counts"]]
    assert "complets en attente de décision" in labels and not [x for x in labels if "," in x], labels


def test_a_case_received_or_completed_today_waits_since_today_in_the_html_digest_too():
    """The text said « attend depuis aujourd'hui », the HTML part « 0 j » (the new staff member's trial)."""
    from pathlib import Path

    from intake.adapters.templates import Templates

    today = (line("BSC-2026-0002", "complete", waiting_since=NOW),
             CaseLine(reference="BSC-2026-0003", status="incomplete", applicant="a@x.example", title="Projet",
                      received_at=NOW, missing=("visuels",)))
    d = build(snapshot(cases=today), PARIS)
    templates = Templates(Path(__file__).resolve().parents[2] / "templates")
    _subject, _text, html = templates.render_mail("digest", {**d, "service": {"name": "Ville de Béthune"}})
    assert "0 j<" not in html and html.count("aujourd&#39;hui</td>") + html.count("aujourd'hui</td>") == 2, html


def test_the_fallback_says_the_failed_template_first_then_each_case_to_act_on():
    """The digest made without the admin's template, the day it fails on the day's values (core/digest.py
    `fallback`): the failure and its fix at the top, then each case staff must act on, reference, status and what
    is missing, from the very values the template was given."""
    d = build(snapshot(alerts=("modèles de courriel en erreur : x",)), PARIS,
              lambda ref: f"https://console.example/cases/{ref}")
    subject, text = fallback(d, "Ville de Béthune", "/etc/intake/templates/digest/body.txt.j2", 12,
                             "erreur à l'affichage du modèle (TypeError : %d format)")
    assert subject == ("Ville de Béthune : point du lundi 23 novembre 2026 - à traiter (récapitulatif de secours, "
                       "modèle en erreur)")
    top, rest = text.split("\n\n", 1)
    assert top.startswith("ATTENTION : le récapitulatif n'a pas pu être mis en forme aujourd'hui.\n")
    assert ("Son modèle, /etc/intake/templates/digest/body.txt.j2, a échoué à la ligne 12 : erreur à l'affichage "
            "du modèle (TypeError : %d format).") in top
    assert "« intake rules check »" in top and "le prochain récapitulatif l'utilisera" in top
    url = "<https://console.example/cases/BSC-2026-{}>".format
    for expected in (
            "Dossiers (6) : 2 incomplets, 2 complets en attente de décision, 1 à vérifier, 1 labellisé",
            "CONFIGURATION À CORRIGER\n- modèles de courriel en erreur : x",
            f"À VÉRIFIER\n- BSC-2026-0004 {url('0004')} (bsc-2026-0004@x.example) - statut : à vérifier - "
            "plusieurs dossiers possibles",
            f"SIGNALÉS\n- BSC-2026-0006 {url('0006')} (bsc-2026-0006@x.example) - statut : incomplet - dernière "
            "relance envoyée",
            f"INCOMPLETS\n- BSC-2026-0001 {url('0001')} (bsc-2026-0001@x.example) - statut : incomplet - manque : "
            f"courrier officiel\n- BSC-2026-0006 {url('0006')} (bsc-2026-0006@x.example) - statut : incomplet - "
            "manque : visuels",
            f"COMPLETS, EN ATTENTE DE DÉCISION\n- BSC-2026-0003 {url('0003')} (bsc-2026-0003@x.example) - statut : "
            "complet - attend depuis 8 jours",
            "- des messages sont en quarantaine : intake quarantine list",
            "- une boîte aux lettres ou le relais d'envoi est en erreur"):
        assert expected in rest, (expected, text)
    assert "BSC-2026-0005" not in text  # decided: nothing to act on


def test_the_fallback_counts_what_it_leaves_out_and_says_an_unknown_line():
    many = tuple(line(f"BSC-2026-{n:04d}", "incomplete", missing=("visuels",)) for n in range(1, 103))
    _subject, text = fallback(build(snapshot(cases=many), PARIS), "Ville", "digest/subject.j2", None, "x")
    assert "Son modèle, digest/subject.j2, a échoué (ligne non précisée) : x." in text
    assert text.count("statut : incomplet - manque : visuels") == 100
    assert "- et 2 autres dossiers incomplets : la liste complète est dans le fichier joint et dans la console" in text


def test_the_fallback_prints_each_value_of_a_sender_s_choosing_on_its_own_line_without_format_characters():
    """Attacker's review (attack11): the plain-text fallback is the whole mail (no HTML part holding a value in its
    cell), sent as the town's own to staff. A case's « À voir » or title stored with a line break, a tab or U+202E
    (stored before the pipeline cleaned a forward's quoted sender line: core/parse.py) began a line of the sender's
    choosing there (« ATTENTION : … cliquez ici ») or showed another case's reference (« BSC-2026-0001 » for
    « 1000-6202-CSB » after U+202E). Each such value is one line, its format characters dropped; French no-break
    spaces are kept."""
    fake = "\n\nATTENTION : votre accès expire, cliquez ici https://evil.example/login\u2028- BSC-2026-0009 complet"
    cases = (line("BSC-2026-0001", "review", attention="De : SECR\u202e1000-6202-CSB\u2066" + fake),
             line("BSC-2026-0002", "incomplete", attention="question\r\nATTENTION : payer", missing=("visuels",),
                  title="Projet\u00a0« vert »\x85ATTENTION"),
             CaseLine(reference="BSC-2026-0003", status="complete", applicant="", applicant_name="Jean\nATTENTION",
                      title="t", received_at=NOW - timedelta(days=2)))
    values = build(snapshot(cases=cases, quarantined=(("nb UID 9", "x@y : Objet\nATTENTION : z", "?"),)), PARIS)
    _subject, text = fallback(values, "Ville", "digest/body.txt.j2", 3, "x")
    lines = text.splitlines()
    assert [n for n in lines if "ATTENTION" in n and not n.startswith("- BSC-2026-")] == [lines[0]], text
    assert not any(c in text for c in "\u202e\u2066\u2028\x85\r\t"), text
    assert "SECR1000-6202-CSB" in text and "evil.example/login" not in text
    assert "- BSC-2026-0009" not in [n[:15] for n in lines]
    assert values["incomplete"][0]["title"] == "Projet\u00a0« vert » ATTENTION"  # the HTML digest gets them so too


def test_a_link_written_without_its_scheme_keeps_only_its_site_and_no_www_a_mail_program_would_make_a_link_of():
    """Attacker's review (attack11): « https:// » links were reduced to their site, but one written without its scheme
    (« www.mairie-bethune.example/connexion?jeton=… ») reached staff whole, in the town's own mail: mail programs make
    it a link as they show plain text (the text part, and the plain-text fallback that is the whole mail), and the
    site named for a link, « lien www.evil.example », was one too."""
    from intake.core.digest import open_cases_csv

    phish = "agents : validez sur www.mairie-bethune.example/connexion?jeton=SeCrEt42 ou FTP.evil.example/x"
    snap = snapshot(cases=(line("BSC-2026-0001", "review", title=phish, attention=f"« {phish} »"),
                           line("BSC-2026-0002", "incomplete", attention="voir https://www.evil.example/SeCrEt",
                                missing=("visuels",))),
                    quarantined=(("nb UID 9", f"x@y : {phish}", "?"),))
    values = build(snap, PARIS)
    _subject, text = fallback(values, "Ville", "digest/body.txt.j2", 3, "x")
    for shown in (text, values["review"][0]["title"], values["quarantined"][0]["what"],
                  open_cases_csv(snap, PARIS).decode("utf-8-sig")):
        assert "SeCrEt" not in shown and "connexion" not in shown, shown
        assert "www." not in shown.lower() and "ftp." not in shown.lower(), shown
        assert "lien mairie-bethune.example, à ouvrir depuis le dossier" in shown, shown
    assert "lien evil.example, à ouvrir depuis le dossier" in text
    assert "jeanne@www.x.example" in build(snapshot(cases=(line("BSC-2026-0003", "review",
                                                                 attention="copie à jeanne@www.x.example"),)),
                                           PARIS)["review"][0]["reason"]  # an address is no link
