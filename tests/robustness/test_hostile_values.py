"""Hostile value files: one-line errors, bounded time and memory, nothing of the file echoed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homog_bench.cli import main
from homog_bench.values import ValueFileError, parse_values
from homog_bench.values.safe_yaml import YamlError, load_yaml
from robustness.hostile import cli
from robustness.hostile_values import HEAD, STRUCT, VALUE_CASES, ValueCase

CASES = {c.name: c for c in VALUE_CASES}


@pytest.mark.parametrize("case", VALUE_CASES, ids=[c.name for c in VALUE_CASES])
def test_values_check_gives_one_clean_line(
    case: ValueCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = case.make(tmp_path)
    start = time.perf_counter()
    assert main(["values", "check", spec]) == 1
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[:500]
    assert lines[0].startswith(f"error: {spec}") or lines[0].startswith("error: /"), lines[0]
    assert case.expect in lines[0], lines[0]
    assert len(lines[0]) < 700
    if case.never is not None:
        assert case.never not in err
    assert elapsed < 10.0, f"{case.name} took {elapsed:.1f}s"  # generous: a shared machine


@pytest.mark.parametrize(
    "name", ["alias bomb in description", "alias bomb in target", "100k-deep mapping"]
)
def test_bombs_stay_within_memory_and_time(name: str, tmp_path: Path) -> None:
    # before: 5.9 GB and up to a minute (bombs), RecursionError (nesting)
    spec = CASES[name].make(tmp_path)
    assert Path(spec).stat().st_size < (1100 if "bomb" in name else 600_000)
    outcome = cli("values", "check", spec, timeout=60, memory=1 << 30)
    assert not outcome.hung
    assert outcome.clean_error, outcome.err[-2000:]
    assert CASES[name].expect in outcome.err


def test_aliases_within_the_budget_still_work() -> None:
    data = load_yaml("a: &a {x: 1}\nb: *a\nc: [*a, *a]")
    assert data["b"] == {"x": 1} and data["c"] == [{"x": 1}, {"x": 1}]


def test_duplicate_key_in_a_value_file_names_the_key_and_both_lines() -> None:
    text = HEAD + STRUCT + "attributes:\n  g: {from: pronoun_gender}\n  g: {from: x}\n"
    with pytest.raises(ValueFileError, match=r"line 8: duplicate key 'g' \(first on line 7\)"):
        parse_values(text, "v.yaml")


def test_merge_keys_are_not_duplicates() -> None:
    assert load_yaml("base: &b {x: 1}\nd:\n  <<: *b\n  y: 2") == {
        "base": {"x": 1},
        "d": {"x": 1, "y": 2},
    }


def test_depth_just_under_the_limit_is_accepted() -> None:
    assert load_yaml("[" * 64 + "]" * 64) is not None
    with pytest.raises(YamlError, match="nested deeper than 64"):
        load_yaml("[" * 65 + "]" * 65)


_YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\",# \n\t0123456789.\x00\ud7ff\u00e9<")),
    max_size=200,
)


@settings(
    max_examples=400,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(body=_YAMLISH, head=st.booleans())
def test_fuzz_value_loader_gives_a_value_file_or_one_line_error(body: str, head: bool) -> None:
    text = (HEAD + STRUCT + body) if head else body
    start = time.perf_counter()
    try:
        parse_values(text, "fuzz.yaml")
    except ValueFileError as exc:
        message = str(exc)
        assert "\n" not in message and "\x1b" not in message
        assert message.startswith("fuzz.yaml: ")
        assert len(message) < 700
    assert time.perf_counter() - start < 1.0


@settings(max_examples=150, deadline=2000)
@given(
    depth=st.integers(1, 3000),
    fan=st.integers(1, 12),
    levels=st.integers(1, 12),
)
def test_fuzz_nesting_and_alias_fanout_are_bounded(depth: int, fan: int, levels: int) -> None:
    nested = "[" * depth + "]" * depth
    lines = ["x0: &x0 [a]"] + [
        f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * fan)}]" for i in range(1, levels + 1)
    ]
    for text in (nested, "\n".join(lines)):
        start = time.perf_counter()
        try:
            load_yaml(text)
        except YamlError as exc:
            assert "\n" not in str(exc)
        assert time.perf_counter() - start < 1.0
