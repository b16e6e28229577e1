"""``simulate(scenario)``: run the designed fleet through its scenario period, step by step.

A thin step: read the models (:mod:`skyrack.models`) and the design; pack the parameters of the compiled
loop (:mod:`skyrack.chain.simulate.loop`, one record); run it chunk by chunk (at least a day, about 260,000 satellite-steps)
with the fault events drawn for each chunk; stream the per-satellite aggregates; keep the fleet series of
every step and the full series of a few chosen satellites. Memory is O(steps) for those series and
O(satellites) for the state, never O(satellites × steps). Deterministic for a given ``scenario.seed``: one
numpy Generator, seeded once, draws every fault in chunk order.

Model assumptions, step by step (each kernel's docstring has its equation and reference):

- Orbit: circular with J2 secular drift, each satellite on its own circle (:mod:`skyrack.models.orbits`): the one
  plane of an sso or circular orbit (``phasing``: together, or spread along the orbit), the planes and phases of
  a Walker constellation, or the circular equivalents of TLE element sets at the start (mean semi-major axis
  and plane, SGP4 phase; an approximation that drifts along the track over days but keeps the plane). Sun: Astronomical Almanac series sampled hourly, interpolated.
  Shadow: conical umbra and penumbra, spherical Earth without atmosphere. Geometry at step midpoints.
- Array: irradiance (solar constant × (1 au/r)² × visible Sun fraction × cos incidence for the pointing),
  packing, cell efficiency with its temperature coefficient at a quasi-steady cell temperature, and the life
  factor (1 − d)^t · (1 − k · dose). The array area is the design's.
- Battery: the design's capacity; array → loads through X_d, array → battery through X_d·η_c, battery →
  loads through η_d = n, with η_c = X_e / (X_d n) by default so that the simulated eclipse path equals the
  design's X_e (SMAD Eqs. 11-5, 11-6); depth-of-discharge floor; compute shed before the bus; surplus curtailed.
- Heat: two nodes (chips/cold plate, radiator). Accelerator and host power heat the chips; bus loads heat the
  radiator; conversion losses are left to the bus's own thermal control. The radiator absorbs sunlight on its
  ``sunlit_sides`` faces at normal incidence whenever lit (the design's worst case), albedo × cos ζ and Earth
  infrared with the scenario's view factor. No survival heaters: idle chips follow the radiator down.
- Radiation: an orbit-average dose rate (passes through the South Atlantic Anomaly are not resolved);
  single-event effects and permanent failures as Poisson processes on live accelerators (hosts for host
  crashes); silent data corruption counted but not detected unless ``radiation.sdc_interrupts``; at the
  total-dose tolerance every accelerator of the satellite fails.
- Work: one synchronous data-parallel training job over the fleet; an interrupting fault on an accelerator
  of the job rolls the whole job back to its last checkpoint. Inference is served before training; a fault
  on an inference accelerator costs it a restart time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import julian_date_utc
from skyrack.chain.budget import check_memory, chunk_steps, estimate_simulation
from skyrack.chain.simulate import loop as lp
from skyrack.chain.simulate.scheduler import (
    POLICY_PYTHON,
    Allocation,
    BatteryAwareScheduler,
    GreedyScheduler,
    Scheduler,
    StepState,
    scheduler_by_name,
)
from skyrack.chain.simulate.setup import ORB_RADIUS, SUN_SAMPLE_S, SimulationSetup, prepare
from skyrack.chain.simulate.summary import summarise
from skyrack.compute.training import J_FINISHED, J_SIZE
from skyrack.models import Models, build_models
from skyrack.physics.radiation import (
    draw_fault_events,
)
from skyrack.results.simulation import SimulationResult

if TYPE_CHECKING:
    from skyrack.results.design import Design
    from skyrack.scenario import Scenario

#: Progress callback: (steps done, steps in all).
Progress = Callable[[int, int], None]

# Size of a chunk of the loop, in satellite-steps (at least a day of steps): large enough that the Python
# work per chunk (Sun interpolation, fault draws, progress) is small against the compiled loop, small enough
# to bound the per-chunk arrays (a few MB) and to report progress often.


def _sun_table(models: Models, duration_s: float) -> NDArray[np.float64]:
    """The Sun's geocentric position [m] every SUN_SAMPLE_S over the run (and one sample beyond)."""
    t = np.arange(0.0, duration_s + 2 * SUN_SAMPLE_S, SUN_SAMPLE_S)
    return np.ascontiguousarray(sun_position_eci_m(julian_date_utc(models.start, t)))


def simulate(
    scenario: Scenario | Models,
    design: Design | None = None,
    progress: Progress | None = None,
    scheduler: Scheduler | None = None,
    max_memory_bytes: float | None = None,
) -> SimulationResult:
    """Simulate the designed fleet of ``scenario`` over its period, every satellite at every step.

    Parameters
    ----------
    scenario
        The scenario (or its models); its ``[simulation]``, ``[radiation]`` and ``[workload]`` sections are
        optional.
    design
        The satellites to fly; default ``design(scenario)``. Pass another design to fly hardware sized for a
        different scenario (e.g. more accelerators on the same array).
    progress
        Called after each chunk (a day) with (steps done, steps in all).
    scheduler
        A :class:`~skyrack.chain.simulate.scheduler.Scheduler`; default the scenario's ``simulation.scheduler``.
        The built-in policies run compiled; another object is called from Python once a step.
    max_memory_bytes
        Memory budget; the job is refused before anything is allocated when its estimate is over it
        (:func:`skyrack.chain.budget.check_memory`; default half the machine's memory).

    Returns
    -------
    SimulationResult
        Summary (``to_dict()``), fleet series for every step and full series of the recorded satellites.
    """
    models = build_models(scenario)
    check_memory(estimate_simulation(models), max_memory_bytes)
    if design is None:
        from skyrack.chain.design import design as make_design

        design = make_design(models)
    setup = prepare(models, design)
    ops = models.operations
    sched = scheduler if scheduler is not None else scheduler_by_name(ops.scheduler)
    # the built-in policies run compiled; any other object (a subclass too, which may override allocate) is
    # called from Python once a step
    policy = POLICY_PYTHON
    if isinstance(sched, GreedyScheduler | BatteryAwareScheduler) and type(sched) in (
        GreedyScheduler,
        BatteryAwareScheduler,
    ):
        policy = sched.policy_code
    setup.params[0]["policy"] = policy
    n_sat, steps, dt = setup.satellites, setup.steps, setup.dt_s
    rng = np.random.default_rng(models.seed)

    st = np.zeros((n_sat, lp.S_SIZE))
    st[:, lp.S_ENERGY] = ops.initial_state_of_charge * setup.battery_capacity_j
    t_start = models.satellite.radiator.temperature_k
    st[:, lp.S_CHIP] = t_start
    st[:, lp.S_RAD] = t_start
    st[:, lp.S_ALIVE] = setup.accelerators
    acc = np.zeros((n_sat, lp.A_SIZE))
    for col in (lp.A_CHIP_MIN, lp.A_RAD_MIN, lp.A_SOC_MIN):
        acc[:, col] = np.inf
    rec_idx = np.asarray(ops.record_satellites, dtype=np.int64)
    state = lp.LoopState(
        st=st,
        acc=acc,
        job=np.zeros(J_SIZE),
        fs64=np.zeros((steps, lp.E_SIZE)),
        fs32=np.zeros((steps, lp.F_SIZE), dtype=np.float32),
        rec_idx=rec_idx,
        rec=np.zeros((steps, rec_idx.size, lp.R_SIZE), dtype=np.float32),
        given=np.zeros((n_sat, 3)),
        caps=np.zeros((n_sat, lp.C_SIZE)),
    )
    chunk = chunk_steps(n_sat, dt)
    sun_table = _sun_table(models, steps * dt)
    hour0 = float(setup.params[0]["hour0_h"])
    done = 0
    if progress is not None:
        progress(0, steps)  # at once: the first chunk may take a while
    while done < steps:
        n = min(chunk, steps - done)
        t0 = done * dt
        rates = setup.candidate_rates if setup.candidate_rates is not None else setup.fault_rates
        ev = draw_fault_events(rng, rates, n_sat, setup.accelerators, n, dt)
        v = ev.v if ev.v is not None else np.zeros(ev.u.size)
        events = lp.LoopEvents(ev.step + done, ev.offset_s, ev.satellite, ev.kind, ev.u, v)
        if policy != POLICY_PYTHON:
            lp.run_chunk(
                done,
                n,
                t0,
                setup.params,
                setup.orbit,
                sun_table,
                setup.profile,
                setup.saa_grids,
                state,
                events,
                0,
                lp.MODE_RUN,
            )
        else:
            ptr = 0
            for k in range(n):
                args = (setup.params, setup.orbit, sun_table, setup.profile, setup.saa_grids, state, events, ptr)
                lp.run_chunk(done + k, 1, t0 + k * dt, *args, lp.MODE_CAPS)
                t_mid = t0 + (k + 0.5) * dt
                hour = math.floor(hour0 + t_mid / 3600.0) % 24
                allocation = sched.allocate(_step_state(setup, state, t_mid, hour))
                _fill_given(state.given, allocation)
                ptr = lp.run_chunk(done + k, 1, t0 + k * dt, *args, lp.MODE_RUN)
        done += n
        if progress is not None:
            progress(done, steps)
    return summarise(models, design, setup, state, sched.name)


def _step_state(setup: SimulationSetup, state: lp.LoopState, t_mid: float, hour: int) -> StepState:
    p, caps = setup.params[0], state.caps
    demand = 0.0
    if p["demand_tokens_per_s"] > 0 and p["inference_tokens_per_accelerator_s"] > 0 and setup.profile[hour] > 0:
        demand = float(p["demand_tokens_per_s"] * setup.profile[hour] / p["inference_tokens_per_accelerator_s"])
    return StepState(
        t_s=t_mid,
        accelerators_available=caps[:, lp.C_AVAIL].copy(),
        accelerator_power_w=setup.accelerator_power_w,
        power_available_w=caps[:, lp.C_PCAP].copy(),
        power_available_reserve_w=caps[:, lp.C_PCAP_RES].copy(),
        thermal_limit_w=caps[:, lp.C_QTH].copy(),
        state_of_charge=caps[:, lp.C_SOC].copy(),
        sun_fraction=caps[:, lp.C_SUN].copy(),
        chip_temperature_k=caps[:, lp.C_CHIP].copy(),
        radiator_temperature_k=caps[:, lp.C_RAD].copy(),
        inference_demand_accelerators=demand,
        training_active=bool(p["training_active"] > 0 and state.job[J_FINISHED] == 0),
    )


def _fill_given(given: NDArray[np.float64], allocation: Allocation) -> None:
    given[:, 0] = np.asarray(allocation.inference, dtype=np.float64)
    given[:, 1] = np.asarray(allocation.training, dtype=np.float64)
    given[:, 2] = np.asarray(allocation.clock, dtype=np.float64)


__all__ = ["ORB_RADIUS", "Progress", "SimulationSetup", "prepare", "simulate"]
