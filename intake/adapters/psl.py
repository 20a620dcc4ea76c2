"""Organizational domains (DMARC, RFC 7489 §3.2) from the Public Suffix List bundled with `publicsuffixlist`.

The list ships inside the package (nothing is downloaded); it is read once, on first use (~50 ms).
"""

from __future__ import annotations

from functools import lru_cache

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _list() -> PublicSuffixList:
    return PublicSuffixList()


@lru_cache(maxsize=4096)
def org_domain(domain: str) -> str | None:
    """`mail.ville-bethune.fr` -> `ville-bethune.fr`; None for a public suffix itself (`gouv.fr`, `co.uk`)."""
    return _list().privatesuffix(domain.lower().strip("."))
