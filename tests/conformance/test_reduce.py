"""The linear-time silent-step reduction and the quick search for a run to the end, against PM4Py's own."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pm4py = pytest.importorskip("pm4py")

from pm4py.objects.process_tree.obj import Operator, ProcessTree  # noqa: E402

from sagsflow.conformance import read_bpmn  # noqa: E402
from sagsflow.conformance.reduce import reduce_silent_steps  # noqa: E402
from sagsflow.conformance.witness import find_run_to_end  # noqa: E402

_OPS = (Operator.SEQUENCE, Operator.XOR, Operator.PARALLEL, Operator.LOOP)


def _tree(draw: st.DrawFn, depth: int, names: list[str]) -> ProcessTree:
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        if draw(st.integers(0, 5)) == 0:
            return ProcessTree(label=None)  # a silent step
        return ProcessTree(label=names.pop())
    op = draw(st.sampled_from(_OPS))
    n = 2 if op is Operator.LOOP else draw(st.integers(2, 3))
    node = ProcessTree(operator=op)
    for _ in range(n):
        child = _tree(draw, depth - 1, names)
        child.parent = node
        node.children.append(child)
    return node


@st.composite
def trees(draw: st.DrawFn) -> ProcessTree:
    return _tree(draw, 3, [f"A{i}" for i in range(30)])


def _language(net, im, fm, length: int = 5) -> set[tuple[str, ...]]:
    """Every activity sequence of at most ``length`` steps with which a run of the net ends in ``fm``."""
    from pm4py.objects.petri_net import semantics

    start = (frozenset(im.items()), ())
    seen, queue, found = {start}, deque([(im, ())]), set()
    while queue:
        marking, seq = queue.popleft()
        if marking == fm:
            found.add(seq)
        for t in semantics.enabled_transitions(net, marking):
            nxt_seq = seq if t.label is None else (*seq, t.label)
            if len(nxt_seq) > length:
                continue
            nxt = semantics.execute(t, net, marking)
            key = (frozenset(nxt.items()), nxt_seq)
            if key not in seen:
                seen.add(key)
                queue.append((nxt, nxt_seq))
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees())
def test_the_linear_reduction_keeps_every_run_and_removes_as_many_steps_as_pm4pys(tree, tmp_path_factory):
    # the BPMN reader used PM4Py's apply_simple_reduction, which restarts its scan after every merge: 16-24 s of
    # reading Split Miner's BPIC15 models. The replacement must give a net with the same runs, and as small
    from pm4py.objects.conversion.bpmn.variants import to_petri_net
    from pm4py.objects.petri_net.utils import reduction

    path = tmp_path_factory.mktemp("bpmn") / "model.bpmn"
    bpmn = pm4py.convert_to_bpmn(tree)
    pm4py.write_bpmn(bpmn, str(path), auto_layout=False)
    ours = read_bpmn(path).to_pm4py()
    theirs = to_petri_net.apply(pm4py.read_bpmn(str(path)))
    reduction.apply_simple_reduction(theirs[0])
    assert _language(*ours) == _language(*theirs)
    assert len(ours[0].transitions) == len(theirs[0].transitions)
    assert len(ours[0].places) <= len(theirs[0].places)


def test_the_reduction_never_merges_away_a_place_marked_at_the_start_or_the_end():
    # PM4Py's reduction does not look at the markings: a marked place with one producer and one consumer (a
    # loop back to the start) was removed, and the net lost its start
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    net = PetriNet()
    start, mid, end = (PetriNet.Place(n) for n in ("start", "mid", "end"))
    a, back, tau = PetriNet.Transition("a", "a"), PetriNet.Transition("back"), PetriNet.Transition("tau")
    net.places.update((start, mid, end))
    net.transitions.update((a, back, tau))
    for x, y in ((start, a), (a, mid), (mid, back), (back, start), (mid, tau), (tau, end)):
        add_arc_from_to(x, y, net)
    im, fm = Marking({start: 1}), Marking({end: 1})
    reduce_silent_steps(net, im, fm)
    assert start in net.places and end in net.places
    assert _language(net, im, fm, 3) == {("a",), ("a", "a"), ("a", "a", "a")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees())
def test_the_quick_search_finds_the_end_of_every_process_tree_net_and_proves_a_blocked_one_unreachable(tree):
    # a run to the end exists in every net of a process tree; the quick search must find it, and must not find
    # one once the end can no longer be reached
    from pm4py.objects.petri_net.obj import PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    net, im, fm = pm4py.convert_to_petri_net(tree)
    assert find_run_to_end(net, im, fm) is True
    # a place no transition ever marks, needed by every transition into the end: no run reaches it any more
    never = PetriNet.Place("never")
    net.places.add(never)
    for arc in list(next(iter(fm)).in_arcs):
        add_arc_from_to(never, arc.source, net)
    assert find_run_to_end(net, im, fm) is False


def _parallel_net(branches: int):
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    net = PetriNet()
    source, sink = PetriNet.Place("source"), PetriNet.Place("sink")
    split, join = PetriNet.Transition("split"), PetriNet.Transition("join")
    net.places.update((source, sink))
    net.transitions.update((split, join))
    add_arc_from_to(source, split, net)
    add_arc_from_to(join, sink, net)
    for b in range(branches):
        before, after, step = PetriNet.Place(f"b{b}"), PetriNet.Place(f"a{b}"), PetriNet.Transition(f"t{b}", f"A{b}")
        net.places.update((before, after))
        net.transitions.add(step)
        for x, y in ((split, before), (before, step), (step, after), (after, join)):
            add_arc_from_to(x, y, net)
    return net, Marking({source: 1}), Marking({sink: 1})


def test_a_hostile_model_with_thousands_of_parallel_branches_cannot_hold_the_quick_search():
    # every step of a 4,000-branch model writes 4,000 markings of 4,000 places: the search stops on its work
    # bound after a few steps, undecided, and leaves the question to the A* search (with its own limits)
    from sagsflow.conformance.witness import WITNESS_WORK, search_run_to_end

    found = search_run_to_end(*_parallel_net(4000))
    assert found.found is None and found.steps < 10
    assert WITNESS_WORK < 4000 * 4000 * 10


def test_the_quick_search_finds_the_end_of_a_wide_parallel_model_at_once():
    # 40 parallel branches have 2 ** 40 markings between start and end: the search walks straight through them
    assert find_run_to_end(*_parallel_net(40), steps=100) is True


def test_an_unbounded_model_is_refused_as_such_without_the_long_search(monkeypatch):
    # Split Miner's BPIC15 models with their OR gateways replaced pile up tokens (14,000 after 20,000 random
    # steps): the A* search then spent its 120 s safety limit and said "state space too large". The quick
    # search sees a run that repeats with more tokens, and the refusal says what is wrong at once
    from pm4py.algo.conformance.alignments.petri_net.variants import state_equation_a_star as astar
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    from sagsflow.conformance.model import ReferenceModel, check_sound
    from sagsflow.conformance.witness import search_run_to_end
    from sagsflow.errors import LogFormatError

    net = PetriNet()
    start, mid, spare, sink = (PetriNet.Place(n) for n in ("start", "mid", "spare", "sink"))
    a, again, finish = (PetriNet.Transition("a", "a"), PetriNet.Transition("again"),
                        PetriNet.Transition("finish", "f"))
    net.places.update((start, mid, spare, sink))
    net.transitions.update((a, again, finish))
    for x, y in ((start, a), (a, mid), (a, spare), (mid, again), (again, start), (mid, finish), (finish, sink)):
        add_arc_from_to(x, y, net)
    im, fm = Marking({start: 1}), Marking({sink: 1})
    found = search_run_to_end(net, im, fm, steps=2000)
    assert found.found is None and found.unbounded

    def no_long_search(*args, **kwargs):
        raise AssertionError("the A* search ran")

    monkeypatch.setattr(astar, "apply", no_long_search)
    with pytest.raises(LogFormatError, match="the model is unbounded") as exc:
        check_sound(ReferenceModel.from_net(net, im, fm, source="spare.pnml"))
    assert "Join every parallel split inside a loop" in (exc.value.hint or "")
    # a bounded model with a loop is never called unbounded
    loop = ProcessTree(operator=Operator.LOOP)
    for label in ("a", "b"):
        loop.children.append(ProcessTree(label=label, parent=loop))
    bounded = search_run_to_end(*pm4py.convert_to_petri_net(loop))
    assert bounded.found is True and not bounded.unbounded
