"""SPARQL text read lexically: its code without comments, strings and IRIs, so a keyword test cannot be fooled by
'# SERVICE' in a comment or "INSERT" in a literal. Shared by the server's gateway and the explorer's console."""

from __future__ import annotations

import re

_NOT_CODE = re.compile(r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|'
                       r'<[^<>"{}|^`\\\s]*>')
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*", re.IGNORECASE)
_FORM = re.compile(r"[A-Za-z]+")


def code_only(sparql: str) -> str:
    """The text with comments, strings and IRIs blanked (each replaced by one space)."""
    return _NOT_CODE.sub(" ", sparql)


def uses_service(sparql: str) -> bool:
    return bool(_SERVICE.search(code_only(sparql)))


def operation_form(sparql: str) -> str | None:
    """The first keyword after the prologue (comments, PREFIX and BASE lines, on one line or many): SELECT, ASK,
    CONSTRUCT, DESCRIBE, or an update's INSERT, DELETE, LOAD, CLEAR, DROP …; None for an empty text."""
    code = code_only(sparql)
    found = _FORM.match(code, _PROLOGUE.match(code).end())
    return found.group().upper() if found else None
