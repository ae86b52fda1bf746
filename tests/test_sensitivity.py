"""The sensitivity pipeline end to end on a small sample, and its input errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ssrsim import InputError, load_scenario
from ssrsim.experiment import Store
from ssrsim.sensitivity import free_parameters, load_sensitivity, morris, sobol

SMALL = """
[sensitivity]
scenarios = ["tajikistan"]
strategies = ["status_quo", "train_and_equip"]
outcomes = ["trust", "repression_capacity_now"]
seed = 3
horizon = 16
parameters = ["trust_asymmetry", "contact_rate", "equipment_effect", "repression_propensity", "equipment_decay"]
[sensitivity.overrides]
n_citizens = 400
[sensitivity.morris]
trajectories = 4
[sensitivity.sobol]
samples = 8
top = 3
"""


def test_free_parameters_are_every_value_no_source_measures() -> None:
    """Assumptions, values judged from a source's words and hand-calibrated values vary; definitions,
    measured values and run settings do not."""
    spec = load_scenario("kyrgyzstan")
    free = free_parameters(spec, "assumptions")
    assert "trust_asymmetry" in free  # "assumption: ..."
    assert "political_will" in free  # judged from the papers' words, with a plausible range
    assert "corruption_peer_effect" in free
    assert "funding_scale" not in free  # a definition (a lever)
    assert "oversight_strength" not in free
    assert "equipment_cost" not in free
    assert "n_citizens" not in free
    assert "min_officers_per_unit" not in free
    georgia = load_scenario("georgia_2004").free_parameters()
    assert "population_millions" not in georgia  # measured (census)
    assert "donor_us_budget" in georgia  # derived: dollars converted to euros at an assumed rate
    for name, (low, high, _) in free.items():
        assert low < high, name


def test_shipped_sensitivity_file_loads() -> None:
    spec = load_sensitivity(Path(__file__).parents[1] / "experiments" / "sensitivity.toml")
    assert len(spec.scenarios) == 3
    assert len(spec.strategies) >= 2


@pytest.mark.slow
@pytest.mark.xdist_group("sensitivity")
def test_morris_then_sobol_end_to_end(tmp_path: Path) -> None:
    file = tmp_path / "small.toml"
    file.write_text(SMALL)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "ssrsim", "sensitivity", str(file), "--out", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    morris = pd.read_csv(out / "morris.csv")
    sobol = pd.read_csv(out / "sobol.csv")
    assert set(morris["parameter"]) == {
        "trust_asymmetry",
        "contact_rate",
        "equipment_effect",
        "repression_propensity",
        "equipment_decay",
    }
    assert len(set(sobol["parameter"])) == 3
    # repression capacity under train and equip is driven by what becomes of donors' equipment, not by
    # how citizens update trust
    ranked = morris[(morris.strategy == "train_and_equip") & (morris.outcome == "repression_capacity_now")]
    ranked = ranked.set_index("parameter")["mu_star"]
    assert ranked.idxmax() in {"repression_propensity", "equipment_effect", "equipment_decay"}
    assert ranked[["trust_asymmetry", "contact_rate"]].max() < 0.1 * ranked.max()
    assert (out / "figures" / "morris_tajikistan.png").is_file()
    assert (out / "figures" / "sobol_tajikistan.png").is_file()


def test_a_malformed_sensitivity_file_is_a_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "bad.toml"
    file.write_text(
        '[sensitivity]\nscenarios = ["kyrgyzstan"]\nstrategies = ["status_quo"]\nmorris = { trajectorie = 3 }\n'
    )
    result = subprocess.run([sys.executable, "-m", "ssrsim", "sensitivity", str(file)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "trajectorie" in result.stderr
    assert str(file) in result.stderr.replace("\n", "")
    assert "Traceback" not in result.stderr


def test_the_documented_example_loads_and_sobol_samples_must_be_a_power_of_two(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[1] / "docs" / "sensitivity.md").read_text(encoding="utf-8")
    file = tmp_path / "mine.toml"
    file.write_text(doc.split("```toml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    spec = load_sensitivity(file)
    assert spec.parameters == ("political_will", "moi_resistance", "trust_learning_rate")
    file.write_text(file.read_text().replace("samples = 64", "samples = 5"))
    with pytest.raises(InputError, match="power of two"):
        load_sensitivity(file)


WHOLE_NUMBERS = """
[sensitivity]
scenarios = ["kyrgyzstan"]
strategies = ["status_quo"]
outcomes = ["trust"]
seed = 5
horizon = 6
parameters = ["trust_learning_rate", "equipment_lag", "training_lag"]
[sensitivity.overrides]
n_citizens = 300
[sensitivity.morris]
trajectories = 4
[sensitivity.sobol]
samples = 8
top = 3
"""


@pytest.mark.slow
@pytest.mark.xdist_group("sensitivity")
def test_whole_number_parameters_whose_rounded_samples_coincide(tmp_path: Path) -> None:
    """Rounding lags to whole quarters makes Sobol rows coincide: each distinct point runs once and
    serves every row, instead of the design being refused as repeating itself."""
    file = tmp_path / "lags.toml"
    file.write_text(WHOLE_NUMBERS)
    spec = load_sensitivity(file)
    screening = morris(spec, tmp_path / "out", workers=2)
    indices = sobol(spec, screening, tmp_path / "out", workers=2)
    assert set(indices["parameter"]) == {"trust_learning_rate", "equipment_lag", "training_lag"}
    assert indices[["S1", "ST"]].notna().all().all()
    runs = Store(tmp_path / "out" / "sobol" / "kyrgyzstan").runs()
    rows = spec.sobol.samples * (len(indices["parameter"].unique()) + 2)
    assert len(runs) < rows  # fewer runs than sample rows: repeats ran once


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (('outcomes = ["trust"]', 'outcomes = ["trusst"]'), "sensitivity.outcomes", "did you mean 'trust'"),
        (('outcomes = ["trust"]', "outcomes = []"), "sensitivity.outcomes", "at least 1"),
        (('"training_lag"]', '"training_lag", "start_year"]'), "sensitivity.parameters", "no plausible range"),
        (('"training_lag"]', '"training_lagg"]'), "sensitivity.parameters", "did you mean 'training_lag'"),
        (('["kyrgyzstan"]', '["kyrgistan"]'), "sensitivity.scenarios", "unknown scenario"),
        (('["status_quo"]', '["status_qou"]'), "sensitivity.strategies", "unknown strategy"),
    ],
)
def test_sensitivity_files_are_checked_before_anything_runs(
    tmp_path: Path, change: tuple[str, str], key: str, words: str
) -> None:
    """Every name in a sensitivity file is checked when it loads, and the error names the file and key."""
    file = tmp_path / "bad.toml"
    file.write_text(WHOLE_NUMBERS.replace(*change))
    with pytest.raises(InputError) as caught:
        load_sensitivity(file)
    assert caught.value.file == str(file)
    assert caught.value.key == key
    assert words in str(caught.value)
