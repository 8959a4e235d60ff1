"""check_conformance on hand-made logs: equal to PM4Py per case, groupings, fallbacks, exports, errors."""

from __future__ import annotations

from collections import Counter

import openpyxl
import pytest

from sagsflow import filters
from sagsflow.conformance import align_variants, check_conformance, read_bpmn
from sagsflow.discovery import InductiveMiner
from sagsflow.errors import InvalidParameterError
from tests.conformance.conftest import FIXTURES, HAND_TRACES, quiet, to_dataframe, write_cases

REFERENCE = Counter({("register", "check", "decide", "notify"): 5, ("register", "reject"): 2})
UNITS = ["Nord", "Syd"] * 6 + ["Nord"]


@pytest.fixture
def checked(ws):
    log = write_cases(ws, HAND_TRACES, UNITS, days_apart=10)
    return check_conformance(log, InductiveMiner().fit_variants(REFERENCE), processes=1)


def test_fitness_per_case_equals_pm4py(checked):
    import pm4py

    net, im, fm = checked.model.to_pm4py()
    df = to_dataframe(HAND_TRACES)
    theirs = quiet(pm4py.conformance_diagnostics_alignments, df, net, im, fm, multi_processing=False)
    ids = sorted(df["case:concept:name"].unique())
    cases = checked.cases.set_index("case_id")
    for cid, ali in zip(ids, theirs, strict=True):
        assert cases.loc[cid, "fitness"] == pytest.approx(ali["fitness"], abs=1e-12)
    fit = quiet(pm4py.fitness_alignments, df, net, im, fm, multi_processing=False)
    assert checked.fitness_dict() == pytest.approx({k: fit[k] for k in checked.fitness_dict()}, abs=1e-12)
    assert checked.percent_fitting == pytest.approx(100 * 7 / 13)


def test_deviations_per_activity_count_skipped_and_unexpected_steps(checked):
    acts = checked.activities.set_index("activity")
    # 'ask' is not in the model: each of its 2 events is unexpected; 'register' always matches
    assert acts.loc["ask", ["in_model", "in_log", "n_unexpected", "n_cases_unexpected", "n_skipped"]].tolist() == \
        [False, True, 2, 2, 0]
    assert acts.loc["register", ["n_sync", "n_skipped", "n_unexpected"]].tolist() == [13, 0, 0]
    # the case ending after 'decide' skips 'notify'
    assert acts.loc["notify", ["n_skipped", "n_cases_skipped"]].tolist() == [1, 1]
    total = acts["n_skipped"] + acts["n_unexpected"]
    # every unit of alignment cost is one deviation: 3 cases x 2 + 2 x 2 + 1 x 1
    assert total.sum() == 11 == (checked.variants["cost"] // 10000 * checked.variants["n_cases"]).sum()
    # a swapped pair (decide, check) is one skip and one unexpected step of either activity: PM4Py
    # picks one of the equally good alignments
    assert total.is_monotonic_decreasing and total.index[0] in ("check", "decide")
    cases = checked.cases
    assert (cases["n_skipped"] + cases["n_unexpected"] > 0).sum() == 13 - 7


def test_per_variant_period_and_attribute(checked):
    variants = checked.variants
    assert variants["n_cases"].tolist() == [5, 3, 2, 2, 1]
    assert variants["method"].unique().tolist() == ["alignment"]
    periods = checked.by_period()
    # cases start 10 days apart from 2024-01-01 (days 0..120): Jan 0-30, Feb 40-50, Mar 60-90, Apr 100-120
    assert dict(zip(periods["period"], periods["n_cases"], strict=True)) == \
        {"2024-01": 4, "2024-02": 2, "2024-03": 4, "2024-04": 3}
    units = checked.by_attribute("unit").set_index("unit")
    assert units.loc["Nord", "n_cases"] == 7 and units.loc["Syd", "n_cases"] == 6
    cases = checked.cases.assign(unit=UNITS)
    for unit, group in cases.groupby("unit"):
        assert units.loc[unit, "mean_fitness"] == pytest.approx(group["fitness"].mean())
        assert units.loc[unit, "share_fitting"] == pytest.approx(group["is_fitting"].mean())
    per_unit = checked.deviations(by="unit")
    assert per_unit.groupby("deviation")["n_moves"].sum().to_dict() == \
        checked.deviations().groupby("deviation")["n_moves"].sum().to_dict()
    assert checked.by_period("year")["period"].tolist() == ["2024"]
    assert checked.by_period("quarter")["period"].tolist() == ["2024-Q1", "2024-Q2"]


def test_two_processes_give_the_same_result(ws):
    log = write_cases(ws, HAND_TRACES)
    model = InductiveMiner().fit_variants(REFERENCE)
    one, two = (check_conformance(log, model, processes=p) for p in (1, 2))
    same = ["variant_id", "n_cases", "fitness", "cost", "bwc", "method"]
    assert one.variants[same].equals(two.variants[same])
    assert one.cases.equals(two.cases.assign(n_skipped=one.cases["n_skipped"], n_unexpected=one.cases["n_unexpected"]))
    deviations = [c["n_skipped"] + c["n_unexpected"] for c in (one.cases, two.cases)]
    assert deviations[0].equals(deviations[1])


def test_a_variant_out_of_time_falls_back_to_token_replay_and_is_reported(ws):
    log = write_cases(ws, HAND_TRACES)
    model = InductiveMiner().fit_variants(REFERENCE)
    res = check_conformance(log, model, processes=1, timeout=1e-9)
    assert res.n_variants_fallback == 5 and res.n_cases_fallback == 13
    assert res.fallbacks["method"].unique().tolist() == ["token_replay"]
    assert res.variants["fitness"].notna().all() and res.deviations().empty
    assert "5 variants (13 cases) ran out of time and fell back to token-replay fitness" in res.summary()
    assert res.by_period()["n_cases_fallback"].sum() == 13
    spent = check_conformance(log, model, processes=2, time_budget=1e-6)
    assert spent.n_variants_fallback == 5 and spent.variants["method"].unique().tolist() == ["token_replay"]
    with pytest.raises(InvalidParameterError, match=r"'time_budget' must be a positive number of seconds"):
        check_conformance(log, model, time_budget=-1)
    bare = align_variants(model.petri_net_, [("register", "reject")], timeout=1e-9, processes=1, fallback=False)
    assert bare[0].method == "timeout" and bare[0].fitness is None


def test_exports_are_formula_safe(ws, tmp_path):
    log = write_cases(ws, [["register", "=HYPERLINK(\"http://x\")", "reject"], ["register", "reject"]])
    res = check_conformance(log, InductiveMiner().fit_variants(REFERENCE), processes=1)
    csv = res.to_csv(tmp_path / "dev.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n=HYPERLINK" not in csv
    xlsx = res.to_excel(tmp_path / "variants.xlsx", "variants")
    sheet = openpyxl.load_workbook(xlsx)["variants"]
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "register -> '=HYPERLINK(\"http://x\") -> reject" in cells or \
        "register -> =HYPERLINK(\"http://x\") -> reject" in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert len(res.table("cases")) == 2


def test_a_bpmn_reference_model_by_path(ws):
    log = write_cases(ws, [["Ansøgning modtaget", "Første samtale", "Indhent oplysninger", "Afslag", "Sag afsluttet"],
                           ["Ansøgning modtaget", "Afslag"]])
    res = check_conformance(log, FIXTURES / "camunda.bpmn", processes=1)
    assert res.cases["is_fitting"].tolist() == [True, False]
    skipped = set(res.deviations().query("deviation == 'skipped'")["activity"])
    assert skipped == {"Indhent oplysninger", "Første samtale", "Sag afsluttet"}
    assert res.model.warnings == read_bpmn(FIXTURES / "camunda.bpmn").warnings


def test_bad_arguments_are_rejected(ws, checked):
    log = write_cases(ws, HAND_TRACES)
    model = InductiveMiner().fit_variants(REFERENCE)
    with pytest.raises(InvalidParameterError, match=r"'timeout' must be a positive number of seconds per "
                                                    r"alignment\. Got 0 instead"):
        check_conformance(log, model, timeout=0)
    with pytest.raises(InvalidParameterError, match=r"'processes' must be an integer >= 1\. Got 0 instead"):
        check_conformance(log, model, processes=0)
    with pytest.raises(InvalidParameterError, match=r"(?s)'team' is not a period or a case attribute of log .*"
                                                    r"one of the case attributes: \['unit'\]"):
        checked.by_attribute("team")
    with pytest.raises(InvalidParameterError, match=r"freq must be week, month, quarter or year\. Got 'day'"):
        checked.by_period("day")
    with pytest.raises(InvalidParameterError, match="table must be one of"):
        checked.table("nope")
    empty = log.filter(filters.case_id("nobody"))
    with pytest.raises(InvalidParameterError, match="it has no cases"):
        check_conformance(empty, model)


def test_activities_the_model_lacks_are_log_moves_with_pm4py_costs(ws):
    """Variants are aligned on their projection on the model's activities; cost and fitness stay PM4Py's."""
    import pm4py

    noisy = [["scan", "register", "scan", "check", "decide", "mail", "notify"],
             ["register", "check", "scan", "decide", "notify", "mail", "mail"],
             ["scan", "register", "reject"], ["mail"], ["register", "decide", "scan", "check"]]
    log = write_cases(ws, noisy)
    model = InductiveMiner().fit_variants(REFERENCE)
    res = check_conformance(log, model, processes=1)
    net, im, fm = model.petri_net_.to_pm4py()
    theirs = quiet(pm4py.conformance_diagnostics_alignments, to_dataframe(noisy), net, im, fm, multi_processing=False)
    cases = res.cases.merge(res.variants[["variant_id", "cost", "bwc"]], on="variant_id")
    assert cases["fitness"].tolist() == pytest.approx([a["fitness"] for a in theirs], abs=1e-12)
    assert cases["cost"].tolist() == [a["cost"] for a in theirs]
    assert cases["bwc"].tolist() == [a["bwc"] for a in theirs]
    acts = res.activities.set_index("activity")
    assert acts.loc["scan", "n_unexpected"] == 5 and acts.loc["mail", "n_unexpected"] == 4
    # the moves of each case keep its events in order
    first = res.variants.set_index("variant_id")
    assert first.loc[cases.loc[0, "variant_id"], "n_unexpected"] >= 3


def test_both_searches_give_pm4py_a_star_alignment_cost_and_a_slow_dijkstra_is_given_up():
    """optimal_alignment tries PM4Py's Dijkstra search, then its A*; either way the cost is A*'s (PM4Py's log
    fitness counts silent steps), and a model on which Dijkstra keeps running out of its quick time goes to A*."""
    from pm4py.algo.conformance.alignments.petri_net import algorithm as ali

    from sagsflow.conformance.align import _trace, optimal_alignment

    miner = InductiveMiner().fit_variants(Counter({("a", "b", "c"): 3, ("a", "c"): 1, ("a", "d", "d", "c"): 1}))
    net, im, fm = miner.petri_net_.to_pm4py()
    for acts in [("a", "b", "c"), ("a", "x", "c"), ("b",), ("a", "d", "b", "d", "c", "c")]:
        theirs = ali.apply_trace(_trace(acts), net, im, fm, variant=ali.Variants.VERSION_STATE_EQUATION_A_STAR,
                                 parameters={"show_progress_bar": False})
        quick: dict[str, int] = {}
        ours = optimal_alignment(acts, net, im, fm, timeout=10, stats=quick)
        assert ours is not None and ours["cost"] == theirs["cost"] and ours["fitness"] == theirs["fitness"]
        assert quick == {"tries": 1, "wins": 1}  # the Dijkstra search found it
        given_up = {"tries": 8, "wins": 1}
        ours = optimal_alignment(acts, net, im, fm, timeout=10, stats=given_up)
        assert ours is not None and ours["cost"] == theirs["cost"] and given_up == {"tries": 8, "wins": 1}


def test_a_model_too_deep_to_pickle_is_aligned_in_worker_processes():
    """A long model (1,200 steps in sequence) reaches the worker processes: PM4Py's net is a graph of objects
    pointing at each other, and pickling it recursed past Python's limit (a Split Miner model of PermitLog did,
    and the whole check failed); it now travels as plain tuples."""
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils.petri_utils import add_arc_from_to

    from sagsflow.conformance.model import ReferenceModel

    net = PetriNet("chain")
    places = [PetriNet.Place(f"p{i}") for i in range(1201)]
    net.places.update(places)
    for i in range(1200):
        t = PetriNet.Transition(f"t{i}", f"A{i}")
        net.transitions.add(t)
        add_arc_from_to(places[i], t, net)
        add_arc_from_to(t, places[i + 1], net)
    model = ReferenceModel.from_net(net, Marking({places[0]: 1}), Marking({places[-1]: 1}), source="chain")
    fitting = tuple(f"A{i}" for i in range(1200))
    res = align_variants(model, [fitting, fitting[:1199], fitting[1:]], processes=2, timeout=120, fallback=False)
    assert [r.method for r in res] == ["alignment"] * 3
    one_off = pytest.approx(1 - 1 / 2399, abs=1e-12)  # one move against 1,199 events + the model's 1,200 steps
    assert [r.fitness for r in res] == [1.0, one_off, one_off]


def test_with_a_time_budget_the_variants_are_aligned_in_the_order_given(ws, monkeypatch):
    """A log's variants come most frequent first: with a budget they are aligned in that order, so the budget goes to
    the sequences most cases follow (longest first spent it all on the hardest ones); with no budget, longest
    first (the pool then ends on short alignments)."""
    from sagsflow.conformance import align

    model = InductiveMiner().fit(write_cases(ws, [["register", "decide"], ["register", "check", "check", "decide"]]))
    seen: list[tuple[str, ...]] = []
    real = align.optimal_alignment

    def spy(trace, *args, **kwargs):
        seen.append(tuple(trace))
        return real(trace, *args, **kwargs)

    monkeypatch.setattr(align, "optimal_alignment", spy)
    frequent, rare = ("register", "decide"), ("register", "check", "check", "decide")
    align_variants(model.petri_net_, [frequent, rare], processes=1, time_budget=600)
    assert seen == [frequent, rare]
    seen.clear()
    align_variants(model.petri_net_, [frequent, rare], processes=1)
    assert seen == [rare, frequent]
