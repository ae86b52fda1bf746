"""Seeds derived from an experiment's base seed with NumPy's ``SeedSequence``.

Replication k gets the same model seed in every scenario, strategy and design point (common random
numbers), so the difference between two strategies in replication k is a paired comparison. The
seeds depend only on the base seed and the replication number, never on the order of execution or
on Python's per-process salted ``hash()``, so every engine and worker count draws the same ones.
"""

from __future__ import annotations

import numpy as np

# distinct spawn keys keep the replication seeds and the design sampler independent streams
_REPLICATIONS = 0
_DESIGN = 1


def replication_seed(base: int, replication: int) -> int:
    """The model seed of replication ``replication``: 63 bits, so that it fits a signed 64-bit column."""
    state = np.random.SeedSequence(base, spawn_key=(_REPLICATIONS, replication)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def design_rng(base: int) -> np.random.Generator:
    """The generator that draws sampled designs (the Latin hypercube)."""
    return np.random.default_rng(np.random.SeedSequence(base, spawn_key=(_DESIGN,)))
