"""Per-person iCalendar feeds (RFC 5545) at a secret, revocable address.

Calendars end up on phones and in cloud accounts, so an event carries no household name or
contact: the commune and the case number, enough to open Binôme for the rest.
"""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import update
from sqlmodel import Session, col, or_, select

from api import tenancy
from api.access import Principal
from api.errors import NotFound
from api.models import CalendarFeed, Household, Unavailability, User, Visit, VisitStatus
from api.security import new_opaque_token, token_digest
from api.services import audit

FEED_PREFIX = "cal_"
WINDOW_PAST = timedelta(days=30)
WINDOW_FUTURE = timedelta(days=365)


def rotate(session: Session, principal: Principal, *, secret: bytes) -> str:
    """A new secret for the caller's feed; any previous address stops working."""
    revoke(session, principal)
    assert principal.user_id is not None  # a person's own feed
    token = new_opaque_token(FEED_PREFIX)
    session.add(CalendarFeed(user_id=principal.user_id, token_hash=token_digest(token, secret=secret)))
    session.flush()
    audit.record(session, principal, "create", "calendar_feed", principal.user_id)
    return token


def revoke(session: Session, principal: Principal) -> None:
    session.execute(update(CalendarFeed).where(col(CalendarFeed.user_id) == principal.user_id,
                                               col(CalendarFeed.revoked_at).is_(None))
                    .values(revoked_at=datetime.now(UTC)).execution_options(synchronize_session=False))


def render(session: Session, token: str, *, secret: bytes, now: datetime | None = None) -> bytes:
    with tenancy.unscoped(session):  # the secret address says whose agenda, hence which programme
        feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == token_digest(token, secret=secret))).first()
    if feed is None or feed.revoked_at is not None:
        raise NotFound("Agenda introuvable.")
    tenancy.enter(session, feed.programme_id)
    user = session.get(User, feed.user_id)
    if user is None or not user.is_active:
        raise NotFound("Agenda introuvable.")
    now = now or datetime.now(UTC)
    start, end = now - WINDOW_PAST, now + WINDOW_FUTURE
    calendar = Calendar()
    calendar.add("prodid", "-//Binôme//Agenda SLIME//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Binôme – {user.full_name}")
    calendar.add("x-wr-timezone", "Europe/Paris")
    visits = session.exec(select(Visit, Household).join(Household, col(Visit.household_id) == Household.id).where(
        or_(Visit.coordinator_id == user.id, Visit.advisor_id == user.id),
        col(Visit.status).in_([VisitStatus.planned, VisitStatus.done]), Visit.starts_at < end, Visit.ends_at > start,
    )).all()
    for visit, household in visits:
        event = Event()
        event.add("uid", f"visit-{visit.id}@binome")
        event.add("dtstamp", now)
        event.add("dtstart", visit.starts_at)
        event.add("dtend", visit.ends_at)
        event.add("summary", f"Visite SLIME – {household.commune} (dossier {household.id})")
        event.add("location", household.commune)
        event.add("status", "CONFIRMED")
        event.add("sequence", visit.version)
        calendar.add_component(event)
    for block in session.exec(select(Unavailability).where(
            Unavailability.user_id == user.id, Unavailability.starts_at < end, Unavailability.ends_at > start)).all():
        event = Event()
        event.add("uid", f"unavailability-{block.id}@binome")
        event.add("dtstamp", now)
        event.add("dtstart", block.starts_at)
        event.add("dtend", block.ends_at)
        event.add("summary", block.label or "Indisponible")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
