"""Generation strategies.

Inspect passes the same ``--seed`` to every epoch, which makes seeded backends
repeat themselves. :func:`sample_with_seed` derives one seed per (sample, epoch)
from the configured seed, so repeated generations differ yet reproduce.
"""

from __future__ import annotations

import hashlib

from inspect_ai.solver import Generate, Solver, TaskState, solver

from homog_bench._compat import active_generate_config


def derive_seed(base: int, sample_id: str | int, epoch: int) -> int:
    """A reproducible 31-bit seed for one generation.

    >>> derive_seed(1, "nurse", 1) == derive_seed(1, "nurse", 1)
    True
    >>> derive_seed(1, "nurse", 1) != derive_seed(1, "nurse", 2)
    True
    """
    digest = hashlib.blake2b(f"{base}|{sample_id}|{epoch}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (2**31 - 1)


@solver
def sample_with_seed(seed: int | None = None) -> Solver:
    """Generate once, with a per-epoch seed derived from ``seed`` (or ``--seed``) if any."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        base = seed if seed is not None else active_generate_config().seed
        if base is None:
            return await generate(state)
        return await generate(state, seed=derive_seed(base, state.sample_id, state.epoch))

    return solve
