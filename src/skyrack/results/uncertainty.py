"""What the uncertainty analysis returns: Monte Carlo samples of both costs, percentiles and Sobol indices."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def _percentiles(values: np.ndarray) -> dict[str, float | None]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return {"p10": None, "p50": None, "p90": None, "mean": None}
    p10, p50, p90 = np.percentile(finite, [10, 50, 90])
    return {"p10": float(p10), "p50": float(p50), "p90": float(p90), "mean": float(finite.mean())}


@dataclass(frozen=True)
class UncertaintyResult:
    """Monte Carlo percentiles and Sobol indices; ``to_dict()`` is the ``--json`` object."""

    samples: int
    parameters: list[str]
    orbit_usd_per_gpu_hour: np.ndarray
    ground_usd_per_gpu_hour: np.ndarray
    sobol: dict[str, dict[str, float]]
    infeasible_fraction: float
    note: str = ""
    catalog_estimates: list[str] = field(default_factory=list)  # keys drawn from the catalog's shipped ranges

    @property
    def probability_orbit_cheaper(self) -> float:
        ratio = self.orbit_usd_per_gpu_hour / self.ground_usd_per_gpu_hour
        finite = np.isfinite(ratio)
        return float(np.mean(ratio[finite] < 1.0)) if finite.any() else math.nan

    def to_dict(self) -> dict[str, Any]:
        ratio = self.orbit_usd_per_gpu_hour / self.ground_usd_per_gpu_hour
        return {
            "samples": self.samples,
            "parameters": self.parameters,
            "catalog_estimates": self.catalog_estimates,
            "orbit_usd_per_gpu_hour": _percentiles(self.orbit_usd_per_gpu_hour),
            "ground_usd_per_gpu_hour": _percentiles(self.ground_usd_per_gpu_hour),
            "ratio_orbit_to_ground": _percentiles(ratio),
            "probability_orbit_cheaper": self.probability_orbit_cheaper,
            "infeasible_fraction": self.infeasible_fraction,
            "sobol": self.sobol,
            "note": self.note,
        }


__all__ = ["UncertaintyResult"]
