"""Review mode: read a student's own design and say what to improve.

A design is any mix of a Mermaid erDiagram (or flowchart), PostgreSQL DDL, and plain lines
for components (`- api: service, Python FastAPI`), connections (`- api -> db`), endpoints
(`GET /books`) and, under a Decisions heading, decisions (`- Checkout: a saga; instead of
choreography`), in ``` fences or bare. `review_design` turns it into a TechnicalPlan (mode
"review") that lint can check; `review_findings` adds the reviewer's heuristics and
`review_suggestions` turns every finding into a concrete instruction. A design that cannot
be read raises ReviewParseError, whose message starts with the student's line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from archnb.plan import Finding, Step, TechnicalPlan
from archnb.review.advice import (
    SEVERITY_ORDER,
    Suggestion,
    review_findings,
    review_suggestions,
    suggestion_items,
)
from archnb.review.assemble import Origin, build_plan
from archnb.review.reader import check_not_empty, read_text
from archnb.review.source import ReviewParseError

if TYPE_CHECKING:
    from archnb.skills import Skill

__all__ = [
    "DesignReading",
    "Review",
    "ReviewParseError",
    "Suggestion",
    "read_design",
    "review",
    "review_design",
    "review_findings",
    "review_suggestions",
    "suggestion_items",
    "suggestions_as_steps",
]


@dataclass
class DesignReading:
    """A design as read: the plan, notes about the reading, and the line of each plan part."""

    plan: TechnicalPlan
    notes: list[Finding] = field(default_factory=list)  # REV1xx: unknown types, unclear FKs ...
    origin: Origin = field(default_factory=dict)  # lint's `where` -> the student's line number


@dataclass
class Review:
    """The outcome of a review: the plan (suggestions as its steps), findings and suggestions."""

    plan: TechnicalPlan
    findings: list[Finding]
    suggestions: list[str]
    reading: DesignReading


def read_design(text: str, first_line: int = 1) -> DesignReading:
    """Read a design into a plan; raise ReviewParseError naming the first unreadable line.

    `first_line` is the number the student sees on the text's first line (2 in a
    `%%architect --review` cell, whose line 1 is the magic).
    """
    design = read_text(text, first_line)
    check_not_empty(design)
    plan, origin = build_plan(design, text)
    return DesignReading(plan=plan, notes=design.notes, origin=origin)


def review_design(text: str, first_line: int = 1) -> TechnicalPlan:
    """Return the student's design as a TechnicalPlan (metadata.mode "review")."""
    return read_design(text, first_line).plan


def suggestions_as_steps(
    plan: TechnicalPlan, suggestions: list[Suggestion] | list[str]
) -> TechnicalPlan:
    """Return a copy of `plan` whose steps are the suggestions, in order: what to fix next."""
    steps = []
    for k, item in enumerate(suggestions, start=1):
        subject, advice = (
            (item.subject, item.advice) if isinstance(item, Suggestion) else ("", item)
        )
        title = subject or _shorten(advice)
        steps.append(Step(id=f"S{k}", title=title, description=advice))
    return plan.model_copy(update={"steps": steps})


def _shorten(text: str, limit: int = 72) -> str:
    """Return the first clause of `text` (up to its first `; ` or `: `), cut to `limit`."""
    first = re.split(r"; |: ", text, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def review(
    text: str,
    skills: list[Skill] | None = None,
    principles: str | Path | None = None,
    cwd: Path | None = None,
    first_line: int = 1,
) -> Review:
    """Read, lint and advise in one call: what `architect(text, review=True)` does offline."""
    from archnb.lint import lint_plan

    reading = read_design(text, first_line)
    findings = lint_plan(reading.plan, skills=skills, principles=principles, cwd=cwd)
    findings += review_findings(reading.plan) + reading.notes
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.where, f.message))
    items = suggestion_items(reading.plan, findings, reading.origin)
    plan = suggestions_as_steps(reading.plan, items)
    suggestions = [str(item) for item in items]
    return Review(plan=plan, findings=findings, suggestions=suggestions, reading=reading)
