"""Resolve one report's extraction: each cited document to its IRI (using the catalog to complete
identities), each issuer to a body, and the conflicts between what the report says and the catalog."""

from __future__ import annotations

from dataclasses import dataclass, field

from policykg.extract.models import Extraction, Reference
from policykg.domain.numbers import parse_number_text
from policykg.catalog import Catalog, CatalogDocument
from policykg.domain.identity import document_iri, org_iri, report_key, scope


@dataclass(frozen=True)
class Conflict:
    field: str  # "date_signed"
    stated: str
    catalog: str
    message: str


@dataclass
class ResolvedCitation:
    ref: Reference
    doc_iri: str
    issuer_iri: str | None
    catalog: CatalogDocument | None
    identity_complete: bool  # False when the issuer's unit or the year could not be established
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class ResolvedReport:
    key: str
    extraction: Extraction
    citations: list[ResolvedCitation]
    authority_iri: str | None  # the reporting unit's UBND


def _same_document(ref: Reference, entry: CatalogDocument, normative: bool) -> bool:
    """Non-normative numbers restart every year: the same number is the same document only in the same year,
    or when the stated date differs from the catalog's in the year alone (a typo the report makes: flagged)."""
    if normative or ref.year is None or entry.year == ref.year:
        return True
    signed = entry.value("date_signed")
    return bool(signed and ref.date and ref.date.iso and ref.date.iso[4:] == signed[4:])


def resolve_reference(ref: Reference, catalog: Catalog) -> ResolvedCitation:
    parse = parse_number_text(ref.number)
    issuer = ref.issuer
    level = issuer.level if issuer else None
    unit = issuer.unit_code if issuer else None
    era = issuer.unit_era if issuer else "pre-2025"
    where = scope(parse, level, unit, era)
    matches = [d for d in catalog.by_number(parse, where) if _same_document(ref, d, parse.year is not None)]
    entry = matches[0] if len(matches) == 1 else None
    year = ref.year or (entry.year if entry else None)
    iri = entry.iri if entry else document_iri(parse, level, unit, year, era)
    issuer_iri = org_iri(issuer.body, issuer.level, issuer.unit_code, issuer.name, era) \
        if issuer and issuer.level else None
    complete = not where.startswith("unknown") and (parse.year is not None or year is not None)
    conflicts = []
    if entry and ref.date and ref.date.iso:
        signed = entry.value("date_signed")
        if signed and signed != ref.date.iso:
            conflicts.append(Conflict("date_signed", ref.date.iso, signed,
                                      f"the report dates {ref.number} {ref.date.iso}; the catalog has {signed}"))
    return ResolvedCitation(ref, iri, issuer_iri, entry, complete, conflicts)


def resolve_report(extraction: Extraction, catalog: Catalog) -> ResolvedReport:
    unit = extraction.unit
    authority = org_iri("ubnd", unit.level, unit.code, era=unit.era) if unit else None
    return ResolvedReport(report_key(extraction.source), extraction,
                          [resolve_reference(r, catalog) for r in extraction.references], authority)
