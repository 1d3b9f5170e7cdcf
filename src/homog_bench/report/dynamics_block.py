"""Dynamics runs on the leaderboard: one block per value file and trunk.

A dynamics run (task ``dynamics``, metric ``dynamics_figures``, figures in
:mod:`homog_bench.figures.dynamics`) continues one trunk from cut points along it. Its
row shows the **pull** (with its interval), each attribute's **commitment point** (words
into the trunk, with its interval; ``beyond the trunk`` when some resamples never
commit), the **drift** and **displacement** of the core along the trunk, the number of
cut points and of generations.

Ranking: by the pull, lower first. The pull is 1 − Σ d_k / Σ δ_k over the cuts whose
prefix departs from the default core: 1 = the continuations go back to the model's own
default whatever the opening says (the opening is undone: homogenized), 0 = they stay as
far from the default as the opening took them, < 0 = further. Of the dynamics figures it
is the one that measures collapse onto the default; the others are shown for context,
without an arrow. The commitment point says where the continuations settle on one
category, which depends as much on where the trunk itself names it as on the model (a
faithful model commits where the trunk does), and drift grows with sampling noise at
every cut. Runs are grouped by trunk (``-T trunk``): pulls from different trunks measure
different openings. A figure that is NaN is shown as ``n/a`` with the reason in the
block's notes (e.g. no cut's prefix departs from the default: no pull; the provider
returned no log-probabilities: no p(y)-weighted default core).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from homog_bench.figures import catalog
from homog_bench.report._logs import Run
from homog_bench.report.columns import Column

if TYPE_CHECKING:
    from homog_bench.report.leaderboard import Block

#: How dynamics blocks are ranked (printed under their title).
NOTE = (
    "Dynamics runs (continuations of one trunk from cut points along it), ranked by the pull "
    "(lower first): 1 = the continuations return to the model's default whatever the opening "
    "says, 0 = they stay as far from the default as the opening, < 0 = further. Commitment "
    "(words into the trunk from which one category holds): where the continuations settle; "
    "drift / displacement: how far the core moves along the trunk (drift also grows with "
    "sampling noise). Those are context, not ranked."
)
TRUNK_ARG = "-T trunk"
PY_ESS = catalog.in_arm(catalog.DEFAULT_ARM, "py_ess")


def trunk(run: Run) -> str:
    """The trunk a dynamics run continued (its ``-T trunk``; empty when not recorded).

    >>> trunk(Run("l", "dynamics", "m", "v", "s", "", {"-T trunk": "nurse_nonbinary"}, {}))
    'nurse_nonbinary'
    """
    return str(run.settings_key.get(TRUNK_ARG, ""))


def attributes(runs: Sequence[Run]) -> list[str]:
    """The attributes with a commitment point in any of ``runs``, in figure order."""
    found: list[str] = []
    for run in runs:
        for attr in catalog.commitments(run.figures):
            if attr not in found:
                found.append(attr)
    return found


def columns(runs: Sequence[Run]) -> tuple[Column, ...]:
    """Pull (the headline), then each attribute's commitment, drift, displacement, cuts.

    The first attribute's commitment column is keyed ``{attr}_commitment`` (role
    ``commitment``) so that the CSV has one commitment column for every block.
    """
    attrs = attributes(runs)
    out = [Column("pull", "pull", "lower")]
    for i, attr in enumerate(attrs):
        key = "{attr}_commitment" if i == 0 else catalog.attribute_figure(attr, "commitment")
        role = "commitment" if i == 0 else None
        out.append(Column(key, f"commitment {attr} (words)", None, role, unit="words"))
    out += [
        Column("drift", "drift", None),
        Column("displacement", "displacement", None),
        Column("n_cuts", "cut points", None, unit="count"),
    ]
    return tuple(out)


def attribute_roles(runs: Sequence[Run]) -> dict[str, str | None]:
    """The block's attribute roles: ``commitment`` is the first attribute that commits."""
    return {"commitment": next(iter(attributes(runs)), None)}


def unavailable(block: Block, run: Run) -> list[tuple[str, str]]:
    """(figure title, reason) of each figure of the run that is not available."""
    out = []
    for column in block.columns:
        key = block.key(column)
        value = math.nan if key is None else run.figures.get(key, math.nan)
        if math.isnan(value):
            out.append((block.title(column), _reason(key or "", run.figures)))
    if PY_ESS not in run.figures:
        out.append(
            (
                "p(y)-weighted default core",
                "the provider returned no token log-probabilities for every plain answer",
            )
        )
    return out


def _reason(key: str, figures: dict[str, float]) -> str:
    """Why a dynamics figure is NaN or absent.

    >>> _reason("pull", {"n_cuts": 4})
    'no prefix system for some cut (a prefix could not be read on its own)'
    >>> _reason("pull", {"pull": float("nan")})
    'no cut whose prefix departs from the default core'
    >>> _reason("g_commitment", {"g_commitment": float("nan")})
    "never commits: at the last cut no category holds the threshold's share"
    """
    if key == "pull":
        if key not in figures:
            return "no prefix system for some cut (a prefix could not be read on its own)"
        return "no cut whose prefix departs from the default core"
    if key.endswith(f"_{catalog.COMMITMENT}"):
        if key not in figures:
            return "no cut point with a reading of this attribute"
        return "never commits: at the last cut no category holds the threshold's share"
    if key in ("drift", "displacement"):
        return "fewer than two cut points with a core"
    return "not in the log"


def notes(block: Block) -> list[str]:
    """One sentence per run listing what is not available and why."""
    out = []
    for run in block.runs:
        missing = unavailable(block, run)
        if missing:
            out.append(
                f"{run.label}: not available: "
                + "; ".join(f"{title} ({reason})" for title, reason in missing)
                + "."
            )
    return out
