"""archnb.notebook: plans read back from notebooks (written by hand and by a real kernel)."""

from __future__ import annotations

import json
from datetime import datetime

import nbformat
import pytest
from nbformat import v4
from support.plans import library_plan, library_plan_data, refined_library_plan

from archnb.errors import SourceError, UsageProblem
from archnb.notebook import (
    MIME,
    find_plan,
    load_source,
    read_history,
    read_plans,
    version_tree,
)
from archnb.plan import TechnicalPlan


def plan_output(plan: TechnicalPlan, metadata: dict | None = None, kind: str = "display_data"):
    data = {MIME: plan.model_dump(mode="json"), "text/plain": plan.title}
    if kind == "execute_result":
        return v4.new_output(kind, data=data, metadata=metadata or {}, execution_count=1)
    return v4.new_output(kind, data=data, metadata=metadata or {})


def write_notebook(path, *cells_outputs):
    cells = [v4.new_markdown_cell("# design")]
    for outputs in cells_outputs:
        cell = v4.new_code_cell("%%architect\nA brief")
        cell.outputs = list(outputs)
        cells.append(cell)
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    return path


@pytest.fixture
def two_versions(tmp_path):
    first = library_plan()
    second = refined_library_plan(first)
    meta = {MIME: {"plan_id": first.plan_id, "created_at": "2026-11-25T10:00:00+00:00",
                   "engine": "offline", "model": None}}
    meta2 = {MIME: {"plan_id": second.plan_id, "parent_id": first.plan_id,
                    "created_at": "2026-11-25T10:05:00+00:00", "engine": "offline"}}
    path = write_notebook(tmp_path / "design.ipynb", [plan_output(first, meta)],
                          [v4.new_output("stream", name="stdout", text="hi\n"), plan_output(second, meta2)])
    return path, first, second


def test_reads_every_plan_output_with_its_provenance(two_versions):
    path, first, second = two_versions
    plans = read_plans(path)
    assert [p.plan_id for p in plans] == [first.plan_id, second.plan_id]
    assert [p.cell_index for p in plans] == [1, 2]
    assert plans[0].parent_id is None and plans[1].parent_id == first.plan_id
    assert plans[0].created_at == "2026-11-25T10:00:00+00:00"
    assert plans[1].engine == "offline" and plans[1].model is None
    assert plans[1].title == second.title
    assert plans[1].plan == second


@pytest.mark.parametrize("layout", ["flat", "archnb", "mime", "none"])
def test_metadata_is_found_wherever_it_sits(tmp_path, layout):
    plan = library_plan()
    fields = {"created_at": "2026-01-02T03:04:05Z", "engine": "llm", "model": "openai/x", "name": "v1"}
    metadata = {"flat": fields, "archnb": {"archnb": fields}, "mime": {MIME: fields}, "none": {}}[layout]
    path = write_notebook(tmp_path / "nb.ipynb", [plan_output(plan, metadata, "execute_result")])
    (entry,) = read_plans(path)
    if layout == "none":  # the plan itself is the fallback
        assert (entry.created_at, entry.engine, entry.model, entry.name) == (None, "offline", None, None)
    else:
        assert (entry.created_at, entry.engine, entry.model, entry.name) == (
            "2026-01-02T03:04:05Z", "llm", "openai/x", "v1")


def test_a_damaged_plan_output_is_reported_and_the_others_still_read(tmp_path):
    good = library_plan()
    bad = v4.new_output("display_data", data={MIME: {"title": "no architecture"}})
    text = v4.new_output("display_data", data={MIME: "not json {"})
    path = write_notebook(tmp_path / "nb.ipynb", [bad], [text], [plan_output(good)])
    history = read_history(path)
    assert [p.plan_id for p in history.plans] == [good.plan_id]
    assert len(history.problems) == 2
    assert history.problems[0].startswith("cell 2: a plan output could not be read (summary: Field required)")
    assert history.problems[1].startswith("cell 3: ")


def test_a_plan_shown_twice_is_listed_once(tmp_path):
    plan = library_plan()
    path = write_notebook(tmp_path / "nb.ipynb", [plan_output(plan)], [plan_output(plan)])
    assert [p.cell_index for p in read_plans(path)] == [1]


def test_version_tree_puts_refinements_under_their_parent(tmp_path):
    root = library_plan()
    child = refined_library_plan(root)
    data = library_plan_data()
    data["title"] = "Another root"
    other = TechnicalPlan.model_validate(data).with_id()
    data["title"] = "Grandchild"
    data["metadata"] = {"parent_id": child.plan_id}
    grandchild = TechnicalPlan.model_validate(data).with_id()
    path = write_notebook(tmp_path / "nb.ipynb", [plan_output(root)], [plan_output(other)],
                          [plan_output(grandchild)], [plan_output(child)])
    history = read_history(path)
    tree = [(depth, p.title if p.plan_id != child.plan_id else "child") for depth, p in history.tree()]
    assert tree == [(0, root.title), (1, "child"), (2, "Grandchild"), (0, "Another root")]


def test_version_tree_survives_a_parent_cycle():
    from archnb.notebook import NotebookPlan

    def entry(pid, parent):
        return NotebookPlan(plan=library_plan(), plan_id=pid, parent_id=parent, cell_index=0,
                            created_at=None, engine="offline", model=None, title=pid)

    tree = version_tree([entry("a", "b"), entry("b", "a"), entry("c", "c")])
    assert sorted(p.plan_id for _, p in tree) == ["a", "b", "c"]


# --- finding a plan -------------------------------------------------------------------


def test_find_accepts_ids_unique_prefixes_and_defaults_to_the_last(two_versions):
    path, first, second = two_versions
    history = read_history(path)
    assert history.find().plan_id == second.plan_id
    assert history.find(first.plan_id).plan_id == first.plan_id
    assert history.find(first.plan_id[:3]).plan_id == first.plan_id


def test_find_reports_an_unknown_id_with_a_suggestion(two_versions):
    path, first, _ = two_versions
    typo = first.plan_id[:-1] + ("0" if first.plan_id[-1] != "0" else "1")
    with pytest.raises(SourceError) as caught:
        read_history(path).find(typo)
    assert f"no plan {typo!r}" in str(caught.value)
    assert f"did you mean {first.plan_id!r}?" in str(caught.value)
    assert isinstance(caught.value, UsageProblem) and caught.value.exit_code == 2


def test_find_reports_an_ambiguous_prefix(tmp_path):
    from archnb.notebook import NotebookPlan

    plans = [NotebookPlan(plan=library_plan(), plan_id=pid, parent_id=None, cell_index=0,
                          created_at=None, engine="offline", model=None, title="t")
             for pid in ("abc123", "abd456")]
    with pytest.raises(SourceError, match="'ab' matches 2 plans"):
        find_plan(plans, "ab")
    assert find_plan(plans, "abd").plan_id == "abd456"


def test_a_notebook_without_plans_says_how_to_make_one(tmp_path):
    path = write_notebook(tmp_path / "empty.ipynb", [])
    assert read_plans(path) == []
    with pytest.raises(SourceError, match="no plans in"):
        read_history(path).find()


# --- bad input ------------------------------------------------------------------------


def test_a_missing_file_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="no such notebook"):
        read_plans(tmp_path / "missing.ipynb")


def test_a_folder_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="is a folder"):
        read_plans(tmp_path)


@pytest.mark.parametrize("content, hint", [
    ("not json at all", ".ipynb file saved by Jupyter"),
    (json.dumps({"cells": "nope", "nbformat": 4}), ".ipynb file saved by Jupyter"),
    (library_plan().to_json(), "looks like a plan.json"),
])
def test_a_file_that_is_not_a_notebook_is_a_source_error(tmp_path, content, hint):
    path = tmp_path / "thing.ipynb"
    path.write_text(content)
    with pytest.raises(SourceError) as caught:
        read_plans(path)
    assert "is not a Jupyter notebook" in str(caught.value)
    assert hint in str(caught.value)


def test_a_binary_file_is_a_source_error(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(SourceError, match="not a text file"):
        read_plans(path)


# --- any plan source ------------------------------------------------------------------


def test_load_source_reads_plan_json_notebooks_and_notebook_ids(two_versions, tmp_path):
    path, first, second = two_versions
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(first.to_json())
    assert load_source(plan_file).plan == first
    assert load_source(plan_file).parent is None
    assert load_source(path).plan == second
    assert load_source(path).parent == first  # the parent is in the same notebook
    assert load_source(f"{path}#{first.plan_id[:5]}").plan == first
    assert load_source(path, first.plan_id).plan == first


def test_load_source_refuses_an_id_for_a_plan_json(tmp_path):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(library_plan().to_json())
    with pytest.raises(SourceError, match="takes no plan id"):
        load_source(f"{plan_file}#abc")


@pytest.mark.parametrize("content, message", [
    ('{"title": "x", "summary": "y", "architecture": {"style": 3}}', "is not a valid plan: architecture.style"),
    ('{"something": "else"}', "is neither a notebook nor a plan.json"),
    ("plain words", "is neither a notebook nor a plan.json"),
])
def test_load_source_explains_a_bad_file(tmp_path, content, message):
    path = tmp_path / "plan.json"
    path.write_text(content)
    with pytest.raises(SourceError, match=message):
        load_source(path)


# --- a notebook executed by nbclient --------------------------------------------------


@pytest.mark.slow
def test_reads_the_plans_a_real_kernel_wrote(executed_quickstart):
    plans = read_plans(executed_quickstart.path)
    assert len(plans) == 2
    first, second = plans
    cells = executed_quickstart.nb.cells
    assert cells[first.cell_index].source.startswith("%%architect --name plan\n")
    assert cells[second.cell_index].source.startswith("%%architect --refine plan")
    assert second.parent_id == first.plan_id
    assert first.parent_id is None
    assert first.engine == second.engine == "offline"
    for entry in plans:
        assert datetime.fromisoformat(entry.created_at).tzinfo is not None
        assert entry.plan.plan_id == entry.plan_id == entry.plan.content_hash()
    history = read_history(executed_quickstart.path)
    assert history.problems == []
    assert [(d, p.plan_id) for d, p in history.tree()] == [(0, first.plan_id), (1, second.plan_id)]
