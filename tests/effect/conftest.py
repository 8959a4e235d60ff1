"""The demo workspace at scale 1 (five municipalities, both processes), built once per test session.

Its injected truth (``docs/demo-data.md``): Egholm's wait from application to visitation triples from 2023-10-01
(kontanthjælp); Nørreby's no-show rate at the first jobcentre interview falls to 40 % from 2024-09-01
(dagpenge, the digital pre-interview). The indicators below name both labels of each step, because the Fasit
municipalities (Åkjær, Vestlev) use synonyms.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import TEST_KEY

if TYPE_CHECKING:
    from sagsflow.demo import DemoData

SEED, SCALE = 42, 1.0

WAIT = {"kind": "waiting", "from_activities": ["Ansøgning modtaget", "Ansøgning om hjælp modtaget"],
        "to_activities": ["Visitationssamtale", "Visitationsamtale", "Visitation afholdt"]}
NO_SHOW = {"kind": "outcome_share",
           "among": ["Udeblevet", "Udeblevet fra samtale", "Jobsamtale afholdt – jobcenter", "Samtale afholdt - JC"],
           "outcome": ["Udeblevet", "Udeblevet fra samtale"]}


@pytest.fixture(scope="session")
def demo_truth() -> dict:
    from sagsflow.demo import generate

    return generate(seed=SEED, scale=0.01).truth


@pytest.fixture(scope="session")
def demo_data() -> DemoData:
    from sagsflow.demo import generate

    return generate(seed=SEED, scale=SCALE)


@pytest.fixture(scope="session")
def own_workspaces(demo_data: DemoData) -> Iterator[dict[str, Path]]:
    """Egholm's and Nørreby's own workspaces: each holds only its own cases (logs ``kontanthjaelp`` and
    ``dagpenge``); the other municipalities are only known through their profiles."""
    from sagsflow.demo import write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.store.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="sagsflow-own-") as tmp:
        root = Path(tmp)
        files = write_extract(demo_data, root / "extract")
        mapping = Mapping.from_yaml(demo_data.mapping_yaml)
        out = {}
        for name, slug in (("Egholm", "egholm"), ("Nørreby", "noerreby")):
            with Workspace.open(root / slug) as ws:
                for log in ("kontanthjaelp", "dagpenge"):
                    f = root / "extract" / f"{log}_{slug}.parquet"
                    assert f in files, (f, files)
                    import_log(f, workspace=ws, log=log, mapping=mapping, key=TEST_KEY)
            out[name] = root / slug
        yield out


@pytest.fixture(scope="session")
def demo_path(demo_data: DemoData) -> Iterator[Path]:
    """A workspace folder with the logs ``dagpenge`` and ``kontanthjaelp`` (all five municipalities)."""
    from sagsflow.demo import write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.store.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="sagsflow-effect-") as tmp:
        root = Path(tmp)
        data = demo_data
        files = write_extract(data, root / "extract", split_by=("process",))
        mapping = Mapping.from_yaml(data.mapping_yaml)
        with Workspace.open(root / "ws") as ws:
            for f in files:
                if f.suffix == ".parquet":
                    import_log(f, workspace=ws, log=f.name.split(".")[0], mapping=mapping, key=TEST_KEY)
        yield root / "ws"
