"""The plan as a Markdown report (PLAN.md and the notebook's text/markdown) and a short
plain-text summary (text/plain).

Every piece of plan text is escaped before it reaches Markdown: `<`, `>` and `&` become
HTML entities (so `<script>` shows as text and no raw HTML exists anywhere), Markdown's
inline marks are backslash-escaped, `|` is escaped for tables, and a line can never start
a heading, list or quote. Dollar signs go in code spans: JupyterLab runs MathJax over the
rendered page, so even `&#36;` pairs become math (seen in JupyterLab 4.6.6), while
MathJax skips code; a code span also reads the same on GitHub and in VS Code. Identifiers and URL paths, whose characters are restricted by the plan model,
are shown as code spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from archnb.plan import Finding, TechnicalPlan
from archnb.render.common import (
    ModelIndex,
    one_line,
    unique_entities,
    without_cycle_collection,
)
from archnb.render.mermaid import render_architecture, render_erd

BRIEF_LIMIT = 3000
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_DOLLARS = re.compile(r"(\$+)")
_MARKS = set("\\`*_[]|~")
_LINE_START = re.compile(r"^(#|=|-|\+|\d+[.)]|&gt;)")
_CODE_SAFE = re.compile(r"^[A-Za-z0-9_.:/{}~ -]+$")
_SEVERITY_ORDER = {"critical": 0, "error": 1, "warning": 2, "info": 3}


# --- escaping --------------------------------------------------------------------------


def inline(text: object) -> str:
    """Return `text` as safe one-line Markdown: entities for HTML, escapes for marks, and
    dollar signs in code spans."""
    line = one_line(str(text))
    if "$" in line:
        parts = _DOLLARS.split(line)
        escaped = "".join(
            f"`{part}`" if index % 2 else _escape_plain(part) for index, part in enumerate(parts)
        )
    else:
        escaped = _escape_plain(line)
    if escaped[:1].isalpha():  # the common case: no line-start mark can match
        return escaped
    return _LINE_START.sub(_escape_line_start, escaped)


_PLAIN_TABLE = {ord(ch): f"\\{ch}" for ch in _MARKS} | {ord(k): v for k, v in _ENTITIES.items()}
_PLAIN_SPECIAL = re.compile("[" + re.escape("".join(_MARKS) + "".join(_ENTITIES)) + "]")


_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:(?=//)")


def _escape_plain(text: str) -> str:
    # translate() with many-character replacements takes CPython's slow per-character
    # road, so only text that has something to escape goes through it.
    if _PLAIN_SPECIAL.search(text) is not None:
        text = text.translate(_PLAIN_TABLE)
    if "//" in text or "ww." in text.lower():
        # GFM turns "http://..." and "www...." into links whose text is the raw source, so
        # an escape inside would show its backslash: an entity keeps them plain text.
        text = _AUTOLINK.sub(lambda m: "&#46;" if m.group(0) == "." else "&#58;", text)
    return text


def _escape_line_start(match: re.Match) -> str:
    start = match.group(0)
    if start[0] in "#=-+":
        return "\\" + start
    return _escape_number(start)


def _escape_number(start: str) -> str:
    # "1." or "1)" opens an ordered list; "1\." does not. "&gt;" is already inert.
    return start if start.startswith("&") else start[:-1] + "\\" + start[-1]


def block(text: str) -> str:
    """Return multi-line text as safe Markdown paragraphs (blank lines kept, lines escaped)."""
    paragraphs = re.split(r"\n\s*\n", str(text).replace("\r\n", "\n"))
    kept = [" ".join(inline(line) for line in p.splitlines() if one_line(line)) for p in paragraphs]
    return "\n\n".join(p for p in kept if p)


def code(identifier: object) -> str:
    """Return an identifier or URL path as a code span; other text falls back to inline().

    Code spans show `&lt;` literally, so only text made of name and path characters
    (what the plan model allows in identifiers and paths) goes in one.
    """
    text = one_line(str(identifier))
    if not text:
        return ""
    if _CODE_SAFE.match(text):
        return f"`{text}`"
    return inline(text)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return a GFM table; cells must already be escaped (empty cells show a dash)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        lines.append("| " + " | ".join(cell or "—" for cell in row) + " |")
    return lines


def joined(items: Iterable[str], sep: str = ", ") -> str:
    return sep.join(i for i in items if i)


def number(value: float) -> str:
    """Return a number for people: thousands separators, at most two decimals."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


# --- the report ------------------------------------------------------------------------


@without_cycle_collection
def render_report(plan: TechnicalPlan, findings: list[Finding] | None = None) -> str:
    """Return the whole plan as Markdown with ```mermaid fences, for PLAN.md and notebooks."""
    sections = [
        _title(plan),
        _requirements(plan),
        _questions(plan),
        _decisions(plan),
        _architecture(plan),
        _data_model(plan),
        _api(plan),
        _stack(plan),
        _capacity(plan),
        _scalability(plan),
        _security(plan),
        _observability(plan),
        _steps(plan),
        _risks(plan),
        _findings(findings),
        _provenance(plan),
        _brief(plan),
    ]
    return "\n\n".join("\n".join(s) for s in sections if s).rstrip() + "\n"


def _title(plan: TechnicalPlan) -> list[str]:
    lines = [f"# {inline(plan.title) or 'Untitled plan'}", ""]
    if block(plan.summary):
        lines += [block(plan.summary), ""]
    facts = [
        f"Plan {code(plan.plan_id)}" if plan.plan_id else "Unsaved plan",
        f"{inline(plan.metadata.engine)} engine",
        f"{len(plan.requirements)} requirements",
        f"{len(plan.decisions)} decisions",
        f"{len(plan.steps)} steps",
    ]
    lines.append("*" + " · ".join(facts) + "*")
    if plan.assumptions:
        lines += ["", "**Assumptions**", ""] + [f"- {inline(a)}" for a in plan.assumptions]
    return lines


def _requirements(plan: TechnicalPlan) -> list[str]:
    if not plan.requirements:
        return []
    lines = ["## Requirements", ""]
    rows = []
    for req in plan.requirements:
        target = joined(
            [
                inline(req.metric or ""),
                number(req.target) if req.target is not None else "",
                inline(req.unit or ""),
            ],
            " ",
        )
        rows.append(
            [code(req.id), req.kind.replace("_", "-"), inline(req.text), target, inline(req.source)]
        )
    lines += table(["ID", "Kind", "Requirement", "Target", "From the brief"], rows)
    lines += ["", "### Coverage", "", "What serves each requirement.", ""]
    columns = [
        _served_by((e.serves, code(e.name)) for e in plan.data_model.entities),
        _served_by((e.serves, code(f"{e.method} {e.path}")) for e in plan.api.endpoints),
        _served_by((c.serves, code(c.id)) for c in plan.architecture.components),
        _served_by((d.serves, inline(d.id)) for d in plan.decisions),
        _served_by((s.serves, inline(s.id)) for s in plan.steps),
    ]
    lines += table(
        ["Requirement", "Entities", "Endpoints", "Components", "Decisions", "Steps"],
        [
            [code(req.id), *(joined(column.get(req.id, ())) for column in columns)]
            for req in plan.requirements
        ],
    )
    return lines


def _served_by(items: Iterable[tuple[list[str], str]]) -> dict[str, list[str]]:
    """Return, per requirement id, the shown names of the items that serve it, in plan order.

    One pass over the items instead of one per requirement: big plans have hundreds of
    requirements and thousands of endpoints.
    """
    served: dict[str, list[str]] = {}
    for serves, shown in items:
        for rid in dict.fromkeys(serves):  # an item lists a requirement once however often
            served.setdefault(rid, []).append(shown)
    return served


def _questions(plan: TechnicalPlan) -> list[str]:
    if not plan.open_questions:
        return []
    lines = ["## Open questions", ""]
    for q in plan.open_questions:
        lines.append(f"- **{inline(q.id)}.** {inline(q.question)}")
        if one_line(q.why_it_matters):
            lines.append(f"  - Why it matters: {inline(q.why_it_matters)}")
        lines.append(f"  - Assumed until answered: {inline(q.assumption) or '—'}")
        if q.options:
            lines.append(f"  - Options: {joined(inline(o) for o in q.options)}")
        if q.affects:
            lines.append(f"  - Affects: {joined(inline(a) for a in q.affects)}")
    return lines


def _decisions(plan: TechnicalPlan) -> list[str]:
    if not plan.decisions:
        return []
    lines = ["## Decisions", ""]
    lines += table(
        ["ID", "Decision", "Choice", "Serves"],
        [
            [inline(d.id), inline(d.title), inline(d.choice), joined(code(r) for r in d.serves)]
            for d in plan.decisions
        ],
    )
    for d in plan.decisions:
        lines += ["", f"### {joined([inline(d.id), inline(d.title)], ': ') or 'Decision'}", ""]
        lines += [f"**Context.** {inline(d.context)}", ""]
        if d.options:
            lines += ["**Options considered**", ""]
            for option in d.options:
                pros = joined(inline(p) for p in option.pros)
                cons = joined(inline(c) for c in option.cons)
                detail = joined(
                    [f"pros: {pros}" if pros else "", f"cons: {cons}" if cons else ""], "; "
                )
                # An empty name would print "- ****", which Markdown reads as a rule.
                name = inline(option.name) or "(unnamed option)"
                lines.append(f"- **{name}**" + (f": {detail}" if detail else ""))
            lines.append("")
        lines += [f"**Choice.** {inline(d.choice)}", "", f"**Rationale.** {inline(d.rationale)}"]
        if d.consequences:
            lines += ["", "**Consequences**", ""] + [f"- {inline(c)}" for c in d.consequences]
        extras = [
            ("Source skill", d.source_skill),
            ("Exception to a principle", d.principle_exception),
            ("Supersedes", d.supersedes),
        ]
        notes = [f"{label}: {inline(value)}" for label, value in extras if value]
        if notes:
            lines += ["", "*" + " · ".join(notes) + "*"]
    return lines


def _architecture(plan: TechnicalPlan) -> list[str]:
    arch = plan.architecture
    lines = ["## Architecture", "", f"**Style:** {inline(arch.style) or '—'}"]
    if block(arch.summary):
        lines += ["", block(arch.summary)]
    lines += ["", "```mermaid", render_architecture(plan).rstrip("\n"), "```"]
    if arch.components:
        lines += [""] + table(
            ["Component", "Kind", "Responsibility", "Technology"],
            [
                [
                    f"{code(c.id)} {inline(c.name)}",
                    c.kind.replace("_", " "),
                    inline(c.responsibility),
                    inline(c.technology),
                ]
                for c in arch.components
            ],
        )
    if arch.connections:
        lines += [""] + table(
            ["From", "To", "What", "Protocol", "Mode"],
            [
                [code(c.source), code(c.target), inline(c.label), inline(c.protocol), c.mode]
                for c in arch.connections
            ],
        )
    return lines


def _data_model(plan: TechnicalPlan) -> list[str]:
    model = plan.data_model
    if not model.entities and not model.relationships:
        return []
    lines = ["## Data model", "", "```mermaid", render_erd(plan).rstrip("\n"), "```", ""]
    index = ModelIndex(model)
    rows = []
    for entity in index.entities:
        attributes = index.attributes(entity)
        key = joined(code(a.name) for a in index.primary_key(entity))
        refs = joined(
            f"{code(a.name)} → {code(a.foreign_key)}" for a in attributes if a.foreign_key
        )
        columns = joined(code(a.name) for a in attributes)
        rows.append([code(entity.name), key, columns, refs, inline(entity.description)])
    lines += table(["Entity", "Key", "Columns", "References", "Description"], rows)
    if model.relationships:
        lines += [""] + [
            f"- {code(r.source)} {r.cardinality} {code(r.target)}"
            + (f" via {code(r.via)}" if r.via else "")
            + (f": {inline(r.label)}" if one_line(r.label) else "")
            for r in model.relationships
        ]
    return lines


def _api(plan: TechnicalPlan) -> list[str]:
    api = plan.api
    if not api.endpoints:
        return []
    lines = [
        "## API",
        "",
        f"{api.style} under {code(api.base_path)}, authentication: "
        f"{api.auth_scheme.replace('_', ' ')}. The full contract is the OpenAPI document.",
        "",
    ]
    rows = []
    for e in api.endpoints:
        notes = [
            n
            for n, on in (
                ("paginated", e.paginated),
                ("idempotent", e.idempotent),
                ("public", not e.auth_required),
            )
            if on
        ]
        rows.append(
            [
                code(e.method),
                code(e.path),
                inline(e.summary),
                code(e.entity) if e.entity else "",
                e.response,
                joined(notes),
            ]
        )
    lines += table(["Method", "Path", "Summary", "Entity", "Returns", "Notes"], rows)
    return lines


def _stack(plan: TechnicalPlan) -> list[str]:
    if not plan.stack:
        return []
    return ["## Stack", ""] + table(
        ["Layer", "Choice", "Rationale", "Alternatives"],
        [
            [
                inline(s.layer),
                inline(s.choice),
                inline(s.rationale),
                joined(inline(a) for a in s.alternatives),
            ]
            for s in plan.stack
        ],
    )


def _capacity(plan: TechnicalPlan) -> list[str]:
    cap = plan.capacity
    if not (cap.rows or cap.costs or cap.monthly_cost_usd or cap.assumptions):
        return []
    lines = ["## Capacity and cost", ""]
    if cap.rows:
        lines += table(
            ["Metric", "Value", "Unit", "Formula"],
            [
                [inline(r.metric), number(r.value), inline(r.unit), inline(r.formula)]
                for r in cap.rows
            ],
        ) + [""]
    if cap.costs:
        lines += table(
            ["Item", "USD per month", "Assumption"],
            [[inline(c.item), number(c.monthly_usd), inline(c.assumption)] for c in cap.costs],
        ) + [""]
    lines.append(f"**Estimated monthly cost:** {number(cap.monthly_cost_usd)} USD")
    if cap.assumptions:
        lines += [""] + [f"- {inline(a)}" for a in cap.assumptions]
    return lines


def _bullets(title: str, items: Sequence[tuple[str, Sequence[str] | str]]) -> list[str]:
    """Return a section of labelled bullets; labels with nothing to say are left out."""
    lines = []
    for label, value in items:
        values = [value] if isinstance(value, str) else list(value)
        values = [inline(v) for v in values if one_line(v)]
        if len(values) == 1:
            lines.append(f"- **{label}:** {values[0]}")
        elif values:
            lines.append(f"- **{label}:**")
            lines += [f"  - {v}" for v in values]
    return [f"## {title}", "", *lines] if lines else []


def _scalability(plan: TechnicalPlan) -> list[str]:
    s = plan.scalability
    return _bullets(
        "Scalability",
        [
            ("Caching", s.caching),
            ("Queues", s.queues),
            ("Background work", s.async_work),
            ("Partitioning", s.partitioning),
            ("Notes", s.notes),
        ],
    )


def _security(plan: TechnicalPlan) -> list[str]:
    s = plan.security
    lines = _bullets(
        "Security",
        [
            ("Authentication", s.authentication),
            ("Authorization", s.authorization),
            ("Data protection", s.data_protection),
            ("Compliance", s.compliance),
        ],
    )
    if s.threats:
        lines = lines or ["## Security"]
        lines += [""] + table(
            ["Threat", "Mitigation"], [[inline(t.threat), inline(t.mitigation)] for t in s.threats]
        )
    return lines


def _observability(plan: TechnicalPlan) -> list[str]:
    o = plan.observability
    return _bullets(
        "Observability",
        [
            ("Logs", o.logs),
            ("Metrics", o.metrics),
            ("Tracing", o.tracing),
            ("Alerts", o.alerts),
            ("SLOs", o.slos),
        ],
    )


def _steps(plan: TechnicalPlan) -> list[str]:
    if not plan.steps:
        return []
    lines = ["## Implementation steps", ""]
    for index, step in enumerate(plan.steps, 1):
        after = f" (after {joined(inline(d) for d in step.depends_on)})" if step.depends_on else ""
        lines.append(f"{index}. **{inline(step.id)}: {inline(step.title)}**{after}")
        if one_line(step.description):
            lines.append(f"   - {inline(step.description)}")
        if step.deliverables:
            lines.append(
                f"   - Deliverables: {joined([inline(d) for d in step.deliverables], '; ')}"
            )
        if step.serves:
            lines.append(f"   - Serves: {joined(code(r) for r in step.serves)}")
    return lines


def _risks(plan: TechnicalPlan) -> list[str]:
    if not plan.risks:
        return []
    return ["## Risks", ""] + table(
        ["Risk", "Likelihood", "Impact", "Mitigation"],
        [[inline(r.risk), r.likelihood, r.impact, inline(r.mitigation)] for r in plan.risks],
    )


def _findings(findings: list[Finding] | None) -> list[str]:
    if findings is None:
        return []
    if not findings:
        return ["## Lint findings", "", "No findings."]
    ordered = sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 9))
    return ["## Lint findings", ""] + table(
        ["Severity", "Rule", "Where", "Finding", "Hint"],
        [
            [f.severity, code(f.rule), inline(f.where), inline(f.message), inline(f.hint)]
            for f in ordered
        ],
    )


def _provenance(plan: TechnicalPlan) -> list[str]:
    meta = plan.metadata
    usage = meta.usage
    tokens = usage.prompt_tokens + usage.completion_tokens
    rows = [
        ["Plan id", code(plan.plan_id) if plan.plan_id else "unsaved"],
        ["Parent plan", inline(meta.parent_id or "")],
        ["Engine", inline(meta.engine)],
        ["Model", inline(meta.model or "")],
        ["Mode", meta.mode],
        ["Skills used", joined(inline(s) for s in meta.skills_used)],
        ["Attempts", str(meta.attempts)],
        ["Tokens", f"{tokens:,}" if tokens else ""],
        ["Model cost", f"{usage.cost_usd:.4f} USD" if usage.cost_usd is not None else ""],
        ["Tool calls", joined(inline(t.name) for t in meta.tool_calls)],
        ["Brief sha256", code(meta.brief_sha256) if meta.brief_sha256 else ""],
        ["archnb version", inline(meta.archnb_version)],
    ]
    return ["## Provenance", ""] + table(["Field", "Value"], [r for r in rows if r[1]])


def _brief(plan: TechnicalPlan) -> list[str]:
    text = plan.brief.strip()
    if not one_line(text):
        return []
    cut = len(text) > BRIEF_LIMIT
    lines = ["## Brief", "", block(text[:BRIEF_LIMIT])]
    if cut:
        lines += ["", f"*(first {BRIEF_LIMIT:,} of {len(text):,} characters)*"]
    return lines


# --- text/plain ------------------------------------------------------------------------


def render_text_summary(plan: TechnicalPlan, findings: list[Finding] | None = None) -> str:
    """Return a short plain-text summary (5 to 15 lines) for terminals and plain viewers."""

    def short(value: str, limit: int = 160) -> str:
        value = one_line(value)
        return value if len(value) <= limit else value[: limit - 1] + "…"

    entities = [e.name for e in unique_entities(plan.data_model)]
    names = ", ".join(entities[:6]) + (", …" if len(entities) > 6 else "")
    lines = [
        f"{short(plan.title, 100) or 'Untitled plan'} "
        f"(plan {plan.plan_id or 'unsaved'}, {short(plan.metadata.engine, 20)} engine)",
        short(plan.summary) or "(no summary)",
        f"Architecture: {short(plan.architecture.style, 60) or 'unstated'}; "
        f"{len(plan.architecture.components)} components, "
        f"{len(plan.architecture.connections)} connections",
        f"Data model: {len(entities)} entities" + (f" ({names})" if entities else ""),
        f"API: {len(plan.api.endpoints)} endpoints under {plan.api.base_path} "
        f"(auth: {plan.api.auth_scheme})",
        f"Decisions: {len(plan.decisions)}; open questions: {len(plan.open_questions)}; "
        f"steps: {len(plan.steps)}; risks: {len(plan.risks)}",
    ]
    if plan.capacity.monthly_cost_usd:
        lines.append(f"Estimated monthly cost: {number(plan.capacity.monthly_cost_usd)} USD")
    if plan.open_questions:
        lines.append(f"First open question: {short(plan.open_questions[0].question)}")
    if findings is not None:
        counts = {}
        for finding in findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        summary = ", ".join(
            f"{n} {s}"
            for s, n in sorted(counts.items(), key=lambda item: _SEVERITY_ORDER.get(item[0], 9))
        )
        lines.append(f"Lint: {summary or 'no findings'}")
    return "\n".join(lines) + "\n"
