"""Radio-frequency space-to-ground links: the link budget and the rate adaptive coding and modulation carries.

Kernels: pure numpy, SI units (powers and ratios in decibels where the budget is written so), broadcasting over any
shape (satellites × stations × time).

* **Budget.** :math:`C/N_0 = \\mathrm{EIRP} - L_{fs} - L_{atm} - L_{other} + G/T - 10\\log_{10} k` [dB·Hz], with
  the free-space loss :math:`L_{fs} = 20\\log_{10}(4\\pi d f / c)` and Boltzmann's constant
  :math:`10\\log_{10} k = -228.6` dBW/(K·Hz) (Wertz & Larson (eds.), *Space Mission Analysis and Design*, 3rd ed.,
  1999, §13.3, eqs. 13-13 to 13-16; Maral & Bousquet, *Satellite Communications Systems*, 5th ed., 2009, §5.4).
* **Atmosphere.** Gaseous and rain attenuation scale with the path through the troposphere, the zenith value over
  the sine of the elevation (the cosecant law for elevations above ~10°: ITU-R P.618-13 §2.2.1.1 step 3, ITU-R
  P.676-12 Annex 2 §2.2.1).
* **Rate.** A DVB-S2 modem picks, each frame, the most efficient MODCOD whose required :math:`E_s/N_0` (ETSI EN 302
  307-1 V1.4.1, 2014, Table 13, ideal AWGN at a packet error rate of 10⁻⁷) lies below the link's, less an
  implementation margin; the rate is the symbol rate times that MODCOD's spectral efficiency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from skyrack.physics.optical import SPEED_OF_LIGHT_M_PER_S

FloatArray = NDArray[np.float64]

# Boltzmann's constant [J/K], exact (SI 2019); 10 log10 k = -228.599 dBW/(K Hz).
BOLTZMANN_J_PER_K: Final = 1.380649e-23
BOLTZMANN_DBW_PER_K_HZ: Final = 10.0 * math.log10(BOLTZMANN_J_PER_K)
# The cosecant law holds above ~10° of elevation (ITU-R P.676-12 Annex 2); below, the path is capped at this
# elevation's (the masks skyrack accepts for RF start at 5°).
_MIN_COSECANT_ELEVATION_RAD: Final = math.radians(5.0)


def db(ratio: ArrayLike) -> FloatArray:
    """A power ratio in decibels."""
    return np.asarray(10.0 * np.log10(np.asarray(ratio, dtype=float)))


def from_db(value_db: ArrayLike) -> FloatArray:
    """A power ratio from decibels."""
    return np.asarray(10.0 ** (np.asarray(value_db, dtype=float) / 10.0))


def free_space_loss_db(distance_m: ArrayLike, frequency_hz: ArrayLike) -> FloatArray:
    """Free-space path loss :math:`20\\log_{10}(4\\pi d f / c)` [dB]."""
    d = np.asarray(distance_m, dtype=float)
    f = np.asarray(frequency_hz, dtype=float)
    return np.asarray(20.0 * np.log10(4.0 * math.pi * d * f / SPEED_OF_LIGHT_M_PER_S))


def dish_gain_dbi(diameter_m: ArrayLike, frequency_hz: ArrayLike, efficiency: ArrayLike = 0.55) -> FloatArray:
    """Gain of a parabolic dish :math:`\\eta (\\pi D f / c)^2` [dBi] (SMAD eq. 13-16; 55 % is SMAD's typical
    aperture efficiency)."""
    d = np.asarray(diameter_m, dtype=float)
    f = np.asarray(frequency_hz, dtype=float)
    return db(np.asarray(efficiency, dtype=float) * (math.pi * d * f / SPEED_OF_LIGHT_M_PER_S) ** 2)


def slant_attenuation_db(zenith_db: ArrayLike, elevation_rad: ArrayLike) -> FloatArray:
    """Tropospheric attenuation along a slant path [dB]: the zenith value over sin(elevation) (cosecant law)."""
    el = np.maximum(np.asarray(elevation_rad, dtype=float), _MIN_COSECANT_ELEVATION_RAD)
    return np.asarray(np.asarray(zenith_db, dtype=float) / np.sin(el))


def carrier_to_noise_density_dbhz(
    eirp_dbw: ArrayLike, g_over_t_db_per_k: ArrayLike, losses_db: ArrayLike
) -> FloatArray:
    """:math:`C/N_0` [dB·Hz] from the EIRP, the receiver's G/T and every loss on the path (free space included)."""
    return np.asarray(
        np.asarray(eirp_dbw, dtype=float)
        + np.asarray(g_over_t_db_per_k, dtype=float)
        - np.asarray(losses_db, dtype=float)
        - BOLTZMANN_DBW_PER_K_HZ
    )


@dataclass(frozen=True)
class ModcodTable:
    """MODCODs in order of their threshold: required :math:`E_s/N_0` [dB] and spectral efficiency [bit/symbol]."""

    names: tuple[str, ...]
    esn0_db: FloatArray
    bits_per_symbol: FloatArray


def modcod_table(names: list[str], esn0_db: ArrayLike, bits_per_symbol: ArrayLike) -> ModcodTable:
    """A MODCOD table in threshold order, read-only."""
    esn0 = np.asarray(esn0_db, dtype=float)
    eff = np.asarray(bits_per_symbol, dtype=float)
    if esn0.shape != eff.shape or esn0.ndim != 1 or len(names) != len(esn0) or len(esn0) == 0:
        raise ValueError("a MODCOD table needs one name, threshold and efficiency per MODCOD")
    order = np.argsort(esn0, kind="stable")
    esn0, eff = np.array(esn0[order]), np.array(eff[order])
    esn0.setflags(write=False)
    eff.setflags(write=False)
    return ModcodTable(tuple(names[i] for i in order), esn0, eff)


def acm_bits_per_symbol(esn0_db: ArrayLike, table: ModcodTable, margin_db: float = 0.0) -> FloatArray:
    """Spectral efficiency of the best MODCOD that closes at this :math:`E_s/N_0` with ``margin_db`` to spare
    [bit/symbol]; 0 where none does."""
    available = np.asarray(esn0_db, dtype=float) - margin_db
    # efficiencies do not rise with the threshold in every pair (8PSK 3/5 needs less Es/N0 than QPSK 8/9 and
    # carries more), so take the best efficiency among all the MODCODs that close
    best_below = np.maximum.accumulate(table.bits_per_symbol)
    n = np.searchsorted(table.esn0_db, available, side="right")
    return np.asarray(np.where(n > 0, best_below[np.maximum(n - 1, 0)], 0.0))


@dataclass(frozen=True)
class RfTerminal:
    """A satellite's RF downlink: transmitter power, antenna gain, carrier, symbol rate and its modem's margin."""

    transmit_power_w: float
    antenna_gain_dbi: float
    frequency_hz: float
    symbol_rate_baud: float
    losses_db: float = 0.0  # transmit-line, polarisation and pointing losses
    margin_db: float = 0.0  # implementation margin kept above the MODCOD thresholds

    @property
    def eirp_dbw(self) -> float:
        return float(db(self.transmit_power_w)) + self.antenna_gain_dbi - self.losses_db


def rf_link_rate_bit_per_s(
    t: RfTerminal,
    table: ModcodTable,
    distance_m: ArrayLike,
    elevation_rad: ArrayLike,
    g_over_t_db_per_k: ArrayLike,
    zenith_attenuation_db: ArrayLike = 0.0,
) -> FloatArray:
    """Rate of ``t`` to a station of this G/T at these ranges and elevations [bit/s] (0 where no MODCOD closes)."""
    losses = free_space_loss_db(distance_m, t.frequency_hz) + slant_attenuation_db(zenith_attenuation_db, elevation_rad)
    cn0 = carrier_to_noise_density_dbhz(t.eirp_dbw, g_over_t_db_per_k, losses)
    esn0 = cn0 - float(db(t.symbol_rate_baud))
    return np.asarray(acm_bits_per_symbol(esn0, table, t.margin_db) * t.symbol_rate_baud)


__all__ = [
    "BOLTZMANN_DBW_PER_K_HZ",
    "BOLTZMANN_J_PER_K",
    "ModcodTable",
    "RfTerminal",
    "acm_bits_per_symbol",
    "carrier_to_noise_density_dbhz",
    "db",
    "dish_gain_dbi",
    "free_space_loss_db",
    "from_db",
    "modcod_table",
    "rf_link_rate_bit_per_s",
    "slant_attenuation_db",
]
