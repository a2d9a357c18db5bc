"""The global search of the header: households by name, phone or commune; referrals by number;
reports by the reference printed on them (CR-<household>-<n>).

It reaches exactly what the list endpoints reach (api/services/scope.py): households within the
person's reach, referrals they may read — for an alert giver, only the ones they submitted —
and reports they may read. Integration tokens (landlords, reporting scripts) are refused at the
router: they have no screen to search from and their own endpoints already say what they reach.

Bounded: each kind is counted and paged in the database (two queries per kind); name matching is
the households list's own (folded `search_name`, `commune`), the phone compares the normalised
last nine digits (`phone_digits`, indexed: a full number is an equality).
The audit event records what was shown (counts and ids), never the words searched for.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from api.access import Principal, Scope
from api.errors import InvalidInput
from api.labels import ENUM_LABELS
from api.models import Household, Referral, ReferralStatus, Report, ReportStatus
from api.schemas.common import Page
from api.schemas.navigation import SearchResult, SearchResultKind
from api.services import audit, households, scope
from api.services.text import fold, like_pattern
from api.services.timeline import report_at, report_reference

MIN_LENGTH = 2
PHONE_CHARS = re.compile(r"[0-9 .()+\-/]+")
NUMBER = re.compile(r"(?:n\s*°|no\.?|n|#)?\s*(\d{1,9})")
REPORT_REFERENCE = re.compile(r"cr\s*[- ]?\s*(\d{1,9})(?:\s*[- ]\s*(\d{1,4}))?")


# --- reading the query (pure) -------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]
    phone: str | None  # normalised digits (national number without its leading 0), when it looks like one
    number: int | None  # a referral number ("12", "n° 12", "#12")
    report: tuple[int, int | None] | None  # a report reference: household, and number if given


def normalise_phone(text: str) -> str | None:
    """"+33 6 12 34 56 78", "0033612345678", "06.12.34.56.78" -> "612345678" (as `phone_digits` stores it);
    None when the text is not a phone number or a piece of one (at least 4 digits)."""
    stripped = text.strip()
    if not PHONE_CHARS.fullmatch(stripped):
        return None
    digits = re.sub(r"\D", "", stripped)
    if len(digits) < 4:
        return None
    if digits.startswith("0033"):
        digits = digits[4:]
    elif stripped.startswith("+33") or (digits.startswith("33") and len(digits) == 11):
        digits = digits[2:]
    digits = digits.removeprefix("0")
    return digits[-9:] or None


def parse(q: str | None) -> Query:
    text = fold(q or "")
    if len(text) < MIN_LENGTH:
        raise InvalidInput("q", f"Saisissez au moins {MIN_LENGTH} caractères pour rechercher.")
    number = NUMBER.fullmatch(text)
    report = REPORT_REFERENCE.fullmatch(text)
    return Query(
        words=tuple(text.split()),
        phone=normalise_phone(text),
        number=int(number.group(1)) if number else None,
        report=(int(report.group(1)), int(report.group(2)) if report.group(2) else None) if report else None,
    )


# --- one kind of result -------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """A kind of result: its condition (within reach and matching) and how to fetch one slice."""

    condition: ColumnElement[bool]
    fetch: Callable[[Session, ColumnElement[bool], int, int], list[SearchResult]]
    count_from: type


def _household_match(query: Query) -> ColumnElement[bool]:
    if query.phone is not None:
        digits = query.phone
        if len(digits) == 9:
            return col(Household.phone_digits) == digits
        return col(Household.phone_digits).like(like_pattern(digits), escape="\\")
    return and_(*[or_(col(Household.search_name).like(like_pattern(w), escape="\\"),
                      func.lower(Household.commune).like(like_pattern(w), escape="\\")) for w in query.words])


def _fetch_households(session: Session, condition: ColumnElement[bool], offset: int, limit: int) -> list[SearchResult]:
    rows = session.exec(select(Household).where(condition)
                        .order_by(col(Household.search_name), col(Household.id)).offset(offset).limit(limit)).all()
    return [SearchResult(kind=SearchResultKind.household, id=h.id, label=households.display_name(h),
                         context=" ".join(filter(None, [h.postcode, h.commune])), path=f"/menages/{h.id}")
            for h in rows]


def _referral_fetcher(*, own: bool) -> Callable[[Session, ColumnElement[bool], int, int], list[SearchResult]]:
    def fetch(session: Session, condition: ColumnElement[bool], offset: int, limit: int) -> list[SearchResult]:
        rows = session.exec(select(Referral, Household).join(Household, col(Referral.household_id) == Household.id)
                            .where(condition).order_by(col(Referral.received_at).desc(), col(Referral.id).desc())
                            .offset(offset).limit(limit)).all()
        status = ENUM_LABELS[ReferralStatus]
        return [SearchResult(
            kind=SearchResultKind.referral, id=r.id, label=f"Demande n° {r.id} – {households.display_name(h)}",
            context=f"{status.get(r.status, r.status)} – reçue le {r.received_at:%d/%m/%Y} – {h.commune}",
            path=f"/mes-demandes/{r.id}" if own else f"/demandes/{r.id}") for r, h in rows]
    return fetch


def _fetch_reports(session: Session, condition: ColumnElement[bool], offset: int, limit: int) -> list[SearchResult]:
    rows = session.exec(select(Report, Household).join(Household, col(Report.household_id) == Household.id)
                        .where(condition).order_by(col(Report.household_id), col(Report.number), col(Report.id))
                        .offset(offset).limit(limit)).all()
    status = ENUM_LABELS[ReportStatus]
    return [SearchResult(
        kind=SearchResultKind.report, id=r.id,
        label=f"Compte-rendu {report_reference(r.household_id, r.number)} – {households.display_name(h)}",
        context=f"{status.get(r.status, r.status)} – {report_at(r):%d/%m/%Y}", path=f"/comptes-rendus/{r.id}")
        for r, h in rows]


def kinds_for(principal: Principal, query: Query) -> list[Kind]:
    """The kinds of result this principal may search, in the order they are listed."""
    kinds: list[Kind] = []
    if principal.can(Scope.households_read):
        kinds.append(Kind(and_(scope.visible_households(principal), _household_match(query)),
                          _fetch_households, Household))
    staff = principal.can(Scope.referrals_read)
    if staff or principal.can(Scope.referrals_submit):
        # Staff read referrals through the household's rule; an alert giver only the ones they submitted.
        reach = scope.visible_referrals(principal) if staff else scope.submitted_by(principal)
        match: ColumnElement[bool] | None = None
        if query.number is not None:
            match = col(Referral.id) == query.number
        elif not staff:  # alert givers find their own referrals by the household's name, phone or commune too
            match = _household_match(query)
        if match is not None:
            kinds.append(Kind(and_(reach, match), _referral_fetcher(own=not staff), Referral))
    if principal.can(Scope.reports_read) and query.report is not None:
        household_id, number = query.report
        match = col(Report.household_id) == household_id
        if number is not None:
            match = and_(match, col(Report.number) == number)
        kinds.append(Kind(and_(scope.visible_reports(principal), match), _fetch_reports, Report))
    return kinds


# --- the search ---------------------------------------------------------------------------------

def search(session: Session, principal: Principal, q: str | None, *, limit: int, offset: int) -> Page[SearchResult]:
    query = parse(q)
    items: list[SearchResult] = []
    total = 0
    for kind in kinds_for(principal, query):
        needs_join = kind.count_from is not Household
        count = select(func.count()).select_from(kind.count_from)
        if needs_join:
            household_id = Referral.household_id if kind.count_from is Referral else Report.household_id
            count = count.join(Household, col(household_id) == Household.id)
        found = session.exec(count.where(kind.condition)).one()
        skip = max(0, offset - total)
        room = limit - len(items)
        if room > 0 and skip < found:
            items += kind.fetch(session, kind.condition, skip, room)
        total += found
    audit.record(session, principal, "search", "search",
                 detail={"count": len(items), "total": total,
                         "households": [i.id for i in items if i.kind == SearchResultKind.household],
                         "referrals": [i.id for i in items if i.kind == SearchResultKind.referral],
                         "reports": [i.id for i in items if i.kind == SearchResultKind.report]})
    return Page.of(items, total=total, limit=limit, offset=offset)
