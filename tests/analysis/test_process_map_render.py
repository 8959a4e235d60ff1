"""Static export of the process map: SVG, HTML, JSON and the notebook view."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sagsflow.analysis.process_map import discover_process_map
from sagsflow.analysis.render import format_duration, layout
from sagsflow.errors import InvalidParameterError
from sagsflow.store.workspace import Workspace
from tests.analysis.maplogs import write_rows

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    ("1", "Ansøgning", "2024-01-02 09:00"), ("1", "Vurdering", "2024-01-03 09:00"),
    ("1", "Vurdering", "2024-01-04 09:00"), ("1", "Afgørelse", "2024-01-05 09:00"),
    ("2", "Ansøgning", "2024-01-02 10:00"), ("2", "Afgørelse", "2024-01-02 12:00"),
    ("3", "Ansøgning", "2024-01-02 11:00"), ("3", "<script>alert(1)</script>", "2024-01-02 12:00"),
]


@pytest.fixture
def pmap(ws: Workspace):  # type: ignore[no-untyped-def]
    return discover_process_map(write_rows(ws, "l", ROWS))


def test_svg_is_well_formed_with_a_shape_per_node_and_a_path_per_edge(pmap) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(pmap.to_svg())
    assert root.tag == f"{SVG}svg"
    groups = root.findall(f"{SVG}g")
    nodes = [g for g in groups if g.get("class", "").startswith("node")]
    edges = [g for g in groups if g.get("class") == "edge"]
    assert len(nodes) == len(pmap.nodes) and len(edges) == len(pmap.edges)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Ansøgning" in texts and "3 cases" in texts


def test_labels_from_the_data_cannot_inject_markup(pmap) -> None:  # type: ignore[no-untyped-def]
    svg = pmap.to_svg()
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<script>" not in pmap.to_html()


def test_edge_thickness_follows_frequency(pmap) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(pmap.to_svg())
    widths = {(g.get("data-source"), g.get("data-target")): float(g.find(f"{SVG}path").get("stroke-width"))
              for g in root.findall(f"{SVG}g") if g.get("class") == "edge"}
    assert widths[("start", pmap.node("Ansøgning").id)] > widths[(pmap.node("Vurdering").id,) * 2]


def test_layout_puts_start_on_top_and_end_at_the_bottom(pmap) -> None:  # type: ignore[no-untyped-def]
    xy = layout(pmap)
    ys = sorted(y for _, y in xy.values())
    assert xy["start"][1] == ys[0] and xy["end"][1] == ys[-1]
    assert xy[pmap.node("Ansøgning").id][1] < xy[pmap.node("Afgørelse").id][1]


def test_save_by_suffix(pmap, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert ET.parse(pmap.save(tmp_path / "m.svg")).getroot().tag == f"{SVG}svg"
    page = pmap.save(tmp_path / "m.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "Process map" in page
    data = json.loads(pmap.save(tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(pmap.to_dict()))
    with pytest.raises(InvalidParameterError, match=r"must end in \.svg, \.html or \.json"):
        pmap.save(tmp_path / "m.png")


def test_notebook_view_is_an_html_fragment(pmap) -> None:  # type: ignore[no-untyped-def]
    frag = pmap._repr_html_()
    assert frag.startswith('<div class="sf-map">') and "<svg" in frag and "<html" not in frag


def test_duration_overlay_shows_readable_times(ws: Workspace) -> None:
    m = discover_process_map(write_rows(ws, "l", ROWS), measure="duration", aggregation="max")
    texts = [t.text for t in ET.fromstring(m.to_svg()).iter(f"{SVG}text")]
    assert "1.0 d" in texts and "2.0 h" in texts  # a day between the steps of case 1, 2 h in case 2
    assert format_duration(90) == "1.5 min" and format_duration(36 * 3600) == "1.5 d"
    assert format_duration(-7200) == "-2.0 h"


def test_disclosure_note_is_shown_in_html(ws: Workspace) -> None:
    m = discover_process_map(write_rows(ws, "l", [(*r, None, "r1") for r in ROWS]), perspective="resource")
    assert m.disclosure is not None and html.escape(m.disclosure.note) in m.to_html()
