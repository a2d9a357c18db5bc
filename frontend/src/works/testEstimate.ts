/** A works estimate as the API gave it for the demo household Vuillet (propane, underheating), trimmed. */
import type { WorksEstimateRead } from '../api/types'

export const VUILLET_ESTIMATE: WorksEstimateRead = {
 "household_id": 5,
 "visit_id": 2,
 "reference_date": "2026-11-29",
 "heat_loss_w_per_k": "562.70",
 "modelled_need_kwh": "48739",
 "modelled_final_kwh": "64985",
 "billed_heating_kwh": "12001",
 "heating_kwh": "12001",
 "heating_eur": "1716.79",
 "calibration": "0.1847",
 "calibrated": true,
 "shares_only": false,
 "underheating": true,
 "heating_energy": "propane",
 "price_per_kwh": "0.1431",
 "persons": 2,
 "heat_sources": [
  {
   "energy": "propane",
   "main": true,
   "efficiency": "0.750",
   "billed_kwh": "13868",
   "heating_kwh": "12001",
   "heat_share": "1.0000",
   "price_per_kwh": "0.1431",
   "price_source": "Arrêté du 31 mars 2021 (méthode 3CL-DPE), annexe 7, prix des énergies pour l'estimation des coûts, en vigueur au 1er juillet 2021 (via Open3CL src/conso.js ; diagnostic-review.md)"
  }
 ],
 "other_uses": [
  {
   "energy": "propane",
   "use": "hot_water",
   "label": "Eau chaude (2 pers.)",
   "kwh": "1867"
  }
 ],
 "non_cumulative_note": "Chaque ligne est estimée seule, sur le logement tel qu'il est ; les économies ne s'additionnent pas. Les scénarios appliquent les travaux l'un après l'autre.",
 "notes": [
  "Sous-chauffe probable : le ménage consomme 18 % de ce que le modèle prévoit pour chauffer le logement ; les économies réelles seront plus faibles (une part servira au confort)."
 ],
 "items": [
  {
   "work": "roof",
   "label": "Isolation des combles ou de la toiture",
   "quantity": "75.000",
   "quantity_unit": "m²",
   "saving": {
    "kwh": "3783",
    "eur": "541.14",
    "share": "0.3152"
   },
   "saving_kwh": "3783",
   "saving_eur": "541.14",
   "cost": {
    "vat_rate": "0.0550",
    "low_ht": "1421.80",
    "high_ht": "3525.00",
    "low_ttc": "1500.00",
    "high_ttc": "3718.88"
   },
   "cost_low": "1500.00",
   "cost_high": "3718.88",
   "lifetime_years": "30.000",
   "payback_years_low": "2.8",
   "payback_years_high": "6.9",
   "lifetime_cost_per_kwh_low": "0.0132",
   "lifetime_cost_per_kwh_high": "0.0328",
   "energy_after": null,
   "efficiency_after": null,
   "alternative_to": null,
   "sources": [
    "works_cost_low/roof : Fourchettes commerciales TTC (raspadalica.com, avenir-renovations.fr ; consultées en 2025 ; source faible, domain-research 3.5), combles perdus",
    "works_cost_high/roof : Observatoire ADEME/Effinergie des rénovations BBC, rapporté par Batiactu (batiactu.com/edito/jrbbc-beaucoup-de-depenses-pour-quel-retour-sur-investissement-51802.php ; date de l'article à vérifier ; domain-research 3.5), coût moyen, plancher haut",
    "vat_rate/energy_renovation : Taux réduit de 5,5 % des travaux d'amélioration de la qualité énergétique (CGI art. 278-0 bis A)",
    "work_lifetime/roof : Hypothèse à confirmer : ordre de grandeur des durées de vie conventionnelles des fiches CEE, non vérifié"
   ],
   "notes": [
    "R ajoutée 7 m²·K/W."
   ]
  },
  {
   "work": "controls",
   "label": "Régulation et programmation du chauffage",
   "quantity": "1.000",
   "quantity_unit": "installation",
   "saving": {
    "kwh": "840",
    "eur": "120.18",
    "share": "0.0700"
   },
   "saving_kwh": "840",
   "saving_eur": "120.18",
   "cost": {
    "vat_rate": "0.0550",
    "low_ht": "284.36",
    "high_ht": "853.08",
    "low_ttc": "300.00",
    "high_ttc": "900.00"
   },
   "cost_low": "300.00",
   "cost_high": "900.00",
   "lifetime_years": "15.000",
   "payback_years_low": "2.5",
   "payback_years_high": "7.5",
   "lifetime_cost_per_kwh_low": "0.0238",
   "lifetime_cost_per_kwh_high": "0.0714",
   "energy_after": null,
   "efficiency_after": null,
   "alternative_to": null,
   "sources": [
    "works_cost_low/controls : Hypothèse à confirmer : fourchette commerciale non sourcée",
    "works_cost_high/controls : Hypothèse à confirmer : fourchette commerciale non sourcée",
    "vat_rate/energy_renovation : Taux réduit de 5,5 % des travaux d'amélioration de la qualité énergétique (CGI art. 278-0 bis A)",
    "work_lifetime/controls : Hypothèse à confirmer : ordre de grandeur des durées de vie conventionnelles des fiches CEE, non vérifié",
    "assumption/controls_saving_share : ADEME : −1 °C de consigne ≈ −7 % de chauffage ; programmation « jusqu'à 15 % » ; valeur prudente retenue (hypothèse à confirmer) ; régulation obligatoire d'ici 2027 (décret 2023-444)"
   ],
   "notes": [
    "Part d'économie retenue : 7 % du chauffage (ADEME : « jusqu'à 15 % »)."
   ]
  },
  {
   "work": "heat_pump_air_water",
   "label": "Pompe à chaleur air/eau",
   "quantity": "1.000",
   "quantity_unit": "installation",
   "saving": {
    "kwh": "8787",
    "eur": "1068.72",
    "share": "0.7321"
   },
   "saving_kwh": "8787",
   "saving_eur": "1068.72",
   "cost": {
    "vat_rate": "0.0550",
    "low_ht": "4739.34",
    "high_ht": "23696.68",
    "low_ttc": "5000.00",
    "high_ttc": "25000.00"
   },
   "cost_low": "5000.00",
   "cost_high": "25000.00",
   "lifetime_years": "17.000",
   "payback_years_low": "4.7",
   "payback_years_high": "23.4",
   "lifetime_cost_per_kwh_low": "0.0335",
   "lifetime_cost_per_kwh_high": "0.1674",
   "energy_after": "electricity",
   "efficiency_after": "2.800",
   "alternative_to": null,
   "sources": [
    "works_cost_low/heat_pump_air_water : « De 5 000 à plus de 25 000 € posée » selon le type (shaunrenovation.fr/pompe-chaleur-budget-2026 ; source commerciale 2026, domain-research 3.5)",
    "works_cost_high/heat_pump_air_water : « De 5 000 à plus de 25 000 € posée » selon le type (shaunrenovation.fr/pompe-chaleur-budget-2026 ; source commerciale 2026, domain-research 3.5)",
    "vat_rate/energy_renovation : Taux réduit de 5,5 % des travaux d'amélioration de la qualité énergétique (CGI art. 278-0 bis A)",
    "work_lifetime/heat_pump_air_water : Hypothèse à confirmer : ordre de grandeur des durées de vie conventionnelles des fiches CEE, non vérifié",
    "replacement_efficiency/heat_pump_air_water : 3CL-DPE : PAC air/eau installée après 2017, émetteurs radiateurs, zones H1/H2 (diagnostic-review.md)"
   ],
   "notes": [
    "Propane → électricité, rendement 0,75 → 2,8, valorisé au prix du kWh (électricité)."
   ]
  }
 ],
 "scenarios": [
  {
   "code": "envelope_controls",
   "label": "Isolation et régulation",
   "steps": [
    {
     "work": "roof",
     "label": "Isolation des combles ou de la toiture",
     "quantity": "75.000",
     "quantity_unit": "m²",
     "cost": {
      "vat_rate": "0.0550",
      "low_ht": "1421.80",
      "high_ht": "3525.00",
      "low_ttc": "1500.00",
      "high_ttc": "3718.88"
     },
     "saving": {
      "kwh": "3783",
      "eur": "541.14",
      "share": "0.3152"
     }
    },
    {
     "work": "wall_inside",
     "label": "Isolation des murs par l'intérieur",
     "quantity": "110.000",
     "quantity_unit": "m²",
     "cost": {
      "vat_rate": "0.0550",
      "low_ht": "4170.62",
      "high_ht": "8341.23",
      "low_ttc": "4400.00",
      "high_ttc": "8800.00"
     },
     "saving": {
      "kwh": "5293",
      "eur": "757.17",
      "share": "0.4410"
     }
    },
    {
     "work": "window",
     "label": "Remplacement des fenêtres",
     "quantity": "12.000",
     "quantity_unit": "m²",
     "cost": {
      "vat_rate": "0.0550",
      "low_ht": "6684.00",
      "high_ht": "7488.00",
      "low_ttc": "7051.62",
      "high_ttc": "7899.84"
     },
     "saving": {
      "kwh": "1152",
      "eur": "164.75",
      "share": "0.0960"
     }
    },
    {
     "work": "controls",
     "label": "Régulation et programmation du chauffage",
     "quantity": "1.000",
     "quantity_unit": "installation",
     "cost": {
      "vat_rate": "0.0550",
      "low_ht": "284.36",
      "high_ht": "853.08",
      "low_ttc": "300.00",
      "high_ttc": "900.00"
     },
     "saving": {
      "kwh": "124",
      "eur": "17.76",
      "share": "0.0103"
     }
    }
   ],
   "cost": {
    "vat_rate": "0.0550",
    "low_ht": "12560.78",
    "high_ht": "20207.31",
    "low_ttc": "13251.62",
    "high_ttc": "21318.72"
   },
   "saving": {
    "kwh": "10352",
    "eur": "1480.82",
    "share": "0.8626"
   },
   "heating_kwh_after": "1650",
   "heating_eur_after": "235.97",
   "payback_years_low": "8.9",
   "payback_years_high": "14.4",
   "money": {
    "category": null,
    "category_label": null,
    "category_explanation": "Catégorie Anah : non calculable : revenu fiscal de référence à renseigner.",
    "aids": [
     {
      "work": "roof",
      "scheme": "MaPrimeRénov'",
      "amount_eur": null,
      "capped": false,
      "explanation": "MaPrimeRénov' : non calculable : catégorie Anah non calculable.",
      "source": ""
     },
     {
      "work": "wall_inside",
      "scheme": "MaPrimeRénov'",
      "amount_eur": null,
      "capped": false,
      "explanation": "MaPrimeRénov' : non calculable : catégorie Anah non calculable.",
      "source": ""
     },
     {
      "work": "window",
      "scheme": "MaPrimeRénov'",
      "amount_eur": null,
      "capped": false,
      "explanation": "MaPrimeRénov' : non calculable : catégorie Anah non calculable.",
      "source": ""
     },
     {
      "work": "controls",
      "scheme": "MaPrimeRénov'",
      "amount_eur": null,
      "capped": false,
      "explanation": "MaPrimeRénov' : non calculable : catégorie Anah non calculable.",
      "source": ""
     }
    ],
    "aids_low_eur": "0.00",
    "aids_high_eur": "0.00",
    "aids_complete": false,
    "left_to_pay_low_eur": "13251.62",
    "left_to_pay_high_eur": "21318.72",
    "payback_after_aids_years_low": "8.9",
    "payback_after_aids_years_high": "14.4",
    "tee_before": "0.1909",
    "tee_after": "0.0995",
    "tee_before_display": "19,1 %",
    "tee_after_display": "9,9 %",
    "reste_a_vivre_uc_before_eur": "5282.71",
    "reste_a_vivre_uc_after_eur": "6421.80",
    "income_hidden": false,
    "notes": [
     "Aides incomplètes (montant à renseigner ou coût inconnu) : les restes à charge sont des maximums."
    ]
   },
   "notes": [
    "Travaux appliqués l'un après l'autre : chaque étape agit sur le logement laissé par la précédente."
   ]
  }
 ],
 "sources": {
  "assumption/controls_saving_share": "ADEME : −1 °C de consigne ≈ −7 % de chauffage ; programmation « jusqu'à 15 % » ; valeur prudente retenue (hypothèse à confirmer) ; régulation obligatoire d'ici 2027 (décret 2023-444)",
  "assumption/hot_water_useful_kwh_per_person": "Hypothèse à confirmer, d'après la méthode 3CL-DPE : 56 L/jour à 40 °C, eau froide ≈ 10,5 °C : 1,163 × 56 × 29,5 × 365 / 1 000 ≈ 700 kWh",
  "assumption/overconsumption_calibration_above": "Hypothèse à confirmer : au-dessus, le logement consomme nettement plus que le modèle (surfaces, U ou usages à vérifier)"
 }
}
