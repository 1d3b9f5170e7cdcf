"""Step 1, layout: separate the prose from chat preambles, titles and markdown.

Chat preambles ("Sure! Here's a story:"), postambles, ``#`` headings, ``Title:``
lines, ``**bold**`` title lines, rules, "The End" and markdown emphasis are removed;
the title is kept only as a hint for who the story is about.
"""

from __future__ import annotations

from homog_bench.structures.protagonist.rules import (
    BLANK_RUN,
    BULLET,
    EMPH,
    HEADING_WORD,
    LINK,
    MAX_TITLE_CHARS,
    MD_HEADING,
    META,
    POSTAMBLE,
    PREAMBLE,
    QUOTED_TITLE,
    RULE,
    TERMINAL,
    THE_END,
    TITLE_LABEL,
)

__all__ = ["split_layout"]


def _bare(line: str) -> str:
    if line[:1] in ">-+•0123456789":
        line = BULLET.sub("", line)
    if "](" in line:
        line = LINK.sub(r"\1", line)
    if "*" in line or "_" in line:
        line = EMPH.sub("", line)
    return line.strip()


def _is_heading(line: str, bare: str, first: bool, has_more: bool, blank_after: bool) -> bool:
    words = bare.split()
    if not words or len(words) > 14:
        return False
    if HEADING_WORD.match(bare) and len(words) <= 8:
        return True
    wrapped = len(line) > 2 and line[0] in "*_" and line[-1] in "*_"
    if wrapped and not TERMINAL.search(bare):
        return True
    if not first or not has_more or len(words) > 10 or TERMINAL.search(bare):
        return False
    if bare[0] in "\"“‘'(":
        return False
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    title_case = not long_words or capitalised / len(long_words) >= 0.6
    return title_case or blank_after


def split_layout(text: str) -> tuple[str, str]:
    """Split a generation into ``(title, prose)`` with markdown noise removed.

    >>> split_layout("Sure! Here's a story:\\n\\n**Elena's Garden**\\n\\nShe *dug*.\\n\\nThe End")
    ("Elena's Garden", 'She dug.')
    """
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    titles: list[str] = []
    nonempty = [i for i, ln in enumerate(lines) if ln]
    if len(nonempty) > 1:
        first = _bare(lines[nonempty[0]])
        if PREAMBLE.match(first) and (first.endswith((":", "!")) or "story" in first.lower()):
            found = QUOTED_TITLE.search(first[:MAX_TITLE_CHARS])
            if found:
                titles.append(found.group(1).strip())
            lines[nonempty[0]] = ""
        for i in reversed(nonempty[1:]):
            b = _bare(lines[i])
            if POSTAMBLE.match(b) or RULE.match(lines[i]) or THE_END.match(b):
                lines[i] = ""
                continue
            break
    body: list[str] = []
    seen_prose = False
    n = len(lines)
    last = max((i for i, ln in enumerate(lines) if ln), default=-1)
    for i, line in enumerate(lines):
        if not line:
            body.append("")
            continue
        heading = MD_HEADING.match(line)
        if heading and len(line.split()) <= 16:
            if not seen_prose:
                titles.append(_bare(heading.group(1).rstrip().rstrip("#").rstrip()))
            continue
        bare = _bare(line)
        if not bare or RULE.match(line) or THE_END.match(bare) or META.match(bare):
            continue
        label = TITLE_LABEL.match(bare)
        if label and not seen_prose:
            titles.append(_bare(label.group(1)))
            continue
        blank_after = i + 1 < n and not lines[i + 1]
        if _is_heading(line, bare, not seen_prose, i < last, blank_after):
            if not seen_prose:
                titles.append(bare)
            continue
        seen_prose = True
        body.append(bare)
    prose = "\n".join(body).strip()
    return " ".join(titles).strip(), BLANK_RUN.sub("\n\n", prose)
