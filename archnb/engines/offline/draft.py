"""Draft a TechnicalPlan from a brief (first, minimal version; deepened next)."""

from __future__ import annotations

import re

from archnb.engines.base import DraftRequest
from archnb.plan import (
    Architecture,
    Attribute,
    Component,
    Connection,
    DataModel,
    Decision,
    Endpoint,
    Entity,
    Requirement,
    StackChoice,
    Step,
    TechnicalPlan,
)

_WORD = re.compile(r"\b([a-z]{4,})s\b")
_SKIP = {"users", "systems", "platforms", "features", "services", "apis", "details", "things", "times", "ways", "needs", "items"}


def draft_plan(request: DraftRequest) -> TechnicalPlan:
    """Return a small but valid plan: a few entities from plural nouns, CRUD endpoints."""
    brief = request.brief
    names = []
    for match in _WORD.finditer(brief.lower()):
        word = match.group(0)
        if word not in _SKIP and match.group(1) not in names:
            names.append(match.group(1))
    names = names[:6] or ["item"]
    req = Requirement(id="FR-001", kind="functional", text=brief.split(".")[0][:200], source=brief[:200])
    entities = [
        Entity(
            name=n,
            attributes=[
                Attribute(name="id", type="uuid", primary_key=True, nullable=False, default="random_uuid"),
                Attribute(name="created_at", type="timestamptz", nullable=False, default="now"),
            ],
            serves=["FR-001"],
        )
        for n in names
    ]
    endpoints = []
    for n in names:
        endpoints.append(Endpoint(method="GET", path=f"/{n}s", summary=f"List {n}s", entity=n, response="list", paginated=True, serves=["FR-001"]))
        endpoints.append(Endpoint(method="POST", path=f"/{n}s", summary=f"Create a {n}", entity=n, serves=["FR-001"]))
    return TechnicalPlan(
        title="Technical plan",
        summary=brief[:300],
        brief=brief,
        requirements=[req],
        decisions=[Decision(id="D-001", title="Architecture style", context="Start simple.", choice="Modular monolith", rationale="One deployable is enough.", serves=["FR-001"])],
        architecture=Architecture(
            style="modular monolith",
            components=[
                Component(id="client", name="Client", kind="client", responsibility="Web or mobile client", serves=["FR-001"]),
                Component(id="api", name="API", kind="service", responsibility="The application", technology="Python", serves=["FR-001"]),
                Component(id="db", name="PostgreSQL", kind="database", responsibility="System of record", technology="PostgreSQL 16", serves=["FR-001"]),
            ],
            connections=[Connection(source="client", target="api", label="HTTPS"), Connection(source="api", target="db", label="SQL", protocol="SQL")],
        ),
        data_model=DataModel(entities=entities),
        stack=[StackChoice(layer="Database", choice="PostgreSQL 16", rationale="Relational", serves=["FR-001"])],
        steps=[Step(id="S1", title="Walking skeleton", serves=["FR-001"])],
    )
