"""OAuth2 tokens at rest: one encrypted file per account in `data_dir/tokens/`, mode 0600.

The key is a passphrase from an environment variable (`token_key_env`, default INTAKE_TOKEN_KEY;
`openssl rand -base64 32` makes a good one). Each file holds a random salt and a Fernet token
(AES-128-CBC + HMAC-SHA256, from `cryptography`) whose key is scrypt(passphrase, salt): a copy of
the file without the variable is useless, and a tampered file is refused, not half-read.
Files are replaced atomically, so a crash never leaves half a token.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from intake.adapters.storage import private_dir
from intake.errors import OAuthError

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class TokenStore:
    def __init__(self, directory: Path, passphrase: str, key_env: str = "INTAKE_TOKEN_KEY"):
        self.directory = Path(directory)
        self.passphrase = passphrase.encode("utf-8")
        self.key_env = key_env
        self._keys: dict[bytes, Fernet] = {}
        self._lock = threading.Lock()

    def path(self, account: str) -> Path:
        if not _NAME.match(account):
            raise ValueError(f"invalid account name {account!r}")
        return self.directory / f"{account}.token"

    def load(self, account: str) -> dict | None:
        """The stored token of `account`, or None when there is none."""
        path = self.path(account)
        try:
            stored = json.loads(path.read_text(encoding="ascii"))
            salt = base64.b64decode(stored["salt"])
            data = self._fernet(salt).decrypt(stored["data"].encode("ascii"))
            return json.loads(data)
        except FileNotFoundError:
            return None
        except InvalidToken:
            raise OAuthError(f"{path} : impossible à déchiffrer avec la clé de {self.key_env} (la clé a-t-elle "
                             f"changé ?) : relancez `intake auth login {account}`") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OAuthError(f"{path} : fichier de jeton illisible ({type(exc).__name__}) : "
                             f"relancez `intake auth login {account}`") from None

    def save(self, account: str, token: dict) -> Path:
        path = self.path(account)
        salt = os.urandom(16)
        data = self._fernet(salt).encrypt(json.dumps(token).encode("utf-8"))
        body = json.dumps({"v": 1, "salt": base64.b64encode(salt).decode("ascii"), "data": data.decode("ascii")})
        private_dir(self.directory)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(body)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)  # whatever the umask
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return path

    def _fernet(self, salt: bytes) -> Fernet:
        with self._lock:
            if salt not in self._keys:
                key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(self.passphrase)
                self._keys = {salt: Fernet(base64.urlsafe_b64encode(key))}  # only the latest: files are few
            return self._keys[salt]
