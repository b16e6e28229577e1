"""Space-to-ground link kernels (physics/rf.py, physics/ground_link.py) against a published RF budget, the DVB-S2
table, closed forms, site-diversity arithmetic and conservation laws."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.models.ground_segment import dvbs2_modcods
from skyrack.physics.ground_link import (
    EARTH_MEAN_RADIUS_M,
    FIBRE_ROUTE_FACTOR,
    FIBRE_S_PER_M,
    air_mass,
    any_clear_probability,
    assign_downlinks,
    clear_sky_transmission,
    cloud_free_states,
    fibre_latency_s,
    fifo_wait_s,
    great_circle_m,
    optical_downlink_rate_bit_per_s,
    serve_stores,
    store_and_forward,
    wait_for_next_s,
    weighted_quantile,
)
from skyrack.physics.optical import OpticalTerminal
from skyrack.physics.rf import (
    BOLTZMANN_DBW_PER_K_HZ,
    RfTerminal,
    acm_bits_per_symbol,
    carrier_to_noise_density_dbhz,
    db,
    dish_gain_dbi,
    free_space_loss_db,
    rf_link_rate_bit_per_s,
    slant_attenuation_db,
)


def test_boltzmann_and_the_free_space_loss_in_the_textbook_form() -> None:
    # SMAD 3rd ed. §13.3: 10 log k = −228.6 dBW/(K·Hz); L_s = 92.45 + 20 log S[km] + 20 log f[GHz] (eq. 13-21a)
    assert float(BOLTZMANN_DBW_PER_K_HZ) == pytest.approx(-228.6, abs=0.01)
    for d_km, f_ghz in ((500.0, 2.2), (1396.0, 2.2), (2000.0, 26.25), (40000.0, 12.0)):
        expected = 92.45 + 20 * math.log10(d_km) + 20 * math.log10(f_ghz)
        # the textbook constant is rounded to 0.01 dB
        assert float(free_space_loss_db(d_km * 1e3, f_ghz * 1e9)) == pytest.approx(expected, abs=0.01)


def test_a_published_s_band_budget_closes_as_printed() -> None:
    # EURASIP JWCN 2020 Table 1 [S212]: EIRP 38.3 dBm, free space −162.2 dB, depointing −10 dB, a 5 m dish of 50 %
    # at 2,200 MHz (38.2 dBi), 130 K, 3.4 Mbit/s → C/N0 81.8 dB-Hz and Eb/N0 16.5 dB. The table prints 0.1 dB.
    gain = float(dish_gain_dbi(5.0, 2.2e9, 0.5))
    assert gain == pytest.approx(38.2, abs=0.05)
    g_over_t = 38.2 - float(db(130.0))
    cn0 = float(carrier_to_noise_density_dbhz(38.3 - 30.0, g_over_t, 162.2 + 10.0))
    assert cn0 == pytest.approx(81.8, abs=0.05)
    assert cn0 - float(db(3.4e6)) == pytest.approx(16.5, abs=0.06)


def test_acm_picks_the_most_efficient_modcod_that_closes() -> None:
    # ETSI EN 302 307-1 Table 13 [S211]: thresholds and efficiencies; 8PSK 3/5 (5.50 dB, 1.779991) beats QPSK 8/9
    # (6.20 dB, 1.766451), so at 6.30 dB the best is 8PSK 3/5
    t = dvbs2_modcods()
    assert len(t.names) == 28
    got = acm_bits_per_symbol(np.array([-3.0, -2.35, 1.0, 6.30, 6.42, 16.05, 30.0]), t)
    assert got.tolist() == pytest.approx([0.0, 0.490243, 0.988858, 1.779991, 1.788612, 4.453027, 4.453027])
    # a margin lowers what closes by as much
    assert float(acm_bits_per_symbol(6.42 + 1.0, t, margin_db=1.0)) == pytest.approx(1.788612)


def test_an_rf_link_rate_falls_with_range_and_low_elevation() -> None:
    t = dvbs2_modcods()
    term = RfTerminal(transmit_power_w=2.0, antenna_gain_dbi=30.0, frequency_hz=26e9, symbol_rate_baud=1e9)
    near = rf_link_rate_bit_per_s(term, t, 600e3, math.radians(90.0), 20.0, 0.5)
    far = rf_link_rate_bit_per_s(term, t, 2500e3, math.radians(10.0), 20.0, 0.5)
    # by hand: EIRP 33 dBW, G/T 20 dB/K; near 176.3 + 0.5 dB of loss → Es/N0 14.8 dB (32APSK 5/6 at 14.28, 4.119540);
    # far 188.7 + 2.9 dB → 0.0 dB (QPSK 2/5, 0.789412)
    assert float(near) == pytest.approx(1e9 * 4.119540)
    assert float(far) == pytest.approx(1e9 * 0.789412)
    # the cosecant law: twice the zenith attenuation at 30°
    assert float(slant_attenuation_db(1.0, math.radians(30.0))) == pytest.approx(2.0, rel=1e-12)


def test_air_mass_tends_to_the_plane_parallel_law_high_up_and_about_38_at_the_horizon() -> None:
    # Kasten & Young (1989): within 0.5 % of 1/sin e above 30°; 37.92 at the horizon from their formula
    el = np.radians([30.0, 45.0, 60.0, 90.0])
    assert air_mass(el) == pytest.approx(1.0 / np.sin(el), rel=5e-3)
    assert float(air_mass(0.0)) == pytest.approx(37.92, abs=0.01)
    assert float(clear_sky_transmission(0.8, math.radians(90.0))) == pytest.approx(0.8, rel=1e-3)


def test_an_optical_downlink_feeds_the_channels_its_received_power_pays_for() -> None:
    # Suncatcher's 10 cm / 5 W / 400G DWDM terminal into a 1 m telescope at 1,000 km in vacuum: P_r = P_t (π D_t
    # D_r / 4 λ L)² = 12.8 mW, 1,286 channel powers of 10 µW: every one of the 24 fed; 200× farther, 0.03 fed → 0
    term = OpticalTerminal(5.0, 0.10, 1.55e-6, 24, 400e9, 195.6)
    full = optical_downlink_rate_bit_per_s(term, 1000e3, math.radians(90.0), 1.0)
    assert float(full) == pytest.approx(24 * 400e9)
    assert float(optical_downlink_rate_bit_per_s(term, 200 * 1000e3, math.radians(90.0), 1.0)) == 0.0
    # at 20x: 1,286 / 400 = 3.2 → 3 channels
    assert float(optical_downlink_rate_bit_per_s(term, 20 * 1000e3, math.radians(90.0), 1.0)) == 3 * 400e9


def test_site_diversity_of_eight_australasian_sites() -> None:
    # Birch et al. (arXiv 2211.09248) [S197]: eight sites averaging 69 % availability reach "up to 99.97 %" with
    # their measured (positive) correlations; independent skies are the upper bound: 1 − 0.31⁸ = 99.9915 %
    p = any_clear_probability([0.69] * 8)
    assert p == pytest.approx(1 - 0.31**8, rel=1e-12)
    assert p >= 0.9997


def test_the_sky_chain_keeps_its_cflos_and_its_correlation_time() -> None:
    rng = np.random.default_rng(7)
    p = np.array([0.686, 0.3])
    steps = 200_000
    iid = cloud_free_states(p, steps, 3600.0, 0.0, rng)
    sigma = np.sqrt(p * (1 - p) / steps)
    assert np.all(np.abs(iid.mean(axis=1) - p) < 4 * sigma)
    tau = 6 * 3600.0
    chain = cloud_free_states(p, steps, 3600.0, tau, rng).astype(float)
    for row, pm in zip(chain, p, strict=True):
        assert row.mean() == pytest.approx(pm, abs=0.02)  # correlated draws: a wider band
        x = row - row.mean()
        lag1 = float(np.dot(x[:-1], x[1:]) / np.dot(x, x))
        assert lag1 == pytest.approx(math.exp(-1 / 6), abs=0.02)


def test_the_store_conserves_every_bit_chunk_by_chunk() -> None:
    rng = np.random.default_rng(3)
    a = rng.exponential(5.0, size=(4, 500))
    c = rng.exponential(4.0, size=(4, 500)) * (rng.random((4, 500)) < 0.3)
    held = np.zeros(4)
    total_sent = total_lost = 0.0
    for lo in range(0, 500, 137):
        s, h, lost = store_and_forward(a[:, lo : lo + 137], c[:, lo : lo + 137], 40.0, held)
        assert np.all(h <= 40.0 + 1e-12) and np.all(s <= c[:, lo : lo + 137] + 1e-12)
        total_sent += float(s.sum())
        total_lost += float(lost.sum())
    assert total_sent + total_lost + float(held.sum()) == pytest.approx(float(a.sum()), rel=1e-12)
    # an open link sends everything as it comes; a shut one fills the store, then loses the rest
    s, h, lost = store_and_forward(np.full(5, 3.0), np.full(5, 10.0), 4.0)
    assert s.tolist() == [3.0] * 5 and h.tolist() == [0.0] * 5
    s, h, lost = store_and_forward(np.full(5, 3.0), np.zeros(5), 4.0)
    assert h.tolist() == [3.0, 4.0, 4.0, 4.0, 4.0] and float(lost.sum()) == 11.0


def test_fifo_waits_by_hand() -> None:
    # 5 bits at t = 0, 60, 120; the link opens for 3 bits at 120 and 20 at 180, a 6-bit store: 4 and 2 bits are
    # lost; the first 5 kept bits leave by 180 (wait 180 s), the next 1 by 180 (120 s), the last 3 by 180 (60 s)
    t = np.arange(6) * 60.0
    a = np.array([5.0, 5.0, 5.0, 0.0, 0.0, 10.0])
    c = np.array([0.0, 0.0, 3.0, 20.0, 0.0, 20.0])
    s, _, lost = store_and_forward(a, c, 6.0)
    assert lost.tolist() == [0.0, 4.0, 2.0, 0.0, 0.0, 0.0]
    w = fifo_wait_s(t, a, s, lost)
    assert w[[0, 1, 2, 5]].tolist() == [180.0, 120.0, 60.0, 0.0]
    assert np.isnan(w[3]) and np.isnan(w[4])
    wait, nxt = wait_for_next_s(t, [0, 1, 0, 0, 1, 0])
    assert wait.tolist() == [60.0, 0.0, 120.0, 60.0, 0.0, math.inf] and nxt.tolist() == [1, 1, 4, 4, 4, -1]


def test_greedy_assignment_and_stores_serve_each_satellite_once_a_step() -> None:
    # two satellites, one two-terminal optical station and one RF station: the station takes both satellites'
    # optical terminals; the RF station the faster satellite's RF terminal
    rate = np.zeros((2, 2, 1))
    rate[:, 0, 0] = [5.0, 7.0]
    rate[:, 1, 0] = [3.0, 1.0]
    station, satellite, chosen = assign_downlinks(rate, [2, 1], [0, 1], 1)
    assert station[:, 0].tolist() == [12.0, 3.0]
    assert satellite[:, 0].tolist() == [5.0 + 3.0, 7.0]
    assert chosen[0, :, 0].tolist() == [1, 0] and chosen[1, 0, 0] == 0
    # own stores: one terminal, two satellites in reach at 10 bit/s for a 1 s step: it time-shares, fullest first
    rate = np.full((2, 1, 2), 10.0)
    held = np.zeros(2)
    st, sent, h, lost = serve_stores(rate, [1], [0], 1, np.array([[6.0, 0.0], [3.0, 0.0]]), 100.0, held, 1.0)
    assert sent.tolist() == [9.0, 0.0] and st[0].tolist() == [9.0, 0.0] and held.tolist() == [0.0, 0.0]
    assert float(lost.sum()) == 0.0 and h.tolist() == [0.0, 0.0]


def test_great_circles_fibre_and_weighted_quantiles() -> None:
    # a quarter meridian on the mean sphere is πR/2 exactly
    assert float(great_circle_m(0.0, 0.0, math.pi / 2, 0.0)) == pytest.approx(math.pi * EARTH_MEAN_RADIUS_M / 2)
    assert float(great_circle_m(0.0, 0.0, 0.0, math.pi)) == pytest.approx(math.pi * EARTH_MEAN_RADIUS_M)
    # fibre: 4.9 µs/km over routes 2.1 × the line of sight (M2 Optics; Bozkurt et al. 2018)
    assert float(fibre_latency_s(1000e3)) == pytest.approx(1000e3 * FIBRE_ROUTE_FACTOR * FIBRE_S_PER_M)
    assert float(FIBRE_S_PER_M) == pytest.approx(1.47 / 299792458.0, rel=2e-3)
    q = weighted_quantile([1.0, 2.0, 3.0, 10.0], [1.0, 1.0, 1.0, 0.0], [0.5, 0.95])
    assert q.tolist() == [2.0, 3.0]
    assert np.isnan(weighted_quantile([1.0], [0.0], [0.5])).all()
