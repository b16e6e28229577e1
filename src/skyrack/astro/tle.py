"""Real satellites: TLE and OMM (CCSDS JSON / XML / CSV) loading and SGP4 propagation.

Elements are loaded into python-sgp4 ``Satrec`` objects (WGS-72 constants, as the catalogues' element
sets are fitted with) and propagated with its vectorised ``SatrecArray``. SGP4 returns positions in the
TEME frame; :func:`propagate_satellites_eci` rotates them to skyrack's common inertial frame (GCRS) with
:func:`skyrack.astro.frames.teme_to_eci_matrix`.

Parsing functions take text; :func:`load_satellites` is the only function here that reads a file.
Malformed input raises :class:`skyrack.errors.SkyrackInputError` naming the source and the entry.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import ArrayLike
from sgp4.api import WGS72, Satrec, SatrecArray

from skyrack.astro._typing import FloatArray, IntArray
from skyrack.astro.frames import rotate, teme_to_eci_matrix
from skyrack.errors import SkyrackInputError

# Kilometres to metres [m/km].
_KM: Final = 1000.0
# Epoch origin of sgp4init: days since 1949 December 31 00:00 UT (Vallado et al. 2006, SGP4 source).
_SGP4_EPOCH0: Final = datetime(1949, 12, 31, tzinfo=UTC)
# Unit conversions of MEAN_MOTION_DOT and _DDOT from rev/day² and rev/day³ to rad/min² and rad/min³,
# as in python-sgp4's omm.py (1440² / 2π and 1440³ / 2π, with the TLE's factor 2 and 6 conventions).
_NDOT_UNITS: Final = 1036800.0 / math.pi
_NDDOT_UNITS: Final = 2985984000.0 / 2.0 / math.pi


@dataclass
class SatelliteCatalog:
    """Satellites loaded from TLE or OMM: names and python-sgp4 ``Satrec`` objects, in file order."""

    names: list[str] = field(default_factory=list)
    satrecs: list[Any] = field(default_factory=list)

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
        return np.array([int(s.satnum) for s in self.satrecs], dtype=np.int64)


def _tle_checksum_ok(line: str) -> bool:
    """Modulo-10 checksum of a TLE line (digits count their value, '-' counts 1); NORAD/Celestrak spec."""
    if len(line) < 69 or not line[68].isdigit():
        return True  # no checksum present: accept (some generators omit it)
    total = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68])
    return total % 10 == int(line[68])


def parse_tle(text: str, source: str = "tle", verify_checksum: bool = True) -> SatelliteCatalog:
    """Parse two-line or three-line element sets (names optional, ``#`` comments ignored).

    Parameters
    ----------
    text
        Contents of a TLE file (CelesTrak "3LE"/"TLE" format or Space-Track 2/3-line output).
    source
        Name used in error messages (e.g. the file path).
    verify_checksum
        Reject lines whose modulo-10 checksum is wrong (default). Vallado's verification file has some
        deliberately odd lines and is read with ``False``.

    Returns
    -------
    SatelliteCatalog
        One entry per element set; a satellite without a name line is named by its catalogue number.

    Notes
    -----
    Lines are truncated to 69 columns (the Vallado test file appends start/stop/step times after column
    69). Each pair is initialised with ``Satrec.twoline2rv`` (WGS-72), per Vallado et al. (2006),
    "Revisiting Spacetrack Report #3", AIAA 2006-6753. A bad checksum or unparseable pair raises
    :class:`~skyrack.errors.SkyrackInputError`.
    """
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
            l1, l2 = ln[:69], lines[i + 1][:69]
            where = f"{source}:{i + 1}"
            for lx in (l1, l2):
                if verify_checksum and not _tle_checksum_ok(lx):
                    raise SkyrackInputError(where, lx, "a TLE line with a valid modulo-10 checksum")
            try:
                sat = Satrec.twoline2rv(l1, l2, WGS72)
            except (ValueError, IndexError) as exc:
                raise SkyrackInputError(where, l1, f"a valid two-line element set ({exc})") from None
            cat.satrecs.append(sat)
            cat.names.append(pending_name if pending_name else str(sat.satnum))
            pending_name = None
            i += 2
            continue
        if ln.startswith(("1 ", "2 ")):
            raise SkyrackInputError(f"{source}:{i + 1}", ln, "line 1 followed by line 2 of an element set")
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
    raise ValueError(f"unrecognised EPOCH {value!r}")


def satrec_from_omm(fields: Mapping[str, Any]) -> Any:
    """Initialise a python-sgp4 ``Satrec`` from the fields of one OMM (keys as in CCSDS 502.0-B-3).

    Parameters
    ----------
    fields
        Mapping with at least EPOCH, MEAN_MOTION [rev/day], ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE,
        ARG_OF_PERICENTER, MEAN_ANOMALY [deg], NORAD_CAT_ID, BSTAR [1/earth radii]; MEAN_MOTION_DOT and
        MEAN_MOTION_DDOT default to 0. Values may be numbers (CelesTrak JSON) or strings (Space-Track,
        XML, CSV).

    Returns
    -------
    Satrec
        Initialised with ``sgp4init`` (WGS-72, improved mode) exactly as python-sgp4's ``omm.initialize``.

    Raises
    ------
    KeyError, ValueError
        Missing or unparseable field (callers wrap these in an input error).
    """
    epoch = _parse_epoch(str(fields["EPOCH"]))
    epoch_days = (epoch - _SGP4_EPOCH0).total_seconds() / 86400.0
    deg = math.pi / 180.0

    def f(key: str, default: float | None = None) -> float:
        v = fields.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if default is None:
                raise KeyError(key)
            return default
        return float(v)

    sat = Satrec()
    sat.sgp4init(
        WGS72,
        "i",
        int(f("NORAD_CAT_ID")),
        epoch_days,
        f("BSTAR", 0.0),
        f("MEAN_MOTION_DOT", 0.0) / _NDOT_UNITS,
        f("MEAN_MOTION_DDOT", 0.0) / _NDDOT_UNITS,
        f("ECCENTRICITY"),
        f("ARG_OF_PERICENTER") * deg,
        f("INCLINATION") * deg,
        f("MEAN_ANOMALY") * deg,
        f("MEAN_MOTION") / 720.0 * math.pi,  # rev/day → rad/min
        f("RA_OF_ASC_NODE") * deg,
    )
    return sat


def _catalog_from_records(records: Iterable[Mapping[str, Any]], source: str) -> SatelliteCatalog:
    cat = SatelliteCatalog()
    for k, rec in enumerate(records):
        try:
            sat = satrec_from_omm(rec)
        except (KeyError, ValueError, TypeError) as exc:
            raise SkyrackInputError(
                f"{source}[{k}]", rec.get("OBJECT_NAME"), f"a complete OMM record (problem: {exc})"
            ) from None
        cat.satrecs.append(sat)
        name = rec.get("OBJECT_NAME")
        cat.names.append(str(name).strip() if name else str(sat.satnum))
    return cat


def parse_omm_json(text: str, source: str = "omm.json") -> SatelliteCatalog:
    """Parse OMM records in JSON (a list of objects, or one object), as served by CelesTrak/Space-Track.

    Parameters
    ----------
    text
        JSON text, e.g. from ``https://celestrak.org/NORAD/elements/gp.php?GROUP=...&FORMAT=json``.
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        One entry per record (CCSDS 502.0-B-3 keyword names).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SkyrackInputError(source, None, f"valid JSON ({exc})") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise SkyrackInputError(source, None, "a JSON list of OMM objects")
    return _catalog_from_records(data, source)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_omm_xml(text: str, source: str = "omm.xml") -> SatelliteCatalog:
    """Parse OMM in CCSDS NDM/XML (``<ndm><omm><body><segment>...``), namespaces tolerated.

    Parameters
    ----------
    text
        XML text as served by CelesTrak (``FORMAT=xml``) or Space-Track (``format/xml``).
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        One entry per ``segment`` (fields of ``metadata``, ``meanElements`` and ``tleParameters``).
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise SkyrackInputError(source, None, f"well-formed XML ({exc})") from None
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
        CSV text.
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        One entry per row.
    """
    return _catalog_from_records(csv.DictReader(io.StringIO(text)), source)


def parse_satellites(text: str, source: str = "satellites") -> SatelliteCatalog:
    """Parse TLE, OMM-JSON, OMM-XML or OMM-CSV text, detecting the format from its first characters.

    Parameters
    ----------
    text
        File contents.
    source
        Name used in error messages.

    Returns
    -------
    SatelliteCatalog
        The satellites; an input with none raises :class:`~skyrack.errors.SkyrackInputError`.
    """
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


def load_satellites(path: str | Path) -> SatelliteCatalog:
    """Read a TLE / OMM (JSON, XML, CSV) file of one or many satellites.

    Parameters
    ----------
    path
        File path.

    Returns
    -------
    SatelliteCatalog
        See :func:`parse_satellites`.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SkyrackInputError(str(p), None, f"a readable file ({exc.strerror})") from None
    return parse_satellites(text, str(p))


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
