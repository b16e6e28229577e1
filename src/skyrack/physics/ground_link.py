"""Space-to-ground links: the optical downlink through the atmosphere, clouds and site diversity, and the on-board
store that holds data while no station is in reach.

Kernels: pure numpy (the store's queue: numba over time), SI units, broadcasting over satellites × stations × time.

* **Air mass.** The path through the atmosphere relative to the zenith's, Kasten & Young (Applied Optics 28(22),
  1989, eq. 3): :math:`m = 1 / (\\sin e + 0.50572\\,(e + 6.07995°)^{-1.6364})`; the clear-sky transmission is
  :math:`T_z^{m}`.
* **Optical downlink.** The far-field budget of :func:`skyrack.physics.optical.received_power_w` from the
  satellite's aperture to the station's telescope, times the clear-sky transmission; the link carries as many whole
  DWDM channels as the received power feeds (the channel power of :func:`~skyrack.physics.optical.channel_power_w`).
* **Clouds.** A laser does not pass a cloud: a station's sky is clear or not, with the station's cloud-free
  line-of-sight (CFLOS) probability :math:`p`; over time a two-state Markov chain with stationary probability
  :math:`p` and correlation time :math:`\\tau` (the lag-one autocorrelation :math:`\\lambda = e^{-\\Delta t/\\tau}`;
  clear → cloudy with probability :math:`(1-p)(1-\\lambda)`, cloudy → clear :math:`p(1-\\lambda)`). Stations far
  apart are drawn independently, so that at least one of N is clear with probability
  :math:`1 - \\prod (1 - p_i)` (site diversity).
* **Store.** Data made on board waits in a store of finite size for the downlink: each step the link sends what it
  can, first in first out; what the store cannot hold is lost (or, for a scheduler, not made). A bit's wait is read
  from the cumulative arrival and departure curves.
"""

from __future__ import annotations

import math
from typing import Final

import numba as nb
import numpy as np
from numpy.typing import ArrayLike, NDArray

from skyrack.physics.optical import OpticalTerminal, channel_power_w, received_power_w

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

# Kasten & Young (1989) constants (their eq. 3, elevation in degrees).
_KY_A: Final = 0.50572
_KY_B: Final = 6.07995
_KY_C: Final = 1.6364


# Fibre: 4.9 µs a kilometre at a refractive index of 1.47 (M2 Optics, "Calculating Optical Fiber Latency"), over
# routes about 2.1 times the line-of-sight distance (Bozkurt et al., "Dissecting Latency in the Internet's Fiber
# Infrastructure", arXiv 1811.10737, 2018; 1.3 is achievable over existing US conduits).
FIBRE_S_PER_M: Final = 4.9e-9
FIBRE_ROUTE_FACTOR: Final = 2.1
# Mean Earth radius R1 = (2a + b)/3 of GRS80 [m] (Moritz, "Geodetic Reference System 1980", J. Geodesy 74, 2000).
EARTH_MEAN_RADIUS_M: Final = 6371008.7714


def great_circle_m(lat1_rad: ArrayLike, lon1_rad: ArrayLike, lat2_rad: ArrayLike, lon2_rad: ArrayLike) -> FloatArray:
    """Great-circle distance on the mean sphere [m] (haversine)."""
    p1, p2 = np.asarray(lat1_rad, dtype=float), np.asarray(lat2_rad, dtype=float)
    dl = np.asarray(lon2_rad, dtype=float) - np.asarray(lon1_rad, dtype=float)
    h = np.sin((p2 - p1) / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    return np.asarray(2.0 * EARTH_MEAN_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def fibre_latency_s(distance_m: ArrayLike) -> FloatArray:
    """One-way delay of a terrestrial fibre route between points this far apart [s]."""
    return np.asarray(np.asarray(distance_m, dtype=float) * FIBRE_ROUTE_FACTOR * FIBRE_S_PER_M)


def wait_for_next_s(t_s: ArrayLike, available: ArrayLike) -> tuple[FloatArray, NDArray[np.int64]]:
    """At each step, how long until the next step (this one included) at which ``available`` holds [s], and that
    step's index; inf and −1 if none follows within the period."""
    t = np.asarray(t_s, dtype=float)
    ok = np.flatnonzero(np.asarray(available, dtype=bool))
    n = np.searchsorted(ok, np.arange(len(t)), side="left")
    found = n < len(ok)
    idx = np.where(found, ok[np.minimum(n, max(len(ok) - 1, 0))] if len(ok) else -1, -1)
    wait = np.where(found, t[np.maximum(idx, 0)] - t, np.inf)
    return np.asarray(wait), np.asarray(idx, dtype=np.int64)


def weighted_quantile(values: ArrayLike, weights: ArrayLike, q: ArrayLike) -> FloatArray:
    """Quantiles ``q`` of ``values`` weighted by ``weights`` (the inverse of the weighted empirical distribution);
    NaN when every weight is 0."""
    v = np.asarray(values, dtype=float).ravel()
    w = np.asarray(weights, dtype=float).ravel()
    keep = w > 0
    v, w = v[keep], w[keep]
    qs = np.asarray(q, dtype=float)
    if len(v) == 0:
        return np.full(qs.shape, np.nan)
    order = np.argsort(v, kind="stable")
    cw = np.cumsum(w[order])
    idx = np.searchsorted(cw, qs * cw[-1], side="left")
    return np.asarray(v[order][np.minimum(idx, len(v) - 1)])


def air_mass(elevation_rad: ArrayLike) -> FloatArray:
    """Relative optical air mass at this elevation (Kasten & Young 1989): 1 at the zenith, ~38 at the horizon."""
    el = np.asarray(elevation_rad, dtype=float)
    el_deg = np.degrees(np.maximum(el, 0.0))
    return np.asarray(1.0 / (np.sin(np.maximum(el, 0.0)) + _KY_A * (el_deg + _KY_B) ** (-_KY_C)))


def clear_sky_transmission(zenith_transmission: ArrayLike, elevation_rad: ArrayLike) -> FloatArray:
    """Fraction of the light a clear atmosphere passes along this slant path: :math:`T_z^{m(e)}`."""
    return np.asarray(np.asarray(zenith_transmission, dtype=float) ** air_mass(elevation_rad))


def optical_downlink_rate_bit_per_s(
    t: OpticalTerminal,
    distance_m: ArrayLike,
    elevation_rad: ArrayLike,
    receive_diameter_m: ArrayLike,
    zenith_transmission: ArrayLike = 1.0,
) -> FloatArray:
    """Rate of the satellite terminal ``t`` into a ground telescope of ``receive_diameter_m`` [bit/s] under a clear
    sky: the DWDM channels the received power feeds (one beam; a ground link is far field)."""
    received = received_power_w(
        t.transmit_power_w,
        t.aperture_diameter_m,
        receive_diameter_m,
        t.wavelength_m,
        distance_m,
        t.efficiency * clear_sky_transmission(zenith_transmission, elevation_rad),
    )
    need = float(channel_power_w(t.photons_per_bit, t.wavelength_m, t.channel_rate_bit_per_s))
    fed = np.minimum(np.floor(received / need + 1e-12), t.channels)
    return np.asarray(fed * t.channel_rate_bit_per_s)


def any_clear_probability(cflos: ArrayLike) -> float:
    """Probability that at least one of independent stations of these CFLOS probabilities is clear."""
    p = np.asarray(cflos, dtype=float)
    return float(1.0 - np.prod(1.0 - p))


def cloud_free_states(
    cflos: ArrayLike, steps: int, step_s: float, correlation_s: float, rng: np.random.Generator
) -> BoolArray:
    """Clear (True) or cloudy sky at each station, step by step, shape (stations, steps): independent two-state
    Markov chains, each stationary at its station's CFLOS probability, started from that distribution."""
    p = np.asarray(cflos, dtype=float).ravel()
    lam = math.exp(-step_s / correlation_s) if correlation_s > 0 else 0.0
    to_cloudy = (1.0 - p) * (1.0 - lam)
    to_clear = p * (1.0 - lam)
    u = rng.random((steps, len(p)))
    out = np.empty((steps, len(p)), dtype=bool)
    state = u[0] < p
    out[0] = state
    for n in range(1, steps):
        state = np.where(state, u[n] >= to_cloudy, u[n] < to_clear)
        out[n] = state
    return np.ascontiguousarray(out.T)


def _carried(satellite_terminals: ArrayLike, groups: int, k_count: int) -> NDArray[np.int64]:
    """Terminals of each group on each satellite, (groups, K), from one count or a (groups, K) array."""
    a = np.asarray(satellite_terminals, dtype=np.int64)
    if a.ndim == 0:
        return np.full((max(groups, 2), k_count), int(a), dtype=np.int64)
    if a.ndim != 2 or a.shape[1] != k_count or a.shape[0] < groups:
        raise ValueError("satellite_terminals needs one row a station group and one column a satellite")
    return np.ascontiguousarray(a)


def assign_downlinks(
    rate_bit_per_s: ArrayLike,
    station_terminals: ArrayLike,
    station_group: ArrayLike,
    satellite_terminals: ArrayLike,
) -> tuple[FloatArray, FloatArray, NDArray[np.int64]]:
    """Which satellite each station terminal serves at each time, greedily: station by station (in the order
    given), each of its terminals takes the fastest satellite in reach that still has a free terminal of the
    station's group (``satellite_terminals``: (groups, K) terminals of each group on each satellite, or one count
    for every satellite and group).

    ``rate_bit_per_s`` (K satellites, M stations, T times) is each pair's rate with the sky as it is (0 out of reach
    or under cloud). Returns the rate each station receives (M, T), the rate each satellite sends (K, T) and the
    satellite each station terminal serves, −1 for none (M, J, T; J the most terminals of a station)."""
    rate = np.asarray(rate_bit_per_s, dtype=float)
    k_count, m_count, t_count = rate.shape
    terminals = np.asarray(station_terminals, dtype=np.int64)
    group = np.asarray(station_group, dtype=np.int64)
    groups = int(group.max()) + 1 if m_count else 0
    carried = _carried(satellite_terminals, groups, k_count)
    free = np.repeat(carried[:, :, None], t_count, axis=2).astype(np.int64)
    j_count = int(terminals.max()) if m_count else 0
    station = np.zeros((m_count, t_count))
    satellite = np.zeros((k_count, t_count))
    chosen = np.full((m_count, j_count, t_count), -1, dtype=np.int64)
    cols = np.arange(t_count)
    for m in range(m_count):
        g = group[m]
        for j in range(terminals[m]):
            r = np.where(free[g] > 0, rate[:, m, :], 0.0)
            best = np.argmax(r, axis=0) if k_count else np.zeros(t_count, dtype=np.int64)
            got = r[best, cols] if k_count else np.zeros(t_count)
            served = got > 0.0
            station[m] += got
            np.add.at(satellite, (best[served], cols[served]), got[served])
            free[g, best[served], cols[served]] -= 1
            chosen[m, j] = np.where(served, best, -1)
    return station, satellite, chosen


@nb.njit(cache=True)
def _serve_nb(
    rate: FloatArray, terminals: NDArray[np.int64], group: NDArray[np.int64], carried: NDArray[np.int64],
    arrivals: FloatArray, size: float, held: FloatArray, dt: float, station_out: FloatArray, fleet_out: FloatArray,
) -> None:  # fmt: skip
    k_count, m_count, t_count = rate.shape
    free = np.empty_like(carried)
    for n in range(t_count):
        for k in range(k_count):
            held[k] += arrivals[k, n]
        free[:, :] = carried
        sent_total = 0.0
        for m in range(m_count):
            g = group[m]
            for _ in range(terminals[m]):
                budget = dt  # the terminal's seconds this step, shared out satellite by satellite
                while budget > 0.0:
                    best, best_bits, best_rate = -1, 0.0, 0.0
                    for k in range(k_count):
                        r = rate[k, m, n]
                        if r <= 0.0 or free[g, k] <= 0:
                            continue
                        bits = min(r * budget, held[k])
                        if bits > best_bits or (bits == best_bits and r > best_rate):
                            best, best_bits, best_rate = k, bits, r
                    if best < 0 or best_bits <= 0.0:
                        break
                    free[g, best] -= 1
                    held[best] -= best_bits
                    station_out[m, n] += best_bits / dt
                    sent_total += best_bits
                    budget -= best_bits / best_rate
        lost = 0.0
        total_held = 0.0
        for k in range(k_count):
            if held[k] > size:
                lost += held[k] - size
                held[k] = size
            total_held += held[k]
        fleet_out[0, n] = sent_total
        fleet_out[1, n] = total_held
        fleet_out[2, n] = lost


def serve_stores(
    rate_bit_per_s: ArrayLike,
    station_terminals: ArrayLike,
    station_group: ArrayLike,
    satellite_terminals: ArrayLike,
    arrivals_bits: ArrayLike,
    store_bits: float,
    held_bits: NDArray[np.float64],
    step_s: float,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Satellites that each send only their own data (no links between them): step by step, each station terminal
    (station by station) serves the satellite in reach whose waiting data it would move most of, then, with the
    step's time left, the next (handovers take no time), each satellite terminal serving one station a step; then
    what a store cannot hold is lost. ``satellite_terminals`` as :func:`assign_downlinks`'.

    ``rate_bit_per_s`` (K, M, T) as :func:`assign_downlinks`'; ``arrivals_bits`` (K, T) data made; ``held_bits``
    (K,) held at the start, updated in place. Returns the rate each station receives (M, T) and, per step, the bits
    sent, held at the end and lost (fleet totals). Conserves arrivals + held at the start = sent + lost + held at
    the end."""
    rate = np.ascontiguousarray(np.asarray(rate_bit_per_s, dtype=np.float64))
    a = np.ascontiguousarray(np.asarray(arrivals_bits, dtype=np.float64))
    if a.shape != (rate.shape[0], rate.shape[2]) or held_bits.shape != (rate.shape[0],):
        raise ValueError("arrivals need one row a satellite and one column a step; held one value a satellite")
    if np.any(a < 0) or not np.all(np.isfinite(a)):
        raise ValueError("arrivals must be finite and non-negative")
    station = np.zeros((rate.shape[1], rate.shape[2]))
    fleet = np.zeros((3, rate.shape[2]))
    group = np.asarray(station_group, dtype=np.int64)
    carried = _carried(satellite_terminals, int(group.max()) + 1 if group.size else 0, rate.shape[0])
    _serve_nb(rate, np.asarray(station_terminals, dtype=np.int64), group, carried, a, float(store_bits), held_bits,
              float(step_s), station, fleet)  # fmt: skip
    return station, fleet[0], fleet[1], fleet[2]


@nb.njit(cache=True)
def _store_nb(arrivals: FloatArray, capacity: FloatArray, size: float, held: FloatArray, out: FloatArray) -> None:
    for k in range(arrivals.shape[0]):
        h = held[k]
        for n in range(arrivals.shape[1]):
            total = h + arrivals[k, n]
            sent = min(total, capacity[k, n])
            h = total - sent
            lost = max(h - size, 0.0)
            h -= lost
            out[0, k, n] = sent
            out[1, k, n] = h
            out[2, k, n] = lost
        held[k] = h


def store_and_forward(
    arrivals_bits: ArrayLike,
    capacity_bits: ArrayLike,
    store_bits: float,
    held_bits: NDArray[np.float64] | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Send data made on board through a link of this capacity per step, holding the rest in a store of
    ``store_bits``: (sent, held at the end of each step, lost) per step [bit], the shape of ``arrivals_bits``
    (steps, or stores × steps). ``held_bits`` (one a store) is what the stores hold at the start; it is updated in
    place to what they hold at the end, so that a long period can be run chunk by chunk. Conserves
    ``sum(arrivals) + held_start = sum(sent) + sum(lost) + held_end``."""
    a = np.asarray(arrivals_bits, dtype=np.float64)
    one = a.ndim == 1
    a2 = np.ascontiguousarray(np.atleast_2d(a))
    c2 = np.ascontiguousarray(np.broadcast_to(np.asarray(capacity_bits, dtype=np.float64), a.shape).reshape(a2.shape))
    if np.any(a2 < 0) or np.any(c2 < 0) or not np.all(np.isfinite(a2)):
        raise ValueError("arrivals must be finite and non-negative, capacities non-negative")
    held = np.zeros(a2.shape[0]) if held_bits is None else held_bits
    if held.shape != (a2.shape[0],):
        raise ValueError("held_bits needs one value a store")
    out = np.empty((3, *a2.shape))
    _store_nb(a2, c2, float(store_bits), held, out)
    if one:
        return out[0, 0], out[1, 0], out[2, 0]
    return out[0], out[1], out[2]


def fifo_wait_s(t_s: ArrayLike, arrivals_bits: ArrayLike, sent_bits: ArrayLike, lost_bits: ArrayLike) -> FloatArray:
    """How long the data made at each step waits before it is sent [s], first in first out: the time at which the
    cumulative sent reaches the cumulative kept (made less lost) at the step's end; inf if it is never sent in the
    period. Steps that make nothing get NaN."""
    t = np.asarray(t_s, dtype=float)
    a = np.asarray(arrivals_bits, dtype=float)
    kept = np.cumsum(a - np.asarray(lost_bits, dtype=float))
    sent = np.cumsum(np.asarray(sent_bits, dtype=float))
    tol = 1e-9 * max(float(kept[-1]) if len(kept) else 0.0, 1.0)
    n = np.searchsorted(sent, kept - tol, side="left")
    wait = np.where(n < len(t), t[np.minimum(n, len(t) - 1)] - t, np.inf)
    return np.asarray(np.where(a > 0, wait, np.nan))


__all__ = [
    "EARTH_MEAN_RADIUS_M",
    "FIBRE_ROUTE_FACTOR",
    "FIBRE_S_PER_M",
    "air_mass",
    "any_clear_probability",
    "assign_downlinks",
    "clear_sky_transmission",
    "cloud_free_states",
    "fibre_latency_s",
    "fifo_wait_s",
    "great_circle_m",
    "optical_downlink_rate_bit_per_s",
    "serve_stores",
    "store_and_forward",
    "wait_for_next_s",
    "weighted_quantile",
]
