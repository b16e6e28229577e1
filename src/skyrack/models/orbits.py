"""The orbit of every satellite of a scenario, as circular orbits with J2 secular drift.

One place turns ``[orbit]`` and ``[fleet]`` into per-satellite orbits for the design survey, the simulator and
the pass predictor:

- ``sso`` / ``circular``: one plane; the satellites fly together or spread along it
  (``simulation.phasing``).
- ``walker``: :func:`~skyrack.astro.constellations.walker_delta_elements` or
  :func:`~skyrack.astro.constellations.walker_star_elements` (i: T/P/F), RAAN of the first plane from
  ``raan`` or ``ltan``.
- ``tle``: the first ``fleet.satellites`` element sets of ``orbit.file``, each replaced by its
  *circular equivalent* at the scenario start (see :func:`tle_circular_equivalents`).

Orchestration only: the physics is in :mod:`skyrack.astro`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np
from numpy.typing import NDArray

from skyrack.astro.constellations import walker_delta_elements, walker_star_elements
from skyrack.astro.frames import rotate, teme_to_eci_matrix
from skyrack.astro.orbits import circular_j2_rates_rad_per_s, raan_from_ltan_rad, sso_inclination_rad
from skyrack.astro.time import julian_date_utc
from skyrack.astro.tle import SatelliteCatalog, propagate_satellites_eci
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, MU_EARTH_M3_PER_S2
from skyrack.errors import SkyrackInputError, SkyrackWarning

if TYPE_CHECKING:
    from skyrack.scenario import Scenario

# Largest mean eccentricity accepted for the circular equivalent of an element set: at e = 0.05 a LEO radius
# swings by ±5% (±350 km at 7,000 km), beyond which the circular eclipse and period are not a fair stand-in
# (modelling bound chosen here, not a published figure; near-circular LEO sets have e ≲ 0.005).
MAX_TLE_ECCENTRICITY: Final = 0.05
# Element sets further than this from the scenario start draw a warning [days]: SGP4's error grows with the time
# from the epoch (drag and unmodelled manoeuvres making it worse in LEO), and catalogue element sets are refitted
# every few days; a month is well past their useful life (judgement, not a published bound).
TLE_EPOCH_WARNING_DAYS: Final = 30.0


@dataclass(frozen=True)
class FleetOrbits:
    """Circular orbits of the N satellites flown, at the scenario start (t = 0), with their J2 rates.

    ``group`` numbers the distinct orbit planes: 0 for every satellite of an sso or circular orbit, the plane
    index for a Walker constellation, the satellite index for satellites from a TLE file (each its own plane).
    """

    kind: str
    names: tuple[str, ...]
    semi_major_axis_m: NDArray[np.float64]
    inclination_rad: NDArray[np.float64]
    raan0_rad: NDArray[np.float64]
    arg_latitude0_rad: NDArray[np.float64]
    raan_dot_rad_per_s: NDArray[np.float64]
    arg_latitude_dot_rad_per_s: NDArray[np.float64]
    group: NDArray[np.int64]
    group_names: tuple[str, ...]
    description: str

    @property
    def count(self) -> int:
        """Number of satellites N."""
        return len(self.names)

    @property
    def altitude_m(self) -> NDArray[np.float64]:
        """Altitude above the equatorial radius [m], shape (N,)."""
        return np.asarray(self.semi_major_axis_m - EARTH_EQUATORIAL_RADIUS_M, dtype=np.float64)

    def group_first(self) -> NDArray[np.int64]:
        """Index of the first satellite of each group, shape (G,)."""
        _, first = np.unique(self.group, return_index=True)
        return np.asarray(first, dtype=np.int64)

    def group_sizes(self) -> NDArray[np.int64]:
        """Satellites in each group, shape (G,)."""
        return np.asarray(np.bincount(self.group, minlength=len(self.group_names)), dtype=np.int64)


def _raan0(scenario: Scenario) -> float:
    orbit = scenario.orbit
    if orbit.ltan_h is not None:
        return float(raan_from_ltan_rad(orbit.ltan_h, julian_date_utc(scenario.scenario.start, 0.0)))
    return orbit.raan_rad or 0.0


def _assemble(
    kind: str,
    names: tuple[str, ...],
    a: NDArray[np.float64],
    inc: NDArray[np.float64],
    raan0: NDArray[np.float64],
    u0: NDArray[np.float64],
    group: NDArray[np.int64],
    group_names: tuple[str, ...],
    description: str,
) -> FleetOrbits:
    raan_dot, u_dot = circular_j2_rates_rad_per_s(a, inc)
    return FleetOrbits(
        kind,
        names,
        np.asarray(a, dtype=np.float64),
        np.asarray(inc, dtype=np.float64),
        np.mod(np.asarray(raan0, dtype=np.float64), 2.0 * math.pi),
        np.mod(np.asarray(u0, dtype=np.float64), 2.0 * math.pi),
        np.asarray(raan_dot, dtype=np.float64),
        np.asarray(u_dot, dtype=np.float64),
        np.asarray(group, dtype=np.int64),
        group_names,
        description,
    )


def tle_circular_equivalents(
    catalog: SatelliteCatalog, jd_start_utc: float, source: str = "orbit.file"
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Circular orbits standing in for element sets, at a start epoch, in skyrack's inertial frame.

    Parameters
    ----------
    catalog
        Satellites (python-sgp4 ``Satrec``), N of them.
    jd_start_utc
        Start epoch, Julian date UTC [days].
    source
        Field named in error messages.

    Returns
    -------
    a_m, inclination_rad, raan_rad, arg_latitude_rad : ndarray
        Shape (N,): radius, plane and argument of latitude at the start.

    Notes
    -----
    Approximation: the orbit is taken as circular (mean eccentricity ≤ :data:`MAX_TLE_ECCENTRICITY`, checked).

    - Radius: the mean semi-major axis from the Brouwer ("un-Kozai'd") mean motion n of SGP4's initialisation,
      a = (μ / n²)^(1/3) (Kepler's third law; Vallado et al. 2006, AIAA 2006-6753).
    - Plane: the mean inclination i and the mean RAAN carried from the element-set epoch to the start with the
      first-order J2 secular rate (Vallado 2013, eq. 9-41, e = 0), in TEME; the plane normal is rotated to
      the common inertial frame with :func:`~skyrack.astro.frames.teme_to_eci_matrix` at the start.
    - Phase: the argument of latitude of the SGP4 position at the start (TEME → inertial), measured in that
      plane from the ascending node.

    Over the following days the circular J2 propagation drifts from SGP4 along the track (drag, the
    eccentricity, short-period terms), but the plane, hence the beta angle and the eclipse, stays right to
    ≪ 1° over months in LEO.
    """
    sats = catalog.satrecs
    n = len(sats)
    ecc = np.array([s.ecco for s in sats], dtype=np.float64)
    bad = np.nonzero(~(ecc <= MAX_TLE_ECCENTRICITY))[0]
    if bad.size:
        k = int(bad[0])
        raise SkyrackInputError(
            source,
            catalog.names[k],
            f"eccentricity {ecc[k]:.3f}: skyrack models near-circular orbits (e ≤ {MAX_TLE_ECCENTRICITY}); "
            "remove this satellite from the file",
        )
    n_rad_per_s = np.array([s.no for s in sats], dtype=np.float64) / 60.0  # SGP4 keeps n in rad/min
    a = np.cbrt(MU_EARTH_M3_PER_S2 / (n_rad_per_s * n_rad_per_s))
    inc = np.array([s.inclo for s in sats], dtype=np.float64)
    epoch = catalog.epoch_jd_utc()
    raan_dot, _ = circular_j2_rates_rad_per_s(a, inc)
    raan_teme = np.array([s.nodeo for s in sats], dtype=np.float64) + raan_dot * (jd_start_utc - epoch) * 86400.0
    si = np.sin(inc)
    h_teme = np.stack([si * np.sin(raan_teme), -si * np.cos(raan_teme), np.cos(inc)], axis=-1)  # (N, 3)
    m = teme_to_eci_matrix(np.array([jd_start_utc]))[0]
    h = np.asarray(rotate(m, h_teme), dtype=np.float64)
    inc_eci = np.arccos(np.clip(h[:, 2], -1.0, 1.0))
    raan_eci = np.arctan2(h[:, 0], -h[:, 1])
    r, _, err = propagate_satellites_eci(catalog.satrec_array(), np.array([jd_start_utc]))
    failed = np.nonzero(err[:, 0] != 0)[0]
    if failed.size:
        k = int(failed[0])
        raise SkyrackInputError(
            source,
            catalog.names[k],
            f"SGP4 cannot propagate this satellite to the scenario start (error {int(err[k, 0])}: decayed or "
            "a bad element set); remove it or move scenario.start nearer its epoch",
        )
    pos = r[:, 0, :]
    node = np.stack([np.cos(raan_eci), np.sin(raan_eci), np.zeros(n)], axis=-1)
    in_plane = np.cross(h, node)  # node rotated by 90° in the orbit plane, towards the motion
    u0 = np.arctan2(np.sum(pos * in_plane, axis=-1), np.sum(pos * node, axis=-1))
    return a, inc_eci, raan_eci, np.mod(u0, 2.0 * math.pi)


def _warn_old_element_sets(catalog: SatelliteCatalog, jd_start_utc: float) -> None:
    """One :class:`~skyrack.errors.SkyrackWarning` when an element set's epoch is far from the scenario start."""
    offset_days = np.abs(jd_start_utc - catalog.epoch_jd_utc())
    far = int(np.count_nonzero(offset_days > TLE_EPOCH_WARNING_DAYS))
    if far:
        warnings.warn(
            f"orbit.file: {far} of {len(catalog)} satellites have element sets more than "
            f"{TLE_EPOCH_WARNING_DAYS:g} days from scenario.start (up to {float(offset_days.max()):,.0f} days); "
            "SGP4's accuracy degrades with the time from an element set's epoch, so use element sets from near "
            "the start",
            SkyrackWarning,
            stacklevel=3,
        )


def fleet_orbits(scenario: Scenario) -> FleetOrbits:
    """Per-satellite circular orbits of the scenario's fleet at its start (see the module docstring).

    An sso orbit too high to be sun-synchronous gets a NaN inclination (the design reports it; the simulator
    refuses it).
    """
    orbit = scenario.orbit
    n_sat = scenario.fleet.satellites
    if orbit.kind == "tle":
        catalog = orbit.tle_satellites()
        catalog = SatelliteCatalog(catalog.names[:n_sat], catalog.satrecs[:n_sat], catalog.catalog_numbers[:n_sat])
        jd0 = float(julian_date_utc(scenario.scenario.start, 0.0))
        _warn_old_element_sets(catalog, jd0)
        a_t, inc_t, raan_t, u_t = tle_circular_equivalents(catalog, jd0)
        names = tuple(catalog.names)
        file_name = orbit.file.name if orbit.file is not None else "?"
        return _assemble(
            "tle", names, a_t, inc_t, raan_t, u_t, np.arange(n_sat), names, f"{n_sat} satellites from {file_name} (TLE)"
        )
    assert orbit.altitude_m is not None  # Orbit validation: required for every other kind
    a_m = EARTH_EQUATORIAL_RADIUS_M + orbit.altitude_m
    raan0 = _raan0(scenario)
    if orbit.kind == "walker":
        assert orbit.total is not None and orbit.planes is not None and orbit.phasing is not None
        assert orbit.inclination_rad is not None
        make = walker_star_elements if orbit.walker_pattern == "star" else walker_delta_elements
        el = make(orbit.total, orbit.planes, orbit.phasing, orbit.inclination_rad, a_m, raan0)
        per_plane = orbit.total // orbit.planes
        plane = np.arange(orbit.total) // per_plane
        names = tuple(
            f"plane {j + 1} slot {k + 1}" for j, k in zip(plane, np.arange(orbit.total) % per_plane, strict=True)
        )
        notation = (
            f"Walker {orbit.walker_pattern} {math.degrees(orbit.inclination_rad):g}°: "
            f"{orbit.total}/{orbit.planes}/{orbit.phasing}"
        )
        return _assemble(
            "walker",
            names,
            el.semi_major_axis_m,
            el.inclination_rad,
            el.raan_rad,
            el.mean_anomaly_rad,  # e = 0, ω = 0: the mean anomaly is the argument of latitude
            plane,
            tuple(f"plane {j + 1}" for j in range(orbit.planes)),
            notation,
        )
    if orbit.kind == "sso":
        inc = float(sso_inclination_rad(a_m))
    else:
        assert orbit.inclination_rad is not None
        inc = orbit.inclination_rad
    spread = scenario.simulation.phasing == "spread"
    u0 = 2.0 * math.pi * np.arange(n_sat) / n_sat if spread else np.zeros(n_sat)
    return _assemble(
        orbit.kind,
        tuple(f"satellite {k + 1}" for k in range(n_sat)),
        np.full(n_sat, a_m),
        np.full(n_sat, inc),
        np.full(n_sat, raan0),
        u0,
        np.zeros(n_sat, dtype=np.int64),
        ("plane 1",),
        f"one {orbit.kind} plane, {n_sat} satellites {'spread along it' if spread else 'together'}",
    )


__all__ = ["MAX_TLE_ECCENTRICITY", "TLE_EPOCH_WARNING_DAYS", "FleetOrbits", "fleet_orbits", "tle_circular_equivalents"]
