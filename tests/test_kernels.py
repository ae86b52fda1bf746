"""The fused loops give the NumPy rules' results to the last bit (``ssrsim.kernels``)."""

from __future__ import annotations

import numpy as np
import pytest

from ssrsim import SSRModel, kernels

#: Runs that reach every fused loop: each country (one, two and three regions' worth of officers and
#: citizens), a rival that feeds the poll another pressure, a crisis-prone run, and a tiny population.
CASES = [
    ("kyrgyzstan", "holistic", 1, {}),
    ("kazakhstan", "community_policing", 2, {"n_citizens": 3000}),
    ("tajikistan", "civil_society_first", 3, {"crisis_hazard": 0.5}),
    ("kyrgyzstan", "oversight_support", 4, {"rival_state_pollsters": True, "n_citizens": 500}),
    ("georgia_2004", "status_quo", 5, {"n_citizens": 2000}),
]

CITIZEN_ARRAYS = ("trust", "grievance", "fear", "engagement", "reporting", "protesting")


def _run(case: tuple, fused_from: int, monkeypatch: pytest.MonkeyPatch) -> SSRModel:
    scenario, strategy, seed, overrides = case
    monkeypatch.setattr(kernels, "FUSED_FROM", fused_from)
    model = SSRModel(scenario, strategy, rng=seed, **overrides)
    model.run_for(40)
    return model


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_the_fused_path_gives_the_numpy_rules_results(case: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _run(case, 10**9, monkeypatch)
    fused = _run(case, 0, monkeypatch)
    assert not reference.population.fused
    assert fused.population.fused
    assert reference.datacollector.get_model_vars_dataframe().equals(fused.datacollector.get_model_vars_dataframe())
    for name in CITIZEN_ARRAYS:
        assert np.array_equal(getattr(reference.population, name), getattr(fused.population, name)), name
    assert np.array_equal(reference.force.orientation, fused.force.orientation)


def test_a_trust_ledger_reads_the_numpy_rules_and_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernels, "FUSED_FROM", 0)
    plain = SSRModel("kyrgyzstan", "holistic", rng=6, n_citizens=2000)
    ledgered = SSRModel("kyrgyzstan", "holistic", rng=6, n_citizens=2000)
    ledgered.population.keep_trust_ledger()
    plain.run_for(12)
    ledgered.run_for(12)
    assert np.array_equal(plain.population.trust, ledgered.population.trust)
    assert sum(ledgered.population.trust_ledger.values()) != 0.0


def test_the_fused_loops_search_like_numpy_where_no_table_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Edges too close together for a lookup table: the loop falls back to a binary search."""
    from ssrsim import search

    monkeypatch.setattr(search.RightSearch, "_build", lambda self, width: False)
    case = ("kyrgyzstan", "holistic", 7, {"n_citizens": 2000})
    reference = _run(case, 10**9, monkeypatch)
    fused = _run(case, 0, monkeypatch)
    assert fused.force._search.table is None
    assert reference.datacollector.get_model_vars_dataframe().equals(fused.datacollector.get_model_vars_dataframe())


def test_without_numba_every_population_keeps_the_numpy_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernels, "FUSED_FROM", 0)
    monkeypatch.setattr(kernels, "available", lambda: False)
    model = SSRModel("kyrgyzstan", "holistic", rng=8, n_citizens=500)
    model.run_for(2)
    assert not model.population.fused


def test_a_police_without_tables_is_met_by_the_numpy_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Population.encounter`` takes any function of the contacts; only ``policing.Meeting`` also
    offers the tables the fused loop reads."""
    from ssrsim import policing

    monkeypatch.setattr(kernels, "FUSED_FROM", 0)
    with_tables = SSRModel("kyrgyzstan", "holistic", rng=9, n_citizens=1000)
    plain = SSRModel("kyrgyzstan", "holistic", rng=9, n_citizens=1000)
    monkeypatch.setattr(policing, "Meeting", lambda model: lambda *contact: policing.meet(model, *contact))
    plain.run_for(4)
    monkeypatch.undo()
    monkeypatch.setattr(kernels, "FUSED_FROM", 0)
    with_tables.run_for(4)
    assert plain.datacollector.get_model_vars_dataframe().equals(with_tables.datacollector.get_model_vars_dataframe())
