"""Write N realistic district reports and a manifest of what each contains (for scoring extraction).

    python benchmarks/generate.py N OUT_DIR [--seed S]

Real district and province names and GSO codes come from the gazetteer; mandates from the catalog; local plans
are numbered consistently per issuing UBND and year. Narrative sentences are recombined from the sample
reports' statements (their phrasing), references and indicators are planted in the genre's forms, and noise
follows what real reports show: NFD text, old tone placement (hoà), a misspelt "huyên", a district name
without diacritics, blank days in the date line. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policykg.catalog import load_catalog  # noqa: E402
from policykg.extract import extract_text  # noqa: E402
from policykg.gazetteer import load_gazetteer  # noqa: E402
from policykg.text import fold  # noqa: E402

RATES = {"nfd": 0.10, "old_tones": 0.20, "huyen_typo": 0.03, "no_diacritics_name": 0.05, "blank_day": 0.30}
OLD_TONES = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ùy": "uỳ", "úy": "uý",
             "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}
PERIODS = [("06 tháng đầu năm {y}", 6, 30), ("quý II năm {y}", 6, 30), ("năm {y}", 12, 20),
           ("9 tháng đầu năm {y}", 9, 30), ("tính đến thời điểm tháng {m}/{y}", None, None)]


def phrase_bank() -> list[str]:
    """Narrative sentences of the sample reports without numbers (their phrasing, recombined)."""
    bank = []
    for path in sorted((ROOT / "data" / "reports").glob("*.txt")):
        for s in extract_text(path.read_text(encoding="utf-8"), path.name, names=[]).statements:
            if s.section in ("results", "difficulties", "next_tasks") and not re.search(r"\d", s.text) \
                    and 40 < len(s.text) < 400 and not re.search(r"(?i)huyện|thị xã|hớn|minh long|đức phổ|bình phước|quảng ngãi", s.text):
                bank.append((s.section, s.text))
    return bank


def vn_number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def date_text(rng: random.Random, year: int, month_max: int = 12) -> tuple[str, str]:
    month = rng.randint(1, month_max)
    day = rng.randint(1, 28)
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return (f"ngày {day}/{month}/{year}" if rng.random() < 0.8 else f"ngày {day:02d} tháng {month:02d} năm {year}"), iso


def generate(n: int, out: Path, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    catalog = load_catalog()
    bank = phrase_bank()
    districts = sorted(gazetteer.districts.values(), key=lambda d: d.code)
    mandates = [d for d in catalog.documents if d.value("date_signed")]
    counters: dict[tuple[str, int], int] = {}
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for i in range(n):
        district = rng.choice(districts)
        province = gazetteer.provinces[district.province_code]
        year = rng.randint(2021, 2025)
        period, last_month, _ = rng.choice(PERIODS)
        month = last_month or rng.randint(3, 11)
        if year == 2025:
            month = min(month, 6)
        kind = district.kind
        name = district.short
        written_name = fold(name).title() if rng.random() < RATES["no_diacritics_name"] else name
        written_kind = "huyên" if kind == "huyện" and rng.random() < RATES["huyen_typo"] else kind
        refs, indicators = [], []

        def local_plan(y: int) -> tuple[str, str, str]:
            counters[(district.code, y)] = counters.get((district.code, y), rng.randint(20, 200)) + rng.randint(1, 40)
            number = f"{counters[(district.code, y)]}/KH-UBND"
            when, iso = date_text(rng, y, month if y == year else 12)
            refs.append({"number": number, "date": iso})
            return number, when, iso

        lines = [f"UBND {kind.upper()} {name.upper()}", "", f"Số: {rng.randint(10, 900)}/BC-UBND", ""]
        day = "" if rng.random() < RATES["blank_day"] else f" {rng.randint(1, 28)}"
        lines += [f"{name}, ngày{day} tháng {month:02d} năm {year}", "", "BÁO CÁO", "",
                  f"Kết quả thực hiện công tác chuyển đổi số {period.format(y=year, m=month)}", ""]
        request_no = f"{rng.randint(100, 3000)}/STTTT-VP"
        when, iso = date_text(rng, year, month)
        refs.append({"number": request_no, "date": iso})
        lines += [f"Thực hiện Công văn số {request_no} {when} của Sở Thông tin và Truyền thông tỉnh {province.short} "
                  f"về việc báo cáo kết quả thực hiện chuyển đổi số; UBND {written_kind} {written_name} báo cáo như sau:",
                  "", "I. KẾT QUẢ THỰC HIỆN", ""]
        in_force = [m for m in mandates if m.value("date_signed") <= f"{year}-{month:02d}-28"
                    and (m.issuer_level != "province" or m.issuer_unit == province.code)]
        for _ in range(rng.randint(45, 70)):  # ~20-25 KB, like the real reports
            roll = rng.random()
            if roll < 0.25 and in_force:
                m = rng.choice(in_force)
                signed = m.value("date_signed")
                y, mo, d = (int(x) for x in signed.split("-"))
                refs.append({"number": m.number, "date": signed})
                tail = rng.choice(bank)[1]
                lines.append(f"- Tiếp tục triển khai thực hiện {m.kind} số {m.number} ngày {d}/{mo}/{y} của "
                             f"{m.issuer_name}; {tail[0].lower()}{tail[1:]}")
            elif roll < 0.40:
                number, when, _ = local_plan(year if rng.random() < 0.6 else year - 1)
                line = f"- UBND {kind} đã ban hành Kế hoạch số {number} {when} về chuyển đổi số"
                if in_force and rng.random() < 0.5:
                    m = rng.choice(in_force)
                    refs.append({"number": m.number, "date": None})
                    line += f" để triển khai thực hiện {m.kind} {m.number}"
                lines.append(line + ".")
            elif roll < 0.65:
                a = rng.randint(100, 20000)
                b = a + rng.randint(0, 20000)
                share = 100 * a / b
                forms = [
                    (f"- Số hóa hồ sơ giải quyết thủ tục hành chính: {vn_number(a)}/{vn_number(b)} hồ sơ được số hóa, "
                     f"đạt {vn_number(share, 1)}%.", [(round(share, 2), "percent"), (round(share, 1), "percent")]),
                    (f"- Tỷ lệ hồ sơ giải quyết trực tuyến đạt {vn_number(share, 2)}%.", [(round(share, 2), "percent")]),
                    (f"- Đã lắp đặt {rng.randint(5, 400)} camera giám sát trên địa bàn.", None),
                    (f"- Vận hành {rng.randint(10, 300)} cụm loa truyền thanh thông minh.", None),
                ]
                billions = rng.randint(2, 90) / 10
                forms.append((f"- Tổng kinh phí thực hiện năm {year}: {vn_number(billions, 1)} tỷ đồng.",
                              [(billions * 1e9, "VND")]))
                text, values = rng.choice(forms)
                if values is None:
                    values = [(float(re.search(r"(\d[\d.,]*)", text[2:]).group(1).replace(".", "").replace(",", ".")),
                               None)]
                indicators.extend({"value": v, "unit": u} for v, u in values)
                lines.append(text)
            else:
                lines.append("- " + rng.choice([t for s, t in bank if s == "results"] or [bank[0][1]]))
        lines += ["", "II. KHÓ KHĂN, HẠN CHẾ", ""]
        lines += ["- " + rng.choice([t for s, t in bank if s == "difficulties"] or [bank[0][1]]) for _ in range(2)]
        lines += ["", "III. KIẾN NGHỊ", "", f"- Đề nghị Sở Thông tin và Truyền thông tỉnh {province.short} hỗ trợ kinh phí "
                  f"đầu tư hạ tầng công nghệ thông tin cho {kind}.", "", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", ""]
        lines += ["- " + rng.choice([t for s, t in bank if s == "next_tasks"] or [bank[0][1]]) for _ in range(3)]
        lines += ["", "Nơi nhận:", "- Sở TT&TT;", "- Lưu: VT.", "", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "",
                  rng.choice(["Nguyễn Văn An", "Trần Thị Hòa", "Lê Quang Thúy", "Phạm Minh Khoa"])]
        text = "\n".join(lines) + "\n"
        forms = []
        if rng.random() < RATES["old_tones"]:
            for new, old in OLD_TONES.items():
                text = text.replace(new, old)
            forms.append("old_tones")
        if rng.random() < RATES["nfd"]:
            text = unicodedata.normalize("NFD", text)
            forms.append("nfd")
        file = out / f"r{i:06d}_{district.code}_{year}.txt"
        file.write_text(text, encoding="utf-8")
        manifest.append({"file": file.name, "district": district.code, "province_code": district.province_code,
                         "references": refs, "indicators": indicators,
                         "forms": forms, "written_district": f"{written_kind} {written_name}"})
    (out / "manifest.jsonl").write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest),
                                        encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)
    print(f"wrote {args.n} reports and manifest.jsonl to {args.out}")


if __name__ == "__main__":
    main()
