"""The notebook output of a plan: one record bundle, escaped views, static SVGs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from support.plans import library_plan, library_plan_data

from archnb.api import ArchitectResult
from archnb.display import (
    PLAN_MIME,
    SVG_ERD_MAX_COLUMNS,
    answer_cell,
    bundle,
    erd_overview,
    escape_markdown,
    output_metadata,
    questions_bundle,
    svg_bundles,
    table_bundle,
    table_text,
)
from archnb.magic import split_answers
from archnb.plan import Envelope, Finding, TechnicalPlan
from archnb.render.mermaid import render_erd

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def _result(plan: TechnicalPlan, findings: list[Finding] | None = None) -> ArchitectResult:
    envelope = Envelope(status="success", plan_id=plan.plan_id, created_at="2026-11-25T10:00:00+00:00")
    return ArchitectResult(plan=plan, envelope=envelope, findings=findings or [])


def _hostile_plan() -> TechnicalPlan:
    data = library_plan_data()
    data["title"] = f"Shop {HOSTILE}"
    data["summary"] = f"Sells things {HOSTILE} $x$ | pipes"
    data["architecture"]["components"][1]["name"] = f"API {HOSTILE}"
    data["open_questions"][0]["question"] = f"Which {HOSTILE}?"
    return TechnicalPlan.model_validate(data).with_id()


def test_bundle_is_the_plan_record_without_html():
    plan = library_plan()
    data, metadata = bundle(_result(plan))
    assert set(data) == {PLAN_MIME, "text/markdown", "text/plain"}
    assert TechnicalPlan.model_validate(data[PLAN_MIME]) == plan
    assert data[PLAN_MIME]["plan_id"] == plan.plan_id
    assert data["text/markdown"].count("```mermaid") == 2
    assert plan.title in data["text/plain"]


def test_bundle_metadata_carries_provenance():
    plan = library_plan()
    _, metadata = bundle(_result(plan))
    meta = metadata[PLAN_MIME]
    assert meta == {
        "plan_id": plan.plan_id,
        "parent_id": None,
        "created_at": "2026-11-25T10:00:00+00:00",
        "engine": plan.metadata.engine,
        "model": None,
        "archnb_version": plan.metadata.archnb_version,
        "status": "success",
        "mode": "design",
    }


def test_bundle_of_a_bare_plan_has_no_run_details():
    plan = library_plan()
    meta = output_metadata(plan)
    assert meta["plan_id"] == plan.plan_id
    assert meta["created_at"] is None and meta["status"] is None


def test_bundle_shows_lint_findings_in_the_report():
    finding = Finding(rule="ARCH999", severity="warning", message="Nothing watches the queue", hint="add alerts")
    data, _ = bundle(_result(library_plan(), [finding]))
    assert "ARCH999" in data["text/markdown"]


def test_hostile_text_never_reaches_the_markdown_as_html():
    data, _ = bundle(_result(_hostile_plan()))
    markdown = data["text/markdown"]
    assert "<script" not in markdown.lower()
    assert "<img" not in markdown.lower()


@pytest.mark.parametrize(
    "text, forbidden",
    [
        (HOSTILE, ["<script", "<img"]),
        ("cost $5 to $10", ["$5 to $"]),  # would be typeset as math
        ("a | b", [" | "]),
        ("[click](javascript:alert(1))", ["[click]("]),
        ("two\nlines", ["\n"]),
    ],
)
def test_escape_markdown_neutralises(text, forbidden):
    escaped = escape_markdown(text)
    for bad in forbidden:
        assert bad not in escaped


def test_escape_markdown_keeps_the_words():
    assert re.sub(r"\\", "", escape_markdown("orders_v2 * items")) == "orders_v2 * items"


def test_table_text_aligns_columns():
    text = table_text(["id", "title"], [["a1", "Shop"], ["b22222", "Clinic"]])
    lines = text.splitlines()
    assert lines[0].index("title") == lines[2].index("Shop") == lines[3].index("Clinic")


def test_table_bundle_escapes_cells():
    data, meta = table_bundle("t", ["a"], [[HOSTILE]], "history")
    assert "<script" not in data["text/markdown"]
    assert HOSTILE in data["text/plain"]
    assert meta == {"archnb": {"kind": "history"}}


def test_questions_bundle_asks_every_open_question():
    plan = _hostile_plan()
    data, meta = questions_bundle(plan)
    for question in plan.open_questions:
        assert f"{question.id}." in data["text/plain"]
        assert question.assumption in data["text/plain"]
    assert "<script" not in data["text/markdown"]
    assert f"%%architect --refine {plan.plan_id}" in data["text/markdown"]
    assert meta["archnb"] == {"kind": "questions", "plan_id": plan.plan_id}


def test_questions_bundle_says_when_there_are_none():
    data = library_plan_data()
    data["open_questions"] = []
    plan = TechnicalPlan.model_validate(data).with_id()
    shown, _ = questions_bundle(plan)
    assert "no open questions" in shown["text/plain"]


def test_answer_cell_is_read_back_as_answers_once_filled_in():
    plan = library_plan()
    template = answer_cell(plan)
    body = template.split("\n", 1)[1]
    assert split_answers(body) == ("", {})  # placeholders are not answers
    filled = body.replace(body.split(": ", 1)[1], "Yes, across branches")
    assert split_answers(filled) == ("", {"Q1": "Yes, across branches"})


def test_views_are_plain_text_to_jupyterlabs_markdown_renderer(markdown_html):
    plan = _hostile_plan()
    views = [
        questions_bundle(plan)[0]["text/markdown"],
        table_bundle(HOSTILE, ["a", HOSTILE], [[HOSTILE, "[x](javascript:alert(1))"]], "t")[0]["text/markdown"],
    ]
    for rendered in markdown_html(views):
        assert set(rendered["tags"]) <= {"h3", "p", "strong", "em", "br", "pre", "code", "table", "thead", "tbody", "tr", "th", "td"}
        assert rendered["attributes"] == [] and rendered["hrefs"] == []
        assert "window.__pwned=1" in rendered["text"]  # shown, not dropped


def _big_plan() -> TechnicalPlan:
    data = library_plan_data()
    book = data["data_model"]["entities"][1]
    book["attributes"] += [{"name": f"extra_{i}", "type": "text"} for i in range(SVG_ERD_MAX_COLUMNS)]
    return TechnicalPlan.model_validate(data).with_id()


def test_erd_overview_keeps_every_entity_and_relationship(mermaid_check):
    full_source = render_erd(_big_plan())
    full, overview = mermaid_check([full_source, erd_overview(full_source)], details=True)
    assert overview["ok"], overview["error"]
    names = [e["name"] for e in full["details"]["entities"]]
    assert [e["name"] for e in overview["details"]["entities"]] == names
    assert all(e["attributes"] == [] for e in overview["details"]["entities"])
    assert overview["details"]["relationships"] == full["details"]["relationships"]


@pytest.mark.slow
def test_svg_of_a_large_data_model_is_an_overview():
    plan = _big_plan()
    (_, _), (erd, meta) = svg_bundles(plan)
    assert meta["archnb"]["overview"] is True
    assert "columns are in the report" in erd["text/plain"]
    ET.fromstring(erd["image/svg+xml"])


@pytest.mark.slow
def test_svg_bundles_are_two_standalone_images_with_unique_ids():
    plan = _hostile_plan()
    outputs = svg_bundles(plan)
    assert [meta["archnb"]["figure"] for _, meta in outputs] == ["architecture", "erd"]
    assert outputs[1][1]["archnb"]["overview"] is False  # a small model gets its full ERD
    for data, meta in outputs:
        assert set(data) == {"image/svg+xml", "text/plain"}
        svg = data["image/svg+xml"]
        root = ET.fromstring(svg)
        assert root.get("id") == f"archnb-{plan.plan_id}-{meta['archnb']['figure']}"
        assert 'id="my-svg' not in svg and "#my-svg" not in svg
        assert "<script" not in svg.lower()
