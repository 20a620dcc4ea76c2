"""The core takes values and returns values: no IO library, no adapter, no clock."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "intake" / "core"
FORBIDDEN = ("imaplib", "imap_tools", "smtplib", "aiosmtplib", "socket", "ssl", "sqlalchemy", "sqlmodel", "alembic",
             "apscheduler", "jinja2", "subprocess", "requests", "intake.adapters", "intake.app", "intake.ingest",
             "intake.outbox", "os", "shutil", "pathlib", "time", "random", "secrets")
CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
               ("time", "time"), ("time", "monotonic")}


def test_the_core_imports_no_io_library():
    offenders = []
    files = sorted(CORE.glob("*.py"))
    assert len(files) >= 8
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN or n in FORBIDDEN
                          or any(n.startswith(f + ".") for f in FORBIDDEN)]
    assert offenders == []


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
