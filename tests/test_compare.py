"""Orbit against ground through the whole chain: compare, breakeven and uncertainty (issue #5)."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import skyrack
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.models import build_models
from skyrack.present.cli import app
from skyrack.scenario import read_scenario_toml

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()

# Overrides under which a launch-price break-even exists for the Suncatcher example: a cheap bus, no insurance,
# and an expensive ground site (Suncatcher §2.4's high case is $0.25/kWh at PUE 1.4; here $1/kWh, since the TPU's
# all-in 432 W leaves the ground less energy to pay for, and orbit loses accelerators to failures over its life).
CHEAP_ORBIT = [
    "catalog.costs.orbit-default.bus_usd_per_kg=100 USD/kg",
    "catalog.costs.orbit-default.optical_terminal_usd=100000 USD",  # the catalog's low (TBIRD's terminals)
    "catalog.costs.orbit-default.insurance_fraction=0",
    "ground.electricity_price=1.0 USD/kWh",
    "ground.pue=1.4",
]


def test_compare_json_keys(suncatcher_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(suncatcher_path), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("capex_usd", "opex_usd", "gpu_hours", "usd_per_gpu_hour", "carbon_kg_per_gpu_hour"):
        assert math.isfinite(data["orbit"][key]), key
    for key in ("capex_usd", "opex_usd", "gpu_hours", "usd_per_gpu_hour", "energy_cost_usd_per_kw_year",
                "water_m3", "carbon_kg_per_gpu_hour"):  # fmt: skip
        assert math.isfinite(data["ground"][key]), key
    assert data["ratio_orbit_to_ground"] == pytest.approx(
        data["orbit"]["usd_per_gpu_hour"] / data["ground"]["usd_per_gpu_hour"]
    )


def test_suncatcher_ground_energy_spend(suncatcher_path: Path) -> None:
    # Suncatcher (arXiv 2511.19468, §2.4): $0.06/kWh × PUE 1.09 → ≈ $573 per kW of IT per year.
    result = skyrack.compare(skyrack.load_scenario(suncatcher_path)).to_dict()
    assert result["ground"]["energy_cost_usd_per_kw_year"] == pytest.approx(573.0, rel=0.001)
    # $0.25/kWh × PUE 1.4 → ≈ $3,066.
    high = skyrack.compare(
        skyrack.load_scenario(suncatcher_path, ["ground.electricity_price=0.25 USD/kWh", "ground.pue=1.4"])
    ).to_dict()
    assert high["ground"]["energy_cost_usd_per_kw_year"] == pytest.approx(3066.0, rel=0.001)


def test_starcloud_energy_bill() -> None:
    # Starcloud white paper (2024): 40 MW for 10 years at $0.04/kWh → ≈ $140 M of energy (IT energy, PUE 1,
    # no construction delay).
    scenario = skyrack.load_scenario(
        EXAMPLES / "starcloud-40mw.toml", ["ground.pue=1", "catalog.costs.ground-default.time_to_build_years=0 yr"]
    )
    ground = skyrack.compare(scenario).to_dict()["ground"]
    assert ground["opex_breakdown_usd"]["energy"] == pytest.approx(140e6, rel=0.005)


def test_breakeven_value_gives_equal_costs(suncatcher_path: Path) -> None:
    result = skyrack.breakeven(suncatcher_path, "launch.price", CHEAP_ORBIT)
    assert result.value is not None and result.unit == "USD/kg"
    at = skyrack.compare(skyrack.load_scenario(suncatcher_path, [*CHEAP_ORBIT, f"launch.price={result.value} USD/kg"]))
    # issue #5: at the reported break-even, compare gives equal $/GPU-hour within 0.5%
    assert at.orbit_usd_per_gpu_hour == pytest.approx(at.ground_usd_per_gpu_hour, rel=0.005)
    # and orbit is cheaper just below it, dearer just above (cost rises with launch price)
    below = skyrack.compare(
        skyrack.load_scenario(suncatcher_path, [*CHEAP_ORBIT, f"launch.price={result.value * 0.5} USD/kg"])
    )
    assert below.orbit_usd_per_gpu_hour < below.ground_usd_per_gpu_hour


def test_breakeven_of_a_ground_parameter(suncatcher_path: Path) -> None:
    result = skyrack.breakeven(suncatcher_path, "ground.electricity_price")
    assert result.value is not None
    at = skyrack.compare(skyrack.load_scenario(suncatcher_path, [f"ground.electricity_price={result.value} USD/kWh"]))
    assert at.orbit_usd_per_gpu_hour == pytest.approx(at.ground_usd_per_gpu_hour, rel=0.005)


def test_no_breakeven_is_null_with_a_reason(suncatcher_path: Path) -> None:
    result = runner.invoke(app, ["breakeven", str(suncatcher_path), "--param", "launch.price", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["param"] == "launch.price" and data["unit"] == "USD/kg"
    assert data["value"] is None
    assert "no break-even" in data["reason"]


def test_breakeven_bad_param(suncatcher_path: Path) -> None:
    result = runner.invoke(app, ["breakeven", str(suncatcher_path), "--param", "orbit.nonsense"])
    assert result.exit_code == 2
    assert "orbit.nonsense" in result.stderr


def _with_uncertainty(tmp_path: Path, source: Path, table: str) -> Path:
    path = tmp_path / "u.toml"
    # the example's own [uncertainty] tables (they come last in the file) are replaced by ``table``
    base = source.read_text(encoding="utf-8").split("\n[uncertainty]")[0]
    path.write_text(base + "\n" + table, encoding="utf-8")
    return path


def test_monte_carlo_collapsed_to_points_equals_deterministic(suncatcher_path: Path, tmp_path: Path) -> None:
    path = _with_uncertainty(
        tmp_path,
        suncatcher_path,
        """[uncertainty]
samples = 64
catalog_ranges = false
[uncertainty.parameters]
"launch.price" = { distribution = "triangular", low = "200 USD/kg", mode = "200 USD/kg", high = "200 USD/kg" }
"satellite.power.cell_efficiency" = { distribution = "normal", mean = 0.22, std = 0 }
"ground.electricity_price" = { distribution = "uniform", low = "0.06 USD/kWh", high = "0.06 USD/kWh" }
"finance.discount_rate" = { distribution = "lognormal", median = 0.08, sigma = 0 }
""",
    )
    scenario = skyrack.load_scenario(path)
    deterministic = skyrack.compare(scenario)
    result = skyrack.uncertainty(scenario, sensitivity=False)
    np.testing.assert_allclose(result.orbit_usd_per_gpu_hour, deterministic.orbit_usd_per_gpu_hour, rtol=1e-12)
    np.testing.assert_allclose(result.ground_usd_per_gpu_hour, deterministic.ground_usd_per_gpu_hour, rtol=1e-12)


def test_monte_carlo_percentiles_and_sobol(suncatcher_path: Path, tmp_path: Path) -> None:
    path = _with_uncertainty(
        tmp_path,
        suncatcher_path,
        """[uncertainty]
samples = 2048
catalog_ranges = false
[uncertainty.parameters]
"launch.price" = { distribution = "lognormal", median = "200 USD/kg", sigma = 1.0 }
"satellite.thermal.emissivity" = { distribution = "uniform", low = 0.90, high = 0.92 }
""",
    )
    result = skyrack.uncertainty(skyrack.load_scenario(path)).to_dict()
    orbit = result["orbit_usd_per_gpu_hour"]
    assert orbit["p10"] < orbit["p50"] < orbit["p90"]
    # The ground cost does not depend on either input (closed form: zero spread).
    ground = result["ground_usd_per_gpu_hour"]
    assert ground["p10"] == pytest.approx(ground["p90"], rel=1e-12)
    assert 0.0 <= result["probability_orbit_cheaper"] <= 1.0
    # A lognormal launch price with sigma 1 dominates a ±1% emissivity: Sobol total index ranks it first.
    sobol = result["sobol"]
    assert sobol["launch.price"]["ST"] > 0.9 > 0.1 > sobol["satellite.thermal.emissivity"]["ST"]


def test_uncertainty_unknown_key_is_reported(suncatcher_path: Path, tmp_path: Path) -> None:
    path = _with_uncertainty(
        tmp_path,
        suncatcher_path,
        """[uncertainty.parameters]
"launch.prise" = { distribution = "uniform", low = "100 USD/kg", high = "300 USD/kg" }
""",
    )
    result = runner.invoke(app, ["uncertainty", str(path)])
    assert result.exit_code == 2
    assert "launch.prise" in result.stderr and "did you mean 'launch.price'" in result.stderr


def test_a_learning_rate_without_wrights_model_is_refused_not_ignored(suncatcher_path: Path, tmp_path: Path) -> None:
    # under a fixed or trend price the learning rate has no effect: sampling it (or setting it) would be a silent
    # no-op in the one-point path and a NaN in the arrays, so both say what it needs
    path = _with_uncertainty(
        tmp_path,
        suncatcher_path,
        """[uncertainty.parameters]
"launch.learning_rate" = { distribution = "uniform", low = 0.1, high = 0.3 }
""",
    )
    result = runner.invoke(app, ["uncertainty", str(path)])
    assert result.exit_code == 2 and "price_model = 'wright'" in result.stderr
    result = runner.invoke(app, ["compare", str(suncatcher_path), "--set", "launch.learning_rate=0.2"])
    assert result.exit_code == 2 and "launch" in result.stderr and "price_model = 'wright'" in result.stderr


def test_uncertainty_wrong_unit_is_reported(suncatcher_path: Path, tmp_path: Path) -> None:
    path = _with_uncertainty(
        tmp_path,
        suncatcher_path,
        """[uncertainty.parameters]
"launch.price" = { distribution = "uniform", low = "100 USD/kWh", high = "300 USD/kg" }
""",
    )
    result = runner.invoke(app, ["uncertainty", str(path)])
    assert result.exit_code == 2
    assert "uncertainty.parameters.launch.price" in result.stderr


def test_infeasible_design_has_no_cost(suncatcher_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(suncatcher_path), "--set", "orbit.altitude=250 km"])
    assert result.exit_code == 2
    assert "not feasible" in result.stderr


def test_cost_overrides_that_would_be_ignored_are_refused(suncatcher_path: Path) -> None:
    # Issue #11: an override that changes nothing is an error naming the key and what to set instead.
    moved = runner.invoke(
        app, ["compare", str(suncatcher_path), "--set", "catalog.costs.orbit-default.spares_fraction=0.1"]
    )
    assert moved.exit_code == 2 and "fleet.sparing" in moved.stderr
    typo = runner.invoke(
        app, ["compare", str(suncatcher_path), "--set", "catalog.costs.orbit-default.insurence_fraction=0"]
    )
    assert typo.exit_code == 2 and "insurance_fraction" in typo.stderr and "Traceback" not in typo.stderr


def test_sparing_policy_changes_only_when_the_spares_are_bought(suncatcher_path: Path) -> None:
    # Both policies fly the same expected number of satellites (N λ L = 81 × 3 %/yr × 5 yr ≈ 12 more); in-orbit
    # spares are bought and launched at the start, replacements when the failures happen, so in-orbit costs more
    # once discounted and the same undiscounted hardware.
    replace = skyrack.compare(skyrack.load_scenario(suncatcher_path)).to_dict()["orbit"]
    spares = skyrack.compare(skyrack.load_scenario(suncatcher_path, ['fleet.sparing="in-orbit"'])).to_dict()["orbit"]
    assert spares["usd_per_gpu_hour"] > replace["usd_per_gpu_hour"]
    assert spares["capex_breakdown_usd"]["launch"] == pytest.approx(replace["capex_breakdown_usd"]["launch"], rel=0.02)


def _cost_sections() -> dict[str, str]:
    from skyrack.economics import Finance, GroundParameters, OrbitParameters

    out = {}
    for section, cls in (("orbit-default", OrbitParameters), ("ground-default", GroundParameters),
                         ("finance-default", Finance)):  # fmt: skip
        for f in dataclasses.fields(cls):
            out.setdefault(f.name, section)
    return out


def test_every_cost_override_lands_or_is_refused() -> None:
    # Issue #11: one precedence for every cost key. An explicit [catalog.costs.*] value reaches the cost model
    # (the shipped ground site no longer overwrites it), or, for a key the scenario decides, is refused. The walker
    # example sets no [ground] or [finance] keys, which would rank above these overrides.
    scenario_file = EXAMPLES / "walker-constellation.toml"
    from skyrack.chain.compare import economic_inputs
    from skyrack.economics import COST_PARAMETER_UNITS

    sections = _cost_sections()
    launch_keys = {"learning_rate", "max_launches_per_year", "trend_base_price_usd_per_kg", "trend_base_year",
                   "trend_decline_fraction", "trend_period_years"}  # fmt: skip
    refused = {"design_life_years", "horizon_years", "price_usd_per_kg", "sso_payload_fraction"}
    own_keys = {"discount_rate": "finance.discount_rate", "electricity_usd_per_kwh": "ground.electricity_price",
                "pue": "ground.pue", "wue_l_per_kwh": "ground.wue", "grid_kg_co2_per_kwh": "ground.carbon_intensity"}  # fmt: skip
    raw = read_scenario_toml(scenario_file)
    given = {f"{sec}.{k}" for sec in ("ground", "finance") for k in raw.get(sec, {})}
    base = economic_inputs(skyrack.load_scenario(scenario_file))
    baseline_target = {"orbit-default": base.orbit, "ground-default": base.ground, "finance-default": base.finance}
    checked = 0
    for key, unit in COST_PARAMETER_UNITS.items():
        value = 0.37 if unit == "dimensionless" else 1234.5
        text = f"{value}" if unit == "dimensionless" else f'"{value} {unit}"'
        section = (
            "launch-default"
            if key in launch_keys or key in {"price_usd_per_kg", "sso_payload_fraction"}
            else (sections.get(key, ""))
        )
        override = f"catalog.costs.{section}.{key}={text}"
        if key in refused:
            with pytest.raises(SkyrackInputErrors, match=key):
                economic_inputs(skyrack.load_scenario(scenario_file, [override]))
            continue
        if key in launch_keys:
            continue  # used by the price models that name them: checked below
        inputs = economic_inputs(skyrack.load_scenario(scenario_file, [override]))
        target = {"orbit-default": inputs.orbit, "ground-default": inputs.ground, "finance-default": inputs.finance}
        # the scenario's own key ranks above ([ground] electricity_price and pue, [finance] discount_rate here)
        section_key = own_keys.get(key)
        expected = getattr(baseline_target[section], key) if section_key in given else value
        assert getattr(target[section], key) == pytest.approx(expected, rel=1e-12), key
        checked += 1
    assert checked >= 25
    wright = economic_inputs(skyrack.load_scenario(scenario_file, [
        'launch.price_model="wright"', 'launch.cumulative_mass_at_start="5000 t"',
        "catalog.costs.launch-default.learning_rate=0.37"]))  # fmt: skip
    assert wright.launch.learning_rate == pytest.approx(0.37)


def test_site_values_do_not_overwrite_an_explicit_cost_default(suncatcher_path: Path) -> None:
    # the site's shipped $11.7 M/MW gives way to an explicit ground-default; an explicit site value beats both
    from skyrack.chain.compare import economic_inputs

    cost = economic_inputs(
        skyrack.load_scenario(suncatcher_path, ["catalog.costs.ground-default.building_usd_per_w=13.8 USD/W"])
    )
    assert cost.ground.building_usd_per_w == pytest.approx(13.8)
    both = economic_inputs(skyrack.load_scenario(suncatcher_path, [
        "catalog.costs.ground-default.building_usd_per_w=13.8 USD/W",
        "catalog.ground_sites.us-average.capex_per_mw=9 MUSD/MW"]))  # fmt: skip
    assert both.ground.building_usd_per_w == pytest.approx(9.0)
    scenario_key = economic_inputs(skyrack.load_scenario(suncatcher_path, [
        "catalog.costs.ground-default.pue=1.9", "ground.pue=1.2"]))  # fmt: skip
    assert scenario_key.ground.pue == pytest.approx(1.2)


def test_mean_surviving_fraction_closed_form() -> None:
    # Reference: numerical quadrature of the survival function e^{-λt} up to the cutoff, over the period.
    from scipy.integrate import quad

    from skyrack.physics.radiation import mean_surviving_fraction

    year = 365.25 * 86400.0
    for hazard, period, cutoff in (
        (0.061 / year, 5 * year, math.inf),
        (0.2 / year, 5 * year, 3 * year),
        (0.0, year, math.inf),
    ):
        reference = quad(lambda t, h=hazard: math.exp(-h * t), 0.0, min(period, cutoff))[0] / period
        assert mean_surviving_fraction(hazard, period, cutoff) == pytest.approx(reference, rel=1e-10)


def test_every_command_costs_with_one_availability(suncatcher_path: Path) -> None:
    # Issue #11: compare, breakeven, uncertainty and run gave three answers for one scenario (availability 1.0
    # against the simulated 0.965). Now all use the modelled life availability and say so; the simulation over its
    # period agrees with the model over that same period within 1 % (eclipses, faults and failures simulated).
    overrides = ['scenario.duration="30 d"']
    scenario = skyrack.load_scenario(suncatcher_path, overrides)
    compared = skyrack.compare(scenario)
    assert compared.to_dict()["availability_basis"].startswith("modelled")
    run = skyrack.run(scenario)
    assert run.comparison.orbit_usd_per_gpu_hour == pytest.approx(compared.orbit_usd_per_gpu_hour, rel=1e-12)
    hv = run.summary()["headline_values"]
    assert hv["orbit_availability_simulated"] == pytest.approx(
        hv["orbit_availability_modelled_over_simulated_period"], rel=0.01
    )
    curve = skyrack.breakeven(suncatcher_path, "launch.price", overrides, 100.0, 400.0, points=3)  # 100, 200, 400
    at_200 = next(p for p in curve.curve if p.value == pytest.approx(200.0))
    assert at_200.orbit_usd_per_gpu_hour == pytest.approx(compared.orbit_usd_per_gpu_hour, rel=1e-9)
    # the same point values in the Monte Carlo (the catalog's estimates left at their values, not drawn)
    pinned = skyrack.load_scenario(suncatcher_path, [*overrides, "uncertainty.catalog_ranges=false"])
    unc = skyrack.uncertainty(pinned, samples=512, sensitivity=False).to_dict()
    assert unc["ratio_orbit_to_ground"]["p50"] == pytest.approx(compared.to_dict()["ratio_orbit_to_ground"], rel=0.03)


def test_used_gpu_hours_are_the_work_and_the_same_on_both_sides(suncatcher_path: Path) -> None:
    # Issue #11: "GPU-hours" meant the simulation's used hours and the cost table's available hours. The work
    # sets the used ones on both sides alike. Closed form for the Llama-3-70B-like job: 6 N D FLOPs at
    # peak × MFU per accelerator-hour (918 TFLOPS bf16 for the TPU, MFU 0.38).
    data = skyrack.compare(skyrack.load_scenario(suncatcher_path)).to_dict()
    job_hours = 6 * 70e9 * 15e12 / (918e12 * 0.38) / 3600.0
    for side in ("orbit", "ground"):
        d = data[side]
        assert d["used_gpu_hours"] == pytest.approx(job_hours, rel=1e-9)
        assert d["utilisation"] == pytest.approx(job_hours / d["gpu_hours"], rel=1e-9)
        assert d["usd_per_used_gpu_hour"] == pytest.approx(d["usd_per_gpu_hour"] * d["gpu_hours"] / job_hours, rel=1e-9)
    # unlimited inference uses every available hour: per used = per available
    unlimited = skyrack.compare(
        skyrack.load_scenario(suncatcher_path, ["workload.training=false", "workload.inference={}"])
    )
    orbit = unlimited.to_dict()["orbit"]
    assert orbit["usd_per_used_gpu_hour"] == pytest.approx(orbit["usd_per_gpu_hour"], rel=1e-12)


def test_same_accelerators_same_server_line_when_everything_else_is_equal(suncatcher_path: Path) -> None:
    # Issue #11: with no failures, no spares, equal lives, the same in-service date and no insurance, the orbit's
    # server line equals the ground's for the same accelerators (networking is the ground's own line, as optical
    # terminals are the orbit's). Hand ledger: 81 × 16 accelerators × $20,000 (the catalog's TPU v6e server price
    # estimate, the same on both sides), bought once in the 5-year horizon.
    overrides = [
        'catalog.costs.orbit-default.annual_failure_rate="0 /yr"',
        "catalog.costs.orbit-default.insurance_fraction=0",
        'catalog.costs.ground-default.server_life_years="5 yr"',
    ]
    data = skyrack.compare(skyrack.load_scenario(suncatcher_path, overrides)).to_dict()
    orbit, ground = data["orbit"]["capex_breakdown_usd"], data["ground"]["capex_breakdown_usd"]
    assert orbit["servers"] == pytest.approx(81 * 16 * 20_000.0, rel=1e-12)
    assert ground["servers"] == pytest.approx(orbit["servers"], rel=1e-12)
    # lead times: the ground's construction (2 yr, costs.csv); the orbit's production (2.6 yr, costs.csv) and its
    # launch campaign, ceil(81 satellites / satellites per launch) launches at the vehicle's cadence
    models = build_models(skyrack.load_scenario(suncatcher_path, overrides))
    launches = skyrack.design(models).fleet.launches
    cadence = float(models.launch.plan.max_launches_per_year)  # type: ignore[arg-type]
    assert data["orbit"]["lead_time_years"] == pytest.approx(2.6 + launches / cadence, rel=1e-12)
    assert data["ground"]["lead_time_years"] == pytest.approx(2.0)
    assert data["finance"]["framing"] == "same-in-service-date"


def test_waterfall_walks_from_the_ground_to_the_orbit(suncatcher_path: Path) -> None:
    # Issue #11 "showing why": the steps add up from the ground's $/GPU-hour to the orbit's (exactly: each side's
    # items are scaled to its levelised cost), the orbit-only items (bus, launch) raise it and the ground-only
    # ones (building, energy) lower it.
    data = skyrack.compare(skyrack.load_scenario(suncatcher_path)).to_dict()
    steps = {s["item"]: s["usd_per_gpu_hour"] for s in data["waterfall"]}
    assert data["ground"]["usd_per_gpu_hour"] + sum(steps.values()) == pytest.approx(
        data["orbit"]["usd_per_gpu_hour"], rel=1e-12
    )
    assert steps["bus"] > 0 and steps["launch"] > 0
    assert steps["building"] < 0 and steps["energy"] < 0
    result = runner.invoke(app, ["compare", str(suncatcher_path)])
    assert "from ground to orbit" in result.stdout


def test_integer_keys_break_even_on_whole_numbers(suncatcher_path: Path) -> None:
    # Issue #11: fleet.satellites was scanned at 1, 4, 16, 64 … as floats. It is a count: the break-even is the
    # first whole number of satellites at which the orbit is no dearer, and one fewer is dearer (checked by two
    # independent compares). A cheap-orbit what-if where the ground station's fixed cost decides.
    overrides = [*CHEAP_ORBIT, 'launch.price="50 USD/kg"']
    result = skyrack.breakeven(suncatcher_path, "fleet.satellites", overrides)
    assert result.value is not None and float(result.value).is_integer()
    assert all(float(p.value).is_integer() for p in result.curve)
    n = int(result.value)

    def ratio(satellites: int) -> float:
        c = skyrack.compare(skyrack.load_scenario(suncatcher_path, [*overrides, f"fleet.satellites={satellites}"]))
        return c.orbit_usd_per_gpu_hour / c.ground_usd_per_gpu_hour

    assert ratio(n) <= 1.0 < ratio(n - 1)


def test_break_even_scans_the_physical_range_and_says_why_a_point_has_no_cost(suncatcher_path: Path) -> None:
    # orbit.altitude scanned 6.5–65,000 km (current ×/÷ 100); now the LEO range 300–2,000 km of the schema's x-scan.
    # The AP8/AE8 dose table covers it all (it stopped at 650 km before issue #13), so every point has a cost;
    # beyond the table a point carries its reason.
    result = skyrack.breakeven(suncatcher_path, "orbit.altitude", points=9)
    assert (result.lower, result.upper) == (300.0, 2000.0)
    assert all(math.isfinite(p.orbit_usd_per_gpu_hour) for p in result.curve)
    beyond = skyrack.breakeven(suncatcher_path, "orbit.altitude", lower=1500.0, upper=3000.0, points=3)
    missing = [p for p in beyond.curve if not math.isfinite(p.orbit_usd_per_gpu_hour)]
    assert missing and all("dose" in p.reason for p in missing)


def test_switching_vehicle_or_site_warns_about_pinned_values(suncatcher_path: Path) -> None:
    # Issue #11: a switch to Stoke Nova kept the file's $200/kg for Starship, silently. Now a warning names the
    # pinned key; setting it too, or switching nothing, gives none.
    with pytest.warns(skyrack.SkyrackWarning, match=r"launch\.price = '200 USD/kg' is pinned"):
        skyrack.load_scenario(suncatcher_path, ['launch.vehicle="stoke-nova"'])
    with pytest.warns(skyrack.SkyrackWarning) as record:
        skyrack.load_scenario(suncatcher_path, ['ground.site="texas"'])
    said = " ".join(str(w.message) for w in record)
    assert "ground.pue = 1.09 is pinned" in said and "ground.electricity_price = '0.06 USD/kWh'" in said
    assert "the default ground.site" in said
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", skyrack.SkyrackWarning)
        skyrack.load_scenario(suncatcher_path, ['launch.vehicle="stoke-nova"', 'launch.price="300 USD/kg"'])
        skyrack.load_scenario(suncatcher_path)


def test_no_break_even_says_what_would_close_the_gap(suncatcher_path: Path) -> None:
    # Issue #11: with no break-even on launch.price (the ground stays cheaper even with free launch), the break-even
    # values of the scenario's top Sobol drivers say what would have to change. Each found value is checked by an
    # independent compare at that value: orbit and ground within 0.1 %.
    # The drivers among the scenario's own distributions (the catalog's estimates, drawn by default, are the next
    # test's): one of them, the ground's electricity price, has a break-even.
    pinned = ["uncertainty.catalog_ranges=false"]
    result = skyrack.breakeven(suncatcher_path, "launch.price", pinned)
    assert result.value is None
    assert 1 <= len(result.closing_the_gap) <= 3
    assert all(b.param != "launch.price" for b in result.closing_the_gap)
    found = [b for b in result.closing_the_gap if b.value is not None]
    assert found, [b.reason for b in result.closing_the_gap]
    for b in found:
        text = f'"{b.value!r} {b.unit}"' if b.unit not in ("", "1") else repr(b.value)
        check = skyrack.compare(skyrack.load_scenario(suncatcher_path, [*pinned, f"{b.param}={text}"]))
        assert check.orbit_usd_per_gpu_hour == pytest.approx(check.ground_usd_per_gpu_hour, rel=1e-3), b.param
    assert "closing_the_gap" in result.to_dict()


def test_catalog_estimates_are_drawn_from_their_ranges_with_the_value_as_median(suncatcher_path: Path) -> None:
    # Issue #11: estimates (a TPU's server price, a Tbps terminal's price …) carry a range the uncertainty analysis
    # draws from. Read independently from the CSV: the TPU v6e server price estimate is $20k in $8k–32.1k.
    import csv
    from importlib import resources

    from skyrack.analysis.uncertainty import _draw, _frozen, catalog_estimates
    from skyrack.chain.compare import economic_inputs

    text = resources.files("skyrack.catalog").joinpath("data/accelerators.csv").read_text(encoding="utf-8")
    rows = {(r["name"], r["parameter"]): float(r["value"]) for r in csv.DictReader(text.splitlines())
            if r["name"] == "tpu-v6e" and r["parameter"].startswith("server_price")}  # fmt: skip
    scenario = skyrack.load_scenario(suncatcher_path)
    models = build_models(scenario)
    found = catalog_estimates(scenario, models, economic_inputs(models, skyrack.design(models)))
    price = found["accelerator.server_price"]
    low, value, high = (rows[("tpu-v6e", p)] for p in ("server_price_low", "server_price", "server_price_high"))
    assert price.kind == "split-uniform" and price.parameters == (low, value, high)
    draws = _draw(_frozen(price), np.random.default_rng(1).random(20_000))
    # half the samples on each side of the value (binomial: 3 sigma of 20,000 draws is ±1.1 %), all in the range
    assert np.mean(draws < value) == pytest.approx(0.5, abs=0.011)
    assert low <= draws.min() and draws.max() <= high
    # a value the scenario sets is not an estimate: not drawn
    given = skyrack.load_scenario(suncatcher_path, ['catalog.accelerators.tpu-v6e.server_price="25000 USD"'])
    given_models = build_models(given)
    assert "accelerator.server_price" not in catalog_estimates(
        given, given_models, economic_inputs(given_models, skyrack.design(given_models))
    )
    # both sides draw the same server price: a point distribution of it equals a compare at that price
    data = read_scenario_toml(suncatcher_path)
    data["uncertainty"]["catalog_ranges"] = False
    data["uncertainty"]["parameters"] = {
        "accelerator.server_price": {"distribution": "uniform", "low": "25000 USD", "high": "25000 USD"}
    }
    mc = skyrack.uncertainty(skyrack.scenario_from_dict(data), samples=16, sensitivity=False)
    point = skyrack.compare(given)
    np.testing.assert_allclose(mc.orbit_usd_per_gpu_hour, point.orbit_usd_per_gpu_hour, rtol=1e-12)
    np.testing.assert_allclose(mc.ground_usd_per_gpu_hour, point.ground_usd_per_gpu_hour, rtol=1e-12)
    # with the estimates drawn, the analysis says which, and the drivers of a missing break-even include them
    drawn = skyrack.uncertainty(scenario, samples=256, sensitivity=False).to_dict()
    assert "accelerator.server_price" in drawn["catalog_estimates"]


def test_host_overhead_cannot_be_uncertain_for_an_all_in_accelerator(suncatcher_path: Path) -> None:
    # Sampling host_overhead would add host power the TPU's all-in catalog figure already contains.
    data = read_scenario_toml(suncatcher_path)
    data["uncertainty"]["parameters"]["satellite.host_overhead"] = {"distribution": "uniform", "low": 0.1, "high": 0.5}
    scenario = skyrack.scenario_from_dict(data)
    with pytest.raises(SkyrackInputError, match="already all-in"):
        skyrack.uncertainty(scenario, samples=64, sensitivity=False)


def test_without_a_table_the_catalog_estimates_make_the_analysis(tmp_path: Path) -> None:
    # a scenario with no [uncertainty] still has uncertain inputs: the catalog's estimates with their ranges
    path = _with_uncertainty(tmp_path, EXAMPLES / "suncatcher.toml", "")
    scenario = skyrack.load_scenario(path)
    assert not scenario.uncertainty.parameters
    result = skyrack.uncertainty(scenario, samples=64, sensitivity=False).to_dict()
    assert result["catalog_estimates"] and result["parameters"] == result["catalog_estimates"]
    pinned = skyrack.load_scenario(path, ["uncertainty.catalog_ranges=false"])
    with pytest.raises(SkyrackInputError, match="no uncertain parameters"):
        skyrack.uncertainty(pinned, samples=64, sensitivity=False)
