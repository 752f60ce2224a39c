"""A document's name as reports cite it ('Đề án 06' → 06/QĐ-TTg): the record the catalog gives and the
extractor looks for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentName:
    alias: str
    number: str
    kind: str
    type_code: str | None
    form: str
    year: int | None
    issuer_name: str
    issuer_body: str
    issuer_level: str
    issuer_unit: str | None
    issuer_era: str = "pre-2025"
