"""Extraction: pure functions from report text to typed records with spans.

``extract_text(text, source)`` runs the whole pipeline on one report's text: it reads the text once into a
``Doc`` (the NFC view, artefacts masked, and its folded twin, offsets shared) that every stage takes. The
strategies are parameters: the gazetteer, the document names, the reference forms.
"""

from __future__ import annotations

from dataclasses import replace

import datetime as dt
from collections.abc import Sequence

from policykg import __version__
from policykg.extract.dates import find_dates
from policykg.extract.indicators import find_indicators, restated_differently
from policykg.extract.issuers import UnitContext
from policykg.extract.metadata import report_metadata
from policykg.extract.models import Extraction, UnitMention
from policykg.extract.names import DocumentName, find_named_references
from policykg.extract.references import REFERENCE_FORMS, ReferenceForm, find_references
from policykg.extract.roles import assign_roles, intro_end
from policykg.extract.sections import split_sections
from policykg.extract.units import reporting_unit
from policykg.gazetteer import Gazetteer, load_gazetteer
from policykg.text import Doc, SourceText

EXTRACTOR_VERSION = f"policykg-extract/{__version__}"

__all__ = ["EXTRACTOR_VERSION", "REFERENCE_FORMS", "Extraction", "extract_text"]


def default_names() -> list[DocumentName]:
    from policykg.catalog import load_catalog  # reference data; imported late to keep extract importable alone

    return load_catalog().document_names()


def extract_text(text: str, source: str, gazetteer: Gazetteer | None = None,
                 names: list[DocumentName] | None = None,
                 forms: Sequence[ReferenceForm] = REFERENCE_FORMS) -> Extraction:
    """Extract one report. `names` are the document names to recognise (default: the catalog's aliases);
    `forms` the ways a reference is written, tried in order."""
    gazetteer = gazetteer or load_gazetteer()
    names = default_names() if names is None else names
    doc = Doc.of(text)
    src = doc.source
    reporting = reporting_unit(doc, gazetteer)
    unit, province, warnings = reporting.unit, reporting.province_code, list(reporting.warnings)
    refs = find_references(doc, UnitContext(gazetteer, unit, province), forms)
    refs = sorted(refs + find_named_references(doc, names, refs), key=lambda r: r.start)
    for ref in refs:
        ref.text = doc.quote(ref.start, ref.end)  # the real words, not the masked view
    relations = assign_roles(refs, doc, unit)
    metadata, date_conflicts = report_metadata(doc, refs)
    not_claims = [(r.start, r.end) for r in refs] + [(d.start, d.end) for d in find_dates(doc)]
    indicators = find_indicators(doc, not_claims)
    statements, projects = split_sections(doc, intro_end(doc))
    indicators = [replace(i, text=doc.quote(i.start, i.end)) for i in _with_section_modality(indicators, statements)]
    for item in statements:
        item.text = doc.quote(item.start, item.end)
    warnings.extend(date_conflicts)
    next_year = dt.date.today().year + 1
    for ref in refs:
        if ref.date and ref.date.problem:
            warnings.append(f"{ref.number}: {ref.date.problem}")
        elif ref.date and ref.date.year and ref.date.year > next_year:
            warnings.append(f"{ref.number}: date in the future ({ref.date.text!r}), kept as written")
    for ind in indicators:
        if restated_differently(ind):  # kept as written, both figures shown: the analyst decides
            warnings.append(f"{ind.text}: {ind.numerator:g}/{ind.denominator:g} is {ind.value}%, the text says "
                            f"{ind.stated_percent:g}%")
    extraction = Extraction(source=source, text=src.original, unit=unit, references=refs,
                            relations=relations, unit_mentions=reporting.mentions, province_code=province,
                            metadata=metadata, indicators=indicators, statements=statements, projects=projects,
                            warnings=warnings)
    if src.original is not src.text and src.original != src.text:
        _to_original_offsets(extraction, src)
    return extraction


def _with_section_modality(indicators: list, statements: list) -> list:
    """A number stated under 'phương hướng, nhiệm vụ' is a target, not an observation."""
    targets = [(s.start, s.end) for s in statements if s.section == "next_tasks"]
    return [replace(i, modality="target") if any(a <= i.start < b for a, b in targets) else i for i in indicators]


def _to_original_offsets(extraction: Extraction, src: SourceText) -> None:
    """Spans were found in the NFC view; point them into the text as read."""
    for ref in extraction.references:
        ref.start, ref.end = src.to_original(ref.start, ref.end)
    def moved(m: UnitMention) -> UnitMention:
        start, end = src.to_original(m.start, m.end)
        return replace(m, start=start, end=end)
    extraction.unit_mentions = [moved(m) for m in extraction.unit_mentions]
    if extraction.unit:
        extraction.unit = moved(extraction.unit)
    extraction.relations = [replace(r, start=src.to_original(r.start, r.end)[0], end=src.to_original(r.start, r.end)[1])
                            for r in extraction.relations]
    extraction.indicators = [replace(i, start=src.to_original(i.start, i.end)[0], end=src.to_original(i.start, i.end)[1])
                             for i in extraction.indicators]
    for item in extraction.statements + extraction.projects:
        item.start, item.end = src.to_original(item.start, item.end)
    meta = extraction.metadata
    if meta.period:
        start, end = src.to_original(meta.period.start_offset, meta.period.end_offset)
        meta.period = replace(meta.period, start_offset=start, end_offset=end)
    meta.date_basis = [replace(b, start=start, end=end) for b in meta.date_basis
                       for start, end in [src.to_original(b.start, b.end)]]
