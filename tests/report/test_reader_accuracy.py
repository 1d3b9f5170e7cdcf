"""The reader's recorded accuracy: fresh, consistent, on the scorer card, and quoted beside
the figures it reads (summary and leaderboard)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from homog_bench.report import reader_accuracy as ra

ROOT = Path(__file__).resolve().parents[2]


def test_recorded_accuracy_is_not_stale() -> None:
    recorded = ra.load()["fingerprint"]
    if recorded != ra.fingerprint():
        pytest.fail(
            "datasets/labeled/reader_accuracy.json is stale (the reader, its lexicons or the "
            f"labels changed since it was written): run {ra.COMMAND}",
            pytrace=False,
        )


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_file_is_consistent() -> None:
    data = ra.load()
    files = {p.name for p in (ROOT / "datasets" / "labeled").glob("*.jsonl")}
    sets = {s["file"]: s for s in data["sets"]}
    assert set(sets) == files  # every labeled set, none other
    for entry in [*data["sets"], data["quoted"]]:
        assert entry["role"] in ("tune", "dev", "test")
        for what in ("gender", "name"):
            share = entry[what]
            assert share["accuracy"] == pytest.approx(share["correct"] / entry["n"])
            low, high = _wilson(share["correct"], entry["n"])
            assert (share["ci_low"], share["ci_high"]) == pytest.approx((low, high))
    quoted = data["quoted"]
    assert quoted["sets"] == list(ra.QUOTED)
    assert all(sets[f]["role"] == "test" for f in ra.QUOTED)
    assert quoted["n"] == sum(sets[f]["n"] for f in ra.QUOTED)
    for what in ("gender", "name"):
        assert quoted[what]["correct"] == sum(sets[f][what]["correct"] for f in ra.QUOTED)
    # the labeled sets' own sizes
    for name, entry in sets.items():
        # JSON lines end at "\n" only (a story may hold U+2028, which splitlines() splits on)
        lines = (ROOT / "datasets" / "labeled" / name).read_text(encoding="utf-8").split("\n")
        assert entry["n"] == sum(1 for line in lines if line.strip())


def test_scorer_card_states_the_table() -> None:
    card = (ROOT / "scorers" / "homogenization.md").read_text(encoding="utf-8")
    assert ra.card_table(ra.load()) in card, f"the scorer card's table is stale: run {ra.COMMAND}"


FAKE: dict[str, Any] = {
    "fingerprint": "sha256:x",
    "quoted": {
        "sets": list(ra.QUOTED),
        "role": "test",
        "n": 184,
        "gender": {"correct": 145, "accuracy": 145 / 184, "ci_low": 0.7231, "ci_high": 0.8412},
        "name": {"correct": 133, "accuracy": 133 / 184, "ci_low": 0.6543, "ci_high": 0.7821},
    },
    "sets": [],
}
LINE = (
    "offline reader: gender accuracy 0.788 [0.723, 0.841]; name accuracy 0.723 [0.654, 0.782] "
    "on real SmolLM2-135M-Instruct test stories (n=184; 95% Wilson intervals; "
    "datasets/labeled/reader_accuracy.json)"
)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ra, "load", lambda: FAKE)


@pytest.mark.usefixtures("fake")
def test_the_line_names_what_the_reader_reads() -> None:
    figures = {"protagonist_gender_excluded": 0.0, "names_top1_share": 0.3}
    assert ra.reader_line("gender_in_stories", figures) == (
        LINE + "; covers protagonist_gender, names"
    )
    # only names are the reader's in this value file (its other attribute is a lexicon)
    assert ra.reader_line("names_and_cultural_defaults", figures) == (
        "offline reader: name accuracy 0.723 [0.654, 0.782] on real SmolLM2-135M-Instruct "
        "test stories (n=184; 95% Wilson intervals; datasets/labeled/reader_accuracy.json); "
        "covers names"
    )
    # a value file that is not here: read from the figures' attribute names
    assert ra.reader_line("/elsewhere/judge_only.yaml", {"judged_woman_excluded": 0.0}) == ""


@pytest.mark.usefixtures("fake")
def test_summary_and_leaderboard_print_it(mock_logs: Path) -> None:
    from homog_bench.report.leaderboard import build
    from homog_bench.report.render import to_json_data, to_markdown
    from homog_bench.report.summary import summarize_log

    board = build(str(mock_logs), with_samples=False)
    text = to_markdown(board)
    assert text.count(LINE + "; covers protagonist_gender, names") == 1  # one block
    data = to_json_data(board)
    assert data["blocks"][0]["notes"][-1] == LINE + "; covers protagonist_gender, names"
    quoted = data["blocks"][0]["reader_accuracy"]
    assert quoted["covers"] == ["protagonist_gender", "names"] and quoted["n"] == 184
    assert quoted["gender"]["ci_low"] == 0.7231 and quoted["name"]["correct"] == 133
    summary = summarize_log(board.blocks[0].runs[0].log)
    assert summary.splitlines()[-1] == LINE + "; covers protagonist_gender, names"


def test_missing_file_is_a_note_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from homog_bench._errors import HomogBenchError

    def missing() -> dict[str, Any]:
        raise HomogBenchError(f"reader_accuracy.json: cannot read; regenerate it with {ra.COMMAND}")

    monkeypatch.setattr(ra, "load", missing)
    line = ra.reader_line("gender_in_stories", {"names_top1_share": 0.1})
    assert line.startswith("offline reader: measured accuracy not available (")
    assert ra.COMMAND in line
