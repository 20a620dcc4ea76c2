"""auth = "oauth2" in config.toml: presets, defaults and the mistakes an admin makes."""

import tomllib
from pathlib import Path

import pytest

from intake.config import parse, require_secrets
from intake.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def example() -> dict:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def with_mailbox(**keys) -> dict:
    data = example()
    box = data["mailboxes"][0]
    for k in ("host", "port", "security", "password_env", "username"):
        box.pop(k, None)
    box.update(keys)
    return data


def error(data: dict) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse(data, "config.toml", EXAMPLE.parent)
    return caught.value


def test_microsoft365_application_access_needs_only_three_values():
    data = with_mailbox(provider="microsoft365", tenant="ville-bethune.fr", client_id="1111-2222",
                        client_secret_env="INTAKE_OAUTH_SECRET")
    server = parse(data, "config.toml", EXAMPLE.parent).mailboxes[0].server
    assert (server.host, server.port, server.security, server.auth) == ("outlook.office365.com", 993, "tls", "oauth2")
    assert server.oauth.flow == "client_credentials" and not server.oauth.needs_login
    assert server.oauth.token_url == "https://login.microsoftonline.com/ville-bethune.fr/oauth2/v2.0/token"
    assert server.oauth.scope == "https://outlook.office365.com/.default"


def test_microsoft365_smtp_preset_and_delegated_scopes():
    data = example()
    data["smtp"] = {"provider": "microsoft365", "tenant": "ville-bethune.fr", "client_id": "abc",
                    "flow": "device_code", "username": "intake@ville-bethune.fr"}
    smtp = parse(data, "config.toml", EXAMPLE.parent).smtp
    assert (smtp.host, smtp.port, smtp.security) == ("smtp.office365.com", 587, "starttls")
    assert smtp.oauth.device_url.endswith("/ville-bethune.fr/oauth2/v2.0/devicecode")
    assert "offline_access" in smtp.oauth.scope and "SMTP.Send" in smtp.oauth.scope and smtp.oauth.needs_login


def test_google_signs_in_with_the_browser_flow():
    data = with_mailbox(provider="google", client_id="x.apps.googleusercontent.com",
                        client_secret_env="INTAKE_GOOGLE_SECRET")
    server = parse(data, "config.toml", EXAMPLE.parent).mailboxes[0].server
    assert (server.host, server.port) == ("imap.gmail.com", 993)
    assert server.oauth.flow == "authorization_code" and server.oauth.scope == "https://mail.google.com/"


def test_a_given_host_wins_over_the_preset():
    data = with_mailbox(provider="microsoft365", tenant="t.fr", client_id="c", client_secret_env="S",
                        host="imap.proxy.local")
    assert parse(data, "config.toml", EXAMPLE.parent).mailboxes[0].server.host == "imap.proxy.local"


@pytest.mark.parametrize("keys, where, words", [
    ({"provider": "google", "client_id": "c", "flow": "device_code"}, "flow", "Google refuse"),
    ({"provider": "microsoft365", "client_id": "c", "client_secret_env": "S"}, "tenant", "tenant"),
    ({"provider": "outlook", "client_id": "c"}, "provider", "microsoft365, google"),
    ({"provider": "microsoft365", "tenant": "t.fr", "client_id": "c"}, "client_secret_env", "secret"),
    ({"provider": "microsoft365", "tenant": "t.fr", "client_id": "c", "client_secret_env": "my secret!"},
     "client_secret_env", "NOM d'une variable d'environnement"),
    ({"auth": "oauth2", "host": "h", "client_id": "c", "client_secret_env": "S", "scope": "s",
      "token_url": "http://idp.example/token"}, "token_url", "https://"),
    ({"auth": "oauth2", "host": "h", "client_id": "c", "client_secret_env": "S", "scope": "s"},
     "token_url", "manquant"),
    ({"auth": "oauth2", "host": "h", "client_id": "c", "token_url": "https://idp/t", "scope": "s",
      "flow": "device_code"}, "device_url", "manquant"),
    ({"host": "h", "client_id": "c", "password_env": "P"}, "client_id", "ne sert qu'avec auth"),
    ({"provider": "google", "client_id": "c", "password_env": "P"}, "password_env", "pas de mot de passe"),
    ({"auth": "kerberos", "host": "h"}, "auth", "password"),
])
def test_oauth_mistakes_name_the_key_and_the_fix(keys, where, words):
    e = error(with_mailbox(**keys))
    assert e.key == f"mailboxes[1].{where}" and words in str(e), str(e)


def test_smtp_with_oauth_names_its_account():
    data = example()
    data["smtp"] = {"provider": "google", "client_id": "c", "client_secret_env": "S"}
    e = error(data)
    assert e.key == "smtp.username"


def test_a_token_url_on_this_machine_may_be_plain_http():
    data = with_mailbox(auth="oauth2", host="h", client_id="c", client_secret_env="S", scope="s",
                        token_url="http://127.0.0.1:8080/token")
    assert parse(data, "config.toml", EXAMPLE.parent).mailboxes[0].server.oauth.token_url.startswith("http://")


def test_secrets_and_the_token_key_are_checked_before_any_network_work(monkeypatch):
    data = with_mailbox(provider="microsoft365", tenant="t.fr", client_id="c", client_secret_env="TEST_MS_SECRET",
                        flow="device_code")
    settings = parse(data, "config.toml", EXAMPLE.parent)
    for name in ("INTAKE_DBERTELOOT_PASSWORD", "INTAKE_SMTP_PASSWORD"):
        monkeypatch.setenv(name, "x")
    monkeypatch.delenv("TEST_MS_SECRET", raising=False)
    with pytest.raises(ConfigError, match="TEST_MS_SECRET n'est pas définie"):
        require_secrets(settings)
    monkeypatch.setenv("TEST_MS_SECRET", "s")
    monkeypatch.delenv("INTAKE_TOKEN_KEY", raising=False)
    with pytest.raises(ConfigError, match="INTAKE_TOKEN_KEY n'est pas définie"):
        require_secrets(settings)
    monkeypatch.setenv("INTAKE_TOKEN_KEY", "k" * 40)
    require_secrets(settings)


def test_idle_can_be_turned_off_per_mailbox():
    data = example()
    data["mailboxes"][1]["idle"] = False
    boxes = parse(data, "config.toml", EXAMPLE.parent).mailboxes
    assert boxes[0].idle and not boxes[1].idle
    data["mailboxes"][1]["idle"] = "no"
    assert error(data).key == "mailboxes[2].idle"


def test_a_short_token_store_key_is_refused_before_a_token_is_stored(monkeypatch):
    """docs/oauth2.md: « without the key, the file is useless ». With a key such as « intake », anyone holding a copy
    of data_dir/tokens/ (a backup) finds it by trying words, and has the mailbox: a new sign-in refuses such a key,
    before asking the provider for anything."""
    from intake.commands.oauth_login import login

    data = with_mailbox(provider="microsoft365", tenant="t.fr", client_id="c", client_secret_env="TEST_MS_SECRET",
                        flow="device_code")
    settings = parse(data, "config.toml", EXAMPLE.parent)
    monkeypatch.setenv("TEST_MS_SECRET", "s")
    monkeypatch.setenv("INTAKE_TOKEN_KEY", "Bethune2026")
    said: list[str] = []
    with pytest.raises(ConfigError, match="INTAKE_TOKEN_KEY.*trop courte.*openssl rand -base64 32") as refused:
        login(settings, settings.mailboxes[0].name, said.append, wait=0.1)
    assert refused.value.key == "token_key_env" and said == []
