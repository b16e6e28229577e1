"""Orbit and ground cost roll-ups: closed-form cases, invariants and vectorisation."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from _econ_fixtures import (
    FINANCE,
    WORKLOAD,
    bare_ground_parameters,
    bare_orbit_parameters,
    typical_ground_design,
    typical_ground_parameters,
    typical_launch,
    typical_orbit_design,
    typical_orbit_parameters,
)

from skyrack.economics import Finance, ground_costs, orbit_costs, satellite_unit_cost_usd

INSTANT = {"max_launches_per_year": np.inf}


def test_satellite_unit_cost_closed_form() -> None:
    d = typical_orbit_design()
    p = typical_orbit_parameters()
    hardware = 32 * 30_000.0 + (2_000.0 - 500.0) * 1_000.0 + 50_000.0 * 1.0 + 100.0 * 500.0
    hardware += 10_000.0 * 0.5 + 100_000.0
    assert satellite_unit_cost_usd(d, p) == pytest.approx(hardware * 1.1 + 10_000.0)


def test_orbit_launch_spend_closed_form() -> None:
    """120 satellites (100 + 20 % spares) of 2 t, 7 per launch -> 18 launches; one refresh at t = 5.

    In-orbit spares for a hazard λ = 0.04/yr over the 5-year life: λ L = 20 %, and no failure replacement launches."""
    p = bare_orbit_parameters(sparing_in_orbit=1.0, annual_failure_rate=0.04, design_life_years=5.0)
    fin = Finance(discount_rate=0.0, horizon_years=10.0, credit_residual_value=False)
    res = orbit_costs(typical_orbit_design(), p, typical_launch(**INSTANT), WORKLOAD, fin)
    assert res.launches == pytest.approx(36.0)
    assert res.capex_breakdown_usd["launch"] == pytest.approx(2 * 120 * 2_000.0 * 3_600.0)
    # billing the whole vehicle: 36 launches x 15.6 t
    full = orbit_costs(typical_orbit_design(), p, typical_launch(bill_full_vehicle=True, **INSTANT), WORKLOAD, fin)
    assert full.capex_breakdown_usd["launch"] == pytest.approx(36 * 15_600.0 * 3_600.0)


def test_orbit_output_and_carbon_closed_form() -> None:
    p = bare_orbit_parameters(launch_co2_kg_per_kg=20.0, design_life_years=np.inf)
    fin = Finance(discount_rate=0.0, horizon_years=10.0)
    res = orbit_costs(typical_orbit_design(), p, typical_launch(**INSTANT), WORKLOAD, fin)
    gpu_hours = 100 * 32 * 8760.0 * 10 * 0.9
    assert res.gpu_hours == pytest.approx(gpu_hours)
    assert res.it_energy_mwh == pytest.approx(100 * 32 * 1_200.0 * 8760.0 * 10 / 1e6)
    assert res.useful_eflop == pytest.approx(gpu_hours * 3600.0 * 989.4e12 * 0.4 / 1e18)
    # 100 satellites, 7 per launch -> 15 launches of 15.6 t capacity at 20 kg CO2 per kg
    assert res.carbon_kg == pytest.approx(15 * 15_600.0 * 20.0)
    assert res.carbon_kg_per_gpu_hour == pytest.approx(15 * 15_600.0 * 20.0 / gpu_hours)
    assert res.water_m3 == 0.0


def test_orbit_zero_rate_pv_is_undiscounted_total() -> None:
    fin = Finance(discount_rate=0.0, horizon_years=10.0)
    res = orbit_costs(typical_orbit_design(), typical_orbit_parameters(), typical_launch(), WORKLOAD, fin)
    assert res.pv_cost_usd == pytest.approx(res.capex_usd + res.opex_usd - res.residual_value_usd)
    assert res.usd_per_gpu_hour == pytest.approx(res.pv_cost_usd / res.gpu_hours)


def test_residual_credit_lowers_cost() -> None:
    args = (typical_orbit_design(), typical_orbit_parameters(), typical_launch(), WORKLOAD)
    with_credit = orbit_costs(*args, FINANCE)
    without = orbit_costs(*args, replace(FINANCE, credit_residual_value=False))
    assert with_credit.residual_value_usd > 0.0
    assert without.residual_value_usd == 0.0
    assert with_credit.pv_cost_usd < without.pv_cost_usd


def test_learning_and_trend_lower_launch_spend() -> None:
    args = (typical_orbit_design(), typical_orbit_parameters())
    fixed = orbit_costs(*args, typical_launch(), WORKLOAD, FINANCE)
    learning = orbit_costs(
        *args,
        typical_launch(learning_rate=0.2, reference_cumulative_mass_kg=1e6, industry_mass_kg_per_year=1e6),
        WORKLOAD,
        FINANCE,
    )
    trend = orbit_costs(*args, typical_launch(price_annual_change_fraction=-0.05), WORKLOAD, FINANCE)
    assert learning.capex_breakdown_usd["launch"] < fixed.capex_breakdown_usd["launch"]
    assert trend.capex_breakdown_usd["launch"] < fixed.capex_breakdown_usd["launch"]
    # only the price changed: same launches, same output
    assert learning.launches == pytest.approx(fixed.launches)
    assert learning.gpu_hours == pytest.approx(fixed.gpu_hours)


def test_infeasible_satellite_gives_nan_not_exception() -> None:
    res = orbit_costs(
        typical_orbit_design(satellite_mass_kg=20_000.0),
        typical_orbit_parameters(),
        typical_launch(),
        WORKLOAD,
        FINANCE,
    )
    assert np.isnan(res.usd_per_gpu_hour)


def test_ground_server_refresh_and_build_time() -> None:
    p = bare_ground_parameters(server_usd_per_accelerator=30_000.0, server_life_years=6.0, time_to_build_years=2.0)
    fin = Finance(discount_rate=0.0, horizon_years=10.0, credit_residual_value=False, same_in_service_date=False)
    res = ground_costs(typical_ground_design(), p, WORKLOAD, fin)
    # same start: servers bought at t = 2 and t = 8
    assert res.capex_breakdown_usd["servers"] == pytest.approx(2 * 3_200 * 30_000.0)
    # 8 years in service
    assert res.gpu_hours == pytest.approx(3_200 * 8760.0 * 0.99 * 8.0)
    # same in-service date: in service from t = 0 (servers at t = 0 and 6), 10 years of service
    aligned = ground_costs(typical_ground_design(), p, WORKLOAD, replace(fin, same_in_service_date=True))
    assert aligned.capex_breakdown_usd["servers"] == pytest.approx(2 * 3_200 * 30_000.0)
    assert aligned.gpu_hours == pytest.approx(3_200 * 8760.0 * 0.99 * 10.0)


def test_ground_building_spread_over_construction() -> None:
    p = bare_ground_parameters(building_usd_per_w=10.0, time_to_build_years=2.0)
    fin = Finance(discount_rate=0.0, horizon_years=5.0, credit_residual_value=False, same_in_service_date=False)
    res = ground_costs(typical_ground_design(), p, WORKLOAD, fin)
    np.testing.assert_allclose(res.capex_by_year_usd, np.array([0.5, 0.5, 0.0, 0.0, 0.0]) * 3_840_000 * 10.0)


def test_construction_is_carried_to_the_in_service_date() -> None:
    """Same in-service date: a building B spent evenly over the 2 years before t = 0 is worth B (1 + r)^1 at t = 0
    (its mid-point is 1 year before); with the mid-year convention its year-0 amount is B (1 + r)^{1.5}, the
    carrying cost over B is the construction-financing item, and the PV of the capex at t = 0 is B (1 + r)."""
    p = bare_ground_parameters(building_usd_per_w=10.0, time_to_build_years=2.0)
    fin = Finance(discount_rate=0.07, horizon_years=5.0, credit_residual_value=False)
    res = ground_costs(typical_ground_design(), p, WORKLOAD, fin)
    building = 3_840_000 * 10.0
    assert res.capex_breakdown_usd["building"] == pytest.approx(building)
    assert res.capex_breakdown_usd["construction_financing"] == pytest.approx(building * (1.07**1.5 - 1.0))
    assert res.capex_by_year_usd[..., 0] / 1.07**0.5 == pytest.approx(building * 1.07, rel=1e-12)


def test_ground_water_energy_carbon_closed_form() -> None:
    p = bare_ground_parameters(
        electricity_usd_per_kwh=0.1, pue=1.5, wue_l_per_kwh=1.8, water_usd_per_m3=2.0, grid_kg_co2_per_kwh=0.4
    )
    fin = Finance(discount_rate=0.0, horizon_years=3.0)
    d = typical_ground_design()
    res = ground_costs(d, p, WORKLOAD, fin)
    it_kwh = 3_840.0 * 8760.0 * 3.0
    assert res.it_energy_mwh == pytest.approx(it_kwh / 1000.0)
    assert res.opex_breakdown_usd["energy"] == pytest.approx(it_kwh * 1.5 * 0.1)
    assert res.water_m3 == pytest.approx(it_kwh * 1.8 / 1000.0)
    assert res.opex_breakdown_usd["water"] == pytest.approx(it_kwh * 1.8 / 1000.0 * 2.0)
    assert res.carbon_kg == pytest.approx(it_kwh * 1.5 * 0.4)


def test_typical_cases_are_finite_and_positive() -> None:
    o = orbit_costs(typical_orbit_design(), typical_orbit_parameters(), typical_launch(), WORKLOAD, FINANCE)
    g = ground_costs(typical_ground_design(), typical_ground_parameters(), WORKLOAD, FINANCE)
    for res in (o, g):
        for value in (res.usd_per_gpu_hour, res.usd_per_mwh_it, res.usd_per_eflop, res.pv_cost_usd):
            assert np.isfinite(value)
            assert value > 0.0


@pytest.mark.parametrize("credit", [True, False])
def test_breakdowns_add_up_to_the_totals(credit: bool) -> None:
    fin = replace(FINANCE, credit_residual_value=credit)
    o = orbit_costs(
        typical_orbit_design(),
        typical_orbit_parameters(),
        typical_launch(learning_rate=0.2, reference_cumulative_mass_kg=1e6),
        WORKLOAD,
        fin,
    )
    g = ground_costs(typical_ground_design(), typical_ground_parameters(), WORKLOAD, fin)
    for res in (o, g):
        assert sum(res.capex_breakdown_usd.values()) == pytest.approx(res.capex_usd, rel=1e-12)
        assert sum(res.opex_breakdown_usd.values()) == pytest.approx(res.opex_usd, rel=1e-12)
        assert res.capex_by_year_usd.sum() == pytest.approx(res.capex_usd, rel=1e-12)
        assert res.gpu_hours_by_year.sum() == pytest.approx(res.gpu_hours, rel=1e-12)


def test_one_sparing_policy_never_both() -> None:
    """Issue #11: spares in orbit or failures replaced by launch, never both. Closed forms for 100 satellites,
    hazard 0.1/yr, 5-year life and horizon, no end-of-life refresh inside it. Failures among 100 operating
    satellites (kept at 100 by spares or replacements) over 5 years: N λ T = 50 expected.
    in-orbit: 100 + 50 = 150 satellites, all launched at the start, no replacements;
    replace: 100 at the start and 50 replacements over the years, 150 in all, never both (not 200)."""
    fin = Finance(discount_rate=0.0, horizon_years=5.0, credit_residual_value=False)
    common = {"annual_failure_rate": 0.1, "design_life_years": 5.0}
    spares = orbit_costs(
        typical_orbit_design(), bare_orbit_parameters(sparing_in_orbit=1.0, **common), typical_launch(**INSTANT),
        WORKLOAD, fin,
    )  # fmt: skip
    replace = orbit_costs(
        typical_orbit_design(), bare_orbit_parameters(sparing_in_orbit=0.0, **common), typical_launch(**INSTANT),
        WORKLOAD, fin,
    )  # fmt: skip
    per_kg = 2_000.0 * 3_600.0  # 2 t satellites at $3,600/kg
    assert spares.capex_breakdown_usd["launch"] == pytest.approx(150 * per_kg)
    assert replace.capex_breakdown_usd["launch"] == pytest.approx(150 * per_kg, rel=1e-9)
    # the same hardware, but the spares are bought and launched up front: dearer once discounted
    assert spares.capex_by_year_usd[..., 0] > replace.capex_by_year_usd[..., 0]


def test_ground_replaces_failed_accelerators_at_the_orbits_failure_rate() -> None:
    """Issue #11 (risk on both sides): the ground pays for the boards that fail, λ n c_srv per year in service,
    where the orbit loses them. Hand ledger: 3,200 accelerators × 6.1 %/yr × $30,000 × 5 years."""
    p = bare_ground_parameters(server_usd_per_accelerator=30_000.0, hardware_failure_rate=0.061)
    fin = Finance(discount_rate=0.0, horizon_years=5.0, credit_residual_value=False)
    res = ground_costs(typical_ground_design(), p, WORKLOAD, fin)
    assert res.opex_breakdown_usd["hardware_replacement"] == pytest.approx(3_200 * 0.061 * 30_000.0 * 5.0)


def test_orbit_production_is_carried_to_the_launch_and_delays_a_same_start() -> None:
    """Issue #11 (time): each satellite's cost, its servers apart, is spent evenly over its production lead time
    T_p = 2 yr before launch, worth (1 + r)^{T_p/2} of it at the launch. Hand ledger: 100 satellites of a bus at
    $1,000/kg × 1,500 kg non-IT mass, carried 1 year at 7 %; the servers (32 × $30,000) carry nothing."""
    p = bare_orbit_parameters(
        server_usd_per_accelerator=30_000.0, bus_usd_per_kg=1_000.0, production_lead_time_years=2.0
    )
    fin = Finance(discount_rate=0.07, horizon_years=5.0, credit_residual_value=False)
    res = orbit_costs(typical_orbit_design(), p, typical_launch(**INSTANT), WORKLOAD, fin)
    assert res.capex_breakdown_usd["production_financing"] == pytest.approx(100 * 1_500 * 1_000.0 * 0.07, rel=1e-12)
    # lead time: production plus the launch campaign (instant here)
    assert res.lead_time_years == pytest.approx(2.0)
    # same start: the first launch waits for production; 3 of 5 years in orbit (instant deployment)
    later = orbit_costs(
        typical_orbit_design(), p, typical_launch(**INSTANT), WORKLOAD, replace(fin, same_in_service_date=False)
    )
    assert later.gpu_hours == pytest.approx(100 * 32 * 8760.0 * 0.9 * 3.0, rel=1e-12)
    # a 12-launch-a-year campaign of ceil(100 / 7) = 15 launches adds 15/12 yr to the lead time
    ramp = orbit_costs(typical_orbit_design(), p, typical_launch(), WORKLOAD, fin)
    assert ramp.lead_time_years == pytest.approx(2.0 + 15 / 12.0, rel=1e-12)


def test_orbit_terminals_and_development_per_watt() -> None:
    """Four terminals of $200k per satellite, and NRE of $1/W on the fleet's IT power (100 × 38.4 kW)."""
    p = bare_orbit_parameters(optical_terminal_usd=200_000.0, optical_terminals_per_satellite=4.0,
                              development_usd_per_w=1.0, development_usd=5.0e6)  # fmt: skip
    fin = Finance(discount_rate=0.0, horizon_years=5.0, credit_residual_value=False)
    res = orbit_costs(typical_orbit_design(), p, typical_launch(**INSTANT), WORKLOAD, fin)
    assert res.capex_breakdown_usd["optical_terminals"] == pytest.approx(100 * 4 * 200_000.0, rel=1e-12)
    assert res.capex_breakdown_usd["development"] == pytest.approx(5.0e6 + 100 * 32 * 1_200.0, rel=1e-12)


def test_ground_insures_its_value_and_pays_its_staff() -> None:
    """Issue #11 (risk): the ground pays property insurance on the building, servers and network, and operations
    staff per W of IT, each year in service. Hand ledger over 5 years: 0.3 % of ($11.7/W × 3.84 MW + 3,200 ×
    $30,000 × 1.1) a year; $0.2/W × 3.84 MW a year."""
    p = bare_ground_parameters(building_usd_per_w=11.7, server_usd_per_accelerator=30_000.0, networking_fraction=0.1,
                               insurance_fraction_per_year=0.003, operations_usd_per_w_year=0.2)  # fmt: skip
    fin = Finance(discount_rate=0.0, horizon_years=5.0, credit_residual_value=False)
    res = ground_costs(typical_ground_design(), p, WORKLOAD, fin)
    insured = 11.7 * 3_840_000 + 3_200 * 30_000.0 * 1.1
    assert res.opex_breakdown_usd["insurance"] == pytest.approx(0.003 * insured * 5.0, rel=1e-12)
    assert res.opex_breakdown_usd["operations"] == pytest.approx(0.2 * 3_840_000 * 5.0, rel=1e-12)
