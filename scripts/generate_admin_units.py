"""Generate data/admin/units.json from maintained packages; never hand-type admin units.

Two packages share the import name ``vietnam_provinces`` and cannot live in one venv, so this runs
in two passes (``make admin-units`` does both in throwaway venvs):

1. ``--dump-new FILE``  in a venv with vietnam-provinces 2025.x: the post-1-July-2025 provinces
   and communes with their GSO codes.
2. ``--build --new FILE --out data/admin/units.json``  in a venv with vietnam-provinces 0.6.0 and
   vietnam-address-converter: the 63 pre-reform provinces and 696 districts with GSO codes, each
   district mapped to today's province and communes through the converter's ward mapping (its
   codes are not GSO codes, so the join is by folded name within a province).

Standard library only, so it runs in those venvs without the project installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

PREFIXES = ("thanh pho ", "tinh ", "huyen ", "thi xa ", "quan ", "phuong ", "xa ", "thi tran ")


def fold(name: str) -> str:
    """Lower-case, strip diacritics and the unit-type prefix: 'Tỉnh Bình Phước' -> 'binh phuoc'."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = " ".join(text.split())
    for prefix in PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def kind_from_name(name: str) -> str:
    """vietnam-provinces 0.6.0 says 'huyện' for every district: the name carries the real type."""
    lowered = unicodedata.normalize("NFC", name).lower()
    for kind in ("thành phố", "thị xã", "quận", "huyện", "tỉnh"):
        if lowered.startswith(kind):
            return kind
    raise ValueError(f"cannot tell the unit type of {name!r}")


def dump_new(out: Path) -> None:
    import vietnam_provinces as vp

    data = json.loads(Path(vp.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    provinces = [
        {
            "code": p["code"],
            "name": p["name"],
            "kind": p["division_type"],
            "wards": [{"code": w["code"], "name": w["name"], "kind": w["division_type"]} for w in p["wards"]],
        }
        for p in data
    ]
    payload = {
        "package": f"vietnam-provinces {metadata.version('vietnam-provinces')}",
        "data_version": getattr(vp, "__data_version__", None),
        "provinces": provinces,
    }
    out.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def build(new_file: Path, out: Path) -> None:
    import vietnam_provinces as vp
    from vietnam_address_converter import data as converter_data

    new = json.loads(new_file.read_text(encoding="utf-8"))
    new_province_by_name = {fold(p["name"]): p for p in new["provinces"]}
    new_ward_code = {
        (p["code"], fold(w["name"])): w["code"] for p in new["provinces"] for w in p["wards"]
    }

    old = json.loads(Path(vp.NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    district_key = {}
    provinces, districts = [], []
    for p in old:
        provinces.append({"code": p["code"], "name": p["name"], "kind": kind_from_name(p["name"])
                          if not p["name"].startswith("Thành phố") else "thành phố trung ương"})
        for d in p["districts"]:
            record = {
                "code": d["code"],
                "name": d["name"],
                "kind": kind_from_name(d["name"]),
                "province_code": p["code"],
                "successor_province_code": None,
                "successor_ward_codes": [],
            }
            districts.append(record)
            district_key[(fold(p["name"]), fold(d["name"]))] = record

    unmatched_districts, unmatched_wards = set(), 0
    for row in converter_data.mapping["rows"]:
        key = (row["keys"]["old_province_name"], row["keys"]["old_district_name"])
        record = district_key.get(key) or district_key.get((fold(row["old"]["province_name"]),
                                                            fold(row["old"]["district_name"])))
        if record is None:
            unmatched_districts.add(key)
            continue
        new_province = new_province_by_name.get(fold(row["new"]["province_name"]))
        if new_province is None:
            continue
        record["successor_province_code"] = new_province["code"]
        ward = new_ward_code.get((new_province["code"], fold(row["new"]["ward_name"])))
        if ward is None:
            unmatched_wards += 1
        elif ward not in record["successor_ward_codes"]:
            record["successor_ward_codes"].append(ward)
    for record in districts:
        record["successor_ward_codes"].sort()

    payload = {
        "generated_by": "scripts/generate_admin_units.py",
        "sources": {
            "pre_2025": f"vietnam-provinces {metadata.version('vietnam-provinces')} (data {vp.__data_version__})",
            "post_2025": f"{new['package']} (data {new['data_version']})",
            "old_to_new": f"vietnam-address-converter {metadata.version('vietnam-address-converter')} "
                          f"(mapping {converter_data.mapping['meta']['version']}), joined by folded name",
        },
        "reform": {"date": "2025-07-01", "abolished_tier": "district"},
        "provinces": provinces,
        "districts": districts,
        "new_provinces": [{k: p[k] for k in ("code", "name", "kind")} for p in new["provinces"]],
        "new_wards": [
            {"code": w["code"], "name": w["name"], "kind": w["kind"], "province_code": p["code"]}
            for p in new["provinces"] for w in p["wards"]
        ],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8")
    mapped = sum(1 for d in districts if d["successor_province_code"])
    print(f"{len(provinces)} provinces, {len(districts)} districts ({mapped} mapped to today's units); "
          f"unmatched converter districts: {len(unmatched_districts)}, wards: {unmatched_wards}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump-new", type=Path, help="pass 1: write post-2025 units to this file")
    parser.add_argument("--build", action="store_true", help="pass 2: build the units file")
    parser.add_argument("--new", type=Path, help="pass 2: the file written by pass 1")
    parser.add_argument("--out", type=Path, default=Path("data/admin/units.json"))
    args = parser.parse_args()
    if args.dump_new:
        dump_new(args.dump_new)
    elif args.build and args.new:
        build(args.new, args.out)
    else:
        parser.error("give --dump-new FILE, or --build --new FILE")


if __name__ == "__main__":
    main()
