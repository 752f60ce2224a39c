"""Measured extraction quality against committed, hand-checked expectations (tests/expectations/*.json).

Per type (references, dates, roles, relations, districts, periods, indicators): precision and recall, then every
loss (expected, not found) and gain (found, not expected), like eyecite's regression report. Items listed
under "known_misses" are true but not yet found: they count against recall but are not losses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from policykg.extract import extract_text
from policykg.paths import REPO_ROOT
from policykg.read import read_report

DEFAULT_EXPECTATIONS = REPO_ROOT / "tests" / "expectations"


@dataclass
class Score:
    kind: str
    expected: int = 0
    found: int = 0
    matched: int = 0
    losses: list[str] = field(default_factory=list)
    gains: list[str] = field(default_factory=list)
    known_misses: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        total = self.expected + self.known_misses
        return self.matched / total if total else 1.0

    def add(self, report: str, expected: dict, found: dict, known: set | None = None) -> None:
        known = known or set()
        self.expected += len(expected)
        self.found += len(found)
        self.known_misses += len(known - set(expected))
        for key in expected:
            if key in found and found[key] == expected[key]:
                self.matched += 1
            else:
                self.losses.append(f"{report}: {expected[key]}" + (f" (now {found[key]})" if key in found else ""))
        self.gains.extend(f"{report}: {found[k]}" for k in found if k not in expected and k not in known)


def _relation_keys(relations: list) -> dict[tuple, str]:
    """Each stated relation (subject, predicate, object), the second statement of the same one counted apart."""
    seen: dict[tuple, int] = {}
    keys = {}
    for subject, predicate, obj in relations:
        n = seen[(subject, predicate, obj)] = seen.get((subject, predicate, obj), 0) + 1
        keys[(subject, predicate, obj, n)] = f"{subject} {predicate} {obj}" + (f" (#{n})" if n > 1 else "")
    return keys


def _ref_key(r: dict) -> tuple:
    return (r["start"], r["number"])


def evaluate(directory: Path = DEFAULT_EXPECTATIONS) -> dict[str, Score]:
    scores = {k: Score(k) for k in ("references", "dates", "roles", "relations", "districts", "periods",
                                    "indicators")}
    for path in sorted(Path(directory).glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        report = read_report(REPO_ROOT / expected["report"])
        got = extract_text(report.text, expected["report"]).to_json()
        name = path.stem
        refs = {_ref_key(r): r for r in got["references"]}
        exp_refs = {_ref_key(r): r for r in expected["references"]}
        scores["references"].add(name, {k: f"{r['kind']} {r['number']} @{r['start']}" for k, r in exp_refs.items()},
                                 {k: f"{r['kind']} {r['number']} @{r['start']}" for k, r in refs.items()})
        both = [k for k in exp_refs if k in refs]
        scores["dates"].add(name, {k: f"{exp_refs[k]['number']} {exp_refs[k]['date']}" for k in both},
                            {k: f"{refs[k]['number']} {refs[k]['date']}" for k in both})
        scores["roles"].add(name, {k: f"{exp_refs[k]['number']} {exp_refs[k]['relation']}" for k in both},
                            {k: f"{refs[k]['number']} {refs[k]['relation']}" for k in both})
        scores["relations"].add(name, _relation_keys(expected.get("relations", [])),
                                _relation_keys([[r["subject"], r["predicate"], r["object"]] for r in got["relations"]]))
        d = got["district"]
        scores["districts"].add(name, {"d": f"{expected['district']['kind']} {expected['district']['name']} "
                                            f"{expected['district']['code']}"},
                                {"d": f"{d['kind']} {d['name']} {d['code']}"} if d else {})
        period = got["metadata"].get("period")
        exp_period = expected.get("period")
        scores["periods"].add(name, {"p": f"{exp_period['start']}..{exp_period['end']}"} if exp_period else {},
                              {"p": f"{period['start']}..{period['end']}"} if period else {})
        ind_key = lambda i: (i["start"], i["text"])  # noqa: E731
        show = lambda i: f"{i['text']!r}={i['value']:g} {i['unit']} [{i['concept'] or '-'}] <{i['level'] or '-'}> @{i['start']}"  # noqa: E731
        known = {ind_key(i) for i in expected.get("known_misses", {}).get("indicators", [])}
        scores["indicators"].add(name, {ind_key(i): show(i) for i in expected["indicators"]},
                                 {ind_key(i): show(i) for i in got["indicators"]}, known)
    return scores


def format_report(scores: dict[str, Score]) -> str:
    lines = [f"{'type':<11} {'expected':>8} {'found':>6} {'matched':>7} {'precision':>9} {'recall':>7}"]
    for s in scores.values():
        lines.append(f"{s.kind:<11} {s.expected + s.known_misses:>8} {s.found:>6} {s.matched:>7} "
                     f"{s.precision:>9.3f} {s.recall:>7.3f}")
    for s in scores.values():
        lines += [f"LOSS {s.kind}: {x}" for x in s.losses]
    for s in scores.values():
        lines += [f"gain {s.kind}: {x}" for x in s.gains]
    return "\n".join(lines)
