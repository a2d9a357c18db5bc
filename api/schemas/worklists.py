"""The home page of each role: what to do next."""

from pydantic import Field

from api.schemas.agenda import VisitRead
from api.schemas.common import ReadModel
from api.schemas.followup import OrientationSummary
from api.schemas.referrals import ReferralSummary, ReferrerReferralView


class Worklist(ReadModel):
    calls_to_make: list[ReferralSummary]
    visits_this_week: list[VisitRead]
    briefings_to_read: list[VisitRead]
    my_referrals: list[ReferrerReferralView]
    follow_ups: list[OrientationSummary] = Field(
        description="Orientations due within 14 days or overdue (one's own; for managers, the team's overdue).")
