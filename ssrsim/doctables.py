"""Markdown tables of the scenarios' parameters, for docs/calibration.md.

``python -m ssrsim.doctables`` prints them; a test checks that the document carries the current
ones, so the documentation cannot drift from the scenario files.
"""

from __future__ import annotations

from ssrsim.scenario import Parameter, load_scenario

COUNTRIES = ("kazakhstan", "kyrgyzstan", "tajikistan")
BEGIN, END = "<!-- parameter tables: begin -->", "<!-- parameter tables: end -->"


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def _value(p: Parameter) -> str:
    return f"{p.value:g}" if isinstance(p.value, float) else str(p.value)


def country_table() -> str:
    """Parameters whose value or source differs between the countries, side by side."""
    specs = [load_scenario(c) for c in COUNTRIES]
    base = load_scenario(COUNTRIES[0]).parameters
    names = [
        name
        for name in base
        if not name.startswith(("region_", "donor_"))
        and len({(s.parameters[name].value, s.parameters[name].source) for s in specs}) > 1
    ]
    lines = ["| parameter | " + " | ".join(s.country for s in specs) + " |", "|---|" + "---|" * len(specs)]
    for name in names:
        cells = [f"**{_value(s.parameters[name])}** {_cell(s.parameters[name].source)}" for s in specs]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def assumption_table() -> str:
    """The free parameters (``Scenario.free_parameters``) of each country, with their ranges."""
    rows: dict[str, dict[str, tuple[float, float, type]]] = {}
    for country in COUNTRIES:
        for name, free in load_scenario(country).free_parameters().items():
            rows.setdefault(name, {})[country] = free
    lines = ["| parameter | plausible range | in | meaning |", "|---|---|---|---|"]
    for name, by_country in rows.items():
        ranges = {country: f"[{lo:g}, {hi:g}]" for country, (lo, hi, _) in by_country.items()}
        shown = (
            next(iter(ranges.values()))
            if len(set(ranges.values())) == 1
            else "; ".join(f"{country}: {text}" for country, text in ranges.items())
        )
        where = "all" if len(by_country) == len(COUNTRIES) else ", ".join(by_country)
        description = load_scenario(next(iter(by_country))).parameters[name].definition.description
        lines.append(f"| `{name}` | {shown} | {where} | {_cell(description)} |")
    return "\n".join(lines)


def provenance_table() -> str:
    """How many parameters of each scenario fall in each provenance class."""
    from collections import Counter

    from ssrsim.resources import available

    classes = ("measured", "derived", "judged", "calibrated", "assumed", "definition")
    lines = ["| scenario | " + " | ".join(classes) + " |", "|---|" + "---|" * len(classes)]
    for name in available("scenarios"):
        counts = Counter(p.provenance for p in load_scenario(name).parameters.values())
        lines.append(f"| {name} | " + " | ".join(str(counts.get(c, 0)) for c in classes) + " |")
    return "\n".join(lines)


def tables() -> str:
    return "\n".join(
        [
            BEGIN,
            "### Country parameters",
            "",
            "Parameters that differ between the three 2013 scenarios (value in bold, then its source).",
            "",
            country_table(),
            "",
            "### Free parameters",
            "",
            "Parameters that are judged, derived, assumed or calibrated and have a plausible range, in at",
            "least one scenario; the sensitivity analysis screens them and the robustness experiment varies",
            "them (`docs/sensitivity.md`). Regional shares and donors' programme shares are varied one by one",
            "and rescaled to add up to one where the model uses them; a donor's named programmes range from",
            "half to one and a half times their share (at most 1). Where the countries' ranges differ, each",
            "is shown. Measured values and definitions (units, run settings, switches) are not varied.",
            "",
            assumption_table(),
            "",
            "### Provenance",
            "",
            "Parameters of each scenario by class (the opening word of each source; `docs/evidence.md`).",
            "",
            provenance_table(),
            END,
        ]
    )


if __name__ == "__main__":
    print(tables())
