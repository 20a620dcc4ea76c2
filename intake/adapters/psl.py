"""Organizational domains (DMARC, RFC 7489 §3.2) from the Public Suffix List bundled with `publicsuffixlist`.

The list ships inside the package (nothing is downloaded); it is read once, on first use (~50 ms).
"""

from __future__ import annotations

from functools import lru_cache

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _list() -> PublicSuffixList:
    return PublicSuffixList()


@lru_cache(maxsize=1)
def _icann_list() -> PublicSuffixList:
    return PublicSuffixList(only_icann=True)


@lru_cache(maxsize=4096)
def org_domain(domain: str) -> str | None:
    """`mail.ville-bethune.fr` -> `ville-bethune.fr`; None for a public suffix itself (`gouv.fr`, `co.uk`)."""
    return _list().privatesuffix(domain.lower().strip("."))


@lru_cache(maxsize=4096)
def owned_domain(domain: str) -> str | None:
    """The domain someone registered that `domain` is under, by the list's ICANN part alone: `x.duckdns.org` ->
    `duckdns.org` (its private part makes each name of a free dynamic DNS service a registrable domain of its own,
    as DMARC's alignment must read them: `org_domain`); None for a public suffix itself. What a sender's limits count
    with (core/sender_domain.py): such names cost nothing, anyone makes one a minute and writes its SPF record."""
    return _icann_list().privatesuffix(domain.lower().strip("."))
