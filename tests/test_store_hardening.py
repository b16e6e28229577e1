"""Issue #12, hard edges of the run store: runs racing for one folder name, stale partial folders, and path
checks made before any computation."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from skyrack.errors import SkyrackInputError
from skyrack.present import store
from skyrack.present.store import (
    PARTIAL_PREFIX,
    SUMMARY_FILE,
    RunFolder,
    check_output_dir,
    check_run_name,
    check_runs_root,
    clean_partial_runs,
    incomplete_runs,
    list_runs,
    write_json,
)

PAIRS = 20


def _write_run(root: Path, name: str, tag: str, barrier: Any) -> Path:
    """A small complete run folder; both racers wait at the barrier so that they claim the name together."""
    folder = RunFolder(root, name)
    with folder as partial:
        (partial / "timeseries").mkdir()
        (partial / "timeseries" / "fleet.parquet").write_bytes(b"x" * 1000)
        write_json(partial / SUMMARY_FILE, {"scenario": {"name": tag}, "created": tag, "headline": tag})
        barrier.wait(timeout=30)
    assert folder.final_path is not None
    return folder.final_path


def _assert_both_landed(root: Path, name: str, tags: set[str]) -> None:
    assert sorted(p.name for p in root.iterdir()) == sorted([name, f"{name}-2"])  # nothing hidden left
    assert incomplete_runs(root) == []
    runs = list_runs(root)
    assert {r.name for r in runs} == {name, f"{name}-2"}
    assert {r.scenario for r in runs} == tags  # each folder holds one racer's complete run, none lost
    for r in runs:
        assert (r.path / "timeseries" / "fleet.parquet").stat().st_size == 1000


def _race_threads(root: Path, name: str) -> list[Path]:
    barrier = threading.Barrier(2)
    results: dict[str, Path] = {}
    errors: list[BaseException] = []

    def racer(tag: str) -> None:
        try:
            results[tag] = _write_run(root, name, tag, barrier)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=racer, args=(tag,)) for tag in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return [results["a"], results["b"]]


@pytest.mark.parametrize("noreplace", [True, False], ids=["renameat2", "plain-rename"])
def test_two_threads_racing_for_one_name_both_land(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, noreplace: bool
) -> None:
    if not noreplace:  # the portable fallback (no RENAME_NOREPLACE): os.rename fails onto a non-empty folder
        monkeypatch.setattr(store, "_renameat2", False)
    for i in range(PAIRS):
        root = tmp_path / f"pair{i}"
        paths = _race_threads(root, "2030-01-01-demo")
        assert paths[0] != paths[1]
        _assert_both_landed(root, "2030-01-01-demo", {"a", "b"})


def _process_racer(root: str, name: str, tag: str, barrier: Any, out: Any) -> None:
    out.put((tag, str(_write_run(Path(root), name, tag, barrier))))


def test_two_processes_racing_for_one_name_both_land(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    for i in range(5):
        root = tmp_path / f"pair{i}"
        barrier = ctx.Barrier(2)
        out = ctx.Queue()
        procs = [ctx.Process(target=_process_racer, args=(str(root), "run", tag, barrier, out)) for tag in "ab"]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
        assert [p.exitcode for p in procs] == [0, 0]
        landed = dict(out.get(timeout=5) for _ in procs)
        assert sorted(Path(p).name for p in landed.values()) == ["run", "run-2"]
        _assert_both_landed(root, "run", {"a", "b"})


@pytest.mark.parametrize("noreplace", [True, False], ids=["renameat2", "plain-rename"])
def test_name_taken_between_check_and_rename_takes_next_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, noreplace: bool
) -> None:
    # Another run claims "demo" in the instant after this one saw it free: the rename must fail, not replace
    # or nest, and the run must land as "demo-2" (the window the old check-then-rename lost runs in).
    if not noreplace:
        monkeypatch.setattr(store, "_renameat2", False)
    real = store._rename_noreplace
    calls: list[Path] = []

    def rival_first(src: Path, dst: Path) -> None:
        if not calls:
            dst.mkdir()
            (dst / SUMMARY_FILE).write_text("{}", encoding="utf-8")
        calls.append(dst)
        real(src, dst)

    monkeypatch.setattr(store, "_rename_noreplace", rival_first)
    folder = RunFolder(tmp_path, "demo")
    with folder as partial:
        write_json(partial / SUMMARY_FILE, {"created": "mine"})
    assert folder.final_path == tmp_path / "demo-2"
    assert [c.name for c in calls] == ["demo", "demo-2"]
    assert json.loads((tmp_path / "demo" / SUMMARY_FILE).read_text()) == {}  # the rival's run is untouched
    assert json.loads((tmp_path / "demo-2" / SUMMARY_FILE).read_text()) == {"created": "mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo", "demo-2"]


def test_taken_names_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()  # an empty folder is never replaced
    (tmp_path / "demo-2").write_text("a file", encoding="utf-8")
    (tmp_path / "demo-3").symlink_to(tmp_path / "nowhere")  # nor a dangling link
    folder = RunFolder(tmp_path, "demo")
    with folder as partial:
        write_json(partial / SUMMARY_FILE, {})
    assert folder.final_path == tmp_path / "demo-4"
    assert list((tmp_path / "demo").iterdir()) == []


def test_partial_folders_are_unique_per_thread(tmp_path: Path) -> None:
    a, b = RunFolder(tmp_path, "x"), RunFolder(tmp_path, "x")
    with a as pa, b as pb:
        assert pa != pb and pa.name.startswith(f"{PARTIAL_PREFIX}x-{os.getpid()}-")
        write_json(pa / SUMMARY_FILE, {})
        write_json(pb / SUMMARY_FILE, {})
    assert {a.final_path, b.final_path} == {tmp_path / "x", tmp_path / "x-2"}


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    for dirpath, dirnames, filenames in os.walk(path):
        for entry in (*dirnames, *filenames):
            os.utime(os.path.join(dirpath, entry), (then, then))
    os.utime(path, (then, then))


def test_clean_partial_runs_removes_only_stale_partials(tmp_path: Path) -> None:
    def partial(name: str) -> Path:
        path = tmp_path / f"{PARTIAL_PREFIX}{name}-123-abcd0123"
        (path / "timeseries").mkdir(parents=True)
        (path / "timeseries" / "fleet.parquet").write_bytes(b"x")
        write_json(path / SUMMARY_FILE, {})
        return path

    old, fresh, busy = partial("old"), partial("fresh"), partial("busy")
    _age(old, 2 * 3600)
    _age(busy, 2 * 3600)
    (busy / "timeseries" / "satellites.parquet").write_bytes(b"y")  # still being written by another process
    complete = tmp_path / "2030-01-01-demo"
    complete.mkdir()
    write_json(complete / SUMMARY_FILE, {"created": "x"})
    _age(complete, 2 * 3600)
    hidden_other = tmp_path / ".cache"
    hidden_other.mkdir()
    _age(hidden_other, 2 * 3600)
    target = tmp_path / "elsewhere"
    target.mkdir()
    _age(target, 2 * 3600)
    (tmp_path / f"{PARTIAL_PREFIX}link").symlink_to(target, target_is_directory=True)

    assert clean_partial_runs(tmp_path) == [old]
    assert not old.exists()
    assert fresh.is_dir() and busy.is_dir() and complete.is_dir() and hidden_other.is_dir() and target.is_dir()
    assert [r.name for r in list_runs(tmp_path)] == ["2030-01-01-demo"]
    assert clean_partial_runs(tmp_path, older_than_s=0.0) == sorted([busy, fresh])
    assert clean_partial_runs(tmp_path) == []
    assert clean_partial_runs(tmp_path / "missing") == []
    with pytest.raises(SkyrackInputError):
        clean_partial_runs(tmp_path, older_than_s=-1.0)


def test_clean_partial_runs_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    folder = RunFolder(tmp_path, "killed")
    folder.__enter__()  # never exited: what SIGKILL leaves behind
    write_json(folder.partial / SUMMARY_FILE, {})
    assert list_runs(tmp_path) == [] and incomplete_runs(tmp_path) == [folder.partial]
    assert clean_partial_runs(tmp_path) == []  # it might still be running
    _age(folder.partial, 3601)
    assert clean_partial_runs(tmp_path) == [folder.partial]
    assert list(tmp_path.iterdir()) == []


# --- path checks ----------------------------------------------------------------------------------------


def _a_regular_file(tmp_path: Path) -> Path:
    hostname = Path("/etc/hostname")
    if hostname.is_file():
        return hostname
    path = tmp_path / "a-file"
    path.write_text("not a folder", encoding="utf-8")
    return path


def _refused(check: Any, value: Any, field: str) -> SkyrackInputError:
    with pytest.raises(SkyrackInputError) as info:
        check(value)
    err = info.value
    assert err.field == field
    assert len(str(err.value)) <= 80  # the value is echoed shortened
    assert str(err).startswith(field)
    return err


def test_runs_root_refuses_a_file_and_a_folder_under_a_file(tmp_path: Path) -> None:
    file = _a_regular_file(tmp_path)
    assert "is a file" in _refused(check_runs_root, file, "--runs").expected
    assert "is a file" in _refused(check_runs_root, file / "runs", "--runs").expected


def test_runs_root_refuses_an_unwritable_place() -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc here")
    assert "cannot be created" in _refused(check_runs_root, Path("/proc"), "--runs").expected
    assert "cannot be created" in _refused(check_runs_root, Path("/proc/runs"), "--runs").expected


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through chmod")
def test_runs_root_refuses_a_read_only_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        _refused(check_runs_root, ro, "--runs")
        _refused(check_runs_root, ro / "runs", "--runs")
    finally:
        ro.chmod(0o700)


def test_runs_root_refuses_paths_too_long(tmp_path: Path) -> None:
    err = _refused(check_runs_root, tmp_path / ("a" * 300), "--runs")
    assert "longer than" in err.expected
    deep = tmp_path.joinpath(*["b" * 200] * 20)  # every part fine, the whole past PATH_MAX
    assert "path limit" in _refused(check_runs_root, deep, "--runs").expected


def test_runs_root_refuses_a_broken_link(tmp_path: Path) -> None:
    link = tmp_path / "runs"
    link.symlink_to(tmp_path / "nowhere")
    assert "broken symbolic link" in _refused(check_runs_root, link, "--runs").expected


def test_runs_root_accepts_writable_places_and_leaves_nothing(tmp_path: Path) -> None:
    assert check_runs_root(tmp_path) == tmp_path
    new = tmp_path / "not" / "yet"
    assert check_runs_root(new) == new
    assert not (tmp_path / "not").exists()  # checked, not created
    assert list(tmp_path.iterdir()) == []  # the write probe is removed
    assert check_runs_root(Path("runs")) == Path("runs")  # relative: checked against the working folder


def test_output_dir_checks(tmp_path: Path) -> None:
    file = _a_regular_file(tmp_path)
    assert "is a file" in _refused(check_output_dir, file, "--out").expected
    assert "is a file" in _refused(check_output_dir, file / "out", "--out").expected
    if Path("/proc/self").is_dir():
        assert "cannot be created" in _refused(check_output_dir, Path("/proc/x"), "--out").expected
    with pytest.raises(SkyrackInputError) as info:
        check_output_dir(Path("/proc/x") if Path("/proc/self").is_dir() else file, field="--timeseries")
    assert info.value.field == "--timeseries"
    assert check_output_dir(tmp_path) == tmp_path
    assert check_output_dir(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert [p for p in tmp_path.iterdir() if p != file] == []  # checked, not created; the probe removed


def test_run_name_checks() -> None:
    err = _refused(check_run_name, "x" * 300, "--name")
    assert "at most 100 characters" in err.expected and "300" in err.expected
    assert len(str(err)) < 200
    for bad in ("", "   ", "a/b", "../up", "..", ".", ".hidden", "a\\b", "tab\there", "nul\0"):
        _refused(check_run_name, bad, "--name")
    assert "bytes" in _refused(check_run_name, "€" * 90, "--name").expected  # 90 characters, 270 bytes
    for good in ("cheap", "my run 2", "2030-01-01-suncatcher-like-81-satellite-cluster", "a" * 100, "é" * 100):
        assert check_run_name(good) == good


def test_checked_names_fit_the_file_system(tmp_path: Path) -> None:
    # the longest accepted name, as a partial folder with its prefix and as a final name with a suffix
    name = check_run_name("é" * 100)
    for _ in range(2):
        folder = RunFolder(tmp_path, name)
        with folder as partial:
            write_json(partial / SUMMARY_FILE, {})
    assert sorted(p.name for p in tmp_path.iterdir()) == [name, f"{name}-2"]
