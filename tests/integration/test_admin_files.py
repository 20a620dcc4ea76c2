"""The files the admin edits, as editors save them: a byte-order mark, Latin-1, UTF-16; a change while the
worker runs; a renamed kind; a contact block removed. One line naming the file and the fix, exit 2, in every
command; never a mangled mail, never an application quarantined for it (U3, U9, U19)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from localsite import Local, make_local, with_own_rules

from intake.adapters import templates as templates_mod
from intake.commands import send_digest
from intake.pipeline.poll import poll_all
from intake.pipeline.send import send_due

PROJECT = Path(__file__).resolve().parents[2]
# the commands that decide or send (a command that only reads, digest --preview included, runs with a warning:
# test_reading_with_broken_rules.py)
COMMANDS = (("rules", "check"), ("poll",), ("digest",), ("followups",),
            ("case", "BSC-2026-0001", "status", "admissible"), ("quarantine", "retry", "--all"),
            ("outbox", "resend", "--held"))


@pytest.fixture
def site(tmp_path) -> Local:
    """A local installation with its own copy of rules/ and templates/, for the admin to edit."""
    local = with_own_rules(make_local(tmp_path))
    return local


def latin1(path: Path, text: str | None = None) -> None:
    path.write_bytes((path.read_text(encoding="utf-8") if text is None else text).encode("latin-1", "replace"))


def bom(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def one_line(out: str) -> str:
    assert out.strip().count("\n") == 0, out
    assert "unexpected" not in out and "Traceback" not in out, out
    return out


def test_a_latin1_template_is_one_line_naming_it_in_every_command(site):
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    latin1(body)
    for command in COMMANDS:
        code, out = site.cli(*command)
        assert code == 2, (command, out)
        one_line(out)
        assert f"{body}:" in out and "pas du texte UTF-8" in out and "enregistrez le fichier en UTF-8" in out, out
        assert "0xE9" in out and "ligne " in out


def test_a_utf16_template_says_so(site):
    subject = site.root / "templates" / "reminder" / "subject.j2"
    subject.write_bytes(subject.read_text(encoding="utf-8").encode("utf-16"))
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{subject}:" in one_line(out) and "UTF-16" in out


@pytest.mark.parametrize("name", ["pieces.toml", "conversations.toml", "fields.toml", "retention.toml"])
def test_a_latin1_rules_file_is_one_line_with_its_line(site, name):
    path = site.root / "rules" / name
    text = path.read_text(encoding="utf-8")
    assert "é" in text
    latin1(path)
    line = text[:text.index("é")].count("\n") + 1
    for command in (("rules", "check"), ("followups",), ("poll",)):
        code, out = site.cli(*command)
        assert code == 2 and f"{path}:{line}:" in one_line(out) and "enregistrez le fichier en UTF-8" in out, out


def test_a_byte_order_mark_never_reaches_the_applicant(site):
    """U9: a template saved with a BOM (Notepad) passed the check and the applicant's subject began with it."""
    for path in (site.root / "templates").rglob("*.j2"):
        bom(path)
    for path in (site.root / "rules").glob("*.toml"):
        bom(path)
    bom(site.config)
    code, out = site.cli("rules", "check")
    assert code == 0, out
    site.drop("nb", "1.eml", site.application())
    assert site.cli("poll")[0] == 0
    [ack] = site.sent()
    assert "\ufeff" not in ack["Subject"] and ack["Subject"].startswith("Accusé")
    for part in ack.walk():
        if part.get_content_maintype() == "text":
            assert "\ufeff" not in part.get_content(), part.get_content_type()


def test_a_renamed_kind_is_refused_with_its_line(site):
    """U19: renaming kinds.courrier passed the check, though every case records its pieces under that key."""
    path = site.root / "rules" / "pieces.toml"
    text = path.read_text(encoding="utf-8").replace("kinds.courrier", "kinds.lettre")
    path.write_text(text, encoding="utf-8")
    code, out = site.cli("rules", "check")
    line = text[:text.index("[kinds.lettre]")].count("\n") + 1
    assert code == 2 and f"{path}:{line}:" in one_line(out)
    assert "[kinds.courrier] manque (renommé lettre ?)" in out and "label" in out


@pytest.mark.parametrize("part, include", [("body.txt.j2", "_contact.txt.j2"), ("body.html.j2", "_contact.html.j2")])
def test_a_removed_contact_block_names_the_include_of_that_part(site, part, include):
    """U19: removing the HTML contact block gave a hint naming the text one."""
    path = site.root / "templates" / "completion" / part
    text = path.read_text(encoding="utf-8")
    assert f'{{% include "{include}" %}}' in text
    path.write_text(text.replace(f'{{% include "{include}" %}}', ""), encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{path}:" in one_line(out) and f'include "{include}"' in out, out


def test_a_deleted_block_is_never_replaced_by_its_other_format(site):
    """The admin's trial: with templates/_contact.txt.j2 deleted, the check offered « vouliez-vous dire
    '_contact.html.j2' ? », whose HTML would then reach the text part of every mail. It says to put the block back,
    and a typo in the include still gets its suggestion."""
    (site.root / "templates" / "_contact.txt.j2").unlink()
    code, out = site.cli("rules", "check")
    assert code == 2 and "le bloc templates/_contact.txt.j2 n'existe pas : remettez-le" in one_line(out), out
    assert "html" not in out
    body = site.root / "templates" / "reminder" / "body.txt.j2"
    shutil.copy(PROJECT / "templates" / "_contact.txt.j2", site.root / "templates")
    body.write_text(body.read_text(encoding="utf-8").replace('"_contact.txt.j2"', '"_contacts.txt.j2"'),
                    encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{body}:" in one_line(out) and "vouliez-vous dire « _contact.txt.j2 »" in out, out


@pytest.mark.parametrize("folder, name, renamed", [
    ("rules", "conversations.toml", "conversations.toml.bak"),
    ("rules", "pieces.toml", "pieces-ancien.toml"),
    ("rules", "fields.toml", "field.toml"),
    ("templates/reminder", "subject.j2", "subject.j2.txt"),  # Notepad's « Enregistrer sous » adds .txt
    ("templates", "_contact.txt.j2", "_contact.txt.j2.txt"),
])
def test_a_renamed_file_is_named_with_the_name_to_give_it_back(site, folder, name, renamed):
    """The admin's trial: a renamed rules file or template was « introuvable : remettez-le depuis le dossier rules/ du
    projet », when the file was there under another name. The look-alike is named with the name it must have, in
    every command that refuses."""
    path = site.root / folder / name
    path.rename(path.with_name(renamed))
    for command in (("rules", "check"), ("poll",)):
        code, out = site.cli(*command)
        assert code == 2 and f"« {renamed} » est dans ce dossier : renommez-le « {name} »" in one_line(out), out


def test_a_deleted_rules_file_says_where_to_take_it_from(site):
    (site.root / "rules" / "fields.toml").unlink()
    code, out = site.cli("rules", "check")
    assert code == 2 and "fields.toml: fichier de règles introuvable : remettez-le" in one_line(out), out
    assert "pieces.toml" not in out and "du projet" not in out


@pytest.mark.parametrize("part, old, new, tag", [
    ("acknowledgement/body.txt.j2", "{%- if unresolved %}", "{%- if unresolved %}{% if complete %}", "if"),
    ("reminder/body.html.j2", "{% endfor %}", "", "for"),
])
def test_an_unclosed_if_or_for_names_the_line_that_opened_it(site, part, old, new, tag):
    """The admin's trial: a {% if %} added without its {% endif %} was reported at the last line of the file (« le
    modèle se termine sans {% endif %} »), 30 lines below the mistake. The line that opened it is named."""
    path = site.root / "templates" / part
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    if tag == "for":  # the loop whose {% endfor %} was taken away: the last one opened before it
        line = text[:text.index(old)].count("\n", 0, text[:text.index(old)].rindex("{% for")) + 1
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{path}:{line}: ce {{% {tag} %}} n'est jamais fermé" in one_line(out), (line, out)
    assert f"ajoutez {{% end{tag} %}}" in out


@pytest.mark.parametrize("part, old, new, opener", [
    # a tag added on the first line, above the header comment: its « %} » forgotten
    ("acknowledgement/body.html.j2", "{#-", "{% set x = 1 %\n{#-", "{%"),
    # a tag whose « %} » was lost: Jinja read the next line's words as the condition's
    ("acknowledgement/body.txt.j2", "{%- if unresolved %}", "{%- if unresolved %", "{%"),
    ("acknowledgement/body.txt.j2", "{{ reference }}", "{{ reference", "{{"),
])
def test_a_tag_left_open_names_its_own_line(site, part, old, new, opener):
    """A new admin's trial: `{% set x = 1 %` (its « } » forgotten) above the template's comment was reported at the
    next line as « caractère « # » inattendu ... : retirez-le », which would break the comment; a lost « %} » after
    {% if unresolved %} as the line below's problem. The tag's own line is named, with the end it lacks."""
    path = site.root / "templates" / part
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    closer = "%}" if opener == "{%" else "}}"
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{path}:{line}: la balise {opener} … de cette ligne n'est pas fermée" in one_line(out), \
        (line, out)
    assert f"il manque « {closer} » à sa fin" in out and "retirez-le" not in out


def test_a_phone_number_written_in_the_contact_block_says_to_write_it_in_config_toml(site):
    """The admin's trial: the town's new number written in templates/_contact.txt.j2 was refused on
    acknowledgement/body.txt.j2, a file the admin had not touched, with « remettez-le ». The block is named, with
    where the number goes."""
    block = site.root / "templates" / "_contact.txt.j2"
    block.write_text(block.read_text(encoding="utf-8").replace("{{ service.phone }}", "03 21 99 99 99"),
                     encoding="utf-8")
    for command in (("rules", "check"), ("poll",)):
        code, out = site.cli(*command)
        assert code == 2 and f"{block}: le bloc de contact doit montrer le téléphone du service" in one_line(out), out
        assert "config.toml, section [service], phone = " in out and "remettez {{ service.phone }}" in out


def test_a_contact_block_reworded_in_one_twin_is_named_once(site):
    """The admin's trial: the postal address written in the text contact block alone gave seven « À vérifier »,
    one per mail, each naming that mail's body.txt.j2 and body.html.j2, never the block that differed."""
    block = site.root / "templates" / "_contact.txt.j2"
    block.write_text(block.read_text(encoding="utf-8").replace("{{ service.address }}", "12 rue de la Mairie"),
                     encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 0, out
    warnings = [line for line in out.splitlines() if "ne disent plus la même chose" in line]
    assert len(warnings) == 1 and f"{block} et {block.with_name('_contact.html.j2')}" in warnings[0], out
    assert "section [service]" in warnings[0]
    body = site.root / "templates" / "reminder" / "body.txt.j2"  # another difference is still found beside it
    body.write_text(body.read_text(encoding="utf-8").replace("Bonjour", "Madame, Monsieur", 1), encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 0 and f"{body} et " in out and out.count("ne disent plus la même chose") == 2, out


def test_rules_check_names_the_passwords_this_terminal_has_not_read(site, monkeypatch):
    """The admin's trial, README step 6: `intake rules check` said « OK » in a terminal that had not read
    secrets.env, then `intake poll` was refused for the mailbox's password. The check says which variables are not
    set, and for what, without refusing (rules may be checked without the passwords); poll says where they go."""
    text = site.config.read_text(encoding="utf-8")
    site.config.write_text(text.replace('path = "db"\n', 'host = "imap.invalid"\nusername = "db"\n'
                                        'password_env = "INTAKE_TRIAL_DB_PASSWORD"\n'), encoding="utf-8")
    monkeypatch.delenv("INTAKE_TRIAL_DB_PASSWORD", raising=False)
    code, out = site.cli("rules", "check")
    assert code == 0 and out.startswith(f"OK : {site.config}, "), out
    [line] = [line for line in out.splitlines() if "INTAKE_TRIAL_DB_PASSWORD" in line]
    assert "le mot de passe de la boîte db" in line and "/etc/intake/secrets.env" in line, line
    code, out = site.cli("poll")
    assert code == 2 and "INTAKE_TRIAL_DB_PASSWORD n'est pas définie : ajoutez-la" in one_line(out), out
    monkeypatch.setenv("INTAKE_TRIAL_DB_PASSWORD", "x")
    code, out = site.cli("rules", "check")
    assert code == 0 and "INTAKE_TRIAL_DB_PASSWORD" not in out, out


def test_an_emptied_subject_says_what_to_write(site):
    """The admin's trial: an emptied reminder/subject.j2 was « l'objet est vide », nothing of what to do."""
    subject = site.root / "templates" / "reminder" / "subject.j2"
    subject.write_text("{# objet #}\n", encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{subject}: l'objet du courriel est vide : écrivez-le sur une ligne" in one_line(out), out


@pytest.mark.parametrize("part, printed, said", [
    ("acknowledgement/body.txt.j2", "{{ service }}", "est un ensemble de champs"),
    ("reminder/body.html.j2", "{{ pieces }}", "est une liste"),
])
def test_a_whole_list_or_table_printed_in_a_mail_is_refused(site, part, printed, said):
    """The admin's trial: « {{ service }} » or « {{ pieces }} » passed the check (a reminder at most, when one twin
    only had it) and the applicant read « {'name': 'Ville de Béthune - Mission…', 'address': … } » in the mail."""
    path = site.root / "templates" / part
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{{ reference }}", "{{ reference }} " + printed, 1), encoding="utf-8")
    for command in (("rules", "check"), ("poll",)):
        code, out = site.cli(*command)
        assert code == 2 and f"{path}:" in one_line(out) and said in out, out
    site.drop("nb", "1.eml", site.application())
    assert site.cli("poll")[0] == 2 and site.sent() == []  # nothing left with that text


@pytest.mark.parametrize("part, printed, said", [
    ("acknowledgement/body.html.j2", "{% if 'courrier maire' in (pieces | map(attribute='filename') | join) %}"
                                     "{{ pieces }}{% endif %}", "est une liste"),
    ("_contact.txt.j2", "{% if status == 'nothing-a-sample-is' %}{{ service }}{% endif %}",
     "est un ensemble de champs"),
    ("digest/body.html.j2", "{% if new_count > 100 %}{{ more }}{% endif %}", "est un ensemble de champs"),
])
def test_a_whole_list_printed_behind_an_if_no_sample_meets_is_refused_by_the_check(site, part, printed, said):
    """An attacker's review: rendering the check's samples reaches their branches only, and a {{ pieces }} behind an
    {% if %} on the files' names passed « rules check »; the first application that met it failed its acknowledgement
    there, and the mailbox's poll stopped on it, every later application with it (« 0 classé … ERREUR », poll after
    poll). Now every {{ … }} that names a whole list or table is refused by the check at its line, in any branch."""
    path = site.root / "templates" / part
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + printed + "\n", encoding="utf-8")
    line = text.rstrip("\n").count("\n") + 2
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{path}:{line}:" in one_line(out) and said in out, out


@pytest.mark.parametrize("part, written, said", [
    ("acknowledgement/body.txt.j2", "{{ ''.__class__.__mro__ }}", "« .__mro__ » est interdit"),
    ("_contact.html.j2", "{% if new_pieces|length > 5 %}{{ reference['__class__'] }}{% endif %}",
     "« .__class__ » est interdit"),
    ("digest/body.txt.j2", "{% if new_count > 100 %}{{ accord|attr('__globals__') }}{% endif %}",
     "« .__globals__ » est interdit"),
    ("reminder/subject.j2", "{{ (pieces|first).values.__self__ }}", "« .__self__ » est interdit"),
])
def test_a_template_reaching_python_s_inner_workings_is_refused_at_its_line(site, part, written, said):
    """An attacker who can write templates/ (or an admin who pasted a snippet) reaches Python's inner workings from a
    mail template: `''.__class__.__mro__[1].__subclasses__()` opens every class of the process, os.system included,
    run by the worker, with its database and mailbox passwords. The templates ran in a plain Jinja environment; they
    now run sandboxed, and the check refuses such an access at its line, in any branch (rendering the samples reaches
    theirs only)."""
    path = site.root / "templates" / part
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + written + "\n", encoding="utf-8")
    line = text.rstrip("\n").count("\n") + 2
    for command in (("rules", "check"), ("poll",)):
        code, out = site.cli(*command)
        assert code == 2 and f"{path}:{line}: {said} dans un modèle" in one_line(out), out


def test_a_sandboxed_template_never_runs_python_s_inner_workings_at_send_time(site):
    """Past the check (templates taken by a process that did not check them), the sandbox itself refuses: the render
    fails with the French reason, and nothing of Python's inner workings is printed."""
    from intake.adapters.templates import Templates
    from intake.errors import RulesError

    path = site.root / "templates" / "acknowledgement" / "subject.j2"
    path.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        Templates(site.root / "templates").render("acknowledgement/subject.j2", {})
    assert "« .__class__ » est interdit dans un modèle" in str(raised.value)
    path.write_text("{{ pieces.append(1) }}{{ pieces|length }}\n", encoding="utf-8")
    given: list = []
    with pytest.raises(RulesError) as raised:  # a value given to the templates is not changed by them either
        Templates(site.root / "templates").render("acknowledgement/subject.j2", {"pieces": given})
    assert "« .append » est interdit dans un modèle" in str(raised.value) and given == []


def test_the_console_s_rules_page_gives_each_reminder_apart(site):
    """The admin's trial: the console's « Règles » page ran the check's « À faire » and « À vérifier » into the « OK »
    paragraph, one after the other without a break."""
    from intake.config import load
    from intake.web.routes.admin import check

    ok, (message,), reminders = check(load(site.config))
    assert ok and message.startswith("OK : ") and "À faire" not in message, message
    assert reminders and all(r.startswith(("À faire", "À vérifier")) for r in reminders), reminders
    conversations = site.root / "rules" / "conversations.toml"
    conversations.write_text(conversations.read_text(encoding="utf-8").replace("days = 30", "days = «30»"),
                             encoding="utf-8")
    ok, (message,), reminders = check(load(site.config))
    assert not ok and "days = 30" in message and reminders == [], message


def test_the_console_s_rules_page_names_every_file_in_error_as_the_check_does(site):
    """The page said the first error only, where `intake rules check` names each file in error with its first."""
    from intake.config import load
    from intake.web.routes.admin import check

    conversations = site.root / "rules" / "conversations.toml"
    conversations.write_text(conversations.read_text(encoding="utf-8").replace("days = 30", "days = «30»"),
                             encoding="utf-8")
    subject = site.root / "templates" / "acknowledgement" / "subject.j2"
    subject.write_text("{{ reference }\n", encoding="utf-8")
    ok, messages, reminders = check(load(site.config))
    assert not ok and reminders == [] and len(messages) == 2, messages
    assert "conversations.toml" in messages[0] and "days = 30" in messages[0], messages
    assert "acknowledgement/subject.j2" in messages[1], messages


def test_the_worker_keeps_the_last_good_templates_when_a_change_is_refused(site, monkeypatch):
    """U3: `intake run` quarantined every application as "erreur interne" after a template was saved in Latin-1.
    Now the change is refused, the previous templates stay in force and the digest says why; a good change is
    taken."""
    monkeypatch.setattr(templates_mod, "LOOK_EVERY", 0.0)
    app = site.app()  # what `intake run` holds for its whole life
    site.drop("nb", "1.eml", site.application(sender="Un <un@x.example>"))
    poll_all(app)
    send_due(app)
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    good = body.read_text(encoding="utf-8")
    latin1(body, good.replace("Bonjour", "Bonjour à vous"))
    site.drop("nb", "2.eml", site.application(sender="Deux <deux@x.example>"))
    [report, _] = poll_all(app)
    send_due(app)
    assert report.filed == 1 and report.quarantined == 0 and not report.error
    second = site.sent()[-1]
    assert second["To"] == "deux@x.example"
    assert "Bonjour à vous" not in second.get_body(("plain",)).get_content()  # the last good template
    assert str(body) in app.templates.problem and "restent en service" in app.templates.problem
    preview = send_digest.preview(app, site.root / "digest.html")
    assert "configuration : modèles de courriel modifiés mais refusés" in preview and str(body) in preview
    body.write_text(good.replace("Bonjour", "Bonjour à vous"), encoding="utf-8")  # saved again, as UTF-8
    site.drop("nb", "3.eml", site.application(sender="Trois <trois@x.example>"))
    poll_all(app)
    send_due(app)
    third = site.sent()[-1]
    assert third["To"] == "trois@x.example" and "Bonjour à vous" in third.get_body(("plain",)).get_content()
    assert app.templates.problem == ""


def test_a_change_that_fails_the_checks_is_not_taken_either(site, monkeypatch):
    """The worker used to send a template edited while it ran without checking it: one without the reference
    went out as it was."""
    monkeypatch.setattr(templates_mod, "LOOK_EVERY", 0.0)
    app = site.app()
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8").replace("{{ received_at }}", "JOUR-INCONNU"), encoding="utf-8")
    site.drop("nb", "1.eml", site.application())
    poll_all(app)
    send_due(app)
    [ack] = site.sent()
    assert "JOUR-INCONNU" not in ack.get_body(("plain",)).get_content()
    assert "la date de réception" in app.templates.problem and str(body) in app.templates.problem


def as_another_user(action) -> tuple[int, str]:
    """Run `action()` -> (exit code, output) as a user who does not own data_dir: `nobody` in a forked child when
    the tests run as root (root may write anywhere), else this user, with data_dir made read-only to it."""
    import os
    import pickle

    if os.geteuid() != 0:
        return action()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            result = action()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            result = (-1, f"{type(exc).__name__}: {exc}")
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as inp:
        result = pickle.load(inp)
    os.waitpid(pid, 0)
    return result


def test_a_data_dir_made_by_another_user_says_what_to_chown(tmp_path):
    """U4: `intake poll` run as root made /var/lib/intake; the service's user then got "unexpected PermissionError"."""
    import grp
    import os
    import pwd
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="intake-perm-"))  # a place another user may reach (tmp_path is 0700)
    try:
        os.chmod(root, 0o755)
        local = make_local(root)
        for path in (root, root / "nb", root / "db"):
            os.chmod(path, 0o755)
        os.chmod(local.config, 0o644)
        assert local.cli("poll")[0] == 0  # made by "root": data_dir 0700, the database 0600
        data = root / "data"
        if os.geteuid() != 0:
            for path in (data, *data.rglob("*")):
                os.chmod(path, 0o500 if path.is_dir() else 0o400)
        me = pwd.getpwuid(65534 if os.geteuid() == 0 else os.geteuid()).pw_name
        group = grp.getgrgid(65534 if os.geteuid() == 0 else os.getegid()).gr_name
        code, out = as_another_user(lambda: local.cli("cases"))
        assert code == 2, out
        one_line(out)
        assert f"{local.config}: data_dir: {data}" in out and "accès refusé" in out, out
        if os.geteuid() == 0:
            assert f"il appartient à root (une commande lancée en root ?) : chown -R {me}:{group} {data}" in out, out
        else:
            assert str(data) in out.split(" : ", 3)[-1], out
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("edited", ["templates/_contact.txt.j2", "rules/fields.toml"])
def test_a_file_the_admin_saved_unreadable_to_the_service_says_to_let_its_group_read_it(edited):
    """The admin's trial: a rules file or template saved by root's editor as root's alone (0600) got « il appartient
    à root (une commande lancée en root ?) : chown -R intake:intake FILE », which would hand the service its own
    configuration to rewrite (the README keeps /etc/intake root's, read by the group intake)."""
    import os
    import tempfile

    if os.geteuid() != 0:
        pytest.skip("only root can make a file another user may not read")
    root = Path(tempfile.mkdtemp(prefix="intake-perm-"))  # a place another user may reach (tmp_path is 0700)
    try:
        local = with_own_rules(make_local(root))
        for path in (root, *root.rglob("*")):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(root / edited, 0o600)
        code, out = as_another_user(lambda: local.cli("rules", "check"))
        assert code == 2 and f"{root / edited}: accès refusé" in one_line(out), out
        assert f"chown root:nogroup {root / edited} && chmod u=rwX,g=rX,o= {root / edited}" in out, out
        assert "chown -R nobody" not in out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_root_is_sent_to_the_service_s_user_rather_than_leave_root_s_files_in_its_data_dir(tmp_path):
    """U4: what root writes in the service's data_dir (the database's -wal file, a lock, a piece) the service
    could no longer write."""
    import os

    local = make_local(tmp_path)
    assert local.cli("poll")[0] == 0  # data_dir made by this user: fine
    if os.geteuid() != 0:  # only root can make data_dir another user's; the check concerns root only
        return
    os.chown(tmp_path / "data", 65534, 65534)
    code, out = local.cli("cases")
    assert code == 2 and one_line(out), out
    assert f"data_dir: {tmp_path / 'data'} appartient à nobody, l'utilisateur du service" in out
    assert "runuser -u nobody -- intake" in out


def test_root_does_not_read_a_stranger_s_files_where_the_service_has_its_own_user(tmp_path):
    """`intake explain` writes nothing, so nothing kept root from running it, and the README has the admin run it on
    a message saved from the mailbox: pdftoppm, pypdf, Pillow, libheif and tesseract then read anyone's file as root,
    outside the unit's confinement. Where data_dir is the service's user's, root is sent to that user."""
    import os

    local = make_local(tmp_path)
    message = tmp_path / "message.eml"
    message.write_bytes(local.application())
    assert local.cli("poll")[0] == 0
    assert local.cli("explain", str(message))[0] == 0  # data_dir made by this user: fine
    if os.geteuid() != 0:  # only root can make data_dir another user's; the check concerns root only
        return
    os.chown(tmp_path / "data", 65534, 65534)
    code, out = local.cli("explain", str(message))
    assert code == 2 and one_line(out), out
    assert "runuser -u nobody -- intake explain" in out and "pas en root" in out
    assert "Décision" not in out


def test_poll_logs_only_with_v_and_keeps_its_summary(tmp_path):
    """U19: `intake poll` printed INFO log lines without -v, unlike the README."""
    import subprocess
    import sys

    local = make_local(tmp_path)
    local.drop("nb", "1.eml", local.application())
    quiet = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "poll"],
                           capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0, quiet.stderr
    assert "nb : 1 nouveau, 1 classé" in quiet.stdout and "courriels : 1 envoyé" in quiet.stdout
    assert quiet.stderr == ""
    local.drop("nb", "2.eml", local.application(subject="Deuxième projet"))
    loud = subprocess.run([sys.executable, "-m", "intake", "--config", str(local.config), "-v", "poll"],
                          capture_output=True, text=True, timeout=300)
    assert loud.returncode == 0 and "INFO intake.ingest: [nb] UID 2" in loud.stderr, loud.stderr


def test_version_and_a_person_that_is_not_an_address(tmp_path):
    from importlib.metadata import version

    local = make_local(tmp_path)
    code, out = local.cli("--version")
    assert code == 0 and out.strip() == f"intake {version('intake')}"
    code, out = local.cli("person", "Karim Benali", "--export")
    # CliRunner names the program "main"
    assert code == 2 and out.startswith("Utilisation : ") and " person [OPTIONS] ADRESSE\n" in out, out
    assert "« karim benali » n'est pas une adresse électronique" in out and not list(tmp_path.glob("intake-export-*"))


def test_the_worker_takes_changed_rules_that_load_and_keeps_the_previous_ones_otherwise(site):
    """rules/pieces.toml says it is read at each poll: the worker read it only when it started."""
    from sqlmodel import select

    from intake.store.database import session
    from intake.store.tables import Inbound
    from intake.worker import _poll_then_send

    app = site.app()
    before = app.rules.version
    path = site.root / "rules" / "pieces.toml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace('"label", "labellisation"', '"label", "labellisation", "dossier de label"'),
                    encoding="utf-8")
    app._rules_looked = 0.0  # the worker looks every 5 s at most: as if they had passed
    site.drop("nb", "1.eml", site.application())
    _poll_then_send(app)
    with session(app.engine) as s:
        [row] = s.exec(select(Inbound)).all()
    assert app.rules.version != before and row.rules_version == app.rules.version and app.rules_problem == ""

    in_force = app.rules.version
    latin1(path)
    app._rules_looked = 0.0
    site.drop("nb", "2.eml", site.application(sender="Autre <autre@x.example>"))
    _poll_then_send(app)
    assert app.rules.version == in_force and len(site.sent()) == 2  # filed and acknowledged with the rules in force
    assert f"{path}:" in app.rules_problem and "enregistrez le fichier en UTF-8" in app.rules_problem
    preview = send_digest.preview(app, site.root / "digest.html")
    assert "configuration : règles modifiées mais refusées" in preview


def test_a_file_the_command_cannot_write_where_it_runs_names_the_option_to_choose_another():
    """`intake digest --preview` run as the service's user from `/`, as the README's step 6 leaves the shell: it
    could not write /digest-preview.html, and the error told to chown that file (it spoke of data_dir's owners)."""
    import os
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="intake-out-"))
    try:
        local = make_local(root)
        assert local.cli("poll")[0] == 0  # makes data_dir (cases creates nothing)
        # what these commands import, imported now (another user may not read this Python's standard library)
        assert local.cli("digest", "--preview", "--html", str(root / "d.html"))[0] == 0
        assert local.cli("rules", "registre", "--output", str(root / "r.md"))[0] == 0
        assert local.cli("rules", "registre", "--output", "/proc/r.md")[0] == 2
        if os.geteuid() == 0:  # the service's user (nobody here) owns its installation, not `/`
            for path in (root, *root.rglob("*")):
                os.chown(path, 65534, 65534)
        here = os.getcwd()

        def from_root(*args: str):
            os.chdir("/")
            try:
                return local.cli(*args)
            finally:
                os.chdir(here)

        code, out = as_another_user(lambda: from_root("digest", "--preview"))
        assert code == 2 and one_line(out), out
        assert out.startswith("intake: /digest-preview.html : impossible d'écrire ce fichier (accès refusé"), out
        assert "donnez-en un autre avec --html, par exemple --html /tmp/digest-preview.html" in out, out
        assert "chown" not in out
        code, out = as_another_user(lambda: from_root("rules", "registre", "--output", "registre.md"))
        assert code == 2 and "/registre.md : impossible d'écrire ce fichier" in out and "--output" in out, out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_rules_check_names_each_mailbox_s_aliases(site):
    text = site.config.read_text(encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 0 and "Alias" not in out, out
    domain = text.split('address = "', 1)[1].split('"', 1)[0].rpartition("@")[2]
    site.config.write_text(text.replace('address = "', f'aliases = ["smartcity@{domain}"]\naddress = "', 1),
                           encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 0 and f"Alias de la boîte nb (un transfert d'un agent qui leur est adressé l'est à la boîte) : " \
                         f"smartcity@{domain}" in out, out
    site.config.write_text(text.replace('address = "', 'aliases = ["smartcity@gmail.example"]\naddress = "', 1),
                           encoding="utf-8")
    code, out = site.cli("rules", "check")
    assert code == 2 and "aliases" in out and "n'est pas d'un domaine de la ville" in out, out


def test_a_template_saved_while_the_checks_ran_on_the_one_before_is_checked_in_its_turn(site):
    """Attacker's review (attack8): the stamp that spares the next command the template checks took the files'
    fingerprint once the checks had passed, not that of the files the checks read: a template the admin saved between
    a command's reading and its stamp (the worker and the console look every two seconds) was stamped as checked,
    so the next command, the worker restarting, took it without any check (an acknowledgement without the date of
    receipt went out), and the console kept it as the last templates that passed. The stamp names the files read."""
    from intake.adapters.templates import Templates
    from intake.app import checked_templates

    site.app()  # the shipped templates checked, stamped
    read = Templates(site.root / "templates")
    assert read.read_as()  # read before the admin's save
    body = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    body.write_text(body.read_text(encoding="utf-8").replace("{{ received_at }}", "JOUR-INCONNU"), encoding="utf-8")
    checked_templates(read, site.root / "data")  # what was read passes
    site.drop("nb", "1.eml", site.application())
    code, out = site.cli("poll")
    assert code == 2 and "la date de réception" in out and site.sent() == [], out


@pytest.mark.parametrize("written, said", [
    ("{% if %}", "{% if %} demande une condition, par exemple {% if applicant_name %}"),
    ("{{ }}", "{{ }} le nom d'une variable, par exemple {{ reference }}"),
    ("{% if status = \"complete\" %}x{% endif %}", "deux signes égal : {% if status == \"complete\" %}"),
    ("{% for pieces %}x{% endfor %}", "une boucle s'écrit {% for p in pieces %}"),
    # a word processor's quotes, or a stray sign, inside a tag: « unexpected char '“' at 433 » was said in English
    ("{% if status == “complete” %}x{% endif %}", "les guillemets « “ » d'un traitement de texte ne comptent pas"),
    ("{{ reference § }}", "caractère « § » inattendu dans une balise"),
])
def test_an_empty_tag_or_a_single_equals_sign_is_said_in_french_at_its_line(site, written, said):
    """The admin's first week (admin11): « {% if %} » typed before choosing the condition was answered « erreur
    d'écriture du modèle (Jinja : Expected an expression, got 'end of statement block') », in English; « {% if status =
    "complete" %} » (one =, as a form's field is filled) was said to miss its « %} »."""
    path = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    text = path.read_text(encoding="utf-8")
    old = "Nous avons bien reçu"
    assert old in text
    path.write_text(text.replace(old, written + old, 1), encoding="utf-8")
    code, out = site.cli("rules", "check")
    line = text[:text.index(old)].count("\n") + 1
    assert code == 2 and f"{path}:{line}: " in one_line(out) and said in out, out
    assert "Jinja" not in out and "Expected" not in out and "expected" not in out


@pytest.mark.parametrize("written, said", [
    ("{# à revoir ", "un commentaire {# … n'est pas fermé : il manque « #} »"),
    ("{% raw %}", "un {% raw %} n'est pas fermé : ajoutez {% endraw %}"),
    ("{% endblock %}", "balise {% endblock %} inconnue"),
    ("{% include %}", "« %} » inattendu"),
    ("{{ reference | }}", "il manque un nom avant « }} » : après « | » le nom d'un filtre"),
    ("{{ reference. }}", "il manque un nom après « . »"),
    ("{{ reference | majuscules }}", "le filtre « majuscules » n'existe pas ici"),
    ("{{ reference | replace(\"-\" reference) }}", "« , » était attendu"),
    ("{{ reference | replace(\"-\", \"/\" }}", "« } » inattendu : il manque « ) » avant"),
    ("{% if reference is numerique %}x{% endif %}", "le test « numerique » n'existe pas"),
    ("{{ reference | replace(\"-\") }}", "le filtre « replace » n'a pas reçu les valeurs qu'il attend"),
    ("{{ reference + 1 }}", "un texte et un nombre ne s'ajoutent pas avec « + »"),
    ("{{ missing | first }}", "« | first » ne trouve rien : la liste est vide dans ce courriel"),
    # a quote left open runs to the next one: the last line's, to the end of the file
    ('{{ reference ~ "n° }}', "un texte entre guillemets n'est pas fermé : il manque le « \" »"),
])
def test_a_template_s_common_mistakes_are_said_in_french_at_their_line(site, written, said):
    """`intake rules check` quoted Jinja's English to the admin: « erreur d'écriture du modèle (Jinja : Missing end
    of comment tag) », « expected token ',', got 'reference' », « « end of statement block » inattendu »."""
    path = site.root / "templates" / "acknowledgement" / "body.txt.j2"
    text = path.read_text(encoding="utf-8")
    if written.startswith('{{ reference ~ "'):
        path.write_text(text.rstrip("\n") + written + "\n", encoding="utf-8")
        line = text.rstrip("\n").count("\n") + 1
    else:
        old = "Nous avons bien reçu"
        assert old in text
        path.write_text(text.replace(old, written + old, 1), encoding="utf-8")
        line = text[:text.index(old)].count("\n") + 1
    code, out = site.cli("rules", "check")
    assert code == 2 and f"{path}:{line}: " in one_line(out) and said in out, out
    english = r"\(Jinja|[Ee]xpected|end of|token|Missing|named|\bgot\b|required|argument|concatenate|sequence"
    assert not re.search(english, out), out


# (file, text replaced, by what): a mistake in each of two rules files and in a template
MISTAKES = (("rules/pieces.toml", "kinds.courrier", "kinds.lettre"),
            ("rules/retention.toml", "\nmois = 6", '\nmois = "six"'),
            ("templates/acknowledgement/body.txt.j2", "{%- if unresolved %}", "{%- if unresolved %}{% if complete %}"),
            ("templates/reminder/subject.j2", "{{ reference }}", "{{ referense }}"))


def edit(site: Local, file: str, old: str, new: str) -> str:
    """Make the admin's mistake (`old` -> `new` in `file`); the text it had, to put back."""
    path = site.root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text


def alone(site: Local, mistake: tuple[str, str, str]) -> str:
    """What `intake rules check` says of one mistake made alone (the file is then put back)."""
    text = edit(site, *mistake)
    code, out = site.cli("rules", "check")
    (site.root / mistake[0]).write_text(text, encoding="utf-8")
    assert code == 2, out
    return one_line(out).strip()


def test_rules_check_names_every_file_in_error_in_one_run(site):
    """Every admin's review: three mistakes in three files took three runs of `intake rules check`, each stopping
    at the first. Each file in error is named in one run, with the very line it gets alone (file, line, fix, in
    French), the rules files first; exit 2."""
    said = [alone(site, mistake) for mistake in MISTAKES]
    assert "[kinds.courrier] manque" in said[0] and "n'est jamais fermé" in said[2] and "referense" in said[3], said
    for mistake in MISTAKES:
        edit(site, *mistake)
    code, out = site.cli("rules", "check")
    assert code == 2 and "Traceback" not in out and "OK" not in out, out
    assert out.strip().splitlines() == said, out


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def alone_line(out: str, name: str) -> str:
    [line] = [line for line in out.splitlines() if f"/{name}:" in line]
    return line


@pytest.mark.parametrize("cause", [
    lambda t: edit_text(t / "_contact.html.j2", "Téléphone : {{ service.phone }}", "{{ service.phone }"),  # all mails
    lambda t: edit_text(t / "_contact.txt.j2", "Téléphone : {{ service.phone }}", "03 21 99 99 99"),
    lambda t: (t / "_contact.txt.j2").unlink(),  # every mail's {% include %} of it
    lambda t: (t / "_mentions_legales.html.j2").unlink(),  # the acknowledging mails'
    lambda t: shutil.rmtree(t / "decision" / "declined"),
    lambda t: shutil.rmtree(t / "reminder"),  # its three files
], ids=["syntax-in-block", "phone-in-block", "deleted-block", "deleted-legal-block", "deleted-decision",
        "deleted-mail-folder"])
def test_one_template_mistake_is_one_message_beside_another_file_s(site, cause):
    """One cause, one message: a mistake every mail meets (a block they include, a folder) is said once, as it is
    alone, and the other file in error beside it still is."""
    cause(site.root / "templates")
    code, out = site.cli("rules", "check")
    assert code == 2, out
    said = one_line(out).strip()
    edit(site, *MISTAKES[0])
    code, out = site.cli("rules", "check")
    assert code == 2 and out.strip().splitlines() == [alone_line(out, "pieces.toml"), said], out
