"""The citizens' rules of ssrsim written the usual Mesa way, one agent per citizen, for comparison.

Each quarter every citizen meets the police or not, updates trust asymmetrically, hears the news,
moves toward the regional mean, is reached by outreach or not, feels fear, lets grievance relax,
sets its crime reporting and decides whether to protest: the rules of ``ssrsim.population``, with
the per-region rates (its officers' conduct averaged over contacts) taken from a real SSRModel and
held fixed.
"""

from __future__ import annotations

import mesa

from ssrsim import SSRModel, citizens


class Citizen(mesa.Agent):
    def __init__(self, model: PerAgentPopulation, region: int, minority: bool, trust: float) -> None:
        super().__init__(model)
        self.region = region
        self.minority = minority
        self.trust = trust
        self.grievance = model.grievance[region]
        self.fear_sensitivity = self.random.lognormvariate(0.0, 0.35)
        self.threshold = max(self.random.gauss(model.protest_threshold, 0.05), 0.0)
        self.fear = self.engagement = self.reporting = 0.0
        self.protesting = False

    def step(self) -> None:
        m, r, rand = self.model, self.region, self.random.random
        if rand() < m.contact_rate:
            v = rand()
            abuse = m.abuse[r] * (m.bias[r] if self.minority else 1.0)
            if v < abuse:
                self.trust -= 2.0 * m.asymmetry * m.learning_rate * self.trust
                self.grievance += m.grievance_per_abuse * (1.0 - self.grievance)
            elif v < abuse + m.bribe[r]:
                self.trust -= m.asymmetry * m.learning_rate * self.trust
                self.grievance += m.grievance_per_abuse * (1.0 - self.grievance)
            elif v < abuse + m.bribe[r] + m.service[r]:
                self.trust += m.learning_rate * (1.0 - self.trust)
        self.trust = min(max(self.trust, 0.0), 1.0)
        self.trust = self.trust * (1.0 - m.bad[r] - m.good[r]) + m.good[r]
        self.trust += m.social_influence * (m.regional_trust[r] - self.trust)
        self.engagement *= 1.0 - m.engagement_decay
        if rand() < m.outreach[r]:
            self.engagement += m.outreach_effect * (1.0 - self.engagement)
        self.fear = min(m.regional_fear[r] * self.fear_sensitivity, 1.0)
        self.grievance += 0.05 * (m.grievance[r] - self.grievance)
        self.reporting = min(m.reporting_base + m.reporting_slope * self.trust, 1.0)
        self.protesting = self.grievance * (1.0 - self.trust) - self.fear > self.threshold


class PerAgentPopulation(mesa.Model):
    """n citizens as Mesa agents under the regional rates of an SSRModel's first quarter."""

    def __init__(self, n: int, scenario: str = "kyrgyzstan", rng: int = 0) -> None:
        super().__init__(rng=rng)
        source = SSRModel(scenario, "status_quo", rng=rng, n_citizens=1000)
        p, rates = source.scenario, source.conduct_rates
        self.contact_rate, self.learning_rate, self.asymmetry = p.contact_rate, p.trust_learning_rate, p.trust_asymmetry
        self.grievance_per_abuse, self.social_influence = p.grievance_per_abuse, p.social_influence
        self.outreach_effect, self.engagement_decay = p.outreach_effect, p.engagement_decay
        self.reporting_base, self.reporting_slope = p.reporting_base, p.reporting_trust_slope
        self.protest_threshold = p.protest_threshold
        # each region's officers' conduct averaged over contacts (abuse already over majority and minority)
        self.abuse = list(rates["abuse"])
        self.bias = [1.0] * len(self.abuse)
        self.bribe = list(rates["bribe"])
        self.service = list(rates["service"])
        bad, good = source.news()
        self.bad, self.good = list(bad), list(good)
        self.outreach = [0.05] * len(self.abuse)
        self.regional_fear = list(citizens.regional_fear(source))
        self.grievance = list(source.grievance_baseline)
        shares = [r.population_share for r in source.regions]
        minority = [r.minority_share for r in source.regions]
        for region, share in enumerate(shares):
            for i in range(round(n * share)):
                Citizen(self, region, i < minority[region] * n * share, self.random.betavariate(2.0, 6.0))
        self.regional_trust = self._regional_trust()

    def _regional_trust(self) -> list[float]:
        totals, counts = [0.0] * len(self.abuse), [0] * len(self.abuse)
        for citizen in self.agents:
            totals[citizen.region] += citizen.trust
            counts[citizen.region] += 1
        return [t / max(c, 1) for t, c in zip(totals, counts, strict=True)]

    def step(self) -> None:
        self.agents.shuffle_do("step")
        self.regional_trust = self._regional_trust()
