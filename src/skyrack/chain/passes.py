"""Ground-station passes of a scenario's satellites: when each satellite rises above and sets below a station's
elevation mask (AOS, LOS) and how high it climbs.

Orchestration only: satellite positions come from SGP4 for a ``tle`` orbit (the real element sets,
:func:`~skyrack.astro.tle.propagate_satellites_eci`) and from the circular J2 orbits of
:mod:`skyrack.models.orbits` otherwise (:func:`~skyrack.astro.orbits.propagate_circular_j2`); the passes are
found and refined by :func:`~skyrack.astro.ground.pass_table` (WGS-84 stations, topocentric elevation,
AOS/LOS refined between samples).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Final

import numpy as np
from numpy.typing import NDArray

from skyrack.astro.ground import PassTable, pass_table
from skyrack.astro.orbits import propagate_circular_j2
from skyrack.astro.time import julian_date_utc
from skyrack.astro.tle import SatelliteCatalog, propagate_satellites_eci
from skyrack.chain.budget import check_memory, passes_estimate
from skyrack.errors import SkyrackInputError
from skyrack.models.orbits import fleet_orbits
from skyrack.results.passes import Pass, Passes, Station
from skyrack.scenario import Scenario

# Default elevation mask [deg]: ground stations are typically worked above 5°–10° of elevation, where terrain,
# multipath and atmospheric loss stay small (Wertz & Larson, SMAD 3rd ed. (1999), §5.2, minimum elevation
# angle ε_min; 10° is the usual TT&C planning mask).
DEFAULT_MASK_DEG: Final = 10.0
# Default sampling step [s]: half of the 60 s that :func:`skyrack.astro.ground.pass_table` needs for LEO so
# that no pass falls between samples (a LEO pass above 10° lasts several minutes).
DEFAULT_STEP_S: Final = 30.0
# Largest sampling step accepted [s]: pass_table's 60 s LEO limit (see its docstring).
MAX_STEP_S: Final = 60.0
MIN_STEP_S: Final = 1.0
# Longest prediction [d]: a year; SGP4 element sets are good for days to weeks (Vallado et al. 2006), circular
# J2 orbits drift along the track over weeks, so longer windows say little.
MAX_DAYS: Final = 366.0
# Station heights accepted [m]: from the Dead Sea shore (≈ −430 m) to above Everest's 8,849 m (Nepal/China
# survey 2020), with margin.
MIN_HEIGHT_M: Final = -500.0
MAX_HEIGHT_M: Final = 9000.0
# Satellites propagated together (memory ≈ chunk × samples × 3 × 8 bytes: 256 × 2,881 ≈ 18 MB per day at 30 s).
CHUNK_SATELLITES: Final = 256

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_STATION = re.compile(rf"^\s*(?:(?P<name>[^=]+?)\s*=\s*)?(?P<lat>{_NUMBER})\s*,\s*(?P<lon>{_NUMBER})"
                      rf"(?:\s*,\s*(?P<h>{_NUMBER}))?\s*$")  # fmt: skip
_STATION_HELP: Final = (
    "a station as LAT,LON or LAT,LON,HEIGHT_M (degrees north and east, metres above the WGS-84 ellipsoid), "
    "optionally named NAME=LAT,LON, e.g. 78.23,15.41 or Svalbard=78.23,15.41,500 (the catalog's ground sites "
    "have no coordinates)"
)


def parse_station(text: str) -> Station:
    """Read ``LAT,LON[,HEIGHT_M]`` or ``NAME=LAT,LON[,HEIGHT_M]`` (degrees, metres).

    Raises
    ------
    SkyrackInputError
        Naming ``--station``, the text and what would be valid.
    """
    m = _STATION.match(text)
    if m is None:
        raise SkyrackInputError("--station", text, _STATION_HELP)
    lat, lon = float(m.group("lat")), float(m.group("lon"))
    height = float(m.group("h")) if m.group("h") is not None else 0.0
    if not -90.0 <= lat <= 90.0:
        raise SkyrackInputError("--station", text, f"latitude {lat:g} must be between -90 and 90 deg")
    if not -180.0 <= lon <= 360.0:
        raise SkyrackInputError("--station", text, f"longitude {lon:g} must be between -180 and 360 deg")
    if not MIN_HEIGHT_M <= height <= MAX_HEIGHT_M:
        raise SkyrackInputError(
            "--station", text, f"height {height:g} m must be between {MIN_HEIGHT_M:g} and {MAX_HEIGHT_M:g} m"
        )
    name = m.group("name") or f"{lat:g},{lon:g}"
    return Station(name.strip(), lat, lon, height)


def _check(days: float, mask_deg: float, step_s: float) -> None:
    if not 0.0 < days <= MAX_DAYS:
        raise SkyrackInputError("--days", days, f"must be more than 0 and at most {MAX_DAYS:g} days")
    if not 0.0 <= mask_deg < 90.0:
        raise SkyrackInputError("--mask", mask_deg, "the elevation mask must be between 0 and 90 deg")
    if not MIN_STEP_S <= step_s <= MAX_STEP_S:
        raise SkyrackInputError(
            "--step",
            step_s,
            f"must be from {MIN_STEP_S:g} s to {MAX_STEP_S:g} s (coarser steps miss LEO passes; "
            "AOS and LOS are refined between samples, so finer ones add nothing)",
        )


PositionSlice = Callable[[int, int], NDArray[np.float64]]


def _positions(
    scenario: Scenario, t_s: NDArray[np.float64], jd: NDArray[np.float64]
) -> tuple[list[str], PositionSlice, str]:
    """Satellite names, a function (start, stop) → positions [m] (n, T, 3) of that slice, and the model used."""
    orbit = scenario.orbit
    n_sat = scenario.fleet.satellites
    if orbit.kind == "tle":
        cat = orbit.tle_satellites()
        names, sats = cat.names[:n_sat], cat.satrecs[:n_sat]

        def tle_slice(a: int, b: int) -> NDArray[np.float64]:
            r, _, _ = propagate_satellites_eci(SatelliteCatalog(names[a:b], sats[a:b]).satrec_array(), jd)
            return r  # NaN where SGP4 fails (e.g. decayed): no pass is found there

        return list(names), tle_slice, "sgp4 (element sets of orbit.file)"
    fo = fleet_orbits(scenario)

    def circular_slice(a: int, b: int) -> NDArray[np.float64]:
        sl = slice(a, b)
        r, _ = propagate_circular_j2(
            fo.semi_major_axis_m[sl], fo.inclination_rad[sl], fo.raan0_rad[sl], fo.arg_latitude0_rad[sl], t_s
        )
        return r

    return list(fo.names), circular_slice, "circular orbits with J2 secular drift"


def passes(
    scenario: Scenario,
    stations: Sequence[str | Station],
    days: float = 1.0,
    mask_deg: float = DEFAULT_MASK_DEG,
    step_s: float = DEFAULT_STEP_S,
    max_memory_bytes: float | None = None,
) -> Passes:
    """Passes of the scenario's satellites over ground stations from the scenario start for ``days``.

    Parameters
    ----------
    scenario
        Any orbit kind: ``tle`` satellites are propagated with SGP4 from their element sets; the others fly
        the circular J2 orbits of :func:`skyrack.models.orbits.fleet_orbits` (for ``sso`` and ``circular``,
        ``simulation.phasing`` sets where the satellites are along the orbit).
    stations
        :class:`Station` objects or texts ``LAT,LON[,HEIGHT_M]`` / ``NAME=LAT,LON[,HEIGHT_M]`` (see
        :func:`parse_station`).
    days
        Length of the window [d] from ``scenario.start``.
    mask_deg
        Elevation mask [deg] (default :data:`DEFAULT_MASK_DEG`).
    step_s
        Sampling step [s] (≤ 60 s); AOS, LOS and the maximum are refined between samples.

    Returns
    -------
    Passes
        Sorted by AOS, then satellite and station. Passes cut by the window's ends are flagged.

    Notes
    -----
    Elevation from WGS-84 station positions rotated to the inertial frame with UT1 ≈ UTC; against Skyfield's
    ``find_events`` the AOS/LOS agree within 1 s (``tests/test_passes.py``). Atmospheric refraction is
    ignored (it lifts a satellite at 10° by ≈ 0.1°, a few seconds earlier AOS).
    """
    sta = [s if isinstance(s, Station) else parse_station(s) for s in stations]
    if not sta:
        raise SkyrackInputError("--station", None, f"missing; give at least one, {_STATION_HELP}")
    _check(days, mask_deg, step_s)
    samples = math.floor(days * 86400.0 / step_s) + 1
    check_memory(passes_estimate(min(CHUNK_SATELLITES, scenario.fleet.satellites), samples, len(sta)), max_memory_bytes)
    start = scenario.scenario.start
    t = np.arange(0.0, days * 86400.0 + step_s / 2, step_s)
    t = t[t <= days * 86400.0 + 1e-9]
    jd = np.asarray(julian_date_utc(start, t), dtype=np.float64)
    names, positions, model = _positions(scenario, t, jd)
    lat = np.radians([s.latitude_deg for s in sta])
    lon = np.radians([s.longitude_deg for s in sta])
    hgt = np.array([s.height_m for s in sta])
    tables: list[PassTable] = []
    for a in range(0, len(names), CHUNK_SATELLITES):
        b = min(a + CHUNK_SATELLITES, len(names))
        pt = pass_table(t, positions(a, b), lat, lon, hgt, jd, math.radians(mask_deg))
        tables.append(pt._replace(satellite=pt.satellite + a))
    found: list[Pass] = []
    for pt in tables:
        for k in range(pt.satellite.size):
            aos, los = float(pt.aos_s[k]), float(pt.los_s[k])
            found.append(
                Pass(
                    satellite=names[int(pt.satellite[k])],
                    station=sta[int(pt.station[k])].name,
                    aos_utc=start + timedelta(seconds=aos),
                    los_utc=start + timedelta(seconds=los),
                    duration_s=los - aos,
                    max_elevation_deg=math.degrees(float(pt.max_elevation_rad[k])),
                    max_elevation_utc=start + timedelta(seconds=float(pt.max_elevation_s[k])),
                    aos_clipped=bool(pt.aos_clipped[k]),
                    los_clipped=bool(pt.los_clipped[k]),
                )
            )
    found.sort(key=lambda p: (p.aos_utc, p.satellite, p.station))
    return Passes(scenario.scenario.name, start, days, mask_deg, step_s, model, sta, names, found)


__all__ = ["DEFAULT_MASK_DEG", "DEFAULT_STEP_S", "Pass", "Passes", "Station", "parse_station", "passes"]
