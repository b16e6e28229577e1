"""`skyrack simulate`: the issue's JSON keys, Parquet time series readable with pandas, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from skyrack.present.cli import app

runner = CliRunner()
SHORT = ["--set", 'scenario.duration="1 d"', "--set", "fleet.satellites=4"]
ECLIPSING = [
    "--set",
    'orbit.kind="circular"',
    "--set",
    'orbit.inclination="53 deg"',
    "--set",
    'orbit.altitude="550 km"',
]

# Issue #4: "--json prints one object with at least these keys (more may be added, none renamed)".
REQUIRED = {
    "orbit": ["sunlit_fraction"],
    "energy": ["generated_kwh", "consumed_kwh", "stored_change_kwh", "curtailed_kwh"],
    "compute": ["gpu_hours", "availability", "goodput_exaflop"],
    "thermal": ["chip_max_c", "radiator_max_c", "throttled_hours"],
    "faults": [
        "silent_data_corruption",
        "hbm_uncorrectable",
        "functional_interrupt",
        "host_crash",
        "permanent_failures",
    ],
    "training": ["steps_completed", "lost_work_hours"],
}


def test_simulate_json_has_the_issue_keys_and_closes_energy(suncatcher_path: Path) -> None:
    result = runner.invoke(app, ["simulate", str(suncatcher_path), *SHORT, *ECLIPSING, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for section, keys in REQUIRED.items():
        for key in keys:
            assert key in data[section], f"{section}.{key}"
    e = data["energy"]
    # conservation: what the arrays generate is consumed, stored or curtailed
    assert e["generated_kwh"] == pytest.approx(
        e["consumed_kwh"] + e["stored_change_kwh"] + e["curtailed_kwh"], rel=1e-6
    )
    # a 550 km, 53° orbit is in the Earth's shadow part of every orbit (the design's closed form over the same
    # simulated period, within 0.01: cylinder against cone, hourly beta)
    assert data["orbit"]["sunlit_fraction"] == pytest.approx(data["orbit"]["design_sunlit_fraction"], abs=0.01)
    assert data["orbit"]["sunlit_fraction"] < 0.8


def test_simulate_writes_parquet_readable_with_pandas(suncatcher_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "series"
    result = runner.invoke(app, ["simulate", str(suncatcher_path), *SHORT, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "simulation" in result.stdout and "GPU-hours delivered" in result.stdout
    fleet = pd.read_parquet(out / "fleet.parquet")
    assert len(fleet) == 1440  # one row per 60 s step over a day
    assert {"time", "generated_j", "consumed_j"} <= set(fleet.columns)
    sats = pd.read_parquet(out / "satellites.parquet")
    assert set(sats["satellite"]) == {0}


def test_simulate_bad_input_is_one_message(suncatcher_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", str(suncatcher_path), "--set", "simulation.record_satellites=[99]"])
    assert result.exit_code == 2
    assert "simulation.record_satellites" in result.stderr and "Traceback" not in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["simulate", str(suncatcher_path), *SHORT, "--out", str(blocker)])
    assert result.exit_code == 2
    assert "--out" in result.stderr
