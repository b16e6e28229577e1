"""Radiation: the trapped-particle dose table, fault rates per rad, and Poisson fault events.

Dose (:class:`TrappedDoseTable`): the orbit-averaged dose rate at the centre of solid aluminium spheres from
NASA's AP8/AE8 trapped-particle models through SHIELDOSE-2, tabulated by ``design/trapped_dose_table.py`` over
altitude 300–2,000 km, inclination 0–90° (i and 180° − i cross the same belts), shielding 0.5–100 mm Al and
solar minimum and maximum, for protons, electrons and bremsstrahlung separately. Between the nodes the log of
each part is interpolated linearly in altitude, inclination, log depth and solar phase (the design script
prints the error against the model at points between the nodes). Outside the table the model refuses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from skyrack.errors import SkyrackInputError

RAD_SI_GY: Final = 0.01  # 1 rad = 0.01 Gy (NIST SP 811, 2008)
# Floor of the interpolated doses [rad/yr]: electron doses behind thick shields are zero in the table, and a
# log needs a floor; 1e-6 rad/yr is a millionth of the smallest dose anyone designs against.
_FLOOR_RAD_PER_YR: Final = 1e-6


@dataclass(frozen=True)
class DoseRow:
    """A published dose figure (catalog ``dose-*``): validation points for the model table."""

    name: str
    altitude_m: float
    inclination_rad: float
    shielding_m: float
    dose_rate_gy_per_s: float


@dataclass(frozen=True)
class TrappedDose:
    """Orbit-averaged trapped-particle dose rate behind the shielding [rad(Si)/yr], by part."""

    proton_rad_per_year: float
    electron_rad_per_year: float
    bremsstrahlung_rad_per_year: float

    @property
    def total_rad_per_year(self) -> float:
        return self.proton_rad_per_year + self.electron_rad_per_year + self.bremsstrahlung_rad_per_year

    def parts(self) -> tuple[float, float, float]:
        return (self.proton_rad_per_year, self.electron_rad_per_year, self.bremsstrahlung_rad_per_year)


def _bracket(grid: NDArray[np.float64], x: float) -> tuple[int, float]:
    """Index of the cell holding x and the weight of its upper node (x within the grid)."""
    k = int(np.clip(np.searchsorted(grid, x, side="right") - 1, 0, grid.size - 2))
    return k, float((x - grid[k]) / (grid[k + 1] - grid[k]))


@dataclass(frozen=True)
class TrappedDoseTable:
    """The AP8/AE8 + SHIELDOSE-2 table on its grid: log dose [ln rad/yr], (altitude, inclination, depth, solar, part)."""

    altitude_m: NDArray[np.float64]
    inclination_rad: NDArray[np.float64]
    log_depth: NDArray[np.float64]  # ln(shielding / 1 m)
    log_dose: NDArray[np.float64]

    @classmethod
    def from_rows(cls, rows: list[tuple[float, float, str, float, float, float, float]]) -> TrappedDoseTable:
        """From rows (altitude km, inclination deg, 'min'|'max', shielding mm, proton, electron, brems rad/yr)."""
        alts = np.array(sorted({r[0] for r in rows}))
        incs = np.array(sorted({r[1] for r in rows}))
        depths = np.array(sorted({r[3] for r in rows}))
        cube = np.full((alts.size, incs.size, depths.size, 2, 3), np.nan)
        for alt, inc, solar, depth, *parts in rows:
            idx = (
                int(np.searchsorted(alts, alt)),
                int(np.searchsorted(incs, inc)),
                int(np.searchsorted(depths, depth)),
                0 if solar == "min" else 1,
            )
            cube[idx] = np.log(np.maximum(parts, _FLOOR_RAD_PER_YR))
        if np.isnan(cube).any():
            raise ValueError("the trapped dose table is not a full grid")
        return cls(alts * 1e3, np.radians(incs), np.log(depths * 1e-3), cube)

    def check(self, altitude_m: float, shielding_m: float, altitude_field: str = "orbit.altitude") -> None:
        """Refuse an orbit or shielding outside the table, naming the field and the valid range."""
        lo, hi = self.altitude_m[0], self.altitude_m[-1]
        if not lo - 1.0 <= altitude_m <= hi + 1.0:
            raise SkyrackInputError(
                altitude_field,
                f"{altitude_m / 1e3:g} km",
                f"the trapped-particle dose table (AP8/AE8) covers {lo / 1e3:g}–{hi / 1e3:g} km; set "
                "radiation.dose_rate for this orbit",
            )
        dlo, dhi = math.exp(self.log_depth[0]), math.exp(self.log_depth[-1])
        if not dlo * (1 - 1e-9) <= shielding_m <= dhi * (1 + 1e-9):
            raise SkyrackInputError(
                "radiation.shielding",
                f"{shielding_m * 1e3:g} mm",
                f"the dose table covers {dlo * 1e3:g}–{dhi * 1e3:g} mm Al; choose a thickness in that range or set "
                "radiation.dose_rate",
            )

    def dose_rad_per_year(
        self, altitude_m: float, inclination_rad: float, shielding_m: float, solar_max_weight: float
    ) -> TrappedDose:
        """Dose behind ``shielding_m`` of Al on a circular orbit; ``solar_max_weight`` 0 at solar minimum, 1 at
        maximum (between: geometric interpolation of the two models)."""
        self.check(altitude_m, shielding_m)
        inc = min(inclination_rad % (2 * math.pi), 2 * math.pi - inclination_rad % (2 * math.pi))
        inc = min(inc, math.pi - inc)  # fold to [0, 90°]
        alt = float(np.clip(altitude_m, self.altitude_m[0], self.altitude_m[-1]))
        depth = float(np.clip(math.log(shielding_m), self.log_depth[0], self.log_depth[-1]))
        (ia, wa), (ii, wi), (idp, wd) = (
            _bracket(self.altitude_m, alt),
            _bracket(self.inclination_rad, inc),
            _bracket(self.log_depth, depth),
        )
        corner = self.log_dose[ia : ia + 2, ii : ii + 2, idp : idp + 2]  # (2, 2, 2, solar, part)
        w = np.array([1 - wa, wa])[:, None, None] * np.array([1 - wi, wi])[None, :, None] * np.array([1 - wd, wd])
        per_solar = np.einsum("ijk,ijksp->sp", w, corner)
        logs = (1 - solar_max_weight) * per_solar[0] + solar_max_weight * per_solar[1]
        doses = np.exp(logs)
        doses = np.where(doses <= _FLOOR_RAD_PER_YR * 1.0001, 0.0, doses)
        return TrappedDose(float(doses[0]), float(doses[1]), float(doses[2]))


# --------------------------------------------------------------------------------------------------
# The dose rate along the orbit: the South Atlantic Anomaly and the electron horns

# the map's grid (design/trapped_dose_table.py): latitude −90…90° by 5°, longitude −180…180° by 10°
MAP_LAT_STEP_DEG: Final = 5.0
MAP_LON_STEP_DEG: Final = 10.0


@dataclass(frozen=True)
class TrappedFluxMap:
    """Integral fluxes of trapped protons (> 50 MeV) and electrons (> 1 MeV) over latitude and longitude at a few
    altitudes [/cm²/s]: (altitude, particle 0 = proton / 1 = electron, latitude, longitude)."""

    altitude_m: NDArray[np.float64]
    flux: NDArray[np.float64]

    def at_altitude(self, altitude_m: float) -> NDArray[np.float64]:
        """Both particles' maps at ``altitude_m`` (log-linear between the map's altitudes, clamped at its ends):
        (particle, latitude, longitude)."""
        alt = float(np.clip(altitude_m, self.altitude_m[0], self.altitude_m[-1]))
        k, w = _bracket(self.altitude_m, alt)
        floor = 1e-9
        lo, hi = np.log(self.flux[k] + floor), np.log(self.flux[k + 1] + floor)
        out = np.exp((1 - w) * lo + w * hi) - floor
        # AP8/AE8 resolve no flux below 1 /cm²/s (the models' floor): what interpolates to far less is none
        return np.asarray(np.where(out < 1e-3, 0.0, out))


def map_value(grid: NDArray[np.float64], lat_rad: ArrayLike, lon_rad: ArrayLike) -> NDArray[np.float64]:
    """Bilinear value of one (latitude, longitude) map at geocentric latitude and longitude [rad] (vectorised)."""
    la = (np.degrees(np.asarray(lat_rad, dtype=float)) + 90.0) / MAP_LAT_STEP_DEG
    lo = (np.mod(np.degrees(np.asarray(lon_rad, dtype=float)) + 180.0, 360.0)) / MAP_LON_STEP_DEG
    i = np.clip(np.floor(la).astype(np.int64), 0, grid.shape[0] - 2)
    j = np.clip(np.floor(lo).astype(np.int64), 0, grid.shape[1] - 2)
    wi, wj = np.clip(la - i, 0.0, 1.0), np.clip(lo - j, 0.0, 1.0)
    return np.asarray(
        (1 - wi) * ((1 - wj) * grid[i, j] + wj * grid[i, j + 1])
        + wi * ((1 - wj) * grid[i + 1, j] + wj * grid[i + 1, j + 1])
    )


def orbit_mean_of_map(grid: NDArray[np.float64], inclination_rad: float, n_u: int = 360, n_node: int = 180) -> float:
    """Time mean of a map over a circular orbit of this inclination: uniform in argument of latitude and in
    Earth-fixed node (many days; the same sampling as the dose table's)."""
    u = (np.arange(n_u) + 0.5) * 2 * math.pi / n_u
    node = (np.arange(n_node) + 0.5) * 2 * math.pi / n_node
    uu, nn = np.meshgrid(u, node)
    lat = np.arcsin(math.sin(inclination_rad) * np.sin(uu))
    lon = nn + np.arctan2(math.cos(inclination_rad) * np.sin(uu), np.cos(uu))
    return float(np.mean(map_value(grid, lat, lon)))


# --------------------------------------------------------------------------------------------------
# Fault kinds and events

KIND_SDC: Final = 0
KIND_HBM: Final = 1
KIND_SEFI: Final = 2
KIND_HOST: Final = 3
KIND_PERMANENT: Final = 4
N_KINDS: Final = 5
KIND_NAMES: Final = (
    "silent_data_corruption",
    "hbm_uncorrectable",
    "functional_interrupt",
    "host_crash",
    "permanent_failures",
)


@dataclass(frozen=True)
class FaultRates:
    """Per-slot event rates [1/s]: per accelerator for SDC, HBM UE, SEFI and permanent failure; per host for
    host crashes."""

    per_slot_per_s: NDArray[np.float64]  # (N_KINDS,)
    accelerators_per_host: int

    def slots(self, accelerators: int) -> NDArray[np.int64]:
        hosts = -(-accelerators // self.accelerators_per_host)
        return np.array([accelerators, accelerators, accelerators, hosts, accelerators], dtype=np.int64)


def mean_surviving_fraction(hazard_per_s: float, period_s: float, cutoff_s: float = math.inf) -> float:
    """Mean over ``[0, period_s]`` of the fraction of units still working, for a constant hazard and no repair,
    all units failing at ``cutoff_s`` (e.g. when the total dose reaches the tolerance) [-].

    .. math:: \\bar A = \\frac{1}{T} \\int_0^{\\min(T, t_c)} e^{-\\lambda t} \\, dt
              = \\frac{1 - e^{-\\lambda \\tau}}{\\lambda T}, \\quad \\tau = \\min(T, t_c)

    (the exponential survival function of a constant hazard; e.g. Rausand & Høyland, *System Reliability
    Theory*, 2nd ed. (2004), §2.5). 1 for no hazard and no cutoff within the period.
    """
    if not period_s > 0.0:
        return 1.0
    tau = min(period_s, cutoff_s)
    if tau <= 0.0:
        return 0.0
    if hazard_per_s <= 0.0:
        return tau / period_s
    return float(-math.expm1(-hazard_per_s * tau) / (hazard_per_s * period_s))


def fault_rates(
    dose_rate_gy_per_s: float,
    per_rad: dict[str, float],
    permanent_per_s: float,
    accelerators_per_host: int,
) -> FaultRates:
    """Event rates from the dose rate and the per-rad cross-sections: λ = r_rad × Ḋ (+ the permanent rate)."""
    dose_rad_per_s = dose_rate_gy_per_s / RAD_SI_GY
    rates = np.array(
        [
            per_rad["silent_data_corruption"] * dose_rad_per_s,
            per_rad["hbm_uncorrectable"] * dose_rad_per_s,
            per_rad["functional_interrupt"] * dose_rad_per_s,
            per_rad["host_crash"] * dose_rad_per_s,
            permanent_per_s,
        ]
    )
    return FaultRates(rates, accelerators_per_host)


@dataclass(frozen=True)
class FaultEvents:
    """Candidate events of one chunk, sorted by step: step index in the chunk, offset in the step [s],
    satellite, kind and a uniform number that picks the slot (thinning by alive and running slots)."""

    step: NDArray[np.int64]
    offset_s: NDArray[np.float64]
    satellite: NDArray[np.int64]
    kind: NDArray[np.int64]
    u: NDArray[np.float64]
    v: NDArray[np.float64] | None = None  # a second uniform: thinning by the local single-event rate (the SAA)


def draw_fault_events(
    rng: np.random.Generator, rates: FaultRates, satellites: int, accelerators: int, steps: int, dt_s: float
) -> FaultEvents:
    """Draw every satellite's candidate fault events over ``steps`` steps (homogeneous Poisson processes).

    Each kind's events over all slots of the fleet form one Poisson process of rate λ × slots × satellites;
    its count over the chunk is Poisson and its times are uniform (order statistics). An event lands on a
    uniformly chosen slot; the engine keeps it only if that slot is alive (thinning), which is exact for a
    process whose rate is λ per alive slot (Lewis & Shedler, "Simulation of nonhomogeneous Poisson processes
    by thinning", Naval Res. Logistics Q. 26(3), 1979).
    """
    slots = rates.slots(accelerators)
    span = steps * dt_s
    parts: list[tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]] = []
    for kind in range(N_KINDS):
        lam = rates.per_slot_per_s[kind] * slots[kind] * satellites * span
        n = int(rng.poisson(lam)) if lam > 0 else 0
        times = rng.uniform(0.0, span, n)
        sats = rng.integers(0, satellites, n)
        parts.append((times, sats, np.full(n, kind, dtype=np.int64)))
    times = np.concatenate([p[0] for p in parts])
    sats = np.concatenate([p[1] for p in parts]).astype(np.int64)
    kinds = np.concatenate([p[2] for p in parts]).astype(np.int64)
    u = rng.uniform(0.0, 1.0, times.size)
    v = rng.uniform(0.0, 1.0, times.size)
    order = np.argsort(times, kind="stable")
    times, sats, kinds, u = times[order], sats[order], kinds[order], u[order]
    step = np.minimum((times // dt_s).astype(np.int64), steps - 1)
    return FaultEvents(step, times - step * dt_s, sats, kinds, u, v[order])


__all__ = [
    "KIND_NAMES",
    "DoseRow",
    "FaultEvents",
    "FaultRates",
    "TrappedDose",
    "TrappedDoseTable",
    "TrappedFluxMap",
    "draw_fault_events",
    "fault_rates",
    "map_value",
    "mean_surviving_fraction",
    "orbit_mean_of_map",
]
