"""Step 2, tokens: the words of the prose as parallel arrays.

For each word: its sentence, the punctuation before it, whether capitalisation
carries information there (not at a sentence start, after an opening quote or a
colon), whether it is a possessive ("Elara's") and whether it is inside dialogue
(double quotes; single quotes when a story uses no double quotes).
"""

from __future__ import annotations

from collections import Counter

from homog_bench.structures.protagonist.lexicons import NO_BREAK
from homog_bench.structures.protagonist.rules import (
    AMPM,
    CONTRACTED,
    MAX_SENTENCE_WORDS,
    NICKNAME,
    QUOTE_CAP,
    SEP,
    WORD,
)

__all__ = ["Tokens"]


def _single_quoted(prose: str) -> bool:
    """Dialogue in single quotes: an opening quote right before a capital letter."""
    return any(
        m.start() == 0 or prose[m.start() - 1] in " \n\t(—" for m in QUOTE_CAP.finditer(prose)
    )


class Tokens:
    """Parallel arrays over the words of the prose.

    Words between separators are found in bulk (``findall``); only the separators
    (sentence ends, quotes, commas, newlines) go through Python one by one.
    """

    __slots__ = ("commas", "dialogue", "free", "free_idx", "low", "poss", "pre", "quote", "sent",
                 "starts", "word")  # fmt: skip

    def __init__(self, prose: str) -> None:
        self.starts: list[int] = []  # index of the first word of each sentence
        self.commas: list[int] = []  # index of each word that follows a comma
        self.free_idx: list[int] = []
        self.dialogue: set[int] = set()  # sentences with quoted words
        self.word: list[str] = []
        self.low: list[str] = []
        self.poss: list[bool] = []
        self.sent: list[int] = []
        self.free: list[bool] = []  # capitalisation carries no information here
        self.quote: list[bool] = []
        self.pre: list[str] = []
        if "a.m." in prose or "p.m." in prose:
            prose = AMPM.sub(" ", prose)
        if " & " in prose:  # "Jamie & Alex": a pair, as "Jamie and Alex"
            prose = prose.replace(" & ", " and ")
        if '"' in prose or "“" in prose:  # 'Elliot "Luna" McLean': the name used is Luna
            prose = NICKNAME.sub(r"\1 ", prose)
        single = '"' not in prose and "“" not in prose and _single_quoted(prose)
        s = 0
        start = True
        inq = False
        gap = "n"
        pos = 0
        n_prose = len(prose)
        for m in SEP.finditer(prose):
            a = m.start()
            tok = m.group()
            c = tok[0]
            after = prose[a + 1] if a + 1 < n_prose else " "
            before = prose[a - 1] if a else " "
            if c in "'‘’" and before.isalpha() and after.isalpha():
                continue  # an apostrophe inside a word ("Elara's", "don't")
            if c in ".:" and before.isdigit() and after.isdigit():
                continue  # 3.5, 3:17
            if a > pos and self._words(prose[pos:a], s, start, inq, gap):
                start = False
                gap = ""
            pos = m.end()
            if c == "\n":
                if gap != "n":
                    s += 1
                start = True
                inq = False
                gap = "n"
            elif c in ".!?…":
                if gap == ".":
                    continue  # "...", "?!"
                if c == "." and gap == "" and self.word:
                    last = self.word[-1]
                    if last.lower() in NO_BREAK or (
                        len(last) == 1 and last != "I" and last.isupper()
                    ):  # "Dr. Voss", "J. R. Tolkien"
                        continue
                s += 1
                start = True
                gap = "."
            elif c in '"“”«»„':
                inq = not inq if c == '"' else c in "“«„"
                if inq:
                    start = True
                gap = "q"
            elif c in "'‘’":
                if single:
                    if not inq and (before.isspace() or before in "(—") and after.isalpha():
                        inq = True
                        start = True
                        gap = "q"
                    elif inq and not after.isalpha():
                        inq = False
                        gap = "q"
            else:
                gap = tok
                if tok == ":":
                    start = True
        if pos < n_prose:
            self._words(prose[pos:], s, start, inq, gap)
        if self.sent and max(Counter(self.sent).values()) > MAX_SENTENCE_WORDS:
            self._cut_long_sentences()

    def _cut_long_sentences(self) -> None:
        """Cut every run of more than ``MAX_SENTENCE_WORDS`` words without a sentence end.

        The later steps look at a sentence's characters as a whole; on a sentence that
        never ends (hostile text) that would take quadratic time. Sentence numbers after
        a cut move up by one, so the gaps between sentences stay as they were.
        """
        sent = self.sent
        offset = 0
        old = -1
        count = 0
        for k, s in enumerate(sent):
            if s != old:
                old = s
                count = 0
            elif count == MAX_SENTENCE_WORDS:
                offset += 1
                count = 0
            count += 1
            sent[k] = s + offset
        self.starts = [k for k in range(len(sent)) if k == 0 or sent[k] != sent[k - 1]]
        self.dialogue = {sent[k] for k, q in enumerate(self.quote) if q}

    def _words(self, span: str, s: int, start: bool, inq: bool, gap: str) -> bool:
        ws = WORD.findall(span)
        n = len(ws)
        if not n:
            return False
        poss = [False] * n
        if "'" in span or "’" in span:
            for k, tok in enumerate(ws):
                if "'" in tok or "’" in tok:
                    if len(tok) > 2 and tok[-2] in "'’" and tok[-1] in "sS":
                        poss[k] = not CONTRACTED.match(tok)
                        ws[k] = tok[:-2]
                    else:
                        c = CONTRACTED.match(tok)
                        if c:
                            ws[k] = c.group(1)
            self.low.extend([w.lower().replace("’", "'") for w in ws])
        else:
            self.low.extend([w.lower() for w in ws])
        here = len(self.word)
        if not self.sent or self.sent[-1] != s:
            self.starts.append(here)
        if start:
            self.free_idx.append(here)
        if gap == ",":
            self.commas.append(here)
        if inq:
            self.dialogue.add(s)
        self.word.extend(ws)
        self.poss.extend(poss)
        self.sent.extend([s] * n)
        self.quote.extend([inq] * n)
        free = [False] * n
        free[0] = start
        self.free.extend(free)
        pre = [""] * n
        pre[0] = gap
        self.pre.extend(pre)
        return True
