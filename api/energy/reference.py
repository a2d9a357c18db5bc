"""Dated reference values with their source (domain-research.md sections 2–3).

The defaults below seed the editable `reference_value` table; the engine only ever receives a
`ReferenceData` built from that table for a given date, never these literals directly.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
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

# Prices per kWh, without the subscription (the subscription stays after works): for valuing a saving
# and a new energy after a change of heating. Delivered fuels use the household's own bills when known.
DPE_ANNEX_7 = ("Arrêté du 31 mars 2021 (méthode 3CL-DPE), annexe 7, prix des énergies pour l'estimation des "
               "coûts, en vigueur au 1er juillet 2021 (via Open3CL src/conso.js ; diagnostic-review.md)")
PRICE_ROWS: list[ReferenceRow] = [
    *_rows("fallback_price", "€ TTC par kWh PCI, hors abonnement", date(2021, 7, 1), DPE_ANNEX_7, {
        "fuel_oil": "0.09142", "wood_logs": "0.03201", "wood_pellets": "0.05991", "propane": "0.14305",
        "district_heating": "0.0787",
    }),
    ReferenceRow("fallback_price", "electricity", Decimal("0.2016"), "€ TTC par kWh, hors abonnement",
                 date(2025, 2, 1), "Tarif réglementé de vente (TRVE) option Base, prix du kWh au 1er février 2025 "
                 "(idcite.com, revolution-energetique.com ; domain-research 2.6)"),
    # No sourced kWh price for natural gas (the annex gives a piecewise formula with the subscription).
    ReferenceRow("fallback_price", "natural_gas", None, "€ TTC par kWh PCI, hors abonnement", date(2021, 7, 1),
                 "À renseigner : prix du kWh de gaz hors abonnement (facture du ménage ou prix repère CRE)"),
    # Gas is sold per kWh PCS; the engine counts kWh PCI: the published price × 1.11 (PCS/PCI).
    ReferenceRow("fallback_price", "natural_gas", Decimal("0.1147"), "€ TTC par kWh PCI, hors abonnement",
                 date(2025, 10, 1), "CRE, prix repère de vente de gaz naturel, usage chauffage (6 000 à 300 000 "
                 "kWh/an), octobre 2025 : 0,10337 € TTC par kWh PCS hors abonnement (relayé par ekwateur.fr, mis à "
                 "jour le 04/10/2025) ; × 1,11 (PCS/PCI) = 0,1147 € par kWh PCI. Prix mensuel : à mettre à jour"),
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
OPEN3CL_TV_REVIEW = OPEN3CL_TV + " ; valeurs vérifiées dans diagnostic-review.md (novembre 2026)"
ENVELOPE_ROWS: list[ReferenceRow] = [
    # Wall U-value by construction period (H1).
    *_rows("u_wall", "W/m²·K", date(2021, 3, 31), OPEN3CL_TV, {
        "before_1975": "2.5", "1975_1977": "1.0", "1978_1982": "1.0", "1983_1988": "0.8", "1989_2000": "0.5",
        "2001_2005": "0.4", "2006_2012": "0.36", "2013_plus": "0.23", "unknown": "2.5",
    }),
    # Lost-attic roofs by construction period (H1).
    *_rows("u_roof", "W/m²·K", date(2021, 3, 31), OPEN3CL_TV_REVIEW + " (combles perdus, H1)", {
        "before_1975": "2.5", "1975_1977": "0.5", "1978_1982": "0.5", "1983_1988": "0.3", "1989_2000": "0.25",
        "2001_2005": "0.23", "2006_2012": "0.2", "2013_plus": "0.14", "unknown": "2.5",
    }),
    # Low floors by construction period (H1); slab-on-ground Ue is not modelled.
    *_rows("u_floor", "W/m²·K", date(2021, 3, 31), OPEN3CL_TV_REVIEW + " (plancher bas, H1)", {
        "before_1975": "2.0", "1975_1977": "0.9", "1978_1982": "0.9", "1983_1988": "0.8", "1989_2000": "0.5",
        "2001_2005": "0.3", "2006_2012": "0.27", "2013_plus": "0.23", "unknown": "2.0",
    }),
    # An element the advisor saw uninsulated, whatever the period (3CL U0 of unknown material).
    *_rows("u_uninsulated", "W/m²·K", date(2021, 3, 31), OPEN3CL_TV_REVIEW + " (paroi non isolée, U0)", {
        "wall": "2.5", "roof": "2.5", "floor": "2.0",
    }),
    # Windows from the glazing type the advisor saw (Uw of a wooden casement window).
    *_rows("u_window", "W/m²·K (Uw)", date(2021, 3, 31), OPEN3CL_TV_REVIEW
           + " (Uw menuiserie bois battante ; simple vitrage bois/PVC 4,9 à 5,4 : valeur haute retenue)", {
               "single": "5.4", "double_old": "2.7", "double_recent": "1.4", "triple": "1.2",
           }),
    # Target resistances of aided works (CEE sheets) and window performance after works.
    *_rows("target_r", "m²·K/W ajoutés", date(2025, 1, 1), "Fiches CEE BAR-EN-101/102/103 (domain-research 3.4)", {
        "roof": "7", "wall": "3.7", "floor": "3",
    }),
    ReferenceRow("target_u", "window", Decimal("1.3"), "W/m²·K", date(2024, 1, 1), "Fiche CEE BAR-EN-104"),
]

# Works: costs (each row says HT or TTC in its unit), VAT, lifetimes, replacement systems, and the
# assumptions of the calibration.
BATIACTU = ("Observatoire ADEME/Effinergie des rénovations BBC, rapporté par Batiactu "
            "(batiactu.com/edito/jrbbc-beaucoup-de-depenses-pour-quel-retour-sur-investissement-51802.php ; "
            "date de l'article à vérifier ; domain-research 3.5), coût moyen")
COMMERCIAL = ("Fourchettes commerciales TTC (raspadalica.com, avenir-renovations.fr ; consultées en 2025 ; "
              "source faible, domain-research 3.5)")
HEAT_PUMP_COST = ("« De 5 000 à plus de 25 000 € posée » selon le type (shaunrenovation.fr/pompe-chaleur-budget-2026 ; "
                  "source commerciale 2026, domain-research 3.5)")
UNSOURCED_COST = "Hypothèse à confirmer : fourchette commerciale non sourcée"
NO_COST_SOURCE = "À renseigner : aucune source fiable de coût (domain-research 3.5 et 6)"
CEE_LIFETIME = "Hypothèse à confirmer : ordre de grandeur des durées de vie conventionnelles des fiches CEE, non vérifié"
WORKS_ROWS: list[ReferenceRow] = [
    # Works costs per m² (envelope) or per installation (systems), low and high.
    ReferenceRow("works_cost_low", "roof", Decimal("20"), "€ TTC par m²", date(2025, 1, 1), COMMERCIAL + ", combles perdus"),
    ReferenceRow("works_cost_high", "roof", Decimal("47"), "€ HT par m²", date(2018, 1, 1), BATIACTU + ", plancher haut"),
    ReferenceRow("works_cost_low", "wall_inside", Decimal("40"), "€ TTC par m²", date(2025, 1, 1), COMMERCIAL + ", ITI"),
    ReferenceRow("works_cost_high", "wall_inside", Decimal("80"), "€ TTC par m²", date(2025, 1, 1), COMMERCIAL + ", ITI"),
    ReferenceRow("works_cost_low", "wall_outside", Decimal("108"), "€ HT par m²", date(2018, 1, 1), BATIACTU + ", ITE"),
    ReferenceRow("works_cost_high", "wall_outside", Decimal("180"), "€ TTC par m²", date(2025, 1, 1), COMMERCIAL + ", ITE"),
    ReferenceRow("works_cost_low", "floor", Decimal("28"), "€ HT par m²", date(2018, 1, 1), BATIACTU + ", sous chape"),
    ReferenceRow("works_cost_high", "floor", Decimal("43"), "€ HT par m²", date(2018, 1, 1), BATIACTU + ", en sous-face"),
    ReferenceRow("works_cost_low", "window", Decimal("557"), "€ HT par m² de fenêtre", date(2018, 1, 1),
                 BATIACTU + ", double vitrage"),
    ReferenceRow("works_cost_high", "window", Decimal("624"), "€ HT par m² de fenêtre", date(2018, 1, 1),
                 BATIACTU + ", triple vitrage"),
    *_rows("works_cost_low", "€ TTC par installation", date(2026, 1, 1), HEAT_PUMP_COST, {
        "heat_pump_air_water": "5000", "heat_pump_air_air": "5000"}),
    *_rows("works_cost_high", "€ TTC par installation", date(2026, 1, 1), HEAT_PUMP_COST, {
        "heat_pump_air_water": "25000", "heat_pump_air_air": "25000"}),
    *_rows("works_cost_low", "€ TTC par installation", date(2026, 1, 1), NO_COST_SOURCE, {
        "pellet_boiler": None, "condensing_boiler": None}),
    *_rows("works_cost_high", "€ TTC par installation", date(2026, 1, 1), NO_COST_SOURCE, {
        "pellet_boiler": None, "condensing_boiler": None}),
    *_rows("works_cost_low", "€ TTC par installation", date(2020, 1, 1), UNSOURCED_COST, {
        "controls": "300", "ventilation": "800"}),
    *_rows("works_cost_high", "€ TTC par installation", date(2020, 1, 1), UNSOURCED_COST, {
        "controls": "900", "ventilation": "2500"}),
    # VAT on works in a dwelling more than two years old.
    ReferenceRow("vat_rate", "energy_renovation", Decimal("0.055"), "taux", date(2014, 1, 1),
                 "Taux réduit de 5,5 % des travaux d'amélioration de la qualité énergétique (CGI art. 278-0 bis A)"),
    ReferenceRow("vat_rate", "other_works", Decimal("0.10"), "taux", date(2014, 1, 1),
                 "Taux intermédiaire de 10 % des travaux dans un logement de plus de deux ans (CGI art. 279-0 bis) ; "
                 "s'applique à la PAC air/air, exclue du taux réduit : à confirmer"),
    # Lifetimes, for the cost of a saved kWh over the work's life.
    *_rows("work_lifetime", "années", date(2026, 1, 1), CEE_LIFETIME, {
        "roof": "30", "wall_inside": "30", "wall_outside": "30", "floor": "30", "window": "24",
        "heat_pump_air_water": "17", "heat_pump_air_air": "17", "pellet_boiler": "18", "condensing_boiler": "20",
        "controls": "15", "ventilation": "15",
    }),
    # Replacement heating: seasonal efficiency (heat pumps: SCOP) of the new system.
    ReferenceRow("replacement_efficiency", "heat_pump_air_water", Decimal("2.8"), "SCOP", date(2021, 7, 1),
                 "3CL-DPE : PAC air/eau installée après 2017, émetteurs radiateurs, zones H1/H2 (diagnostic-review.md)"),
    ReferenceRow("replacement_efficiency", "heat_pump_air_air", Decimal("3.0"), "SCOP", date(2021, 7, 1),
                 "3CL-DPE : PAC air/air (diagnostic-review.md)"),
    ReferenceRow("replacement_efficiency", "pellet_boiler", Decimal("0.85"), "rendement saisonnier (PCI)",
                 date(2026, 1, 1), "Hypothèse à confirmer : chaudière à granulés récente"),
    ReferenceRow("replacement_efficiency", "condensing_boiler", Decimal("0.95"), "rendement saisonnier (PCI)",
                 date(2026, 1, 1), "Hypothèse à confirmer : chaudière à condensation gaz ou propane"),
    # Controls: ADEME says a programmable thermostat saves "jusqu'à 15 %" and each degree less about 7 %;
    # the prudent figure is kept (décret 2023-444: regulation compulsory by 2027).
    ReferenceRow("assumption", "controls_saving_share", Decimal("0.07"), "part du chauffage", date(2023, 6, 1),
                 "ADEME : −1 °C de consigne ≈ −7 % de chauffage ; programmation « jusqu'à 15 % » ; valeur prudente "
                 "retenue (hypothèse à confirmer) ; régulation obligatoire d'ici 2027 (décret 2023-444)"),
    # Calibration on heating only: the other uses of the same energy, estimated apart.
    ReferenceRow("assumption", "specific_electricity_kwh", Decimal("2228"), "kWh/an par ménage moyen",
                 date(2021, 3, 1), "Panel Elecdom (Enertech, RTE, ADEME), mars 2021 : électricité spécifique "
                 "2 228 kWh/an (4 792 kWh tous usages)"),
    ReferenceRow("assumption", "specific_electricity_fixed_share", Decimal("0.5"), "part fixe par ménage",
                 date(2026, 1, 1), "Hypothèse à confirmer : moitié de l'électricité spécifique indépendante de la "
                 "taille du ménage (froid, veilles), moitié proportionnelle au nombre de personnes"),
    ReferenceRow("assumption", "average_household_size", Decimal("2.2"), "personnes par ménage", date(2020, 1, 1),
                 "INSEE, recensement : 2,2 personnes par ménage en moyenne (taille supposée du ménage moyen du panel)"),
    ReferenceRow("assumption", "hot_water_useful_kwh_per_person", Decimal("700"), "kWh utiles par personne et par an",
                 date(2021, 7, 1), "Hypothèse à confirmer, d'après la méthode 3CL-DPE : 56 L/jour à 40 °C, eau froide "
                 "≈ 10,5 °C : 1,163 × 56 × 29,5 × 365 / 1 000 ≈ 700 kWh"),
    ReferenceRow("assumption", "cooking_kwh_per_person", Decimal("150"), "kWh par personne et par an",
                 date(2026, 1, 1), "Hypothèse à confirmer : cuisson (plaques et four)"),
    ReferenceRow("assumption", "underheating_calibration_below", Decimal("0.6"), "facteur de recalage",
                 date(2026, 1, 1), "Hypothèse à confirmer : en dessous, le ménage se chauffe nettement moins que le "
                 "modèle ne le prévoit (sous-chauffe probable)"),
    ReferenceRow("assumption", "overconsumption_calibration_above", Decimal("1.5"), "facteur de recalage",
                 date(2026, 1, 1), "Hypothèse à confirmer : au-dessus, le logement consomme nettement plus que le "
                 "modèle (surfaces, U ou usages à vérifier)"),
    # Ventilation through windows (3CL), instead of an air-change rate: infiltration is not modelled.
    ReferenceRow("assumption", "ventilation_m3_per_h_m2", Decimal("1.2"), "m³/(h·m² habitable)", date(2021, 7, 1),
                 "3CL-DPE : ventilation par ouverture des fenêtres, 1,2 m³/(h·m²) ≈ 0,48 vol/h sous 2,5 m "
                 "(diagnostic-review.md) ; infiltrations non comptées"),
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
    # Tables already gathered: the annual report converts every bill of the year with the same ones.
    _tables: dict[str, dict[str, Decimal]] = field(default_factory=dict, compare=False, repr=False)

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
        """The filled values of one table (rows "à renseigner" left out). Read-only: it is shared."""
        found = self._tables.get(table)
        if found is None:
            found = self._tables[table] = {k: r.value for (t, k), r in self.rows.items()
                                           if t == table and r.value is not None}
        return found

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
        return self._kwh_per_unit

    @cached_property
    def _kwh_per_unit(self) -> dict[tuple[str, str], Decimal]:
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
