"""Load a value file by bundled name or path, with one-line errors.

Every problem is reported as ``<file>: <field path>: <what was expected>``:

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "bad.yaml")
>>> _ = open(path, "w").write("schema: homog-bench/values@1\\nname: x\\n")
>>> try:
...     load_values(path)
... except ValueFileError as e:
...     print(str(e).split(": ", 1)[1])
description: required field is missing (+2 more)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError
from homog_bench.structures.kinds import KIND, STRUCTURE_KINDS
from homog_bench.values.schema import ValueFile


class ValueFileError(HomogBenchError):
    """A value file could not be found, parsed or validated. ``str()`` is one line."""

    def __init__(self, file: str, path: str, expected: str) -> None:
        self.file, self.path, self.expected = file, path, expected
        super().__init__(f"{file}: {path}: {expected}" if path else f"{file}: {expected}")


def bundled_values() -> list[str]:
    """Names of the value files shipped with homog-bench."""
    return sorted(p.stem for p in data_path("values").glob("*.yaml"))


def resolve_values(spec: str | Path) -> Path:
    """Resolve ``spec`` (a bundled name such as ``gender_in_stories`` or a path) to a file."""
    text = str(spec).strip()
    if not text:
        raise ValueFileError("values", "", "empty; expected a bundled name or a path")
    path = Path(text).expanduser()
    if path.is_file():
        return path.resolve()
    if path.is_dir():
        raise ValueFileError(text, "", "is a folder; expected a YAML value file")
    bundled = data_path("values", f"{Path(text).stem}.yaml")
    if path.suffix in ("", ".yaml", ".yml") and path.parent == Path(".") and bundled.is_file():
        return bundled
    raise ValueFileError(
        text,
        "",
        f"no such file and no bundled value file of that name "
        f"(bundled: {', '.join(bundled_values())})",
    )


_cache: dict[tuple[Path, float], ValueFile] = {}


def load_values(spec: str | Path) -> ValueFile:
    """Load and validate a value file; raise :class:`ValueFileError` with a one-line message."""
    path = resolve_values(spec)
    key = (path, path.stat().st_mtime)
    values = _cache.get(key)
    if values is None:
        values = parse_values(path.read_text(encoding="utf-8"), str(path))
        _cache[key] = values
    return values


def parse_values(text: str, file: str = "<value file>") -> ValueFile:
    """Parse YAML text into a :class:`ValueFile`; errors name ``file``."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ValueFileError(file, where, f"not valid YAML ({problem})") from None
    if not isinstance(raw, Mapping):
        raise ValueFileError(file, "", "expected a YAML mapping at the top level")
    try:
        return ValueFile.model_validate(raw)
    except ValidationError as exc:
        raise _first_error(file, exc, raw) from None


def _first_error(file: str, exc: ValidationError, raw: Any) -> ValueFileError:
    # a typo explains the "missing" error that follows it, so report unknown keys first
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    err = errors[0]
    loc = _clean_loc(err["loc"], raw)
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        loc.append("kind")
    message = _explain(err, loc, raw)
    path, message = _split_path_from_message(_format_loc(loc), message)
    more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
    return ValueFileError(file, path, message + more)


def _clean_loc(loc: Iterable[int | str], raw: Any) -> list[int | str]:
    """Drop the discriminator tags pydantic inserts (e.g. ``structures.0.lexicon.terms``)."""
    out: list[int | str] = []
    node = raw
    for part in loc:
        inserted = isinstance(part, str) and (
            part in STRUCTURE_KINDS or part.startswith("function-")
        )
        if inserted and isinstance(node, Mapping) and part not in node:
            continue
        out.append(part)
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return out


def _format_loc(loc: list[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _lookup(raw: Any, loc: list[int | str]) -> Any:
    node = raw
    for part in loc:
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _explain(err: Any, loc: list[int | str], raw: Any) -> str:
    kind = err["type"]
    got = err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        parent = _lookup(raw, loc[:-1])
        return f"unknown key {loc[-1]!r} (a typo?){_allowed_keys(loc, parent)}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"unknown kind {got.get('kind') if isinstance(got, dict) else got!r}; " + (
            f"expected one of: {', '.join(STRUCTURE_KINDS)}"
        )
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"got {got!r}, expected {expected}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == r"\S":
        return f"expected a non-empty string (got {got!r})"
    if kind in ("value_error", "assertion_error"):
        return str(err["msg"]).removeprefix("Value error, ")
    msg = str(err["msg"])
    if isinstance(got, bool) and kind == "string_type":
        return (
            f"got the boolean {got}, expected a string "
            "(YAML reads yes/no/on/off as booleans: quote it)"
        )
    shown = repr(got)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{msg[0].lower()}{msg[1:]} (got {shown})"


def _allowed_keys(loc: list[int | str], parent: Any) -> str:
    model = _model_at(loc[:-1], parent)
    if model is None:
        return ""
    names = [f.alias or name for name, f in model.model_fields.items()]
    return f"; expected one of: {', '.join(names)}"


def _model_at(loc: list[int | str], node: Any) -> Any:
    from homog_bench.values import schema

    path = [p for p in loc if isinstance(p, str)]
    if not path:
        return schema.ValueFile
    head = path[0]
    simple = {
        "context": schema.Context,
        "judge": schema.Judge,
        "metrics": schema.MetricSettings,
    }
    if head in simple and len(path) == 1:
        return simple[head]
    if head == "attributes" and len(path) == 2:
        return schema.Attribute
    if head == "structures" and isinstance(node, Mapping):
        kind = KIND.get(str(node.get("kind")))
        return None if kind is None else kind.model
    return None


def _split_path_from_message(path: str, message: str) -> tuple[str, str]:
    """Model-level messages may start with a more precise path (``attributes.x.from: ...``)."""
    head, sep, rest = message.partition(": ")
    if sep and " " not in head and (head.startswith(("attributes", "structures")) or not path):
        return (f"{path}.{head}" if path and not head.startswith(path) else head), rest
    if sep and " " not in head and head in ("target", "reference", "normative", "exclude"):
        return f"{path}.{head}", rest
    return path, message
