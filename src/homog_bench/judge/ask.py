"""Ask the judge model every judged question about one generation, in one call.

The judge is the value file's ``judge.model``, else Inspect's ``grader`` model role
(``--model-role grader=...``), else the model under evaluation. A reply that cannot
be used is answered with one follow-up in the same conversation; whatever is still
unusable becomes a missing value for that question only (never an exception).
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
    get_model,
)

from homog_bench.judge.answers import Parsed, parse_answer
from homog_bench.judge.prompt import Question, judge_messages, retry_message
from homog_bench.values.schema import Judge

logger = logging.getLogger(__name__)


@dataclass
class JudgeResult:
    """Values (None when missing) and the record of how they were obtained."""

    values: dict[str, float | None]
    #: per question: ok, declined (the judge answered null), invalid, or error
    status: dict[str, str]
    model: str
    calls: int = 0
    replies: list[str] = field(default_factory=list)
    problems: list[list[str]] = field(default_factory=list)
    error: str | None = None

    def metadata(self) -> dict[str, object]:
        """JSON-safe record for ``Score.metadata``."""
        return {
            "model": self.model,
            "calls": self.calls,
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


async def ask_judge(
    text: str, questions: Sequence[Question], judge: Judge, model: Model | None = None
) -> JudgeResult:
    """One call (plus at most one retry) answering every question about ``text``."""
    model = model or resolve_judge(judge)
    config = GenerateConfig(temperature=judge.temperature, max_tokens=judge.max_tokens)
    system, user = judge_messages(text, questions)
    messages: list[ChatMessage] = [ChatMessageSystem(content=system), ChatMessageUser(content=user)]
    result = JudgeResult(values={}, status={}, model=str(model))
    attempts: list[Parsed] = []
    try:
        for attempt in range(2):
            output = await model.generate(messages, config=config)
            result.calls += 1
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
