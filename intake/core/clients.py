"""Who counts as one client for the console's per-client limits: an IPv4 address, or an IPv6 /64.

An IPv6 client is given a whole /64 by its network (SLAAC, privacy addresses: its system picks any of 2^64
addresses, a new one at will), so counting each address would count nothing. A /64 is what one home, office or
phone connection holds.
"""

from __future__ import annotations

import ipaddress


def client_of(host: str) -> str:
    """The key a client's requests are counted under: `host` itself (an IPv4 address, or what is no IP at all),
    the /64 network of an IPv6 address (an IPv4 address written as IPv6, ::ffff:192.0.2.7, is that IPv4 one)."""
    try:
        ip = ipaddress.ip_address(host.strip().strip("[]"))
    except ValueError:
        return host
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
