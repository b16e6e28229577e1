"""`skyrack network`: the data path against TBIRD's passes, Suncatcher's link, closed-form pass geometry, and the
latency both sides' users see; bad input gets one clear message."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from skyrack.chain.downlink import downlink_timeline
from skyrack.chain.network import network
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.models import build_models
from skyrack.present.cli import app
from skyrack.scenario import read_scenario_toml, scenario_from_dict

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

# JPL's OCTL at Table Mountain, TBIRD's ground station (Piazzolla et al. 2022 [S202]), under a clear sky
OCTL = {"kind": "optical", "latitude": "34.38 deg", "longitude": "-117.68 deg", "height": "2286 m", "cflos": 1.0,
        "elevation_mask": "20 deg"}  # fmt: skip


def _suncatcher() -> dict[str, Any]:
    return read_scenario_toml(ROOT / "examples" / "suncatcher.toml")


def _tbird(days: float = 14.0, step_s: float = 5.0) -> dict[str, Any]:
    d = _suncatcher()
    d["orbit"].pop("cluster_radius")
    d["orbit"].update(altitude="500 km", ltan="10:30")  # TBIRD: "300 miles" up, SSO from Transporter-5
    d["fleet"]["satellites"] = 1
    d["workload"] = {"training": False}
    d["network"] = {"stations": ["octl"], "fallback": "none", "downlink_period": f"{days} d",
                    "downlink_step": f"{step_s} s"}  # fmt: skip
    d["catalog"] = {"ground_stations": {"octl": dict(OCTL)}}
    return d


def _passes(on: np.ndarray, step_s: float) -> np.ndarray:
    edges = np.flatnonzero(np.diff(np.r_[0, on.astype(int), 0]))
    return (edges[1::2] - edges[::2]) * step_s


def test_tbird_passes_last_five_minutes_and_hold_its_record_volume() -> None:
    # TBIRD (SPIE 2023, 2024 [S85]): 200 Gbit/s in "5-minute passes", 4.8 TB in one pass. Closed form for an
    # overhead pass above a 20° mask at 500 km (non-rotating Earth): Earth central angle λ = 90° − ε − η,
    # η = asin(R cos ε / (R + h)); duration = P λ / 180° = 4.93 min. The Earth's rotation shifts it by ~1 %, a
    # 5 s step rounds it down by at most one step.
    step = 5.0
    models = build_models(scenario_from_dict(_tbird(step_s=step)))
    tl = downlink_timeline(models)
    durations = _passes(tl.station_rate_bit_per_s[0] > 0, step)
    r, h, eps = 6378.137e3, 500e3, math.radians(20.0)
    lam = math.pi / 2 - eps - math.asin(r * math.cos(eps) / (r + h))
    period = 2 * math.pi * math.sqrt((r + h) ** 3 / 3.986004418e14)
    assert durations.max() == pytest.approx(period * lam / math.pi, rel=0.015, abs=step)
    assert 4.5 * 60 <= durations.max() <= 6.0 * 60  # "5-minute passes", "about six minutes"
    volume_tb = durations.max() * 200e9 / 8 / 1e12
    assert volume_tb >= 4.8  # the record pass fits in the longest one
    # every sample receiving is one with the satellite above the mask, at the terminal's rate
    on = tl.station_rate_bit_per_s[0] > 0
    assert np.all(tl.in_view[0][on]) and np.all(tl.station_rate_bit_per_s[0][on] == 200e9)


def test_clouds_take_their_share_of_an_optical_station() -> None:
    # over a year of hourly skies the receiving time falls by the CFLOS probability (0.6 here), to sampling noise
    d = _tbird(days=60.0, step_s=60.0)
    clear = copy.deepcopy(d)
    d["catalog"]["ground_stations"]["octl"]["cflos"] = 0.6
    sunny = downlink_timeline(build_models(scenario_from_dict(clear)))
    cloudy = downlink_timeline(build_models(scenario_from_dict(d)))
    ratio = np.mean(cloudy.station_rate_bit_per_s > 0) / np.mean(sunny.station_rate_bit_per_s > 0)
    # ~60 passes over 60 days, each inside one hour's draw: binomial spread √(0.24/60) = 0.063
    assert ratio == pytest.approx(0.6, abs=0.2)


def test_network_json_on_suncatcher() -> None:
    result = runner.invoke(app, ["network", str(ROOT / "examples" / "suncatcher.toml"), "--json"])
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    # the interface
    for section, keys in {
        "isl": ("per_aperture_tbps", "capacity_tbps_at_1km", "max_range_km"),
        "topology": ("links", "mean_degree", "diameter_hops"),
        "training": ("allreduce_s_per_step", "compute_s_per_step", "communication_bound"),
        "downlink": ("gbps_mean", "tb_per_day", "availability"),
    }.items():
        for key in keys:
            assert key in data[section], (section, key)
    # Suncatcher [S37]: 24 × 400G = 9.6 Tbit/s an aperture; a ring of 81 links in the formation
    assert data["isl"]["per_aperture_tbps"] == pytest.approx(9.6)
    assert data["topology"]["links"] == 81 and data["topology"]["mean_degree"] == pytest.approx(2.0)
    assert data["topology"]["diameter_hops"] == 40  # a ring of 81: ⌊81/2⌋
    assert data["training"]["communication_bound"] is False
    assert data["inference"] is None  # the example trains
    dl = data["downlink"]
    total = sum(s["tb_per_day"] for s in dl["stations"])
    assert dl["tb_per_day"] == pytest.approx(total, rel=1e-9)
    assert 0.0 < dl["availability"] < 1.0


def test_inference_latency_and_the_ground_twins_over_the_same_users() -> None:
    d = _suncatcher()
    d["workload"] = {"training": False, "inference": {"demand": "2e6"}}
    d["network"] = {"downlink_period": "3 d"}
    s = scenario_from_dict(d)
    report = network(s)
    inf = report.inference
    assert inf is not None
    # the answers: 2e6 tokens/s × 4 B (text) = 64 Mbit/s, far below the downlink: all of it goes down
    assert inf.tokens_per_s_made == pytest.approx(2e6, rel=1e-9)
    assert inf.served_fraction > 0.95
    # the ground twin: each region's round trip is twice the fibre from its city to the site (us-average: Ashburn,
    # 39.03 N 77.4711 W), worked here by the spherical law of cosines on the GRS80 mean radius, with the published
    # 4.9 us/km (M2 Optics) over routes 2.1 x the great circle (Bozkurt et al. 2018); the code's haversine agrees
    # with the law of cosines to ~1e-12 at these distances, so 1e-9
    site = (math.radians(39.03), math.radians(-77.4711))
    cities = {"united-states": (40.6943, -73.9249), "india": (28.66, 77.23), "brazil": (-23.4439, -46.9178),
              "japan": (35.6897, 139.6922)}  # fmt: skip
    for region, got in zip(inf.regions, inf.ground_latency_by_region_s, strict=True):
        lat, lon = (math.radians(x) for x in cities[region])
        cos_angle = math.sin(lat) * math.sin(site[0]) + math.cos(lat) * math.cos(site[0]) * math.cos(lon - site[1])
        km = 6371.0087714 * math.acos(cos_angle)
        assert got == pytest.approx(2 * km * 2.1 * 4.9e-6, rel=1e-9)
    assert inf.ground_slo_attainment == 1.0  # a quarter second at worst, inside 2 s
    # in orbit a request waits for the next clear station in contact: minutes, unless it happens to be in one
    assert inf.latency_p50_s > inf.ground_latency_p50_s
    assert 0.0 <= inf.slo_attainment <= float(report.downlink.availability) + 0.05
    data = report.to_dict()["inference"]
    for key in ("tokens_per_s_served", "slo_attainment", "latency_ms_p50", "latency_ms_p95"):
        assert key in data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["network"].update(stations=["nowhere"]), "network.stations[0]"),
        (lambda d: d["network"].update(downlink="nowhere"), "network.downlink"),
        (lambda d: d["network"].update(fallback="tbird-200g"), "network.fallback"),
        (lambda d: d["network"].update(downlink_period="2 yr"), "network.downlink_period"),
        (lambda d: d["network"].update(downlink_step="5 min"), "network.downlink_step"),
        (lambda d: d["network"].update(storage="-1 TB"), "network.storage"),
        (lambda d: d["catalog"]["ground_stations"]["octl"].update(cflos=1.5), "catalog.ground_stations.octl.cflos"),
        (lambda d: d["catalog"]["ground_stations"]["octl"].pop("cflos"), "catalog.ground_stations.octl.cflos"),
        (lambda d: d["catalog"]["ground_stations"]["octl"].update(kind="laser"), "catalog.ground_stations.octl.kind"),
    ],
)
def test_bad_network_input_names_the_field(change: Any, field: str) -> None:
    d = _tbird(days=1.0, step_s=60.0)
    change(d)
    with pytest.raises((SkyrackInputError, SkyrackInputErrors)) as err:
        s = scenario_from_dict(d)
        network(s)
    assert field in str(err.value)


def test_a_downlink_too_big_for_the_memory_budget_is_refused_before_it_starts() -> None:
    s = scenario_from_dict(_tbird(days=14.0, step_s=1.0))
    with pytest.raises(SkyrackInputError, match="memory budget"):
        network(s, max_memory_bytes=1e6)
