"""archnb.export and archnb.exports: every format's structure, atomic writes, no path escapes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from support.plans import library_plan, library_plan_data, refined_library_plan

from archnb.errors import ArchnbError, UsageProblem
from archnb.export import export_plan, write_files
from archnb.exports import FORMATS, render_export
from archnb.exports.files import FILES
from archnb.plan import Finding, TechnicalPlan


def listing(folder: Path) -> list[str]:
    """Every file under `folder`, relative, sorted (temporary files included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def section_titles(markdown: str, level: int = 2) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", markdown, flags=re.MULTILINE)


# --- files ----------------------------------------------------------------------------


def test_files_format_writes_exactly_the_six_files(tmp_path):
    plan = library_plan()
    written = export_plan(plan, tmp_path / "out")
    assert written == list(FILES)
    assert listing(tmp_path / "out") == sorted(FILES)
    assert (tmp_path / "out" / "plan.json").read_text() == plan.to_json()
    assert TechnicalPlan.from_json((tmp_path / "out" / "plan.json").read_bytes()) == plan
    assert (tmp_path / "out" / "erd.mmd").read_text().startswith("erDiagram")
    assert "CREATE TABLE" in (tmp_path / "out" / "schema.sql").read_text()


def test_files_are_byte_identical_when_exported_again(tmp_path):
    plan = library_plan()
    export_plan(plan, tmp_path / "a")
    export_plan(plan, tmp_path / "a")  # over the first export
    export_plan(TechnicalPlan.from_json(plan.to_json()), tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_openapi_export_is_valid_openapi_31(tmp_path):
    from openapi_spec_validator import validate

    export_plan(library_plan(), tmp_path)
    document = yaml.safe_load((tmp_path / "openapi.yaml").read_text())
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_unknown_format_is_a_usage_problem_with_a_suggestion(tmp_path):
    with pytest.raises(UsageProblem) as caught:
        export_plan(library_plan(), tmp_path, format="kirro")
    assert "kiro" in str(caught.value)
    assert listing(tmp_path) == []


# --- spec-kit -------------------------------------------------------------------------


@pytest.fixture
def speckit(tmp_path):
    plan = refined_library_plan()
    findings = [Finding(rule="ARCH001", severity="warning", message="a <b>|c</b> finding")]
    written = export_plan(plan, tmp_path, format="speckit", findings=findings)
    return plan, tmp_path, written


def test_speckit_writes_its_feature_folder(speckit):
    _, folder, written = speckit
    expected = ["plan.md", "research.md", "data-model.md", "contracts/openapi.yaml",
                "contracts/schema.sql", "quickstart.md", "tasks.md"]
    assert written == expected
    assert listing(folder) == sorted(expected)


def test_speckit_plan_md_has_the_template_sections(speckit):
    plan, folder, _ = speckit
    text = (folder / "plan.md").read_text()
    assert text.startswith(f"# Implementation Plan: {plan.title}\n")
    assert section_titles(text)[:4] == ["Summary", "Technical Context", "Constitution Check",
                                        "Project Structure"]
    assert "**Language/Version**: Python 3.13" in text
    assert "**Storage**: PostgreSQL 16" in text
    assert "**Testing**: NEEDS CLARIFICATION" in text  # the plan names no test framework
    assert "p95 latency 300 ms (NFR-001)" in text
    assert "**Gate**: PASS (0 blocking of 1 findings)" in text
    assert "a \\<b>\\|c\\</b> finding" in text  # escaped: no HTML, no broken table
    assert "**Date**" not in text  # no date unless given


def test_speckit_research_md_has_decision_rationale_alternatives(speckit):
    plan, folder, _ = speckit
    text = (folder / "research.md").read_text()
    for decision in plan.decisions:
        block = text.split(f"## {decision.id}: {decision.title}", 1)[1].split("\n## ", 1)[0]
        assert f"**Decision**: {decision.choice}" in block
        assert f"**Rationale**: {decision.rationale}" in block
        assert "**Alternatives considered**" in block
    assert "- MongoDB (pros: flexible; cons: weaker joins)" in text


def test_speckit_data_model_lists_every_entity_and_field(speckit):
    plan, folder, _ = speckit
    text = (folder / "data-model.md").read_text()
    assert "```mermaid\nerDiagram" in text
    for entity in plan.data_model.entities:
        assert f"## Entity: `{entity.name}`" in text
        for attribute in entity.attributes:
            assert f"| `{attribute.name}` | `{attribute.type}` |" in text
    assert "| `isbn` | `varchar(13)` | required, unique, indexed |" in text


def test_speckit_contract_is_the_openapi_document(speckit):
    from archnb.render.openapi import render_openapi_yaml

    plan, folder, _ = speckit
    assert (folder / "contracts/openapi.yaml").read_text().rstrip() == render_openapi_yaml(plan).rstrip()


def test_speckit_quickstart_has_one_scenario_per_requirement(speckit):
    plan, folder, _ = speckit
    text = (folder / "quickstart.md").read_text()
    assert section_titles(text, 3) == [f"{r.id}: {r.text}" for r in plan.requirements]
    assert 'curl -sS -X POST "$BASE_URL/api/v1/loans"' in text
    assert '-H "Idempotency-Key: $(uuidgen)"' in text  # POST /loans is idempotent


TASK_LINE = re.compile(r"^- \[ \] (T\d{3})( \[P\])?( \[((?:N?FR-\d{3}(?:, )?)+)\])? (.+)$")


def parse_tasks(text: str) -> tuple[dict[str, dict], dict[str, list[str]]]:
    tasks, phase = {}, ""
    for line in text.splitlines():
        if line.startswith("## Phase"):
            phase = line
        if line.startswith("### Wave"):
            phase = phase.split(" / ")[0] + " / " + line
        match = TASK_LINE.match(line)
        if match:
            links = match.group(4).split(", ") if match.group(4) else []
            tasks[match.group(1)] = {"parallel": bool(match.group(2)), "links": links, "phase": phase}
    deps = {m.group(1): m.group(2).split(", ")
            for m in re.finditer(r"^- (T\d{3}) depends on (.+)$", text, flags=re.MULTILINE)}
    return tasks, deps


def test_speckit_tasks_have_ids_parallel_marks_dependencies_and_links(speckit):
    plan, folder, _ = speckit
    tasks, deps = parse_tasks((folder / "tasks.md").read_text())
    ids = list(tasks)
    assert ids == [f"T{n:03d}" for n in range(1, len(ids) + 1)]
    # setup and schema; one task per entity, infrastructure component (the cache), endpoint
    # and step; one check per non-functional requirement
    nfrs = [r for r in plan.requirements if r.kind == "non_functional"]
    assert len(ids) == (2 + len(plan.data_model.entities) + 1 + len(plan.api.endpoints)
                        + len(plan.steps) + len(nfrs))
    assert "Provision Redis (Redis 7) and its configuration" in (folder / "tasks.md").read_text()
    known = plan.requirement_ids()
    assert all(set(t["links"]) <= known for t in tasks.values())
    assert {link for t in tasks.values() for link in t["links"]} == known
    assert all(set(d) <= set(ids) for d in deps.values())

    def reaches(start: str, goal: str) -> bool:
        todo, seen = [start], set()
        while todo:
            current = todo.pop()
            if current == goal:
                return True
            if current not in seen:
                seen.add(current)
                todo += deps.get(current, [])
        return False

    parallel = [t for t, info in tasks.items() if info["parallel"]]
    assert parallel, "some tasks of this plan can run in parallel"
    for a in parallel:
        for b in parallel:
            if a != b and tasks[a]["phase"] == tasks[b]["phase"]:
                assert not reaches(a, b), f"{a} is marked parallel but waits for {b}"
    ordered = [t for t in ids]  # listed in an order that runs: every dependency comes first
    for task, before in deps.items():
        assert all(ordered.index(b) < ordered.index(task) for b in before)


def test_speckit_steps_keep_their_dependencies(speckit):
    plan, folder, _ = speckit
    text = (folder / "tasks.md").read_text()
    tasks, deps = parse_tasks(text)
    step_task = {m.group(2): m.group(1) for m in
                 re.finditer(r"^- \[ \] (T\d{3}).*\(plan step (S\d+)\)", text, flags=re.MULTILINE)}
    assert set(step_task) == {s.id for s in plan.steps}
    for step in plan.steps:
        for before in step.depends_on:
            assert step_task[before] in deps[step_task[step.id]]


# --- Kiro -----------------------------------------------------------------------------


@pytest.fixture
def kiro(tmp_path):
    plan = refined_library_plan()
    written = export_plan(plan, tmp_path, format="kiro")
    return plan, tmp_path, written


def test_kiro_writes_three_files(kiro):
    _, folder, written = kiro
    assert written == ["requirements.md", "design.md", "tasks.md"]
    assert listing(folder) == sorted(written)


def test_kiro_requirements_are_stories_with_ears_criteria(kiro):
    plan, folder, _ = kiro
    text = (folder / "requirements.md").read_text()
    assert section_titles(text) == ["Introduction", "Requirements"]
    blocks = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    assert len(blocks) == len(plan.requirements)
    for number, (block, requirement) in enumerate(zip(blocks, plan.requirements, strict=True), 1):
        assert block.startswith(f"Requirement {number}: {requirement.text}\n")
        assert f"**ID:** {requirement.id}" in block
        assert "**User Story:** As a" in block
        criteria = re.findall(r"^\d+\. (.+)$", block, flags=re.MULTILINE)
        assert criteria, requirement.id
        for criterion in criteria:
            assert re.fullmatch(r"WHEN .+ THE SYSTEM SHALL .+", criterion), criterion
    assert "As a member, I want to borrow available copies" in text
    assert "WHEN a POST /api/v1/loans request is repeated with the same Idempotency-Key" in text
    assert "WHEN p95 latency is measured under the planned peak load THE SYSTEM SHALL keep it " \
           "at or below 300 ms" in text


def test_kiro_design_has_its_sections_and_both_diagrams(kiro):
    plan, folder, _ = kiro
    text = (folder / "design.md").read_text()
    assert section_titles(text) == ["Overview", "Architecture", "Components and Interfaces",
                                    "Data Models", "Error Handling", "Testing Strategy"]
    assert text.count("```mermaid\n") == 2
    assert "```mermaid\nflowchart" in text and "```mermaid\nerDiagram" in text
    for component in plan.architecture.components:
        assert f"### {component.name} (`{component.id}`, {component.kind})" in text
    assert "| POST /api/v1/reservations | Reserve a book | yes | FR-001 |" in text


def test_kiro_tasks_cite_existing_acceptance_criteria(kiro):
    plan, folder, _ = kiro
    requirements = (folder / "requirements.md").read_text()
    blocks = re.split(r"^### ", requirements, flags=re.MULTILINE)[1:]
    criteria = {f"{n}.{c}" for n, block in enumerate(blocks, 1)
                for c in range(1, len(re.findall(r"^\d+\. WHEN", block, flags=re.MULTILINE)) + 1)}
    tasks = (folder / "tasks.md").read_text()
    items = re.findall(r"^- \[ \] (\d+)\. (.+)$", tasks, flags=re.MULTILINE)
    assert [title for _, title in items] == [s.title for s in plan.steps]
    cited = re.findall(r"_Requirements: ([\d., ]+) \(", tasks)
    assert cited
    for group in cited:
        assert set(group.split(", ")) <= criteria
    assert "  - Depends on: 3, 4" in tasks  # step S5 waits for S3 and S4


# --- ADR ------------------------------------------------------------------------------


def front_matter(text: str) -> dict:
    match = re.match(r"^---\n(.*?)\n---\n", text, flags=re.DOTALL)
    assert match, "a MADR record starts with front matter"
    return yaml.safe_load(match.group(1))


MADR_SECTIONS = ["Context and Problem Statement", "Considered Options", "Decision Outcome"]


def test_adr_writes_one_madr_record_per_decision(tmp_path):
    plan = library_plan()
    written = export_plan(plan, tmp_path, format="adr")
    assert written == ["0001-primary-datastore-postgresql.md", "0002-catalogue-caching-no-cache.md"]
    for name, decision in zip(written, plan.decisions, strict=True):
        text = (tmp_path / name).read_text()
        assert front_matter(text) == {"status": "proposed"}  # no date unless given
        titles = section_titles(text)
        assert [t for t in titles if t in MADR_SECTIONS] == MADR_SECTIONS
        assert "### Consequences" in text
        assert f'Chosen option: "{decision.choice}", because {decision.rationale}' in text
        for option in decision.options:
            assert f"* {option.name}" in text


def test_adr_with_parent_marks_the_replaced_record_superseded(tmp_path):
    parent = library_plan()
    child = refined_library_plan(parent)
    written = export_plan(child, tmp_path, format="adr", parent=parent, date="2026-11-25")
    assert written == ["0001-primary-datastore-postgresql.md", "0002-catalogue-caching-no-cache.md",
                       "0003-catalogue-caching-redis.md"]
    old = (tmp_path / written[1]).read_text()
    new = (tmp_path / written[2]).read_text()
    assert front_matter(old) == {"status": "superseded by ADR-0003", "date": "2026-11-25"}
    assert "Superseded by [ADR-0003](0003-catalogue-caching-redis.md)" in old
    assert front_matter(new)["status"] == "proposed"
    assert "Supersedes [ADR-0002](0002-catalogue-caching-no-cache.md)" in new
    assert front_matter((tmp_path / written[0]).read_text())["status"] == "proposed"  # unchanged


def test_adr_marks_a_dropped_decision_deprecated(tmp_path):
    parent = library_plan()
    data = library_plan_data()
    data["decisions"] = data["decisions"][:1]
    child = TechnicalPlan.model_validate(data).with_id()
    written = export_plan(child, tmp_path, format="adr", parent=parent)
    assert len(written) == 2
    assert front_matter((tmp_path / written[1]).read_text())["status"] == "deprecated"


# --- safety: paths, escaping, atomic writes -------------------------------------------


HOSTILE = "../../etc/passwd <script>alert(1)</script> | # %%{init}%% `x`"


def hostile_plan() -> TechnicalPlan:
    data = library_plan_data()
    data["title"] = HOSTILE
    data["summary"] = "# not a heading\n\n- not a list"
    for decision in data["decisions"]:
        decision["id"] = "../../../" + decision["id"]
        decision["title"] = "../" + HOSTILE
        decision["choice"] = "/etc/" + decision["choice"]
    data["requirements"][0]["text"] = "Members can <img src=x onerror=alert(1)> borrow"
    return TechnicalPlan.model_validate(data).with_id()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_hostile_titles_and_ids_stay_inside_the_folder(tmp_path, fmt):
    outside = tmp_path / "etc"
    folder = tmp_path / "inside" / "out"
    written = export_plan(hostile_plan(), folder, format=fmt, parent=library_plan())
    assert listing(folder) == sorted(written)
    assert not outside.exists()
    assert listing(tmp_path) == sorted(f"inside/out/{name}" for name in written)
    for name in written:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*", name), name
        if name.endswith(".md"):
            text = (folder / name).read_text()
            assert not re.search(r"(?<!\\)<(script|img)", text), name  # only escaped: \<script
            assert "\n# not a heading" not in text


@pytest.mark.parametrize("bad", ["../escape.md", "/tmp/abs.md", "a/../../b.md", "a\\b.md",
                                 "", ".hidden", "a//b.md", "./x.md", "x/..", "ok/../../../etc",
                                 "plan.md\n", "docs\n/a.md"])
def test_write_files_refuses_paths_that_could_leave_the_folder(tmp_path, bad):
    folder = tmp_path / "out"
    with pytest.raises(UsageProblem) as caught:
        write_files(folder, {"fine.md": "fine\n", bad: "bad\n"})
    assert "refusing" in str(caught.value)
    assert listing(tmp_path) == []  # nothing written, not even the good file
    assert not folder.exists()


def test_write_files_refuses_a_symlinked_folder_that_points_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "contracts").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageProblem):
        write_files(folder, {"plan.md": "x\n", "contracts/openapi.yaml": "y\n"})
    assert list(outside.iterdir()) == []
    assert listing(folder) == []


def test_a_failure_midway_leaves_no_partial_files(tmp_path, monkeypatch):
    import archnb.export as export

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "plan.json").write_text("old\n")
    real_stage, calls = export._stage, []

    def failing_stage(target, text):
        calls.append(target.name)
        if len(calls) == 4:
            raise OSError(28, "No space left on device", str(target))
        return real_stage(target, text)

    monkeypatch.setattr(export, "_stage", failing_stage)
    with pytest.raises(ArchnbError) as caught:
        export_plan(library_plan(), folder)
    assert str(caught.value).startswith("cannot write")
    assert "No space left on device" in str(caught.value)
    assert calls == ["plan.json", "PLAN.md", "architecture.mmd", "erd.mmd"]
    assert listing(folder) == ["plan.json"]  # no temporary files, no new files
    assert (folder / "plan.json").read_text() == "old\n"  # the old file is untouched


def test_a_failure_removes_the_folders_it_created(tmp_path, monkeypatch):
    import archnb.export as export

    (tmp_path / "new").mkdir()
    folder = tmp_path / "new" / "out" / "spec"
    real_stage, calls = export._stage, []

    def failing_stage(target, text):
        calls.append(target.name)
        if len(calls) == 2:
            raise OSError(13, "Permission denied", str(target))
        return real_stage(target, text)

    monkeypatch.setattr(export, "_stage", failing_stage)
    with pytest.raises(ArchnbError):
        write_files(folder, {"contracts/a.yaml": "a\n", "b.md": "b\n"})
    assert calls == ["a.yaml", "b.md"]
    assert list((tmp_path / "new").iterdir()) == []  # out/, spec/ and contracts/ are gone
    assert (tmp_path / "new").is_dir()  # it was there before


def test_a_folder_in_the_way_of_a_file_fails_cleanly(tmp_path):
    folder = tmp_path / "out"
    (folder / "PLAN.md").mkdir(parents=True)
    with pytest.raises(UsageProblem):
        export_plan(library_plan(), folder)
    assert listing(folder) == []


def test_a_file_in_place_of_the_folder_is_a_usage_problem(tmp_path):
    (tmp_path / "out").write_text("a file")
    with pytest.raises(UsageProblem) as caught:
        export_plan(library_plan(), tmp_path / "out")
    assert "not a folder" in str(caught.value)


def test_written_files_are_readable_and_keep_an_existing_mode(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "PLAN.md").write_text("old")
    os.chmod(folder / "PLAN.md", 0o664)
    export_plan(library_plan(), folder)
    assert (folder / "plan.json").stat().st_mode & 0o777 == 0o644
    assert (folder / "PLAN.md").stat().st_mode & 0o777 == 0o664


def test_render_export_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = render_export(library_plan(), "kiro")
    assert set(files) == {"requirements.md", "design.md", "tasks.md"}
    assert listing(tmp_path) == []


# --- from a notebook executed by nbclient ---------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_exports_the_plans_of_an_executed_notebook(executed_quickstart, tmp_path, fmt):
    from archnb.notebook import read_history

    history = read_history(executed_quickstart.path)
    latest = history.find()
    parent = history.by_id(latest.parent_id)
    assert parent is not None
    written = export_plan(latest.plan, tmp_path, format=fmt, parent=parent.plan)
    assert written and listing(tmp_path) == sorted(written)
    if fmt == "files":
        assert (tmp_path / "plan.json").read_text() == latest.plan.to_json()
    if fmt == "adr":
        assert len(written) >= len(latest.plan.decisions)
        records = [front_matter((tmp_path / name).read_text()) for name in written]
        assert all(r["status"] for r in records)


@pytest.mark.slow
def test_the_notebook_export_cell_wrote_the_six_files(executed_quickstart):
    from archnb.demo import EXPORT_FOLDER
    from archnb.notebook import read_plans

    folder = executed_quickstart.folder / EXPORT_FOLDER
    assert listing(folder) == sorted(FILES)
    latest = read_plans(executed_quickstart.path)[-1]
    assert (folder / "plan.json").read_text() == latest.plan.to_json()


def test_user_stories_use_the_right_article():
    from archnb.exports.ears import with_article

    assert [with_article(w) for w in ("user", "order", "member", "hour", "unit")] == [
        "a user", "an order", "a member", "an hour", "a unit"]
