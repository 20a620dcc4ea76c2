"""What « Ignorer » (`intake quarantine dismiss`) does to a quarantined message, in staff's words, before and after.

The message is not handled (no case, no reply), its content (bytes, subject) leaves the service at once
(minimisation), and its line in the register of messages not filed stays until the retention rule
`[messages_ignores]` reduces it to a fingerprint, counted from when the service read it (store/purging.py
`ledger`). The original stays in the mailbox. Pure: the period, the times and the zone are arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from intake.core import french
from intake.core.retention import Period

LINE = "expéditeur, date, taille, votre raison"


def until(period: Period | None, read_at: datetime, tz: tzinfo) -> str:
    """« jusqu'au lundi 1er février 2027 », or « sans limite de durée » when no rule sets one."""
    if period is None:
        return "sans limite de durée"
    return f"jusqu'au {french.long_date(period.after(read_at).astimezone(tz).date())}"


def before(period: Period | None, read_at: datetime | None, tz: tzinfo) -> str:
    """What staff read before ignoring: one message (`read_at`: when the service read it) or several (None)."""
    if period is None:
        kept = "gardée sans limite de durée"
    elif read_at is None:
        kept = f"gardée {period.french()} après sa relève (rules/retention.toml, [messages_ignores])"
    else:
        kept = (f"gardée {until(period, read_at, tz)} ({period.french()} après sa relève, rules/retention.toml, "
                "[messages_ignores])")
    return (f"Ignoré, le message n'est pas traité : aucun dossier n'est ouvert et personne ne lui répond. Son contenu "
            f"(texte, fichiers, objet) est effacé du service aussitôt ; il n'en reste qu'une ligne au registre des "
            f"messages non retenus ({LINE}), {kept}, puis réduite à une empreinte. L'original reste dans la boîte "
            "aux lettres, d'où il peut être transféré. Cela ne se défait pas.")


def after(n: int, period: Period | None, read_at: Sequence[datetime], tz: tzinfo) -> str:
    """What staff are told once `n` messages (read at `read_at`) are ignored."""
    last = until(period, max(read_at), tz) if read_at and period is not None else "sans limite de durée"
    if n == 1:
        return (f"Message ignoré : il n'est pas traité et personne ne lui répond ; son contenu est effacé du service ; "
                f"sa ligne au registre des messages non retenus ({LINE}) reste {last}. L'original reste dans la "
                "boîte aux lettres.")
    late = " au plus tard" if period is not None and len(set(read_at)) > 1 else ""
    return (f"{n} messages ignorés : ils ne sont pas traités et personne ne leur répond ; leur contenu est effacé du "
            f"service ; leurs lignes au registre des messages non retenus ({LINE}) restent {last}{late}. Les "
            "originaux restent dans la boîte aux lettres.")
