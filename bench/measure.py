"""Run a command and measure it with every process it starts: the benchmarks' stopwatch.

    python bench/measure.py [--sample] RESULT.json -- command args...

The command's output passes through. RESULT.json gets:
- wall: seconds from start to the end of the command and of every process it left behind;
- cpu: user + system seconds of the command and of all its descendants (reading processes, the
  forkserver, tesseract, pdftoppm...). This process makes itself a "child subreaper" (Linux
  prctl PR_SET_CHILD_SUBREAPER), so orphans are re-parented to it and reaped here: their CPU time
  reaches getrusage(RUSAGE_CHILDREN) even when the command exits before them;
- main_rss_mib: peak RSS of the command's own process (wait4);
- tree_pss_mib (with --sample; else 0): peak of the summed PSS of the whole process tree, sampled every 10 ms from
  /proc/PID/smaps_rollup (PSS shares pages mapped by several processes among them, so a forked
  worker is not counted twice). Sampling costs CPU, so only the memory runs use it. A 10 ms sampler can miss a
  shorter peak: the number is a lower bound of the true peak, measured the same way for intake and for the floor.
  A process of the tree whose memory this user may not read (intake's main process is not dumpable: only root or
  CAP_SYS_PTRACE reads it) is never counted as 0: tree_pss_mib is then null, and the exit code 3.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


UNREADABLE = 3  # the exit code when a process's memory could not be read (bench_backlog.py then stops, saying why)


def _pss_kib(pid: int, unreadable: set[int]) -> int:
    """The PSS of `pid` (0 once it has ended); a process whose memory this user may not read (intake's main process
    is not dumpable: only root, or CAP_SYS_PTRACE, reads its smaps_rollup) goes into `unreadable`, never counted 0."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except PermissionError:
        unreadable.add(pid)
    except OSError:
        pass
    return 0


def main() -> None:
    args = sys.argv[1:]
    sampling = args[0] == "--sample"
    result_path, sep, *cmd = args[1:] if sampling else args
    assert sep == "--" and cmd, __doc__
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    me = os.getpid()
    peak = [0]
    unreadable: set[int] = set()
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = sum(_pss_kib(pid, unreadable) for pid in _tree(me) if pid != me)
            peak[0] = max(peak[0], total)
            done.wait(0.01)

    started = time.perf_counter()
    proc = subprocess.Popen(cmd)
    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    deadline = time.monotonic() + 30
    while True:  # the command's orphans (a forkserver, its workers) are ours now: wait for them
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                for left in _tree(me):
                    if left != me:
                        os.kill(left, signal.SIGKILL)
                deadline = float("inf")
            time.sleep(0.01)
    wall = time.perf_counter() - started
    done.set()
    if sampling:
        sampler.join()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump({"code": code, "wall": wall, "cpu": children.ru_utime + children.ru_stime,
                   "main_rss_mib": usage.ru_maxrss / 1024,
                   "tree_pss_mib": None if unreadable else peak[0] / 1024, "pss_unreadable": len(unreadable)}, out)
    if unreadable:
        print(f"measure.py: the memory (/proc/PID/smaps_rollup) of {len(unreadable)} process(es) of the tree could not "
              "be read by this user (intake's main process is not dumpable): tree_pss_mib is not measured; run the "
              "benchmark as root, or give it CAP_SYS_PTRACE", file=sys.stderr)
        sys.exit(UNREADABLE)
    sys.exit(code)


if __name__ == "__main__":
    main()
