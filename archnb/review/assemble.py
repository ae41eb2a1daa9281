"""Turn what the parsers read into a TechnicalPlan, and remember which line each part came from.

The plan keeps the student's design as it is (mistakes included), so lint and the review
heuristics can point at them. Only what a plan cannot hold is changed, with a note: an
unknown type becomes text, an ERD `FK` gets the target its name or relationship implies.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from archnb.plan import (
    Api,
    Architecture,
    Attribute,
    Component,
    Connection,
    DataModel,
    Decision,
    Endpoint,
    Entity,
    Option,
    PlanMetadata,
    Relationship,
    TechnicalPlan,
    to_identifier,
)
from archnb.review.design import AttrDraft, Design, EntityDraft, TableOp, name_key
from archnb.review.flowchart import guess_kind
from archnb.review.source import ReviewParseError
from archnb.review.types import map_type

Origin = dict[str, int]


def singular(word: str) -> str:
    """Return a plausible singular of an English plural identifier (loans -> loan)."""
    for suffix, replacement in (
        ("ies", "y"),
        ("sses", "ss"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + replacement
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def entity_named(word: str, names: list[str]) -> str | None:
    """Return the entity a word means, allowing plural and singular spellings."""
    base = singular(word)
    for candidate in (word, base, base + "s", base + "es"):
        if candidate in names:
            return candidate
    return next((n for n in names if singular(n) == base), None)


def ident(name: str, line: int) -> str:
    """Return `name` as a plan identifier, or a parse error at `line` if it has no letters."""
    try:
        return to_identifier(name)
    except ValueError:
        raise ReviewParseError(
            line,
            f"`{name}` has no letters or digits to make a name from",
            hint="use names like order_item",
        ) from None


def build_plan(design: Design, text: str) -> tuple[TechnicalPlan, Origin]:
    """Return the plan for `design` and where its parts are in the student's text."""
    origin: Origin = {}
    entities = _merge_entities(design)
    _apply_table_ops(design, entities)
    _resolve_foreign_keys(design, entities)
    data_model = _data_model(design, entities, origin)
    architecture = _architecture(design, bool(entities), origin)
    api = _api(design, [e.name for e in data_model.entities], origin)
    decisions = _decisions(design, origin)
    title = design.title or "your design"
    counts = (
        f"{len(data_model.entities)} entities, {len(api.endpoints)} endpoints, "
        f"{len(architecture.components)} components"
    )
    try:
        plan = TechnicalPlan(
            title=f"Review: {title}",
            summary=f"The design as archnb read it: {counts}.",
            brief=text,
            assumptions=design.assumptions,
            decisions=decisions,
            architecture=architecture,
            data_model=data_model,
            api=api,
            metadata=PlanMetadata(mode="review"),
        )
    except ValidationError as err:
        raise ReviewParseError(
            None, f"the design does not fit a plan: {err.errors()[0]['msg']}"
        ) from None
    return plan, origin


# --- entities -------------------------------------------------------------------------


def _merge_entities(design: Design) -> list[EntityDraft]:
    """Return the entities, a DDL table merged into the ERD entity of the same name.

    Two definitions from the same source (two CREATE TABLE x) both stay, for lint to report.
    """
    merged: list[EntityDraft] = []
    open_twins: dict[str, EntityDraft] = {}  # name -> an entity no other source merged into yet
    for entity in design.entities:
        key = name_key(entity.name)
        twin = open_twins.get(key)
        if twin is None or twin.origin == entity.origin:
            merged.append(entity)
            open_twins.setdefault(key, entity)
            continue
        for attr in entity.attributes:
            old = twin.attribute(attr.name)
            if old is None:
                twin.attributes.append(attr)
            elif entity.origin == "ddl":
                twin.attributes[twin.attributes.index(old)] = attr
        twin.unique_together += entity.unique_together
        twin.origin = "both"
        del open_twins[key]
    return merged


def _apply_table_ops(design: Design, entities: list[EntityDraft]) -> None:
    by_name: dict[str, EntityDraft] = {}
    for entity in entities:
        by_name.setdefault(name_key(entity.name), entity)
    for op in design.table_ops:
        entity = by_name.get(name_key(op.table))
        if entity is None:
            design.note(
                "REV103",
                "warning",
                op.line,
                f"{_what(op)} is on table {op.table}, which the design does not define",
                "define the table, or fix the name",
            )
            continue
        if op.kind == "column":
            entity.attributes.append(op.column)
            continue
        attrs = [entity.attribute(c) for c in op.columns]
        missing = [c for c, a in zip(op.columns, attrs, strict=True) if a is None]
        if missing:
            design.note(
                "REV103",
                "warning",
                op.line,
                f"{_what(op)} names {missing[0]}, which is not a column of {op.table}",
                f"add the column to {op.table} or fix the name",
            )
            continue
        _apply(op, entity, attrs)


def _apply(op: TableOp, entity: EntityDraft, attrs: list[AttrDraft]) -> None:
    if op.kind == "index":
        attrs[0].indexed = True
    elif op.kind == "unique" and len(attrs) == 1:
        attrs[0].unique = True
    elif op.kind == "unique":
        entity.unique_together.append([a.name for a in attrs])
    elif op.kind == "primary_key":
        for attr in attrs:
            attr.primary_key, attr.nullable = True, False
    elif op.kind == "foreign_key":
        attrs[0].foreign_key = op.target
    elif op.kind == "check":
        attrs[0].choices = op.choices


def _what(op: TableOp) -> str:
    return {
        "index": "an index",
        "unique": "a unique constraint",
        "primary_key": "a primary key",
        "foreign_key": "a foreign key",
        "check": "a CHECK",
        "column": "ALTER TABLE ADD COLUMN",
    }[op.kind]


def _resolve_foreign_keys(design: Design, entities: list[EntityDraft]) -> None:
    """Give each ERD `FK` attribute its target: by its name (member_id), else by a relationship."""
    names = [ident(e.name, e.line) for e in entities]
    sides = _one_sides(design)
    for entity in entities:
        unresolved = []
        for attr in entity.attributes:
            if not attr.marked_fk or attr.foreign_key:
                continue
            stem = ident(attr.name, attr.line)
            target = (
                entity_named(stem[:-3], names) if stem.endswith("_id") and len(stem) > 3 else None
            )
            if target:
                attr.foreign_key = target
            else:
                unresolved.append(attr)
        if not unresolved:
            continue
        claimed = {name_key(a.foreign_key) for a in entity.attributes if a.foreign_key}
        strict, loose = sides.get(name_key(entity.name), ([], []))
        partners = [p for p in strict if p not in claimed] or [p for p in loose if p not in claimed]
        if len(unresolved) == 1 and len(partners) == 1:
            unresolved[0].foreign_key = partners[0]
            continue
        for attr in unresolved:
            design.note(
                "REV101",
                "warning",
                attr.line,
                f"{entity.name}.{attr.name} is marked FK, but which entity it references is not clear",
                "name it after its target (member_id) or draw the relationship",
            )


def _one_sides(design: Design) -> dict[str, tuple[list[str], list[str]]]:
    """Return, per entity, the entities on the `one` end of its relationships.

    Those where the entity is on a `many` end come first (strict): that is where a foreign
    key must live. One-to-one partners follow (loose), since their key could sit on either side.
    """
    sides: dict[str, tuple[list[str], list[str]]] = {}

    def add(entity: str, other: str, strict: bool) -> None:
        pair = sides.setdefault(name_key(entity), ([], []))
        bucket = pair[0] if strict else pair[1]
        if name_key(other) not in bucket:
            bucket.append(name_key(other))

    for rel in design.relationships:
        if not rel.left_many:
            add(rel.right, rel.left, rel.right_many)
        if not rel.right_many:
            add(rel.left, rel.right, rel.left_many)
    return sides


def _data_model(design: Design, drafts: list[EntityDraft], origin: Origin) -> DataModel:
    entities = []
    for draft in drafts:
        name = ident(draft.name, draft.line)
        origin.setdefault(f"data_model.entities[{name}]", draft.line)
        attributes = [_attribute(design, draft, a, name, origin) for a in draft.attributes]
        groups = [[ident(c, draft.line) for c in group] for group in draft.unique_together]
        entities.append(Entity(name=name, attributes=attributes, unique_together=groups))
    relationships = []
    for rel in design.relationships:
        relationship = _relationship(
            rel.left, rel.right, rel.left_many, rel.right_many, rel.label, entities
        )
        relationships.append(relationship)
        origin.setdefault(
            f"data_model.relationships[{relationship.source}->{relationship.target}]", rel.line
        )
    return DataModel(entities=entities, relationships=relationships)


def _attribute(
    design: Design, entity: EntityDraft, draft: AttrDraft, entity_id: str, origin: Origin
) -> Attribute:
    name = ident(draft.name, draft.line)
    sql_type, choices, known = map_type(draft.type, design.enums)
    if not known:
        design.note(
            "REV100",
            "warning",
            draft.line,
            f"{entity_id}.{name} has type `{draft.type}`, which is not a PostgreSQL type archnb knows",
            "use text, varchar(n), integer, bigint, numeric(p,s), boolean, date, timestamptz, uuid or jsonb",
        )
        design.assumptions.append(
            f"{entity_id}.{name} is read as text: `{draft.type}` is not a known type."
        )
    origin.setdefault(f"data_model.entities[{entity_id}].{name}", draft.line)
    return Attribute(
        name=name,
        type=sql_type,
        primary_key=draft.primary_key,
        foreign_key=ident(draft.foreign_key, draft.line) if draft.foreign_key else None,
        unique=draft.unique,
        nullable=draft.nullable and not draft.primary_key,
        indexed=draft.indexed,
        default=draft.default,
        choices=draft.choices or choices,
        description=draft.comment,
    )


def _relationship(
    left: str, right: str, left_many: bool, right_many: bool, label: str, entities: list[Entity]
) -> Relationship:
    a, b = to_identifier(left), to_identifier(right)
    if left_many and right_many:
        via = next(
            (
                e.name
                for e in entities
                if e.name not in (a, b) and {a, b} <= {x.foreign_key for x in e.attributes}
            ),
            None,
        )
        return Relationship(source=a, target=b, cardinality="many-to-many", label=label, via=via)
    if left_many:
        return Relationship(source=b, target=a, cardinality="one-to-many", label=label)
    cardinality = "one-to-many" if right_many else "one-to-one"
    return Relationship(source=a, target=b, cardinality=cardinality, label=label)


def _decisions(design: Design, origin: Origin) -> list[Decision]:
    """Return the design's stated decisions; the alternatives it rejected become options."""
    decisions = []
    for number, draft in enumerate(design.decisions, start=1):
        did = f"D-{number:03d}"
        origin[f"decisions[{did}]"] = draft.line
        options = (
            [Option(name=n) for n in [draft.choice, *draft.alternatives]]
            if draft.alternatives
            else []
        )
        decisions.append(
            Decision(
                id=did,
                title=draft.title,
                context=f"Stated in the design, line {draft.line}.",
                options=options,
                choice=draft.choice,
                rationale="As written in the design.",
            )
        )
    return decisions


# --- architecture and API -------------------------------------------------------------


def _architecture(design: Design, has_entities: bool, origin: Origin) -> Architecture:
    components = []
    for draft in design.components:
        cid = ident(draft.name, draft.line)
        origin.setdefault(f"architecture.components[{cid}]", draft.line)
        components.append(
            Component(
                id=cid,
                name=draft.label or draft.name,
                kind=draft.kind,
                responsibility=draft.label or draft.name,
                technology=draft.technology,
            )
        )
    if not components:
        components = _implied_components(design, has_entities, origin)
    kinds = {c.id: c.kind for c in components}
    connections = []
    for draft in design.connections:
        source, target = ident(draft.source, draft.line), ident(draft.target, draft.line)
        protocol = "SQL" if kinds.get(target) == "database" else "HTTPS"
        origin.setdefault(f"architecture.connections[{source}->{target}]", draft.line)
        connections.append(
            Connection(
                source=source, target=target, label=draft.label, protocol=protocol, mode=draft.mode
            )
        )
    return Architecture(
        style=design.style or "as designed", components=components, connections=connections
    )


def _implied_components(design: Design, has_entities: bool, origin: Origin) -> list[Component]:
    """With no component list: the ends of the connections, or one database for the tables."""
    components: dict[str, Component] = {}
    for draft in design.connections:
        for name in (draft.source, draft.target):
            cid = ident(name, draft.line)
            if cid not in components:
                origin.setdefault(f"architecture.components[{cid}]", draft.line)
                components[cid] = Component(
                    id=cid, name=name, kind=guess_kind(name), responsibility=name
                )
    if components:
        design.assumptions.append(
            "Components come from the connections; their kinds are guessed from their names."
        )
    elif has_entities:
        components["db"] = Component(
            id="db",
            name="PostgreSQL",
            kind="database",
            responsibility="Stores the tables of the design",
            technology="PostgreSQL",
        )
        design.assumptions.append(
            "The design lists no components: one PostgreSQL database holds its tables."
        )
    return list(components.values())


def _api(design: Design, entities: list[str], origin: Origin) -> Api:
    base = _base_path([e.path for e in design.endpoints])
    scheme = design.auth_scheme or "bearer"
    if design.endpoints and design.auth_scheme is None:
        design.assumptions.append(
            "The design does not say how callers authenticate: bearer tokens are assumed."
        )
    endpoints = []
    for draft in design.endpoints:
        path = (draft.path[len(base) :] or "/") if base != "/" else draft.path
        segments = [s for s in path.split("/") if s]
        entity = _endpoint_entity(segments, entities)
        response = "accepted" if draft.accepted else _response(draft.method, segments)
        origin.setdefault(f"api.endpoints[{draft.method} {path}]", draft.line)
        endpoints.append(
            Endpoint(
                method=draft.method,
                path=path,
                summary=draft.summary or f"{draft.method} {draft.path}",
                entity=entity,
                response=response,
                auth_required=draft.auth_required
                if draft.auth_required is not None
                else scheme != "none",
                paginated=draft.paginated,
                idempotent=draft.idempotent,
            )
        )
    return Api(base_path=base, auth_scheme=scheme, endpoints=endpoints)


def _endpoint_entity(segments: list[str], entities: list[str]) -> str | None:
    """Return the entity of the last path segment that names one (/members/{id}/loans: loan)."""
    for segment in reversed(segments):
        if segment.startswith("{") or not any(c.isalnum() for c in segment):
            continue
        found = entity_named(to_identifier(segment), entities)
        if found:
            return found
    return None


def _base_path(paths: list[str]) -> str:
    """Return a shared `/api` or `/api/v1` prefix of every path, else `/`."""
    prefixes = {m.group(0) if (m := re.match(r"^/api(/v\d+)?(?=/|$)", p)) else "" for p in paths}
    return prefixes.pop() if len(prefixes) == 1 and "" not in prefixes else "/"


def _response(method: str, segments: list[str]) -> str:
    if method == "DELETE":
        return "none"
    if method == "GET" and segments and not segments[-1].startswith("{"):
        return "list"
    return "entity"
