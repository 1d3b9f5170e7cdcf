"""Accuracy and speed of the offline protagonist extractors on the labeled stories.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/extractor_accuracy.py            # every labeled file
    PYTHONPATH=src python benchmarks/extractor_accuracy.py --file my.jsonl
    PYTHONPATH=src python benchmarks/extractor_accuracy.py --write    # the recorded accuracy

For gender: accuracy, per-category precision / recall / F1 / support and a confusion
table. For names: exact-match accuracy (a predicted ``None`` for a ``null`` label is
correct) and precision / recall of "a name was found". Then throughput in stories/s,
on the file's stories and on 300-word stories built from them.

``--write`` measures every labeled file (no timing) and writes
``datasets/labeled/reader_accuracy.json`` (per set: role, n, gender and name accuracy with
95% Wilson intervals; the pooled real-model test sets that the summary and the
leaderboard quote; the reader's fingerprint) and the table in ``scorers/homogenization.md``
(see :mod:`homog_bench.report.reader_accuracy`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    precision_recall_fscore_support,
)

from homog_bench._data import data_path
from homog_bench.report import reader_accuracy
from homog_bench.structures import protagonist
from homog_bench.structures.pronoun_gender import GENDER_CATEGORIES, read_gender
from homog_bench.structures.protagonist_name import protagonist_name

LABELED = Path(__file__).resolve().parents[1] / "datasets" / "labeled"
DEFAULT_FILES = tuple(
    LABELED / name
    for name in (
        "protagonists.jsonl",
        "protagonists_heldout.jsonl",
        "smollm2_tune.jsonl",
        "smollm2_test.jsonl",
        "smollm2_r2_tune.jsonl",
        "smollm2_r2_test.jsonl",
        "chatstyle_tune.jsonl",
        "chatstyle_test.jsonl",
        "smollm2_r3_test.jsonl",
        "hardcases_r3_test.jsonl",
        "hardcases_r4_tune.jsonl",
        "smollm2_r4_tune.jsonl",
        "smollm2_r4_test.jsonl",
        "hardcases_r4_test.jsonl",
        "smollm2_r5_tune.jsonl",
        "hardcases_r5_tune.jsonl",
        "smollm2_r5_test.jsonl",
        "hardcases_r5_test.jsonl",
        "smollm2_r6_tune.jsonl",
        "hardcases_r6_tune.jsonl",
        "smollm2_r6_test.jsonl",
        "hardcases_r6_test.jsonl",
        "smollm2_r7_tune.jsonl",
        "hardcases_r7_tune.jsonl",
        "smollm2_r7_test.jsonl",
        "hardcases_r7_test.jsonl",
        "smollm2_r8_tune.jsonl",
        "hardcases_r8_tune.jsonl",
        "smollm2_r8_test.jsonl",
        "hardcases_r8_test.jsonl",
        "smollm2_r9_tune.jsonl",
        "hardcases_r9_tune.jsonl",
        "smollm2_r9_test.jsonl",
        "hardcases_r9_test.jsonl",
        "smollm2_r10_tune.jsonl",
        "hardcases_r10_tune.jsonl",
        "smollm2_r10_test.jsonl",
        "hardcases_r10_test.jsonl",
        "smollm2_r11_tune.jsonl",
        "hardcases_r11_tune.jsonl",
        "smollm2_r11_test.jsonl",
        "hardcases_r11_test.jsonl",
        "smollm2_r12_tune.jsonl",
        "hardcases_r12_tune.jsonl",
        "smollm2_r12_test.jsonl",
        "hardcases_r12_test.jsonl",
    )
)


#: Each labeled file's role: tune (tuned on), dev (development set), test (never tuned on).
ROLES = {
    "protagonists.jsonl": "dev",
    "protagonists_heldout.jsonl": "test",
    "smollm2_tune.jsonl": "tune",
    "smollm2_test.jsonl": "test",
    "smollm2_r2_tune.jsonl": "tune",
    "smollm2_r2_test.jsonl": "test",
    "chatstyle_tune.jsonl": "tune",
    "chatstyle_test.jsonl": "test",
    "smollm2_r3_test.jsonl": "test",
    "hardcases_r3_test.jsonl": "test",
    "hardcases_r4_tune.jsonl": "tune",
    "smollm2_r4_tune.jsonl": "tune",
    "smollm2_r4_test.jsonl": "test",
    "hardcases_r4_test.jsonl": "test",
    "smollm2_r5_tune.jsonl": "tune",
    "hardcases_r5_tune.jsonl": "tune",
    "smollm2_r5_test.jsonl": "test",
    "hardcases_r5_test.jsonl": "test",
    "smollm2_r6_tune.jsonl": "tune",
    "hardcases_r6_tune.jsonl": "tune",
    "smollm2_r6_test.jsonl": "test",
    "hardcases_r6_test.jsonl": "test",
    "smollm2_r7_tune.jsonl": "tune",
    "hardcases_r7_tune.jsonl": "tune",
    "smollm2_r7_test.jsonl": "test",
    "hardcases_r7_test.jsonl": "test",
    "smollm2_r8_tune.jsonl": "tune",
    "hardcases_r8_tune.jsonl": "tune",
    "smollm2_r8_test.jsonl": "test",
    "hardcases_r8_test.jsonl": "test",
    "smollm2_r9_tune.jsonl": "tune",
    "hardcases_r9_tune.jsonl": "tune",
    "smollm2_r9_test.jsonl": "test",
    "hardcases_r9_test.jsonl": "test",
    "smollm2_r10_tune.jsonl": "tune",
    "hardcases_r10_tune.jsonl": "tune",
    "smollm2_r10_test.jsonl": "test",
    "hardcases_r10_test.jsonl": "test",
    "smollm2_r11_tune.jsonl": "tune",
    "hardcases_r11_tune.jsonl": "tune",
    "smollm2_r11_test.jsonl": "test",
    "hardcases_r11_test.jsonl": "test",
    "smollm2_r12_tune.jsonl": "tune",
    "hardcases_r12_tune.jsonl": "tune",
    "smollm2_r12_test.jsonl": "test",
    "hardcases_r12_test.jsonl": "test",
}
CARD = Path(__file__).resolve().parents[1] / "scorers" / "homogenization.md"


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def wilson(k: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n (Wilson 1927, JASA 22:209).

    >>> tuple(round(x, 3) for x in wilson(45, 50))
    (0.786, 0.957)
    """
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    return centre - half, centre + half


def interval(k: float, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"[{lo:.3f}, {hi:.3f}]"


def gender_report(rows: list[dict[str, Any]], predicted: list[str]) -> None:
    gold = [r["gender"] for r in rows]
    labels = list(GENDER_CATEGORIES)
    right = sum(g == p for g, p in zip(gold, predicted, strict=True))
    print(
        f"gender accuracy: {accuracy_score(gold, predicted):.3f}  (n={len(rows)}, "
        f"95% Wilson {interval(right, len(rows))})"
    )
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    print(f"  {'category':<10} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for k, label in enumerate(labels):
        print(f"  {label:<10} {p[k]:>9.3f} {r[k]:>7.3f} {f[k]:>6.3f} {s[k]:>8d}")
    matrix = confusion_matrix(gold, predicted, labels=labels)
    print("  confusion (rows = gold, columns = predicted):")
    print("  " + " " * 10 + "".join(f"{label:>10}" for label in labels))
    for k, label in enumerate(labels):
        print(f"  {label:<10}" + "".join(f"{v:>10d}" for v in matrix[k]))


def name_report(rows: list[dict[str, Any]], predicted: list[str | None]) -> None:
    gold = [r["name"] for r in rows]
    exact = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(rows)
    has_gold = [g is not None for g in gold]
    has_pred = [p is not None for p in predicted]
    p, r, f, _s = precision_recall_fscore_support(
        has_gold, has_pred, average="binary", zero_division=0
    )
    named = [(g, q) for g, q in zip(gold, predicted, strict=True) if g is not None]
    right_name = sum(g == q for g, q in named) / len(named) if named else 0.0
    right = sum(g == p for g, p in zip(gold, predicted, strict=True))
    print(
        f"name accuracy (exact, None == null counts): {exact:.3f}  (n={len(rows)}, "
        f"95% Wilson {interval(right, len(rows))})"
    )
    print(f"  'a name was found': precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    print(f"  right name among the {len(named)} named protagonists: {right_name:.3f}")


def errors(rows: list[dict[str, Any]], genders: list[str], names: list[str | None]) -> None:
    shown = 0
    for row, g, n in zip(rows, genders, names, strict=True):
        if g != row["gender"] or n != row["name"]:
            if shown == 0:
                print("  mistakes (id: gold -> predicted):")
            shown += 1
            print(f"    {row['id']}: {row['gender']}/{row['name']} -> {g}/{n}")
    if shown == 0:
        print("  no mistakes")


def throughput(texts: list[str], label: str, repeats: int = 3) -> None:
    best = 0.0
    for _ in range(repeats):
        protagonist.analyse.cache_clear()
        start = time.perf_counter()
        for t in texts:
            read_gender(t)
            protagonist_name(t)
        best = max(best, len(texts) / (time.perf_counter() - start))
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"throughput: {best:,.0f} stories/s on {label} (mean {words:.0f} words, gender + name)")


def stories_of(words: int, rows: list[dict[str, Any]]) -> list[str]:
    """Stories of about ``words`` words: labeled stories joined, cut at a sentence end."""
    out = []
    for i in range(len(rows)):
        parts: list[str] = []
        j = i
        while sum(len(p.split()) for p in parts) < words:
            parts.append(rows[j % len(rows)]["text"])
            j += 1
        text = "\n\n".join(parts)
        cut = [m.end() for m in re.finditer(r"[.!?][\"”]?(?=\s)", text)]
        ends = [c for c in cut if len(text[:c].split()) <= words]
        out.append(text[: ends[-1]] if ends else text)
    return out


def _share(right: int, n: int) -> dict[str, float]:
    low, high = wilson(right, n)
    return {"correct": right, "accuracy": right / n, "ci_low": low, "ci_high": high}


def counts(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """(stories whose gender, whose name the reader gets right)."""
    protagonist.analyse.cache_clear()
    gender = sum(read_gender(r["text"]).category == r["gender"] for r in rows)
    name = sum(protagonist_name(r["text"]) == r["name"] for r in rows)
    return gender, name


def measured() -> dict[str, Any]:
    """Every labeled set's accuracy, the pooled quoted sets, the reader's fingerprint."""
    sets = []
    for path in DEFAULT_FILES:
        rows = load(path)
        gender, name = counts(rows)
        n = len(rows)
        entry = {"file": path.name, "role": ROLES[path.name], "n": n}
        sets.append({**entry, "gender": _share(gender, n), "name": _share(name, n)})
    pooled = [s for s in sets if s["file"] in reader_accuracy.QUOTED]
    n = sum(s["n"] for s in pooled)
    right = [sum(s[what]["correct"] for s in pooled) for what in ("gender", "name")]
    return {
        "command": reader_accuracy.COMMAND,
        "fingerprint": reader_accuracy.fingerprint(),
        "quoted": {
            "sets": list(reader_accuracy.QUOTED),
            "role": "test",
            "n": n,
            "gender": _share(right[0], n),
            "name": _share(right[1], n),
        },
        "sets": sets,
    }


def write() -> None:
    """Write the JSON file and the scorer card's table."""
    data = measured()
    out = data_path(*reader_accuracy.FILE)
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    card = CARD.read_text(encoding="utf-8")
    begin, end = card.index(reader_accuracy.CARD_BEGIN), card.index(reader_accuracy.CARD_END)
    table = reader_accuracy.card_table(data)
    CARD.write_text(card[:begin] + table + card[end + len(reader_accuracy.CARD_END) :])
    print(f"wrote {out} and the table in {CARD.name}")
    print(reader_accuracy.quote())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, action="append", help="a labeled JSONL file")
    parser.add_argument(
        "--write",
        action="store_true",
        help="write datasets/labeled/reader_accuracy.json and the scorer card's table",
    )
    args = parser.parse_args(argv)
    if args.write:
        write()
        return 0
    files = args.file or list(DEFAULT_FILES)
    for path in files:
        rows = load(path)
        print(f"=== {path.name}")
        protagonist.analyse.cache_clear()
        genders = [read_gender(r["text"]).category for r in rows]
        names = [protagonist_name(r["text"]) for r in rows]
        gender_report(rows, genders)
        name_report(rows, names)
        errors(rows, genders, names)
        throughput([r["text"] for r in rows], "these stories")
        throughput(stories_of(300, rows), "300-word stories")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
