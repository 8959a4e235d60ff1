"""Disclosure control: what a caller without access to cases may learn, in one place.

Every face asks this package: the REST API and the web app for viewers, Python code holding a restricted
:class:`DisclosurePolicy`, and later the cross-municipality profiles. It has three parts:

* :class:`DisclosurePolicy` — who may learn what: case access or aggregates only, the group size k, the
  published case attributes and the allowed duration and length bounds (:mod:`.policy`);
* :class:`ReleasedGroups` — the partition of a log's cases into groups of at least k cases over published
  coordinates, and :meth:`ReleasedGroups.check`, which answers a restricted role's filter only when it selects
  whole groups (:mod:`.groups`, :mod:`.vocabulary`): this is what defeats differencing;
* the ``release_*`` functions, which hide what rests on 1 to k-1 cases inside an answer (rows, map elements,
  histogram bins), with secondary suppression where rows partition the cases, and take out single-case values
  (minimum and maximum durations, the most repetitions in one case, pseudonyms) (:mod:`.release`);
* :class:`RestrictedLog` — a log seen through a policy, for Python code that must see what a viewer sees
  (:mod:`.view`).

``docs/privacy.md`` describes the attacker, what is guaranteed and what remains possible.
"""

from sagsflow.disclosure.groups import ReleasedGroups
from sagsflow.disclosure.policy import DEFAULT_MIN_GROUP_SIZE, DisclosurePolicy
from sagsflow.disclosure.view import RestrictedLog
from sagsflow.disclosure.vocabulary import names_cases, outside_vocabulary

__all__ = ["DEFAULT_MIN_GROUP_SIZE", "DisclosurePolicy", "ReleasedGroups", "RestrictedLog", "names_cases",
           "outside_vocabulary"]
