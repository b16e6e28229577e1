"""Inter-satellite networks (physics/network.py, models/network.py) against closed forms and hand-routed graphs."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

import skyrack
from skyrack.models import Models
from skyrack.physics.network import (
    connected,
    grid_links,
    hierarchical_allreduce_time_on_graph_s,
    nearest_neighbour_links,
    ring_allreduce_time_on_graph_s,
    ring_order,
    segment_clears_sphere,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
C = 299792458.0
R_E = 6378137.0


@pytest.mark.parametrize("altitude_km, separation_deg", [(550.0, 45.0), (550.0, 30.0), (1200.0, 60.0), (650.0, 10.0)])
def test_a_link_clears_the_atmosphere_as_the_chords_closest_approach_says(
    altitude_km: float, separation_deg: float
) -> None:
    # two satellites at radius r, θ apart: the chord's closest point is r cos(θ/2) from the centre
    r = R_E + altitude_km * 1e3
    half = math.radians(separation_deg) / 2
    p1, p2 = (
        np.array([r * math.cos(half), r * math.sin(half), 0.0]),
        np.array([r * math.cos(half), -r * math.sin(half), 0.0]),
    )
    tangent_altitude = r * math.cos(half) - R_E
    for floor in (tangent_altitude - 1.0, tangent_altitude + 1.0):
        assert bool(segment_clears_sphere(p1, p2, R_E + floor)) == (floor < tangent_altitude)
    # a segment whose closest point is an end (both on one side) clears by the nearer end's height
    assert bool(segment_clears_sphere(p1, 2 * p1, R_E + altitude_km * 1e3 - 1.0))


def test_grid_links_give_every_satellite_four_neighbours() -> None:
    i, j = grid_links(6, 12)
    assert len(i) == 2 * 6 * 12 and np.all(i < j)  # P·S in-plane and P·S cross-plane links, each once
    degree = np.bincount(np.concatenate([i, j]), minlength=72)
    assert np.all(degree == 4)
    assert connected(72, i, j)
    i2, j2 = grid_links(6, 12, cross_plane=False)
    assert len(i2) == 72 and not connected(72, i2, j2)  # six separate rings


def test_a_square_lattice_links_its_four_nearest_neighbours() -> None:
    xs, ys = np.meshgrid(np.arange(5.0), np.arange(5.0) * 1.0001)  # break the x/y distance tie
    pos = np.stack([xs.ravel(), ys.ravel(), np.zeros(25)], axis=1) * 100.0
    i, j = nearest_neighbour_links(pos, 4)
    length = np.linalg.norm(pos[i] - pos[j], axis=1)
    # the interior links its four lattice neighbours; an edge satellite, short of neighbours, may take a diagonal
    centre = 12
    mine = (i == centre) | (j == centre)
    assert np.count_nonzero(mine) == 4 and np.all(length[mine] < 100.02)
    assert np.all(length < 141.5)


def test_a_ring_all_reduce_on_a_ring_is_patarasuk_and_yuans() -> None:
    # D members on a ring of equal links: 2(D−1)/D · 8S / C + 2(D−1) light times
    d, s, cap, length = 8, 1e9, 100e9, 3000e3
    i = np.arange(d)
    j = np.roll(i, -1)
    delay = np.full(d, length / C)
    t, bw = ring_allreduce_time_on_graph_s(d, i, j, np.full(d, cap), delay, np.arange(d), s)
    assert bw == pytest.approx(cap)
    assert t == pytest.approx(2 * (d - 1) / d * 8 * s / cap + 2 * (d - 1) * length / C, rel=1e-12)


def test_ring_hops_routed_over_shared_links_split_their_capacity() -> None:
    # a line 0–1–2–3 and the ring 0, 2, 1, 3: hop 0→2 (0→1→2) and hop 1→3 (1→2→3) both cross 1→2, so that link
    # carries two hops and the ring runs at C/2; hop 3→0 is routed back over three links, the longest delay
    i, j = np.array([0, 1, 2]), np.array([1, 2, 3])
    cap, delay = np.full(3, 10e9), np.array([1e-3, 2e-3, 3e-3])
    t, bw = ring_allreduce_time_on_graph_s(4, i, j, cap, delay, np.array([0, 2, 1, 3]), 1e6)
    assert bw == pytest.approx(5e9)
    assert t == pytest.approx(2 * 3 / 4 * 8e6 / 5e9 + 2 * 3 * 6e-3, rel=1e-12)
    # in order 0, 1, 2, 3 only the closing hop is routed, backwards: every link carries one hop each way
    t2, bw2 = ring_allreduce_time_on_graph_s(4, i, j, cap, delay, np.arange(4), 1e6)
    assert bw2 == pytest.approx(10e9) and t2 == pytest.approx(2 * 3 / 4 * 8e6 / 10e9 + 2 * 3 * 6e-3, rel=1e-12)
    # no path: a disconnected graph cannot run the ring
    assert ring_allreduce_time_on_graph_s(4, i[:2], j[:2], cap[:2], delay[:2], np.arange(4), 1e6) == (math.inf, 0.0)


def test_a_hierarchical_all_reduce_on_a_torus_is_two_rings_in_turn() -> None:
    # a × b torus (b planes of a): rings of a inside the planes, then a rings of b across them on 1/a of the
    # data; the rings of a level use different links, so each runs at the full capacity
    a, b, s, cap, hop = 6, 4, 1e9, 50e9, 1e-3
    i, j = grid_links(b, a)
    groups = [np.arange(p * a, (p + 1) * a) for p in range(b)]
    t = hierarchical_allreduce_time_on_graph_s(a * b, i, j, np.full(len(i), cap), np.full(len(i), hop), groups, s)
    intra = 2 * (a - 1) / a * 8 * s / cap + 2 * (a - 1) * hop
    inter = 2 * (b - 1) / b * 8 * (s / a) / cap + 2 * (b - 1) * hop
    assert t == pytest.approx(intra + inter, rel=1e-12)


def test_two_opt_shortens_the_nearest_neighbour_ring_and_visits_everyone() -> None:
    rng = np.random.default_rng(7)
    pos = np.column_stack([rng.uniform(0, 1000, 60), rng.uniform(0, 1000, 60), np.zeros(60)])
    order = ring_order(pos)
    assert sorted(order.tolist()) == list(range(60))
    tour = float(np.sum(np.linalg.norm(pos[order] - pos[np.roll(order, -1)], axis=1)))
    # the Beardwood–Halton–Hammersley constant: an optimal tour of n uniform points in area A is ≈ 0.7124 √(nA);
    # a 2-opt tour lies within ~5 % of optimal (Johnson & McGeoch 1997), so well under 1.15 × the asymptote
    assert tour < 1.15 * 0.7124 * math.sqrt(60 * 1000.0**2) * (1 + 0.33 / 60) + 1000.0


def test_a_large_formation_is_ringed_in_strips_within_fews_bound() -> None:
    # beyond a few thousand satellites the ring is a strip (boustrophedon) tour, O(K log K); Few (1955) bounds the
    # strip tour of n points in a square of side L by √(2 n) L + 1.75 L
    rng = np.random.default_rng(11)
    n, side = 5000, 1000.0
    pos = np.column_stack([rng.uniform(0, side, n), rng.uniform(0, side, n), np.zeros(n)])
    order = ring_order(pos)
    assert sorted(order.tolist()) == list(range(n))
    tour = float(np.sum(np.linalg.norm(pos[order] - pos[np.roll(order, -1)], axis=1)))
    assert tour < math.sqrt(2 * n) * side + 1.75 * side + side  # + the closing hop back across the strips


def test_suncatchers_cluster_links_and_all_reduce() -> None:
    # Suncatcher: 81 satellites within 1 km, neighbours ~100–200 m apart; within the 4 × 4 confocal range (0.32 km)
    # a link carries 16 × 24 × 400 Gbit/s = 153.6 Tbit/s, within 2 × 2 (1.25 km) 38.4
    m = Models(skyrack.load_scenario(EXAMPLES / "suncatcher.toml"))
    net = m.network
    snap = net.snapshots[0]
    assert net.topology == "formation" and net.terminals_per_satellite == 2 and len(snap.i) == 81
    assert 100.0 < float(np.median(snap.length_m)) < 250.0
    expected = np.where(snap.length_m <= 0.32e3, 153.6e12, 38.4e12)
    np.testing.assert_allclose(snap.capacity_bit_per_s, expected, rtol=0.02)  # the paper's 0.32 km is rounded
    # every hop direct: a ring at its weakest link, 2·80/81 of 140 GB (70 B bf16 gradients) plus light times
    weakest = float(np.min(snap.capacity_bit_per_s))
    closed = 2 * 80 / 81 * 8 * 140e9 / weakest + 2 * 80 * float(np.max(snap.length_m)) / C
    assert net.mean_allreduce_time_s == pytest.approx(closed, rel=1e-12)
    assert m.work.training is not None and m.work.training.allreduce_time_s == pytest.approx(closed, rel=1e-12)
    design = skyrack.design(m).network
    assert design is not None and design.compute_bound_fraction == 1.0
    # a wider cluster pushes its links out of the 4 × 4 and 2 × 2 ranges: the all-reduce slows, never speeds up
    times = [t for _, t, _ in design.radius_scan]
    assert all(b >= a * (1 - 1e-9) for a, b in itertools.pairwise(times))
    assert times[-1] > 3.5 * times[0]


def test_a_walker_shell_too_sparse_for_links_cannot_train_and_a_denser_one_can() -> None:
    walker = EXAMPLES / "walker-constellation.toml"
    sparse = skyrack.design(skyrack.load_scenario(walker, ["workload.training=true"]))
    assert not sparse.feasibility.ok
    assert any("network" in p and "min_tangent_altitude" in p and "workload.training" in p
               for p in sparse.feasibility.problems)  # fmt: skip
    dense = skyrack.design(
        skyrack.load_scenario(walker, ["workload.training=true", "orbit.total=72", "orbit.planes=6"])
    )
    assert dense.feasibility.ok and dense.network is not None and dense.network.always_connected
    assert dense.network.terminal == "starlink-laser" and dense.network.link_length_max_m <= 5400e3
    # an explicit capacity overrides the network, as before
    fixed = Models(skyrack.load_scenario(walker, ['workload.training={isl_capacity="1.6 Tbit/s"}']))
    assert fixed.work.training is not None
    assert fixed.work.training.allreduce_time_s == pytest.approx(2 * 23 / 24 * 8 * 140e9 / 1.6e12, rel=1e-12)


def test_the_network_sizes_the_terminals_the_orbit_pays_for() -> None:
    m = Models(skyrack.load_scenario(EXAMPLES / "suncatcher.toml"))
    assert m.costs.orbit.optical_terminals_per_satellite == 2.0
    given = Models(skyrack.load_scenario(EXAMPLES / "suncatcher.toml",
                                         ["catalog.costs.orbit-default.optical_terminals_per_satellite=3"]))  # fmt: skip
    assert given.costs.orbit.optical_terminals_per_satellite == 3.0  # an explicit count beats the network's


def test_a_ten_thousand_satellite_grid_builds_in_links_not_pairs() -> None:
    # 100 planes × 100: 20,000 links a snapshot; pairs would be 5 × 10^7 (the kernels keep edge lists)
    s = skyrack.load_scenario(EXAMPLES / "walker-constellation.toml",
                              ["orbit.total=10000", "orbit.planes=100", "workload.training=true",
                               "network.samples_per_orbit=2"])  # fmt: skip
    net = Models(s).network
    assert net.always_connected and len(net.snapshots[0].i) == 20000
    assert math.isfinite(net.mean_allreduce_time_s)
