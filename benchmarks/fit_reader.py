"""Fit the protagonist reader's learned decision on the tune files; cross-validate it.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/fit_reader.py            # CV report only
    PYTHONPATH=src python benchmarks/fit_reader.py --write    # ... and write weights.py

Reads ONLY the files in :data:`TUNE_FILES` (add a new tune file there and rerun with
``--write`` to refit). Every story told about someone else (the rules' reading came
with a :class:`~homog_bench.structures.protagonist.evidence.Trace`) gives one row of
:data:`~homog_bench.structures.protagonist.evidence.FEATURES`; first- and second-person
stories keep the rules' reading and count as such in every accuracy.

Cross-validation: 5 folds, each tune file split on its own (stories in id order, every
fifth story to a fold), so a story is never in its own training set and every fold holds
every file. The L2 strength ``C`` is chosen by an inner 5-fold cross-validation on the
training folds (nested), so the reported figures never saw the stories they score; the
shipped ``C`` is the one the same inner procedure picks on all tune stories. Printed per
file and pooled, with 95% Wilson intervals: (a) the rules alone, (b) rules + learned
decision; then the paired difference on the pooled SmolLM2 tune files (stories that
flip right / wrong, McNemar's exact test; McNemar 1947, *Psychometrika* 12:153).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from extractor_accuracy import wilson
from sklearn.linear_model import LogisticRegression

from homog_bench.structures.protagonist.evidence import FEATURES, GENDERS, features
from homog_bench.structures.protagonist.protagonist import rule_reading

ROOT = Path(__file__).resolve().parents[1]
LABELED = ROOT / "datasets" / "labeled"
WEIGHTS = ROOT / "src" / "homog_bench" / "structures" / "protagonist" / "weights.py"
#: The files the learned decision is fit on: tune halves and the development set only.
TUNE_FILES = (
    "protagonists.jsonl",
    "smollm2_tune.jsonl",
    "smollm2_r2_tune.jsonl",
    "smollm2_r4_tune.jsonl",
    "chatstyle_tune.jsonl",
    "hardcases_r4_tune.jsonl",
)
#: The real-model tune files whose pooled gender accuracy decides whether the step ships.
SMOLLM2 = tuple(f for f in TUNE_FILES if f.startswith("smollm2_"))
GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)  # L2 strengths C tried (larger: weaker penalty)
FOLDS = 5
DIGITS = 6  # decimals of the written coefficients


class Story:
    """One labeled story: its file, gold labels, the rules' reading and its features."""

    def __init__(self, file: str, fold: int, row: dict[str, Any]) -> None:
        self.file, self.fold, self.id = file, fold, row["id"]
        self.gold, self.gold_name = row["gender"], row["name"]
        reading, trace = rule_reading(row["text"])
        self.rule, self.name = reading.gender, reading.protagonist_name
        self.x = features(trace, reading.gender) if trace is not None else None


def load(files: tuple[str, ...] = TUNE_FILES) -> list[Story]:
    stories = []
    for name in files:
        with (LABELED / name).open(encoding="utf-8") as handle:
            rows = sorted((json.loads(line) for line in handle if line.strip()), key=_id)
        stories += [Story(name, i % FOLDS, row) for i, row in enumerate(rows)]
    return stories


def _id(row: dict[str, Any]) -> str:
    return str(row["id"])


def _fit(stories: list[Story], c: float) -> tuple[np.ndarray, np.ndarray, LogisticRegression]:
    x = np.array([s.x for s in stories if s.x is not None])
    y = np.array([s.gold for s in stories if s.x is not None])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, tol=1e-8)
    model.fit((x - mean) / scale, y)
    return mean, scale, model


def _predict(fit: tuple[np.ndarray, np.ndarray, LogisticRegression], s: Story) -> str:
    if s.x is None:
        return s.rule
    mean, scale, model = fit
    return str(model.predict(((np.array(s.x) - mean) / scale)[None, :])[0])


def _choose(stories: list[Story]) -> float:
    """The ``C`` of highest inner cross-validated gender accuracy (ties: the smaller)."""
    best = (-1, 0.0)
    for c in GRID:
        right = 0
        for k in range(FOLDS):
            inner = [s for i, s in enumerate(stories) if i % FOLDS != k]
            fit = _fit(inner, c)
            right += sum(
                _predict(fit, s) == s.gold for i, s in enumerate(stories) if i % FOLDS == k
            )
        if right > best[0]:
            best = (right, c)
    return best[1]


def cross_validated(stories: list[Story]) -> tuple[dict[str, str], list[float]]:
    """Each story's learned category from a model that never saw it (nested CV)."""
    out: dict[str, str] = {}
    chosen = []
    for k in range(FOLDS):
        train = [s for s in stories if s.fold != k]
        c = _choose(train)
        chosen.append(c)
        fit = _fit(train, c)
        out.update({s.id: _predict(fit, s) for s in stories if s.fold == k})
    return out, chosen


def _line(label: str, k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"{label} {k / n:.3f} [{lo:.3f}, {hi:.3f}]"


def report(stories: list[Story], learned: dict[str, str]) -> None:
    groups = [(f, [s for s in stories if s.file == f]) for f in TUNE_FILES]
    groups.append(("pooled SmolLM2 tune", [s for s in stories if s.file in SMOLLM2]))
    groups.append(("pooled all tune", stories))
    print(f"{'file':<24}{'n':>4}  gender: rules | rules + learned (CV)   names (unchanged)")
    for name, group in groups:
        n = len(group)
        rules = sum(s.rule == s.gold for s in group)
        after = sum(learned[s.id] == s.gold for s in group)
        names = sum(s.name == s.gold_name for s in group)
        print(
            f"{name:<24}{n:>4}  {_line('', rules, n)} | {_line('', after, n)}"
            f"   {_line('', names, n)}"
        )
    smol = [s for s in stories if s.file in SMOLLM2]
    gained = sum(s.rule != s.gold and learned[s.id] == s.gold for s in smol)
    lost = sum(s.rule == s.gold and learned[s.id] != s.gold for s in smol)
    n = len(smol)
    d = (gained - lost) / n
    se = math.sqrt(max(0.0, gained + lost - (gained - lost) ** 2 / n)) / n
    m = gained + lost
    tail = sum(math.comb(m, i) for i in range(min(gained, lost) + 1)) / 2**m if m else 1.0
    print(
        f"paired, pooled SmolLM2 tune (n={n}): {gained} flip right, {lost} flip wrong; "
        f"difference {d:+.3f} (95% CI {d - 1.96 * se:+.3f} .. {d + 1.96 * se:+.3f}); "
        f"McNemar exact p = {min(1.0, 2 * tail):.3f}"
    )
    dev = [s for s in stories if s.file == "protagonists.jsonl"]
    drop = sum(s.rule == s.gold for s in dev) - sum(learned[s.id] == s.gold for s in dev)
    print(f"protagonists.jsonl: {drop:+d} stories fewer right with the learned decision")


def weights_module(stories: list[Story], c: float) -> str:
    """The text of ``weights.py``: the model fit on every tune story with ``C = c``."""
    mean, scale, model = _fit(stories, c)
    order = [list(model.classes_).index(g) for g in GENDERS if g in model.classes_]
    classes = tuple(str(model.classes_[i]) for i in order)

    def floats(values: Any) -> str:
        return "(" + ", ".join(repr(round(float(v), DIGITS)) for v in values) + ",)"

    coef = "".join(f"    {floats(model.coef_[i])},\n" for i in order)
    return (
        '"""The learned decision\'s coefficients (generated: do not edit).\n\n'
        "Written by ``PYTHONPATH=src python benchmarks/fit_reader.py --write`` from the tune\n"
        f"files only; L2 strength C = {c} chosen by 5-fold cross-validation. A multinomial\n"
        "logistic regression over standardised features: score of class k =\n"
        "``INTERCEPT[k] + sum(COEF[k][j] * (x[j] - MEAN[j]) / SCALE[j])``.\n"
        '"""\n\n'
        f"C = {c!r}\n"
        f"CLASSES: tuple[str, ...] = {classes!r}\n"
        f"FEATURES: tuple[str, ...] = {tuple(FEATURES)!r}\n"
        f"MEAN: tuple[float, ...] = {floats(mean)}\n"
        f"SCALE: tuple[float, ...] = {floats(scale)}\n"
        f"COEF: tuple[tuple[float, ...], ...] = (\n{coef})\n"
        f"INTERCEPT: tuple[float, ...] = {floats(model.intercept_[i] for i in order)}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write structures/.../weights.py")
    args = parser.parse_args(argv)
    stories = load()
    learned, chosen = cross_validated(stories)
    print(f"nested CV: C chosen per outer fold {chosen}")
    report(stories, learned)
    c = _choose(stories)
    print(f"C on all tune stories: {c}")
    if args.write:
        WEIGHTS.write_text(weights_module(stories, c), encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
