"""The demo household followed after its report: JACQUET Hélène, tenant of Jura Habitat (landlord A),
who consented to share with her landlord; her report was sent, the landlord's copy by API."""

import pytest
from sqlmodel import Session, select

from api.models import Household, Orientation


@pytest.fixture
def jacquet(db: Session) -> Household:
    return db.exec(select(Household).where(Household.last_name == "Jacquet")).one()


@pytest.fixture
def orientations(db: Session, jacquet: Household) -> dict[str, Orientation]:
    return {o.kind: o for o in db.exec(select(Orientation).where(Orientation.household_id == jacquet.id)).all()}
