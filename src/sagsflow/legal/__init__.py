"""Lawful by construction: the legal gate for prediction, outputs by role, employee protection, retention, and the
DPIA kit made from the live configuration. See ``docs/dpia.md`` and ``docs/prediction.md``.

- :mod:`.registration` — :class:`Registration`, :class:`LegalBasis`, target classes, the GDPR article list;
- :mod:`.gate` — :func:`require`: training, scoring and export refuse without a valid registration;
- :mod:`.record` — the workspace's own signed registrations and its hash-chained legal log;
- :mod:`.outputs` — case identifiers pseudonymised in scored lists and exports unless the purpose needs them;
- :mod:`.employees` — how resource (employee) data may be used, and automation shown as automation;
- :mod:`.retention` — retention periods and their application to the store and everything derived from it;
- :mod:`.dpia` — the DPIA draft, the record of processing (GDPR art. 30) and the notice texts.
"""

from sagsflow.legal.gate import check, require, resolve, using
from sagsflow.legal.record import approve, legal_log, propose, revoke, stored_registrations, verify_log
from sagsflow.legal.registration import (
    GDPR_ARTICLES,
    TARGET_CLASSES,
    LegalBasis,
    Registration,
    RegistrationRequiredError,
    is_profiling,
    target_class,
)

__all__ = [
    "GDPR_ARTICLES", "TARGET_CLASSES", "LegalBasis", "Registration", "RegistrationRequiredError", "approve", "check",
    "is_profiling", "legal_log", "propose", "require", "resolve", "revoke", "stored_registrations", "target_class",
    "using", "verify_log",
]
