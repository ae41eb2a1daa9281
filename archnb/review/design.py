"""What the parsers collect from a student's design, before it becomes a TechnicalPlan.

Every piece remembers the line it came from, so the plan's findings can point back at the
student's text. Names are kept as written here; plan.py normalises them later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from archnb.plan import Finding


@dataclass
class AttrDraft:
    name: str
    type: str
    line: int
    primary_key: bool = False
    foreign_key: str | None = None  # the referenced table, when the design names it
    marked_fk: bool = False  # an ERD `FK` key, whose target must be inferred
    unique: bool = False
    nullable: bool = True
    indexed: bool = False
    default: str | None = None
    choices: list[str] = field(default_factory=list)
    comment: str = ""


@dataclass
class EntityDraft:
    name: str
    line: int
    origin: str  # "erd" or "ddl": entities of one name from both are merged
    attributes: list[AttrDraft] = field(default_factory=list)
    unique_together: list[list[str]] = field(default_factory=list)

    def attribute(self, name: str) -> AttrDraft | None:
        return next((a for a in self.attributes if same_name(a.name, name)), None)


@dataclass
class RelDraft:
    left: str
    right: str
    left_many: bool
    right_many: bool
    label: str
    line: int


@dataclass
class TableOp:
    """A DDL statement that changes a table defined elsewhere (index, ALTER TABLE ... ADD)."""

    table: str
    line: int
    columns: list[str] = field(default_factory=list)
    kind: str = "index"  # index | unique | primary_key | foreign_key | check | column
    target: str | None = None  # referenced table of a foreign key
    choices: list[str] = field(default_factory=list)
    column: AttrDraft | None = None


@dataclass
class ComponentDraft:
    name: str  # what connections call it; becomes the component id
    kind: str
    technology: str
    line: int
    label: str = ""  # a display name, when the design gives one (flowchart labels)


@dataclass
class ConnectionDraft:
    source: str
    target: str
    label: str
    mode: str
    line: int


@dataclass
class EndpointDraft:
    method: str
    path: str
    summary: str
    line: int
    auth_required: bool | None = None  # None: the design does not say
    paginated: bool = False
    idempotent: bool = False
    accepted: bool = False


@dataclass
class DecisionDraft:
    title: str
    choice: str
    alternatives: list[str]
    line: int


@dataclass
class Design:
    """Everything read from the design so far, plus notes about how it was read."""

    title: str = ""
    style: str = ""
    auth_scheme: str | None = None
    auth_line: int | None = None
    entities: list[EntityDraft] = field(default_factory=list)
    relationships: list[RelDraft] = field(default_factory=list)
    table_ops: list[TableOp] = field(default_factory=list)
    enums: dict[str, list[str]] = field(default_factory=dict)
    components: list[ComponentDraft] = field(default_factory=list)
    connections: list[ConnectionDraft] = field(default_factory=list)
    endpoints: list[EndpointDraft] = field(default_factory=list)
    decisions: list[DecisionDraft] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    def note(self, rule: str, severity: str, line: int, message: str, hint: str = "") -> None:
        self.notes.append(
            Finding(rule=rule, severity=severity, message=message, where=f"line {line}", hint=hint)
        )

    def is_empty(self) -> bool:
        return not (self.entities or self.components or self.endpoints or self.relationships)


def same_name(a: str, b: str) -> bool:
    """Return True when two names written by a student mean the same identifier."""
    return name_key(a) == name_key(b)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Return the identifier a written name becomes (cached: designs repeat their names)."""
    from archnb.plan import to_identifier

    try:
        return to_identifier(name)
    except ValueError:
        return name
