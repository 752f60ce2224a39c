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
                raise QueryError(Message(f"--param {param.name}: no indicator {value!r}; known: {', '.join(INDICATORS)}",
                                         f"--param {param.name}: không có chỉ số {value!r}; các chỉ số: "
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
                raise QueryError(Message(
                    f"--param {param.name}: no district named {value!r} (a commune or province: give its IRI or "
                    f"key, e.g. 2025c25357)",
                    f"--param {param.name}: không có huyện tên {value!r} (xã hoặc tỉnh: hãy cho IRI hoặc khóa, "
                    f"ví dụ 2025c25357)"))
            return [NamedNode(unit.iri)]
        if param.type == "province":
            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            units = load_gazetteer().province_scope(value)
            if not units:
                raise QueryError(Message(f"--param {param.name}: no province named {value!r}, before or after the 2025 reform",
                                         f"--param {param.name}: không có tỉnh {value!r}, trước hay sau sắp xếp năm 2025"))
            return [NamedNode(u.iri) for u in units]
        if param.type == "document":
            if value.startswith(("http://", "https://")):
                return [NamedNode(value)]
            parse = parse_number_text(value)
            if parse is None:
                raise QueryError(Message(f"--param {param.name}: {value!r} is neither an IRI nor a document number",
                                         f"--param {param.name}: {value!r} không phải IRI cũng không phải số văn bản"))
            lookup = load_query("documents-numbered")
            found = list(store.query(with_values(lookup, lookup.text, ["number"], [[Literal(parse.number)]])))
            if not found:
                raise QueryError(Message(f"--param {param.name}: no document numbered {parse.number} in the graph",
                                         f"--param {param.name}: đồ thị không có văn bản số {parse.number}"))
            return [row["d"] for row in found]
    except QueryError:
        raise  # already says what is wrong (a QueryError is a ValueError: not to be wrapped again)
    except ValueError as exc:
        raise QueryError(Message(f"--param {param.name}: {value!r} is not a valid {param.type} ({exc})",
                                 f"--param {param.name}: {value!r} không phải {param.type} hợp lệ ({exc})")) from exc
    raise QueryError(f"unknown parameter type {param.type}")


