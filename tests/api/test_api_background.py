"""A library call on a log as a background job: its own cursor, the filter, progress, JSON result, failures."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import World


def _data(w: World) -> Any:
    from sqlalchemy import select

    from sagsflow.api.deps import Data
    from sagsflow.meta.models import User, WorkspaceRecord

    state = w.client.app.state.server  # type: ignore[attr-defined]
    with w.db.session() as s:
        rec = s.get(WorkspaceRecord, w.workspace["a"])
        user = s.scalar(select(User).where(User.username == "analyst_a"))
        s.expunge_all()
    assert rec is not None and user is not None
    return state, Data(rec, state.workspace(rec.path).reader(), user, 5)


def test_a_library_call_runs_with_progress_and_its_result_is_kept(shared_world: World) -> None:
    from sagsflow.analysis.variants import variants
    from sagsflow.api.background import submit_log_job

    seen: list[float] = []

    def analysis(log: Any, *, progress: Any, limit: int) -> Any:
        progress(0.5, "half way")
        seen.append(0.5)
        return variants(log).top(limit)

    state, data = _data(shared_world)
    job = submit_log_job(state, data, "analysis", analysis, "cases", limit=1,
                         filter={"steps": [{"type": "case_length", "min": 4}]})
    data.ws.close()  # the request's cursor is gone; the job has its own
    done = state.runner.wait(job)
    assert done.state == "succeeded", done.error
    assert seen == [0.5] and done.result["n_cases"] == 3 and len(done.result["rows"]) == 1


def test_a_failing_or_unserialisable_call_fails_the_job(shared_world: World) -> None:
    from sagsflow.api.background import submit_log_job
    from sagsflow.errors import InvalidParameterError

    def bad(log: Any) -> Any:
        raise InvalidParameterError("the rule set is empty.", field="rules")

    state, data = _data(shared_world)
    failed = state.runner.wait(submit_log_job(state, data, "rules", bad, "cases"))
    assert failed.state == "failed" and failed.error == "the rule set is empty."
    odd = state.runner.wait(submit_log_job(state, data, "rules", lambda log: 42, "cases"))
    assert odd.state == "failed" and "not a dict" in odd.error
    data.ws.close()
