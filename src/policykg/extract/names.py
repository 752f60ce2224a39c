"""References by name: 'Chương trình Chuyển đổi số quốc gia', 'Đề án 06' -> the numbered document.

Names come from the catalog's aliases (data/catalog/mandates.toml): adding one is a one-line change there.
"""

from __future__ import annotations

import re

from policykg.domain.names import DocumentName
from policykg.extract.models import Issuer, Reference
from policykg.text import Doc, SpanSet, fold, matches_at, word_starts

__all__ = ["DocumentName", "find_named_references"]


def _words(alias: str) -> list[str]:
    return fold(alias).replace(",", " ").split()


def _pattern(alias: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])" + r"[\s,]{1,3}".join(re.escape(w) for w in _words(alias)) + r"(?![a-z0-9])")


_DEFINES_A_SHORT_NAME = re.compile(r"(?:goi\s+tat\s+la|sau\s+day\s+goi\s+(?:tat\s+)?la|viet\s+tat\s+la)\s*[:“\"']?\s*$")


def find_named_references(doc: Doc, names: list[DocumentName], numbered: list[Reference]) -> list[Reference]:
    """Each alias mention not already covered by a numbered reference to the same document nearby."""
    found: list[Reference] = []
    taken = SpanSet((r.start, r.end) for r in numbered)
    for name in sorted(names, key=lambda n: -len(n.alias)):  # longest first: "Đề án 06" inside a longer name
        words = _words(name.alias)
        if not words:
            continue  # an alias of punctuation alone names nothing
        # tried only where its first word is (str.find), not at every position of the text
        for m in matches_at(_pattern(name.alias), doc.folded, word_starts(doc.folded, words[0])):
            start, end = m.start(), m.end()
            if taken.overlaps(start, end):
                continue
            if _titles_a_numbered_reference(doc.folded, start, name.number, numbered):
                continue
            if _DEFINES_A_SHORT_NAME.search(doc.folded, max(0, start - 30), start):
                continue  # "(gọi tắt là Đề án 06)": the short name of the document just cited, not a mention
            issuer = Issuer(name.issuer_name, "catalog", name.issuer_level, name.issuer_body, name.issuer_unit,
                            name.issuer_name, unit_era=name.issuer_era)
            found.append(Reference(kind=name.kind, type_code=name.type_code, number=name.number, form=name.form,
                                   year=name.year, start=start, end=end, text=doc.view[start:end], issuer=issuer,
                                   by_name=True))
            taken.add(start, end)
    return found


def _titles_a_numbered_reference(folded: str, start: int, number: str, numbered: list[Reference]) -> bool:
    """'Quyết định số 274/QĐ-TTg … về phê duyệt Đề án Cổng dịch vụ công quốc gia': the name is that
    reference's title, not another mention."""
    for ref in numbered:
        if ref.number == number and 0 <= start - ref.end <= 200 and not re.search(r"[.;\n]", folded[ref.end:start]):
            return True
    return False
