"""What the break-even analyses return: the value at which orbit and ground cost the same, and the curves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class CurvePoint:
    value: float
    orbit_usd_per_gpu_hour: float
    ground_usd_per_gpu_hour: float
    reason: str = ""  # why there is no cost at this value (NaN costs): the constraint or input that fails


@dataclass(frozen=True)
class Breakeven:
    """``skyrack breakeven`` result; ``value`` is ``None`` (with ``reason``) when there is no break-even."""

    param: str
    unit: str
    current_value: float
    value: float | None
    reason: str
    lower: float
    upper: float
    curve: list[CurvePoint] = field(default_factory=list)
    # with no break-even on ``param``: the break-even of each top Sobol driver of the scenario's [uncertainty]
    closing_the_gap: list[Breakeven] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "param": self.param,
            "value": self.value,
            "unit": self.unit,
            "current_value": self.current_value,
            "reason": self.reason,
            "range": [self.lower, self.upper],
            "curve": [
                {
                    "value": p.value,
                    "orbit_usd_per_gpu_hour": p.orbit_usd_per_gpu_hour,
                    "ground_usd_per_gpu_hour": p.ground_usd_per_gpu_hour,
                    "reason": p.reason,
                }
                for p in self.curve
            ],
            "closing_the_gap": [
                {"param": b.param, "value": b.value, "unit": b.unit, "current_value": b.current_value,
                 "reason": b.reason}
                for b in self.closing_the_gap
            ],
        }  # fmt: skip


@dataclass(frozen=True)
class LaunchPriceCurve:
    """$/GPU-hour in orbit against the launch price, the ground line and the break-even price.

    ``breakeven_usd_per_kg`` is ``None`` (with ``reason``) when the curves do not cross in the range.
    """

    prices_usd_per_kg: np.ndarray
    orbit_usd_per_gpu_hour: np.ndarray
    ground_usd_per_gpu_hour: float
    current_usd_per_kg: float
    breakeven_usd_per_kg: float | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "breakeven_usd_per_kg": self.breakeven_usd_per_kg,
            "current_usd_per_kg": self.current_usd_per_kg,
            "reason": self.reason,
            "ground_usd_per_gpu_hour": self.ground_usd_per_gpu_hour,
            "prices_usd_per_kg": [float(x) for x in self.prices_usd_per_kg],
            "orbit_usd_per_gpu_hour": [float(x) for x in self.orbit_usd_per_gpu_hour],
        }


__all__ = ["Breakeven", "CurvePoint", "LaunchPriceCurve"]
