"""The programme's calendar day. The server clock is UTC, but a visit, a bill or a validation belongs to
the day in France: between 22:00 (or 23:00) UTC and midnight, `date.today()` would answer yesterday."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

PROGRAMME_ZONE = ZoneInfo("Europe/Paris")


def today() -> date:
    """Today's date in France."""
    return datetime.now(PROGRAMME_ZONE).date()
