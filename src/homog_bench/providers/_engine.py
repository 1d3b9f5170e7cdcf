"""Backend-independent generation logic of the local provider.

Everything here works on a small :class:`Backend` protocol, so the prompt
rendering, the sampling loop, stop handling, seeds, log-probabilities and the
model thread are unit-tested with a fake backend; ``_llama.py`` implements the
protocol with llama-cpp-python.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

import anyio
import anyio.lowlevel
import anyio.to_thread

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

FinishReason = Literal["stop", "max_tokens", "model_length"]
Message = Mapping[str, str]
T = TypeVar("T")

SEED_MODULUS = 0xFFFFFFFF
"""Seeds are taken modulo 2**32 - 1: llama.cpp reads 0xFFFFFFFF as "pick a random seed"."""


@dataclass(frozen=True)
class Sampling:
    """Sampling settings of one call (llama.cpp's sampler chain: top-k, top-p, min-p, temp)."""

    seed: int
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = 0
    min_p: float = 0.0
    repeat_penalty: float = 1.0
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    max_tokens: int | None = None
    stop: tuple[str, ...] = ()
    logprobs: bool = False
    top_logprobs: int = 0


@dataclass(frozen=True)
class TokenLogprob:
    """Log-probability of one generated token, with the ``top`` most likely alternatives."""

    token: int
    piece: bytes
    logprob: float
    top: tuple[tuple[bytes, float], ...] | None = None


@dataclass(frozen=True)
class Completion:
    """Result of one generation."""

    text: str
    prompt: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: FinishReason
    seconds: float
    logprobs: tuple[TokenLogprob, ...] | None = None


class Backend(Protocol):
    """What the generation loop needs from a model."""

    @property
    def n_ctx(self) -> int:
        """Context window in tokens."""
        ...

    @property
    def chat_format(self) -> ChatFormat:
        """How chat messages become a prompt string for this model."""
        ...

    def tokenize(self, text: str, *, add_bos: bool) -> list[int]:
        """Tokens of ``text`` (special tokens parsed)."""
        ...

    def piece(self, token: int) -> bytes:
        """The bytes one token renders to."""
        ...

    def is_eog(self, token: int) -> bool:
        """Whether ``token`` ends generation (EOS, EOT, ...)."""
        ...

    def sample(self, prompt_tokens: Sequence[int], sampling: Sampling) -> Iterator[int]:
        """Reset the model state, seed the sampler and yield sampled tokens one by one."""
        ...

    def logits(self) -> ArrayLike:
        """Raw logits that produced the token most recently yielded by :meth:`sample`."""
        ...


class ChatFormat(Protocol):
    """Turns chat messages (plus an optional assistant prefill) into a prompt string."""

    @property
    def add_bos(self) -> bool:
        """Whether to prepend the BOS token when tokenizing the prompt."""
        ...

    @property
    def stops(self) -> tuple[str, ...]:
        """Stop sequences this format needs on top of the caller's."""
        ...

    def render(self, messages: Sequence[Message], prefill: str | None) -> str:
        """Prompt ending where the assistant's (possibly prefilled) answer continues."""
        ...


@dataclass(frozen=True)
class TemplateFormat:
    """The model's own chat template, rendered with ``add_generation_prompt=True``.

    A prefill is appended verbatim after the generation prompt, so the model
    continues the assistant's text instead of starting a new turn.
    """

    template: Callable[[Sequence[Message]], str]
    add_bos: bool = False
    stops: tuple[str, ...] = ()

    def render(self, messages: Sequence[Message], prefill: str | None) -> str:
        """Render ``messages`` through the template, then append ``prefill``."""
        return self.template(messages) + (prefill or "")


@dataclass(frozen=True)
class PlainFormat:
    """Fallback for GGUF files without a chat template: a plain ``User:``/``Assistant:`` script.

    >>> PlainFormat().render([{"role": "user", "content": "Hi"}], "Once")
    'User: Hi\\n\\nAssistant: Once'
    """

    add_bos: bool = True
    stops: tuple[str, ...] = ("\nUser:",)

    def render(self, messages: Sequence[Message], prefill: str | None) -> str:
        """Render a transcript ending in ``Assistant:`` (plus the prefill)."""
        parts = []
        for message in messages:
            if message["role"] == "system":
                parts.append(f"{message['content']}\n\n")
            else:
                parts.append(f"{message['role'].capitalize()}: {message['content']}\n\n")
        parts.append("Assistant:")
        if prefill:
            parts.append(prefill if prefill[0].isspace() else " " + prefill)
        return "".join(parts)


def resolve_seed(seed: int | None, rng: random.Random | None = None) -> int:
    """The llama.cpp seed for one call: ``seed`` as given, or a fresh random one if None.

    >>> resolve_seed(42)
    42
    >>> resolve_seed(-1) == SEED_MODULUS - 1
    True
    >>> 0 <= resolve_seed(None) < SEED_MODULUS
    True
    """
    if seed is None:
        return (rng or _SYSTEM_RANDOM).randrange(SEED_MODULUS)
    return seed % SEED_MODULUS


_SYSTEM_RANDOM = random.SystemRandom()


def log_softmax(logits: ArrayLike) -> NDArray[np.float64]:
    """Numerically stable log-softmax of one vocabulary row.

    >>> [round(float(x), 4) for x in log_softmax([0.0, 0.0])]
    [-0.6931, -0.6931]
    """
    import numpy as np

    row = np.asarray(logits, dtype=np.float64)
    shifted = row - row.max()
    result: NDArray[np.float64] = shifted - np.log(np.exp(shifted).sum())
    return result


def token_logprob(
    logits: ArrayLike, token: int, top: int, piece: Callable[[int], bytes]
) -> TokenLogprob:
    """Log-probability of ``token`` under the raw (untempered, untruncated) distribution."""
    import numpy as np

    row = log_softmax(logits)
    alternatives: tuple[tuple[bytes, float], ...] | None = None
    if top > 0:
        k = min(top, row.shape[0])
        best = np.argpartition(-row, k - 1)[:k]
        best = best[np.argsort(-row[best], kind="stable")]
        alternatives = tuple((piece(int(i)), float(row[i])) for i in best)
    return TokenLogprob(
        token=token, piece=piece(token), logprob=float(row[token]), top=alternatives
    )


def _find_stop(text: bytes, stops: Sequence[bytes], start: int) -> int | None:
    """Earliest index >= ``start`` at which one of ``stops`` begins in ``text``."""
    found = [i for i in (text.find(stop, start) for stop in stops) if i >= 0]
    return min(found) if found else None


def run_chat(
    backend: Backend,
    messages: Sequence[Message],
    prefill: str | None,
    sampling: Sampling,
) -> Completion:
    """Render, tokenize and generate; the blocking core of one provider call."""
    started = time.perf_counter()
    chat_format = backend.chat_format
    prompt = chat_format.render(messages, prefill)
    prompt_tokens = backend.tokenize(prompt, add_bos=chat_format.add_bos)
    n_prompt = len(prompt_tokens)
    budget = backend.n_ctx - n_prompt
    if budget <= 0:
        return Completion("", prompt, n_prompt, 0, "model_length", time.perf_counter() - started)

    limit: int = budget  # by default the context window ends generation
    length_reason: FinishReason = "model_length"
    if sampling.max_tokens and 0 < sampling.max_tokens <= budget:
        limit, length_reason = sampling.max_tokens, "max_tokens"

    stops = [s.encode("utf-8") for s in (*sampling.stop, *chat_format.stops) if s]
    longest_stop = max((len(s) for s in stops), default=0)
    text = b""
    starts: list[int] = []  # byte offset at which each generated token begins
    logprobs: list[TokenLogprob] = []
    finish = length_reason
    cut: int | None = None

    for token in backend.sample(prompt_tokens, sampling):
        if backend.is_eog(token):
            finish = "stop"
            break
        if sampling.logprobs:
            logprobs.append(
                token_logprob(backend.logits(), token, sampling.top_logprobs, backend.piece)
            )
        starts.append(len(text))
        text += backend.piece(token)
        if stops:
            cut = _find_stop(text, stops, max(0, starts[-1] - longest_stop + 1))
            if cut is not None:
                text = text[:cut]
                finish = "stop"
                break
        if len(starts) >= limit:
            break

    kept = logprobs
    if sampling.logprobs and cut is not None:  # drop tokens wholly inside the stop sequence
        kept = [lp for lp, start in zip(logprobs, starts, strict=True) if start < cut]
    return Completion(
        text=text.decode("utf-8", errors="ignore"),
        prompt=prompt,
        prompt_tokens=n_prompt,
        completion_tokens=len(starts),
        finish_reason=finish,
        seconds=time.perf_counter() - started,
        logprobs=tuple(kept) if sampling.logprobs else None,
    )


class ModelThread:
    """Runs blocking model calls one at a time on a single dedicated thread.

    One long-lived thread rather than a pool: llama.cpp's OpenMP runtime (libgomp)
    keeps a team of threads per calling thread and stops spinning (sleeps at every
    barrier) once it manages more threads than there are cores. On 2 cores, calls
    that hopped between worker threads, or a main thread that also computed, ran
    at half speed. Do every llama.cpp computation of the process through
    :meth:`run` or :meth:`run_sync`.

    Async callers queue on an event-loop lock, so waiting holds no thread and a
    cancelled waiter leaves the queue at once; a cancelled caller whose call is
    running still waits for it to finish. Calls from other event loops or plain
    threads are serialized by the single thread itself.
    """

    def __init__(self, name: str = "homog-local") -> None:
        self.name = name
        self._executor: ThreadPoolExecutor | None = None
        self._executor_guard = threading.Lock()
        self._loop_lock: anyio.lowlevel.RunVar[anyio.Lock] = anyio.lowlevel.RunVar(name)

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        """Queue ``fn()`` on the model thread (started on first use)."""
        with self._executor_guard:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.name)
            return self._executor.submit(fn)

    def run_sync(self, fn: Callable[[], T]) -> T:
        """Run ``fn()`` on the model thread and wait for it (for synchronous callers)."""
        return self.submit(fn).result()

    def _async_lock(self) -> anyio.Lock:
        try:
            return self._loop_lock.get()
        except LookupError:
            lock = anyio.Lock()
            self._loop_lock.set(lock)
            return lock

    async def run(self, fn: Callable[[], T]) -> T:
        """Await ``fn()`` run on the model thread, without blocking the event loop."""
        async with self._async_lock():
            future = self.submit(fn)
            # the anyio worker only waits on the future; it never computes
            return await anyio.to_thread.run_sync(future.result)


MODEL_THREAD = ModelThread()
"""The process-wide model thread shared by every local model (they share the cores)."""
