"""What the law asks of the mails applicants receive (CRPA R112-11-1, L114-5; CJA R421-5), checked on real mail:
the legal block in every acknowledgement, the motif and the routes of appeal in refusals, `intake rules check`
refusing templates that drop them; the completion notice's receipt; French that agrees with what is missing; a
paper case without a time; what is left to say of a deleted case; the purge's list of undecided cases."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from localsite import NB, PROJECT

from intake.commands import samples
from intake.commands.purge import purge
from intake.core.french import long_date
from intake.core.retention import add_months
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due

LEGAL = "Votre candidature peut donner lieu à une décision implicite de rejet"


def flat(text: str) -> str:
    return " ".join(text.split())


def bodies(mail) -> tuple[str, str]:
    """(text part, HTML part as text) of a sent mail, whitespace collapsed."""
    html = mail.get_body(("html",)).get_content()
    return flat(mail.get_body(("plain",)).get_content()), flat(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'"))


def receipts(mail) -> list[bytes]:
    return [p.get_content() for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "recu.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return flat(result.stdout)


def own_templates(local):
    """A copy of the project's templates the test may break, used by the local installation."""
    shutil.copytree(PROJECT / "templates", local.root / "templates")
    local.config.write_text(local.config.read_text().replace(f'templates_dir = "{PROJECT / "templates"}"',
                                                             'templates_dir = "templates"'), encoding="utf-8")
    return local.root / "templates"


def own_rules(local):
    shutil.copytree(PROJECT / "rules", local.root / "rules")
    local.config.write_text(local.config.read_text().replace(f'rules_dir = "{PROJECT / "rules"}"',
                                                             'rules_dir = "rules"'), encoding="utf-8")
    return local.root / "rules"


def reference(local) -> str:
    return local.cli("cases", "--json")[1].split('"reference": "')[1].split('"')[0]


# ------------------------------------------------------------------------------------- the mails themselves
def test_every_acknowledgement_carries_the_implicit_decision_paragraph_and_the_completion_its_receipt(local,
                                                                                                      tmp_path):
    start = datetime.now(timezone.utc) - timedelta(days=2)  # recent: the first-run guard holds older mail
    local.drop("nb", "1.eml", local.application(sender="a@asso.example", pieces=("dossier",), date=start,
                                                message_id="<first@asso.example>"))
    assert local.cli("poll")[0] == 0
    ref = reference(local)
    local.drop("nb", "2.eml", local.application(sender="a@asso.example", pieces=("courrier",), date=start,
                                                subject=f"RE: [{ref}] Candidature",
                                                headers={"In-Reply-To": "<first@asso.example>"}))
    assert local.cli("poll")[0] == 0
    photo = samples.jpeg(70_000)
    complete_on = start + timedelta(days=1)  # the photo completes the case: the period runs from its arrival
    local.drop("nb", "3.eml", samples.email(sender="a@asso.example", to=[NB], subject=f"RE: [{ref}] Candidature",
                                            attachments=[("atelier.jpg", photo, "image/jpeg")], date=complete_on,
                                            headers={"In-Reply-To": "<first@asso.example>"}))
    assert local.cli("poll")[0] == 0
    ack, update, completion = local.sent()
    assert "complet" in completion["Subject"]
    for mail in (ack, update, completion):
        for part in bodies(mail):
            assert LEGAL in part and "tribunal administratif de Lille" in part and "Télérecours citoyens" in part
    for part in (*bodies(ack), *bodies(update)):  # incomplete: the period is suspended until the deadline
        assert "Tant que votre dossier est incomplet, ce délai est suspendu, au plus tard jusqu'au" in part
        assert ", soit le" not in part
    deemed = long_date(add_months(complete_on.astimezone(local.app().settings.timezone), 2).date())
    for part in bodies(completion):
        assert f"à compter de la réception de votre dossier complet, soit le {deemed}, elle sera réputée rejetée" \
            in part
        assert "ce délai est suspendu" not in part and "Le récépissé joint (PDF)" in part
    (pdf,) = receipts(completion)  # U8: the completion notice acknowledges the photo: it carries the receipt
    text = pdf_text(pdf, tmp_path)
    assert ref in text and "atelier.jpg" in text and hashlib.sha256(photo).hexdigest() in text


def test_a_refusal_gives_its_motif_and_the_routes_and_time_limits_of_appeal(local):
    local.drop("nb", "1.eml", local.application(sender="a@asso.example"))
    local.drop("nb", "2.eml", local.application(sender="b@asso.example"))
    assert local.cli("poll")[0] == 0
    first, second = (c["reference"] for c in json.loads(local.cli("cases", "--json")[1]))
    for ref, status, motif in ((first, "declined", "le projet ne répond à aucun des trois critères"),
                               (second, "inadmissible", "l'action ne se déroule pas à Béthune")):
        code, out = local.cli("case", ref, "status", status, "--note", motif, "--notify", "--by", "agent")
        assert code == 0, out
    *_, declined, inadmissible = local.sent()
    for mail, motif in ((declined, "le projet ne répond à aucun des trois critères"),
                        (inadmissible, "l'action ne se déroule pas à Béthune")):
        for part in bodies(mail):
            assert f"Motif de la décision : {motif}" in part
            assert "Voies et délais de recours" in part and "dans un délai de deux mois" in part
            assert "recours gracieux auprès de Monsieur le Maire de Béthune" in part
            assert "tribunal administratif de Lille, 5 rue Geoffroy Saint-Hilaire, CS 62039, 59014 Lille Cedex" \
                in part and "Télérecours citoyens" in part


def test_rules_without_the_domains_transfer_notices_come_from_say_so(local):
    """rules/pieces.toml files written before [links] notice_domains recognise no notice: rules check says why
    and what never to add."""
    pieces = own_rules(local) / "pieces.toml"
    code, out = local.cli("rules", "check")
    assert code == 0 and "notice_domains" not in out, out
    text = pieces.read_text(encoding="utf-8")
    start = text.index("notice_domains = [")
    pieces.write_text(text[:start] + text[text.index("]", start) + 1:], encoding="utf-8")
    code, out = local.cli("rules", "check")
    assert code == 0 and f"À faire : {pieces} : [links] notice_domains absent" in out and "free.fr" in out, out


def test_what_is_missing_agrees_in_number_and_a_missing_form_says_where_to_download_it(local):
    rules = own_rules(local)
    pieces = rules / "pieces.toml"
    code, out = local.cli("rules", "check")  # as shipped: the form's address is for the admin to give
    assert code == 0 and f"À faire : {pieces} : aucune pièce obligatoire ne donne l'adresse de son formulaire" \
        in out and "sous [kinds.dossier]" in out, out
    form = "https://www.ville-bethune.fr/label-smart-city/dossier-intention.docx"
    pieces.write_text(pieces.read_text(encoding="utf-8").replace('# formulaire = "https://www.ville-bethune.fr/..."',
                                                                 f'formulaire = "{form}"'), encoding="utf-8")
    local.drop("nb", "1.eml", local.application(sender="only-photos@asso.example", pieces=("dossier", "courrier")))
    local.drop("nb", "2.eml", local.application(sender="no-letter@asso.example", pieces=("dossier", "visuels")))
    local.drop("nb", "3.eml", local.application(sender="no-dossier@asso.example", pieces=("courrier", "visuels")))
    assert local.cli("poll")[0] == 0
    by_to = {m["To"]: m for m in local.sent()}
    plural = bodies(by_to["only-photos@asso.example"])  # « documents complémentaires et visuels » is plural
    singular = bodies(by_to["no-letter@asso.example"])
    no_dossier = bodies(by_to["no-dossier@asso.example"])
    for part in plural:
        assert re.search(r"Pièces manquantes : (- )?documents complémentaires et visuels", part), part
        assert "Merci de nous faire parvenir ces pièces avant le" in part and "la faire parvenir" not in part
        assert form not in part  # the dossier is there: no form to download
    for part in singular:
        assert "Pièce manquante" in part and "Merci de nous faire parvenir cette pièce avant le" in part
    for part in no_dossier:
        assert f"formulaire à télécharger : {form}" in part
    code, out = local.cli("rules", "check")
    assert code == 0 and "formulaire vierge" not in out, out
    pieces.write_text(pieces.read_text(encoding="utf-8").replace(f'formulaire = "{form}"', 'formulaire = "www.x"'),
                      encoding="utf-8")
    code, out = local.cli("rules", "check")
    assert code == 2 and f"{pieces}:" in out and "formulaire doit être l'adresse du formulaire vierge" in out


def test_a_paper_case_without_a_time_says_the_day_only_and_the_receipt_names_the_address_plainly(local, tmp_path):
    from intake.pipeline.receipt_pdf import receipt_pdf
    from intake.store import cases, pieces
    from intake.store.database import session

    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "dossier.pdf").write_bytes(samples.pdf(samples.DOSSIER.format(title="Compost", who="Paul Leroy",
                                                                            what="un composteur")))
    (folder / "lettre maire.pdf").write_bytes(samples.pdf("Monsieur le Maire, j'ai l'honneur de solliciter"))
    day = (datetime.now(timezone.utc) - timedelta(days=8)).date()
    code, out = local.cli("case", "new", "--applicant", "paul.leroy@courriel.example", "--received", day.isoformat(),
                          "--by", "agent", str(folder / "dossier.pdf"), str(folder / "lettre maire.pdf"))
    assert code == 0, out
    ref = reference(local)
    code, out = local.cli("case", ref, "status", "withdrawn", "--note", "retrait par courrier", "--notify",
                          "--by", "agent")
    assert code == 0, out
    (notice,) = local.sent()
    for part in bodies(notice):
        assert f"reçu le {long_date(day)}." in part and "00 h 00" not in part
    app = local.app()
    with session(app.engine) as s:
        case, _ = cases.resolve(s, ref)
        text = pdf_text(receipt_pdf(app, s, case, datetime.now(timezone.utc), pieces.of_case(s, case.id)), tmp_path)
    assert "Déposé par : paul.leroy@courriel.example" in text and "<paul.leroy" not in text
    assert f"Date et heure de réception : {long_date(day)} Déposé" in text and "00 h 00" not in text
    assert text.count(f"reçu le {long_date(day)}") == 2  # each file: the letter's day, not the day it was filed


def test_the_receipt_says_who_deposited_apart_from_the_contact_the_dossier_names(local, tmp_path):
    """Sent by the treasurer's address, the dossier naming the president as contact: the receipt does not make one
    person of the two (a new-user trial found « Déposé par : Mme Élodie Vasseur <karim.benali@…> »)."""
    from intake.pipeline.receipt_pdf import receipt_pdf
    from intake.store import cases, pieces
    from intake.store.database import session

    dossier = tmp_path / "dossier.pdf"
    dossier.write_bytes(samples.pdf(samples.DOSSIER.format(title="Compost", who="Asso", what="un composteur")
                                    + "\nPersonne à contacter : Élodie Vasseur, présidente"))
    code, out = local.cli("case", "new", "--applicant", "karim.benali@courriel.example", "--by", "agent", str(dossier))
    assert code == 0, out
    app = local.app()
    with session(app.engine) as s:
        case, _ = cases.resolve(s, reference(local))
        text = pdf_text(receipt_pdf(app, s, case, datetime.now(timezone.utc), pieces.of_case(s, case.id)), tmp_path)
    assert "Déposé par : karim.benali@courriel.example" in text
    assert "Contact indiqué dans le dossier : Élodie Vasseur" in text and "Vasseur <" not in text


# ------------------------------------------------------------------------------------------- rules check
@pytest.mark.parametrize("break_it, where, says", [
    (lambda t: (t / "_mentions_legales.txt.j2").write_text("{# vide #}\n", encoding="utf-8"),
     "_mentions_legales.txt.j2", "les mentions légales sur la décision implicite : le texte est vide"),
    (lambda t: (t / "_mentions_legales.html.j2").unlink(),
     "_mentions_legales.html.j2", "les mentions légales sur la décision implicite : le fichier manque"),
    (lambda t: (t / "_mentions_legales.txt.j2").write_text("Délai de réponse\nNous vous répondrons vite.\n",
                                                           encoding="utf-8"),
     "_mentions_legales.txt.j2", "doit dire si le silence vaut décision"),
    (lambda t: (t / "_mentions_legales.html.j2").write_text(
        (t / "_mentions_legales.html.j2").read_text(encoding="utf-8").replace("rejet :", "rejet ou d'acceptation :"),
        encoding="utf-8"),
     "_mentions_legales.html.j2", "ne dit pas la même chose que _mentions_legales.txt.j2"),
    (lambda t: (t / "acknowledgement" / "body.html.j2").write_text(
        (t / "acknowledgement" / "body.html.j2").read_text(encoding="utf-8").replace(
            '{% include "_mentions_legales.html.j2" %}', ""), encoding="utf-8"),
     "acknowledgement/body.html.j2", 'remettez {% include "_mentions_legales.html.j2" %}'),
    (lambda t: (t / "completion" / "body.txt.j2").write_text(
        (t / "completion" / "body.txt.j2").read_text(encoding="utf-8").replace(
            '{% include "_mentions_legales.txt.j2" %}', ""), encoding="utf-8"),
     "completion/body.txt.j2", 'remettez {% include "_mentions_legales.txt.j2" %}'),
    (lambda t: (t / "decision" / "declined" / "body.txt.j2").write_text(
        (t / "decision" / "declined" / "body.txt.j2").read_text(encoding="utf-8").replace(
            "Motif de la décision : {{ note }}", ""), encoding="utf-8"),
     "decision/declined/body.txt.j2", "le motif de la décision ({{ note }}"),
    (lambda t: (t / "decision" / "inadmissible" / "body.html.j2").write_text(
        (t / "decision" / "inadmissible" / "body.html.j2").read_text(encoding="utf-8").replace(
            '{% include "_voies_recours.html.j2" %}', ""), encoding="utf-8"),
     "decision/inadmissible/body.html.j2", 'remettez {% include "_voies_recours.html.j2" %}'),
    (lambda t: (t / "_voies_recours.txt.j2").write_text(
        (t / "_voies_recours.txt.j2").read_text(encoding="utf-8").replace("tribunal administratif", "juge"),
        encoding="utf-8"),
     "_voies_recours.txt.j2", "devant quel tribunal"),
])
def test_rules_check_refuses_templates_without_the_legal_mentions_naming_the_file_and_the_fix(local, break_it,
                                                                                               where, says):
    templates = own_templates(local)
    code, out = local.cli("rules", "check")
    assert code == 0, out
    break_it(templates)
    code, out = local.cli("rules", "check")
    assert code == 2 and str(templates / where) in out and says in out, out
    assert out.strip().count("\n") == 0  # one line
    assert local.cli("poll")[0] == 2  # and the service does not run with it


def test_rules_check_reminds_the_admin_while_the_default_legal_text_is_in_force(local):
    templates = own_templates(local)
    code, out = local.cli("rules", "check")
    assert code == 0 and "texte par défaut des mentions légales" in out and "service juridique" in out, out
    for twin in ("txt", "html"):
        path = templates / f"_mentions_legales.{twin}.j2"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "TEXTE PAR DÉFAUT, À FAIRE VALIDER PAR LE SERVICE JURIDIQUE DE LA VILLE.", "Validé le 3 décembre 2026."),
            encoding="utf-8")
    code, out = local.cli("rules", "check")
    assert code == 0 and "texte par défaut" not in out, out


def test_rules_check_reminds_the_admin_when_a_mail_s_text_and_html_versions_no_longer_say_the_same(local):
    """A new admin's trial reworded the reminder's text version only; rules check said OK, and the applicants whose
    mail program shows the HTML version still read the old sentence."""
    templates = own_templates(local)
    code, out = local.cli("rules", "check")
    assert code == 0 and "ne disent plus la même chose" not in out, out  # the shipped twins say the same
    text = templates / "reminder" / "body.txt.j2"
    text.write_text(text.read_text(encoding="utf-8").replace("dernière relance", "ultime relance"), encoding="utf-8")
    code, out = local.cli("rules", "check")
    assert code == 0 and "ne disent plus la même chose" in out and "ultime" in out, out
    assert str(text) in out and str(templates / "reminder" / "body.html.j2") in out


@pytest.mark.parametrize("mistake, says", [
    (lambda t: t.replace("{% endif %}", "{% endif", 1), "une balise {% … %} n'est pas fermée : il manque « %} »"),
    (lambda t: t.replace("{{ reference }}", "{{ reference ", 1), "une variable {{ … }} n'est pas fermée"),
    (lambda t: t.replace("{{ reference }}", "{{ reference | date }}", 1), "le filtre « date » n'existe pas ici"),
    (lambda t: t.replace("{{ reference }}", "{{ date_limite }}", 1),
     "variable « date_limite » inconnue : vouliez-vous dire « deadline » ?"),
    (lambda t: t.replace("{% endif %}", "", 1), "n'est jamais fermé : ajoutez {% endif %}"),
    # the admin's trial: each of these was « le modèle se termine sans {% endif %} », « balise {% endif %} inconnue
    # (les balises sont if, elif, else, endif...) » or « il manque « %} » »
    (lambda t: t.replace("{% endif %}", "{% end if %}", 1), "{% end if %} s'écrit en un mot : {% endif %}"),
    (lambda t: t.replace("{% endif %}", "{% endif %}{% endif %}", 1), "{% endif %} de trop"),
    (lambda t: t.replace("{% if applicant_name %}", "{% if applicant_name %}x{% else if reference %}", 1),
     "« else if » s'écrit en un mot dans un modèle : {% elif … %}"),
    (lambda t: t.replace("{% endfor %}", "{% endif %}", 1), "attend son {% endfor %}"),
    # inside an {% if %}, Jinja finds an unknown filter only on rendering: it was « erreur inattendue
    # TemplateRuntimeError : No filter named 'date' found. », no file, exit 1
    (lambda t: t.replace("{% endif %}", "{{ reference | date }}{% endif %}", 1), "retirez « | date »"),
    # it was Jinja's English: « 'dict object' has no attribute 'courriel' »
    (lambda t: t.replace("{{ reference }}", "{{ service.courriel }}", 1), "« .courriel » n'existe pas"),
    # a misspelt variable or include: it was « variable « Reference » inconnue » alone, and for the include
    # « modèle introuvable (cherché : _contacts.txt.j2) : remettez-le depuis le dossier templates/ du projet »
    (lambda t: t.replace("{{ reference }}", "{{ Reference }}", 1), "vouliez-vous dire « reference » ?"),
    (lambda t: t.replace('{% include "_contact.txt.j2" %}', '{% include "_contacts.txt.j2" %}', 1),
     "ce bloc n'existe pas dans templates/ : vouliez-vous dire « _contact.txt.j2 » ?"),
])
def test_a_template_mistake_is_told_in_words_an_admin_can_act_on(local, mistake, says):
    """A new admin's trial: Jinja's own words (« expected token 'end of statement block' ») meant nothing to them."""
    templates = own_templates(local)
    body = templates / "reminder" / "body.txt.j2"
    body.write_text(mistake(body.read_text(encoding="utf-8")), encoding="utf-8")
    code, out = local.cli("rules", "check")
    assert code != 0 and str(body) in out and says in out, out


# ------------------------------------------------------------------------------ retention, deleted cases
def poll(local, at):
    app = local.app(at)
    poll_all(app)
    send_due(app)


T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def test_purge_dry_run_lists_the_cases_waiting_too_long_for_a_decision(local):
    local.drop("nb", "1.eml", local.application(sender="complet@x.example", date=T0))
    poll(local, T0)
    ref = reference(local)
    report = purge(local.app(add_months(T0, 7)), dry_run=True)
    assert [u.reference for u in report.undecided] == [ref] and report.cases == []
    from intake.cli.privacy import print_report

    lines: list[str] = []
    print_report(local.app(add_months(T0, 7)), report, lines.append)
    text = "\n".join(lines)
    assert "Dossiers sans décision ni nouvelle depuis plus de 6 mois (1)" in text
    assert re.search(rf"{ref}\s+complet\s+sans nouvelle depuis le 02/11/2026, sera supprimé le 02/11/2028", text), text
    assert purge(local.app(add_months(T0, 24) + timedelta(days=1))).cases == [(ref, "dossiers_sans_decision")]


def test_a_deleted_case_is_named_as_erased_with_its_date_and_nothing_more(local):
    local.drop("nb", "1.eml", local.application(sender="jeanne@asso.example", pieces=("dossier",), date=T0))
    local.drop("nb", "2.eml", local.application(sender="paul@asso.example", pieces=("dossier",), date=T0))
    poll(local, T0)
    erased, purged = (c["reference"] for c in json.loads(local.cli("cases", "--json")[1]))
    days = {datetime.now(ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y")}  # the service's day (its timezone)...
    code, out = local.cli("person", "jeanne@asso.example", "--erase", "--force", "--by", "dpo")
    assert code == 0, out
    days.add(datetime.now(ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y"))  # ...or the next, past midnight meanwhile
    code, out = local.cli("case", erased)
    assert code != 0 and any(f"{erased} : dossier effacé le {day} à la demande de la personne concernée (RGPD)" in out
                             for day in days), (days, out)
    assert "jeanne" not in out and "no case" not in out
    purge(local.app(add_months(T0, 7)))
    code, out = local.cli("case", purged.lower().replace("-0002", "-2"))  # any spelling of the reference
    assert code != 0 and f"{purged} : dossier effacé le {add_months(T0, 7):%d/%m/%Y} au terme de sa durée de " \
        "conservation (RGPD ; rules/retention.toml, règle dossiers_incomplets)" in out
    code, out = local.cli("case", "BSC-2026-0099")
    assert code != 0 and "aucun dossier BSC-2026-0099" in out  # never existed: no such claim


def test_the_receipt_names_what_each_link_received_holds(local, tmp_path):
    """The receipt listed a link as « lien : […] » (its address masked), under « Les fichiers de ces liens seront
    téléchargés par le service »: it now says what the link counts as, the visuals of a WeTransfer link here."""
    start = datetime.now(timezone.utc) - timedelta(days=1)
    local.drop("nb", "1.eml", local.application(sender="a@asso.example", pieces=("dossier", "courrier"), date=start,
                                                body="Bonjour,\nLes photos : https://we.tl/t-Ab3dEf9hIj\n"))
    assert local.cli("poll")[0] == 0
    (ack,) = local.sent()
    (pdf,) = receipts(ack)  # complete at once: the acknowledgement carries the receipt
    text = pdf_text(pdf, tmp_path)
    assert "Liens reçus" in text and "• documents complémentaires et visuels : lien reçu le" in text, text
    assert "lien : [" not in text and "we.tl" not in text, text
