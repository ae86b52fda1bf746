"""Fused loops over the citizens' rules, for populations of a million and more and for experiment
workers that run many smaller ones.

Each NumPy rule in ``population.py`` passes over the population's arrays once per operation; at
millions of citizens it is those passes, not the arithmetic, that take the time. Each loop here does
one rule, or a run of consecutive rules, in a single pass, with the same arithmetic in the same
order, so the results are identical to the last bit (``tests/test_kernels.py`` runs both paths on
small populations and compares every array). The random draws and the sums stay in NumPy, in the
same order: the random streams are unchanged, and so is every total (NumPy sums pairwise). Citizens
are stored region by region; a loop over regions takes each region's first and past-the-end citizen
from ``bounds`` (``Population.bounds``).

Importing numba and compiling the loops costs about a second in a new process (a third of that once
numba has cached them), so a population uses them only from ``FUSED_FROM`` citizens, where they pay
back within a run, or while a process runs enough citizen-steps over many runs to pay back
(``PAYS_BACK_FROM``: an experiment's batches, ``at_every_size``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

#: Populations from this size use the fused loops; smaller ones, the NumPy rules. Measured on the
#: development machine (docs/performance.md): the loops save about 0.7 s per million citizens in an
#: 80-quarter run, and importing numba and loading the compiled loops costs about 0.36 s a process,
#: so they pay from about half a million citizens; a million leaves a margin for shorter runs.
FUSED_FROM = 1_000_000
#: Citizen-steps (citizens times quarters) a process must have ahead of it for the loops to pay back
#: at any population size. Measured as above: at 10,000 citizens the loops save 15-25 ns a
#: citizen-step (a default run took 66-71 instead of 81-91 ms, docs/performance.md), at a million
#: about 9 ns, so numba's 0.36 s pays back after 15 to 40 million citizen-steps; 50 million leaves a
#: margin. With numba's cache cold (a new install or machine: about a second) it takes 40 to 110
#: million, which the main job's 660 million a worker still clears.
PAYS_BACK_FROM = 50_000_000

_compiled: dict[str, Any] = {}
_at_every_size = False


@contextmanager
def at_every_size(enabled: bool = True) -> Iterator[None]:
    """While inside, let every population this process builds use the loops (when numba is
    installed): for a worker's batch of many small models, whose citizen-steps together pay back
    loading numba. The setting is restored on leaving, so a long-lived worker (Dask's) keeps none."""
    global _at_every_size
    before, _at_every_size = _at_every_size, enabled
    try:
        yield
    finally:
        _at_every_size = before


def fused_for(n_citizens: int) -> bool:
    """Whether a population of ``n_citizens`` runs the fused loops."""
    return (n_citizens >= FUSED_FROM or _at_every_size) and available()


def available() -> bool:
    """Whether numba is installed (the ``fast`` extra); without it every population keeps the NumPy
    rules, with the same results, more slowly."""
    return importlib.util.find_spec("numba") is not None


def loops() -> dict[str, Any]:
    """The loops as numba functions, each compiled (or read from numba's cache) on its first call;
    numba is imported only here."""
    if not _compiled:
        import numba

        def jit(function: Any) -> Any:
            try:
                return numba.njit(cache=True)(function)
            except RuntimeError:  # no writable place for numba's cache: compile in every process
                return numba.njit(function)

        _compiled.update(
            encounter=jit(_encounter),
            affine_by_region=jit(_affine_by_region),
            reach=jit(_reach),
            feel=jit(_feel),
            report=jit(_report),
            protest=jit(_protest),
            inflate=jit(_inflate),
        )
    return _compiled


def _encounter(
    who: np.ndarray, v: np.ndarray, u: np.ndarray, bounds: np.ndarray, minority: np.ndarray,
    trust: np.ndarray, grievance: np.ndarray, learning_rate: float, asymmetry: float, hurt_gain: float,
    low: np.ndarray, total: np.ndarray, has_table: bool, rows: np.ndarray, inverse_width: float,
    last_cell: float, edges: np.ndarray, n_officers: int, abuse: np.ndarray, bribe: np.ndarray,
    service: np.ndarray, abused_by_region: np.ndarray, bribed_by_region: np.ndarray,
) -> None:  # fmt: skip
    """``Population.encounter`` with ``policing.meet``: per contact, the officer met (the table search
    of ``search.RightSearch``), the chances, the outcome, trust and grievance; counts by region."""
    region = 0
    for j in range(who.size):
        i = who[j]
        while i >= bounds[region, 1]:  # ``who`` is ascending: regions follow in order
            region += 1
        key = low[region] + u[j] * total[region]
        if has_table:
            c = min(key * inverse_width, last_cell)
            row = rows[np.intp(c)]
            officer = np.intp(row[2]) if key >= row[0] else np.intp(row[1])
        else:
            officer = np.searchsorted(edges, key, side="right")
        officer = min(officer, n_officers - 1)
        column = officer + n_officers if minority[i] else officer
        p_abuse = abuse[column]
        worse = p_abuse + bribe[officer]
        draw = v[j]
        abused = draw < p_abuse
        mistreated = draw < worse
        bribed = mistreated and not abused
        served = (not mistreated) and draw < worse + service[column]
        t = trust[i]
        down = asymmetry * ((1.0 if bribed else 0.0) + (2.0 if abused else 0.0))
        trust[i] = min(max(t + learning_rate * ((1.0 - t if served else 0.0) - down * t), 0.0), 1.0)
        if mistreated:
            g = grievance[i]
            grievance[i] = g + hurt_gain * (1.0 - g)
        if abused:
            abused_by_region[region] += 1.0
        if bribed:
            bribed_by_region[region] += 1.0


def _affine_by_region(x: np.ndarray, bounds: np.ndarray, scale: np.ndarray, shift: np.ndarray) -> None:
    """``x = x * scale + shift`` with each region's own two numbers (news, neighbours, grievance)."""
    for region in range(bounds.shape[0]):
        begin, end = bounds[region]
        a, b = scale[region], shift[region]
        part = x[begin:end]  # a view indexed from 0: the loop then needs no negative-index check
        for i in range(part.size):
            part[i] = part[i] * a + b


def _reach(
    engagement: np.ndarray, u: np.ndarray, bounds: np.ndarray, rate: np.ndarray, keep: float, gain: float
) -> None:
    """``Population.reach`` after its draw: engagement fades, and grows where outreach reaches."""
    for region in range(bounds.shape[0]):
        begin, end = bounds[region]
        chance = rate[region]
        part, draws = engagement[begin:end], u[begin:end]
        for i in range(part.size):
            e = part[i] * keep
            if draws[i] < chance:
                e = e + gain * (1.0 - e)
            part[i] = e


def _feel(fear: np.ndarray, fear_sensitivity: np.ndarray, bounds: np.ndarray, regional_fear: np.ndarray) -> None:
    """``Population.feel``: each citizen's fear, the region's climate times their sensitivity."""
    for region in range(bounds.shape[0]):
        begin, end = bounds[region]
        level = regional_fear[region]
        part, sensitivity = fear[begin:end], fear_sensitivity[begin:end]
        for i in range(part.size):
            part[i] = min(sensitivity[i] * level, 1.0)


def _report(reporting: np.ndarray, trust: np.ndarray, base: float, slope: float) -> None:
    """``Population.decide_reporting``."""
    for i in range(trust.size):
        reporting[i] = min(trust[i] * slope + base, 1.0)


def _protest(
    protesting: np.ndarray, trust: np.ndarray, grievance: np.ndarray, fear: np.ndarray,
    threshold: np.ndarray, bounds: np.ndarray, protesters: np.ndarray,
) -> None:  # fmt: skip
    """``Population.decide_protest``, with the protesters counted by region."""
    for region in range(bounds.shape[0]):
        begin, end = bounds[region]
        out, t, g, f, limit = (
            protesting[begin:end],
            trust[begin:end],
            grievance[begin:end],
            fear[begin:end],
            threshold[begin:end],
        )
        count = 0
        for i in range(out.size):
            protest = (1.0 - t[i]) * g[i] - f[i] > limit[i]
            out[i] = protest
            count += 1 if protest else 0
        protesters[region] = count


def _inflate(trust: np.ndarray, pressure: np.ndarray, conformity: float, out: np.ndarray) -> None:
    """What each respondent tells a state-linked poll (``Population.official_poll`` before its sum)."""
    for i in range(trust.size):
        t = trust[i]
        out[i] = t + (1.0 - t) * min(pressure[i] * conformity, 1.0)
