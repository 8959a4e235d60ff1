"""Run a library call on a log as a background job (for long analyses: rule evaluation, model training, ...).

:func:`submit_log_job` wraps any function ``fn(log, *, progress=..., **kwargs)`` of the library: the job opens its
own cursor on the workspace (the request's cursor is closed when the request ends), applies the filter, passes the
job's progress callback (``progress(fraction, message)``; cancelling the job makes the next report raise), turns
the result into JSON (``to_dict()`` when it has one) and closes the cursor. A :class:`~sagsflow.errors.SagsflowError`
marks the job failed with its message. Audit the start in the route, as imports do.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from sagsflow.api.deps import Data
from sagsflow.api.state import ServerState
from sagsflow.i18n import _


def submit_log_job(state: ServerState, data: Data, kind: str, fn: Callable[..., Any], log: str, *,
                   filter: Any = None, message: str | None = None, **kwargs: Any) -> str:
    """Queue ``fn(<log, filtered>, progress=..., **kwargs)`` as a job of ``data``'s workspace; returns the id.

    ``fn`` gets ``progress`` only when it accepts it. The result must be a dict, have ``to_dict()``, or be None.
    """
    data.check_log(log)
    root = data.ws.root
    takes_progress = "progress" in inspect.signature(fn).parameters

    def run(progress: Callable[[float, str], None]) -> dict[str, Any] | None:
        view = root.reader()
        try:
            target = view.log(log)
            if filter:
                target = target.filter(filter)
            result = fn(target, **({"progress": progress} if takes_progress else {}), **kwargs)
        finally:
            view.close()
        if result is None or isinstance(result, dict):
            return result
        if hasattr(result, "to_dict"):
            out: dict[str, Any] = result.to_dict()
            return out
        raise TypeError(f"{getattr(fn, '__name__', 'the job')} returned a {type(result).__name__}, "
                        "not a dict or an object with to_dict()")

    return state.runner.submit(kind, run, workspace_id=data.record.id, owner_id=data.user.id,
                               message=message or _("{kind} on {log}", kind=kind, log=log))
