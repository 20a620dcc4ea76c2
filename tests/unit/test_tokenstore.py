"""The OAuth2 token store: encrypted, private, and clear about a wrong key or a damaged file."""

import json
import os
import stat

import pytest

from intake.adapters.tokenstore import TokenStore
from intake.errors import OAuthError

TOKEN = {"refresh_token": "rt-very-secret-value", "access_token": "at-secret", "expires_at": 1.0}


def test_a_token_comes_back_as_it_was_stored_and_is_unreadable_on_disk(tmp_path):
    store = TokenStore(tmp_path / "tokens", "passphrase-0123456789")
    path = store.save("n.bataillon", TOKEN)

    assert store.load("n.bataillon") == TOKEN
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert "rt-very-secret-value" not in text and "at-secret" not in text
    assert TokenStore(tmp_path / "tokens", "passphrase-0123456789").load("n.bataillon") == TOKEN


def test_the_file_stays_private_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        path = TokenStore(tmp_path, "k").save("smtp", TOKEN)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_token_yet_is_none(tmp_path):
    assert TokenStore(tmp_path, "k").load("d.berteloot") is None


def test_a_wrong_key_says_what_to_do(tmp_path):
    TokenStore(tmp_path, "the right key").save("nb", TOKEN)
    with pytest.raises(OAuthError) as caught:
        TokenStore(tmp_path, "another key", "INTAKE_TOKEN_KEY").load("nb")
    assert "INTAKE_TOKEN_KEY" in str(caught.value) and "intake auth login nb" in str(caught.value)


def test_a_tampered_file_is_refused_not_half_read(tmp_path):
    store = TokenStore(tmp_path, "k")
    path = store.save("nb", TOKEN)
    stored = json.loads(path.read_text())
    stored["data"] = stored["data"][:-8] + "AAAAAAAA"
    path.write_text(json.dumps(stored))
    with pytest.raises(OAuthError, match="intake auth login nb"):
        store.load("nb")
    path.write_text("not json")
    with pytest.raises(OAuthError, match="fichier de jeton illisible"):
        store.load("nb")


def test_account_names_cannot_leave_the_directory(tmp_path):
    with pytest.raises(ValueError):
        TokenStore(tmp_path, "k").path("../etc/passwd")
