"""Start-up time of the ``skyrack`` command against importing its own base libraries, in the same run.

Each command is a fresh Python process (``sys.executable``), timed wall-clock from start to exit:

* reference: ``python -c "import numpy, pydantic, typer, rich"``, the least any skyrack command can cost;
* ``python -m skyrack --help``;
* ``python -m skyrack validate examples/suncatcher.toml`` (loads and checks a scenario: pydantic models,
  pint units, the catalog).

The commands run round-robin, after one untimed warm-up each (byte-code and pint's definition cache written,
files in the OS cache), and the best of N runs of each is kept. It prints the best and median times, the
ratio of each best to the reference's best, and whether it is within the target of 3× the reference.
``--imports`` adds the third-party packages that skyrack modules import at start-up, with their cumulative
import time (``python -X importtime``), to show what to make lazy.

Run: ``python benchmarks/bench_startup.py`` (``--runs 15`` for steadier figures, ``--strict`` to exit 1 when
a command misses the target).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 3.0

COMMANDS: dict[str, list[str]] = {
    "import numpy, pydantic, typer, rich": [sys.executable, "-c", "import numpy, pydantic, typer, rich"],
    "skyrack --help": [sys.executable, "-m", "skyrack", "--help"],
    "skyrack validate suncatcher.toml": [
        sys.executable,
        "-m",
        "skyrack",
        "validate",
        str(ROOT / "examples" / "suncatcher.toml"),
    ],
}
REFERENCE = "import numpy, pydantic, typer, rich"


def _run_once(argv: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv[1:])} exited {proc.returncode}:\n{proc.stderr}")
    return elapsed


def time_commands(runs: int) -> dict[str, list[float]]:
    """Wall times of each command, ``runs`` of each, interleaved so that drift in load hits all alike."""
    for argv in COMMANDS.values():
        _run_once(argv)  # warm-up
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            times[name].append(_run_once(argv))
    return times


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def heavy_imports(limit: int = 12) -> list[tuple[str, str, float]]:
    """(package, importing skyrack module, cumulative ms) of third-party imports made by skyrack at start-up."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import skyrack.present.cli"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [(int(m[2]), len(m[3]), m[4]) for m in map(_IMPORT_LINE.match, proc.stderr.splitlines()) if m]
    first_importer: dict[str, str] = {}
    total_ms: dict[str, float] = {}
    for i, (cumulative_us, indent, module) in enumerate(rows):
        # importtime prints a module after its own imports: its importer is the next line indented less
        parent = next((m for _, ind, m in rows[i + 1 :] if ind < indent), "")
        package = module.split(".")[0]
        if package == "skyrack" or package in sys.stdlib_module_names or not parent.startswith("skyrack"):
            continue
        first_importer.setdefault(package, parent)
        total_ms[package] = total_ms.get(package, 0.0) + cumulative_us / 1e3
    ranked = sorted(((pkg, first_importer[pkg], ms) for pkg, ms in total_ms.items()), key=lambda r: -r[2])
    return ranked[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (best is kept)")
    parser.add_argument("--imports", action="store_true", help="also list the heavy imports made at start-up")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a command misses the 3x target")
    args = parser.parse_args()

    times = time_commands(args.runs)
    ref = min(times[REFERENCE])
    print(f"python {sys.version.split()[0]}, best of {args.runs} runs each, wall time of a fresh process")
    print(f"{'command':36s} {'best s':>8s} {'median s':>9s} {'× ref':>7s}  target ≤ {TARGET_RATIO:g}×")
    missed = []
    for name, values in times.items():
        best = min(values)
        ratio = best / ref
        if name == REFERENCE:
            verdict = "(reference)"
        else:
            ok = ratio <= TARGET_RATIO
            verdict = "within" if ok else "MISSED"
            if not ok:
                missed.append(name)
        print(f"{name:36s} {best:8.3f} {statistics.median(values):9.3f} {ratio:7.2f}  {verdict}")

    if args.imports:
        print("\nthird-party imports made by skyrack modules at start-up (cumulative ms, one -X importtime run;")
        print("a package shared with the reference, e.g. numpy, is counted where skyrack first imports it):")
        for package, parent, ms in heavy_imports():
            print(f"  {ms:8.1f} ms  {package:16s} first imported by {parent}")

    if args.strict and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
