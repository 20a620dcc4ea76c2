"""Transfer links: which site a link in a message leads to, and whether it is one of the file-transfer sites
the rules list (rules/pieces.toml [links] hosts).

A site is matched by its host name, as a browser reads it: the name itself or one of its subdomains
(`icloud.com` covers `www.icloud.com`), never a name that merely contains it (`wetransfer.com.evil.example`,
`user@wetransfer.com@evil.example`). core/rules.py refuses a `hosts` entry that is not a host name;
core/classify.py turns the links found into pieces.
"""

from __future__ import annotations

import re

URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)
HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")


MAX_URLS = 1000  # links looked at in one message: its first ones (a real mail has tens; a newsletter, hundreds)


def urls_in(*texts: str, limit: int = MAX_URLS) -> list[str]:
    """The first `limit` http(s) links in the texts, without the punctuation that ends a sentence. Bounded: a
    48 MB text of 1.5 million links made as many pieces, 17 s and 1.8 GB in the poller's process (the fifth
    attacker's review)."""
    found: list[str] = []
    for text in texts:
        for match in URL.finditer(text or ""):
            if len(found) >= limit:
                return found
            found.append(match.group().rstrip(".,;:"))
    return found


def url_host(url: str) -> str:
    """The host a URL leads to, lower-case: `https://user@wetransfer.com.evil.example:443/x` ->
    `wetransfer.com.evil.example` (what a browser opens, not what the link's text looks like)."""
    authority = re.split(r"[/?#\\]", url.partition("://")[2], maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    host = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    return host.strip(".").lower()


def is_host_name(name: str) -> bool:
    """A host name as the rules must give it: letters, digits and hyphens in dot-separated labels, no scheme,
    port or path, at least two labels (`wetransfer.com`, not `wetransfer` nor `smash.`)."""
    return bool(HOST_NAME.fullmatch(name))


def listed_host(host: str, hosts: tuple[str, ...]) -> str:
    """The entry of `hosts` that `host` is, or is a subdomain of ("" : none)."""
    return next((h for h in hosts if host == h or host.endswith("." + h)), "") if host else ""
