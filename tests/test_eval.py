"""`policykg eval`: no loss against the committed expectations, and a loss is caught when one appears."""

from __future__ import annotations

import json
import shutil

from policykg.cli import main
from policykg.evaluate import DEFAULT_EXPECTATIONS, evaluate


def test_no_loss_against_the_committed_expectations():
    scores = evaluate()
    assert {k: s.losses for k, s in scores.items()} == {k: [] for k in scores}
    assert scores["references"].recall == 1.0 and scores["districts"].recall == 1.0
    assert scores["indicators"].recall >= 0.9 and scores["dates"].precision >= 0.95


def test_a_regression_is_reported_as_a_loss_and_fails(tmp_path, capsys):
    for p in DEFAULT_EXPECTATIONS.glob("*.json"):
        shutil.copy(p, tmp_path / p.name)
    path = tmp_path / "004_25ea28f13367f962.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["references"][1]["date"] = "2011-06-13"  # pretend the extractor used to find this date
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", "--expectations", str(tmp_path)]) == 1
    assert "LOSS dates: 004_25ea28f13367f962: 43/2011/NĐ-CP 2011-06-13 (now 43/2011/NĐ-CP None)" in capsys.readouterr().out
