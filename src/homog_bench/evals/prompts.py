"""Prompt sets: the bundled stories, a local JSONL/CSV file, or a pinned Hugging Face dataset.

>>> [p.id for p in load_prompts()][:3]
['person', 'scientist', 'nurse']
>>> [p.id for p in select_prompts(load_prompts(), ["nurse", "ceo"])]
['nurse', 'ceo']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError

BUNDLED_STORIES = "stories"
LOCAL_FORMATS = {".jsonl": "json", ".json": "json", ".csv": "csv"}


@dataclass(frozen=True)
class Prompt:
    """One open-ended prompt."""

    id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


def load_prompts(
    source: str | None = None,
    *,
    prompt_field: str = "prompt",
    id_field: str = "id",
    split: str = "train",
) -> list[Prompt]:
    """Load prompts from the bundled set (``source=None``), a local file or ``owner/name@rev``."""
    if source is None or source == BUNDLED_STORIES:
        return _read_jsonl(data_path("prompts", "stories.jsonl"), prompt_field, id_field)
    path = Path(source).expanduser()
    if path.suffix.lower() in LOCAL_FORMATS:
        if not path.is_file():
            raise HomogBenchError(f"prompts_from: {source}: no such file")
        rows = _load_dataset(LOCAL_FORMATS[path.suffix.lower()], str(path.resolve()), None, split)
        return _rows_to_prompts(rows, str(path), prompt_field, id_field)
    repo, sep, revision = source.partition("@")
    if not sep or not revision or repo.count("/") != 1:
        raise HomogBenchError(
            f"prompts_from: {source!r}: expected a .jsonl/.json/.csv file or a Hugging Face "
            "dataset id pinned to a revision, such as owner/name@<commit or tag>"
        )
    rows = _load_dataset(repo, None, revision, split)
    return _rows_to_prompts(rows, source, prompt_field, id_field)


def select_prompts(prompts: Sequence[Prompt], ids: Sequence[str] | None) -> list[Prompt]:
    """Keep the prompts whose id is in ``ids`` (in that order); all when ``ids`` is None."""
    if not ids:
        return list(prompts)
    by_id = {p.id: p for p in prompts}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise HomogBenchError(
            f"prompts: unknown prompt id {missing[0]!r}; available: {', '.join(by_id)}"
        )
    return [by_id[i] for i in ids]


def _read_jsonl(path: Path, prompt_field: str, id_field: str) -> list[Prompt]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return _rows_to_prompts(rows, str(path), prompt_field, id_field)


def _load_dataset(
    name: str, data_files: str | None, revision: str | None, split: str
) -> list[dict[str, Any]]:
    import datasets  # heavy: imported only when another prompt set is asked for

    try:
        if data_files is not None:
            ds = datasets.load_dataset(name, data_files=data_files, split=split)
        else:
            ds = datasets.load_dataset(name, revision=revision, split=split)
    except Exception as exc:  # the datasets library raises many types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise HomogBenchError(f"prompts_from: could not load {name!r}: {first}") from None
    return [dict(row) for row in ds]


def _rows_to_prompts(
    rows: Sequence[dict[str, Any]], where: str, prompt_field: str, id_field: str
) -> list[Prompt]:
    if not rows:
        raise HomogBenchError(f"prompts_from: {where}: no rows")
    if prompt_field not in rows[0]:
        raise HomogBenchError(
            f"prompts_from: {where}: no field {prompt_field!r} (fields: {', '.join(rows[0])}); "
            "name the text column with -T prompt_field=..."
        )
    prompts: list[Prompt] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        text = row.get(prompt_field)
        if not isinstance(text, str) or not text.strip():
            raise HomogBenchError(f"prompts_from: {where}: row {i}: {prompt_field!r} is empty")
        pid = str(row.get(id_field, i)) if row.get(id_field) is not None else str(i)
        if pid in seen:
            raise HomogBenchError(f"prompts_from: {where}: row {i}: duplicate id {pid!r}")
        seen.add(pid)
        meta = {k: v for k, v in row.items() if k not in (prompt_field, id_field)}
        prompts.append(Prompt(pid, text.strip(), meta))
    return prompts
