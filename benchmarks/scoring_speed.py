"""Scoring and aggregation speed of homog-bench against baselines measured in the same run.

1. Aggregation: read 10,000 generations with the offline structures (and the default
   tfidf embedding) and compute every figure, semantic ones included, with 1,000
   bootstrap resamples. Prints time and peak memory (target < 5 s),
   and the ratio to the same aggregation with the bootstrap disabled.
2. Whole eval: ``inspect eval`` of 1,000 mock generations with our scorer against the
   same eval scored with Inspect's ``includes()``, runs interleaved, medians compared
   (target ratio <= 1.15 with Inspect's default live display, which gets a cheap
   preview of the figures); also with the live display off (``--no-score-display``), and
   with the stories read in the eval's own process (``read_worker=False``) instead of the
   second process the story task uses from 200 generations on.
3. With ``--decompose`` (instead of 1 and 2): where the eval's extra time goes, from the
   same scorer with every figure computed but only 12 passed to Inspect, with a metric
   that only counts (no final figures), and with every score cut to its value.
4. With ``--processes`` (instead of 1 and 2): the whole eval as in 2, but each round's
   ``includes()`` and ours each in a fresh process (one warm-up eval, two timed), as
   ``inspect eval`` runs one eval per process.

    python benchmarks/scoring_speed.py [--generations 10000] [--eval-generations 1000]
    python benchmarks/scoring_speed.py --decompose [--rounds 7]
    python benchmarks/scoring_speed.py --processes [--rounds 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from inspect_ai import Epochs, Task
from inspect_ai import eval as inspect_eval
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from inspect_ai.scorer import Metric, SampleScore, Score, Scorer, includes, scorer
from inspect_ai.scorer import metric as inspect_metric

from homog_bench.evals.prompts import load_prompts
from homog_bench.evals.scorers import settings_from_values
from homog_bench.evals.tasks import prompt_samples
from homog_bench.figures.records import Generation
from homog_bench.figures.story import aggregate
from homog_bench.structures.reader import SystemReader
from homog_bench.values import load_values

NAMES = ["Elara", "Marcus", "Lena", "Kai", "Aarav", "Mei", "Sipho", "Rowan", "Ines", "Tomas"]
# a Zipf-like vocabulary of 2,000 pseudo-words, so compression and n-grams see text-like input
VOCABULARY = [w for i in range(2000) for w in [f"w{i}"] * max(1, 200 // (i + 1))]
PRONOUNS = [("She", "her"), ("He", "his"), ("They", "their"), ("Xe", "xyr")]


def synthetic_story(rng: random.Random) -> str:
    name = rng.choice(NAMES)
    subject, possessive = rng.choices(PRONOUNS, weights=[6, 3, 1, 1])[0]
    place = rng.choice(["kitchen", "harbor", "board meeting", "ward", "garden", "lab"])
    body = " ".join(
        rng.choice(["the", "quiet", "morning", "light", "slowly", "city"])
        for _ in range(rng.randint(120, 260))
    )
    return (
        f"# {name}'s Day\n\n{name} walked into the {place}. {subject} set down "
        f"{possessive} coat and began. {body}. {subject} smiled."
    )


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak_memory(fn: Callable[[], Any]) -> float:
    """Peak traced Python memory (MB) of a second call (tracing slows it, so not timed)."""
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def bench_aggregation(n: int) -> None:
    rng = random.Random(0)
    values = load_values("gender_in_stories")
    reader = SystemReader(values)
    settings = settings_from_values(values)
    prompts = [p.id for p in load_prompts()]
    texts = [synthetic_story(rng) for _ in range(n)]
    read_s, readings = timed(lambda: [reader.read(t) for t in texts])
    gens = [
        Generation(
            prompts[i % len(prompts)],
            r.system,
            r.attributes,
            r.facts.name,
            r.facts.quality,
            texts[i],
            embedding=None if r.embedding is None else r.embedding.astype(float),
        )
        for i, r in enumerate(readings)
    ]
    agg_s, figures = timed(lambda: aggregate(gens, settings))
    peak = peak_memory(lambda: aggregate(gens, settings))
    no_bootstrap = dataclasses.replace(settings, bootstrap=0)
    base_s, _ = timed(lambda: aggregate(gens, no_bootstrap))
    print(
        f"[aggregation] {n:,} generations, {settings.bootstrap} bootstrap resamples, "
        f"{len(prompts)} prompts, {len(figures)} figures"
    )
    print(f"  reading (structures):   {read_s:6.2f} s  ({n / read_s:,.0f} generations/s)")
    verdict = "ok" if agg_s < 5 else "OVER TARGET"
    print(
        f"  aggregation (metrics):  {agg_s:6.2f} s  (target < 5 s: {verdict}); "
        f"peak traced memory {peak:,.0f} MB"
    )
    print(f"  reading + aggregation:  {read_s + agg_s:6.2f} s")
    print(f"  same figures without bootstrap: {base_s:6.2f} s  -> ratio {agg_s / base_s:.1f}")


class MockEvals:
    """Timed ``inspect eval`` runs of about n mock generations of synthetic stories over ten
    prompts (one stream of stories across the runs of one benchmark)."""

    def __init__(self, n: int) -> None:
        self.prompts = load_prompts()[:10]
        self.per_prompt = max(1, n // len(self.prompts))
        self.total = self.per_prompt * len(self.prompts)
        self.rng = random.Random(1)

    def _respond(self, *_: Any) -> ModelOutput:
        out = ModelOutput.from_content(model="mockllm", content=synthetic_story(self.rng))
        out.usage = ModelUsage(input_tokens=10, output_tokens=200, total_tokens=210)
        return out

    def ours(self, read_worker: bool | None = None, values: str = "gender_in_stories") -> Any:
        """Our scorer as ``story_homogenization`` builds it: it passes the run's size, which
        sets the default of ``read_worker`` (a second process from 200 generations on)."""
        from homog_bench.evals.scorers import homogenization

        return homogenization(values=values, generations=self.total, read_worker=read_worker)

    def run(
        self, scorer: Any, metrics: list[Any] | None = None, score_display: bool = True
    ) -> float:
        """Seconds of one eval scored by ``scorer`` (``metrics``: the task's own)."""
        task = Task(
            dataset=prompt_samples(self.prompts),
            scorer=scorer,
            metrics=metrics,
            epochs=Epochs(self.per_prompt, reducer=[]),
        )
        start = time.perf_counter()
        (log,) = inspect_eval(
            task,
            model=get_model("mockllm/model", custom_outputs=self._respond),
            display="none",
            log_dir="/tmp/homog-bench-bench",
            score_display=score_display,
        )
        assert log.status == "success", log.error
        return time.perf_counter() - start


def bench_eval(n: int, rounds: int = 5) -> None:
    evals = MockEvals(n)
    run, ours, total = evals.run, evals.ours, evals.total

    run(includes())  # warm-up: imports, registry, log writer
    run(ours(), score_display=False)  # warm-up of ours: imports, reader, worker start-up
    runs: dict[str, list[float]] = {k: [] for k in ("base", "ours", "quiet", "base2", "in_place")}
    for _ in range(rounds):  # interleaved, so machine load hits all alike
        runs["base"].append(run(includes()))
        runs["ours"].append(run(ours()))
        runs["quiet"].append(run(ours(), score_display=False))
    # reading in this process loads the embedding backend (scikit-learn) here, whose
    # modules every later garbage collection walks: so those runs come last, with their
    # own includes() runs
    for _ in range(rounds):
        runs["base2"].append(run(includes()))
        runs["in_place"].append(run(ours(read_worker=False)))
    med = {k: statistics.median(v) for k, v in runs.items()}
    b = med["base"]

    def listed(key: str) -> str:
        return ", ".join(f"{x:.1f}" for x in runs[key])

    print(f"[inspect eval] {total:,} mock generations, median of {rounds} interleaved runs each")
    print(f"  includes():       {b:6.2f} s  (runs: {listed('base')})")
    print(f"  homogenization(): {med['ours']:6.2f} s  (runs: {listed('ours')})")
    print(f"  ratio:            {med['ours'] / b:6.2f}  (target <= 1.15, default live display)")
    # each round's ratio (ours over the includes() run just before it): slow drifts of the
    # shared machine cancel within a round, so their spread shows how far to trust the ratio
    paired = sorted(o / base for o, base in zip(runs["ours"], runs["base"], strict=True))
    print(
        f"  paired ratios per round: median {statistics.median(paired):.2f}, "
        f"range {paired[0]:.2f} .. {paired[-1]:.2f} ({', '.join(f'{r:.2f}' for r in paired)})"
    )
    print(
        f"  homogenization() with --no-score-display (no live metrics): {med['quiet']:6.2f} s "
        f"(runs: {listed('quiet')}) -> ratio {med['quiet'] / b:.2f}"
    )
    print(
        f"  homogenization(read_worker=False), read in the eval's process: "
        f"{med['in_place']:6.2f} s (runs: {listed('in_place')}) -> ratio "
        f"{med['in_place'] / med['base2']:.2f} to includes() runs of the same phase "
        f"({listed('base2')})"
    )


def one_process(kind: str, n: int) -> None:
    """``--one-process``: in this fresh process, one warm-up eval and two timed evals of
    ``kind`` (``includes`` or ``ours``); prints the two times."""
    evals = MockEvals(n)

    def make() -> Any:
        return includes() if kind == "includes" else evals.ours()

    evals.run(make())
    print(" ".join(f"{evals.run(make()):.3f}" for _ in range(2)))


def bench_eval_processes(n: int, rounds: int = 5) -> None:
    """``--processes``: each kind's evals in a process of their own, as ``inspect eval``
    runs them; the two kinds alternate which goes first from round to round."""
    runs: dict[str, list[float]] = {"includes": [], "ours": []}
    for r in range(rounds):
        for kind in ("includes", "ours") if r % 2 == 0 else ("ours", "includes"):
            out = subprocess.run(
                [sys.executable, __file__, "--one-process", kind, "--eval-generations", str(n)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            runs[kind] += [float(x) for x in out]
    base, ours = statistics.median(runs["includes"]), statistics.median(runs["ours"])
    print(f"[inspect eval, one process per kind and round] {n:,} mock generations, {rounds} rounds")
    for kind, values in runs.items():
        listed = ", ".join(f"{x:.1f}" for x in values)
        print(f"  {kind:9s} {statistics.median(values):6.2f} s  (runs: {listed})")
    print(f"  ratio:    {ours / base:6.2f}")


def bench_decomposed(n: int, rounds: int = 5) -> None:
    """Where the eval's extra time goes: the same scorer with every figure computed but
    only 12 shown to Inspect, without the final figures (a metric that only counts), and
    also with each score cut to its value."""
    from homog_bench.evals.metrics import homogenization_figures

    evals = MockEvals(n)
    total = evals.total

    @inspect_metric(name="generations_counted")
    def counted() -> Metric:
        def compute(scores: list[SampleScore]) -> float:
            return float(len(scores))

        return compute

    @inspect_metric(name="first_figures")
    def first_figures() -> Metric:
        full = homogenization_figures()

        def compute(scores: list[SampleScore]) -> Any:
            return dict(list(full(scores).items())[:12])

        return compute

    @scorer(metrics=[counted()], name="value_only")
    def value_only() -> Scorer:
        inner = evals.ours()

        async def score(state: Any, target: Any) -> Score:
            full = await inner(state, target)
            return Score(value=full.value)

        return score

    kinds: dict[str, tuple[Callable[[], Any], list[Any] | None]] = {
        "includes()": (includes, None),
        "ours, every figure": (evals.ours, None),
        "ours, 12 figures shown to Inspect": (
            evals.ours,
            [first_figures()],
        ),
        "ours, no final figures": (evals.ours, [counted()]),
        "ours, scores cut to their value": (value_only, None),
    }
    for make, metrics in kinds.values():  # warm-up
        evals.run(make(), metrics)
    runs: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(rounds):
        for key, (make, metrics) in kinds.items():
            runs[key].append(evals.run(make(), metrics))
    base = statistics.median(runs["includes()"])
    print(f"[decomposed] {total:,} mock generations, median of {rounds} interleaved runs each")
    for key, values in runs.items():
        med = statistics.median(values)
        print(f"  {key:34s} {med:6.2f} s  ratio {med / base:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generations", type=int, default=10_000)
    parser.add_argument("--eval-generations", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved eval runs per scorer")
    parser.add_argument(
        "--decompose",
        action="store_true",
        help="instead: the eval with 12 figures shown to Inspect, without the final figures, "
        "and with scores cut to their value",
    )
    parser.add_argument(
        "--processes",
        action="store_true",
        help="instead: includes() and ours, each round's evals in fresh processes",
    )
    parser.add_argument("--one-process", choices=("includes", "ours"), help="(used by --processes)")
    args = parser.parse_args()
    if args.one_process:
        one_process(args.one_process, args.eval_generations)
        return
    if args.processes:
        bench_eval_processes(args.eval_generations, args.rounds)
        return
    if args.decompose:
        bench_decomposed(args.eval_generations, args.rounds)
        return
    # the eval first: the aggregation benchmark reads stories here, which loads the
    # embedding backend into this process, as an eval whose reading worker does it never does
    bench_eval(args.eval_generations, args.rounds)
    bench_aggregation(args.generations)


if __name__ == "__main__":
    main()
