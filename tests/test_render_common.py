"""The renderers' shared readings: the per-render ModelIndex answers exactly as the module
functions do, one_line's fast path changes nothing, documents share no containers, and the
cycle collector is paused only while a renderer runs."""

from __future__ import annotations

import gc
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.strategies import make_plan, plans

from archnb.plan import Api, Architecture, Attribute, DataModel, Endpoint, Entity, TechnicalPlan
from archnb.render.common import (
    ModelIndex,
    column_type,
    join_entities,
    one_line,
    primary_key,
    reference,
    unique_attributes,
    unique_entities,
    without_cycle_collection,
)
from archnb.render.markdown import render_report
from archnb.render.mermaid import render_erd
from archnb.render.openapi import render_openapi, render_openapi_yaml
from archnb.render.sql import render_ddl

_SPACE = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")


def _one_line_by_regex(text: str) -> str:
    """one_line as first written: both regexes, always."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def _names(attributes: list[Attribute]) -> list[str]:
    return [a.name for a in attributes]


def _same_readings(model: DataModel) -> None:
    index = ModelIndex(model)
    assert index.entities == unique_entities(model)
    assert index.join_entities() == join_entities(model)
    for entity in model.entities:
        assert index.entity(entity.name) is model.entity(entity.name)
        assert index.attributes(entity) == unique_attributes(entity)
        assert index.primary_key(entity) == primary_key(entity)
        for attribute in entity.attributes:
            assert index.column_type(attribute) == column_type(model, attribute)
            expected, found = reference(model, attribute), index.reference(attribute)
            assert (found is None) == (expected is None)
            if expected is not None:
                assert found.entity is expected.entity and found.column is expected.column
    assert index.entity("no_such_entity") is None and index.entity(None) is None


@settings(max_examples=60, deadline=None, database=None)
@given(plan=plans(prose=False))
def test_the_index_reads_every_plan_as_the_module_functions_do(plan):
    _same_readings(plan.data_model)


def _shared_attribute_plan() -> TechnicalPlan:
    """One Attribute object in two entities (pydantic keeps model instances as given), as
    the key of one and half the key of the other."""
    shared = Attribute(name="id", type="bigint", primary_key=True, nullable=False)
    code = Attribute(name="code", type="integer", primary_key=True, nullable=False)
    link = Attribute(name="p_id", type="text", foreign_key="p")
    p = Entity(name="p", attributes=[shared, link])
    q = Entity(name="q", attributes=[shared, code, link])
    endpoints = [
        Endpoint(method=method, path=f"/{name}", summary="s", entity=name)
        for name in ("p", "q")
        for method in ("POST", "PATCH")
    ]
    return TechnicalPlan(
        title="t",
        summary="s",
        architecture=Architecture(style="x"),
        data_model=DataModel(entities=[p, q, p]),
        api=Api(endpoints=endpoints),
    )


def test_an_attribute_shared_by_two_entities_is_read_per_entity():
    plan = _shared_attribute_plan()
    p, q = plan.data_model.entities[:2]
    assert p.attributes[0] is q.attributes[0]
    _same_readings(plan.data_model)
    schemas = render_openapi(plan)["components"]["schemas"]
    # p's own generated key is read-only and stays out of its input; q's composite key does not.
    assert schemas["P"]["properties"]["id"].get("readOnly") is True
    assert "readOnly" not in schemas["Q"]["properties"]["id"]
    assert "id" not in schemas["PInput"]["properties"]
    assert "id" in schemas["QInput"]["properties"]


TIDY_OR_NOT = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000\x00\x7f\ud800"),
    )
)


@settings(max_examples=300, deadline=None, database=None)
@given(text=TIDY_OR_NOT)
def test_one_line_fast_path_gives_what_the_regexes_give(text):
    assert one_line(text) == _one_line_by_regex(text)


def test_one_line_treats_every_character_as_the_regexes_do():
    for code_point in range(0x3100):  # ASCII, Latin-1, every space and separator, and more
        char = chr(code_point)
        for text in (char, f" {char} ", f"a{char}b", f"a {char}  b"):
            assert one_line(text) == _one_line_by_regex(text), hex(code_point)


def _shared_containers(document: object) -> int:
    seen: set[int] = set()
    repeats = 0
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:
                repeats += 1
                continue
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
    return repeats


def test_the_openapi_document_shares_no_dict_or_list():
    # Should a renderer ever reuse a built schema, a consumer changing one place of the
    # document (or dumping it with PyYAML, which would write anchors) must see no others.
    plan = make_plan(
        data_model={
            "entities": [
                {
                    "name": "order",
                    "attributes": [
                        {"name": "id", "type": "bigint", "primary_key": True},
                        {"name": "tags", "type": "text[]", "choices": ["a", "b"]},
                        {"name": "embedding", "type": "vector(3)"},
                        {"name": "state", "choices": ["new", "paid"], "description": "d"},
                    ],
                }
            ]
        },
        api={
            "endpoints": [
                {"method": method, "path": path, "summary": "s", "entity": "order"}
                for method, path in [("POST", "/orders"), ("PATCH", "/orders/{id}"),
                                     ("PUT", "/orders/{id}"), ("GET", "/orders/{id}")]
            ]
        },
    )
    assert _shared_containers(render_openapi(plan)) == 0
    assert _shared_containers(render_openapi(_shared_attribute_plan())) == 0


def test_renderers_leave_the_cycle_collector_as_they_found_it():
    plan = _shared_attribute_plan()
    renderers = (render_ddl, render_erd, render_openapi, render_openapi_yaml, render_report)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            for render in renderers:
                render(plan)
                assert gc.isenabled() is enabled, render.__name__
        finally:
            gc.enable()

    @without_cycle_collection
    def failing() -> None:
        assert not gc.isenabled()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing()
    assert gc.isenabled()
