"""Per-token rate limits of integration tokens (landlords' systems, reporting scripts).

Fixed one-minute windows in UTC: a token may make `limit` requests a minute (its own
`rate_limit_per_minute`, else `settings.integration_rate_limit_per_minute`); the next one is refused
with 429 and `Retry-After` (seconds to the next minute). The counter is one row per token in the
database, not in a worker's memory, so the limit holds across workers and servers. It is counted by an
upsert that locks the row until the request commits: a token's requests are counted one by one (on
PostgreSQL, concurrent requests of one token queue behind each other; other tokens are not slowed).
A refused request rolls back, so it does not count. People using the SPA are not limited here.
"""

from datetime import datetime, timedelta

from sqlalchemy import case
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from api.errors import TooManyAttempts
from api.models import IntegrationRateWindow, IntegrationToken
from api.models.base import as_utc


class RateLimited(TooManyAttempts):
    code = "rate_limited"


def window_start(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def count_request(session: Session, token: IntegrationToken, default_limit: int, now: datetime) -> int:
    """Count this request; refuse it (429) beyond the token's limit. Returns the requests left this minute."""
    limit = token.rate_limit_per_minute or default_limit
    start = window_start(now)
    table = IntegrationRateWindow.__table__  # type: ignore[attr-defined]  # set by SQLAlchemy; SQLModel does not declare it
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(token_id=token.id, window_start=start, requests=1)
    statement = statement.on_conflict_do_update(index_elements=["token_id"], set_={
        "requests": case((table.c.window_start == statement.excluded.window_start, table.c.requests + 1), else_=1),
        "window_start": statement.excluded.window_start,
    })
    requests, counted_from = session.execute(statement.returning(table.c.requests, table.c.window_start)).one()
    if requests > limit:
        retry_after = int((as_utc(counted_from) + timedelta(minutes=1) - now).total_seconds()) + 1
        raise RateLimited(f"Trop de requêtes pour ce jeton d'intégration : au plus {limit} par minute. "
                          f"Réessayez dans {retry_after} s.", retry_after)
    return limit - requests
