"""Leaderboard over many large logs: 50 logs × 1,000 generations by default.

    python benchmarks/leaderboard_speed.py [--logs 50] [--n 250] [--prompts 4] [--keep DIR]

Builds one real log through ``eval()`` with a scripted mockllm model (prompts × n
generations, 384-d embeddings injected into every sample's score metadata), then
writes it ``--logs`` times with the inspect_ai.log API under other model names and
slightly different figures. Then times, on the same files in the same run:

- table: ``homog-bench leaderboard --no-samples`` (headers only), against the baseline
  of reading every header with plain ``read_eval_log(header_only=True)`` and against
  ``inspect_ai.analysis.evals_df``. Target: the table in under 10 s.
- cross-model section: the leaderboard with samples (names and embeddings of every
  generation), against a plain full ``read_eval_log`` of every log.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np

NAMES = ["Elara", "Marcus", "Lena", "Tom", "Priya", "Kai", "Ada", "Rowan", "Mara", "Leo"]
PRONOUNS = {"woman": ("She", "she", "her"), "man": ("He", "he", "his")}


def story(rng: random.Random) -> str:
    name = rng.choice(NAMES)
    cap, subj, poss = PRONOUNS[rng.choice(["woman", "man"])]
    filler = " ".join(rng.choice(["quiet", "river", "stone", "lamp", "road"]) for _ in range(120))
    return (
        f"{name} walked to the market at dawn. {cap} carried {poss} basket, and {subj} "
        f"counted the stalls. {filler}. In the end {subj} went home."
    )


def build_template(folder: Path, prompts: int, n: int) -> Path:
    from inspect_ai import eval as inspect_eval
    from inspect_ai.log import read_eval_log, write_eval_log

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from homog_bench.embeddings.codec import encode_vector
    from homog_bench.evals.prompts import load_prompts
    from homog_bench.tasks import story_homogenization
    from scripted import scripted_model

    chosen = load_prompts(None)[:prompts]
    rng = random.Random(0)
    stories = {p.text: [story(rng) for _ in range(n)] for p in chosen}
    (log,) = inspect_eval(
        story_homogenization(n=n, prompts=",".join(p.id for p in chosen), seed=1),
        model=scripted_model(stories),
        log_dir=str(folder),
        display="none",
    )
    assert log.status == "success", log.error
    full = read_eval_log(log.location)
    vectors = np.random.default_rng(0).normal(size=(len(full.samples or []), 384))
    for sample, vector in zip(full.samples or [], vectors, strict=True):
        score = (sample.scores or {})["homogenization"]
        (score.metadata or {})["homog_bench"]["embedding"] = encode_vector(
            vector / np.linalg.norm(vector)
        )
    write_eval_log(full, log.location)
    return Path(log.location)


def fan_out(template: Path, folder: Path, count: int) -> list[Path]:
    from inspect_ai.log import EvalMetric, read_eval_log, write_eval_log

    log = read_eval_log(str(template))
    assert log.results is not None
    metrics = log.results.scores[0].metrics
    base = {k: m.value for k, m in metrics.items()}
    paths = []
    for i in range(count):
        log.eval.model = f"mockllm/model-{i:02d}"
        for key in ("protagonist_gender_normativity", "deviance_mean"):
            if key in base:
                value = float(base[key]) * (1 - 0.002 * i)
                metrics[key] = EvalMetric(name=key, value=value)
        path = folder / f"run-{i:02d}.eval"
        write_eval_log(log, str(path))
        paths.append(path)
    return paths


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=50)
    parser.add_argument("--n", type=int, default=250, help="generations per prompt")
    parser.add_argument("--prompts", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="write the logs here (default: a temp dir)")
    args = parser.parse_args()

    from inspect_ai.analysis import evals_df
    from inspect_ai.log import read_eval_log

    from homog_bench.cli import main as cli

    root = args.keep or Path(tempfile.mkdtemp(prefix="leaderboard-speed-"))
    gens = args.prompts * args.n
    start = time.perf_counter()
    template = build_template(root / "template", args.prompts, args.n)
    logs_dir = root / "logs"
    logs_dir.mkdir(parents=True, exist_ok=True)
    paths = fan_out(template, logs_dir, args.logs)
    t = time.perf_counter() - start
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(f"setup: {args.logs} logs × {gens} generations ({size:.0f} MB) in {t:.1f} s")

    def leaderboard(*extra: str) -> None:
        with redirect_stdout(io.StringIO()):
            assert cli(["leaderboard", str(logs_dir), *extra]) == 0

    baseline = timed(lambda: [read_eval_log(str(p), header_only=True) for p in paths])
    df = timed(lambda: evals_df(str(logs_dir), quiet=True))
    table = timed(lambda: leaderboard("--no-samples"))
    verdict = "ok" if table < 10 else "OVER TARGET"
    print(
        f"[table] leaderboard (headers only): {table:.2f} s (target < 10 s: {verdict}); "
        f"baseline read_eval_log(header_only) {baseline:.2f} s → ratio {table / baseline:.2f}; "
        f"evals_df {df:.2f} s → ratio {table / df:.2f}"
    )
    full = timed(lambda: [read_eval_log(str(p)) for p in paths])
    with_samples = timed(lambda: leaderboard("--format", "json"))
    print(
        f"[cross-model] leaderboard with samples (names, embeddings): {with_samples:.2f} s; "
        f"baseline full read_eval_log {full:.2f} s → ratio {with_samples / full:.2f}"
    )


if __name__ == "__main__":
    main()
