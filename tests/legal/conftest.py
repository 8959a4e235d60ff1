"""Fixtures of the legal tests: a small synthetic log in a workspace, a pseudonymisation key, registrations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from sagsflow.legal import LegalBasis, Registration
from sagsflow.store.workspace import Workspace
from tests.predict.synth import process_log

KEY = "ab" * 32


@pytest.fixture
def key_env(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SAGSFLOW_PSEUDONYM_KEY", KEY)
    return KEY


@pytest.fixture
def lws(tmp_path: Path, key_env: str) -> Iterator[Workspace]:
    """A workspace with the synthetic process log 'synth' (300 cases) and no registration."""
    w = Workspace.open(tmp_path / "ws")
    process_log(w, n_cases=300)
    yield w
    w.close()


def registration(target_class: str = "capacity", *, targets: tuple[str, ...] = (), review_in: int = 365,
                 identify_cases: bool = False) -> Registration:
    """A complete proposal (not yet approved) for the demo municipality."""
    return Registration(
        municipality="Søby", target_class=target_class, targets=targets,  # type: ignore[arg-type]
        purpose="plan caseworker capacity and keep deadlines",
        decisions_supported="which open cases a team looks at first", end_users="team leaders",
        frequency="every night", identify_cases=identify_cases,
        legal_basis=LegalBasis(law="lov om en aktiv beskæftigelsesindsats", section="§ 8",
                               gdpr_articles=("6(1)(e)",)),
        dpia_reference="DPIA-2025-07", dpia_date=date.today() - timedelta(days=30), decision_maker="Jobcenterchef",
        review_date=date.today() + timedelta(days=review_in))
