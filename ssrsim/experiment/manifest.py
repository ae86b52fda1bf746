"""The manifest of a store: what was run, with which inputs and software, and when.

Its ``fingerprint`` (the run ids, the outcomes kept and the parameters varied) decides whether a
store can be resumed by an experiment: the same fingerprint means the same runs and columns.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from ssrsim.experiment.identity import digest
from ssrsim.experiment.spec import ExperimentSpec, RunSpec

FORMAT = 3  # 2: the manifest records the parameters the design varied; 3: parts hold the fixed overrides
_PACKAGES = ("ssrsim", "mesa", "numpy", "pandas", "pyarrow", "duckdb")


def fingerprint(spec: ExperimentSpec, runs: Sequence[RunSpec]) -> str:
    """What identifies an experiment's results: its runs and the columns they fill."""
    return digest(
        {
            "runs": sorted(run.run_id for run in runs),
            "outcomes": list(spec.outcomes),
            "parameters": list(spec.varied()),
        }
    )


def versions() -> dict[str, str]:
    """Versions of Python and of the packages that shape the results."""
    return {"python": platform.python_version()} | {name: metadata.version(name) for name in _PACKAGES}


def build_manifest(spec: ExperimentSpec, runs: Sequence[RunSpec]) -> dict[str, Any]:
    """The manifest of a new store for ``spec``, whose expansion is ``runs``."""
    raw = spec.source.read_bytes() if spec.source is not None else None
    return {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "experiment": {
            "file": None if spec.source is None else str(spec.source),
            "text": None if raw is None else raw.decode("utf-8"),
            "sha256": None if raw is None else hashlib.sha256(raw).hexdigest(),
        },
        "spec": spec.model_dump(mode="json"),
        "runs": len(runs),
        "varied": list(spec.varied()),
        "fingerprint": fingerprint(spec, runs),
        "versions": versions(),
    }
