"""Fleet environment for design orbits: position + Sun + conical shadow + beta, fast and chunked.

This is the hot path of the operations simulator. It computes the same quantities as composing
:func:`~skyrack.astro.orbits.propagate_circular_j2`, :func:`~skyrack.astro.sun.sun_position_eci_m`,
:func:`~skyrack.astro.shadow.sun_visible_fraction` and :func:`~skyrack.astro.geometry.beta_angle_rad`
(the tests check the equality), but per chunk of satellites with preallocated scratch buffers, the Sun
and the shadow-cone parameters once per time, and cos/sin of the linearly advancing angles by block
angle-addition on uniform time grids.
"""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from skyrack.astro._phase import uniform_step
from skyrack.astro._typing import FloatArray, IntArray
from skyrack.astro.orbits import circular_j2_rates_rad_per_s
from skyrack.astro.shadow import disc_overlap_visible_fraction, sun_visible_fraction
from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import SECONDS_PER_DAY
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, SUN_RADIUS_M

# Satellite × time elements per chunk: scratch arrays of ~0.5 MiB each stay in cache (fastest near 2^16
# on x86-64 with numpy 2.x; measured with benchmarks/bench_astro.py, 2^14–2^17 within 15 %).
DEFAULT_CHUNK_ELEMENTS: Final = 1 << 16
# Orbit radius beyond which the fast path hands over to the general shadow function: the umbra cone's
# apex lies ≈ 1.38e9 m behind the Earth, and the fast classification assumes the orbit is inside it.
_FAST_SHADOW_MAX_RADIUS_M: Final = 1.0e9


class FleetEnvironment(NamedTuple):
    """Time-resolved environment of N satellites at T times.

    Attributes
    ----------
    position_eci_m
        Positions in the common inertial frame (GCRS), shape (N, T, 3) [m].
    sun_eci_m
        Geocentric Sun position, shape (T, 3) [m].
    sun_fraction
        Visible fraction of the solar disc (conical shadow), shape (N, T) [-].
    beta_rad
        Solar beta angle, shape (N, T) [rad].
    """

    position_eci_m: FloatArray
    sun_eci_m: FloatArray
    sun_fraction: FloatArray
    beta_rad: FloatArray


def _block_grid(t: FloatArray) -> tuple[int, int, float] | None:
    """(M, B, Δt) with M·B ≥ T for the block angle-addition, or None for a non-uniform grid."""
    step = uniform_step(t)
    if step is None:
        return None
    T = t.size
    root = int(np.sqrt(T))
    # prefer a block length that divides T (no padding), searching near √T
    for B in range(root, max(root // 2, 1) - 1, -1):
        if T % B == 0:
            return T // B, B, step
    return -(-T // root), root, step


class _Scratch:
    """Preallocated per-chunk buffers (rows × Tp)."""

    def __init__(self, rows: int, Tp: int) -> None:
        self.z1 = np.empty((rows, Tp), dtype=np.complex128)
        self.z2 = np.empty((rows, Tp), dtype=np.complex128)
        self.t1, self.t2, self.t3 = (np.empty((rows, Tp)) for _ in range(3))
        self.m1, self.m2, self.m3 = (np.empty((rows, Tp), dtype=np.bool_) for _ in range(3))


def _cexp(
    out: NDArray[np.complex128],
    scale: FloatArray,
    p0: FloatArray,
    rate: FloatArray,
    t: FloatArray,
    grid: tuple[int, int, float] | None,
) -> None:
    """out[:n, :T] ← scale · exp(i (p0 + rate t)) for n rows; block angle-addition on a uniform grid.

    exp(i(A_m + B_j)) = exp(i A_m) exp(i B_j): one complex multiply of an (n, M, 1) by an (n, 1, B)
    array (the angle-addition identities in one pass) instead of one cos and one sin per element.
    """
    n = p0.size
    if grid is None:
        ang = rate[:, None] * t + p0[:, None]
        o = out[:n, : t.size]
        o.real = scale[:, None] * np.cos(ang)
        o.imag = scale[:, None] * np.sin(ang)
        return
    M, B, step = grid
    A = p0[:, None] + rate[:, None] * (t[0] + np.arange(M) * (B * step))  # (n, M)
    Bj = rate[:, None] * (np.arange(B) * step)  # (n, B)
    zA = (scale[:, None] * (np.cos(A) + 1j * np.sin(A)))[:, :, None]
    zB = (np.cos(Bj) + 1j * np.sin(Bj))[:, None, :]
    np.multiply(zA, zB, out=out[:n].reshape(n, M, B))


def circular_fleet_environment(
    semi_major_axis_m: ArrayLike,
    inclination_rad: ArrayLike,
    raan0_rad: ArrayLike,
    arg_latitude0_rad: ArrayLike,
    jd_utc_epoch: float,
    t_s: ArrayLike,
    chunk_elements: int = DEFAULT_CHUNK_ELEMENTS,
    out: FleetEnvironment | None = None,
    backend: str = "numba",
    threads: int = 1,
) -> FleetEnvironment:
    """Positions, Sun, conical-shadow sunlight fraction and beta angle for circular J2-secular orbits.

    Parameters
    ----------
    semi_major_axis_m, inclination_rad, raan0_rad, arg_latitude0_rad
        Circular orbits at the epoch: radius a [m], inclination i, RAAN Ω₀ and argument of latitude u₀
        [rad], each shape (N,) (or scalars).
    jd_utc_epoch
        Julian date, UTC, of t = 0 [days].
    t_s
        Times since the epoch [s], shape (T,); a uniform grid is much faster.
    chunk_elements
        Satellite × time elements per internal chunk (numpy backend); scratch memory is ≈ 59 × chunk_elements
        bytes.
    out
        Preallocated result to fill (shapes as returned), e.g. memory-mapped arrays.
    backend
        ``"numba"`` (default: one compiled pass per satellite over time, :func:`~skyrack.astro.twins_nb.
        fleet_rows_nb`, no scratch) or ``"numpy"`` (chunked array expressions; the reference).
    threads
        Threads the numba backend splits the satellites over (its kernel releases the GIL).

    Returns
    -------
    FleetEnvironment
        Results; memory is the output arrays plus O(chunk_elements) scratch. Rows of satellites with
        a ≤ R⊕ or non-finite elements are NaN.

    Notes
    -----
    Per satellite and time (Vallado 2013, eq. 2-101 and eqs. 9-41/42; Montenbruck & Gill 2000, §3.4.2),
    with u = u₀ + u̇ t and Ω = Ω₀ + Ω̇ t:

    x + i y = e^{iΩ} · a (cos u + i cos i sin u),  z = a sin i sin u

    (the circular-orbit position r = a (cos u P̂ + sin u Q̂) written with complex exponentials),
    sin β = ĥ·ŝ = cos i ŝ_z + sin i (ŝ_x sin Ω − ŝ_y cos Ω), and the conical shadow from x_b = −r·ŝ and
    |r| = a, classified with the umbra/penumbra cones (half-angles asin((R☉ ± R⊕)/|r☉|), once per time)
    and the disc-overlap formula only inside the penumbra. The Sun is computed once per time.
    """
    a = np.atleast_1d(np.asarray(semi_major_axis_m, dtype=np.float64))
    inc = np.atleast_1d(np.asarray(inclination_rad, dtype=np.float64))
    raan0 = np.atleast_1d(np.asarray(raan0_rad, dtype=np.float64))
    u0 = np.atleast_1d(np.asarray(arg_latitude0_rad, dtype=np.float64))
    a, inc, raan0, u0 = (np.ascontiguousarray(v) for v in np.broadcast_arrays(a, inc, raan0, u0))
    t = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
    N, T = a.size, t.size
    R = EARTH_EQUATORIAL_RADIUS_M

    sun = sun_position_eci_m(jd_utc_epoch + t / SECONDS_PER_DAY)  # (T, 3), once per time
    if out is None:
        out = FleetEnvironment(np.empty((N, T, 3)), sun, np.empty((N, T)), np.empty((N, T)))
    else:
        out.sun_eci_m[...] = sun
    if N == 0 or T == 0:
        return out

    if backend == "numba":
        _numba_rows(a, inc, raan0, u0, t, sun, out, threads)
        _invalid_rows(a, inc, raan0, u0, sun, out)
        return out
    if backend != "numpy":
        raise ValueError(f"backend = {backend!r}: 'numba' or 'numpy'")
    grid = _block_grid(t)
    Tp = T if grid is None else grid[0] * grid[1]

    def pad(v: FloatArray) -> FloatArray:
        return np.concatenate([v, np.full(Tp - T, v[-1])]) if Tp > T else v

    S = np.sqrt(np.sum(sun * sun, axis=-1))
    sx, sy, sz = (pad(sun[:, k] / S) for k in range(3))
    pen0, pen_k, pen_x, umb0, umb_k_neg, umb_x = _cones(pad(S))

    raan_dot, u_dot = circular_j2_rates_rad_per_s(a, inc)
    ci_all, si_all = np.cos(inc), np.sin(inc)
    a_si, a_ci = a * si_all, a * ci_all
    ones = np.ones(N)
    rows = max(1, min(N, int(chunk_elements) // max(Tp, 1)))
    pen_flat: list[IntArray] = []  # penumbra points, flat (N·T) indices, done after the loop
    pen_x_b: list[FloatArray] = []
    sc = _Scratch(rows, Tp)
    for s0 in range(0, N, rows):
        s1 = min(s0 + rows, N)
        n = s1 - s0
        sl = slice(s0, s1)
        z1, z2 = sc.z1[:n], sc.z2[:n]
        t1, t2, t3 = sc.t1[:n], sc.t2[:n], sc.t3[:n]
        m1, m2, m3 = sc.m1[:n], sc.m2[:n], sc.m3[:n]
        aa = a[sl, None]
        ci = ci_all[sl, None]
        si = si_all[sl, None]
        pos = out.position_eci_m[sl]

        # position: x + i y = e^{iΩ} · a (cos u + i cos i sin u), z = a sin i sin u
        _cexp(z1, ones[sl], u0[sl], u_dot[sl], t, grid)  # e^{iu}
        _cexp(z2, ones[sl], raan0[sl], raan_dot[sl], t, grid)  # e^{iΩ}
        np.multiply(z1.imag, a_si[sl, None], out=t3)  # z
        np.copyto(pos[..., 2], t3[:, :T])
        z1.real *= aa
        z1.imag *= a_ci[sl, None]
        z1 *= z2
        np.copyto(pos[..., 0], z1.real[:, :T])
        np.copyto(pos[..., 1], z1.imag[:, :T])
        # x_b = −r·ŝ
        np.multiply(z1.real, sx, out=t1)
        np.multiply(z1.imag, sy, out=t2)
        t1 += t2
        np.multiply(t3, sz, out=t2)
        t1 += t2
        np.negative(t1, out=t1)
        xb = t1

        # beta: sin β = ci sz + si (sx sin Ω − sy cos Ω)
        np.multiply(z2.imag, sx, out=t2)
        np.multiply(z2.real, sy, out=t3)
        t2 -= t3
        t2 *= si
        np.multiply(ci, sz, out=t3)
        t2 += t3
        np.clip(t2, -1.0, 1.0, out=t2)
        np.arcsin(t2[:, :T], out=out.beta_rad[sl])

        # conical shadow classification (see shadow._fraction_from_geometry)
        np.multiply(xb, xb, out=t2)
        np.subtract(aa * aa, t2, out=t2)  # ρ² = a² − x_b²
        np.multiply(xb, pen_k, out=t3)
        t3 += pen0
        t3 *= t3
        np.less(t2, t3, out=m1)
        np.greater(xb, pen_x, out=m2)
        m1 &= m2  # inside the penumbra cone (umbra included)
        np.multiply(xb, umb_k_neg, out=t3)
        t3 += umb0
        t3 *= t3
        np.less(t2, t3, out=m3)
        np.greater(xb, umb_x, out=m2)
        m3 &= m2  # inside the umbra cone
        frac = out.sun_fraction[sl]
        np.logical_not(m1, out=m2)
        np.copyto(frac, m2[:, :T])
        np.logical_not(m3, out=m3)
        m3 &= m1  # penumbra only
        if m3.any():
            k = np.flatnonzero(m3[:, :T]) if Tp > T else np.flatnonzero(m3)
            pen_flat.append(k + s0 * T)
            pen_x_b.append(xb.ravel()[k] if Tp == T else xb[:, :T].ravel()[k])

    if pen_flat:
        kk = np.concatenate(pen_flat)
        xp = np.concatenate(pen_x_b)
        ap = a[kk // T]
        Sq = S[kk % T]
        with np.errstate(invalid="ignore", divide="ignore"):  # rows with a ≤ R⊕ are set to NaN below
            d = np.sqrt(Sq * Sq + 2.0 * Sq * xp + ap * ap)  # |r_sun − r|
            nu = disc_overlap_visible_fraction(
                np.arcsin(np.minimum(SUN_RADIUS_M / d, 1.0)),
                np.arcsin(np.minimum(R / ap, 1.0)),
                np.arccos(np.clip((ap * ap + Sq * xp) / (ap * d), -1.0, 1.0)),
            )
        flat = out.sun_fraction.reshape(-1)  # a view for C-contiguous output
        if np.shares_memory(flat, out.sun_fraction):
            flat[kk] = nu
        else:
            out.sun_fraction[np.unravel_index(kk, (N, T))] = nu
    far = (a > _FAST_SHADOW_MAX_RADIUS_M) & (a > R)
    if np.any(far):  # beyond the umbra apex: use the general shadow function
        kf = np.nonzero(far)[0]
        out.sun_fraction[kf] = sun_visible_fraction(out.position_eci_m[kf], sun)
    _invalid_rows(a, inc, raan0, u0, sun, out)
    return out


def _invalid_rows(
    a: FloatArray, inc: FloatArray, raan0: FloatArray, u0: FloatArray, sun: FloatArray, out: FleetEnvironment
) -> None:
    """NaN rows for satellites inside the Earth or with non-finite elements."""
    bad = ~(a > EARTH_EQUATORIAL_RADIUS_M) | ~np.isfinite(inc) | ~np.isfinite(raan0) | ~np.isfinite(u0)
    if np.any(bad):
        kb = np.nonzero(bad)[0]
        out.position_eci_m[kb] = np.nan
        out.sun_fraction[kb] = np.nan
        out.beta_rad[kb] = np.nan


def _numba_rows(
    a: FloatArray, inc: FloatArray, raan0: FloatArray, u0: FloatArray, t: FloatArray, sun: FloatArray,
    out: FleetEnvironment, threads: int,
) -> None:  # fmt: skip
    """Fill ``out`` with the fused compiled kernel, the satellites split over ``threads`` threads."""
    from skyrack.astro.twins_nb import fleet_rows_nb  # compiled (or loaded from the cache) on first use

    with np.errstate(invalid="ignore", divide="ignore"):
        raan_dot, u_dot = circular_j2_rates_rad_per_s(a, inc)
    raan_dot = np.ascontiguousarray(np.where(np.isfinite(raan_dot), raan_dot, 0.0))
    u_dot = np.ascontiguousarray(np.where(np.isfinite(u_dot), u_dot, 0.0))
    step = uniform_step(t) or 0.0
    S = np.sqrt(np.sum(sun * sun, axis=-1))
    sun4 = np.ascontiguousarray(np.column_stack([sun / S[:, None], S]))
    cones = np.ascontiguousarray(np.column_stack(_cones(S)))
    targets = [out.position_eci_m, out.sun_fraction, out.beta_rad]
    direct = all(x.flags.c_contiguous and x.flags.writeable and x.dtype == np.float64 for x in targets)
    pos, frac, beta = targets if direct else (np.empty(x.shape) for x in targets)
    args = (a, inc, raan0, u0, raan_dot, u_dot, np.ascontiguousarray(t), float(step), sun4, cones, pos, frac, beta)
    n = a.size
    parts = max(1, min(int(threads), n))
    if parts == 1:
        fleet_rows_nb(*args, 0, n)
    else:
        from concurrent.futures import ThreadPoolExecutor

        cuts = np.linspace(0, n, parts + 1).astype(int)
        with ThreadPoolExecutor(max_workers=parts) as pool:
            for f in [pool.submit(fleet_rows_nb, *args, int(cuts[k]), int(cuts[k + 1])) for k in range(parts)]:
                f.result()
    if not direct:
        out.position_eci_m[...], out.sun_fraction[...], out.beta_rad[...] = pos, frac, beta
    far = (a > _FAST_SHADOW_MAX_RADIUS_M) & (a > EARTH_EQUATORIAL_RADIUS_M)
    if np.any(far):  # beyond the umbra apex: the general shadow function, as in the numpy path
        kf = np.nonzero(far)[0]
        out.sun_fraction[kf] = sun_visible_fraction(out.position_eci_m[kf], sun)


def _cones(S: FloatArray) -> tuple[FloatArray, ...]:
    """The shadow cones at Sun distances ``S``: the penumbra's radius at the Earth's centre, its slope and the
    limit of the side it is on, then the umbra's (radius, slope, limit); half-angles asin((R☉ ± R⊕)/S)."""
    R = EARTH_EQUATORIAL_RADIUS_M
    with np.errstate(invalid="ignore"):
        sin_p = (SUN_RADIUS_M + R) / S
        sin_u = (SUN_RADIUS_M - R) / S
        cos_p = np.sqrt(1.0 - sin_p**2)
        cos_u = np.sqrt(1.0 - sin_u**2)
    return R / cos_p, sin_p / cos_p, -R * sin_p, R / cos_u, -sin_u / cos_u, R * sin_u


__all__ = ["DEFAULT_CHUNK_ELEMENTS", "FleetEnvironment", "circular_fleet_environment"]
