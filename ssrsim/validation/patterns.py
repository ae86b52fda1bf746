"""The papers' patterns, each stated as a paired comparison with a statistic and a pass rule.

A pattern names its conditions (scenario, strategy, overrides), runs each with the same seeds
(replication k of every condition shares a seed, so differences are paired), computes a statistic
per replication from the conditions' series, and compares it with a bound: the smallest effect that
matters (:data:`ssrsim.stats.MIN_EFFECT` on a 0-1 index) or a size the papers' words set. A pattern
**holds** when the 95% confidence interval of the statistic's mean lies beyond the bound *and* at
least :data:`ssrsim.stats.SEED_SHARE` of the seeds do, so an effect too small to matter fails however
narrow its interval. No pattern looks at which scenario or strategy is running: the model is the
same; only the inputs differ.

Each pattern also says whether it is **emergent** (no single formula or input decides it: it comes
from mechanisms acting on each other) or holds **by construction** (one formula or one input decides
it; then it is a regression check that the formula is wired as the papers describe, not evidence
that the model is right), and names the code that decides it. Some patterns carry a **rival**: a
switch that replaces the model's explanation with a plausible other one; a pattern that the rival
produces as well cannot tell the two explanations apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ssrsim.stats import MIN_EFFECT, SEED_SHARE

Series = dict[str, pd.DataFrame]  # condition label -> one run's series, indexed by quarter

#: Why most bounds are what they are.
SMALLEST = (
    "the smallest difference on a 0-1 index that matters (two points: about what a national poll of 2,000 "
    "people can tell apart)"
)


@dataclass(frozen=True)
class Condition:
    scenario: str
    strategy: str
    overrides: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Rival:
    """A plausible other explanation of a pattern: a model switch and what it replaces."""

    switch: str  # a boolean parameter, off in every scenario
    explanation: str


@dataclass(frozen=True)
class Pattern:
    number: int
    name: str
    statement: str
    source: str
    mechanism: str
    conditions: dict[str, Condition]
    statistic: Callable[[Series], float]
    statistic_text: str
    outcomes: tuple[str, ...]
    emergent: bool
    decided_by: str  # the code (and inputs) that decide the pattern
    bound_reason: str  # why the bound is the smallest effect that matters
    above: float | None = None
    below: float | None = None
    rival: Rival | None = None

    @property
    def bound(self) -> float:
        return self.above if self.above is not None else self.below  # type: ignore[return-value]

    @property
    def kind(self) -> str:
        """What decides the pattern, in a few words: "emergent", "by construction", "by input" or
        "by construction and input" (how ``decided_by`` opens)."""
        return self.decided_by.split(":", 1)[0]

    def beyond(self, values: np.ndarray) -> np.ndarray:
        """Which values lie beyond the bound, on the side the papers state."""
        return values > self.above if self.above is not None else values < self.below

    def holds(self, low: float, high: float, share_beyond: float) -> bool:
        """The whole interval beyond the bound, and enough seeds beyond it too."""
        inside = (self.above is None or low > self.above) and (self.below is None or high < self.below)
        return inside and share_beyond >= SEED_SHARE

    @property
    def rule(self) -> str:
        side = f"above {self.above:g}" if self.above is not None else f"below {self.below:g}"
        return f"95% CI and {SEED_SHARE:.0%} of seeds {side}"

    def under_rival(self) -> Pattern:
        """The same pattern with its rival switched on in every condition."""
        assert self.rival is not None
        switched = {
            label: replace(c, overrides={**c.overrides, self.rival.switch: True})
            for label, c in self.conditions.items()
        }
        return replace(self, conditions=switched)


def end(runs: Series, label: str, column: str) -> float:
    return float(runs[label][column].iloc[-1])


def at(runs: Series, label: str, column: str, quarter: int) -> float:
    return float(runs[label][column].iloc[quarter])


def effect(runs: Series, treated: str, control: str, column: str) -> float:
    """End-state difference between two conditions of the same replication."""
    return end(runs, treated, column) - end(runs, control, column)


#: Favourable conditions for the best case of pattern 8: a willing leadership, a ministry that
#: resists little, no scheduled or random shocks.
FAVOURABLE = {
    "political_will": 0.7,
    "moi_resistance": 0.4,
    "events_enabled": 0,
    "crisis_hazard": 0.0,
    "leadership_hazard": 0.0,
}
QUIET = {"events_enabled": 0, "crisis_hazard": 0.0, "leadership_hazard": 0.0}


def _share_of_change_by(runs: Series, label: str, column: str, quarter: int) -> float:
    series = runs[label][column]
    total = series.iloc[0] - series.iloc[-1]
    return float((series.iloc[0] - series.iloc[quarter]) / total) if total > 0 else 1.0


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        1,
        "train_and_equip_backfires",
        "Train-and-equip without political will raises repression capacity more than trust (Tajikistan)",
        "Boonstra et al. 2013, Intro, §1.3 and §3",
        "Equipment and border assets are routed to riot units and special forces in proportion to the "
        "regime's repression propensity; skill raises service only through an officer's orientation, which a "
        "course moves only until the unit's colleagues pull it back.",
        {"t&e": Condition("tajikistan", "train_and_equip"), "none": Condition("tajikistan", "no_aid")},
        lambda r: effect(r, "t&e", "none", "repression_capacity_now") - effect(r, "t&e", "none", "trust"),
        "effect on repression capacity minus effect on trust, train-and-equip vs no aid, after 20 years",
        outcomes=("repression_capacity_now", "trust"),
        emergent=False,
        decided_by=(
            "by construction: `Ministry.repression_share` routes equipment to riot and special units in "
            "proportion to the input `repression_propensity`, and repression capacity is that stock; the "
            "statistic is almost all this routing (the effect on trust is near zero)"
        ),
        bound_reason=SMALLEST,
        above=MIN_EFFECT,
        rival=Rival(
            "rival_skill_serves",
            "trained skill raises service whatever the officer's orientation (the first model's rule), so "
            "training alone should lift trust",
        ),
    ),
    Pattern(
        2,
        "bottom_up_works_where_open",
        "The same bottom-up support does more in Kyrgyzstan than in Tajikistan",
        "Boonstra et al. 2013, §1.3 and §3; police-reform paper, Context-KG and Conclusions",
        "Grants reach CSOs only as far as civic space lets foreign money in; CSO monitoring, legal aid and "
        "campaigns act through civic space, and the regime's will decides what they change.",
        {
            "kg_csf": Condition("kyrgyzstan", "civil_society_first"),
            "kg_none": Condition("kyrgyzstan", "no_aid"),
            "tj_csf": Condition("tajikistan", "civil_society_first"),
            "tj_none": Condition("tajikistan", "no_aid"),
        },
        lambda r: effect(r, "kg_csf", "kg_none", "accountability") - effect(r, "tj_csf", "tj_none", "accountability"),
        "effect of civil society first on accountability in Kyrgyzstan minus that in Tajikistan",
        outcomes=("accountability",),
        emergent=False,
        decided_by=(
            "by input: consent to CSO grants (`delivery.consent`), the CSOs' reach and monitoring "
            "(`civil_society.monitoring_detection`) all scale with civic space, openness to governance aid and "
            "will, each lower in Tajikistan's inputs than in Kyrgyzstan's"
        ),
        bound_reason=SMALLEST,
        above=MIN_EFFECT,
    ),
    Pattern(
        3,
        "civil_society_alone_is_not_enough",
        "Strengthening civil society alone is not enough while the ministry resists",
        "police-reform paper, Abstract, Context-KG and Conclusions",
        "Implementation of reform needs will and low resistance; CSO monitoring only adds to the push, so "
        "under a resisting ministry practice and corruption barely move.",
        {
            "resist_csf": Condition("kyrgyzstan", "civil_society_first", QUIET),
            "resist_none": Condition("kyrgyzstan", "no_aid", QUIET),
            "open_csf": Condition("kyrgyzstan", "civil_society_first", {**QUIET, "moi_resistance": 0.2}),
            "open_none": Condition("kyrgyzstan", "no_aid", {**QUIET, "moi_resistance": 0.2}),
        },
        lambda r: (
            effect(r, "open_csf", "open_none", "practice_now") - effect(r, "resist_csf", "resist_none", "practice_now")
        ),
        "effect of civil society first on practice with a ministry resisting little (0.2) minus with the "
        "observed resistance (0.75), Kyrgyzstan",
        outcomes=("practice_now",),
        emergent=False,
        decided_by=(
            "by construction: in `Ministry.implement` the push of CSOs and councils multiplies `will * (1 - "
            "resistance)`, so the same push must do more where resistance is lower"
        ),
        bound_reason=SMALLEST,
        above=MIN_EFFECT,
        rival=Rival(
            "rival_csos_bypass_ministry",
            "CSO monitoring and councils improve practice directly, whatever the ministry's will and resistance "
            "(civil society as a substitute for will, not a complement)",
        ),
    ),
    Pattern(
        4,
        "policy_practice_gap",
        "Formal reform runs well ahead of practice in Kazakhstan: a lasting policy-practice gap",
        "police-reform paper, Conclusions; Boonstra et al. 2013, §1.1",
        "Formal reform moves with declaratory will and pressure; practice needs substantive will and low "
        "resistance, and erodes where resistance meets no will.",
        {"kz": Condition("kazakhstan", "status_quo")},
        lambda r: end(r, "kz", "reform_gap") - at(r, "kz", "reform_gap", 0),
        "growth of the gap between formal reform and practice over 20 years, Kazakhstan, status quo",
        outcomes=("reform_gap", "formal_reform_now", "practice_now"),
        emergent=False,
        decided_by=(
            "by input: formal reform grows with declaratory will (`Regime.legislate`), practice with substantive "
            "will and low resistance (`Ministry.implement`); Kazakhstan's inputs set declaratory will far above "
            "substantive will"
        ),
        bound_reason=(
            "the police-reform paper's 'significant policy-practice gap' (Conclusions): a tenth of the 0-1 scale "
            "of reform, five times the smallest effect that matters"
        ),
        above=0.1,
    ),
    Pattern(
        5,
        "reported_success_without_change",
        "Donor-reported success rises while trust and accountability barely move",
        "Boonstra et al. 2013, §3 and fn 67; police-reform paper, Conclusions",
        "Donors that count activities report the share of planned activities delivered; real change needs "
        "the ministry to implement and officers to change.",
        {"kg": Condition("kyrgyzstan", "status_quo")},
        lambda r: end(r, "kg", "reported_success") - end(r, "kg", "real_change"),
        "reported success minus real change after 20 years, Kyrgyzstan, status quo",
        outcomes=("reported_success", "real_change", "trust", "accountability"),
        emergent=False,
        decided_by=(
            "by construction: a donor that counts activities reports the share of planned activities delivered "
            "(`Donor.report`), which no mechanism ties to real change"
        ),
        bound_reason=(
            "Boonstra et al. report success by counts of outputs while impact is missing: a gap of a third of the"
            " scale, well beyond noise"
        ),
        above=0.3,
    ),
    Pattern(
        6,
        "polls_inflated_under_fear",
        "Official polls report far higher trust than independent ones where fear is high (Kazakhstan)",
        "police-reform paper, Practices-KZ",
        "Respondents who fear the state tell a state-linked pollster they trust the police; fear follows "
        "the means and propensity of repression, higher in Kazakhstan than in Kyrgyzstan.",
        {"kz": Condition("kazakhstan", "status_quo"), "kg": Condition("kyrgyzstan", "status_quo")},
        lambda r: (
            (end(r, "kz", "trust_official") - end(r, "kz", "trust_independent"))
            - (end(r, "kg", "trust_official") - end(r, "kg", "trust_independent"))
        ),
        "gap between official and independent trust in Kazakhstan minus that in Kyrgyzstan",
        outcomes=("trust_official", "trust_independent"),
        emergent=False,
        decided_by=(
            "by construction and input: `Population.official_poll` inflates answers by fear x conformity; fear "
            "follows repression capacity x propensity, inputs higher in Kazakhstan"
        ),
        bound_reason=(
            "a fifth of the 25-30 point gap the police-reform paper reports for Kazakhstan (Practices-KZ), and "
            "more than twice the smallest effect that matters"
        ),
        above=0.05,
        rival=Rival(
            "rival_state_pollsters",
            "official polls are inflated by the state's hold on pollsters (1 - media freedom), not by the "
            "respondents' fear",
        ),
    ),
    Pattern(
        7,
        "reversal_in_fragile_settings",
        "Leadership change undoes part of the reforms; progress is easily reversed in fragile settings",
        "Boonstra et al. 2013, §1.2; police-reform paper, Context-KG",
        "A new leader draws new will; patronage networks regroup and undo implemented practice in "
        "proportion to patronage and the new leader's lack of will.",
        {
            "stable": Condition("kyrgyzstan", "holistic", {**QUIET}),
            "fragile": Condition("kyrgyzstan", "holistic", {**QUIET, "leadership_hazard": 0.3}),
        },
        lambda r: end(r, "stable", "practice_now") - end(r, "fragile", "practice_now"),
        "practice after 20 years of holistic support with no change of leader minus with a leadership "
        "hazard of 0.3 a year, Kyrgyzstan",
        outcomes=("practice_now",),
        emergent=False,
        decided_by=(
            "by construction: a new leader's will is drawn anew and `Ministry.regroup` with `reversal_share` "
            "undoes practice in proportion to patronage and the new leader's lack of will"
        ),
        bound_reason=SMALLEST,
        above=MIN_EFFECT,
    ),
    Pattern(
        8,
        "change_takes_decades",
        "Behavioural change takes 15-20 years even under the best strategy",
        "police-reform paper, Practices-KG and Conclusions; Literature review",
        "Officers' orientation settles to a level that implemented practice sets; graft falls as officers are "
        "replaced by merit recruits, re-certified and sanctioned, and as their colleagues' cover thins.",
        {"best": Condition("kyrgyzstan", "holistic", FAVOURABLE)},
        lambda r: _share_of_change_by(r, "best", "corruption", 40),
        "share of the 20-year fall in corruption reached after 10 years, holistic support with a willing "
        "leadership (0.7) and a ministry resisting little (0.4), Kyrgyzstan",
        outcomes=("corruption", "trust"),
        emergent=True,
        decided_by=(
            "emergent: no formula sets how fast corruption falls; it comes from officers' own choices "
            "(`PoliceForce.decide_corruption`) as colleagues' cover thins, merit recruits replace leavers "
            "(`turnover`, `recruit`), re-certification and sanctions remove the corrupt, and orientation is "
            "pulled back to the unit's culture (`socialise`); the rates of attrition and of reconsidering bound "
            "its speed"
        ),
        bound_reason=(
            "'15 to 20 years' (police-reform paper, Practices-KG): change that takes that long is less than half "
            "done after ten years"
        ),
        below=0.5,
        rival=Rival(
            "rival_graft_alone",
            "officers weigh graft alone: their colleagues' cover stays as it was at the start, so no tipping of a"
            " unit's norm speeds or slows the change",
        ),
    ),
    Pattern(
        9,
        "conditional_beats_unconditional",
        "Conditioning hardware on governance beats unconditional hardware on accountability",
        "Boonstra et al. 2013, §1.3 and §2.4",
        "Where aid gives donors leverage, the regime raises sanctioning to keep conditioned hardware "
        "flowing; withheld money goes to oversight, rule of law and civil society.",
        {"cond": Condition("kyrgyzstan", "conditional"), "t&e": Condition("kyrgyzstan", "train_and_equip")},
        lambda r: effect(r, "cond", "t&e", "accountability"),
        "effect on accountability of conditional vs unconditional hardware after 20 years, Kyrgyzstan",
        outcomes=("accountability",),
        emergent=False,
        decided_by=(
            "by construction: the conditional strategy puts 30% of its money into oversight, rule of law and "
            "civil society, which the unconditional one lacks; the regime's response to conditions "
            "(`Regime.weigh_conditions`) adds little"
        ),
        bound_reason=SMALLEST,
        above=MIN_EFFECT,
    ),
    Pattern(
        10,
        "border_outputs_without_impact",
        "Border aid piles up trained officials while corruption persists (Tajikistan)",
        "Boonstra et al. 2013, §1.3, §3 and Conclusion",
        "Border aid trains guards and builds posts outside the police; nothing in it touches detection, "
        "sanctions or culture. The pattern therefore holds by construction: it checks that border aid "
        "is wired as the papers describe, not a finding that emerges.",
        {"border": Condition("tajikistan", "border_management"), "none": Condition("tajikistan", "no_aid")},
        lambda r: abs(effect(r, "border", "none", "corruption")),
        "absolute effect of border management on corruption vs no aid after 20 years (while thousands "
        "of guards are trained), Tajikistan",
        outcomes=("corruption", "border_trained"),
        emergent=False,
        decided_by=(
            "by construction: border aid trains guards and builds posts outside the police (`delivery`); nothing "
            "in it touches detection, sanctions or culture"
        ),
        bound_reason=SMALLEST + ": an effect this small is no effect",
        below=MIN_EFFECT,
    ),
    Pattern(
        11,
        "fragmentation_slows_formal_reform",
        "Where power is fragmented, adopting reform takes longer",
        "Boonstra et al. 2013, §1.2",
        "Veto players slow legislation in proportion to power fragmentation.",
        {
            "centralised": Condition("kyrgyzstan", "no_aid", {**QUIET, "power_fragmentation": 0.1}),
            "fragmented": Condition("kyrgyzstan", "no_aid", {**QUIET, "power_fragmentation": 0.8}),
        },
        lambda r: end(r, "centralised", "formal_reform_now") - end(r, "fragmented", "formal_reform_now"),
        "formal reform after 20 years under centralised (0.1) minus fragmented (0.8) power, Kyrgyzstan",
        outcomes=("formal_reform_now",),
        emergent=False,
        decided_by=(
            "by construction: one formula, `Regime.legislate`, slows legislation by `1 - 0.5 * power_fragmentation`"
        ),
        bound_reason=SMALLEST,
        above=MIN_EFFECT,
    ),
    Pattern(
        12,
        "hardware_in_governance_out",
        "Host governments accept material aid but not governance aid (Tajikistan)",
        "Boonstra et al. 2013, §1.3, §2.3 and §3 Police reform",
        "Consent to a programme falls with its governance sensitivity where will and openness to "
        "governance aid are low.",
        {"hw": Condition("tajikistan", "train_and_equip"), "gov": Condition("tajikistan", "oversight_support")},
        lambda r: (
            end(r, "hw", "spent") / max(end(r, "hw", "allocated"), 1e-9)
            - end(r, "gov", "spent") / max(end(r, "gov", "allocated"), 1e-9)
        ),
        "share of train-and-equip money let in minus share of oversight-support money, Tajikistan",
        outcomes=("spent", "allocated"),
        emergent=False,
        decided_by=(
            "by construction: `delivery.consent` falls with each programme's governance sensitivity where will "
            "and openness to governance aid are low"
        ),
        bound_reason=(
            "'readily accept' hardware while 'interest fades' once oversight is stressed (Boonstra et al. 2013, "
            "§1.3): a fifth of the money, ten times the smallest effect that matters"
        ),
        above=0.2,
    ),
)
