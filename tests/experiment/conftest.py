"""Small experiments for the experiment tests: one country, few runs, short horizons, 1,000 citizens."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from ssrsim.experiment import Store, load_experiment, run_experiment

SSRSIM = str(Path(sys.executable).with_name("ssrsim"))

WriteExperiment = Callable[..., Path]


def experiment_text(
    *,
    scenarios: Sequence[str] = ("kyrgyzstan",),
    strategies: Sequence[str] = ("no_aid", "holistic"),
    replications: int = 2,
    horizon: int = 8,
    seed: int = 11,
    outcomes: Sequence[str] = ("trust", "accountability", "spent", "reported_success", "real_change"),
    overrides: dict[str, Any] | None = None,
    tail: str = "",
) -> str:
    """An experiment file; JSON arrays and strings are valid TOML, which keeps this short."""
    lines = [
        f"scenarios = {json.dumps(list(scenarios))}",
        f"strategies = {json.dumps(list(strategies))}",
        f"replications = {replications}",
        f"horizon = {horizon}",
        f"seed = {seed}",
        f"outcomes = {json.dumps(list(outcomes))}",
        "[overrides]",
        *(f"{k} = {json.dumps(v)}" for k, v in ({"n_citizens": 1000} | (overrides or {})).items()),
        tail,
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def write_experiment(tmp_path: Path) -> WriteExperiment:
    """Write an experiment file into the test's folder (keywords as for ``experiment_text``)."""

    def write(name: str = "small.toml", **keys: Any) -> Path:
        path = tmp_path / name
        path.write_text(experiment_text(**keys), encoding="utf-8")
        return path

    return write


GRID = """
[design.grid]
political_will = [0.2, 0.4]
funding_scale = [0.5, 1.0]
"""


#: Mark of the tests that use ``grid_store``: they run on one xdist worker, which builds it once.
GRID_STORE = pytest.mark.xdist_group("grid-store")


@pytest.fixture(scope="session")
def grid_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A finished store of a 2 x 2 grid under two strategies: 16 runs of 8 quarters (mark users GRID_STORE)."""
    folder = tmp_path_factory.mktemp("grid")
    path = folder / "grid.toml"
    path.write_text(experiment_text(tail=GRID), encoding="utf-8")
    return run_experiment(load_experiment(path), folder / "store", workers=1, progress=False).store


def export_bytes(store: Store, path: Path) -> bytes:
    """The store's CSV export, as bytes."""
    store.export_csv(path)
    return path.read_bytes()
