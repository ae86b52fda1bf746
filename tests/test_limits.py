"""The limits an input may not pass, the documented acceptances, resource bounds, output paths and the app's host."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fuzzing import invoke, refusal

from ssrsim import InputError, SSRModel, load_scenario
from ssrsim.app.controls import parse_more, parse_seed
from ssrsim.app.server import exposure_warning, is_loopback
from ssrsim.experiment import ExperimentSpec, executors, run_experiment, runner
from ssrsim.limits import LARGE_RUNS, check_large, describe, estimate
from ssrsim.paths import check_output_file, check_output_folder
from ssrsim.scenario import MAX_EXTENDS
from ssrsim.sensitivity.analysis import load_sensitivity
from ssrsim.tomlfile import MAX_FILE_BYTES, MAX_LIST, read_toml

CHILD = '[scenario]\ntitle = "child"\ncountry = "Kyrgyzstan"\nextends = "{parent}"\n'


def test_a_donor_field_without_a_range_is_accepted(tmp_path: Path) -> None:
    """``range`` is optional for every entry, a donor's too (it was refused as "must be {value, range, source}")."""
    path = tmp_path / "child.toml"
    text = CHILD.format(parent="kyrgyzstan") + '[donors.eu.budget]\nvalue = 5.0\nsource = "assumption: no range"\n'
    path.write_text(text, encoding="utf-8")
    parameter = load_scenario(path).parameters["donor_eu_budget"]
    assert (parameter.value, parameter.range) == (5.0, None)


def test_an_extends_chain_is_bounded(tmp_path: Path) -> None:
    """A chain of MAX_EXTENDS files loads; one as deep as 1,100 files is refused, not a RecursionError."""
    parent = "kyrgyzstan"
    for depth in range(1, 1101):
        (tmp_path / f"s{depth}.toml").write_text(CHILD.format(parent=parent), encoding="utf-8")
        parent = f"s{depth}"
    assert load_scenario(tmp_path / f"s{MAX_EXTENDS - 2}.toml").title == "child"
    with pytest.raises(InputError, match="more than 16 files long") as caught:
        load_scenario(tmp_path / "s1100.toml")
    assert caught.value.key == "scenario.extends"


def test_a_file_above_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        read_toml(path)


def test_a_list_above_the_length_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text("x = [" + "1," * (MAX_LIST + 1) + "]\n", encoding="utf-8")
    with pytest.raises(InputError, match="entries") as caught:
        read_toml(path)
    assert caught.value.key == "x"


def test_a_large_sweep_needs_confirmation_and_says_what_it_costs() -> None:
    seconds, memory = estimate(LARGE_RUNS + 1, (LARGE_RUNS + 1) * 80, 10_000, 2)
    with pytest.raises(InputError, match="--yes") as caught:
        check_large(LARGE_RUNS + 1, seconds, memory, 2, confirmed=False)
    assert "100,001 runs, about 67 min on 2 worker(s)" in str(caught.value)
    assert "GB of memory" in str(caught.value)
    check_large(LARGE_RUNS + 1, seconds, memory, 2, confirmed=True)
    check_large(LARGE_RUNS, seconds, memory, 2, confirmed=False)
    assert describe(1650, 74, 0.8e9, 2) == "1,650 runs, about 74 s on 2 worker(s) and 0.8 GB of memory"


def test_yes_reaches_the_sweep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--yes`` is passed on as ``confirm_large`` (the sweep itself is too large to run here)."""
    seen = {}

    def fake(spec: ExperimentSpec, out: Path, **options: object) -> None:
        seen.update(options)
        raise InputError("stopped here")

    monkeypatch.setattr(runner, "run_experiment", fake)  # the command imports it when it runs
    (tmp_path / "big.toml").write_text('scenarios = ["kyrgyzstan"]\nstrategies = "all"\nreplications = 20000\n')
    refusal(invoke(["experiment", "big.toml", "--yes"], tmp_path), "stopped here")
    assert seen["confirm_large"] is True


def test_the_python_api_bounds_workers_and_batches(tmp_path: Path) -> None:
    spec = ExperimentSpec(scenarios=("kyrgyzstan",), strategies=("no_aid",), replications=1, horizon=1)
    with pytest.raises(InputError, match="too many"):
        run_experiment(spec, tmp_path / "a", workers=10**6, progress=False)
    with pytest.raises(InputError, match="batch"):
        run_experiment(spec, tmp_path / "b", batch_size=10**20, progress=False)
    with pytest.raises(InputError, match="not a scheduler address"):
        run_experiment(spec, tmp_path / "c", scheduler="garbage", progress=False)
    with pytest.raises(InputError, match="too many"), executors.open_executor(10**6, None):
        pass
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_an_unreachable_scheduler_is_given_up_within_the_connect_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1)
    started = time.perf_counter()
    with pytest.raises(InputError, match="within 1 s"), executors.open_executor(None, "tcp://127.0.0.1:9"):
        pass
    assert time.perf_counter() - started < 8  # importing distributed, then one second


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda root: (root / "dir.csv", "folder"), "a file is expected"),
        (lambda root: (root / "plain" / "x.csv", "file"), "which is a file"),
        (lambda root: (root / "plain" / "deeper" / "x.csv", "file"), "which is a file"),
        (lambda root: (Path("/proc/nowhere/x.csv"), None), "cannot write"),
        (lambda root: (root / ("n" * 300 + ".csv"), None), "too long"),
        (lambda root: (Path(""), None), "must end in"),
    ],
)
def test_output_files_are_checked_before_any_work(make, fragment: str, tmp_path: Path) -> None:
    path, kind = make(tmp_path)
    if kind == "folder":
        path.mkdir()
    elif kind == "file":
        (tmp_path / "plain").write_text("x")
    with pytest.raises(InputError, match=fragment):
        check_output_file(path, key="--out", suffixes=(".csv",))


def test_output_folders_are_checked_and_new_ones_are_fine(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    for path, fragment in [
        (Path(""), "current folder"),
        (Path("."), "current folder"),
        (tmp_path / "plain", "this is a file"),
        (tmp_path / "plain" / "store", "which is a file"),
    ]:
        with pytest.raises(InputError, match=fragment):
            check_output_folder(path, key="--out")
    assert check_output_folder(tmp_path / "new" / "store", key="--out") == tmp_path / "new" / "store"
    assert not (tmp_path / "new").exists()  # checking creates nothing


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
def test_loopback_hosts_need_no_warning(host: str) -> None:
    assert is_loopback(host)
    assert exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1", "example.org"])
def test_any_other_host_is_warned_about_the_missing_login(host: str) -> None:
    warning = exposure_warning(host)
    assert warning is not None
    assert "no login" in warning
    assert "127.0.0.1" in warning


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: parse_seed("٥"), "whole number"),
        (lambda: parse_seed("9" * 5000), "whole number"),
        (lambda: parse_more("rng=5"), "not a parameter"),
        (lambda: parse_more("scenario=tajikistan"), "not a parameter"),
        (lambda: parse_more("crisis_hazard=0, crisis_hazard=0.5"), "given twice"),
        (lambda: SSRModel("kyrgyzstan", **parse_more("crisis_hazard=٠.٥")), "digits 0-9"),
    ],
)
def test_the_app_refuses_what_the_command_line_refuses(call, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        call()


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("[sensitivity.sobol]\nsamples = 1000000000", "sensitivity.sobol.samples"),
        ("[sensitivity.morris]\ntrajectories = 1000000000", "sensitivity.morris.trajectories"),
        ("[sensitivity.morris]\nlevels = true", "sensitivity.morris.levels"),
    ],
)
def test_a_sensitivity_sample_is_bounded_before_salib_draws_it(line: str, key: str, tmp_path: Path) -> None:
    path = tmp_path / "sa.toml"
    path.write_text(
        '[sensitivity]\nscenarios = ["kyrgyzstan"]\nstrategies = ["no_aid"]\nhorizon = 100000\n' + line + "\n"
    )
    with pytest.raises(InputError) as caught:
        load_sensitivity(path)
    assert caught.value.key == "sensitivity.horizon"
    path.write_text('[sensitivity]\nscenarios = ["kyrgyzstan"]\nstrategies = ["no_aid"]\n' + line + "\n")
    with pytest.raises(InputError) as caught:
        load_sensitivity(path)
    assert caught.value.key == key


def test_a_population_of_25_million_is_accepted_and_more_is_refused() -> None:
    """Kazakhstan (19.6 million people) can run at one citizen per person: about 2.5 GB at 25 million
    (docs/performance.md); beyond that the population is refused before any memory is taken."""
    spec = load_scenario("kazakhstan")
    assert spec.values({"n_citizens": 25_000_000})["n_citizens"] == 25_000_000
    with pytest.raises(InputError, match="n_citizens"):
        spec.values({"n_citizens": 25_000_001})
