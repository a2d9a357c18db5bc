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
CONVERSION_ROWS: list[ReferenceRow] = [
    *_rows("kwh_per_unit", "kWh PCI par unité", date(2021, 1, 1), PICBLEU, {
        "fuel_oil/litre": "10", "wood_pellets/kg": "4.6", "propane/kg": "12.78", "propane/m3_propane": "23.7",
    }),
    ReferenceRow("kwh_per_unit", "propane/litre", Decimal("6.5"), "kWh PCI par litre", date(2021, 1, 1),
                 "Dérivé : 12,78 kWh/kg × 0,51 kg/L (propane liquide) ; à confirmer"),
    ReferenceRow("kwh_per_unit", "wood_logs/stere", Decimal("1700"), "kWh PCI par stère", date(2021, 1, 1),
                 "Recommandation domain-research 2.5 (feuillus secs ; picbleu 1 680), modifiable par visite"),
    *_rows("pcs_pci_ratio", "PCS/PCI", date(2021, 3, 31),
           "Arrêté du 31 mars 2021 (3CL-DPE), via Open3CL 13.2_generateur_combustion_ch.js", {
               "natural_gas": "1.11", "propane": "1.11", "fuel_oil": "1.07", "wood": "1.08",
           }),
    *_rows("primary_energy_factor", "kWhEP par kWhEF", date(2026, 1, 1), "Arrêté du 13 août 2025 (électricité 1,9)", {
        "electricity": "1.9", "other": "1",
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
INDICATOR_ROWS: list[ReferenceRow] = [
    *_rows("threshold", "ratio", date(2018, 1, 1), "ONPE, définition des indicateurs (domain-research 2.1)", {
        "tee_slime": "0.10", "tee_onpe": "0.08", "brde_income_share_of_median": "0.60",
    }),
    *_rows("income_decile", "€ par UC et par an (revenu disponible)", date(2021, 1, 1),
           "INSEE, Les revenus et le patrimoine des ménages, édition 2024 (revenus 2021)", {
               "D1": "12290", "D2": "15550", "D3": "18360", "D5": "23160", "D9": "41870",
           }),
]

# The indicative energy class (3CL-DPE thresholds) and the decency rules.
CLASS_ROWS: list[ReferenceRow] = [
    # Final-energy class thresholds for the rough estimate (kWhEP/m²/yr upper bounds).
    *_rows("class_upper_bound", "kWhEP/m²/an", date(2021, 7, 1), "3CL-DPE 2021 (domain-research 3.1)", {
        "A": "70", "B": "110", "C": "180", "D": "250", "E": "330", "F": "420",
    }),
]

# Climate: degree-hours of the heating model, degree-days for extrapolation and climate correction.
CLIMATE_ROWS: list[ReferenceRow] = [
    *_rows("degree_hours", "°C·h par an (DH19, zone H1c)", date(2021, 3, 31), "Open3CL src/tv.js dh19, sommes H1c", {
        "below_400": "57673", "400_800": "72334", "above_800": "86616",
    }),
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
# The SDES publishes yearly departmental DJU (base 17 °C, one reference station per département, 1996 onward);
# no yearly value for the Jura could be retrieved here, nor a normal: « à renseigner » until an administrator
# copies them from the SDES series, and until then the measured impact is shown uncorrected.
SDES_DJU = ("SDES, degrés-jours unifiés annuels départementaux (base 17 °C, station de référence du Jura), "
            "notice « Évaluation des degrés-jours unifiés au niveau régional et départemental » (janvier 2021) : "
            "valeur à reporter, non disponible ici (domain-research 2.6)")
CLIMATE_YEAR_ROWS: list[ReferenceRow] = [
    *[ReferenceRow("degree_days_year", str(year), None, "DJU base 17 °C (année civile)", date(year, 1, 1), SDES_DJU)
      for year in range(2018, 2027)],
    ReferenceRow("degree_days_normal", "jura", None, "DJU base 17 °C (année normale)", date(2018, 1, 1),
                 SDES_DJU + " ; normale : moyenne des années de la série, à choisir et à reporter"),
]

# Eligibility: Anah income categories, chèque énergie, the département's FSL rules, aid amounts.
ANAH_CATEGORIES = ("very_modest", "modest", "intermediate")
ANAH_2024 = ("Anah, plafonds de ressources au 1er janvier 2024, guide des aides financières 2024 "
             "(https://www.anah.gouv.fr/sites/default/files/2023-12/202401_guide-aides-financieres-2024.pdf, p. 5), "
             "repris par Mes Aides Réno (betagouv/reno, app/règles/revenus-2024.yaml, commit b53cf5c) et "
             "http://ecorenove-carene.fr/spip.php?article82 ; RFR inférieur ou égal au plafond")
ANAH_2025 = ("Anah, plafonds de ressources au 1er janvier 2025 (https://france-renov.gouv.fr/bareme), repris par "
             "Mes Aides Réno (betagouv/reno, app/règles/revenus-2024.yaml, commit 625fbc9) ; 2024 × 1,00963 "
             "(domain-research 2.4, qui reprend par erreur les valeurs 2024 pour 4 personnes) ; RFR inférieur ou égal "
             "au plafond")
ANAH_2026 = "Anah, plafonds de ressources au 1er janvier 2026 : à reporter depuis https://france-renov.gouv.fr/bareme"


def _anah(zone: str, valid_from: date, source: str, table: dict[str, tuple[str, str, str] | None]) -> list[ReferenceRow]:
    """One barème: per household size (1..5, extra) the very modest, modest and intermediate ceilings."""
    rows = []
    for persons, ceilings in table.items():
        for category, value in zip(ANAH_CATEGORIES, ceilings or (None, None, None), strict=True):
            rows.append(ReferenceRow("anah_ceiling", f"{zone}/{category}/{persons}",
                                     None if value is None else Decimal(value),
                                     "€ de revenu fiscal de référence (par personne en plus pour « extra »)",
                                     valid_from, source))
    return rows


CHEQUE_ENERGIE_2023 = ("Arrêté du 3 mars 2023 fixant les critères d'éligibilité au chèque énergie (JORF du 21 mars 2023, "
                       "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000047325055), applicable au 1er janvier 2023, "
                       "remplaçant le barème de l'arrêté du 26 décembre 2018 modifié ; montants inchangés depuis, à "
                       "vérifier à chaque campagne")
CHEQUE_ENERGIE_UC = ("Code de l'énergie, article R124-1 : 1 UC pour la première personne, 0,5 pour la deuxième, "
                     "0,3 par personne supplémentaire, quel que soit l'âge")
FSL_JURA = ("Règlement intérieur du FSL du Jura : non trouvé (domain-research 1.3, UNSOURCED) ; à renseigner par le "
            "gestionnaire, ressources mensuelles du foyer (hypothèse à confirmer par le règlement)")
RENO_ISOLATION = ("Barème MaPrimeRénov' par geste repris par Mes Aides Réno (betagouv/reno, "
                  "app/règles/gestes/isolation.yaml, commit 0bf5c3a), sources Anah/France Rénov'")
RENO_PAC = ("Barème MaPrimeRénov' par geste repris par Mes Aides Réno (betagouv/reno, "
            "app/règles/gestes/chauffage/PAC.yaml, commit 042feb0), sources Anah/France Rénov'")
RENO_BOIS = ("Barème MaPrimeRénov' par geste repris par Mes Aides Réno (betagouv/reno, "
             "app/règles/gestes/chauffage/bois.yaml, commit 0ea2c3f), sources Anah/France Rénov'")
AID_2025 = ("Barème MaPrimeRénov' par geste 2025 : à reporter (les montants changent chaque année, "
            "domain-research 3.5)")
ALL_CATEGORIES = (*ANAH_CATEGORIES, "higher")
AID_WORKS = ("roof", "wall_inside", "wall_outside", "floor", "window", "heating_system", "heat_pump_air_water",
             "heat_pump_air_air", "pellet_boiler", "gas_condensing_boiler", "controls", "ventilation")


def _aid(work: str, unit: str, valid_from: date, source: str, amounts: tuple[str | None, ...]) -> list[ReferenceRow]:
    return [ReferenceRow("aid_amount", f"{work}/{category}", None if value is None else Decimal(value), unit,
                         valid_from, source) for category, value in zip(ALL_CATEGORIES, amounts, strict=True)]


UNKNOWN_AID = (None, None, None, None)
ELIGIBILITY_ROWS: list[ReferenceRow] = [
    # Anah (MaPrimeRénov') income ceilings: persons 1..5, then "extra" per further person.
    *_anah("outside_idf", date(2024, 1, 1), ANAH_2024, {
        "1": ("17009", "21805", "30549"), "2": ("24875", "31889", "44907"), "3": ("29917", "38349", "54071"),
        "4": ("34948", "44802", "63235"), "5": ("40002", "51281", "72400"), "extra": ("5045", "6462", "9165")}),
    *_anah("idf", date(2024, 1, 1), ANAH_2024, {
        "1": ("23541", "28657", "40018"), "2": ("34551", "42058", "58827"), "3": ("41493", "50513", "70382"),
        "4": ("48447", "58981", "82839"), "5": ("55427", "67473", "94844"), "extra": ("6970", "8486", "12006")}),
    *_anah("outside_idf", date(2025, 1, 1), ANAH_2025, {
        "1": ("17173", "22015", "30844"), "2": ("25115", "32197", "45340"), "3": ("30206", "38719", "54592"),
        "4": ("35285", "45234", "63844"), "5": ("40388", "51775", "73098"), "extra": ("5094", "6525", "9254")}),
    *_anah("idf", date(2025, 1, 1), ANAH_2025, {
        "1": ("23768", "28933", "40404"), "2": ("34884", "42463", "59394"), "3": ("41893", "51000", "71060"),
        "4": ("48914", "59549", "83637"), "5": ("55961", "68123", "95758"), "extra": ("7038", "8568", "12122")}),
    # Revised every 1 January: the 2026 ceilings exist but are not known here.
    *_anah("outside_idf", date(2026, 1, 1), ANAH_2026, {p: None for p in ("1", "2", "3", "4", "5", "extra")}),
    *_anah("idf", date(2026, 1, 1), ANAH_2026, {p: None for p in ("1", "2", "3", "4", "5", "extra")}),
    # Chèque énergie: its own unit scale, the ceiling of RFR per UC (strict) and the amount per band and column.
    *_rows("cheque_energie", "UC", date(2016, 5, 8), CHEQUE_ENERGIE_UC, {
        "uc_first": "1", "uc_second": "0.5", "uc_further": "0.3"}),
    *_rows("cheque_energie", "€ de RFR par UC", date(2023, 1, 1), CHEQUE_ENERGIE_2023, {
        "ceiling_rfr_per_uc": "11000", "band_2_from": "5700", "band_3_from": "6800", "band_4_from": "7850"}),
    *_rows("cheque_energie", "€ par an", date(2023, 1, 1), CHEQUE_ENERGIE_2023, {
        "amount/1/one": "194", "amount/1/one_to_two": "240", "amount/1/two_or_more": "277",
        "amount/2/one": "146", "amount/2/one_to_two": "176", "amount/2/two_or_more": "202",
        "amount/3/one": "98", "amount/3/one_to_two": "113", "amount/3/two_or_more": "126",
        "amount/4/one": "48", "amount/4/one_to_two": "63", "amount/4/two_or_more": "76",
    }),
    # The Jura FSL: no public rules found.
    *_rows("fsl_jura", "€ de ressources mensuelles", date(2026, 1, 1), FSL_JURA, {
        "income_ceiling/1": None, "income_ceiling/2": None, "income_ceiling/3": None, "income_ceiling/4": None,
        "income_ceiling/5": None, "income_ceiling/extra": None}),
    ReferenceRow("fsl_jura", "max_aid_energy", None, "€ par an", date(2026, 1, 1), FSL_JURA),
    # MaPrimeRénov' par geste, per category (very modest, modest, intermediate, higher).
    ReferenceRow("aid_amount", "wall_outside/very_modest", Decimal("75"), "€ par m²", date(2023, 1, 1),
                 "MaPrimeRénov' 2023, ménages très modestes (bleus), plafonné à 100 m² "
                 "(https://faq.hellio.com/isolation-exterieur-100-m2-eligible-maprimerenov, domain-research 3.5)"),
    *_aid("wall_outside", "€ par m²", date(2024, 1, 1), RENO_ISOLATION, ("75", "60", "40", "0")),
    *_aid("wall_inside", "€ par m²", date(2024, 1, 1), RENO_ISOLATION, ("25", "20", "15", "0")),
    *_aid("roof", "€ par m²", date(2024, 1, 1), RENO_ISOLATION + " (rampants de toiture ou plafonds de combles)",
          ("25", "20", "15", "0")),
    *_aid("window", "€ par équipement", date(2024, 1, 1), RENO_ISOLATION + " (fenêtre ou porte-fenêtre remplaçant "
          "un simple vitrage)", ("100", "80", "40", "0")),
    *_aid("heat_pump_air_water", "€ forfait", date(2024, 1, 1), RENO_PAC, ("5000", "4000", "3000", "0")),
    *_aid("pellet_boiler", "€ forfait", date(2024, 1, 1), RENO_BOIS + " (chaudière bois automatique, granulés)",
          ("7000", "5500", "3000", "0")),
    *[row for work in ("floor", "heating_system", "heat_pump_air_air", "gas_condensing_boiler", "controls",
                       "ventilation")
      for row in _aid(work, "€ par m² ou forfait", date(2024, 1, 1),
                      "Montant MaPrimeRénov' par geste non sourcé ici : à renseigner", UNKNOWN_AID)],
    *[row for work in AID_WORKS for row in _aid(work, "€ par m², par équipement ou forfait", date(2025, 1, 1),
                                                 AID_2025, UNKNOWN_AID)],
    ReferenceRow("aid_cap", "wall_outside", Decimal("100"), "m²", date(2023, 1, 1),
                 "MaPrimeRénov' : surface aidée plafonnée à 100 m² (https://faq.hellio.com/isolation-exterieur-100-m2-"
                 "eligible-maprimerenov ; Mes Aides Réno, isolation.yaml)"),
    *_rows("aid_max_share", "part du coût TTC", date(2024, 1, 1),
           "Écrêtement MaPrimeRénov' + CEE par catégorie : à renseigner (non sourcé ici)",
           {category: None for category in ALL_CATEGORIES}),
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
