"""The architecture flowchart and the ERD, checked by Mermaid's own parser (the version
JupyterLab bundles), including what Mermaid read: node labels, edges, entities."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from support.strategies import entity, make_plan, plans, render_settings

from archnb.render.common import column_type, one_line, reference, unique_attributes
from archnb.render.mermaid import erd_note, label, render_architecture, render_erd

pytestmark = pytest.mark.slow

HOSTILE_NAME = '%%{init: {"theme":"dark"}}%% <img src=x onerror=alert(1)> & "quoted" #35; `x`'


SAFE_LABEL = re.compile(r'^(?:[^"%<>&`$#:~{}\n\r]|#\w+;)*$')


def assert_labels_are_inert(source: str) -> None:
    """No directive anywhere; every quoted label holds no syntax, HTML or line break."""
    assert "%%" not in source
    for quoted in re.findall(r'"([^"]*)"', source):
        assert SAFE_LABEL.match(quoted), quoted


def parsed(mermaid_check, source: str) -> dict:
    [result] = mermaid_check([source], details=True)
    assert result["ok"], f"{result['error']}\n{source}"
    return result["details"]


# --- properties over generated plans ------------------------------------------------------


@render_settings(50)
@given(plan=plans(prose=False))
def test_architecture_parses_and_mermaid_reads_every_label_as_written(plan, mermaid_check):
    source = render_architecture(plan)
    assert_labels_are_inert(source)
    details = parsed(mermaid_check, source)

    components = plan.architecture.components
    nodes = {n["id"]: n["text"] for n in details["nodes"]}
    if components:
        assert len(nodes) == len(components)
    for index, component in enumerate(components):
        shown = nodes[f"n{index}"]
        assert shown.startswith(one_line(component.name) or component.id)
        assert one_line(component.technology) in shown

    first_node = {}
    for index, component in enumerate(components):
        first_node.setdefault(component.id, f"n{index}")
    drawn = [
        c
        for c in plan.architecture.connections
        if c.source in first_node and c.target in first_node
    ]
    assert len(details["edges"]) == len(drawn)
    for connection, edge in zip(drawn, details["edges"], strict=True):
        assert (edge["start"], edge["end"]) == (
            first_node[connection.source],
            first_node[connection.target],
        )
        assert edge["stroke"] == ("dotted" if connection.mode == "async" else "normal")
        assert one_line(connection.label) in edge["text"]
        assert one_line(connection.protocol) in edge["text"]


@render_settings(50)
@given(plan=plans(prose=False))
def test_erd_parses_and_mermaid_reads_entities_keys_and_comments(plan, mermaid_check):
    source = render_erd(plan)
    assert_labels_are_inert(source)
    details = parsed(mermaid_check, source)
    model = plan.data_model

    read = {e["name"]: e for e in details["entities"]}
    for item in model.entities:
        attributes = read[item.name]["attributes"]
        expected = unique_attributes(item)
        assert [a["name"].removesuffix("_") for a in attributes] == [a.name for a in expected]
        for shown, attribute in zip(attributes, expected, strict=True):
            assert " " not in shown["type"]
            single_token = column_type(model, attribute).replace(", ", ",").replace(" ", "_")
            assert shown["type"] == single_token
            assert ("PK" in shown["keys"]) == attribute.primary_key
            assert ("FK" in shown["keys"]) == bool(attribute.foreign_key)
            assert erd_note(attribute.description) in shown["comment"]

    fk_links = [
        (a.foreign_key, e.name, a.name)
        for e in model.entities
        for a in unique_attributes(e)
        if reference(model, a)
    ]
    seen = [(r["a"], r["b"], r["label"]) for r in details["relationships"]]
    for link in fk_links:
        assert link in seen
    names = {e.name for e in model.entities}
    assert {r["a"] for r in details["relationships"]} <= names
    assert {r["b"] for r in details["relationships"]} <= names


# --- examples -------------------------------------------------------------------------


def test_a_broken_diagram_is_reported_by_the_checker(mermaid_check):
    results = mermaid_check(['flowchart LR\n  n0[""]\n', "erDiagram\n  a {\n    text pk\n  }\n"])
    assert [r["ok"] for r in results] == [False, False]
    assert all(r["error"] for r in results)


def test_shapes_and_arrows_follow_component_kinds_and_connection_modes(mermaid_check):
    plan = make_plan(
        architecture={
            "style": "services",
            "components": [
                {"id": "web", "name": "Web app", "kind": "client", "responsibility": "UI"},
                {
                    "id": "api",
                    "name": "API",
                    "kind": "service",
                    "responsibility": "logic",
                    "technology": "FastAPI",
                },
                {"id": "db", "name": "Orders DB", "kind": "database", "responsibility": "data"},
                {"id": "jobs", "name": "Jobs", "kind": "queue", "responsibility": "work"},
            ],
            "connections": [
                {"source": "web", "target": "api", "label": "calls", "protocol": "HTTPS"},
                {"source": "api", "target": "db", "label": "reads", "protocol": "SQL"},
                {
                    "source": "api",
                    "target": "jobs",
                    "label": "enqueues",
                    "protocol": "AMQP",
                    "mode": "async",
                },
                {"source": "api", "target": "missing", "label": "dropped"},
            ],
        }
    )
    source = render_architecture(plan)
    assert source.startswith("flowchart LR\n")
    details = parsed(mermaid_check, source)
    shapes = {n["text"]: n["shape"] for n in details["nodes"]}
    assert shapes == {
        "Web app": "stadium",
        "API (FastAPI)": "square",
        "Orders DB": "cylinder",
        "Jobs": "odd",
    }
    edges = [(e["start"], e["end"], e["stroke"], e["text"]) for e in details["edges"]]
    assert edges == [
        ("n0", "n1", "normal", "calls [HTTPS]"),
        ("n1", "n2", "normal", "reads [SQL]"),
        ("n1", "n3", "dotted", "enqueues [AMQP]"),
    ]
    titles = {g["title"]: g["nodes"] for g in details["subgraphs"]}
    assert titles["Data"] == ["n2", "n3"]


def test_a_hostile_component_name_is_shown_literally_and_injects_nothing(mermaid_check):
    plan = make_plan(
        architecture={
            "style": "x",
            "components": [
                {
                    "id": "end",
                    "name": HOSTILE_NAME + "\nsubgraph evil",
                    "kind": "service",
                    "responsibility": "r",
                    "technology": "click n0 call alert()",
                },
                {
                    "id": "subgraph",
                    "name": "style n0 fill:#f00;",
                    "kind": "database",
                    "responsibility": "r",
                },
            ],
            "connections": [
                {"source": "end", "target": "subgraph", "label": "a|b]-->c", "protocol": "%%"}
            ],
        }
    )
    source = render_architecture(plan)
    details = parsed(mermaid_check, source)
    texts = [n["text"] for n in details["nodes"]]
    assert texts == [
        one_line(HOSTILE_NAME + "\nsubgraph evil") + " (click n0 call alert())",
        "style n0 fill:#f00;",
    ]
    assert [e["text"] for e in details["edges"]] == ["a|b]-->c [%%]"]
    assert [g["title"] for g in details["subgraphs"]] == ["Services", "Data"]
    assert "<img" not in source and "%%{" not in source


def test_label_encodes_what_mermaid_or_html_would_read_as_syntax():
    assert label('50% <b>&"x"#1;`:$') == "50#37; #lt;b#gt;#amp;#quot;x#quot;#35;1;#96;#58;#36;"
    assert label("~T~ {x}") == "#126;T#126; #123;x#125;"
    assert label("two\nlines\r\n\tand\u2028more") == "two lines and more"


def test_an_empty_plan_still_gives_diagrams_mermaid_accepts(mermaid_check):
    plan = make_plan()
    results = mermaid_check([render_architecture(plan), render_erd(plan)])
    assert [r["ok"] for r in results] == [True, True]


def test_erd_draws_a_many_to_many_through_its_join_table(mermaid_check):
    plan = make_plan(
        data_model={
            "entities": [
                entity("student", {"name": "name", "nullable": False}),
                entity("course", {"name": "title"}),
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
                        {"name": "grade", "type": "char(2)"},
                    ],
                },
            ],
            "relationships": [
                {
                    "source": "student",
                    "target": "course",
                    "cardinality": "many-to-many",
                    "via": "enrollment",
                    "label": "enrols in",
                }
            ],
        }
    )
    details = parsed(mermaid_check, render_erd(plan))
    links = {(r["a"], r["b"]): r["spec"] for r in details["relationships"]}
    assert set(links) == {("student", "enrollment"), ("course", "enrollment")}
    for spec in links.values():
        assert spec == {"cardA": "ZERO_OR_MORE", "relType": "IDENTIFYING", "cardB": "ONLY_ONE"}
    keys = {
        a["name"]: a["keys"]
        for e in details["entities"]
        if e["name"] == "enrollment"
        for a in e["attributes"]
    }
    assert keys == {"student_id": ["PK", "FK"], "course_id": ["PK", "FK"], "grade": []}


def test_erd_cardinality_reflects_nullable_unique_and_declared_relationships(mermaid_check):
    plan = make_plan(
        data_model={
            "entities": [
                entity("user"),
                entity(
                    "profile",
                    {
                        "name": "user_id",
                        "type": "bigint",
                        "foreign_key": "user",
                        "unique": True,
                        "nullable": False,
                    },
                ),
                entity("order", {"name": "user_id", "type": "bigint", "foreign_key": "user"}),
                entity("group"),
            ],
            "relationships": [
                {"source": "user", "target": "order", "cardinality": "one-to-many"},
                {"source": "group", "target": "user", "cardinality": "many-to-many"},
                {"source": "user", "target": "nowhere", "cardinality": "one-to-one"},
            ],
        }
    )
    details = parsed(mermaid_check, render_erd(plan))
    # Mermaid's cardA is the mark at the second entity's end, cardB at the first's.
    specs = {(r["a"], r["b"], r["label"]): r["spec"] for r in details["relationships"]}
    assert specs == {
        ("user", "profile", "user_id"): {
            "cardA": "ZERO_OR_ONE",
            "relType": "NON_IDENTIFYING",
            "cardB": "ONLY_ONE",
        },
        ("user", "order", "user_id"): {
            "cardA": "ZERO_OR_MORE",
            "relType": "NON_IDENTIFYING",
            "cardB": "ZERO_OR_ONE",
        },
        ("group", "user", "many-to-many"): {
            "cardA": "ZERO_OR_MORE",
            "relType": "IDENTIFYING",
            "cardB": "ZERO_OR_MORE",
        },
    }


def test_erd_types_and_keyword_names_become_single_tokens(mermaid_check):
    plan = make_plan(
        data_model={
            "entities": [
                entity(
                    "one",
                    {"name": "pk", "type": "double precision", "description": "a <b> c"},
                    {"name": "price", "type": "numeric(12, 2)"},
                    {"name": "tags", "type": "text[]"},
                    {"name": "user_id", "type": "text", "foreign_key": "style"},
                ),
                entity("style", {"name": "to", "type": "varchar(80)"}),
            ]
        }
    )
    details = parsed(mermaid_check, render_erd(plan))
    attributes = {a["name"]: a for e in details["entities"] for a in e["attributes"]}
    assert attributes["pk_"]["type"] == "double_precision"
    assert attributes["pk_"]["comment"] == "column pk; a <b> c"
    assert attributes["price"]["type"] == "numeric(12,2)"
    assert attributes["tags"]["type"] == "text[]"
    assert attributes["user_id"]["type"] == "bigint"  # the type of style.id it references
    assert not attributes["user_id"].get("comment")  # the relationship line shows it
    assert attributes["to"]["type"] == "varchar(80)"


def test_long_descriptions_are_shortened_in_the_erd_only():
    long = "The customer's preferred delivery address, validated against the postal register"
    plan = make_plan(
        data_model={"entities": [entity("customer", {"name": "address", "description": long})]}
    )
    erd = render_erd(plan)
    assert erd_note(long) in erd and long not in erd and len(erd_note(long)) <= 32


def test_tildes_and_a_cut_directive_in_a_column_comment_still_parse(mermaid_check):
    # Hypothesis found this one: inside an entity block Mermaid reads "~x~" as a generic
    # type, even in a quoted comment, and the whole ERD failed to parse.
    hostile = "endNi~PaM~%%{ init: { 'securityLevel': 'loose' } }%%"
    plan = make_plan(
        data_model={
            "entities": [
                entity("user", {"name": "nick", "description": hostile}),
                entity("group", {"name": "motto", "description": "~~"}),
            ],
            "relationships": [
                {
                    "source": "group",
                    "target": "user",
                    "cardinality": "many-to-many",
                    "label": '%%{init: {"theme":"dark"}}%% ~x~',
                }
            ],
        }
    )
    source = render_erd(plan)
    assert_labels_are_inert(source)
    details = parsed(mermaid_check, source)
    comments = {a["name"]: a["comment"] for e in details["entities"] for a in e["attributes"]}
    assert comments["nick"] == erd_note(hostile)
    assert comments["nick"].startswith("endNi~PaM~%%{ init")
    assert comments["motto"] == "~~"
    [relationship] = details["relationships"]
    assert relationship["label"] == '%%{init: {"theme":"dark"}}%% ~x~'
