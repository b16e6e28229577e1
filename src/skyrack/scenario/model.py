"""Scenario files: TOML in, a validated :class:`Scenario` in SI units out.

Quantities are written with units (``altitude = "650 km"``) and parsed once here with pint; the
validated model holds SI floats under names that carry the unit (``orbit.altitude_m``), while the
file keeps the short names (``altitude``). Plain numbers are for dimensionless values.

Every problem is reported as :class:`~skyrack.errors.SkyrackInputErrors`: one line per problem
naming the dotted field, the value and what would be valid.
"""

from __future__ import annotations

import copy
import difflib
import math
import re
import tomllib
import warnings
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from skyrack import units as u
from skyrack.catalog import Catalog, default_catalog
from skyrack.errors import SkyrackInputError, SkyrackInputErrors, SkyrackWarning, shorten
from skyrack.scenario.operations import (
    TEMPERATURE_DIFFERENCE,
    THERMAL_CONDUCTIVITY,
    THERMAL_RESISTANCE,
    Network,
    RadiationSettings,
    SimulationSettings,
    TemperatureDifference,
    ThermalConductivity,
    ThermalResistance,
    Workload,
)
from skyrack.scenario.quantity import (
    Angle,
    Area,
    ArealDensity,
    Duration,
    Fraction,
    Irradiance,
    Length,
    Mass,
    MassPerEnergy,
    OpenFraction,
    Power,
    PricePerEnergy,
    PricePerMass,
    QuantityOf,
    Section,
    SpecificEnergy,
    Temperature,
    VolumePerEnergy,
    at_most,
    quantity_field,
)
from skyrack.scenario.uncertainty import Uncertainty, check_uncertainty

if TYPE_CHECKING:
    from skyrack.astro.tle import SatelliteCatalog


class _Section(Section):
    pass


_LTAN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _parse_ltan(value: object) -> float:
    if isinstance(value, str) and (m := _LTAN.match(value.strip())):
        return int(m.group(1)) + int(m.group(2)) / 60.0
    raise PydanticCustomError("ltan", "expected a local time 'HH:MM' such as '18:00' (dawn-dusk) or '10:30'")


LocalTimeHours = Annotated[
    float,
    BeforeValidator(_parse_ltan),
    WithJsonSchema({"type": "string", "pattern": _LTAN.pattern, "description": "local time 'HH:MM'"}),
]


# Input bounds (issue #12): what a job may ask for before the budget check sizes it. They are far above any
# real case and below what would exhaust the machine before that check runs.
MAX_SATELLITES: Final = 1_000_000  # 24× the ~42,000 Starlink satellites SpaceX filed for (FCC/ITU, 2019)
MAX_PERIOD_S: Final = 100 * 365.25 * 86400.0  # a century: beyond every design life and depreciation life
MIN_STEP_S: Final = 1.0  # the loop's physics (thermal, battery) is resolved at seconds, not below
MAX_STEP_S: Final = 86400.0  # one day: coarser steps skip whole orbits (~100 min) and every eclipse
MAX_RECORDED: Final = 1_000


def _at_most(limit_s: float, what: str) -> Any:
    def check(value: float) -> float:
        if value > limit_s:
            raise PydanticCustomError(
                "too_long", "{what} of at most {n} years", {"what": what, "n": f"{limit_s / 31557600:g}"}
            )
        return value

    return AfterValidator(check)


# the design surveys the Sun and eclipse geometry hour by hour over the life (chain.design.MAX_SURVEY_S)
MAX_DESIGN_LIFE_S: Final = 50 * 365.25 * 86400.0
MIN_LIFE_S: Final = 30 * 86400.0  # a month: the cost model's periods and the mission survey need at least that


def _at_least(limit_s: float, what: str) -> Any:
    def check(value: float) -> float:
        if value < limit_s:
            raise PydanticCustomError(
                "too_short", "{what} of at least {n} days", {"what": what, "n": f"{limit_s / 86400:g}"}
            )
        return value

    return AfterValidator(check)


def _step_in_range(value: float) -> float:
    if not MIN_STEP_S <= value <= MAX_STEP_S:
        raise PydanticCustomError(
            "step", "a step from {lo} s to {hi} s (one day)", {"lo": f"{MIN_STEP_S:g}", "hi": f"{MAX_STEP_S:g}"}
        )
    return value


def _divisors(n: int) -> list[int]:
    """The divisors of ``n`` in order, from its factor pairs (√n work, not n)."""
    small = [d for d in range(1, math.isqrt(n) + 1) if n % d == 0]
    return small + [n // d for d in reversed(small) if d * d != n]


class ScenarioInfo(_Section):
    """``[scenario]``: name, time span and random seed."""

    name: str = Field(min_length=1, description="A short name for the scenario.")
    description: str = Field(default="", description="Free text.")
    start: datetime = Field(description="UTC epoch of the simulation, e.g. 2030-03-20T00:00:00Z.")
    duration_s: Annotated[Duration, _at_most(MAX_PERIOD_S, "a period")] = Field(
        alias="duration", description="Length of the period studied, e.g. '365 d' (at most 100 years)."
    )
    step_s: Annotated[Duration, AfterValidator(_step_in_range)] = quantity_field(
        "60 s", u.TIME, alias="step", description="Simulation time step, 1 s to 1 d."
    )
    seed: int = Field(default=0, ge=0, description="Seed of every random process (faults).")

    @field_validator("start")
    @classmethod
    def _utc(cls, start: datetime) -> datetime:
        if start.tzinfo is None:
            raise PydanticCustomError("naive_datetime", "needs a time zone, e.g. 2030-03-20T00:00:00Z (UTC)")
        return start.astimezone(UTC)

    @model_validator(mode="after")
    def _step(self) -> ScenarioInfo:
        if self.step_s > self.duration_s:
            raise PydanticCustomError("step", "step must not be longer than duration")
        return self


def _field_error(field: str, value: object, message: str) -> PydanticCustomError:
    """A validation error about ``field`` (dotted, relative to the model raising it); see :func:`_messages`."""
    return PydanticCustomError("skyrack_field", "{message}", {"message": message, "field": field, "value": value})


@lru_cache(maxsize=16)
def _load_satellites_cached(path: str, mtime_ns: int, size: int) -> SatelliteCatalog:
    del mtime_ns, size  # cache key only: a changed file is read again
    from skyrack.astro.tle import load_satellites  # sgp4 and the astro kernels load with the first TLE file

    return load_satellites(path, source="orbit.file")


def load_tle_satellites(path: str | Path) -> SatelliteCatalog:
    """The satellites of a TLE / 3LE / OMM file, read once per file version (cached on path, mtime and size).

    Raises
    ------
    SkyrackInputError
        The file is missing, unreadable or malformed (the message names the file and the entry).
    """
    file = Path(path)
    try:
        stat = file.stat()
        resolved = str(file.resolve())
    except (OSError, RuntimeError) as exc:  # too long a name, a loop of links, an unknown ~user
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SkyrackInputError(shorten(str(path)), None, f"a readable file ({reason})") from None
    cat = _load_satellites_cached(resolved, stat.st_mtime_ns, stat.st_size)
    for name, sat in zip(cat.names, cat.satrecs, strict=True):
        # sgp4's parser accepts some garbage lines without raising; its initialisation then flags an error
        # (Vallado et al. 2006: 1 eccentricity, 2 mean motion, 4 semi-latus rectum out of range)
        if sat.error != 0 or not sat.no_kozai > 0.0 or not 0.0 <= sat.ecco < 1.0:
            raise SkyrackInputError(
                str(path),
                name,
                f"an element set SGP4 can initialise (error {sat.error}: mean motion {sat.no_kozai:g} rad/min, "
                f"eccentricity {sat.ecco:g})",
            )
    return type(cat)(list(cat.names), list(cat.satrecs))  # a copy: callers may not change the cache


def _flatten_optional_schema(schema: dict[str, Any]) -> None:
    """Show an optional quantity as the quantity itself (a string with units) in the JSON schema."""
    branches = [b for b in schema.pop("anyOf", []) if isinstance(b, dict) and b.get("type") != "null"]
    if len(branches) == 1:
        schema.update({k: v for k, v in branches[0].items() if k not in schema})


# Physical range of altitudes scanned by `skyrack breakeven` [m]: the trapped-dose table's 300-2,000 km, which is
# where drag makes holding an orbit costly (below ~300 km a satellite without propulsion decays within weeks) up
# to the top of the LEO protected region (IADC Space Debris Mitigation Guidelines, IADC-02-01 rev. 3, 2021, §3.3.2).
ALTITUDE_SCAN_M: Final = (300e3, 2000e3)


def _altitude_schema(schema: dict[str, Any]) -> None:
    _flatten_optional_schema(schema)
    schema["x-scan"] = list(ALTITUDE_SCAN_M)


_WALKER_KEYS: Final = ("total", "planes", "phasing", "pattern")


class Orbit(_Section):
    """``[orbit]``: the orbit of the fleet."""

    kind: Literal["sso", "circular", "walker", "tle"] = Field(
        description="'sso' (sun-synchronous, inclination derived from J2), 'circular' (inclination given), "
        "'walker' (a Walker delta or star constellation i: T/P/F) or 'tle' (real satellites from a TLE / OMM file)."
    )
    altitude_m: Length | None = Field(
        default=None,
        alias="altitude",
        json_schema_extra=_altitude_schema,
        description="Altitude above the equatorial radius (required for sso, circular, walker; a tle orbit takes "
        "it from the element sets).",
    )
    ltan_h: LocalTimeHours | None = Field(
        default=None,
        alias="ltan",
        description="Local time of the ascending node at start, '18:00' = dawn-dusk (sso; optional for circular "
        "and walker, first plane).",
    )
    inclination_rad: Angle | None = Field(
        default=None, alias="inclination", description="Inclination (circular, walker), e.g. '53 deg'."
    )
    raan_rad: Angle | None = Field(
        default=None,
        alias="raan",
        description="Right ascension of the ascending node at start (circular; walker: of the first plane; "
        "default 0 or from ltan).",
    )
    total: int | None = Field(default=None, ge=1, le=MAX_SATELLITES, description="walker: number of satellites T.")
    planes: int | None = Field(
        default=None,
        ge=1,
        le=MAX_SATELLITES,
        description="walker: number of equally spaced orbit planes P; must divide total.",
    )
    phasing: int | None = Field(
        default=None,
        ge=0,
        description="walker: phasing factor F, 0 ≤ F < planes (adjacent planes' satellites are 360°·F/T apart).",
    )
    pattern: Literal["delta", "star"] | None = Field(
        default=None,
        description="walker: 'delta' (planes over 360° of RAAN; the default) or 'star' (over 180°, near-polar).",
    )
    file: Path | None = Field(
        default=None,
        description="tle: TLE / 3LE / OMM (JSON, XML or CSV) file of the satellites, relative to the scenario file.",
    )
    cluster_radius_m: (
        Annotated[Length, at_most(100e3, "100 km", "far wider than a formation whose links close")] | None
    ) = Field(
        default=None,
        alias="cluster_radius",
        description="Radius of a close formation (Suncatcher: 1 km); its formation keeping adds < 3 m/s a year per "
        "km to the Δv budget (Suncatcher §2.2, once the cluster's axis ratio is trimmed). None: no formation.",
    )

    @property
    def walker_pattern(self) -> Literal["delta", "star"]:
        """The Walker pattern, 'delta' when not given."""
        return self.pattern or "delta"

    @model_validator(mode="after")
    def _kind_fields(self) -> Orbit:
        kind = self.kind
        if kind != "walker":
            for key in _WALKER_KEYS:
                if getattr(self, key) is not None:
                    raise _field_error(
                        key, getattr(self, key), f"only a walker orbit takes {key}; remove it or use kind = 'walker'"
                    )
        if kind != "tle" and self.file is not None:
            raise _field_error("file", str(self.file), "only a tle orbit takes a file; remove it or use kind = 'tle'")
        if kind == "tle":
            return self._check_tle()
        if self.altitude_m is None:
            raise _field_error("altitude", None, f"missing; a {kind} orbit needs altitude, e.g. altitude = '550 km'")
        if kind == "sso":
            if self.ltan_h is None:
                raise _field_error("ltan", None, "missing; an sso orbit needs ltan, e.g. ltan = '18:00'")
            if self.inclination_rad is not None:
                raise _field_error(
                    "inclination",
                    None,
                    "an sso orbit derives its inclination; remove inclination or use kind = 'circular'",
                )
            if self.raan_rad is not None:
                raise _field_error("raan", None, "an sso orbit takes its node from ltan; remove raan")
            return self
        name = "a circular" if kind == "circular" else "a walker"
        if self.inclination_rad is None:
            raise _field_error("inclination", None, f"missing; {name} orbit needs inclination, e.g. '53 deg'")
        if not 0.0 <= self.inclination_rad <= math.pi:
            raise _field_error(
                "inclination",
                f"{math.degrees(self.inclination_rad):g} deg",
                "inclination must be between 0 and 180 deg",
            )
        if self.ltan_h is not None and self.raan_rad is not None:
            raise _field_error("raan", None, f"give either ltan or raan for {name} orbit, not both")
        if kind == "walker":
            self._check_walker()
        return self

    def _check_walker(self) -> None:
        examples = {"total": "total = 24", "planes": "planes = 3", "phasing": "phasing = 1"}
        for key, example in examples.items():
            if getattr(self, key) is None:
                raise _field_error(
                    key, None, f"missing; a walker orbit i: T/P/F needs total, planes and phasing, e.g. {example}"
                )
        total, planes, phasing = self.total, self.planes, self.phasing
        assert total is not None and planes is not None and phasing is not None
        if total % planes:
            divisors = ", ".join(str(d) for d in _divisors(total))
            raise _field_error(
                "planes",
                planes,
                f"the number of planes must divide orbit.total = {total} (equal planes); valid: {divisors}",
            )
        if not phasing < planes:
            raise _field_error(
                "phasing", phasing, f"the phasing factor F must be between 0 and planes - 1 = {planes - 1}"
            )

    def _check_tle(self) -> Orbit:
        for key, value in (
            ("altitude", self.altitude_m),
            ("inclination", self.inclination_rad),
            ("raan", self.raan_rad),
            ("ltan", self.ltan_h),
        ):
            if value is not None:
                raise _field_error(
                    key, None, f"a tle orbit takes its {key} from the element sets in orbit.file; remove {key}"
                )
        if self.file is None:
            raise _field_error(
                "file", None, "missing; a tle orbit needs file, a TLE / 3LE / OMM file, e.g. file = 'fleet.tle'"
            )
        shown = str(self.file)  # SkyrackInputError shortens it
        try:
            exists = self.file.is_file()
        except OSError:  # a name longer than the system allows
            exists = False
        if not exists:
            raise _field_error("file", shown, "no such file (a relative path is relative to the scenario file)")
        try:
            load_tle_satellites(self.file)
        except SkyrackInputError as exc:
            raise _field_error("file", shown, f"not a valid TLE, 3LE or OMM (JSON, XML, CSV) file: {exc}") from None
        except ValueError as exc:
            raise _field_error("file", shown, f"not a valid TLE, 3LE or OMM (JSON, XML, CSV) file: {exc}") from None
        return self

    def tle_satellites(self) -> SatelliteCatalog:
        """The satellites of ``file`` (kind 'tle'), all of them, in file order."""
        if self.file is None:
            raise SkyrackInputError("orbit.file", None, "only a tle orbit has a satellite file")
        return load_tle_satellites(self.file)


def _positive_count_schema(schema: dict[str, Any]) -> None:
    schema.pop("default", None)
    schema["minimum"] = 1
    schema["maximum"] = MAX_SATELLITES


class Fleet(_Section):
    """``[fleet]``: how many satellites."""

    # The default 0 stands for "not given" (a value written in the file must be ≥ 1): Scenario validation
    # replaces it with the number of satellites of a walker or tle orbit and rejects it for sso and circular
    # orbits, so a validated Scenario always holds ≥ 1.
    satellites: int = Field(
        default=0,
        json_schema_extra=_positive_count_schema,
        description="Number of compute satellites: required for sso and circular orbits; for walker it may be "
        "omitted (= total) and if given must equal total; for tle it may be omitted (= all satellites in the file) "
        "or fly the first N.",
    )
    ground_stations: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="Ground stations built to operate a fleet that sends nothing down (network.downlink and "
        "network.fallback 'none'), costed from the catalog; default 1. With downlink terminals the orbit pays for "
        "network.stations instead.",
    )
    sparing: Literal["replace", "in-orbit"] = Field(
        default="replace",
        description="Sparing policy, one per scenario: 'replace' launches a new satellite for each failure (no "
        "spares); 'in-orbit' carries dark spares from the start, as many as the failures expected over the design "
        "life (catalog annual_failure_rate), and launches no replacements.",
    )

    @field_validator("satellites")
    @classmethod
    def _at_least_one(cls, value: int) -> int:
        if value < 1:
            raise PydanticCustomError("greater_than_equal", "must be greater than or equal to 1")
        if value > MAX_SATELLITES:
            raise PydanticCustomError("less_than_equal", "at most {n} satellites", {"n": f"{MAX_SATELLITES:,}"})
        return value


class SatellitePower(_Section):
    """``[satellite.power]``: solar array and battery."""

    cell: str | None = Field(
        default=None,
        description="Solar cell catalog name (e.g. 'modern-silicon', 'spectrolab-xtj-prime'): its efficiency, "
        "temperature coefficient, absorptivity and emissivity are the defaults of the keys that set them.",
    )
    cell_efficiency: OpenFraction | None = Field(
        default=None, description="Cell efficiency at beginning of life (AM0); default: the cell's catalog value."
    )
    packing_factor: OpenFraction = Field(default=0.9, description="Cell area / array area.")
    degradation_per_year: Fraction = Field(default=0.005, description="Fraction of array power lost per year.")
    array_areal_density_kg_per_m2: ArealDensity = Field(alias="array_areal_density", description="Array mass per m².")
    battery_specific_energy_j_per_kg: SpecificEnergy = Field(
        alias="battery_specific_energy", description="Battery energy per kg (160 W h/kg: Saft VES180 cell)."
    )
    depth_of_discharge: OpenFraction = Field(default=0.3, description="Allowed battery depth of discharge.")
    # Path efficiencies from the array to the loads, peak-power-tracking architecture:
    # X_e = 0.60 (via battery, eclipse) and X_d = 0.80 (direct, daylight); Wertz & Larson, SMAD 3rd ed.
    # (1999), §11.4, Eq. 11-5 (0.65/0.85 for direct energy transfer).
    eclipse_path_efficiency: OpenFraction = Field(
        default=0.60, description="Array-to-load efficiency through the battery, X_e (SMAD 1999, Eq. 11-5)."
    )
    daylight_path_efficiency: OpenFraction = Field(
        default=0.80, description="Array-to-load efficiency in sunlight, X_d (SMAD 1999, Eq. 11-5)."
    )
    # Battery-to-load transmission efficiency n ≈ 0.9; SMAD 3rd ed. (1999), Eq. 11-6.
    battery_discharge_efficiency: OpenFraction = Field(
        default=0.9, description="Battery-to-load transmission efficiency n (SMAD 1999, Eq. 11-6)."
    )
    eclipse_load_fraction: Fraction = Field(
        default=1.0, description="Share of the daylight load kept running through eclipse (1 = all compute)."
    )
    # Largest array flown: the ISS, eight wings of about 2,500 m^2 in all (NASA, ISS Facts and Figures, 2023).
    max_array_area_m2: Area = quantity_field(
        "2500 m^2", u.AREA, alias="max_array_area", description="Largest array area considered buildable."
    )

    @model_validator(mode="after")
    def _needs_efficiency(self) -> SatellitePower:
        if self.cell is None and self.cell_efficiency is None:
            raise _field_error(
                "cell_efficiency", None, "missing; give it (e.g. 0.22), or a catalog cell, e.g. cell = 'modern-silicon'"
            )
        return self


class SatelliteThermal(_Section):
    """``[satellite.thermal]``: radiator and its environment."""

    radiator_temperature_k: (
        Annotated[
            Temperature,
            at_most(600.0, "600 K", "hotter than any electronics it cools can run: chips throttle near 360 K"),
        ]
        | None
    ) = Field(
        default=None,
        alias="radiator_temperature",
        description="Mean radiator surface temperature, as an override; default: the highest the heat path allows "
        "with the junction and the HBM at their limits (design reports which binds).",
    )
    # GB200-class cold plates keep the chip within 30-40 K of its coolant at ~1 kW, i.e. < 0.03 K/W (Kenfa Tech
    # design note, 2025; the bound taken as the value).
    cold_plate_resistance_k_per_w: ThermalResistance = quantity_field(
        "0.03 K/W",
        THERMAL_RESISTANCE,
        alias="cold_plate_resistance",
        description="Junction to coolant, per accelerator (die, thermal interface and cold plate).",
    )
    # NVIDIA's 45 degC liquid-cooling reference design: coolant in at up to 45 degC, out near 55 degC (NVIDIA blog,
    # June 2026, via secondary write-ups).
    loop: Literal["single-phase", "two-phase"] = Field(
        default="single-phase",
        description="Pumped coolant loop: 'single-phase' (liquid; the ISS's external ammonia loops) or 'two-phase' "
        "(the coolant boils in the cold plates and condenses in the radiator: nearly isothermal, a small flow).",
    )
    # Single phase: NVIDIA's 45 degC liquid-cooling reference design, coolant in at up to 45 degC, out near 55 degC
    # (NVIDIA blog, June 2026, via secondary write-ups). Two phase: a JPL pump-assisted two-phase loop held its
    # evaporator within 3 degC up to 325 W (ICES 2019, abstract).
    coolant_temperature_rise_k: TemperatureDifference | None = Field(
        default=None,
        alias="coolant_temperature_rise",
        description="Coolant temperature rise across the cold plates (and its fall across the radiator); for a "
        "two-phase loop, the spread of its saturation temperature. Default: 10 K single-phase, 3 K two-phase.",
    )
    # ISS photovoltaic thermal control system: its pump unit draws 275 W (Boeing/NASA "ATCS Overview", 2006, via a
    # secondary summary) for 1,170 kg/h of ammonia (Motil & Santen, SAE 932150, 1993): 846 J per kg circulated.
    pump_specific_energy_j_per_kg: SpecificEnergy = quantity_field(
        "846 J/kg",
        u.SPECIFIC_ENERGY,
        alias="pump_specific_energy",
        description="Pump electrical energy per kg of coolant circulated (the loop's pressure drop over the pump's "
        "efficiency and density); the pump draws it times the mass flow, from the bus, as heat to the radiator.",
    )
    two_phase_exit_quality: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        default=0.5,
        description="Vapour fraction leaving the cold plates of a two-phase loop (sets its flow: Q / (x h_fg)); an "
        "engineering choice with margin against dry-out.",
    )
    coolant_to_panel_k: TemperatureDifference | None = Field(
        default=None,
        alias="coolant_to_panel",
        description="Drop from the coolant to the mean panel surface, as an override (an engineering estimate, "
        "5-15 K with the loop's rise); default: the fin root's drop plus the fin's own, from its efficiency.",
    )
    # ~1 K: a film coefficient of ~4 kW/(m2 K) for turbulent ammonia in a ~6 mm tube (Dittus-Boelter) against
    # ~4 kW/m2 through the tube wall of an 0.2 m-pitch panel rejecting ~700 W/m2: an estimate.
    coolant_to_fin_root_k: TemperatureDifference = quantity_field(
        "1 K",
        TEMPERATURE_DIFFERENCE,
        alias="coolant_to_fin_root",
        description="Drop from the coolant to the root of the fins (film and tube wall; an estimate).",
    )
    # A NASA radiator derived from the ISS design: tubes about 8 inches apart, 0.015-inch face sheets, 85 % fin
    # efficiency (Schunk, Babiak & Evans, IEEE Aerospace 2022, NTRS 20210026557, via a secondary summary).
    fin_half_width_m: Length = quantity_field(
        "4 in",
        u.LENGTH,
        alias="fin_half_width",
        description="Half the pitch of the coolant tubes (or heat pipes) in the panel: the fin from a tube to the "
        "midline. With fin_thickness and fin_conductivity it sets the radiating fin's efficiency (Lieblein, NASA "
        "TN D-196, 1959) and the panel's drop below the fin root.",
    )
    fin_thickness_m: Length = quantity_field(
        "0.762 mm",
        u.LENGTH,
        alias="fin_thickness",
        description="Thickness of the conducting fin: both face sheets of a sandwich panel (default 2 × 0.015 in).",
    )
    # Aluminium 6061-T6: thermal conductivity 167 W/(m K) at 25 degC (ASM Aerospace Specification Metals, MatWeb
    # data sheet "Aluminum 6061-T6; 6061-T651").
    fin_conductivity_w_per_m_k: ThermalConductivity = quantity_field(
        "167 W/(m K)",
        THERMAL_CONDUCTIVITY,
        alias="fin_conductivity",
        description="Thermal conductivity of the fin (default: aluminium 6061-T6).",
    )
    hbm_rise_fraction: Annotated[float, Field(ge=0.0, le=2.0)] = Field(
        default=0.5,
        description="HBM temperature above the coolant as a fraction of the die's (the same cold plate, a lower "
        "heat flux; an estimate, range 0.3-1).",
    )
    coolant: Literal["ammonia", "propylene-glycol-50", "water"] = Field(
        default="ammonia",
        description="Coolant of the pumped loop (the ISS's external loops run ammonia); sets the mass flow for the "
        "loop's temperature rise and the temperature below which it freezes (the simulator flags a radiator "
        "colder than that).",
    )
    emissivity: OpenFraction = Field(description="Infrared hemispherical emissivity of the radiator coating.")
    absorptivity: Fraction = Field(description="Solar absorptivity of the radiator coating at beginning of life.")
    # Hubble's silver-Teflon (Ag-FEP) outer layer: solar absorptance 0.074 pristine, 0.155 ± 0.032 on its Sun-facing
    # side after 8.25 years in LEO (de Groh, Dever et al., NASA TM, NTRS 20060056192) → 0.0098 a year.
    absorptivity_rise_per_year: Annotated[float, Field(ge=0.0, le=0.2)] = Field(
        default=(0.155 - 0.074) / 8.25,
        description="Rise of the solar absorptivity a year in orbit (UV and atomic-oxygen darkening); the radiator "
        "is sized for its end-of-life value. Default: Hubble's silver Teflon over 8.25 years, 0.0098 a year.",
    )
    earth_ir_absorptivity: Fraction | None = Field(
        default=None, description="Absorptivity to Earth infrared; default: the emissivity (Kirchhoff's law)."
    )
    earth_view_factor: Fraction | None = Field(
        default=None,
        description="View factor from one radiator face to the Earth; default: a panel flown edge-on to the Earth "
        "at the fleet's altitude (0.241 at 650 km; the Starcloud white paper takes 0.25).",
    )
    # Earth's Bond albedo ≈ 0.30 (Stephens et al. 2015, Rev. Geophys. 53, 141).
    albedo: Fraction = Field(default=0.30, description="Earth's albedo seen by the radiator.")
    # Earth's effective radiating temperature ≈ 255 K for ~237 W/m² outgoing infrared (Gilmore, Spacecraft
    # Thermal Control Handbook, 2002, ch. 2); −20 °C (253 K) as in the Starcloud white paper (2024).
    earth_temperature_k: Temperature = quantity_field("-20 degC", u.TEMPERATURE, alias="earth_temperature")
    radiating_sides: Literal[1, 2] = Field(default=2, description="Faces of the panel that radiate.")
    sunlit_sides: Literal[0, 1, 2] = Field(default=1, description="Faces in full sunlight (worst case).")
    radiator_areal_density_kg_per_m2: ArealDensity = Field(
        alias="radiator_areal_density",
        description="Radiator mass per m² of panel (5–10 kg/m² heat-pipe panels).",
    )

    @model_validator(mode="after")
    def _sides(self) -> SatelliteThermal:
        if self.sunlit_sides > self.radiating_sides:
            raise PydanticCustomError("sides", "sunlit_sides cannot exceed radiating_sides")
        if self.loop == "two-phase" and self.coolant == "propylene-glycol-50":
            raise PydanticCustomError(
                "loop", "a two-phase loop needs a pure coolant that boils: 'ammonia' or 'water', not a glycol mix"
            )
        return self


class Satellite(_Section):
    """``[satellite]``: the compute payload and its bus."""

    accelerator: str = Field(
        description="Accelerator catalog name, e.g. 'tpu-v6e'; see `skyrack catalog accelerators`."
    )
    accelerators: int = Field(
        ge=1,
        le=10_000_000,  # a 10 GW module of 1 kW accelerators; Starcloud's 40 MW module holds ~44,000 H100s
        description="Accelerators per satellite.",
    )
    host_overhead: Annotated[float, Field(ge=0.0, le=5.0)] | None = Field(
        default=None,
        description="Host, memory and network power as a fraction of accelerator power, for accelerators whose "
        "catalog power is the chip's own (power_basis = 'chip'); default 0.3. Not allowed for all-in figures.",
    )
    design_life_s: Annotated[
        Duration, _at_least(MIN_LIFE_S, "a design life"), _at_most(MAX_DESIGN_LIFE_S, "a design life")
    ] = Field(alias="design_life")
    bus_power_w: Power = quantity_field(
        "0 W", u.POWER, alias="bus_power", description="Housekeeping load beside compute."
    )
    compute_mass_per_accelerator_kg: Mass | None = Field(
        default=None,
        alias="compute_mass_per_accelerator",
        description="Server mass per accelerator; default: the catalog's accelerator mass.",
    )
    # Bus and structure ≈ 20% of dry mass (Intro to Space Sciences, p. 204, via parameters.md [S80]).
    # Starlink's argon Hall thrusters: I_sp 2,500 s (SpaceX, Feb 2023, via The Orbital Index #208); an SPT-100 gives
    # 1,600 s
    thruster_isp_s: Duration = quantity_field(
        "2500 s", u.TIME, alias="thruster_isp", description="Specific impulse of the station-keeping thrusters."
    )
    # Starlink's argon Hall thrusters: 2,500 s at 50 % efficiency (SpaceX, Feb 2023, via The Orbital Index #208)
    thruster_efficiency: Annotated[float, Field(gt=0.0, le=1.0)] = Field(
        default=0.5,
        description="Thruster efficiency (jet power over electric power); with the Isp it sets the power that holds "
        "the altitude against drag.",
    )
    drag_coefficient: Annotated[float, Field(gt=0.0, le=5.0)] = Field(
        default=2.2,
        description="Drag coefficient C_D (2.2, the usual value for LEO satellites in free-molecular flow).",
    )
    assembled_in_orbit: bool = Field(
        default=False,
        description="Launched in parts and assembled in orbit (a satellite may then outweigh one launch).",
    )
    bus_mass_fraction: Annotated[float, Field(ge=0.0, lt=1.0)] = Field(
        default=0.20, description="Bus and structure as a fraction of dry mass."
    )
    power: SatellitePower
    thermal: SatelliteThermal


class Environment(_Section):
    """``[environment]``."""

    solar_constant_w_per_m2: Irradiance = quantity_field(
        "1361 W/m^2", u.IRRADIANCE, alias="solar_constant"
    )  # Kopp & Lean 2011
    solar_activity: Literal["low", "moderate", "high"] = Field(
        default="moderate",
        description="Solar activity for the atmosphere's density (drag): ECSS-E-ST-10-04C long-term levels, "
        "F10.7 65 / 140 / 250 sfu with Ap 0 / 15 / 45.",
    )


class Launch(_Section):
    """``[launch]``: vehicle and price."""

    vehicle: str = Field(description="Launch vehicle catalog name, e.g. 'starship'.")
    price_usd_per_kg: PricePerMass | None = Field(
        default=None, alias="price", description="Overrides the catalog price, e.g. '200 USD/kg'."
    )
    price_model: Literal["fixed", "trend", "wright"] = Field(
        default="fixed",
        description=(
            "How the price changes over the horizon: 'fixed'; 'trend' (the published NASA OTPS 2024 trend, "
            "-36% per 9 years, from the catalog); 'wright' (Wright's law on cumulative launched mass)."
        ),
    )
    learning_rate: Annotated[float, Field(ge=0.0, lt=1.0)] | None = Field(
        default=None, description="Wright learning rate per doubling of cumulative mass; default: the catalog's."
    )
    cumulative_mass_at_start_kg: Annotated[float, QuantityOf(u.MASS)] | None = Field(
        default=None,
        alias="cumulative_mass_at_start",
        description="Industry cumulative launched mass when the project starts (needed for 'wright').",
    )
    industry_mass_per_year_kg_per_s: Annotated[float, QuantityOf(u.MASS_RATE)] | None = Field(
        default=None,
        alias="industry_mass_per_year",
        description="Mass launched per year by everyone else (adds to the cumulative mass for 'wright').",
    )
    launches_per_year: Annotated[float, Field(gt=0.0)] | None = Field(
        default=None, description="Launch cadence available to the project; default: the catalog's."
    )
    vehicles: Annotated[list[str], Field(min_length=1, max_length=12)] | None = Field(
        default=None,
        description="Vehicles `skyrack race` may manifest the satellites' items on (catalog names; a kinetic "
        "launcher such as 'spinlaunch-orbital' carries only the items that survive its acceleration); default: "
        "[vehicle].",
    )

    @model_validator(mode="after")
    def _wright_needs_mass(self) -> Launch:
        if self.price_model == "wright" and self.cumulative_mass_at_start_kg is None:
            raise PydanticCustomError(
                "wright",
                "price_model = 'wright' needs cumulative_mass_at_start (industry mass launched so far, e.g. '5000 t')",
            )
        if self.learning_rate is not None and self.price_model != "wright":
            raise PydanticCustomError(
                "learning_rate",
                "learning_rate = {rate} acts only with price_model = 'wright' (this one is {model!r}): set "
                "price_model = 'wright' or remove learning_rate",
                {"rate": self.learning_rate, "model": self.price_model},
            )
        return self


class Ground(_Section):
    """``[ground]``: the ground twin's site; values here override the site's catalog entry."""

    site: str = Field(default="us-average", description="Ground site catalog name.")
    electricity_price_usd_per_j: PricePerEnergy | None = Field(default=None, alias="electricity_price")
    pue: Annotated[float, Field(ge=1.0, le=5.0)] | None = Field(default=None, description="Power usage effectiveness.")
    wue_m3_per_j: VolumePerEnergy | None = Field(default=None, alias="wue")
    carbon_intensity_kg_per_j: MassPerEnergy | None = Field(default=None, alias="carbon_intensity")
    power: Literal["grid", "onsite-gas"] = Field(
        default="grid",
        description="Where the site's power comes from: 'grid' (the site's price and carbon, after the "
        "interconnection queue in `skyrack race`) or 'onsite-gas' (combined-cycle turbines at the fence: fuel at "
        "the catalog's heat rate and gas price, the turbines' capital in the building cost, their CO2, in place of "
        "electricity_price and carbon_intensity; in the race no queue, but the turbines' lead time and supply).",
    )


class Finance(_Section):
    """``[finance]``."""

    discount_rate: Annotated[float, Field(ge=0.0, lt=1.0)] | None = Field(
        default=None, description="Real discount rate per year; default: the catalog's (7%, OMB A-94)."
    )
    horizon_s: Annotated[Duration, _at_least(MIN_LIFE_S, "a horizon"), _at_most(MAX_PERIOD_S, "a horizon")] | None = (
        Field(
            default=None,
            alias="horizon",
            description="Analysis horizon (at most 100 years); default: the satellite design life.",
        )
    )
    framing: Literal["same-in-service-date", "same-start"] = Field(
        default="same-in-service-date",
        description="Time framing of the comparison: 'same-in-service-date' (both sides serve over the same horizon; "
        "the ground's construction is spent before and carried to the in-service date at the discount rate) or "
        "'same-start' (both start spending at t = 0; the ground serves only after it is built).",
    )


class RaceOrbit(_Section):
    """``[race.orbit]``: how fast satellites are built and flown; defaults from the catalog's ``race`` rows."""

    production_rate_per_s: Annotated[float, QuantityOf(u.RATE_PER_TIME), Field(gt=0.0, le=1e-1)] | None = Field(
        default=None,
        alias="production_rate",
        description="Satellites built a year when production starts, e.g. '3640 /yr'; default: Starlink's 2025 "
        "rate (70 a week).",
    )
    production_growth: Annotated[float, Field(ge=-0.5, le=5.0)] | None = Field(
        default=None, description="Yearly growth of the production rate; default: Starlink's 2020-2025 (0.204)."
    )
    launch_share: OpenFraction | None = Field(
        default=None, description="Share of each vehicle's launches that carry this compute; default 1 (all)."
    )
    assembly_rate_per_s: Annotated[float, QuantityOf(u.RATE_PER_TIME), Field(ge=0.0, le=1e-1)] | None = Field(
        default=None,
        alias="assembly_rate",
        description="Satellites assembled in orbit a year from parts flown on a kinetic launcher; needed when "
        "launch.vehicles has one (no sourced figure exists).",
    )


class RaceGround(_Section):
    """``[race.ground]``: how fast grid power comes to new data centres; defaults from the catalog's ``race``."""

    interconnection_wait_s: Duration | None = Field(
        default=None,
        alias="interconnection_wait",
        description="Median time from interconnection request to power, e.g. '55 months' (LBNL Queued Up 2025).",
    )
    completion_fraction: OpenFraction | None = Field(
        default=None, description="Share of requests that ever connect (LBNL: 0.19); the rest withdraw."
    )
    site_power_w: Annotated[float, QuantityOf(u.POWER), Field(gt=0.0)] | None = Field(
        default=None, alias="site_power", description="IT power of one site in the queue, e.g. '100 MW'."
    )
    new_power_per_year_w_per_s: Annotated[float, QuantityOf(u.POWER_RATE), Field(gt=0.0)] | None = Field(
        default=None,
        alias="new_power_per_year",
        description="New data-centre power the grid connects a year, e.g. '16.6 GW/yr' (from LBNL's 2028 forecast).",
    )


class Race(_Section):
    """``[race]``: who brings a target of IT power online first, orbit or ground, and what the earlier compute
    is worth (`skyrack race`)."""

    target_w: Annotated[float, QuantityOf(u.POWER), Field(gt=0.0, le=1e13)] | None = Field(
        default=None, alias="target", description="IT power to bring online, e.g. '10 GW' (or race --target)."
    )
    by_year: Annotated[int, Field(ge=2000, le=2200)] | None = Field(
        default=None, alias="by", description="Last calendar year of the race; default: 25 years after the start."
    )
    value_per_gpu_hour_usd_per_s: Annotated[float, QuantityOf(u.PRICE_PER_TIME), Field(ge=0.0)] | None = Field(
        default=None,
        alias="value_per_gpu_hour",
        description="What an accelerator-hour sells for, e.g. '2.35 USD/h'; default: SemiAnalysis's one-year "
        "H100 contract price (2026).",
    )
    samples: Annotated[int, Field(ge=0, le=100_000)] = Field(
        default=500,
        description="Monte Carlo samples of the interconnection queue (each site's wait, log-spread from the "
        "catalog's 4-7 year range, and whether it connects); the ground's year is their median. 0: every site "
        "waits the median (the closed form).",
    )
    orbit: RaceOrbit = Field(default_factory=RaceOrbit)
    ground: RaceGround = Field(default_factory=RaceGround)


CatalogOverrides = dict[str, dict[str, dict[str, Any]]]


class Scenario(Section):
    """A whole scenario file, validated, SI inside."""

    scenario: ScenarioInfo
    orbit: Orbit
    fleet: Fleet
    satellite: Satellite
    environment: Environment = Field(default_factory=Environment)
    launch: Launch
    ground: Ground = Field(default_factory=Ground)
    finance: Finance = Field(default_factory=Finance)
    # (sections of later stages — simulation, workload, economics — are added here)
    simulation: SimulationSettings = Field(default_factory=SimulationSettings)
    radiation: RadiationSettings = Field(default_factory=RadiationSettings)
    workload: Workload = Field(default_factory=Workload)
    network: Network = Field(default_factory=Network)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)
    race: Race = Field(default_factory=Race)
    catalog_overrides: CatalogOverrides = Field(
        default_factory=dict,
        alias="catalog",
        description="[catalog.KIND.NAME] tables override or add catalog values, e.g. [catalog.accelerators.tpu-v6e].",
    )

    @model_validator(mode="after")
    def _fleet_size(self) -> Scenario:
        orbit, given = self.orbit, self.fleet.satellites
        if orbit.kind == "walker":
            assert orbit.total is not None  # Orbit validation
            if given and given != orbit.total:
                raise _field_error(
                    "fleet.satellites",
                    given,
                    f"a walker orbit flies orbit.total = {orbit.total} satellites; give the same number or omit "
                    "fleet.satellites",
                )
            count = orbit.total
        elif orbit.kind == "tle":
            in_file = len(orbit.tle_satellites())
            if given > in_file:
                raise _field_error(
                    "fleet.satellites",
                    given,
                    f"orbit.file has only {in_file} satellites; give at most {in_file} (the first N are flown) or "
                    "omit fleet.satellites",
                )
            count = given or in_file
        else:
            if not given:
                raise _field_error(
                    "fleet.satellites",
                    None,
                    f"missing; a {orbit.kind} orbit needs the number of satellites (≥ 1), e.g. satellites = 81",
                )
            count = given
        if count != given:
            # the model is frozen: fill in the derived count once, here, so that every consumer reads an int ≥ 1
            object.__setattr__(self, "fleet", self.fleet.model_copy(update={"satellites": count}))
        return self

    def resolved_catalog(self) -> Catalog:
        """The shipped catalog with this scenario's ``[catalog]`` overrides applied."""
        return default_catalog().with_overrides(self.catalog_overrides)


# --------------------------------------------------------------------------------------------------
# Loading, overrides and error messages


def _format_loc(loc: Sequence[int | str]) -> str:
    return ".".join(str(p) for p in loc if not str(p).startswith("function-"))


def _section_model(loc: Sequence[int | str]) -> type[BaseModel] | None:
    model: type[BaseModel] = Scenario
    for part in loc:
        fields = {(f.alias or n): f for n, f in model.model_fields.items()}
        info = fields.get(str(part))
        if info is None:
            return None
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            model = ann
        else:
            return None
    return model


def _field_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _messages(error: ValidationError) -> list[SkyrackInputError]:
    problems: list[SkyrackInputError] = []
    for item in error.errors(include_url=False):
        loc = [p for p in item["loc"] if not str(p).startswith("function-")]
        where = _format_loc(loc) or "scenario"
        value = item.get("input")
        if item["type"] == "extra_forbidden":
            parent = _section_model(loc[:-1])
            keys = _field_keys(parent) if parent else []
            hint = difflib.get_close_matches(str(loc[-1]), keys, n=1, cutoff=0.6)
            expected = f"unknown key{f' (did you mean {hint[0]!r}?)' if hint else ''}"
            if keys:
                expected += f"; valid keys here: {', '.join(keys)}"
            problems.append(SkyrackInputError(where, None, expected))
            continue
        if item["type"] == "missing":
            problems.append(SkyrackInputError(where, None, "missing; this key is required"))
            continue
        ctx = item.get("ctx") or {}
        if item["type"] == "skyrack_field":  # raised by _field_error: name the field itself, not its section
            where = ".".join(p for p in (_format_loc(loc), str(ctx["field"])) if p)
            problems.append(SkyrackInputError(where, ctx.get("value"), str(ctx["message"])))
            continue
        if isinstance(value, Mapping):
            value = None
        message = item["msg"].removeprefix("Value error, ").replace("Input should be", "must be")
        problems.append(SkyrackInputError(where, value, message))
    return problems


def parse_override(text: str) -> tuple[list[str], object]:
    """Parse one ``--set dotted.key=value``; the value is read as TOML when it can be, else as text."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise SkyrackInputError("--set", text, "expected dotted.key=value, e.g. orbit.altitude='1000 km'")
    if len(text) > MAX_OVERRIDE_CHARS:
        raise SkyrackInputError("--set", text, f"an override of at most {MAX_OVERRIDE_CHARS:,} characters")
    try:
        value: object = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    except RecursionError:
        raise SkyrackInputError("--set", text, "a value nested too deeply to read") from None
    _check_depth(value, f"--set {key}")
    return key.split("."), value


def apply_overrides(data: dict[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """Apply ``--set`` overrides to raw scenario data (before validation)."""
    for text in overrides:
        path, value = parse_override(text)
        node = data
        for part in path[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise SkyrackInputError("--set", text, f"{part!r} is a value, not a section")
            node = child
        node[path[-1]] = value
    return data


# Limits on what is read (issue #12): a scenario is a few kB of TOML a few tables deep; these leave a wide margin
# and stop a hostile or broken file before it exhausts memory or the interpreter's stack.
MAX_SCENARIO_BYTES: Final = 4 * 1024 * 1024
MAX_OVERRIDE_CHARS: Final = 10_000
MAX_NESTING: Final = 32


def _check_depth(value: object, where: str, depth: int = 0) -> None:
    """Refuse tables or arrays nested deeper than :data:`MAX_NESTING` (iteratively safe: depth is bounded)."""
    if depth > MAX_NESTING:
        raise SkyrackInputError(where, None, f"tables or arrays nested more than {MAX_NESTING} deep")
    if isinstance(value, dict):
        for item in value.values():
            _check_depth(item, where, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_depth(item, where, depth + 1)


def read_scenario_toml(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into raw data; a missing, unreadable, oversized or malformed file is an input error."""
    where = shorten(str(path), 200)
    file = Path(path)
    try:
        if not file.is_file():
            raise SkyrackInputError(where, None, "no such scenario file")
        if file.stat().st_size > MAX_SCENARIO_BYTES:
            raise SkyrackInputError(where, None, f"a scenario file of at most {MAX_SCENARIO_BYTES // 2**20} MiB")
        text = file.read_text(encoding="utf-8-sig")  # a leading byte-order mark is allowed
        resolved = file.resolve().parent
    except OSError as exc:
        raise SkyrackInputError(where, None, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise SkyrackInputError(where, None, "not a UTF-8 text file") from None
    return _resolve_relative_paths(_parse_toml(text, where), resolved)


def _parse_toml(text: str, where: str) -> dict[str, Any]:
    """TOML text to raw data; malformed or too deeply nested text is an input error naming ``where``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SkyrackInputError(where, None, f"malformed TOML: {exc}") from None
    except RecursionError:
        raise SkyrackInputError(where, None, f"tables or arrays nested more than {MAX_NESTING} deep") from None
    _check_depth(data, where)
    return data


def read_scenario_text(text: str, where: str = "scenario", files_in: Path | None = None) -> dict[str, Any]:
    """Read a scenario given as TOML text (the web API's), with the checks of :func:`read_scenario_toml`.

    Such a scenario may not name files anywhere on the machine: ``orbit.file`` must be a plain file name in
    ``files_in`` (the shipped examples), and is refused when ``files_in`` is None (see :func:`check_scenario_files`).
    """
    if len(text.encode("utf-8")) > MAX_SCENARIO_BYTES:
        raise SkyrackInputError(where, None, f"a scenario of at most {MAX_SCENARIO_BYTES // 2**20} MiB")
    return check_scenario_files(_parse_toml(text.removeprefix("\ufeff"), where), files_in)


def check_scenario_files(data: dict[str, Any], files_in: Path | None) -> dict[str, Any]:
    """Keep a scenario from reaching files outside ``files_in``: ``orbit.file`` must name a file directly in it
    (no folders, no ``..``); it is made absolute there. Call it again after overrides, which may set the key."""
    orbit = data.get("orbit")
    if not (isinstance(orbit, dict) and "file" in orbit):
        return data
    given = orbit["file"]
    allowed = sorted(p.name for p in files_in.iterdir() if p.is_file()) if files_in is not None else []
    name = Path(given).name if isinstance(given, str) else ""
    if files_in is not None and isinstance(given, str) and Path(given) == files_in / name and name in allowed:
        return data  # already resolved here
    if not isinstance(given, str) or name != given or name in ("", ".", "..") or name not in allowed:
        raise SkyrackInputError(
            "orbit.file",
            given,
            "here a scenario may only name one of the shipped satellite files: " + (", ".join(allowed) or "none"),
        )
    assert files_in is not None
    orbit["file"] = str(files_in / name)
    return data


def _resolve_relative_paths(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """Make the file paths a scenario file names (``orbit.file``) absolute, relative to the file's folder.

    Done when the file is read, so the raw data stays valid wherever it is validated later
    (:func:`scenario_from_dict`, ``--set`` overrides, break-even scans); a path given with ``--set`` is
    relative to the working directory, as on any command line.
    """
    orbit = data.get("orbit")
    if isinstance(orbit, dict) and isinstance(orbit.get("file"), str):
        try:
            given = Path(orbit["file"]).expanduser()
        except RuntimeError:  # "~nosuchuser/x.tle"
            raise SkyrackInputError("orbit.file", orbit["file"], "a path whose ~user exists") from None
        if not given.is_absolute():
            orbit["file"] = str(base / given)
    return data


def scenario_from_dict(data: Mapping[str, Any]) -> Scenario:
    """Validate raw data into a :class:`Scenario`, then check catalog names and overrides."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise SkyrackInputErrors(_messages(exc)) from None
    check_catalog_references(scenario)
    if scenario.uncertainty.parameters:
        check_uncertainty(scenario.uncertainty.parameters)
    return scenario


def _inference_references(scenario: Scenario) -> list[tuple[str, str, str]]:
    inference = scenario.workload.inference
    if inference is None:
        return []
    users = [("user_regions", v, f"workload.inference.users[{i}]") for i, v in enumerate(inference.users or [])]
    return [("traffic", inference.traffic, "workload.inference.traffic"), *users]


def check_catalog_references(scenario: Scenario) -> None:
    """Every catalog name the scenario uses must exist (after its overrides)."""
    catalog = scenario.resolved_catalog()
    problems: list[SkyrackInputError] = []
    for kind, name, where in (
        ("accelerators", scenario.satellite.accelerator, "satellite.accelerator"),
        ("launch_vehicles", scenario.launch.vehicle, "launch.vehicle"),
        ("ground_sites", scenario.ground.site, "ground.site"),
        *(("launch_vehicles", v, f"launch.vehicles[{i}]") for i, v in enumerate(scenario.launch.vehicles or [])),
        *(("ground_stations", v, f"network.stations[{i}]") for i, v in enumerate(scenario.network.stations or [])),
        *(
            ("downlink_terminals", v, f"network.{key}")
            for key, v in (("downlink", scenario.network.downlink), ("fallback", scenario.network.fallback))
            if v != "none"
        ),
        *_inference_references(scenario),
        *(
            (("solar_cells", scenario.satellite.power.cell, "satellite.power.cell"),)
            if scenario.satellite.power.cell
            else ()
        ),
    ):
        try:
            catalog.entry(kind, name, where)
        except SkyrackInputError as exc:
            problems.append(exc)
    if problems:
        raise SkyrackInputErrors(problems)


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Load and validate a scenario file, with optional ``dotted.key=value`` overrides.

    Raises
    ------
    SkyrackInputError, SkyrackInputErrors
        One message per problem, naming the field, the value and what would be valid.
    """
    file_data = read_scenario_toml(path)
    data = apply_overrides(copy.deepcopy(file_data), overrides)
    scenario = scenario_from_dict(data)
    for message in pinned_value_warnings(file_data, overrides):
        warnings.warn(SkyrackWarning(message), stacklevel=2)
    return scenario


# Values a scenario file pins for its launch vehicle or its ground site: switching the vehicle or the site with
# --set keeps them, which is rarely what is meant (a switch to another rocket at the first one's price).
_PINNED_BY: Final = {
    "launch.vehicle": ("launch.price", "launch.launches_per_year"),
    "ground.site": ("ground.electricity_price", "ground.pue", "ground.wue", "ground.carbon_intensity"),
}


def pinned_value_warnings(file_data: Mapping[str, Any], overrides: Sequence[str]) -> list[str]:
    """One message per value the file pins for the vehicle or the site that ``overrides`` change (and do not
    also set), naming the pinned key."""
    changed = {".".join(parse_override(text)[0]) for text in overrides}
    messages = []
    for switch, pinned in _PINNED_BY.items():
        if switch not in changed:
            continue
        section, key = switch.split(".")
        before = (file_data.get(section) or {}).get(key)
        was = f"{switch} = {before!r}" if before is not None else f"the default {switch}"
        for item in pinned:
            sec, name = item.split(".")
            value = (file_data.get(sec) or {}).get(name)
            if value is not None and item not in changed:
                messages.append(
                    f"{item} = {value!r} is pinned in the scenario file (for {was}) and is kept for the new {switch}; "
                    f"set {item} too, or remove it from the file to use the catalog's value"
                )
    return messages


def scenario_json_schema() -> dict[str, Any]:
    """The JSON schema of scenario files (keys as written in the file)."""
    return Scenario.model_json_schema(by_alias=True)
