"""Messages are parsed in the reading processes (adapters/readers.py `ReaderPool.parse`): the same Message as
parsing in the poller's process, the same refusals, and a parse that outlasts the message's reading time is
stopped, not waited for."""

from __future__ import annotations

import documents as d
import pytest

from intake.adapters.readers import ReaderPool
from intake.commands import samples
from intake.core.parse import parse_message
from intake.errors import OverLimit, ParseError


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    with ReaderPool(2, tmp_path_factory.mktemp("scratch")) as p:
        yield p


def test_a_message_parsed_in_a_reading_process_is_the_message_parsed_here(pool):
    raw = samples.email(sender="Asso <a@x.example>", to=["n.bataillon@ville-bethune.fr"], subject="Candidature é",
                        body="Bonjour,\n\nci-joint.", attachments=[("Dossier.docx", d.docx(d.DOSSIER_LINES),
                                                                    "application/octet-stream"),
                                                                   ("IMG.jpg", d.photo(), "image/jpeg")])
    (apart, spent), here = pool.parse(raw, "sha", 100, 30.0), parse_message(raw, "sha", max_parts=100)
    assert 0 < spent < 30
    assert apart == here and apart.fingerprint == here.fingerprint and len(apart.attachments) == 2
    assert [a.sha256 for a in apart.attachments] == [a.sha256 for a in here.attachments]


def test_reading_processes_run_at_a_lower_priority_than_the_poller(pool):
    """The poller commits in order: the readings it runs ahead of must not keep it waiting for a CPU."""
    import os
    import time

    from test_reading_crash import readers

    pool.parse(b"From: a@x.example\r\nSubject: s\r\n\r\nx\r\n", "", 10, 30.0)  # the pool is started
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert mine < 19
    deadline, seen = time.monotonic() + 10, {}
    while time.monotonic() < deadline:  # a process just started may not have run its setup yet
        seen = {pid: os.getpriority(os.PRIO_PROCESS, pid) for pid in readers()}
        if len(seen) >= 2 and set(seen.values()) == {min(19, mine + 10)}:
            break
        time.sleep(0.05)
    assert len(seen) >= 2 and set(seen.values()) == {min(19, mine + 10)}, seen


def test_reading_processes_start_with_the_readers_already_imported(pool):
    """The forkserver imports what every reading process needs (adapters/readers.py PRELOAD) once: a process
    forked from it has Pillow before its first picture (seen in its memory map, as Pillow's compiled module),
    though it has only parsed a message."""
    import time
    from pathlib import Path

    from test_reading_crash import readers

    pool.parse(b"From: a@x.example\r\nSubject: s\r\n\r\nx\r\n", "", 10, 30.0)
    deadline, maps = time.monotonic() + 10, {}
    while time.monotonic() < deadline:
        maps = {}
        for pid in readers():
            try:
                maps[pid] = Path(f"/proc/{pid}/maps").read_text()
            except OSError:
                continue
        if maps:
            break
        time.sleep(0.05)
    assert maps and all("PIL/_imaging" in m for m in maps.values()), sorted(maps)


def test_refusals_come_back_from_the_reading_process_as_they_are(pool):
    parts = "".join(f"--B\r\nContent-Type: text/plain\r\n\r\n{i}\r\n" for i in range(50))
    raw = ("From: a@x.example\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n" + parts
           + "--B--\r\n").encode()
    with pytest.raises(OverLimit, match="max_parts"):
        pool.parse(raw, "", 10, 30.0)
    with pytest.raises(ParseError):
        pool.parse(b"   \r\n", "", 10, 30.0)


def test_a_parse_that_outlasts_the_reading_time_is_stopped_and_the_pool_reads_on(pool):
    raw = samples.email(sender="a@x.example", to=["n.bataillon@ville-bethune.fr"], subject="gros",
                        attachments=[(f"f{i}.txt", b"x" * 200_000, "text/plain") for i in range(40)])
    with pytest.raises(OverLimit, match="interrompue"):
        pool.parse(raw, "", 1000, 0.001)
    assert pool.parse(raw, "", 1000, 60.0)[0].subject == "gros"  # a fresh worker took the killed one's place


def test_a_parse_queued_behind_many_messages_work_is_not_stopped_before_it_starts(tmp_path):
    """The read-ahead queues up to READ_AHEAD_PER_PROCESS messages per process: a message behind them waits
    for its turn (each of theirs bounded by its own budget) before its own budget runs, and is not set aside
    as over its reading time when its parse takes milliseconds."""
    import time

    from intake.pipeline.poll import READ_AHEAD_PER_PROCESS

    raw = samples.email(sender="a@x.example", to=["n.bataillon@ville-bethune.fr"], subject="court", body="Bonjour")
    seconds = 0.5  # the parse itself takes milliseconds: 0.2 s left a reading process (at a lower priority) on a busy
    # machine little to be given a CPU before the message was stopped as out of its time
    with ReaderPool(2, tmp_path) as pool:
        pool.parse(raw, "", 100, 30.0)  # the processes are up
        others = [pool._counted(pool._get().schedule(time.sleep, args=(0.7 * seconds,)))  # other messages' work
                  for _ in range(READ_AHEAD_PER_PROCESS * pool.workers)]
        started = time.monotonic()
        message, spent = pool.parse(raw, "", 100, seconds)
        assert message.subject == "court" and spent < seconds
        assert time.monotonic() - started > 11 * seconds  # it did wait longer than the fixed 10 x budget
        assert sum(f.done() for f in others) >= len(others) - 1  # behind all of them (one may still run)


def test_a_reading_process_that_dies_while_parsing_sets_that_message_aside(tmp_path):
    import threading

    from test_reading_crash import kill_busy_reader

    from intake.errors import ReaderCrashed

    cc = ", ".join(f"personne{i}@exemple{i % 97}.fr" for i in range(150_000))  # seconds of parsing
    raw = f"From: a@x.example\r\nTo: n@ville-bethune.fr\r\nCc: {cc}\r\nSubject: s\r\n\r\ncorps\r\n".encode()
    outcome: dict[str, object] = {}
    with ReaderPool(1, tmp_path / "scratch") as own:
        def parse():
            try:
                outcome["parsed"] = own.parse(raw, "", 1000, 120.0, max_header_bytes=100_000_000)  # seconds of it
            except Exception as exc:  # noqa: BLE001 - what came back is the test's answer
                outcome["raised"] = exc

        thread = threading.Thread(target=parse)
        thread.start()
        killed = kill_busy_reader(thread.is_alive, 0.5)  # it is parsing (its start costs about 0.2 s)
        thread.join(60)
        assert killed is not None, "the message was parsed before it could be interrupted"
        assert isinstance(outcome.get("raised"), ReaderCrashed), outcome
        assert "analysait le message" in str(outcome["raised"])
        assert own.parse(b"From: b@x.example\r\nSubject: t\r\n\r\nx\r\n", "", 1000, 30.0)[0].subject == "t"


def test_a_message_over_8_mib_is_parsed_in_a_reading_process_within_its_reading_time(tmp_path):
    """The fifth attacker's review: a message over 8 MiB was parsed in the poller's own process, with no time limit:
    millions of short lines held it for seconds (47 MB of header fields: 24 s and 1.5 GB). Every message is now
    parsed in a reading process, within [limits] read_seconds: here a budget far shorter than its parse."""
    import dataclasses

    from localsite import make_local

    from intake.adapters.rulefiles import load_rules
    from intake.config import load
    from intake.pipeline.read import read_message

    settings = load(make_local(tmp_path).config)
    raw = (b"From: a@x.example\r\nTo: n.bataillon@ville-bethune.fr\r\nSubject: lignes\r\n"
           b"Content-Type: text/plain\r\n\r\n" + b"\n" * (9 << 20))  # 9 MiB of empty lines: about 2 s to parse
    short = dataclasses.replace(settings, limits=dataclasses.replace(settings.limits, read_seconds=0.2))
    rules = load_rules(settings.rules_dir)
    with ReaderPool(1, tmp_path / "scratch") as own:
        own.parse(b"From: b@x.example\r\nSubject: t\r\n\r\nx\r\n", "", 10, 30.0)  # the process is up
        with pytest.raises(OverLimit, match="interrompue"):
            read_message(raw, rules, short, "n.bataillon@ville-bethune.fr", pool=own)
        assert read_message(raw, rules, settings, "n.bataillon@ville-bethune.fr", pool=own).msg.subject == "lignes"
