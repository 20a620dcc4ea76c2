"""Read files in child processes, within one deadline per message, on every core.

A document reader (pypdf, odfpy, python-docx's XML, striprtf, Pillow, OCR) cannot be
interrupted from inside the process that runs it, and some print what they read. So every
file is read by `extract()` in a worker process of a pool (pebble's `ProcessPool`, shaped
like `concurrent.futures`): the worker has no terminal (its stdout and stderr go to
/dev/null, its logging and warnings are off, so no document text reaches a log), a memory
cap, and its own process group. The pool has one process per CPU by default
(`[limits] read_processes`); it starts on the first file to read, so a poll with nothing to
read starts none. Its processes are forked from multiprocessing's forkserver, which imports what they all
need once (PRELOAD); `intake poll` starts that server as soon as it knows there is mail.
Several threads may read messages through one pool at once
(intake/readahead.py): each message's files are tasks of their own.

A message's reading budget starts when the first of its files starts being read (not while
it waits behind another message's files). When it runs out, the files not read yet are
cancelled: a worker still reading is killed with the tools it started (tesseract,
pdftoppm), and the pool starts a fresh one. Those files come back as not read ("lecture
interrompue (temps dépassé)"): never pieces, the case goes to review. A worker that dies
while reading (a crash, the memory cap) raises `ReaderCrashed`: that message is
quarantined, the others go on.

Containers (ZIP, winmail.dat, attached .eml) are opened in a worker too (`unpack`), first, within the
same budget: a hostile archive costs the reading processes at most the message's budget, never the
poller's time. Workers write their temporary files under data_dir (adapters/scratch.py), in folders
that are removed once the worker is gone, however it went.

A file already read to the end by the pool is not read again: its reading is kept, in memory, by its
SHA-256 until the end of the pass (`_Readings`; the pool stops, or `forget`): the copy of an application
in the other staff mailbox costs no second OCR.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import FIRST_COMPLETED, CancelledError, wait
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from intake.adapters import extract as extract_mod
from intake.adapters import readlimits, scratch
from intake.adapters.readlimits import TIMED_OUT
from intake.core.arrival import PARSE_DIED, parse_out_of_time
from intake.core.containers import Limits as ContainerLimits
from intake.core.containers import is_container, unpack
from intake.core.content import Extracted
from intake.core.message import Attachment, Flag, Message
from intake.core.parse import with_contents
from intake.errors import OverLimit, ReaderCrashed

log = logging.getLogger("intake.readers")

WORKER_MEMORY = 4 << 30  # bytes of address space for a reading process
# Reading processes yield the CPU to the poller: it commits messages one at a time, in mailbox order, and the
# readings it runs ahead of are only useful as fast as it files them. Without this, on 2 CPUs, the poller's
# thread waited for a CPU behind the two readers for a quarter of an everyday catch-up (its run delay in
# /proc/<pid>/task/<tid>/schedstat: 1.7 s of 6 s; 0.7 s at nice 10).
WORKER_NICENESS = 10
PER_FILE_SECONDS = 60.0  # one file never takes more than this, whatever is left of the message's budget


def _worker_setup(scratch_root: str = "") -> None:
    """In each worker: no terminal, no logs, a memory cap, a lower priority than the poller's (tesseract and
    pdftoppm inherit it), its own process group killed as one, its own scratch folder under data_dir (the
    folders of dead workers swept)."""
    import os
    import resource
    import signal
    import warnings

    kept = readlimits.kept_env()  # none of the service's secrets (passwords, OAuth2 secret, token key)
    os.environ.clear()
    os.environ.update(kept)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    try:
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    except (ValueError, OSError):
        pass
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    os.setpgrp()
    signal.signal(signal.SIGTERM, lambda *_: os.killpg(0, signal.SIGKILL))
    if scratch_root:
        scratch.claim(Path(scratch_root))


# Small files go to a worker several at a time (few round trips for a mail of many small files); the
# others one by one, so that the budget running out loses only the files not read yet.
CHUNK_FILES, SMALL_FILE = 32, 16_000


def default_processes() -> int:
    """One reading process per CPU this process may use (at least 1, at most 8)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(8, cpus))


TASK_SLACK = 5.0  # seconds a reading task may run past its files' own timeouts


def task_timeout(files: int, seconds: float) -> float:
    """When a reading task's process is killed: past its files' own timeouts (PER_FILE_SECONDS each, within the
    message's `seconds`), by TASK_SLACK. A reader that does not stop by itself (tesseract's page layout
    analysis has no timeout of its own) costs that one file, not the message's whole budget."""
    return min(seconds, PER_FILE_SECONDS * files) + TASK_SLACK


def _read(items: list[tuple[str, bytes, str]], ocr: bool, seconds: float,
          defer_ocr: bool = False) -> list[tuple[str, Extracted]]:
    """Runs in the worker: `seconds` from now at most (the caller also kills the worker at its own deadline)."""
    deadline = time.monotonic() + seconds
    out = []
    for sha, content, detected_type in items:
        left = deadline - time.monotonic()
        out.append((sha, extract_mod.extract(content, detected_type, ocr=ocr, defer_ocr=defer_ocr,
                                             timeout=max(1.0, min(PER_FILE_SECONDS, left)))))
    return out


# What every reading process needs, imported once by the forkserver they are all forked from, rather than by
# each of them on its first task: intake's reading side (the message parser with it), the PDF reader, Pillow.
PRELOAD = ("intake.adapters.readers", "pypdf", "PIL.Image")


def start_forkserver() -> None:
    """Start the process the reading processes are forked from (multiprocessing's forkserver), PRELOAD imported
    in it, unless it runs already. The pool calls it before it starts its processes; `intake poll` calls it as
    soon as it knows there is mail to read, so that this start runs beside its own (the database layer, the
    rules, the mailbox) rather than before its first message is read. A module that cannot be imported is left
    to the process that needs it (the forkserver skips it)."""
    import multiprocessing.forkserver

    multiprocessing.forkserver.set_forkserver_preload(list(PRELOAD))
    multiprocessing.forkserver.ensure_running()


def _until_done(futures) -> None:
    """Wait a little for one of `futures` to be done (waking at once when it is), so that whether a queued task
    has started is asked every STARTED_CHECK seconds: dozens of messages read ahead, each polling every few
    milliseconds, kept the poller's own thread waiting for the GIL."""
    wait(futures, timeout=STARTED_CHECK, return_when=FIRST_COMPLETED)


STARTED_CHECK = 0.02  # seconds: how late a message's reading budget may start counting (never early)


def _parse(raw: bytes, raw_sha256: str, max_parts: int, max_header_bytes: int) -> tuple[Message, float]:
    """Runs in the worker: core/parse.py `parse_message` (raises OverLimit, ParseError); (message, seconds it
    took here)."""
    from intake.core.parse import parse_message

    started = time.monotonic()
    # its large files by their place in `raw`: the poller, which holds `raw`, decodes them (ReaderPool.parse)
    parsed = parse_message(raw, raw_sha256, max_parts=max_parts, max_header_bytes=max_header_bytes, spans=True)
    return parsed, time.monotonic() - started


def _outcome(future, wait: float, out_of_time: str, died: str):
    """A worker task's result within `wait` seconds: past them, its worker is killed and OverLimit(`out_of_time`)
    raised; a worker that died is ReaderCrashed(`died`, why); what the task raised is raised."""
    try:
        return future.result(timeout=wait)
    except FutureTimeout:
        future.cancel()  # its worker is killed
        raise OverLimit(out_of_time) from None
    except Exception as exc:
        from pebble import ProcessExpired

        if isinstance(exc, ProcessExpired):
            log.warning("a reading process died (%s): its task is given up", exc)
            raise ReaderCrashed(f"{died} ({exc})") from None
        raise


def _preview(content: bytes) -> bytes:
    """Runs in the worker: adapters/pictures.py `jpeg_preview`."""
    from intake.adapters.pictures import jpeg_preview

    return jpeg_preview(content)


def _taken_apart(raw: bytes):
    """Runs in the worker: commands/message_text.py `taken_apart` (the quarantine's view of a message, as text)."""
    from intake.commands.message_text import taken_apart

    return taken_apart(raw)


def _unpack(attachments: list[Attachment], limits: ContainerLimits) -> tuple[list[Attachment], list[Flag]]:
    """Runs in the worker: core/containers.py `unpack`."""
    return unpack(attachments, limits)


def _chunks(todo):
    chunk = []
    for item in todo:
        if len(item[1]) >= SMALL_FILE:
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# how long the processes of a pool told to close are given to end on their own: at once on a quiet machine, but a
# loaded one took over 5 s to start the last of them, and stopping it while it started left the forkserver printing
# a traceback in the service's log (seen in the tests' console teardown on a busy 2-CPU machine)
ENDING_SECONDS = 20


def _ended(pool) -> bool:
    """The pool's processes ended on their own within ENDING_SECONDS (nothing more is given them)."""
    try:
        pool.close()
        pool.join(timeout=ENDING_SECONDS)
        return True
    except Exception:  # noqa: BLE001 - past 5 s, or a broken pool
        return False


def _stop(pool) -> None:
    try:
        pool.stop()
        pool.join(timeout=5)
    except Exception:  # noqa: BLE001 - a broken pool may fail to stop cleanly; it is dropped anyway
        pass


KNOWN_FILES, KNOWN_CHARS = 1000, 8_000_000  # what the pool keeps of the files it read (see _Readings)


class _Readings:
    """The readings of the files this pool has read, by (SHA-256, ocr, defer_ocr), so that the same bytes are
    read once: the copy of an application in the other mailbox (applicants write to both), a message sent
    again, a file forwarded. In memory only, the newest KNOWN_FILES and KNOWN_CHARS of text at most, and
    forgotten when the pool stops or is told to (`forget`: at the end of each pass)."""

    def __init__(self):
        self.items: OrderedDict[tuple[str, bool, bool], Extracted] = OrderedDict()
        self.chars = 0
        self.lock = threading.Lock()

    def get(self, key: tuple[str, bool, bool]) -> Extracted | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple[str, bool, bool], reading: Extracted) -> None:
        with self.lock:
            old = self.items.pop(key, None)
            self.chars += len(reading.text) - (len(old.text) if old is not None else 0)
            self.items[key] = reading
            while self.items and (len(self.items) > KNOWN_FILES or self.chars > KNOWN_CHARS):
                self.chars -= len(self.items.popitem(last=False)[1].text)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.chars = 0


class ReaderPool:
    """`with ReaderPool() as pool: pool.read_all(files, seconds)`; safe to share between threads."""

    def __init__(self, workers: int | None = None, scratch_root: Path | None = None):
        self.workers = workers or default_processes()
        self.scratch = Path(scratch_root) if scratch_root is not None else scratch.default_root()
        self._pool = None
        self._lock = threading.Lock()
        self._tasks = 0  # scheduled and not done yet: the work queued ahead of the next task
        self._tasks_lock = threading.Lock()
        self._known = _Readings()  # what files already read in this pool's lifetime hold

    def __enter__(self) -> "ReaderPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Once nothing is left for the processes (a task still running was cancelled, which killed its
        process), they end on their own, even one still starting: stopping one that was still starting left
        the forkserver printing a traceback in the service's log. Past ENDING_SECONDS, they are stopped."""
        self._drop(wait=True)

    def forget(self) -> None:
        """Forget what the files read so far hold (the end of a pass, for a pool that outlives it)."""
        self._known.clear()

    def _schedule(self, todo, ocr: bool, seconds: float, defer_ocr: bool = False):
        pool = self._get()
        return [(chunk, self._counted(pool.schedule(_read, args=(chunk, ocr, seconds, defer_ocr),
                                                    timeout=task_timeout(len(chunk), seconds))))
                for chunk in _chunks(todo)]

    def _drop(self, broken=None, wait: bool = False) -> None:
        """Stop the pool (`broken`: only if it is still that one: another thread may have replaced it); with
        `wait`, let its processes end on their own first (`close`)."""
        with self._lock:
            if self._pool is None or (broken is not None and self._pool is not broken):
                return
            pool, self._pool = self._pool, None
        if not (wait and _ended(pool)):
            _stop(pool)
        self._known.clear()
        scratch.sweep(self.scratch)

    def _get(self):
        with self._lock:
            if self._pool is None:
                from pebble import ProcessPool

                start_forkserver()
                scratch.sweep(self.scratch)  # what readers killed before this pool (or this service) left
                self._pool = ProcessPool(max_workers=self.workers, initializer=_worker_setup,
                                         initargs=(str(self.scratch),),
                                         context=multiprocessing.get_context("forkserver"))
            return self._pool

    def parse(self, raw: bytes, raw_sha256: str, max_parts: int, seconds: float,
              max_header_bytes: int = 1_000_000) -> tuple[Message, float]:
        """The message parsed in a worker (core/parse.py), so that parsing many messages uses every core and
        leaves the poller's process to filing; within `seconds` from when it starts; (message, seconds it
        took). Raises what parsing raises (OverLimit, ParseError), OverLimit out of time, and ReaderCrashed
        when the worker died.

        The pool itself stops the task `seconds` after it starts (pebble's task timeout, counted from the worker's
        start): the waiting thread sleeps until the result, rather than waking every STARTED_CHECK to see whether
        the task has started (every message is parsed this way, and dozens wait at once: those wake-ups were a
        tenth of the poller's process's CPU on an everyday catch-up)."""
        pool = self._get()
        try:
            args = (raw, raw_sha256, max_parts, max_header_bytes)
            ahead, future = self._tasks, self._counted(pool.schedule(_parse, args=args, timeout=seconds))
        except RuntimeError:  # the pool broke: a fresh one, once
            self._drop(pool)
            ahead, future = self._tasks, self._counted(self._get().schedule(_parse, args=args, timeout=seconds))
        # a task that does not even start in time (a pool that cannot start its processes) stops too
        parsed, spent = _outcome(future, self._start_wait(seconds, ahead) + seconds,
                                 parse_out_of_time(seconds), PARSE_DIED)
        return with_contents(parsed, raw), spent

    def preview(self, content: bytes, seconds: float) -> bytes:
        """A picture the browser cannot show, as a JPEG to look at (adapters/pictures.py), made in a worker: its
        memory cap and `seconds` bound what a hostile file costs. Raises OverLimit out of time, ReaderCrashed when
        the worker died, and what Pillow raises on a file it cannot decode."""
        future = self._get().schedule(_preview, args=(content,), timeout=seconds)
        return _outcome(future, self._start_wait(seconds, 0) + seconds, f"image non convertie en {seconds:.0f} s",
                        "le processus qui convertissait l'image s'est arrêté")

    def taken_apart(self, raw: bytes, seconds: float):
        """The message's headers and parts as text (commands/message_text.py `taken_apart`: the quarantine's view),
        made in a worker within `seconds`, as `parse` parses it: a message shaped to be slow to take apart (45 MB of
        bare line ends: 7 s) costs a reading process that much, never the caller's. Raises OverLimit out of time
        (core/arrival.py `parse_out_of_time`) and ReaderCrashed when the worker died."""
        future = self._get().schedule(_taken_apart, args=(raw,), timeout=seconds)
        return _outcome(future, self._start_wait(seconds, 0) + seconds, parse_out_of_time(seconds), PARSE_DIED)

    def _counted(self, future):
        with self._tasks_lock:
            self._tasks += 1
        future.add_done_callback(self._task_done)
        return future

    def _task_done(self, _future) -> None:
        with self._tasks_lock:
            self._tasks -= 1

    def _start_wait(self, seconds: float, ahead: int) -> float:
        """How long a task may wait for its start behind `ahead` tasks queued before it: each of those is bounded
        by its own budget (at most `seconds` for another message's), shared by `workers` processes; 10 times
        `seconds` on top, for a pool that is slow to start."""
        return seconds * (10 + ahead / max(1, self.workers))

    def _wait_start(self, future, seconds: float, ahead: int = 0) -> None:
        """Wait for a task queued behind other messages' to start: each message's budget runs from when its own
        work starts (the read-ahead can queue many messages' work before it)."""
        queued, limit = time.monotonic(), self._start_wait(seconds, ahead)
        while not (future.running() or future.done()) and time.monotonic() - queued < limit:
            _until_done([future])

    def unpack(self, attachments: list[Attachment], limits: ContainerLimits,
               seconds: float) -> tuple[list[Attachment], list[Flag], float]:
        """The files `attachments` hold (core/containers.py `unpack`), containers opened in a worker within
        `seconds` from when it starts; (files, flags, seconds it took). Without containers, nothing to open:
        done here. Out of time, the containers stay whole, flagged "non lu, à vérifier". Raises OverLimit
        (the message is over its limits) and ReaderCrashed (the worker died)."""
        if not any(is_container(att) for att in attachments):
            files, flags = unpack(attachments, limits)
            return files, flags, 0.0
        pool = self._get()
        try:
            ahead, future = self._tasks, self._counted(pool.schedule(_unpack, args=(attachments, limits)))
        except RuntimeError:  # the pool broke: a fresh one, once
            self._drop(pool)
            ahead, future = self._tasks, self._counted(self._get().schedule(_unpack, args=(attachments, limits)))
        self._wait_start(future, seconds, ahead)
        started = time.monotonic()
        try:
            files, flags = future.result(timeout=seconds)
        except OverLimit:
            raise
        except FutureTimeout:
            future.cancel()  # its worker (and what it started) is killed
            scratch.sweep(self.scratch)
            log.warning("reading budget of %.0f s spent opening containers: left unopened", seconds)
            return (*self._unopened(attachments, limits, "temps de lecture dépassé"), time.monotonic() - started)
        except Exception as exc:  # noqa: BLE001 - the worker died (a crash, the memory cap), or could not answer
            from pebble import ProcessExpired

            if isinstance(exc, ProcessExpired):
                log.warning("a reading process died opening containers (%s): the message is set aside", exc)
                raise ReaderCrashed(f"le processus qui ouvrait une archive jointe s'est arrêté ({exc})") from None
            log.warning("opening containers failed: %s", type(exc).__name__)
            return (*self._unopened(attachments, limits, f"ouverture impossible ({type(exc).__name__})"),
                    time.monotonic() - started)
        return files, flags, time.monotonic() - started

    @staticmethod
    def _unopened(attachments: list[Attachment], limits: ContainerLimits,
                  why: str) -> tuple[list[Attachment], list[Flag]]:
        files: list[Attachment] = []
        flags: list[Flag] = []
        for att in attachments:
            if is_container(att):
                files.append(att)
                flags.append(Flag(att.container + att.filename, "unread", f"archive non ouverte : {why}"))
            else:
                found, problems = unpack([att], limits)
                files += found
                flags += problems
        return files, flags

    def read_all(self, files: list[tuple[str, bytes, str]], seconds: float, ocr: bool = True,
                 defer_ocr: bool = False, took: list[float] | None = None) -> dict[str, Extracted]:
        """What is inside each (sha256, content, detected type), all within `seconds` from the moment the
        first of them starts being read; files not read in time come back with `error=TIMED_OUT` and
        `read=False`. Raises ReaderCrashed when a worker dies reading one of them. `took` is given the seconds
        their reading took, from that moment (not the wait behind other messages' files: core/reading_budget.py)."""
        out: dict[str, Extracted] = {}
        todo = []
        for sha, content, kind in files:
            if sha in out:
                continue
            known = self._known.get((sha, ocr, defer_ocr))
            if known is not None:
                out[sha] = known
                continue
            if not extract_mod.has_reader(content, kind):
                out[sha] = Extracted()
                continue
            todo.append((sha, content, kind))
            out[sha] = Extracted(error=TIMED_OUT)  # until it is read
        if not todo:
            return out
        pool = self._get()
        ahead = self._tasks
        try:
            futures = self._schedule(todo, ocr, seconds, defer_ocr)
        except RuntimeError:  # the pool broke (a worker could not start): start a fresh one, once
            log.warning("the reading processes failed; starting them again")
            self._drop(pool)
            try:
                futures = self._schedule(todo, ocr, seconds, defer_ocr)
            except RuntimeError as exc:
                self._drop()
                out.update((sha, Extracted(error=f"lecture impossible ({exc})")) for sha, _, _ in todo)
                return out
        queued = time.monotonic()  # other messages' files may go first: each bounded by its own budget
        limit = self._start_wait(seconds, ahead)
        while not any(f.running() or f.done() for _, f in futures) and time.monotonic() - queued < limit:
            _until_done([f for _, f in futures])
        started = time.monotonic()
        deadline = started + seconds
        stopped = 0
        try:
            for chunk, future in futures:
                try:
                    out.update(future.result(timeout=max(0.0, deadline - time.monotonic())))
                except FutureTimeout:
                    if not future.done():
                        break  # the message's budget is spent
                    stopped += 1  # this task's own time: its process was killed (task_timeout)
                    out.update((sha, Extracted(error=TIMED_OUT)) for sha, _, _ in chunk)
                except CancelledError:
                    continue
                except Exception as exc:  # noqa: BLE001 - the worker died (a crash, the memory cap)
                    from pebble import ProcessExpired

                    if isinstance(exc, ProcessExpired):
                        log.warning("a reading process died (%s): the message is set aside", exc)
                        raise ReaderCrashed(f"le processus qui lisait un fichier joint s'est arrêté ({exc})") from None
                    log.warning("a reader failed: %s", type(exc).__name__)
                    out.update((sha, Extracted(error=f"lecture impossible ({type(exc).__name__})"))
                               for sha, _, _ in chunk)
        finally:
            late = [f for _, f in futures if not f.done()]
            for future in late:
                future.cancel()  # a running one: its worker (and the tools it started) is killed
            if took is not None:  # a reading process that died took its sender's reading time all the same
                took.append(time.monotonic() - started)
        if late or stopped:
            scratch.sweep(self.scratch)  # the killed workers' files (the new workers sweep too)
        for sha, _, _ in todo:
            if not out[sha].error:  # read to the end: the same bytes give the same reading (not so a timeout)
                self._known.put((sha, ocr, defer_ocr), out[sha])
        if late:
            log.warning("reading budget of %.0f s spent: %s file(s) not read", seconds, len(late))
        if stopped:
            log.warning("%s reading task(s) outlasted their files' time and were stopped", stopped)
        return out
