"""What the pass predictor returns: stations, passes (AOS, LOS, maximum elevation) and ``to_dict()``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Station:
    """A ground station: WGS-84 geodetic latitude and longitude [deg], height [m]."""

    name: str
    latitude_deg: float
    longitude_deg: float
    height_m: float = 0.0


@dataclass(frozen=True)
class Pass:
    """One pass of a satellite over a station (times UTC)."""

    satellite: str
    station: str
    aos_utc: datetime
    los_utc: datetime
    duration_s: float
    max_elevation_deg: float
    max_elevation_utc: datetime
    aos_clipped: bool  # already above the mask at the window's start: AOS is the window's start
    los_clipped: bool  # still above the mask at the window's end: LOS is the window's end


@dataclass(frozen=True)
class Passes:
    """Passes of a scenario's satellites over ground stations; ``to_dict()`` is ``skyrack passes --json``."""

    scenario_name: str
    start_utc: datetime
    days: float
    mask_deg: float
    step_s: float
    propagation: str
    stations: list[Station]
    satellites: list[str]
    passes: list[Pass] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        """One dict per pass, times as ISO 8601 UTC strings."""
        out = []
        for p in self.passes:
            row = asdict(p)
            for key in ("aos_utc", "los_utc", "max_elevation_utc"):
                row[key] = _iso(row[key])
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_name,
            "start_utc": _iso(self.start_utc),
            "days": self.days,
            "mask_deg": self.mask_deg,
            "step_s": self.step_s,
            "propagation": self.propagation,
            "stations": [asdict(s) for s in self.stations],
            "satellites": len(self.satellites),
            "count": len(self.passes),
            "passes": self.rows(),
        }


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


__all__ = ["Pass", "Passes", "Station"]
