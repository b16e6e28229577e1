"""Orbit kinds 'walker' and 'tle': scenario validation, design and simulation against independent references."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

import skyrack
from skyrack.astro.shadow import sun_visible_fraction
from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import julian_date_utc
from skyrack.astro.tle import load_satellites, propagate_satellites_eci
from skyrack.chain.design import fleet_sunlit_fraction, plane_designs, survey_fleet
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, EARTH_J2, MU_EARTH_M3_PER_S2
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.models import build_models
from skyrack.present.cli import app
from skyrack.scenario import read_scenario_toml

ROOT = Path(__file__).resolve().parents[1]
WALKER = ROOT / "examples" / "walker-constellation.toml"
TLE = ROOT / "examples" / "tle-fleet.toml"
TLE_FILE = ROOT / "examples" / "tle-fleet.tle"


def _errors(path: Path, *overrides: str) -> list[SkyrackInputError]:
    with pytest.raises((SkyrackInputError, SkyrackInputErrors)) as info:
        skyrack.load_scenario(path, list(overrides))
    exc = info.value
    return exc.errors if isinstance(exc, SkyrackInputErrors) else [exc]


def _whole_orbits_mean(t_s: np.ndarray, series: np.ndarray, period_s: float) -> float:
    """Mean of a series over the whole orbits it spans (a partial last orbit would bias it by up to ~1%)."""
    window = math.floor((t_s[-1] - t_s[0]) / period_s) * period_s
    return float(np.mean(series[t_s - t_s[0] < window]))


def _one(path: Path, *overrides: str) -> SkyrackInputError:
    errors = _errors(path, *overrides)
    assert len(errors) == 1, errors
    return errors[0]


# ---------------------------------------------------------------------------------------------- scenario


def test_walker_example_loads() -> None:
    s = skyrack.load_scenario(WALKER)
    assert s.orbit.kind == "walker" and (s.orbit.total, s.orbit.planes, s.orbit.phasing) == (24, 3, 1)
    assert s.orbit.walker_pattern == "delta"
    assert s.orbit.altitude_m == 550e3 and s.orbit.inclination_rad == pytest.approx(math.radians(53))
    assert s.fleet.satellites == 24  # omitted in the file: = total


def test_walker_planes_must_divide_total() -> None:
    e = _one(WALKER, "orbit.planes=5")
    assert e.field == "orbit.planes" and e.value == 5
    assert "divide" in e.expected and "1, 2, 3, 4, 6, 8, 12, 24" in e.expected


@pytest.mark.parametrize("phasing", [3, 7])
def test_walker_phasing_out_of_range(phasing: int) -> None:
    e = _one(WALKER, f"orbit.phasing={phasing}")
    assert e.field == "orbit.phasing" and e.value == phasing
    assert "between 0 and planes - 1 = 2" in e.expected


def test_walker_negative_phasing_is_a_range_error() -> None:
    assert _one(WALKER, "orbit.phasing=-1").field == "orbit.phasing"


def test_walker_fleet_size_must_equal_total() -> None:
    assert skyrack.load_scenario(WALKER, ["fleet.satellites=24"]).fleet.satellites == 24
    e = _one(WALKER, "fleet.satellites=20")
    assert e.field == "fleet.satellites" and e.value == 20 and "orbit.total = 24" in e.expected


@pytest.mark.parametrize("key", ["total", "planes", "phasing", "inclination", "altitude"])
def test_walker_required_fields(key: str) -> None:
    data = read_scenario_toml(WALKER)
    del data["orbit"][key]
    with pytest.raises(SkyrackInputErrors) as info:
        skyrack.scenario_from_dict(data)
    (e,) = info.value.errors
    assert e.field == f"orbit.{key}" and "missing" in e.expected


def test_walker_keys_are_rejected_for_other_kinds(suncatcher_path: Path) -> None:
    e = _one(suncatcher_path, "orbit.total=24")
    assert e.field == "orbit.total" and "only a walker orbit" in e.expected
    e = _one(suncatcher_path, 'orbit.file="x.tle"')
    assert e.field == "orbit.file" and "only a tle orbit" in e.expected


def test_sso_still_needs_its_fleet_size(suncatcher_path: Path) -> None:
    data = read_scenario_toml(suncatcher_path)
    del data["fleet"]["satellites"]
    with pytest.raises(SkyrackInputErrors) as info:
        skyrack.scenario_from_dict(data)
    (e,) = info.value.errors
    assert e.field == "fleet.satellites" and "missing" in e.expected


def test_tle_example_loads_and_counts_the_file() -> None:
    s = skyrack.load_scenario(TLE)
    assert s.orbit.kind == "tle" and s.orbit.file == TLE_FILE.resolve()
    assert s.orbit.altitude_m is None
    assert s.fleet.satellites == 2  # omitted: every satellite of the file
    assert skyrack.load_scenario(TLE, ["fleet.satellites=1"]).fleet.satellites == 1


def test_tle_fleet_cannot_exceed_the_file() -> None:
    e = _one(TLE, "fleet.satellites=3")
    assert e.field == "fleet.satellites" and e.value == 3 and "only 2 satellites" in e.expected


def test_tle_missing_file(tmp_path: Path) -> None:
    e = _one(TLE, f'orbit.file="{tmp_path / "nope.tle"}"')
    assert e.field == "orbit.file" and "no such file" in e.expected


@pytest.mark.parametrize(
    "text",
    [
        "1 25544U 98067A   18184.80969102  .00001614  00000-0  31745-4 0  9990\n"  # bad checksum (9993)
        "2 25544  51.6414 295.8524 0003435 262.6267 204.2868 15.54005638121106\n",
        "ISS\n1 25544U 98067A   18184.80969102  .00001614  00000-0  31745-4 0  9993\n",  # line 2 missing
        "# only a comment\n",
        '[{"OBJECT_NAME": "X"}]',  # OMM without elements
    ],
)
def test_tle_malformed_file(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.tle"
    bad.write_text(text, encoding="utf-8")
    e = _one(TLE, f'orbit.file="{bad}"')
    assert e.field == "orbit.file" and e.value == str(bad) and "not a valid TLE" in e.expected


def test_tle_rejects_plane_fields() -> None:
    e = _one(TLE, 'orbit.altitude="500 km"')
    assert e.field == "orbit.altitude" and "from the element sets" in e.expected


def test_tle_path_is_relative_to_the_scenario_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    shutil.copy(TLE, folder / "s.toml")
    shutil.copy(TLE_FILE, folder / "tle-fleet.tle")
    monkeypatch.chdir(tmp_path)
    s = skyrack.load_scenario(folder / "s.toml")
    assert s.orbit.file == folder / "tle-fleet.tle"
    # scenario_from_dict with an absolute path, from any working directory
    data = read_scenario_toml(TLE)
    data["orbit"]["file"] = str(TLE_FILE)
    assert skyrack.scenario_from_dict(data).fleet.satellites == 2


def test_cli_reports_a_malformed_tle_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tle"
    bad.write_text("1 garbage\n2 garbage\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(TLE), "--set", f'orbit.file="{bad}"'])
    assert result.exit_code == 2
    assert "orbit.file" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------- design


@pytest.fixture(scope="module")
def skyfield_sun(skyfield_env: dict[str, Any]) -> Any:
    """Geocentric Sun direction from Skyfield's DE421 (skyfield-data, offline): a function of UTC datetimes."""
    ts, eph = skyfield_env["ts"], skyfield_env["eph"]

    def sun_unit(times: list[Any]) -> np.ndarray:
        v = (eph["sun"] - eph["earth"]).at(ts.from_datetimes(times)).position.m.T
        return np.asarray(v / np.linalg.norm(v, axis=-1, keepdims=True))

    return sun_unit


@pytest.mark.parametrize(("pattern", "spread_deg"), [("delta", 360.0), ("star", 180.0)])
def test_walker_planes_are_spaced_by_spread_over_p(pattern: str, spread_deg: float) -> None:
    s = skyrack.load_scenario(WALKER, [f'orbit.pattern="{pattern}"', 'orbit.raan="10 deg"'])
    planes = skyrack.design(s).orbit.plane_surveys
    assert [p.satellites for p in planes] == [8, 8, 8]
    raan = [np.degrees(p.raan_at_start_rad) for p in planes]
    assert raan == pytest.approx([10.0 + spread_deg * j / 3 for j in range(3)], abs=1e-9)


def test_walker_eclipse_of_each_plane_matches_the_closed_form(skyfield_sun: Any) -> None:
    # Reference: per plane, β(t) = asin(ĥ(t)·ŝ(t)) with the Sun from Skyfield/DE421 and Ω(t) = Ω0 + 120° j
    # + Ω̇ t, Ω̇ = −(3/2) n J2 (R/a)² cos i (Vallado 2013, eq. 9-41), and the cylindrical eclipse fraction
    # f = acos(√(h² + 2Rh) / (a cos β)) / π (Rickman 2014, NASA TFAWS). Measured agreement ≈ 1e-5 in the
    # sunlit fraction (skyrack's Sun is a 0.01° series); bounds 5e-4 and 0.05 min.
    s = skyrack.load_scenario(WALKER)
    d = skyrack.design(s)
    a = EARTH_EQUATORIAL_RADIUS_M + 550e3
    h = 550e3
    inc = math.radians(53.0)
    n = math.sqrt(MU_EARTH_M3_PER_S2 / a**3)
    raan_dot = -1.5 * n * EARTH_J2 * (EARTH_EQUATORIAL_RADIUS_M / a) ** 2 * math.cos(inc)
    t = d.orbit.survey.t_s  # the design surveys its 5-year life, hourly
    assert t[-1] >= 5 * 365 * 86400.0
    from datetime import timedelta

    sun = skyfield_sun([s.scenario.start + timedelta(seconds=float(x)) for x in t])
    period_min = 2 * math.pi / n / 60
    assert (d.orbit.period_s / 60.0) == pytest.approx(period_min, rel=1e-9)
    worst = 0.0
    for j, plane in enumerate(d.orbit.plane_surveys):
        raan = math.radians(120.0 * j) + raan_dot * t
        hn = np.stack([math.sin(inc) * np.sin(raan), -math.sin(inc) * np.cos(raan), np.full_like(t, math.cos(inc))], -1)
        beta = np.arcsin(np.sum(hn * sun, axis=-1))
        ratio = math.sqrt(h * h + 2 * EARTH_EQUATORIAL_RADIUS_M * h) / (a * np.cos(beta))
        frac = np.where(ratio < 1, np.arccos(np.minimum(ratio, 1)) / math.pi, 0.0)
        assert plane.sunlit_fraction == pytest.approx(1 - frac.mean(), abs=5e-4)
        assert (plane.max_eclipse_s / 60.0) == pytest.approx(frac.max() * period_min, abs=0.05)
        assert np.degrees(plane.beta_min_rad) == pytest.approx(math.degrees(beta.min()), abs=0.05)
        assert np.degrees(plane.beta_max_rad) == pytest.approx(math.degrees(beta.max()), abs=0.05)
        worst = max(worst, frac.max() * period_min)
    # sized for the worst plane
    assert (d.orbit.max_eclipse_s / 60.0) == pytest.approx(worst, abs=0.05)
    assert d.orbit.planes == 3 and d.orbit.constellation.startswith("Walker delta")


def test_tle_eclipse_per_satellite_matches_the_time_resolved_shadow() -> None:
    # Reference: SGP4 positions of the real element sets every 30 s over the day (TEME → inertial), the Sun
    # and the conical shadow of skyrack.astro (each tested against Skyfield / Montenbruck & Gill); the
    # design's closed form uses the circular equivalent and the cylindrical shadow. Averaged over the whole
    # orbits of the day: measured ≤ 6e-4 in the sunlit fraction (cylinder vs cone, e = 0.003) and ≤ 1.3 km
    # between the mean SGP4 radius and the circular equivalent's; bounds 2e-3 and 5 km.
    s = skyrack.load_scenario(TLE, ['scenario.duration="1 d"'])
    d = skyrack.design(s)
    models = build_models(s)
    day = plane_designs(models, survey_fleet(models, 86400.0))  # the design's closed form over that day
    cat = load_satellites(TLE_FILE)
    t = np.arange(0.0, 86400.0, 30.0)
    jd = julian_date_utc(s.scenario.start, t)
    r, _, err = propagate_satellites_eci(cat.satrec_array(), jd)
    assert np.all(err == 0)
    nu = sun_visible_fraction(r, sun_position_eci_m(jd))
    for k, plane in enumerate(day):
        assert plane.name == cat.names[k]
        reference = _whole_orbits_mean(t, nu[k], (plane.period_s / 60.0) * 60.0)
        assert plane.sunlit_fraction == pytest.approx(reference, abs=2e-3)
        radius = np.linalg.norm(r[k], axis=-1).mean()
        assert (plane.altitude_m / 1e3) == pytest.approx((radius - EARTH_EQUATORIAL_RADIUS_M) / 1e3, abs=5.0)
    assert d.orbit.planes == 2 and d.fleet.satellites == 2
    assert np.degrees(d.orbit.inclination_max_rad) == pytest.approx(98.43, abs=0.2)  # CBERS-2, sun-synchronous


def test_tle_eccentric_orbit_is_refused(tmp_path: Path) -> None:
    # NORAD 08195 (Molniya 2-14), e = 0.688, from Vallado's SGP4-VER.TLE (AIAA 2006-6753)
    tle = tmp_path / "molniya.tle"
    tle.write_text(
        "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813\n"
        "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656\n",
        encoding="utf-8",
    )
    s = skyrack.load_scenario(TLE, [f'orbit.file="{tle}"'])
    with pytest.raises(SkyrackInputError, match="eccentricity") as info:
        skyrack.design(s)
    assert info.value.field == "orbit.file"


def test_design_keeps_its_keys_for_one_plane(suncatcher_path: Path) -> None:
    d = skyrack.design(skyrack.load_scenario(suncatcher_path)).to_dict()["orbit"]
    for key in ("kind", "altitude_km", "semi_major_axis_km", "inclination_deg", "raan_at_start_deg", "period_min",
                "beta_min_deg", "beta_max_deg", "sunlit_fraction", "max_eclipse_min",
                "eclipse_free_fraction_of_period"):  # fmt: skip
        assert key in d
    assert d["planes"] == 1 and len(d["plane_surveys"]) == 1 and d["altitude_min_km"] == d["altitude_max_km"] == 650


def test_polar_walker_is_costed_with_the_sso_payload() -> None:
    low = skyrack.design(skyrack.load_scenario(WALKER))
    polar = skyrack.design(skyrack.load_scenario(WALKER, ['orbit.inclination="86.4 deg"', 'orbit.pattern="star"']))
    catalog = skyrack.default_catalog()
    starship = catalog.entry("launch_vehicles", "starship", "launch.vehicle")
    assert low.fleet.payload_per_launch_kg == starship.to("payload_leo", "kg")
    assert polar.fleet.payload_per_launch_kg < low.fleet.payload_per_launch_kg


# ---------------------------------------------------------------------------------------------- simulation


def test_walker_simulated_sunlit_fraction_per_plane_matches_the_design() -> None:
    # The simulator's conical shadow at 60 s steps against the design's cylindrical closed form per plane,
    # averaged over whole orbits: measured ≤ 8e-4 over 2 days (walker and tle); bound 2e-3.
    s = skyrack.load_scenario(WALKER, ['scenario.duration="2 d"', "simulation.record_satellites=[0, 8, 16]"])
    d = skyrack.design(s)
    result = skyrack.simulate(s, d)
    models = build_models(s)
    window = survey_fleet(models, 2 * 86400.0)  # the design's closed form over the simulated days
    planes = plane_designs(models, window)
    for k in (0, 8, 16):
        plane = planes[k // 8]
        sim = _whole_orbits_mean(result.t_s, result.satellites[k]["sun_fraction"], (plane.period_s / 60.0) * 60.0)
        assert sim == pytest.approx(plane.sunlit_fraction, abs=2e-3)
    assert result.to_dict()["orbit"]["sunlit_fraction"] == pytest.approx(
        fleet_sunlit_fraction(models, window), abs=5e-3
    )


def test_tle_simulated_sunlit_fraction_per_satellite_matches_the_design() -> None:
    s = skyrack.load_scenario(TLE, ['scenario.duration="2 d"', "simulation.record_satellites=[0, 1]"])
    d = skyrack.design(s)
    result = skyrack.simulate(s, d)
    models = build_models(s)
    planes = plane_designs(models, survey_fleet(models, 2 * 86400.0))
    for k in (0, 1):
        plane = planes[k]
        sim = _whole_orbits_mean(result.t_s, result.satellites[k]["sun_fraction"], (plane.period_s / 60.0) * 60.0)
        assert sim == pytest.approx(plane.sunlit_fraction, abs=2e-3)


def test_simulated_orbit_radius_is_per_satellite() -> None:
    from skyrack.chain.simulate.engine import ORB_RADIUS, prepare

    s = skyrack.load_scenario(TLE, ['scenario.duration="1 d"'])
    setup = prepare(s, skyrack.design(s))
    radius = setup.orbit[:, ORB_RADIUS]
    alt_km = [(p.altitude_m / 1e3) for p in skyrack.design(s).orbit.plane_surveys]
    assert (radius - EARTH_EQUATORIAL_RADIUS_M) / 1e3 == pytest.approx(alt_km, abs=1e-6)
    assert setup.radius_m == pytest.approx(radius.mean())


def test_design_table_shows_the_planes_of_a_walker_fleet() -> None:
    from typer.testing import CliRunner

    from skyrack.present.cli import app

    example = Path(__file__).resolve().parents[1] / "examples" / "walker-constellation.toml"
    result = CliRunner().invoke(app, ["design", str(example)])
    assert result.exit_code == 0, result.stderr
    # 24/3/1: three planes of eight satellites at one altitude
    assert "planes" in result.stdout and "3 (sized for" in result.stdout
    assert "550 … 550 km" in result.stdout
