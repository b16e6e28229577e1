"""Saved runs: one folder per run, written atomically, listed, shown and compared.

A run folder holds ``scenario.resolved.json`` (every scenario value and every catalog value used, with its
source), ``summary.json``, time series as Parquet under ``timeseries/`` and ``report.html``. It is built
under a hidden ``.partial-*`` name and renamed into place only when complete, so an interrupted run never
leaves a folder that looks complete; :func:`list_runs` shows only folders with a ``summary.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skyrack.errors import SkyrackInputError

if TYPE_CHECKING:
    from skyrack.results.run import RunResult

SUMMARY_FILE = "summary.json"
RESOLVED_FILE = "scenario.resolved.json"
REPORT_FILE = "report.html"
TIMESERIES_DIR = "timeseries"
PARTIAL_PREFIX = ".partial-"
DEFAULT_RUNS_ROOT = Path("runs")


def slugify(text: str) -> str:
    """``"Suncatcher-like 81-satellite cluster"`` → ``"suncatcher-like-81-satellite-cluster"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "run"


def default_run_name(scenario_name: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    return f"{stamp}-{slugify(scenario_name)}"


def _unique(root: Path, name: str) -> Path:
    candidate = root / name
    counter = 2
    while candidate.exists():
        candidate = root / f"{name}-{counter}"
        counter += 1
    return candidate


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (temporary file, then rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class RunFolder:
    """Context manager: a hidden partial folder to write into, renamed to ``root/name`` on success.

    >>> with RunFolder(Path("runs"), "2030-01-01-demo") as folder:  # doctest: +SKIP
    ...     write_json(folder / SUMMARY_FILE, {...})
    >>> folder_final = run.final_path  # doctest: +SKIP

    On an exception or an interrupt the partial folder is removed and the exception propagates.
    """

    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.name = name
        self.partial = root / f"{PARTIAL_PREFIX}{name}-{os.getpid()}"
        self.final_path: Path | None = None

    def __enter__(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.partial.exists():
            shutil.rmtree(self.partial)
        self.partial.mkdir()
        return self.partial

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc_type is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
            return
        final = _unique(self.root, self.name)
        os.rename(self.partial, final)
        self.final_path = final


@dataclass(frozen=True)
class RunInfo:
    path: Path
    name: str
    scenario: str
    created: str
    headline: str


def _read_summary(path: Path) -> dict[str, Any]:
    try:
        data = json.loads((path / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SkyrackInputError(str(path), None, f"not a complete run folder ({SUMMARY_FILE} unreadable)") from exc
    if not isinstance(data, dict):
        raise SkyrackInputError(str(path), None, f"{SUMMARY_FILE} is not a JSON object")
    return data


def list_runs(root: Path = DEFAULT_RUNS_ROOT) -> list[RunInfo]:
    """Complete runs under ``root``, oldest first. Partial folders are never listed."""
    if not root.is_dir():
        return []
    runs = []
    for path in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not (path / SUMMARY_FILE).is_file():
            continue
        try:
            summary = _read_summary(path)
        except SkyrackInputError:
            continue
        runs.append(
            RunInfo(
                path=path,
                name=path.name,
                scenario=str(summary.get("scenario", {}).get("name", "")),
                created=str(summary.get("created", "")),
                headline=str(summary.get("headline", "")),
            )
        )
    return sorted(runs, key=lambda r: (r.created, r.name))


def incomplete_runs(root: Path = DEFAULT_RUNS_ROOT) -> list[Path]:
    """Hidden partial folders under ``root`` left by runs that were killed (never listed as runs; safe to
    delete once no ``skyrack run`` is writing into ``root``)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith(PARTIAL_PREFIX))


def resolve_run(run: str | Path, root: Path = DEFAULT_RUNS_ROOT) -> Path:
    """A run given as a path or as a name under ``root``."""
    direct = Path(run)
    for candidate in (direct, root / str(run)):
        if candidate.is_dir() and (candidate / SUMMARY_FILE).is_file():
            return candidate
    names = [r.name for r in list_runs(root)]
    from skyrack.catalog import did_you_mean

    raise SkyrackInputError(
        "RUN", str(run), f"no complete run folder by that path or name under {root}{did_you_mean(str(run), names)}"
    )


def load_run(run: str | Path, root: Path = DEFAULT_RUNS_ROOT) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(summary, resolved scenario)`` of a saved run."""
    path = resolve_run(run, root)
    summary = _read_summary(path)
    try:
        resolved = json.loads((path / RESOLVED_FILE).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        resolved = {}
    return summary, resolved


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts to ``{"a.b.c": value}``; lists are kept as values."""
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: data}


@dataclass(frozen=True)
class Change:
    key: str
    before: Any
    after: Any

    @property
    def relative(self) -> float | None:
        if isinstance(self.before, int | float) and isinstance(self.after, int | float) and self.before:
            if isinstance(self.before, bool) or isinstance(self.after, bool):
                return None
            return (self.after - self.before) / abs(self.before)
        return None


def diff(before: Mapping[str, Any], after: Mapping[str, Any], rel_tol: float = 1e-9) -> list[Change]:
    """Keys whose values differ between two nested dicts (numbers within ``rel_tol`` count as equal)."""
    a, b = flatten(before), flatten(after)
    changes = []
    for key in sorted(set(a) | set(b)):
        x, y = a.get(key), b.get(key)
        if isinstance(x, int | float) and isinstance(y, int | float) and not isinstance(x, bool):
            if abs(x - y) <= rel_tol * max(abs(x), abs(y)):
                continue
        elif x == y:
            continue
        changes.append(Change(key, x, y))
    return changes


def save_run(
    result: RunResult,
    root: Path = DEFAULT_RUNS_ROOT,
    name: str | None = None,
    stage: Callable[[str], None] | None = None,
    before_commit: Callable[[Path], None] | None = None,
) -> Path:
    """Write the run folder under ``root`` (default name ``<date>-<scenario slug>``, made unique) and return
    its path. Everything is written into a hidden partial folder that is renamed into place only when
    complete; ``before_commit(partial_path)`` runs just before that rename (tests use it to interrupt)."""
    from skyrack.present.report import run_report_html

    folder_name = name or default_run_name(result.scenario.scenario.name)
    if "/" in folder_name or folder_name.startswith(".") or not folder_name.strip():
        raise SkyrackInputError("--name", folder_name, "a plain folder name (no '/', not starting with '.')")
    folder = RunFolder(Path(root), folder_name)
    with folder as partial:
        if stage is not None:
            stage("save")
        write_json(partial / RESOLVED_FILE, _json_ready(result.resolved()))
        result.simulation.write_parquet(partial / TIMESERIES_DIR)
        if stage is not None:
            stage("report")
        (partial / REPORT_FILE).write_text(run_report_html(result), encoding="utf-8")
        # the summary goes last: a folder with a summary.json is a complete run
        write_json(partial / SUMMARY_FILE, _json_ready(result.summary()))
        if before_commit is not None:
            before_commit(partial)
    assert folder.final_path is not None
    return folder.final_path


def _json_ready(data: Any) -> Any:
    from skyrack.results.json import json_safe

    return json_safe(data)
