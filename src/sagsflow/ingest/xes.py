"""XES and XES.gz event logs: :func:`load_xes` reads one into DuckDB, :func:`write_xes` writes one.

The reader lives in :mod:`sagsflow.ingest.xes_read` (safety checks, the rustxes fast path and the
streaming lxml fallback), the writer in :mod:`sagsflow.ingest.xes_write`.
"""

from __future__ import annotations

from sagsflow.ingest.xes_read import load_xes
from sagsflow.ingest.xes_write import write_xes

__all__ = ["load_xes", "write_xes"]
