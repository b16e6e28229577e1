"""Static design: size one compute satellite and the fleet from the worst case of the environment.

Orchestration only: it reads a :class:`~skyrack.scenario.Scenario`, calls the astro and physics
kernels and the catalog, and returns a :class:`Design` whose :meth:`Design.to_dict` is the public
``skyrack design --json`` output. No physics lives here.

The chain:

1. Orbit: inclination (derived for a sun-synchronous orbit), period, beta angle over the scenario
   period (analytic Sun, J2 nodal drift), eclipse per orbit from beta (cylindrical shadow, closed
   form), worst eclipse and sunlit fraction — for each distinct orbit plane of the fleet (one for sso and
   circular, each plane of a Walker constellation, each satellite of a TLE file as its circular equivalent,
   :mod:`skyrack.models.orbits`); the satellite is sized for the worst plane.
2. Satellite: IT power and heat; array sized for end-of-life output that runs the loads and recharges
   the battery after the worst eclipse (SMAD Eq. 11-5); battery for the worst eclipse at the allowed
   depth of discharge (SMAD Eq. 11-6); radiator from its net flux; bus and structure as a fraction of
   dry mass.
3. Fleet: IT power, mass, launches on the chosen vehicle (with the SSO payload penalty) and their cost.
4. Feasibility: each violated constraint, explained with what to change.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any, Final

import numpy as np

from skyrack.astro.geometry import beta_angle_rad
from skyrack.astro.orbits import circular_period_s, sso_inclination_rad
from skyrack.astro.shadow import eclipse_fraction_circular
from skyrack.astro.sun import sun_unit_vector_eci
from skyrack.astro.time import julian_date_utc
from skyrack.catalog import Catalog, CatalogEntry
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, JULIAN_YEAR_S, STEFAN_BOLTZMANN_W_PER_M2_K4
from skyrack.errors import SkyrackInputError
from skyrack.models.orbits import FleetOrbits, fleet_orbits
from skyrack.physics.sizing import SizingInputs, size_satellite
from skyrack.scenario import Scenario

# Sampling interval of the beta-angle and eclipse survey over the scenario period [s]. Beta changes by
# at most ~0.2°/h for LEO (J2 drift of a low-inclination orbit plus the Sun's ~0.04°/h), so one hour
# resolves its extremes to well under 0.1°.
BETA_SURVEY_STEP_S: Final = 3600.0

# Orbit planes surveyed together (memory ≈ planes × survey samples × 8 bytes per array: 256 × 8,761 hourly
# samples of a year ≈ 18 MB).
SURVEY_CHUNK_PLANES: Final = 256

# Launch vehicles quote their payload to low-inclination LEO (≈ 28.5°, from Florida) and one figure for polar
# and sun-synchronous orbits, which lose most of the Earth's rotation boost (e.g. Arianespace, Ariane 6 User's
# Manual, issue 2 (2021): LEO vs SSO performance; catalog entry 'sso-penalty'). A walker or tle fleet with a
# plane inclined at least this much is costed with the SSO figure: Iridium-like 86.4° and sun-synchronous ~98°
# planes are polar, Starlink-like 53°–70° shells are not (threshold chosen here between the two).
POLAR_PAYLOAD_MIN_INCLINATION_RAD: Final = math.radians(80.0)

# Below ~300 km a satellite without propulsion decays within weeks (e.g. Vallado, *Fundamentals of
# Astrodynamics and Applications*, 4th ed. (2013), §9.6; ESA Space Debris Office lifetime curves).
MIN_SUSTAINABLE_ALTITUDE_M: Final = 300e3

# Server-level mass per accelerator when the catalog has none: DGX H100, 123.2 kg for 8 GPUs
# (supercluster.blog, 2023; parameters.md [S61], status R2) → 15.4 kg per accelerator.
DEFAULT_COMPUTE_MASS_PER_ACCELERATOR_KG: Final = 123.2 / 8


@dataclass(frozen=True)
class PlaneDesign:
    """Survey of one orbit plane (a Walker plane, or one satellite of a TLE file)."""

    name: str
    satellites: int
    altitude_km: float
    inclination_deg: float
    raan_at_start_deg: float
    period_min: float
    beta_min_deg: float
    beta_max_deg: float
    sunlit_fraction: float
    max_eclipse_min: float


@dataclass(frozen=True)
class OrbitDesign:
    kind: str
    altitude_km: float
    semi_major_axis_km: float
    inclination_deg: float
    raan_at_start_deg: float
    period_min: float
    beta_min_deg: float
    beta_max_deg: float
    sunlit_fraction: float
    max_eclipse_min: float
    eclipse_free_fraction_of_period: float
    # added with orbit kinds 'walker' and 'tle' (the keys above keep their meaning for one plane; for several
    # planes: altitude_km is the fleet mean; semi_major_axis_km, inclination_deg and raan_at_start_deg are the
    # sizing plane's; period_min is the shortest period; beta_*, max_eclipse_min are extremes over the fleet;
    # sunlit_fraction and eclipse_free_fraction_of_period are fleet means)
    constellation: str = ""
    planes: int = 1
    sizing_plane: str = ""
    altitude_min_km: float = math.nan
    altitude_max_km: float = math.nan
    inclination_min_deg: float = math.nan
    inclination_max_deg: float = math.nan
    plane_surveys: list[PlaneDesign] = field(default_factory=list)


@dataclass(frozen=True)
class SatelliteDesign:
    accelerator: str
    accelerators: int
    accelerator_power_w: float
    it_power_kw: float
    bus_power_kw: float
    heat_rejected_kw: float
    array_power_required_kw: float
    array_output_eol_w_per_m2: float
    array_cell_temperature_eol_c: float
    array_area_m2: float
    array_power_bol_kw: float
    array_mass_kg: float
    battery_energy_kwh: float
    battery_mass_kg: float
    radiator_net_flux_w_per_m2: float
    radiator_area_m2: float
    radiator_mass_kg: float
    compute_mass_kg: float
    bus_mass_kg: float
    total_mass_kg: float
    specific_power_w_per_kg: float


@dataclass(frozen=True)
class FleetDesign:
    satellites: int
    it_power_mw: float
    total_mass_t: float
    launch_vehicle: str
    payload_per_launch_kg: float
    satellites_per_launch: int
    launches: int
    launch_price_usd_per_kg: float
    launch_cost_usd: float


@dataclass(frozen=True)
class Feasibility:
    ok: bool
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Design:
    """The static design of one scenario. ``to_dict()`` is the ``skyrack design --json`` object."""

    scenario_name: str
    orbit: OrbitDesign
    satellite: SatelliteDesign
    fleet: FleetDesign
    feasibility: Feasibility

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_name,
            "orbit": asdict(self.orbit),
            "satellite": asdict(self.satellite),
            "fleet": asdict(self.fleet),
            "feasibility": asdict(self.feasibility),
        }


@dataclass(frozen=True)
class OrbitSurvey:
    """Beta angle and eclipse over the scenario period, sampled every :data:`BETA_SURVEY_STEP_S`.

    The first fields describe the *sizing plane* (the one with the longest eclipse) — the whole fleet for sso
    and circular orbits — except ``period_s``, the shortest period of the fleet: sizing the satellite for the
    longest eclipse within the shortest orbit bounds every plane's eclipse-to-period ratio. The ``plane_*``
    arrays, shape (G,), summarise every distinct plane (:class:`~skyrack.models.orbits.FleetOrbits` groups).
    """

    t_s: np.ndarray
    beta_rad: np.ndarray
    eclipse_fraction: np.ndarray
    semi_major_axis_m: float
    inclination_rad: float
    raan_at_start_rad: float
    period_s: float
    orbits: FleetOrbits | None = None
    sizing_plane: int = 0
    plane_semi_major_axis_m: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_inclination_rad: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_raan_at_start_rad: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_period_s: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_satellites: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    plane_beta_min_rad: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_beta_max_rad: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_mean_eclipse_fraction: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_max_eclipse_fraction: np.ndarray = field(default_factory=lambda: np.empty(0))
    plane_eclipse_free_fraction: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def plane_max_eclipse_s(self) -> np.ndarray:
        """Longest eclipse of each plane over the period [s], shape (G,)."""
        return np.asarray(self.plane_max_eclipse_fraction * self.plane_period_s, dtype=np.float64)


def orbit_inclination_rad(scenario: Scenario) -> float:
    """Inclination of the scenario's orbit [rad]: derived from J2 for ``sso``, as given for ``circular`` and
    ``walker``; for ``tle``, the mean inclination of the satellites flown (their circular equivalents)."""
    orbit = scenario.orbit
    if orbit.kind == "tle":
        return float(np.mean(fleet_orbits(scenario).inclination_rad))
    assert orbit.altitude_m is not None  # Orbit validation: required for every other kind
    a_m = EARTH_EQUATORIAL_RADIUS_M + orbit.altitude_m
    if orbit.kind == "sso":
        return float(sso_inclination_rad(a_m))
    assert orbit.inclination_rad is not None  # guaranteed by Orbit validation
    return orbit.inclination_rad


def survey_orbit(scenario: Scenario) -> OrbitSurvey:
    """Beta angle and eclipse fraction per orbit over the scenario period, for every orbit plane (closed forms).

    Each plane: circular orbit of radius a, inclination i, RAAN Ω(t) = Ω₀ + Ω̇ t with the J2 secular rate
    (Vallado 2013, eq. 9-41); β(t) from the analytic Sun (:func:`~skyrack.astro.geometry.beta_angle_rad`);
    eclipse fraction from β (cylindrical shadow, :func:`~skyrack.astro.shadow.eclipse_fraction_circular`).
    For ``tle`` each satellite is its own plane, its circular equivalent at the start
    (:func:`~skyrack.models.orbits.tle_circular_equivalents`: mean semi-major axis, mean plane, e ≈ 0 assumed).
    """
    fo = fleet_orbits(scenario)
    first = fo.group_first()
    a = fo.semi_major_axis_m[first]
    inc = fo.inclination_rad[first]
    raan0 = fo.raan0_rad[first]
    raan_dot = fo.raan_dot_rad_per_s[first]
    start = scenario.scenario.start
    t_s = np.arange(0.0, scenario.scenario.duration_s + BETA_SURVEY_STEP_S / 2, BETA_SURVEY_STEP_S)
    sun = sun_unit_vector_eci(julian_date_utc(start, t_s))
    g_count = first.size
    beta_min, beta_max = np.empty(g_count), np.empty(g_count)
    ecl_mean, ecl_max, ecl_free = np.empty(g_count), np.empty(g_count), np.empty(g_count)
    period = np.asarray(circular_period_s(a), dtype=np.float64)
    best: tuple[float, int, np.ndarray, np.ndarray] = (
        -math.inf,
        0,
        np.full(t_s.size, np.nan),
        np.full(t_s.size, np.nan),
    )
    for g0 in range(0, g_count, SURVEY_CHUNK_PLANES):
        sl = slice(g0, g0 + SURVEY_CHUNK_PLANES)
        raan = raan0[sl, None] + raan_dot[sl, None] * t_s
        beta = np.asarray(beta_angle_rad(raan, inc[sl, None], sun), dtype=float)
        ecl = np.asarray(eclipse_fraction_circular(beta, a[sl, None]), dtype=float)
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows (no SSO this high) stay NaN
            beta_min[sl], beta_max[sl] = np.nanmin(beta, axis=1), np.nanmax(beta, axis=1)
            ecl_mean[sl], ecl_max[sl] = np.nanmean(ecl, axis=1), np.nanmax(ecl, axis=1)
        ecl_free[sl] = np.mean(ecl == 0.0, axis=1)
        longest = ecl_max[sl] * period[sl]
        if np.any(np.isfinite(longest)):
            k = int(np.nanargmax(longest))
            if longest[k] > best[0]:
                best = (float(longest[k]), g0 + k, beta[k].copy(), ecl[k].copy())
        elif g0 == 0:
            best = (-math.inf, 0, beta[0].copy(), ecl[0].copy())
    _, w, beta_w, ecl_w = best
    return OrbitSurvey(
        t_s,
        beta_w,
        ecl_w,
        float(a[w]),
        float(inc[w]),
        float(raan0[w]),
        float(np.min(period)),
        orbits=fo,
        sizing_plane=w,
        plane_semi_major_axis_m=a,
        plane_inclination_rad=inc,
        plane_raan_at_start_rad=raan0,
        plane_period_s=period,
        plane_satellites=fo.group_sizes(),
        plane_beta_min_rad=beta_min,
        plane_beta_max_rad=beta_max,
        plane_mean_eclipse_fraction=ecl_mean,
        plane_max_eclipse_fraction=ecl_max,
        plane_eclipse_free_fraction=ecl_free,
    )


def _orbit_design(scenario: Scenario, survey: OrbitSurvey, worst_eclipse_s: float) -> OrbitDesign:
    fo = survey.orbits
    assert fo is not None
    weights = survey.plane_satellites / max(1, int(np.sum(survey.plane_satellites)))
    alt_km = fo.altitude_m / 1e3
    planes = [
        PlaneDesign(
            name=fo.group_names[g],
            satellites=int(survey.plane_satellites[g]),
            altitude_km=float(survey.plane_semi_major_axis_m[g] - EARTH_EQUATORIAL_RADIUS_M) / 1e3,
            inclination_deg=math.degrees(float(survey.plane_inclination_rad[g])),
            raan_at_start_deg=math.degrees(float(survey.plane_raan_at_start_rad[g])) % 360.0,
            period_min=float(survey.plane_period_s[g]) / 60.0,
            beta_min_deg=math.degrees(float(survey.plane_beta_min_rad[g])),
            beta_max_deg=math.degrees(float(survey.plane_beta_max_rad[g])),
            sunlit_fraction=1.0 - float(survey.plane_mean_eclipse_fraction[g]),
            max_eclipse_min=float(survey.plane_max_eclipse_s[g]) / 60.0,
        )
        for g in range(len(fo.group_names))
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN when no sun-synchronous orbit exists
        beta_min = float(np.nanmin(survey.plane_beta_min_rad))
        beta_max = float(np.nanmax(survey.plane_beta_max_rad))
    return OrbitDesign(
        kind=scenario.orbit.kind,
        altitude_km=float(np.mean(alt_km)),
        semi_major_axis_km=survey.semi_major_axis_m / 1e3,
        inclination_deg=math.degrees(survey.inclination_rad),
        raan_at_start_deg=math.degrees(survey.raan_at_start_rad) % 360.0,
        period_min=survey.period_s / 60.0,
        beta_min_deg=math.degrees(beta_min),
        beta_max_deg=math.degrees(beta_max),
        sunlit_fraction=float(np.sum(weights * (1.0 - survey.plane_mean_eclipse_fraction))),
        max_eclipse_min=worst_eclipse_s / 60.0,
        eclipse_free_fraction_of_period=float(np.sum(weights * survey.plane_eclipse_free_fraction)),
        constellation=fo.description,
        planes=len(fo.group_names),
        sizing_plane=fo.group_names[survey.sizing_plane],
        altitude_min_km=float(np.min(alt_km)),
        altitude_max_km=float(np.max(alt_km)),
        inclination_min_deg=math.degrees(float(np.min(fo.inclination_rad))),
        inclination_max_deg=math.degrees(float(np.max(fo.inclination_rad))),
        plane_surveys=planes,
    )


def _accelerator_mass_kg(scenario: Scenario, accelerator: CatalogEntry) -> float:
    given = scenario.satellite.compute_mass_per_accelerator_kg
    if given is not None:
        return given
    mass = accelerator.get("mass", "kg")
    return DEFAULT_COMPUTE_MASS_PER_ACCELERATOR_KG if mass is None else mass


def _launch_payload_kg(
    scenario: Scenario, vehicle: CatalogEntry, catalog: Catalog, max_inclination_rad: float | None = None
) -> float:
    """Payload per launch to the scenario's orbit: the LEO figure, or for an sso orbit — and for walker or tle
    planes inclined at least :data:`POLAR_PAYLOAD_MIN_INCLINATION_RAD` — the SSO figure, or LEO times the SSO
    fraction."""
    leo = vehicle.to("payload_leo", "kg")
    polar = max_inclination_rad is not None and max_inclination_rad >= POLAR_PAYLOAD_MIN_INCLINATION_RAD
    if scenario.orbit.kind != "sso" and not polar:
        return leo
    sso = vehicle.get("payload_sso", "kg")
    if sso is not None:
        return sso
    penalty = catalog.entry("launch_vehicles", "sso-penalty", "launch.vehicle")
    return leo * penalty.to("payload_fraction_sso_vs_leo", "")


def _launch_price_usd_per_kg(scenario: Scenario, vehicle: CatalogEntry, payload_kg: float) -> float:
    if scenario.launch.price_usd_per_kg is not None:
        return scenario.launch.price_usd_per_kg
    per_kg = vehicle.get("price_per_kg", "USD/kg")
    if per_kg is not None:
        return per_kg
    price = vehicle.get("price", "USD")
    if price is None:
        raise SkyrackInputError(
            "launch.price",
            None,
            f"the catalog has no price for {vehicle.name!r}; give one, e.g. '1500 USD/kg'",
        )
    return price / payload_kg


def sizing_inputs(
    scenario: Scenario, accelerator: CatalogEntry, period_s: float, worst_eclipse_s: float
) -> SizingInputs:
    """The scenario's sizing inputs in SI (scalars), for :func:`~skyrack.physics.sizing.size_satellite`."""
    sat = scenario.satellite
    power, thermal = sat.power, sat.thermal
    return SizingInputs(
        accelerators=sat.accelerators,
        accelerator_power_w=accelerator.to("power", "W"),
        host_overhead=sat.host_overhead,
        bus_power_w=sat.bus_power_w,
        eclipse_load_fraction=power.eclipse_load_fraction,
        period_s=period_s,
        worst_eclipse_s=worst_eclipse_s,
        solar_constant_w_per_m2=scenario.environment.solar_constant_w_per_m2,
        cell_efficiency=power.cell_efficiency,
        packing_factor=power.packing_factor,
        cell_temperature_coefficient_per_k=scenario.simulation.cell_temperature_coefficient_per_k,
        cell_reference_temperature_k=scenario.simulation.cell_reference_temperature_k,
        array_absorptivity=scenario.simulation.array_absorptivity,
        array_emissivity=scenario.simulation.array_emissivity,
        degradation_per_year=power.degradation_per_year,
        design_life_years=sat.design_life_s / JULIAN_YEAR_S,
        daylight_path_efficiency=power.daylight_path_efficiency,
        eclipse_path_efficiency=power.eclipse_path_efficiency,
        depth_of_discharge=power.depth_of_discharge,
        battery_discharge_efficiency=power.battery_discharge_efficiency,
        battery_specific_energy_j_per_kg=power.battery_specific_energy_j_per_kg,
        array_areal_density_kg_per_m2=power.array_areal_density_kg_per_m2,
        radiator_temperature_k=thermal.radiator_temperature_k,
        emissivity=thermal.emissivity,
        absorptivity=thermal.absorptivity,
        earth_ir_absorptivity=(
            thermal.emissivity if thermal.earth_ir_absorptivity is None else thermal.earth_ir_absorptivity
        ),
        earth_view_factor=thermal.earth_view_factor,
        albedo=thermal.albedo,
        earth_temperature_k=thermal.earth_temperature_k,
        radiating_sides=thermal.radiating_sides,
        sunlit_sides=thermal.sunlit_sides,
        radiator_areal_density_kg_per_m2=thermal.radiator_areal_density_kg_per_m2,
        compute_mass_per_accelerator_kg=_accelerator_mass_kg(scenario, accelerator),
        bus_mass_fraction=sat.bus_mass_fraction,
    )


def design(scenario: Scenario) -> Design:
    """Size the satellite and the fleet for ``scenario`` and list what makes it infeasible."""
    catalog = scenario.resolved_catalog()
    sat = scenario.satellite
    power, thermal = sat.power, sat.thermal
    problems: list[str] = []

    # --- orbit
    survey = survey_orbit(scenario)
    period_s = survey.period_s
    min_altitude_m = float(np.min(survey.plane_semi_major_axis_m)) - EARTH_EQUATORIAL_RADIUS_M
    if not math.isfinite(survey.inclination_rad):
        problems.append(
            f"orbit.altitude = {min_altitude_m / 1e3:g} km: no sun-synchronous orbit exists this high "
            "(J2 precession is too slow); lower the altitude below about 5,970 km or use kind = 'circular'"
        )
    if min_altitude_m < MIN_SUSTAINABLE_ALTITUDE_M:
        where = "orbit.file: a satellite's mean altitude" if scenario.orbit.kind == "tle" else "orbit.altitude"
        problems.append(
            f"{where} = {min_altitude_m / 1e3:g} km is below about 300 km, where drag brings a "
            "satellite down within weeks; raise it"
        )
    longest = survey.plane_max_eclipse_s
    worst_eclipse_s = float(np.nanmax(longest)) if np.any(np.isfinite(longest)) else math.nan
    orbit_design = _orbit_design(scenario, survey, worst_eclipse_s)

    # --- satellite
    accelerator = catalog.entry("accelerators", sat.accelerator, "satellite.accelerator")
    inputs = sizing_inputs(scenario, accelerator, period_s, worst_eclipse_s)
    size = size_satellite(inputs)
    array_area = float(size.array_area_m2)
    flux = float(size.radiator_net_flux_w_per_m2)
    total_mass = float(size.total_mass_kg)
    if array_area > power.max_array_area_m2:
        problems.append(
            f"the array needs {array_area:,.0f} m², more than satellite.power.max_array_area = "
            f"{power.max_array_area_m2:,.0f} m² (the ISS's 2,500 m² is the largest flown); use fewer "
            "accelerators per satellite or more efficient cells"
        )
    if not flux > 0.0:
        emission = thermal.radiating_sides * thermal.emissivity * STEFAN_BOLTZMANN_W_PER_M2_K4
        t_zero_k = ((emission * thermal.radiator_temperature_k**4 - flux) / emission) ** 0.25
        problems.append(
            f"satellite.thermal.radiator_temperature = {thermal.radiator_temperature_k - 273.15:.1f} degC: the "
            f"radiator absorbs more sunlight and Earth heat than it emits (net {flux:.0f} W/m²); raise the "
            f"radiator temperature well above {t_zero_k - 273.15:.0f} degC, or lower the absorptivity or "
            "the number of sunlit sides"
        )
    satellite_design = SatelliteDesign(
        accelerator=sat.accelerator,
        accelerators=sat.accelerators,
        accelerator_power_w=float(inputs.accelerator_power_w),  # type: ignore[arg-type]
        it_power_kw=float(size.it_power_w) / 1e3,
        bus_power_kw=sat.bus_power_w / 1e3,
        heat_rejected_kw=float(size.heat_w) / 1e3,
        array_power_required_kw=float(size.array_power_required_w) / 1e3,
        array_output_eol_w_per_m2=float(size.array_output_eol_w_per_m2),
        array_cell_temperature_eol_c=float(size.array_cell_temperature_eol_k) - 273.15,
        array_area_m2=array_area,
        array_power_bol_kw=float(size.array_power_bol_w) / 1e3,
        array_mass_kg=float(size.array_mass_kg),
        battery_energy_kwh=float(size.battery_energy_j) / 3.6e6,
        battery_mass_kg=float(size.battery_mass_kg),
        radiator_net_flux_w_per_m2=flux,
        radiator_area_m2=float(size.radiator_area_m2),
        radiator_mass_kg=float(size.radiator_mass_kg),
        compute_mass_kg=float(size.compute_mass_kg),
        bus_mass_kg=float(size.bus_mass_kg),
        total_mass_kg=total_mass,
        specific_power_w_per_kg=float(size.it_power_w) / total_mass,
    )

    # --- fleet and launch
    vehicle = catalog.entry("launch_vehicles", scenario.launch.vehicle, "launch.vehicle")
    max_inclination = float(np.max(survey.plane_inclination_rad)) if scenario.orbit.kind in ("walker", "tle") else None
    payload_kg = _launch_payload_kg(scenario, vehicle, catalog, max_inclination)
    n_sats = scenario.fleet.satellites
    mass_ok = math.isfinite(total_mass) and total_mass > 0
    per_launch = int(payload_kg // total_mass) if mass_ok else 0
    if mass_ok and sat.assembled_in_orbit and per_launch == 0:
        launches = n_sats * math.ceil(total_mass / payload_kg)  # each satellite launched in parts
    elif per_launch == 0:
        problems.append(
            f"one satellite ({total_mass:,.0f} kg) is heavier than what {vehicle.name} carries to this orbit "
            f"({payload_kg:,.0f} kg); choose a larger launch.vehicle, fewer accelerators per satellite, or "
            "set satellite.assembled_in_orbit = true"
        )
        launches = 0
    else:
        launches = math.ceil(n_sats / per_launch)
    price_per_kg = _launch_price_usd_per_kg(scenario, vehicle, payload_kg)
    if scenario.launch.price_usd_per_kg is None and vehicle.get("price_per_kg", "USD/kg") is None and launches:
        launch_cost = launches * price_per_kg * payload_kg  # whole launches bought at the list price
    else:
        launch_cost = n_sats * total_mass * price_per_kg
    fleet_design = FleetDesign(
        satellites=n_sats,
        it_power_mw=n_sats * float(size.it_power_w) / 1e6,
        total_mass_t=n_sats * total_mass / 1e3,
        launch_vehicle=vehicle.name,
        payload_per_launch_kg=payload_kg,
        satellites_per_launch=per_launch,
        launches=launches,
        launch_price_usd_per_kg=price_per_kg,
        launch_cost_usd=launch_cost,
    )
    return Design(
        scenario_name=scenario.scenario.name,
        orbit=orbit_design,
        satellite=satellite_design,
        fleet=fleet_design,
        feasibility=Feasibility(ok=not problems, problems=problems),
    )
