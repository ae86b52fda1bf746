"""Scenario discovery: under which uncertain conditions does a strategy beat no aid, or fail to?

The step after a strategy comparison over a design of the free parameters (such as
``experiments/robustness.toml``, a Latin hypercube over the assumptions): each case (a design point
and replication) pairs a strategy's run with the baseline's run of the same seed; the case is *of
interest* when the strategy's end-state effect on the outcome reaches the smallest effect that
matters (or, asking where it fails, falls short of it). PRIM (EMA Workbench) then peels the
parameter space down to boxes where such cases are dense, trading coverage (the share of all cases
of interest inside the box) against density (the share of cases inside the box that are of
interest). CART gives a second opinion: its leaf with the most cases of interest, if denser.

Needs the ``ema`` extra (``pip install ssrsim[ema]``).
"""

from __future__ import annotations

import base64
import io
import json
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ssrsim.errors import InputError, did_you_mean
from ssrsim.experiment.files import replacing
from ssrsim.experiment.report import Image, Section, Table, render
from ssrsim.experiment.schema import PARAMETER_PREFIX
from ssrsim.experiment.store import Store, sql_names
from ssrsim.stats import MIN_EFFECT

with warnings.catch_warnings():  # EMA warns at import about optional engines it does not need here
    warnings.simplefilter("ignore")
    from ema_workbench.analysis import cart, prim

#: The density a box must reach to be chosen from the peeling trajectory.
DENSITY = 0.8
#: What the report page says at its top.
DESCRIPTION = (
    "Each case pairs a strategy's run with the baseline's run of the same design point and seed. PRIM "
    "peels the space of the varied parameters down to a box where the cases of interest are dense: coverage "
    "is the share of all cases of interest inside the box, density the share of cases inside it that are of "
    "interest. The chosen box is the one with the largest coverage at the required density."
)


@dataclass(frozen=True)
class Limit:
    """A restriction of one parameter: the box keeps values in [low, high] of its [min, max] sampled."""

    parameter: str
    low: float
    high: float
    sampled_low: float
    sampled_high: float


@dataclass(frozen=True)
class Finding:
    """One strategy in one scenario: the cases, the box PRIM chose, its trajectory, CART's best leaf."""

    scenario: str
    strategy: str
    question: str  # "beats" or "fails"
    cases: int
    of_interest: int
    coverage: float
    density: float
    mass: float
    limits: list[Limit]
    trajectory: list[dict[str, float]]  # coverage, density, mass, res_dim for each peeling step
    chosen: int  # index of the chosen box on the trajectory
    cart: dict[str, float] | None  # coverage, density and mass of CART's densest leaf, or None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def cases(store: Store, outcome: str) -> pd.DataFrame:
    """Per scenario, strategy and case: the varied parameters and the paired end-state effect."""
    spec = store.spec
    if outcome not in spec.outcomes:
        raise InputError(
            f"the store did not keep the outcome '{outcome}'", file=store.root, allowed=", ".join(spec.outcomes)
        )
    varied = store.varied
    if not varied:
        raise InputError(
            "the experiment varied no parameter, so there are no conditions to discover",
            file=store.root,
            hint="run an experiment with a design, e.g. experiments/robustness.toml (a hypercube over the "
            "assumptions).",
        )
    names = [PARAMETER_PREFIX + name for name in varied]
    columns = sql_names(names)
    frame = store.query(
        f"""
        WITH final AS (
            SELECT scenario, strategy, point, replication, {columns}, {sql_names([outcome])} AS value
            FROM results WHERE status = 'ok' AND step = horizon
        )
        SELECT s.scenario, s.strategy, s.point, s.replication, {", ".join("s." + sql_names([name]) for name in names)},
               s.value - b.value AS effect
        FROM final s JOIN final b
          ON s.scenario = b.scenario AND s.point = b.point AND s.replication = b.replication
        WHERE b.strategy = $baseline AND s.strategy <> $baseline
        ORDER BY s.scenario, s.strategy, s.point, s.replication
        """,
        {"baseline": spec.baseline},
    )
    return frame.rename(columns={PARAMETER_PREFIX + name: name for name in varied})


def discover(
    store: Store,
    *,
    outcome: str = "trust",
    min_effect: float = MIN_EFFECT,
    fails: bool = False,
    density: float = DENSITY,
    strategies: list[str] | None = None,
) -> list[Finding]:
    """A finding per scenario and strategy (``strategies``, default all but the baseline)."""
    if not 0.0 < density <= 1.0:
        raise InputError(f"the density must lie in (0, 1], not {density:g}", key="--density")
    frame = cases(store, outcome)
    known = sorted(set(frame["strategy"]))
    for name in strategies or []:
        if name not in known:
            if name == store.spec.baseline:
                raise InputError(
                    f"'{name}' is the baseline every strategy is compared with, not a strategy to examine",
                    file=store.root,
                    allowed=", ".join(known),
                )
            raise InputError(
                f"the store has no strategy '{name}' to compare",
                file=store.root,
                allowed=", ".join(known),
                hint=did_you_mean(name, known),
            )
    findings = []
    for (scenario, strategy), group in frame.groupby(["scenario", "strategy"], sort=True):
        if strategies and strategy not in strategies:
            continue
        x = group[store.varied].reset_index(drop=True).astype(float)
        x = x.loc[:, x.nunique() > 1]  # a parameter a scenario does not vary cannot bound a box
        effect = group["effect"].to_numpy()
        y = effect < min_effect if fails else effect >= min_effect
        findings.append(_finding(str(scenario), str(strategy), "fails" if fails else "beats", x, y, density))
    return findings


def _finding(scenario: str, strategy: str, question: str, x: pd.DataFrame, y: np.ndarray, density: float) -> Finding:
    """PRIM's box (the largest coverage at ``density`` or better, else the densest) and CART's leaf."""
    empty = Finding(scenario, strategy, question, len(y), int(y.sum()), 0.0, 0.0, 0.0, [], [], 0, None)
    if not y.any() or y.all() or x.empty:
        # nothing to separate: no case of interest, or every case is one
        share = float(y.mean()) if len(y) else 0.0
        return empty if not y.any() else Finding(**{**asdict(empty), "coverage": 1.0, "density": share, "mass": 1.0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = prim.Prim(x, y).find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].astype(float)
    dense = trajectory.index[trajectory["density"] >= density]
    chosen = int(trajectory.loc[dense, "coverage"].idxmax()) if len(dense) else int(trajectory["density"].idxmax())
    row = trajectory.loc[chosen]
    lims, initial = box.box_lims[chosen], box.box_lims[0]
    limits = [
        Limit(name, float(lims[name][0]), float(lims[name][1]), float(initial[name][0]), float(initial[name][1]))
        for name in x.columns
        if (lims[name][0], lims[name][1]) != (initial[name][0], initial[name][1])
    ]
    return Finding(
        scenario=scenario,
        strategy=strategy,
        question=question,
        cases=len(y),
        of_interest=int(y.sum()),
        coverage=float(row["coverage"]),
        density=float(row["density"]),
        mass=float(row["mass"]),
        limits=limits,
        trajectory=trajectory.to_dict(orient="records"),
        chosen=chosen,
        cart=_cart(x, y),
    )


def _cart(x: pd.DataFrame, y: np.ndarray) -> dict[str, float] | None:
    """Coverage, density and mass of CART's leaf with the most cases of interest, or None without a split."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = cart.CART(x, y, mass_min=max(0.05, 2 / len(y)))  # a leaf holds at least two cases
        tree.build_tree()
    stats = pd.DataFrame(tree.stats)
    if len(stats) < 2:
        return None
    best = stats.sort_values(["density", "coverage"], ascending=False).iloc[0]
    return {"coverage": float(best["coverage"]), "density": float(best["density"]), "mass": float(best["mass"])}


def figure(finding: Finding, outcome: str, min_effect: float) -> Figure:
    """The peeling trade-off (coverage against density, the chosen box marked) and the box's limits."""
    fig = Figure(figsize=(10, 3.8), layout="constrained")
    trade, limits = fig.subplots(1, 2, width_ratios=[1, 1.3])
    trajectory = pd.DataFrame(finding.trajectory)
    if not trajectory.empty:
        points = trade.scatter(trajectory["coverage"], trajectory["density"], c=trajectory["res_dim"], cmap="viridis")
        fig.colorbar(points, ax=trade, label="parameters restricted")
        chosen = trajectory.iloc[finding.chosen]
        trade.scatter([chosen["coverage"]], [chosen["density"]], s=160, facecolors="none", edgecolors="red")
    trade.set(xlabel="coverage", ylabel="density", xlim=(0, 1.05), ylim=(0, 1.05), title="Peeling trajectory")
    for i, limit in enumerate(finding.limits):
        span = (limit.sampled_high - limit.sampled_low) or 1.0
        low, high = (limit.low - limit.sampled_low) / span, (limit.high - limit.sampled_low) / span
        limits.plot([0, 1], [i, i], color="#cccccc", linewidth=6, solid_capstyle="butt")
        limits.plot([low, high], [i, i], color="#3b6ea5", linewidth=6, solid_capstyle="butt")
        limits.text(low, i + 0.25, f"{limit.low:.3g}", fontsize=7, ha="left")
        limits.text(high, i + 0.25, f"{limit.high:.3g}", fontsize=7, ha="right")
    limits.set_yticks(range(len(finding.limits)), [limit.parameter for limit in finding.limits], fontsize=8)
    limits.set(xlim=(-0.02, 1.02), ylim=(-0.7, max(len(finding.limits), 1) - 0.3), xlabel="share of sampled range")
    limits.set_title(f"Box: coverage {finding.coverage:.2f}, density {finding.density:.2f}")
    sign = "<" if finding.question == "fails" else ">="
    fig.suptitle(
        f"{finding.strategy} in {finding.scenario}: effect on {outcome} {sign} {min_effect:g} against the baseline"
    )
    return fig


def write_report(store: Store, findings: list[Finding], *, outcome: str, min_effect: float) -> Path:
    """``DIR/report/discovery.html`` (a section per finding, with its figure) and ``discovery.json``;
    the path of the page."""
    folder = store.root / "report"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("discovery_*.png"):  # an earlier report's figures, perhaps of other strategies
        stale.unlink()
    sections = []
    for finding in findings:
        buffer = io.BytesIO()
        figure(finding, outcome, min_effect).savefig(buffer, format="png", dpi=100)
        name = f"discovery_{finding.scenario}_{finding.strategy}"
        (folder / f"{name}.png").write_bytes(buffer.getvalue())
        sections.append(
            Section(
                f"{finding.strategy} in {finding.scenario}",
                _summary(finding, outcome, min_effect),
                images=[Image(name.replace("_", " "), base64.b64encode(buffer.getvalue()).decode("ascii"))],
                table=Table(
                    ["parameter", "box low", "box high", "sampled low", "sampled high"],
                    [
                        [
                            limit.parameter,
                            *(f"{v:.4g}" for v in (limit.low, limit.high, limit.sampled_low, limit.sampled_high)),
                        ]
                        for limit in finding.limits
                    ],
                )
                if finding.limits
                else None,
            )
        )
    facts = [
        ("store", str(store.root)),
        ("outcome", outcome),
        ("smallest effect that matters", f"{min_effect:g} against {store.spec.baseline}"),
        ("strategies", ", ".join(sorted({finding.strategy for finding in findings}))),
        ("parameters varied", str(len(store.varied))),
    ]
    page = folder / "discovery.html"
    with replacing(page) as temp:
        temp.write_text(render("Scenario discovery", DESCRIPTION, facts, sections), encoding="utf-8")
    with replacing(folder / "discovery.json") as temp:
        data = {"outcome": outcome, "min_effect": min_effect, "findings": [f.to_json() for f in findings]}
        temp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return page


def _summary(finding: Finding, outcome: str, min_effect: float) -> str:
    """The finding in a sentence or two."""
    what = "falls short of" if finding.question == "fails" else "reaches"
    text = f"In {finding.of_interest} of {finding.cases} cases the effect on {outcome} {what} {min_effect:g}. "
    if not finding.limits:
        return text + "PRIM found no box that restricts a parameter."
    text += (
        f"PRIM's box restricts {len(finding.limits)} parameter(s); it holds {finding.coverage:.0%} of those cases "
        f"(coverage), and {finding.density:.0%} of the cases inside it are such cases (density)."
    )
    if finding.cart is not None:
        text += f" CART's densest leaf: coverage {finding.cart['coverage']:.0%}, density {finding.cart['density']:.0%}."
    return text
