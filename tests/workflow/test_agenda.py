"""Booking visits for the pair: conflicts with travel time, daylight-saving changes, free slots,
status changes that move the referral, rescheduling, briefings and the iCalendar feed."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.models import Referral, ReferralStatus, TriageNote, Unavailability, User, Visit
from tests.helpers import Principals

PARIS = ZoneInfo("Europe/Paris")


def uid(db: Session, email: str) -> int:
    return db.exec(select(User.id).where(User.email == email)).one()


@pytest.fixture
def pair(db: Session) -> dict[str, int]:
    return {"coordinator_id": uid(db, "animatrice@cd39.demo"), "advisor_id": uid(db, "conseillere2@ajena.demo")}


def next_free_slot(client: TestClient, principals: Principals, pair: dict) -> str:
    slots = client.get("/api/v1/agenda/free-slots", params={
        "user_id": list(pair.values()), "start": (date.today() + timedelta(days=1)).isoformat(),
        "end": (date.today() + timedelta(days=13)).isoformat()}, headers=principals["coordinator"]).json()["items"]
    return slots[0]["starts_at"]


def book(client: TestClient, principals: Principals, pair: dict, starts_at: str, household: int = 7, **extra):  # noqa: ANN003, ANN201
    """Book for household 7 by default; a second booking of the pair goes to another household (8), since a
    household has one planned visit at a time."""
    return client.post("/api/v1/visits", json={"household_id": household, **pair, "starts_at": starts_at, **extra},
                       headers=principals["coordinator"])


def test_visit_defaults_to_two_hours_at_the_household(client: TestClient, principals: Principals, pair: dict) -> None:
    response = book(client, principals, pair, "2031-03-04T09:00:00+01:00")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["starts_at"] == "2031-03-04T08:00:00Z" and body["ends_at"] == "2031-03-04T10:00:00Z"
    assert "Montmorot" in body["place"] and body["status"] == "planned"


@pytest.mark.parametrize(("starts_at", "clash"), [
    ("2031-03-04T12:30:00+01:00", True),   # overlaps 11:00-13:00
    ("2031-03-04T13:30:00+01:00", True),   # 30 min after, buffer is 45
    ("2031-03-04T13:45:00+01:00", False),  # exactly the buffer
    ("2031-03-04T08:15:00+01:00", False),  # ends 10:15, 45 min before
    ("2031-03-04T08:30:00+01:00", True),   # ends 10:30, 30 min before
])
def test_travel_buffer_between_visits(client: TestClient, principals: Principals, pair: dict,
                                      starts_at: str, clash: bool) -> None:
    first = book(client, principals, pair, "2031-03-04T11:00:00+01:00")
    assert first.status_code == 201
    second = book(client, principals, pair, starts_at, household=8)
    if clash:
        assert second.status_code == 409, second.text
        detail = second.json()["detail"]
        assert f"visite n° {first.json()['id']}" in detail and "04/03/2031 11:00" in detail and "45 min" in detail
        assert "((" not in detail and "))" not in detail, detail  # one pair of parentheses at most
    else:
        assert second.status_code == 201, second.text


def test_either_visitor_being_busy_is_a_conflict(client: TestClient, principals: Principals, db: Session, pair: dict) -> None:
    other_coordinator = client.post("/api/v1/users", json={
        "email": "animatrice2@cd39.demo", "full_name": "Julie Blanc", "organisation_id": 1, "roles": ["coordinator"],
        "password": "Mot-de-passe-2026"}, headers=principals["admin"]).json()
    assert book(client, principals, pair, "2031-03-04T09:00:00+01:00").status_code == 201
    # Same advisor with another coordinator: still the advisor's clash.
    response = book(client, principals, {**pair, "coordinator_id": other_coordinator["id"]}, "2031-03-04T10:00:00+01:00",
                    household=8)
    assert response.status_code == 409 and "Inès Roux" in response.json()["detail"]


def test_unavailability_blocks_booking(client: TestClient, principals: Principals, pair: dict) -> None:
    created = client.post("/api/v1/unavailabilities", json={
        "user_id": pair["coordinator_id"], "starts_at": "2031-03-05T08:00:00+01:00",
        "ends_at": "2031-03-05T18:00:00+01:00", "kind": "training", "label": "Formation FSL"},
        headers=principals["coordinator"])
    assert created.status_code == 201
    response = book(client, principals, pair, "2031-03-05T14:00:00+01:00")
    assert response.status_code == 409 and "Formation FSL" in response.json()["detail"]


def test_conflict_across_the_autumn_clock_change(client: TestClient, principals: Principals, db: Session, pair: dict) -> None:
    """Clocks go back on Sunday 31/10/2027. A leave ending Monday 01/11 10:00 Paris time ends at
    09:00 UTC (CET, +1), not 08:00 (CEST). With 45 min of buffer, 10:30 clashes and 10:45 does not."""
    db.add(Unavailability(user_id=pair["advisor_id"], kind="leave",
                          starts_at=datetime(2027, 10, 29, 16, 0, tzinfo=UTC),
                          ends_at=datetime(2027, 11, 1, 10, 0, tzinfo=PARIS).astimezone(UTC)))
    db.commit()
    assert book(client, principals, pair, "2027-11-01T10:30:00+01:00").status_code == 409
    assert book(client, principals, pair, "2027-11-01T10:45:00+01:00").status_code == 201


def test_free_slots_follow_local_hours_across_the_spring_clock_change(
    client: TestClient, principals: Principals, pair: dict
) -> None:
    """Clocks go forward on Sunday 28/03/2027: 08:30 in Paris is 07:30 UTC on Friday 26/03
    and 06:30 UTC on Monday 29/03."""
    response = client.get("/api/v1/agenda/free-slots", params={
        "user_id": list(pair.values()), "start": "2027-03-26", "end": "2027-03-29", "duration_minutes": 120},
        headers=principals["coordinator"])
    assert response.status_code == 200
    starts = [datetime.fromisoformat(s["starts_at"]) for s in response.json()["items"]]
    by_day: dict[date, list[datetime]] = {}
    for s in starts:
        by_day.setdefault(s.astimezone(PARIS).date(), []).append(s)
    assert set(by_day) == {date(2027, 3, 26), date(2027, 3, 29)}  # no weekend
    assert by_day[date(2027, 3, 26)][0] == datetime(2027, 3, 26, 7, 30, tzinfo=UTC)
    assert by_day[date(2027, 3, 29)][0] == datetime(2027, 3, 29, 6, 30, tzinfo=UTC)
    # Last slot of a day ends by 18:00 local.
    assert max(by_day[date(2027, 3, 26)]).astimezone(PARIS).hour == 16


def test_free_slots_leave_room_for_travel(client: TestClient, principals: Principals, pair: dict) -> None:
    assert book(client, principals, pair, "2031-03-04T11:00:00+01:00").status_code == 201
    slots = client.get("/api/v1/agenda/free-slots", params={"user_id": list(pair.values()), "start": "2031-03-04",
                                                            "end": "2031-03-04"}, headers=principals["coordinator"]).json()["items"]
    local = [datetime.fromisoformat(s["starts_at"]).astimezone(PARIS).strftime("%H:%M") for s in slots]
    # Busy 11:00-13:00 plus 45 min either side: a 2-hour slot must end by 10:15 (so start by 08:15,
    # before the working day) or start from 13:45; on the half-hour grid the first is 14:00.
    assert local[0] == "14:00" and "08:30" not in local and "13:30" not in local
    assert local[-1] == "16:00"
    for slot in slots:
        booked = book(client, principals, pair, slot["starts_at"], household=8)
        assert booked.status_code == 201, (slot, booked.text)
        break


def test_visit_status_moves_the_referral(client: TestClient, principals: Principals, db: Session, pair: dict) -> None:
    referral = Referral(household_id=7, status=ReferralStatus.contacted, channel="phone", referring_organisation_id=1,
                        referrer_name="X", contact_consent=True)
    db.add(referral)
    db.commit()
    visit = book(client, principals, pair, "2031-03-04T09:00:00+01:00", referral_id=referral.id).json()
    assert client.get(f"/api/v1/referrals/{referral.id}", headers=principals["coordinator"]).json()["status"] == "visit_scheduled"
    cancelled = client.post(f"/api/v1/visits/{visit['id']}/status", json={"version": 1, "status": "cancelled"},
                            headers=principals["coordinator"])
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.get(f"/api/v1/referrals/{referral.id}", headers=principals["coordinator"]).json()["status"] == "contacted"
    again = book(client, principals, pair, "2031-03-04T09:00:00+01:00", referral_id=referral.id).json()
    # The day comes: the visit now lies in the past.
    moved = db.get(Visit, again["id"])
    moved.starts_at, moved.ends_at = datetime.now(UTC) - timedelta(days=1), datetime.now(UTC) - timedelta(hours=22)
    db.add(moved)
    db.commit()
    done = client.post(f"/api/v1/visits/{again['id']}/status", json={"version": 1, "status": "done"},
                       headers=principals["coordinator"])
    assert done.status_code == 200
    referral_now = client.get(f"/api/v1/referrals/{referral.id}", headers=principals["coordinator"]).json()
    assert referral_now["status"] == "visited"
    assert [h["action"] for h in referral_now["history"]] == ["schedule", "unschedule", "schedule", "visit_done"]
    assert client.post(f"/api/v1/visits/{again['id']}/status", json={"version": 2, "status": "cancelled"},
                       headers=principals["coordinator"]).status_code == 409


def test_a_future_visit_cannot_be_marked_done(client: TestClient, principals: Principals, pair: dict) -> None:
    visit = book(client, principals, pair, "2031-03-04T09:00:00+01:00").json()
    response = client.post(f"/api/v1/visits/{visit['id']}/status", json={"version": 1, "status": "done"},
                           headers=principals["coordinator"])
    assert response.status_code == 409


def test_reschedule_links_old_and_new(client: TestClient, principals: Principals, pair: dict, db: Session) -> None:
    visit = book(client, principals, pair, "2031-03-04T09:00:00+01:00").json()
    moved = client.post(f"/api/v1/visits/{visit['id']}/reschedule",
                        json={"version": 1, "starts_at": "2031-03-04T14:00:00+01:00", "note": "Demande du ménage"},
                        headers=principals["coordinator"])
    assert moved.status_code == 201, moved.text
    new = moved.json()
    assert new["rescheduled_from_id"] == visit["id"] and new["status"] == "planned"
    assert new["ends_at"] == "2031-03-04T15:00:00Z"
    old = client.get(f"/api/v1/visits/{visit['id']}", headers=principals["coordinator"]).json()
    assert old["status"] == "rescheduled" and old["rescheduled_to_id"] == new["id"]
    # The old slot is free again.
    assert book(client, principals, pair, "2031-03-04T09:00:00+01:00", household=8).status_code == 201


def test_stale_visit_update_is_refused(client: TestClient, principals: Principals, pair: dict) -> None:
    visit = book(client, principals, pair, "2031-03-04T09:00:00+01:00").json()
    url = f"/api/v1/visits/{visit['id']}"
    assert client.patch(url, json={"version": 1, "notes": "a"}, headers=principals["coordinator"]).status_code == 200
    assert client.patch(url, json={"version": 1, "notes": "b"}, headers=principals["coordinator"]).status_code == 409


def test_advisor_gets_access_and_a_briefing(client: TestClient, principals: Principals, db: Session) -> None:
    """The demo advisor (Lucas) is not assigned to household 7; booking him on its visit opens it to him."""
    lucas = uid(db, "conseiller@ajena.demo")
    pair = {"coordinator_id": uid(db, "animatrice@cd39.demo"), "advisor_id": lucas}
    assert client.get("/api/v1/households/7", headers=principals["advisor"]).status_code == 404
    referral = Referral(household_id=7, status=ReferralStatus.contacted, channel="phone", referring_organisation_id=6,
                        referrer_name="Marc Leroy", description="Facture de fioul impayée", contact_consent=True)
    db.add(referral)
    db.commit()
    db.add(TriageNote(referral_id=referral.id, problem="Cuve de fioul vide", questions_for_advisor="Poêle à bois ?",
                      written_by_id=pair["coordinator_id"]))
    db.commit()
    soon = datetime.fromisoformat(next_free_slot(client, principals, pair))
    booked = book(client, principals, pair, soon.isoformat(), referral_id=referral.id)
    assert booked.status_code == 201, booked.text
    visit = booked.json()
    assert client.get("/api/v1/households/7", headers=principals["advisor"]).status_code == 200
    worklist = client.get("/api/v1/worklist", headers=principals["advisor"]).json()
    assert visit["id"] in [v["id"] for v in worklist["briefings_to_read"]]
    brief = client.get(f"/api/v1/visits/{visit['id']}/briefing", headers=principals["advisor"]).json()
    assert brief["triage_note"]["problem"] == "Cuve de fioul vide"
    assert brief["referral"]["referring_organisation"]["name"] == "CAF du Jura"
    assert client.post(f"/api/v1/visits/{visit['id']}/briefing/read", headers=principals["advisor"]).status_code == 200
    worklist = client.get("/api/v1/worklist", headers=principals["advisor"]).json()
    assert visit["id"] not in [v["id"] for v in worklist["briefings_to_read"]]
    day = soon.astimezone(PARIS).date().isoformat()
    agenda = client.get("/api/v1/agenda", params={"user_id": [lucas], "start": day, "end": day},
                        headers=principals["advisor"]).json()
    entry = next(e for e in agenda["entries"] if e["id"] == visit["id"])
    assert "PERRIN" in entry["title"] and entry["household_id"] == 7


def test_agenda_hides_visits_a_person_may_not_open(client: TestClient, principals: Principals, db: Session, pair: dict) -> None:
    """Lucas looks at Inès's week: he sees she is busy, not whom she visits."""
    visit = book(client, principals, pair, "2031-03-04T09:00:00+01:00").json()
    agenda = client.get("/api/v1/agenda", params={"user_id": [pair["advisor_id"]], "start": "2031-03-03"},
                        headers=principals["advisor"]).json()
    entry = next(e for e in agenda["entries"] if e["id"] == visit["id"])
    assert entry["title"] == "Occupé" and entry["household_id"] is None


def test_agenda_range_is_bounded(client: TestClient, principals: Principals, pair: dict) -> None:
    response = client.get("/api/v1/agenda", params={"user_id": list(pair.values()), "start": "2031-01-01",
                                                    "end": "2031-12-31"}, headers=principals["coordinator"])
    assert response.status_code == 422


def test_ical_feed_parses_back_and_is_revocable(client: TestClient, principals: Principals, pair: dict, db: Session) -> None:
    starts_at = datetime.fromisoformat(next_free_slot(client, principals, pair))
    visit = book(client, principals, pair, starts_at.isoformat()).json()
    feed = client.post("/api/v1/calendar-feed", headers=principals["coordinator"])
    assert feed.status_code == 201
    url = feed.json()["url"]
    assert "/api/v1/calendar/cal_" in url and url.endswith(".ics")
    path = url[url.index("/api/v1/"):]
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    event = events[f"visit-{visit['id']}@binome"]
    assert event.decoded("dtstart") == starts_at
    assert event.decoded("dtend") == starts_at + timedelta(hours=2)
    assert "Montmorot" in str(event["summary"]) and "PERRIN" not in str(event["summary"]).upper()
    rotated = client.post("/api/v1/calendar-feed", headers=principals["coordinator"]).json()["url"]
    assert client.get(path).status_code == 404
    new_path = rotated[rotated.index("/api/v1/"):]
    assert client.get(new_path).status_code == 200
    assert client.delete("/api/v1/calendar-feed", headers=principals["coordinator"]).status_code == 204
    assert client.get(new_path).status_code == 404


@pytest.mark.parametrize("payload", [
    {"starts_at": "2031-03-04T09:00:00"},                                     # no time zone
    {"starts_at": "2031-03-04T09:00:00+01:00", "ends_at": "2031-03-04T08:00:00+01:00"},
    {"starts_at": "2031-03-04T09:00:00+01:00", "advisor_id": 1},              # the admin is no advisor
    {"starts_at": "2031-03-04T09:00:00+01:00", "referral_id": 1},             # another household's referral
])
def test_bad_visit_input(client: TestClient, principals: Principals, pair: dict, db: Session, payload: dict) -> None:
    before = len(db.exec(select(Visit.id)).all())
    response = client.post("/api/v1/visits", json={"household_id": 7, **pair, **payload}, headers=principals["coordinator"])
    assert response.status_code == 422, response.text
    assert len(db.exec(select(Visit.id)).all()) == before


def test_free_slots_per_day_spreads_the_offer(client: TestClient, principals: Principals, pair: dict) -> None:
    """Three non-overlapping 2-hour slots a day over a week: Monday to Friday, 15 in all."""
    slots = client.get("/api/v1/agenda/free-slots", params={
        "user_id": list(pair.values()), "start": "2031-03-03", "end": "2031-03-09", "per_day": 3, "limit": 100},
        headers=principals["coordinator"]).json()["items"]
    days: dict[date, list[datetime]] = {}
    for slot in slots:
        start = datetime.fromisoformat(slot["starts_at"])
        days.setdefault(start.astimezone(PARIS).date(), []).append(start)
    assert len(days) == 5 and all(len(v) == 3 for v in days.values())
    for starts in days.values():
        assert all(b - a >= timedelta(hours=2) for a, b in zip(starts, starts[1:], strict=False))


def test_the_home_page_lists_the_next_seven_days(client: TestClient, principals: Principals, db: Session,
                                                 pair: dict) -> None:
    """Not the calendar week: on a Sunday, Monday's visit must show (it said « aucune visite » before)."""
    today = datetime.now(PARIS).date()
    def visit_on(days: int) -> int:
        moment = datetime.combine(today + timedelta(days=days), datetime.min.time(), PARIS).replace(hour=10)
        visit = Visit(household_id=7, created_by_id=pair["coordinator_id"], starts_at=moment.astimezone(UTC),
                      ends_at=(moment + timedelta(hours=2)).astimezone(UTC), place="Montmorot", **pair)
        db.add(visit)
        db.commit()
        return visit.id
    soon, later = visit_on(6), visit_on(8)
    listed = [v["id"] for v in client.get("/api/v1/worklist", headers=principals["coordinator"]).json()["visits_this_week"]]
    assert soon in listed and later not in listed
