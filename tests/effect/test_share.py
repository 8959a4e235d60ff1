"""Must show (issue #18): a profile exported from each demo municipality contains no case id, pseudonym,
resource or group under k (the file is scanned), is signed, and imports into another workspace."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sagsflow.disclosure import DisclosurePolicy
from sagsflow.errors import InvalidParameterError
from sagsflow.filters import case_attribute
from sagsflow.share import export_profile, generate_key, import_profile, list_profiles, public_key_text, write_profile
from sagsflow.store.workspace import Workspace

pytestmark = pytest.mark.slow
MUNICIPALITIES = ["Søby", "Åkjær", "Nørreby", "Vestlev", "Egholm"]
K = 5


def _identifiers(ws: Workspace, log: str) -> set[str]:
    con = ws.con
    found: set[str] = set()
    for sql in (f"SELECT DISTINCT case_id FROM log_{log}.cases", f"SELECT DISTINCT borger FROM log_{log}.cases",
                f"SELECT DISTINCT resource FROM log_{log}.events WHERE resource IS NOT NULL"):
        found |= {str(r[0]) for r in con.execute(sql).fetchall() if r[0] is not None}
    return found - {"RPA-ROBOT", "SELVBETJENING"}  # the system users are not persons


def _counts(profile: dict) -> list[int]:
    out = []
    for part in ("indicators", "activities", "transitions", "variants"):
        out += [int(r["n_cases"]) for r in profile[part]["rows"]]
    return out


def test_each_municipality_exports_a_clean_signed_profile(demo_path: Path, tmp_path: Path) -> None:
    key = generate_key(tmp_path / "signing.pem")
    trusted = [public_key_text(key)]
    with Workspace.open(demo_path, read_only=True) as ws:
        ids = _identifiers(ws, "kontanthjaelp")
        files = []
        for m in MUNICIPALITIES:
            log = ws.log("kontanthjaelp").filter(case_attribute("kommune", [m]))
            prof = export_profile(log, name=f"{m} kontanthjælp", case_type="maalgruppe", key=key,
                                  policy=DisclosurePolicy(min_group_size=K))
            files.append(write_profile(prof, tmp_path / f"{m}.json"))
    assert len(ids) > 10_000
    for f in files:
        text = f.read_text(encoding="utf-8")
        tokens = set(re.findall(r"[0-9A-Za-zÆØÅæøå_\-]+", text))
        leaked = tokens & ids
        assert not leaked, (f.name, sorted(leaked)[:5])
        profile = json.loads(text)
        counts = _counts(profile)
        assert counts and min(counts) >= K, (f.name, min(counts))
        assert profile["protection"]["min_group_size"] == K
        assert profile["indicators"]["rows"] and profile["transitions"]["rows"] and profile["variants"]["rows"]
        assert not {"case_id", "borger", "resource"} & set(profile["transitions"]["columns"])
    # another municipality's workspace imports them, checking the signature and the trusted key
    with Workspace.open(tmp_path / "other") as other:
        for f in files:
            import_profile(other, f, trusted_keys=trusted)
        kept = list_profiles(other)
        assert sorted(p["name"] for p in kept) == sorted(f"{m} kontanthjælp" for m in MUNICIPALITIES)
        tampered = json.loads(files[0].read_text(encoding="utf-8"))
        tampered["indicators"]["rows"][0]["n_cases"] += 1
        with pytest.raises(InvalidParameterError, match="signature"):
            import_profile(other, tampered)
        with pytest.raises(InvalidParameterError, match="not trusted"):
            import_profile(other, files[0], trusted_keys=[public_key_text(generate_key())])
        assert len(list_profiles(other)) == len(MUNICIPALITIES)


def test_a_profile_with_case_access_is_refused(demo_path: Path) -> None:
    with Workspace.open(demo_path, read_only=True) as ws, pytest.raises(InvalidParameterError, match="restricted"):
        export_profile(ws.log("kontanthjaelp"), name="x", key=generate_key(),
                       policy=DisclosurePolicy(sees_cases=True))


def test_cli_keygen_export_import_list(demo_path: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sagsflow.cli.app import app

    run = CliRunner().invoke
    r = run(app, ["share", "keygen", str(tmp_path / "k.pem")])
    assert r.exit_code == 0, r.output
    pub = r.stdout.strip()
    out = tmp_path / "p.json"
    r = run(app, ["share", "export", "kontanthjaelp", "--key", str(tmp_path / "k.pem"), "--out", str(out),
                  "--case-type", "kommune", "--workspace", str(demo_path)])
    assert r.exit_code == 0, r.output
    other = tmp_path / "other"
    Workspace.open(other).close()
    r = run(app, ["share", "import", str(out), "--trust", pub, "--workspace", str(other)])
    assert r.exit_code == 0 and "imported kontanthjaelp" in r.stdout, r.output
    r = run(app, ["share", "list", "--workspace", str(other)])
    assert r.stdout.startswith("kontanthjaelp\t") and "k=5" in r.stdout
