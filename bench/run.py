"""The national-scale bench: `make bench` (or `.venv/bin/python -m bench.run`).

1. builds the synthetic dataset once on PostgreSQL (bench/dataset.py), then reuses it;
2. serves the app (uvicorn, one worker, on the bench database) and beside it a bare Starlette
   /ping app (bench/ping_app.py), both on loopback;
3. loads each endpoint with wrk (warm-up, then `wrk -t1 -c32 -d10s --latency`; Lua scripts for
   the auth header and the POST body) and prints req/s, p50, p99 and the ratio to the /ping floor;
4. times the annual report against the same aggregates written by hand in SQL (bench/annual_report.sql);
5. reads the resident memory (RSS) of the worker; prints PASS/MISS per target and writes
   bench/RESULTS.md with the machine and the date.

Options: --duration, --connections, --warmup, --database-url, --rebuild, --no-write.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import psycopg

from bench.dataset import DEFAULT_URL, ensure_dataset, psycopg_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
PASSWORD = "Binome-demo-2026"
APP_PORT, PING_PORT = 8871, 8872
POOL_SIZE = 20  # the default BINOME_DB_POOL_SIZE
# The referral write before issue 19's levers, as a share of the same run's /ping floor (ratios, not req/s:
# the floor itself moves between runs on this shared machine).
REFERRAL_BEFORE = (0.0036, "2026-11-28")
REPORT_CONNECTIONS = 2  # one report holds ~400 MB of ORM rows at this scale: 32 at once would exhaust memory
(ROOT / "var").mkdir(exist_ok=True)
LOG = open(ROOT / "var" / "bench-server.log", "ab")  # the servers' output (the app logs every request)


@dataclass
class Run:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers
    timeouts: int
    connections: int


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(name: str, output: str, connections: int) -> Run:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    if requests == 0:  # nothing finished within the run: no latency to report
        p50 = p99 = float("nan")
    else:
        p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
        p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return Run(name, rps, p50, p99, requests, int(errors.group(1)) if errors else 0,
               int(timeouts.group(1)) if timeouts else 0, connections)


def lua_script(directory: Path, name: str, token: str | None, method: str = "GET", body: dict | None = None) -> Path:
    lines = []
    if token:
        lines.append(f'wrk.headers["Authorization"] = "Bearer {token}"')
    if method != "GET":
        lines.append(f'wrk.method = "{method}"')
    if body is not None:
        lines.append('wrk.headers["Content-Type"] = "application/json"')
        lines.append(f"wrk.body = [=[{json.dumps(body, ensure_ascii=False)}]=]")
    path = directory / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def wrk(name: str, url: str, script: Path | None, *, connections: int, duration: int, warmup: int,
        timeout: int = 10) -> Run:
    base = ["wrk", "-t1", f"-c{connections}", "--timeout", f"{timeout}s", "--latency"]
    if script:
        base += ["-s", str(script)]
    if warmup:
        subprocess.run(base + [f"-d{warmup}s", url], check=True, capture_output=True, text=True)
    out = subprocess.run(base + [f"-d{duration}s", url], check=True, capture_output=True, text=True).stdout
    run = parse_wrk(name, out, connections)
    print(f"  {name:<44} {run.rps:>9,.0f} req/s  p50 {run.p50_ms:>7.1f} ms  p99 {run.p99_ms:>7.1f} ms"
          + (f"  ({run.errors} non-2xx)" if run.errors else "") + (f"  ({run.timeouts} timeouts)" if run.timeouts else ""))
    return run


def serve(args: list[str], env: dict[str, str], port: int, probe: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", *args, "--host", "127.0.0.1", "--port", str(port),
                                "--workers", "1", "--no-access-log", "--log-level", "warning"],
                               cwd=ROOT, env=env, start_new_session=True, stdout=LOG, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        time.sleep(0.3)
    process.kill()
    raise SystemExit(f"server on port {port} did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) in MB of one process."""
    status = Path(f"/proc/{pid}/status").read_text()
    get = lambda key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) / 1024  # noqa: E731
    return get("VmRSS"), get("VmHWM")


def login(base: str, email: str) -> str:
    response = httpx.post(f"{base}/api/v1/auth/token", data={"username": email, "password": PASSWORD}, timeout=30)
    response.raise_for_status()
    return response.json()["access_token"]


def time_report(base: str, token: str, year: int, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = httpx.get(f"{base}/api/v1/reporting/annual/{year}", headers={"Authorization": f"Bearer {token}"},
                             timeout=300)
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return timings


def time_sql(url: str, year: int, runs: int) -> list[float]:
    zone = ZoneInfo("Europe/Paris")
    params = {"start": datetime.combine(date(year, 1, 1), dtime.min, zone).astimezone(UTC),
              "end": datetime.combine(date(year + 1, 1, 1), dtime.min, zone).astimezone(UTC), "year": year}
    statements = [s.strip() for s in re.sub(r"--[^\n]*", "", (ROOT / "bench" / "annual_report.sql").read_text()).split(";")]
    timings = []
    with psycopg.connect(psycopg_url(url)) as conn:
        for _ in range(runs):
            started = time.perf_counter()
            for statement in filter(None, statements):
                conn.execute(statement, params).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="National-scale bench against the framework's floor")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    parser.add_argument("--only", default="", help="comma-separated rows to load (list,page,analysis,referral,report), "
                        "for measuring one lever; implies --no-write")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk (make bench does it)")

    info = ensure_dataset(args.database_url, rebuild=args.rebuild)
    env = {**os.environ, "BINOME_DATABASE_URL": args.database_url, "BINOME_SECRET_KEY": "bench-" + "s" * 40,
           "BINOME_SPA_DIR": "", "BINOME_WEBHOOK_INTERVAL_SECONDS": "0", "BINOME_ACCESS_TOKEN_MINUTES": "240",
           "BINOME_DB_POOL_SIZE": str(POOL_SIZE), "BINOME_ENVIRONMENT": "production"}
    app_base, ping_base = f"http://127.0.0.1:{APP_PORT}", f"http://127.0.0.1:{PING_PORT}"
    c, d, w = args.connections, args.duration, args.warmup
    runs: dict[str, Run] = {}
    only = {k for k in args.only.split(",") if k}
    app = ping = None
    try:
        ping = serve(["bench.ping_app:app"], env, PING_PORT, "/ping")
        app = serve(["--factory", "api.main:create_app"], env, APP_PORT, "/api/v1/healthz")
        rss_idle = rss_mb(app.pid)[0]
        coordinator, manager, referrer = (login(app_base, e) for e in (
            "animatrice@cd39.demo", "cheffe@cd39.demo", "referente@ccas-dole.demo"))
        hid, year, q = info["analysis_household_id"], info["report_year"], info["search_term"]
        with tempfile.TemporaryDirectory() as tmp:
            lua = Path(tmp)
            print(f"\nwrk -t1 -c{c} -d{d}s --latency (after {w} s of warm-up), one uvicorn worker, loopback")
            runs["ping"] = wrk("Starlette /ping (floor)", f"{ping_base}/ping", None, connections=c, duration=d, warmup=w)
            coord = lua_script(lua, "coordinator", coordinator)
            body = {"household": {"first_name": "Banc", "last_name": "Essai", "commune": "Dole", "postcode": "39100"},
                    "reasons": ["bill_payment_difficulty"], "description": "Banc d'essai", "contact_consent": True}
            loads = {
                "list": lambda: wrk(f"GET /households?q={q}&limit=50", f"{app_base}/api/v1/households?q={q}&limit=50",
                                    coord, connections=c, duration=d, warmup=w),
                "page": lambda: wrk("GET /households/{id}", f"{app_base}/api/v1/households/{hid}", coord,
                                    connections=c, duration=d, warmup=w),
                "analysis": lambda: wrk("GET /households/{id}/analysis (24 bills)",
                                        f"{app_base}/api/v1/households/{hid}/analysis", coord,
                                        connections=c, duration=d, warmup=w),
                "referral": lambda: wrk("POST /referrals (write)", f"{app_base}/api/v1/referrals",
                                        lua_script(lua, "referral", referrer, "POST", body),
                                        connections=c, duration=d, warmup=w),
                "report": lambda: wrk(f"GET /reporting/annual/{year} (c{REPORT_CONNECTIONS})",
                                      f"{app_base}/api/v1/reporting/annual/{year}", lua_script(lua, "manager", manager),
                                      connections=REPORT_CONNECTIONS, duration=max(d, 60), warmup=0, timeout=120),
            }
            for key, load in loads.items():
                if key in only or not only:
                    if key == "report":
                        report_timings = time_report(app_base, manager, year, args.report_runs)
                        sql_timings = time_sql(args.database_url, year, args.report_runs)
                    runs[key] = load()
        rss_now, rss_peak = rss_mb(app.pid)
        ping_rss = rss_mb(ping.pid)[0]
    finally:
        for process in (app, ping):
            if process is not None:
                stop(process)
    print(f"  worker memory: {rss_idle:.0f} MB at start, {rss_now:.0f} MB after, peak {rss_peak:.0f} MB")
    if only:
        return

    report_ms, sql_ms = statistics.median(report_timings), statistics.median(sql_timings)
    floor = runs["ping"].rps
    share = lambda key: runs[key].rps / floor  # noqa: E731
    reads = ["list", "page", "analysis"]
    targets = [
        *[(f"{runs[k].name} ≥ 2 % of bare Starlette /ping", f"{share(k):.2%}", share(k) >= 0.02) for k in reads],
        *[(f"p99 < 100 ms at {runs[k].connections} connections, one worker: {runs[k].name}", f"{runs[k].p99_ms:.0f} ms",
           runs[k].requests > 0 and runs[k].p99_ms < 100 and not runs[k].timeouts and not runs[k].errors) for k in reads],
        (f"referral write ≥ 3× the {REFERRAL_BEFORE[1]} run ({REFERRAL_BEFORE[0]:.2%} of /ping)", f"{share('referral'):.2%}",
         share("referral") >= 3 * REFERRAL_BEFORE[0]),
        ("annual report within 1.5× its hand-written SQL", f"{report_ms / sql_ms:.2f}×", report_ms <= 1.5 * sql_ms),
        ("under 200 MB per worker (peak RSS, the annual report included)", f"{rss_peak:.0f} MB", rss_peak < 200),
    ]

    lines = [f"Machine: {machine()}; PostgreSQL {_pg_version(args.database_url)} on the same machine.",
             f"Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}. Dataset v{info['dataset_version']}: "
             + ", ".join(f"{n:,} {t}" for t, n in info["counts"].items() if n > 1000) + ".",
             f"Load: `wrk -t1 -c{c} -d{d}s --latency` after a {w} s warm-up (the annual report: -c{REPORT_CONNECTIONS}, "
             f"{max(d, 60)} s, no warm-up), "
             f"wrk and the server share the cores; one uvicorn worker, pool of {POOL_SIZE} connections.", "",
             "| endpoint | req/s | p50 | p99 | vs /ping | errors |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for run in runs.values():
        problems = ", ".join(filter(None, [f"{run.errors} non-2xx" if run.errors else "",
                                           f"{run.timeouts} timeouts" if run.timeouts else ""])) or "0"
        lines.append(f"| {run.name} ({run.requests:,} requests) | {run.rps:,.1f} | {run.p50_ms:.1f} ms | {run.p99_ms:.1f} ms | "
                     f"{run.rps / floor:.2%} | {problems} |")
    lines += ["", f"Annual report {year}, {args.report_runs} sequential calls (median): API {report_ms:,.0f} ms; "
              f"hand-written SQL (bench/annual_report.sql) {sql_ms:,.0f} ms; ratio {report_ms / sql_ms:.1f}×.",
              f"Resident memory: app worker {rss_idle:.0f} MB at start, {rss_now:.0f} MB after the runs, peak {rss_peak:.0f} MB; "
              f"bare Starlette worker {ping_rss:.0f} MB.", "",
              "| target | measured | result |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {'PASS' if ok else 'MISS'} |" for name, value, ok in targets]
    print("\n" + "\n".join(lines))
    if not args.no_write:
        _write_results(lines)
        print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


def _pg_version(url: str) -> str:
    with psycopg.connect(psycopg_url(url)) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


MARK = "<!-- bench:latest -->"


def _write_results(lines: list[str]) -> None:
    """Replace the latest measured run in RESULTS.md, keeping the hand-written analysis below it."""
    text = RESULTS.read_text() if RESULTS.exists() else f"# Bench results\n\n{MARK}\n{MARK}\n"
    if text.count(MARK) < 2:
        text += f"\n{MARK}\n{MARK}\n"
    head, _, rest = text.partition(MARK)
    _, _, tail = rest.partition(MARK)
    RESULTS.write_text(f"{head}{MARK}\n## Latest run (written by `make bench`)\n\n" + "\n".join(lines) + f"\n{MARK}{tail}")


if __name__ == "__main__":
    main()
