"""Bad inputs, kept and generated: each is refused with exit code 2 and one line, in time, writing nothing.

The corpus in ``fuzz_corpus/`` keeps every case that once crashed, hung or was silently accepted
(``expect.json`` gives a fragment of each one's message); the Hypothesis tests generate more of the
same kinds. Commands run in this process (see ``fuzzing.py``), a handful in a fresh one. The number
of generated examples per test is ``SSRSIM_FUZZ_EXAMPLES`` (default 50); ``benchmarks/fuzz_long.py``
runs thousands.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fuzzing import invoke, refusal, tally, tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrsim import SSRModel, load_scenario
from ssrsim.errors import InputError
from ssrsim.experiment.executors import local_cores
from ssrsim.limits import WORKERS_PER_CORE

CORPUS = Path(__file__).parent / "fuzz_corpus"
EXPECT: dict[str, str] = json.loads((CORPUS / "expect.json").read_text(encoding="utf-8"))
SSRSIM = str(Path(sys.executable).with_name("ssrsim"))
EXAMPLES = int(os.environ.get("SSRSIM_FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

SMALL_EXPERIMENT = """scenarios = ["kyrgyzstan"]
strategies = ["no_aid"]
replications = 1
horizon = 2
[overrides]
n_citizens = 100
"""


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder per generated example (Hypothesis runs many examples in one test)."""
    with tempfile.TemporaryDirectory(prefix="ssrsim-fuzz-") as folder:
        yield Path(folder)


def corpus_command(name: str, folder: Path) -> list[str]:
    """The command that reads a corpus file: ``show`` a scenario, ``run`` a strategy, an ``experiment``."""
    path = str(CORPUS / name)
    kind = name.split("-")[0]
    if kind == "scenario":
        return ["show", path]
    if kind == "strategy":
        return ["run", "--strategy", path, "--steps", "1", "--set", "n_citizens=100"]
    return ["experiment", path, "--out", str(folder / "store")]


def assert_refused_quietly(args: list[str], folder: Path, *fragments: str) -> str:
    """``ssrsim ARGS`` run in ``folder`` is refused and leaves ``folder`` as it was."""
    before = tree(folder)
    message = refusal(invoke(args, folder), *fragments)
    assert tree(folder) == before, f"ssrsim {' '.join(args)[:200]} wrote {tree(folder) - before}"
    return message


# ---------------------------------------------------------------------------------------- corpus
def test_every_corpus_file_has_an_expected_message() -> None:
    assert sorted(EXPECT) == sorted(p.name for p in CORPUS.glob("*.toml"))


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_corpus_case_is_refused(name: str, tmp_path: Path) -> None:
    message = assert_refused_quietly(corpus_command(name, tmp_path), tmp_path, EXPECT[name])
    assert "(in " in message  # every file problem names the file


def _arguments_folder(folder: Path) -> dict[str, str]:
    """What the argument cases refer to: a regular file, a folder named like a file, a valid
    experiment, one that is too large to run without --yes."""
    (folder / "plain").write_text("not a store\n", encoding="utf-8")
    (folder / "folder.csv").mkdir()
    (folder / "small.toml").write_text(SMALL_EXPERIMENT, encoding="utf-8")
    (folder / "big.toml").write_text(
        'scenarios = ["kyrgyzstan"]\nstrategies = "all"\nreplications = 20000\n', encoding="utf-8"
    )
    return {"tmp": str(folder), "file": str(folder / "plain"), "exp": "small.toml", "big": "big.toml"}


ARGUMENT_CASES: list[tuple[list[str], str]] = [
    (["run", "--steps", "10000000"], "quarters"),
    (["run", "--steps", str(2**31)], "quarters"),
    (["run", "--steps", str(2**70)], "quarters"),
    (["run", "--set", "political_will=٠.٥"], "digits 0-9"),
    (["run", "--set", "political_will=0.3", "--set", "political_will=0.4"], "set twice"),
    (["run", "--set", "rng=5"], "--seed"),
    (["run", "--set", "seed=5"], "--seed"),
    (["run", "--set", "scenario=tajikistan"], "--scenario"),
    (["run", "--set", "strategy=holistic"], "--strategy"),
    (["run", "--set", "political_will=nan"], "must be a number"),
    (["run", "--set", "political_will=inf"], "out of range"),
    (["run", "--set", "political_will=1e308"], "out of range"),
    (["run", "--set", "political_will=true"], "must be a number"),
    (["run", "--set", "n_citizens=" + "9" * 400], "out of range"),
    (["run", "--set", "=0.3"], "NAME=VALUE"),
    (["run", "--set", "0\n0=1"], "unknown parameter '0\\n0'"),
    (["run", "--set", "political_will=\u2028"], "must be"),
    (["run", "--scenario", "a" * 5000], "scenario name or path is too long"),
    (["run", "--scenario", "a" * 300], "unknown scenario"),
    (["run", "--scenario", "{tmp}/" + "a" * 300 + ".toml"], "cannot be opened"),
    (["run", "--scenario", "x/" + "a" * 300 + ".toml"], "does not exist"),
    (["run", "--strategy", "s" * 5000], "strategy name or path is too long"),
    (["run", "--strategy", "s" * 300], "unknown strategy"),
    (["run", "--steps", "1", "--out", "/proc/x.csv"], "cannot write"),
    (["run", "--steps", "1", "--out", "folder.csv"], "a file is expected"),
    (["run", "--steps", "1", "--out", "{file}/x.csv"], "which is a file"),
    (["run", "--steps", "1", "--out", ""], "must end in .csv or .parquet"),
    (["run", "--steps", "1", "--out", "x.txt"], "must end in .csv or .parquet"),
    (["show", "{file}"], "not valid TOML"),
    (["show", "{tmp}/"], "is a folder, not a file"),
    (["show", "a" * 5000], "scenario name or path is too long"),
    (["experiment", "{exp}", "--batch-size", str(10**20)], "batch"),
    (["experiment", "{exp}", "--workers", "1000"], "too many"),
    (["experiment", "{exp}", "--replications", str(2**63)], "replications"),
    (["experiment", "{exp}", "--scheduler", "garbage"], "not a scheduler address"),
    (["experiment", "{exp}", "--scheduler", "tcp://host:99999"], "not a scheduler address"),
    (["experiment", "{exp}", "--out", ""], "current folder"),
    (["experiment", "{exp}", "--out", "{file}/st"], "which is a file"),
    (["experiment", "{exp}", "--out", "{file}"], "this is a file"),
    (["experiment", "{exp}", "--out", "/proc/st"], "cannot write"),
    (["experiment", "{big}", "--out", "big"], "large sweep"),
    (["experiment", "e" * 5000], "experiment name or path is too long"),
    (["validate", "--replications", str(10**9)], "replications"),
    (["calibrate", "--seeds", str(10**9)], "replications"),
    (["sensitivity", "sensitivty"], "unknown sensitivity analysis 'sensitivty'"),
    (["report", "{file}"], "not an experiment store"),
    (["report", "{tmp}/nowhere"], "store does not exist"),
    (["report", "r" * 5000], "the store's path cannot be used"),
    (["export", "{tmp}", "--csv", "c" * 5000 + ".csv"], "the output path is too long"),
    (["experiment", "{exp}", "--out", "o" * 5000], "the output path is too long"),
    (["export", "{file}", "--csv", "x.csv"], "not an experiment store"),
    (["export", "{tmp}", "--csv", "folder.csv"], "a file is expected"),
    (["export", "{tmp}", "--csv", "runs.parquet"], "must end in .csv"),
]


@pytest.mark.parametrize(("args", "fragment"), ARGUMENT_CASES, ids=lambda v: str(v)[:50])
def test_argument_case_is_refused(args: list[str], fragment: str, tmp_path: Path) -> None:
    names = _arguments_folder(tmp_path)
    assert_refused_quietly([arg.format(**names) for arg in args], tmp_path, fragment)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run", "--steps", "10000000"], "quarters"),
        (["experiment", "small.toml", "--scheduler", "garbage"], "not a scheduler address"),
        (["experiment", "small.toml", "--workers", "1000"], "too many"),
    ],
)
def test_a_fresh_process_answers_promptly_without_a_traceback(args: list[str], fragment: str, tmp_path: Path) -> None:
    """The cases that once hung or stalled, in a process of their own (as a user meets them)."""
    _arguments_folder(tmp_path)
    started = time.perf_counter()
    result = subprocess.run([SSRSIM, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - started < 30
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert not (tmp_path / "results").exists()


# ---------------------------------------------------------------------------------------- generated
#: TOML spellings of values that no numeric slot of a scenario, strategy or experiment takes.
BAD_LITERALS = [
    "nan",
    "inf",
    "-inf",
    "+nan",
    "1e308",
    "-1e308",
    "-1",
    str(2**70),
    "true",
    "false",
    '"abc"',
    '"٠.٥"',
    '"0.5"',
    "[]",
    "{}",
    "[0.1, 0.2]",
    '"' + "x" * 20_000 + '"',
    "[" * 12 + "]" * 12,
    "{ a = { b = { c = { d = { e = { f = { g = { h = { i = { j = { k = 1 } } } } } } } } } } }",
]
_toml_text = st.text(max_size=200).map(json.dumps)  # JSON strings are TOML basic strings, or parse errors
BAD_VALUES = st.one_of(st.sampled_from(BAD_LITERALS), _toml_text)

SCENARIO_HEAD = '[scenario]\ntitle = "fuzz"\ncountry = "Kyrgyzstan"\nextends = "kyrgyzstan"\n'
EVENT = '[[events]]\nyear = 2015\nkind = "crisis"\nlabel = "fuzz"\nsource = "assumption: fuzz"\nseverity = 0.5\n'
SCENARIO_SLOTS = {
    **{
        f"parameters.{name}.value": f'[parameters.{name}]\nvalue = {{}}\nsource = "assumption: fuzz"\n'
        for name in ("political_will", "cso_count", "horizon", "n_citizens", "start_year", "trust_asymmetry")
    },
    "parameters.political_will.range": '[parameters.political_will]\nvalue = 0.3\nrange = {}\nsource = "fuzz x"\n',
    "events.year": EVENT.replace("year = 2015", "year = {}"),
    "events.severity": EVENT.replace("severity = 0.5", "severity = {}"),
    "donors.mix": '[donors.eu]\nmix = {{ source = "assumption: fuzz", training = {} }}\n',
    "donors.budget": '[donors.eu.budget]\nvalue = {}\nsource = "assumption: fuzz"\n',
    "regions.share": '[regions.north.population_share]\nvalue = {}\nsource = "assumption: fuzz"\n',
}


@FUZZ
@given(slot=st.sampled_from(sorted(SCENARIO_SLOTS)), value=BAD_VALUES)
def test_generated_scenario_values_are_refused(slot: str, value: str) -> None:
    with scratch() as folder:
        (folder / "fuzz.toml").write_text(SCENARIO_HEAD + SCENARIO_SLOTS[slot].format(value), encoding="utf-8")
        assert_refused_quietly(["show", "fuzz.toml"], folder)


@FUZZ
@given(content=st.binary(max_size=4000))
def test_generated_bytes_are_refused_as_a_scenario_and_an_experiment(content: bytes) -> None:
    with scratch() as folder:
        (folder / "fuzz.toml").write_bytes(content)
        assert_refused_quietly(["show", "fuzz.toml"], folder)
        assert_refused_quietly(["experiment", "fuzz.toml", "--out", "store"], folder)


STRATEGY_TEXT = """allocation = {{ training = {allocation}, cso_grants = 1.0 }}
[strategy]
title = "fuzz"
description = "a strategy written to be refused by the input checks"
source = "assumption: fuzz"
funding = {funding}
coordination = {coordination}
[[phases]]
from_years = {from_years}
until_years = {until_years}
[[conditions]]
programmes = ["training"]
requires = "practice_rising"
window = {window}
redirect_to = {{ cso_grants = {redirect} }}
"""
STRATEGY_SLOTS = {
    "allocation": "1.0",
    "funding": "1.0",
    "coordination": "0.5",
    "from_years": "0",
    "until_years": "5",
    "window": "4",
    "redirect": "1.0",
}


@FUZZ
@given(slot=st.sampled_from(sorted(STRATEGY_SLOTS)), value=BAD_VALUES)
def test_generated_strategy_fields_are_refused(slot: str, value: str) -> None:
    with scratch() as folder:
        (folder / "fuzz.toml").write_text(STRATEGY_TEXT.format(**(STRATEGY_SLOTS | {slot: value})), encoding="utf-8")
        args = ["run", "--strategy", "fuzz.toml", "--steps", "1", "--set", "n_citizens=100"]
        assert_refused_quietly(args, folder)


EXPERIMENT_SLOTS = {
    "replications": "replications = {}",
    "horizon": "horizon = {}",
    "seed": "seed = {}",
    "scenarios": "scenarios = [{}]",
    "strategies": 'strategies = ["no_aid", {}]',
    "outcomes": "outcomes = [{}]",
    "overrides": "[overrides]\npolitical_will = {}",
    "start_year": "[overrides]\nstart_year = {}",
    "grid": "[design.grid]\npolitical_will = [{}]",
    "lhs": "[design.lhs]\nsamples = {}\nranges = {{ political_will = [0.1, 0.5] }}",
}


@FUZZ
@given(slot=st.sampled_from(sorted(EXPERIMENT_SLOTS)), value=BAD_VALUES)
def test_generated_experiment_keys_are_refused(slot: str, value: str) -> None:
    defaults = {
        "scenarios": 'scenarios = ["kyrgyzstan"]',
        "strategies": 'strategies = ["no_aid"]',
        "replications": "replications = 1",
        "horizon": "horizon = 2",
    }
    lines = [line for key, line in defaults.items() if key != slot]
    text = "\n".join([*lines, EXPERIMENT_SLOTS[slot].format(value)]) + "\n"
    with scratch() as folder:
        (folder / "fuzz.toml").write_text(text, encoding="utf-8")
        assert_refused_quietly(["experiment", "fuzz.toml", "--out", "store"], folder)


@FUZZ
@given(
    option=st.sampled_from(["--batch-size", "--workers", "--replications", "--steps"]),
    value=st.integers(min_value=1, max_value=2**80),
)
def test_generated_sizes_beyond_their_bounds_are_refused(option: str, value: int) -> None:
    bounds = {
        "--batch-size": 10_000,
        "--workers": WORKERS_PER_CORE * local_cores(),
        "--replications": 100_000,
        "--steps": 400,
    }
    value += bounds[option]  # just above the bound, or far above it
    with scratch() as folder:
        (folder / "small.toml").write_text(SMALL_EXPERIMENT, encoding="utf-8")
        command = ["run"] if option == "--steps" else ["experiment", "small.toml", "--out", "store"]
        assert_refused_quietly([*command, option, str(value)], folder)


_names = st.sampled_from(["political_will", "n_citizens", "start_year", "events_enabled", "rng", "scenario", ""])
_argument_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=40)


@FUZZ
@given(name=st.one_of(_names, _argument_text), value=_argument_text)
def test_generated_assignments_run_or_are_refused(name: str, value: str) -> None:
    """A random ``--set`` either runs (it happened to be valid) or is refused in one line."""
    with scratch() as folder:
        args = ["run", "--steps", "1", "--set", "n_citizens=100", "--set", f"{name}={value}"]
        outcome = invoke(args, folder)
        if outcome.code != 0:
            refusal(outcome)
        assert tree(folder) == set()


_api_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.booleans(),
    st.text(max_size=20),
    st.none(),
    st.lists(st.floats(), max_size=2),
)


@settings(max_examples=EXAMPLES * 8, deadline=None, database=None)
@given(
    name=st.sampled_from(sorted(load_scenario("kyrgyzstan").parameters)),
    value=_api_values,
)
def test_generated_api_overrides_are_checked_or_refused(name: str, value: object) -> None:
    """What ``SSRModel(**overrides)`` checks: a value it takes is finite and within its bounds."""
    tally("api")
    scenario = load_scenario("kyrgyzstan")
    try:
        checked = scenario.values({name: value})[name]
    except InputError as exc:
        message = str(exc)
    else:
        message = ""
        assert not isinstance(value, str) or value.isascii()
        if scenario.parameters[name].definition.kind is not bool:
            assert not isinstance(value, bool)
            low, high = scenario.parameters[name].definition.bounds
            assert math.isfinite(checked)
            assert low <= checked <= high
    assert "\n" not in message


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"political_will": float("nan")}, "must be a number"),
        ({"political_will": float("inf")}, "out of range"),
        ({"political_will": True}, "must be a number"),
        ({"political_will": "٠.٥"}, "digits 0-9"),
        ({"n_citizens": 10**400}, "must be a number"),
        ({"region_north_cso_presence": 0.0, "region_south_cso_presence": 0.0}, "all zero"),
        ({"start_year": 2030}, "start_year"),
    ],
)
def test_the_python_api_refuses_what_the_command_line_refuses(overrides: dict, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        SSRModel("kyrgyzstan", "status_quo", rng=1, **overrides)
