"""Prompt sets: bundled, subset, local JSONL/CSV through `datasets`, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from homog_bench._errors import HomogBenchError
from homog_bench.evals.prompts import load_prompts, select_prompts
from homog_bench.tasks import story_homogenization


def test_bundled_prompts_have_no_identity_cues() -> None:
    prompts = load_prompts()
    assert len(prompts) >= 12
    cues = {" he ", " she ", " his ", " her ", " man ", " woman ", " girl ", " boy "}
    for p in prompts:
        assert not any(c in f" {p.text.lower()} " for c in cues), p.text


def test_local_jsonl_and_csv_load_through_datasets(tmp_path: Path) -> None:
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"q": "Tell a story.", "key": "a"}\n{"q": "Tell a fable.", "key": "b"}\n')
    prompts = load_prompts(str(jsonl), prompt_field="q", id_field="key")
    assert [(p.id, p.text) for p in prompts] == [("a", "Tell a story."), ("b", "Tell a fable.")]
    csv = tmp_path / "p.csv"
    csv.write_text("prompt,topic\nWrite about a baker.,work\n")
    (only,) = load_prompts(str(csv))
    assert (only.id, only.text, only.metadata) == ("0", "Write about a baker.", {"topic": "work"})


def test_task_accepts_a_local_prompt_file(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "x", "prompt": "Write about a pilot."}\n')
    task = story_homogenization(prompts_from=str(path), n=3)
    assert [s.input for s in task.dataset] == ["Write about a pilot."]
    assert task.epochs == 3


@pytest.mark.parametrize(
    "source, message",
    [
        ("missing.jsonl", "no such file"),
        ("owner/name", "pinned to a revision"),
        ("just-a-word", "pinned to a revision"),
    ],
)
def test_bad_sources_name_the_parameter(source: str, message: str) -> None:
    with pytest.raises(HomogBenchError, match=message):
        load_prompts(source)


def test_wrong_field_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"text": "hello"}\n')
    with pytest.raises(HomogBenchError, match=r"no field 'prompt' \(fields: text\)"):
        load_prompts(str(path))


def test_select_keeps_order_and_rejects_unknown_ids() -> None:
    prompts = load_prompts()
    assert [p.id for p in select_prompts(prompts, ["ceo", "nurse"])] == ["ceo", "nurse"]
    with pytest.raises(HomogBenchError, match="unknown prompt id 'pilot'"):
        select_prompts(prompts, ["pilot"])


def test_misspelled_parameters_are_errors_for_task_and_scorer() -> None:
    from homog_bench._compat import UserError
    from homog_bench.evals.scorers import homogenization

    with pytest.raises(UserError, match="-T nn: unknown parameter"):
        story_homogenization(nn=3)
    with pytest.raises(UserError, match="-S vals: unknown parameter; expected one of: values"):
        homogenization(vals="x")
