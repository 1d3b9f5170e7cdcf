"""The report's honest ranks, degenerate runs, xeno and branching blocks, the default
story, and pictures with real-length labels."""

from __future__ import annotations

import re
import shutil
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log
from matplotlib.backends.backend_agg import FigureCanvasAgg

from homog_bench.cli import main
from homog_bench.report import ranks
from homog_bench.report._logs import runs_of
from homog_bench.report.leaderboard import build, label_runs
from homog_bench.report.plots import block_figures, render
from homog_bench.report.render import paired, to_markdown
from homog_bench.tasks import story_homogenization
from scripted import scripted_model

OLD_LOGS = Path(__file__).resolve().parents[1] / "golden" / "old_logs"
LONG = "anthropic/claude-3-5-haiku-20241022 -T seed=1 -T n=40 -T max_tokens=300 -T temperature=1.3"
PROMPTS = ("Write a short story about a nurse.", "Write a short story about a CEO.")
SPANISH = "Había una vez una enfermera que trabajaba de noche en el hospital de la ciudad."


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- rank bands -------------------------------------------------------------------------


def test_rank_bands_share_a_band_only_where_intervals_overlap() -> None:
    # lower is better: a [0.1, 0.3] overlaps b [0.25, 0.5]; b overlaps c [0.45, 0.7];
    # a and c do not; d [0.9, 0.95] is apart from all
    found = ranks.rank_bands(
        [(0.2, 0.1, 0.3), (0.4, 0.25, 0.5), (0.6, 0.45, 0.7), (0.92, 0.9, 0.95)], True
    )
    assert [(b.best, b.worst) for b in found] == [(1, 2), (1, 3), (2, 3), (4, 4)]
    # the same intervals read with higher = better turn the bands round
    found = ranks.rank_bands(
        [(0.2, 0.1, 0.3), (0.4, 0.25, 0.5), (0.6, 0.45, 0.7), (0.92, 0.9, 0.95)], False
    )
    assert [str(b) for b in found] == ["3–4", "2–4", "2–3", "1"]


def test_readme_example_runs_share_rank_one_to_two() -> None:
    # the README's two temperatures: normativity 1.000 [1.000, 1.000] both, so they tie
    both = [(1.0, 1.0, 1.0), (1.0, 1.0, 1.0)]
    assert [str(b) for b in ranks.rank_bands(both, True)] == ["1–2", "1–2"]
    # and on E[∂] their intervals overlap: no order either
    deviance = [(0.611, 0.445, 0.663), (0.410, 0.159, 0.574)]
    assert [str(b) for b in ranks.rank_bands(deviance, False)] == ["1–2", "1–2"]


def test_paired_difference_over_shared_prompts(plain_logs: Path) -> None:
    (block,) = build(str(plain_logs), with_samples=False).blocks
    # gamma − beta: 0.6 − 0.8 on both prompts; beta − alpha: 0.8 − 1.0
    found = [(block.runs[i].model, block.runs[j].model, p) for i, j, p in paired(block)]
    assert [(a, b) for a, b, _ in found] == [
        ("mockllm/gamma", "mockllm/beta"),
        ("mockllm/beta", "mockllm/alpha"),
    ]
    assert [p.mean for _, _, p in found] == [pytest.approx(-0.2), pytest.approx(-0.2)]
    assert all(p.prompts == 2 for _, _, p in found)
    text = to_markdown(build(str(plain_logs), with_samples=False))
    assert "Paired on shared prompts" in text
    assert "mockllm/gamma − mockllm/beta: protagonist_gender_normativity -0.200" in text


# --- degenerate runs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_word_salad(plain_logs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three mock models plus ``salad``: 5 generations per prompt, 4 of them Spanish."""
    folder = tmp_path_factory.mktemp("salad")
    for log in plain_logs.glob("*.eval"):
        shutil.copy(log, folder / log.name)
    good = "Mara climbed the hill at dawn. She counted the crows and wrote the number down."
    inspect_eval(
        story_homogenization(n=5, prompts="nurse,ceo", seed=3),
        model=scripted_model({p: [SPANISH] * 4 + [good] for p in PROMPTS}, name="salad"),
        log_dir=str(folder),
        display="none",
    )
    return folder


def test_degenerate_run_is_flagged_and_not_ranked(
    with_word_salad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "leaderboard", with_word_salad, "--no-samples")
    assert code == 0
    rows = [line.split(" | ") for line in out.splitlines() if line.startswith("| ")][1:]
    ranked = [(r[0].lstrip("| "), r[1]) for r in rows]
    # salad's one readable story per prompt is a woman: normativity 1.000, which would
    # tie with alpha; instead it is last and unranked
    assert ranked[-1] == ("unranked: 80% degenerate", "mockllm/salad")
    assert [r for _, r in ranked[:3]] == ["mockllm/gamma", "mockllm/beta", "mockllm/alpha"]
    assert ranked[2][0] == "2–3"  # alpha keeps its own band: salad is not counted
    assert "mockllm/salad: 80% of its 10 generations are degenerate" in out


def test_rank_degenerate_puts_it_back(
    with_word_salad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "leaderboard", with_word_salad, "--no-samples", "--rank-degenerate")
    assert code == 0
    assert "unranked" not in out
    assert "ranked anyway (--rank-degenerate)" in out
    salad = next(line for line in out.splitlines() if "| mockllm/salad |" in line)
    # salad has 2 readable generations: too few for a normativity interval, so its band
    # spans the whole table
    assert salad.startswith("| 1–4 |")


# --- every task -----------------------------------------------------------------------------


def test_xeno_and_branching_logs_get_their_own_blocks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = cli(capsys, "leaderboard", OLD_LOGS, "--no-samples")
    assert code == 0
    assert "not a homog-bench log" not in out + err
    assert "Skipped logs" not in out
    for task in ("xeno_instructed", "xeno_values", "xeno_contrastive", "xeno_sequential"):
        head = f"## value file `gender_in_stories` · task `homog_bench/{task}`"
        block = out.split(head, 1)[1].split("\n## ", 1)[0]
        assert "| rank | model | xeno gain ↑ | validity ↑ |" in block
    xeno = out.split("task `homog_bench/xeno_values`", 1)[1]
    # xeno_values: gain -0.019 [-0.093, 0.622], validity 0.000 (old_logs summary)
    assert "| 1 | mockllm/model | -0.019 [-0.093, 0.622] | 0.000 [0.000, 0.000] |" in xeno
    branching = out.split("## value file `work_and_home` · task `homog_bench/branching`", 1)[1]
    # work_and_home: distances he–she 0.346, he–they 0.400, she–they 0.346; their mean
    mean = (0.346 + 0.400 + 0.346) / 3
    row = next(line for line in branching.splitlines() if line.startswith("| 1 |"))
    assert row.split(" | ")[2].startswith(f"{mean:.3f} [")
    assert "core distance he vs she ↑" in branching.split("\n## ", 1)[0]


def test_one_model_has_no_jaccard_and_labels_hide_unset_parameters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = cli(
        capsys, "leaderboard", OLD_LOGS / "story_homogenization-gender_in_stories.eval"
    )
    assert code == 0
    assert "Top-name overlap: n/a (one run: no pair of models to compare)." in out
    assert "mean over pairs" not in out
    from homog_bench.report._logs import read_log

    header = read_log(str(OLD_LOGS / "story_homogenization-gender_in_stories.eval"), True)
    header.eval.task_args = {**(header.eval.task_args or {}), "seed": None, "n": 6}
    (run,), _ = runs_of("a.eval", header)
    other = replace(run, log="b.eval", settings_key={**run.settings_key, "-T n": 7})
    labels = [r.label for r in label_runs([run, other])]
    assert labels == ["mockllm/model -T n=6", "mockllm/model -T n=7"]
    assert "-T seed" not in run.settings_key


# --- the default story ---------------------------------------------------------------------


def test_examples_are_the_nearest_and_furthest_generation(plain_logs: Path) -> None:
    board = build(str(plain_logs), with_samples=False, examples=True)
    (block,) = board.blocks
    by_model = dict(zip([r.model for r in block.runs], block.examples, strict=True))
    # beta per prompt: 5 she (core 0.5, 0.3, 0.2): ∂(she) = √0.38, ∂(xe) = √0.98
    for ex in by_model["mockllm/beta"]:
        assert ex.n == 10
        assert ex.nearest.attributes["protagonist_gender"] == "woman"
        assert ex.nearest.deviance == pytest.approx(0.38**0.5)
        assert ex.furthest is not None
        assert ex.furthest.attributes["protagonist_gender"] == "nonbinary"
        assert ex.furthest.deviance == pytest.approx(0.98**0.5)
        assert ex.furthest.name == "Kai" and ex.furthest.excerpt.startswith("Kai climbed")
    # alpha writes the same protagonist every time: nothing strays from the default
    assert all(ex.furthest is None for ex in by_model["mockllm/alpha"])
    assert [ex.prompt for ex in by_model["mockllm/alpha"]] == ["ceo", "nurse"]


def test_summary_examples(plain_logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = next(
        p
        for p in sorted(plain_logs.glob("*.eval"))
        if read_eval_log(str(p), header_only=True).eval.model == "mockllm/gamma"
    )
    code, out, _ = cli(capsys, "summary", log, "--examples")
    assert code == 0
    assert "the default story, per prompt:" in out
    assert re.search(r"prompt nurse \(10 generations\):\n  default \(nearest the core\): ", out)
    assert "furthest: protagonist_gender" in out
    code, plain, _ = cli(capsys, "summary", log)
    assert "the default story" not in plain


def test_html_shows_the_default_story(
    plain_logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    code, _, _ = cli(capsys, "leaderboard", plain_logs, "--format", "html", "--out", out)
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "<h3>The default story</h3>" in page
    assert page.count("default (nearest the core)") == 6  # 3 runs × 2 prompts
    assert "<blockquote>Kai climbed the hill" in page


# --- pictures -----------------------------------------------------------------------------


def test_pictures_with_long_labels_raise_no_warning(plain_logs: Path) -> None:
    (block,) = build(str(plain_logs), with_samples=False).blocks
    block.runs = [replace(r, label=f"{LONG} -M tag={r.model}") for r in block.runs]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        made = block_figures(block)
        assert sorted(made) == ["distribution", "profile"]
        for name, fig in made.items():
            png, svg = render(fig, "png"), render(fig, "svg")
            assert png.startswith(b"\x89PNG") and b"<svg" in svg
            # the legend (below the axes) names runs by key and wraps the full label
            legend = fig.legends[0]
            texts = [t.get_text() for t in legend.get_texts()]
            assert texts[0].startswith("#1  anthropic/claude-3-5-haiku") and "\n" in texts[0]
            assert all(max(map(len, t.splitlines())) <= 64 for t in texts), name
            # every text on the figure is inside it
            FigureCanvasAgg(fig)
            renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
            fig.draw(renderer)
            box = fig.bbox
            for artist in [legend, *fig.axes]:
                extent = artist.get_window_extent(renderer)
                assert extent.x0 >= box.x0 - 1 and extent.x1 <= box.x1 + 1, name
                assert extent.y0 >= box.y0 - 1 and extent.y1 <= box.y1 + 1, name
            title = fig.axes[0].title
            assert title.get_window_extent(renderer).x1 <= box.x1 + 1


def test_html_without_matplotlib_is_tables_with_a_note(
    plain_logs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from homog_bench.report.html import to_html

    board = build(str(plain_logs), with_samples=False)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # import fails
    page = to_html(board)
    assert page.count("<b>Tables only:</b> pictures need matplotlib") == 1
    assert "<img" not in page and '<table class="leaderboard">' in page


def test_quickstart_installs_the_report_extra() -> None:
    root = Path(__file__).resolve().parents[2]
    script = (root / "scripts" / "quickstart.sh").read_text(encoding="utf-8")
    assert re.search(r'HOMOG_BENCH_SPEC="-e \.\[[\w,]*\breport\b[\w,]*\]"', script)
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^report = \["matplotlib>=[\d.]+"\]', pyproject, re.M)
