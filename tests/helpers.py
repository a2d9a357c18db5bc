"""Small helpers shared by tests."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, func, select

JURA = 1  # the first programme (migration 0014p gives today's data to it)

PRINCIPALS = ["anonymous", "coordinator", "advisor", "manager", "referrer", "landlord_a", "landlord_b",
              "reporting", "admin"]


@dataclass(frozen=True)
class Principals:
    headers: dict[str, dict[str, str]]

    def __getitem__(self, key: str) -> dict[str, str]:
        return self.headers[key]


def count(session: Session, model: Any) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def household_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "first_name": "Élodie",
        "last_name": "Testard",
        "phone": "06 11 22 33 44",
        "commune": "Dole",
        "postcode": "39100",
        "insee_code": "39198",
        "tenure": "private_tenant",
        "members": [
            {"first_name": "Élodie", "birth_year": 1980, "relation": "applicant"},
            {"first_name": "Noé", "birth_year": 2018, "relation": "child"},
        ],
        "dwelling": {"dwelling_type": "house", "construction_period": "before_1975", "surface_m2": "80.5",
                     "altitude_class": "400_800", "main_heating_energy": "fuel_oil"},
    }
    payload.update(overrides)
    return payload
