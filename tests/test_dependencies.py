"""Every package that ``src/sagsflow`` imports is declared in pyproject.toml, so a plain ``pip install`` of the
wheel (no dev group) gives a working product: the server once failed at start-up on ``httpx``, which only the
dev group had. Imports of ``sagsflow.testing`` may use the ``testing`` extra, and the Spark engine
(``sagsflow/query/engine.py``, imported lazily inside ``SparkEngine.local``) and the import through Spark
(``sagsflow/ingest/spark_import.py``, imported lazily inside its functions) the ``spark`` extra."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sagsflow"


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def _imports(path: Path) -> set[str]:
    tops = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            tops |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            tops.add(node.module.split(".")[0])
    return {t for t in tops if t not in sys.stdlib_module_names and t not in ("sagsflow", "__future__")}


def test_every_imported_package_is_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _names(project["dependencies"])
    testing = runtime | _names(project["optional-dependencies"]["testing"])
    spark = runtime | _names(project["optional-dependencies"]["spark"])
    distributions = md.packages_distributions()
    missing: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        allowed = (testing if SRC / "testing" in path.parents
                   else spark if path in (SRC / "query" / "engine.py", SRC / "ingest" / "spark_import.py")
                   else runtime)
        for module in _imports(path):
            dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
            if not dists & allowed:
                missing.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    assert missing == {}, f"imported but not declared in pyproject.toml [project] dependencies: {missing}"
