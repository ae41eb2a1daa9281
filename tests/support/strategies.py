"""Hypothesis strategies for TechnicalPlan: valid plans with hostile text everywhere.

Every free-text field may carry Mermaid directives and entity codes, SQL and HTML
injection attempts, comment delimiters, newlines, backticks, pipes, braces and
non-ASCII text. Names lean on SQL reserved words and Mermaid keywords. The data model
has random foreign keys (self references, cycles, references to missing entities),
join tables and declared relationships. Column types never include vector(n): the
PostgreSQL on the test machines has no pgvector.
"""

from __future__ import annotations

from functools import cache
from typing import get_args

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from archnb.plan import Attribute, ComponentKind, TechnicalPlan, to_identifier


def render_settings(examples: int = 50) -> settings:
    """Settings for renderer property tests: modest example counts, no deadline (each
    example talks to Node or PostgreSQL), no example database left in the work tree, and
    no shrinking: a whole plan shrinks for many minutes, while the first failing plan,
    printed in full, already shows the problem."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


HOSTILE = [
    '%%{init: {"theme":"dark"}}%%',
    "%%{ init: { 'securityLevel': 'loose' } }%%",
    "%% comment",
    "#quot;",
    "#35;#lt;",
    '"; DROP TABLE x; --',
    "'); DROP TABLE users; --",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "</div><iframe src=javascript:alert(1)>",
    "<!-- hidden -->",
    "*/ DROP TABLE x; /*",
    "line one\nline two",
    "\r\n\\! rm -rf /\n",
    "\\gexec",
    "`code` and ```fence```",
    "```mermaid\nflowchart LR\n```",
    "a | b || c",
    "} { ] [ ) (",
    "{{template}}",
    "style n0 fill:#f00;",
    "classDef x fill:#fff;",
    "click n0 call alert()",
    "end",
    "subgraph",
    "-->|x|",
    "[link](javascript:alert(1))",
    "![img](http://x/y.png)",
    "&amp; &lt; &#60;",
    "50% done; 100%",
    "# heading\n---\ntitle: x\n---",
    "$$x$$ and $(whoami)",
    "naïve café 日本語 😀 עברית",
    "\u2028\u2029\x0b\x0c\x85",
    "tab\there",
    "nul\x00byte",
    "back\\slash\\",
    "'single' \"double\"",
    "",
    " ",
]

WORDS = [
    "user",
    "order",
    "group",
    "table",
    "select",
    "from",
    "where",
    "limit",
    "check",
    "default",
    "index",
    "primary",
    "end",
    "style",
    "class",
    "one",
    "many",
    "to",
    "pk",
    "fk",
    "uk",
    "id",
    "graph",
    "subgraph",
    "all",
    "column",
    "constraint",
    "references",
    "Order Item",
    "user-profile",
    "OrderLine",
    "1st place",
    "naïve name",
    "tag",
    "product",
    "invoice",
    "payment",
    "account",
    "team",
    "member",
    "document",
    "event",
    "a",
    "x_pk",
    "status",
    "created_at",
    "name",
]

SIMPLE_TYPES = [
    "text",
    "varchar(80)",
    "char(2)",
    "smallint",
    "integer",
    "bigint",
    "numeric(12,2)",
    "numeric(12, 2)",
    "real",
    "double precision",
    "boolean",
    "date",
    "time",
    "timestamptz",
    "timestamp",
    "interval",
    "uuid",
    "jsonb",
    "bytea",
    "inet",
    "tsvector",
]
ARRAY_TYPES = ["text[]", "integer[]", "uuid[]", "double precision[]", "jsonb[]"]
KEY_TYPES = ["bigint", "integer", "uuid", "text", "varchar(40)"]
# The model's own literals, so a kind or default added to plan.py is generated too.
DEFAULTS = [None, *get_args(get_args(Attribute.model_fields["default"].annotation)[0])]
COMPONENT_KINDS = list(get_args(ComponentKind))


@cache
def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text that tries to break out of whatever artifact it lands in."""
    fixed = st.sampled_from(HOSTILE)
    free = st.text(max_size=max_size)
    return st.one_of(fixed, free, st.tuples(fixed, free, fixed).map("".join))


@cache
def names() -> st.SearchStrategy[str]:
    """Raw names a person might type: reserved words, keywords, camel case, spaces."""
    word = st.sampled_from(WORDS)
    return st.one_of(word, st.tuples(word, word).map(" ".join))


@cache
def identifier_list(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    """Distinct names that stay distinct after the plan's snake_case normalisation."""
    return st.lists(names(), min_size=min_size, max_size=max_size, unique_by=to_identifier).map(
        lambda items: [to_identifier(i) for i in items]
    )


@cache
def texts(max_size: int = 4) -> st.SearchStrategy[list[str]]:
    return st.lists(hostile_text(), max_size=max_size)


@cache
def requirement_ids() -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.tuples(st.sampled_from(["FR", "NFR"]), st.integers(1, 5)).map(
            lambda t: f"{t[0]}-{t[1]:03d}"
        ),
        max_size=2,
        unique=True,
    )


@st.composite
def attributes(draw, entity_names: list[str]) -> list[dict]:
    """A key (single, composite or none) and further columns, some of them foreign keys."""
    targets = st.sampled_from([*entity_names, "ghost_entity"])
    key_style = draw(st.sampled_from(["id", "uuid", "composite", "none", "fk"]))
    attrs: list[dict] = []
    if key_style == "id":
        attrs.append(
            {
                "name": "id",
                "type": draw(st.sampled_from(KEY_TYPES)),
                "primary_key": True,
                "nullable": False,
            }
        )
    elif key_style == "uuid":
        attrs.append(
            {
                "name": "id",
                "type": "uuid",
                "primary_key": True,
                "nullable": False,
                "default": "random_uuid",
            }
        )
    elif key_style in ("composite", "fk"):
        count = 2 if key_style == "composite" else 1
        for index in range(count):
            attrs.append(
                {
                    "name": f"key_{index}_id",
                    "type": draw(st.sampled_from(KEY_TYPES)),
                    "primary_key": True,
                    "nullable": False,
                    "foreign_key": draw(targets),
                }
            )
    for name in draw(identifier_list(0, 6)):
        if any(a["name"] == name for a in attrs):
            continue
        attrs.append(draw(column(name, targets)))
    return attrs


@st.composite
def column(draw, name: str, targets: st.SearchStrategy[str]) -> dict:
    """One non-key column with random flags, default, choices and maybe a foreign key."""
    kind = draw(st.sampled_from(SIMPLE_TYPES + ARRAY_TYPES))
    data = {
        "name": name,
        "type": kind,
        "unique": draw(st.booleans()),
        "nullable": draw(st.booleans()),
        "indexed": draw(st.booleans()),
        "default": draw(st.sampled_from(DEFAULTS)),
        "description": draw(hostile_text()),
    }
    if draw(st.integers(0, 3)) == 0:
        data["foreign_key"] = draw(targets)
    if draw(st.integers(0, 3)) == 0:
        data["choices"] = draw(
            st.lists(st.one_of(hostile_text(12), st.integers(-5, 99).map(str)), max_size=4)
        )
    return data


@st.composite
def data_models(draw) -> dict:
    """Entities with random keys, columns and FKs, plus declared relationships."""
    entity_names = draw(identifier_list(0, 5))
    entities = []
    for name in entity_names:
        entity = {
            "name": name,
            "description": draw(hostile_text()),
            "attributes": draw(attributes(entity_names)),
        }
        columns = [a["name"] for a in entity["attributes"]]
        if len(columns) >= 2 and draw(st.booleans()):
            entity["unique_together"] = [
                draw(st.lists(st.sampled_from(columns), min_size=2, max_size=3))
            ]
        entities.append(entity)
    known = [*entity_names, "ghost_entity"]
    relationships = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "source": st.sampled_from(known),
                    "target": st.sampled_from(known),
                    "cardinality": st.sampled_from(["one-to-one", "one-to-many", "many-to-many"]),
                    "label": hostile_text(),
                    "via": st.one_of(st.none(), st.sampled_from(known)),
                }
            ),
            max_size=4,
        )
    )
    return {"entities": entities, "relationships": relationships}


@st.composite
def architectures(draw) -> dict:
    ids = draw(identifier_list(0, 7))
    components = [
        {
            "id": cid,
            "name": draw(hostile_text()),
            "kind": draw(st.sampled_from(COMPONENT_KINDS)),
            "responsibility": draw(hostile_text()),
            "technology": draw(hostile_text()),
            "serves": draw(requirement_ids()),
        }
        for cid in ids
    ]
    ends = st.sampled_from([*ids, "nowhere"])
    connections = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "source": ends,
                    "target": ends,
                    "label": hostile_text(),
                    "protocol": hostile_text(12),
                    "mode": st.sampled_from(["sync", "async"]),
                }
            ),
            max_size=8,
        )
    )
    return {
        "style": draw(hostile_text()),
        "summary": draw(hostile_text()),
        "components": components,
        "connections": connections,
    }


_SEGMENTS = ["items", "users", "v2", "order-lines", "a.b", "~me", "search:run"]


@st.composite
def url_paths(draw) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_SEGMENTS),
                st.sampled_from(["id", "user_id", "orderId", "slug"]).map(lambda p: "{" + p + "}"),
            ),
            max_size=4,
        )
    )
    return "/" + "/".join(parts)


@st.composite
def apis(draw, entity_names: list[str]) -> dict:
    maybe_entity = st.one_of(st.none(), st.sampled_from([*entity_names, "ghost_entity"]))
    endpoints = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "method": st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]),
                    "path": url_paths(),
                    "summary": hostile_text(),
                    "operation_id": st.one_of(
                        st.none(), st.sampled_from(["get_item", "list", "Do It"])
                    ),
                    "entity": maybe_entity,
                    "request": st.lists(
                        st.sampled_from(["id", "name", "status", "user_id", "x"]), max_size=3
                    ),
                    "response": st.sampled_from(["entity", "list", "none", "accepted"]),
                    "auth_required": st.booleans(),
                    "paginated": st.booleans(),
                    "idempotent": st.booleans(),
                    "serves": requirement_ids(),
                }
            ),
            max_size=6,
        )
    )
    return {
        "style": "REST",
        "base_path": draw(st.sampled_from(["/api/v1", "/", "/v2/{tenant}", "/a-b/c.d"])),
        "auth_scheme": draw(st.sampled_from(["bearer", "api_key", "oauth2", "session", "none"])),
        "endpoints": endpoints,
    }


@st.composite
def prose_parts(draw) -> dict:
    """Everything that is only words: requirements, decisions, stack, qualities, steps."""
    text = hostile_text()
    return {
        "assumptions": draw(texts()),
        "requirements": [
            {
                "id": rid,
                "kind": "functional" if rid.startswith("FR") else "non_functional",
                "text": draw(text),
                "source": draw(text),
                "metric": draw(st.one_of(st.none(), text)),
                "target": draw(st.one_of(st.none(), st.floats(0, 1e6))),
                "unit": draw(text),
            }
            for rid in draw(requirement_ids())
        ],
        "open_questions": [
            {
                "id": f"Q{i + 1}",
                "question": draw(text),
                "why_it_matters": draw(text),
                "assumption": draw(text),
                "options": draw(texts(2)),
                "affects": ["D-001"],
            }
            for i in range(draw(st.integers(0, 2)))
        ],
        "decisions": [
            {
                "id": f"D-00{i + 1}",
                "title": draw(text),
                "context": draw(text),
                "options": [{"name": draw(text), "pros": draw(texts(2)), "cons": draw(texts(2))}],
                "choice": draw(text),
                "rationale": draw(text),
                "consequences": draw(texts(2)),
                "serves": draw(requirement_ids()),
                "source_skill": draw(st.one_of(st.none(), text)),
            }
            for i in range(draw(st.integers(0, 2)))
        ],
        "stack": [
            {
                "layer": draw(text),
                "choice": draw(text),
                "rationale": draw(text),
                "alternatives": draw(texts(2)),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "scalability": {
            "caching": draw(texts(2)),
            "queues": draw(texts(2)),
            "notes": draw(texts(2)),
        },
        "security": {
            "authentication": draw(text),
            "authorization": draw(text),
            "data_protection": draw(texts(2)),
            "threats": [{"threat": draw(text), "mitigation": draw(text)}],
            "compliance": draw(texts(1)),
        },
        "observability": {
            "logs": draw(text),
            "metrics": draw(texts(2)),
            "tracing": draw(text),
            "alerts": draw(texts(1)),
            "slos": draw(texts(1)),
        },
        "capacity": {
            "rows": [
                {
                    "metric": draw(text),
                    "value": draw(st.floats(0, 1e9)),
                    "unit": draw(text),
                    "formula": draw(text),
                }
            ],
            "costs": [
                {
                    "item": draw(text),
                    "monthly_usd": draw(st.floats(0, 1e5)),
                    "assumption": draw(text),
                }
            ],
            "monthly_cost_usd": draw(st.floats(0, 1e5)),
            "assumptions": draw(texts(1)),
        },
        "steps": [
            {
                "id": f"S{i + 1}",
                "title": draw(text),
                "description": draw(text),
                "depends_on": [f"S{i}"] if i else [],
                "deliverables": draw(texts(2)),
                "serves": draw(requirement_ids()),
            }
            for i in range(draw(st.integers(0, 3)))
        ],
        "risks": [
            {"risk": draw(text), "likelihood": "high", "impact": "low", "mitigation": draw(text)}
        ],
    }


@st.composite
def plans(draw, prose: bool = True) -> TechnicalPlan:
    """A valid TechnicalPlan (it passes the model) with hostile text in every free field.

    With prose=False the word-only parts (requirements, decisions, qualities, steps) stay
    empty: cheaper to draw for renderers that never show them.
    """
    data_model = draw(data_models())
    entity_names = [e["name"] for e in data_model["entities"]]
    plan = TechnicalPlan.model_validate(
        {
            "title": draw(hostile_text()),
            "summary": draw(hostile_text()),
            "brief": draw(hostile_text(80)) if prose else "",
            **(draw(prose_parts()) if prose else {}),
            "architecture": draw(architectures()),
            "data_model": data_model,
            "api": draw(apis(entity_names)),
            "metadata": {
                "engine": draw(st.sampled_from(["offline", "llm"])),
                "model": draw(st.one_of(st.none(), hostile_text(20))),
                "skills_used": draw(texts(2)),
                "parent_id": draw(st.one_of(st.none(), hostile_text(12))),
            },
        }
    )
    return plan.with_id()


def make_plan(**parts) -> TechnicalPlan:
    """Return a small hand-built plan: a title, a summary and an empty architecture, plus
    `parts` (plain dicts as in plan.json), e.g. make_plan(data_model={"entities": [...]})."""
    data = {
        "title": "Hand-built plan",
        "summary": "A plan built by a test.",
        "architecture": {"style": "modular monolith"},
    }
    data.update(parts)
    return TechnicalPlan.model_validate(data).with_id()


def entity(name: str, *attributes: dict, **extra) -> dict:
    """Return entity data with a bigint id key first (unless a given attribute is a key)."""
    attrs = list(attributes)
    if not any(a.get("primary_key") for a in attrs):
        attrs.insert(0, {"name": "id", "type": "bigint", "primary_key": True, "nullable": False})
    return {"name": name, "attributes": attrs, **extra}


@cache
def findings() -> st.SearchStrategy[list]:
    """Lint findings with hostile rule ids, places, messages and hints."""
    from archnb.plan import Finding

    return st.lists(
        st.builds(
            Finding,
            rule=st.one_of(
                st.sampled_from(["ARCH001", "designing-apis/idempotency"]), hostile_text(12)
            ),
            severity=st.sampled_from(["info", "warning", "error", "critical"]),
            message=hostile_text(),
            where=hostile_text(12),
            hint=hostile_text(),
        ),
        max_size=4,
    )
