"""The job runner: success, failure, cooperative cancellation, interrupted jobs at start-up, and no lost jobs
when the test thread and the worker threads use the database at the same time."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from sagsflow.errors import InvalidParameterError, NotFoundError
from sagsflow.meta import MetaDB
from sagsflow.meta.jobs import INTERRUPTED, JobRunner, mark_interrupted
from sagsflow.meta.models import Job
from tests.meta.conftest import meta_url


@pytest.fixture
def db(tmp_path: Path) -> MetaDB:
    d = MetaDB(meta_url(tmp_path))
    d.upgrade()
    yield d  # type: ignore[misc]
    d.dispose()


def test_success_failure_and_progress(db: MetaDB) -> None:
    runner = JobRunner(db, workers=1, min_update_interval=0)
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


@pytest.mark.parametrize("url", ["file", "sqlite://"])
def test_no_job_is_lost_while_threads_share_the_database(tmp_path: Path, url: str) -> None:
    # Two workers update rows while this thread submits and reads: every job ends with its own result. The
    # throw-away database (sqlite://) once shared one connection between threads and lost jobs this way.
    d = MetaDB(meta_url(tmp_path) if url == "file" else url)
    d.upgrade()
    runner = JobRunner(d, workers=2, min_update_interval=0)

    def work(n: int) -> Any:
        def fn(progress: Any) -> dict[str, int]:
            for i in range(3):
                progress(i / 3, f"step {i}")
            return {"n": n}
        return fn

    ids = [runner.submit("x", work(n)) for n in range(40)]
    results = [(runner.wait(j).state, runner.get(j).result) for j in ids]  # type: ignore[union-attr]
    assert results == [("succeeded", {"n": n}) for n in range(40)]
    runner.shutdown()
    d.dispose()


def test_cancel_a_running_job_at_its_next_progress_report(db: MetaDB) -> None:
    runner = JobRunner(db, workers=1, min_update_interval=0)
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


def test_shutdown_marks_queued_jobs_interrupted_and_refuses_new_ones(db: MetaDB) -> None:
    runner = JobRunner(db, workers=1, min_update_interval=0)
    started = threading.Event()

    def busy(progress: Any) -> None:
        started.set()
        for _ in range(100_000):  # reports until the shutdown cancels it
            progress(0.5, "busy")
            time.sleep(0.001)

    running = runner.submit("x", busy)
    queued = runner.submit("x", lambda p: {"never": 1})
    assert started.wait(30)
    runner.shutdown()
    assert runner.wait(running).state == "cancelled"
    assert (runner.wait(queued).state, runner.wait(queued).error) == ("failed", INTERRUPTED)
    with pytest.raises(RuntimeError):
        runner.submit("x", lambda p: None)
    with db.session() as s:  # the refused job does not stay 'queued' for ever
        assert {j.state for j in s.query(Job)} == {"cancelled", "failed"}


def test_waiting_for_an_unknown_job_names_it(db: MetaDB) -> None:
    runner = JobRunner(db, workers=1)
    with pytest.raises(NotFoundError, match="no job 'nope'"):
        runner.wait("nope")
    runner.shutdown()


def test_interrupted_jobs_are_failed_at_start(db: MetaDB) -> None:
    with db.session() as s:
        s.add_all([Job(id="1", kind="import", state="running", progress=0.3),
                   Job(id="2", kind="import", state="cancelled", progress=0.0)])
        s.commit()
    assert mark_interrupted(db) == 1
    with db.session() as s:
        assert (s.get(Job, "1").state, s.get(Job, "1").error) == ("failed", INTERRUPTED)  # type: ignore[union-attr]
        assert s.get(Job, "2").state == "cancelled"  # type: ignore[union-attr]
