"""Properties that hold for any valid parameter set: finite outcomes, indices in [0, 1], and no
more money spent than allocated."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrsim import SSRModel, load_scenario
from ssrsim.outcomes import COLUMNS, INDICES
from ssrsim.resources import available

#: Parameters a property test must not vary freely: run size, and the branch shares, which must leave
#: room for the criminal police (their refusal has its own test). Regional shares vary: they are
#: rescaled to add up to one, unless every region's is zero (refused, tested in test_fuzz).
FIXED = ("n_citizens", "horizon", "start_year", "patrol_share", "special_share")


def _value(name: str, pdef) -> st.SearchStrategy:
    if pdef.kind is bool:
        return st.booleans()
    lo, hi = pdef.bounds
    if pdef.kind is int:
        return st.integers(int(lo), int(min(hi, lo + 1000)))
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def parameter_sets(draw) -> tuple[str, str, dict]:
    scenario = draw(st.sampled_from(["kazakhstan", "kyrgyzstan", "tajikistan"]))
    strategy = draw(st.sampled_from(available("strategies")))
    spec = load_scenario(scenario)
    names = [n for n in spec.parameters if not any(f in n for f in FIXED)]
    chosen = draw(st.lists(st.sampled_from(names), min_size=5, max_size=40, unique=True))
    overrides = {n: draw(_value(n, spec.parameters[n].definition)) for n in chosen}
    return scenario, strategy, overrides


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parameter_sets(), st.integers(0, 2**31 - 1))
def test_outcomes_stay_valid_for_any_valid_parameters(case, seed) -> None:
    scenario, strategy, overrides = case
    model = SSRModel(scenario, strategy, rng=seed, n_citizens=200, **overrides)
    model.run_for(8)
    frame = model.datacollector.get_model_vars_dataframe()
    values = frame[list(COLUMNS)].astype(float)
    assert [c for c in COLUMNS if not np.isfinite(values[c]).all()] == []
    indices = values[list(INDICES)]
    assert [c for c in INDICES if not indices[c].between(0.0, 1.0).all()] == []
    assert (frame["spent"] <= frame["allocated"] + 1e-9).all()
    assert (frame["casualties"].diff().fillna(0) >= 0).all()
