"""Score extraction on a generated corpus against what the generator planted (manifest.jsonl).

    python benchmarks/score.py DIR

Districts: exact GSO code. References: precision/recall of (number) per report, as multisets. Dates: of the
planted references found, the share with the planted date. Indicators: recall of planted (value, unit).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policykg.extract import extract_text  # noqa: E402
from policykg.read import read_report  # noqa: E402


def score(folder: Path) -> dict:
    manifest = [json.loads(line) for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    districts = tp = fp = fn = dates_ok = dates_all = ind_found = ind_all = 0
    misses: list[str] = []
    for item in manifest:
        e = extract_text(read_report(folder / item["file"]).text, item["file"])
        districts += bool(e.unit and e.unit.code == item["district"])
        if not (e.unit and e.unit.code == item["district"]):
            misses.append(f"{item['file']}: district {e.unit.code if e.unit else None} != {item['district']}")
        found = Counter(r.number for r in e.references if not r.by_name)
        planted = Counter(r["number"] for r in item["references"])
        tp += sum((found & planted).values())
        fp += sum((found - planted).values())
        fn += sum((planted - found).values())
        got_dates = Counter((r.number, r.date.iso if r.date else None) for r in e.references)
        for r in item["references"]:
            if r["date"]:
                dates_all += 1
                dates_ok += got_dates[(r["number"], r["date"])] > 0
        got = Counter((round(i.value, 1), i.unit) for i in e.indicators)
        for i in item["indicators"]:
            ind_all += 1
            hit = any(abs(v - i["value"]) < 0.051 and (i["unit"] is None or u == i["unit"]) for v, u in got)
            ind_found += hit
            if not hit and len(misses) < 20:
                misses.append(f"{item['file']}: indicator {i} not found")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"reports": len(manifest), "district_accuracy": districts / len(manifest),
            "reference_precision": precision, "reference_recall": recall,
            "reference_f1": 2 * precision * recall / (precision + recall), "date_accuracy": dates_ok / max(dates_all, 1),
            "indicator_recall": ind_found / max(ind_all, 1), "misses": misses[:20]}


if __name__ == "__main__":
    print(json.dumps(score(Path(sys.argv[1])), ensure_ascii=False, indent=2))
