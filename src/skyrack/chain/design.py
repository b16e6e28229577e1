"""The design step: size one compute satellite and the fleet from the worst case of the environment.

A thin step over the models (:mod:`skyrack.models`) and the kernels; it returns a typed
:class:`~skyrack.results.design.Design` in SI whose ``to_dict()`` is the ``skyrack design --json`` object.

1. Orbit: beta angle and eclipse per orbit over the design life (at least a year from the start, whatever
   period the scenario simulates) for every distinct plane of the fleet
   (:func:`~skyrack.astro.survey.survey_planes`: J2 nodal drift, analytic Sun, cylindrical shadow); the
   satellite is sized for the worst plane.
2. Satellite: :func:`~skyrack.physics.sizing.size_satellite` (loads, array for the worst eclipse at end of life,
   battery, radiator, mass).
3. Fleet: launches on the chosen vehicle (:func:`~skyrack.economics.launch_bill`).
4. Feasibility: each violated constraint, explained with what to change.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from functools import lru_cache
from typing import Final

import numpy as np

from skyrack import economics as econ
from skyrack.astro.sun import sun_unit_vector_eci
from skyrack.astro.survey import PlaneSurvey, survey_planes
from skyrack.astro.time import SECONDS_PER_DAY, datetime_to_jd_utc
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, JULIAN_YEAR_S, STEFAN_BOLTZMANN_W_PER_M2_K4, TROPICAL_YEAR_DAYS
from skyrack.errors import SkyrackInputError
from skyrack.models import Models, build_models
from skyrack.physics import drag
from skyrack.physics.radiation import RAD_SI_GY
from skyrack.physics.radiator import radiator_zero_flux_temperature_k, survival_heater_power_w
from skyrack.physics.sizing import Sizing, size_satellite
from skyrack.results.design import (
    Design,
    Feasibility,
    FleetDesign,
    NetworkDesign,
    OrbitDesign,
    OrbitSurvey,
    PlaneDesign,
    SatelliteDesign,
)
from skyrack.scenario import Scenario

# Sampling interval of the beta-angle and eclipse survey over the scenario period [s]. Beta changes by
# at most ~0.2°/h for LEO (J2 drift of a low-inclination orbit plus the Sun's ~0.04°/h), so one hour
# resolves its extremes to well under 0.1°.
BETA_SURVEY_STEP_S: Final = 3600.0

# Longest period the design surveys [s], 50 years: a modelling bound chosen here, twice the ~25 years the ISS has
# flown, far beyond any compute satellite's economic life; it keeps the hourly survey to ≈ 440,000 samples.
MAX_SURVEY_S: Final = 50 * JULIAN_YEAR_S


def survey_period_s(models: Models) -> float:
    """The period the design surveys: the satellite's design life, and at least a tropical year from the start
    (every season of the Sun), whatever period the scenario simulates.

    Raises
    ------
    SkyrackInputError
        For a design life longer than :data:`MAX_SURVEY_S` (the survey would not fit in memory).
    """
    life_s = models.satellite.design_life_s
    if not life_s <= MAX_SURVEY_S:
        raise SkyrackInputError(
            "satellite.design_life",
            f"{life_s / JULIAN_YEAR_S:g} yr",
            "at most 50 yr (the design surveys the Sun and eclipse geometry hour by hour over the life)",
        )
    return max(life_s, TROPICAL_YEAR_DAYS * SECONDS_PER_DAY)


def _survey_times(period_s: float) -> np.ndarray:
    return np.arange(0.0, period_s + BETA_SURVEY_STEP_S / 2, BETA_SURVEY_STEP_S)


@lru_cache(maxsize=4)
def _sun_series(jd_start_utc: float, period_s: float) -> np.ndarray:
    """The Sun's unit vector at :func:`_survey_times` from ``jd_start_utc``, kept for the last four: a trade study
    surveys the same start and life at every point (read-only)."""
    sun = sun_unit_vector_eci(jd_start_utc + _survey_times(period_s) / SECONDS_PER_DAY)
    sun.setflags(write=False)
    return sun


def survey_fleet(models: Models, period_s: float | None = None) -> PlaneSurvey:
    """Beta angle and eclipse over ``period_s`` from the start (default :func:`survey_period_s`, what the design
    sizes for) for every distinct plane of the fleet, every :data:`BETA_SURVEY_STEP_S` (for ``tle`` each
    satellite is its own plane, its circular equivalent)."""
    fo = models.orbits
    first = fo.group_first()
    span_s = survey_period_s(models) if period_s is None else period_s
    jd_start = datetime_to_jd_utc(models.start)
    return survey_planes(
        fo.semi_major_axis_m[first],
        fo.inclination_rad[first],
        fo.raan0_rad[first],
        fo.raan_dot_rad_per_s[first],
        jd_start,
        _survey_times(span_s),
        _sun_series(jd_start, span_s),
    )


def plane_designs(models: Models, ps: PlaneSurvey) -> list[PlaneDesign]:
    """One :class:`~skyrack.results.design.PlaneDesign` per distinct plane of a survey (:func:`survey_fleet`)."""
    fo = models.orbits
    first = fo.group_first()
    a, inc, raan0 = fo.semi_major_axis_m[first], fo.inclination_rad[first], fo.raan0_rad[first]
    sizes = fo.group_sizes()
    return [
        PlaneDesign(
            name=fo.group_names[g],
            satellites=int(sizes[g]),
            altitude_m=float(a[g] - EARTH_EQUATORIAL_RADIUS_M),
            inclination_rad=float(inc[g]),
            raan_at_start_rad=float(raan0[g]),
            period_s=float(ps.period_s[g]),
            beta_min_rad=float(ps.beta_min_rad[g]),
            beta_max_rad=float(ps.beta_max_rad[g]),
            sunlit_fraction=1.0 - float(ps.mean_eclipse_fraction[g]),
            max_eclipse_s=float(ps.max_eclipse_fraction[g] * ps.period_s[g]),
        )
        for g in range(first.size)
    ]


def fleet_sunlit_fraction(models: Models, ps: PlaneSurvey) -> float:
    """Mean sunlit fraction of a survey over the fleet, each plane weighted by its satellites."""
    sizes = models.orbits.group_sizes()
    return float(np.sum(sizes / max(1, int(np.sum(sizes))) * (1.0 - ps.mean_eclipse_fraction)))


def _orbit_design(models: Models, ps: PlaneSurvey, worst_eclipse_s: float) -> OrbitDesign:
    fo = models.orbits
    first = fo.group_first()
    a, inc, raan0 = fo.semi_major_axis_m[first], fo.inclination_rad[first], fo.raan0_rad[first]
    sizes = fo.group_sizes()
    weights = sizes / max(1, int(np.sum(sizes)))
    planes = plane_designs(models, ps)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN when no sun-synchronous orbit exists
        beta_min = float(np.nanmin(ps.beta_min_rad))
        beta_max = float(np.nanmax(ps.beta_max_rad))
    w = ps.sizing_plane
    shortest_period = float(np.min(ps.period_s))
    t_s = _survey_times(survey_period_s(models))
    return OrbitDesign(
        kind=models.orbit_kind,
        altitude_m=float(np.mean(fo.altitude_m)),
        semi_major_axis_m=float(a[w]),
        inclination_rad=float(inc[w]),
        raan_at_start_rad=float(raan0[w]),
        period_s=shortest_period,
        beta_min_rad=beta_min,
        beta_max_rad=beta_max,
        sunlit_fraction=fleet_sunlit_fraction(models, ps),
        max_eclipse_s=worst_eclipse_s,
        eclipse_free_fraction_of_period=float(np.sum(weights * ps.eclipse_free_fraction)),
        constellation=fo.description,
        planes=len(fo.group_names),
        sizing_plane=fo.group_names[w],
        altitude_min_m=float(np.min(fo.altitude_m)),
        altitude_max_m=float(np.max(fo.altitude_m)),
        inclination_min_rad=float(np.min(fo.inclination_rad)),
        inclination_max_rad=float(np.max(fo.inclination_rad)),
        plane_surveys=planes,
        survey=OrbitSurvey(t_s, ps.sizing_beta_rad, ps.sizing_eclipse_fraction, shortest_period),
    )


def _satellite_design(models: Models, size: Sizing) -> SatelliteDesign:
    sat = models.satellite

    def f(x: np.ndarray) -> float:
        return float(x)

    path, rad, chips = sat.heat_path, sat.radiator, sat.chips
    # survival heaters: every accelerator idle, in eclipse (the radiator sees only the Earth's infrared)
    conductance = sat.accelerators * sat.accelerator_power_with_host_w / chips.temperature_rise_k
    area = f(size.radiator_area_m2)
    earth_ir = area * rad.earth_view_factor * rad.earth_ir_absorptivity * STEFAN_BOLTZMANN_W_PER_M2_K4
    heater = survival_heater_power_w(
        chips.min_temperature_k,
        sat.accelerators * sat.accelerator.idle_power_w * (1.0 + sat.host_overhead),
        sat.bus_load_w,
        conductance,
        rad.radiating_sides * rad.emissivity * STEFAN_BOLTZMANN_W_PER_M2_K4 * area,
        earth_ir * rad.earth_temperature_k**4,
    )

    return SatelliteDesign(
        accelerator=sat.accelerator.name,
        accelerators=sat.accelerators,
        accelerator_power_w=sat.accelerator.power_w,
        it_power_w=f(size.it_power_w),
        bus_power_w=sat.bus_power_w,
        heat_rejected_w=f(size.heat_w),
        array_power_required_w=f(size.array_power_required_w),
        array_output_eol_w_per_m2=f(size.array_output_eol_w_per_m2),
        array_cell_temperature_eol_k=f(size.array_cell_temperature_eol_k),
        array_area_m2=f(size.array_area_m2),
        array_power_bol_w=f(size.array_power_bol_w),
        array_mass_kg=f(size.array_mass_kg),
        battery_energy_j=f(size.battery_energy_j),
        battery_mass_kg=f(size.battery_mass_kg),
        radiator_net_flux_w_per_m2=f(size.radiator_net_flux_w_per_m2),
        radiator_area_m2=f(size.radiator_area_m2),
        radiator_mass_kg=f(size.radiator_mass_kg),
        compute_mass_kg=f(size.compute_mass_kg),
        bus_mass_kg=f(size.bus_mass_kg),
        total_mass_kg=f(size.total_mass_kg),
        propellant_mass_kg=f(size.propellant_mass_kg),
        radiator_temperature_k=rad.temperature_k,
        radiator_temperature_limit_k=path.limit_k,
        binding_thermal_limit=path.binding,
        junction_temperature_k=rad.temperature_k + chips.temperature_rise_k,
        heater_power_w=f(heater) if math.isfinite(area) else math.nan,
        radiator_absorptivity_end_of_life=rad.absorptivity_after(sat.design_life_years),
        coolant=path.coolant,
        coolant_flow_kg_per_s=path.coolant_flow_kg_per_s(f(size.heat_w)),
        coolant_loop=path.loop,
        pump_power_w=sat.pump_power_w,
        fin_efficiency=path.fin_efficiency,
        panel_drop_k=path.panel_drop_k,
        comms_mass_kg=f(size.comms_mass_kg),
    )


def design(scenario: Scenario | Models) -> Design:
    """Size the satellite and the fleet for ``scenario`` and list what makes it infeasible."""
    models = build_models(scenario)
    sat = models.satellite
    problems: list[str] = []

    # --- orbit
    ps = survey_fleet(models)
    fo = models.orbits
    min_altitude_m = float(np.min(fo.semi_major_axis_m)) - EARTH_EQUATORIAL_RADIUS_M
    if not np.all(np.isfinite(fo.inclination_rad)):
        problems.append(
            f"orbit.altitude = {min_altitude_m / 1e3:g} km: no sun-synchronous orbit exists this high "
            "(J2 precession is too slow); lower the altitude below about 5,970 km or use kind = 'circular'"
        )
    longest = ps.max_eclipse_fraction * ps.period_s
    worst_eclipse_s = float(np.nanmax(longest)) if np.any(np.isfinite(longest)) else math.nan
    orbit = _orbit_design(models, ps, worst_eclipse_s)

    # --- satellite: sized for the longest eclipse within the shortest orbit, which bounds every plane's
    # eclipse-to-period ratio
    dry = _satellite_design(
        models,
        size_satellite(
            sat.sizing_inputs(
                models.solar_constant_w_per_m2, orbit.period_s, worst_eclipse_s, comms_mass_kg=models.comms_mass_kg
            )
        ),
    )
    satellite, orbit, held = _hold_altitude(models, orbit, dry, ps, worst_eclipse_s)
    where = "orbit.file: a satellite's mean altitude" if models.orbit_kind == "tle" else "orbit.altitude"
    if not held:
        t_per_p = 2.0 * sat.thruster_efficiency / (drag.STANDARD_GRAVITY_M_PER_S2 * sat.thruster_isp_s) * 1e6
        problems.append(
            f"{where} = {min_altitude_m / 1e3:g} km: drag here takes more thruster power than the array can give "
            f"(at {t_per_p:.1f} mN/kW, every m² of panel added to power the thrusters adds more drag power than "
            "it makes); raise the orbit"
        )
    elif not math.isfinite(satellite.propellant_mass_kg):
        problems.append(
            f"{where} = {min_altitude_m / 1e3:g} km: holding it for the design life takes "
            f"{orbit.mission_delta_v_m_per_s / 1e3:,.3g} km/s, more than any propellant load gives at "
            f"{sat.thruster_isp_s:g} s (rocket equation); raise the orbit"
        )
    try:
        dose = models.radiation
    except SkyrackInputError as exc:  # an orbit or shielding outside the dose table: the design says so
        problems.append(str(exc))
    else:
        satellite = dataclasses.replace(
            satellite,
            dose_rate_rad_per_year=dose.dose_rate_rad_per_year,
            dose_by_source_rad_per_year=dose.budget.as_dict() if dose.budget else {},
            tid_tolerance_rad=dose.tid_tolerance_gy / RAD_SI_GY,
        )
    power, rad = sat.power, sat.radiator
    path = sat.heat_path
    if path.limit_k <= 0.0:
        problems.append(
            f"satellite.thermal: the heat path leaves no radiator temperature (the chips' limits minus the cold "
            f"plate, coolant and panel drops is {path.limit_k - 273.15:.0f} degC); lower cold_plate_resistance or "
            "coolant_temperature_rise"
        )
    elif path.override_k is not None and path.override_k > path.limit_k + 1e-6:
        which = "junction" if path.junction_limit_k <= path.hbm_limit_k else "HBM"
        problems.append(
            f"satellite.thermal.radiator_temperature = {path.override_k - 273.15:.1f} degC is above the "
            f"{path.limit_k - 273.15:.1f} degC the heat path allows: the {which} would run above its limit "
            f"(junction {sat.accelerator.max_temperature_k - 273.15:.0f} degC, HBM "
            f"{sat.accelerator.hbm_max_temperature_k - 273.15:.0f} degC); lower it, or remove it to use the limit"
        )
    if satellite.array_area_m2 > power.max_array_area_m2:
        problems.append(
            f"the array needs {satellite.array_area_m2:,.0f} m², more than satellite.power.max_array_area = "
            f"{power.max_array_area_m2:,.0f} m² (the ISS's 2,500 m² is the largest flown); use fewer "
            "accelerators per satellite or more efficient cells"
        )
    flux = satellite.radiator_net_flux_w_per_m2
    if not flux > 0.0:
        t_zero_k = float(radiator_zero_flux_temperature_k(rad.temperature_k, flux, rad.emissivity, rad.radiating_sides))
        problems.append(
            f"satellite.thermal.radiator_temperature = {rad.temperature_k - 273.15:.1f} degC: the "
            f"radiator absorbs more sunlight and Earth heat than it emits (net {flux:.0f} W/m²); raise the "
            f"radiator temperature well above {t_zero_k - 273.15:.0f} degC, or lower the absorptivity or "
            "the number of sunlit sides"
        )

    # --- fleet and launch
    vehicle = models.launch
    n_sat = models.n_satellites
    mass = satellite.total_mass_kg
    per_launch, launches, launch_cost = econ.launch_bill(
        n_sat, mass, vehicle.payload_kg, vehicle.price_usd_per_kg, vehicle.bills_whole_launches, sat.assembled_in_orbit
    )
    if launches == 0:
        problems.append(
            f"one satellite ({mass:,.0f} kg) is heavier than what {vehicle.name} carries to this orbit "
            f"({vehicle.payload_kg:,.0f} kg); choose a larger launch.vehicle, fewer accelerators per satellite, or "
            "set satellite.assembled_in_orbit = true"
        )
    fleet = FleetDesign(
        satellites=n_sat,
        it_power_w=n_sat * satellite.it_power_w,
        total_mass_kg=n_sat * mass,
        launch_vehicle=vehicle.name,
        payload_per_launch_kg=vehicle.payload_kg,
        satellites_per_launch=per_launch,
        launches=launches,
        launch_price_usd_per_kg=vehicle.price_usd_per_kg,
        launch_cost_usd=launch_cost,
    )
    problems += _insane_figures({"satellite": satellite.to_dict(), "fleet": fleet.to_dict()})
    network = _network_design(models, problems)
    return Design(
        models.scenario_name, orbit, satellite, fleet, Feasibility(ok=not problems, problems=problems), network
    )


# Cluster radii of the trade the design reports for a formation, as multiples of the scenario's.
_RADIUS_SCAN: Final = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


def _compute_bound(step_compute_s: float, comm_s: float, overlap: float) -> tuple[float, float]:
    """What the overlap does not hide of the exchange, and compute's share of the step."""
    exposed = max(0.0, comm_s - overlap * step_compute_s)
    total = step_compute_s + exposed
    return exposed, (step_compute_s / total if math.isfinite(total) and total > 0 else 0.0)


def _network_design(models: Models, problems: list[str]) -> NetworkDesign | None:
    """The network the training all-reduce runs on, how compute-bound the step is, and (formations) how that
    moves with the cluster's radius; a problem when the links do not connect the fleet."""
    tj = models.work.training
    if tj is None:
        return None
    net = models.network
    overridden = models.isl_capacity_bit_per_s is not None
    flops = models.n_satellites * models.satellite.accelerators * tj.peak_flops_per_accelerator * tj.mfu
    step_compute = 6.0 * tj.parameters * tj.global_batch_tokens / flops if flops > 0 else math.inf
    exposed, bound = _compute_bound(step_compute, tj.allreduce_time_s, tj.comm_overlap)
    lengths, capacities = net.live_lengths_m(), net.live_capacities_bit_per_s()
    times = net.allreduce_times_s

    def stat(values: np.ndarray, how: str) -> float:
        if len(values) == 0:
            return math.nan
        if how == "min":
            return float(np.min(values))
        return float(np.median(values)) if how == "median" else float(np.max(values))

    note = net.note
    if overridden:
        note = "workload.training.isl_capacity is set: the all-reduce runs a ring at that capacity"
    elif net.snapshots and not net.always_connected:
        blocked = sum(not s.connected for s in net.snapshots)
        shortest = stat(np.concatenate([s.length_m for s in net.snapshots]), "min")
        problems.append(
            f"network: the links do not connect the fleet in {blocked} of {len(net.snapshots)} snapshots over the "
            f"orbit (terminal {net.terminal.name}, topology {net.topology}; the shortest candidate link is "
            f"{shortest / 1e3:,.0f} km, and a link must clear network.min_tangent_altitude and close its budget), so "
            "the training all-reduce cannot run; put more satellites in each plane, choose a longer-range "
            "network.terminal, set workload.training.isl_capacity, or switch the job off (workload.training = false)"
        )
    scan: list[tuple[float, float, float]] = []
    if net.topology == "formation" and not overridden and models.cluster_radius_m is not None:
        for factor in _RADIUS_SCAN:
            radius = factor * models.cluster_radius_m
            other = models.network_for_cluster_radius(radius)
            t = other.mean_allreduce_time_s if tj.replicas == models.n_satellites else math.nan
            scan.append((radius, t, _compute_bound(step_compute, t, tj.comm_overlap)[1]))
    return NetworkDesign(
        topology=net.topology,
        terminal=net.terminal.name,
        terminals_per_satellite=net.terminals_per_satellite,
        allreduce=net.allreduce,
        snapshots=len(net.snapshots),
        links_per_snapshot=float(np.mean([np.count_nonzero(s.capacity_bit_per_s) for s in net.snapshots]))
        if net.snapshots
        else 0.0,
        always_connected=net.always_connected,
        link_length_min_m=stat(lengths, "min"),
        link_length_median_m=stat(lengths, "median"),
        link_length_max_m=stat(lengths, "max"),
        link_capacity_min_bit_per_s=stat(capacities, "min"),
        link_capacity_median_bit_per_s=stat(capacities, "median"),
        ring_bandwidth_bit_per_s=float(np.mean([s.ring_bandwidth_bit_per_s for s in net.snapshots]))
        if net.snapshots
        else math.nan,
        allreduce_s=tj.allreduce_time_s,
        allreduce_min_s=stat(times, "min") if not overridden else tj.allreduce_time_s,
        allreduce_max_s=stat(times, "max") if not overridden else tj.allreduce_time_s,
        step_compute_s=step_compute,
        exposed_comm_s=exposed,
        compute_bound_fraction=bound,
        note=note,
        radius_scan=tuple(scan),
    )


def _hold_altitude(
    models: Models, orbit0: OrbitDesign, dry: SatelliteDesign, ps: PlaneSurvey, worst_eclipse_s: float
) -> tuple[SatelliteDesign, OrbitDesign, bool]:
    """The satellite that holds its altitude: drag on the dry satellite (its ballistic coefficient is the lower,
    the conservative Δv), the propellant for the mission's Δv on top, and the thrusters' power against that drag,
    a load that grows the array, whose drag it must then also hold. Iterated to the fixed point, which exists only
    while a m² of array makes more power than its drag takes; ``False`` (with the dry satellite) when none does."""
    sat = models.satellite
    orbit = _with_drag(models, orbit0, dry, ps)
    thrust_w = _thrust_power_w(models, orbit)
    steps: list[float] = []
    satellite = dry
    for _ in range(THRUST_ITERATIONS):
        if not math.isfinite(thrust_w):
            break
        size = size_satellite(
            sat.sizing_inputs(
                models.solar_constant_w_per_m2, orbit.period_s, worst_eclipse_s, orbit.mission_delta_v_m_per_s,
                thrust_w, models.comms_mass_kg,
            )
        )  # fmt: skip
        satellite = _satellite_design(models, size)
        dry_now = dataclasses.replace(satellite, total_mass_kg=satellite.total_mass_kg - satellite.propellant_mass_kg)
        orbit = _with_drag(models, orbit0, dry_now, ps)
        new_thrust_w = _thrust_power_w(models, orbit)
        steps.append(new_thrust_w - thrust_w)
        thrust_w = new_thrust_w
        # each pass adds k times the last pass's power, k = a m² of array's drag power over its electric power:
        # below 1 the passes settle, at 1 or above no array holds the orbit
        if len(steps) >= 2 and steps[-2] > 0 and steps[-1] >= (1.0 - 1e-9) * steps[-2]:
            thrust_w = math.inf
            break
        if abs(steps[-1]) <= 1e-9 * max(1.0, thrust_w):
            break
    if not (math.isfinite(thrust_w) and math.isfinite(orbit.mission_delta_v_m_per_s)):
        # the figures of a satellite that cannot hold its orbit mean nothing: the one without thrusters stands
        return dry, _with_drag(models, orbit0, dry, ps), False
    return dataclasses.replace(satellite, propulsion_power_w=thrust_w), orbit, True


def _with_drag(models: Models, orbit: OrbitDesign, satellite: SatelliteDesign, ps: PlaneSurvey) -> OrbitDesign:
    """The drag figures of the design's satellite at the fleet's mean altitude.

    Area across the flow: sun-tracking arrays and radiators (the radiator sized with a face to the Sun) present
    :math:`A \\, |\\hat v \\cdot \\hat s|`, whose mean over an orbit is :math:`(2/\\pi) A |\\cos\beta|`, averaged over the
    survey of the sizing plane; the bus body, small beside the panels, is left out (so the drag is a lower bound
    at β near 90°, where the panels fly edge-on)."""
    mean_cos_beta = float(np.mean(np.abs(np.cos(ps.sizing_beta_rad))))
    area = (satellite.array_area_m2 + satellite.radiator_area_m2) * (2.0 / math.pi) * mean_cos_beta
    b = float(drag.ballistic_coefficient_kg_per_m2(satellite.total_mass_kg, models.drag_coefficient, area))
    atmosphere = models.atmosphere
    altitude = orbit.altitude_m
    top = float(atmosphere.altitudes_m[-1])
    density = atmosphere.density_at(min(altitude, top))
    a = EARTH_EQUATORIAL_RADIUS_M + altitude
    dv = float(drag.altitude_keeping_delta_v_m_per_s_per_year(density, a, b))
    if altitude <= drag.REENTRY_ALTITUDE_M:
        life = 0.0
    elif altitude > top or not math.isfinite(b):  # above the profile, or no area across the flow: no decay
        life = math.inf
    else:
        life = drag.lifetime_s(atmosphere.altitudes_m, atmosphere.density_kg_per_m3, altitude, b) / JULIAN_YEAR_S
    disposal = 0.0
    if life > DISPOSAL_YEARS and math.isfinite(b):
        h5 = drag.altitude_for_lifetime_m(
            atmosphere.altitudes_m, atmosphere.density_kg_per_m3, b, DISPOSAL_YEARS * JULIAN_YEAR_S
        )
        disposal = float(drag.deorbit_delta_v_m_per_s(a, EARTH_EQUATORIAL_RADIUS_M + min(h5, altitude)))
    radius = models.cluster_radius_m
    formation = FORMATION_DV_M_PER_S_PER_YEAR_PER_M * radius if radius is not None else 0.0
    years = models.satellite.design_life_years
    mission = (dv + formation) * years + disposal if math.isfinite(dv) else math.nan
    return dataclasses.replace(
        orbit, drag_area_m2=area, ballistic_coefficient_kg_per_m2=b, drag_delta_v_m_per_s_per_year=dv,
        lifetime_without_propulsion_years=life, disposal_delta_v_m_per_s=disposal, mission_delta_v_m_per_s=mission,
        formation_delta_v_m_per_s_per_year=formation,
    )  # fmt: skip


# Suncatcher (arXiv 2511.19468, 2025, §2.2): trimming the cluster's axis ratio to 2:1.0037 "can reduce J2-drift to
# <3 m/s/year per km of maximal distance from reference orbit" — the upper bound, per metre of cluster radius.
FORMATION_DV_M_PER_S_PER_YEAR_PER_M: Final = 3.0 / 1e3


# Fixed-point passes of the thrust power against drag; a converging one settles to 1e-9 within a few (the drag of
# the extra array is a small fraction of its power at any altitude a design can hold).
THRUST_ITERATIONS: Final = 60


def _thrust_power_w(models: Models, orbit: OrbitDesign) -> float:
    """Mean thruster power that holds the altitude [W]: the drag force (dry mass × Δv a year / year) at the
    thrusters' power per newton (:func:`~skyrack.physics.drag.thrust_power_w`)."""
    dv = orbit.drag_delta_v_m_per_s_per_year
    if not math.isfinite(orbit.ballistic_coefficient_kg_per_m2):
        return 0.0  # no area across the flow: no drag to hold
    if not math.isfinite(dv):
        return math.inf  # no finite thrust holds it
    # F = m a = m Δv/yr / yr; with B = m / (C_D A), m = B C_D A
    force = orbit.ballistic_coefficient_kg_per_m2 * models.drag_coefficient * orbit.drag_area_m2 * dv / JULIAN_YEAR_S
    sat = models.satellite
    return float(drag.thrust_power_w(force, sat.thruster_isp_s, sat.thruster_efficiency))


# FCC 22-74 (Second Report and Order, 29 Sep 2022; in force 9 Sep 2024): LEO satellites disposed of within five
# years of the end of their mission.
DISPOSAL_YEARS: Final = 5.0


# Unit suffixes of design figures that cannot be negative (masses, areas, powers, energies, money, counts).
# (Not fluxes per m²: a radiator's net flux below zero has its own message above.)
_NON_NEGATIVE_SUFFIXES: Final = ("_kg", "_t", "_m2", "_w", "_mw", "_wh", "_j", "_usd", "launches")


# Figures that are rightly infinite or unknown: no dose → the tolerance is never reached; an orbit outside the dose
# table leaves the dose unknown, and says so in its own problem.
_MAY_BE_UNBOUNDED: Final = frozenset({"years_to_tid_tolerance", "dose_rate_rad_per_year"})


def _insane_figures(figures: dict[str, dict[str, object]]) -> list[str]:
    """Problems for any figure that is not finite, or negative where it cannot be (issue #12: a design full of NaN,
    or with a negative compute mass, was reported feasible). Such a figure means an input outside what the models
    describe; the message names it so the input can be found."""
    problems = []
    for part, values in figures.items():
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if not math.isfinite(value) and key not in _MAY_BE_UNBOUNDED:
                problems.append(f"{part}.{key} = {value}: not a finite number; an input is outside what the models "
                                "describe (check the values this figure depends on)")  # fmt: skip
            elif value < 0 and key.endswith(_NON_NEGATIVE_SUFFIXES):
                problems.append(f"{part}.{key} = {value:g}: negative; an input is outside what the models describe")
    return problems


def feasible_design(models: Models, result: Design | None, consequence: str) -> Design:
    """``result`` (the design of ``models`` when not given), refused with its problems when it is not feasible:
    "the design is not feasible, so ``consequence``: …"."""
    result = result or design(models)
    if not result.feasibility.ok:
        raise SkyrackInputError(
            "scenario", models.scenario_name, f"the design is not feasible, so {consequence}: "
            + "; ".join(result.feasibility.problems)
        )  # fmt: skip
    return result


__all__ = [
    "BETA_SURVEY_STEP_S",
    "MAX_SURVEY_S",
    "Design",
    "design",
    "feasible_design",
    "fleet_sunlit_fraction",
    "plane_designs",
    "survey_fleet",
    "survey_period_s",
]
