"""The Kiro export: requirements.md (EARS), design.md (with Mermaid), tasks.md (checkboxes).

Kiro numbers requirements (Requirement 1, 2, ...) and their acceptance criteria (1.1, 1.2);
tasks cite criteria as `_Requirements: 1.1, 1.2_`. archnb's own ids (FR-001) are kept next
to Kiro's numbers so both tools can follow the links.
"""

from __future__ import annotations

from archnb.exports.ears import acceptance_criteria, user_story, with_article
from archnb.exports.tasks import Task, number_tasks
from archnb.exports.text import (
    NONE,
    bullets,
    code,
    document,
    fenced,
    inline,
    requirement_links,
    table,
)
from archnb.plan import Finding, TechnicalPlan


def render_kiro(
    plan: TechnicalPlan,
    *,
    findings: list[Finding] | None = None,
    parent: TechnicalPlan | None = None,
    date: str | None = None,
) -> dict[str, str]:
    """Return Kiro's three spec files for `plan`, keyed by relative path."""
    criteria = {r.id: acceptance_criteria(plan, r) for r in plan.requirements}
    return {
        "requirements.md": requirements_md(plan, criteria),
        "design.md": design_md(plan, findings),
        "tasks.md": tasks_md(plan, criteria),
    }


def requirements_md(plan: TechnicalPlan, criteria: dict[str, list[str]]) -> str:
    """Return requirements.md: an introduction, then each requirement as a story with criteria."""
    lines = ["# Requirements Document", "", "## Introduction", "", inline(plan.summary), ""]
    if plan.assumptions:
        lines += ["Assumptions:", "", *bullets(plan.assumptions), ""]
    lines += ["## Requirements", ""]
    for number, requirement in enumerate(plan.requirements, 1):
        story = _story(requirement)
        if requirement.source:
            story += f", so that the brief's need is met (\u201c{inline(requirement.source)}\u201d)"
        lines += [
            f"### Requirement {number}: {inline(requirement.text)}",
            "",
            f"**ID:** {requirement.id} ({requirement.kind.replace('_', '-')})",
            "",
            f"**User Story:** {story}.",
            "",
            "#### Acceptance Criteria",
            "",
        ]
        lines += [f"{n}. {inline(c)}" for n, c in enumerate(criteria[requirement.id], 1)]
        lines.append("")
    if not plan.requirements:
        lines.append("The plan lists no requirements.")
    return document(lines)


def _story(requirement) -> str:
    """Return 'As a <actor>, I want to <action>' (a quality, for a non-functional one)."""
    actor, action = user_story(requirement)
    if requirement.kind == "non_functional":
        return f"As {with_article(actor)}, I want this quality: \u201c{inline(requirement.text)}\u201d"
    want = action if action.startswith(("to ", "a ", "an ", "the ")) else f"to {action}"
    return f"As {with_article(inline(actor))}, I want {inline(want)}"


# --- design.md ------------------------------------------------------------------------


def design_md(plan: TechnicalPlan, findings: list[Finding] | None) -> str:
    """Return design.md: overview, architecture, components and interfaces, data models,
    error handling and testing strategy."""
    from archnb.render.mermaid import render_architecture, render_erd

    lines = [f"# Design Document: {inline(plan.title)}", "", "## Overview", ""]
    lines += [inline(plan.summary), ""]
    if plan.architecture.summary:
        lines += [inline(plan.architecture.summary), ""]
    if plan.open_questions:
        lines += ["Open questions (answer them to refine the design):", ""]
        lines += [f"- {inline(q.question)} Assumed: {inline(q.assumption)}" for q in plan.open_questions]
        lines.append("")
    lines += ["## Architecture", "", f"Style: {inline(plan.architecture.style)}.", ""]
    lines += [*fenced("mermaid", render_architecture(plan)), ""]
    lines += ["## Components and Interfaces", "", *_components(plan)]
    lines += ["## Data Models", ""]
    if plan.data_model.entities:
        lines += [*fenced("mermaid", render_erd(plan)), ""]
    lines += _entities(plan)
    lines += ["## Error Handling", "", *_error_handling(plan), ""]
    lines += ["## Testing Strategy", "", *_testing(plan, findings)]
    return document(lines)


def _components(plan: TechnicalPlan) -> list[str]:
    lines: list[str] = []
    names = {c.id: c.name for c in plan.architecture.components}
    for component in plan.architecture.components:
        lines += [f"### {inline(component.name)} ({code(component.id)}, {component.kind})", ""]
        lines.append(f"- Responsibility: {inline(component.responsibility)}")
        if component.technology:
            lines.append(f"- Technology: {inline(component.technology)}")
        lines.append(f"- Requirements: {requirement_links(component.serves)}")
        for conn in plan.architecture.connections:
            if component.id in (conn.source, conn.target):
                other = conn.target if conn.source == component.id else conn.source
                arrow = "calls" if conn.source == component.id else "called by"
                label = f": {inline(conn.label)}" if conn.label else ""
                lines.append(
                    f"- {arrow} {inline(names.get(other, other))} over {inline(conn.protocol)} "
                    f"({conn.mode}){label}"
                )
        lines.append("")
        if component.kind in ("service", "gateway") and plan.api.endpoints:
            rows = [
                (f"{e.method} {plan.api.base_path.rstrip('/')}{e.path}", e.summary,
                 "yes" if e.auth_required else "no", requirement_links(e.serves))
                for e in plan.api.endpoints
            ]
            lines += ["Interface:", "", *table(["Endpoint", "Summary", "Auth", "Requirements"], rows), ""]
    return lines or ["The plan names no components.", ""]


def _entities(plan: TechnicalPlan) -> list[str]:
    lines: list[str] = []
    for entity in plan.data_model.entities:
        lines += [f"### {code(entity.name)}", "", inline(entity.description) or NONE, ""]
        rows = []
        for a in entity.attributes:
            flags = [f for f, on in (("pk", a.primary_key), ("unique", a.unique),
                                     ("indexed", a.indexed), ("required", not a.nullable)) if on]
            if a.foreign_key:
                flags.append(f"fk -> {a.foreign_key}")
            rows.append((a.name, a.type, ", ".join(flags), a.description))
        lines += [*table(["Field", "Type", "Constraints", "Description"], rows), ""]
    return lines


def _error_handling(plan: TechnicalPlan) -> list[str]:
    endpoints = plan.api.endpoints
    lines = ["- Invalid input is rejected with status 422 and a body naming each bad field."]
    if any(e.auth_required for e in endpoints) and plan.api.auth_scheme != "none":
        lines.append(f"- Missing or invalid credentials ({plan.api.auth_scheme}) give status 401; "
                     "valid credentials without permission give 403.")
    if any(e.path.count("{") for e in endpoints):
        lines.append("- A path naming a record that does not exist gives status 404.")
    if any(a.unique for e in plan.data_model.entities for a in e.attributes if not a.primary_key):
        lines.append("- A write that breaks a uniqueness rule gives status 409; "
                     "the database's unique constraint is the final guard.")
    if any(e.idempotent for e in endpoints):
        lines.append("- Idempotent writes take an Idempotency-Key header; a retry returns the "
                     "first result instead of acting twice.")
    if any(c.mode == "async" for c in plan.architecture.connections):
        lines.append("- Asynchronous work is retried with backoff; messages that keep failing "
                     "go to a dead-letter queue for inspection.")
    lines.append("- Unexpected failures give status 500 with a correlation id, logged with "
                 "the request context; no internal detail reaches the client.")
    for threat in plan.security.threats:
        lines.append(f"- Threat: {inline(threat.threat)}. Mitigation: {inline(threat.mitigation)}")
    for risk in plan.risks:
        lines.append(f"- Risk ({risk.likelihood} likelihood, {risk.impact} impact): "
                     f"{inline(risk.risk)}. Mitigation: {inline(risk.mitigation)}")
    return lines


def _testing(plan: TechnicalPlan, findings: list[Finding] | None) -> list[str]:
    lines = [
        "- Unit tests for each model's validation rules and each service's domain logic.",
        "- Contract tests for every endpoint against the OpenAPI 3.1 document.",
        "- Integration tests against a real PostgreSQL with the schema applied.",
    ]
    for r in plan.requirements:
        if r.kind == "non_functional" and r.target is not None:
            lines.append(f"- {r.id}: measure {inline(r.metric or r.text)} against the target "
                         f"{r.target:g} {inline(r.unit or '')} in a load test.")
    lines += [f"- Security test: {inline(t.threat)}." for t in plan.security.threats]
    if findings:
        lines.append(f"- Resolve the {len(findings)} lint finding(s) from `archnb lint` first.")
    return lines


# --- tasks.md -------------------------------------------------------------------------


def build_tasks(plan: TechnicalPlan) -> list[Task]:
    """Return one task per plan step, or per entity and endpoint when the plan has no steps."""
    if plan.steps:
        tasks = []
        for step in plan.steps:
            details = [inline(step.description)] if step.description else []
            details += [f"Deliverable: {inline(d)}" for d in step.deliverables]
            tasks.append(Task(step.id, "build", inline(step.title), depends_on=list(step.depends_on),
                              serves=list(step.serves), details=details))
        return number_tasks(tasks, prefix="", width=1, reorder=False)
    tasks = [Task(f"model:{e.name}", "build", f"Create the {code(e.name)} model and its migration",
                  serves=list(e.serves)) for e in plan.data_model.entities]
    tasks += [Task(f"api:{e.method} {e.path}", "build",
                   f"Implement {code(e.method + ' ' + e.path)} with its tests",
                   depends_on=[f"model:{e.entity}"] if e.entity else [], serves=list(e.serves))
              for e in plan.api.endpoints]
    return number_tasks(tasks, prefix="", width=1, reorder=False)


def tasks_md(plan: TechnicalPlan, criteria: dict[str, list[str]]) -> str:
    """Return tasks.md: a checkbox list whose tasks cite acceptance criteria (1.1, 2.3)."""
    numbers = {r.id: n for n, r in enumerate(plan.requirements, 1)}
    lines = ["# Implementation Plan", ""]
    for task in build_tasks(plan):
        lines.append(f"- [ ] {task.id}. {task.text}")
        lines += [f"  - {d}" for d in task.details]
        if task.depends_on:
            lines.append(f"  - Depends on: {', '.join(task.depends_on)}")
        cited = [f"{numbers[r]}.{n}" for r in task.serves if r in numbers
                 for n in range(1, len(criteria[r]) + 1)]
        if cited:
            lines.append(f"  - _Requirements: {', '.join(cited)} ({', '.join(task.serves)})_")
        lines.append("")
    if len(lines) == 2:
        lines.append("The plan has no steps, entities or endpoints to turn into tasks.")
    return document(lines)
