"""Declarative compliance rules: deadlines that follow the law in force, clock-stops, cohort quotas.

Rules are YAML (see ``docs/compliance.md``); :func:`evaluate` runs them as set-based SQL on the
store and returns a :class:`ComplianceResult` with one row per case and rule.

Examples
--------
>>> from sagsflow.compliance import load_pack
>>> rules = load_pack("employment-dk")
>>> [r.id for r in rules][:3]
['R01', 'R02', 'R03']
"""

from sagsflow.compliance.engine import evaluate
from sagsflow.compliance.result import ComplianceResult
from sagsflow.compliance.rules import (
    Duration,
    Rule,
    RuleSet,
    RuleValidationError,
    load_pack,
    load_rules,
    pack_names,
)

__all__ = ["ComplianceResult", "Duration", "Rule", "RuleSet", "RuleValidationError", "evaluate", "load_pack",
           "load_rules", "pack_names"]
