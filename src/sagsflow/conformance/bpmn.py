"""Read a BPMN 2.0 reference model into an accepting Petri net, naming what it cannot translate.

Only the process semantics of the file is read (elements in the BPMN model namespace): diagram
interchange (``bpmndi``), vendor extension elements (Camunda, Zeebe, Signavio, Apromore, ...),
documentation, lanes, data objects and text annotations are skipped. The flow is then translated
by PM4Py's BPMN to Petri net conversion, which knows tasks, start and end events, and exclusive and
parallel gateways (inclusive gateways are translated here, :func:`_to_net`). Everything else is either
rewritten into those (with a warning) or refused (with an error naming the element, its id, its name and
its line):

===============================================  ==========================================================
BPMN element                                     how it is read
===============================================  ==========================================================
task, user/manual/service/script/business rule/  an activity, matched to the log by its name
send/receive task, call activity
start and end events                             start and end of the process (end events of any kind;
                                                 a terminate end event is read as a plain end: warning)
exclusive, parallel gateways                     as they are
inclusive gateway                                OR-split: any of its branches; OR-join: goes on once,
                                                 after the arriving branches merged (warning; _to_net)
event-based gateway                              an exclusive choice (warning)
intermediate catch/throw events (timer, message  a silent step, never matched to a log event (warning)
signal, ...)
embedded sub-process                             flattened into the parent process
loop / multi-instance marker                     the activity may repeat: one or more times (warning)
boundary event                                   unsupported (error); ``ignore_unsupported=True`` drops it
                                                 and its outgoing flows (warning)
complex gateway, link event, event sub-process,  unsupported (error; dropped with ``ignore_unsupported``)
ad-hoc sub-process, transaction
message flows between pools                      ignored: they do not order one pool's steps (warning)
several pools with their own process             choose one with ``process=`` (error lists them)
===============================================  ==========================================================

Examples
--------
>>> model = read_bpmn("det_gode_sagsforloeb.bpmn")  # doctest: +SKIP
>>> for issue in model.issues: print(issue)         # doctest: +SKIP
line 57: boundaryEvent 'Boundary_1' ("14 dage"): boundary events are not supported ...
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sagsflow.conformance.model import SOUNDNESS_STEPS, ModelIssue, ReferenceModel, check_sound
from sagsflow.conformance.reduce import reduce_silent_steps
from sagsflow.conformance.xmlsafe import parse_xml, read_model_bytes
from sagsflow.errors import Location, LogFormatError

MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"

_TASKS = frozenset({"task", "userTask", "manualTask", "serviceTask", "scriptTask", "businessRuleTask",
                    "sendTask", "receiveTask", "callActivity"})
_GATEWAYS = frozenset({"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway"})
_INTERMEDIATE = frozenset({"intermediateCatchEvent", "intermediateThrowEvent"})
_UNSUPPORTED = {
    "complexGateway": "complex gateways have no fixed semantics PM4Py can translate",
    "boundaryEvent": "boundary events (timers, messages or errors attached to an activity) are not "
                     "supported",
    "adHocSubProcess": "ad-hoc sub-processes (steps in any order) are not supported",
    "transaction": "transactions (compensation) are not supported",
}
_UNSUPPORTED_HINT = {
    "boundaryEvent": "model the alternative path with an exclusive gateway after the activity",
    "complexGateway": "replace it with exclusive, parallel or inclusive gateways",
    "adHocSubProcess": "model the steps with a loop over an exclusive gateway",
    "transaction": "model the steps as an embedded sub-process",
}
#: elements without control-flow meaning, skipped silently
_IGNORED = frozenset({"extensionElements", "documentation", "laneSet", "lane", "dataObject",
                      "dataObjectReference", "dataStoreReference", "textAnnotation", "association",
                      "group", "ioSpecification", "dataInputAssociation", "dataOutputAssociation",
                      "property", "incoming", "outgoing", "conditionExpression", "category",
                      "standardLoopCharacteristics", "multiInstanceLoopCharacteristics", "sequenceFlow"})


def _local(tag: Any) -> str | None:
    """Local name of an element in the BPMN model namespace; None for other namespaces/comments."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return None
    ns, _, local = tag[1:].partition("}")
    return local if ns == MODEL_NS else None


@dataclass
class _Graph:
    """Flow nodes and sequence flows of one process, flattened, before translation."""

    file: str
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (kind, name)
    flows: list[tuple[str, str, str]] = field(default_factory=list)  # (id, source, target)
    issues: list[ModelIssue] = field(default_factory=list)
    lines: dict[str, int | None] = field(default_factory=dict)
    #: flows that point at a looping activity or a sub-process are moved to its entry/exit gateway
    redirect_in: dict[str, str] = field(default_factory=dict)
    redirect_out: dict[str, str] = field(default_factory=dict)

    def issue(self, severity: str, el: Any, message: str) -> None:
        self.issues.append(ModelIssue(severity=severity, element=_local(el.tag) or str(el.tag),  # type: ignore[arg-type]
                                      element_id=el.get("id"), name=_name(el), line=el.sourceline,
                                      message=message))


def _name(el: Any) -> str:
    return " ".join((el.get("name") or "").split())


def _children(el: Any) -> Iterator[tuple[str, Any]]:
    for child in el:
        local = _local(child.tag)
        if local is not None:
            yield local, child


def _processes(root: Any) -> list[Any]:
    return [c for local, c in _children(root) if local == "process"]


def _has_flow_nodes(process: Any) -> bool:
    return any(local not in _IGNORED and local != "sequenceFlow" for local, _ in _children(process))


def _read_container(g: _Graph, container: Any, ignore_unsupported: bool, dropped: set[str]) -> None:
    """Add the flow nodes and sequence flows of a process or embedded sub-process to ``g``."""
    for local, el in _children(container):
        eid = el.get("id")
        if local in _IGNORED and local != "sequenceFlow":
            continue
        if local == "sequenceFlow":
            src, tgt = el.get("sourceRef"), el.get("targetRef")
            if not (eid and src and tgt):
                g.issue("error", el, "a sequence flow needs id, sourceRef and targetRef")
                continue
            g.flows.append((eid, src, tgt))
            g.lines[eid] = el.sourceline
            continue
        if not eid:
            g.issue("error", el, "the element has no id, so flows cannot refer to it")
            continue
        g.lines[eid] = el.sourceline
        if local == "subProcess" and el.get("triggeredByEvent", "false").lower() == "true":
            _unsupported(g, el, "event sub-processes are not supported", "model the handling as an "
                         "exclusive path", ignore_unsupported, dropped)
        elif local == "subProcess":
            _read_subprocess(g, el, ignore_unsupported, dropped)
        elif local in _UNSUPPORTED:
            _unsupported(g, el, _UNSUPPORTED[local], _UNSUPPORTED_HINT[local], ignore_unsupported, dropped)
        elif local in _TASKS:
            if not _name(el):
                g.issue("warning", el, "the activity has no name, so it is a silent step that no log event "
                                       "matches")
            g.nodes[eid] = ("task", _name(el))
            _loop(g, el)
        elif local in ("startEvent", "endEvent"):
            if any(_local(d.tag) == "terminateEventDefinition" for d in el):
                g.issue("warning", el, "a terminate end event is read as a plain end event (other "
                                       "branches are not cancelled)")
            g.nodes[eid] = (local, _name(el))
        elif local in _INTERMEDIATE:
            if any(_local(d.tag) == "linkEventDefinition" for d in el):
                _unsupported(g, el, "link events are not supported", "draw the sequence flow directly",
                             ignore_unsupported, dropped)
                continue
            g.issue("warning", el, "the intermediate event is read as a silent step: log events are "
                                   "matched to activities (tasks) only")
            g.nodes[eid] = ("silent", _name(el))
        elif local in _GATEWAYS:
            if local == "eventBasedGateway":
                g.issue("warning", el, "the event-based gateway is read as an exclusive choice")
                local = "exclusiveGateway"
            elif local == "inclusiveGateway":
                g.issue("warning", el, "the inclusive gateway is read as: an OR-split starts any of its "
                                       "branches, an OR-join goes on once the branches that arrive are merged "
                                       "(docs/conformance.md)")
            g.nodes[eid] = (local, _name(el))
        else:
            _unsupported(g, el, f"<{local}> is not a BPMN element Sagsflow can translate", "remove it or "
                         "replace it with a task or gateway", ignore_unsupported, dropped)


def _unsupported(g: _Graph, el: Any, message: str, hint: str, ignore: bool, dropped: set[str]) -> None:
    if ignore:
        g.issue("warning", el, f"{message}; dropped with its outgoing flows (ignore_unsupported=True)")
        dropped.add(el.get("id") or "")
    else:
        g.issue("error", el, f"{message}; {hint}, or pass ignore_unsupported=True to drop it")


def _loop(g: _Graph, el: Any) -> None:
    """A loop or multi-instance marker: the activity may repeat (join before, split after, back edge)."""
    markers = [_local(c.tag) for c in el]
    if "standardLoopCharacteristics" not in markers and "multiInstanceLoopCharacteristics" not in markers:
        return
    g.issue("warning", el, "the loop/multi-instance marker is read as 'one or more times in sequence'")
    eid = el.get("id")
    g.nodes[f"{eid}__loop_in"] = ("exclusiveGateway", "")
    g.nodes[f"{eid}__loop_out"] = ("exclusiveGateway", "")
    g.flows += [(f"{eid}__loop_a", f"{eid}__loop_in", eid), (f"{eid}__loop_b", eid, f"{eid}__loop_out"),
                (f"{eid}__loop_back", f"{eid}__loop_out", f"{eid}__loop_in")]
    g.lines[f"{eid}__loop_in"] = g.lines[f"{eid}__loop_out"] = el.sourceline
    g.redirect_in[eid] = f"{eid}__loop_in"
    g.redirect_out[eid] = f"{eid}__loop_out"


def _read_subprocess(g: _Graph, el: Any, ignore_unsupported: bool, dropped: set[str]) -> None:
    """Flatten an embedded sub-process: entry -> its start events ... its end events -> exit."""
    eid = el.get("id")
    inner = _Graph(g.file)
    _read_container(inner, el, ignore_unsupported, dropped)
    inner_flows = _redirected(inner)
    g.issues += inner.issues
    g.lines.update(inner.lines)
    entry, exit_ = f"{eid}__entry", f"{eid}__exit"
    g.nodes[entry] = ("exclusiveGateway", "")
    g.nodes[exit_] = ("exclusiveGateway", "")
    g.lines[entry] = g.lines[exit_] = el.sourceline
    has_in = {t for _, _, t in inner_flows}
    has_out = {s for _, s, _ in inner_flows}
    starts = [n for n, (k, _) in inner.nodes.items() if k == "startEvent"] or \
        [n for n in inner.nodes if n not in has_in]
    ends = [n for n, (k, _) in inner.nodes.items() if k == "endEvent"] or \
        [n for n in inner.nodes if n not in has_out]
    for nid, (kind, name) in inner.nodes.items():
        g.nodes[nid] = ("silent", name) if kind in ("startEvent", "endEvent") else (kind, name)
    g.flows += inner_flows
    g.flows += [(f"{eid}__in_{s}", entry, s) for s in starts]
    g.flows += [(f"{eid}__out_{e}", e, exit_) for e in ends]
    g.redirect_in[eid] = entry
    g.redirect_out[eid] = exit_
    _loop_subprocess(g, el, entry, exit_)


def _loop_subprocess(g: _Graph, el: Any, entry: str, exit_: str) -> None:
    markers = [_local(c.tag) for c in el]
    if "standardLoopCharacteristics" in markers or "multiInstanceLoopCharacteristics" in markers:
        g.issue("warning", el, "the loop/multi-instance marker is read as 'one or more times in sequence'")
        g.flows.append((f"{el.get('id')}__loop_back", exit_, entry))


def _redirected(g: _Graph) -> list[tuple[str, str, str]]:
    """The flows of ``g`` with ends that point at a loop or sub-process moved to its entry/exit."""
    rin, rout = g.redirect_in, g.redirect_out
    internal = {f for f in g.flows if f[0].endswith(("__loop_a", "__loop_b", "__loop_back"))
                or "__in_" in f[0] or "__out_" in f[0]}
    out = []
    for f in g.flows:
        if f in internal:
            out.append(f)
            continue
        fid, s, t = f
        out.append((fid, rout.get(s, s), rin.get(t, t)))
    return out


def _to_pm4py(g: _Graph, flows: list[tuple[str, str, str]], dropped: set[str]) -> Any:
    from pm4py.objects.bpmn.obj import BPMN

    bpmn = BPMN()
    made: dict[str, Any] = {}
    for nid, (kind, name) in g.nodes.items():
        if kind == "task":
            node = BPMN.Task(id=nid, name=name)
        elif kind == "startEvent":
            node = BPMN.NormalStartEvent(id=nid, name=name)
        elif kind == "endEvent":
            node = BPMN.NormalEndEvent(id=nid, name=name)
        elif kind == "parallelGateway":
            node = BPMN.ParallelGateway(id=nid, name=name)
        else:  # exclusive gateway, or a silent step (an exclusive gateway with one way in and out)
            node = BPMN.ExclusiveGateway(id=nid, name=name)
        bpmn.add_node(node)
        made[nid] = node
    for fid, s, t in flows:
        if s in dropped or t in dropped:
            continue
        if s not in made or t not in made:
            missing = s if s not in made else t
            raise LogFormatError(
                f"sequence flow {fid!r} refers to {missing!r}, which is not a flow node of this process",
                location=Location(file=g.file, row=g.lines.get(fid)),
                hint="Export the model again from the modelling tool; the file may be cut or edited by hand.")
        bpmn.add_flow(BPMN.SequenceFlow(made[s], made[t], id=fid, name=""))
    return bpmn


#: an OR-split with at most this many branches is an exclusive choice between the 2^n - 1 sets of branches; a
#: wider one is a parallel split whose every branch may be skipped (fewer transitions, more interleavings)
_OR_SPLIT_SUBSETS = 6
#: an OR-join of at most this many branches is one silent join per set of branches; a wider one merges the
#: arriving tokens in a slot (:func:`_to_net`)
_OR_JOIN_SUBSETS = 5


def _inclusive(g: _Graph, flows: list[tuple[str, str, str]]
               ) -> tuple[list[tuple[str, str, str]], set[str], dict[str, list[str]]]:
    """Rewrite the inclusive gateways for :func:`_to_net` (``g.nodes`` changed in place). A gateway that both
    joins and splits becomes a join followed by a split. A join is drawn as an exclusive gateway (made an OR-join
    in :func:`_to_net`). A split with up to :data:`_OR_SPLIT_SUBSETS` branches becomes an exclusive choice of
    one set of branches (a parallel gateway per set of two or more, an exclusive merge before each branch); a
    wider one a parallel gateway whose branches :func:`_to_net` lets skip. Returns the flows, the ids of the
    OR-joins and the wide OR-splits' outgoing flow ids."""
    joins: set[str] = set()
    wide: dict[str, list[str]] = {}
    for nid, (kind, name) in list(g.nodes.items()):
        if kind != "inclusiveGateway":
            continue
        ins = [f for f in flows if f[2] == nid]
        outs = [f for f in flows if f[1] == nid]
        g.nodes[nid] = ("exclusiveGateway", name)
        if len(ins) >= 2:
            joins.add(nid)
        if len(outs) < 2:
            continue
        flows = [f for f in flows if f[1] != nid]  # the split's branches are drawn again below
        split = nid
        if len(ins) >= 2:  # join, then split
            split = f"{nid}__or_split"
            flows.append((f"{nid}__or_mid", nid, split))
        if len(outs) > _OR_SPLIT_SUBSETS:
            g.nodes[split] = ("parallelGateway", name)
            flows += [(fid, split, t) for fid, _, t in outs]
            wide[split] = [fid for fid, _, _ in outs]
            continue
        g.nodes[split] = ("exclusiveGateway", name)
        for i, (fid, _, target) in enumerate(outs):  # one merge before each branch
            g.nodes[f"{split}__or_m{i}"] = ("exclusiveGateway", "")
            flows.append((fid, f"{split}__or_m{i}", target))
        for mask in range(1, 2 ** len(outs)):
            chosen = [i for i in range(len(outs)) if mask >> i & 1]
            if len(chosen) == 1:
                flows.append((f"{split}__or_{mask}", split, f"{split}__or_m{chosen[0]}"))
                continue
            g.nodes[f"{split}__or_and{mask}"] = ("parallelGateway", "")
            flows.append((f"{split}__or_{mask}", split, f"{split}__or_and{mask}"))
            flows += [(f"{split}__or_{mask}_{i}", f"{split}__or_and{mask}", f"{split}__or_m{i}") for i in chosen]
    return flows, joins, wide


def _to_net(bpmn: Any, or_joins: set[str], or_splits: dict[str, list[str]]) -> tuple[Any, Any, Any]:
    """PM4Py's BPMN to Petri net translation, then the inclusive gateways (:func:`_inclusive`) made inclusive.

    PM4Py translates an inclusive join as a parallel join when the model has no inclusive split (Split Miner's
    models: their OR-joins waited for every branch, so most could not reach their end). Here an OR-join of up to
    :data:`_OR_JOIN_SUBSETS` branches is one silent join per set of branches (it goes on with the branches that
    hold a token); a wider one an exclusive join whose arriving tokens are merged: the first takes the join's
    one slot (a place marked at the start and end), later ones are absorbed into it, and the join fires once,
    freeing the slot. Either way a token that arrives after the join went on cannot reach the end, so no
    alignment uses that run. (The sets are many times faster to align: the merged tokens of the slot can be
    absorbed at any moment, which multiplies the orders an alignment search has to try.) A wide OR-split (more
    than :data:`_OR_SPLIT_SUBSETS` branches) is a parallel split whose every branch may be skipped (a silent
    transition that takes its token away); a narrower one was made an exclusive choice of sets of branches in
    :func:`_inclusive`.
    """
    from pm4py.objects.conversion.bpmn.variants import to_petri_net
    from pm4py.objects.petri_net.obj import PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import (
        add_arc_from_to,
        remove_arc,
        remove_place,
        remove_transition,
    )

    net, im, fm, flow_place, trans_map = to_petri_net.apply(
        bpmn, parameters={to_petri_net.Parameters.RETURN_FLOW_TRANS_MAP: True})
    places = {f.get_id(): p for f, p in flow_place.items()}
    for node, transitions in trans_map.items():
        nid = node.get_id()
        incoming = [p for f, p in flow_place.items() if f.get_target() is node] if nid in or_joins else []
        if nid in or_joins and len(incoming) <= _OR_JOIN_SUBSETS:
            # one silent join per set of arriving branches, in place of the joins' own steps into its entry
            entry = next(iter(transitions[0].in_arcs)).source
            for place in incoming:
                for arc in list(place.out_arcs):
                    remove_transition(net, arc.target)
            for mask in range(1, 2 ** len(incoming)):
                join = PetriNet.Transition(f"or_join_{nid}_{mask}")
                net.transitions.add(join)
                for i, place in enumerate(incoming):
                    if mask >> i & 1:
                        add_arc_from_to(place, join, net)
                add_arc_from_to(join, entry, net)
        elif nid in or_joins:
            first = transitions[0]  # the gateway's own transition: entry place -> exit place
            (entry_arc,), (exit_arc,) = list(first.in_arcs), list(first.out_arcs)
            entry, exit_ = entry_arc.source, exit_arc.target
            slot, held = PetriNet.Place(f"or_slot_{nid}"), PetriNet.Place(f"or_held_{nid}")
            absorb, fire = PetriNet.Transition(f"or_absorb_{nid}"), PetriNet.Transition(f"or_fire_{nid}")
            net.places.update((slot, held))
            net.transitions.update((absorb, fire))
            remove_arc(net, exit_arc)
            # first: entry + slot -> held; absorb: entry + held -> held; fire: held -> exit + slot
            for a, b in ((slot, first), (first, held), (entry, absorb), (held, absorb), (absorb, held),
                         (held, fire), (fire, exit_), (fire, slot)):
                add_arc_from_to(a, b, net)
            im[slot] = fm[slot] = 1
        for fid in or_splits.get(nid, ()):
            skip = PetriNet.Transition(f"or_skip_{fid}")
            net.transitions.add(skip)
            add_arc_from_to(places[fid], skip, net)
    reduce_silent_steps(net, im, fm)
    for place in list(net.places):
        if not place.in_arcs and not place.out_arcs and place not in im and place not in fm:
            remove_place(net, place)
    return net, im, fm


def read_bpmn(path: str | Path, *, process: str | None = None, ignore_unsupported: bool = False,
              soundness_steps: int = SOUNDNESS_STEPS) -> ReferenceModel:
    """Read a BPMN 2.0 XML file (bpmn.io, Camunda Modeler, Signavio, Apromore, ...) as a reference model.

    Parameters
    ----------
    path : str or Path
        The ``.bpmn`` (or ``.xml``) file.
    process : str, optional
        Id of the ``<process>`` to read when the file has several pools with their own process.
    ignore_unsupported : bool, default False
        Drop unsupported elements (boundary events, complex gateways, ...) with a warning instead of
        refusing the model.
    soundness_steps : int, default 20,000
        Search steps the soundness check may take (:func:`~sagsflow.conformance.model.check_sound`); a model
        whose end it could not reach in that many steps is refused (the same verdict on any machine).

    Returns
    -------
    ReferenceModel
        The accepting Petri net with ``issues`` (warnings about what was rewritten or ignored).

    Raises
    ------
    LogFormatError
        The file is not BPMN 2.0, or it has elements that cannot be translated (each named with id,
        name and line in the message).
    UnsafeInputError
        The XML declares a DOCTYPE or entities.

    Examples
    --------
    >>> model = read_bpmn("reference.bpmn")               # doctest: +SKIP
    >>> model.activities                                   # doctest: +SKIP
    frozenset({'Ansøgning modtaget', 'Første samtale', 'Afgørelse'})
    """
    file = str(path)
    root = parse_xml(read_model_bytes(path, "BPMN"), file)
    if _local(root.tag) != "definitions":
        raise LogFormatError(
            f"the root element is <{str(root.tag).rpartition('}')[2]}> in namespace "
            f"{str(root.tag)[1:].partition('}')[0] if str(root.tag).startswith('{') else '(none)'}, "
            f"but a BPMN 2.0 <definitions> in {MODEL_NS} was expected",
            location=Location(file=file, row=root.sourceline),
            hint="Export the model as BPMN 2.0 XML from the modelling tool (not as an image or a "
                 "tool-specific format).")
    issues: list[ModelIssue] = []
    for local, coll in _children(root):
        if local == "collaboration":
            for lc, el in _children(coll):
                if lc == "messageFlow":
                    issues.append(ModelIssue("warning", "messageFlow", el.get("id"), _name(el), el.sourceline,
                                             "message flows between pools are ignored: they do not order "
                                             "the steps of one process"))
    candidates = [p for p in _processes(root) if _has_flow_nodes(p)]
    if process is not None:
        chosen = [p for p in _processes(root) if p.get("id") == process]
        if not chosen:
            names = ", ".join(f"{p.get('id')!r}" for p in _processes(root)) or "none"
            raise LogFormatError(f"the file has no <process id={process!r}>; processes: {names}",
                                 location=Location(file=file), hint="Pass one of the listed ids as process=.")
        candidates = chosen
    if not candidates:
        raise LogFormatError("the file has no <process> with flow nodes (tasks, events, gateways)",
                             location=Location(file=file),
                             hint="Check that the diagram was saved with its process, not only as a picture.")
    if len(candidates) > 1:
        listed = "; ".join(f"id={p.get('id')!r} name={_name(p)!r} (line {p.sourceline})" for p in candidates)
        raise LogFormatError(
            f"the file has {len(candidates)} pools with their own process: {listed}",
            location=Location(file=file),
            hint="A log is checked against one process: pass process='<id>' to choose one.")
    g = _Graph(file)
    g.issues = issues
    dropped: set[str] = set()
    _read_container(g, candidates[0], ignore_unsupported, dropped)
    flows = _redirected(g)
    errors = [i for i in g.issues if i.severity == "error"]
    if errors:
        listed = "\n".join(f"  - {i}" for i in errors)
        raise LogFormatError(
            f"the BPMN model has {len(errors)} element(s) Sagsflow cannot translate into a Petri net:\n{listed}",
            location=Location(file=file, row=errors[0].line),
            hint="Change these elements in the modelling tool, or pass ignore_unsupported=True to drop them "
                 "(the model then allows less or other behaviour than drawn).")
    if not any(k == "startEvent" for k, _ in g.nodes.values()):
        raise LogFormatError("the process has no start event", location=Location(file=file),
                             hint="Add a start event before the first activity.")
    if not any(k == "endEvent" for k, _ in g.nodes.values()):
        raise LogFormatError("the process has no end event", location=Location(file=file),
                             hint="Add an end event after the last activity.")
    flows, or_joins, or_splits = _inclusive(g, flows)
    net, im, fm = _to_net(_to_pm4py(g, flows, dropped), or_joins, or_splits)
    model = ReferenceModel.from_net(net, im, fm, source=file, issues=tuple(g.issues))
    check_sound(model, steps=soundness_steps)
    return model
