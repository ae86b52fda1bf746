"""What compiling the officers' rules would save: their conduct, the minority bias, the regional
conduct and the chances per contact (``policing.conduct``'s arithmetic) as one numba loop, against
the NumPy rules, on a default model's 360 officers after 40 quarters.

    .venv/bin/python -m benchmarks.officer_loop

A prototype kept here to measure the figure in docs/performance.md, not used by the model: it checks
that the loop gives the same numbers to the bit, then times both (best of 7).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numba
import numpy as np

from benchmarks.reference import multiply_us
from ssrsim import SSRModel, policing


@numba.njit
def conduct_loop(
    o, skill, corrupt, branch, region, deterred, abuse_by_branch, service_by_region, tension, minority_share,
    abuse_base, bribe_share, drag, culture, skill_serves, weight,
    abuse, bribe, service, chances_abuse, chances_service, weighted_abuse, weighted_bribe, weighted_served,
):  # fmt: skip
    """``PoliceForce.conduct``, ``minority_bias``, ``contact_chances`` and the elementwise part of
    ``regional_conduct``, officer by officer, in the NumPy rules' order of operations."""
    n = o.size
    for i in range(n):
        r = region[i]
        a = abuse_base * (1.0 - o[i]) * abuse_by_branch[branch[i]] * deterred[r]
        b = corrupt[i] * bribe_share
        lift = 0.5 * o[i] + culture * skill[i] if skill_serves else o[i] * (0.5 + skill[i])
        s = (0.5 + lift) * (1.0 - drag * corrupt[i]) * service_by_region[r]
        abuse[i], bribe[i], service[i] = a, b, s
        bias = 1.0 + 2.0 * tension[r] * (1.0 - o[i])
        a0, a1 = min(a, 1.0), min(a * bias, 1.0)
        chances_abuse[i], chances_abuse[n + i] = a0, a1
        chances_service[i] = min(s, max(1.0 - a0 - b, 0.0))
        chances_service[n + i] = min(s, max(1.0 - a1 - b, 0.0))
        mixed = min(a * (1.0 + minority_share[r] * (bias - 1.0)), 1.0)
        weighted_abuse[i] = mixed * weight[i]
        weighted_bribe[i] = b * weight[i]
        weighted_served[i] = min(s, max(1.0 - mixed - b, 0.0)) * weight[i]


def best_of(function: Callable[[], object], calls: int = 2000) -> float:
    """Microseconds a call, best of 7 rounds."""
    rounds = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        rounds.append((time.perf_counter() - start) / calls * 1e6)
    return min(rounds)


def main() -> None:
    model = SSRModel("kyrgyzstan", "holistic", rng=3)
    model.run_for(40)
    force, p, scrutiny = model.force, model.scenario, model.scrutiny
    deterrence = scrutiny.detection * scrutiny.sanction
    by_branch = policing.abuse_by_branch(model)
    reporting = model.population.by_region(model.population.reporting)
    factor = np.array(
        [u.service_factor(float(r)) / u.service_factor0 for u, r in zip(model.police_units, reporting, strict=True)]
    )
    service_by_region = model.service_base * factor * model.accessibility

    def numpy_rules() -> tuple[dict[str, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        force.conduct(
            abuse_base=p.abuse_base,
            abuse_by_branch=by_branch,
            deterrence_by_region=deterrence,
            bribe_share=p.bribe_contact_share,
            corrupt_service_drag=p.corrupt_service_drag,
            service_by_region=service_by_region,
        )
        bias = policing.minority_bias(model.tension[force.region], force.orientation)
        return policing.regional_conduct(model, bias), policing.contact_chances(model, bias)

    n = force.n
    out = [np.empty(n) for _ in range(3)] + [np.empty(2 * n), np.empty(2 * n)] + [np.empty(n) for _ in range(3)]

    def loop() -> tuple[dict[str, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        deterred = 1.0 - 0.5 * np.minimum(deterrence, 1.0)
        conduct_loop(
            force.orientation, force.skill, force.corrupt, force.branch, force.region, deterred, by_branch,
            service_by_region, model.tension, model.minority_shares, p.abuse_base, p.bribe_contact_share,
            p.corrupt_service_drag, force.culture_level, force.s.skill_serves, force._weight, *out,
        )  # fmt: skip
        sums = (np.add.reduceat(w, force.region_starts, dtype=np.float64) for w in out[5:])
        rates = dict(zip(("abuse", "bribe", "service"), (s / force._region_weight_divisor for s in sums), strict=True))
        return rates, (out[3].reshape(2, n), out[4].reshape(2, n))

    (rates, chances), (loop_rates, loop_chances) = numpy_rules(), loop()
    same = all(np.array_equal(rates[k], loop_rates[k]) for k in rates)
    same &= all(np.array_equal(a, b) for a, b in zip(chances, loop_chances, strict=True))
    same &= np.array_equal(force.abuse, out[0]) and np.array_equal(force.service, out[2])
    print(f"reference multiply {multiply_us():.2f} us; the same numbers to the bit: {same}")
    print(f"{n} officers: NumPy rules {best_of(numpy_rules):.1f} us, one loop {best_of(loop):.1f} us a quarter")


if __name__ == "__main__":
    main()
