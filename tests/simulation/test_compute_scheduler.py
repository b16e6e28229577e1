"""Compute under power and heat limits, the scheduler interface, inference demand."""

from __future__ import annotations

import numpy as np
import pytest

import skyrack
from skyrack.chain.simulate import (
    Allocation,
    BatteryAwareScheduler,
    GreedyScheduler,
    Scheduler,
    StepState,
    simulate,
)

from .conftest import ECLIPSING, make_scenario


def _eclipse_mask(result: skyrack.chain.simulate.SimulationResult) -> np.ndarray:
    return np.asarray(result.satellites[0]["sun_fraction"] < 0.5)


def _bus_eclipse_share(design: skyrack.Design) -> float:
    """The bus and pump's energy through the longest eclipse, as a share of the battery (the default bus is 0 W,
    so the pump's)."""
    sat = design.satellite
    return sat.pump_power_w * design.orbit.max_eclipse_s / 0.9 / sat.battery_energy_j  # η_d 0.9 (the default)


def test_doubling_accelerators_without_more_array_is_power_limited_in_eclipse() -> None:
    # Issue #4: fly twice the accelerators on the satellite designed for the original count (same array and
    # battery). In sunlight the array still feeds most of them; in eclipse the battery sized for 16 cannot carry
    # 32 and compute is cut — visibly fewer accelerators run in eclipse than in sunlight. The radiator runs at
    # 20 °C, well below the heat path's limit, so that the heat of 32 does not throttle them first.
    cool = 'satellite.thermal.radiator_temperature="20 degC"'
    base = make_scenario(*ECLIPSING, 'scenario.duration="1 d"', "fleet.satellites=1", cool)
    design = skyrack.design(base)
    ref = simulate(base, design)
    doubled = simulate(make_scenario(*ECLIPSING, 'scenario.duration="1 d"', "fleet.satellites=1", cool,
                                     "satellite.accelerators=32"), design)  # fmt: skip
    ecl = _eclipse_mask(doubled)
    run = np.asarray(doubled.satellites[0]["accelerators_running"], dtype=float)
    run_ref = np.asarray(ref.satellites[0]["accelerators_running"], dtype=float)
    assert ecl.any() and (~ecl).any()
    assert run[~ecl].mean() > 20.0  # the array carries more than the designed 16 in sunlight
    assert run[ecl].mean() < 0.75 * run[~ecl].mean()  # and far fewer in eclipse
    assert run_ref[ecl].mean() > 15.5  # the designed satellite runs all 16 through eclipse
    d = doubled.to_dict()
    assert d["compute"]["power_limited_hours"] > 4.0
    assert d["compute"]["availability"] < 0.85 < ref.to_dict()["compute"]["availability"]
    # compute draws the battery down to the DoD floor plus what the bus and the coolant pump need through the
    # longest eclipse (so that shedding compute keeps them alive), never below the floor; the bus then uses its
    # share, and compute runs in whole accelerators (one step of one: 432 W × 60 s / 0.9 ≈ 29 kJ, 1e-3 of it)
    bus_share = _bus_eclipse_share(design)
    assert 0.7 - 1e-12 <= d["battery"]["min_state_of_charge"] <= 0.7 + bus_share + 1e-3
    assert d["energy"]["bus_unserved_kwh"] == pytest.approx(0.0, abs=1e-9)  # shedding keeps the bus alive


def test_battery_aware_keeps_a_reserve() -> None:
    # battery-aware may not discharge below floor + reserve × usable window for compute; greedy goes to the floor.
    args = (*ECLIPSING, 'scenario.duration="12 h"', "fleet.satellites=1", "satellite.accelerators=24")
    design = skyrack.design(make_scenario(*ECLIPSING, 'scenario.duration="12 h"', "fleet.satellites=1"))
    greedy = simulate(make_scenario(*args), design).to_dict()
    aware = simulate(make_scenario(*args, 'simulation.scheduler="battery-aware"'), design).to_dict()
    assert 0.7 - 1e-12 <= greedy["battery"]["min_state_of_charge"] <= 0.7 + _bus_eclipse_share(design) + 1e-3
    # compute stops at 0.7 + 0.5 × 0.3; only the bus and pump draw below it, at most their eclipse's share
    assert aware["battery"]["min_state_of_charge"] >= 0.85 - _bus_eclipse_share(design) - 1e-6
    assert aware["compute"]["gpu_hours"] < greedy["compute"]["gpu_hours"]
    assert aware["run"]["scheduler"] == "battery-aware"


def test_chips_throttle_at_their_limit() -> None:
    # A 50 °C chip limit with the radiator near 20 °C and a 45 K rise at full power: the chips must clock down;
    # the implicit step holds them at the limit (overshoot < 0.5 K from the radiator's own warming in a step).
    # (Radiator temperature and rise given: the heat path would otherwise size the radiator for the 50 °C.)
    s = make_scenario('scenario.duration="6 h"', "fleet.satellites=1", 'simulation.chip_max_temperature="50 degC"',
                      'satellite.thermal.radiator_temperature="20 degC"', 'simulation.chip_temperature_rise="45 K"')  # fmt: skip
    d = simulate(s).to_dict()["thermal"]
    assert d["throttled_hours"] > 4.0  # all but the first warm-up hour
    assert d["chip_max_c"] <= 50.5
    assert d["chip_limit_c"] == pytest.approx(50.0)


class _Recorder:
    """A user scheduler: delegates to greedy and records what it saw (Protocol check and Python path)."""

    name = "recorder"

    def __init__(self) -> None:
        self.inner = GreedyScheduler()
        self.calls = 0

    def allocate(self, state: StepState) -> Allocation:
        self.calls += 1
        assert state.accelerators_available.shape == state.power_available_w.shape
        return self.inner.allocate(state)


def test_user_scheduler_runs_through_the_python_path_with_the_same_result() -> None:
    s = make_scenario(*ECLIPSING, 'scenario.duration="3 h"', "fleet.satellites=2", "satellite.accelerators=24")
    design = skyrack.design(make_scenario(*ECLIPSING, 'scenario.duration="3 h"', "fleet.satellites=2"))
    rec = _Recorder()
    assert isinstance(rec, Scheduler)
    python_path = simulate(s, design, scheduler=rec)
    compiled = simulate(s, design)
    assert rec.calls == 180
    a, b = python_path.to_dict(), compiled.to_dict()
    a["run"].pop("scheduler")
    b["run"].pop("scheduler")
    # equal up to rounding: the Python path re-seeds the orbit's angle recurrence every step
    assert _flatten(a) == pytest.approx(_flatten(b), rel=1e-9, abs=1e-9)


def _flatten(d: dict[str, object], prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        elif isinstance(v, int | float) and not isinstance(v, bool):
            out[f"{prefix}{k}"] = float(v)
    return out


class _Idle:
    name = "idle"

    def allocate(self, state: StepState) -> Allocation:
        n = state.accelerators_available.size
        return Allocation(np.zeros(n), np.zeros(n), np.ones(n))


def test_idle_scheduler_runs_nothing_and_curtails() -> None:
    s = make_scenario('scenario.duration="1 h"', "fleet.satellites=1")
    d = simulate(s, scheduler=_Idle()).to_dict()
    assert d["compute"]["gpu_hours"] == 0.0
    assert d["training"]["tokens_processed"] == 0.0
    assert d["energy"]["curtailed_kwh"] > 0.0


def test_inference_is_served_first_and_follows_the_demand_profile() -> None:
    # Demand of 8 accelerators' worth (8 × 3,000 tokens/s) in UTC hours 0–2, none after: inference takes 8
    # accelerators while there is demand, training takes the rest.
    profile = "[" + ", ".join(["1.0"] * 3 + ["0.0"] * 21) + "]"
    s = make_scenario(
        'scenario.duration="6 h"',
        "fleet.satellites=1",
        "workload.inference.demand=24000",
        f"workload.inference.hourly_profile={profile}",
    )
    result = simulate(s)
    inf = np.asarray(result.fleet["inference_running"], dtype=float)
    hours = result.t_s / 3600.0
    assert np.all(inf[hours < 3] == 8)
    assert np.all(inf[hours >= 3] == 0)
    d = result.to_dict()["inference"]
    assert d["tokens_served"] == pytest.approx(d["tokens_demanded"], rel=1e-9)
    assert d["tokens_demanded"] == pytest.approx(24000 * 3 * 3600, rel=1e-9)
    assert result.to_dict()["training"]["tokens_processed"] > 0


def test_battery_aware_and_greedy_are_schedulers() -> None:
    assert isinstance(GreedyScheduler(), Scheduler)
    assert isinstance(BatteryAwareScheduler(), Scheduler)
