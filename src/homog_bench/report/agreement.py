"""Meta-evaluation: does a judged structure agree with the offline one measuring the same thing?

For every pair (a ``categorical`` structure and the offline structure named in its
``agrees_with``, or a pair given on the command line) over the generations where
both have a value: accuracy, Cohen's kappa (scikit-learn), both positive rates and
the 2 × 2 table. Kappa corrects accuracy for the agreement expected by chance, so
a judge that always says "no" on mostly-"no" text does not look good.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from homog_bench._errors import HomogBenchError
from homog_bench.figures.catalog import METADATA_KEY
from homog_bench.report._logs import read_log


@dataclass(frozen=True)
class Agreement:
    """Agreement of one judged structure with one offline structure."""

    scorer: str
    judged: str
    offline: str
    n: int
    missing: int
    accuracy: float
    kappa: float
    judged_rate: float
    offline_rate: float
    table: tuple[tuple[int, int], tuple[int, int]]  # rows: offline 0/1, columns: judged 0/1

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in vars(self).items()
        }


def agreement(
    scorer: str, judged: str, offline: str, values: Sequence[Mapping[str, Any]]
) -> Agreement:
    """Compare two 0/1 structures over per-generation ``Score.value`` dicts.

    >>> rows = [{"j": 1, "o": 1}, {"j": 0, "o": 0}, {"j": 1, "o": 0}, {"j": None, "o": 1}]
    >>> a = agreement("s", "j", "o", rows)
    >>> a.n, a.missing, round(a.accuracy, 3), a.table
    (3, 1, 0.667, ((1, 1), (0, 1)))
    """
    from sklearn.metrics import cohen_kappa_score

    pairs = [
        (int(row[offline] >= 0.5), int(row[judged] >= 0.5))
        for row in values
        if isinstance(row.get(judged), int | float) and isinstance(row.get(offline), int | float)
    ]
    n = len(pairs)
    table = [[0, 0], [0, 0]]
    for o, j in pairs:
        table[o][j] += 1
    if n == 0:
        accuracy = kappa = judged_rate = offline_rate = math.nan
    else:
        accuracy = (table[0][0] + table[1][1]) / n
        judged_rate = (table[0][1] + table[1][1]) / n
        offline_rate = (table[1][0] + table[1][1]) / n
        ys = [o for o, _ in pairs], [j for _, j in pairs]
        # kappa is undefined when both raters use one and the same label throughout
        kappa = (
            math.nan if len(set(ys[0]) | set(ys[1])) < 2 else float(cohen_kappa_score(ys[0], ys[1]))
        )
    return Agreement(
        scorer,
        judged,
        offline,
        n,
        len(values) - n,
        accuracy,
        kappa,
        judged_rate,
        offline_rate,
        ((table[0][0], table[0][1]), (table[1][0], table[1][1])),
    )


def log_agreements(path: str, extra_pairs: Mapping[str, str] | None = None) -> list[Agreement]:
    """Every pair of every homog-bench scorer in the log at ``path``."""
    log = read_log(path)
    rows: dict[str, list[Mapping[str, Any]]] = {}
    pairs: dict[str, dict[str, str]] = {}
    for sample in log.samples or []:
        for name, score in (sample.scores or {}).items():
            meta = (score.metadata or {}).get(METADATA_KEY)
            if not meta or not isinstance(score.value, dict):
                continue
            rows.setdefault(name, []).append(score.value)
            pairs.setdefault(name, dict(meta.get("settings", {}).get("pairs") or {}))
    if not rows:
        raise HomogBenchError(f"{path}: no homog-bench scores in this log")
    results = []
    for name, values in rows.items():
        wanted = {**pairs[name], **(extra_pairs or {})}
        for judged, offline in wanted.items():
            if not any(judged in v for v in values) or not any(offline in v for v in values):
                raise HomogBenchError(
                    f"{path}: scorer {name!r} has no structure {judged!r} or {offline!r}"
                )
            results.append(agreement(name, judged, offline, values))
    if not results:
        raise HomogBenchError(
            f"{path}: no pair to compare; give judged structures an `agrees_with` in the "
            "value file, or pass --pair JUDGED=OFFLINE"
        )
    return results


def format_agreements(results: Sequence[Agreement]) -> str:
    """A plain-text table."""

    def num(x: float) -> str:
        return "n/a" if math.isnan(x) else f"{x:.3f}"

    lines = [
        "judged vs offline            n  missing  accuracy  kappa   judged+  offline+  "
        "table [[o0j0 o0j1] [o1j0 o1j1]]"
    ]
    for a in results:
        lines.append(
            f"{a.judged + ' vs ' + a.offline:<27} {a.n:>3}  {a.missing:>7}  {num(a.accuracy):>8}  "
            f"{num(a.kappa):>5}  {num(a.judged_rate):>7}  {num(a.offline_rate):>8}  "
            f"{[list(r) for r in a.table]}   ({a.scorer})"
        )
    lines.append(
        "kappa: agreement beyond chance (1 = perfect, 0 = chance, n/a = one label only); "
        "judged+/offline+: share each reader marks 1"
    )
    return "\n".join(lines)
