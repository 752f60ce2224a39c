"""Extraction: pure functions from report text to typed records with spans.

``extract_text(text, source)`` runs the whole pipeline on one report's text.
"""

from __future__ import annotations

from dataclasses import replace

from policykg import __version__
import datetime as dt
from dataclasses import replace as _replace

from policykg.extract.dates import find_dates
from policykg.extract.units import reporting_unit
from policykg.extract.indicators import find_indicators
from policykg.extract.sections import split_sections
from policykg.extract.metadata import report_metadata
from policykg.extract.models import Extraction, UnitMention
from policykg.extract.names import DocumentName, find_named_references
from policykg.extract.references import find_references
from policykg.extract.roles import assign_roles, intro_end
from policykg.gazetteer import Gazetteer, load_gazetteer
from policykg.text import SourceText, fold, mask_artefacts

EXTRACTOR_VERSION = f"policykg-extract/{__version__}"

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extract_text"]


def default_names() -> list[DocumentName]:
    from policykg.catalog import load_catalog  # reference data; imported late to keep extract importable alone

    return load_catalog().document_names()


def extract_text(text: str, source: str, gazetteer: Gazetteer | None = None,
                 names: list[DocumentName] | None = None) -> Extraction:
    """Extract one report. `names` are the document names to recognise (default: the catalog's aliases)."""
    gazetteer = gazetteer or load_gazetteer()
    names = default_names() if names is None else names
    src = SourceText.of(text)
    # Match on a view with conversion artefacts blanked (same length); quote from the real text.
    view = mask_artefacts(src.text)
    folded = fold(view)
    reporting = reporting_unit(view, folded, gazetteer)
    unit, province, warnings = reporting.unit, reporting.province_code, list(reporting.warnings)
    refs = find_references(view, folded, gazetteer, unit, province)
    refs = sorted(refs + find_named_references(view, folded, names, refs), key=lambda r: r.start)
    for ref in refs:
        ref.text = src.text[ref.start:ref.end]
    relations = assign_roles(refs, view, folded, unit)
    metadata = report_metadata(view, folded, refs)
    not_claims = [(r.start, r.end) for r in refs] + [(d.start, d.end) for d in find_dates(folded, view)]
    indicators = find_indicators(view, folded, not_claims)
    statements, projects = split_sections(view, intro_end(folded))
    indicators = [_replace(i, text=src.text[i.start:i.end]) for i in _with_section_modality(indicators, statements)]
    for item in statements:
        item.text = src.text[item.start:item.end]  # quote the real text, not the masked view
    warnings.extend(metadata.pop("date_conflicts", []))
    next_year = dt.date.today().year + 1
    for ref in refs:
        if ref.date and ref.date.problem:
            warnings.append(f"{ref.number}: {ref.date.problem}")
        elif ref.date and ref.date.year and ref.date.year > next_year:
            warnings.append(f"{ref.number}: date in the future ({ref.date.text!r}), kept as written")
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
    return [_replace(i, modality="target") if any(a <= i.start < b for a, b in targets) else i for i in indicators]


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
    period = extraction.metadata.get("period")
    if period:
        period["start_offset"], period["end_offset"] = src.to_original(period["start_offset"], period["end_offset"])
    for basis in extraction.metadata.get("date_basis", []):
        basis["start"], basis["end"] = src.to_original(basis["start"], basis["end"])
