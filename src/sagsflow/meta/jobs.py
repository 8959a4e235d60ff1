"""A small in-process job runner: a thread pool whose jobs report progress, can be cancelled and
keep their state in the metadata database.

A job is a function ``fn(progress)`` where ``progress(fraction, message)`` records how far it got;
when the job was cancelled the call raises :class:`JobCancelled`, so cancellation happens at the
job's next progress report (imports report often and roll back atomically). The progress callback also carries
the job's flag as ``progress.cancelled`` (a :class:`threading.Event`), so a job busy in one long database statement
can interrupt it (:func:`sagsflow.import_log` does).

A job runs in a copy of the submitter's context, so its messages are written in the language of the person
who started it (:mod:`sagsflow.i18n`).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import update

from sagsflow.errors import NotFoundError, SagsflowError
from sagsflow.i18n import N_, _
from sagsflow.meta.db import MetaDB
from sagsflow.meta.models import Job, utcnow

Progress = Callable[[float, str], None]
JobFn = Callable[[Progress], dict[str, Any] | None]

INTERRUPTED = N_("server stopped during the job")
_FINAL = ("succeeded", "failed", "cancelled")
_log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """Raised inside a job's progress callback once the job was cancelled."""


def mark_interrupted(db: MetaDB) -> int:
    """Mark jobs left queued or running by a previous server process as failed; returns how many."""
    with db.session() as s:
        res = s.execute(
            update(Job).where(Job.state.in_(("queued", "running")))
            .values(state="failed", error=_(INTERRUPTED), message=_(INTERRUPTED), finished_at=utcnow())
        )
        s.commit()
        return int(res.rowcount or 0)  # type: ignore[attr-defined]


class JobRunner:
    """Runs jobs on ``workers`` threads; state, progress and errors go to the ``jobs`` table.

    Examples
    --------
    >>> db = MetaDB("sqlite://"); db.upgrade()
    >>> runner = JobRunner(db, workers=1)
    >>> job_id = runner.submit("demo", lambda progress: {"answer": 42})
    >>> runner.wait(job_id).state, runner.get(job_id).result
    ('succeeded', {'answer': 42})
    >>> runner.shutdown()
    """

    def __init__(self, db: MetaDB, *, workers: int = 2, min_update_interval: float = 0.25) -> None:
        self.db = db
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sagsflow-job")
        self._cancel: dict[str, threading.Event] = {}
        self._done: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._interval = min_update_interval

    def submit(self, kind: str, fn: JobFn, *, workspace_id: int | None = None, owner_id: int | None = None,
               message: str | None = None) -> str:
        """Queue a job; returns its id.

        The job's row is committed before a worker can see the job, so a worker (or a client polling
        ``GET /api/jobs/{id}``) never looks for a row that is not there yet.
        """
        job_id = uuid.uuid4().hex
        with self.db.session() as s:
            s.add(Job(id=job_id, kind=kind, state="queued", progress=0.0, message=message or _("queued"),
                      workspace_id=workspace_id, owner_id=owner_id, created_at=utcnow()))
            s.commit()
        with self._lock:
            self._cancel[job_id] = threading.Event()
            self._done[job_id] = threading.Event()
        try:
            self._pool.submit(contextvars.copy_context().run, self._run, job_id, fn)
        except RuntimeError:  # the runner was shut down: the job will never run, say so in its row
            self._finish_unstarted([job_id])
            raise
        return job_id

    def get(self, job_id: str) -> Job | None:
        with self.db.session() as s:
            return s.get(Job, job_id)

    def cancel(self, job_id: str) -> Job | None:
        """Ask a job to stop: a queued job is cancelled at once, a running one at its next progress report."""
        with self._lock:
            flag = self._cancel.get(job_id)
        if flag is not None:
            flag.set()
        with self.db.session() as s:
            s.execute(update(Job).where(Job.id == job_id, Job.state == "queued")
                      .values(state="cancelled", message=_("cancelled"), finished_at=utcnow()))
            s.commit()
            return s.get(Job, job_id)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Block until the job is final or ``timeout`` seconds passed (for tests and scripts); returns its row.

        Raises
        ------
        NotFoundError
            When no job has this id.
        """
        with self._lock:
            done = self._done.get(job_id)
        if done is not None:
            done.wait(timeout)
        job = self.get(job_id)
        if job is None:
            raise NotFoundError(f"there is no job {job_id!r}.")
        return job

    def shutdown(self, wait: bool = True) -> None:
        """Stop: running jobs are cancelled at their next progress report, queued jobs never start and are
        marked failed with :data:`INTERRUPTED` (as :func:`mark_interrupted` would at the next start)."""
        with self._lock:
            for flag in self._cancel.values():
                flag.set()
        self._pool.shutdown(wait=wait, cancel_futures=True)
        if wait:
            with self._lock:
                unstarted = list(self._done)
            self._finish_unstarted(unstarted)

    def _finish_unstarted(self, job_ids: list[str]) -> None:
        if not job_ids:
            return
        with self.db.session() as s:
            s.execute(update(Job).where(Job.id.in_(job_ids), Job.state.in_(("queued", "running")))
                      .values(state="failed", error=_(INTERRUPTED), message=_(INTERRUPTED), finished_at=utcnow()))
            s.commit()
        with self._lock:
            for job_id in job_ids:
                self._cancel.pop(job_id, None)
                done = self._done.pop(job_id, None)
                if done is not None:
                    done.set()

    # ----------------------------------------------------------------- inside the worker
    def _set(self, job_id: str, **values: Any) -> None:
        with self.db.session() as s:
            s.execute(update(Job).where(Job.id == job_id).values(**values))
            s.commit()

    def _run(self, job_id: str, fn: JobFn) -> None:
        flag = self._cancel[job_id]
        try:
            job = self.get(job_id)
            if job is None or job.state != "queued" or flag.is_set():
                if job is not None and job.state == "queued":
                    self._set(job_id, state="cancelled", message=_("cancelled"), finished_at=utcnow())
                return
            self._set(job_id, state="running", started_at=utcnow(), message=_("started"))
            last = [0.0]

            def progress(fraction: float, message: str) -> None:
                if flag.is_set():
                    raise JobCancelled(job_id)
                now = time.monotonic()
                if now - last[0] >= self._interval:
                    last[0] = now
                    self._set(job_id, progress=max(0.0, min(1.0, float(fraction))), message=message[:500])

            # a job that runs one long statement can watch the flag itself and interrupt it (imports do)
            progress.cancelled = flag  # type: ignore[attr-defined]
            try:
                result = fn(progress)
            except JobCancelled:
                self._set(job_id, state="cancelled", message=_("cancelled; nothing was changed"),
                          finished_at=utcnow())
            except SagsflowError as exc:
                if flag.is_set() and exc.kind == "cancelled":
                    self._set(job_id, state="cancelled", message=_("cancelled; nothing was changed"),
                              finished_at=utcnow())
                else:
                    self._set(job_id, state="failed", error=str(exc), message=_("failed"), finished_at=utcnow())
            except Exception as exc:
                detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                self._set(job_id, state="failed", error=detail, message=_("failed"), finished_at=utcnow())
            else:
                self._set(job_id, state="succeeded", progress=1.0, message=_("done"), result=result,
                          finished_at=utcnow())
        except Exception:  # the metadata database failed us: the row may stay 'running' until the next start
            _log.exception("job %s: could not record its state in the metadata database", job_id)
        finally:
            with self._lock:
                self._cancel.pop(job_id, None)
                done = self._done.pop(job_id, None)
            if done is not None:
                done.set()
