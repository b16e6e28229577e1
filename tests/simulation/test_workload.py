"""Training work: FLOPs, checkpoint interval (Young/Daly), checkpoint/restart timeline, and the engine's use."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

import skyrack
from skyrack.chain.simulate import simulate
from skyrack.chain.simulate.engine import prepare
from skyrack.compute.training import (
    J_CHECKPOINT_S,
    J_CHECKPOINTS,
    J_COMMITTED,
    J_FINISH_TIME_S,
    J_FINISHED,
    J_INTERRUPTS,
    J_LOST_COMPUTE_S,
    J_LOST_TOKENS,
    J_RESTART_S,
    J_SINCE,
    advance_training,
    daly_expected_wall_time_s,
    daly_interval_s,
    new_training_state,
    step_time_s,
    training_flops,
    young_interval_s,
)
from skyrack.models import Models

from .conftest import make_scenario


def test_training_flops_is_six_n_d() -> None:
    # Kaplan et al. (2020), §2.1: C ≈ 6 N D. Llama 3 405B on 15.6 T tokens ≈ 3.8e25 FLOP (Dubey et al. 2024, §3.3).
    assert training_flops(405e9, 15.6e12) == pytest.approx(3.8e25, rel=0.01)


def test_young_interval_formula() -> None:
    # Young (1974): τ = sqrt(2 δ M). δ = 60 s, M = 24 h → 3,220 s.
    assert young_interval_s(60.0, 86400.0) == pytest.approx(math.sqrt(2 * 60 * 86400), rel=1e-12)
    assert young_interval_s(60.0, 86400.0) == pytest.approx(3219.9, abs=0.1)


def test_daly_interval_formula_and_limits() -> None:
    # Daly (2006), Eq. 37: τ = sqrt(2δM)[1 + (1/3) sqrt(δ/2M) + (1/9)(δ/2M)] − δ for δ < 2M, else M.
    d, m = 300.0, 7200.0
    x = d / (2 * m)
    assert daly_interval_s(d, m) == pytest.approx(math.sqrt(2 * d * m) * (1 + math.sqrt(x) / 3 + x / 9) - d, rel=1e-12)
    assert daly_interval_s(3 * 3600.0, 3600.0) == 3600.0  # δ ≥ 2M → τ = M
    # δ ≪ M: Daly → Young
    assert daly_interval_s(1.0, 1e7) == pytest.approx(young_interval_s(1.0, 1e7), rel=1e-3)


@pytest.mark.parametrize(("delta", "mtbf"), [(60.0, 3600.0), (300.0, 7200.0), (5.0, 86400.0)])
def test_daly_interval_minimises_the_expected_wall_time(delta: float, mtbf: float) -> None:
    # Independent check: the numerical minimum of Daly's exact wall-time model (Eq. 20) lies within 1% of the
    # higher-order estimate (Daly reports the estimate is accurate to a few per cent of the optimum for δ < 2M).
    res = minimize_scalar(
        lambda tau: daly_expected_wall_time_s(1e6, tau, delta, 600.0, mtbf), bounds=(1.0, 10 * mtbf), method="bounded"
    )
    assert daly_interval_s(delta, mtbf) == pytest.approx(res.x, rel=0.01)


def test_lost_work_hand_computed_case() -> None:
    # 1,000 tokens/s, checkpoint every 300 s of compute, 10 s to write it, 60 s to restart; one fault at 700 s of
    # a 1,000 s step. By hand: compute 0–300 (300k tokens), write 300–310 (committed 300k), compute 310–610,
    # write 610–620 (committed 600k), compute 620–700 (80k at risk), fault: lose 80k tokens and 80 s of compute,
    # restart 700–760, compute 760–1,000 (240k at risk).
    job = advance_training(new_training_state(), 1000.0, 1000.0, 1e12, 300.0, 10.0, 60.0, [700.0])
    assert job[J_COMMITTED] == pytest.approx(600_000)
    assert job[J_SINCE] == pytest.approx(240_000)
    assert job[J_LOST_TOKENS] == pytest.approx(80_000)
    assert job[J_LOST_COMPUTE_S] == pytest.approx(80.0)
    assert job[J_RESTART_S] == pytest.approx(60.0)
    assert job[J_CHECKPOINT_S] == pytest.approx(20.0)
    assert job[J_CHECKPOINTS] == 2
    assert job[J_INTERRUPTS] == 1


def test_fault_during_checkpoint_write_and_restart() -> None:
    # A fault at 305 s (mid-write) loses the 300k being saved; a second at 330 s (mid-restart) restarts the
    # restart: restart 305–330 then 330–390, compute 390–500 → 110k at risk, nothing committed.
    job = advance_training(new_training_state(), 500.0, 1000.0, 1e12, 300.0, 10.0, 60.0, [305.0, 330.0])
    assert job[J_COMMITTED] == 0.0
    assert job[J_LOST_TOKENS] == pytest.approx(300_000)
    assert job[J_RESTART_S] == pytest.approx(25.0 + 60.0)
    assert job[J_SINCE] == pytest.approx(110_000)
    assert job[J_INTERRUPTS] == 2


def test_job_finishes_with_a_final_checkpoint() -> None:
    # 250k tokens at 1,000/s: compute 0–250, final write 250–260 → finished at 260 s.
    job = advance_training(new_training_state(), 1000.0, 1000.0, 250_000.0, 300.0, 10.0, 60.0)
    assert job[J_FINISHED] == 1.0
    assert job[J_FINISH_TIME_S] == pytest.approx(260.0)
    assert job[J_COMMITTED] == pytest.approx(250_000)


def test_step_time_with_gradient_exchange() -> None:
    # 70B parameters, 16M-token batch, 1,296 accelerators × 918 TFLOPS × 0.38 MFU; ring all-reduce of 140 GB over
    # 81 replicas at 1.6 Tbit/s: t_comm = 2·80/81 · 8·1.4e11 / 1.6e12 = 1.383 s, hidden behind 2/3 of t_comp.
    flops = 1296 * 918e12 * 0.38
    t_comp = 6 * 70e9 * 16e6 / flops
    t_comm = 2 * 80 / 81 * 8 * 140e9 / 1.6e12
    assert step_time_s(16e6, 70e9, flops, 81, 140e9, 1.6e12, 2 / 3) == pytest.approx(
        t_comp + max(0.0, t_comm - 2 / 3 * t_comp)
    )
    assert step_time_s(16e6, 70e9, flops, 1, 140e9, 1.6e12, 0.0) == pytest.approx(t_comp)
    assert math.isinf(step_time_s(16e6, 70e9, 0.0, 81, 140e9, 1.6e12, 0.0))


def test_engine_uses_daly_interval_from_the_fault_rates() -> None:
    # The engine's interval is Daly's for δ = checkpoint size / (write bandwidth × satellites) and the job's MTBF
    # M = 1 / Σ (interrupting rates × slots) — here recomputed by hand from the per-rad rates.
    s = make_scenario('scenario.duration="1 h"', "fleet.satellites=10")
    setup = prepare(s, skyrack.design(s))
    delta = 12 * 70e9 / (6.9e9 * 10)
    # single-event effects follow the proton, cosmic-ray and solar-event dose (models.radiation)
    budget = Models(s).radiation.budget
    assert budget is not None
    dose_rad_per_s = budget.single_event / (365.25 * 86400.0)
    per_chip = dose_rad_per_s * (1 / 44 + 1 / 5000) + 0.061 / (365.25 * 86400.0)
    hosts_per_sat = math.ceil(16 / setup.fault_rates.accelerators_per_host)
    # a host goes down on a CPU crash (1 per 450 rad) or a RAM functional interrupt (1 per 400 rad), Suncatcher
    rate = 10 * (16 * per_chip + hosts_per_sat * dose_rad_per_s * (1 / 450 + 1 / 400))
    assert setup.checkpoint_time_s == pytest.approx(delta, rel=1e-9)
    assert setup.mtbf_job_s == pytest.approx(1 / rate, rel=1e-3)
    assert setup.checkpoint_interval_s == pytest.approx(daly_interval_s(delta, 1 / rate), rel=1e-3)
    fixed = prepare(make_scenario('scenario.duration="1 h"', 'workload.training.checkpoint_interval="30 min"'),
                    skyrack.design(s))  # fmt: skip
    assert fixed.checkpoint_interval_s == 1800.0


def test_engine_training_accounting_closes() -> None:
    # Tokens processed follow the achieved FLOP rate: with no faults and no communication cost, a satellite of
    # 16 TPU v6e at 38% MFU runs 16 × 918e12 × 0.38 / (6 × 70e9) tokens/s, less checkpoint pauses.
    s = make_scenario(
        'scenario.duration="2 h"',
        "fleet.satellites=1",
        'radiation.dose_rate="0 rad_Si/yr"',
        'radiation.permanent_failure_rate="0 /yr"',
        'workload.training.checkpoint_interval="10 min"',
        "simulation.sun_distance_variation=false",
        'simulation.cell_temperature_coefficient="0 /K"',
    )
    result = simulate(s)
    t = result.to_dict()["training"]
    rate = 16 * 918e12 * 0.38 / (6 * 70e9)
    compute_s = 7200.0 - t["checkpoint_hours"] * 3600.0
    assert t["interruptions"] == 0
    assert t["tokens_processed"] == pytest.approx(rate * compute_s, rel=1e-9)
    assert t["checkpoints"] == int(7200 // (600 + t["checkpoint_write_s"]))
    assert t["steps_completed"] == int(t["tokens_processed"] // 16e6)
    series = result.fleet["training_tokens"]
    assert np.all(np.diff(series.astype(np.float64)) >= 0)
