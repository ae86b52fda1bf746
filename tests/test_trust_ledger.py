"""The trust ledger: what changed citizens' trust, by cause, without changing a single result."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssrsim.model import SSRModel
from ssrsim.population import TRUST_CAUSES

ROOT = Path(__file__).resolve().parent.parent
#: A short run with a crisis likely and every kind of contact: Kyrgyzstan's south, holistic aid.
RUN = {"scenario": "kyrgyzstan", "strategy": "holistic", "rng": 3, "n_citizens": 2000, "horizon": 40}

HASH_RUN = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
import ssrsim
assert ssrsim.__file__.startswith(sys.argv[1]), ssrsim.__file__
from pandas.util import hash_pandas_object
from ssrsim.model import SSRModel
run = {run!r}
model = SSRModel(**run)
model.run_for(run["horizon"])
frame = model.datacollector.get_model_vars_dataframe()
print(hashlib.sha256(hash_pandas_object(frame, index=True).values.tobytes()).hexdigest())
"""


def frame_hash(frame: pd.DataFrame) -> str:
    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=True).values.tobytes()).hexdigest()


def run(ledger: bool) -> tuple[SSRModel, list[dict[str, float]]]:
    """The run, and with the ledger its cumulative entries after each quarter."""
    model = SSRModel(**RUN)
    entries = []
    if ledger:
        model.population.keep_trust_ledger()
    for _ in range(RUN["horizon"]):
        model.step()
        if ledger:
            entries.append(dict(model.population.trust_ledger))
    return model, entries


def test_the_ledger_changes_no_result() -> None:
    without, _ = run(ledger=False)
    with_ledger, _ = run(ledger=True)
    assert without.population.trust_ledger is None
    frames = [m.datacollector.get_model_vars_dataframe() for m in (without, with_ledger)]
    assert frame_hash(frames[0]) == frame_hash(frames[1])


def test_the_ledger_changes_no_result_against_mains_code(tmp_path: Path) -> None:
    """The same run with the code on main, where the ledger may not exist, gives the same table."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    archive = subprocess.run(
        [git, "-C", str(ROOT), "archive", "main", "ssrsim", "scenarios", "strategies"], capture_output=True
    )
    if archive.returncode != 0:
        pytest.skip("no main branch in this checkout")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp_path, filter="data")
    mains = subprocess.run(
        [sys.executable, "-c", HASH_RUN.format(run=RUN), str(tmp_path)], capture_output=True, text=True, check=True
    )
    model, _ = run(ledger=True)
    assert frame_hash(model.datacollector.get_model_vars_dataframe()) == mains.stdout.strip()


def test_the_causes_add_up_to_the_change_in_mean_trust() -> None:
    model, entries = run(ledger=True)
    n = model.population.n
    totals = np.array([[entry[cause] for cause in TRUST_CAUSES] for entry in entries]) / n
    quarterly = np.diff(np.vstack([np.zeros(len(TRUST_CAUSES)), totals]), axis=0)
    trust = model.datacollector.get_model_vars_dataframe()["trust"].to_numpy()
    np.testing.assert_allclose(quarterly.sum(axis=1), np.diff(trust), rtol=0, atol=1e-12)
    by_cause = dict(zip(TRUST_CAUSES, totals[-1], strict=True))
    assert by_cause["good contacts"] > 0 > by_cause["bribes"]
    assert by_cause["abuse"] < 0
    assert abs(by_cause["neighbours"]) < 1e-12  # opinions spread, but neighbours keep a region's mean
