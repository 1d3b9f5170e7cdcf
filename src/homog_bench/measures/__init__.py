"""The pure math of homog-bench: numbers and strings in, numbers out.

No Inspect imports and no other homog-bench module; numpy, scipy and the standard
library only; ``scorers/homogenization.md`` defines each figure. Degenerate data (no
generations, everything excluded, a zero reference probability, an empty corpus) never
raises: scalar measures
return a :class:`Measured` whose ``reason`` says why the value is NaN, and
vector measures put NaN where a value is undefined. Only programmer errors
(an unknown norm, a q that is not a number, mismatched shapes) raise
:class:`ValueError`. Nothing is rounded.

>>> from homog_bench.measures import core, hill_number
>>> core([[1, 0], [0, 1], [1, 1], [1, 0]])
array([0.75, 0.5 ])
>>> hill_number([1, 1], 1)
Measured(value=2.0, reason=None)
"""

from homog_bench.measures._result import Measured, undefined
from homog_bench.measures._util import group_members
from homog_bench.measures.bootstrap import (
    Estimate,
    bootstrap_ci,
    bootstrap_cis,
    bootstrap_replicates,
    nested_replicates,
    percentile_interval,
    resample_of,
    resample_weights,
)
from homog_bench.measures.calibration import CalibratedFigures, Calibration, calibrate
from homog_bench.measures.categorical import (
    NormativityDetail,
    amplification,
    category_counts,
    normativity_detail,
    normativity_rate,
    one_hot,
    representation_ratios,
    shares,
)
from homog_bench.measures.divergence import (
    align,
    jensen_shannon,
    jensen_shannon_rows,
    total_variation,
    total_variation_rows,
)
from homog_bench.measures.diversity import (
    evenness,
    hill_key,
    hill_number,
    hill_numbers,
    hill_profile,
)
from homog_bench.measures.dynamics import commitment_index, drift, entropy_bits, pull
from homog_bench.measures.generalized import (
    NAMED_CORES,
    escort,
    generalized_core,
    named_cores,
    power_mean,
)
from homog_bench.measures.lexical import (
    compression_ratio,
    ngram_diversity,
    ngram_diversity_profile,
    tokenize,
)
from homog_bench.measures.names import (
    NAME_COLLAPSE_KEYS,
    distinct_ratio,
    name_collapse,
    normalize_name,
    weighted_top_share,
)
from homog_bench.measures.ppi import kappa_rows, ppi_mean
from homog_bench.measures.probability import (
    SequenceLogprob,
    distinct_output_weights,
    effective_sample_size,
    importance_weights,
    sequence_logprob,
)
from homog_bench.measures.semantic import (
    mean_pairwise_similarity,
    normalize_rows,
    vendi_score,
    weighted_mean_pairwise_similarity,
)
from homog_bench.measures.systems import (
    NORM_NAMES,
    core,
    deviance,
    deviance_summary,
    norm_maximum,
    norms,
    orientation,
)
from homog_bench.measures.trunk import AttributeCuts, Commitment, Dynamics, trunk_dynamics
from homog_bench.measures.weighted import (
    weighted_category_shares,
    weighted_deviance_summary,
    weighted_mean,
    weighted_normativity,
)

__all__ = [
    "NAMED_CORES",
    "NAME_COLLAPSE_KEYS",
    "NORM_NAMES",
    "AttributeCuts",
    "CalibratedFigures",
    "Calibration",
    "Commitment",
    "Dynamics",
    "Estimate",
    "Measured",
    "NormativityDetail",
    "SequenceLogprob",
    "align",
    "amplification",
    "bootstrap_ci",
    "bootstrap_cis",
    "bootstrap_replicates",
    "calibrate",
    "category_counts",
    "commitment_index",
    "compression_ratio",
    "core",
    "deviance",
    "deviance_summary",
    "distinct_output_weights",
    "distinct_ratio",
    "drift",
    "effective_sample_size",
    "entropy_bits",
    "escort",
    "evenness",
    "generalized_core",
    "group_members",
    "hill_key",
    "hill_number",
    "hill_numbers",
    "hill_profile",
    "importance_weights",
    "jensen_shannon",
    "jensen_shannon_rows",
    "kappa_rows",
    "mean_pairwise_similarity",
    "name_collapse",
    "named_cores",
    "nested_replicates",
    "ngram_diversity",
    "ngram_diversity_profile",
    "norm_maximum",
    "normalize_name",
    "normalize_rows",
    "normativity_detail",
    "normativity_rate",
    "norms",
    "one_hot",
    "orientation",
    "percentile_interval",
    "power_mean",
    "ppi_mean",
    "pull",
    "representation_ratios",
    "resample_of",
    "resample_weights",
    "sequence_logprob",
    "shares",
    "tokenize",
    "total_variation",
    "total_variation_rows",
    "trunk_dynamics",
    "undefined",
    "vendi_score",
    "weighted_category_shares",
    "weighted_deviance_summary",
    "weighted_mean",
    "weighted_mean_pairwise_similarity",
    "weighted_normativity",
    "weighted_top_share",
]
