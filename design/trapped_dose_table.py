"""Build skyrack's trapped-particle dose table from NASA AP8/AE8 and SHIELDOSE-2, and show its error.

What it does
------------
1. **Fluxes.** For every altitude of the table it maps the omnidirectional differential spectra of trapped
   protons (AP8) and electrons (AE8), at solar minimum and maximum, on a 2° × 4° latitude-longitude grid.
   The models are NASA's AP8 (Sawyer & Vette 1976, NSSDC 76-06) and AE8 (Vette 1991, NSSDC 91-24) in the
   IRBEM library (Boscher, Bourdarie, O'Brien, Guild et al., IRBEM-LIB, 2022), with the field models they were
   built on (Jensen & Cain 1960 for AE8, GSFC 12/66 at 1970 for AP8) as IRBEM's ``fly_in_nasa_aeap1`` uses them.
2. **Orbit averages.** A circular orbit of inclination i samples latitude asin(sin i sin u) at argument of
   latitude u; over many days its Earth-fixed node covers every longitude, so the time average is the mean
   over u and node, both uniform (360 × 180 samples, bilinear in the flux map).
3. **Dose.** The orbit-averaged spectra go through SHIELDOSE-2 (Seltzer, NIST, 1994; IRBEM's ``shieldose2``):
   silicon detector at the centre of solid aluminium spheres, nuclear attenuation with local deposition of
   charged secondaries (INUC = 2). It gives the trapped-proton, trapped-electron and bremsstrahlung doses.
4. **South Atlantic Anomaly maps.** Integral fluxes of protons above 50 MeV and electrons above 1 MeV on a
   5° × 10° grid, for the shape of the dose rate along an orbit (the simulator scales them to the orbit mean).
5. **Error.** The table's interpolation (log-linear in altitude and inclination, log-log in depth) against
   the model at points between the grid nodes, and the flux map's bilinear sampling against direct model
   calls along the orbit.

Run it with ``python design/trapped_dose_table.py [--check | --error]``. It needs SpacePy
(``pip install -e ".[design]"``),
whose wheel carries a compiled IRBEM (``libirbem.so``); only that library is loaded, SpacePy itself is not
imported. ``--check`` recomputes the table and compares it with the shipped one instead of writing it.
Takes about five minutes on one core.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import math
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.interpolate import RegularGridInterpolator

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "src" / "skyrack" / "catalog" / "data" / "tables"
DOSE_CSV = TABLES / "trapped_dose.csv"
MAP_CSV = TABLES / "trapped_flux_map.csv"

ALTITUDES_KM = (300, 350, 400, 450, 500, 550, 600, 650, 700, 800, 900, 1000, 1100, 1200, 1400, 1600, 1800, 2000)
INCLINATIONS_DEG = (0, 5, 10, 15, 20, 25, 30, 35, 40, 50, 60, 70, 80, 90)  # finer where orbits graze the SAA
DEPTHS_MM = (0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100)
MAP_ALTITUDES_KM = (300, 400, 500, 600, 700, 800, 1000, 1200, 1400, 1600, 2000)
# Energy grids of the integral fluxes: AP8 0.1-400 MeV (IRBEM returns up to 300), AE8 0.04-7 MeV (IRBEM from
# 0.05). Fine grids, because SHIELDOSE-2 splines the log of the differential spectrum: the few tabulated energies
# of the models give bins so wide that the spline overshoots (negative electron doses behind 1 mm).
PROTON_ENERGIES_MEV = np.geomspace(0.1, 300.0, 64)
PROTON_TOP_MEV = 400.0  # AP8's highest energy: the spectrum's tail is continued to here
ELECTRON_ENERGIES_MEV = np.geomspace(0.05, 7.0, 48)
SECONDS_PER_YEAR = 365.25 * 86400.0
AE8MIN, AE8MAX, AP8MIN, AP8MAX = 1, 2, 3, 4  # IRBEM's model numbers

# --------------------------------------------------------------------------------------------------
# IRBEM through ctypes (Fortran: every argument by reference, arrays column-major)

_NTIME_MAX = 100_000  # IRBEM's ntime_max.inc
_IMAXI, _JMAXI = 71, 301  # SHIELDOSE-2's depth and spectrum array sizes


def _irbem() -> ctypes.CDLL:
    spec = importlib.util.find_spec("spacepy")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("this script needs SpacePy's compiled IRBEM: pip install spacepy")
    return ctypes.CDLL(str(Path(spec.submodule_search_locations[0]) / "irbempy" / "libirbem.so"))


LIB = _irbem()


def _ptr(a: NDArray[np.generic]) -> ctypes.c_void_p:
    return a.ctypes.data_as(ctypes.c_void_p)


def _int(v: int) -> object:
    return ctypes.byref(ctypes.c_int32(v))


def _dbl(v: float) -> object:
    return ctypes.byref(ctypes.c_double(v))


FIELD_YEAR, FIELD_DAY = 2024, 183  # IGRF-13 at epoch 2024.5 (the newest IRBEM-LIB 2022 carries)


def field_coordinates(
    alt_km: NDArray[np.float64], lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """McIlwain L and B/B0 at geodetic points: IGRF at the field epoch, B0 by field-line tracing (Bmin)."""
    L = np.empty(alt_km.size)
    bb = np.empty(alt_km.size)
    for start in range(0, alt_km.size, _NTIME_MAX):
        n = min(_NTIME_MAX, alt_km.size - start)
        options = np.zeros(5, np.int32)  # no L*; internal field 0 = IGRF; no external field (kext 0)
        years = np.full(_NTIME_MAX, FIELD_YEAR, np.int32)
        days = np.full(_NTIME_MAX, FIELD_DAY, np.int32)
        ut = np.zeros(_NTIME_MAX)
        x1, x2, x3 = (np.zeros(_NTIME_MAX) for _ in range(3))
        x1[:n], x2[:n], x3[:n] = alt_km[start : start + n], lat_deg[start : start + n], lon_deg[start : start + n]
        maginput = np.zeros((_NTIME_MAX, 25))
        lm, lstar, blocal, bmin, xj, mlt = (np.zeros(_NTIME_MAX) for _ in range(6))
        LIB.make_lstar1_(
            _int(n),
            _int(0),
            _ptr(options),
            _int(0),
            _ptr(years),
            _ptr(days),
            _ptr(ut),
            _ptr(x1),
            _ptr(x2),
            _ptr(x3),
            _ptr(maginput),
            _ptr(lm),
            _ptr(lstar),
            _ptr(blocal),
            _ptr(bmin),
            _ptr(xj),
            _ptr(mlt),
        )
        L[start : start + n] = np.abs(lm[:n])
        with np.errstate(divide="ignore", invalid="ignore"):
            bb[start : start + n] = np.where(bmin[:n] > 0, blocal[:n] / bmin[:n], np.nan)
    return L, bb


def model_flux(
    model: int, L: NDArray[np.float64], bb: NDArray[np.float64], energies_mev: NDArray[np.float64]
) -> NDArray[np.float64]:
    """AE8/AP8 omnidirectional integral flux above each energy [/cm²/s], (points, energies)."""
    out = np.zeros((L.size, energies_mev.size))
    ok = np.isfinite(L) & np.isfinite(bb) & (L > 0)
    idx = np.flatnonzero(ok)
    for e0 in range(0, energies_mev.size, 25):
        energies = energies_mev[e0 : e0 + 25]
        for start in range(0, idx.size, _NTIME_MAX):
            sel = idx[start : start + _NTIME_MAX]
            n = sel.size
            e = np.zeros((25, 2))
            e[: energies.size, 0] = energies
            lx, bx = np.zeros(_NTIME_MAX), np.zeros(_NTIME_MAX)
            lx[:n], bx[:n] = L[sel], bb[sel]
            flux = np.zeros((25, _NTIME_MAX))
            LIB.get_ae8_ap8_flux_(
                _int(n), _int(model), _int(3), _int(energies.size), _ptr(e), _ptr(bx), _ptr(lx), _ptr(flux)
            )
            out[sel, e0 : e0 + energies.size] = flux[: energies.size, :n].T
    return np.where(out > 0.0, out, 0.0)  # IRBEM's bad-data flag (-1e31) outside the belts: no flux


def differential(
    energies: NDArray[np.float64], integral: NDArray[np.float64], top_mev: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mean differential flux in each energy bin from the integral flux [/MeV/cm²/s], at the bins' geometric
    midpoints; above the last energy an exponential tail continues the last bin's e-folding up to ``top_mev``."""
    j = -np.diff(integral) / np.diff(energies)
    mid = np.sqrt(energies[:-1] * energies[1:])
    if integral[-1] > 0 and integral[-2] > integral[-1] and top_mev > energies[-1]:
        fold = (energies[-1] - energies[-2]) / math.log(integral[-2] / integral[-1])
        tail_e = np.geomspace(energies[-1], top_mev, 4)[1:]
        tail = integral[-1] / fold * np.exp(-(tail_e - energies[-1]) / fold)
        mid, j = np.concatenate([mid, tail_e]), np.concatenate([j, tail])
    return mid, np.maximum(j, 0.0)


def shieldose2(
    depths_mm: tuple[float, ...],
    ep: NDArray[np.float64],
    pflux: NDArray[np.float64],
    ee: NDArray[np.float64],
    eflux: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """SHIELDOSE-2 dose rates [rad(Si)/s] at the centre of solid Al spheres: protons, electrons, bremsstrahlung.

    Spectra in /MeV/cm²/s; only energies with positive flux are passed (the code integrates log-log).
    """

    def arr(v: NDArray[np.float64]) -> NDArray[np.float64]:
        a = np.zeros(_JMAXI)
        a[: v.size] = v
        return a

    kp, ke = pflux > 0, eflux > 0
    ep, pflux, ee, eflux = ep[kp], pflux[kp], ee[ke], eflux[ke]
    z = np.zeros(_IMAXI)
    z[: len(depths_mm)] = depths_mm
    solar_e, solar_f = arr(np.array([1.0, 2.0])), arr(np.zeros(2))  # no solar-proton fluence here
    outs = [np.zeros((3, _IMAXI)) for _ in range(5)]
    if ep.size < 2:  # no trapped protons at all (below the belts): a negligible dummy spectrum
        ep, pflux = np.array([10.0, 20.0]), np.array([1e-30, 1e-30])
    if ee.size < 2:
        ee, eflux = np.array([0.1, 0.2]), np.array([1e-30, 1e-30])
    LIB.shieldose2_(
        _int(3),
        _int(2),
        _int(len(depths_mm)),
        _int(3),
        _ptr(z),
        _dbl(1.0),
        _dbl(2.0),
        _dbl(ep[0]),
        _dbl(ep[-1]),
        _int(1001),
        _dbl(ee[0]),
        _dbl(ee[-1]),
        _int(1001),
        _int(2),
        _int(ep.size),
        _int(ee.size),
        _dbl(1.0),
        _dbl(1.0),
        _ptr(solar_e),
        _ptr(solar_f),
        _ptr(arr(ep)),
        _ptr(arr(pflux)),
        _ptr(arr(ee)),
        _ptr(arr(eflux)),
        *[_ptr(o) for o in outs],
    )
    n = len(depths_mm)
    _, prot, elec, brem, _ = (o[2, :n].copy() for o in outs)  # row 3: centre of solid spheres
    return prot, elec, brem


# --------------------------------------------------------------------------------------------------
# Maps and orbit averages

MAP_LAT = np.arange(-90.0, 90.1, 2.0)
MAP_LON = np.arange(-180.0, 180.1, 4.0)


def coordinates_map(alt_km: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """L and B/B0 on the lat-lon grid, each (lat, lon)."""
    lat, lon = np.meshgrid(MAP_LAT, MAP_LON[:-1], indexing="ij")
    L, bb = field_coordinates(np.full(lat.size, alt_km), lat.ravel(), lon.ravel())
    return L, bb


def flux_map(
    coords: tuple[NDArray[np.float64], NDArray[np.float64]], model: int, energies: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Integral fluxes on the lat-lon grid, (lat, lon, energy); lon = 180° repeats -180°."""
    f = model_flux(model, *coords, energies).reshape(MAP_LAT.size, MAP_LON.size - 1, energies.size)
    return np.concatenate([f, f[:, :1]], axis=1)


def orbit_samples(inc_deg: float, n_u: int = 360, n_node: int = 180) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Latitudes and longitudes [deg] of a circular orbit, uniform in argument of latitude and Earth-fixed node."""
    inc = math.radians(inc_deg)
    u = (np.arange(n_u) + 0.5) * 2 * math.pi / n_u
    node = (np.arange(n_node) + 0.5) * 2 * math.pi / n_node
    uu, nn = np.meshgrid(u, node)
    lat = np.degrees(np.arcsin(math.sin(inc) * np.sin(uu)))
    lon = np.degrees(np.angle(np.exp(1j * (nn + np.arctan2(math.cos(inc) * np.sin(uu), np.cos(uu))))))
    return lat.ravel(), lon.ravel()


def orbit_mean(fluxes: NDArray[np.float64], inc_deg: float) -> NDArray[np.float64]:
    interp = RegularGridInterpolator((MAP_LAT, MAP_LON), fluxes)
    lat, lon = orbit_samples(inc_deg)
    return interp(np.column_stack([lat, lon])).mean(axis=0)


def dose_from_integral(
    depths: tuple[float, ...], jp: NDArray[np.float64], je: NDArray[np.float64]
) -> tuple[NDArray[np.float64], ...]:
    """SHIELDOSE-2 doses [rad(Si)/yr] at ``depths`` from orbit-mean integral spectra of protons and electrons.

    SHIELDOSE-2 finds the dose at the centre of a sphere from the slab dose and its slope in depth, splined
    over the depths it is given: with a few depths the slope is wrong where the electron dose falls steeply
    (negative doses behind 1 mm). So it always runs on a dense depth grid, and the asked depths are picked out.
    """
    dense = tuple(sorted(set(np.round(np.geomspace(0.05, 120.0, 50), 4).tolist()) | set(depths)))
    ep, fp = differential(PROTON_ENERGIES_MEV, jp, PROTON_TOP_MEV)
    ee, fe = differential(ELECTRON_ENERGIES_MEV, je, ELECTRON_ENERGIES_MEV[-1])
    pick = [dense.index(d) for d in depths]
    return tuple(x[pick] * SECONDS_PER_YEAR for x in shieldose2(dense, ep, fp, ee, fe))


SOLAR = {"min": (AP8MIN, AE8MIN), "max": (AP8MAX, AE8MAX)}


def dose_rows(alt_km: float) -> list[tuple[float, float, str, float, float, float, float]]:
    rows = []
    coords = coordinates_map(alt_km)
    for solar, (pm, em) in SOLAR.items():
        pmap = flux_map(coords, pm, PROTON_ENERGIES_MEV)
        emap = flux_map(coords, em, ELECTRON_ENERGIES_MEV)
        for inc in INCLINATIONS_DEG:
            p, e, b = dose_from_integral(DEPTHS_MM, orbit_mean(pmap, inc), orbit_mean(emap, inc))
            for k, depth in enumerate(DEPTHS_MM):
                rows.append((alt_km, inc, solar, depth, p[k], e[k], b[k]))
    return rows


def model_dose(alt_km: float, inc_deg: float, depths: tuple[float, ...], solar: str) -> NDArray[np.float64]:
    """Total trapped dose [rad(Si)/yr] straight from the model along the orbit (direct calls, no map)."""
    pm, em = SOLAR[solar]
    lat, lon = orbit_samples(inc_deg, 180, 90)
    coords = field_coordinates(np.full(lat.size, float(alt_km)), lat, lon)
    jp = model_flux(pm, *coords, PROTON_ENERGIES_MEV).mean(axis=0)
    je = model_flux(em, *coords, ELECTRON_ENERGIES_MEV).mean(axis=0)
    p, e, b = dose_from_integral(depths, jp, je)
    return np.asarray(p + e + b)


# --------------------------------------------------------------------------------------------------

HEADER = """\
# Trapped-particle dose rate at the centre of solid aluminium spheres, in rad(Si)/yr, orbit-averaged over
# circular orbits (every Earth-fixed node). Trapped protons: NASA AP8 (Sawyer & Vette 1976); electrons: AE8
# (Vette 1991), at solar minimum and maximum; dose: SHIELDOSE-2 (Seltzer, NIST 1994), Si detector, nuclear
# attenuation with local secondaries; both through IRBEM-LIB (2022, via SpacePy 0.7). Inclinations above 90 deg
# read as 180 - i. Galactic cosmic rays and solar particle events are not in this table.
# Written by design/trapped_dose_table.py; do not edit by hand.
"""

MAP_HEADER = """\
# Omnidirectional integral flux of trapped protons above 50 MeV (AP8) and electrons above 1 MeV (AE8), in
# log10(/cm^2/s) (-9 where there is none), solar minimum, on a 5 x 10 deg geodetic grid: the shape of the
# dose rate along an orbit (the South Atlantic Anomaly, the electron horns). IRBEM-LIB 2022 via SpacePy 0.7.
# Columns after altitude_km, particle and latitude_deg: longitude -180 to 180 deg in 10 deg steps.
# Written by design/trapped_dose_table.py; do not edit by hand.
"""


def dose_csv(rows: list[tuple[float, float, str, float, float, float, float]]) -> str:
    lines = [HEADER + "altitude_km,inclination_deg,solar,shielding_mm,proton,electron,bremsstrahlung"]
    for alt, inc, solar, depth, p, e, b in rows:
        lines.append(f"{alt:g},{inc:g},{solar},{depth:g},{p:.4g},{e:.4g},{b:.4g}")
    return "\n".join(lines) + "\n"


def map_csv() -> str:
    lats = np.arange(-90.0, 90.1, 5.0)
    lons = np.arange(-180.0, 180.1, 10.0)
    lines = [MAP_HEADER + "altitude_km,particle,latitude_deg," + ",".join(f"{x:g}" for x in lons)]
    lat, lon = np.meshgrid(lats, lons, indexing="ij")
    for alt in MAP_ALTITUDES_KM:
        coords = field_coordinates(np.full(lat.size, float(alt)), lat.ravel(), lon.ravel())
        for particle, model, energy in (("proton", AP8MIN, 50.0), ("electron", AE8MIN, 1.0)):
            f = model_flux(model, *coords, np.array([energy]))
            logf = np.log10(np.maximum(f[:, 0], 1e-9)).reshape(lat.shape)
            for i, la in enumerate(lats):
                lines.append(f"{alt},{particle},{la:g}," + ",".join(f"{v:.2f}" for v in logf[i]))
    return "\n".join(lines) + "\n"


def read_rows() -> list[tuple[float, float, str, float, float, float, float]]:
    lines = [x for x in DOSE_CSV.read_text().splitlines() if not x.startswith("#")][1:]
    out = []
    for line in lines:
        a, i, s, d, p, e, b = line.split(",")
        out.append((float(a), float(i), s, float(d), float(p), float(e), float(b)))
    return out


def table_error(rows: list[tuple[float, float, str, float, float, float, float]]) -> None:
    """Interpolated table against the model at off-grid points (the runtime interpolation of skyrack)."""
    sys.path.insert(0, str(ROOT / "src"))
    from skyrack.physics.radiation import TrappedDoseTable

    table = TrappedDoseTable.from_rows(rows)
    print("\ntable interpolation against the model (total trapped dose, rad(Si)/yr):")
    print(f"{'alt km':>7} {'inc':>6} {'mm':>5} {'solar':>5} {'model':>10} {'table':>10} {'error':>7}")
    worst = 0.0
    for alt, inc, depth in (
        (375, 51.6, 7),
        (525, 28.5, 10),
        (650, 97.99, 10),
        (750, 53, 3),
        (1300, 45, 10),
        (1500, 82, 2.5),
        (475, 15, 10),
        (850, 65, 13),
    ):
        for solar in ("min", "max"):
            ref = float(model_dose(alt, inc, (depth,), solar)[0])
            got = table.dose_rad_per_year(
                alt * 1e3, math.radians(inc), depth * 1e-3, 0.0 if solar == "min" else 1.0
            ).total_rad_per_year
            err = got / ref - 1.0
            worst = max(worst, abs(err))
            print(f"{alt:>7} {inc:>6} {depth:>5} {solar:>5} {ref:>10.4g} {got:>10.4g} {err:>+7.1%}")
    print(f"worst: {worst:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped table, write nothing")
    parser.add_argument("--error", action="store_true", help="only the shipped table's error against the model")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.error:
        table_error(read_rows())
        return
    rows = []
    for alt in ALTITUDES_KM:
        rows += dose_rows(float(alt))
        print(f"{alt} km done ({time.perf_counter() - t0:.0f} s)", flush=True)
    text, maps = dose_csv(rows), map_csv()
    if args.check:
        same = DOSE_CSV.read_text() == text and MAP_CSV.read_text() == maps
        print("shipped tables match the model" if same else "shipped tables DIFFER from the model")
    else:
        TABLES.mkdir(parents=True, exist_ok=True)
        DOSE_CSV.write_text(text)
        MAP_CSV.write_text(maps)
        print(f"wrote {DOSE_CSV.relative_to(ROOT)} and {MAP_CSV.relative_to(ROOT)}")
    table_error(rows)
    print(f"({time.perf_counter() - t0:.0f} s)")
    if args.check and not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
