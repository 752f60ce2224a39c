"""Extraction: pure functions from report text to typed records with spans.

``extract_text(text, source)`` runs the whole pipeline on one report's text.
"""

from __future__ import annotations

from dataclasses import replace

from policykg import __version__
from policykg.extract.districts import reporting_district
from policykg.extract.metadata import report_metadata
from policykg.extract.models import DistrictMention, Extraction, Reference
from policykg.extract.references import find_references
from policykg.extract.roles import assign_roles
from policykg.gazetteer import Gazetteer, load_gazetteer
from policykg.text import SourceText

EXTRACTOR_VERSION = f"policykg-extract/{__version__}"


def extract_text(text: str, source: str, gazetteer: Gazetteer | None = None) -> Extraction:
    gazetteer = gazetteer or load_gazetteer()
    src = SourceText.of(text)
    view, folded = src.text, src.folded
    district, mentions, province, warnings = reporting_district(view, folded, gazetteer)
    district_code = district.code if district else None
    refs = find_references(view, folded, gazetteer, district_code, province)
    relations = assign_roles(refs, view, folded, district_code)
    metadata = report_metadata(view, folded, refs)
    for ref in refs:
        if ref.date and ref.date.problem:
            warnings.append(f"{ref.number}: {ref.date.problem}")
    extraction = Extraction(source=source, text=src.original, district=district, references=refs,
                            relations=relations, district_mentions=mentions, province_code=province,
                            metadata=metadata, warnings=warnings)
    if src.original is not src.text and src.original != src.text:
        _to_original_offsets(extraction, src)
    return extraction


def _to_original_offsets(extraction: Extraction, src: SourceText) -> None:
    """Spans were found in the NFC view; point them into the text as read."""
    for ref in extraction.references:
        ref.start, ref.end = src.to_original(ref.start, ref.end)
    def moved(m: DistrictMention) -> DistrictMention:
        start, end = src.to_original(m.start, m.end)
        return replace(m, start=start, end=end)
    extraction.district_mentions = [moved(m) for m in extraction.district_mentions]
    if extraction.district:
        extraction.district = moved(extraction.district)
    extraction.relations = [replace(r, start=src.to_original(r.start, r.end)[0], end=src.to_original(r.start, r.end)[1])
                            for r in extraction.relations]
