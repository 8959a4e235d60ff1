"""Sagsflow: open process mining and lawful predictive monitoring for public case handling.

The flat public namespace: ``read_*`` to import, :class:`Workspace` and :class:`EventLog` to hold
logs, :func:`import_log` for the full import pipeline, :func:`quality_report` for the
data-quality report.
"""

from sagsflow.errors import SagsflowError
from sagsflow.ingest.mapping import Mapping
from sagsflow.ingest.pipeline import ImportResult, SqlSource, import_log
from sagsflow.io import read_csv, read_excel, read_parquet, read_sql, read_xes
from sagsflow.log import EventLog
from sagsflow.quality import QualityReport, quality_report
from sagsflow.store.workspace import Workspace

__version__ = "0.1.0"

__all__ = [
    "EventLog",
    "ImportResult",
    "Mapping",
    "QualityReport",
    "SagsflowError",
    "SqlSource",
    "Workspace",
    "__version__",
    "import_log",
    "quality_report",
    "read_csv",
    "read_excel",
    "read_parquet",
    "read_sql",
    "read_xes",
]
