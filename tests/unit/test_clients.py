"""Who counts as one client for the console's sign-in limits (intake/core/clients.py)."""

from intake.core.clients import client_of


def test_an_ipv6_address_counts_as_its_64_network_and_an_ipv4_as_itself():
    assert client_of("2001:db8:5:7::1") == client_of("2001:db8:5:7:abcd:1234:5678:9abc") == "2001:db8:5:7::/64"
    assert client_of("2001:db8:5:8::1") != client_of("2001:db8:5:7::1")
    assert client_of("192.0.2.7") == "192.0.2.7" != client_of("192.0.2.8")
    assert client_of("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_of("?") == "?"
