"""Power and heat: conservation of energy, the radiator's closed-form balance, eclipses against the design."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_bvp
from scipy.optimize import brentq

import skyrack
from skyrack.astro.geometry import beta_angle_rad
from skyrack.astro.orbits import propagate_circular_j2
from skyrack.astro.shadow import sun_visible_fraction
from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import julian_date_utc
from skyrack.astro.twins_nb import visible_sun_fraction_nb
from skyrack.chain.simulate import simulate
from skyrack.chain.simulate.engine import ORB_RADIUS, prepare
from skyrack.constants import STEFAN_BOLTZMANN_W_PER_M2_K4 as SIGMA
from skyrack.models import Models, build_models
from skyrack.physics.operations import array_power_w, power_flow, thermal_step
from skyrack.physics.radiator import radiator_net_flux_w_per_m2

from .conftest import ECLIPSING, make_scenario


def test_energy_balance_closes_at_every_step() -> None:
    # Conservation of energy (DESIGN.md test policy): generated = consumed + Δstored + curtailed, every step,
    # in an orbit with eclipses (battery cycling) and with more compute than the array carries (shedding).
    s = make_scenario(*ECLIPSING, 'scenario.duration="1 d"', "fleet.satellites=3", 'simulation.phasing="spread"')
    design = skyrack.design(s)
    heavy = make_scenario(*ECLIPSING, 'scenario.duration="1 d"', "fleet.satellites=3", "satellite.accelerators=24")
    for scen in (s, heavy):
        f = simulate(scen, design).fleet
        residual = f["generated_j"] - (f["consumed_j"] + f["stored_change_j"] + f["curtailed_j"])
        assert np.max(np.abs(residual)) <= 1e-9 * np.max(f["generated_j"]) + 1e-6
        e = simulate(scen, design).to_dict()["energy"]
        total = e["consumed_kwh"] + e["stored_change_kwh"] + e["curtailed_kwh"]
        assert total == pytest.approx(e["generated_kwh"], rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(
    array_w=st.floats(0, 5e4),
    bus_w=st.floats(0, 5e3),
    compute_w=st.floats(0, 5e4),
    soc=st.floats(0, 1),
    dod=st.floats(0.05, 1),
    xd=st.floats(0.5, 1),
    etac=st.floats(0.5, 1),
    etad=st.floats(0.5, 1),
)
def test_power_flow_conserves_energy_and_respects_limits(
    array_w: float, bus_w: float, compute_w: float, soc: float, dod: float, xd: float, etac: float, etad: float
) -> None:
    # Property (DESIGN.md: "energy balance closes"): for any inputs the step conserves energy, never charges
    # above capacity, never discharges below the DoD floor, and sheds compute before the bus.
    cap, dt = 3.6e7, 60.0
    floor = (1 - dod) * cap
    e0 = soc * cap
    r = power_flow(array_w, bus_w, compute_w, e0, cap, floor, dt, xd, etac, etad)
    lhs = array_w * dt
    rhs = r["bus_j"] + r["compute_j"] + r["losses_j"] + (r["energy_j"] - e0) + r["curtailed_j"]
    assert rhs == pytest.approx(lhs, rel=1e-9, abs=1e-6)
    assert r["energy_j"] <= cap * (1 + 1e-12) + 1e-6
    assert r["energy_j"] >= min(e0, floor) - 1e-6
    assert min(r["curtailed_j"], r["losses_j"], r["bus_j"], r["compute_j"]) >= -1e-9
    if r["compute_j"] > 1e-9:  # compute runs only once the bus is fully served
        assert r["bus_j"] == pytest.approx(bus_w * dt, rel=1e-9, abs=1e-6)


def test_radiator_converges_to_closed_form_balance() -> None:
    # Issue #4: with constant heat load in constant sunlight the radiator temperature converges to the
    # closed-form balance of physics/radiator.py. A dawn–dusk SSO at 1,500 km never enters the shadow (design
    # tests: eclipse-free from ~1,400 km); albedo 0 and a fixed solar constant make the environment constant;
    # cell temperature effects off so the designed array runs every accelerator.
    s = make_scenario(
        'scenario.duration="12 h"',
        'orbit.altitude="1500 km"',
        "fleet.satellites=1",
        "satellite.thermal.albedo=0.0",
        "simulation.sun_distance_variation=false",
        'simulation.cell_temperature_coefficient="0 /K"',
        "workload.training=true",
        'radiation.dose_rate="0 rad_Si/yr"',
        "satellite.thermal.absorptivity_rise_per_year=0",  # sized for, and flying, one absorptivity
    )
    design = skyrack.design(s)
    result = simulate(s, design)
    sat = result.satellites[0]
    assert np.all(sat["sun_fraction"] == 1.0)
    heat_w = (design.satellite.heat_rejected_w / 1e3) * 1e3
    # all accelerators run; the bus carries the thrusters too (in sunlight, at their mean over the sunlit fraction),
    # whose power leaves as the jet rather than through the radiator
    thrusters_w = design.satellite.propulsion_power_w / design.orbit.sunlit_fraction
    drawn = float(sat["compute_w"][-1] + sat["bus_w"][-1])
    assert drawn == pytest.approx(heat_w + thrusters_w, rel=1e-6)
    th = s.satellite.thermal
    view = Models(s).satellite.radiator.earth_view_factor  # edge-on to the Earth at this altitude
    s0 = s.environment.solar_constant_w_per_m2

    def residual(t_k: float) -> float:
        q = radiator_net_flux_w_per_m2(
            t_k, th.emissivity, th.absorptivity, s0, view, 0.0, th.earth_temperature_k,
            th.radiating_sides, th.sunlit_sides, th.earth_ir_absorptivity,
        )  # fmt: skip
        return float(q) * design.satellite.radiator_area_m2 - heat_w

    t_closed = brentq(residual, 150.0, 600.0, xtol=1e-10)
    # the design sized the radiator for this heat at the temperature its heat path allows, with albedo 0: the fin
    # roots at T_b = T_j,max − P R_jc − ΔT_loop / 2 − ΔT_root = 87 − 432 × 0.03 − 5 − 1 °C (TPU v6e, defaults), and
    # the panel emitting as an isothermal one at η^¼ T_b, η of the default fin (4 in from the tube, 0.762 mm of
    # aluminium at 167 W/(m K)) found here by solving the fin equation θ'' = N θ⁴ with solve_bvp
    t_root = 273.15 + 87.0 - 432.0 * 0.03 - 10.0 / 2 - 1.0
    n_c = th.radiating_sides * th.emissivity * SIGMA * t_root**3 * 0.1016**2 / (167.0 * 0.762e-3)
    x = np.linspace(0.0, 1.0, 101)
    fin = solve_bvp(lambda _, y: np.vstack([y[1], n_c * np.abs(y[0]) ** 4]),
                    lambda a, b: np.array([a[0] - 1.0, b[1]]), x, np.vstack([np.ones_like(x), np.zeros_like(x)]),
                    tol=1e-10, max_nodes=100_000)  # fmt: skip
    eta = -float(fin.y[1, 0]) / n_c  # heat conducted in at the root over N_c: the efficiency
    t_path = eta**0.25 * t_root
    # 2e-3 K: the kernel interpolates η in a table (≤ 1e-5 relative against solve_bvp), ~1e-3 K on T_rad
    assert design.satellite.radiator_temperature_k == pytest.approx(t_path, abs=2e-3)
    assert t_closed == pytest.approx(design.satellite.radiator_temperature_k, abs=1e-6)
    assert float(sat["radiator_k"][-1]) == pytest.approx(t_closed, abs=0.01)
    # the chips sit the heat path's rise above the radiator at rated power, so the junction reaches its limit
    rise = 432.0 * 0.03 + 10.0 / 2 + 1.0 + (t_root - t_path)
    assert float(sat["chip_k"][-1]) - float(sat["radiator_k"][-1]) == pytest.approx(rise, abs=0.01)
    assert float(sat["chip_k"][-1]) == pytest.approx(273.15 + 87.0, abs=0.02)


def test_implicit_thermal_step_is_stable_for_huge_steps() -> None:
    # Backward Euler is L-stable (Hairer & Wanner 1996, §IV.3): a step 100× the radiator time constant lands on
    # the steady state without overshoot or oscillation.
    a_eps = 2 * 0.92 * 100.0
    q = 40e3
    t_ss = (q / (a_eps * 5.670374419e-8)) ** 0.25
    chip, rad = 300.0, 200.0
    for _ in range(3):
        chip, rad = thermal_step(chip, rad, q, 0.0, 1e4, 5e4, 2e3, a_eps, 1e6)
        assert 200.0 <= rad <= t_ss + 1e-6
    assert rad == pytest.approx(t_ss, abs=1e-3)
    assert chip == pytest.approx(t_ss + q / 2e3, abs=1e-3)


def test_sunlit_fraction_and_eclipses_agree_with_design() -> None:
    # Issue #4: the simulation's sunlit fraction and eclipse durations agree with `skyrack design`. The design
    # uses the cylindrical shadow from hourly beta; the simulation the conical shadow at 60 s. Tolerances:
    # sunlit fraction 0.002 (conical penumbra vs cylinder ≈ 10 s per orbit); longest eclipse one step (60 s)
    # plus 0.2 min.
    s = make_scenario(*ECLIPSING, 'scenario.duration="2 d"', "fleet.satellites=2", 'simulation.phasing="spread"')
    d = simulate(s).to_dict()["orbit"]
    assert d["sunlit_fraction"] == pytest.approx(d["design_sunlit_fraction"], abs=0.002)
    assert d["max_eclipse_min"] == pytest.approx(d["design_max_eclipse_min"], abs=1.2)
    assert d["eclipses_per_satellite"] == pytest.approx(2 * 86400 / (95.6 * 60), abs=1.5)


def test_compiled_geometry_matches_astro_kernels() -> None:
    # The loop's compiled geometry (rotation recurrence, conical shadow twin, hourly Sun table) against the astro
    # kernels (propagate_circular_j2, sun_position_eci_m at every step, sun_visible_fraction) on the same steps.
    # Tolerance 1e-5: the Sun table's linear interpolation errs by ~6e-8 rad, and a step at the shadow edge moves
    # the visible fraction by ~1e-3 per 0.1 s of timing; 1e-5 bounds both with margin.
    s = make_scenario(*ECLIPSING, 'scenario.duration="6 h"', "fleet.satellites=1")
    design = skyrack.design(s)
    setup = prepare(s, design)
    result = simulate(s, design)
    t_mid = (np.arange(setup.steps) + 0.5) * setup.dt_s
    orb = setup.orbit
    r, _ = propagate_circular_j2(orb[:, ORB_RADIUS], np.arccos(orb[:, 4]), orb[:, 2], orb[:, 0], t_mid)
    sun = sun_position_eci_m(julian_date_utc(s.scenario.start, t_mid))
    nu = sun_visible_fraction(r, sun)
    albedo = np.maximum(np.einsum("stk,tk->st", r, sun / np.linalg.norm(sun, axis=-1)[:, None]), 0.0)
    albedo /= orb[:, ORB_RADIUS, None]
    sat = result.satellites[0]
    np.testing.assert_allclose(sat["sun_fraction"], nu[0], atol=1e-5)
    np.testing.assert_allclose(sat["albedo_factor"], albedo[0], atol=1e-5)
    assert 0.0 < np.mean(sat["sun_fraction"]) < 1.0


def test_conical_shadow_twin_equals_astro_in_the_penumbra() -> None:
    # Points across the penumbra at 550 km: the compiled twin and astro.shadow.sun_visible_fraction agree.
    sun = np.array([1.496e11, 0.0, 0.0])
    a = 6378137.0 + 550e3
    edge = math.pi - math.asin(6378137.0 / a)  # the shadow boundary seen from the Earth's centre
    angles = np.linspace(edge - 0.01, edge + 0.01, 400)
    r = np.stack([a * np.cos(angles), a * np.sin(angles), np.zeros_like(angles)], axis=-1)
    ref = sun_visible_fraction(r, sun)
    mine = np.array([visible_sun_fraction_nb(*ri, *sun) for ri in r])
    assert np.any((ref > 0) & (ref < 1))
    # Tolerance from the arithmetic: the twin is compiled with fast-math (reassociation, approximate acos/asin),
    # so each operation may differ from numpy by a few ulp (~1e-16). The overlap area a² acos(x/a) + b² acos((c -
    # x)/b) - c y is a difference of terms ~b² ≈ 1.4 sr giving a result ~a² ≈ 2e-5 sr (×7e4), and acos near 1
    # amplifies its argument's error by 1/√(2ε) ≈ 200: ~1e-16 × 7e4 × 200 ≈ 2e-9 per ulp; measured 2.1e-9.
    # 1e-8 allows a few ulp; a modelling error (a wrong radius or cone) shows up at 1e-3 or more.
    np.testing.assert_allclose(mine, ref, atol=1e-8)


def test_array_output_closed_form_and_cell_temperature() -> None:
    # SMAD (1999) §11.4: P = S η f_p L A at the reference temperature (β = 0).
    p, _ = array_power_w(1361.0, 100.0, 0.3, 0.9, 0.97)
    assert float(p) == pytest.approx(1361.0 * 0.3 * 0.9 * 0.97 * 100.0, rel=1e-12)
    # With a temperature coefficient the cell temperature solves 2εσT⁴ = αS − S f_p η(T) L (flat-plate balance,
    # Gilmore 2002 ch. 2); solved independently here with brentq.
    s, eta0, fp, life, beta, tref, alpha, eps = 1361.0, 0.3, 0.9, 1.0, -0.0021, 301.15, 0.88, 0.80

    def balance(t_k: float) -> float:
        eta = eta0 * (1 + beta * (t_k - tref))
        return 2 * eps * 5.670374419e-8 * t_k**4 - (alpha * s - s * fp * eta * life)

    t_ref = brentq(balance, 200.0, 500.0, xtol=1e-12)
    p, t = array_power_w(s, 1.0, eta0, fp, life, beta, tref, alpha, eps)
    assert float(t) == pytest.approx(t_ref, abs=0.02)
    assert float(p) == pytest.approx(s * fp * eta0 * (1 + beta * (t_ref - tref)) * life, rel=1e-4)
    # dark array: no output
    assert float(array_power_w(0.0, 1.0, eta0, fp)[0]) == 0.0


def test_array_degrades_with_dose() -> None:
    # Life factor (1 − d)^t · (1 − k · dose): at 36.5 krad/yr (0.1 krad/day) and k = 0.1 per krad the array
    # loses 1% of its output per day on top of the yearly degradation.
    args = ('scenario.duration="2 d"', "fleet.satellites=1", "simulation.sun_distance_variation=false",
            'simulation.cell_temperature_coefficient="0 /K"', 'radiation.dose_rate="36.525 krad_Si/yr"')  # fmt: skip
    clean = simulate(make_scenario(*args)).satellites[0]["array_w"].astype(np.float64)
    dosed = simulate(make_scenario(*args, "simulation.array_loss_per_krad=0.1")).satellites[0]["array_w"]
    lit = clean > 0
    ratio = dosed[lit] / clean[lit]
    t_days = (np.arange(clean.size)[lit] + 0.5) / 1440.0
    np.testing.assert_allclose(ratio, 1.0 - 0.1 * 0.1 * t_days, rtol=1e-5)


def test_orbit_normal_array_sees_sin_beta() -> None:
    # A body-mounted array facing the orbit normal receives sunlight at incidence cos θ = |sin β| (β: Sun
    # elevation above the orbit plane); checked against astro.geometry.beta_angle_rad on the same steps.
    args = ('scenario.duration="6 h"', "fleet.satellites=1", "simulation.sun_distance_variation=false",
            'simulation.cell_temperature_coefficient="0 /K"')  # fmt: skip
    s = make_scenario(*args)
    tracking = simulate(s).satellites[0]["array_w"].astype(np.float64)
    normal = simulate(make_scenario(*args, 'simulation.array_pointing="orbit-normal"')).satellites[0]["array_w"]
    setup = prepare(s, skyrack.design(s))
    t_mid = (np.arange(setup.steps) + 0.5) * setup.dt_s
    raan = setup.orbit[0, 2] + setup.orbit[0, 3] * t_mid
    sun = sun_position_eci_m(julian_date_utc(s.scenario.start, t_mid))
    beta = beta_angle_rad(raan, math.acos(setup.orbit[0, 4]), sun / np.linalg.norm(sun, axis=-1, keepdims=True))
    lit = tracking > 0
    np.testing.assert_allclose(normal[lit] / tracking[lit], np.abs(np.sin(beta[lit])), rtol=2e-5)


def test_array_output_in_steady_sunlight_equals_the_converged_solution() -> None:
    # The loop warm-starts the cell-temperature fixed point and reuses a converged solution while the
    # irradiance holds; after hours of steady sunlight (1,500 km dawn–dusk, no eclipse) its output equals the
    # fully converged array_power_w to 1e-6.
    s = make_scenario(
        'scenario.duration="6 h"',
        'orbit.altitude="1500 km"',
        "fleet.satellites=1",
        'radiation.dose_rate="0 rad_Si/yr"',  # above the sourced table
        "simulation.sun_distance_variation=false",
    )
    design = skyrack.design(s)
    sat = simulate(s, design).satellites[0]
    sim = s.simulation
    pw = build_models(s).satellite.power  # the cell's figures as resolved (scenario, else its catalog cell)
    life = (1 - s.satellite.power.degradation_per_year) ** ((6 * 3600 - 30) / (365.25 * 86400))
    expected, cell = array_power_w(
        s.environment.solar_constant_w_per_m2, design.satellite.array_area_m2, pw.cell_efficiency,
        s.satellite.power.packing_factor, life, pw.cell_temperature_coefficient_per_k,
        sim.cell_reference_temperature_k, pw.array_absorptivity, pw.array_emissivity,
    )  # fmt: skip
    assert float(sat["array_w"][-1]) == pytest.approx(float(expected), rel=1e-6)
    assert float(sat["cell_k"][-1]) == pytest.approx(float(cell), abs=1e-3)


def test_designed_array_runs_every_accelerator_in_steady_sunlight() -> None:
    # The design sizes the array at the cells' equilibrium temperature (≈ 45 °C, not the 28 °C rating), so in
    # eclipse-free sunlight (1,500 km dawn–dusk) the simulated satellite runs all its accelerators: no step is
    # power-limited and the delivered GPU-hours are accelerators × hours (no faults: zero dose, no failures).
    s = make_scenario(
        'scenario.duration="12 h"',
        'orbit.altitude="1500 km"',
        "fleet.satellites=2",
        'radiation.dose_rate="0 rad_Si/yr"',
        "simulation.sun_distance_variation=false",
    )
    summary = simulate(s).to_dict()
    assert summary["compute"]["power_limited_hours"] == 0.0
    assert summary["compute"]["gpu_hours"] == pytest.approx(2 * s.satellite.accelerators * 12.0, rel=1e-6)


def test_circular_position_twin_equals_astro_kernel() -> None:
    # The compiled position twin (from cos/sin of u and Ω) against astro.orbits.propagate_circular_j2 at t = 0,
    # for random planes and phases. Tolerance 1e-12 of the radius: a few fast-math rounding steps of ~1e-16 on
    # products of unit-sized cosines.
    from skyrack.astro.twins_nb import circular_unit_position_nb

    rng = np.random.default_rng(7)
    a = 6378137.0 + rng.uniform(300e3, 2000e3, 50)
    inc, raan, u = rng.uniform(0.0, math.pi, 50), rng.uniform(0.0, 2 * math.pi, 50), rng.uniform(0.0, 2 * math.pi, 50)
    ref, _ = propagate_circular_j2(a, inc, raan, u, np.array([0.0]))
    mine = np.array(
        [
            circular_unit_position_nb(
                math.cos(uk), math.sin(uk), math.cos(rk), math.sin(rk), math.cos(ik), math.sin(ik)
            )
            for uk, rk, ik in zip(u, raan, inc, strict=True)
        ]
    )
    np.testing.assert_allclose(mine * a[:, None], ref[:, 0, :], atol=1e-12 * float(a.max()))
