"""%%architect runs on the offline engine: outputs, options, history, subcommands, failures."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import nbformat
import pytest
from support.plans import library_plan
from support.shells import SHOP_BRIEF, run_in_shell

import archnb.api
from archnb.api import ArchitectResult
from archnb.display import PLAN_MIME, bundle
from archnb.errors import ModelError, PlanFailed
from archnb.magic import ArchitectFailed
from archnb.plan import TechnicalPlan

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _plan_cell(ip, options: str = "", brief: str = SHOP_BRIEF):
    run = run_in_shell(ip, f"%%architect --engine offline {options}\n{brief}")
    assert run.error is None, run.text()
    return run


def _result(magics) -> ArchitectResult:
    return magics.history[-1].result


# --- the record -----------------------------------------------------------------------


def test_a_cell_displays_one_plan_record(ip, architect_magics):
    run = _plan_cell(ip)
    assert len(run.outputs) == 1 and run.result is None  # display_data, not execute_result
    data, metadata = run.outputs[0]["data"], run.outputs[0]["metadata"]
    assert set(data) == {PLAN_MIME, "text/markdown", "text/plain"}
    plan = TechnicalPlan.model_validate(data[PLAN_MIME])
    assert plan == _result(architect_magics).plan
    assert data["text/markdown"].count("```mermaid") == 2
    meta = metadata[PLAN_MIME]
    assert meta["plan_id"] == plan.plan_id and meta["engine"] == "offline"
    assert meta["created_at"] and meta["status"] in ("success", "partial")


def test_name_binds_the_result_and_is_recorded(ip):
    run = _plan_cell(ip, "--name shop")
    result = ip.user_ns["shop"]
    assert isinstance(result, ArchitectResult)
    assert run.outputs[0]["metadata"][PLAN_MIME]["name"] == "shop"
    assert run.outputs[0]["data"][PLAN_MIME]["plan_id"] == result.plan.plan_id


def test_the_same_brief_gives_the_same_plan_id(ip, architect_magics):
    first = _plan_cell(ip).plans[0]["data"][PLAN_MIME]
    second = _plan_cell(ip).plans[0]["data"][PLAN_MIME]
    assert first == second


# --- the brief ------------------------------------------------------------------------


def test_variables_are_interpolated_and_other_braces_kept(ip, architect_magics):
    ip.user_ns["stores"] = 12
    _plan_cell(ip, brief='A bakery with {stores} stores; orders look like {"id": 1}; {unknown} stays.')
    assert _result(architect_magics).plan.brief == 'A bakery with 12 stores; orders look like {"id": 1}; {unknown} stays.'


@pytest.mark.parametrize("how", ["--no-interpolate", "config"])
def test_interpolation_can_be_turned_off(ip, architect_magics, how):
    ip.user_ns["stores"] = 12
    if how == "config":
        ip.run_line_magic("architect", "config interpolate=false")
    _plan_cell(ip, "--no-interpolate" if how != "config" else "", brief="A bakery with {stores} stores selling bread.")
    assert "{stores}" in _result(architect_magics).plan.brief


def test_an_empty_brief_is_a_usage_error(ip):
    run = run_in_shell(ip, "%%architect\n   \n")
    assert "the brief is empty" in run.stderr


# --- options that reach the core ------------------------------------------------------


def test_skills_option_picks_exactly_those_skills(ip, architect_magics):
    _plan_cell(ip, "--skills designing-apis,postgresql-table-design")
    assert _result(architect_magics).plan.metadata.skills_used == ["designing-apis", "postgresql-table-design"]


def test_unknown_skill_is_a_usage_error_with_a_suggestion(ip):
    run = run_in_shell(ip, f"%%architect --skills designing-api\n{SHOP_BRIEF}")
    assert run.stderr.startswith("UsageError: unknown skill 'designing-api'")
    assert "did you mean 'designing-apis'" in run.stderr


def test_areas_option_limits_skills_to_the_area(ip, architect_magics):
    _plan_cell(ip, "--areas Database")
    assert set(_result(architect_magics).plan.metadata.skills_used) <= {"postgresql-table-design", "senior-data-engineer"}


def test_settings_apply_and_options_override_them(ip, architect_magics):
    ip.run_line_magic("architect", "config skills=designing-apis attempts=1")
    _plan_cell(ip)
    assert _result(architect_magics).plan.metadata.skills_used == ["designing-apis"]
    _plan_cell(ip, "--skills senior-architect")
    assert _result(architect_magics).plan.metadata.skills_used == ["senior-architect"]


def test_attempts_option_reaches_the_core(ip, monkeypatch):
    seen = {}
    real = archnb.api.architect

    def spy(brief, progress=None, **options):
        seen.update(options)
        return real(brief, progress=progress, **options)

    monkeypatch.setattr(archnb.api, "architect", spy)
    design = "erDiagram\n  customer ||--o{ order : places\n"
    _plan_cell(ip, "--attempts 2 --review -m openai/x --api-base http://127.0.0.1:9/v1 --engine offline",
               brief=design)
    assert seen["attempts"] == 2 and seen["review"] is True
    assert seen["model"] == "openai/x" and seen["api_base"] == "http://127.0.0.1:9/v1"


def test_review_mode_marks_the_plan(ip, architect_magics):
    design = "erDiagram\n  customer ||--o{ order : places\n  order ||--|{ line_item : contains\n"
    _plan_cell(ip, "--review", brief=design)
    assert _result(architect_magics).plan.metadata.mode == "review"


def test_llm_engine_without_a_model_is_one_clear_line(ip):
    run = run_in_shell(ip, f"%%architect --engine llm\n{SHOP_BRIEF}")
    assert run.stderr.startswith("UsageError: the llm engine needs a model")
    assert run.outputs == []


# --- refine, clarify, answers -----------------------------------------------------------


def test_refine_a_variable_makes_a_child_and_shows_the_diff(ip_with_plan):
    ip = ip_with_plan
    parent = ip.user_ns["v1"].plan
    run = _plan_cell(ip, "--refine v1 --name v2", brief="Customers can also subscribe to a weekly bread box.")
    child = ip.user_ns["v2"].plan
    assert child.metadata.parent_id == parent.plan_id
    assert child.brief.startswith(parent.brief) and child.brief.endswith("weekly bread box.")
    assert run.kinds() == ["diff"]
    diff = run.outputs[1]
    assert f"{parent.plan_id}" in diff["data"]["text/markdown"] and child.plan_id in diff["data"]["text/markdown"]
    assert diff["metadata"]["archnb"] == {"kind": "diff", "a": parent.plan_id, "b": child.plan_id}


@pytest.mark.parametrize("ref", ["id", "prefix", "last"])
def test_refine_by_plan_id_prefix_or_last(ip_with_plan, ref):
    ip = ip_with_plan
    parent_id = ip.user_ns["v1"].plan.plan_id
    token = {"id": parent_id, "prefix": parent_id[:6], "last": "last"}[ref]
    run_in_shell(ip, "del v1")
    _plan_cell(ip, f"--refine {token} --name v2", brief="Add gift cards.")
    assert ip.user_ns["v2"].plan.metadata.parent_id == parent_id


def test_one_line_refine_keeps_the_parent_brief(ip_with_plan):
    ip = ip_with_plan
    run = run_in_shell(ip, "%architect --refine v1 --engine offline --name v2")
    assert run.error is None, run.text()
    assert ip.user_ns["v2"].plan.brief == ip.user_ns["v1"].plan.brief
    assert ip.user_ns["v2"].plan.metadata.parent_id == ip.user_ns["v1"].plan.plan_id
    assert len(run.plans) == 1 and run.kinds() == ["diff"]


def test_answers_in_the_cell_and_in_a_file_reach_the_core(ip, monkeypatch, tmp_path):
    ip.user_ns["lib"] = library_plan()  # asks Q1
    seen = {}
    real = archnb.api.architect

    def spy(brief, progress=None, **options):
        seen.update(options)
        return real(brief, progress=progress, **options)

    monkeypatch.setattr(archnb.api, "architect", spy)
    _plan_cell(ip, "--refine lib", brief="Q1: yes, members reserve across branches")
    assert seen["answers"] == {"Q1": "yes, members reserve across branches"}
    assert seen["parent"].plan_id == ip.user_ns["lib"].plan_id
    (tmp_path / "answers.yaml").write_text("Q1: no\n")
    run = run_in_shell(ip, f"%architect --refine lib --engine offline --answers {tmp_path / 'answers.yaml'}")
    assert run.error is None, run.text()
    assert seen["answers"] == {"Q1": "no"}


def test_answering_a_question_the_parent_did_not_ask_is_a_usage_error(ip):
    ip.user_ns["lib"] = library_plan()
    run = run_in_shell(ip, "%%architect --refine lib\nQ2: maybe\n")
    assert "Q2 is not an open question of plan" in run.stderr and "it asks: Q1" in run.stderr


def test_clarify_shows_the_questions_as_questions(ip, architect_magics):
    run = _plan_cell(ip, "--clarify")
    assert run.kinds() == ["questions"]
    shown = run.outputs[1]["data"]["text/plain"]
    plan = _result(architect_magics).plan
    for question in plan.open_questions:
        assert f"{question.id}. {question.question}" in shown
    if not plan.open_questions:
        assert "no open questions" in shown


def test_the_clarify_follow_up_cell_refines_the_plan(ip):
    ip.user_ns["lib"] = library_plan()
    run = run_in_shell(ip, "%architect show lib")
    from archnb.display import answer_cell

    follow_up = answer_cell(ip.user_ns["lib"]).replace("<your answer>", "yes")
    run = run_in_shell(ip, follow_up.replace("%%architect", "%%architect --engine offline --name v2", 1))
    assert run.error is None, run.text()
    assert ip.user_ns["v2"].plan.metadata.parent_id == ip.user_ns["lib"].plan_id


# --- outputs beside the record ----------------------------------------------------------


def test_export_writes_the_six_files(ip, tmp_path):
    run = _plan_cell(ip, f"--export {tmp_path / 'out'}")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["PLAN.md", "architecture.mmd", "erd.mmd", "openapi.yaml", "plan.json", "schema.sql"]
    assert "archnb: wrote 6 file(s) of plan" in run.stdout
    saved = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert saved == run.plans[0]["data"][PLAN_MIME]


def test_export_into_a_file_fails_after_the_plan_is_kept(ip, tmp_path):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    run = run_in_shell(ip, f"%%architect --name v1 --export {blocker}\n{SHOP_BRIEF}")
    assert isinstance(run.error, (ArchitectFailed, Exception)) and run.error is not None
    assert len(run.plans) == 1 and "v1" in ip.user_ns
    assert "Traceback" not in run.text()


TINY_BRIEF = "A notes app: each notebook has many notes."


@pytest.mark.slow
def test_svg_adds_two_image_outputs_after_the_record_and_to_the_export(ip, tmp_path):
    # mermaidx runs Mermaid in an embedded JS engine: seconds per diagram, so a small plan.
    run = _plan_cell(ip, f"--svg --skills designing-apis --export {tmp_path}", brief=TINY_BRIEF)
    assert PLAN_MIME in run.outputs[0]["data"] and "image/svg+xml" not in run.outputs[0]["data"]
    assert run.kinds() == ["svg", "svg"]
    for output, name in zip(run.outputs[1:], ["architecture.svg", "erd.svg"], strict=True):
        ET.fromstring(output["data"]["image/svg+xml"])
        assert (tmp_path / name).read_text() == output["data"]["image/svg+xml"]
    assert "wrote 8 file(s)" in run.stdout


def test_verbose_prints_the_steps_and_the_status(ip, architect_magics):
    run = _plan_cell(ip, "-v")
    plan = _result(architect_magics).plan
    assert "archnb: attempt 1/" in run.stdout
    assert f"plan {plan.plan_id} by the offline engine" in run.stdout
    assert "archnb: next: " in run.stdout


def test_widget_option_adds_the_viewer_after_the_record(ip):
    run = _plan_cell(ip, "--widget")
    assert PLAN_MIME in run.outputs[0]["data"]
    assert WIDGET_MIME in run.outputs[1]["data"]
    assert run.outputs[1]["data"]["text/plain"].startswith("archnb viewer for plan")


def test_in_a_kernel_the_progress_output_becomes_the_plan(kernel_like, shell_notebook):
    run = shell_notebook.run(f"%%architect --engine offline\n{SHOP_BRIEF}")
    assert run.error is None
    assert len(run.outputs) == 1 and PLAN_MIME in run.outputs[0]["data"]
    assert shell_notebook.publisher.updates >= 2  # progress updates, then the plan


# --- failures -----------------------------------------------------------------------------


def _failing(error: BaseException):
    def architect(brief, progress=None, **options):
        progress("attempt 1/3: drafting")
        raise error

    return architect


@pytest.mark.parametrize(
    "error, line",
    [
        (PlanFailed("no valid plan after 3 attempt(s): FK to unknown entity", hint="rerun with --attempts higher"),
         "archnb: no valid plan after 3 attempt(s): FK to unknown entity (rerun with --attempts higher)"),
        (ModelError("the provider said 401 for key sk-test-0123456789abcdef", hint="check OPENAI_API_KEY"),
         "archnb: the provider said 401 for key [redacted] (check OPENAI_API_KEY)"),
        (KeyboardInterrupt(), "archnb: interrupted: no plan was made; earlier outputs are unchanged"),
    ],
)
def test_a_failed_run_is_one_line_and_touches_nothing_before_it(
    kernel_like, shell_notebook, architect_magics, monkeypatch, error, line
):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    first = shell_notebook.run(f"%%architect --engine offline --name v1\n{SHOP_BRIEF}")
    before = json.dumps(first.outputs, sort_keys=True)
    kept = kernel_like.user_ns["v1"]
    monkeypatch.setattr(archnb.api, "architect", _failing(error))
    failed = shell_notebook.run(f"%%architect --name v1\n{SHOP_BRIEF}")
    assert isinstance(failed.error, ArchitectFailed)
    assert failed.stdout.replace("\x1b[0;31m", "").replace("\x1b[0m", "").strip() == line
    assert failed.stderr == "" and "Traceback" not in failed.text()
    assert [o["data"] for o in failed.outputs] == [{"text/plain": ""}]  # the progress line, emptied
    assert json.dumps(first.outputs, sort_keys=True) == before
    assert kernel_like.user_ns["v1"] is kept and len(architect_magics.history) == 1


# --- subcommands over plans ---------------------------------------------------------------


def test_history_lists_versions_with_parents(ip_with_plan):
    ip = ip_with_plan
    _plan_cell(ip, "--refine v1 --name v2", brief="Add gift cards.")
    run = run_in_shell(ip, "%architect history")
    table = run.outputs[0]["data"]["text/plain"]
    v1, v2 = ip.user_ns["v1"].plan.plan_id, ip.user_ns["v2"].plan.plan_id
    row1 = next(r for r in table.splitlines() if r.startswith(v1))
    row2 = next(r for r in table.splitlines() if r.startswith(v2))
    assert " v1 " in row1 and "as v1" in row1
    assert f"{v2}  {v1}  v2 " in row2 and "as v2" in row2


def test_show_displays_the_record_again(ip_with_plan):
    plan = ip_with_plan.user_ns["v1"].plan
    run = run_in_shell(ip_with_plan, f"%architect show {plan.plan_id[:8]}")
    assert run.plans[0]["data"][PLAN_MIME] == plan.model_dump(mode="json")
    assert run.plans[0]["metadata"][PLAN_MIME]["created_at"]


def test_diff_of_two_versions_and_of_a_plan_with_itself(ip_with_plan):
    ip = ip_with_plan
    _plan_cell(ip, "--refine v1 --name v2", brief="Add gift cards and a loyalty programme.")
    changed = run_in_shell(ip, "%architect diff v1 v2")
    same = run_in_shell(ip, "%architect diff v1 v1")
    assert changed.kinds() == ["diff"] and "No differences" not in changed.outputs[0]["data"]["text/markdown"]
    assert "No differences" in same.outputs[0]["data"]["text/markdown"]


@pytest.mark.parametrize("fmt, expected", [("files", "schema.sql"), ("adr", None), ("speckit", "tasks.md")])
def test_export_subcommand_writes_the_format(ip_with_plan, tmp_path, fmt, expected):
    run = run_in_shell(ip_with_plan, f"%architect export v1 {tmp_path / fmt} --format {fmt}")
    assert run.error is None, run.text()
    written = [p for p in (tmp_path / fmt).rglob("*") if p.is_file()]
    assert written and "archnb: wrote" in run.stdout
    if expected:
        assert any(p.name == expected for p in written)


def test_view_opens_the_viewer(ip_with_plan):
    run = run_in_shell(ip_with_plan, "%architect view v1")
    assert WIDGET_MIME in run.outputs[0]["data"]


def test_history_and_show_read_the_notebook_file(ip, tmp_path):
    plan = library_plan()
    data, metadata = bundle(plan)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("%%architect\n...")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    nb.cells = [nbformat.v4.new_markdown_cell("# Plans"), cell]
    path = tmp_path / "design.ipynb"
    nbformat.write(nb, path)
    ip.user_ns["__session__"] = str(path)  # what ipykernel sets from JPY_SESSION_NAME
    table = run_in_shell(ip, "%architect history").outputs[0]["data"]["text/plain"]
    assert plan.plan_id in table and "design.ipynb cell 1" in table
    shown = run_in_shell(ip, f"%architect show {plan.plan_id}")
    assert shown.plans[0]["data"][PLAN_MIME]["plan_id"] == plan.plan_id


@pytest.mark.parametrize(
    "error, line",
    [
        (KeyboardInterrupt(), "archnb: SVG rendering interrupted; the plan is shown without SVGs"),
        (RuntimeError("Mermaid rendering failed: Parse error on line 3\nmore"), "archnb: no SVG: Mermaid rendering failed: Parse error on line 3"),
        (ImportError("static SVGs need mermaidx: pip install 'archnb[svg]'"), "archnb: no SVG: static SVGs need mermaidx"),
    ],
)
def test_svg_trouble_still_shows_the_plan(ip, monkeypatch, error, line):
    import archnb.display

    def broken(plan):
        raise error

    monkeypatch.setattr(archnb.display, "svg_bundles", broken)
    run = _plan_cell(ip, "--svg")
    assert len(run.outputs) == 1 and PLAN_MIME in run.outputs[0]["data"]
    assert run.stderr.startswith(line) and run.stderr.count("\n") == 1
