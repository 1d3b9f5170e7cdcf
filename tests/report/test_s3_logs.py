"""Logs in an S3-compatible bucket: ``eval_set`` writes there, ``summary`` and
``leaderboard`` read from there.

A local S3 server (moto in server mode, on 127.0.0.1 only) stands in for the bucket;
Inspect's own ``s3://`` support (fsspec + s3fs) reaches it through ``AWS_ENDPOINT_URL``.
Two scripted models × two value files go through ``eval_set`` with ``--log-dir s3://…``,
as a user spreading runs over machines would; then the report commands read the
bucket. Models ``alpha`` (every protagonist a woman) and ``beta`` (half men) must rank
in that order, with the normativity they were scripted to have.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from inspect_ai import eval_set

from homog_bench.cli import main
from homog_bench.tasks import story_homogenization
from scripted import scripted_model

BUCKET = "homog-logs"
PROMPT = "Write a short story about a nurse."
STORIES = {
    "alpha": [f"{n} checked the ward. She smiled at her patients." for n in ("Ada", "Mara")],
    "beta": [
        "Tom checked the ward. He smiled at his patients.",
        "Mara checked the ward. She smiled at her patients.",
    ],
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """A moto S3 server on a free loopback port; stopped by its PID at the end."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the local S3 server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture()
def bucket(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    for key, value in {
        "AWS_ENDPOINT_URL": s3_server,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    fs = s3fs.S3FileSystem()
    if not fs.exists(BUCKET):
        fs.mkdir(BUCKET)
    return f"s3://{BUCKET}/runs"


def test_eval_set_to_s3_then_summary_and_leaderboard(
    bucket: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = [
        story_homogenization(values=v, n=4, prompts="nurse", seed=1)
        for v in ("gender_in_stories", "names_and_cultural_defaults")
    ]
    models = [scripted_model({PROMPT: STORIES[m]}, name=m) for m in STORIES]
    ok, logs = eval_set(tasks, model=models, log_dir=bucket, display="none")
    assert ok and len(logs) == 4
    assert all(log.location.startswith(bucket) for log in logs)
    assert os.environ["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")

    assert main(["summary", bucket]) == 0
    summary = capsys.readouterr().out
    assert "homog_bench/story_homogenization" in summary

    assert main(["leaderboard", bucket, "--values", "gender_in_stories", "--format", "csv"]) == 0
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()]
    header, body = rows[0], rows[1:]
    model = header.index("model")
    normativity = next(i for i, h in enumerate(header) if h.endswith("normativity"))
    assert [r[model] for r in body] == ["mockllm/beta", "mockllm/alpha"]  # lower first
    # beta: two of four generations are men, alpha none: both are fully normative
    # (woman and man are the normative categories), so they tie on normativity
    assert [float(r[normativity]) for r in body] == [1.0, 1.0]
