"""The mandate catalog (data/catalog/*.toml): curated, sourced facts about the directives that matter.

Reference data, like the gazetteer: extraction reads its aliases (names reports cite mandates by),
resolution matches numbers against it, the graph states its facts with their sources."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from policykg.domain.names import DocumentName
from policykg.domain.numbers import NumberParse, parse_number_text
from policykg.gazetteer import PRE, load_gazetteer
from policykg.messages import Message, say
from policykg.domain.identity import document_iri, number_slug, org_iri, scope
from policykg.paths import reference_dir
from policykg.text import fold
from policykg.vocab import (DOC_TYPE_BY_VI, INDICATORS, LEVELS, NATIONAL_ISSUERS, OBLIGATION_ACTIONS, PARTY_ORGANS,
                            TOPICS)

VERIFICATION_ORDER = ("primary", "secondary", "corroborated", "rule", "unverified")
# Rules of law a date can be derived by: rule name -> (the field it is derived from, the source that states the rule).
DATE_RULES = {"from-signing": ("date_signed", "rule-from-signing")}
FACT_FIELDS = ("title_vi", "title_en", "date_signed", "date_in_force", "date_no_longer_in_force",
               "replaces", "amends", "implements", "aliases", "borne_by")


class CatalogError(ValueError):
    """A catalog file that cannot be used: the file, where in it (TOML keys stay as written), what is wrong, in
    both languages (`problem` is a Message; the place is said in Vietnamese by its words)."""

    def __init__(self, path: Path, where: str, problem: Message):
        where_vi = re.sub(r"\bobligation\b", "nghĩa vụ", re.sub(r"^document\b", "văn bản", where))
        where_vi = "tệp" if where == "file" else where_vi
        super().__init__(Message(f"{path}: {where}: {problem}", f"{path}: {where_vi}: {say(problem, 'vi')}"))


@dataclass(frozen=True)
class Fact:
    value: object
    sources: tuple[str, ...]
    verification: str  # the best level among its sources
    note: str | None = None


@dataclass(frozen=True)
class Obligation:
    key: str
    text_en: str
    borne_by: str
    deadline: str | None
    indicator: str | None
    target: dict | None
    sources: tuple[str, ...]
    verification: str
    evidence_topics: tuple[str, ...] = ()
    note: str | None = None
    text_vi: str | None = None  # the same duty in Vietnamese (the project's words, as text_en is)
    action: str | None = None  # what is asked, from OBLIGATION_ACTIONS
    provision: str | None = None  # where in the document it is stated ("Điều 3", "mục I.1.1.a"), when a page said


@dataclass
class CatalogDocument:
    number: str
    parse: NumberParse
    kind: str
    issuer_body: str
    issuer_level: str
    issuer_unit: str | None
    issuer_name: str
    facts: dict[str, Fact]
    obligations: list[Obligation] = field(default_factory=list)
    issuer_era: str = PRE  # the era of issuer_unit: a province's code names another unit after 1 July 2025

    def value(self, name: str, default=None):
        fact = self.facts.get(name)
        return fact.value if fact else default

    @property
    def year(self) -> int | None:
        if self.parse.year:
            return self.parse.year
        signed = self.value("date_signed")
        return int(signed[:4]) if signed else None

    @property
    def iri(self) -> str:
        return document_iri(self.parse, self.issuer_level, self.issuer_unit, self.year, self.issuer_era)

    @property
    def issuer_iri(self) -> str:
        return org_iri(self.issuer_body, self.issuer_level, self.issuer_unit, era=self.issuer_era)

    @property
    def scope(self) -> str:
        return scope(self.parse, self.issuer_level, self.issuer_unit, self.issuer_era)


@dataclass
class Catalog:
    path: Path
    sources: dict[str, dict]
    documents: list[CatalogDocument]

    def by_number(self, parse: NumberParse, where: str) -> list[CatalogDocument]:
        """Entries with this number in this numbering scope, any year."""
        return self._by_number.get((number_slug(parse), where), [])

    @cached_property
    def _by_number(self) -> dict[tuple[str, str], list[CatalogDocument]]:
        index: dict[tuple[str, str], list[CatalogDocument]] = {}
        for d in self.documents:
            index.setdefault((number_slug(d.parse), d.scope), []).append(d)
        return index

    def aliases(self) -> list[tuple[str, CatalogDocument, Fact]]:
        return [(alias, d, d.facts["aliases"]) for d in self.documents if "aliases" in d.facts
                for alias in d.facts["aliases"].value]

    def document_names(self) -> list[DocumentName]:
        """The aliases as the extractor needs them (names reports cite mandates by)."""
        return [DocumentName(alias, d.number, d.kind, d.parse.type_code, d.parse.form, d.year, d.issuer_name,
                             d.issuer_body, d.issuer_level, d.issuer_unit, d.issuer_era)
                for alias, d, _ in self.aliases()]


def _derived_fact(path: Path, where: str, raw: dict, entry: dict, default_sources: tuple[str, ...],
                  sources: dict) -> Fact:
    """`{ rule = "from-signing" }`: the value of another field, as sure as that fact and no surer than the rule."""
    rule = raw["rule"]
    if rule not in DATE_RULES:
        raise CatalogError(path, where, Message(f"unknown rule {rule!r} (known: {', '.join(DATE_RULES)})",
                                                f"không có quy tắc {rule!r} (các quy tắc: {', '.join(DATE_RULES)})"))
    field_name, rule_source = DATE_RULES[rule]
    if field_name not in entry:
        raise CatalogError(path, where, Message(f"rule {rule!r} needs {field_name}",
                                                f"quy tắc {rule!r} cần trường {field_name}"))
    if rule_source not in sources:
        raise CatalogError(path, where, Message(f"rule {rule!r} needs the source {rule_source!r} under [sources]",
                                                f"quy tắc {rule!r} cần nguồn {rule_source!r} trong [sources]"))
    basis = _fact(path, f"{where} ({field_name})", entry[field_name], default_sources, sources)
    verification = max(basis.verification, sources[rule_source].get("level", "unverified"),
                       key=VERIFICATION_ORDER.index)
    return Fact(basis.value, (rule_source, *basis.sources), verification,
                raw.get("note") or f"derived by rule {rule}: the {field_name.replace('_', ' ')}")


def _fact(path: Path, where: str, raw, default_sources: tuple[str, ...], sources: dict) -> Fact:
    if isinstance(raw, dict) and "value" in raw:
        value, fact_sources, note = raw["value"], tuple(raw.get("sources", default_sources)), raw.get("note")
    else:
        value, fact_sources, note = raw, default_sources, None
    if not fact_sources:
        raise CatalogError(path, where, Message("a fact without a source: name one or leave the fact out",
                                                "thông tin không có nguồn: hãy ghi nguồn hoặc bỏ thông tin đó"))
    unknown = [s for s in fact_sources if s not in sources]
    if unknown:
        raise CatalogError(path, where, Message(f"unknown source {unknown[0]!r}: declare it under [sources]",
                                                f"nguồn {unknown[0]!r} chưa được khai báo: hãy khai báo trong "
                                                "[sources]"))
    levels = [sources[s].get("level", "unverified") for s in fact_sources]
    best = min(levels, key=VERIFICATION_ORDER.index)
    return Fact(value, fact_sources, best, note)


def _issuer(path: Path, where: str, raw, signed: str | None) -> tuple[str, str, str | None, str, str]:
    """(body, level, unit code, display name, era of the unit). A province issues as the unit of its day: 'Đồng Nai'
    on a plan signed in 2024 is the pre-reform province, on one signed in 2026 the merged one."""
    if isinstance(raw, str):
        body = next((b for b in (*NATIONAL_ISSUERS.values(), *PARTY_ORGANS.values()) if b.slug == raw), None)
        if body is None:
            raise CatalogError(path, where, Message(f"unknown national issuer {raw!r}",
                                                    f"không có cơ quan ban hành trung ương {raw!r}"))
        return body.slug, body.level, None, body.vi, PRE
    gazetteer = load_gazetteer()
    if signed is None:
        raise CatalogError(path, where, Message("a provincial document needs date_signed: the province it was "
                                                "issued by depends on the day (the 1 July 2025 reform)",
                                                "văn bản cấp tỉnh cần date_signed: tỉnh ban hành tùy theo ngày "
                                                "(sắp xếp đơn vị hành chính từ 1/7/2025)"))
    province = gazetteer.match_province(raw.get("province", ""), at=signed, fuzzy=False)
    if province is None or province.confidence < 1.0:
        raise CatalogError(path, where, Message(f"issuer province {raw.get('province')!r} is not a province on "
                                                f"{signed}",
                                                f"tỉnh ban hành {raw.get('province')!r} không phải là một tỉnh vào "
                                                f"ngày {signed}"))
    names = {"tinh-uy": "Tỉnh ủy", "ubnd": "UBND tỉnh", "hdnd": "HĐND tỉnh", "so-tttt": "Sở Thông tin và Truyền thông"}
    body = raw.get("body", "")
    return (body, "province", province.unit.code, f"{names.get(body, body)} {province.unit.short}",
            province.unit.era)


def load_catalog_file(path: Path) -> Catalog:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(path, "file", Message(f"not a readable TOML file ({exc})",
                                                 f"không đọc được tệp TOML ({exc})")) from exc
    sources = raw.get("sources", {})
    for key, source in sources.items():  # a page a reader can open, and the day it was read (it may change)
        if "url" in source and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(source.get("read", ""))):
            raise CatalogError(path, f"source {key}", Message("a source with a url needs the day it was read: "
                                                              "read = \"YYYY-MM-DD\"",
                                                              "nguồn có url cần ghi ngày đọc: read = \"YYYY-MM-DD\""))
        if "url" in source and not str(source["url"]).startswith(("https://", "http://")):
            raise CatalogError(path, f"source {key}", Message("url is not a web address", "url không phải địa chỉ web"))
    documents = []
    for i, entry in enumerate(raw.get("document", [])):
        where = f"document {i + 1} ({entry.get('number', '?')})"
        parse = parse_number_text(entry.get("number", ""))
        if parse is None:
            raise CatalogError(path, where, Message("number is not a document number",
                                                    "number không phải là số hiệu văn bản"))
        kind = entry.get("kind")
        if kind not in DOC_TYPE_BY_VI:
            raise CatalogError(path, where, Message(f"unknown kind {kind!r}", f"không có loại văn bản {kind!r}"))
        default_sources = tuple(entry.get("sources", ()))
        facts = {}
        for name in FACT_FIELDS:
            if name not in entry:
                continue
            raw_fact, at = entry[name], f"{where} {name}"
            facts[name] = (_derived_fact(path, at, raw_fact, entry, default_sources, sources)
                           if isinstance(raw_fact, dict) and "rule" in raw_fact
                           else _fact(path, at, raw_fact, default_sources, sources))
        body, level, unit, issuer_name, era = _issuer(path, where, entry.get("issuer"),
                                                      facts["date_signed"].value if "date_signed" in facts else None)
        obligations = []
        for ob in entry.get("obligation", []):
            sourced = {"value": None, "sources": ob.get("sources", default_sources)}
            fact = _fact(path, f"{where} obligation {ob.get('id')}", sourced, default_sources, sources)
            unknown_topics = [t for t in ob.get("evidence_topics", []) if t not in TOPICS]
            if unknown_topics:
                raise CatalogError(path, f"{where} obligation {ob.get('id')}",
                                   Message(f"unknown topic {unknown_topics[0]!r}",
                                           f"không có chủ đề {unknown_topics[0]!r}"))
            missing = [k for k in ("text_en", "text_vi") if not ob.get(k)]
            if missing:  # an analyst reads the duty in either language: both are asked for
                raise CatalogError(path, f"{where} obligation {ob.get('id')}",
                                   Message(f"{missing[0]} is missing: say the duty in both languages",
                                           f"thiếu {missing[0]}: hãy ghi nghĩa vụ bằng cả hai ngôn ngữ"))
            for name, value, allowed in (("borne_by", ob.get("borne_by"), LEVELS),
                                         ("action", ob.get("action"), OBLIGATION_ACTIONS)):
                if value not in allowed:
                    raise CatalogError(path, f"{where} obligation {ob.get('id')}",
                                       Message(f"{name} {value!r} is not one of {', '.join(allowed)}",
                                               f"{name} {value!r} không thuộc danh sách {', '.join(allowed)}"))
            if ob.get("indicator") and ob["indicator"] not in INDICATORS:
                raise CatalogError(path, f"{where} obligation {ob.get('id')}",
                                   Message(f"unknown indicator {ob['indicator']!r} (see INDICATORS in vocab.py)",
                                           f"không có chỉ số {ob['indicator']!r} (xem INDICATORS trong vocab.py)"))
            verification = "unverified" if ob.get("unverified") else fact.verification
            obligations.append(Obligation(ob["id"], ob["text_en"], ob["borne_by"], ob.get("deadline"),
                                          ob.get("indicator"), ob.get("target"), fact.sources, verification,
                                          tuple(ob.get("evidence_topics", ())), ob.get("note"), ob.get("text_vi"),
                                          ob.get("action"), ob.get("provision")))
        documents.append(CatalogDocument(entry["number"], parse, kind, body, level, unit, issuer_name, facts,
                                         obligations, era))
    seen: dict[str, str] = {}
    for doc in documents:
        if doc.iri in seen:
            raise CatalogError(path, doc.number, Message(f"the same document as {seen[doc.iri]}",
                                                         f"trùng văn bản với {seen[doc.iri]}"))
        seen[doc.iri] = doc.number
    named: dict[str, str] = {}
    for doc in documents:  # a name reports use must lead to one document
        for alias in doc.value("aliases", []):
            key = " ".join(fold(alias).split())
            if key in named and named[key] != doc.number:
                raise CatalogError(path, doc.number, Message(f"alias {alias!r} is also {named[key]}'s",
                                                             f"tên gọi {alias!r} cũng là của {named[key]}"))
            named[key] = doc.number
    return Catalog(path, sources, documents)


@lru_cache(maxsize=4)
def load_catalog(path: Path | None = None) -> Catalog:
    return load_catalog_file(Path(path) if path else reference_dir() / "catalog" / "mandates.toml")
