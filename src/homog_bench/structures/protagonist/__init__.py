"""The offline protagonist reader shared by :mod:`..pronoun_gender` and :mod:`..names`.

Pure ``re`` and the standard library: no tagger, no parser, no name-gender lexicon.
Everything here is a heuristic tuned on the tune halves of ``datasets/labeled/``
(``protagonists_heldout.jsonl`` and the ``*_test.jsonl`` halves measure it honestly);
its word lists are data, ``datasets/lexicons/*.txt``
(:mod:`.lexicons`), its weights and regular expressions sit in :mod:`.rules`. A
story is read in steps, one module each:

0. :mod:`.coherence`: where a generation turns into word salad (a small model at a
   high temperature), reading stops.
1. :mod:`.layout`: chat preambles, headings, ``Title:`` lines, rules, "The End"
   and markdown are separated from the prose; the title is kept as a hint.
2. :mod:`.tokens`: words with their sentence, the punctuation before them, whether
   capitalisation carries information there and whether they are inside dialogue.
3. :mod:`.characters` (with :mod:`.capitals`, :mod:`.descriptions` and
   :mod:`.people`): named, described and related people, groups, and the events
   that mention them (:mod:`.events`).
4. :mod:`.pronouns` (with :mod:`.clauses` and :mod:`.votes`): each third-person
   pronoun of the narration goes to a character, in a cautious pass and passes that
   use the genders found so far.
5. :mod:`.protagonist` (with :mod:`.narrator`, :mod:`.salience` and :mod:`.stray`): a
   first-person narrator, nobody for second-person narration, or the most salient
   character; its category and cues (a neopronoun the resolver tied to nobody makes a
   lead read from pronouns alone nonbinary).
6. :mod:`.evidence`: the rules' evidence about a story told about someone else as
   numbers, and a learned decision over them (a gender classifier and a candidate
   ranker, coefficients in :mod:`.weights` written by ``benchmarks/fit_reader.py``);
   each step is on only when its cross-validated gain passed the script's shipping
   rule (in this version the candidate ranker passed and is on; the gender
   classifier did not and is off).

Bounded: the reader reads the first 20,000 characters of a generation (the length
the quality flag calls ``huge``), cuts a run of more than 150 words without a sentence
end (a capitalised run, read as one name, ends there too) and reads at most 300
characters of title (:mod:`.rules`). Its time grows linearly with the text read: a
hostile 2 MB generation costs what its first 20,000 characters cost.

Names are never used to guess gender: "Jordan", "Sasha" or "Elara" with no pronoun,
title or gendered noun reads as ``unknown``.

>>> a = analyse("# Marcus and the Sea\\n\\nIda mended nets. Marcus fished; he never cursed.")
>>> a.protagonist_name, a.gender
('Marcus', 'man')
"""

from __future__ import annotations

from homog_bench.structures.protagonist.layout import split_layout
from homog_bench.structures.protagonist.protagonist import Analysis, analyse

__all__ = ["Analysis", "analyse", "split_layout"]
