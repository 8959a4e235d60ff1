"""The registration-practice defects the demo generator injects are found by the report."""

from __future__ import annotations

import pytest

from sagsflow.quality import QualityReport, quality_report

demo = pytest.importorskip("sagsflow.demo", reason="the demo generator (sagsflow.demo) is not importable yet")

SEED, SCALE = 7, 0.1


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> tuple[dict, dict[str, QualityReport]]:
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log
    from sagsflow.store.workspace import Workspace

    data = demo.generate(seed=SEED, scale=SCALE)
    folder = tmp_path_factory.mktemp("demo")
    files = demo.write_extract(data, folder, split_by=("process",))
    mapping = Mapping.from_yaml(data.mapping_yaml)
    ws = Workspace.memory()
    out = {}
    for f in sorted(p for p in files if p.suffix == ".parquet"):
        name = f.name.split(".")[0].split("_")[0]
        log = import_log(f, workspace=ws, log=name, mapping=mapping, key=b"q" * 32).log
        out[name] = quality_report(log)
    return data.truth, out


def by_code(reports, code):
    return [r.finding(code) for r in reports.values() if r.finding(code) is not None]


@pytest.mark.slow
def test_demo_defects_are_found(reports):
    truth, reps = reports
    defects = truth["defects"]
    assert set(reps) == {"dagpenge", "kontanthjaelp"}
    # date-only registrations (every event in Vestlev, offers and benefits everywhere)
    for r in reps.values():
        f = r.finding("date_only_timestamps")
        assert f is not None and f.severity == "warning"
        assert {b["activity"] for b in f.breakdown} & set(defects["date_only"]["labels"])
    # the robot user's nightly runs (some runs are too thin to count as batches), and no caseworker
    batches = by_code(reps, "batch_registrations")
    assert len(batches) == 2
    assert sum(f.count for f in batches) >= 0.6 * defects["robot"]["events"]
    assert all(f.metrics["n_resources"] == 1 for f in batches)
    # backdating by 14-120 days: all found with the 7-day threshold
    back = by_code(reps, "backdated_registrations")
    assert sum(f.count for f in back) >= defects["backdating"]["events"]
    # exact duplicate rows
    assert sum(f.count for f in by_code(reps, "duplicate_events")) == defects["duplicates"]["rows"]
    # the misspelt label and a Fasit synonym that is close in spelling
    pairs = {(e["label"], e["similar_label"]) for f in by_code(reps, "similar_labels") for e in f.examples}
    typo = next(iter(defects["typos"]["labels"].items()))
    if sum(defects["typos"]["events"].values()):
        assert typo in pairs
    assert ("Tilmeldt som jobsøgende", "Tilmelding som jobsøgende") in pairs
    # implausible years (1900, 2099)
    if defects["implausible_dates"]["rows"]:
        odd = by_code(reps, "implausible_dates") + by_code(reps, "future_dates")
        assert sum(f.count for f in odd) >= defects["implausible_dates"]["rows"]
