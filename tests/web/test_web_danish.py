"""Danish everywhere a person reads: walk every page of the app in Danish (a Danish browser) and fail on text that
was not translated.

The walk covers the workspaces and logs, the dashboard, the map (and its table), variants, cases and one case,
models with a conformance check, compliance after a job (its progress and warnings), predictions after training
(progress, the models table and the model card), compare, every step of the import wizard (preview, mapping,
data-quality report, the import job) and, as their roles, the admin and audit pages. On each page the text nodes,
the accessible names (``aria-label``, ``title``, ``placeholder``, ``alt``), the chart's SVG text and the text of
frames (the model card) are checked for:

- a text of the English catalogues (the web app's ``en.json``, the library's English messages) whose Danish
  differs: an untranslated message;
- English words that Danish never uses ("the", "warnings", "done" ...);
- Python's representations (``['...']``, ``None``, ``nan``) and JavaScript's (``undefined``, ``[object Object]``);
- ``snake_case`` identifiers (``remaining_time``, ``n_cases``) other than the names of logs and attributes, which
  are data;
- numbers written the English way (``2,500``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.conftest import JOB_WAIT, REPO, check_axe, login, set_prediction
from tests.web.test_web_import import defective_csv

ENGLISH_WORDS = frozenset(re.findall(r"\w+", """
the and of with which there their these those this that from into between before after would should could been
warning warnings done saving result results queued started failed reading checking rows cases events activities
days hours remaining next outcome error errors found missing unknown please click show hide download upload
training trained predicted prediction predictions evaluating discovering aligning summarising applying writing
none yes no true false occurs does not than more less only every each
"""))
PY_JS_REPRS = re.compile(r"\[['\"]|['\"]\]|\{'|\bNone\b|\bnan\b|\bNaN\b|\bundefined\b|\[object Object\]|\bTrue\b|"
                         r"\bFalse\b")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])")
WORD = re.compile(r"[A-Za-zÆØÅæøå]+")

_COLLECT = """() => {
  const out = [];
  const skip = "script,style,code,pre,textarea,noscript,kbd,samp,[translate=no],[data-testid=mapping-yaml]";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    const el = n.parentElement;
    if (!el || el.closest(skip)) continue;
    const t = (n.textContent || "").replace(/\\s+/g, " ").trim();
    if (t) out.push(t);
  }
  for (const el of document.querySelectorAll("[aria-label],[title],[placeholder],[alt]")) {
    if (el.closest(skip)) continue;
    for (const a of ["aria-label", "title", "placeholder", "alt"]) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push(v.trim());
    }
  }
  for (const o of document.querySelectorAll("option")) if (o.textContent.trim()) out.push(o.textContent.trim());
  return out;
}"""


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in tree.items():
        key = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(_flatten(v, key))
        else:
            out[key] = v
    return out


def english_only_texts() -> set[str]:
    """Texts of the English catalogues whose Danish translation is different (a text found on a Danish page is
    then an untranslated one); only whole texts without placeholders, four letters or more."""
    en = _flatten(json.loads((REPO / "web/src/i18n/en.json").read_text(encoding="utf-8")))
    da = _flatten(json.loads((REPO / "web/src/i18n/da.json").read_text(encoding="utf-8")))
    out = {v for k, v in en.items() if da.get(k) != v and "{{" not in v}
    from sagsflow.i18n import translations

    catalogue = translations("da")
    po = Path(REPO / "src/sagsflow/locale/da/LC_MESSAGES/sagsflow.po").read_text(encoding="utf-8")
    for msgid in re.findall(r'^msgid "(.+)"$', po, flags=re.M):
        text = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if "{" not in text and catalogue.gettext(text) != text:
            out.add(text)
    danish = set(da.values())
    return {t for t in out if len(t) >= 4 and t not in danish and WORD.search(t)}


ENGLISH_TEXTS = english_only_texts()


class Walk:
    """The checks of one browser session; ``allowed`` holds identifiers that are data (log, attribute names)."""

    def __init__(self, page: Any, allowed: Iterable[str], logs: Iterable[str] = ()) -> None:
        self.page = page
        self.allowed = set(allowed)
        #: results named after their log (a compliance result "dagpenge_aakjaer_employment_dk") are data too
        self.prefixes = tuple(f"{log}_" for log in logs)
        self.problems: list[str] = []
        self.pages: list[str] = []

    def texts(self) -> list[str]:
        found: list[str] = []
        for frame in self.page.frames:
            try:
                found += frame.evaluate(_COLLECT)
            except Exception:  # a frame gone while reading (a chart redraw): read the rest
                continue
        return found

    def check(self, name: str) -> None:
        """Check everything a person can read on the page now."""
        self.pages.append(name)
        seen: set[str] = set()
        for text in self.texts():
            if text in seen:
                continue
            seen.add(text)
            bad = self._why(text)
            if bad:
                self.problems.append(f"{name}: {bad}: {text[:160]!r}")

    def _why(self, text: str) -> str | None:
        if text in self.allowed:
            return None
        if text in ENGLISH_TEXTS:
            return "an English catalogue text"
        words = {w.lower() for w in WORD.findall(text)}
        english = sorted(words & ENGLISH_WORDS)
        if english and len(text) > 1:
            return f"English words {english}"
        if PY_JS_REPRS.search(text):
            return "a Python/JavaScript representation"
        snake = [s for s in SNAKE.findall(text) if s not in self.allowed and not s.startswith(self.prefixes)]
        if snake:
            return f"identifiers {snake}"
        if ENGLISH_NUMBER.search(text):
            return "a number written the English way"
        return None


def _allowed(server: Any) -> set[str]:
    api = server.api("analyst")
    names: set[str] = set()
    for log in api.get(f"/api/workspaces/{server.workspace_id}/logs").json():
        names.add(log["name"])
        summary = api.get(f"/api/workspaces/{server.workspace_id}/logs/{log['name']}").json()
        for key in ("case_attributes", "event_attributes", "attributes"):
            for a in summary.get(key) or []:
                names.add(a["name"] if isinstance(a, dict) else str(a))
    # saved compliance results are named by their users (other tests on this server save some)
    names |= {r["name"] for r in api.get(f"/api/workspaces/{server.workspace_id}/compliance").json()}
    # model names too (other tests on this server train some)
    names |= {m["name"] for m in api.get(f"/api/workspaces/{server.workspace_id}/prediction-models").json()}
    # user names are data (the demo's users are called after their roles)
    return names | {"e2e_danish", "restid_da", "analyst", "admin", "viewer", "auditor"}


def test_the_detector_catches_untranslated_text() -> None:
    """The checks themselves: each kind of untranslated text is caught, Danish text passes."""
    w = Walk(page=None, allowed={"dagpenge_aakjaer"})
    assert w._why("saving the result")
    assert w._why("1 warnings") and w._why("['Afgjort']") and w._why("remaining_time") and w._why("2,500")
    assert w._why("Exact duplicate events")
    for danish in ("Identiske dubletter", "dagpenge_aakjaer", "2.500 hændelser", "1 advarsel", "0,875", "færdig"):
        assert w._why(danish) is None, danish


@pytest.mark.slow
def test_every_page_in_danish(browser: Any, server: Any) -> None:
    ctx = browser.new_context(base_url=server.url, locale="da-DK", viewport={"width": 1400, "height": 1000})
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    allowed = _allowed(server)
    logs = [x["name"] for x in server.api("analyst").get(f"/api/workspaces/{server.workspace_id}/logs").json()]
    walk = Walk(page, allowed, logs)
    ws, log = server.workspace_id, server.log
    base = f"/w/{ws}/l/{log}"
    try:
        login(page, "analyst", "/workspaces")
        expect(page.locator("html")).to_have_attribute("lang", "da")
        expect(page.get_by_test_id("workspace-list")).to_be_visible()
        walk.check("arbejdsområder")
        page.goto(f"/w/{ws}/logs")
        expect(page.get_by_test_id("log-table")).to_be_visible()
        walk.check("logs")

        page.goto(f"{base}/dashboard")
        expect(page.get_by_test_id("chart-throughput").locator("svg")).to_have_count(1)
        walk.check("overblik")

        page.goto(f"{base}/map")
        expect(page.get_by_test_id("case-count")).not_to_have_attribute("data-cases", "")
        expect(page.get_by_test_id("map-loading")).to_have_attribute("data-loading", "0")
        for summary in page.locator("details > summary").all():  # the map as a table (start and end by name)
            summary.click()
        walk.check("proceskort")

        page.goto(f"{base}/variants")
        expect(page.get_by_test_id("variants-summary")).to_be_visible()
        walk.check("varianter")

        page.goto(f"{base}/cases")
        link = page.get_by_test_id("case-link").first
        expect(link).to_be_visible()
        walk.check("sager")
        link.click()
        expect(page.get_by_test_id("case-timeline")).to_be_visible()
        walk.check("sag")

        page.goto(f"{base}/models")
        page.get_by_test_id("miner-inductive").check()
        page.get_by_test_id("discover").click()
        expect(page.get_by_test_id("bpmn-drawn")).to_be_attached(timeout=JOB_WAIT)
        walk.check("modeller")
        page.get_by_test_id("set-reference").click()
        expect(page.get_by_test_id("reference-from-models")).to_be_visible()
        page.get_by_test_id("conformance-run").click()
        expect(page.get_by_test_id("conformance-fitness")).to_be_visible(timeout=JOB_WAIT)
        walk.check("konformitet")

        page.goto(f"{base}/compliance")
        page.get_by_label("Vurderingsdato").fill("2025-06-01")
        page.get_by_test_id("compliance-start").click()
        expect(page.get_by_test_id("compliance-job")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
        expect(page.get_by_test_id("compliance-job")).to_contain_text("færdig")  # the job's own message
        expect(page.get_by_test_id("compliance-summary").locator("tbody tr").first).to_be_visible()
        for summary in page.locator("details > summary").all():
            summary.click()
        walk.check("regelefterlevelse")

        set_prediction(server, True)  # the legal gate: an administrator proposed, the auditor approved
        page.goto(f"{base}/predictions")
        page.get_by_label("Modelnavn").fill("restid_da")
        page.get_by_label("Forudsigelse", exact=True).select_option("remaining_time")
        page.get_by_test_id("train-start").click()
        expect(page.get_by_test_id("train-job")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
        expect(page.get_by_test_id("train-job")).to_contain_text("færdig")
        row = page.get_by_test_id("prediction-models").locator("tbody tr", has_text="restid_da v1")
        expect(row).to_contain_text("Resterende tid")
        row.get_by_role("button").click()
        frame = page.frame_locator("[data-testid=model-card]")
        expect(frame.locator("h1")).to_contain_text("Modelkort: restid_da v1")
        page.get_by_label("Tilstand pr.").fill("2025-06-01")
        page.get_by_test_id("score-start").click()
        expect(page.get_by_test_id("risk-table").locator("tbody tr").first).to_be_visible(timeout=JOB_WAIT)
        walk.check("forudsigelser med modelkort")

        page.goto(f"/w/{ws}/compare")
        page.locator("#a-log").select_option("dagpenge_aakjaer")
        page.locator("#b-log").select_option("dagpenge_egholm")
        page.get_by_test_id("compare-run").click()
        expect(page.get_by_test_id("compare-verdict")).to_contain_text("dagpenge_egholm", timeout=JOB_WAIT)
        walk.check("sammenlign")

        # the import wizard, step by step, with a file that has defects (the quality report lists them)
        page.goto(f"/w/{ws}/import")
        walk.check("import: vælg fil")
        page.get_by_test_id("import-file").set_input_files(
            files=[{"name": "dansk.csv", "mimeType": "text/csv", "buffer": defective_csv()}])
        page.get_by_test_id("import-log").fill("e2e_danish")
        page.get_by_test_id("import-preview").click()
        expect(page.get_by_test_id("import-rows")).to_contain_text("rækker")
        walk.check("import: eksempel og opmærkning")
        page.get_by_test_id("import-next").click()
        expect(page.get_by_test_id("import-summary")).to_be_visible()
        walk.check("import: opsummering")
        page.get_by_test_id("quality-check").click()
        expect(page.get_by_test_id("quality-state")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
        report = page.get_by_test_id("quality-report")
        expect(report).to_contain_text("Identiske dubletter")
        for summary in report.locator("details > summary").all():
            summary.click()
        walk.check("import: datakvalitetsrapport")
        page.get_by_test_id("import-start").click()
        expect(page.get_by_test_id("import-state")).to_have_attribute("data-state", "succeeded", timeout=JOB_WAIT)
        for summary in page.locator("details > summary").all():
            summary.click()
        walk.check("import: indlæst")

        ctx.clear_cookies()
        login(page, "admin", "/admin")
        expect(page.locator("h1")).to_be_visible()
        expect(page.get_by_test_id("new-user")).to_be_visible()
        walk.check("administration")

        ctx.clear_cookies()
        login(page, "auditor", "/audit")
        expect(page.get_by_test_id("audit-count")).to_be_visible()
        walk.check("revisionsspor")
        check_axe(page, "audit-danish")
    finally:
        ctx.close()
    assert not walk.problems, f"untranslated text on {len({p.split(':')[0] for p in walk.problems})} pages:\n" + \
        "\n".join(walk.problems[:80])
    assert len(walk.pages) >= 18 and not errors, (walk.pages, errors)
