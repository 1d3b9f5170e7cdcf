"""One self-contained HTML page: the tables and the pictures (PNG inlined as data URIs).

It opens from disk with no network: no script, no stylesheet, no font or image is
fetched; everything is in the file. It fits a narrow window: long run labels wrap,
the matrices name runs by their key (#1, #2, …), pictures scale to the page width.
"""

from __future__ import annotations

import base64
import html
import math
import re

from homog_bench.figures.examples import PromptExamples
from homog_bench.report import trust
from homog_bench.report.columns import Column, format_cell
from homog_bench.report.cross_section import matrix_omitted
from homog_bench.report.examples import reading
from homog_bench.report.leaderboard import Block, Leaderboard
from homog_bench.report.plots import block_figures, render, run_keys
from homog_bench.report.render import ARROW, RANKING, block_notes, cell, paired_lines
from homog_bench.report.summary import format_figure

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1em auto; padding: 0 1em; color: #222;
       max-width: 1200px; }
h1, h2, h3, h4 { overflow-wrap: break-word; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.8em; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.4em; text-align: right;
         overflow-wrap: break-word; }
th { background: #f3f3f3; font-weight: 600; }
td.label, th.label { text-align: left; min-width: 9em; overflow-wrap: anywhere; }
td.rank { white-space: nowrap; }
.ci { color: #555; font-size: 0.9em; }
img { max-width: 100%; height: auto; margin: 0.5em 0; border: 1px solid #eee; display: block; }
.note { color: #555; font-size: 0.9em; }
.unranked { color: #a33; }
blockquote { margin: 0.2em 0 0.6em 1em; padding-left: 0.6em; border-left: 3px solid #ccc;
             color: #333; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
"""


def _esc(text: object) -> str:
    return html.escape(str(text))


def block_table(block: Block) -> str:
    """The ranked table of one block as an HTML ``<table>``."""
    heads = ["rank", "key", "model"]
    heads += [f"{block.title(c)} {ARROW[c.direction]}".strip() for c in block.columns]
    heads += ["generations", "date"]
    rows = [
        "<tr>"
        + "".join(
            f'<th class="label">{_head(h)}</th>' if i == 2 else f"<th>{_head(h)}</th>"
            for i, h in enumerate(heads)
        )
        + "</tr>"
    ]
    keys = run_keys(block)
    for i, run in enumerate(block.runs):
        rank = block.band(i)
        css = ' class="rank unranked"' if block.bands[i] is None else ' class="rank"'
        cells = [f"<td{css}>{_esc(rank)}</td>", f"<td>{_esc(keys[i])}</td>"]
        cells.append(f'<td class="label">{_esc(run.label)}</td>')
        cells += [f"<td>{_cell_html(c, *cell(block, run, c))}</td>" for c in block.columns]
        cells += [f"<td>{run.n_generations}</td>", f"<td>{_esc(run.date)}</td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="leaderboard">\n' + "\n".join(rows) + "\n</table>"


def _head(text: str) -> str:
    """A column title that may wrap after an underscore and inside a long word (a soft
    hyphen in its middle), so a narrow window can still hold the table.

    >>> _head("D1 protagonist_gender ↑")
    'D1 prota&shy;gonist_<wbr>gender ↑'
    >>> _head("generations")
    'gener&shy;ations'
    """

    def soft(word: re.Match[str]) -> str:
        middle = len(word[0]) // 2
        return f"{word[0][:middle]}&shy;{word[0][middle:]}"

    return re.sub(r"[A-Za-z]{10,}", soft, _esc(text)).replace("_", "_<wbr>")


def _figure_html(value: float, low: float, high: float) -> str:
    """The value, and its interval below it (which may wrap after its comma).

    >>> _figure_html(0.5, 0.25, 0.75), _figure_html(float("nan"), 0.0, 1.0)
    ('0.500<br><span class="ci">[0.250, 0.750]</span>', 'n/a')
    """
    text = format_figure(value)
    interval = format_figure(value, low, high)[len(text) :].strip()
    return f'{_esc(text)}<br><span class="ci">{_esc(interval)}</span>' if interval else text


def _cell_html(column: Column, value: float, low: float, high: float) -> str:
    """A figure as :func:`_figure_html`; a trunk position or a count as printed in Markdown.

    >>> _cell_html(Column("c", "", None, unit="words"), 31.0, 10.0, float("inf"))
    '31 [10, beyond the trunk]'
    """
    if column.unit:
        return _esc(format_cell(column, value, low, high))
    return _figure_html(value, low, high)


def _matrix(labels: list[str], matrix: list[list[float]]) -> str:
    """A run × run matrix, its rows and columns named by the runs' keys."""
    omitted = matrix_omitted(len(labels))
    if omitted is not None:
        return f'<p class="note">{_esc(omitted)}</p>'
    head = "<tr><th></th>" + "".join(f"<th>{_esc(x)}</th>" for x in labels) + "</tr>"
    body = [
        f'<tr><th class="label">{_esc(label)}</th>'
        + "".join(f"<td>{_esc(format_figure(v))}</td>" for v in row)
        + "</tr>"
        for label, row in zip(labels, matrix, strict=True)
    ]
    return "<table>\n" + "\n".join([head, *body]) + "\n</table>"


def cross_section(block: Block) -> str:
    cm = block.cross
    if cm is None:
        return ""
    keys = run_keys(block)
    tops = "".join(
        f'<tr><td>{_esc(key)}</td><td class="label">{_esc(run.label)}</td><td class="label">'
        + _esc(", ".join(f"{n} ({c})" for n, c in top) or "none")
        + "</td></tr>"
        for key, run, top in zip(keys, block.runs, cm.top_names, strict=True)
    )
    table = (
        '<table><tr><th>key</th><th class="label">model</th>'
        f'<th class="label">top names (count)</th></tr>\n{tops}</table>'
    )
    if len(keys) < 2:
        return f"""
<h3>Names and similarity</h3>
{table}
<p>Top-name overlap: n/a (one run: no pair of models to compare). Semantic similarity within
the run: {_esc(format_figure(cm.similarity[0][0]))}.</p>
"""
    no_embeddings = all(math.isnan(v) for row in cm.similarity for v in row)
    similarity = (
        '<p class="note">n/a: these logs carry no embeddings.</p>'
        if no_embeddings
        else _matrix(keys, cm.similarity)
    )
    return f"""
<h3>Cross-model homogeneity</h3>
{table}
<p>Top-name overlap (Jaccard index of the top-5 sets; 1 = the same names): mean over pairs
{_esc(format_figure(cm.mean_overlap))}; in every model's top 5:
{_esc(", ".join(cm.shared_top) or "none")}.</p>
{_matrix(keys, cm.overlap)}
<p>Semantic similarity between models' generations for the same prompt (mean cosine over all
cross pairs, averaged over prompts; diagonal: within one model; higher = more alike): mean
between models {_esc(format_figure(cm.mean_between_similarity))}.</p>
{similarity}
"""


def notes_section(block: Block) -> str:
    """How the block is ranked, unranked runs, paired comparisons."""
    out = [f'<p class="note">{_esc(note)}</p>' for note in block_notes(block)]
    pairs = paired_lines(block, run_keys(block))
    if pairs:
        items = "".join(f"<li>{_esc(line)}</li>" for line in pairs)
        out.append(
            "<p>Paired on shared prompts (mean per-prompt difference, first − second):</p>"
            f"<ul>{items}</ul>"
        )
    return "\n".join(out)


def examples_section(block: Block) -> str:
    """Per run and prompt: the story nearest the core (the default) and the furthest."""
    if not block.examples:
        return ""
    out = [
        "<h3>The default story</h3>",
        '<p class="note">Per run and prompt, the generation nearest the core (the story the '
        "model keeps writing) and the one furthest from it, with their readings and deviance "
        "∂ from the prompt's core.</p>",
    ]
    keys = run_keys(block)
    for key, run, found in zip(keys, block.runs, block.examples, strict=True):
        out.append(f"<h4>{_esc(key)} {_esc(run.label)}</h4>")
        if not found:
            out.append('<p class="note">no scored generations.</p>')
        for ex in found:
            out.append(_prompt_examples(ex))
    return "\n".join(out)


def _prompt_examples(ex: PromptExamples) -> str:
    parts = [f"<p><b>{_esc(ex.prompt)}</b> ({ex.n} generations)</p>"]
    for what, gen in (("default (nearest the core)", ex.nearest), ("furthest", ex.furthest)):
        if gen is None:
            parts.append(
                f'<p class="note">{_esc(what)}: every generation is as near the core as the '
                "default.</p>"
            )
            continue
        parts.append(
            f'<p class="note">{_esc(what)}: {_esc(reading(gen))}</p>'
            f"<blockquote>{_esc(gen.excerpt)}</blockquote>"
        )
    return "\n".join(parts)


def pictures(block: Block, fallback: list[str]) -> str:
    """The block's pictures inlined; without matplotlib, a note (once per page) instead."""
    from homog_bench._errors import HomogBenchError

    out = []
    try:
        made = block_figures(block)
    except HomogBenchError as exc:
        fallback.append(str(exc))
        return ""
    for name, fig in made.items():
        data = base64.b64encode(render(fig, "png")).decode("ascii")
        out.append(f'<img alt="{_esc(name)}" src="data:image/png;base64,{data}">')
    if block.kind == "story" and "scatter" not in made:
        out.append(
            '<p class="note">No normativity-against-semantic-homogeneity picture: these logs '
            "carry no semantic figures.</p>"
        )
    return "\n".join(out)


def to_html(board: Leaderboard) -> str:
    """The whole report as one HTML page (tables only, with a note, without matplotlib)."""
    sections = []
    fallback: list[str] = []
    for block in board.blocks:
        trunk = f" · trunk <code>{_esc(block.detail)}</code>" if block.detail else ""
        sections.append(
            f"<h2>value file <code>{_esc(block.values)}</code> · task "
            f"<code>{_esc(block.task)}</code>{trunk}</h2>\n{block_table(block)}\n"
            f"{notes_section(block)}\n{trust.to_html(block)}\n{cross_section(block)}\n"
            f"{pictures(block, fallback)}\n"
            f"{examples_section(block)}"
        )
    skipped = ""
    if board.skipped:
        items = "".join(
            f"<li><code>{_esc(log)}</code>: {_esc(reason)}</li>" for log, reason in board.skipped
        )
        skipped = f"<h2>Skipped logs</h2><ul>{items}</ul>"
    missing = f'<p class="note"><b>Tables only:</b> {_esc(fallback[0])}</p>' if fallback else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>homog-bench leaderboard</title>
<style>{STYLE}</style></head>
<body>
<h1>homog-bench leaderboard</h1>
<p class="note">Logs: <code>{_esc(board.location)}</code>. {_esc(RANKING)}</p>
{missing}
{"".join(sections)}
{skipped}
</body></html>
"""
