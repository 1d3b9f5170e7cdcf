"""Reading generations in a worker process, so that a CPU-bound eval uses a second core.

Inspect runs every sample of an eval on one event loop in one process. Reading a
story (the protagonist reader, the structures, the embedding) is pure Python and
holds that loop for about a millisecond, which is most of the scorer's cost when
the model answers at once (a mock, a cache, a fast local server). A
:class:`ReadingWorker` reads in a child process (``python -m
homog_bench.structures.worker``) while the loop goes on with the next samples.

The child runs the same :meth:`SystemReader.read` on the same inputs, so every
reading, and every figure, is the same as when read in place. Nothing is lost when
the child cannot help: until it has started, after it dies, and for any text it
fails on, the text is read in this process, exactly as without a worker (a text the
reader fails on then fails the same way it always did).

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

from homog_bench.structures.kind_base import External
from homog_bench.structures.reader import Reading, SystemReader
from homog_bench.values.schema import ValueFile

#: Value files whose worker is kept alive for later evals of the same process.
KEEP = 2

_STOP = None


class WorkerFailed(Exception):
    """The worker could not read a text (it died, or the reader raised there)."""


class ReadingWorker:
    """Reads texts under one value file in a child process; falls back to ``local``.

    >>> import anyio
    >>> from homog_bench.values import load_values
    >>> values = load_values("gender_in_stories")
    >>> worker = ReadingWorker(values, SystemReader(values))
    >>> worker.wait_ready(timeout=60)
    True
    >>> anyio.run(worker.read, "Mara fixed the boat. She smiled.", None).attributes
    {'protagonist_gender': 'woman', 'protagonist_name': 'Mara'}
    >>> worker.close()
    """

    def __init__(self, values: ValueFile, local: SystemReader) -> None:
        self.local = local
        self._pending: dict[int, concurrent.futures.Future[Reading]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._ready = threading.Event()
        self._broken = False
        #: texts read in the child so far (the rest were read in this process)
        self.remote_reads = 0
        self.started = False
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
        assert self._process.stdin is not None and self._process.stdout is not None
        self._send = Connection(os.dup(self._process.stdin.fileno()), readable=False)
        self._receive = Connection(os.dup(self._process.stdout.fileno()), writable=False)
        self._process.stdin.close()
        self._process.stdout.close()
        self._outbox.put(values)
        for target in (self._sender, self._collector):
            name = f"homog-bench reading {target.__name__}"
            threading.Thread(target=target, daemon=True, name=name).start()
        self.started = True

    @property
    def usable(self) -> bool:
        """True once the child has built its reader, until it fails."""
        return self._ready.is_set() and not self._broken

    def wait_ready(self, timeout: float) -> bool:
        """Block until the child is ready (tests and benchmarks); True when it is."""
        return self._ready.wait(timeout) and not self._broken

    async def read(self, text: str, judged: External | None) -> Reading:
        """The reading of ``text``: in the child when it is usable, else here."""
        if self.usable:
            future: concurrent.futures.Future[Reading] = concurrent.futures.Future()
            job = next(self._ids)
            with self._lock:
                self._pending[job] = future
            self._outbox.put((job, text, judged))
            try:
                reading = await _wait(future)
            except WorkerFailed:
                pass
            else:
                self.remote_reads += 1
                return reading
        return self.local.read(text, judged)

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


_WORKERS: dict[str, ReadingWorker] = {}
_WORKERS_LOCK = threading.Lock()


def shared_worker(values: ValueFile, local: SystemReader) -> ReadingWorker:
    """The process's worker for ``values`` (started on first use, reused by later evals).

    At most :data:`KEEP` value files keep a worker; the oldest is closed beyond that.
    """
    key = hashlib.sha256(pickle.dumps(values)).hexdigest()
    with _WORKERS_LOCK:
        worker = _WORKERS.pop(key, None)
        if worker is None or worker._broken:
            worker = ReadingWorker(values, local)
        _WORKERS[key] = worker
        while len(_WORKERS) > KEEP:
            _WORKERS.pop(next(iter(_WORKERS))).close()
    return worker


@atexit.register
def _close_workers() -> None:
    for worker in list(_WORKERS.values()):
        worker.close()


def usable_cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _serve() -> None:
    """The child: build the reader from the first frame, then read until end of input."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the frames
    reader = SystemReader(inbox.recv())
    outbox.send((None, True, None))
    while True:
        try:
            job, text, judged = inbox.recv()
        except EOFError:
            return
        try:
            outbox.send((job, True, reader.read(text, judged)))
        except Exception as exc:  # the parent reads this text itself
            outbox.send((job, False, f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    _serve()
