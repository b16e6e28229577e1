"""Radiation: dose rate from the sourced table, fault rates per rad, and Poisson fault events.

Dose table (catalog kind ``radiation``, entries named ``dose-*``, read by :mod:`skyrack.models.radiation`): each row is an orbit (altitude,
inclination), a shielding thickness and a dose rate in rad(Si)/yr. The table is sparse (three orbits from
Suncatcher and Barrett's AP8 figures), so the model is deliberately simple and says what it does:

1. **Shielding**, per orbit: log-linear interpolation of the dose between the orbit's rows; beyond its
   thickest row the dose stays at that row's value (dose-depth curves flatten beyond ~6 mm Al in LEO,
   APEXRAD 1998 — conservative); thinner than its thinnest row the orbit is left out, except that a single
   row thicker than the saturation thickness (catalog ``shielding-saturation``, 6.35 mm) holds from there on.
2. **Orbit**: inverse-distance weighting (Shepard 1968, power 2) of log dose over the orbits, in the
   normalised coordinates (altitude / 100 km, inclination / 30°). IDW reproduces every table point and
   never leaves the range of the data.
3. **Outside the table**: above the highest tabulated altitude the trapped-proton dose rises steeply
   (parameters.md: ~1–10 krad/yr at 1,000 km), so the model refuses and asks for ``radiation.dose_rate``;
   below the lowest altitude it uses the weighting as is (the dose falls with altitude, so this errs high).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from skyrack.errors import SkyrackInputError

RAD_SI_GY: Final = 0.01  # 1 rad = 0.01 Gy (NIST SP 811, 2008)
# Normalising lengths of the inverse-distance weighting: 100 km of altitude weighs like 30° of inclination
# (dose rates change by a factor ~2 over either at LEO; Barrett's 400 km/52° and 500 km/28.5° figures).
_ALT_SCALE_M: Final = 100e3
_INC_SCALE_RAD: Final = math.radians(30.0)


@dataclass(frozen=True)
class DoseRow:
    name: str
    altitude_m: float
    inclination_rad: float
    shielding_m: float
    dose_rate_gy_per_s: float


def _dose_at_shielding(rows: list[DoseRow], shielding_m: float, saturation_m: float = math.inf) -> float | None:
    """Log-linear in shielding between one orbit's rows; flat beyond the thickest; None below the thinnest.

    A thickest row beyond the saturation thickness stands for every thickness from the saturation on.
    """
    rows = sorted(rows, key=lambda r: r.shielding_m)
    thinnest = rows[0].shielding_m
    if len(rows) == 1 and thinnest > saturation_m:
        thinnest = saturation_m
    if shielding_m < thinnest - 1e-12:
        return None
    if shielding_m >= rows[-1].shielding_m:
        return rows[-1].dose_rate_gy_per_s
    for lo, hi in itertools.pairwise(rows):
        if lo.shielding_m <= shielding_m <= hi.shielding_m:
            w = (shielding_m - lo.shielding_m) / (hi.shielding_m - lo.shielding_m)
            return math.exp((1 - w) * math.log(lo.dose_rate_gy_per_s) + w * math.log(hi.dose_rate_gy_per_s))
    return None  # pragma: no cover - unreachable for sorted rows


def interpolate_dose_rate_gy_per_s(
    rows: list[DoseRow], altitude_m: float, inclination_rad: float, shielding_m: float, saturation_m: float = math.inf
) -> float:
    """Dose rate at the accelerators [Gy/s] from the sourced table (see the module notes).

    Raises
    ------
    SkyrackInputError
        When the orbit is above the table or the shielding is thinner than every tabulated row.
    """
    if not rows:
        raise SkyrackInputError("radiation.dose_rate", None, "the radiation catalog has no dose rows; set a dose rate")
    top = max(r.altitude_m for r in rows)
    if altitude_m > top + 1.0:
        raise SkyrackInputError(
            "radiation.dose_rate",
            None,
            f"no sourced dose rate above {top / 1e3:g} km (the dose rises steeply towards the inner belt); set "
            "radiation.dose_rate, e.g. '1 krad_Si/yr', from SPENVIS or OMERE for this orbit",
        )
    orbits: dict[tuple[float, float], list[DoseRow]] = {}
    for r in rows:
        orbits.setdefault((r.altitude_m, r.inclination_rad), []).append(r)
    # inclination folded to [0, 90°]: prograde and retrograde orbits of the same tilt cross the same belts
    inc = min(inclination_rad, math.pi - inclination_rad)
    logs, weights = [], []
    for (alt, inc_row), group in orbits.items():
        dose = _dose_at_shielding(group, shielding_m, saturation_m)
        if dose is None:
            continue
        inc_f = min(inc_row, math.pi - inc_row)
        dist2 = ((altitude_m - alt) / _ALT_SCALE_M) ** 2 + ((inc - inc_f) / _INC_SCALE_RAD) ** 2
        if dist2 < 1e-18:
            return dose
        logs.append(math.log(dose))
        weights.append(1.0 / dist2)
    if not weights:
        thinnest = max(min(r.shielding_m for r in g) for g in orbits.values())
        raise SkyrackInputError(
            "radiation.shielding",
            f"{shielding_m * 1e3:g} mm",
            f"thinner than the sourced dose table covers (≥ {thinnest * 1e3:g} mm at every orbit); raise it or set "
            "radiation.dose_rate",
        )
    w = np.asarray(weights)
    return float(math.exp(float(np.dot(w, logs) / w.sum())))


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
    order = np.argsort(times, kind="stable")
    times, sats, kinds, u = times[order], sats[order], kinds[order], u[order]
    step = np.minimum((times // dt_s).astype(np.int64), steps - 1)
    return FaultEvents(step, times - step * dt_s, sats, kinds, u)


__all__ = [
    "KIND_NAMES",
    "DoseRow",
    "FaultEvents",
    "FaultRates",
    "draw_fault_events",
    "fault_rates",
    "interpolate_dose_rate_gy_per_s",
    "mean_surviving_fraction",
]
