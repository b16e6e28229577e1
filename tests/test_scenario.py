"""Scenario loading, overrides and schema."""

from __future__ import annotations

from pathlib import Path

import pytest

import skyrack
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.scenario import apply_overrides, parse_override, read_scenario_toml


def test_suncatcher_example_in_si(suncatcher_path: Path) -> None:
    s = skyrack.load_scenario(suncatcher_path)
    assert s.orbit.altitude_m == 650e3
    assert s.orbit.ltan_h == 18.0
    assert s.scenario.duration_s == 365 * 86400
    assert s.satellite.thermal.radiator_temperature_k is None  # the heat path sets it
    assert s.satellite.thermal.cold_plate_resistance_k_per_w == pytest.approx(0.03)
    assert s.satellite.power.battery_specific_energy_j_per_kg == pytest.approx(160 * 3600)
    assert s.launch.price_usd_per_kg == 200.0
    assert s.ground.electricity_price_usd_per_j == pytest.approx(0.06 / 3.6e6)
    assert s.scenario.start.utcoffset() is not None


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        ("orbit.altitude=1000 km", ["orbit", "altitude"], "1000 km"),
        ('orbit.altitude="1000 km"', ["orbit", "altitude"], "1000 km"),
        ("fleet.satellites=200", ["fleet", "satellites"], 200),
        ("satellite.power.cell_efficiency=0.3", ["satellite", "power", "cell_efficiency"], 0.3),
        ("satellite.thermal.radiating_sides=1", ["satellite", "thermal", "radiating_sides"], 1),
    ],
)
def test_parse_override(text: str, path: list[str], value: object) -> None:
    assert parse_override(text) == (path, value)


def test_overrides_apply_and_validate(suncatcher_path: Path) -> None:
    s = skyrack.load_scenario(suncatcher_path, ["orbit.altitude=1000 km", "fleet.satellites=3"])
    assert s.orbit.altitude_m == 1e6 and s.fleet.satellites == 3


def test_override_into_a_value_is_an_error(suncatcher_path: Path) -> None:
    data = read_scenario_toml(suncatcher_path)
    with pytest.raises(SkyrackInputError, match="not a section"):
        apply_overrides(data, ["orbit.altitude.x=1"])


def test_catalog_section_overrides(suncatcher_path: Path) -> None:
    s = skyrack.load_scenario(suncatcher_path, ['catalog.accelerators.tpu-v6e.power="300 W"'])
    assert skyrack.design(s).satellite.accelerator_power_w == 300.0


def test_several_problems_are_all_reported(suncatcher_path: Path) -> None:
    with pytest.raises(SkyrackInputErrors) as info:
        skyrack.load_scenario(suncatcher_path, ["orbit.altitude=5 kg", "fleet.satellites=0"])
    fields = {e.field for e in info.value.errors}
    assert {"orbit.altitude", "fleet.satellites"} <= fields


def test_sso_rejects_an_inclination(suncatcher_path: Path) -> None:
    with pytest.raises(SkyrackInputErrors, match="derives its inclination"):
        skyrack.load_scenario(suncatcher_path, ["orbit.inclination=97 deg"])


def test_circular_needs_an_inclination(suncatcher_path: Path) -> None:
    with pytest.raises(SkyrackInputErrors, match="needs inclination"):
        skyrack.load_scenario(suncatcher_path, ["orbit.kind=circular"])


def test_naive_start_time_is_rejected(suncatcher_path: Path) -> None:
    with pytest.raises(SkyrackInputErrors, match=r"scenario\.start"):
        skyrack.load_scenario(suncatcher_path, ["scenario.start=2030-03-20T00:00:00"])


def test_schema_uses_file_keys() -> None:
    schema = skyrack.scenario_json_schema()
    power = schema["$defs"]["SatellitePower"]["properties"]
    assert power["battery_specific_energy"]["x-quantity"] == "specific energy"
    assert schema["$defs"]["Environment"]["properties"]["solar_constant"]["default"] == "1361 W/m^2"


@pytest.mark.parametrize("example", sorted((Path(__file__).parents[1] / "examples").glob("*.toml")))
def test_every_example_validates_and_designs(example: Path) -> None:
    result = skyrack.design(skyrack.load_scenario(example))
    assert result.satellite.total_mass_kg > 0
