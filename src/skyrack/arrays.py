"""Float casts shared by every layer: arrays of float64, the first element as a float, finite-or-None."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def as_float(x: ArrayLike) -> FloatArray:
    """``x`` as a float64 numpy array (no copy when it already is one)."""
    return np.asarray(x, dtype=np.float64)


def first_float(x: ArrayLike) -> float:
    """The first element of ``x`` (a scalar, or a broadcast array whose elements are equal) as a float."""
    return float(np.asarray(x, dtype=np.float64).reshape(-1)[0])


def finite_or_none(x: float) -> float | None:
    """``x`` as a float, or ``None`` for NaN and infinities (strict JSON has neither)."""
    value = float(x)
    return value if math.isfinite(value) else None


__all__ = ["FloatArray", "as_float", "finite_or_none", "first_float"]
