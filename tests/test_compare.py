"""Orbit against ground through the whole chain: compare, breakeven and uncertainty (issue #5)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import skyrack
from skyrack.present.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()

# Overrides under which a launch-price break-even exists for the Suncatcher example: a cheap bus, no insurance, and an expensive ground site (Suncatcher §2.4's high case is $0.25/kWh at PUE 1.4; here $0.60/kWh,
# since the TPU's all-in 432 W leaves the ground less energy to pay for than a chip figure plus host overhead).
CHEAP_ORBIT = [
    "catalog.costs.orbit-default.bus_usd_per_kg=100 USD/kg",
    "catalog.costs.orbit-default.insurance_fraction=0",
    "ground.electricity_price=0.60 USD/kWh",
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
