"""What `skyrack network` returns: the optical link, the topology, the training all-reduce, the downlink and the
inference path, typed in SI; ``to_dict()`` is the ``--json`` object, its keys carrying their display units."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray


def _num(x: float) -> float | None:
    """A JSON number, or null where the figure does not exist (NaN, infinite)."""
    return float(x) if x is not None and math.isfinite(x) else None


@dataclass(frozen=True)
class IslReport:
    """The inter-satellite terminal's capacity against distance (one way)."""

    terminal: str
    per_aperture_bit_per_s: float  # one beam through the whole aperture, every channel fed
    capacity_at_1km_bit_per_s: float
    max_range_m: float  # farthest distance at which the link still carries data
    distance_m: NDArray[np.float64]  # the curve for the report
    capacity_bit_per_s: NDArray[np.float64]

    def to_dict(self) -> dict[str, Any]:
        return {
            "terminal": self.terminal,
            "per_aperture_tbps": _num(self.per_aperture_bit_per_s / 1e12),
            "capacity_tbps_at_1km": _num(self.capacity_at_1km_bit_per_s / 1e12),
            "max_range_km": _num(self.max_range_m / 1e3),
        }


@dataclass(frozen=True)
class TopologyReport:
    kind: str
    satellites: int
    links: float  # links carrying data, mean over the snapshots
    mean_degree: float
    diameter_hops: int | None  # None: not connected, or no links
    diameter_exact: bool  # False: the largest eccentricity of sampled satellites (a lower bound)
    always_connected: bool
    snapshots: int
    positions_m: NDArray[np.float64] | None = None  # (K, 3) at the first snapshot, for the picture
    link_i: NDArray[np.int64] | None = None  # its links carrying data
    link_j: NDArray[np.int64] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "satellites": self.satellites,
            "links": _num(self.links),
            "mean_degree": _num(self.mean_degree),
            "diameter_hops": self.diameter_hops,
            "diameter_exact": self.diameter_exact,
            "always_connected": self.always_connected,
            "snapshots": self.snapshots,
        }


@dataclass(frozen=True)
class TrainingReport:
    allreduce_s_per_step: float
    compute_s_per_step: float
    exposed_s_per_step: float  # what the overlap with the backward pass does not hide
    compute_bound_fraction: float
    radius_scan: tuple[tuple[float, float, float], ...] = ()  # formation: (radius m, all-reduce s, bound fraction)

    @property
    def communication_bound(self) -> bool:
        return self.exposed_s_per_step > 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "allreduce_s_per_step": _num(self.allreduce_s_per_step),
            "compute_s_per_step": _num(self.compute_s_per_step),
            "exposed_communication_s_per_step": _num(self.exposed_s_per_step),
            "compute_bound_fraction": _num(self.compute_bound_fraction),
            "communication_bound": self.communication_bound,
            "by_cluster_radius": [
                {"radius_km": r / 1e3, "allreduce_s_per_step": _num(t), "compute_bound_fraction": _num(f)}
                for r, t, f in self.radius_scan
            ],
        }


@dataclass(frozen=True)
class StationLoad:
    name: str
    kind: str
    cflos: float
    in_view_fraction: float  # some satellite above the mask
    clear_fraction: float  # the sky as drawn
    link_fraction: float  # receiving
    mean_bit_per_s: float
    bytes_per_day: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "cflos": _num(self.cflos),
            "in_view_fraction": _num(self.in_view_fraction),
            "clear_fraction": _num(self.clear_fraction),
            "link_fraction": _num(self.link_fraction),
            "gbps_mean": _num(self.mean_bit_per_s / 1e9),
            "tb_per_day": _num(self.bytes_per_day / 1e12),
        }


@dataclass(frozen=True)
class DownlinkReport:
    primary: str
    fallback: str
    gateways: tuple[int, int]  # satellites carrying an optical terminal, an RF one
    period_s: float
    step_s: float
    stations: tuple[StationLoad, ...]
    mean_bit_per_s: float
    bytes_per_day: float
    availability: float  # share of the time at least one station receives
    optical_any_clear_probability: float  # site diversity: at least one optical station clear (independent skies)
    pooled: bool
    store_bytes_per_satellite: float
    made_bytes: float
    sent_bytes: float
    lost_bytes: float
    held_bytes_end: float
    store_peak_fraction: float
    bytes_per_day_by_station: NDArray[np.float64]  # (M, days)
    station_price_usd: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "terminal": self.primary,
            "fallback": self.fallback,
            "gateways": {"optical": self.gateways[0], "rf": self.gateways[1]},
            "period_days": self.period_s / 86400.0,
            "gbps_mean": _num(self.mean_bit_per_s / 1e9),
            "tb_per_day": _num(self.bytes_per_day / 1e12),
            "availability": _num(self.availability),
            "optical_any_clear_probability": _num(self.optical_any_clear_probability),
            "store_pooled": self.pooled,
            "store_tb_per_satellite": _num(self.store_bytes_per_satellite / 1e12),
            "store_peak_fraction": _num(self.store_peak_fraction),
            "answers_tb": _num(self.made_bytes / 1e12),
            "sent_tb": _num(self.sent_bytes / 1e12),
            "lost_tb": _num(self.lost_bytes / 1e12),
            "held_tb_at_end": _num(self.held_bytes_end / 1e12),
            "stations": [s.to_dict() for s in self.stations],
        }


@dataclass(frozen=True)
class InferenceReport:
    traffic: str
    bytes_per_token: float
    tokens_per_s_made: float
    tokens_per_s_served: float
    served_fraction: float
    latency_slo_s: float
    slo_attainment: float
    latency_p50_s: float
    latency_p95_s: float
    ground_latency_p50_s: float
    ground_latency_p95_s: float
    ground_slo_attainment: float
    transit_usd_per_accelerator_hour: float
    latency_samples_s: NDArray[np.float64]  # orbit, NaN where never answered in the period
    latency_weights: NDArray[np.float64]
    ground_latency_by_region_s: tuple[float, ...]
    regions: tuple[str, ...]
    isl_delay_s: float
    batch_wait_p50_s: float = float("nan")  # the batch answers' wait in a pooled store, weighted by volume
    batch_wait_p95_s: float = float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "traffic": self.traffic,
            "bytes_per_token": self.bytes_per_token,
            "tokens_per_s_made": _num(self.tokens_per_s_made),
            "tokens_per_s_served": _num(self.tokens_per_s_served),
            "served_fraction": _num(self.served_fraction),
            "latency_slo_ms": self.latency_slo_s * 1e3,
            "slo_attainment": _num(self.slo_attainment),
            "latency_ms_p50": _num(self.latency_p50_s * 1e3),
            "latency_ms_p95": _num(self.latency_p95_s * 1e3),
            "ground": {
                "latency_ms_p50": _num(self.ground_latency_p50_s * 1e3),
                "latency_ms_p95": _num(self.ground_latency_p95_s * 1e3),
                "slo_attainment": _num(self.ground_slo_attainment),
            },
            "transit_usd_per_gpu_hour": _num(self.transit_usd_per_accelerator_hour),
            "isl_delay_ms": _num(self.isl_delay_s * 1e3),
            "batch_wait_s_p50": _num(self.batch_wait_p50_s),
            "batch_wait_s_p95": _num(self.batch_wait_p95_s),
            "regions": list(self.regions),
        }


@dataclass(frozen=True)
class NetworkReport:
    scenario: str
    isl: IslReport
    topology: TopologyReport
    training: TrainingReport | None
    downlink: DownlinkReport
    inference: InferenceReport | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "isl": self.isl.to_dict(),
            "topology": self.topology.to_dict(),
            "training": self.training.to_dict() if self.training else None,
            "downlink": self.downlink.to_dict(),
            "inference": self.inference.to_dict() if self.inference else None,
            "note": self.note,
        }


__all__ = [
    "DownlinkReport",
    "InferenceReport",
    "IslReport",
    "NetworkReport",
    "StationLoad",
    "TopologyReport",
    "TrainingReport",
]
