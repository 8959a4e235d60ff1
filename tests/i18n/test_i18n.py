"""Languages: the catalogues match the source, Danish plurals and numbers, the current language per context,
jobs in the submitter's language, and the server speaking the page's language."""

from __future__ import annotations

import contextvars
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sagsflow import i18n
from sagsflow.i18n import _, catalog, ngettext, use_language

ROOT = Path(__file__).resolve().parents[2]


def test_every_text_has_a_danish_translation_and_the_catalogues_match_the_source() -> None:
    problems = catalog.check()
    assert not problems, (
        "the message catalogues do not match the source; run `python -m sagsflow.i18n update` (or "
        "`make messages`) and translate the new texts in src/sagsflow/locale/da/LC_MESSAGES/sagsflow.po:\n"
        + "\n".join(map(str, problems[:40])))


def _package(tmp_path: Path, source: str) -> Path:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "m.py").write_text(source, encoding="utf-8")
    return pkg


def test_check_fails_on_a_new_text_a_stale_text_and_a_missing_translation(tmp_path: Path) -> None:
    pkg = _package(tmp_path, 'from sagsflow.i18n import _, ngettext\n_("one text")\n'
                             'ngettext("{n} warning", "{n} warnings", 2)\n')
    locale = tmp_path / "locale"
    assert {(p.lang, p.kind) for p in catalog.check(package_dir=pkg, locale_dir=locale)} == {
        ("da", "missing"), ("en", "missing")}
    catalog.update(package_dir=pkg, locale_dir=locale)
    problems = catalog.check(package_dir=pkg, locale_dir=locale)
    assert sorted((p.lang, p.kind, p.msgid) for p in problems) == [
        ("da", "untranslated", "one text"), ("da", "untranslated", "{n} warning")]
    po = catalog.po_path("da", locale)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "one text"\nmsgstr ""', 'msgid "one text"\nmsgstr "én tekst"')
    text = text.replace('msgstr[0] ""\nmsgstr[1] ""', 'msgstr[0] "{n} advarsel"\nmsgstr[1] "{n} advarsler"')
    po.write_text(text, encoding="utf-8")
    assert catalog.check(package_dir=pkg, locale_dir=locale) == []
    # the source changes: the old text is stale and the new one missing until the catalogue is updated
    (pkg / "m.py").write_text('from sagsflow.i18n import _\n_("another text")\n', encoding="utf-8")
    kinds = {(p.kind, p.msgid) for p in catalog.check(package_dir=pkg, locale_dir=locale) if p.lang == "da"}
    assert kinds == {("missing", "another text"), ("stale", "one text"), ("stale", "{n} warning")}


def test_check_fails_on_a_translation_with_other_placeholders(tmp_path: Path) -> None:
    pkg = _package(tmp_path, 'from sagsflow.i18n import _\n_("{count} events in {log}")\n')
    locale = tmp_path / "locale"
    catalog.update(package_dir=pkg, locale_dir=locale)
    po = catalog.po_path("da", locale)
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "{count} events in {log}"\nmsgstr ""', 'msgid "{count} events in {log}"\nmsgstr "{antal} hændelser"'),
        encoding="utf-8")
    assert [(p.lang, p.kind) for p in catalog.check(package_dir=pkg, locale_dir=locale)] == [("da", "placeholders")]


def test_danish_plurals_and_numbers() -> None:
    with use_language("da"):
        assert ngettext("read {n} row", "read {n} rows", 1) == "1 række læst"
        assert ngettext("read {n} row", "read {n} rows", 2) == "2 rækker læst"
        assert ngettext("read {n} row", "read {n} rows", 2500) == "2.500 rækker læst"
        assert ngettext("read {n} row", "read {n} rows", 0) == "0 rækker læst"
    with use_language("en"):
        assert ngettext("read {n} row", "read {n} rows", 1) == "read 1 row"
        assert ngettext("read {n} row", "read {n} rows", 2500) == "read 2,500 rows"
    assert i18n.format_number(1234567.891, lang="da", decimals=2) == "1.234.567,89"
    assert i18n.format_percent(0.125, lang="da") == "12,5 %"


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_danish_numbers_read_back(n: int) -> None:
    text = i18n.format_number(n, lang="da")
    assert "," not in text and int(text.replace(".", "")) == n
    assert int(i18n.format_number(n, lang="en").replace(",", "")) == n


def test_the_language_is_per_context_and_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAGSFLOW_LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    assert i18n.get_language() == "da" and _("done") == "færdig"
    monkeypatch.setenv("SAGSFLOW_LANGUAGE", "en")
    assert i18n.get_language() == "en"
    seen: list[str] = []
    with use_language("da"):
        ctx = contextvars.copy_context()
        other = threading.Thread(target=lambda: seen.append(i18n.get_language()))  # a new thread: the default
        other.start()
        other.join()
        ctx.run(lambda: seen.append(i18n.get_language()))  # a copied context: the language it was copied in
    assert seen == ["en", "da"] and i18n.get_language() == "en"
    with pytest.raises(ValueError, match="must be one of da, en"):
        i18n.set_language("fr")


def test_negotiate_reads_accept_language() -> None:
    assert i18n.negotiate("da-DK,da;q=0.9,en;q=0.8") == "da"
    assert i18n.negotiate("en-GB,en;q=0.9,da;q=0.8") == "en"
    assert i18n.negotiate("de-DE, da;q=0.4, en;q=0.3") == "da"
    assert i18n.negotiate("da;q=0, en") == "en"
    assert i18n.negotiate("", default="da") == "da"


def test_jobs_write_their_messages_in_the_submitters_language() -> None:
    from sagsflow.meta import MetaDB
    from sagsflow.meta.jobs import JobRunner

    db = MetaDB("sqlite://")
    db.upgrade()
    runner = JobRunner(db, workers=1, min_update_interval=0)
    with use_language("da"):
        da_job = runner.submit("x", lambda p: p(0.5, _("saving the result")) or {})
    with use_language("en"):
        en_job = runner.submit("x", lambda p: {})
    assert runner.wait(da_job).message == "færdig"
    assert runner.wait(en_job).message == "done"
    runner.shutdown()


def test_quality_findings_follow_the_language() -> None:
    from sagsflow.quality.texts import finding_texts

    metrics = {"count": 2500, "share": 0.25, "n_cases_affected": 1, "first_day": "2024-01-01",
               "last_day": "2024-06-30", "period_source": "derived", "included": False, "n_unrepresentable": 0}
    da = finding_texts("implausible_dates", metrics, "da")
    en = finding_texts("implausible_dates", metrics, "en")
    assert da[0] == "Datoer uden for den plausible periode" and da[1].startswith("2.500 hændelser (25,0 %)")
    assert "(udledt af data)" in da[1] and "alle analyser udelader dem" in da[1]
    assert en[0] == "Dates outside the plausible period" and en[1].startswith("2,500 events (25.0 %)")


@pytest.mark.slow
def test_the_wheel_ships_the_catalogues(tmp_path: Path) -> None:
    """A plain ``pip install`` has the ``.po`` files, which Babel compiles when first used."""
    # under `make test` (uv run) uv names itself in $UV; else uv beside this interpreter or on PATH
    uv = subprocess.run([sys.executable, "-m", "uv", "--version"], capture_output=True)
    cmd = ([os.environ["UV"]] if os.environ.get("UV") else [sys.executable, "-m", "uv"] if uv.returncode == 0
           else ["python3", "-m", "uv"])
    res = subprocess.run([*cmd, "build", "--wheel", "-o", str(tmp_path), str(ROOT)], capture_output=True,
                         text=True)
    if res.returncode != 0 and "No module named uv" in res.stderr:
        pytest.skip("uv is not installed")
    assert res.returncode == 0, res.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"sagsflow/locale/da/LC_MESSAGES/sagsflow.po", "sagsflow/locale/en/LC_MESSAGES/sagsflow.po"} <= names
    # loaded from the unpacked wheel alone, the Danish catalogue translates
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    out = subprocess.run(
        [sys.executable, "-c", "import sagsflow.i18n as i; i.set_language('da'); print(i._('done'), i.__file__)"],
        capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "færdig" and str(tmp_path / "site") in out.stdout


def _check_job(world: Any, csv: Path, headers: dict[str, str], query: str = "") -> tuple[dict[str, str], Any]:
    """Run ``POST .../imports/check`` and wait: the findings' titles by code, and the job (with ``started``)."""
    analyst = world.headers("a", "analyst")
    runner = world.client.app.state.server.runner
    gate = threading.Event()  # hold both workers, so the answer shows the queued job's own message
    # held until the gate opens, not for a fixed time (a loaded machine can take longer than any short timeout)
    blockers = [runner.submit("block", lambda p: gate.wait(600) and None) for _ in range(2)]
    try:
        with csv.open("rb") as f:
            r = world.client.post(f"/api/workspaces/{world.workspace['a']}/imports/check{query}",
                                  headers={**analyst, **headers}, files={"file": ("new.csv", f, "text/csv")},
                                  data={"log": "fresh"})
    finally:
        gate.set()
    for b in blockers:
        runner.wait(b)
    assert r.status_code == 202, r.text
    runner.wait(r.json()["id"], timeout=600)  # a bound on the wait, not a speed check
    job = world.client.get(f"/api/jobs/{r.json()['id']}", headers=analyst).json()
    assert job["state"] == "succeeded", job
    return {f["code"]: f["title"] for f in job["result"]["quality"]["findings"]}, {**job, "started": r.json()}


def test_the_server_speaks_the_pages_language(tmp_path: Path) -> None:
    from tests.api.conftest import build_world, write_log_csv

    csv = write_log_csv(tmp_path / "new.csv", n_cases=8, prefix="n")
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join([*lines, lines[1], "n0,Check,1900-01-01 00:00,r1"]) + "\n", encoding="utf-8")
    for world in build_world(tmp_path):
        da, da_job = _check_job(world, csv, {"Accept-Language": "da-DK,da;q=0.9,en;q=0.5"})
        en, en_job = _check_job(world, csv, {"Accept-Language": "en-GB"})
        assert {"duplicate_events", "implausible_dates"} <= set(en)
        assert da == {code: i18n.translations("da").gettext(t) for code, t in en.items()} and da != en
        assert da["duplicate_events"] == "Identiske dubletter"
        # the job's own texts too: started, progress and done, in the language of the page that started it
        assert da_job["started"]["message"] == "tjek new.csv før import til fresh" and da_job["message"] == "færdig"
        assert en_job["started"]["message"] == "check new.csv before importing into fresh"
        assert en_job["message"] == "done"
        assert _check_job(world, csv, {}, "?lang=da")[0] == da
        assert _check_job(world, csv, {"Accept-Language": "fr"})[0] == en  # the server's default (English here)
