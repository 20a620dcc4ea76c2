"""The installation's secret key, `data_dir/web-secret.key` (mode 0600): made once, at random, on first use.

It signs the console's cookies and keys its CSRF tokens and rate-limit hashes (web/security.py), and keys the hashes
the daily reading budgets store instead of senders' addresses (core/reading_budget.py `sealed`): a copy of the
database alone forges nothing and names nobody. Deleting it signs everyone out of the console (once it is restarted:
it reads the key at its start) and forgets the day's reading counts (the worker reads the key again at each poll: they
are found under the new key's hashes no more, each sender's budget starts again).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from intake.errors import IntakeError

KEY_FILE = "web-secret.key"


def load_secret(data_dir: Path) -> bytes:
    """The secret key, created on first use (readable by its owner only). The worker and the console may both be the
    first: the key is written in a file of its own, then linked to its name, so that neither reads it half-written."""
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        draft = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(32) + "\n")
                out.flush()
                os.fsync(out.fileno())  # on disk before it has its name: a power cut never leaves an empty key
            try:
                os.link(draft, path)
            except FileExistsError:  # the other one was first: its key is the key
                pass
        finally:
            draft.unlink(missing_ok=True)
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii", errors="replace").strip())
    except ValueError:
        key = b""
    if len(key) < 32:
        raise IntakeError(f"{path} : ce n'est pas la clé de l'installation (64 chiffres hexadécimaux) : supprimez le "
                          "fichier, une nouvelle clé est créée (chacun doit alors se reconnecter à la console)")
    return key
