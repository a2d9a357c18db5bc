"""The audit trail in French, in one place: the label of every action and record type, and a readable
summary of an event's structured detail. The audit API, its CSV export and the household's access log
all read them from here; the SPA receives them in each event (and the filter choices from
`GET /audit-events/vocabulary`), so no label is repeated in the front end.

A test (tests/routers/test_audit_log.py) walks every `audit.record(...)` call of `api/` and fails when
an action or a record type written there has no label below.
"""

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.labels import ENUM_LABELS
from api.models import (
    AttachmentKind,
    CallOutcome,
    ConsentPurpose,
    HouseholdStatus,
    IntegrationKind,
    OrientationStatus,
    ReferralStatus,
    ReportStatus,
    Role,
    SynthesisKind,
    SynthesisStatus,
    VisitStatus,
    WorksStatus,
)

PARIS = ZoneInfo("Europe/Paris")

# What was done. A noun, as the « Action » column of the journal reads.
AUDIT_ACTION_LABELS: dict[str, str] = {
    "read": "Consultation",
    "list": "Consultation d'une liste",
    "create": "Création",
    "update": "Modification",
    "delete": "Suppression",
    "assign": "Affectation",
    "unassign": "Fin d'affectation",
    "revoke": "Révocation",
    "login": "Connexion",
    "login_failed": "Échec de connexion",
    "logout": "Déconnexion",
    "refresh": "Renouvellement de session",
    "password_change": "Changement de mot de passe",
    "transition": "Changement d'étape",
    "export": "Export",
    "erase": "Effacement (RGPD)",
    "anonymise": "Anonymisation (fin de conservation)",
    "close": "Clôture du dossier",
    "reopen": "Réouverture du dossier",
    "handover": "Passage de relais au référent",
    "link": "Rattachement à un ménage",
    "reschedule": "Report de visite",
    "send": "Envoi",
    "queue_send": "Envoi programmé",
    "retry_send": "Nouvel essai d'envoi",
    "send_failed": "Échec d'envoi",
    "unlock": "Déblocage du compte",
    "send_invitation": "Envoi d'une invitation",
    "send_reset": "Envoi d'un lien de nouveau mot de passe",
    "password_set_by_link": "Mot de passe choisi par lien",
    "search": "Recherche",
}

# On which kind of record.
AUDIT_ENTITY_LABELS: dict[str, str] = {
    "household": "Ménage",
    "consent": "Consentement",
    "referral": "Demande d'intervention",
    "call_attempt": "Appel au ménage",
    "triage_note": "Fiche de note",
    "visit": "Visite",
    "briefing": "Préparation de visite",
    "unavailability": "Indisponibilité",
    "calendar_feed": "Abonnement à l'agenda",
    "bill_entry": "Factures",
    "social_diagnostic": "Diagnostic social",
    "technical_diagnostic": "Diagnostic technique",
    "works_plan": "Programme de travaux",
    "works_estimate": "Estimation des travaux",
    "analysis": "Analyse énergétique",
    "eligibility": "Éligibilité aux aides",
    "measured_impact": "Effet mesuré",
    "synthesis": "Synthèse",
    "review_comment": "Remarque de relecture",
    "report": "Compte-rendu",
    "report_figures": "Chiffres du compte-rendu",
    "report_pdf": "Compte-rendu (PDF)",
    "orientation": "Orientation",
    "orientation_event": "Suivi d'une orientation",
    "orientation_type": "Type d'orientation",
    "follow_up": "Suivi du ménage",
    "works_update": "Travaux déclarés par le bailleur",
    "landlord_dwelling": "Logement (API bailleur)",
    "landlord_pdf": "Synthèse technique (PDF bailleur)",
    "subject_access": "Accès aux données (RGPD)",
    "access_log": "Historique des accès au dossier",
    "audit_log": "Journal d'audit",
    "annual_report": "Bilan annuel",
    "case_extract": "Extrait pseudonymisé",
    "national_figures": "Chiffres nationaux",
    "programme": "Programme",
    "user": "Utilisateur",
    "organisation": "Organisation",
    "territorial_unit": "Unité territoriale",
    "campaign": "Campagne",
    "commune": "Commune",
    "integration_token": "Jeton d'intégration",
    "webhook_subscription": "Abonnement webhook",
    "webhook_test_event": "Événement de test webhook",
    "reference_value": "Valeur de référence",
    "equipment_item": "Petit équipement (catalogue)",
    "outbox_message": "Courriel de la boîte d'envoi",
    "account_mail": "Courriel d'invitation ou de mot de passe",
    "search": "Recherche globale",
    "attachment": "Photo ou document de la visite",
    "attachment_content": "Contenu d'une photo ou d'un document",
    "landlord_attachment": "Photos techniques (API bailleur)",
    "landlord_attachment_content": "Photo technique (API bailleur)",
}

# The workflow steps a `transition` event names in its detail (`action`), as a noun.
TRANSITION_LABELS: dict[str, str] = {
    # referrals
    "contact": "prise de contact", "schedule": "visite planifiée", "unschedule": "visite déprogrammée",
    "visit_done": "visite réalisée", "send_report": "compte-rendu envoyé", "case_closed": "dossier clos",
    "decline": "refus du ménage", "mark_unreachable": "ménage injoignable", "mark_out_of_scope": "hors champ",
    "mark_duplicate": "doublon",
    # orientations
    "start": "mise en œuvre", "obtain": "obtention", "refuse": "refus", "abandon": "abandon",
    # syntheses
    "submit_for_review": "envoi en relecture", "mark_reviewed": "relecture terminée", "finalise": "finalisation",
    "back_to_draft": "retour au brouillon",
    # reports
    "submit": "soumission à validation", "validate": "validation", "return": "renvoi pour correction",
    "mark_sent": "envoi",
    # visits and cases
    "mark_done": "visite réalisée", "cancel": "annulation", "mark_no_show": "ménage absent",
    "reschedule": "report", "close": "clôture", "reopen": "réouverture",
}

# The status a record moved to, by record type.
_STATUS_ENUMS: dict[str, type] = {
    "referral": ReferralStatus, "report": ReportStatus, "orientation": OrientationStatus,
    "synthesis": SynthesisStatus, "household": HouseholdStatus, "visit": VisitStatus,
    "works_update": WorksStatus,
}
_RECIPIENTS = {"household": "ménage", "prescriber": "prescripteur", "landlord": "bailleur"}
_CHANNELS = {"email": "courriel", "post": "courrier", "api": "API", "phone": "téléphone", "form": "formulaire",
             "paper": "fiche papier"}
_LIST_PURPOSES = {"agenda": "agenda", "validation_queue": "comptes-rendus à valider",
                  "duplicate_candidates": "recherche de doublons"}
_REASONS = {"duplicate": "doublon", "no_visit_left": "plus de visite prévue"}
_REVIEW_STATUS = {"open": "ouverte", "accepted": "acceptée", "rejected": "refusée", "resolved": "traitée"}
_FIELDS = {
    "first_name": "prénom", "last_name": "nom", "phone": "téléphone", "email": "adresse e-mail",
    "address_line": "adresse", "commune": "commune", "postcode": "code postal", "insee_code": "code INSEE",
    "tenure": "statut d'occupation", "landlord_id": "bailleur", "members": "composition du ménage",
    "dwelling": "logement", "social_referent": "référent social", "unit_code": "unité territoriale",
    "households": "nombre de ménages", "roles": "rôles", "is_active": "compte actif", "password": "mot de passe",
    "full_name": "nom", "organisation_id": "organisation", "description": "description", "partner": "partenaire",
    "due_on": "échéance", "responsible_id": "responsable", "outcome": "résultat", "kind": "type",
}


def action_label(code: str) -> str:
    return AUDIT_ACTION_LABELS.get(code, code)


def entity_label(code: str) -> str:
    return AUDIT_ENTITY_LABELS.get(code, code)


def plural(n: int, one: str, many: str | None = None) -> str:
    """« 1 ligne », « 3 lignes », « 0 ligne » (French: zero and one are singular)."""
    return f"{n} {one if abs(n) < 2 else (many or one + 's')}"


def paris_datetime(value: datetime) -> str:
    """dd/mm/yyyy HH:MM in Europe/Paris."""
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def _when(value: Any) -> str:
    if not isinstance(value, str):
        return str(value)
    try:
        if "T" in value:
            return paris_datetime(datetime.fromisoformat(value))
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _enum(enum: type, value: Any) -> str:
    return ENUM_LABELS.get(enum, {}).get(str(value), str(value)) if value is not None else "—"


def _yes(text: str) -> Callable[[Any, str], str | None]:
    return lambda v, _entity: text if v else None


def _codes(mapping: dict[str, str]) -> Callable[[Any], str]:
    def render(v: Any) -> str:
        values = v if isinstance(v, list) else [v]
        return ", ".join(mapping.get(str(x), str(x).replace("_", " ")) for x in values)
    return render


def _status(v: Any, entity: str) -> str:
    if entity == "review_comment":
        return f"statut : {_REVIEW_STATUS.get(str(v), str(v))}"
    enum = _STATUS_ENUMS.get(entity)
    return f"statut : {_enum(enum, v).lower() if enum else v}"


def _kind(v: Any, entity: str) -> str:
    if entity == "integration_token":
        return f"type : {_enum(IntegrationKind, v)}"
    if entity == "synthesis":
        return _enum(SynthesisKind, v)
    if entity in ("attachment", "attachment_content", "landlord_attachment_content"):
        return _enum(AttachmentKind, v)
    return f"type : {v}"


def _to(v: Any, entity: str) -> str:
    enum = _STATUS_ENUMS.get(entity)
    return f"nouvelle étape : {_enum(enum, v).lower() if enum else v}"


# How each key of a detail reads, given the event's record type; None leaves it out.
_KEYS: dict[str, Callable[[Any, str], str | None]] = {
    "count": lambda v, _e: plural(int(v), "ligne"),
    "ids": lambda v, _e: plural(len(v), "ligne") if isinstance(v, list) else None,
    "household_ids": lambda v, _e: plural(len(v), "ménage") if isinstance(v, list) else None,
    "fields": lambda v, _e: "champs modifiés : " + _codes(_FIELDS)(v),
    "recipient": lambda v, _e: f"destinataire : {_codes(_RECIPIENTS)(v)}",
    "channel": lambda v, _e: f"canal : {_codes(_CHANNELS)(v)}",
    "status": _status,
    "kind": _kind,
    "to": _to,
    "from": lambda v, _e: None,  # the previous step: the new one says enough
    "purpose": lambda v, _e: (_LIST_PURPOSES[v] if v in _LIST_PURPOSES else f"objet : {_enum(ConsentPurpose, v).lower()}"),
    "reason": lambda v, _e: f"motif : {_codes(_REASONS)(v)}",
    "roles": lambda v, _e: "rôles : " + ", ".join(_enum(Role, r) for r in (v if isinstance(v, list) else [v])),
    "scopes": lambda v, _e: plural(len(v), "autorisation") if isinstance(v, list) else None,
    "outcome": lambda v, _e: _enum(CallOutcome, v).lower(),
    "year": lambda v, _e: f"année {v}",
    "unit_id": lambda v, _e: f"unité n° {v}" if v else None,
    "starts_at": lambda v, _e: f"le {_when(v)}",
    "on": lambda v, _e: f"au {_when(v)}",
    "reference_date": lambda v, _e: f"au {_when(v)}",
    "reference_year": lambda v, _e: None,
    "closed_on": lambda v, _e: f"clos le {_when(v)}" if v else None,
    "closed_by": lambda v, _e: None,
    "revoked": _yes("retrait"),
    "entered_afterwards": _yes("saisie après coup"),
    "calibrated": lambda v, _e: "calé sur les consommations réelles" if v else "non calé",
    "income_hidden": _yes("sans les revenus"),
    "income_shown": lambda v, _e: "avec les revenus" if v else "sans les revenus",
    "consents_revoked": lambda v, _e: plural(int(v), "consentement retiré", "consentements retirés"),
    "idempotency_records_deleted": lambda v, _e: plural(int(v), "requête enregistrée supprimée",
                                                        "requêtes enregistrées supprimées") if v else None,
    "attachments_deleted": lambda v, _e: plural(int(v), "photo ou document supprimé",
                                                "photos ou documents supprimés") if v else None,
    "webhooks_cancelled": lambda v, _e: plural(int(v), "webhook annulé", "webhooks annulés") if v else None,
    "retention_months": lambda v, _e: f"conservation : {v} mois après la clôture",
    "referrals_closed": lambda v, _e: plural(len(v) if isinstance(v, list) else int(v), "demande close",
                                             "demandes closes"),
    "error": lambda v, _e: f"erreur : {str(v).replace('_', ' ')}",
    "view": lambda v, _e: "vue du prescripteur" if v == "referrer" else None,
    "with": lambda v, _e: "avec sa demande" if v == "referral" else None,
    "via": lambda v, _e: None,
    "advisor_id": lambda v, _e: f"conseiller n° {v}",
    "visit_id": lambda v, _e: f"visite n° {v}",
    "household_id": lambda v, _e: f"vers le ménage n° {v}",
    "previous_household_id": lambda v, _e: f"depuis le ménage n° {v}" if v else None,
    "previous_id": lambda v, _e: f"remplace le compte-rendu n° {v}",
    "delivery_id": lambda v, _e: None,
    "organisation_id": lambda v, _e: f"organisation n° {v}",
    "work_priority": lambda v, _e: f"travaux de priorité {v}",
    "code": lambda v, _e: f"code {v}",
    "insee_code": lambda v, _e: f"commune {str(v).upper()}",
    "unit_code": lambda v, _e: f"unité {v}" if v else "sans unité",
    "file_name": lambda v, _e: f"fichier {v}",
    "event_id": lambda v, _e: None,
}


def parse_detail(detail: str) -> dict[str, Any]:
    if not detail:
        return {}
    try:
        value = json.loads(detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def summarise(action: str, entity: str, detail: str) -> str:
    """A readable French sentence from an event's structured detail: « refus », « 3 lignes »,
    « destinataire : bailleur, canal : courriel ». Unknown keys read « clé : valeur »; an old detail
    that is not JSON is shown as it is."""
    data = parse_detail(detail)
    if not data:
        return detail if detail and not detail.startswith("{") else ""
    parts: list[str] = []
    if action == "transition" or "action" in data:
        step = data.get("action")
        if step is not None:
            parts.append(TRANSITION_LABELS.get(str(step), str(step).replace("_", " ")))
    for key, value in data.items():
        if key == "action":
            continue
        render = _KEYS.get(key)
        if render is None:
            text: str | None = f"{key.replace('_', ' ')} : {value}"
        elif key == "to" and parts:
            text = None  # « refus » already says where it went
        else:
            text = render(value, entity)
        if text:
            parts.append(text)
    summary = ", ".join(parts)
    return summary[:1].upper() + summary[1:]
