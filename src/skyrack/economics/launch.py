"""Launch price over time and launch logistics: satellites per launch, launches, deployment, replacement.

Pure, vectorised kernels. Every argument broadcasts, so one call evaluates a whole Monte Carlo sample
set; per-year results carry the year on a new last axis. Counts that are physically integers (launches
for the initial deployment, satellites per launch) are integers; yearly flows from a cadence-limited
ramp and expected failure replacements are expected values and may be fractional. Infeasible inputs
(a satellite heavier than the vehicle's payload) give NaN rather than an exception.

Price models
------------
* fixed: one price per kg for every launch;
* Wright's law on cumulative launched mass [1]_: :math:`p = p_0 (M/M_0)^{\\log_2(1-LR)}`;
* published exponential trend [2]_: NASA OTPS (2024), citing BryceTech: the average price per kg fell
  36 % from 2013 to 2022; from $1,500/kg it would be $615/kg in 2040.

References
----------
.. [1] Wright, T. P. (1936). Factors affecting the cost of airplanes. *J. Aeronautical Sciences* 3(4),
   122-128.
.. [2] Rodgers, E. et al. (2024). *Space-Based Solar Power*, NASA Office of Technology, Policy, and
   Strategy, report 20230018600, §5.2.2 (launch price trend, BryceTech 2022).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from skyrack.arrays import FloatArray, as_float
from skyrack.economics._types import safe_divide, year_edges

__all__ = [
    "NASA_OTPS_BASE_PRICE_USD_PER_KG",
    "NASA_OTPS_BASE_YEAR",
    "NASA_OTPS_DECLINE_FRACTION",
    "NASA_OTPS_PERIOD_YEARS",
    "LaunchSchedule",
    "annual_change_from_trend",
    "cumulative_launches",
    "deployment_duration_years",
    "launch_bill",
    "launch_price_by_year_usd_per_kg",
    "launch_schedule",
    "launches_needed",
    "payload_to_orbit_kg",
    "satellites_per_launch",
    "trend_launch_price_usd_per_kg",
    "wright_launch_price_usd_per_kg",
]

# NASA OTPS (2024) SBSP report §5.2.2: "today's lowest price is $1,500/kg" (Falcon Heavy) [USD/kg].
NASA_OTPS_BASE_PRICE_USD_PER_KG: Final = 1500.0
# BryceTech (2022) via NASA OTPS (2024): average price per kg fell 36 % from 2013 to 2022 [-].
NASA_OTPS_DECLINE_FRACTION: Final = 0.36
# Length of that 2013-2022 window [year].
NASA_OTPS_PERIOD_YEARS: Final = 9.0
# Base year that reproduces the report's $615/kg in 2040: 1500 * 0.64**((2040 - 2022) / 9) = 614.4,
# i.e. the trend is anchored at the end of the BryceTech window (2022). Derived here, not stated there.
NASA_OTPS_BASE_YEAR: Final = 2022.0

# Slack for floor/ceil of ratios computed in floating point (a 3.0000000001 count is 3).
_COUNT_EPS = 1e-9


def trend_launch_price_usd_per_kg(
    year: ArrayLike,
    base_price_usd_per_kg: ArrayLike = NASA_OTPS_BASE_PRICE_USD_PER_KG,
    base_year: ArrayLike = NASA_OTPS_BASE_YEAR,
    decline_fraction: ArrayLike = NASA_OTPS_DECLINE_FRACTION,
    period_years: ArrayLike = NASA_OTPS_PERIOD_YEARS,
) -> FloatArray:
    r"""Launch price following a published exponential trend.

    .. math:: p(y) = p_0 \, (1 - d)^{(y - y_0)/T}

    Parameters
    ----------
    year : array_like
        Calendar year of the launch [year].
    base_price_usd_per_kg : array_like, optional
        Price in the base year [USD/kg]; default $1,500/kg (NASA OTPS 2024).
    base_year : array_like, optional
        Base year :math:`y_0`; default 2022.
    decline_fraction : array_like, optional
        Fractional fall :math:`d` per period [-]; default 0.36.
    period_years : array_like, optional
        Period :math:`T` over which the fall :math:`d` happens [year]; default 9.

    Returns
    -------
    numpy.ndarray
        Launch price [USD/kg]; the defaults give $614/kg in 2040 (report: $615/kg).

    References
    ----------
    NASA OTPS (2024), *Space-Based Solar Power*, §5.2.2, citing BryceTech (2022).
    """
    exponent = (as_float(year) - as_float(base_year)) / as_float(period_years)
    return as_float(as_float(base_price_usd_per_kg) * (1.0 - as_float(decline_fraction)) ** exponent)


def annual_change_from_trend(decline_fraction: ArrayLike, period_years: ArrayLike) -> FloatArray:
    r"""Equivalent constant annual fractional change of a trend that falls by ``d`` every ``T`` years.

    .. math:: g = (1 - d)^{1/T} - 1

    Parameters
    ----------
    decline_fraction : array_like
        Fall per period [-], in [0, 1).
    period_years : array_like
        Period [year], > 0.

    Returns
    -------
    numpy.ndarray
        Annual change [-/year] (negative for a falling price); -0.0484 for 36 % per 9 years.
    """
    return as_float((1.0 - as_float(decline_fraction)) ** (1.0 / as_float(period_years)) - 1.0)


def wright_launch_price_usd_per_kg(
    reference_price_usd_per_kg: ArrayLike,
    cumulative_mass_kg: ArrayLike,
    reference_cumulative_mass_kg: ArrayLike,
    learning_rate: ArrayLike,
) -> FloatArray:
    r"""Launch price from Wright's law on cumulative launched mass.

    .. math:: p(M) = p_0 \left(\frac{M}{M_0}\right)^{b}, \qquad b = \log_2(1 - LR)

    so every doubling of cumulative mass multiplies the price by :math:`1 - LR`.

    Parameters
    ----------
    reference_price_usd_per_kg : array_like
        Price :math:`p_0` at the reference cumulative mass [USD/kg].
    cumulative_mass_kg : array_like
        Cumulative launched mass :math:`M` [kg], > 0.
    reference_cumulative_mass_kg : array_like
        Cumulative mass :math:`M_0` at which the price is :math:`p_0` [kg], > 0.
    learning_rate : array_like
        Fractional price fall per doubling [-], in [0, 1); Suncatcher (arXiv 2511.19468) uses ~0.2.

    Returns
    -------
    numpy.ndarray
        Launch price [USD/kg]; equal to :math:`p_0` wherever ``learning_rate == 0``.

    References
    ----------
    Wright (1936), J. Aeronautical Sciences 3(4); Suncatcher, arXiv 2511.19468, §2.4.
    """
    lr = as_float(learning_rate)
    b = np.log2(1.0 - lr)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = (as_float(cumulative_mass_kg) / as_float(reference_cumulative_mass_kg)) ** b
    return as_float(as_float(reference_price_usd_per_kg) * np.where(lr == 0.0, 1.0, factor))


def launch_price_by_year_usd_per_kg(
    price_usd_per_kg: ArrayLike,
    t_years: ArrayLike,
    *,
    annual_change_fraction: ArrayLike = 0.0,
    learning_rate: ArrayLike = 0.0,
    reference_cumulative_mass_kg: ArrayLike = np.inf,
    added_cumulative_mass_kg: ArrayLike = 0.0,
) -> FloatArray:
    r"""Launch price at time ``t_years`` after the project start: trend times Wright factor.

    .. math:: p(t) = p_0 \,(1 + g)^{t} \left(\frac{M_0 + \Delta M(t)}{M_0}\right)^{\log_2(1 - LR)}

    ``g = 0`` and ``LR = 0`` give a fixed price; :func:`annual_change_from_trend` turns a published
    trend into ``g``.

    Parameters
    ----------
    price_usd_per_kg : array_like
        Price at the project start :math:`p_0` [USD/kg].
    t_years : array_like
        Time after the project start [year].
    annual_change_fraction : array_like, optional
        Annual fractional change :math:`g` [-/year]; default 0.
    learning_rate : array_like, optional
        Wright learning rate [-]; default 0 (no learning).
    reference_cumulative_mass_kg : array_like, optional
        Industry cumulative launched mass at the project start :math:`M_0` [kg].
    added_cumulative_mass_kg : array_like, optional
        Mass launched since the project start :math:`\Delta M(t)` [kg] (industry plus own launches).

    Returns
    -------
    numpy.ndarray
        Launch price [USD/kg].

    References
    ----------
    Wright (1936); NASA OTPS (2024) §5.2.2.
    """
    m0 = as_float(reference_cumulative_mass_kg)
    trend = as_float(price_usd_per_kg) * (1.0 + as_float(annual_change_fraction)) ** as_float(t_years)
    return wright_launch_price_usd_per_kg(trend, m0 + as_float(added_cumulative_mass_kg), m0, learning_rate)


def payload_to_orbit_kg(
    payload_leo_kg: ArrayLike,
    payload_sso_kg: ArrayLike,
    sso_payload_fraction: ArrayLike,
    sun_synchronous: ArrayLike,
) -> FloatArray:
    r"""Payload mass a vehicle can place in the target orbit.

    For a sun-synchronous target the vehicle's published SSO figure is used; where it has none (NaN)
    the LEO figure is scaled by ``sso_payload_fraction``:

    .. math:: m_{SSO} = f_{SSO}\, m_{LEO}

    Parameters
    ----------
    payload_leo_kg : array_like
        Payload to low-inclination LEO [kg].
    payload_sso_kg : array_like
        Published payload to SSO [kg], NaN where unknown.
    sso_payload_fraction : array_like
        SSO-to-LEO payload ratio used when no SSO figure exists [-]; Ariane 6 gives 0.70-0.72.
    sun_synchronous : array_like of bool
        Whether the target orbit is sun-synchronous.

    Returns
    -------
    numpy.ndarray
        Payload to the target orbit [kg].

    References
    ----------
    Ariane 6 user data (A62: 10,350 kg LEO, 7,200 kg SSO), parameters.md [S27].
    """
    leo = as_float(payload_leo_kg)
    sso = as_float(payload_sso_kg)
    sso_eff = np.where(np.isnan(sso), leo * as_float(sso_payload_fraction), sso)
    return as_float(np.where(np.asarray(sun_synchronous, dtype=bool), sso_eff, leo))


def satellites_per_launch(
    payload_kg: ArrayLike,
    satellite_mass_kg: ArrayLike,
    fairing_volume_m3: ArrayLike = np.inf,
    satellite_volume_m3: ArrayLike = 0.0,
) -> FloatArray:
    r"""Whole satellites one launch carries, limited by payload mass and (optionally) fairing volume.

    .. math:: n = \min\left(\left\lfloor m_{pay}/m_{sat} \right\rfloor,
              \left\lfloor V_{fair}/V_{sat} \right\rfloor\right)

    Parameters
    ----------
    payload_kg : array_like
        Payload to the target orbit [kg] (see :func:`payload_to_orbit_kg`).
    satellite_mass_kg : array_like
        Launch mass of one satellite [kg], > 0.
    fairing_volume_m3 : array_like, optional
        Usable fairing volume [m^3]; ``inf`` (default) when not limiting or unknown.
    satellite_volume_m3 : array_like, optional
        Stowed volume of one satellite [m^3]; 0 (default) ignores the volume limit.

    Returns
    -------
    numpy.ndarray
        Satellites per launch [-], an integer-valued float; 0 when one satellite does not fit.
    """
    by_mass = np.floor(as_float(payload_kg) / as_float(satellite_mass_kg) + _COUNT_EPS)
    v_sat = as_float(satellite_volume_m3)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_volume = np.where(v_sat > 0.0, np.floor(as_float(fairing_volume_m3) / v_sat + _COUNT_EPS), np.inf)
    return as_float(np.maximum(np.minimum(by_mass, by_volume), 0.0))


def launches_needed(n_satellites: ArrayLike, satellites_per_launch: ArrayLike) -> FloatArray:
    r"""Launches needed to deploy ``n_satellites``.

    .. math:: L = \lceil N / n \rceil

    Parameters
    ----------
    n_satellites : array_like
        Satellites to launch [-].
    satellites_per_launch : array_like
        Satellites per launch [-] (see :func:`satellites_per_launch`).

    Returns
    -------
    numpy.ndarray
        Number of launches [-]; NaN where ``satellites_per_launch == 0`` (infeasible).
    """
    return as_float(np.ceil(safe_divide(n_satellites, satellites_per_launch) - _COUNT_EPS))


def launch_bill(
    n_satellites: int,
    satellite_mass_kg: float,
    payload_kg: float,
    price_usd_per_kg: float,
    bills_whole_launches: bool,
    assembled_in_orbit: bool = False,
) -> tuple[int, int, float]:
    r"""Satellites per launch, launches and launch cost of deploying a fleet, scalar.

    Whole satellites per launch :math:`n = \lfloor m_{pay} / m_{sat} \rfloor`, launches :math:`L = \lceil N / n
    \rceil`; a satellite heavier than one launch flies in :math:`\lceil m_{sat} / m_{pay} \rceil` launches when
    assembled in orbit (else it cannot fly: 0 launches). Cost: whole launches at the list price
    (:math:`L \, p \, m_{pay}`) when the vehicle is bought per launch, else the launched mass at the price
    per kg (:math:`N m_{sat} p`).

    Returns
    -------
    satellites_per_launch, launches, cost_usd
        0 satellites per launch (and 0 launches) when one satellite does not fit and is not assembled in orbit.
    """
    mass_ok = math.isfinite(satellite_mass_kg) and satellite_mass_kg > 0
    per_launch = int(payload_kg // satellite_mass_kg) if mass_ok else 0
    if mass_ok and assembled_in_orbit and per_launch == 0:
        launches = n_satellites * math.ceil(satellite_mass_kg / payload_kg)  # each satellite launched in parts
    elif per_launch == 0:
        launches = 0
    else:
        launches = math.ceil(n_satellites / per_launch)
    if bills_whole_launches and launches:
        cost = launches * price_usd_per_kg * payload_kg
    else:
        cost = n_satellites * satellite_mass_kg * price_usd_per_kg
    return per_launch, launches, cost


def deployment_duration_years(n_launches: ArrayLike, max_launches_per_year: ArrayLike) -> FloatArray:
    r"""Time to fly ``n_launches`` at the cadence limit.

    .. math:: T = L / \dot L_{max}

    Parameters
    ----------
    n_launches : array_like
        Number of launches [-].
    max_launches_per_year : array_like
        Cadence limit available to the project [1/year], > 0 (``inf`` = no limit).

    Returns
    -------
    numpy.ndarray
        Deployment duration [year].
    """
    return safe_divide(n_launches, max_launches_per_year)


# Stand-in for 1/0 in a zero-length ramp (a step): any positive time step saturates the ramp.
_STEP_INVERSE = 1e300


def _inverse_duration(tau: FloatArray) -> FloatArray:
    """``1/tau``, with a huge finite value for ``tau == 0`` so the ramp becomes a step at ``t0``."""
    with np.errstate(divide="ignore"):
        return as_float(np.where(tau > 0.0, 1.0 / tau, _STEP_INVERSE))


def _ramp_fraction(t: FloatArray, t0: FloatArray, inv_tau: FloatArray) -> FloatArray:
    """Fraction done by time ``t`` of a linear ramp starting at ``t0`` with duration ``1/inv_tau``."""
    x = (t - t0) * inv_tau
    np.maximum(x, 0.0, out=x)
    np.minimum(x, 1.0, out=x)
    return x


def _ramp_integral(t: FloatArray, t0: FloatArray, tau: FloatArray) -> FloatArray:
    """Time integral from -inf to ``t`` of the ramp fraction [year] (``tau = 0``: a step)."""
    u = t - t0
    uc = np.minimum(np.maximum(u, 0.0), tau)
    with np.errstate(divide="ignore"):
        half_inv = np.where(tau > 0.0, 0.5 / tau, 0.0)
    late = u - tau
    np.maximum(late, 0.0, out=late)
    uc *= uc
    uc *= half_inv
    return as_float(uc + late)


def cumulative_launches(
    t_years: ArrayLike,
    n_launches: ArrayLike,
    max_launches_per_year: ArrayLike,
    first_launch_years: ArrayLike = 0.0,
) -> FloatArray:
    r"""Launches flown by time ``t`` when ``n_launches`` fly at the cadence limit from ``t0``.

    .. math:: C(t) = \min\left(\max\left(\dot L_{max}\,(t - t_0),\ 0\right),\ L\right)

    Parameters
    ----------
    t_years : array_like
        Time after the project start [year].
    n_launches : array_like
        Launches of the initial deployment [-].
    max_launches_per_year : array_like
        Cadence limit [1/year] (``inf`` = all at ``t0``).
    first_launch_years : array_like, optional
        Time of the first launch [year]; default 0.

    Returns
    -------
    numpy.ndarray
        Cumulative launches [-] (a continuous ramp; expected value within a year).
    """
    n = as_float(n_launches)
    tau = safe_divide(n, max_launches_per_year)
    tau = as_float(np.where(np.isinf(as_float(max_launches_per_year)), 0.0, tau))
    t = as_float(t_years) + np.zeros_like(tau)
    return as_float(n * _ramp_fraction(t, as_float(first_launch_years), _inverse_duration(tau)))


@dataclass(frozen=True)
class LaunchSchedule:
    """Yearly launch logistics of a fleet; per-year arrays have the year on the last axis.

    Attributes
    ----------
    t_start_years, t_end_years : numpy.ndarray
        Bounds of each yearly period, cut at the horizon [year].
    satellites_per_launch : numpy.ndarray
        Satellites per launch [-].
    initial_launches : numpy.ndarray
        Launches of the initial deployment [-] (integer-valued).
    deployment_years : numpy.ndarray
        Time from first launch to full deployment [year].
    launches_initial, launches_end_of_life, launches_failures : numpy.ndarray
        Launches in each year for the first deployment, for end-of-life replacement and for failure
        replacement [-] (expected values).
    satellites_initial, satellites_end_of_life, satellites_failures : numpy.ndarray
        Satellites launched in each year for the same three reasons [-].
    satellite_years : numpy.ndarray
        Satellite-years in orbit in each year (time integral of the deployed fleet) [year].
    launches, satellites_launched : numpy.ndarray
        Launches and satellites launched in each year, all reasons [-].
    """

    t_start_years: FloatArray
    t_end_years: FloatArray
    satellites_per_launch: FloatArray
    initial_launches: FloatArray
    deployment_years: FloatArray
    launches_initial: FloatArray
    launches_end_of_life: FloatArray
    launches_failures: FloatArray
    satellites_initial: FloatArray
    satellites_end_of_life: FloatArray
    satellites_failures: FloatArray
    satellite_years: FloatArray

    launches: FloatArray
    satellites_launched: FloatArray


def launch_schedule(
    n_satellites: ArrayLike,
    satellite_mass_kg: ArrayLike,
    payload_kg: ArrayLike,
    max_launches_per_year: ArrayLike,
    design_life_years: ArrayLike,
    annual_failure_rate: ArrayLike,
    horizon_years: ArrayLike,
    *,
    fairing_volume_m3: ArrayLike = np.inf,
    satellite_volume_m3: ArrayLike = 0.0,
    first_launch_years: ArrayLike = 0.0,
) -> LaunchSchedule:
    r"""Deployment timeline and replacement launches of a fleet over the horizon.

    Model (yearly periods :math:`[k, k+1)` cut at the horizon :math:`H`):

    * initial deployment: :math:`L = \lceil N/n \rceil` launches fly at the cadence limit
      :math:`\dot L_{max}` from :math:`t_0`; cumulative launches :math:`C(t)` is a linear ramp
      (:func:`cumulative_launches`) and satellites deploy in proportion, :math:`D(t) = N\,C(t)/L`;
    * end of life (block replacement): every satellite is replaced when it reaches its design life
      :math:`T_L`, so the replacement launches are the deployment ramp shifted by
      :math:`jT_L` (:math:`j \ge 1`, only while :math:`t < H`);
    * failures: with a constant hazard :math:`\lambda` and immediate replacement, failures form a
      Poisson process of rate :math:`\lambda` per satellite in orbit, so the expected failures in a
      year are :math:`\lambda \int D\,dt`; their replacements fly as fractional shares of launches.

    Parameters
    ----------
    n_satellites : array_like
        Satellites to keep in orbit, spares included [-].
    satellite_mass_kg : array_like
        Launch mass of one satellite [kg].
    payload_kg : array_like
        Vehicle payload to the target orbit [kg] (see :func:`payload_to_orbit_kg`).
    max_launches_per_year : array_like
        Cadence limit available to the project [1/year].
    design_life_years : array_like
        Design life of a satellite [year] (``inf`` = never replaced for age).
    annual_failure_rate : array_like
        Constant failure hazard per satellite [1/year].
    horizon_years : array_like
        Analysis horizon [year].
    fairing_volume_m3, satellite_volume_m3 : array_like, optional
        Fairing and stowed satellite volume [m^3]; see :func:`satellites_per_launch`.
    first_launch_years : array_like, optional
        Time of the first launch after the project start [year]; default 0.

    Returns
    -------
    LaunchSchedule
        Per-year launches and satellites; NaN everywhere for a sample where a satellite does not fit.

    References
    ----------
    Barlow, R. E., Proschan, F. (1965). *Mathematical Theory of Reliability*, ch. 4 (block
    replacement; renewal of exponential lifetimes is a Poisson process).
    """
    n_sat = as_float(n_satellites)
    spl = satellites_per_launch(payload_kg, satellite_mass_kg, fairing_volume_m3, satellite_volume_m3)
    n_launch = launches_needed(n_sat, spl)
    cadence = as_float(max_launches_per_year)
    deploy = as_float(np.where(np.isinf(cadence), 0.0, deployment_duration_years(n_launch, cadence)))
    life = as_float(design_life_years)
    horizon = as_float(horizon_years)

    edges = year_edges(horizon)
    n_l = n_launch[..., np.newaxis]
    n_s = n_sat[..., np.newaxis]
    tau = deploy[..., np.newaxis]
    inv_tau = _inverse_duration(tau)
    t0 = as_float(first_launch_years)[..., np.newaxis]
    fill = safe_divide(n_s, n_l)  # average satellites per launch

    launches_initial = n_l * np.diff(_ramp_fraction(edges, t0, inv_tau), axis=-1)
    satellite_years = n_s * np.diff(_ramp_integral(edges, t0, tau), axis=-1)

    with np.errstate(divide="ignore", invalid="ignore"):
        cycles = horizon / life
    finite_cycles = cycles[np.isfinite(cycles)]
    n_cycles = int(np.ceil(finite_cycles.max())) if finite_cycles.size else 0
    eol_fraction = np.zeros(np.broadcast_shapes(edges.shape, t0.shape, inv_tau.shape))
    life_l = life[..., np.newaxis]
    for j in range(1, n_cycles + 1):
        eol_fraction = eol_fraction + _ramp_fraction(edges - j * life_l, t0, inv_tau)
    launches_eol = n_l * np.diff(eol_fraction, axis=-1)

    satellites_failures = as_float(annual_failure_rate)[..., np.newaxis] * satellite_years
    launches_failures = safe_divide(satellites_failures, spl[..., np.newaxis])
    satellites_initial = fill * launches_initial
    satellites_eol = fill * launches_eol

    shape = np.broadcast_shapes(launches_initial.shape, launches_eol.shape, satellites_failures.shape)

    def b(x: FloatArray) -> FloatArray:
        return as_float(np.broadcast_to(x, shape))

    return LaunchSchedule(
        t_start_years=b(edges[..., :-1]),
        t_end_years=b(edges[..., 1:]),
        satellites_per_launch=spl,
        initial_launches=n_launch,
        deployment_years=deploy,
        launches_initial=b(launches_initial),
        launches_end_of_life=b(launches_eol),
        launches_failures=b(launches_failures),
        satellites_initial=b(satellites_initial),
        satellites_end_of_life=b(satellites_eol),
        satellites_failures=b(satellites_failures),
        satellite_years=b(satellite_years),
        launches=b(launches_initial + launches_eol + launches_failures),
        satellites_launched=b(satellites_initial + satellites_eol + satellites_failures),
    )
