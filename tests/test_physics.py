"""Radiator, array and battery kernels against published figures and closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import brentq

from skyrack.physics.power import (
    array_operating_point,
    array_output_w_per_m2,
    array_power_required_w,
    battery_energy_required_j,
)
from skyrack.physics.radiator import radiator_area_m2, radiator_net_flux_w_per_m2


def test_starcloud_white_paper_radiator_633_w_per_m2() -> None:
    # Starcloud white paper (2024): 20 °C, ε 0.92, α 0.09, Earth view factor 0.25, albedo 0.30, Earth at
    # −20 °C, two faces with one sunlit, 1366 W/m² → net 633.08 W/m². The paper applies the solar
    # absorptivity α to Earth infrared as well, hence earth_ir_absorptivity=0.09.
    flux = radiator_net_flux_w_per_m2(
        293.15,
        0.92,
        0.09,
        1366.0,
        earth_view_factor=0.25,
        albedo=0.30,
        earth_temperature_k=253.15,
        radiating_sides=2,
        sunlit_sides=1,
        earth_ir_absorptivity=0.09,
    )
    assert float(flux) == pytest.approx(633.08, rel=1e-3)


def test_starcloud_emission_838_w_per_m2() -> None:
    # Starcloud white paper (2024): "838 W/m² radiated at 20 °C" for a two-sided plate, before absorbed
    # loads; the figure is 2 σ T⁴ with ε ≈ 1 (2 × 5.670e-8 × 293.15⁴ = 837.5 W/m²).
    flux = radiator_net_flux_w_per_m2(293.15, 1.0, 0.0, 0.0, radiating_sides=2)
    assert float(flux) == pytest.approx(838.0, rel=1e-3)


def test_ideal_two_sided_radiator_area_at_300_k() -> None:
    # Ideal two-sided radiator, ε 0.9, 3 K sink, no environment: 1.21 m²/kW at 300 K
    # (ARA note on Suncatcher, 2025, table of ideal radiator areas; parameters.md [S7]).
    flux = radiator_net_flux_w_per_m2(300.0, 0.9, 0.0, 0.0, radiating_sides=2, sink_temperature_k=3.0)
    assert float(radiator_area_m2(1000.0, flux)) == pytest.approx(1.21, abs=0.005)


@pytest.mark.parametrize(("temperature_k", "area_m2_per_kw"), [(276.0, 1.69), (330.0, 0.83), (350.0, 0.65)])
def test_ideal_radiator_area_table(temperature_k: float, area_m2_per_kw: float) -> None:
    # Same table (parameters.md [S7]): 1.69 @ 276 K, 0.83 @ 330 K, 0.65 @ 350 K.
    flux = radiator_net_flux_w_per_m2(temperature_k, 0.9, 0.0, 0.0, radiating_sides=2, sink_temperature_k=3.0)
    assert float(radiator_area_m2(1000.0, flux)) == pytest.approx(area_m2_per_kw, abs=0.006)


def test_kirchhoff_default_absorbs_earth_ir_at_the_emissivity() -> None:
    # Closed form: the default differs from the Starcloud variant by F (ε − α) σ T_E⁴.
    common = dict(earth_view_factor=0.25, albedo=0.3, earth_temperature_k=253.15, radiating_sides=2, sunlit_sides=1)
    kirchhoff = radiator_net_flux_w_per_m2(293.15, 0.92, 0.09, 1366.0, **common)  # type: ignore[arg-type]
    starcloud = radiator_net_flux_w_per_m2(293.15, 0.92, 0.09, 1366.0, earth_ir_absorptivity=0.09, **common)  # type: ignore[arg-type]
    expected = 0.25 * (0.92 - 0.09) * 5.670374419e-8 * 253.15**4
    assert float(starcloud - kirchhoff) == pytest.approx(expected, rel=1e-12)


def test_radiator_that_cannot_reject_heat_gives_nan_area() -> None:
    flux = radiator_net_flux_w_per_m2(200.0, 0.8, 0.9, 1361.0, radiating_sides=1, sunlit_sides=1)
    assert float(flux) < 0
    assert np.isnan(radiator_area_m2(1000.0, flux))


def test_suncatcher_array_28_3_kw() -> None:
    # Suncatcher (arXiv 2511.19468, §2.4): 105 m² of 22% cells at 90% packing ≈ 28.3 kW.
    assert float(array_output_w_per_m2(1361.0, 0.22, 0.9)) * 105.0 == pytest.approx(28.3e3, rel=0.005)


@given(
    daylight_w=st.floats(1.0, 1e7),
    eclipse_w=st.floats(0.0, 1e7),
    period_s=st.floats(5000.0, 7000.0),
    eclipse_share=st.floats(0.0, 0.45),
    x_d=st.floats(0.5, 1.0),
    x_e=st.floats(0.5, 1.0),
)
def test_array_sizing_energy_balance(
    daylight_w: float, eclipse_w: float, period_s: float, eclipse_share: float, x_d: float, x_e: float
) -> None:
    # Conservation over one orbit: what the array delivers in sunlight, through each path's efficiency,
    # is what the loads use in sunlight and in eclipse.
    t_e = eclipse_share * period_s
    t_d = period_s - t_e
    p_sa = float(array_power_required_w(daylight_w, eclipse_w, t_d, t_e, x_d, x_e))
    array_energy_j = p_sa * t_d
    load_energy_at_array_j = daylight_w * t_d / x_d + eclipse_w * t_e / x_e
    assert array_energy_j == pytest.approx(load_energy_at_array_j, rel=1e-12)


def test_battery_capacity_closed_form() -> None:
    # 10 kW for 35.6 min at 30% DoD and 90% transmission: C = P T / (DoD n) = 10 kW × 0.5933 h / 0.27 = 21.98 kWh.
    capacity_j = battery_energy_required_j(10e3, 35.6 * 60, 0.3, 0.9)
    assert float(capacity_j) / 3.6e6 == pytest.approx(10 * 35.6 / 60 / 0.27, rel=1e-12)


def test_array_degradation_compounds_yearly() -> None:
    # (1 − 0.005)^5 = 0.975248... of beginning-of-life output after 5 years.
    ratio = array_output_w_per_m2(1361.0, 0.22, 0.9, 0.005, 5.0) / array_output_w_per_m2(1361.0, 0.22, 0.9)
    assert float(ratio) == pytest.approx(0.995**5, rel=1e-12)


def test_array_operating_point_solves_the_flat_plate_balance() -> None:
    # Gilmore (2002) ch. 2: a thin sunlit plate radiating from both faces, 2εσT⁴ = αS − p, with the electrical
    # output p = S f_p η(T) L and η(T) = η0 [1 + β (T − T_ref)] (SMAD 1999 §11.4); root found here by brentq.
    s, eta0, fp, life, beta, t_ref, alpha, eps = 1361.0, 0.22, 0.9, 0.975, -0.0021, 301.15, 0.88, 0.80

    def balance(t_k: float) -> float:
        return float(
            2 * eps * 5.670374419e-8 * t_k**4 - (alpha * s - s * fp * eta0 * (1 + beta * (t_k - t_ref)) * life)
        )

    t_expected = brentq(balance, 200.0, 500.0, xtol=1e-12)
    p, t = array_operating_point(s, eta0, fp, life, beta, t_ref, alpha, eps)
    assert float(t) == pytest.approx(t_expected, abs=1e-6)
    assert float(p) == pytest.approx(s * fp * eta0 * (1 + beta * (t_expected - t_ref)) * life, rel=1e-9)
    # ≈ 45 °C: hotter than the 28 °C rating, so the cells lose ≈ 3.5% (the design must size for it)
    assert 40.0 < float(t) - 273.15 < 50.0
    # without a temperature coefficient the output is SMAD's S η f_p L, vectorised over samples
    p0, _ = array_operating_point(np.full(3, s), eta0, fp, np.array([1.0, 0.9, 0.8]), 0.0)
    np.testing.assert_allclose(p0, s * eta0 * fp * np.array([1.0, 0.9, 0.8]), rtol=1e-12)


@pytest.mark.parametrize("altitude_km", [300.0, 650.0, 2000.0, 20000.0])
def test_edge_on_earth_view_factor_matches_quadrature(altitude_km: float) -> None:
    # F = ∫ cos θ₁ cos θ₂ / (π s²) dA over the sphere, for a face whose normal is horizontal, summed on a
    # 1,200 × 2,400 grid in colatitude and longitude: the midpoint rule's error is ~1e-6 at this grid (it halves
    # the difference when the grid doubles), so 1e-5.
    from skyrack.physics.radiator import earth_view_factor_edge_on

    r = 6378137.0
    n = 1200
    th = (np.arange(n) + 0.5) * np.pi / n
    ph = (np.arange(2 * n) + 0.5) * np.pi / n
    t, p = np.meshgrid(th, ph, indexing="ij")
    normal = np.stack([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)], axis=-1)
    d = r * normal - np.array([0.0, 0.0, r + altitude_km * 1e3])
    s = np.linalg.norm(d, axis=-1)
    u = d / s[..., None]
    c1, c2 = u[..., 0], -(u * normal).sum(axis=-1)
    area = r * r * np.sin(t) * (np.pi / n) ** 2
    f = float(np.sum(np.where((c1 > 0) & (c2 > 0), c1 * c2 / (np.pi * s * s) * area, 0.0)))
    assert float(earth_view_factor_edge_on(altitude_km * 1e3)) == pytest.approx(f, rel=1e-5)
    assert float(earth_view_factor_edge_on(0.0)) == pytest.approx(0.5, abs=1e-12)  # a vertical wall on the ground
