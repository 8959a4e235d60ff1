"""The job runner: success, failure, cooperative cancellation, interrupted jobs at start-up."""

from __future__ import annotations

import threading
from typing import Any

from sagsflow.errors import InvalidParameterError
from sagsflow.meta import MetaDB
from sagsflow.meta.jobs import INTERRUPTED, JobRunner, mark_interrupted
from sagsflow.meta.models import Job
from tests.meta.conftest import meta_url


def _db() -> MetaDB:
    db = MetaDB(meta_url())
    db.upgrade()
    return db


def test_success_failure_and_progress() -> None:
    runner = JobRunner(_db(), workers=1, min_update_interval=0)
    def half(p: Any) -> dict[str, int]:
        p(0.5, "half")
        return {"n": 1}

    ok = runner.submit("x", half)
    def fail(p: object) -> None:
        raise InvalidParameterError("the log name 'X' is not allowed.")
    bad = runner.submit("x", fail)
    done = runner.wait(ok)
    assert (done.state, done.result, done.progress) == ("succeeded", {"n": 1}, 1.0)
    job = runner.wait(bad)
    assert job.state == "failed" and "the log name 'X' is not allowed." in (job.error or "")
    runner.shutdown()


def test_cancel_a_running_job_at_its_next_progress_report() -> None:
    runner = JobRunner(_db(), workers=1, min_update_interval=0)
    started, release = threading.Event(), threading.Event()
    reached: list[float] = []

    def work(progress: object) -> dict[str, int]:
        started.set()
        release.wait(5)
        for i in range(10):
            progress(i / 10, "step")  # type: ignore[operator]
            reached.append(i)
        return {"done": 1}

    job_id = runner.submit("x", work)
    started.wait(5)
    runner.cancel(job_id)
    release.set()
    job = runner.wait(job_id)
    assert job.state == "cancelled" and job.result is None and reached == []
    runner.shutdown()


def test_interrupted_jobs_are_failed_at_start() -> None:
    db = _db()
    with db.session() as s:
        s.add_all([Job(id="1", kind="import", state="running", progress=0.3),
                   Job(id="2", kind="import", state="cancelled", progress=0.0)])
        s.commit()
    assert mark_interrupted(db) == 1
    with db.session() as s:
        assert (s.get(Job, "1").state, s.get(Job, "1").error) == ("failed", INTERRUPTED)  # type: ignore[union-attr]
        assert s.get(Job, "2").state == "cancelled"  # type: ignore[union-attr]
