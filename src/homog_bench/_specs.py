"""Small YAML experiment files (branching experiments, dynamics trunks): bundled or by path.

Errors are one line naming the file and the field (:class:`HomogBenchError`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def bundled(folder: str) -> list[str]:
    """Ids of the YAML files shipped in ``datasets/<folder>/``."""
    return sorted(p.stem for p in data_path(folder).glob("*.yaml"))


def load_spec(
    spec: str, folder: str, parameter: str, kind: str, hint: str = ""
) -> tuple[dict[str, Any], str]:
    """The mapping in a bundled ``datasets/<folder>/<spec>.yaml`` or in the file ``spec``,
    and the file's path (for error messages)."""
    path = Path(str(spec)).expanduser()
    candidate = data_path(folder, f"{spec}.yaml")
    if IDENTIFIER.match(str(spec)) and candidate.is_file():
        path = candidate
    elif not path.is_file():
        raise HomogBenchError(
            f"-T {parameter}: {spec!r}: no such file and no bundled {kind} of that name "
            f"(bundled: {', '.join(bundled(folder))}{hint})"
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise HomogBenchError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    return raw, str(path)


def check_fields(raw: Any, file: str, fields: tuple[str, ...], strings: tuple[str, ...]) -> None:
    """``raw`` is a mapping with only ``fields``; each of ``strings`` a non-empty string;
    ``id`` an identifier."""
    if not isinstance(raw, dict):
        raise HomogBenchError(f"{file}: expected a mapping with fields {', '.join(fields)}")
    for key in raw:
        if key not in fields:
            raise HomogBenchError(f"{file}: {key}: unknown field; expected one of {fields}")
    for key in strings:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise HomogBenchError(f"{file}: {key}: expected a non-empty string")
    if not IDENTIFIER.match(raw["id"]):
        raise HomogBenchError(f"{file}: id: expected lowercase letters, digits and _")
