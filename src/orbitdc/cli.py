"""The ``orbitdc`` command line. It calls only the public API (:mod:`orbitdc`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

import orbitdc

app = typer.Typer(
    name="orbitdc",
    help="Design, simulate and cost AI data centres in orbit, side by side with a ground data centre.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
error_console = Console(stderr=True)

EXIT_BAD_INPUT = 2

ScenarioFile = Annotated[Path, typer.Argument(help="Scenario TOML file.", show_default=False)]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Override a scenario value: dotted.key=value (repeatable), e.g. orbit.altitude='1000 km'.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")]

T = TypeVar("T")


def _fail(message: str) -> NoReturn:
    error_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn input errors into one clear message and exit code 2, never a traceback."""
    try:
        yield
    except orbitdc.OrbitdcInputErrors as exc:
        _fail("\n".join(f"  {e}" for e in exc.errors) if len(exc.errors) > 1 else str(exc.errors[0]))
    except orbitdc.OrbitdcInputError as exc:
        _fail(str(exc))


def _load(path: Path, overrides: list[str] | None) -> orbitdc.Scenario:
    return orbitdc.load_scenario(path, overrides or [])


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(orbitdc.json_safe(data), indent=2) + "\n")


def _with_errors(func: Callable[[], T]) -> T:
    with _user_errors():
        return func()
    raise AssertionError("unreachable")  # pragma: no cover


@app.command()
def validate(file: ScenarioFile, set_: SetOption = None) -> None:
    """Check a scenario file: units, ranges, catalog names. Exit 0 when valid, 2 otherwise."""
    scenario = _with_errors(lambda: _load(file, set_))
    console.print(f"[green]ok[/]: {file} — {scenario.scenario.name}", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON schema of scenario files."""
    _print_json(orbitdc.scenario_json_schema())


@app.command()
def catalog(
    kind: Annotated[str | None, typer.Argument(help="Kind to list, e.g. accelerators; all when omitted.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Only this entry.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List catalog entries with their values, sources and how well each is verified."""
    cat = orbitdc.default_catalog()
    kinds = cat.kinds()
    if kind is not None and kind not in kinds:
        _fail(str(orbitdc.OrbitdcInputError("KIND", kind, f"unknown catalog kind; known: {', '.join(kinds)}")))
    selected = [kind] if kind else kinds
    if as_json:
        _print_json(
            {
                k: {
                    n: {
                        p: {
                            "value": v.value,
                            "unit": v.unit,
                            "source": v.source,
                            "year": v.year,
                            "status": v.status,
                        }
                        for p, v in cat.entries[k][n].values.items()
                    }
                    for n in cat.names(k)
                    if name is None or n == name
                }
                for k in selected
            }
        )
        return
    for k in selected:
        table = Table(title=f"catalog: {k}", show_lines=False, title_justify="left")
        for column in ("name", "parameter", "value", "source", "year", "status"):
            table.add_column(column, overflow="fold")
        for n in cat.names(k):
            if name is not None and n != name:
                continue
            for p, v in cat.entries[k][n].values.items():
                table.add_row(n, p, v.display(), v.source, str(v.year or ""), v.status)
        console.print(table)
    console.print(
        "status: R read in a primary source · R2 secondary citing the primary · D derived · "
        "U unverified · target vendor/developer target",
        style="dim",
    )


def _design_tables(result: orbitdc.Design) -> list[Table]:
    d = result.to_dict()
    rows: dict[str, list[tuple[str, str]]] = {
        "orbit": [
            ("kind", d["orbit"]["kind"]),
            ("altitude", f"{d['orbit']['altitude_km']:.0f} km"),
            ("inclination", f"{d['orbit']['inclination_deg']:.2f} deg"),
            ("period", f"{d['orbit']['period_min']:.2f} min"),
            ("beta angle range", f"{d['orbit']['beta_min_deg']:.1f} … {d['orbit']['beta_max_deg']:.1f} deg"),
            ("sunlit fraction", f"{d['orbit']['sunlit_fraction']:.4f}"),
            ("worst eclipse", f"{d['orbit']['max_eclipse_min']:.1f} min"),
        ],
        "satellite": [
            (
                "accelerators",
                f"{d['satellite']['accelerators']} × {d['satellite']['accelerator']} "
                f"({d['satellite']['accelerator_power_w']:.0f} W)",
            ),
            ("IT power", f"{d['satellite']['it_power_kw']:.2f} kW"),
            ("heat rejected", f"{d['satellite']['heat_rejected_kw']:.2f} kW"),
            (
                "array",
                f"{d['satellite']['array_area_m2']:.1f} m², {d['satellite']['array_mass_kg']:.0f} kg "
                f"({d['satellite']['array_power_bol_kw']:.1f} kW at beginning of life)",
            ),
            (
                "battery",
                f"{d['satellite']['battery_energy_kwh']:.2f} kWh, {d['satellite']['battery_mass_kg']:.1f} kg",
            ),
            (
                "radiator",
                f"{d['satellite']['radiator_area_m2']:.1f} m², {d['satellite']['radiator_mass_kg']:.0f} kg "
                f"(net {d['satellite']['radiator_net_flux_w_per_m2']:.1f} W/m²)",
            ),
            ("compute mass", f"{d['satellite']['compute_mass_kg']:.0f} kg"),
            ("bus and structure", f"{d['satellite']['bus_mass_kg']:.0f} kg"),
            ("total mass", f"{d['satellite']['total_mass_kg']:.0f} kg"),
            ("specific power", f"{d['satellite']['specific_power_w_per_kg']:.1f} W/kg of IT"),
        ],
        "fleet": [
            ("satellites", f"{d['fleet']['satellites']}"),
            ("IT power", f"{d['fleet']['it_power_mw']:.3f} MW"),
            ("mass", f"{d['fleet']['total_mass_t']:.1f} t"),
            (
                "launch vehicle",
                f"{d['fleet']['launch_vehicle']} ({d['fleet']['payload_per_launch_kg']:,.0f} kg to "
                f"this orbit, {d['fleet']['satellites_per_launch']} satellites each)",
            ),
            ("launches", f"{d['fleet']['launches']}"),
            (
                "launch cost",
                f"${d['fleet']['launch_cost_usd'] / 1e6:,.1f} M at ${d['fleet']['launch_price_usd_per_kg']:,.0f}/kg",
            ),
        ],
    }
    tables = []
    for title, items in rows.items():
        table = Table(title=title, title_justify="left", show_header=False)
        table.add_column("quantity", style="bold")
        table.add_column("value")
        for label, value in items:
            table.add_row(label, value)
        tables.append(table)
    return tables


@app.command("design")
def design_command(file: ScenarioFile, set_: SetOption = None, as_json: JsonOption = False) -> None:
    """Static sizing from the worst case of the environment: orbit, array, battery, radiator, mass, launches."""
    result = _with_errors(lambda: orbitdc.design(_load(file, set_)))
    if as_json:
        _print_json(result.to_dict())
        return
    console.print(f"[bold]{result.scenario_name}[/]", highlight=False)
    for table in _design_tables(result):
        console.print(table)
    if result.feasibility.ok:
        console.print("[green]feasible[/]: no constraint violated")
    else:
        console.print("[bold red]not feasible:[/]")
        for problem in result.feasibility.problems:
            console.print(f"  • {problem}", highlight=False)


def main() -> None:
    """Entry point of the ``orbitdc`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        error_console.print("interrupted")
        sys.exit(130)
