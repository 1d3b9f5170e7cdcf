"""Validate a judge's reply: one JSON object, a value per question id, in range.

>>> from homog_bench.judge.prompt import Question
>>> qs = [Question("couple", "categorical", "?"), Question("warmth", "graded", "?")]
>>> r = parse_answer('```json\\n{"couple": 1, "warmth": 0.25}\\n```', qs)
>>> r.values, r.problems
({'couple': 1.0, 'warmth': 0.25}, [])
>>> parse_answer('{"couple": "maybe"}', qs).problems
["'couple': expected 0 or 1, got 'maybe'", "'warmth': missing"]
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from homog_bench.judge.prompt import Question

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
_YES = {"yes", "true", "1"}
_NO = {"no", "false", "0"}


@dataclass
class Parsed:
    """What one reply gave: usable values, ids the judge declined (null), and problems."""

    values: dict[str, float] = field(default_factory=dict)
    declined: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _json_object(raw: str) -> dict[str, object] | None:
    candidates = [m.group(1) for m in _FENCE.finditer(raw)] + [raw]
    for candidate in candidates:
        start, end = candidate.find("{"), candidate.rfind("}")
        if start < 0 or end <= start:
            continue
        try:
            data = json.loads(candidate[start : end + 1])
        except ValueError:
            continue
        if isinstance(data, dict):
            return data
    return None


def _value(question: Question, raw: object) -> float | str:
    """A valid α, or the reason why ``raw`` is not one."""
    if question.kind == "categorical":
        if isinstance(raw, bool):
            return float(raw)
        if isinstance(raw, int | float) and raw in (0, 1):
            return float(raw)
        if isinstance(raw, str) and raw.strip().lower() in _YES | _NO:
            return 1.0 if raw.strip().lower() in _YES else 0.0
        return f"expected 0 or 1, got {raw!r}"
    if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        if 0.0 <= raw <= 1.0:
            return float(raw)
        return f"expected a number from 0 to 1, got {raw!r}"
    return f"expected a number from 0 to 1, got {raw!r}"


def parse_answer(raw: str, questions: Sequence[Question]) -> Parsed:
    """Check a reply against the questions; never raises."""
    result = Parsed()
    data = _json_object(raw)
    if data is None:
        shown = " ".join(raw.split())[:80]
        result.problems.append(f"no JSON object found in the reply ({shown!r})")
        return result
    wanted = {q.id for q in questions}
    result.extra = sorted(k for k in data if k not in wanted)
    for q in questions:
        if q.id not in data:
            result.problems.append(f"{q.id!r}: missing")
            continue
        if data[q.id] is None:
            result.declined.append(q.id)
            continue
        value = _value(q, data[q.id])
        if isinstance(value, str):
            result.problems.append(f"{q.id!r}: {value}")
        else:
            result.values[q.id] = value
    return result
