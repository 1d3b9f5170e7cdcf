"""Every import of a private Inspect name lives here, each with a fallback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from inspect_ai.model import GenerateConfig
from rich.markup import escape

from homog_bench._errors import HomogBenchError

try:
    from inspect_ai._util.error import PrerequisiteError
except ImportError:  # pragma: no cover - Inspect moved it

    class PrerequisiteError(Exception):  # type: ignore[no-redef]
        """Stand-in: Inspect prints this error's message without a traceback."""

        def __init__(self, message: str) -> None:
            super().__init__(message)
            self.message = message


def active_generate_config() -> GenerateConfig:
    """The eval-level generate config (holds ``--seed``); empty if Inspect moved it."""
    try:
        from inspect_ai.model._generate_config import active_generate_config as active
    except ImportError:  # pragma: no cover
        return GenerateConfig()
    return active()


class UserError(PrerequisiteError):
    """A user mistake raised to Inspect, which prints it as one clean line (exit code 1).

    Inspect prints the message with rich, so it is escaped for rich markup
    (``homog-bench[local]`` must not be read as a style tag); ``str()`` gives it as is.
    """

    def __init__(self, message: str) -> None:
        super().__init__(escape(message))
        self.args = (message,)

    def __str__(self) -> str:
        return str(self.args[0])


def model_api_known(provider: str) -> bool:
    """Whether an Inspect model provider (``anthropic``, ``homog-local``) is registered.

    Built-in providers and those of installed packages (entry points) count; True
    when Inspect moved its registry (the check is then left to ``get_model``).
    """
    try:
        from inspect_ai._util.registry import registry_find, registry_unqualified_name
    except ImportError:  # pragma: no cover
        return True
    found = registry_find(
        lambda info: info.type == "modelapi" and registry_unqualified_name(info) == provider
    )
    return bool(found)


@contextmanager
def user_errors() -> Iterator[None]:
    """Re-raise a :class:`HomogBenchError` as a :class:`UserError` Inspect prints cleanly."""
    try:
        yield
    except HomogBenchError as exc:
        raise UserError(str(exc)) from None


__all__ = [
    "PrerequisiteError",
    "UserError",
    "active_generate_config",
    "model_api_known",
    "user_errors",
]
