"""What autogenerate and the drift test leave out of the comparison."""


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Indexes made by hand in a migration for one database only (trigram search) are not drift."""
    return not (type_ == "index" and name is not None and name.endswith("_trgm"))
