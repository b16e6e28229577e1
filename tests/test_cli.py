"""The command line: the main commands work, and every kind of bad input gives one clear message, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from skyrack.present.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_accepts_the_suncatcher_example(suncatcher_path: Path) -> None:
    code, out, _ = _run("validate", str(suncatcher_path))
    assert code == 0
    assert "ok" in out


def test_schema_is_json_with_file_keys() -> None:
    code, out, _ = _run("schema")
    assert code == 0
    schema = json.loads(out)
    assert "orbit" in schema["properties"]
    orbit = schema["$defs"]["Orbit"]["properties"]
    assert "altitude" in orbit and orbit["altitude"]["type"] == "string"


def test_catalog_lists_sources() -> None:
    code, out, _ = _run("catalog", "launch_vehicles", "--json")
    assert code == 0
    vehicles = json.loads(out)["launch_vehicles"]
    assert "starship" in vehicles
    for params in vehicles.values():
        for value in params.values():
            assert value["source"] and value["status"]


def test_design_json_has_public_keys(suncatcher_path: Path) -> None:
    code, out, _ = _run("design", str(suncatcher_path), "--json")
    assert code == 0
    data = json.loads(out)
    keys = {
        "orbit": [
            "altitude_km",
            "inclination_deg",
            "period_min",
            "beta_min_deg",
            "beta_max_deg",
            "sunlit_fraction",
            "max_eclipse_min",
        ],
        "satellite": [
            "it_power_kw",
            "heat_rejected_kw",
            "array_area_m2",
            "array_mass_kg",
            "battery_energy_kwh",
            "battery_mass_kg",
            "radiator_net_flux_w_per_m2",
            "radiator_area_m2",
            "radiator_mass_kg",
            "total_mass_kg",
            "specific_power_w_per_kg",
        ],
        "fleet": ["satellites", "it_power_mw", "total_mass_t", "launch_vehicle", "launches", "launch_cost_usd"],
        "feasibility": ["ok", "problems"],
    }
    for section, names in keys.items():
        for name in names:
            assert name in data[section], f"{section}.{name}"
    # SSO inclination at 650 km: 97.99° (DESIGN.md reference numbers; J2 = 1.0826e-3)
    assert data["orbit"]["inclination_deg"] == pytest.approx(97.99, abs=0.02)
    assert data["orbit"]["period_min"] == pytest.approx(97.7, abs=0.05)


def test_design_human_output(suncatcher_path: Path) -> None:
    code, out, _ = _run("design", str(suncatcher_path))
    assert code == 0
    for word in ("orbit", "satellite", "fleet", "radiator", "launches"):
        assert word in out


def test_set_override_changes_the_design(suncatcher_path: Path) -> None:
    code, out, _ = _run("design", str(suncatcher_path), "--json", "--set", "orbit.altitude=1000 km")
    assert code == 0
    # SSO inclination at 1000 km: 99.48° (issue #2 reference, ±0.02°)
    assert json.loads(out)["orbit"]["inclination_deg"] == pytest.approx(99.48, abs=0.02)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _edited(suncatcher_path: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = suncatcher_path.read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path, text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ('altitude = "650 km"', 'altitude = "650 kg"', ["orbit.altitude", "650 kg", "mass", "'650 km'"]),
        ('altitude = "650 km"', 'altitde = "650 km"', ["orbit.altitde", "did you mean 'altitude'"]),
        ('altitude = "650 km"', 'altitude = "-650 km"', ["orbit.altitude", "-650 km", "greater than zero"]),
        ("cell_efficiency = 0.22", "cell_efficiency = 1.2", ["satellite.power.cell_efficiency", "1.2", "1"]),
        ('accelerator = "tpu-v6e"', 'accelerator = "tpu-v6"', ["satellite.accelerator", "tpu-v6", "tpu-v6e"]),
        (
            'vehicle = "starship"',
            'vehicle = "starshp"',
            ["launch.vehicle", "starshp", "did you mean 'starship'"],
        ),
        ("satellites = 81", "satellites = -3", ["fleet.satellites", "-3"]),
        ('ltan = "18:00"', 'ltan = "25:00"', ["orbit.ltan", "25:00", "HH:MM"]),
        ('duration = "365 d"', 'duration = "365 km"', ["scenario.duration", "365 km", "time"]),
    ],
)
def test_bad_input_gives_one_clear_message(
    suncatcher_path: Path, tmp_path: Path, old: str, new: str, fragments: list[str]
) -> None:
    path = _edited(suncatcher_path, tmp_path, old, new)
    for command in ("validate", "design"):
        code, out, err = _run(command, str(path))
        assert code == 2
        assert "Traceback" not in out + err
        for fragment in fragments:
            assert fragment in err, (fragment, err)


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = _run("design", str(tmp_path / "nope.toml"))
    assert code == 2
    assert "nope.toml" in err and "no such scenario file" in err


def test_malformed_toml(tmp_path: Path) -> None:
    code, _, err = _run("validate", str(_write(tmp_path, "[orbit\naltitude = 650 km\n")))
    assert code == 2
    assert "malformed TOML" in err


def test_bad_set_override(suncatcher_path: Path) -> None:
    code, _, err = _run("design", str(suncatcher_path), "--set", "orbit.altitude")
    assert code == 2
    assert "--set" in err and "dotted.key=value" in err


def test_real_process_exit_code_and_no_traceback(suncatcher_path: Path, tmp_path: Path) -> None:
    bad = _edited(suncatcher_path, tmp_path, 'altitude = "650 km"', 'altitude = "650 kg"')
    proc = subprocess.run(
        [sys.executable, "-m", "skyrack", "design", str(bad)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "orbit.altitude" in proc.stderr


# --------------------------------------------------------------------------------------------------
# Texts show literally: square brackets in help, messages and names are not read as rich markup


def test_help_shows_square_brackets() -> None:
    code, out, _ = _run("uncertainty", "--help")
    assert code == 0
    assert "[uncertainty]" in out
    code, out, _ = _run("passes", "--help")
    assert code == 0
    assert "[default: 10, a usual TT&C" in " ".join(out.split())


def test_main_help_lists_every_command() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    assert "costed against the ground" in " ".join(out.split())
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert "passes" in commands and "validate" in commands
    for name in commands:
        assert f"  {name} " in out, name


def test_error_message_with_brackets_is_shown_literally(suncatcher_path: Path) -> None:
    code, out, err = _run("validate", str(suncatcher_path), "--set", 'orbit.altitude="[km] 650"')
    assert code == 2
    assert "Traceback" not in out + err
    assert "orbit.altitude" in err and "'[km] 650'" in err, err


def test_scenario_name_with_brackets_is_shown_literally(suncatcher_path: Path) -> None:
    code, out, _ = _run("validate", str(suncatcher_path), "--set", 'scenario.name="shell [bold]A[/bold]"')
    assert code == 0
    assert "shell [bold]A[/bold]" in out, out


# --------------------------------------------------------------------------------------------------
# Start-up: quantity defaults parse on first use, pint's definition cache is optional


def _quantity_defaults() -> list[tuple[str, str, Any, Any]]:
    """(field, default text, default factory, QuantityOf) of every quantity field of the scenario models."""
    from pydantic import BaseModel

    from skyrack.scenario import Scenario
    from skyrack.scenario.quantity import QuantityOf

    found: list[tuple[str, str, Any, Any]] = []
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Scenario]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    todo.append(arg)
            extra = info.json_schema_extra
            quantity = next((m for m in info.metadata if isinstance(m, QuantityOf)), None)
            if isinstance(extra, dict) and "default" in extra and quantity is not None:
                found.append((f"{model.__name__}.{name}", str(extra["default"]), info.default_factory, quantity))
    return found


def test_quantity_defaults_are_the_schema_texts_in_si() -> None:
    from skyrack import units as u

    defaults = _quantity_defaults()
    assert len(defaults) >= 10
    for field, text, factory, quantity in defaults:
        assert factory is not None, field
        assert factory() == u.parse_quantity(text, quantity.dimension, field), field


def test_units_work_without_a_usable_pint_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from skyrack import units as u

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    cache = tmp_path / "cache"
    for cache_home in (blocker, cache, cache):  # unusable folder; empty cache (filled); filled cache
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
        assert u._new_registry().Quantity(650.0, "km").to("m").magnitude == pytest.approx(650e3)
    written = [p for p in cache.rglob("*") if p.is_file()]
    for path in written:  # a corrupt or half-written cache falls back to parsing the definitions
        path.write_bytes(b"not a cache")
    assert u._new_registry().Quantity(1.0, "d").to("s").magnitude == pytest.approx(86400.0)
