"""Which domain a sender's new cases count with ([limits] cases_per_domain_per_day, core/decide.py `capped`).

Whoever owns a domain that takes every address (a catch-all: a1@evil.example, a2@evil.example...) writes from as many
addresses as they like, each under its own `[limits] cases_per_sender_per_day`: the cases that the addresses of one
registrable domain open are counted together too. Not those of the big mail providers, where thousands of people
have their address (`[limits] shared_mail_domains`, by default `SHARED_MAIL_DOMAINS`), nor the town's own domains.
"""

from __future__ import annotations

from intake.core.trust import domain_of

# Big consumer mail providers: each address of theirs is one person, never one sender with the others. The default of
# [limits] shared_mail_domains (config.example.toml lists it; a key written replaces it whole)
SHARED_MAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com", "googlemail.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "club-internet.fr",
    "numericable.fr", "bbox.fr", "laposte.net", "hotmail.fr", "hotmail.com", "outlook.fr", "outlook.com", "live.fr",
    "live.com", "msn.com", "yahoo.fr", "yahoo.com", "icloud.com", "me.com", "mac.com", "gmx.fr", "gmx.de", "gmx.com",
    "gmx.net", "proton.me", "protonmail.com", "aol.com", "aol.fr", "aliceadsl.fr", "cegetel.net", "libertysurf.fr",
    "tiscali.fr", "voila.fr", "ymail.com", "mail.com", "yandex.com", "zaclys.net",
)


def domain_of_address(address: str) -> str:
    """The domain of an address, "" when it has none: lower-case, without the root's dots, in ASCII (IDNA, as mail
    servers look it up and authenticate it: core/trust.py `domain_of`): `x@évil.example`, `x@XN--VIL-9LA.example`
    and `x@xn--vil-9la.example..` are one domain's, which each spelling's count apart made three."""
    local, at, _ = address.strip().rpartition("@")
    return domain_of(address).strip(".") if at and local else ""


def counted_domain(address: str, registrable: str | None, shared: frozenset[str], town: frozenset[str],
                   forged: bool = False) -> str:
    """The registrable domain whose addresses' new cases count together with `address`'s ("" : none, each address
    counts alone). `registrable`: the domain's registrable part (by the Public Suffix List's ICANN part,
    intake/adapters/psl.py `owned_domain`: a1@evil.example and a2@sub.evil.example count together, and so do
    a@x1.duckdns.org and a@x2.duckdns.org, free names of one service; None for a public suffix itself: the domain as
    written).
    `shared`: the mail providers' domains ([limits] shared_mail_domains: an entry covers its subdomains); `town`: the
    town's own registrable domains (its watched mailboxes', their aliases', [trust] domains): its colleagues and its
    own robots keep the cap of each sender only. `forged`: the town's server says the sender is forged (core/trust.py
    FAIL): a provider's or the town's domain counts together all the same (such mail is counted apart from the
    domain's real users': store/correspondents.py), or an outsider writing « from » x1@gmail.com, x2@gmail.com...
    (p=none: delivered, stamped dmarc=fail) opened cases without bound, each made-up address under its own cap."""
    domain = domain_of_address(address)
    if not domain:
        return ""
    base = (registrable or domain).lower()
    if forged:
        return base
    if base in town or any(base == d or domain == d or domain.endswith("." + d) for d in shared):
        return ""
    return base


# providers that deliver every dotted spelling of an address's local part to one box (`j.eanne@` is `jeanne@`), and
# their other domain for the same boxes
_DOTLESS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def provider_box(address: str, shared: frozenset[str]) -> str:
    """The box of a big mail provider's address whose new cases and authenticated mail count together with
    `address`'s as a domain's would ([limits] cases_per_domain_per_day, bytes_per_authenticated_domain_per_day; "" :
    not a provider's address): the address without its tag
    (`jeanne+1@orange.fr` is `jeanne@orange.fr`'s) and, at Gmail, without dots (`j.eanne@googlemail.com` is
    `jeanne@gmail.com`'s). Such addresses are one person's, and each had its own budget of every mail: one free
    account wrote from `jeanne+1@`, `jeanne+2@`... (DMARC passes for every one), a budget each. Limits only: intake
    never writes to an address it did not receive (core/headers.py `normal_address` keeps the tag)."""
    domain = domain_of_address(address)
    if not domain or not any(domain == d or domain.endswith("." + d) for d in shared):
        return ""
    local = address.strip().rpartition("@")[0].lower().split("+", 1)[0]
    if domain in _DOTLESS:
        domain, local = _DOTLESS[domain], local.replace(".", "")
    return f"{local}@{domain}" if local else ""
