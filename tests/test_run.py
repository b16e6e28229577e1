"""`skyrack run` end to end: every shipped example writes a complete run folder; runs/show/diff; interrupted
runs never look complete; the report opens in headless Chromium with every plot drawn (issue #6)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import skyrack
from _browser import browser_or_skip
from skyrack.analysis.run import run
from skyrack.present.cli import app
from skyrack.present.store import list_runs, save_run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
ARTIFACTS = ROOT / "test-artifacts"
runner = CliRunner()
CATEGORICAL = ("item", "subsystem", "assumption")


@pytest.fixture(scope="module")
def example_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped example, run as shipped (`skyrack run FILE --json`) into one runs folder."""
    root = tmp_path_factory.mktemp("runs")
    folders = {}
    for example in EXAMPLES:
        result = runner.invoke(app, ["run", str(example), "--runs", str(root), "--json"])
        assert result.exit_code == 0, f"{example.name}: {result.stderr}"
        folders[example.stem] = Path(json.loads(result.stdout)["run_folder"])
    return folders


def test_every_example_writes_a_complete_run_folder(example_runs: dict[str, Path]) -> None:
    assert set(example_runs) == {p.stem for p in EXAMPLES}
    for stem, folder in example_runs.items():
        summary = json.loads((folder / "summary.json").read_text())
        for key in ("headline", "headline_values", "design", "simulation", "comparison", "launch_price"):
            assert key in summary, f"{stem}: summary.json lacks {key}"
        values = summary["headline_values"]
        assert values["orbit_usd_per_gpu_hour"] > 0 and values["ground_usd_per_gpu_hour"] > 0
        assert summary["headline"].startswith("orbit: $")
        # the resolved scenario names every catalog value used, each with a source and a status
        resolved = json.loads((folder / "scenario.resolved.json").read_text())
        assert resolved["scenario"]["scenario"]["name"] == summary["scenario"]["name"]
        assert {"accelerators", "launch_vehicles", "costs"} <= set(resolved["catalog"])
        for kind, entries in resolved["catalog"].items():
            for name, params in entries.items():
                for parameter, item in params.items():
                    assert item["source"], f"{stem}: catalog.{kind}.{name}.{parameter} has no source"
                    assert item["status"], f"{stem}: catalog.{kind}.{name}.{parameter} has no status"
        # time series readable with pandas, one row per simulated step
        fleet = pd.read_parquet(folder / "timeseries" / "fleet.parquet")
        assert len(fleet) == summary["simulation"]["run"]["steps"]
        report = (folder / "report.html").read_text()
        # no CDN: the report loads the runs folder's one copy of plotly.js (opens offline), and embeds none
        assert '<script src="../plotly.min.js"></script>' in report and "plotly.js v" not in report
        assert (folder.parent / "plotly.min.js").stat().st_size > 1_000_000
        assert summary["headline"].replace("$", "") in report.replace("$", "")


def test_run_costs_with_the_same_availability_as_compare(example_runs: dict[str, Path]) -> None:
    # Issue #11: one answer per scenario. The run costs with the modelled life availability, as compare does, and
    # reports the simulated period's figure beside the model's for that period (within 1 %).
    summary = json.loads((example_runs["suncatcher"] / "summary.json").read_text())
    hv = summary["headline_values"]
    assert summary["comparison"]["orbit"]["availability"] == pytest.approx(hv["orbit_availability"], rel=1e-12)
    assert hv["orbit_availability_basis"].startswith("modelled")
    assert hv["orbit_availability_simulated"] == pytest.approx(
        hv["orbit_availability_modelled_over_simulated_period"], rel=0.01
    )


def test_launch_price_breakeven_is_where_the_costs_meet(tmp_path: Path) -> None:
    # A what-if where the curves cross (buses at $100/kg instead of the catalog's $1,100/kg, ground power at
    # $2.50/kWh): at the reported break-even price the orbit costs what the ground does, within 0.1%, by an
    # independent `skyrack compare` at that price (a fresh scenario and design).
    overrides = [
        'scenario.duration="1 d"',
        'catalog.costs.orbit-default.bus_usd_per_kg="100 USD/kg"',
        'ground.electricity_price="2.5 USD/kWh"',
    ]
    scenario = skyrack.load_scenario(ROOT / "examples" / "suncatcher.toml", overrides)
    result = run(scenario)
    price = result.launch_curve.breakeven_usd_per_kg
    assert price is not None, result.launch_curve.reason
    at_price = skyrack.load_scenario(
        ROOT / "examples" / "suncatcher.toml", [*overrides, f'launch.price="{price} USD/kg"']
    )
    check = skyrack.compare(at_price)  # the same (modelled) availability as the run
    assert check.orbit_usd_per_gpu_hour == pytest.approx(check.ground_usd_per_gpu_hour, rel=1e-3)
    assert f"break-even launch price ${price:,.0f}/kg" in result.headline


def test_runs_show_and_diff(tmp_path: Path) -> None:
    example = str(ROOT / "examples" / "suncatcher.toml")
    short = ["--set", 'scenario.duration="1 d"', "--runs", str(tmp_path)]
    for name, price in (("cheap", "100 USD/kg"), ("dear", "1000 USD/kg")):
        result = runner.invoke(app, ["run", example, *short, "--name", name, "--set", f'launch.price="{price}"'])
        assert result.exit_code == 0, result.stderr
        assert "run folder:" in result.stdout
    listed = runner.invoke(app, ["runs", "--runs", str(tmp_path), "--json"])
    assert [r["name"] for r in json.loads(listed.stdout)] == ["cheap", "dear"]
    shown = runner.invoke(app, ["show", "cheap", "--runs", str(tmp_path)])
    assert shown.exit_code == 0 and "orbit: $" in shown.stdout and "radiator" in shown.stdout
    diff = runner.invoke(app, ["diff", "cheap", "dear", "--runs", str(tmp_path), "--json"])
    data = json.loads(diff.stdout)
    price_change = [c for c in data["assumptions"] if c["key"] == "scenario.launch.price_usd_per_kg"]
    assert price_change and price_change[0]["a"] == 100.0 and price_change[0]["b"] == 1000.0
    assert any(c["key"] == "headline_values.orbit_usd_per_gpu_hour" for c in data["results"])
    assert not any(c["key"].startswith("timings_s") for c in data["results"])
    missing = runner.invoke(app, ["show", "chaep", "--runs", str(tmp_path)])
    assert missing.exit_code == 2 and "did you mean 'cheap'" in missing.stderr


def test_interrupted_save_leaves_no_complete_run(tmp_path: Path) -> None:
    scenario = skyrack.load_scenario(ROOT / "examples" / "suncatcher.toml", ['scenario.duration="1 d"'])
    result = run(scenario)

    def interrupt(partial: Path) -> None:
        assert (partial / "summary.json").is_file()  # everything is written, only the rename is left
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        save_run(result, tmp_path, "interrupted", before_commit=interrupt)
    # the partial folder was removed (the store's shared plotly.js, written before the report, stays)
    assert [p.name for p in tmp_path.iterdir()] == ["plotly.min.js"]
    assert list_runs(tmp_path) == []


def test_killed_run_leaves_no_complete_run(tmp_path: Path) -> None:
    # SIGKILL cannot be caught: a process killed while saving leaves its hidden partial folder behind, with a
    # summary in it, and `skyrack runs` must still not show it; one killed while simulating leaves nothing.
    script = textwrap.dedent(
        f"""
        import os, signal
        import skyrack
        from skyrack.present.store import save_run
        scenario = skyrack.load_scenario({str(ROOT / "examples" / "suncatcher.toml")!r}, ['scenario.duration="1 d"'])
        save_run(skyrack.run(scenario), __import__("pathlib").Path({str(tmp_path)!r}), "killed",
                 before_commit=lambda partial: os.kill(os.getpid(), signal.SIGKILL))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "plotly.min.js"]  # the store's one plotly.js
    assert len(leftovers) == 1 and leftovers[0].startswith(".partial-killed")
    assert list_runs(tmp_path) == []
    listed = runner.invoke(app, ["runs", "--runs", str(tmp_path), "--json"])
    assert json.loads(listed.stdout) == []
    human = runner.invoke(app, ["runs", "--runs", str(tmp_path)])
    assert "no runs" in human.stdout and "1 incomplete run folder(s)" in human.stderr

    # killed part-way through a year-long simulation: no folder at all
    long_run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from skyrack.present.cli import main; sys.argv[0] = 'skyrack'; main()",
            "run",
            str(ROOT / "examples" / "suncatcher.toml"),
            "--runs",
            str(tmp_path / "long"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert long_run.stderr is not None
    for line in long_run.stderr:  # wait until the simulation has started
        if b"simulating" in line:
            break
    long_run.send_signal(signal.SIGKILL)
    long_run.wait(timeout=60)
    assert list_runs(tmp_path / "long") == []


def test_report_renders_in_headless_chromium(example_runs: dict[str, Path]) -> None:
    executable, sync_playwright = browser_or_skip("the report test")
    ARTIFACTS.mkdir(exist_ok=True)
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=args)
        try:
            for stem, folder in example_runs.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
                page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
                requests: list[str] = []
                page.on("request", lambda req, requests=requests: requests.append(req.url))
                page.goto((folder / "report.html").as_uri(), wait_until="load")
                page.wait_for_function("document.querySelectorAll('.plotly-graph-div .main-svg').length > 0")
                plots = page.evaluate(
                    """() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(gd => ({
                        title: (gd.layout && gd.layout.title && gd.layout.title.text) || '',
                        drawn: gd.querySelectorAll('.main-svg').length > 0,
                        traces: (gd._fullData || []).length,
                        points: (gd._fullData || []).reduce((n, t) => n + (t._length || (t.x && t.x.length) || 0), 0),
                        xtitle: ((gd.layout.scene || gd.layout).xaxis && (gd.layout.scene || gd.layout).xaxis.title
                                 && (gd.layout.scene || gd.layout).xaxis.title.text) || '',
                        ytitle: ((gd.layout.scene || gd.layout).yaxis && (gd.layout.scene || gd.layout).yaxis.title
                                 && (gd.layout.scene || gd.layout).yaxis.title.text) || '',
                    }))"""  # a 3-D figure's axes are its scene's
                )
                page.screenshot(path=str(ARTIFACTS / f"report-{stem}.png"), full_page=True)
                page.close()
                assert errors == [], f"{stem}: JavaScript errors {errors}"
                assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
                # orbit, power, temperatures, faults, compute, mass, cost breakdown, launch price (+ uncertainty)
                assert len(plots) >= 8, f"{stem}: {len(plots)} plots"
                for plot in plots:
                    assert plot["drawn"] and plot["traces"] > 0 and plot["points"] > 0, f"{stem}: {plot}"
                    # units on every numeric axis ("quantity [unit]"); categorical axes name their categories
                    for axis in ("xtitle", "ytitle"):
                        assert "[" in plot[axis] or plot[axis] in CATEGORICAL, f"{stem}: no unit on {axis}: {plot}"
        finally:
            browser.close()
