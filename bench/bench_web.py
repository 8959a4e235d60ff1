"""Browser benchmark of the process map: time from slider release to the redrawn map on a ~1M-event log.

Builds the synthetic ``dagpenge_alle`` log (the demo generator's dagpenge extracts, ~1M events at the default
size; the same workspace as ``bench_server``), starts ``sagsflow serve`` on a free loopback port, opens the map page
in headless Debian Chromium (Playwright with ``/usr/bin/chromium``; never a downloaded browser) and moves the
activities and paths sliders 36 times to random positions. The web app marks ``sf-slider-release`` on the
slider's ``change`` event and measures ``sf-slider-to-map`` when the new map is painted: laid out (ELK layered, in
a Web Worker) unless its node set, or a larger one that holds it, was laid out before (see docs/web.md); the
benchmark reads those measures, and the request time of each ``/map`` call from the browser's resource timing.
Target: p95 <= 300 ms.

Then it animates the cases over the map (the map page's "Animate cases": 10,000 cases, the web app's canvas
overlay) and reads the frames per second the page counts (``data-fps`` on the animation canvas, once a second)
and the tokens drawn per frame. Target: >= 30 frames per second.

``SAGSFLOW_BENCH_WEB_WS=<folder>`` keeps the generated workspace there and reuses it on later runs.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.bench_server import LOG, PASSWORD, _free_port, reusable_workspace, start_server, wait_ready

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_MS = 300.0
MOVES = 36
TARGET_FPS = 30.0
ANIMATION_SECONDS = 8

_LAST = """() => {
  const m = performance.getEntriesByName('sf-slider-to-map', 'measure');
  const r = performance.getEntriesByType('resource').filter(e => e.name.endsWith('/map'));
  const t = name => {
    const e = performance.getEntriesByName(name, 'mark');
    return e.length ? e[e.length - 1].startTime : null;
  };
  const render = t('sf-map-render'), layout = t('sf-map-layout'), elements = t('sf-map-elements'),
        drawn = t('sf-map-drawn');
  return {draw: m.length ? m[m.length - 1].duration : null, n: m.length, maps: r.length,
          fetch: r.length ? r[r.length - 1].duration : null,
          react: render - t('sf-map-data'),
          layout: layout !== null && layout > render ? layout - render : 0,
          route: elements - Math.max(render, layout ?? 0),
          paint: drawn - Math.max(elements, layout ?? 0)};
}"""


def _ensure_build() -> None:
    if (WEB / "dist" / "index.html").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("web/dist is missing and npm is not installed: run `make install` first")
    if not (WEB / "node_modules").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    subprocess.run([npm, "run", "build"], cwd=WEB, check=True)


def _draws(page: Any) -> int:
    return int(page.get_by_test_id("map-canvas").get_attribute("data-draws") or 0)


def _wait_draw(page: Any, before: int, timeout_ms: float = 60_000) -> None:
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-testid=map-canvas]')?.dataset.draws) > {before}"
        " && document.querySelector('[data-testid=map-loading]')?.dataset.loading === '0'", timeout=timeout_ms)


def _wait_warm(ctx: Any, timeout_s: float = 600.0) -> float:
    """Wait until the server has warmed its cache (``GET /api/health``: ``warming`` 0; it warms every log when it
    starts, see docs/server.md): the moves measure a server that has been up a while, not one still starting.
    Returns the seconds waited."""
    t = time.perf_counter()
    while time.perf_counter() - t < timeout_s:
        try:
            if ctx.request.get("/api/health", timeout=30_000).json().get("warming", 0) == 0:
                break
        except Exception as exc:  # a busy server: ask again
            print("bench_web: health check:", str(exc).splitlines()[0], flush=True)
        time.sleep(0.5)
    return time.perf_counter() - t


def run(size: int = 1_000_000, moves: int = MOVES, seed: int = 7) -> dict[str, Any]:
    """Build, serve, open the map, move the sliders; returns the raw figures (milliseconds)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    _ensure_build()
    rng = random.Random(seed)
    scale = 1.4 * size / 1_000_000  # dagpenge_alle has ~0.71M events per unit of scale
    with tempfile.TemporaryDirectory(prefix="sf-bench-web-") as tmp:
        root = Path(tmp)
        ws, n_events, _, build_s = reusable_workspace(root, scale, "SAGSFLOW_BENCH_WEB_WS")
        (root / "data").mkdir()
        port = _free_port()
        proc = start_server(ws, root / "data", port)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, proc, root / "data" / "server.log")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                ctx = browser.new_context(base_url=base, locale="da-DK", viewport={"width": 1400, "height": 1000})
                r = ctx.request.post("/api/auth/login", data={"username": "analyst", "password": PASSWORD})
                assert r.ok, r.text()
                wid = ctx.request.get("/api/workspaces").json()[0]["id"]
                page = ctx.new_page()
                page.on("pageerror", lambda e: print("bench_web: page error:", e, flush=True))
                page.on("console", lambda m: print("bench_web:", m.text[:300], flush=True)
                        if m.type == "error" else None)
                t = time.perf_counter()
                page.goto(f"/w/{wid}/l/{LOG}/map")
                _wait_draw(page, 0, timeout_ms=180_000)
                first_s = time.perf_counter() - t
                warm_s = _wait_warm(ctx)
                draws, fetches, sizes, parts, requests = [], [], [], [], []
                values = {"activities": 60, "paths": 20}
                for i in range(moves):
                    slider = "activities" if i % 2 == 0 else "paths"
                    v = values[slider]
                    while v == values[slider]:
                        v = rng.randrange(0, 101, 5)
                    values[slider] = v
                    before = _draws(page)
                    page.get_by_test_id(f"slider-{slider}").fill(str(v))
                    _wait_draw(page, before)
                    last = page.evaluate(_LAST)
                    draws.append(last["draw"])
                    fetches.append(last["fetch"])
                    requests.append(last["maps"])
                    parts.append((last["react"], last["layout"], last["route"], last["paint"]))
                    c = page.get_by_test_id("map-canvas")
                    sizes.append((int(c.get_attribute("data-nodes") or 0), int(c.get_attribute("data-edges") or 0)))
                animation = _animate(page)
                browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {"n_events": n_events, "build_s": build_s, "first_s": first_s, "warm_s": warm_s, "draw_ms": draws,
            "fetch_ms": fetches, "map_requests": requests, "sizes": sizes, "parts_ms": parts, "animation": animation}


def _animate(page: Any) -> dict[str, Any]:
    """Start the animation of 10,000 cases on the map (60 % activities, 20 % paths) at 30x speed; sample the page's
    frames per second and tokens per frame once a second for ANIMATION_SECONDS."""
    for slider, v in (("activities", 60), ("paths", 20)):
        el = page.get_by_test_id(f"slider-{slider}")
        if el.input_value() != str(v):
            before = _draws(page)
            el.fill(str(v))
            _wait_draw(page, before)
    page.get_by_test_id("animate").click()
    page.wait_for_function("() => Number(document.querySelector('[data-testid=animation-canvas]')?.dataset.fps) > 0",
                           timeout=180_000)
    page.get_by_test_id("animation-speed").select_option("30")
    page.wait_for_timeout(2000)
    fps, tokens = [], []
    for _ in range(ANIMATION_SECONDS):
        page.wait_for_timeout(1000)
        c = page.get_by_test_id("animation-canvas")
        fps.append(float(c.get_attribute("data-fps") or 0))
        tokens.append(float(c.get_attribute("data-tokens") or 0))
    cases = page.get_by_test_id("animation-cases").inner_text()
    return {"fps": fps, "tokens": tokens, "cases": cases}


def main(sizes: tuple[int, ...] = (1_000_000,)) -> str:
    """Markdown table: slider release -> redrawn map in the browser, p50/p95 against the 300 ms target."""
    lines = ["### Web app: slider release to redrawn process map (headless Chromium)", "",
             "| log | events | moves | p50 ms | p95 ms | max ms | /map request p50 ms | p95 ms | nodes | edges "
             "| p95 <= 300 ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|"]
    notes = []
    anim_lines: list[str] = []
    for size in sizes:
        r = run(size)
        d = np.asarray([x for x in r["draw_ms"] if x is not None])
        f = np.asarray([x for x in r["fetch_ms"] if x is not None])
        nodes = [s[0] for s in r["sizes"]]
        edges = [s[1] for s in r["sizes"]]
        p50, p95 = np.percentile(d, 50), np.percentile(d, 95)
        parts = np.asarray([p for p in r["parts_ms"] if None not in p], dtype=float)
        lines.append(f"| `{LOG}` | {r['n_events']:,} | {len(d)} | {p50:.0f} | {p95:.0f} | {d.max():.0f} | "
                     f"{np.percentile(f, 50):.0f} | {np.percentile(f, 95):.0f} | {min(nodes)}-{max(nodes)} | "
                     f"{min(edges)}-{max(edges)} | {'yes' if p95 <= TARGET_MS else 'no'} |")
        if len(parts):
            react, route, paint = ([np.percentile(parts[:, i], q) for q in (50, 95)] for i in (0, 2, 3))
            laid = parts[:, 1] > 0
            elk = float(np.median(parts[laid, 1])) if laid.any() else 0.0
            elk95 = float(np.percentile(parts[laid, 1], 95)) if laid.any() else 0.0
            notes.append(f"parts p50 / p95: React {react[0]:.0f} / {react[1]:.0f} ms, ELK layout {elk:.0f} / "
                         f"{elk95:.0f} ms (needed in {int(laid.sum())} of {len(parts)} moves), arcs routed and "
                         f"elements updated {route[0]:.0f} / {route[1]:.0f} ms, paint {paint[0]:.0f} / "
                         f"{paint[1]:.0f} ms")
        notes.append(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        notes.append(f"first map (cold caches, page load) {r['first_s']:.1f} s, then {r['warm_s']:.0f} s until the "
                     "server's cache was warm"
                     + (f"; workspace built in {r['build_s']:.0f} s" if r["build_s"] else "; workspace reused"))
        a = r["animation"]
        anim_lines = ["", "### Web app: cases animated over the process map (headless Chromium)", "",
                      "| log | cases | fps p50 | fps min | tokens per frame (mean) | >= 30 fps |",
                      "|---|---|---:|---:|---:|---|",
                      f"| `{LOG}` | {a['cases']} | {np.median(a['fps']):.0f} | {min(a['fps']):.0f} | "
                      f"{np.mean(a['tokens']):.0f} | {'yes' if np.median(a['fps']) >= TARGET_FPS else 'no'} |"]
    lines += ["", "Each move sets the activities or paths slider (alternately) to a random multiple of 5 % and "
              "releases it; measured from the slider's change event to the first paint of the new map (after the ELK "
              "layout where one is needed; `performance.measure`), including the request. " + "; ".join(notes) + "."]
    lines += [*anim_lines, "", f"Frames counted by the page over {ANIMATION_SECONDS} s of playing at 30x speed "
              "(all cases' tokens drawn as one canvas path per frame)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
