"""SSRModel: security-sector reform under donor strategies, one quarter per step."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from ssrsim import citizens, civil_society, delivery, events, policing, politics, scrutiny
from ssrsim.agents import CSO, Donor, Ministry, OversightBody, PoliceUnit, Regime
from ssrsim.agents.ministry import merit_share
from ssrsim.agents.oversight import KINDS
from ssrsim.collector import OutcomeCollector
from ssrsim.inputs import RngLike, model_inputs
from ssrsim.outcomes import COLUMNS, Outcomes
from ssrsim.population import Population
from ssrsim.programmes import GOVERNANCE, PROGRAMMES, SOCIETY, Pipeline
from ssrsim.scenario import Scenario
from ssrsim.strategy import Strategy, load_strategy


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
        # offers, other trainees) never shift another's citizens, officers or events: strategies
        # share their random numbers
        streams = (np.random.default_rng(s) for s in np.random.SeedSequence(self._seed).spawn(7))
        (
            self.rng_citizens,
            self.rng_consent,
            self.rng_events,
            self.rng_cso,
            self.rng_survey,
            self.rng_officers,
            self.rng_training,
        ) = streams

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
        self.tension = np.array([r.ethnic_tension for r in self.regions])
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
        # recruitment so far followed the rule the ministry follows later, at the scenario's values
        merit = merit_share(p.patronage, p.political_will, p.moi_resistance)
        self.force = policing.build_force(self, merit_share=merit)
        self.ministry.patron_share0 = self.force.patron_share()
        civil_society.found_initial(self)

        # programme pipelines, region state and bookkeeping
        self.pipelines = {k: Pipeline(getattr(p, f"{k}_lag")) for k in PROGRAMMES}
        self.outputs = {"trained": 0.0, "border_trained": 0.0}
        self.spent_by_programme = np.zeros(len(PROGRAMMES))
        self.programme_constants = (
            np.array([getattr(p, f"{k}_sensitivity") for k in PROGRAMMES]),
            np.array([getattr(p, f"{k}_cost") for k in PROGRAMMES]),
            np.array([k in SOCIETY for k in PROGRAMMES]),
        )
        self.governance_programmes = np.array([k in GOVERNANCE for k in PROGRAMMES])
        self.allocated = 0.0
        self.grant_pool = 0.0
        self.donor_engagement = 0.0
        self.publicity_boost = 0.0
        self.violence = np.zeros(len(self.regions))
        self.accessibility = np.ones(len(self.regions))
        self.casualties = 0.0
        self.complaints = 0.0
        self.complaint_sanctions = 0.0
        self.protest_by_region = np.zeros(len(self.regions))
        self.repression_news = np.zeros(len(self.regions))
        self.service_base = 1.0
        self.bribed_share = 0.0  # citizens asked for a bribe this quarter

        policing.start_stocks(self)
        self.outcomes = Outcomes(self)
        self._oversee()
        self.ministry.pressure0 = politics.baseline_pressure(self)
        policing.calibrate_start(self)
        self.population.feel(citizens.regional_fear(self))
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
        """One quarter: events, aid, the regime, civil society, oversight, police, citizens, politics,
        measurement."""
        p = self.scenario
        events.draw_random_events(self, float(self.protest_by_region @ self.shares))
        delivery.deliver_aid(self)
        self.regime.update()
        policing.state_spending(self)
        if CSO in self.agents_by_type:
            self.agents_by_type[CSO].shuffle_do("step")
        civil_society.births(self)
        for body in self.oversight_bodies:
            body.step()
        self._oversee()
        policing.act(self)
        citizens.act(self)
        politics.act(self)
        self.outcomes.measure(survey=self.steps % p.survey_interval == 0)
        self._collect()
        if self.steps >= p.horizon:
            self.running = False

    def _oversee(self) -> None:
        """This quarter's CSO activity and scrutiny, which every later submodel reads; public
        councils convene."""
        self.cso_activity = civil_society.activity(self)
        self.scrutiny = scrutiny.assess(self)
        self.publicity_boost *= 0.5  # an exposé's extra publicity halves every quarter
        self.ministry.convene_council(civil_society.mean_capacity(self), self.bodies["public_council"].strength())

    @property
    def year(self) -> float:
        """The calendar year the model's clock has reached (quarters after the scenario's start)."""
        return float(self.scenario.start_year + self.time / 4.0)

    @property
    def csos(self) -> list[CSO]:
        return list(self.agents_by_type.get(CSO, []))

    def news(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-capita rates of published misconduct and published sanctions this quarter."""
        return citizens.news(self)

    def _collect(self) -> None:
        """Record the quarter: national outcomes, and one row per region."""
        self.datacollector.collect(self)
        pop = self.population
        trust, minority = pop.means["trust"], pop.means["trust_minority"]
        year = self.outcomes.current["year"]
        corruption = self.force.by_region(self.force.corrupt)
        abuse = self.conduct_rates["abuse"]
        for region, r_trust, r_minority, r_corruption, r_abuse, protest in zip(
            self.regions, trust, minority, corruption, abuse, self.protest_by_region, strict=True
        ):
            row = {
                "time": float(self.time),
                "year": year,
                "region": region.name,
                "trust": float(r_trust),
                "trust_minority": float(r_minority),
                "corruption": float(r_corruption),
                "abuse": float(r_abuse),
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
