"""The reader's word lists in ``datasets/lexicons/``: headers, columns, loading errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from homog_bench._data import data_path
from homog_bench._errors import HomogBenchError
from homog_bench.structures.protagonist import lexicons

FILES = sorted(data_path("lexicons").glob("*.txt"))
TABLE_COLUMNS = {
    "gendered_nouns": 2,
    "titles": 2,
    "vocatives": 2,
    "kin_names": 3,
    "pronouns": 5,
}


def test_every_list_is_loaded_by_the_reader() -> None:
    """No orphan file: each list is read by lexicons.py, and each has a comment header."""
    source = Path(lexicons.__file__).read_text(encoding="utf-8")
    assert len(FILES) >= 30
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), path.name
        assert "Tuned on" in text, path.name
        assert f'"{path.stem}"' in source, f"{path.name} is not loaded by lexicons.py"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_rows_have_the_right_number_of_columns(path: Path) -> None:
    stem = path.stem
    rows = lexicons.rows(stem)
    assert rows, stem
    width = TABLE_COLUMNS.get(stem, 1)
    assert {len(r) for r in rows} == {width}, stem
    assert len({r[0] for r in rows}) == len(rows), f"{stem}: duplicate entries"


def test_pronoun_table_derives_the_role_sets() -> None:
    assert lexicons.PRONOUNS["her"] == "F" and lexicons.PRONOUNS["them"] == "T"
    assert {"xe", "ze", "ey", "fae", "she", "he", "they"} <= lexicons.SUBJECT_FORMS
    assert {"him", "them", "xem", "em"} <= lexicons.OBJECT_FORMS
    assert "her" in lexicons.OBJECT_OR_POSS and "hir" in lexicons.OBJECT_OR_POSS
    distinct = {frozenset(d) for d, _a in lexicons.NEO_FAMILIES}
    assert any("xyr" in d for d in distinct) and any("faer" in d for d in distinct)
    assert "she" not in lexicons.NEO_ALL and "xem" in lexicons.NEO_ALL


def test_a_bad_gender_column_is_one_clear_line() -> None:
    with pytest.raises(HomogBenchError, match=r"lexicons/x\.txt: entry 'mrs womn' needs a gender"):
        lexicons._gender("x", ("mrs", "womn"), 1)
