"""The OpenAPI 3.1 draft, checked by openapi-spec-validator and read back from YAML."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from hypothesis import given
from openapi_spec_validator import validate
from support.strategies import entity, make_plan, plans, render_settings

from archnb.render.common import one_line
from archnb.render.openapi import path_template, render_openapi, render_openapi_yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same YAML, read faster
METHODS = ("get", "put", "post", "delete", "patch")


def operations(doc: dict):
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(doc: dict, node: dict) -> dict:
    while "$ref" in node:
        *_, section, name = node["$ref"].split("/")
        node = doc["components"][section][name]
    return node


# --- properties over generated plans ----------------------------------------------------


@render_settings(30)
@given(plan=plans(prose=False))
def test_every_plan_gives_a_valid_openapi_31_document(plan):
    doc = render_openapi(plan)
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert yaml.load(render_openapi_yaml(plan), Loader=FAST_LOADER) == doc
    assert doc["info"]["title"] == (one_line(plan.title) or "Untitled plan")

    ids = [op["operationId"] for _, _, op in operations(doc)]
    assert len(ids) == len(set(ids))
    for path, _, op in operations(doc):
        declared = {p["name"] for p in op.get("parameters", []) if p.get("in") == "path"}
        assert declared == set(re.findall(r"\{([^{}]+)\}", path))
        assert all(resolve(doc, r) for r in op["responses"].values())
    first: dict[tuple[str, str], bool] = {}
    for e in plan.api.endpoints:  # a repeated method on a path: the first one stands
        first.setdefault((e.method.lower(), path_template(e.path)[0]), e.auth_required)
    for path, method, op in operations(doc):
        if not first[(method, path)]:
            assert op["security"] == []
        elif plan.api.auth_scheme != "none":
            assert op["security"] and op["security"][0]


# --- examples ---------------------------------------------------------------------------


def shop_plan(auth_scheme: str = "bearer", with_client: bool = True):
    components = [{"id": "web", "name": "Web", "kind": "client", "responsibility": "UI"}]
    return make_plan(
        title='Shop: "orders" & <stock>',
        summary="Sells things.\nTwo lines.",
        architecture={"style": "monolith", "components": components if with_client else []},
        data_model={
            "entities": [
                {
                    "name": "order",
                    "description": "A customer's order",
                    "attributes": [
                        {
                            "name": "id",
                            "type": "uuid",
                            "primary_key": True,
                            "default": "random_uuid",
                        },
                        {
                            "name": "status",
                            "choices": ["open", "paid"],
                            "nullable": False,
                            "default": None,
                        },
                        {"name": "total", "type": "numeric(12,2)", "nullable": False},
                        {"name": "note", "type": "varchar(200)"},
                        {
                            "name": "created_at",
                            "type": "timestamptz",
                            "default": "now",
                            "nullable": False,
                        },
                    ],
                },
                entity("problem"),
            ]
        },
        api={
            "base_path": "/api/v1",
            "auth_scheme": auth_scheme,
            "endpoints": [
                {
                    "method": "GET",
                    "path": "/orders",
                    "summary": "List orders",
                    "entity": "order",
                    "response": "list",
                    "paginated": True,
                },
                {
                    "method": "POST",
                    "path": "/orders",
                    "summary": "Place an order",
                    "entity": "order",
                    "idempotent": True,
                },
                {
                    "method": "GET",
                    "path": "/orders/{id}",
                    "summary": "One order",
                    "entity": "order",
                    "auth_required": False,
                },
                {
                    "method": "PATCH",
                    "path": "/orders/{id}",
                    "summary": "Change",
                    "entity": "order",
                    "request": ["note", "status"],
                },
                {
                    "method": "DELETE",
                    "path": "/orders/{id}",
                    "summary": "Cancel",
                    "entity": "order",
                    "response": "none",
                },
                {
                    "method": "POST",
                    "path": "/orders/{id}/refunds",
                    "summary": "Refund",
                    "entity": "order",
                    "response": "accepted",
                },
                {"method": "GET", "path": "/orders/{id}", "summary": "Again", "entity": "order"},
            ],
        },
    )


def test_pagination_uses_a_cursor_and_returns_items_and_next_cursor():
    doc = render_openapi(shop_plan())
    validate(doc)
    listing = doc["paths"]["/orders"]["get"]
    params = [resolve(doc, p) for p in listing["parameters"]]
    assert [(p["name"], p["in"]) for p in params] == [("limit", "query"), ("cursor", "query")]
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert page["required"] == ["items", "next_cursor"]
    assert page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Order"}
    assert page["properties"]["next_cursor"]["type"] == ["string", "null"]


def test_path_parameters_take_the_key_type_and_responses_follow_the_endpoint():
    doc = render_openapi(shop_plan())
    one = doc["paths"]["/orders/{id}"]
    assert one["get"]["parameters"] == [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "format": "uuid"},
        }
    ]
    assert one["get"]["summary"] == "One order"  # the repeated GET does not replace it
    assert "204" in one["delete"]["responses"]
    assert "202" in doc["paths"]["/orders/{id}/refunds"]["post"]["responses"]
    assert "404" in one["get"]["responses"]
    create = doc["paths"]["/orders"]["post"]
    assert "201" in create["responses"]
    header = resolve(doc, create["parameters"][0])
    assert (header["name"], header["in"], header["required"]) == ("Idempotency-Key", "header", True)
    assert "409" in create["responses"]


def test_errors_are_rfc_9457_problems():
    doc = render_openapi(shop_plan())
    problem = doc["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["properties"])
    for _, _, op in operations(doc):
        codes = [c for c in op["responses"] if c[0] in "45"]
        assert "500" in codes
        for code in codes:
            content = resolve(doc, op["responses"][code])["content"]
            assert content == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }
    # an entity called "problem" gets a schema of its own
    assert "Problem2" in doc["components"]["schemas"]


def test_entity_and_input_schemas_separate_server_fields_from_writes():
    schemas = render_openapi(shop_plan())["components"]["schemas"]
    order = schemas["Order"]
    assert order["properties"]["id"]["readOnly"] is True
    assert order["properties"]["created_at"]["readOnly"] is True
    assert order["properties"]["status"]["enum"] == ["open", "paid"]
    assert order["properties"]["note"] == {"type": ["string", "null"], "maxLength": 200}
    assert order["properties"]["total"]["type"] == "number"
    write = schemas["OrderInput"]
    assert set(write["properties"]) == {"status", "total", "note"}
    assert write["required"] == ["status", "total"]
    patch = render_openapi(shop_plan())["paths"]["/orders/{id}"]["patch"]
    body = patch["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == {"note", "status"} and "required" not in body


@pytest.mark.parametrize(
    ("scheme", "with_client", "expected"),
    [
        (
            "bearer",
            True,
            {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        ),
        ("api_key", True, {"apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}),
        ("session", True, {"sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session"}}),
    ],
)
def test_security_schemes_follow_the_auth_scheme(scheme, with_client, expected):
    doc = render_openapi(shop_plan(scheme, with_client))
    validate(doc)
    assert doc["components"]["securitySchemes"] == expected
    name = next(iter(expected))
    assert doc["paths"]["/orders"]["post"]["security"] == [{name: []}]
    assert doc["paths"]["/orders/{id}"]["get"]["security"] == []


def test_oauth2_uses_authorization_code_for_clients_and_client_credentials_otherwise():
    with_client = render_openapi(shop_plan("oauth2", with_client=True))
    machine = render_openapi(shop_plan("oauth2", with_client=False))
    for doc in (with_client, machine):
        validate(doc)
    flows = with_client["components"]["securitySchemes"]["oauth2"]["flows"]
    assert flows["authorizationCode"]["authorizationUrl"].startswith("https://auth.example.com/")
    assert set(machine["components"]["securitySchemes"]["oauth2"]["flows"]) == {"clientCredentials"}
    assert with_client["paths"]["/orders"]["get"]["security"] == [{"oauth2": ["read"]}]
    assert with_client["paths"]["/orders"]["post"]["security"] == [{"oauth2": ["write"]}]



def test_the_check_the_plan_tests_use_finds_what_is_wrong_in_a_spec():
    # The tests that check hundreds of plans call openapi_problem on the validator's faster
    # backend (jsonschema-rs, which it picks up when installed): it must still see faults.
    from openapi_spec_validator.schemas.backend import get_validator_backend
    from support.openapi import openapi_problem

    assert get_validator_backend() == "jsonschema-rs", "pip install -e '.[test]' installs it"
    doc = render_openapi(shop_plan())
    assert openapi_problem(doc) == ""
    no_description = copy.deepcopy(doc)
    del no_description["paths"]["/orders"]["get"]["responses"]["200"]["description"]
    assert "description" in openapi_problem(no_description)
    unknown_parameter = copy.deepcopy(doc)
    unknown_parameter["paths"]["/orders/{order_id}"] = unknown_parameter["paths"].pop("/orders/{id}")
    assert "order_id" in openapi_problem(unknown_parameter)
    dangling = copy.deepcopy(doc)
    dangling["components"]["schemas"].pop("Order")
    assert "Order" in openapi_problem(dangling)


def test_no_auth_scheme_means_no_security_requirements():
    doc = render_openapi(shop_plan("none"))
    validate(doc)
    assert "securitySchemes" not in doc["components"] and "security" not in doc


def test_hostile_text_stays_text_in_yaml():
    plan = make_plan(
        title="x: y\n- z\n--- !!python/object:os.system 'id'",
        summary="&anchor *alias {a: b} [c] # not a comment",
        api={"endpoints": [{"method": "GET", "path": "/a/{id}/}{/{x:y}", "summary": "'\"\\"}]},
    )
    text = render_openapi_yaml(plan)
    doc = yaml.safe_load(text)
    validate(doc)
    assert doc["info"]["title"] == "x: y - z --- !!python/object:os.system 'id'"
    assert doc["info"]["description"] == "&anchor *alias {a: b} [c] # not a comment"
    assert list(doc["paths"]) == ["/a/{id}/%7D%7B/%7Bx:y%7D"]
    assert doc["servers"] == [{"url": "/api/v1"}]
