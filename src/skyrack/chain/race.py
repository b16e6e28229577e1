"""``skyrack race``: who brings a target of IT power online first, orbit or ground, and what the time is worth.

One design and one comparison (the same costs as every other command), then two ramps on a yearly grid:

- orbit: the production line (:func:`~skyrack.economics.ramp.satellites_produced`) starts once the ledger's
  production lead time has passed, and the satellites fly as the vehicles' cadence allows, each item on a
  vehicle whose acceleration it survives (:func:`~skyrack.economics.ramp.orbit_ramp`);
- ground: the sites wait in the interconnection queue (or their build, if longer), then connect at the rate the
  grid adds new data-centre power (:func:`~skyrack.economics.ramp.ground_ramp`); with ``race.samples``, a Monte
  Carlo of each site's wait and withdrawal gives the spread of the ground's arrival.

The target is IT power (accelerators and their hosts) on both sides. Each side's accelerator-hours until the race's
end are worth the value of a GPU-hour less that side's cost per GPU-hour, discounted at the scenario's rate.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from skyrack.arrays import first_float
from skyrack.chain.compare import compare
from skyrack.chain.design import feasible_design
from skyrack.economics.ramp import (
    Item,
    Vehicle,
    capacity_of_queues,
    ground_live_years,
    ground_ramp,
    ground_year_reached,
    npv_of_service,
    orbit_capacity,
    orbit_ramp,
    orbit_year_reached,
    satellites_produced,
)
from skyrack.errors import SkyrackInputError
from skyrack.models import Models, build_models
from skyrack.models.race import ITEM_LOADS
from skyrack.results.design import Design
from skyrack.results.race import ManifestLine, RaceResult, RaceSide
from skyrack.scenario import Scenario

# The most sites the queue's Monte Carlo draws (a 2 TW target in 100 MW sites).
MAX_SITES: Final = 20_000
# The most requests one queue files (the sites over the share that connect): each is drawn once per filing round.
MAX_FILED: Final = 2_000_000
# The most sample × (site + month) values the queues' paths hold at once (80 MB of float64 each).
MAX_QUEUE_CELLS: Final = 10_000_000


def race(scenario: Scenario | Models, result: Design | None = None) -> RaceResult:
    """Race orbit against ground to ``race.target`` of IT power by the end of ``race.by``."""
    models = build_models(scenario)
    result = feasible_design(models, result, "it cannot race")
    comparison = compare(models, result)
    inputs = comparison.inputs
    r = models.race
    if r.target_w is None:
        raise SkyrackInputError("race.target", None, "give the IT power to bring online, e.g. --target '10 GW'")
    target = r.target_w
    sat = result.satellite
    per_satellite_w = sat.it_power_w
    w_per_accelerator = sat.it_power_w / sat.accelerators
    needed = math.ceil(target / per_satellite_w - 1e-9)
    # the grid: calendar-year boundaries, as years from the start (the first step starts at the start)
    edges = np.concatenate([[0.0], r.years[1:] - r.start_year, [r.years[-1] + 1.0 - r.start_year]])
    made = np.diff(satellites_produced(edges, r.production_rate_per_year, r.production_growth, r.production_lead_years))
    masses = {
        "compute": sat.compute_mass_kg,
        "solar array": sat.array_mass_kg,
        "battery": sat.battery_mass_kg,
        "bus": sat.bus_mass_kg,
        "radiator": sat.radiator_mass_kg,
        "propellant": sat.propellant_mass_kg,
    }
    items = [Item(k, m, r.load_tolerance_m_per_s2[ITEM_LOADS[k]]) for k, m in masses.items() if m > 0.0]
    vehicles = [
        Vehicle(v.name, v.payload_kg, v.price_usd_per_kg, v.max_acceleration_m_per_s2, v.launches_per_year)
        for v in r.vehicles
    ]
    # satellites fail at the ledger's rate and retire at their design life: replacements share the line and launches
    failure_rate = first_float(comparison.inputs.orbit.annual_failure_rate)
    life_years = models.satellite.design_life_years
    ramp = orbit_ramp(made, items, vehicles, r.launch_share, r.assembly_per_year, float(needed), edges, failure_rate,
                      life_years)  # fmt: skip
    orbit_w = orbit_capacity(edges, edges, ramp, per_satellite_w)
    gas = r.power == "onsite-gas"
    ground_args = (
        (target, r.turbine_lead_years, r.build_years, r.turbine_it_w_per_year)
        if gas
        else (target, r.interconnection_wait_years, r.build_years, r.new_power_w_per_year)
    )
    ground_w = ground_ramp(edges, *ground_args)
    last = int(r.years[-1])
    # a month's grid for the present values (both paths are piecewise linear, with kinks inside the years)
    fine = np.linspace(0.0, edges[-1], 12 * (edges.size - 1) + 1)
    paths = {"orbit": orbit_capacity(fine, edges, ramp, per_satellite_w), "ground": ground_ramp(fine, *ground_args)}
    ground_at = ground_year_reached(*ground_args)
    band = samples = None
    if r.samples > 0 and not gas:
        sites = math.ceil(target / r.site_power_w - 1e-9)
        if sites > MAX_SITES:
            raise SkyrackInputError(
                "race.ground.site_power", f"{r.site_power_w / 1e6:g} MW", f"{target / 1e9:g} GW in sites this size "
                f"is {sites:,} sites; at most {MAX_SITES:,} are drawn: give larger sites or race.samples = 0",
            )  # fmt: skip
        filed = math.ceil(sites / r.completion_fraction)
        if filed > MAX_FILED:
            raise SkyrackInputError(
                "race.ground.completion_fraction", r.completion_fraction, f"{sites:,} sites at this share means "
                f"{filed:,} requests; at most {MAX_FILED:,} are drawn: a larger share, larger sites or race.samples = 0",
            )  # fmt: skip
        cells = r.samples * (sites + fine.size)
        if cells > MAX_QUEUE_CELLS:
            raise SkyrackInputError(
                "race.samples", r.samples, f"at most {MAX_QUEUE_CELLS // (sites + fine.size):,} queues for "
                f"{sites:,} sites over {fine.size:,} months (memory); fewer samples, larger sites or a nearer race.by",
            )  # fmt: skip
        live = ground_live_years(
            np.random.default_rng(r.seed), r.samples, target, r.site_power_w, r.completion_fraction,
            r.interconnection_wait_years, r.interconnection_sigma, r.build_years, r.new_power_w_per_year,
        )  # fmt: skip
        queues = capacity_of_queues(fine, live, r.site_power_w, target)
        paths["ground"] = queues.mean(axis=0)  # the expected path: its hours are the expected hours
        band = np.percentile(queues, [10, 50, 90], axis=0)
        ground_w = np.percentile(capacity_of_queues(edges, live, r.site_power_w, target), 50, axis=0)
        samples = live[:, -1]
        ground_at = float(np.percentile(samples, 50))
    reached_at = {
        "orbit": orbit_year_reached(edges, ramp, float(needed)),
        "ground": ground_at if ground_at <= edges[-1] else math.nan,
    }

    def side(name: str, capacity: np.ndarray, cost: float, availability: float, what: str,
             notes: tuple[str, ...]) -> RaceSide:  # fmt: skip
        reached = reached_at[name]
        hours, npv = npv_of_service(
            fine, paths[name], w_per_accelerator, availability, r.value_usd_per_gpu_hour - cost, r.discount_rate
        )
        reason = ""
        if math.isnan(reached):
            reason = f"{capacity[-1] / 1e9:,.3g} GW of {target / 1e9:,.3g} GW by the end of {last}: {what}"
        return RaceSide(
            reached + r.start_year if not math.isnan(reached) else math.nan,
            reason, cost, hours, npv, capacity[1:], notes,
        )  # fmt: skip

    deployed_total = float(ramp.deployed.sum())
    built_total = float(ramp.produced.sum())
    working = float(orbit_w[-1] / per_satellite_w)
    line = (
        f"({r.production_rate_per_year:,.0f} a year from {r.start_year + r.production_lead_years:.1f}, growing "
        f"{r.production_growth:.1%} a year): raise race.orbit.production_rate or production_growth"
    )
    if deployed_total < built_total - 1e-6:
        why = f"launch or assembly capacity flies {deployed_total:,.0f} of the {built_total:,.0f} satellites built"
    elif working < needed - 1e-6 and (failure_rate > 0.0 or math.isfinite(life_years)):
        why = (
            f"the line builds {built_total:,.0f} satellites by the end, and failures ({failure_rate:.1%} a year) and "
            f"retirement after {life_years:g} years leave {working:,.0f} of the {needed:,} needed working {line}"
        )
    else:
        why = f"the line builds {built_total:,.0f} of the {needed:,} satellites needed {line}"
    orbit = side(
        "orbit", orbit_w, comparison.orbit_usd_per_gpu_hour, first_float(inputs.orbit_availability), why,
        (f"{per_satellite_w / 1e3:,.1f} kW of IT power a satellite: {needed:,} satellites working for the target",
         f"production starts after the ledger's {r.production_lead_years:g}-year lead time",
         f"satellites fail at {failure_rate:.1%} a year and retire after {life_years:g} years; replacements come "
         "from the same line and launches"),
    )  # fmt: skip
    gas_notes = (
        f"on-site combined-cycle power (ground.power): no interconnection queue; turbines {r.turbine_lead_years:g} "
        f"years out, {r.turbine_it_w_per_year / 1e9:,.1f} GW of IT a year of turbine supply for data centres",
        "the queue is not drawn: no sourced spread of turbine lead times",
    )
    ground = side(
        "ground", ground_w, comparison.ground_usd_per_gpu_hour, first_float(inputs.ground_availability),
        "the turbines' lead time and supply" if gas else "the queue and the grid's rate of new data-centre power",
        (f"a site waits {r.interconnection_wait_years:.1f} years in the queue (the median; "
         f"{'each drawn, ' + str(r.samples) + ' queues' if r.samples else 'every site the median'}) or its "
         f"{r.build_years:g}-year build, then the grid connects {r.new_power_w_per_year / 1e9:,.1f} GW a year",
         f"requests filed: {target / r.completion_fraction / 1e9:,.3g} GW (only {r.completion_fraction:.0%} of "
         "requests ever connect)") if not gas else gas_notes,
    )  # fmt: skip
    # the manifest to the race's end: the fleet up to the target, then the replacements of failed and retired ones
    manifest: list[ManifestLine] = []
    for k, v in enumerate(vehicles):
        total = ramp.item_mass_kg[k].sum(axis=1)
        flights = float(ramp.launches[k].sum())
        vehicle_mass = float(total.sum())
        for i, it in enumerate(items):
            if total[i] > 0.0:
                manifest.append(
                    ManifestLine(v.name, it.name, float(total[i]), flights * float(total[i]) / vehicle_mass)
                )
    head_start = None
    years_at = {"orbit": orbit.year_reached, "ground": ground.year_reached}
    finite = {k: v for k, v in years_at.items() if math.isfinite(v)}
    if finite:
        lead = min(finite, key=lambda k: finite[k])
        other = "ground" if lead == "orbit" else "orbit"
        sides = {"orbit": (orbit, inputs.orbit_availability), "ground": (ground, inputs.ground_availability)}
        leader, availability = sides[lead]
        until = np.searchsorted(fine, finite.get(other, math.inf) - r.start_year, side="right")
        ahead = np.maximum(paths[lead] - paths[other], 0.0)
        ahead[until:] = 0.0  # once the other side is there too, nobody is ahead
        hours, worth = npv_of_service(
            fine, ahead, w_per_accelerator, first_float(availability),
            r.value_usd_per_gpu_hour - leader.usd_per_gpu_hour, r.discount_rate,
        )  # fmt: skip
        head_start = (lead, hours, worth)
    return RaceResult(
        scenario_name=models.scenario_name,
        target_w=target,
        by_year=last,
        value_usd_per_gpu_hour=r.value_usd_per_gpu_hour,
        year_end=r.years.copy(),
        orbit=orbit,
        ground=ground,
        satellites_needed=float(needed),
        satellites_flown=deployed_total,
        launches=float(ramp.launches.sum()),
        manifest=manifest,
        vehicles=[
            {
                "name": v.name,
                "payload_kg": v.payload_kg,
                "price_usd_per_kg": v.price_usd_per_kg,
                "max_acceleration_g": v.max_acceleration_m_per_s2 / 9.80665,
                "cadence": v.cadence_basis,
            }
            for v in r.vehicles
        ],
        orbit_limits=ramp.limit,
        ground_year_samples=None if samples is None else r.start_year + samples,
        path_years=r.start_year + fine,
        orbit_path_w=paths["orbit"],
        ground_path_w=paths["ground"] if band is None else band[1],
        ground_band_w=None if band is None else band[[0, 2]],
        head_start=head_start,
    )


__all__ = ["race"]
