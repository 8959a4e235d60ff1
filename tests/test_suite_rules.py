"""Rules the suite keeps so that it gives the same answer every time and ``-m "not realdata"`` means what it says."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import shared_data_dir, unmarked_realdata_items

TESTS = Path(__file__).resolve().parent


def _item(nodeid: str, fixtures: tuple[str, ...], marked: bool) -> SimpleNamespace:
    marker = pytest.mark.realdata.mark if marked else None
    return SimpleNamespace(nodeid=nodeid, fixturenames=fixtures, get_closest_marker=lambda name: marker)


def test_the_shared_data_fixture_without_the_marker_stops_the_collection() -> None:
    items = [_item("a", ("shared_data", "tmp_path"), marked=True), _item("b", ("shared_data",), marked=False),
             _item("c", ("tmp_path",), marked=False)]
    assert unmarked_realdata_items(items) == ["b"]


def test_reading_shared_data_without_the_marker_fails() -> None:
    # this test is not marked realdata: the helpers' one way to the public logs refuses it
    with pytest.raises(pytest.fail.Exception, match=r"not marked @pytest.mark.realdata"):
        shared_data_dir()


def _timed_asserts(path: Path) -> list[int]:
    """Lines of ``assert`` statements that compare a clock reading (perf_counter/monotonic/time())."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    clocks = {"perf_counter", "monotonic", "time", "process_time"}
    timed: set[str] = set()
    for node in ast.walk(tree):  # names assigned from a clock reading, e.g. elapsed = perf_counter() - t0
        if isinstance(node, ast.Assign) and any(
                isinstance(c, ast.Call) and getattr(c.func, "attr", getattr(c.func, "id", None)) in clocks
                for c in ast.walk(node.value)):
            timed |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assert):
            continue
        for sub in ast.walk(node.test):
            if (isinstance(sub, ast.Call) and getattr(sub.func, "attr", getattr(sub.func, "id", None)) in clocks) \
                    or (isinstance(sub, ast.Name) and sub.id in timed):
                lines.append(node.lineno)
                break
    return lines


def test_no_test_asserts_on_wall_clock_time() -> None:
    # speed targets live in bench/ (make bench): on a shared 2-core machine a timed assert fails under load
    found = {str(p.relative_to(TESTS)): lines for p in sorted(TESTS.rglob("*.py")) if (lines := _timed_asserts(p))}
    assert found == {}
