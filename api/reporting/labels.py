"""French labels of the codes that appear in the yearly report and its exports."""

TENURE = {"owner_occupier": "Propriétaire occupant", "private_tenant": "Locataire du parc privé",
          "social_tenant": "Locataire du parc social", "hosted": "Hébergé", "other": "Autre", "unknown": "Inconnu"}
HEATING = {"electricity": "Électricité", "natural_gas": "Gaz naturel", "propane": "Propane", "fuel_oil": "Fioul",
           "wood_logs": "Bois bûches", "wood_pellets": "Granulés de bois", "district_heating": "Réseau de chaleur",
           "heat_pump": "Pompe à chaleur", "other": "Autre", "unknown": "Inconnu"}
REFERRER_KIND = {"departement": "Conseil départemental", "energy_association": "Association énergie",
                 "social_landlord": "Bailleur social", "private_landlord": "Bailleur privé", "ccas": "CCAS",
                 "caf": "CAF", "msa": "MSA", "fsl": "FSL", "energy_supplier": "Fournisseur d'énergie",
                 "health": "Santé", "association": "Association", "other_partner": "Autre partenaire"}
REASON = {"bill_payment_difficulty": "Difficulté à payer les factures", "unpaid_cutoff_risk": "Impayés, risque de coupure",
          "energy_hungry_dwelling": "Logement énergivore", "fsl_energy_or_water": "Demande FSL énergie ou eau",
          "cold_damp_mould": "Froid, humidité, moisissures", "other": "Autre"}
LEAD_TIME = {"referral_to_first_call": "Demande → premier appel", "referral_to_visit": "Demande → visite",
             "visit_to_report_sent": "Visite → compte-rendu envoyé"}
WORKS_STATUS = {"planned": "Planifiés", "started": "Commencés", "done": "Réalisés", "refused": "Refusés"}
# The TEE bands are not listed here: they come from the dated thresholds in force (api/energy/tee.py).
UNKNOWN = "inconnu"
INCOME_BANDS = ["sous D1", "entre D1 et D2", "entre D2 et D3", "entre D3 et D5", "entre D5 et D9", "au-dessus de D9",
                UNKNOWN]
