"""Tools for testing code built on Sagsflow: Hypothesis strategies (:mod:`sagsflow.testing.strategies`) and
registrations for tests (:func:`test_registrations`).

The strategies need Hypothesis, which is not a run-time dependency: ``pip install 'sagsflow[testing]'``.
"""

from __future__ import annotations

from datetime import date, timedelta

from sagsflow.legal.registration import LegalBasis, Registration, TargetClass


def test_registrations(*targets: str, target_class: TargetClass | None = None, identify_cases: bool = True,
                       review_in_days: int = 365) -> list[Registration]:
    """Active registrations for tests: one per class of the given targets (citizen outcomes name their targets).
    Clearly marked as test registrations (DPIA ``TEST``); never use them on real data.

    Examples
    --------
    >>> [r.target_class for r in test_registrations("remaining_time", "deadline:R05")]
    ['capacity', 'deadline']
    >>> with __import__("sagsflow").legal.using(*test_registrations("remaining_time")):   # doctest: +SKIP
    ...     train_model(log, "remaining_time")
    """
    from sagsflow.legal.registration import target_class as class_of

    wanted: dict[TargetClass, list[str]] = {}
    if target_class is not None:
        wanted[target_class] = list(targets)
    for t in targets:
        wanted.setdefault(class_of(t), [])
        if class_of(t) == "citizen_outcome":
            wanted[class_of(t)].append(t)
    today = date.today()
    return [Registration(
        municipality="Test", target_class=cls, purpose="automated tests", targets=tuple(ts) if cls ==
        "citizen_outcome" else (), legal_basis=LegalBasis(law="test", section="§ 1", gdpr_articles=("6(1)(e)",)),
        dpia_reference="TEST", dpia_date=today - timedelta(days=1), decision_maker="test",
        review_date=today + timedelta(days=review_in_days), identify_cases=identify_cases, proposed_by="test admin",
        approved_by="test dpo", status="active", id=f"test-{cls}") for cls, ts in wanted.items()]


test_registrations.__test__ = False  # type: ignore[attr-defined]  # not a pytest test
