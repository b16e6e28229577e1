"""What ``skyrack race`` returns: when each side reaches the target, at what cost, and what the time is worth."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray


def _year(x: float) -> float | None:
    return None if not math.isfinite(x) else round(x, 2)


@dataclass(frozen=True)
class ManifestLine:
    """One vehicle's share of one item, over the race: the fleet up to the target, then its replacements."""

    vehicle: str
    item: str
    mass_kg: float
    launches: float

    def to_dict(self) -> dict[str, Any]:
        return {"vehicle": self.vehicle, "item": self.item, "mass_kg": self.mass_kg, "launches": self.launches}


@dataclass(frozen=True)
class RaceSide:
    """One side of the race."""

    year_reached: float  # calendar year with its fraction; NaN when not reached by the race's end
    reason: str  # why not (empty when reached)
    usd_per_gpu_hour: float  # the comparison's cost (the same in every command)
    gpu_hours: float  # accelerator-hours delivered from the start to the race's end
    npv_usd: float  # present value of (value − cost) × those hours
    capacity_w: NDArray[np.float64]  # at each year end
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "year_reached": _year(self.year_reached),
            "reason": self.reason or None,
            "usd_per_gpu_hour": self.usd_per_gpu_hour,
            "gpu_hours": self.gpu_hours,
            "npv_usd": self.npv_usd,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class RaceResult:
    """``skyrack race``: capacity against time for orbit and ground, the manifest, the dates and the values."""

    scenario_name: str
    target_w: float
    by_year: int
    value_usd_per_gpu_hour: float
    year_end: NDArray[np.float64]  # the calendar year at whose end each capacity is given
    orbit: RaceSide
    ground: RaceSide
    satellites_needed: float
    launches: float  # every launch of the race: the fleet up to the target, then its replacements to the end
    manifest: list[ManifestLine] = field(default_factory=list)
    vehicles: list[dict[str, Any]] = field(default_factory=list)  # name, payload, price, acceleration, cadence basis
    orbit_limits: list[str] = field(default_factory=list)  # what bound each year's deployment
    ground_year_samples: NDArray[np.float64] | None = None  # Monte Carlo of the queue (inf: not within 12 filings)
    path_years: NDArray[np.float64] | None = None  # a month's grid (calendar years) for the paths below
    satellites_flown: float = math.nan  # every satellite flown by the end, replacements of failed and retired included
    orbit_path_w: NDArray[np.float64] | None = None
    ground_path_w: NDArray[np.float64] | None = None  # the queues' median path (the closed form without samples)
    ground_band_w: NDArray[np.float64] | None = None  # (2, T): the queues' 10th and 90th percentile paths
    # what being first is worth: (the side that reaches the target first, the accelerator-hours it delivers
    # beyond the other's while ahead, their present value at its margin); None when neither gets there
    head_start: tuple[str, float, float] | None = None

    @property
    def p_orbit_first(self) -> float | None:
        if self.ground_year_samples is None:
            return None
        orbit = self.orbit.year_reached if math.isfinite(self.orbit.year_reached) else math.inf
        return float(np.mean(orbit < self.ground_year_samples))

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``race --json``: ``target_gw``, each side's ``year_reached`` (null with a ``reason``),
        ``usd_per_gpu_hour``, ``gpu_hours`` and ``npv_usd``; ``orbit.launches`` and ``orbit.manifest``;
        ``capacity_gw_by_year``; ``head_start`` (the first side, the accelerator-hours it delivers beyond the other
        while ahead and their present value at its margin); with ``race.samples``, the ground's arrival
        percentiles and ``p_orbit_first``."""
        out: dict[str, Any] = {
            "scenario": self.scenario_name,
            "target_gw": self.target_w / 1e9,
            "by": self.by_year,
            "value_per_gpu_hour_usd": self.value_usd_per_gpu_hour,
            "orbit": {
                **self.orbit.to_dict(),
                "satellites": self.satellites_needed,
                "satellites_flown": self.satellites_flown,
                "launches": self.launches,
                "manifest": [m.to_dict() for m in self.manifest],
                "vehicles": self.vehicles,
                "limited_by": self.orbit_limits,
            },
            "ground": self.ground.to_dict(),
            "capacity_gw_by_year": {
                "year": [int(y) for y in self.year_end],
                "orbit": [float(c) / 1e9 for c in self.orbit.capacity_w],
                "ground": [float(c) / 1e9 for c in self.ground.capacity_w],
            },
            "npv_orbit_minus_ground_usd": self.orbit.npv_usd - self.ground.npv_usd,
            "head_start": None if self.head_start is None else {
                "side": self.head_start[0], "gpu_hours": self.head_start[1], "usd": self.head_start[2],
            },
        }  # fmt: skip
        if self.ground_year_samples is not None:
            s = self.ground_year_samples
            finite = s[np.isfinite(s)]
            out["ground"]["year_reached_p10_p50_p90"] = (
                [_year(float(q)) for q in np.percentile(s, [10, 50, 90])] if finite.size == s.size else None
            )
            out["ground"]["samples"] = int(s.size)
            out["p_orbit_first"] = self.p_orbit_first
        return out


__all__ = ["ManifestLine", "RaceResult", "RaceSide"]
