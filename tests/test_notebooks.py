"""The notebooks in notebooks/: built from their script, committed clean, and executed top to
bottom in a real kernel on the offline engine, leaving valid plans that say what their
Markdown promises."""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from support.notebooks import execute_starting_twice

from archnb.plan import TechnicalPlan

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PLAN_MIME = "application/vnd.archnb.plan+json"
ALL = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def _builder():
    spec = importlib.util.spec_from_file_location("build_notebooks", NOTEBOOKS / "build_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_is_a_quickstart_and_three_workshops_in_order():
    assert ALL[0] == "00-quickstart.ipynb"
    assert {"01-url-shortener.ipynb", "02-checkout-sagas.ipynb", "03-rag-assistant.ipynb"} <= set(ALL)


def test_workshop_notebooks_match_their_script(capsys):
    assert _builder().main(["--check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", ALL)
def test_notebooks_are_committed_without_outputs(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    dirty = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert dirty == [], f"{name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("name", [n for n in ALL if n != "00-quickstart.ipynb"])
def test_workshops_have_exercises_with_collapsed_hints_and_both_modes(name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert text.count("### Your turn") >= 2
    assert "<details><summary>Hint</summary>" in text
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert any("--refine" in c.splitlines()[0] for c in code if c.startswith("%%architect"))
    assert any(("--skills" in c or "--areas" in c) for c in code if c.startswith("%%architect"))


def test_the_workshops_include_review_exercises():
    sources = [c.source for n in ALL for c in nbformat.read(NOTEBOOKS / n, as_version=4).cells]
    assert sum(1 for s in sources if s.startswith("%%architect --review")) >= 2


# --- executed -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Callable[[str], nbformat.NotebookNode]:
    """Execute a notebook once per module (one kernel each), in a scratch copy of notebooks/."""
    from nbclient import NotebookClient

    done: dict[str, nbformat.NotebookNode] = {}

    def run(name: str) -> nbformat.NotebookNode:
        if name not in done:
            folder = tmp_path_factory.mktemp(name.split("-")[0])
            shutil.copy(NOTEBOOKS / name, folder / name)
            notebook = nbformat.read(folder / name, as_version=4)
            execute_starting_twice(lambda: NotebookClient(
                notebook, timeout=180, kernel_name="python3", allow_errors=True,
                resources={"metadata": {"path": str(folder)}},
            ))
            done[name] = notebook
        return done[name]

    return run


def plans_of(cell) -> list[TechnicalPlan]:
    return [
        TechnicalPlan.model_validate(o.data[PLAN_MIME])
        for o in cell.get("outputs", [])
        if o.output_type in ("display_data", "execute_result") and PLAN_MIME in o.data
    ]


def markdown_of(cell) -> str:
    return "\n".join(o.data.get("text/markdown", "") for o in cell.get("outputs", []) if "data" in o)


def cell_starting(notebook, prefix: str):
    matches = [c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(prefix)]
    assert len(matches) == 1, f"expected one cell starting {prefix!r}, found {len(matches)}"
    return matches[0]


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_notebook_runs_top_to_bottom_offline_and_leaves_valid_plans(name, executed):
    notebook = executed(name)
    errors = [
        f"cell {i}: {o.ename}: {o.evalue}"
        for i, c in enumerate(notebook.cells) if c.cell_type == "code"
        for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    tracebacks = [o.text for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                  if o.output_type == "stream" and "Traceback" in o.text]
    assert tracebacks == []
    plans = [p for c in notebook.cells if c.cell_type == "code" for p in plans_of(c)]
    assert plans, f"{name} left no {PLAN_MIME} output"
    for plan in plans:
        assert plan.metadata.engine == "offline"
        assert plan.plan_id == plan.content_hash()


def _refined(notebook, first: str, second: str) -> tuple[TechnicalPlan, TechnicalPlan, str]:
    (old,) = plans_of(cell_starting(notebook, first))
    cell = cell_starting(notebook, second)
    (new,) = plans_of(cell)
    assert new.metadata.parent_id == old.plan_id
    return old, new, markdown_of(cell)


@pytest.mark.slow
def test_url_shortener_notebook_shows_a_cache_and_capacity_and_a_refinement(executed):
    notebook = executed("01-url-shortener.ipynb")
    old, new, diff = _refined(notebook, "%%architect --areas", "%%architect --refine shortener")
    assert any(c.kind == "cache" for c in old.architecture.components)
    assert any("cache" in d.title.lower() for d in old.decisions)
    assert old.capacity.rows
    assert old.plan_id in diff and new.plan_id in diff


@pytest.mark.slow
def test_checkout_notebook_plan_has_the_saga_and_the_tables_it_points_at(executed):
    notebook = executed("02-checkout-sagas.ipynb")
    (plan,) = plans_of(cell_starting(notebook, "%%architect --skills"))
    assert {"saga-orchestration", "designing-apis", "error-handling-patterns"} <= {
        d.source_skill for d in plan.decisions
    }
    assert {"idempotency_key", "processed_event"} <= {e.name for e in plan.data_model.entities}
    _refined(notebook, "%%architect --skills", "%%architect --refine checkout")


@pytest.mark.slow
def test_rag_notebook_plan_stores_embeddings_and_answers_its_question(executed):
    notebook = executed("03-rag-assistant.ipynb")
    old, new, _ = _refined(notebook, "%%architect --areas", "%%architect --refine assistant")
    embeddings = [a for e in old.data_model.entities for a in e.attributes
                  if a.type.startswith("vector") or a.name.startswith("embedding") and a.type.endswith("[]")]
    assert embeddings
    # The notebook answers the question about who may see which document.
    asked = next(q for q in old.open_questions if "see" in q.question or "allowed" in q.question)
    assert asked.question not in {q.question for q in new.open_questions}
    assert any(a.startswith("Answered") and "groups" in a for a in new.assumptions)


REVIEWS = {
    "01-url-shortener.ipynb": ("%%architect --review --name shortener_review\n", {"owners", "links", "clicks"},
                               "CREATE INDEX ON links (owner_id);"),
    "02-checkout-sagas.ipynb": ("%%architect --review --name checkout_review\n",
                                {"customer", "product", "orders", "order_item", "payment"}, "numeric(12,2)"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REVIEWS))
def test_review_cells_show_the_students_design_and_suggestions(name, executed):
    prefix, tables, advice = REVIEWS[name]
    cell = cell_starting(executed(name), prefix)
    (plan,) = plans_of(cell)
    assert plan.metadata.mode == "review"
    assert {e.name for e in plan.data_model.entities} == tables
    shown = re.sub(r"\\(.)", r"\1", markdown_of(cell))  # Markdown escapes, as a reader sees it
    assert advice in shown


def test_a_kernel_that_never_came_up_is_started_once_more_but_a_failing_cell_is_not():
    calls = []

    class Client:
        def __init__(self, fail: str):
            self.fail = fail

        def execute(self, **kwargs):
            calls.append(kwargs)
            if self.fail:
                raise RuntimeError(self.fail)

    outcomes = iter(["Kernel didn't respond in 60 seconds", ""])
    execute_starting_twice(lambda: Client(next(outcomes)), env={"A": "1"})
    assert calls == [{"env": {"A": "1"}}, {"env": {"A": "1"}}]
    with pytest.raises(RuntimeError, match="cell 3 failed"):
        execute_starting_twice(lambda: Client("cell 3 failed"))
