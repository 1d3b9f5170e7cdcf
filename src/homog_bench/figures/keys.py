"""Metadata keys and arm names shared by the tasks, solvers, scorers, metrics and reports.

:mod:`homog_bench.figures.catalog` re-exports every one of them: import them from there.
"""

from __future__ import annotations

__all__ = [
    "ARM",
    "BASELINE",
    "BRANCH_PREFIX",
    "CALIBRATED",
    "CALIBRATION",
    "CUT_ARM",
    "DEFAULT_ARM",
    "JUDGE_ONLY",
    "LOGPROB",
    "METADATA_KEY",
    "OPENING",
    "POSITION",
    "PREFIX_SYSTEM",
    "PROMPT_ID",
    "PROMPT_TEXT",
    "SET",
    "THRESHOLD",
    "VALIDITY",
    "XENO",
]

#: ``Score.metadata[METADATA_KEY]`` holds what the metric needs besides ``Score.value``.
METADATA_KEY = "homog_bench"
#: Sample (and score) metadata keys shared by the tasks, solvers, scorers and metrics.
PROMPT_ID = "prompt_id"
PROMPT_TEXT = "prompt_text"
ARM = "arm"
SET = "set"
#: ``Score.value`` key of one generation's validity (xeno tasks; 1, 0 or None = unknown).
VALIDITY = "validity"
#: ``Score.metadata[METADATA_KEY]`` key of a generation's calibration records (calibrated
#: attribute → in its judged subsample, offline category, judge's category).
CALIBRATION = "calibration"
#: ``<attr>_calibrated_<stat>`` and ``<attr>_judge_only_<stat>``: an attribute's figures
#: calibrated with a judged subsample, and from the judged subsample alone.
CALIBRATED = "calibrated"
JUDGE_ONLY = "judge_only"

#: Arms of the xeno-reproduction tasks and the prefix of a branching task's arms.
BASELINE = "baseline"
XENO = "xeno"
BRANCH_PREFIX = "branch:"
#: Arms of the dynamics task: plain answers (the default) and continuations of a cut
#: (figures ``cut:<words>/…``), and the metadata keys it adds.
DEFAULT_ARM = "default"
CUT_ARM = "cut"
OPENING = "opening"  # sample metadata: the fixed start of the answer (branching, dynamics)
POSITION = "position"  # words of the trunk before a continuation
PREFIX_SYSTEM = "prefix_system"  # Λ of the prefix read on its own
LOGPROB = "logprob"  # log p(y): sum, mean, n_tokens, when the provider returned them
THRESHOLD = "threshold"  # the commitment threshold the dynamics scorer was given
