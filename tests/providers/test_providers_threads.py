"""The thread count follows the load: fewer threads while another process holds a core."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from homog_bench.providers import _llama
from homog_bench.providers._threads import Sample, ThreadGovernor


def readings(samples: list[Sample]) -> Any:
    it: Iterator[Sample] = iter(samples)
    return lambda: next(it)


def test_governor_tracks_other_processes_call_by_call() -> None:
    # each call lasts 10 s; this process uses ~1.9 cores; others 0, then 1, then 0.2
    gov = ThreadGovernor(
        2,
        cores=2,
        probe=0,
        sample=readings([(0, 0, 0), (10, 19, 19), (20, 39, 28), (30, 59, 46)]),
    )
    assert [gov.threads(), gov.threads(), gov.threads()] == [2, 1, 2]


def test_governor_never_goes_below_one_or_above_its_maximum() -> None:
    busy = ThreadGovernor(4, cores=2, probe=0, sample=readings([(0, 0, 0), (1, 2, 0)]))
    assert busy.threads() == 1  # both cores taken by others: still one thread
    idle = ThreadGovernor(2, cores=16, probe=0, sample=readings([(0, 0, 0), (1, 0, 0)]))
    assert idle.threads() == 2


def test_backend_sets_llama_threads_only_when_the_count_changes() -> None:
    calls: list[tuple[int, int]] = []
    backend = _llama.LlamaBackend.__new__(_llama.LlamaBackend)
    backend.llm = SimpleNamespace(ctx="ctx")
    backend._lib = SimpleNamespace(  # type: ignore[assignment]
        llama_set_n_threads=lambda ctx, n, nb: calls.append((n, nb))
    )
    backend._governor = ThreadGovernor(
        2,
        cores=2,
        probe=0,
        sample=readings([(0, 0, 0), (1, 2, 2), (2, 4, 3), (3, 6, 4), (4, 8, 6)]),
    )
    backend.threads_used = 2
    for _ in range(4):
        backend._set_threads()
    # idle (2: no call), busy (1), busy (no call), idle again (2)
    assert calls == [(1, 1), (2, 2)]
    assert backend.threads_used == 2
