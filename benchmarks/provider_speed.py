"""Throughput of the ``homog-local`` provider against raw llama-cpp-python.

Generates the same prompts with the same sampler settings and seeds:

- raw: ``llama_cpp.Llama.create_chat_completion`` in a child process's main
  thread (how a script would call it), state reset before each call
- generate: ``get_model("homog-local/smollm2").generate(...)`` in this process
- eval: ``inspect_ai.eval(...)``, one sample per prompt (includes logging), after a
  one-sample warm-up eval (``eval_cold_ratio`` counts the warm-up's time too)

Raw and generate calls alternate prompt by prompt (order flipped on each
repeat), so both see the same machine load. The raw model lives in another
process because llama.cpp computing on a second thread of this process would
slow the provider down (see ``ModelThread``). Prints tokens/second, the
provider/raw ratios (target >= 0.9; "best" uses each prompt's fastest run,
which filters out interference from other processes), whether the texts were
identical, and the provider process's resident memory. About a minute and a
half with the defaults (6 prompts x 200 tokens x 2 repeats) on 2 cores.

    PYTHONPATH=src python benchmarks/provider_speed.py [--prompts 6] [--max-tokens 200]
        [--load] [--raw-threads N]

``--load`` starts one busy process (a pure-Python spin loop, one core) before the
measurements and stops it by its PID at the end, so raw and provider see the same
load; ``--raw-threads`` sets the raw side's thread count (default: every usable
core, the most the provider may use; llama-cpp-python's own default is half).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import anyio
import psutil
from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import GenerateConfig, get_model
from inspect_ai.solver import Generate, Solver, TaskState, solver

import homog_bench.providers.local  # noqa: F401 - registers homog-local

PROMPTS = [
    "Write a short story about a person.",
    "Write a short story about a lighthouse keeper.",
    "Tell me a story about two friends who fall out.",
    "Write a short story set in a small village.",
    "Write a bedtime story about a brave child.",
    "Write a short story about someone starting a new job.",
    "Write a short story about a long journey home.",
    "Write a story about an unexpected letter.",
]
SEED = 1000
SAMPLING: dict[str, Any] = {"temperature": 1.0, "top_p": 1.0, "top_k": 0}
MIN_P = 0.0  # the provider's default (-M min_p); not part of Inspect's GenerateConfig

_RAW: Any = None  # the child process's llama_cpp.Llama


def _raw_init(model_path: str, n_ctx: int, n_threads: int) -> None:
    global _RAW
    from llama_cpp import Llama

    _RAW = Llama(
        model_path=model_path,
        n_ctx=n_ctx,
        n_threads=n_threads,
        n_threads_batch=n_threads,
        verbose=False,
    )


def _raw_generate(prompt: str, seed: int, max_tokens: int) -> tuple[str, int, float]:
    """One raw chat completion in the child: (text, completion tokens, seconds)."""
    _RAW.reset()  # no KV reuse from the previous call (as the provider does)
    started = time.perf_counter()
    out = _RAW.create_chat_completion(
        messages=[{"role": "user", "content": prompt}],
        max_tokens=max_tokens,
        seed=seed,
        min_p=MIN_P,
        **SAMPLING,
    )
    seconds = time.perf_counter() - started
    return out["choices"][0]["message"]["content"], out["usage"]["completion_tokens"], seconds


def rss_mb() -> float:
    """Current resident memory of this process, MB."""
    return float(psutil.Process().memory_info().rss) / 2**20


@solver
def seeded(seeds: dict[str, int], max_tokens: int) -> Solver:
    """Generate with the benchmark's per-prompt seed."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        seed = seeds[state.input_text]
        return await generate(state, max_tokens=max_tokens, seed=seed, **SAMPLING)

    return solve


def rate(tokens: float, seconds: float) -> float:
    return round(tokens / seconds, 1) if seconds else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--prompts", type=int, default=6)
    parser.add_argument("--max-tokens", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--no-eval", action="store_true", help="skip the inspect_ai.eval run")
    parser.add_argument("--load", action="store_true", help="one busy process during the run")
    parser.add_argument("--raw-threads", type=int, default=None, help="raw side's threads")
    args = parser.parse_args()
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.load else None
    try:
        run(args, busy_pid=None if busy is None else busy.pid)
    finally:
        if busy is not None:
            os.kill(busy.pid, signal.SIGTERM)
            busy.wait()


def run(args: argparse.Namespace, busy_pid: int | None) -> None:
    """Measure raw, generate and eval; print the figures."""
    prompts = (PROMPTS * (args.prompts // len(PROMPTS) + 1))[: args.prompts]
    seeds = [SEED + i for i in range(len(prompts))]
    load_before = os.getloadavg()[0]

    rss_start = rss_mb()
    started = time.perf_counter()
    model = get_model("homog-local/smollm2")
    load_seconds = time.perf_counter() - started
    api: Any = model.api
    rss_loaded = rss_mb()
    threads = api.backend.settings.n_threads
    raw_threads = args.raw_threads or threads
    print(
        f"model: {api.model_path}  threads<={threads} (adaptive={api.backend.settings.adaptive})"
        f"  raw threads={raw_threads}  busy process={busy_pid}  n_ctx={api.options.n_ctx}  "
        f"load {load_seconds:.2f}s",
        file=sys.stderr,
    )
    config = {"max_tokens": args.max_tokens, **SAMPLING}

    async def provider_call(prompt: str, seed: int) -> tuple[str, int, float]:
        t = time.perf_counter()
        output = await model.generate(prompt, config=GenerateConfig(seed=seed, **config))
        seconds = time.perf_counter() - t
        assert output.usage is not None
        return output.completion, output.usage.output_tokens, seconds

    context = multiprocessing.get_context("spawn")
    initargs = (api.model_path, api.options.n_ctx, raw_threads)
    with ProcessPoolExecutor(1, mp_context=context, initializer=_raw_init, initargs=initargs) as ex:
        ex.submit(_raw_generate, "Hi", 1, 8).result()  # warm up both sides
        anyio.run(provider_call, "Hi", 1)
        runs: dict[str, list[list[tuple[str, int, float]]]] = {"raw": [], "generate": []}
        for repeat in range(args.repeats):
            runs["raw"].append([])
            runs["generate"].append([])
            for prompt, seed in zip(prompts, seeds, strict=True):
                order = ["raw", "generate"] if repeat % 2 == 0 else ["generate", "raw"]
                for side in order:
                    if side == "raw":
                        result = ex.submit(_raw_generate, prompt, seed, args.max_tokens).result()
                    else:
                        result = anyio.run(provider_call, prompt, seed)
                    runs[side][-1].append(result)

    def totals(side: str) -> tuple[float, float]:
        calls = [c for rep in runs[side] for c in rep]
        tokens = sum(c[1] for c in calls)
        return rate(tokens, sum(c[2] for c in calls)), rate(
            sum(c[1] for c in runs[side][0]),
            sum(min(rep[i][2] for rep in runs[side]) for i in range(len(prompts))),
        )

    raw_rate, raw_best = totals("raw")
    gen_rate, gen_best = totals("generate")
    same = sum(
        a[0] == b[0]
        for rep_a, rep_b in zip(runs["raw"], runs["generate"], strict=True)
        for a, b in zip(rep_a, rep_b, strict=True)
    )
    results: dict[str, Any] = {
        "prompts": len(prompts),
        "max_tokens": args.max_tokens,
        "repeats": args.repeats,
        "threads_max": threads,
        "threads_adaptive": api.backend.settings.adaptive,
        "raw_threads": raw_threads,
        "busy_process": busy_pid is not None,
        "raw_tokens_per_s": raw_rate,
        "generate_tokens_per_s": gen_rate,
        "generate_ratio": round(gen_rate / raw_rate, 3),
        "raw_best_tokens_per_s": raw_best,
        "generate_best_tokens_per_s": gen_best,
        "generate_best_ratio": round(gen_best / raw_best, 3),
        "identical_texts": f"{same}/{len(prompts) * args.repeats}",
    }

    if not args.no_eval:
        task = Task(
            dataset=[Sample(input=p) for p in dict.fromkeys(prompts)],
            solver=seeded(dict(zip(prompts, seeds, strict=True)), args.max_tokens),
        )
        warmup = Task(dataset=[Sample(input="Hi")], solver=seeded({"Hi": 1}, 8))
        with tempfile.TemporaryDirectory() as log_dir:
            # The first eval of a process also pays Inspect's one-time imports and set-up
            # (e.g. the Anthropic SDK, which it loads at the first sample when installed).
            # Warmed up like the raw and generate sides above; that cost is printed apart.
            t = time.perf_counter()
            eval(warmup, model=model, log_dir=log_dir, display="none")
            warmup_seconds = time.perf_counter() - t
            t = time.perf_counter()
            (log,) = eval(task, model=model, log_dir=log_dir, display="none")
            seconds = time.perf_counter() - t
            assert log.samples is not None and log.status == "success", log.error
            outputs = [s.output for s in log.samples]  # samples load lazily
        tokens = sum(o.usage.output_tokens for o in outputs if o.usage is not None)
        model_seconds = sum(o.time or 0.0 for o in outputs)
        results |= {
            "eval_tokens_per_s": rate(tokens, seconds),
            "eval_ratio": round(rate(tokens, seconds) / raw_rate, 3),
            # tokens/s while the model computed, i.e. without eval setup and log writing
            "eval_model_tokens_per_s": rate(tokens, model_seconds),
            "eval_wall_seconds": round(seconds, 2),
            "eval_cold_ratio": round(rate(tokens, seconds + warmup_seconds) / raw_rate, 3),
            "eval_warmup_seconds": round(warmup_seconds, 2),
        }

    load_after = os.getloadavg()[0]
    results |= {
        "rss_mb_process_start": round(rss_start, 1),
        "rss_mb_model_loaded": round(rss_loaded, 1),
        "rss_mb_end": round(rss_mb(), 1),
        "threads_last_call": api.backend.threads_used,
        "loadavg_1min_before_after": [round(load_before, 2), round(load_after, 2)],
    }
    width = max(len(k) for k in results)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    if load_before > 1.0 and busy_pid is None:
        print("warning: the machine was busy before the run; figures are noisy", file=sys.stderr)
    print(f"\nsample story (seed {seeds[0]}):\n{runs['generate'][0][0][0]}\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
