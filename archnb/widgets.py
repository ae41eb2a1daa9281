"""The interactive plan viewer (ipywidgets): tabs over one plan, pickers, re-run and refine.

The viewer is a layer on top of the record, never the record itself: the magic always
displays the plain MIME output first, and a notebook reopened without a kernel shows that.
Plans made from the viewer's buttons join the session history (`%architect history`) and
become part of the notebook when shown (`%architect show ID`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from archnb.display import escape_markdown as esc
from archnb.display import table_markdown

TABS = ("Overview", "Architecture", "Data model", "API", "Stack", "Steps", "Decisions", "Lint", "JSON")
EXAMPLE_MODELS = ("openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "ollama/llama3.1")


def fenced(text: str, language: str = "") -> str:
    """Return `text` in a code fence longer than any backtick run inside it."""
    longest, run = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}\n"


# --- one Markdown text per tab --------------------------------------------------------


def overview_md(plan: Any) -> str:
    """Return the Overview tab: title, summary, requirements, assumptions, open questions."""
    md = [f"## {esc(plan.title)}", "", esc(plan.summary), ""]
    meta = plan.metadata
    md.append(
        f"Plan `{plan.plan_id}`" + (f", refines `{meta.parent_id}`" if meta.parent_id else "")
        + f"; {esc(meta.engine)} engine" + (f", model {esc(meta.model)}" if meta.model else "") + "."
    )
    if plan.requirements:
        rows = [[r.id, r.kind.replace("_", "-"), r.text] for r in plan.requirements]
        md += ["", "### Requirements", "", table_markdown(["id", "kind", "requirement"], rows)]
    if plan.assumptions:
        md += ["### Assumptions", ""] + [f"- {esc(a)}" for a in plan.assumptions] + [""]
    if plan.open_questions:
        rows = [[q.id, q.question, q.assumption] for q in plan.open_questions]
        md += ["### Open questions", "", table_markdown(["id", "question", "assumed meanwhile"], rows)]
    return "\n".join(md)


def architecture_md(plan: Any) -> str:
    """Return the Architecture tab: the diagram, components and connections."""
    from archnb.render.mermaid import render_architecture

    arch = plan.architecture
    md = [f"**Style:** {esc(arch.style)}", "", fenced(render_architecture(plan), "mermaid")]
    rows = [[c.id, c.name, c.kind, c.technology, c.responsibility] for c in arch.components]
    md.append(table_markdown(["id", "name", "kind", "technology", "responsibility"], rows))
    if arch.connections:
        rows = [[c.source, c.target, c.label, c.protocol, c.mode] for c in arch.connections]
        md += ["", table_markdown(["from", "to", "what", "protocol", "mode"], rows)]
    return "\n".join(md)


def data_model_md(plan: Any) -> str:
    """Return the Data model tab: the ERD, one table per entity, and the DDL."""
    from archnb.render.mermaid import render_erd
    from archnb.render.sql import render_ddl

    md = [fenced(render_erd(plan), "mermaid")]
    for entity in plan.data_model.entities:
        rows = [
            [a.name, a.type, _keys(a), "" if a.nullable else "not null", a.description]
            for a in entity.attributes
        ]
        md += [f"#### {esc(entity.name)}", esc(entity.description), ""]
        md.append(table_markdown(["column", "type", "keys", "null", "description"], rows))
    md += ["#### PostgreSQL DDL", "", fenced(render_ddl(plan), "sql")]
    return "\n".join(md)


def _keys(attribute: Any) -> str:
    keys = ["PK"] if attribute.primary_key else []
    if attribute.foreign_key:
        keys.append(f"FK → {attribute.foreign_key}")
    if attribute.unique:
        keys.append("unique")
    if attribute.indexed:
        keys.append("indexed")
    return ", ".join(keys)


def api_md(plan: Any) -> str:
    """Return the API tab: style, auth, the endpoint table and the OpenAPI document."""
    from archnb.render.openapi import render_openapi_yaml

    api = plan.api
    md = [f"**{esc(api.style)}** at `{api.base_path}`, auth: {esc(api.auth_scheme)}", ""]
    rows = [
        [e.method, e.path, e.summary, "yes" if e.auth_required else "no", "yes" if e.paginated else ""]
        for e in api.endpoints
    ]
    md.append(table_markdown(["method", "path", "summary", "auth", "paginated"], rows))
    md += ["#### OpenAPI 3.1", "", fenced(render_openapi_yaml(plan), "yaml")]
    return "\n".join(md)


def stack_md(plan: Any) -> str:
    """Return the Stack tab: one row per layer, then scalability notes."""
    rows = [[s.layer, s.choice, s.rationale, ", ".join(s.alternatives)] for s in plan.stack]
    md = [table_markdown(["layer", "choice", "why", "alternatives"], rows)]
    scale = plan.scalability
    for label, items in (("Caching", scale.caching), ("Queues", scale.queues), ("Async work", scale.async_work)):
        if items:
            md += [f"**{label}:** " + "; ".join(esc(i) for i in items), ""]
    return "\n".join(md)


def steps_md(plan: Any) -> str:
    """Return the Steps tab: ordered steps with dependencies, then risks."""
    rows = [[s.id, s.title, ", ".join(s.depends_on), "; ".join(s.deliverables)] for s in plan.steps]
    md = [table_markdown(["step", "what", "after", "deliverables"], rows)]
    if plan.risks:
        rows = [[r.risk, r.likelihood, r.impact, r.mitigation] for r in plan.risks]
        md += ["### Risks", "", table_markdown(["risk", "likelihood", "impact", "mitigation"], rows)]
    return "\n".join(md)


def decisions_md(plan: Any) -> str:
    """Return the Decisions tab: each decision with its options and consequences."""
    md = []
    for d in plan.decisions:
        md += [f"#### {esc(d.id)}: {esc(d.title)}", "", f"**Choice:** {esc(d.choice)}. {esc(d.rationale)}", ""]
        for option in d.options:
            pros = "; ".join(esc(p) for p in option.pros) or "none listed"
            cons = "; ".join(esc(c) for c in option.cons) or "none listed"
            md.append(f"- {esc(option.name)}: pros {pros}; cons {cons}")
        md += [f"- consequence: {esc(c)}" for c in d.consequences] + [""]
    return "\n".join(md) or "No decisions recorded."


def lint_md(findings: list) -> str:
    """Return the Lint tab: one row per finding, or a line saying there are none."""
    if not findings:
        return "No lint findings."
    rows = [[f.severity, f.rule, f.where, f.message, f.hint] for f in findings]
    return table_markdown(["severity", "rule", "where", "finding", "how to fix"], rows)


# --- the viewer ---------------------------------------------------------------------------


class PlanViewer:
    """Tabs over a plan, with model and skill pickers and re-run / refine buttons."""

    def __init__(
        self,
        source: Any,
        options: dict[str, Any] | None = None,
        remember: Callable[[Any], None] | None = None,
        architect: Callable[..., Any] | None = None,
        models: list[str] | None = None,
        skills: list[str] | None = None,
    ) -> None:
        import ipywidgets as w

        self.options = dict(options or {})
        self._remember = remember or (lambda result: None)
        self._architect = architect
        self.results: list[Any] = []
        plan = getattr(source, "plan", source)
        self.model_picker = w.Combobox(
            options=models if models is not None else self._models(plan),
            value=plan.metadata.model or "",
            placeholder="empty: offline engine",
            description="Model",
            ensure_option=False,
        )
        skill_names = skills if skills is not None else _skill_names()
        self.skills_picker = w.SelectMultiple(
            options=skill_names,
            value=[s for s in plan.metadata.skills_used if s in skill_names],
            rows=6,
            description="Skills",
        )
        self.notes = w.Textarea(placeholder="What should change? (added to the brief when refining)")
        self.rerun_button = w.Button(description="Re-run", icon="refresh", tooltip="Plan the same brief again")
        self.refine_button = w.Button(description="Refine", icon="code-branch", tooltip="Make the next version")
        self.rerun_button.on_click(lambda _: self.rerun())
        self.refine_button.on_click(lambda _: self.refine())
        self.status = w.Label(value="")
        self.title = w.Label(value="")
        self.tabs = w.Tab(children=[w.Output() for _ in TABS])
        for index, name in enumerate(TABS):
            self.tabs.set_title(index, name)
        controls = w.HBox([w.VBox([self.model_picker, self.skills_picker]), w.VBox([self.notes, w.HBox([self.rerun_button, self.refine_button])])])
        self.widget = w.VBox([self.title, self.tabs, controls, self.status])
        self.show(source)

    @property
    def result(self) -> Any:
        return self.results[-1]

    @property
    def plan(self) -> Any:
        return getattr(self.result, "plan", self.result)

    def show(self, source: Any, previous: Any = None) -> None:
        """Fill every tab from `source` (a result or a plan); `previous` adds a Changes section."""
        self.results.append(source)
        plan = getattr(source, "plan", source)
        findings = list(getattr(source, "findings", None) or [])
        self.title.value = f"{plan.title} · plan {plan.plan_id}"
        texts = [
            overview_md(plan) + _changes_md(previous, plan),
            architecture_md(plan),
            data_model_md(plan),
            api_md(plan),
            stack_md(plan),
            steps_md(plan),
            decisions_md(plan),
            lint_md(findings),
        ]
        for output, text in zip(self.tabs.children[:-1], texts, strict=True):
            output.outputs = (_markdown_output(text),)
        self.tabs.children[-1].outputs = (_json_output(plan),)

    def rerun(self) -> Any:
        """Plan the brief again with the picked model and skills; return the new result or None."""
        return self._go(self.plan.brief, parent=None)

    def refine(self) -> Any:
        """Make the next version of the shown plan, adding the notes to its brief."""
        addition = self.notes.value.strip()
        brief = f"{self.plan.brief}\n\n{addition}" if addition else self.plan.brief
        return self._go(brief, parent=self.plan)

    def _go(self, brief: str, parent: Any) -> Any:
        from archnb.errors import ArchnbError

        previous = self.plan
        options = self._run_options()
        if parent is not None:
            options["parent"] = parent
        self._busy(True)
        try:
            result = self._call(brief, options)
        except ArchnbError as err:
            self.status.value = f"archnb: {err}"
            return None
        finally:
            self._busy(False)
        self.show(result, previous=previous if parent is not None else None)
        self._remember(result)
        verb = f"refines {parent.plan_id}" if parent is not None else "re-run"
        self.status.value = (
            f"archnb: plan {result.plan.plan_id} ({verb}): {result.envelope.status}; "
            f"%architect show {result.plan.plan_id} records it in the notebook"
        )
        return result

    def _call(self, brief: str, options: dict[str, Any]) -> Any:
        architect = self._architect
        if architect is None:
            from archnb.api import architect
        return architect(brief, progress=self._progress, **options)

    def _run_options(self) -> dict[str, Any]:
        options = {k: v for k, v in self.options.items() if k not in ("engine", "model", "skills", "parent")}
        model = self.model_picker.value.strip()
        options["engine"] = "llm" if model else "offline"
        if model:
            options["model"] = model
        options["skills"] = list(self.skills_picker.value)
        return options

    def _progress(self, message: str) -> None:
        self.status.value = f"archnb: {message}"

    def _busy(self, busy: bool) -> None:
        self.rerun_button.disabled = busy
        self.refine_button.disabled = busy

    def _models(self, plan: Any) -> list[str]:
        import os

        known = [self.options.get("model"), os.environ.get("ARCHNB_MODEL"), plan.metadata.model]
        return list(dict.fromkeys([m for m in known if m] + list(EXAMPLE_MODELS)))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        data = self.widget._repr_mimebundle_(**kwargs)
        # A saved notebook opened without the widget state shows this line, not a widget repr.
        data["text/plain"] = f"archnb viewer for plan {self.plan.plan_id} (live kernel only; the plan output is the record)"
        return data


def _changes_md(previous: Any, plan: Any) -> str:
    if previous is None:
        return ""
    try:
        from archnb.diff import diff_plans
    except ImportError:
        return ""
    return f"\n\n### Changes from `{previous.plan_id}`\n\n" + diff_plans(previous, plan).to_markdown()


def _skill_names() -> list[str]:
    from archnb.skills import load_skills

    return sorted(load_skills().skills)


def _markdown_output(text: str) -> dict:
    return {"output_type": "display_data", "data": {"text/markdown": text, "text/plain": text}, "metadata": {}}


def _json_output(plan: Any) -> dict:
    data = plan.model_dump(mode="json")
    plain = json.dumps(data, indent=2, ensure_ascii=False)
    return {"output_type": "display_data", "data": {"application/json": data, "text/plain": plain}, "metadata": {}}
