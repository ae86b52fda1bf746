"""Fingerprints of a set of runs, to show that a speed-up leaves every result unchanged to the bit.

    .venv/bin/python -m benchmarks.result_hashes > before.txt    # before the change
    .venv/bin/python -m benchmarks.result_hashes | diff before.txt -

Each line is one run: the SHA-256 of its outcomes table, of its regional and events tables, and of
the citizens' and officers' final state. The runs cover every country, several strategies, dated
and random events (the 2003 replays, Georgia's dismissals and staff cuts, a raised crisis hazard),
events switched off, smaller populations and the rival mechanisms.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ssrsim import SSRModel

RUNS: tuple[tuple[str, str, int, dict[str, object]], ...] = (
    ("kyrgyzstan", "holistic", 1, {}),
    ("tajikistan", "train_and_equip", 2, {}),
    ("kazakhstan", "status_quo", 3, {}),
    ("georgia_2004", "status_quo", 4, {}),
    ("kyrgyzstan", "civil_society_first", 5, {"n_citizens": 2000}),
    ("kyrgyzstan_2003", "conditional", 6, {}),
    ("kazakhstan_2003", "training_of_trainers", 7, {}),
    ("tajikistan_2003", "community_policing", 8, {"crisis_hazard": 0.5, "leadership_hazard": 0.3}),
    ("kazakhstan", "oversight_support", 9, {"events_enabled": False}),
    ("tajikistan", "dialogue", 10, {"n_citizens": 3000}),
    (
        "kyrgyzstan",
        "holistic",
        11,
        {f"rival_{name}": True for name in ("state_pollsters", "graft_alone", "csos_bypass_ministry", "skill_serves")},
    ),
)
QUARTERS = 80


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.hexdigest()[:16]


def fingerprint(model: SSRModel) -> str:
    dc = model.datacollector
    outcomes = digest(dc.get_model_vars_dataframe().to_csv().encode())
    tables = digest(*(dc.get_table_dataframe(name).to_csv().encode() for name in ("regions", "events")))
    pop, force = model.population, model.force
    citizens = digest(*(np.ascontiguousarray(a).tobytes() for a in (pop.trust, pop.grievance, pop.engagement)))
    officers = digest(
        *(
            np.ascontiguousarray(a).tobytes()
            for a in (force.orientation, force.skill, force.corrupt, force.patron, force.active, force.threshold)
        )
    )
    return f"outcomes {outcomes}  tables {tables}  citizens {citizens}  officers {officers}"


def main() -> None:
    for country, strategy, seed, overrides in RUNS:
        model = SSRModel(country, strategy, rng=seed, **overrides)
        model.run_for(QUARTERS)
        label = f"{country}/{strategy} rng={seed} {overrides or ''}".strip()
        print(f"{label:<75} {fingerprint(model)}")


if __name__ == "__main__":
    main()
