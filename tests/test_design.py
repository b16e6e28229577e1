"""Static design against published figures and closed forms."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import skyrack
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M
from skyrack.errors import SkyrackInputError, SkyrackInputErrors


def _design(path: Path, *overrides: str) -> skyrack.Design:
    return skyrack.design(skyrack.load_scenario(path, list(overrides)))


def test_suncatcher_orbit(suncatcher_path: Path) -> None:
    result = _design(suncatcher_path)
    # SSO at 650 km: inclination 97.99°, period 97.7 min (DESIGN.md reference numbers, J2 = 1.0826e-3)
    assert np.degrees(result.orbit.inclination_rad) == pytest.approx(97.99, abs=0.02)
    assert (result.orbit.period_s / 60.0) == pytest.approx(97.7, abs=0.05)
    # Dawn–dusk geometry (closed form): the orbit normal points within (i − 90°) of the ecliptic pole
    # direction's projection, so beta is lowest at the June solstice: β_min = 90° − ε − (i − 90°) with the
    # obliquity ε = 23.44° (Astronomical Almanac) → 58.6°; ±0.5° for the equation of time and the mean Sun.
    beta_min_expected = 90.0 - 23.44 - (np.degrees(result.orbit.inclination_rad) - 90.0)
    assert np.degrees(result.orbit.beta_min_rad) == pytest.approx(beta_min_expected, abs=0.5)
    # Worst eclipse at that beta (cylindrical shadow, Vallado 2013 §5.3):
    # T = (P/π) acos(√(h² + 2Rh) / (a cos β)) = 19.7 min at 650 km and β = 58.6°.
    a_km, h_km, r_km = (result.orbit.semi_major_axis_m / 1e3), 650.0, EARTH_EQUATORIAL_RADIUS_M / 1e3
    expected_min = (
        (result.orbit.period_s / 60.0)
        / math.pi
        * math.acos(math.sqrt(h_km**2 + 2 * r_km * h_km) / (a_km * math.cos(math.radians(beta_min_expected))))
    )
    assert (result.orbit.max_eclipse_s / 60.0) == pytest.approx(expected_min, abs=1.0)
    # Eclipses only while beta < asin(R/a) = 65.2°: a season of roughly three months around the solstice.
    assert 0.65 < result.orbit.eclipse_free_fraction_of_period < 0.85
    assert 0.95 < result.orbit.sunlit_fraction < 0.975
    assert result.feasibility.ok, result.feasibility.problems


def test_worst_eclipse_550_km_reaches_beta_zero_value(suncatcher_path: Path) -> None:
    # A 53° orbit sweeps beta through zero within a year; the worst eclipse is then the beta = 0 value,
    # 35.6 min at 550 km (issue #2 reference, ±0.2 min).
    result = _design(
        suncatcher_path,
        "orbit.kind=circular",
        "orbit.altitude=550 km",
        "orbit.inclination=53 deg",
    )
    assert np.degrees(result.orbit.beta_min_rad) < 0.0 < np.degrees(result.orbit.beta_max_rad)
    assert (result.orbit.max_eclipse_s / 60.0) == pytest.approx(35.6, abs=0.2)


@pytest.mark.parametrize(("altitude_km", "eclipse_free"), [(1300, False), (1500, True)])
def test_dawn_dusk_sso_becomes_eclipse_free_near_1400_km(
    suncatcher_path: Path, altitude_km: int, eclipse_free: bool
) -> None:
    # A dawn–dusk SSO is eclipse-free all year from about 1,400 km (issue #2 reference): the minimum beta
    # (≈ 90° − 23.44° − (i − 90°)) exceeds the shadow's half-angle asin(R/a).
    result = _design(suncatcher_path, f"orbit.altitude={altitude_km} km")
    assert ((result.orbit.max_eclipse_s / 60.0) == 0.0) is eclipse_free
    assert ((result.satellite.battery_energy_j / 3.6e6) == 0.0) is eclipse_free


def test_satellite_sizing_closes(suncatcher_path: Path) -> None:
    result = _design(suncatcher_path)
    sat = result.satellite
    scenario = skyrack.load_scenario(suncatcher_path)
    # Mass closes: payload / (1 − bus fraction) dry, plus the propellant for the mission's Δv
    payload = sat.compute_mass_kg + sat.array_mass_kg + sat.battery_mass_kg + sat.radiator_mass_kg
    dry = payload / (1 - scenario.satellite.bus_mass_fraction)
    assert sat.total_mass_kg == pytest.approx(dry + sat.propellant_mass_kg, rel=1e-12)
    assert 0 < sat.propellant_mass_kg < 0.01 * dry  # 32 m/s at 2,500 s: 0.13 % of the dry mass
    # Radiator rejects all the heat at its net flux.
    assert sat.radiator_area_m2 * sat.radiator_net_flux_w_per_m2 == pytest.approx((sat.heat_rejected_w / 1e3) * 1e3)
    # Array at end of life delivers what the loads and the recharge need.
    assert sat.array_area_m2 * sat.array_output_eol_w_per_m2 == pytest.approx((sat.array_power_required_w / 1e3) * 1e3)
    # IT power = accelerators × power: the TPU's catalog power (432 W) is all-in, host and network included, so
    # no host overhead is added (issue #11: 16 × 432 W = 6.91 kW, not 8.99 kW)
    assert sat.it_power_w == pytest.approx(16 * 432.0, rel=1e-12)
    # a GPU's catalog power is its own TDP: host, memory and network come on top (default 0.3)
    gpu = _design(suncatcher_path, 'satellite.accelerator="h100-sxm"').satellite
    assert gpu.it_power_w == pytest.approx(16 * 700.0 * 1.3, rel=1e-12)
    with pytest.raises(SkyrackInputError, match="already all-in"):
        _design(suncatcher_path, "satellite.host_overhead=0.3")


def test_fleet_and_launch(suncatcher_path: Path) -> None:
    result = _design(suncatcher_path)
    fleet, sat = result.fleet, result.satellite
    assert fleet.satellites == 81
    assert (fleet.total_mass_kg / 1e3) == pytest.approx(81 * sat.total_mass_kg / 1e3)
    assert fleet.launches == math.ceil(81 / fleet.satellites_per_launch)
    assert fleet.satellites_per_launch * sat.total_mass_kg <= fleet.payload_per_launch_kg
    # launch.price = 200 USD/kg is charged on the launched mass
    assert fleet.launch_cost_usd == pytest.approx((fleet.total_mass_kg / 1e3) * 1e3 * 200.0)


def test_radiator_too_cold_is_reported(suncatcher_path: Path) -> None:
    result = _design(suncatcher_path, "satellite.thermal.radiator_temperature=-100 degC")
    assert not result.feasibility.ok
    assert any("radiator_temperature" in p and "raise" in p for p in result.feasibility.problems)


def test_low_altitude_is_reported(suncatcher_path: Path) -> None:
    # Below the dose table's 300 km the design says the dose is unknown (and nothing else is made up)
    result = _design(suncatcher_path, "orbit.altitude=250 km")
    assert any("300–2000 km" in p and "radiation.dose_rate" in p for p in result.feasibility.problems)
    assert len(result.feasibility.problems) == 1
    # with a dose given, 250 km is held by 1.4 kW of thrusters (the array grows to carry them); far lower, drag
    # takes more power than the panels that cause it can make, and no design holds the orbit
    held = _design(suncatcher_path, "orbit.altitude=250 km", 'radiation.dose_rate="100 rad_Si/yr"')
    assert held.feasibility.ok and 1e3 < held.satellite.propulsion_power_w < 3e3
    low = _design(suncatcher_path, "orbit.altitude=120 km", 'radiation.dose_rate="100 rad_Si/yr"')
    assert any("more thruster power than the array can give" in p for p in low.feasibility.problems)


def test_oversized_array_is_reported(suncatcher_path: Path) -> None:
    result = _design(suncatcher_path, "satellite.accelerators=20000")
    assert any("max_array_area" in p for p in result.feasibility.problems)


def test_semi_major_axis_uses_equatorial_radius(suncatcher_path: Path) -> None:
    result = _design(suncatcher_path)
    assert (result.orbit.semi_major_axis_m / 1e3) == pytest.approx((EARTH_EQUATORIAL_RADIUS_M + 650e3) / 1e3)


def test_assembled_in_orbit_counts_launches_by_mass() -> None:
    path = Path(__file__).parents[1] / "examples" / "starcloud-40mw.toml"
    result = _design(path)
    assert result.feasibility.ok, result.feasibility.problems
    assert result.fleet.satellites_per_launch == 0
    assert result.fleet.launches == math.ceil(result.satellite.total_mass_kg / result.fleet.payload_per_launch_kg)
    too_heavy = _design(path, "satellite.assembled_in_orbit=false")
    assert any("assembled_in_orbit" in p for p in too_heavy.feasibility.problems)


def test_sizing_is_for_the_mission_not_the_simulated_window(suncatcher_path: Path) -> None:
    # Issue #11: a 10-day window from the March equinox sees no eclipse of the dawn-dusk orbit, yet the satellite
    # must carry the battery for the June-solstice eclipse season of its 5-year life: the design does not depend
    # on scenario.duration. Reference: the same scenario over its full year (exact: the survey is the same).
    short = _design(suncatcher_path, 'scenario.duration="10 d"')
    year = _design(suncatcher_path, 'scenario.duration="365 d"')
    assert short.satellite.battery_energy_j > 0.0
    assert short.satellite.total_mass_kg == year.satellite.total_mass_kg
    assert short.orbit.max_eclipse_s == year.orbit.max_eclipse_s
    # the survey spans the 5-year design life, hourly
    assert short.orbit.survey.t_s[-1] == pytest.approx(5 * 365.25 * 86400.0, abs=3600.0)


def test_a_design_life_too_long_to_survey_is_refused_not_allocated(suncatcher_path: Path) -> None:
    # The hourly survey over a 1e5-year life would ask for 6.5 GiB; it is one clear message instead.
    with pytest.raises((SkyrackInputError, SkyrackInputErrors), match="at most 50 year"):
        _design(suncatcher_path, 'satellite.design_life="1e5 yr"')
