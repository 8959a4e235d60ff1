"""The reference model: an accepting Petri net with what the import had to say, from any source.

A reference model ("det gode sagsforløb") comes from a BPMN 2.0 file (:func:`~sagsflow.conformance.read_bpmn`),
a PNML file (:func:`read_pnml`), or a model discovered by :class:`~sagsflow.discovery.InductiveMiner`;
:func:`load_model` accepts all of them. :func:`compare_labels` tells which activities of the model never
occur in the log and the other way round, the most common reason for a low fitness.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sagsflow.errors import InvalidParameterError, Location, LogFormatError

if TYPE_CHECKING:
    from pm4py.objects.petri_net.obj import Marking, PetriNet

    from sagsflow.discovery.miner import PetriNetModel
    from sagsflow.log import EventLog


@dataclass(frozen=True)
class ModelIssue:
    """Something the model import rewrote, ignored or refused, with where it is in the file.

    Attributes
    ----------
    severity : {"error", "warning"}
    element : str
        The BPMN element type, e.g. ``"boundaryEvent"``.
    element_id, name : str or None
    line : int or None
        1-based line of the element in the file.
    message : str
    """

    severity: Literal["error", "warning"]
    element: str
    element_id: str | None
    name: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        label = f" ({self.name!r})" if self.name else ""
        return f"{where}{self.element} {self.element_id!r}{label}: {self.message}"


@dataclass(frozen=True, eq=False)
class ReferenceModel:
    """A reference process model as an accepting Petri net.

    Attributes
    ----------
    petri_net : PetriNetModel
        The net with initial and final markings (what PM4Py's alignments take).
    source : str
        Where the model came from (file name, or ``"discovered"``).
    issues : tuple of ModelIssue
        Warnings from the import (elements rewritten or ignored).
    """

    petri_net: PetriNetModel
    source: str = "model"
    issues: tuple[ModelIssue, ...] = field(default=())

    @classmethod
    def from_net(cls, net: PetriNet, im: Marking, fm: Marking, *, source: str = "model",
                 issues: tuple[ModelIssue, ...] = ()) -> ReferenceModel:
        from sagsflow.discovery.miner import PetriNetModel

        return cls(PetriNetModel(net, im, fm), source, issues)

    @property
    def activities(self) -> frozenset[str]:
        """The labels of the visible transitions: the activities the model expects in the log."""
        return frozenset(t.label for t in self.petri_net.net.transitions if t.label is not None)

    @property
    def warnings(self) -> list[str]:
        return [str(i) for i in self.issues if i.severity == "warning"]

    def to_pm4py(self) -> tuple[PetriNet, Marking, Marking]:
        return self.petri_net.to_pm4py()

    def __repr__(self) -> str:
        return (f"ReferenceModel(source={self.source!r}, activities={len(self.activities)}, "
                f"transitions={self.petri_net.n_transitions}, warnings={len(self.warnings)})")


#: Search steps the soundness check may take to find a way from the start to the end of a model. The search
#: through the reachable markings can grow without bound (inclusive gateways translated into Petri nets, many
#: parallel branches); past this budget the model is refused with its own message instead of holding a server
#: thread. A budget in steps, not seconds, gives the same verdict on a quiet and on a loaded machine: a sound
#: Split Miner model of the public logs needs at most a few hundred steps, an undecidable one passes 240,000
#: (docs/discovery.md).
SOUNDNESS_STEPS = 20_000

#: A wall-clock safety net under :data:`SOUNDNESS_STEPS` (a step of a very large net can take long: each may
#: solve a linear program): a search still running after this many seconds stops and says so.
SOUNDNESS_SAFETY_SECONDS = 120.0


class _Budget:
    __slots__ = ("deadline", "limit", "out_of_time", "steps", "unbounded")

    def __init__(self, steps: int, seconds: float) -> None:
        self.steps, self.limit = 0, steps
        self.deadline = time.monotonic() + seconds
        self.out_of_time = self.unbounded = False


class _StepClock:
    """Stands in for the ``time`` module inside PM4Py's A* search, whose only use of it is ``time.time()`` for
    its time limit. In a thread inside :func:`reaches_end` each reading is one search step (so the time limit
    becomes a step limit); in every other thread it is the real clock."""

    def __init__(self) -> None:
        self._local = threading.local()

    def time(self) -> float:
        budget: _Budget | None = getattr(self._local, "budget", None)
        if budget is None:
            return time.time()
        budget.steps += 1
        if time.monotonic() > budget.deadline:
            budget.out_of_time = True
            return math.inf
        return float(budget.steps)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @contextlib.contextmanager
    def counting(self, budget: _Budget) -> Iterator[None]:
        self._local.budget = budget
        try:
            yield
        finally:
            self._local.budget = None


_CLOCK = _StepClock()


def reaches_end(net: PetriNet, im: Marking, fm: Marking, *, steps: int = SOUNDNESS_STEPS,
                safety_seconds: float = SOUNDNESS_SAFETY_SECONDS) -> bool | None:
    """Whether some run of the net from ``im`` ends in exactly ``fm`` (easy soundness): True, False, or None
    when the search did not decide within ``steps`` search steps (or ``safety_seconds``, a safety net).

    A greedy search for one such run goes first (:func:`~sagsflow.conformance.witness.search_run_to_end`, its own
    budget of markings); when it decides nothing, PM4Py's A* with the state-equation heuristic (the alignment of
    the empty trace) searches. PM4Py's own ``check_easy_soundness_net_in_fin_marking`` has no limit and can run for
    hours on a model with a large state space. The limits here count search steps, so the verdict does not depend
    on how busy the machine is.

    Examples
    --------
    >>> from sagsflow.discovery import InductiveMiner
    >>> net, im, fm = InductiveMiner().fit_variants({("a", "b"): 2}).petri_net_.to_pm4py()
    >>> reaches_end(net, im, fm)
    True
    """
    return _reaches_end(net, im, fm, _Budget(int(steps), float(safety_seconds)))


def _reaches_end(net: PetriNet, im: Marking, fm: Marking, budget: _Budget) -> bool | None:
    from pm4py.algo.conformance.alignments.petri_net.variants import state_equation_a_star as astar
    from pm4py.objects.log.obj import Trace

    from sagsflow.conformance.witness import search_run_to_end

    quick = search_run_to_end(net, im, fm)  # one run found by a greedy search settles most models in a few steps
    if quick.found is not None:
        return quick.found
    if quick.unbounded:  # infinitely many markings: the A* search cannot decide either (it ran 120 s on BPIC15)
        budget.unbounded = True
        return None
    astar.time = _CLOCK  # idempotent; the real clock for every other caller
    try:
        with _CLOCK.counting(budget):
            found = astar.apply(Trace(), net, im, fm,
                                parameters={astar.Parameters.PARAM_MAX_ALIGN_TIME_TRACE: float(budget.limit)})
    except Exception:  # PM4Py raises on nets it cannot build a synchronous product of (e.g. no final place)
        return False
    if found is not None:
        return True
    return None if budget.out_of_time or budget.steps - 1 > budget.limit else False  # the first reading starts


def check_sound(model: ReferenceModel, *, steps: int = SOUNDNESS_STEPS,
                safety_seconds: float = SOUNDNESS_SAFETY_SECONDS) -> None:
    """Refuse a net whose final marking cannot be reached (alignments need an easy-sound net), or whose
    soundness the search could not decide within ``steps`` search steps (:func:`reaches_end`)."""
    net, im, fm = model.to_pm4py()
    budget = _Budget(int(steps), float(safety_seconds))
    verdict = _reaches_end(net, im, fm, budget)
    if verdict is None and budget.unbounded:
        raise LogFormatError(
            "the model is unbounded: a run from its start can repeat a part of the model with more tokens each "
            "time (for example a parallel split inside a loop whose branches are not joined again), so it has "
            "no end state Sagsflow could search its way to, and no greedy run reached its end",
            location=Location(file=model.source),
            hint="Join every parallel split inside a loop before the loop goes back. For a discovered model, "
                 "keep its inclusive (OR) gateways, try other parameters, or use the inductive miner.")
    if verdict is None:
        within = (f"within its safety limit of {safety_seconds:g} s" if budget.out_of_time
                  else f"within {steps:,} search steps")
        raise LogFormatError(
            f"Sagsflow could not confirm {within} that the model can reach its end: its state space "
            "(the combinations of tokens its gateways allow) is too large to search",
            location=Location(file=model.source),
            hint="Simplify the model: replace inclusive (OR) gateways with exclusive or parallel ones, or split "
                 "large parallel blocks. For a discovered model, try other parameters or the inductive miner.")
    if not verdict:
        dropped = [f"{i.element} {i.element_id!r}" for i in model.issues if "dropped" in i.message]
        cut = f" Dropping {', '.join(dropped)} may have cut the only path to the end." if dropped else ""
        raise LogFormatError(
            "the model cannot reach its end: no run of the model from the start ends with exactly one "
            "token in the final place (for example parallel branches that end in separate end events, or a "
            "path that never reaches an end event)",
            location=Location(file=model.source),
            hint="Join parallel branches with a parallel gateway before one end event, and check that every "
                 f"path reaches an end event.{cut}")


def read_pnml(path: str | Path) -> ReferenceModel:
    """Read a PNML Petri net (with initial and final markings) safely as a reference model.

    Examples
    --------
    >>> model = read_pnml("model.pnml")  # doctest: +SKIP
    """
    from pm4py.objects.petri_net.importer.variants import pnml

    from sagsflow.conformance.xmlsafe import parse_xml, read_model_bytes

    file = str(path)
    root = parse_xml(read_model_bytes(path, "PNML"), file, objectify=True)
    if str(root.tag).rpartition("}")[2] != "pnml":
        raise LogFormatError(f"the root element is <{str(root.tag).rpartition('}')[2]}>, but a PNML <pnml> "
                             "was expected", location=Location(file=file, row=root.sourceline),
                             hint="Export the Petri net as PNML.")
    try:
        net, im, fm = pnml.import_net_from_xml_object(root)
    except Exception as exc:  # PM4Py raises bare exceptions on malformed nets
        raise LogFormatError(f"the PNML net cannot be read: {exc}", location=Location(file=file),
                             hint="Export the net again from the modelling tool.") from None
    if not im or not fm:
        raise LogFormatError(f"the PNML net has no {'initial' if not im else 'final'} marking",
                             location=Location(file=file),
                             hint="Add <initialMarking> to the start place and a <finalmarkings> section.")
    model = ReferenceModel.from_net(net, im, fm, source=file)
    check_sound(model)
    return model


def load_model(model: Any, *, process: str | None = None, ignore_unsupported: bool = False) -> ReferenceModel:
    """A :class:`ReferenceModel` from a file path (.bpmn/.xml, .pnml), a discovered model or a net.

    Parameters
    ----------
    model : str, Path, ReferenceModel, InductiveMiner, SplitMiner, PetriNetModel, BpmnModel or (net, im, fm)
    process, ignore_unsupported
        Passed to :func:`~sagsflow.conformance.read_bpmn` for BPMN files.
    """
    from sagsflow.discovery.export import BpmnModel
    from sagsflow.discovery.miner import InductiveMiner, PetriNetModel
    from sagsflow.discovery.split_miner import SplitMiner

    if isinstance(model, ReferenceModel):
        return model
    if isinstance(model, str | Path):
        suffix = Path(model).suffix.lower()
        if suffix in (".bpmn", ".xml"):
            from sagsflow.conformance.bpmn import read_bpmn

            return read_bpmn(model, process=process, ignore_unsupported=ignore_unsupported)
        if suffix == ".pnml":
            return read_pnml(model)
        raise InvalidParameterError(f"cannot tell the model format from {Path(model).name!r}.",
                                    hint="Use a .bpmn (BPMN 2.0 XML) or .pnml file.", field="model")
    if isinstance(model, InductiveMiner):
        return ReferenceModel(model.petri_net_, "discovered")
    if isinstance(model, SplitMiner):
        return ReferenceModel(model.petri_net_, "discovered (Split Miner)", model.issues_)
    if isinstance(model, PetriNetModel):
        return ReferenceModel(model, "discovered")
    if isinstance(model, BpmnModel):
        from pm4py.objects.conversion.bpmn.variants import to_petri_net

        return ReferenceModel.from_net(*to_petri_net.apply(model.to_pm4py()), source="bpmn")
    if isinstance(model, tuple) and len(model) == 3:
        return ReferenceModel.from_net(*model, source="petri net")
    raise InvalidParameterError(
        "the model must be a .bpmn or .pnml path, a fitted InductiveMiner, a PetriNetModel, a BpmnModel or "
        f"(net, im, fm). Got {type(model).__name__} instead.", field="model")


def _norm(label: str) -> str:
    return re.sub(r"[\W_]+", " ", label.casefold()).strip()


@dataclass(frozen=True)
class LabelReport:
    """Activities of the model that never occur in the log, and the other way round.

    Attributes
    ----------
    model_only : list of str
        Model activities with no event in the log (every case will skip them).
    log_only : dict of str to int
        Log activities (with their event counts) the model does not know (always unexpected).
    suggestions : dict of str to str
        For a model-only activity, the log activity that looks like the same step (case, spacing or
        punctuation differ, or a close spelling).
    """

    model_only: list[str]
    log_only: dict[str, int]
    suggestions: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.model_only and not self.log_only

    def __str__(self) -> str:
        if self.ok:
            return "every model activity occurs in the log and every log activity is in the model"
        lines = []
        if self.model_only:
            lines.append(f"{len(self.model_only)} model activities never occur in the log:")
            lines += [f"  - {a!r}" + (f" (did you mean {self.suggestions[a]!r}?)" if a in self.suggestions else "")
                      for a in self.model_only]
        if self.log_only:
            lines.append(f"{len(self.log_only)} log activities are not in the model:")
            lines += [f"  - {a!r} ({n:,} events)" for a, n in self.log_only.items()]
        return "\n".join(lines)


def compare_labels(model: ReferenceModel, log: EventLog | dict[str, int]) -> LabelReport:
    """Compare the model's activities with the log's (exact labels), suggesting likely matches.

    Examples
    --------
    >>> compare_labels(model, {"Ansøgning": 10, "afgørelse": 8}).suggestions  # doctest: +SKIP
    {'Afgørelse': 'afgørelse'}
    """
    if isinstance(log, dict):
        counts = dict(log)
    else:
        rows = log.workspace.con.cursor().execute(
            f"SELECT activity, count(*) FROM ({log.events_sql()}) GROUP BY activity").fetchall()
        counts = {a: int(n) for a, n in rows}
    acts = model.activities
    model_only = sorted(acts - counts.keys())
    log_only = {a: counts[a] for a in sorted(counts.keys() - acts, key=lambda a: (-counts[a], a))}
    normal = {_norm(a): a for a in log_only}
    suggestions: dict[str, str] = {}
    for a in model_only:
        if _norm(a) in normal:
            suggestions[a] = normal[_norm(a)]
            continue
        close = difflib.get_close_matches(_norm(a), list(normal), n=1, cutoff=0.8)
        if close:
            suggestions[a] = normal[close[0]]
    return LabelReport(model_only, log_only, suggestions)
