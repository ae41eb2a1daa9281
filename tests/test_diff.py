"""archnb.diff: a semantic diff that names each real change and nothing else."""

from __future__ import annotations

import json

import pytest
from support.plans import REFINEMENT_CHANGES, library_plan, library_plan_data, refined_library_plan

from archnb.diff import diff_plans, plan_outline
from archnb.plan import TechnicalPlan


def changed(data: dict) -> TechnicalPlan:
    return TechnicalPlan.model_validate(data).with_id()


def keys(diff) -> set[tuple[str, str, str]]:
    return {(c.section, c.kind, c.key) for c in diff.changes}


def test_a_plan_against_itself_is_empty():
    plan = library_plan()
    diff = diff_plans(plan, plan)
    assert diff.is_empty
    assert diff.changes == []
    assert "no differences" in diff.to_text()
    assert "No differences." in diff.to_markdown()
    assert json.loads(diff.to_json())["equal"] is True


def test_a_copy_with_another_id_and_provenance_is_still_equal():
    plan = library_plan()
    data = plan.model_dump()
    data["metadata"].update(parent_id="abc", attempts=3, archnb_version="9.9")
    assert diff_plans(plan, changed(data)).is_empty  # metadata is not design


def test_a_refinement_names_each_real_change_and_nothing_else():
    old = library_plan()
    new = refined_library_plan(old)
    diff = diff_plans(old, new)
    assert keys(diff) == set(REFINEMENT_CHANGES)


def test_attribute_changes_name_each_field():
    old = library_plan()
    diff = diff_plans(old, refined_library_plan(old))
    (isbn,) = [c for c in diff.changes if c.key == "book.isbn"]
    assert {(f.field, f.before, f.after) for f in isbn.fields} == {
        ("type", "text", "varchar(13)"), ("unique", False, True), ("indexed", False, True)}
    assert "book.isbn: type text -> varchar(13); unique false -> true; indexed false -> true" \
        in diff.to_text()


@pytest.mark.parametrize("flag, value", [("nullable", True), ("primary_key", True),
                                         ("foreign_key", "branch"), ("default", "now")])
def test_each_attribute_property_is_compared(flag, value):
    data = library_plan_data()
    title = data["data_model"]["entities"][1]["attributes"][2]  # book.title
    title[flag] = value
    diff = diff_plans(library_plan(), changed(data))
    assert keys(diff) == {("attributes", "changed", "book.title")}
    assert [f.field for f in diff.changes[0].fields] == [flag]


def test_a_superseding_decision_pairs_with_the_decision_it_replaces():
    old = library_plan()
    diff = diff_plans(old, refined_library_plan(old))
    (decision,) = diff.find("decisions")
    assert decision.kind == "changed"
    fields = {f.field: (f.before, f.after) for f in decision.fields}
    assert fields["choice"] == ("No cache", "Redis")
    assert fields["id"] == ("D-002", "D-003")
    assert fields["supersedes"] == (None, "D-002")


def test_renumbered_steps_show_only_the_renumbering():
    data = library_plan_data()
    steps = data["steps"]
    renumber = {s["id"]: f"S{len(steps) + 1 - n}" for n, s in enumerate(steps)}
    for step in steps:
        step["id"] = renumber[step["id"]]
        step["depends_on"] = [renumber[d] for d in step.get("depends_on", [])]
    diff = diff_plans(library_plan(), changed(data))
    assert {c.kind for c in diff.changes} == {"changed"}
    assert {c.section for c in diff.changes} == {"steps"}
    assert all({f.field for f in c.fields} <= {"id", "depends_on"} for c in diff.changes)


def test_removed_items_and_other_sections_are_named():
    data = library_plan_data()
    data["data_model"]["entities"] = [e for e in data["data_model"]["entities"] if e["name"] != "branch"]
    data["data_model"]["entities"][1]["attributes"] = [
        a for a in data["data_model"]["entities"][1]["attributes"] if a["name"] != "branch_id"]
    data["data_model"]["relationships"] = [r for r in data["data_model"]["relationships"]
                                           if r["source"] != "branch"]
    data["architecture"]["connections"][1]["mode"] = "async"
    data["api"]["auth_scheme"] = "session"
    data["security"]["threats"][0]["mitigation"] = "Passkeys"
    data["assumptions"].append("Staff use single sign-on.")
    data["stack"] = data["stack"][:1]
    diff = diff_plans(library_plan(), changed(data))
    assert keys(diff) == {
        ("entities", "removed", "branch"),
        ("attributes", "removed", "copy.branch_id"),
        ("relationships", "removed", "branch -> copy"),
        ("connections", "changed", "api -> db"),
        ("plan", "changed", "api.auth_scheme"),
        ("security", "changed", "threat: Account takeover"),
        ("assumptions", "added", "Staff use single sign-on."),
        ("stack", "removed", "database"),
    }


def test_json_output_lists_every_change_and_counts_them():
    old = library_plan()
    new = refined_library_plan(old)
    data = json.loads(diff_plans(old, new).to_json())
    assert data["equal"] is False
    assert data["a"] == {"plan_id": old.plan_id, "title": old.title}
    assert data["b"]["plan_id"] == new.plan_id
    assert len(data["changes"]) == len(REFINEMENT_CHANGES)
    assert data["counts"]["attributes"] == {"added": 1, "removed": 1, "changed": 1}
    assert {(c["section"], c["kind"], c["key"]) for c in data["changes"]} == set(REFINEMENT_CHANGES)


def test_text_and_markdown_group_changes_by_section():
    old = library_plan()
    diff = diff_plans(old, refined_library_plan(old))
    text = diff.to_text()
    assert text.splitlines()[0].endswith(f": {len(REFINEMENT_CHANGES)} change(s)")
    assert "\nentities\n  + reservation: id uuid pk;" in text
    assert "  - loan.due_on: date required" in text
    markdown = diff.to_markdown()
    assert markdown.startswith(f"### Plan changes: `{diff.a_id}` → `{diff.b_id}`")
    assert "**endpoints**" in markdown
    assert "- *added* `POST /reservations`: Reserve a book" in markdown


def test_markdown_escapes_what_a_person_typed():
    data = library_plan_data()
    data["api"]["endpoints"][0]["summary"] = "<script>alert(1)</script> | **x**"
    markdown = diff_plans(library_plan(), changed(data)).to_markdown()
    assert "<script>" not in markdown.replace("`<script>", "")  # only inside code spans
    assert "`<script>alert(1)</script> | **x**`" in markdown


def test_outline_is_one_stable_line_per_item():
    plan = refined_library_plan()
    lines = plan_outline(plan)
    assert lines == plan_outline(TechnicalPlan.from_json(plan.to_json()))
    assert lines[0] == f"plan {plan.plan_id}: {plan.title}"
    assert "    book.isbn varchar(13) required unique indexed" in lines
    assert "  endpoint GET /books: Search the catalogue by title or ISBN [public, paginated]" in lines
    assert "  step S5 Load test search (after S3, S4)" in lines
    assert sum(line.startswith("  entity ") for line in lines) == len(plan.data_model.entities)


# --- on plans a notebook really recorded ----------------------------------------------


@pytest.mark.slow
def test_the_quickstart_refinement_diff_names_its_changes(executed_quickstart):
    from archnb.notebook import read_plans

    first, second = read_plans(executed_quickstart.path)
    diff = diff_plans(first.plan, second.plan)
    assert not diff.is_empty
    assert diff_plans(second.plan, second.plan).is_empty
    added_entities = {c.key for c in diff.find("entities", "added")}
    assert "review" in added_entities  # the refinement asked for reviews
    # every change names something that really differs between the two plans
    old, new = plan_outline(first.plan), plan_outline(second.plan)
    for kind, side, other in (("added", new, old), ("removed", old, new)):
        for change in diff.find("entities", kind):
            line = f"  entity {change.key}:"
            assert any(x.startswith(line) for x in side) and not any(x.startswith(line) for x in other)
        for change in diff.find("endpoints", kind):
            line = f"  endpoint {change.key}:"
            assert any(x.startswith(line) for x in side) and not any(x.startswith(line) for x in other)


@pytest.mark.slow
def test_the_notebook_shows_the_same_diff_under_the_refinement(executed_quickstart):
    from archnb.notebook import read_plans

    first, second = read_plans(executed_quickstart.path)
    cell = executed_quickstart.nb.cells[second.cell_index]
    shown = [o["data"]["text/plain"] for o in cell.outputs
             if o.get("output_type") == "display_data" and o.get("metadata", {}).get("archnb", {}).get("kind") == "diff"]
    assert shown == [diff_plans(first.plan, second.plan).to_text()]
