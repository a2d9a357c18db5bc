"""Dated reference values with their source (domain-research.md sections 2–3).

The defaults below seed the editable `reference_value` table; the engine only ever receives a
`ReferenceData` built from that table for a given date, never these literals directly.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ConsumptionUnitScale:
    """The OECD-modified equivalence scale that INSEE uses (domain-research 2.2)."""

    first_adult: Decimal
    other_adult: Decimal
    child: Decimal
    adult_from_age: int
    valid_from: date
    source: str


INSEE_OECD_SCALE = ConsumptionUnitScale(
    first_adult=Decimal("1"),
    other_adult=Decimal("0.5"),
    child=Decimal("0.3"),
    adult_from_age=14,
    valid_from=date(1997, 1, 1),
    source="INSEE, définition « Unité de consommation » (https://www.insee.fr/fr/metadonnees/definition/c1802)",
)


@dataclass(frozen=True)
class ReferenceRow:
    """One dated value with its source. `value` None means "à renseigner": the row is known (the admin
    sees it and can fill it) but no sourced figure exists yet, and nothing is computed from it."""

    table: str
    key: str
    value: Decimal | None
    unit: str
    valid_from: date
    source: str


def _rows(table: str, unit: str, valid_from: date, source: str, values: dict[str, str | None]) -> list[ReferenceRow]:
    return [ReferenceRow(table, k, None if v is None else Decimal(v), unit, valid_from, source)
            for k, v in values.items()]


PICBLEU = "picbleu.fr, équivalences énergétiques des combustibles (domain-research 2.5)"
OPEN3CL_TV = "Open3CL/engine src/tv.js, tables 3CL-DPE 2021 (domain-research 3.4)"
OPEN3CL_CONSO = "Open3CL/engine src/conso.js, arrêté du 31 mars 2021 (domain-research 2.6)"

# From a bill's unit to kWh, and from final energy to primary energy and greenhouse gases.
DPE_ANNEX = "Arrêté du 31 mars 2021 relatif au DPE (méthode 3CL-DPE 2021), via Open3CL/engine src/conso.js"
CONVERSION_ROWS: list[ReferenceRow] = [
    *_rows("kwh_per_unit", "kWh PCI par unité", date(2021, 1, 1), PICBLEU, {
        "fuel_oil/litre": "10", "wood_pellets/kg": "4.6", "propane/kg": "12.78", "propane/m3_propane": "23.7",
    }),
    ReferenceRow("kwh_per_unit", "propane/litre", Decimal("6.5"), "kWh PCI par litre", date(2021, 1, 1),
                 "Dérivé : 12,78 kWh/kg × 0,51 kg/L (propane liquide) ; hypothèse à confirmer"),
    # The DPE's value for a stère of logs; the real figure ranges 1 350–2 000 kWh PCI by species and
    # dryness: a delivery may carry its own factor (species, moisture, log length, or the supplier's figure).
    ReferenceRow("kwh_per_unit", "wood_logs/stere", Decimal("1680"), "kWh PCI par stère", date(2021, 1, 1),
                 "Valeur DPE (3CL-DPE 2021, arrêté du 31 mars 2021) et picbleu.fr : 1 stère = 1 680 kWh PCI "
                 "(fourchette 1 350–2 000 selon essence et séchage) ; remplaçable par facture"),
    # Per-delivery wood factors: kWh PCI per stère of dry 1 m logs by species, then coefficients.
    *_rows("wood_log_kwh_per_stere", "kWh PCI par stère (bûches de 1 m, bois sec)", date(2021, 1, 1),
           "Table SIA via alpilles-solaires.fr (domain-research 2.5), kWh PCS par stère ÷ 1,08 (PCS/PCI du bois) ; "
           "hypothèse à confirmer", {"oak": "1944", "beech": "2037", "softwood": "1389"}),
    ReferenceRow("wood_log_kwh_per_stere", "mixed", None, "kWh PCI par stère (bûches de 1 m, bois sec)",
                 date(2021, 1, 1), "Mélange de feuillus : aucune valeur sourcée, à renseigner"),
    ReferenceRow("wood_moisture_factor", "dry", Decimal("1"), "coefficient", date(2021, 1, 1),
                 "Référence : les valeurs par essence sont celles du bois sec (moins de 20 % d'humidité)"),
    *_rows("wood_moisture_factor", "coefficient", date(2021, 1, 1),
           "Bois mi-sec (20–30 %) ou vert (plus de 30 %) : aucune valeur sourcée, à renseigner",
           {"semi_dry": None, "green": None}),
    ReferenceRow("wood_length_factor", "100", Decimal("1"), "coefficient", date(2021, 1, 1),
                 "Définition du stère : 1 m³ apparent de bûches de 1 m"),
    *_rows("wood_length_factor", "coefficient", date(2021, 1, 1),
           "Stère de bûches recoupées (50, 33, 25 cm) rapporté au stère de bûches de 1 m : à renseigner",
           {"50": None, "33": None, "25": None}),
    *_rows("pcs_pci_ratio", "PCS/PCI", date(2021, 3, 31),
           "Arrêté du 31 mars 2021 (3CL-DPE), via Open3CL 13.2_generateur_combustion_ch.js", {
               "natural_gas": "1.11", "propane": "1.11", "fuel_oil": "1.07", "wood": "1.08",
           }),
    *_rows("primary_energy_factor", "kWhEP par kWhEF", date(2021, 7, 1),
           "Arrêté du 31 mars 2021 (3CL-DPE) : électricité 2,3 jusqu'au 31 décembre 2025 (arrêté du 13 août 2025)", {
               "electricity": "2.3", "other": "1",
           }),
    *_rows("primary_energy_factor", "kWhEP par kWhEF", date(2026, 1, 1), "Arrêté du 13 août 2025 (électricité 1,9)", {
        "electricity": "1.9", "other": "1",
    }),
    # Greenhouse gases per kWh of final energy (3CL-DPE); electricity by use.
    *_rows("ghg_factor", "kgCO2e par kWhEF", date(2021, 7, 1), DPE_ANNEX, {
        "natural_gas": "0.227", "fuel_oil": "0.324", "propane": "0.272", "wood_logs": "0.030",
        "wood_pellets": "0.030", "district_heating": "0.385", "electricity_heating": "0.079",
        "electricity_hot_water": "0.065", "electricity_lighting": "0.069", "electricity_auxiliaries": "0.064",
    }),
]

# Prices per kWh (without the subscription) for valuing a saving when no bill gives one.
PRICE_ROWS: list[ReferenceRow] = [
    *_rows("fallback_price", "€ TTC par kWh", date(2025, 2, 1), OPEN3CL_CONSO + " ; TRVE base 1er février 2025", {
        "electricity": "0.2016", "fuel_oil": "0.09142", "wood_logs": "0.03201", "wood_pellets": "0.05991",
        "propane": "0.14305", "natural_gas": "0.10", "district_heating": "0.10",
    }),
]

# Energy-poverty indicators: thresholds, income deciles, national medians.
INSEE_2021 = "INSEE, Les revenus et le patrimoine des ménages, édition 2024 (revenus 2021), " \
    "https://www.insee.fr/fr/statistiques/7941375?sommaire=7941491"
INSEE_2022 = "INSEE, France, portrait social, édition 2024 (revenus 2022, euros 2022), " \
    "https://www.insee.fr/fr/statistiques/2491918"
INSEE_2023 = "INSEE Première n° 2063, juillet 2025 (revenus 2023) : niveau de vie médian ≈ 2 150 € par mois, " \
    "seuil de pauvreté 1 288 € par mois"
INDICATOR_ROWS: list[ReferenceRow] = [
    *_rows("threshold", "ratio", date(2018, 1, 1), "ONPE, définition des indicateurs (domain-research 2.1)", {
        "tee_slime": "0.10", "tee_onpe": "0.08", "brde_income_share_of_median": "0.60",
    }),
    # Deciles of disposable income per UC (niveau de vie), dated by the income year. A bound with no
    # newer value keeps its older row in force (D2 and D3 are 2021's until a newer one is entered).
    *_rows("income_decile", "€ par UC et par an (revenu disponible)", date(2021, 1, 1), INSEE_2021, {
        "D1": "12290", "D2": "15550", "D3": "18360", "D5": "23160", "D9": "41870",
    }),
    *_rows("income_decile", "€ par UC et par an (revenu disponible)", date(2022, 1, 1), INSEE_2022, {
        "D1": "12970", "D5": "24330", "D9": "43840",
    }),
    ReferenceRow("income_decile", "D5", Decimal("25800"), "€ par UC et par an (revenu disponible)", date(2023, 1, 1),
                 INSEE_2023 + " ; 2 150 × 12 = 25 800"),
    ReferenceRow("income_reference", "poverty_line", Decimal("15456"), "€ par UC et par an", date(2023, 1, 1),
                 INSEE_2023 + " ; 1 288 × 12 = 15 456 (60 % du niveau de vie médian)"),
    # BRDE: median energy spending of households, per UC and per m² (ONPE). No sourced figure known.
    ReferenceRow("brde_median", "energy_spending_per_uc", None, "€ par UC et par an", date(2021, 1, 1),
                 "ONPE, médiane nationale des dépenses d'énergie du logement par UC : à renseigner"),
    ReferenceRow("brde_median", "energy_spending_per_m2", None, "€ par m² et par an", date(2021, 1, 1),
                 "ONPE, médiane nationale des dépenses d'énergie du logement par m² : à renseigner"),
]

# The indicative energy class (3CL-DPE thresholds) and the decency rules.
DPE_2021 = "Arrêté du 31 mars 2021 (3CL-DPE), classes depuis le 1er juillet 2021 ; Open3CL src/conso.js"
SMALL_2024 = "Arrêté du 25 mars 2024 (petites surfaces, depuis le 1er juillet 2024) ; Open3CL src/tv.js dpe_class_limit"
CLASS_ROWS: list[ReferenceRow] = [
    # Upper bounds (exclusive) of classes A–F; G beyond.
    *_rows("class_upper_bound", "kWhEP/m²/an", date(2021, 7, 1), DPE_2021, {
        "A": "70", "B": "110", "C": "180", "D": "250", "E": "330", "F": "420",
    }),
    *_rows("ghg_class_upper_bound", "kgCO2e/m²/an", date(2021, 7, 1), DPE_2021, {
        "A": "6", "B": "11", "C": "30", "D": "50", "E": "70", "F": "100",
    }),
    # Above 800 m in zones H1b, H1c, H2d (the Haut-Jura): only E and F move.
    *_rows("class_upper_bound_above_800", "kWhEP/m²/an", date(2021, 7, 1), DPE_2021 + " (altitude > 800 m)", {
        "E": "390", "F": "500",
    }),
    *_rows("ghg_class_upper_bound_above_800", "kgCO2e/m²/an", date(2021, 7, 1), DPE_2021 + " (altitude > 800 m)", {
        "E": "80", "F": "110",
    }),
    # Small dwellings: the bounds at 20 and 30 m² (40 m² and more = standard); interpolated between.
    *_rows("class_upper_bound_small", "kWhEP/m²/an", date(2024, 7, 1), SMALL_2024, {
        "20/A": "88", "20/B": "128", "20/C": "230", "20/D": "300", "20/E": "385", "20/F": "476",
        "30/A": "76", "30/B": "116", "30/C": "197", "30/D": "267", "30/E": "349", "30/F": "439",
    }),
    *_rows("ghg_class_upper_bound_small", "kgCO2e/m²/an", date(2024, 7, 1),
           SMALL_2024 + " : seuils GES des petites surfaces non relevés, à renseigner",
           {f"{s}/{c}": None for s in (20, 30) for c in "ABCDEF"}),
    # Decency: final energy above 450 kWh/m²/yr is indecent since 2023; then a class rank (A = 1 … G = 7)
    # from which a dwelling is not decent.
    ReferenceRow("decency", "max_final_kwh_per_m2", Decimal("450"), "kWhEF/m²/an", date(2023, 1, 1),
                 "Décret n° 2021-19 du 11 janvier 2021 (France métropolitaine)"),
    ReferenceRow("decency", "indecent_from_class", Decimal("7"), "rang de classe (A = 1 … G = 7)", date(2025, 1, 1),
                 "Loi Climat et résilience du 22 août 2021 : classe G non décente depuis le 1er janvier 2025"),
    ReferenceRow("decency", "indecent_from_class", Decimal("6"), "rang de classe (A = 1 … G = 7)", date(2028, 1, 1),
                 "Loi Climat et résilience du 22 août 2021 : classe F non décente à partir du 1er janvier 2028"),
    ReferenceRow("decency", "indecent_from_class", Decimal("5"), "rang de classe (A = 1 … G = 7)", date(2034, 1, 1),
                 "Loi Climat et résilience du 22 août 2021 : classe E non décente à partir du 1er janvier 2034"),
]

# Climate: degree-hours of the heating model, degree-days for extrapolation and climate correction.
CLIMATE_ROWS: list[ReferenceRow] = [
    *_rows("degree_hours", "°C·h par an (DH19, zone H1c)", date(2021, 3, 31), "Open3CL src/tv.js dh19, sommes H1c", {
        "below_400": "57673", "400_800": "72334", "above_800": "86616",
    }),
    # The monthly split of those degree-hours weights an extrapolation of less than a year. Not yet
    # copied from the 3CL tables: « à renseigner », and extrapolation stays linear until filled.
    *_rows("degree_hours_month", "°C·h du mois (DH19, zone H1c)", date(2021, 3, 31),
           "Open3CL src/tv.js dh19 (3CL-DPE 2021), valeurs mensuelles H1c à reporter : à renseigner",
           {f"{altitude}/{month:02d}": None for altitude in ("below_400", "400_800", "above_800")
            for month in range(1, 13)}),
    # Share of the heating energy's yearly bill that is heating (the rest, hot water and cooking, is
    # spread evenly over the year). No sourced figure: « à renseigner ».
    ReferenceRow("heating_share", "main_heating_energy", None, "part de la consommation annuelle", date(2021, 1, 1),
                 "Part du chauffage dans la facture de l'énergie de chauffage : aucune valeur sourcée, à renseigner"),
]

# Default U-values of the envelope (3CL tables) and the performance of insulation works.
ENVELOPE_ROWS: list[ReferenceRow] = [
    # Wall U-value by construction period (H1), and lost attics before 1975.
    *_rows("u_wall", "W/m²·K", date(2021, 3, 31), OPEN3CL_TV, {
        "before_1975": "2.5", "1975_1977": "1.0", "1978_1982": "1.0", "1983_1988": "0.8", "1989_2000": "0.5",
        "2001_2005": "0.4", "2006_2012": "0.36", "2013_plus": "0.23", "unknown": "2.5",
    }),
    *_rows("u_roof", "W/m²·K", date(2021, 3, 31), OPEN3CL_TV + " (combles perdus ; après 1977 : estimation)", {
        "before_1975": "2.5", "1975_1977": "0.5", "1978_1982": "0.4", "1983_1988": "0.35", "1989_2000": "0.3",
        "2001_2005": "0.25", "2006_2012": "0.2", "2013_plus": "0.15", "unknown": "2.5",
    }),
    *_rows("u_window", "W/m²·K", date(2021, 3, 31), OPEN3CL_TV, {
        "single": "5.8", "double_old": "3.3", "double_recent": "1.8", "triple": "1.0",
    }),
    # Target resistances of aided works (CEE sheets) and window performance after works.
    *_rows("target_r", "m²·K/W ajoutés", date(2025, 1, 1), "Fiches CEE BAR-EN-101/102/103 (domain-research 3.4)", {
        "roof": "7", "wall": "3.7", "floor": "3",
    }),
    ReferenceRow("target_u", "window", Decimal("1.3"), "W/m²·K", date(2024, 1, 1), "Fiche CEE BAR-EN-104"),
]

# Works: costs, replacement systems and the assumptions of the estimate.
WORKS_ROWS: list[ReferenceRow] = [
    # Works costs (€ TTC per m² or per unit), low and high, indicative.
    *_rows("works_cost_low", "€ par m² (ou par unité)", date(2020, 1, 1),
           "ADEME/Effinergie (Batiactu) et fourchettes commerciales (domain-research 3.5)", {
               "roof": "20", "wall_inside": "40", "wall_outside": "100", "floor": "28", "window": "450",
               "heating_system": "5000", "controls": "300", "ventilation": "800",
           }),
    *_rows("works_cost_high", "€ par m² (ou par unité)", date(2020, 1, 1),
           "ADEME/Effinergie (Batiactu) et fourchettes commerciales (domain-research 3.5)", {
               "roof": "50", "wall_inside": "80", "wall_outside": "180", "floor": "43", "window": "800",
               "heating_system": "15000", "controls": "900", "ventilation": "2500",
           }),
    ReferenceRow("assumption", "controls_saving_share", Decimal("0.10"), "part du chauffage", date(2026, 1, 1),
                 "Hypothèse non sourcée (domain-research 6) : régulation et programmation, à confirmer"),
    ReferenceRow("assumption", "specific_electricity_kwh", Decimal("2500"), "kWh/an", date(2026, 1, 1),
                 "Hypothèse non sourcée : usages spécifiques de l'électricité (éclairage, appareils), à confirmer"),
    *_rows("target_efficiency", "rendement saisonnier (PAC : SCOP)", date(2026, 1, 1),
           "Hypothèse non sourcée : générateur performant de remplacement, à confirmer", {
               "electricity": "3", "natural_gas": "0.95", "propane": "0.95", "fuel_oil": "0.95",
               "wood_logs": "0.85", "wood_pellets": "0.9", "district_heating": "1",
           }),
    ReferenceRow("assumption", "ventilation_air_changes", Decimal("0.6"), "volumes par heure", date(2026, 1, 1),
                 "Hypothèse non sourcée : renouvellement d'air d'un logement ancien, à confirmer"),
]

# Climate of each past year (degree-days), for the climate correction of measured savings.
CLIMATE_YEAR_ROWS: list[ReferenceRow] = [
]

# Eligibility: Anah income categories, chèque énergie, the département's FSL rules, aid amounts.
ELIGIBILITY_ROWS: list[ReferenceRow] = [
]

DEFAULT_REFERENCE_ROWS: list[ReferenceRow] = [
    *CONVERSION_ROWS, *PRICE_ROWS, *INDICATOR_ROWS, *CLASS_ROWS, *CLIMATE_ROWS, *CLIMATE_YEAR_ROWS,
    *ENVELOPE_ROWS, *WORKS_ROWS, *ELIGIBILITY_ROWS,
]


class MissingReference(KeyError):
    """A reference value the computation needs is absent or still "à renseigner"."""

    def __init__(self, table: str, key: str) -> None:
        super().__init__(f"valeur de référence manquante : {table}/{key}")
        self.table, self.key = table, key


@dataclass(frozen=True)
class ReferenceData:
    """The reference rows in force at one date, one per (table, key): the latest `valid_from` on or before it."""

    rows: dict[tuple[str, str], ReferenceRow] = field(default_factory=dict)
    on: date | None = None

    def get(self, table: str, key: str) -> Decimal:
        value = self.maybe(table, key)
        if value is None:
            raise MissingReference(table, key)
        return value

    def maybe(self, table: str, key: str) -> Decimal | None:
        """The value, or None when the row is absent or "à renseigner"."""
        row = self.rows.get((table, key))
        return None if row is None else row.value

    def row(self, table: str, key: str) -> ReferenceRow | None:
        return self.rows.get((table, key))

    def table(self, table: str) -> dict[str, Decimal]:
        """The filled values of one table (rows "à renseigner" left out)."""
        return {k: r.value for (t, k), r in self.rows.items() if t == table and r.value is not None}

    def pending(self, table: str) -> list[str]:
        """Keys of one table still "à renseigner"."""
        return sorted(k for (t, k), r in self.rows.items() if t == table and r.value is None)

    def source(self, table: str, key: str) -> str | None:
        row = self.rows.get((table, key))
        return None if row is None else row.source

    @property
    def sources(self) -> dict[tuple[str, str], str]:
        return {k: r.source for k, r in self.rows.items()}

    def kwh_per_unit(self) -> dict[tuple[str, str], Decimal]:
        return {tuple(k.split("/", 1)): v for k, v in self.table("kwh_per_unit").items()}  # type: ignore[misc]

    @classmethod
    def at(cls, rows: Iterable[ReferenceRow], on: date) -> "ReferenceData":
        """The latest row valid on `on` for each (table, key)."""
        chosen: dict[tuple[str, str], ReferenceRow] = {}
        for row in rows:
            if row.valid_from <= on:
                current = chosen.get((row.table, row.key))
                if current is None or row.valid_from > current.valid_from:
                    chosen[(row.table, row.key)] = row
        return cls(rows=chosen, on=on)


def default_reference(on: date | None = None) -> ReferenceData:
    return ReferenceData.at(DEFAULT_REFERENCE_ROWS, on or date.today())
