"""Is a message authenticated as the town's own mail? The evidence for trusting a staff forward.

Pure. Everything in a received message is written by its sender, `Authentication-Results`
included, except what the town's own server adds on arrival. RFC 8601 §5: that server
removes (or a reader ignores) headers carrying its own authserv-id that came from outside,
and adds its own on top; so only the topmost `Authentication-Results` whose authserv-id is
the configured one (`[trust] authserv_id`) is read. It must show `dmarc=pass` for the
`From` domain, or `dkim=pass` / `spf=pass` aligned with it, and that domain must be one of
the town's. The other evidence, a copy of the message in the forwarder's own Sent folder,
is looked up by the shell and passed in as `in_sent_folder`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import authres

from intake.core.message import Message


@dataclass(frozen=True)
class TrustSettings:
    authserv_id: str = ""  # the town's server that adds Authentication-Results; "" : none is believed
    domains: frozenset[str] = frozenset()  # the town's mail domains, lower-case


@dataclass(frozen=True)
class Evidence:
    trusted: bool
    why: str  # French, for staff and `intake explain`


def internal_evidence(msg: Message, settings: TrustSettings, in_sent_folder: bool = False) -> Evidence:
    """Whether `msg` was authenticated as the town's own mail, and why (or why not)."""
    if in_sent_folder:
        return Evidence(True, "copie trouvée dans le dossier des messages envoyés de l'expéditeur")
    if not settings.authserv_id:
        return Evidence(False, "aucun serveur de confiance configuré ([trust] authserv_id) et aucune copie dans "
                               "un dossier Envoyés")
    header = _topmost(msg.headers.get("authentication-results", ()), settings.authserv_id)
    if header is None:
        return Evidence(False, f"aucun en-tête Authentication-Results de {settings.authserv_id}")
    domain = msg.from_addr.rpartition("@")[2]
    if domain not in settings.domains:
        return Evidence(False, f"l'expéditeur {msg.from_addr} n'est pas d'un domaine de la ville")
    passed = []
    for result in header.results:
        if str(result.result).lower() != "pass":
            continue
        method = str(result.method).lower()
        props = {(str(p.type).lower(), str(p.name).lower()): str(p.value).lower().strip("<>")
                 for p in result.properties}
        if method == "dmarc" and props.get(("header", "from"), domain) == domain:
            passed.append(f"dmarc=pass header.from={domain}")
        elif method == "dkim" and _ours(props.get(("header", "d"), ""), settings.domains):
            passed.append(f"dkim=pass header.d={props[('header', 'd')]}")
        elif method == "spf" and _ours(props.get(("smtp", "mailfrom"), "").rpartition("@")[2], settings.domains):
            passed.append(f"spf=pass smtp.mailfrom={props[('smtp', 'mailfrom')]}")
    if passed:
        return Evidence(True, f"authentifié par {settings.authserv_id} ({', '.join(passed)})")
    shown = "; ".join(f"{r.method}={r.result}" for r in header.results) or "aucun résultat"
    return Evidence(False, f"{settings.authserv_id} n'authentifie pas {domain} ({shown})")


def _topmost(values: Iterable[str], authserv_id: str) -> Any:
    """The first (topmost) Authentication-Results with our authserv-id, parsed; None when absent.
    An unreadable header with our id is treated as absent: never as a pass."""
    wanted = authserv_id.lower()
    for value in values:
        head = value.split(";", 1)[0].split()
        if not head or head[0].lower() != wanted:
            continue
        try:
            return authres.AuthenticationResultsHeader.parse_value(value)
        except Exception:  # noqa: BLE001 - a malformed header proves nothing
            return None
    return None


def _ours(domain: str, town: frozenset[str]) -> bool:
    """Aligned with the town's domains (DMARC's relaxed alignment): one of them, or a subdomain of one."""
    domain = domain.lower().strip(".")
    return bool(domain) and (domain in town or any(domain.endswith("." + t) for t in town))


def same_message(copy: Message, msg: Message) -> bool:
    """The copy found in a Sent folder says what the received message says (not just its Message-ID)."""
    return (copy.message_id == msg.message_id and copy.fingerprint == msg.fingerprint
            and copy.forwarded_from == msg.forwarded_from)
