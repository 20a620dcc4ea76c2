"""Which requests another site may make to the console, by what the browser says of them (Fetch Metadata:
`Sec-Fetch-Site`, `-Mode`, `-Dest`): from elsewhere, only following a link or typing an address (a top-level page,
GET). A page of another site that loads a console address as a picture, a script, a frame or by `fetch` is refused:
on a sibling site (another name under the town's domain, another port of the host: « same-site » to the browser)
the SameSite=Lax session cookie goes with it, and the answer's time alone could tell things (`/cases?q=NAME`: whether
someone applied); each such request also kept a session alive. A browser that says nothing is served (the CSRF
token and the Origin check still guard every form)."""

from __future__ import annotations

ELSEWHERE = ("same-site", "cross-site")


def refused(site: str, mode: str, dest: str, method: str) -> bool:
    """Whether a request is refused before any work: from another site and not a link followed to a page."""
    if site not in ELSEWHERE or not mode:
        return False  # same-origin, « none » (typed, a bookmark), or not said (browsers say all three together)
    return not (mode == "navigate" and dest in ("document", "") and method in ("GET", "HEAD"))
