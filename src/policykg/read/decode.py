"""Decode report bytes: UTF-8 (with or without BOM), UTF-16 (with or without BOM), Windows-1258."""

from __future__ import annotations

import codecs

# Vietnamese letters whose presence tells a right decoding from mojibake.
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ\u0300\u0301\u0303\u0309\u0323")


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises UnicodeError when nothing plausible fits."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data:
        raise UnicodeError("binary data (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1258", errors="strict")
    if _looks_like_text(text):
        return text, "cp1258"
    raise UnicodeError("neither UTF-8, UTF-16 nor Windows-1258 text")


def _utf16_without_bom(data: bytes) -> str | None:
    """ASCII-heavy UTF-16 has NUL in every other byte; which half tells the byte order."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    control = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    return control <= len(text) * 0.01 and (any(c in _VIETNAMESE for c in text) or text.isascii())
