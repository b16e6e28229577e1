"""`skyrack network`: the inter-satellite link budget, the topology, the training all-reduce on it, the downlink
through the ground stations and the inference path to the users — one report.

Orchestration only: the links and the all-reduce are :mod:`skyrack.models.network`'s, the step's compute the
design's (:func:`skyrack.chain.design.design`), the downlink and the latency :mod:`skyrack.chain.downlink`'s.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

from skyrack.chain.design import design
from skyrack.chain.downlink import downlink_report, downlink_timeline, inference_report
from skyrack.models import Models, build_models
from skyrack.models.network import Network, Terminal
from skyrack.physics.optical import full_grid_range_m
from skyrack.results.network import IslReport, NetworkReport, TopologyReport, TrainingReport
from skyrack.scenario import Scenario

# Largest fleet whose hop diameter is found exactly (all pairs: K² entries, 72 MB at 3,000); beyond it the largest
# eccentricity of sampled satellites, a lower bound.
_EXACT_DIAMETER_MAX: Final = 3000
_DIAMETER_SOURCES: Final = 16
# Below this share of the answers received, the report says the ground segment is too small.
SERVED_ENOUGH: Final = 0.99
# The capacity curve of the report: 10 m to 10,000 km.
_CURVE_M: Final = np.logspace(1.0, 7.0, 241)


def _max_range_m(terminal: Terminal) -> float:
    """Farthest distance at which the pair still carries data [m]: one channel through the whole aperture for a
    link budget, the datasheet range otherwise."""
    if terminal.optical is None:
        return terminal.max_range_m
    one = terminal.optical
    single = type(one)(**{**one.__dict__, "channels": 1})
    return full_grid_range_m(single)


def isl_report(net: Network) -> IslReport:
    t = net.terminal
    per_aperture = t.optical.channels * t.optical.channel_rate_bit_per_s if t.optical is not None else t.rate_bit_per_s
    return IslReport(
        terminal=t.name,
        per_aperture_bit_per_s=per_aperture,
        capacity_at_1km_bit_per_s=float(t.capacity_bit_per_s(np.array([1000.0]))[0]),
        max_range_m=_max_range_m(t),
        distance_m=_CURVE_M,
        capacity_bit_per_s=t.capacity_bit_per_s(_CURVE_M),
    )


def topology_report(net: Network) -> TopologyReport:
    k = net.satellites
    if not net.snapshots:
        return TopologyReport(net.topology, k, 0.0, 0.0, None, True, net.topology == "single", 0)
    links = float(np.mean([np.count_nonzero(s.capacity_bit_per_s) for s in net.snapshots]))
    s = net.snapshots[0]
    live = s.capacity_bit_per_s > 0
    graph = csr_matrix((np.ones(int(live.sum())), (s.i[live], s.j[live])), shape=(k, k))
    joined = int(connected_components(graph, directed=False)[0]) == 1
    diameter: int | None = None
    exact = k <= _EXACT_DIAMETER_MAX
    if joined and live.any():
        if exact:
            d = shortest_path(graph, directed=False, unweighted=True)
        else:
            sources = np.unique(np.linspace(0, k - 1, _DIAMETER_SOURCES).astype(np.int64))
            d = shortest_path(graph, directed=False, unweighted=True, indices=sources)
        diameter = int(np.max(d))
    return TopologyReport(net.topology, k, links, 2.0 * links / k, diameter, exact, net.always_connected,
                          len(net.snapshots), net.positions_m, s.i[live], s.j[live])  # fmt: skip


def network(scenario: Scenario | Models, max_memory_bytes: float | None = None) -> NetworkReport:
    """The whole data path of the scenario's fleet (see the module's docstring)."""
    models = scenario if isinstance(scenario, Models) else build_models(scenario)
    net = models.network
    training = None
    d = design(models)
    if d.network is not None:
        n = d.network
        training = TrainingReport(
            n.allreduce_s, n.step_compute_s, n.exposed_comm_s, n.compute_bound_fraction, tuple(n.radius_scan)
        )
    timeline = downlink_timeline(models, max_memory_bytes)
    note = net.note
    if models.isl_capacity_bit_per_s is not None:
        note = "workload.training.isl_capacity is set: the all-reduce runs a ring at that capacity"
    downlink = downlink_report(models, timeline)
    inference = inference_report(models, timeline)
    if inference is not None and inference.served_fraction < SERVED_ENOUGH:
        note += (
            f" The stations received {inference.served_fraction:.1%} of the answers over the period (the rest wait "
            "in the stores or were lost): add network.stations or network.downlink_satellites, or a larger "
            "network.storage."
        )
    if not downlink.stations or downlink.availability == 0.0:
        note += " No station ever receives from the fleet: the stations never see these orbits above their masks."
    return NetworkReport(
        scenario=models.scenario_name,
        isl=isl_report(net),
        topology=topology_report(net),
        training=training,
        downlink=downlink,
        inference=inference,
        note=note.strip(),
    )


__all__ = ["isl_report", "network", "topology_report"]
