"""Saved runs: one folder per run, written atomically, listed, shown and compared.

A run folder holds ``scenario.resolved.json`` (every scenario value and every catalog value used, with its
source), ``summary.json``, time series as Parquet under ``timeseries/`` and ``report.html``. It is built
under a hidden ``.partial-*`` name and renamed into place only when complete, so an interrupted run never
leaves a folder that looks complete; :func:`list_runs` shows only folders with a ``summary.json``.
The rename never replaces a folder, so runs racing for one name all land (``name``, ``name-2`` …);
:func:`clean_partial_runs` removes stale partial folders. :func:`check_runs_root`, :func:`check_run_name` and
:func:`check_output_dir` check paths before any computation.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
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
CZML_FILE = "fleet.czml"
REPORT_FILE = "report.html"
PLOTLY_FILE = "plotly.min.js"  # one per runs folder, beside the run folders
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


# --- claiming the final name -------------------------------------------------------------------------------

_RENAME_NOREPLACE = 1  # linux/fs.h
_AT_FDCWD = -100  # linux/fcntl.h
_MAX_CLAIM_ATTEMPTS = 10_000
_renameat2: Any = None  # resolved lazily: the libc function, or False where there is none


def _rename_noreplace(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``, failing with :class:`FileExistsError` when ``dst`` exists (never replacing it).

    Linux ``renameat2(RENAME_NOREPLACE)`` makes the check and the rename one atomic step. Where it is missing
    (another OS, old glibc, a file system that refuses the flag) a plain :func:`os.rename` is used: it still
    fails when ``dst`` is a non-empty folder or a file (``ENOTEMPTY``/``EEXIST``/``ENOTDIR``), which is how
    two runs racing for one name find out; only an *empty* folder created in the instant between the caller's
    ``exists()`` check and the rename could be replaced.
    """
    global _renameat2
    if _renameat2 is None:
        _renameat2 = False
        if sys.platform.startswith("linux"):
            import ctypes

            try:
                func = ctypes.CDLL(None, use_errno=True).renameat2
            except (AttributeError, OSError):
                pass
            else:
                func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                func.restype = ctypes.c_int
                _renameat2 = func
    if _renameat2 is not False:
        import ctypes

        if _renameat2(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), _RENAME_NOREPLACE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(src), None, str(dst))
        # the kernel or this file system has no RENAME_NOREPLACE: fall through to a plain rename
    os.rename(src, dst)


_TAKEN_ERRNOS = frozenset({errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR})


def _claim_final_name(partial: Path, root: Path, name: str) -> Path:
    """Rename ``partial`` to ``root/name``, or to ``name-2``, ``name-3`` … when that is taken, atomically.

    Two processes (or threads) racing for one name both land: the loser's rename fails because the name is
    taken, and it tries the next suffix. The folder appears under its final name in one step, complete.
    """
    for counter in range(1, _MAX_CLAIM_ATTEMPTS + 1):
        candidate = root / (name if counter == 1 else f"{name}-{counter}")
        if candidate.exists() or candidate.is_symlink():
            continue
        try:
            _rename_noreplace(partial, candidate)
        except OSError as exc:
            if exc.errno in _TAKEN_ERRNOS and partial.is_dir():
                continue  # taken in the meantime by another run: try the next suffix
            raise
        return candidate
    raise OSError(errno.EEXIST, f"no free run folder name from {name!r} to {name!r}-{_MAX_CLAIM_ATTEMPTS}")


class RunFolder:
    """Context manager: a hidden partial folder to write into, renamed to ``root/name`` on success.

    >>> with RunFolder(Path("runs"), "2030-01-01-demo") as folder:  # doctest: +SKIP
    ...     write_json(folder / SUMMARY_FILE, {...})
    >>> folder_final = run.final_path  # doctest: +SKIP

    The partial folder is ``root/.partial-<name>-<pid>-<random>`` (unique per process and per thread). On
    success it is renamed to ``root/name``, or ``name-2``, ``name-3`` … when that name is taken, with one atomic
    rename that never replaces an existing folder, so runs racing for one name all land. On an exception or an
    interrupt the partial folder is removed and the exception propagates; a process killed with SIGKILL leaves
    only its hidden partial folder (see :func:`incomplete_runs`, :func:`clean_partial_runs`).
    """

    def __init__(self, root: Path, name: str) -> None:
        self.root = root
        self.name = name
        self.partial = self._partial_path()
        self.final_path: Path | None = None

    def _partial_path(self) -> Path:
        return self.root / f"{PARTIAL_PREFIX}{self.name}-{os.getpid()}-{secrets.token_hex(4)}"

    def __enter__(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        while True:
            try:
                self.partial.mkdir()
            except FileExistsError:
                self.partial = self._partial_path()
                continue
            return self.partial

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if exc_type is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
            return
        try:
            self.final_path = _claim_final_name(self.partial, self.root, self.name)
        except BaseException:
            shutil.rmtree(self.partial, ignore_errors=True)
            raise


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


def _newest_mtime(path: Path) -> float:
    """The latest modification time of ``path`` and everything under it [s since the epoch]."""
    newest = path.lstat().st_mtime
    for dirpath, dirnames, filenames in os.walk(path):
        for entry in (*dirnames, *filenames):
            try:
                newest = max(newest, os.lstat(os.path.join(dirpath, entry)).st_mtime)
            except OSError:
                continue
    return newest


def clean_partial_runs(root: Path = DEFAULT_RUNS_ROOT, older_than_s: float = 3600.0) -> list[Path]:
    """Remove the hidden partial folders under ``root`` that nothing has written into for ``older_than_s``
    seconds, and return the ones removed (sorted).

    Age is measured from the newest modification time of the folder and everything in it, so a run that is
    still saving in another process (its partial folder is minutes old at most) is kept. Folders that cannot
    be removed (permissions, removed meanwhile by another cleaner) are skipped and not returned; symbolic
    links named like partial folders are left alone.
    """
    if not older_than_s >= 0.0:  # also refuses NaN
        raise SkyrackInputError("--older-than", older_than_s, "an age in seconds, zero or more")
    cutoff = time.time() - older_than_s
    removed = []
    for path in incomplete_runs(root):
        try:
            if path.is_symlink() or _newest_mtime(path) > cutoff:
                continue
            shutil.rmtree(path)
        except OSError:
            continue
        removed.append(path)
    return removed


# --- path checks, made before any computation ------------------------------------------------------------

MAX_SHOWN_CHARS = 78  # 80 with the quotes the message puts around it
MAX_RUN_NAME_CHARS = 100
# A run folder is named ``<name>`` or ``<name>-<n>``, and is written first as
# ``.partial-<name>-<pid>-<8 hex>``: 9 + 1 + 7 + 1 + 8 = 26 bytes around the name; 200 bytes for the name
# leaves room for that under the usual NAME_MAX of 255 bytes (ext4, xfs, btrfs, tmpfs, APFS).
MAX_RUN_NAME_BYTES = 200
DEFAULT_NAME_MAX = 255  # POSIX file name limit on common file systems [bytes]
DEFAULT_PATH_MAX = 4096  # Linux PATH_MAX [bytes]
# Room a run folder needs below its root: "/" + run folder name (<= 255) + "/timeseries/satellites.parquet"
# and temporary names (~64): a root longer than PATH_MAX minus this cannot hold a run.
RUN_PATH_ROOM = 1 + DEFAULT_NAME_MAX + 64
OUTPUT_PATH_ROOM = 64  # "/satellites.parquet" and its temporary name


def _shown(value: object) -> str:
    """``value`` as text, at most :data:`MAX_SHOWN_CHARS` characters (the middle elided, the end of a path
    kept)."""
    text = str(value)
    if len(text) <= MAX_SHOWN_CHARS:
        return text
    keep = MAX_SHOWN_CHARS - 1
    return f"{text[: keep // 2]}…{text[-(keep - keep // 2) :]}"


def _pathconf(path: Path, name: str, default: int) -> int:
    try:
        value = os.pathconf(path, name)
    except (OSError, ValueError, AttributeError):
        return default
    return value if value > 0 else default


def _nearest_existing(path: Path) -> Path:
    """``path`` itself when it exists, else its nearest existing parent (lexically; ``..`` left to the OS)."""
    current = path
    while not os.path.lexists(current):
        parent = current.parent
        if parent == current:
            break
        current = parent
    return current


def _probe_writable(folder: Path) -> str | None:
    """Create and remove a temporary folder in ``folder``; ``None`` when that worked, else why not."""
    try:
        probe = tempfile.mkdtemp(prefix=".skyrack-probe-", dir=folder)
    except OSError as exc:
        return exc.strerror or str(exc)
    with contextlib.suppress(OSError):
        os.rmdir(probe)
    return None


def _check_writable_folder(path: Path, field: str, what: str, room: int) -> Path:
    """Shared checks of :func:`check_runs_root` and :func:`check_output_dir`."""
    shown = _shown(path)
    try:
        encoded = os.fsencode(path)
    except (UnicodeError, TypeError) as exc:
        raise SkyrackInputError(field, shown, f"{what}; this path cannot be encoded for the file system") from exc
    if not encoded or b"\0" in encoded:
        raise SkyrackInputError(field, shown, f"{what}; give a non-empty path without NUL characters")
    absolute = Path(os.path.abspath(path))
    existing = _nearest_existing(absolute)
    name_max = _pathconf(existing, "PC_NAME_MAX", DEFAULT_NAME_MAX)
    path_max = _pathconf(existing, "PC_PATH_MAX", DEFAULT_PATH_MAX)
    for part in absolute.parts:
        if len(os.fsencode(part)) > name_max:
            raise SkyrackInputError(
                field, shown, f"{what}; the part {_shown(part)!r} is longer than {name_max} bytes, the limit here"
            )
    if len(os.fsencode(absolute)) + room > path_max:
        raise SkyrackInputError(
            field,
            shown,
            f"{what}; this path is {len(os.fsencode(absolute))} bytes long, and files inside it would pass the "
            f"{path_max}-byte path limit (use a path shorter than {path_max - room} bytes)",
        )
    if path.is_symlink() and not path.exists():
        raise SkyrackInputError(field, shown, f"{what}; this is a broken symbolic link")
    if path.exists():
        if not path.is_dir():
            raise SkyrackInputError(field, shown, f"{what}; this exists and is a file, not a folder")
        target = path
    else:
        if not existing.is_dir():
            raise SkyrackInputError(
                field, shown, f"{what}; it cannot be created because {_shown(existing)!r} is a file, not a folder"
            )
        target = existing
    problem = _probe_writable(target)
    if problem is not None:
        where = "this folder" if target == path else f"its nearest existing parent {_shown(target)!r}"
        raise SkyrackInputError(field, shown, f"{what}; files cannot be created in {where} ({problem})")
    return path


def check_runs_root(root: Path, field: str = "--runs") -> Path:
    """Check, before any computation, that run folders can be saved under ``root``; return ``root``.

    Valid: a writable folder, or a path that does not exist yet whose nearest existing parent is a writable
    folder. Refused with :class:`SkyrackInputError` naming ``field``: an existing file, an unwritable place
    (``/proc``, a read-only file system, no permission), a broken symbolic link, and a path too long to hold a
    run folder (``PC_NAME_MAX``/``PC_PATH_MAX`` of the file system, else 255/4096 bytes). Writability is tested
    for real, by creating and removing a temporary folder.
    """
    return _check_writable_folder(Path(root), field, "a folder that can hold run folders", RUN_PATH_ROOM)


def check_output_dir(path: Path, field: str = "--out") -> Path:
    """Check, before any computation, that files can be written into the folder ``path``; return ``path``.

    Valid: a writable folder, or one that can be created (its nearest existing parent is a writable folder).
    Refused with :class:`SkyrackInputError` naming ``field``: an existing file, an unwritable place such as
    ``/proc/x``, a broken symbolic link, and a path too long for the file system.
    """
    return _check_writable_folder(Path(path), field, "a folder that can be written to", OUTPUT_PATH_ROOM)


def check_run_name(name: str, field: str = "--name") -> str:
    """Check a run folder name given by the user (``--name``) and return it unchanged.

    Valid: a plain folder name of at most :data:`MAX_RUN_NAME_CHARS` characters (and
    :data:`MAX_RUN_NAME_BYTES` bytes in UTF-8), not only spaces, without ``/`` or ``\\``, not starting with
    ``.`` (hidden folders are never listed; ``.`` and ``..`` are not names), without control characters.
    """
    shown = _shown(name)
    plain = "a plain folder name (letters, digits, '-', '_', spaces; no '/', not starting with '.')"
    if not isinstance(name, str) or not name.strip():
        raise SkyrackInputError(field, shown, f"{plain}; it is empty")
    if "/" in name or "\\" in name or (os.altsep and os.altsep in name):
        raise SkyrackInputError(field, shown, f"{plain}; it contains a path separator")
    if name.startswith(".") or name in (".", ".."):
        raise SkyrackInputError(field, shown, f"{plain}; names starting with '.' are hidden and never listed")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise SkyrackInputError(field, shown, f"{plain}; it contains control characters")
    if len(name) > MAX_RUN_NAME_CHARS:
        raise SkyrackInputError(
            field, shown, f"a name of at most {MAX_RUN_NAME_CHARS} characters (this one has {len(name)})"
        )
    try:
        size = len(os.fsencode(name))
    except UnicodeError as exc:
        raise SkyrackInputError(field, shown, f"{plain}; it cannot be encoded for the file system") from exc
    if size > MAX_RUN_NAME_BYTES:
        raise SkyrackInputError(
            field, shown, f"a name of at most {MAX_RUN_NAME_BYTES} bytes in UTF-8 (this one has {size})"
        )
    return name


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


def shared_plotly(root: Path) -> Path:
    """The store's one copy of plotly.js (``<root>/plotly.min.js``), written atomically if missing: every report
    of the store loads it instead of embedding its 4.6 MB."""
    from plotly.offline import get_plotlyjs

    path = root / PLOTLY_FILE
    if not path.exists():
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-plotly-", dir=root)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(get_plotlyjs())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    return path


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

    folder_name = check_run_name(name) if name is not None else default_run_name(result.scenario.scenario.name)
    root = check_runs_root(Path(root))
    folder = RunFolder(root, folder_name)
    with folder as partial:
        if stage is not None:
            stage("save")
        write_json(partial / RESOLVED_FILE, _json_ready(result.resolved()))
        result.simulation.write_parquet(partial / TIMESERIES_DIR)
        if stage is not None:
            stage("report")
        shared_plotly(root)
        (partial / REPORT_FILE).write_text(run_report_html(result, f"../{PLOTLY_FILE}"), encoding="utf-8")
        _write_czml(result, partial / CZML_FILE)
        # the summary goes last: a folder with a summary.json is a complete run
        write_json(partial / SUMMARY_FILE, _json_ready(result.summary()))
        if before_commit is not None:
            before_commit(partial)
    assert folder.final_path is not None
    return folder.final_path


def _write_czml(result: RunResult, path: Path) -> None:
    """The fleet's CZML for Cesium beside the report, when czml3 (the ``[web]`` extra) is installed."""
    try:
        import czml3  # noqa: F401
    except ImportError:
        return
    from skyrack.models import build_models
    from skyrack.present.czml import fleet_czml

    path.write_text(fleet_czml(build_models(result.scenario)), encoding="utf-8")


def _json_ready(data: Any) -> Any:
    from skyrack.results.json import json_safe

    return json_safe(data)
