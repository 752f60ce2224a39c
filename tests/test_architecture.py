"""The shape of the code: data flows one way. No import cycle among policykg's modules (deferred imports and
the package __init__ an import runs included), and the domain primitives import no stage."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "policykg"


def _imports() -> dict[str, set[str]]:
    modules: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(("policykg", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("policykg"):
                for alias in node.names:  # `from pkg import sub` imports the submodule when it is one
                    sub = f"{node.module}.{alias.name}"
                    where = ROOT.joinpath(*sub.split(".")[1:])
                    deps.add(sub if where.with_suffix(".py").exists() or where.is_dir() else node.module)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("policykg")}
        modules[name] = deps
    for name, deps in modules.items():  # importing a.b.c runs a/__init__ and a/b/__init__ first
        for dep in list(deps):
            parts = dep.split(".")
            deps |= {".".join(parts[:i]) for i in range(2, len(parts))
                     if ".".join(parts[:i]) in modules and ".".join(parts[:i]) != name
                     and not name.startswith(".".join(parts[:i]) + ".")}
    return modules


def test_no_import_cycle():
    modules, cycles = _imports(), []

    def visit(node: str, path: list[str]) -> None:
        for dep in sorted(modules.get(node, ())):
            if dep in path:
                cycles.append(" -> ".join(path[path.index(dep):] + [dep]))
            elif dep not in done:
                visit(dep, path + [dep])
        done.add(node)

    done: set[str] = set()
    for name in sorted(modules):
        if name not in done:
            visit(name, [name])
    assert not cycles, cycles
    assert len(modules) > 50  # the scan sees the package


def test_domain_imports_no_stage():
    stages = ("extract", "resolve", "graph", "store", "query", "sparql", "reports", "explorer", "pipeline",
              "catalog", "scoreboard", "knowledge_graph", "cli")
    for name, deps in _imports().items():
        if name.startswith("policykg.domain"):
            bad = [d for d in deps if d.split(".")[1] in stages]
            assert not bad, (name, bad)


_READ_QUERY = re.compile(r"\b(?:SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?[?$(*]|ASK\s*(?:WHERE\s*)?\{|CONSTRUCT\s*(?:WHERE\s*)?\{|"
                         r"DESCRIBE\s+[?$<])")
# The store package implements the Store protocol over SPARQL (listing and counting graphs, paging a cut result):
# its strings are the store's own, below the query layer, which it must not import.
_STORE_OWN = ("policykg.store.",)
_EXAMPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"  # the explorer console's text for the user to edit


def _string_parts(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, joined (a placeholder as a space)
        return ["".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)]
    return []


def test_every_read_query_is_a_query_file():
    """No SPARQL read query is written as a Python string: every one is a file in queries/ (named queries) or
    queries/protocol/ (those the write protocol reads), with its header; updates are the write protocol's own."""
    found = []
    for path in ROOT.rglob("*.py"):
        name = ".".join(("policykg", *path.relative_to(ROOT).with_suffix("").parts))
        if name.startswith(_STORE_OWN):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue
            for text in _string_parts(node):
                if _READ_QUERY.search(text) and text != _EXAMPLE:
                    found.append(f"{name}:{node.lineno}: {text[:60]!r}")
    assert not found, found


def test_layers_import_downwards_only():
    """Data flows one way: read → extract → resolve → graph → store → query → reports / explorer. A stage never
    imports a later one (the domain primitives, text and vocabularies are below them all)."""
    order = ["read", "extract", "resolve", "graph", "store", "query", "reports", "explorer"]
    rank = {stage: i for i, stage in enumerate(order)}
    bad = []
    for name, deps in _imports().items():
        stage = name.split(".")[1] if name.count(".") >= 1 else ""
        if stage not in rank:
            continue
        for dep in deps:
            other = dep.split(".")[1] if dep.count(".") >= 1 else ""
            if other in rank and rank[other] > rank[stage]:
                bad.append(f"{name} -> {dep}")
    assert not bad, bad
