"""User-facing errors of the providers."""

from __future__ import annotations

from homog_bench._compat import PrerequisiteError, UserError

__all__ = ["LocalModelError", "PrerequisiteError"]


class LocalModelError(UserError):
    """A missing prerequisite or bad ``-M`` option of the offline model, in one line."""
