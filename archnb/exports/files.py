"""The default export: the six files of a plan (plan.json and what the renderers make of it)."""

from __future__ import annotations

from archnb.plan import Finding, TechnicalPlan

FILES = ("plan.json", "PLAN.md", "architecture.mmd", "erd.mmd", "schema.sql", "openapi.yaml")


def render_files(
    plan: TechnicalPlan,
    *,
    findings: list[Finding] | None = None,
    parent: TechnicalPlan | None = None,
    date: str | None = None,
) -> dict[str, str]:
    """Return plan.json, PLAN.md, architecture.mmd, erd.mmd, schema.sql and openapi.yaml."""
    from archnb.render.markdown import render_report
    from archnb.render.mermaid import render_architecture, render_erd
    from archnb.render.openapi import render_openapi_yaml
    from archnb.render.sql import render_ddl

    return {
        "plan.json": plan.to_json(),
        "PLAN.md": render_report(plan, findings),
        "architecture.mmd": _ending(render_architecture(plan)),
        "erd.mmd": _ending(render_erd(plan)),
        "schema.sql": _ending(render_ddl(plan)),
        "openapi.yaml": _ending(render_openapi_yaml(plan)),
    }


def _ending(text: str) -> str:
    """Files end with exactly one newline, whatever the renderer returned."""
    return text.rstrip("\n") + "\n"
