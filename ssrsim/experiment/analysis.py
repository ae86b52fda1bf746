"""What a store says: trajectories, end-state effects against the baseline, rankings and costs.

Effects are paired: each run is compared with the baseline strategy's run of the same scenario,
design point and replication, which has the same seed (common random numbers), so the noise the
two share cancels and the 95% confidence interval is a t interval over the paired differences.
DuckDB does the aggregation over the Parquet parts, so memory holds results, not time series.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ssrsim.experiment.store import Store, sql_names
from ssrsim.plotting import QUANTILES
from ssrsim.stats import MIN_EFFECT, half_width

#: Trust is a share in [0, 1]; costs are quoted per this much of it.
TRUST_POINT = 0.01


def trajectories(store: Store, outcome: str) -> pd.DataFrame:
    """Quantiles of ``outcome`` across runs per scenario, strategy and step: columns ``q05`` ... ``q95``."""
    column = sql_names([outcome])
    quantiles = ", ".join(f"quantile_cont({column}, {q}) AS q{round(q * 100):02d}" for q in QUANTILES)
    return store.query(
        f"SELECT scenario, strategy, step, {quantiles} FROM results WHERE status = 'ok' "
        "GROUP BY scenario, strategy, step ORDER BY scenario, strategy, step"
    )


def effects(store: Store, outcomes: Sequence[str], *, by_point: bool = False) -> pd.DataFrame:
    """End-state effect of each strategy against the baseline on each of ``outcomes``.

    One row per scenario, strategy (and design point with ``by_point``) and outcome: ``n`` pairs, the
    ``mean`` and ``sd`` of the paired differences at the final step, and the 95% interval ``low``,
    ``high`` (NaN, like ``sd``, for a single pair). Without ``by_point``, pairs from every design point
    are pooled.
    """
    point = "s.point, " if by_point else ""
    frame = store.query(
        f"""
        WITH final AS (
            SELECT scenario, strategy, point, replication, {sql_names(outcomes)}
            FROM results WHERE status = 'ok' AND step = horizon
        ), long AS (
            UNPIVOT final ON {sql_names(outcomes)} INTO NAME outcome VALUE value
        )
        SELECT s.scenario, s.strategy, {point}s.outcome,
               count(*) AS n, avg(s.value - b.value) AS mean, stddev_samp(s.value - b.value) AS sd
        FROM long s JOIN long b
          ON s.scenario = b.scenario AND s.point = b.point AND s.replication = b.replication
         AND s.outcome = b.outcome
        WHERE b.strategy = $baseline AND s.strategy <> $baseline
        GROUP BY ALL ORDER BY ALL
        """,
        {"baseline": store.spec.baseline},
    )
    half = half_width(frame["sd"].to_numpy(dtype=float), frame["n"].to_numpy())
    return frame.assign(low=frame["mean"] - half, high=frame["mean"] + half)


def ranking(
    effects: pd.DataFrame, outcomes: Sequence[str] = ("trust", "accountability"), min_effect: float = MIN_EFFECT
) -> pd.DataFrame:
    """Strategy x country: each strategy's effect and interval on ``outcomes``, sorted within each
    scenario by the effect on the first outcome (best first) and grouped rather than ranked.

    Effects that differ by less than ``min_effect`` do not differ in any way that matters, so a
    ``group`` runs from its best strategy down to the last one within ``min_effect`` of it, and the
    next group starts below; ``matters`` tells whether the effect against the baseline reaches
    ``min_effect`` at all. Columns ``<outcome>``, ``<outcome>_low``, ``<outcome>_high``, ``group``,
    ``matters``, ``n``."""
    chosen = effects[effects["outcome"].isin(outcomes)]
    # unstack, not pivot_table: the latter drops the all-NaN intervals of single-pair effects
    wide = chosen.set_index(["scenario", "strategy", "outcome"])[["mean", "low", "high", "n"]].unstack("outcome")
    table = pd.DataFrame(index=wide.index)
    for outcome in outcomes:
        table[outcome] = wide[("mean", outcome)]
        table[f"{outcome}_low"] = wide[("low", outcome)]
        table[f"{outcome}_high"] = wide[("high", outcome)]
    table["n"] = wide[("n", outcomes[0])].astype(int)
    table = table.reset_index().sort_values(["scenario", outcomes[0]], ascending=[True, False], kind="stable")
    table.insert(2, "group", table.groupby("scenario")[outcomes[0]].transform(lambda e: _groups(e, min_effect)))
    table.insert(3, "matters", table[outcomes[0]].abs() >= min_effect)
    return table.reset_index(drop=True)


def _groups(sorted_effects: pd.Series, min_effect: float) -> list[int]:
    """Group numbers for effects sorted best first: a group holds every effect within ``min_effect``
    of its first, best, member."""
    groups, top, number = [], None, 0
    for value in sorted_effects:
        if top is None or top - value >= min_effect:
            top, number = value, number + 1
        groups.append(number)
    return groups


def costs(effects: pd.DataFrame) -> pd.DataFrame:
    """EUR million of extra aid per +0.01 of trust, per scenario and strategy.

    The extra aid is the mean paired difference in cumulative ``spent``; the cost is NaN where trust did
    not rise on average. ``certain`` tells whether the trust interval lies above zero.
    """
    trust = effects[effects["outcome"] == "trust"].set_index(["scenario", "strategy"])
    spent = effects[effects["outcome"] == "spent"].set_index(["scenario", "strategy"])
    table = pd.DataFrame(
        {
            "extra_spent": spent["mean"],
            "trust_gain": trust["mean"],
            "cost_per_point": (spent["mean"] / (trust["mean"] / TRUST_POINT)).where(trust["mean"] > 0),
            "certain": trust["low"] > 0,
        }
    )
    return table.reset_index().sort_values(["scenario", "cost_per_point"], kind="stable").reset_index(drop=True)


def robustness(store: Store, outcomes: Sequence[str]) -> pd.DataFrame:
    """How robust the ranking is: per scenario, outcome and strategy, the share of cases in which
    the strategy does best, the share in which it ends within the smallest effect that matters of
    the best (a near-best finish no one could tell from the best), and its regret (the best
    strategy's end value minus its own).

    A case is one design point and replication, in which every strategy ran with the same seed, so
    the cases span the seeds and, for a hypercube design, the free parameters; strategies tied for best
    share a case. Columns: ``cases``,
    ``p_best``, ``p_near_best``, ``regret`` (mean), ``regret_p90`` (the 90th percentile).
    """
    finals = store.query(
        f"SELECT scenario, point, replication, strategy, {sql_names(outcomes)} "
        "FROM results WHERE status = 'ok' AND step = horizon"
    )
    rows = []
    for (scenario, outcome), frame in finals.melt(
        id_vars=["scenario", "point", "replication", "strategy"], value_vars=list(outcomes), var_name="outcome"
    ).groupby(["scenario", "outcome"]):
        wide = frame.pivot_table(index=["point", "replication"], columns="strategy", values="value").dropna()
        if wide.empty:
            continue
        best = wide.max(axis=1)
        # strategies that tie for best share the case
        tied = np.isclose(wide.to_numpy(), best.to_numpy()[:, None], rtol=1e-9, atol=1e-12)
        credit = pd.DataFrame(tied / tied.sum(axis=1, keepdims=True), index=wide.index, columns=wide.columns)
        regret = wide.rsub(best, axis=0)
        for strategy in wide.columns:
            rows.append(
                {
                    "scenario": scenario,
                    "outcome": outcome,
                    "strategy": strategy,
                    "cases": len(wide),
                    "p_best": float(credit[strategy].mean()),
                    "p_near_best": float((regret[strategy] < MIN_EFFECT).mean()),
                    "regret": float(regret[strategy].mean()),
                    "regret_p90": float(regret[strategy].quantile(0.9)),
                }
            )
    return pd.DataFrame(rows)
