"""Refuse a value file whose ``judge.model`` cannot be resolved, before anything is generated.

Without this check a ``judge.model`` such as ``file:///etc/passwd`` or
``nosuch/model`` passes ``values check``, the eval starts, and every sample fails
at its judge call after its generation was paid for. The check is offline: the
name must be ``<provider>/<model>`` and the provider an Inspect model API that is
installed (built in, or registered by a package such as ``homog-local``).
Credentials are not checked (a missing API key is Inspect's own one-line error).

>>> from homog_bench.values.schema import Judge
>>> judge_model_problem(Judge(model="mockllm/model")) is None
True
>>> judge_model_problem(Judge(model="file:///etc/passwd"))
"'file:///etc/passwd': 'file:' is not an installed Inspect model provider; expected ..."
"""

from __future__ import annotations

import re

from homog_bench._compat import model_api_known
from homog_bench.values.loader import ValueFileError, resolve_values
from homog_bench.values.schema import Judge, ValueFile

_EXAMPLE = "anthropic/claude-3-5-haiku-20241022"
_PROVIDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def judge_model_problem(judge: Judge) -> str | None:
    """Why ``judge.model`` cannot be resolved, or None (also when unset: the grader role)."""
    name = judge.model
    if name is None:
        return None
    shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
    provider, sep, model = name.partition("/")
    if not sep or not model.strip():
        return f"{shown}: expected <provider>/<model>, e.g. {_EXAMPLE}"
    if not _PROVIDER.match(provider) or not model_api_known(provider):
        return (
            f"{shown}: {provider[:40]!r} is not an installed Inspect model provider; "
            f"expected <provider>/<model>, e.g. {_EXAMPLE}"
        )
    return None


def check_judge(values: ValueFile, spec: str) -> None:
    """Raise a one-line :class:`ValueFileError` naming ``judge.model`` if it cannot resolve."""
    problem = judge_model_problem(values.judge)
    if problem is not None:
        raise ValueFileError(str(resolve_values(spec)), "judge.model", problem)
