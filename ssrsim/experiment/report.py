"""``write_report``: an HTML report of a store, with its figures, in ``DIR/report/``.

``index.html`` is self-contained (figures embedded as base64 PNG, styles inline) and opens from
disk with no network; every figure is also written beside it as a PNG file. Sections:

- the strategy x country table, sorted by the end-state effect on trust against the baseline and
  grouped where effects differ by less than the smallest effect that matters;
- trajectories of trust and accountability per strategy and country (median, 50% and 90% bands);
- end-state effects against the baseline with paired 95% intervals;
- the cost of trust: EUR million of extra aid per +0.01 of trust;
- reported success against real change, one point per run;
- for a two-parameter grid, a heatmap of the effect on the experiment's ``heatmap_outcome``;
- failed runs, by error.

A section whose outcomes the experiment did not keep becomes a note saying so.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import pandas as pd
from matplotlib.figure import Figure

from ssrsim.experiment import analysis, figures
from ssrsim.experiment.files import replacing
from ssrsim.experiment.schema import PARAMETER_PREFIX
from ssrsim.experiment.spec import ExperimentSpec
from ssrsim.experiment.store import Store
from ssrsim.stats import MIN_EFFECT, NO_INTERVAL

HEADLINE = ("trust", "accountability")


@dataclass(frozen=True)
class Report:
    """What :func:`write_report` wrote, and the ranking it computed (for the command line to print)."""

    path: Path
    ranking: pd.DataFrame
    figures: tuple[Path, ...]


@dataclass(frozen=True)
class Image:
    alt: str
    data: str  # base64 PNG


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    title: str
    text: str
    images: list[Image] = field(default_factory=list)
    table: Table | None = None


def _design_text(spec: ExperimentSpec, varied: list[str]) -> str:
    """The design in a few words: its kind and the parameters it varies (counted when many)."""
    if spec.design.kind is None:
        return "none"
    names = ", ".join(varied) if len(varied) <= 6 else f"{len(varied)} parameters"
    return f"{spec.design.kind} over {names}"


def interval(mean: float, low: float, high: float) -> str:
    """``+0.0123 ± 0.0040``: an effect and the half-width of its (symmetric t) interval, or
    ``+0.0123 (n=1, no interval)`` for a single pair."""
    if math.isnan(low) or math.isnan(high):
        return f"{mean:+.4f} ({NO_INTERVAL})"
    return f"{mean:+.4f} ± {(high - low) / 2:.4f}"


def ranking_text(ranking: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """The grouped strategies as the report and the terminal print them: one text column per header,
    ``country``, ``group``, ``strategy``, ``Δ <outcome> ± 95% CI`` per outcome and ``pairs``, best
    first; an effect on the first outcome too small to matter is marked so."""
    return pd.DataFrame(
        {
            "country": ranking["scenario"],
            "group": ranking["group"].astype(str),
            "strategy": [
                s if m else f"{s} (no effect that matters)"
                for s, m in zip(ranking["strategy"], ranking["matters"], strict=True)
            ],
            **{
                f"Δ {o} ± 95% CI": [
                    interval(*row) for row in zip(ranking[o], ranking[f"{o}_low"], ranking[f"{o}_high"], strict=True)
                ]
                for o in outcomes
            },
            "pairs": ranking["n"].astype(str),
        }
    )


def write_report(store: Store) -> Report:
    """Compute, draw and write the report of ``store``; returns where it is and the ranking."""
    return _Writer(store).write()


class _Writer:
    """Builds the sections one by one, writing each figure as it is drawn."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.spec = store.spec
        self.kept = set(self.spec.outcomes)
        self.folder = store.root / "report"
        self.runs = store.runs()
        self.figures: list[Path] = []
        self.sections: list[Section] = []

    def write(self) -> Report:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.runs["status"] == "ok").any():
            # nothing to compare or draw: say so, and list what went wrong
            self.sections.append(Section("No results", "No run of this experiment succeeded."))
            self._failures()
            return self._written(pd.DataFrame())
        headline = [name for name in HEADLINE if name in self.kept]
        compared = [name for name in (*HEADLINE, "spent") if name in self.kept]
        effects = analysis.effects(self.store, compared) if compared else pd.DataFrame()
        ranking = analysis.ranking(effects, headline) if headline and not effects.empty else pd.DataFrame()
        self._ranking(ranking, headline)
        self._trajectories(headline)
        self._effects(effects, headline)
        self._costs(effects)
        self._reported_vs_real()
        self._heatmap()
        self._robustness(headline)
        self._failures()
        return self._written(ranking)

    def _written(self, ranking: pd.DataFrame) -> Report:
        path = self.folder / "index.html"
        with replacing(path) as temp:
            temp.write_text(self._html(), encoding="utf-8")
        return Report(path, ranking, tuple(self.figures))

    # ------------------------------------------------------------------ sections
    def _ranking(self, ranking: pd.DataFrame, headline: list[str]) -> None:
        title = "Strategies grouped by their effect"
        if ranking.empty:
            self._note(title, "trust or accountability against the baseline")
            return
        text = ranking_text(ranking, headline)
        self.sections.append(
            Section(
                title,
                f"End-state change against '{self.spec.baseline}' (mean over paired replications, 95% interval), "
                f"sorted within each country by the change in {headline[0]}. Strategies in one group differ by less "
                f"than {MIN_EFFECT:g} on {headline[0]}, the smallest effect that matters on a 0-1 index: they are "
                "indistinguishable, not ranked. A strategy whose effect against the baseline is smaller than that is "
                "marked as having no effect that matters.",
                table=Table(list(text.columns), text.to_numpy().tolist()),
            )
        )

    def _trajectories(self, headline: list[str]) -> None:
        title = "Trajectories"
        if not headline:
            self._note(title, "trust or accountability")
            return
        section = Section(title, "Median of the runs with the bands holding 50% and 90% of them, quarter by quarter.")
        for outcome in headline:
            frame = analysis.trajectories(self.store, outcome)
            for scenario in dict.fromkeys(frame["scenario"]):
                figure = figures.trajectories(frame, outcome, scenario, self.spec.baseline)
                section.images.append(self._draw(f"trajectories_{outcome}_{scenario}", figure))
        self.sections.append(section)

    def _effects(self, effects: pd.DataFrame, headline: list[str]) -> None:
        title = "End-state effects"
        if effects.empty or not headline:
            self._note(title, "trust or accountability, with runs of the baseline and another strategy")
            return
        section = Section(
            title,
            f"Each run against the '{self.spec.baseline}' run with the same seed; bars are 95% t intervals.",
        )
        for outcome in headline:
            figure = figures.effects(effects, outcome, self.spec.baseline)
            section.images.append(self._draw(f"effects_{outcome}", figure))
        self.sections.append(section)

    def _costs(self, effects: pd.DataFrame) -> None:
        title = "Cost of trust"
        if not {"trust", "spent"} <= self.kept or effects.empty:
            self._note(title, "trust and spent, with runs of the baseline and another strategy")
            return
        table = analysis.costs(effects)
        rows = [
            [
                row.scenario,
                row.strategy,
                f"{row.extra_spent:,.1f}",
                f"{row.trust_gain:+.4f}",
                "no gain" if pd.isna(row.cost_per_point) else f"{row.cost_per_point:,.1f}",
                "yes" if row.certain else "no",
            ]
            for row in table.itertuples()
        ]
        self.sections.append(
            Section(
                title,
                f"EUR million of aid spent beyond '{self.spec.baseline}' per +{analysis.TRUST_POINT:g} of trust gained "
                "by the end, from the cumulative 'spent' outcome.",
                images=[self._draw("cost_of_trust", figures.costs(table))],
                table=Table(
                    ["country", "strategy", "extra EUR m", "Δ trust", "EUR m per +0.01", "gain certain"],
                    rows,
                ),
            )
        )

    def _robustness(self, headline: list[str]) -> None:
        title = "Robustness of the ranking"
        if not headline or len(self.spec.strategies) < 2:
            self._note(title, "trust or accountability, with at least two strategies")
            return
        table = analysis.robustness(self.store, headline)
        cases = int(table["cases"].max()) if not table.empty else 0
        span = "seeds and design points" if self.spec.design.kind else "seeds"
        wide = table.pivot_table(
            index=["scenario", "strategy"], columns="outcome", values=["p_best", "p_near_best", "regret"]
        )
        rows = [
            [scenario, strategy]
            + [f"{wide.loc[(scenario, strategy), ('p_best', o)]:.0%}" for o in headline]
            + [f"{wide.loc[(scenario, strategy), ('p_near_best', o)]:.0%}" for o in headline]
            + [f"{wide.loc[(scenario, strategy), ('regret', o)]:.4f}" for o in headline]
            for scenario, strategy in wide.sort_values(("p_best", headline[0]), ascending=False)
            .sort_index(level=0, sort_remaining=False)
            .index
        ]
        self.sections.append(
            Section(
                title,
                f"Over {cases} cases per country (paired {span}): how often each strategy ends best, how often "
                f"it ends within {MIN_EFFECT:g} of the best (near best: no one could tell it from the best), and "
                "its regret, the best strategy's end value minus its own (mean over cases).",
                images=[self._draw(f"robustness_{o}", figures.robustness(table, o)) for o in headline],
                table=Table(
                    [
                        "country",
                        "strategy",
                        *[f"best, {o}" for o in headline],
                        *[f"near best, {o}" for o in headline],
                        *[f"regret, {o}" for o in headline],
                    ],
                    rows,
                ),
            )
        )

    def _reported_vs_real(self) -> None:
        title = "Reported success and real change"
        if not {"reported_success", "real_change"} <= self.kept:
            self._note(title, "reported_success and real_change")
            return
        frame = self.store.series(["reported_success", "real_change"], final_only=True)
        self.sections.append(
            Section(
                title,
                "Points above the dashed diagonal report more success than the change they achieved.",
                images=[self._draw("reported_vs_real", figures.reported_vs_real(frame))],
            )
        )

    def _heatmap(self) -> None:
        design = self.spec.design
        if design.grid is None or len(design.parameters) != 2:
            return
        outcome = self.spec.heatmap_outcome
        rows_parameter, columns_parameter = design.parameters
        effects = analysis.effects(self.store, [outcome], by_point=True)
        if effects.empty:
            self._note("Heatmap", f"{outcome}, with runs of the baseline and another strategy")
            return
        values = self.runs.groupby("point")[[PARAMETER_PREFIX + p for p in design.parameters]].first()
        frame = effects.join(values.rename(columns=lambda c: c.removeprefix(PARAMETER_PREFIX)), on="point")
        figure = figures.heatmap(frame, rows_parameter, columns_parameter, outcome, self.spec.baseline)
        self.sections.append(
            Section(
                f"Effect on {outcome} across the grid",
                f"Mean end-state change in {outcome} against '{self.spec.baseline}' at each grid point.",
                images=[self._draw(f"heatmap_{outcome}", figure)],
            )
        )

    def _failures(self) -> None:
        runs = self.runs
        failed = runs[runs["status"] == "error"]
        if failed.empty:
            return
        groups = failed.groupby(["error_type", "error_message"], sort=True).size().reset_index(name="runs")
        rows = [[row.error_type, row.error_message, str(row.runs)] for row in groups.itertuples()]
        self.sections.append(
            Section(
                "Failed runs",
                f"{len(failed)} of {len(runs)} runs raised; they are left out of every figure above.",
                table=Table(["error", "message", "runs"], rows),
            )
        )

    # ------------------------------------------------------------------ helpers
    def _note(self, title: str, needs: str) -> None:
        self.sections.append(Section(title, f"Not drawn: this needs {needs}, which this experiment lacks."))

    def _draw(self, name: str, figure: Figure) -> Image:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
        path = self.folder / f"{name}.png"
        path.write_bytes(buffer.getvalue())
        self.figures.append(path)
        return Image(alt=name.replace("_", " "), data=base64.b64encode(buffer.getvalue()).decode("ascii"))

    def _html(self) -> str:
        runs = self.runs
        manifest = self.store.manifest
        spec = self.spec
        facts = [
            ("experiment file", manifest["experiment"]["file"] or "built in code"),
            ("file SHA-256", manifest["experiment"]["sha256"] or "-"),
            ("started", manifest["created"]),
            ("scenarios", ", ".join(spec.scenarios)),
            ("strategies", ", ".join(spec.strategies)),
            ("baseline", spec.baseline),
            ("design", _design_text(spec, self.store.varied)),
            ("replications", str(spec.replications)),
            ("horizon", f"{spec.horizon} quarters" if spec.horizon else "each scenario's own"),
            ("base seed", str(spec.seed)),
            ("runs", f"{(runs['status'] == 'ok').sum()} ok, {(runs['status'] == 'error').sum()} failed"),
            ("versions", ", ".join(f"{k} {v}" for k, v in manifest["versions"].items())),
        ]
        return render(spec.title or "Experiment report", spec.description, facts, self.sections)


def render(title: str, description: str, facts: list[tuple[str, str]], sections: list[Section]) -> str:
    """A self-contained report page: a table of facts, then the sections with their tables and figures."""
    template = resources.files("ssrsim.experiment").joinpath("report.html.j2").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(template).render(
        title=title, description=description, facts=facts, sections=sections
    )
