"""Trade studies: sweep points, the study store, resume after kill -9, engines, queries (issue #15)."""

from __future__ import annotations

import itertools
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from skyrack.analysis import sweep
from skyrack.analysis.sweep import COST_ONLY_KEYS, OUTPUTS, iter_points, parse_grid, parse_range, sweep_points
from skyrack.constants import STEFAN_BOLTZMANN_W_PER_M2_K4 as SIGMA
from skyrack.errors import SkyrackInputError
from skyrack.present.cli import app
from skyrack.present.studies import read_rows

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SUNCATCHER = EXAMPLES / "suncatcher.toml"
runner = CliRunner()


def _sweep(tmp_path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["sweep", str(SUNCATCHER), "--studies", str(tmp_path), "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_grid_and_sample_points() -> None:
    axis = parse_grid("launch.price=100 USD/kg:400:4")
    assert axis.values == ("100 USD/kg", "200 USD/kg", "300 USD/kg", "400 USD/kg")
    assert parse_grid("fleet.satellites=1:3:5").values == ("1", "2", "3")  # whole numbers, each once
    assert parse_grid("satellite.accelerator=tpu-v6e, h100-sxm").values == ("tpu-v6e", "h100-sxm")
    points = sweep_points([axis, parse_grid("satellite.thermal.emissivity=0.8,0.9")])
    assert len(points) == 8 and points[1] == {"launch.price": "100 USD/kg", "satellite.thermal.emissivity": "0.9"}
    # a Latin hypercube puts one sample in each of N strata of every range (McKay et al. 1979)
    r = parse_range("satellite.thermal.emissivity=0.8:0.96")
    lhs = sweep_points([], [r], lhs=16, seed=3)
    strata = sorted(math.floor((float(p[r.key]) - 0.8) / 0.01) for p in lhs)
    assert strata == list(range(16))
    assert sweep_points([], [r], lhs=16, seed=3) == lhs  # the seed fixes the points
    with pytest.raises(SkyrackInputError, match="--lhs"):
        sweep_points([], [r])
    with pytest.raises(SkyrackInputError, match="one unit"):
        parse_grid("launch.price=100 USD/kg:1 kUSD/kg:3")


def test_a_radiator_grid_matches_the_closed_form_and_finds_the_known_optimum(tmp_path: Path) -> None:
    # no Sun, albedo or Earth on the panel: q = 2 ε σ T⁴, so A = Q / (2 ε σ T⁴) at every point, and the smallest
    # radiator sits at the hottest, most emissive corner of the grid
    quiet = ["--set", "satellite.thermal.sunlit_sides=0", "--set", "satellite.thermal.albedo=0",
             "--set", "satellite.thermal.earth_view_factor=0", "--set", 'satellite.thermal.coolant_to_panel="5 K"']  # fmt: skip
    out = _sweep(tmp_path, *quiet, "--grid", "satellite.thermal.radiator_temperature=0 degC:40 degC:5",
                 "--grid", "satellite.thermal.emissivity=0.80:0.95:4", "--name", "radiator", "--workers", "1")  # fmt: skip
    assert out["points"] == 20 and out["feasible"] == 20
    rows = read_rows(Path(out["store"]))
    assert rows is not None
    for row in rows.to_pylist():
        t_k = float(row["satellite.thermal.radiator_temperature"].split()[0]) + 273.15
        eps = float(row["satellite.thermal.emissivity"])
        # 3e-7: the store keeps float32 (half an ulp, 6e-8 relative, on each of area and heat); the kernel's flux
        # is the same two products in another order (1e-15)
        assert row["radiator_area_m2"] == pytest.approx(row["heat_rejected_w"] / (2 * eps * SIGMA * t_k**4), rel=3e-7)
    smallest = min(rows.to_pylist(), key=lambda r: r["radiator_area_m2"])
    assert smallest["satellite.thermal.radiator_temperature"] == "40 degC"
    assert smallest["satellite.thermal.emissivity"] == "0.95"


def test_the_pool_local_ray_and_one_process_give_the_same_rows() -> None:
    points = sweep_points([parse_grid("launch.price=150 USD/kg:600 USD/kg:4")])
    one = dict(iter_points(str(SUNCATCHER), [], points, range(4), workers=1))
    two = dict(iter_points(str(SUNCATCHER), [], points, range(4), workers=2))
    ray = dict(iter_points(str(SUNCATCHER), [], points, range(4), workers=2, engine="ray"))  # a local Ray, 2 CPUs
    assert one.keys() == two.keys() == ray.keys() == set(range(4))
    for i in range(4):
        assert json.dumps(one[i], sort_keys=True) == json.dumps(two[i], sort_keys=True)
        assert json.dumps(one[i], sort_keys=True) == json.dumps(ray[i], sort_keys=True)


# Each cost-only key over 16 values (the smallest group costed as arrays), with what it needs to act.
COST_GRIDS = {
    "launch.price": ("100 USD/kg:2000 USD/kg:16", []),
    "launch.learning_rate": ("0.05:0.35:16", ["launch.price_model=wright", 'launch.cumulative_mass_at_start="5000 t"']),
    "launch.launches_per_year": ("2:40:16", []),
    "ground.electricity_price": ("0.02 USD/kWh:0.2 USD/kWh:16", []),
    "ground.pue": ("1.05:1.8:16", []),
    "ground.wue": ("0.1 L/kWh:2 L/kWh:16", []),
    "ground.carbon_intensity": ("0.05 kg/kWh:0.8 kg/kWh:16", []),
    "finance.discount_rate": ("0.02:0.15:16", []),
}


@pytest.mark.parametrize("key", sorted(COST_GRIDS))
def test_points_differing_in_a_cost_key_share_one_design_and_match_point_by_point(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, needs = COST_GRIDS[key]
    assert set(COST_GRIDS) == COST_ONLY_KEYS
    base = [*needs, "satellite.accelerators=40"]
    points = sweep_points([parse_grid(f"{key}={spec}")])
    alone = [sweep.evaluate_point(str(SUNCATCHER), base, p) for p in points]
    calls = []
    one_by_one = sweep.evaluate_point
    monkeypatch.setattr(sweep, "evaluate_point", lambda *a, **k: calls.append(a) or one_by_one(*a, **k))
    grouped = sweep.evaluate_group(str(SUNCATCHER), base, points)
    assert len(calls) == 2  # the arrays were used: only the two checking points ran on their own
    for a, b in zip(grouped, alone, strict=True):
        assert a["feasible"] and b["feasible"] and a["warnings"] == b["warnings"]
        for k in OUTPUTS:  # 1e-12: the same numpy expressions on arrays and on 0-d values (measured 4e-16)
            assert a[k] == pytest.approx(b[k], rel=1e-12, nan_ok=True), k
    moved = [sum(r[k] for k in OUTPUTS[:5]) for r in alone]  # costs, ratio, carbon
    assert max(moved) > min(moved) * (1 + 1e-6), f"{key} moves nothing: the test would prove nothing"


def test_a_group_the_arrays_cannot_take_falls_back_to_each_point_and_its_reason() -> None:
    # a learning rate without Wright's model is refused by the scenario at every point: each row says so
    points = sweep_points([parse_grid("launch.learning_rate=0.05:0.35:16")])
    rows = sweep.evaluate_group(str(SUNCATCHER), [], points)
    assert len(rows) == 16
    assert all(not r["feasible"] and "price_model = 'wright'" in r["reason"] for r in rows)
    # a grid mixing a design key and a cost key: one array task per design, the rest alone
    mixed = sweep_points([parse_grid("satellite.accelerators=8,16"), parse_grid("launch.price=100:400:20")])
    tasks = sweep.point_tasks(mixed, range(len(mixed)))
    assert sorted(len(t) for t in tasks) == [20, 20] and sorted(i for t in tasks for i in t) == list(range(40))
    assert [len(t) for t in sweep.point_tasks(mixed, range(10))] == [1] * 10  # too few to share a design


def test_a_ten_thousand_point_cost_grid_is_stored_whole_and_matches_its_corners(tmp_path: Path) -> None:
    out = _sweep(tmp_path, "--grid", "launch.price=50 USD/kg:3000 USD/kg:100", "--grid",
                 "ground.electricity_price=0.02 USD/kWh:0.3 USD/kWh:100", "--name", "big")  # fmt: skip
    assert out["points"] == out["feasible"] == 10_000
    rows = {r["point"]: r for r in read_rows(Path(out["store"])).to_pylist()}  # type: ignore[union-attr]
    assert sorted(rows) == list(range(10_000))
    for i in (0, 99, 9_900, 9_999):
        p = {k: rows[i][k] for k in ("launch.price", "ground.electricity_price")}
        alone = sweep.evaluate_point(str(SUNCATCHER), [], p)
        for k in ("orbit_usd_per_gpu_hour", "ground_usd_per_gpu_hour"):
            assert rows[i][k] == pytest.approx(alone[k], rel=1e-7)  # float32 in the store (6e-8)
    assert out["best"]["params"]["launch.price"] == "50 USD/kg"  # the cheapest launch gives the cheapest orbit


def test_simulate_adds_the_simulation_to_each_row_and_shares_it_within_a_cost_group(tmp_path: Path) -> None:
    short = ["--set", 'scenario.duration="1 d"', "--set", 'scenario.step="120 s"']
    out = _sweep(tmp_path, *short, "--simulate", "--grid", "orbit.altitude=600 km,700 km", "--grid",
                 "launch.price=100 USD/kg:400 USD/kg:16", "--name", "sim")  # fmt: skip
    assert out["points"] == out["feasible"] == 32
    rows = read_rows(Path(out["store"])).to_pylist()  # type: ignore[union-attr]
    for altitude in ("600 km", "700 km"):
        group = [r for r in rows if r["orbit.altitude"] == altitude]
        assert len({r["sim_availability"] for r in group}) == 1  # one simulation for the 16 launch prices
        assert 0.0 < group[0]["sim_availability"] <= 1.0 and 0.0 < group[0]["sim_utilisation"] <= 1.0
        assert 0.0 <= group[0]["sim_min_state_of_charge"] <= 1.0
    sim = runner.invoke(app, ["simulate", str(SUNCATCHER), *short, "--set", 'orbit.altitude="700 km"', "--json"])
    assert sim.exit_code == 0, sim.stderr
    direct = json.loads(sim.stdout)["compute"]["availability"]
    stored = next(r for r in rows if r["orbit.altitude"] == "700 km")["sim_availability"]
    assert stored == pytest.approx(direct, rel=1e-6)  # float32 in the store
    again = runner.invoke(app, ["sweep", str(SUNCATCHER), "--studies", str(tmp_path), *short, "--grid",
                                "orbit.altitude=600 km,700 km", "--grid", "launch.price=100 USD/kg:400 USD/kg:16",
                                "--name", "sim", "--resume"])  # fmt: skip
    assert again.exit_code == 2 and "simulate" in again.stderr  # resumed without --simulate: refused


def test_a_sweep_with_a_race_target_keeps_each_sides_year(tmp_path: Path) -> None:
    out = _sweep(tmp_path, "--set", 'race.target="1 GW"', "--set", "race.samples=0", "--grid",
                 "race.orbit.production_rate=10000 /yr:40000 /yr:4", "--name", "race")  # fmt: skip
    rows = sorted(read_rows(Path(out["store"])).to_pylist(), key=lambda r: r["point"])  # type: ignore[union-attr]
    orbit = [r["race_orbit_year"] for r in rows]
    assert all(a > b for a, b in itertools.pairwise(orbit))  # a faster line gets there sooner
    assert len({round(r["race_ground_year"], 4) for r in rows}) == 1  # the ground does not care
    alone = runner.invoke(app, ["race", str(SUNCATCHER), "--json", "--set", 'race.target="1 GW"', "--set",
                                "race.samples=0", "--set", 'race.orbit.production_rate="40000 /yr"'])  # fmt: skip
    assert json.loads(alone.stdout)["orbit"]["year_reached"] == pytest.approx(orbit[-1], abs=0.006)  # JSON: 0.01
    plain = _sweep(tmp_path, "--grid", "launch.price=100 USD/kg:300 USD/kg:3", "--name", "norace")
    assert all(math.isnan(r["race_orbit_year"]) for r in read_rows(Path(plain["store"])).to_pylist())  # type: ignore[union-attr]


def test_every_shipped_accelerator_and_vehicle_designs_or_says_why(tmp_path: Path) -> None:
    import skyrack

    catalog = skyrack.default_catalog()
    accelerators = ",".join(catalog.names("accelerators"))
    vehicles = ",".join(catalog.names("launch_vehicles"))
    out = _sweep(tmp_path, "--grid", f"satellite.accelerator={accelerators}", "--grid",
                 f"launch.vehicle={vehicles}", "--name", "catalog")  # fmt: skip
    rows = read_rows(Path(out["store"]))
    assert rows is not None and rows.num_rows == len(catalog.names("accelerators")) * len(vehicles.split(","))
    for row in rows.to_pylist():
        if row["feasible"]:
            assert row["orbit_usd_per_gpu_hour"] > 0 and row["ground_usd_per_gpu_hour"] > 0
        else:
            assert row["reason"].strip(), row  # an infeasible point always says why
    assert out["feasible"] > 0


def test_a_study_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    # an altitude grid: each point designs anew (no shared design), one row per batch
    grid = ["--grid", "orbit.altitude=560 km:790 km:24", "--workers", "1", "--batch", "1"]
    args = ["sweep", str(SUNCATCHER), *grid, "--studies", str(tmp_path), "--name", "killed", "--json"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "skyrack", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    rows_dir = tmp_path / "killed" / "rows"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(rows_dir.glob("batch-*.parquet"))) < 4:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = len(list(rows_dir.glob("batch-*.parquet")))
    assert 4 <= stored < 24, "the study was not killed mid-way"
    resumed = runner.invoke(app, [*args[:-1], "--resume", "--json"])
    assert resumed.exit_code == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["points"] == 24 and summary["evaluated_now"] == 24 - stored
    whole = _sweep(tmp_path, *grid, "--name", "whole")
    killed_rows = sorted(read_rows(Path(summary["store"])).to_pylist(), key=lambda r: r["point"])  # type: ignore[union-attr]
    whole_rows = sorted(read_rows(Path(whole["store"])).to_pylist(), key=lambda r: r["point"])  # type: ignore[union-attr]
    assert [r["point"] for r in killed_rows] == list(range(24))  # each point once
    assert json.dumps(killed_rows, sort_keys=True) == json.dumps(whole_rows, sort_keys=True)
    assert not list(rows_dir.glob(".batch-*"))  # the killed batch's temporary file is cleaned


def test_names_resume_and_queries(tmp_path: Path) -> None:
    _sweep(tmp_path, "--grid", "launch.price=100 USD/kg:300 USD/kg:3", "--name", "q")
    again = runner.invoke(app, ["sweep", str(SUNCATCHER), "--studies", str(tmp_path), "--name", "q",
                                "--grid", "launch.price=100 USD/kg:300 USD/kg:3"])  # fmt: skip
    assert again.exit_code == 2 and "--resume" in again.stderr
    other = runner.invoke(app, ["sweep", str(SUNCATCHER), "--studies", str(tmp_path), "--name", "q", "--resume",
                                "--grid", "launch.price=100 USD/kg:900 USD/kg:3"])  # fmt: skip
    assert other.exit_code == 2 and "points" in other.stderr
    listed = json.loads(runner.invoke(app, ["studies", "--studies", str(tmp_path), "--json"]).stdout)
    assert [(s["name"], s["done"], s["points"]) for s in listed] == [("q", 3, 3)]
    result = runner.invoke(app, ["query", "SELECT count(*) AS n, min(orbit_usd_per_gpu_hour) AS best FROM rows",
                                 "--studies", str(tmp_path), "--json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)[0]
    assert answer["n"] == 3 and answer["best"] == pytest.approx(listed[0]["best_usd_per_gpu_hour"])
    bad = runner.invoke(app, ["query", "SELECT nope FROM rows", "--studies", str(tmp_path)])
    assert bad.exit_code == 2 and "DuckDB" in bad.stderr
    # the query sees the store and nothing else: no other file is read, none is written; an empty one is refused
    outside = tmp_path.parent / "outside.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    for sql in (f"SELECT * FROM read_csv('{outside}')", f"COPY (SELECT 1) TO '{tmp_path.parent / 'x.csv'}'",
                "SET enable_external_access = true", "   "):  # fmt: skip
        refused = runner.invoke(app, ["query", sql, "--studies", str(tmp_path)])
        assert refused.exit_code == 2, (sql, refused.stdout)
    assert not (tmp_path.parent / "x.csv").exists()
    table = pq.read_table(next((tmp_path / "q" / "rows").glob("batch-*.parquet")))
    assert table.schema.field("orbit_usd_per_gpu_hour").type == "float"  # outputs stored in float32


def _optimize(tmp_path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["optimize", str(SUNCATCHER), "--studies", str(tmp_path), "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_optimize_finds_the_known_optimum_and_resumes(tmp_path: Path) -> None:
    # the satellite's mass falls as its radiator runs warmer (A = Q / q(T), q rising as T⁴): the lightest design
    # sits at the top of the range; TPE (seeded) gets within 5 K of it in 25 trials
    vary = ["--vary", "satellite.thermal.radiator_temperature=0 degC:40 degC", "--objective", "satellite_mass",
            "--set", 'satellite.thermal.coolant_to_panel="5 K"', "--name", "warm"]  # fmt: skip
    first = _optimize(tmp_path, *vary, "--trials", "10")
    assert first["trials"] == 10
    out = _optimize(tmp_path, *vary, "--trials", "25", "--resume")
    assert out["trials"] == 25 and out["feasible"] == 25
    best = float(out["best"]["params"]["satellite.thermal.radiator_temperature"].split()[0])
    assert best > 35.0
    rows = read_rows(Path(out["store"]))
    assert rows is not None and sorted(rows.column("point").to_pylist()) == list(range(25))  # each trial once
    masses = {r["point"]: r["satellite_mass_kg"] for r in rows.to_pylist()}
    assert out["best"]["satellite_mass"] == pytest.approx(min(masses.values()))


def test_optimize_refuses_assumptions_and_reports_a_pareto_front_under_a_constraint(tmp_path: Path) -> None:
    refused = runner.invoke(app, ["optimize", str(SUNCATCHER), "--studies", str(tmp_path),
                                  "--vary", "launch.price=100 USD/kg:500 USD/kg"])  # fmt: skip
    assert refused.exit_code == 2 and "assumption" in refused.stderr and "sweep" in refused.stderr
    out = _optimize(tmp_path, "--vary", "orbit.altitude=450 km:1400 km", "--vary", "satellite.accelerators=8:48",
                    "--objective", "usd_per_gpu_hour", "--objective", "fleet_mass",
                    "--constraint", "fleet_mass_t<=60", "--trials", "24", "--name", "front")  # fmt: skip
    front = out["pareto"]
    assert front
    for a in front:  # no point of the front dominates another
        assert a["fleet_mass"] <= 60.0
        for b in front:
            assert not (b["usd_per_gpu_hour"] < a["usd_per_gpu_hour"] and b["fleet_mass"] < a["fleet_mass"])


def test_each_study_gets_its_pictures_and_the_store_one_plotly(tmp_path: Path) -> None:
    grid = _sweep(tmp_path, "--grid", "launch.price=100 USD/kg:300 USD/kg:3", "--grid", "satellite.accelerators=8,16",
                  "--name", "grid")  # fmt: skip
    line = _sweep(tmp_path, "--grid", "launch.price=100 USD/kg:300 USD/kg:3", "--name", "line")
    page = Path(grid["page"]).read_text(encoding="utf-8")
    assert '"type":"heatmap"' in page and 'src="../plotly.min.js"' in page
    assert "plotly.js v" not in page  # the page does not embed plotly.js ...
    assert '"type":"scatter"' in Path(line["page"]).read_text(encoding="utf-8")
    shared = list(tmp_path.glob("**/plotly*.js"))
    assert shared == [tmp_path / "plotly.min.js"]  # ... the store holds it once
