import re
import tomllib
from pathlib import Path

import pytest

from intake.config import load, parse
from intake.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def example() -> dict:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_the_example_configuration_is_valid():
    settings = parse(example(), "config.example.toml", EXAMPLE.parent)
    assert [m.address for m in settings.mailboxes] == ["n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"]
    assert settings.mailboxes[0].since.tzinfo is not None
    assert settings.smtp.security == "starttls"
    assert settings.database_url.startswith("sqlite:///")


def error(data: dict) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse(data, "config.toml", EXAMPLE.parent)
    return caught.value


def file_error(tmp_path, text: str) -> ConfigError:
    """What loading a config.toml holding `text` refuses."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(path)
    return caught.value


def test_a_misspelt_key_is_named_with_a_suggestion():
    data = example()
    data["mailboxes"][1]["pasword_env"] = data["mailboxes"][1].pop("password_env")
    e = error(data)
    assert e.key == "mailboxes[2].pasword_env" and "clé inconnue" in str(e) and "vouliez-vous dire « password_env »" \
        in str(e)  # the second [[mailboxes]], counted as the admin counts
    assert str(e).startswith("config.toml: mailboxes[2].pasword_env:")


def test_a_folder_mailbox_says_which_server_keys_to_remove():
    """config.example.toml: path replaces the server's keys; one left over is named as such, not as a misspelling
    (a new admin's trial was told « folder: unknown key: did you mean 'sent_folder'? »)."""
    data = example()
    for key in ("host", "port", "security", "username", "password_env"):
        del data["mailboxes"][0][key]
    data["mailboxes"][0]["path"] = "/srv/import/mail"
    e = error(data)
    assert e.key in ("mailboxes[1].folder", "mailboxes[1].timeout") and "avec path" in str(e) and "supprimez" in str(e)
    for key in ("folder", "timeout"):
        del data["mailboxes"][0][key]
    assert parse(data, "config.toml", EXAMPLE.parent).mailboxes[0].path


@pytest.mark.parametrize("section, key, value, words", [
    ("mailboxes", "security", "ssl", "choisissez parmi tls, starttls, none"),
    ("mailboxes", "port", "993", "un nombre s'écrit sans guillemets, port = 993"),
    ("mailboxes", "port", "imaps", "nombre entier de 1 à 65535"),
    ("mailboxes", "since", "yesterday", "since = 2026-11-01"),
    ("mailboxes", "address", "not-an-address", "n'est pas une adresse électronique"),
    ("mailboxes", "password_env", "hunter2 secret", "NOM d'une variable d'environnement"),
    ("smtp", "security", "SSL", "choisissez parmi"),
    ("smtp", "security", "SSL/TLS", 'écrivez security = "tls"'),  # a mail program's word for tls
    ("mailboxes", "security", "ssl", 'écrivez security = "tls"'),
    ("mailboxes", "security", "STARTTLS", 'écrivez security = "starttls" (en minuscules)'),
])
def test_wrong_values_are_explained(section, key, value, words):
    data = example()
    target = data[section][0] if section == "mailboxes" else data[section]
    target[key] = value
    assert words in str(error(data))


def test_a_misspelt_day_of_the_digest_is_named():
    data = example()
    data["digest"]["days"] = ["lundi", "mardy"]
    e = error(data)
    assert e.key == "digest.days" and "« mardy » n'est pas un jour" in str(e) and '["lundi", "mardi"' in str(e)


def test_a_wrong_value_in_the_file_names_its_line(tmp_path):
    """A new admin's trial: config errors named `mailboxes[1].since` for the second mailbox, counted from zero, and
    no line to look at: now the second is `mailboxes[2]`, with its line."""
    text = EXAMPLE.read_text(encoding="utf-8")
    second = text.index("[[mailboxes]]", text.index("[[mailboxes]]") + 1)
    at = text.index("since = ", second)
    broken = text[:at] + 'since = "2026-11-01"' + text[text.index("\n", at):]
    caught = file_error(tmp_path, broken)
    line = broken[:at].count("\n") + 1
    assert caught.key == "mailboxes[2].since" and f"(ligne {line})" in str(caught)


def test_a_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path / "config.toml")
    assert "fichier introuvable" in str(caught.value) and "config.example.toml" in str(caught.value)


def test_a_missing_config_toml_in_the_current_folder_says_which_folder_and_how_to_name_the_installed_one(
        tmp_path, monkeypatch):
    """A staff member typing `intake cases` from / without INTAKE_CONFIG was told to copy config.example.toml."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load("config.toml")
    said = str(caught.value)
    assert f"fichier introuvable dans le dossier courant ({tmp_path})" in said
    assert "INTAKE_CONFIG" in said and "/etc/intake/config.toml" in said


def test_a_syntax_error_is_a_config_error(tmp_path):
    said = str(file_error(tmp_path, "data_dir = \n"))
    assert "erreur de syntaxe TOML" in said and "(ligne 1, colonne" in said


def test_an_accent_in_a_table_name_is_said_as_such(tmp_path):
    """« [récapitulatif] » was told « l'en-tête de table n'est pas refermé », which it is."""
    said = str(file_error(tmp_path, 'data_dir = "data"\n[récapitulatif]\n'))
    assert "« récapitulatif » porte un accent" in said and "« recapitulatif »" in said


@pytest.mark.parametrize(("text", "said"), [
    # two people under [staff]: it said « Cannot declare ('staff',) twice », then « gardez un seul en-tête »
    ('[staff]\nemail = "a@x.fr"\n[staff]\nemail = "b@x.fr"\n', "écrivez [[staff]], avec deux crochets"),
    # [mailboxes] above a [[mailboxes]]: it said « Cannot overwrite a value », a key written twice
    ('[mailboxes]\nname = "a"\n[[mailboxes]]\nname = "b"\n', "[mailboxes] (ligne 1) s'écrit [[mailboxes]]"),
])
def test_a_repeated_table_written_with_single_brackets_says_to_double_them(tmp_path, text, said):
    refused = str(file_error(tmp_path, text))
    assert said in refused and "Cannot" not in refused


def test_a_top_key_written_under_a_table_says_to_move_it_up():
    """config.example.toml had « # outbox_dir = ... » under [smtp]: uncommented in place, it was refused as
    « smtp.outbox_dir: clé inconnue : clés permises : auth, ... ». The example now keeps it at the top."""
    data = example()
    data["smtp"]["outbox_dir"] = "/var/lib/intake/outbox"
    e = error(data)
    assert e.key == "smtp.outbox_dir" and "se place en haut du fichier" in str(e) and "sous [smtp]" in str(e)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "\n# outbox_dir = " in text.split("\n[", 1)[0]  # commented out above the first table


def test_every_commented_key_of_the_example_is_commented_where_it_belongs():
    """Uncommenting one commented key of config.example.toml in place never makes an unknown key."""
    import re

    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        found = re.match(r"# ?([a-z_]+ = .*)$", line)
        if not found or found.group(1).startswith("role = "):
            continue
        data = tomllib.loads("\n".join([*lines[:n], found.group(1), *lines[n + 1:]]))
        try:
            parse(data, "config.toml", EXAMPLE.parent)
        except ConfigError as caught:
            assert "clé inconnue" not in str(caught) and "se place en haut" not in str(caught), (n + 1, str(caught))


def test_a_password_variable_that_is_not_set_is_named(monkeypatch):
    settings = parse(example(), "config.toml", EXAMPLE.parent)
    monkeypatch.delenv("INTAKE_NBATAILLON_PASSWORD", raising=False)
    with pytest.raises(ConfigError) as caught:
        settings.mailboxes[0].server.password("config.toml")
    assert "INTAKE_NBATAILLON_PASSWORD n'est pas définie" in str(caught.value)


def test_several_folders_can_be_watched_each_with_its_own_cursor():
    data = example()
    data["mailboxes"][0].pop("folder")
    data["mailboxes"][0]["folders"] = ["INBOX", "Candidatures"]
    mailbox = parse(data, "config.toml", EXAMPLE.parent).mailboxes[0]
    copies = mailbox.per_folder()
    assert [(m.folder, m.state_key) for m in copies] == [("INBOX", "n.bataillon"),
                                                          ("Candidatures", "n.bataillon/Candidatures")]


def test_folder_and_folders_together_are_refused():
    data = example()
    data["mailboxes"][0]["folders"] = ["INBOX"]
    assert "folder ou folders, pas les deux" in str(error(data))


def test_the_web_section_defaults_to_loopback_and_no_links():
    data = example()
    data.pop("web", None)
    web = parse(data, "config.toml", EXAMPLE.parent).web
    assert (web.host, web.port, web.base_url) == ("127.0.0.1", 8080, "")
    assert web.case_url("BSC-2026-0007") == ""


def test_the_web_section_is_read_and_checked():
    data = example()
    data["web"] = {"listen": "[::1]:9000", "base_url": "https://candidatures.ville-bethune.fr/intake/"}
    web = parse(data, "config.toml", EXAMPLE.parent).web
    assert (web.host, web.port) == ("::1", 9000)
    assert web.case_url("BSC-2026-0007") == "https://candidatures.ville-bethune.fr/intake/cases/BSC-2026-0007"
    for key, value, words in [("listen", "8080", "HÔTE:PORT"), ("listen", "localhost:99999", "HÔTE:PORT"),
                              ("base_url", "candidatures.ville-bethune.fr", "https://"),
                              ("base_url", "javascript:alert(1)", "https://"), ("bind", "x", "listen")]:
        data["web"] = {key: value}
        e = error(data)
        assert e.key == f"web.{key}" and words in str(e), (key, value, str(e))


def test_the_example_carries_the_label_s_published_postal_address():
    assert parse(example(), "config.example.toml", EXAMPLE.parent).service.address == \
        "Hôtel de ville, Place du 4 Septembre, BP 10711, 62407 Béthune"


@pytest.mark.parametrize("url", ["postgresql+psycopg://intake@db.example:5432/intake?sslmode=verify-full",
                                 "postgresql://intake@db.example/intake?sslmode=verify-full",
                                 "postgres://intake@db.example/intake?sslmode=verify-ca",
                                 "postgresql://intake@/intake?host=/run/postgresql"])
def test_a_postgresql_url_is_read_with_the_psycopg_driver(url, monkeypatch):
    data = example()
    data["database_url"], data["database_password_env"] = url, "INTAKE_POSTGRES_PASSWORD"
    settings = parse(data, "config.toml", EXAMPLE.parent)
    assert settings.database_url.startswith("postgresql+psycopg://intake@")
    monkeypatch.setenv("INTAKE_POSTGRES_PASSWORD", "s3cret")
    assert settings.database_password() == "s3cret"
    monkeypatch.delenv("INTAKE_POSTGRES_PASSWORD")
    with pytest.raises(ConfigError) as caught:
        settings.database_password()
    assert caught.value.key == "database_password_env" and "INTAKE_POSTGRES_PASSWORD n'est pas définie" \
        in str(caught.value)


@pytest.mark.parametrize("url, password_env, words", [
    ("postgresql+psycopg://intake:hunter2@db.example/intake", "", "contient un mot de passe"),
    ("postgresql+psycopg://db.example:99999/intake", "", "adresse invalide (le port doit être un nombre de 1 à 65535)"),
    ("postgresql+psycopg://db.example:cinq/intake", "", "adresse invalide (le port doit être un nombre de 1 à 65535)"),
    ("postgresql+psycopg://[::1/intake", "", "adresse invalide (une adresse IPv6 s'écrit entre crochets, [::1])"),
    ("postgresql+psycopg://intake@db.example", "", "donnez le serveur et la base"),
    ("mysql://intake@db.example/intake", "", "'mysql' n'est pas pris en charge"),
    ("sqlite:///data/intake.db", "INTAKE_POSTGRES_PASSWORD", "un fichier SQLite n'a pas de mot de passe"),
    ("postgresql+psycopg://intake@db.example/intake", "my password", "NOM d'une variable d'environnement"),
])
def test_wrong_database_settings_are_explained(url, password_env, words):
    data = example()
    data["database_url"] = url
    if password_env:
        data["database_password_env"] = password_env
    e = error(data)
    assert words in str(e) and e.key.startswith("database_"), str(e)
    assert "hunter2" not in str(e)
def test_trust_and_limits_are_read_and_checked():
    settings = parse(example(), "config.example.toml", EXAMPLE.parent)
    # the example ships no live trust setting: the admin chooses one (docs/trust.md)
    assert settings.trust.provider == "" and settings.trust.authserv_id == ""
    assert settings.trust.domains == {"ville-bethune.fr"}
    assert settings.limits.max_parts == 1000 and settings.trust.subaddress == ""
    assert settings.limits.max_header_bytes == 1_000_000  # as the example says, and the default
    assert settings.limits.read_processes == 0  # one per CPU
    for bad, key in (({"trust": {"subaddress": "plus"}}, "trust.subaddress"),
                     ({"trust": {"authserv_id": "mx ville"}}, "trust.authserv_id"),
                     ({"limits": {"read_seconds": 0}}, "limits.read_seconds"),
                     ({"limits": {"read_processes": -1}}, "limits.read_processes"),
                     ({"limits": {"max_header_bytes": 1000}}, "limits.max_header_bytes")):
        with pytest.raises(ConfigError) as caught:
            parse({**example(), **bad}, "config.toml", EXAMPLE.parent)
        assert caught.value.key == key




def test_the_example_lists_the_staff_and_the_console_address():
    settings = parse(example(), "config.example.toml", EXAMPLE.parent)
    assert [(m.email, m.role) for m in settings.staff] == [("n.bataillon@ville-bethune.fr", "admin"),
                                                           ("d.berteloot@ville-bethune.fr", "staff")]
    assert (settings.web.host, settings.web.port) == ("127.0.0.1", 8080)
    assert settings.web.secure and settings.web.root_path == "" and settings.web.idle_minutes == 30
    assert settings.staff_member(" N.Bataillon@Ville-Bethune.fr ").name == "Nicolas Bataillon"


def test_the_console_defaults_to_loopback_without_staff():
    data = example()
    del data["web"], data["staff"]
    settings = parse(data, "config.toml", EXAMPLE.parent)
    assert settings.web.listen == "127.0.0.1:8080" and settings.web.base_url == ""
    assert settings.web.public_url == "http://127.0.0.1:8080"  # sign-in links still work on the machine itself
    assert not settings.web.secure and settings.staff == ()


@pytest.mark.parametrize("web, key, words", [
    ({"listen": "8080"}, "web.listen", "HÔTE:PORT"),
    ({"listen": "localhost:99999"}, "web.listen", "HÔTE:PORT"),
    ({"base_url": "intake.ville-bethune.fr"}, "web.base_url", "https://"),
    ({"idle_minutes": 0}, "web.idle_minutes", "nombre entier"),
    ({"port": 8080}, "web.port", "clé inconnue"),
])
def test_a_wrong_web_setting_is_named(web, key, words):
    data = example()
    data["web"] = web
    e = error(data)
    assert e.key == key and words in str(e)


@pytest.mark.parametrize("staff, key, words", [
    ([{"email": "nobody", "name": "X"}], "staff[1].email", "n'est pas une adresse électronique"),
    ([{"email": "a@b.fr"}], "staff[1].name", "manquant"),
    ([{"email": "a@b.fr", "name": "A", "role": "root"}], "staff[1].role", '"staff" ou "admin"'),
    ([{"email": "a@b.fr", "name": "A"}, {"email": "A@b.fr", "name": "B"}], "staff[2].email", "figure deux fois"),
    ({"email": "a@b.fr"}, "staff", "[[staff]]"),
])
def test_a_wrong_staff_entry_is_named(staff, key, words):
    data = example()
    data["staff"] = staff
    e = error(data)
    assert e.key == key and words in str(e)


def test_a_path_under_the_proxy_and_a_listen_address_without_base_url():
    data = example()
    data["web"] = {"listen": "[::1]:9000", "base_url": "https://intranet.ville-bethune.fr/intake/"}
    web = parse(data, "config.toml", EXAMPLE.parent).web
    assert (web.host, web.port) == ("::1", 9000) and web.root_path == "/intake"
    assert web.base_url == "https://intranet.ville-bethune.fr/intake"
    data["web"] = {"listen": "[::1]:9000"}
    assert parse(data, "config.toml", EXAMPLE.parent).web.public_url == "http://[::1]:9000"


def test_each_secret_of_the_example_has_its_own_variable():
    """U2: the second mailbox once shared INTAKE_DB_PASSWORD with the PostgreSQL password of the README."""
    data = example()
    names = [m["password_env"] for m in data["mailboxes"]] + [data["smtp"]["password_env"]]
    assert len(set(names)) == len(names)
    readme = (EXAMPLE.parent / "README.md").read_text(encoding="utf-8")
    unit = (EXAMPLE.parent / "docs" / "intake.service").read_text(encoding="utf-8")
    for name in names:
        assert name in readme and name in unit, name
    assert "INTAKE_POSTGRES_PASSWORD" in readme and "INTAKE_POSTGRES_PASSWORD" in unit
    assert "INTAKE_DB_PASSWORD" not in readme + unit + EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["mailboxes", "smtp"])
def test_a_mail_password_variable_that_is_also_the_database_s_is_refused(where):
    data = example()
    data["database_url"] = "postgresql+psycopg://intake@db.example/intake?sslmode=verify-full"
    data["database_password_env"] = "INTAKE_SHARED"
    (data["mailboxes"][1] if where == "mailboxes" else data["smtp"])["password_env"] = "INTAKE_SHARED"
    e = error(data)
    assert e.key == ("mailboxes[2].password_env" if where == "mailboxes" else "smtp.password_env")
    assert "INTAKE_SHARED est aussi database_password_env" in str(e) and "chacun sa variable" in str(e)


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "config.toml"
    path.write_bytes(data)
    return path


def test_a_byte_order_mark_at_the_start_of_config_toml_is_dropped(tmp_path):
    """U9: Notepad's BOM made "Invalid statement (line 1, column 1)"."""
    path = write(tmp_path, b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    settings = load(path)
    assert settings.mailboxes[0].name == "n.bataillon"


@pytest.mark.parametrize("data, words", [
    ("# réglages\n".encode("latin-1") + b"data_dir = 'x'\n",
     ["pas du texte UTF-8", "0xE9", "ligne 1", "enregistrez le fichier en UTF-8"]),
    ("data_dir = 'x'\n# é\n".encode("utf-16"), ["UTF-16", "enregistrez le fichier en UTF-8"]),
])
def test_config_toml_not_saved_as_utf8_is_one_line_with_the_fix(tmp_path, data, words):
    path = write(tmp_path, data)
    with pytest.raises(ConfigError) as caught:
        load(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and "\n" not in text
    for word in words:
        assert word in text


@pytest.mark.parametrize("value", ["2026-13-01", "2026-11-31", "01/11/2026", "2026-1-5"])
def test_a_since_that_is_not_a_date_names_the_key_and_the_form(tmp_path, value):
    text = EXAMPLE.read_text(encoding="utf-8")
    second = text.index("since = 2026-11-01", text.index('name = "d.berteloot"'))
    text = text[:second] + f"since = {value}" + text[second + len("since = 2026-11-01"):]
    with pytest.raises(ConfigError) as caught:
        load(write(tmp_path, text.encode("utf-8")))
    assert caught.value.key == "mailboxes[2].since"
    assert f"{value} n'est pas une date valide" in str(caught.value) and "AAAA-MM-JJ" in str(caught.value)


def test_a_since_in_quotes_says_the_form_too():
    data = example()
    data["mailboxes"][0]["since"] = "2026-11-01"
    e = error(data)
    assert e.key == "mailboxes[1].since" and "AAAA-MM-JJ" in str(e) and "sans guillemets" in str(e)


@pytest.mark.parametrize("trust, key, words", [
    ({"provider": "exchange"}, "trust.provider", "microsoft365"),
    ({"provider": "own"}, "trust.authserv_id", "manquant"),
    ({"provider": "microsoft365", "authserv_id": "outlook.com"}, "trust.authserv_id", "sans nom de serveur"),
    ({"provider": "google", "authserv_id": "mx.ville-bethune.fr"}, "trust.authserv_id", "mx.google.com"),
    ({"provider": "own", "authserv_id": "mx.ville-bethune.fr", "exchange_servers": ["*.outlook.com"]},
     "trust.exchange_servers", "seulement avec"),
    ({"provider": "microsoft365", "exchange_servers": ["http://x"]}, "trust.exchange_servers", "listez"),
])
def test_a_trust_mode_is_chosen_explicitly_and_checked(trust, key, words):
    e = error({**example(), "trust": trust})
    assert e.key == key and words in str(e), str(e)


def test_each_trust_mode_reads_what_its_provider_writes():
    def trust(**t):
        return parse({**example(), "trust": t}, "config.toml", EXAMPLE.parent).trust

    assert (trust(authserv_id="mx.ville-bethune.fr").provider, trust().provider) == ("own", "")  # as before
    assert trust(provider="google").authserv_id == "mx.google.com"
    m365 = trust(provider="microsoft365", exchange_servers=["*.outlook.com", "exch01.ville-bethune.local"])
    assert m365.authserv_id == "" and m365.exchange_servers == ("*.outlook.com", "exch01.ville-bethune.local")


def test_the_town_s_automatic_senders_are_read_lower_case_and_none_by_default():
    """[trust] automatic_senders: the addresses the town site's forms send from (core/origin.py `origin_of`)."""
    assert parse(example(), "config.toml", EXAMPLE.parent).trust.automatic_senders == frozenset()
    data = {**example(), "trust": {"automatic_senders": [" Contact@Ville-Bethune.fr", "mairie@ville-bethune.fr"]}}
    settings = parse(data, "config.toml", EXAMPLE.parent)
    assert settings.trust.automatic_senders == {"contact@ville-bethune.fr", "mairie@ville-bethune.fr"}
    # in the spelling a mail's From is read in (core/headers.py normal_address): the root's dot written after the
    # domain matched no mail, and the form's mail was a colleague's again (attack11)
    data = {**example(), "trust": {"automatic_senders": ["Contact@Ville-Bethune.fr."]}}
    assert parse(data, "config.toml", EXAMPLE.parent).trust.automatic_senders == {"contact@ville-bethune.fr"}


@pytest.mark.parametrize("senders, words", [
    # one address without the brackets, one copied with its name, two in one pair of quotes: the line to write
    ("contact@ville-bethune.fr", 'entre crochets, même pour une seule adresse : automatic_senders = '
                                 '["contact@ville-bethune.fr"]'),
    ("Site <contact@ville-bethune.fr>", "attendu : une liste des adresses"),
    ([1], "attendu : une liste des adresses"),
    (["contact"], "n'est pas une adresse électronique entière"),
    (["*@ville-bethune.fr"], "n'est pas une adresse électronique entière"),
    (["Site <Contact@ville-bethune.fr>"], '« Site <Contact@ville-bethune.fr> » : écrivez l\'adresse seule, sans le '
                                          'nom ni les chevrons < >, "contact@ville-bethune.fr"'),
    (["contact@ville-bethune.fr, mairie@ville-bethune.fr"], 'chaque adresse s\'écrit entre ses propres guillemets, '
     'séparée de la suivante par une virgule : automatic_senders = ["contact@ville-bethune.fr", '
     '"mairie@ville-bethune.fr"]'),
    (["contact@ville-bethune.fr", "CONTACT@ville-bethune.fr"], "écrite deux fois"),
    (["contact@ville-bethune.fr", "contact@ville-bethune.fr."], "écrite deux fois"),
    # a watched mailbox: staff write and forward from it, it is no robot
    (["N.Bataillon@ville-bethune.fr"], "n.bataillon@ville-bethune.fr est l'adresse de la boîte surveillée"),
])
def test_wrong_automatic_senders_are_explained(senders, words):
    e = error({**example(), "trust": {"automatic_senders": senders}})
    assert e.key == "trust.automatic_senders" and words in str(e), str(e)
    assert str(e).startswith("config.toml: trust.automatic_senders:"), str(e)


def test_own_mode_on_microsoft_365_mailboxes_is_refused_with_the_reason():
    data = example()
    data["mailboxes"][0]["host"] = "outlook.office365.com"
    data["trust"] = {"authserv_id": "mx.ville-bethune.fr"}
    e = error(data)
    assert e.key == "trust.provider" and "microsoft365" in str(e) and "sans nom de serveur" in str(e)


@pytest.mark.parametrize("where, host", [("mailboxes", "imap.ville-bethune.fr"), ("smtp", "smtp.ville-bethune.fr"),
                                         ("smtp", "10.0.0.5"),
                                         # a name under .localhost is asked of the DNS by the system's resolver
                                         # (glibc does not keep it on this machine): its answer may lead anywhere
                                         ("mailboxes", "imap.localhost"), ("smtp", "relay.localhost.")])
def test_no_plain_text_connection_beyond_this_machine(where, host):
    data = example()
    table = data[where][0] if where == "mailboxes" else data[where]
    table.update(security="none", host=host)
    e = error(data)
    assert e.key.endswith("security") and "en clair" in str(e)
    table.update(host="127.0.0.1")
    parse(data, "config.toml", EXAMPLE.parent)  # a server on this machine may be reached without TLS


@pytest.mark.parametrize("web, ok", [
    ({"base_url": "http://candidatures.ville-bethune.fr"}, False),
    ({"listen": "0.0.0.0:8080"}, False),  # beyond loopback without an https:// address for the links
    ({"listen": "0.0.0.0:8080", "base_url": "https://candidatures.ville-bethune.fr"}, True),
    ({"base_url": "http://localhost:8080"}, True), ({"base_url": "http://127.0.0.1:8080"}, True),
])
def test_sign_in_links_never_cross_a_network_in_clear(web, ok):
    data = example()
    data["web"] = web
    if ok:
        parse(data, "config.toml", EXAMPLE.parent)
    else:
        with pytest.raises(ConfigError) as caught:
            parse(data, "config.toml", EXAMPLE.parent)
        assert caught.value.key == "web.base_url" and "https://" in str(caught.value)


ENGLISH = ("must ", "missing", "use one of", "expected", "unknown", "did you mean", "is not ", "give the", "write ")


@pytest.mark.parametrize("line, written, key, words", [
    (97, 'security = "ssl"', "mailboxes[2].security", "choisissez parmi tls, starttls, none"),
    (56, "port = 0", "mailboxes[1].port", "attendu : un nombre entier de 1 à 65535, trouvé 0"),
    (54, 'address = "n.bataillon"', "mailboxes[1].address", "n'est pas une adresse électronique"),
    (107, "port = 99999", "smtp.port", "nombre entier de 1 à 65535"),
    (135, 'time = "8 heures"', "digest.time", "écrivez l'heure ainsi : \"08:30\""),
    (17, 'timezone = "Europe/Béthune"', "timezone", "fuseau horaire 'Europe/Béthune' inconnu"),
    (24, 'reference_prefix = "bsc"', "reference_prefix", "de 2 à 8 lettres majuscules"),
    (96, "prot = 993", "mailboxes[2].prot", "clé inconnue : vouliez-vous dire « port » ?"),
])
def test_config_errors_are_french_and_name_the_file_the_key_and_the_line(tmp_path, line, written, key, words):
    """What the admin reads (a French speaker, not a programmer): one line in French naming the file, the key (TOML
    names as written, the n-th [[mailboxes]] counted from 1) and the line to fix."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = written
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: {key}: ") and words in text, text
    assert text.endswith(f"(ligne {line})") and "\n" not in text, text
    assert not any(english in caught.value.problem for english in ENGLISH), text


@pytest.mark.parametrize("url, refused", [
    ("postgresql+psycopg://intake@db.example/intake", True),
    ("postgresql+psycopg://intake@db.example/intake?sslmode=prefer", True),
    ("postgresql+psycopg://intake@db.example/intake?sslmode=require", True),  # encrypted, but to whom?
    ("postgresql+psycopg://intake@/intake?host=db.example", True),
    ("postgresql+psycopg://intake@db.example/intake?sslmode=verify-full&sslrootcert=/etc/intake/db-ca.pem", False),
    ("postgresql+psycopg://intake@db.example/intake?sslmode=verify-ca", False),
    ("postgresql+psycopg://intake@127.0.0.1:5432/intake", False),
    ("postgresql+psycopg://intake@localhost/intake", False),
    ("postgresql+psycopg://intake@/intake?host=/run/postgresql", False),
])
def test_a_database_across_a_network_needs_a_verified_tls_connection(url, refused, monkeypatch):
    """As the mail servers (security = "none" only on this machine): the applicants' data and the role's password
    never cross a network in clear, nor to a server whose certificate nobody checked (libpq's default, sslmode=prefer,
    falls back to clear text and checks nothing)."""
    monkeypatch.delenv("PGSSLMODE", raising=False)
    data = example()
    data["database_url"], data["database_password_env"] = url, "INTAKE_POSTGRES_PASSWORD"
    if refused:
        e = error(data)
        assert e.key == "database_url" and "sslmode=verify-full" in str(e), str(e)
    else:
        assert parse(data, "config.toml", EXAMPLE.parent).database_url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize("url, env, refused", [
    # libpq connects to hostaddr, and checks host's name only in the certificate it never asks for (sslmode=prefer)
    ("postgresql+psycopg://intake@localhost/intake?hostaddr=192.0.2.10", {}, True),
    ("postgresql+psycopg://intake@127.0.0.1/intake?hostaddr=127.0.0.1,192.0.2.10", {}, True),
    ("postgresql+psycopg://intake@/intake?host=/run/postgresql&hostaddr=192.0.2.10", {}, True),
    ("postgresql+psycopg://intake@localhost/intake", {"PGHOSTADDR": "192.0.2.10"}, True),
    # a service of pg_service.conf may name any server and any sslmode: the URL cannot say it is this machine
    ("postgresql+psycopg://intake@localhost/intake?service=intake", {}, True),
    ("postgresql+psycopg://intake@localhost/intake", {"PGSERVICE": "intake"}, True),
    ("postgresql+psycopg://intake@localhost/intake?hostaddr=127.0.0.1", {}, False),
    ("postgresql+psycopg://intake@localhost/intake?hostaddr=192.0.2.10&sslmode=verify-full", {}, False),
    ("postgresql+psycopg://intake@localhost/intake?service=intake&sslmode=verify-full", {}, False),
])
def test_a_database_reached_through_hostaddr_or_a_service_is_checked_as_well(url, env, refused, monkeypatch):
    """`hostaddr` (in the URL or libpq's PGHOSTADDR) is the address libpq connects to, whatever host says: with
    host=localhost it took the applicants' data across the network in clear, and the configuration was accepted."""
    for name in ("PGSSLMODE", "PGHOSTADDR", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    data = example()
    data["database_url"], data["database_password_env"] = url, "INTAKE_POSTGRES_PASSWORD"
    if refused:
        e = error(data)
        assert e.key == "database_url" and "sslmode=verify-full" in str(e), str(e)
    else:
        assert parse(data, "config.toml", EXAMPLE.parent).database_url.startswith("postgresql+psycopg://")


def test_the_database_s_tls_may_be_asked_for_by_libpq_s_own_variable(monkeypatch):
    monkeypatch.setenv("PGSSLMODE", "verify-full")
    data = example()
    data["database_url"], data["database_password_env"] = ("postgresql+psycopg://intake@db.example/intake",
                                                           "INTAKE_POSTGRES_PASSWORD")
    assert parse(data, "config.toml", EXAMPLE.parent).database_url.endswith("/intake")


@pytest.mark.parametrize("old, new, written", [
    ('address = "Hôtel de ville', 'address = «Hôtel de ville', 'address = "Hôtel de ville, Place du 4 Septembre'),
    ('time = "08:30"', "time = « 08:30 »", 'time = "08:30"'),
    ('name = "Nicolas Bataillon"', "name = “Nicolas Bataillon”", 'name = "Nicolas Bataillon"'),
    ("poll_minutes = 5", "poll_minutes = «5»", "s'écrit sans guillemets, poll_minutes = 5"),
])
def test_a_value_in_a_word_processor_s_quotes_says_to_write_straight_ones(tmp_path, old, new, written):
    """An admin's trial: « address = «Hôtel de ville, Place du 4 Septembre… » was said to be a date (its
    « Septembre »), with « address = 2026-11-01 » to write; « time = «08:30» » was told to keep the « »."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    e = file_error(tmp_path, text.replace(old, new, 1))
    assert ("guillemets droits" in str(e) or "sans guillemets" in str(e)) and written in str(e), str(e)
    assert "date" not in str(e) and "«" not in str(e).split(" = ")[-1]


def test_a_wrong_address_in_a_list_is_the_one_named():
    """The admin's trial: « recipients = ["n.bataillon@ville-bethune", ...] » (the .fr forgotten) got « attendu : une
    liste d'adresses », beside a list of addresses."""
    data = example()
    data["digest"]["recipients"] = ["n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune"]
    e = error(data)
    assert e.key == "digest.recipients" and "« d.berteloot@ville-bethune » n'est pas une adresse" in str(e), str(e)


def test_the_digest_and_purge_times_take_8h_as_a_french_admin_writes_it():
    """The admin's trial: « time = "8h" » was refused where « 8h30 » was taken."""
    data = example()
    data["digest"]["time"] = "8h"
    data["privacy"]["purge_time"] = "3 h 30"
    settings = parse(data, "config.toml", EXAMPLE.parent)
    assert (settings.digest.at.hour, settings.digest.at.minute) == (8, 0)
    assert (settings.privacy.purge_at.hour, settings.privacy.purge_at.minute) == (3, 30)


def test_a_mailbox_s_aliases_are_read_lower_case():
    data = example()
    data["mailboxes"][0]["aliases"] = ["SmartCity@Ville-Bethune.fr", "label-bsc@ville-bethune.fr"]
    data["mailboxes"][1]["aliases"] = ["label-bsc@ville-bethune.fr"]  # a list of both mailboxes' staff
    settings = parse(data, "config.toml", EXAMPLE.parent)
    assert settings.mailboxes[0].aliases == ("smartcity@ville-bethune.fr", "label-bsc@ville-bethune.fr")
    assert settings.aliases == {"smartcity@ville-bethune.fr", "label-bsc@ville-bethune.fr"}
    assert settings.watched == {"n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"}  # unchanged


@pytest.mark.parametrize("aliases, words", [
    ("smartcity@ville-bethune.fr", 'entre crochets, même pour une seule adresse : aliases = '
                                   '["smartcity@ville-bethune.fr"]'),
    (7, "attendu : une liste d'adresses"),
    (["smartcity"], "n'est pas une adresse électronique entière"),
    (["*@ville-bethune.fr"], "n'est pas une adresse électronique entière"),
    (["Label <smartcity@ville-bethune.fr>"], "écrivez l'adresse seule, sans le nom ni les chevrons < >, "
                                             '"smartcity@ville-bethune.fr"'),
    (["smartcity@ville-bethune.fr;label@ville-bethune.fr"], 'aliases = ["smartcity@ville-bethune.fr", '
                                                            '"label@ville-bethune.fr"]'),
    (["n.bataillon@ville-bethune.fr"], "l'adresse de la boîte elle-même"),
    (["d.berteloot@ville-bethune.fr"], "l'adresse de la boîte d.berteloot, déjà surveillée"),
    (["smartcity@ville-bethune.fr", "SMARTCITY@ville-bethune.fr"], "écrite deux fois"),
    # an outside address: a colleague's mail written to it could be sent back byte for byte and be believed
    (["smartcity.bethune@gmail.com"], "n'est pas d'un domaine de la ville"),
    (["smartcity@ville-bethune.fr.evil.example"], "n'est pas d'un domaine de la ville"),
])
def test_wrong_aliases_are_explained(aliases, words):
    data = example()
    data["mailboxes"][0]["aliases"] = aliases
    e = error(data)
    assert e.key == "mailboxes[1].aliases" and words in str(e), str(e)


def _secret_place(data: dict, where: str) -> tuple[dict, str, str]:
    """(the table, the key, the key's name in errors) of each NAME of a variable holding a secret."""
    if where == "mailbox":
        return data["mailboxes"][1], "password_env", "mailboxes[2].password_env"
    if where == "smtp":
        return data["smtp"], "password_env", "smtp.password_env"
    if where == "database":
        data["database_url"] = "postgresql+psycopg://intake@db.example/intake?sslmode=verify-full"
        return data, "database_password_env", "database_password_env"
    if where == "oauth":
        box = data["mailboxes"][0]
        for k in ("host", "port", "security", "password_env", "username"):
            box.pop(k, None)
        box.update(provider="microsoft365", tenant="ville-bethune.fr", client_id="1111-2222")
        return box, "client_secret_env", "mailboxes[1].client_secret_env"
    return data, "token_key_env", "token_key_env"


@pytest.mark.parametrize("where", ["mailbox", "smtp", "database", "oauth", "token"])
@pytest.mark.parametrize("secret", ["Bethune2026", "hunter2", "motdepasse"])
def test_a_password_written_in_place_of_its_variable_s_name_is_refused_and_never_shown(where, secret):
    """The admin's first week (admin11): `password_env = "hunter2"`, the password itself, passed because it could be a
    variable's name; `intake rules check` then printed « la variable d'environnement hunter2 ... n'est pas définie »,
    the password on the screen. A name is written in capitals (INTAKE_SMTP_PASSWORD, as README and
    config.example.toml write them): any other is refused, the value never repeated, the fix given."""
    data = example()
    table, key, named = _secret_place(data, where)
    table[key] = secret
    e = error(data)
    assert e.key == named and secret not in str(e), str(e)
    assert "en majuscules, chiffres et _" in str(e) and "/etc/intake/secrets.env" in str(e)
    assert "=..." in str(e)  # the line to write in secrets.env, under the example name


def test_the_example_s_variable_names_are_all_in_capitals():
    text = EXAMPLE.read_text(encoding="utf-8")
    names = re.findall(r'_env = "([^"]*)"', text)
    assert names and all(re.fullmatch(r"[A-Z_][A-Z0-9_]*", n) for n in names), names


@pytest.mark.parametrize("old, new, key, said", [
    ('time = "08:30"', "time = 08:30:00", "digest.time", '08:30:00 : écrivez-la entre guillemets, time = "08:30"'),
    ('purge_time = "03:30"', "purge_time = 03:30:00", "privacy.purge_time",
     'écrivez-la entre guillemets, purge_time = "03:30"'),
    ('host = "imap.ville-bethune.fr"', "host = true", "mailboxes[1].host", "trouvé true"),
    ("port = 993", 'port = "993"', "mailboxes[1].port", '"993" : un nombre s\'écrit sans guillemets, port = 993'),
])
def test_a_value_of_another_kind_is_shown_as_the_admin_wrote_it(tmp_path, old, new, key, said):
    """The admin's first week (admin11): `time = 08:30:00` (an hour as TOML writes one) was answered « attendu : un
    texte entre guillemets, trouvé datetime.time(8, 30) », Python's words; `host = true`, « trouvé True »."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    e = file_error(tmp_path, text.replace(old, new, 1))
    assert e.key == key and said in str(e), str(e)
    assert "datetime" not in str(e) and "True" not in str(e)


@pytest.mark.parametrize("written, said", [
    ("since = 30/11/2026", "30/11/2026 n'est pas une date valide (ligne {line}) : écrivez-la AAAA-MM-JJ "
                           "(année-mois-jour), sans guillemets, since = 2026-11-30"),
    ("since = 2026-11-1", "2026-11-1 n'est pas une date valide (ligne {line}) : écrivez-la AAAA-MM-JJ "
                          "(année-mois-jour), sans guillemets, since = 2026-11-01"),
    ("since = 31/02/2026", "par exemple since = 2026-11-01"),  # no such day: an example, not a guess
    ('since = "30/11/2026"', '"30/11/2026" : une date s\'écrit AAAA-MM-JJ (année-mois-jour), sans guillemets : '
                             "since = 2026-11-30 (ligne {line})"),
    ('since = "2026-11-01"', "sans guillemets : since = 2026-11-01 (ligne {line})"),
    ('since = "hier"', "donnez la date à partir de laquelle le courrier est traité"),
])
def test_a_since_written_the_french_way_is_given_back_as_the_line_to_write(tmp_path, written, said):
    """The admin's first week (admin11): `since = 30/11/2026` was told to write the date AAAA-MM-JJ « par exemple
    since = 2026-11-01 », another date than theirs; now the line to write is theirs, 2026-11-30."""
    text = EXAMPLE.read_text(encoding="utf-8")
    at = text.index("since = 2026-11-01")
    broken = text[:at] + written + text[text.index("  ", at):]
    line = broken[:at].count("\n") + 1
    e = file_error(tmp_path, broken)
    assert e.key == "mailboxes[1].since" and said.format(line=line) in str(e), str(e)


def test_a_text_missing_its_opening_quote_is_given_back_with_one_pair_of_quotes(tmp_path):
    """`host = imap.ville-bethune.fr"` was told to write `host = "imap.ville-bethune.fr""`, with a quote too many."""
    text = EXAMPLE.read_text(encoding="utf-8")
    e = file_error(tmp_path, text.replace('host = "imap.ville-bethune.fr"', 'host = imap.ville-bethune.fr"', 1))
    assert e.key == "mailboxes[1].host" and str(e).endswith(
        'un texte s\'écrit entre guillemets, host = "imap.ville-bethune.fr"'), str(e)


@pytest.mark.parametrize("old, new, key, said", [
    ("[[mailboxes]]", "[mailbox]", "mailbox", "écrivez [[mailboxes]], avec deux crochets de chaque côté, une fois "
                                              "par boîte aux lettres"),
    ("[[staff]]", "[[staf]]", "staf", "écrivez [[staff]], avec deux crochets de chaque côté, une fois par personne"),
    ("[digest]", "[digests]", "digests", "en-tête inconnu : écrivez [digest]"),
])
def test_a_misspelt_table_header_is_given_back_as_the_header_to_write(tmp_path, old, new, key, said):
    """The admin's first week (admin11): `[mailbox]` was answered « clé inconnue : vouliez-vous dire 'mailboxes' ? »:
    written [mailboxes] as told, it was refused again (one pair of brackets). The header is given whole."""
    text = EXAMPLE.read_text(encoding="utf-8")
    e = file_error(tmp_path, text.replace(old, new, 1))
    assert e.key == key and said in str(e), str(e)


@pytest.mark.parametrize("old, new, key, said", [
    ('recipients = ["n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"]',
     'recipients = "n.bataillon@ville-bethune.fr"', "digest.recipients",
     'même pour une seule adresse : recipients = ["n.bataillon@ville-bethune.fr"]'),
    ('recipients = ["n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"]',
     'recipients = ["Nicolas <n.bataillon@ville-bethune.fr>"]', "digest.recipients",
     'écrivez l\'adresse seule, sans le nom ni les chevrons < >, "n.bataillon@ville-bethune.fr"'),
    ('recipients = ["n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"]',
     'recipients = ["n.bataillon@ville-bethune.fr; d.berteloot@ville-bethune.fr"]', "digest.recipients",
     'recipients = ["n.bataillon@ville-bethune.fr", "d.berteloot@ville-bethune.fr"]'),
    ('email = "n.bataillon@ville-bethune.fr"\nname', 'email = "Nicolas <N.Bataillon@ville-bethune.fr>"\nname',
     "staff[1].email", 'sans le nom ni les chevrons < >, email = "n.bataillon@ville-bethune.fr"'),
    ('address = "n.bataillon@ville-bethune.fr"', 'address = "N. Bataillon <n.bataillon@ville-bethune.fr>"',
     "mailboxes[1].address", 'sans le nom ni les chevrons < >, address = "n.bataillon@ville-bethune.fr"'),
])
def test_an_address_copied_from_a_mail_program_is_given_back_as_the_line_to_write(tmp_path, old, new, key, said):
    """The admin's first week (admin11): « Nicolas <n.bataillon@...> » pasted from Outlook was answered « n'est pas une
    adresse électronique », lower-cased, with no fix; one address without brackets, « attendu : une liste »."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    e = file_error(tmp_path, text.replace(old, new, 1))
    assert e.key == key and said in str(e), str(e)


@pytest.mark.parametrize("old, new, said", [
    ('time = "08:30"', "time = 8h30", 'une heure s\'écrit entre guillemets, time = "08:30"'),
    ('purge_time = "03:30"', "purge_time = 3h", 'une heure s\'écrit entre guillemets, purge_time = "03:00"'),
    ("timeout = 30 ", "timeout = 30s ", "sans unité ni mot, timeout = 30"),  # not an hour: a number
])
def test_an_hour_written_without_quotes_is_given_back_with_them(tmp_path, old, new, said):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    e = file_error(tmp_path, text.replace(old, new, 1))
    assert said in str(e), str(e)


@pytest.mark.parametrize("edit, key, said", [
    (lambda t: t + '\nautomatic_senders = ["contact@ville-bethune.fr"]\n', "limits.automatic_senders",
     "automatic_senders se place sous l'en-tête [trust], pas sous [limits] : déplacez la ligne sous [trust]"),
    (lambda t: 'automatic_senders = ["contact@ville-bethune.fr"]\n' + t, "automatic_senders",
     "automatic_senders se place sous l'en-tête [trust], pas en haut du fichier"),
    (lambda t: t.replace("\n[smtp]\n", "\n[smtp]\nsince = 2026-11-01\n", 1), "smtp.since",
     "since se place sous l'en-tête [[mailboxes]], pas sous [smtp]"),
    (lambda t: t.replace("skip_when_empty = false", 'skip_when_empty = false\npurge_time = "03:30"', 1),
     "digest.purge_time", "purge_time se place sous l'en-tête [privacy], pas sous [digest]"),
])
def test_a_key_written_under_another_section_is_sent_to_its_own(tmp_path, edit, key, said):
    """The admin's first week (admin11): `automatic_senders` pasted at the end of the file (under [limits], the last
    header) was answered « clé inconnue : clés permises : cases_per_robot_per_day, ... », ten keys and no word of
    [trust]."""
    e = file_error(tmp_path, edit(EXAMPLE.read_text(encoding="utf-8")))
    assert e.key == key and said in str(e), str(e)


def test_a_missing_service_table_is_named_as_a_table(tmp_path):
    """An admin who left out the whole [service] table was told « service.email: manquant : cette clé est obligatoire
    (ligne 1) »: a key of a table that is not there, at a line that has nothing to do with it."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("\n[service]\n")
    text = text[:start] + text[text.index("\n[schedule]\n"):]
    e = file_error(tmp_path, text)
    assert e.key == "service" and "pas de table [service]" in str(e) and "config.example.toml" in str(e)
    assert "ligne 1" not in str(e)


def test_rules_check_says_a_since_still_to_come():
    """A new admin's typo, since = 2036-11-01 for 2026-11-01, passed `intake rules check`, and `intake poll` then
    ignored every message (« 5 nouveaux, 0 classé, 5 ignorés ») without saying why."""
    from datetime import date, datetime, timezone

    from intake.commands.rules_check import future_since

    data = example()
    data["mailboxes"][1]["since"] = date(2036, 11, 1)
    settings = parse(data, "config.toml", EXAMPLE.parent)
    said = future_since(settings, datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    assert len(said) == 1 and said[0].startswith("À vérifier : config.toml : mailboxes[2].since = 2036-11-01")
    assert "d.berteloot" in said[0] and "corrigez since" in said[0]
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    assert future_since(parse(example(), "config.toml", EXAMPLE.parent), now) == []


def test_rules_check_says_no_one_gets_the_digest():
    """A config without [digest] (or with recipients = []) ran with no digest ever sent, and nothing said so."""
    from intake.commands.rules_check import no_digest

    data = example()
    assert no_digest(parse(data, "config.toml", EXAMPLE.parent)) == []
    del data["digest"]
    said = no_digest(parse(data, "config.toml", EXAMPLE.parent))
    assert len(said) == 1 and said[0].startswith("À vérifier : config.toml : [digest] recipients est vide"), said
    data["digest"] = {"recipients": []}
    assert "n'est envoyé à personne" in no_digest(parse(data, "config.toml", EXAMPLE.parent))[0]


def test_a_mailbox_block_copied_with_the_other_s_address_is_refused_but_an_import_folder_may_share_it():
    """The admin copied the first [[mailboxes]], changed its name and not its address: two server mailboxes
    answering as one, accepted without a word."""
    data = example()
    data["mailboxes"][1]["address"] = "N.Bataillon@ville-bethune.fr"
    e = error(data)
    assert e.key == "mailboxes[2].address" and "déjà l'adresse de la boîte n.bataillon" in str(e), str(e)
    data = example()  # an import of n.bataillon's old mail, read from a folder, is under the same address
    box = data["mailboxes"][1]
    for key in ("host", "port", "security", "username", "password_env", "folder", "timeout"):
        box.pop(key, None)
    box.update(address="n.bataillon@ville-bethune.fr", path="/srv/import/mail")
    assert len(parse(data, "config.toml", EXAMPLE.parent).mailboxes) == 2


def test_rules_check_says_when_no_staff_member_can_sign_in_to_the_console():
    """Without [[staff]] the check said « OK », and the console then mailed its sign-in link to nobody."""
    from intake.commands.rules_check import no_staff

    data = example()
    del data["staff"]
    said = no_staff(parse(data, "config.toml", EXAMPLE.parent))
    assert len(said) == 1 and said[0].startswith("À vérifier : config.toml : aucun [[staff]] : personne ne peut")
    assert no_staff(parse(example(), "config.toml", EXAMPLE.parent)) == []


def test_a_relative_ca_file_is_found_beside_config_toml_whatever_the_current_folder(tmp_path, monkeypatch):
    """config.example.toml says relative paths are relative to its folder; ca_file was looked for in the current
    folder, so README's step 6 (`cd /` first) said « fichier town-ca.pem introuvable »."""
    from servers import make_self_signed_cert

    cert, _ = make_self_signed_cert(tmp_path)
    (tmp_path / "town-ca.pem").write_bytes(cert.read_bytes())
    text = EXAMPLE.read_text(encoding="utf-8").replace('# ca_file = "/etc/intake/town-ca.pem"      # only',
                                                       'ca_file = "town-ca.pem"      # only')
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir("/")
    settings = load(tmp_path / "config.toml")
    assert settings.mailboxes[0].server.ca_file == str(tmp_path / "town-ca.pem")


@pytest.mark.parametrize("host, fix", [
    ("imaps://imap.ville-bethune.fr", 'host = "imap.ville-bethune.fr"'),
    ("imap.ville-bethune.fr:993", 'host = "imap.ville-bethune.fr", et le port à part : port = 993'),
    ("imap.ville-bethune.fr ", 'host = "imap.ville-bethune.fr"'),
])
def test_a_host_written_as_a_mail_program_shows_it_says_the_name_to_write(host, fix):
    """It was looked up whole: « serveur imaps://imap.ville-bethune.fr introuvable (DNS ...) » at every poll."""
    data = example()
    data["mailboxes"][0]["host"] = host
    said = str(error(data))
    assert "mailboxes[1].host" in said and "écrivez le nom du serveur seul" in said and fix in said, said


def test_rules_check_says_when_no_dpo_is_named():
    """The example leaves [privacy] dpo commented: the check said « OK » while the register said the DPO « à
    compléter » and the receipts named the service's address for a person's data."""
    from intake.commands.rules_check import no_dpo

    said = no_dpo(parse(example(), "config.toml", EXAMPLE.parent))
    assert len(said) == 1 and said[0].startswith("À vérifier : config.toml : [privacy] dpo n'est pas renseigné"), said
    assert "n.bataillon@ville-bethune.fr" in said[0] and "« à compléter »" in said[0]
    data = example()
    data["privacy"]["dpo"] = "dpo@ville-bethune.fr"
    assert no_dpo(parse(data, "config.toml", EXAMPLE.parent)) == []
