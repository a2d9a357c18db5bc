#!/usr/bin/env python3
"""Write a year's SLIME activity report with a read-only reporting token.

    BINOME_TOKEN=bnm_… python scripts/annual_report.py --year 2026 --out bilans/
    (options: --base-url http://127.0.0.1:8000, --unit 3 for one territorial unit)

It writes bilan-slime-<year>.json, .csv and .xlsx (the tables, French headers; counts of 1 to 4
households left blank) and cas-slime-<year>.csv (the pseudonymised case-level extract).
Needs only httpx (pip install httpx).
"""

import argparse
import os
import sys
from pathlib import Path

import httpx


def write_report(client: httpx.Client, year: int, out: Path, unit_id: int | None = None) -> list[Path]:
    """Fetch every format of the year's report into `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    stem = f"bilan-slime-{year}" + (f"-unite-{unit_id}" if unit_id else "")
    params = {"unit_id": unit_id} if unit_id else {}
    written = []
    for fmt in ("json", "csv", "xlsx"):
        response = client.get(f"/api/v1/reporting/annual/{year}", params={**params, "format": fmt})
        _check(response)
        written.append(out / f"{stem}.{fmt}")
        written[-1].write_bytes(response.content)
    if unit_id is None:
        response = client.get(f"/api/v1/reporting/annual/{year}/cases", params={"format": "csv"})
        _check(response)
        written.append(out / f"cas-slime-{year}.csv")
        written[-1].write_bytes(response.content)
    return written


def _check(response: httpx.Response) -> None:
    if response.is_error:
        detail = response.json().get("detail", response.text) if "json" in response.headers.get("content-type", "") \
            else response.text
        raise SystemExit(f"Erreur {response.status_code} : {detail}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bilan annuel SLIME (jeton d'intégration « reporting »)")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--out", type=Path, default=Path("."))
    parser.add_argument("--unit", type=int, default=None, help="une seule unité territoriale (id)")
    parser.add_argument("--base-url", default=os.environ.get("BINOME_URL", "http://127.0.0.1:8000"))
    args = parser.parse_args(argv)
    token = os.environ.get("BINOME_TOKEN")
    if not token:
        raise SystemExit("Indiquez le jeton dans la variable BINOME_TOKEN.")
    with httpx.Client(base_url=args.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        for path in write_report(client, args.year, args.out, args.unit):
            print(path)


if __name__ == "__main__":
    sys.exit(main())
