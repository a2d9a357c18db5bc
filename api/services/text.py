"""Text normalisation for search: the same on SQLite and PostgreSQL."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, accents removed, spaces collapsed: "Élodie  N'Diaye" -> "elodie n'diaye"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().lower()


def like_pattern(fragment: str) -> str:
    """A LIKE pattern matching `fragment` anywhere, with wildcards in it taken literally."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
