"""Where a default quarter's time goes: microseconds a quarter per submodel and per step of the
police's and the citizens' quarters, on the fused loops as an experiment's worker runs them.

    .venv/bin/python -m benchmarks.where_time_goes            # 20 default runs
    .venv/bin/python -m benchmarks.where_time_goes --runs 5

Each function is wrapped in a timer for the measurement (the timers' own cost, well under a
microsecond a call, is included). Nested steps are also counted in their callers, so the rows of a
block do not add up to more than its total.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from benchmarks.bench_model import fused_from, warm_fused_loops
from benchmarks.reference import multiply_us
from ssrsim import SSRModel, citizens, civil_society, delivery, events, police_force, policing, politics, population
from ssrsim.agents import ministry, police
from ssrsim.outcomes import Outcomes

#: (owner, function name, label), by block: the quarter's submodels, then the police's and the citizens' steps.
TIMED: dict[str, list[tuple[Any, str, str]]] = {
    "quarter": [
        (SSRModel, "step", "the whole quarter"),
        (policing, "act", "police"),
        (citizens, "act", "citizens"),
        (delivery, "deliver_aid", "aid delivery"),
        (Outcomes, "measure", "measurement"),
        (SSRModel, "_oversee", "CSO activity and oversight"),
        (politics, "act", "politics"),
        (SSRModel, "_collect", "recording the quarter"),
        (events, "draw_random_events", "random events"),
        (civil_society, "births", "new CSOs"),
    ],
    "police": [
        (police_force.PoliceForce, "train", "courses picking trainees"),
        (ministry.Ministry, "manage_personnel", "the ministry's personnel decisions"),
        (policing, "conduct", "the officers' conduct"),
        (police.PoliceUnit, "cascade_training", "training cascades"),
        (police_force.PoliceForce, "decide_corruption", "each officer's choice on graft"),
        (police_force.PoliceForce, "socialise", "socialisation"),
        (police_force.PoliceForce, "maintain_skill", "skill"),
    ],
    "citizens": [
        (population.Population, "encounter", "police contacts"),
        (population.Population, "_uniform_below", "of which drawing who meets the police"),
        (population.Population, "summarise", "regional means"),
        (population.Population, "reach", "outreach"),
        (population.Population, "hear_media", "news"),
        (population.Population, "influence", "neighbours"),
        (population.Population, "decide_protest", "protest"),
    ],
}


def timed(spent: Counter[str], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    warm_fused_loops()
    print(f"reference multiply {multiply_us():.2f} us")
    spent: Counter[str] = Counter()
    originals = [(owner, name, getattr(owner, name)) for rows in TIMED.values() for owner, name, _ in rows]
    for rows in TIMED.values():
        for owner, name, label in rows:
            setattr(owner, name, timed(spent, label, getattr(owner, name)))
    try:
        with fused_from(0):
            for seed in range(args.runs):
                SSRModel("kyrgyzstan", "holistic", rng=seed).run_for(80)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    quarters = args.runs * 80
    for block, rows in TIMED.items():
        print(f"{block}:")
        for _, _, label in rows:
            print(f"  {label:<40} {spent[label] / quarters * 1e6:7.1f} us a quarter")


if __name__ == "__main__":
    main()
