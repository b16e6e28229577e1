"""Uncertainty: Monte Carlo over uncertain assumptions, and Sobol global sensitivity indices.

Any assumption listed in :data:`UNCERTAIN_KEYS` may be given a distribution in the scenario's
``[uncertainty.parameters]`` table. Samples are drawn once, put into the flat
:class:`~skyrack.models.economics.EconomicInputs` as arrays, and the whole design-and-cost chain runs once,
vectorised (:func:`skyrack.chain.compare.evaluate`). The Sobol indices use the Saltelli design of SALib
(Saltelli et al. 2010; Herman & Usher 2017) on uniform variates mapped through each distribution's inverse
CDF, which leaves the indices unchanged (they are invariant under monotone transforms of single inputs).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from skyrack.chain.compare import economic_inputs, evaluate
from skyrack.chain.design import design
from skyrack.errors import SkyrackInputError
from skyrack.models import Models, build_models
from skyrack.models.economics import GROUND_DEFAULT, ORBIT_DEFAULT, EconomicInputs
from skyrack.results.comparison import Evaluation
from skyrack.results.design import Design
from skyrack.results.uncertainty import UncertaintyResult
from skyrack.scenario import Scenario
from skyrack.scenario.uncertainty import UNCERTAIN_KEYS, CheckedDistribution, check_uncertainty

# The schema's bound on uncertainty.samples, for samples given to the function directly too (issue #12).
MAX_SAMPLES: Final = 1_000_000
# Largest batch evaluated at once (keeps memory flat for 10^6 samples).
CHUNK: Final = 100_000


@dataclass(frozen=True)
class _SplitUniform:
    """Uniform on [low, median] and on [median, high], half the probability on each side: a catalog estimate whose
    value is taken as the median of its range (so the Monte Carlo's P50 stays at the value the other commands use,
    however lopsided the range)."""

    low: float
    median: float
    high: float

    def ppf(self, q: np.ndarray) -> np.ndarray:
        lower = self.low + (self.median - self.low) * 2.0 * q
        upper = self.median + (self.high - self.median) * (2.0 * q - 1.0)
        return np.where(q < 0.5, lower, upper)


def _frozen(dist: CheckedDistribution) -> Any:
    """A scipy frozen distribution (or one with the same ``ppf``), or a float for a point."""
    from scipy import stats  # imported here: scipy.stats takes ~0.3 s to import

    x = dist.parameters
    if dist.kind == "point":
        return x[0]
    if dist.kind == "split-uniform":
        return _SplitUniform(*x)
    if dist.kind == "triangular":
        low, mode, high = x
        return stats.triang(c=(mode - low) / (high - low), loc=low, scale=high - low)
    if dist.kind == "uniform":
        return stats.uniform(loc=x[0], scale=x[1] - x[0])
    if dist.kind == "normal":
        return stats.norm(loc=x[0], scale=x[1])
    return stats.lognorm(s=x[1], scale=x[0])


def _draw(dist: Any, unit_variates: np.ndarray) -> np.ndarray:
    if isinstance(dist, float):
        return np.full(unit_variates.shape, dist)
    eps = 1e-12
    return np.asarray(dist.ppf(np.clip(unit_variates, eps, 1.0 - eps)), dtype=float)


def with_samples(inputs: EconomicInputs, samples: Mapping[str, np.ndarray]) -> EconomicInputs:
    """Replace the fields named by ``samples`` (scenario keys) with sample arrays."""
    sections: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    for key, values in samples.items():
        for section, field_name in UNCERTAIN_KEYS[key].fields:
            if section:
                sections.setdefault(section, {})[field_name] = values
            else:
                top[field_name] = values
    replaced = {name: dataclasses.replace(getattr(inputs, name), **fields) for name, fields in sections.items()}
    return dataclasses.replace(inputs, **replaced, **top)


def catalog_estimates(scenario: Scenario, models: Models, inputs: EconomicInputs) -> dict[str, CheckedDistribution]:
    """The catalog estimates that ship with a range (:meth:`~skyrack.catalog.CatalogEntry.estimate_range`) and
    that the scenario leaves as they are, each with the value used as its median and the range as its bounds
    (:class:`_SplitUniform`).

    Keys of :data:`UNCERTAIN_KEYS`: the accelerator's server price and server mass per accelerator, and the cost
    defaults of both sides. A range is skipped when the value in use lies outside it (another, more specific row
    gave the value, e.g. a ground site's building cost).
    """
    found: dict[str, tuple[tuple[float, float] | None, float]] = {}
    accelerator = models.satellite.accelerator.entry
    found["accelerator.server_price"] = (
        accelerator.estimate_range("server_price", "USD"),
        float(np.asarray(inputs.orbit.server_usd_per_accelerator)),
    )
    if scenario.satellite.compute_mass_per_accelerator_kg is None:
        found["satellite.compute_mass_per_accelerator"] = (
            accelerator.estimate_range("mass", "kg"),
            float(np.asarray(inputs.sizing.compute_mass_per_accelerator_kg)),
        )
    for name, section in ((ORBIT_DEFAULT, "orbit"), (GROUND_DEFAULT, "ground")):
        entry = models.catalog.entry("costs", name, f"catalog.costs.{name}")
        for parameter in entry.values:
            key = f"catalog.costs.{name}.{parameter}"
            target = UNCERTAIN_KEYS.get(key)
            if target is None:
                continue
            used = float(np.asarray(getattr(getattr(inputs, section), target.field)))
            found[key] = (entry.estimate_range(parameter, target.unit), used)
    out: dict[str, CheckedDistribution] = {}
    for key, (bounds, used) in found.items():
        if bounds is not None and bounds[0] <= used <= bounds[1] and bounds[0] < bounds[1]:
            out[key] = CheckedDistribution("split-uniform", (bounds[0], used, bounds[1]))
    return out


def _evaluate_chunked(inputs: EconomicInputs, samples: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    out: dict[str, list[np.ndarray]] = {"orbit": [], "ground": []}
    for start in range(0, n, CHUNK):
        part = {k: v[start : start + CHUNK] for k, v in samples.items()}
        size = min(CHUNK, n - start)
        result: Evaluation = evaluate(with_samples(inputs, part))
        out["orbit"].append(np.broadcast_to(result.orbit.usd_per_gpu_hour, (size,)))
        out["ground"].append(np.broadcast_to(result.ground.usd_per_gpu_hour, (size,)))
    orbit, ground = np.concatenate(out["orbit"]), np.concatenate(out["ground"])
    return {"orbit": orbit, "ground": ground, "ratio": orbit / ground}


def uncertainty(
    scenario: Scenario,
    samples: int | None = None,
    result: Design | None = None,
    sensitivity: bool = True,
    progress: Callable[[str], None] | None = None,
    orbit_availability: float | None = None,
    models: Models | None = None,
) -> UncertaintyResult:
    """Monte Carlo of orbit and ground $/GPU-hour, and Sobol indices of their ratio.

    Parameters
    ----------
    scenario
        A scenario with an ``[uncertainty.parameters]`` table.
    samples
        Monte Carlo samples (default: ``uncertainty.samples``); the Sobol analysis uses it as its base N
        (rounded up to a power of two), with N (2D + 2) evaluations.
    sensitivity
        Compute Sobol indices (needs SALib, the ``analysis`` extra).
    orbit_availability
        Availability in orbit, e.g. from a simulation (default: the design's estimate).
    models
        The scenario's models, when already built.
    """
    given = check_uncertainty(scenario.uncertainty.parameters)
    n = samples or scenario.uncertainty.samples
    if not 16 <= n <= MAX_SAMPLES:
        raise SkyrackInputError("samples", n, f"from 16 to {MAX_SAMPLES:,} Monte Carlo samples")
    built = models if models is not None else build_models(scenario)
    base = economic_inputs(built, result or design(built), orbit_availability)
    estimates = catalog_estimates(scenario, built, base) if scenario.uncertainty.catalog_ranges else {}
    if not given and not estimates:  # without a table, the catalog's estimates alone make the analysis
        raise SkyrackInputError(
            "uncertainty.parameters", None, "no uncertain parameters; add e.g. "
            '"launch.price" = {distribution = "lognormal", median = "200 USD/kg", sigma = 0.5}'
        )  # fmt: skip
    estimated = sorted(set(estimates) - set(given))
    frozen = {k: _frozen(d) for k, d in (estimates | given).items()}
    keys = sorted(frozen)
    accelerator = built.satellite.accelerator
    if "satellite.host_overhead" in frozen and accelerator.entry.text("power_basis", "chip") == "all-in":
        raise SkyrackInputError(
            "uncertainty.parameters.satellite.host_overhead",
            None,
            f"the catalog's power for {accelerator.name} is already all-in (host, memory and network included), so "
            "no host overhead is added; remove this distribution",
        )
    if "launch.learning_rate" in frozen and scenario.launch.price_model != "wright":
        raise SkyrackInputError(
            "uncertainty.parameters.launch.learning_rate",
            None,
            f"a learning rate acts only with launch.price_model = 'wright' (this scenario's is "
            f"{scenario.launch.price_model!r}); set it or remove this distribution",
        )
    rng = np.random.default_rng(scenario.scenario.seed)
    if progress:
        progress(f"Monte Carlo: {n} samples of {len(keys)} parameters")
        if estimated:
            progress(f"  of them catalog estimates drawn from their shipped ranges: {', '.join(estimated)}")
    draws = {k: _draw(frozen[k], rng.random(n)) for k in keys}
    mc = _evaluate_chunked(base, draws, n)
    sobol: dict[str, dict[str, float]] = {}
    note = ""
    if sensitivity:
        try:
            from SALib.analyze import sobol as sobol_analyze
            from SALib.sample import sobol as sobol_sample
        except ImportError:
            note = "Sobol indices skipped: they need SALib (pip install SALib)"
            if progress:
                progress(note)
            return UncertaintyResult(n, keys, mc["orbit"], mc["ground"], {}, _infeasible(mc), note, estimated)
        base_n = 1 << max(4, math.ceil(math.log2(max(n // 8, 16))))
        problem = {"num_vars": len(keys), "names": keys, "bounds": [[0.0, 1.0]] * len(keys)}
        unit = sobol_sample.sample(problem, base_n, calc_second_order=False, seed=scenario.scenario.seed)
        if progress:
            progress(f"Sobol: {unit.shape[0]} evaluations")
        sobol_draws = {k: _draw(frozen[k], unit[:, i]) for i, k in enumerate(keys)}
        ratio = _evaluate_chunked(base, sobol_draws, unit.shape[0])["ratio"]
        if not np.isfinite(ratio).all():
            note = "Sobol indices skipped: some samples give an infeasible design; narrow the distributions"
        elif np.ptp(ratio) == 0:
            note = "Sobol indices skipped: the ratio does not vary over the samples"
        else:
            indices = sobol_analyze.analyze(
                problem, ratio, calc_second_order=False, seed=scenario.scenario.seed, print_to_console=False
            )
            for i, k in enumerate(keys):
                sobol[k] = {
                    "S1": float(indices["S1"][i]),
                    "S1_conf": float(indices["S1_conf"][i]),
                    "ST": float(indices["ST"][i]),
                    "ST_conf": float(indices["ST_conf"][i]),
                }
    return UncertaintyResult(n, keys, mc["orbit"], mc["ground"], sobol, _infeasible(mc), note, estimated)


def _infeasible(mc: Mapping[str, np.ndarray]) -> float:
    return float(np.mean(~np.isfinite(mc["ratio"])))
