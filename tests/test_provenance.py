"""Every parameter's source says how its value was obtained, and quotes what it rests on.

The classes (docs/evidence.md): measured (a number stated in a source), derived (arithmetic on such
numbers, shown), judged (a source's words, quoted, turned into a number), assumed (no source gives it),
calibrated (fitted to a calibration target) and definition (a unit, switch or run setting). Every value that
is neither measured nor a definition has a plausible range and is varied by sensitivity and robustness
designs, regional shares and donors' programme shares included (each group is rescaled to add up to
one where it is used). A programme no source records a donor funding stays at zero.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ssrsim import load_scenario
from ssrsim.scenario import MIX_SPREAD, NOT_VARIED

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.toml") if not p.stem.startswith("_"))
CLASSES = {"measured", "derived", "judged", "assumed", "calibrated", "definition"}
QUOTE = re.compile(r"“(.*?)”")


def _norm(text: str) -> str:
    """Fold typographic quotes and dashes, markdown emphasis, footnote marks, case and whitespace."""
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("*", "")):
        text = text.replace(a, b)
    text = re.sub(r"<sup>.*?</sup>", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


EVIDENCE = _norm((ROOT / "docs" / "evidence.md").read_text(encoding="utf-8"))


def _passages(source: str) -> list[str]:
    """The quoted passages of a source, split at "[…]" omissions."""
    return [part.strip(" .,;") for quote in QUOTE.findall(source) for part in quote.split("[…]") if part.strip(" .,;")]


def _all_sources(node: Any, where: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                found.append((where, value))
            else:
                found.extend(_all_sources(value, f"{where}/{key}"))
        return found
    if isinstance(node, list):
        return [hit for i, item in enumerate(node) for hit in _all_sources(item, f"{where}[{i}]")]
    return []


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_parameter_has_a_class(name: str) -> None:
    scenario = load_scenario(name)
    unclassed = {n: p.source[:60] for n, p in scenario.parameters.items() if p.provenance not in CLASSES}
    assert not unclassed, unclassed


@pytest.mark.parametrize("name", SCENARIOS)
def test_judged_values_quote_their_words(name: str) -> None:
    scenario = load_scenario(name)
    bare = [n for n, p in scenario.parameters.items() if p.provenance == "judged" and not _passages(p.source)]
    assert not bare, bare


@pytest.mark.parametrize("name", SCENARIOS)
def test_uncertain_values_have_a_range_and_vary(name: str) -> None:
    scenario = load_scenario(name)
    free = scenario.free_parameters()
    fixed = []
    for n, p in scenario.parameters.items():
        if p.provenance in {"measured", "definition"} or ("_mix_" in n and p.value == 0):
            continue
        assert n not in NOT_VARIED, f"{n}: a run setting is a definition"
        assert p.definition.kind is not bool, f"{n}: a switch is a definition"
        if n not in free:
            fixed.append(n)
    assert not fixed, fixed


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_donors_named_programmes_vary_around_their_share(name: str) -> None:
    scenario = load_scenario(name)
    free = scenario.free_parameters()
    for n, p in scenario.parameters.items():
        if "_mix_" in n and p.value > 0:
            lo, hi, _ = free[n]
            assert lo == pytest.approx(p.value * MIX_SPREAD[0])
            assert hi == pytest.approx(min(1.0, p.value * MIX_SPREAD[1]))


def test_every_quoted_passage_is_in_the_evidence_file() -> None:
    import tomllib

    missing = []
    for path in sorted((ROOT / "scenarios").glob("*.toml")) + sorted((ROOT / "strategies").glob("*.toml")):
        for where, source in _all_sources(tomllib.loads(path.read_text(encoding="utf-8"))):
            missing += [f"{path.name}{where}: {p}" for p in _passages(source) if _norm(p) not in EVIDENCE]
    assert not missing, "\n".join(missing)


def test_no_pointer_to_a_document_the_project_lacks() -> None:
    dangling = re.compile(r"evidence profile|stylised fact \d|MODEL\.md|strateg(y|ies) S\d", re.IGNORECASE)
    hits = []
    for folder in ("scenarios", "strategies", "ssrsim", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".toml", ".py", ".md"} and dangling.search(path.read_text(encoding="utf-8")):
                hits.append(str(path.relative_to(ROOT)))
    assert not hits, hits


def test_a_judged_source_without_a_quote_or_a_stray_quote_fails() -> None:
    assert not _passages("judged: the papers' accounts → 0.3")
    assert _norm("“a quote that no paper holds”") not in EVIDENCE
