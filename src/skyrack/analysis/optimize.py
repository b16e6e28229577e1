"""Design optimisation: optuna over the design choices of a scenario, for one or several objectives.

Only real design choices may vary (:data:`DESIGN_CHOICES`): altitude, local time of the node, cluster radius,
accelerator and how many a satellite carries, the radiator's temperature, the coolant loop, the cells, the launch
vehicle, the sparing policy and the network's terminals. Assumptions (launch price, electricity price, PUE, failure
rates …) are what a study sweeps (``skyrack sweep``), never what it optimises: an optimiser drives them to the
bounds it is given and learns nothing. Keys the model gives no cost yet (shielding mass, fin mass, battery wear
with depth of discharge) are left out for the same reason.

One objective runs optuna's TPE sampler (Bergstra et al., NeurIPS 2011), several its NSGA-II (Deb et al., IEEE TEC
6(2), 2002) and report the Pareto front. Constraints (``fleet_mass_t<=100``) go to the sampler's
``constraints_func``; a design that is not feasible is pruned with its reason kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from skyrack.analysis.sweep import Axis, Range, evaluate_point, parse_grid, parse_range
from skyrack.errors import SkyrackInputError

DESIGN_CHOICES: Final = (
    "orbit.altitude",
    "orbit.ltan",
    "orbit.inclination",
    "orbit.cluster_radius",
    "satellite.accelerator",
    "satellite.accelerators",
    "satellite.thermal.radiator_temperature",
    "satellite.thermal.loop",
    "satellite.thermal.coolant",
    "satellite.power.cell",
    "launch.vehicle",
    "fleet.sparing",
    "network.terminal",
    "network.terminals_per_satellite",
    "network.allreduce",
)
# objective name → (row column, direction)
OBJECTIVES: Final = {
    "usd_per_gpu_hour": ("orbit_usd_per_gpu_hour", "minimize"),
    "ratio": ("ratio_orbit_to_ground", "minimize"),
    "fleet_mass": ("fleet_mass_t", "minimize"),
    "launches": ("launches", "minimize"),
    "satellite_mass": ("satellite_mass_kg", "minimize"),
    "compute_bound": ("compute_bound_fraction", "maximize"),
}
_CONSTRAINT: Final = re.compile(r"^\s*([a-z_]+)\s*(<=|>=)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")


@dataclass(frozen=True)
class Constraint:
    column: str
    op: str
    bound: float

    def violation(self, row: dict[str, Any]) -> float:
        """≤ 0 when met (optuna's convention); NaN outputs count as violated."""
        value = float(row.get(self.column, math.nan))
        if not math.isfinite(value):
            return 1.0
        return value - self.bound if self.op == "<=" else self.bound - value


def parse_vary(text: str) -> Axis | Range:
    """``key=lo:hi`` (numeric) or ``key=a,b,c`` (categorical), for a design choice only."""
    key = text.partition("=")[0].strip()
    if key not in DESIGN_CHOICES:
        why = (
            "an assumption, not a design choice: sweep it (skyrack sweep --grid) rather than optimise it"
            if key
            else "expected key=lo:hi or key=a,b,c"
        )
        raise SkyrackInputError("--vary", text, f"{why}; design choices: {', '.join(DESIGN_CHOICES)}")
    spec = text.partition("=")[2]
    return parse_range(text) if ":" in spec else parse_grid(text)


def parse_constraint(text: str, columns: Sequence[str]) -> Constraint:
    match = _CONSTRAINT.match(text)
    if not match or match.group(1) not in columns:
        raise SkyrackInputError(
            "--constraint", text, f"expected output<=number or output>=number, outputs: {', '.join(columns)}"
        )
    return Constraint(match.group(1), match.group(2), float(match.group(3)))


def parse_objectives(names: Sequence[str]) -> list[tuple[str, str, str]]:
    chosen = list(names) or ["usd_per_gpu_hour"]
    for n in chosen:
        if n not in OBJECTIVES:
            raise SkyrackInputError("--objective", n, f"one of {', '.join(OBJECTIVES)}")
    if len(set(chosen)) != len(chosen):
        raise SkyrackInputError("--objective", ", ".join(chosen), "each objective once")
    return [(n, *OBJECTIVES[n]) for n in chosen]


def optimize(
    scenario_file: str,
    base_overrides: Sequence[str],
    variables: Sequence[Axis | Range],
    objectives: Sequence[tuple[str, str, str]],
    constraints: Sequence[Constraint],
    trials: int,
    journal: Path,
    study_name: str,
    seed: int = 0,
    on_trial: Callable[[int, dict[str, str], dict[str, Any]], None] | None = None,
) -> Any:
    """Run ``trials`` more trials of the optuna study ``study_name`` kept in ``journal`` (created or resumed) and
    return it; ``on_trial(number, point, row)`` sees every evaluated point."""
    try:
        import optuna
        from optuna.storages import JournalStorage
        from optuna.storages.journal import JournalFileBackend
    except ImportError:
        raise SkyrackInputError(
            "skyrack optimize", None, 'needs optuna: pip install "skyrack[optimize]" (or pip install optuna)'
        ) from None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = JournalStorage(JournalFileBackend(str(journal)))

    def constraint_values(trial: optuna.trial.FrozenTrial) -> Sequence[float]:
        return list(trial.user_attrs.get("violations", [1.0] * len(constraints)))

    # optuna ≥ 5 takes constraints from the trial (Trial.set_constraint); 4.x from the sampler's constraints_func
    per_trial = hasattr(optuna.trial.Trial, "set_constraint")
    constraints_func = constraint_values if constraints and not per_trial else None
    sampler = (
        optuna.samplers.TPESampler(seed=seed, constraints_func=constraints_func)
        if len(objectives) == 1
        else optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints_func)
    )
    study = optuna.create_study(
        study_name=study_name,
        storage=storage,
        sampler=sampler,
        directions=[
            optuna.study.StudyDirection.MINIMIZE if d == "minimize" else optuna.study.StudyDirection.MAXIMIZE
            for _, _, d in objectives
        ],
        load_if_exists=True,
    )

    def objective(trial: optuna.trial.Trial) -> float | list[float]:
        point: dict[str, str] = {}
        for v in variables:
            if isinstance(v, Range):
                x = (
                    trial.suggest_int(v.key, int(v.lo), int(v.hi))
                    if v.integer
                    else trial.suggest_float(v.key, v.lo, v.hi)
                )
                point[v.key] = f"{x:.10g}{(' ' + v.unit) if v.unit else ''}"
            else:
                point[v.key] = str(trial.suggest_categorical(v.key, list(v.values)))
        row = evaluate_point(scenario_file, base_overrides, point)
        trial.set_user_attr("point", point)
        trial.set_user_attr("violations", [c.violation(row) for c in constraints])
        if per_trial:
            for k, c in enumerate(constraints):
                trial.set_constraint(f"c{k}", c.violation(row))
        if on_trial is not None:
            on_trial(trial.number, point, row)
        if not row["feasible"]:
            trial.set_user_attr("reason", str(row["reason"])[:500])
            raise optuna.TrialPruned(str(row["reason"])[:200])
        values = [float(row[column]) for _, column, _ in objectives]
        return values[0] if len(values) == 1 else values

    study.optimize(objective, n_trials=trials, catch=())
    return study


__all__ = [
    "DESIGN_CHOICES",
    "OBJECTIVES",
    "Constraint",
    "optimize",
    "parse_constraint",
    "parse_objectives",
    "parse_vary",
]
