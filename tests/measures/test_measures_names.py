"""Name collapse."""

from __future__ import annotations

import math

import pytest

from homog_bench.measures import NAME_COLLAPSE_KEYS, Measured, hill_number, name_collapse

NAMES = ["Elara", "elara", "ELARA", "Marcus", None, "Kai", "Elara", "  marcus ", "", None]


def test_keys() -> None:
    result = name_collapse(NAMES)
    assert tuple(result) == NAME_COLLAPSE_KEYS
    assert all(isinstance(m, Measured) for m in result.values())


def test_known_values_case_insensitive() -> None:
    result = name_collapse(NAMES)
    # named: elara x4, marcus x2, kai x1 -> 7 named, 3 missing ("" counts as missing)
    assert result["n_named"] == Measured(7.0)
    assert result["n_missing"] == Measured(3.0)
    assert result["distinct_ratio"].value == pytest.approx(3 / 7)
    assert result["top1_share"].value == pytest.approx(4 / 7)
    assert result["top5_share"].value == 1.0
    assert result["D0"].value == 3.0
    assert result["D1"].value == pytest.approx(hill_number([4, 2, 1], 1).value)
    assert result["D2"].value == pytest.approx(1 / ((16 + 4 + 1) / 49))
    assert result["Dinf"].value == pytest.approx(7 / 4)


def test_top5_with_many_names() -> None:
    names = ["a"] * 5 + ["b"] * 4 + ["c", "d", "e", "f", "g"]
    result = name_collapse(names)
    assert result["top5_share"].value == pytest.approx((5 + 4 + 1 + 1 + 1) / 14)
    assert result["distinct_ratio"].value == pytest.approx(7 / 14)


def test_all_same_name_is_full_collapse() -> None:
    result = name_collapse(["Elara"] * 10)
    assert result["distinct_ratio"].value == pytest.approx(0.1)
    assert result["top1_share"].value == 1.0
    assert result["D1"].value == pytest.approx(1.0)


def test_degenerate() -> None:
    for names, reason in (([None, None], "no named generations"), ([], "no generations")):
        result = name_collapse(names)
        for key in ("distinct_ratio", "top1_share", "top5_share", "D0", "D1", "D2", "Dinf"):
            assert math.isnan(result[key].value) and result[key].reason == reason
        assert result["n_named"] == Measured(0.0)
        assert result["n_missing"] == Measured(float(len(names)))
    with pytest.raises(ValueError):
        name_collapse("Elara")
