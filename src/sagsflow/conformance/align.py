"""Alignments once per variant, in parallel, each with a time limit and a flagged fallback.

PM4Py's alignment (A* over the synchronous product with the state-equation heuristic, its default)
is CPU-bound Python, so threads do not help; a process pool of ``processes`` workers gets the net
once (when the worker starts) and then receives only activity sequences. Longer variants are sent first
so the pool does not wait for one long alignment at the end. The best-worst cost (the cost of the
empty trace, which PM4Py needs for fitness) is computed once, not once per worker.

Events of activities that the model does not have can only be log moves, so each variant is first
projected on the model's activities and each distinct projection is aligned once; the left-out
events are added back as log moves, with cost and fitness exactly as PM4Py computes them on the
whole trace. When the log holds many more activities than the model (a reference model of the main
steps, a log of every registration), this aligns far fewer and shorter traces.

Each alignment gets ``timeout`` seconds (PM4Py's ``max_align_time_trace``), and all of them
together at most ``time_budget`` seconds. When either runs out, the variant falls back to
token-based replay fitness (``method="token_replay"``; no move-level deviations), or with
``fallback=False`` is left without a result (``method="timeout"``), which is how PM4Py reports it.

A worker process can die under the alignment (the operating system's out-of-memory killer, a crash in
native code). Each worker holds one variant at a time, so the variant it held is known: it is aligned
again in a fresh worker, and if that worker dies too the variant gets ``method="lost"`` and no result,
while every other variant keeps its alignment (:func:`run_in_workers`).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import connection
from typing import TYPE_CHECKING, Any, Literal, cast

from sagsflow.errors import InvalidParameterError

if TYPE_CHECKING:
    from sagsflow.discovery.miner import PetriNetModel

Method = Literal["alignment", "token_replay", "timeout", "lost"]
#: move kinds: ``sync`` (log and model agree), ``log`` (unexpected step), ``model`` (skipped step)
MoveKind = Literal["sync", "log", "model"]


@dataclass(frozen=True)
class VariantAlignment:
    """The conformance of one activity sequence.

    Attributes
    ----------
    fitness : float or None
        PM4Py's trace fitness ``1 - cost / (best-worst cost + trace length)`` in move units, or the
        token-replay fitness for a fallback; None when the alignment timed out without fallback or
        was lost.
    cost : int or None
        Alignment cost in PM4Py's units (10000 per log or model move, 1 per silent step).
    bwc : int or None
        Best-worst cost plus trace cost, the denominator of the fitness (PM4Py's ``bwc``).
    method : {"alignment", "token_replay", "timeout", "lost"}
        ``lost``: every worker process that tried to align this variant died (see :func:`run_in_workers`).
    moves : tuple of (kind, activity)
        The visible moves of the alignment in order (silent model steps left out); empty for a
        fallback.
    seconds : float
        Time spent on this variant (variants with the same projection on the model's activities
        share one alignment and its time).
    """

    fitness: float | None
    cost: int | None
    bwc: int | None
    method: Method
    moves: tuple[tuple[MoveKind, str], ...]
    seconds: float

    @property
    def n_log_moves(self) -> int:
        return sum(1 for k, _ in self.moves if k == "log")

    @property
    def n_model_moves(self) -> int:
        return sum(1 for k, _ in self.moves if k == "model")


_log = logging.getLogger(__name__)

# the worker's state (model, limits), set once per worker process by the pool's initializer
_WORKER: dict[str, Any] = {}

#: fault injection for tests: when set (in the parent process), every worker calls it with each task
#: before running it, e.g. to kill its own process. None in production.
_worker_hook: Callable[[Any], None] | None = None


def _init_worker(state: dict[str, Any]) -> None:
    _WORKER.clear()
    _WORKER.update(state)
    flat = _WORKER.pop("flat_net", None)
    if flat is not None:
        _WORKER["net"], _WORKER["im"], _WORKER["fm"] = net_from_flat(flat)


def flat_net(net: Any, im: Any, fm: Any) -> tuple[Any, ...]:
    """A Petri net and its markings as plain tuples (names, labels, properties, weights) for another process.

    PM4Py's net is a graph of objects pointing at each other (place -> arc -> transition -> arc -> ...), and
    pickling it recurses along its longest path: a Split Miner model of PermitLog passed Python's recursion limit.
    :func:`net_from_flat` builds the same net back.

    Examples
    --------
    >>> from pm4py.objects.petri_net.obj import PetriNet, Marking
    >>> from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to
    >>> net = PetriNet("n"); p, q = PetriNet.Place("p"), PetriNet.Place("q"); t = PetriNet.Transition("t", "A")
    >>> net.places.update({p, q}); net.transitions.add(t)
    >>> _ = add_arc_from_to(p, t, net); _ = add_arc_from_to(t, q, net)
    >>> net2, im2, fm2 = net_from_flat(flat_net(net, Marking({p: 1}), Marking({q: 1})))
    >>> sorted(x.name for x in net2.places), [(x.name, x.label) for x in net2.transitions], dict(fm2)
    (['p', 'q'], [('t', 'A')], {q: 1})
    """
    places, transitions = list(net.places), list(net.transitions)
    index = {id(x): ("p", i) for i, x in enumerate(places)} | {id(x): ("t", i) for i, x in enumerate(transitions)}
    arcs = [(index[id(a.source)], index[id(a.target)], a.weight, dict(a.properties)) for a in net.arcs]
    return (net.name, [(x.name, dict(x.properties)) for x in places],
            [(x.name, x.label, dict(x.properties)) for x in transitions], arcs,
            [(index[id(x)][1], n) for x, n in im.items()], [(index[id(x)][1], n) for x, n in fm.items()])


def net_from_flat(flat: tuple[Any, ...]) -> tuple[Any, Any, Any]:
    """``(net, im, fm)`` from :func:`flat_net`."""
    from pm4py.objects.petri_net.obj import Marking, PetriNet

    name, places, transitions, arcs, im, fm = flat
    net = PetriNet(name)
    nodes: dict[str, list[Any]] = {"p": [], "t": []}
    for pname, props in places:
        nodes["p"].append(PetriNet.Place(pname, properties=props))
    for tname, label, props in transitions:
        nodes["t"].append(PetriNet.Transition(tname, label, properties=props))
    net.places.update(nodes["p"])
    net.transitions.update(nodes["t"])
    for (sk, si), (tk, ti), weight, props in arcs:
        source, target = nodes[sk][si], nodes[tk][ti]
        arc = PetriNet.Arc(source, target, weight, properties=props)
        net.arcs.add(arc)
        source.out_arcs.add(arc)
        target.in_arcs.add(arc)
    return (net, Marking({nodes["p"][i]: n for i, n in im}), Marking({nodes["p"][i]: n for i, n in fm}))


def _worker_main(conn: Any, fn: Callable[[Any], Any], state: dict[str, Any]) -> None:
    """A worker process: take ``(position, task)`` from ``conn``, send back ``(position, ok, result)``;
    None or a closed pipe stops it."""
    _init_worker(state)
    hook = state.get("hook")
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        i, task = msg
        try:
            if hook is not None:
                hook(task)
            out: tuple[int, bool, Any] = (i, True, fn(task))
        except Exception as exc:
            text = "".join(traceback.format_exception(exc))
            try:
                pickle.dumps(exc)
            except Exception:
                exc = WorkerError(text)
            out = (i, False, (exc, text))
        conn.send(out)


class WorkerError(RuntimeError):
    """A task raised an exception inside a worker process (the worker's traceback is the message)."""


def run_in_workers(fn: Callable[[Any], Any], tasks: Sequence[Any], *, processes: int, state: dict[str, Any],
                   attempts: int = 2, progress: Callable[[int, int], None] | None = None
                   ) -> tuple[list[Any], list[int]]:
    """``[fn(task) for task in tasks]`` in up to ``processes`` worker processes, any of which may die.

    Each worker gets ``state`` once (``fn``, a module-level function, reads it as ``_WORKER``) and then one
    task at a time, so when a worker dies the parent knows the one task it held: that task goes back to
    the queue for a fresh worker, and after ``attempts`` deaths it is given up as lost. The other tasks
    and workers carry on. Tasks are handed out in the order given. ``processes=1`` runs the tasks in this
    process (nothing to lose). ``progress(finished, total)``, if given, is called before the first task
    and after each task finished or given up.

    Returns
    -------
    results : list
        One per task, in order; None for a lost task.
    lost : list of int
        Positions of the tasks whose every worker died.

    Raises
    ------
    Exception
        The exception a task raised in its worker (not a lost worker: the same input would fail again),
        chained to a :class:`WorkerError` holding the worker's traceback.
    """
    if not tasks:
        return [], []
    tell = progress or (lambda i, n: None)
    finished = 0
    tell(0, len(tasks))
    if processes == 1:
        _init_worker(state)
        try:
            out = []
            for t in tasks:
                out.append(fn(t))
                tell(len(out), len(tasks))
            return out, []
        finally:
            _WORKER.clear()
    ctx = _context()
    state = {**state, "hook": _worker_hook}
    if "net" in state:  # the net travels as plain tuples (see flat_net), built again once in each worker
        state["flat_net"] = flat_net(state.pop("net"), state.pop("im"), state.pop("fm"))
    results: list[Any] = [None] * len(tasks)
    deaths = [0] * len(tasks)
    queue = deque(range(len(tasks)))
    lost: list[int] = []
    idle: list[tuple[Any, Any]] = []
    busy: dict[Any, tuple[Any, int]] = {}  # pipe -> (process, task position)

    def start() -> tuple[Any, Any]:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(child, fn, state), daemon=True,
                           name="sagsflow-align")
        proc.start()
        child.close()
        return parent, proc

    def died(conn: Any, proc: Any, i: int) -> None:
        nonlocal finished
        conn.close()
        proc.join()
        deaths[i] += 1
        again = deaths[i] < attempts
        (queue.appendleft if again else lost.append)(i)
        if not again:
            finished += 1
            tell(finished, len(tasks))
        _log.warning("an alignment worker process died (exit code %s) on task %d of %d: %s", proc.exitcode,
                     i + 1, len(tasks), "run again in a fresh worker" if again else "lost")

    try:
        while queue or busy:
            while queue and (idle or len(idle) + len(busy) < processes):
                conn, proc = idle.pop() if idle else start()
                i = queue.popleft()
                try:
                    conn.send((i, tasks[i]))
                except OSError:  # it died before it got the task: still counted, so a pool that cannot start ends
                    died(conn, proc, i)
                    continue
                busy[conn] = (proc, i)
            if not busy:
                continue
            sentinels = {proc.sentinel: conn for conn, (proc, _) in busy.items()}
            for ready in connection.wait([*busy, *sentinels]):
                conn = sentinels.get(ready, ready)
                if conn not in busy:
                    continue  # handled through its pipe in this round
                proc, i = busy.pop(conn)
                msg, eof = None, False
                try:
                    if conn.poll():  # a result sent just before the worker died still counts
                        msg = conn.recv()
                except (EOFError, OSError):
                    eof = True
                if msg is not None:
                    idle.append((conn, proc))
                    _, ok, value = msg
                    if not ok:
                        exc, text = value
                        raise exc from WorkerError(f"in the worker, on task {i + 1} of {len(tasks)}:\n{text}")
                    results[i] = value
                    finished += 1
                    tell(finished, len(tasks))
                    continue
                if not eof and ready is conn and proc.is_alive():  # nothing to read after all: wait on
                    busy[conn] = (proc, i)
                    continue
                died(conn, proc, i)  # its pipe is closed or its sentinel fired: it has exited
    finally:
        for conn, proc in [*idle, *((c, p) for c, (p, _) in busy.items())]:
            with contextlib.suppress(OSError):
                conn.send(None)
            conn.close()
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
    return results, sorted(lost)


def _trace(acts: Sequence[str]) -> Any:
    from pm4py.objects.log.obj import Event, Trace

    return Trace([Event({"concept:name": a}) for a in acts])


#: seconds PM4Py's Dijkstra search gets on a trace before the A* search with the state equation takes over
QUICK_SEARCH_SECONDS = 0.25


def optimal_alignment(acts: Sequence[str], net: Any, im: Any, fm: Any, *, timeout: float, bwc: int | None = None,
                      a_star_costs: bool = True, stats: dict[str, int] | None = None,
                      extra: dict[Any, Any] | None = None) -> dict[str, Any] | None:
    """One optimal alignment of ``acts`` (PM4Py's result dictionary), or None when none was found in ``timeout`` s.

    Two exact searches of PM4Py, one after the other: the Dijkstra search (cheap per state, best when the
    trace's deviations are few) for :data:`QUICK_SEARCH_SECONDS`, then the A* search with the state-equation
    heuristic (costly per state, far fewer states when the deviations are many) for the rest of ``timeout``.
    Both find the fewest deviations, so which one finished changes no fitness. ``bwc`` is the model's best-worst
    cost (:func:`best_worst_cost`; PM4Py computes it again for every trace when it is not given); ``extra`` holds
    further PM4Py parameters. With ``a_star_costs`` (the default) the Dijkstra search also counts every silent
    step as A* does (cost 1), so the returned ``cost`` is A*'s, as PM4Py's log fitness (which counts silent steps)
    needs; without it, it uses PM4Py's own Dijkstra costs
    (some silent steps free: about twice as fast on Sepsis' Split Miner model, 40 against 81 CPU s for its 846
    variants) and ``cost // 10000`` is still the number of deviations. ``stats`` (a dictionary kept by the caller
    for one model, e.g. in a worker's state) counts the Dijkstra tries and successes; after 8 tries of which
    fewer than a quarter succeeded, the Dijkstra search is skipped for that model (on Helpdesk's model with its
    OR gateways kept it finished none of the 200 most frequent variants in 0.25 s). Measured on 2 cores:
    on Sepsis' Split Miner model (all 846 variants) Dijkstra needed 40 CPU s (81 with A*'s costs) where A*
    needed 83; on Helpdesk's model with its OR gateways kept A* needed 70 CPU s for the 100 most frequent
    variants where Dijkstra needed 469.
    """
    from pm4py.algo.conformance.alignments.petri_net import algorithm as ali

    trace = _trace(acts)
    start = time.perf_counter()
    searches: list[tuple[Any, float | None]] = [(ali.Variants.VERSION_STATE_EQUATION_A_STAR, None)]
    tries, wins = (stats or {}).get("tries", 0), (stats or {}).get("wins", 0)
    if tries < 8 or 4 * wins >= tries:
        searches.insert(0, (ali.Variants.VERSION_DIJKSTRA_LESS_MEMORY, min(QUICK_SEARCH_SECONDS, timeout)))
    for variant, limit in searches:
        left = timeout - (time.perf_counter() - start)
        if left <= 0:
            return None
        # the trace's move costs given explicitly: PM4Py's fitness (apply_trace) reads them from the parameters,
        # where only the A* search puts them
        params: dict[Any, Any] = {ali.Parameters.PARAM_MAX_ALIGN_TIME_TRACE: left if limit is None else limit,
                                  ali.Parameters.SHOW_PROGRESS_BAR: False,
                                  ali.Parameters.PARAM_TRACE_COST_FUNCTION: [_MOVE_COST] * len(trace),
                                  **(extra or {})}
        if bwc is not None:
            params[ali.Parameters.BEST_WORST_COST_INTERNAL] = bwc
        if limit is not None and a_star_costs:
            # A*'s costs for the Dijkstra search too: a log or model move 10000, a silent step 1 (PM4Py's Dijkstra
            # makes some silent steps free), so both give one cost and PM4Py's log fitness (counting them) agrees
            params[ali.Parameters.PARAM_MODEL_COST_FUNCTION] = {
                t: _MOVE_COST if t.label is not None else 1 for t in net.transitions}
        res = ali.apply_trace(trace, net, im, fm, parameters=params, variant=variant)
        if limit is not None and stats is not None:
            stats["tries"] = stats.get("tries", 0) + 1
            stats["wins"] = stats.get("wins", 0) + (res is not None)
        if res is not None:
            return cast(dict[str, Any], res)
    return None


def _align_one(task: tuple[tuple[str, ...], list[tuple[str, ...]]]) -> list[VariantAlignment]:
    """Align one projected trace, then give each original trace its result (removed events as log moves)."""

    projected, originals = task
    w = _WORKER
    start = time.perf_counter()
    left = w["deadline"] - time.time()  # the time budget of the whole run, shared by the workers
    res = None
    if left > 0:
        res = optimal_alignment(projected, w["net"], w["im"], w["fm"], timeout=min(w["timeout"], left), bwc=w["bwc"],
                                stats=w.setdefault("search_stats", {}))
    if res is not None:
        moves: list[tuple[MoveKind, str]] = []
        for log_label, model_label in res["alignment"]:
            if log_label == ">>":
                if model_label is not None and model_label != ">>":
                    moves.append(("model", model_label))
            elif model_label == ">>":
                moves.append(("log", log_label))
            else:
                moves.append(("sync", log_label))
        seconds = (time.perf_counter() - start) / len(originals)
        return [_expand(acts, projected, moves, int(res["cost"]), int(res["bwc"]), seconds) for acts in originals]
    out = []
    for acts in originals:
        if not w["fallback"]:
            out.append(VariantAlignment(None, None, None, "timeout", (), time.perf_counter() - start))
            continue
        from pm4py.algo.conformance.tokenreplay import algorithm as token_replay
        from pm4py.objects.log.obj import EventLog

        replay = token_replay.apply(EventLog([_trace(acts)]), w["net"], w["im"], w["fm"],
                                    parameters={"show_progress_bar": False})
        out.append(VariantAlignment(float(replay[0]["trace_fitness"]), None, None, "token_replay", (),
                                    time.perf_counter() - start))
        start = time.perf_counter()
    return out


_MOVE_COST = 10000  # PM4Py's cost of a log or model move (align_utils.STD_MODEL_LOG_MOVE_COST)


def _expand(acts: tuple[str, ...], projected: tuple[str, ...], moves: list[tuple[MoveKind, str]], cost: int,
            bwc: int, seconds: float) -> VariantAlignment:
    """The alignment of ``acts`` from the alignment of its projection on the model's activities.

    An event whose activity the model does not have can only be a log move, wherever it is placed, so
    the optimal alignment of the whole trace is the projection's plus one log move per such event:
    cost and best-worst cost (which counts every event) grow by one move each, and the fitness is
    PM4Py's formula on those.
    """
    k = len(acts) - len(projected)
    if k:
        cost += k * _MOVE_COST
        bwc += k * _MOVE_COST
        merged: list[tuple[MoveKind, str]] = []
        it = iter(moves)
        keep = set(projected)
        for a in acts:
            if a not in keep:
                merged.append(("log", a))
                continue
            for move in it:  # up to and including the move that consumes this event
                merged.append(move)
                if move[0] != "model":
                    break
        merged.extend(it)
        moves = merged
    den = bwc // _MOVE_COST
    fitness = 1 - (cost // _MOVE_COST) / den if den > 0 else 0.0
    return VariantAlignment(float(fitness), cost, bwc, "alignment", tuple(moves), seconds)


def best_worst_cost(model: PetriNetModel) -> int | None:
    """PM4Py's best-worst cost of the net (cost of aligning the empty trace), computed once."""
    from pm4py.algo.conformance.alignments.petri_net.variants import state_equation_a_star

    return state_equation_a_star.get_best_worst_cost(*model.to_pm4py(), parameters={})


def _context() -> Any:
    """Workers start from a fork server (a clean process with PM4Py imported), not by forking this
    process: a fork copies BLAS and DuckDB thread state, and a child of a process that already ran
    PM4Py's LP solver can die."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["sagsflow.conformance._preload"])
    return ctx


def align_variants(model: PetriNetModel, traces: Sequence[tuple[str, ...]], *, timeout: float = 10.0,
                   time_budget: float | None = None, processes: int | None = None,
                   fallback: bool = True, progress: Callable[[int, int], None] | None = None
                   ) -> list[VariantAlignment]:
    """Align each activity sequence against ``model`` once; results in the order of ``traces``.

    Parameters
    ----------
    model : PetriNetModel
    traces : sequence of tuple of str
        Distinct activity sequences (one per variant).
    timeout : float, default 10.0
        Seconds allowed for one alignment.
    time_budget : float, optional
        Seconds allowed for all alignments together; variants not aligned when it is spent get the
        fallback at once. Default: no limit beyond ``timeout`` per variant.
    processes : int, optional
        Worker processes; default: the CPUs this process may use. 1 aligns in this process.
    fallback : bool, default True
        On a timeout, compute token-replay fitness instead (``method="token_replay"``); otherwise the
        variant gets ``method="timeout"`` and no fitness.
    progress : callable, optional
        ``progress(done, total)`` after each distinct sequence aligned (``total``: sequences to align).

    Returns
    -------
    list of VariantAlignment
        A variant whose worker process died is aligned again in a fresh worker; one that no worker
        survived gets ``method="lost"`` and no fitness.

    Examples
    --------
    >>> [a.fitness for a in align_variants(model, [("A", "B"), ("A",)], processes=1)]  # doctest: +SKIP
    [1.0, 0.6666666666666667]
    """
    if processes is None:
        processes = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise InvalidParameterError(f"'processes' must be an integer >= 1. Got {processes!r} instead.",
                                    field="processes")
    if not (isinstance(timeout, int | float) and timeout > 0):
        raise InvalidParameterError(
            f"'timeout' must be a positive number of seconds per alignment. Got {timeout!r} instead.",
            field="timeout")
    if time_budget is not None and not (isinstance(time_budget, int | float) and time_budget > 0):
        raise InvalidParameterError(
            f"'time_budget' must be a positive number of seconds. Got {time_budget!r} instead.",
            field="time_budget")
    traces = [tuple(t) for t in traces]
    if not traces:
        return []
    net, im, fm = model.to_pm4py()
    # events of activities the model does not have are always log moves: align each distinct
    # projection on the model's activities once, and add them back (see _expand)
    labels = {t.label for t in net.transitions if t.label is not None}
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, t in enumerate(traces):
        groups.setdefault(tuple(a for a in t if a in labels), []).append(i)
    # with no time budget, longest first: the pool ends with short alignments instead of waiting for one long one.
    # With a budget, in the order given (a log's variants come most frequent first): the budget goes to the
    # sequences most cases follow. Longest first spent it on the hardest ones: on the Split Miner models of
    # BPIC12 and PermitLog no variant was aligned before the budget ran out, and every case fell back.
    tasks = [(p, [traces[i] for i in idx]) for p, idx in groups.items()]
    if time_budget is None:
        tasks.sort(key=lambda task: -len(task[0]))
    positions = [groups[p] for p, _ in tasks]
    deadline = time.time() + (time_budget if time_budget is not None else 10.0 ** 9)
    state = dict(net=net, im=im, fm=fm, bwc=best_worst_cost(model), timeout=float(timeout), fallback=fallback,
                 deadline=deadline)
    done, lost = run_in_workers(_align_one, tasks, processes=1 if len(tasks) == 1 else processes, state=state,
                                progress=progress)
    for k in lost:
        done[k] = [VariantAlignment(None, None, None, "lost", (), 0.0) for _ in tasks[k][1]]
    results: list[VariantAlignment | None] = [None] * len(traces)
    for idx, res in zip(positions, done, strict=True):
        for i, r in zip(idx, res, strict=True):
            results[i] = r
    return [r for r in results if r is not None]
