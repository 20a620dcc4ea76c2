"""Where a browser may be sent after sign-in (`?next=`, kept in a cookie of the browser that asked for the link):
a page of the console, nothing else, whatever the browser makes of the path."""

from __future__ import annotations

import re
from urllib.parse import unquote

_SAFE_PATH = re.compile(r"/(?!/)[A-Za-z0-9/_.~%?=&+-]*")


def _segments(path: str) -> list[str]:
    """The path's segments as a browser resolves them: `%2e` is a dot there (`/%2e%2e/` is `/../`), and a proxy or
    the server may decode once more (`%252e`): decoded until nothing changes."""
    for _ in range(5):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    return path.split("/")


def safe_next(path: str | None, default: str = "/cases") -> str:
    """Only a path of this site, under the console's own base path: never `//other.example`, a scheme, a backslash,
    a control character, nor a `.` or `..` segment however written (`/%2e%2e/x`, which a browser resolves to a page
    above the console's base path: another application of the same site)."""
    if not path or len(path) > 500 or "\\" in path or not _SAFE_PATH.fullmatch(path) or "/.." in path:
        return default
    if any(segment in (".", "..") for segment in _segments(path.split("?", 1)[0])):
        return default
    return path
