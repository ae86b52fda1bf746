"""Kazakhstan at one simulated citizen per person: build time, time a quarter, a whole run, peak memory.

    python -m benchmarks.bench_national                  # 19.6 million citizens, 80 quarters
    python -m benchmarks.bench_national --quarters 8     # a shorter run, timed the same way
    python -m benchmarks.bench_national --numpy          # the NumPy rules instead of the fused loops

Peak memory is the process's peak resident set (``getrusage``), imports included. Memory per citizen
and per officer is the sum of the bytes of their arrays, divided by their number.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time

import numpy as np

from benchmarks.bench_model import fused_from, warm_fused_loops
from benchmarks.reference import multiply_us
from ssrsim import SSRModel

PEOPLE = 19_600_000  # Kazakhstan today; the 2013 scenario counts 17.0 million (population_millions)


def bytes_per_element(obj: object, n: int) -> float:
    """The bytes of ``obj``'s arrays of length ``n`` (work arrays included), per element."""
    arrays = [a for a in vars(obj).values() if isinstance(a, np.ndarray) and a.shape[:1] == (n,)]
    return sum(a.nbytes for a in arrays) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=PEOPLE)
    parser.add_argument("--quarters", type=int, default=80)
    parser.add_argument("--numpy", action="store_true", help="run the NumPy rules, not the fused loops")
    args = parser.parse_args()
    if not args.numpy:  # compiled (or read from numba's cache) before the clock starts, and reported apart
        print(f"numba imported and fused loops ready in {warm_fused_loops():.2f} s")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"numpy {np.__version__}; reference multiply {multiply_us():.2f} us"
    )
    with fused_from(10**12 if args.numpy else 0):
        start = time.perf_counter()
        model = SSRModel("kazakhstan", "holistic", rng=0, n_citizens=args.citizens)
        built = time.perf_counter() - start
        start = time.perf_counter()
        model.run_for(args.quarters)
        ran = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kilobytes on Linux
    path = "NumPy rules" if not model.population.fused else "fused loops"
    print(f"Kazakhstan, holistic, {args.citizens:,} citizens, {model.force.n:,} officers, {path}:")
    print(
        f"  build {built:.1f} s; {args.quarters} quarters {ran:.1f} s ({ran / args.quarters * 1000:.0f} ms a quarter)"
    )
    print(f"  whole run {built + ran:.1f} s; {args.citizens * args.quarters / ran / 1e6:.1f} million citizen-steps/s")
    print(f"  peak resident memory {peak:.2f} GB")
    print(
        f"  memory: {bytes_per_element(model.population, args.citizens):.0f} bytes a citizen, "
        f"{bytes_per_element(model.force, model.force.n):.0f} bytes an officer"
    )


if __name__ == "__main__":
    main()
