"""The shape of the code: data flows one way. No import cycle among policykg's modules (deferred imports and
the package __init__ an import runs included), and the domain primitives import no stage."""

from __future__ import annotations

import ast
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
