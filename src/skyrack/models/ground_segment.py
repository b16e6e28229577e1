"""``[network]``'s ground segment and ``[workload.inference]``'s users as SI objects: the stations, the satellites'
downlink terminals, the on-board store, the user regions and what each token sends down.

Defaults: the catalog's ``ground_stations`` (coordinates, elevation masks, cloud-free line-of-sight probabilities),
``downlink_terminals`` (TBIRD's 200 Gbit/s laser, Hi-SIDE's 5 Gbit/s Ka band), ``user_regions`` (demand shares),
``traffic`` (bytes a token, the transit price) and the DVB-S2 MODCOD table
(``catalog/data/tables/dvbs2_modcod.csv``) for RF terminals with a link budget.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

import numpy as np
from numpy.typing import NDArray

from skyrack.catalog import Catalog, CatalogEntry
from skyrack.errors import SkyrackInputError
from skyrack.physics.ground_link import optical_downlink_rate_bit_per_s
from skyrack.physics.optical import OpticalTerminal
from skyrack.physics.rf import ModcodTable, RfTerminal, modcod_table, rf_link_rate_bit_per_s
from skyrack.scenario import Scenario

# The default stations: the optical ones with a sourced cloud-free line-of-sight probability, one a continent
# (Europe/Africa, South America, Australia), and KSAT's two polar RF stations, which see every orbit of a polar or
# sun-synchronous satellite.
DEFAULT_STATIONS: Final = ("esa-ogs-tenerife", "ctio", "mount-stromlo", "ksat-svalbard", "ksat-troll")
# A fleet with no inference sends down only telemetry, checkpoints and the trained model: one RF station, polar
# (Svalbard sees every orbit of a polar or sun-synchronous satellite) or, for orbits that never reach its latitude
# (a 5° mask at LEO reaches ~20° beyond the inclination), equatorial (Singapore sees every inclination).
TRAINING_STATIONS: Final = {"polar": ("ksat-svalbard",), "equatorial": ("ksat-singapore",)}
POLAR_INCLINATION_DEG: Final = 60.0
# The traffic entry with the terrestrial transit price both sides pay for the bits they deliver.
TRANSIT: Final = "transit"
# Sky states are drawn hourly: the resolution of the satellite cloud masks the site surveys use (GOES-12 hourly
# imagery, Cavazzani & Zitelli 2012).
CLOUD_STEP_S: Final = 3600.0
KINDS: Final = ("optical", "rf")


@dataclass(frozen=True)
class GroundStation:
    """A ground station: where it is, what it receives, how often its sky is clear."""

    name: str
    kind: str  # 'optical' or 'rf'
    latitude_rad: float
    longitude_rad: float
    height_m: float
    mask_rad: float
    cflos: float  # probability of a cloud-free line of sight (1 for RF)
    aperture_diameter_m: float = math.nan  # an optical station's telescope
    zenith_transmission: float = 1.0  # clear-sky transmission at the zenith (optical)
    g_over_t_db_per_k: float = math.nan  # an RF station's figure of merit
    zenith_attenuation_db: float = 0.0  # gases and rain at the zenith at the planned availability (RF)
    terminals: int = 1  # telescopes or antennas, each serving one satellite at a time


@dataclass(frozen=True)
class DownlinkTerminal:
    """A satellite's space-to-ground terminal: a datasheet rate, or a link budget (optical or RF)."""

    name: str
    kind: str  # 'optical' or 'rf'
    rate_bit_per_s: float  # datasheet rate; a budget terminal's most
    max_range_m: float = math.inf
    optical: OpticalTerminal | None = None
    rf: RfTerminal | None = None
    mass_kg: float = math.nan  # NaN: not published
    price_usd: float = math.nan

    def rate_to(
        self,
        station: GroundStation,
        range_m: NDArray[np.float64],
        elevation_rad: NDArray[np.float64],
        modcods: ModcodTable,
    ) -> NDArray[np.float64]:
        """Rate into ``station`` at these ranges and elevations under a clear sky [bit/s], 0 below its mask."""
        up = elevation_rad >= station.mask_rad
        if self.optical is not None and math.isfinite(station.aperture_diameter_m):
            rate = optical_downlink_rate_bit_per_s(
                self.optical, range_m, elevation_rad, station.aperture_diameter_m, station.zenith_transmission
            )
        elif self.rf is not None and math.isfinite(station.g_over_t_db_per_k):
            rate = rf_link_rate_bit_per_s(
                self.rf, modcods, range_m, elevation_rad, station.g_over_t_db_per_k, station.zenith_attenuation_db
            )
            rate = np.minimum(rate, self.rate_bit_per_s)
        else:
            rate = np.where(range_m <= self.max_range_m, self.rate_bit_per_s, 0.0)
        return np.asarray(np.where(up, rate, 0.0))


@dataclass(frozen=True)
class UserRegion:
    """Where a share of the users are (a representative city)."""

    name: str
    latitude_rad: float
    longitude_rad: float
    share: float


@dataclass(frozen=True)
class GroundSegment:
    """The fleet's path to the ground and to its users."""

    stations: tuple[GroundStation, ...]
    primary: DownlinkTerminal | None
    fallback: DownlinkTerminal | None
    satellites: int  # in the fleet
    gateways: tuple[int, int]  # satellites carrying an optical terminal, an RF one
    store_bytes: float  # per satellite
    period_s: float
    step_s: float
    cloud_correlation_s: float
    modcods: ModcodTable
    station_price_usd: float  # one station (catalog costs ground_station_usd)
    users: tuple[UserRegion, ...]
    traffic: str
    bytes_per_token: float
    transit_usd_per_byte: float
    latency_slo_s: float
    site_latitude_rad: float  # the ground twin's site
    site_longitude_rad: float

    def terminal_for(self, station: GroundStation) -> DownlinkTerminal | None:
        """The satellites' terminal that reaches this station (its kind), or None."""
        for t in self.terminals:
            if t.kind == station.kind:
                return t
        return None

    @property
    def terminals(self) -> tuple[DownlinkTerminal, ...]:
        """The terminals some satellite carries."""
        return tuple(t for t in (self.primary, self.fallback) if t is not None and self.gateways_of(t.kind) > 0)

    def gateways_of(self, kind: str) -> int:
        return self.gateways[KINDS.index(kind)]

    def carriers(self) -> NDArray[np.int64]:
        """Terminals of each kind on each satellite, shape (2, satellites): the first gateways carry one."""
        out = np.zeros((len(KINDS), self.satellites), dtype=np.int64)
        for g, n in enumerate(self.gateways):
            out[g, :n] = 1
        return out

    def _per_satellite(self, figure: Callable[[DownlinkTerminal], float]) -> float:
        """A terminal figure averaged over the fleet's satellites (unpublished figures, NaN, count 0)."""
        total = sum(self.gateways_of(t.kind) * figure(t) for t in self.terminals if math.isfinite(figure(t)))
        return total / self.satellites if self.satellites else 0.0

    @property
    def terminal_mass_kg(self) -> float:
        """Downlink terminals' mass, averaged over the satellites [kg]."""
        return self._per_satellite(lambda t: t.mass_kg)

    @property
    def terminal_price_usd(self) -> float:
        """Downlink terminals' price, averaged over the satellites [USD]."""
        return self._per_satellite(lambda t: t.price_usd)


def _number(entry: CatalogEntry, parameter: str, unit: str) -> float:
    value = entry.to(parameter, unit)
    if not math.isfinite(value):
        raise SkyrackInputError(f"catalog.{entry.kind}.{entry.name}.{parameter}", value, "must be a finite number")
    return value


def _kind(entry: CatalogEntry) -> str:
    kind = entry.text("kind")
    if kind not in KINDS:
        raise SkyrackInputError(f"catalog.{entry.kind}.{entry.name}.kind", kind or None, "must be 'optical' or 'rf'")
    return kind


def station_model(catalog: Catalog, name: str, where: str) -> GroundStation:
    entry = catalog.entry("ground_stations", name, where)
    kind = _kind(entry)
    lat, lon = _number(entry, "latitude", "deg"), _number(entry, "longitude", "deg")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 360.0):
        raise SkyrackInputError(f"catalog.ground_stations.{name}", f"{lat}, {lon}", "latitude within ±90°, longitude "
                                "within -180° to 360°")  # fmt: skip
    mask = _number(entry, "elevation_mask", "deg")
    if not 0.0 <= mask < 90.0:
        raise SkyrackInputError(f"catalog.ground_stations.{name}.elevation_mask", mask, "from 0 to under 90 deg")
    cflos = _number(entry, "cflos", "") if kind == "optical" else 1.0
    if kind == "optical" and not 0.0 <= cflos <= 1.0:
        raise SkyrackInputError(f"catalog.ground_stations.{name}.cflos", cflos, "a probability from 0 to 1")
    terminals = int(entry.get("terminals", "", 1.0) or 1.0)
    if terminals < 1:
        raise SkyrackInputError(f"catalog.ground_stations.{name}.terminals", terminals, "at least 1")
    return GroundStation(
        name=name,
        kind=kind,
        latitude_rad=math.radians(lat),
        longitude_rad=math.radians(lon),
        height_m=entry.get("height", "m", 0.0) or 0.0,
        mask_rad=math.radians(mask),
        cflos=cflos,
        aperture_diameter_m=entry.get("aperture_diameter", "m", math.nan) or math.nan,
        zenith_transmission=entry.get("zenith_transmission", "", 1.0) or 1.0,
        g_over_t_db_per_k=entry.get("g_over_t", "dB/K", math.nan) or math.nan,
        zenith_attenuation_db=entry.get("zenith_attenuation", "dB", 0.0) or 0.0,
        terminals=terminals,
    )


def downlink_terminal_model(catalog: Catalog, name: str, where: str) -> DownlinkTerminal:
    entry = catalog.entry("downlink_terminals", name, where)
    kind = _kind(entry)
    mass = entry.get("mass", "kg", math.nan)
    mass = math.nan if mass is None else mass
    price = entry.get("price", "USD", math.nan)
    price = math.nan if price is None else price
    rate = entry.get("rate", "bit/s")
    optical = rf = None
    if kind == "optical" and entry.has("photons_per_bit"):
        optical = OpticalTerminal(
            transmit_power_w=_number(entry, "transmit_power", "W"),
            aperture_diameter_m=_number(entry, "aperture_diameter", "m"),
            wavelength_m=_number(entry, "wavelength", "m"),
            channels=int(_number(entry, "channels", "")),
            channel_rate_bit_per_s=_number(entry, "channel_rate", "bit/s"),
            photons_per_bit=_number(entry, "photons_per_bit", ""),
            efficiency=entry.get("efficiency", "", 1.0) or 1.0,
        )
        rate = optical.channels * optical.channel_rate_bit_per_s
    elif kind == "rf" and entry.has("antenna_gain"):
        rf = RfTerminal(
            transmit_power_w=_number(entry, "transmit_power", "W"),
            antenna_gain_dbi=_number(entry, "antenna_gain", "dBi"),
            frequency_hz=_number(entry, "frequency", "Hz"),
            symbol_rate_baud=_number(entry, "symbol_rate", "1/s"),
            losses_db=entry.get("losses", "dB", 0.0) or 0.0,
            margin_db=entry.get("margin", "dB", 0.0) or 0.0,
        )
        rate = rate if rate is not None else math.inf
    if rate is None or not rate > 0:
        raise SkyrackInputError(
            f"catalog.downlink_terminals.{name}.rate",
            rate,
            "a downlink terminal needs a datasheet rate (bit/s), or a link budget (optical: transmit_power, "
            "aperture_diameter, wavelength, channels, channel_rate, photons_per_bit; rf: transmit_power, "
            "antenna_gain, frequency, symbol_rate)",
        )
    max_range = entry.get("max_range", "m", math.inf)
    return DownlinkTerminal(name, kind, rate, math.inf if max_range is None else max_range, optical, rf, mass, price)


@lru_cache(maxsize=1)
def dvbs2_modcods() -> ModcodTable:
    """ETSI EN 302 307-1 Table 13 (``catalog/data/tables/dvbs2_modcod.csv``)."""
    text = (resources.files("skyrack.catalog") / "data" / "tables" / "dvbs2_modcod.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    return modcod_table(
        [r["modcod"] for r in rows], [float(r["esn0_db"]) for r in rows], [float(r["bits_per_symbol"]) for r in rows]
    )


def _user_regions(catalog: Catalog, names: list[str] | None) -> tuple[UserRegion, ...]:
    chosen = names if names is not None else list(catalog.names("user_regions"))
    regions = []
    for name in chosen:
        entry = catalog.entry("user_regions", name, "workload.inference.users")
        share = _number(entry, "share", "")
        if not share >= 0.0:
            raise SkyrackInputError(f"catalog.user_regions.{name}.share", share, "must be 0 or more")
        regions.append(
            UserRegion(
                name,
                math.radians(_number(entry, "latitude", "deg")),
                math.radians(_number(entry, "longitude", "deg")),
                share,
            )
        )
    total = sum(r.share for r in regions)
    if not total > 0:
        raise SkyrackInputError("workload.inference.users", chosen, "the regions' shares of the demand sum to 0")
    return tuple(UserRegion(r.name, r.latitude_rad, r.longitude_rad, r.share / total) for r in regions)


def default_stations(scenario: Scenario, max_inclination_rad: float) -> list[str]:
    """The stations when ``network.stations`` is not given: the optical and polar network for inference answers,
    one RF station for a fleet that only trains (:data:`TRAINING_STATIONS`)."""
    if scenario.workload.inference is not None:
        return list(DEFAULT_STATIONS)
    polar = math.degrees(max_inclination_rad) >= POLAR_INCLINATION_DEG
    return list(TRAINING_STATIONS["polar" if polar else "equatorial"])


def ground_segment_model(
    scenario: Scenario,
    catalog: Catalog,
    station_price_usd: float,
    satellites: int,
    formation: bool,
    max_inclination_rad: float,
) -> GroundSegment:
    """Resolve ``[network]``'s ground segment and the inference job's users against the catalog, for a fleet of
    ``satellites`` (``formation``: a cluster whose links pool its data, so a few satellites carry the terminals)."""
    net = scenario.network
    names = net.stations if net.stations is not None else default_stations(scenario, max_inclination_rad)
    if len(set(names)) != len(names):
        raise SkyrackInputError("network.stations", names, "each station once")
    stations = tuple(station_model(catalog, n, "network.stations") for n in names)
    primary = None if net.downlink == "none" else downlink_terminal_model(catalog, net.downlink, "network.downlink")
    fallback = None if net.fallback == "none" else downlink_terminal_model(catalog, net.fallback, "network.fallback")
    if primary is not None and fallback is not None and primary.kind == fallback.kind:
        raise SkyrackInputError(
            "network.fallback", net.fallback, f"the fallback must reach the other kind of station than "
            f"network.downlink ({primary.kind}); choose a terminal of the other kind or 'none'"
        )  # fmt: skip
    gateways = []
    for kind in KINDS:
        carried = any(t is not None and t.kind == kind for t in (primary, fallback))
        station_terminals = sum(s.terminals for s in stations if s.kind == kind)
        if not carried or station_terminals == 0:  # no station of this kind: no satellite carries the terminal
            n = 0
        elif net.downlink_satellites is not None:
            n = min(net.downlink_satellites, satellites)
        else:
            n = min(station_terminals, satellites) if formation else satellites
        gateways.append(n)
    inference = scenario.workload.inference
    traffic_name = inference.traffic if inference is not None else "text"
    traffic = catalog.entry("traffic", traffic_name, "workload.inference.traffic")
    if traffic_name == TRANSIT or not traffic.has("bytes_per_token"):
        raise SkyrackInputError("workload.inference.traffic", traffic_name, "a traffic kind with bytes_per_token")
    transit = catalog.entry("traffic", TRANSIT, "catalog.traffic.transit")
    site = catalog.entry("ground_sites", scenario.ground.site, "ground.site")
    return GroundSegment(
        stations=stations,
        primary=primary,
        fallback=fallback,
        satellites=satellites,
        gateways=(gateways[0], gateways[1]),
        store_bytes=net.storage_bytes,
        period_s=net.downlink_period_s,
        step_s=net.downlink_step_s,
        cloud_correlation_s=net.cloud_correlation_s,
        modcods=dvbs2_modcods(),
        station_price_usd=station_price_usd,
        users=_user_regions(catalog, inference.users if inference is not None else None),
        traffic=traffic_name,
        bytes_per_token=_number(traffic, "bytes_per_token", "B"),
        transit_usd_per_byte=_number(transit, "price", "USD/B"),
        latency_slo_s=inference.latency_slo_s if inference is not None else 2.0,
        site_latitude_rad=math.radians(_number(site, "latitude", "deg")),
        site_longitude_rad=math.radians(_number(site, "longitude", "deg")),
    )


__all__ = [
    "CLOUD_STEP_S",
    "DEFAULT_STATIONS",
    "DownlinkTerminal",
    "GroundSegment",
    "GroundStation",
    "UserRegion",
    "downlink_terminal_model",
    "dvbs2_modcods",
    "ground_segment_model",
    "station_model",
]
