"""Ask the judge model every judged question about one generation, in one call.

The judge is the value file's ``judge.model``, else Inspect's ``grader`` model role
(``--model-role grader=...``), else the model under evaluation. A reply that cannot
be used is answered with one follow-up in the same conversation; whatever is still
unusable becomes a missing value for that question only (never an exception).

Where the judge's provider honours it, the reply's JSON schema is sent with the request
(``structured`` in the value file's ``judge``; see :func:`answer_format`), and the judge
record says which format was used.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    GenerateConfig,
    Model,
    ResponseSchema,
    get_model,
)
from inspect_ai.util import JSONSchema

from homog_bench.judge.answers import Parsed, parse_answer
from homog_bench.judge.prompt import Question, answer_schema, judge_messages, retry_message
from homog_bench.values.schema import Judge

logger = logging.getLogger(__name__)

#: Inspect model APIs that send ``GenerateConfig.response_schema`` to their service
#: (inspect_ai 0.3.285: OpenAI's json_schema format, or the provider's own equivalent).
SCHEMA_APIS = frozenset(
    {
        "OpenAIAPI",
        "AnthropicAPI",
        "GoogleGenAIAPI",
        "MistralAPI",
        "GrokAPI",
        "GroqAPI",
        "VLLMAPI",
        "SGLangAPI",
    }
)
#: llama-cpp-python's server rejects the json_schema format but takes its JSON mode
#: ``{"type": "json_object", "schema": ...}`` (a grammar built from the schema).
JSON_OBJECT_APIS = frozenset({"LlamaCppPythonAPI"})


@dataclass
class JudgeResult:
    """Values (None when missing) and the record of how they were obtained."""

    values: dict[str, float | None]
    #: per question: ok, declined (the judge answered null), invalid, or error
    status: dict[str, str]
    model: str
    calls: int = 0
    format: str = "text"
    replies: list[str] = field(default_factory=list)
    problems: list[list[str]] = field(default_factory=list)
    error: str | None = None

    def metadata(self) -> dict[str, object]:
        """JSON-safe record for ``Score.metadata``."""
        return {
            "model": self.model,
            "calls": self.calls,
            "format": self.format,
            "values": self.values,
            "status": self.status,
            "replies": self.replies,
            "problems": self.problems,
            "error": self.error,
        }


def resolve_judge(judge: Judge) -> Model:
    """The judge model: value file, then the ``grader`` role, then the model under evaluation."""
    if judge.model:
        return get_model(judge.model)
    return get_model(role="grader")


def _merge(
    questions: Sequence[Question], attempts: Sequence[Parsed]
) -> tuple[dict[str, float | None], dict[str, str]]:
    values: dict[str, float | None] = {}
    status: dict[str, str] = {}
    for q in questions:
        for parsed in reversed(attempts):  # the latest usable answer wins
            if q.id in parsed.values:
                values[q.id], status[q.id] = parsed.values[q.id], "ok"
                break
        else:
            declined = any(q.id in p.declined for p in attempts)
            values[q.id], status[q.id] = None, "declined" if declined else "invalid"
    return values, status


def answer_format(model: Model, judge: Judge) -> str:
    """'schema', 'json_object' or 'text': the value file's choice, or by provider ('auto').

    Providers not known to honour a schema (an OpenAI-compatible server of unknown
    kind, mockllm, the bundled offline model) get 'text'; set ``structured`` to force one.
    """
    if judge.structured != "auto":
        return judge.structured
    apis = {cls.__name__ for cls in type(model.api).__mro__}
    if apis & SCHEMA_APIS:
        return "schema"
    if apis & JSON_OBJECT_APIS:
        return "json_object"
    return "text"


def generate_config(judge: Judge, questions: Sequence[Question], answer: str) -> GenerateConfig:
    """The judge call's settings, asking for the reply's schema in the chosen format."""
    config = GenerateConfig(temperature=judge.temperature, max_tokens=judge.max_tokens)
    schema = answer_schema(questions)
    if answer == "schema":
        return config.merge(
            GenerateConfig(
                response_schema=ResponseSchema(
                    name="judge_answers",
                    json_schema=JSONSchema.model_validate(schema),
                    description="One value per question id",
                    strict=True,
                )
            )
        )
    if answer == "json_object":
        body = {"response_format": {"type": "json_object", "schema": schema}}
        return config.merge(GenerateConfig(extra_body=body))
    return config


async def ask_judge(
    text: str, questions: Sequence[Question], judge: Judge, model: Model | None = None
) -> JudgeResult:
    """One call (plus at most one retry) answering every question about ``text``."""
    model = model or resolve_judge(judge)
    answer = answer_format(model, judge)
    system, user = judge_messages(text, questions)
    messages: list[ChatMessage] = [ChatMessageSystem(content=system), ChatMessageUser(content=user)]
    result = JudgeResult(values={}, status={}, model=str(model), format=answer)
    attempts: list[Parsed] = []
    try:
        for attempt in range(2):
            result.calls += 1  # a call that fails is still spent
            try:
                output = await model.generate(
                    messages, config=generate_config(judge, questions, answer)
                )
            except Exception as exc:
                if attempt == 1 or answer == "text":
                    raise
                # the service refused the structured request: the retry asks in plain text
                logger.warning("homog-bench: structured judge call failed (%s); text retry", exc)
                result.problems.append([f"{answer} request failed: {type(exc).__name__}"])
                answer = result.format = f"text (after {answer} failed)"
                continue
            reply = output.completion
            parsed = parse_answer(reply, questions)
            attempts.append(parsed)
            result.replies.append(reply)
            result.problems.append(parsed.problems)
            if not parsed.problems or attempt == 1:
                break
            messages += [
                ChatMessageAssistant(content=reply or "(empty reply)"),
                ChatMessageUser(content=retry_message(parsed.problems, questions)),
            ]
    except Exception as exc:  # a failing judge costs its values, not the sample
        logger.warning("homog-bench: judge call failed: %s", exc)
        result.error = f"{type(exc).__name__}: {exc}"[:500]
    result.values, result.status = _merge(questions, attempts)
    if result.error is not None:
        for q in questions:
            if result.status[q.id] != "ok":
                result.status[q.id] = "error"
    return result
