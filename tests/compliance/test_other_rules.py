"""Existence, absence, precedence, separation of duties and cohort quotas on hand-made logs."""

from __future__ import annotations

from collections.abc import Callable

from sagsflow.compliance import evaluate, load_rules


def activities(log, idx) -> list[str]:  # type: ignore[no-untyped-def]
    """The activities of the events ``idx`` (evidence is a list of event_idx)."""
    ev = log.to_pandas()
    return [ev.loc[int(i), "activity"] for i in idx]


def statuses(res, rule: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    df = res.cases[res.cases["rule_id"] == rule]
    return dict(zip(df["case_id"], df["status"], strict=True))


def test_existence_absence_precedence(make_log: Callable) -> None:
    rules = load_rules("""
case_end: Lukket
rules:
  - {id: EX, type: existence, activity: Plan}
  - {id: AB, type: absence, activity: Sanktion}
  - {id: PR, type: precedence, activity: Bevilling, preceded_by: [Ansøgning, Ansøgning modtaget]}
""")
    log = make_log([("ok", "Ansøgning", "2024-01-01"), ("ok", "Plan", "2024-01-02"),
                    ("ok", "Bevilling", "2024-01-03"), ("ok", "Lukket", "2024-01-04"),
                    ("bad", "Bevilling", "2024-01-01"), ("bad", "Ansøgning modtaget", "2024-01-02"),
                    ("bad", "Sanktion", "2024-01-03"), ("bad", "Lukket", "2024-01-04"),
                    ("open", "Ansøgning", "2024-01-01")])
    res = evaluate(log, rules, as_of="2024-02-01")
    assert statuses(res, "EX") == {"ok": "met", "bad": "violated", "open": "pending"}
    assert statuses(res, "AB") == {"ok": "met", "bad": "violated", "open": "met"}
    assert statuses(res, "PR") == {"ok": "met", "bad": "violated", "open": "not_applicable"}
    pr = res.cases[(res.cases["rule_id"] == "PR") & (res.cases["case_id"] == "bad")].iloc[0]
    assert activities(log, pr["evidence"]) == ["Bevilling"]  # the one without an earlier application
    ab = res.cases[(res.cases["rule_id"] == "AB") & (res.cases["case_id"] == "bad")].iloc[0]
    assert activities(log, ab["evidence"]) == ["Sanktion"]


def test_separation_of_duties(make_log: Callable) -> None:
    rules = load_rules("rules:\n  - {id: SOD, type: separation, first: Indstilling, second: [Bevilling, Afslag]}\n")
    log = make_log([("same", "Indstilling", "2024-01-01", "anna"), ("same", "Bevilling", "2024-01-02", "anna"),
                    ("diff", "Indstilling", "2024-01-01", "anna"), ("diff", "Afslag", "2024-01-02", "bo"),
                    ("one", "Indstilling", "2024-01-01", "anna")])
    res = evaluate(log, rules, as_of="2024-02-01")
    assert statuses(res, "SOD") == {"same": "violated", "diff": "met", "one": "not_applicable"}
    row = res.cases[res.cases["case_id"] == "same"].iloc[0]
    assert activities(log, row["evidence"]) == ["Indstilling", "Bevilling"]


QUOTA = """
rules:
  - id: Q
    type: quota
    trigger: {{case_start: true}}
    target: Tilbud
    within: 30 days
    quota:
      target: 75%
      cohort: month
      exemption: {exemption}
"""


def _quota_log(make_log: Callable):  # type: ignore[no-untyped-def]
    rows = []
    # January cohort: 8 cases, 5 with an offer in time, 1 late, 2 exempted without an offer
    for i in range(8):
        rows.append((f"j{i}", "Start", "2024-01-05"))
        if i < 5:
            rows.append((f"j{i}", "Tilbud", "2024-01-20"))
        elif i == 5:
            rows.append((f"j{i}", "Tilbud", "2024-03-01"))
    # March cohort: 2 cases, one open with deadline after as_of
    rows += [("m0", "Start", "2024-03-01"), ("m0", "Tilbud", "2024-03-05"), ("m1", "Start", "2024-03-20")]
    attrs = {f"j{i}": {"undtaget": "Ja" if i >= 6 else "Nej"} for i in range(8)}
    attrs |= {"m0": {"undtaget": "Nej"}, "m1": {"undtaget": "Nej"}}
    return make_log(rows, case_attrs=attrs)


def test_quota_with_excluded_exemptions(make_log: Callable) -> None:
    log = _quota_log(make_log)
    rules = load_rules(QUOTA.format(exemption="{attribute: undtaget, values: [Ja], count_as: excluded}"))
    q = evaluate(log, rules, as_of="2024-04-01").quotas()
    jan = q[q["cohort"] == "2024-01"].iloc[0]
    assert (jan["n_cases"], jan["n_met"], jan["n_violated"], jan["n_exempt"]) == (8, 5, 1, 2)
    assert jan["share"] == 5 / 6 and jan["status"] == "met"
    mar = q[q["cohort"] == "2024-03"].iloc[0]
    assert (mar["n_met"], mar["n_pending"], mar["status"]) == (1, 1, "pending")


def test_quota_with_exemptions_counted_as_met_up_to_a_share(make_log: Callable) -> None:
    log = _quota_log(make_log)
    rules = load_rules(QUOTA.format(exemption="{attribute: undtaget, values: [Ja], count_as: violated}"))
    jan = evaluate(log, rules, as_of="2024-04-01").quotas().iloc[0]
    assert jan["share"] == 5 / 8 and jan["status"] == "violated"
    capped = load_rules(QUOTA.format(exemption="{attribute: undtaget, values: [Ja], count_as: met, "
                                     "max_share: 0.125}"))
    jan = evaluate(log, capped, as_of="2024-04-01").quotas().iloc[0]
    # one exemption (12.5 % of 8) counts as met, the other by what happened (no offer: violated)
    assert (jan["n_met"], jan["n_violated"], jan["n_exempt"]) == (6, 2, 1)
    assert jan["share"] == 0.75 and jan["status"] == "met"


def test_quota_after_a_save_and_load_round_trip(make_log: Callable, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A stored result comes back with pandas' string dtype for ``status``; the quota counts stay numbers."""
    from sagsflow.compliance import ComplianceResult

    log = _quota_log(make_log)
    rules = load_rules(QUOTA.format(exemption="{attribute: undtaget, values: [Ja], count_as: excluded}"))
    res = evaluate(log, rules, as_of="2024-04-01")
    res.cases["status"] = res.cases["status"].astype("string")
    jan = res.quotas().iloc[0]
    assert (jan["n_met"], jan["n_violated"]) == (5, 1) and jan["share"] == 5 / 6
    res.save(log.workspace, "q")
    again = ComplianceResult.load(log.workspace, "q").quotas()
    assert again.iloc[0]["share"] == 5 / 6
