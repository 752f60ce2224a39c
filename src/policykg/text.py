"""Unicode handling for Vietnamese report text.

Reports arrive in NFC, NFD or a mix, with old and new tone placement (Hòa / Hoà). Extraction runs on
one NFC view of the text; ``SourceText`` maps every offset of that view back to the original string so
spans point into the text the report really contains.

Folding levels used for matching:
- ``tone_key``: tone-sensitive, placement-insensitive: 'Hòa' == 'Hoà', but 'Phố' != 'Phổ', 'Hón' != 'Hớn'.
- ``fold``: drop every diacritic, đ -> d, lower-case: 'Hớn Quản' == 'Hón Quản' == 'hon quan'.
``fold`` keeps one output character per NFC input character, so offsets carry over unchanged.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

# Combining tone marks in Vietnamese: grave, acute, tilde, hook above, dot below.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


class _FoldTable(dict):
    """str.translate table filled on first sight of each character: đ -> d, diacritics and case dropped,
    always one character out (so offsets in the folded text are offsets in the original)."""

    def __missing__(self, char_code: int) -> str:
        char = chr(char_code)
        if char in "đĐ":
            folded = "d"
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            folded = (base.lower() or char)[:1]
        self[char_code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Strip all diacritics and lower-case, one character out per NFC character in."""
    return nfc(text).translate(_FOLD_TABLE)


def tone_key(text: str) -> str:
    """Compare names tone-sensitively but placement-insensitively: 'Hòa' == 'Hoà', 'Phố' != 'Phổ'.

    Each word becomes its toneless letters followed by its tone mark, wherever the mark was placed.
    """
    words = []
    for word in nfc(text).lower().split():
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(sorted(c for c in decomposed if c in TONE_MARKS))
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        words.append(base + tones)
    return " ".join(words)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class SourceText:
    """The original text, its NFC view, and the offset map from the view back to the original."""

    original: str
    text: str  # NFC view that extraction reads
    _offsets: Sequence[int]  # _offsets[i] = original index of view index i; len(text) + 1 entries (a range when equal)

    @classmethod
    def of(cls, original: str) -> "SourceText":
        view = nfc(original)
        if view == original:
            return cls(original, view, range(len(original) + 1))
        # Normalise cluster by cluster (a base character and its combining marks) to keep the map.
        parts: list[str] = []
        offsets: list[int] = []
        i, n = 0, len(original)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(original[j]):
                j += 1
            cluster = unicodedata.normalize("NFC", original[i:j])
            parts.append(cluster)
            offsets.extend([i] * len(cluster))
            i = j
        offsets.append(n)
        joined = "".join(parts)
        if joined != view:  # composition across clusters (rare): fall back to an identity map on the view
            return cls(view, view, range(len(view) + 1))
        return cls(original, joined, tuple(offsets))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the NFC view to the original string."""
        return self._offsets[start], self._offsets[end]

    @property
    def folded(self) -> str:
        return fold(self.text)


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or list item) holding text[start:end], whitespace folded; longer than `limit`
    characters, a window around the mention cut at word boundaries and marked with '…'. Searches only
    `limit` characters each way, so a huge one-line file costs no more per mention than a normal one."""
    lo, hi = max(0, start - limit), min(len(text), end + limit)
    left = max(text.rfind("\n", lo, start) + 1, text.rfind(". ", lo, start) + 2 if text.rfind(". ", lo, start) != -1 else 0, lo)
    rights = [i for i in (text.find("\n", end, hi), text.find(". ", end, hi)) if i != -1]
    right = min(rights) + 1 if rights else hi
    prefix = suffix = ""
    if start - left > limit // 2:
        left = text.find(" ", start - limit // 2, start) + 1 or start
        prefix = "…"
    if right - end > limit // 2:
        cut = text.rfind(" ", end, end + limit // 2)
        right = cut if cut > end else end
        suffix = "…"
    return prefix + " ".join(text[left:right].split()) + suffix


# docx-to-text artefacts, replaced by spaces of the same length so offsets stay true.
_ARTEFACTS = re.compile(
    r"\[bookmark:[^\]\n]{0,80}\]"          # [bookmark: _GoBack]
    r"|<https?://[^>\s]{1,300}>"             # <https://…> links
    r"|https?://[^\s<>\"“”]{1,300}"          # bare links (their digits and slashes are not document numbers)
    r"|\*{1,3}"                              # markdown emphasis
    r"|\{\.underline\}|\{\.mark\}"           # pandoc span attributes
)
# A page break leaves a sentence split by blank lines: "… đường lối chính\n\nsách của Đảng …".
# It starts only where a run of spaces starts: otherwise a megabyte of spaces with no line break is retried
# from every space, quadratic (the hostile-shape property test found it).
_BLANK_LINES = re.compile(r"(?<![ \t])[ \t]*\n(?:[ \t]*\n)+[ \t]*")


def _joins_a_sentence(m: re.Match) -> bool:
    text, start, end = m.string, m.start(), m.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    list_marker = re.match(r"[a-zđ][).]\s", text[end:end + 3])  # "a) Đối với UBND tỉnh" starts a new item
    return (before.islower() or before in ",;") and after.islower() and not list_marker


def mask_artefacts(view: str) -> str:
    """The NFC view with conversion artefacts blanked out, same length, for matching only."""
    masked = _ARTEFACTS.sub(lambda m: " " * len(m.group()), view)
    return _BLANK_LINES.sub(lambda m: " " * len(m.group()) if _joins_a_sentence(m) else m.group(), masked)


class SpanSet:
    """Non-overlapping [start, end) spans with O(log n) overlap tests (a report may hold tens of thousands of
    candidate mentions; a linear scan per candidate would be quadratic)."""

    def __init__(self, spans=()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return False
        return not (i < len(self._starts) and self._starts[i] < end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def overlaps(self, start: int, end: int) -> bool:
        return not self.free(start, end)


def matches_at(pattern: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` yields, trying the pattern only at `starts` (ascending): the positions where
    a match of it can begin. For patterns that open with a lookbehind, re tries every position of the text (its
    prefix search does not see past the assertion): 5x slower on a report than trying where a number or a
    word begins."""
    end = 0
    for start in starts:
        if start < end:
            continue  # inside the last match: finditer does not overlap
        m = pattern.match(text, start)
        if m:
            end = max(m.end(), start + 1)
            yield m


_DIGIT_RUN = re.compile(r"\d+")


def number_starts(text: str) -> Iterator[int]:
    """The first digit of each run of digits: the only places a pattern can match that begins with a digit and
    never right after one (the quantity patterns: `(?<![\\d.,/])\\d…`)."""
    return (m.start() for m in _DIGIT_RUN.finditer(text))


def word_starts(text: str, word: str) -> Iterator[int]:
    """Every position of `word` in text, overlapping ones included (str.find: no regex)."""
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*%?")


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula (it starts with = + - @, tab or CR) kept as text with a leading
    apostrophe, as spreadsheets themselves write it; numbers (a negative one included) and other values pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


@dataclass(frozen=True)
class Doc:
    """One report's text as every extractor reads it, in one object so no function takes a (view, folded) pair in
    one order or the other: `view` is the NFC text with conversion artefacts blanked (same length), the words an
    extractor slices; `folded` is `view` lower-cased without diacritics (same length), what patterns match;
    `source` maps a span back to the text as read, and `quote` gives its real words (artefacts included)."""

    source: SourceText
    view: str
    folded: str

    @classmethod
    def of(cls, text: str) -> "Doc":
        source = SourceText.of(text)
        view = mask_artefacts(source.text)
        return cls(source, view, fold(view))

    @classmethod
    def of_view(cls, view: str) -> "Doc":
        """A piece of an already normalised view (a sentence) as a Doc of its own, masked as it was."""
        return cls(SourceText(view, view, range(len(view) + 1)), view, fold(view))

    def quote(self, start: int, end: int) -> str:
        return self.source.text[start:end]

    def __len__(self) -> int:
        return len(self.view)
