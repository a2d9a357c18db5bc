"""A read model's child rows travel as JSON (api/services/read_models.py) and come back as the ORM reads them:
decimals at their column's scale (never through a float), dates, booleans, integers; on SQLite and PostgreSQL."""

from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from api.models import BillEntry, Household
from api.services.analysis import BILL_COLUMNS, _BILLS


def test_bills_decoded_from_json_equal_the_orm_rows(db: Session) -> None:
    household = db.exec(select(Household).order_by(col(Household.id))).first()
    assert household is not None
    awkward = [
        BillEntry(household_id=household.id, energy="electricity", quantity=Decimal("0.1"), unit="kwh",
                  amount_eur=Decimal("0.3"), period_start=date(2025, 1, 1), period_end=date(2025, 2, 28),
                  estimated=True, unpaid_eur=Decimal("12.5"), kwh_per_unit=None),
        BillEntry(household_id=household.id, energy="wood_logs", quantity=Decimal("123456789.125"), unit="stere",
                  amount_eur=Decimal("9999999999.99"), delivery_date=date(2024, 12, 31), gas_coefficient=None,
                  wood_species="hardwood", wood_moisture="dry", log_length_cm=50, kwh_per_unit=Decimal("1700.5")),
    ]
    db.add_all(awkward)
    db.flush()
    ids = [b.id for b in awkward]

    orm = db.exec(select(*BILL_COLUMNS).where(col(BillEntry.id).in_(ids)).order_by(col(BillEntry.id))).all()
    objects = db.exec(select(_BILLS.aggregate()).where(col(BillEntry.id).in_(ids))).one()
    decoded = sorted(_BILLS.decode(objects), key=lambda b: (b.period_start is None, b.quantity))

    assert len(decoded) == len(orm) == 2
    for row, json_row in zip(orm, decoded, strict=True):
        for column in BILL_COLUMNS:
            expected, got = getattr(row, column.key), getattr(json_row, column.key)
            assert (got, type(got)) == (expected, type(expected)), column.key
            if isinstance(expected, Decimal):
                assert got.as_tuple() == expected.as_tuple(), f"{column.key}: {got!r} vs {expected!r}"  # same scale
