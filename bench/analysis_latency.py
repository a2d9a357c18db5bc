"""Latency of the energy analysis of a household with 24 bills, through the whole HTTP stack.

    .venv/bin/python bench/analysis_latency.py [--runs 300] [--database-url URL]

Builds a fresh database (SQLite in a temporary folder unless --database-url is given), loads the
demo data, adds a household with 24 monthly bills (two years of electricity), then calls
GET /api/v1/households/{id}/analysis in-process and prints p50 / p95 / max. Target: p95 < 100 ms.
"""

import argparse
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from api.cli import migrate, seed
from api.demo import DEMO_PASSWORD
from api.main import create_app
from api.settings import Environment, Settings


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    settings = Settings(environment=Environment.test, database_url=url, secret_key="b" * 40, spa_dir="")
    migrate(settings)
    seed(settings)
    with TestClient(create_app(settings)) as client:
        token = client.post("/api/v1/auth/token", data={"username": "animatrice@cd39.demo",
                                                        "password": DEMO_PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        household = client.post("/api/v1/households", headers=headers, json={
            "first_name": "Banc", "last_name": "Essai", "commune": "Dole", "tenure": "private_tenant",
            "members": [{"first_name": "Banc", "birth_year": 1975, "relation": "applicant"}]}).json()["id"]
        client.put(f"/api/v1/households/{household}/social-diagnostic", headers=headers,
                   json={"incomes": [{"source": "salary", "monthly_eur": "1400"}]})
        for index in range(24):
            start, end = month_bounds(2024 + index // 12, index % 12 + 1)
            response = client.post(f"/api/v1/households/{household}/bills", headers=headers, json={
                "energy": "electricity", "quantity": str(300 + 20 * (index % 6)), "unit": "kwh",
                "amount_eur": f"{70 + 4.5 * (index % 6):.2f}", "period_start": start.isoformat(),
                "period_end": end.isoformat()})
            assert response.status_code == 201, response.text
        path = f"/api/v1/households/{household}/analysis"
        for _ in range(20):  # warm-up
            client.get(path, headers=headers)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(path, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"analysis of a household with 24 bills — {platform.node()} {platform.python_version()} "
          f"{date.today():%d/%m/%Y}, {url.split(':')[0]}, {args.runs} runs")
    print(f"  p50 {statistics.median(timings):.1f} ms   p95 {p95:.1f} ms   max {timings[-1]:.1f} ms   "
          f"(target p95 < 100 ms: {'met' if p95 < 100 else 'NOT met'})")


if __name__ == "__main__":
    main()
