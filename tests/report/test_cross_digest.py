"""The cross-model digest in the log header: written by the metric, read by the leaderboard,
and giving exactly what the samples give (the path kept for logs written before it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log, write_eval_log

from homog_bench.figures import cross_digest
from homog_bench.report import cross_section
from homog_bench.report._logs import list_logs, read_headers, runs_of
from homog_bench.report.leaderboard import build
from homog_bench.report.render import to_json as leaderboard_json


def header_runs(folder: Path) -> list[cross_section.Run]:
    logs = list_logs(str(folder))
    runs = []
    for path, header in zip(logs, read_headers(logs), strict=True):
        assert not isinstance(header, Exception)
        found, reason = runs_of(path, header)
        assert reason is None
        runs.extend(found)
    return runs


def strip_digests(source: Path, folder: Path) -> Path:
    """Copies of the logs as written before digests existed (no digest metric)."""
    for path in sorted(source.glob("*.eval")):
        copy = folder / path.name
        shutil.copy(path, copy)
        log = read_eval_log(str(copy))
        assert log.results is not None
        del log.results.scores[0].metrics[cross_digest.METRIC]
        write_eval_log(log, str(copy))
    return folder


def test_the_metric_writes_the_digest_the_samples_give(mock_logs: Path) -> None:
    runs = header_runs(mock_logs)
    assert len(runs) == 3
    for run in runs:
        stored = cross_digest.from_json(run.digest)
        assert stored is not None, "the metric wrote no digest into the header"
        assert stored.n == 20 and stored.sums is not None
        assert sorted(stored.sums.counts.values()) == [10, 10]
        assert cross_digest.to_json(stored) == cross_digest.to_json(
            cross_section.digest_from_samples(run)
        )
        assert cross_digest.METRIC not in run.figures  # a carrier, not a figure
    by_model = {r.model.split("/")[1]: cross_digest.from_json(r.digest) for r in runs}
    alpha = by_model["alpha"]
    assert alpha is not None and alpha.top_names == [("elara", 20)]


def test_header_and_sample_paths_give_identical_leaderboards(
    embedded_logs: Path, tmp_path: Path
) -> None:
    old = strip_digests(embedded_logs, tmp_path)
    assert all(r.digest is None for r in header_runs(old))
    new_board = json.loads(leaderboard_json(build(str(embedded_logs))))
    old_board = json.loads(leaderboard_json(build(str(old))))
    for board in (new_board, old_board):
        board.pop("location", None)
        for block in board["blocks"]:
            for row in block["rows"]:
                row.pop("log", None)
    assert new_board == old_board
    assert new_board["blocks"][0]["cross_model"]["mean_between_similarity"] == pytest.approx(1 / 3)


def test_header_path_reads_no_sample(embedded_logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_samples(run: cross_section.Run) -> cross_digest.CrossDigest:
        raise AssertionError(f"read the samples of {run.log}")

    monkeypatch.setattr(cross_section, "digest_from_samples", no_samples)
    board = build(str(embedded_logs))
    assert board.blocks[0].cross is not None


@pytest.mark.parametrize(
    "stored",
    [
        None,
        {"version": 99},
        {"version": 1, "n": 3},
        {
            "version": 1,
            "n": 1,
            "top_names": [["a", 1]],
            "prompts": {"p": {"n": 1, "sum": "not base64!"}},
        },
        "text",
    ],
)
def test_a_missing_or_broken_digest_is_none(stored: object) -> None:
    assert cross_digest.from_json(stored) is None


def test_matrices_beyond_thirty_runs_are_not_printed() -> None:
    from homog_bench.report import html, render

    labels = [f"m{i}" for i in range(31)]
    matrix = [[0.5] * 31 for _ in labels]
    (line,) = render._matrix(labels, matrix)
    assert "31 × 31 matrix is not printed beyond 30 runs" in line
    assert "not printed" in html._matrix(labels, matrix)
    assert len(render._matrix(labels[:30], [row[:30] for row in matrix[:30]])) == 32


def test_rescoring_writes_a_fresh_digest(mock_logs: Path) -> None:
    from inspect_ai import score as inspect_score

    from homog_bench.evals.scorers import homogenization

    log = read_eval_log(str(sorted(mock_logs.glob("*.eval"))[0]))
    assert log.results is not None
    log.results.scores[0].metrics[cross_digest.METRIC].params.clear()  # a stale header
    rescored = inspect_score(log, scorers=[homogenization()], action="overwrite")
    assert rescored.results is not None
    (score,) = [s for s in rescored.results.scores if cross_digest.METRIC in s.metrics]
    stored = cross_digest.from_json(score.metrics[cross_digest.METRIC].params[cross_digest.PARAM])
    assert stored is not None and stored.n == 20
    assert [m.name for m in rescored.eval.metrics or []][-1] == "homog_bench/cross_model_digest"  # type: ignore[union-attr]
    assert all(not m.options for m in rescored.eval.metrics or [])  # type: ignore[union-attr]
