"""Static design: size one compute satellite and the fleet from the worst case of the environment.

Orchestration only: it reads a :class:`~orbitdc.scenario.Scenario`, calls the astro and physics
kernels and the catalog, and returns a :class:`Design` whose :meth:`Design.to_dict` is the public
``orbitdc design --json`` output. No physics lives here.

The chain:

1. Orbit: inclination (derived for a sun-synchronous orbit), period, beta angle over the scenario
   period (analytic Sun, J2 nodal drift), eclipse per orbit from beta (cylindrical shadow, closed
   form), worst eclipse and sunlit fraction.
2. Satellite: IT power and heat; array sized for end-of-life output that runs the loads and recharges
   the battery after the worst eclipse (SMAD Eq. 11-5); battery for the worst eclipse at the allowed
   depth of discharge (SMAD Eq. 11-6); radiator from its net flux; bus and structure as a fraction of
   dry mass.
3. Fleet: IT power, mass, launches on the chosen vehicle (with the SSO payload penalty) and their cost.
4. Feasibility: each violated constraint, explained with what to change.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Final

import numpy as np

from orbitdc.astro.geometry import beta_angle_rad
from orbitdc.astro.orbits import (
    circular_period_s,
    j2_secular_rates_rad_per_s,
    raan_from_ltan_rad,
    sso_inclination_rad,
)
from orbitdc.astro.shadow import eclipse_fraction_circular
from orbitdc.astro.sun import sun_unit_vector_eci
from orbitdc.astro.time import julian_date_utc
from orbitdc.catalog import Catalog, CatalogEntry
from orbitdc.constants import EARTH_EQUATORIAL_RADIUS_M, JULIAN_YEAR_S, STEFAN_BOLTZMANN_W_PER_M2_K4
from orbitdc.errors import OrbitdcInputError
from orbitdc.scenario import Scenario
from orbitdc.sizing import SizingInputs, size_satellite

# Sampling interval of the beta-angle and eclipse survey over the scenario period [s]. Beta changes by
# at most ~0.2°/h for LEO (J2 drift of a low-inclination orbit plus the Sun's ~0.04°/h), so one hour
# resolves its extremes to well under 0.1°.
BETA_SURVEY_STEP_S: Final = 3600.0

# Below ~300 km a satellite without propulsion decays within weeks (e.g. Vallado, *Fundamentals of
# Astrodynamics and Applications*, 4th ed. (2013), §9.6; ESA Space Debris Office lifetime curves).
MIN_SUSTAINABLE_ALTITUDE_M: Final = 300e3

# Server-level mass per accelerator when the catalog has none: DGX H100, 123.2 kg for 8 GPUs
# (supercluster.blog, 2023; parameters.md [S61], status R2) → 15.4 kg per accelerator.
DEFAULT_COMPUTE_MASS_PER_ACCELERATOR_KG: Final = 123.2 / 8


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
    """The static design of one scenario. ``to_dict()`` is the ``orbitdc design --json`` object."""

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
    """Beta angle and eclipse over the scenario period, sampled every :data:`BETA_SURVEY_STEP_S`."""

    t_s: np.ndarray
    beta_rad: np.ndarray
    eclipse_fraction: np.ndarray
    semi_major_axis_m: float
    inclination_rad: float
    raan_at_start_rad: float
    period_s: float


def orbit_inclination_rad(scenario: Scenario) -> float:
    """Inclination of the scenario's orbit [rad]: derived from J2 for ``sso``, as given otherwise."""
    orbit = scenario.orbit
    a_m = EARTH_EQUATORIAL_RADIUS_M + orbit.altitude_m
    if orbit.kind == "sso":
        return float(sso_inclination_rad(a_m))
    assert orbit.inclination_rad is not None  # guaranteed by Orbit validation
    return orbit.inclination_rad


def survey_orbit(scenario: Scenario) -> OrbitSurvey:
    """Beta angle and eclipse fraction per orbit over the scenario period (closed forms)."""
    orbit = scenario.orbit
    a_m = EARTH_EQUATORIAL_RADIUS_M + orbit.altitude_m
    inclination = orbit_inclination_rad(scenario)
    start = scenario.scenario.start
    if orbit.ltan_h is not None:
        raan0 = float(raan_from_ltan_rad(orbit.ltan_h, julian_date_utc(start, 0.0)))
    else:
        raan0 = orbit.raan_rad or 0.0
    t_s = np.arange(0.0, scenario.scenario.duration_s + BETA_SURVEY_STEP_S / 2, BETA_SURVEY_STEP_S)
    raan_dot, _, _ = j2_secular_rates_rad_per_s(a_m, 0.0, inclination)
    raan = raan0 + np.asarray(raan_dot) * t_s
    sun = sun_unit_vector_eci(julian_date_utc(start, t_s))
    beta = np.asarray(beta_angle_rad(raan, inclination, sun), dtype=float)
    eclipse = np.asarray(eclipse_fraction_circular(beta, a_m), dtype=float)
    return OrbitSurvey(t_s, beta, eclipse, a_m, inclination, raan0, float(circular_period_s(a_m)))


def _accelerator_mass_kg(scenario: Scenario, accelerator: CatalogEntry) -> float:
    given = scenario.satellite.compute_mass_per_accelerator_kg
    if given is not None:
        return given
    mass = accelerator.get("mass", "kg")
    return DEFAULT_COMPUTE_MASS_PER_ACCELERATOR_KG if mass is None else mass


def _launch_payload_kg(scenario: Scenario, vehicle: CatalogEntry, catalog: Catalog) -> float:
    """Payload per launch to the scenario's orbit: the SSO figure, or LEO times the SSO fraction."""
    leo = vehicle.to("payload_leo", "kg")
    if scenario.orbit.kind != "sso":
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
        raise OrbitdcInputError(
            "launch.price",
            None,
            f"the catalog has no price for {vehicle.name!r}; give one, e.g. '1500 USD/kg'",
        )
    return price / payload_kg


def sizing_inputs(
    scenario: Scenario, accelerator: CatalogEntry, period_s: float, worst_eclipse_s: float
) -> SizingInputs:
    """The scenario's sizing inputs in SI (scalars), for :func:`~orbitdc.sizing.size_satellite`."""
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
    if not math.isfinite(survey.inclination_rad):
        problems.append(
            f"orbit.altitude = {scenario.orbit.altitude_m / 1e3:g} km: no sun-synchronous orbit exists this high "
            "(J2 precession is too slow); lower the altitude below about 5,970 km or use kind = 'circular'"
        )
    if scenario.orbit.altitude_m < MIN_SUSTAINABLE_ALTITUDE_M:
        problems.append(
            f"orbit.altitude = {scenario.orbit.altitude_m / 1e3:g} km is below about 300 km, where drag brings a "
            "satellite down within weeks; raise it"
        )
    eclipse_fraction = survey.eclipse_fraction
    worst_eclipse_s = float(np.nanmax(eclipse_fraction)) * period_s if eclipse_fraction.size else 0.0
    sunlit_fraction = float(np.nanmean(1.0 - eclipse_fraction))
    orbit_design = OrbitDesign(
        kind=scenario.orbit.kind,
        altitude_km=scenario.orbit.altitude_m / 1e3,
        semi_major_axis_km=survey.semi_major_axis_m / 1e3,
        inclination_deg=math.degrees(survey.inclination_rad),
        raan_at_start_deg=math.degrees(survey.raan_at_start_rad) % 360.0,
        period_min=period_s / 60.0,
        beta_min_deg=math.degrees(float(np.nanmin(survey.beta_rad))),
        beta_max_deg=math.degrees(float(np.nanmax(survey.beta_rad))),
        sunlit_fraction=sunlit_fraction,
        max_eclipse_min=worst_eclipse_s / 60.0,
        eclipse_free_fraction_of_period=float(np.mean(eclipse_fraction == 0.0)),
    )

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
    payload_kg = _launch_payload_kg(scenario, vehicle, catalog)
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
