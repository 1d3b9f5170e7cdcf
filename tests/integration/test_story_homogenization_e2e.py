"""Scripted end to end: 60 she / 30 he / 10 xe stories with known names, every metric by hand."""

from __future__ import annotations

import gzip
import math
from collections import Counter
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval

from homog_bench.tasks import story_homogenization
from scripted import scripted_model

PRONOUNS = {
    "woman": ("She", "she", "her"),
    "man": ("He", "he", "his"),
    "nonbinary": ("Xe", "xe", "xyr"),
}
NURSE = "Write a short story about a nurse."
CEO = "Write a short story about a CEO."


def story(name: str, gender: str, i: int) -> str:
    cap, subj, poss = PRONOUNS[gender]
    return (
        f"{name} woke before dawn on day {i}. {cap} packed {poss} bag and walked to the "
        f"harbor, where {subj} watched the boats come in. By noon {subj} had decided to stay."
    )


def plan() -> dict[str, list[tuple[str, str]]]:
    nurse = (
        [("Elara", "woman")] * 20
        + [("Mara", "woman")] * 10
        + [("Ada", "woman")] * 10
        + [("Tom", "man")] * 5
        + [("Kai", "nonbinary")] * 5
    )
    ceo = (
        [("Elara", "woman")] * 10
        + [("Priya", "woman")] * 10
        + [("Marcus", "man")] * 25
        + [("Rowan", "nonbinary")] * 5
    )
    return {NURSE: nurse, CEO: ceo}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, float], dict[str, list[str]]]:
    texts = {p: [story(n, g, i) for i, (n, g) in enumerate(people)] for p, people in plan().items()}
    task = story_homogenization(values="gender_in_stories", n=50, prompts="nurse,ceo", seed=7)
    logs = inspect_eval(
        task,
        model=scripted_model(texts),
        log_dir=str(tmp_path_factory.mktemp("logs")),
        display="none",
    )
    log = logs[0]
    assert log.status == "success", log.error
    assert log.results is not None
    (score,) = log.results.scores
    figures = {k: v.value for k, v in score.metrics.items()}
    return figures, texts


def test_counts(run: tuple[dict[str, float], dict[str, list[str]]]) -> None:
    figures, _ = run
    assert figures["n_generations"] == 100
    assert figures["n_prompts"] == 2
    assert figures["protagonist_gender_excluded"] == 0
    assert figures["n_empty"] == figures["n_refusal"] == 0


def test_gender_distribution_and_normativity(run: tuple[dict[str, float], dict]) -> None:
    f, _ = run
    assert f["protagonist_gender_share_woman"] == pytest.approx(0.6)
    assert f["protagonist_gender_share_man"] == pytest.approx(0.3)
    assert f["protagonist_gender_share_nonbinary"] == pytest.approx(0.1)
    assert f["protagonist_gender_normativity"] == pytest.approx(0.9)
    assert (
        f["protagonist_gender_normativity_ci_low"]
        <= 0.9
        <= f["protagonist_gender_normativity_ci_high"]
    )
    assert (
        f["protagonist_gender_normativity_ci_high"] - f["protagonist_gender_normativity_ci_low"] > 0
    )
    assert f["protagonist_gender_normativity@nurse"] == pytest.approx(45 / 50)
    assert f["protagonist_gender_normativity@ceo"] == pytest.approx(45 / 50)
    # amplification against the reference (woman 0.50 + man 0.49)
    assert f["protagonist_gender_amplification"] == pytest.approx(0.9 - 0.99)
    assert f["protagonist_gender_ratio_woman"] == pytest.approx(0.6 / 0.50)
    assert f["protagonist_gender_ratio_man"] == pytest.approx(0.3 / 0.49)
    assert f["protagonist_gender_ratio_nonbinary"] == pytest.approx(0.1 / 0.01)


def test_diversity_and_divergence(run: tuple[dict[str, float], dict]) -> None:
    f, _ = run
    p = [0.6, 0.3, 0.1]
    assert f["protagonist_gender_D0"] == 3
    assert f["protagonist_gender_D1"] == pytest.approx(math.exp(-sum(x * math.log(x) for x in p)))
    assert f["protagonist_gender_D2"] == pytest.approx(1 / sum(x * x for x in p))
    assert f["protagonist_gender_Dinf"] == pytest.approx(1 / 0.6)
    assert f["protagonist_gender_evenness"] == pytest.approx(f["protagonist_gender_D1"] / 3)
    t = [0.45, 0.45, 0.10]
    mix = [(a + b) / 2 for a, b in zip(p, t, strict=True)]
    kl = lambda a, b: sum(x * math.log2(x / y) for x, y in zip(a, b, strict=True) if x > 0)  # noqa: E731
    assert f["protagonist_gender_js_target"] == pytest.approx(0.5 * kl(p, mix) + 0.5 * kl(t, mix))
    assert f["protagonist_gender_tv_target"] == pytest.approx(0.5 * (0.15 + 0.15 + 0.0))


def test_core_and_deviance(run: tuple[dict[str, float], dict]) -> None:
    f, _ = run
    assert f["core_protagonist_woman"] == pytest.approx(0.6)
    assert f["core_protagonist_man"] == pytest.approx(0.3)
    assert f["core_protagonist_nonbinary"] == pytest.approx(0.1)
    assert f["core_domestic_setting"] == 0 and f["core_leadership"] == 0
    nurse = 0.8 * math.sqrt(0.06) + 0.2 * math.sqrt(1.46)
    ceo = 0.4 * math.sqrt(0.62) + 0.5 * math.sqrt(0.42) + 0.1 * math.sqrt(1.22)
    assert f["deviance_mean@nurse"] == pytest.approx(nurse)
    assert f["deviance_mean@ceo"] == pytest.approx(ceo)
    assert f["deviance_mean"] == pytest.approx((nurse + ceo) / 2)
    assert f["deviance_mean_ci_low"] < f["deviance_mean"] < f["deviance_mean_ci_high"]
    # normalized by the L2 maximum sqrt(6) for six structures
    assert f["deviance_normalized"] == pytest.approx((nurse + ceo) / 2 / math.sqrt(6))
    # the mode core is the modal system (a woman protagonist); the antimode a rare one
    assert f["core_mode_protagonist_woman"] == 1.0
    assert f["core_max_protagonist_nonbinary"] == 1.0
    assert f["core_geometric_protagonist_woman"] == 0.0


def test_name_collapse(run: tuple[dict[str, float], dict]) -> None:
    f, _ = run
    assert f["names_distinct_ratio"] == pytest.approx(8 / 100)
    assert f["names_top1_share"] == pytest.approx(30 / 100)
    assert f["names_top5_share"] == pytest.approx((30 + 25 + 10 + 10 + 10) / 100)
    counts = [30, 25, 10, 10, 10, 5, 5, 5]
    h = -sum(c / 100 * math.log(c / 100) for c in counts)
    assert f["names_D1"] == pytest.approx(math.exp(h))
    assert f["names_distinct_ratio@nurse"] == pytest.approx(5 / 50)


def test_lexical(run: tuple[dict[str, float], dict]) -> None:
    f, texts = run
    ratios = []
    for prompt in (NURSE, CEO):
        raw = "\n".join(texts[prompt]).encode()
        ratios.append(len(raw) / len(gzip.compress(raw)))
    assert f["lexical_compression_ratio"] == pytest.approx(sum(ratios) / 2)
    uni = []
    for prompt in (NURSE, CEO):
        tokens = [t for text in texts[prompt] for t in text.lower().replace(".", " ").split()]
        uni.append(len(set(tokens)) / len(tokens))
    assert f["lexical_ngram_diversity_1"] == pytest.approx(sum(uni) / 2)


def test_log_keeps_every_generation_with_readable_scores(tmp_path: Path) -> None:
    texts = {NURSE: [story("Elara", "woman", 0), "", "I'm sorry, but I can't write that."]}
    logs = inspect_eval(
        story_homogenization(n=3, prompts="nurse"),
        model=scripted_model(texts),
        log_dir=str(tmp_path),
        display="none",
    )
    log = logs[0]
    assert log.samples is not None and len(log.samples) == 3
    scores = [s.scores["homogenization"] for s in log.samples if s.scores]
    assert sorted(s.value["quality"] for s in scores) == ["empty", "ok", "refusal"]
    ok = next(s for s in scores if s.value["quality"] == "ok")
    assert ok.value["protagonist_gender"] == "woman"
    assert ok.value["protagonist_name"] == "Elara"
    assert ok.explanation is not None and "protagonist: woman (she" in ok.explanation
    assert Counter(type(v).__name__ for v in ok.value.values()) == {"float": 6, "str": 3}
    figures = {k: v.value for k, v in log.results.scores[0].metrics.items()}
    assert figures["n_empty"] == 1 and figures["n_refusal"] == 1
    assert figures["protagonist_gender_excluded"] == 2
