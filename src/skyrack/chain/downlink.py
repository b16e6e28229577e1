"""The fleet's data path to the ground and to its users over ``network.downlink_period``: passes over the stations,
clouds, the downlink each station receives, the on-board store, and the latency an answer sees.

Orchestration only (kernels: :mod:`skyrack.astro.orbits`, :mod:`skyrack.astro.ground`,
:mod:`skyrack.physics.ground_link`). Each step:

1. the satellites' positions (the circular J2 orbits every command flies) and their look angles from each station;
2. each pair's rate under the sky as drawn (optical stations clear with their CFLOS probability, hour by hour;
   RF stations always), 0 below the station's mask;
3. the station terminals take satellites greedily (:func:`~skyrack.physics.ground_link.assign_downlinks`);
4. the inference job's answers (tokens × bytes a token) wait in the on-board store for the downlink: one pooled
   store when the inter-satellite network connects the fleet (data reach any satellite in view), else a store a
   satellite sending only through its own passes;
5. latency: a request reaches the fleet at the next step a clear station is in contact, crosses the fibre from the
   user to that station and the slant range up and down (its answer, small, goes ahead of the batch answers in the
   store, whose own first-in-first-out wait is reported apart). The ground twin answers over the fibre from its
   site. Both are weighed by the demand's profile and the regions' shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from skyrack.astro.ground import look_angles
from skyrack.astro.orbits import propagate_circular_j2
from skyrack.astro.time import julian_date_utc
from skyrack.chain.budget import JobEstimate, check_memory
from skyrack.models import Models
from skyrack.models.ground_segment import CLOUD_STEP_S, GroundSegment
from skyrack.physics.ground_link import (
    any_clear_probability,
    assign_downlinks,
    cloud_free_states,
    fibre_latency_s,
    fifo_wait_s,
    great_circle_m,
    serve_stores,
    store_and_forward,
    wait_for_next_s,
    weighted_quantile,
)
from skyrack.physics.optical import SPEED_OF_LIGHT_M_PER_S
from skyrack.results.network import DownlinkReport, InferenceReport, StationLoad

# Entries of the (satellites, stations, steps) arrays held at once: 4 × 10^6 float64 (32 MB each; about eight live).
_CHUNK_ENTRIES: Final = 4_000_000
_BYTES_PER_ENTRY: Final = 8.0 * 10  # rates, look angles, positions and temporaries
_DAY_S: Final = 86400.0
# Latency samples kept for the report's distribution (every n-th step).
_LATENCY_SAMPLES: Final = 5000


@dataclass(frozen=True)
class DownlinkTimeline:
    """The downlink step by step (fleet totals), for the report and the inference figures."""

    t_s: NDArray[np.float64]
    station_rate_bit_per_s: NDArray[np.float64]  # (M, T) received, under the sky as drawn
    station_range_m: NDArray[np.float64]  # (M, T) slant range of the satellite served (NaN: none)
    clear: NDArray[np.bool_]  # (M, T)
    in_view: NDArray[np.bool_]  # (M, T) some satellite above the mask
    made_bits: NDArray[np.float64]  # (T,) answers made on board
    sent_bits: NDArray[np.float64]
    lost_bits: NDArray[np.float64]
    held_bits: NDArray[np.float64]  # (T,) in the stores at the end of each step
    wait_s: NDArray[np.float64]  # (T,) the store's queue wait of data made at each step (pooled store)
    pooled: bool


def _estimate(k: int, m: int, steps: int) -> JobEstimate:
    chunk = max(1, min(steps, _CHUNK_ENTRIES // max(1, k * m)))
    fleet = steps * (m * 4 + 8) * 8.0
    return JobEstimate(
        "downlink", k, steps, 0, 1.5 * (k * m * chunk * _BYTES_PER_ENTRY + fleet + k * chunk * 8 * 6),
        k * m * steps / 2e7, "use a shorter network.downlink_period, a longer network.downlink_step or fewer stations",
    )  # fmt: skip


def downlink_timeline(models: Models, max_memory_bytes: float | None = None) -> DownlinkTimeline:
    """Follow the passes, the clouds and the store over the ground segment's period."""
    g = models.ground_segment
    orbits = models.orbits
    k, m = orbits.count, len(g.stations)
    steps = max(1, math.ceil(g.period_s / g.step_s - 1e-9))
    check_memory(_estimate(k, m, steps), max_memory_bytes)
    t = np.arange(steps, dtype=np.float64) * g.step_s
    jd = np.asarray(julian_date_utc(models.start, t), dtype=np.float64)
    rng = np.random.default_rng([models.seed, 0x646C])  # its own stream: the faults' draws stay as they were
    hours = math.ceil((t[-1] + g.step_s) / CLOUD_STEP_S)
    cflos = np.array([s.cflos for s in g.stations])
    sky = cloud_free_states(cflos, hours, CLOUD_STEP_S, g.cloud_correlation_s, rng)  # (M, hours)
    clear = sky[:, np.minimum((t // CLOUD_STEP_S).astype(np.int64), hours - 1)]
    lat = np.array([s.latitude_rad for s in g.stations])
    lon = np.array([s.longitude_rad for s in g.stations])
    hgt = np.array([s.height_m for s in g.stations])
    terminal = [g.terminal_for(s) for s in g.stations]
    group = np.array([0 if s.kind == "optical" else 1 for s in g.stations], dtype=np.int64)
    station_terms = np.array([s.terminals for s in g.stations], dtype=np.int64)
    carriers = g.carriers()

    pooled = k == 1 or (models.network.topology not in ("none", "single") and models.network.always_connected)
    made = _answers_bits(models, t, g)  # (T,) fleet
    per_sat_made = made / k
    stores = 1 if pooled else k
    held = np.zeros(stores)
    store_bits = g.store_bytes * 8.0 * (k if pooled else 1)

    station_rate = np.zeros((m, steps))
    station_range = np.full((m, steps), np.nan)
    in_view = np.zeros((m, steps), dtype=bool)
    sent = np.zeros(steps)
    lost = np.zeros(steps)
    held_t = np.zeros(steps)
    chunk = max(1, min(steps, _CHUNK_ENTRIES // max(1, k * m)))
    for a in range(0, steps, chunk):
        b = min(a + chunk, steps)
        r, _ = propagate_circular_j2(
            orbits.semi_major_axis_m, orbits.inclination_rad, orbits.raan0_rad, orbits.arg_latitude0_rad, t[a:b]
        )
        la = look_angles(r, lat, lon, hgt, jd[a:b])  # (K, M, Tc)
        rate = np.zeros(la.range_m.shape)
        for s, st in enumerate(g.stations):
            in_view[s, a:b] = np.any(la.elevation_rad[:, s, :] >= st.mask_rad, axis=0)
            tt = terminal[s]
            if tt is None:
                continue
            rate[:, s, :] = tt.rate_to(st, la.range_m[:, s, :], la.elevation_rad[:, s, :], g.modcods)
        rate *= clear[None, :, a:b]
        st_rate, _, chosen = assign_downlinks(rate, station_terms, group, carriers)
        first = chosen[:, 0, :] if chosen.shape[1] else np.full((m, b - a), -1)
        rows = np.maximum(first, 0)
        ranges = np.take_along_axis(np.swapaxes(la.range_m, 0, 1), rows[:, None, :], axis=1)[:, 0, :]
        station_range[:, a:b] = np.where(first >= 0, ranges, np.nan)
        station_rate[:, a:b] = st_rate  # what the stations can receive from the satellites in reach
        dt = g.step_s
        if pooled:  # the links bring every satellite's data to whichever is in view: one store, the fleet's rate
            s_bits, h_bits, l_bits = store_and_forward(made[None, a:b], st_rate.sum(axis=0)[None, :] * dt,
                                                       store_bits, held)  # fmt: skip
            sent[a:b], held_t[a:b], lost[a:b] = s_bits[0], h_bits[0], l_bits[0]
        else:  # each satellite sends its own data through its own passes: stations serve the fullest stores
            arr = np.ascontiguousarray(np.broadcast_to(per_sat_made[None, a:b], (k, b - a)))
            _, sent[a:b], held_t[a:b], lost[a:b] = serve_stores(
                rate, station_terms, group, carriers, arr, store_bits, held, dt
            )
    wait = fifo_wait_s(t, made, sent, lost) if made.any() else np.full(steps, np.nan)
    return DownlinkTimeline(t, station_rate, station_range, clear, in_view, made, sent, lost, held_t, wait, pooled)


def _utc_hour(models: Models, t: NDArray[np.float64]) -> NDArray[np.int64]:
    """The UTC hour of the day (0–23) at ``t`` seconds from the scenario's start (the demand profile's index)."""
    of_day = models.start.hour * 3600 + models.start.minute * 60 + models.start.second
    return np.asarray((of_day + t) // 3600 % 24, dtype=np.int64)


def _answers_bits(models: Models, t: NDArray[np.float64], g: GroundSegment) -> NDArray[np.float64]:
    """Bits of answers the inference job makes each step: its demand at the UTC hour's factor, at most what the
    fleet's accelerators serve at full clock, times the bytes each token sends down."""
    inf = models.work.inference
    if inf is None:
        return np.zeros(len(t))
    capacity = models.n_satellites * models.satellite.accelerators * inf.tokens_per_second_per_accelerator
    hour = _utc_hour(models, t)
    demand = np.asarray(inf.hourly_profile)[hour] * inf.demand_tokens_per_s
    tokens_per_s = np.minimum(demand, capacity)
    return np.asarray(tokens_per_s * g.bytes_per_token * 8.0 * g.step_s)


def downlink_report(models: Models, timeline: DownlinkTimeline) -> DownlinkReport:
    """The downlink's figures over the period: mean rate, volume a day, the share of time the fleet can send."""
    g = models.ground_segment
    tl = timeline
    dt = g.step_s
    days = len(tl.t_s) * dt / _DAY_S
    fleet_rate = tl.station_rate_bit_per_s.sum(axis=0)
    loads = []
    for s, st in enumerate(g.stations):
        rate = tl.station_rate_bit_per_s[s]
        loads.append(
            StationLoad(
                name=st.name,
                kind=st.kind,
                cflos=st.cflos,
                in_view_fraction=float(np.mean(tl.in_view[s])),
                clear_fraction=float(np.mean(tl.clear[s])),
                link_fraction=float(np.mean(rate > 0)),
                mean_bit_per_s=float(np.mean(rate)),
                bytes_per_day=float(np.sum(rate) * dt / 8.0 / days),
            )
        )
    optical = [st.cflos for st in g.stations if st.kind == "optical"]
    made, sent, lost = float(tl.made_bits.sum()), float(tl.sent_bits.sum()), float(tl.lost_bits.sum())
    per_day = np.add.reduceat(tl.station_rate_bit_per_s * dt / 8.0, np.arange(0, len(tl.t_s), int(_DAY_S // dt)),
                              axis=1)  # fmt: skip
    return DownlinkReport(
        primary=g.primary.name if g.primary else "none",
        fallback=g.fallback.name if g.fallback else "none",
        gateways=g.gateways,
        period_s=len(tl.t_s) * dt,
        step_s=dt,
        stations=tuple(loads),
        mean_bit_per_s=float(np.mean(fleet_rate)),
        bytes_per_day=float(np.sum(fleet_rate) * dt / 8.0 / days),
        availability=float(np.mean(fleet_rate > 0)),
        optical_any_clear_probability=any_clear_probability(optical) if optical else math.nan,
        pooled=tl.pooled,
        store_bytes_per_satellite=g.store_bytes,
        made_bytes=made / 8.0,
        sent_bytes=sent / 8.0,
        lost_bytes=lost / 8.0,
        held_bytes_end=float(tl.held_bits[-1]) / 8.0,
        store_peak_fraction=float(np.max(tl.held_bits) / (g.store_bytes * 8.0 * models.n_satellites))
        if g.store_bytes > 0
        else math.nan,
        bytes_per_day_by_station=per_day,
        station_price_usd=g.station_price_usd,
    )


def _demand_weights(models: Models, t: NDArray[np.float64]) -> NDArray[np.float64]:
    inf = models.work.inference
    if inf is None:
        return np.ones(len(t))
    hour = _utc_hour(models, t)
    return np.asarray(np.asarray(inf.hourly_profile)[hour], dtype=float)


def inference_report(models: Models, timeline: DownlinkTimeline) -> InferenceReport | None:
    """Tokens served through the downlink, and the latency each side's users see (demand-weighted)."""
    inf = models.work.inference
    if inf is None:
        return None
    g = models.ground_segment
    tl = timeline
    t = tl.t_s
    live = tl.station_rate_bit_per_s > 0  # (M, T) a clear station in contact
    any_live = live.any(axis=0)
    wait_up, next_step = wait_for_next_s(t, any_live)
    lat_u = np.array([u.latitude_rad for u in g.users])
    lon_u = np.array([u.longitude_rad for u in g.users])
    lat_s = np.array([s.latitude_rad for s in g.stations])
    lon_s = np.array([s.longitude_rad for s in g.stations])
    fibre = fibre_latency_s(great_circle_m(lat_u[:, None], lon_u[:, None], lat_s[None, :], lon_s[None, :]))  # (U, M)
    slant = np.nan_to_num(tl.station_range_m, nan=np.inf) / SPEED_OF_LIGHT_M_PER_S  # (M, T)
    isl = _isl_delay_s(models)
    n = np.maximum(next_step, 0)
    best = np.full((len(g.users), len(t)), np.inf)  # (U, T): the quickest station in contact, station by station
    for m in range(len(g.stations)):
        np.minimum(best, fibre[:, m, None] + np.where(live[m, n], slant[m, n], np.inf)[None, :], out=best)
    # an interactive answer is small and goes ahead of the batch answers waiting in the stores: it leaves in the
    # contact it arrived in
    latency = np.where(next_step[None, :] >= 0, wait_up[None, :] + 2.0 * (best + isl), np.inf)
    share = np.array([u.share for u in g.users])
    w = share[:, None] * _demand_weights(models, t)[None, :]
    ground = 2.0 * fibre_latency_s(great_circle_m(lat_u, lon_u, g.site_latitude_rad, g.site_longitude_rad))
    ground_lat = np.broadcast_to(ground[:, None], latency.shape)
    made, sent = float(tl.made_bits.sum()), float(tl.sent_bits.sum())
    served = sent / made if made > 0 else math.nan
    q_orbit = weighted_quantile(latency, w, [0.5, 0.95])
    q_ground = weighted_quantile(ground_lat, w, [0.5, 0.95])
    total_w = float(w.sum())
    attain = float(np.sum(w * (latency <= g.latency_slo_s)) / total_w) * (served if served == served else 1.0)
    attain_ground = float(np.sum(w * (ground_lat <= g.latency_slo_s)) / total_w)
    seconds = len(t) * g.step_s
    tokens_made = made / 8.0 / g.bytes_per_token / seconds
    tokens_served = sent / 8.0 / g.bytes_per_token / seconds
    made_w = tl.made_bits > 0
    batch_wait = weighted_quantile(tl.wait_s[made_w], tl.made_bits[made_w], [0.5, 0.95]) if tl.pooled and made_w.any() \
        else np.full(2, np.nan)  # fmt: skip
    every = max(1, latency.size // _LATENCY_SAMPLES)
    finite = np.where(np.isfinite(latency), latency, np.nan)
    return InferenceReport(
        traffic=g.traffic,
        bytes_per_token=g.bytes_per_token,
        tokens_per_s_made=tokens_made,
        tokens_per_s_served=tokens_served,
        served_fraction=served,
        latency_slo_s=g.latency_slo_s,
        slo_attainment=attain,
        latency_p50_s=float(q_orbit[0]),
        latency_p95_s=float(q_orbit[1]),
        ground_latency_p50_s=float(q_ground[0]),
        ground_latency_p95_s=float(q_ground[1]),
        ground_slo_attainment=attain_ground,
        transit_usd_per_accelerator_hour=models.transit_usd_per_gpu_hour,
        latency_samples_s=np.ascontiguousarray(finite.ravel()[::every]),
        latency_weights=np.ascontiguousarray(w.ravel()[::every]),
        ground_latency_by_region_s=tuple(float(x) for x in ground),
        regions=tuple(u.name for u in g.users),
        isl_delay_s=isl,
        batch_wait_p50_s=float(batch_wait[0]),
        batch_wait_p95_s=float(batch_wait[1]),
    )


def _isl_delay_s(models: Models) -> float:
    """One way through the inter-satellite network from the satellite that computes to the one in view [s]: the
    mean shortest-path light time over the first snapshot's links (0 for one satellite or no links)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    net = models.network
    if not net.snapshots or net.satellites <= 1:
        return 0.0
    s = net.snapshots[0]
    live = s.capacity_bit_per_s > 0
    if not live.any():
        return 0.0
    k = net.satellites
    w = s.length_m[live] / SPEED_OF_LIGHT_M_PER_S
    graph = csr_matrix((w, (s.i[live], s.j[live])), shape=(k, k))
    sources = np.unique(np.linspace(0, k - 1, min(k, 16)).astype(np.int64))
    d = dijkstra(graph, directed=False, indices=sources)
    finite = d[np.isfinite(d)]
    return float(np.mean(finite)) if finite.size else 0.0


__all__ = [
    "DownlinkTimeline",
    "downlink_report",
    "downlink_timeline",
    "inference_report",
]
