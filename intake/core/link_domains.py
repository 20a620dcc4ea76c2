"""Which domains rules/pieces.toml may trust to speak for a person: `[links] notice_domains` (a transfer service's
robot writes for whoever its Reply-To names) and `signature_domains` (an e-signature service's mail brings its files
as the applicant's). Pure. What the file's comments say « JAMAIS » to, refused here with why and the fix."""

from __future__ import annotations

from collections.abc import Sequence

from intake.core.sender_domain import SHARED_MAIL_DOMAINS

# services that let whoever sends set the Reply-To (Docusign's replyEmailAddressOverride): their mail goes to staff
REPLY_TO_CHOSEN = ("docusign.net", "docusign.com")


def _within(domain: str, other: str) -> bool:
    return domain == other or domain.endswith("." + other) or other.endswith("." + domain)


def refused_domain(notice: Sequence[str], signature: Sequence[str]) -> tuple[str, str] | None:
    """(key, what is wrong in French) for the first entry the rules must not hold; None when all may stay."""
    for key, domains in (("notice_domains", notice), ("signature_domains", signature)):
        for domain in domains:
            if domain in SHARED_MAIL_DOMAINS:
                return key, (f"« {domain} » : n'importe qui peut ouvrir une boîte à ce domaine "
                             f"(« jean.noreply@{domain} »), qui passerait pour le robot d'un service et ferait parler "
                             "l'adresse mise en Reply-To : "
                             f"retirez \"{domain}\" de {key} ; n'y mettez que le domaine d'où écrit le service "
                             "lui-même (\"wetransfer.com\", \"adobesign.com\")")
    for domain in signature:
        if any(_within(domain, d) for d in REPLY_TO_CHOSEN):
            return "signature_domains", (
                f"« {domain} » : ce service laisse l'expéditeur choisir le Reply-To (n'importe quelle adresse) : ses "
                f"fichiers ne peuvent pas compter comme ceux du demandeur ; retirez \"{domain}\" de signature_domains "
                "(son avis « Complété » va au service, qui le rattache après vérification)")
        near = next((d for d in notice if _within(domain, d)), None)
        if near:
            return "signature_domains", (
                f"« {domain} » est aussi un domaine d'avis de transfert (notice_domains : \"{near}\"), dont les robots "
                "joignent ce que n'importe qui a choisi (un rapport programmé, une invitation d'agenda) : retirez "
                f"\"{domain}\" de signature_domains (les avis de transfert n'apportent que leurs liens)")
    return None
