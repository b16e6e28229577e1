"""Optical inter-satellite links: received power against distance, spatial multiplexing, capacity.

Kernels: pure numpy, SI units, broadcasting over any shape (links × time).

A terminal sends ``P_t`` through a telescope of diameter ``D_t`` to one of diameter ``D_r`` at distance ``L``:

* **Far field** (beyond the confocal distance): the beam spreads, and the received power falls as 1/L²,

  .. math:: P_r = \\eta P_t \\left(\\frac{\\pi D_t D_r}{4 \\lambda L}\\right)^2

  (the two apertures' gains :math:`(\\pi D/\\lambda)^2` and the free-space loss :math:`(\\lambda / 4\\pi L)^2`;
  e.g. Hemmati (ed.), *Near-Earth Laser Communications*, CRC 2009, ch. 1), at most :math:`\\eta P_t` (near
  field: the receiver catches the whole beam).
* **Spatial multiplexing**: an aperture split into M × M sub-apertures carries M² independent beams as long as
  each still resolves its partner, i.e. within the sub-aperture's confocal distance
  :math:`\\pi (D / 2M)^2 / \\lambda` (Suncatcher, arXiv 2511.19468, 2025, §2.1: ~5 km for 10 cm at 1.55 µm;
  2 × 2 at 1.25 km, 4 × 4 at 0.32 km).
* **Capacity**: each DWDM channel at rate R needs ``photons_per_bit`` photons per bit,
  :math:`P_{ch} = n_{ppb} h \\nu R` (400G PM-16QAM: 195.6 photons per bit → 10 µW, the −20 dBm a COTS coherent
  receiver needs); the link carries as many whole channels as the received power feeds, up to the grid's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

PLANCK_J_S: Final = 6.62607015e-34  # exact (SI 2019)
SPEED_OF_LIGHT_M_PER_S: Final = 299792458.0  # exact (SI)


def confocal_distance_m(aperture_diameter_m: ArrayLike, wavelength_m: ArrayLike) -> NDArray[np.float64]:
    """Distance within which an aperture of this diameter still resolves its partner: :math:`\\pi (D/2)^2 / \\lambda`."""
    d = np.asarray(aperture_diameter_m, dtype=float)
    return np.asarray(math.pi * (d / 2.0) ** 2 / np.asarray(wavelength_m, dtype=float))


def received_power_w(
    transmit_power_w: ArrayLike,
    transmit_diameter_m: ArrayLike,
    receive_diameter_m: ArrayLike,
    wavelength_m: ArrayLike,
    distance_m: ArrayLike,
    efficiency: ArrayLike = 1.0,
) -> NDArray[np.float64]:
    """Received optical power [W]: the far-field 1/L² law, capped at ``efficiency × transmit_power`` near by."""
    pt = np.asarray(transmit_power_w, dtype=float) * np.asarray(efficiency, dtype=float)
    coupling = (
        math.pi
        * np.asarray(transmit_diameter_m, dtype=float)
        * np.asarray(receive_diameter_m, dtype=float)
        / (4.0 * np.asarray(wavelength_m, dtype=float) * np.asarray(distance_m, dtype=float))
    ) ** 2
    return np.asarray(pt * np.minimum(coupling, 1.0))


def channel_power_w(
    photons_per_bit: ArrayLike, wavelength_m: ArrayLike, channel_rate_bit_per_s: ArrayLike
) -> NDArray[np.float64]:
    """Power one channel needs at the receiver [W]: :math:`n_{ppb} h c / \\lambda \\times R`."""
    photon_j = PLANCK_J_S * SPEED_OF_LIGHT_M_PER_S / np.asarray(wavelength_m, dtype=float)
    return np.asarray(
        np.asarray(photons_per_bit, dtype=float) * photon_j * np.asarray(channel_rate_bit_per_s, dtype=float)
    )


def spatial_streams(
    distance_m: ArrayLike, aperture_diameter_m: ArrayLike, wavelength_m: ArrayLike, max_side: int = 4
) -> NDArray[np.int64]:
    """Independent beams an aperture carries at this distance: the largest M² (M = 1, 2, 4, … ≤ ``max_side``)
    whose sub-apertures D/M still lie within their confocal distance; 1 beyond the full aperture's."""
    distance = np.asarray(distance_m, dtype=float)
    streams = np.ones(distance.shape, dtype=np.int64)
    m = 2
    while m <= max_side:
        fits = distance <= confocal_distance_m(np.asarray(aperture_diameter_m, dtype=float) / m, wavelength_m)
        streams = np.where(fits, m * m, streams)
        m *= 2
    return streams


@dataclass(frozen=True)
class OpticalTerminal:
    """One end of a link (both ends alike): power, aperture, wavelength and its DWDM transceivers."""

    transmit_power_w: float
    aperture_diameter_m: float
    wavelength_m: float
    channels: int
    channel_rate_bit_per_s: float
    photons_per_bit: float  # the receiver's sensitivity for its modulation
    efficiency: float = 1.0  # optics, pointing and other losses, as a power fraction
    max_side: int = 4  # the largest M of an M × M spatial array

    @property
    def channel_power_w(self) -> float:
        return float(channel_power_w(self.photons_per_bit, self.wavelength_m, self.channel_rate_bit_per_s))


def link_capacity_bit_per_s(distance_m: ArrayLike, t: OpticalTerminal) -> NDArray[np.float64]:
    """Capacity of a pair of terminals ``t`` at ``distance_m`` [bit/s]: the spatial streams at this distance, each a
    sub-aperture with its share of the power, carrying the whole DWDM channels its received power feeds."""
    distance = np.asarray(distance_m, dtype=float)
    streams = spatial_streams(distance, t.aperture_diameter_m, t.wavelength_m, t.max_side)
    sub_d = t.aperture_diameter_m / np.sqrt(streams)
    per_stream = received_power_w(t.transmit_power_w / streams, sub_d, sub_d, t.wavelength_m, distance, t.efficiency)
    fed = np.minimum(np.floor(per_stream / t.channel_power_w + 1e-12), t.channels)
    return np.asarray(streams * fed * t.channel_rate_bit_per_s)


def full_grid_range_m(t: OpticalTerminal) -> float:
    """Longest distance at which one beam through the whole aperture still feeds every channel [m]:
    :math:`L = \\frac{\\pi D^2}{4\\lambda} \\sqrt{\\eta P_t / (N P_{ch})}`."""
    need = t.channels * t.channel_power_w
    scale = math.pi * t.aperture_diameter_m**2 / (4.0 * t.wavelength_m)
    return float(scale * math.sqrt(t.efficiency * t.transmit_power_w / need))


__all__ = [
    "PLANCK_J_S",
    "SPEED_OF_LIGHT_M_PER_S",
    "OpticalTerminal",
    "channel_power_w",
    "confocal_distance_m",
    "full_grid_range_m",
    "link_capacity_bit_per_s",
    "received_power_w",
    "spatial_streams",
]
