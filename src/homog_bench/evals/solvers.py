"""Generation strategies.

Inspect passes the same ``--seed`` to every epoch, which makes seeded backends
repeat themselves. :func:`sample_with_seed` derives one seed per (sample, epoch)
from the configured seed, so repeated generations differ yet reproduce.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re

from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    GenerateConfig,
    Model,
    ModelOutput,
    get_model,
)
from inspect_ai.solver import Generate, Solver, TaskState, solver

from homog_bench._compat import active_generate_config
from homog_bench._errors import HomogBenchError
from homog_bench.evals.trunk_files import cut_points
from homog_bench.figures.catalog import ARM, DEFAULT_ARM, OPENING, POSITION, PROMPT_ID, SET, XENO

logger = logging.getLogger(__name__)


def derive_seed(base: int, sample_id: str | int, epoch: int) -> int:
    """A reproducible 31-bit seed for one generation.

    >>> derive_seed(1, "nurse", 1) == derive_seed(1, "nurse", 1)
    True
    >>> derive_seed(1, "nurse", 1) != derive_seed(1, "nurse", 2)
    True
    """
    digest = hashlib.blake2b(f"{base}|{sample_id}|{epoch}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (2**31 - 1)


@solver
def sample_with_seed(seed: int | None = None) -> Solver:
    """Generate once, with a per-epoch seed derived from ``seed`` (or ``--seed``) if any."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        base = seed if seed is not None else active_generate_config().seed
        if base is None:
            return await generate(state)
        return await generate(state, seed=derive_seed(base, state.sample_id, state.epoch))

    return solve


# --- experiments: prefilled branches, xeno-reproduction ---------------------------------

#: Providers whose models continue a trailing assistant message (an assistant prefill).
PREFILL_PROVIDERS = ("anthropic", "homog-local")
PREFILL_MODES = ("auto", "always", "never")
CONTINUE_INSTRUCTION = (
    "{prompt}\n\nYour answer must begin with the opening below. Write only what comes after "
    "it, continuing mid-sentence if needed; do not repeat the opening.\n\nOpening:\n{opening}"
)
CONTRASTIVE_INSTRUCTION = (
    "{prompt}\n\nHere are {k} answers already written to this request:\n\n{answers}\n\n"
    "Write one more answer to the same request that differs from all of them{dimensions}. "
    "It must still be a good answer to the request. Reply with the answer only."
)
SEQUENTIAL_INSTRUCTION = (
    "Write another answer to the same request that differs from all your previous answers. "
    "It must still be a good answer to the request. Reply with the answer only."
)


#: Providers known to return token log-probabilities (``logprobs=auto`` asks them only).
LOGPROB_PROVIDERS = ("homog-local", "openai", "openai-api", "vllm", "llama-cpp-python", "hf")
LOGPROB_MODES = ("auto", "always", "never")


def provider_of(model: Model) -> str:
    """The provider part of a model's name (``anthropic``, ``homog-local``, ``mockllm``)."""
    return str(model).split("/", 1)[0]


def uses_prefill(mode: str, model: Model) -> bool:
    """Whether to send the opening as an assistant prefill (``auto``: by provider)."""
    if mode == "auto":
        return provider_of(model) in PREFILL_PROVIDERS
    return mode == "always"


def wants_logprobs(mode: str, model: Model) -> bool:
    """Whether to ask for token log-probabilities (``auto``: by provider)."""
    if mode == "auto":
        return provider_of(model) in LOGPROB_PROVIDERS
    return mode == "always"


def strip_opening(text: str, opening: str) -> str:
    """The continuation, without the opening when the model repeated it.

    >>> strip_opening("The nurse waited. She smiled.", "The nurse waited.")
    ' She smiled.'
    >>> strip_opening("  the NURSE   waited. She smiled.", "The nurse waited.")
    ' She smiled.'
    >>> strip_opening("She smiled.", "The nurse waited.")
    'She smiled.'
    """
    words = opening.split()
    if not words:
        return text
    pattern = r"^\s*" + r"\s+".join(re.escape(w) for w in words)
    match = re.match(pattern, text, flags=re.IGNORECASE)
    return text[match.end() :] if match else text


def seeded_config(seed: int | None, key: str, epoch: int) -> GenerateConfig:
    """The per-generation seed (see :func:`derive_seed`) as a config; empty without a seed."""
    base = seed if seed is not None else active_generate_config().seed
    return GenerateConfig() if base is None else GenerateConfig(seed=derive_seed(base, key, epoch))


@solver
def continue_opening(
    seed: int | None = None, prefill: str = "auto", logprobs: str = "never"
) -> Solver:
    """Continue the sample's ``metadata["opening"]`` (a branching trunk + branch).

    With an assistant prefill (``auto`` for providers in :data:`PREFILL_PROVIDERS`) the
    opening is the start of the answer and the model returns the continuation; otherwise
    the user message asks the model to continue the opening (and a repeated opening is
    stripped). The scored text is the continuation; ``metadata["prefill_mode"]`` records
    ``prefill`` or ``instruction``. ``logprobs`` (``auto``/``always``/``never``, see
    :func:`wants_logprobs`) asks for token log-probabilities.
    """

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        opening = str(state.metadata[OPENING]).rstrip()
        prefilled = uses_prefill(prefill, get_model())
        state.metadata["prefill_mode"] = "prefill" if prefilled else "instruction"
        if prefilled:
            state.messages.append(ChatMessageAssistant(content=opening))
        else:
            logger.info("homog-bench: %s has no prefill; asking it to continue", get_model())
            state.messages[-1] = ChatMessageUser(
                content=CONTINUE_INSTRUCTION.format(prompt=state.input_text, opening=opening)
            )
        config = seeded_config(seed, str(state.sample_id), state.epoch)
        if wants_logprobs(logprobs, get_model()):
            config = config.merge(GenerateConfig(logprobs=True))
        state = await generate(state, **config.model_dump(exclude_none=True))
        continuation = state.output.completion
        if not prefilled:
            continuation = strip_opening(continuation, opening)
        state.metadata["continuation"] = continuation
        state.output.completion = continuation
        return state

    return solve


@solver
def contrastive(k: int, dimensions: str, seed: int | None = None) -> Solver:
    """Baseline arm: one plain generation. Xeno arm: k plain answers first, then one answer
    asked to differ from all of them (in ``dimensions``, the value file's, when given)."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        key = str(state.sample_id)
        if state.metadata.get(ARM) != XENO:
            config = seeded_config(seed, key, state.epoch)
            return await generate(state, **config.model_dump(exclude_none=True))
        model = get_model()
        prompt = state.input_text
        first = [
            await model.generate(
                [ChatMessageUser(content=prompt)],
                config=seeded_config(seed, f"{key}|{j}", state.epoch),
            )
            for j in range(k)
        ]
        answers = [o.completion for o in first]
        state.metadata["seen_answers"] = answers
        shown = "\n\n".join(f"Answer {j + 1}:\n{a.strip()}" for j, a in enumerate(answers))
        state.messages = [
            *[m for m in state.messages if m.role == "system"],
            ChatMessageUser(
                content=CONTRASTIVE_INSTRUCTION.format(
                    prompt=prompt,
                    k=k,
                    answers=shown,
                    dimensions=f" in {dimensions}" if dimensions else "",
                )
            ),
        ]
        config = seeded_config(seed, key, state.epoch)
        return await generate(state, **config.model_dump(exclude_none=True))

    return solve


@solver
def sequential_sets(k: int, seed: int | None = None) -> Solver:
    """Sets of k answers, one Inspect sample per answer (``metadata["position"]`` 1..k).

    Xeno arm: one conversation per (prompt, epoch) producing k answers, each turn asking
    for an answer that differs from all previous ones. Baseline arm: k independent answers
    to the plain prompt. The first sample of a set to run generates the whole set; the
    others wait for it. ``metadata["set"]`` names the set.
    """
    conversations: dict[str, asyncio.Task[list[ModelOutput]]] = {}

    async def converse(prompt: str, xeno: bool, key: str, epoch: int) -> list[ModelOutput]:
        model = get_model()
        outputs: list[ModelOutput] = []
        messages: list[ChatMessage] = [ChatMessageUser(content=prompt)]
        for j in range(k):
            config = seeded_config(seed, f"{key}|{j}", epoch)
            if xeno:
                out = await model.generate(messages, config=config)
                messages = [
                    *messages,
                    out.message,
                    ChatMessageUser(content=SEQUENTIAL_INSTRUCTION),
                ]
            else:
                out = await model.generate([ChatMessageUser(content=prompt)], config=config)
            outputs.append(out)
        return outputs

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        xeno = state.metadata.get(ARM) == XENO
        key = f"{state.metadata.get(PROMPT_ID)}:{state.metadata.get(ARM)}:{state.epoch}"
        state.metadata[SET] = key
        if key not in conversations:
            conversations[key] = asyncio.ensure_future(
                converse(state.input_text, xeno, key, state.epoch)
            )
        outputs = await asyncio.shield(conversations[key])
        position = int(state.metadata.get("position", 1))
        state.output = outputs[position - 1].model_copy(deep=True)
        if xeno:
            # the conversation up to this answer, as the model saw it
            for out in outputs[: position - 1]:
                state.messages += [out.message, ChatMessageUser(content=SEQUENTIAL_INSTRUCTION)]
        state.messages.append(state.output.message)
        return state

    return solve


#: Sample metadata of the dynamics task: the trunk's text ('' = sample one) and the cut.
TRUNK_TEXT = "trunk_text"
CUT = "cut"


@solver
def continue_trunk(
    cuts: int,
    cut_at: str = "words",
    seed: int | None = None,
    prefill: str = "auto",
    logprobs: str = "auto",
    trunk_tokens: int = 200,
) -> Solver:
    """Dynamics task. Default arm: a plain answer. Cut arm: continue the trunk's prefix at
    cut ``metadata["cut"]`` (1-based) with :func:`continue_opening`.

    The trunk is ``metadata["trunk_text"]``, or, when that is empty, one story sampled
    once for the prompt (seeded, shared by every sample, recorded in each sample's
    metadata). ``metadata["position"]`` (words of the trunk before the continuation) and
    ``metadata["opening"]`` (the prefix) are set. A short sampled trunk can give fewer
    cuts than asked: the extra samples continue its last cut.
    """
    sampled: dict[str, asyncio.Task[str]] = {}
    inner = continue_opening(seed, prefill, logprobs)

    async def sample_trunk(prompt: str) -> str:
        config = seeded_config(seed, "trunk", 0).merge(GenerateConfig(max_tokens=trunk_tokens))
        out = await get_model().generate([ChatMessageUser(content=prompt)], config=config)
        return " ".join(out.completion.split())

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if state.metadata.get(ARM) == DEFAULT_ARM:
            config = seeded_config(seed, str(state.sample_id), state.epoch)
            if wants_logprobs(logprobs, get_model()):
                config = config.merge(GenerateConfig(logprobs=True))
            return await generate(state, **config.model_dump(exclude_none=True))
        text = str(state.metadata.get(TRUNK_TEXT) or "")
        if not text:
            if "trunk" not in sampled:
                sampled["trunk"] = asyncio.ensure_future(sample_trunk(state.input_text))
            text = await asyncio.shield(sampled["trunk"])
            state.metadata[TRUNK_TEXT] = text
        if not text.strip():
            raise HomogBenchError("trunk: the sampled trunk is empty; nothing to continue")
        points = cut_points(text, cuts, cut_at)
        point = points[min(int(state.metadata[CUT]), len(points)) - 1]
        state.metadata[POSITION] = point.words
        state.metadata[OPENING] = point.prefix
        return await inner(state, generate)

    return solve
