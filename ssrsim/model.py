"""SSRModel: security-sector reform under donor strategies, one quarter per step."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario
from scipy.optimize import brentq

from ssrsim import events
from ssrsim.agents import CSO, FOCUSES, Donor, Ministry, OversightBody, PoliceUnit, Regime
from ssrsim.agents.oversight import KINDS
from ssrsim.collector import OutcomeCollector
from ssrsim.delivery import DELIVER
from ssrsim.inputs import RngLike, model_inputs
from ssrsim.outcomes import COLUMNS, Outcomes
from ssrsim.population import Population
from ssrsim.programmes import PROGRAMMES, SOCIETY, Pipeline
from ssrsim.scalar import clamp, saturate
from ssrsim.scenario import Scenario
from ssrsim.strategy import Condition, Strategy, load_strategy


@dataclass(frozen=True)
class Region:
    """A region as the scenario describes it."""

    name: str
    index: int
    population_share: float
    minority_share: float
    repression_offset: float
    ethnic_tension: float
    grievance_offset: float
    corruption_offset: float
    cso_presence: float


class SSRModel(mesa.Model):
    """Security-sector reform in one country under one donor strategy.

    ``SSRModel(scenario="kyrgyzstan", strategy="civil_society_first", rng=7, **overrides)``: the
    scenario and strategy are shipped names or paths to TOML files; every scenario parameter can be
    overridden by its flat name. One step is one quarter; ``run_for(80)`` runs twenty years and
    ``datacollector.get_model_vars_dataframe()`` gives the outcomes of every quarter.

    As in Mesa, ``rng`` may be None (a seed is drawn), an integer or a NumPy generator; the run's
    integer seed is ``model.seed``. ``scenario`` may also be a Mesa ``Scenario`` (SolaraViz's Reset
    passes one), with the country then named by ``country=`` (see :mod:`ssrsim.inputs`).
    """

    def __init__(
        self,
        scenario: str | Path | Scenario | MesaScenario | None = None,
        strategy: str | Path | Strategy = "status_quo",
        rng: RngLike = None,
        *,
        country: str | Path | Scenario | None = None,
        **overrides: Any,
    ) -> None:
        inputs = model_inputs(scenario, country, rng, overrides)
        super().__init__(rng=inputs.seed, scenario=inputs.mesa_scenario())
        spec = inputs.spec
        self.seed = inputs.seed
        self.scenario_spec = spec
        self.scenario_name = spec.name
        self.strategy = load_strategy(strategy)
        p = self.scenario
        # independent streams, so that one strategy's extra draws (more CSOs, more surveys, other
        # offers) never shift another's citizens or events: strategies share their random numbers
        streams = (np.random.default_rng(s) for s in np.random.SeedSequence(self._seed).spawn(5))
        self.rng_citizens, self.rng_consent, self.rng_events, self.rng_cso, self.rng_survey = streams

        self.regions = [
            Region(
                name=name,
                index=i,
                **{
                    f: float(getattr(p, f"region_{name}_{f}"))
                    for f in Region.__dataclass_fields__
                    if f not in ("name", "index")
                },
            )
            for i, name in enumerate(spec.regions)
        ]
        self.shares = np.array([r.population_share for r in self.regions])
        self.grievance_baseline = np.clip([p.grievance_base + r.grievance_offset for r in self.regions], 0.0, 1.0)
        self.timeline: list[dict[str, Any]] = []

        # actors
        self.regime = Regime(self)
        self.ministry = Ministry(self)
        self.police_units = [PoliceUnit(self, region) for region in self.regions]
        self.oversight_bodies = [OversightBody(self, kind) for kind in KINDS]
        self.bodies = {body.kind: body for body in self.oversight_bodies}
        self.donors = [Donor(self, name) for name in spec.donors]
        self.population = Population(
            self.rng_citizens,
            p.n_citizens,
            self.shares,
            np.array([r.minority_share for r in self.regions]),
            self.grievance_baseline,
            p.protest_threshold,
        )
        for _ in range(p.cso_count):
            capacity = clamp(float(self.rng_cso.normal(p.cso_capacity, 0.1)), 0.01, 1.0)
            cso = self._found_cso(capacity, funds=0.0)
            cso.funds = p.cso_reserve_quarters * cso.running_cost()

        # programme pipelines, region state and bookkeeping
        self.pipelines = {k: Pipeline(getattr(p, f"{k}_lag")) for k in PROGRAMMES}
        self.outputs = {"trained": 0.0, "border_trained": 0.0}
        self.spent_by_programme = np.zeros(len(PROGRAMMES))
        self._programme_constants = (
            np.array([getattr(p, f"{k}_sensitivity") for k in PROGRAMMES]),
            np.array([getattr(p, f"{k}_cost") for k in PROGRAMMES]),
            np.array([k in SOCIETY for k in PROGRAMMES]),
        )
        self.allocated = 0.0
        self.grant_pool = 0.0
        self.publicity_boost = 0.0
        self.violence = np.zeros(len(self.regions))
        self.accessibility = np.ones(len(self.regions))
        self.casualties = 0.0
        self.complaints = 0.0
        self.complaint_sanctions = 0.0
        self.protest_by_region = np.zeros(len(self.regions))
        self.repression_news = np.zeros(len(self.regions))

        self._start_stocks()
        self.outcomes = Outcomes(self)
        self._oversee()
        self._calibrate_initial_state()
        self._police_conduct()
        self.population.feel(self._regional_fear())
        self.population.summarise()
        self.outcomes.measure(survey=True)
        self.datacollector = OutcomeCollector(
            self.outcomes.current,
            COLUMNS,
            tables={
                "events": ["time", "year", "kind", "label", "region"],
                "regions": ["time", "year", "region", "trust", "trust_minority", "corruption", "abuse", "protest"],
            },
        )
        self._collect()
        self._dated_events = events.schedule(self) if p.events_enabled else []

    # ------------------------------------------------------------------ the quarter
    def step(self) -> None:
        """One quarter: aid, the regime, civil society, oversight, police, citizens, protest."""
        p = self.scenario
        events.draw_random_events(self, float(self.protest_by_region @ self.shares))
        self._deliver_aid()
        self.regime.update()
        self._state_spending()
        if CSO in self.agents_by_type:
            self.agents_by_type[CSO].shuffle_do("step")
        self._cso_births()
        for body in self.oversight_bodies:
            body.step()
        self._oversee()
        self._police_act()
        self._citizens_act()
        self._politics()
        self.outcomes.measure(survey=self.steps % p.survey_interval == 0)
        self._collect()
        if self.steps >= p.horizon:
            self.running = False

    # ------------------------------------------------------------------ aid
    def _deliver_aid(self) -> None:
        """Donors offer money by strategy; the regime lets each programme in or not; what gets in
        is delivered, less what duplication wastes when donors do not coordinate."""
        p = self.scenario
        coordination = max(p.aid_coordination, self.strategy.coordination)
        efficiency = 1.0 - p.duplication_loss * (1.0 - coordination)
        draws = self.rng_consent.random((len(self.donors), len(PROGRAMMES)))
        sensitivity, cost, society = self._programme_constants
        society_consent = 1.0 - sensitivity * (1.0 - self.regime.civic_space)
        before = [d.allocated for d in self.donors]
        offers = np.array([d.plan() for d in self.donors])
        self.allocated += sum(d.allocated - b for d, b in zip(self.donors, before, strict=True))
        will_room = [self.regime.governance_acceptance(d.leverage() * (0.5 + 0.5 * coordination)) for d in self.donors]
        state_consent = (1.0 - sensitivity) * self.regime.openness_hardware + np.outer(will_room, sensitivity)
        delivered = offers * (draws < np.where(society, society_consent, state_consent))
        money = delivered.sum(axis=0)
        self.spent_by_programme += money
        for donor, spent in zip(self.donors, delivered.sum(axis=1), strict=True):
            donor.spent += float(spent)
        units = money * efficiency / cost
        for k, programme in enumerate(PROGRAMMES):
            landed = self.pipelines[programme].push(float(units[k]))
            if landed > 0.0:
                DELIVER[programme](self, landed)
        total = sum(d.budget for d in self.donors)
        if total > 0:
            share = sum(d.budget * d.conditional_share for d in self.donors) / total
            leverage = sum(d.budget * d.leverage() for d in self.donors) / total
            self.regime.weigh_conditions(share, leverage)

    def condition_met(self, condition: Condition) -> bool:
        """Whether an outcome moved the required way over the condition's window."""
        history = self.outcomes.history[condition.outcome]
        before = history[max(len(history) - 1 - condition.window, 0)]
        return condition.direction * (history[-1] - before) > 0.0

    # ------------------------------------------------------------------ civil society
    def _found_cso(self, capacity: float, funds: float) -> CSO:
        presence = np.array([r.cso_presence for r in self.regions])
        region = int(self.rng_cso.choice(len(presence), p=presence))
        focus = FOCUSES[int(self.rng_cso.integers(len(FOCUSES)))]
        return CSO(self, capacity=capacity, funds=funds, focus=focus, region=region)

    def _cso_births(self) -> None:
        """New CSOs form where civic space allows and there is money to start one."""
        p = self.scenario
        start_up = 4.0 * p.cso_burn_rate * 0.3
        money = min(self.grant_pool / start_up, 1.0) if start_up > 0 else 0.0
        domestic = (1.0 - p.cso_donor_dependence) * p.public_demand
        rate = p.cso_birth_rate * self.regime.civic_space * (money + domestic)
        for _ in range(int(self.rng_cso.poisson(rate))):
            funds = min(self.grant_pool, start_up)
            self.grant_pool -= funds
            self._found_cso(capacity=min(2.0 * p.cso_min_capacity, 1.0), funds=funds)
            self.log_event("cso_founded", "a new CSO forms", None)

    @property
    def year(self) -> float:
        """The calendar year the model's clock has reached (quarters after the scenario's start)."""
        return float(self.scenario.start_year + self.time / 4.0)

    @property
    def csos(self) -> list[CSO]:
        return list(self.agents_by_type.get(CSO, []))

    def cso_activity(self) -> dict[str, np.ndarray]:
        """Activity per focus and region: capacity x civic space, summed."""
        activity = {focus: np.zeros(len(self.regions)) for focus in FOCUSES}
        for cso in self.agents_by_type.get(CSO, []):
            activity[cso.focus][cso.region] += cso.activity()
        return activity

    # ------------------------------------------------------------------ oversight
    def _oversee(self) -> None:
        """Detection per region, sanction chances and publicity for this quarter.

        Detection combines the ministry's own, the oversight bodies', CSO monitoring and complaints
        (verified through the ombudsman); sanctions pass through the ministry.
        """
        p = self.scenario
        pop = p.population_millions * self.shares
        activity = self.cso_activity()
        self._activity = activity
        engagement = self.population.means["engagement"]
        legal_aid = self._reach(activity["legal_aid"])
        self.complaint_share = np.minimum(p.complaint_propensity * (0.5 + engagement) * (1.0 + legal_aid), 1.0)
        bodies = self.bodies
        verification = p.complaint_verification * (0.5 + 0.5 * bodies["ombudsman"].strength())
        internal = p.internal_detection * (0.5 + 0.5 * self.ministry.practice)
        by_bodies = 1.0 - math.prod(1.0 - b.detection() for b in self.oversight_bodies)
        by_csos = self._monitoring_detection(activity["monitoring"], pop)
        by_complaints = self.complaint_share * verification
        self.detection = 1.0 - (1.0 - internal) * (1.0 - by_bodies) * (1.0 - by_csos) * (1.0 - by_complaints)
        self.verification = verification
        self.publicity = min(
            bodies["media"].strength() * (0.5 + 0.5 * self.ministry.transparency) + self.publicity_boost, 1.0
        )
        self.publicity_boost *= 0.5
        self.sanction = self.ministry.sanction_probability(self.publicity)
        self.senior_sanction = self.sanction * (1.0 - self.ministry.immunity())
        self.ministry.convene_council(self.cso_capacity(), bodies["public_council"].strength())

    def cso_capacity(self) -> float:
        """Mean capacity of the living CSOs (0 when none is left)."""
        living = self.csos
        return sum(c.capacity for c in living) / len(living) if living else 0.0

    def _reach(self, activity: np.ndarray) -> np.ndarray:
        """Share of each region's people that CSO ``activity`` (per region) reaches."""
        pop = self.scenario.population_millions * self.shares
        return np.minimum(self.scenario.cso_reach * activity / pop, 1.0)

    def _monitoring_detection(self, monitoring: np.ndarray | float, millions: np.ndarray | float) -> np.ndarray:
        """Chance that CSO monitoring catches misconduct, falling off with the people to watch."""
        return 1.0 - np.exp(-self.scenario.cso_detection_effect * monitoring / millions)

    # ------------------------------------------------------------------ police
    def _police_act(self) -> None:
        for unit in self.police_units:
            unit.cascade_training()
            unit.settle()
            unit.decide_corruption(float(self.detection[unit.region.index]), self.sanction, self.senior_sanction)
        self._police_conduct()

    def _police_conduct(self) -> None:
        reporting = self.population.by_region(self.population.reporting)
        for unit in self.police_units:
            i = unit.region.index
            unit.conduct(float(reporting[i]), float(self.detection[i] * self.sanction))

    # ------------------------------------------------------------------ citizens
    def _citizens_act(self) -> None:
        """Encounters, news, neighbours, outreach, fear, grievance, reporting and protest."""
        p = self.scenario
        pop = self.population
        units = self.police_units
        met = pop.encounter(
            contact_rate=p.contact_rate,
            abuse=np.array([u.abuse_rate for u in units]),
            minority_bias=np.array([u.minority_bias() for u in units]),
            bribe=np.array([u.bribe_rate for u in units]),
            service=np.array([u.service_rate for u in units]) * self.accessibility,
            learning_rate=p.trust_learning_rate,
            asymmetry=p.trust_asymmetry,
            grievance_per_abuse=p.grievance_per_abuse,
        )
        bad, good = self._news()
        pop.hear_media(bad, good)
        pop.influence(p.social_influence)
        outreach = self._reach(self._activity["community"] + self._activity["advocacy"])
        pop.reach(outreach, p.outreach_effect, p.engagement_decay)
        pop.feel(self._regional_fear())
        pop.relax_grievance(self.grievance_baseline, 0.05)
        pop.decide_reporting(p.reporting_base, p.reporting_trust_slope)
        self.protest_by_region = pop.decide_protest()
        pop.summarise()
        self._count_complaints(met)

    def _news(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-capita rates of published misconduct (bad news) and published sanctions (good news)."""
        p = self.scenario
        misconduct = self._misconduct_per_capita()
        published = p.media_influence * self.publicity * self.detection * misconduct
        return published + self.repression_news, published * self.sanction

    def _misconduct_per_capita(self) -> np.ndarray:
        p = self.scenario
        return np.array([p.contact_rate * (u.mean_abuse() + u.bribe_rate) for u in self.police_units])

    def _count_complaints(self, met: Any) -> None:
        """Complaints from mistreated citizens, in real numbers, and how many end in a sanction."""
        scale = self.scenario.population_millions * 1e6 / self.population.n
        made = float(((met.abused + met.bribed) * self.complaint_share).sum()) * scale
        self.complaints += made
        self.complaint_sanctions += made * self.verification * self.sanction

    def _regional_fear(self) -> np.ndarray:
        p = self.scenario
        climate = np.array([u.repression_capacity * u.repression_propensity for u in self.police_units])
        return np.minimum(p.fear_base + climate + self.violence, 1.0)

    # ------------------------------------------------------------------ politics
    def _politics(self) -> None:
        """The regime answers protest with force, weighs threat, restricts, legislates; the ministry
        implements."""
        p = self.scenario
        force = self.regime.repress(self.protest_by_region)
        crowd = self.protest_by_region * self.shares * p.population_millions * 1e6
        self.casualties += float((crowd * force).sum() * p.lethality)
        # violent dispersal becomes bad news next quarter, in proportion to the force and the crowd
        self.repression_news = p.crisis_trust_shock * force * np.minimum(10.0 * self.protest_by_region, 1.0)
        self.violence = 0.8 * self.violence + force
        protest = float(self.protest_by_region @ self.shares)
        activity = self._activity
        campaign = self._campaign(float(activity["advocacy"].sum()))
        self.regime.perceive_threat(protest, campaign + 0.5 * self.publicity)
        self.regime.restrict()
        parliament = self.bodies["parliament"].strength()
        self.regime.legislate(campaign, 0.5 * parliament)
        monitoring = float(self._monitoring_detection(activity["monitoring"].sum(), p.population_millions))
        support = self.ministry.council_influence + 0.5 * parliament + monitoring
        self.ministry.implement(support)
        self.ministry.judicial_capacity *= 1.0 - p.rule_of_law_decay
        self.accessibility += 0.02 * (1.0 - self.accessibility)

    def _campaign(self, advocacy: float) -> float:
        """Strength of civil society's campaign for police reform: organisation (advocacy capacity)
        times motivation (popular demand, raised by engagement, beyond what is already law)."""
        p = self.scenario
        organisation = 1.0 - math.exp(-advocacy / p.campaign_organisation)
        demand = p.public_demand + 0.5 * self.population.mean("engagement")
        return organisation * max(demand - self.regime.formal_reform, 0.0)

    # ------------------------------------------------------------------ shocks
    def crisis(self, region: int | None, severity: float) -> None:
        """A violent crisis: the state's forceful response, casualties, a trust drop that hits the
        minority harder, pressure for a declaratory reform, and a threatened regime."""
        p = self.scenario
        regions = range(len(self.regions)) if region is None else [region]
        for i in regions:
            unit = self.police_units[i]
            force = severity * unit.repression_capacity * unit.repression_propensity
            crowd = severity * 0.002 * self.shares[i] * p.population_millions * 1e6
            self.casualties += crowd * force * p.lethality
            self.violence[i] += force
            self.population.shock(i, p.crisis_trust_shock * severity, self.regions[i].ethnic_tension)
        self.regime.crisis_pressure += severity
        self.regime.threat = saturate(self.regime.threat, severity)

    def securitise(self, region: int | None, severity: float) -> None:
        """Fenced, guarded police premises: citizens reach police services less easily."""
        if region is None:
            self.accessibility *= 1.0 - severity
        else:
            self.accessibility[region] *= 1.0 - severity

    def crisis_weights(self) -> np.ndarray:
        """Where a random crisis is likeliest: grievance, ethnic tension and population."""
        tension = np.array([r.ethnic_tension for r in self.regions])
        return self.shares * (0.5 * self.grievance_baseline + 0.5 * tension)

    # ------------------------------------------------------------------ set-up
    def _start_stocks(self) -> None:
        """Start each unit at the steady state of the state's own spending.

        The state's own equipment spending keeps service equipment at its level (index 0.5); the
        regime separately keeps its means of repression at the scenario's capacity. Donor equipment
        then adds to both, to repression by the ministry's routing share.
        """
        p = self.scenario
        keep = 1.0 - p.equipment_decay  # a quarter's spending arrives, then the stock depreciates
        for unit in self.police_units:
            own = p.own_security_spending / 4.0 * unit.population_share
            steady = max(own * keep / p.equipment_decay, 1e-6)
            unit.equipment = unit.equipment_scale = steady
            unit.repression_scale = steady
            unit.repression_stock = -steady * math.log(1.0 - p.repression_capacity)
            unit.repression_upkeep = unit.repression_stock * p.equipment_decay / keep

    def _state_spending(self) -> None:
        """The state's own quarter: service equipment bought, the repression apparatus kept up."""
        p = self.scenario
        for unit in self.police_units:
            unit.equipment += p.own_security_spending / 4.0 * unit.population_share
            unit.repression_stock += unit.repression_upkeep

    def _calibrate_initial_state(self) -> None:
        """Make the starting state a resting point.

        Rents of graft are set so that the observed corruption is the officers' choice. Then one
        national level of good service is found whose regional resting points of trust average to
        the observed trust; each region starts at its own resting point, lower where its police
        abuse and extort more. Every later change comes from a change in the actors' behaviour.
        """
        p = self.scenario
        for unit in self.police_units:
            i = unit.region.index
            unit.calibrate_rents(float(self.detection[i]), self.sanction, self.senior_sanction)
            unit.service_base = 0.0
            unit.conduct(0.0, float(self.detection[i] * self.sanction))
        bad, good = self._news()
        pull = p.trust_learning_rate * p.contact_rate
        harm = np.array([pull * p.trust_asymmetry * (u.bribe_rate + 2.0 * u.mean_abuse()) for u in self.police_units])
        room = np.array([u.service_room() for u in self.police_units])

        def resting_trust(service: float) -> np.ndarray:
            """Where each region's trust comes to rest; where nothing moves trust, where it is."""
            up = pull * np.minimum(service, room) + good
            total = up + harm + bad
            return np.divide(up, total, out=np.full_like(total, p.initial_trust), where=total > 0)

        target = p.initial_trust
        if resting_trust(1.0) @ self.shares <= target:
            service = 1.0
        elif resting_trust(0.0) @ self.shares >= target:
            service = 0.0
        else:
            service = brentq(lambda s: resting_trust(s) @ self.shares - target, 0.0, 1.0, xtol=1e-9)
        trust = resting_trust(service)
        self.population.set_trust(trust)
        self.population.decide_reporting(p.reporting_base, p.reporting_trust_slope)
        reporting = self.population.by_region(self.population.reporting)
        for unit in self.police_units:
            unit.service_base = service
            unit.effectiveness0 = unit.effectiveness(float(reporting[unit.region.index]))

    def _collect(self) -> None:
        """Record the quarter: national outcomes, and one row per region."""
        self.datacollector.collect(self)
        pop = self.population
        trust, minority = pop.means["trust"], pop.means["trust_minority"]
        year = self.outcomes.current["year"]
        for unit, r_trust, r_minority, protest in zip(
            self.police_units, trust, minority, self.protest_by_region, strict=True
        ):
            row = {
                "time": float(self.time),
                "year": year,
                "region": unit.region.name,
                "trust": float(r_trust),
                "trust_minority": float(r_minority),
                "corruption": unit.corruption(),
                "abuse": unit.mean_abuse(),
                "protest": float(protest),
            }
            self.datacollector.add_table_row("regions", row)

    # ------------------------------------------------------------------ helpers
    def region_index(self, name: str) -> int:
        return self.scenario_spec.regions.index(name)

    def donor(self, name: str) -> Donor:
        return next(d for d in self.donors if d.name == name)

    def log_event(self, kind: str, label: str, region: int | None, year: float | None = None) -> None:
        """Put an event on the timeline (for the app) and in the datacollector's events table.

        ``year`` is a dated event's own date; events of the model's making are dated by the clock.
        """
        row = {
            "time": float(self.time),
            "year": self.year if year is None else year,
            "kind": kind,
            "label": label,
            "region": None if region is None else self.regions[region].name,
        }
        self.timeline.append(row)
        if hasattr(self, "datacollector"):
            self.datacollector.add_table_row("events", row)
