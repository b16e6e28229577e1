"""The heat path from chip to radiator, survival heaters and idle power (issue #13)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_bvp
from scipy.optimize import brentq

import skyrack
from skyrack.chain.simulate import simulate
from skyrack.constants import STEFAN_BOLTZMANN_W_PER_M2_K4 as SIGMA
from skyrack.errors import SkyrackInputErrors
from skyrack.models import Models
from skyrack.physics.radiator import radiating_fin_efficiency

from .conftest import make_scenario

K0 = 273.15
LUMPED = 'satellite.thermal.coolant_to_panel="5 K"'  # one lumped drop from coolant to panel instead of the fins


def test_the_junction_sets_the_radiator_temperature_by_the_closed_form() -> None:
    # H100 SXM: junction 87 °C, HBM 95 °C (nvidia-smi), 700 W × 0.03 K/W = 21 K to the coolant leaving its plate,
    # the loop's 10 K rise halved and a lumped 5 K from coolant to panel: T_rad = 87 − 21 − 5 − 5 = 56 °C; the
    # HBM's 95 − 10.5 − 10 = 74.5 °C does not bind.
    s = make_scenario('satellite.accelerator="h100-sxm"', "satellite.accelerators=8", LUMPED)
    design = skyrack.design(s)
    sat = design.satellite
    assert sat.binding_thermal_limit == "junction"
    assert sat.radiator_temperature_k - K0 == pytest.approx(56.0, abs=1e-9)
    assert sat.radiator_temperature_limit_k == sat.radiator_temperature_k
    assert sat.junction_temperature_k - K0 == pytest.approx(87.0, abs=1e-9)
    path = Models(s).satellite.heat_path
    assert path.hbm_limit_k - K0 == pytest.approx(74.5, abs=1e-9)


def test_a_cooler_hbm_binds_and_an_override_above_the_limit_is_refused() -> None:
    # HBM limited to 70 °C: 70 − 0.5 × 21 − 10 = 49.5 °C, below the junction's 56 °C, so the HBM binds
    hbm = make_scenario('satellite.accelerator="h100-sxm"', "satellite.accelerators=8", LUMPED,
                        'catalog.accelerators.h100-sxm.hbm_max_temperature="70 degC"')  # fmt: skip
    sat = skyrack.design(hbm).satellite
    assert sat.binding_thermal_limit == "hbm"
    assert sat.radiator_temperature_k - K0 == pytest.approx(49.5, abs=1e-9)
    # a radiator typed in hotter than the path allows: the design says which limit it breaks
    hot = skyrack.design(make_scenario('satellite.accelerator="h100-sxm"', "satellite.accelerators=8", LUMPED,
                                       'satellite.thermal.radiator_temperature="70 degC"'))  # fmt: skip
    assert not hot.feasibility.ok
    assert any("radiator_temperature = 70.0 degC" in p and "56.0 degC" in p and "junction" in p
               for p in hot.feasibility.problems)  # fmt: skip
    # a cooler override is allowed, and reported as such
    cool = skyrack.design(make_scenario('satellite.thermal.radiator_temperature="20 degC"'))
    assert cool.feasibility.ok and cool.satellite.binding_thermal_limit == "override"


def test_design_heater_power_holds_idle_chips_at_their_minimum_in_eclipse() -> None:
    # Steady state, every accelerator idle, no Sun: chips at T_m give G (T_m − T_r) to the radiator, which emits it
    # against the Earth's infrared, N ε σ A T_r⁴ − F α_IR σ T_E⁴ A = G (T_m − T_r) (no bus load in the example);
    # the heaters supply what the idle draw does not. Solved here with brentq, independently of the kernel's Newton.
    s = make_scenario()
    design = skyrack.design(s)
    m = Models(s).satellite
    rad, sat = m.radiator, design.satellite
    g = m.accelerators * m.accelerator_power_with_host_w / m.chips.temperature_rise_k
    area = sat.radiator_area_m2
    absorbed = area * rad.earth_view_factor * rad.earth_ir_absorptivity * SIGMA * rad.earth_temperature_k**4
    t_m = m.chips.min_temperature_k

    def balance(t_r: float) -> float:
        # the bus and the coolant pump run on, their heat to the radiator too
        return rad.radiating_sides * rad.emissivity * SIGMA * area * t_r**4 - absorbed - g * (t_m - t_r) - m.bus_load_w

    t_r = brentq(balance, 3.0, t_m, xtol=1e-12)
    idle = m.accelerators * m.accelerator.idle_power_w
    assert sat.heater_power_w == pytest.approx(max(0.0, g * (t_m - t_r) - idle), rel=1e-9)
    assert sat.heater_power_w > 0.0  # a radiator sized for 6.9 kW outruns 16 idle TPUs without a bypass


def test_heaters_hold_a_cold_soaked_satellite_above_its_minimum_and_the_energy_still_balances() -> None:
    # No work at all: the accelerators idle (on the array's surplus), the radiator sized for full power cools them,
    # and the heaters must catch them at −40 °C. Without heaters (a 1 K minimum) they fall far below.
    base = ['scenario.duration="1 d"', "fleet.satellites=1", "workload.training=false", 'orbit.altitude="550 km"',
            'orbit.kind="circular"', 'orbit.inclination="53 deg"']  # fmt: skip
    s = make_scenario(*base)
    result = simulate(s)
    d = result.to_dict()
    assert d["thermal"]["chip_min_c"] >= -40.0 - 1e-6
    assert d["thermal"]["chip_min_c"] == pytest.approx(-40.0, abs=1e-6)  # they did reach it
    assert d["thermal"]["heater_energy_kwh"] > 0.0
    # the energy balance closes at every step: generated = consumed + stored change + curtailed
    f = result.fleet
    gen = np.asarray(f["generated_j"])
    rest = np.asarray(f["consumed_j"]) + np.asarray(f["stored_change_j"]) + np.asarray(f["curtailed_j"])
    assert np.allclose(gen, rest, rtol=0.0, atol=1e-6 * max(1.0, float(gen.max())))
    # the heaters never draw more than the design's eclipse-case power (sunlight only adds heat)
    design = skyrack.design(s)
    assert d["thermal"]["heater_energy_kwh"] <= design.satellite.heater_power_w * 24 / 1e3 * (1 + 1e-9)
    cold = simulate(make_scenario(*base, 'simulation.chip_min_temperature="1 K"')).to_dict()
    assert cold["thermal"]["heater_energy_kwh"] == 0.0
    assert cold["thermal"]["chip_min_c"] < -50.0  # −57 °C: 17 K below the survival minimum


def test_idle_accelerators_draw_their_idle_power_in_sunlight() -> None:
    # An always-sunlit orbit and no work: every live accelerator idles at 0.107 of its rated power (H800's
    # 74.71 W of 700 W), all day; the idle energy is that exactly.
    s = make_scenario('scenario.duration="6 h"', "fleet.satellites=1", "workload.training=false",
                      'orbit.altitude="1500 km"')  # fmt: skip
    d = simulate(s).to_dict()
    m = Models(s).satellite
    assert m.accelerator.idle_power_w == pytest.approx(432.0 * 74.71 / 700.0, rel=1e-12)
    expected_kwh = m.accelerators * m.accelerator.idle_power_w * 6.0 / 1e3
    assert d["thermal"]["idle_energy_kwh"] == pytest.approx(expected_kwh, rel=1e-9)
    assert d["energy"]["delivered_idle_kwh"] == pytest.approx(expected_kwh, rel=1e-9)


def test_the_radiator_is_sized_for_its_darkened_coating() -> None:
    # Hubble's silver Teflon darkened from 0.074 to 0.155 in 8.25 years (de Groh et al., NASA): 0.0098 a year. The
    # Suncatcher radiator (α 0.09) ends its 5 years at 0.139, and is sized for it: for the same heat at the same
    # temperature, its area is the fresh one's × q(α_BOL) / q(α_EOL), with q the closed-form net flux.
    from skyrack.physics.radiator import radiator_net_flux_w_per_m2

    s = make_scenario()
    sat = skyrack.design(s).satellite
    alpha_eol = 0.09 + 5.0 * (0.155 - 0.074) / 8.25
    assert sat.radiator_absorptivity_end_of_life == pytest.approx(alpha_eol, rel=1e-12)
    fresh = skyrack.design(make_scenario("satellite.thermal.absorptivity_rise_per_year=0")).satellite
    th = s.satellite.thermal
    view = Models(s).satellite.radiator.earth_view_factor  # edge-on to the Earth at this altitude

    def q(alpha: float) -> float:
        return float(
            radiator_net_flux_w_per_m2(
                sat.radiator_temperature_k, th.emissivity, alpha, s.environment.solar_constant_w_per_m2,
                view, th.albedo, th.earth_temperature_k, th.radiating_sides, th.sunlit_sides,
                th.emissivity,
            )
        )  # fmt: skip

    assert sat.radiator_area_m2 / fresh.radiator_area_m2 == pytest.approx(q(0.09) / q(alpha_eol), rel=1e-9)
    assert sat.radiator_area_m2 > fresh.radiator_area_m2


def test_a_water_glycol_loop_freezes_where_ammonia_does_not() -> None:
    # After the job, the radiator of the Suncatcher example cools to about −42 °C: below 50 % propylene glycol's
    # −32.2 °C (CoolProp), above ammonia's triple point, 195.5 K (−77.7 °C, NIST). The loop's mass flow is the rated
    # heat over c_p ΔT (ammonia 4,662 J/(kg K), 10 K).
    base = ['scenario.duration="1 d"', "fleet.satellites=1", "workload.training=false"]
    ammonia = simulate(make_scenario(*base)).to_dict()["thermal"]
    glycol = simulate(make_scenario(*base, 'satellite.thermal.coolant="propylene-glycol-50"')).to_dict()["thermal"]
    assert -77.65 < ammonia["radiator_min_c"] < -32.2
    assert not ammonia["coolant_froze"] and glycol["coolant_froze"]
    sat = skyrack.design(make_scenario()).satellite
    assert sat.coolant_flow_kg_per_s == pytest.approx(sat.heat_rejected_w / (4662.0 * 10.0), rel=1e-12)


def test_a_survival_minimum_above_the_chips_limit_is_refused() -> None:
    # heaters holding the chips at 500 K would run them far past their 87 °C limit: an input error, not a result
    from skyrack.errors import SkyrackInputError

    with pytest.raises(SkyrackInputError, match=r"simulation\.chip_min_temperature.*below the chips' limit of 87"):
        skyrack.design(make_scenario('simulation.chip_min_temperature="500 K"'))


@pytest.mark.parametrize("n_c", [1e-3, 0.05, 0.2, 0.5, 1.0, 2.0, 5.0])
def test_the_radiating_fin_efficiency_solves_the_fin_equation(n_c: float) -> None:
    # θ'' = N θ⁴, θ(0) = 1, θ'(1) = 0 (Lieblein, NASA TN D-196, 1959) solved as a boundary-value problem; the
    # efficiency is the heat conducted in at the root, −θ'(0), over N. 1e-4: the kernel interpolates a quadrature
    # table (measured ≤ 1e-5 relative up to N = 5) against solve_bvp at tol 1e-10.
    x = np.linspace(0.0, 1.0, 201)
    sol = solve_bvp(lambda _, y: np.vstack([y[1], n_c * np.abs(y[0]) ** 4]),
                    lambda a, b: np.array([a[0] - 1.0, b[1]]), x, np.vstack([np.ones_like(x), np.zeros_like(x)]),
                    tol=1e-10, max_nodes=200_000)  # fmt: skip
    assert sol.status == 0
    assert float(radiating_fin_efficiency(n_c)) == pytest.approx(-float(sol.y[1, 0]) / n_c, rel=1e-4)
    # and the emitted heat, ∫θ⁴ dξ, is the same number (energy conservation along the fin)
    xx = np.linspace(0.0, 1.0, 20001)
    assert float(radiating_fin_efficiency(n_c)) == pytest.approx(np.trapezoid(sol.sol(xx)[0] ** 4, xx), rel=1e-4)


def test_a_thin_fin_has_the_linear_fins_limit_and_efficiency_falls_with_n() -> None:
    # small N: θ⁴ ≈ 4θ − 3 gives η = tanh(m)/m with m = 2√N → 1 − 4N/3 + O(N²)
    # 2e-6: the table is linear in N between 0 and its first node (N = 0.0025), ~7e-7 off the curve at N = 1e-4
    assert float(radiating_fin_efficiency(1e-4)) == pytest.approx(1.0 - 4.0e-4 / 3.0, abs=2e-6)
    eta = radiating_fin_efficiency(np.geomspace(1e-3, 50.0, 200))
    assert np.all(np.diff(eta) < 0.0) and float(radiating_fin_efficiency(0.0)) == 1.0


def test_the_fins_set_the_panel_drop_and_a_thick_copper_fin_removes_it() -> None:
    # default panel: tubes 8 in apart, 2 × 0.015 in aluminium (Schunk et al. 2022, an ISS-derived radiator) → the
    # fin roots sit 1 K below the coolant and the panel emits as an isothermal one at η^¼ T_b
    s = make_scenario()
    path = Models(s).satellite.heat_path
    sat = skyrack.design(s).satellite
    t_root = sat.radiator_temperature_k + path.panel_drop_k - 1.0
    n_c = 2 * 0.92 * SIGMA * t_root**3 * 0.1016**2 / (167.0 * 0.762e-3)
    assert path.fin_efficiency == pytest.approx(float(radiating_fin_efficiency(n_c)), rel=1e-12)
    assert sat.radiator_temperature_k == pytest.approx(path.fin_efficiency**0.25 * t_root, rel=1e-12)
    assert 0.6 < sat.fin_efficiency < 0.9  # Schunk et al. report 85 % for their (cooler) lunar panel
    # 5 mm of copper (401 W/(m K)) between tubes 4 cm apart: the fin is nearly isothermal
    thick = skyrack.design(make_scenario('satellite.thermal.fin_thickness="5 mm"', 'satellite.thermal.fin_half_width="2 cm"',
                                         'satellite.thermal.fin_conductivity="401 W/(m K)"')).satellite  # fmt: skip
    assert thick.fin_efficiency > 0.998 and thick.panel_drop_k < 1.1
    assert thick.radiator_area_m2 < sat.radiator_area_m2


def test_the_pump_draws_its_energy_per_kg_times_the_flow_and_its_heat_is_carried_too() -> None:
    # ISS photovoltaic loop: 846 J per kg of ammonia circulated; flow Q / (c_p ΔT) at 4,662 J/(kg K) and 10 K
    s = make_scenario()
    m = Models(s).satellite
    sat = skyrack.design(s).satellite
    f = 846.0 / (4662.0 * 10.0)
    rated = m.accelerators * m.accelerator_power_with_host_w + m.bus_power_w
    assert sat.pump_power_w == pytest.approx(f * rated / (1.0 - f), rel=1e-12)
    assert sat.heat_rejected_w == pytest.approx(rated + sat.pump_power_w, rel=1e-12)
    assert sat.coolant_flow_kg_per_s * 846.0 == pytest.approx(sat.pump_power_w, rel=1e-12)
    # a pump that would draw most of what it carries is refused, naming the key
    with pytest.raises(skyrack.SkyrackInputError, match="pump_specific_energy"):
        skyrack.design(make_scenario('satellite.thermal.pump_specific_energy="30 kJ/kg"'))


def test_a_two_phase_loop_runs_nearly_isothermal_on_a_small_flow() -> None:
    single = Models(make_scenario()).satellite
    two = Models(make_scenario('satellite.thermal.loop="two-phase"')).satellite
    p1, p2 = single.heat_path, two.heat_path
    # the fin roots rise by half the loop spread saved, (10 − 3) / 2 K (JPL test bed: within 3 K)
    root1 = p1.radiator_temperature_k + p1.panel_drop_k - 1.0
    root2 = p2.radiator_temperature_k + p2.panel_drop_k - 1.0
    assert root2 - root1 == pytest.approx(3.5, abs=1e-9)
    # boiling at quality 0.5 carries x h_fg = 593 kJ/kg against c_p ΔT = 46.6 kJ/kg: a 12.7× smaller flow and pump
    assert p1.coolant_flow_kg_per_s(1e3) / p2.coolant_flow_kg_per_s(1e3) == pytest.approx(0.5 * 1186.3e3 / 46620.0)
    assert two.pump_power_w < single.pump_power_w / 12.0
    with pytest.raises(SkyrackInputErrors, match="two-phase"):
        make_scenario('satellite.thermal.loop="two-phase"', 'satellite.thermal.coolant="propylene-glycol-50"')
