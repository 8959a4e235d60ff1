"""Model exchange: BPMN 2.0 with diagram interchange (DI) and PNML.

PM4Py's own BPMN layouter needs the Graphviz ``dot`` program; we do not depend on it. Instead
:func:`layout_bpmn` places the nodes in layers left to right (longest path from the start event,
back edges of loops ignored) and routes every sequence flow with orthogonal waypoints, so the XML
opens with a readable diagram in bpmn.io, Camunda Modeler or Signavio.
"""

from __future__ import annotations

from collections import defaultdict, deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pm4py.objects.bpmn.obj import BPMN

    from sagsflow.discovery.miner import PetriNetModel

_TASK = (100, 80)
_EVENT = (36, 36)
_GATEWAY = (50, 50)
_COL = 160  # horizontal distance between layers
_ROW = 120  # vertical distance between nodes of one layer
_MARGIN = 50


def _size(node: Any) -> tuple[int, int]:
    from pm4py.objects.bpmn.obj import BPMN

    if isinstance(node, BPMN.Gateway):
        return _GATEWAY
    if isinstance(node, BPMN.Event):
        return _EVENT
    return _TASK


def layout_bpmn(bpmn: BPMN) -> BPMN:
    """Give every node bounds and every flow waypoints (in place); returns ``bpmn``."""
    from pm4py.objects.bpmn.obj import BPMN

    nodes = list(bpmn.get_nodes())
    flows = list(bpmn.get_flows())
    succ: dict[Any, list[Any]] = defaultdict(list)
    for f in flows:
        succ[f.get_source()].append(f)
    order = {n: i for i, n in enumerate(sorted(nodes, key=lambda n: (not isinstance(n, BPMN.StartEvent),
                                                                     str(n.get_id()))))}
    # depth-first search from start events marks back edges (those closing a loop)
    back: set[Any] = set()
    state: dict[Any, int] = {}
    for root in sorted(nodes, key=order.__getitem__):
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                continue
            tgt = nxt.get_target()
            if state.get(tgt) == 1:
                back.add(nxt)
            elif tgt not in state:
                state[tgt] = 1
                stack.append((tgt, iter(succ[tgt])))
    # longest-path layering over the forward edges (Kahn's order)
    indeg = {n: 0 for n in nodes}
    for f in flows:
        if f not in back:
            indeg[f.get_target()] += 1
    layer = {n: 0 for n in nodes}
    queue = deque(sorted((n for n in nodes if indeg[n] == 0), key=order.__getitem__))
    while queue:
        n = queue.popleft()
        for f in succ[n]:
            if f in back:
                continue
            t = f.get_target()
            layer[t] = max(layer[t], layer[n] + 1)
            indeg[t] -= 1
            if indeg[t] == 0:
                queue.append(t)
    columns: dict[int, list[Any]] = defaultdict(list)
    for n in sorted(nodes, key=order.__getitem__):
        columns[layer[n]].append(n)
    height = max(len(c) for c in columns.values()) * _ROW if columns else _ROW
    for col, members in columns.items():
        top = _MARGIN + (height - len(members) * _ROW) / 2
        for i, n in enumerate(members):
            w, h = _size(n)
            cy = top + i * _ROW + _ROW / 2
            n.set_width(w)
            n.set_height(h)
            n.set_x(float(_MARGIN + col * _COL + (_TASK[0] - w) / 2))
            n.set_y(float(cy - h / 2))
    bottom = _MARGIN + height + 20
    for k, f in enumerate(flows):
        s, t = f.get_source(), f.get_target()
        sx, sy = s.get_x() + s.get_width(), s.get_y() + s.get_height() / 2
        tx, ty = t.get_x(), t.get_y() + t.get_height() / 2
        f.del_waypoints()
        if f in back or tx <= sx:
            lane = bottom + 10 * (k % 5)
            pts = [(s.get_x() + s.get_width() / 2, s.get_y() + s.get_height()),
                   (s.get_x() + s.get_width() / 2, lane),
                   (t.get_x() + t.get_width() / 2, lane),
                   (t.get_x() + t.get_width() / 2, t.get_y() + t.get_height())]
        elif sy == ty:
            pts = [(sx, sy), (tx, ty)]
        else:
            mid = tx - (_COL - _TASK[0]) / 2
            pts = [(sx, sy), (mid, sy), (mid, ty), (tx, ty)]
        for p in pts:
            f.add_waypoint((float(p[0]), float(p[1])))
    return bpmn


class BpmnModel:
    """A BPMN 2.0 process model with diagram layout.

    Parameters
    ----------
    bpmn : pm4py.objects.bpmn.obj.BPMN
        Laid out on construction (bounds for nodes, waypoints for flows).

    Examples
    --------
    >>> model = discover_bpmn(log)       # doctest: +SKIP
    >>> model.save("model.bpmn")         # doctest: +SKIP
    """

    def __init__(self, bpmn: BPMN, *, laid_out: bool = False) -> None:
        self.bpmn = bpmn if laid_out else layout_bpmn(bpmn)

    # PM4Py's BPMN objects cannot be pickled (their hash needs attributes set later), so a model
    # travels as its XML, which keeps the layout in its diagram interchange.
    def __getstate__(self) -> dict[str, Any]:
        return {"xml": self.to_xml()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        from pm4py.objects.bpmn.importer.variants import lxml as bpmn_importer

        self.bpmn = bpmn_importer.import_from_string(state["xml"].encode("utf-8"))

    @property
    def n_nodes(self) -> int:
        return len(self.bpmn.get_nodes())

    @property
    def n_flows(self) -> int:
        return len(self.bpmn.get_flows())

    @property
    def n_tasks(self) -> int:
        from pm4py.objects.bpmn.obj import BPMN

        return sum(1 for n in self.bpmn.get_nodes() if isinstance(n, BPMN.Task))

    @property
    def n_gateways(self) -> int:
        from pm4py.objects.bpmn.obj import BPMN

        return sum(1 for n in self.bpmn.get_nodes() if isinstance(n, BPMN.Gateway))

    @property
    def control_flow_complexity(self) -> int:
        """Cardoso's control-flow complexity (CFC): over the splits, an exclusive split with n branches adds n, a
        parallel split 1, an inclusive split 2**n - 1 (the measure of the Split Miner paper's benchmark)."""
        from pm4py.objects.bpmn.obj import BPMN

        out: dict[Any, int] = {}
        for f in self.bpmn.get_flows():
            out[f.get_source()] = out.get(f.get_source(), 0) + 1
        cfc = 0
        for node, n in out.items():
            if n < 2 or not isinstance(node, BPMN.Gateway):
                continue
            if isinstance(node, BPMN.ParallelGateway):
                cfc += 1
            elif isinstance(node, BPMN.InclusiveGateway):
                cfc += 2 ** n - 1
            else:
                cfc += n
        return cfc

    def to_xml(self) -> str:
        """The BPMN 2.0 XML (process and BPMNDiagram with shapes and edges) as a string."""
        from pm4py.objects.bpmn.exporter.variants import etree

        return bytes(etree.get_xml_string(self.bpmn, parameters={"encoding": "utf-8"})).decode("utf-8")

    def save(self, path: str | Path) -> Path:
        """Write :meth:`to_xml` to ``path`` (UTF-8); returns the path."""
        p = Path(path)
        p.write_text(self.to_xml(), encoding="utf-8")
        return p

    def to_pm4py(self) -> BPMN:
        return self.bpmn

    def __repr__(self) -> str:
        return f"BpmnModel(tasks={self.n_tasks}, gateways={self.n_gateways}, flows={self.n_flows})"


def write_pnml(model: PetriNetModel, path: str | Path) -> Path:
    """Write ``model`` as PNML with initial and final markings; returns the path."""
    import pm4py

    p = Path(path)
    pm4py.write_pnml(model.net, model.initial_marking, model.final_marking, str(p))
    return p


def read_pnml(path: str | Path) -> PetriNetModel:
    """Read a PNML file into a :class:`~sagsflow.discovery.miner.PetriNetModel`."""
    import pm4py

    from sagsflow.discovery.miner import PetriNetModel

    net, im, fm = pm4py.read_pnml(str(path))
    return PetriNetModel(net, im, fm)
