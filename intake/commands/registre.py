"""`intake rules registre`: the record of processing (GDPR art. 30) for this installation, in Markdown.

Generated from config.toml (the service, the DPO, the mailboxes) and rules/ (the pieces, the fields
read, and every duration of rules/retention.toml), so that the register never disagrees with what the
service does. docs/registre-rgpd.md is this output for config.example.toml; a test keeps it in sync.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from intake.config import Settings
from intake.core import french
from intake.core.retention import INTERNAL_MAIL, PURGE_LOG, QUARANTINE, SIGN_INS
from intake.core.rules import Rules

TEMPLATE = Path(__file__).with_name("registre.md.j2")


# the companies behind a preset of config.toml's `provider` (mailboxes, [smtp], [trust]): processors of the town
PROVIDERS = {"microsoft365": "Microsoft (Microsoft 365 : Exchange Online et connexion Microsoft Entra ID)",
             "google": "Google (Google Workspace : Gmail et connexion Google)"}


def connections(settings: Settings) -> list[str]:
    """Every server intake connects to for this config, with what for (French): the register's answer to « what
    leaves the machine ». Nothing else is reached (README, « What goes out on the network »)."""
    out: dict[str, list[str]] = {}

    def add(host: str | None, what: str) -> None:
        if host and what not in out.setdefault(host, []):
            out[host].append(what)

    for server, what in [*((m.server, "IMAP") for m in settings.mailboxes), (settings.smtp, "SMTP")]:
        if server is not None:
            add(server.host, what)
            if server.oauth is not None:
                add(urlsplit(server.oauth.token_url).hostname, "jetons OAuth2")
    if settings.database_url.startswith("postgresql"):
        add(urlsplit(settings.database_url).hostname or "socket Unix de cette machine", "PostgreSQL")
    return [f"{host} ({', '.join(what)})" for host, what in out.items()]


def providers(settings: Settings) -> list[str]:
    servers = [*(m.server for m in settings.mailboxes), settings.smtp]
    chosen = [s.oauth.provider for s in servers if s is not None and s.oauth is not None] + [settings.trust.provider]
    return [PROVIDERS[p] for p in dict.fromkeys(chosen) if p in PROVIDERS]


def registre(settings: Settings, rules: Rules) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                             autoescape=False)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    retention = rules.retention
    return template.render(
        service=settings.service, dpo=settings.privacy.dpo,
        mailboxes=list(dict.fromkeys(m.address for m in settings.mailboxes)),
        recipients=list(settings.digest.recipients), staff=list(settings.staff),
        kinds=[k.label for k in rules.kinds], fields=[f.label for f in rules.fields],
        retention=retention.describe() if retention else [], idle_minutes=settings.web.idle_minutes,
        internal_mail=retention.period(INTERNAL_MAIL).french() if retention else "à compléter",
        sign_ins=retention.period(SIGN_INS).french() if retention else "à compléter",
        purge_log=retention.period(PURGE_LOG).french() if retention and PURGE_LOG in retention.periods else "",
        quarantine_days=retention.period(QUARANTINE).french() if retention else "(durée à compléter)",
        postgresql=settings.database_url.startswith("postgresql"),
        connections=connections(settings), providers=providers(settings),
        quarantine_size=french.size(settings.limits.quarantine_bytes),
        bytes_per_sender=french.size(settings.limits.bytes_per_sender_per_day),
        bytes_per_domain=french.size(settings.limits.bytes_per_domain_per_day),
        bytes_unauthenticated=french.size(settings.limits.unauthenticated_bytes_per_day),
        bytes_any_sender=french.size(settings.limits.bytes_per_authenticated_sender_per_day),
        bytes_any_domain=french.size(settings.limits.bytes_per_authenticated_domain_per_day),
        cases_per_sender=settings.limits.cases_per_sender_per_day,
        cases_per_domain=settings.limits.cases_per_domain_per_day,
        cases_per_robot=settings.limits.cases_per_robot_per_day,
        cases_unauthenticated=settings.limits.unauthenticated_cases_per_day,
        undecided_flag_months=retention.undecided_flag_months if retention else "?")
