"""The Markdown report, rendered by marked (JupyterLab's Markdown renderer, same version),
and the plain-text summary."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.plans import library_plan
from support.strategies import entity, findings, make_plan, plans, render_settings

from archnb.plan import Finding
from archnb.render.common import one_line
from archnb.render.markdown import inline, render_report, render_text_summary
from archnb.render.mermaid import render_architecture, render_erd

pytestmark = pytest.mark.slow

SAFE_TAGS = {
    "h1",
    "h2",
    "h3",
    "p",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
SAFE_ATTRIBUTES = {"class", "href", "start", "align"}
ATTACK = '<script>alert(1)</script> <img src=x onerror="alert(1)"> [x](javascript:alert(1))'


def rendered(markdown_html, text: str) -> dict:
    [page] = markdown_html([text])
    return page


def assert_no_markup_from_plan_text(page: dict) -> None:
    assert set(page["tags"]) <= SAFE_TAGS, page["tags"]
    assert set(page["attributes"]) <= SAFE_ATTRIBUTES, page["attributes"]
    for href in page["hrefs"]:
        assert re.match(r"^(https?://|mailto:)", href), href


# --- properties over generated plans ------------------------------------------------------


@render_settings(40)
@given(plan=plans(), lint=st.one_of(st.none(), findings()))
def test_any_plan_renders_as_plain_text_and_two_intact_mermaid_fences(plan, lint, markdown_html):
    markdown = render_report(plan, lint)
    assert "<" not in markdown
    page = rendered(markdown_html, markdown)
    assert_no_markup_from_plan_text(page)

    diagrams = [render_architecture(plan)]
    if plan.data_model.entities or plan.data_model.relationships:
        diagrams.append(render_erd(plan))
    assert page["mermaid"] == diagrams
    assert page["headings"][0] == (one_line(plan.title) or "Untitled plan")
    cells = set(page["cells"])
    for requirement in plan.requirements:
        assert (one_line(requirement.text) or "—") in cells
    for decision in plan.decisions:
        parts = [one_line(decision.id), one_line(decision.title)]
        assert (": ".join(p for p in parts if p) or "Decision") in page["headings"]
    for risk in plan.risks:
        assert (one_line(risk.mitigation) or "—") in cells
    for finding in lint or []:
        assert (one_line(finding.message) or "—") in cells


@render_settings(25)
@given(plan=plans(), lint=st.one_of(st.none(), findings()))
def test_text_summary_is_short_and_has_no_control_characters(plan, lint):
    summary = render_text_summary(plan, lint)
    lines = summary.splitlines()
    assert 5 <= len(lines) <= 15
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", summary)
    assert lines[0].startswith(one_line(plan.title)[:99] or "Untitled plan")


# --- examples ---------------------------------------------------------------------------


def test_html_and_links_in_a_brief_show_as_text(markdown_html):
    plan = make_plan(
        title=ATTACK,
        summary=ATTACK + "\n\n# not a heading\n- not a list\n1. not a list",
        brief=ATTACK,
        assumptions=["<b>bold?</b> | pipe", "$$x^2$$ and $y$"],
        decisions=[
            {
                "id": "D-001",
                "title": ATTACK,
                "context": "c",
                "choice": "<iframe>",
                "rationale": "`code` **bold**",
            }
        ],
    )
    markdown = render_report(plan)
    assert "<script" not in markdown and "<img" not in markdown and "<iframe" not in markdown
    page = rendered(markdown_html, markdown)
    assert_no_markup_from_plan_text(page)
    assert page["hrefs"] == []
    assert page["headings"][0] == ATTACK
    assert "D-001: " + ATTACK in page["headings"]
    assert "# not a heading - not a list 1. not a list" in page["text"]
    assert "<b>bold?</b> | pipe" in page["items"]
    assert "$$x^2$$ and $y$" in page["items"]
    # JupyterLab's MathJax typesets $...$ pairs, even from &#36;, but never inside code.
    assert "$" not in re.sub(r"`\$+`", "", markdown)


def test_urls_in_plan_text_stay_plain_text_with_their_marks(markdown_html):
    # GFM links "http://..." and "www...." using the raw source as the link text, so an escape
    # inside one showed its backslash (hypothesis found "...png)NULL*/ ..." in a finding).
    texts = ["![img](http://x/y.png)NULL*/ DROP TABLE x; /*", "see www.a_b.org/*x* now",
             "ftp://h/p_q_r and WWW.Example.com/_a_"]
    plan = make_plan(assumptions=texts)
    page = rendered(markdown_html, render_report(plan))
    assert_no_markup_from_plan_text(page)
    assert page["hrefs"] == []
    for text in texts:
        assert text in page["items"]


def test_the_report_has_every_section_in_order_and_mermaid_accepts_its_fences(
    markdown_html, mermaid_check
):
    plan = library_plan()
    lint = [
        Finding(rule="ARCH001", severity="warning", message="m", where="w", hint="h"),
        Finding(rule="ARCH002", severity="critical", message="worse"),
    ]
    page = rendered(markdown_html, render_report(plan, lint))
    assert page["headings"][0] == plan.title
    sections = [h for h in page["headings"][1:] if not re.match(r"(D-\d+|Coverage)", h)]
    assert sections == [
        "Requirements",
        "Open questions",
        "Decisions",
        "Architecture",
        "Data model",
        "API",
        "Stack",
        "Security",
        "Implementation steps",
        "Risks",
        "Lint findings",
        "Provenance",
        "Brief",
    ]
    assert [r["ok"] for r in mermaid_check(page["mermaid"])] == [True, True]
    assert page["cells"].index("critical") < page["cells"].index("warning")


def test_coverage_lists_what_serves_each_requirement(markdown_html):
    plan = make_plan(
        requirements=[
            {"id": "FR-001", "kind": "functional", "text": "Borrow"},
            {
                "id": "NFR-001",
                "kind": "non_functional",
                "text": "Fast",
                "metric": "p95 latency",
                "target": 250,
                "unit": "ms",
            },
        ],
        data_model={"entities": [entity("loan", serves=["FR-001"])]},
        api={
            "endpoints": [
                {"method": "POST", "path": "/loans", "summary": "Borrow", "serves": ["FR-001"]}
            ]
        },
        steps=[{"id": "S1", "title": "Build", "serves": ["FR-001", "NFR-001"]}],
    )
    page = rendered(markdown_html, render_report(plan))
    cells = page["cells"]
    header = ["Requirement", "Entities", "Endpoints", "Components", "Decisions", "Steps"]
    start = next(i for i in range(len(cells)) if cells[i : i + 6] == header)
    rows = [cells[i : i + 6] for i in range(start + 6, len(cells), 6)][:2]
    assert rows == [
        ["FR-001", "loan", "POST /loans", "—", "—", "S1"],
        ["NFR-001", "—", "—", "—", "—", "S1"],
    ]
    assert "p95 latency 250 ms" in cells


def test_capacity_shows_formulas_and_the_monthly_cost(markdown_html):
    plan = make_plan(
        capacity={
            "rows": [
                {
                    "metric": "Peak writes",
                    "value": 833.3333,
                    "unit": "req/s",
                    "formula": "50,000 x 1 / 60",
                }
            ],
            "costs": [{"item": "Database", "monthly_usd": 1200, "assumption": "2 vCPU"}],
            "monthly_cost_usd": 1450.5,
        }
    )
    page = rendered(markdown_html, render_report(plan))
    assert page["cells"][4:8] == ["Peak writes", "833.33", "req/s", "50,000 x 1 / 60"]
    assert "Estimated monthly cost: 1,450.50 USD" in page["text"]


def test_inline_escaping_keeps_text_and_starts_no_block():
    assert inline("# x") == "\\# x"
    assert inline("1. a") == "1\\. a"
    assert inline("a|b_c*d") == "a\\|b\\_c\\*d"
    assert inline("<b> & $5 or $$x$$") == "&lt;b&gt; &amp; `$`5 or `$$`x`$$`"
    assert inline("two\nlines") == "two lines"


def test_text_summary_names_the_plan_and_counts_findings():
    plan = library_plan()
    lint = [
        Finding(rule="R", severity="error", message="m"),
        Finding(rule="R", severity="warning", message="m"),
        Finding(rule="R", severity="error", message="m"),
    ]
    summary = render_text_summary(plan, lint)
    lines = summary.splitlines()
    assert lines[0] == f"{plan.title} (plan {plan.plan_id}, offline engine)"
    assert "Data model: 5 entities (branch, book, copy, member, loan)" in lines
    assert lines[-1] == "Lint: 2 error, 1 warning"
    assert render_text_summary(plan).splitlines()[-1] != lines[-1]
