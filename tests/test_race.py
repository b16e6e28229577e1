"""The gigawatt race (issue #18): launch history, learning, the queue, ramps, the manifest, the command."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate
from typer.testing import CliRunner

import skyrack
from skyrack.economics.launch import wright_launch_price_usd_per_kg
from skyrack.economics.ramp import (
    Item,
    Vehicle,
    cadence_by_year,
    capacity_of_queues,
    ground_live_years,
    orbit_capacity,
    orbit_ramp,
    orbit_year_reached,
    satellites_produced,
    site_waits,
    year_reached,
)
from skyrack.models.race import launch_history
from skyrack.present.cli import app

SUNCATCHER = Path(__file__).resolve().parents[1] / "examples" / "suncatcher.toml"
runner = CliRunner()
G0 = 9.80665


def test_the_falcon_9_history_reproduces_the_published_counts_and_milestones() -> None:
    history = dict(launch_history()["falcon9-reusable"])
    years = np.arange(2008, 2031, dtype=float)
    hy, hl = np.array(list(history), dtype=float), np.array(list(history.values()), dtype=float)
    cadence = dict(zip(years.astype(int), cadence_by_year(years, hy, hl, 165.0), strict=True))
    assert cadence[2025] == 165  # Space.com: 165 Falcon 9 launches in 2025
    assert cadence[2009] == 0 and cadence[2030] == 165  # none before 2010; held after 2025 (no stated target)
    # milestones counted independently of the yearly figures: 77 Falcon 9 launches June 2010 to the end of 2019
    # (Wikipedia's list), 417 by the end of 2024 (NSF recap), the 500th Falcon 9 mission on 13 July 2025
    assert sum(cadence[y] for y in range(2010, 2020)) == 77
    assert sum(cadence[y] for y in range(2010, 2025)) == 417
    assert 417 < 500 <= 417 + 165 * (194 / 365) + 12  # the 500th fell in 2025 near mid-July at 2025's rate


def test_a_stated_cadence_target_is_reached_geometrically_and_held() -> None:
    years = np.arange(2023, 2036, dtype=float)
    c = cadence_by_year(years, [2023, 2024, 2025], [2, 4, 5], 5.0, 2023.0, 8760.0, 2032.0)
    assert c[:3].tolist() == [2, 4, 5] and c[years == 2032][0] == pytest.approx(8760.0)
    ratio = c[4:10] / c[3:9]  # 2026..2032 over the year before: one constant factor, (8760/5)^(1/7)
    np.testing.assert_allclose(ratio, (8760 / 5) ** (1 / 7), rtol=1e-12)
    assert (c[years > 2032] == 8760.0).all()
    assert (cadence_by_year(years, [], [], 12.0, 2026.0) == np.where(years < 2026, 0.0, 12.0)).all()


def test_suncatchers_learning_curve_claim() -> None:
    # Suncatcher (arXiv 2511.19468 §4.4): ~$1,800/kg at ~400 t cumulative (Falcon Heavy), a ~20 % learning rate
    # per doubling of launched mass, and "<$200/kg by ~2035 would require launching ~370,000 t additional"
    price = wright_launch_price_usd_per_kg(1800.0, 400e3 + 370_000e3, 400e3, 0.20)
    assert 180.0 < float(price) < 200.0
    # at the ends of their 18-24 % range the same mass gives 255 and 120 $/kg: the claim needs about 20 %
    assert float(wright_launch_price_usd_per_kg(1800.0, 370_400e3, 400e3, 0.24)) < 200.0
    assert float(wright_launch_price_usd_per_kg(1800.0, 370_400e3, 400e3, 0.18)) > 200.0


def test_production_ramps_against_their_closed_forms() -> None:
    t = np.array([0.0, 1.0, 2.5, 7.0])
    assert satellites_produced(t, 3640.0, 0.0, 1.0).tolist() == [0.0, 0.0, 3640.0 * 1.5, 3640.0 * 6.0]
    for growth in (0.204, -0.1):
        exact = [integrate.quad(lambda s, g=growth: 3640.0 * (1 + g) ** s, 0.0, x - 1.0)[0] if x > 1 else 0.0
                 for x in t]  # fmt: skip
        np.testing.assert_allclose(satellites_produced(t, 3640.0, growth, 1.0), exact, rtol=1e-10, atol=1e-9)
    # a piecewise-linear path crosses its target where the straight line between two samples does
    assert year_reached([0, 1, 2], [0.0, 4.0, 12.0], 8.0) == pytest.approx(1.5)
    assert math.isnan(year_reached([0, 1], [0.0, 1.0], 2.0))


def _items() -> list[Item]:
    rocket, rugged = 6 * G0, 10_000 * G0
    return [Item("compute", 300.0, rocket), Item("bus", 100.0, rocket), Item("radiator", 80.0, rugged),
            Item("propellant", 20.0, rugged)]  # fmt: skip


def test_a_launch_limited_ramp_flies_cadence_times_payload_and_conserves_mass() -> None:
    rocket = Vehicle("rocket", 50_000.0, 200.0, 6 * G0, np.array([10.0, 20.0, 40.0, 40.0]))
    made = np.full(4, 5_000.0)
    ramp = orbit_ramp(made, _items(), [rocket], 1.0, math.inf, 1e9)
    # 500 kg satellites: 1,000, 2,000, then 4,000 of them (all launches full), the rest waiting
    np.testing.assert_allclose(ramp.deployed, [1000.0, 2000.0, 4000.0, 4000.0])
    np.testing.assert_allclose(ramp.waiting, [4000.0, 7000.0, 8000.0, 9000.0])
    assert ramp.limit == ["launch or assembly"] * 4
    np.testing.assert_allclose(ramp.item_mass_kg[0].sum(axis=0), ramp.deployed * 500.0)  # every kg flown once
    ample = orbit_ramp(made, _items(), [Vehicle("big", 1e6, 100.0, 6 * G0, np.full(4, 1e3))], 1.0, math.inf, 12_000)
    np.testing.assert_allclose(ample.deployed, [5000.0, 5000.0, 2000.0, 0.0])  # production-bound, stops at the need
    edges = np.arange(5.0)
    assert orbit_year_reached(edges, ample, 12_000) == pytest.approx(2.4)  # 2,000 more at 5,000 a year
    np.testing.assert_allclose(orbit_capacity([0.5, 2.2, 2.4, 3.5], edges, ample, 1.0), [2500, 11000, 12000, 12000])


def test_failures_and_retirements_against_their_closed_forms() -> None:
    # a line of P = 1,000 satellites a year from t = 0, launches to spare
    years = 20
    made = np.full(years, 1000.0)
    big = Vehicle("big", 1e7, 100.0, 6 * G0, np.full(years, 1e3))
    edges = np.arange(years + 1.0)
    t = np.arange(1.0, years + 0.5)
    # a constant hazard λ: dN/dt = P − λN, N(t) = (P/λ)(1 − e^{−λt}); cohorts flown through each year are counted at
    # their mean flight time (the midpoint rule: an error of λ²/24, 0.04 % at λ = 0.1)
    lam = 0.1
    decaying = orbit_ramp(made, _items(), [big], 1.0, math.inf, 1e9, edges, lam)
    np.testing.assert_allclose(orbit_capacity(t, edges, decaying, 1.0), 1000.0 / lam * (1 - np.exp(-lam * t)),
                               rtol=5e-3)  # fmt: skip
    # retirement at L = 5 years and no failures: the fleet grows as P t, then holds at P L
    retiring = orbit_ramp(made, _items(), [big], 1.0, math.inf, 1e9, edges, 0.0, 5.0)
    np.testing.assert_allclose(orbit_capacity([3.0, 5.0, 8.0, 15.0], edges, retiring, 1.0),
                               [3000.0, 5000.0, 5000.0, 5000.0], rtol=1e-9)  # fmt: skip
    # a target of 3,000 working satellites under λ = 0.1 is reached when (P/λ)(1 − e^{−λt}) = 3,000:
    # t = −ln(0.7)/λ = 3.567 years (3.0 without failures), and then held by replacements
    held = orbit_ramp(made, _items(), [big], 1.0, math.inf, 3000.0, edges, lam)
    assert orbit_year_reached(edges, held, 3000.0) == pytest.approx(-math.log(0.7) / lam, abs=0.02)
    later = orbit_capacity(np.arange(5.0, years + 0.5), edges, held, 1.0)
    np.testing.assert_allclose(later, 3000.0, rtol=0.05)  # the fleet stays at the need (minus a year's decay)
    # each year replaces a year's decay of the fleet and of its own new satellites, flown early in the year: s e^{−λ}
    # = N (1 − e^{−λ}), s = N (e^λ − 1) = 315.5
    assert held.deployed[6:].mean() == pytest.approx(3000.0 * (math.exp(lam) - 1), rel=0.02)


def test_the_manifest_never_puts_an_item_on_a_vehicle_it_cannot_survive() -> None:
    rocket = Vehicle("rocket", 50_000.0, 200.0, 6 * G0, np.full(3, 10.0))
    gun = Vehicle("gun", 200.0, 50.0, 10_000 * G0, np.full(3, 1000.0))  # cheaper than the rocket
    too_hard = Vehicle("railgun", 1_000.0, 5.0, 30_000 * G0, np.full(3, 1000.0))  # beyond every item's tolerance
    items = _items()
    ramp = orbit_ramp(np.full(3, 2_000.0), items, [rocket, gun, too_hard], 1.0, 1_500.0, 1e9)
    for k, v in enumerate([rocket, gun, too_hard]):
        for i, it in enumerate(items):
            if ramp.item_mass_kg[k, i].sum() > 0.0:
                assert it.tolerance_m_per_s2 >= v.max_acceleration_m_per_s2, (v.name, it.name)
    assert ramp.item_mass_kg[2].sum() == 0.0 and ramp.launches[2].sum() == 0.0
    # the cheaper gun takes the rugged 100 kg of each assembled satellite, the rockets' 500 t a year the other
    # 400 kg: 500 t / 400 kg = 1,250 satellites (under the 1,500 assembled a year), 125 t of them by gun
    np.testing.assert_allclose(ramp.item_mass_kg[1].sum(axis=0), 125_000.0)
    np.testing.assert_allclose(ramp.deployed, 1250.0)
    for i, it in enumerate(items):  # every item of every satellite flown, on one vehicle or another
        np.testing.assert_allclose(ramp.item_mass_kg[:, i].sum(axis=0), ramp.deployed * it.mass_kg)


def test_the_queue_reproduces_lbnls_median_and_completion_share() -> None:
    # LBNL Queued Up 2025: the typical project reaching operation in 2024 waited 55 months; about 19 % of the
    # requests of 2000-2019 reached operation. 10^6 draws: the median within 0.2 %, the share within 0.002
    wait, ok = site_waits(np.random.default_rng(7), (1_000_000,), 0.19, 55 / 12, 0.218)
    assert float(np.median(wait[ok])) == pytest.approx(55 / 12, rel=2e-3)
    assert float(np.mean(ok)) == pytest.approx(0.19, abs=2e-3)


def test_the_queue_without_spread_or_withdrawal_is_the_closed_form() -> None:
    # every site waits the median and connects: the target is up after the wait plus target / rate
    live = ground_live_years(np.random.default_rng(1), 4, 10e9, 100e6, 1.0, 4.5, 0.0, 2.0, 16.6e9)
    np.testing.assert_allclose(live[:, -1], 4.5 + 10 / 16.6, rtol=1e-12)
    np.testing.assert_allclose(live[0], 4.5 + np.arange(1, 101) * 0.1 / 16.6, rtol=1e-12)  # one site per gap
    t = np.array([4.0, 4.5 + 0.05 / 16.6, 6.0])
    np.testing.assert_allclose(capacity_of_queues(t, live, 100e6, 10e9)[0], [0.0, 0.0, 10e9])
    # with LBNL's spread and withdrawals the target waits for the slowest of its sites: later than the median
    slower = ground_live_years(np.random.default_rng(1), 400, 10e9, 100e6, 0.19, 4.5, 0.218, 2.0, 16.6e9)
    assert (slower[:, -1] > 4.5 + 10 / 16.6).mean() > 0.9
    assert (np.diff(slower, axis=1) >= 0).all()  # each row in the order the sites go live
    chunked = ground_live_years(np.random.default_rng(1), 400, 10e9, 100e6, 0.19, 4.5, 0.218, 2.0, 16.6e9)
    np.testing.assert_array_equal(chunked, slower)  # the seed fixes the draws


def _race(*args: str) -> dict:
    result = runner.invoke(app, ["race", str(SUNCATCHER), "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_race_json_gives_both_sides_at_the_comparisons_costs() -> None:
    out = _race("--target", "2 GW", "--by", "2050", "--set", 'race.orbit.production_rate="50000 /yr"')
    compare = skyrack.compare(skyrack.load_scenario(SUNCATCHER))
    assert out["target_gw"] == 2.0 and out["by"] == 2050
    # one scenario, one answer: the race's costs per GPU-hour are the comparison's
    assert out["orbit"]["usd_per_gpu_hour"] == pytest.approx(compare.orbit_usd_per_gpu_hour, rel=1e-12)
    assert out["ground"]["usd_per_gpu_hour"] == pytest.approx(compare.ground_usd_per_gpu_hour, rel=1e-12)
    # the ground's closed form: the start (20 March 2030), 55 months of queue, then 2 GW at 16.6 GW a year; the
    # queues (500 by default) take longer: the target waits for the slowest of its sites
    start = 2030 + 78 / 365.25
    typical = _race("--target", "2 GW", "--by", "2050", "--set", "race.samples=0")
    assert typical["ground"]["year_reached"] == pytest.approx(start + 55 / 12 + 2 / 16.6, abs=0.006)  # to 0.01
    assert "p_orbit_first" not in typical
    p10, p50, p90 = out["ground"]["year_reached_p10_p50_p90"]
    assert typical["ground"]["year_reached"] < p10 < p50 < p90 and out["ground"]["year_reached"] == p50
    assert out["orbit"]["year_reached"] is not None and out["orbit"]["reason"] is None
    assert out["orbit"]["launches"] > 0 and {"vehicle", "item", "mass_kg", "launches"} <= set(
        out["orbit"]["manifest"][0]
    )
    # the manifest carries every satellite flown: the fleet, and the replacements of the failed and the retired
    flown = out["orbit"]["satellites_flown"]
    assert flown > out["orbit"]["satellites"]
    compute = next(m for m in out["orbit"]["manifest"] if m["item"] == "compute")
    design = skyrack.design(skyrack.load_scenario(SUNCATCHER))
    assert compute["mass_kg"] == pytest.approx(flown * design.satellite.compute_mass_kg, rel=1e-9)
    years = out["capacity_gw_by_year"]
    assert years["year"][0] == 2030 and years["year"][-1] == 2050 and len(years["orbit"]) == len(years["year"])
    assert max(years["orbit"]) == pytest.approx(2.0, rel=1e-3) and max(years["ground"]) == pytest.approx(2.0)
    assert out["ground"]["samples"] == 500
    assert 0.0 <= out["p_orbit_first"] <= 1.0 and len(out["ground"]["year_reached_p10_p50_p90"]) == 3
    first = min(("orbit", "ground"), key=lambda k: out[k]["year_reached"])
    head = out["head_start"]
    assert head["side"] == first and head["gpu_hours"] > 0.0
    margin = out["value_per_gpu_hour_usd"] - out[first]["usd_per_gpu_hour"]
    assert math.copysign(1.0, head["usd"]) == math.copysign(1.0, margin)  # the hours are worth its margin
    assert out["npv_orbit_minus_ground_usd"] == pytest.approx(out["orbit"]["npv_usd"] - out["ground"]["npv_usd"])


def test_a_side_that_never_gets_there_says_why_and_bad_input_names_the_key(tmp_path: Path) -> None:
    out = _race("--target", "100 GW", "--by", "2040")
    assert out["orbit"]["year_reached"] is None and "production_rate" in out["orbit"]["reason"]
    missing = runner.invoke(app, ["race", str(SUNCATCHER)])
    assert missing.exit_code == 2 and "race.target" in missing.stderr
    kinetic = runner.invoke(app, ["race", str(SUNCATCHER), "--target", "1 GW", "--set",
                                  'launch.vehicles=["starship", "spinlaunch-orbital"]', "--set",
                                  "catalog.launch_vehicles.spinlaunch-orbital.first_flight=2031"])  # fmt: skip
    assert kinetic.exit_code == 2 and "race.orbit.assembly_rate" in kinetic.stderr
    concept = runner.invoke(app, ["race", str(SUNCATCHER), "--target", "1 GW", "--set",
                                  'launch.vehicles=["starship", "spinlaunch-orbital"]'])  # fmt: skip
    assert concept.exit_code == 2 and "first_flight" in concept.stderr
    bad = runner.invoke(app, ["race", str(SUNCATCHER), "--target", "10 km"])
    assert bad.exit_code == 2 and "race.target" in bad.stderr
    # queues too large to draw are refused before anything is allocated (1e-6 would file 10^8 requests)
    for key, value in (("race.ground.completion_fraction", "1e-6"), ("race.samples", "100000")):
        huge = runner.invoke(app, ["race", str(SUNCATCHER), "--target", "10 GW", "--set", f"{key}={value}"])
        assert huge.exit_code == 2 and key in huge.stderr
    page = tmp_path / "race.html"
    shown = runner.invoke(app, ["race", str(SUNCATCHER), "--target", "1 GW", "--html", str(page)])
    assert shown.exit_code == 0, shown.stderr
    assert "IT power online [GW]" in page.read_text(encoding="utf-8") and "manifest" in shown.stdout


def test_onsite_gas_prices_the_fuel_in_every_command_and_skips_the_queue() -> None:
    grid = skyrack.compare(skyrack.load_scenario(SUNCATCHER))
    with pytest.warns(skyrack.SkyrackWarning, match="fuel sets the energy price"):
        gas = skyrack.compare(skyrack.load_scenario(SUNCATCHER, ['ground.power="onsite-gas"']))
    g = gas.inputs.ground
    # EIA: 6,654 Btu/kWh for combined cycle since 2015, Henry Hub 3.52 $/MMBtu (2025), 53.07 kg CO2/MMBtu
    assert float(g.electricity_usd_per_kwh) == pytest.approx(6654 * 3.52 / 1e6, rel=1e-9)
    assert float(g.grid_kg_co2_per_kwh) == pytest.approx(6654 * 53.07 / 1e6, rel=1e-9)
    # the turbines (BNEF: 2,157 $/kW) sized for the site's whole draw, IT x PUE, join the building's capital
    pue = float(grid.inputs.ground.pue)
    assert float(g.building_usd_per_w) == pytest.approx(float(grid.inputs.ground.building_usd_per_w) + 2.157 * pue)
    with pytest.warns(skyrack.SkyrackWarning):
        out = _race("--target", "10 GW", "--set", 'ground.power="onsite-gas"')
    # no queue: the turbines' five-year lead time, then GE Vernova's third for data centres, 6.7 GW a year
    start = 2030 + 78 / 365.25
    assert out["ground"]["year_reached"] == pytest.approx(start + 5 + 10 / (6.7 / pue), abs=0.006)
    assert out["ground"]["usd_per_gpu_hour"] == pytest.approx(gas.ground_usd_per_gpu_hour, rel=1e-12)
    assert "p_orbit_first" not in out  # nothing drawn on this path


def test_a_run_with_a_race_target_carries_the_race_into_its_summary_and_report() -> None:
    from skyrack.present.report import run_report_html

    scenario = skyrack.load_scenario(SUNCATCHER, ['race.target="1 GW"', 'scenario.duration="1 d"',
                                                  "race.samples=0"])  # fmt: skip
    result = skyrack.run(scenario)
    assert result.race is not None
    race = result.summary()["race"]
    alone = skyrack.race(scenario).to_dict()  # the same answer as `skyrack race`
    assert race["ground"]["year_reached"] == alone["ground"]["year_reached"]
    assert race["orbit"]["year_reached"] == alone["orbit"]["year_reached"]
    page = run_report_html(result)
    assert "The gigawatt race: 1 GW" in page and "IT power online [GW]" in page
    assert skyrack.run(skyrack.load_scenario(SUNCATCHER, ['scenario.duration="1 d"'])).race is None
