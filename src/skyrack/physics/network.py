"""Inter-satellite networks: which links close, their capacity and delay, and the all-reduce on the real graph.

Kernels: numpy and :mod:`scipy.sparse.csgraph` / :mod:`scipy.spatial`, SI units. Links are edge lists (E,) of
satellite pairs (i < j), never K × K matrices, so that a constellation of 10,000 satellites costs memory in its
links, not in its pairs. Positions are (K, 3) arrays in one frame (ECI for a constellation, the Hill frame for a
formation: only differences enter).

* **Line of sight.** A link is blocked when the straight line between its ends passes closer to the Earth's
  centre than :math:`R_E + h_{min}` (Hypatia, Kassing et al., IMC 2020, keeps every ISL above 80 km "to avoid
  weather conditions").
* **All-reduce.** A ring all-reduce of S bytes over D members sends :math:`2(D-1)/D \\cdot S` through every ring
  hop (Patarasuk & Yuan, JPDC 69(2), 2009). On a real graph a ring hop between members that are not linked
  directly follows the path of least delay, so a link can carry several hops: a hop's bandwidth is the least
  :math:`C_\\ell / n_\\ell` along its path (capacity over the hops crossing the link in that direction) and the
  ring runs at its slowest hop, plus :math:`2(D-1)` times the slowest hop's light time. The hierarchical
  (two-level) all-reduce reduce-scatters inside groups, all-reduces 1/a of the data across the groups and
  all-gathers inside them again.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path
from scipy.spatial import cKDTree

from skyrack.physics.optical import SPEED_OF_LIGHT_M_PER_S

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Hypatia (Kassing, Bhattacherjee, Águas, Saethre, Singla, "Exploring the 'Internet from space' with Hypatia",
# IMC 2020, github.com/snkas/hypatia): ISLs may not dip below 80 km.
MIN_TANGENT_ALTITUDE_M: Final = 80e3
# Entries of the (sources, K) distance and predecessor tables one Dijkstra batch may hold: ~2 × 10^7 (~300 MB),
# so that 256 sources go at once up to K = 10^5 and fewer beyond.
_ROUTE_TABLE_ENTRIES: Final = 20_000_000
# Largest formation whose ring starts from a nearest-neighbour tour (O(K²) time: ~0.2 s at 2,000); larger ones are
# ordered in strips (O(K log K)).
_GREEDY_MAX: Final = 2000
# Largest formation whose ring is improved by 2-opt (each pass O(K²); ~0.3 s at 400, ~1 s at 600). Beyond it the
# nearest-neighbour tour keeps a few long closing hops (~1.3 km in a 1 km disc): a mesh (4 terminals) routes them.
_TWO_OPT_MAX: Final = 600


def edge_lengths_m(positions_m: ArrayLike, i: ArrayLike, j: ArrayLike) -> FloatArray:
    """Lengths of the links (i, j) [m], shape (E,)."""
    r = np.asarray(positions_m, dtype=float)
    d = r[np.asarray(i, dtype=np.int64)] - r[np.asarray(j, dtype=np.int64)]
    return np.asarray(np.sqrt(np.sum(d * d, axis=-1)))


def segment_clears_sphere(r1_m: ArrayLike, r2_m: ArrayLike, radius_m: float) -> NDArray[np.bool_]:
    """Whether the straight segment between ``r1_m`` and ``r2_m`` stays outside a sphere of ``radius_m`` about the
    origin (shape of the broadcast positions without their last axis).

    The segment's closest point to the origin is at :math:`s^* = \\mathrm{clip}(-r_1 \\cdot d / |d|^2, 0, 1)`,
    :math:`d = r_2 - r_1`.
    """
    a = np.asarray(r1_m, dtype=float)
    d = np.asarray(r2_m, dtype=float) - a
    dd = np.sum(d * d, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(dd > 0.0, np.clip(-np.sum(a * d, axis=-1) / np.where(dd > 0.0, dd, 1.0), 0.0, 1.0), 0.0)
    closest = a + s[..., None] * d
    return np.asarray(np.sum(closest * closest, axis=-1) >= radius_m * radius_m)


def nearest_neighbour_links(positions_m: ArrayLike, links_per_satellite: int) -> tuple[IntArray, IntArray]:
    """Links of a formation (i < j): each satellite points its terminals at its ``links_per_satellite`` nearest
    neighbours, and a link exists where both ends chose each other (a terminal serves one partner)."""
    r = np.asarray(positions_m, dtype=float)
    k = len(r)
    want = min(links_per_satellite, k - 1)
    if want <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, nearest = cKDTree(r).query(r, k=want + 1)
    nearest = np.asarray(nearest, dtype=np.int64)[:, 1:]  # the first is the satellite itself
    src = np.repeat(np.arange(k, dtype=np.int64), want)
    dst = nearest.ravel()
    chosen = csr_matrix((np.ones(len(src)), (src, dst)), shape=(k, k))
    mutual = chosen.multiply(chosen.T).tocoo()
    keep = mutual.row < mutual.col
    return np.asarray(mutual.row[keep], dtype=np.int64), np.asarray(mutual.col[keep], dtype=np.int64)


def grid_links(planes: int, per_plane: int, cross_plane: bool = True) -> tuple[IntArray, IntArray]:
    """+Grid links (i < j) of a Walker constellation, satellite index = plane × per_plane + slot: each satellite to
    the next in its plane, and (``cross_plane``) to the same slot in the next plane, the last plane back to the
    first (Handley, "Delay is not an option", HotNets 2018)."""
    idx = np.arange(planes * per_plane, dtype=np.int64).reshape(planes, per_plane)
    pairs = []
    if per_plane > 1:
        pairs.append((idx.ravel(), np.roll(idx, -1, axis=1).ravel()))
    if cross_plane and planes > 1:
        pairs.append((idx.ravel(), np.roll(idx, -1, axis=0).ravel()))
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a = np.concatenate([p[0] for p in pairs])
    b = np.concatenate([p[1] for p in pairs])
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = np.unique(np.stack([lo, hi], axis=1)[lo != hi], axis=0)
    return np.asarray(key[:, 0], dtype=np.int64), np.asarray(key[:, 1], dtype=np.int64)


def strip_order(positions_m: ArrayLike) -> IntArray:
    """A ring through a near-planar layout in O(K log K): the points projected on their two principal axes, cut
    into about √K strips of equal count across the second, each walked along the first, alternately forwards and
    back (a boustrophedon): hops of about the layout's spacing, and one return across the strips."""
    r = np.asarray(positions_m, dtype=float)
    k = len(r)
    centred = r - r.mean(axis=0)
    _, _, axes = np.linalg.svd(centred, full_matrices=False)  # (3, 3) from a (K, 3) array: O(K)
    u, v = centred @ axes[0], centred @ axes[1]
    strips = max(1, round(math.sqrt(k)))
    by_v = np.argsort(v, kind="stable")
    parts = []
    for n, chunk in enumerate(np.array_split(by_v, strips)):
        walk = chunk[np.argsort(u[chunk], kind="stable")]
        parts.append(walk if n % 2 == 0 else walk[::-1])
    return np.asarray(np.concatenate(parts), dtype=np.int64)


def ring_order(positions_m: ArrayLike) -> IntArray:
    """A short ring through every satellite: a nearest-neighbour tour from satellite 0 (O(K) memory), improved by
    2-opt moves (Croes 1958) up to a few hundred satellites; :func:`strip_order` beyond a few thousand."""
    r = np.asarray(positions_m, dtype=float)
    k = len(r)
    if k <= 3:
        return np.arange(k, dtype=np.int64)
    if k > _GREEDY_MAX:
        return strip_order(r)
    visited = np.zeros(k, dtype=bool)
    order = np.empty(k, dtype=np.int64)
    order[0], visited[0] = 0, True
    for n in range(1, k):
        d = np.sum((r - r[order[n - 1]]) ** 2, axis=1)
        d[visited] = np.inf
        nxt = int(np.argmin(d))
        order[n], visited[nxt] = nxt, True
    if k > _TWO_OPT_MAX:
        return order
    dist = np.sqrt(np.sum((r[:, None, :] - r[None, :, :]) ** 2, axis=-1))
    scale = float(np.max(dist))
    for _ in range(4 * k):  # the best 2-opt move each pass; stops when none shortens the ring
        a, b = order, np.roll(order, -1)
        here = dist[a, b]
        gain = here[:, None] + here[None, :] - dist[a[:, None], a[None, :]] - dist[b[:, None], b[None, :]]
        gain = np.triu(gain, 2)
        gain[0, k - 1] = 0.0  # those two edges touch
        i, j = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if gain[i, j] <= 1e-12 * scale:
            break
        order[i + 1 : j + 1] = order[i + 1 : j + 1][::-1].copy()
    return order


def connected(count: int, i: ArrayLike, j: ArrayLike) -> bool:
    """Whether the links (i, j) connect all ``count`` satellites."""
    if count <= 1:
        return True
    ii, jj = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    graph = csr_matrix((np.ones(len(ii)), (ii, jj)), shape=(count, count))
    return int(connected_components(graph, directed=False)[0]) == 1


def rings_allreduce_time_on_graph_s(
    count: int,
    i: ArrayLike,
    j: ArrayLike,
    capacity_bit_per_s: ArrayLike,
    delay_s: ArrayLike,
    orders: list[IntArray],
    message_bytes: float,
) -> tuple[float, float]:
    """Time of ring all-reduces of ``message_bytes`` run at once over each member list in ``orders`` [s], and the
    slowest hop's bandwidth [bit/s], on the undirected links (i, j) among ``count`` satellites with their one-way
    capacity and light time. Rings that cross the same link in the same direction share it. (inf, 0) when a ring
    hop finds no path."""
    ii, jj = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    cap = np.asarray(capacity_bit_per_s, dtype=float)
    delay = np.maximum(np.asarray(delay_s, dtype=float), 1e-15)  # a zero weight would read as no edge
    live = (cap > 0.0) & (ii != jj)
    ii, jj, cap, delay = ii[live], jj[live], cap[live], delay[live]
    # one edge per pair (a repeated pair would be summed by the sparse matrix)
    _, first = np.unique(np.minimum(ii, jj) * count + np.maximum(ii, jj), return_index=True)
    ii, jj, cap, delay = ii[first], jj[first], cap[first], delay[first]
    # directed edges both ways: e and e + E
    tail, head = np.concatenate([ii, jj]), np.concatenate([jj, ii])
    cap2, delay2 = np.concatenate([cap, cap]), np.concatenate([delay, delay])
    edge_of = csr_matrix((np.arange(1, len(tail) + 1), (tail, head)), shape=(count, count))
    graph = csr_matrix((delay2, (tail, head)), shape=(count, count))
    rings = [np.asarray(o, dtype=np.int64) for o in orders if len(o) > 1]
    if not rings:
        return 0.0, math.inf
    src = np.concatenate(rings)
    dst = np.concatenate([np.roll(r, -1) for r in rings])
    direct = np.asarray(edge_of[src, dst]).ravel() - 1  # −1: no direct link
    hop_edges: list[IntArray] = [np.array([e], dtype=np.int64) if e >= 0 else np.zeros(0, np.int64) for e in direct]
    hop_delay = np.where(direct >= 0, delay2[np.maximum(direct, 0)], 0.0)
    routed = np.flatnonzero(direct < 0)
    sources = np.unique(src[routed])
    per_batch = max(1, min(256, _ROUTE_TABLE_ENTRIES // max(count, 1)))
    for start in range(0, len(sources), per_batch):
        batch = sources[start : start + per_batch]
        dist, pred = shortest_path(graph, method="D", directed=True, indices=batch, return_predecessors=True)
        row_of = {int(s): r for r, s in enumerate(batch)}
        for h in routed[np.isin(src[routed], batch)]:
            row, target, origin = row_of[int(src[h])], int(dst[h]), int(src[h])
            if not math.isfinite(dist[row, target]):
                return math.inf, 0.0
            path, node = [], target
            while node != origin:
                prev = int(pred[row, node])
                path.append(int(edge_of[prev, node]) - 1)
                node = prev
            hop_edges[h] = np.array(path, dtype=np.int64)
            hop_delay[h] = dist[row, target]
    load = np.zeros(len(tail), dtype=np.int64)
    for edges in hop_edges:
        np.add.at(load, edges, 1)
    bandwidth = min(float(np.min(cap2[e] / load[e])) for e in hop_edges)
    n = max(len(r) for r in rings)
    latency = float(np.max(hop_delay))
    return 2.0 * (n - 1) / n * 8.0 * message_bytes / bandwidth + 2.0 * (n - 1) * latency, bandwidth


def ring_allreduce_time_on_graph_s(
    count: int,
    i: ArrayLike,
    j: ArrayLike,
    capacity_bit_per_s: ArrayLike,
    delay_s: ArrayLike,
    order: ArrayLike,
    message_bytes: float,
) -> tuple[float, float]:
    """One ring all-reduce over the members in ``order``: :func:`rings_allreduce_time_on_graph_s` with one ring."""
    return rings_allreduce_time_on_graph_s(
        count, i, j, capacity_bit_per_s, delay_s, [np.asarray(order, dtype=np.int64)], message_bytes
    )


def hierarchical_allreduce_time_on_graph_s(
    count: int,
    i: ArrayLike,
    j: ArrayLike,
    capacity_bit_per_s: ArrayLike,
    delay_s: ArrayLike,
    groups: list[IntArray],
    message_bytes: float,
) -> float:
    """Two-level all-reduce [s]: a ring reduce-scatter in every group (a members each), a ring all-reduce of 1/a of
    the data across the groups (member m of each with member m of the others), then a ring all-gather in every
    group (the reduce-scatter and the all-gather together carry one ring all-reduce's traffic). The rings of a level
    run at once and share the links they cross (Sergeev & Del Balso, "Horovod", arXiv 1802.05799, 2018: NCCL rings
    inside hosts, MPI across). Groups must be the same size."""
    a = len(groups[0])
    if any(len(g) != a for g in groups):
        raise ValueError("hierarchical all-reduce: groups of different sizes")
    args = (count, i, j, capacity_bit_per_s, delay_s)
    intra, _ = rings_allreduce_time_on_graph_s(*args, list(groups), message_bytes)
    if len(groups) == 1:
        return intra
    across = [np.array([g[m] for g in groups], dtype=np.int64) for m in range(a)]
    inter, _ = rings_allreduce_time_on_graph_s(*args, across, message_bytes / a)
    return intra + inter


def propagation_delay_s(distance_m: ArrayLike) -> FloatArray:
    """Light time over ``distance_m`` in vacuum [s]."""
    return np.asarray(np.asarray(distance_m, dtype=float) / SPEED_OF_LIGHT_M_PER_S)


__all__ = [
    "MIN_TANGENT_ALTITUDE_M",
    "connected",
    "edge_lengths_m",
    "grid_links",
    "hierarchical_allreduce_time_on_graph_s",
    "nearest_neighbour_links",
    "propagation_delay_s",
    "ring_allreduce_time_on_graph_s",
    "ring_order",
    "rings_allreduce_time_on_graph_s",
    "segment_clears_sphere",
    "strip_order",
]
