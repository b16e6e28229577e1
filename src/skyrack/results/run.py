"""The result of ``skyrack run``: every step's result, the catalog values used, and the run's metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from skyrack._version import __version__

if TYPE_CHECKING:
    from skyrack.catalog import CatalogEntry
    from skyrack.results.breakeven import LaunchPriceCurve
    from skyrack.results.comparison import Comparison
    from skyrack.results.design import Design
    from skyrack.results.network import NetworkReport
    from skyrack.results.race import RaceResult
    from skyrack.results.simulation import SimulationResult
    from skyrack.results.uncertainty import UncertaintyResult
    from skyrack.scenario import Scenario


@dataclass
class RunResult:
    """Everything one ``skyrack run`` computed."""

    scenario: Scenario
    design: Design
    simulation: SimulationResult
    comparison: Comparison
    launch_curve: LaunchPriceCurve
    uncertainty: UncertaintyResult | None
    catalog_used: dict[tuple[str, str], CatalogEntry]
    created: str
    timings_s: dict[str, float] = field(default_factory=dict)
    scenario_file: str = ""
    overrides: list[str] = field(default_factory=list)
    availability_modelled_over_simulation: float | None = None  # the model over the simulated period (a check)
    race: RaceResult | None = None  # when the scenario gives race.target
    network: NetworkReport | None = None  # the data path (skyrack network)

    @property
    def headline(self) -> str:
        """The answer in one line."""
        c, curve = self.comparison, self.launch_curve
        text = f"orbit: ${c.orbit_usd_per_gpu_hour:,.2f}/GPU-h, ground: ${c.ground_usd_per_gpu_hour:,.2f}/GPU-h, "
        if curve.breakeven_usd_per_kg is not None:
            return text + f"break-even launch price ${curve.breakeven_usd_per_kg:,.0f}/kg"
        if curve.orbit_usd_per_gpu_hour.size and curve.orbit_usd_per_gpu_hour[0] > curve.ground_usd_per_gpu_hour:
            return text + "no break-even launch price (the ground is cheaper even with free launch)"
        return text + f"no break-even launch price (orbit is cheaper up to ${curve.prices_usd_per_kg[-1]:,.0f}/kg)"

    def resolved(self) -> dict[str, Any]:
        """The resolved scenario: every scenario value in SI (keys carry their units) and every catalog value
        the run used, with its source, year and verification status."""
        catalog: dict[str, dict[str, dict[str, Any]]] = {}
        for (kind, name), entry in sorted(self.catalog_used.items()):
            catalog.setdefault(kind, {})[name] = {
                parameter: {
                    "value": value.value,
                    "unit": value.unit,
                    "source": value.source,
                    "year": value.year,
                    "status": value.status,
                }
                for parameter, value in entry.values.items()
            }
        return {
            "scenario_file": self.scenario_file,
            "overrides": list(self.overrides),
            "scenario": self.scenario.model_dump(mode="json"),
            "catalog": catalog,
        }

    def summary(self) -> dict[str, Any]:
        """``summary.json``: the headline and every result section."""
        c = self.comparison
        comparison = c.to_dict()
        return {
            "skyrack_version": __version__,
            "created": self.created,
            "scenario": {
                "name": self.scenario.scenario.name,
                "file": self.scenario_file,
                "start": self.scenario.scenario.start.isoformat(),
                "duration_days": self.scenario.scenario.duration_s / 86400.0,
                "satellites": self.scenario.fleet.satellites,
            },
            "headline": self.headline,
            "headline_values": {
                "orbit_usd_per_gpu_hour": c.orbit_usd_per_gpu_hour,
                "ground_usd_per_gpu_hour": c.ground_usd_per_gpu_hour,
                "ratio_orbit_to_ground": c.orbit_usd_per_gpu_hour / c.ground_usd_per_gpu_hour,
                "breakeven_launch_price_usd_per_kg": self.launch_curve.breakeven_usd_per_kg,
                "launch_price_usd_per_kg": self.launch_curve.current_usd_per_kg,
                "orbit_availability": comparison["orbit"]["availability"],
                "orbit_availability_basis": comparison["availability_basis"],
                "orbit_availability_simulated": self.simulation.metrics.availability,
                "orbit_availability_modelled_over_simulated_period": self.availability_modelled_over_simulation,
            },
            "design": self.design.to_dict(),
            "simulation": self.simulation.to_dict(),
            "comparison": comparison,
            "launch_price": self.launch_curve.to_dict(),
            "uncertainty": None if self.uncertainty is None else self.uncertainty.to_dict(),
            "race": None if self.race is None else self.race.to_dict(),
            "network": None if self.network is None else self.network.to_dict(),
            "timings_s": dict(self.timings_s),
        }


__all__ = ["RunResult"]
