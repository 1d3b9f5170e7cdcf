"""`homog-bench leaderboard` over three mock models: every format, the pictures and the
cross-model math, checked against hand-computed values."""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib.container import BarContainer

from homog_bench.cli import main
from homog_bench.measures import cross_model as cross
from homog_bench.report.leaderboard import Block, build
from homog_bench.report.plots import distribution_figure, profile_figure, scatter_figure

TARGET = {"woman": 0.45, "man": 0.45, "nonbinary": 0.10}
SHARES = {  # woman, man, nonbinary, the same within each prompt
    "alpha": (1.0, 0.0, 0.0),
    "beta": (0.5, 0.3, 0.2),
    "gamma": (0.3, 0.3, 0.4),
}
TOP1 = {"alpha": 20 / 20, "beta": 6 / 20, "gamma": 8 / 20}
RANKED = ["mockllm/gamma", "mockllm/beta", "mockllm/alpha"]  # normativity 0.6 < 0.8 < 1.0


def hand(p: tuple[float, float, float]) -> dict[str, float]:
    """The headline figures of a one-hot gender system with shares p, by the definitions."""
    t = list(TARGET.values())
    mid = [(a + b) / 2 for a, b in zip(p, t, strict=True)]
    kl_p = sum(a * math.log2(a / m) for a, m in zip(p, mid, strict=True) if a > 0)
    kl_t = sum(b * math.log2(b / m) for b, m in zip(t, mid, strict=True) if b > 0)
    # deviance of a generation in category c from the core p: ‖e_c − p‖
    dev = sum(
        pc * math.sqrt((1 - pc) ** 2 + sum(q**2 for j, q in enumerate(p) if j != c))
        for c, pc in enumerate(p)
    )
    return {
        "normativity": p[0] + p[1],
        "deviance_mean": dev,
        "D0": float(sum(1 for x in p if x > 0)),
        "D1": math.exp(-sum(x * math.log(x) for x in p if x > 0)),
        "D2": 1 / sum(x * x for x in p),
        "Dinf": 1 / max(p),
        "js_target": 0.5 * kl_p + 0.5 * kl_t,
    }


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["leaderboard", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def json_block(capsys: pytest.CaptureFixture[str], logs: Path) -> dict[str, Any]:
    """The only block of ``leaderboard LOGS --format json`` (which must succeed)."""
    code, out, _ = run_cli(capsys, logs, "--format", "json")
    assert code == 0
    (block,) = json.loads(out)["blocks"]
    return dict(block)


def test_hand_values_are_what_a_wrong_formula_would_miss() -> None:
    beta = hand(SHARES["beta"])
    assert beta["deviance_mean"] == pytest.approx(
        0.5 * math.sqrt(0.38) + 0.3 * math.sqrt(0.78) + 0.2 * math.sqrt(0.98)
    )
    assert hand(SHARES["alpha"])["D1"] == 1.0


def test_csv_ranks_and_values(plain_logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, plain_logs, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["model"] for r in rows] == RANKED
    # gamma 0.6 and beta 0.8 have overlapping intervals; alpha's [1, 1] is apart from both
    # gamma [0.387, 0.781] and alpha [0.839, 1] do not overlap; beta overlaps both
    assert [r["rank"] for r in rows] == ["1–2", "1–3", "2–3"]
    assert [r["kind"] for r in rows] == ["story"] * 3
    assert [float(r["degenerate_share"]) for r in rows] == [0.0] * 3
    for row in rows:
        model = row["model"].split("/")[1]
        expected = hand(SHARES[model])
        assert row["headline"] == "protagonist_gender_normativity"
        assert float(row["normativity"]) == pytest.approx(expected["normativity"])
        assert float(row["deviance_mean"]) == pytest.approx(expected["deviance_mean"])
        assert float(row["d1"]) == pytest.approx(expected["D1"])
        assert float(row["js_target"]) == pytest.approx(expected["js_target"])
        assert float(row["top_name_share"]) == pytest.approx(TOP1[model])
        assert row["semantic_similarity"] == ""  # absent from these logs
        assert float(row["normativity_ci_low"]) <= float(row["normativity"])
        assert float(row["normativity"]) <= float(row["normativity_ci_high"])
        assert row["n_generations"] == "20"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT.*", row["created"])


def test_markdown_table(plain_logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, plain_logs, "--no-samples")
    assert code == 0
    assert "## value file `gender_in_stories` · task `homog_bench/story_homogenization`" in out
    rows = [line for line in out.splitlines() if re.match(r"\| \d(–\d)? \|", line)]
    assert [row.split(" | ")[1] for row in rows] == RANKED
    assert [row.split(" | ")[0] for row in rows] == ["| 1–2", "| 1–3", "| 2–3"]
    gamma = rows[0].split(" | ")
    assert gamma[2].startswith("0.600 [")
    assert gamma[3].startswith(f"{hand(SHARES['gamma'])['deviance_mean']:.3f} [")
    assert gamma[7] == "n/a"  # no semantic figures
    assert gamma[8] == "20"
    assert "normativity protagonist_gender ↓" in out
    assert "Cross-model" not in out  # --no-samples


def test_json_cross_model_names_and_embeddings(
    embedded_logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = json_block(capsys, embedded_logs)
    assert [r["model"] for r in block["rows"]] == RANKED
    assert block["target"] == TARGET
    cm = block["cross_model"]
    # gamma, beta, alpha
    assert cm["top_names"] == [
        [["rowan", 8], ["ada", 6], ["tom", 6]],
        [["elara", 6], ["tom", 6], ["kai", 4], ["mara", 4]],
        [["elara", 20]],
    ]
    # Jaccard: gamma–beta {tom} of 6 names, gamma–alpha 0, beta–alpha {elara} of 4
    assert cm["top_name_overlap"] == [
        [1.0, pytest.approx(1 / 6), 0.0],
        [pytest.approx(1 / 6), 1.0, 0.25],
        [0.0, 0.25, 1.0],
    ]
    assert cm["mean_top_name_overlap"] == pytest.approx((1 / 6 + 0.25) / 3)
    assert cm["shared_top_names"] == []
    # embeddings: gamma all e2; beta 5 e1 + 5 e2 per prompt; alpha all e1
    # within beta: (‖(5, 5)‖² − 10) / (10 · 9) = 4/9; cross pairs: gamma–beta 1/2,
    # gamma–alpha 0, beta–alpha 1/2
    assert cm["semantic_similarity"] == [
        [pytest.approx(1.0), pytest.approx(0.5), 0.0],
        [pytest.approx(0.5), pytest.approx(4 / 9), pytest.approx(0.5)],
        [0.0, pytest.approx(0.5), pytest.approx(1.0)],
    ]
    assert cm["mean_between_similarity"] == pytest.approx(1 / 3)
    semantic = [r["figures"]["semantic_similarity"] for r in block["rows"]]
    assert semantic == [
        {"value": 0.3, "ci_low": 0.2, "ci_high": 0.4},
        {"value": None, "ci_low": None, "ci_high": None},
        {"value": 0.9, "ci_low": 0.85, "ci_high": 0.95},
    ]


def test_cross_model_without_embeddings_is_na(
    plain_logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, plain_logs)
    assert code == 0
    assert "in every model's top 5: none." in out
    assert "n/a: these logs carry no embeddings." in out
    block = json_block(capsys, plain_logs)
    assert all(v is None for row in block["cross_model"]["semantic_similarity"] for v in row)


def test_cross_model_reads_the_scorers_own_embeddings(
    mock_logs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    block = json_block(capsys, mock_logs)
    matrix = np.array(block["cross_model"]["semantic_similarity"], dtype=float)
    assert matrix.shape == (3, 3) and np.isfinite(matrix).all()
    assert np.allclose(matrix, matrix.T) and (np.abs(matrix) <= 1 + 1e-9).all()
    # alpha writes one story (up to the morning number) 20 times: near-identical texts
    assert matrix[2, 2] > matrix[0, 0]
    assert all(r["figures"]["semantic_similarity"]["value"] is not None for r in block["rows"])


def test_html_report_has_table_and_images(
    embedded_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    code, _, err = run_cli(capsys, embedded_logs, "--format", "html", "--out", out)
    assert code == 0 and f"wrote {out}" in err
    page = out.read_text(encoding="utf-8")
    table = re.search(r'<table class="leaderboard">(.*?)</table>', page, re.S)
    assert table is not None
    body_rows = re.findall(
        r"<tr><td class=\"rank\">([\d–]+)</td><td>(#\d)</td><td class=\"label\">([^<]+)</td>",
        table.group(1),
    )
    assert body_rows == [
        ("1–2", "#1", RANKED[0]),
        ("1–3", "#2", RANKED[1]),
        ("2–3", "#3", RANKED[2]),
    ]
    images = re.findall(r'<img alt="(\w+)" src="data:image/png;base64,([^"]+)"', page)
    assert [name for name, _ in images] == ["distribution", "profile", "scatter"]
    for _, data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    # opens from disk with no network: nothing is fetched
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "<script" not in page


def test_figures_written_as_png_and_svg(
    plain_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "figures"
    code, _, err = run_cli(
        capsys, plain_logs, "--no-samples", "--out", tmp_path / "t.md", "--figures", folder
    )
    assert code == 0
    names = sorted(p.name for p in folder.iterdir())
    # no semantic figures in these logs: no scatter
    assert names == [
        "1-gender_in_stories-distribution.png",
        "1-gender_in_stories-distribution.svg",
        "1-gender_in_stories-profile.png",
        "1-gender_in_stories-profile.svg",
    ]
    assert (folder / names[0]).read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (folder / names[1]).read_bytes()
    assert "wrote 4 pictures" in err


def test_figures_are_not_written_over_existing_files_without_force(
    plain_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    mine = folder / "1-gender_in_stories-profile.svg"
    mine.write_text("my own picture")
    code, _, err = run_cli(capsys, plain_logs, "--no-samples", "--figures", folder)
    assert code == 1 and "--figures" in err and "--force" in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == [mine.name]  # nothing written
    assert mine.read_text() == "my own picture"
    code, _, _ = run_cli(capsys, plain_logs, "--no-samples", "--figures", folder, "--force")
    assert code == 0 and b"<svg" in mine.read_bytes()
    link = tmp_path / "link"
    link.symlink_to(folder)
    code, _, err = run_cli(capsys, plain_logs, "--no-samples", "--figures", link, "--force")
    assert code == 1 and "symbolic link" in err


# --- pictures and cross-model math ----------------------------------------------------

ORDER = ["gamma", "beta", "alpha"]  # the ranking


@pytest.fixture(scope="module")
def block(embedded_logs: Path) -> Block:
    (only,) = build(str(embedded_logs), with_samples=False).blocks
    return only


def test_distribution_bars_are_the_shares_and_markers_the_target(block: Block) -> None:
    fig = distribution_figure(block)
    assert fig is not None
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["woman", "man", "nonbinary"]
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    bars = [[p.get_height() for p in c.patches] for c in containers]
    assert bars == [pytest.approx(SHARES[m]) for m in ORDER]
    (target,) = [c for c in ax.collections if c.get_label() == "target"]
    assert target.get_offsets()[:, 1].tolist() == pytest.approx(list(TARGET.values()))
    # alpha (third run) wrote no man and no nonbinary protagonist: both zeros are marked
    (zeros,) = [c for c in ax.collections if c.get_label() == "_zero share"]
    assert zeros.get_offsets()[:, 1].tolist() == [0.0, 0.0]
    # 95% Wilson interval of beta's 0.2 nonbinary share of 20: [0.081, 0.416]
    segments = containers[1].errorbar.lines[2][0].get_segments()
    assert segments[2][:, 1].tolist() == pytest.approx([0.0807, 0.4160], abs=1e-3)


def test_profiles_are_hill_numbers_by_hand(block: Block) -> None:
    fig = profile_figure(block)
    assert fig is not None
    gender, names = fig.axes
    for line, model in zip(gender.get_lines(), ORDER, strict=True):
        h = hand(SHARES[model])
        assert line.get_label() == f"mockllm/{model}"
        assert list(line.get_ydata()) == pytest.approx([h["D0"], h["D1"], h["D2"], h["Dinf"]])
    # names of gamma: Rowan 8, Ada 6, Tom 6 of 20
    p = [0.4, 0.3, 0.3]
    expected = [3, math.exp(-sum(x * math.log(x) for x in p)), 1 / sum(x * x for x in p), 2.5]
    assert list(names.get_lines()[0].get_ydata()) == pytest.approx(expected)


def test_scatter_points_and_error_bars(block: Block) -> None:
    fig = scatter_figure(block)
    assert fig is not None
    ax = fig.axes[0]
    # alpha and gamma carry semantic figures, beta does not (no point)
    points = [(c.get_label(), c.lines[0].get_xydata().tolist()) for c in ax.containers]
    assert points == [
        ("mockllm/gamma", [[0.3, pytest.approx(0.6)]]),
        ("mockllm/alpha", [[0.9, 1.0]]),
    ]
    # gamma's horizontal bar spans the injected interval [0.2, 0.4]
    xbar = ax.containers[0].lines[2][0].get_segments()[0]
    assert xbar[:, 0].tolist() == pytest.approx([0.2, 0.4])


def test_no_semantic_figures_no_scatter(plain_logs: Path) -> None:
    (only,) = build(str(plain_logs), with_samples=False).blocks
    assert scatter_figure(only) is None


def test_between_similarity_matches_brute_force() -> None:
    rng = np.random.default_rng(0)
    a = {p: rng.normal(size=(n, 8)) for p, n in (("x", 7), ("y", 4))}
    b = {p: rng.normal(size=(n, 8)) for p, n in (("x", 5), ("y", 9), ("z", 3))}

    def unit(m: np.ndarray) -> np.ndarray:
        return m / np.linalg.norm(m, axis=1, keepdims=True)

    brute = np.mean([(unit(a[p]) @ unit(b[p]).T).mean() for p in ("x", "y")])
    sa, sb = cross.PromptSums.of(a), cross.PromptSums.of(b)
    assert cross.between_similarity(sa, sb) == pytest.approx(brute)
    gram = unit(a["x"]) @ unit(a["x"]).T
    within_x = (gram.sum() - 7) / (7 * 6)
    gram = unit(a["y"]) @ unit(a["y"]).T
    within_y = (gram.sum() - 4) / (4 * 3)
    assert cross.within_similarity(sa) == pytest.approx((within_x + within_y) / 2)


def test_similarity_matrix_is_every_pairwise_similarity() -> None:
    rng = np.random.default_rng(1)
    prompts = ("x", "y", "z")
    models: list[cross.PromptSums | None] = [
        cross.PromptSums.of(
            {p: rng.normal(size=(int(rng.integers(1, 6)), 5)) for p in prompts[: 1 + k % 3]}
        )
        for k in range(6)
    ]
    models.insert(2, None)
    matrix = cross.similarity_matrix(models)
    for i, a in enumerate(models):
        for j, b in enumerate(models):
            if a is None or b is None:
                assert math.isnan(matrix[i, j])
            elif i == j:
                assert matrix[i, i] == pytest.approx(cross.within_similarity(a), nan_ok=True)
            else:
                assert matrix[i, j] == pytest.approx(cross.between_similarity(a, b))


def test_top_names_ties_and_case() -> None:
    names = ["Kai", "kai", "Elara", "Zoe", "Ada", None, "Zoe", "Bo", "Cy", "Dee"]
    assert cross.top_names(names, k=3) == [("kai", 2), ("zoe", 2), ("ada", 1)]
