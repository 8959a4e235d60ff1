"""On a real public log (Helpdesk): the protocol runs end to end and the model beats its baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

import sagsflow
from sagsflow.predict import ProcessPredictor
from sagsflow.store.workspace import Workspace
from tests.conftest import shared_data_dir


@pytest.mark.realdata
@pytest.mark.slow
def test_helpdesk_next_activity_and_remaining_time(tmp_path: Path) -> None:
    src = shared_data_dir() / "Helpdesk.xes.gz"
    if not src.exists():
        pytest.skip(f"../shared/data has no {src.name}, needed for this test")
    with Workspace.open(tmp_path / "ws") as ws:
        log = sagsflow.read_xes(src, workspace=ws, log="helpdesk", key=b"k" * 32)
        nxt = ProcessPredictor(target="next_activity", n_estimators=60).fit(log)
        acc, base = nxt.evaluation_.pooled["accuracy"]
        assert acc >= base - 0.01 and acc > 0.65  # at least the baseline (LightGBM multiclass was unstable once)
        rem = ProcessPredictor(target="remaining_time", n_estimators=60).fit(log)
        mae, bmae = rem.evaluation_.pooled["MAE (days)"]
        assert mae < bmae
        assum = rem.evaluation_.pooled["interval coverage"][0]
        assert 0.7 < assum < 1.0
        assert rem.window_["max_train_event"] < rem.window_["cut"]
