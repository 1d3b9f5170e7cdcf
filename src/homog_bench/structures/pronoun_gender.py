"""Structure kind ``pronoun_gender``: the protagonist's gender as the text marks it.

Offline and dependency-free (``re`` only), about a millisecond per 300-word story.
The protagonist is found by :func:`homog_bench.structures.protagonist.analyse` (the
same reading :func:`homog_bench.structures.protagonist_name.protagonist_name` uses); its
gender is then read from what the text attaches to that person:

* ``woman``: she/her, a gendered noun ("the old woman", "a young girl named Lily",
  "Elara was a mother of two"), a title at first mention (Mrs., Ms., Miss, Lady …);
* ``man``: he/him, "a tall young man named Sipho", "the fisherman", Mr., Sir …;
* ``nonbinary``: singular *they* for one person (named or not; a group's *they* is
  told apart), neopronouns (xe/xem/xyr, ze/hir/zir, ey/em/eir, fae/faer), Mx., or an
  explicit "nonbinary" / "non-binary" / "genderqueer" next to the person;
* ``unknown``: no such evidence, e.g. a first-person or second-person narrator who is
  never gendered, a named character with no pronoun at all, no character at all.

Names are never evidence: "Jordan", "Rowan" or "Elara" with no pronoun, title or
gendered noun reads as ``unknown``. A first-person narrator is gendered only by what
the text says about *I* ("I was a young man", "As a mother, I …", being called
"Mrs. Okafor", "ma'am" or "Dad" by someone else) — never by the narrator's partner
("my wife" says nothing about the narrator).

>>> r = read_gender("# The Night Shift\\n\\nDr. Elara Voss checked the monitor. She sighed; "
...                 "her shift was over. Marcus, the porter, waved at her.")
>>> r.category, r.protagonist
('woman', 'Elara')
>>> r.explain()
'woman (her ×2, she ×1)'
>>> read_gender("Kai packed their bag. They were late again.").category
'nonbinary'
>>> read_gender("I walked to the sea and watched the boats.").explain()
'unknown (no gender cue tied to one protagonist)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from homog_bench.structures.protagonist import analyse

__all__ = ["GENDER_CATEGORIES", "GenderCategory", "GenderReading", "read_gender"]

#: The categories of the protagonist's gender (the one definition; the value-file
#: schema's ``pronoun_gender`` structures and attributes use it).
GenderCategory = Literal["woman", "man", "nonbinary", "unknown"]
GENDER_CATEGORIES: tuple[str, ...] = get_args(GenderCategory)


@dataclass(frozen=True)
class GenderReading:
    """The protagonist's gender category and the cue words that decided it.

    ``cues`` maps each lowercased cue word (pronoun, gendered noun, title) to how often
    it supported the decision; ``protagonist`` is the protagonist's name when the
    story gives one.

    >>> GenderReading("man", {"he": 3, "his": 1}, "Marcus").explain()
    'man (he ×3, his ×1)'
    """

    category: str
    cues: dict[str, int] = field(hash=False)
    protagonist: str | None = None

    def explain(self) -> str:
        """Category with its evidence, strongest cue first: ``"woman (she ×7, her ×3)"``."""
        if not self.cues:
            return f"{self.category} (no gender cue tied to one protagonist)"
        shown = sorted(self.cues.items(), key=lambda kv: (-kv[1], kv[0]))
        return f"{self.category} (" + ", ".join(f"{w} ×{n}" for w, n in shown) + ")"


def read_gender(text: str) -> GenderReading:
    """Read the protagonist's gender (woman / man / nonbinary / unknown) from ``text``.

    >>> read_gender("Once upon a time there lived a boy named Tomas. He feared the dark.")
    GenderReading(category='man', cues={'boy': 1, 'he': 1}, protagonist='Tomas')
    """
    found = analyse(text)
    return GenderReading(found.gender, dict(found.cues), found.protagonist_name)
