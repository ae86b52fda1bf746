"""Parameters as data: ``show --json`` and ``list --json`` give fields a program can use, not prose."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssrsim import InputError, load_scenario
from ssrsim.resources import available

SSRSIM = str(Path(sys.executable).with_name("ssrsim"))


def _json(*args: str) -> list[dict]:
    result = subprocess.run([SSRSIM, *args, "--json"], capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_show_json_gives_type_bounds_range_free_and_provenance() -> None:
    scenario = load_scenario("kyrgyzstan")
    free = scenario.free_parameters()
    rows = {row["name"]: row for row in _json("show", "kyrgyzstan")}
    assert set(rows) == set(scenario.parameters)
    assert {name for name, row in rows.items() if row["free"]} == set(free)
    for name, row in rows.items():
        assert row["type"] in {"float", "int", "bool"}
        assert row["provenance"] in {"measured", "derived", "judged", "calibrated", "definition", "assumed"}
        if row["type"] == "bool":
            assert row["bounds"] is None
        else:
            low, high = row["bounds"]
            assert low <= row["value"] <= high, name
        if row["free"]:
            assert row["provenance"] not in {"measured", "definition"}  # only unmeasured values vary
            assert list(free[name][:2]) == row["range"]
    assert rows["cso_count"]["type"] == "int"
    assert rows["political_will"]["provenance"] == "judged"  # the papers' words, quoted, read as a number
    assert rows["population_millions"]["provenance"] == "assumed"
    assert rows["funding_scale"]["provenance"] == "definition"
    georgia = {row["name"]: row for row in _json("show", "georgia_2004")}
    assert georgia["population_millions"]["provenance"] == "measured"
    assert georgia["donor_us_budget"]["provenance"] == "derived"  # dollars converted to euros
    assert georgia["political_will"]["provenance"] == "judged"
    assert georgia["police_officers"]["provenance"] == "derived"


def test_an_explicit_provenance_key_is_read(tmp_path: Path) -> None:
    path = tmp_path / "judged.toml"
    path.write_text(
        '[scenario]\ntitle = "t"\ncountry = "Kyrgyzstan"\nextends = "kyrgyzstan"\n[parameters]\n'
        'political_will = { value = 0.35, range = [0.2, 0.5], source = "expert panel, 2024", provenance = "judged" }\n',
        encoding="utf-8",
    )
    rows = {row["name"]: row for row in _json("show", str(path))}
    assert rows["political_will"]["provenance"] == "judged"
    path.write_text(path.read_text().replace('"judged"', '"guessed"'), encoding="utf-8")
    with pytest.raises(InputError, match="political_will"):
        load_scenario(path)


def test_list_json_names_every_shipped_file_with_its_kind() -> None:
    rows = _json("list")
    for kind, singular in (("scenarios", "scenario"), ("strategies", "strategy")):
        assert [row["name"] for row in rows if row["kind"] == singular] == available(kind)
    assert {row["kind"] for row in rows} == {"scenario", "strategy", "experiment", "sensitivity"}
    assert all(row["title"] for row in rows)
