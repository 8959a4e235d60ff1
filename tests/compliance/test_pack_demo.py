"""The employment-dk pack on the demo data: rates differ per municipality and change at 2024-01-01."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from sagsflow.compliance import ComplianceResult, evaluate, load_pack
from sagsflow.demo import generate, write_extract
from sagsflow.demo.municipalities import MUNICIPALITIES
from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.pipeline import import_log
from sagsflow.store.workspace import Workspace


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ComplianceResult]:
    folder: Path = tmp_path_factory.mktemp("demo")
    data = generate(seed=7, scale=0.1)
    files = write_extract(data, folder, split_by=())
    with Workspace.open(folder / "ws") as ws:
        import_log(files[0], workspace=ws, log="demo", mapping=Mapping.from_yaml(data.mapping_yaml),
                   key="00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
        yield evaluate(ws.log("demo"), load_pack("employment-dk"))


def _rates(res: ComplianceResult, rule: str) -> pd.DataFrame:
    df = res.cases[(res.cases["rule_id"] == rule) & res.cases["status"].isin(["met", "violated"])].copy()
    local = pd.to_datetime(df["trigger_time"], utc=True).dt.tz_convert("Europe/Copenhagen")
    df["after"] = local.dt.year >= 2024
    df["met"] = df["status"] == "met"
    return df.groupby(["kommune", "after"])["met"].mean().unstack()


def test_every_rule_is_judged_on_the_demo_data(result: ComplianceResult) -> None:
    s = result.summary().set_index("rule_id")
    judged = s["n_met"] + s["n_violated"]
    # R14a/R14b start on 2026-07-01, after the demo extract (which ends 2025-12-31)
    assert (judged.drop(["R14a", "R14b"]) > 0).all(), judged
    assert (judged[["R14a", "R14b"]] == 0).all()
    assert result.as_of.isoformat() == "2025-12-31"  # the mistyped year 2099 does not move the evaluation date
    assert result.warnings == []  # every activity the pack names (with the Fasit synonyms) is in the data


def test_cv_rule_differs_per_municipality_and_follows_the_2024_change(result: ComplianceResult) -> None:
    r = _rates(result, "R01")
    for m in MUNICIPALITIES:
        before, after = r.loc[m.name, False], r.loc[m.name, True]
        # the generator's own on-time probability for the CV deadline, before and after 2024-01-01
        want_before, want_after = m.compliance(False)["cv"], m.compliance(True)["cv"]
        assert before == pytest.approx(want_before, abs=0.12), m.name
        assert after == pytest.approx(want_after, abs=0.12), m.name
        if abs(want_after - want_before) >= 0.15:
            assert (after - before) * (want_after - want_before) > 0, m.name
    spread = r[False].max() - r[False].min()
    assert spread > 0.2


def test_contact_course_rules_switch_at_the_law_change(result: ComplianceResult) -> None:
    df = result.cases
    judged = df[df["status"].isin(["met", "violated"])]
    start = pd.to_datetime(judged["trigger_time"], utc=True).dt.tz_convert("Europe/Copenhagen")
    old = judged[start.dt.year < 2024]["rule_id"].unique()
    new = judged[start.dt.year >= 2024]["rule_id"].unique()
    assert "R05" in old and "R05" not in new
    assert "R04" in new and "R02" in new and "R04" not in old
    by = result.summary(by="kommune").set_index(["rule_id", "kommune"])["rate"]
    r05 = by.loc["R05"]
    assert r05["Åkjær"] - r05["Vestlev"] > 0.15  # Åkjær (86 % on time) vs Vestlev (45 %)
