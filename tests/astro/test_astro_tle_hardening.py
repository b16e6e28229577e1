"""Hard edges of TLE / OMM input (issue #12): every bad input is one short SkyrackInputError naming the field.

Each case below was found by a fuzz run (a Python exception from deep inside, or a silently absurd orbit). The
valid inputs are checked against python-sgp4's own parsers (an independent reference) to show that nothing that
parsed before parses differently now.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sgp4
from astro_refdata import ISS_TLE, MARIO_OMM
from hypothesis import given, settings
from hypothesis import strategies as st
from sgp4 import omm
from sgp4.api import WGS72, Satrec

import skyrack
from skyrack.astro.tle import (
    MAX_INPUT_BYTES,
    MAX_JSON_DEPTH,
    MAX_XML_DEPTH,
    load_satellites,
    parse_omm_csv,
    parse_omm_json,
    parse_omm_xml,
    parse_satellites,
    parse_tle,
    propagate_teme,
    satrec_from_omm,
)
from skyrack.errors import SkyrackInputError, SkyrackInputErrors, SkyrackWarning
from skyrack.models.orbits import TLE_EPOCH_WARNING_DAYS, fleet_orbits

ROOT = Path(__file__).resolve().parents[2]
TLE_SCENARIO = ROOT / "examples" / "tle-fleet.toml"
TLE_FILE = ROOT / "examples" / "tle-fleet.tle"
SGP4_DIR = Path(os.path.dirname(sgp4.__file__))

_, ISS_L1, ISS_L2 = ISS_TLE  # real ISS element set of 2018-07-03 (Skyfield's test suite)

MARIO: dict[str, Any] = dict(MARIO_OMM)
# The Satrec fields that define an element set and its SGP4 initialisation.
SATREC_FIELDS = (
    "satnum",
    "jdsatepoch",
    "jdsatepochF",
    "bstar",
    "ndot",
    "nddot",
    "ecco",
    "argpo",
    "inclo",
    "mo",
    "no_kozai",
    "nodeo",
    "no",
    "a",
    "error",
)


def _short_error(exc: BaseException, field: str) -> None:
    """The error names ``field`` and is one short line."""
    text = str(exc)
    assert field in text, text
    assert len(text) < 300, text
    assert "\n" not in text and "Traceback" not in text


def _checksum(line68: str) -> str:
    """A TLE line with its modulo-10 checksum appended (digits count their value, '-' counts 1)."""
    assert len(line68) == 68
    total = sum(int(c) if c in "0123456789" else (1 if c == "-" else 0) for c in line68)
    return line68 + str(total % 10)


def _iss(l1_cols: dict[int, str] | None = None, l2_cols: dict[int, str] | None = None) -> str:
    """The ISS element set with text put at 1-based columns, checksums recomputed."""
    lines = []
    for line, cols in ((ISS_L1, l1_cols or {}), (ISS_L2, l2_cols or {})):
        chars = list(line[:68])
        for first, text in cols.items():
            chars[first - 1 : first - 1 + len(text)] = text
        lines.append(_checksum("".join(chars)))
    return "\n".join(lines) + "\n"


def _omm(**changes: Any) -> str:
    rec = dict(MARIO)
    rec.update(changes)
    return json.dumps([{k: v for k, v in rec.items() if v is not None}])


def _refused(fn: Any, *args: Any, field: str, match: str | None = None, **kwargs: Any) -> SkyrackInputError:
    with pytest.raises(SkyrackInputError, match=match) as info:
        fn(*args, **kwargs)
    _short_error(info.value, field)
    return info.value


# ------------------------------------------------------------------------------------------ valid inputs


def test_valid_tle_parses_as_python_sgp4_does() -> None:
    # Reference: python-sgp4's Satrec.twoline2rv on the same lines (Vallado et al. 2006 element sets).
    lines = [ln for ln in TLE_FILE.read_text().splitlines() if ln.startswith(("1 ", "2 "))]
    cat = load_satellites(TLE_FILE)
    assert cat.norad_ids().tolist() == [6251, 28057]
    for k, sat in enumerate(cat.satrecs):
        ref = Satrec.twoline2rv(lines[2 * k][:69], lines[2 * k + 1][:69], WGS72)
        for name in SATREC_FIELDS:
            assert getattr(sat, name) == getattr(ref, name), name


def test_vallado_verification_file_still_reads_in_verification_mode() -> None:
    # SGP4-VER.TLE (Vallado et al. 2006) holds 33 element sets, among them deliberately sub-surface perigees
    # (28872, 33333) and a failing initialisation (33334): read with verify_checksum=False they all load, as
    # test_astro_tle.py's propagation check needs; the strict default refuses the first bad one.
    text = (SGP4_DIR / "SGP4-VER.TLE").read_text()
    assert len(parse_tle(text, "SGP4-VER.TLE", verify_checksum=False)) == 33
    with pytest.raises(SkyrackInputError):
        parse_tle(text, "SGP4-VER.TLE")


def test_valid_omm_matches_python_sgp4_omm() -> None:
    # Reference: python-sgp4's own OMM initialiser (sgp4.omm.initialize) on the same fields, as strings.
    ref = Satrec()
    omm.initialize(ref, {k: str(v) for k, v in MARIO.items()})
    for text in (_omm(), json.dumps([{k: str(v) for k, v in MARIO.items()}])):
        (sat,) = parse_omm_json(text).satrecs
        for name in SATREC_FIELDS:
            assert getattr(sat, name) == pytest.approx(getattr(ref, name), rel=1e-15, abs=1e-18), name


def test_angles_wrap() -> None:
    # Any finite angle is valid: 360° more gives the same positions (to well under a millimetre).
    base = parse_omm_json(_omm())
    turned = parse_omm_json(
        _omm(MEAN_ANOMALY=28.1241 + 720.0, RA_OF_ASC_NODE=216.2930 - 360.0, ARG_OF_PERICENTER=331.8976 + 360.0)
    )
    jd = base.epoch_jd_utc()[0] + np.array([0.0, 0.5])
    r0, _, _ = propagate_teme(base.satrec_array(), jd)
    r1, _, _ = propagate_teme(turned.satrec_array(), jd)
    assert np.abs(r1 - r0).max() < 1e-4


def test_nine_digit_catalogue_number_is_kept() -> None:
    # Space-Track's OMM carries 9-digit numbers; python-sgp4's Satrec stores at most 339,999 (Alpha-5 Z9999).
    cat = parse_omm_json(_omm(NORAD_CAT_ID=123456789, OBJECT_NAME=None))
    assert cat.norad_ids().tolist() == [123456789]
    assert cat.names == ["123456789"]
    assert parse_omm_json(_omm(NORAD_CAT_ID=999_999_999)).norad_ids().tolist() == [999_999_999]
    assert parse_omm_json(_omm(NORAD_CAT_ID="0")).norad_ids().tolist() == [0]


def test_alpha5_tle() -> None:
    cat = parse_tle(_iss({3: "A0001"}, {3: "A0001"}))
    assert cat.norad_ids().tolist() == [100001]


# ------------------------------------------------------------------------------------------ TLE lines


def test_truncated_tle_line_is_refused_even_without_checksum() -> None:
    text = f"{ISS_L1[:50]}\n{ISS_L2}\n"
    e = _refused(parse_tle, text, "orbit.file", field="orbit.file line 1", match="69 columns")
    assert "50" in e.expected
    _refused(parse_tle, text, "orbit.file", verify_checksum=False, field="orbit.file line 1", match="69 columns")
    _refused(parse_tle, f"{ISS_L1}\n{ISS_L2[:68]}\n", "orbit.file", field="orbit.file line 2", match="69 columns")
    # trailing blanks are removed first: a line padded to 69 columns is still short
    _refused(parse_tle, f"{ISS_L1[:60]:<69}\n{ISS_L2}\n", "orbit.file", field="orbit.file line 1", match="69")


def test_checksum_checked_unless_switched_off() -> None:
    bad = f"{ISS_L1[:68]}0\n{ISS_L2}\n"
    _refused(parse_tle, bad, "orbit.file", field="orbit.file line 1", match="checksum")
    assert parse_tle(bad, "orbit.file", verify_checksum=False).norad_ids().tolist() == [25544]


def test_name_lines_and_comments_count_in_line_numbers() -> None:
    text = "# fleet\nISS\n" + _iss(l2_cols={9: " 200.000"})
    _refused(parse_tle, text, "orbit.file", field="orbit.file line 4 INCLINATION", match="180")


@pytest.mark.parametrize(
    ("l1_cols", "l2_cols", "field", "match"),
    [
        ({}, {9: "     nan"}, "INCLINATION", "finite"),
        ({}, {9: " 200.000"}, "INCLINATION", "between 0 and 180"),
        ({}, {9: "   -1.00"}, "INCLINATION", "between 0 and 180"),
        ({}, {18: "     nan"}, "RA_OF_ASC_NODE", "finite"),
        ({}, {18: "     inf"}, "RA_OF_ASC_NODE", "finite"),
        ({}, {35: "     nan"}, "ARG_OF_PERICENTER", "finite"),
        ({}, {44: "    junk"}, "MEAN_ANOMALY", "number"),
        ({}, {27: "abcdefg"}, "ECCENTRICITY", "number"),
        ({}, {53: "        inf"}, "MEAN_MOTION", "finite"),
        ({}, {53: " 0.00000000"}, "MEAN_MOTION", "above 0"),
        ({}, {53: "17.50000000"}, "MEAN_MOTION", "perigee"),  # a = 6,237 km: inside the Earth
        ({}, {53: "99.99999999"}, "MEAN_MOTION", "perigee"),
        ({}, {3: "25545"}, "catalogue number", "line 1"),
        ({21: "999.80969102"}, {}, "EPOCH day of year", "1 ≤ day < 367"),
        ({21: "nan         "}, {}, "EPOCH day of year", "1 ≤ day < 367"),
        ({19: "xx"}, {}, "EPOCH year", "two-digit"),
    ],
)
def test_bad_tle_elements_are_refused(l1_cols: dict[int, str], l2_cols: dict[int, str], field: str, match: str) -> None:
    line = 1 if l1_cols else 2
    e = _refused(parse_tle, _iss(l1_cols, l2_cols), "orbit.file", field=f"orbit.file line {line} {field}", match=match)
    assert e.value is None or len(repr(e.value)) <= 80
    _refused(parse_satellites, _iss(l1_cols, l2_cols), "orbit.file", field=field, match=match)


def test_bad_bstar_is_refused() -> None:
    _refused(parse_tle, _iss({54: " 1234?-4"}), "orbit.file", field="orbit.file line 1 BSTAR", match="54-61")


def test_tle_garbage_is_refused() -> None:
    _refused(parse_tle, "1 garbage\n2 garbage\n", "orbit.file", field="orbit.file line 1", match="69 columns")
    _refused(parse_tle, f"{ISS_L2}\n", "orbit.file", field="orbit.file line 1", match="line 1 followed by")


# ------------------------------------------------------------------------------------------ OMM records


@pytest.mark.parametrize("value", [math.inf, -math.inf, 1e20, "inf", "1e20", -1, 1_000_000_000, 2.5, "25544.5", "x"])
def test_bad_catalogue_number_is_refused(value: Any) -> None:
    e = _refused(parse_omm_json, _omm(NORAD_CAT_ID=value), "orbit.file", field="OMM record 1 NORAD_CAT_ID")
    assert "0 to 999,999,999" in e.expected


def test_missing_catalogue_number_is_refused() -> None:
    _refused(parse_omm_json, _omm(NORAD_CAT_ID=None), field="OMM record 1 NORAD_CAT_ID", match="missing")


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [
        ("MEAN_MOTION", math.inf, "finite"),
        ("MEAN_MOTION", "inf", "finite"),
        ("MEAN_MOTION", math.nan, "finite"),
        ("MEAN_MOTION", 0.0, "above 0"),
        ("MEAN_MOTION", -15.5, "above 0"),
        ("MEAN_MOTION", 17.5, "perigee"),  # a = 6,237 km < 6,378 km
        ("MEAN_MOTION", 1e-300, "Hill sphere"),
        ("MEAN_MOTION", "1e400", "finite"),  # overflows to inf
        ("MEAN_MOTION", "1" * 400, "at most 64 characters"),
        ("ECCENTRICITY", 1.0, "0 ≤ e < 1"),
        ("ECCENTRICITY", -0.001, "0 ≤ e < 1"),
        ("INCLINATION", math.nan, "finite"),
        ("INCLINATION", 200.0, "between 0 and 180"),
        ("INCLINATION", -0.5, "between 0 and 180"),
        ("RA_OF_ASC_NODE", math.nan, "finite"),
        ("RA_OF_ASC_NODE", "nan", "finite"),
        ("ARG_OF_PERICENTER", math.inf, "finite"),
        ("MEAN_ANOMALY", "-inf", "finite"),
        ("BSTAR", math.inf, "finite"),
        ("MEAN_MOTION_DOT", math.nan, "finite"),
        ("MEAN_MOTION_DDOT", "junk", "a number"),
        ("MEAN_MOTION", None, "missing"),
        ("INCLINATION", "", "missing"),
        ("MEAN_MOTION", [15.5], "a number or a string"),
        ("MEAN_MOTION", True, "a number or a string"),
        ("EPOCH", "yesterday", "UTC time"),
        ("EPOCH", 2023.3, "UTC time"),
        ("EPOCH", None, "UTC time"),
        ("OBJECT_NAME", "x" * 10_000, "at most 64 characters"),
    ],
)
def test_bad_omm_elements_are_refused(key: str, value: Any, match: str) -> None:
    e = _refused(
        parse_omm_json, _omm(**{key: value}), "orbit.file", field=f"orbit.file OMM record 1 {key}", match=match
    )
    assert e.value is None or len(repr(e.value)) <= 80


def test_omm_record_number_names_the_bad_one() -> None:
    good, bad = dict(MARIO), dict(MARIO, MEAN_MOTION=math.inf)
    text = json.dumps([good, bad])
    _refused(parse_satellites, text, "orbit.file", field="orbit.file OMM record 2 MEAN_MOTION", match="finite")


def test_satrec_from_omm_names_the_field() -> None:
    _refused(satrec_from_omm, dict(MARIO, INCLINATION=math.nan), field="OMM record INCLINATION")


def test_csv_and_xml_values_are_checked_too() -> None:
    header = ",".join(MARIO)
    row = ",".join("inf" if k == "MEAN_MOTION" else str(v) for k, v in MARIO.items())
    _refused(parse_omm_csv, f"{header}\n{row}\n", "f.csv", field="f.csv OMM record 1 MEAN_MOTION", match="finite")
    xml = (
        "<ndm><omm><body><segment><metadata><OBJECT_NAME>X</OBJECT_NAME></metadata><data><meanElements>"
        + "".join(f"<{k}>{'nan' if k == 'INCLINATION' else v}</{k}>" for k, v in MARIO.items())
        + "</meanElements></data></segment></body></omm></ndm>"
    )
    _refused(parse_omm_xml, xml, "f.xml", field="f.xml OMM record 1 INCLINATION", match="finite")


# ------------------------------------------------------------------------------------------ size and depth


def test_deep_json_is_refused() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    _refused(parse_satellites, deep, "orbit.file", field="orbit.file", match="nested")
    _refused(parse_omm_json, "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "o", field="o", match="nested")
    # brackets inside strings do not count
    assert len(parse_omm_json(_omm(OBJECT_NAME="[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["))) == 1


def test_json_integer_too_long_is_refused() -> None:
    _refused(parse_omm_json, '[{"NORAD_CAT_ID": ' + "9" * 5000 + "}]", "orbit.file", field="orbit.file", match="JSON")


def test_json_of_something_else_is_refused() -> None:
    _refused(parse_omm_json, "[1, 2]", "orbit.file", field="orbit.file", match="list of OMM objects")
    _refused(parse_omm_json, "[{", "orbit.file", field="orbit.file", match="valid JSON")


def test_long_csv_field_is_refused() -> None:
    text = "OBJECT_NAME,EPOCH\n" + '"' + "x" * 200_000 + '",1\n'
    _refused(parse_satellites, text, "orbit.file", field="orbit.file line", match="CSV")


def test_xml_entities_and_depth_are_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{k} "{("&lol" + str(k - 1 or "") + ";") * 10}">' for k in range(1, 10))
        + "]><ndm>&lol9;</ndm>"
    )
    _refused(parse_satellites, laughs, "orbit.file", field="orbit.file", match="DOCTYPE or ENTITY")
    deep = "<a>" * 100_000 + "</a>" * 100_000
    _refused(parse_satellites, deep, "orbit.file", field="orbit.file", match="nested")
    n = MAX_XML_DEPTH + 1
    _refused(parse_omm_xml, "<a>" * n + "</a>" * n, "o", field="o", match=f"at most {MAX_XML_DEPTH}")
    _refused(parse_omm_xml, "<a><b></a>", "o", field="o", match="well-formed XML")


def test_oversized_text_is_refused() -> None:
    _refused(parse_satellites, " " * (MAX_INPUT_BYTES + 1), "orbit.file", field="orbit.file", match="MiB")


# ------------------------------------------------------------------------------------------ files and paths


def test_paths_are_refused_clearly(tmp_path: Path) -> None:
    _refused(load_satellites, "a" * 5000, "orbit.file", field="orbit.file", match="at most 4,096 characters")
    _refused(load_satellites, tmp_path / ("a" * 300), "orbit.file", field="orbit.file", match="readable")
    _refused(load_satellites, "~nosuchuser_skyrack/x.tle", "orbit.file", field="orbit.file", match="~user")
    _refused(load_satellites, tmp_path / "missing.tle", "orbit.file", field="orbit.file", match="no such file")
    _refused(load_satellites, tmp_path, "orbit.file", field="orbit.file", match="not a regular file")
    big = tmp_path / "big.tle"
    with big.open("wb") as fh:  # sparse: no disk space used
        fh.truncate(MAX_INPUT_BYTES + 1)
    _refused(load_satellites, big, "orbit.file", field="orbit.file", match="too large")
    latin = tmp_path / "latin.tle"
    latin.write_bytes("ISS é\n".encode("latin-1") + f"{ISS_L1}\n{ISS_L2}\n".encode())
    _refused(load_satellites, latin, "orbit.file", field="orbit.file", match="UTF-8")


def test_default_source_is_the_path(tmp_path: Path) -> None:
    f = tmp_path / "bad.tle"
    f.write_text(f"{ISS_L1[:50]}\n{ISS_L2}\n")
    _refused(load_satellites, f, field=f"{f} line 1", match="69 columns")


def test_scenario_names_orbit_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(_omm(MEAN_MOTION="inf"))
    with pytest.raises(SkyrackInputErrors) as info:
        skyrack.load_scenario(TLE_SCENARIO, [f'orbit.file="{bad}"'])
    (e,) = info.value.errors
    assert e.field == "orbit.file" and "MEAN_MOTION" in str(e) and "finite" in str(e)


# ------------------------------------------------------------------------------------------ epoch warning


def test_shipped_tle_example_does_not_warn() -> None:
    # examples/tle-fleet.toml starts 2006-06-27, one and two days after its element sets' epochs.
    s = skyrack.load_scenario(TLE_SCENARIO)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkyrackWarning)
        assert fleet_orbits(s).count == 2


def test_old_element_sets_warn_once() -> None:
    # 2006-08-15 is 50.2 days after the epoch of NORAD 06251 (2006-06-25 19:46 UTC), 49.2 after 28057's.
    s = skyrack.load_scenario(TLE_SCENARIO, ["scenario.start=2006-08-15T00:00:00Z"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fleet_orbits(s)
    found = [w for w in caught if issubclass(w.category, SkyrackWarning)]
    assert len(found) == 1
    text = str(found[0].message)
    assert "2 of 2 satellites" in text and "up to 50 days" in text and "SGP4" in text and "epoch" in text
    assert f"{TLE_EPOCH_WARNING_DAYS:g} days" in text


def test_element_sets_far_from_the_start_warn_before_they_fail() -> None:
    # A 2006 element set flown from 2030: the warning comes, then SGP4 finds the satellite decayed.
    s = skyrack.load_scenario(TLE_SCENARIO, ["scenario.start=2030-01-01T00:00:00Z"])
    with (
        pytest.warns(SkyrackWarning, match=r"2 of 2 satellites .*up to 8,590 days"),
        pytest.raises(SkyrackInputError, match=r"orbit\.file"),
    ):
        fleet_orbits(s)


# ------------------------------------------------------------------------------------------ fuzz


_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=30),
    st.none(),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(MARIO)), _NUMBERS, max_size=6))
def test_fuzzed_omm_parses_or_is_refused(changes: dict[str, Any]) -> None:
    try:
        cat = parse_omm_json(_omm(**changes), "orbit.file")
    except SkyrackInputError as exc:
        _short_error(exc, "orbit.file")
        return
    (sat,) = cat.satrecs
    a_km = sat.a * 6378.135  # SGP4's semi-major axis [earth radii → km, WGS-72]
    assert sat.error == 0 and 0.0 <= sat.ecco < 1.0 and 0.0 <= sat.inclo <= math.pi
    assert a_km * (1.0 - sat.ecco) > 6300.0


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=67), st.text(min_size=1, max_size=8), st.booleans())
def test_fuzzed_tle_parses_or_is_refused(col: int, text: str, line2: bool) -> None:
    lines = [ISS_L1[:68], ISS_L2[:68]]
    k = int(line2)
    lines[k] = (lines[k][:col] + text + lines[k][col + len(text) :])[:68]
    body = "\n".join(_checksum(ln) if len(ln) == 68 else ln for ln in lines) + "\n"
    try:
        cat = parse_satellites(body, "orbit.file")
    except SkyrackInputError as exc:
        _short_error(exc, "orbit.file")
        return
    for sat in cat.satrecs:
        assert math.isfinite(sat.no_kozai) and sat.no_kozai > 0.0 and 0.0 <= sat.inclo <= math.pi
