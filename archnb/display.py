"""MIME bundles for notebook outputs: the plan record, and the smaller views around it.

The plan record is one display_data output with three representations:

- `application/vnd.archnb.plan+json`: the plan JSON (the versioned record notebook.py reads);
- `text/markdown`: the report, whose ```mermaid fences JupyterLab 4.1+ renders natively;
- `text/plain`: a short summary for terminals and plain viewers.

There is deliberately no `text/html`: JupyterLab shows the lowest-ranked type it can render
and `text/html` (50) outranks `text/markdown` (60), which would hide the diagrams.

Output metadata sits under the plan MIME type (the per-type convention of nbformat):
`{"application/vnd.archnb.plan+json": {"plan_id", "parent_id", "created_at", "engine",
"model", "archnb_version", "status", "mode"}}`.

Static SVGs (`--svg`) are separate display_data outputs, one per diagram, never part of the
record bundle: VS Code, nbconvert and GitHub prefer `image/svg+xml` over `text/markdown`, so
an SVG inside the bundle would replace the whole report with a single picture there, and one
bundle can hold only one SVG while a plan has two diagrams. In JupyterLab the SVGs repeat
what the Mermaid fences already draw, which is why they are opt-in.

Everything here is pure: functions return (data, metadata) and never call display().
"""

from __future__ import annotations

import html
import re
from typing import Any

PLAN_MIME = "application/vnd.archnb.plan+json"
META_KEY = PLAN_MIME
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|$#~])")


def bundle(result: Any) -> tuple[dict, dict]:
    """Return the (data, metadata) of the one display_data output that records a plan.

    `result` is an ArchitectResult, or a bare TechnicalPlan (then without findings,
    status and created_at).
    """
    from archnb.render.markdown import render_report, render_text_summary

    plan, findings = _plan_and_findings(result)
    data = {
        PLAN_MIME: plan.model_dump(mode="json"),
        "text/markdown": render_report(plan, findings=findings),
        "text/plain": render_text_summary(plan, findings=findings),
    }
    return data, {META_KEY: output_metadata(result)}


def output_metadata(result: Any) -> dict:
    """Return the provenance kept next to a plan output (ids, time, engine, version, status)."""
    plan, _ = _plan_and_findings(result)
    envelope = getattr(result, "envelope", None)
    meta = plan.metadata
    return {
        "plan_id": plan.plan_id,
        "parent_id": meta.parent_id,
        "created_at": getattr(envelope, "created_at", None),
        "engine": meta.engine,
        "model": meta.model,
        "archnb_version": meta.archnb_version,
        "status": getattr(envelope, "status", None),
        "mode": meta.mode,
    }


def _plan_and_findings(result: Any) -> tuple[Any, list]:
    plan = getattr(result, "plan", result)
    return plan, list(getattr(result, "findings", None) or [])


# --- small views ----------------------------------------------------------------------


def escape_markdown(text: object) -> str:
    """Return `text` safe to place inside Markdown: no HTML, no formatting, no math, one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def text_bundle(markdown: str, plain: str, kind: str, **meta: Any) -> tuple[dict, dict]:
    """Return a Markdown + plain-text bundle tagged `archnb.kind` (diff, questions, table, ...)."""
    return {"text/markdown": markdown, "text/plain": plain}, {"archnb": {"kind": kind, **meta}}


def table_markdown(headers: list[str], rows: list[list[object]]) -> str:
    """Return a Markdown table whose cells are escaped."""
    lines = ["| " + " | ".join(escape_markdown(h) for h in headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    for row in rows:
        lines.append("| " + " | ".join(escape_markdown(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def table_text(headers: list[str], rows: list[list[object]]) -> str:
    """Return a plain-text table with padded columns."""
    cells = [[str(h) for h in headers]] + [[" ".join(str(c).split()) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def table_bundle(title: str, headers: list[str], rows: list[list[object]], kind: str) -> tuple[dict, dict]:
    """Return a titled table as Markdown and plain text."""
    markdown = f"**{escape_markdown(title)}**\n\n" + table_markdown(headers, rows)
    plain = f"{title}\n\n" + table_text(headers, rows)
    return text_bundle(markdown, plain, kind)


def questions_bundle(plan: Any) -> tuple[dict, dict]:
    """Return the plan's open questions as questions, with a follow-up cell to answer them."""
    questions = list(plan.open_questions)
    if not questions:
        text = f"Plan {plan.plan_id} has no open questions."
        return text_bundle(text, text, "questions", plan_id=plan.plan_id)
    md = [f"### {len(questions)} open question(s) about plan `{plan.plan_id}`", ""]
    plain = [f"{len(questions)} open question(s) about plan {plan.plan_id}", ""]
    for q in questions:
        md.append(f"**{escape_markdown(q.id)}. {escape_markdown(q.question)}**  ")
        md.append(f"*Why it matters:* {escape_markdown(q.why_it_matters)}  ")
        if q.options:
            md.append("*Options:* " + ", ".join(escape_markdown(o) for o in q.options) + "  ")
        md.append(f"*Assumed until answered:* {escape_markdown(q.assumption)}")
        md.append("")
        plain += [f"{q.id}. {q.question}", f"    why: {q.why_it_matters}"]
        plain.append(f"    assumed until answered: {q.assumption}")
    follow_up = answer_cell(plan)
    md += ["Answer them in a new cell and run it to make the next version:", "", "```", follow_up, "```"]
    plain += ["", "Answer them in a new cell:", follow_up]
    return text_bundle("\n".join(md) + "\n", "\n".join(plain) + "\n", "questions", plan_id=plan.plan_id)


def answer_cell(plan: Any) -> str:
    """Return the text of a follow-up cell that answers the plan's open questions."""
    lines = [f"%%architect --refine {plan.plan_id}"]
    for q in plan.open_questions:
        hint = " / ".join(" ".join(o.split()) for o in q.options[:3]) or "your answer"
        hint = hint.replace("`", "'")
        lines.append(f"{q.id}: <{hint}>")
    return "\n".join(lines)


# --- static SVG diagrams --------------------------------------------------------------


def svg_bundles(plan: Any) -> list[tuple[dict, dict]]:
    """Return one image/svg+xml output per diagram (architecture, ERD), rendered offline.

    Uses mermaidx (Mermaid's own code in an embedded JavaScript engine); raises ImportError
    with an install hint when it is missing.
    """
    from archnb.render.mermaid import render_architecture, render_erd

    columns = sum(len(e.attributes) for e in plan.data_model.entities)
    erd, overview = render_erd(plan), columns > SVG_ERD_MAX_COLUMNS
    if overview:
        erd = erd_overview(erd)
    figures = [
        ("architecture", render_architecture(plan), "architecture diagram"),
        ("erd", erd, "entity-relationship overview" if overview else "entity-relationship diagram"),
    ]
    outputs = []
    for figure, source, label in figures:
        svg = render_svg(source, f"archnb-{plan.plan_id}-{figure}")
        note = " (columns are in the report)" if figure == "erd" and overview else ""
        data = {"image/svg+xml": svg, "text/plain": f"<{label} of plan {plan.plan_id}{note}>"}
        meta = {"kind": "svg", "figure": figure, "plan_id": plan.plan_id}
        if figure == "erd":
            meta["overview"] = overview
        outputs.append((data, {"archnb": meta}))
    return outputs


# mermaidx lays out ERD tables slowly (about 0.3 s per column, growing with the table
# count: 100 columns took over a minute here), so larger data models get a static
# overview of entities and relationships; the report's tables list the columns.
SVG_ERD_MAX_COLUMNS = 30
_ERD_BLOCK = re.compile(r" \{\n(?:[ \t]+[^\n]*\n)*?[ \t]*\}(?=\n|$)")


def erd_overview(erd: str) -> str:
    """Return Mermaid erDiagram source without the attribute blocks (entities and links only)."""
    return _ERD_BLOCK.sub("", erd)


_SVG_ID = re.compile(r"(?<=[#\"'(])my-svg(?=[-_\"'{)\s.:#,>\[])")


def render_svg(source: str, svg_id: str) -> str:
    """Return Mermaid `source` as SVG whose element id is `svg_id` (unique per page)."""
    try:
        import mermaidx
    except ImportError:
        raise ImportError("static SVGs need mermaidx: pip install 'archnb[svg]'") from None
    svg = mermaidx.render(source).svg()
    # mermaidx always names the root "my-svg"; two inline SVGs with one id share CSS rules
    # and arrowhead markers in nbconvert's HTML, so each gets its own.
    return _SVG_ID.sub(svg_id, svg)
