"""The gigawatt race: how fast each side brings compute online (kernels on a yearly grid).

Orbit: satellites roll off a production line whose rate grows geometrically, and fly as the vehicles' cadence
allows; a vehicle whose acceleration only rugged items survive (a kinetic launcher) carries those items, the rest
flying on rockets, and the satellites so split are assembled in orbit at a limited rate. Ground: data-centre
power waits in the interconnection queue, then connects at the rate the grid adds new large loads.

Times are in years from the scenario's start; the grid's year ``k`` covers [k, k + 1). Every function here is
pure numpy on SI inputs (masses in kg, accelerations in m/s², powers in W, times in years).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

# Queue draws held at once (samples × filed sites); larger studies run in chunks of samples.
MAX_QUEUE_ELEMENTS: Final = 2_000_000


def cadence_by_year(
    years: ArrayLike,
    history_years: ArrayLike,
    history_launches: ArrayLike,
    current_per_year: float,
    first_flight_year: float = math.nan,
    target_per_year: float = math.nan,
    target_year: float = math.nan,
) -> FloatArray:
    """Launches in each calendar year of ``years``: the history where it is known; after it, a geometric path from
    the last known cadence to ``target_per_year`` in ``target_year`` (held after), or the ``current_per_year``
    held; none before the first flight.

    Parameters
    ----------
    years
        Calendar years, shape (Y,).
    history_years, history_launches
        Years with published launch counts and the counts, shape (H,) (may be empty).
    current_per_year
        The cadence now, for a vehicle without a target (launches per year).
    first_flight_year
        Before it, no launches (NaN: from the history, else always flying).
    target_per_year, target_year
        A stated cadence and the year it is stated for (NaN: none).
    """
    y = np.asarray(years, dtype=np.float64)
    hy = np.asarray(history_years, dtype=np.float64)
    hl = np.asarray(history_launches, dtype=np.float64)
    out = np.full(y.shape, float(current_per_year))
    last_year = float(hy.max()) if hy.size else -math.inf
    last = float(hl[np.argmax(hy)]) if hy.size else float(current_per_year)
    if math.isfinite(target_per_year) and math.isfinite(target_year) and target_year > last_year:
        start_year = last_year if hy.size else max(float(first_flight_year), float(y.min()) - 1.0)
        base = max(last, 1.0)  # a geometric path needs a start above zero: one launch a year
        span = max(target_year - start_year, 1.0)
        frac = np.clip((y - start_year) / span, 0.0, 1.0)
        out = base * (target_per_year / base) ** frac
    for year, count in zip(hy, hl, strict=True):
        out[y == year] = count
    if math.isfinite(first_flight_year):
        out[y < first_flight_year] = 0.0
    elif hy.size:
        out[y < hy.min()] = 0.0
    return np.asarray(out, dtype=np.float64)


def satellites_produced(
    t_years: ArrayLike, rate_per_year: float, growth_per_year: float, start_years: float
) -> FloatArray:
    """Satellites built by ``t_years`` by a line that starts at ``start_years`` at ``rate_per_year``, the rate
    growing by ``growth_per_year`` a year: N(t) = r ((1 + g)^τ − 1) / ln(1 + g), τ = t − t₀ (r τ for g = 0)."""
    tau = np.maximum(np.asarray(t_years, dtype=np.float64) - start_years, 0.0)
    if abs(growth_per_year) < 1e-12:
        return np.asarray(rate_per_year * tau)
    k = math.log1p(growth_per_year)
    return np.asarray(rate_per_year * np.expm1(k * tau) / k)


@dataclass(frozen=True)
class Vehicle:
    """A launcher in the manifest: its payload per flight, its price, the acceleration it gives, its cadence."""

    name: str
    payload_kg: float
    price_usd_per_kg: float
    max_acceleration_m_per_s2: float
    launches_per_year: FloatArray  # one per year of the grid


@dataclass(frozen=True)
class Item:
    """One part of a satellite: its mass and the acceleration it survives."""

    name: str
    mass_kg: float
    tolerance_m_per_s2: float


@dataclass(frozen=True)
class OrbitRamp:
    """Year by year: satellites built, flown, waiting; each vehicle's launches and the mass of each item on it."""

    produced: FloatArray  # (Y,) satellites built in each year
    deployed: FloatArray  # (Y,) satellites flown (and assembled) in each year
    pace: FloatArray  # (Y,) satellites each year could fly without the need's cap (the rate within the year)
    waiting: FloatArray  # (Y,) built, not yet flown, at each year's end
    launches: FloatArray  # (V, Y) launches of each vehicle
    item_mass_kg: FloatArray  # (V, I, Y) mass of each item on each vehicle
    limit: list[str] = field(default_factory=list)  # what bound the deployment each year
    edges_years: FloatArray | None = None  # (Y + 1,) the years' boundaries (None: whole years from 0)
    failure_rate_per_year: float = 0.0  # constant hazard of a satellite in orbit
    life_years: float = math.inf  # a satellite retires at this age


def survival(age_years: ArrayLike, failure_rate_per_year: float, life_years: float) -> FloatArray:
    """Share of satellites still working at ``age_years``: a constant hazard λ, retired at the design life L,
    :math:`S(a) = e^{-\\lambda a}\\,[0 \\le a < L]`."""
    a = np.asarray(age_years, dtype=np.float64)
    return np.asarray(np.where((a >= 0.0) & (a < life_years), np.exp(-failure_rate_per_year * np.maximum(a, 0.0)), 0.0))


def _edges(ramp: OrbitRamp) -> FloatArray:
    if ramp.edges_years is not None:
        return ramp.edges_years
    return np.arange(ramp.deployed.size + 1, dtype=np.float64)


def _cohort_mid_years(ramp: OrbitRamp) -> FloatArray:
    """When each year's satellites fly, on average: at the year's pace from its start, so the middle of
    ``deployed / pace``."""
    e = _edges(ramp)
    with np.errstate(divide="ignore", invalid="ignore"):
        span = np.where(ramp.pace > 0, ramp.deployed / ramp.pace, 0.0)
    return np.asarray(e[:-1] + 0.5 * span)


def _attrition(ramp: OrbitRamp) -> bool:
    return ramp.failure_rate_per_year > 0.0 or math.isfinite(ramp.life_years)


def _most_satellites(
    available: float, m_total: float, m_rugged: float, rocket_kg: float, kinetic_kg: float, assembly: float
) -> float:
    """The most satellites one year can fly: whole on rockets, or (at most ``assembly`` of them) with their rugged
    items on kinetic launchers and the rest on rockets; f(S) = S m − min(K, min(A, S) m_r) ≤ R is monotone."""

    def rocket_mass(s: float) -> float:
        return s * m_total - min(kinetic_kg, min(assembly, s) * m_rugged)

    if rocket_mass(available) <= rocket_kg:
        return available
    lo, hi = 0.0, available
    for _ in range(80):  # bisection to a relative 1e-24 of the bracket
        mid = 0.5 * (lo + hi)
        if rocket_mass(mid) <= rocket_kg:
            lo = mid
        else:
            hi = mid
    return lo


def orbit_ramp(
    produced_per_year: ArrayLike,
    items: list[Item],
    vehicles: list[Vehicle],
    launch_share: float,
    assembly_per_year: float,
    needed: float,
    edges_years: ArrayLike | None = None,
    failure_rate_per_year: float = 0.0,
    life_years: float = math.inf,
) -> OrbitRamp:
    """Fly the satellites built each year as the vehicles allow, until ``needed`` satellites are up.

    With ``failure_rate_per_year`` (a constant hazard) or a finite ``life_years`` (retired at that age), satellites
    leave the fleet: each year flies what keeps ``needed`` of them working at the year's end, so replacements take
    their share of the production and the launches (``edges_years``: the years' boundaries, whole years from 0 by
    default).

    A vehicle carries an item when the item survives its acceleration. Rockets carry every item (a satellite flies
    whole); a vehicle that only some items survive carries those (the rugged set), and a satellite whose rugged
    items fly that way is assembled in orbit, at most ``assembly_per_year`` of them a year. Mass is packed
    continuously (launches = mass / payload); rockets fill cheapest first, as do the others, and rugged items take
    the partial vehicles first only when those are cheaper than every rocket. Satellites that cannot fly wait for
    next year's launches.
    """
    made = np.asarray(produced_per_year, dtype=np.float64)
    n_years, n_v, n_i = made.size, len(vehicles), len(items)
    m = np.array([it.mass_kg for it in items])
    m_total = float(m.sum())
    tolerance = np.array([it.tolerance_m_per_s2 for it in items])
    accel = np.array([v.max_acceleration_m_per_s2 for v in vehicles])
    allowed: NDArray[np.bool_] = np.asarray(tolerance[None, :] >= accel[:, None])  # (V, I)
    rocket: NDArray[np.bool_] = np.asarray(allowed.all(axis=1))
    partial: NDArray[np.bool_] = np.asarray(allowed.any(axis=1) & ~rocket)
    # the rugged set: the items every partial vehicle takes (one set for all of them)
    rugged: NDArray[np.bool_] = np.asarray(allowed[partial].all(axis=0)) if partial.any() else np.zeros(n_i, dtype=bool)
    partial = np.asarray(partial & allowed[:, rugged].all(axis=1) & rugged.any())
    m_rugged = float(m[rugged].sum())
    order_r = [int(k) for k in np.argsort([v.price_usd_per_kg for v in vehicles]) if rocket[k]]
    order_p = [int(k) for k in np.argsort([v.price_usd_per_kg for v in vehicles]) if partial[k]]
    prices = np.array([v.price_usd_per_kg for v in vehicles])
    cheaper_partial = bool(partial.any() and rocket.any() and prices[partial].min() < prices[rocket].min())
    deployed, waiting = np.zeros(n_years), np.zeros(n_years)
    launches, item_mass = np.zeros((n_v, n_years)), np.zeros((n_v, n_i, n_years))
    limits: list[str] = []
    backlog, flown = 0.0, 0.0
    pace = np.zeros(n_years)
    e = np.arange(n_years + 1, dtype=np.float64) if edges_years is None else np.asarray(edges_years, dtype=np.float64)
    mid = np.zeros(n_years)  # when each year's satellites fly, on average
    attrition = failure_rate_per_year > 0.0 or math.isfinite(life_years)
    for y in range(n_years):
        cap = np.array([v.launches_per_year[y] * v.payload_kg for v in vehicles]) * launch_share
        rocket_kg, kinetic_kg = float(cap[rocket].sum()), float(cap[partial].sum())
        pace[y] = _most_satellites(backlog + made[y], m_total, m_rugged, rocket_kg, kinetic_kg, assembly_per_year)
        if attrition:  # what the year must fly for `needed` to be working at its end
            alive = float(np.sum(deployed[:y] * survival(e[y + 1] - mid[:y], failure_rate_per_year, life_years)))
            gap = max(needed - alive, 0.0)
            s = min(pace[y], backlog + made[y], gap)
            for _ in range(8):  # the new satellites' own decay to the year's end depends on how long they take to fly
                age = e[y + 1] - e[y] - (0.5 * s / pace[y] if pace[y] > 0 else 0.0)
                share = float(survival(age, failure_rate_per_year, life_years))
                s = min(pace[y], backlog + made[y], gap / share if share > 0 else math.inf)
            available = s
        else:
            available = min(backlog + made[y], max(needed - flown, 0.0))
        s = min(pace[y], available)
        mid[y] = e[y] + (0.5 * s / pace[y] if pace[y] > 0 else 0.0)
        limits.append("production" if s >= available - 1e-9 else "launch or assembly")
        # rugged items fly on the partial vehicles as far as they can when those are the cheaper, else only as far
        # as the rockets fall short
        most = min(kinetic_kg, min(assembly_per_year, s) * m_rugged)
        rugged_kinetic = most if cheaper_partial else min(most, max(0.0, s * m_total - rocket_kg))
        # kinetic mass by item (rugged items in proportion to their mass), rockets carry the rest
        on_partial = np.where(rugged, m / m_rugged, 0.0) * rugged_kinetic if m_rugged > 0 else np.zeros(n_i)
        on_rockets = s * m - on_partial
        for order, load in ((order_r, on_rockets), (order_p, on_partial)):
            left = float(load.sum())
            for k in order:
                take = min(left, float(cap[k]))
                if take <= 0.0:
                    continue
                share = take / float(load.sum())
                item_mass[k, :, y] = load * share
                launches[k, y] = take / vehicles[k].payload_kg
                left -= take
        deployed[y] = s
        flown += s
        backlog = backlog + made[y] - s
        waiting[y] = backlog
    return OrbitRamp(made, deployed, pace, waiting, launches, item_mass, limits, e, failure_rate_per_year, life_years)


def orbit_capacity(t_years: ArrayLike, edges_years: ArrayLike, ramp: OrbitRamp, per_satellite_w: float) -> FloatArray:
    """IT power in orbit at ``t_years``: each year's satellites fly at that year's pace from its start until the
    year's count is up (the need may stop them before the year ends)."""
    t = np.asarray(t_years, dtype=np.float64)
    e = np.asarray(edges_years, dtype=np.float64)
    k = np.clip(np.searchsorted(e, t, side="right") - 1, 0, e.size - 2)
    within = np.clip(np.minimum(ramp.pace[k] * (t - e[k]), ramp.deployed[k]), 0.0, None)
    if not _attrition(ramp):
        before = np.concatenate([[0.0], np.cumsum(ramp.deployed)])
        return np.asarray((before[k] + within) * per_satellite_w)
    # earlier years' cohorts, each at its age; this year's, flown since the year began, at half its age
    mid = _cohort_mid_years(ramp)
    lam, life = ramp.failure_rate_per_year, ramp.life_years
    cohort = np.arange(ramp.deployed.size)[None, :]
    kk, tt = k.reshape(-1, 1), t.reshape(-1, 1)
    done = tt >= e[k + 1].reshape(-1, 1)  # the last year's own end: its cohort is complete
    earlier = (cohort < kk) | ((cohort == kk) & done)
    alive = np.sum(np.where(earlier, ramp.deployed[None, :] * survival(tt - mid[None, :], lam, life), 0.0), axis=1)
    flying = np.where(done.reshape(t.shape), 0.0, within)
    alive = alive.reshape(t.shape) + flying * survival(0.5 * np.maximum(t - e[k], 0.0), lam, life)
    return np.asarray(alive * per_satellite_w)


def orbit_year_reached(edges_years: ArrayLike, ramp: OrbitRamp, needed: float) -> float:
    """When :func:`orbit_capacity` has ``needed`` satellites up (years from the start; NaN if never)."""
    e = np.asarray(edges_years, dtype=np.float64)
    if _attrition(ramp):  # no closed form: the first crossing on a grid of days
        fine = np.linspace(e[0], e[-1], max(2, math.ceil((e[-1] - e[0]) * 365.25) + 1))
        return year_reached(fine, orbit_capacity(fine, e, ramp, 1.0), needed * (1.0 - 1e-12))
    after = np.cumsum(ramp.deployed)
    k = np.nonzero(after >= needed * (1.0 - 1e-12))[0]
    if k.size == 0:
        return math.nan
    y = int(k[0])
    before = float(after[y - 1]) if y > 0 else 0.0
    return float(e[y] + (needed - before) / ramp.pace[y])


def ground_ramp(
    t_years: ArrayLike, target_w: float, wait_years: float, build_years: float, new_power_w_per_year: float
) -> FloatArray:
    """Grid-connected IT power by ``t_years``: requests filed at the start for the whole target (over-filed by
    the share that never connects, so that the expected connections cover it) connect after the queue's wait
    (or once built, if the build takes longer), at most ``new_power_w_per_year`` a year:
    P(t) = min(target, R max(0, t − max(wait, build)))."""
    t = np.asarray(t_years, dtype=np.float64)
    return np.asarray(np.minimum(target_w, new_power_w_per_year * np.maximum(t - max(wait_years, build_years), 0.0)))


def ground_year_reached(target_w: float, wait_years: float, build_years: float, new_power_w_per_year: float) -> float:
    """When :func:`ground_ramp` reaches ``target_w``: max(wait, build) + target / R (years from the start)."""
    return max(wait_years, build_years) + target_w / new_power_w_per_year


def site_waits(
    rng: np.random.Generator, shape: tuple[int, ...], completion: float, median_years: float, sigma: float
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Each request's time in the queue (lognormal: median ``median_years``, log-spread ``sigma``) and whether it
    connects then (probability ``completion``) or withdraws."""
    wait = median_years * np.exp(sigma * rng.standard_normal(shape))
    return np.asarray(wait), np.asarray(rng.random(shape) < completion)


def ground_live_years(
    rng: np.random.Generator,
    samples: int,
    target_w: float,
    site_w: float,
    completion: float,
    wait_median_years: float,
    wait_sigma: float,
    build_years: float,
    new_power_w_per_year: float,
    rounds: int = 12,
) -> FloatArray:
    """When each of the sites the target needs goes live, in each of ``samples`` queues: shape (samples, need),
    sorted along each row (inf for the sites not connected within ``rounds`` filings).

    Sites of ``site_w`` are requested at the start, ``need / completion`` of them (``need = target / site``);
    each waits a lognormal time (median ``wait_median_years``, log-spread ``wait_sigma``) and connects with
    probability ``completion``, else withdraws then and is filed again. Connected sites go live once built
    (``build_years`` from the start at the earliest) and one after another at ``new_power_w_per_year``: the k-th
    no sooner than k sites' worth of that rate after the one before it went live.
    """
    need = max(1, math.ceil(target_w / site_w - 1e-9))
    filed = max(need, math.ceil(need / completion))
    out = np.empty((samples, need))
    chunk = max(1, MAX_QUEUE_ELEMENTS // filed)
    gap = site_w / new_power_w_per_year
    k = np.arange(need)
    for s0 in range(0, samples, chunk):
        n = min(chunk, samples - s0)
        start = np.zeros((n, filed))
        best = np.full((n, need), np.inf)  # the earliest `need` connections so far
        for _ in range(rounds):
            wait, ok = site_waits(rng, start.shape, completion, wait_median_years, wait_sigma)
            done = start + wait
            merged = np.concatenate([best, np.where(ok, done, np.inf)], axis=1)
            best = np.partition(merged, need - 1, axis=1)[:, :need]
            start = np.where(ok, np.inf, done)  # the withdrawn file again when they withdraw
            if not np.isfinite(start).any():
                break
        ready = np.maximum(np.sort(best, axis=1), build_years)
        out[s0 : s0 + n] = np.maximum.accumulate(ready - k * gap, axis=1) + (k + 1) * gap  # whole once its gap is over
    return out


def capacity_of_queues(t_years: ArrayLike, live_years: ArrayLike, site_w: float, target_w: float) -> FloatArray:
    """Power live at ``t_years`` in each queue of :func:`ground_live_years`: shape (samples, T), at most the
    target."""
    t = np.asarray(t_years, dtype=np.float64)
    live = np.asarray(live_years, dtype=np.float64)
    counts = np.stack([np.searchsorted(row, t, side="right") for row in live])
    return np.asarray(np.minimum(counts * site_w, target_w))


def year_reached(t_years: ArrayLike, capacity_w: ArrayLike, target_w: float) -> float:
    """The first time the piecewise-linear ``capacity_w`` (at ``t_years``) reaches ``target_w`` (NaN if never)."""
    t = np.asarray(t_years, dtype=np.float64)
    c = np.asarray(capacity_w, dtype=np.float64)
    above = np.nonzero(c >= target_w * (1.0 - 1e-12))[0]
    if above.size == 0:
        return math.nan
    k = int(above[0])
    if k == 0:
        return float(t[0])
    c0, c1 = c[k - 1], c[k]
    return float(t[k - 1] + (t[k] - t[k - 1]) * (target_w - c0) / (c1 - c0))


def npv_of_service(
    t_years: ArrayLike,
    capacity_w: ArrayLike,
    w_per_accelerator: float,
    availability: float,
    margin_usd_per_gpu_hour: float,
    discount_rate: float,
) -> tuple[float, float]:
    """(Accelerator-hours delivered, their present value at the margin): capacity integrated over the grid (the
    trapezoid rule on its piecewise-linear path), discounted at each interval's midpoint."""
    t = np.asarray(t_years, dtype=np.float64)
    c = np.asarray(capacity_w, dtype=np.float64)
    hours_per_year = 365.25 * 24.0
    mean_w = 0.5 * (c[1:] + c[:-1])
    hours = mean_w / w_per_accelerator * availability * hours_per_year * np.diff(t)
    mid = 0.5 * (t[1:] + t[:-1])
    df = (1.0 + discount_rate) ** (-mid)
    return float(hours.sum()), float((hours * df).sum() * margin_usd_per_gpu_hour)


__all__ = [
    "Item",
    "OrbitRamp",
    "Vehicle",
    "cadence_by_year",
    "capacity_of_queues",
    "ground_live_years",
    "ground_ramp",
    "ground_year_reached",
    "npv_of_service",
    "orbit_capacity",
    "orbit_ramp",
    "orbit_year_reached",
    "satellites_produced",
    "site_waits",
    "survival",
    "year_reached",
]
