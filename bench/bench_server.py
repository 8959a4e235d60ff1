"""Server load benchmark: 50 logged-in clients browse a ~1M-event demo log through ``sagsflow serve``.

Builds a workspace with the synthetic ``dagpenge_alle`` log (every dagpenge extract of the demo generator at
``scale``), starts ``sagsflow serve`` as a subprocess on a free loopback port, logs the clients in (analysts and
viewers, password login with the session cookie and CSRF header) and lets them browse concurrently for a bounded
time: process maps with different slider values and filters, activity statistics and variants. Reports requests,
latency quantiles, errors and throughput. Traffic goes to 127.0.0.1 only; the server is stopped at the end.
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


def _requests(kommuner: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """The browsing mix: (route under the log, JSON body)."""
    filters: list[Any] = [
        None,
        {"steps": [{"type": "case_duration", "min": "30d"}]},
        {"steps": [{"type": "case_length", "min": 5, "max": 40}]},
        {"steps": [{"type": "timeframe", "start": "2023-01-01", "end": "2024-01-01", "mode": "started"}]},
    ] + [{"steps": [{"type": "case_attribute", "attribute": "kommune", "in": [k]}]} for k in kommuner[:3]]
    out: list[tuple[str, dict[str, Any]]] = []
    for f in filters:
        for acts, paths in ((1.0, 1.0), (0.5, 0.3), (0.2, 0.1), (0.8, 0.6)):
            out.append(("map", {"activities": acts, "paths": paths, "filter": f}))
        out.append(("map", {"activities": 0.6, "paths": 0.4, "measure": "duration", "aggregation": "median",
                            "filter": f}))
        out.append(("statistics/activities", {"filter": f}))
        out.append(("variants", {"limit": 50, "filter": f}))
    return out


async def _run_clients(base: str, n_clients: int, seconds: float, max_requests: int,
                       kommuner: list[str]) -> dict[str, Any]:
    import httpx

    async def login(i: int) -> tuple[httpx.AsyncClient, int]:
        c = httpx.AsyncClient(base_url=base, timeout=60.0)
        user = "analyst" if i % 2 == 0 else "viewer"
        r = await c.post("/api/auth/login", json={"username": user, "password": PASSWORD})
        r.raise_for_status()
        c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return c, i

    clients = await asyncio.gather(*(login(i) for i in range(n_clients)))
    ws = (await clients[0][0].get("/api/workspaces")).json()
    items = ws["items"] if isinstance(ws, dict) and "items" in ws else ws
    prefix = f"/api/workspaces/{items[0]['id']}/logs/{LOG}/"
    mix = _requests(kommuner)
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    async def browse(c: httpx.AsyncClient, i: int) -> None:
        rng = random.Random(i)
        for _ in range(max_requests):
            if time.perf_counter() >= deadline:
                return
            route, body = rng.choice(mix)
            t = time.perf_counter()
            try:
                r = await c.post(prefix + route, json=body)
                ok = r.status_code == 200 or (r.status_code == 403 and i % 2 == 1)  # viewers: tiny filters refused
                if not ok:
                    errors.append(f"{route} {r.status_code} {r.text[:200]}")
            except httpx.HTTPError as exc:
                errors.append(f"{route} {type(exc).__name__}")
            latencies.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    await asyncio.gather(*(browse(c, i) for c, i in clients))
    wall = time.perf_counter() - t0
    await asyncio.gather(*(c.aclose() for c, _ in clients))
    return {"latencies": latencies, "errors": errors, "wall": wall}


def run(scale: float = 1.4, n_clients: int = 50, seconds: float = 30.0, max_requests: int = 200) -> dict[str, Any]:
    """Build, serve, load and stop; returns the raw figures."""
    import httpx

    with tempfile.TemporaryDirectory(prefix="sf-bench-server-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        n_events, kommuner = build_workspace(root / "ws", scale)
        build_s = time.perf_counter() - t
        port = _free_port()
        (root / "data").mkdir()
        proc = start_server(root / "ws", root / "data", port)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    if httpx.get(base + "/api/health", timeout=1.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None:
                    raise RuntimeError((root / "data" / "server.log").read_text()[-3000:])
                time.sleep(0.5)
            res = asyncio.run(_run_clients(base, n_clients, seconds, max_requests, kommuner))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {**res, "n_events": n_events, "build_s": build_s, "n_clients": n_clients}


def main(sizes: tuple[int, ...] = (1_000_000,)) -> str:
    """Markdown table of the load test (``sizes`` is accepted for ``make bench --quick``; the log is ~1M events)."""
    r = run()
    lat = np.asarray(r["latencies"]) * 1000
    p50, p95, p99 = (np.percentile(lat, q) for q in (50, 95, 99)) if len(lat) else (float("nan"),) * 3
    lines = [f"### Server: {r['n_clients']} concurrent clients on `{LOG}` ({r['n_events']:,} events)", "",
             "| requests | errors | p50 ms | p95 ms | p99 ms | max ms | throughput req/s | wall s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| {len(lat)} | {len(r['errors'])} | {p50:.0f} | {p95:.0f} | {p99:.0f} | "
             f"{lat.max() if len(lat) else float('nan'):.0f} | {len(lat) / r['wall']:.1f} | {r['wall']:.1f} |", "",
             f"Mix: process map (5 slider/measure settings), activity statistics, variants, each with no filter or "
             f"one of 6 filters; half analysts, half viewers (password login, cookie + CSRF). Target p95 <= 500 ms "
             f"with 0 errors. Workspace built in {r['build_s']:.0f} s."]
    if r["errors"]:
        lines.append(f"\nFirst errors: {r['errors'][:3]}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(main())
