"""The one home for figure names and metadata keys: how they are built, parsed and read.

Figure names are the contract between the figures (:mod:`homog_bench.figures.story`,
:mod:`homog_bench.figures.experiments`) and whoever reads a log (the reports,
``inspect view``, ``evals_df``). They are built and taken apart only here:

* ``<attr>_<stat>``: a figure of one attribute (``protagonist_gender_normativity``);
* ``<name>_ci_low`` / ``<name>_ci_high``: the bootstrap interval of ``<name>``;
* ``<name>@<prompt>``: the figure within one prompt;
* ``<arm>/<name>``: the figure within one arm of an experiment (``xeno/deviance_mean``,
  ``branch:his/core_protagonist_woman``);
* ``<name>_change``: xeno − baseline; ``core_distance_<a>_vs_<b>`` and
  ``core_shift_<a>_vs_<b>_<structure>`` between two branches.

:func:`role` says what a figure is about: its attribute, the direction that means *less
homogenized*, whether it carries an interval.

>>> ci_keys("deviance_mean")
('deviance_mean_ci_low', 'deviance_mean_ci_high')
>>> split_arm(in_arm("xeno", at_prompt("g_normativity", "nurse")))
('xeno', 'g_normativity@nurse')
>>> role("g_normativity", ["g"])
Role(stat='normativity', attribute='g', direction='lower', interval=True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from homog_bench.figures.keys import *  # noqa: F403 - the metadata keys, re-exported
from homog_bench.figures.keys import BRANCH_PREFIX, CUT_ARM

#: ``<attr>_commitment`` (+ interval) and ``<attr>_committed_share``: where a trunk commits.
COMMITMENT = "commitment"
COMMITTED_SHARE = "committed_share"

CI_LOW = "_ci_low"
CI_HIGH = "_ci_high"
PROMPT_SEPARATOR = "@"
ARM_SEPARATOR = "/"
CHANGE_SUFFIX = "_change"
CORE_DISTANCE = "core_distance_"
CORE_SHIFT = "core_shift_"
PAIR_AGREEMENT = "pair_agreement_"

Direction = Literal["lower", "higher"]

#: Statistics of one attribute and the direction that means less homogenized.
ATTRIBUTE_STATS: dict[str, Direction | None] = {
    "normativity": "lower",
    "amplification": "lower",
    "D0": "higher",
    "D1": "higher",
    "D2": "higher",
    "Dinf": "higher",
    "evenness": "higher",
    "js_target": "lower",
    "tv_target": "lower",
    "excluded": None,
    "missing": None,
    "commitment": None,
    "committed_share": None,
}
#: Figures that are not about one attribute, and their direction.
SYSTEM_STATS: dict[str, Direction | None] = {
    "deviance_mean": "higher",
    "deviance_normalized": "higher",
    "deviance_var": None,
    "names_top1_share": "lower",
    "names_top5_share": "lower",
    "names_distinct_ratio": "higher",
    "names_D1": "higher",
    "semantic_mean_similarity": "lower",
    "semantic_vendi": "higher",
    "lexical_compression_ratio": "lower",
    "xeno_gain": "higher",
    "xeno_gain_valid": "higher",
    "xeno_validity": "higher",
}
#: Statistics the metrics report with an interval (story ones: measures/intervals.py).
INTERVAL_STATS = frozenset(
    {"deviance_mean", "names_top1_share", "semantic_mean_similarity", "normativity", "D1"}
    | {"js_target", "tv_target", "xeno_gain", "xeno_gain_valid", "xeno_validity"}
    | {"validity_change"}
)


@dataclass(frozen=True)
class Role:
    """What a figure is about (see :func:`role`)."""

    stat: str
    attribute: str | None
    direction: Direction | None
    interval: bool


# --- building -----------------------------------------------------------------------


def attribute_figure(attribute: str, stat: str) -> str:
    """``<attr>_<stat>``.

    >>> attribute_figure("protagonist_gender", "normativity")
    'protagonist_gender_normativity'
    """
    return f"{attribute}_{stat}"


def ci_keys(name: str) -> tuple[str, str]:
    """The names of the interval bounds of ``name``."""
    return f"{name}{CI_LOW}", f"{name}{CI_HIGH}"


def at_prompt(name: str, prompt: str) -> str:
    """``<name>@<prompt>``."""
    return f"{name}{PROMPT_SEPARATOR}{prompt}"


def in_arm(arm: str, name: str) -> str:
    """``<arm>/<name>``."""
    return f"{arm}{ARM_SEPARATOR}{name}"


def change(name: str) -> str:
    """``<name>_change``: xeno − baseline."""
    return f"{name}{CHANGE_SUFFIX}"


def branch_arm(branch: str) -> str:
    """The arm of one branch of a branching task.

    >>> branch_arm("his"), branch_id("branch:his")
    ('branch:his', 'his')
    """
    return f"{BRANCH_PREFIX}{branch}"


def branch_id(arm: str) -> str:
    """The branch id of a branch arm (the inverse of :func:`branch_arm`)."""
    return arm[len(BRANCH_PREFIX) :] if arm.startswith(BRANCH_PREFIX) else arm


def cut_arm(position: int) -> str:
    """The figure arm of the dynamics task's cut after ``position`` words.

    >>> cut_arm(45), cut_position("cut:45")
    ('cut:45', 45)
    """
    return f"{CUT_ARM}:{position}"


def cut_position(arm: str) -> int:
    """The position of a cut arm (the inverse of :func:`cut_arm`)."""
    return int(arm.split(":", 1)[1])


def commitments(figures: Iterable[str]) -> dict[str, str]:
    """``{attribute: figure}`` of the dynamics task's commitment points (without bounds).

    >>> commitments(["g_commitment", "g_commitment_ci_low", "g_committed_share", "drift"])
    {'g': 'g_commitment'}
    """
    suffix = f"_{COMMITMENT}"
    return {k[: -len(suffix)]: k for k in figures if k.endswith(suffix) and is_pooled(k)}


def cut_arms(figures: Iterable[str]) -> list[str]:
    """The dynamics task's cut arms in trunk order.

    >>> cut_arms(["cut:45/n", "cut:9/n", "default/core_w", "drift"])
    ['cut:9', 'cut:45']
    """
    return sorted((a for a in arms(figures) if a.startswith(f"{CUT_ARM}:")), key=cut_position)


def is_dynamics(figures: Iterable[str]) -> bool:
    """Figures of the dynamics task (they count cut points)."""
    return "n_cuts" in set(figures)


def is_branch(arm: str) -> bool:
    """Whether ``arm`` is a branch of a branching task."""
    return arm.startswith(BRANCH_PREFIX)


def core_distance(a: str, b: str) -> str:
    """``core_distance_<a>_vs_<b>`` (branch ids)."""
    return f"{CORE_DISTANCE}{a}_vs_{b}"


def core_shift(a: str, b: str, structure: str) -> str:
    """``core_shift_<a>_vs_<b>_<structure>`` (branch ids, a structure id)."""
    return f"{CORE_SHIFT}{a}_vs_{b}_{structure}"


def pair_agreement(judged: str, offline: str, stat: str) -> str:
    """``pair_agreement_<judged>_vs_<offline>_<stat>``: a judged structure against the
    offline one in its ``agrees_with`` (stat ``accuracy``, ``kappa`` or ``n``)."""
    return f"{PAIR_AGREEMENT}{judged}_vs_{offline}_{stat}"


def pair_agreements(figures: Iterable[str]) -> dict[str, str]:
    """``{"<judged> vs <offline>": prefix}`` of the pair agreements (name = prefix + stat).

    >>> pair_agreements([pair_agreement("w_j", "w", "n"), pair_agreement("w_j", "w", "kappa")])
    {'w_j vs w': 'pair_agreement_w_j_vs_w_'}
    """
    found = (k[: -len("n")] for k in figures if k.startswith(PAIR_AGREEMENT) and k.endswith("_n"))
    return {k[len(PAIR_AGREEMENT) : -1].replace("_vs_", " vs ", 1): k for k in found}


def family(prefix: str, member: object) -> str:
    """``<prefix>_<member>``: one figure of a family (``n_refusal``, ``core_<structure>``,
    ``core_mode_<structure>``, ``missing_<structure>``, ``names_top1_share``,
    ``lexical_ngram_diversity_2``, ``semantic_vendi``).

    >>> family("core", "protagonist_woman"), family("core_mode", "x"), family("n", "empty")
    ('core_protagonist_woman', 'core_mode_x', 'n_empty')
    """
    return f"{prefix}_{member}"


# --- parsing ------------------------------------------------------------------------


def is_pooled(name: str) -> bool:
    """Not a per-prompt figure (no ``@prompt``)."""
    return PROMPT_SEPARATOR not in name


def is_bound(name: str) -> bool:
    """An interval bound (``_ci_low``/``_ci_high``)."""
    return name.endswith((CI_LOW, CI_HIGH))


def split_arm(name: str) -> tuple[str | None, str]:
    """(arm, rest) of ``<arm>/<name>``; (None, name) without an arm. A ``/`` in the prompt
    id of a per-prompt figure is not an arm.

    >>> split_arm("xeno/deviance_mean"), split_arm("deviance_mean@stories/nurse")
    (('xeno', 'deviance_mean'), (None, 'deviance_mean@stories/nurse'))
    """
    if ARM_SEPARATOR not in name.partition(PROMPT_SEPARATOR)[0]:
        return None, name
    arm, _, rest = name.partition(ARM_SEPARATOR)
    return arm, rest


def arms(figures: Iterable[str]) -> list[str]:
    """The arms that figures are reported for, sorted.

    >>> arms(["n_generations", "xeno/deviance_mean", "baseline/n_prompts"])
    ['baseline', 'xeno']
    """
    return sorted({arm for arm, _ in map(split_arm, figures) if arm is not None})


def has_arms(figures: Iterable[str]) -> bool:
    """Figures of an experiment (per-arm or per-branch blocks)."""
    return bool(arms(figures))


def attributes(figures: Iterable[str]) -> list[str]:
    """The attributes a set of pooled figures covers, in figure order.

    Every attribute reports ``<attr>_excluded``, so that figure names it.

    >>> attributes(["n_generations", "g_excluded", "g_normativity", "g_excluded@nurse"])
    ['g']
    """
    suffix = "_excluded"
    return [k[: -len(suffix)] for k in figures if k.endswith(suffix) and is_pooled(k)]


def with_prefix(figures: Iterable[str], prefix: str) -> dict[str, str]:
    """Pooled figures named ``<prefix><rest>``, as ``{rest: name}``.

    >>> with_prefix(["g_share_woman", "g_share_man@ceo", "g_D1"], "g_share_")
    {'woman': 'g_share_woman'}
    """
    return {k[len(prefix) :]: k for k in figures if k.startswith(prefix) and is_pooled(k)}


def shares(figures: Iterable[str], attribute: str) -> dict[str, str]:
    """``{category: figure}`` of an attribute's shares."""
    return with_prefix(figures, attribute_figure(attribute, "share_"))


def changes(figures: Iterable[str]) -> list[str]:
    """The unprefixed ``<name>_change`` figures, as the names changed (validity left out).

    >>> changes(["xeno_gain", "g_normativity_change", "validity_change", "xeno/x_change"])
    ['g_normativity']
    """
    return sorted(
        k[: -len(CHANGE_SUFFIX)]
        for k in figures
        if k.endswith(CHANGE_SUFFIX) and split_arm(k)[0] is None and not k.startswith("validity")
    )


def core_distances(figures: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``{figure: (a, b)}`` of the branch core distances (without their bounds).

    >>> core_distances(["core_distance_his_vs_her", "core_distance_his_vs_her_ci_low"])
    {'core_distance_his_vs_her': ('his', 'her')}
    """
    out: dict[str, tuple[str, str]] = {}
    for k in figures:
        if k.startswith(CORE_DISTANCE) and not is_bound(k):
            a, _, b = k[len(CORE_DISTANCE) :].partition("_vs_")
            out[k] = (a, b)
    return dict(sorted(out.items()))


def role(name: str, known_attributes: Iterable[str] | None = None) -> Role:
    """The role of a pooled figure: its statistic, attribute, direction and interval.

    Without ``known_attributes`` an attribute figure is told by its statistic.

    >>> role("deviance_mean")
    Role(stat='deviance_mean', attribute=None, direction='higher', interval=True)
    >>> role("g_share_woman", ["g"]).direction is None
    True
    >>> role("protagonist_gender_js_target").attribute
    'protagonist_gender'
    """
    if name in SYSTEM_STATS:
        return Role(name, None, SYSTEM_STATS[name], name in INTERVAL_STATS)
    if known_attributes is None:
        stats = sorted(ATTRIBUTE_STATS, key=len, reverse=True)
        stat = next((s for s in stats if name.endswith(f"_{s}")), None)
        if stat is not None:
            attr = name[: -len(stat) - 1]
            return Role(stat, attr, ATTRIBUTE_STATS[stat], stat in INTERVAL_STATS)
    for attr in sorted(known_attributes or (), key=len, reverse=True):
        if name.startswith(f"{attr}_"):
            stat = name[len(attr) + 1 :]
            return Role(stat, attr, ATTRIBUTE_STATS.get(stat), stat in INTERVAL_STATS)
    return Role(name, None, None, name in INTERVAL_STATS)


def direction(stat: str) -> Direction:
    """The direction that means less homogenized, for a statistic that has one.

    >>> direction("normativity"), direction("deviance_mean")
    ('lower', 'higher')
    """
    found = ATTRIBUTE_STATS.get(stat) or SYSTEM_STATS.get(stat)
    if found is None:
        raise KeyError(f"{stat}: no direction (not a ranked statistic)")
    return found


def pooled_counts(figures: Mapping[str, float], prefix: str) -> dict[str, int]:
    """Non-zero pooled counts named ``<prefix><what>``, as ``{what: count}``.

    >>> pooled_counts({"n_generations": 9, "n_refusal": 2, "n_empty": 0, "n_refusal@a": 1}, "n_")
    {'generations': 9, 'refusal': 2}
    """
    return {k: int(figures[n]) for k, n in with_prefix(figures, prefix).items() if figures[n]}


def attribute_roles(figures: Mapping[str, float]) -> dict[str, str | None]:
    """Which attribute fills each leaderboard role: ``headline`` (the first with a
    normativity rate), ``closed`` (the first whose D1 has an interval, else any D1) and
    ``target`` (the first with a divergence to its target).

    >>> attribute_roles({"g_excluded": 0, "g_normativity": .5, "g_D1": 1.2})
    {'headline': 'g', 'closed': 'g', 'target': None}
    """
    attrs = attributes(figures)

    def first(stat: str) -> str | None:
        return next((a for a in attrs if attribute_figure(a, stat) in figures), None)

    return {
        "headline": first("normativity"),
        "closed": first(ci_keys("D1")[0]) or first("D1"),
        "target": first("js_target"),
    }


def headline(normative_attributes: Iterable[str]) -> str:
    """The figure shown first: the first normative attribute's rate, else mean deviance.

    >>> headline(["g"]), headline([])
    ('g_normativity', 'deviance_mean')
    """
    first = next(iter(normative_attributes), None)
    return "deviance_mean" if first is None else attribute_figure(first, "normativity")
