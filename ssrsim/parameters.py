"""The parameter schema: every scenario parameter's flat name, type, hard bounds, unit and meaning.

Scenario files give each parameter a value, a plausible range and a source; this module says which
names exist and what values are possible at all. Region and donor parameters are named after the
region or donor (``region_south_minority_share``, ``donor_eu_budget``), so every parameter has one
unique flat name that ``SSRModel(**overrides)`` and ``mesa.batch_run`` accept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ssrsim.programmes import MEANING, PROGRAMMES


@dataclass(frozen=True)
class ParamDef:
    """What a parameter is: its type, the values it can take, and what it means."""

    kind: type
    bounds: tuple[float, float] | None
    unit: str
    description: str

    def allowed(self) -> str:
        if self.kind is bool:
            return "true or false"
        lo, hi = self.bounds  # type: ignore[misc]
        kind = "an integer" if self.kind is int else "a number"
        return f"{kind} in [{_fmt(lo)}, {_fmt(hi)}]"


def _fmt(x: float) -> str:
    return f"{x:g}"


UNIT = (0.0, 1.0)
F, INT, B = float, int, bool

#: Country-level parameters.
GLOBAL: dict[str, ParamDef] = {
    # run and population
    "n_citizens": ParamDef(INT, (100, 25_000_000), "people", "size of the simulated citizen population"),
    "min_officers_per_unit": ParamDef(
        INT, (1, 10_000), "officers", "fewest simulated officers in a unit (region and branch) of a small run"
    ),
    "horizon": ParamDef(INT, (1, 400), "quarters", "quarters after which the model stops running"),
    "start_year": ParamDef(F, (1991, 2100), "year", "calendar year of quarter 0"),
    "events_enabled": ParamDef(B, None, "", "whether the scenario's dated events fire"),
    # rival mechanisms: each replaces one of the model's explanations with a plausible other one, so
    # that validation can ask whether a pattern tells the two apart (docs/validation.md)
    "rival_state_pollsters": ParamDef(
        B, None, "", "official polls inflated by the state's hold on pollsters (1 - media freedom), not by fear"
    ),
    "rival_graft_alone": ParamDef(
        B, None, "", "officers weigh graft without their colleagues' current cover (the start's cover instead)"
    ),
    "rival_csos_bypass_ministry": ParamDef(
        B, None, "", "CSO monitoring and councils improve practice directly, whatever the will and resistance"
    ),
    "rival_skill_serves": ParamDef(B, None, "", "trained skill raises service whatever the officer's orientation"),
    "population_millions": ParamDef(F, (0.1, 100), "million", "real population, to turn shares into counts"),
    # regime
    "political_will": ParamDef(F, UNIT, "index", "the leadership's substantive will for democratic reform"),
    "declaratory_will": ParamDef(F, UNIT, "index", "readiness to adopt laws, concepts and councils"),
    "openness_hardware": ParamDef(F, UNIT, "index", "readiness to accept equipment and training aid"),
    "openness_governance": ParamDef(F, UNIT, "index", "readiness to accept oversight and governance aid"),
    "state_resources": ParamDef(F, UNIT, "index", "the state's own means to fund its security sector"),
    "repression_propensity": ParamDef(F, UNIT, "index", "readiness to meet dissent with force"),
    "threat_perception": ParamDef(F, UNIT, "index", "the regime's initial sense of threat"),
    "threat_sensitivity": ParamDef(F, UNIT, "index", "how much threat lowers consent to governance aid"),
    "restriction_sensitivity": ParamDef(F, UNIT, "per quarter", "how fast threat closes civic space"),
    "civic_space": ParamDef(F, UNIT, "index", "initial room for CSOs, media and foreign funding"),
    "leadership_hazard": ParamDef(F, UNIT, "per year", "baseline hazard of a change of leader"),
    "leader_will_concentration": ParamDef(
        F, (1, 1000), "", "how closely a new leader's will follows the country's norm"
    ),
    "reversal_share": ParamDef(F, UNIT, "share", "share of implemented practice undone at a change of leader"),
    "formal_reversal_share": ParamDef(F, UNIT, "share", "share of formal reform undone at a change of leader"),
    "power_fragmentation": ParamDef(F, UNIT, "index", "veto players that slow formal reform"),
    "confidence_will_gain": ParamDef(F, UNIT, "share", "will that full elite confidence adds to a leader of will 0.5"),
    "strategic_value": ParamDef(
        F, UNIT, "index", "the country's strategic value to donors, which weakens their leverage"
    ),
    "formal_reform": ParamDef(F, UNIT, "index", "initial formal-reform index (laws, concepts, councils)"),
    "formal_reform_rate": ParamDef(F, UNIT, "per quarter", "speed of formal reform under full pressure"),
    "crisis_hazard": ParamDef(F, UNIT, "per year", "baseline hazard of a violent crisis"),
    # ministry of interior
    "moi_resistance": ParamDef(F, UNIT, "index", "the ministry's resistance to reform"),
    "patronage": ParamDef(F, UNIT, "index", "patronage ties that protect officers and regroup after change"),
    "militarisation": ParamDef(F, UNIT, "index", "militarisation of the police"),
    "transparency": ParamDef(F, UNIT, "index", "what the ministry publishes about itself"),
    "practice": ParamDef(F, UNIT, "index", "initial index of reform implemented in practice"),
    "implementation_rate": ParamDef(
        F, UNIT, "per quarter", "speed at which formal reform becomes practice at full will"
    ),
    "practice_erosion": ParamDef(F, UNIT, "per quarter", "erosion of practice under resistance without will"),
    "sanction_base": ParamDef(
        F, UNIT, "probability", "chance that detected misconduct is sanctioned with no patronage and no reform"
    ),
    "sanction_slope": ParamDef(
        F, (0, 20), "", "how strongly reform, courts and publicity raise sanctioning (logit scale)"
    ),
    "resistance_response": ParamDef(
        F, UNIT, "per quarter", "how far full pressure under full will wears down resistance in a quarter"
    ),
    "resistance_relapse": ParamDef(
        F, UNIT, "per quarter", "drift of resistance and transparency back to the institution's level"
    ),
    "council_state_dominance": ParamDef(F, UNIT, "index", "state dominance of public councils"),
    "council_cso_seat_share": ParamDef(F, UNIT, "share", "formal CSO share of public-council seats"),
    "council_influence_cap": ParamDef(F, UNIT, "index", "the most a public council can push the ministry"),
    # police
    "police_officers": ParamDef(INT, (100, 2_000_000), "officers", "police officers in the country"),
    "patrol_share": ParamDef(F, UNIT, "share", "share of officers in the patrol and traffic police"),
    "special_share": ParamDef(F, UNIT, "share", "share of officers in riot and special units"),
    "criminal_contact_weight": ParamDef(
        F, UNIT, "ratio", "how often a criminal-police officer meets citizens, relative to a patrol officer"
    ),
    "special_contact_weight": ParamDef(
        F, UNIT, "ratio", "how often an officer of a special unit meets citizens, relative to a patrol officer"
    ),
    "special_abuse_factor": ParamDef(F, (1, 10), "ratio", "abuse per contact by special units, relative to others"),
    "police_pay": ParamDef(F, (0, 20), "living wages", "an officer's pay relative to what a household needs"),
    "pay_weight": ParamDef(
        F, (0, 20), "", "value of the job (per living wage of pay) an officer loses when sanctioned"
    ),
    "need_weight": ParamDef(F, (0, 10), "", "how much a living wage lowers the pull of graft"),
    "conformity": ParamDef(F, UNIT, "share", "how far officers follow their colleagues' change of orientation"),
    "merit_screening": ParamDef(F, (0, 3), "log units", "how much higher merit recruits' integrity thresholds lie"),
    "officer_attrition": ParamDef(F, UNIT, "per quarter", "officers who leave the force in a quarter"),
    "dismissal_share": ParamDef(F, UNIT, "share", "share of sanctions for graft that are dismissals"),
    "attestation_coverage": ParamDef(F, UNIT, "per year", "share of the force re-certified in a year"),
    "corrupt_service_drag": ParamDef(F, UNIT, "share", "how much worse a corrupt officer serves in other contacts"),
    "police_corruption": ParamDef(F, UNIT, "share", "initial share of rank-and-file officers taking bribes"),
    "senior_corruption": ParamDef(F, UNIT, "share", "initial share of senior officers in corrupt networks"),
    "senior_share": ParamDef(F, UNIT, "share", "senior officers' weight in corruption and misconduct"),
    "police_capacity": ParamDef(F, UNIT, "index", "officers' initial mean professional skill"),
    "human_rights_culture": ParamDef(
        F, UNIT, "index", "officers' initial mean service orientation and human-rights attitude"
    ),
    "community_policing": ParamDef(F, UNIT, "index", "initial community-policing practice"),
    "abuse_base": ParamDef(F, UNIT, "probability", "abuse per contact with no human-rights culture"),
    "bribe_contact_share": ParamDef(
        F, UNIT, "probability", "share of contacts in which a corrupt officer asks for a bribe"
    ),
    "corruption_threshold_spread": ParamDef(
        F, (0.1, 5), "", "spread (log-normal sigma) of officers' integrity thresholds"
    ),
    "corruption_peer_effect": ParamDef(
        F, (0, 10), "", "how much colleagues' graft lowers its moral cost (the tipping point)"
    ),
    "corruption_adjust_rate": ParamDef(F, UNIT, "per quarter", "speed at which officers adapt to incentives"),
    "penalty_weight": ParamDef(F, (0, 20), "", "cost of an expected sanction relative to a bribe"),
    "integrity_weight": ParamDef(F, (0, 10), "", "moral cost of graft per unit of an officer's service orientation"),
    "culture_norm_gain": ParamDef(
        F, UNIT, "index", "how far implemented practice lifts the orientation officers settle to"
    ),
    "own_security_spending": ParamDef(
        F, (0, 1e4), "EUR million per year", "the state's own spending on police equipment"
    ),
    "repression_capacity": ParamDef(
        F, (0.01, 0.99), "index", "initial means of repression (riot units, special forces)"
    ),
    # citizens
    "initial_trust": ParamDef(F, UNIT, "share", "true mean trust in the police at quarter 0"),
    "trust_asymmetry": ParamDef(F, (1, 20), "ratio", "weight of a negative contact relative to a positive one"),
    "trust_learning_rate": ParamDef(F, UNIT, "per contact", "how far one positive contact moves trust"),
    "contact_rate": ParamDef(F, UNIT, "per quarter", "chance that a citizen meets the police in a quarter"),
    "social_influence": ParamDef(F, UNIT, "per quarter", "pull of a citizen's trust toward the regional mean"),
    "media_influence": ParamDef(F, (0, 10), "", "trust moved by published misconduct and sanctions"),
    "reporting_base": ParamDef(F, UNIT, "probability", "crime reporting with no trust"),
    "reporting_trust_slope": ParamDef(F, UNIT, "probability", "extra crime reporting at full trust"),
    "complaint_propensity": ParamDef(F, UNIT, "probability", "chance a mistreated citizen complains"),
    "complaint_verification": ParamDef(F, UNIT, "share", "share of complaints a strong ombudsman can substantiate"),
    "fear_conformity": ParamDef(F, UNIT, "index", "how much fear makes people tell pollsters they trust"),
    "fear_base": ParamDef(F, UNIT, "index", "fear of the state in a quarter with no repression"),
    "protest_threshold": ParamDef(F, UNIT, "index", "net grievance above which a citizen protests"),
    "grievance_base": ParamDef(F, UNIT, "index", "socio-economic grievance"),
    "grievance_per_abuse": ParamDef(F, UNIT, "index", "grievance added by a bribe demand or abuse"),
    "public_demand": ParamDef(F, UNIT, "index", "popular demand for democratic policing"),
    "crisis_trust_shock": ParamDef(F, UNIT, "share", "share of trust lost in a region hit by a violent crisis"),
    "lethality": ParamDef(F, UNIT, "deaths per protester", "deaths per protester at full force"),
    # civil society
    "cso_count": ParamDef(INT, (0, 500), "organisations", "CSOs working on the police and security sector"),
    "cso_capacity": ParamDef(F, UNIT, "index", "their mean capacity and expertise"),
    "cso_donor_dependence": ParamDef(F, UNIT, "share", "share of their income from foreign donors"),
    "cso_burn_rate": ParamDef(F, (0, 10), "EUR million per quarter", "running cost of a CSO at full capacity"),
    "cso_birth_rate": ParamDef(F, (0, 10), "per quarter", "new CSOs a quarter with full civic space and funding"),
    "cso_learning_rate": ParamDef(F, UNIT, "per quarter", "capacity a funded CSO gains"),
    "cso_reserve_quarters": ParamDef(F, (0, 40), "quarters", "running costs a CSO holds at the start"),
    "cso_min_capacity": ParamDef(F, UNIT, "index", "capacity below which a CSO closes"),
    "campaign_organisation": ParamDef(
        F, (0.01, 100), "units of activity", "advocacy activity at which a campaign is 63% organised"
    ),
    "campaign_threshold": ParamDef(F, UNIT, "index", "campaign strength that forces a formal reform"),
    "petition_gain": ParamDef(F, UNIT, "index", "formal reform won by a successful campaign"),
    "survey_interval": ParamDef(INT, (1, 40), "quarters", "quarters between independent surveys"),
    "survey_sample": ParamDef(INT, (10, 100_000), "respondents", "respondents of an independent survey"),
    "survey_min_capacity": ParamDef(F, UNIT, "index", "CSO capacity needed to run a survey"),
    "cso_detection_effect": ParamDef(
        F, (0, 10), "per unit of activity per million", "misconduct CSO monitoring brings to light"
    ),
    "cso_reach": ParamDef(F, (0, 10), "per unit of activity per million", "share of citizens CSO outreach reaches"),
    "outreach_effect": ParamDef(F, UNIT, "per contact", "civic engagement added when outreach reaches a citizen"),
    "engagement_decay": ParamDef(F, UNIT, "per quarter", "fading of civic engagement"),
    # oversight
    "parliament_oversight": ParamDef(F, UNIT, "index", "parliament's oversight of the security sector"),
    "ombudsman_strength": ParamDef(F, UNIT, "index", "the ombudsman's powers and reach"),
    "monitoring_strength": ParamDef(F, UNIT, "index", "monitoring commissions in police stations"),
    "media_freedom": ParamDef(F, UNIT, "index", "freedom of the media to publish misconduct"),
    "oversight_strength": ParamDef(
        F, (0, 5), "multiplier", "lever: scales the formal powers of every oversight body together"
    ),
    "internal_detection": ParamDef(F, UNIT, "probability", "misconduct the ministry detects on its own"),
    "border_training_share": ParamDef(F, UNIT, "share", "share of border-management money spent on training guards"),
    # donors, all
    "funding_scale": ParamDef(F, (0, 20), "multiplier", "multiplies every donor's budget"),
    "conditionality_response": ParamDef(F, (0, 10), "", "how strongly withheld aid moves the regime to sanction"),
    "engagement_scale": ParamDef(
        F, (0.01, 100), "EUR million per quarter", "governance aid at which donor engagement is 63% of its full push"
    ),
    "aid_coordination": ParamDef(F, UNIT, "index", "coordination among donors before any strategy"),
    "duplication_loss": ParamDef(F, UNIT, "share", "money lost to duplication when donors do not coordinate"),
}

for _p, (_unit, _absorption, _effect, _decay) in MEANING.items():
    GLOBAL[f"{_p}_cost"] = ParamDef(F, (1e-6, 1e3), "EUR million per unit", f"{_p}: cost of {_unit}")
    GLOBAL[f"{_p}_absorption"] = ParamDef(F, (0, 1e7), "per quarter", f"{_p}: absorption limit, {_absorption}")
    GLOBAL[f"{_p}_effect"] = ParamDef(F, (0, 100), "", f"{_p}: {_effect}")
    GLOBAL[f"{_p}_lag"] = ParamDef(INT, (0, 40), "quarters", f"{_p}: quarters before it acts")
    GLOBAL[f"{_p}_decay"] = ParamDef(F, UNIT, "per quarter", f"{_p}: {_decay}")
    GLOBAL[f"{_p}_sensitivity"] = ParamDef(F, UNIT, "index", f"{_p}: how much it needs governance consent")

# equipment stocks start at the steady state of the state's own spending, which needs depreciation
GLOBAL["equipment_decay"] = ParamDef(F, (0.001, 0.99), "per quarter", GLOBAL["equipment_decay"].description)
# border assets stay with the border service or join the means of repression (equipment_decay)
del GLOBAL["border_management_decay"]

#: Fields of each region, named ``region_<id>_<field>``.
REGION_FIELDS: dict[str, ParamDef] = {
    # a region is somewhere people live: one under 1% belongs merged into a neighbour
    "population_share": ParamDef(
        F, (0.01, 1.0), "share", "the region's share of the population (the regions' add up to one)"
    ),
    "minority_share": ParamDef(F, UNIT, "share", "share of an ethnic minority in the region"),
    "repression_offset": ParamDef(F, (-1, 1), "index", "regional shift of repression propensity"),
    "ethnic_tension": ParamDef(F, UNIT, "index", "ethnic tension, which biases police conduct"),
    "grievance_offset": ParamDef(F, (-1, 1), "index", "regional shift of socio-economic grievance"),
    "corruption_offset": ParamDef(F, (-1, 1), "share", "regional shift of police corruption"),
    "cso_presence": ParamDef(F, UNIT, "share", "share of CSO activity in the region (the regions' add up to one)"),
}

#: Fields of each donor, named ``donor_<id>_<field>``; ``mix_<programme>`` is its default allocation.
DONOR_FIELDS: dict[str, ParamDef] = {
    "budget": ParamDef(F, (0, 1e4), "EUR million per year", "the donor's SSR-related budget for the country"),
    "strategic_interest": ParamDef(F, UNIT, "index", "security interests that weaken the donor's leverage"),
    "follows_strategy": ParamDef(
        B, None, "", "whether the strategy sets this donor's funding and mix (else it keeps its own)"
    ),
    "outcome_orientation": ParamDef(F, UNIT, "index", "0: reports activity counts; 1: reports real outcomes"),
}
for _p in PROGRAMMES:
    DONOR_FIELDS[f"mix_{_p}"] = ParamDef(
        F, UNIT, "share", f"share of the donor's budget for {_p} (a proportion of the mix)"
    )


def definition(name: str, regions: list[str], donors: list[str]) -> ParamDef | None:
    """The definition behind a flat name, given the scenario's region and donor ids."""
    if name in GLOBAL:
        return GLOBAL[name]
    for prefix, ids, fields in (("region_", regions, REGION_FIELDS), ("donor_", donors, DONOR_FIELDS)):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            for ident in sorted(ids, key=len, reverse=True):
                if rest.startswith(ident + "_") and rest[len(ident) + 1 :] in fields:
                    return fields[rest[len(ident) + 1 :]]
    return None
