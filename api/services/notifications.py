"""Notifications: who is told of what, in one place; the recipient's list, unread count and choices;
the daily e-mail digest.

The services where things happen call one `notify_…` function each, in the same transaction as the
change (a referral that is rolled back told nobody). The rules:

- a new referral: the people who triage referrals (scope `referrals:triage`) covering its household's
  territorial unit (`UserUnit`; a person with no unit listed covers the whole département, and a
  household outside every unit is everyone's);
- a report submitted for validation: the people who validate reports (scope `reports:validate`);
- a report returned or validated: its author;
- a review remark or suggestion: the synthesis's owner;
- a landlord's works update: the pair of the visit whose report was shared with the landlord;
- an orientation overdue: its responsible person, once per due date (made by the daily job, since
  nothing happens at the moment a date passes).

Never the person who acted. A title never says more than a number and a commune: no name, no reason,
no amount; and a notification is shown only while its recipient still reaches its record
(`scope.visible_notifications`), so it never carries more than they may read.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, exists, func, insert, not_, or_, update
from sqlmodel import Session, col, select

from api.access import ROLE_SCOPES, Principal, Scope, scopes_for
from api.errors import Forbidden
from api.models import (
    Programme,
    Household,
    Notification,
    NotificationChannel,
    NotificationDigest,
    NotificationKind,
    NotificationPreference,
    Orientation,
    OrientationStatus,
    Referral,
    Report,
    ReportStatus,
    Role,
    Synthesis,
    SynthesisKind,
    User,
    UserRole,
    UserUnit,
    Visit,
)
from api import tenancy
from api.models.base import as_utc, id_of, utcnow
from api.schemas.common import Page
from api.schemas.notifications import (
    NotificationPreferenceItem,
    NotificationPreferences,
    NotificationPreferencesUpdate,
    NotificationRead,
)
from api.services import followup, mail, outbox, scope
from api.settings import Settings

K = NotificationKind
TITLE_MAX = 200
DIGEST_MAX_ITEMS = 100
OPEN_ORIENTATIONS = (OrientationStatus.proposed, OrientationStatus.in_progress)


# --- who is told ---------------------------------------------------------------------------------

def _roles_with(scope_: Scope) -> list[str]:
    return sorted(str(role) for role in Role if scope_ in ROLE_SCOPES.get(role, frozenset()))


class _ActivePeople(list[int]):
    """Ids already read as active people (`_holders`): `_add` does not ask the database again."""


def _holders(session: Session, scope_: Scope, *, unit_id: int | None = None) -> _ActivePeople:
    """Active people whose roles grant `scope_`; with a unit, only those covering it (or every unit)."""
    query = (select(User.id).join(UserRole, col(UserRole.user_id) == User.id)
             .where(col(UserRole.role).in_(_roles_with(scope_)), col(User.is_active).is_(True)))
    if unit_id is not None:
        covers_some = exists().where(col(UserUnit.user_id) == User.id)
        covers_this = exists().where(col(UserUnit.user_id) == User.id, col(UserUnit.unit_id) == unit_id)
        query = query.where(or_(not_(covers_some), covers_this))
    ids: list[int] = session.exec(query.distinct()).all()  # type: ignore[assignment]  # SQLModel: a key is int | None
    return _ActivePeople(sorted(set(ids)))


def _add(session: Session, actor: Principal | None, recipients: Iterable[int | None], kind: NotificationKind, *,
         record_type: str, record_id: int, household: Household, title: str, link: str) -> int:
    """One notification per recipient (each once), never to the person who acted; inactive people skipped."""
    wanted = {r for r in recipients if r is not None} - {actor.user_id if actor else None}
    if not wanted:
        return 0
    # A selected primary key is never NULL; SQLModel types the column `int | None`.
    active: Sequence[int] = sorted(wanted) if isinstance(recipients, _ActivePeople) else session.exec(  # type: ignore[assignment]
        select(User.id).where(col(User.id).in_(wanted), col(User.is_active).is_(True))).all()
    if active:  # one INSERT, no ids read back (a write request's round trips, issue 19)
        now, programme_id = utcnow(), tenancy.current(session)
        session.execute(_INSERT, [
            {"programme_id": programme_id, "recipient_id": user_id, "kind": kind, "record_type": record_type,
             "record_id": record_id, "household_id": household.id, "title": title[:TITLE_MAX], "link": link,
             "created_at": now, "read_at": None, "digest_id": None} for user_id in sorted(active)])
    return len(active)


_INSERT = insert(Notification.__table__).inline()  # type: ignore[attr-defined]  # SQLModel declares no __table__


def _about(household: Household) -> str:
    return f"dossier n° {household.id} ({household.commune})"


def notify_referral_received(session: Session, actor: Principal, referral: Referral) -> int:
    household = session.get(Household, referral.household_id)
    assert household is not None  # a foreign key
    return _add(session, actor, _holders(session, Scope.referrals_triage, unit_id=household.unit_id),
                K.referral_received, record_type="referral", record_id=id_of(referral), household=household,
                title=f"Nouvelle demande n° {referral.id} ({household.commune})", link=f"/demandes/{referral.id}")


REPORT_STEPS = {
    ReportStatus.submitted: (K.report_submitted, "Compte-rendu à valider"),
    ReportStatus.returned: (K.report_returned, "Compte-rendu renvoyé pour correction"),
    ReportStatus.validated: (K.report_validated, "Compte-rendu validé"),
}


def notify_report_step(session: Session, actor: Principal, report: Report) -> int:
    """After a report's transition: submitted (the validators hear of it), returned or validated (its author)."""
    step = REPORT_STEPS.get(ReportStatus(report.status))
    if step is None:
        return 0
    kind, label = step
    household = session.get(Household, report.household_id)
    assert household is not None  # a foreign key
    recipients = _holders(session, Scope.reports_validate) if kind == K.report_submitted else [report.author_id]
    return _add(session, actor, recipients, kind, record_type="report", record_id=id_of(report), household=household,
                title=f"{label} – {_about(household)}", link=f"/comptes-rendus/{report.id}")


def notify_review_remark(session: Session, actor: Principal, synthesis: Synthesis) -> int:
    household = session.get(Household, synthesis.household_id)
    assert household is not None  # a foreign key
    which = "famille" if synthesis.kind == SynthesisKind.family else "technique"
    return _add(session, actor, [synthesis.owner_id], K.review_remark, record_type="synthesis",
                record_id=id_of(synthesis), household=household,
                title=f"Remarque de relecture sur la synthèse {which} – {_about(household)}",
                link=f"/visites/{synthesis.visit_id}/syntheses")


def notify_works_update(session: Session, actor: Principal, household: Household, report: Report) -> int:
    """A landlord reported on works: the pair of the visit whose report was shared follows them up."""
    visit = session.get(Visit, report.visit_id)
    return _add(session, actor, [visit.coordinator_id, visit.advisor_id] if visit else [], K.landlord_works_update,
                record_type="household", record_id=id_of(household), household=household,
                title=f"Travaux mis à jour par le bailleur – {_about(household)}",
                link=f"/menages/{household.id}/travaux")


def notify_overdue_follow_ups(session: Session, today: date) -> int:
    """Every open orientation whose due date has passed tells its responsible person, once per due date
    (a new due date that passes in turn tells them again). Run by the daily job."""
    rows = session.exec(
        select(Orientation, Household).join(Household, col(Orientation.household_id) == Household.id)
        .where(col(Orientation.status).in_(OPEN_ORIENTATIONS), col(Orientation.due_on).is_not(None),
               col(Orientation.due_on) < today, col(Orientation.responsible_id).is_not(None), followup.followed())
        .order_by(col(Orientation.id))).all()
    if not rows:
        return 0
    told = {(record_id, recipient): created for record_id, recipient, created in session.exec(
        select(Notification.record_id, Notification.recipient_id, func.max(Notification.created_at))
        .where(Notification.kind == K.followup_overdue, col(Notification.record_id).in_([o.id for o, _ in rows]))
        .group_by(col(Notification.record_id), col(Notification.recipient_id))).all()}
    count = 0
    for orientation, household in rows:
        # All three are set: the query's filters.
        assert orientation.id is not None and orientation.responsible_id is not None and orientation.due_on is not None
        last = told.get((orientation.id, orientation.responsible_id))
        if last is not None and as_utc(last).date() > orientation.due_on:
            continue  # already told since this due date passed
        count += _add(session, None, [orientation.responsible_id], K.followup_overdue, record_type="orientation",
                      record_id=orientation.id, household=household,
                      title=f"Suivi en retard : une orientation attendue le {orientation.due_on:%d/%m/%Y} – "
                            f"{_about(household)}",
                      link=f"/menages/{household.id}")
    return count


# --- the recipient's list -------------------------------------------------------------------------

def _person(principal: Principal) -> None:
    if principal.kind != "user" or principal.user_id is None:
        raise Forbidden("Les notifications sont adressées à des personnes : un jeton d'intégration n'en reçoit pas.")


def _read(n: Notification) -> NotificationRead:
    return NotificationRead(id=n.id, kind=n.kind, title=n.title, link=n.link, record_type=n.record_type,
                            record_id=n.record_id, created_at=n.created_at, read_at=n.read_at)


def list_notifications(session: Session, principal: Principal, *, unread_only: bool, limit: int,
                       offset: int) -> Page[NotificationRead]:
    _person(principal)
    conditions = [scope.visible_notifications(principal)]
    if unread_only:
        conditions.append(col(Notification.read_at).is_(None))
    total = session.exec(select(func.count()).select_from(Notification).where(*conditions)).one()
    rows = session.exec(select(Notification).where(*conditions)
                        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
                        .limit(limit).offset(offset)).all()
    return Page.of([_read(n) for n in rows], total=total, limit=limit, offset=offset)


def unread_count(session: Session, principal: Principal) -> int:
    _person(principal)
    return session.exec(select(func.count()).select_from(Notification).where(
        scope.visible_notifications(principal), col(Notification.read_at).is_(None))).one()


def mark_read(session: Session, principal: Principal, notification_id: int) -> NotificationRead:
    _person(principal)
    notification = scope.get_notification(session, principal, notification_id)
    if notification.read_at is None:
        notification.read_at = datetime.now(UTC)
        session.add(notification)
        session.flush()
    return _read(notification)


def mark_all_read(session: Session, principal: Principal) -> int:
    _person(principal)
    visible = select(Notification.id).where(scope.visible_notifications(principal),
                                            col(Notification.read_at).is_(None))
    result = session.execute(update(Notification).where(col(Notification.id).in_(visible))
                             .values(read_at=datetime.now(UTC)).execution_options(synchronize_session=False))
    return result.rowcount or 0  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult


# --- preferences -----------------------------------------------------------------------------------

def _channels(session: Session, user_id: int) -> dict[NotificationKind, NotificationChannel]:
    chosen = {NotificationKind(p.kind): NotificationChannel(p.channel) for p in session.exec(
        select(NotificationPreference).where(NotificationPreference.user_id == user_id)).all()}
    return {kind: chosen.get(kind, NotificationChannel.in_app) for kind in NotificationKind}


def read_preferences(session: Session, settings: Settings, principal: Principal) -> NotificationPreferences:
    _person(principal)
    assert principal.user_id is not None  # _person checked it
    return NotificationPreferences(
        preferences=[NotificationPreferenceItem(kind=k, channel=c) for k, c in _channels(session, principal.user_id).items()],
        digest_available=mail.available(settings))


def update_preferences(session: Session, settings: Settings, principal: Principal,
                       data: NotificationPreferencesUpdate) -> NotificationPreferences:
    _person(principal)
    assert principal.user_id is not None  # _person checked it
    rows = {NotificationKind(p.kind): p for p in session.exec(
        select(NotificationPreference).where(NotificationPreference.user_id == principal.user_id)).all()}
    now = datetime.now(UTC)
    for item in data.preferences:
        row = rows.get(item.kind)
        if row is None:
            row = NotificationPreference(user_id=principal.user_id, kind=item.kind, channel=item.channel)
            rows[item.kind] = row
        elif row.channel == item.channel:
            continue
        row.channel, row.updated_at = item.channel, now
        session.add(row)
    session.flush()
    return read_preferences(session, settings, principal)


# --- the daily digest --------------------------------------------------------------------------------

@dataclass(frozen=True)
class DigestRun:
    overdue_notified: int
    digests_queued: int
    notifications_listed: int


def _principal_of(user: User, roles: set[str]) -> Principal:
    return Principal(kind="user", roles=frozenset(roles), scopes=scopes_for(roles),
                     organisation_id=user.organisation_id, user_id=user.id)


def _digest_body(settings: Settings, user: User, items: list[Notification], zone: ZoneInfo, signature: str) -> str:
    base = (settings.public_url or "").rstrip("/")
    lines = [f"Bonjour {user.full_name},", "",
             "Voici les notifications de Binôme reçues depuis votre dernier résumé :", ""]
    for n in items[:DIGEST_MAX_ITEMS]:
        lines.append(f"- {n.title} ({as_utc(n.created_at).astimezone(zone):%d/%m/%Y %H:%M})")
        lines.append(f"  {base}{n.link}")
    if len(items) > DIGEST_MAX_ITEMS:
        lines.append(f"… et {len(items) - DIGEST_MAX_ITEMS} autre(s) : voyez-les dans l'application.")
    lines += ["", "Vous recevez ce résumé quotidien parce que vous l'avez choisi pour ces notifications. "
              f"Pour le modifier : {base}/notifications", "",
              signature]
    return "\n".join(lines)


def _signature(session: Session, user: User) -> str:
    programme = session.get(Programme, user.programme_id) if user.programme_id else None
    return (programme.signature or programme.issuer_name) if programme else "Binôme – SLIME"


def send_digests(session: Session, settings: Settings, *, now: datetime | None = None) -> DigestRun:
    """The daily job (`python -m api.cli send-digests`): first the overdue follow-ups, then for each
    person who chose the digest for some kinds, ONE e-mail queued in the outbox listing their unread
    notifications of those kinds not yet in a digest; they are marked as listed, so running it again
    queues nothing twice. Notifications the person no longer reaches are left out."""
    now = now or datetime.now(UTC)
    zone = ZoneInfo(settings.timezone)
    overdue = notify_overdue_follow_ups(session, now.astimezone(zone).date())
    if not mail.available(settings):
        return DigestRun(overdue, 0, 0)
    kinds_of: dict[int, set[str]] = {}
    for user_id, kind in session.exec(select(NotificationPreference.user_id, NotificationPreference.kind).where(
            NotificationPreference.channel == NotificationChannel.daily_digest)).all():
        kinds_of.setdefault(user_id, set()).add(str(kind))
    queued = listed = 0
    for user_id in sorted(kinds_of):
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            continue
        roles = {str(r) for r in session.exec(select(UserRole.role).where(UserRole.user_id == user_id)).all()}
        principal = _principal_of(user, roles)
        items = list(session.exec(
            select(Notification).where(scope.visible_notifications(principal),
                                       col(Notification.kind).in_(sorted(kinds_of[user_id])),
                                       col(Notification.digest_id).is_(None), col(Notification.read_at).is_(None))
            .order_by(col(Notification.created_at), col(Notification.id)).with_for_update()).all())
        if not items:
            continue
        digest = NotificationDigest(
            user_id=id_of(user), address=user.email, next_attempt_at=now,
            subject=f"Binôme – vos notifications du {now.astimezone(zone):%d/%m/%Y}",
            body=_digest_body(settings, user, items, zone, _signature(session, user)))
        session.add(digest)
        session.flush()
        for n in items:
            n.digest_id = digest.id
            session.add(n)
        session.flush()
        queued, listed = queued + 1, listed + len(items)
    return DigestRun(overdue, queued, listed)


def send_due_digests(engine: Engine | None = None, *, settings: Settings,
                     now: Callable[[], datetime] = lambda: datetime.now(UTC),
                     sessions: Callable[[], Session] | None = None) -> int:
    """The outbox's digest sender (api/services/outbox.py): every digest whose time has come."""
    new_session = sessions or (lambda: Session(engine))
    return outbox.drain(NotificationDigest, lambda session, digest, at: _send_digest(session, settings, digest, at),
                        sessions=new_session, now=now)


def _send_digest(session: Session, settings: Settings, digest: NotificationDigest, at: datetime) -> None:
    digest.attempts += 1
    user = session.get(User, digest.user_id)
    if user is None or not user.is_active:
        digest.status, digest.error = "failed", "UserInactive"  # the account closed while it waited
        return
    message = mail.compose_text(settings, to=digest.address, subject=digest.subject, body=digest.body)
    try:
        mail.dispatch(settings, message, label=f"digest{digest.id}")
    except mail.MailError as exc:
        digest.error = exc.kind
        outbox.retry_later(digest, at)
        return
    digest.status, digest.sent_at, digest.error = "sent", at, None
