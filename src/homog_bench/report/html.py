"""One self-contained HTML page: the tables and the pictures (PNG inlined as data URIs).

It opens from disk with no network: no script, no stylesheet, no font or image is
fetched; everything is in the file.
"""

from __future__ import annotations

import base64
import html
import math

from homog_bench.report.leaderboard import COLUMNS, Block, Leaderboard
from homog_bench.report.plots import block_figures, render
from homog_bench.report.render import ARROW, RANKING, cell
from homog_bench.report.summary import format_figure

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
th { background: #f3f3f3; } td.label, th.label { text-align: left; }
img { max-width: 100%; margin: 0.5em 0; border: 1px solid #eee; }
.note { color: #555; font-size: 0.9em; }
"""


def _esc(text: object) -> str:
    return html.escape(str(text))


def block_table(block: Block) -> str:
    """The ranked table of one block as an HTML ``<table>``."""
    heads = ["rank", "model"] + [f"{block.title(c)} {ARROW[c.direction]}" for c in COLUMNS]
    heads += ["generations", "date"]
    rows = [
        "<tr>"
        + "".join(
            f'<th class="label">{_esc(h)}</th>' if i == 1 else f"<th>{_esc(h)}</th>"
            for i, h in enumerate(heads)
        )
        + "</tr>"
    ]
    for rank, run in enumerate(block.runs, 1):
        cells = [f"<td>{rank}</td>", f'<td class="label">{_esc(run.label)}</td>']
        cells += [f"<td>{_esc(format_figure(*cell(block, run, c)))}</td>" for c in COLUMNS]
        cells += [f"<td>{run.n_generations}</td>", f"<td>{_esc(run.date)}</td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="leaderboard">\n' + "\n".join(rows) + "\n</table>"


def _matrix(labels: list[str], matrix: list[list[float]]) -> str:
    head = "<tr><th></th>" + "".join(f"<th>{_esc(x)}</th>" for x in labels) + "</tr>"
    body = [
        f'<tr><td class="label">{_esc(label)}</td>'
        + "".join(f"<td>{_esc(format_figure(v))}</td>" for v in row)
        + "</tr>"
        for label, row in zip(labels, matrix, strict=True)
    ]
    return "<table>\n" + "\n".join([head, *body]) + "\n</table>"


def cross_section(block: Block) -> str:
    cm = block.cross
    if cm is None:
        return ""
    labels = [r.label for r in block.runs]
    tops = "".join(
        f'<tr><td class="label">{_esc(label)}</td><td class="label">'
        + _esc(", ".join(f"{n} ({c})" for n, c in top) or "none")
        + "</td></tr>"
        for label, top in zip(labels, cm.top_names, strict=True)
    )
    no_embeddings = all(math.isnan(v) for row in cm.similarity for v in row)
    similarity = (
        '<p class="note">n/a: these logs carry no embeddings.</p>'
        if no_embeddings
        else _matrix(labels, cm.similarity)
    )
    return f"""
<h3>Cross-model homogeneity</h3>
<table><tr><th class="label">model</th><th class="label">top names (count)</th></tr>
{tops}</table>
<p>Top-name overlap (Jaccard index of the top-5 sets; 1 = the same names): mean over pairs
{_esc(format_figure(cm.mean_overlap))}; in every model's top 5:
{_esc(", ".join(cm.shared_top) or "none")}.</p>
{_matrix(labels, cm.overlap)}
<p>Semantic similarity between models' generations for the same prompt (mean cosine over all
cross pairs, averaged over prompts; diagonal: within one model; higher = more alike): mean
between models {_esc(format_figure(cm.mean_between_similarity))}.</p>
{similarity}
"""


def pictures(block: Block) -> str:
    out = []
    for name, fig in block_figures(block).items():
        data = base64.b64encode(render(fig, "png")).decode("ascii")
        out.append(f'<img alt="{_esc(name)}" src="data:image/png;base64,{data}">')
    if not any("scatter" in x for x in out):
        out.append(
            '<p class="note">No normativity-against-semantic-homogeneity picture: these logs '
            "carry no semantic figures.</p>"
        )
    return "\n".join(out)


def to_html(board: Leaderboard) -> str:
    """The whole report as one HTML page."""
    sections = []
    for block in board.blocks:
        sections.append(
            f"<h2>value file <code>{_esc(block.values)}</code> · task "
            f"<code>{_esc(block.task)}</code></h2>\n{block_table(block)}\n"
            f"{cross_section(block)}\n{pictures(block)}"
        )
    skipped = ""
    if board.skipped:
        items = "".join(
            f"<li><code>{_esc(log)}</code>: {_esc(reason)}</li>" for log, reason in board.skipped
        )
        skipped = f"<h2>Skipped logs</h2><ul>{items}</ul>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>homog-bench leaderboard</title>
<style>{STYLE}</style></head>
<body>
<h1>homog-bench leaderboard</h1>
<p class="note">Logs: <code>{_esc(board.location)}</code>. {_esc(RANKING)}</p>
{"".join(sections)}
{skipped}
</body></html>
"""
