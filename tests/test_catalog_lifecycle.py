"""Lifecycle facts the catalog states or derives: entry into force by a stated rule (kept as 'rule', never as
a checked source), unknown left unknown, amendments effective with the amending act, not its signing."""

from __future__ import annotations

import pytest

from policykg.catalog import CatalogError, load_catalog, load_catalog_file
from policykg.messages import say
from policykg.resolve.lifecycle import history, lifecycle

HEAD = """
[sources]
news = { title = "a news site", level = "secondary" }
rule-from-signing = { title = "in force from signing unless stated", level = "rule" }
"""


def _catalog(tmp_path, body: str):
    path = tmp_path / "catalog.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_catalog_file(path)


def test_in_force_from_signing_by_rule(tmp_path):
    catalog = _catalog(tmp_path, """
[[document]]
number = "749/QĐ-TTg"
kind = "Quyết định"
issuer = "thu-tuong"
date_signed = "2020-06-03"
date_in_force = { rule = "from-signing" }
sources = ["news"]
""")
    fact = catalog.documents[0].facts["date_in_force"]
    assert fact.value == "2020-06-03" and fact.verification == "rule"
    assert fact.sources == ("rule-from-signing", "news")
    assert lifecycle(catalog.documents[0], catalog, "2020-06-03").status == "in-force"
    assert lifecycle(catalog.documents[0], catalog, "2020-06-02").status == "issued"


def test_a_rule_needs_what_it_derives_from(tmp_path):
    with pytest.raises(CatalogError, match="needs date_signed") as raised:
        _catalog(tmp_path, """
[[document]]
number = "749/QĐ-TTg"
kind = "Quyết định"
issuer = "thu-tuong"
date_in_force = { rule = "from-signing" }
sources = ["news"]
""")
    # the file, the place and the problem, in Vietnamese too
    assert say(raised.value.args[0], "vi") == (f"{tmp_path / 'catalog.toml'}: văn bản 1 (749/QĐ-TTg) date_in_force: "
                                               "quy tắc 'from-signing' cần trường date_signed")
    with pytest.raises(CatalogError) as raised:
        _catalog(tmp_path, "[[document]\n")
    assert say(raised.value.args[0], "vi").startswith(f"{tmp_path / 'catalog.toml'}: tệp: không đọc được tệp TOML")
    with pytest.raises(CatalogError, match="unknown rule"):
        _catalog(tmp_path, """
[[document]]
number = "749/QĐ-TTg"
kind = "Quyết định"
issuer = "thu-tuong"
date_signed = "2020-06-03"
date_in_force = { rule = "whenever" }
sources = ["news"]
""")


def test_amendment_takes_effect_with_the_amending_act(tmp_path):
    body = """
[[document]]
number = "61/2018/NĐ-CP"
kind = "Nghị định"
issuer = "chinh-phu"
date_signed = "2018-04-23"
date_in_force = "2018-06-21"
sources = ["news"]

[[document]]
number = "107/2021/NĐ-CP"
kind = "Nghị định"
issuer = "chinh-phu"
date_signed = "2021-12-06"
{in_force}
sources = ["news"]
amends = ["61/2018/NĐ-CP"]
"""
    unknown = _catalog(tmp_path, body.replace("{in_force}", ""))
    amended = unknown.documents[0]
    assert lifecycle(amended, unknown, "2022-01-01").status == "in-force"  # signed, in force on an unknown day
    assert [e.status for e in history(amended, unknown)] == ["issued", "in-force"]
    known = _catalog(tmp_path, body.replace("{in_force}", 'date_in_force = "2022-01-20"'))
    amended = known.documents[0]
    assert lifecycle(amended, known, "2022-01-19").status == "in-force"
    assert lifecycle(amended, known, "2022-01-20").status == "amended"
    assert [(e.status, e.date) for e in history(amended, known)][-1] == ("amended", "2022-01-20")


def test_the_catalogs_mandates_all_have_an_entry_into_force_or_say_unknown():
    catalog = load_catalog()
    with_obligations = [d for d in catalog.documents if d.obligations]
    assert all("date_in_force" in d.facts for d in with_obligations)
    # Left unknown only where no rule may derive it: a law, decree, circular or normative decision (numbered with
    # its year) states its own entry into force, and no source read gave that article
    import re

    unknown = [d for d in catalog.documents if "date_in_force" not in d.facts]
    assert unknown and all(d.kind in ("Luật", "Nghị định", "Thông tư") or re.match(r"\d+/\d{4}/", d.number)
                           for d in unknown), [d.number for d in unknown]
    assert {"43/2011/NĐ-CP", "47/2020/NĐ-CP", "107/2021/NĐ-CP"} <= {d.number for d in unknown}


def test_every_catalog_fact_can_be_checked_and_every_date_is_consistent():
    """Each fact's sources are declared; a page has its address and the day it was read; signed ≤ in force; an
    amendment, replacement or programme is signed no earlier than what it amends, replaces or implements; a Party
    resolution of the Politburo is passed by the Politburo."""
    import re

    catalog = load_catalog()
    by_number = {d.number: d for d in catalog.documents}
    for key, source in catalog.sources.items():
        assert source.get("title"), key
        if source.get("level") == "secondary" and "url" not in source:
            assert "as cited in issue #2" in source["title"] or key.endswith(".vn") or key.startswith("kh-"), key
        if "url" in source:
            assert re.fullmatch(r"https?://\S+", source["url"]) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["read"])
    for d in catalog.documents:
        for fact in d.facts.values():
            assert fact.sources and all(s in catalog.sources for s in fact.sources), d.number
        signed, in_force = d.facts.get("date_signed"), d.facts.get("date_in_force")
        if signed and in_force and isinstance(in_force.value, str):
            assert signed.value <= in_force.value, d.number
        for relation in ("amends", "replaces", "implements"):
            for other in (d.facts[relation].value if relation in d.facts else []):
                if other in by_number and "date_signed" in by_number[other].facts and signed:
                    assert by_number[other].facts["date_signed"].value <= signed.value, (d.number, relation, other)
    assert len(catalog.documents) >= 26
    assert by_number["57-NQ/TW"].issuer_name == "Bộ Chính trị"


def test_a_province_issues_as_the_unit_of_its_day():
    """Đồng Nai's scheme of March 2025 is the pre-reform province's; its plan of November 2025 is the merged
    province's (which took in Bình Phước): two issuers, two numbering scopes, never one."""
    by_number = {d.number: d for d in load_catalog().documents}
    before, after = by_number["1003/QĐ-UBND"], by_number["179/KH-UBND"]
    assert (before.issuer_era, after.issuer_era) == ("pre-2025", "post-2025")
    assert before.issuer_unit == after.issuer_unit == "75"  # the GSO code repeats across the reform…
    assert before.issuer_iri != after.issuer_iri and before.scope != after.scope  # …the identity does not
    assert after.iri.startswith("https://w3id.org/policykg/id/doc/2025p75-ubnd/2025/")
    assert by_number["121/KH-UBND"].issuer_era == "post-2025" and by_number["38/KH-UBND"].issuer_era == "pre-2025"


OBLIGATION = """
[[document]]
number = "749/QĐ-TTg"
kind = "Quyết định"
issuer = "thu-tuong"
date_signed = "2020-06-03"
date_in_force = {{ rule = "from-signing" }}
sources = ["news"]
aliases = ["Chương trình Chuyển đổi số quốc gia"]

  [[document.obligation]]
  id = "x"
  text_en = "Do it"
  text_vi = "Làm việc đó"
  borne_by = "{borne_by}"
  action = "{action}"
  indicator = "{indicator}"
"""


def test_an_obligation_names_its_action_level_and_indicator_from_the_vocabularies(tmp_path):
    good = dict(borne_by="district", action="process-online", indicator="online-work-record-rate")
    [ob] = _catalog(tmp_path, OBLIGATION.format(**good)).documents[0].obligations
    assert (ob.action, ob.borne_by, ob.indicator) == ("process-online", "district", "online-work-record-rate")
    for field, bad in (("action", "do-something"), ("borne_by", "village"), ("indicator", "happiness")):
        with pytest.raises(CatalogError, match=f"{field} 'do-something'|{field} 'village'|unknown indicator") as raised:
            _catalog(tmp_path, OBLIGATION.format(**{**good, field: bad}))
        assert "document 1 (749/QĐ-TTg) obligation x" in str(raised.value.args[0])


def test_an_alias_leads_to_one_document(tmp_path):
    other = """
[[document]]
number = "942/QĐ-TTg"
kind = "Quyết định"
issuer = "thu-tuong"
date_signed = "2021-06-15"
sources = ["news"]
aliases = ["chương trình  chuyển đổi số QUỐC GIA"]
"""
    good = dict(borne_by="district", action="implement", indicator="online-work-record-rate")
    with pytest.raises(CatalogError, match="alias .* is also 749/QĐ-TTg's"):
        _catalog(tmp_path, OBLIGATION.format(**good) + other)
    names = [alias for alias, _, _ in load_catalog().aliases()]
    assert len({" ".join(n.casefold().split()) for n in names}) == len(names)


def test_the_catalog_covers_the_mandates_analysts_track():
    """#18's bar: at least 60 documents, 57-NQ/TW with the Government's programmes carrying it out, an obligation
    (with its action) for the mandates that set local duties, and every obligation said in both languages."""
    catalog = load_catalog()
    by_number = {d.number: d for d in catalog.documents}
    assert len(catalog.documents) >= 60
    assert {"57-NQ/TW"} <= set(by_number["03/NQ-CP"].value("implements")) & set(by_number["71/NQ-CP"].value("implements"))
    obligations = [o for d in catalog.documents for o in d.obligations]
    assert all(o.action and o.text_en and o.text_vi for o in obligations)
    for number in ("749/QĐ-TTg", "34/CT-TTg", "1003/QĐ-UBND", "179/KH-UBND", "121/KH-UBND", "505/QĐ-TTg"):
        assert by_number[number].obligations, number
    # where the document states it, when a page said so
    assert by_number["1003/QĐ-UBND"].obligations[0].provision == "Điều 3"
