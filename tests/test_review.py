"""Review mode: students' designs (ERD, DDL, lists, flowcharts) read into plans, errors that
point at the student's line, and the findings and suggestions typical mistakes get."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from IPython.core.error import UsageError
from support.shells import run_in_shell

from archnb.errors import UsageProblem
from archnb.review import (
    ReviewParseError,
    read_design,
    review,
    review_design,
    review_findings,
    review_suggestions,
    suggestions_as_steps,
)
from archnb.skills import load_skills, select_skills

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def entity(plan, name):
    found = plan.data_model.entity(name)
    assert found is not None, f"no entity {name!r} in {[e.name for e in plan.data_model.entities]}"
    return found


def attr(plan, entity_name, name):
    found = next((a for a in entity(plan, entity_name).attributes if a.name == name), None)
    assert found is not None, f"no attribute {entity_name}.{name}"
    return found


def rules(findings):
    return {(f.rule, f.where) for f in findings}


def parse_error(text: str, first_line: int = 1) -> ReviewParseError:
    with pytest.raises(ReviewParseError) as caught:
        review_design(text, first_line=first_line)
    return caught.value


# --- Mermaid erDiagram ----------------------------------------------------------------------

LIBRARY_ERD = """\
```mermaid
erDiagram
    MEMBER ||--o{ LOAN : borrows
    BOOK ||--o{ LOAN : "is lent in"
    BOOK }o--o{ AUTHOR : "written by"
    LOAN |o..|| RECEIPT : "proven by"
    MEMBER {
        bigint id PK
        string email UK "sign-in name"
        datetime joined_at
    }
    BOOK {
        uuid id PK
        varchar(13) isbn UK
        decimal price
    }
    LOAN {
        bigint id PK
        bigint member_id FK
        uuid book_ref FK
        date due_on
    }
    AUTHOR {
        bigint id PK
    }
    RECEIPT {
        bigint id PK
    }
```
"""


def test_erd_reads_entities_attributes_types_and_keys():
    plan = review_design(LIBRARY_ERD)
    assert [e.name for e in plan.data_model.entities] == ["member", "loan", "book", "author", "receipt"]
    email = attr(plan, "member", "email")
    assert (email.type, email.unique, email.description) == ("text", True, "sign-in name")
    assert attr(plan, "member", "joined_at").type == "timestamptz"
    assert attr(plan, "book", "isbn").type == "varchar(13)"
    assert attr(plan, "book", "price").type == "numeric(12,2)"
    key = attr(plan, "member", "id")
    assert key.primary_key and not key.nullable
    assert plan.metadata.mode == "review"


def test_erd_foreign_keys_find_their_target_by_name_or_by_relationship():
    plan = review_design(LIBRARY_ERD)
    assert attr(plan, "loan", "member_id").foreign_key == "member"
    # book_ref names no entity; LOAN's only remaining `one` side is BOOK.
    assert attr(plan, "loan", "book_ref").foreign_key == "book"


def test_erd_crows_feet_become_cardinalities_from_the_one_side():
    plan = review_design(LIBRARY_ERD)
    found = {(r.source, r.target, r.cardinality, r.label) for r in plan.data_model.relationships}
    assert found == {
        ("member", "loan", "one-to-many", "borrows"),
        ("book", "loan", "one-to-many", "is lent in"),
        ("book", "author", "many-to-many", "written by"),
        ("loan", "receipt", "one-to-one", "proven by"),
    }


def test_erd_many_side_on_the_left_is_turned_around():
    plan = review_design("erDiagram\n  ORDER_LINE }|--|| ORDER : belongs\n")
    (rel,) = plan.data_model.relationships
    assert (rel.source, rel.target, rel.cardinality) == ("order", "order_line", "one-to-many")


def test_erd_word_cardinalities_and_quoted_names_with_aliases():
    text = (
        "erDiagram\n"
        '  "Line Item"["Order line"] {\n    int id PK\n  }\n'
        '  CUSTOMER only one to zero or more "Line Item" : buys\n'
    )
    plan = review_design(text)
    assert {e.name for e in plan.data_model.entities} == {"line_item", "customer"}
    (rel,) = plan.data_model.relationships
    assert (rel.source, rel.target, rel.cardinality) == ("customer", "line_item", "one-to-many")


def test_many_to_many_finds_its_join_entity():
    text = """erDiagram
    STUDENT }o--o{ COURSE : takes
    STUDENT { int id PK }
    COURSE { int id PK }
    ENROLMENT {
        int student_id FK
        int course_id FK
    }
"""
    plan = review_design(text)
    (rel,) = plan.data_model.relationships
    assert rel.via == "enrolment"


def test_unknown_type_is_read_as_text_with_a_note_at_its_line():
    reading = read_design("erDiagram\n  BOOK {\n    int id PK\n    money2 price\n  }\n")
    assert attr(reading.plan, "book", "price").type == "text"
    (note,) = [n for n in reading.notes if n.rule == "REV100"]
    assert note.where == "line 4" and "money2" in note.message
    assert any("money2" in a for a in reading.plan.assumptions)


def test_fk_without_a_clear_target_is_noted():
    reading = read_design("erDiagram\n  LOAN {\n    int id PK\n    int owner FK\n  }\n")
    assert attr(reading.plan, "loan", "owner").foreign_key is None
    assert [n.where for n in reading.notes if n.rule == "REV101"] == ["line 4"]


# --- PostgreSQL DDL -------------------------------------------------------------------------

SHOP_DDL = """\
```sql
-- a comment; with a semicolon
CREATE EXTENSION IF NOT EXISTS plpgsql;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');

CREATE TABLE IF NOT EXISTS public.customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email character varying(320) NOT NULL,
  note text DEFAULT 'hello; world',
  created_at timestamp with time zone NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_email ON customers (lower(email));

CREATE TABLE "order" (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE SET NULL,
  status order_status NOT NULL DEFAULT 'pending',
  channel text CHECK (channel IN ('web', 'app')),
  total numeric(10, 2) NOT NULL CHECK (total >= 0),
  paid boolean DEFAULT false,
  meta jsonb DEFAULT '{}'::jsonb
);
CREATE INDEX CONCURRENTLY IF NOT EXISTS order_customer ON "order" USING btree (customer_id, status);

CREATE TABLE order_line (
  order_id uuid NOT NULL,
  line_no integer NOT NULL,
  sku text NOT NULL,
  CONSTRAINT order_line_pkey PRIMARY KEY (order_id, line_no),
  CONSTRAINT fk_order FOREIGN KEY (order_id) REFERENCES "order" (id) ON DELETE CASCADE,
  UNIQUE (order_id, sku)
);
ALTER TABLE order_line ADD COLUMN qty integer NOT NULL DEFAULT 1;
ALTER TABLE customers ADD CONSTRAINT one_note UNIQUE (note), ALTER COLUMN note SET NOT NULL;
CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN NEW.x := 1; RETURN NEW; END; $$ LANGUAGE plpgsql;
CREATE VIEW open_orders AS SELECT * FROM "order";
```
"""


def test_ddl_reads_columns_types_keys_and_defaults():
    plan = review_design(SHOP_DDL)
    assert [e.name for e in plan.data_model.entities] == ["customers", "order", "order_line"]
    email = attr(plan, "customers", "email")
    assert (email.type, email.nullable, email.unique) == ("varchar(320)", False, True)
    created = attr(plan, "customers", "created_at")
    assert (created.type, created.default) == ("timestamptz", "now")
    assert attr(plan, "customers", "note").unique  # from ALTER TABLE ... ADD CONSTRAINT
    order_id = attr(plan, "order", "id")
    assert (order_id.type, order_id.primary_key, order_id.default) == ("uuid", True, "random_uuid")
    assert attr(plan, "order", "total").type == "numeric(10,2)"
    assert (attr(plan, "order", "paid").default, attr(plan, "order", "meta").default) == ("false", "empty_json")


def test_ddl_reads_references_checks_enums_and_indexes():
    plan = review_design(SHOP_DDL)
    customer_id = attr(plan, "order", "customer_id")
    assert (customer_id.foreign_key, customer_id.indexed) == ("customers", True)
    assert attr(plan, "order", "status").choices == ["pending", "paid", "shipped"]
    assert attr(plan, "order", "channel").choices == ["web", "app"]
    line = entity(plan, "order_line")
    assert [a.name for a in line.primary_key()] == ["order_id", "line_no"]
    assert attr(plan, "order_line", "order_id").foreign_key == "order"
    assert line.unique_together == [["order_id", "sku"]]
    assert attr(plan, "order_line", "qty").type == "integer"


def test_ddl_skips_what_a_review_does_not_read_with_info_notes():
    reading = read_design(SHOP_DDL)
    skipped = [(n.where, n.severity) for n in reading.notes if n.rule == "REV102"]
    assert skipped == [("line 35", "info"), ("line 36", "info")]


def test_ddl_and_erd_of_one_table_are_merged_ddl_winning():
    text = (
        "erDiagram\n  LOAN {\n    int id PK\n    string note\n  }\n\n"
        "```sql\nCREATE TABLE loan (id bigint PRIMARY KEY, due_on date NOT NULL);\n```\n"
    )
    plan = review_design(text)
    (loan,) = plan.data_model.entities
    assert [(a.name, a.type) for a in loan.attributes] == [("id", "bigint"), ("note", "text"), ("due_on", "date")]


def test_index_on_an_unknown_table_or_column_is_a_note_not_a_crash():
    text = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE INDEX ON b (x);\nCREATE INDEX ON a (nope);\n"
    reading = read_design(text)
    assert [n.where for n in reading.notes if n.rule == "REV103"] == ["line 2", "line 3"]


# --- lists, flowcharts and mixed designs ----------------------------------------------------

LISTS = """\
# Library lending

auth: session
style: modular monolith

## Components
- web: frontend, React
- api: service, Python FastAPI
- jobs: worker
- Main DB: db, PostgreSQL 16
- web -> api: HTTPS
- api -> main_db: SQL
- api ~> jobs: loan reminders

## Endpoints
GET /api/v1/books?cursor= - list books
`POST /api/v1/loans/{id}/renew` (idempotent)
- delete /api/v1/loans/:loanId [public]
GET /api/v1/reports/overdue (async)

## Notes
- Members borrow at most 5 books.
"""


def test_lists_read_components_connections_and_settings():
    plan = review_design(LISTS)
    assert plan.title == "Review: Library lending"
    kinds = {(c.id, c.kind, c.technology) for c in plan.architecture.components}
    assert kinds == {
        ("web", "client", "React"),
        ("api", "service", "Python FastAPI"),
        ("jobs", "worker", ""),
        ("main_db", "database", "PostgreSQL 16"),
    }
    modes = {(c.source, c.target, c.mode, c.protocol) for c in plan.architecture.connections}
    assert modes == {("web", "api", "sync", "HTTPS"), ("api", "main_db", "sync", "SQL"), ("api", "jobs", "async", "HTTPS")}
    assert (plan.api.auth_scheme, plan.architecture.style) == ("session", "modular monolith")
    assert "Members borrow at most 5 books." in plan.assumptions


def test_lists_read_endpoints_with_base_path_and_annotations():
    plan = review_design(LISTS)
    assert plan.api.base_path == "/api/v1"
    got = {(e.method, e.path): e for e in plan.api.endpoints}
    assert set(got) == {("GET", "/books"), ("POST", "/loans/{id}/renew"), ("DELETE", "/loans/{loanId}"), ("GET", "/reports/overdue")}
    books = got[("GET", "/books")]
    assert (books.response, books.paginated, books.summary) == ("list", True, "list books")
    assert got[("POST", "/loans/{id}/renew")].idempotent
    assert got[("DELETE", "/loans/{loanId}")].auth_required is False
    assert got[("GET", "/reports/overdue")].response == "accepted"


def test_endpoints_are_linked_to_the_entities_their_paths_name():
    text = "CREATE TABLE members (id int PRIMARY KEY);\nCREATE TABLE loans (id int PRIMARY KEY);\n\nGET /members/{id}/loans\nGET /members/{id}\n"
    plan = review_design(text)
    assert [(e.path, e.entity, e.response) for e in plan.api.endpoints] == [
        ("/members/{id}/loans", "loans", "list"),
        ("/members/{id}", "members", "entity"),
    ]


def test_flowchart_becomes_components_and_connections():
    text = """```mermaid
flowchart LR
  %% the shop
  user((Shopper)) --> web[Web app] --> api[Checkout API]
  api --> db[(Orders)]
  api -.->|order placed| q[[Kafka]]
  q -.-> mail[Email worker] & pay[Stripe]
  subgraph backend
  end
```"""
    plan = review_design(text)
    kinds = {c.id: c.kind for c in plan.architecture.components}
    assert kinds == {"user": "client", "web": "client", "api": "service", "db": "database",
                     "q": "queue", "mail": "worker", "pay": "external"}
    edges = {(c.source, c.target, c.mode, c.label) for c in plan.architecture.connections}
    assert ("api", "q", "async", "order placed") in edges
    assert {("q", "mail", "async", ""), ("q", "pay", "async", ""), ("web", "api", "sync", "")} <= edges


def test_bare_sections_follow_each_other_without_fences():
    text = "erDiagram\n  BOOK { int id PK }\nCREATE TABLE loan (id int PRIMARY KEY, book_id int REFERENCES book (id));\n- api: service\nGET /books\nThanks for reading!\n"
    plan = review_design(text)
    assert [e.name for e in plan.data_model.entities] == ["book", "loan"]
    assert [c.id for c in plan.architecture.components] == ["api"]
    assert [e.path for e in plan.api.endpoints] == ["/books"]


def test_decisions_section_states_choices_and_the_alternatives_rejected():
    text = (
        "CREATE TABLE a (id int PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());\n"
        "## Architecture decisions\n"
        "- Checkout: orchestrated saga; instead of choreography or two-phase commit\n"
        "- Storage: S3 (rather than PostgreSQL large objects)\n"
        "- Retries: idempotency keys on every POST\n"
    )
    outcome = review(text)
    got = [(d.id, d.title, d.choice, [o.name for o in d.options]) for d in outcome.plan.decisions]
    assert got == [
        ("D-001", "Checkout", "orchestrated saga", ["orchestrated saga", "choreography", "two-phase commit"]),
        ("D-002", "Storage", "S3", ["S3", "PostgreSQL large objects"]),
        ("D-003", "Retries", "idempotency keys on every POST", []),
    ]
    # A decision that weighed nothing is a finding, at its line; "Storage" is no component here.
    assert [s for s in outcome.suggestions if "alternative" in s] == [
        "Line 5: decision D-003 (Retries) considers no alternative; list the options that were weighed."
    ]
    assert [c.kind for c in outcome.plan.architecture.components] == ["database"]


def test_a_schema_alone_gets_one_database_component_as_an_assumption():
    plan = review_design("CREATE TABLE a (id int PRIMARY KEY);")
    assert [(c.id, c.kind) for c in plan.architecture.components] == [("db", "database")]
    assert any("lists no components" in a for a in plan.assumptions)


# --- parse errors point at the student's line ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("erDiagram\n  BOOK {\n    int id PK\n    title: string\n  }\n", 4, "expected an attribute"),
        ("```mermaid\nerDiagram\n\n  BOOK {\n    int id PK\n```\n", 4, "never closed"),
        ("```mermaid\nerDiagram\n  BOOK ||--x{ LOAN : has\n```\n", 3, "relationship"),
        ("erDiagram\n  BOOK ||--o{ LOAN : has\n  string title\n", 3, "outside an entity block"),
        ("```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n", 2, "erDiagram"),
        ("CREATE TABLE books (\n  id int PRIMARY KEY,\n  title,\n  x int\n);", 3, "has no type"),
        ("CREATE TABLE books (\n  id int PRIMARY KEY,\n  title text\n  author_id int\n);", 3, "comma missing"),
        ("```sql\nCREATE TABLE b (\n id int,\n title text NOT NULL\n author_id int\n);\n```", 4, "comma missing"),
        ("```sql\nCREATE TABLE books (\n  id int,\n);\n```", 3, "extra comma"),
        ("```sql\n\nCREAT TABLE books (id int);\n```", 3, "did you mean CREATE"),
        ("```sql\nCREATE TABLE books (\n  id int,\n  title text\n```", 2, "never closed"),
        ("```sql\nCREATE TABLE b (s text CHECK (s IN ('a, 'b')));\n```", 2, "never closed"),
        ("## Endpoints\nGETT /books\n", 2, "did you mean GET"),
        ("## Endpoints\nGET /books\nall the books\n", 3, "METHOD /path"),
        ("GET /books/<id>\n", 1, "not a URL path"),
        ("## Components\n- api: servce, Python\n", 2, "did you mean 'service'"),
        ("- api: servise\n", 1, "not a component kind"),
        ("auth: magic\nGET /x\n", 1, "auth scheme"),
        ("```mermaid\nflowchart LR\n  a --> b\n  a ==> %%\n```", 4, "expected a node"),
        ("intro\n\n```sql\nCREATE TABLE a (id int);\n", 3, "fence opened here"),
    ],
)
def test_parse_errors_name_the_students_line(text, line, words):
    err = parse_error(text)
    assert err.line == line
    assert str(err).startswith(f"line {line}: ")
    assert words in str(err)
    assert "\n" not in str(err)


def test_parse_error_quotes_the_offending_text():
    err = parse_error("erDiagram\n  BOOK {\n    title: string\n  }\n")
    assert "got `title: string`" in str(err)
    assert err.text.strip() == "title: string"


def test_line_numbers_follow_the_cell_when_the_first_line_is_the_magic():
    err = parse_error("erDiagram\n  BOOK {\n    title: string\n  }\n", first_line=2)
    assert err.line == 4


def test_parse_error_is_a_usage_problem():
    err = parse_error("Some words about my system, but no design.")
    assert isinstance(err, UsageProblem) and err.exit_code == 2
    assert err.line is None and "found nothing to review" in str(err)


def test_notes_and_origin_use_the_first_line_offset():
    reading = read_design("erDiagram\n  BOOK {\n    money2 price\n  }\n", first_line=2)
    assert [n.where for n in reading.notes] == ["line 4"]
    assert reading.origin["data_model.entities[book].price"] == 4


# --- findings and suggestions for typical mistakes --------------------------------------------

MISTAKES = """\
```mermaid
erDiagram
    CUSTOMER ||--o{ ORDERS : places
    ORDERS ||--|{ ORDER_ITEM : contains
    CUSTOMER ||--o{ REVIEW : writes
    CUSTOMER {
        bigint id PK
        string email
        string password
        string username
    }
    ORDERS {
        bigint id PK
        bigint customer_id FK
        string status
        float total
        timestamp placed_at
    }
    ORDER_ITEM {
        bigint id PK
        bigint order_id
        int quantity
    }
    REVIEW {
        bigint id PK
    }
```

## Components
- web: client
- api: service
- billing: service
- db: database
- api -> db
- billing -> db

## Endpoints
- GET /orders
- POST /checkout
- POST /payments/webhook (public)
- POST /createOrder
- DELETE /orders/{id} (public)
"""

EXPECTED = {
    ("REV001", "data_model.entities[orders].total"),
    ("REV002", "data_model.entities[customer]"),
    ("REV002", "data_model.entities[orders]"),
    ("REV002", "data_model.entities[order_item]"),
    ("REV002", "data_model.entities[review]"),
    ("REV003", "data_model.entities[customer].email"),
    ("REV004", "data_model.entities[orders].placed_at"),
    ("REV005", "data_model.entities[order_item].order_id"),
    ("REV006", "data_model.relationships[customer->review]"),
    ("REV007", "api.endpoints[GET /orders]"),
    ("REV008", "api"),
    ("REV009", "data_model.entities[customer].password"),
    ("REV010", "api.endpoints[POST /createOrder]"),
    ("REV011", "api.endpoints[POST /checkout]"),
    ("REV011", "api.endpoints[POST /createOrder]"),
    ("REV011", "api.endpoints[POST /payments/webhook]"),
    ("REV012", "architecture.components[db]"),
    ("REV013", "data_model.entities[customer].username"),
    ("DM003", "data_model.entities[orders].customer_id"),
    ("DM009", "data_model.entities[orders].status"),
    ("API002", "api.endpoints[DELETE /orders/{id}]"),
    ("API003", "api.endpoints[GET /orders]"),
    ("ARCH001", "architecture.components[web]"),
}


def test_typical_mistakes_are_found():
    outcome = review(MISTAKES)
    assert rules(outcome.findings) >= EXPECTED


def test_heuristics_alone_report_only_review_rules():
    plan = review_design(MISTAKES)
    found = review_findings(plan)
    assert {f.rule for f in found} <= {f"REV{n:03d}" for n in range(1, 14)}
    assert {(f.rule, f.where) for f in found} == {r for r in EXPECTED if r[0].startswith("REV")}


def test_suggestions_are_concrete_and_point_at_lines():
    outcome = review(MISTAKES)
    by_subject = {}
    for text in outcome.suggestions:
        subject, _, advice = text.partition(": ")
        by_subject[subject] = by_subject.get(subject, "") + advice
    assert "CREATE INDEX ON orders (customer_id);" in by_subject["orders.customer_id (line 14)"]
    assert "numeric(12,2)" in by_subject["orders.total (line 16)"]
    assert "lower(email)" in by_subject["customer.email (line 8)"]
    assert "password_hash" in by_subject["customer.password (line 9)"]
    assert "CHECK (status IN" in by_subject["orders.status (line 15)"]
    assert "Idempotency-Key" in by_subject["POST /checkout (line 39)"]
    assert "processed_event" in by_subject["POST /payments/webhook (line 40)"]
    assert "cursor" in by_subject["GET /orders (line 38)"]
    assert "JOIN" in by_subject["GET /orders (line 38)"]


def test_suggestions_group_repeated_advice():
    outcome = review(MISTAKES)
    timestamps = [s for s in outcome.suggestions if "created_at timestamptz NOT NULL DEFAULT now()" in s]
    assert len(timestamps) == 1 and "customer, order_item, orders, review" in timestamps[0]
    wiring = [s for s in outcome.suggestions if "talk to the rest" in s]
    assert len(wiring) == 1 and "web" in wiring[0]


def test_suggestions_come_most_severe_first_without_repeats():
    outcome = review(MISTAKES)
    assert outcome.suggestions[0].startswith("customer.password")  # the only error
    assert len(outcome.suggestions) == len(set(outcome.suggestions))


def test_reserved_words_are_quoted_in_suggested_sql():
    outcome = review("CREATE TABLE member (id int PRIMARY KEY);\nCREATE TABLE \"order\" (id int PRIMARY KEY, member_id int REFERENCES member (id), created_at timestamptz DEFAULT now());")
    assert any('CREATE INDEX ON "order" (member_id);' in s for s in outcome.suggestions)


def test_a_clean_design_gets_no_suggestions():
    text = """auth: bearer
```sql
CREATE TABLE member (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE loan (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id bigint NOT NULL REFERENCES member (id),
  status text NOT NULL CHECK (status IN ('open', 'returned')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON loan (member_id);
```
- api: service, Go
- db: database, PostgreSQL
- api -> db: SQL
GET /members/{id}/loans?cursor=
"""
    outcome = review(text)
    assert outcome.findings == []
    assert outcome.suggestions == []


def test_review_plan_carries_the_suggestions_as_its_steps():
    outcome = review(MISTAKES)
    assert [s.id for s in outcome.plan.steps] == [f"S{k}" for k in range(1, len(outcome.suggestions) + 1)]
    first = outcome.plan.steps[0]
    assert (first.title, first.description.split(" ")[0]) == ("customer.password (line 9)", "store")
    plain = suggestions_as_steps(outcome.reading.plan, ["Say how callers authenticate: add auth: bearer."])
    assert plain.steps[0].title == "Say how callers authenticate"


def test_suggestions_without_origin_still_read_well():
    plan = review_design(MISTAKES)
    texts = review_suggestions(plan, [])
    assert any(t.startswith("orders.total: store money") for t in texts)


# --- reviewed designs produce artifacts real tools accept -------------------------------------


@pytest.mark.slow
def test_reviewed_designs_render_ddl_postgresql_applies_and_erds_mermaid_parses(pg, mermaid_check):
    from archnb.render.mermaid import render_architecture, render_erd
    from archnb.render.sql import render_ddl

    plans = [review(text).plan for text in (LIBRARY_ERD, SHOP_DDL, LISTS, MISTAKES)]
    for plan in plans:
        applied = pg.apply(render_ddl(plan))
        assert applied.ok, applied.error
        pg.drop(applied.database)
    diagrams = [render_erd(p) for p in plans] + [render_architecture(p) for p in plans]
    assert [r["error"] for r in mermaid_check(diagrams) if not r["ok"]] == []


@pytest.mark.slow
def test_the_sql_the_students_paste_is_valid_postgresql(pg):
    """The DDL in these tests and in the notebooks' solutions is real SQL, not a dialect."""
    sources = [SHOP_DDL] + [cell_design(t) for t in _notebook_cells("review-solution")]
    for source in sources:
        for block in re.findall(r"```sql\n(.*?)```", source, re.S):
            applied = pg.apply(block)
            assert applied.ok, applied.error
            pg.drop(applied.database)


# --- the notebooks' review exercises --------------------------------------------------------


def _notebook_cells(tag: str) -> list[str]:
    cells = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        cells += [c.source for c in notebook.cells if tag in c.metadata.get("tags", [])]
    return cells


def cell_design(source: str) -> str:
    """Return the design in a `%%architect --review` cell: its body, without the magic line."""
    first, _, body = source.partition("\n")
    assert first.startswith("%%architect") and "--review" in first
    return body


def test_every_review_exercise_has_a_solution():
    exercises, solutions = _notebook_cells("review-exercise"), _notebook_cells("review-solution")
    assert len(exercises) >= 2 and len(exercises) == len(solutions)


@pytest.mark.parametrize("index", [0, 1])
def test_notebook_exercises_contain_the_mistakes_their_hints_promise(index):
    outcome = review(cell_design(_notebook_cells("review-exercise")[index]), first_line=2)
    found = {f.rule for f in outcome.findings}
    promised = [{"REV013", "REV009", "REV003", "DM003", "REV004", "API003"},
                {"REV001", "REV003", "REV013", "DM003", "REV011", "API003", "DM009"}][index]
    assert promised <= found
    assert len(outcome.suggestions) >= 7


@pytest.mark.parametrize("index", [0, 1])
def test_notebook_solutions_leave_nothing_to_fix(index):
    """Not even the skills' checks, chosen from the design as %%architect --review chooses them."""
    design = cell_design(_notebook_cells("review-solution")[index])
    skills = select_skills(design.strip(), load_skills())
    assert skills
    outcome = review(design, skills=skills, first_line=2)
    assert [(f.rule, f.where, f.message) for f in outcome.findings if f.severity != "info"] == []


# --- any text: a plan or a ReviewParseError, never a crash --------------------------------

_FRAGMENTS = sorted(
    set(LIBRARY_ERD.splitlines() + SHOP_DDL.splitlines() + LISTS.splitlines() + MISTAKES.splitlines())
    | {"```", "```sql", "```mermaid", "erDiagram", "flowchart LR", "a --> b[", "}", "{", "(", ")",
       ";", "'", '"', "$$", "/*", "CREATE TABLE x (", "ALTER TABLE t ADD", "CREATE INDEX ON",
       "CREATE TYPE t AS ENUM (", "- x: ", "auth:", "# ", "X ||--o{ ", "POST /a/{", "int 1 PK"}
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=30))
def test_any_text_gives_a_plan_or_a_parse_error(parts):
    text = "\n".join(parts)
    try:
        outcome = review(text)
    except ReviewParseError as err:
        assert err.line is None or 1 <= err.line <= max(1, len(text.splitlines()))
        assert "\n" not in str(err)
    else:
        assert outcome.plan.metadata.mode == "review"


# --- through %%architect --review (the notebook path) ---------------------------------------


def test_review_magic_shows_the_design_with_its_suggestions(ip):
    run = run_in_shell(ip, "%%architect --review --name checked\n" + MISTAKES)
    assert run.error is None, run.stderr
    (record,) = run.plans
    plan = record["data"]["application/vnd.archnb.plan+json"]
    assert plan["metadata"]["mode"] == "review"
    assert {e["name"] for e in plan["data_model"]["entities"]} == {"customer", "orders", "order_item", "review"}
    shown = re.sub(r"\\(.)", r"\1", record["data"]["text/markdown"])
    assert "CREATE INDEX ON orders (customer_id);" in shown
    assert ip.user_ns["checked"].plan.steps  # the suggestions, in order


def test_review_magic_errors_name_the_line_the_student_sees(ip):
    """In a cell, line 1 is the %%architect line; a blank line before the design still counts."""
    cell = "%%architect --review\n\nerDiagram\n  BOOK {\n    title: string\n  }\n"
    run = run_in_shell(ip, cell)
    assert isinstance(run.error, UsageError)
    message = str(run.error)
    assert message.startswith("line 5: ") and "got `title: string`" in message
    assert "\n" not in message and "Traceback" not in run.stderr
