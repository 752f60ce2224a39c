"""Extraction time per MB on text shaped to stress the scanners, against a normal report's, at two sizes: a
super-linear scanner shows as seconds per MB that grow with the size. Writes benchmarks/hostile.md.

    python benchmarks/hostile.py [--sizes 1 4] [--out benchmarks/hostile.md]

The shapes are the ones that were super-linear (#20): a number with its codes repeated, "ngày" repeated, one
line of megabytes, a run of big ratios and percentages. Timed, not tested: speed targets live here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NORMAL = ROOT / "data" / "reports" / "003_c4ca38d9cb09e442.txt"


def shapes(size: int) -> dict[str, str]:
    normal = NORMAL.read_text(encoding="utf-8")
    return {name: text[:size] for name, text in {
        "normal report (003, repeated)": "\n".join([normal] * (size // len(normal.encode()) + 1)),
        "number codes repeated (1/KH-UBND-KH-UBND-…)": "Kế hoạch số 1/KH-UBND" + "-KH-UBND" * (size // 8),
        "\"ngày \" repeated": "ngày " * (size // 6 + 1),
        "one line of megabytes": "Kết quả chuyển đổi số đạt 90% kế hoạch, " * (size // 40 + 1),
        "big ratios and percentages": "1.234.567/9.999.999 hồ sơ, 99,9% xã " * (size // 38 + 1),
    }.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4], help="MB")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "hostile.md")
    args = parser.parse_args()
    from policykg.catalog import load_catalog
    from policykg.extract import extract_text
    from policykg.gazetteer import load_gazetteer

    gazetteer, _ = load_gazetteer(), load_catalog()
    rows: dict[str, list[float]] = {}
    for mb in args.sizes:
        for name, text in shapes(int(mb * 2**20)).items():
            started = time.perf_counter()
            extract_text(text, "hostile", gazetteer)
            rows.setdefault(name, []).append((time.perf_counter() - started) / (len(text.encode()) / 2**20))
            print(f"{mb:g} MB  {name}: {rows[name][-1]:.2f} s/MB", flush=True)
    normal = rows[next(iter(rows))]
    lines = [f"# Extraction time per MB on hostile shapes", "",
             f"Machine: {platform.machine()}, Python {platform.python_version()}; run "
             f"{dt.datetime.now():%Y-%m-%d %H:%M}. Command: `python benchmarks/hostile.py --sizes "
             f"{' '.join(f'{s:g}' for s in args.sizes)}`.", "",
             "| shape | " + " | ".join(f"s/MB at {s:g} MB" for s in args.sizes) + " | × normal (largest) |",
             "|---|" + "---|" * (len(args.sizes) + 1)]
    for name, per_mb in rows.items():
        lines.append(f"| {name} | " + " | ".join(f"{v:.2f}" for v in per_mb) + f" | {per_mb[-1] / normal[-1]:.1f} |")
    lines += ["", "Linear when a row's seconds per MB stay flat from the smaller size to the larger; a report is "
              "also stopped by POLICYKG_REPORT_SECONDS (120 s) whatever its shape.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
