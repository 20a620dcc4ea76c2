"""The `[trust]` settings as the pure core reads them (core/trust.py `TrustSettings`), the Public Suffix List's
organisational domain given in: one place for the reading of mail (pipeline/read.py), its reading budgets
(pipeline/readbudget.py), the copy keys (pipeline/ingest.py) and `intake quarantine`."""

from __future__ import annotations

from intake.adapters.psl import org_domain
from intake.config import Settings
from intake.core.trust import TrustSettings


def trust_settings(settings: Settings) -> TrustSettings:
    t = settings.trust
    return TrustSettings(provider=t.provider, authserv_id=t.authserv_id, domains=t.domains,
                         exchange_servers=t.exchange_servers, org_domain=org_domain, inbound_relays=t.inbound_relays)
