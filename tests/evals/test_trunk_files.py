"""Trunks of the dynamics task: bundled files, cut points, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from homog_bench._errors import HomogBenchError
from homog_bench.evals.trunk_files import bundled_trunks, cut_points, load_trunk


def test_bundled_trunks_and_cut_points() -> None:
    assert bundled_trunks() == ["nurse_night_shift", "nurse_nonbinary"]
    trunk = load_trunk("nurse_night_shift")
    cuts = cut_points(trunk.text, 4)
    assert [c.words for c in cuts] == [22, 45, 67, 90]
    assert cuts[-1].prefix == trunk.text
    assert all(trunk.text.startswith(c.prefix) for c in cuts)
    sentences = cut_points(trunk.text, 4, at="sentences")
    assert all(c.prefix.endswith((".", "!", "?")) for c in sentences)


def test_trunk_errors_name_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("id: t\ndescription: d\nvalues: v\nprompt: p\ntrunk: x\ncut: 3\n")
    with pytest.raises(HomogBenchError, match=r"t\.yaml: cut: unknown field"):
        load_trunk(str(bad))
    bad.write_text("id: t\ndescription: d\nvalues: v\nprompt: p\n")
    with pytest.raises(HomogBenchError, match=r"t\.yaml: trunk: expected a non-empty string"):
        load_trunk(str(bad))
    with pytest.raises(HomogBenchError, match="-T trunk: 'nope'"):
        load_trunk("nope")
    with pytest.raises(HomogBenchError, match="-T cuts"):
        cut_points("a b", 0)
    with pytest.raises(HomogBenchError, match="-T cut_at"):
        cut_points("a b", 1, at="tokens")
