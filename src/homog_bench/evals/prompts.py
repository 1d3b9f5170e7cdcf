"""Prompt sets: the bundled stories, a local JSONL/CSV file, or a pinned Hugging Face dataset.

>>> [p.id for p in load_prompts()][:3]
['person', 'scientist', 'nurse']
>>> [p.id for p in select_prompts(load_prompts(), ["nurse", "ceo"])]
['nurse', 'ceo']
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError
from homog_bench._inputs import decode_utf8, read_bytes_file
from homog_bench.limits import MAX_PROMPT_FILE_BYTES

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
        check_prompt_file(path, source)
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


#: Sample-metadata key under which a prompt file's other columns are kept: a column
#: named ``prompt_id``, ``arm``, ``set``… never overrides the fields homog-bench sets.
COLUMNS_KEY = "columns"


def user_columns(prompt: Prompt) -> dict[str, Any]:
    """A prompt's other columns, namespaced for a sample's metadata.

    >>> user_columns(Prompt("a", "Write.", {"arm": "xeno", "topic": "work"}))
    {'columns': {'arm': 'xeno', 'topic': 'work'}}
    >>> user_columns(Prompt("a", "Write."))
    {}
    """
    return {COLUMNS_KEY: dict(prompt.metadata)} if prompt.metadata else {}


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


def check_prompt_file(path: Path, shown: str) -> None:
    """A regular UTF-8 file, not empty, no larger than ``limits.MAX_PROMPT_FILE_BYTES``.

    >>> import os, tempfile
    >>> empty = os.path.join(tempfile.mkdtemp(), "p.jsonl")
    >>> _ = open(empty, "w").write("\\n")
    >>> check_prompt_file(Path(empty), "p.jsonl")
    Traceback (most recent call last):
    homog_bench._errors.HomogBenchError: prompts_from: p.jsonl: the file is empty; ...
    """
    data = read_bytes_file(path, "prompts_from", limit=MAX_PROMPT_FILE_BYTES)
    text = decode_utf8(data, "prompts_from", shown)
    if not text.strip():
        raise HomogBenchError(
            f"prompts_from: {shown}: the file is empty; expected one prompt per row"
        )


def _read_jsonl(path: Path, prompt_field: str, id_field: str) -> list[Prompt]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return _rows_to_prompts(rows, str(path), prompt_field, id_field)


def _load_dataset(
    name: str, data_files: str | None, revision: str | None, split: str
) -> list[dict[str, Any]]:
    import datasets  # heavy: imported only when another prompt set is asked for

    quiet = data_files is not None and not datasets.is_progress_bar_enabled()
    log = logging.getLogger("datasets")
    level = log.level
    try:
        if data_files is not None:
            # a local file loads in a blink: no progress bars or logged errors around the
            # one-line error below
            datasets.disable_progress_bars()
            log.setLevel(logging.CRITICAL)
            ds = datasets.load_dataset(name, data_files=data_files, split=split)
        else:
            ds = datasets.load_dataset(name, revision=revision, split=split)
        return [dict(row) for row in ds]
    except Exception as exc:  # the datasets library raises many types
        root: BaseException = exc
        while root.__cause__ is not None:  # "error while generating" wraps the parse error
            root = root.__cause__
        first = str(root).strip().splitlines()[0] if str(root).strip() else type(root).__name__
        raise HomogBenchError(f"prompts_from: could not load {name!r}: {first}") from None
    finally:
        log.setLevel(level)
        if data_files is not None and not quiet:
            datasets.enable_progress_bars()


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
