"""The SHACL shapes (ontology/shapes.ttl) as typed records, and their constraints checked in Python on the
description of nodes one graph holds whole: a report's graph as it is written.

Why in Python: a report's nodes (the report, its citations, statements, observations …) are described in its
own graph and nowhere else, so checking them needs only the quads the build already has in hand, a few
milliseconds a report. Checked as SPARQL on a store of 10,000 reports the same constraints scanned 1.4 M
citations and statements per constraint (390 s). The semantics are those of policykg.validate's SPARQL
templates (queries/shacl/), which tests hold equal to pyshacl on the union; tests hold this equal to both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import rdflib
import rdflib.collection
from pyoxigraph import BlankNode, Literal, NamedNode

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
# constraint component -> what a finding says when the shape gives no sh:message ({arg}: the shape's value)
DEFAULT_MESSAGES = {
    "minCount": "fewer than {arg} value(s)",
    "maxCount": "more than {arg} value(s)",
    "class": "a value that is not a {arg}",
    "datatype": "a value that is not a literal of type {arg}",
    "pattern": "a value that does not match {arg}",
    "in": "a value that is none of {arg}",
    "minInclusive": "a value below {arg}",
    "maxInclusive": "a value above {arg}",
    "minLength": "a value shorter than {arg}",
    "lessThan": "a value not less than {arg}",
    "lessThanOrEquals": "a value greater than {arg}",
}
_NOT_CONSTRAINTS = ("path", "severity", "message", "name", "description", "order", "group")


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation | Warning | Info
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class Constraint:
    """One constraint of one property shape."""
    severity: str
    path: str  # the property's IRI (the shapes use single-property paths only)
    component: str  # a key of DEFAULT_MESSAGES
    value: rdflib.term.Node  # the shape's value for the component (for sh:in the list node)
    arg: str  # the value as SPARQL text: a term, a datatype, a list (sh:class: the class and its subclasses)
    classes: frozenset[str]  # sh:class: the class and its subclasses; else empty
    members: tuple  # sh:in: the allowed terms (pyoxigraph); else empty
    message: str


@dataclass(frozen=True)
class Shape:
    """A node shape: its targets (classes with their subclasses; properties whose objects are targets)."""
    name: str
    classes: frozenset[str]
    objects_of: tuple[str, ...]
    constraints: tuple[Constraint, ...]


def _term(node) -> str:
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        return node.n3()
    raise ValueError(f"shapes.ttl: a blank node where a term was expected ({node})")


def _oxigraph(node):
    if isinstance(node, rdflib.URIRef):
        return NamedNode(str(node))
    datatype = NamedNode(str(node.datatype)) if node.datatype else None
    return Literal(str(node), language=node.language) if node.language else Literal(str(node), datatype=datatype)


def read_shapes(shapes: rdflib.Graph, subclasses: Callable[[str], Iterable[str]]) -> list[Shape]:
    """Every node shape with its property constraints; `subclasses(iri)` gives a class and its subclasses
    (SHACL's instances of a class include its subclasses'). A component policykg does not implement is an error,
    never a constraint silently dropped."""
    read = []
    for shape in sorted(shapes.subjects(rdflib.RDF.type, SH.NodeShape)):
        classes = frozenset(c for root in shapes.objects(shape, SH.targetClass) for c in subclasses(str(root)))
        objects_of = tuple(sorted(str(p) for p in shapes.objects(shape, SH.targetObjectsOf)))
        constraints = []
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, rdflib.URIRef):
                raise ValueError(f"shapes.ttl: only single-property paths are checked ({path})")
            severity = str(shapes.value(prop, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
            message = shapes.value(prop, SH.message)
            for predicate, value in sorted(shapes.predicate_objects(prop)):
                name = str(predicate).rsplit("#", 1)[-1]
                if not str(predicate).startswith(str(SH)) or name in _NOT_CONSTRAINTS:
                    continue
                if name not in DEFAULT_MESSAGES:
                    raise ValueError(f"shapes.ttl: the constraint sh:{name} is not implemented "
                                     f"(policykg/shapes.py, policykg/validate.py)")
                classes_of, members = frozenset(), ()
                if name == "class":
                    classes_of = frozenset(subclasses(str(value)))
                    arg = " ".join(f"<{c}>" for c in sorted(classes_of))
                elif name == "in":
                    listed = list(rdflib.collection.Collection(shapes, value))
                    members = tuple(_oxigraph(v) for v in listed)
                    arg = ", ".join(_term(v) for v in listed)
                else:
                    arg = _term(value)
                said = str(message) if message else DEFAULT_MESSAGES[name].format(
                    arg=_term(value) if name != "in" else arg)
                constraints.append(Constraint(severity, str(path), name, value, arg, classes_of, members, said))
        read.append(Shape(str(shape), classes, objects_of, tuple(constraints)))
    return read


def subclass_closure(pairs: Iterable[tuple[str, str]]) -> Callable[[str], list[str]]:
    """`subclasses(iri)`: the class and every class below it through rdfs:subClassOf (sub, super) pairs."""
    below: dict[str, set[str]] = {}
    for sub, sup in pairs:
        below.setdefault(sup, set()).add(sub)

    @lru_cache(maxsize=None)
    def subclasses(iri: str) -> list[str]:
        found, todo = {iri}, [iri]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return sorted(found)

    return subclasses


# ---------------------------------------------------------------- the constraints in Python

_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                             "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _value(term):
    """(family, Python value) SPARQL's <, <=, >= compare within, or None (not comparable: the comparison is an
    error, which the templates count as a breach)."""
    if not isinstance(term, Literal):
        return None
    kind, text = term.datatype.value, term.value
    try:
        if kind in _NUMERIC:
            return "number", Decimal(text)
        if kind == XSD + "date":
            return "date", dt.date.fromisoformat(text)
        if kind == XSD + "dateTime":
            return "dateTime", dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if kind == XSD + "string" and term.language is None:
            return "string", text
        if kind == XSD + "boolean":
            return "boolean", text in ("true", "1")
    except (ValueError, InvalidOperation):
        return None
    return None


def _holds(compare, left, right) -> bool:
    a, b = _value(left), _value(right)
    if a is None or b is None or a[0] != b[0]:
        return False
    try:
        return compare(a[1], b[1])
    except TypeError:  # a naive and an aware dateTime
        return False


Breach = Callable[[object, Mapping[str, Iterable], Callable[[object, frozenset[str]], bool]], bool]


@lru_cache(maxsize=None)
def _breach_of(c: Constraint) -> Breach:
    """Whether one value `v` of a node breaks c (`description`: the node's other values; `is_a`: types):
    the constraint's arguments read once, not per value (a report's check runs ~1,600 of them)."""
    kind = c.component
    if kind == "class":
        classes = c.classes
        return lambda v, description, is_a: not is_a(v, classes)
    if kind == "datatype":
        datatype = str(c.value)
        return lambda v, description, is_a: not isinstance(v, Literal) or v.datatype.value != datatype
    if kind == "in":
        members = c.members
        return lambda v, description, is_a: v not in members
    if kind == "pattern":
        pattern = re.compile(str(c.value))
        return lambda v, description, is_a: isinstance(v, BlankNode) or not pattern.search(v.value)
    if kind == "minLength":
        shortest = int(c.value)
        return lambda v, description, is_a: isinstance(v, BlankNode) or len(v.value) < shortest
    if kind in ("minInclusive", "maxInclusive"):
        bound = _oxigraph(c.value)
        compare = (lambda a, b: a >= b) if kind == "minInclusive" else (lambda a, b: a <= b)
        return lambda v, description, is_a: not _holds(compare, v, bound)
    if kind in ("lessThan", "lessThanOrEquals"):
        other_path = str(c.value)
        compare = (lambda a, b: a < b) if kind == "lessThan" else (lambda a, b: a <= b)
        return lambda v, description, is_a: any(not _holds(compare, v, other)
                                               for other in description.get(other_path, ()))
    raise AssertionError(kind)  # read_shapes admits only the components above


def _breaches(c: Constraint, values, description: Mapping[str, Iterable],
              is_a: Callable[[object, frozenset[str]], bool]) -> bool:
    """Whether a node whose values on c.path are `values` (distinct) breaks c; `description` its other values."""
    if c.component == "minCount":
        return len(values) < int(c.value)
    if c.component == "maxCount":
        return len(values) > int(c.value)
    breach = _breach_of(c)
    return any(breach(v, description, is_a) for v in values)


def check_described(quads: Iterable, shapes: list[Shape], types: Mapping[str, Iterable[str]]) -> set[Finding]:
    """Findings for the nodes these quads describe (their subjects, each described whole by them): every
    shape targeting one, every constraint. `types`: the classes of nodes described elsewhere (the reference
    graphs, shared entities) for sh:class; a node's own types come from the quads."""
    # node -> property -> its distinct values (in order); only the properties some constraint or target reads
    wanted = {RDF_TYPE} | {c.path for s in shapes for c in s.constraints} | set().union(*(s.objects_of for s in shapes))
    wanted |= {str(c.value) for s in shapes for c in s.constraints if c.component in ("lessThan", "lessThanOrEquals")}
    described: dict[object, dict[str, dict]] = {}
    for q in quads:
        predicate = q.predicate.value
        if predicate in wanted:
            described.setdefault(q.subject, {}).setdefault(predicate, {})[q.object] = None
        elif q.subject not in described:  # described, though by nothing a constraint reads
            described[q.subject] = {}

    known: dict[object, set[str]] = {}

    def is_a(node, classes: frozenset[str]) -> bool:
        if isinstance(node, Literal):
            return False
        if node not in known:
            own = described.get(node, {}).get(RDF_TYPE, ())
            known[node] = {t.value for t in own} | set(types.get(node.value, ()))
        return not classes.isdisjoint(known[node])

    by_class: dict[str, list[Shape]] = {}
    for shape in shapes:
        for cls in shape.classes:
            by_class.setdefault(cls, []).append(shape)
    targeted: dict[object, dict[str, Shape]] = {}  # node -> the shapes targeting it, by name
    for node, description in described.items():
        for t in description.get(RDF_TYPE, ()):
            for shape in by_class.get(t.value, ()):
                targeted.setdefault(node, {})[shape.name] = shape
    for shape in shapes:  # objects these quads also describe; the others are the store's to check
        for prop in shape.objects_of:
            for description in described.values():
                for o in description.get(prop, ()):
                    if o in described:
                        targeted.setdefault(o, {})[shape.name] = shape
    findings = set()
    for node, its_shapes in targeted.items():
        description = described[node]
        for shape in its_shapes.values():
            for c in shape.constraints:
                if _breaches(c, description.get(c.path, ()), description, is_a):
                    findings.add(Finding(c.severity, node.value, c.path, c.message))
    return findings
