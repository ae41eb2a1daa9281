"""Lint: consistency and design checks over a plan, each finding with a stable rule id.

Three sources of rules: the built-in checks below (ids like DM001), the `lint` checks of
the selected skills (ids like `designing-apis/idempotency-keys`), and a project's
principles file (PRIN ids, critical unless the plan records an exception).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from archnb.errors import UsageProblem
from archnb.plan import Finding, TechnicalPlan, personal_tables

if TYPE_CHECKING:
    from archnb.skills import LintCheck, Skill

SEVERITY_ORDER = {"critical": 0, "error": 1, "warning": 2, "info": 3}
_TYPE_FAMILY = {
    "smallint": "int",
    "integer": "int",
    "bigint": "int",
    "uuid": "uuid",
    "text": "text",
    "date": "date",
    "timestamptz": "ts",
    "timestamp": "ts",
}
_OPEN_PATHS = re.compile(
    r"(login|logout|signup|sign-up|register|token|webhook|health|auth|session)"
)

Check = Callable[[TechnicalPlan], Iterator[Finding]]
_CHECKS: list[Check] = []


def _check(func: Check) -> Check:
    _CHECKS.append(func)
    return func


def _finding(rule: str, severity: str, message: str, where: str = "", hint: str = "") -> Finding:
    return Finding(rule=rule, severity=severity, message=message, where=where, hint=hint)


def _repeated(names: list[str]) -> list[str]:
    """Return the names that occur more than once, sorted."""
    return sorted(name for name, count in Counter(names).items() if count > 1)


# --- data model -----------------------------------------------------------------------


@_check
def _entities(plan: TechnicalPlan) -> Iterator[Finding]:
    names = [e.name for e in plan.data_model.entities]
    known = set(names)
    for name in _repeated(names):
        yield _finding(
            "DM006",
            "error",
            f"entity {name!r} is defined more than once",
            f"data_model.entities[{name}]",
            "merge the two definitions",
        )
    for entity in plan.data_model.entities:
        where = f"data_model.entities[{entity.name}]"
        if not entity.primary_key():
            yield _finding(
                "DM002",
                "error",
                f"entity {entity.name!r} has no primary key",
                where,
                "add an id attribute with primary_key: true",
            )
        attr_names = [a.name for a in entity.attributes]
        for dup in _repeated(attr_names):
            yield _finding(
                "DM005",
                "error",
                f"{entity.name}.{dup} is defined more than once",
                where,
                "keep one attribute of each name",
            )
        by_name = {a.name: a for a in entity.attributes}
        for group in entity.unique_together:
            missing = [c for c in group if c not in by_name]
            if missing:
                yield _finding(
                    "DM010",
                    "error",
                    f"unique constraint on {entity.name} names unknown column {missing[0]!r}",
                    where,
                    "list only attributes of the entity",
                )
        yield from _foreign_keys(plan, entity, known, where)


def _foreign_keys(
    plan: TechnicalPlan, entity: Any, known: set[str], where: str
) -> Iterator[Finding]:
    for attr in entity.attributes:
        if attr.foreign_key is None:
            continue
        spot = f"{where}.{attr.name}"
        if attr.foreign_key not in known:
            yield _finding(
                "DM001",
                "error",
                f"{entity.name}.{attr.name} references unknown entity {attr.foreign_key!r}",
                spot,
                "add that entity or point the key at an existing one",
            )
            continue
        if not (attr.indexed or attr.unique or _leads_an_index(entity, attr.name)):
            yield _finding(
                "DM003",
                "warning",
                f"foreign key {entity.name}.{attr.name} has no index",
                spot,
                "mark it indexed: joins and cascading deletes scan the table otherwise",
            )
        target = plan.data_model.entity(attr.foreign_key)
        pk = target.primary_key() if target else []
        if len(pk) == 1 and _family(pk[0].type) != _family(attr.type):
            yield _finding(
                "DM008",
                "error",
                f"{entity.name}.{attr.name} is {attr.type} but {target.name}.{pk[0].name} "
                f"is {pk[0].type}",
                spot,
                "give the foreign key the referenced key's type",
            )


def _leads_an_index(entity: Any, column: str) -> bool:
    """Return True when a primary key or unique constraint starts with `column`.

    PostgreSQL indexes both, and an index serves lookups on its leading column.
    """
    pk = entity.primary_key()
    if pk and pk[0].name == column:
        return True
    return any(group and group[0] == column for group in entity.unique_together)


def _family(sql_type: str) -> str:
    base = sql_type.split("(")[0]
    return _TYPE_FAMILY.get(base, base)


@_check
def _relationships(plan: TechnicalPlan) -> Iterator[Finding]:
    known = {e.name for e in plan.data_model.entities}
    for rel in plan.data_model.relationships:
        where = f"data_model.relationships[{rel.source}->{rel.target}]"
        for end in (rel.source, rel.target, rel.via):
            if end is not None and end not in known:
                yield _finding(
                    "DM004",
                    "error",
                    f"relationship names unknown entity {end!r}",
                    where,
                    "add the entity or remove the relationship",
                )
        if rel.cardinality == "many-to-many" and rel.via is None:
            yield _finding(
                "DM007",
                "warning",
                f"many-to-many {rel.source}-{rel.target} has no join entity",
                where,
                "add a join table with two foreign keys and set `via`",
            )


@_check
def _status_choices(plan: TechnicalPlan) -> Iterator[Finding]:
    for entity in plan.data_model.entities:
        for attr in entity.attributes:
            if attr.name in ("status", "state") and not attr.choices and attr.foreign_key is None:
                yield _finding(
                    "DM009",
                    "info",
                    f"{entity.name}.{attr.name} accepts any value",
                    f"data_model.entities[{entity.name}].{attr.name}",
                    "list the allowed values in `choices` so the DDL adds a CHECK",
                )


# --- API ------------------------------------------------------------------------------


@_check
def _endpoints(plan: TechnicalPlan) -> Iterator[Finding]:
    known = {e.name for e in plan.data_model.entities}
    seen: set[tuple[str, str]] = set()
    for ep in plan.api.endpoints:
        where = f"api.endpoints[{ep.method} {ep.path}]"
        key = (ep.method, re.sub(r"\{[^}]*\}", "{}", ep.path))
        if key in seen:
            yield _finding(
                "API004",
                "error",
                f"{ep.method} {ep.path} is defined twice",
                where,
                "merge the duplicates",
            )
        seen.add(key)
        if ep.entity is not None and ep.entity not in known:
            yield _finding(
                "API001",
                "error",
                f"{ep.method} {ep.path} works on unknown entity {ep.entity!r}",
                where,
                "add the entity or fix the endpoint's entity",
            )
        if (
            ep.method != "GET"
            and not ep.auth_required
            and plan.api.auth_scheme != "none"
            and not _OPEN_PATHS.search(ep.path)
        ):
            yield _finding(
                "API002",
                "warning",
                f"{ep.method} {ep.path} changes data without auth",
                where,
                "set auth_required, or say in the summary why it is public",
            )
        if ep.method == "GET" and ep.response == "list" and not ep.paginated:
            yield _finding(
                "API003",
                "warning",
                f"list endpoint {ep.path} is not paginated",
                where,
                "paginate it (cursor pagination keeps deep pages fast)",
            )


# --- architecture ---------------------------------------------------------------------


@_check
def _components(plan: TechnicalPlan) -> Iterator[Finding]:
    ids = [c.id for c in plan.architecture.components]
    known = set(ids)
    for dup in _repeated(ids):
        yield _finding(
            "ARCH003",
            "error",
            f"component id {dup!r} is used twice",
            f"architecture.components[{dup}]",
            "give each component its own id",
        )
    linked: set[str] = set()
    for conn in plan.architecture.connections:
        for end in (conn.source, conn.target):
            if end not in known:
                yield _finding(
                    "ARCH002",
                    "error",
                    f"connection names unknown component {end!r}",
                    f"architecture.connections[{conn.source}->{conn.target}]",
                    "add the component or fix the connection",
                )
        linked.update((conn.source, conn.target))
    if len(known) > 1:
        for comp in plan.architecture.components:
            if comp.id not in linked:
                yield _finding(
                    "ARCH001",
                    "warning",
                    f"component {comp.name!r} has no connection",
                    f"architecture.components[{comp.id}]",
                    "connect it to what calls it or what it calls, or remove it",
                )
    if plan.data_model.entities and not any(
        c.kind == "database" for c in plan.architecture.components
    ):
        yield _finding(
            "ARCH004",
            "warning",
            "the data model has no database component",
            "architecture.components",
            "add the database that stores the entities",
        )


# --- steps ----------------------------------------------------------------------------


@_check
def _steps(plan: TechnicalPlan) -> Iterator[Finding]:
    graph = {s.id: list(s.depends_on) for s in plan.steps}
    for step in plan.steps:
        for dep in step.depends_on:
            if dep not in graph:
                yield _finding(
                    "STEP002",
                    "error",
                    f"step {step.id} depends on unknown step {dep!r}",
                    f"steps[{step.id}]",
                    "depend only on steps of this plan",
                )
    cycle = _find_cycle(graph)
    if cycle:
        yield _finding(
            "STEP001",
            "error",
            "steps depend on each other in a cycle: " + " -> ".join(cycle),
            "steps",
            "break the cycle: one step must come first",
        )


def _find_cycle(graph: dict[str, list[str]]) -> list[str]:
    """Return one cycle in `graph` as a list of nodes (first repeated last), or []."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


# --- requirements and decisions -------------------------------------------------------


@_check
def _coverage(plan: TechnicalPlan) -> Iterator[Finding]:
    ids = plan.requirement_ids()
    served: set[str] = set()
    for label, items, key in _serving_elements(plan):
        for item in items:
            name = getattr(item, key)
            for req in item.serves:
                if req not in ids:
                    yield _finding(
                        "REQ003",
                        "error",
                        f"{label} {name!r} serves unknown requirement {req}",
                        f"{label}[{name}]",
                        "use ids from plan.requirements",
                    )
            served.update(item.serves)
            if ids and not item.serves:
                yield _finding(
                    "REQ002",
                    "info",
                    f"{label} {name!r} serves no requirement",
                    f"{label}[{name}]",
                    "link it to the requirement it exists for",
                )
    for req in plan.requirements:
        if req.id not in served:
            yield _finding(
                "REQ001",
                "warning",
                f"requirement {req.id} is served by nothing in the plan: {req.text[:80]}",
                f"requirements[{req.id}]",
                "add what serves it, or drop the requirement",
            )


def _serving_elements(plan: TechnicalPlan) -> list[tuple[str, list, str]]:
    return [
        ("entity", plan.data_model.entities, "name"),
        ("endpoint", plan.api.endpoints, "path"),
        ("component", plan.architecture.components, "id"),
        ("decision", plan.decisions, "id"),
        ("step", plan.steps, "id"),
    ]


@_check
def _decisions(plan: TechnicalPlan) -> Iterator[Finding]:
    for decision in plan.decisions:
        if len(decision.options) < 2:
            yield _finding(
                "DEC001",
                "warning",
                f"decision {decision.id} ({decision.title}) considers no alternative",
                f"decisions[{decision.id}]",
                "list the options that were weighed",
            )


# --- skills' checks -------------------------------------------------------------------


def _skill_findings(plan: TechnicalPlan, skills: list[Skill]) -> Iterator[Finding]:
    checks = [(s.name, c) for s in skills if s.rules for c in s.rules.lint]
    if not checks:
        return
    from archnb.engines.offline.rules import when_holds

    facts = _facts(plan.brief or plan.summary)
    for skill_name, check in checks:
        if when_holds(check.when, facts, plan) and not requirement_met(check, plan):
            yield _finding(
                f"{skill_name}/{check.id}", check.severity, check.message, "plan", check.hint
            )


@lru_cache(maxsize=16)
def _facts(text: str) -> Any:
    """Return the brief's facts, memoised: a plan is often linted again for the same brief."""
    from archnb.engines.offline.reader import read_brief

    return read_brief(text)


def requirement_met(check: LintCheck, plan: TechnicalPlan) -> bool:
    """Return True when the plan has what a skill's lint check requires."""
    need = check.require
    if need.component_kind and not any(
        c.kind == need.component_kind for c in plan.architecture.components
    ):
        return False
    if need.stack_layer and not any(
        s.layer.lower() == need.stack_layer.lower() for s in plan.stack
    ):
        return False
    if need.entity and plan.data_model.entity(need.entity) is None:
        return False
    if need.attribute:
        # The entity an attribute points at does not carry it itself: `tenant` has no
        # tenant_id, though every table that references it does.
        targets = {
            a.foreign_key
            for e in plan.data_model.entities
            for a in e.attributes
            if a.name == need.attribute and a.foreign_key
        }
        # Nor do people's accounts, when a table that carries the attribute links them (a
        # membership: one login, several tenants), or the rows only a person owns (sessions).
        if targets and any(
            need.attribute in {a.name for a in e.attributes}
            and any(a.foreign_key == "user" for a in e.attributes)
            for e in plan.data_model.entities
        ):
            targets |= personal_tables(plan.data_model.entities)
        has = [
            any(a.name == need.attribute for a in e.attributes)
            for e in plan.data_model.entities
            if e.name not in targets
        ]
        if not has or not (all(has) if need.on == "all" else any(has)):
            return False
    if need.text:
        blob = " ".join(
            [d.model_dump_json() for d in plan.decisions]
            + [plan.scalability.model_dump_json(), plan.security.model_dump_json()]
        )
        if need.text.lower() not in blob.lower():
            return False
    return True


# --- principles -----------------------------------------------------------------------


class Principles(BaseModel):
    """A project's principles (.archnb/principles.toml). Every list is optional."""

    model_config = ConfigDict(extra="forbid")

    languages: list[str] = Field(default_factory=list, description="Allowed languages")
    datastores: list[str] = Field(default_factory=list, description="Allowed datastores")
    forbidden: list[str] = Field(default_factory=list, description="Forbidden patterns/tech")
    data_residency: list[str] = Field(default_factory=list, description="Allowed regions")
    max_monthly_cost_usd: float | None = None


def find_principles(path: str | Path | None, cwd: Path | None = None) -> Path | None:
    """Return the principles file to use: the one named, else .archnb/principles.toml, else None."""
    if path:
        found = Path(path).expanduser()
        if not found.is_file():
            raise UsageProblem(
                f"principles file {str(found)!r} does not exist",
                hint="pass the path of a principles.toml",
            )
        return found
    default = Path(cwd or Path.cwd()) / ".archnb" / "principles.toml"
    return default if default.is_file() else None


def load_principles(path: Path) -> Principles:
    """Parse a principles.toml (top level or under [principles]); UsageProblem if malformed."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise UsageProblem(
            f"{path}: not valid TOML ({err})", hint="see docs/principles.md"
        ) from None
    data = data.get("principles", data)
    try:
        return Principles.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise UsageProblem(
            f"{path}: field {field!r}: {first['msg']}", hint="see docs/principles.md"
        ) from None


def principle_findings(plan: TechnicalPlan, principles: Principles) -> list[Finding]:
    """Check a plan against principles; a recorded, justified exception lowers it to info."""
    found: list[Finding] = []

    def violation(rule: str, term: str, message: str, hint: str) -> None:
        exception = _exception_for(plan, term)
        if exception:
            found.append(_finding(rule, "info", f"{message} (accepted: {exception})", "principles"))
        else:
            found.append(_finding(rule, "critical", message, "principles", hint))

    texts = _design_texts(plan)
    for term in principles.forbidden:
        if any(_mentions(t, term) for t in texts):
            violation(
                "PRIN001",
                term,
                f"the plan uses {term!r}, which the principles forbid",
                "choose an allowed alternative, or record a decision with principle_exception",
            )
    if principles.languages:
        for choice in plan.stack:
            if re.search(r"language|backend|runtime|framework", choice.layer, re.I) and not any(
                _mentions(choice.choice, lang) for lang in principles.languages
            ):
                violation(
                    "PRIN002",
                    choice.choice,
                    f"stack {choice.layer}: {choice.choice!r} is not "
                    f"an allowed language ({', '.join(principles.languages)})",
                    "pick an allowed language or record an exception",
                )
    if principles.datastores:
        for comp in plan.architecture.components:
            stores = ("database", "cache", "search", "vector_store", "queue")
            allowed = any(_mentions(comp.technology, s) for s in principles.datastores)
            if comp.kind in stores and comp.technology and not allowed:
                violation(
                    "PRIN003",
                    comp.technology,
                    f"{comp.name} uses {comp.technology!r}, "
                    f"not an allowed datastore ({', '.join(principles.datastores)})",
                    "use an allowed datastore or record an exception",
                )
    if principles.data_residency:
        for region in sorted(
            set(re.findall(r"\b(us|eu|ap|sa|ca|me|af)-[a-z]+-\d\b", " ".join(texts)))
        ):
            if not any(region.startswith(r.lower()) for r in principles.data_residency):
                violation(
                    "PRIN004",
                    region,
                    f"the plan places data in region {region!r}",
                    "keep data in the regions the principles allow",
                )
    ceiling = principles.max_monthly_cost_usd
    if ceiling is not None and plan.capacity.monthly_cost_usd > ceiling:
        violation(
            "PRIN005",
            "cost",
            f"estimated cost ${plan.capacity.monthly_cost_usd:,.0f}/month is "
            f"over the ${ceiling:,.0f} ceiling",
            "trim the stack or raise the ceiling",
        )
    return found


def _design_texts(plan: TechnicalPlan) -> list[str]:
    texts = [plan.architecture.style]
    texts += [f"{s.layer} {s.choice}" for s in plan.stack]
    texts += [f"{c.name} {c.technology}" for c in plan.architecture.components]
    texts += [d.choice for d in plan.decisions]
    return texts


def _mentions(text: str, term: str) -> bool:
    stem = re.escape(term.lower().rstrip("s"))
    return re.search(rf"(?<![a-z0-9]){stem}s?(?![a-z0-9])", text.lower()) is not None


def _exception_for(plan: TechnicalPlan, term: str) -> str | None:
    """Return the recorded justification for breaking a principle about `term`, if complete."""
    for decision in plan.decisions:
        if not decision.principle_exception or len(decision.options) < 2:
            continue
        if term == "cost" or _mentions(f"{decision.title} {decision.choice}", term):
            return decision.principle_exception
    return None


# --- entry point ----------------------------------------------------------------------


def lint_plan(
    plan: TechnicalPlan,
    skills: list[Skill] | None = None,
    principles: str | Path | None = None,
    cwd: Path | None = None,
) -> list[Finding]:
    """Return every finding for `plan`, most severe first, in a stable order."""
    findings: list[Finding] = []
    for check in _CHECKS:
        findings.extend(check(plan))
    if skills:
        findings.extend(_skill_findings(plan, skills))
    path = find_principles(principles, cwd)
    if path is not None:
        findings.extend(principle_findings(plan, load_principles(path)))
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.where, f.message))


def has_blocking(findings: list[Finding]) -> bool:
    return any(f.severity in ("error", "critical") for f in findings)
