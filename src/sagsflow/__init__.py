"""Sagsflow: open process mining and lawful predictive monitoring for public case handling.

The flat public namespace, one obvious entry point per task:

- import: :func:`read_csv`, :func:`read_excel`, :func:`read_parquet`, :func:`read_xes`, :func:`read_sql`,
  :func:`import_log`; logs live in a :class:`Workspace` and are handled as lazy :class:`EventLog` objects
- data quality: :func:`quality_report`
- explore: :func:`discover_process_map`, :func:`discover_dfg`, :func:`variants`, :func:`case_table`,
  :func:`activity_table`, :func:`resource_table`, :func:`bottlenecks`, :func:`rework`,
  :func:`work_in_progress`, :func:`throughput`, :func:`dotted_chart`, :func:`compare`
- discover and exchange models: :class:`InductiveMiner`, :func:`discover_process_tree`,
  :func:`discover_petri_net`, :func:`discover_bpmn` (BPMN 2.0 with layout, PNML), :func:`evaluate_model`
  (alignment fitness and precision, per variant)
- filter: ``log.filter(...)`` with the helpers in :mod:`sagsflow.filters` (a :class:`FilterStack` is plain data)

Examples
--------
>>> import sagsflow, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
>>> _ = p.write_text("case,activity,time\\n1,A,2024-01-01 10:00\\n1,B,2024-01-02 10:00\\n2,A,2024-01-03 09:00\\n")
>>> log = sagsflow.read_csv(p)
>>> sagsflow.variants(log).counts()
{('A',): 1, ('A', 'B'): 1}
"""

import os as _os

# LightGBM's OpenMP threads spin while they wait for work; on a machine shared by other jobs that makes a
# two-thread fit 10-20 times slower than a one-thread one. Passive waiting (the OpenMP default in most
# runtimes other than GNU's) costs nothing on a quiet machine. Set before any OpenMP runtime starts;
# a value the user set wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


from sagsflow import filters
from sagsflow.analysis import (
    BusinessCalendar,
    activity_table,
    bottlenecks,
    case_durations,
    case_table,
    compare,
    compare_split,
    discover_dfg,
    discover_process_map,
    dotted_chart,
    resource_table,
    rework,
    throughput,
    variants,
    work_in_progress,
)
from sagsflow.discovery import (
    InductiveMiner,
    discover_bpmn,
    discover_petri_net,
    discover_process_tree,
)
from sagsflow.discovery import evaluate as evaluate_model
from sagsflow.errors import SagsflowError
from sagsflow.filters import FilterStack
from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.pipeline import ImportResult, SqlSource, import_log
from sagsflow.io import read_csv, read_excel, read_parquet, read_sql, read_xes
from sagsflow.log import EventLog
from sagsflow.quality import QualityReport, quality_report
from sagsflow.store.workspace import Workspace

__version__ = "0.1.0"

__all__ = [
    "BusinessCalendar",
    "EventLog",
    "FilterStack",
    "ImportResult",
    "InductiveMiner",
    "Mapping",
    "QualityReport",
    "SagsflowError",
    "SqlSource",
    "Workspace",
    "__version__",
    "activity_table",
    "bottlenecks",
    "case_durations",
    "case_table",
    "compare",
    "compare_split",
    "discover_bpmn",
    "discover_dfg",
    "discover_petri_net",
    "discover_process_map",
    "discover_process_tree",
    "dotted_chart",
    "evaluate_model",
    "filters",
    "import_log",
    "quality_report",
    "read_csv",
    "read_excel",
    "read_parquet",
    "read_sql",
    "read_xes",
    "resource_table",
    "rework",
    "throughput",
    "variants",
    "work_in_progress",
]
