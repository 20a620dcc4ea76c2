"""What a failure of the system around intake means, in one line for the admin, with what to do.

Python's own texts name neither the server nor the fix (`[Errno -2] Name or service not known`,
`[Errno 13] Permission denied`, `Response status "OK" expected, but "NO" received`). These functions say
which host, account, variable or file is concerned, and what to check or run. The lines are French, like
everything staff and the admin read in the digest and the console.
"""

from __future__ import annotations

import errno
import os
import pwd
import re
import socket
import ssl
from pathlib import Path


def login_refused(host: str, port: int, user: str, variable: str) -> str:
    """A server refused the account's password."""
    where = f"la variable d'environnement {variable}" if variable else "password_env (aucune variable indiquée)"
    return (f"identifiant ou mot de passe refusé par {host}:{port} pour le compte {user} : vérifiez le mot de passe "
            f"dans {where}")


_PORTS = {"IMAP": 'port 993 avec security = "tls", 143 avec "starttls"',
          "SMTP": 'port 465 avec security = "tls", 587 avec "starttls"'}


def not_this_protocol(host: str, port: int, protocol: str, greeting: str) -> str:
    """A server that answered, but not in `protocol` (IMAP or SMTP): the port of another service (the relay's for a
    mailbox, the mailbox's for the relay). What it said shows which one."""
    said = " ".join(re.sub(r"\[[^\]]*\]", "", greeting).split())[:120]  # « * OK Dovecot ready. »: no capabilities
    return (f"{host}:{port} a répondu, mais pas en {protocol} (« {said} ») : ce port est celui d'un autre service ; "
            f"vérifiez port (un serveur {protocol} : {_PORTS[protocol]})")


def closed_at_once(host: str, port: int) -> str:
    """A server that took the connection and closed it before its first word: a firewall or a service that will not
    talk to this machine, or a port that waits for TLS closing on a client that sent none."""
    return (f"connexion fermée par {host}:{port} dès l'ouverture, sans réponse : vérifiez host, port et security (tls "
            "pour le port 993 ou 465, starttls pour 143 ou 587), et qu'un pare-feu ou le serveur accepte cette "
            "machine")


def network(exc: BaseException, host: str, port: int) -> str | None:
    """A connection that could not be made or went wrong, said with its host; None when `exc` is none of these."""
    if isinstance(exc, socket.gaierror):
        return (f"serveur {host} introuvable (DNS : {exc.strerror or exc}) : vérifiez le nom (host) et la "
                "connexion du serveur au réseau")
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_code in (9, 10):  # not yet valid, expired
        state = "n'est pas encore valable" if exc.verify_code == 9 else "a expiré"
        return (f"le certificat de {host}:{port} {state} : faites-le renouveler par qui gère ce serveur, ou, s'il "
                "est à jour, vérifiez la date et l'heure de cette machine (timedatectl) ; ca_file n'y change rien")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"certificat de {host}:{port} refusé ({exc.verify_message or exc}) : vérifiez host, ou donnez le "
                "certificat de l'autorité de la ville (ca_file)")
    if isinstance(exc, ssl.SSLError):
        return (f"échec TLS avec {host}:{port} ({exc.reason or exc}) : vérifiez security (tls pour le port 993 "
                "ou 465, starttls pour 143 ou 587)")
    if isinstance(exc, ConnectionRefusedError):
        return f"connexion refusée par {host}:{port} : vérifiez host, port et security, et que le serveur tourne"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        # A server that waits for TLS at once (993, 465) says nothing to a client that waits for its greeting
        # (security = "starttls"): the same silence as a firewall, and the likelier one on a new installation.
        return (f"pas de réponse de {host}:{port} dans le délai (timeout) : serveur injoignable, pare-feu, ou "
                "security qui ne va pas avec ce port : tls pour le port 993 ou 465, starttls pour 143 ou 587")
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, EOFError)):
        return (f"connexion coupée par {host}:{port} ({type(exc).__name__}) : nouvel essai au prochain passage ; si "
                "elle l'est à chaque fois, vérifiez host, port et security, et qu'un pare-feu ou le serveur accepte "
                "cette machine")
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{host}:{port} injoignable ({exc.strerror or exc}) : vérifiez host, port et le réseau"
    return None


def permission(exc: PermissionError | OSError, data_dir: Path | None = None) -> str:
    """A file or folder the user running intake may not read or write: whose it is and what to run."""
    path = Path(exc.filename) if exc.filename else (data_dir or Path("."))
    return f"{path} : accès refusé (Permission denied) : {permission_fix(path, data_dir)}"


def permission_fix(path: Path, data_dir: Path | None = None) -> str:
    """What to run so that the user running intake may use `path`: a chown of intake's folder to this user when
    it belongs to root, else run intake as its owner (the service's user)."""
    me = _user(os.geteuid())
    owner_uid = _owner(Path(path))
    folder = data_dir if data_dir is not None and _inside(Path(path), Path(data_dir)) else Path(path)
    if owner_uid is None or me == "root":
        return f"donnez-le à l'utilisateur du service : chown -R intake:intake {folder}"
    owner = _user(owner_uid)
    if owner_uid == 0:
        return (f"il appartient à root (une commande lancée en root ?) : chown -R {me}:{_group(os.getegid())} "
                f"{folder}, puis lancez intake en tant que {me}")
    if owner != me:
        return (f"il appartient à {owner} : lancez intake en tant que {owner} (sudo -u {owner} intake ...), "
                f"ou chown -R {me} {folder}")
    return f"vérifiez ses droits (ls -ld {path}) et ceux des dossiers au-dessus"


def admin_file_fix(path: Path) -> str:
    """What to run so that intake may read a file the admin edits (config.toml, rules/, templates/): root keeps it,
    the service's group reads it (README, installation step 4). An editor or a cp as root leaves a new file root's
    alone, and `permission_fix`'s « chown intake » would let the service rewrite its own configuration."""
    group = _group(os.getegid())
    owner_uid = _owner(Path(path))
    owner = _user(owner_uid) if owner_uid is not None else "root"
    return (f"intake le lit en tant que {_user(os.geteuid())} (groupe {group}) : laissez-le à {owner} et "
            f"donnez-le en lecture au groupe : chown {owner}:{group} {path} && chmod u=rwX,g=rX,o= {path} (pour "
            f"tout le dossier, comme à l'installation du README : chown -R root:{group} /etc/intake && chmod -R "
            "u=rwX,g=rX,o= /etc/intake)")


def _owner(path: Path) -> int | None:
    """The owner of `path`, or of its nearest existing parent."""
    for candidate in (path, *path.parents):
        try:
            return candidate.stat().st_uid
        except PermissionError:
            continue  # a parent we cannot search: look higher
        except OSError:
            continue
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def failure_text(exc: BaseException, data_dir: Path | None = None) -> str:
    """One line for a failure of a mailbox or of the outbox: the package's own errors say it already; a
    permission error says what to chown; anything else is named by its type (a system error with its errno and the
    system's words), never by Python's text (adapters/failures.py kind). It is kept as the
    mailbox's last error (the digest, the console), printed by `intake poll` and logged: a database error gives
    the first line of its driver's text only, never its statement nor PostgreSQL's DETAIL line, which quotes the
    values of the row it refused (« Key (case_id, address)=(3, jeanne@x) already exists »)."""
    from sqlalchemy.exc import DBAPIError

    from intake.core.masking import mask_addresses
    from intake.errors import IntakeError

    if isinstance(exc, PermissionError):
        return permission(exc, data_dir)
    full = disk_full(exc, data_dir)
    if full:
        return full
    if isinstance(exc, IntakeError):
        return str(exc)
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        first = (str(exc.orig).strip().splitlines() or [""])[0]
        return f"erreur de la base de données ({type(exc.orig).__name__}) : {mask_addresses(first)}"
    if isinstance(exc, OSError):  # a full disk, a missing file: the system's, not a bug
        return f"erreur du système {kind(exc)}"
    return f"erreur inattendue {kind(exc)}"


SQLITE_FULL = 13  # « database or disk is full »
SQLITE_ERROR = 1  # SQLite's generic code: « no such table », « no such column », a syntax error (the query's fault)
# PostgreSQL's classes of errors that are the server's state, not the query: connection (08), insufficient resources
# (53: disk full, memory, too many clients), operator intervention (57: shutdown, starting up, statement timeout),
# system (58: I/O); and a lock not had within lock_timeout (55P03), as SQLite locked past its wait
POSTGRES_NOT_ANSWERING = ("08", "53", "57", "58", "55P03")


def database_unavailable(exc: BaseException) -> bool:
    """The database does not answer for now: a server stopped, restarting or out of reach, a full disk, SQLite
    locked past its wait or a file it cannot open. Staff are told so (the console's 503 page, the command line's
    line), the journal has one line. The drivers also raise OperationalError for a query that can never succeed:
    SQLite's « no such table », « no such column » and syntax errors (SQLITE_ERROR), PostgreSQL's « statement too
    complex » (54) or a deadlock (40P01). Those are intake's bugs (or a database that is not its own), said as
    such, with their frames; never as a database that does not answer."""
    from sqlalchemy.exc import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    if exc.connection_invalidated:  # SQLAlchemy saw the connection drop
        return True
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF != SQLITE_ERROR  # an extended code's low byte is its primary code
    if hasattr(exc.orig, "sqlstate"):  # psycopg: None when the client itself failed (refused, lost, timed out)
        state = getattr(exc.orig, "sqlstate", None)
        return state is None or state.startswith(POSTGRES_NOT_ANSWERING)
    return True  # another driver: taken as before, an OperationalError is the database's
POSTGRES_DISK_FULL = "53100"


def disk_full(exc: BaseException, data_dir: Path | None = None) -> str | None:
    """A full disk (or quota), said as what it is and what to do, whether the file store (ENOSPC, EDQUOT), SQLite
    (SQLITE_FULL) or PostgreSQL (53100) met it; None for any other error. The poll's transaction is rolled back and
    the message stays unread in its mailbox: it is read again, once, by the first poll after space is freed."""
    from sqlalchemy.exc import DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    folder = str(data_dir) if data_dir is not None else "data_dir"
    if isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f"le disque de {folder}{errno_words(orig)}"
    elif getattr(orig, "sqlite_errorcode", None) == SQLITE_FULL:
        where = f"le disque de la base SQLite ({folder})"
    elif getattr(orig, "sqlstate", None) == POSTGRES_DISK_FULL:
        return ("disque plein sur le serveur PostgreSQL : libérez de la place sur ce serveur ; rien n'est perdu, le "
                "courrier reste dans les boîtes et sera relevé au prochain passage")
    else:
        return None
    return (f"disque plein : plus de place sur {where} ; libérez de la place (df -h {folder}) : rien n'est perdu, le "
            "courrier reste dans les boîtes et sera relevé au prochain passage")


def kind(exc: BaseException) -> str:
    """An error named without its text: its type, and a system error's number and the system's words for it
    (« OSError [ENOSPC: No space left on device] »), never its file's name. Python's text quotes what the code held
    (a subject, a file's name, an address in a street), and this line goes where the purge and an erasure do not
    reach (the journal, stderr under systemd) or where staff read it (a mailbox's last error)."""
    return f"{type(exc).__name__}{errno_words(exc)}"


def errno_words(exc: BaseException) -> str:
    """« [ENOSPC: No space left on device] » for a system error with a known number (also in pipeline/tracebacks.py);
    "" for any other error."""
    code = getattr(exc, "errno", None) if isinstance(exc, OSError) else None
    if not isinstance(code, int) or code not in errno.errorcode:  # a resolver's (negative) or SSL's number: not errno
        return ""
    return f" [{errno.errorcode[code]}: {os.strerror(code)}]"
