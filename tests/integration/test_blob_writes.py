"""The file store writes a message's files beside the poller's other work (`BlobStore.together`), and the block ends
only once they are all on disk, or raises: the transaction that names them is committed after it, never before."""

from __future__ import annotations

import os
import threading

import pytest

from intake.adapters.storage import BlobStore


def test_every_file_put_in_the_block_is_on_disk_when_it_ends(tmp_path):
    store = BlobStore(tmp_path / "files")
    contents = [os.urandom(n) for n in (10, 300_000, 2_000_000)]
    with store.together():
        names = [store.put(c) for c in contents]
        assert store.put(contents[0]) == names[0]  # the same bytes twice: one file
    for name, content in zip(names, contents, strict=True):
        path = store.path(name)
        assert path.read_bytes() == content and path.stat().st_mode & 0o777 == 0o600
    assert not list((tmp_path / "files").glob("*/*/.tmp-*"))  # nothing half-written left


def test_a_file_put_in_the_block_reads_back_at_once(tmp_path):
    """The dossier just filed is read again for its fields in the same transaction (pipeline/apply.py)."""
    store = BlobStore(tmp_path / "files")
    content = os.urandom(3_000_000)
    with store.together():
        assert store.get(store.put(content)) == content


def test_a_file_that_cannot_be_written_fails_the_block_so_that_nothing_is_committed(tmp_path):
    if os.geteuid() == 0:  # root writes through permissions: a file stands where the folder must go instead
        (tmp_path / "files").write_bytes(b"not a folder")
    else:
        (tmp_path / "files").mkdir(mode=0o500)
    store = BlobStore(tmp_path / "files")
    committed = False
    with pytest.raises(OSError):
        with store.together():
            store.put(b"the applicant's dossier")  # returns its name at once; the write fails meanwhile
        committed = True  # what the poller would do next
    assert not committed


def test_the_block_waits_for_its_writes_even_when_the_work_beside_them_fails(tmp_path):
    store = BlobStore(tmp_path / "files")
    content = os.urandom(2_000_000)
    with pytest.raises(RuntimeError):
        with store.together():
            name = store.put(content)
            raise RuntimeError("a bug in the decision")
    assert store.path(name).read_bytes() == content  # written to its end: the purge removes it if nothing names it


def test_blocks_of_two_threads_are_their_own(tmp_path):
    """The console's thread and the poller's each wait for their own files only."""
    store = BlobStore(tmp_path / "files")
    inside = threading.Event()
    done = threading.Event()

    def other():
        with store.together():
            store.put(b"console")
            inside.set()
            done.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    name = store.put(b"poller, outside any block")  # written at once, not deferred into the other thread's block
    assert store.path(name).read_bytes() == b"poller, outside any block"
    done.set()
    thread.join(5)
