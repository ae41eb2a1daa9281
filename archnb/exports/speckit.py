"""The spec-kit export: plan.md, research.md, data-model.md, contracts/, quickstart.md, tasks.md.

The files follow the layout GitHub's spec-kit produces for a feature folder, filled from the
plan; where the plan says nothing (for example the test framework) the file says
NEEDS CLARIFICATION, as spec-kit's own templates do, instead of inventing an answer.
"""

from __future__ import annotations

from archnb.exports.tasks import Task, number_tasks
from archnb.exports.text import (
    NONE,
    code,
    document,
    fenced,
    inline,
    requirement_links,
    service_components,
    stack_choice,
    table,
)
from archnb.plan import Endpoint, Finding, TechnicalPlan

UNCLEAR = "NEEDS CLARIFICATION"
BLOCKING = ("error", "critical")


def render_speckit(
    plan: TechnicalPlan,
    *,
    findings: list[Finding] | None = None,
    parent: TechnicalPlan | None = None,
    date: str | None = None,
) -> dict[str, str]:
    """Return the spec-kit feature files for `plan`, keyed by relative path."""
    from archnb.render.openapi import render_openapi_yaml
    from archnb.render.sql import render_ddl

    return {
        "plan.md": plan_md(plan, findings, date),
        "research.md": research_md(plan),
        "data-model.md": data_model_md(plan),
        "contracts/openapi.yaml": render_openapi_yaml(plan),
        "contracts/schema.sql": render_ddl(plan),
        "quickstart.md": quickstart_md(plan),
        "tasks.md": tasks_md(plan),
    }


# --- plan.md --------------------------------------------------------------------------


def plan_md(plan: TechnicalPlan, findings: list[Finding] | None, date: str | None) -> str:
    """Return plan.md: summary, technical context, principles check, project structure."""
    header = f"**Plan**: {code(plan.plan_id or 'unsaved')}"
    if plan.metadata.parent_id:
        header += f" | **Refines**: {code(plan.metadata.parent_id)}"
    if date:
        header += f" | **Date**: {inline(date)}"
    lines = [
        f"# Implementation Plan: {inline(plan.title)}",
        "",
        header,
        "**Input**: the brief below, planned by archnb "
        f"({inline(plan.metadata.engine)} engine)",
        "",
        "## Summary",
        "",
        inline(plan.summary),
        "",
        f"Architecture: {inline(plan.architecture.style)}. {inline(plan.architecture.summary)}",
        "",
        "## Technical Context",
        "",
        *_technical_context(plan),
        "",
        "## Constitution Check",
        "",
        *_principles_check(plan, findings),
        "",
        "## Project Structure",
        "",
        "### Documentation (this feature)",
        "",
        *fenced("text", _docs_tree()),
        "",
        "### Source Code (repository root)",
        "",
        *fenced("text", _source_tree(plan)),
        "",
        "## Complexity Tracking",
        "",
        *_complexity(plan),
    ]
    if plan.brief:
        lines += ["", "## Brief", "", *fenced("text", plan.brief)]
    return document(lines)


def _technical_context(plan: TechnicalPlan) -> list[str]:
    nfrs = [r for r in plan.requirements if r.kind == "non_functional"]
    goals = [_goal(r) for r in nfrs if r.target is not None]
    constraints = [*plan.security.compliance, *(r.text for r in nfrs if r.target is None)]
    scale = [f"{row.metric}: {row.value:g} {row.unit}" for row in plan.capacity.rows[:4]]
    scale.append(
        f"{len(plan.data_model.entities)} entities, {len(plan.api.endpoints)} endpoints, "
        f"{len(plan.architecture.components)} components"
    )
    fields = [
        ("Language/Version", stack_choice(plan, "language", "runtime")),
        ("Primary Dependencies", stack_choice(plan, "framework", "backend", "api", "web")),
        ("Storage", stack_choice(plan, "database", "storage", "datastore")),
        ("Testing", stack_choice(plan, "test")),
        ("Target Platform", stack_choice(plan, "hosting", "platform", "deploy", "infra", "cloud")),
        ("Project Type", f"{plan.api.style} backend ({plan.architecture.style})"),
        ("Performance Goals", "; ".join(goals) or None),
        ("Constraints", "; ".join(constraints) or None),
        ("Scale/Scope", "; ".join(scale)),
    ]
    return [f"**{name}**: {inline(value) if value else UNCLEAR}  " for name, value in fields]


def _goal(requirement) -> str:
    unit = f" {requirement.unit}" if requirement.unit else ""
    metric = requirement.metric or requirement.text
    return f"{metric} {requirement.target:g}{unit} ({requirement.id})"


def _principles_check(plan: TechnicalPlan, findings: list[Finding] | None) -> list[str]:
    if findings is None:
        return ["Not checked: export with lint findings (`archnb lint`) to fill this gate."]
    blocking = [f for f in findings if f.severity in BLOCKING]
    verdict = "FAIL" if blocking else "PASS"
    lines = [
        f"**Gate**: {verdict} ({len(blocking)} blocking of {len(findings)} findings)",
        "",
    ]
    if findings:
        rows = [(f.rule, f.severity, f.message, f.where) for f in findings]
        lines += table(["Rule", "Severity", "Finding", "Where"], rows)
    else:
        lines.append("No findings: the plan passes every check archnb ran.")
    return lines


def _docs_tree() -> str:
    return "\n".join(
        [
            "plan.md              # this file",
            "research.md          # decisions, rationale, alternatives",
            "data-model.md        # entities, fields, relationships",
            "quickstart.md        # how to check the feature works",
            "contracts/",
            "├── openapi.yaml     # the API contract (OpenAPI 3.1)",
            "└── schema.sql       # the PostgreSQL schema",
            "tasks.md             # the ordered task list",
        ]
    )


def _source_tree(plan: TechnicalPlan) -> str:
    lines = ["src/"]
    services = service_components(plan)
    entities = [e.name for e in plan.data_model.entities]
    for i, service in enumerate(services):
        last = i == len(services) - 1
        branch, stem = ("└── ", "    ") if last else ("├── ", "│   ")
        lines.append(f"{branch}{service}/")
        lines.append(f"{stem}├── api/          # HTTP handlers ({len(plan.api.endpoints)} endpoints)")
        lines.append(f"{stem}├── models/       # {', '.join(entities) or 'no entities'}")
        lines.append(f"{stem}└── services/     # domain logic")
    lines += [
        "migrations/",
        "└── 0001_initial.sql   # from contracts/schema.sql",
        "tests/",
        "├── contract/          # against contracts/openapi.yaml",
        "├── integration/       # against a real PostgreSQL",
        "└── unit/",
    ]
    return "\n".join(lines)


def _complexity(plan: TechnicalPlan) -> list[str]:
    exceptions = [d for d in plan.decisions if d.principle_exception]
    if not exceptions:
        return ["No principle exceptions recorded."]
    rows = [
        (f"{d.id}: {d.title}", d.principle_exception, d.rationale) for d in exceptions
    ]
    return table(["Violation", "Why Needed", "Simpler Alternative Rejected Because"], rows)


# --- research.md ----------------------------------------------------------------------


def research_md(plan: TechnicalPlan) -> str:
    """Return research.md: each decision and stack choice with rationale and alternatives."""
    lines = [f"# Research: {inline(plan.title)}", ""]
    for decision in plan.decisions:
        lines += [f"## {inline(decision.id)}: {inline(decision.title)}", ""]
        lines += [f"**Context**: {inline(decision.context)}", ""]
        lines += [f"**Decision**: {inline(decision.choice)}", ""]
        lines += [f"**Rationale**: {inline(decision.rationale)}", ""]
        lines += ["**Alternatives considered**:", ""]
        others = [o for o in decision.options if o.name != decision.choice]
        lines += [_option_line(o) for o in others] or ["- none recorded"]
        lines += ["", f"**Requirements**: {requirement_links(decision.serves)}", ""]
    if plan.stack:
        lines += ["## Technology choices", ""]
        for choice in plan.stack:
            lines += [f"### {inline(choice.layer)}", ""]
            lines += [f"**Decision**: {inline(choice.choice)}", ""]
            lines += [f"**Rationale**: {inline(choice.rationale)}", ""]
            alternatives = ", ".join(inline(a) for a in choice.alternatives) or "none recorded"
            lines += [f"**Alternatives considered**: {alternatives}", ""]
    if plan.open_questions:
        lines += ["## Open questions", ""]
        for q in plan.open_questions:
            lines.append(
                f"- {UNCLEAR} ({inline(q.id)}): {inline(q.question)} "
                f"Assumed meanwhile: {inline(q.assumption)}"
            )
    return document(lines)


def _option_line(option) -> str:
    parts = [f"- {inline(option.name)}"]
    if option.pros:
        parts.append("pros: " + "; ".join(inline(p) for p in option.pros))
    if option.cons:
        parts.append("cons: " + "; ".join(inline(c) for c in option.cons))
    return parts[0] if len(parts) == 1 else parts[0] + " (" + "; ".join(parts[1:]) + ")"


# --- data-model.md --------------------------------------------------------------------


def data_model_md(plan: TechnicalPlan) -> str:
    """Return data-model.md: the ERD, then each entity's fields, relationships and rules."""
    from archnb.render.mermaid import render_erd

    lines = [f"# Data Model: {inline(plan.title)}", ""]
    if plan.data_model.entities:
        lines += [*fenced("mermaid", render_erd(plan)), ""]
    for entity in plan.data_model.entities:
        lines += [f"## Entity: {code(entity.name)}", "", inline(entity.description), ""]
        lines += [f"**Requirements**: {requirement_links(entity.serves)}", ""]
        rows = [(code(a.name), code(a.type), _constraints(a), a.description) for a in entity.attributes]
        lines += _raw_table(["Field", "Type", "Constraints", "Description"], rows)
        rules = _validation_rules(entity)
        if rules:
            lines += ["", "**Validation rules**:", "", *rules]
        lines.append("")
    if plan.data_model.relationships:
        lines += ["## Relationships", ""]
        rows = [
            (code(r.source), r.cardinality, code(r.target), inline(r.label) or NONE,
             code(r.via) if r.via else NONE)
            for r in plan.data_model.relationships
        ]
        lines += _raw_table(["From", "Cardinality", "To", "Label", "Via"], rows)
    return document(lines)


def _constraints(attribute) -> str:
    flags = []
    if attribute.primary_key:
        flags.append("primary key")
    if attribute.foreign_key:
        flags.append(f"references {code(attribute.foreign_key)}")
    if not attribute.nullable and not attribute.primary_key:
        flags.append("required")
    if attribute.unique:
        flags.append("unique")
    if attribute.indexed:
        flags.append("indexed")
    if attribute.default:
        flags.append(f"default {attribute.default}")
    return ", ".join(flags) or NONE


def _validation_rules(entity) -> list[str]:
    rules = []
    for attribute in entity.attributes:
        if attribute.choices:
            allowed = ", ".join(inline(c) for c in attribute.choices)
            rules.append(f"- {code(attribute.name)} is one of: {allowed}")
    for group in entity.unique_together:
        rules.append(f"- unique together: {', '.join(code(n) for n in group)}")
    return rules


def _raw_table(header: list[str], rows: list[tuple[str, ...]]) -> list[str]:
    """A table whose cells are already Markdown (escaped or code spans)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(v or NONE for v in row) + " |" for row in rows]
    return lines


# --- quickstart.md --------------------------------------------------------------------


def quickstart_md(plan: TechnicalPlan) -> str:
    """Return quickstart.md: set up the schema, then one check per functional requirement."""
    base = plan.api.base_path.rstrip("/")
    lines = [
        f"# Quickstart: {inline(plan.title)}",
        "",
        "Checks that the built service does what the plan says. Run them against a "
        "local instance once the tasks in tasks.md are done.",
        "",
        "## Setup",
        "",
        *fenced(
            "bash",
            'createdb app_dev\npsql app_dev -f contracts/schema.sql\n'
            'export BASE_URL="http://localhost:8000"\nexport TOKEN="<a valid token>"',
        ),
        "",
        "## Scenarios",
        "",
    ]
    for requirement in plan.requirements:
        endpoints = [e for e in plan.api.endpoints if requirement.id in e.serves]
        lines += [f"### {inline(requirement.id)}: {inline(requirement.text)}", ""]
        if not endpoints:
            lines += ["No endpoint serves this requirement directly; check it by "
                      "the means its acceptance needs (load test, review, monitoring).", ""]
            continue
        for endpoint in endpoints:
            lines += [f"{inline(endpoint.summary)}: expect {_expected_status(endpoint)}.", ""]
            lines += [*fenced("bash", _curl(base, endpoint, plan)), ""]
    return document(lines)


def _expected_status(endpoint: Endpoint) -> str:
    if endpoint.response == "accepted":
        return "202"
    if endpoint.response == "none":
        return "204"
    return "201" if endpoint.method == "POST" else "200"


def _curl(base: str, endpoint: Endpoint, plan: TechnicalPlan) -> str:
    parts = [f'curl -sS -X {endpoint.method} "$BASE_URL{base}{endpoint.path}"']
    if endpoint.auth_required and plan.api.auth_scheme != "none":
        parts.append('-H "Authorization: Bearer $TOKEN"')
    if endpoint.idempotent:
        parts.append('-H "Idempotency-Key: $(uuidgen)"')
    if endpoint.request:
        entity = plan.data_model.entity(endpoint.entity or "")
        types = {a.name: a.type for a in entity.attributes} if entity else {}
        body = ", ".join(f'"{name}": {_example(types.get(name, "text"))}' for name in endpoint.request)
        parts += ['-H "Content-Type: application/json"', f"-d '{{{body}}}'"]
    return " \\\n  ".join(parts)


def _example(sql_type: str) -> str:
    if sql_type.endswith("[]"):
        return "[]"
    if sql_type == "uuid":
        return '"00000000-0000-0000-0000-000000000001"'
    if sql_type in ("smallint", "integer", "bigint") or sql_type.startswith("numeric"):
        return "1"
    if sql_type in ("real", "double precision"):
        return "1.5"
    if sql_type == "boolean":
        return "true"
    if sql_type == "date":
        return '"2030-01-31"'
    if sql_type.startswith("timestamp"):
        return '"2030-01-31T12:00:00Z"'
    if sql_type == "jsonb":
        return "{}"
    return '"example"'


# --- tasks.md -------------------------------------------------------------------------

PHASES = [
    ("setup", "Phase 1: Setup"),
    ("foundation", "Phase 2: Foundational (blocks every later phase)"),
    ("contract", "Phase 3: Contract tests (write them first; they must fail)"),
    ("build", "Phase 4: Implementation (the plan's steps)"),
    ("verify", "Phase 5: Verification (each quality target, and any requirement no task built)"),
]
INFRA_KINDS = ("cache", "queue", "storage", "search", "vector_store", "observability", "external")


def build_tasks(plan: TechnicalPlan) -> list[Task]:
    """Return the numbered tasks: setup, schema and models, contract tests, the plan's steps.

    Task texts are Markdown: free text is escaped, paths are code spans.
    """
    app = service_components(plan)[0]
    tasks = [Task("setup", "setup", "Create the project structure (`src/`, `migrations/`, "
                  "`tests/`) as plan.md shows")]
    tasks.append(Task("schema", "foundation", "Create `migrations/0001_initial.sql` from "
                      "`contracts/schema.sql` and apply it to a development database",
                      depends_on=["setup"]))
    for entity in plan.data_model.entities:
        path = f"src/{app}/models/{entity.name}.py"
        tasks.append(Task(f"model:{entity.name}", "foundation",
                          f"Create the {code(entity.name)} model in {code(path)} (data-model.md)",
                          depends_on=["schema"], serves=list(entity.serves)))
    for component in plan.architecture.components:
        if component.kind in INFRA_KINDS:
            what = f" ({inline(component.technology)})" if component.technology else ""
            tasks.append(Task(f"infra:{component.id}", "foundation",
                              f"Provision {inline(component.name)}{what} and its configuration: "
                              f"{inline(component.responsibility)}", depends_on=["setup"],
                              serves=list(component.serves)))
    for endpoint in plan.api.endpoints:
        path = f"tests/contract/test_{endpoint.operation_id or _operation_name(endpoint)}.py"
        tasks.append(Task(f"contract:{endpoint.method} {endpoint.path}", "contract",
                          f"Contract test for {code(endpoint.method + ' ' + endpoint.path)} "
                          f"in {code(path)}", depends_on=["setup"],
                          serves=list(endpoint.serves)))
    models = [t.key for t in tasks if t.key.startswith("model:")] or ["schema"]
    for step in plan.steps:
        after = [f"step:{d}" for d in step.depends_on] or models
        text = f"{inline(step.title)} (plan step {inline(step.id)})"
        if step.description:
            text += f": {inline(step.description)}"
        details = [f"Deliverable: {inline(d)}" for d in step.deliverables]
        tasks.append(Task(f"step:{step.id}", "build", text, depends_on=after,
                          serves=list(step.serves), details=details))
    built = [t.key for t in tasks if t.phase == "build"] or models
    covered = {r for t in tasks for r in t.serves}
    for requirement in plan.requirements:
        if requirement.kind == "non_functional" or requirement.id not in covered:
            tasks.append(Task(f"verify:{requirement.id}", "verify",
                              f"Check {inline(requirement.id)}: {inline(requirement.text)} "
                              f"({_how_to_check(requirement)})", depends_on=built,
                              serves=[requirement.id]))
    return number_tasks(tasks)


def _how_to_check(requirement) -> str:
    if requirement.target is not None:
        unit = f" {requirement.unit}" if requirement.unit else ""
        return f"measure {requirement.metric or 'it'} against {requirement.target:g}{unit} in a load test"
    if requirement.kind == "non_functional":
        return "review and monitoring"
    return "an end-to-end test of the scenario in quickstart.md"


def _operation_name(endpoint: Endpoint) -> str:
    words = [w for w in endpoint.path.replace("{", "").replace("}", "").split("/") if w]
    return "_".join([endpoint.method.lower(), *[w.replace("-", "_").replace(".", "_") for w in words]])


def tasks_md(plan: TechnicalPlan) -> str:
    """Return tasks.md: `- [ ] T001 [P] [FR-001] text` lines by phase, then the dependencies."""
    tasks = build_tasks(plan)
    lines = [
        f"# Tasks: {inline(plan.title)}",
        "",
        "**Input**: plan.md, research.md, data-model.md, contracts/ in this folder",
        "",
        "## Format: `[ID] [P?] [Requirements] Description`",
        "",
        "- **[P]**: can run at the same time as the other [P] tasks of its phase and wave "
        "(none waits for another)",
        "- **[FR-001]**: the requirements a task serves (see plan.md and research.md)",
        "",
    ]
    for phase, heading in PHASES:
        members = [t for t in tasks if t.phase == phase]
        if not members:
            continue
        lines += [f"## {heading}", ""]
        several = members[-1].wave > 1
        previous = None
        for task in members:
            if several and task.wave != previous:
                lines += ["", f"### Wave {task.wave}", ""]
                previous = task.wave
            lines.append(_task_line(task))
            lines += [f"  - {d}" for d in task.details]
        lines.append("")
    lines += ["## Dependencies & Execution Order", ""]
    lines.append("Phases run in order; within a phase, waves run in order and the [P] tasks "
                 "of one wave can run at the same time.")
    lines.append("")
    lines += [
        f"- {t.id} depends on {', '.join(t.depends_on)}" for t in tasks if t.depends_on
    ] or ["- no dependencies"]
    return document(lines)


def _task_line(task: Task) -> str:
    marks = " [P]" if task.parallel else ""
    if task.serves:
        marks += f" [{', '.join(task.serves)}]"
    return f"- [ ] {task.id}{marks} {task.text}"
