"""Content hashes of a run's inputs and the run id derived from them.

A run id changes whenever anything that decides a run's result changes (scenario values, the
strategy file, the overrides, the seed, the horizon, or the model itself: its code and the Mesa and
NumPy it runs on), so a store never mixes results of different inputs or models and a resumed sweep
recognises exactly the runs it already has.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from ssrsim.scenario import Scenario
from ssrsim.strategy import Strategy

#: The modules whose code decides a run's result; the runner, reports and the app do not.
MODEL_MODULES: tuple[str, ...] = (
    "agents",
    "citizens.py",
    "civil_society.py",
    "collector.py",
    "delivery.py",
    "events.py",
    "inputs.py",
    "kernels.py",
    "model.py",
    "outcomes.py",
    "parameters.py",
    "police_force.py",
    "policing.py",
    "politics.py",
    "population.py",
    "programmes.py",
    "scalar.py",
    "scenario.py",
    "scrutiny.py",
    "search.py",
    "strategy.py",
)
#: Modules a run imports that decide nothing beyond the values the run id already holds: messages,
#: where packaged files lie, and how a file's values are read and checked.
NOT_DECIDING: tuple[str, ...] = ("errors.py", "fields.py", "resources.py", "tomlfile.py")


@functools.cache
def model_digest() -> str:
    """Hash of the model's code and of the Mesa and NumPy versions it runs on."""
    root = Path(__file__).resolve().parents[1]
    files = sorted(
        path
        for name in MODEL_MODULES
        for path in ((root / name).rglob("*.py") if (root / name).is_dir() else [root / name])
    )
    h = hashlib.sha256(f"mesa {mesa.__version__} numpy {np.__version__}".encode())
    for path in files:
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def digest(data: Any) -> str:
    """SHA-256 of ``data`` as canonical JSON (sorted keys, no whitespace): stable across processes."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def scenario_hash(scenario: Scenario) -> str:
    """Hash of the merged scenario: every parameter value and event.

    Hashing the merged content rather than the one file also catches edits to the files it extends
    (``_base.toml``), and ignores edits to comments and sources that cannot change a result.
    """
    return digest(
        {
            "parameters": {name: p.value for name, p in scenario.parameters.items()},
            "regions": scenario.regions,
            "donors": scenario.donors,
            "events": [event.model_dump() for event in scenario.events],
        }
    )


def strategy_hash(strategy: Strategy) -> str:
    """Hash of the strategy file's bytes (a strategy extends nothing)."""
    return hashlib.sha256(strategy.path.read_bytes()).hexdigest()


def run_id(
    *,
    scenario: str,
    scenario_digest: str,
    strategy: str,
    strategy_digest: str,
    overrides: dict[str, Any],
    seed: int,
    horizon: int,
) -> str:
    """The id of one run: 16 hex digits of the hash of everything that determines its result."""
    return digest(
        {
            "scenario": [scenario, scenario_digest],
            "strategy": [strategy, strategy_digest],
            "overrides": overrides,
            "seed": seed,
            "horizon": horizon,
            "model": model_digest(),
        }
    )[:16]
