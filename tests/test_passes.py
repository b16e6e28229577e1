"""`skyrack passes` and skyrack.passes: ground-station passes, checked against Skyfield's find_events."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import skyrack
from skyrack.chain.passes import Station, parse_station
from skyrack.errors import SkyrackInputError
from skyrack.present.cli import app

ROOT = Path(__file__).resolve().parents[1]
TLE = ROOT / "examples" / "tle-fleet.toml"
WALKER = ROOT / "examples" / "walker-constellation.toml"

# Real ISS element set of 2018-07-03, as used (and checked against JPL HORIZONS) in Skyfield's own test suite
# (skyfield/tests/test_earth_satellites.py); also tests/astro/astro_refdata.py.
ISS = (
    "ISS (ZARYA)",
    "1 25544U 98067A   18184.80969102  .00001614  00000-0  31745-4 0  9993",
    "2 25544  51.6414 295.8524 0003435 262.6267 204.2868 15.54005638121106",
)
# Stations (lat, lon deg, height m): mid-latitude, equatorial and southern sites the ISS (51.6°) passes over.
STATIONS = [("north", 48.0, 11.0, 600.0), ("equator", 0.0, -50.0, 0.0), ("south", -33.9, 18.4, 20.0)]


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_cli_table() -> None:
    result = _run("passes", str(TLE), "--station", "Svalbard=78.23,15.41,500", "--station", "40,-75")
    assert result.exit_code == 0, result.output
    for text in ("AOS UTC", "LOS UTC", "duration", "passes in 1 d above 10°", "40,-75", "2006-06-27 00:02:37"):
        assert text in result.output


def test_cli_json_keys() -> None:
    result = _run("passes", str(WALKER), "--station", "0,0", "--days", "0.5", "--mask", "5", "--step", "20", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"scenario", "start_utc", "days", "mask_deg", "step_s", "propagation", "stations",
                         "satellites", "count", "passes"}  # fmt: skip
    assert data["days"] == 0.5 and data["mask_deg"] == 5 and data["step_s"] == 20 and data["satellites"] == 24
    assert data["count"] == len(data["passes"]) > 0
    row = data["passes"][0]
    assert set(row) == {"satellite", "station", "aos_utc", "los_utc", "duration_s", "max_elevation_deg",
                        "max_elevation_utc", "aos_clipped", "los_clipped"}  # fmt: skip
    for p in data["passes"]:
        assert p["max_elevation_deg"] >= 5.0 - 1e-6 and p["duration_s"] >= 0


@pytest.mark.parametrize("text", ["Svalbard", "91,0", "10,400", "10", "a=b,c", "1,2,99999"])
def test_cli_bad_station(text: str) -> None:
    result = _run("passes", str(TLE), "--station", text)
    assert result.exit_code == 2
    assert "--station" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("option", "value"), [("--days", "0"), ("--mask", "95"), ("--step", "120")])
def test_cli_bad_options(option: str, value: str) -> None:
    result = _run("passes", str(TLE), "--station", "0,0", option, value)
    assert result.exit_code == 2 and option in result.output


def test_parse_station() -> None:
    assert parse_station("78.23, 15.41") == Station("78.23,15.41", 78.23, 15.41, 0.0)
    assert parse_station("Kiruna = 67.86,20.96,390") == Station("Kiruna", 67.86, 20.96, 390.0)
    with pytest.raises(SkyrackInputError):
        parse_station("")


@pytest.fixture(scope="module")
def skyfield_ts(skyfield_env: dict[str, Any]) -> Any:
    return skyfield_env["ts"]


def test_aos_los_against_skyfield_find_events(tmp_path: Path, skyfield_ts: Any) -> None:
    # Reference: Skyfield's EarthSatellite.find_events (its own SGP4, UTC/UT1 and frames) for the real ISS
    # element set over three stations for a day, 10° mask. Bound 1 s on AOS, LOS and culmination time and
    # 0.01° on the maximum elevation (measured ≤ 0.3 s and ≤ 0.006° in tests/astro/test_astro_ground.py;
    # the residual is mostly DUT1, taken as 0 here).
    from skyfield.api import EarthSatellite, wgs84

    tle = tmp_path / "iss.tle"
    tle.write_text("\n".join(ISS) + "\n", encoding="utf-8")
    start = datetime(2018, 7, 4, tzinfo=UTC)
    scenario = skyrack.load_scenario(TLE, [f'orbit.file="{tle}"', "scenario.start=2018-07-04T00:00:00Z"])
    stations = [Station(*row) for row in STATIONS]
    result = skyrack.passes(scenario, stations, days=1.0, mask_deg=10.0, step_s=30.0)
    assert result.propagation.startswith("sgp4")
    sat = EarthSatellite(ISS[1], ISS[2], ISS[0], skyfield_ts)
    t0 = skyfield_ts.from_datetime(start)
    t1 = skyfield_ts.tt_jd(t0.tt + 1.0)
    compared = 0
    for st in stations:
        topo = wgs84.latlon(st.latitude_deg, st.longitude_deg, st.height_m)
        times, events = sat.find_events(topo, t0, t1, altitude_degrees=10.0)
        sec = [(t.utc_datetime() - start).total_seconds() for t in times]
        ours = [p for p in result.passes if p.station == st.name and not (p.aos_clipped or p.los_clipped)]
        aos = [s for s, e in zip(sec, events, strict=True) if e == 0]
        los = [s for s, e in zip(sec, events, strict=True) if e == 2]
        culm = [(s, t) for s, e, t in zip(sec, events, times, strict=True) if e == 1]
        full = [(a, next(b for b in los if b > a)) for a in aos if any(b > a for b in los)]
        assert len(ours) == len(full)
        for p, (a, b) in zip(ours, full, strict=True):
            assert (p.aos_utc - start).total_seconds() == pytest.approx(a, abs=1.0)
            assert (p.los_utc - start).total_seconds() == pytest.approx(b, abs=1.0)
            tm = (p.max_elevation_utc - start).total_seconds()
            s_c, t_c = min((c for c in culm if a <= c[0] <= b), key=lambda c: abs(c[0] - tm))
            assert tm == pytest.approx(s_c, abs=1.0)
            el = (sat - topo).at(t_c).altaz()[0].degrees
            assert p.max_elevation_deg == pytest.approx(el, abs=0.01)
            compared += 1
    assert compared >= 5
