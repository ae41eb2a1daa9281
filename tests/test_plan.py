"""The plan model: names become safe identifiers, types are PostgreSQL's, ids are checked."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from support.corpus import load_corpus
from support.sample import sample_plan

from archnb.plan import (
    Attribute,
    CapacityRow,
    Endpoint,
    Entity,
    Requirement,
    TechnicalPlan,
    Usage,
    to_identifier,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("OrderItem", "order_item"),
        ("Order Item", "order_item"),
        ("  user  ", "user"),
        ('"; DROP TABLE x; --', "drop_table_x"),
        ("2fa codes", "n_2fa_codes"),
        ("x" * 80, "x" * 63),
    ],
)
def test_names_become_snake_case_identifiers(raw, expected):
    assert to_identifier(raw) == expected


def test_a_name_without_letters_is_rejected_with_the_reason():
    with pytest.raises(ValidationError, match="no letters or digits"):
        Entity(name="%%%")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("INT", "integer"), ("string", "text"), ("Timestamp With Time Zone", "timestamptz"),
     ("numeric(12, 2)", "numeric(12, 2)"), ("money", "numeric(12,2)"), ("uuid[]", "uuid[]")],
)
def test_types_are_normalised(raw, expected):
    assert Attribute(name="a", type=raw).type == expected


@pytest.mark.parametrize(
    "raw", ["text; DROP TABLE x", "varchar(0)", "numeric(2,5)", "serial primary key", "geometry"]
)
def test_types_outside_the_allow_list_are_rejected(raw):
    with pytest.raises(ValidationError, match="PostgreSQL type|scale"):
        Attribute(name="a", type=raw)


def test_requirement_ids_and_paths_are_checked():
    with pytest.raises(ValidationError, match="FR-001"):
        Requirement(id="R1", kind="functional", text="x")
    with pytest.raises(ValidationError, match="URL path"):
        Endpoint(method="GET", path="books; rm -rf", summary="x")
    with pytest.raises(ValidationError):
        Endpoint(method="GET", path="/a//b", summary="x")


@pytest.mark.parametrize("raw", ["FR-001\n", "NFR-002\n"])
def test_a_requirement_id_with_a_final_newline_is_rejected(raw):
    # '$' also matches before a final newline: the id would be stored with it and no
    # requirement's `serves` would ever match it.
    with pytest.raises(ValidationError, match="FR-001"):
        Requirement(id=raw, kind="functional", text="x")


def test_a_path_with_a_final_newline_is_rejected():
    with pytest.raises(ValidationError, match="URL path"):
        Endpoint(method="GET", path="/books\n", summary="x")


def test_unknown_fields_are_errors_so_typos_surface():
    data = sample_plan().model_dump()
    data["architecture"]["componets"] = []
    with pytest.raises(ValidationError, match="componets"):
        TechnicalPlan.model_validate(data)


def test_plan_json_is_canonical_and_round_trips():
    plan = sample_plan()
    text = plan.to_json()
    assert text.endswith("}\n") and text.startswith('{\n  "plan_id"')
    assert TechnicalPlan.from_json(text).to_json() == text


def test_plan_id_changes_with_content_only():
    plan = sample_plan()
    same = plan.model_copy(deep=True).with_id()
    assert same.plan_id == plan.plan_id
    changed = plan.model_copy(update={"title": "Library v2"}).with_id()
    assert changed.plan_id != plan.plan_id


def _reference_json(plan: TechnicalPlan) -> str:
    """plan.json as defined: json.dumps of the JSON-mode dump (to_json takes a faster road)."""
    return json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


FLOATS = st.one_of(
    st.floats(),  # any float: tiny, huge, infinite, NaN, -0.0
    st.sampled_from([0.0, -0.0, 1e-4, 9.999999999999999e-05, 1e-05, 1e16, 1e22, 0.1 + 0.2]),
)
TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["\x00\x08\x0c\x1f\x7f\x85\u2028", "é ✓ 𝄞"]))


@settings(max_examples=200, deadline=None, database=None)
@given(
    values=st.lists(FLOATS, min_size=1, max_size=4),
    target=st.one_of(st.none(), FLOATS),
    cost=st.one_of(st.none(), FLOATS),
    text=TEXT,
    tokens=st.integers(0, 10**30),
)
def test_plan_json_is_exactly_what_json_dumps_writes(values, target, cost, text, tokens):
    plan = sample_plan().model_copy(deep=True)
    plan.title = text
    plan.requirements[0].target = target
    plan.capacity.rows = [
        CapacityRow(metric=text, value=value, unit="u", formula="f") for value in values
    ]
    plan.capacity.monthly_cost_usd = values[0]
    plan.metadata.usage = Usage(prompt_tokens=tokens, cost_usd=cost)
    assert plan.to_json() == _reference_json(plan)


def test_plan_json_keeps_text_pydantic_cannot_encode():
    plan = sample_plan().model_copy(update={"summary": "lone \ud800 surrogate"})
    assert plan.to_json() == _reference_json(plan)
    assert "\ud800" in plan.to_json()


def test_plan_json_of_a_large_engine_plan_is_exactly_what_json_dumps_writes():
    from archnb import architect

    plan = architect(load_corpus()[0].text).plan
    assert plan.to_json() == _reference_json(plan)
