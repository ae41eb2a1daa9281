"""A small hand-built plan for tests that need a valid plan without running an engine."""

from __future__ import annotations

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
    Relationship,
    Requirement,
    StackChoice,
    Step,
    TechnicalPlan,
)


def sample_plan() -> TechnicalPlan:
    """Return a valid little library plan: members borrow copies of books."""
    fr1, fr2, nfr1 = "FR-001", "FR-002", "NFR-001"
    entities = [
        Entity(
            name="member",
            serves=[fr1],
            attributes=[
                Attribute(name="id", type="bigint", primary_key=True, nullable=False),
                Attribute(name="email", type="text", unique=True, nullable=False),
            ],
        ),
        Entity(
            name="book",
            serves=[fr1],
            attributes=[
                Attribute(name="id", type="bigint", primary_key=True, nullable=False),
                Attribute(name="title", type="text", nullable=False),
            ],
        ),
        Entity(
            name="loan",
            serves=[fr2],
            attributes=[
                Attribute(name="id", type="bigint", primary_key=True, nullable=False),
                Attribute(name="member_id", type="bigint", foreign_key="member", indexed=True,
                          nullable=False),
                Attribute(name="book_id", type="bigint", foreign_key="book", indexed=True,
                          nullable=False),
                Attribute(name="status", type="text", choices=["open", "returned"]),
            ],
        ),
    ]
    return TechnicalPlan(
        title="Library",
        summary="Members borrow books.",
        brief="A library where members borrow books and renew loans.",
        requirements=[
            Requirement(id=fr1, kind="functional", text="Members browse books"),
            Requirement(id=fr2, kind="functional", text="Members borrow and renew loans"),
            Requirement(id=nfr1, kind="non_functional", text="p95 under 300 ms", metric="p95",
                        target=300, unit="ms"),
        ],
        decisions=[
            Decision(
                id="D-001", title="Architecture style", context="Small team", choice="Modular monolith",
                rationale="One deployable is enough", serves=[fr1, fr2, nfr1],
                options=[Option(name="Modular monolith"), Option(name="Microservices")],
            )
        ],
        architecture=Architecture(
            style="modular monolith",
            components=[
                Component(id="client", name="Web app", kind="client", responsibility="UI", serves=[fr1]),
                Component(id="api", name="API", kind="service", responsibility="Rules", serves=[fr1, fr2]),
                Component(id="db", name="PostgreSQL", kind="database", responsibility="Data",
                          technology="PostgreSQL 16", serves=[fr1, fr2]),
            ],
            connections=[
                Connection(source="client", target="api", label="REST"),
                Connection(source="api", target="db", label="SQL", protocol="TCP"),
            ],
        ),
        data_model=DataModel(
            entities=entities,
            relationships=[
                Relationship(source="member", target="loan", cardinality="one-to-many"),
                Relationship(source="book", target="loan", cardinality="one-to-many"),
            ],
        ),
        api=Api(
            endpoints=[
                Endpoint(method="GET", path="/books", summary="List books", entity="book",
                         response="list", paginated=True, auth_required=False, serves=[fr1]),
                Endpoint(method="POST", path="/loans/{id}/renew", summary="Renew a loan",
                         entity="loan", serves=[fr2]),
            ]
        ),
        stack=[StackChoice(layer="Database", choice="PostgreSQL", rationale="Relational data",
                           alternatives=["MySQL"], serves=[fr1])],
        steps=[
            Step(id="S1", title="Schema", serves=[fr1]),
            Step(id="S2", title="Loans API", depends_on=["S1"], serves=[fr2, nfr1]),
        ],
    ).with_id()
