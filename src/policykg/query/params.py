"""A parameter's value as the RDF terms it stands for: the only step of the query layer that looks things up
(the gazetteer for a district, the graph for a document number)."""

from __future__ import annotations

import datetime as dt

from pyoxigraph import Literal, NamedNode

from policykg.domain.numbers import parse_number_text
from policykg.gazetteer import load_gazetteer
from policykg.domain.identity import parse_unit_key, unit_iri
from policykg.messages import Message
from policykg.namespaces import XSD
from policykg.query.loader import Param, QueryError, load_query, with_values


class ParamError(QueryError):
    """A parameter's value that stands for nothing: which parameter, and the problem in both languages. Its text
    is the command line's ("--param NAME: …"); a web form says "Parameter NAME: …" (see `problem`)."""

    def __init__(self, name: str, problem: Message):
        super().__init__(Message(f"--param {name}: {problem}", f"--param {name}: {problem.vi}"))
        self.param, self.problem = name, problem

    def __reduce__(self):  # across processes, whole
        return ParamError, (self.param, self.problem)


def to_terms(param: Param, value: str, store) -> list:
    """One user value -> the RDF terms it stands for (a document number may name several documents)."""
    try:
        if param.type == "iri":
            return [NamedNode(value)]
        if param.type == "string":
            return [Literal(value)]
        if param.type == "integer":
            return [Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))]
        if param.type == "date":
            return [Literal(dt.date.fromisoformat(value).isoformat(), datatype=NamedNode(XSD + "date"))]
        if param.type == "indicator":
            from policykg.graph.vocabulary import concept
            from policykg.vocab import INDICATORS

            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            if value not in INDICATORS:
                raise ParamError(param.name, Message(f"no indicator {value!r}; known: {', '.join(INDICATORS)}",
                                         f"không có chỉ số {value!r}; các chỉ số: "
                                         f"{', '.join(INDICATORS)}"))
            return [NamedNode(concept("indicator", value))]
        if param.type == "district":  # a reporting unit of any level
            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            keyed = parse_unit_key(value)
            if keyed:
                return [NamedNode(unit_iri(*keyed))]
            gazetteer = load_gazetteer()
            unit = gazetteer.districts.get(value.zfill(3)) if value.isdigit() else None
            match = None if unit else gazetteer.match_district(value)
            unit = unit or (match.unit if match else None)
            if unit is None:
                raise ParamError(param.name, Message(
                    f"no district named {value!r} (a commune or province: give its IRI or "
                    f"key, e.g. 2025c25357)",
                    f"không có huyện tên {value!r} (xã hoặc tỉnh: hãy cho IRI hoặc khóa, "
                    f"ví dụ 2025c25357)"))
            return [NamedNode(unit.iri)]
        if param.type == "province":
            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            units = load_gazetteer().province_scope(value)
            if not units:
                raise ParamError(param.name, Message(f"no province named {value!r}, before or after the 2025 reform",
                                         f"không có tỉnh {value!r}, trước hay sau sắp xếp năm 2025"))
            return [NamedNode(u.iri) for u in units]
        if param.type == "document":
            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            parse = parse_number_text(value)
            if parse is None:
                raise ParamError(param.name, Message(f"{value!r} is neither an IRI nor a document number",
                                         f"{value!r} không phải IRI cũng không phải số văn bản"))
            lookup = load_query("documents-numbered")
            found = list(store.query(with_values(lookup, lookup.text, ["number"], [[Literal(parse.number)]])))
            if not found:
                raise ParamError(param.name, Message(f"no document numbered {parse.number} in the graph",
                                         f"đồ thị không có văn bản số {parse.number}"))
            return [row["d"] for row in found]
    except QueryError:
        raise  # already says what is wrong (a QueryError is a ValueError: not to be wrapped again)
    except ValueError as exc:
        raise ParamError(param.name, Message(f"{value!r} is not a valid {param.type} ({exc})",
                                 f"{value!r} không phải {param.type} hợp lệ ({exc})")) from exc
    raise QueryError(f"unknown parameter type {param.type}")


