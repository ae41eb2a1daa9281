"""The ADR export: one MADR 4.0 record per decision, `NNNN-slug.md`, numbered from 0001.

With the parent plan given (the plan this one refines), the parent's decisions come first
and keep their numbers; a decision the refinement replaces is marked "superseded by" the
new record, and one it drops is marked "deprecated". Without a parent, each decision of the
plan gets one record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from archnb.exports.text import code, document, inline, slug
from archnb.plan import Decision, Finding, TechnicalPlan

STATUS_NEW = "proposed"


@dataclass
class Record:
    """One ADR file: its number, decision, status and links to related records."""

    number: int
    decision: Decision
    plan: TechnicalPlan
    status: str = STATUS_NEW
    supersedes: list[Record] = field(default_factory=list)
    superseded_by: Record | None = None

    @property
    def filename(self) -> str:
        name = slug(f"{self.decision.title} {self.decision.choice}", fallback="decision")
        return f"{self.number:04d}-{name}.md"

    @property
    def label(self) -> str:
        return f"ADR-{self.number:04d}"


def render_adr(
    plan: TechnicalPlan,
    *,
    findings: list[Finding] | None = None,
    parent: TechnicalPlan | None = None,
    date: str | None = None,
) -> dict[str, str]:
    """Return one MADR record per decision, keyed by `NNNN-slug.md`."""
    records = build_records(plan, parent)
    return {r.filename: record_md(r, date) for r in records}


def build_records(plan: TechnicalPlan, parent: TechnicalPlan | None = None) -> list[Record]:
    """Return the records in number order, with supersession worked out against `parent`."""
    if parent is None:
        return [Record(n, d, plan) for n, d in enumerate(plan.decisions, 1)]
    old = [Record(n, d, parent) for n, d in enumerate(parent.decisions, 1)]
    records = list(old)
    kept: set[int] = set()
    for decision in plan.decisions:
        match = _replaced(decision, old)
        if match is not None and _same(match.decision, decision):
            kept.add(match.number)
            continue
        record = Record(len(records) + 1, decision, plan)
        if match is not None:
            kept.add(match.number)
            match.status = f"superseded by {record.label}"
            match.superseded_by = record
            record.supersedes.append(match)
        records.append(record)
    for record in old:
        if record.number not in kept:
            record.status = "deprecated"
    return records


def _replaced(decision: Decision, old: list[Record]) -> Record | None:
    """Return the parent's record this decision continues: by `supersedes`, else by title."""
    free = [r for r in old if r.superseded_by is None]
    if decision.supersedes:
        match = next((r for r in free if r.decision.id == decision.supersedes), None)
        if match is not None:
            return match
    title = decision.title.strip().lower()
    return next((r for r in free if r.decision.title.strip().lower() == title), None)


def _same(a: Decision, b: Decision) -> bool:
    fields = {"title", "context", "options", "choice", "rationale", "consequences"}
    return a.model_dump(include=fields) == b.model_dump(include=fields)


def record_md(record: Record, date: str | None = None) -> str:
    """Return one MADR 4.0 record: front matter, context, options, outcome, consequences."""
    d = record.decision
    front = ["---", f"status: {json.dumps(record.status)}"]
    if date:
        front.append(f"date: {json.dumps(date)}")
    front.append("---")
    options = [o.name for o in d.options]
    if d.choice not in options:
        options.insert(0, d.choice)
    lines = [*front, "", f"# {inline(d.title)}: {inline(d.choice)}", ""]
    lines += ["## Context and Problem Statement", "", inline(d.context), ""]
    drivers = _drivers(record)
    if drivers:
        lines += ["## Decision Drivers", "", *drivers, ""]
    lines += ["## Considered Options", "", *[f"* {inline(o)}" for o in options], ""]
    lines += ["## Decision Outcome", "", f'Chosen option: "{inline(d.choice)}", because '
              f"{inline(d.rationale)}", ""]
    lines += ["### Consequences", "", *_consequences(d), ""]
    lines += ["## Pros and Cons of the Options", ""]
    for option in d.options:
        lines += [f"### {inline(option.name)}", ""]
        lines += [f"* Good, because {inline(p)}" for p in option.pros]
        lines += [f"* Bad, because {inline(c)}" for c in option.cons]
        if not option.pros and not option.cons:
            lines.append("* No pros or cons recorded.")
        lines.append("")
    lines += ["## More Information", "", *_more(record)]
    return document(lines)


def _drivers(record: Record) -> list[str]:
    texts = {r.id: r.text for r in record.plan.requirements}
    return [f"* {r}: {inline(texts[r])}" if r in texts else f"* {r}" for r in record.decision.serves]


def _consequences(decision: Decision) -> list[str]:
    chosen = next((o for o in decision.options if o.name == decision.choice), None)
    lines = []
    if chosen is not None:
        lines += [f"* Good, because {inline(p)}" for p in chosen.pros]
        lines += [f"* Bad, because {inline(c)}" for c in chosen.cons]
    lines += [f"* {inline(c)}" for c in decision.consequences]
    return lines or ["* None recorded."]


def _more(record: Record) -> list[str]:
    d = record.decision
    plan_id = record.plan.plan_id or "unsaved"
    lines = [f"* Decision {inline(d.id)} of plan {code(plan_id)}, written by archnb."]
    if d.source_skill:
        lines.append(f"* Made by the rules of the {code(d.source_skill)} skill.")
    if d.principle_exception:
        lines.append(f"* Breaks a project principle: {inline(d.principle_exception)}")
    for old in record.supersedes:
        lines.append(f"* Supersedes [{old.label}]({old.filename}).")
    if record.superseded_by is not None:
        new = record.superseded_by
        lines.append(f"* Superseded by [{new.label}]({new.filename}).")
    elif record.status == "deprecated":
        lines.append("* The refined plan no longer makes this decision.")
    if d.supersedes and not record.supersedes:
        lines.append(
            f"* Supersedes decision {inline(d.supersedes)} of the parent plan "
            f"{code(record.plan.metadata.parent_id or 'unknown')} (export with the parent to link it)."
        )
    return lines
