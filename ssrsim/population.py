"""The citizens: a vectorised population owned by the model.

One NumPy array per attribute (region, minority, trust, grievance, fear, reporting, engagement);
every update is a per-capita rate, so results do not depend on the population size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ssrsim import kernels

#: What changes citizens' true trust, as the trust ledger counts it: police contacts by their kind,
#: published news, neighbours' opinions and violent crises.
TRUST_CAUSES: tuple[str, ...] = ("good contacts", "bribes", "abuse", "news", "neighbours", "crises")


@dataclass
class Encounters:
    """What happened in police contacts this quarter, per region (counts of citizens)."""

    abused: np.ndarray
    bribed: np.ndarray


class Population:
    """Citizens as arrays; the model passes in per-region rates from the police and other actors.

    From ``kernels.FUSED_FROM`` citizens, or in an experiment's worker with many runs ahead of it,
    each rule runs as one loop over the citizens (``kernels``) instead of a NumPy pass per operation:
    the same arithmetic in the same order, the same results.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        n: int,
        region_shares: np.ndarray,
        minority_shares: np.ndarray,
        grievance: np.ndarray,
        protest_threshold: float,
    ) -> None:
        self.rng = rng
        self.n = n
        counts = _apportion(n, region_shares)
        # citizens are stored region by region, so a region is a slice and sums are reduceat calls
        self.region = np.repeat(np.arange(len(counts)), counts).astype(np.intp)
        self.n_regions = len(counts)
        self.region_size = counts.astype(float)
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp)
        self.slices = [slice(int(s), int(s + c)) for s, c in zip(self.starts, counts, strict=True)]
        self.bounds = np.column_stack([self.starts, self.starts + counts])  # the slices, for the fused loops
        # the first minority_share of each region's citizens belong to its minority
        rank = np.concatenate([np.arange(c) / max(c, 1) for c in counts])
        self.minority = rank < minority_shares[self.region]
        self.minority_count = int(self.minority.sum())
        self.minority_by_region = np.add.reduceat(self.minority, self.starts, dtype=np.float64)
        self.trust = np.zeros(n)  # set by set_trust once the model knows each region's resting point
        self.grievance = np.clip(grievance[self.region] + rng.normal(0.0, 0.1, n), 0.0, 1.0)
        self.fear_sensitivity = rng.lognormal(0.0, 0.35, n)
        self.protest_threshold = np.clip(protest_threshold + rng.normal(0.0, 0.05, n), 0.0, None)
        self.fear = np.zeros(n)
        self.engagement = np.zeros(n)
        self.reporting = np.zeros(n)
        self.protesting = np.zeros(n, dtype=bool)
        # work arrays reused every quarter instead of temporaries the size of the population
        self._draws = np.empty(n, dtype=np.float32)
        self._hits = np.empty(n, dtype=bool)
        self._work = np.empty(n)
        self._work2 = np.empty(n)
        #: Whether the rules run as fused loops (``kernels``): same results, faster.
        self.fused = kernels.fused_for(n)
        #: Cumulative change in total trust by cause, kept only once ``keep_trust_ledger`` is called.
        self.trust_ledger: dict[str, float] | None = None
        self.summarise()

    def keep_trust_ledger(self) -> None:
        """Start counting what changes trust, by cause (the teaching app's "why trust moved").

        The ledger only reads trust before and after each rule; it draws nothing and writes nothing
        else, so a run gives the same results with the ledger kept or not.
        """
        self.trust_ledger = dict.fromkeys(TRUST_CAUSES, 0.0)

    def _book(self, cause: str, total_before: float | None) -> None:
        """Add the change in total trust since ``total_before`` to ``cause``; nothing without a ledger."""
        if self.trust_ledger is not None and total_before is not None:
            self.trust_ledger[cause] += float(self.trust.sum()) - total_before

    def _trust_total(self) -> float | None:
        """Total trust, to book a rule's change against; None (no work) without a ledger."""
        return None if self.trust_ledger is None else float(self.trust.sum())

    def set_trust(self, regional_mean: np.ndarray, concentration: float = 8.0) -> None:
        """Draw each citizen's trust around the region's mean; Beta keeps it in [0, 1]."""
        for s, mean in zip(self.slices, regional_mean, strict=True):
            m = min(max(float(mean), 1e-3), 1.0 - 1e-3)
            self.trust[s] = self.rng.beta(m * concentration, (1.0 - m) * concentration, s.stop - s.start)

    # --- helpers -------------------------------------------------------------------------------
    def _fused_trust(self) -> bool:
        """Whether the rules that change trust run fused: not while a trust ledger reads each rule."""
        return self.fused and self.trust_ledger is None

    def _uniform_below(self, chance: float) -> np.ndarray:
        """One uniform draw per citizen, and whether it fell below ``chance``: who meets the police."""
        self.rng.random(self.n, dtype=np.float32, out=self._draws)
        return np.less(self._draws, chance, out=self._hits)

    def by_region(self, values: np.ndarray) -> np.ndarray:
        """Regional means of a per-citizen array."""
        return self.sum_by_region(values) / self.region_size

    def sum_by_region(self, values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values, self.starts, dtype=np.float64)

    # --- mechanisms ------------------------------------------------------------------------------
    def encounter(
        self,
        contact_rate: float,
        police: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, ...]],
        learning_rate: float,
        asymmetry: float,
        grievance_per_abuse: float,
    ) -> Encounters:
        """Police contacts and the asymmetric trust update they cause.

        Each citizen meets the police with chance ``contact_rate``. ``police(regions, minority, u)``
        says, for each contact, the chances that the officer met abuses, asks for a bribe or serves
        well (``u`` picks the officer); where it also offers ``tables()`` (``policing.Meeting``
        does), the fused loop looks the same chances up one contact at a time. Good service moves
        trust up by ``learning_rate * (1 - T)``; a bribe demand moves it down ``asymmetry`` times as
        hard (``asymmetry * learning_rate * T``), abuse twice that again. Bad contacts add grievance.
        Only the citizens who met the police are touched.
        """
        who = np.flatnonzero(self._uniform_below(contact_rate))
        v, u = self.rng.random((2, who.size))
        k = self.n_regions
        tables = getattr(police, "tables", None)  # a plain function (as in tests) has none
        if self._fused_trust() and tables is not None:
            met = Encounters(abused=np.zeros(k), bribed=np.zeros(k))
            kernels.loops()["encounter"](
                who, v, u, self.bounds, self.minority, self.trust, self.grievance,
                learning_rate, asymmetry, min(grievance_per_abuse, 1.0), *tables(), met.abused, met.bribed,
            )  # fmt: skip
            return met
        r = self.region[who]
        p_abuse, p_bribe, p_service = police(r, self.minority[who], u)
        # one draw per contact against the stacked chances: abuse, then a bribe demand, then good service
        worse = p_abuse + p_bribe
        abused = v < p_abuse
        mistreated = v < worse  # abused or asked for a bribe
        bribed = mistreated & ~abused
        served = ~mistreated & (v < worse + p_service)
        t = self.trust[who]
        down = asymmetry * (bribed + 2.0 * abused)
        self.trust[who] = np.minimum(np.maximum(t + learning_rate * (served * (1.0 - t) - down * t), 0.0), 1.0)
        if self.trust_ledger is not None:
            change = self.trust[who] - t
            for cause, met in (("good contacts", served), ("bribes", bribed), ("abuse", abused)):
                self.trust_ledger[cause] += float(change[met].sum())
        hurt = who[mistreated]
        self.grievance[hurt] += min(grievance_per_abuse, 1.0) * (1.0 - self.grievance[hurt])
        return Encounters(
            abused=np.bincount(r[abused], minlength=k).astype(float),
            bribed=np.bincount(r[bribed], minlength=k).astype(float),
        )

    def influence(self, rate: float) -> None:
        """Social influence: each citizen's trust moves toward the mean of their region."""
        before = self._trust_total()
        means = self.by_region(self.trust)
        if self._fused_trust():
            kernels.loops()["affine_by_region"](
                self.trust, self.bounds, np.full(self.n_regions, 1.0 - rate), rate * means
            )
            return
        for s, mean in zip(self.slices, means, strict=True):
            t = self.trust[s]
            t *= 1.0 - rate
            t += rate * mean
        self._book("neighbours", before)

    def hear_media(self, bad_news: np.ndarray, good_news: np.ndarray) -> None:
        """Published abuse lowers trust, published sanctions raise it (rates per region)."""
        before = self._trust_total()
        if self._fused_trust():
            keep = [max(1.0 - bad - good, 0.0) for bad, good in zip(bad_news, good_news, strict=True)]
            added = [min(good, 1.0) for good in good_news]
            kernels.loops()["affine_by_region"](self.trust, self.bounds, np.array(keep), np.array(added))
            return
        for s, bad, good in zip(self.slices, bad_news, good_news, strict=True):
            t = self.trust[s]
            t *= max(1.0 - bad - good, 0.0)
            t += min(good, 1.0)
        self._book("news", before)

    def reach(self, outreach: np.ndarray, effect: float, decay: float) -> None:
        """CSO outreach raises civic engagement where it reaches; engagement fades otherwise."""
        u = self.rng.random(self.n, dtype=np.float32, out=self._draws)
        gain = min(effect, 1.0)
        if self.fused:
            kernels.loops()["reach"](self.engagement, u, self.bounds, outreach, 1.0 - decay, gain)
            return
        self.engagement *= 1.0 - decay
        for s, rate in zip(self.slices, outreach, strict=True):
            reached = s.start + np.flatnonzero(u[s] < rate)
            engagement = self.engagement[reached]
            self.engagement[reached] = engagement + gain * (1.0 - engagement)

    def feel(self, regional_fear: np.ndarray) -> None:
        """Fear of the state: the region's climate of repression, felt more by some than others."""
        if self.fused:
            kernels.loops()["feel"](self.fear, self.fear_sensitivity, self.bounds, regional_fear)
            return
        for s, fear in zip(self.slices, regional_fear, strict=True):
            np.multiply(self.fear_sensitivity[s], fear, out=self.fear[s])
        np.minimum(self.fear, 1.0, out=self.fear)

    def relax_grievance(self, baseline: np.ndarray, rate: float) -> None:
        """Grievance eases toward the region's baseline."""
        if self.fused:
            kernels.loops()["affine_by_region"](
                self.grievance, self.bounds, np.full(self.n_regions, 1.0 - rate), rate * baseline
            )
            return
        for s, level in zip(self.slices, baseline, strict=True):
            g = self.grievance[s]
            g *= 1.0 - rate
            g += rate * level

    def decide_reporting(self, base: float, slope: float) -> None:
        """Victims report crime more when they trust the police (police-reform paper, Practices-KG)."""
        if self.fused:
            kernels.loops()["report"](self.reporting, self.trust, base, slope)
            return
        np.multiply(self.trust, slope, out=self.reporting)
        self.reporting += base
        np.minimum(self.reporting, 1.0, out=self.reporting)

    def decide_protest(self) -> np.ndarray:
        """A citizen protests when grievance against a distrusted state outweighs fear.

        Net grievance is ``grievance * (1 - trust) - fear``, against a personal threshold (civic
        engagement goes into complaints and campaigns, not into the street). Returns the protesting
        share per region.
        """
        if self.fused:
            protesters = np.zeros(self.n_regions, dtype=np.intp)
            kernels.loops()["protest"](
                self.protesting, self.trust, self.grievance, self.fear, self.protest_threshold, self.bounds, protesters
            )
            return protesters / self.region_size
        net = np.subtract(1.0, self.trust, out=self._work)
        net *= self.grievance
        net -= self.fear
        np.greater(net, self.protest_threshold, out=self.protesting)
        protesters = [np.count_nonzero(self.protesting[s]) for s in self.slices]
        return np.array(protesters) / self.region_size

    def shock(self, region: int, size: float, minority_extra: float) -> None:
        """A violent crisis: trust in the region drops, more among the minority, grievance rises."""
        before = self._trust_total()
        hit = self.slices[region]
        loss = size * (1.0 + minority_extra * self.minority[hit])
        self.trust[hit] *= np.clip(1.0 - loss, 0.0, 1.0)
        self._book("crises", before)
        self.grievance[hit] += min(size, 1.0) * (1.0 - self.grievance[hit])

    # --- measurement ------------------------------------------------------------------------------
    def summarise(self) -> None:
        """Regional means of the attributes the model and its outcomes read, once a quarter.

        ``means[name]`` holds one value per region; ``mean(name)`` the national value.
        """
        self.means = {
            name: self.by_region(getattr(self, name))
            for name in ("trust", "fear", "grievance", "engagement", "reporting")
        }
        minority = self.sum_by_region(np.multiply(self.trust, self.minority, out=self._work))
        self.means["trust_minority"] = np.divide(
            minority, self.minority_by_region, out=self.means["trust"].copy(), where=self.minority_by_region > 0
        )

    def mean(self, name: str) -> float:
        """National mean of a summarised attribute (minority trust: over minority citizens)."""
        if name == "trust_minority":
            if self.minority_count == 0:
                return self.mean("trust")
            return float(self.means[name] @ self.minority_by_region / self.minority_count)
        return float(self.means[name] @ self.region_size / self.n)

    def official_poll(self, conformity: float, pressure: np.ndarray | float | None = None) -> float:
        """What a state-linked poll reports: respondents under pressure say they trust. The pressure
        is each citizen's fear of the state (police-reform paper, Practices-KZ), unless a rival
        explanation supplies another."""
        pressure = self.fear if pressure is None else pressure
        if self.fused and isinstance(pressure, np.ndarray):
            kernels.loops()["inflate"](self.trust, pressure, conformity, self._work2)
            return float(self._work2.sum()) / self.n
        said = np.minimum(np.multiply(pressure, conformity, out=self._work), 1.0, out=self._work)
        inflated = np.subtract(1.0, self.trust, out=self._work2)
        inflated *= said
        inflated += self.trust
        return float(inflated.sum()) / self.n  # as .mean(), without its overhead

    def survey(self, rng: np.random.Generator, sample: int) -> float:
        """An independent survey: a random sample answering truthfully, with sampling noise. Its draws
        come from their own stream, because surveys happen only where a CSO can run them."""
        idx = rng.integers(0, self.n, size=min(sample, self.n))
        return float((rng.random(idx.size) < self.trust[idx]).mean())


def _apportion(n: int, shares: np.ndarray) -> np.ndarray:
    """Whole citizens per region, summing to ``n`` (largest remainders); a region too small for one
    citizen among ``n`` still gets one, taken from the largest, so that every region can be measured."""
    exact = shares / shares.sum() * n
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    for empty in np.flatnonzero(counts == 0):
        counts[np.argmax(counts)] -= 1
        counts[empty] = 1
    return counts
