"""Reading generations in a worker process, so that a CPU-bound eval uses a second core.

Inspect runs every sample of an eval on one event loop in one process. Reading a
story (the protagonist reader, the structures, the embedding) is pure Python and
holds that loop for about a millisecond, which is most of the scorer's cost when
the model answers at once (a mock, a cache, a fast local server). A
:class:`ReadingWorker` reads in a child process (``python -m
homog_bench.structures.worker``) while the loop goes on with the next samples.

The child runs the same :meth:`SystemReader.read` on the same inputs, so every
reading, and every figure, is the same as when read in place. Nothing is lost when
the child cannot help: if it cannot start, after it dies, and for any text it
fails on, the text is read in this process, exactly as without a worker (a text the
reader fails on then fails the same way it always did). While it starts, texts wait for
it in the pipe.

The child is a plain subprocess talking pickled frames over its stdin and stdout,
not a ``multiprocessing`` pool: a spawned pool re-imports the parent's main module,
which re-runs a user's script that calls ``eval()`` without a ``__main__`` guard.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import hashlib
import itertools
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from homog_bench._cores import usable_cores
from homog_bench.structures.kind_base import External
from homog_bench.structures.reader import Reading, SystemReader
from homog_bench.values.schema import ValueFile

#: How many times a process starts a worker (a child that keeps dying is not restarted).
MAX_STARTS = 3

_STOP = None


class WorkerFailed(Exception):
    """The worker could not read a text (it died, or the reader raised there)."""


class ReadingWorker:
    """Reads texts in a child process, under any value file; falls back to reading here.

    One child serves every value file of the process: the first text read under a value
    file sends that file along, and the child keeps a reader for each.

    >>> import anyio
    >>> from homog_bench.values import load_values
    >>> reader = SystemReader(load_values("gender_in_stories"))
    >>> worker = ReadingWorker()
    >>> worker.wait_ready(timeout=60)
    True
    >>> anyio.run(worker.read, reader, "Mara fixed the boat. She smiled.", None).attributes
    {'protagonist_gender': 'woman', 'protagonist_name': 'Mara'}
    >>> worker.remote_reads
    1
    >>> worker.close()
    """

    def __init__(self) -> None:
        self._pending: dict[int, concurrent.futures.Future[Reading]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._ready = threading.Event()
        self._broken = False
        # value file object id -> (the file, kept alive so that the id stays its own, and
        # its content's digest); digests already sent to the child
        self._keys: dict[int, tuple[ValueFile, str]] = {}
        self._sent: set[str] = set()
        #: texts read in the child so far (the rest were read in this process)
        self.remote_reads = 0
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "homog_bench.structures.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._broken = True
            return
        try:
            assert self._process.stdin is not None and self._process.stdout is not None
            self._send = Connection(os.dup(self._process.stdin.fileno()), readable=False)
            self._receive = Connection(os.dup(self._process.stdout.fileno()), writable=False)
            self._process.stdin.close()
            self._process.stdout.close()
        except Exception:  # never the eval's problem: read in place instead
            self._process.kill()
            self._broken = True
            return
        for target in (self._sender, self._collector):
            name = f"homog-bench reading {target.__name__}"
            threading.Thread(target=target, daemon=True, name=name).start()

    @property
    def usable(self) -> bool:
        """True once the child has started, until it fails."""
        return self._ready.is_set() and not self._broken

    def wait_ready(self, timeout: float) -> bool:
        """Block until the child is ready (tests and benchmarks); True when it is."""
        return self._ready.wait(timeout) and not self._broken

    async def read(self, reader: SystemReader, text: str, judged: External | None) -> Reading:
        """``reader.read(text, judged)``: in the child unless it has failed, else here.

        Texts sent while the child is still starting wait in the pipe for it, rather than
        being read here: this process, the eval's, is the busy one, and reading here would
        also load the embedding backend into it (see :attr:`SystemReader.embedder`).
        """
        if not self._broken:
            future: concurrent.futures.Future[Reading] = concurrent.futures.Future()
            job = next(self._ids)
            with self._lock:
                known = self._keys.get(id(reader.values))
                if known is None:  # each eval loads its own copy: one reader per content
                    digest = hashlib.sha256(pickle.dumps(reader.values)).hexdigest()
                    known = self._keys[id(reader.values)] = (reader.values, digest)
                key = known[1]
                if key not in self._sent:  # the outbox keeps order: the file goes first
                    self._sent.add(key)
                    self._outbox.put((None, key, reader.values, None))
                self._pending[job] = future
                self._outbox.put((job, key, text, judged))
            try:
                reading = await _wait(future)
            except WorkerFailed:
                pass
            else:
                self.remote_reads += 1
                return reading
        return reader.read(text, judged)

    def close(self) -> None:
        """Let the child finish and exit (it stops at the end of its input)."""
        self._outbox.put(_STOP)

    def _sender(self) -> None:
        while True:
            item = self._outbox.get()
            if item is _STOP:
                self._send.close()
                return
            try:
                self._send.send(item)
            except (OSError, ValueError, pickle.PicklingError):
                self._fail_all()
                return

    def _collector(self) -> None:
        try:
            while True:
                job, ok, payload = self._receive.recv()
                if job is None:
                    self._ready.set()
                    continue
                with self._lock:
                    future = self._pending.pop(job, None)
                if future is None or future.done():
                    continue
                with contextlib.suppress(concurrent.futures.InvalidStateError):  # cancelled
                    if ok:
                        future.set_result(payload)
                    else:
                        future.set_exception(WorkerFailed(payload))
        except (EOFError, OSError, pickle.UnpicklingError, ValueError, TypeError):
            self._fail_all()

    def _fail_all(self) -> None:
        self._broken = True
        self._ready.set()
        with self._lock:
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                with contextlib.suppress(concurrent.futures.InvalidStateError):
                    future.set_exception(WorkerFailed("the reading worker stopped"))


async def _wait(future: concurrent.futures.Future[Reading]) -> Reading:
    """Await a thread-side future under asyncio (Inspect's default) or any other loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # trio: wait in a thread
        import anyio

        return await anyio.to_thread.run_sync(future.result)
    return await asyncio.wrap_future(future)


_WORKER: ReadingWorker | None = None
_STARTS = 0
_WORKER_LOCK = threading.Lock()


def shared_worker() -> ReadingWorker | None:
    """The process's worker, started on first use and reused by every later eval.

    A worker that died is replaced, at most :data:`MAX_STARTS` times in all; after
    that, None (read in place).
    """
    global _WORKER, _STARTS
    with _WORKER_LOCK:
        if _WORKER is None or (_WORKER._broken and _STARTS < MAX_STARTS):
            if _STARTS >= MAX_STARTS:
                return None
            _STARTS += 1
            _WORKER = ReadingWorker()
        return None if _WORKER._broken else _WORKER


@atexit.register
def _close_worker() -> None:
    if _WORKER is not None:
        _WORKER.close()


def worth_a_worker() -> bool:
    """Whether a second process can read in parallel: a POSIX system (the frames go over
    pipe file descriptors) where this process may use two CPUs or more."""
    return os.name == "posix" and usable_cores() >= 2


def _serve() -> None:
    """The child: keep a reader per value file it is sent, read until end of input."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the frames
    readers: dict[str, SystemReader | str] = {}
    outbox.send((None, True, None))
    while True:
        try:
            job, key, body, judged = inbox.recv()
        except EOFError:
            return
        if job is None:  # a value file: build its reader once
            try:
                readers[key] = SystemReader(body)
            except Exception as exc:  # its texts are then read by the parent
                readers[key] = f"{type(exc).__name__}: {exc}"
            continue
        reader = readers.get(key, "no reader for this value file")
        try:
            if isinstance(reader, str):
                raise RuntimeError(reader)
            outbox.send((job, True, reader.read(body, judged)))
        except Exception as exc:  # the parent reads this text itself
            outbox.send((job, False, f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    _serve()
