"""Generate data/admin/units.json, a temporal gazetteer, from maintained packages; never hand-type admin units.

Every published release of vietnam-provinces is a snapshot of the units of its day; the differences between
snapshots are the changes. This script reads the releases' data files straight from their wheels (``pip download``
puts them in one folder: ``make admin-units``), so no two versions need to share a venv:

- each province, district and commune seen in any snapshot, with the snapshots that list it, every name it was
  listed under, its parent, and bounds on when it ended (``ended_by``: the publication of the first release that
  no longer lists it; ``ended_after``: the data date of the last release that does, where the release states one);
- the successors of a unit that disappeared before 2025: the units that hold its communes in the next snapshot
  (commune codes are stable);
- the 1 July 2025 reform: each pre-reform district and commune mapped to today's province and communes through
  vietnam-address-converter's ward mapping (its codes are not GSO codes: the join is by folded name within a
  province and district).

Publication dates come from PyPI's JSON API (``upload_time`` of the wheel): a snapshot's data is no newer than its
publication. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import urllib.request
import zipfile
from pathlib import Path

PRE_REFORM = ("0.2.2", "0.3.0", "0.4.0", "0.5.0", "0.5.8", "0.6.0")
POST_REFORM = ("2025.8.1", "2025.10.1")
CONVERTER = "1.0.5"
REFORM_DATE = "2025-07-01"
LAST_PRE_REFORM_DAY = "2025-06-30"
PREFIXES = ("thanh pho ", "tinh ", "huyen ", "thi xa ", "quan ", "phuong ", "xa ", "thi tran ", "dac khu ")
DATA_FILE = "vietnam_provinces/data/nested-divisions.json"


def fold(name: str) -> str:
    """Lower-case, no diacritics, no unit-type prefix, hyphens as spaces: 'Tỉnh Bà Rịa - Vũng Tàu' -> 'ba ria vung tau'."""
    text = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("-", " ")
    text = " ".join(text.split())
    for prefix in PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def kind_from_name(name: str, level: str, stated: str | None = None) -> str:
    """Releases up to 0.6.0 say 'huyện' for every district and 0.5.8+ 'xã' for every commune: the name says the type."""
    lowered = unicodedata.normalize("NFC", name).lower()
    kinds = {"province": ("thành phố", "tỉnh"), "district": ("thành phố", "thị xã", "quận", "huyện"),
             "commune": ("phường", "thị trấn", "xã", "đặc khu")}[level]
    for kind in kinds:
        if lowered.startswith(kind):
            return "thành phố trung ương" if level == "province" and kind == "thành phố" else kind
    if stated:  # a name without its type word ('Cao Bằng' in 2025.8.1): the release's own type
        return stated
    raise ValueError(f"cannot tell the unit type of {name!r}")


def _wheel(wheels: Path, package: str, version: str) -> Path:
    path = wheels / f"{package.replace('-', '_')}-{version}-py3-none-any.whl"
    if not path.exists():
        sys.exit(f"missing {path}: run `pip download --no-deps {package}=={version} -d {wheels}`")
    return path


def read_snapshot(wheels: Path, version: str) -> tuple[list, str | None]:
    with zipfile.ZipFile(_wheel(wheels, "vietnam-provinces", version)) as z:
        data = json.loads(z.read(DATA_FILE))
        init = z.read("vietnam_provinces/__init__.py").decode("utf-8")
    found = re.search(r"__data_version__\s*=\s*['\"]([^'\"]+)", init)
    return data, found.group(1) if found else None


def published_dates(offline: bool) -> dict[str, str]:
    if offline:
        return {}
    with urllib.request.urlopen("https://pypi.org/pypi/vietnam-provinces/json", timeout=60) as response:
        releases = json.load(response)["releases"]
    return {v: files[0]["upload_time"][:10] for v, files in releases.items() if files}


class Units:
    """Units keyed by (era, level, code), each collecting what the snapshots say of it."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str, int], dict] = {}

    def see(self, era: str, level: str, code: int, name: str, parent: tuple | None, release: str,
            stated_kind: str | None = None) -> dict:
        unit = self.by_key.setdefault((era, level, code), {
            "era": era, "level": level, "code": code, "names": [], "parent": None, "seen_in": []})
        kind = kind_from_name(name, level, stated_kind)
        if not unit["names"] or unit["names"][-1]["name"] != name:
            unit["names"].append({"name": name, "kind": kind, "first_seen": release})
        unit["names"][-1]["last_seen"] = release
        unit["parent"] = list(parent) if parent else None
        unit["seen_in"].append(release)
        return unit


def build(wheels: Path, out: Path, offline: bool) -> None:
    published = published_dates(offline)
    units = Units()
    snapshots = []
    commune_parent: dict[str, dict[int, int]] = {}  # release -> commune code -> district code
    for era, releases in (("pre-2025", PRE_REFORM), ("post-2025", POST_REFORM)):
        for release in releases:
            data, data_date = read_snapshot(wheels, release)
            counts = {"province": 0, "district": 0, "commune": 0}
            parents = commune_parent.setdefault(release, {})
            for p in data:
                units.see(era, "province", p["code"], p["name"], None, release, p.get("division_type"))
                counts["province"] += 1
                for d in p.get("districts", []):
                    units.see(era, "district", d["code"], d["name"], ("province", p["code"]), release)
                    counts["district"] += 1
                    for w in d.get("wards", []):
                        units.see(era, "commune", w["code"], w["name"], ("district", d["code"]), release)
                        parents[w["code"]] = d["code"]
                        counts["commune"] += 1
                for w in p.get("wards", []):
                    units.see(era, "commune", w["code"], w["name"], ("province", p["code"]), release,
                              w.get("division_type"))
                    counts["commune"] += 1
            snapshots.append({"release": release, "era": era, "data_date": data_date,
                              "published": published.get(release), **counts})

    order = [s["release"] for s in snapshots]
    snapshot = {s["release"]: s for s in snapshots}
    for unit in units.by_key.values():
        era_releases = PRE_REFORM if unit["era"] == "pre-2025" else POST_REFORM
        last = unit["seen_in"][-1]
        unit["first_seen"], unit["last_seen"] = unit["seen_in"][0], last
        if unit["era"] == "post-2025":
            unit["valid_from"] = REFORM_DATE
        if last == era_releases[-1]:
            if unit["era"] == "pre-2025":
                unit["valid_to"] = LAST_PRE_REFORM_DAY  # the reform replaced every pre-2025 unit
        else:
            following = era_releases[era_releases.index(last) + 1]
            unit["ended_after"] = snapshot[last]["data_date"]
            unit["ended_by"] = snapshot[following]["data_date"] or snapshot[following]["published"]
            if unit["level"] == "district":
                # where its communes went: the districts that hold them in the next snapshot
                mine = [c for c, d in commune_parent[last].items() if d == unit["code"]]
                unit["successors"] = sorted({commune_parent[following][c] for c in mine if c in commune_parent[following]})
        span = era_releases[era_releases.index(unit["first_seen"]):era_releases.index(last) + 1]
        unit["absent_in"] = [r for r in span if r not in unit["seen_in"]] or None

    _map_reform(wheels, units)

    payload = {
        "schema": 2,
        "generated_by": "scripts/generate_admin_units.py",
        "sources": {
            "snapshots": "vietnam-provinces releases " + ", ".join(order) + " (data files read from the wheels)",
            "published": "PyPI JSON API, upload_time of each release's wheel" if published else "not fetched",
            "old_to_new": f"vietnam-address-converter {CONVERTER}, joined by folded name within province and district",
        },
        "reform": {"date": REFORM_DATE, "abolished_tier": "district"},
        "snapshots": snapshots,
        "units": {era: {level: [_compact(u) for u in sorted(units.by_key.values(), key=lambda u: u["code"])
                                if u["era"] == era and u["level"] == level]
                        for level in ("province", "district", "commune")}
                  for era in ("pre-2025", "post-2025")},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    out.write_text(re.sub(r'(?<=[\[,])(?=\{"code")', "\n", text), encoding="utf-8")  # a unit per line
    for s in snapshots:
        print(f"{s['release']:>10} ({s['data_date'] or '?'}, published {s['published'] or '?'}): "
              f"{s['province']} provinces, {s['district']} districts, {s['commune']} communes", file=sys.stderr)


def _compact(unit: dict) -> dict:
    """One unit as stored: its latest name, former names only where it had some, its parent's code."""
    latest = unit["names"][-1]
    record = {"code": unit["code"], "name": latest["name"], "kind": latest["kind"]}
    if len(unit["names"]) > 1:
        record["former_names"] = [{"name": n["name"], "kind": n["kind"], "last_seen": n["last_seen"]}
                                  for n in unit["names"][:-1]]
    if unit["parent"]:
        record["parent"] = unit["parent"][1]
    for key in ("first_seen", "last_seen", "absent_in", "valid_from", "valid_to", "ended_after", "ended_by", "successors",
                "successor_province", "successor_provinces", "successor_communes"):
        if unit.get(key) is not None:
            record[key] = unit[key]
    return record


def _map_reform(wheels: Path, units: Units) -> None:
    """Each pre-reform district and commune of the last snapshot -> today's province and communes."""
    sys.path.insert(0, str(_wheel(wheels, "vietnam-address-converter", CONVERTER)))
    from vietnam_address_converter import data as converter  # zipimport from the wheel

    last = PRE_REFORM[-1]
    current = [u for u in units.by_key.values() if u["era"] == "pre-2025" and u["last_seen"] == last]
    name = {(u["level"], u["code"]): fold(u["names"][-1]["name"]) for u in current}
    district_by_name = {}
    commune_by_name = {}
    for u in current:
        if u["level"] == "district":
            district_by_name[(name[("province", u["parent"][1])], name[("district", u["code"])])] = u
    for u in current:
        if u["level"] == "commune":
            district = units.by_key[("pre-2025", "district", u["parent"][1])]
            key = (name[("province", district["parent"][1])], name[("district", district["code"])],
                   name[("commune", u["code"])])
            commune_by_name[key] = u
    new = [u for u in units.by_key.values() if u["era"] == "post-2025" and u["last_seen"] == POST_REFORM[-1]]
    new_province = {fold(u["names"][-1]["name"]): u for u in new if u["level"] == "province"}
    new_commune = {(u["parent"][1], fold(u["names"][-1]["name"])): u for u in new if u["level"] == "commune"}
    unmatched = {"district": set(), "commune": 0, "new commune": 0}
    for row in converter.mapping["rows"]:
        old, new_ = row["old"], row["new"]
        province_key, district_key = fold(old["province_name"]), fold(old["district_name"])
        district = district_by_name.get((province_key, district_key))
        commune = commune_by_name.get((province_key, district_key, fold(old["ward_name"])))
        successor_province = new_province.get(fold(new_["province_name"]))
        if successor_province is None:
            continue
        successor = new_commune.get((successor_province["code"], fold(new_["ward_name"])))
        if successor is None:
            unmatched["new commune"] += 1
        for unit in filter(None, (district, commune)):
            unit.setdefault("successor_province", successor_province["code"])
            if successor and successor["code"] not in unit.setdefault("successor_communes", []):
                unit["successor_communes"].append(successor["code"])
        province = units.by_key.get(("pre-2025", "province", district["parent"][1])) if district else None
        if province is not None and successor_province["code"] not in province.setdefault("successor_provinces", []):
            province["successor_provinces"].append(successor_province["code"])
        if district is None:
            unmatched["district"].add((province_key, district_key))
        if commune is None:
            unmatched["commune"] += 1
    for unit in units.by_key.values():
        for key in ("successor_communes", "successor_provinces"):
            if key in unit:
                unit[key].sort()
    print(f"converter rows not joined: {len(unmatched['district'])} districts, {unmatched['commune']} old communes, "
          f"{unmatched['new commune']} new communes", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheels", type=Path, required=True, help="folder holding the releases' wheels")
    parser.add_argument("--out", type=Path, default=Path("data/admin/units.json"))
    parser.add_argument("--offline", action="store_true", help="do not ask PyPI for publication dates")
    args = parser.parse_args()
    build(args.wheels, args.out, args.offline)


if __name__ == "__main__":
    main()
