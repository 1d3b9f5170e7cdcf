"""Hostile prompt files and task parameters: each must be a one-line error at task build."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class TaskCase:
    """A task built with hostile parameters; ``make`` may write files under the folder."""

    name: str
    task: str  # a task function of homog_bench.tasks
    make: Callable[[Path], dict[str, Any]]  # -> the task's keyword arguments
    expect: str  # substring of the one-line error


def _file(name: str, content: bytes) -> Callable[[Path], dict[str, Any]]:
    def make(folder: Path) -> dict[str, Any]:
        path = folder / name
        path.write_bytes(content)
        return {"prompts_from": str(path)}

    return make


def _fifo(folder: Path) -> dict[str, Any]:
    path = folder / "pipe.jsonl"
    os.mkfifo(path)
    return {"prompts_from": str(path)}


def _loop(folder: Path) -> dict[str, Any]:
    a, b = folder / "a.jsonl", folder / "b.jsonl"
    a.symlink_to(b)
    b.symlink_to(a)
    return {"prompts_from": str(a)}


def _folder(folder: Path) -> dict[str, Any]:
    (folder / "dir.csv").mkdir()
    return {"prompts_from": str(folder / "dir.csv")}


def _big(folder: Path) -> dict[str, Any]:
    path = folder / "big.jsonl"
    with path.open("wb") as f:  # a sparse file over the 64 MiB limit
        f.truncate((64 << 20) + 1)
    return {"prompts_from": str(path)}


def _args(**kwargs: Any) -> Callable[[Path], dict[str, Any]]:
    return lambda folder: dict(kwargs)


ROW = b'{"id": "a", "prompt": "Write a story."}\n'

TASK_CASES = [
    TaskCase("empty jsonl", "story_homogenization", _file("p.jsonl", b""), "the file is empty"),
    TaskCase("blank csv", "story_homogenization", _file("p.csv", b"\n\n  \n"), "the file is empty"),
    TaskCase("latin-1 jsonl", "story_homogenization",
             _file("p.jsonl", '{"id": "a", "prompt": "café"}\n'.encode("latin-1")),
             "not UTF-8 text"),
    TaskCase("latin-1 csv", "story_homogenization",
             _file("p.csv", "id,prompt\na,café\n".encode("latin-1")), "not UTF-8 text"),
    TaskCase("UTF-16 csv", "story_homogenization",
             _file("p.csv", "id,prompt\na,b\n".encode("utf-16")), "not UTF-8 text"),
    TaskCase("binary jsonl", "story_homogenization", _file("p.jsonl", bytes(range(256))),
             "not UTF-8 text"),
    TaskCase("broken json line", "story_homogenization", _file("p.jsonl", ROW + b"{oops\n"),
             "could not load"),
    TaskCase("no prompt column", "story_homogenization", _file("p.jsonl", b'{"id": "a"}\n'),
             "no field 'prompt'"),
    TaskCase("prompt FIFO", "story_homogenization", _fifo, "named pipe"),
    TaskCase("prompt symlink loop", "story_homogenization", _loop, "symbolic link loop"),
    TaskCase("prompt folder", "story_homogenization", _folder, "is a folder"),
    TaskCase("prompt file over 64 MiB", "story_homogenization", _big, "larger than the limit"),
    TaskCase("missing prompt file", "story_homogenization", _args(prompts_from="/nonexistent.csv"),
             "no such file"),
    TaskCase("n = 100,000,000", "story_homogenization", _args(n=100_000_000),
             "-T n: expected an integer <= 10000"),
    TaskCase("n = -1", "story_homogenization", _args(n=-1), "-T n: expected an integer >= 1"),
    TaskCase("n = 1e9 as text", "story_homogenization", _args(n="1e9"), "-T n"),
    TaskCase("n x prompts over the run limit", "story_homogenization",
             lambda folder: {"n": 10_000, "prompts_from": _many(folder)}, "at most 1000000"),
    TaskCase("k = 1,000,000 (contrastive)", "xeno_contrastive", _args(k=1_000_000),
             "-T k: expected an integer <= 50"),
    TaskCase("k = 10**9 (sequential)", "xeno_sequential", _args(k=10**9),
             "-T k: expected an integer <= 50"),
    TaskCase("empty instruction", "xeno_instructed", _args(instruction=None),
             "-T instruction: expected a non-empty text"),
    TaskCase("blank instruction", "xeno_instructed", _args(instruction="   "),
             "-T instruction: expected a non-empty text"),
    TaskCase("values = /etc/shadow-like", "story_homogenization",
             lambda folder: {"values": _secret(folder)}, "not a homog-bench value file"),
    TaskCase("judge file:// at task build", "story_homogenization",
             lambda folder: {"values": _judge(folder)}, "judge.model"),
]  # fmt: skip


def _many(folder: Path) -> str:
    path = folder / "many.jsonl"
    path.write_text("".join(f'{{"id": "p{i}", "prompt": "Write {i}."}}\n' for i in range(101)))
    return str(path)


SECRET = "s3cr3t-hash-line"


def _secret(folder: Path) -> str:
    path = folder / "shadow"
    path.write_text(f"root:{SECRET}:20228:0:99999:7:::\n")
    return str(path)


def _judge(folder: Path) -> str:
    path = folder / "judge.yaml"
    path.write_text(
        "schema: homog-bench/values@1\nname: t\ndescription: d\ncontext: {stakeholder: s}\n"
        "judge: {model: 'file:///etc/passwd'}\n"
        "structures: [{id: q, kind: categorical, question: Is it a woman?}]\n"
    )
    return str(path)
