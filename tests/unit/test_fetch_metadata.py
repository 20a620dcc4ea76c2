"""core/fetch_metadata.py: what the console answers by what the browser says of a request (Sec-Fetch-*). A page of
a sibling site (same-site: another name under the town's domain, another port of the host) could load console
addresses as pictures or scripts, its requests carrying the SameSite=Lax session cookie: each kept the session
alive and moved the « Nouveau » mark, and timing `/cases?q=NAME` could tell whether someone applied (attack29; the
e2e test shows the session reached)."""

import pytest

from intake.core.fetch_metadata import refused


@pytest.mark.parametrize("site, mode, dest, method", [
    ("same-origin", "no-cors", "image", "GET"), ("same-origin", "cors", "empty", "POST"), ("none", "navigate",
                                                                                          "document", "GET"),
    ("same-site", "navigate", "document", "GET"), ("cross-site", "navigate", "document", "GET"),
    ("", "", "", "GET"), ("", "", "", "POST"),  # a browser that says nothing (curl, an old one)
    ("same-site", "", "", "GET"),  # nor its mode: left to each page's own checks (the ZIPs')
])
def test_the_console_s_own_requests_links_followed_and_silent_clients_are_served(site, mode, dest, method):
    assert not refused(site, mode, dest, method)


@pytest.mark.parametrize("site, mode, dest, method", [
    ("same-site", "no-cors", "image", "GET"), ("same-site", "cors", "empty", "GET"),
    ("cross-site", "no-cors", "script", "GET"), ("same-site", "navigate", "iframe", "GET"),
    ("same-site", "navigate", "document", "POST"), ("cross-site", "navigate", "document", "POST"),
    ("same-site", "no-cors", "style", "GET"), ("cross-site", "navigate", "object", "GET"),
])
def test_what_another_site_loads_in_its_own_page_is_refused(site, mode, dest, method):
    assert refused(site, mode, dest, method)
