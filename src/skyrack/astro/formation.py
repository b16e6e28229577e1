"""Formation flying: Hill–Clohessy–Wiltshire (HCW) relative motion and cluster layouts.

Relative frame (Hill / RSW / LVLH of a circular reference orbit): x radial (outward), y along-track
(direction of motion), z cross-track (along the orbit normal). States are (x, y, z, ẋ, ẏ, ż) in m and m/s,
shape (..., 6).
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._typing import FloatArray

# Golden angle π (3 − √5) [rad], for the Vogel (1979) sunflower disc layout.
_GOLDEN_ANGLE: Final = np.pi * (3.0 - np.sqrt(5.0))


def hcw_propagate(state0: ArrayLike, mean_motion_rad_per_s: ArrayLike, t_s: ArrayLike) -> FloatArray:
    """Closed-form HCW propagation of relative states about a circular reference orbit.

    Parameters
    ----------
    state0
        Initial relative states (x, y, z, ẋ, ẏ, ż) [m, m/s], shape S + (6,) (e.g. (K, 6) for K deputies).
    mean_motion_rad_per_s
        Mean motion of the reference orbit n [rad/s], broadcastable to S.
    t_s
        Times since t = 0 [s], shape (T,).

    Returns
    -------
    ndarray
        States, shape S + (T, 6).

    Notes
    -----
    Solution of ẍ − 2nẏ − 3n²x = 0, ÿ + 2nẋ = 0, z̈ + n²z = 0 (Clohessy & Wiltshire 1960, J. Aerospace
    Sci. 27, 653; Vallado 2013, eqs. 6-66 and 6-67):

    x = (4 − 3c) x₀ + (s/n) ẋ₀ + (2/n)(1 − c) ẏ₀,
    y = 6(s − nt) x₀ + y₀ − (2/n)(1 − c) ẋ₀ + ((4s − 3nt)/n) ẏ₀,
    z = c z₀ + (s/n) ż₀, with c = cos nt, s = sin nt, and their time derivatives.
    """
    x0 = np.asarray(state0, dtype=np.float64)
    n = np.asarray(mean_motion_rad_per_s, dtype=np.float64)[..., None]
    t = np.asarray(t_s, dtype=np.float64)
    X, Y, Z, U, V, W = (x0[..., k][..., None] for k in range(6))
    nt = n * t
    c, s = np.cos(nt), np.sin(nt)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = (4 - 3 * c) * X + (s / n) * U + (2 / n) * (1 - c) * V
        y = 6 * (s - nt) * X + Y - (2 / n) * (1 - c) * U + ((4 * s - 3 * nt) / n) * V
        z = c * Z + (s / n) * W
    xd = 3 * n * s * X + c * U + 2 * s * V
    yd = -6 * n * (1 - c) * X - 2 * s * U + (4 * c - 3) * V
    zd = -n * s * Z + c * W
    return np.stack(np.broadcast_arrays(x, y, z, xd, yd, zd), axis=-1)


def hcw_bounded_along_track_velocity(x0_m: ArrayLike, mean_motion_rad_per_s: ArrayLike) -> FloatArray:
    """Along-track velocity that removes the secular drift of an HCW orbit, ẏ₀ = −2 n x₀ [m/s].

    Parameters
    ----------
    x0_m
        Initial radial offset x₀ [m].
    mean_motion_rad_per_s
        Reference mean motion n [rad/s].

    Returns
    -------
    ndarray
        ẏ₀ [m/s] (Vallado 2013, eq. 6-69: the secular term −(6 n x₀ + 3 ẏ₀) t of y vanishes).
    """
    return np.asarray(-2.0 * np.asarray(mean_motion_rad_per_s) * np.asarray(x0_m), dtype=np.float64)


def hcw_drift_rate_m_per_s(state0: ArrayLike, mean_motion_rad_per_s: ArrayLike) -> FloatArray:
    """Secular along-track drift rate of an HCW orbit, −(6 n x₀ + 3 ẏ₀) [m/s]; zero when bounded.

    Parameters
    ----------
    state0
        Relative states, shape (..., 6).
    mean_motion_rad_per_s
        Reference mean motion n [rad/s].

    Returns
    -------
    ndarray
        Drift rate [m/s] (Vallado 2013, eq. 6-66, secular part of y).
    """
    s = np.asarray(state0, dtype=np.float64)
    n = np.asarray(mean_motion_rad_per_s, dtype=np.float64)
    return np.asarray(-(6.0 * n * s[..., 0] + 3.0 * s[..., 4]), dtype=np.float64)


def circular_formation_states(offsets_m: ArrayLike, mean_motion_rad_per_s: float) -> FloatArray:
    """Bounded HCW states that keep a planar 2-D layout rigid (it only rotates) over the orbit.

    Parameters
    ----------
    offsets_m
        In-plane layout (p, q) of K satellites at t = 0 [m], shape (K, 2).
    mean_motion_rad_per_s
        Reference mean motion n [rad/s].

    Returns
    -------
    ndarray
        Initial states (x, y, z, ẋ, ẏ, ż), shape (K, 6); every one satisfies ẏ₀ = −2 n x₀.

    Notes
    -----
    Each satellite follows x = (ρ/2) sin θ, y = ρ cos θ, z = (√3/2) ρ sin θ, θ = nt + α, i.e.
    r(t) = ρ [sin θ e₁ + cos θ e₂] with e₁ = (1/2, 0, √3/2), e₂ = (0, 1, 0): a rigid rotation within
    the plane (e₁, e₂), so every distance from the reference and between satellites stays constant
    in the HCW model (Sabol, Burns & McLaughlin 2001, J. Spacecraft Rockets 38, 270, "general circular
    orbit"; Alfriend et al. 2010, *Spacecraft Formation Flying*, §5.4). With p = ρ sin α, q = ρ cos α:
    r₀ = p e₁ + q e₂, v₀ = n (q e₁ − p e₂).
    """
    off = np.asarray(offsets_m, dtype=np.float64)
    n = float(mean_motion_rad_per_s)
    p, q = off[..., 0:1], off[..., 1:2]
    e1 = np.array([0.5, 0.0, np.sqrt(3.0) / 2.0])
    e2 = np.array([0.0, 1.0, 0.0])
    r0 = p * e1 + q * e2
    v0 = n * (q * e1 - p * e2)
    return np.concatenate([r0, v0], axis=-1)


def disc_layout_m(count: int, radius_m: float) -> FloatArray:
    """Evenly spread 2-D layout of ``count`` points inside a disc (Vogel sunflower spiral) [m].

    Parameters
    ----------
    count
        Number of satellites K (≥ 1).
    radius_m
        Disc radius [m]; the outermost point lies at radius_m.

    Returns
    -------
    ndarray
        (p, q) offsets, shape (K, 2); the first point is at the centre.

    Notes
    -----
    ρ_k = R √(k / (K − 1)), θ_k = k · π(3 − √5) (Vogel 1979, Math. Biosci. 44, 179); nearest-neighbour
    spacing ≈ R √(π / K) (≈ 200 m for 81 satellites in 1 km).
    """
    K = max(int(count), 1)
    k = np.arange(K, dtype=np.float64)
    rho = radius_m * np.sqrt(k / max(K - 1, 1))
    th = k * _GOLDEN_ANGLE
    return np.stack([rho * np.cos(th), rho * np.sin(th)], axis=-1)


def suncatcher_cluster_states(mean_motion_rad_per_s: float, count: int = 81, radius_m: float = 1000.0) -> FloatArray:
    """Initial HCW states of a Suncatcher-like cluster: ``count`` satellites within ``radius_m``.

    Parameters
    ----------
    mean_motion_rad_per_s
        Reference-orbit mean motion n [rad/s] (e.g. 650 km dawn–dusk SSO).
    count
        Number of satellites (81 in the Suncatcher design).
    radius_m
        Cluster radius [m] (1 km in the Suncatcher design).

    Returns
    -------
    ndarray
        States (x, y, z, ẋ, ẏ, ż), shape (count, 6): a sunflower disc layout
        (:func:`disc_layout_m`) on a rigid "general circular orbit" plane
        (:func:`circular_formation_states`), so every satellite stays within ``radius_m`` of the
        reference and neighbour distances are constant in the HCW model.

    References
    ----------
    Google Research, "Towards a future space-based, highly scalable AI infrastructure system design"
    (Project Suncatcher), arXiv:2511.19468 (2025): 81 satellites, 1 km cluster radius, 650 km dawn–dusk
    SSO, neighbour distances 100–200 m.
    """
    return circular_formation_states(disc_layout_m(count, radius_m), mean_motion_rad_per_s)


def neighbour_distances_m(relative_positions_m: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Nearest-neighbour distance of each satellite over time, and the closest pair distance over time.

    Parameters
    ----------
    relative_positions_m
        Positions of K satellites [m], shape (K, T, 3) (any common frame, e.g. HCW x, y, z).

    Returns
    -------
    nearest_m : ndarray
        Distance to the nearest other satellite, shape (K, T) [m].
    closest_pair_m : ndarray
        Minimum over all pairs, shape (T,) [m].

    Notes
    -----
    Direct pairwise distances, O(K² T) (K = 81, T = 1440 takes ~10⁷ operations).
    """
    r = np.asarray(relative_positions_m, dtype=np.float64)
    K = r.shape[0]
    nearest = np.full(r.shape[:-1], np.inf)
    for k in range(K):
        d = np.sqrt(np.sum((r - r[k]) ** 2, axis=-1))  # (K, T)
        d[k] = np.inf
        nearest[k] = d.min(axis=0)
    return nearest, nearest.min(axis=0)


def hill_to_inertial(
    r_ref_m: ArrayLike, v_ref_m_per_s: ArrayLike, relative_state: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Inertial position and velocity of a deputy from its Hill-frame relative state.

    Parameters
    ----------
    r_ref_m, v_ref_m_per_s
        Reference (chief) inertial position [m] and velocity [m/s], shape (..., 3).
    relative_state
        (x, y, z, ẋ, ẏ, ż) in the Hill frame [m, m/s], shape (..., 6).

    Returns
    -------
    r_m, v_m_per_s : ndarray
        Deputy inertial state, shape (..., 3).

    Notes
    -----
    R = [r̂, ĥ × r̂, ĥ] (columns), ω = (r × v)/|r|²; r_d = r + R ρ, v_d = v + R ρ̇ + ω × (R ρ)
    (Vallado 2013, §6.8; Schaub & Junkins 2009, §14.3).
    """
    r = np.asarray(r_ref_m, dtype=np.float64)
    v = np.asarray(v_ref_m_per_s, dtype=np.float64)
    s = np.asarray(relative_state, dtype=np.float64)
    rn = np.linalg.norm(r, axis=-1, keepdims=True)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=-1, keepdims=True)
    ex = r / rn
    ez = h / hn
    ey = np.cross(ez, ex)
    rho = s[..., 0:1] * ex + s[..., 1:2] * ey + s[..., 2:3] * ez
    rhod = s[..., 3:4] * ex + s[..., 4:5] * ey + s[..., 5:6] * ez
    omega = h / rn**2
    return r + rho, v + rhod + np.cross(omega, rho)


def inertial_to_hill(r_ref_m: ArrayLike, v_ref_m_per_s: ArrayLike, r_m: ArrayLike, v_m_per_s: ArrayLike) -> FloatArray:
    """Hill-frame relative state of a deputy from inertial states (inverse of :func:`hill_to_inertial`).

    Parameters
    ----------
    r_ref_m, v_ref_m_per_s
        Chief inertial position [m] and velocity [m/s], shape (..., 3).
    r_m, v_m_per_s
        Deputy inertial position [m] and velocity [m/s], shape (..., 3).

    Returns
    -------
    ndarray
        (x, y, z, ẋ, ẏ, ż), shape (..., 6) (Vallado 2013, §6.8).
    """
    r = np.asarray(r_ref_m, dtype=np.float64)
    v = np.asarray(v_ref_m_per_s, dtype=np.float64)
    dr = np.asarray(r_m, dtype=np.float64) - r
    dv = np.asarray(v_m_per_s, dtype=np.float64) - v
    rn = np.linalg.norm(r, axis=-1, keepdims=True)
    h = np.cross(r, v)
    hn = np.linalg.norm(h, axis=-1, keepdims=True)
    ex, ez = r / rn, h / hn
    ey = np.cross(ez, ex)
    omega = h / rn**2
    dvr = dv - np.cross(omega, dr)
    comps = [np.sum(dr * e, axis=-1) for e in (ex, ey, ez)] + [np.sum(dvr * e, axis=-1) for e in (ex, ey, ez)]
    return np.stack(comps, axis=-1)


__all__ = [
    "circular_formation_states",
    "disc_layout_m",
    "hcw_bounded_along_track_velocity",
    "hcw_drift_rate_m_per_s",
    "hcw_propagate",
    "hill_to_inertial",
    "inertial_to_hill",
    "neighbour_distances_m",
    "suncatcher_cluster_states",
]
