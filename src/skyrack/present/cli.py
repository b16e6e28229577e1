"""The ``skyrack`` command line. It calls only the public API (:mod:`skyrack`).

Every text that comes from the user, the catalog or a result (messages, names, paths, table cells) is printed
literally: rich markup is escaped (:func:`rich.markup.escape`) or turned off, so ``[uncertainty]`` or a TLE name
with brackets shows as written. Only the fixed labels here (``[bold red]error:[/]``) are styled with markup.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

import skyrack
from skyrack.errors import shorten

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 3  # anything that is not the user's input: one line, and the traceback with --debug


def _debug_requested() -> bool:
    return bool(os.environ.get("SKYRACK_DEBUG")) or _STATE.get("debug", False)


_STATE: dict[str, bool] = {}


class _GuardedGroup(TyperGroup):
    """Runs every command so that nothing reaches the user as a traceback (issue #12): input errors are one
    message and exit 2, any other failure one line and exit 3 (``--debug`` or ``SKYRACK_DEBUG=1`` re-raises it),
    and numerical warnings from inside the kernels stay quiet unless debugging."""

    def invoke(self, ctx: Any) -> Any:
        with warnings.catch_warnings():
            if not _debug_requested():
                warnings.simplefilter("ignore", RuntimeWarning)
            try:
                return super().invoke(ctx)
            except (typer.Exit, typer.Abort, KeyboardInterrupt):
                raise
            except Exception as exc:
                if hasattr(exc, "exit_code") and hasattr(exc, "show"):  # click's usage errors: click shows them
                    raise
                if isinstance(exc, skyrack.SkyrackInputError | skyrack.SkyrackInputErrors):
                    _fail(_input_message(exc))
                if _debug_requested():
                    raise
                if isinstance(exc, MemoryError):
                    _fail_unexpectedly(
                        "ran out of memory; make the job smaller (fewer satellites, a shorter period or a longer step)"
                    )
                _fail_unexpectedly(f"{type(exc).__name__}: {shorten(str(exc), 200)}")


def _fail_unexpectedly(what: str) -> NoReturn:
    error_console.print(
        f"[bold red]error:[/] skyrack failed: {escape(what)} (rerun with --debug for the traceback)",
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(EXIT_FAILURE)


app = typer.Typer(
    name="skyrack",
    cls=_GuardedGroup,
    help="skyrack: AI racks in the sky, costed against the ground. Design, simulate and cost AI data centres "
    "in orbit, side by side with a ground data centre that runs the same work. Start with "
    "`skyrack run examples/suncatcher.toml`; `skyrack COMMAND --help` tells more about each command.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # help texts are plain text: with rich markup on, "[uncertainty]" or "[default: 10]" would vanish
    rich_markup_mode=None,
    context_settings={"max_content_width": 120},
)
console = Console()
error_console = Console(stderr=True)


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected failure (also SKYRACK_DEBUG=1).")
    ] = False,
) -> None:
    """skyrack: AI racks in the sky, costed against the ground."""
    _STATE["debug"] = debug


ScenarioFile = Annotated[Path, typer.Argument(help="Scenario TOML file.", show_default=False)]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        help="Override a scenario value: dotted.key=value (repeatable), e.g. orbit.altitude='1000 km'.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")]
MaxMemoryOption = Annotated[
    str | None,
    typer.Option(
        "--max-memory",
        help="Memory budget for the job, e.g. 16GiB [default: half the machine's, or SKYRACK_MAX_MEMORY]; a job "
        "estimated over it is refused before it starts.",
        show_default=False,
    ),
]


def _memory(text: str | None) -> float | None:
    return None if text is None else skyrack.parse_memory(text)


T = TypeVar("T")


def _input_message(exc: skyrack.SkyrackInputError | skyrack.SkyrackInputErrors) -> str:
    """One line per problem (indented when there are several)."""
    if isinstance(exc, skyrack.SkyrackInputErrors):
        return "\n".join(f"  {e}" for e in exc.errors) if len(exc.errors) > 1 else str(exc.errors[0])
    return str(exc)


def _fail(message: str) -> NoReturn:
    error_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _add_row(table: Table, *cells: str) -> None:
    """Add a row of plain text (names, sources, values are shown as written, never read as markup)."""
    table.add_row(*(escape(cell) for cell in cells))


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn input errors into one clear message and exit code 2, never a traceback."""
    try:
        yield
    except (skyrack.SkyrackInputErrors, skyrack.SkyrackInputError) as exc:
        _fail(_input_message(exc))


def _load(path: Path, overrides: list[str] | None) -> skyrack.Scenario:
    return skyrack.load_scenario(path, overrides or [])


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(skyrack.json_safe(data), indent=2) + "\n")


def _with_errors(func: Callable[[], T]) -> T:
    with _user_errors():
        return func()
    raise AssertionError("unreachable")  # pragma: no cover


@app.command(short_help="Check a scenario file (exit 0 when valid, 2 otherwise).")
def validate(file: ScenarioFile, set_: SetOption = None) -> None:
    """Check a scenario file: units, ranges, catalog names. Exit 0 when valid, 2 otherwise."""
    scenario = _with_errors(lambda: _load(file, set_))
    console.print(f"[green]ok[/]: {escape(str(file))} — {escape(scenario.scenario.name)}", highlight=False)


@app.command()
def schema() -> None:
    """Print the JSON schema of scenario files."""
    _print_json(skyrack.scenario_json_schema())


@app.command(short_help="List the catalog: values, sources, verification status.")
def catalog(
    kind: Annotated[str | None, typer.Argument(help="Kind to list, e.g. accelerators; all when omitted.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Only this entry.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List catalog entries with their values, sources and how well each is verified."""
    cat = skyrack.default_catalog()
    kinds = cat.kinds()
    if kind is not None and kind not in kinds:
        _fail(str(skyrack.SkyrackInputError("KIND", kind, f"unknown catalog kind; known: {', '.join(kinds)}")))
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
        table = Table(title=escape(f"catalog: {k}"), show_lines=False, title_justify="left")
        for column in ("name", "parameter", "value", "source", "year", "status"):
            table.add_column(column, overflow="fold")
        for n in cat.names(k):
            if name is not None and n != name:
                continue
            for p, v in cat.entries[k][n].values.items():
                _add_row(table, n, p, v.display(), v.source, str(v.year or ""), v.status)
        console.print(table)
    console.print(
        "status: R read in a primary source · R2 secondary citing the primary · D derived · "
        "U unverified · target vendor/developer target",
        style="dim",
    )


def _drag_rows(orbit: dict[str, Any]) -> list[tuple[str, str]]:
    dv, life = orbit.get("drag_delta_v_m_per_s_per_year"), orbit.get("lifetime_without_propulsion_years")
    if dv is None or life is None:
        return []
    shown = "over 1,000 yr" if life > 1000 else f"{life:,.3g} yr"
    rows = [
        ("drag", f"{dv:,.3g} m/s a year to hold the altitude (ballistic coefficient "
                 f"{orbit['ballistic_coefficient_kg_per_m2']:,.3g} kg/m²)"),
        ("lifetime without propulsion", shown),
    ]  # fmt: skip
    formation = orbit.get("formation_delta_v_m_per_s_per_year") or 0.0
    if formation > 0:
        rows.append(("formation keeping", f"{formation:,.3g} m/s a year (cluster radius × 3 m/s/yr/km, Suncatcher)"))
    return rows


def _heat_rows(sat: dict[str, Any]) -> list[tuple[str, str]]:
    t, limit, binding = (
        sat.get("radiator_temperature_c"),
        sat.get("radiator_temperature_limit_c"),
        sat.get("binding_thermal_limit"),
    )
    if t is None or limit is None:
        return []
    why = {"junction": "the junction's limit sets it", "hbm": "the HBM's limit sets it"}.get(
        binding or "", f"given; the chips allow up to {limit:.1f} degC"
    )
    rows = [("radiator temperature", f"{t:.1f} degC ({why}); junction at {sat['junction_temperature_c']:.1f} degC "
                                     "at rated power")]  # fmt: skip
    heater = sat.get("heater_power_w")
    if heater is not None:
        rows.append(("survival heaters", f"{heater:,.0f} W to hold idle chips at their minimum in eclipse"))
    return rows


def _dose_rows(sat: dict[str, Any]) -> list[tuple[str, str]]:
    dose = sat.get("dose_rate_rad_per_year")
    if dose is None:
        return []
    parts = sat.get("dose_by_source_rad_per_year") or {}
    named = {"trapped_proton": "trapped protons", "trapped_electron": "electrons", "bremsstrahlung": "bremsstrahlung",
             "cosmic_rays": "cosmic rays", "solar_events": "solar events"}  # fmt: skip
    split = ", ".join(f"{named[k]} {v:,.3g}" for k, v in parts.items() if v > 0)
    years = sat.get("years_to_tid_tolerance")
    tid = f"; the total-dose tolerance in {years:,.3g} yr" if years is not None else ""
    return [("dose", f"{dose:,.4g} rad(Si)/yr" + (f" ({split})" if split else "") + tid)]


def _plane_rows(orbit: dict[str, Any]) -> list[tuple[str, str]]:
    """Extra orbit rows for a fleet of several planes (walker, tle)."""
    if orbit.get("planes", 1) <= 1:
        return []
    return [
        ("constellation", str(orbit.get("constellation", ""))),
        ("planes", f"{orbit['planes']} (sized for {orbit.get('sizing_plane', '')})"),
        ("altitude range", f"{orbit['altitude_min_km']:.0f} … {orbit['altitude_max_km']:.0f} km"),
        ("inclination range", f"{orbit['inclination_min_deg']:.2f} … {orbit['inclination_max_deg']:.2f} deg"),
    ]


def _rate(bit_per_s_in_tbit: float | None) -> str:
    if bit_per_s_in_tbit is None or bit_per_s_in_tbit != bit_per_s_in_tbit:
        return "—"
    tbit = float(bit_per_s_in_tbit)
    return f"{tbit:,.3g} Tbit/s" if tbit >= 1.0 else f"{tbit * 1e3:,.3g} Gbit/s"


def _length(m: float | None) -> str:
    if m is None or m != m:
        return "—"
    return f"{m / 1e3:,.3g} km" if m >= 1e4 else f"{m:,.0f} m"


def _quantity_tables(rows: dict[str, list[tuple[str, str]]]) -> list[Table]:
    """One two-column table (quantity, value) for each titled list of rows."""
    tables = []
    for title, items in rows.items():
        table = Table(title=title, title_justify="left", show_header=False)
        table.add_column("quantity", style="bold")
        table.add_column("value")
        for label, value in items:
            _add_row(table, label, value)
        tables.append(table)
    return tables


def _network_rows(n: dict[str, Any]) -> list[tuple[str, str]]:
    """The network the training all-reduce runs on (design's ``network``)."""
    rows = [
        ("topology", f"{n['topology']}, {n['terminals_per_satellite']} × {n['terminal']} per satellite"),
    ]
    if n["snapshots"]:
        rows += [
            (
                "links carrying data",
                f"{n['links_per_snapshot']:,.0f}"
                + (
                    " (a rigid formation)"
                    if n["snapshots"] == 1
                    else f" (mean over {n['snapshots']} snapshots of an orbit)"
                )
                + ("" if n["always_connected"] else "; the fleet is not always connected"),
            ),
            (
                "link length",
                f"{_length(n['link_length_min_m'])} … {_length(n['link_length_median_m'])} (median) … "
                f"{_length(n['link_length_max_m'])}",
            ),
            (
                "link capacity",
                f"{_rate(n['link_capacity_min_tbit_per_s'])} … {_rate(n['link_capacity_median_tbit_per_s'])} "
                f"(median); ring {_rate(n['ring_bandwidth_tbit_per_s'])}",
            ),
        ]
    rows += [
        (
            f"all-reduce ({n['allreduce']})",
            f"{_num(n['allreduce_s'], ',.3g', ' s')} per step (orbit: {_num(n['allreduce_min_s'], ',.3g')} … "
            f"{_num(n['allreduce_max_s'], ',.3g', ' s')}) against {_num(n['step_compute_s'], ',.3g', ' s')} of "
            f"compute; {_num(100 * n['compute_bound_fraction'], '.0f', ' %')} compute-bound",
        ),
    ]
    if n.get("radius_scan"):
        scan = ", ".join(
            f"{_length(r['cluster_radius_m'])} {_num(r['allreduce_s'], ',.2g', ' s')}" for r in n["radius_scan"]
        )
        rows.append(("all-reduce by cluster radius", scan))
    if n.get("note"):
        rows.append(("note", n["note"]))
    return rows


def _design_tables(result: skyrack.Design | dict[str, Any]) -> list[Table]:
    d = result if isinstance(result, dict) else result.to_dict()
    rows: dict[str, list[tuple[str, str]]] = {
        "orbit": [
            ("kind", d["orbit"]["kind"]),
            (
                "altitude" if d["orbit"].get("planes", 1) <= 1 else "altitude (fleet mean)",
                f"{d['orbit']['altitude_km']:.0f} km",
            ),
            (
                "inclination" if d["orbit"].get("planes", 1) <= 1 else "inclination (sizing plane)",
                f"{d['orbit']['inclination_deg']:.2f} deg",
            ),
            ("period", f"{d['orbit']['period_min']:.2f} min"),
            ("beta angle range", f"{d['orbit']['beta_min_deg']:.1f} … {d['orbit']['beta_max_deg']:.1f} deg"),
            ("sunlit fraction", f"{d['orbit']['sunlit_fraction']:.4f}"),
            ("worst eclipse", f"{d['orbit']['max_eclipse_min']:.1f} min"),
            *_drag_rows(d["orbit"]),
            *_plane_rows(d["orbit"]),
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
            *_heat_rows(d["satellite"]),
            ("compute mass", f"{d['satellite']['compute_mass_kg']:.0f} kg"),
            ("network terminals mass", f"{d['satellite'].get('comms_mass_kg', 0.0):.1f} kg"),
            ("bus and structure", f"{d['satellite']['bus_mass_kg']:.0f} kg"),
            (
                "propellant",
                f"{d['satellite'].get('propellant_mass_kg', 0.0):,.1f} kg for "
                f"{d['orbit'].get('mission_delta_v_m_per_s', 0.0):,.0f} m/s (altitude keeping, formation and "
                f"disposal); thrusters {d['satellite'].get('propulsion_power_w', 0.0):,.3g} W against drag",
            ),
            *_dose_rows(d["satellite"]),
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
    if d.get("network"):
        rows["network"] = _network_rows(d["network"])
    return _quantity_tables(rows)


@app.command("design", short_help="Size satellites and fleet for the worst case; launches.")
def design_command(file: ScenarioFile, set_: SetOption = None, as_json: JsonOption = False) -> None:
    """Static sizing from the worst case of the environment: orbit, array, battery, radiator, mass, launches."""
    result = _with_errors(lambda: skyrack.design(_load(file, set_)))
    if as_json:
        _print_json(result.to_dict())
        return
    console.print(f"[bold]{escape(result.scenario_name)}[/]", highlight=False)
    for table in _design_tables(result):
        console.print(table)
    if result.feasibility.ok:
        console.print("[green]feasible[/]: no constraint violated")
    else:
        console.print("[bold red]not feasible:[/]")
        for problem in result.feasibility.problems:
            console.print(f"  • {escape(problem)}", highlight=False)


def _money(value: float | None) -> str:
    if value is None or value != value:
        return "—"
    for scale, suffix in ((1e9, " B"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= scale:
            return f"${value / scale:,.2f}{suffix}"
    return f"${value:,.2f}"


def _num(value: float | None, fmt: str = ",.3g", unit: str = "") -> str:
    if value is None or value != value:
        return "—"
    return f"{value:{fmt}}{unit}"


def _compare_table(data: dict[str, Any]) -> Table:
    orbit, ground = data["orbit"], data["ground"]
    table = Table(title="orbit against ground", title_justify="left")
    table.add_column("")
    table.add_column("orbit", justify="right")
    table.add_column("ground", justify="right")
    rows = [
        ("capex (undiscounted)", _money(orbit["capex_usd"]), _money(ground["capex_usd"])),
        ("opex (undiscounted)", _money(orbit["opex_usd"]), _money(ground["opex_usd"])),
        ("present value of cost", _money(orbit["pv_cost_usd"]), _money(ground["pv_cost_usd"])),
        ("IT energy", _num(orbit["it_energy_mwh"], ",.0f", " MWh"), _num(ground["it_energy_mwh"], ",.0f", " MWh")),
        ("energy cost per kW of IT per year", "in capex", _money(ground["energy_cost_usd_per_kw_year"])),
        ("water", _num(orbit["water_m3"], ",.0f", " m³"), _num(ground["water_m3"], ",.0f", " m³")),
        ("carbon", _num(orbit["carbon_kg"] / 1e3, ",.0f", " t CO₂"), _num(ground["carbon_kg"] / 1e3, ",.0f", " t CO₂")),
        ("carbon per GPU-hour", _num(orbit["carbon_kg_per_gpu_hour"], ".3f", " kg"),
         _num(ground["carbon_kg_per_gpu_hour"], ".3f", " kg")),
        ("launches", _num(orbit["launches"], ",.1f"), "—"),
        ("lead time to full capacity", f"{_num(orbit['lead_time_years'], '.1f')} yr",
         f"{_num(ground['lead_time_years'], '.1f')} yr"),
        ("accelerator life", f"{_num(orbit['accelerator_life_years'], '.0f')} yr (satellite)",
         f"{_num(ground['accelerator_life_years'], '.0f')} yr (servers)"),
        ("available GPU-hours", _num(orbit["gpu_hours"], ",.0f"), _num(ground["gpu_hours"], ",.0f")),
        ("$ per MWh of IT energy", _money(orbit["usd_per_mwh_it"]), _money(ground["usd_per_mwh_it"])),
        ("$ per available GPU-hour", _money(orbit["usd_per_gpu_hour"]), _money(ground["usd_per_gpu_hour"])),
        ("GPU-hours the work uses (utilisation)", f"{_num(orbit['used_gpu_hours'], ',.0f')} ({_num(orbit['utilisation'], '.1%')})",
         f"{_num(ground['used_gpu_hours'], ',.0f')} ({_num(ground['utilisation'], '.1%')})"),
        ("$ per used GPU-hour", _money(orbit["usd_per_used_gpu_hour"]), _money(ground["usd_per_used_gpu_hour"])),
        ("$ per useful EFLOP", _money(orbit["usd_per_useful_eflop"]), _money(ground["usd_per_useful_eflop"])),
    ]  # fmt: skip
    for row in rows:
        _add_row(table, *row)
    return table


def _waterfall_table(data: dict[str, Any]) -> Table:
    """From the ground's $ per available GPU-hour to the orbit's, item by item (largest change first)."""
    table = Table(title="from ground to orbit, $ per available GPU-hour", title_justify="left")
    table.add_column("")
    table.add_column("change", justify="right")
    table.add_column("running total", justify="right")
    total = float(data["ground"]["usd_per_gpu_hour"])
    _add_row(table, "ground", "", _money(total))
    for step in data["waterfall"]:
        change = float(step["usd_per_gpu_hour"])
        total += change
        _add_row(
            table,
            str(step["item"]).replace("_", " "),
            f"{'+' if change >= 0 else '−'}{_money(abs(change))}",
            _money(total),
        )
    _add_row(table, "orbit", "", _money(float(data["orbit"]["usd_per_gpu_hour"])))
    return table


@app.command("compare", short_help="Cost orbit against ground for the same work, $/GPU-hour.")
def compare_command(file: ScenarioFile, set_: SetOption = None, as_json: JsonOption = False) -> None:
    """Cost the design in orbit and on the ground for the same work: capex, opex, energy, water, carbon, $/GPU-hour."""
    result = _with_errors(lambda: skyrack.compare(_load(file, set_)))
    data = result.to_dict()
    if as_json:
        _print_json(data)
        return
    console.print(f"[bold]{escape(result.scenario_name)}[/]", highlight=False)
    console.print(_compare_table(data))
    ratio = data["ratio_orbit_to_ground"]
    verdict = "orbit is cheaper" if ratio < 1 else "ground is cheaper"
    console.print(
        f"orbit/ground cost per GPU-hour: [bold]{ratio:.2f}[/] — {verdict} "
        f"(discount rate {data['finance']['discount_rate']:.1%}, horizon {data['finance']['horizon_years']:g} yr)",
        highlight=False,
    )
    console.print(_waterfall_table(data))
    console.print(
        f"availability in orbit {data['orbit']['availability']:.4f}, {data['availability_basis']}",
        style="dim",
        highlight=False,
        markup=False,
    )


@app.command("breakeven", short_help="Value of a parameter at which orbit and ground cost the same.")
def breakeven_command(
    file: ScenarioFile,
    param: Annotated[str, typer.Option("--param", help="Dotted scenario key to solve for, e.g. launch.price.")],
    lower: Annotated[float | None, typer.Option("--from", help="Lower end of the range, in the file's unit.")] = None,
    upper: Annotated[float | None, typer.Option("--to", help="Upper end of the range, in the file's unit.")] = None,
    set_: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """The value of PARAM at which orbit and ground cost the same per GPU-hour, and the curve around it."""
    result = _with_errors(lambda: skyrack.breakeven(file, param, set_ or [], lower, upper))
    if as_json:
        _print_json(result.to_dict())
        return
    unit = "" if result.unit == "1" else f" {result.unit}"
    if result.value is None:
        console.print(f"[yellow]no break-even[/]: {escape(str(result.reason))}", highlight=False)
        for other in result.closing_the_gap:
            other_unit = "" if other.unit in ("1", "") else f" {other.unit}"
            text = (
                f"{other.param} = {other.value:,.4g}{other_unit} (now {other.current_value:,.4g}{other_unit})"
                if other.value is not None
                else f"{other.param}: {other.reason}"
            )
            console.print(f"  what would close the gap: {text}", highlight=False, markup=False)
    else:
        console.print(
            f"break-even {escape(param)} = [bold]{escape(f'{result.value:,.4g}{unit}')}[/] "
            f"(now {escape(f'{result.current_value:,.4g}{unit}')})",
            highlight=False,
        )
    table = Table(title=escape(f"$/GPU-hour against {param}"), title_justify="left")
    for column in (f"{param}{unit}", "orbit", "ground", "orbit/ground"):
        table.add_column(escape(column), justify="right")
    shown = result.curve[:: max(1, len(result.curve) // 12)]
    reasons = any(point.reason for point in shown)
    if reasons:
        table.add_column("why no cost", overflow="fold")
    for point in shown:
        ratio = point.orbit_usd_per_gpu_hour / point.ground_usd_per_gpu_hour
        cells = [f"{point.value:,.4g}", _money(point.orbit_usd_per_gpu_hour), _money(point.ground_usd_per_gpu_hour),
                 _num(ratio, ".3f")]  # fmt: skip
        _add_row(table, *cells, *([point.reason] if reasons else []))
    console.print(table)


def _network_tables(data: dict[str, Any]) -> list[Table]:
    """`skyrack network`'s tables: the link, the topology and the training step, the downlink, the stations, the
    inference path."""
    isl, topo, dl = data["isl"], data["topology"], data["downlink"]
    rows: dict[str, list[tuple[str, str]]] = {
        "inter-satellite link": [
            ("terminal", isl["terminal"]),
            ("one aperture, every channel", _rate(isl["per_aperture_tbps"])),
            ("capacity at 1 km", _rate(isl["capacity_tbps_at_1km"])),
            ("longest link that carries data", _num(isl["max_range_km"], ",.4g", " km")),
        ],
        "topology": [
            ("kind", f"{topo['kind']}, {topo['satellites']:,} satellites"),
            ("links carrying data", _num(topo["links"], ",.0f")),
            ("mean degree", _num(topo["mean_degree"], ".2f")),
            (
                "diameter",
                "not connected"
                if topo["diameter_hops"] is None
                else f"{topo['diameter_hops']} hops" + ("" if topo["diameter_exact"] else " (at least)"),
            ),
        ],
    }
    if data["training"]:
        tr = data["training"]
        rows["training step"] = [
            ("compute", _num(tr["compute_s_per_step"], ",.4g", " s")),
            ("gradient all-reduce", _num(tr["allreduce_s_per_step"], ",.4g", " s")),
            ("exposed (not hidden by the backward pass)", _num(tr["exposed_communication_s_per_step"], ",.4g", " s")),
            ("compute-bound fraction", _num(tr["compute_bound_fraction"], ".1%")),
        ]
    rows["downlink"] = [
        ("terminals", f"{dl['terminal']} on {dl['gateways']['optical']:,} satellites, {dl['fallback']} on "
         f"{dl['gateways']['rf']:,}"),
        ("mean rate", _num(dl["gbps_mean"], ",.3g", " Gbit/s")),
        ("volume", _num(dl["tb_per_day"], ",.3g", " TB a day")),
        ("time with a link", _num(dl["availability"], ".1%")),
        ("an optical station clear (independent skies)", _num(dl["optical_any_clear_probability"], ".1%")),
        ("store", f"{_num(dl['store_tb_per_satellite'], ',.3g', ' TB')} a satellite, "
         + ("pooled over the links" if dl["store_pooled"] else "each satellite its own")
         + f"; peak {_num(dl['store_peak_fraction'], '.1%')} full"),
    ]  # fmt: skip
    if data["inference"]:
        inf = data["inference"]
        rows["inference"] = [
            ("traffic", f"{inf['traffic']} ({inf['bytes_per_token']:g} B a token)"),
            ("tokens made / served", f"{_num(inf['tokens_per_s_made'], ',.4g')} / "
             f"{_num(inf['tokens_per_s_served'], ',.4g')} a second ({_num(inf['served_fraction'], '.1%')})"),
            ("latency p50 / p95, orbit", f"{_num(inf['latency_ms_p50'], ',.4g')} / {_num(inf['latency_ms_p95'], ',.4g')} ms"),
            ("latency p50 / p95, ground", f"{_num(inf['ground']['latency_ms_p50'], ',.4g')} / "
             f"{_num(inf['ground']['latency_ms_p95'], ',.4g')} ms"),
            (f"within {inf['latency_slo_ms']:,.0f} ms, orbit / ground", f"{_num(inf['slo_attainment'], '.1%')} / "
             f"{_num(inf['ground']['slo_attainment'], '.1%')}"),
            ("transit, both sides", f"${_num(inf['transit_usd_per_gpu_hour'], '.3g')} a GPU-hour"),
        ]  # fmt: skip
    tables = _quantity_tables(rows)
    stations = Table(title=f"stations over {dl['period_days']:.3g} days", title_justify="left")
    for column in ("station", "kind", "CFLOS", "in view", "clear", "receiving", "Gbit/s", "TB a day"):
        stations.add_column(column, justify="left" if column in ("station", "kind") else "right")
    for s in dl["stations"]:
        _add_row(stations, s["name"], s["kind"], _num(s["cflos"], ".0%"), _num(s["in_view_fraction"], ".1%"),
                 _num(s["clear_fraction"], ".0%"), _num(s["link_fraction"], ".1%"), _num(s["gbps_mean"], ",.3g"),
                 _num(s["tb_per_day"], ",.3g"))  # fmt: skip
    tables.append(stations)
    return tables


@app.command("network", short_help="Links, topology, all-reduce, downlink and the path to the users.")
def network_command(
    file: ScenarioFile,
    set_: SetOption = None,
    as_json: JsonOption = False,
    max_memory: MaxMemoryOption = None,
) -> None:
    """The fleet's data path: the optical inter-satellite link against distance, the topology over an orbit, the
    training all-reduce on it, the downlink through the ground stations over network.downlink_period (passes,
    clouds, the on-board store) and the inference answers' way to the users, with the ground twin's for the same
    users."""
    scenario = _load(file, set_)
    result = _with_errors(lambda: skyrack.network(scenario, _memory(max_memory)))
    data = result.to_dict()
    if as_json:
        _print_json(data)
        return
    console.print(f"[bold]{escape(result.scenario)}[/]", highlight=False)
    for table in _network_tables(data):
        console.print(table)
    if data["note"]:
        console.print(f"  {escape(data['note'])}", highlight=False)


@app.command("czml", short_help="The fleet as CZML for Cesium: orbits, sunlight and shadow, links, stations.")
def czml_command(
    target: Annotated[str, typer.Argument(help="A scenario file (.toml) or the name of a saved run.")],
    hours: Annotated[float, typer.Option("--hours", help="Hours from the scenario's start (at most 48).")] = 2.0,
    step: Annotated[float, typer.Option("--step", help="Seconds between position samples (1 to 600).")] = 60.0,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file [default: stdout].")] = None,
    runs: RunsRoot = Path("runs"),
    set_: SetOption = None,
) -> None:
    """The scenario's fleet as a CZML document (czml3; pip install "skyrack[web]"): every satellite on its orbit,
    yellow in sunlight and grey in the Earth's shadow, the inter-satellite links, the ground stations. A saved run's
    own file (written beside its report) for a run name."""
    from skyrack.present.store import CZML_FILE, resolve_run

    if target.endswith(".toml") or Path(target).is_file():
        from skyrack.models import build_models
        from skyrack.present.czml import fleet_czml

        scenario = _load(Path(target), set_)
        text = _with_errors(lambda: fleet_czml(build_models(scenario), hours, step))
    else:
        folder = _with_errors(lambda: resolve_run(target, runs))
        if not (folder / CZML_FILE).is_file():
            error_console.print(
                f"error: run {escape(target)} has no {CZML_FILE} (czml3 was not installed when it was saved); run "
                "skyrack czml on its scenario file instead",
                highlight=False,
            )
            raise typer.Exit(2)
        text = (folder / CZML_FILE).read_text(encoding="utf-8")
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"CZML: {escape(str(out))}", highlight=False)


@app.command("serve", short_help='The REST API and a page in the browser (pip install "skyrack[web]").')
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    runs: Annotated[Path, typer.Option("--runs", help="Runs folder the API lists and writes.")] = Path("runs"),
    studies: Annotated[Path, typer.Option("--studies", help="Study store the API lists and queries.")] = Path(
        "studies"
    ),
    examples: Annotated[
        Path | None, typer.Option("--examples", help="Folder of example scenarios [default: the repository's].")
    ] = None,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="SKYRACK_TOKEN", help="Require 'Authorization: Bearer TOKEN' on every request."),
    ] = None,
) -> None:
    """Serve the REST API (OpenAPI at /docs) and the page at / : a scenario editor, sliders driving a live cost
    waterfall, the break-even launch price, runs with progress and the runs folder."""
    try:
        from skyrack.present.web import Settings, default_cesium, default_examples, serve
    except ImportError:
        error_console.print('error: skyrack serve needs its extra: pip install "skyrack[web]"', highlight=False)
        raise typer.Exit(2) from None
    folder = examples if examples is not None else default_examples()
    if folder is not None and not folder.is_dir():
        error_console.print(f"error: --examples = {escape(str(folder))}: no such folder", highlight=False)
        raise typer.Exit(2)
    settings = Settings(runs=runs, studies=studies, examples=folder.resolve() if folder else None, token=token,
                        cesium=default_cesium())  # fmt: skip
    if host not in ("127.0.0.1", "localhost", "::1") and token is None:
        error_console.print(f"warning: serving on {host} without --token: anyone who reaches it can run jobs",
                          highlight=False)  # fmt: skip
    console.print(f"skyrack serving on http://{host}:{port}/ (API docs: /docs)", highlight=False)
    serve(host, port, settings)


@app.command("race", short_help="Who brings N GW online first, orbit or ground: dates, costs, the manifest.")
def race_command(
    file: ScenarioFile,
    target: Annotated[
        str | None, typer.Option("--target", help="IT power to bring online, e.g. '10 GW' [default: race.target].")
    ] = None,
    by: Annotated[
        int | None, typer.Option("--by", help="Last calendar year of the race [default: race.by, or start + 25].")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the capacity-against-time chart to this HTML file.")
    ] = None,
    set_: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ramp both sides to the target of IT power: orbit through its production line and the vehicles' cadence
    (each item on a vehicle whose acceleration it survives), ground through the interconnection queue and the
    grid's rate of new data-centre power; the year each gets there, its cost per GPU-hour (the comparison's) and
    the present value of its compute by the race's end."""
    overrides = [*(set_ or [])]
    if target is not None:
        overrides.append(f"race.target={json.dumps(target)}")
    if by is not None:
        overrides.append(f"race.by={by}")
    import numpy as np

    scenario = _load(file, overrides)
    result = _with_errors(lambda: skyrack.race(scenario))
    if html is not None:
        from skyrack.present.report import write_race_page

        _with_errors(lambda: write_race_page(result, html))
    data = result.to_dict()
    if as_json:
        _print_json(data)
        return
    console.print(
        f"[bold]{escape(result.scenario_name)}[/]: {data['target_gw']:,.4g} GW of IT power by the end of {result.by_year}"
        f", a GPU-hour worth {_money(result.value_usd_per_gpu_hour)}",
        highlight=False,
    )
    table = Table(title="the race", title_justify="left")
    for column in ("", "reaches the target", "$/GPU-hour", "GPU-hours to the end", "NPV"):
        table.add_column(column, justify="right" if column else "left")
    for name, side in (("orbit", result.orbit), ("ground", result.ground)):
        when = f"{side.year_reached:.1f}" if side.year_reached == side.year_reached else "not by the end"
        _add_row(table, name, when, _money(side.usd_per_gpu_hour), f"{side.gpu_hours:,.3g}",
                 f"{side.npv_usd / 1e9:,.1f} B$")  # fmt: skip
    console.print(table)
    for name, side in (("orbit", result.orbit), ("ground", result.ground)):
        if side.reason:
            console.print(f"  {name}: {escape(side.reason)}", highlight=False)
        for note in side.notes:
            console.print(f"  {name}: {escape(note)}", highlight=False)
    if result.head_start is not None:
        first, hours, worth = result.head_start
        console.print(
            f"  {first} gets there first: {hours:,.3g} more GPU-hours while ahead, worth {worth / 1e9:,.1f} B$ today "
            f"at its margin ({_money(result.value_usd_per_gpu_hour)} less its cost)",
            highlight=False,
        )
    if "p_orbit_first" in data:
        spread = data["ground"].get("year_reached_p10_p50_p90")
        drawn = result.ground_year_samples
        shown = (
            "not within the re-filings"
            if spread is None or drawn is None
            else " / ".join(f"{y:.1f}" for y in np.percentile(drawn, [10, 50, 90]))
        )
        console.print(
            f"  ground over {data['ground']['samples']:,} queues (each site's wait and withdrawal drawn): "
            f"P10/P50/P90 {shown}; orbit first in {data['p_orbit_first']:.0%}",
            highlight=False,
        )
    manifest = Table(title="manifest to the race's end (the fleet, then its replacements)", title_justify="left")
    for column in ("vehicle", "item", "mass", "launches"):
        manifest.add_column(column, justify="left" if column in ("vehicle", "item") else "right")
    for line in result.manifest:
        _add_row(manifest, line.vehicle, line.item, f"{line.mass_kg / 1e3:,.0f} t", f"{line.launches:,.0f}")
    console.print(manifest)
    for v in data["orbit"]["vehicles"]:
        console.print(f"  {escape(v['name'])}: {escape(v['cadence'])}", highlight=False)
    years = data["capacity_gw_by_year"]
    capacity = Table(title="IT power online at each year's end (GW)", title_justify="left")
    for column in ("end of", "orbit", "ground"):
        capacity.add_column(column, justify="right")
    step = max(1, len(years["year"]) // 12)
    for k in range(0, len(years["year"]), step):
        _add_row(capacity, str(years["year"][k]), f"{years['orbit'][k]:,.3g}", f"{years['ground'][k]:,.3g}")
    console.print(capacity)
    if html is not None:
        console.print(f"chart: {escape(str(html))}", highlight=False)


@app.command("uncertainty", short_help="Monte Carlo P10/P50/P90 and Sobol sensitivity ranking.")
def uncertainty_command(
    file: Annotated[Path | None, typer.Argument(help="Scenario TOML file with an [uncertainty] section.")] = None,
    samples: Annotated[
        int | None, typer.Option("--samples", min=16, max=1_000_000, help="Monte Carlo samples.")
    ] = None,
    list_keys: Annotated[bool, typer.Option("--list", help="List the keys that can be uncertain.")] = False,
    set_: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Monte Carlo of both costs (P10/P50/P90, probability orbit is cheaper) and Sobol sensitivity ranking."""
    if list_keys:
        for key, target in skyrack.UNCERTAIN_KEYS.items():
            console.print(f"{escape(key)}  [dim]({escape(target.unit or 'number')})[/]", highlight=False)
        return
    if file is None:
        _fail("FILE: missing; give a scenario file (or --list)")
    scenario = _with_errors(lambda: _load(file, set_))
    with console.status("running the Monte Carlo…"):
        result = _with_errors(
            lambda: skyrack.uncertainty(
                scenario, samples, progress=lambda m: error_console.print(m, style="dim", markup=False)
            )
        )
    data = result.to_dict()
    if as_json:
        _print_json(data)
        return
    table = Table(title=f"{data['samples']:,} samples", title_justify="left")
    for column in ("", "P10", "P50", "P90"):
        table.add_column(column, justify="right")
    for label, key in (("orbit $/GPU-h", "orbit_usd_per_gpu_hour"), ("ground $/GPU-h", "ground_usd_per_gpu_hour"),
                       ("orbit/ground", "ratio_orbit_to_ground")):  # fmt: skip
        row = data[key]
        _add_row(table, label, *(_num(row[p], ".3f") for p in ("p10", "p50", "p90")))
    console.print(table)
    console.print(f"probability that orbit is cheaper: [bold]{data['probability_orbit_cheaper']:.1%}[/]")
    if data["sobol"]:
        ranking = Table(title="what matters most (Sobol indices of orbit/ground)", title_justify="left")
        for column in ("assumption", "first order S1", "total ST"):
            ranking.add_column(column, justify="right" if column != "assumption" else "left")
        for key, idx in sorted(data["sobol"].items(), key=lambda kv: -kv[1]["ST"]):
            _add_row(ranking, key, f"{idx['S1']:.3f} ± {idx['S1_conf']:.3f}", f"{idx['ST']:.3f} ± {idx['ST_conf']:.3f}")
        console.print(ranking)
    if data["note"]:
        console.print(data["note"], style="yellow", markup=False)


@contextmanager
def _step_progress(description: str, enabled: bool = True, unit: str = "steps") -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr (stdout stays clean for --json); yields a ``(done, total)`` callback."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    if not enabled:
        yield lambda done, total: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=error_console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _simulation_table(rows: list[tuple[str, str]]) -> Table:
    table = Table(title="simulation", title_justify="left", show_header=False)
    table.add_column("quantity", style="bold")
    table.add_column("value")
    for label, value in rows:
        _add_row(table, label, value)
    return table


@app.command("simulate", short_help="Simulate the fleet step by step: power, heat, faults, work.")
def simulate_command(
    file: ScenarioFile,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the time series as Parquet (fleet.parquet, satellites.parquet)."),
    ] = None,
    set_: SetOption = None,
    as_json: JsonOption = False,
    max_memory: MaxMemoryOption = None,
) -> None:
    """Simulate the designed fleet step by step: power, heat, radiation, faults and the AI work delivered."""
    from skyrack.present.store import check_output_dir

    if out is not None:
        _with_errors(lambda: check_output_dir(out))
    budget = _with_errors(lambda: _memory(max_memory))
    scenario = _with_errors(lambda: _load(file, set_))
    estimate = _with_errors(lambda: skyrack.simulation_estimate(scenario, budget))
    if not as_json:
        error_console.print(estimate.describe(), style="dim", highlight=False, markup=False)
    design = _with_errors(lambda: skyrack.design(scenario))
    with _step_progress("simulating (the first run compiles the loop)") as progress:
        result = _with_errors(lambda: skyrack.simulate(scenario, design, progress=progress, max_memory_bytes=budget))
    if out is not None:
        written = result.write_parquet(out)
        if not as_json:
            for path in written:
                console.print(f"wrote {path}", style="dim", highlight=False, markup=False)
    if as_json:
        _print_json(result.to_dict())
        return
    console.print(f"[bold]{escape(scenario.scenario.name)}[/]", highlight=False)
    console.print(_simulation_table(result.summary_rows()))
    if not design.feasibility.ok:
        console.print("[yellow]the static design is not feasible[/] (see `skyrack design`); simulated as designed")


RunsRoot = Annotated[Path, typer.Option("--runs", help="Folder that holds the run folders.")]


def _cost_headline_table(summary: dict[str, Any]) -> Table:
    hv = summary["headline_values"]
    table = Table(title="answer", title_justify="left", show_header=False)
    table.add_column("quantity", style="bold")
    table.add_column("value")
    breakeven = hv["breakeven_launch_price_usd_per_kg"]
    rows = [
        ("orbit", f"{_money(hv['orbit_usd_per_gpu_hour'])} per GPU-hour"),
        ("ground", f"{_money(hv['ground_usd_per_gpu_hour'])} per GPU-hour"),
        ("orbit / ground", _num(hv["ratio_orbit_to_ground"], ".3f")),
        ("launch price (scenario)", f"{_money(hv['launch_price_usd_per_kg'])}/kg"),
        ("break-even launch price",
         f"{_money(breakeven)}/kg" if breakeven is not None else summary["launch_price"]["reason"]),
        ("availability in orbit (used)", f"{_num(hv['orbit_availability'], '.4f')} — {hv['orbit_availability_basis']}"),
        ("availability, simulated period", f"{_num(hv['orbit_availability_simulated'], '.4f')} simulated, "
         f"{_num(hv['orbit_availability_modelled_over_simulated_period'], '.4f')} modelled"),
    ]  # fmt: skip
    unc = summary.get("uncertainty")
    if unc:
        rows.append(("P10 / P50 / P90 orbit/ground", " / ".join(_num(unc["ratio_orbit_to_ground"][p], ".3f")
                                                                 for p in ("p10", "p50", "p90"))))  # fmt: skip
        rows.append(("probability orbit is cheaper", f"{unc['probability_orbit_cheaper']:.1%}"))
    for label, value in rows:
        _add_row(table, label, value)
    return table


def _print_run_summary(summary: dict[str, Any], path: Path | None = None) -> None:
    console.print(f"[bold]{escape(str(summary['scenario']['name']))}[/]", highlight=False)
    console.print(_simulation_table(skyrack.simulation_summary_rows(summary["simulation"])))
    console.print(_cost_headline_table(summary))
    console.print(f"[bold]{escape(str(summary['headline']))}[/]", highlight=False)
    if path is not None:
        console.print(f"run folder: {path}  (report: {path / 'report.html'})", highlight=False, markup=False)


@app.command("run", short_help="The main job: design, simulate, cost; saved as a run folder.")
def run_command(
    file: ScenarioFile,
    runs_root: RunsRoot = Path("runs"),
    name: Annotated[
        str | None, typer.Option("--name", help="Run folder name (default <date>-<scenario name>).")
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option("--samples", min=16, max=1_000_000, help="Monte Carlo samples (default: the scenario's)."),
    ] = None,
    set_: SetOption = None,
    as_json: JsonOption = False,
    max_memory: MaxMemoryOption = None,
) -> None:
    """The main job: design → simulate → compare (→ uncertainty), saved as a run folder with report.html."""
    from skyrack.present.store import check_run_name, check_runs_root, save_run

    _with_errors(lambda: check_runs_root(runs_root))  # before any work: a run that cannot be saved is refused now
    if name is not None:
        _with_errors(lambda: check_run_name(name))
    budget = _with_errors(lambda: _memory(max_memory))
    scenario = _with_errors(lambda: _load(file, set_))
    stages = {"design": "designing", "simulate": "simulating", "compare": "costing orbit against ground",
              "race": "racing orbit against ground to the target", "uncertainty": "uncertainty analysis",
              "save": "saving", "report": "writing the report"}  # fmt: skip

    def stage(key: str) -> None:
        error_console.print(f"• {stages.get(key, key)}…", style="dim", highlight=False, markup=False)

    with _step_progress("simulating (the first run compiles the loop)") as steps:
        result = _with_errors(
            lambda: skyrack.run(
                scenario,
                stage=stage,
                steps=steps,
                samples=samples,
                scenario_file=file,
                overrides=set_ or [],
                max_memory_bytes=budget,
            )
        )
    path = _with_errors(lambda: save_run(result, runs_root, name, stage=stage))
    summary = skyrack.json_safe(result.summary())
    if as_json:
        _print_json(summary | {"run_folder": str(path)})
        return
    _print_run_summary(summary, path)


@app.command("runs", short_help="List the saved runs.")
def runs_command(
    runs_root: RunsRoot = Path("runs"),
    as_json: JsonOption = False,
    clean: Annotated[
        bool,
        typer.Option("--clean", help="Remove the folders interrupted runs left behind (untouched for an hour)."),
    ] = False,
) -> None:
    """List the complete runs saved under --runs (interrupted runs are never listed)."""
    from skyrack.present.store import clean_partial_runs, incomplete_runs, list_runs

    if clean:
        removed = _with_errors(lambda: clean_partial_runs(runs_root))
        error_console.print(
            f"removed {len(removed)} folder(s) left by interrupted runs" + (f": {', '.join(p.name for p in removed)}"
                                                                           if removed else ""),
            style="dim", highlight=False, markup=False,
        )  # fmt: skip
    found = list_runs(runs_root)
    partial = incomplete_runs(runs_root)
    if partial and not as_json:
        error_console.print(
            f"{len(partial)} incomplete run folder(s) left by interrupted runs (not listed; safe to delete "
            f"when no run is in progress): {', '.join(p.name for p in partial)}",
            style="dim",
            highlight=False,
            markup=False,
        )
    if as_json:
        _print_json([{"name": r.name, "path": str(r.path), "scenario": r.scenario, "created": r.created,
                      "headline": r.headline} for r in found])  # fmt: skip
        return
    if not found:
        console.print(f"no runs under {runs_root} (make one with `skyrack run FILE`)", highlight=False, markup=False)
        return
    table = Table(title=escape(f"runs in {runs_root}"), title_justify="left")
    for column in ("name", "created", "scenario", "headline"):
        table.add_column(column, overflow="fold")
    for r in found:
        _add_row(table, r.name, r.created, r.scenario, r.headline)
    console.print(table)


@app.command("show")
def show_command(
    run_name: Annotated[str, typer.Argument(metavar="RUN", help="Run folder path, or its name under --runs.")],
    runs_root: RunsRoot = Path("runs"),
    as_json: JsonOption = False,
) -> None:
    """Print a saved run again."""
    from skyrack.present.store import load_run, resolve_run

    path = _with_errors(lambda: resolve_run(run_name, runs_root))
    summary, _ = _with_errors(lambda: load_run(path, runs_root))
    if as_json:
        _print_json(summary)
        return
    try:
        for table in _design_tables(summary["design"]):
            console.print(table)
        _print_run_summary(summary, path)
    except (KeyError, TypeError) as exc:
        _fail(str(skyrack.SkyrackInputError("RUN", str(path), f"summary.json lacks {exc}; not a skyrack run")))


_DIFF_SKIP = ("created", "timings_s", "launch_price.prices_usd_per_kg", "launch_price.orbit_usd_per_gpu_hour",
              "skyrack_version", "scenario.file", "scenario_file")  # fmt: skip


def _change_table(title: str, changes: list[Any]) -> Table:
    table = Table(title=escape(title), title_justify="left")
    for column in ("key", "A", "B", "change"):
        table.add_column(column, overflow="fold", justify="right" if column == "change" else "left")

    def show(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:,.6g}"
        return "—" if value is None else str(value)

    for change in changes:
        rel = change.relative
        _add_row(table, change.key, show(change.before), show(change.after), "" if rel is None else f"{rel:+.1%}")
    return table


@app.command("diff", short_help="What changed between two runs: assumptions and results.")
def diff_command(
    run_a: Annotated[str, typer.Argument(metavar="RUN_A", help="First run (path or name).")],
    run_b: Annotated[str, typer.Argument(metavar="RUN_B", help="Second run (path or name).")],
    runs_root: RunsRoot = Path("runs"),
    as_json: JsonOption = False,
) -> None:
    """What changed between two runs: assumptions (scenario and catalog values) and results."""
    from skyrack.present.store import diff, load_run

    summary_a, resolved_a = _with_errors(lambda: load_run(run_a, runs_root))
    summary_b, resolved_b = _with_errors(lambda: load_run(run_b, runs_root))

    def keep(changes: list[Any]) -> list[Any]:
        return [c for c in changes if not any(c.key == s or c.key.startswith(s + ".") for s in _DIFF_SKIP)]

    assumptions = keep(diff(resolved_a, resolved_b))
    results = keep(diff(summary_a, summary_b))
    if as_json:
        _print_json({
            "assumptions": [{"key": c.key, "a": c.before, "b": c.after, "relative": c.relative} for c in assumptions],
            "results": [{"key": c.key, "a": c.before, "b": c.after, "relative": c.relative} for c in results],
        })  # fmt: skip
        return
    console.print(f"A: {summary_a.get('headline', '')}", highlight=False, markup=False)
    console.print(f"B: {summary_b.get('headline', '')}", highlight=False, markup=False)
    if not assumptions and not results:
        console.print("the two runs have the same assumptions and results")
        return
    console.print(_change_table(f"assumptions that differ ({len(assumptions)})", assumptions))
    console.print(_change_table(f"results that differ ({len(results)})", results))


StudiesRoot = Annotated[Path, typer.Option("--studies", help="Folder that holds the study folders.")]


@app.command("sweep", short_help="Trade study: design and cost a grid or sample of scenario keys.")
def sweep_command(
    file: ScenarioFile,
    grid: Annotated[
        list[str] | None,
        typer.Option(
            "--grid",
            help="A swept key (repeatable; the grid is their product): key=lo:hi:n, e.g. "
            "'launch.price=100 USD/kg:1000 USD/kg:10', or key=a,b,c, e.g. satellite.accelerator=tpu-v6e,h100-sxm.",
        ),
    ] = None,
    ranges: Annotated[
        list[str] | None,
        typer.Option("--range", help="A sampled key for --lhs/--sobol (repeatable): key=lo:hi."),
    ] = None,
    lhs: Annotated[int, typer.Option("--lhs", help="Latin hypercube samples over the --range keys.", min=0)] = 0,
    sobol: Annotated[int, typer.Option("--sobol", help="Scrambled Sobol' samples over the --range keys.", min=0)] = 0,
    name: Annotated[str | None, typer.Option("--name", help="Study name [default: from the scenario].")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the study of that name.")] = False,
    workers: Annotated[int, typer.Option("--workers", help="Local processes [default: the machine's cores].", min=1)]
    | None = None,
    engine: Annotated[
        str, typer.Option("--engine", help="Where points run: 'local' (this machine's processes) or 'ray'.")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(
            "--address", help="Ray cluster address for --engine ray [default: a local Ray on --workers CPUs]."
        ),
    ] = None,
    simulate: Annotated[
        bool,
        typer.Option(
            "--simulate",
            help="Also simulate every design (its [simulation] period): simulated availability, battery, "
            "temperatures and training progress join each row. Costs stay on the modelled availability, as in "
            "`skyrack run`.",
        ),
    ] = False,
    point_by_point: Annotated[
        bool,
        typer.Option(
            "--point-by-point",
            help="Evaluate every point on its own, without sharing one design among points that differ only in "
            "cost keys (same rows, slower; for checking).",
        ),
    ] = False,
    batch: Annotated[
        int,
        typer.Option(
            "--batch",
            help="Rows per stored Parquet batch at most (a batch is also stored every 2 s).",
            min=1,
            max=100_000,
        ),
    ] = 4096,
    studies_root: StudiesRoot = Path("studies"),
    set_: SetOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the samples.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Run design → compare (→ simulate) at every point of a grid or sample over scenario keys, into a study folder
    (Parquet in atomic batches; resumable after any interruption with --resume). Points that differ only in cost
    keys (launch price, electricity price, PUE, discount rate …) share one design and are costed as arrays."""
    import os

    from skyrack.analysis.sweep import iter_points, parse_grid, parse_range, sweep_points
    from skyrack.present import studies as st

    def prepare() -> tuple[list[dict[str, str]], Path, set[int], str]:
        scenario = _load(file, set_)  # the base scenario must be valid before any point runs
        axes = [parse_grid(g) for g in grid or []]
        sampled = [parse_range(r) for r in ranges or []]
        if not axes and not sampled:
            raise skyrack.SkyrackInputError(
                "sweep", None, "nothing to sweep: give --grid key=... or --range with --lhs"
            )
        points = sweep_points(axes, sampled, lhs, sobol, seed)
        study_name = name or f"{scenario.scenario.name}-sweep"
        spec = {
            "name": study_name,
            "scenario_file": str(file),
            "scenario_sha256": st.file_sha256(file),
            "base_overrides": list(set_ or []),
            "grid": list(grid or []),
            "ranges": list(ranges or []),
            "lhs": lhs,
            "sobol": sobol,
            "seed": seed,
            "simulate": simulate,
            "points": points,
        }
        folder = st.open_study(studies_root, study_name, spec, resume)
        st.clean_partial_batches(folder)
        return points, folder, st.done_indices(folder), study_name

    if engine not in ("local", "ray"):
        _fail(f"--engine = {engine!r}: 'local' (this machine's processes) or 'ray'")
    points, folder, done, study_name = _with_errors(prepare)
    todo = [i for i in range(len(points)) if i not in done]
    n_workers = workers or max(1, min(len(todo), os.cpu_count() or 1))
    with _step_progress(f"sweep {study_name}", enabled=not as_json, unit="points") as update:
        count = len(done)
        update(count, len(points))

        def rows() -> Iterator[dict[str, Any]]:
            for i, row in iter_points(str(file), list(set_ or []), points, todo, n_workers, engine=engine,
                                      address=address, simulate=simulate, fast=not point_by_point):  # fmt: skip
                yield {"point": i, **points[i], **row}

        def store() -> None:
            nonlocal count
            for chunk in st.batched(rows(), batch):
                st.write_batch(folder, sorted(chunk, key=lambda r: int(r["point"])))
                count += len(chunk)
                update(count, len(points))

        _with_errors(store)
    table = st.read_rows(folder)
    assert table is not None
    data = table.to_pylist()
    feasible = [r for r in data if r["feasible"]]
    best = min(feasible, key=lambda r: r["orbit_usd_per_gpu_hour"]) if feasible else None
    keys = list(points[0]) if points else []
    summary: dict[str, Any] = {
        "name": study_name,
        "points": len(data),
        "feasible": len(feasible),
        "evaluated_now": len(todo),
        "best": None if best is None else {
            "params": {k: best[k] for k in keys},
            # stored in float32: shown to the 8 significant digits it holds
            "usd_per_gpu_hour": float(f"{best['orbit_usd_per_gpu_hour']:.8g}"),
            "ground_usd_per_gpu_hour": float(f"{best['ground_usd_per_gpu_hour']:.8g}"),
            "ratio_orbit_to_ground": float(f"{best['ratio_orbit_to_ground']:.8g}"),
        },
        "store": str(folder),
    }  # fmt: skip
    from skyrack.present.study_report import write_study_page

    summary["page"] = str(write_study_page(folder, study_name, data, keys))
    if as_json:
        _print_json(summary)
        return
    console.print(
        f"[bold]{escape(study_name)}[/]: {len(data):,} points ({len(todo):,} evaluated now), "
        f"{len(feasible):,} feasible; stored in {escape(str(folder))}, pictures in {escape(summary['page'])}",
        highlight=False,
    )
    if best is not None:
        ranked = sorted(feasible, key=lambda r: r["orbit_usd_per_gpu_hour"])[:10]
        shown = Table(title="best designs (orbit $ per GPU-hour)", title_justify="left")
        for k in keys:
            shown.add_column(k, overflow="fold")
        for column in ("orbit", "ground", "ratio"):
            shown.add_column(column, justify="right")
        for r in ranked:
            _add_row(shown, *(str(r[k]) for k in keys), _money(r["orbit_usd_per_gpu_hour"]),
                     _money(r["ground_usd_per_gpu_hour"]), f"{r['ratio_orbit_to_ground']:.3f}")  # fmt: skip
        console.print(shown)
    reasons: dict[str, int] = {}
    for r in data:
        if not r["feasible"]:
            reasons[str(r["reason"])[:160]] = reasons.get(str(r["reason"])[:160], 0) + 1
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:5]:
        console.print(f"  {n:,} infeasible: {escape(reason)}", highlight=False)
    _study_warnings(data)


def _study_warnings(rows: list[dict[str, Any]]) -> None:
    """Each warning the points raised, once, with how many points raised it (on stderr)."""
    seen: dict[str, int] = {}
    for r in rows:
        for w in filter(None, str(r.get("warnings") or "").split("\n")):
            seen[w] = seen.get(w, 0) + 1
    for w, n in seen.items():
        error_console.print(f"warning ({n:,} points): {w}", style="yellow", highlight=False, markup=False)


@app.command("optimize", short_help="Optimise design choices (optuna: TPE, or NSGA-II for several objectives).")
def optimize_command(
    file: ScenarioFile,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            help="A design choice to vary (repeatable): key=lo:hi or key=a,b,c, e.g. "
            "'orbit.altitude=500 km:1500 km' or launch.vehicle=starship,new-glenn.",
        ),
    ] = None,
    objective: Annotated[
        list[str] | None,
        typer.Option(
            "--objective",
            help="What to minimise (repeatable; several give a Pareto front): "
            "usd_per_gpu_hour (default), ratio, fleet_mass, launches, satellite_mass, compute_bound (max).",
        ),
    ] = None,
    constraint: Annotated[
        list[str] | None,
        typer.Option("--constraint", help="A bound on an output (repeatable), e.g. fleet_mass_t<=100."),
    ] = None,
    trials: Annotated[
        int, typer.Option("--trials", help="Trials to run (in all, with --resume).", min=1, max=100_000)
    ] = 50,
    name: Annotated[str | None, typer.Option("--name", help="Study name [default: from the scenario].")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the study of that name.")] = False,
    studies_root: StudiesRoot = Path("studies"),
    set_: SetOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sampler.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Search the design choices for the best design under the constraints; each trial's design and cost is kept in
    the study store (skyrack query), the optuna journal beside it (resumable)."""
    from skyrack.analysis.optimize import optimize, parse_constraint, parse_objectives, parse_vary
    from skyrack.analysis.sweep import OUTPUTS
    from skyrack.present import studies as st

    def prepare() -> tuple[Any, ...]:
        scenario = _load(file, set_)
        variables = [parse_vary(v) for v in vary or []]
        if not variables:
            raise skyrack.SkyrackInputError("--vary", None, "nothing to vary: give --vary key=lo:hi (a design choice)")
        objectives = parse_objectives(objective or [])
        constraints = [parse_constraint(c, OUTPUTS) for c in constraint or []]
        study_name = name or f"{scenario.scenario.name}-optimize"
        spec = {
            "name": study_name, "kind": "optimize", "scenario_file": str(file),
            "scenario_sha256": st.file_sha256(file), "base_overrides": list(set_ or []),
            "points": {"vary": list(vary or []), "objectives": [o[0] for o in objectives],
                       "constraints": list(constraint or []), "seed": seed},
        }  # fmt: skip
        folder = st.open_study(studies_root, study_name, spec, resume)
        st.clean_partial_batches(folder)
        return variables, objectives, constraints, folder, study_name

    variables, objectives, constraints, folder, study_name = _with_errors(prepare)
    journal = folder / "optuna.journal"
    done_before = len(st.done_indices(folder))
    remaining = max(0, trials - done_before)

    with _step_progress(f"optimize {study_name}", enabled=not as_json, unit="trials") as update:
        update(done_before, trials)
        count = done_before

        recorded: list[dict[str, Any]] = []

        def record(number: int, point: dict[str, str], row: dict[str, Any]) -> None:
            nonlocal count
            st.write_batch(folder, [{"point": number, **point, **row}])
            recorded.append(row)
            count += 1
            update(count, trials)

        study = _with_errors(lambda: optimize(str(file), list(set_ or []), variables, objectives, constraints,
                                              remaining, journal, study_name, seed, record))  # fmt: skip
    import optuna

    complete = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]

    def met(t: Any) -> bool:
        return all(v <= 0 for v in t.user_attrs.get("violations", []))

    feasible = [t for t in complete if met(t)]
    summary: dict[str, Any] = {"name": study_name, "trials": len(study.trials), "feasible": len(feasible),
                               "objectives": [o[0] for o in objectives], "store": str(folder)}  # fmt: skip
    if len(objectives) == 1:
        sign = 1.0 if objectives[0][2] == "minimize" else -1.0
        best = min(feasible, key=lambda t: sign * t.value) if feasible else None
        summary["best"] = None if best is None else {"params": best.user_attrs["point"], objectives[0][0]: best.value,
                                                      "trial": best.number}  # fmt: skip
    else:
        front = [t for t in study.best_trials if met(t)]
        summary["pareto"] = [{"params": t.user_attrs["point"], **dict(zip(summary["objectives"], t.values,
                                                                          strict=True)), "trial": t.number}
                             for t in front]  # fmt: skip
    from skyrack.present.study_report import write_study_page

    stored = st.read_rows(folder)
    all_rows = stored.to_pylist() if stored is not None else []
    summary["page"] = str(write_study_page(folder, study_name, all_rows, [v.key for v in variables],
                                           summary["objectives"]))  # fmt: skip
    if as_json:
        _print_json(summary)
        return
    _study_warnings(recorded)
    console.print(
        f"[bold]{escape(study_name)}[/]: {len(study.trials):,} trials, {len(feasible):,} feasible designs; "
        f"stored in {escape(str(folder))}",
        highlight=False,
    )
    shown = summary.get("pareto") or ([summary["best"]] if summary.get("best") else [])
    if shown:
        table = Table(title="Pareto front" if "pareto" in summary else "best design", title_justify="left")
        keys = list(shown[0]["params"])
        for k in [*keys, *summary["objectives"]]:
            table.add_column(k, overflow="fold")
        for item in shown:
            _add_row(table, *(str(item["params"][k]) for k in keys),
                     *(f"{item[o]:.6g}" for o in summary["objectives"]))  # fmt: skip
        console.print(table)


@app.command("studies", short_help="List the trade studies in the store.")
def studies_command(studies_root: StudiesRoot = Path("studies"), as_json: JsonOption = False) -> None:
    """The studies under --studies: points stored of the total, feasible points, the best orbit $ per GPU-hour."""
    from skyrack.present.studies import list_studies

    found = list_studies(studies_root)
    if as_json:
        _print_json([{"name": s.name, "path": str(s.path), "points": s.points, "done": s.done, "feasible": s.feasible,
                      "best_usd_per_gpu_hour": s.best_usd_per_gpu_hour, "scenario_file": s.scenario_file}
                     for s in found])  # fmt: skip
        return
    if not found:
        console.print(f"no studies under {studies_root} (make one with `skyrack sweep FILE --grid ...`)",
                      highlight=False, markup=False)  # fmt: skip
        return
    table = Table(title=escape(f"studies in {studies_root}"), title_justify="left")
    for column in ("name", "points", "feasible", "best orbit $/GPU-h", "scenario"):
        table.add_column(column, overflow="fold")
    for s in found:
        _add_row(table, s.path.name, f"{s.done:,} of {s.points:,}", f"{s.feasible:,}", _money(s.best_usd_per_gpu_hour),
                 s.scenario_file)  # fmt: skip
    console.print(table)


@app.command("query", short_help="SQL over the study store (DuckDB): views rows, studies and one per study.")
def query_command(
    sql: Annotated[
        str, typer.Argument(help='SQL, e.g. "SELECT study, min(orbit_usd_per_gpu_hour) FROM rows GROUP BY 1".')
    ],
    studies_root: StudiesRoot = Path("studies"),
    as_json: JsonOption = False,
) -> None:
    """Query every study's rows: ``rows`` (all studies, with a ``study`` column), ``studies`` (name, points, done,
    feasible, best) and one view per study folder."""
    from skyrack.present.studies import query

    names, rows = _with_errors(lambda: query(sql, studies_root))
    if as_json:
        _print_json([dict(zip(names, r, strict=True)) for r in rows])
        return
    table = Table(show_header=True)
    for n in names:
        table.add_column(n, overflow="fold")
    for r in rows[:200]:
        _add_row(table, *("" if v is None else (f"{v:.6g}" if isinstance(v, float) else str(v)) for v in r))
    console.print(table)
    if len(rows) > 200:
        console.print(f"… {len(rows) - 200:,} more rows (use --json for all)", style="dim", markup=False)


@app.command("passes", short_help="Passes over ground stations: AOS, LOS, max elevation (UTC).")
def passes_command(
    file: ScenarioFile,
    station: Annotated[
        list[str],
        typer.Option(
            "--station",
            help="Ground station LAT,LON[,HEIGHT_M] in degrees (and metres), optionally NAME=LAT,LON; repeatable.",
            show_default=False,
        ),
    ],
    days: Annotated[float, typer.Option("--days", help="Days from the scenario start.")] = 1.0,
    mask: Annotated[
        float | None, typer.Option("--mask", help="Elevation mask in degrees [default: 10, a usual TT&C mask].")
    ] = None,
    step: Annotated[
        float | None, typer.Option("--step", help="Sampling step in seconds, 1 to 60 [default: 30].")
    ] = None,
    set_: SetOption = None,
    as_json: JsonOption = False,
    max_memory: MaxMemoryOption = None,
) -> None:
    """Passes of the scenario's satellites over ground stations: AOS, LOS, duration and maximum elevation (UTC)."""
    options: dict[str, float] = {k: v for k, v in (("mask_deg", mask), ("step_s", step)) if v is not None}
    budget = _with_errors(lambda: _memory(max_memory))
    if budget is not None:
        options["max_memory_bytes"] = budget
    result = _with_errors(lambda: skyrack.passes(_load(file, set_), station, days, **options))
    if as_json:
        _print_json(result.to_dict())
        return
    table = Table(
        title=escape(
            f"{result.scenario_name}: {len(result.passes)} passes in {result.days:g} d above {result.mask_deg:g}°"
        ),
        title_justify="left",
    )
    for column in ("satellite", "station", "AOS UTC", "LOS UTC", "duration", "max el."):
        text = column in ("satellite", "station")
        table.add_column(column, justify="left" if text else "right", no_wrap=not text, overflow="fold")
    for row in result.rows():
        # "<": already in view at the window's start, ">": still in view at its end; LOS shows its date only
        # when it differs from AOS's
        aos = row["aos_utc"][:19].replace("T", " ") + ("<" if row["aos_clipped"] else "")
        los = row["los_utc"][:19].replace("T", " ")
        los = (los if los[:10] != aos[:10] else los[11:]) + (">" if row["los_clipped"] else "")
        minutes, seconds = divmod(round(row["duration_s"]), 60)
        _add_row(
            table,
            row["satellite"],
            row["station"],
            aos,
            los,
            f"{minutes}:{seconds:02d}",
            f"{row['max_elevation_deg']:.1f}°",
        )
    console.print(table)
    console.print(f"positions: {result.propagation}", style="dim", highlight=False, markup=False)


def _show_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None, line: Any = None
) -> None:
    """Input warnings as one plain ``warning:`` line on stderr; other warnings as Python shows them."""
    if issubclass(category, skyrack.SkyrackWarning):
        error_console.print(f"[yellow]warning:[/] {escape(str(message))}", highlight=False, soft_wrap=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def main() -> None:
    """Entry point of the ``skyrack`` console script and of ``python -m skyrack`` (both say ``skyrack`` in help)."""
    warnings.showwarning = _show_warning
    args = sys.argv[1:]
    if "--debug" in args:  # accepted anywhere on the line, as users type it
        args = ["--debug", *(a for a in args if a != "--debug")]
    try:
        app(args=args, prog_name="skyrack")
    except KeyboardInterrupt:
        error_console.print("interrupted")
        sys.exit(130)
