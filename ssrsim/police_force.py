"""Police officers: a vectorised population, grouped in units by region and branch.

Every officer has an integrity threshold, a disposition (the service orientation they joined with)
and a current service orientation, skill, tenure, a rank, and may owe the post to a patron.
Corruption is each officer's own choice under the expected sanction, rents, pay and what the
colleagues of the same unit do; training changes individuals and fades back toward the unit's
culture. Officers are stored unit by unit (region-major, then branch), so a unit is a slice.

The force writes only its own arrays; the ministry decides personnel policy, the model passes in
the quarter's detection, sanctions and institutional practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from ssrsim.search import FlatSearch, RightSearch

#: Branches of every region's police: patrol and traffic police meet citizens most, the criminal
#: police investigate, riot and special units hold the means of repression.
BRANCHES: tuple[str, ...] = ("patrol", "criminal", "special")


@dataclass(frozen=True)
class ForceSettings:
    """The scenario values the force's rules read (see parameters.py for their meaning)."""

    threshold_spread: float
    peer_effect: float
    adjust_rate: float
    penalty_weight: float
    integrity_weight: float
    pay_weight: float
    need_weight: float
    socialisation_rate: float
    conformity: float
    skill_decay: float
    merit_screening: float
    attrition: float
    dismissal_share: float
    graft_alone: bool  # rival mechanism: colleagues' cover stays as it was at the start
    skill_serves: bool  # rival mechanism: skill raises service whatever the orientation


class PoliceForce:
    """Officers as arrays, with the rules by which each one acts."""

    def __init__(
        self,
        rng: np.random.Generator,
        unit_sizes: np.ndarray,
        n_regions: int,
        settings: ForceSettings,
        *,
        senior_share: float,
        skill: float,
        culture: float,
        merit_share: float,
    ) -> None:
        self.rng = rng
        self.s = settings
        self.n_regions = n_regions
        self.n_units = len(unit_sizes)
        self.n = int(unit_sizes.sum())
        self.unit = np.repeat(np.arange(self.n_units), unit_sizes).astype(np.intp)
        self.region = self.unit // len(BRANCHES)
        self.branch = self.unit % len(BRANCHES)
        self.starts = np.concatenate([[0], np.cumsum(unit_sizes)[:-1]]).astype(np.intp)
        self.unit_size = unit_sizes.astype(float)
        # regions are stored one after another: each region's officers are one slice
        self.region_starts = self.starts[:: len(BRANCHES)]
        bounds = np.append(self.region_starts, self.n)
        self.region_spans = [slice(int(a), int(b)) for a, b in pairwise(bounds)]
        self.skill_level, self.culture_level = skill, culture
        self.senior = rng.random(self.n) < senior_share
        self.tenure = rng.uniform(0.0, 80.0, self.n)
        merit = rng.random(self.n) < merit_share
        self.patron = ~merit
        self.threshold = self._thresholds(merit)
        self.disposition = self._draw(culture, self.n)
        self.orientation = self.disposition.copy()
        self.skill_base = self._draw(skill, self.n)
        self.skill = self.skill_base.copy()
        self.active = np.ones(self.n, dtype=bool)
        self.corrupt = np.zeros(self.n, dtype=bool)
        self.fresh = np.zeros(self.n, dtype=bool)  # recruits who have not yet chosen
        self.cuts = 0  # staff cuts so far: only they change who serves
        self._count_serving()
        self._patron_share: float | None = None
        self._weights_key: tuple[object, ...] | None = None
        self.rent = np.zeros((self.n_units, 2))  # per unit: rank and file, senior
        self.officer_rent = np.zeros(self.n)  # each officer's rent: their unit's, for their rank
        self.start_cover = np.zeros(self.n_units)  # per unit: the corrupt share the rents were set for
        self.dismissed = 0.0  # cumulative officers dismissed (modelled officers)

    # --- draws ------------------------------------------------------------------------------
    def _draw(self, mean: float, size: int, concentration: float = 10.0) -> np.ndarray:
        """Traits around a mean in [0, 1]: a Beta with the given concentration."""
        m = min(max(mean, 1e-3), 1.0 - 1e-3)
        return self.rng.beta(m * concentration, (1.0 - m) * concentration, size)

    def _thresholds(self, merit: np.ndarray) -> np.ndarray:
        """Integrity thresholds: log-normal around one unit of gain; merit selection screens out the
        least scrupulous, so merit recruits' thresholds lie higher."""
        mu = np.where(merit, self.s.merit_screening, 0.0)
        return np.exp(mu + self.s.threshold_spread * self.rng.standard_normal(merit.size))

    # --- unit summaries -------------------------------------------------------------------------
    # Until a staff cut every post is filled, and the sums below need no mask.
    def _count_serving(self) -> None:
        """Serving officers per unit and per region, and each region's serving officers: only staff
        cuts change them, so they are counted at the start and after each cut, not each quarter."""
        per_unit = self.unit_size if self.cuts == 0 else np.add.reduceat(self.active, self.starts, dtype=np.float64)
        self._serving = per_unit
        self._serving_by_region = np.add.reduceat(per_unit, np.arange(0, self.n_units, len(BRANCHES)))
        # divisors for means: a unit or region without serving officers sums to 0, and its mean is 0
        self._unit_divisor = np.maximum(per_unit, 1.0)
        self._region_divisor = np.maximum(self._serving_by_region, 1.0)
        self.region_pools = [span.start + np.flatnonzero(self.active[span]) for span in self.region_spans]

    def _sums(self, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
        served = values if self.cuts == 0 else np.where(self.active, values, 0.0)
        return np.add.reduceat(served, starts, dtype=np.float64)

    def by_unit(self, values: np.ndarray) -> np.ndarray:
        """Mean of a per-officer array over each unit's serving officers."""
        return self._sums(values, self.starts) / self._unit_divisor

    def serving(self) -> np.ndarray:
        """Serving officers per unit (read only)."""
        return self._serving

    def by_region(self, values: np.ndarray) -> np.ndarray:
        """Mean of a per-officer array over each region's serving officers."""
        return self._sums(values, self.region_starts) / self._region_divisor

    def region_mean(self, values: np.ndarray, region: int) -> float:
        """Mean of a per-officer array over one region's serving officers."""
        span = self.region_spans[region]
        if self.cuts == 0:
            return float(values[span].sum()) / (span.stop - span.start)  # as .mean(), a third the cost
        serving = self.active[span]
        return float(values[span][serving].mean()) if serving.any() else 0.0

    def serving_by_region(self) -> np.ndarray:
        """Serving officers per region (read only)."""
        return self._serving_by_region

    def mean(self, values: np.ndarray) -> float:
        """Mean of a per-officer array over the serving officers (0 when none serves)."""
        if self.cuts == 0:
            return float(values.sum()) / self.n  # as .mean(), a third the cost
        return float(values[self.active].mean()) if self.active.any() else 0.0

    def corrupt_share(self) -> np.ndarray:
        return self.by_unit(self.corrupt)

    def patron_share(self) -> float:
        """Share of serving officers who owe their post to a patron (kept until the staff changes:
        the ministry reads it many times a quarter)."""
        if self._patron_share is None:
            self._patron_share = self.mean(self.patron)
        return self._patron_share

    # --- corruption -----------------------------------------------------------------------------
    def _gain(self, deterrence: np.ndarray, pay: float, peers: np.ndarray | None = None) -> np.ndarray:
        """What graft is worth to each officer, before the rent: colleagues' cover, less the moral
        cost of their orientation, the expected sanction (which costs the job, worth its pay) and
        the need that a living wage takes away."""
        s = self.s
        if peers is None:
            peers = self.start_cover if s.graft_alone else self.corrupt_share()
        cover = peers[self.unit]
        return (
            s.peer_effect * cover
            - s.integrity_weight * self.orientation
            - deterrence * (s.penalty_weight + s.pay_weight * pay)
            - s.need_weight * min(pay, 1.0)
        )

    def calibrate_rents(self, targets: np.ndarray, deterrence: np.ndarray, pay: float) -> None:
        """Set each unit's rents (rank and file, senior) so that the observed corruption is the
        officers' own choice: the papers give corruption levels, not rents.

        ``targets[unit, tier]`` is the share corrupt. In each group the officers for whom graft pays
        most are the corrupt ones, and the rent lies between the last of them and the first honest
        officer, so the start is a resting point of every officer's choice.
        """
        groups = [
            [np.flatnonzero((self.unit == u) & (self.senior == bool(tier))) for tier in (0, 1)]
            for u in range(self.n_units)
        ]
        counts = np.array([[round(float(targets[u, t]) * g[t].size) for t in (0, 1)] for u, g in enumerate(groups)])
        peers = counts.sum(axis=1) / np.maximum(self.unit_size, 1.0)
        self.start_cover = peers
        need = self.threshold - self._gain(deterrence, pay, peers)
        for u, pair in enumerate(groups):
            for tier, group in enumerate(pair):
                if group.size == 0:
                    continue
                order = np.sort(need[group])
                k = counts[u, tier]
                lo = order[k - 1] if k > 0 else order[0] - 1.0
                hi = order[k] if k < group.size else order[-1] + 1.0
                self.rent[u, tier] = 0.5 * (lo + hi)
        self.officer_rent = self.rent[self.unit, self.senior.astype(np.intp)]
        self.corrupt = self.officer_rent > need

    def decide_corruption(self, deterrence: np.ndarray, pay: float) -> None:
        """Each officer who reconsiders this quarter takes bribes when the rent and the colleagues'
        cover outweigh the expected sanction, pay and conscience by more than their threshold.
        Recruits make their first choice in their first quarter, by what their unit does."""
        revise = (self.rng.random(self.n) < self.s.adjust_rate) | self.fresh
        self.fresh[:] = False
        gain = self.officer_rent + self._gain(deterrence, pay)
        self.corrupt = np.where(revise, gain > self.threshold, self.corrupt) & self.active

    # --- culture and skill ----------------------------------------------------------------------
    def socialise(self, institutional_shift: float | np.ndarray) -> None:
        """Orientation relaxes toward the officer's disposition, moved by the institution's reform
        (``institutional_shift``, for all units or per unit) and by how far the unit's colleagues have moved: training
        one officer fades, training a unit fades more slowly, and only changed incentives last."""
        s = self.s
        displacement = self.by_unit(self.orientation - self.disposition)
        shift = institutional_shift + s.conformity * displacement
        target = np.minimum(np.maximum(self.disposition + shift[self.unit], 0.0), 1.0)  # np.clip, without its overhead
        self.orientation += s.socialisation_rate * (target - self.orientation)

    def maintain_skill(self, skill_norm_shift: float) -> None:
        """Trained skill decays toward the officer's base unless practice reinforces it."""
        target = np.minimum(np.maximum(self.skill_base + skill_norm_shift * (1.0 - self.skill_base), 0.0), 1.0)
        self.skill += self.s.skill_decay * (target - self.skill)
        self.tenure += 1.0

    def train(
        self, region: int, trainees: float, skill_gain: float, orientation_gain: float, rng: np.random.Generator
    ) -> int:
        """Put ``trainees`` (modelled officers, rounded at random) of a region through a course."""
        pool = self.region_pools[region]
        count = min(int(trainees) + int(rng.random() < trainees % 1.0), pool.size)
        if count == 0:
            return 0
        chosen = pool[rng.choice(pool.size, size=count, replace=False)]
        # a course closes at most the whole gap to full skill or orientation
        if skill_gain:  # human-rights courses teach no skill
            self.skill[chosen] += min(skill_gain, 1.0) * (1.0 - self.skill[chosen])
        if orientation_gain:
            self.orientation[chosen] += min(orientation_gain, 1.0) * (1.0 - self.orientation[chosen])
        return count

    # --- meeting citizens -----------------------------------------------------------------------
    def conduct(
        self,
        abuse_base: float,
        abuse_by_branch: np.ndarray,
        deterrence_by_region: np.ndarray,
        bribe_share: float,
        corrupt_service_drag: float,
        service_by_region: np.ndarray,
    ) -> None:
        """Each officer's chances, per contact, of abuse, a bribe demand and good service.

        Abuse falls with service orientation and the deterrence of the region; special units use
        force more. A corrupt officer asks for money in ``bribe_share`` of contacts and serves worse
        in the rest. Good service needs orientation first: skill helps only an officer who means
        to serve the public (the Soviet legacy of serving the state, police-reform paper,
        Practices-KZ), and the region's equipment, community policing and public cooperation
        scale it (``service_by_region``).
        """
        o = self.orientation
        deterred = 1.0 - 0.5 * np.minimum(deterrence_by_region, 1.0)
        self.abuse = abuse_base * (1.0 - o) * abuse_by_branch[self.branch] * deterred[self.region]
        self.bribe = self.corrupt * bribe_share
        # the rival explanation counts skill as much as it would for an officer of the usual culture
        lift = 0.5 * o + self.culture_level * self.skill if self.s.skill_serves else o * (0.5 + self.skill)
        quality = (0.5 + lift) * (1.0 - corrupt_service_drag * self.corrupt)
        self.service = quality * service_by_region[self.region]

    def contact_weights(self, by_branch: np.ndarray) -> None:
        """How likely each serving officer is to be the one a citizen meets: by branch. Only staff
        cuts change who serves, so the weights are recomputed only after one."""
        key = (tuple(by_branch), self.cuts)
        if key == self._weights_key:
            return
        self._weights_key = key
        weight = np.where(self.active, by_branch[self.branch], 0.0)
        self._cumulative = np.cumsum(weight)
        self._search = RightSearch(self._cumulative, max_cells=16 * self.n + 4096)
        ends = self.region_starts[1:]
        bounds = np.concatenate([[0.0], self._cumulative[ends - 1], [self._cumulative[-1]]])
        self._region_low, self._region_total = bounds[:-1], np.diff(bounds)
        # a region whose officers carry no weight sums (non-negative) values to 0, and its mean is 0
        self._region_weight_divisor = np.where(self._region_total > 0, self._region_total, 1.0)
        self._weight = weight
        # each officer's share of their region's contacts
        self.contact_share = weight / np.maximum(self._region_total[self.region], 1e-12)

    def pick(self, regions: np.ndarray, u: np.ndarray) -> np.ndarray:
        """The officer each contact meets: one of the region's serving officers, by branch weight."""
        target = self._region_low[regions] + u * self._region_total[regions]
        return np.minimum(self._search(target), self.n - 1)

    def pick_tables(self) -> tuple[np.ndarray, np.ndarray, FlatSearch, int]:
        """What ``pick`` looks up, for the fused loop over contacts (``kernels``): each region's first
        cumulative weight and its total, the search, the number of officers."""
        return self._region_low, self._region_total, self._search.flat(), self.n

    def contact_means(self, values: np.ndarray) -> np.ndarray:
        """Per region: the mean of non-negative ``values`` over the officers citizens meet (contact-weighted)."""
        sums = np.add.reduceat(values * self._weight, self.region_starts, dtype=np.float64)
        return sums / self._region_weight_divisor

    # --- personnel ------------------------------------------------------------------------------
    def recruit(self, who: np.ndarray, merit_share: float, skill: float | None = None) -> None:
        """Fill the posts ``who`` with new officers: merit recruits are screened for integrity,
        the others owe the post to a patron. Recruits choose on graft in their first quarter."""
        if who.size == 0:
            return
        merit = self.rng.random(who.size) < merit_share
        self.patron[who] = ~merit
        self._patron_share = None
        self.threshold[who] = self._thresholds(merit)
        disposition = self._draw(self.culture_level, who.size)
        self.disposition[who] = disposition
        self.orientation[who] = disposition
        base = self._draw(self.skill_level if skill is None else skill, who.size)
        self.skill_base[who] = base
        self.skill[who] = base
        self.tenure[who] = 0.0
        self.corrupt[who] = False
        self.fresh[who] = True
        self.active[who] = True

    def turnover(self, merit_share: float) -> None:
        """Officers leave (retirement, better jobs) and their posts are filled at once."""
        leaving = np.flatnonzero(self.active & (self.rng.random(self.n) < self.s.attrition))
        self.recruit(leaving, merit_share)

    def sanction(self, detection: np.ndarray, sanction: float, protection: float, merit_share: float) -> int:
        """Detected corrupt officers are sanctioned unless a patron shields them; a share of the
        sanctions are dismissals, whose posts are refilled."""
        chance = detection[self.region] * sanction * np.where(self.patron, 1.0 - protection, 1.0)
        draws = self.rng.random((2, self.n))
        sanctioned = self.corrupt & self.active & (draws[0] < chance)
        dismissed = np.flatnonzero(sanctioned & (draws[1] < self.s.dismissal_share))
        self.dismissed += dismissed.size
        self.recruit(dismissed, merit_share)
        return int(sanctioned.sum())

    def attest(self, share: float, rigour: float, protection: float, merit_share: float) -> int:
        """Re-certification: a share of officers is reviewed; corrupt ones are found with the
        review's rigour unless a patron shields them, dismissed and replaced."""
        draws = self.rng.random((2, self.n))
        reviewed = self.active & (draws[0] < share)
        found = reviewed & self.corrupt & (draws[1] < rigour * np.where(self.patron, 1.0 - protection, 1.0))
        out = np.flatnonzero(found)
        self.dismissed += out.size
        self.recruit(out, merit_share)
        return out.size

    def dismiss_and_rehire(self, branch: int | None, share: float, skill: float | None) -> int:
        """The Georgian model: dismiss a share of a branch (or of all) and hire screened recruits."""
        mask = self.active if branch is None else self.active & (self.branch == branch)
        out = np.flatnonzero(mask & (self.rng.random(self.n) < share))
        self.dismissed += out.size
        self.recruit(out, merit_share=1.0, skill=skill)
        return out.size

    def cut(self, branch: int | None, share: float) -> int:
        """Staff cuts: posts abolished, the officers with patrons kept first."""
        mask = self.active if branch is None else self.active & (self.branch == branch)
        out = mask & (self.rng.random(self.n) < share * np.where(self.patron, 0.5, 1.5))
        self.active &= ~out
        self.corrupt &= self.active
        self._patron_share = None
        self.cuts += 1
        self._count_serving()
        self.dismissed += int(out.sum())
        return int(out.sum())

    def give_patrons(self, share: float) -> None:
        """After a change of leader, networks regroup: some officers find (new) patrons."""
        self.patron |= self.active & (self.rng.random(self.n) < share)
        self._patron_share = None

    def lose_skill(self, share: float) -> None:
        """Loyalty appointments and purges cost skill."""
        self.skill *= 1.0 - share
