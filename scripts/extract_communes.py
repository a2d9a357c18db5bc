"""Extract the Jura's communes from the npm package @etalab/decoupage-administratif.

How api/data/communes_39.csv was made (the package is not a dependency of the project):

    cd "$(mktemp -d)" && npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf *.tgz
    python scripts/extract_communes.py "$PWD/package" > <repo>/api/data/communes_39.csv

Kept: current communes (type commune-actuelle) whose INSEE code starts with 39, with their
postal codes (La Poste, as carried by the package) and arrondissement.

The territorial unit of each commune is an APPROXIMATION, to check with the département (its real
split of communes between its four territorial units is not published in the package):
arrondissement 391 -> Dole, 392 -> Lons-le-Saunier, 393 -> Saint-Claude, except the members of the
intercommunality "CC Champagnole Nozeroy Jura" (EPCI 200069623), which go to Champagnole (the package
has no cantons). An administrator corrects any commune on the communes screen.
"""

import csv
import json
import sys
from pathlib import Path

UNIT_OF_ARRONDISSEMENT = {"391": "DOLE", "392": "LONS", "393": "SAINT-CLAUDE"}
CHAMPAGNOLE_EPCI = "200069623"


def main(package_dir: str) -> None:
    root = Path(package_dir)
    meta = json.loads((root / "package.json").read_text())
    communes = json.loads((root / "data" / "communes.json").read_text())
    epcis = json.loads((root / "data" / "epci.json").read_text())
    champagnole = {m["code"] for e in epcis if e["code"] == CHAMPAGNOLE_EPCI for m in e["membres"]}
    jura = sorted((c for c in communes if c["code"].startswith("39") and c["type"] == "commune-actuelle"),
                  key=lambda c: c["code"])
    print(f"# source: npm {meta['name']}@{meta['version']} (COG INSEE 2026, base officielle des codes postaux La Poste; "
          f"donnees sous Licence Ouverte Etalab); "
          f"unit_code = approximation par arrondissement (391 DOLE, 392 LONS, 393 SAINT-CLAUDE) "
          f"et EPCI {CHAMPAGNOLE_EPCI} CC Champagnole Nozeroy Jura -> CHAMPAGNOLE, a verifier avec le departement")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["insee_code", "name", "postcodes", "arrondissement", "unit_code"])
    for c in jura:
        unit = "CHAMPAGNOLE" if c["code"] in champagnole else UNIT_OF_ARRONDISSEMENT.get(c.get("arrondissement", ""), "")
        out.writerow([c["code"], c["nom"], " ".join(c.get("codesPostaux", [])), c.get("arrondissement", ""), unit])


if __name__ == "__main__":
    main(sys.argv[1])
