"""What each person should do next, gathered for their home page."""

from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session

from api.access import Principal, Scope
from api.models import ReferralStatus
from api.schemas.worklists import Worklist
from api.services import agenda, followup, referrals
from api.services.availability import AgendaRules

SECTION_LIMIT = 20


def worklist(session: Session, principal: Principal, rules: AgendaRules) -> Worklist:
    # The next seven days from today, not the calendar week: on a Sunday, Monday's visit is "coming".
    today = datetime.now(rules.zone).date()
    week_start = datetime.combine(today, time.min, rules.zone).astimezone(UTC)
    week_end = datetime.combine(today + timedelta(days=7), time.min, rules.zone).astimezone(UTC)
    now = datetime.now(UTC)

    calls = []
    if Scope.referrals_write in principal.scopes:
        calls = referrals.list_referrals(
            session, principal, referrals.ReferralFilters(status=ReferralStatus.received, call_priority=True),
            limit=SECTION_LIMIT, offset=0).items
    this_week, briefings = [], []
    if Scope.agenda_read in principal.scopes:
        # Managers watch the whole team's week; everyone else their own visits.
        own_only = not principal.can(Scope.team_oversee)
        this_week = agenda.to_reads(session, principal, agenda.upcoming_visits(session, principal, week_start, week_end,
                                                                    own_only=own_only))
        # The briefings an advisor has to read before their visits (only an advisor sits in that seat).
        upcoming = agenda.upcoming_visits(session, principal, now, now + timedelta(days=7))
        briefings = agenda.to_reads(session, principal, [v for v in upcoming
                                              if v.advisor_id == principal.user_id and v.briefing_read_at is None])
    mine = []
    if Scope.referrals_submit in principal.scopes:
        mine = referrals.list_my_referrals(session, principal, limit=SECTION_LIMIT, offset=0).items
    follow_ups = []
    if principal.can(Scope.followup_write) or principal.can(Scope.team_oversee):
        follow_ups = followup.reminders(session, principal, SECTION_LIMIT)
    return Worklist(calls_to_make=calls, visits_this_week=this_week, briefings_to_read=briefings, my_referrals=mine,
                    follow_ups=follow_ups)
