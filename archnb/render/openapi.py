"""An OpenAPI 3.1 draft of the plan's API: paths, entity schemas, errors, security.

Text goes into the document as plain strings; YAML's safe dumper quotes and escapes it.
Names that become keys (schema names, operation ids, parameters) are derived from
identifiers and made unique here, so a plan's repeats cannot produce an invalid document.
"""

from __future__ import annotations

import re
from typing import Any

from archnb.plan import Attribute, Endpoint, Entity, TechnicalPlan, to_identifier
from archnb.render.common import (
    INTEGER_TYPES,
    ModelIndex,
    one_line,
    without_cycle_collection,
)
from archnb.render.yamltext import dump_yaml

OPENAPI_VERSION = "3.1.0"
PROBLEM = "Problem"
_TEMPLATE = re.compile(r"\{([A-Za-z0-9_.~-]+)\}")
_SIZED = re.compile(r"^(varchar|char)\((\d+)\)$")
_GENERATED_NAMES = ("created_at", "updated_at")
_WRITES = ("POST", "PUT", "PATCH")
_VERBS = {"GET": "get", "POST": "create", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}
# Unicode categories Cc (controls) and Cs (surrogates), except newline and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

_SCALARS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "smallint": {"type": "integer", "format": "int32"},
    "integer": {"type": "integer", "format": "int32"},
    "bigint": {"type": "integer", "format": "int64"},
    "real": {"type": "number", "format": "float"},
    "double precision": {"type": "number", "format": "double"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "format": "time"},
    "timestamptz": {"type": "string", "format": "date-time"},
    "timestamp": {"type": "string", "format": "date-time"},
    "interval": {"type": "string", "format": "duration"},
    "uuid": {"type": "string", "format": "uuid"},
    "jsonb": {},
    "bytea": {"type": "string", "contentEncoding": "base64"},
    "inet": {"type": "string"},
    "tsvector": {"type": "string"},
}

_ERRORS = {
    "400": ("BadRequest", "The request is malformed."),
    "401": ("Unauthorized", "Credentials are missing or invalid."),
    "403": ("Forbidden", "The caller may not do this."),
    "404": ("NotFound", "No such resource."),
    "409": (
        "Conflict",
        "The request conflicts with the current state, or repeats an "
        "Idempotency-Key with a different body.",
    ),
    "422": ("UnprocessableContent", "The body is well-formed but fails validation."),
    "500": ("InternalError", "The server failed; retrying later may help."),
}


_ERROR_REFS = {code: f"#/components/responses/{name}" for code, (name, _) in _ERRORS.items()}


def text(value: str) -> str:
    """Return `value` without control characters other than newlines and tabs."""
    return _CONTROL.sub("", value).strip()


@without_cycle_collection
def render_openapi_yaml(plan: TechnicalPlan) -> str:
    """Return the OpenAPI document as YAML text (keys in document order, Unicode kept)."""
    return dump_yaml(render_openapi(plan))


@without_cycle_collection
def render_openapi(plan: TechnicalPlan) -> dict:
    """Return an OpenAPI 3.1 document (a dict) for the plan's API and data model."""
    api = plan.api
    schemas = SchemaBook(plan)
    schemes = security_schemes(plan)
    doc: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": _info(plan),
        "servers": [_server(api.base_path)],
    }
    if schemes:
        doc["security"] = [{name: []} for name in schemes]
    tags = [e.name for e in schemas.index.entities]
    if tags:
        doc["tags"] = [{"name": name} for name in tags]
    doc["paths"] = _paths(plan, schemas, schemes)
    doc["components"] = {
        "schemas": schemas.schemas,
        "responses": {
            name: {
                "description": description,
                "content": {"application/problem+json": {"schema": {"$ref": _ref(PROBLEM)}}},
            }
            for name, description in _ERRORS.values()
        },
        "parameters": _shared_parameters(),
    }
    if schemes:
        doc["components"]["securitySchemes"] = schemes
    return doc


def _info(plan: TechnicalPlan) -> dict:
    info = {
        "title": one_line(plan.title) or "Untitled plan",
        "version": plan.plan_id or "draft",
    }
    if one_line(plan.summary):
        info["summary"] = one_line(plan.summary)
        info["description"] = text(plan.summary)
    return info


def _server(base_path: str) -> dict:
    url, names = path_template(base_path)
    server: dict[str, Any] = {"url": url}
    if names:
        server["variables"] = {name: {"default": name} for name in names}
    return server


def path_template(path: str) -> tuple[str, list[str]]:
    """Return the path with stray braces percent-encoded, and its parameter names in order.

    Only `{name}` with name characters counts as a template; any other brace is not
    allowed in a URL path anyway, so it is encoded rather than guessed at.
    """
    names: list[str] = []
    pieces: list[str] = []
    position = 0
    for match in _TEMPLATE.finditer(path):
        pieces.append(_encode_braces(path[position : match.start()]))
        pieces.append(match.group(0))
        if match.group(1) not in names:
            names.append(match.group(1))
        position = match.end()
    pieces.append(_encode_braces(path[position:]))
    return "".join(pieces), names


def _encode_braces(part: str) -> str:
    return part.replace("{", "%7B").replace("}", "%7D")


def _ref(name: str) -> str:
    return f"#/components/schemas/{name}"


# --- schemas ---------------------------------------------------------------------------


class SchemaBook:
    """Component schemas: Problem, one per entity, and `<Entity>Input` for writes."""

    def __init__(self, plan: TechnicalPlan) -> None:
        self.model = plan.data_model
        self.index = ModelIndex(self.model)
        self.schemas: dict[str, Any] = {PROBLEM: _problem_schema()}
        self.names: dict[str, str] = {}
        self.inputs: dict[str, str] = {}
        for entity in self.index.entities:
            self.names[entity.name] = self._claim(_pascal(entity.name))
        for entity in self.index.entities:
            self.schemas[self.names[entity.name]] = self.entity_schema(entity)
        for entity in self.index.entities:
            name = self._claim(self.names[entity.name] + "Input")
            self.inputs[entity.name] = name
            self.schemas[name] = self.input_schema(entity, [], partial=False)

    def _claim(self, name: str) -> str:
        # Every name handed out is a key of self.schemas (set below), so that one test
        # also covers self.names and self.inputs.
        candidate, number = name, 2
        while candidate in self.schemas:
            candidate, number = f"{name}{number}", number + 1
        self.schemas.setdefault(candidate, {})
        return candidate

    def entity_schema(self, entity: Entity) -> dict:
        """Return the JSON Schema of an entity as the API returns it."""
        attributes = self.index.attributes(entity)
        schema: dict[str, Any] = {"type": "object"}
        description = text(entity.description)
        if description:
            schema["description"] = description
        schema["properties"] = {a.name: self.property(entity, a) for a in attributes}
        required = [a.name for a in attributes if not a.nullable or a.primary_key]
        if required:
            schema["required"] = required
        return schema

    def input_schema(self, entity: Entity, fields: list[str], partial: bool) -> dict:
        """Return the schema of a write body: the named fields, or every writable field.

        Required are the fields a client must send: not nullable, no default, not filled
        by the server; a partial update (PATCH) requires nothing.
        """
        by_name = {a.name: a for a in self.index.attributes(entity)}
        if fields:
            names = list(dict.fromkeys(fields))
        else:
            names = [n for n, a in by_name.items() if not self.read_only(entity, a)]
        properties = {
            name: self.property(entity, by_name[name], write=True)
            if name in by_name
            else {"type": "string"}  # a request field the data model does not have
            for name in names
        }
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        required = [
            name
            for name in names
            if name in by_name
            and not by_name[name].nullable
            and by_name[name].default is None
            and not self.read_only(entity, by_name[name])
        ]
        if required and not partial:
            schema["required"] = required
        return schema

    def read_only(self, entity: Entity, attribute: Attribute) -> bool:
        """The server fills it: a generated key, or created_at/updated_at."""
        if attribute.name in _GENERATED_NAMES:
            return True
        key = self.index.primary_key(entity)
        generated = attribute.default is not None or (
            self.index.column_type(attribute) in INTEGER_TYPES and not attribute.foreign_key
        )
        return len(key) == 1 and key[0] is attribute and generated

    def property(self, entity: Entity, attribute: Attribute, write: bool = False) -> dict:
        schema = json_schema(self.index.column_type(attribute), attribute.nullable)
        if attribute.choices:
            enum = _enum(attribute, schema)
            if enum:
                schema["enum"] = enum + ([None] if attribute.nullable else [])
        description = text(attribute.description)
        if description:
            schema["description"] = description
        if not write and self.read_only(entity, attribute):
            schema["readOnly"] = True
        return schema

    def ref(self, entity_name: str | None, suffix: str = "") -> dict:
        """Return a $ref to an entity's schema (or its Input), or an open object if unknown."""
        book = self.inputs if suffix == "Input" else self.names
        if entity_name in book:
            return {"$ref": _ref(book[entity_name])}
        return {"type": "object"}


def json_schema(sql_type: str, nullable: bool = False) -> dict:
    """Return the JSON Schema for a PostgreSQL column type."""
    if sql_type.endswith("[]"):
        schema: dict[str, Any] = {"type": "array", "items": json_schema(sql_type[:-2])}
    elif sql_type.startswith("vector("):
        size = int(sql_type[7:-1])
        schema = {"type": "array", "items": {"type": "number"}, "minItems": size, "maxItems": size}
    elif sql_type.startswith("numeric"):
        schema = {"type": "number"}
    elif _SIZED.match(sql_type):
        schema = {"type": "string", "maxLength": int(_SIZED.match(sql_type)[2])}
    else:
        schema = dict(_SCALARS.get(sql_type, {"type": "string"}))
    if nullable and "type" in schema:
        schema["type"] = [schema["type"], "null"]
    return schema


def _enum(attribute: Attribute, schema: dict) -> list:
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    values = list(dict.fromkeys(attribute.choices))
    if kind == "string":
        return values
    if kind == "integer" and all(re.fullmatch(r"-?\d{1,18}", v.strip()) for v in values):
        return [int(v) for v in values]
    return []


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part) or "Entity"


def _problem_schema() -> dict:
    return {
        "type": "object",
        "description": "An error, as RFC 9457 problem details.",
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "default": "about:blank"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string"},
            "instance": {"type": "string", "format": "uri-reference"},
        },
        "required": ["title", "status"],
    }


def _shared_parameters() -> dict:
    return {
        "Limit": {
            "name": "limit",
            "in": "query",
            "description": "Page size.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        },
        "Cursor": {
            "name": "cursor",
            "in": "query",
            "description": "Opaque cursor from the previous page's next_cursor.",
            "schema": {"type": "string"},
        },
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": True,
            "description": "A unique key per logical request; a retry with the same key "
            "returns the first result instead of acting twice.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        },
    }


# --- security --------------------------------------------------------------------------


def security_schemes(plan: TechnicalPlan) -> dict:
    """Return the securitySchemes for the plan's auth scheme (empty for 'none')."""
    scheme = plan.api.auth_scheme
    if scheme == "bearer":
        return {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    if scheme == "api_key":
        return {"apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}
    if scheme == "session":
        return {"sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session"}}
    if scheme == "oauth2":
        scopes = {"read": "Read access", "write": "Create, change and delete"}
        base = "https://auth.example.com/oauth2"
        if any(c.kind == "client" for c in plan.architecture.components):
            flow = {
                "authorizationCode": {
                    "authorizationUrl": f"{base}/authorize",
                    "tokenUrl": f"{base}/token",
                    "scopes": scopes,
                }
            }
        else:
            flow = {"clientCredentials": {"tokenUrl": f"{base}/token", "scopes": scopes}}
        return {
            "oauth2": {
                "type": "oauth2",
                "description": "Placeholder URLs: replace them with the identity provider's.",
                "flows": flow,
            }
        }
    return {}


def _operation_security(endpoint: Endpoint, schemes: dict) -> list | None:
    if not endpoint.auth_required:
        return []
    if not schemes:
        return None
    name = next(iter(schemes))
    if name == "oauth2":
        return [{name: ["read" if endpoint.method == "GET" else "write"]}]
    return [{name: []}]


# --- paths -----------------------------------------------------------------------------


def _paths(plan: TechnicalPlan, schemas: SchemaBook, schemes: dict) -> dict:
    paths: dict[str, dict] = {}
    operation_ids: set[str] = set()
    templates: dict[str, tuple[str, list[str]]] = {}  # most paths serve several methods
    for endpoint in plan.api.endpoints:
        if endpoint.path not in templates:
            templates[endpoint.path] = path_template(endpoint.path)
        url, params = templates[endpoint.path]
        item = paths.setdefault(url, {})
        method = endpoint.method.lower()
        if method in item:
            continue  # a repeated method on one path: lint reports it, the first one stands
        operation_id = _operation_id(endpoint, operation_ids)
        item[method] = _operation(plan, endpoint, operation_id, params, schemas, schemes)
    return paths


def _operation_id(endpoint: Endpoint, taken: set[str]) -> str:
    if endpoint.operation_id:
        base = endpoint.operation_id
    else:
        words = re.sub(r"\{[^}]*\}", "by_id", endpoint.path)
        verb = "list" if endpoint.response == "list" else _VERBS[endpoint.method]
        try:
            base = to_identifier(f"{verb} {words}")
        except ValueError:
            base = verb
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _operation(
    plan: TechnicalPlan,
    endpoint: Endpoint,
    operation_id: str,
    params: list[str],
    schemas: SchemaBook,
    schemes: dict,
) -> dict:
    op: dict[str, Any] = {"operationId": operation_id}
    summary = one_line(endpoint.summary)
    if summary:
        op["summary"] = summary
    if endpoint.entity and schemas.index.entity(endpoint.entity):
        op["tags"] = [endpoint.entity]
    parameters = [_path_parameter(schemas.index, endpoint, name) for name in params]
    listing = endpoint.paginated and endpoint.method == "GET"
    if listing:
        parameters += [
            {"$ref": "#/components/parameters/Limit"},
            {"$ref": "#/components/parameters/Cursor"},
        ]
    if endpoint.idempotent and endpoint.method == "POST":
        parameters.append({"$ref": "#/components/parameters/IdempotencyKey"})
    if parameters:
        op["parameters"] = parameters
    body = _request_body(endpoint, schemas)
    if body:
        op["requestBody"] = body
    op["responses"] = _responses(endpoint, params, schemas, listing, body is not None)
    security = _operation_security(endpoint, schemes)
    if security is not None:
        op["security"] = security
    return op


def _path_parameter(index: ModelIndex, endpoint: Endpoint, name: str) -> dict:
    """Return a path parameter; it takes the type of the entity's key column of that name."""
    schema: dict[str, Any] = {"type": "string"}
    entity = index.entity(endpoint.entity) if endpoint.entity else None
    if entity is not None:
        for attribute in index.attributes(entity):
            if attribute.name == name or (name == "id" and attribute.primary_key):
                schema = json_schema(index.column_type(attribute))
                break
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _request_body(endpoint: Endpoint, schemas: SchemaBook) -> dict | None:
    if endpoint.method not in _WRITES:
        return None
    partial = endpoint.method == "PATCH"
    entity = schemas.index.entity(endpoint.entity) if endpoint.entity else None
    if entity is not None and (endpoint.request or partial):
        schema = schemas.input_schema(entity, endpoint.request, partial=partial)
    elif entity is not None:
        schema = schemas.ref(entity.name, "Input")
    elif endpoint.request:
        fields = list(dict.fromkeys(endpoint.request))
        schema = {"type": "object", "properties": {f: {"type": "string"} for f in fields}}
    else:
        return None
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _responses(
    endpoint: Endpoint, params: list[str], schemas: SchemaBook, listing: bool, has_body: bool
) -> dict:
    responses: dict[str, Any] = {}
    kind = endpoint.response
    if kind == "none":
        responses["204"] = {"description": "Done; no content."}
    elif kind == "accepted":
        responses["202"] = {
            "description": "Accepted; the work continues in the background.",
            "headers": {
                "Location": {
                    "description": "Where to check on the work.",
                    "schema": {"type": "string"},
                }
            },
        }
    else:
        item = schemas.ref(endpoint.entity)
        if kind == "list" and listing:
            schema = {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": item},
                    "next_cursor": {
                        "type": ["string", "null"],
                        "description": "Pass as cursor for the next page; null on the last page.",
                    },
                },
                "required": ["items", "next_cursor"],
            }
        elif kind == "list":
            schema = {"type": "array", "items": item}
        else:
            schema = item
        status = "201" if endpoint.method == "POST" and kind == "entity" else "200"
        responses[status] = {
            "description": "Success.",
            "content": {"application/json": {"schema": schema}},
        }
    codes = []
    if has_body or params or listing:
        codes.append("400")
    if endpoint.auth_required:
        codes += ["401", "403"]
    if params:
        codes.append("404")
    if endpoint.idempotent and endpoint.method == "POST":
        codes.append("409")
    if has_body:
        codes.append("422")
    codes.append("500")
    for code in codes:
        responses[code] = {"$ref": _ERROR_REFS[code]}
    return responses
