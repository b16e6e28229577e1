"""CZML of a fleet for Cesium and other viewers (``czml3``, the ``[web]`` extra): the satellites on their orbits,
sunlit or in the Earth's shadow, the inter-satellite links the network flies, and the ground stations.

Positions come from the circular J2 orbits every command flies (:func:`skyrack.astro.orbits.propagate_circular_j2`),
in the inertial frame (CZML's ``INERTIAL``: ICRF; skyrack's ECI is GCRS, the same to well under a metre at
these scales), sampled every ``step_s`` over ``hours`` from the scenario's start and interpolated by the viewer
(Lagrange, degree 5). Each pass of a satellite above a station's elevation mask is a line between them while it
lasts (:func:`skyrack.astro.ground.look_angles` at the samples). The shadow is :func:`skyrack.astro.shadow.sun_visible_fraction` (conical, with penumbra):
a satellite is drawn in yellow while it sees more than half the Sun, grey otherwise.
"""

from __future__ import annotations

import itertools
import math
from datetime import timedelta
from typing import Any, Final

import numpy as np

from skyrack.astro.ground import look_angles
from skyrack.astro.orbits import propagate_circular_j2
from skyrack.astro.shadow import sun_visible_fraction
from skyrack.astro.sun import sun_position_eci_m
from skyrack.astro.time import julian_date_utc
from skyrack.errors import SkyrackInputError
from skyrack.models import Models

# The most satellites drawn (a file of ~10 MB at 2 h and 60 s); larger fleets draw their first ones, and say so.
MAX_SATELLITES: Final = 500
MAX_LINKS: Final = 2000
MAX_PASSES: Final = 5000
PASS: Final = [255, 255, 255, 150]
MAX_HOURS: Final = 48.0
# The most satellite-samples in one document: each is four numbers of text (~80 MB at the limit), and the look
# angles to the stations hold three floats per sample and station.
MAX_SAMPLES: Final = 2_000_000
SUNLIT: Final = [255, 210, 60, 255]
SHADOW: Final = [120, 120, 140, 255]


def fleet_czml(models: Models, hours: float = 2.0, step_s: float = 60.0) -> str:
    """The CZML document (JSON text) of the scenario's fleet over ``hours`` from its start."""
    try:
        from czml3 import Document, Packet
        from czml3.properties import (
            Clock,
            Color,
            Label,
            Path,
            Point,
            Polyline,
            PolylineMaterial,
            Position,
            PositionList,
            SolidColorMaterial,
        )
        from czml3.types import IntervalValue, TimeInterval, TimeIntervalCollection
    except ImportError:
        raise SkyrackInputError("czml", None, 'needs czml3: pip install "skyrack[web]"') from None
    if not 0.0 < hours <= MAX_HOURS:
        raise SkyrackInputError("--hours", hours, f"more than 0 and at most {MAX_HOURS:g} hours")
    if not 1.0 <= step_s <= 600.0:
        raise SkyrackInputError("--step", step_s, "from 1 s to 600 s")
    orbits = models.orbits
    shown = min(orbits.count, MAX_SATELLITES)
    t = np.arange(0.0, hours * 3600.0 + step_s / 2, step_s)
    if shown * t.size > MAX_SAMPLES:
        raise SkyrackInputError(
            "--step", step_s, f"{shown:,} satellites × {t.size:,} samples is over {MAX_SAMPLES:,} positions; use a "
            f"longer --step (at least {math.ceil(shown * hours * 3600.0 / MAX_SAMPLES):,} s here) or fewer --hours"
        )  # fmt: skip
    start, end = models.start, models.start + timedelta(seconds=float(t[-1]))
    sl = slice(0, shown)
    r, _ = propagate_circular_j2(orbits.semi_major_axis_m[sl], orbits.inclination_rad[sl], orbits.raan0_rad[sl],
                                 orbits.arg_latitude0_rad[sl], t)  # fmt: skip
    sun = sun_position_eci_m(julian_date_utc(start, t))  # (T, 3)
    lit = sun_visible_fraction(r, sun[None, :, :]) > 0.5  # (K, T)
    note = "" if shown == orbits.count else f" (the first {shown:,} of {orbits.count:,} satellites)"
    packets = [
        Packet(
            id="document",
            name=models.scenario_name + note,
            version="1.0",
            clock=Clock(interval=TimeInterval(start=start, end=end), currentTime=start, multiplier=60),
        )
    ]
    # the Interpolatable fields (czml3 adds them to Position through a mixin its types do not show)
    sampled: dict[str, Any] = {"referenceFrame": "INERTIAL", "epoch": start, "interpolationAlgorithm": "LAGRANGE",
                               "interpolationDegree": 5}  # fmt: skip
    for k in range(shown):
        samples = np.column_stack([t, r[k]]).ravel().tolist()
        changes = np.flatnonzero(np.diff(lit[k].astype(int))) + 1
        bounds = [0, *changes.tolist(), len(t)]
        colours = TimeIntervalCollection(
            values=[
                IntervalValue(
                    start=start + timedelta(seconds=float(t[a])),
                    end=start + timedelta(seconds=float(t[min(b, len(t) - 1)])),
                    value=Color(rgba=SUNLIT if lit[k, a] else SHADOW),
                )
                for a, b in itertools.pairwise(bounds)
            ]
        )
        first_of_plane = k == 0 or orbits.group[k] != orbits.group[k - 1]
        packets.append(
            Packet(
                id=f"sat-{k}",
                name=orbits.names[k],
                availability=TimeInterval(start=start, end=end),
                position=Position(**sampled, cartesian=samples),
                point=Point(pixelSize=5, color=colours),
                path=Path(
                    show=True,
                    width=1,
                    leadTime=0,
                    trailTime=3000,
                    material=PolylineMaterial(solidColor=SolidColorMaterial(color=Color(rgba=[80, 160, 255, 160]))),
                )
                if first_of_plane
                else None,
            )
        )
    net = models.network
    if net.snapshots:
        s = net.snapshots[0]
        live = np.flatnonzero(s.capacity_bit_per_s > 0)
        live = live[(s.i[live] < shown) & (s.j[live] < shown)][:MAX_LINKS]
        for n in live:
            packets.append(
                Packet(
                    id=f"isl-{s.i[n]}-{s.j[n]}",
                    name=f"link {orbits.names[s.i[n]]} – {orbits.names[s.j[n]]}",
                    polyline=Polyline(
                        positions=PositionList(references=[f"sat-{s.i[n]}#position", f"sat-{s.j[n]}#position"]),
                        width=1,
                        material=PolylineMaterial(solidColor=SolidColorMaterial(color=Color(rgba=[0, 200, 120, 180]))),
                    ),
                )
            )
    stations = models.ground_segment.stations
    if stations:  # each pass above a station's mask: a line from the station to the satellite while it lasts
        jd = julian_date_utc(start, t)
        elevation = look_angles(
            r,
            [st.latitude_rad for st in stations],
            [st.longitude_rad for st in stations],
            [st.height_m for st in stations],
            jd,
        ).elevation_rad  # (K, M, T)
        count = 0
        for m, st in enumerate(stations):
            up = elevation[:, m, :] >= st.mask_rad
            for sat in (int(x) for x in np.flatnonzero(up.any(axis=1))):
                edges = np.flatnonzero(np.diff(np.r_[0, up[sat].astype(int), 0]))
                for number, (a, b) in enumerate(zip(edges[::2], edges[1::2], strict=True)):
                    if count >= MAX_PASSES:
                        break
                    count += 1
                    seen = TimeInterval(
                        start=start + timedelta(seconds=float(t[a])), end=start + timedelta(seconds=float(t[b - 1]))
                    )
                    line = PolylineMaterial(solidColor=SolidColorMaterial(color=Color(rgba=PASS)))
                    packets.append(
                        Packet(
                            id=f"pass-{st.name}-{sat}-{number}",
                            name=f"{st.name} sees {orbits.names[sat]}",
                            availability=seen,
                            polyline=Polyline(
                                positions=PositionList(
                                    references=[f"station-{st.name}#position", f"sat-{sat}#position"]
                                ),
                                width=1,
                                material=line,
                            ),
                        )
                    )
    for st in stations:
        packets.append(
            Packet(
                id=f"station-{st.name}",
                name=st.name,
                position=Position(
                    cartographicDegrees=[math.degrees(st.longitude_rad), math.degrees(st.latitude_rad), st.height_m]
                ),
                point=Point(
                    pixelSize=8, color=Color(rgba=[220, 60, 60, 255] if st.kind == "optical" else [230, 230, 230, 255])
                ),
                label=Label(text=f"{st.name} ({st.kind})", show=True, font="11px sans-serif"),
            )
        )
    return str(Document(packets=packets).dumps())


__all__ = ["MAX_SATELLITES", "fleet_czml"]
