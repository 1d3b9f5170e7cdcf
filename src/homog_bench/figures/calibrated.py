"""Judge-calibrated attributes: from per-generation records to flat figures.

The scorer records, for each calibrated attribute of each generation, whether the
generation is in the judged subsample, its offline category and the judge's category
(:func:`judge_category`); :func:`calibration_figures` turns those records into the
``<attr>_calibrated_*``, ``<attr>_judge_only_*``, ``<attr>_calibration_*`` and
``<attr>_agreement_*`` figures (see ``scorers/homogenization.md``). No Inspect imports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from homog_bench import measures as m
from homog_bench.figures.catalog import CALIBRATED, JUDGE_ONLY, attribute_figure, ci_keys

#: the attribute category for "the judge said yes to none of the mapped questions"
NONE_SAID_YES = "unknown"


def judge_category(by: str | Mapping[str, str], values: Mapping[str, Any]) -> str | None:
    """The judge's category from its judged 0/1 values (``None``: missing or ambiguous).

    >>> judge_category("woman_judged", {"woman_judged": 1.0})
    'present'
    >>> by = {"woman": "w", "man": "m"}
    >>> judge_category(by, {"w": 0, "m": 1}), judge_category(by, {"w": 0, "m": 0})
    ('man', 'unknown')
    >>> judge_category(by, {"w": 1, "m": 1}), judge_category(by, {"w": None, "m": 1})
    (None, None)
    """

    def answer(sid: str) -> bool | None:
        value = values.get(sid)
        if not isinstance(value, int | float) or math.isnan(value):
            return None
        return value >= 0.5

    if isinstance(by, str):
        said = answer(by)
        return None if said is None else ("present" if said else "absent")
    answers = {category: answer(sid) for category, sid in by.items()}
    if any(a is None for a in answers.values()):
        return None
    yes = [c for c, a in answers.items() if a]
    if len(yes) > 1:
        return None
    return yes[0] if yes else NONE_SAID_YES


def _put(out: dict[str, float], key: str, estimate: m.Estimate) -> None:
    low, high = ci_keys(key)
    out[key], out[low], out[high] = map(float, estimate[:3])


def _figures(out: dict[str, float], prefix: str, figures: m.CalibratedFigures) -> None:
    for category, estimate in figures.shares.items():
        _put(out, attribute_figure(prefix, f"share_{category}"), estimate)
    _put(out, attribute_figure(prefix, "normativity"), figures.normativity)
    _put(out, attribute_figure(prefix, "D1"), figures.d1)
    if figures.js is not None and figures.tv is not None:
        _put(out, attribute_figure(prefix, "js_target"), figures.js)
        _put(out, attribute_figure(prefix, "tv_target"), figures.tv)


def calibration_figures(
    name: str,
    records: Sequence[Mapping[str, Any]],
    attribute: Mapping[str, Any],
    bootstrap: int,
    confidence: float,
    seed: int,
) -> dict[str, float]:
    """Figures of one calibrated attribute from its per-generation records.

    A record has ``sampled`` (bool), ``offline`` (category; ``missing`` or None when
    the reader had none) and ``judged`` (category or None). ``attribute`` is the
    attribute's settings (categories, normative, exclude, target).
    """
    offline = [r.get("offline") for r in records]
    result = m.calibrate(
        offline=[None if c in (None, "missing") else str(c) for c in offline],
        judge=[r.get("judged") if r.get("sampled") else None for r in records],
        sampled=[bool(r.get("sampled")) for r in records],
        normative=attribute.get("normative") or [],
        exclude=attribute.get("exclude") or [],
        target=attribute.get("target"),
        categories=attribute.get("categories"),
        confidence=confidence,
        bootstrap=bootstrap,
        seed=seed,
    )
    out: dict[str, float] = {}
    _figures(out, attribute_figure(name, CALIBRATED), result.calibrated)
    _figures(out, attribute_figure(name, JUDGE_ONLY), result.judge_only)
    for stat, value in (
        ("lambda", result.lam),
        ("n_judged", result.n_judged),
        ("n_missing", result.n_missing),
        ("effective_n", result.effective_n),
    ):
        out[attribute_figure(name, f"calibration_{stat}")] = float(value)
    _put(out, attribute_figure(name, "agreement_accuracy"), result.accuracy)
    _put(out, attribute_figure(name, "agreement_kappa"), result.kappa)
    return out
