"""`skyrack serve`: every endpoint through FastAPI's TestClient, the same answers as the command line, and the
limits (body size, token, paths that must not reach the filesystem); the page in headless Chromium."""

from __future__ import annotations

import json
import os
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from _browser import browser_or_skip
from skyrack.present.cli import app as cli
from skyrack.present.web import MAX_BODY_BYTES, Settings, create_app, default_cesium

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SUNCATCHER = (EXAMPLES / "suncatcher.toml").read_text(encoding="utf-8")
SHORT = ["scenario.duration=2 d", "uncertainty.parameters={}"]


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    settings = Settings(runs=tmp_path / "runs", studies=tmp_path / "studies", examples=EXAMPLES)
    return TestClient(create_app(settings))


def _cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stdout
    return json.loads(result.stdout)


def test_health_schema_examples_and_catalog(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    assert "orbit" in client.get("/api/schema").json()["properties"]
    names = {e["name"] for e in client.get("/api/examples").json()}
    assert {"suncatcher", "walker-constellation"} <= names
    kinds = client.get("/api/catalog").json()
    assert "ground_stations" in kinds and "esa-ogs-tenerife" in kinds["ground_stations"]
    entry = client.get("/api/catalog/ground_stations").json()["esa-ogs-tenerife"]["cflos"]
    assert entry["value"] == 0.686 and entry["status"] == "D"
    assert client.get("/api/catalog/nowhere").status_code == 404
    assert client.get("/docs").status_code == 200  # OpenAPI's page
    assert "/api/compare" in client.get("/openapi.json").json()["paths"]


def test_compare_and_design_give_the_command_lines_json(client: TestClient) -> None:
    body = {"scenario": SUNCATCHER, "overrides": ["launch.price=500 USD/kg"]}
    got = client.post("/api/compare", json=body)
    assert got.status_code == 200
    expected = _cli_json("compare", str(EXAMPLES / "suncatcher.toml"), "--set", "launch.price=500 USD/kg", "--json")
    assert got.json() == expected
    design = client.post("/api/design", json={"scenario": SUNCATCHER}).json()
    assert design == _cli_json("design", str(EXAMPLES / "suncatcher.toml"), "--json")
    assert client.post("/api/validate", json={"scenario": SUNCATCHER}).json()["ok"] is True


def test_input_errors_are_422_naming_the_field(client: TestClient) -> None:
    got = client.post("/api/compare", json={"scenario": SUNCATCHER, "overrides": ["orbit.altitude=-5 km"]})
    assert got.status_code == 422
    fields = [d["field"] for d in got.json()["detail"]]
    assert "orbit.altitude" in fields
    got = client.post("/api/compare", json={"scenario": "[orbit\nkind = 1"})
    assert got.status_code == 422 and "malformed TOML" in got.json()["message"]
    # not a scenario request at all: FastAPI's own 422
    assert client.post("/api/compare", json={"nothing": 1}).status_code == 422


@pytest.mark.parametrize("given", ["/etc/passwd", "../README.md", "examples/tle-fleet.tle", "nosuch.tle"])
def test_a_scenario_names_only_the_shipped_satellite_files(client: TestClient, given: str) -> None:
    text = (EXAMPLES / "tle-fleet.toml").read_text(encoding="utf-8")
    assert client.post("/api/validate", json={"scenario": text}).status_code == 200  # its own file, by name
    bad = text.replace('file = "tle-fleet.tle"', f'file = "{given}"')
    assert bad != text
    got = client.post("/api/validate", json={"scenario": bad})
    assert got.status_code == 422 and got.json()["detail"][0]["field"] == "orbit.file"
    # nor through an override
    got = client.post("/api/validate", json={"scenario": text, "overrides": [f"orbit.file={given}"]})
    assert got.status_code == 422


def test_bodies_over_the_limit_get_413(client: TestClient) -> None:
    big = {"scenario": "#" * (MAX_BODY_BYTES + 10)}
    assert client.post("/api/compare", json=big).status_code == 413

    def chunks() -> Any:  # no content-length: streamed
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"#" * 65536

    got = client.post("/api/compare", content=chunks(), headers={"content-type": "application/json"})
    assert got.status_code == 413


def test_the_token_guards_every_route_but_health(tmp_path: Path) -> None:
    settings = Settings(runs=tmp_path / "runs", studies=tmp_path / "studies", examples=EXAMPLES, token="s3cret")
    c = TestClient(create_app(settings))
    assert c.get("/api/health").status_code == 200
    assert c.get("/api/runs").status_code == 401
    assert c.get("/api/runs", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/runs", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    # and CORS stays closed: no cross-origin header is sent
    got = c.get("/api/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in got.headers


def _wait(client: TestClient, job: str, limit_s: float = 300.0) -> dict[str, Any]:
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        view = client.get(f"/api/jobs/{job}").json()
        if view["state"] in ("done", "failed"):
            return dict(view)
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_a_run_job_to_the_end_its_events_its_report_and_the_runs_list(client: TestClient) -> None:
    got = client.post("/api/jobs", json={"kind": "run", "scenario": SUNCATCHER, "overrides": SHORT, "name": "web"})
    assert got.status_code == 202
    job = got.json()["id"]
    with client.stream("GET", f"/api/jobs/{job}/events") as events:
        seen = [json.loads(line[6:]) for line in events.iter_lines() if line.startswith("data: ")]
    assert seen[-1]["state"] == "done" and seen[-1]["progress"] == 1.0
    progress = [e["progress"] for e in seen]
    assert progress == sorted(progress)
    view = _wait(client, job)
    assert view["result"]["run"] == "web" and "orbit:" in view["result"]["headline"]
    runs = client.get("/api/runs").json()
    assert [r["name"] for r in runs] == ["web"]
    summary = client.get("/api/runs/web").json()
    assert summary["headline_values"]["orbit_usd_per_gpu_hour"] > 0
    report = client.get("/runs/web/report.html")
    assert report.status_code == 200 and "Network and data path" in report.text
    assert client.get("/runs/plotly.min.js").status_code == 200
    czml = client.get("/api/runs/web/czml")  # written beside the report
    assert czml.status_code == 200 and czml.json()[0]["id"] == "document"
    # a second run to diff against
    other = client.post("/api/jobs", json={"kind": "run", "scenario": SUNCATCHER, "name": "web2",
                                            "overrides": [*SHORT, "launch.price=1000 USD/kg"]}).json()["id"]  # fmt: skip
    assert _wait(client, other)["state"] == "done"
    changes = client.get("/api/runs/web/diff/web2").json()
    assert any(c["key"].endswith("launch.price_usd_per_kg") for c in changes)


def test_jobs_refuse_bad_input_up_front_and_report_their_own_failures(client: TestClient) -> None:
    got = client.post("/api/jobs", json={"kind": "run", "scenario": SUNCATCHER, "name": "../escape"})
    assert got.status_code == 422
    got = client.post("/api/jobs", json={"kind": "simulate", "scenario": SUNCATCHER,
                                          "overrides": [*SHORT, "scenario.step=1 s"]})  # fmt: skip
    assert got.status_code == 202
    view = _wait(client, got.json()["id"])
    assert view["state"] == "done", view
    assert view["result"]["run"]["duration_days"] == pytest.approx(2.0) and view["result"]["run"]["step_s"] == 1.0
    assert client.get("/api/jobs/nosuchjob").status_code == 404


# (a bare ../ is folded away by the client before it is sent; encoded, it reaches the server as a name)
def test_a_sweep_job_fills_the_study_store_and_its_page(client: TestClient) -> None:
    grid = ["launch.price=100 USD/kg:300 USD/kg:3"]
    got = client.post("/api/jobs", json={"kind": "sweep", "scenario": SUNCATCHER, "grid": grid, "name": "web-sweep"})
    assert got.status_code == 202
    view = _wait(client, got.json()["id"])
    assert view["state"] == "done", view
    assert view["result"]["points"] == 3 and view["result"]["feasible"] == 3
    studies = client.get("/api/studies").json()
    assert [s["name"] for s in studies] == ["web-sweep"]
    assert client.get(view["result"]["page"]).status_code == 200
    assert client.get("/studies/plotly.min.js").status_code == 200
    rows = client.post("/api/query", json={"sql": "SELECT count(*) AS n FROM rows"}).json()
    assert rows["rows"] == [[3]]
    # the cheapest launch gives the cheapest orbit, as compare says for that price
    best = client.post("/api/compare", json={"scenario": SUNCATCHER, "overrides": ["launch.price=100 USD/kg"]}).json()
    assert view["result"]["best_usd_per_gpu_hour"] == pytest.approx(best["orbit"]["usd_per_gpu_hour"], rel=1e-6)
    # bad grids are refused up front: none, too many points, an unknown key
    for bad in ([], ["launch.price=1 USD/kg:1000 USD/kg:50", "ground.pue=1.1:2:50"], ["nosuch.key=1,2"]):
        refused = client.post("/api/jobs", json={"kind": "sweep", "scenario": SUNCATCHER, "grid": bad})
        assert refused.status_code == 422, (bad, refused.json())


@pytest.mark.parametrize("name", ["%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2fetc", "nosuchrun", "web%00"])
def test_no_run_path_reaches_outside_the_runs_folder(client: TestClient, name: str) -> None:
    assert client.get(f"/api/runs/{name}").status_code == 404
    assert client.get(f"/runs/{name}/report.html").status_code == 404


def test_breakeven_and_network_endpoints(client: TestClient) -> None:
    got = client.post("/api/breakeven", json={"scenario": SUNCATCHER, "param": "launch.price", "points": 5})
    assert got.status_code == 200
    data = got.json()
    assert len(data["curve"]) == 5 and data["param"] == "launch.price"
    net = client.post("/api/network", json={"scenario": SUNCATCHER, "overrides": ["network.downlink_period=1 d"]})
    assert net.status_code == 200 and net.json()["isl"]["per_aperture_tbps"] == pytest.approx(9.6)


# --- every operation against generated requests --------------------------------------------------------------


def _fuzz_app(root: Path) -> Any:
    return create_app(Settings(runs=root / "runs", studies=root / "studies", examples=EXAMPLES))


schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

_FUZZ_ROOT = Path(tempfile.mkdtemp(prefix="skyrack-fuzz-"))  # an empty runs folder and study store
_schema = schemathesis.openapi.from_asgi("/openapi.json", _fuzz_app(_FUZZ_ROOT))


@_schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case: Any) -> None:
    # schemathesis builds requests from the OpenAPI schema (valid and not): none may end in a 5xx
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])


# --- the page in a browser --------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_page_moves_a_slider_runs_a_job_and_opens_its_report(tmp_path: Path) -> None:
    executable, sync_playwright = browser_or_skip("the page test")
    import uvicorn

    cesium = default_cesium()
    if cesium is None and os.environ.get("CI"):
        pytest.fail("the globe needs CesiumJS: npm ci in the repository (.ci/run does it)")
    settings = Settings(runs=tmp_path / "runs", studies=tmp_path / "studies", examples=EXAMPLES, cesium=cesium)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            # WebGL for the globe from SwiftShader, Chromium's software renderer (no GPU here)
            browser = p.chromium.launch(executable_path=executable, headless=True,
                                        args=["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"])  # fmt: skip
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            requests: list[str] = []
            page.on("request", lambda req: requests.append(req.url))
            page.goto(base + "/")
            page.wait_for_function("document.getElementById('headline').textContent.includes('orbit $')")
            before = page.inner_text("#headline")
            # the launch price slider to its far end: the orbit's $/GPU-hour must rise
            page.eval_on_selector("#slider-launch\\.price", "el => { el.value = el.max; "
                                  "el.dispatchEvent(new Event('input')); }")  # fmt: skip
            page.wait_for_function(f"document.getElementById('headline').textContent !== {json.dumps(before)}")
            after = page.inner_text("#headline")

            def orbit(text: str) -> float:
                return float(text.split("orbit $")[1].split(" ")[0])

            assert orbit(after) > orbit(before)
            # the form from the schema: a key typed with its unit is an override; a bad one gets the CLI's message
            assert page.evaluate("document.querySelectorAll('#form [data-key]').length") > 100
            field = "[data-key='orbit.altitude']"
            page.evaluate(f"document.querySelector(\"{field}\").closest('details').open = true")
            page.fill(field, "-5 km")
            page.dispatch_event(field, "change")
            page.wait_for_function("document.getElementById('status').textContent.includes('orbit.altitude')")
            assert "greater than zero" in page.inner_text("#status")
            page.fill(field, "")
            page.dispatch_event(field, "change")
            page.wait_for_function("document.getElementById('status').textContent.startsWith('valid')")
            assert page.evaluate("document.querySelectorAll('#waterfall .main-svg').length") > 0
            page.click("#globe-show")
            page.wait_for_function("document.getElementById('globe-text').textContent.length > 5", timeout=120_000)
            if cesium is not None:  # the fleet drawn: 81 satellites, their 81 links, the station (and its passes)
                page.wait_for_function("window.skyrackViewer && window.skyrackViewer.dataSources.length > 0")
                ids = page.evaluate("window.skyrackViewer.dataSources.get(0).entities.values.map((e) => e.id)")
                kinds = {prefix: sum(i.startswith(prefix) for i in ids) for prefix in ("sat-", "isl-", "station-")}
                assert kinds == {"sat-": 81, "isl-": 81, "station-": 1}
                assert page.evaluate("document.querySelectorAll('#globe canvas').length") > 0
                page.locator("#globe").screenshot(path=str(tmp_path / "globe.png"))
            else:
                assert "npm ci" in page.inner_text("#globe-text")
            page.click("#sweep")  # the default grid: 50 points that differ only in cost keys (one design)
            page.wait_for_selector("#study-link", timeout=240_000)
            assert "50 points" in page.inner_text("#study-link")
            page.wait_for_function("document.querySelectorAll('#studies tbody tr').length === 1")
            page.click("#query")  # the default SQL: one row a study
            page.wait_for_function("document.querySelectorAll('#query-result tr').length === 2")
            assert "50" in page.inner_text("#query-result")
            page.click("#run")
            page.wait_for_selector("#report-link", timeout=240_000)
            page.click("#report-link")
            page.wait_for_function("document.querySelectorAll('.plotly-graph-div .main-svg').length > 0")
            page.wait_for_selector("h2:has-text('Network and data path')", state="attached")
            page.screenshot(path=str(tmp_path / "page.png"))
            browser.close()
            assert errors == [], errors
            # nothing from elsewhere: no CDN, no online imagery (Cesium's workers load from same-origin blobs)
            outside = [u for u in requests if not u.startswith((base, "data:", "about:", f"blob:{base}"))]
            assert outside == [], outside
    finally:
        server.should_exit = True
        thread.join(timeout=10)
