"""Model speed: a default run (on the NumPy rules and on the fused loops), citizen-steps per second
by population size, and the vectorised population against the same rules written as one Mesa agent
per citizen.

    .venv/bin/python benchmarks/bench_model.py            # all figures
    .venv/bin/python benchmarks/bench_model.py --quick    # fewer repetitions

Timings are the best of several repetitions (the least disturbed by other work on the machine).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from benchmarks.per_agent import PerAgentPopulation
from benchmarks.reference import multiply_us
from ssrsim import SSRModel, citizens, kernels


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@contextmanager
def fused_from(citizens: int) -> Iterator[None]:
    """Populations from ``citizens`` use the fused loops while inside: 0 for the loops at every size
    (as in an experiment's worker), a huge number for the NumPy rules (their reference)."""
    saved, kernels.FUSED_FROM = kernels.FUSED_FROM, citizens
    try:
        yield
    finally:
        kernels.FUSED_FROM = saved


def warm_fused_loops() -> float:
    """Seconds to import numba and compile (or read from its cache) every fused loop, by a tiny run
    through them, so that timings after it measure the loops and not their compilation."""
    start = time.perf_counter()
    with fused_from(0):
        SSRModel("kazakhstan", "holistic", rng=0, n_citizens=1000).run_for(2)
    return time.perf_counter() - start


def rate(n: int, quarters: int, seconds: float) -> str:
    return f"{n * quarters / seconds / 1e6:8.2f} million/s  ({seconds / quarters * 1000:.2f} ms a quarter)"


def default_run(seed: int = 0) -> None:
    model = SSRModel("kyrgyzstan", "holistic", rng=seed)
    model.run_for(80)


def whole_model(n: int, quarters: int) -> None:
    SSRModel("kyrgyzstan", "holistic", rng=0, n_citizens=n).run_for(quarters)


def population_only(n: int, quarters: int) -> float:
    """The citizens' part of a quarter alone (contacts, news, neighbours, outreach, fear, grievance,
    reporting, protest), under fixed regional rates, as the per-agent version does it."""
    model = SSRModel("kyrgyzstan", "holistic", rng=0, n_citizens=n)
    start = time.perf_counter()
    for _ in range(quarters):
        citizens.act(model)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, numpy {np.__version__}"
    )
    print(f"machine speed now: {multiply_us(repeat):.2f} us for one 10,000-element multiply (shared machines drift)")
    default_run()  # warm caches (scenario files, imports)
    t = best_of(repeat, default_run)
    print(f"default run (Kyrgyzstan, holistic, 10,000 citizens, 80 quarters): {t * 1000:.1f} ms")
    start = time.perf_counter()
    SSRModel("kyrgyzstan", "holistic", rng=0)
    print(f"  of which building the model: {(time.perf_counter() - start) * 1000:.1f} ms")

    ready = warm_fused_loops()
    print(f"fused loops (from {kernels.FUSED_FROM:,} citizens): numba imported and loops ready in {ready:.2f} s")
    with fused_from(0):
        t = best_of(repeat, default_run)
    print(f"default run with the fused loops, as an experiment's worker runs it: {t * 1000:.1f} ms")
    print("whole model, citizen-steps per second (citizens x quarters / time, building included):")
    for n, quarters in ((10_000, 80), (100_000, 40), (1_000_000, 8), (1_000_000, 80)):
        t = best_of(max(repeat // 2, 1), lambda n=n, q=quarters: whole_model(n, q))
        print(f"  {n:>9,} citizens, {quarters} quarters: {rate(n, quarters, t)}")
        if n >= kernels.FUSED_FROM:
            with fused_from(10**12):
                t = best_of(max(repeat // 2, 1), lambda n=n, q=quarters: whole_model(n, q))
            print(f"  {'the same, NumPy rules':>33}: {rate(n, quarters, t)}")

    print("citizens only (vectorised) vs one Mesa agent per citizen, same rules:")
    for n, quarters in ((10_000, 20), (100_000, 10)):
        vec = min(population_only(n, quarters) for _ in range(repeat))
        print(f"  vectorised {n:>7,}: {n * quarters / vec / 1e6:8.2f} million citizen-steps/s")
    n, quarters = 10_000, 5
    per_agent = PerAgentPopulation(n)
    t = best_of(1, lambda: [per_agent.step() for _ in range(quarters)])
    agent_rate = n * quarters / t
    vec = min(population_only(n, 20) for _ in range(repeat)) / 20 * quarters
    print(f"  per-agent  {n:>7,}: {agent_rate / 1e6:8.3f} million citizen-steps/s")
    print(f"  speed-up of the vectorised population: {n * quarters / vec / agent_rate:.0f}x")


if __name__ == "__main__":
    main()
