"""Server load benchmark: 50 logged-in clients browse a ~1M-event demo log through ``sagsflow serve``.

Builds a workspace with the synthetic ``dagpenge_alle`` log (every dagpenge extract of the demo generator at
``scale``), starts ``sagsflow serve`` as a subprocess on a free loopback port, logs the clients in (analysts and
viewers, password login with the session cookie and CSRF header) and lets them browse concurrently for a bounded
time. An analyst first saves the team's six filters as shared ones (the server computes their first views in the
background, as it does for the unfiltered log at start-up; the clients wait for that, at most ``WARM_LIMIT_S``,
and the time is reported). Each client keeps a filter for a while and moves the sliders and the overlay as a
person would (random slider positions, measure and aggregation changes), now and then opening the activity
statistics, the variants or the dashboard overview, and looks at each answer for a random think time before the
next request. When an analyst changes filter, it is now and then one made up on the spot (``ADHOC_SHARE``), which
nobody has asked for before: those are computed on demand during the run. Reports requests, latency quantiles
(also per 5 s of the run), errors, throughput and the server's CPU time per request. Traffic goes to 127.0.0.1
only; the server is stopped at the end.

``SAGSFLOW_BENCH_SERVER_SHARED=0`` saves no shared filters: every filter is then computed when first asked for,
with all 50 clients arriving at once (a cold start). ``SAGSFLOW_BENCH_SERVER_WS=<folder>`` keeps the generated
workspace in that folder and reuses it on later runs (so two server versions can be measured back to back on the
same data); ``SAGSFLOW_BENCH_SERVER_SECONDS``
changes the 30 s of browsing, ``SAGSFLOW_BENCH_SERVER_THINK`` the mean think time (1 s; 0 for clients that send
the next request at once).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench demo password 123"
LOG = "dagpenge_alle"
KEY = "ab" * 32
#: how long the clients wait for the server to compute the shared filters' first views before browsing
WARM_LIMIT_S = 300.0
#: share of an analyst's filter changes that make up a new filter (the rest pick a shared one)
ADHOC_SHARE = 0.15


def build_workspace(folder: Path, scale: float) -> tuple[int, list[str]]:
    """Generate the demo data and import the dagpenge extracts into one log; returns (events, kommune values)."""
    import sagsflow
    from sagsflow.demo import generate, write_extract
    from sagsflow.ingest.mapping import Mapping
    from sagsflow.ingest.pipeline import import_log

    data = generate(seed=42, scale=scale)
    with tempfile.TemporaryDirectory(prefix="sf-bench-extract-") as tmp:
        files = write_extract(data, Path(tmp), format="parquet")
        mapping = Mapping.from_yaml(data.mapping_yaml)
        with sagsflow.Workspace.open(folder) as ws:
            for f in sorted(p for p in files if p.name.startswith("dagpenge_") and p.suffix == ".parquet"):
                import_log(f, workspace=ws, log=LOG, mapping=mapping, key=KEY, mode="append")
            log = ws.log(LOG)
            kommuner = [r[0] for r in log.workspace.con.execute(
                f"SELECT DISTINCT kommune FROM ({log.cases_sql()}) WHERE kommune IS NOT NULL ORDER BY 1").fetchall()]
            return int(log.n_events), kommuner


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workspace: Path, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SAGSFLOW_DEMO_PASSWORD": PASSWORD, "SAGSFLOW_COOKIE_SECURE": "false",
           "SAGSFLOW_DATA_DIR": str(data_dir), "SAGSFLOW_HOME": str(data_dir)}
    cmd = [str(Path(sys.executable).with_name("sagsflow")), "serve", "--workspace", str(workspace),
           "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=open(data_dir / "server.log", "wb"))


def wait_ready(base: str, proc: subprocess.Popen[bytes], log: Path, tries: int = 240) -> None:
    """Wait until the server at ``base`` answers its health check; raise with its log's tail if it exits."""
    import httpx

    for _ in range(tries):
        try:
            if httpx.get(base + "/api/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(log.read_text()[-3000:])
        time.sleep(0.5)
    raise RuntimeError(f"the server at {base} did not answer its health check in {tries * 0.5:.0f} s")


def _filters(kommuner: list[str]) -> list[Any]:
    """The filters the clients choose from (a session mostly stays on one)."""
    return [
        None,
        {"steps": [{"type": "case_duration", "min": "30d"}]},
        {"steps": [{"type": "case_length", "min": 5, "max": 40}]},
        {"steps": [{"type": "timeframe", "start": "2023-01-01", "end": "2024-01-01", "mode": "started"}]},
    ] + [{"steps": [{"type": "case_attribute", "attribute": "kommune", "in": [k]}]} for k in kommuner[:3]]


def adhoc_filter(rng: random.Random, kommuner: list[str]) -> dict[str, Any]:
    """A filter an analyst makes up on the spot (nobody has asked for it before: computed on demand)."""
    roll = rng.random()
    if roll < 0.35:
        return {"steps": [{"type": "case_length", "min": rng.randint(3, 40)}]}
    if roll < 0.7:
        return {"steps": [{"type": "case_duration", "min": f"{rng.randint(10, 200)}d"}]}
    year = rng.choice([2021, 2022, 2023, 2024, 2025])
    return {"steps": [{"type": "case_attribute", "attribute": "kommune", "in": [rng.choice(kommuner)]},
                      {"type": "timeframe", "start": f"{year}-01-01", "end": f"{year + 1}-01-01", "mode": "started"}]}


def next_request(rng: random.Random, state: dict[str, Any], filters: list[Any],
                 adhoc: Any = None) -> tuple[str, dict[str, Any]]:
    """The next request of a browsing person: mostly slider and overlay moves on the map of the current filter,
    sometimes another filter (a team's shared one; for analysts now and then one made up with ``adhoc(rng)``),
    the statistics, the variants or the overview."""
    if "filter" not in state or rng.random() < 0.08:
        state["filter"] = adhoc(rng) if adhoc is not None and rng.random() < ADHOC_SHARE else rng.choice(filters)
    f = state["filter"]
    roll = rng.random()
    if roll < 0.75:
        body: dict[str, Any] = {"activities": round(rng.uniform(0.0, 1.0), 2),
                                "paths": round(rng.uniform(0.0, 1.0), 2), "filter": f}
        if rng.random() < 0.3:
            body["measure"] = rng.choice(["cases", "duration", "max_repetitions"])
            body["aggregation"] = rng.choice(["mean", "median", "p90", "total"])
        return "map", body
    if roll < 0.85:
        return "statistics/activities", {"filter": f}
    if roll < 0.95:
        return "variants", {"limit": 50, "filter": f}
    return "statistics/overview", {"filter": f}


async def _run_clients(base: str, n_clients: int, seconds: float, max_requests: int,
                       kommuner: list[str], think: float = 0.0) -> dict[str, Any]:
    import httpx

    async def login(i: int) -> tuple[httpx.AsyncClient, int]:
        # drop idle connections before the server's keep-alive timeout (5 s) does, so a request never races
        # a connection the server is closing
        c = httpx.AsyncClient(base_url=base, timeout=120.0, limits=httpx.Limits(keepalive_expiry=3.0))
        user = "analyst" if i % 2 == 0 else "viewer"
        r = await c.post("/api/auth/login", json={"username": user, "password": PASSWORD})
        r.raise_for_status()
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c, i

    clients = await asyncio.gather(*(login(i) for i in range(n_clients)))
    ws = (await clients[0][0].get("/api/workspaces")).json()
    items = ws["items"] if isinstance(ws, dict) and "items" in ws else ws
    prefix = f"/api/workspaces/{items[0]['id']}/logs/{LOG}/"
    filters = _filters(kommuner)
    # the team's shared filters, saved by an analyst (the server computes their first views in the background)
    t_warm = time.perf_counter()
    shared = [f for f in filters if f] if os.environ.get("SAGSFLOW_BENCH_SERVER_SHARED", "1") != "0" else []
    for n, spec in enumerate(shared):
        r = await clients[0][0].post(f"/api/workspaces/{items[0]['id']}/filters",
                                     json={"name": f"shared {n}", "spec": spec, "shared": True})
        r.raise_for_status()
    while time.perf_counter() - t_warm < WARM_LIMIT_S:
        if (await clients[0][0].get("/api/health")).json().get("warming", 0) == 0:
            break
        await asyncio.sleep(0.25)
    warm_s = time.perf_counter() - t_warm
    latencies: list[float] = []
    errors: list[str] = []
    routes: list[str] = []
    started: list[float] = []
    t0 = time.perf_counter()
    deadline = t0 + seconds

    async def browse(c: httpx.AsyncClient, i: int) -> None:
        rng = random.Random(i)
        state: dict[str, Any] = {}
        for _ in range(max_requests):
            if time.perf_counter() >= deadline:
                return
            route, body = next_request(rng, state, filters,
                                       (lambda r: adhoc_filter(r, kommuner)) if i % 2 == 0 else None)
            t = time.perf_counter()
            try:
                r = await c.post(prefix + route, json=body)
                ok = r.status_code == 200 or (r.status_code == 403 and i % 2 == 1)  # viewers: tiny filters refused
                if not ok:
                    errors.append(f"{route} {r.status_code} {r.text[:200]}")
            except httpx.HTTPError as exc:
                errors.append(f"{route} {type(exc).__name__}")
            latencies.append(time.perf_counter() - t)
            routes.append(route)
            started.append(t - t0)
            if think > 0:  # a person looks at the answer before the next move
                await asyncio.sleep(rng.expovariate(1.0 / think))

    await asyncio.gather(*(browse(c, i) for c, i in clients))
    wall = time.perf_counter() - t0
    await asyncio.gather(*(c.aclose() for c, _ in clients))
    return {"latencies": latencies, "errors": errors, "wall": wall, "routes": routes, "started": started,
            "warm_s": warm_s}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux ``/proc``; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def reusable_workspace(root: Path, scale: float, env: str = "SAGSFLOW_BENCH_SERVER_WS",
                       ) -> tuple[Path, int, list[str], float]:
    """The bench workspace: built in ``root``, or reused from the folder named by the environment variable
    ``env`` (built there once); returns (folder, events, kommune values, seconds spent building)."""
    import json

    keep = os.environ.get(env)
    folder = Path(keep) if keep else root / "ws"
    info = folder / "bench-info.json"
    if keep and info.exists():
        d = json.loads(info.read_text())
        if "kommuner" in d:
            return folder, int(d["n_events"]), list(d["kommuner"]), 0.0
    t = time.perf_counter()
    n_events, kommuner = build_workspace(folder, scale)
    if keep:
        info.write_text(json.dumps({"n_events": n_events, "kommuner": kommuner}))
    return folder, n_events, kommuner, time.perf_counter() - t


def run(scale: float = 1.4, n_clients: int = 50, seconds: float | None = None,
        max_requests: int = 2000, think: float | None = None) -> dict[str, Any]:
    """Build, serve, load and stop; returns the raw figures."""

    seconds = float(os.environ.get("SAGSFLOW_BENCH_SERVER_SECONDS", "30")) if seconds is None else seconds
    think = float(os.environ.get("SAGSFLOW_BENCH_SERVER_THINK", "1.0")) if think is None else think
    with tempfile.TemporaryDirectory(prefix="sf-bench-server-") as tmp:
        root = Path(tmp)
        ws, n_events, kommuner, build_s = reusable_workspace(root, scale)
        port = _free_port()
        (root / "data").mkdir()
        proc = start_server(ws, root / "data", port)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, proc, root / "data" / "server.log")
            cpu0 = cpu_seconds(proc.pid)
            res = asyncio.run(_run_clients(base, n_clients, seconds, max_requests, kommuner, think))
            res["server_cpu_s"] = cpu_seconds(proc.pid) - cpu0
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {**res, "n_events": n_events, "build_s": build_s, "n_clients": n_clients, "think": think}


def main(sizes: tuple[int, ...] = (1_000_000,)) -> str:
    """Markdown table of the load test (``sizes`` is accepted for ``make bench --quick``; the log is ~1M events)."""
    r = run()
    lat = np.asarray(r["latencies"]) * 1000
    p50, p95, p99 = (np.percentile(lat, q) for q in (50, 95, 99)) if len(lat) else (float("nan"),) * 3
    lines = [f"### Server: {r['n_clients']} concurrent clients on `{LOG}` ({r['n_events']:,} events)", "",
             "| requests | errors | p50 ms | p95 ms | p99 ms | max ms | throughput req/s | wall s "
             "| server CPU ms/request |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| {len(lat)} | {len(r['errors'])} | {p50:.0f} | {p95:.0f} | {p99:.0f} | "
             f"{lat.max() if len(lat) else float('nan'):.0f} | {len(lat) / r['wall']:.1f} | {r['wall']:.1f} "
             f"| {1000 * r['server_cpu_s'] / max(1, len(lat)):.0f} |", "",
             "| part | requests | p50 ms | p95 ms |", "|---|---:|---:|---:|"]
    late = np.asarray(r["started"]) >= r["wall"] / 2
    for name, sel in (("first half", lat[~late]), ("second half", lat[late])):
        if len(sel):
            lines.append(f"| {name} | {len(sel)} | {np.percentile(sel, 50):.0f} | {np.percentile(sel, 95):.0f} |")
    started = np.asarray(r["started"])
    for lo in range(0, int(np.ceil(r["wall"])), 5):
        sel = lat[(started >= lo) & (started < lo + 5)]
        if len(sel):
            lines.append(f"| seconds {lo}-{lo + 5} | {len(sel)} | {np.percentile(sel, 50):.0f} | "
                         f"{np.percentile(sel, 95):.0f} |")
    routes = np.asarray(r["routes"])
    for route in sorted(set(r["routes"])):
        sel = lat[routes == route]
        lines.append(f"| route {route} | {len(sel)} | {np.percentile(sel, 50):.0f} | {np.percentile(sel, 95):.0f} |")
    lines += ["", "Mix: each client stays on one of 7 filters (none and 6 team filters: duration, length, timeframe, "
              "3 municipalities) and switches now and then (8 %); an analyst's switch makes up a new filter "
              f"{ADHOC_SHARE:.0%} of the time (computed on demand); 75 % process maps at random slider positions "
              "(30 % with another measure/aggregation), 10 % activity statistics, 10 % variants, 5 % dashboard "
              "overview; half analysts, half viewers (password login, cookie + CSRF). Target p95 <= 500 ms with 0 "
              + (f"errors. The shared filters' first views were computed in {r['warm_s']:.1f} s before browsing. "
               if os.environ.get("SAGSFLOW_BENCH_SERVER_SHARED", "1") != "0" else
               "errors. No shared filters (SAGSFLOW_BENCH_SERVER_SHARED=0): a cold start. ")
              + (f"Workspace built in {r['build_s']:.0f} s." if r["build_s"] else "Workspace reused.")]
    if r["errors"]:
        lines.append(f"\nFirst errors: {r['errors'][:3]}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
