"""How often two annotators agree on the labeled stories, and the reader against each.

A second annotator labeled test stories again, blind (the texts only, the labeling rules
of ``datasets/labeled/README.md``, never the first labels or the reader's output); each
file of ``datasets/labeled/second_annotator/`` is paired with the first labels by id. Their
agreement is the ceiling a reader can be expected to reach on that text: where people
disagree, no reader is "right". Prints, per file in ``datasets/labeled/second_annotator/``:
gender and name agreement (95% Wilson intervals), Cohen's kappa for gender, and the
offline reader's accuracy against each annotator and on the stories both agree on.

    PYTHONPATH=src python benchmarks/annotator_agreement.py
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from extractor_accuracy import load, wilson  # the same reading and 95% interval

from homog_bench.structures.protagonist.protagonist import analyse

LABELED = Path(__file__).resolve().parents[1] / "datasets" / "labeled"
SECOND = LABELED / "second_annotator"


def rows(path: Path) -> dict[str, dict[str, Any]]:
    """The labeled stories of one JSON-lines file, by id."""
    return {r["id"]: r for r in load(path)}


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa (Cohen 1960) of two label lists.

    >>> cohen_kappa(["a", "a", "b", "b"], ["a", "a", "b", "a"])
    0.5
    """
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    left, right = Counter(first), Counter(second)
    expected = sum(left[c] * right[c] for c in left) / (n * n)
    return (observed - expected) / (1 - expected)


def share(k: int, n: int) -> str:
    low, high = wilson(k, n)
    return f"{k / n:.3f} [{low:.3f}, {high:.3f}] ({k}/{n})"


def first_labels() -> dict[str, dict[str, Any]]:
    """Every labeled story of ``datasets/labeled/``, by id (ids are unique across files)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(LABELED.glob("*.jsonl")):
        out.update(rows(path))
    return out


def report(second_path: Path, first: dict[str, dict[str, Any]]) -> None:
    second = rows(second_path)
    ids = [i for i in first if i in second]
    n = len(ids)
    gender = [first[i]["gender"] == second[i]["gender"] for i in ids]
    name = [first[i]["name"] == second[i]["name"] for i in ids]
    read = {i: analyse(first[i]["text"]) for i in ids}
    print(f"{second_path.name}: {n} stories labeled twice")
    print(f"  annotators agree, gender: {share(sum(gender), n)}")
    print(f"  annotators agree, name:   {share(sum(name), n)}")
    kappa = cohen_kappa([first[i]["gender"] for i in ids], [second[i]["gender"] for i in ids])
    print(f"  Cohen's kappa, gender:    {kappa:.3f}")
    for who, labels in (("first", first), ("second", second)):
        g = sum(read[i].gender == labels[i]["gender"] for i in ids)
        m = sum(read[i].protagonist_name == labels[i]["name"] for i in ids)
        print(f"  reader vs {who} annotator: gender {share(g, n)}; name {share(m, n)}")
    both = [i for i, same in zip(ids, gender, strict=True) if same]
    g = sum(read[i].gender == first[i]["gender"] for i in both)
    print(f"  reader gender where the annotators agree: {share(g, len(both))}")
    for i, same in zip(ids, gender, strict=True):
        if not same:
            print(f"    disagree: {i}: {first[i]['gender']} vs {second[i]['gender']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    first = first_labels()
    for path in sorted(SECOND.glob("*.jsonl")):
        report(path, first)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
