"""Shared fixtures: small, fast models for mechanism tests."""

from __future__ import annotations

import pytest

from ssrsim import SSRModel

#: A small population keeps mechanism tests fast; every rate is per capita.
SMALL = {"n_citizens": 2000}


@pytest.fixture
def make_model():
    """Build a model with a small population unless told otherwise."""

    def build(scenario: str = "kyrgyzstan", strategy: str = "status_quo", rng: int = 1, **overrides) -> SSRModel:
        return SSRModel(scenario, strategy, rng=rng, **{**SMALL, **overrides})

    return build


def quiet(**overrides) -> dict:
    """Overrides that switch off dated and random events, for clean comparisons."""
    return {"events_enabled": False, "crisis_hazard": 0.0, "leadership_hazard": 0.0, **overrides}
