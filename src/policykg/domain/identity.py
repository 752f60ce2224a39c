"""Deterministic IRIs from normalised identifiers.

"26 /KH-UBND" and "26/KH-UBND" of one issuer are one node; "42/2022/NĐ-CP" and "42/2022/ND-CP" are one
node. A number alone identifies a document only when its series is national (CP, TTg, TW, a ministry);
every UBND huyện has its own KH-UBND series, so a local document's identity is (issuing unit, series,
year, number), and a non-normative number also needs its year (numbering restarts each year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.domain.numbers import NumberParse
from policykg.namespaces import ID
from policykg.text import fold
from policykg.vocab import NATIONAL_ISSUERS

_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _UNSAFE.sub("-", fold(text)).strip("-") or "x"


def number_slug(parse: NumberParse) -> str:
    """'06/QĐ-TTg' -> '6-qd-ttg': leading zeros and spelling variants do not make another document."""
    head, _, rest = parse.number.partition("-" if parse.form == "party" else "/")
    digits = re.match(r"\d+", head)
    head = str(int(digits.group())) + head[digits.end():] if digits else head
    return slug(f"{head}-{rest}")


def series_code(parse: NumberParse) -> str:
    """The issuer code that owns the numbering: CP in NĐ-CP, UBND in KH-UBND, TU in NQ/TU, STTTT in 847/STTTT-…"""
    codes = parse.codes[1:] if parse.type_code or parse.form == "party" else parse.codes
    return codes[0] if codes else parse.codes[0]


def is_national(series: str) -> bool:
    key = series.upper()
    return key in NATIONAL_ISSUERS or re.sub(r"\d+$", "", key) in NATIONAL_ISSUERS


def unit_key(level: str | None, unit_code: str | None, era: str = "pre-2025") -> str | None:
    """'d694' for huyện Hớn Quản; units of the post-2025 era are marked ('2025p75': today's Đồng Nai)."""
    if not unit_code or level not in ("province", "district", "commune"):
        return None
    return ("2025" if era == "post-2025" else "") + {"province": "p", "district": "d", "commune": "c"}[level] + unit_code


def scope(parse: NumberParse, level: str | None, unit_code: str | None, era: str = "pre-2025") -> str:
    series = series_code(parse)
    if is_national(series):
        return "vn"
    return f"{unit_key(level, unit_code, era) or 'unknown'}-{slug(series)}"


def document_iri(parse: NumberParse, level: str | None, unit_code: str | None, year: int | None,
                 era: str = "pre-2025") -> str:
    number = number_slug(parse)
    where = scope(parse, level, unit_code, era)
    if parse.year:  # normative acts carry their year in the number
        return f"{ID}doc/{where}/{number}"
    return f"{ID}doc/{where}/{year or 'undated'}/{number}"


def org_iri(body: str | None, level: str | None, unit_code: str | None, name: str | None = None,
            era: str = "pre-2025") -> str:
    if level in ("national", "ministry"):
        return f"{ID}org/vn/{body}"
    where = unit_key(level, unit_code, era) or "unknown"
    what = body if body and body != "other" else slug(name or "unknown")
    return f"{ID}org/{where}/{what}"


def unit_iri(level: str, code: str, era: str = "pre-2025") -> str:
    return f"{ID}unit/{'2025/' if era == 'post-2025' else ''}{level}/{code}"


def report_iri(report_key: str) -> str:
    return f"{ID}report/{report_key}"


# Parsing back, in one place: the only code that reads the parts of an IRI this module mints.
_UNIT = re.compile(re.escape(ID) + r"unit/(?P<era>2025/)?(?P<level>[a-z]+)/(?P<code>[^/]+)$")
_REPORT_PART = re.compile(re.escape(ID) + r"(?:report|extraction|observation|citation|statement|date-bound|conflict|relation|project)/(?P<key>[^/]+)")


def parse_unit_iri(iri: str) -> tuple[str, str, str] | None:
    """(level, code, era) of a unit IRI minted by unit_iri, else None."""
    m = _UNIT.match(iri or "")
    return (m["level"], m["code"], "post-2025" if m["era"] else "pre-2025") if m else None


def unit_key_of(iri: str) -> str | None:
    """The short key of a unit IRI ('d694', '2025c25357'): what the explorer's links carry."""
    parsed = parse_unit_iri(iri)
    return unit_key(*parsed) if parsed else None


_UNIT_KEY = re.compile(r"(?P<era>2025)?(?P<level>[pdc])(?P<code>\d+)$")


def parse_unit_key(key: str) -> tuple[str, str, str] | None:
    """(level, code, era) of a key made by unit_key, else None."""
    m = _UNIT_KEY.match(key or "")
    if not m:
        return None
    level = {"p": "province", "d": "district", "c": "commune"}[m["level"]]
    return level, m["code"], "post-2025" if m["era"] else "pre-2025"


def unit_code(iri: str) -> str | None:
    """The GSO code of a unit IRI (the explorer's and the gap report's links carry it)."""
    parsed = parse_unit_iri(iri)
    return parsed[1] if parsed else None


def report_key_of(iri: str) -> str | None:
    """The report key of a report IRI, or of a node minted inside a report (citation, observation, statement)."""
    m = _REPORT_PART.match(iri or "")
    return m["key"] if m else None


def report_key(path: str) -> str:
    """A report's key: its file name without extension, slugged (re-ingesting it replaces its graph)."""
    name = re.split(r"[\\/]", path)[-1]
    return slug(name.rsplit(".", 1)[0]) if "." in name else slug(name)


@dataclass(frozen=True)
class ReportIdentity:
    """What a report is, beyond its file name: its reporting unit (IRI), its own number ("120/BC-UBND"), the day
    it speaks of (the end of its period, else the earliest day it can have been written) and its text's SHA-256.
    Two files with one name are one report (the later replaces the earlier) only when nothing of this tells
    them apart and they share a unit; identical text is one report whatever the names."""

    unit: str | None
    number: str | None
    reference_day: str | None
    sha256: str

    def same_report(self, other: "ReportIdentity") -> bool:
        if self.sha256 == other.sha256:
            return True
        for mine, theirs in ((self.unit, other.unit), (self.number, other.number),
                             (self.reference_day, other.reference_day)):
            if mine and theirs and mine != theirs:
                return False
        return bool(self.unit and other.unit)  # two unknown units: only a name in common

    def distinct_key(self, key: str, attempt: int = 0) -> str:
        """The key of this report when `key` belongs to another: the name, then what the report is (unit key, year,
        own number), then, if that is taken too (or unknown), its text's hash."""
        parts = [key]
        unit = parse_unit_iri(self.unit or "")
        if unit:
            parts.append(unit_key(*unit))
            if self.reference_day:
                parts.append(self.reference_day[:4])
            if self.number:
                parts.append(slug(self.number))
        if not unit or attempt:
            parts.append(self.sha256[:12])
        return "-".join(p for p in parts if p)
