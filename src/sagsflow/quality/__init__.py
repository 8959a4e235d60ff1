"""The data-quality report: what is wrong with a stored log, named by the event-log imperfection
patterns of Suriadi et al. (2017), and what it does to the analysis.

>>> from sagsflow.quality import quality_report, QualityReport, Finding
"""

from sagsflow.quality.model import ColumnQuality, Finding, Overview, Pattern, QualityReport
from sagsflow.quality.report import quality_report, write_quality_report

__all__ = [
    "ColumnQuality",
    "Finding",
    "Overview",
    "Pattern",
    "QualityReport",
    "quality_report",
    "write_quality_report",
]
