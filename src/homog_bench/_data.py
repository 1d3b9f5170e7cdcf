"""Locate the bundled data folder (``datasets/`` in a checkout, ``_data/`` in a wheel)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def data_dir() -> Path:
    """Return the folder holding prompts, value files and labeled corpora.

    An installed wheel carries the data as ``homog_bench/_data``; an editable
    install or a source checkout reads ``<repo>/datasets`` directly.

    >>> (data_dir() / "values").is_dir()
    True
    """
    for candidate in (_HERE / "_data", _HERE.parents[1] / "datasets"):
        if (candidate / "values").is_dir():
            return candidate
    raise FileNotFoundError(
        f"homog-bench data folder not found next to {_HERE} (expected _data/ or ../../datasets/)"
    )


def data_path(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("prompts", "stories.jsonl")``."""
    return data_dir().joinpath(*parts)
