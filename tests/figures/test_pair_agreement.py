"""The metric's agrees_with agreement equals what ``homog-bench agreement`` reads from samples."""

from __future__ import annotations

import math
import random

import pytest

from homog_bench.figures.agreement import pair_agreement_figures
from homog_bench.figures.catalog import pair_agreement, pair_agreements
from homog_bench.figures.records import Settings
from homog_bench.report.agreement import agreement


def _settings(bootstrap: int = 0) -> Settings:
    return Settings(
        "v", ["w", "w_j", "m", "m_j"], {}, bootstrap=bootstrap, pairs={"w_j": "w", "m_j": "m"}
    )


def test_equals_the_sample_reading_on_random_data() -> None:
    rng = random.Random(4)
    systems = []
    for _ in range(200):
        row = [float(rng.random() < 0.4), float(rng.random() < 0.5)]
        row += [float(rng.random() < 0.3), math.nan if rng.random() < 0.1 else 1.0]
        systems.append(row)
    figures = pair_agreement_figures(systems, _settings())
    values = [
        {
            k: (None if math.isnan(v) else v)
            for k, v in zip(["w", "w_j", "m", "m_j"], row, strict=True)
        }
        for row in systems
    ]
    for judged, offline in (("w_j", "w"), ("m_j", "m")):
        want = agreement("s", judged, offline, values)
        assert figures[pair_agreement(judged, offline, "n")] == want.n
        assert figures[pair_agreement(judged, offline, "accuracy")] == pytest.approx(want.accuracy)
        got_kappa = figures[pair_agreement(judged, offline, "kappa")]
        assert (math.isnan(got_kappa) and math.isnan(want.kappa)) or got_kappa == pytest.approx(
            want.kappa
        )
    assert sorted(pair_agreements(figures)) == ["m_j vs m", "w_j vs w"]


def test_interval_from_the_bootstrap_covers_the_value() -> None:
    # 40 agreements on 1, 40 on 0, 20 disagreements: accuracy 0.8, kappa 0.6
    systems = [[1.0, 1.0, 0.0, 0.0]] * 40 + [[0.0, 0.0, 0.0, 0.0]] * 40
    systems += [[1.0, 0.0, 0.0, 0.0]] * 10 + [[0.0, 1.0, 0.0, 0.0]] * 10
    f = pair_agreement_figures(systems, _settings(bootstrap=500))
    key = pair_agreement("w_j", "w", "kappa")
    assert f[key] == pytest.approx(0.6)
    assert f[pair_agreement("w_j", "w", "accuracy")] == pytest.approx(0.8)
    # the large-sample SE of kappa here is about 0.08: a 95% interval about ±0.16
    assert 0.4 < f[key + "_ci_low"] < 0.5 and 0.7 < f[key + "_ci_high"] < 0.8
    # m and m_j are always 0: one label throughout, kappa undefined, accuracy 1
    assert math.isnan(f[pair_agreement("m_j", "m", "kappa")])
    assert f[pair_agreement("m_j", "m", "accuracy")] == 1.0


def test_no_pairs_no_figures() -> None:
    assert pair_agreement_figures([[1.0]], Settings("v", ["w"], {})) == {}
