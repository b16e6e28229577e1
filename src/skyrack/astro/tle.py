"""Real satellites: TLE and OMM (CCSDS JSON / XML / CSV) loading and SGP4 propagation.

Elements are loaded into python-sgp4 ``Satrec`` objects (WGS-72 constants, as the catalogues' element
sets are fitted with) and propagated with its vectorised ``SatrecArray``. SGP4 returns positions in the
TEME frame; :func:`propagate_satellites_eci` rotates them to skyrack's common inertial frame (GCRS) with
:func:`skyrack.astro.frames.teme_to_eci_matrix`.

Parsing functions take text; :func:`load_satellites` is the only function here that reads a file.
Malformed input raises one :class:`skyrack.errors.SkyrackInputError` naming the source, the entry and the
field (``orbit.file line 3``, ``orbit.file OMM record 2 MEAN_MOTION``), never a Python exception from deeper down
and never an orbit that cannot exist. The limits on what is read are the ``MAX_*`` constants below.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike
from sgp4.api import WGS72, Satrec, SatrecArray

from skyrack.astro._typing import FloatArray, IntArray
from skyrack.astro.frames import rotate, teme_to_eci_matrix
from skyrack.constants import EARTH_EQUATORIAL_RADIUS_M, MU_EARTH_M3_PER_S2
from skyrack.errors import SkyrackInputError

# Kilometres to metres [m/km].
_KM: Final = 1000.0
# Epoch origin of sgp4init: days since 1949 December 31 00:00 UT (Vallado et al. 2006, SGP4 source).
_SGP4_EPOCH0: Final = datetime(1949, 12, 31, tzinfo=UTC)
# Unit conversions of MEAN_MOTION_DOT and _DDOT from rev/day² and rev/day³ to rad/min² and rad/min³,
# as in python-sgp4's omm.py (1440² / 2π and 1440³ / 2π, with the TLE's factor 2 and 6 conventions).
_NDOT_UNITS: Final = 1036800.0 / math.pi
_NDDOT_UNITS: Final = 2985984000.0 / 2.0 / math.pi

# --- Limits on input (issue #12). Each is far above any real catalogue and far below what would exhaust the
# interpreter, the stack or the memory.
# Largest file or text read [bytes / characters]: at ≈ 1.2 kB an element set in OMM XML (CelesTrak's format, the MARIO
# example in tests/astro/test_astro_tle.py), even 50,000 element sets (more than the public catalogue's objects
# on orbit, ≈ 30,000 in 2025; estimate) come to ≈ 60 MB; JSON, CSV and TLE are smaller.
MAX_INPUT_BYTES: Final = 64 * 1024 * 1024
# Deepest JSON nesting [levels]: OMM JSON is a list of flat objects (2 levels); 8 leaves room for a wrapper.
# Deeper input is refused before json.loads recurses (100,000 levels raise RecursionError).
MAX_JSON_DEPTH: Final = 8
# Deepest XML element nesting [levels]: CCSDS NDM/XML OMM is ndm/omm/body/segment/data/meanElements/EPOCH,
# 7 levels (CCSDS NDM/XML schema); 32 leaves room for wrappers. DOCTYPE and ENTITY declarations are refused outright
# (no OMM needs them; they open entity-expansion attacks, and defusedxml is not a dependency).
MAX_XML_DEPTH: Final = 32
# Longest CSV field [characters]: the csv module's default field_size_limit (131,072), left as it is because
# it is process-wide; the longest OMM value (EPOCH with microseconds) has 26 characters.
MAX_CSV_FIELD_CHARS: Final = 131_072
# Longest OMM value given as text [characters]: EPOCH "2023-04-25T10:45:30.642912" has 26, an OBJECT_ID 11.
MAX_OMM_VALUE_CHARS: Final = 64
# Longest path accepted [characters]: PATH_MAX on Linux (limits.h), beyond which the OS refuses it anyway.
MAX_PATH_CHARS: Final = 4096
# Largest catalogue number: 9 digits, as Space-Track's OMM carries them (Alpha-5 TLEs reach 339,999).
MAX_CATALOG_NUMBER: Final = 999_999_999
# Largest catalogue number python-sgp4 can store in a Satrec (Alpha-5 "Z9999"); larger OMM numbers are kept in
# SatelliteCatalog.catalog_numbers and the Satrec carries 0 (SGP4 itself never uses the number).
SGP4_MAX_SATNUM: Final = 339_999
# Columns of a TLE line, the last one the modulo-10 checksum (NORAD/CelesTrak two-line element format).
TLE_COLUMNS: Final = 69
# Largest mean semi-major axis of an Earth orbit [m]: the Earth's Hill sphere, r_H = a⊕ (m⊕ / 3 M☉)^(1/3)
# ≈ 1.496e11 m × (5.972e24 / 5.967e30)^(1/3) ≈ 1.5e9 m; beyond it the Sun, not the Earth, holds a satellite.
MAX_SEMI_MAJOR_AXIS_M: Final = 1.5e9

# The ASCII digits (str.isdigit also accepts '²' and other scripts' digits).
_DIGITS: Final = frozenset("0123456789")
# Seconds per day [s/day].
_DAY_S: Final = 86400.0
# JSON strings (with escapes), removed before brackets are counted for the depth limit.
_JSON_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# A DOCTYPE or ENTITY declaration in XML.
_XML_DECLARATION: Final = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# TLE catalogue number, columns 3-7: five digits (leading blanks allowed) or Alpha-5 (a letter, I and O
# excluded, then four digits; USSF Alpha-5 format, 2020).
_TLE_SATNUM: Final = re.compile(r"^(?: *[0-9]+|[A-HJ-NP-Z][0-9]{4})$")
# Keyword, TLE line and 1-based columns of the numeric fields skyrack reads and checks in a TLE.
_TLE_FIELDS: Final = (
    ("EPOCH day of year", 1, 21, 32),
    ("INCLINATION", 2, 9, 16),
    ("RA_OF_ASC_NODE", 2, 18, 25),
    ("ECCENTRICITY", 2, 27, 33),
    ("ARG_OF_PERICENTER", 2, 35, 42),
    ("MEAN_ANOMALY", 2, 44, 51),
    ("MEAN_MOTION", 2, 53, 63),
)


def _short(value: object, limit: int = 72) -> str:
    """A value (an exception: its message) as text of at most ``limit`` characters, for messages.

    72 keeps the quoted value within the 80 characters a message shows of it (issue #12).
    """
    text = value if isinstance(value, str) else str(value) if isinstance(value, BaseException) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class SatelliteCatalog:
    """Satellites loaded from TLE or OMM: names and python-sgp4 ``Satrec`` objects, in file order.

    ``catalog_numbers`` holds the NORAD catalogue numbers as read (they may exceed what a ``Satrec`` can store,
    :data:`SGP4_MAX_SATNUM`); when it does not match ``satrecs`` in length the ``Satrec`` numbers are used.
    """

    names: list[str] = field(default_factory=list)
    satrecs: list[Any] = field(default_factory=list)
    catalog_numbers: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.satrecs)

    def satrec_array(self) -> Any:
        """A python-sgp4 ``SatrecArray`` of all satellites (vectorised propagation)."""
        return SatrecArray(self.satrecs)

    def epoch_jd_utc(self) -> FloatArray:
        """Element-set epochs, Julian date UTC [days], shape (N,)."""
        return np.array([s.jdsatepoch + s.jdsatepochF for s in self.satrecs], dtype=np.float64)

    def norad_ids(self) -> IntArray:
        """NORAD catalogue numbers, shape (N,)."""
        if len(self.catalog_numbers) == len(self.satrecs):
            return np.array(self.catalog_numbers, dtype=np.int64)
        return np.array([int(s.satnum) for s in self.satrecs], dtype=np.int64)


def _check_size(text: str, source: str) -> None:
    if len(text) > MAX_INPUT_BYTES:
        raise SkyrackInputError(
            source, f"{len(text):,} characters", f"at most {MAX_INPUT_BYTES // 2**20} MiB of TLE or OMM text"
        )


def check_elements(elements: Mapping[str, float], label: Callable[[str], str], check_orbit: bool = True) -> None:
    """Refuse mean elements that do not describe an orbit around the Earth.

    Parameters
    ----------
    elements
        CCSDS OMM keywords → values: MEAN_MOTION [rev/day], ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE,
        ARG_OF_PERICENTER, MEAN_ANOMALY [deg], BSTAR [1/earth radii], MEAN_MOTION_DOT, MEAN_MOTION_DDOT;
        those absent are not checked.
    label
        Field name for a keyword in messages (``lambda k: f"orbit.file OMM record 2 {k}"``).
    check_orbit
        Also require an orbit of the Earth with its perigee above the surface (False only for verification
        data that tests SGP4 on decaying and unbound cases).

    Raises
    ------
    SkyrackInputError
        The first problem: a value not finite; 0 ≤ e < 1, 0 ≤ i ≤ 180° or n > 0 violated; and with
        ``check_orbit``, a semi-major axis beyond the Earth's Hill sphere (:data:`MAX_SEMI_MAJOR_AXIS_M`) or a
        perigee a(1 − e) at or below the equatorial radius, with a = (μ / n²)^(1/3) (Kepler's third law; μ and
        the radius WGS-84, :mod:`skyrack.constants`). Angles (RAAN, argument of perigee, mean anomaly) wrap:
        any finite value is valid.
    """
    for key, value in elements.items():
        if not math.isfinite(value):
            raise SkyrackInputError(label(key), _short(value), "a finite number")
    e = elements.get("ECCENTRICITY")
    if e is not None and not 0.0 <= e < 1.0:
        raise SkyrackInputError(label("ECCENTRICITY"), _short(e), "an eccentricity 0 ≤ e < 1 (a closed orbit)")
    inc = elements.get("INCLINATION")
    if inc is not None and not 0.0 <= inc <= 180.0:
        raise SkyrackInputError(label("INCLINATION"), _short(inc), "an inclination between 0 and 180 deg")
    n = elements.get("MEAN_MOTION")
    if n is None:
        return
    if not n > 0.0:
        raise SkyrackInputError(label("MEAN_MOTION"), _short(n), "a mean motion above 0 rev/day")
    if not check_orbit:
        return
    n_rad_per_s = n * 2.0 * math.pi / _DAY_S
    a_m = (MU_EARTH_M3_PER_S2 / n_rad_per_s / n_rad_per_s) ** (1.0 / 3.0) if n_rad_per_s > 0.0 else math.inf
    if not a_m <= MAX_SEMI_MAJOR_AXIS_M:
        raise SkyrackInputError(
            label("MEAN_MOTION"),
            _short(n),
            f"a mean motion of an Earth orbit: this one gives a semi-major axis beyond the Earth's Hill sphere "
            f"({MAX_SEMI_MAJOR_AXIS_M / _KM:,.0f} km)",
        )
    perigee_m = a_m * (1.0 - (e or 0.0))
    if not perigee_m > EARTH_EQUATORIAL_RADIUS_M:
        raise SkyrackInputError(
            label("MEAN_MOTION"),
            _short(n),
            f"an orbit above the Earth: mean motion {n:.6g} rev/day and eccentricity {e or 0.0:.6g} put the "
            f"perigee at {(perigee_m - EARTH_EQUATORIAL_RADIUS_M) / _KM:,.0f} km altitude",
        )


def _tle_checksum_ok(line: str) -> bool:
    """Modulo-10 checksum of a TLE line (digits count their value, '-' counts 1); NORAD/Celestrak spec."""
    if len(line) < TLE_COLUMNS or line[68] not in _DIGITS:
        return False
    total = sum(int(c) if c in _DIGITS else (1 if c == "-" else 0) for c in line[:68])
    return total % 10 == int(line[68])


def _tle_number(line: str, first: int, last: int) -> float:
    """The number in 1-based columns first-last of a TLE line; ValueError when there is none."""
    text = line[first - 1 : last]
    if not text.strip():
        raise ValueError("blank")
    return float(text)


def _parse_tle_pair(l1: str, l2: str, where1: str, where2: str, verify_checksum: bool, check_orbit: bool) -> Any:
    """One checked two-line element set: a ``Satrec`` (see :func:`parse_tle`)."""
    for lx, wx in ((l1, where1), (l2, where2)):
        if not lx.isascii():
            raise SkyrackInputError(wx, _short(lx), "a TLE line of ASCII characters only")
        if len(lx) < TLE_COLUMNS:
            raise SkyrackInputError(
                wx, _short(lx), f"a TLE line of {TLE_COLUMNS} columns (this one has {len(lx)}; truncated?)"
            )
    l1, l2 = l1[:TLE_COLUMNS], l2[:TLE_COLUMNS]
    if verify_checksum:
        for lx, wx in ((l1, where1), (l2, where2)):
            if not _tle_checksum_ok(lx):
                raise SkyrackInputError(wx, _short(lx), "a TLE line with a valid modulo-10 checksum in column 69")
    n1, n2 = l1[2:7], l2[2:7]
    if not _TLE_SATNUM.match(n1):
        raise SkyrackInputError(
            f"{where1} catalogue number", n1, "five digits or Alpha-5 (a letter and four digits) in columns 3-7"
        )
    if n2 != n1:
        raise SkyrackInputError(
            f"{where2} catalogue number", n2, f"the catalogue number of line 1 ({n1.strip()}) in columns 3-7"
        )
    if not set(l1[18:20]) <= _DIGITS:
        raise SkyrackInputError(f"{where1} EPOCH year", l1[18:20], "a two-digit year in columns 19-20")
    values: dict[str, float] = {}
    for key, line_no, first, last in _TLE_FIELDS:
        line, wx = (l1, where1) if line_no == 1 else (l2, where2)
        raw = line[first - 1 : last]
        try:
            if key == "ECCENTRICITY":  # seven digits after an implied "0." (blanks read as zeros)
                digits = raw.replace(" ", "0")
                if not set(digits) <= _DIGITS:
                    raise ValueError(raw)
                values[key] = float("0." + digits)
            else:
                values[key] = _tle_number(line, first, last)
        except ValueError:
            raise SkyrackInputError(f"{wx} {key}", raw, f"a number in columns {first}-{last}") from None
    day = values.pop("EPOCH day of year")
    if not 1.0 <= day < 367.0:
        raise SkyrackInputError(f"{where1} EPOCH day of year", _short(day), "a day of the year 1 ≤ day < 367")
    try:
        sat = Satrec.twoline2rv(l1, l2, WGS72)
    except (ValueError, IndexError) as exc:
        raise SkyrackInputError(where1, _short(l1), f"a valid two-line element set ({_short(exc)})") from None
    values.update(BSTAR=sat.bstar, MEAN_MOTION_DOT=sat.ndot, MEAN_MOTION_DDOT=sat.nddot)
    for key, first, last in (
        ("MEAN_MOTION_DOT", 34, 43),
        ("MEAN_MOTION_DDOT", 45, 52),
        ("BSTAR", 54, 61),
    ):
        if not math.isfinite(values[key]):
            raise SkyrackInputError(f"{where1} {key}", l1[first - 1 : last], f"a number in columns {first}-{last}")

    def label(key: str) -> str:
        return f"{where2} {key}"

    check_elements(values, label, check_orbit)
    if check_orbit and sat.error != 0:
        raise SkyrackInputError(
            where2, None, f"an element set SGP4 can initialise (SGP4 error {sat.error}, Vallado et al. 2006)"
        )
    return sat


def parse_tle(
    text: str, source: str = "tle", verify_checksum: bool = True, check_orbit: bool | None = None
) -> SatelliteCatalog:
    """Parse two-line or three-line element sets (names optional, ``#`` comments ignored).

    Parameters
    ----------
    text
        Contents of a TLE file (CelesTrak "3LE"/"TLE" format or Space-Track 2/3-line output).
    source
        Name used in error messages (e.g. ``"orbit.file"`` or the file path).
    verify_checksum
        Reject lines whose modulo-10 checksum is wrong or missing (default). Vallado's verification file has
        some deliberately odd lines and is read with ``False``.
    check_orbit
        Reject element sets that are no orbit of the Earth (perigee at or below the surface, beyond the Hill
        sphere) or that SGP4 cannot initialise. Default: as ``verify_checksum`` (Vallado's verification file
        tests SGP4 on two sub-surface perigees, NORAD 28872 and 33333, and a failing initialisation, 33334).

    Returns
    -------
    SatelliteCatalog
        One entry per element set; a satellite without a name line is named by its catalogue number.

    Notes
    -----
    Lines 1 and 2 must have all 69 columns (after trailing blanks are removed); columns beyond 69 are ignored
    (the Vallado test file appends start/stop/step times there). Both lines must carry the same catalogue
    number. The epoch, the six elements, B* and the mean motion derivatives are read from their columns and
    checked with :func:`check_elements` (finite, 0 ≤ e < 1, 0 ≤ i ≤ 180°, n > 0, perigee above the surface). Each pair is initialised with
    ``Satrec.twoline2rv`` (WGS-72), per Vallado et al. (2006), "Revisiting Spacetrack Report #3",
    AIAA 2006-6753. Any problem raises :class:`~skyrack.errors.SkyrackInputError` naming the line.
    """
    _check_size(text, source)
    orbit_checked = verify_checksum if check_orbit is None else check_orbit
    cat = SatelliteCatalog()
    lines = [ln.rstrip() for ln in text.splitlines()]
    pending_name: str | None = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        if not ln.strip() or ln.lstrip().startswith("#"):
            i += 1
            continue
        if ln.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            sat = _parse_tle_pair(
                ln, lines[i + 1], f"{source} line {i + 1}", f"{source} line {i + 2}", verify_checksum, orbit_checked
            )
            cat.satrecs.append(sat)
            cat.catalog_numbers.append(int(sat.satnum))
            cat.names.append(pending_name if pending_name else str(sat.satnum))
            pending_name = None
            i += 2
            continue
        if ln.startswith(("1 ", "2 ")):
            raise SkyrackInputError(f"{source} line {i + 1}", _short(ln), "line 1 followed by line 2 of an element set")
        name = ln.strip()
        pending_name = name[2:].strip() if name.startswith("0 ") else name
        i += 1
    return cat


def _parse_epoch(value: str) -> datetime:
    s = value.strip().rstrip("Z")
    for fmt in ("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(s, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    # Day-of-year form, e.g. 2024-001T12:00:00.000 (CCSDS ASCII time code B)
    for fmt in ("%Y-%jT%H:%M:%S.%f", "%Y-%jT%H:%M:%S"):
        try:
            return datetime.strptime(s, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"unrecognised EPOCH {_short(value)}")


# OMM keywords of the mean elements (CCSDS 502.0-B-3), with the default of those that may be absent.
_OMM_ELEMENTS: Final[tuple[tuple[str, float | None], ...]] = (
    ("MEAN_MOTION", None),
    ("ECCENTRICITY", None),
    ("INCLINATION", None),
    ("RA_OF_ASC_NODE", None),
    ("ARG_OF_PERICENTER", None),
    ("MEAN_ANOMALY", None),
    ("BSTAR", 0.0),
    ("MEAN_MOTION_DOT", 0.0),
    ("MEAN_MOTION_DDOT", 0.0),
)


def _omm_value(fields: Mapping[str, Any], key: str, where: str) -> Any:
    """A field's value: None when absent or blank; a number or a short string otherwise."""
    v = fields.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise SkyrackInputError(f"{where} {key}", _short(v), "a number or a string")
    if isinstance(v, str) and len(v) > MAX_OMM_VALUE_CHARS:
        raise SkyrackInputError(f"{where} {key}", _short(v), f"a value of at most {MAX_OMM_VALUE_CHARS} characters")
    return v


def _omm_catalog_number(fields: Mapping[str, Any], where: str) -> int:
    v = _omm_value(fields, "NORAD_CAT_ID", where)
    expected = f"an integer catalogue number from 0 to {MAX_CATALOG_NUMBER:,} (up to 9 digits)"
    if v is None:
        raise SkyrackInputError(f"{where} NORAD_CAT_ID", None, f"missing; {expected}")
    number: int | None = None
    if isinstance(v, int):
        number = v
    elif isinstance(v, float):
        number = int(v) if v.is_integer() else None  # inf and nan are not integers
    elif v.strip().isdigit():
        number = int(v.strip())
    if number is None or not 0 <= number <= MAX_CATALOG_NUMBER:
        raise SkyrackInputError(f"{where} NORAD_CAT_ID", _short(v), expected)
    return number


def satrec_from_omm(fields: Mapping[str, Any], where: str = "OMM record") -> Any:
    """Initialise a python-sgp4 ``Satrec`` from the fields of one OMM (keys as in CCSDS 502.0-B-3).

    Parameters
    ----------
    fields
        Mapping with at least EPOCH, MEAN_MOTION [rev/day], ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE,
        ARG_OF_PERICENTER, MEAN_ANOMALY [deg] and NORAD_CAT_ID; BSTAR [1/earth radii], MEAN_MOTION_DOT and
        MEAN_MOTION_DDOT default to 0. Values may be numbers (CelesTrak JSON) or strings (Space-Track,
        XML, CSV).
    where
        Name of the record in messages (``"orbit.file OMM record 2"``); the keyword is appended.

    Returns
    -------
    Satrec
        Initialised with ``sgp4init`` (WGS-72, improved mode) exactly as python-sgp4's ``omm.initialize``.
        A catalogue number above :data:`SGP4_MAX_SATNUM` cannot be stored in a ``Satrec``, which then
        carries 0 (the catalogue keeps the number, see :class:`SatelliteCatalog`).

    Raises
    ------
    SkyrackInputError
        A field missing, not a number, not finite or out of range (see :func:`check_elements`), naming it.
    """
    number = _omm_catalog_number(fields, where)
    epoch_value = _omm_value(fields, "EPOCH", where)
    if not isinstance(epoch_value, str):
        raise SkyrackInputError(
            f"{where} EPOCH",
            None if epoch_value is None else _short(epoch_value),
            "a UTC time, e.g. 2024-01-01T12:00:00",
        )
    try:
        epoch = _parse_epoch(epoch_value)
    except ValueError:
        raise SkyrackInputError(
            f"{where} EPOCH", _short(epoch_value), "a UTC time such as 2024-01-01T12:00:00.000 or 2024-001T12:00:00"
        ) from None
    epoch_days = (epoch - _SGP4_EPOCH0).total_seconds() / _DAY_S
    values: dict[str, float] = {}
    for key, default in _OMM_ELEMENTS:
        v = _omm_value(fields, key, where)
        if v is None:
            if default is None:
                raise SkyrackInputError(f"{where} {key}", None, "missing; every OMM mean element is needed")
            values[key] = default
            continue
        try:
            values[key] = float(v)
        except ValueError:
            raise SkyrackInputError(f"{where} {key}", _short(v), "a number") from None
        except OverflowError:  # an integer too large for a float
            raise SkyrackInputError(f"{where} {key}", _short(v), "a finite number") from None

    def label(key: str) -> str:
        return f"{where} {key}"

    check_elements(values, label)
    deg = math.pi / 180.0
    sat = Satrec()
    sat.sgp4init(
        WGS72,
        "i",
        number if number <= SGP4_MAX_SATNUM else 0,
        epoch_days,
        values["BSTAR"],
        values["MEAN_MOTION_DOT"] / _NDOT_UNITS,
        values["MEAN_MOTION_DDOT"] / _NDDOT_UNITS,
        values["ECCENTRICITY"],
        (values["ARG_OF_PERICENTER"] % 360.0) * deg,  # angles wrap: any finite value is fine
        values["INCLINATION"] * deg,
        (values["MEAN_ANOMALY"] % 360.0) * deg,
        values["MEAN_MOTION"] / 720.0 * math.pi,  # rev/day → rad/min
        (values["RA_OF_ASC_NODE"] % 360.0) * deg,
    )
    if sat.error != 0:
        raise SkyrackInputError(
            where, None, f"an element set SGP4 can initialise (SGP4 error {sat.error}, Vallado et al. 2006)"
        )
    return sat


def _catalog_from_records(records: Iterable[Mapping[str, Any]], source: str) -> SatelliteCatalog:
    cat = SatelliteCatalog()
    for k, rec in enumerate(records):
        where = f"{source} OMM record {k + 1}"
        if not isinstance(rec, Mapping):
            raise SkyrackInputError(where, _short(rec), "an OMM record (keyword → value)")
        sat = satrec_from_omm(rec, where)
        cat.satrecs.append(sat)
        number = _omm_catalog_number(rec, where)
        cat.catalog_numbers.append(number)
        name = _omm_value(rec, "OBJECT_NAME", where)
        cat.names.append(str(name).strip() if name is not None else str(number))
    return cat


def _json_depth(text: str) -> int:
    """Deepest nesting of JSON arrays and objects, counted outside strings (without recursion)."""
    skeleton = _JSON_STRING.sub('""', text).encode("utf-8", "surrogatepass")
    b = np.frombuffer(skeleton, dtype=np.uint8)
    opens = (b == ord("[")) | (b == ord("{"))
    at = np.flatnonzero(opens | (b == ord("]")) | (b == ord("}")))
    if at.size == 0:
        return 0
    return int(np.cumsum(np.where(opens[at], 1, -1)).max())


def parse_omm_json(text: str, source: str = "omm.json") -> SatelliteCatalog:
    """Parse OMM records in JSON (a list of objects, or one object), as served by CelesTrak/Space-Track.

    Parameters
    ----------
    text
        JSON text, e.g. from ``https://celestrak.org/NORAD/elements/gp.php?GROUP=...&FORMAT=json``; at most
        :data:`MAX_INPUT_BYTES` characters, nested at most :data:`MAX_JSON_DEPTH` deep.
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        One entry per record (CCSDS 502.0-B-3 keyword names).
    """
    _check_size(text, source)
    if _json_depth(text) > MAX_JSON_DEPTH:
        raise SkyrackInputError(
            source, None, f"OMM JSON nested at most {MAX_JSON_DEPTH} deep (a list of flat objects is 2)"
        )
    try:
        data = json.loads(text)
    except RecursionError:
        raise SkyrackInputError(source, None, f"OMM JSON nested at most {MAX_JSON_DEPTH} deep") from None
    except ValueError as exc:  # JSONDecodeError, or an integer of more than 4,300 digits
        raise SkyrackInputError(source, None, f"valid JSON ({_short(exc, 120)})") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise SkyrackInputError(source, None, "a JSON list of OMM objects")
    return _catalog_from_records(data, source)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# Characters fed to the XML parser at a time (the depth limit is checked between chunks).
_XML_CHUNK: Final = 1 << 16


def parse_omm_xml(text: str, source: str = "omm.xml") -> SatelliteCatalog:
    """Parse OMM in CCSDS NDM/XML (``<ndm><omm><body><segment>...``), namespaces tolerated.

    Parameters
    ----------
    text
        XML text as served by CelesTrak (``FORMAT=xml``) or Space-Track (``format/xml``); at most
        :data:`MAX_INPUT_BYTES` characters, elements nested at most :data:`MAX_XML_DEPTH` deep, no DOCTYPE or
        ENTITY declaration.
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        One entry per ``segment`` (fields of ``metadata``, ``meanElements`` and ``tleParameters``).
    """
    _check_size(text, source)
    if _XML_DECLARATION.search(text):
        raise SkyrackInputError(source, None, "OMM XML without DOCTYPE or ENTITY declarations (none is needed)")
    parser: Any = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    depth = 0
    try:
        for at in range(0, len(text), _XML_CHUNK):
            parser.feed(text[at : at + _XML_CHUNK])
            for event, element in parser.read_events():
                if event == "start":
                    depth += 1
                    root = element if root is None else root
                    if depth > MAX_XML_DEPTH:
                        raise SkyrackInputError(
                            source, None, f"OMM XML with elements nested at most {MAX_XML_DEPTH} deep"
                        )
                else:
                    depth -= 1
        parser.close()
    except ET.ParseError as exc:
        raise SkyrackInputError(source, None, f"well-formed XML ({_short(exc, 120)})") from None
    if root is None:
        raise SkyrackInputError(source, None, "well-formed XML (no element)")
    records: list[dict[str, Any]] = []
    for seg in root.iter():
        if _local(seg.tag) != "segment":
            continue
        rec: dict[str, Any] = {}
        for el in seg.iter():
            if len(el) == 0 and el.text is not None:
                rec[_local(el.tag)] = el.text.strip()
        records.append(rec)
    return _catalog_from_records(records, source)


def parse_omm_csv(text: str, source: str = "omm.csv") -> SatelliteCatalog:
    """Parse OMM records in CSV with a header row of CCSDS keywords (CelesTrak ``FORMAT=csv``).

    Parameters
    ----------
    text
        CSV text; at most :data:`MAX_INPUT_BYTES` characters, fields of at most :data:`MAX_CSV_FIELD_CHARS`.
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        One entry per row.
    """
    _check_size(text, source)
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise SkyrackInputError(
            f"{source} line {reader.line_num}",
            None,
            f"well-formed CSV with fields of at most {MAX_CSV_FIELD_CHARS:,} characters ({_short(exc, 80)})",
        ) from None
    return _catalog_from_records(rows, source)


def parse_satellites(text: str, source: str = "satellites") -> SatelliteCatalog:
    """Parse TLE, OMM-JSON, OMM-XML or OMM-CSV text, detecting the format from its first characters.

    Parameters
    ----------
    text
        File contents, at most :data:`MAX_INPUT_BYTES` characters.
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        The satellites; an input with none raises :class:`~skyrack.errors.SkyrackInputError`.
    """
    _check_size(text, source)
    head = text.lstrip()[:200]
    if head.startswith("<"):
        cat = parse_omm_xml(text, source)
    elif head.startswith(("[", "{")):
        cat = parse_omm_json(text, source)
    elif head.upper().startswith(("OBJECT_NAME", "CCSDS_OMM_VERS", '"OBJECT_NAME"')) and "," in head:
        cat = parse_omm_csv(text, source)
    else:
        cat = parse_tle(text, source)
    if len(cat) == 0:
        raise SkyrackInputError(source, None, "at least one TLE or OMM element set")
    return cat


def load_satellites(path: str | Path, source: str | None = None) -> SatelliteCatalog:
    """Read a TLE / OMM (JSON, XML, CSV) file of one or many satellites.

    Parameters
    ----------
    path
        File path (``~`` and ``~user`` are expanded); a regular UTF-8 file of at most :data:`MAX_INPUT_BYTES`.
    source
        Name used in error messages (e.g. ``"orbit.file"``); default the path.

    Returns
    -------
    SatelliteCatalog
        See :func:`parse_satellites`.

    Raises
    ------
    SkyrackInputError
        The path is too long, names an unknown ``~user``, does not exist, is not a regular file, is too large
        or is not UTF-8 text; or the contents are malformed.
    """
    where = source if source is not None else _short(str(path), 200)
    given = str(path)
    if len(given) > MAX_PATH_CHARS:
        raise SkyrackInputError(
            where, f"{len(given):,} characters", f"a readable file: a path of at most {MAX_PATH_CHARS:,} characters"
        )
    try:
        p = Path(given).expanduser()
    except RuntimeError:  # "~nosuchuser/x.tle"
        raise SkyrackInputError(where, _short(given), "a readable file: cannot expand ~user (no such user)") from None
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            raise SkyrackInputError(where, _short(given), "a readable file: not a regular file (a folder or device?)")
        if st.st_size > MAX_INPUT_BYTES:
            raise SkyrackInputError(
                where,
                _short(given),
                f"a readable file: {st.st_size / 2**20:,.0f} MiB is too large (at most {MAX_INPUT_BYTES // 2**20} MiB)",
            )
        with p.open("rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise SkyrackInputError(where, _short(given), "a readable file: no such file") from None
    except OSError as exc:
        raise SkyrackInputError(
            where, _short(given), f"a readable file ({exc.strerror or type(exc).__name__})"
        ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise SkyrackInputError(where, _short(given), f"a readable file of at most {MAX_INPUT_BYTES // 2**20} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SkyrackInputError(where, _short(given), f"a UTF-8 text file (bad byte at offset {exc.start:,})") from None
    return parse_satellites(text, where)


def _split_jd(jd_utc: FloatArray) -> tuple[FloatArray, FloatArray]:
    whole = np.floor(jd_utc)
    return whole, jd_utc - whole


def propagate_teme(
    satrec_array: Any, jd_utc: ArrayLike, jd_fraction: ArrayLike | None = None
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Propagate a ``SatrecArray`` with SGP4 to the given UTC Julian dates, in TEME.

    Parameters
    ----------
    satrec_array
        python-sgp4 ``SatrecArray`` of N satellites.
    jd_utc
        Julian dates, UTC [days], shape (T,).
    jd_fraction
        Optional second part of a two-part Julian date (times are ``jd_utc + jd_fraction``), for full
        time resolution: one float64 Julian date resolves only ≈ 40 µs.

    Returns
    -------
    r_teme_m, v_teme_m_per_s : ndarray
        Position [m] and velocity [m/s] in TEME, shape (N, T, 3); NaN where SGP4 reports an error.
    error : ndarray of int
        SGP4 error code per satellite and time, shape (N, T) (0 = success; Vallado et al. 2006).
    """
    jd = np.atleast_1d(np.asarray(jd_utc, dtype=np.float64))
    if jd_fraction is None:
        whole, frac = _split_jd(jd)
    else:
        whole, frac = np.broadcast_arrays(jd, np.asarray(jd_fraction, dtype=np.float64))
    err, r, v = satrec_array.sgp4(np.ascontiguousarray(whole), np.ascontiguousarray(frac))
    bad = err != 0
    r = np.where(bad[..., None], np.nan, r * _KM)
    v = np.where(bad[..., None], np.nan, v * _KM)
    return r, v, np.asarray(err, dtype=np.int64)


def propagate_satellites_eci(satrec_array: Any, jd_utc: ArrayLike) -> tuple[FloatArray, FloatArray, IntArray]:
    """SGP4 positions and velocities in skyrack's common inertial frame (GCRS ≈ J2000).

    Parameters
    ----------
    satrec_array
        python-sgp4 ``SatrecArray`` of N satellites.
    jd_utc
        Julian dates, UTC [days], shape (T,).

    Returns
    -------
    r_m, v_m_per_s : ndarray
        Position [m] and velocity [m/s], shape (N, T, 3); NaN where SGP4 fails.
    error : ndarray of int
        SGP4 error codes, shape (N, T).

    Notes
    -----
    r_ECI = Pᵀ Nᵀ R3(−Eq_eq) r_TEME (Vallado et al. 2006, AIAA 2006-6753, sec. VI); the same rotation is
    applied to the velocity (the frame's own rotation, ≈ 10⁻¹² rad/s, is neglected).
    """
    jd = np.atleast_1d(np.asarray(jd_utc, dtype=np.float64))
    r, v, err = propagate_teme(satrec_array, jd)
    m = teme_to_eci_matrix(jd)  # (T, 3, 3), broadcast over satellites
    return rotate(m, r), rotate(m, v), err


__all__ = [
    "SatelliteCatalog",
    "check_elements",
    "load_satellites",
    "parse_omm_csv",
    "parse_omm_json",
    "parse_omm_xml",
    "parse_satellites",
    "parse_tle",
    "propagate_satellites_eci",
    "propagate_teme",
    "satrec_from_omm",
]
