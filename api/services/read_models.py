"""Read models in one statement: a record's child rows travel as one JSON array column of its row.

A page that needs a household, its members, consents and advisors then costs one round trip instead
of one per collection (issue 19: at most four per read request, authentication and audit included).
The database builds the array (PostgreSQL json_agg, SQLite json_group_array); the caller validates
the objects with the response's pydantic models, which parse the ISO dates and the codes. Order is not
part of an aggregate on SQLite 3.40, so callers sort the parsed rows themselves.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, Numeric, String, cast, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class json_objects(FunctionElement[Any]):  # noqa: N801  (used like SQLAlchemy's func.* names)
    """`json_objects(id=Member.id, first_name=Member.first_name)`: the aggregated rows as a JSON array of
    objects with those keys (an empty array when there is none). Use it in a correlated subquery."""

    type = JSON()
    inherit_cache = True
    name = "json_objects"

    def __init__(self, **columns: Any) -> None:  # SQLModel types its columns as their Python values
        pairs: list[Any] = []
        for key, column in columns.items():
            assert key.isidentifier()  # keys are code, inlined in the SQL
            # A decimal travels as text: a JSON number would come back as a float.
            pairs += [literal_column(f"'{key}'"), cast(column, String) if isinstance(column.type, Numeric) else column]
        super().__init__(*pairs)


@compiles(json_objects)
def _sqlite(element: json_objects, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array(json_object({compiler.process(element.clauses, **kw)}))"


@compiles(json_objects, "postgresql")
def _postgresql(element: json_objects, compiler: SQLCompiler, **kw: Any) -> str:
    return f"coalesce(json_agg(json_build_object({compiler.process(element.clauses, **kw)})), '[]'::json)"


class JsonRows:
    """Child rows of a read model: `aggregate()` goes in a correlated subquery, `decode()` gives each
    object back with the column's Python type (decimals at their scale, dates, booleans, integers),
    as the ORM would have read it."""

    def __init__(self, **columns: Any) -> None:
        self.columns = columns

    def aggregate(self) -> json_objects:
        return json_objects(**self.columns)

    def decode(self, objects: list[dict[str, Any]]) -> list[SimpleNamespace]:
        return [SimpleNamespace(**{k: _typed(self.columns[k].type, v) for k, v in o.items()}) for o in objects]


def _typed(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, Numeric):
        number = Decimal(str(value))
        return number.quantize(Decimal(1).scaleb(-kind.scale)) if kind.scale is not None else number
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    return value
