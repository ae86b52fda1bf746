"""The papers' patterns through the experiment runner, and the model's blindness to names."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssrsim import SSRModel
from ssrsim.experiment.identity import MODEL_MODULES
from ssrsim.outcomes import COLUMNS
from ssrsim.programmes import PROGRAMMES
from ssrsim.resources import available
from ssrsim.stats import MIN_EFFECT
from ssrsim.validation import PATTERNS, Outcome, heldout
from ssrsim.validation.run import RIVALS


def _model_sources() -> list[tuple[Path, str]]:
    root = Path(__file__).parents[1] / "ssrsim"
    sources = []
    for entry in MODEL_MODULES:  # every module that decides a run's result
        for path in (root / entry).rglob("*.py") if (root / entry).is_dir() else [root / entry]:
            sources.append((path, path.read_text()))
    return sources


def _name_constants(source: str, names: set[str]) -> list[int]:
    """Lines where a string constant equal to one of ``names`` appears, other than in docstrings and
    default arguments."""
    tree = ast.parse(source)
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                allowed.add(id(body[0].value))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            allowed.update(id(d) for d in [*node.args.defaults, *node.args.kw_defaults] if d is not None)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in names and id(node) not in allowed
    ]


def test_no_model_code_looks_at_which_scenario_or_strategy_runs() -> None:
    """Patterns must emerge from mechanisms: the model never names a scenario or a strategy (only its
    docstrings and the constructor's default arguments do) nor reads the running one's name."""
    # five strategies share their names with programme types, which the model does name
    names = (set(available("scenarios")) | set(available("strategies"))) - set(PROGRAMMES)
    for path, text in _model_sources():
        assert _name_constants(text, names) == [], path
        assert "strategy.name" not in text, path
        assert text.count("scenario_name") <= 1, path  # set once for users, never read by the model


def test_patterns_are_complete_and_read_kept_outcomes() -> None:
    assert {p.number for p in PATTERNS} >= set(range(1, 10))  # the nine of the conceptual model
    for pattern in PATTERNS:
        assert set(pattern.outcomes) <= set(COLUMNS)
        assert (pattern.above is None) != (pattern.below is None)
        assert len(pattern.conditions) >= 1
        assert pattern.decided_by.startswith("emergent" if pattern.emergent else "by ")
        assert pattern.kind in ("emergent", "by construction", "by input", "by construction and input")
        assert pattern.bound_reason
    assert len(RIVALS) >= 4


def _outcome(number: int, values: list[float]) -> Outcome:
    return Outcome(next(p for p in PATTERNS if p.number == number), np.array(values))


def test_an_effect_below_the_smallest_that_matters_fails_however_narrow_its_interval() -> None:
    # pattern 9 asks for an effect above the smallest that matters: 0.005 in every seed is real but too small
    tiny = _outcome(9, [0.005 + 1e-6 * k for k in range(50)])
    assert tiny.ci.low > 0
    assert tiny.ci.high < MIN_EFFECT
    assert not tiny.passed
    assert _outcome(9, [0.03 + 1e-6 * k for k in range(50)]).passed


def test_an_effect_must_exceed_the_bound_in_enough_seeds_not_only_on_average() -> None:
    # a mean well above the bound, carried by 70% of seeds: the interval passes, the seeds do not
    values = [0.1] * 35 + [0.0] * 15
    lopsided = _outcome(9, values)
    assert lopsided.ci.low > MIN_EFFECT
    assert lopsided.share_beyond == pytest.approx(0.7)
    assert not lopsided.passed
    # a pattern that asks for a value below its bound counts the seeds below it
    assert _outcome(8, [0.3] * 40 + [0.6] * 10).passed
    assert not _outcome(8, [0.3] * 35 + [0.6] * 15).passed


@pytest.mark.parametrize(
    ("switch", "scenario", "strategy", "overrides", "outcome"),
    [
        ("rival_state_pollsters", "kazakhstan", "status_quo", {}, "trust_official"),
        ("rival_graft_alone", "kyrgyzstan", "holistic", {"political_will": 0.7}, "corruption"),
        ("rival_csos_bypass_ministry", "kyrgyzstan", "civil_society_first", {}, "practice_now"),
        ("rival_skill_serves", "tajikistan", "train_and_equip", {}, "trust"),
    ],
)
def test_each_rival_switch_changes_what_its_pattern_reads(
    switch: str, scenario: str, strategy: str, overrides: dict[str, float], outcome: str
) -> None:
    def end(on: bool) -> float:
        model = SSRModel(scenario, strategy, rng=3, n_citizens=2_000, **overrides, **{switch: on})
        model.run_for(40)
        return float(model.datacollector.get_model_vars_dataframe()[outcome].iloc[-1])

    assert end(True) != pytest.approx(end(False), abs=1e-4)


@pytest.mark.slow
@pytest.mark.xdist_group("validation")
def test_reduced_validation_reports_patterns_and_held_out_predictions(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ssrsim",
            "validate",
            "--replications",
            "16",
            "--seed",
            "7",
            "--json",
            "--out",
            str(tmp_path),
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    document = json.loads(result.stdout)
    rows = document["patterns"]
    failed = [row["name"] for row in rows if not row["passed"]]
    assert result.returncode == (1 if failed else 0)  # the exit code says whether every pattern held
    assert len(rows) == len(PATTERNS)
    for row in rows:
        assert {"emergent", "kind", "effect", "smallest_effect", "share_of_seeds_beyond", "passed"} <= set(row)
        assert 0.0 <= row["share_of_seeds_beyond"] <= 1.0
    assert {row["rival"] for row in document["rivals"]} == {p.rival.switch for p in RIVALS if p.rival}
    cases = document["held_out"]
    georgia = {case["criterion"] for case in cases if case["case"] == heldout.SCENARIO}
    assert georgia == {c.name for c in heldout.CRITERIA}
    impunity = {case["case"] for case in cases if case["case"] != heldout.SCENARIO}
    assert impunity == {f"{scenario}_impunity" for scenario in heldout.IMPUNITY_SCENARIOS}
    for case in cases:
        assert case["predicted_p05"] <= case["predicted_median"] <= case["predicted_p95"]


def test_validation_refuses_an_output_folder_it_cannot_use_before_any_worker_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ssrsim.errors import InputError
    from ssrsim.validation import run

    started = []
    monkeypatch.setattr(run, "open_executor", lambda *args: started.append(args))
    taken = tmp_path / "a_file"
    taken.write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError, match="must be a folder"):
        run.run_conditions(2, 7, taken, workers=1, scheduler=None, progress=False)
    assert started == []


def test_annual_bribe_experience_compounds_the_last_four_quarters() -> None:
    quarters = pd.Series([0.0, 0.1, 0.1, 0.1, 0.1, 0.0])
    annual = heldout.annual_bribe_experience(quarters)
    assert annual.iloc[:4].isna().all()  # quarter 0 is the start; four quarters are needed
    assert annual.iloc[4] == pytest.approx(1 - 0.9**4)
    assert annual.iloc[5] == pytest.approx(1 - 0.9**3)


def test_a_held_out_prediction_misses_when_its_median_lies_beyond_the_record() -> None:
    def runs(trust: float, bribes: float) -> pd.DataFrame:
        rows = [
            {"condition": "as recorded", "year": 2010.0, "replication": k, "trust": trust, "bribe_experience": bribes}
            for k in range(5)
        ]
        return pd.DataFrame(rows)

    verdicts = {v["criterion"]: v["passed"] for v in heldout.judge(runs(0.8, 0.01))}
    assert all(verdicts.values())
    verdicts = {v["criterion"]: v["passed"] for v in heldout.judge(runs(0.1, 0.2))}
    assert not any(verdicts.values())


def test_the_impunity_prediction_needs_a_rise_of_a_fifth_in_each_country() -> None:
    def runs(ratio: float) -> pd.DataFrame:
        rows = [
            {"scenario": s, "replication": k, "before": 50.0, "after": 50.0 * ratio, "ratio": ratio}
            for s in heldout.IMPUNITY_SCENARIOS
            for k in range(5)
        ]
        return pd.DataFrame(rows)

    assert all(v["passed"] for v in heldout.judge_sanctions(runs(1.5)))
    assert not any(v["passed"] for v in heldout.judge_sanctions(runs(1.1)))  # a rise, but under a fifth
    assert {v["case"] for v in heldout.judge_sanctions(runs(1.5))} == {
        f"{s}_impunity" for s in heldout.IMPUNITY_SCENARIOS
    }


def test_the_printed_table_says_what_decides_each_pattern() -> None:
    from rich.console import Console

    from ssrsim.validation.commands import patterns_view
    from ssrsim.validation.run import table

    frame = table([_outcome(p.number, [0.1, 0.2, 0.3]) for p in PATTERNS])
    console = Console(record=True, width=400)
    console.print(patterns_view(frame))
    rows = {line.split("│")[1].strip(): line for line in console.export_text().splitlines() if line.count("│") > 3}
    for pattern in PATTERNS:
        assert pattern.kind in rows[str(pattern.number)]
    assert "by input" in rows["2"]  # not "by construction", as every pattern but the emergent one once read
