"""Typed records the extractor returns. Offsets are character offsets into the report text as read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum

from policykg.domain.identity import unit_iri


class Role(str, Enum):
    """What a cited document is to the report that cites it (a SKOS concept in the ontology)."""

    RESPONDS_TO = "responds_to"  # the request the report answers (Thực hiện / Căn cứ / Theo đề nghị … Công văn)
    BASED_ON = "based_on"  # a legal basis it states (Căn cứ Luật, Nghị định, Kế hoạch …): eli:based_on
    ISSUED = "issued"  # a document the reporting authority issued
    IMPLEMENTS = "implements"  # a mandate it acts on (triển khai thực hiện, cụ thể hóa, quán triệt)
    CONFORMS_TO = "conforms_to"  # a rule it conforms to (theo quy định tại)
    CITES = "cites"  # a plain mention


@dataclass(frozen=True)
class DateValue:
    iso: str | None  # YYYY-MM-DD when the day is known and the date is real, else None
    year: int | None
    month: int | None
    day: int | None
    precision: str  # "day" | "month" | "year"
    start: int
    end: int
    text: str
    problem: str | None = None  # e.g. "impossible date 31/02/2023"

    @property
    def earliest(self) -> str | None:
        if self.year is None:
            return None
        return self.iso or f"{self.year:04d}-{(self.month or 1):02d}-01"


@dataclass
class Issuer:
    text: str  # as written (NFC), or the body the number implies
    source: str  # "stated" | "number" | "context"
    level: str | None = None  # national | ministry | province | district | commune
    body: str | None = None  # slug of the body: chinh-phu, thu-tuong, ubnd, tinh-uy, huyen-uy, so-tttt ...
    unit_code: str | None = None  # GSO code of the administrative unit, when resolved
    name: str | None = None  # canonical display name
    unit_era: str = "pre-2025"  # the era of unit_code: codes repeat across the 2025 reform


@dataclass
class Reference:
    kind: str  # Vietnamese document type: "Kế hoạch", "Nghị định" ...
    type_code: str | None  # official abbreviation: KH, NĐ ... (None for a công văn number)
    number: str  # canonical: "169/KH-UBND", "42/2022/NĐ-CP", "04-NQ/TU"
    form: str  # "state" | "party"
    year: int | None  # from the number (normative acts) or the date
    start: int
    end: int
    text: str
    date: DateValue | None = None
    issuer: Issuer | None = None
    relation: Role = Role.CITES
    by_name: bool = False  # resolved through a catalog alias, not a number

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "type_code": self.type_code,
            "number": self.number,
            "form": self.form,
            "year": self.year,
            "date": self.date.iso if self.date else None,
            "date_text": self.date.text if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "issuer": self.issuer.text if self.issuer else None,
            "issuer_source": self.issuer.source if self.issuer else None,
            "relation": self.relation.value,
            "by_name": self.by_name,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


RELATION_KINDS = ("implements", "amends", "replaces", "repeals")


@dataclass(frozen=True)
class DocRelation:
    """A relation between two cited documents stated in the text: A … về việc triển khai thực hiện B (implements);
    A … sửa đổi, bổ sung B (amends), thay thế B (replaces), bãi bỏ B (repeals), or B … được sửa đổi tại A."""

    subject: int  # index into references
    predicate: str  # one of RELATION_KINDS
    object: int
    start: int
    end: int


@dataclass(frozen=True)
class UnitMention:
    """An administrative unit named in the text and resolved in the temporal gazetteer."""

    code: str
    name: str  # official name without the type word: "Hớn Quản"
    kind: str  # tỉnh | huyện | thị xã | quận | thành phố | xã | phường | thị trấn …
    province: str
    province_code: str
    confidence: float
    start: int
    end: int
    text: str
    level: str = "district"  # province | district | commune
    era: str = "pre-2025"  # pre-2025 | post-2025: codes repeat across the 2025 reform
    basis: str = "mention"  # header | reporter | date line | mention: what the choice rests on

    @property
    def iri(self) -> str:
        return unit_iri(self.level, self.code, self.era)


@dataclass(frozen=True)
class DateBound:
    """Why a report was written no earlier (or no later) than a day: the rule and the words it rests on."""

    bound: str  # earliest | latest
    date: str
    rule: str  # header-date | header-month | header-year | period-year | title-year | cited-document | cut-off | as-of
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Period:
    """The period a report covers ("6 tháng đầu năm 2022", "quý II/2023", "tính đến 30/6/2023")."""

    start: str | None  # ISO date; None for a cumulative "tính đến" period
    end: str
    kind: str  # months | quarter | as-of | month | year
    text: str
    start_offset: int
    end_offset: int


@dataclass
class ReportMetadata:
    """What a report says of itself: its number, place-date line, title, period, request, recipients, signer, and
    the bounds on when it was written (each with its basis). Unknown stays None."""

    number: str | None = None  # "Số: /BC-UBND" has no number yet: kept as written, or None
    date: str | None = None  # ISO, when the header's date line gives the day
    date_text: str | None = None
    date_precision: str | None = None  # day | month | year
    title: str | None = None
    kind: str = "báo cáo"
    period: Period | None = None
    request: str | None = None  # the number of the document the report answers
    recipients: list[str] = field(default_factory=list)
    signer: str | None = None
    signing_title: str | None = None
    distribution: list[str] = field(default_factory=list)
    date_earliest: str | None = None
    date_latest: str | None = None
    date_basis: list[DateBound] = field(default_factory=list)  # the bounds the earliest and latest days rest on

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Extraction:
    source: str
    text: str
    unit: UnitMention | None  # the reporting unit, of any level
    references: list[Reference]
    relations: list[DocRelation]
    unit_mentions: list[UnitMention] = field(default_factory=list)
    province_code: str | None = None
    metadata: ReportMetadata = field(default_factory=ReportMetadata)
    indicators: list = field(default_factory=list)
    statements: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        unit = None
        if self.unit:
            d = self.unit
            unit = {"name": d.name, "kind": d.kind, "level": d.level, "era": d.era, "province": d.province,
                    "code": d.code, "province_code": d.province_code, "confidence": d.confidence,
                    "start": d.start, "end": d.end, "text": d.text, "basis": d.basis, "iri": d.iri}
        return {
            "source": self.source,
            "unit": unit,
            "district": unit if unit and unit["level"] == "district" else None,
            "references": [r.to_json() for r in self.references],
            "relations": [
                {"subject": self.references[r.subject].number, "predicate": r.predicate,
                 "object": self.references[r.object].number, "start": r.start, "end": r.end}
                for r in self.relations
            ],
            "metadata": self.metadata.to_json(),
            "indicators": [asdict(i) for i in self.indicators],
            "statements": [asdict(s) for s in self.statements],
            "projects": [asdict(p) for p in self.projects],
            "warnings": self.warnings,
        }
