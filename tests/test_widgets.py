"""The ipywidgets viewer: tabs over a plan, pickers, re-run and refine."""

from __future__ import annotations

import re

import pytest
from support.plans import library_plan, library_plan_data

from archnb.api import ArchitectResult
from archnb.errors import ModelError
from archnb.plan import Envelope, Finding, TechnicalPlan
from archnb.render.mermaid import render_architecture, render_erd
from archnb.render.openapi import render_openapi_yaml
from archnb.widgets import TABS, PlanViewer, fenced

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
SKILLS = ["designing-apis", "postgresql-table-design", "senior-architect"]


def _result(plan: TechnicalPlan, findings=None) -> ArchitectResult:
    envelope = Envelope(status="success", plan_id=plan.plan_id, created_at="2026-11-25T10:00:00+00:00")
    return ArchitectResult(plan=plan, envelope=envelope, findings=findings or [])


def _tab(viewer: PlanViewer, name: str) -> dict:
    output = viewer.tabs.children[TABS.index(name)].outputs[0]
    return output["data"]


class FakeArchitect:
    """Records the calls the viewer makes and answers with a plan derived from the brief."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.fail = fail

    def __call__(self, brief, progress=None, **options):
        self.calls.append((brief, options))
        progress("drafting")
        if self.fail:
            raise self.fail
        data = library_plan_data()
        data["brief"] = brief
        parent = options.get("parent")
        data["metadata"] = {"parent_id": parent.plan_id if parent else None, "model": options.get("model")}
        return _result(TechnicalPlan.model_validate(data).with_id())


def test_viewer_has_every_tab_filled():
    viewer = PlanViewer(_result(library_plan()), skills=SKILLS)
    assert [viewer.tabs.get_title(i) for i in range(len(TABS))] == list(TABS)
    for name in TABS:
        assert _tab(viewer, name)["text/plain"].strip(), name


def test_tabs_show_the_plan_parts():
    plan = library_plan()
    finding = Finding(rule="API004", severity="warning", message="List without pagination", where="api")
    viewer = PlanViewer(_result(plan, [finding]), skills=SKILLS)
    assert fenced(render_architecture(plan), "mermaid") in _tab(viewer, "Architecture")["text/markdown"]
    data_model = _tab(viewer, "Data model")["text/markdown"]
    assert fenced(render_erd(plan), "mermaid") in data_model
    assert 'CREATE TABLE "copy"' in data_model or "CREATE TABLE copy" in data_model
    assert render_openapi_yaml(plan) in _tab(viewer, "API")["text/markdown"]
    assert "API004" in _tab(viewer, "Lint")["text/markdown"]
    assert _tab(viewer, "JSON")["application/json"] == plan.model_dump(mode="json")
    for step in plan.steps:
        assert step.id in _tab(viewer, "Steps")["text/plain"]
    for decision in plan.decisions:
        assert decision.title in _tab(viewer, "Decisions")["text/plain"]
    assert viewer.title.value == f"{plan.title} · plan {plan.plan_id}"


def test_tabs_escape_hostile_text():
    data = library_plan_data()
    data["title"] = f"Shop {HOSTILE}"
    data["decisions"][0]["rationale"] = HOSTILE
    data["stack"][0]["rationale"] = HOSTILE
    viewer = PlanViewer(_result(TechnicalPlan.model_validate(data).with_id()), skills=SKILLS)
    for name in TABS[:-1]:
        # Code fences show text as code (the SQL comment may quote the title), so only the
        # Markdown outside them must be free of tags.
        prose = re.sub(r"(`{3,})[a-z]*\n.*?\n\1\n", "", _tab(viewer, name)["text/markdown"], flags=re.S)
        assert "<script" not in prose.lower() and "<img" not in prose.lower(), name


def test_fenced_outgrows_backticks_inside():
    assert fenced("a ``` b", "sql").startswith("````sql\n")


def test_pickers_start_from_the_plan():
    data = library_plan_data()
    data["metadata"] = {"skills_used": ["designing-apis", "unknown-skill"], "model": "openai/gpt-4o-mini"}
    viewer = PlanViewer(TechnicalPlan.model_validate(data).with_id(), skills=SKILLS)
    assert viewer.skills_picker.value == ("designing-apis",)
    assert viewer.model_picker.value == "openai/gpt-4o-mini"
    assert "openai/gpt-4o-mini" in viewer.model_picker.options


def test_rerun_uses_the_pickers_and_remembers_the_plan():
    remembered = []
    fake = FakeArchitect()
    viewer = PlanViewer(library_plan(), options={"attempts": 2}, remember=remembered.append, architect=fake, skills=SKILLS)
    viewer.model_picker.value = "openai/gpt-4o-mini"
    viewer.skills_picker.value = ("designing-apis",)
    viewer.rerun_button.click()
    brief, options = fake.calls[0]
    assert brief == library_plan().brief
    assert options == {"attempts": 2, "engine": "llm", "model": "openai/gpt-4o-mini", "skills": ["designing-apis"]}
    assert remembered == [viewer.result]
    assert viewer.result.plan.metadata.model == "openai/gpt-4o-mini"
    assert f"plan {viewer.result.plan.plan_id} (re-run): success" in viewer.status.value


def test_rerun_with_no_model_uses_the_offline_engine():
    fake = FakeArchitect()
    viewer = PlanViewer(library_plan(), options={"model": "openai/x", "engine": "llm"}, architect=fake, skills=SKILLS)
    viewer.model_picker.value = ""
    viewer.rerun()
    assert fake.calls[0][1]["engine"] == "offline" and "model" not in fake.calls[0][1]


def test_refine_makes_the_next_version_with_the_notes():
    fake = FakeArchitect()
    first = library_plan()
    viewer = PlanViewer(first, architect=fake, skills=SKILLS)
    viewer.notes.value = "Members can reserve books."
    viewer.refine_button.click()
    brief, options = fake.calls[0]
    assert brief == f"{first.brief}\n\nMembers can reserve books."
    assert options["parent"] is first
    assert viewer.plan.metadata.parent_id == first.plan_id
    assert f"refines {first.plan_id}" in viewer.status.value
    assert f"Changes from `{first.plan_id}`" in _tab(viewer, "Overview")["text/markdown"]


def test_a_failed_run_shows_one_line_and_keeps_the_plan():
    fake = FakeArchitect(fail=ModelError("the model provider refused the key", hint="check OPENAI_API_KEY"))
    plan = library_plan()
    viewer = PlanViewer(plan, architect=fake, skills=SKILLS)
    assert viewer.rerun() is None
    assert viewer.status.value == "archnb: the model provider refused the key (check OPENAI_API_KEY)"
    assert viewer.plan is plan
    assert not viewer.rerun_button.disabled and not viewer.refine_button.disabled


def test_viewer_mimebundle_says_what_it_is_without_a_kernel():
    plan = library_plan()
    data = PlanViewer(plan, skills=SKILLS)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"].startswith(f"archnb viewer for plan {plan.plan_id}")


@pytest.mark.slow
def test_rerun_with_the_real_core_makes_a_plan():
    viewer = PlanViewer(library_plan())
    viewer.model_picker.value = ""
    result = viewer.rerun()
    assert result is not None and result.plan.metadata.engine == "offline"
    assert viewer.title.value.endswith(result.plan.plan_id)
