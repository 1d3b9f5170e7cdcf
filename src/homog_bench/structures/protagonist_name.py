"""Structure kind ``protagonist_name``: the protagonist's given name, for name collapse.

The protagonist is the one :mod:`homog_bench.structures.pronoun_gender` reads (both
use :func:`homog_bench.structures.protagonist.analyse`, cached, so asking for the name and
the gender of the same text costs one reading). What is returned:

* the given name only, title-cased: ``"Elara"`` for "Dr. Elara Voss", "Elara" and
  "Dr. Voss" in the same story; ``"Sipho"`` for a title "Dr. Sipho Ndlovu's Longest
  Day" over prose that only says "Dr. Ndlovu";
* the surname when the story never gives anything else ("Mr. Okafor", "Miss Pell"):
  it is the only name the text uses for that person;
* a first-person narrator's name when the text states it ("My name is Hana",
  "I'm Diego", "call me Mateo") or when someone else addresses the narrator by a
  name that never appears in the narration;
* ``None`` when the protagonist is unnamed ("the old woman", "the new CEO", an
  unnamed "I").

Capitalised words that are not names are filtered out: sentence-initial words
("The", "Once", "Every"), pronouns, titles on their own ("Dr"), months, days,
holidays, "God", nationalities, organisations ("NovaTech", "Mercy General
Hospital") and places used as settings ("the town of Willowbrook", "in Seoul").

>>> protagonist_name("Title: Marcus and the Sea\\n\\nThe fishermen mended nets. "
...                  "Marcus rowed out at dawn; he never cursed the sea.")
'Marcus'
>>> protagonist_name("In the kingdom of Eldoria there lived a young woman named Elara Voss. "
...                  "Every morning, Elara climbed the hill.")
'Elara'
>>> protagonist_name("The old woman lived alone. She kept goats.") is None
True
"""

from __future__ import annotations

from homog_bench.structures.protagonist import analyse

__all__ = ["protagonist_name"]


def protagonist_name(text: str) -> str | None:
    """The protagonist's given name (title-cased), or ``None`` when they are unnamed.

    >>> protagonist_name("Nurse Priya Raman had a rule: never let a patient wake alone.")
    'Priya'
    """
    name = analyse(text).protagonist_name
    if not name:
        return None
    if name.isupper() or name.islower():  # "ELARA", "elara"
        return "-".join(part.capitalize() for part in name.split("-"))
    return name[0].upper() + name[1:]
