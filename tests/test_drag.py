"""Drag kernels (physics/drag.py) against closed forms and an independent quadrature."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from skyrack.physics.drag import (
    STANDARD_GRAVITY_M_PER_S2,
    altitude_keeping_delta_v_m_per_s_per_year,
    ballistic_coefficient_kg_per_m2,
    decay_rate_m_per_s,
    deorbit_delta_v_m_per_s,
    lifetime_s,
    propellant_mass_kg,
)

MU = 3.986004418e14  # WGS-84
RE = 6378137.0
YEAR = 365.25 * 86400.0


def test_altitude_keeping_delta_v_is_the_drag_impulse_of_a_year() -> None:
    # 1e-12 kg/m³ at 400 km, B = 50 kg/m²: ρ v² / (2B) × one year, v² = μ/a (hand ledger)
    a = RE + 400e3
    expected = 1e-12 * (MU / a) / (2 * 50.0) * YEAR
    assert float(altitude_keeping_delta_v_m_per_s_per_year(1e-12, a, 50.0)) == pytest.approx(expected, rel=1e-12)
    assert float(ballistic_coefficient_kg_per_m2(500.0, 2.2, 10.0)) == pytest.approx(500.0 / 22.0, rel=1e-12)


def test_decay_rate_and_delta_v_agree() -> None:
    # energy: the power drag takes, m v dv/dt, equals the rate of change of orbital energy -μ m/(2a):
    # μ/(2a²) da/dt = -v × (ρ v²/(2B)) → da/dt = -ρ sqrt(μ a)/B
    a, rho, b = RE + 550e3, 3e-13, 80.0
    v = math.sqrt(MU / a)
    dvdt = float(altitude_keeping_delta_v_m_per_s_per_year(rho, a, b)) / YEAR
    assert float(decay_rate_m_per_s(rho, a, b)) == pytest.approx(-2 * a**2 / MU * v * dvdt, rel=1e-12)


def test_lifetime_matches_an_independent_quadrature_on_an_exponential_atmosphere() -> None:
    # ρ = ρ0 exp(-(h - h0)/H): the kernel's log-linear interpolation is exact for it, so its trapezoidal sum must
    # agree with scipy's adaptive quadrature of the same integral to the trapezoid's error (< 0.1 %)
    h0, rho0, scale = 400e3, 3e-12, 55e3
    h = np.linspace(80e3, 800e3, 73)
    rho = rho0 * np.exp(-(h - h0) / scale)
    b = 50.0

    def integrand(x: float) -> float:
        return b / (rho0 * math.exp(-(x - h0) / scale) * math.sqrt(MU * (RE + x)))

    reference, _ = quad(integrand, 100e3, 550e3, limit=200)
    assert lifetime_s(h, rho, 550e3, b) == pytest.approx(reference, rel=1e-3)


def test_deorbit_burn_is_the_first_hohmann_impulse() -> None:
    # vis-viva at apoapsis of the transfer ellipse (a, r_p): v = sqrt(μ (2/a - 2/(a + r_p)))
    a, rp = RE + 650e3, RE + 50e3
    v_transfer = math.sqrt(MU * (2 / a - 2 / (a + rp)))
    assert float(deorbit_delta_v_m_per_s(a, rp)) == pytest.approx(math.sqrt(MU / a) - v_transfer, rel=1e-12)


def test_rocket_equation() -> None:
    # Δv = I_sp g0 ln 2 doubles the mass: as much propellant as dry mass
    dv = 2500.0 * STANDARD_GRAVITY_M_PER_S2 * math.log(2.0)
    assert float(propellant_mass_kg(1000.0, dv, 2500.0)) == pytest.approx(1000.0, rel=1e-12)


# MSISE-90 mean densities [kg/m³] for moderate activity at 400, 500, 600 and 700 km (Braeunig, "Atmospheric
# properties", braeunig.us/space/atmos.htm, tabulating MSISE-90): a rough check of the NRLMSIS 2.1 run, whose
# indices (ECSS moderate: F10.7 140, Ap 15) need not equal the table's, hence a factor of 1.6 either way.
BRAEUNIG_MODERATE = {400e3: 3.89e-12, 500e3: 7.30e-13, 600e3: 1.56e-13, 700e3: 3.91e-14}


def test_the_msis_profile_is_of_the_published_magnitude_and_follows_solar_activity() -> None:
    from datetime import UTC, datetime

    from skyrack.models.atmosphere import atmosphere_model

    day = datetime(2030, 3, 20, tzinfo=UTC)
    moderate = atmosphere_model("moderate", day)
    for altitude, published in BRAEUNIG_MODERATE.items():
        assert published / 1.6 < moderate.density_at(altitude) < published * 1.6, altitude
    low, high = atmosphere_model("low", day), atmosphere_model("high", day)
    for altitude in (300e3, 550e3, 1000e3):
        assert low.density_at(altitude) < moderate.density_at(altitude) < high.density_at(altitude)
    # the density falls with altitude everywhere on the profile
    assert np.all(np.diff(moderate.density_kg_per_m3) < 0)


def test_design_reports_drag_from_its_own_satellite() -> None:
    # the design's figures are the kernels' on its satellite: B = m / (C_D A) with A the panels' mean area across
    # the flow, (2/π) |cos β| (A_array + A_radiator); Δv and lifetime at the fleet's altitude
    from pathlib import Path

    import skyrack
    from skyrack.models import build_models

    path = Path(__file__).resolve().parents[1] / "examples" / "starlink-class.toml"
    scenario = skyrack.load_scenario(path)
    models = build_models(scenario)
    design = skyrack.design(models)
    sat, orbit = design.satellite, design.orbit
    mean_cos = float(np.mean(np.abs(np.cos(orbit.survey.beta_rad))))
    area = (sat.array_area_m2 + sat.radiator_area_m2) * 2 / math.pi * mean_cos
    assert orbit.drag_area_m2 == pytest.approx(area, rel=1e-12)
    dry = sat.total_mass_kg - sat.propellant_mass_kg  # drag on the dry satellite: the conservative Δv
    b = dry / (2.2 * area)
    assert orbit.ballistic_coefficient_kg_per_m2 == pytest.approx(b, rel=1e-12)
    rho = models.atmosphere.density_at(orbit.altitude_m)
    assert orbit.drag_delta_v_m_per_s_per_year == pytest.approx(rho * MU / (RE + orbit.altitude_m) / (2 * b) * YEAR)
    assert 0 < orbit.lifetime_without_propulsion_years < 100
    # higher up, the orbit lasts longer and costs less to hold
    higher = skyrack.design(skyrack.load_scenario(path, ['orbit.altitude="800 km"']))
    assert higher.orbit.lifetime_without_propulsion_years > orbit.lifetime_without_propulsion_years
    assert higher.orbit.drag_delta_v_m_per_s_per_year < orbit.drag_delta_v_m_per_s_per_year


def test_the_mission_propellant_is_carried_and_the_disposal_meets_the_five_year_rule() -> None:
    # Suncatcher at 650 km lasts ~11 years unpowered: it must lower its perigee to where a circular orbit decays
    # within 5 years (FCC 22-74); the propellant for that and for 5 years of altitude keeping is the rocket
    # equation's on the dry mass, at Starlink's argon Hall thrusters' 2,500 s
    from pathlib import Path

    import skyrack
    from skyrack.models import build_models

    models = build_models(skyrack.load_scenario(Path(__file__).resolve().parents[1] / "examples" / "suncatcher.toml"))
    design = skyrack.design(models)
    orbit, sat = design.orbit, design.satellite
    assert orbit.lifetime_without_propulsion_years > 5.0 and orbit.disposal_delta_v_m_per_s > 0.0
    # the perigee the burn reaches: back out r_p from Δv = v_c (1 - sqrt(2 r_p / (a + r_p)))
    a = RE + orbit.altitude_m
    x = (1.0 - orbit.disposal_delta_v_m_per_s / math.sqrt(MU / a)) ** 2 / 2.0  # = r_p / (a + r_p)
    perigee_altitude = x * a / (1.0 - x) - RE
    atmosphere = models.atmosphere
    life = lifetime_s(atmosphere.altitudes_m, atmosphere.density_kg_per_m3, perigee_altitude,
                      orbit.ballistic_coefficient_kg_per_m2)  # fmt: skip
    assert life / YEAR == pytest.approx(5.0, rel=0.02)  # interpolated on a 1 km grid
    # the 1 km cluster's formation keeping: Suncatcher §2.2, "<3 m/s/year per km of maximal distance from
    # reference orbit" once the axis ratio is trimmed (the bound, taken as the budget)
    assert orbit.formation_delta_v_m_per_s_per_year == pytest.approx(3.0, rel=1e-12)
    keep = orbit.drag_delta_v_m_per_s_per_year + orbit.formation_delta_v_m_per_s_per_year
    mission = keep * 5.0 + orbit.disposal_delta_v_m_per_s
    assert orbit.mission_delta_v_m_per_s == pytest.approx(mission, rel=1e-12)
    dry = sat.total_mass_kg - sat.propellant_mass_kg
    expected = dry * math.expm1(mission / (2500.0 * STANDARD_GRAVITY_M_PER_S2))
    assert sat.propellant_mass_kg == pytest.approx(expected, rel=1e-9)
    # an orbit that decays within 5 years by itself needs no disposal burn
    low = skyrack.design(
        skyrack.load_scenario(Path(__file__).resolve().parents[1] / "examples" / "starlink-class.toml")
    )
    assert low.orbit.lifetime_without_propulsion_years < 5.0 and low.orbit.disposal_delta_v_m_per_s == 0.0
    # a satellite not in a formation keeps none
    assert low.orbit.formation_delta_v_m_per_s_per_year == 0.0


def test_the_thrusters_power_against_drag_is_in_the_power_budget() -> None:
    # Holding the altitude takes the drag force F = ½ ρ v² C_D A at the thrusters' P = F g₀ I_sp / (2 η) (the
    # jet's kinetic power over the efficiency): 2,500 s at 50 %, 40.8 mN/kW. At 300 km that is hundreds of watts,
    # carried by the array as a bus load; the design's figure is the fixed point on its own, final panels.
    from pathlib import Path

    import skyrack
    from skyrack.models import build_models

    path = Path(__file__).resolve().parents[1] / "examples" / "suncatcher.toml"
    models = build_models(skyrack.load_scenario(path, ['orbit.altitude="300 km"']))
    design = skyrack.design(models)
    orbit, sat = design.orbit, design.satellite
    rho = models.atmosphere.density_at(orbit.altitude_m)
    v2 = MU / (RE + orbit.altitude_m)
    force = 0.5 * rho * v2 * 2.2 * orbit.drag_area_m2
    assert sat.propulsion_power_w == pytest.approx(force * STANDARD_GRAVITY_M_PER_S2 * 2500.0 / (2 * 0.5), rel=1e-6)
    assert 100.0 < sat.propulsion_power_w < 1000.0
    # the thrusters fire in sunlight, at P T / T_d, so SMAD's P_sa = (P_e T_e / X_e + P_d T_d / X_d) / T_d grows by
    # P T / (T_d X_d) against the same satellite without drag to fight
    plain = skyrack.design(skyrack.load_scenario(path, ['orbit.altitude="300 km"', "satellite.drag_coefficient=1e-9"]))
    pw = models.satellite.power
    t_e = orbit.max_eclipse_s
    t_d = orbit.period_s - t_e
    grows = sat.propulsion_power_w * orbit.period_s / (t_d * pw.daylight_path_efficiency)
    assert sat.array_power_required_w - plain.satellite.array_power_required_w == pytest.approx(grows, rel=1e-3)


def test_a_starlink_class_satellite_decays_as_spacex_says() -> None:
    # SpaceX: a defunct satellite at 550 km "would reenter the Earth's atmosphere in five years even without
    # propulsion" (FCC filing, via SpaceNews, Apr 2019); at solar minimum its "ballistic decay time" at ~550 km is
    # "4+ years" (M. Nicolls, SpaceX, 1 Jan 2026). The example's satellite (its own panels and mass, B ≈ 5 kg/m²,
    # not Starlink's) must fall within those: under 5 years at moderate activity, and at ECSS's low activity
    # (F10.7 = 65, deeper than a typical minimum) more than 4 years and within a factor of 4 of it.
    from pathlib import Path

    import skyrack

    path = Path(__file__).resolve().parents[1] / "examples" / "starlink-class.toml"
    life = {
        act: skyrack.design(
            skyrack.load_scenario(path, [f"environment.solar_activity={act}"])
        ).orbit.lifetime_without_propulsion_years
        for act in ("low", "moderate")
    }
    assert life["moderate"] < 5.0
    assert 4.0 < life["low"] < 16.0
