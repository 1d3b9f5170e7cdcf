"""Where the whole eval's extra time goes: our scorer against ``includes()``, phase by phase.

The same mock evals as ``scoring_speed.py`` (1,000 generations, Inspect's default live
display, runs interleaved), each cut into phases by timing two of Inspect's own calls:

- samples: from the start until Inspect computes the final metrics (generation, scoring,
  logging of each sample, and the live display's metric refreshes, also shown apart);
- final figures: Inspect's last ``eval_results`` call, which runs our metric on every
  score (every figure, with its interval);
- closing: the rest (the log's header written, the results panel rendered), and of it the
  rendering of the results panel (``rich.live.Live.stop``), which lists every figure.

Also the CPU time of the eval's main thread, to tell work from waiting (our scorer reads
stories in a second process and waits for them), and of the process's other threads (the
reading worker's two pipe threads, the lexical figures' thread, BLAS threads), which hold
the GIL for part of it. A third kind, ours under the same value file with
``embeddings: {semantic: false}``, shows what the embedding stored in every score costs
(2,048 characters of its 4.6 KB). Prints medians per kind and ours − ``includes()`` per
phase. Diagnostic only: the ratio of record is ``scoring_speed.py``'s.

With ``--panel``: what the results panel costs per figure, from evals scored with
``includes()`` plus a metric that returns 2 … 300 constant figures.

    python benchmarks/eval_phases.py [--rounds 5] [--eval-generations 1000]
    python benchmarks/eval_phases.py --panel [--eval-generations 200]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rich.live
from inspect_ai._eval.task import run as inspect_run
from inspect_ai.scorer import Metric, SampleScore, includes, metric
from scoring_speed import MockEvals

from homog_bench._data import data_path

PHASES = ("total", "samples", "live refreshes", "final figures", "closing", "results panel")
CPU = ("main-thread CPU", "other threads' CPU")


class PhaseClock:
    """Times Inspect's ``eval_results`` calls and the results panel while installed."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, float]] = []
        self.panel = 0.0
        self._results: Callable[..., Any] = getattr(inspect_run, "eval_results")  # noqa: B009
        self._stop = rich.live.Live.stop

    def install(self) -> None:
        results, stop = self._results, self._stop

        def timed_results(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            out = results(*args, **kwargs)
            self.calls.append((start, time.perf_counter()))
            return out

        def timed_stop(live: rich.live.Live) -> None:
            start = time.perf_counter()
            stop(live)
            self.panel += time.perf_counter() - start

        setattr(inspect_run, "eval_results", timed_results)  # noqa: B010
        setattr(rich.live.Live, "stop", timed_stop)  # noqa: B010

    def phases(self, run: Callable[[], float]) -> dict[str, float]:
        """One eval's phases (seconds) and its main thread's CPU time."""
        self.calls, self.panel = [], 0.0
        start, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        run()
        end, cpu = time.perf_counter(), time.thread_time() - cpu
        process = time.process_time() - process
        if not self.calls:
            raise SystemExit("eval_phases.py: this Inspect version does not call eval_results")
        first, last = self.calls[-1]
        return {
            "total": end - start,
            "samples": first - start,
            "live refreshes": sum(b - a for a, b in self.calls[:-1]),
            "final figures": last - first,
            "closing": end - last,
            "results panel": self.panel,
            "main-thread CPU": cpu,
            "other threads' CPU": max(0.0, process - cpu),
        }


def constant_figures(k: int) -> Metric:
    """A metric returning ``k`` constant figures (nothing computed)."""

    @metric(name=f"constant_figures_{k}")
    def figures() -> Metric:
        def compute(scores: list[SampleScore]) -> dict[str, float]:
            return {f"figure_{i}@prompt": i / 7 for i in range(k)}

        return compute

    return figures()


def panel_cost(evals: MockEvals, clock: PhaseClock) -> None:
    """``--panel``: the results panel's time against the number of figures."""
    evals.run(includes())
    print(f"[results panel] {evals.total:,} mock generations, includes() plus k constant figures")
    for k in (2, 12, 50, 100, 175, 300):

        def run(k: int = k) -> float:
            return evals.run(includes(), [constant_figures(k)])

        phases = clock.phases(run)
        print(f"  k = {k:3d}: results panel {phases['results panel']:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-generations", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved eval runs per scorer")
    parser.add_argument("--panel", action="store_true", help="instead: results panel per figure")
    args = parser.parse_args()
    evals = MockEvals(args.eval_generations)
    clock = PhaseClock()
    clock.install()
    if args.panel:
        panel_cost(evals, clock)
        return
    with tempfile.TemporaryDirectory() as folder:
        unsemantic = no_embedding_values(Path(folder) / "no_embedding.yaml")
        kinds: dict[str, Callable[[], Any]] = {
            "includes()": includes,
            "ours": evals.ours,
            "no embedding": lambda: evals.ours(values=str(unsemantic)),
        }
        med = interleaved_phases(evals, clock, kinds, args.rounds)
    base, ours, bare = med["includes()"], med["ours"], med["no embedding"]
    print(
        f"[eval phases] {evals.total:,} mock generations, median of {args.rounds} "
        "interleaved runs each (seconds; no embedding: ours without the embedding in each score)"
    )
    print(
        f"  {'phase':18s} {'includes()':>10s} {'ours':>8s} {'no embedding':>12s} "
        f"{'ours - includes()':>18s}"
    )
    for phase in (*PHASES, *CPU):
        b, o, n = base[phase], ours[phase], bare[phase]
        print(f"  {phase:18s} {b:10.3f} {o:8.3f} {n:12.3f} {o - b:+18.3f}")
    print(
        f"  ratio of the totals: ours {ours['total'] / base['total']:.2f}, "
        f"no embedding {bare['total'] / base['total']:.2f}"
    )


def interleaved_phases(
    evals: MockEvals, clock: PhaseClock, kinds: dict[str, Callable[[], Any]], rounds: int
) -> dict[str, dict[str, float]]:
    """Each kind's median phases over ``rounds`` interleaved evals, after one warm-up each."""
    for make in kinds.values():  # warm-up: imports, registry, the reading worker
        evals.run(make())
    runs: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    for _ in range(rounds):
        for key, make in kinds.items():

            def run(make: Callable[[], Any] = make) -> float:
                return evals.run(make())

            runs[key].append(clock.phases(run))
    return {k: {p: statistics.median(r[p] for r in rs) for p in rs[0]} for k, rs in runs.items()}


def no_embedding_values(path: Path) -> Path:
    """The bundled ``gender_in_stories`` value file with no embedding stored per score."""
    text = data_path("values", "gender_in_stories.yaml").read_text(encoding="utf-8")
    path.write_text(text + "\nembeddings:\n  semantic: false\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    main()
