"""`skyrack serve`: a REST API over the same steps as the command line, and a page to drive it from a browser.

FastAPI and uvicorn come with the ``[web]`` extra and are imported only here. Every scenario arrives as TOML text
with ``--set``-style overrides and is validated as a file would be, so an input error is a 422 with the same
field-naming message as the CLI. Safety: the server listens on 127.0.0.1 unless told otherwise, CORS is closed
(no cross-origin headers are sent), a body over :data:`MAX_BODY_BYTES` is refused with 413, an optional bearer
token guards every route, jobs (run, simulate) queue behind :data:`JOB_WORKERS` workers with at most
:data:`MAX_QUEUED_JOBS` waiting, and no request names a path: runs are found by name among the runs folder's, a
scenario may name only the shipped satellite files.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

import skyrack
from skyrack._version import __version__
from skyrack.errors import SkyrackInputError, SkyrackInputErrors
from skyrack.scenario import Scenario, apply_overrides, check_scenario_files, read_scenario_text, scenario_from_dict

# The largest request body (a scenario is at most 1 MiB; TOML text and overrides fit well inside).
MAX_BODY_BYTES: Final = 2 * 2**20
# Jobs run one at a time beside the interactive requests (this machine has two cores), a few more may wait.
JOB_WORKERS: Final = 1
MAX_QUEUED_JOBS: Final = 8
# Interactive computations (design, compare, network …) at once; more wait for a slot, up to this many seconds.
INTERACTIVE_SLOTS: Final = 4
INTERACTIVE_WAIT_S: Final = 30.0
# An uncertainty run from the browser stays small; larger ones belong to the command line.
MAX_WEB_SAMPLES: Final = 4096
# The most points a sweep started from the browser may have (larger studies belong to `skyrack sweep`).
MAX_WEB_POINTS: Final = 2000
# The most rows a query returns to the browser.
MAX_QUERY_ROWS: Final = 100_000
# Finished jobs kept in memory (their results stay in the runs folder).
MAX_KEPT_JOBS: Final = 200
SSE_INTERVAL_S: Final = 0.5


class ScenarioRequest(BaseModel):
    """A scenario as the file would hold it, and ``--set``-style overrides."""

    scenario: str = Field(description="The scenario file's TOML text.")
    overrides: list[str] = Field(default_factory=list, max_length=256, description='["dotted.key=value", …]')


class BreakevenRequest(ScenarioRequest):
    param: str = Field(default="launch.price", description="Dotted scenario key to solve for.")
    lower: float | None = None
    upper: float | None = None
    points: int = Field(default=21, ge=2, le=201)


class CzmlRequest(ScenarioRequest):
    hours: float = Field(default=2.0, gt=0.0, le=48.0)


class UncertaintyRequest(ScenarioRequest):
    samples: int = Field(default=512, ge=16, le=MAX_WEB_SAMPLES)


class JobRequest(ScenarioRequest):
    kind: Literal["run", "simulate", "sweep"] = "run"
    name: str | None = Field(
        default=None, description="Run folder or study name (run and sweep jobs); default: date and scenario."
    )
    grid: list[str] = Field(
        default_factory=list, max_length=4, description='sweep: ["key=LO:HI:N" or "key=A,B,C", …], as --grid'
    )


class QueryRequest(BaseModel):
    sql: str = Field(max_length=20_000)


@dataclass
class Job:
    id: str
    kind: str
    state: str = "queued"  # queued, running, done, failed
    progress: float = 0.0
    stage: str = ""
    result: Any = None
    error: Any = None
    created: float = field(default_factory=time.time)

    def view(self) -> dict[str, Any]:
        view = {"id": self.id, "kind": self.kind, "state": self.state, "progress": self.progress}
        view |= {"stage": self.stage, "result": self.result, "error": self.error}
        return dict(skyrack.json_safe(view))


@dataclass
class Settings:
    runs: Path
    studies: Path
    examples: Path | None
    token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    cesium: Path | None = None  # CesiumJS's Build/Cesium folder (npm), served at /cesium/


def _errors(exc: SkyrackInputError | SkyrackInputErrors) -> list[dict[str, Any]]:
    found = exc.errors if isinstance(exc, SkyrackInputErrors) else [exc]
    return [{"field": e.field, "value": skyrack.json_safe(e.value) if _jsonable(e.value) else repr(e.value),
             "message": str(e)} for e in found]  # fmt: skip


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(skyrack.json_safe(value))
    except (TypeError, ValueError):
        return False
    return True


def default_cesium() -> Path | None:
    """CesiumJS's built files from ``npm ci`` in the repository (``node_modules/cesium/Build/Cesium``), if there."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "node_modules" / "cesium" / "Build" / "Cesium"
        if (candidate / "Cesium.js").is_file():
            return candidate
    return None


def default_examples() -> Path | None:
    """The repository's ``examples`` folder beside an editable install, if there is one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "examples"
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    return None


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes gets 413, whether it says its length or streams."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def _refuse(self, send: Callable[[MutableMapping[str, Any]], Awaitable[None]]) -> None:
        body = json.dumps({"detail": f"request body over {self.limit:,} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})  # fmt: skip

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(send)
            return
        seen = 0
        over = False

        async def limited() -> Any:
            nonlocal seen, over
            if over:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:  # hand the app an end of body; its answer is replaced by the 413
                    over = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        refused = False

        async def answer(message: MutableMapping[str, Any]) -> None:
            nonlocal refused
            if not over:
                await send(message)
            elif not refused:
                refused = True
                await self._refuse(send)

        await self.app(scope, limited, answer)


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI application (``uvicorn`` serves it in :func:`serve`; tests drive it with ``TestClient``)."""
    pool = ThreadPoolExecutor(max_workers=JOB_WORKERS, thread_name_prefix="skyrack-job")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="skyrack", version=__version__, description=__doc__, lifespan=lifespan)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    jobs: dict[str, Job] = {}
    lock = threading.Lock()
    slots = threading.BoundedSemaphore(INTERACTIVE_SLOTS)
    app.state.settings = settings
    app.state.pool = pool

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if settings.token is not None and request.url.path != "/api/health":
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {settings.token}".encode()):
                return JSONResponse({"detail": "a bearer token is required (Authorization: Bearer …)"}, 401)
        return await call_next(request)

    @app.exception_handler(SkyrackInputError)
    @app.exception_handler(SkyrackInputErrors)
    async def input_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SkyrackInputError | SkyrackInputErrors)
        return JSONResponse({"detail": _errors(exc), "message": str(exc)}, 422)

    def scenario_data(req: ScenarioRequest) -> dict[str, Any]:
        data = read_scenario_text(req.scenario, "scenario", settings.examples)
        data = apply_overrides(data, req.overrides)
        return check_scenario_files(data, settings.examples)

    def load(req: ScenarioRequest) -> Scenario:
        return scenario_from_dict(scenario_data(req))

    def interactive(work: Callable[[], Any]) -> Any:
        if not slots.acquire(timeout=INTERACTIVE_WAIT_S):
            raise HTTPException(503, f"busy: {INTERACTIVE_SLOTS} computations running; try again")
        try:
            return work()
        finally:
            slots.release()

    # ----------------------------------------------------------------------------------------------- basics

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/schema")
    def schema() -> dict[str, Any]:
        return skyrack.scenario_json_schema()

    @app.get("/api/examples")
    def examples() -> list[dict[str, str]]:
        if settings.examples is None:
            return []
        return [{"name": p.stem, "scenario": p.read_text(encoding="utf-8")}
                for p in sorted(settings.examples.glob("*.toml"))]  # fmt: skip

    @app.post("/api/validate")
    def validate(req: ScenarioRequest) -> dict[str, Any]:
        scenario = load(req)
        return {"ok": True, "name": scenario.scenario.name}

    # -------------------------------------------------------------------------------------- interactive steps

    @app.post("/api/design")
    def design(req: ScenarioRequest) -> Any:
        return skyrack.json_safe(interactive(lambda: skyrack.design(load(req)).to_dict()))

    @app.post("/api/compare")
    def compare(req: ScenarioRequest) -> Any:
        return skyrack.json_safe(interactive(lambda: skyrack.compare(load(req)).to_dict()))

    @app.post("/api/network")
    def network(req: ScenarioRequest) -> Any:
        return skyrack.json_safe(interactive(lambda: skyrack.network(load(req)).to_dict()))

    @app.post("/api/race")
    def race(req: ScenarioRequest) -> Any:
        return skyrack.json_safe(interactive(lambda: skyrack.race(load(req)).to_dict()))

    @app.post("/api/breakeven")
    def breakeven(req: BreakevenRequest) -> Any:
        def work() -> Any:
            data = scenario_data(req)
            return skyrack.breakeven(data, req.param, (), req.lower, req.upper, req.points).to_dict()

        return skyrack.json_safe(interactive(work))

    @app.post("/api/czml")
    def scenario_czml(req: CzmlRequest) -> Response:
        from skyrack.models import build_models
        from skyrack.present.czml import fleet_czml

        text = interactive(lambda: fleet_czml(build_models(load(req)), req.hours))
        return Response(text, media_type="application/json")

    @app.get("/api/globe")
    def globe() -> dict[str, Any]:
        return {
            "available": settings.cesium is not None,
            "install": "npm ci in the repository (CesiumJS from the npm registry), then restart skyrack serve",
        }

    @app.get("/cesium/{path:path}")
    def cesium(path: str) -> FileResponse:
        if settings.cesium is None:
            raise HTTPException(404, "CesiumJS is not installed: npm ci in the repository")
        root = settings.cesium.resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            raise HTTPException(404, "no such file")
        return FileResponse(target)

    @app.post("/api/uncertainty")
    def uncertainty(req: UncertaintyRequest) -> Any:
        return skyrack.json_safe(interactive(lambda: skyrack.uncertainty(load(req), req.samples).to_dict()))

    # ----------------------------------------------------------------------------------------------- jobs

    def execute(job: Job, scenario: Scenario, req: JobRequest) -> None:
        job.state = "running"

        def stage(name: str) -> None:
            job.stage = name

        def steps(done: int, total: int) -> None:
            job.progress = 0.05 + 0.85 * done / max(total, 1)

        try:
            if req.kind == "simulate":
                job.stage = "simulate"
                sim = skyrack.simulate(scenario, progress=steps)
                job.result = sim.to_dict()
            elif req.kind == "sweep":
                job.stage = "sweep"
                job.result = _sweep(req, scenario, settings, steps)
            else:
                from skyrack.present.store import save_run

                result = skyrack.run(scenario, stage=stage, steps=steps, overrides=req.overrides)
                path = save_run(result, settings.runs, req.name, stage=stage)
                job.result = {"run": path.name, "headline": result.headline, "summary": result.summary()}
            job.progress, job.state = 1.0, "done"
        except (SkyrackInputError, SkyrackInputErrors) as exc:
            job.state, job.error = "failed", {"detail": _errors(exc), "message": str(exc)}
        except Exception as exc:  # a job's failure is its own, reported, never the server's
            job.state, job.error = "failed", {"message": f"{type(exc).__name__}: {exc}"}

    @app.post("/api/jobs", status_code=202)
    def submit(req: JobRequest) -> dict[str, str]:
        scenario = load(req)  # input errors now, as 422, not later as a failed job
        if req.name is not None:
            from skyrack.present.store import check_run_name

            check_run_name(req.name, "name")
        if req.kind == "sweep":  # the grid's errors now too: its keys and values at both ends
            points = _sweep_points(req)
            for point in (points[0], points[-1]):
                load(
                    ScenarioRequest(
                        scenario=req.scenario, overrides=[*req.overrides, *(f"{k}={v}" for k, v in point.items())]
                    )
                )
        with lock:
            waiting = sum(j.state in ("queued", "running") for j in jobs.values())
            if waiting >= MAX_QUEUED_JOBS + JOB_WORKERS:
                raise HTTPException(429, f"{waiting} jobs queued or running; wait for one to finish")
            job = Job(uuid.uuid4().hex[:12], req.kind)
            jobs[job.id] = job
            done = [k for k, j in jobs.items() if j.state in ("done", "failed")]
            for k in done[: max(0, len(jobs) - MAX_KEPT_JOBS)]:
                del jobs[k]
        pool.submit(execute, job, scenario, req)
        return {"id": job.id}

    @app.get("/api/jobs")
    def list_jobs() -> list[dict[str, Any]]:
        return [{k: v for k, v in j.view().items() if k != "result"} for j in jobs.values()]

    def find_job(job_id: str) -> Job:
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, "no such job")
        return job

    @app.get("/api/jobs/{job_id}")
    def get_job(job_id: str) -> dict[str, Any]:
        return find_job(job_id).view()

    @app.get("/api/jobs/{job_id}/events")
    async def job_events(job_id: str) -> StreamingResponse:
        import asyncio

        job = find_job(job_id)

        async def events() -> AsyncIterator[str]:
            while True:
                view = {k: v for k, v in job.view().items() if k != "result"}
                yield f"data: {json.dumps(view)}\n\n"
                if job.state in ("done", "failed"):
                    return
                await asyncio.sleep(SSE_INTERVAL_S)

        return StreamingResponse(events(), media_type="text/event-stream")

    # ------------------------------------------------------------------------------------- runs and studies

    def run_folder(name: str) -> Path:
        from skyrack.present.store import list_runs

        for info in list_runs(settings.runs):
            if info.name == name:
                return info.path
        raise HTTPException(404, "no such run")

    @app.get("/api/runs")
    def runs() -> list[dict[str, str]]:
        from skyrack.present.store import list_runs

        return [{"name": r.name, "scenario": r.scenario, "created": r.created, "headline": r.headline}
                for r in list_runs(settings.runs)]  # fmt: skip

    @app.get("/api/runs/{name}")
    def show_run(name: str) -> dict[str, Any]:
        from skyrack.present.store import load_run

        summary, _ = load_run(run_folder(name), settings.runs)
        return summary

    @app.get("/api/runs/{a}/diff/{b}")
    def diff_runs(a: str, b: str) -> Any:
        from skyrack.present.store import diff, load_run

        (sa, ra), (sb, rb) = load_run(run_folder(a), settings.runs), load_run(run_folder(b), settings.runs)
        changes = diff({"summary": sa, "resolved": ra}, {"summary": sb, "resolved": rb})
        return skyrack.json_safe([{"key": c.key, "before": c.before, "after": c.after} for c in changes])

    @app.get("/runs/{name}/report.html")
    def run_report(name: str) -> FileResponse:
        return FileResponse(run_folder(name) / "report.html", media_type="text/html")

    @app.get("/api/runs/{name}/czml")
    def run_czml(name: str) -> Response:
        from skyrack.present.store import CZML_FILE

        path = run_folder(name) / CZML_FILE
        if not path.is_file():
            raise HTTPException(404, f"this run has no {CZML_FILE} (czml3 was not installed when it was saved)")
        return Response(path.read_text(encoding="utf-8"), media_type="application/json")

    @app.get("/runs/plotly.min.js")
    def runs_plotly() -> Response:
        return Response(_plotly_js(), media_type="application/javascript")

    @app.get("/api/studies")
    def studies() -> Any:
        from skyrack.present.studies import list_studies

        return skyrack.json_safe([s.__dict__ | {"path": None} for s in list_studies(settings.studies)])

    @app.get("/studies/{name}/study.html")
    def study_page(name: str) -> FileResponse:
        from skyrack.present.studies import list_studies

        for info in list_studies(settings.studies):
            if info.path.name == name and (info.path / "study.html").is_file():
                return FileResponse(info.path / "study.html", media_type="text/html")
        raise HTTPException(404, "no such study page")

    @app.get("/studies/plotly.min.js")
    def studies_plotly() -> Response:
        return Response(_plotly_js(), media_type="application/javascript")

    @app.post("/api/query")
    def query(req: QueryRequest) -> Any:
        from skyrack.present.studies import query as sql_query

        def work() -> Any:
            columns, rows = sql_query(req.sql, settings.studies, MAX_QUERY_ROWS)
            return {"columns": columns, "rows": [list(r) for r in rows]}

        return skyrack.json_safe(interactive(work))

    # ---------------------------------------------------------------------------------------------- catalog

    @app.get("/api/catalog")
    def catalog_kinds() -> dict[str, list[str]]:
        cat = skyrack.default_catalog()
        return {kind: sorted(cat.names(kind)) for kind in cat.kinds()}

    @app.get("/api/catalog/{kind}")
    def catalog_kind(kind: str) -> Any:
        cat = skyrack.default_catalog()
        if kind not in cat.kinds():
            raise HTTPException(404, "no such catalog kind")
        out: dict[str, Any] = {}
        for name in sorted(cat.names(kind)):
            entry = cat.entry(kind, name, f"catalog.{kind}")
            out[name] = {p: {"value": v.value, "unit": v.unit, "source": v.source, "year": v.year, "status": v.status}
                         for p, v in entry.values.items()}  # fmt: skip
        return skyrack.json_safe(out)

    # --------------------------------------------------------------------------------------------- the page

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        return (resources.files("skyrack.present") / "page" / "index.html").read_text(encoding="utf-8")

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/app.js")
    def page_js() -> Response:
        text = (resources.files("skyrack.present") / "page" / "app.js").read_text(encoding="utf-8")
        return Response(text, media_type="application/javascript")

    @app.get("/static/plotly.min.js")
    def page_plotly() -> Response:
        return Response(_plotly_js(), media_type="application/javascript")

    return app


def _sweep_points(req: JobRequest) -> list[dict[str, str]]:
    from skyrack.analysis.sweep import parse_grid, sweep_points

    if not req.grid:
        raise SkyrackInputError(
            "grid", None, 'a sweep needs at least one axis, e.g. ["launch.price=100 USD/kg:1000 USD/kg:10"]'
        )
    points = sweep_points([parse_grid(g) for g in req.grid])
    if len(points) > MAX_WEB_POINTS:
        raise SkyrackInputError(
            "grid",
            req.grid,
            f"{len(points):,} points; at most {MAX_WEB_POINTS:,} from the browser (skyrack sweep takes more)",
        )
    return points


def _sweep(
    req: JobRequest, scenario: Scenario, settings: Settings, steps: Callable[[int, int], None]
) -> dict[str, Any]:
    """A study from the browser: the scenario's text saved in the study folder (with the shipped satellite file it
    names, if any), its points evaluated one after another in this process, the study page written."""
    import hashlib
    import shutil

    from skyrack.analysis.sweep import iter_points
    from skyrack.present import studies as st
    from skyrack.present.study_report import write_study_page

    points = _sweep_points(req)
    name = req.name or f"{scenario.scenario.name}-sweep-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"
    spec = {"name": name, "scenario_file": "scenario.toml",
            "scenario_sha256": hashlib.sha256(req.scenario.encode()).hexdigest(), "base_overrides": req.overrides,
            "grid": req.grid, "ranges": [], "lhs": 0, "sobol": 0, "seed": 0, "simulate": False, "points": points}  # fmt: skip
    folder = st.open_study(settings.studies, name, spec, resume=False)
    path = folder / "scenario.toml"
    path.write_text(req.scenario, encoding="utf-8")
    if scenario.orbit.file is not None and settings.examples is not None:  # a shipped satellite file, by name
        shutil.copy(Path(scenario.orbit.file), folder / Path(scenario.orbit.file).name)
    done = 0
    steps(0, len(points))

    def rows() -> Any:
        for i, row in iter_points(str(path), req.overrides, points, range(len(points)), workers=1):
            yield {"point": i, **points[i], **row}

    for chunk in st.batched(rows(), 64):
        st.write_batch(folder, sorted(chunk, key=lambda r: int(r["point"])))
        done += len(chunk)
        steps(done, len(points))
    table = st.read_rows(folder)
    data = table.to_pylist() if table is not None else []
    write_study_page(folder, name, data, list(points[0]) if points else [])
    feasible = [r for r in data if r["feasible"]]
    best = min(feasible, key=lambda r: r["orbit_usd_per_gpu_hour"]) if feasible else None
    return {"study": folder.name, "points": len(data), "feasible": len(feasible),
            "best_usd_per_gpu_hour": None if best is None else float(f"{best['orbit_usd_per_gpu_hour']:.8g}"),
            "page": f"/studies/{folder.name}/study.html"}  # fmt: skip


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def serve(host: str, port: int, settings: Settings) -> None:
    """Serve the API and the page with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


__all__ = ["MAX_BODY_BYTES", "Settings", "create_app", "default_cesium", "default_examples", "serve"]
