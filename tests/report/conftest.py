"""Logs of three mock models with known protagonist distributions, built through ``eval()``.

Per prompt (nurse, ceo; 10 generations each) the models write:

| model | she | he | xe | names |
|---|---|---|---|---|
| alpha | 10 | 0 | 0 | Elara ×10 |
| beta  | 5  | 3 | 2 | Elara ×3, Mara ×2 (she); Tom ×3; Kai ×2 |
| gamma | 3  | 3 | 4 | Ada ×3; Tom ×3; Rowan ×4 |

No story uses a word from the value file's lexicons, so Λ(x) is the one-hot gender.
Known embeddings (replacing the scorer's): alpha e1 everywhere; beta e1 for she, e2
otherwise; gamma e2 everywhere; semantic figures for alpha and gamma only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalMetric, read_eval_log, write_eval_log

from homog_bench.embeddings.codec import encode_vector
from homog_bench.figures import cross_digest
from homog_bench.report.cross_section import log_digest
from homog_bench.tasks import story_homogenization
from scripted import scripted_model

PRONOUNS = {
    "woman": ("She", "she", "her"),
    "man": ("He", "he", "his"),
    "nonbinary": ("Xe", "xe", "xyr"),
}
PLAN: dict[str, list[tuple[str, str]]] = {
    "alpha": [("Elara", "woman")] * 10,
    "beta": [("Elara", "woman")] * 3
    + [("Mara", "woman")] * 2
    + [("Tom", "man")] * 3
    + [("Kai", "nonbinary")] * 2,
    "gamma": [("Ada", "woman")] * 3 + [("Tom", "man")] * 3 + [("Rowan", "nonbinary")] * 4,
}
PROMPTS = ("Write a short story about a nurse.", "Write a short story about a CEO.")
# injected semantic figures (as another metric would report them): value, low, high
SEMANTIC = {"alpha": (0.9, 0.85, 0.95), "gamma": (0.3, 0.2, 0.4)}


def story(name: str, gender: str, i: int) -> str:
    cap, subj, poss = PRONOUNS[gender]
    return (
        f"{name} climbed the hill behind the station on morning {i}. {cap} counted "
        f"the crows on the wire, and {subj} wrote the number in {poss} notebook. Then "
        f"{subj} went back down, pleased with the count."
    )


def rewrite(path: Path, model: str, embeddings: bool) -> None:
    """Replace the scorer's embeddings and semantic figures by known ones (or drop them)."""
    log = read_eval_log(str(path))
    e1, e2 = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    for sample in log.samples or []:
        score = (sample.scores or {})["homogenization"]
        meta = (score.metadata or {})["homog_bench"]
        she = isinstance(score.value, dict) and score.value["protagonist_gender"] == "woman"
        vector = {"alpha": e1, "gamma": e2}.get(model, e1 if she else e2)
        meta.pop("embedding", None)
        if embeddings:
            meta["embedding"] = encode_vector(vector)
    assert log.results is not None
    metrics = log.results.scores[0].metrics
    # keep the header's cross-model digest true to the rewritten samples, as a re-score would
    stored = cross_digest.to_json(log_digest(log, "homogenization"))
    metrics[cross_digest.METRIC].params[cross_digest.PARAM] = stored
    for key in [k for k in metrics if k.startswith("semantic_")]:
        del metrics[key]
    if embeddings and model in SEMANTIC:
        for suffix, value in zip(("", "_ci_low", "_ci_high"), SEMANTIC[model], strict=True):
            key = f"semantic_mean_similarity{suffix}"
            metrics[key] = EvalMetric(name=key, value=value)
    write_eval_log(log, str(path))


def rewritten(source: Path, folder: Path, embeddings: bool) -> Path:
    for path in sorted(source.glob("*.eval")):
        copy = folder / path.name
        shutil.copy(path, copy)
        header = read_eval_log(str(copy), header_only=True)
        rewrite(copy, header.eval.model.split("/")[-1], embeddings)
    return folder


@pytest.fixture(scope="session")
def mock_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one log per mock model, as the scorer wrote it."""
    folder = tmp_path_factory.mktemp("mock-logs")
    for name, plan in PLAN.items():
        (log,) = inspect_eval(
            story_homogenization(n=10, prompts="nurse,ceo", seed=3),
            model=scripted_model(
                {text: [story(n, g, i) for i, (n, g) in enumerate(plan)] for text in PROMPTS},
                name=name,
            ),
            log_dir=str(folder),
            display="none",
        )
        assert log.status == "success", log.error
    return folder


@pytest.fixture(scope="session")
def embedded_logs(mock_logs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same logs with known embeddings and semantic figures (none for beta)."""
    return rewritten(mock_logs, tmp_path_factory.mktemp("embedded-logs"), embeddings=True)


@pytest.fixture(scope="session")
def plain_logs(mock_logs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same logs without any embedding or semantic figure."""
    return rewritten(mock_logs, tmp_path_factory.mktemp("plain-logs"), embeddings=False)
