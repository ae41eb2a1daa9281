"""Column types as students write them (SQL, Mermaid, Java-ish), mapped to the plan's types."""

from __future__ import annotations

import re

from archnb.plan import to_sql_type

# Spellings plan.py's own aliases do not cover: PostgreSQL synonyms, MySQL habits, and the
# loose words people put in Mermaid ERDs.
_EXTRA = {
    "character varying": "text",
    "varchar": "text",
    "char": "char(1)",
    "character": "char(1)",
    "timestamp without time zone": "timestamp",
    "timestamptz without time zone": "timestamp",
    "time with time zone": "time",
    "time without time zone": "time",
    "timetz": "time",
    "int2": "smallint",
    "smallserial": "smallint",
    "serial2": "smallint",
    "serial4": "integer",
    "serial8": "bigint",
    "tinyint": "smallint",
    "mediumint": "integer",
    "short": "smallint",
    "long": "bigint",
    "float4": "real",
    "float8": "double precision",
    "number": "numeric",
    "citext": "text",
    "guid": "uuid",
    "binary": "bytea",
    "bytes": "bytea",
    "varbinary": "bytea",
    "boolean": "boolean",
    "ulid": "text",
    "enum": "text",
    "timestamp with timezone": "timestamptz",
}
_SIZED = [
    (re.compile(r"^(?:character varying|varchar|nvarchar)\((\d+)\)$"), "varchar({0})"),
    (re.compile(r"^(?:character|char|nchar)\((\d+)\)$"), "char({0})"),
    (re.compile(r"^(?:decimal|number|numeric)\((\d+)\)$"), "numeric({0},0)"),
    (re.compile(r"^(?:decimal|number)\((\d+),(\d+)\)$"), "numeric({0},{1})"),
    (re.compile(r"^timestamp\(\d\)( with time zone)?$"), None),
    (re.compile(r"^timestamptz\(\d\)$"), "timestamptz"),
    (re.compile(r"^float\((\d+)\)$"), "double precision"),
]


def normalise(raw: str) -> str:
    """Return a type as lower-case words with no spaces around brackets and commas."""
    text = re.sub(r"\s+", " ", raw.strip().lower())
    text = re.sub(r"\s*([(\[])\s*", r"\1", text)
    text = re.sub(r"\s*([)\]])", r"\1", text)
    return re.sub(r"\s*,\s*", ",", text)


def map_type(raw: str, enums: dict[str, list[str]] | None = None) -> tuple[str, list[str], bool]:
    """Return (plan type, enum choices, known) for a type a student wrote.

    An enum the design declared becomes text with its values as choices. A type the plan
    cannot hold becomes `text` with known=False, so the review reports it instead of failing.
    """
    text = normalise(raw)
    if enums and text in enums:
        return "text", list(enums[text]), True
    array = text.endswith("[]")
    base = text.removesuffix("[]")
    base = _EXTRA.get(base, base)
    for pattern, template in _SIZED:
        match = pattern.match(base)
        if match:
            base = _timestamp(base) if template is None else template.format(*match.groups())
            break
    try:
        return to_sql_type(to_sql_type(base) + ("[]" if array else "")), [], True
    except ValueError:
        return "text", [], False


def _timestamp(text: str) -> str:
    return "timestamptz" if text.endswith("with time zone") else "timestamp"
