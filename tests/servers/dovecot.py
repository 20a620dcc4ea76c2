"""A private, rootless Dovecot 2.3 instance on random loopback ports.

Follows ``/work/shared/notes/libraries.md`` section 6 ("Dovecot test config"):
the whole instance runs as one unprivileged user (``nobody:nogroup`` when the tests
run as root, otherwise the current user), in a ``tempfile.mkdtemp()`` directory,
with a self-signed certificate for ``localhost``/``127.0.0.1``.  Two deliberate
differences from the notes' config, both commented in CONFIG_TEMPLATE: one passwd-file
per user (a shared file is re-read at most once per second), and no anvil auth
penalty (a failed login would slow every later login from 127.0.0.1).

Every helper that talks IMAP uses the *stdlib* ``imaplib`` over STARTTLS (verifying
the test CA), not imap-tools, so the fixtures do not depend on the library the
application uses and cannot hide its bugs.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import re
import shutil
import smtplib
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from . import free_ports, make_self_signed_cert

INSTALL_HINT = (
    "Dovecot is not installed: run `bash scripts/test.sh` (it installs "
    "dovecot-imapd dovecot-lmtpd), or apt-get install -y dovecot-imapd dovecot-lmtpd"
)

CONFIG_TEMPLATE = """\
base_dir = {d}/run
state_dir = {d}/state
instance_name = {instance}
log_path = {d}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
mail_uid = {user}
mail_gid = {group}
first_valid_uid = 0
first_valid_gid = 0
ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login{oauth2_mechanisms}
mail_location = maildir:{d}/mail/%u
mail_fsync = never
# Not in the notes' config: one passwd-file per user ({d}/passwd.d/<user>) instead
# of a single {d}/passwd.  passwd-file stats its file at most once per second, so a
# user appended to a shared file right after another login is not found for up to
# 1 s (and each failed attempt costs auth_failure_delay = 2 s).  A new file is read
# on its first lookup, so add_user() takes effect immediately.
{oauth2_passdbs}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd.d/%u
  # "none": the userdb lookups of LMTP (static userdb) also ask this passdb
  mechanisms = plain login none
}}
userdb {{
  driver = static
  args = home={d}/mail/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
  mailbox Processed {{
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
{extra}
service anvil {{
  chroot =
  # Not in the notes' config: disable the per-IP auth penalty (mode 0 = no socket),
  # otherwise one test's failed login delays the next good login from 127.0.0.1
  # by ~4 s (measured).
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""

# With a token server: two oauth2 passdbs (XOAUTH2 and OAUTHBEARER), validating each token by
# introspection (POST token=..., RFC 7662) at the token server, never cached (auth_cache_size is 0).
# The first accepts a person's token for their own login; the second an application's token
# (client credentials) for any login of its domain, as Microsoft 365's application access does.
OAUTH2_PASSDBS = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {d}/oauth2-user.conf.ext
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {d}/oauth2-app.conf.ext
}}
"""
OAUTH2_USER = """\
introspection_mode = post
introspection_url = {url}/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
"""
OAUTH2_APP = """\
introspection_mode = post
introspection_url = {url}/introspect/app
force_introspection = yes
username_attribute = tenant
username_format = %Ld
active_attribute = active
active_value = true
"""

_APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]", re.IGNORECASE)
_FETCH_UID = re.compile(rb"\bUID (\d+)\b", re.IGNORECASE)
_STATUS_ITEM = re.compile(rb"\b(UIDVALIDITY|UIDNEXT|MESSAGES|UNSEEN|RECENT) (\d+)", re.IGNORECASE)
_CRLF = re.compile(rb"\r?\n")


def find_dovecot() -> tuple[str, str]:
    """Return the paths of ``dovecot`` and ``doveadm`` or fail the test with the install hint."""
    dovecot = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
    doveadm = shutil.which("doveadm") or ("/usr/bin/doveadm" if os.path.exists("/usr/bin/doveadm") else None)
    if not dovecot or not doveadm:
        pytest.fail(INSTALL_HINT, pytrace=False)
    if not shutil.which("openssl"):
        pytest.fail("openssl is not installed: run `bash scripts/test.sh` (it installs it), "
                    "or apt-get install -y openssl", pytrace=False)
    return dovecot, doveadm


class Dovecot:
    """A running private Dovecot.  Use as a context manager or call start()/stop().

    Attributes: ``host``, ``imap_port`` (plain, STARTTLS-capable), ``imaps_port``,
    ``lmtp_port``, ``ca_file`` (the self-signed ``cert.pem``, usable as ``cafile``),
    ``dir`` (scratch directory), ``password`` (the same for every user).

    Users live in one passwd-file each (``dir/passwd.d/<user>``), mail in
    ``dir/mail/<user>`` (maildir).  ``dir/dovecot.log`` is Dovecot's log (see :meth:`logs`).
    """

    host = "127.0.0.1"
    password = "secret"
    domain = "example.test"

    def __init__(self, token_url: str | None = None, extra_config: str = "") -> None:
        """``token_url``: a :class:`~servers.tokens.TokenServer` URL that validates OAuth2 logins
        (XOAUTH2, OAUTHBEARER); ``extra_config``: more dovecot.conf lines (e.g. ``imap_capability``)."""
        self.token_url = token_url
        self.extra_config = extra_config
        self.dovecot_bin, self.doveadm_bin = find_dovecot()
        self.dir = Path(tempfile.mkdtemp(prefix="intake-dovecot-"))
        self.imap_port, self.imaps_port, self.lmtp_port = free_ports(3, self.host)
        self.conf = self.dir / "dovecot.conf"
        self.passwd_dir = self.dir / "passwd.d"
        self.ca_file = str(self.dir / "cert.pem")
        self.log_file = self.dir / "dovecot.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._users: set[str] = set()
        self._users_lock = threading.Lock()
        if os.geteuid() == 0:
            pw = pwd.getpwnam("nobody")
            self._uid, self._gid = pw.pw_uid, grp.getgrnam("nogroup").gr_gid
            self._run_as: dict = {"user": self._uid, "group": self._gid, "extra_groups": []}
        else:
            self._uid, self._gid = os.getuid(), os.getgid()
            self._run_as = {}
        self._user_name = pwd.getpwuid(self._uid).pw_name
        self._group_name = grp.getgrgid(self._gid).gr_name

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> "Dovecot":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 15.0) -> None:
        try:
            self._prepare()
            # The ports were free when chosen but are not reserved; if another process
            # (e.g. a parallel test run) took one meanwhile, retry with new ports.
            for _attempt in range(3):
                if self._launch(timeout):
                    return
                self.imap_port, self.imaps_port, self.lmtp_port = free_ports(3, self.host)
            self._fail_start("ports kept being taken (Address already in use)")
        except BaseException:
            self.stop()  # no leftover master or directory, even on a failed start
            raise

    def _prepare(self) -> None:
        d = self.dir
        for sub in ("run", "state", "mail", "passwd.d"):
            (d / sub).mkdir()
        make_self_signed_cert(d)
        os.chmod(d, 0o755)  # mkdtemp makes it 0700

    def _launch(self, timeout: float) -> bool:
        """Start the master; True once it answers ``* OK``, False if a port was taken."""
        d = self.dir
        if self.token_url:
            (d / "oauth2-user.conf.ext").write_text(OAUTH2_USER.format(url=self.token_url))
            (d / "oauth2-app.conf.ext").write_text(OAUTH2_APP.format(url=self.token_url))
        self.conf.write_text(CONFIG_TEMPLATE.format(
            d=d, instance=f"intake-test-{self.imap_port}", user=self._user_name,
            group=self._group_name, imap_port=self.imap_port,
            imaps_port=self.imaps_port, lmtp_port=self.lmtp_port,
            oauth2_passdbs=OAUTH2_PASSDBS.format(d=d) if self.token_url else "",
            oauth2_mechanisms=" xoauth2 oauthbearer" if self.token_url else "",
            extra=self.extra_config,
        ))
        if os.geteuid() == 0:
            for root, _dirs, files in os.walk(d):
                os.chown(root, self._uid, self._gid)
                for name in files:
                    os.chown(os.path.join(root, name), self._uid, self._gid)
        self._stderr = open(d / "master.stderr", "wb")
        self.proc = subprocess.Popen(
            [self.dovecot_bin, "-F", "-c", str(self.conf)],
            stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=subprocess.STDOUT,
            **self._run_as,
        )
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                self.proc = None
                self._stderr.close()
                if "Address already in use" in (d / "master.stderr").read_text(errors="replace"):
                    return False
                self._fail_start(f"dovecot exited with status {rc}")
            try:
                with socket.create_connection((self.host, self.imap_port), timeout=2) as s:
                    s.settimeout(2)
                    banner = s.recv(1024)
                if banner.startswith(b"* OK"):
                    return True
                last_error = RuntimeError(f"unexpected banner {banner!r}")
            except OSError as e:
                last_error = e
            time.sleep(0.05)
        self._fail_start(f"no IMAP banner within {timeout}s ({last_error})")
        return False  # not reached

    def _fail_start(self, why: str) -> None:
        logs = self.logs()
        self.stop()
        pytest.fail(f"Dovecot did not start: {why}\n{logs}", pytrace=False)

    def logs(self) -> str:
        out = []
        for f in (self.dir / "master.stderr", self.log_file):
            with contextlib.suppress(OSError):
                out.append(f"--- {f.name}\n{f.read_text(errors='replace')[-4000:]}")
        return "\n".join(out)

    def stop(self) -> None:
        """SIGTERM the master (it stops its children), reap it, remove the directory."""
        if self.proc is not None:
            if self.proc.poll() is None:
                # SIGTERM only the master; it stops its children before exiting.
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(10)
            self.proc = None
            self._stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------------ users
    def add_user(self, name: str) -> str:
        """Create user ``name`` (a full login such as ``nb-1a2b3c4d@example.test``) with
        password :attr:`password`: writes ``name:{PLAIN}secret`` to its passwd-file
        ``dir/passwd.d/<name>``.  Usable immediately, no reload needed.  Returns ``name``."""
        # Dovecot lowercases logins (auth_username_format = %Lu) before the lookup.
        if (not name or name != name.lower() or name.startswith(".") or len(name) > 200
                or any(c in name for c in ":/\\%\0") or any(c.isspace() for c in name)):
            raise ValueError(f"invalid Dovecot user name {name!r}")
        with self._users_lock:
            if name in self._users:
                raise ValueError(f"user {name!r} already exists")
            tmp = self.passwd_dir / f".{name}.tmp"
            tmp.write_text(f"{name}:{{PLAIN}}{self.password}\n")
            if os.geteuid() == 0:
                os.chown(tmp, self._uid, self._gid)
            tmp.rename(self.passwd_dir / name)  # atomic: never a half-written file
            self._users.add(name)
        return name

    def refuse_logins(self, name: str, refuse: bool = True) -> None:
        """Make the server refuse ``name``'s logins (its passwd-file gets another password), or take
        them again (``refuse=False``). Sessions already open go on: kick them to drop them. passwd-file
        stats its file at most once per second, so this waits that second out."""
        with self._users_lock:
            if name not in self._users:
                raise ValueError(f"no user {name!r}")
            secret = "refused-" + self.password if refuse else self.password
            tmp = self.passwd_dir / f".{name}.tmp"
            tmp.write_text(f"{name}:{{PLAIN}}{secret}\n")
            if os.geteuid() == 0:
                os.chown(tmp, self._uid, self._gid)
            tmp.rename(self.passwd_dir / name)
        time.sleep(1.1)

    def has_user(self, name: str) -> bool:
        return name.lower() in self._users

    # ------------------------------------------------------------------ IMAP helpers
    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts the test certificate (hostname checked)."""
        return ssl.create_default_context(cafile=self.ca_file)

    @contextlib.contextmanager
    def imap(self, user: str, timeout: float = 10.0) -> Iterator[imaplib.IMAP4]:
        """A logged-in stdlib ``imaplib.IMAP4`` over STARTTLS, logged out afterwards."""
        client = imaplib.IMAP4(self.host, self.imap_port, timeout=timeout)
        try:
            client.starttls(ssl_context=self.ssl_context())
            client.login(user, self.password)
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.logout()
            with contextlib.suppress(Exception):
                client.shutdown()

    @staticmethod
    def _ok(result: tuple[str, list], what: str) -> list:
        typ, data = result
        if typ != "OK":
            raise imaplib.IMAP4.error(f"{what} failed: {typ} {data!r}")
        return data

    def append(self, user: str, raw: bytes, flags: Iterable[str] = (),
               when: datetime | None = None, folder: str = "INBOX") -> int:
        """APPEND ``raw`` to ``folder`` and return its UID (from APPENDUID).

        Note that imaplib turns bare LF line endings into CRLF before sending.
        A naive ``when`` is taken as UTC.
        """
        flag_str = "(" + " ".join(flags) + ")" if flags else None
        date = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            date = imaplib.Time2Internaldate(when)
        with self.imap(user) as c:
            data = self._ok(c.append(folder, flag_str, date, raw), "APPEND")
        m = _APPENDUID.search(data[0] or b"")
        if not m:
            raise AssertionError(f"no APPENDUID in APPEND response {data!r}")
        return int(m.group(2))

    def status(self, user: str, folder: str = "INBOX") -> dict[str, int]:
        """STATUS of ``folder``: MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN."""
        with self.imap(user) as c:
            data = self._ok(c.status(folder, "(MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)"), "STATUS")
        return {k.decode().upper(): int(v) for k, v in _STATUS_ITEM.findall(data[0])}

    def uidvalidity(self, user: str, folder: str = "INBOX") -> int:
        return self.status(user, folder)["UIDVALIDITY"]

    def _examine(self, c: imaplib.IMAP4, folder: str) -> int:
        """EXAMINE (read-only SELECT) ``folder``; return its message count."""
        data = self._ok(c.select(folder, readonly=True), f"EXAMINE {folder}")
        return int(data[0])

    def flags(self, user: str, uid: int, folder: str = "INBOX") -> set[str]:
        """Flags of message ``uid`` read via EXAMINE (never changes them).

        ``\\Recent`` is session-specific and therefore left out.  Raises KeyError if
        there is no such UID.
        """
        with self.imap(user) as c:
            self._examine(c, folder)
            data = self._ok(c.uid("FETCH", str(uid), "(FLAGS)"), "UID FETCH FLAGS")
        for item in data:
            m = _FETCH_UID.search(item) if isinstance(item, bytes) else None
            if m and int(m.group(1)) == uid:
                return {f.decode() for f in imaplib.ParseFlags(item)} - {"\\Recent"}
        raise KeyError(f"no UID {uid} in {folder} of {user}")

    def uids(self, user: str, folder: str = "INBOX") -> list[int]:
        with self.imap(user) as c:
            self._examine(c, folder)
            data = self._ok(c.uid("SEARCH", "ALL"), "UID SEARCH")
        return sorted(int(x) for x in (data[0] or b"").split())

    def fetch_all(self, user: str, folder: str = "INBOX") -> list[bytes]:
        """Raw bytes of every message (BODY.PEEK[], so ``\\Seen`` is not set), in UID order."""
        with self.imap(user) as c:
            if not self._examine(c, folder):
                return []
            data = self._ok(c.uid("FETCH", "1:*", "(UID BODY.PEEK[])"), "UID FETCH BODY.PEEK[]")
        found: list[tuple[int, bytes]] = []
        for item in data:
            if isinstance(item, tuple):
                m = _FETCH_UID.search(item[0])
                if not m:
                    raise AssertionError(f"no UID in FETCH response {item[0]!r}")
                found.append((int(m.group(1)), item[1]))
        return [body for _, body in sorted(found)]

    def expunge_all(self, user: str, folder: str = "INBOX") -> None:
        """Mark every message of ``folder`` ``\\Deleted`` and EXPUNGE."""
        with self.imap(user) as c:
            data = self._ok(c.select(folder), f"SELECT {folder}")
            if int(data[0]):
                self._ok(c.uid("STORE", "1:*", "+FLAGS.SILENT", r"(\Deleted)"), "UID STORE")
                self._ok(c.expunge(), "EXPUNGE")

    # ------------------------------------------------------------------ doveadm
    def doveadm(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``doveadm -c <conf> ARGS`` as the instance's unprivileged user."""
        proc = subprocess.run(
            [self.doveadm_bin, "-c", str(self.conf), *args],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30,
            **self._run_as,
        )
        if check and proc.returncode != 0:
            raise RuntimeError(f"doveadm {' '.join(args)} exited {proc.returncode}: "
                               f"{proc.stdout}{proc.stderr}")
        return proc

    def sessions(self, user: str) -> int:
        """Number of IMAP/LMTP connections ``user`` currently has (``doveadm who``)."""
        out = self.doveadm("who", "-1", user, check=False)
        return sum(1 for line in out.stdout.splitlines()[1:] if line.strip())

    def kick(self, user: str, timeout: float = 5.0) -> None:
        """Drop all of ``user``'s sessions (``doveadm kick``) and wait until they are gone."""
        # doveadm kick exits non-zero when there was nobody to kick; that is fine.
        self.doveadm("kick", user, check=False)
        deadline = time.monotonic() + timeout
        while self.sessions(user):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{user} still has sessions after doveadm kick")
            time.sleep(0.05)

    def reset_uidvalidity(self, user: str, folder: str = "INBOX") -> int:
        """Force a new UIDVALIDITY for ``folder`` of ``user``; return the new value.

        How: kick the user, then delete the folder's ``dovecot-uidlist`` and
        ``dovecot.index*`` files plus the user's mailbox-list index
        (``dovecot.list.index*``, which caches STATUS).  The messages themselves stay in
        ``cur/``/``new/``; on the next access Dovecot rebuilds the maildir, gives the
        folder a fresh UIDVALIDITY and renumbers the messages from UID 1 -- just like a
        server whose mailbox was rebuilt.  The per-user ``dovecot-uidvalidity`` file
        is kept, so Dovecot's allocator guarantees the new value differs from the old
        one (it hands out max(now, last + 1)).
        """
        old = self.uidvalidity(user, folder)
        self.kick(user)
        home = self.dir / "mail" / user
        maildir = home if folder.upper() == "INBOX" else home / ("." + folder.replace("/", "."))
        if not (maildir / "cur").is_dir():
            raise ValueError(f"no maildir for {folder!r} at {maildir}")
        victims = [maildir / "dovecot-uidlist", *maildir.glob("dovecot.index*"),
                   *home.glob("dovecot.list.index*")]
        for f in victims:
            with contextlib.suppress(FileNotFoundError):
                f.unlink()
        new = self.uidvalidity(user, folder)
        if new == old:
            raise AssertionError(f"UIDVALIDITY of {user}/{folder} did not change ({old})")
        return new

    def set_uidvalidity(self, user: str, value: int, folder: str = "INBOX") -> None:
        """Give ``folder`` of ``user`` the UIDVALIDITY ``value``, its messages keeping their UIDs: as a server
        that numbers every account's folders alike (or two accounts made in the same second here) does.

        How: kick the user, rewrite the V field of the folder's ``dovecot-uidlist`` header, and delete the
        indexes that cache the old value (the folder's ``dovecot.index*``, the user's ``dovecot.list.index*``).
        """
        self.kick(user)
        home = self.dir / "mail" / user
        maildir = home if folder.upper() == "INBOX" else home / ("." + folder.replace("/", "."))
        uidlist = maildir / "dovecot-uidlist"
        head, _, rest = uidlist.read_text(encoding="ascii").partition("\n")
        uidlist.write_text(re.sub(r"\bV\d+", f"V{value}", head, count=1) + "\n" + rest, encoding="ascii")
        for f in [*maildir.glob("dovecot.index*"), *home.glob("dovecot.list.index*")]:
            with contextlib.suppress(FileNotFoundError):
                f.unlink()
        if self.uidvalidity(user, folder) != value:
            raise AssertionError(f"UIDVALIDITY of {user}/{folder} is not {value}")

    # ------------------------------------------------------------------ LMTP
    def deliver_lmtp(self, user: str, raw: bytes, mail_from: str = "sender@example.test") -> None:
        """Deliver ``raw`` to ``user``'s INBOX through Dovecot's LMTP listener
        (as the MTA would); line endings are normalised to CRLF."""
        raw = _CRLF.sub(b"\r\n", raw)
        with smtplib.LMTP(self.host, self.lmtp_port, timeout=10) as lmtp:
            refused = lmtp.sendmail(mail_from, [user], raw)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)
