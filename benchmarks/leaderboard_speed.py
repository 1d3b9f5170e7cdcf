"""Leaderboard over many large logs: 50 logs × 1,000 generations by default.

    python benchmarks/leaderboard_speed.py [--logs 50] [--n 250] [--prompts 4] [--keep DIR]
                                           [--no-sample-path]

Builds one real log through ``eval()`` with a scripted mockllm model (prompts × n
generations, 384-d embeddings injected into every sample's score metadata), then
writes it ``--logs`` times with the inspect_ai.log API under other model names and
slightly different figures. Then times, on the same files in the same run:

- table: ``homog-bench leaderboard --no-samples`` (headers only), against the baseline
  of reading every header with plain ``read_eval_log(header_only=True)`` and against
  ``inspect_ai.analysis.evals_df``. Target: the table in under 10 s.
- cross-model section from the headers (each run's digest: top names and per-prompt
  embedding sums, written by the ``cross_model_digest`` metric). Target: 50 logs × 1,000
  generations in ≤ 5 s; 1,000 logs in ≤ 60 s with bounded memory (``--logs 1000 --n 25
  --no-sample-path``; the digest does not grow with the generations). Peak memory is the
  leaderboard process's own (it runs in a child process).
- the same section from the samples (copies of the logs without digests, as logs written
  before digests existed are read), against a plain full ``read_eval_log`` of every log;
  the JSON output of both paths must be identical.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
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
    # the header's digest as the metric would have written it for these embeddings
    from homog_bench.figures import cross_digest
    from homog_bench.report.cross_section import log_digest

    assert full.results is not None
    stored = cross_digest.to_json(log_digest(full, "homogenization"))
    full.results.scores[0].metrics[cross_digest.METRIC].params[cross_digest.PARAM] = stored
    write_eval_log(full, log.location)
    return Path(log.location)


def without_digests(paths: list[Path], folder: Path) -> list[Path]:
    """Copies of the logs as written before digests existed."""
    from inspect_ai.log import read_eval_log, write_eval_log

    from homog_bench.figures import cross_digest

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in paths:
        log = read_eval_log(str(path))
        assert log.results is not None
        del log.results.scores[0].metrics[cross_digest.METRIC]
        copy = folder / path.name
        write_eval_log(log, str(copy))
        out.append(copy)
    return out


def leaderboard_child(folder: Path, *extra: str) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) and JSON of ``homog-bench leaderboard`` in a child process."""
    code = (
        "import io, json, resource, sys, time\n"
        "from contextlib import redirect_stdout\n"
        "from homog_bench.cli import main\n"
        "buf = io.StringIO(); t = time.perf_counter()\n"
        "with redirect_stdout(buf):\n"
        "    assert main(['leaderboard', sys.argv[1], *sys.argv[2:]]) == 0\n"
        "t = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "sys.stdout.write(json.dumps([t, rss]) + '\\n' + buf.getvalue())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    head, _, out = done.stdout.partition("\n")
    seconds, rss = json.loads(head)
    return float(seconds), float(rss), out


def comparable(board_json: str) -> object:
    """The leaderboard JSON without what names the files."""
    board = json.loads(board_json)
    board.pop("location", None)
    board.pop("skipped", None)
    for block in board["blocks"]:
        for row in block["rows"]:
            row.pop("log", None)
    return board


def fan_out(template: Path, folder: Path, count: int) -> list[Path]:
    from inspect_ai.log import EvalMetric, read_eval_log, write_eval_log

    log = read_eval_log(str(template))
    assert log.results is not None
    metrics = log.results.scores[0].metrics
    base = {k: m.value for k, m in metrics.items()}
    paths = []
    for i in range(count):
        log.eval.model = f"mockllm/model-{i:02d}"
        log.eval.eval_id = f"{log.eval.eval_id}-{i:04d}"  # distinct runs, not re-scorings
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
    parser.add_argument(
        "--no-sample-path",
        action="store_true",
        help="skip the sample-reading path (old logs) and the full-read baseline",
    )
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
    header_s, header_mb, header_out = leaderboard_child(logs_dir, "--format", "json")
    verdict = "ok" if header_s <= (5 if args.logs <= 50 else 60) else "OVER TARGET"
    print(
        f"[cross-model, headers] leaderboard with the cross-model section: {header_s:.2f} s, "
        f"peak memory {header_mb:.0f} MB ({verdict}: target ≤ 5 s at 50 logs, ≤ 60 s at "
        f"1,000); baseline header reads {baseline:.2f} s → ratio {header_s / baseline:.2f}"
    )
    if args.no_sample_path:
        return
    old = without_digests(paths, root / "old-logs")
    full = timed(lambda: [read_eval_log(str(p)) for p in old])
    samples_s, samples_mb, samples_out = leaderboard_child(old[0].parent, "--format", "json")
    same = comparable(header_out) == comparable(samples_out)
    print(
        f"[cross-model, samples] the same from the samples (logs without digests): "
        f"{samples_s:.2f} s, peak memory {samples_mb:.0f} MB; baseline full read_eval_log "
        f"{full:.2f} s → ratio {samples_s / full:.2f}; headers vs samples "
        f"{samples_s / header_s:.1f}× faster; identical output: {'yes' if same else 'NO'}"
    )


if __name__ == "__main__":
    main()
