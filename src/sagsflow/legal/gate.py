"""The legal gate: training, scoring and exporting predictions refuse without a valid registration.

Every face calls :func:`require` before it trains, scores or exports: the Python API (``train_model``,
``score``, ``score_cases``, ``ScoreTable.write``), the CLI, the REST API and so the web app. The registrations it
considers, in this order:

1. the ones passed by the caller (``registration=``: a :class:`Registration`, a list of them, a registration
   file, or the id of one kept in the workspace) — the server passes those approved in its metadata database;
2. the ones put in force for the current context with :func:`using` (a notebook cell, a test);
3. the ones kept (and signed) in the workspace's own record (:mod:`sagsflow.legal.record`).

A registration enables a target when it covers the target's class (and names the target, for citizen outcomes),
is active, was approved by a second person and its review date has not come. Each use is written to the
workspace's legal log; the first time an expired registration is met, its expiry too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sagsflow.i18n import _
from sagsflow.legal.registration import (
    TARGET_CLASS_NAMES,
    Registration,
    RegistrationRequiredError,
    target_class,
)

if TYPE_CHECKING:
    from sagsflow.store.workspace import Workspace

Use = Literal["train", "score", "export"]
#: what the gate is asked for, in words
_USES = {"train": "training", "score": "scoring", "export": "export"}

RegistrationArg = Registration | Sequence[Registration] | str | Path | None

_context: ContextVar[tuple[Registration, ...]] = ContextVar("sagsflow_registrations", default=())


@contextmanager
def using(*registrations: Registration) -> Iterator[None]:
    """Put registrations in force for the current context (a notebook cell, a test, a server job).

    Examples
    --------
    >>> with using(reg):                                         # doctest: +SKIP
    ...     sp.train_model(log, "remaining_time", name="restid")
    """
    token = _context.set(tuple(_context.get()) + tuple(registrations))
    try:
        yield
    finally:
        _context.reset(token)


def resolve(workspace: Workspace | None, registration: RegistrationArg = None) -> list[Registration]:
    """The registrations to consider: passed ones, else the context's, else the workspace's verified ones."""
    if registration is not None:
        if isinstance(registration, Registration):
            return [registration]
        if isinstance(registration, Path) or (isinstance(registration, str) and (
                registration.endswith((".yaml", ".yml")) or "\n" in registration)):
            return [Registration.from_yaml(registration)]
        if isinstance(registration, str):
            if workspace is None:
                return []
            from sagsflow.legal.record import get_registration

            return [get_registration(workspace, registration)]
        return list(registration)
    if _context.get():
        return list(_context.get())
    if workspace is None:
        return []
    from sagsflow.legal.record import stored_registrations

    return [s.registration for s in stored_registrations(workspace) if s.verified]


def check(target: object, registrations: Sequence[Registration], *, use: Use = "train",
          at: datetime | None = None) -> Registration:
    """The registration that enables ``target`` now, else :class:`RegistrationRequiredError` saying why.

    Examples
    --------
    >>> check("remaining_time", [])
    Traceback (most recent call last):
    ...
    sagsflow.legal.registration.RegistrationRequiredError: training a model for 'remaining_time' needs ...
    """
    cls = target_class(target)
    covering = [r for r in registrations if r.covers(target)]
    valid = sorted((r for r in covering if r.is_valid(at)), key=lambda r: r.review_date, reverse=True)
    if valid:
        return valid[0]
    what = {"train": _("training a model for {target}", target=repr(str(target))),
            "score": _("scoring with a model for {target}", target=repr(str(target))),
            "export": _("exporting predictions for {target}", target=repr(str(target)))}[use]
    reasons = [p for r in covering if (p := r.problem(at))]
    other = [r for r in registrations if r.is_valid(at) and r.target_class == cls and not r.covers(target)]
    if reasons:
        why = " ".join(reasons)
    elif other:
        why = _("the registrations of this class name other targets ({targets}); a citizen outcome needs a "
                "registration of its own.", targets=", ".join(t for r in other for t in r.targets))
    elif any(r.is_valid(at) for r in registrations):
        why = _("the registrations in force cover other classes ({classes}), not {cls}.",
                classes=", ".join(sorted({_(TARGET_CLASS_NAMES[r.target_class]) for r in registrations
                                          if r.is_valid(at)})), cls=_(TARGET_CLASS_NAMES[cls]))
    else:
        why = _("prediction is off until it is enabled by a registration.")
    raise RegistrationRequiredError(
        _("{what} needs a valid registration of the class {cls}: {why}", what=what, cls=_(TARGET_CLASS_NAMES[cls]),
          why=why),
        hint=_("An administrator proposes a registration (purpose, legal basis, DPIA, decision maker, review date) "
               "and the auditor/DPO approves it: on the server's Registrations page, or with `sagsflow legal "
               "propose` and `sagsflow legal approve`. See docs/dpia.md."),
        field="registration")


def require(workspace: Workspace | None, target: object, use: Use, *, registration: RegistrationArg = None,
            log: str | None = None, actor: str | None = None, record: bool = True,
            at: datetime | None = None) -> Registration:
    """:func:`check` the target against the registrations in force (:func:`resolve`), record the use (and any
    expiry met) in the workspace's legal log, and return the registration that enables it.

    Raises
    ------
    RegistrationRequiredError
        No valid registration covers the target (none, expired, revoked, another class, not this outcome).
    """
    regs = resolve(workspace, registration)
    try:
        reg = check(target, regs, use=use, at=at)
    except RegistrationRequiredError:
        if workspace is not None and record:
            _record_expiries(workspace, [r for r in regs if r.covers(target)], at)
            from sagsflow.legal.record import log_event

            log_event(workspace, f"prediction.{use}.refused", actor=actor, target=str(target), log=log)
        raise
    if workspace is not None and record:
        from sagsflow.legal.record import log_event

        log_event(workspace, f"prediction.{use}", actor=actor, object_id=reg.id, target=str(target), log=log,
                  target_class=reg.target_class)
    return reg


def _record_expiries(ws: Workspace, regs: Sequence[Registration], at: datetime | None) -> None:
    from sagsflow.legal.record import legal_log, log_event

    for r in regs:
        if r.status == "active" and r.expired(at) and not legal_log(ws, action="registration.expire",
                                                                     object_id=r.id):
            log_event(ws, "registration.expire", object_id=r.id, review_date=r.review_date.isoformat())
