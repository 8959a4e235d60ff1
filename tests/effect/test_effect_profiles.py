"""Must show (issue #18): effects estimated "by difference-in-differences against the other municipalities'
profiles". Egholm's and Nørreby's own workspaces hold only their own cases; the four other municipalities export
profiles carrying the intervention's indicator series (released with groups under k hidden), the workspace
imports them, and the estimate uses them as controls: the true injected size is inside the 95 % interval, and an
intervention where nothing changed covers "no effect"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sagsflow.disclosure import DisclosurePolicy
from sagsflow.effect import Intervention, estimate_effect
from sagsflow.errors import InvalidParameterError
from sagsflow.filters import case_attribute
from sagsflow.share import export_profile, generate_key, import_profile, list_profiles, public_key_text, write_profile
from sagsflow.store.workspace import Workspace
from tests.effect.conftest import NO_SHOW, WAIT

pytestmark = pytest.mark.slow
ALL = ["Søby", "Åkjær", "Nørreby", "Vestlev", "Egholm"]
K = 5


def _bottleneck(truth: dict) -> dict:
    b = truth["bottleneck"]
    return {"name": "Visitation team halved", "start": b["from"], "log": b["process"], "unit_by": "kommune",
            "units": [b["municipality"]], "indicator": WAIT, "period": "month"}


def _pre_interview(truth: dict) -> dict:
    c = truth["process_change"]
    return {"name": "Digital pre-interview", "start": c["from"], "log": c["process"], "unit_by": "kommune",
            "units": [c["municipality"]], "indicator": NO_SHOW, "period": "month"}


@pytest.fixture(scope="module")
def imported(demo_path: Path, own_workspaces: dict[str, Path], demo_truth: dict,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each of the two workspaces imports the profiles of the four other municipalities, one per log, carrying
    the series the network agreed on (the wait for kontanthjælp, the no-show rate for dagpenge)."""
    folder = tmp_path_factory.mktemp("profiles")
    key = generate_key()
    specs = {"kontanthjaelp": Intervention.model_validate(_bottleneck(demo_truth)).series_spec(),
             "dagpenge": Intervention.model_validate(_pre_interview(demo_truth)).series_spec()}
    files: dict[tuple[str, str], Path] = {}
    with Workspace.open(demo_path, read_only=True) as ws:
        for log, spec in specs.items():
            for m in ALL:
                lg = ws.log(log).filter(case_attribute("kommune", [m]))
                prof = export_profile(lg, name=f"{m} {log}", key=key, policy=DisclosurePolicy(min_group_size=K),
                                      series=[spec])
                files[(log, m)] = write_profile(prof, folder / f"{log}-{m}.json")
    for own in ("Egholm", "Nørreby"):
        with Workspace.open(own_workspaces[own]) as ws:
            for log in specs:
                assert set(ws.con.execute(f"SELECT DISTINCT kommune FROM log_{log}.cases").fetchall()) == {(own,)}
                for m in ALL:
                    if m != own:
                        import_profile(ws, files[(log, m)], trusted_keys=[public_key_text(key)])
    return {**own_workspaces, "files": folder}


def _estimate(path: Path, iv: dict, **kw: object):
    with Workspace.open(path, read_only=True) as ws:
        return estimate_effect(ws.log(iv["log"]), Intervention.model_validate(iv), method="did",
                               controls="profiles", **kw)  # type: ignore[arg-type]


def test_the_tripled_wait_against_profiles(imported: dict[str, Path], demo_truth: dict) -> None:
    est = _estimate(imported["Egholm"], _bottleneck(demo_truth))
    assert est.covers(demo_truth["bottleneck"]["factor"]), (est.effect, est.ci_low, est.ci_high)
    assert est.significant and est.ci_low > 1.8
    assert set(est.controls) == {f"{m} kontanthjaelp" for m in ("Søby", "Åkjær", "Nørreby", "Vestlev")}
    assert est.n_pre >= 20 and est.n_post >= 20
    assert est.control_cells and all(c["shown"] >= 20 for c in est.control_cells.values())


def test_the_no_show_drop_against_profiles_copes_with_hidden_cells(imported: dict[str, Path],
                                                                   demo_truth: dict) -> None:
    est = _estimate(imported["Nørreby"], _pre_interview(demo_truth))
    assert est.covers(demo_truth["process_change"]["no_show_factor"]), (est.effect, est.ci_low, est.ci_high)
    assert est.significant and est.ci_high < 1
    # few no-shows a month: the profiles hid months with 1 to 4 of them, and the estimate says so
    cells = est.control_cells or {}
    assert sum(c["hidden"] for c in cells.values()) > 0, cells
    text = " ".join(est.assumptions)
    assert "hidden" in text and "not a random choice" in text


@pytest.mark.parametrize(("own", "make"), [("Egholm", _pre_interview), ("Nørreby", _bottleneck)])
def test_a_null_intervention_against_profiles_covers_no_effect(imported: dict[str, Path], demo_truth: dict,
                                                               own: str, make) -> None:
    iv = make(demo_truth) | {"units": [own]}
    # a control must not have had a change of its own at the start: Egholm's tripled wait is left out
    with Workspace.open(imported[own], read_only=True) as ws:
        controls = [p for p in list_profiles(ws) if not str(p["name"]).startswith("Egholm")]
    est = _estimate(imported[own], iv, profiles=controls)
    assert est.covers(1.0), (est.effect, est.ci_low, est.ci_high)
    assert not any(c.startswith("Egholm") for c in est.controls)
    diff = _estimate(imported[own], iv, scale="difference", profiles=controls)
    assert diff.covers(0.0), (diff.effect, diff.ci_low, diff.ci_high)


def test_the_series_in_a_profile_hide_small_cells(imported: dict[str, Path]) -> None:
    for f in sorted(imported["files"].glob("*.json")):
        prof = json.loads(f.read_text(encoding="utf-8"))
        assert len(prof["series"]) == 1
        for s in prof["series"]:
            for r in s["rows"]:
                assert r["n_cases"] >= K
                if "n_outcome" in r:
                    assert r["n_outcome"] == 0 or r["n_outcome"] >= K
                    assert r["n_cases"] - r["n_outcome"] == 0 or r["n_cases"] - r["n_outcome"] >= K


def test_no_profile_with_the_series_is_a_clear_error(imported: dict[str, Path], demo_truth: dict) -> None:
    iv = _bottleneck(demo_truth) | {"indicator": {"kind": "rework"}}
    with pytest.raises(InvalidParameterError, match="no imported profile carries the series"):
        _estimate(imported["Egholm"], iv)
    with Workspace.open(imported["Egholm"], read_only=True) as ws:
        assert len(list_profiles(ws)) == 8


def test_cli_exports_the_series_and_estimates_against_profiles(imported: dict[str, Path], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sagsflow.cli.app import app

    run = CliRunner().invoke
    ws = ["--workspace", str(imported["Egholm"])]
    r = run(app, ["effect", "add", "--name", "Visitation team halved", "--start", "2023-10-01", "--log",
                  "kontanthjaelp", "--indicator", json.dumps(WAIT), "--by", "kommune", "--unit", "Egholm", *ws])
    assert r.exit_code == 0, r.output
    iv = r.stdout.strip()
    try:
        target = tmp_path / "est.json"
        r = run(app, ["effect", "estimate", iv, "--method", "did", "--controls", "profiles", "--out", str(target),
                      *ws])
        assert r.exit_code == 0, r.output
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["ci_low"] <= 3.0 <= data["ci_high"] and len(data["control_cells"]) == 4
        r = run(app, ["effect", "estimate", iv, "--method", "did", "--controls", "profiles", "--control",
                      "Søby kontanthjaelp", "--control", "Vestlev kontanthjaelp", "--out", str(target), *ws])
        assert r.exit_code == 0, r.output
        assert sorted(json.loads(target.read_text(encoding="utf-8"))["controls"]) == ["Søby kontanthjaelp",
                                                                                      "Vestlev kontanthjaelp"]
        # Egholm's own profile carries the same series for the others' workspaces
        run(app, ["share", "keygen", str(tmp_path / "k.pem")])
        out = tmp_path / "egholm.json"
        r = run(app, ["share", "export", "kontanthjaelp", "--key", str(tmp_path / "k.pem"), "--out", str(out),
                      "--name", "Egholm", "--series", iv, *ws])
        assert r.exit_code == 0, r.output
        prof = json.loads(out.read_text(encoding="utf-8"))
        assert prof["series"][0]["period"] == "month" and len(prof["series"][0]["rows"]) >= 40
        r = run(app, ["share", "export", "kontanthjaelp", "--key", str(tmp_path / "k.pem"), "--out", str(out),
                      "--series", "no_such_plan", *ws])
        assert r.exit_code != 0 and "neither an intervention" in r.output
    finally:
        assert run(app, ["effect", "remove", iv, *ws]).exit_code == 0
