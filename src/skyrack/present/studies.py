"""The study store: one folder per trade study, its rows as Parquet written in atomic batches.

``studies/<name>/study.json`` holds the spec (scenario file and its text's SHA-256, base overrides, the points);
``studies/<name>/rows/batch-<first>-<n>.parquet`` hold the evaluated rows. A batch is written to a temporary name
in the same folder, flushed and renamed into place (atomic on POSIX), so a study killed at any moment leaves whole
batches only; ``--resume`` reads the point indices already stored and evaluates the rest: nothing lost, nothing
twice. ``skyrack query`` runs SQL over every study's rows with DuckDB (the ``[study]`` extra).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.parquet as pq

from skyrack.errors import SkyrackInputError
from skyrack.present.store import slugify, write_json

DEFAULT_STUDIES_ROOT: Final = Path("studies")
SPEC_FILE: Final = "study.json"
ROWS_DIR: Final = "rows"
FORMAT: Final = 1
# Rows per Parquet batch at most, and the longest a finished row waits before it is stored.
BATCH_MAX_ROWS: Final = 4096
BATCH_MAX_WAIT_S: Final = 2.0


@dataclass(frozen=True)
class StudyInfo:
    name: str
    path: Path
    points: int
    done: int
    feasible: int
    best_usd_per_gpu_hour: float | None
    scenario_file: str


def study_path(root: Path, name: str) -> Path:
    slug = slugify(name)
    if not slug:
        raise SkyrackInputError("--name", name, "a study name with at least one letter or digit")
    return root / slug


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_study(root: Path, name: str, spec: dict[str, Any], resume: bool) -> Path:
    """The study's folder, created with its spec, or (``resume``) the existing one when its spec matches."""
    folder = study_path(root, name)
    spec_file = folder / SPEC_FILE
    if spec_file.exists():
        if not resume:
            raise SkyrackInputError(
                "--name", name, f"a study of this name exists in {folder}; add --resume to continue it, or choose "
                "another --name",
            )  # fmt: skip
        stored = json.loads(spec_file.read_text(encoding="utf-8"))
        for key in ("scenario_sha256", "base_overrides", "points", "simulate"):
            default = False if key == "simulate" else None  # studies stored before --simulate did not simulate
            if stored.get(key, default) != spec.get(key, default):
                raise SkyrackInputError(
                    "--resume", name, f"the study in {folder} was started with another {key.replace('_', ' ')}; "
                    "resume it with the same file and options, or start a new --name",
                )  # fmt: skip
        return folder
    if resume:
        raise SkyrackInputError("--resume", name, f"no study of this name in {root} to resume")
    (folder / ROWS_DIR).mkdir(parents=True, exist_ok=True)
    write_json(spec_file, {"format": FORMAT, **spec})
    return folder


def _batches(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / ROWS_DIR).glob("batch-*.parquet") if not p.name.startswith("."))


def read_rows(folder: Path) -> pa.Table | None:
    files = _batches(folder)
    if not files:
        return None
    return pa.concat_tables([pq.read_table(f) for f in files], promote_options="permissive")  # float64 in older stores


def done_indices(folder: Path) -> set[int]:
    done: set[int] = set()
    for f in _batches(folder):
        done.update(int(i) for i in pq.read_table(f, columns=["point"]).column("point").to_pylist())
    return done


def clean_partial_batches(folder: Path) -> None:
    """Temporary batch files a killed study left behind (never renamed into place)."""
    for p in (folder / ROWS_DIR).glob(".batch-*"):
        with contextlib.suppress(OSError):
            p.unlink()


def write_batch(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """Write ``rows`` (each with its ``point`` index) as one Parquet batch, atomically, with zstd and the outputs in
    float32: 7 significant digits, where the closest neighbouring points of a fine grid differ in the fourth and
    every input is far less certain (a 10,000-point study stores in 40 % fewer bytes)."""
    first = min(int(r["point"]) for r in rows)
    final = folder / ROWS_DIR / f"batch-{first:08d}-{len(rows):05d}.parquet"
    columns: dict[str, list[Any]] = {}
    for r in rows:
        for k in r:
            columns.setdefault(k, [])
    for r in rows:
        for k in columns:
            columns[k].append(r.get(k))
    table = pa.table(columns)
    table = table.cast(
        pa.schema([pa.field(f.name, pa.float32()) if pa.types.is_float64(f.type) else f for f in table.schema])
    )
    fd, tmp = tempfile.mkstemp(prefix=".batch-", suffix=".parquet", dir=folder / ROWS_DIR)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return final


def list_studies(root: Path = DEFAULT_STUDIES_ROOT) -> list[StudyInfo]:
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if (p / SPEC_FILE).is_file()):
        try:
            spec = json.loads((folder / SPEC_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        table = read_rows(folder)
        done = feasible = 0
        best: float | None = None
        if table is not None:
            done = table.num_rows
            flags = table.column("feasible").to_pylist()
            costs = table.column("orbit_usd_per_gpu_hour").to_pylist()
            good = [c for f, c in zip(flags, costs, strict=True) if f and c == c]
            feasible = sum(bool(f) for f in flags)
            best = min(good) if good else None
        found.append(
            StudyInfo(spec.get("name", folder.name), folder, len(spec.get("points", [])), done, feasible, best,
                      spec.get("scenario_file", ""))
        )  # fmt: skip
    return found


def query(
    sql: str, root: Path = DEFAULT_STUDIES_ROOT, max_rows: int | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` over the studies: a view ``rows`` of every study's rows (with a ``study`` column), one view per
    study under its folder name, and ``studies`` (name, points, done, feasible, best). The query reaches no file
    outside ``root`` (DuckDB's external access is off, with the store as its one allowed folder); ``max_rows``
    refuses larger answers."""
    try:
        import duckdb
    except ImportError:
        raise SkyrackInputError(
            "skyrack query", None, 'needs DuckDB: pip install "skyrack[study]" (or pip install duckdb)'
        ) from None
    con = duckdb.connect()
    studies = list_studies(root)
    selects = []
    for s in studies:
        if not _batches(s.path):
            continue
        glob = str(s.path / ROWS_DIR / "batch-*.parquet").replace("'", "''")
        view = s.path.name.replace('"', "")
        con.execute(f"CREATE VIEW \"{view}\" AS SELECT * FROM read_parquet('{glob}', union_by_name = true)")
        selects.append(f"SELECT '{view}' AS study, * FROM \"{view}\"")
    if selects:
        con.execute("CREATE VIEW rows AS " + " UNION ALL BY NAME ".join(selects))
    con.execute("CREATE TABLE studies (name VARCHAR, points BIGINT, done BIGINT, feasible BIGINT, best DOUBLE)")
    for s in studies:
        con.execute("INSERT INTO studies VALUES (?, ?, ?, ?, ?)", [s.path.name, s.points, s.done, s.feasible,
                                                                   s.best_usd_per_gpu_hour])  # fmt: skip
    if not sql.strip():
        raise SkyrackInputError("query", sql, "a SQL statement, e.g. SELECT * FROM studies")
    # the query sees the store and nothing else: no other file is read or written, no extension is loaded
    con.execute("SET allowed_directories = ?", [[str(Path(root).resolve())]])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    try:
        result = con.execute(sql)
    except duckdb.Error as exc:
        raise SkyrackInputError("query", sql[:200], f"DuckDB refused it: {str(exc).splitlines()[0]}") from None
    if result is None or not result.description:
        return [], []
    names = [d[0] for d in result.description]
    rows = result.fetchmany(max_rows + 1) if max_rows is not None else result.fetchall()
    if max_rows is not None and len(rows) > max_rows:
        raise SkyrackInputError("query", sql[:200], f"more than {max_rows:,} rows; add a LIMIT or aggregate")
    return names, [tuple(r) for r in rows]


def batched(
    items: Iterator[dict[str, Any]], max_rows: int = BATCH_MAX_ROWS, max_wait_s: float = BATCH_MAX_WAIT_S
) -> Iterator[list[dict[str, Any]]]:
    """Rows gathered into batches of at most ``max_rows``, each handed on once ``max_wait_s`` has passed since the
    last: slow points are stored every few seconds (a kill loses little) and fast ones in large files."""
    batch: list[dict[str, Any]] = []
    last = time.monotonic()
    for item in items:
        batch.append(item)
        if len(batch) >= max_rows or time.monotonic() - last >= max_wait_s:
            yield batch
            batch, last = [], time.monotonic()
    if batch:
        yield batch


__all__ = [
    "DEFAULT_STUDIES_ROOT",
    "StudyInfo",
    "batched",
    "clean_partial_batches",
    "done_indices",
    "file_sha256",
    "list_studies",
    "open_study",
    "query",
    "read_rows",
    "study_path",
    "write_batch",
]
