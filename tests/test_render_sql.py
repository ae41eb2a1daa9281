"""PostgreSQL DDL, applied to a real PostgreSQL started by the `pg` fixture."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from support.strategies import entity, make_plan, plans, render_settings

from archnb.render.common import one_line, primary_key, reference, unique_attributes
from archnb.render.sql import MAX_NAME, quote_ident, quote_literal, render_ddl

pytestmark = pytest.mark.slow

# One row per column, constraint and comment of the schema the DDL built.
SCHEMA_QUERY = """
SELECT 'column', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       a.attnotnull::text, encode(convert_to(coalesce(col_description(c.oid, a.attnum), ''), 'UTF8'), 'hex')
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
  AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'table', c.relname, '', '', '', encode(convert_to(coalesce(obj_description(c.oid, 'pg_class'), ''), 'UTF8'), 'hex')
FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
UNION ALL
SELECT 'constraint', conrelid::regclass::text, contype::text, confdeltype::text,
       '', pg_get_constraintdef(oid)
FROM pg_constraint WHERE connamespace = current_schema()::regnamespace;
"""


def _unhex(text: str) -> str:
    # Comments come back hex-encoded: psql's aligned-free output still drops some code points
    # (U+FFFFE, U+FFFFF, U+10FFFF) that PostgreSQL stores, and the test compares every one.
    return bytes.fromhex(text).decode("utf-8")


def schema_of(pg, ddl: str) -> dict:
    applied = pg.check(ddl, SCHEMA_QUERY)
    assert applied.ok, f"{applied.error}\n{ddl}"
    tables: dict[str, str] = {}
    columns: dict[tuple[str, str], tuple[str, bool, str]] = {}
    constraints: list[tuple[str, str, str, str]] = []
    for kind, table, name, extra, notnull, text in applied.rows:
        table = table.strip('"')
        if kind == "table":
            tables[table] = _unhex(text)
        elif kind == "column":
            columns[(table, name)] = (extra, notnull == "true", _unhex(text))
        else:
            constraints.append((table, name, extra, text))
    return {"tables": tables, "columns": columns, "constraints": constraints}


# --- properties over generated plans ----------------------------------------------------


@render_settings(50)
@given(plan=plans(prose=False))
def test_every_plan_gives_ddl_that_postgres_applies_as_the_plan_says(plan, pg):
    ddl = render_ddl(plan)
    schema = schema_of(pg, ddl)
    model = plan.data_model

    assert set(schema["tables"]) == {e.name for e in model.entities}
    for item in model.entities:
        if item is not model.entity(item.name):
            continue  # a repeated entity name: the first one is the table
        assert schema["tables"][item.name] == one_line(item.description)
        for attribute in unique_attributes(item):
            _, notnull, comment = schema["columns"][(item.name, attribute.name)]
            assert notnull == (not attribute.nullable or attribute.primary_key)
            assert comment == one_line(attribute.description)
        foreign = [c for c in schema["constraints"] if c[0] == item.name and c[1] == "f"]
        assert len(foreign) == sum(
            1
            for a in unique_attributes(item)
            if (ref := reference(model, a)) is not None and ref.column is not None
        )
        keys = [c for c in schema["constraints"] if c[0] == item.name and c[1] == "p"]
        assert len(keys) == (1 if primary_key(item) else 0)


@render_settings(30)
@given(plan=plans(prose=False))
def test_ddl_is_deterministic_and_names_fit_postgres(plan):
    ddl = render_ddl(plan)
    assert render_ddl(plan) == ddl
    for name in re.findall(r'(?:CONSTRAINT|INDEX|SEQUENCE NAME) "((?:[^"]|"")*)"', ddl):
        assert len(name) <= MAX_NAME
    for line in ddl.splitlines():
        assert not line.startswith("--") or "\n" not in line


# --- examples ---------------------------------------------------------------------------


def test_the_fixture_reports_ddl_that_postgres_rejects(pg):
    applied = pg.check('CREATE TABLE "a" ("b" integer DEFAULT now());')
    assert not applied.ok
    assert "default expression" in applied.error


def test_reserved_words_are_quoted_everywhere(pg):
    plan = make_plan(
        data_model={
            "entities": [
                entity(
                    "user",
                    {"name": "select", "nullable": False, "unique": True},
                    {"name": "from", "type": "date", "indexed": True},
                ),
                entity(
                    "order",
                    {"name": "user_id", "type": "bigint", "foreign_key": "user"},
                    {"name": "limit", "type": "integer", "default": "zero"},
                ),
                entity("group", {"name": "table", "choices": ["where", "having"]}),
                entity("table"),
                entity("select", {"name": "order_id", "type": "bigint", "foreign_key": "order"}),
                entity("from"),
            ]
        }
    )
    ddl = render_ddl(plan)
    assert 'CREATE TABLE "user" (' in ddl and 'CREATE TABLE "order" (' in ddl
    schema = schema_of(pg, ddl)
    assert set(schema["tables"]) == {"user", "order", "group", "table", "select", "from"}
    assert ("order", "limit") in schema["columns"]


def test_a_hostile_title_and_descriptions_inject_nothing(pg):
    plan = make_plan(
        title="Shop\nCREATE TABLE injected (a int); -- */ /*",
        plan_id="x\nDROP SCHEMA public;",
        data_model={
            "entities": [
                entity(
                    "customer",
                    {"name": "note", "description": "it's '; DROP TABLE customer; --\n\\"},
                    description="*/ CREATE TABLE injected2 (a int); /* ' \" \\",
                )
            ]
        },
    )
    ddl = render_ddl(plan)
    assert ddl.splitlines()[0] == "-- Schema for: Shop CREATE TABLE injected (a int); -- * / / *"
    schema = schema_of(pg, ddl)
    assert set(schema["tables"]) == {"customer"}
    assert schema["tables"]["customer"] == "*/ CREATE TABLE injected2 (a int); /* ' \" \\"
    assert schema["columns"][("customer", "note")][2] == "it's '; DROP TABLE customer; -- \\"


def test_comments_keep_every_code_point_postgresql_stores(pg):
    # Found by the property test above: a description ending in U+FFFFF, which PostgreSQL keeps
    # and psql's plain output drops; the renderer must pass it through unchanged.
    text = "z\U000ba4d9\U000fffff@\u00d8 \U0010ffff"
    plan = make_plan(data_model={"entities": [entity("customer", {"name": "note", "description": text},
                                                      description=text)]})
    schema = schema_of(pg, render_ddl(plan))
    assert schema["tables"]["customer"] == text
    assert schema["columns"][("customer", "note")][2] == text


def test_a_many_to_many_join_table_cascades_and_other_keys_restrict(pg):
    plan = make_plan(
        data_model={
            "entities": [
                entity("student", {"name": "name", "nullable": False}),
                entity("course", {"name": "title", "nullable": False}),
                {
                    "name": "enrollment",
                    "attributes": [
                        {
                            "name": "student_id",
                            "type": "bigint",
                            "primary_key": True,
                            "foreign_key": "student",
                        },
                        {
                            "name": "course_id",
                            "type": "bigint",
                            "primary_key": True,
                            "foreign_key": "course",
                        },
                    ],
                },
                entity(
                    "certificate",
                    {
                        "name": "student_id",
                        "type": "bigint",
                        "foreign_key": "student",
                        "nullable": False,
                    },
                ),
            ],
            "relationships": [
                {
                    "source": "student",
                    "target": "course",
                    "cardinality": "many-to-many",
                    "via": "enrollment",
                }
            ],
        }
    )
    applied = pg.apply(render_ddl(plan))
    assert applied.ok, applied.error
    try:
        pg.query(
            "INSERT INTO student (name) VALUES ('Ada'), ('Bo');"
            "INSERT INTO course (title) VALUES ('SQL');"
            "INSERT INTO enrollment VALUES (1, 1), (2, 1);"
            "INSERT INTO certificate (student_id) VALUES (2);"
            "DELETE FROM student WHERE id = 1;",
            applied.database,
        )
        assert pg.query("SELECT student_id FROM enrollment", applied.database) == [("2",)]
        refused = pg.psql("DELETE FROM student WHERE id = 2;", applied.database)
        assert refused.returncode != 0
        assert "violates foreign key constraint" in refused.stderr
        indexes = pg.query(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'enrollment'", applied.database
        )
        assert any("(course_id)" in row[0] for row in indexes)  # the second key column
    finally:
        pg.drop(applied.database)


def test_foreign_key_cycles_are_closed_after_both_tables_exist(pg):
    plan = make_plan(
        data_model={
            "entities": [
                entity("team", {"name": "captain_id", "type": "bigint", "foreign_key": "player"}),
                entity(
                    "player",
                    {"name": "team_id", "type": "bigint", "foreign_key": "team"},
                    {"name": "mentor_id", "type": "bigint", "foreign_key": "player"},
                ),
            ]
        }
    )
    ddl = render_ddl(plan)
    assert re.search(r'ALTER TABLE "\w+" ADD FOREIGN KEY', ddl)
    schema = schema_of(pg, ddl)
    foreign = sorted((c[0], c[3]) for c in schema["constraints"] if c[1] == "f")
    assert foreign == [
        ("player", "FOREIGN KEY (mentor_id) REFERENCES player(id) ON DELETE RESTRICT"),
        ("player", "FOREIGN KEY (team_id) REFERENCES team(id) ON DELETE RESTRICT"),
        ("team", "FOREIGN KEY (captain_id) REFERENCES player(id) ON DELETE RESTRICT"),
    ]


def test_a_key_into_a_missing_or_keyless_table_is_left_out_with_a_comment(pg):
    plan = make_plan(
        data_model={
            "entities": [
                entity(
                    "invoice",
                    {"name": "customer_id", "type": "bigint", "foreign_key": "customer"},
                    {"name": "log_id", "type": "bigint", "foreign_key": "audit_log"},
                ),
                {"name": "audit_log", "attributes": [{"name": "line", "type": "text"}]},
            ]
        }
    )
    ddl = render_ddl(plan)
    assert "-- invoice.customer_id: references customer, which is not in the plan" in ddl
    assert "-- invoice.log_id: audit_log has no single-column primary key" in ddl
    schema = schema_of(pg, ddl)
    assert [c for c in schema["constraints"] if c[1] == "f"] == []


def test_a_foreign_key_takes_the_type_of_the_key_it_references(pg):
    plan = make_plan(
        data_model={
            "entities": [
                {
                    "name": "account",
                    "attributes": [
                        {
                            "name": "id",
                            "type": "uuid",
                            "primary_key": True,
                            "default": "random_uuid",
                        }
                    ],
                },
                entity("payment", {"name": "account_id", "type": "text", "foreign_key": "account"}),
            ]
        }
    )
    ddl = render_ddl(plan)
    assert "type text written as uuid" in ddl
    schema = schema_of(pg, ddl)
    assert schema["columns"][("payment", "account_id")][0] == "uuid"


def test_defaults_identity_and_checks_behave_in_postgres(pg):
    plan = make_plan(
        data_model={
            "entities": [
                entity(
                    "ticket",
                    {"name": "ref", "type": "uuid", "default": "random_uuid", "nullable": False},
                    {
                        "name": "opened_at",
                        "type": "timestamptz",
                        "default": "now",
                        "nullable": False,
                    },
                    {"name": "open", "type": "boolean", "default": "true"},
                    {"name": "votes", "type": "integer", "default": "zero"},
                    {"name": "meta", "type": "jsonb", "default": "empty_json"},
                    {"name": "labels", "type": "text[]", "default": "empty_json"},
                    {"name": "status", "choices": ["new", "won't fix", "done"], "nullable": False},
                    {"name": "priority", "type": "smallint", "choices": ["1", "2", "3"]},
                    {"name": "size", "type": "integer", "default": "now"},
                )
            ]
        }
    )
    ddl = render_ddl(plan)
    assert "-- ticket.size: default now does not fit integer; left out" in ddl
    applied = pg.apply(ddl)
    assert applied.ok, applied.error
    try:
        pg.query("INSERT INTO ticket (status, priority) VALUES ('won''t fix', 2)", applied.database)
        row = pg.query(
            "SELECT id, ref IS NOT NULL, opened_at <= now(), open, votes, meta, labels, status "
            "FROM ticket",
            applied.database,
        )
        assert row == [("1", "t", "t", "t", "0", "{}", "{}", "won't fix")]
        for bad in ("status) VALUES ('closed')", "status, priority) VALUES ('new', 9)"):
            refused = pg.psql(f"INSERT INTO ticket ({bad};", applied.database)
            assert "violates check constraint" in refused.stderr
    finally:
        pg.drop(applied.database)


def test_long_names_are_shortened_uniquely_and_indexes_cover_keys(pg):
    long = "a" * 60
    plan = make_plan(
        data_model={
            "entities": [
                entity(
                    long + "x",
                    {"name": long + "_first", "indexed": True},
                    {"name": long + "_second", "indexed": True},
                    {"name": "doc", "type": "jsonb", "indexed": True},
                    {"name": "parent_id", "type": "bigint", "foreign_key": long + "x"},
                ),
                # a table whose name is what an index would be called
                entity("a" * 60 + "x_doc_idx"),
            ]
        }
    )
    ddl = render_ddl(plan)
    names = re.findall(r'CREATE INDEX "([^"]+)"', ddl)
    assert len(names) == 4 and len(set(names)) == 4
    assert all(len(n) <= MAX_NAME for n in names)
    applied = pg.apply(ddl)
    assert applied.ok, applied.error
    try:
        indexes = dict(
            pg.query(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
                applied.database,
            )
        )
        assert set(names) <= set(indexes)
        assert any("USING gin (doc)" in d for d in indexes.values())
    finally:
        pg.drop(applied.database)


def test_repeated_names_still_apply(pg):
    plan = make_plan(
        data_model={
            "entities": [
                entity(
                    "item",
                    {"name": "code", "type": "varchar(1)"},
                    {"name": "code", "type": "integer"},
                    {"name": "price", "type": "numeric(1,1)"},
                    unique_together=[["code", "code"], ["code", "ghost"]],
                ),
                entity("item"),
            ]
        }
    )
    ddl = render_ddl(plan)
    assert "repeated column names are left out" in ddl
    assert "unique on missing column(s) ghost" in ddl
    assert "-- item: defined more than once; the first definition is used" in ddl
    schema = schema_of(pg, ddl)
    assert schema["columns"][("item", "code")][0] == "character varying(1)"
    assert schema["columns"][("item", "price")][0] == "numeric(1,1)"


def test_vector_columns_bring_the_pgvector_extension_and_an_hnsw_index():
    plan = make_plan(
        data_model={
            "entities": [
                entity("chunk", {"name": "embedding", "type": "vector(1536)", "indexed": True})
            ]
        }
    )
    ddl = render_ddl(plan)
    assert "CREATE EXTENSION IF NOT EXISTS vector;" in ddl
    assert ddl.index("CREATE EXTENSION") < ddl.index("CREATE TABLE")
    assert 'USING hnsw ("embedding" vector_cosine_ops)' in ddl


def test_quoting_helpers_double_what_they_must():
    assert quote_ident('we"ird') == '"we""ird"'
    assert quote_literal("it's\nfine") == "'it''s fine'"
    assert quote_literal("a\\b") == "E'a\\\\b'"
    assert quote_literal("nul\x00byte") == "'nulbyte'"
