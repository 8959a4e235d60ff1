"""Training and conformance report their real stages, so a job's progress is honest (not stuck at 5 %)."""

from __future__ import annotations

from pathlib import Path

import sagsflow


def _log(tmp_path: Path) -> sagsflow.EventLog:
    rows = ["case,activity,time"]
    for c in range(200):
        for k, a in enumerate(["A", "B", "C", "D"][: 2 + c % 3]):
            rows.append(f"{c},{a},2024-{1 + c % 12:02d}-{1 + c % 27:02d} {9 + k}:00")
    (tmp_path / "l.csv").write_text("\n".join(rows), encoding="utf-8")
    return sagsflow.read_csv(tmp_path / "l.csv", workspace=tmp_path / "ws", log="l")


def test_training_reports_each_stage_in_order(tmp_path: Path) -> None:
    from sagsflow.predict import train_model

    seen: list[tuple[float, str]] = []
    train_model(_log(tmp_path), "remaining_time", name="x", n_estimators=10,
                progress=lambda f, m: seen.append((f, m)))
    texts = [m for _, m in seen]
    assert texts[0].startswith("encoding") and any(m.startswith("training fold 1 of") for m in texts)
    assert texts[-2].startswith("auditing") and texts[-1].startswith("saving")
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] >= 0 and fractions[-1] < 1


def test_alignments_report_the_variants_aligned(tmp_path: Path) -> None:
    from sagsflow.conformance import check_conformance
    from sagsflow.discovery import InductiveMiner

    log = _log(tmp_path)
    seen: list[tuple[float, str]] = []
    check_conformance(log, InductiveMiner().fit(log), processes=1, progress=lambda f, m: seen.append((f, m)))
    assert seen[0][0] == 0 and seen[-1][0] == 1
    assert seen[-1][1] == f"aligned {len(seen) - 1} of {len(seen) - 1} distinct variants"
