"""The public face of the simulator: summary keys, Parquet series, progress, scenario sections."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import skyrack
from skyrack.chain.simulate import simulate
from skyrack.errors import SkyrackInputError, SkyrackInputErrors

from .conftest import EXAMPLE, make_scenario

# Issue #4: `--json` prints one object with at least these keys (more may be added, none renamed).
REQUIRED = {
    "orbit": ["sunlit_fraction"],
    "energy": ["generated_kwh", "consumed_kwh", "stored_change_kwh", "curtailed_kwh"],
    "compute": ["gpu_hours", "availability", "goodput_exaflop"],
    "thermal": ["chip_max_c", "radiator_max_c", "throttled_hours"],
    "faults": ["silent_data_corruption", "hbm_uncorrectable", "functional_interrupt", "host_crash",
               "permanent_failures"],
    "training": ["steps_completed", "lost_work_hours"],
}  # fmt: skip


def test_summary_has_the_issue_keys_and_is_json() -> None:
    d = simulate(make_scenario('scenario.duration="2 h"', "fleet.satellites=2")).to_dict()
    for section, keys in REQUIRED.items():
        for key in keys:
            assert key in d[section], f"{section}.{key}"
    # the other results the issue lists
    for section, key in [
        ("battery", "min_state_of_charge"),
        ("battery", "equivalent_full_cycles"),
        ("thermal", "chip_min_c"),
        ("thermal", "radiator_min_c"),
        ("compute", "effective_utilisation"),
        ("training", "time_to_finish_days"),
        ("faults", "accelerators_failed"),
    ]:
        assert key in d[section], f"{section}.{key}"
    json.dumps(d, allow_nan=False)
    rows = simulate(make_scenario('scenario.duration="2 h"', "fleet.satellites=2")).summary_rows()
    assert rows and all(isinstance(a, str) and isinstance(b, str) for a, b in rows)
    assert 0.0 <= d["compute"]["availability"] <= 1.0
    assert 0.0 <= d["orbit"]["sunlit_fraction"] <= 1.0


def test_parquet_series_read_back_with_pandas(tmp_path: Path) -> None:
    s = make_scenario('scenario.duration="3 h"', "fleet.satellites=3", "simulation.record_satellites=[0, 2]")
    result = simulate(s)
    paths = result.write_parquet(tmp_path / "out")
    fleet = pd.read_parquet(paths[0])
    sats = pd.read_parquet(paths[1])
    assert len(fleet) == 180
    assert {"time", "t_s", "generated_j", "consumed_j", "stored_change_j", "curtailed_j", "chip_max_k"} <= set(fleet)
    assert fleet["time"].iloc[0] == pd.Timestamp("2030-03-20T00:00:00")
    assert set(sats["satellite"]) == {0, 2}
    assert len(sats) == 2 * 180
    assert {"soc", "chip_k", "radiator_k", "sun_fraction", "accelerators_running"} <= set(sats)


def test_progress_is_reported_to_the_end() -> None:
    seen: list[tuple[int, int]] = []
    simulate(
        make_scenario('scenario.duration="2 d"', "fleet.satellites=200"), progress=lambda a, b: seen.append((a, b))
    )
    assert seen[-1] == (2880, 2880)
    assert [a for a, _ in seen] == sorted(a for a, _ in seen)
    assert len(seen) >= 2


def test_example_loads_unchanged_with_default_sections() -> None:
    s = skyrack.load_scenario(EXAMPLE)
    assert s.simulation.scheduler == "greedy"
    assert s.radiation.shielding_m == pytest.approx(0.010)
    assert s.workload.training is not None and s.workload.training.parameters == 70e9
    assert s.workload.inference is None
    schema = skyrack.scenario_json_schema()
    assert {"simulation", "radiation", "workload"} <= set(schema["properties"])


def test_bad_simulation_input_is_reported_by_field() -> None:
    with pytest.raises((SkyrackInputError, SkyrackInputErrors), match=r"simulation\.scheduler"):
        make_scenario('simulation.scheduler="fastest"')
    with pytest.raises((SkyrackInputError, SkyrackInputErrors), match="hourly_profile"):
        make_scenario("workload.inference.hourly_profile=[1.0, 2.0]")
    with pytest.raises(SkyrackInputError, match="record_satellites"):
        simulate(make_scenario('scenario.duration="1 h"', "fleet.satellites=2", "simulation.record_satellites=[5]"))
    with pytest.raises(SkyrackInputError, match="dose_rate"):
        simulate(make_scenario('scenario.duration="1 h"', 'orbit.altitude="2500 km"'))
