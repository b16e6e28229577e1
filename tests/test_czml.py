"""CZML of the fleet (present/czml.py): the document's shape, circular orbits' radii, and the shadow against the
closed-form eclipse of a circular orbit."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("czml3")

import skyrack
from skyrack.astro.shadow import eclipse_fraction_circular
from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import julian_date_utc
from skyrack.models import build_models
from skyrack.present import czml

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _doc(name: str, *overrides: str, hours: float = 2.0, step_s: float = 60.0) -> tuple[list[dict], object]:
    models = build_models(skyrack.load_scenario(EXAMPLES / name, list(overrides)))
    return json.loads(czml.fleet_czml(models, hours, step_s)), models


def test_the_document_holds_every_satellite_link_and_station() -> None:
    doc, models = _doc("suncatcher.toml")
    assert doc[0]["id"] == "document" and doc[0]["version"] == "1.0" and "clock" in doc[0]
    ids = {p["id"] for p in doc}
    sats = [p for p in doc if p["id"].startswith("sat-")]
    assert len(sats) == models.n_satellites  # type: ignore[attr-defined]
    links = [p for p in doc if p["id"].startswith("isl-")]
    assert len(links) == 81  # Suncatcher's ring of 81 links
    for link in links:  # each references two satellites that are in the document
        refs = link["polyline"]["positions"]["references"]
        assert all(r.split("#")[0] in ids for r in refs)
    assert any(p["id"] == "station-ksat-svalbard" for p in doc)


def test_positions_lie_on_their_circular_orbits() -> None:
    doc, models = _doc("walker-constellation.toml")
    a = models.orbits.semi_major_axis_m  # type: ignore[attr-defined]
    for k, packet in enumerate(p for p in doc if p["id"].startswith("sat-")):
        samples = np.asarray(packet["position"]["cartesian"]).reshape(-1, 4)
        radius = np.linalg.norm(samples[:, 1:], axis=1)
        assert radius == pytest.approx(float(a[k]), rel=1e-9)  # a circle: |r| = a (float64 sums)
        assert samples[0, 0] == 0.0 and samples[-1, 0] == pytest.approx(7200.0)


def test_the_shadow_matches_the_closed_form_eclipse_of_a_circular_orbit() -> None:
    # Walker 53° at 550 km: over one period the grey (under half the Sun visible) share of the samples equals the
    # cylindrical-shadow eclipse fraction at the plane's beta angle (Vallado's closed form); the conical umbra and
    # penumbra shift each edge by seconds, and the 10 s samples resolve 0.2 % of a 95-minute orbit: 1 % tolerance.
    step = 10.0
    doc, models = _doc("walker-constellation.toml", hours=1.6, step_s=step)
    sat = next(p for p in doc if p["id"] == "sat-0")
    samples = np.asarray(sat["position"]["cartesian"]).reshape(-1, 4)
    a = float(models.orbits.semi_major_axis_m[0])  # type: ignore[attr-defined]
    period = 2 * math.pi * math.sqrt(a**3 / 3.986004418e14)
    keep = samples[:, 0] < period
    r = samples[keep, 1:]
    normal = np.cross(r[0], r[5])
    normal /= np.linalg.norm(normal)
    sun = sun_position_eci_m(julian_date_utc(models.start, [0.0]))[0]  # type: ignore[attr-defined]
    beta = math.asin(float(np.dot(normal, sun / np.linalg.norm(sun))))
    expected = float(eclipse_fraction_circular(beta, a))
    grey = 0.0
    for interval in sat["point"]["color"]:
        start, end = (np.datetime64(x.replace("Z", "")) for x in interval["interval"].split("/"))
        t0 = (start - np.datetime64(models.start.replace(tzinfo=None))) / np.timedelta64(1, "s")  # type: ignore[attr-defined]
        t1 = (end - np.datetime64(models.start.replace(tzinfo=None))) / np.timedelta64(1, "s")  # type: ignore[attr-defined]
        if interval["rgba"] == czml.SHADOW:
            grey += max(0.0, min(t1, period) - min(t0, period))
    assert expected > 0.2  # an orbit with an eclipse, so the check means something
    assert grey / period == pytest.approx(expected, abs=0.01)


def test_a_large_fleet_draws_its_first_satellites_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(czml, "MAX_SATELLITES", 5)
    doc, _ = _doc("walker-constellation.toml")
    assert sum(p["id"].startswith("sat-") for p in doc) == 5
    assert "the first 5 of 24 satellites" in doc[0]["name"]


@pytest.mark.parametrize(("hours", "step"), [(0.0, 60.0), (49.0, 60.0), (2.0, 0.5), (2.0, 601.0), (48.0, 1.0)])
def test_bad_windows_name_the_option(hours: float, step: float) -> None:
    models = build_models(skyrack.load_scenario(EXAMPLES / "walker-constellation.toml"))
    with pytest.raises(skyrack.SkyrackInputError):
        czml.fleet_czml(models, hours, step)


def test_passes_last_no_longer_than_an_overhead_pass_above_the_mask() -> None:
    # each pass line lives while a satellite is above a station's mask: never longer than the overhead pass of
    # the closed form (non-rotating Earth, Wertz & Larson §5.2: λ = 90° − ε − asin(R cos ε / (R + h)), duration
    # P λ / 180°), with a step of sampling and ~2 % for the Earth's rotation
    step = 30.0
    doc, models = _doc("walker-constellation.toml", hours=12.0, step_s=step)
    stations = {s.name: s for s in models.ground_segment.stations}  # type: ignore[attr-defined]
    a = float(models.orbits.semi_major_axis_m[0])  # type: ignore[attr-defined]
    period = 2 * math.pi * math.sqrt(a**3 / 3.986004418e14)
    passes = [p for p in doc if p["id"].startswith("pass-")]
    assert passes
    ids = {p["id"] for p in doc}
    for p in passes:
        station = p["polyline"]["positions"]["references"][0].split("#")[0]
        assert station in ids and p["polyline"]["positions"]["references"][1].split("#")[0] in ids
        mask = stations[station.removeprefix("station-")].mask_rad
        lam = math.pi / 2 - mask - math.asin(6378137.0 * math.cos(mask) / a)
        start, end = (np.datetime64(x.replace("Z", "")) for x in p["availability"].split("/"))
        seconds = (end - start) / np.timedelta64(1, "s")
        assert 0.0 <= seconds <= period * lam / math.pi * 1.02 + step
