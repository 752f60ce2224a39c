"""Write src/policykg/terms.py: the closed namespace of policykg's own terms, generated from the ontology.

    python scripts/generate_terms.py          # rewrite the module
    python scripts/generate_terms.py --check  # exit 1 if it is out of date (the tests run this check)
"""

from __future__ import annotations

import sys
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "src" / "policykg" / "ontology" / "policykg.ttl"
TARGET = ROOT / "src" / "policykg" / "terms.py"
PKG = "https://w3id.org/policykg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def render() -> str:
    kinds: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for t in parse(path=str(ONTOLOGY), format=RdfFormat.TURTLE):
        s = t.subject
        if not (isinstance(s, NamedNode) and s.value.startswith(PKG)):
            continue
        name = s.value[len(PKG):]
        if t.predicate.value == RDF_TYPE:
            kinds.setdefault(name, set()).add(t.object.value)
        elif t.predicate.value == LABEL and isinstance(t.object, Literal) and t.object.language == "en":
            labels[name] = t.object.value
    lines = ['"""policykg\'s own terms as a closed namespace: generated from ontology/policykg.ttl by',
             'scripts/generate_terms.py (do not edit; tests check it is current). `PKG.Report` is an rdflib URIRef and',
             'an undeclared name fails; `TERMS` is what `graph.quads.pkg(name)` accepts."""', "",
             "from rdflib.namespace import DefinedNamespace, Namespace", "from rdflib.term import URIRef", "", "",
             "class PKG(DefinedNamespace):", f'    _NS = Namespace("{PKG}")', "    _fail = True", ""]
    for name in sorted(kinds, key=lambda n: (n[0].islower(), n)):
        owl = sorted(k for k in kinds[name] if k.startswith("http://www.w3.org/2002/07/owl#"))
        kind = (owl or sorted(kinds[name]))[0].rsplit("#", 1)[-1].rsplit("/", 1)[-1]  # a qb structure, component …
        lines.append(f"    {name}: URIRef  # {kind}: {labels.get(name, '')}".rstrip(": "))
    lines += ["", "", "TERMS = frozenset({", *(f'    "{n}",' for n in sorted(kinds)), "})", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python scripts/generate_terms.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
