"""Pictures of a trade study: a heatmap of a 2-D grid, lines for one key, parallel coordinates for more, the
Pareto front of an optimisation, and the best designs. One page per study, ``studies/NAME/study.html``, beside one
copy of plotly.js for the whole store (``studies/plotly.min.js``), so a store of many studies holds plotly once.
"""

from __future__ import annotations

import html
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

PLOTLY_FILE: Final = "plotly.min.js"
PAGE_FILE: Final = "study.html"
TEMPLATE: Final = "plotly_white"
COST: Final = "orbit_usd_per_gpu_hour"


def _number(text: Any) -> float | None:
    try:
        return float(str(text).split()[0])
    except (ValueError, IndexError):
        return None


def _unit(values: Sequence[Any]) -> str:
    for v in values:
        parts = str(v).split(maxsplit=1)
        if len(parts) == 2 and _number(parts[0]) is not None:
            return parts[1]
    return ""


def _axis(rows: list[dict[str, Any]], key: str) -> tuple[list[Any], str, bool]:
    """The key's distinct values in order (numbers sorted), its unit, and whether it is numeric."""
    values = list(dict.fromkeys(r[key] for r in rows))
    numbers = [_number(v) for v in values]
    if all(n is not None for n in numbers):
        order = sorted(range(len(values)), key=lambda i: numbers[i])  # type: ignore[arg-type, return-value]
        return [values[i] for i in order], _unit(values), True
    return values, "", False


def figures(rows: list[dict[str, Any]], keys: Sequence[str], objectives: Sequence[str] = ()) -> list[go.Figure]:
    """The study's pictures: by the number of keys, and the Pareto front when there are two objectives."""
    figs: list[go.Figure] = []
    feasible = [r for r in rows if r.get("feasible")]
    if not feasible:
        return figs
    label = "orbit $ per GPU-hour"
    pairs = {(r[keys[0]], r[keys[1]]) for r in rows} if len(keys) == 2 else set()
    full_grid = bool(pairs) and len(pairs) == len(rows) == len({p[0] for p in pairs}) * len({p[1] for p in pairs})
    if len(keys) == 2 and not full_grid:  # a sample, not a grid: each point where it fell, coloured by its cost
        (_, xu, xn), (_, yu, yn) = _axis(feasible, keys[0]), _axis(feasible, keys[1])
        fig = go.Figure(go.Scatter(
            x=[_number(r[keys[0]]) if xn else str(r[keys[0]]) for r in feasible],
            y=[_number(r[keys[1]]) if yn else str(r[keys[1]]) for r in feasible],
            mode="markers", marker={"color": [r[COST] for r in feasible], "colorscale": "Viridis_r", "size": 10,
                                    "showscale": True, "colorbar": {"title": {"text": label}}},
        ))  # fmt: skip
        fig.update_layout(title=f"feasible points over {keys[0]} × {keys[1]}, coloured by {label}",
                          xaxis_title=f"{keys[0]}" + (f" [{xu}]" if xu else ""),
                          yaxis_title=f"{keys[1]}" + (f" [{yu}]" if yu else ""), template=TEMPLATE)  # fmt: skip
        figs.append(fig)
    if len(keys) == 2 and full_grid:
        (xs, xu, _), (ys, yu, _) = _axis(rows, keys[0]), _axis(rows, keys[1])
        cost = {(r[keys[0]], r[keys[1]]): (r[COST] if r.get("feasible") else math.nan) for r in rows}
        z = [[cost.get((x, y), math.nan) for x in xs] for y in ys]
        fig = go.Figure(go.Heatmap(x=[str(x) for x in xs], y=[str(y) for y in ys], z=z, colorscale="Viridis_r",
                                   colorbar={"title": {"text": label}},
                                   hovertemplate=f"{keys[0]} %{{x}}<br>{keys[1]} %{{y}}<br>$%{{z:.3f}} per GPU-hour"
                                   "<extra></extra>"))  # fmt: skip
        fig.update_layout(title=f"{label} over {keys[0]} × {keys[1]} (blank: infeasible)",
                          xaxis_title=f"{keys[0]}" + (f" [{xu}]" if xu else ""),
                          yaxis_title=f"{keys[1]}" + (f" [{yu}]" if yu else ""), template=TEMPLATE)  # fmt: skip
        figs.append(fig)
    elif len(keys) == 1:
        xs, xu, numeric = _axis(feasible, keys[0])
        by = {r[keys[0]]: r for r in feasible}
        fig = go.Figure()
        for column, name in ((COST, "orbit"), ("ground_usd_per_gpu_hour", "ground")):
            fig.add_trace(go.Scatter(x=[_number(x) if numeric else str(x) for x in xs],
                                     y=[by[x][column] for x in xs], mode="lines+markers", name=name))  # fmt: skip
        fig.update_layout(title=f"$ per GPU-hour against {keys[0]}", yaxis_title="$ per GPU-hour",
                          xaxis_title=f"{keys[0]}" + (f" [{xu}]" if xu else ""), template=TEMPLATE)  # fmt: skip
        figs.append(fig)
    if len(keys) >= 3:
        dims = []
        for k in keys:
            values, unit, numeric = _axis(feasible, k)
            if numeric:
                dims.append({"label": k + (f" [{unit}]" if unit else ""), "values": [_number(r[k]) for r in feasible]})
            else:
                index = {v: i for i, v in enumerate(values)}
                dims.append({"label": k, "values": [index[r[k]] for r in feasible],
                             "tickvals": list(range(len(values))), "ticktext": [str(v) for v in values]})  # fmt: skip
        dims.append({"label": label, "values": [r[COST] for r in feasible]})
        fig = go.Figure(go.Parcoords(line={"color": [r[COST] for r in feasible], "colorscale": "Viridis_r",
                                           "showscale": True}, dimensions=dims))  # fmt: skip
        fig.update_layout(title="feasible designs: each line one point, coloured by orbit $ per GPU-hour",
                          template=TEMPLATE)  # fmt: skip
        figs.append(fig)
    if len(objectives) == 2:
        columns = {"usd_per_gpu_hour": COST, "ratio": "ratio_orbit_to_ground", "fleet_mass": "fleet_mass_t",
                   "launches": "launches", "satellite_mass": "satellite_mass_kg",
                   "compute_bound": "compute_bound_fraction"}  # fmt: skip
        a, b = (columns[o] for o in objectives)
        fig = go.Figure(go.Scatter(x=[r[a] for r in feasible], y=[r[b] for r in feasible], mode="markers",
                                   name="trials", marker={"color": "#999"}))  # fmt: skip
        front = [r for r in feasible if not any(o[a] <= r[a] and o[b] <= r[b] and (o[a] < r[a] or o[b] < r[b])
                                                for o in feasible)]  # fmt: skip
        front.sort(key=lambda r: r[a])
        fig.add_trace(go.Scatter(x=[r[a] for r in front], y=[r[b] for r in front], mode="lines+markers",
                                 name="Pareto front"))  # fmt: skip
        fig.update_layout(title=f"{objectives[0]} against {objectives[1]}", xaxis_title=a, yaxis_title=b,
                          template=TEMPLATE)  # fmt: skip
        figs.append(fig)
    return figs


def best_table(rows: list[dict[str, Any]], keys: Sequence[str], n: int = 10) -> str:
    best = sorted((r for r in rows if r.get("feasible")), key=lambda r: r[COST])[:n]
    head = "".join(f"<th>{html.escape(k)}</th>" for k in [*keys, "orbit $/GPU-h", "ground $/GPU-h", "ratio"])
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(str(r[k]))}</td>" for k in keys)
        + f"<td>{r[COST]:.3f}</td><td>{r['ground_usd_per_gpu_hour']:.3f}</td><td>{r['ratio_orbit_to_ground']:.3f}</td></tr>"
        for r in best
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the page is for anyone who can read the store
    os.replace(tmp, path)


def write_study_page(folder: Path, name: str, rows: list[dict[str, Any]], keys: Sequence[str],
                     objectives: Sequence[str] = ()) -> Path:  # fmt: skip
    """Write ``folder/study.html``, and the store's one plotly.js beside the study folders if it is missing."""
    shared = folder.parent / PLOTLY_FILE
    if not shared.exists():
        _atomic_write(shared, get_plotlyjs())
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(name)}</title>",
        f'<script src="../{PLOTLY_FILE}"></script>',
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>",
        f"<h1>{html.escape(name)}</h1>",
        f"<p>{len(rows):,} points, {sum(1 for r in rows if r.get('feasible')):,} feasible.</p>",
    ]
    for fig in figures(rows, keys, objectives):
        parts.append(fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False}))
    parts += ["<h2>Best designs</h2>", best_table(rows, keys), "</body></html>"]
    page = folder / PAGE_FILE
    _atomic_write(page, "\n".join(parts))
    return page


__all__ = ["PAGE_FILE", "PLOTLY_FILE", "figures", "write_study_page"]
