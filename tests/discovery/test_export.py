"""BPMN 2.0 with diagram interchange and PNML round trip."""

from __future__ import annotations

import pytest
from lxml import etree

from sagsflow.discovery import InductiveMiner, read_pnml
from tests.discovery.conftest import real_log

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
FLOW_NODES = ("task", "startEvent", "endEvent", "exclusiveGateway", "parallelGateway", "inclusiveGateway")


def check_bpmn_xml(xml: str) -> tuple[int, int]:
    """Structural checks bpmn.io relies on; returns (flow nodes, sequence flows)."""
    root = etree.fromstring(xml.encode("utf-8"))
    assert etree.QName(root).namespace == NS["bpmn"] and etree.QName(root).localname == "definitions"
    processes = root.findall("bpmn:process", NS)
    assert len(processes) == 1 and processes[0].get("id")
    nodes = [el for tag in FLOW_NODES for el in processes[0].findall(f"bpmn:{tag}", NS)]
    flows = processes[0].findall("bpmn:sequenceFlow", NS)
    ids = {el.get("id") for el in nodes}
    assert len(ids) == len(nodes) and nodes and flows
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert plane is not None and plane.get("bpmnElement") == processes[0].get("id")
    shapes = {s.get("bpmnElement"): s for s in plane.findall("bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in plane.findall("bpmndi:BPMNEdge", NS)}
    for node_id in ids:
        bounds = shapes[node_id].find("dc:Bounds", NS)
        assert bounds is not None and float(bounds.get("width")) > 0 and float(bounds.get("height")) > 0
    for flow in flows:
        assert flow.get("sourceRef") in ids and flow.get("targetRef") in ids
        points = edges[flow.get("id")].findall("di:waypoint", NS)
        assert len(points) >= 2
    # no two shapes overlap exactly (the layout really places them)
    corners = {(b.get("x"), b.get("y")) for s in shapes.values() for b in s.findall("dc:Bounds", NS)}
    assert len(corners) == len(shapes)
    return len(nodes), len(flows)


def test_bpmn_has_diagram_interchange_for_every_node_and_flow(hand_log, tmp_path):
    model = InductiveMiner().fit(hand_log).bpmn_
    n_nodes, n_flows = check_bpmn_xml(model.to_xml())
    assert n_nodes == model.n_nodes and n_flows == model.n_flows
    path = model.save(tmp_path / "m.bpmn")
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    assert model.n_tasks == 6 and "tasks=6" in repr(model)


def test_bpmn_reads_back_with_pm4py(hand_log, tmp_path):
    import pm4py

    model = InductiveMiner().fit(hand_log).bpmn_
    back = pm4py.read_bpmn(str(model.save(tmp_path / "m.bpmn")))
    assert len(back.get_nodes()) == model.n_nodes and len(back.get_flows()) == model.n_flows


def test_pnml_round_trip_keeps_size(hand_log, tmp_path):
    model = InductiveMiner(noise_threshold=0.2).fit(hand_log).petri_net_
    back = read_pnml(model.to_pnml(tmp_path / "m.pnml"))
    assert (back.n_places, back.n_transitions, back.n_arcs) == (model.n_places, model.n_transitions,
                                                                model.n_arcs)
    assert sum(back.initial_marking.values()) == 1 and sum(back.final_marking.values()) == 1


@pytest.mark.realdata
@pytest.mark.slow
def test_bpmn_of_a_large_real_model_is_complete(tmp_path):
    log, _ = real_log("Sepsis_Cases-Event_Log.xes.gz")
    model = InductiveMiner().fit(log).bpmn_
    n_nodes, n_flows = check_bpmn_xml(model.to_xml())
    assert n_nodes == model.n_nodes > 30 and n_flows == model.n_flows
