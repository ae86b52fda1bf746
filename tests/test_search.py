"""The table search that picks the officer a citizen meets gives exactly ``np.searchsorted``'s answers."""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ssrsim.search import RightSearch

weights = st.lists(st.sampled_from([0.0, 1e-3, 0.1, 0.2, 0.3, 0.5, 1.0, 1.7]), min_size=1, max_size=60)


def _keys(edges: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random keys over the edges' range and a little beyond, the edges themselves and their neighbours."""
    top = float(edges[-1])
    near = np.concatenate([edges, np.nextafter(edges, np.inf), np.nextafter(edges, 0.0)])
    return np.concatenate([rng.random(400) * (1.01 * top + 1e-9), near, [0.0, top * 2.0 + 1.0]])


@settings(max_examples=300, deadline=None)
@given(weights, st.integers(0, 2**32 - 1))
def test_same_answers_as_searchsorted(w: list[float], seed: int) -> None:
    edges = np.cumsum(w)
    keys = _keys(edges, np.random.default_rng(seed))
    assert np.array_equal(RightSearch(edges, max_cells=10_000)(keys), np.searchsorted(edges, keys, side="right"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.0, 5.0), min_size=1, max_size=60), st.integers(0, 2**32 - 1))
def test_same_answers_for_arbitrary_weights(w: list[float], seed: int) -> None:
    edges = np.cumsum(w)
    keys = _keys(edges, np.random.default_rng(seed))
    assert np.array_equal(RightSearch(edges, max_cells=10_000)(keys), np.searchsorted(edges, keys, side="right"))


def test_edges_too_close_for_a_table_fall_back_to_searchsorted() -> None:
    edges = np.cumsum([1.0, 1e-9, 1.0])
    search = RightSearch(edges, max_cells=100)
    assert search.table is None
    keys = np.array([0.5, 1.0, 1.0 + 1e-9, 1.5, 3.0])
    assert np.array_equal(search(keys), np.searchsorted(edges, keys, side="right"))


def test_officers_met_are_the_binary_search_answers_after_a_staff_cut(make_model) -> None:
    model = make_model("georgia_2004", "no_aid", n_citizens=3000)
    model.run_for(12)  # past the staff cut, so some posts carry no weight
    force = model.force
    assert force.cuts > 0
    assert force._search.table is not None
    rng = np.random.default_rng(1)
    regions = rng.integers(0, len(model.regions), 20_000)
    u = rng.random(regions.size)
    target = force._region_low[regions] + u * force._region_total[regions]
    expected = np.minimum(np.searchsorted(force._cumulative, target, side="right"), force.n - 1)
    assert np.array_equal(force.pick(regions, u), expected)


def test_edges_a_subnormal_apart_fall_back_without_an_overflow_warning() -> None:
    edges = np.cumsum([5e-324, 5e-324, 5.0])  # cells as narrow as the gap would be too many to count
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        search = RightSearch(edges, max_cells=10_000)
    assert search.table is None
    keys = np.array([0.0, 5e-324, 1e-323, 2.5, 6.0])
    assert np.array_equal(search(keys), np.searchsorted(edges, keys, side="right"))
