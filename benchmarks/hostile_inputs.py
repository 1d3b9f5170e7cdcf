"""Hostile inputs and faults: every case of ``tests/robustness/`` run as a user would meet it.

    python benchmarks/hostile_inputs.py [--only CLASS] [--timeout 60]

Each case runs in its own Python process under an address-space limit (2 GiB) and a
timeout, and is classed as one of:

- clean: a one-line error (exit 1, no traceback) or, where the input is legitimate
  (a generation the eval must survive, a ``--force`` write), success with every
  figure and file as expected;
- traceback: a Python traceback (or MemoryError) on stderr;
- hang: still running at the timeout (killed);
- lost: figures wiped or uncounted, or a file that must not change was changed;
- other: anything else (a multi-line error, a wrong message, an unexpected success).

Prints one row per class: count tried, clean, tracebacks, hangs, data lost, other.
``HOMOG_BENCH_SRC=/path/to/src`` runs the same cases on another copy of the package.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from robustness.hostile import SRC, Outcome, cli, run_bounded  # noqa: E402
from robustness.hostile_generations import VALUES  # noqa: E402
from robustness.hostile_prompts import SECRET as TASK_SECRET  # noqa: E402
from robustness.hostile_prompts import TASK_CASES  # noqa: E402
from robustness.hostile_values import VALUE_CASES  # noqa: E402

VERDICTS = ("clean", "traceback", "hang", "lost", "other")


@dataclass
class Case:
    cls: str
    name: str
    run: Callable[[Path, float], str]  # (scratch folder, timeout) -> verdict


def _error_verdict(outcome: Outcome, expect: str, never: str | None = None) -> str:
    if outcome.hung:
        return "hang"
    if outcome.traceback:
        return "traceback"
    if never is not None and never in outcome.out + outcome.err:
        return "other"
    return "clean" if outcome.clean_error and expect in outcome.err else "other"


# --- value files ----------------------------------------------------------------------


def value_cases() -> list[Case]:
    def make(case: object) -> Callable[[Path, float], str]:
        def run(folder: Path, timeout: float) -> str:
            spec = case.make(folder)  # type: ignore[attr-defined]
            outcome = cli("values", "check", spec, timeout=timeout)
            return _error_verdict(outcome, case.expect, case.never)  # type: ignore[attr-defined]

        return run

    return [Case("value files", c.name, make(c)) for c in VALUE_CASES]


# --- task parameters and prompt files --------------------------------------------------


def task_cases() -> list[Case]:
    def make(case: object) -> Callable[[Path, float], str]:
        def run(folder: Path, timeout: float) -> str:
            kwargs = case.make(folder)  # type: ignore[attr-defined]
            code = (
                "from homog_bench import tasks\n"
                "from homog_bench._compat import UserError\n"
                "try:\n"
                f"    tasks.{case.task}(**{kwargs!r})\n"  # type: ignore[attr-defined]
                "except UserError as exc:\n"
                "    print(f'error: {exc}', file=sys.stderr); sys.exit(1)\n"
            )
            outcome = run_bounded(code, timeout=timeout)
            return _error_verdict(outcome, case.expect, TASK_SECRET)  # type: ignore[attr-defined]

        return run

    return [Case("parameters and prompt files", c.name, make(c)) for c in TASK_CASES]


# --- generations through an eval --------------------------------------------------------

_EVAL = """
import json
sys.path.insert(0, {tests!r})
from pathlib import Path
from inspect_ai import eval as inspect_eval
from homog_bench.tasks import story_homogenization
from scripted import scripted_model
folder = Path({folder!r})
(folder / "v.yaml").write_text({values!r})
texts = json.loads((folder / "texts.json").read_text())  # lone surrogates survive JSON
(log,) = inspect_eval(
    story_homogenization(values=str(folder / "v.yaml"), n=len(texts), prompts="nurse", seed=1),
    model=scripted_model({{"Write a short story about a nurse.": texts}}),
    log_dir=str(folder / "logs"), display="none",
)
figures = {{k: v.value for k, v in log.results.scores[0].metrics.items()}} if log.results else {{}}
print(json.dumps({{"status": log.status, "figures": figures}}))
"""
_PLAIN = ["Mara checked the ward. She smiled.", "Ana walked home. She sang."]
GENERATION_CASES: dict[str, list[str]] = {
    "catastrophic regex on one generation": [*_PLAIN, "Tom said " + "a" * 40 + "b"],
    "lone surrogate": [*_PLAIN, "Omar drove home. He\ud800 sang."],
    "many lone surrogates": [*_PLAIN, "\udfff" * 2000],
    "NUL, ANSI and bidi bytes": [*_PLAIN, "Lee\x00 shut the \x1b[31mdoor\x1b[0m. She \u202eslept."],
    "empty and whitespace": [*_PLAIN, "", " \n\t "],
    "HTML and a fake error line": [*_PLAIN, "<script>alert(1)</script>\nerror: forged. She ran."],
    "200 KB of one word": [*_PLAIN, "buffalo " * 25_000],
}


def generation_cases() -> list[Case]:
    def make(texts: list[str]) -> Callable[[Path, float], str]:
        def run(folder: Path, timeout: float) -> str:
            (folder / "texts.json").write_text(json.dumps(texts))
            code = _EVAL.format(tests=str(ROOT / "tests"), folder=str(folder), values=VALUES)
            outcome = run_bounded(code, timeout=timeout)
            if outcome.hung:
                return "hang"
            if outcome.traceback:
                return "traceback"
            try:
                result = json.loads(outcome.out.strip().splitlines()[-1])
            except (ValueError, IndexError):
                return "other"
            figures = result["figures"]
            counted = figures.get("n_generations", 0) + figures.get("n_generations_failed", 0)
            if "aggregation_failed" in figures or counted != len(texts):
                return "lost"
            # the good generations keep their figures
            kept = "gender_normativity" in figures and "core_woman" in figures
            return "clean" if result["status"] == "success" and kept else "other"

        return run

    cases = [Case("generations (eval)", name, make(t)) for name, t in GENERATION_CASES.items()]
    cases.append(Case("generations (eval)", "Ctrl-C during catastrophic regexes", _ctrl_c))
    return cases


def _ctrl_c(folder: Path, timeout: float) -> str:
    import signal
    import subprocess

    (folder / "texts.json").write_text(json.dumps(["She said " + "a" * 40 + "b"]))
    code = _EVAL.format(tests=str(ROOT / "tests"), folder=str(folder), values=VALUES).replace(
        "n=len(texts)", "n=200"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys\n" + code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(12)
    if proc.poll() is not None:
        return "other"  # finished before the signal: the case did not test anything
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return "hang"
    return "clean"


# --- output files and terminals ----------------------------------------------------------

_MAKE_LOG = """
sys.path.insert(0, {tests!r})
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log, write_eval_log
from homog_bench.tasks import story_homogenization
from scripted import scripted_model
(log,) = inspect_eval(
    story_homogenization(n=3, prompts="nurse", seed=1),
    model=scripted_model({{"Write a short story about a nurse.": ["Mara smiled. She slept."]}}),
    log_dir={folder!r}, display="none",
)
full = read_eval_log(log.location)
full.eval.model = {model!r}
write_eval_log(full, log.location)
print(log.location)
"""
HOSTILE_MODEL = 'mockllm/=HYPERLINK("http://evil.example")\x1b[2J<script>x</script>'


def output_cases() -> list[Case]:
    state: dict[str, Path] = {}

    def log(folder: Path) -> Path:
        if "log" not in state:
            logs = folder.parent / "hostile-logs"
            logs.mkdir(exist_ok=True)
            code = _MAKE_LOG.format(
                tests=str(ROOT / "tests"), folder=str(logs), model=HOSTILE_MODEL
            )
            outcome = run_bounded(code, timeout=300)
            state["log"] = Path(outcome.out.strip().splitlines()[-1])
        return state["log"]

    def guarded(
        make_args: Callable[[Path, Path], tuple[list[str], Path | None]], expect: str
    ) -> Callable[[Path, float], str]:
        """A refused write: one-line error and the guarded file unchanged."""

        def run(folder: Path, timeout: float) -> str:
            the_log = log(folder)
            args, guard = make_args(folder, the_log)
            before = guard.read_bytes() if guard is not None else None
            outcome = cli(*args, timeout=timeout)
            if guard is not None and guard.read_bytes() != before:
                return "lost"
            return _error_verdict(outcome, expect)

        return run

    def existing(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        target = folder / "board.md"
        target.write_text("keep")
        return ["leaderboard", str(lg.parent), "--no-samples", "--out", str(target)], target

    def over_log(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        return ["leaderboard", str(lg.parent), "--out", str(lg), "--force"], lg

    def over_single_log(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        return ["leaderboard", str(lg), "--out", str(lg), "--force"], lg

    def via_symlink(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        victim = folder / "victim.txt"
        victim.write_text("precious")
        (folder / "board.md").symlink_to(victim)
        out = str(folder / "board.md")
        return ["leaderboard", str(lg.parent), "--no-samples", "--out", out, "--force"], victim

    def symlink_to_log(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        (folder / "board.md").symlink_to(lg)
        out = str(folder / "board.md")
        return ["leaderboard", str(lg.parent), "--no-samples", "--out", out, "--force"], lg

    def missing_folder(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        return ["leaderboard", str(lg.parent), "--out", str(folder / "no" / "x.md")], None

    def a_folder(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        return ["values", "schema", "--out", str(folder)], None

    def schema_existing(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        target = folder / "schema.json"
        target.write_text("{}")
        return ["values", "schema", "--out", str(target)], target

    def schema_dev(folder: Path, lg: Path) -> tuple[list[str], Path | None]:
        return ["values", "schema", "--out", "/proc/version"], None

    def escaped(fmt: str) -> Callable[[Path, float], str]:
        def run(folder: Path, timeout: float) -> str:
            outcome = cli("leaderboard", str(log(folder).parent), "--no-samples", "--format", fmt)
            if outcome.hung:
                return "hang"
            if outcome.traceback or outcome.code != 0:
                return "traceback" if outcome.traceback else "other"
            bad = ["\x1b"]
            if fmt == "md":
                bad.append("<script>")
            lines = outcome.out.splitlines()
            if fmt == "csv" and any(
                cell.startswith(("=", "+", "@")) for line in lines for cell in line.split(",")
            ):
                return "other"
            return "other" if any(b in outcome.out for b in bad) else "clean"

        return run

    def broken_pipe(folder: Path, timeout: float) -> str:
        import subprocess

        env = {**os.environ, "PYTHONPATH": SRC}
        proc = subprocess.Popen(
            [sys.executable, "-m", "homog_bench.cli", "leaderboard", str(log(folder).parent)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            return "hang"
        if "Traceback" in err:
            return "traceback"
        return "clean" if code == 0 else "other"

    def rescored(folder: Path, timeout: float) -> str:
        the_log = log(folder)
        code = f"""
import os, shutil
from inspect_ai.log import read_eval_log, write_eval_log
from homog_bench.cli import main
folder = {str(folder / "rescored")!r}
os.makedirs(folder)
shutil.copy({str(the_log)!r}, folder + "/a.eval")
log = read_eval_log(folder + "/a.eval")
again = log.results.scores[0].model_copy(deep=True)
again.name = "homogenization1"
log.results.scores.append(again)
write_eval_log(log, folder + "/b.eval")
sys.exit(main(["leaderboard", folder, "--no-samples", "--format", "csv"]))
"""
        outcome = run_bounded(code, timeout=timeout)
        if outcome.hung:
            return "hang"
        if outcome.traceback:
            return "traceback"
        rows = outcome.out.strip().splitlines()[1:]
        return "clean" if outcome.code == 0 and len(rows) == 1 else "other"

    def bad_log(command: str, kind: str, expect: str) -> Callable[[Path, float], str]:
        def run(folder: Path, timeout: float) -> str:
            path = folder / "x.eval"
            if kind == "FIFO":
                os.mkfifo(path)
            else:
                path.write_bytes(b"PK\x03\x04junk")
            return _error_verdict(cli(command, str(path), timeout=timeout), expect)

        return run

    cls = "output files and terminals"
    return [
        Case(cls, "--out over an existing file", guarded(existing, "add --force")),
        Case(cls, "--out over an input log (folder)", guarded(over_log, "input logs")),
        Case(cls, "--out over the input log (file)", guarded(over_single_log, "input logs")),
        Case(cls, "--out through a symlink", guarded(via_symlink, "symbolic link")),
        Case(cls, "--out symlink to an input log", guarded(symlink_to_log, "input logs")),
        Case(cls, "--out in a missing folder", guarded(missing_folder, "no such folder")),
        Case(cls, "schema --out a folder", guarded(a_folder, "is a folder")),
        Case(cls, "schema --out over an existing file", guarded(schema_existing, "--force")),
        Case(cls, "schema --out /proc/version", guarded(schema_dev, "--out")),
        Case(cls, "CSV formula and ANSI in a model name", escaped("csv")),
        Case(cls, "HTML and ANSI in Markdown", escaped("md")),
        Case(cls, "stdout closed (| head)", broken_pipe),
        Case(cls, "re-scored log ranks once", rescored),
        *[
            Case(cls, f"{command} of a {kind}", bad_log(command, kind, expect))
            for command in ("summary", "agreement")
            for kind, expect in (("FIFO", "named pipe"), ("zip of junk", "not a readable"))
        ],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run only the classes whose name contains this")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    parser.add_argument("--verbose", action="store_true", help="print each case's verdict")
    args = parser.parse_args()
    cases = value_cases() + task_cases() + generation_cases() + output_cases()
    if args.only:
        cases = [c for c in cases if args.only in c.cls]
    table: dict[str, Counter[str]] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for i, case in enumerate(cases):
            folder = Path(scratch) / f"case{i}"
            folder.mkdir()
            verdict = case.run(folder, args.timeout)
            table.setdefault(case.cls, Counter())[verdict] += 1
            if args.verbose or verdict != "clean":
                print(f"{verdict:9} {case.cls}: {case.name}", file=sys.stderr)
    print("| case class | tried | clean | tracebacks | hangs | data lost | other |")
    print("|---|---|---|---|---|---|---|")
    total: Counter[str] = Counter()
    for cls, counts in table.items():
        total += counts
        row = [str(sum(counts.values()))] + [str(counts[v]) for v in VERDICTS]
        print(f"| {cls} | " + " | ".join(row) + " |")
    row = [str(sum(total.values()))] + [str(total[v]) for v in VERDICTS]
    print("| **all** | " + " | ".join(row) + " |")
    print(
        f"\n{time.perf_counter() - start:.0f} s; {len(cases)} cases, each in its own process "
        "(2 GiB address-space limit, timeout per case)"
    )


if __name__ == "__main__":
    main()
