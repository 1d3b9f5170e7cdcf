"""Judge-calibrated attributes: from per-generation records to flat figures.

The scorer records, for each calibrated attribute of each generation, whether the
generation is in the judged subsample, its offline category and the judge's category
(:func:`judge_category`); :func:`calibration_figures` turns those records into the
``<attr>_calibrated_*``, ``<attr>_judge_only_*``, ``<attr>_calibration_*`` and
``<attr>_agreement_*`` figures (see ``scorers/homogenization.md``);
:func:`attribute_calibrations` does so for every calibrated attribute of a set of
generations (a story run, or one arm of a xeno task), :func:`calibrated_changes` compares
two arms. No Inspect imports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from homog_bench import measures as m
from homog_bench.figures.catalog import (
    BASELINE,
    CALIBRATED,
    JUDGE_ONLY,
    XENO,
    attribute_figure,
    change,
    ci_keys,
    in_arm,
)
from homog_bench.figures.records import Figures, Generation, Settings
from homog_bench.measures.contrast import difference_interval

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


#: calibrated figures whose xeno − baseline difference the xeno tasks report
CHANGE_STATS = ("normativity", "js_target")


def attribute_calibrations(
    records: Sequence[Mapping[str, Any]], judge_calls: Sequence[int], settings: Settings
) -> dict[str, float]:
    """The figures of every calibrated attribute, and what the judge cost.

    ``records[i]`` maps each calibrated attribute to generation i's record (see
    :func:`calibration_figures`); ``judge_calls[i]`` counts the judge calls spent on it.
    ``judge_calls`` and ``judge_generations`` (generations the judge read) are reported
    whenever an attribute is calibrated; nothing when none is.
    """
    names = list(dict.fromkeys(name for record in records for name in record))
    out: dict[str, float] = {}
    for name in names:
        spec = settings.attributes.get(name)
        if spec is None:
            continue
        rows = [record.get(name) or {} for record in records]
        out.update(
            calibration_figures(
                name, rows, vars(spec), settings.bootstrap, settings.confidence, settings.seed
            )
        )
    if names:
        out["judge_calls"] = float(sum(judge_calls))
        out["judge_generations"] = float(sum(c > 0 for c in judge_calls))
    return out


def _estimate(figures: Mapping[str, float], key: str) -> m.Estimate | None:
    if key not in figures:
        return None
    low, high = ci_keys(key)
    return m.Estimate(figures[key], figures.get(low, math.nan), figures.get(high, math.nan))


def calibrated_changes(
    baseline: Mapping[str, float], xeno: Mapping[str, float], names: Sequence[str]
) -> dict[str, float]:
    """``<attr>_calibrated_<stat>_change`` (xeno − baseline) with a MOVER interval.

    ``baseline`` and ``xeno`` are each arm's :func:`attribute_calibrations`. The arms'
    generations and judged subsamples are independent, so the difference of the two
    calibrated estimates is unbiased for the difference judging every generation would
    give, and its interval comes from the two arms' intervals
    (:func:`~homog_bench.measures.contrast.difference_interval`).

    >>> base = {"g_calibrated_normativity": 0.9, "g_calibrated_normativity_ci_low": 0.8,
    ...         "g_calibrated_normativity_ci_high": 0.95}
    >>> xeno = {"g_calibrated_normativity": 0.6, "g_calibrated_normativity_ci_low": 0.5,
    ...         "g_calibrated_normativity_ci_high": 0.7}
    >>> [round(v, 4) for v in calibrated_changes(base, xeno, ["g"]).values()]  # value, bounds
    [-0.3, -0.4118, -0.1586]
    """
    out: dict[str, float] = {}
    for name in names:
        for stat in CHANGE_STATS:
            key = attribute_figure(attribute_figure(name, CALIBRATED), stat)
            first, second = _estimate(xeno, key), _estimate(baseline, key)
            if first is None or second is None:
                continue
            _put(out, change(key), difference_interval(first, second))
    return out


def calibrated_arms(
    generations: Sequence[Generation],
    settings: Settings,
    arms: Sequence[str],
    calibration: Sequence[Mapping[str, Any]],
    judge_calls: Sequence[int],
) -> Figures:
    """Judge-calibrated figures of each arm, their xeno − baseline changes and the cost.

    Each arm is calibrated on its own generations and its own judged subsample
    (``<arm>/<attr>_calibrated_*``, ``<arm>/<attr>_calibration_*``, ``<arm>/judge_calls``);
    with both arms, ``<attr>_calibrated_{normativity,js_target}_change`` with a MOVER
    interval (:func:`~homog_bench.figures.calibrated.calibrated_changes`); and the run's
    ``judge_calls`` and ``judge_generations``. There is no calibrated ``xeno_gain``: the
    judge reads an attribute's category, and E[∂] is a distance between whole systems,
    not a mean of per-generation categories that a judged subsample can calibrate.
    """
    per_arm: dict[str, Figures] = {}
    out: Figures = {}
    for arm in arms:
        idx = [i for i, g in enumerate(generations) if (g.arm or "") == arm]
        figures = attribute_calibrations(
            [calibration[i] for i in idx], [judge_calls[i] for i in idx], settings
        )
        per_arm[arm] = figures
        out.update({in_arm(arm or "no_arm", k): v for k, v in figures.items()})
    if BASELINE in per_arm and XENO in per_arm:
        names = [n for n in settings.attributes if any(n in record for record in calibration)]
        out.update(calibrated_changes(per_arm[BASELINE], per_arm[XENO], names))
    out["judge_calls"] = float(sum(judge_calls))
    out["judge_generations"] = float(sum(c > 0 for c in judge_calls))
    return out
