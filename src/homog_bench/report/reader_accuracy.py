"""The offline reader's measured accuracy, quoted beside the figures it reads.

``datasets/labeled/reader_accuracy.json`` (shipped in the wheel) records, per labeled
set (``datasets/labeled/*.jsonl``), its role (``tune``: the reader was tuned on it,
``dev``: the development set, ``test``: never tuned on), its size and the reader's gender
and name accuracy, each with a 95% Wilson score interval (Wilson 1927), and a
fingerprint of what the reader is made of (:func:`fingerprint`: its rules, its lexicons
and the labeled sets). It is written by one command, :data:`COMMAND`; a test fails when
the fingerprint no longer matches (the reader changed since the file was written).

What is quoted (:data:`QUOTED`): the real-model **test** sets pooled (SmolLM2-135M-Instruct
stories labeled by hand and never tuned on). Hand-written sets are easier than model
output, tune and dev sets flatter the reader; the pooled real test sets are the honest
estimate of how often a protagonist's gender or name is read right in model output.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError

#: Regenerates the file (from the repository root).
COMMAND = "PYTHONPATH=src python benchmarks/extractor_accuracy.py --write"
FILE = ("labeled", "reader_accuracy.json")
#: The labeled sets pooled for the quoted accuracy, and how the quote names them.
QUOTED = (
    "smollm2_test.jsonl",
    "smollm2_r2_test.jsonl",
    "smollm2_r3_test.jsonl",
    "smollm2_r4_test.jsonl",
    "smollm2_r5_test.jsonl",
    "smollm2_r6_test.jsonl",
    "smollm2_r7_test.jsonl",
    "smollm2_r8_test.jsonl",
    "smollm2_r9_test.jsonl",
    "smollm2_r10_test.jsonl",
    "smollm2_r11_test.jsonl",
    "smollm2_r12_test.jsonl",
)
QUOTED_AS = "real SmolLM2-135M-Instruct test stories"
#: Attribute sources the offline reader fills (``from:`` in a value file).
GENDER_SOURCE, NAME_SOURCE = "pronoun_gender", "protagonist_name"

_PACKAGE = Path(__file__).resolve().parents[1]
#: What the reader is made of: its rule modules (package-relative).
READER_MODULES = ("structures/pronoun_gender.py", "structures/protagonist_name.py")
READER_PACKAGE = "structures/protagonist"


def fingerprint() -> str:
    """SHA-256 over the reader's rule modules, its lexicons and the labeled sets.

    Any edit to one of them (a rule, a word list, a label) changes it.
    """
    digest = hashlib.sha256()
    files = [(f"src/{m}", _PACKAGE / m) for m in READER_MODULES]
    files += [
        (f"src/{READER_PACKAGE}/{p.name}", p)
        for p in sorted((_PACKAGE / READER_PACKAGE).glob("*.py"))
    ]
    files += [(f"lexicons/{p.name}", p) for p in sorted(data_path("lexicons").glob("*.txt"))]
    files += [(f"labeled/{p.name}", p) for p in sorted(data_path("labeled").glob("*.jsonl"))]
    for name, path in files:
        content = path.read_bytes().replace(b"\r\n", b"\n")
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return "sha256:" + digest.hexdigest()


@cache
def load() -> dict[str, Any]:
    """The recorded accuracies (a one-line error if the file is missing or unreadable)."""
    path = data_path(*FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HomogBenchError(
            f"{path}: cannot read the reader's accuracy ({exc}); regenerate it with {COMMAND}"
        ) from None
    if not isinstance(data, dict) or "quoted" not in data:
        raise HomogBenchError(f"{path}: no 'quoted' entry; regenerate it with {COMMAND}")
    return data


def _share(entry: dict[str, Any]) -> str:
    """``0.810 [0.730, 0.870]``.

    >>> _share({"accuracy": 0.8125, "ci_low": 0.7, "ci_high": 0.9})
    '0.812 [0.700, 0.900]'
    """
    return f"{entry['accuracy']:.3f} [{entry['ci_low']:.3f}, {entry['ci_high']:.3f}]"


def quote(gender: bool = True, names: bool = True) -> str:
    """One line: the reader's pooled test accuracy for gender and/or names.

    >>> quote(gender=False, names=False)
    ''
    """
    if not (gender or names):
        return ""
    quoted = load()["quoted"]
    parts = []
    if gender:
        parts.append(f"gender accuracy {_share(quoted['gender'])}")
    if names:
        parts.append(f"name accuracy {_share(quoted['name'])}")
    return (
        f"offline reader: {'; '.join(parts)} on {QUOTED_AS} (n={quoted['n']}; 95% Wilson "
        "intervals; datasets/labeled/reader_accuracy.json)"
    )


def read_by_reader(values: str, figures: dict[str, float]) -> tuple[list[str], bool]:
    """(attributes read by the offline gender reader, whether names are read) for a
    run scored with value file ``values``.

    The value file says where each attribute comes from; one that is not here (a path on
    another machine) falls back on the bundled attribute names. Name figures
    (``names_*``) are always the reader's.

    >>> read_by_reader("judged_protagonists", {"names_top1_share": 0.2})
    (['protagonist_gender'], True)
    >>> read_by_reader("/elsewhere/mine.yaml", {"protagonist_gender_excluded": 2.0})
    (['protagonist_gender'], False)
    """
    from homog_bench.figures import catalog
    from homog_bench.values import load_values

    names = any(k.startswith("names_") and not math.isnan(v) for k, v in figures.items())
    try:
        spec = load_values(values)
    except HomogBenchError:
        seen = set(catalog.attributes(figures)) | set(catalog.commitments(figures))
        gender = [a for a in ("protagonist_gender",) if a in seen]
        return gender, names or "protagonist_name" in seen
    gender = [a for a, s in spec.attributes.items() if s.source == GENDER_SOURCE]
    names = names or any(s.source == NAME_SOURCE for s in spec.attributes.values())
    return gender, names


def reader_line(values: str, figures: dict[str, float]) -> str:
    """The quote for a run's figures, naming the attributes it covers ('' if none)."""
    gender, names = read_by_reader(values, figures)
    try:
        line = quote(gender=bool(gender), names=names)
    except HomogBenchError as exc:  # the file is missing: say so, do not fail the report
        return f"offline reader: measured accuracy not available ({exc})"
    if not line:
        return ""
    return f"{line}; covers {', '.join(_covers(gender, names))}"


def _covers(gender: list[str], names: bool) -> list[str]:
    return [*gender, *(["names"] if names else [])]


#: Markers around the generated table in ``scorers/homogenization.md``.
CARD_BEGIN = "<!-- reader-accuracy: generated by benchmarks/extractor_accuracy.py --write -->"
CARD_END = "<!-- /reader-accuracy -->"


def card_table(data: dict[str, Any]) -> str:
    """The table of every labeled set for the scorer card, between its markers."""
    lines = [
        CARD_BEGIN,
        "",
        "| labeled set | stories | role | gender accuracy (95% Wilson) "
        "| name accuracy (95% Wilson) |",
        "|---|---|---|---|---|",
    ]
    rows = [*data["sets"], {**data["quoted"], "file": f"pooled: {QUOTED_AS} (quoted)"}]
    for row in rows:
        lines.append(
            f"| {row['file']} | {row['n']} | {row['role']} | {_share(row['gender'])} | "
            f"{_share(row['name'])} |"
        )
    lines += ["", f"Reader fingerprint `{data['fingerprint']}`.", "", CARD_END]
    return "\n".join(lines)


def for_json(values: str, figures: dict[str, float]) -> dict[str, Any] | None:
    """The quoted accuracy and what it covers, for the JSON report (None: nothing read)."""
    gender, names = read_by_reader(values, figures)
    if not (gender or names):
        return None
    try:
        quoted = load()["quoted"]
    except HomogBenchError as exc:
        return {"covers": _covers(gender, names), "error": str(exc)}
    out: dict[str, Any] = {
        "covers": _covers(gender, names),
        "sets": quoted["sets"],
        "described_as": QUOTED_AS,
        "n": quoted["n"],
    }
    if gender:
        out["gender"] = quoted["gender"]
    if names:
        out["name"] = quoted["name"]
    return out
