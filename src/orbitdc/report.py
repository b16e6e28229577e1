"""A self-contained HTML report (plotly, no CDN): pictures of a run for people who would rather look.

Each ``*_figure`` function turns one part of a run's results into a plotly figure with units on every axis;
:func:`render_report` writes them, with the headline and the table of assumptions, into one HTML file that
embeds plotly.js once and opens offline.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from orbitdc.design import Design, OrbitSurvey

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
    fig.update_yaxes(title_text="eclipse per orbit [min]", secondary_y=True, rangemode="tozero")
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


def render_report(title: str, headline: str, sections: Sequence[ReportSection], footer: str = "") -> str:
    """One self-contained HTML page: plotly.js embedded once, every figure inline."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
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
    parts.append(f"<footer>{html.escape(footer)} · generated by orbitdc on {stamp}</footer></body></html>")
    return "\n".join(parts)
