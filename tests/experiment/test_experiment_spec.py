"""Experiment files and specs: expansion, seeds, run ids and clear errors for bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import SSRSIM, WriteExperiment, experiment_text

from ssrsim import resources
from ssrsim.errors import InputError
from ssrsim.experiment import Design, ExperimentSpec, Lhs, load_experiment
from ssrsim.scenario import load_scenario
from ssrsim.strategy import load_strategy

EXPERIMENTS = resources.data_dir("experiments")


def test_main_job_runs_every_strategy_in_the_three_countries() -> None:
    spec = load_experiment(EXPERIMENTS / "donor_strategies.toml")
    runs = spec.runs()
    strategies = resources.available("strategies")
    assert set(spec.scenarios) == {"kazakhstan", "kyrgyzstan", "tajikistan"}
    assert set(spec.strategies) == set(strategies)
    assert spec.replications >= 50
    assert spec.baseline == "no_aid"
    assert len(runs) == 3 * len(strategies) * spec.replications
    assert {run.horizon for run in runs} == {80}


def test_replication_k_has_one_seed_under_every_strategy_and_point() -> None:
    runs = load_experiment(EXPERIMENTS / "will_x_funding.toml").runs()
    seeds = defaultdict(set)
    for run in runs:
        seeds[run.replication].add(run.seed)
    assert all(len(s) == 1 for s in seeds.values())
    assert len({s.pop() for s in seeds.values()}) == len(seeds)


def test_run_ids_are_unique_and_stable_across_loads() -> None:
    first = [run.run_id for run in load_experiment(EXPERIMENTS / "donor_strategies.toml").runs()]
    again = [run.run_id for run in load_experiment(EXPERIMENTS / "donor_strategies.toml").runs()]
    assert first == again
    assert len(set(first)) == len(first)


def test_run_ids_and_seeds_do_not_depend_on_the_process_hash_seed(tmp_path: Path) -> None:
    script = (
        "from ssrsim.experiment import load_experiment\n"
        f"for run in load_experiment({str(EXPERIMENTS / 'will_x_funding.toml')!r}).runs()[:40]:\n"
        "    print(run.run_id, run.seed)\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env=os.environ | {"PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_run_id_follows_every_input(tmp_path: Path) -> None:
    def ids(**keys: object) -> list[str]:
        base = {"scenarios": ("kyrgyzstan",), "strategies": ("no_aid",), "replications": 1, "horizon": 8}
        return [run.run_id for run in ExperimentSpec.model_validate(base | keys).runs()]

    reference = ids()
    assert ids() == reference
    assert ids(overrides={"political_will": 0.3}) != reference
    assert ids(horizon=9) != reference
    assert ids(seed=1) != reference
    # the same strategy name with other content is another run
    edited = tmp_path / "no_aid.toml"
    shutil.copy(load_strategy("no_aid").path, edited)
    edited.write_text(edited.read_text().replace("funding = 0.0", "funding = 0.5"))
    assert ids(strategies=(str(edited),)) != reference


def test_spec_built_in_code_takes_explicit_points() -> None:
    spec = ExperimentSpec(
        scenarios=("kyrgyzstan",),
        strategies=("no_aid", "holistic"),
        replications=3,
        design=Design(points=[{"political_will": 0.2, "cso_count": 10}, {"political_will": 0.4, "cso_count": 30}]),
    )
    runs = spec.runs()
    assert len(runs) == 2 * 2 * 3
    assert {run.point for run in runs} == {0, 1}
    assert runs[0].parameters == {"political_will": 0.2, "cso_count": 10}
    assert isinstance(runs[0].parameters["cso_count"], int)
    assert runs[0].horizon == load_scenario("kyrgyzstan").parameters["horizon"].value


def test_latin_hypercube_fills_each_stratum_once_and_follows_the_seed() -> None:
    def points(seed: int) -> list[dict[str, object]]:
        spec = ExperimentSpec(
            scenarios=("kyrgyzstan",),
            strategies=("no_aid",),
            replications=1,
            seed=seed,
            design=Design(lhs=Lhs(samples=10, ranges={"political_will": (0.1, 0.5), "cso_count": (5, 25)})),
        )
        return [run.parameters for run in spec.runs()]

    sample = points(1)
    assert len(sample) == 10
    strata = sorted(int((p["political_will"] - 0.1) / 0.04) for p in sample)
    assert strata == list(range(10))
    assert all(isinstance(p["cso_count"], int) and 5 <= p["cso_count"] <= 25 for p in sample)
    assert points(1) == sample
    assert points(2) != sample


def test_grid_expands_every_combination() -> None:
    spec = load_experiment(EXPERIMENTS / "will_x_funding.toml")
    runs = spec.runs()
    combinations = {(r.parameters["political_will"], r.parameters["funding_scale"]) for r in runs}
    assert spec.design.grid is not None
    assert len(combinations) == len(spec.design.grid["political_will"]) * len(spec.design.grid["funding_scale"])
    assert len(runs) == len(combinations) * len(spec.strategies) * spec.replications


def test_paths_in_a_file_are_relative_to_it(
    tmp_path: Path, write_experiment: WriteExperiment, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(load_strategy("holistic").path, tmp_path / "mine.toml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = write_experiment(strategies=["no_aid", "mine.toml"])
    monkeypatch.chdir(elsewhere)
    runs = load_experiment(path).runs()
    mine = [run for run in runs if run.strategy == "mine"]
    assert mine
    assert mine[0].strategy_source == str((tmp_path / "mine.toml").resolve())


BAD = [
    ("scenarios = [kyrgyzstan", None, "not valid TOML"),
    ("replicates = 5\n" + experiment_text(), "replicates", "did you mean 'replications'"),
    (experiment_text(scenarios=["kirgyzstan"]), "scenarios", "did you mean 'kyrgyzstan'"),
    (experiment_text(strategies=["no_aid", "holistik"]), "strategies", "did you mean 'holistic'"),
    (experiment_text(outcomes=["trust", "trsut"]), "outcomes", "Allowed: trust, "),
    (experiment_text().replace("replications = 2", 'replications = "two"'), "replications", "replications = 50"),
    (experiment_text(strategies=[]), "strategies", "at least 1"),
    (experiment_text(tail="[design.lhs]\nsamples = 5\n"), "design.lhs.ranges", "required key is missing"),
    (experiment_text(tail="[design.grid]\npolitical_wil = [0.1]\n"), "design.grid.political_wil", "political_will"),
    (experiment_text(overrides={"political_will": 2.0}), "overrides.political_will", "out of range"),
    (experiment_text(strategies=["holistic"]), "baseline", "Allowed: holistic"),
    (experiment_text(overrides={"horizon": 40}), "overrides.horizon", "horizon = 40"),
    (
        experiment_text(tail="[design]\ngrid = { political_will = [0.2] }\npoints = [{ political_will = 0.2 }]\n"),
        "design",
        "give one of grid, lhs or points",
    ),
]


@pytest.mark.parametrize(("text", "key", "fragment"), BAD)
def test_bad_experiment_file_names_file_key_and_hint(tmp_path: Path, text: str, key: str | None, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_experiment(path)
    message = str(caught.value)
    assert str(path) in message
    assert fragment in message
    assert "Hint:" in message or "Allowed:" in message
    if key is not None:
        assert caught.value.key == key


def test_command_line_reports_a_bad_file_in_one_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(experiment_text(scenarios=["kirgyzstan"]), encoding="utf-8")
    result = subprocess.run([SSRSIM, "experiment", str(path), "--out", str(tmp_path / "out")], capture_output=True)
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert "Traceback" not in stderr
    assert str(path) in stderr.replace("\n", "")
    assert "at key 'scenarios'" in stderr
    assert "did you mean 'kyrgyzstan'" in stderr
    assert not (tmp_path / "out").exists()


def test_run_ids_change_with_the_model_code(write_experiment, monkeypatch) -> None:
    """A store must not mistake results of an older model for current ones."""
    from ssrsim.experiment import identity

    spec = load_experiment(write_experiment())
    before = [run.run_id for run in spec.runs()]
    monkeypatch.setattr(identity, "model_digest", lambda: "another model")
    after = [run.run_id for run in spec.runs()]
    assert not set(before) & set(after)


def test_every_module_a_run_imports_is_in_its_run_id() -> None:
    """A module that computes results (the fused loops, the officer search) but is left out of the
    model's digest would let a store mix results of two versions of it."""
    from ssrsim.experiment.identity import MODEL_MODULES, NOT_DECIDING

    script = (
        "import sys\n"
        "from ssrsim import SSRModel\n"
        "SSRModel('kyrgyzstan', 'holistic', rng=1, n_citizens=1000).run_for(2)\n"
        "print(' '.join(m for m in sys.modules if m.startswith('ssrsim.')))"
    )
    imported = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    covered = {entry.removesuffix(".py") for entry in (*MODEL_MODULES, *NOT_DECIDING)}
    for module in imported.stdout.split():
        assert module.split(".")[1] in covered, module
