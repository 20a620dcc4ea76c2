"""The core takes values and returns values: it imports only what is on the allow-list below, and reads no clock."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "intake" / "core"

# What intake/core/ may import (top-level names): pure standard-library modules, pure parsers and decoders that
# work on bytes in memory, and the package's own core and exceptions. Anything else (a database, a network,
# files, a clock, a template engine, an adapter...) belongs to the shell: add it there, not here.
ALLOWED = {
    "__future__", "base64", "binascii", "calendar", "collections", "csv", "dataclasses", "datetime", "difflib",
    "email", "enum",
    "fnmatch", "functools", "hashlib", "itertools", "quopri", "re", "tomllib", "typing", "unicodedata", "zoneinfo",
    "io", "zipfile",  # in-memory streams: archives are opened from bytes (core/containers.py)
    "struct",  # core/containers.py reads a winmail.dat's object headers itself
    "logging",  # core/parse.py only quietens mail-parser's own logger
    "html",  # html.unescape: entities of a string (core/htmltext.py)
    "filetype", "mailparser", "olefile", "tnefparse",  # parsers of bytes already in memory
    "codecs",  # codecs.lookup: the codec a charset label names (core/charset.py); never codecs.open
    "idna",  # IDNA 2008 of a domain name: a string in, a string out (core/outgoing.py)
    "ipaddress",  # parsing an address written in a string, never a lookup (core/clients.py)
    "zlib",  # inflating a PDF's streams held in memory, bounded (core/pdf_script.py)
    "hmac",  # a keyed hash of a string under a secret given by the shell (core/reading_budget.py `sealed`)
}
ALLOWED_PACKAGE = ("intake.core", "intake.errors",
                   "urllib.parse")  # string functions only (core/links.py unwraps links); never urllib.request
CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
               ("time", "time"), ("time", "monotonic")}


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
    return names


def test_the_core_imports_only_what_the_allow_list_names():
    offenders = []
    files = sorted(CORE.glob("*.py"))
    assert len(files) >= 8
    for path in files:
        for name in _imports(path):
            allowed = name.split(".")[0] in ALLOWED or any(name == p or name.startswith(p + ".")
                                                            for p in ALLOWED_PACKAGE)
            if not allowed:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_the_allow_list_refuses_the_shell():
    """The check itself: an adapter, the database, a clock or a file would be refused."""
    for name in ("intake.adapters.db", "intake.store.cases", "sqlmodel", "os", "pathlib", "time", "jinja2",
                 "intake.app", "subprocess", "socket", "imaplib", "secrets", "random"):
        assert name.split(".")[0] not in ALLOWED and not name.startswith(ALLOWED_PACKAGE)


def test_the_core_never_reads_the_clock():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and (node.func.value.id, node.func.attr) in CLOCK_CALLS):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_test_modules_have_unique_names():
    """pytest imports test files by base name: two test_x.py in different folders collide."""
    names = [p.name for p in (CORE.parents[1] / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names))
