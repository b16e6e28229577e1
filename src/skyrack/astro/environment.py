"""Earth view factor and orbital heat loads on a flat plate (solar, albedo, Earth IR).

The loads are the *incident* fluxes on one face of the plate [W/m²]; absorptivity and emissivity are
applied by the thermal models. Attitudes: ``"nadir"`` (face normal towards the Earth's centre),
``"sun"`` (face normal towards the Sun), ``"edge"`` (face normal along the orbit normal, so the plate is
edge-on to the Earth and contains the velocity and nadir directions).
"""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from skyrack.astro._typing import FloatArray
from skyrack.constants import ASTRONOMICAL_UNIT_M, EARTH_EQUATORIAL_RADIUS_M, SOLAR_CONSTANT_W_PER_M2

# Mean outgoing long-wave radiation at the top of the atmosphere [W/m²]; Loeb et al. (2009), J. Climate
# 22, 748 (CERES EBAF, 239.6) and the DESIGN.md reference ~237 W/m² (Gilmore 2002, Table 2.3, mean 237).
EARTH_IR_W_PER_M2: Final = 237.0
# Mean Bond albedo of the Earth [-]; Gilmore (2002), *Spacecraft Thermal Control Handbook*, Table 2.3
# (orbit-average design value 0.30).
EARTH_ALBEDO: Final = 0.30

ATTITUDES: Final = ("nadir", "sun", "edge")


def earth_view_factor_plate(distance_m: ArrayLike, tilt_from_nadir_rad: ArrayLike) -> FloatArray:
    """View factor from one face of a small flat plate to a spherical Earth [-].

    Parameters
    ----------
    distance_m
        Distance of the plate from the Earth's centre r [m] (R⊕ + altitude).
    tilt_from_nadir_rad
        Angle γ between the face normal and the nadir direction [rad] (0: facing the Earth, π/2:
        edge-on, π: facing away).

    Returns
    -------
    ndarray
        F ∈ [0, 1/H²] [-]; NaN for r ≤ R⊕.

    Notes
    -----
    With H = r / R⊕ and X = √(H² − 1) (Howell, *A Catalog of Radiation Heat Transfer Configuration
    Factors*, 3rd ed., factor B-13; Gilmore 2002, §2):

    * γ ≤ π/2 − asin(1/H): F = cos γ / H²;
    * π/2 − asin(1/H) < γ < π/2 + asin(1/H):
      F = 1/2 − (1/π) asin(X / (H sin γ)) + [cos γ acos(−X cot γ) − X √(1 − H² cos² γ)] / (π H²);
    * otherwise F = 0.
    """
    r = np.asarray(distance_m, dtype=np.float64)
    g = np.abs(np.asarray(tilt_from_nadir_rad, dtype=np.float64))
    g = np.where(g > np.pi, 2 * np.pi - g, g)  # angle in [0, π]
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        H = r / EARTH_EQUATORIAL_RADIUS_M
        X = np.sqrt(H * H - 1.0)
        half_cone = np.arcsin(1.0 / H)
        cg, sg = np.cos(g), np.sin(g)
        full = cg / (H * H)
        partial = (
            0.5
            - np.arcsin(np.clip(X / (H * sg), -1.0, 1.0)) / np.pi
            + (cg * np.arccos(np.clip(-X * cg / sg, -1.0, 1.0)) - X * np.sqrt(np.maximum(1.0 - H * H * cg * cg, 0.0)))
            / (np.pi * H * H)
        )
        F = np.where(g <= np.pi / 2 - half_cone, full, np.where(g < np.pi / 2 + half_cone, partial, 0.0))
    F = np.where(H > 1.0, np.maximum(F, 0.0), np.nan)
    return np.asarray(F, dtype=np.float64)


class PlateLoads(NamedTuple):
    """Incident fluxes on one face of a flat plate [W/m²] and its Earth view factor [-], shape (N, T)."""

    earth_view_factor: FloatArray
    solar_w_per_m2: FloatArray
    albedo_w_per_m2: FloatArray
    earth_ir_w_per_m2: FloatArray


def plate_loads(
    r_sat_eci_m: ArrayLike,
    r_sun_eci_m: ArrayLike,
    attitude: str,
    sun_fraction: ArrayLike = 1.0,
    velocity_eci_m_per_s: ArrayLike | None = None,
    albedo: float = EARTH_ALBEDO,
    earth_ir_w_per_m2: float = EARTH_IR_W_PER_M2,
    solar_constant_w_per_m2: float = SOLAR_CONSTANT_W_PER_M2,
) -> PlateLoads:
    """Solar, albedo and Earth-IR fluxes incident on one face of a flat plate at a given attitude.

    Parameters
    ----------
    r_sat_eci_m
        Satellite positions [m], shape (..., 3), e.g. (N, T, 3).
    r_sun_eci_m
        Sun positions [m], broadcastable, e.g. (T, 3).
    attitude
        ``"nadir"``, ``"sun"`` or ``"edge"`` (see module notes); anything else gives NaN.
    sun_fraction
        Visible fraction of the solar disc ν (:func:`skyrack.astro.shadow.sun_visible_fraction`),
        broadcastable to (...); default 1.
    velocity_eci_m_per_s
        Velocities, needed for ``"edge"`` (orbit normal ĥ = r × v / |r × v|).
    albedo
        Earth Bond albedo ρ [-]; default 0.30 (Gilmore 2002).
    earth_ir_w_per_m2
        Outgoing long-wave radiation at the top of the atmosphere [W/m²]; default 237.
    solar_constant_w_per_m2
        Total solar irradiance at 1 au [W/m²]; default 1361 (Kopp & Lean 2011).

    Returns
    -------
    PlateLoads
        F, q_sun = ν S (1 au/d)² max(0, n̂·ŝ), q_alb = ρ S (1 au/d)² F max(0, cos ζ),
        q_IR = OLR · F, shape (...).

    Notes
    -----
    ζ is the solar zenith angle at the sub-satellite point (cos ζ = r̂·ŝ); the albedo term is the usual
    design approximation that scales the plate's Earth view factor by the sub-satellite illumination
    (Gilmore 2002, *Spacecraft Thermal Control Handbook* vol. 1, §2 "Albedo"), which overstates the load
    near the terminator. Earth IR uses the same view factor as a diffuse emitter at the OLR
    (Gilmore 2002, §2 "Earth IR").
    """
    r = np.asarray(r_sat_eci_m, dtype=np.float64)
    s = np.asarray(r_sun_eci_m, dtype=np.float64)
    d_sun = np.linalg.norm(s, axis=-1)
    sh = s / d_sun[..., None]
    rn = np.linalg.norm(r, axis=-1)
    rh = r / rn[..., None]
    nadir = -rh
    if attitude == "nadir":
        normal = nadir
    elif attitude == "sun":
        normal = np.broadcast_to(sh, np.broadcast_shapes(sh.shape, r.shape))
    elif attitude == "edge" and velocity_eci_m_per_s is not None:
        h = np.cross(r, np.asarray(velocity_eci_m_per_s, dtype=np.float64))
        normal = h / np.linalg.norm(h, axis=-1, keepdims=True)
    else:
        nan = np.full(rn.shape, np.nan)
        return PlateLoads(nan, nan, nan, nan)
    cos_tilt = np.clip(np.sum(normal * nadir, axis=-1), -1.0, 1.0)
    F = earth_view_factor_plate(rn, np.arccos(cos_tilt))
    flux = solar_constant_w_per_m2 * (ASTRONOMICAL_UNIT_M / d_sun) ** 2
    nu = np.asarray(sun_fraction, dtype=np.float64)
    q_sun = nu * flux * np.maximum(np.sum(normal * sh, axis=-1), 0.0)
    cos_zenith = np.maximum(np.sum(rh * sh, axis=-1), 0.0)
    q_alb = albedo * flux * F * cos_zenith
    q_ir = earth_ir_w_per_m2 * F
    return PlateLoads(
        np.asarray(F, dtype=np.float64),
        np.asarray(q_sun, dtype=np.float64),
        np.asarray(q_alb, dtype=np.float64),
        np.asarray(q_ir, dtype=np.float64),
    )


__all__ = ["ATTITUDES", "EARTH_ALBEDO", "EARTH_IR_W_PER_M2", "PlateLoads", "earth_view_factor_plate", "plate_loads"]
