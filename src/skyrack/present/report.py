"""HTML reports (plotly, no CDN): pictures of a run for people who would rather look.

Each ``*_figure`` function turns one part of a run's results into a plotly figure with units on every axis;
:func:`render_report` writes them, with the headline and the table of assumptions, into one HTML file that
opens offline: it embeds plotly.js, or (a saved run) loads the runs folder's one shared copy.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from skyrack.results.design import Design, OrbitSurvey
from skyrack.results.network import NetworkReport
from skyrack.results.race import RaceResult

if TYPE_CHECKING:
    from skyrack.analysis.run import RunResult
    from skyrack.results.breakeven import LaunchPriceCurve
    from skyrack.results.uncertainty import UncertaintyResult

TEMPLATE = "plotly_white"


@dataclass
class ReportSection:
    """A titled group of figures and HTML fragments."""

    title: str
    figures: list[go.Figure] = field(default_factory=list)
    html_blocks: list[str] = field(default_factory=list)
    note: str = ""


def _days(t_s: np.ndarray) -> np.ndarray:
    return np.asarray(t_s, dtype=float) / 86400.0


def orbit_season_figure(survey: OrbitSurvey) -> go.Figure:
    """Beta angle and eclipse duration per orbit over the scenario period."""
    days = _days(survey.t_s)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=days, y=np.degrees(survey.beta_rad), name="beta angle [deg]"), secondary_y=False)
    fig.add_trace(
        go.Scatter(
            x=days, y=survey.eclipse_fraction * survey.period_s / 60.0, name="eclipse per orbit [min]", fill="tozeroy"
        ),
        secondary_y=True,
    )
    fig.update_xaxes(title_text="time since start [days]")
    fig.update_yaxes(title_text="beta angle [deg]", secondary_y=False)
    longest_min = float(np.max(survey.eclipse_fraction * survey.period_s / 60.0, initial=0.0))
    fig.update_yaxes(title_text="eclipse per orbit [min]", secondary_y=True, range=[0.0, max(1.0, 1.1 * longest_min)])
    fig.update_layout(title="Orbit: beta angle and eclipse season", template=TEMPLATE)
    return fig


def mass_budget_figure(result: Design) -> go.Figure:
    """One satellite's mass by subsystem."""
    sat = result.satellite
    parts = {
        "compute": sat.compute_mass_kg,
        "solar array": sat.array_mass_kg,
        "battery": sat.battery_mass_kg,
        "radiator": sat.radiator_mass_kg,
        "bus and structure": sat.bus_mass_kg,
        "propellant": sat.propellant_mass_kg,
    }
    fig = go.Figure(go.Bar(x=list(parts), y=list(parts.values()), text=[f"{v:,.0f} kg" for v in parts.values()]))
    fig.update_layout(
        title=f"Mass budget of one satellite ({sat.total_mass_kg:,.0f} kg)",
        xaxis_title="subsystem",
        yaxis_title="mass [kg]",
        template=TEMPLATE,
    )
    return fig


def series_figure(
    title: str,
    t_s: Sequence[float] | np.ndarray,
    series: Mapping[str, Sequence[float] | np.ndarray],
    y_title: str,
    secondary: Mapping[str, Sequence[float] | np.ndarray] | None = None,
    secondary_title: str = "",
) -> go.Figure:
    """Time series on a shared time axis in days, optionally with a second y axis."""
    days = _days(np.asarray(t_s))
    fig = make_subplots(specs=[[{"secondary_y": bool(secondary)}]])
    for name, values in series.items():
        fig.add_trace(go.Scattergl(x=days, y=np.asarray(values), name=name, mode="lines"), secondary_y=False)
    for name, values in (secondary or {}).items():
        fig.add_trace(go.Scattergl(x=days, y=np.asarray(values), name=name, mode="lines"), secondary_y=True)
    fig.update_xaxes(title_text="time since start [days]")
    fig.update_yaxes(title_text=y_title, secondary_y=False)
    if secondary:
        fig.update_yaxes(title_text=secondary_title, secondary_y=True)
    fig.update_layout(title=title, template=TEMPLATE)
    return fig


def bar_comparison_figure(
    title: str, categories: Sequence[str], groups: Mapping[str, Sequence[float]], y_title: str
) -> go.Figure:
    """Grouped bars, e.g. cost items for orbit against ground."""
    fig = go.Figure([go.Bar(name=name, x=list(categories), y=list(values)) for name, values in groups.items()])
    fig.update_layout(title=title, barmode="group", yaxis_title=y_title, xaxis_title="item", template=TEMPLATE)
    return fig


def assumptions_table_html(resolved: Mapping[str, Any]) -> str:
    """The catalog values a run used, with their sources, as an HTML table."""
    rows = []
    for kind, entries in resolved.get("catalog", {}).items():
        for name, params in entries.items():
            for parameter, item in params.items():
                unit = "" if item.get("unit") in ("", "1", None) else f" {item['unit']}"
                rows.append(
                    "<tr>"
                    + "".join(
                        f"<td>{html.escape(str(c))}</td>"
                        for c in (kind, name, parameter, f"{item['value']}{unit}", item.get("source", ""),
                                  item.get("year") or "", item.get("status", ""))
                    )
                    + "</tr>"
                )  # fmt: skip
    header = "".join(f"<th>{h}</th>" for h in ("kind", "name", "parameter", "value", "source", "year", "status"))
    return f'<table class="assumptions"><thead><tr>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def key_value_table_html(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="kv"><tbody>{body}</tbody></table>'


_STYLE = """
body { font-family: system-ui, -apple-system, Segoe UI, Roboto, sans-serif; margin: 2rem auto; max-width: 1200px;
       color: #1d2430; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .headline { font-size: 1.25rem; background: #eef4ff; padding: 0.8rem 1rem;
       border-left: 4px solid #3366cc; }
section { margin-top: 2.5rem; } .figure { margin: 1rem 0; } .note { color: #555; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 1rem 0; }
td, th { border: 1px solid #d6dbe3; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
table.assumptions td:nth-child(5) { max-width: 420px; }
footer { margin-top: 3rem; color: #777; font-size: 0.8rem; }
"""


def render_report(
    title: str, headline: str, sections: Sequence[ReportSection], footer: str = "", plotly_src: str | None = None
) -> str:
    """One HTML page, every figure inline: plotly.js embedded once, or (``plotly_src``) loaded from that relative
    path, the one copy a store of many reports shares (no CDN either way: it opens offline)."""
    script = (
        f'<script type="text/javascript">{get_plotlyjs()}</script>'
        if plotly_src is None
        else f'<script src="{html.escape(plotly_src)}"></script>'
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        script,
        "</head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="headline">{html.escape(headline)}</p>',
    ]
    for index, section in enumerate(sections):
        parts.append(f'<section id="section-{index}"><h2>{html.escape(section.title)}</h2>')
        if section.note:
            parts.append(f'<p class="note">{html.escape(section.note)}</p>')
        for block in section.html_blocks:
            parts.append(block)
        for figure in section.figures:
            parts.append('<div class="figure">')
            parts.append(figure.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False}))
            parts.append("</div>")
        parts.append("</section>")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(f"<footer>{html.escape(footer)} · generated by skyrack on {stamp}</footer></body></html>")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------------
# Figures of a full run


#: Most points per time-series trace in the report (a year at 60 s is 525,600 steps); the Parquet files
#: keep every step.
MAX_POINTS = 3000
_K0 = 273.15


def downsample(
    t_s: np.ndarray, values: np.ndarray, how: str = "mean", max_points: int = MAX_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """Block-aggregate a series to at most ``max_points`` (``how``: mean, min, max or last of each block)."""
    t = np.asarray(t_s, dtype=float)
    v = np.asarray(values, dtype=float)
    block = max(1, int(np.ceil(t.size / max_points)))
    if block == 1:
        return t, v
    n = t.size // block * block
    tb, vb = t[:n].reshape(-1, block), v[:n].reshape(-1, block)
    if how == "last":
        out = vb[:, -1]
    elif how == "min":
        out = vb.min(axis=1)
    elif how == "max":
        out = vb.max(axis=1)
    else:
        out = vb.mean(axis=1)
    return tb[:, 0], np.asarray(out)


def launch_price_figure(curve: LaunchPriceCurve) -> go.Figure:
    """$/GPU-hour in orbit against the launch price (logarithmic axis: from tens to tens of thousands of $/kg),
    the ground line and the break-even point; the free-launch cost is named in the legend."""
    prices = np.asarray(curve.prices_usd_per_kg, dtype=float)
    orbit = np.asarray(curve.orbit_usd_per_gpu_hour, dtype=float)
    positive = prices > 0.0
    fig = go.Figure()
    free = f" (free launch: ${orbit[~positive][0]:,.2f})" if np.any(~positive) else ""
    fig.add_trace(go.Scatter(x=prices[positive], y=orbit[positive], name=f"orbit{free}", mode="lines"))
    fig.add_trace(
        go.Scatter(
            x=[prices[positive][0], prices[-1]],
            y=[curve.ground_usd_per_gpu_hour] * 2,
            name="ground",
            mode="lines",
            line={"dash": "dash"},
        )
    )
    if curve.breakeven_usd_per_kg is not None:
        fig.add_trace(
            go.Scatter(
                x=[curve.breakeven_usd_per_kg],
                y=[curve.ground_usd_per_gpu_hour],
                name=f"break-even ${curve.breakeven_usd_per_kg:,.0f}/kg",
                mode="markers",
                marker={"size": 12, "symbol": "x"},
            )
        )
    fig.add_vline(x=curve.current_usd_per_kg, line={"dash": "dot", "color": "#888"}, annotation_text="scenario")
    title = "Cost per GPU-hour against launch price"
    if curve.breakeven_usd_per_kg is None:
        title += " (no break-even in this range)"
    fig.update_layout(
        title=title,
        xaxis_title="launch price [USD/kg] (logarithmic)",
        yaxis_title="cost [USD per GPU-hour]",
        xaxis_type="log",
        template=TEMPLATE,
    )
    return fig


def cost_breakdown_figure(comparison: dict[str, Any]) -> go.Figure:
    """Undiscounted capex and opex items, orbit against ground."""
    items: dict[str, dict[str, float]] = {"orbit": {}, "ground": {}}
    for side in items:
        for kind in ("capex", "opex"):
            for item, value in comparison[side][f"{kind}_breakdown_usd"].items():
                items[side][f"{kind}: {item.replace('_', ' ')}"] = float(value) / 1e6
    # items that are zero on both sides (costs the catalog folds into another item) only clutter the chart
    categories = sorted(c for c in set(items["orbit"]) | set(items["ground"]) if any(items[k].get(c) for k in items))
    groups = {side: [items[side].get(c, 0.0) for c in categories] for side in items}
    return bar_comparison_figure(
        "Cost breakdown, orbit against ground (undiscounted)", categories, groups, "cost [USD M]"
    )


def waterfall_figure(comparison: dict[str, Any]) -> go.Figure:
    """From the ground's $ per available GPU-hour to the orbit's, item by item (see results.comparison.waterfall)."""
    steps = comparison["waterfall"]
    labels = ["ground", *(str(s["item"]).replace("_", " ") for s in steps), "orbit"]
    values = [comparison["ground"]["usd_per_gpu_hour"], *(s["usd_per_gpu_hour"] for s in steps), 0.0]
    measures = ["absolute", *("relative" for _ in steps), "total"]
    fig = go.Figure(go.Waterfall(x=labels, y=values, measure=measures, text=[f"${v:+.3f}" for v in values[:-1]] + [""]))
    fig.update_layout(
        title="From the ground's cost per GPU-hour to the orbit's, item by item",
        xaxis_title="item",
        yaxis_title="cost [USD per available GPU-hour]",
        template=TEMPLATE,
        showlegend=False,
    )
    return fig


def uncertainty_figures(result: UncertaintyResult) -> list[go.Figure]:
    """Distributions of both costs per GPU-hour, and the Sobol ranking of what drives their ratio."""
    hist = go.Figure()
    for name, values in (("orbit", result.orbit_usd_per_gpu_hour), ("ground", result.ground_usd_per_gpu_hour)):
        finite = np.asarray(values, dtype=float)
        finite = finite[np.isfinite(finite)]
        hist.add_trace(go.Histogram(x=finite, name=name, opacity=0.6, nbinsx=60))
    hist.update_layout(
        title=f"Uncertainty: cost per GPU-hour over {result.samples:,} samples",
        barmode="overlay",
        xaxis_title="cost [USD per GPU-hour]",
        yaxis_title="samples [count]",
        template=TEMPLATE,
    )
    figures = [hist]
    if result.sobol:
        ranked = sorted(result.sobol.items(), key=lambda kv: kv[1]["ST"])
        sens = go.Figure(
            [
                go.Bar(
                    y=[k for k, _ in ranked], x=[v["S1"] for _, v in ranked], name="first order S1", orientation="h"
                ),
                go.Bar(y=[k for k, _ in ranked], x=[v["ST"] for _, v in ranked], name="total ST", orientation="h"),
            ]
        )
        sens.update_layout(
            title="Sensitivity: Sobol indices of the orbit/ground cost ratio",
            barmode="group",
            xaxis_title="Sobol index [-]",
            yaxis_title="assumption",
            template=TEMPLATE,
            height=max(350, 40 * len(ranked) + 150),
        )
        figures.append(sens)
    return figures


def _series(
    t_s: np.ndarray, fleet: Mapping[str, np.ndarray], spec: Mapping[str, tuple[str, str, float, float]]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """{label: (column, how, scale, offset)} → downsampled ``scale × column + offset`` series."""
    out: dict[str, np.ndarray] = {}
    t_out = np.asarray(t_s)
    for label, (column, how, scale, offset) in spec.items():
        t_out, values = downsample(t_s, np.asarray(fleet[column], dtype=float) * scale + offset, how)
        out[label] = values
    return t_out, out


def _sizing_rows(design: Design) -> list[tuple[str, str]]:
    """The satellite and fleet as designed, for the results table."""
    sat, fleet = design.satellite, design.fleet
    return [
        ("satellite", f"{sat.accelerators} × {sat.accelerator}, {sat.it_power_w / 1e3:,.2f} kW of IT, "
         f"{sat.total_mass_kg:,.0f} kg"),
        ("array / radiator / battery", f"{sat.array_area_m2:,.1f} m² / {sat.radiator_area_m2:,.1f} m² / "
         f"{sat.battery_energy_j / 3.6e6:,.2f} kWh"),
        ("heat path", f"radiator at {sat.radiator_temperature_k - 273.15:,.1f} °C ("
         + {"junction": "the junction binds", "hbm": "the HBM binds"}.get(sat.binding_thermal_limit,
            f"given; the chips allow {sat.radiator_temperature_limit_k - 273.15:,.1f} °C")
         + f"); survival heaters {sat.heater_power_w:,.0f} W"),
        ("dose", f"{sat.dose_rate_rad_per_year:,.4g} rad(Si)/yr at the accelerators"),
        ("fleet and launches", f"{fleet.satellites:,} satellites, {fleet.total_mass_kg / 1e3:,.1f} t, "
         f"{fleet.launches:,} launches of {fleet.launch_vehicle}"),
        ("drag and propellant", f"{design.orbit.drag_delta_v_m_per_s_per_year:,.3g} m/s a year to hold the altitude"
         + (f", {design.orbit.formation_delta_v_m_per_s_per_year:,.3g} to keep the formation"
            if design.orbit.formation_delta_v_m_per_s_per_year > 0 else "") + "; "
         f"{design.orbit.mission_delta_v_m_per_s:,.0f} m/s with disposal, {sat.propellant_mass_kg:,.1f} kg of "
         f"propellant; {design.orbit.lifetime_without_propulsion_years:,.3g} yr without propulsion"),
    ]  # fmt: skip


def _uncertainty_rows(unc: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    if not unc:
        return []
    ratio = unc["ratio_orbit_to_ground"]
    if ratio["p50"] is None:
        return []
    return [
        ("orbit / ground P10 / P50 / P90", f"{ratio['p10']:.3f} / {ratio['p50']:.3f} / {ratio['p90']:.3f}"),
        ("probability orbit is cheaper", f"{unc['probability_orbit_cheaper']:.1%}"),
    ]


def run_report_html(result: RunResult, plotly_src: str | None = None) -> str:
    """The report of one run: every figure the issue asks for, and the assumptions with their sources."""
    summary = result.summary()
    sim = result.simulation
    t, fleet = sim.t_s, sim.fleet
    sections: list[ReportSection] = []

    hv = summary["headline_values"]
    key_rows = [
        ("orbit cost", f"${hv['orbit_usd_per_gpu_hour']:,.3f} per GPU-hour"),
        ("ground cost", f"${hv['ground_usd_per_gpu_hour']:,.3f} per GPU-hour"),
        ("orbit / ground", f"{hv['ratio_orbit_to_ground']:.3f}"),
        ("launch price (scenario)", f"${hv['launch_price_usd_per_kg']:,.0f}/kg"),
        (
            "break-even launch price",
            "none: " + result.launch_curve.reason
            if hv["breakeven_launch_price_usd_per_kg"] is None
            else f"${hv['breakeven_launch_price_usd_per_kg']:,.0f}/kg",
        ),
        ("availability in orbit (used)", f"{hv['orbit_availability']:.4f} — {hv['orbit_availability_basis']}"),
        (
            "availability over the simulated period",
            f"{hv['orbit_availability_simulated']:.4f} simulated, "
            f"{hv['orbit_availability_modelled_over_simulated_period']:.4f} modelled",
        ),
        *_sizing_rows(result.design),
        *_uncertainty_rows(summary.get("uncertainty")),
        *sim.summary_rows(),
    ]
    sections.append(ReportSection("Results", html_blocks=[key_value_table_html(key_rows)]))

    sections.append(
        ReportSection(
            "Orbit and eclipse season",
            figures=[orbit_season_figure(result.design.orbit.survey)],
            note="Beta angle (Sun elevation above the orbit plane) and the eclipse of each orbit (closed form, "
            "cylindrical shadow) over the period the design surveys: the design life, at least a year.",
        )
    )
    t_p, power = _series(t, fleet, {"array output": ("array_w", "mean", 1e-3, 0.0),
                                     "compute": ("compute_w", "mean", 1e-3, 0.0),
                                     "bus": ("bus_w", "mean", 1e-3, 0.0)})  # fmt: skip
    _, soc = _series(t, fleet, {"state of charge, mean": ("soc_mean", "mean", 100.0, 0.0),
                                "state of charge, minimum": ("soc_min", "min", 100.0, 0.0)})  # fmt: skip
    sections.append(
        ReportSection(
            "Power and battery",
            figures=[
                series_figure(
                    "Fleet power and battery state of charge", t_p, power, "power [kW]", soc, "state of charge [%]"
                )
            ],
            note="Block averages (minimum for the lowest state of charge) when the run has more steps than a "
            "plot shows; every step is in timeseries/fleet.parquet.",
        )
    )
    t_th, temps = _series(t, fleet, {"chip, hottest": ("chip_max_k", "max", 1.0, -_K0),
                                     "chip, mean": ("chip_mean_k", "mean", 1.0, -_K0),
                                     "radiator, hottest": ("radiator_max_k", "max", 1.0, -_K0),
                                     "radiator, mean": ("radiator_mean_k", "mean", 1.0, -_K0)})  # fmt: skip
    sections.append(
        ReportSection(
            "Temperatures",
            figures=[series_figure("Chip and radiator temperatures", t_th, temps, "temperature [°C]")],
        )
    )
    if sim.satellites and "dose_rate_gy_per_s" in sim.satellites[0]:
        # two days at full resolution: the South Atlantic Anomaly passes are minutes long
        n2 = min(len(t), max(1, round(2 * 86400.0 / result.scenario.scenario.step_s)))
        rate = np.asarray(sim.satellites[0]["dose_rate_gy_per_s"], dtype=float)[:n2] / 0.01 * 365.25 * 86400.0
        sections.append(
            ReportSection(
                "Radiation along the orbit",
                figures=[
                    series_figure(
                        "Dose rate at the accelerators of the first recorded satellite, first two days",
                        np.asarray(t)[:n2],
                        {"dose rate": rate},
                        "dose rate [rad(Si)/yr]",
                    )
                ],
                note="The trapped protons come almost all in the South Atlantic Anomaly (AP8 flux map); the mean "
                f"is the orbit's {result.design.satellite.dose_rate_rad_per_year:,.4g} rad(Si)/yr.",
            )
        )
    cumulative_faults = np.cumsum(np.asarray(fleet["faults"], dtype=float))
    t_f, faults = downsample(t, cumulative_faults, "last")
    _, alive = downsample(t, np.asarray(fleet["accelerators_alive"], dtype=float), "min")
    sections.append(
        ReportSection(
            "Faults and failures",
            figures=[
                series_figure(
                    "Faults over time",
                    t_f,
                    {"faults, cumulative": faults},
                    "faults [count]",
                    {"accelerators alive": alive},
                    "accelerators alive [count]",
                )
            ],
            note="Single-event faults (silent data corruption, HBM uncorrectable errors, functional interrupts, "
            "host crashes) and permanent failures, summed over the fleet.",
        )
    )
    step_h = result.scenario.scenario.step_s / 3600.0
    gpu_hours = np.cumsum(np.asarray(fleet["accelerators_running"], dtype=float)) * step_h
    t_c, running = _series(t, fleet, {"running": ("accelerators_running", "mean", 1.0, 0.0),
                                      "training": ("training_running", "mean", 1.0, 0.0),
                                      "inference": ("inference_running", "mean", 1.0, 0.0)})  # fmt: skip
    _, gpu_h = downsample(t, gpu_hours, "last")
    sections.append(
        ReportSection(
            "Compute delivered",
            figures=[
                series_figure(
                    "Accelerators at work",
                    t_c,
                    running,
                    "accelerators [count]",
                    {"GPU-hours, cumulative": gpu_h},
                    "GPU-hours [h]",
                )
            ],
        )
    )
    sections.append(ReportSection("Mass budget", figures=[mass_budget_figure(result.design)]))
    sections.append(
        ReportSection(
            "Cost: orbit against ground",
            figures=[
                waterfall_figure(summary["comparison"]),
                cost_breakdown_figure(summary["comparison"]),
                launch_price_figure(result.launch_curve),
            ],
            note=result.launch_curve.reason,
        )
    )
    if result.uncertainty is not None:
        sections.append(
            ReportSection(
                "Uncertainty and sensitivity",
                figures=uncertainty_figures(result.uncertainty),
                note=result.uncertainty.note,
            )
        )
    if result.network is not None:
        sections.append(network_section(result.network))
    if result.race is not None:
        sections.append(_race_section(result.race))
    from skyrack.present.store import flatten

    resolved = result.resolved()
    scenario_rows = [
        (key, str(value))
        for key, value in flatten(resolved["scenario"]).items()
        if value is not None and value != [] and value != {}
    ]
    sections.append(
        ReportSection(
            "Scenario inputs",
            html_blocks=[key_value_table_html(scenario_rows)],
            note=f"The scenario as run, in SI units (each key names its unit), from {result.scenario_file or 'memory'}"
            + (f" with overrides {', '.join(result.overrides)}" if result.overrides else "")
            + "; the sources of these values are the comments in the scenario file.",
        )
    )
    sections.append(
        ReportSection(
            "Assumptions and sources",
            html_blocks=[assumptions_table_html(resolved)],
            note="Every catalog value this run used, with its source, year and status (R read in a primary "
            "source · R2 secondary citing the primary · D derived · U unverified · target).",
        )
    )
    return render_report(
        f"skyrack run: {result.scenario.scenario.name}",
        result.headline,
        sections,
        footer=f"scenario {result.scenario_file or '(in memory)'}",
        plotly_src=plotly_src,
    )


# --------------------------------------------------------------------------------------------------
# The network


def isl_capacity_figure(report: NetworkReport) -> go.Figure:
    """The inter-satellite pair's capacity against distance, with the links the topology flies."""
    isl = report.isl
    fig = go.Figure()
    on = isl.capacity_bit_per_s > 0
    fig.add_trace(go.Scatter(x=isl.distance_m[on] / 1e3, y=isl.capacity_bit_per_s[on] / 1e12, mode="lines",
                             name=isl.terminal, line={"shape": "hv"}))  # fmt: skip
    fig.update_layout(
        template=TEMPLATE,
        title="Inter-satellite link: capacity against distance (one way)",
        xaxis={"title": "distance [km]", "type": "log"},
        yaxis={"title": "capacity [Tbit/s]", "type": "log"},
    )
    return fig


def topology_figure(report: NetworkReport) -> go.Figure | None:
    """The satellites and the links carrying data at the first snapshot, in 3-D (formation: Hill frame, m;
    constellation: inertial, km)."""
    topo = report.topology
    if topo.positions_m is None or topo.link_i is None or topo.link_j is None:
        return None
    formation = topo.kind == "formation"
    scale = 1.0 if formation else 1e3
    r = topo.positions_m / scale
    seg = np.full((3 * len(topo.link_i), 3), np.nan)
    seg[0::3], seg[1::3] = r[topo.link_i], r[topo.link_j]
    unit = "m" if formation else "km"
    fig = go.Figure()
    fig.add_trace(go.Scatter3d(x=seg[:, 0], y=seg[:, 1], z=seg[:, 2], mode="lines", name="links",
                               line={"width": 2, "color": "#1f77b4"}))  # fmt: skip
    fig.add_trace(go.Scatter3d(x=r[:, 0], y=r[:, 1], z=r[:, 2], mode="markers", name="satellites",
                               marker={"size": 2 if len(r) > 500 else 4, "color": "#d62728"}))  # fmt: skip
    axes = ("radial", "along track", "cross track") if formation else ("x", "y", "z")
    fig.update_layout(
        template=TEMPLATE,
        title=f"Topology: {topo.kind}, {topo.satellites:,} satellites, {topo.links:,.0f} links carrying data",
        scene={f"{a}axis": {"title": f"{name} [{unit}]"} for a, name in zip("xyz", axes, strict=True)}
        | {"aspectmode": "data"},
    )
    return fig


def downlink_volume_figure(report: NetworkReport) -> go.Figure:
    """What each station can receive, day by day over the downlink's period."""
    dl = report.downlink
    fig = go.Figure()
    days = np.arange(dl.bytes_per_day_by_station.shape[1]) + 1
    for station, per_day in zip(dl.stations, dl.bytes_per_day_by_station, strict=True):
        fig.add_trace(go.Bar(x=days, y=per_day / 1e12, name=f"{station.name} ({station.kind})"))
    fig.update_layout(
        template=TEMPLATE,
        barmode="stack",
        title=f"Downlink: {dl.bytes_per_day / 1e12:,.3g} TB a day on average, a link {dl.availability:.1%} of the time",
        xaxis_title="day of the period [d]",
        yaxis_title="volume the stations can receive [TB]",
    )
    return fig


def latency_figure(report: NetworkReport) -> go.Figure | None:
    """The demand-weighted distribution of an answer's latency in orbit, with the ground twin's regions."""
    inf = report.inference
    if inf is None:
        return None
    lat, w = inf.latency_samples_s, inf.latency_weights
    keep = np.isfinite(lat) & (w > 0)
    fig = go.Figure()
    if keep.any():
        order = np.argsort(lat[keep])
        cdf = np.cumsum(w[keep][order]) / float(np.sum(w))
        fig.add_trace(go.Scatter(x=lat[keep][order] * 1e3, y=cdf, mode="lines", name="orbit", line={"shape": "hv"}))
    for region, value in zip(inf.regions, inf.ground_latency_by_region_s, strict=True):
        fig.add_vline(x=value * 1e3, line_dash="dot", line_color="#8c564b",
                      annotation_text=f"ground: {region}", annotation_textangle=-90)  # fmt: skip
    fig.add_vline(x=inf.latency_slo_s * 1e3, line_dash="dash", line_color="#444", annotation_text="objective")
    fig.update_layout(
        template=TEMPLATE,
        title=f"Latency of an answer: {inf.slo_attainment:.1%} within {inf.latency_slo_s:g} s in orbit, "
        f"{inf.ground_slo_attainment:.1%} from the ground",
        xaxis={"title": "round trip, waiting for a station included [ms]", "type": "log"},
        yaxis={"title": "share of the demand [-]", "range": [0, 1]},
    )
    return fig


def network_section(report: NetworkReport) -> ReportSection:
    """The network's pictures and figures as one section."""
    figures = [isl_capacity_figure(report), topology_figure(report), downlink_volume_figure(report),
               latency_figure(report)]  # fmt: skip
    data = report.to_dict()
    rows = [
        ("inter-satellite terminal", f"{data['isl']['terminal']}: {data['isl']['per_aperture_tbps']} Tbit/s an "
         f"aperture, {data['isl']['capacity_tbps_at_1km']} at 1 km"),
        ("topology", f"{data['topology']['kind']}, {data['topology']['links']:,.0f} links, diameter "
         f"{data['topology']['diameter_hops']} hops"),
        ("downlink", f"{data['downlink']['gbps_mean']:.3g} Gbit/s mean, {data['downlink']['tb_per_day']:.3g} TB a day"),
    ]  # fmt: skip
    if report.training is not None:
        tr = report.training
        rows.append(("training step", f"{tr.compute_s_per_step:.4g} s of compute, {tr.allreduce_s_per_step:.4g} s "
                     f"all-reduce, {tr.compute_bound_fraction:.1%} compute-bound"))  # fmt: skip
    if report.inference is not None:
        inf = report.inference
        rows.append(
            (
                "inference",
                f"{inf.served_fraction:.1%} of the answers sent; p50/p95 latency "
                f"{inf.latency_p50_s * 1e3:,.4g}/{inf.latency_p95_s * 1e3:,.4g} ms in orbit, "
                f"{inf.ground_latency_p50_s * 1e3:,.4g}/{inf.ground_latency_p95_s * 1e3:,.4g} ms from the ground",
            )
        )
    return ReportSection(
        "Network and data path",
        [f for f in figures if f is not None],
        [key_value_table_html(rows)],
        note="The optical inter-satellite link against distance, the links the fleet flies, what the ground "
        "stations can receive day by day (passes, and clouds at the optical stations), and the latency of an answer "
        "(a request waits for the next clear station in contact) against the ground twin's fibre to the same users.",
    )


# --------------------------------------------------------------------------------------------------
# The race


def race_figure(result: RaceResult) -> go.Figure:
    """IT power online against time for both sides, the target, and the spread of the ground's arrival."""
    assert result.path_years is not None and result.orbit_path_w is not None and result.ground_path_w is not None
    x = result.path_years
    fig = go.Figure()
    if result.ground_band_w is not None:
        lo, hi = result.ground_band_w / 1e9
        fig.add_trace(go.Scatter(x=x, y=hi, mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=x, y=lo, mode="lines", line={"width": 0}, fill="tonexty",
                                 fillcolor="rgba(140, 86, 75, 0.2)", name="ground, 10th-90th percentile"))  # fmt: skip
    ground_name = "ground (median queue)" if result.ground_band_w is not None else "ground"
    for name, path, colour in (
        ("orbit", result.orbit_path_w, "#1f77b4"),
        (ground_name, result.ground_path_w, "#8c564b"),
    ):
        fig.add_trace(go.Scatter(x=x, y=path / 1e9, name=name, mode="lines", line={"color": colour, "width": 3}))
    fig.add_hline(y=result.target_w / 1e9, line_dash="dash", annotation_text="target", line_color="#444")
    fig.update_layout(
        template=TEMPLATE,
        title=f"{result.scenario_name}: {result.target_w / 1e9:,.4g} GW of IT power, orbit against ground",
        xaxis_title="year",
        yaxis_title="IT power online [GW]",
        legend={"orientation": "h"},
    )
    return fig


def _race_section(result: RaceResult) -> ReportSection:
    """The race's chart, its dates and costs, and the manifest, as one section."""
    data = result.to_dict()
    rows = [
        ("orbit reaches the target", str(data["orbit"]["year_reached"] or data["orbit"]["reason"])),
        ("ground reaches the target", str(data["ground"]["year_reached"] or data["ground"]["reason"])),
        ("orbit $/GPU-hour", f"{result.orbit.usd_per_gpu_hour:,.3f}"),
        ("ground $/GPU-hour", f"{result.ground.usd_per_gpu_hour:,.3f}"),
        ("launches", f"{result.launches:,.0f}"),
    ]
    if result.head_start is not None:
        side, hours, worth = result.head_start
        rows.append((f"{side}'s head start", f"{hours:,.3g} GPU-hours, worth {worth / 1e9:,.1f} B$ today"))
    rows += [(f"manifest: {m.vehicle}, {m.item}", f"{m.mass_kg / 1e3:,.0f} t on {m.launches:,.0f} launches")
             for m in result.manifest]  # fmt: skip
    return ReportSection(
        f"The gigawatt race: {result.target_w / 1e9:,.4g} GW by {result.by_year}",
        [race_figure(result)],
        [key_value_table_html(rows)],
        note="IT power online against time: orbit through its production line and the vehicles' cadence, ground "
        "through the interconnection queue (its median and 10th-90th percentile band) or on-site turbines.",
    )


def write_race_page(result: RaceResult, path: Path) -> Path:
    """The race chart and its manifest as one self-contained HTML page at ``path``."""
    data = result.to_dict()
    sections = [_race_section(result)]

    def when(side: dict[str, Any]) -> str:
        return f"in {side['year_reached']:.1f}" if side["year_reached"] is not None else "not by the end"

    headline = (f"{result.target_w / 1e9:,.4g} GW of IT power: orbit {when(data['orbit'])}, ground "
                f"{when(data['ground'])}")  # fmt: skip
    text = render_report(f"skyrack race: {result.scenario_name}", headline, sections)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
