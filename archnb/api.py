"""architect(): the one entry point. The magic, the CLI and the MCP server are shells over it."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archnb.engines.base import DraftRequest, get_engine
from archnb.errors import DraftRejected, PlanFailed, UsageProblem
from archnb.options import ArchitectOptions
from archnb.plan import Envelope, Finding, PlanMetadata, TechnicalPlan

MAX_BRIEF_CHARS = 200_000
BLOCKING = ("error", "critical")


@dataclass
class ArchitectResult:
    """A plan, the envelope that says how the run went, and the lint findings."""

    plan: TechnicalPlan
    envelope: Envelope
    findings: list[Finding]
    warnings: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"<ArchitectResult {self.plan.plan_id} {self.envelope.status}: "
            f"{self.plan.title!r}, {len(self.findings)} findings>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        from archnb.display import bundle

        return bundle(self)

    def export(self, folder: str | Path, format: str = "files") -> list[str]:
        """Write the plan's files into `folder`; return the paths written."""
        from archnb.export import export_plan

        return export_plan(self.plan, Path(folder), format=format, findings=self.findings)


def parse_options(options: dict[str, Any]) -> ArchitectOptions:
    """Return checked options, or raise UsageProblem naming the first bad one."""
    try:
        opts = ArchitectOptions(**options)
    except ValidationError as err:
        first = err.errors()[0]
        name = ".".join(str(p) for p in first["loc"]) or "options"
        if first["type"] == "extra_forbidden":
            import difflib

            close = difflib.get_close_matches(name, list(ArchitectOptions.model_fields), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "see help(archnb.architect)"
            raise UsageProblem(f"unknown option {name!r}", hint=hint) from None
        raise UsageProblem(f"option {name!r}: {first['msg']}") from None
    # A .env beside the notebook may set ARCHNB_MODEL, which decides the engine.
    from archnb.env import load_dotenv

    load_dotenv(opts.cwd)
    return opts.resolved()


def check_brief(brief: object) -> str:
    """Return the brief stripped, or raise UsageProblem if it cannot be planned."""
    if not isinstance(brief, str):
        raise UsageProblem("the brief must be text")
    text = brief.strip()
    if not text:
        raise UsageProblem(
            "the brief is empty",
            hint="describe the product in a few sentences: who uses it, what it stores, "
            "how big it gets",
        )
    if len(text) > MAX_BRIEF_CHARS:
        raise UsageProblem(
            f"the brief has {len(text):,} characters; the limit is {MAX_BRIEF_CHARS:,}",
            hint="summarise it or split it into parts",
        )
    return text


def architect(
    brief: str, *, progress: Callable[[str], None] | None = None, **options: Any
) -> ArchitectResult:
    """Plan a backend for `brief`; return the plan, its envelope and its lint findings.

    Options are those of ArchitectOptions (engine, model, api_base, skills, areas,
    attempts, parent, answers, principles, review, ...). Raises UsageProblem for bad input,
    PlanFailed when no valid plan came out within the attempt limit, ModelError when the
    model's provider failed.
    """
    from archnb.lint import lint_plan
    from archnb.skills import load_skills, select_skills

    opts = parse_options(options)
    text = check_brief(brief)
    say = progress or (lambda message: None)
    started = time.perf_counter()

    skillset = load_skills(opts.cwd)
    selected = select_skills(text, skillset, names=opts.skills, areas=opts.areas)
    if opts.review and opts.engine == "offline":
        # Count the blank lines check_brief stripped, so messages name the student's line.
        skipped = brief[: len(brief) - len(brief.lstrip())].count("\n")
        first_line = opts.first_line + skipped
        return _review_offline(text, opts, selected, skillset.warnings, say, started, first_line)
    engine = get_engine(opts.engine)

    plan: TechnicalPlan | None = None
    findings: list[Finding] = []
    problems: list[str] = []
    attempt = 0
    for attempt in range(1, opts.attempts + 1):
        say(f"attempt {attempt}/{opts.attempts}: drafting with the {engine.name} engine")
        request = DraftRequest(
            brief=text,
            skills=selected,
            options=opts,
            attempt=attempt,
            feedback=problems,
            previous=plan,
            parent=opts.parent,
            progress=say,
        )
        try:
            draft = engine.draft(request)
        except DraftRejected as err:
            problems = err.problems
            continue
        plan = _finish(draft, text, opts, selected, engine.name, attempt)
        say("checking the plan")
        findings = lint_plan(plan, skills=selected, principles=opts.principles, cwd=opts.cwd)
        problems = [
            f"{f.rule} at {f.where or 'plan'}: {f.message}"
            for f in findings
            if f.severity in BLOCKING
        ]
        if not problems or not getattr(engine, "learns_from_feedback", False):
            break

    elapsed = round((time.perf_counter() - started) * 1000, 1)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    if plan is None:
        envelope = Envelope(
            status="failed",
            errors=problems or ["the engine returned no plan"],
            next_action="rerun with --attempts higher, another model, or --engine offline",
            created_at=created,
            duration_ms=elapsed,
        )
        raise PlanFailed(
            f"no valid plan after {attempt} attempt(s): {envelope.errors[0]}",
            hint=envelope.next_action,
            envelope=envelope,
        )
    status = "partial" if problems else "success"
    envelope = Envelope(
        status=status,
        errors=problems,
        next_action=_next_action(plan, findings, status),
        plan_id=plan.plan_id,
        created_at=created,
        duration_ms=elapsed,
    )
    return ArchitectResult(plan=plan, envelope=envelope, findings=findings, warnings=skillset.warnings)


def _review_offline(
    text: str,
    opts: ArchitectOptions,
    skills: list,
    warnings: list[str],
    say: Callable[[str], None],
    started: float,
    first_line: int,
) -> ArchitectResult:
    """Review mode without a model: read the student's design, lint it, give suggestions."""
    from archnb.review import review

    say("reading your design")
    # Skills chosen automatically are picked from the design's words (an `email` column
    # is not a brief that asks for e-mail); only skills the student named judge a design.
    judges = skills if (opts.skills or opts.areas) else []
    outcome = review(text, skills=judges, principles=opts.principles, cwd=opts.cwd,
                     first_line=first_line)
    plan = _finish(outcome.plan, text, opts, skills, "offline", 1)
    problems = [f"{f.rule} at {f.where or 'plan'}: {f.message}" for f in outcome.findings
                if f.severity in BLOCKING]
    envelope = Envelope(
        status="partial" if problems else "success",
        errors=problems,
        next_action=(
            f"work through the {len(outcome.suggestions)} suggestion(s) in the plan's steps, "
            "then review again"
            if outcome.suggestions
            else "no problems found: refine the design or export it"
        ),
        plan_id=plan.plan_id,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )
    return ArchitectResult(plan=plan, envelope=envelope, findings=outcome.findings,
                           warnings=warnings)


def _finish(
    draft: TechnicalPlan,
    brief: str,
    opts: ArchitectOptions,
    skills: list,
    engine: str,
    attempt: int,
) -> TechnicalPlan:
    """Stamp provenance into the plan's metadata and give it its content id."""
    from archnb import __version__

    try:
        meta = PlanMetadata.model_validate(
            {
                **draft.metadata.model_dump(),
                "engine": engine,
                "model": opts.model if engine == "llm" else None,
                "skills_used": draft.metadata.skills_used or sorted(s.name for s in skills),
                "attempts": attempt,
                "brief_sha256": hashlib.sha256(brief.encode("utf-8")).hexdigest(),
                "archnb_version": __version__,
                "parent_id": opts.parent.plan_id if opts.parent else None,
                "mode": "review" if opts.review else "design",
            }
        )
    except ValidationError as err:
        raise DraftRejected("the plan's metadata does not fit the model", [str(err)]) from None
    # Engines build plans from validated parts (validate_assignment is on), so a copy
    # with checked metadata needs no second full validation.
    plan = draft.model_copy(update={"metadata": meta, "brief": draft.brief or brief})
    return plan.with_id()


def _next_action(plan: TechnicalPlan, findings: list[Finding], status: str) -> str:
    if status == "partial":
        return "fix the error findings (archnb lint) or rerun with more --attempts"
    if plan.open_questions:
        return f"answer the {len(plan.open_questions)} open question(s) and refine the plan"
    return "review the plan, then export it (archnb export) or refine it"

