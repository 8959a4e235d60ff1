"""A quick search for one run of a Petri net from its start to its end, before the soundness check's A* search.

The soundness check (:func:`~sagsflow.conformance.model.reaches_end`) asks whether some run of the net ends in
exactly its final marking. PM4Py's A* search answers that with a linear program per step, which on Split Miner's
models of the BPIC15 logs (1,400-1,600 transitions, most of them silent) did not decide within 120 s. One run is
enough to say yes, and a greedy best-first search usually finds one in a few dozen steps: it expands first the
marking whose tokens are closest to the end (the sum over tokens of the number of places to the final marking,
with every token beyond the final marking's count costing as much as a long way), and it never visits a marking
twice. On the BPIC15_1 and BPIC15_5 models with their OR gateways kept it found a run in 7 and 41 steps.

When it exhausts the markings the net can reach without finding the end, that proves the opposite (the net can
never end properly). When it runs out of steps it decides nothing, and the A* search goes on. Its step budget
counts expanded markings and its order is fixed (places and transitions by name), so the verdict does not depend
on the machine or on how busy it is.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pm4py.objects.petri_net.obj import Marking, PetriNet

__all__ = ["WITNESS_STEPS", "WITNESS_WORK", "RunSearch", "find_run_to_end", "search_run_to_end"]

#: Markings the search may expand before it gives the question to the A* search (about 1-5 s on the largest
#: Split Miner models of the public logs when no run is found; a run, when found, took at most 41).
WITNESS_STEPS = 50_000

#: A bound on the work of the quick search besides its steps: the places it may write into new markings (and, in
#: its random runs, the transitions it may look at). A model with thousands of parallel branches makes every step
#: huge (a marking of thousands of places per successor, thousands of successors); the search then gives up
#: after a few steps instead of holding a server thread (the random runs have half as much again of their own).
#: The largest Split Miner models of the public logs finish their 50,000 steps within it.
WITNESS_WORK = 10_000_000


@dataclass(frozen=True)
class RunSearch:
    """What :func:`search_run_to_end` found: ``found`` True (a run ends in the final marking), False (no reachable
    marking is the final one) or None (not decided within the steps); ``unbounded`` True when a run was seen that
    can repeat with more tokens each time (a reachable marking strictly covers an earlier one on its own run), so
    the net has infinitely many markings and no search through them can prove that the end is unreachable."""

    found: bool | None
    unbounded: bool
    steps: int


def find_run_to_end(net: PetriNet, im: Marking, fm: Marking, *, steps: int = WITNESS_STEPS) -> bool | None:
    """True when some run of ``net`` from ``im`` ends in exactly ``fm``, False when no reachable marking is
    ``fm`` (every one was visited), None when ``steps`` expanded markings decided neither.

    Examples
    --------
    >>> from sagsflow.discovery import InductiveMiner
    >>> net, im, fm = InductiveMiner().fit_variants({("a", "b"): 2, ("b",): 1}).petri_net_.to_pm4py()
    >>> find_run_to_end(net, im, fm)
    True
    """
    return search_run_to_end(net, im, fm, steps=steps).found


def search_run_to_end(net: PetriNet, im: Marking, fm: Marking, *, steps: int = WITNESS_STEPS) -> RunSearch:
    """:func:`find_run_to_end`, also saying whether the net was seen to be unbounded (:class:`RunSearch`)."""
    places = sorted(net.places, key=lambda p: str(p.name))
    index = {p: i for i, p in enumerate(places)}
    transitions = sorted(net.transitions, key=lambda t: str(t.name))
    pre = [tuple((index[a.source], int(a.weight)) for a in t.in_arcs) for t in transitions]
    post = [tuple((index[a.target], int(a.weight)) for a in t.out_arcs) for t in transitions]
    consumers: list[list[int]] = [[] for _ in places]
    for k, arcs in enumerate(pre):
        for p, _ in arcs:
            consumers[p].append(k)
    distance = _distance_to_end(places, pre, post, {index[p] for p in fm})
    goal = tuple(sorted((index[p], int(c)) for p, c in fm.items() if c))
    wanted = dict(goal)
    far = len(places) + 1

    def cost(marking: tuple[tuple[int, int], ...]) -> int:
        return sum(distance[p] * c + far * max(0, c - wanted.get(p, c)) for p, c in marking)  # distance <= far

    Key = tuple[tuple[int, int], ...]
    start: Key = tuple(sorted((index[p], int(c)) for p, c in im.items() if c))
    order = itertools.count()
    heap = [(cost(start), next(order), start)]
    parent: dict[Key, Key | None] = {start: None}
    most, unbounded = sum(c for _, c in start), False
    work = WITNESS_WORK
    for step in range(max(0, int(steps))):
        if not heap:
            return RunSearch(False, unbounded, step)
        if work <= 0:
            return RunSearch(None, unbounded, step)
        _, _, marking = heapq.heappop(heap)
        if marking == goal:
            return RunSearch(True, unbounded, step)
        tokens = dict(marking)
        for k in sorted({k for p in tokens for k in consumers[p]}):
            if all(tokens.get(p, 0) >= w for p, w in pre[k]):
                nxt = dict(tokens)
                for p, w in pre[k]:
                    nxt[p] -= w
                    if not nxt[p]:
                        del nxt[p]
                for p, w in post[k]:
                    nxt[p] = nxt.get(p, 0) + w
                key = tuple(sorted(nxt.items()))
                work -= len(key)
                if key not in parent:
                    parent[key] = marking
                    heapq.heappush(heap, (cost(key), next(order), key))
                    total = sum(nxt.values())
                    if total > most:  # more tokens than ever: does it cover a marking on its own run?
                        most = total
                        unbounded = unbounded or _covers_an_ancestor(nxt, total, marking, parent)
    if heap and not unbounded:  # undecided: random runs show an unbounded net far more often than the greedy one
        unbounded = _random_runs_grow(pre, post, consumers, dict(start), [WITNESS_WORK // 2])  # their own bound
    return RunSearch(False if not heap else None, unbounded, int(steps))


def _random_runs_grow(pre: list[tuple[tuple[int, int], ...]], post: list[tuple[tuple[int, int], ...]],
                      consumers: list[list[int]], start: dict[int, int], work: list[int], *, runs: int = 20,
                      length: int = 2_000, every: int = 25) -> bool:
    """Whether one of ``runs`` seeded random runs reaches a marking that strictly covers an earlier marking of
    the same run (looked at every ``every`` steps): a proof that the net is unbounded. False also when the
    ``work`` left (a one-item list, shared with the caller) runs out."""
    rng = random.Random(0)
    for _ in range(runs):
        tokens = dict(start)
        enabled = sorted({k for p in tokens for k in consumers[p] if all(tokens.get(q, 0) >= w for q, w in pre[k])})
        marks: list[tuple[dict[int, int], int]] = []
        for step in range(length):
            if not enabled:
                break
            work[0] -= len(enabled)
            if work[0] <= 0:
                return False
            if step % every == 0:
                work[0] -= sum(len(m) for m, _ in marks)
                total = sum(tokens.values())
                if any(total > t and all(tokens.get(p, 0) >= c for p, c in m.items()) for m, t in marks):
                    return True
                marks.append((dict(tokens), total))
            k = enabled[rng.randrange(len(enabled))]
            touched = set()
            for p, w in pre[k]:
                tokens[p] -= w
                if not tokens[p]:
                    del tokens[p]
                touched.add(p)
            for p, w in post[k]:
                tokens[p] = tokens.get(p, 0) + w
                touched.add(p)
            now = set(enabled)
            for p in touched:
                for j in consumers[p]:
                    if all(tokens.get(q, 0) >= w for q, w in pre[j]):
                        now.add(j)
                    else:
                        now.discard(j)
            enabled = sorted(now)
    return False


def _covers_an_ancestor(tokens: dict[int, int], total: int, marking: tuple[tuple[int, int], ...] | None,
                        parent: dict[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...] | None]) -> bool:
    """Whether ``tokens`` holds at least the tokens of some marking on the run that led to it, and more: then
    the steps between can be repeated forever, each time leaving more tokens (Karp and Miller). ``total`` is the
    number of tokens in ``tokens``."""
    while marking is not None:
        if total > sum(c for _, c in marking) and all(tokens.get(p, 0) >= c for p, c in marking):
            return True
        marking = parent[marking]
    return False


def _distance_to_end(places: list[object], pre: list[tuple[tuple[int, int], ...]],
                     post: list[tuple[tuple[int, int], ...]], final: set[int]) -> list[int]:
    """For each place, the fewest transitions from it to a place of the final marking (or to a transition that
    only takes tokens away); unreachable: a large number."""
    producers_of: list[list[int]] = [[] for _ in places]  # place -> transitions that put a token in it
    for k, arcs in enumerate(post):
        for p, _ in arcs:
            producers_of[p].append(k)
    inf = len(places) + 1
    distance = [inf] * len(places)
    queue: deque[int] = deque()
    for p in final:
        distance[p] = 0
        queue.append(p)
    for k, arcs in enumerate(post):  # a transition that only consumes ends those tokens
        if not arcs:
            for p, _ in pre[k]:
                if distance[p] > 1:
                    distance[p] = 1
                    queue.append(p)
    while queue:
        p = queue.popleft()
        for k in producers_of[p]:
            for q, _ in pre[k]:
                if distance[q] > distance[p] + 1:
                    distance[q] = distance[p] + 1
                    queue.append(q)
    return distance
