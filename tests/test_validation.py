"""The papers' patterns through the experiment runner, and the model's blindness to names."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ssrsim.experiment.identity import MODEL_MODULES
from ssrsim.outcomes import COLUMNS
from ssrsim.programmes import PROGRAMMES
from ssrsim.resources import available
from ssrsim.validation import PATTERNS, heldout


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
        assert pattern.above is not None or pattern.below is not None
        assert len(pattern.conditions) >= 1


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
    cases = document["held_out"]
    assert {case["criterion"] for case in cases} == {c.name for c in heldout.CRITERIA}
    for case in cases:
        assert case["predicted_p05"] <= case["predicted_median"] <= case["predicted_p95"]


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
