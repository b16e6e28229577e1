"""The upper atmosphere as the drag model needs it: a mean density profile for the scenario's solar activity.

Densities from NRLMSIS 2.1 (Emmert et al. 2022, Earth and Space Science 9, e2021EA002201) through the ``pymsis``
package, run offline with the solar and geomagnetic indices given here, not downloaded. Solar activity levels are
ECSS-E-ST-10-04C (2008, *Space environment*), Table 6-3, long-term values, which the standard says to use for
daily and 81-day F10.7 alike in runs longer than a week: low F10.7 = 65 sfu, Ap = 0; moderate 140, 15; high 250,
45 (read through public code that cites the table; parameters.md has no entry).

The density at one altitude is the cosine-of-latitude-weighted mean over the globe (15° × 30° grid) at noon UTC
of the scenario's start date: a satellite sweeps every local time each orbit, so the day-night bulge averages
out, and the mean over the globe stands for the mean over an orbit of any inclination to within the bulge's
latitude structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

SolarActivity = Literal["low", "moderate", "high"]

# ECSS-E-ST-10-04C Table 6-3, long-term: (F10.7 daily = 81-day mean [sfu], Ap).
SOLAR_ACTIVITY_INDICES: Final[dict[str, tuple[float, float]]] = {
    "low": (65.0, 0.0),
    "moderate": (140.0, 15.0),
    "high": (250.0, 45.0),
}
# Altitudes of the profile: from below the Kármán line to above every orbit the design accepts (2,000 km).
PROFILE_ALTITUDES_M: Final = np.concatenate([np.arange(90e3, 1000e3, 10e3), np.arange(1000e3, 2050e3, 50e3)])


@dataclass(frozen=True)
class Atmosphere:
    """Mean density against altitude for one solar activity level."""

    activity: str
    altitudes_m: NDArray[np.float64]
    density_kg_per_m3: NDArray[np.float64]

    def density_at(self, altitude_m: float) -> float:
        """Log-linear interpolation of the profile [kg/m³]."""
        return float(np.exp(np.interp(altitude_m, self.altitudes_m, np.log(self.density_kg_per_m3))))


@lru_cache(maxsize=8)
def _profile(activity: str, day: str) -> tuple[float, ...]:
    import pymsis  # imported here: only the drag figures of a design need it

    f107, ap = SOLAR_ACTIVITY_INDICES[activity]
    lats = np.arange(-82.5, 90.0, 15.0)
    lons = np.arange(0.0, 360.0, 30.0)
    dates = np.array([f"{day}T12:00"], dtype="datetime64[s]")
    out = pymsis.calculate(
        dates, lons, lats, PROFILE_ALTITUDES_M / 1e3, f107s=[f107], f107as=[f107], aps=[[ap] * 7], version=2.1
    )
    rho = np.asarray(out[..., pymsis.Variable.MASS_DENSITY], dtype=float).reshape(lons.size, lats.size, -1)
    weights = np.cos(np.radians(lats))[np.newaxis, :, np.newaxis]
    mean = (rho * weights).sum(axis=(0, 1)) / (weights.sum() * lons.size)
    return tuple(float(x) for x in mean)


def atmosphere_model(activity: str, start: datetime) -> Atmosphere:
    """The mean density profile for ``activity`` ('low', 'moderate', 'high') on the day of ``start``."""
    return Atmosphere(activity, PROFILE_ALTITUDES_M, np.array(_profile(activity, start.date().isoformat())))


__all__ = ["PROFILE_ALTITUDES_M", "SOLAR_ACTIVITY_INDICES", "Atmosphere", "SolarActivity", "atmosphere_model"]
