"""Editable reference tables: dated values with their source, and the small-equipment catalogue."""

from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Subquery, and_
from sqlmodel import Session, col, func, select

from api import clock, tenancy
from api.access import Principal
from api.energy.reference import DEFAULT_REFERENCE_ROWS, ReferenceData, ReferenceRow
from api.errors import Conflict, InvalidInput, NotFound
from api.models import EquipmentItem, Programme, ReferenceValue
from api.schemas.common import Page
from api.schemas.diagnostics import (
    EquipmentItemRead,
    EquipmentItemWrite,
    ReferenceTableRead,
    ReferenceValueCreate,
    ReferenceValueRead,
)
from api.services import audit
from api.services.followup import seed_orientation_types

DEFAULT_EQUIPMENT = [
    # code, name, unit cost €, kWh saved a year, m³ of water saved a year (indicative; to confirm)
    ("led_bulb", "Ampoule LED", "3.50", "25", "0"),
    ("tap_aerator", "Mousseur de robinet", "2.00", "40", "4"),
    ("shower_reducer", "Douchette ou réducteur de débit", "12.00", "250", "10"),
    ("standby_cutoff", "Multiprise coupe-veille", "15.00", "60", "0"),
    ("draught_snake", "Boudin de porte", "10.00", "50", "0"),
    ("radiator_reflector", "Réflecteur de radiateur", "8.00", "30", "0"),
    ("thermometer", "Thermomètre-hygromètre", "9.00", "0", "0"),
]
EQUIPMENT_SOURCE = "Valeurs indicatives de démarrage, non sourcées : à valider par Ajena"


def tidy(value: Decimal | None) -> Decimal | None:
    """2.500000 from the NUMERIC column reads as 2.5, and 100.000000 as 100 (not 1E+2)."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


FINGERPRINT = (  # what tells that the visible reference rows changed: a read model may carry it (analysis)
    select(func.count()).select_from(ReferenceValue).scalar_subquery(),
    select(func.max(ReferenceValue.id)).scalar_subquery(),
    select(func.max(ReferenceValue.created_at)).scalar_subquery(),
)


def rows(session: Session, fingerprint: tuple[object, ...] | None = None) -> list[ReferenceRow]:
    """The national defaults and the programme's own values (api/tenancy.py reads both); on one date,
    the programme's value replaces the national one.

    Kept in memory per programme and reloaded when the rows change: each analysis reads ~500 values,
    and the table only grows (a new value is a new row, never an edit), so a count, the last id and the
    last creation time tell a reload is due, in every worker, at the cost of one aggregate."""
    programme = tenancy.current(session) if tenancy.is_programme(session) else None
    if programme is not None:
        key = (programme, *(fingerprint or session.exec(select(*FINGERPRINT)).one()))
        cached = _ROWS.get(programme)
        if cached is not None and cached[0] == key:
            return cached[1]
    chosen: dict[tuple[str, str, date], ReferenceValue] = {}
    for r in session.exec(select(ReferenceValue).order_by(col(ReferenceValue.programme_id).is_not(None))).all():
        chosen[(r.table_name, r.key, r.valid_from)] = r  # national first, so the programme's overwrites it
    loaded = [ReferenceRow(r.table_name, r.key, tidy(r.value), r.unit, r.valid_from, r.source) for r in chosen.values()]
    if programme is not None:
        _ROWS[programme] = (key, loaded)
    return loaded


# programme id -> (fingerprint, rows): one entry per programme, replaced when its rows change.
_ROWS: dict[int, tuple[tuple[object, ...], list[ReferenceRow]]] = {}


def in_force(session: Session, on: date, fingerprint: tuple[object, ...] | None = None) -> ReferenceData:
    """The values in force on `on`; pass the FINGERPRINT read with other rows to save its query."""
    return ReferenceData.at(rows(session, fingerprint), on)


def _in_force_dates(on: date) -> Subquery:
    """The date in force on `on` for each (table, key): its latest valid_from not after `on`."""
    return (select(ReferenceValue.table_name, ReferenceValue.key, func.max(ReferenceValue.valid_from).label("valid_from"))
            .where(ReferenceValue.valid_from <= on)
            .group_by(col(ReferenceValue.table_name), col(ReferenceValue.key)).subquery())


def _is_in_force(latest: Subquery) -> ColumnElement[bool]:
    return and_(col(ReferenceValue.table_name) == latest.c.table_name, col(ReferenceValue.key) == latest.c.key,
                col(ReferenceValue.valid_from) == latest.c.valid_from)


def list_values(session: Session, *, table_name: str | None, key: str | None, in_force_only: bool, on: date,
                limit: int, offset: int) -> Page[ReferenceValueRead]:
    """Dated values by table, key and date (a key's history reads oldest first). `in_force_only`: one row
    per key, the one used on `on` (a key whose first value starts later is left out). Two queries."""
    latest = _in_force_dates(on)
    stmt = select(ReferenceValue, latest.c.valid_from).join(latest, _is_in_force(latest), isouter=not in_force_only)
    if table_name:
        stmt = stmt.where(ReferenceValue.table_name == table_name)
    if key:
        stmt = stmt.where(ReferenceValue.key == key)
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(col(ReferenceValue.table_name), col(ReferenceValue.key),
                                      col(ReferenceValue.valid_from)).limit(limit).offset(offset)).all()
    items = [ReferenceValueRead(id=v.id, table_name=v.table_name, key=v.key, value=tidy(v.value), unit=v.unit,
                                valid_from=v.valid_from, source=v.source, in_force=in_force_date is not None)
             for v, in_force_date in rows]
    return Page.of(items, total=total, limit=limit, offset=offset)


def list_tables(session: Session, *, on: date, limit: int, offset: int) -> Page[ReferenceTableRead]:
    """Each table with its number of keys and of values « à renseigner » among those in force."""
    keys = (select(ReferenceValue.table_name, func.count(func.distinct(ReferenceValue.key)).label("keys"))
            .group_by(col(ReferenceValue.table_name)))
    total = session.exec(select(func.count()).select_from(keys.subquery())).one()
    rows = session.exec(keys.order_by(col(ReferenceValue.table_name)).limit(limit).offset(offset)).all()
    names = [name for name, _ in rows]
    to_fill: dict[str, int] = {}
    if names:
        latest = _in_force_dates(on)
        for name, count in session.exec(
                select(ReferenceValue.table_name, func.count()).join(latest, _is_in_force(latest))
                .where(col(ReferenceValue.value).is_(None), col(ReferenceValue.table_name).in_(names))
                .group_by(col(ReferenceValue.table_name))).all():
            to_fill[name] = count
    items = [ReferenceTableRead(name=name, keys=count, to_fill=to_fill.get(name, 0)) for name, count in rows]
    return Page.of(items, total=total, limit=limit, offset=offset)


def add_value(session: Session, principal: Principal, data: ReferenceValueCreate) -> ReferenceValueRead:
    known = session.exec(select(ReferenceValue.id).where(ReferenceValue.table_name == data.table_name,
                                                         ReferenceValue.key == data.key)).first()
    if known is None:
        raise InvalidInput("key", "Clé inconnue dans cette table : seules les valeurs existantes se mettent à jour.")
    duplicate = session.exec(select(ReferenceValue.id).where(
        ReferenceValue.table_name == data.table_name, ReferenceValue.key == data.key,
        ReferenceValue.valid_from == data.valid_from)).first()
    if duplicate is not None:
        raise Conflict(f"Une valeur existe déjà pour « {data.key} » au {data.valid_from:%d/%m/%Y} : une valeur "
                       "enregistrée ne se remplace pas. Choisissez une autre date de début.", record_id=duplicate)
    row = ReferenceValue(**data.model_dump(), created_by_id=principal.user_id)
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "reference_value", row.id)
    return ReferenceValueRead(**row.model_dump(exclude={"created_by_id", "created_at", "value"}),
                              value=tidy(row.value), in_force=data.valid_from <= clock.today())


def seed_defaults(session: Session) -> None:
    """Load the sourced reference rows a database lacks (by table, key and date: an administrator's own
    rows and edits stay), and the starter equipment catalogue into an empty table. Corrections of
    values seeded earlier travel through migrations (see migrations/reference_rows.py)."""
    with tenancy.unscoped(session):
        present = set(session.exec(select(ReferenceValue.table_name, ReferenceValue.key, col(ReferenceValue.valid_from))
                                   .where(col(ReferenceValue.programme_id).is_(None))).all())
        session.add_all(ReferenceValue(table_name=r.table, key=r.key, value=r.value, unit=r.unit,
                                       valid_from=r.valid_from, source=r.source)
                        for r in DEFAULT_REFERENCE_ROWS if (r.table, r.key, r.valid_from) not in present)
        programme_ids = session.exec(select(Programme.id)).all()
    for programme_id in programme_ids:
        with tenancy.within(session, programme_id):
            seed_programme_catalogues(session)
    session.flush()


def seed_programme_catalogues(session: Session) -> None:
    """A programme's starter catalogues (small equipment, orientation types), into its empty tables."""
    if session.exec(select(EquipmentItem.id)).first() is None:
        session.add_all(EquipmentItem(code=c, name=n, unit_cost_eur=Decimal(cost), yearly_saving_kwh=Decimal(kwh),
                                      yearly_saving_water_m3=Decimal(m3), source=EQUIPMENT_SOURCE)
                        for c, n, cost, kwh, m3 in DEFAULT_EQUIPMENT)
    seed_orientation_types(session)
    session.flush()


def list_equipment(session: Session, *, limit: int, offset: int) -> Page[EquipmentItemRead]:
    total = session.exec(select(func.count()).select_from(EquipmentItem)).one()
    rows = session.exec(select(EquipmentItem).order_by(col(EquipmentItem.name), col(EquipmentItem.id))
                        .limit(limit).offset(offset)).all()
    return Page.of([EquipmentItemRead.model_validate(e, from_attributes=True) for e in rows], total=total,
                   limit=limit, offset=offset)


def save_equipment(session: Session, principal: Principal, data: EquipmentItemWrite,
                   item_id: int | None = None) -> EquipmentItemRead:
    item: EquipmentItem | None
    if item_id is None:
        if session.exec(select(EquipmentItem.id).where(EquipmentItem.code == data.code)).first() is not None:
            raise InvalidInput("code", "Ce code existe déjà dans le catalogue.")
        item = EquipmentItem(**data.model_dump())
    else:
        item = session.get(EquipmentItem, item_id)
        if item is None:
            raise NotFound("Équipement introuvable.")
        clash = session.exec(select(EquipmentItem.id).where(EquipmentItem.code == data.code,
                                                            EquipmentItem.id != item_id)).first()
        if clash is not None:
            raise InvalidInput("code", "Ce code existe déjà dans le catalogue.")
        for name, value in data.model_dump().items():
            setattr(item, name, value)
    session.add(item)
    session.flush()
    audit.record(session, principal, "create" if item_id is None else "update", "equipment_item", item.id)
    return EquipmentItemRead.model_validate(item, from_attributes=True)
