"""Where the console sends a browser after sign-in (`?next=`): only a page of the console, whatever the browser
makes of the path. Under a base path (README, « Under a path of an existing site »: base_url
".../candidatures"), `/%2e%2e/x` became `/candidatures/%2e%2e/x`, which every browser resolves as `/x`: a page of
another application on the same site, opened from a link to the console's sign-in page (attack29)."""

import pytest

from intake.core.next_page import safe_next


@pytest.mark.parametrize("given", [
    "/%2e%2e/intranet/admin", "/%2E%2E/intranet", "/.%2e/x", "/%2e./x", "/cases/%2e%2e/%2e%2e/x",
    "/%2e%2e", "/cases/%2e%2e?x=1", "/%252e%252e/x", "/%2e/x", "/./x", "/cases/..", "/cases/../x",
])
def test_no_dot_segment_written_in_any_way_leaves_the_console(given):
    assert safe_next(given) == "/cases"


@pytest.mark.parametrize("given", [
    "/cases/BSC-2026-0001", "/cases?statut=complete&page=2", "/cases?q=j.roux%40x.example", "/jury",
    "/cases/BSC-2026-0001/pieces/3", "/cases?q=..",
])
def test_a_page_of_the_console_is_kept(given):
    assert safe_next(given) == given
