"""Helpers shared by the economics kernels: safe division, yearly periods and common constants (the float cast
``as_float`` is :mod:`skyrack.arrays`'s)."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from skyrack.arrays import FloatArray, as_float

# Hours in a 365-day year [h]. Energy-economics convention (EIA tariffs; Suncatcher arXiv 2511.19468
# §2.4 and the Starcloud white paper use 8,760 h when they quote $/kW/yr and 10-year energy spend).
HOURS_PER_YEAR: Final = 8760.0

# Seconds in one hour [s]; exact.
SECONDS_PER_HOUR: Final = 3600.0

# One exaFLOP [FLOP]; SI prefix exa = 1e18 (BIPM SI Brochure, 9th ed., 2019).
FLOP_PER_EXAFLOP: Final = 1.0e18

# Watt-hours per megawatt-hour [Wh/MWh]; exact.
WH_PER_MWH: Final = 1.0e6

# Litres per cubic metre [L/m^3]; exact.
L_PER_M3: Final = 1000.0


def safe_divide(num: ArrayLike, den: ArrayLike) -> FloatArray:
    """Element-wise ``num / den`` that gives NaN (not a warning or an exception) where ``den == 0``."""
    n = as_float(num)
    d = as_float(den)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.divide(n, d)
    return as_float(np.where(d == 0.0, np.nan, out))


def year_edges(horizon_years: ArrayLike) -> FloatArray:
    """Edges of the yearly periods ``[k, k+1)`` cut at each sample's horizon, on a new last axis.

    Parameters
    ----------
    horizon_years : array_like
        Analysis horizon per sample [year], > 0 (fractional allowed).

    Returns
    -------
    numpy.ndarray
        ``min(j, horizon)`` for ``j = 0 .. K`` with ``K = ceil(max(horizon))`` [year], shape
        ``horizon.shape + (K + 1,)``; period ``k`` runs from edge ``k`` to edge ``k + 1`` and periods
        after the horizon have zero length.
    """
    h = as_float(horizon_years)
    finite = h[np.isfinite(h)]
    n_years = max(int(np.ceil(finite.max())) if finite.size else 0, 1)
    j = np.arange(n_years + 1, dtype=np.float64)
    return as_float(np.minimum(j, h[..., np.newaxis]))


def year_sum(x: ArrayLike) -> FloatArray:
    """Sum over the last (year) axis; a matrix-vector product, much faster than ``sum`` on short axes."""
    a = as_float(x)
    return as_float(a @ np.ones(a.shape[-1]))
