"""The archnb command, run as a subprocess (`python -m archnb ...`) as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import v4
from support.plans import REFINEMENT_CHANGES, library_plan, library_plan_data, refined_library_plan

from archnb.exports.files import FILES
from archnb.notebook import MIME
from archnb.plan import TechnicalPlan

BRIEF = (
    "A city library with 12 branches lends books to 40,000 members. Members borrow copies "
    "and reserve books; each copy belongs to a branch. Staff manage the catalogue. "
    "Peak load is 30 requests per second."
)
COMMANDS = ["plan", "export", "plans", "show", "diff", "lint", "skills", "models", "mcp", "demo"]


def archnb(*args: str, cwd: Path | None = None, stdin: str | None = None,
           timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archnb", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=timeout, env=dict(os.environ))


def assert_one_line_error(result: subprocess.CompletedProcess, code: int, *words: str) -> str:
    """The command failed with `code` and said why in one line, without a traceback."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("archnb: error: "), lines[0]
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.fixture
def plan_files(tmp_path):
    """Two plan.json files: the library plan and its refinement."""
    first, second = library_plan(), refined_library_plan()
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v1" / "plan.json").write_text(first.to_json())
    (tmp_path / "v2" / "plan.json").write_text(second.to_json())
    return tmp_path / "v1" / "plan.json", tmp_path / "v2" / "plan.json"


@pytest.fixture
def notebook_file(tmp_path):
    """A notebook holding the library plan and its refinement, as plan outputs."""
    cells = []
    for plan in (library_plan(), refined_library_plan()):
        cell = v4.new_code_cell("%%architect\n...")
        cell.outputs = [v4.new_output("display_data", data={MIME: plan.model_dump(mode="json")},
                                      metadata={MIME: {"created_at": "2026-11-25T10:00:00+00:00"}})]
        cells.append(cell)
    path = tmp_path / "design.ipynb"
    nbformat.write(v4.new_notebook(cells=cells), str(path))
    return path


# --- the shell around every command ---------------------------------------------------


def test_version():
    from archnb import __version__

    result = archnb("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"archnb {__version__}"


def test_help_lists_every_command_with_examples():
    result = archnb("-h")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"    {command}" in result.stdout
    assert "examples:" in result.stdout and "exit codes" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command):
    result = archnb(command, "-h")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: archnb {command}")
    assert "examples:" in result.stdout
    assert f"archnb {command}" in result.stdout.split("examples:", 1)[1]


def test_no_command_prints_help_and_exits_2():
    result = archnb()
    assert result.returncode == 2
    assert "usage: archnb" in result.stdout


def test_a_misspelled_command_suggests_the_right_one():
    result = archnb("pln", "brief.md")
    assert result.returncode == 2
    assert "did you mean 'plan'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_option_value_is_a_usage_error():
    result = archnb("plan", "--text", "x", "--attempts", "many")
    assert result.returncode == 2
    assert "invalid int value: 'many'" in result.stderr


def test_the_command_does_not_import_heavy_modules_to_start():
    code = ("import sys, archnb.cli; "
            "print(sorted(m for m in ('pydantic', 'litellm', 'IPython', 'nbformat', 'yaml') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- archnb plan ----------------------------------------------------------------------


def test_plan_writes_the_six_files_and_prints_the_envelope(tmp_path):
    out = tmp_path / "plan"
    result = archnb("plan", "--text", BRIEF, "-o", str(out), "--json")
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["status"] in ("success", "partial")
    assert result.returncode == (0 if data["status"] == "success" else 1)
    assert data["files_changed"] == list(FILES)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert set(data) >= {"status", "files_changed", "errors", "next_action", "plan_id", "plan", "findings"}
    plan = TechnicalPlan.model_validate(data["plan"])
    assert plan.plan_id == data["plan_id"]
    assert (out / "plan.json").read_text() == plan.to_json()


def test_plan_json_is_byte_identical_when_run_again(tmp_path):
    brief = tmp_path / "brief.md"
    brief.write_text(BRIEF)
    first = archnb("plan", str(brief), "-o", str(tmp_path / "a"))
    second = archnb("plan", str(brief), "-o", str(tmp_path / "b"))
    assert first.returncode == second.returncode and first.returncode in (0, 1)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_plan_reads_the_brief_from_stdin_and_prints_a_summary():
    result = archnb("plan", "-", stdin=BRIEF)
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.strip()
    assert not result.stdout.lstrip().startswith("{")  # a summary, not JSON


def test_plan_from_stdin_matches_plan_from_a_file(tmp_path):
    brief = tmp_path / "brief.md"
    brief.write_text(BRIEF)
    from_file = json.loads(archnb("plan", str(brief), "--json").stdout)
    from_stdin = json.loads(archnb("plan", "-", "--json", stdin=BRIEF).stdout)
    assert from_file["plan"] == from_stdin["plan"]


def test_plan_with_a_missing_brief_file_says_so_in_one_line():
    result = archnb("plan", "no-such-brief.md")
    assert_one_line_error(result, 2, "no-such-brief.md", "does not exist")


def test_plan_with_an_empty_brief_is_a_usage_error():
    assert_one_line_error(archnb("plan", "--text", "   "), 2, "the brief is empty")


def test_plan_with_both_a_file_and_text_is_a_usage_error():
    assert_one_line_error(archnb("plan", "brief.md", "--text", "x"), 2, "not both")


def test_plan_with_an_out_of_range_option_is_a_usage_error():
    assert_one_line_error(archnb("plan", "--text", BRIEF, "--attempts", "0"), 2, "attempts")


def test_plan_with_an_unknown_skill_suggests_one():
    line = assert_one_line_error(archnb("plan", "--text", BRIEF, "--skills", "designing-apiz"), 2)
    assert "designing-apis" in line


def test_plan_with_a_missing_principles_file_is_a_usage_error():
    assert_one_line_error(archnb("plan", "--text", BRIEF, "--principles", "nope.toml"), 2, "nope.toml")


def test_plan_errors_with_json_still_print_an_envelope():
    result = archnb("plan", "missing.md", "--json")
    assert result.returncode == 2
    envelope = json.loads(result.stdout)
    assert envelope["status"] == "failed"
    assert envelope["files_changed"] == []
    assert "missing.md" in envelope["errors"][0]


def test_plan_can_write_another_format(tmp_path):
    result = archnb("plan", "--text", BRIEF, "-o", str(tmp_path), "--format", "kiro", "--json")
    assert json.loads(result.stdout)["files_changed"] == ["requirements.md", "design.md", "tasks.md"]


def test_plan_refines_a_plan_json(tmp_path, plan_files):
    first = archnb("plan", "--text", BRIEF, "-o", str(tmp_path / "v1"), "--json")
    parent = json.loads(first.stdout)["plan"]
    result = archnb("plan", "--text", "Members can also rate books.", "--refine",
                    str(tmp_path / "v1" / "plan.json"), "--json")
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["plan"]["metadata"]["parent_id"] == parent["plan_id"]


# --- archnb export --------------------------------------------------------------------


@pytest.mark.parametrize("fmt, expected", [
    ("files", list(FILES)),
    ("speckit", ["plan.md", "research.md", "data-model.md", "contracts/openapi.yaml",
                 "contracts/schema.sql", "quickstart.md", "tasks.md"]),
    ("kiro", ["requirements.md", "design.md", "tasks.md"]),
    ("adr", ["0001-primary-datastore-postgresql.md", "0002-catalogue-caching-redis.md"]),
])
def test_export_a_plan_json_in_each_format(tmp_path, plan_files, fmt, expected):
    out = tmp_path / "out"
    result = archnb("export", str(plan_files[1]), "-o", str(out), "--format", fmt, "--json")
    assert result.returncode == 0, result.stderr
    envelope = json.loads(result.stdout)
    assert envelope["status"] == "success"
    assert envelope["files_changed"] == expected
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted(expected)


def test_export_adr_with_a_parent_marks_the_superseded_record(tmp_path, plan_files):
    out = tmp_path / "adr"
    result = archnb("export", str(plan_files[1]), "--parent", str(plan_files[0]), "-o", str(out),
                    "--format", "adr", "--date", "2026-11-25")
    assert result.returncode == 0, result.stderr
    old = (out / "0002-catalogue-caching-no-cache.md").read_text()
    assert old.startswith('---\nstatus: "superseded by ADR-0003"\ndate: "2026-11-25"\n---\n')
    assert "wrote 3 file(s)" in result.stdout


def test_export_from_a_notebook_finds_the_parent_itself(tmp_path, notebook_file):
    out = tmp_path / "adr"
    result = archnb("export", str(notebook_file), "-o", str(out), "--format", "adr")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "0001-primary-datastore-postgresql.md", "0002-catalogue-caching-no-cache.md",
        "0003-catalogue-caching-redis.md"]
    # the notebook output's date is the records' date
    assert 'date: "2026-11-25"' in (out / "0003-catalogue-caching-redis.md").read_text()


def test_export_an_unknown_id_suggests_a_known_one(tmp_path, notebook_file):
    plan_id = library_plan().plan_id
    typo = plan_id[:-1] + ("0" if plan_id[-1] != "0" else "1")
    result = archnb("export", str(notebook_file), typo, "-o", str(tmp_path / "out"))
    assert_one_line_error(result, 2, f"no plan '{typo}'", f"did you mean '{plan_id}'?")
    assert not (tmp_path / "out").exists()


def test_export_needs_an_output_folder(plan_files):
    result = archnb("export", str(plan_files[0]))
    assert result.returncode == 2
    assert "-o/--output" in result.stderr


def test_export_a_bad_date_is_a_usage_error(tmp_path, plan_files):
    assert_one_line_error(archnb("export", str(plan_files[0]), "-o", str(tmp_path), "--date", "soon"),
                          2, "YYYY-MM-DD")


def test_export_into_a_file_is_a_usage_error(tmp_path, plan_files):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    assert_one_line_error(archnb("export", str(plan_files[0]), "-o", str(blocker)), 2, "not a folder")


# --- archnb plans / show --------------------------------------------------------------


def test_plans_lists_versions_as_a_tree(notebook_file):
    first, second = library_plan(), refined_library_plan()
    result = archnb("plans", str(notebook_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "parent", "cell", "created", "engine", "title"]
    assert lines[1].startswith(first.plan_id)
    assert lines[2].startswith(f"  └ {second.plan_id}  {first.plan_id}")
    data = json.loads(archnb("plans", str(notebook_file), "--json").stdout)
    assert [(p["plan_id"], p["depth"], p["cell_index"]) for p in data["plans"]] == [
        (first.plan_id, 0, 0), (second.plan_id, 1, 1)]


def test_plans_of_a_missing_notebook_is_exit_2(tmp_path):
    assert_one_line_error(archnb("plans", str(tmp_path / "nope.ipynb")), 2, "no such notebook")


def test_plans_of_a_plan_json_says_it_is_not_a_notebook(plan_files):
    line = assert_one_line_error(archnb("plans", str(plan_files[0])), 2, "not a Jupyter notebook")
    assert "plan.json" in line


@pytest.mark.parametrize("fmt, start", [("markdown", "#"), ("json", "{"), ("text", "")])
def test_show_prints_a_plan_in_each_format(notebook_file, fmt, start):
    first = library_plan()
    result = archnb("show", str(notebook_file), first.plan_id[:6], "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(start)
    assert first.title in result.stdout
    if fmt == "json":
        assert result.stdout == first.to_json()


def test_show_textconv_prints_cells_and_plans_as_lines(notebook_file):
    result = archnb("show", "--textconv", str(notebook_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "--- cell 1 [code]"
    assert lines[1] == "%%architect"
    assert f"plan {refined_library_plan().plan_id}: Library lending service" in lines
    assert "  endpoint POST /reservations: Reserve a book" in lines
    assert MIME not in result.stdout  # no raw JSON


def test_show_textconv_passes_a_broken_file_through(tmp_path):
    path = tmp_path / "conflict.ipynb"
    path.write_text("<<<<<<< HEAD\n{}\n=======\n")
    result = archnb("show", "--textconv", str(path))
    assert result.returncode == 0
    assert result.stdout == path.read_text()


def test_git_diff_with_the_textconv_recipe_shows_plan_changes(tmp_path, notebook_file):
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args):
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    git("config", "diff.archnb.textconv", f"{sys.executable} -m archnb show --textconv")
    (repo / ".gitattributes").write_text("*.ipynb diff=archnb\n")
    nb = nbformat.read(str(notebook_file), as_version=4)
    nb.cells = nb.cells[:1]
    nbformat.write(nb, str(repo / "design.ipynb"))
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    (repo / "design.ipynb").write_bytes(notebook_file.read_bytes())
    diff = git("diff").stdout
    assert "+  endpoint POST /reservations: Reserve a book" in diff
    assert "+    book.isbn varchar(13) required unique indexed" in diff
    assert MIME not in diff


# --- archnb diff ----------------------------------------------------------------------


def test_diff_of_a_plan_with_itself_is_empty_and_exits_0(plan_files):
    result = archnb("diff", str(plan_files[0]), str(plan_files[0]))
    assert result.returncode == 0, result.stderr
    assert "no differences" in result.stdout


def test_diff_of_two_versions_names_each_change_and_exits_1(plan_files):
    result = archnb("diff", str(plan_files[0]), str(plan_files[1]), "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert {(c["section"], c["kind"], c["key"]) for c in data["changes"]} == set(REFINEMENT_CHANGES)


def test_diff_within_one_notebook_by_ids_and_refs(notebook_file):
    a, b = library_plan().plan_id, refined_library_plan().plan_id
    text_of = {}
    for args in ([f"{notebook_file}#{a}", f"{notebook_file}#{b[:5]}"],
                 [str(notebook_file), a[:4], b],
                 [str(notebook_file)],  # the last plan against its parent
                 [str(notebook_file), a],  # that plan against the last one
                 [f"{notebook_file}#{a}", b]):
        result = archnb("diff", *args)
        assert result.returncode == 1, (args, result.stderr)
        text_of[tuple(args)] = result.stdout
    assert len(set(text_of.values())) == 1  # every spelling compares the same two plans
    assert archnb("diff", str(notebook_file), b, b).returncode == 0


def test_diff_markdown_format(plan_files):
    result = archnb("diff", str(plan_files[0]), str(plan_files[1]), "--format", "markdown")
    assert result.returncode == 1
    assert result.stdout.startswith("### Plan changes:")


@pytest.mark.parametrize("args, words", [
    (["missing.json", "other.json"], ["no such file"]),
    (["{nb}", "ffffff"], ["no plan 'ffffff'"]),
    (["{v1}"], ["diff needs two plans"]),
    (["{v1}", "a", "b"], ["is not a notebook"]),
    (["{nb}", "a", "b", "c"], ["at most three"]),
])
def test_diff_bad_input_exits_2_with_one_line(args, words, plan_files, notebook_file):
    args = [a.format(nb=notebook_file, v1=plan_files[0]) for a in args]
    assert_one_line_error(archnb("diff", *args), 2, *words)


def test_diff_of_a_notebook_whose_last_plan_has_no_parent_is_exit_2(tmp_path):
    cell = v4.new_code_cell("%%architect\n...")
    cell.outputs = [v4.new_output("display_data", data={MIME: library_plan().model_dump(mode="json")})]
    path = tmp_path / "one.ipynb"
    nbformat.write(v4.new_notebook(cells=[cell]), str(path))
    assert_one_line_error(archnb("diff", str(path)), 2, "refines no plan")


# --- archnb lint ----------------------------------------------------------------------


def test_lint_a_consistent_plan(plan_files):
    result = archnb("lint", str(plan_files[0]), "--json")
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    blocking = [f for f in data["findings"] if f["severity"] in ("error", "critical")]
    assert result.returncode == (1 if blocking else 0)
    assert data["ok"] is (not blocking)


def test_lint_a_broken_plan_exits_1_and_names_the_problem(tmp_path):
    data = library_plan_data()
    data["data_model"]["entities"][2]["attributes"][1]["foreign_key"] = "publisher"  # unknown
    path = tmp_path / "plan.json"
    path.write_text(TechnicalPlan.model_validate(data).with_id().to_json())
    result = archnb("lint", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "publisher" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("plan ")


def test_lint_a_notebook_plan_by_id(notebook_file):
    result = archnb("lint", str(notebook_file), library_plan().plan_id[:6])
    assert result.returncode in (0, 1), result.stderr
    assert f"plan {library_plan().plan_id}:" in result.stdout


def test_lint_a_missing_file_is_exit_2(tmp_path):
    assert_one_line_error(archnb("lint", str(tmp_path / "nope.json")), 2)


# --- skills, models, mcp --------------------------------------------------------------


def test_skills_lists_every_skill_by_area():
    from archnb.skills import load_skills

    skillset = load_skills()
    result = archnb("skills")
    assert result.returncode == 0, result.stderr
    for area, skills in skillset.by_area().items():
        assert f"\n{area}\n" in "\n" + result.stdout
        for skill in skills:
            assert f"  {skill.name} " in result.stdout
    data = json.loads(archnb("skills", "--json").stdout)
    assert {s["name"] for s in data["skills"]} == set(skillset.skills)
    assert all(s["area"] and s["description"] for s in data["skills"])


def test_skills_check_reports_a_broken_skill(tmp_path):
    broken = tmp_path / "skills" / "Bad_Skill"
    broken.mkdir(parents=True)
    (broken / "SKILL.md").write_text("---\nname: Bad_Skill\ndescription: x\n---\nbody\n")
    result = archnb("skills", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert "Bad_Skill" in result.stdout and "lowercase" in result.stdout
    clean = archnb("skills", "--check")
    assert clean.stdout.strip().splitlines()[-1].endswith(" problem(s)")


def test_models_names_keys_but_never_shows_them():
    env_key = "sk-test-1234567890abcdef"
    result = subprocess.run([sys.executable, "-m", "archnb", "models", "--json"], capture_output=True,
                            text=True, env={**os.environ, "OPENAI_API_KEY": env_key,
                                            "ARCHNB_MODEL": "openai/gpt-4o-mini"})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["default_engine"] == "llm"
    assert data["model"] == "openai/gpt-4o-mini"
    assert "OPENAI_API_KEY" in data["keys_set"]
    assert env_key not in result.stdout + result.stderr
    plain = archnb("models")
    assert plain.returncode == 0 and "offline" in plain.stdout


def test_mcp_without_the_server_module_is_a_clear_error(monkeypatch, capsys):
    from archnb.cli import main

    monkeypatch.setitem(sys.modules, "archnb.mcp_server", None)
    assert main(["mcp"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("archnb: error: the MCP server is not available")
    assert len(err.strip().splitlines()) == 1


def test_mcp_hands_its_arguments_to_the_server(monkeypatch):
    import types

    from archnb.cli import main

    seen = []
    fake = types.ModuleType("archnb.mcp_server")
    fake.main = lambda argv: seen.append(argv) or 0
    monkeypatch.setitem(sys.modules, "archnb.mcp_server", fake)
    assert main(["mcp", "--http", "8765"]) == 0
    assert main(["mcp"]) == 0
    assert seen == [["--http", "8765"], []]


# --- the last resort: interrupts and bugs ---------------------------------------------


def test_an_interrupt_exits_130_with_one_line(monkeypatch, capsys, notebook_file):
    import archnb.cli as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_plans", interrupted)
    assert cli.main(["plans", str(notebook_file)]) == 130
    assert capsys.readouterr().err == "archnb: interrupted\n"


def test_a_bug_is_one_line_unless_debugging(monkeypatch, capsys, notebook_file):
    import archnb.cli as cli

    def broken(args):
        raise ValueError("boom\nsecond line")

    monkeypatch.setattr(cli, "cmd_plans", broken)
    assert cli.main(["plans", str(notebook_file)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("archnb: error: internal error: ValueError: boom (rerun with ARCHNB_DEBUG=1")
    assert len(err.strip().splitlines()) == 1
    monkeypatch.setenv("ARCHNB_DEBUG", "1")
    with pytest.raises(ValueError):
        cli.main(["plans", str(notebook_file)])


# --- with a notebook executed by nbclient ---------------------------------------------


@pytest.mark.slow
def test_plans_show_diff_and_export_a_real_notebook(executed_quickstart, tmp_path):
    path = str(executed_quickstart.path)
    listing = json.loads(archnb("plans", path, "--json").stdout)["plans"]
    assert [p["depth"] for p in listing] == [0, 1]
    first, second = listing[0]["plan_id"], listing[1]["plan_id"]
    assert listing[1]["parent_id"] == first
    assert archnb("diff", path).returncode == 1
    assert archnb("diff", path, second, second).returncode == 0
    shown = archnb("show", path, first, "--format", "json")
    assert json.loads(shown.stdout)["plan_id"] == first
    for fmt in ("files", "speckit", "kiro", "adr"):
        result = archnb("export", path, "-o", str(tmp_path / fmt), "--format", fmt, "--json")
        assert result.returncode == 0, result.stderr
        written = json.loads(result.stdout)["files_changed"]
        on_disk = sorted(str(p.relative_to(tmp_path / fmt)) for p in (tmp_path / fmt).rglob("*") if p.is_file())
        assert sorted(written) == on_disk
    exported = TechnicalPlan.from_json((tmp_path / "files" / "plan.json").read_text())
    assert exported.plan_id == second


@pytest.mark.slow
def test_demo_writes_the_artifacts_and_an_executed_notebook(tmp_path):
    folder = tmp_path / "try"
    result = archnb("demo", str(folder), timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name in (*FILES, "00-quickstart.ipynb"):
        assert (folder / name).is_file(), name
        assert str(folder / name) in result.stdout
    assert f"jupyter lab {folder / '00-quickstart.ipynb'}" in result.stdout
    nb = nbformat.read(str(folder / "00-quickstart.ipynb"), as_version=4)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code_cells)
    assert not [o for c in code_cells for o in c.outputs if o.output_type == "error"]
    plans = json.loads(archnb("plans", str(folder / "00-quickstart.ipynb"), "--json").stdout)["plans"]
    assert len(plans) == 2
    demo_plan = TechnicalPlan.from_json((folder / "plan.json").read_text())
    assert plans[0]["plan_id"] == demo_plan.plan_id  # the notebook planned the same brief the same way
