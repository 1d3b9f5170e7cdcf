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

Two steps, each cross-validated on its own: the gender classifier and the candidate
ranker (one of the top three candidates, read by the rules, or no named protagonist).
Shipping rule (:func:`report`): a step is written with coefficients only if, on the
pooled SmolLM2 tune stories, the figure it is for (gender for the gender classifier,
names for the ranker) beats the rules' beyond noise (the paired difference's 95% CI
above zero), the other figure is not worse beyond noise (its CI reaching zero), and
``protagonists.jsonl`` loses at most one story on either; otherwise it is written
switched off (no classes) and the reader's output is the rules'. With both on, the two
together must pass for gender as well.
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

from homog_bench.structures.protagonist.evidence import (
    FEATURES,
    GENDERS,
    RANK_OPTIONS,
    candidates,
    features,
    name_of,
    named_outright,
)
from homog_bench.structures.protagonist.protagonist import (
    group_they,
    ranked_reading,
    rule_reading,
)
from homog_bench.structures.protagonist.stray import stray_neopronouns

ROOT = Path(__file__).resolve().parents[1]
LABELED = ROOT / "datasets" / "labeled"
WEIGHTS = ROOT / "src" / "homog_bench" / "structures" / "protagonist" / "weights.py"
#: The files the learned decision is fit on: tune halves and the development set only.
TUNE_FILES = (
    "protagonists.jsonl",
    "smollm2_tune.jsonl",
    "smollm2_r2_tune.jsonl",
    "smollm2_r4_tune.jsonl",
    "smollm2_r5_tune.jsonl",
    "smollm2_r6_tune.jsonl",
    "chatstyle_tune.jsonl",
    "hardcases_r4_tune.jsonl",
    "hardcases_r5_tune.jsonl",
    "hardcases_r6_tune.jsonl",
)
#: The real-model tune files whose pooled gender accuracy decides whether the step ships.
SMOLLM2 = tuple(f for f in TUNE_FILES if f.startswith("smollm2_"))
GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)  # L2 strengths C tried (larger: weaker penalty)
FOLDS = 5
DIGITS = 6  # decimals of the written coefficients


class Story:
    """One labeled story: gold labels, the rules' reading, its features and candidates."""

    def __init__(self, file: str, fold: int, row: dict[str, Any]) -> None:
        self.file, self.fold, self.id = file, fold, row["id"]
        self.gold, self.gold_name, self.text = row["gender"], row["name"], row["text"]
        reading, trace = rule_reading(row["text"])
        self.rule, self.name = reading.gender, reading.protagonist_name
        self.rule_cues = reading.cues
        self.nb_cues = {} if trace is None else trace.cues_for("nonbinary")
        self.x: list[float] | None = None
        #: per ranker option: (name, category) it would give; "keep": the rules' own
        self.options: dict[str, tuple[str | None, str]] = {}
        self.rank: str | None = None  # the option that gives the gold name, if any
        #: per option: the stray neopronouns that make its she/he lead nonbinary
        self.stray: dict[str, dict[str, int]] = {}
        if trace is None:
            return
        self.x = features(trace, reading.gender)
        self.stray["keep"] = stray_neopronouns(trace, trace.pid)
        for slot, k in enumerate(candidates(trace)):
            self.stray[f"c{slot}"] = stray_neopronouns(trace, k)
            if k == trace.pid:
                self.options[f"c{slot}"] = (reading.protagonist_name, "keep")
            else:
                own = ranked_reading(trace, k)
                self.options[f"c{slot}"] = (name_of(trace, k), "keep" if own is None else own[0])
        if not named_outright(trace, trace.pid):  # as ``learned_protagonist`` allows
            self.options["none"] = (None, "keep")
        if self.gold_name is None:
            self.rank = "none"
        else:
            self.rank = next(
                (o for o in RANK_OPTIONS if self.options.get(o, ("", ""))[0] == self.gold_name),
                None,
            )


def load(files: tuple[str, ...] = TUNE_FILES) -> list[Story]:
    stories = []
    for name in files:
        with (LABELED / name).open(encoding="utf-8") as handle:
            rows = sorted((json.loads(line) for line in handle if line.strip()), key=_id)
        stories += [Story(name, i % FOLDS, row) for i, row in enumerate(rows)]
    return stories


def _id(row: dict[str, Any]) -> str:
    return str(row["id"])


Fit = tuple[np.ndarray, np.ndarray, LogisticRegression]


def _target(s: Story, task: str) -> str | None:
    return s.gold if task == "gender" else s.rank


def _fit(stories: list[Story], c: float, task: str) -> Fit:
    """The model of ``task`` ("gender" or "rank") fit with L2 strength ``c``."""
    every = np.array([s.x for s in stories if s.x is not None])
    mean = every.mean(axis=0)  # the same standardisation for both steps
    scale = every.std(axis=0)
    scale[scale == 0] = 1.0
    rows = [s for s in stories if s.x is not None and _target(s, task) is not None]
    x = np.array([s.x for s in rows])
    y = np.array([_target(s, task) for s in rows])
    model = LogisticRegression(C=c, max_iter=5000, tol=1e-8)
    model.fit((x - mean) / scale, y)
    return mean, scale, model


def _scores(fit: Fit, s: Story) -> dict[str, float]:
    mean, scale, model = fit
    z = ((np.array(s.x) - mean) / scale)[None, :]
    return dict(zip(map(str, model.classes_), model.decision_function(z)[0], strict=True))


def predict(gender: Fit | None, rank: Fit | None, s: Story) -> tuple[str, str | None]:
    """(category, name) of the rules plus the learned steps, as ``analyse`` composes them."""
    if s.x is None:
        return s.rule, s.name
    option = "keep"
    if rank is not None:
        scores = _scores(rank, s)
        option = max((o for o in scores if o in s.options), key=lambda o: scores[o])
    name, category = s.options[option] if option != "keep" else (s.name, "keep")
    stray = s.stray.get(option, {})
    if category != "keep":
        return ("nonbinary" if stray and category in ("woman", "man") else category), name
    category, cues = s.rule, s.rule_cues
    if stray and category in ("woman", "man"):
        category, cues = "nonbinary", stray
    if gender is not None:
        scores = _scores(gender, s)
        learned = max(scores, key=lambda g: scores[g])
        if learned != category:
            category, cues = learned, (s.rule_cues if learned == s.rule else s.nb_cues)
    return ("unknown" if group_they(category, s.name, name, cues) else category), name


def _right(task: str, stories: list[Story], fit: Fit) -> int:
    if task == "gender":
        return sum(predict(fit, None, s)[0] == s.gold for s in stories)
    return sum(predict(None, fit, s)[1] == s.gold_name for s in stories)


def choose(stories: list[Story], task: str) -> float:
    """The ``C`` of highest inner cross-validated accuracy (gender, or names for the
    ranker); ties go to the smaller ``C`` (the stronger penalty)."""
    best = (-1, 0.0)
    for c in GRID:
        right = 0
        for k in range(FOLDS):
            fit = _fit([s for i, s in enumerate(stories) if i % FOLDS != k], c, task)
            right += _right(task, [s for i, s in enumerate(stories) if i % FOLDS == k], fit)
        if right > best[0]:
            best = (right, c)
    return best[1]


def cross_validated(
    stories: list[Story], tasks: tuple[str, ...]
) -> tuple[dict[str, tuple[str, str | None]], list[tuple[float, ...]]]:
    """Each story's reading from learned steps that never saw it (nested CV)."""
    out: dict[str, tuple[str, str | None]] = {}
    chosen = []
    for k in range(FOLDS):
        train = [s for s in stories if s.fold != k]
        cs = tuple(choose(train, task) for task in tasks)
        chosen.append(cs)
        fits = {task: _fit(train, c, task) for task, c in zip(tasks, cs, strict=True)}
        for s in stories:
            if s.fold == k:
                out[s.id] = predict(fits.get("gender"), fits.get("rank"), s)
    return out, chosen


def _cell(k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return f"{k / n:.3f} [{lo:.3f}, {hi:.3f}]"


def _paired(label: str, before: list[bool], after: list[bool]) -> tuple[float, float]:
    """Print the paired comparison; return the difference's 95% CI (normal approximation
    for paired proportions; the exact McNemar p-value is printed beside it)."""
    n = len(before)
    gained = sum(a and not b for b, a in zip(before, after, strict=True))
    lost = sum(b and not a for b, a in zip(before, after, strict=True))
    d = (gained - lost) / n
    se = math.sqrt(max(0.0, gained + lost - (gained - lost) ** 2 / n)) / n
    m = gained + lost
    tail = sum(math.comb(m, i) for i in range(min(gained, lost) + 1)) / 2**m if m else 1.0
    print(
        f"  {label}: {gained} flip right, {lost} flip wrong; difference {d:+.3f} "
        f"(95% CI {d - 1.96 * se:+.3f} .. {d + 1.96 * se:+.3f}); "
        f"McNemar exact p = {min(1.0, 2 * tail):.3f}"
    )
    return d - 1.96 * se, d + 1.96 * se


def report(
    stories: list[Story], learned: dict[str, tuple[str, str | None]], target: str = "gender"
) -> bool:
    """Per file and pooled: gender and names, rules alone and rules + learned (CV).

    Returns the shipping rule's verdict: on the pooled SmolLM2 tune stories, ``target``
    (``gender`` or ``names``) better beyond noise (the paired difference's 95% CI above
    zero) and the other not worse beyond noise (its CI reaching zero); on
    ``protagonists.jsonl``, at most one story fewer right on either.
    """
    groups = [(f, [s for s in stories if s.file == f]) for f in TUNE_FILES]
    smol = [s for s in stories if s.file in SMOLLM2]
    groups += [("pooled SmolLM2 tune", smol), ("pooled all tune", stories)]
    print(f"{'file':<24}{'n':>4}  {'gender: rules':<21} {'+ learned':<21} ", end="")
    print(f"{'names: rules':<21} {'+ learned':<21}")
    right: dict[str, list[int]] = {}
    for name, group in groups:
        n = len(group)
        cells = right[name] = [
            sum(s.rule == s.gold for s in group),
            sum(learned[s.id][0] == s.gold for s in group),
            sum(s.name == s.gold_name for s in group),
            sum(learned[s.id][1] == s.gold_name for s in group),
        ]
        print(f"{name:<24}{n:>4}  " + " ".join(f"{_cell(k, n):<21}" for k in cells))
    print(f"paired, pooled SmolLM2 tune (n={len(smol)}):")
    ci = [
        _paired(
            "gender", [s.rule == s.gold for s in smol], [learned[s.id][0] == s.gold for s in smol]
        ),
        _paired(
            "names",
            [s.name == s.gold_name for s in smol],
            [learned[s.id][1] == s.gold_name for s in smol],
        ),
    ]
    dev = right["protagonists.jsonl"]
    aim, other = (ci[0], ci[1]) if target == "gender" else (ci[1], ci[0])
    helps = aim[0] > 0 and other[1] >= 0
    keeps_dev = dev[1] >= dev[0] - 1 and dev[3] >= dev[2] - 1
    print(
        f"  protagonists.jsonl: gender {dev[0]} -> {dev[1]}, names {dev[2]} -> {dev[3]} right; "
        f"passes the shipping rule: {'yes' if helps and keeps_dev else 'no'}"
    )
    return helps and keeps_dev


def _tuple(items: list[str], indent: str = "") -> str:
    """A tuple literal laid out as ``ruff format`` lays it out: one item a line."""
    if not items:
        return "()"
    return "(\n" + "".join(f"{indent}    {item},\n" for item in items) + f"{indent})"


def _quoted(text: str) -> str:
    return '"' + text + '"'


def _floats(values: Any, indent: str = "") -> str:
    return _tuple([repr(round(float(v), DIGITS)) for v in values], indent)


def _block(prefix: str, fit: Fit | None, order: tuple[str, ...]) -> str:
    """One step's classes, coefficients and intercepts (empty: the step is off)."""
    rows: list[int] = []
    labels: list[str] = []
    coef: list[str] = []
    intercept: list[float] = []
    if fit is not None:
        mean, scale, model = fit
        rows = [list(model.classes_).index(label) for label in order if label in model.classes_]
        labels = [_quoted(str(model.classes_[i])) for i in rows]
        # the standardisation folded in: w . (x - mean) / scale = (w / scale) . x - w . mean / scale
        coef = [_floats(model.coef_[i] / scale, "    ") for i in rows]
        intercept = [model.intercept_[i] - model.coef_[i] @ (mean / scale) for i in rows]
    name, weights = ("CLASSES", "") if prefix == "GENDER" else ("RANKS", "RANK_")
    return (
        f"{name}: tuple[str, ...] = {_tuple(labels)}\n"
        f"{weights}COEF: tuple[tuple[float, ...], ...] = {_tuple(coef)}\n"
        f"{weights}INTERCEPT: tuple[float, ...] = {_floats(intercept)}\n"
    )


def weights_module(stories: list[Story], cs: dict[str, float | None]) -> str:
    """The text of ``weights.py``: each step fit on every tune story with its ``C``, or
    switched off (``None``: it did not pass the shipping rule)."""
    fits = {task: None if c is None else _fit(stories, c, task) for task, c in cs.items()}
    strengths = ", ".join(f"{_quoted(task)}: {c!r}" for task, c in cs.items())
    return (
        '"""The learned decision\'s coefficients (generated by benchmarks/fit_reader.py: do not\n'
        "edit; refit with ``PYTHONPATH=src python benchmarks/fit_reader.py --write``).\n\n"
        "Fit on the tune files only. Two multinomial logistic regressions over the features\n"
        "x (fit on standardised features; the standardisation is folded into the numbers\n"
        "below): the score of class k is ``INTERCEPT[k] + sum(COEF[k][j] * x[j])``. A step\n"
        "with no classes is off: its cross-validated gain did not pass the shipping rule.\n"
        '"""\n\n'
        f"#: L2 strength of each step, chosen by 5-fold cross-validation (None: the step is off)\n"
        f"C: dict[str, float | None] = {{{strengths}}}\n"
        f"FEATURES: tuple[str, ...] = {_tuple([_quoted(f) for f in FEATURES])}\n"
        + _block("GENDER", fits["gender"], GENDERS)
        + _block("RANK", fits["rank"], RANK_OPTIONS)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write",
        action="store_true",
        help="write structures/protagonist/weights.py (steps that pass the shipping rule)",
    )
    args = parser.parse_args(argv)
    stories = load()
    cs: dict[str, float | None] = {}
    for tasks in (("gender",), ("rank",)):
        learned, chosen = cross_validated(stories, tasks)
        print(f"\n== learned {tasks[0]}: nested CV, C per outer fold {chosen}")
        ship = report(stories, learned, "gender" if tasks[0] == "gender" else "names")
        cs[tasks[0]] = choose(stories, tasks[0]) if ship else None
    if all(cs.values()):  # both pass: the two together must pass for gender too
        learned, chosen = cross_validated(stories, ("gender", "rank"))
        print(f"\n== learned gender + rank: nested CV, C per outer fold {chosen}")
        if not report(stories, learned):
            cs["rank"] = None
    print(f"\nshipped steps and their C (chosen by CV on all tune stories): {cs}")
    if args.write:
        WEIGHTS.write_text(weights_module(stories, cs), encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
