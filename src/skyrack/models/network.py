"""The inter-satellite network of the fleet: its terminal, its links over one orbit, and the training all-reduce
on them (:mod:`skyrack.physics.network`).

Built once from ``[network]``, the terminal's catalog entry and the fleet's orbits (:func:`network_model`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

from skyrack.astro.formation import circular_formation_states, disc_layout_m
from skyrack.astro.orbits import propagate_circular_j2
from skyrack.catalog import Catalog
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, MU_EARTH_M3_PER_S2
from skyrack.errors import SkyrackInputError
from skyrack.models.orbits import FleetOrbits
from skyrack.physics.network import (
    connected,
    edge_lengths_m,
    grid_links,
    hierarchical_allreduce_time_on_graph_s,
    nearest_neighbour_links,
    propagation_delay_s,
    ring_allreduce_time_on_graph_s,
    ring_order,
    segment_clears_sphere,
)
from skyrack.physics.optical import OpticalTerminal, link_capacity_bit_per_s
from skyrack.scenario import Scenario

# Suncatcher's bench pair: 1.6 Tbit/s, 800 Gbit/s each way (arXiv 2511.19468 [S37]): the all-reduce bandwidth where
# the fleet's geometry gives no topology (TLE fleets, co-located satellites), unless workload.training.isl_capacity
# says otherwise.
FALLBACK_ISL_BIT_PER_S: Final = 1.6e12
DEFAULT_TERMINALS: Final = {"formation": 4, "grid": 4, "ring": 2}  # formation with a ring all-reduce: 2
DEFAULT_TERMINAL: Final = {"formation": "suncatcher-dwdm"}


@dataclass(frozen=True)
class Terminal:
    """An optical terminal: a link budget (``optical``) or a datasheet rate within its range."""

    name: str
    optical: OpticalTerminal | None
    rate_bit_per_s: float  # datasheet rate; for a budget terminal its most (every channel on every stream)
    max_range_m: float  # datasheet range; inf for a budget terminal (the budget decides)
    mass_kg: float = math.nan
    price_usd: float = math.nan

    def capacity_bit_per_s(self, distance_m: NDArray[np.float64]) -> NDArray[np.float64]:
        """Capacity of a pair of these terminals at ``distance_m`` [bit/s], one way."""
        d = np.asarray(distance_m, dtype=float)
        if self.optical is not None:
            return link_capacity_bit_per_s(d, self.optical)
        return np.asarray(np.where(d <= self.max_range_m, self.rate_bit_per_s, 0.0))


def terminal_model(catalog: Catalog, name: str) -> Terminal:
    entry = catalog.entry("optical_terminals", name, "network.terminal")
    mass, price = entry.get("mass", "kg", math.nan), entry.get("price", "USD", math.nan)
    assert mass is not None and price is not None
    if entry.has("photons_per_bit"):
        max_side = int(entry.to("max_side", "")) if entry.has("max_side") else 1
        optical = OpticalTerminal(
            transmit_power_w=entry.to("transmit_power", "W"),
            aperture_diameter_m=entry.to("aperture_diameter", "m"),
            wavelength_m=entry.to("wavelength", "m"),
            channels=int(entry.to("channels", "")),
            channel_rate_bit_per_s=entry.to("channel_rate", "bit/s"),
            photons_per_bit=entry.to("photons_per_bit", ""),
            efficiency=entry.get("efficiency", "", 1.0) or 1.0,
            max_side=max_side,
        )
        most = optical.channels * optical.channel_rate_bit_per_s * max_side**2
        return Terminal(name, optical, most, math.inf, mass, price)
    if not (entry.has("rate") and entry.has("max_range")):
        raise SkyrackInputError(
            f"catalog.optical_terminals.{name}",
            None,
            "a terminal needs either a link budget (transmit_power, aperture_diameter, wavelength, channels, "
            "channel_rate, photons_per_bit) or a datasheet rate and max_range",
        )
    return Terminal(name, None, entry.to("rate", "bit/s"), entry.to("max_range", "m"), mass, price)


@dataclass(frozen=True)
class Snapshot:
    """The network at one instant: its links (i < j), their lengths and capacities, and the all-reduce on them."""

    t_s: float
    i: NDArray[np.int64]
    j: NDArray[np.int64]
    length_m: NDArray[np.float64]
    capacity_bit_per_s: NDArray[np.float64]  # one way; 0 where the budget does not close or the Earth blocks
    connected: bool
    allreduce_time_s: float
    ring_bandwidth_bit_per_s: float


@dataclass(frozen=True)
class Network:
    """The fleet's inter-satellite network over one orbit, and the training all-reduce on it."""

    topology: str  # 'formation', 'grid', 'ring'; 'none' (no geometry: the fallback capacity) or 'single'
    terminal: Terminal
    terminals_per_satellite: int
    allreduce: str
    gradient_bytes: float
    satellites: int
    snapshots: tuple[Snapshot, ...] = field(default_factory=tuple)
    note: str = ""
    order: NDArray[np.int64] | None = None  # the all-reduce ring
    groups: tuple[NDArray[np.int64], ...] = ()  # the hierarchical all-reduce's groups
    positions_m: NDArray[np.float64] | None = None  # (K, 3) at the first snapshot: Hill-frame or ECI
    # scaled copies already made (the design's radius scan asks for the same few at every point of a study)
    _scaled: dict[float, Network] = field(default_factory=dict, compare=False, repr=False)

    def formation_scaled(self, factor: float) -> Network:
        """The same formation ``factor`` times wider (its layout scales, its links, ring and groups do not)."""
        if self.topology != "formation" or self.order is None:
            raise ValueError("only a formation scales with its radius")
        kept = self._scaled.get(factor)
        if kept is not None:
            return kept
        snaps = tuple(
            _snapshot(
                s.t_s, self.satellites, s.i, s.j, s.length_m * factor, np.ones(len(s.i), dtype=bool), self.terminal,
                self.order, self.groups, self.allreduce, self.gradient_bytes,
            )
            for s in self.snapshots
        )  # fmt: skip
        positions = None if self.positions_m is None else self.positions_m * factor
        scaled = dataclasses.replace(self, snapshots=snaps, positions_m=positions, _scaled={})
        if len(self._scaled) < 64:
            self._scaled[factor] = scaled
        return scaled

    @property
    def allreduce_times_s(self) -> NDArray[np.float64]:
        return np.array([s.allreduce_time_s for s in self.snapshots], dtype=float)

    @property
    def mean_allreduce_time_s(self) -> float:
        """The all-reduce's time averaged over the orbit [s] (steps are short against an orbit)."""
        return float(np.mean(self.allreduce_times_s)) if self.snapshots else math.nan

    @property
    def always_connected(self) -> bool:
        return all(s.connected for s in self.snapshots)

    def live_lengths_m(self) -> NDArray[np.float64]:
        """Lengths of the links that carry data, over every snapshot [m]."""
        parts = [s.length_m[s.capacity_bit_per_s > 0] for s in self.snapshots]
        return np.concatenate(parts) if parts else np.zeros(0)

    def live_capacities_bit_per_s(self) -> NDArray[np.float64]:
        parts = [s.capacity_bit_per_s[s.capacity_bit_per_s > 0] for s in self.snapshots]
        return np.concatenate(parts) if parts else np.zeros(0)


def _groups(order: NDArray[np.int64]) -> list[NDArray[np.int64]]:
    """``order`` cut into equal runs of neighbours, as many as the largest divisor of K not above √K."""
    k = len(order)
    g = max(d for d in range(1, math.isqrt(k) + 1) if k % d == 0)
    size = k // g
    return [order[n * size : (n + 1) * size] for n in range(g)]


def _snapshot(
    t_s: float,
    k: int,
    li: NDArray[np.int64],
    lj: NDArray[np.int64],
    length: NDArray[np.float64],
    clear: NDArray[np.bool_],
    terminal: Terminal,
    order: NDArray[np.int64],
    groups: list[NDArray[np.int64]] | tuple[NDArray[np.int64], ...],
    allreduce: str,
    gradient_bytes: float,
) -> Snapshot:
    """The links' capacity and delay at these lengths, and the all-reduce on them."""
    capacity = np.where(clear, terminal.capacity_bit_per_s(length), 0.0)
    delay = propagation_delay_s(length)
    live = capacity > 0
    joined = connected(k, li[live], lj[live])
    args = (k, li, lj, capacity, delay)
    time_s, bandwidth = ring_allreduce_time_on_graph_s(*args, order, gradient_bytes) if joined else (math.inf, 0.0)
    if allreduce == "hierarchical" and joined:
        time_s = hierarchical_allreduce_time_on_graph_s(*args, list(groups), gradient_bytes)
    return Snapshot(t_s, li, lj, length, capacity, joined, time_s, bandwidth)


def _ring_edges(order: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The links (i < j) between ring neighbours, each pair once."""
    a, b = order, np.roll(order, -1)
    keys = np.unique(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1)[a != b], axis=0)
    return np.asarray(keys[:, 0], dtype=np.int64), np.asarray(keys[:, 1], dtype=np.int64)


def _positions(
    topology: str, orbits: FleetOrbits, radius_m: float | None, t_s: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Positions (T, K, 3): Hill-frame offsets of a rigid formation, or ECI positions of the orbits."""
    if topology == "formation":
        assert radius_m is not None
        a = float(np.mean(orbits.semi_major_axis_m))
        n = math.sqrt(MU_EARTH_M3_PER_S2 / a**3)
        rel = circular_formation_states(disc_layout_m(orbits.count, radius_m), n)[:, :3]
        return np.broadcast_to(rel, (len(t_s), *rel.shape))  # rigid in the HCW model: distances constant
    r, _ = propagate_circular_j2(
        orbits.semi_major_axis_m, orbits.inclination_rad, orbits.raan0_rad, orbits.arg_latitude0_rad, t_s
    )
    return np.asarray(np.swapaxes(r, 0, 1))


# Networks already evaluated, by everything they depend on: design, simulate and every point of a scan that leaves
# the fleet's geometry alone (launch price, electricity …) share one evaluation instead of repeating it.
_CACHE: OrderedDict[bytes, Network] = OrderedDict()
_CACHE_SIZE: Final = 32


def _cache_key(scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, radius_m: float | None) -> bytes:
    digest = hashlib.sha256()
    for array in (orbits.semi_major_axis_m, orbits.inclination_rad, orbits.raan0_rad, orbits.arg_latitude0_rad,
                  orbits.group):  # fmt: skip
        digest.update(np.ascontiguousarray(array).tobytes())
    training = scenario.workload.training
    name = scenario.network.terminal or "default"
    terminal = {n: repr(catalog.entry("optical_terminals", n, "network.terminal").values)
                for n in {name, *DEFAULT_TERMINAL.values(), "starlink-laser"} if n != "default"}  # fmt: skip
    digest.update(
        repr((orbits.kind, radius_m, scenario.network.model_dump_json(), scenario.simulation.phasing,
              None if training is None else (training.gradient_bytes_per_parameter, training.parameters),
              sorted(terminal.items()))).encode()
    )  # fmt: skip
    return digest.digest()


def network_model(
    scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, cluster_radius_m: float | None = None
) -> Network:
    """Resolve ``[network]`` for the fleet, and evaluate its links and the all-reduce over one orbit
    (``cluster_radius_m``: a formation of another radius, for a trade). Kept for later calls with the same inputs."""
    radius_m = cluster_radius_m if cluster_radius_m is not None else scenario.orbit.cluster_radius_m
    key = _cache_key(scenario, catalog, orbits, radius_m)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    network = _network_model(scenario, catalog, orbits, radius_m)
    _CACHE[key] = network
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return network


def _network_model(scenario: Scenario, catalog: Catalog, orbits: FleetOrbits, radius_m: float | None) -> Network:
    net = scenario.network
    training = scenario.workload.training
    gradient_bytes = training.gradient_bytes_per_parameter * training.parameters if training is not None else 0.0
    k = orbits.count
    topology: str = net.topology
    spread = scenario.simulation.phasing == "spread"
    if topology == "auto":
        if radius_m is not None:
            topology = "formation"
        elif orbits.kind == "walker":
            topology = "grid"
        elif orbits.kind in ("sso", "circular") and spread and k > 1:
            topology = "ring"
        else:
            topology = "none"
    if topology == "formation" and radius_m is None:
        raise SkyrackInputError("network.topology", "formation", "a formation needs orbit.cluster_radius")
    if topology == "grid" and orbits.kind != "walker":
        raise SkyrackInputError("network.topology", "grid", "+Grid links need a Walker constellation (orbit.kind)")
    if topology == "ring" and not (
        orbits.kind in ("sso", "circular", "walker") and (spread or orbits.kind == "walker")
    ):
        raise SkyrackInputError(
            "network.topology", "ring", "a ring needs satellites spread along their orbit (simulation.phasing)"
        )
    # a ring all-reduce needs only its two ring neighbours; a mesh (hierarchical, or more terminals) four
    default_count = 2 if topology == "formation" and net.allreduce == "ring" else DEFAULT_TERMINALS.get(topology, 4)
    terminals = net.terminals_per_satellite or default_count
    terminal = terminal_model(catalog, net.terminal or DEFAULT_TERMINAL.get(topology, "starlink-laser"))
    if topology == "none" or k <= 1:
        note = (
            "one satellite: no inter-satellite all-reduce"
            if k <= 1
            else (
                "the fleet's geometry gives no topology (TLE fleet or co-located satellites): the all-reduce runs at "
                f"{FALLBACK_ISL_BIT_PER_S / 1e12:g} Tbit/s"
            )
        )
        return Network("none" if k > 1 else "single", terminal, terminals, net.allreduce, gradient_bytes, k, note=note)
    period_s = 2.0 * math.pi * math.sqrt(float(np.min(orbits.semi_major_axis_m)) ** 3 / MU_EARTH_M3_PER_S2)
    samples = 1 if topology == "formation" else net.samples_per_orbit
    t_s = np.arange(samples) * period_s / samples
    positions = _positions(topology, orbits, radius_m, t_s)
    if topology == "grid":
        planes = len(orbits.group_names)
        base_i, base_j = grid_links(planes, k // planes, cross_plane=terminals >= 4)
        snake = np.arange(k, dtype=np.int64).reshape(planes, -1).copy()
        snake[1::2] = snake[1::2, ::-1]  # snake through the planes: one forwards, the next backwards
        order = snake.ravel()
        groups = [np.flatnonzero(orbits.group == g) for g in range(planes)]
    elif topology == "ring":
        order = np.argsort(orbits.arg_latitude0_rad, kind="stable").astype(np.int64)
        base_i, base_j = _ring_edges(order)
        groups = _groups(order)
    else:  # formation: the ring's order is fixed for the job (its communicators are built once)
        order = ring_order(positions[0])
        groups = _groups(order)
    snapshots = []
    for n, t in enumerate(t_s):
        pos = positions[n]
        if topology == "formation":
            if terminals == 2:  # each satellite's two terminals point at its ring neighbours
                li, lj = _ring_edges(order)
            else:
                li, lj = nearest_neighbour_links(pos, terminals)
            clear = np.ones(len(li), dtype=bool)  # a kilometre apart, the Earth never comes between
        else:
            li, lj = base_i, base_j
            clear = segment_clears_sphere(pos[li], pos[lj], EARTH_EQUATORIAL_RADIUS_M + net.min_tangent_altitude_m)
        length = edge_lengths_m(pos, li, lj)
        snapshots.append(
            _snapshot(float(t), k, li, lj, length, clear, terminal, order, groups, net.allreduce, gradient_bytes)
        )
    return Network(
        topology,
        terminal,
        terminals,
        net.allreduce,
        gradient_bytes,
        k,
        tuple(snapshots),
        order=order,
        groups=tuple(groups),
        positions_m=np.array(positions[0], dtype=np.float64),
    )


__all__ = ["FALLBACK_ISL_BIT_PER_S", "Network", "Snapshot", "Terminal", "network_model", "terminal_model"]
