"""Discounting kernels: annuity factor, present value, NPV, levelised cost, straight-line depreciation.

Pure functions over floats and numpy arrays that broadcast; rates are real (inflation-free) annual
fractions (0.07 for 7 %), times are in years. Cash-flow series put time on the last axis, so a
``(n_samples, n_years)`` array evaluates every Monte Carlo sample at once.

References
----------
.. [1] Short, W., Packey, D. J., Holt, T. (1995). *A Manual for the Economic Evaluation of Energy
   Efficiency and Renewable Energy Technologies*, NREL/TP-462-5173, §4 (present worth, capital
   recovery factor, levelised cost).
.. [2] Brealey, R., Myers, S., Allen, F. (2020). *Principles of Corporate Finance*, 13th ed., ch. 2
   (annuities, net present value).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from skyrack.arrays import FloatArray, as_float
from skyrack.economics._types import safe_divide

__all__ = [
    "annuity_factor",
    "book_value",
    "discount_factor",
    "levelized_cost",
    "npv",
    "present_value",
    "present_value_level",
    "straight_line_depreciation",
]

# Below this |rate| the annuity formula is replaced by its r -> 0 limit 1/n to avoid 0/0.
_RATE_EPS = 1e-12


def discount_factor(rate: ArrayLike, t_years: ArrayLike) -> FloatArray:
    r"""Present value of one unit of money received ``t_years`` from now.

    .. math:: d(t) = (1 + r)^{-t}

    Parameters
    ----------
    rate : array_like
        Real discount rate per year [-], > -1.
    t_years : array_like
        Time of the cash flow [year]; may be fractional.

    Returns
    -------
    numpy.ndarray
        Discount factor [-], broadcast shape of the inputs.

    References
    ----------
    Short et al. (1995), NREL/TP-462-5173, eq. 4-1.
    """
    r = as_float(rate)
    t = as_float(t_years)
    return as_float(np.exp(-t * np.log1p(r)))


def annuity_factor(rate: ArrayLike, n_years: ArrayLike) -> FloatArray:
    r"""Capital recovery factor: the level annual payment that repays one unit over ``n_years``.

    .. math:: A(r, n) = \frac{r}{1 - (1 + r)^{-n}}, \qquad \lim_{r \to 0} A = 1/n

    Parameters
    ----------
    rate : array_like
        Real discount rate per year [-].
    n_years : array_like
        Number of years of payments [year], > 0 (fractional allowed).

    Returns
    -------
    numpy.ndarray
        Annuity (capital recovery) factor [1/year].

    Notes
    -----
    At 7 % over 25 years :math:`A = 0.0858`. ``(1+r)^{-n}`` is evaluated as
    ``exp(-n log1p(r))`` for accuracy at small rates.

    References
    ----------
    Short et al. (1995), NREL/TP-462-5173, eq. 4-5 (capital recovery factor).
    """
    r = as_float(rate)
    n = as_float(n_years)
    with np.errstate(divide="ignore", invalid="ignore"):
        general = r / (-np.expm1(-n * np.log1p(r)))
        limit = 1.0 / n
    return as_float(np.where(np.abs(r) < _RATE_EPS, limit, general))


def present_value_level(
    payment: ArrayLike, rate: ArrayLike, n_years: ArrayLike, start_years: ArrayLike = 0.0
) -> FloatArray:
    r"""Present value of a level payment made at the end of each year for ``n_years``.

    .. math:: PV = \frac{P}{A(r, n)} \, (1 + r)^{-t_0}

    where :math:`A` is :func:`annuity_factor` and :math:`t_0` delays the first period.

    Parameters
    ----------
    payment : array_like
        Payment per year [currency/year].
    rate : array_like
        Real discount rate per year [-].
    n_years : array_like
        Number of yearly payments [year].
    start_years : array_like, optional
        Start of the first year of payments [year]; default 0 (first payment at t = 1).

    Returns
    -------
    numpy.ndarray
        Present value [currency].

    References
    ----------
    Short et al. (1995), NREL/TP-462-5173, eq. 4-4 (uniform present worth).
    """
    return as_float(as_float(payment) / annuity_factor(rate, n_years) * discount_factor(rate, start_years))


def present_value(cash_flows: ArrayLike, rate: ArrayLike, t_years: ArrayLike) -> FloatArray:
    r"""Present value of a (possibly time-varying) cash-flow series; time on the last axis.

    .. math:: PV = \sum_k C_k \, (1 + r)^{-t_k}

    Parameters
    ----------
    cash_flows : array_like
        Cash flows, shape ``(..., n)`` [currency].
    rate : array_like
        Real discount rate per year, shape broadcastable to ``(...)`` [-].
    t_years : array_like
        Time of each flow, shape broadcastable to ``(..., n)`` [year].

    Returns
    -------
    numpy.ndarray
        Present value, shape ``(...)`` [currency].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 2, eq. 2.1.
    """
    c = as_float(cash_flows)
    r = as_float(rate)[..., np.newaxis]
    return as_float(np.sum(c * discount_factor(r, t_years), axis=-1))


def npv(rate: ArrayLike, cash_flows: ArrayLike, t_years: ArrayLike | None = None) -> FloatArray:
    r"""Net present value of a cash-flow series whose first flow is at t = 0 by default.

    .. math:: NPV = \sum_{k=0}^{n-1} \frac{C_k}{(1 + r)^{t_k}}, \qquad t_k = k \text{ by default}

    Parameters
    ----------
    rate : array_like
        Real discount rate per year [-], shape broadcastable to ``(...)``.
    cash_flows : array_like
        Signed cash flows (negative = spending), shape ``(..., n)`` [currency].
    t_years : array_like, optional
        Time of each flow [year]; default ``0, 1, ..., n-1`` (the numpy-financial convention).

    Returns
    -------
    numpy.ndarray
        Net present value, shape ``(...)`` [currency].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 2 (net present value).
    """
    c = as_float(cash_flows)
    t = np.arange(c.shape[-1], dtype=np.float64) if t_years is None else as_float(t_years)
    return present_value(c, rate, t)


def levelized_cost(costs: ArrayLike, outputs: ArrayLike, rate: ArrayLike, t_years: ArrayLike) -> FloatArray:
    r"""Levelised cost: discounted cost divided by discounted output (time on the last axis).

    .. math:: LC = \frac{\sum_k C_k (1 + r)^{-t_k}}{\sum_k Q_k (1 + r)^{-t_k}}

    Parameters
    ----------
    costs : array_like
        Costs per period, shape ``(..., n)`` [currency].
    outputs : array_like
        Output per period (GPU-hours, MWh, exaFLOP...), shape ``(..., n)`` [unit].
    rate : array_like
        Real discount rate per year [-].
    t_years : array_like
        Time of each period's flows [year].

    Returns
    -------
    numpy.ndarray
        Levelised cost [currency/unit]; NaN where the discounted output is zero.

    References
    ----------
    Short et al. (1995), NREL/TP-462-5173, eq. 4-13 (levelised cost of energy).
    """
    return safe_divide(present_value(costs, rate, t_years), present_value(outputs, rate, t_years))


def straight_line_depreciation(cost: ArrayLike, life_years: ArrayLike, salvage: ArrayLike = 0.0) -> FloatArray:
    r"""Annual straight-line depreciation charge.

    .. math:: D = \frac{C - S}{L}

    Parameters
    ----------
    cost : array_like
        Capitalised cost [currency].
    life_years : array_like
        Depreciation (useful) life [year], > 0.
    salvage : array_like, optional
        Salvage value at the end of life [currency]; default 0.

    Returns
    -------
    numpy.ndarray
        Depreciation per year [currency/year] during the life (zero after it).

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 6 (straight-line depreciation).
    """
    return safe_divide(as_float(cost) - as_float(salvage), life_years)


def book_value(cost: ArrayLike, life_years: ArrayLike, age_years: ArrayLike, salvage: ArrayLike = 0.0) -> FloatArray:
    r"""Book value of an asset after ``age_years`` of straight-line depreciation.

    .. math:: B(a) = C - (C - S)\,\min\!\left(\max(a, 0)/L,\, 1\right)

    Parameters
    ----------
    cost : array_like
        Capitalised cost [currency].
    life_years : array_like
        Depreciation life [year], > 0 (``inf`` for an asset that never depreciates).
    age_years : array_like
        Age of the asset [year]; negative ages count as new.
    salvage : array_like, optional
        Salvage value [currency]; default 0.

    Returns
    -------
    numpy.ndarray
        Book value [currency].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 6.
    """
    c = as_float(cost)
    s = as_float(salvage)
    with np.errstate(divide="ignore", invalid="ignore"):
        used = np.clip(np.maximum(as_float(age_years), 0.0) / as_float(life_years), 0.0, 1.0)
    return as_float(c - (c - s) * used)
