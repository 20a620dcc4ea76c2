"""A reading process that dies (killed here, as a crash or the kernel's OOM killer would) sets aside the message
it was reading, and that one only: the messages before and after it are handled, the next one read by a new
reading process of the same pool."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
import zipfile
from pathlib import Path

from click.testing import CliRunner
from localsite import make_local
from sqlmodel import select

from intake.app import open_app
from intake.cli import main
from intake.commands import samples
from intake.config import load
from intake.store.database import session
from intake.store.tables import Inbound

NB = "n.bataillon@ville-bethune.fr"


def slow_docx() -> bytes:
    """A DOCX whose text takes several seconds to read (a very long, very compressible document.xml)."""
    base = zipfile.ZipFile(io.BytesIO(samples.docx("Dossier d'intention")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in base.infolist():
            data = base.read(info)
            if info.filename == "word/document.xml":
                head = data.decode().partition("<w:body>")[0]
                data = (head + "<w:body>" + "<w:p><w:r><w:t>dossier lent</w:t></w:r></w:p>" * 440_000
                        + "</w:body></w:document>").encode()
            z.writestr(info, data)
    return out.getvalue()


def application(sender: str, files) -> bytes:
    return samples.email(sender=sender, to=[NB], subject="Candidature au label", attachments=files)


def readers(of: int | None = None) -> list[int]:
    """The reading processes: children of the forkserver of process `of` (this one by default)."""
    children: dict[int, list[int]] = {}
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{name}/stat").read_bytes()
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(name))
        if b"forkserver" in cmdline:
            children.setdefault(-1, []).append(int(name))
    servers = [p for p in children.get(-1, []) if p in children.get(os.getpid() if of is None else of, [])]
    return [w for s in servers for w in children.get(s, [])]


def busy_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kill_busy_reader(alive, busy: float, within: float = 60.0) -> int | None:
    """Kill (SIGKILL) the first reading process that has spent `busy` seconds of CPU since this was called (a process
    already there counts from then: an idle reader of an earlier pool, not yet gone, had spent them before and was
    killed instead, under load), while `alive()`; its pid."""
    deadline = time.monotonic() + within
    before = {}
    for pid in readers():
        try:
            before[pid] = busy_seconds(pid)
        except OSError:
            pass
    while time.monotonic() < deadline and alive():
        for pid in readers():
            try:
                if busy_seconds(pid) - before.get(pid, 0.0) > busy:
                    os.kill(pid, signal.SIGKILL)
                    return pid
            except OSError:
                pass
        time.sleep(0.05)
    return None


def test_a_reading_process_that_dies_quarantines_that_message_only(tmp_path):
    config = make_local(tmp_path).config
    config.write_text(config.read_text() + "[limits]\nread_processes = 1\n", encoding="utf-8")
    pieces = [("dossier.pdf", samples.pdf(), "application/pdf"), ("courrier maire.pdf", samples.pdf("lettre"),
                                                                    "application/pdf"),
              ("photo.jpg", samples.jpeg(), "image/jpeg")]
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    for n, (sender, files) in enumerate([("a@x.example", []), ("b@x.example", [("dossier.docx", slow_docx(), word)]),
                                         ("c@x.example", pieces)], 1):  # the first has nothing to read
        (tmp_path / "nb" / f"{n}.eml").write_bytes(application(sender, files))
        os.utime(tmp_path / "nb" / f"{n}.eml", (1_700_000_000 + n, 1_700_000_000 + n))
    result = {}
    poll = threading.Thread(target=lambda: result.update(r=CliRunner().invoke(main, ["--config", str(config), "poll"])))
    poll.start()
    killed = kill_busy_reader(poll.is_alive, 0.8)  # the one reader, a while into the slow file (its start: ~0.2 s)
    poll.join(120)
    assert killed is not None, "the slow file was read before it could be interrupted"
    assert result["r"].exit_code == 0, result["r"].output
    with session(open_app(load(config)).engine) as s:
        rows = {r.from_addr or r.uid: r for r in s.exec(select(Inbound))}
    assert (rows["a@x.example"].fate, rows["c@x.example"].fate) == ("ignored", "filed")
    (crashed,) = [r for r in rows.values() if r.fate == "quarantined"]
    assert crashed.uid == 2 and "processus qui lisait" in crashed.reason and crashed.raw_sha256


def test_reading_processes_that_cannot_start_stop_the_poll_and_lose_nothing(tmp_path, monkeypatch):
    """The system refuses new processes (fork fails: too many processes, no memory): the poll stops on that
    mailbox with the system's reason, nothing is recorded for the message, and the next poll files it."""
    import pebble

    class NoFork:
        def __init__(self, *args, **kwargs):
            raise BlockingIOError(11, "Resource temporarily unavailable")

    local = make_local(tmp_path)
    local.drop("nb", "1.eml", local.application())
    monkeypatch.setattr(pebble, "ProcessPool", NoFork)
    code, out = local.cli("poll")
    assert code != 0 and "Resource temporarily unavailable" in out, out
    with session(local.app().engine) as s:
        assert list(s.exec(select(Inbound))) == []  # not passed over: the cursor stays before it
    assert local.cases() == []
    monkeypatch.undo()
    code, out = local.cli("poll")
    assert code == 0, out
    (case,) = local.cases()
    assert case["status"] == "complete" and len(local.sent()) == 1


def test_a_reading_process_that_crashes_leaves_no_core_dump_of_what_it_was_reading(tmp_path):
    """A reading process parses applicants' files with C libraries and may crash on one: the design expects it
    (the message is set aside). Where core dumps are on (`ulimit -c`, the kernel's `core` pattern), the crash wrote
    the process's memory, the documents it was reading included, to a `core` file in its working folder
    (data_dir under systemd), kept for good, out of reach of the purge and of an erasure. intake asks for no core
    dumps, for itself and every process it starts."""
    import resource
    import subprocess
    import sys

    config = make_local(tmp_path).config
    config.write_text(config.read_text() + "[limits]\nread_processes = 1\n", encoding="utf-8")
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    (tmp_path / "nb" / "1.eml").write_bytes(application("b@x.example", [("dossier.docx", slow_docx(), word)]))
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    poll = subprocess.Popen([sys.executable, "-m", "intake", "--config", str(config), "poll"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (hard, hard)))

    crashed = None
    deadline = time.monotonic() + 60
    while crashed is None and time.monotonic() < deadline and poll.poll() is None:
        for pid in readers(of=poll.pid):
            try:
                if busy_seconds(pid) > 0.8:
                    os.kill(pid, signal.SIGSEGV)  # as a crash in a C library would
                    crashed = pid
                    break
            except OSError:
                pass
        time.sleep(0.05)
    poll.wait(120)
    assert crashed is not None, "the slow file was read before it could be interrupted"
    assert [p.name for p in tmp_path.rglob("core*")] == []
