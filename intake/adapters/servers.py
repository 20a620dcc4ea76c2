"""The configured servers, ready to open: a mailbox's source (IMAP or a folder), the sending transport (SMTP or a
folder), the OAuth2 token sources they share. Needs the configuration only (no database): `intake rules check
--connect` uses it before anything is installed, `App` for everything else."""

from __future__ import annotations

import threading
from typing import Any

from intake.adapters.folder import FolderSource
from intake.adapters.imap import ImapSource
from intake.adapters.smtp import FolderTransport, SmtpTransport
from intake.config import Mailbox, Settings


class Servers:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.token_sources: dict[Any, Any] = {}  # OAuth2 account -> TokenSource, shared by threads
        self._token_lock = threading.Lock()

    def source(self, mailbox: Mailbox):
        if mailbox.path:
            return FolderSource(mailbox.path)
        where = f"{self.settings.file}: mailboxes[{mailbox.name}]"
        assert mailbox.server is not None  # a mailbox is a folder (path) or an IMAP server
        return ImapSource(mailbox, mailbox.server.password(where), self.tokens(mailbox.name, mailbox.server, where))

    def transport(self):
        if self.settings.outbox_dir:
            return FolderTransport(self.settings.outbox_dir)
        smtp = self.settings.smtp
        where = f"{self.settings.file}: smtp"
        return SmtpTransport(smtp, smtp.password(where), self.tokens("smtp", smtp, where))

    def tokens(self, account: str, server, where: str):
        """The OAuth2 TokenSource of an account (a mailbox's name, or "smtp"), or None for a password."""
        if server.oauth is None:
            return None
        o = server.oauth
        # an application's token serves every account that names the same client and scope
        key = account if o.needs_login else ("app", o.token_url, o.client_id, o.scope)
        with self._token_lock:
            if key not in self.token_sources:
                from intake.adapters.oauth import TokenSource
                from intake.commands.oauth_login import store_for

                store = store_for(self.settings) if o.needs_login else None
                self.token_sources[key] = TokenSource(account if o.needs_login else o.client_id, o,
                                                      o.client_secret(where), store, server.timeout)
            return self.token_sources[key]
