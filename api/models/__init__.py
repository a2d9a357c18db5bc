"""Every table, in one package: Alembic and the app see one metadata."""

from api.models.agenda import CalendarFeed, Unavailability, UnavailabilityKind, Visit, VisitStatus
from api.models.attachments import PHOTO_KINDS, TECHNICAL_KINDS, Attachment, AttachmentKind, is_technical
from api.models.audit import AuditEvent
from api.models.diagnostics import (
    BillEntry,
    EquipmentItem,
    ReferenceValue,
    SocialDiagnostic,
    TechnicalDiagnostic,
    WorksPlan,
)
from api.models.base import metadata, utcnow
from api.models.directory import (
    LANDLORD_KINDS,
    Campaign,
    CampaignUnit,
    Commune,
    Organisation,
    OrganisationKind,
    TerritorialUnit,
)
from api.models.followup import (
    SETTLED_ORIENTATION_STATUSES,
    Orientation,
    OrientationEvent,
    OrientationStatus,
    OrientationType,
    WebhookDelivery,
    WebhookSubscription,
    WorksStatus,
    WorksUpdate,
)
from api.models.households import (
    AdvisorAssignment,
    AltitudeClass,
    Consent,
    ConsentPurpose,
    ConstructionPeriod,
    Dwelling,
    DwellingType,
    HeatingEnergy,
    Household,
    HouseholdMember,
    HouseholdStatus,
    Relation,
    Tenure,
)
from api.models.notifications import (
    Notification,
    NotificationChannel,
    NotificationDigest,
    NotificationKind,
    NotificationPreference,
    UserUnit,
)
from api.models.programmes import Programme, ProgrammeOrNational, ProgrammeOrPlatform, ProgrammeOwned
from api.models.referrals import (
    CallAttempt,
    CallOutcome,
    IdempotencyRecord,
    Referral,
    ReferralChannel,
    ReferralReason,
    ReferralReasonLink,
    ReferralStatus,
    ReferralTransition,
    TriageNote,
)
from api.models.reports import (
    Delivery,
    Report,
    ReportStatus,
    ReviewComment,
    Synthesis,
    SynthesisKind,
    SynthesisStatus,
)
from api.models.users import (
    AccountMail,
    IntegrationKind,
    IntegrationRateWindow,
    IntegrationToken,
    LoginSession,
    LoginThrottle,
    PasswordToken,
    RefreshToken,
    Role,
    User,
    UserRole,
)

__all__ = [
    "PHOTO_KINDS", "TECHNICAL_KINDS", "Attachment", "AttachmentKind", "is_technical",
    "SETTLED_ORIENTATION_STATUSES", "OrientationEvent", "OrientationStatus", "OrientationType",
    "WebhookDelivery", "WebhookSubscription", "WorksStatus", "WorksUpdate",
    "Delivery", "Orientation", "Report", "ReportStatus", "ReviewComment", "Synthesis",
    "SynthesisKind", "SynthesisStatus",
    "BillEntry", "EquipmentItem", "ReferenceValue", "SocialDiagnostic", "TechnicalDiagnostic", "WorksPlan",
    "CalendarFeed", "CallAttempt", "CallOutcome", "IdempotencyRecord", "Referral", "ReferralChannel",
    "ReferralReason", "ReferralReasonLink", "ReferralStatus", "ReferralTransition", "TriageNote",
    "Unavailability", "UnavailabilityKind", "Visit", "VisitStatus",
    "LANDLORD_KINDS",
    "AdvisorAssignment", "AltitudeClass", "AuditEvent", "Campaign", "CampaignUnit", "Commune", "Consent",
    "ConsentPurpose", "ConstructionPeriod", "Dwelling", "DwellingType", "HeatingEnergy", "Household",
    "HouseholdMember", "HouseholdStatus", "IntegrationKind", "IntegrationRateWindow", "IntegrationToken", "LoginSession", "LoginThrottle", "Organisation",
    "OrganisationKind", "RefreshToken", "Relation", "Role", "Tenure", "TerritorialUnit", "User",
    "UserRole", "metadata", "utcnow",
    "AccountMail", "PasswordToken",
    "Notification", "NotificationChannel", "NotificationDigest", "NotificationKind", "NotificationPreference",
    "UserUnit",
    "Programme", "ProgrammeOrNational", "ProgrammeOrPlatform", "ProgrammeOwned",
]
