"""`intake run`'s IMAP watch: one connection per watched folder, waiting in IDLE (RFC 2177).

Each `FolderWatcher` thread connects, EXAMINEs its folder and waits in IDLE, re-issued every
`renew` seconds (25 min; RFC 2177 asks for less than 29). When the server announces mail
(`* n EXISTS`), the folder is handed to the `Urgent` thread, which polls that folder at once
and sends what it queued: the acknowledgement leaves seconds after the mail arrived. Where the
server has no IDLE, a NOOP every `noop_seconds` does the same, more slowly.

A dropped connection (server restart, `doveadm kick`, network) is retried with backoff
(1 s doubling to 5 min); after each reconnection the folder is polled, since mail may have come
meanwhile. Nothing is read here: polls go through the same `poll_mailbox` (UID cursor in the
database, under the folder's poll lock) as the scheduled ones, which go on as a safety net; so a message
is never missed nor filed twice, whichever poll sees it first. The watch state goes to the
database (mailboxstate.watch_*), where `intake poll` and the digest show it.
"""

from __future__ import annotations

import imaplib
import logging
import queue
import re
import socket
import ssl
import threading
import time
from typing import Any

from intake.adapters.failures import kind
from intake.adapters.imaplogin import _quote, connect, folder_refused
from intake.app import App
from intake.config import Mailbox
from intake.core import watching
from intake.errors import IntakeError
from intake.store import mailboxes
from intake.store.database import session

log = logging.getLogger("intake.watch")

_EXISTS = re.compile(rb"^\* \d+ EXISTS", re.IGNORECASE)
_BYE = re.compile(rb"^\* BYE", re.IGNORECASE)
_DROPS = (imaplib.IMAP4.error, OSError, ssl.SSLError, EOFError, socket.timeout)


class Dropped(Exception):
    """The connection is gone (BYE, EOF, socket error)."""


class Urgent(threading.Thread):
    """Polls the folders the watchers name, one at a time (coalesced), then sends the outbox."""

    def __init__(self, app: App):
        super().__init__(name="intake-urgent-poll", daemon=True)
        self.app = app
        self.pending: queue.Queue[Mailbox | None] = queue.Queue()
        self.done = threading.Event()

    def want(self, mailbox: Mailbox) -> None:
        self.pending.put(mailbox)

    def stop(self) -> None:
        self.pending.put(None)

    def run(self) -> None:
        from intake.pipeline.poll import readers

        try:
            with readers(self.app) as pool:  # the reading processes live as long as the thread
                self._serve(pool)
        finally:
            self.done.set()

    def _serve(self, pool) -> None:
        from intake.pipeline.poll import poll_mailbox_now
        from intake.pipeline.send import send_due

        while True:
            first = self.pending.get()
            if first is None:
                break
            folders = {first.state_key: first}
            while True:  # coalesce what else arrived meanwhile
                try:
                    more = self.pending.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self.pending.put(None)
                    break
                folders[more.state_key] = more
            try:
                self.app.refresh_rules()
                for mailbox in folders.values():
                    poll_mailbox_now(self.app, mailbox, pool=pool)
                send_due(self.app, wait=60)
            except Exception:  # noqa: BLE001 - the thread must live on; the scheduled poll is the safety net
                log.exception("urgent poll failed; the scheduled poll will catch up")
            finally:
                pool.forget()  # the processes stay for the next round; what the files held does not


class FolderWatcher(threading.Thread):
    def __init__(self, app: App, mailbox: Mailbox, on_new, renew: float = 25 * 60, noop_seconds: float = 15,
                 tick: float = 1.0):
        super().__init__(name=f"intake-watch-{mailbox.state_key}", daemon=True)
        self.app, self.mailbox, self.on_new = app, mailbox, on_new
        self.renew, self.noop_seconds, self.tick = renew, noop_seconds, tick
        self.stopping = threading.Event()
        self.box: Any = None  # the imap-tools MailBox while connected
        self.connections = 0
        self.idles = 0  # IDLE commands issued (one per renewal or new mail)

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        failures = 0
        while not self.stopping.is_set():
            started = time.monotonic()
            state = watching.RECONNECTING
            try:
                self._connect()
                if self.connections > 1:  # mail may have come while we were away
                    self.on_new(self.mailbox)
                self._watch()
                break  # stopping
            except Dropped as exc:
                detail = str(exc)
            except IntakeError as exc:  # cannot log in (token refused, folder missing...): will not fix itself soon
                detail, state, failures = str(exc), watching.ERROR, max(failures, 6)
            except _DROPS as exc:
                detail = f"{type(exc).__name__}: {exc}"
            except Exception as exc:  # noqa: BLE001 - a bug must not end the watch for good
                log.exception("[%s] watch failed", self.mailbox.state_key)
                detail = f"erreur inattendue {kind(exc)}"  # never its text: logged, and kept as the watch's state
            finally:
                self._close()
            if self.stopping.is_set():
                break
            failures = 1 if time.monotonic() - started > 60 else failures + 1
            delay = watching.backoff(failures)
            self._state(state, f"{' '.join(detail.split())[:300]} ; nouvel essai dans {delay:.0f} s")
            log.warning("[%s] IMAP watch lost (%s); reconnecting in %.0f s", self.mailbox.state_key, detail, delay)
            self.stopping.wait(delay)
        self._state(watching.STOPPED, "")

    def _connect(self) -> None:
        m = self.mailbox
        where = f"{self.app.settings.file}: mailboxes[{m.name}]"
        assert m.server is not None  # only IMAP mailboxes are watched
        self.box = connect(m, m.server.password(where), self.app.tokens(m.name, m.server, where))
        client = self.box.client
        typ, data = client.select(_quote(m.folder), readonly=True)
        if typ != "OK":
            raise IntakeError(folder_refused(self.box, m, data))
        typ, data = client.capability()  # after login: some servers add IDLE only then
        if typ == "OK" and data:
            client.capabilities = tuple(data[-1].decode("ascii", "replace").upper().split())
        client.untagged_responses.pop("EXISTS", None)  # EXAMINE's count: not news
        self.connections += 1

    def _watch(self) -> None:
        client = self.box.client
        if "IDLE" in client.capabilities:
            self._state(watching.IDLE, "")
            log.info("[%s] waiting for new mail (IMAP IDLE)", self.mailbox.state_key)
            while not self.stopping.is_set():
                if self._idle_once():
                    self.on_new(self.mailbox)
        else:
            self._state(watching.NOOP, f"toutes les {self.noop_seconds:.0f} s")
            log.info("[%s] the server has no IDLE: NOOP every %s s", self.mailbox.state_key, self.noop_seconds)
            while not self.stopping.wait(self.noop_seconds):
                try:
                    typ, _ = client.noop()
                except _DROPS as exc:
                    raise Dropped(f"NOOP: {type(exc).__name__}: {exc}") from None
                if typ != "OK":
                    raise Dropped(f"NOOP answered {typ}")
                if client.untagged_responses.pop("EXISTS", None) is not None:
                    self.on_new(self.mailbox)
                self._beat()

    def _idle_once(self) -> bool:
        """One IDLE command, ended by new mail, the renewal time or a stop. True when mail came."""
        idle = self.box.idle
        try:
            idle.start()
        except _DROPS as exc:
            raise Dropped(f"IDLE: {type(exc).__name__}: {exc}") from None
        self.idles += 1
        # mail that came between two IDLE commands is announced before "+ idling": imaplib files it
        came = self.box.client.untagged_responses.pop("EXISTS", None) is not None
        lines: list[bytes] = []
        until = time.monotonic() + self.renew
        try:
            while not self.stopping.is_set() and time.monotonic() < until:
                asked = time.monotonic()
                got = idle.poll(timeout=self.tick)
                lines += got
                if any(_BYE.match(x) for x in got):
                    raise Dropped(b" ".join(got).decode("ascii", "replace")[:200])
                if any(_EXISTS.match(x) for x in got):
                    break
                if not got and time.monotonic() - asked < self.tick / 2:
                    break  # woken with nothing to read: the socket was closed; DONE will tell
            try:
                idle.stop()  # DONE; untagged answers on the way are filed by imaplib
            except _DROPS as exc:
                raise Dropped(f"{type(exc).__name__}: {exc}") from None
            except Exception as exc:  # imap-tools' own error on a cut connection
                raise Dropped(f"{type(exc).__name__}: {exc}") from None
        finally:
            self._beat()
        came = self.box.client.untagged_responses.pop("EXISTS", None) is not None or came
        return came or any(_EXISTS.match(x) for x in lines)

    def _close(self) -> None:
        if self.box is not None:
            try:
                self.box.client.logout()
            except Exception:  # noqa: BLE001 - already gone
                pass
            self.box = None

    # ------------------------------------------------------------------ state, in the database
    def _state(self, state: str, detail: str) -> None:
        now = self.app.clock()
        self._write(watch_state=state, watch_detail=detail[:1000], watch_since=now, watch_seen_at=now)

    def _beat(self) -> None:
        self._write(watch_seen_at=self.app.clock())

    def _write(self, **values) -> None:
        """UPDATE the folder's row; INSERT it if the first poll has not yet (a poll may race us)."""
        name = self.mailbox.state_key
        try:
            mailboxes.write_watch(self.app.engine, name, **values)
        except Exception:  # noqa: BLE001 - the watch goes on without its status line
            log.exception("[%s] cannot record the watch state", name)


class Watch:
    """Every watcher of `intake run`, and the thread that polls on their signal."""

    def __init__(self, app: App, **watcher_options):
        self.urgent = Urgent(app)
        self.watchers = [FolderWatcher(app, folder, self.urgent.want, **watcher_options)
                         for mailbox in app.settings.mailboxes if mailbox.server is not None and mailbox.idle
                         for folder in mailbox.per_folder()]

    def start(self) -> "Watch":
        self.urgent.start()
        for w in self.watchers:
            w.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        for w in self.watchers:
            w.stop()
        for w in self.watchers:
            w.join(timeout)
        self.urgent.stop()
        self.urgent.join(timeout)


def watch_states(app: App) -> dict[str, str]:
    """For `intake poll` and the digest: each folder's watch, in French ("" if never watched)."""
    from intake.core.watching import describe

    with session(app.engine) as s:
        rows = list(mailboxes.all_states(s).values())
    now = app.clock()
    return {r.name: describe(r.watch_state, r.watch_detail, r.watch_since, r.watch_seen_at, now,
                             app.settings.timezone) for r in rows}
