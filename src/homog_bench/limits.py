"""Documented upper bounds on what one run may ask for, checked before anything is generated.

Without them ``-T n=100000000`` builds a hundred million samples (11 GB) before the
first call; a wrong file or a typo should be a one-line error instead.

>>> check_generations(samples=10, epochs=100)
>>> check_generations(samples=1000, epochs=10_000)
Traceback (most recent call last):
homog_bench._errors.HomogBenchError: -T n: 1000 samples x 10000 generations = 10000000 ...
"""

from __future__ import annotations

from homog_bench._errors import HomogBenchError

#: Largest ``-T n`` (generations per prompt, arm or branch).
MAX_N = 10_000
#: Largest ``-T k`` (answers shown, or answers per set).
MAX_K = 50
#: Most generations in one run (samples x n).
MAX_GENERATIONS = 1_000_000
#: Largest local prompt file (bytes).
MAX_PROMPT_FILE_BYTES = 64 << 20


def check_generations(samples: int, epochs: int) -> None:
    """Refuse a run of more than :data:`MAX_GENERATIONS` generations."""
    total = samples * epochs
    if total > MAX_GENERATIONS:
        raise HomogBenchError(
            f"-T n: {samples} samples x {epochs} generations = {total} generations; at most "
            f"{MAX_GENERATIONS} per run (fewer prompts or a smaller n)"
        )
