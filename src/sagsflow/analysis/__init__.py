"""Analyses of event logs: business calendars, the process map, statistics."""

from sagsflow.analysis.calendar import BusinessCalendar, load_calendar, save_calendar
from sagsflow.analysis.dfg import DirectlyFollowsGraph, DurationStats, discover_dfg, discover_dfg_sql
from sagsflow.analysis.process_map import MapEdge, MapNode, ProcessMap, discover_process_map

__all__ = [
    "BusinessCalendar",
    "DirectlyFollowsGraph",
    "DurationStats",
    "MapEdge",
    "MapNode",
    "ProcessMap",
    "discover_dfg",
    "discover_dfg_sql",
    "discover_process_map",
    "load_calendar",
    "save_calendar",
]

# statistics, bottlenecks, timeline and comparison
from sagsflow.analysis.bottlenecks import Bottlenecks, Rework, bottlenecks, rework
from sagsflow.analysis.compare import Comparison, compare, compare_split, split_log
from sagsflow.analysis.statistics import (
    ActivityTable,
    CaseTable,
    ResourceTable,
    activity_table,
    case_durations,
    case_table,
    resource_table,
)
from sagsflow.analysis.timeline import (
    DottedChart,
    Throughput,
    WorkInProgress,
    dotted_chart,
    throughput,
    work_in_progress,
)
from sagsflow.analysis.variants import Variants, variants

__all__ += [
    "ActivityTable",
    "Bottlenecks",
    "CaseTable",
    "Comparison",
    "DottedChart",
    "ResourceTable",
    "Rework",
    "Throughput",
    "Variants",
    "WorkInProgress",
    "activity_table",
    "bottlenecks",
    "case_durations",
    "case_table",
    "compare",
    "compare_split",
    "dotted_chart",
    "resource_table",
    "rework",
    "split_log",
    "throughput",
    "variants",
    "work_in_progress",
]
