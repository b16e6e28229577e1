"""Scenario sections of the operations simulator: ``[simulation]``, ``[radiation]`` and ``[workload]``.

Every section and every key is optional, with a sourced default, so a scenario written for the static
design loads unchanged. Quantities are strings with units in the file and SI floats here (see
:mod:`skyrack.scenario.quantity`). This module must not import :mod:`skyrack.scenario` (which imports it).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from skyrack import units as u
from skyrack.scenario.quantity import (
    Duration,
    Fraction,
    OpenFraction,
    QuantityOf,
    Section,
    Temperature,
    at_most,
    non_negative,
    positive,
    quantity_field,
)

# Dimensions the unit module does not list (yet); parse_quantity accepts any Dimension.
DOSE_RATE = u.Dimension("dose rate", "Gy/s", "'150 rad_Si/yr'")
HEAT_CAPACITY = u.Dimension("heat capacity", "J/K", "'14 kJ/K'")
SPECIFIC_HEAT = u.Dimension("specific heat capacity", "J/(kg*K)", "'897 J/(kg*K)'")
TEMPERATURE_DIFFERENCE = u.Dimension("temperature difference", "K", "'45 K'")

DoseRate = Annotated[float, QuantityOf(DOSE_RATE), AfterValidator(non_negative)]
Dose = Annotated[float, QuantityOf(u.DOSE), AfterValidator(positive)]
HeatCapacity = Annotated[float, QuantityOf(HEAT_CAPACITY), AfterValidator(positive)]
SpecificHeat = Annotated[float, QuantityOf(SPECIFIC_HEAT), AfterValidator(positive)]
TemperatureDifference = Annotated[float, QuantityOf(TEMPERATURE_DIFFERENCE), AfterValidator(positive)]
THERMAL_RESISTANCE = u.Dimension("thermal resistance", "K/W", "'0.03 K/W'")
ThermalResistance = Annotated[float, QuantityOf(THERMAL_RESISTANCE), AfterValidator(positive)]
THERMAL_CONDUCTIVITY = u.Dimension("thermal conductivity", "W/(m*K)", "'167 W/(m K)'")
ThermalConductivity = Annotated[float, QuantityOf(THERMAL_CONDUCTIVITY), AfterValidator(positive)]
PerKelvin = Annotated[float, QuantityOf(u.PER_KELVIN)]
RatePerTime = Annotated[float, QuantityOf(u.RATE_PER_TIME), AfterValidator(non_negative)]
DataSize = Annotated[float, QuantityOf(u.DATA_SIZE), AfterValidator(positive)]
DataRate = Annotated[float, QuantityOf(u.DATA_RATE), AfterValidator(positive)]
BitRate = Annotated[float, QuantityOf(u.BIT_RATE), AfterValidator(positive)]
Shielding = Annotated[float, QuantityOf(u.LENGTH), AfterValidator(non_negative)]
PositiveNumber = Annotated[float, Field(gt=0.0)]


class _Section(Section):
    pass


class SimulationSettings(_Section):
    """``[simulation]``: how the time loop runs, and the operating details the static design leaves out."""

    scheduler: Literal["greedy", "battery-aware"] = Field(
        default="greedy",
        description="Scheduling policy: 'greedy' (maximum throughput now) or 'battery-aware' (keeps a battery "
        "reserve for the bus).",
    )
    record_satellites: list[Annotated[int, Field(ge=0)]] = Field(
        default_factory=lambda: [0],
        max_length=1000,  # each recorded satellite keeps 48 bytes a step: 1,000 of them at 60 s over a year, 25 GB
        description="Satellites (0-based) whose full time series are kept; fleet aggregates are always kept.",
    )
    phasing: Literal["cluster", "spread"] = Field(
        default="cluster",
        description="'cluster': all satellites fly together (Suncatcher's 1 km formation); 'spread': evenly "
        "spaced along the one orbit.",
    )
    array_pointing: Literal["sun-tracking", "orbit-normal", "zenith"] = Field(
        default="sun-tracking",
        description="Array attitude: 'sun-tracking' (normal on the Sun), 'orbit-normal' (body-mounted, normal "
        "along the orbit normal towards the Sun side), 'zenith' (body-mounted, facing away from the Earth).",
    )
    south_atlantic_anomaly: bool = Field(
        default=True,
        description="Vary the dose and single-event rates along the orbit with the AP8/AE8 flux map (the South "
        "Atlantic Anomaly, the electron horns), about their orbit means; false: even rates. Only with the modelled "
        "dose (not with radiation.dose_rate).",
    )
    saa_pause_training_above: Annotated[float, Field(gt=0.0, le=1000.0)] | None = Field(
        default=None,
        description="Pause training on a satellite where its single-event rate exceeds this multiple of the orbit "
        "mean (e.g. 3: most South Atlantic Anomaly passes); inference goes on. None: never.",
    )
    sun_distance_variation: bool = Field(
        default=True, description="Scale the solar constant by (1 au / r)² along the year (±3.4%)."
    )
    cell_temperature_coefficient_per_k: PerKelvin | None = Field(
        default=None,
        alias="cell_temperature_coefficient",
        description="Relative change of cell efficiency per kelvin; default: satellite.power.cell's catalog value, "
        "else Spectrolab XTJ Prime's −0.21 %/K (GaAs triple junction; silicon is about −0.45 %/K).",
    )
    # AM0 efficiencies are quoted at 28 °C (Fetzer et al., IEEE PVSC 2016 [S63]).
    cell_reference_temperature_k: Temperature = quantity_field(
        "28 degC", u.TEMPERATURE, alias="cell_reference_temperature", description="Temperature of the rated efficiency."
    )
    array_absorptivity: Fraction | None = Field(
        default=None,
        description="Solar absorptivity of the array front face; default: the cell's catalog value, else GaAs 0.88.",
    )
    array_emissivity: OpenFraction | None = Field(
        default=None,
        description="Infrared emissivity of each array face; default: the cell's catalog value, else GaAs 0.80.",
    )
    array_loss_per_krad: Fraction = Field(
        default=0.0,
        description="Extra fractional array power loss per krad(Si) of payload dose (0: the yearly degradation, "
        "from in-orbit telemetry, already contains the orbit's radiation).",
    )
    battery_charge_efficiency: OpenFraction | None = Field(
        default=None,
        description="Bus-to-battery charge efficiency; default X_e / (X_d · n) so that the simulated path "
        "efficiencies equal the design's (SMAD 1999 Eqs. 11-5, 11-6).",
    )
    initial_state_of_charge: Fraction = Field(default=1.0, description="Battery state of charge at the start.")
    battery_reserve: Fraction = Field(
        default=0.5,
        description="battery-aware policy: share of the usable battery window (above the depth-of-discharge "
        "floor) kept for the bus; compute may not discharge below it.",
    )
    chip_max_temperature_k: Temperature | None = Field(
        default=None,
        alias="chip_max_temperature",
        description="Chip temperature above which accelerators throttle; default: the accelerator catalog's "
        "max_temperature, else 87 degC (H100 'GPU Max Operating Temp', nvidia-smi).",
    )
    chip_temperature_rise_k: TemperatureDifference | None = Field(
        default=None,
        alias="chip_temperature_rise",
        description="Chip temperature above the radiator at rated power; sets the conductance between them. "
        "Default: the heat path of [satellite.thermal] (cold plate, coolant loop, panel).",
    )
    chip_min_temperature_k: Temperature = quantity_field(
        "-40 degC",
        u.TEMPERATURE,
        alias="chip_min_temperature",
        description="Survival minimum of the compute; heaters hold the chips there (spacecraft electronics' "
        "-40 degC: HiREV microsatellite OBC and EPS limits, JSTA 3(3) Table 13; MSL rover electronics, JPL).",
    )
    chip_heat_capacity_per_accelerator_j_per_k: HeatCapacity | None = Field(
        default=None,
        alias="chip_heat_capacity_per_accelerator",
        description="Heat capacity of the chip/cold-plate node per accelerator; default: compute mass per "
        "accelerator × structure specific heat.",
    )
    # Aluminium 6061: c_p = 896 J/(kg K) at 25 °C (ASM Aerospace Specification Metals data sheet; CRC Handbook).
    structure_specific_heat_j_per_kg_k: SpecificHeat = quantity_field(
        "896 J/(kg*K)",
        SPECIFIC_HEAT,
        alias="structure_specific_heat",
        description="Specific heat of server and radiator structure (aluminium).",
    )


# The inner proton belt's peak behind thin shielding is of order 1e5-1e6 rad(Si)/yr (AP8; Barrett, parameters.md
# [S91]): a bound ten times above it refuses only typing errors.
_DOSE_WHY = "ten times the inner Van Allen belt's peak behind thin shielding"


class RadiationSettings(_Section):
    """``[radiation]``: dose and fault rates; unset values come from the ``radiation`` catalog."""

    # Suncatcher's figure of ~150 rad(Si)/yr is behind ~10 mm Al (arXiv 2511.19468 [S37]).
    shielding_m: Shielding = quantity_field(
        "10 mm", u.LENGTH, alias="shielding", description="Aluminium-equivalent shielding of the accelerators."
    )
    dose_rate_gy_per_s: Annotated[DoseRate, at_most(1e7 * 0.01 / 31557600, "1e7 rad_Si/yr", _DOSE_WHY)] | None = Field(
        default=None,
        alias="dose_rate",
        description="Dose rate at the accelerators, e.g. '150 rad_Si/yr'; default: trapped protons and electrons "
        "from the AP8/AE8 + SHIELDOSE-2 table by altitude, inclination, shielding and solar activity, plus cosmic "
        "rays and solar particle events.",
    )
    solar_events_per_year: Annotated[float, Field(ge=0.0, le=100.0)] = Field(
        default=0.0,
        description="Large solar particle events per year, each adding the dose of the April 1984 event in a polar "
        "orbit (> 25 rad_Si behind 2 mm Al; radiation catalog 'spe-april-1984'); none by default. Low-inclination "
        "orbits see far less of them (geomagnetic cutoff), so leave it at 0 there.",
    )
    tid_tolerance_gy: Dose | None = Field(
        default=None,
        alias="tid_tolerance",
        description="Total ionising dose at which the accelerators fail; default: the catalog (15 krad_Si, Trillium).",
    )
    permanent_failure_rate_per_s: (
        Annotated[RatePerTime, at_most(1000.0 / 31557600, "1000 /yr", "every accelerator failing within 9 hours")]
        | None
    ) = Field(
        default=None,
        alias="permanent_failure_rate",
        description="Permanent hardware failures per accelerator, e.g. '0.061 /yr'; default: the catalog.",
    )
    accelerators_per_host: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Accelerators sharing one host CPU (host crashes); default: the catalog."
    )
    sdc_interrupts: bool = Field(
        default=False,
        description="Whether a silent data corruption is detected and rolls the job back (default: counted only).",
    )
    catalog_entry: str | None = Field(
        default=None,
        description="Name of the radiation catalog entry with the per-rad rates; default: the accelerator's name, "
        "else 'default-accelerator'.",
    )


class TrainingJob(_Section):
    """``[workload.training]``: one data-parallel training job over the whole fleet.

    Defaults: a Llama-3-70B-like job (Dubey et al., "The Llama 3 Herd of Models", arXiv 2407.21783, 2024).
    """

    # Llama 3 70B: 70 B parameters, pre-trained on over 15 T tokens (Dubey et al. 2024, §1, §3).
    parameters: PositiveNumber = Field(default=70e9, description="Model parameters N.")
    tokens: PositiveNumber = Field(default=15e12, description="Training tokens D; the job needs 6·N·D FLOPs.")
    # Llama 3 405B reached 38–43% BF16 MFU on H100 (Dubey et al. 2024, Table 4).
    mfu: OpenFraction = Field(default=0.38, description="Model FLOPs utilisation achieved.")
    # Llama 3: batch grown to 16 M tokens (Dubey et al. 2024, §3.4.1).
    global_batch_tokens: PositiveNumber = Field(default=16e6, description="Tokens per optimizer step.")
    checkpoint_size_bytes: DataSize | None = Field(
        default=None,
        alias="checkpoint_size",
        description="Checkpoint size; default 12 bytes per parameter (fp32 weights and Adam moments, ZeRO K = 12).",
    )
    # PCIe 4.0 NVMe SSD sequential write, e.g. Samsung 990 PRO 6,900 MB/s (Samsung data sheet, 2022).
    checkpoint_write_bandwidth_bytes_per_s: DataRate = quantity_field(
        "6.9 GB/s",
        u.DATA_RATE,
        alias="checkpoint_write_bandwidth",
        description="Checkpoint write bandwidth per satellite (the checkpoint is sharded over the satellites).",
    )
    # Plain checkpoint-restart takes minutes; optimised systems: 150 s on 4,800 devices (FlashRecovery, arXiv
    # 2509.03047, 2025), ~20 s with standby machines (TrainMover, arXiv 2412.12636, 2024). 10 min: an estimate
    # for a plain restart (reschedule, rebuild the communicators, reload the checkpoint).
    restart_time_s: Duration = quantity_field(
        "10 min",
        u.TIME,
        alias="restart_time",
        description="Time to restart the job from its last checkpoint after an interruption.",
    )
    checkpoint_interval_s: Duration | None = Field(
        default=None,
        alias="checkpoint_interval",
        description="Compute time between checkpoints; default: the optimum of Young (1974) / Daly (2006).",
    )
    checkpoint_formula: Literal["daly", "young"] = Field(
        default="daly", description="Optimum interval when none is set: Daly (2006) higher order, or Young (1974)."
    )
    # bf16 gradients: 2 bytes per parameter (Rajbhandari et al., ZeRO, SC 2020, §3.1).
    gradient_bytes_per_parameter: PositiveNumber = Field(
        default=2.0, description="Gradient bytes exchanged per parameter and step."
    )
    isl_capacity_bit_per_s: BitRate | None = Field(
        default=None,
        alias="isl_capacity",
        description="Inter-satellite link capacity per satellite for the gradient all-reduce, as an override; "
        "default: the all-reduce on the network's links ([network]), or, where the fleet's geometry gives no "
        "topology (TLE fleets, co-located satellites), 1.6 Tbit/s (Suncatcher's bench pair, 800 Gbit/s each way).",
    )
    # The backward pass is 4N of the 6N FLOPs per token (Kaplan et al. 2020, §2.1); PyTorch DDP overlaps the
    # gradient all-reduce with it (Li et al., VLDB 13(12) 2020).
    comm_overlap: Fraction = Field(
        default=2.0 / 3.0, description="Share of the compute time that can hide the gradient exchange."
    )
    data_parallel_replicas: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Data-parallel replicas; default: one per satellite."
    )
    peak_flops_parameter: str = Field(
        default="bf16_dense", description="Accelerator catalog field with the peak FLOP/s of the job's precision."
    )


class InferenceJob(_Section):
    """``[workload.inference]``: batch inference with a demand profile; served before training."""

    # MLPerf Inference v4.0, Llama 2 70B offline: ~24,500 tokens/s on 8 H100 SXM (≈ 3,000 per GPU).
    tokens_per_second_per_accelerator: PositiveNumber = Field(
        default=3000.0, description="Tokens per second one accelerator serves at full clock."
    )
    model_parameters: PositiveNumber = Field(default=70e9, description="Model parameters (2·N FLOPs per token).")
    demand_tokens_per_s: PositiveNumber | None = Field(
        default=None,
        alias="demand",
        description="Fleet-wide demand in tokens per second at profile factor 1; default: unlimited.",
    )
    hourly_profile: list[Annotated[float, Field(ge=0.0)]] = Field(
        default_factory=lambda: [1.0] * 24,
        description="24 factors on the demand, one per UTC hour.",
    )
    peak_flops_parameter: str = Field(
        default="bf16_dense", description="Accelerator catalog field with the peak FLOP/s used for utilisation."
    )
    traffic: str = Field(
        default="text",
        description="What each token sends down to the users, a catalog name (`skyrack catalog traffic`): 'text' "
        "(about 4 bytes a token), 'text-streamed' (a server-sent event a token, 181 bytes), 'embeddings'.",
    )
    users: list[str] | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="User regions the answers go to, catalog names (`skyrack catalog user_regions`), each with "
        "its share of the demand; default: all of them.",
    )
    # MLPerf Inference server scenario, Llama 2 70B: time to first token 2,000 ms at the 99th percentile
    # (mlcommons/inference loadgen/mlperf.conf).
    latency_slo_s: Duration = quantity_field(
        "2 s",
        u.TIME,
        alias="latency_slo",
        description="Latency objective of an answer's network path (user to accelerator and back, waiting in the "
        "store included): MLPerf's 2 s time-to-first-token bound for Llama 2 70B by default; both sides are held "
        "to it.",
    )

    @model_validator(mode="after")
    def _profile(self) -> InferenceJob:
        if len(self.hourly_profile) != 24:
            raise PydanticCustomError("profile", "hourly_profile needs 24 values, one per UTC hour")
        return self


class Network(_Section):
    """``[network]``: the inter-satellite links the training all-reduce runs on (:mod:`skyrack.physics.network`)."""

    terminal: str | None = Field(
        default=None,
        description="Optical terminal, a catalog name (`skyrack catalog optical_terminals`): a link budget "
        "(aperture, power, wavelength, DWDM channels, sensitivity) or a datasheet rate within a range. Default: "
        "'suncatcher-dwdm' for a formation (built for links of a kilometre), 'starlink-laser' otherwise (100 Gbit/s "
        "up to 5,400 km, the constellation laser flown in the thousands).",
    )
    terminals_per_satellite: Annotated[int, Field(ge=1, le=16)] | None = Field(
        default=None,
        description="Terminals on each satellite, one link each; default 2 for a ring all-reduce in a formation or "
        "along one orbit (the ring's two neighbours), else 4 (a formation's nearest neighbours, a Walker +Grid's "
        "two in-plane and two cross-plane links; SDA Tranche 1 flies 4 a satellite). Each is priced in the orbit's "
        "capex (catalog costs optical_terminal_usd, or the terminal's own price).",
    )
    topology: Literal["auto", "formation", "grid", "ring"] = Field(
        default="auto",
        description="'formation': links to the nearest neighbours in a cluster (orbit.cluster_radius); 'grid': "
        "+Grid over a Walker constellation; 'ring': each satellite to its neighbours along one orbit; 'auto': "
        "formation with a cluster radius, grid for Walker, ring for satellites spread along one orbit.",
    )
    allreduce: Literal["ring", "hierarchical"] = Field(
        default="ring",
        description="Gradient all-reduce: one ring through every satellite, or two levels (rings inside groups "
        "of about √K satellites, then across them; the planes of a Walker constellation).",
    )
    # Hypatia (Kassing et al., IMC 2020): ISLs kept above 80 km "to avoid weather conditions".
    min_tangent_altitude_m: Annotated[float, QuantityOf(u.LENGTH), AfterValidator(non_negative)] = quantity_field(
        "80 km",
        u.LENGTH,
        alias="min_tangent_altitude",
        description="Lowest altitude a link's line of sight may pass; lower, the atmosphere blocks it.",
    )
    samples_per_orbit: Annotated[int, Field(ge=1, le=360)] = Field(
        default=24, description="Snapshots of the topology over one orbit (links change as planes converge)."
    )
    stations: list[str] | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Ground stations the fleet sends its data down to, catalog names (`skyrack catalog "
        "ground_stations`): optical stations (with their cloud-free line-of-sight probability) and RF ones. Default, "
        "with an inference job: the optical stations at Tenerife, Cerro Tololo and Mount Stromlo, and KSAT's polar "
        "RF stations at Svalbard and Troll; a fleet that only trains sends little down: one RF station, Svalbard "
        "for orbits inclined 60° or more, else Singapore. Each is priced in the orbit's ground segment (catalog "
        "costs ground_station_usd).",
    )
    downlink: str = Field(
        default="tbird-200g",
        description="The satellites' downlink terminal, a catalog name (`skyrack catalog downlink_terminals`): an "
        "optical one (TBIRD's 200 Gbit/s, demonstrated 2023) reaches only optical stations under a clear sky, an RF "
        "one reaches RF stations in any weather; 'none' for no space-to-ground link.",
    )
    fallback: str = Field(
        default="hi-side-ka",
        description="A second terminal on every satellite for the other kind of station: by default the Hi-SIDE "
        "Ka-band transmitter (5 Gbit/s), the cloud-proof path to the RF stations; 'none' for none.",
    )
    downlink_satellites: Annotated[int, Field(ge=0)] | None = Field(
        default=None,
        description="Satellites that carry the downlink terminals (one of each kind each; each serves one station "
        "at a time). Default: in a formation, as many as the stations have terminals of that kind (the cluster's "
        "links bring every satellite's data to them); otherwise every satellite. 0 sends nothing down. Priced at "
        "the terminal's catalog price, their mass in those satellites'.",
    )
    storage_bytes: DataSize = quantity_field(
        "2 TB",
        u.DATA_SIZE,
        alias="storage",
        description="On-board store per satellite for data waiting for a station (TBIRD flew a 2 TB buffer, "
        "Piazzolla et al. 2022); what it cannot hold is lost.",
    )
    downlink_period_s: Annotated[
        float, QuantityOf(u.TIME), AfterValidator(positive), at_most(366 * 86400.0, "366 d", "the passes of a year")
    ] = quantity_field(
        "7 d",
        u.TIME,
        alias="downlink_period",
        description="How long the passes, clouds and store are followed from the scenario's start to give the "
        "downlink's figures (at most a year).",
    )
    downlink_step_s: Annotated[
        float, QuantityOf(u.TIME), AfterValidator(positive), at_most(60.0, "60 s", "coarser steps miss LEO passes")
    ] = quantity_field(
        "60 s",
        u.TIME,
        alias="downlink_step",
        description="Sampling step of the passes (at most 60 s: a LEO pass above the mask lasts minutes).",
    )
    cloud_correlation_s: Annotated[float, QuantityOf(u.TIME), AfterValidator(non_negative)] = quantity_field(
        "0 s",
        u.TIME,
        alias="cloud_correlation",
        description="Correlation time of a station's sky: 0 draws clear or cloudy afresh each hour (the hourly "
        "cloud masks of the site surveys, e.g. GOES-12 in Cavazzani & Zitelli 2012); longer keeps the weather "
        "(a two-state Markov chain with the station's CFLOS probability as its mean).",
    )


class Workload(_Section):
    """``[workload]``: what the fleet runs; inference (if any) is served first, training uses the rest."""

    training: TrainingJob | None = Field(default_factory=TrainingJob)
    inference: InferenceJob | None = None

    @model_validator(mode="before")
    @classmethod
    def _none_strings(cls, data: Any) -> Any:
        # TOML has no null: `training = false` switches the training job off.
        if isinstance(data, dict):
            data = dict(data)
            for key in ("training", "inference"):
                if data.get(key) is False:
                    data[key] = None
                elif data.get(key) is True:
                    data[key] = {}
        return data


__all__ = [
    "InferenceJob",
    "Network",
    "RadiationSettings",
    "SimulationSettings",
    "TrainingJob",
    "Workload",
]
