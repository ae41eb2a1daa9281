"""PostgreSQL DDL for a plan's data model: it applies cleanly to an empty database.

- Tables come in foreign-key order; a key into a table not created yet (a cycle) is added
  afterwards with ALTER TABLE.
- Every identifier is double-quoted (user, order and group are reserved words).
- Every name PostgreSQL would otherwise choose (primary and unique keys, identity
  sequences, indexes) is chosen here, unique and at most 63 characters, so the same plan
  always gives the same schema and no generated name can collide with a table.
- Whatever the plan asks for that PostgreSQL would reject (a default or CHECK that does
  not fit the type, a key into a missing table) is left out with an SQL comment saying
  so; lint reports the plan problem itself.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from archnb.plan import Attribute, DataModel, Entity, TechnicalPlan
from archnb.render.common import (
    INTEGER_TYPES,
    ModelIndex,
    one_line,
    without_cycle_collection,
)

MAX_NAME = 63
_NUMBER_TYPES = (*INTEGER_TYPES, "real", "double precision")
_TIME_TYPES = ("timestamptz", "timestamp", "date", "time")
_TEXT_TYPES = re.compile(r"^(text|varchar\(\d+\)|char\(\d+\))$")
_INTEGER_LITERAL = re.compile(r"^-?\d{1,18}$")
_GIN_TYPES = ("tsvector", "jsonb")


def quote_ident(name: str) -> str:
    """Return `name` as a double-quoted SQL identifier (inner quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """Return `text` as a one-line SQL string literal; E'' form when it has backslashes."""
    text = one_line(text).replace("'", "''")
    if "\\" in text:
        return "E'" + text.replace("\\", "\\\\") + "'"
    return "'" + text + "'"


def comment_text(text: str) -> str:
    """Return `text` safe inside an SQL `--` comment: one line, no comment delimiters."""
    return one_line(text).replace("*/", "* /").replace("/*", "/ *")


class NameBook:
    """Hands out relation names: at most 63 characters, never one already taken."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def claim(self, parts: list[str], suffix: str) -> str:
        """Return a fresh name like `order_user_id_idx`, shortened with a hash when long."""
        base = "_".join(parts)
        name = f"{base}_{suffix}"
        attempt = 0
        while len(name) > MAX_NAME or name in self.taken:
            digest = hashlib.sha256(f"{base}/{suffix}/{attempt}".encode()).hexdigest()[:8]
            room = MAX_NAME - len(suffix) - len(digest) - 2
            name = f"{base[:room].rstrip('_')}_{digest}_{suffix}"
            attempt += 1
        self.taken.add(name)
        return name


@dataclass
class TableSql:
    """The pieces of one table's DDL, gathered before they are written out."""

    notes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)  # FKs to tables created afterwards
    indexes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@without_cycle_collection
def render_ddl(plan: TechnicalPlan) -> str:
    """Return PostgreSQL DDL (13 or later) creating the plan's tables, keys, indexes and comments."""
    model = plan.data_model
    index = ModelIndex(model)
    entities = _table_order(index)
    names = NameBook({e.name for e in entities})
    joins = index.join_entities()
    created: set[str] = set()
    tables: list[tuple[Entity, TableSql]] = []
    for entity in entities:
        created.add(entity.name)
        tables.append((entity, _table(index, entity, names, joins, created)))

    out = _header(plan)
    counts = Counter(e.name for e in model.entities)
    repeated = sorted(name for name, count in counts.items() if count > 1)
    out += [f"-- {name}: defined more than once; the first definition is used" for name in repeated]
    if any(index.column_type(a).startswith("vector(") for e in entities for a in e.attributes):
        out += [
            "-- pgvector provides the vector(n) type.",
            "CREATE EXTENSION IF NOT EXISTS vector;",
            "",
        ]
    for entity, sql in tables:
        out += [f"-- {note}" for note in sql.notes]
        body = [f"  {line}," for line in sql.columns + sql.constraints]
        if body:
            body[-1] = body[-1].removesuffix(",")
        out += [f"CREATE TABLE {quote_ident(entity.name)} (", *body, ");", ""]
    for section in ("later", "indexes", "comments"):
        statements = [s for _, sql in tables for s in getattr(sql, section)]
        if statements:
            out += [*statements, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _header(plan: TechnicalPlan) -> list[str]:
    return [
        f"-- Schema for: {comment_text(plan.title) or 'untitled plan'}",
        f"-- Plan: {comment_text(plan.plan_id) or 'unsaved'}",
        "-- Generated by archnb from the plan's data model. PostgreSQL 13 or later.",
        "",
    ]


def table_order(model: DataModel) -> list[Entity]:
    """Return the entities so that each comes after the tables its keys reference, where a
    cycle allows; otherwise in plan order."""
    return _table_order(ModelIndex(model))


def _table_order(index: ModelIndex) -> list[Entity]:
    pending = list(index.entities)
    needs = {e.name: _targets(index, e) for e in pending}
    ordered: list[Entity] = []
    done: set[str] = set()
    while pending:
        # By position, not list.remove: that compares pydantic models field by field.
        position = next((i for i, e in enumerate(pending) if needs[e.name] <= done), 0)
        ready = pending.pop(position)
        ordered.append(ready)
        done.add(ready.name)
    return ordered


def _targets(index: ModelIndex, entity: Entity) -> set[str]:
    refs = (index.reference(a) for a in index.attributes(entity))
    return {r.entity.name for r in refs if r and r.column and r.entity.name != entity.name}


def _table(
    index: ModelIndex, entity: Entity, names: NameBook, joins: set[str], created: set[str]
) -> TableSql:
    sql = TableSql()
    key = index.primary_key(entity)
    attributes = index.attributes(entity)
    table = quote_ident(entity.name)
    for attribute in attributes:
        sql.columns.append(_column(index, entity, attribute, key, names, sql))
    if len(attributes) < len(entity.attributes):
        sql.notes.append(f"{comment_text(entity.name)}: repeated column names are left out")
    if key:
        pkey = names.claim([entity.name], "pkey")
        cols = ", ".join(quote_ident(a.name) for a in key)
        sql.constraints.append(f"CONSTRAINT {quote_ident(pkey)} PRIMARY KEY ({cols})")
    groups = _unique_groups(entity, attributes, key, sql)
    for group in groups:
        name = names.claim([entity.name, *group], "key")
        cols = ", ".join(quote_ident(c) for c in group)
        sql.constraints.append(f"CONSTRAINT {quote_ident(name)} UNIQUE ({cols})")
    for attribute in attributes:
        _foreign_key(index, entity, attribute, joins, created, sql)
    sql.indexes += _indexes(index, entity, [[a.name for a in key], *groups], names)
    if one_line(entity.description):
        sql.comments.append(f"COMMENT ON TABLE {table} IS {quote_literal(entity.description)};")
    for attribute in attributes:
        if one_line(attribute.description):
            sql.comments.append(
                f"COMMENT ON COLUMN {table}.{quote_ident(attribute.name)} "
                f"IS {quote_literal(attribute.description)};"
            )
    return sql


def _column(
    index: ModelIndex,
    entity: Entity,
    attribute: Attribute,
    key: list[Attribute],
    names: NameBook,
    sql: TableSql,
) -> str:
    kind = index.column_type(attribute)
    where = f"{entity.name}.{attribute.name}"
    if kind != attribute.type:
        why = "to match the key it references" if attribute.foreign_key else "to fit PostgreSQL"
        sql.notes.append(f"{where}: type {attribute.type} written as {kind} {why}")
    parts = [quote_ident(attribute.name), kind]
    if _is_identity(attribute, kind, key):
        sequence = names.claim([entity.name, attribute.name], "seq")
        parts.append(f"GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME {quote_ident(sequence)})")
    elif attribute.default:
        default = default_sql(attribute.default, kind)
        if default:
            parts.append(f"DEFAULT {default}")
        else:
            sql.notes.append(f"{where}: default {attribute.default} does not fit {kind}; left out")
    if not attribute.nullable and not attribute.primary_key:
        parts.append("NOT NULL")
    if attribute.choices:
        check = check_sql(attribute, kind)
        if check:
            parts.append(check)
        else:
            sql.notes.append(f"{where}: choices do not fit {kind}; no CHECK")
    return " ".join(parts)


def _is_identity(attribute: Attribute, kind: str, key: list[Attribute]) -> bool:
    """An integer key of its own (one column, no FK, no default) counts up by itself."""
    return (
        len(key) == 1
        and key[0] is attribute
        and kind in INTEGER_TYPES
        and not attribute.foreign_key
        and attribute.default is None
    )


def default_sql(default: str, kind: str) -> str | None:
    """Return the DEFAULT expression for a plan default on a column of `kind`, or None if
    PostgreSQL would reject the pair."""
    array = kind.endswith("[]")
    base = kind.removesuffix("[]")
    if default == "empty_json":
        return "'{}'" if array else ("'{}'::jsonb" if base == "jsonb" else None)
    if array:
        return None
    if default == "now" and base in _TIME_TYPES:
        return "now()"
    if default in ("true", "false") and base == "boolean":
        return default
    if default == "zero" and (base in _NUMBER_TYPES or base.startswith("numeric")):
        return "0"
    if default == "random_uuid" and base == "uuid":
        return "gen_random_uuid()"
    return None


def check_sql(attribute: Attribute, kind: str) -> str | None:
    """Return `CHECK (col IN (...))` for the attribute's choices, or None when they cannot
    be compared with the column's type."""
    column = quote_ident(attribute.name)
    values = list(dict.fromkeys(attribute.choices))
    if _TEXT_TYPES.match(kind):
        listed = ", ".join(quote_literal(v) for v in values)
    elif kind in INTEGER_TYPES and all(_INTEGER_LITERAL.match(v.strip()) for v in values):
        listed = ", ".join(str(int(v)) for v in values)
    else:
        return None
    return f"CHECK ({column} IN ({listed}))"


def _unique_groups(
    entity: Entity, attributes: list[Attribute], key: list[Attribute], sql: TableSql
) -> list[list[str]]:
    """Return the column lists that need a UNIQUE constraint, without repeats or the key."""
    columns = {a.name for a in attributes}
    groups: list[list[str]] = []
    seen = {tuple(sorted(a.name for a in key))}
    candidates = [[a.name] for a in attributes if a.unique]
    for group in candidates + [list(dict.fromkeys(g)) for g in entity.unique_together]:
        missing = [c for c in group if c not in columns]
        if missing:
            sql.notes.append(
                f"{entity.name}: unique on missing column(s) {', '.join(missing)}; left out"
            )
            continue
        if not group:
            continue
        if tuple(sorted(group)) in seen:
            continue
        seen.add(tuple(sorted(group)))
        groups.append(group)
    return groups


def _foreign_key(
    index: ModelIndex,
    entity: Entity,
    attribute: Attribute,
    joins: set[str],
    created: set[str],
    sql: TableSql,
) -> None:
    if not attribute.foreign_key:
        return
    where = f"{entity.name}.{attribute.name}"
    ref = index.reference(attribute)
    if ref is None:
        sql.notes.append(f"{where}: references {attribute.foreign_key}, which is not in the plan")
        return
    if ref.column is None:
        sql.notes.append(
            f"{where}: {ref.entity.name} has no single-column primary key to reference"
        )
        return
    action = "CASCADE" if entity.name in joins else "RESTRICT"
    clause = (
        f"FOREIGN KEY ({quote_ident(attribute.name)}) REFERENCES "
        f"{quote_ident(ref.entity.name)} ({quote_ident(ref.column.name)}) ON DELETE {action}"
    )
    if ref.entity.name in created:
        sql.constraints.append(clause)
    else:
        sql.later.append(f"ALTER TABLE {quote_ident(entity.name)} ADD {clause};")


def _indexes(
    index: ModelIndex, entity: Entity, keys: list[list[str]], names: NameBook
) -> list[str]:
    """Return CREATE INDEX statements for FK and indexed columns that do not already lead
    the primary key or a unique constraint (those have an index of their own)."""
    leading = {group[0] for group in keys if group}
    statements = []
    for attribute in index.attributes(entity):
        wanted = attribute.indexed or index.reference(attribute) is not None
        if not wanted or attribute.name in leading:
            continue
        name = names.claim([entity.name, attribute.name], "idx")
        statements.append(
            f"CREATE INDEX {quote_ident(name)} ON {quote_ident(entity.name)} "
            f"{_index_method(attribute.name, index.column_type(attribute))};"
        )
    return statements


def _index_method(column: str, kind: str) -> str:
    """Return `USING ... (column ...)`: GIN for documents, arrays and text search, HNSW for
    vectors, the default B-tree otherwise."""
    if kind.startswith("vector("):
        return f"USING hnsw ({quote_ident(column)} vector_cosine_ops)"
    if kind.endswith("[]") or kind in _GIN_TYPES:
        return f"USING gin ({quote_ident(column)})"
    return f"({quote_ident(column)})"
