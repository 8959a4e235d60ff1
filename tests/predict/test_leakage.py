"""The leakage guard: the outcome's column refused, a planted leaking attribute flagged, any column name trains."""

from __future__ import annotations

import numpy as np
import pytest

from sagsflow.log import EventLog
from sagsflow.predict import FeaturePolicy, LeakageError, ProcessPredictor
from sagsflow.predict.encode import EncodingSpec
from sagsflow.schema import Column, LogSchema
from sagsflow.store.workspace import Workspace
from tests.predict.synth import write_events

SCHEMA = LogSchema(attributes=(
    Column(name="label", level="case"),      # defines the outcome
    Column(name="status", level="case"),     # a copy of it under other values: recorded with hindsight
    Column(name="org:group", level="case"),  # an XES-style name with ':'
    Column(name="kommune", level="case"),    # an honest attribute
))


def _log(ws: Workspace, n_cases: int = 400, seed: int = 2) -> EventLog:
    """Cases Ansøgning, Samtale x k, then Bevilling or Afslag, Afsluttet. The label is 'afslag' when the case
    was refused; ``status`` copies it; ``org:group`` is noisy but carries some signal."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, str, float]] = []
    attrs: dict[str, dict[str, str]] = {}
    for i in range(n_cases):
        cid = f"c{i:04d}"
        t = i * 0.5
        rows.append((cid, "Ansøgning", t))
        for _ in range(int(rng.integers(1, 4))):
            t += rng.exponential(2.0)
            rows.append((cid, "Samtale", t))
        refused = rng.random() < 0.4
        t += rng.exponential(3.0)
        rows.append((cid, "Afslag" if refused else "Bevilling", t))
        rows.append((cid, "Afsluttet", t + rng.exponential(1.0)))
        group = ("A" if refused else "B") if rng.random() < 0.6 else str(rng.choice(["A", "B"]))
        attrs[cid] = {"label": "afslag" if refused else "bevilling", "status": "X9" if refused else "K2",
                      "org:group": group, "kommune": "Søby" if i % 2 else "Åkjær"}
    return write_events(ws, "leaky", rows, schema=SCHEMA, attrs=attrs)


@pytest.fixture(scope="module")
def leaky(tmp_path_factory: pytest.TempPathFactory) -> EventLog:
    ws = Workspace.open(tmp_path_factory.mktemp("leak") / "ws")
    return _log(ws)


OUTCOME = "outcome:attribute:label=afslag"


@pytest.mark.parametrize("policy", [FeaturePolicy(attributes=("label",)),
                                    FeaturePolicy(attributes=("kommune", "label")),
                                    FeaturePolicy(unit="label")])
def test_the_column_that_defines_the_outcome_is_refused_as_a_feature(leaky: EventLog, policy: FeaturePolicy) -> None:
    with pytest.raises(LeakageError) as err:
        ProcessPredictor(target=OUTCOME, policy=policy, n_estimators=10).fit(leaky)
    assert "'label'" in str(err.value) and "defines the outcome" in str(err.value)


def test_the_column_inside_among_is_refused_too(leaky: EventLog) -> None:
    with pytest.raises(LeakageError):
        ProcessPredictor(target="outcome:activity=Afslag;among=attribute:kommune=Søby",
                         policy=FeaturePolicy(attributes=("kommune",)), n_estimators=10).fit(leaky)


def test_a_planted_leaking_attribute_is_flagged_and_left_out(leaky: EventLog) -> None:
    with pytest.warns(UserWarning, match="leakage guard: status"):
        m = ProcessPredictor(target=OUTCOME, n_estimators=40, search="none",
                             policy=FeaturePolicy(attributes=("status", "kommune"), inter_case=False,
                                                  calendar=False)).fit(leaky)
    flagged = {f.attribute for f in m.leakage_}
    assert flagged == {"status"}  # the honest attribute is not flagged
    f = m.leakage_[0]
    assert f.metric == "AUC" and f.score >= 0.95 > f.baseline_score
    assert "attr_status" not in m.feature_names_
    # it does not reach the test cases either: the test AUC is far from the perfect one the copy would give
    assert m.evaluation_.pooled["AUC"][0] < 0.95


def test_a_planted_leak_can_stop_the_fit(leaky: EventLog) -> None:
    with pytest.raises(LeakageError, match="'status' alone predicts"):
        ProcessPredictor(target=OUTCOME, n_estimators=20, search="none", leakage="error",
                         policy=FeaturePolicy(attributes=("status",), inter_case=False, calendar=False)).fit(leaky)


def test_attribute_names_with_colons_train_and_explain(leaky: EventLog) -> None:
    spec = EncodingSpec.from_log(leaky, FeaturePolicy(attributes=("org:group",)))
    assert spec.attribute_features == {"attr_org_group": "org:group"}
    for target in ("next_activity", "remaining_time", "outcome:activity=Afslag"):
        m = ProcessPredictor(target=target, n_estimators=20, search="none", leakage="exclude",
                             policy=FeaturePolicy(attributes=("org:group",), inter_case=False,
                                                  calendar=False)).fit(leaky)
        assert m.evaluation_.n_test_prefixes > 0
        out = m.predict(leaky)
        assert len(out) == 400 and out["reasons_en"].notna().all()
    # a model that reads the attribute explains it by its own name
    m = ProcessPredictor(target="outcome:activity=Afslag", n_estimators=40, search="none",
                         policy=FeaturePolicy(attributes=("org:group",), inter_case=False, calendar=False)).fit(leaky)
    if m.model_ is not None:
        assert "attr_org_group" in m.feature_names_
        assert m.predict(leaky)["reasons_en"].str.contains("org:group").any()
