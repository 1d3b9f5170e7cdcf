"""Judge cost: calls per generation and input tokens per call, against one call per structure.

    python benchmarks/judge_calls.py [--generations 200] [--structures 10]

Runs a real ``inspect eval`` (story_homogenization) whose value file has 10 judged
structures, with a scripted story model and a scripted grader that counts every call
it receives and the input tokens of each (SmolLM2's tokenizer from the offline model's
GGUF when llama-cpp-python is installed, else characters / 4). The baseline, measured
in the same run on the same stories, builds the prompts that asking one structure per
call would send. Target: exactly 1 judge call per generation.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspect_ai import eval as inspect_eval
from inspect_ai.model import ChatMessage, ModelOutput, ModelUsage, get_model

from homog_bench.judge.prompt import Question, judge_messages
from homog_bench.tasks import story_homogenization

PROMPT = "Write a short story about a nurse."
TOPICS = ["harbor", "ward", "storm", "garden", "market", "library", "mountain", "train"]


def story(i: int) -> str:
    who = ("Mara", "she", "her") if i % 3 else ("Tom", "he", "his")
    place = TOPICS[i % len(TOPICS)]
    sentence = (
        f"{who[0]} walked to the {place} before dawn. {who[1].capitalize()} carried {who[2]} "
        f"bag and thought about the patients waiting for {who[2]} care. "
    )
    return sentence * 12  # about 300 tokens


def questions(k: int) -> list[Question]:
    kinds = ["categorical", "graded"]
    return [
        Question(
            f"q{i}",
            kinds[i % 2],
            f"Question {i}: does the story show trait number {i} of its protagonist clearly?",
        )
        for i in range(k)
    ]


def values_yaml(qs: list[Question]) -> str:
    lines = [
        "schema: homog-bench/values@1",
        "name: judge_cost",
        "description: ten judged questions",
        "context: {stakeholder: benchmark}",
        "embeddings: {semantic: false}",
        "structures:",
    ]
    lines += [f'  - {{id: {q.id}, kind: {q.kind}, question: "{q.text}"}}' for q in qs]
    return "\n".join(lines) + "\n"


def token_counter() -> tuple[str, Callable[[str], int]]:
    try:
        from llama_cpp import Llama

        from homog_bench.providers._gguf import smollm2_path

        vocab = Llama(model_path=str(smollm2_path()), vocab_only=True, verbose=False)
        return "SmolLM2 tokenizer", lambda text: len(vocab.tokenize(text.encode("utf-8")))
    except Exception:
        return "characters / 4", lambda text: max(1, len(text) // 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generations", type=int, default=200)
    parser.add_argument("--structures", type=int, default=10)
    args = parser.parse_args()
    qs = questions(args.structures)
    tokenizer, count = token_counter()
    calls: list[int] = []

    def grader(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        tokens = sum(count(m.text) for m in messages)
        calls.append(tokens)
        reply = (
            "{" + ", ".join(f'"{q.id}": {1 if q.kind == "categorical" else 0.5}' for q in qs) + "}"
        )
        out = ModelOutput.from_content(model="mockllm/model", content=reply)
        out.usage = ModelUsage(input_tokens=tokens, output_tokens=40, total_tokens=tokens + 40)
        return out

    stories = [story(i) for i in range(args.generations)]
    cursor = iter(stories)

    def writer(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        out = ModelOutput.from_content(model="mockllm/model", content=next(cursor))
        out.usage = ModelUsage(input_tokens=10, output_tokens=300, total_tokens=310)
        return out

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "judge_cost.yaml"
        path.write_text(values_yaml(qs))
        started = time.perf_counter()
        log = inspect_eval(
            story_homogenization(values=str(path), n=args.generations, prompts="nurse"),
            model=get_model("mockllm/model", custom_outputs=writer),
            model_roles={"grader": get_model("mockllm/model", custom_outputs=grader)},
            log_dir=folder,
            display="none",
        )[0]
        elapsed = time.perf_counter() - started
    assert log.status == "success", log.status
    # baseline: the prompts one-structure-per-call would send for the same stories
    single = [
        sum(count(part) for part in judge_messages(text, [q])) for text in stories for q in qs
    ]
    ours_per_gen = sum(calls) / args.generations
    base_per_gen = sum(single) / args.generations
    print(
        f"{args.generations} generations, {args.structures} judged structures; tokens: {tokenizer}"
    )
    print(f"eval wall time with the scripted judge: {elapsed:.1f} s")
    print(
        f"judge calls per generation: ours {len(calls) / args.generations:.2f}  "
        f"one-per-structure {len(single) / args.generations:.2f}  "
        f"ratio {len(single) / len(calls):.1f}x fewer"
    )
    print(
        f"input tokens per call: ours median {statistics.median(calls):.0f}  "
        f"one-per-structure median {statistics.median(single):.0f}"
    )
    print(
        f"input tokens per generation: ours {ours_per_gen:.0f}  one-per-structure "
        f"{base_per_gen:.0f}  ratio {base_per_gen / ours_per_gen:.2f}x fewer"
    )


if __name__ == "__main__":
    main()
