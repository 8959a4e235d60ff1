"""The map engine: one object behind discover_process_map and the server's cached maps. Derived slider positions
equal direct computation, parts are kept in the memo it is given, and the disclosure rule goes through the
disclosure layer."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sagsflow
from sagsflow.analysis.map_engine import MapEngine
from sagsflow.analysis.process_map import discover_process_map
from sagsflow.disclosure import DisclosurePolicy
from sagsflow.errors import InvalidParameterError
from tests.api.test_api_cache import _random_log

VIEWER = DisclosurePolicy.for_role("viewer")


@pytest.fixture(scope="module")
def rlog(tmp_path_factory: pytest.TempPathFactory) -> sagsflow.EventLog:
    return _random_log(tmp_path_factory.mktemp("engine"))


@pytest.fixture(scope="module")
def derived(rlog: sagsflow.EventLog) -> MapEngine:
    return MapEngine.prepare(rlog, derive=True)


@settings(max_examples=40, deadline=None)
@given(activities=st.floats(0, 1), paths=st.floats(0, 1),
       measure=st.sampled_from(["frequency", "cases", "max_repetitions", "duration"]),
       aggregation=st.sampled_from(["mean", "median", "p95", "total", "min"]), viewer=st.booleans())
def test_one_engine_answers_every_position_like_a_fresh_map(rlog: sagsflow.EventLog, derived: MapEngine,
                                                            activities: float, paths: float, measure: str,
                                                            aggregation: str, viewer: bool) -> None:
    policy = VIEWER if viewer else None
    kw: dict[str, Any] = dict(activities=activities, paths=paths, measure=measure, aggregation=aggregation)
    got = derived.render(**kw, policy=policy).to_dict()
    fresh = discover_process_map(rlog, **kw, policy=policy).to_dict()
    assert got == fresh


def test_parts_are_kept_in_the_memo_it_is_given(rlog: sagsflow.EventLog) -> None:
    store: dict[Hashable, Any] = {}

    def memo(key: Hashable, compute: Callable[[], Any]) -> Any:
        if key not in store:
            store[key] = compute()
        return store[key]

    engine = MapEngine.prepare(rlog, memo=memo, derive=True)
    engine.render(activities=0.5, paths=0.3)
    engine.render(activities=0.5, paths=0.9, measure="duration")  # same node set: nothing new
    assert {k[0] for k in store} == {"graph", "direct", "projected", "nodes"} and len(store) == 4
    engine.render(activities=0.5, policy=VIEWER)  # the viewer's released graph of the same nodes, same projection
    assert len(store) == 5 and engine.nbytes > 0


def test_the_disclosure_rule_goes_through_the_layer(tmp_path: Path) -> None:
    from tests.api.conftest import MAPPING, write_log_csv

    log = sagsflow.read_csv(write_log_csv(tmp_path / "l.csv"), mapping=MAPPING)
    engine = MapEngine.prepare(log)
    assert "Rare" in {n.label for n in engine.render().nodes}  # 3 cases: shown to analysts
    seen = engine.render(policy=VIEWER)
    assert "Rare" not in {n.label for n in seen.nodes} and seen.disclosure is not None
    assert all(n.max_repetitions is None for n in seen.nodes if n.kind == "node")
    resources = MapEngine.prepare(log, perspective="resource", policy=VIEWER)
    assert resources.render().node("(other, n<5)").kind == "other"  # the group merge
    with pytest.raises(InvalidParameterError, match="prepared with k = 5"):
        resources.render(policy=DisclosurePolicy.for_role("analyst"))
    with pytest.raises(InvalidParameterError, match="activities slider"):
        engine.render(activities=1.5)
