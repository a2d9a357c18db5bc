"""When the pair is free: working hours in local time, travel time around visits, conflicts.

Times are stored in UTC; days, working hours and daylight-saving changes are Europe/Paris.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, or_, select

from api.errors import Conflict, InvalidInput
from api.models import Household, Programme, Unavailability, User, Visit, VisitStatus
from api.schemas.agenda import FreeSlot
from api.settings import Settings
from api.models.base import id_of

BUSY_STATUSES = (VisitStatus.planned, VisitStatus.done)
# Where dates are shown when no request settings are at hand (documents, messages of later steps).
DEFAULT_ZONE = ZoneInfo("Europe/Paris")
MAX_RANGE_DAYS = 62
# Every half-hour start of the working days of the longest period: the most `free_slots` can find.
MAX_SLOTS = 2_000


@dataclass(frozen=True)
class AgendaRules:
    """The agenda's settings, in local time where it matters."""

    buffer: timedelta
    default_length: timedelta
    zone: ZoneInfo
    workday_start: time
    workday_end: time
    visiting_days: frozenset[int] = frozenset({1, 2, 3, 4, 5, 6})
    visiting_start: time = time(8, 0)
    visiting_end: time = time(20, 0)
    max_length: timedelta = timedelta(hours=4)

    @classmethod
    def from_settings(cls, settings: Settings) -> "AgendaRules":
        return cls(buffer=timedelta(minutes=settings.travel_buffer_minutes),
                   default_length=timedelta(minutes=settings.visit_default_minutes),
                   zone=ZoneInfo(settings.timezone),
                   workday_start=time.fromisoformat(settings.workday_start),
                   workday_end=time.fromisoformat(settings.workday_end),
                   visiting_days=frozenset(settings.visiting_days),
                   visiting_start=time.fromisoformat(settings.visiting_start),
                   visiting_end=time.fromisoformat(settings.visiting_end),
                   max_length=timedelta(minutes=settings.visit_max_minutes))


    def for_programme(self, programme: Programme) -> "AgendaRules":
        """A programme's own visiting days and hours (api/models/programmes.py), where it sets them."""
        days = frozenset(int(d) for d in programme.visiting_days.split()) if programme.visiting_days else self.visiting_days
        return replace(self, visiting_days=days,
                       visiting_start=time.fromisoformat(programme.visiting_start) if programme.visiting_start
                       else self.visiting_start,
                       visiting_end=time.fromisoformat(programme.visiting_end) if programme.visiting_end
                       else self.visiting_end)


def local_format(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def local_day(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y")


WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _days_fr(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"du {WEEKDAYS_FR[ordered[0] - 1]} au {WEEKDAYS_FR[ordered[-1] - 1]}"
    names = [WEEKDAYS_FR[d - 1] for d in ordered]
    return "le " + names[0] if len(names) == 1 else "les " + ", ".join(names[:-1]) + " et " + names[-1]


def _duration_fr(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours and rest else (f"{hours} h" if hours else f"{rest} min")


def check_visiting_time(rules: AgendaRules, starts_at: datetime, ends_at: datetime) -> None:
    """422 unless the visit starts and ends within the visiting hours of one visiting day (local time),
    and lasts at most the configured maximum."""
    if ends_at <= starts_at:
        raise InvalidInput("ends_at", "La fin doit être après le début.")
    if ends_at - starts_at > rules.max_length:
        raise InvalidInput("ends_at", f"Une visite dure au plus {_duration_fr(rules.max_length)} "
                                      f"(ici {_duration_fr(ends_at - starts_at)}) : raccourcissez-la.")
    start, end = starts_at.astimezone(rules.zone), ends_at.astimezone(rules.zone)
    hours = (f"{_days_fr(rules.visiting_days)}, de {rules.visiting_start:%H:%M} à {rules.visiting_end:%H:%M} "
             f"(heure de Paris)")
    if start.isoweekday() not in rules.visiting_days:
        raise InvalidInput("starts_at", f"Pas de visite le {WEEKDAYS_FR[start.weekday()]} "
                                        f"{start:%d/%m/%Y} : les visites ont lieu {hours}.")
    if start.date() != end.date() or start.time() < rules.visiting_start or end.time() > rules.visiting_end:
        raise InvalidInput("starts_at", f"Une visite de {start:%H:%M} à {end:%H:%M} sort des horaires de visite : "
                                        f"elle doit commencer et finir le même jour, {hours}.")


@dataclass(frozen=True)
class Busy:
    kind: str
    id: int
    user_id: int
    starts_at: datetime
    ends_at: datetime
    label: str


def busy_periods(session: Session, user_ids: list[int], start: datetime, end: datetime,
                 *, exclude_visit_id: int | None = None) -> list[Busy]:
    """Commitments of these people that overlap [start, end)."""
    visits = session.exec(select(Visit, Household).join(Household, col(Visit.household_id) == Household.id).where(
        or_(col(Visit.coordinator_id).in_(user_ids), col(Visit.advisor_id).in_(user_ids)),
        col(Visit.status).in_(BUSY_STATUSES), Visit.starts_at < end, Visit.ends_at > start,
        Visit.id != (exclude_visit_id or 0),
    )).all()
    blocks = session.exec(select(Unavailability).where(
        col(Unavailability.user_id).in_(user_ids), Unavailability.starts_at < end, Unavailability.ends_at > start,
    )).all()
    periods = []
    for visit, household in visits:
        for uid in {visit.coordinator_id, visit.advisor_id} & set(user_ids):
            periods.append(Busy("visit", id_of(visit), uid, visit.starts_at, visit.ends_at, f"la visite n° {visit.id} à {household.commune}"))
    periods += [Busy("unavailability", id_of(b), b.user_id, b.starts_at, b.ends_at, f"l'indisponibilité « {b.label or b.kind} »")
                for b in blocks]
    return sorted(periods, key=lambda b: (b.starts_at, b.id))


def check_free(session: Session, rules: AgendaRules, user_ids: list[int], starts_at: datetime, ends_at: datetime,
               *, exclude_visit_id: int | None = None) -> None:
    """409 naming the first commitment within the travel buffer of [starts_at, ends_at)."""
    clashes = busy_periods(session, user_ids, starts_at - rules.buffer, ends_at + rules.buffer,
                           exclude_visit_id=exclude_visit_id)
    if clashes:
        first = clashes[0]
        person = session.get(User, first.user_id)
        assert person is not None  # a foreign key
        who = person.full_name
        raise Conflict(
            f"Conflit avec {first.label} de {who}, du "
            f"{local_format(first.starts_at, rules.zone)} au {local_format(first.ends_at, rules.zone)}, "
            f"temps de trajet de {int(rules.buffer.total_seconds() // 60)} min compris."
        )


def free_slots(session: Session, rules: AgendaRules, user_ids: list[int], first_day: date, last_day: date,
               length: timedelta, *, step: timedelta = timedelta(minutes=30), limit: int = 20,
               per_day: int | None = None) -> list[FreeSlot]:
    """Slots in working hours, local time (so daylight-saving changes are handled), free for everyone.

    Without `per_day`, every free start on the half-hour grid; with it, at most that many slots a
    day that do not overlap one another (distinct choices to offer the household).
    """
    start = datetime.combine(first_day, rules.workday_start, rules.zone).astimezone(UTC)
    end = datetime.combine(last_day, rules.workday_end, rules.zone).astimezone(UTC)
    busy = busy_periods(session, user_ids, start - rules.buffer, end + rules.buffer)
    now = datetime.now(UTC)
    slots: list[FreeSlot] = []
    day = first_day
    while day <= last_day and len(slots) < limit:
        if day.weekday() < 5:
            candidate = datetime.combine(day, rules.workday_start, rules.zone)
            closing = datetime.combine(day, rules.workday_end, rules.zone)
            today: list[FreeSlot] = []
            while candidate + length <= closing and len(today) < (per_day or limit) and len(slots) + len(today) < limit:
                s, e = candidate.astimezone(UTC), (candidate + length).astimezone(UTC)
                overlaps_offer = per_day is not None and any(o.starts_at < e and o.ends_at > s for o in today)
                if s >= now and not overlaps_offer and \
                        not any(b.starts_at < e + rules.buffer and b.ends_at > s - rules.buffer for b in busy):
                    today.append(FreeSlot(starts_at=s, ends_at=e))
                candidate += step
            slots += today
        day += timedelta(days=1)
    return slots


def local_range(rules: AgendaRules, first_day: date, last_day: date) -> tuple[datetime, datetime]:
    if last_day < first_day:
        raise InvalidInput("end", "La fin de la période précède son début.")
    if (last_day - first_day).days > MAX_RANGE_DAYS:
        raise InvalidInput("end", f"Période trop longue (au plus {MAX_RANGE_DAYS} jours).")
    start = datetime.combine(first_day, time.min, rules.zone).astimezone(UTC)
    end = datetime.combine(last_day + timedelta(days=1), time.min, rules.zone).astimezone(UTC)
    return start, end
