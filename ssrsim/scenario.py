"""Country scenarios: TOML files that give every parameter a value, a plausible range and a source.

A scenario may ``extends`` another (the countries extend ``_base``, the historical variants extend
their country); tables merge key by key and a child's ``[[events]]`` replace its parent's. After the
merge every parameter of the schema must be present: nothing is silently defaulted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ssrsim import resources
from ssrsim.errors import InputError, did_you_mean, shorten
from ssrsim.fields import Number
from ssrsim.parameters import DONOR_FIELDS, GLOBAL, REGION_FIELDS, ParamDef, definition
from ssrsim.programmes import PROGRAMMES
from ssrsim.tomlfile import read_toml, validated

Value = bool | int | float

#: How many files deep an ``extends`` chain may go (the shipped ones are three deep).
MAX_EXTENDS = 16
#: The calendar years an event may carry: the start years a scenario allows, plus the longest horizon.
EVENT_YEARS = (1991.0, 2200.0)


def _number_or_switch(raw: Any) -> Any:
    """Refuse text and tables up front, so that the message says "a number or true/false" rather than
    pydantic's attempt at the union's first member ("Input should be a valid boolean")."""
    if isinstance(raw, bool | int | float):
        return raw
    raise ValueError(f"expected a number or true/false, not {shorten(repr(raw), 40)}")


#: A parameter value as a file or an experiment gives it, before its parameter's type is known.
InputValue = Annotated[Value, BeforeValidator(_number_or_switch)]

#: Assumptions never varied by sensitivity or robustness designs: the run's size and calendar, and
#: the survey's sample (which changes measurement noise only).
NOT_VARIED = frozenset({"n_citizens", "horizon", "start_year", "survey_sample", "min_officers_per_unit"})
#: Regional fields that are parts of a whole: a file's values add up to one over the country's regions,
#: and values that overrides or a design move are rescaled to add up to one (``Scenario.values``).
SHARES = ("population_share", "cso_presence")
#: How far a donor's programme shares vary, as multiples of their value. The sources name which
#: programmes each donor funds but give no shares ("shares assumed"), so each named share ranges from
#: half to one and a half times its value (at most 1); the donor reads its mix as proportions, so the
#: ranges move the mix while it still adds up to one. A programme no source records the donor funding
#: stays at zero.
MIX_SPREAD = (0.5, 1.5)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: How a value was obtained, where a scenario says so (see ``Parameter.provenance``).
Provenance = Literal["measured", "derived", "judged", "assumed"]


class Entry(_Strict):
    """One parameter as a scenario file states it."""

    value: InputValue
    range: tuple[Number, Number] | None = None
    source: str = Field(min_length=3)
    provenance: Provenance | None = None


EventKind = Literal[
    "leadership_change",
    "crisis",
    "law",
    "programme_start",
    "programme_end",
    "strategic_shift",
    "oversight",
    "constitution",
    "restriction",
    "media_expose",
    "securitisation",
    "attestation",
    "dismissal",
    "staff_cut",
    "pay",
    "minister_change",
]


class EventSpec(_Strict):
    """A dated event. Which optional fields an event uses depends on its kind (see events.py)."""

    year: Number = Field(ge=EVENT_YEARS[0], le=EVENT_YEARS[1], description="the calendar year it happens")
    kind: EventKind
    label: str = Field(min_length=1)
    source: str = Field(min_length=3)
    region: str | None = None
    severity: Number | None = Field(default=None, ge=0, le=1)
    will: Number | None = Field(default=None, ge=0, le=1)
    reversal: Number | None = Field(default=None, ge=0, le=1)
    gain: Number | None = Field(default=None, ge=0, le=1)
    donor: str | None = None
    programme: str | None = None
    body: Literal["parliament", "ombudsman", "monitoring_commission", "public_council", "media"] | None = None
    budget: Number | None = Field(default=None, ge=0, le=1e4)
    delta: Number | None = Field(default=None, ge=-1, le=1)
    branch: Literal["patrol", "criminal", "special"] | None = None
    share: Number | None = Field(default=None, ge=0, le=1)
    skill: Number | None = Field(default=None, ge=0, le=1)
    pay: Number | None = Field(default=None, ge=0, le=20)
    resistance: Number | None = Field(default=None, ge=0, le=1)


class ScenarioMeta(_Strict):
    title: str
    description: str = ""
    country: str
    extends: str | None = Field(default=None, min_length=1, max_length=resources.MAX_NAME)


class ScenarioFile(_Strict):
    scenario: ScenarioMeta
    parameters: dict[str, Entry] = {}
    regions: dict[str, dict[str, Entry]] = {}
    # a donor's fields are entries, except its ``mix``: _build checks each with its own message
    donors: dict[str, dict[str, dict[str, Any]]] = {}
    events: list[EventSpec] | None = None


#: How a source's opening word names the class of its value.
_PROVENANCE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("measured", "measured"),
    ("derived", "derived"),
    ("judged", "judged"),
    ("calibrated", "calibrated"),
    ("definition", "definition"),
    ("assumption", "assumed"),
)


@dataclass(frozen=True)
class Parameter:
    """A resolved parameter: value, plausible range, source and schema definition."""

    name: str
    value: Value
    range: tuple[float, float] | None
    source: str
    definition: ParamDef
    declared_provenance: Provenance | None = None

    @property
    def is_uncertain(self) -> bool:
        """Whether the value is uncertain enough to vary: everything but a definition or a number
        measured in a source (by its declared provenance, else by how its source opens)."""
        return self.provenance not in ("definition", "measured")

    @property
    def provenance(self) -> str:
        """The scenario's ``provenance`` key where it has one; else the class the source opens with
        ("measured:", "derived:", "judged:", "calibrated:", "definition:", "assumption:" gives
        "assumed"). Every shipped source opens with one (tests/test_provenance.py); "sourced" is left
        for a user's source that opens with a bare citation, and counts as uncertain."""
        if self.declared_provenance is not None:
            return self.declared_provenance
        opening = self.source.lstrip().lower()
        for prefix, kind in _PROVENANCE_PREFIXES:
            if opening.startswith(prefix):
                return kind
        return "sourced"


@dataclass(frozen=True)
class Scenario:
    """A fully merged scenario: every parameter, the region and donor ids, and dated events."""

    name: str
    title: str
    description: str
    country: str
    path: Path
    sources: tuple[Path, ...]  # the files it merges, the root of the ``extends`` chain first
    parameters: dict[str, Parameter]
    regions: tuple[str, ...]
    donors: tuple[str, ...]
    events: tuple[EventSpec, ...]

    @property
    def load_as(self) -> str:
        """What loads this scenario again: its name when it is a shipped scenario, else its path."""
        shipped = (resources.data_dir("scenarios") / f"{self.name}.toml").resolve()
        return self.name if shipped == self.path else str(self.path)

    def free_parameters(self) -> dict[str, tuple[float, float, type]]:
        """Parameters whose value no source measures, with the plausible range to explore them in.

        Name -> (low, high, kind). These are what sensitivity analyses and robustness designs vary:
        assumptions, values judged from a source's words and values calibrated by hand, regional shares
        and donors' programme shares among them (both are rescaled to add up to one where they are used).
        Definitions, measured values, switches, run settings and parameters without a range stay fixed.
        """
        free = {}
        for name, p in self.parameters.items():
            if not p.is_uncertain or name in NOT_VARIED or p.definition.kind is bool:
                continue
            if p.range is not None and p.range[0] < p.range[1]:
                free[name] = (p.range[0], p.range[1], p.definition.kind)
        return free

    def values(self, overrides: dict[str, Any] | None = None) -> dict[str, Value]:
        """Flat parameter values with ``overrides`` applied and checked against the schema. Regional
        shares are parts of a whole: where overrides leave a field's shares not adding up to one, each
        region's share is divided by their total (as a donor reads its programme mix)."""
        values = {name: p.value for name, p in self.parameters.items()}
        for name, raw in (overrides or {}).items():
            param = self.parameters.get(name)
            if param is None:
                raise InputError(
                    f"unknown parameter '{name}' for scenario '{self.name}'",
                    key=name,
                    hint=did_you_mean(name, self.parameters) or f"run 'ssrsim show {self.load_as}' to list them.",
                )
            # an override comes from the caller (--set, a keyword, a design), not from the scenario's file,
            # which passed these checks on its own when it was loaded
            values[name] = coerce(name, raw, param.definition, file=None, plausible=param.range)
        _rescale_shares(values, self.regions)
        _check_branches(values, None)
        self._check_start(values)
        return values

    def _check_start(self, values: dict[str, Value]) -> None:
        """A start year moved past dated events would leave them in the past: refuse it."""
        start = float(values["start_year"])
        early = [event for event in self.events if event.year < start]
        if early:
            raise InputError(
                f"start_year {start:g} lies after {len(early)} of the scenario's dated events "
                f"(the first: '{early[0].label}', {early[0].year:g})",
                file=self.path,
                key="start_year",
                allowed=f"at most {min(event.year for event in self.events):g}",
                hint="keep the start year, or write a scenario that extends this one with its own 'events' list.",
            )


def coerce(
    name: str, raw: Any, pdef: ParamDef, *, file: Path | str | None, plausible: tuple[float, float] | None = None
) -> Value:
    """``raw`` converted to the parameter's type and checked against its hard bounds."""
    hint = f"the scenario's plausible range is [{plausible[0]:g}, {plausible[1]:g}]." if plausible else None
    if isinstance(raw, str) and not raw.isascii():
        raise InputError(
            f"'{name}' must be written with the digits 0-9, not {shorten(raw, 40)!r}",
            file=file,
            key=name,
            allowed=pdef.allowed(),
            hint="type the value with ASCII digits and a '.' for decimals, e.g. 0.5.",
        )
    if pdef.kind is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str) and raw.strip().lower() in {"true", "false", "0", "1"}:
            return raw.strip().lower() in {"true", "1"}
        raise InputError(
            f"'{name}' must be true or false, not {shorten(repr(raw), 40)}", file=file, key=name, allowed=pdef.allowed()
        )
    shown = shorten(repr(raw), 40)
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):
        raise InputError(
            f"'{name}' must be a number, not {shown}", file=file, key=name, allowed=pdef.allowed(), hint=hint
        ) from None
    if number != number or isinstance(raw, bool):
        raise InputError(f"'{name}' must be a number, not {shown}", file=file, key=name, allowed=pdef.allowed())
    lo, hi = pdef.bounds  # type: ignore[misc]
    if not lo <= number <= hi:
        raise InputError(
            f"value {shown} for '{name}' is out of range", file=file, key=name, allowed=pdef.allowed(), hint=hint
        )
    if pdef.kind is int:
        if number != int(number):
            raise InputError(f"'{name}' must be a whole number, not {shown}", file=file, key=name)
        return int(number)
    return number


#: How far a file's regional shares may miss one (rounding in the file), and how far shares must miss
#: it before ``Scenario.values`` rescales them, so that a file's own values reach the model unchanged.
SHARE_TOLERANCE = 1e-6


def _check_shares(values: dict[str, Value], regions: tuple[str, ...], path: Path) -> None:
    """A scenario file's own shares must add up to one: a file that misses is a typing error."""
    for field in SHARES:
        total = sum(float(values[f"region_{r}_{field}"]) for r in regions)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise InputError(
                f"the regions' {field} values sum to {total:g}, not 1",
                file=path,
                key=", ".join(f"region_{r}_{field}" for r in regions),
                hint="change the shares together so that they add up to 1.",
            )
    _check_branches(values, path)


def _rescale_shares(values: dict[str, Value], regions: tuple[str, ...]) -> None:
    """Shares that overrides or a design moved, divided by their total so that they add up to one."""
    for field in SHARES:
        names = [f"region_{r}_{field}" for r in regions]
        total = sum(float(values[n]) for n in names)
        if total <= 0:
            raise InputError(
                f"the regions' {field} values are all zero",
                key=", ".join(names),
                hint="give at least one region a share above zero.",
            )
        if abs(total - 1.0) > SHARE_TOLERANCE:
            for n in names:
                values[n] = float(values[n]) / total


def _check_branches(values: dict[str, Value], path: Path | None) -> None:
    if float(values["patrol_share"]) + float(values["special_share"]) >= 1.0:
        raise InputError(
            f"patrol_share ({values['patrol_share']:g}) and special_share ({values['special_share']:g}) leave no "
            "criminal police",
            file=path,
            key="patrol_share, special_share",
            allowed="shares that add up to less than 1",
            hint="lower one of them: the criminal police are the rest of the force.",
        )


#: Loaded scenarios by path, with the stamps of every file of their ``extends`` chain when read.
_LOADED: dict[Path, tuple[tuple[tuple[int, int], ...], Scenario]] = {}


def _stamps(files: tuple[Path, ...]) -> tuple[tuple[int, int], ...]:
    stats = [file.stat() for file in files]
    return tuple((stat.st_mtime_ns, stat.st_size) for stat in stats)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A shipped scenario by name, or a scenario TOML file by path, merged and validated.

    Scenarios are cached, and read again when any file of their ``extends`` chain changes, so a
    long-lived process (the app, a notebook) sees an edit to a parent file.
    """
    if isinstance(name_or_path, Scenario):
        return name_or_path
    path = resources.resolve(name_or_path, "scenarios").resolve()
    cached = _LOADED.get(path)
    if cached is not None:
        stamps, scenario = cached
        try:
            if _stamps(scenario.sources) == stamps:
                return scenario
        except FileNotFoundError:
            pass  # a parent went away: reading again reports it
    merged, chain = _merge_chain(path, seen=())
    scenario = _build(path, merged, chain)
    _LOADED[path] = (_stamps(chain), scenario)
    return scenario


def _merge_chain(path: Path, seen: tuple[Path, ...]) -> tuple[dict[str, Any], tuple[Path, ...]]:
    if path in seen:
        raise InputError("scenarios extend each other in a circle", file=path, key="scenario.extends")
    if len(seen) >= MAX_EXTENDS:
        raise InputError(
            f"the chain of scenarios that extend each other is more than {MAX_EXTENDS} files long",
            file=path,
            key="scenario.extends",
            allowed=f"at most {MAX_EXTENDS} files",
            hint="extend a country scenario directly rather than a long chain of variants.",
        )
    data = validated(ScenarioFile, read_toml(path), file=path)
    parent = data.scenario.extends
    if parent is None:
        base: dict[str, Any] = {"parameters": {}, "regions": {}, "donors": {}, "events": []}
        chain: tuple[Path, ...] = ()
    else:
        parent_path = _resolve_parent(parent, path)
        base, chain = _merge_chain(parent_path, (*seen, path))
    for name, entry in data.parameters.items():
        base["parameters"][name] = (entry, path)
    for table in ("regions", "donors"):
        for ident, fields in getattr(data, table).items():
            target = base[table].setdefault(ident, {})
            for field, entry in fields.items():
                target[field] = (entry, path)
    if data.events is not None:
        base["events"] = [(event, path) for event in data.events]
    base["meta"] = data.scenario
    return base, (*chain, path)


def _resolve_parent(parent: str, child: Path) -> Path:
    local = child.parent / (parent if parent.endswith(".toml") else f"{parent}.toml")
    try:
        if local.is_file():
            return local.resolve()
        return resources.resolve(parent, "scenarios").resolve()
    except (InputError, OSError):
        shipped = resources.available("scenarios")
        raise InputError(
            f"the parent scenario '{shorten(parent)}' does not exist",
            file=child,
            key="scenario.extends",
            allowed=f"a shipped scenario ({', '.join(shipped)}) or a TOML file, by its path from this file's folder",
            hint=did_you_mean(Path(parent).stem, shipped),
        ) from None


def _build(path: Path, merged: dict[str, Any], chain: tuple[Path, ...]) -> Scenario:
    meta: ScenarioMeta = merged["meta"]
    regions = tuple(merged["regions"])
    donors = tuple(merged["donors"])
    params: dict[str, Parameter] = {}

    def add(name: str, entry: Entry, file: Path) -> None:
        pdef = definition(name, list(regions), list(donors))
        if pdef is None:
            known = [*GLOBAL, *(f"region_{r}_{f}" for r in regions for f in REGION_FIELDS)]
            raise InputError(f"unknown parameter '{name}'", file=file, key=name, hint=did_you_mean(name, known))
        value = coerce(name, entry.value, pdef, file=file)
        if entry.range is not None:
            lo, hi = entry.range
            for bound in (lo, hi):
                coerce(name, bound, pdef, file=file)
            if not lo <= float(value) <= hi:
                raise InputError(
                    f"value {value!r} for '{name}' lies outside its stated range [{lo:g}, {hi:g}]",
                    file=file,
                    key=name,
                    hint="widen the range or correct the value.",
                )
        params[name] = Parameter(name, value, entry.range, entry.source.strip(), pdef, entry.provenance)

    for name, (entry, file) in merged["parameters"].items():
        if name.startswith(("region_", "donor_")):
            raise InputError(
                f"'{name}' belongs in a [regions.*] or [donors.*] table", file=file, key=f"parameters.{name}"
            )
        add(name, entry, file)
    for region, fields in merged["regions"].items():
        for field, (entry, file) in fields.items():
            if not isinstance(entry, Entry):
                raise InputError("a region field must be {value, range, source}", file=file, key=field)
            add(f"region_{region}_{field}", entry, file)
    for donor, fields in merged["donors"].items():
        for field, (entry, file) in fields.items():
            if field == "mix":
                _add_mix(donor, entry, file, add)
            else:
                checked = validated(Entry, entry, file=file, prefix=f"donors.{donor}.{field}")
                add(f"donor_{donor}_{field}", checked, file)

    expected = [*GLOBAL]
    expected += [f"region_{r}_{f}" for r in regions for f in REGION_FIELDS]
    expected += [f"donor_{d}_{f}" for d in donors for f in DONOR_FIELDS]
    missing = [name for name in expected if name not in params]
    if missing:
        raise InputError(
            f"the scenario does not set {len(missing)} parameter(s): {', '.join(missing[:8])}"
            + ("..." if len(missing) > 8 else ""),
            file=path,
            hint="every parameter needs a value and a source, in this file or one it extends ("
            + " <- ".join(p.name for p in chain)
            + ").",
        )
    if not regions:
        raise InputError("the scenario defines no region", file=path, key="regions", hint="add a [regions.<id>] table.")
    values = {name: p.value for name, p in params.items()}
    _check_shares(values, regions, path)
    events = tuple(_checked_event(ev, file, regions, donors, values) for ev, file in merged["events"])
    return Scenario(
        name=path.stem,
        title=meta.title,
        description=meta.description,
        country=meta.country,
        path=path,
        sources=chain,
        parameters=params,
        regions=regions,
        donors=donors,
        events=tuple(sorted(events, key=lambda e: e.year)),
    )


def _add_mix(donor: str, entry: Any, file: Path, add: Any) -> None:
    key = f"donors.{donor}.mix"
    if not isinstance(entry, dict) or "source" not in entry:
        raise InputError(
            "a donor's mix is a table of programme shares with a 'source'",
            file=file,
            key=key,
            hint='write mix = { source = "...", equipment = 0.2, training = 0.3, ... }.',
        )
    source = entry["source"]
    if not isinstance(source, str) or len(source.strip()) < 3:
        raise InputError("a donor's mix needs a 'source' text of at least 3 characters", file=file, key=f"{key}.source")
    unknown = [k for k in entry if k != "source" and k not in PROGRAMMES]
    if unknown:
        raise InputError(
            f"unknown programme '{unknown[0]}' in a donor's mix",
            file=file,
            key=key,
            allowed=", ".join(PROGRAMMES),
            hint=did_you_mean(unknown[0], PROGRAMMES),
        )
    for programme in PROGRAMMES:
        share = entry.get(programme, 0.0)
        if isinstance(share, bool) or not isinstance(share, int | float):
            raise InputError(
                f"the share of '{programme}' must be a number, not {shorten(repr(share), 40)}",
                file=file,
                key=f"{key}.{programme}",
                allowed="a number in [0, 1]",
            )
        spread = (share * MIX_SPREAD[0], min(1.0, share * MIX_SPREAD[1])) if share > 0 else None
        add(f"donor_{donor}_mix_{programme}", Entry(value=share, range=spread, source=source), file)


def _checked_event(
    event: EventSpec, file: Path, regions: tuple[str, ...], donors: tuple[str, ...], values: dict[str, Value]
) -> EventSpec:
    key = f"events[{event.label}]"
    if event.region is not None and event.region not in regions:
        raise InputError(
            f"event refers to unknown region '{event.region}'", file=file, key=key, allowed=", ".join(regions)
        )
    if event.programme is not None and event.programme not in PROGRAMMES:
        raise InputError(
            f"event refers to unknown programme '{event.programme}'",
            file=file,
            key=key,
            allowed=", ".join(PROGRAMMES),
            hint=did_you_mean(event.programme, PROGRAMMES),
        )
    if event.donor is not None and event.donor not in donors:
        raise InputError(
            f"event refers to unknown donor '{event.donor}'", file=file, key=key, allowed=", ".join(donors)
        )
    needs = {
        "crisis": ("severity",),
        "law": ("gain",),
        "programme_start": ("donor", "budget"),
        "programme_end": ("donor", "budget"),
        "strategic_shift": ("delta",),
        "oversight": ("body", "gain"),
        "constitution": ("gain", "delta"),
        "restriction": ("delta",),
        "media_expose": ("severity",),
        "securitisation": ("severity",),
        "attestation": ("share",),
        "dismissal": ("share",),
        "staff_cut": ("share",),
        "pay": ("pay",),
        "minister_change": ("resistance",),
    }.get(event.kind, ())
    for field in needs:
        if getattr(event, field) is None:
            raise InputError(f"a '{event.kind}' event needs '{field}'", file=file, key=key)
    if event.year < float(values["start_year"]):
        raise InputError(
            f"event dated {event.year:g} lies before the scenario's start year {values['start_year']:g}",
            file=file,
            key=key,
            hint="drop the event or start the scenario earlier.",
        )
    return event
