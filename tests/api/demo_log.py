"""A small synthetic jobcentre log (one municipality of the demo generator) for the compliance and prediction
API tests."""

from __future__ import annotations

from pathlib import Path

TEST_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
DEMO_LOG = "demo"


def add_demo_log(folder: Path, scratch: Path, *, log: str = DEMO_LOG, scale: float = 0.02) -> int:
    """Import the demo data of Nørreby (about 150 cases, 2022-2025) into the workspace at ``folder`` (which no
    server may hold open yet); returns the number of cases."""
    from sagsflow.demo import generate, write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.store.workspace import Workspace

    data = generate(seed=7, scale=scale, municipalities=["Nørreby"])
    files = write_extract(data, scratch, split_by=())
    with Workspace.open(folder) as ws:
        import_log(files[0], workspace=ws, log=log, mapping=Mapping.from_yaml(data.mapping_yaml), key=TEST_KEY)
        return int(ws.log(log).n_cases)
