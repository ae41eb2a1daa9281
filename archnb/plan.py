"""The Technical Plan: the one model shared by engines, renderers, lint, notebooks and exports.

Design notes
- Every name that becomes an identifier in an artifact (entity, attribute, component id)
  is normalised to snake_case on the way in, so a hostile or sloppy name can never reach
  SQL or Mermaid as anything but a quoted identifier. Free text (titles, descriptions,
  labels) stays as written; the renderers escape it.
- Column types are checked against an allow-list of PostgreSQL types, because a type is
  the one piece of DDL that cannot be quoted.
- `plan_id` is a content hash; timestamps never live here, so the offline engine gives a
  byte-identical plan.json for the same brief.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticSerializationError

SCHEMA_VERSION = 1

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def to_identifier(value: Any) -> str:
    """Return `value` as a snake_case identifier of at most 63 characters (PostgreSQL's limit)."""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    text = _CAMEL.sub("_", value.strip())
    text = _NON_WORD.sub("_", text.lower()).strip("_")
    if not text:
        raise ValueError(f"{value!r} has no letters or digits to make a name from")
    if text[0].isdigit():
        text = "n_" + text
    return text[:63].rstrip("_")


Identifier = Annotated[str, BeforeValidator(to_identifier)]

_BASE_TYPES = (
    r"text|varchar\([1-9]\d{0,4}\)|char\([1-9]\d{0,3}\)|smallint|integer|bigint|"
    r"numeric(\((?P<p>[1-9]\d?), ?(?P<s>\d{1,2})\))?|real|double precision|boolean|date|time|"
    r"timestamptz|timestamp|interval|uuid|jsonb|bytea|inet|tsvector|vector\([1-9]\d{0,4}\)"
)
_SQL_TYPE = re.compile(rf"^({_BASE_TYPES})(\[\])?$")
_TYPE_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "serial": "integer",
    "bigserial": "bigint",
    "bool": "boolean",
    "string": "text",
    "str": "text",
    "float": "double precision",
    "double": "double precision",
    "decimal": "numeric(12,2)",
    "money": "numeric(12,2)",
    "datetime": "timestamptz",
    "timestamp with time zone": "timestamptz",
    "json": "jsonb",
    "blob": "bytea",
}


def to_sql_type(value: Any) -> str:
    """Return `value` as an allowed PostgreSQL column type, or raise with the allowed list."""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return _normalise_sql_type(value)


@lru_cache(maxsize=512)
def _normalise_sql_type(value: str) -> str:
    text = re.sub(r"\s+", " ", value.strip().lower())
    text = _TYPE_ALIASES.get(text, text)
    match = _SQL_TYPE.match(text)
    if match and match.group("p") and int(match.group("s")) > int(match.group("p")):
        raise ValueError(f"{value!r}: a numeric scale cannot exceed its precision")
    if not match:
        raise ValueError(
            f"{value!r} is not a supported PostgreSQL type; use one of text, varchar(n), "
            "integer, bigint, numeric(p,s), boolean, date, timestamptz, uuid, jsonb, bytea, "
            "inet, interval, tsvector, vector(n), optionally with []"
        )
    return text


SqlType = Annotated[str, BeforeValidator(to_sql_type)]

_REQ_ID = re.compile(r"(FR|NFR)-\d{3}")  # fullmatch: with "$", "FR-001\n" would pass


def _check_requirement_id(value: str) -> str:
    if not _REQ_ID.fullmatch(value):
        raise ValueError(f"{value!r} is not a requirement id like FR-001 or NFR-002")
    return value


RequirementId = Annotated[str, AfterValidator(_check_requirement_id)]
Serves = Annotated[list[RequirementId], Field(default_factory=list)]

_PATH = re.compile(r"/[A-Za-z0-9_\-./{}~:]*")  # fullmatch, as _REQ_ID


def _check_path(value: str) -> str:
    if not _PATH.fullmatch(value) or "//" in value:
        raise ValueError(
            f"{value!r} is not a URL path template; use letters, digits, -, _ and "
            "{param} segments, starting with /"
        )
    return value


UrlPath = Annotated[str, AfterValidator(_check_path)]


class Model(BaseModel):
    """Base for every plan part: unknown keys are errors, so a model's typo is caught."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- requirements and questions -------------------------------------------------------


class Requirement(Model):
    id: RequirementId
    kind: Literal["functional", "non_functional"]
    text: str
    source: str = Field("", description="The words of the brief this requirement comes from.")
    metric: str | None = Field(None, description="For NFRs: what is measured, e.g. 'p95 latency'.")
    target: float | None = None
    unit: str | None = None


class OpenQuestion(Model):
    id: str = Field(description="Q1, Q2, ...")
    question: str
    why_it_matters: str
    assumption: str = Field(description="What the plan assumes until someone answers.")
    options: list[str] = Field(default_factory=list)
    affects: list[str] = Field(default_factory=list, description="Decision ids it would change.")


# --- decisions ------------------------------------------------------------------------


class Option(Model):
    name: str
    pros: list[str] = Field(default_factory=list)
    cons: list[str] = Field(default_factory=list)


class Decision(Model):
    id: str = Field(description="D-001, D-002, ...")
    title: str
    context: str
    options: list[Option] = Field(default_factory=list)
    choice: str
    rationale: str
    consequences: list[str] = Field(default_factory=list)
    serves: Serves
    source_skill: str | None = Field(None, description="The skill whose rule made this call.")
    principle_exception: str | None = Field(
        None,
        description="When this breaks a project principle: why it is needed and which "
        "simpler alternative was rejected.",
    )
    supersedes: str | None = Field(None, description="Id of a decision in the parent plan.")


# --- architecture ---------------------------------------------------------------------

ComponentKind = Literal[
    "client",
    "edge",
    "gateway",
    "service",
    "worker",
    "scheduler",
    "database",
    "cache",
    "queue",
    "storage",
    "search",
    "vector_store",
    "external",
    "observability",
]


class Component(Model):
    id: Identifier
    name: str
    kind: ComponentKind
    responsibility: str
    technology: str = ""
    serves: Serves


class Connection(Model):
    source: Identifier
    target: Identifier
    label: str = ""
    protocol: str = "HTTPS"
    mode: Literal["sync", "async"] = "sync"


class Architecture(Model):
    style: str = Field(description="e.g. modular monolith, microservices, event-driven")
    summary: str = ""
    components: list[Component] = Field(default_factory=list)
    connections: list[Connection] = Field(default_factory=list)


# --- data model -----------------------------------------------------------------------


class Attribute(Model):
    name: Identifier
    type: SqlType = "text"
    primary_key: bool = False
    foreign_key: Identifier | None = Field(None, description="Name of the referenced entity.")
    unique: bool = False
    nullable: bool = True
    indexed: bool = False
    default: Literal["now", "true", "false", "zero", "random_uuid", "empty_json"] | None = None
    choices: list[str] = Field(default_factory=list, description="Allowed values (a CHECK).")
    description: str = ""


class Entity(Model):
    name: Identifier
    description: str = ""
    attributes: list[Attribute] = Field(default_factory=list)
    unique_together: list[list[Identifier]] = Field(default_factory=list)
    serves: Serves

    def primary_key(self) -> list[Attribute]:
        return [a for a in self.attributes if a.primary_key]


class Relationship(Model):
    source: Identifier
    target: Identifier
    cardinality: Literal["one-to-one", "one-to-many", "many-to-many"]
    label: str = ""
    via: Identifier | None = Field(None, description="Join entity for many-to-many.")


def personal_tables(entities: Iterable[Entity]) -> set[str]:
    """Return `user` and the tables only a person owns (every key points at `user`: sessions,
    sign-in identities). In a multi-tenant plan they stay global: a membership ties people
    to tenants, rather than a tenant owning them."""
    return {"user"} | {
        e.name for e in entities
        if any(a.foreign_key == "user" for a in e.attributes)
        and all(a.foreign_key in (None, "user") for a in e.attributes)
    }


class DataModel(Model):
    entities: list[Entity] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)

    def entity(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)


# --- API ------------------------------------------------------------------------------


class Endpoint(Model):
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: UrlPath
    summary: str
    operation_id: Identifier | None = None
    entity: Identifier | None = None
    request: list[Identifier] = Field(
        default_factory=list, description="Fields of the request body (entity attributes)."
    )
    response: Literal["entity", "list", "none", "accepted"] = "entity"
    auth_required: bool = True
    paginated: bool = False
    idempotent: bool = False
    serves: Serves


class Api(Model):
    style: Literal["REST", "GraphQL", "gRPC"] = "REST"
    base_path: UrlPath = "/api/v1"
    auth_scheme: Literal["bearer", "api_key", "oauth2", "session", "none"] = "bearer"
    endpoints: list[Endpoint] = Field(default_factory=list)


# --- stack and qualities --------------------------------------------------------------


class StackChoice(Model):
    layer: str
    choice: str
    rationale: str
    alternatives: list[str] = Field(default_factory=list)
    serves: Serves


class Scalability(Model):
    caching: list[str] = Field(default_factory=list)
    queues: list[str] = Field(default_factory=list)
    async_work: list[str] = Field(default_factory=list)
    partitioning: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Threat(Model):
    threat: str
    mitigation: str


class Security(Model):
    authentication: str = ""
    authorization: str = ""
    data_protection: list[str] = Field(default_factory=list)
    threats: list[Threat] = Field(default_factory=list)
    compliance: list[str] = Field(default_factory=list)


class Observability(Model):
    logs: str = ""
    metrics: list[str] = Field(default_factory=list)
    tracing: str = ""
    alerts: list[str] = Field(default_factory=list)
    slos: list[str] = Field(default_factory=list)


class CapacityRow(Model):
    metric: str
    value: float
    unit: str
    formula: str = Field(description="The arithmetic, written out, e.g. '50,000 x 2 / 60'.")


class CostItem(Model):
    item: str
    monthly_usd: float
    assumption: str


class Capacity(Model):
    rows: list[CapacityRow] = Field(default_factory=list)
    costs: list[CostItem] = Field(default_factory=list)
    monthly_cost_usd: float = 0.0
    assumptions: list[str] = Field(default_factory=list)


class Step(Model):
    id: str = Field(description="S1, S2, ...")
    title: str
    description: str = ""
    depends_on: list[str] = Field(default_factory=list)
    deliverables: list[str] = Field(default_factory=list)
    serves: Serves


class Risk(Model):
    risk: str
    likelihood: Literal["low", "medium", "high"] = "medium"
    impact: Literal["low", "medium", "high"] = "medium"
    mitigation: str


# --- provenance -----------------------------------------------------------------------


class Usage(Model):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None


class ToolCallRecord(Model):
    name: str
    arguments: str = Field("", description="Arguments, shortened to 200 characters.")
    ok: bool = True
    summary: str = Field("", description="First 200 characters of the result or error.")


class PlanMetadata(Model):
    schema_version: int = SCHEMA_VERSION
    engine: str = "offline"
    model: str | None = None
    skills_used: list[str] = Field(default_factory=list)
    attempts: int = 1
    usage: Usage = Field(default_factory=Usage)
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    brief_sha256: str = ""
    archnb_version: str = ""
    parent_id: str | None = None
    mode: Literal["design", "review"] = "design"


# --- the plan -------------------------------------------------------------------------


class TechnicalPlan(Model):
    plan_id: str = ""
    title: str
    summary: str
    brief: str = Field("", description="The brief this plan answers, as the engine read it.")
    assumptions: list[str] = Field(default_factory=list)
    requirements: list[Requirement] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    architecture: Architecture
    data_model: DataModel = Field(default_factory=DataModel)
    api: Api = Field(default_factory=Api)
    stack: list[StackChoice] = Field(default_factory=list)
    scalability: Scalability = Field(default_factory=Scalability)
    security: Security = Field(default_factory=Security)
    observability: Observability = Field(default_factory=Observability)
    capacity: Capacity = Field(default_factory=Capacity)
    steps: list[Step] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    metadata: PlanMetadata = Field(default_factory=PlanMetadata)

    def content_hash(self) -> str:
        """Return the first 12 hex digits of the sha256 of the plan without its id.

        The hashed text is pydantic's compact JSON in declaration order (~1 ms for a typical
        plan; json.dumps of a model_dump took ~4.4 ms). Field order is part of the schema, so
        the same content always gives the same id.
        """
        try:
            data = self.model_dump_json(exclude={"plan_id"}).encode("utf-8")
        except PydanticSerializationError:  # a lone surrogate in some text: hash it escaped
            data = json.dumps(self.model_dump(mode="json", exclude={"plan_id"})).encode()
        return hashlib.sha256(data).hexdigest()[:12]

    def with_id(self) -> TechnicalPlan:
        """Return a copy whose plan_id is the hash of its content."""
        return self.model_copy(update={"plan_id": self.content_hash()})

    def to_json(self) -> str:
        """Return the canonical plan.json text: declaration key order, 2-space indent, newline.

        The text is what `json.dumps(self.model_dump(mode="json"), indent=2,
        ensure_ascii=False)` writes. With an indent, json.dumps runs its pure-Python
        encoder (~85 ms for a 5,000-word brief's plan); pydantic's own JSON writer gives
        the same bytes in a tenth of the time, except for floats it spells differently
        (tiny ones, infinities, NaN) and text it cannot encode (lone surrogates): those
        plans take the json.dumps road. tests/test_plan.py compares the two.
        """
        if all(_same_in_json(value) for value in _floats(self)):
            try:
                return self.model_dump_json(indent=2) + "\n"
            except PydanticSerializationError:
                pass
        data = self.model_dump(mode="json")
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> TechnicalPlan:
        return cls.model_validate_json(text)

    def requirement_ids(self) -> set[str]:
        return {r.id for r in self.requirements}


# --- serialisation helpers -------------------------------------------------------------


def _same_in_json(value: float) -> bool:
    """Whether pydantic writes `value` as json.dumps does: finite, and 0 or not below 1e-4
    (pydantic writes 1e-05 as 0.00001 and 1e-09 as 1e-9; json.dumps follows repr())."""
    return math.isfinite(value) and (value == 0 or abs(value) >= 1e-4)


def _floats(value: Any) -> Iterator[float]:
    """Yield every float in `value` (a model, list, dict or scalar), visiting only the fields
    whose type can hold one, so a plan's thousands of attributes are skipped."""
    if isinstance(value, float):
        yield value
    elif isinstance(value, BaseModel):
        for name in _float_fields(type(value)):
            yield from _floats(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _floats(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _floats(item)


@cache
def _float_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Return the names of the fields of `model` whose type can hold a float (float, Any,
    or a model with such a field), however deep in lists, dicts and unions."""
    return tuple(
        name for name, field in model.model_fields.items() if _may_hold_float(field.annotation)
    )


def _may_hold_float(annotation: Any) -> bool:
    if annotation is float or annotation is Any or annotation is object:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_float_fields(annotation))
    return any(_may_hold_float(arg) for arg in get_args(annotation))


# --- results --------------------------------------------------------------------------

Severity = Literal["info", "warning", "error", "critical"]


class Finding(Model):
    rule: str = Field(description="Stable rule id, e.g. ARCH001 or a skill rule id.")
    severity: Severity
    message: str
    where: str = Field("", description="Where in the plan, e.g. data_model.entities[order].")
    hint: str = ""


class Envelope(Model):
    status: Literal["success", "partial", "failed"]
    files_changed: list[str] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    next_action: str = ""
    plan_id: str | None = None
    created_at: str | None = None
    duration_ms: float | None = None
