"""Communes: postal-code and name suggestions, and the territorial unit a commune belongs to.

The unit of each commune is seeded as an approximation (see api/data/communes_39.csv) that an
administrator corrects; households take their unit from their commune's INSEE code.
"""

import re
from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from api.access import Principal
from api.errors import InvalidInput, NotFound
from api.models import Commune, TerritorialUnit
from api.schemas.common import Page, Ref
from api.schemas.communes import CommuneRead, CommuneUpdate
from api.services import audit
from api.services.text import fold


def search_key(name: str) -> str:
    """Accent-free, lower-case, hyphens and apostrophes as spaces: "Saint-Claude" -> "saint claude"."""
    return re.sub(r"[\s'’-]+", " ", fold(name)).strip()


def _prefix(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True)
class CommuneFilters:
    q: str | None = None
    postcode: str | None = None
    unit_id: int | None = None
    outside_units: bool | None = None


def list_communes(session: Session, filters: CommuneFilters, *, limit: int, offset: int) -> Page[CommuneRead]:
    """Communes matching a postal code (or its first digits) and/or the start of a name or of one of its words."""
    conditions = []
    if filters.postcode:
        digits = filters.postcode.strip()
        conditions.append(or_(col(Commune.postcodes).like(_prefix(digits), escape="\\"),
                              col(Commune.postcodes).like("% " + _prefix(digits), escape="\\")))
    if filters.q and (key := search_key(filters.q)):
        conditions.append(or_(col(Commune.search_name).like(_prefix(key), escape="\\"),
                              col(Commune.search_name).like("% " + _prefix(key), escape="\\")))
    if filters.unit_id is not None:
        code_of_unit = select(TerritorialUnit.code).where(TerritorialUnit.id == filters.unit_id).scalar_subquery()
        conditions.append(col(Commune.unit_code) == code_of_unit)
    if filters.outside_units is not None:
        known = col(Commune.unit_code).in_(select(TerritorialUnit.code))
        conditions.append(or_(col(Commune.unit_code).is_(None), ~known) if filters.outside_units else known)
    total = session.exec(select(func.count()).select_from(Commune).where(*conditions)).one()
    rows = session.exec(
        select(Commune, TerritorialUnit)
        .join(TerritorialUnit, col(Commune.unit_code) == TerritorialUnit.code, isouter=True)
        .where(*conditions)
        .order_by(col(Commune.search_name), col(Commune.insee_code))
        .limit(limit).offset(offset)
    ).all()
    return Page.of([_read(c, u) for c, u in rows], total=total, limit=limit, offset=offset)


def update_commune(session: Session, principal: Principal, insee_code: str, data: CommuneUpdate) -> CommuneRead:
    commune = session.exec(select(Commune).where(Commune.insee_code == insee_code.upper())).first()
    if commune is None:
        raise NotFound("Commune introuvable.")
    changed = sorted(data.model_fields_set)
    if "unit_id" in data.model_fields_set:
        unit = session.get(TerritorialUnit, data.unit_id) if data.unit_id is not None else None
        if data.unit_id is not None and unit is None:
            raise InvalidInput("unit_id", "Unité territoriale inconnue.")
        commune.unit_code = unit.code if unit else None
    if data.postcodes is not None:
        commune.postcodes = " ".join(dict.fromkeys(data.postcodes))
    session.add(commune)
    session.flush()
    audit.record(session, principal, "update", "commune", commune.id, detail={
        "insee_code": commune.insee_code.lower(), "fields": changed,
        "unit_code": commune.unit_code.lower() if commune.unit_code else None,
    })
    return _read(commune, _unit(session, commune.unit_code))


def locate(session: Session, *, insee_code: str | None, commune: str | None,
           postcode: str | None) -> tuple[str | None, int | None]:
    """The INSEE code and territorial unit of an address: from its INSEE code, else from a commune
    name (and postal code) that designates exactly one commune. (None, None) when unknown."""
    # Each commune with its unit's id, in one query.
    with_unit = select(Commune.insee_code, Commune.postcodes, TerritorialUnit.id).join(
        TerritorialUnit, col(TerritorialUnit.code) == Commune.unit_code, isouter=True)
    if insee_code:
        found = session.exec(with_unit.where(Commune.insee_code == insee_code)).first()
        if found is None:
            return insee_code, None  # a valid code outside the table: outside every unit
    elif commune and (key := search_key(commune)):
        candidates = [c for c in session.exec(with_unit.where(Commune.search_name == key)).all()
                      if not postcode or postcode in c[1].split()]
        found = candidates[0] if len(candidates) == 1 else None
    else:
        found = None
    if found is None:
        return insee_code, None
    return found[0], found[2]


def _unit(session: Session, code: str | None) -> TerritorialUnit | None:
    if not code:
        return None
    return session.exec(select(TerritorialUnit).where(TerritorialUnit.code == code)).first()


def _read(commune: Commune, unit: TerritorialUnit | None) -> CommuneRead:
    return CommuneRead(insee_code=commune.insee_code, name=commune.name, postcodes=commune.postcodes.split(),
                       arrondissement=commune.arrondissement,
                       unit=Ref(id=unit.id, name=unit.name) if unit else None)
