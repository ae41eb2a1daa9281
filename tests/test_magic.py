"""%%architect and %architect: loading, help, options, settings and usage errors.

Runs that make plans are in test_magic_runs.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from IPython.core.error import UsageError
from support.shells import run_in_shell

from archnb.magic import (
    ArchitectMagics,
    interpolate,
    load_answers,
    redact,
    split_answers,
    split_words,
)

# --- loading --------------------------------------------------------------------------


def test_load_ext_registers_the_line_and_cell_magic(ip):
    magics = ip.magics_manager.magics
    assert "architect" in magics["line"] and "architect" in magics["cell"]


def test_load_ext_twice_keeps_one_instance_and_its_history(ip, architect_magics):
    architect_magics.history.append("marker")
    ip.run_line_magic("reload_ext", "archnb")  # unload + load: a fresh instance
    fresh = ip.magics_manager.registry["ArchitectMagics"]
    assert fresh.history == []
    from archnb.magic import register

    assert register(ip) is fresh


def test_unload_ext_removes_the_magics_and_settings(ip):
    ip.run_line_magic("unload_ext", "archnb")
    assert "architect" not in ip.magics_manager.magics["cell"]
    assert not any(isinstance(c, ArchitectMagics) for c in ip.configurables)
    run = run_in_shell(ip, "%%architect\nA shop")
    assert "Cell magic `%%architect` not found" in run.stderr


def test_loading_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "ip = InteractiveShell.instance()\n"
        "before = set(sys.modules)\n"
        "ip.run_line_magic('load_ext', 'archnb')\n"
        "print(sorted(m.split('.')[0] for m in set(sys.modules) - before))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(eval(out))  # a printed list of module names
    assert "archnb" in loaded
    assert not loaded & {"pydantic", "litellm", "ipywidgets", "mermaidx", "yaml", "nbformat"}


# --- help -----------------------------------------------------------------------------

OPTIONS = [
    "--engine", "--model", "--api-base", "--skills", "--areas", "--attempts", "--mcp",
    "--principles", "--name", "--refine", "--answers", "--clarify", "--review", "--export",
    "--svg", "--widget", "--no-interpolate", "--verbose",
]  # fmt: skip


def test_every_option_has_help_text(ip):
    parser = ArchitectMagics.architect.parser
    documented = {s: a.help for a in parser._actions for s in a.option_strings}
    assert set(OPTIONS) <= set(documented)
    assert all(len(documented[o]) > 15 for o in OPTIONS)


def test_help_subcommand_lists_options_and_subcommands(ip):
    run = run_in_shell(ip, "%architect help")
    for option in OPTIONS:
        assert option in run.stdout
    for sub in ("skills", "models", "config", "history", "show ID", "diff A B", "export ID DIR", "view ID"):
        assert sub in run.stdout
    assert "%%architect [--engine ENGINE]" in run.stdout


def test_question_mark_shows_the_same_help(ip):
    run = run_in_shell(ip, "%%architect?")
    assert "--refine REF" in run.stdout and "Subcommands" in run.stdout


def test_architect_alone_shows_help(ip):
    assert "--refine" in run_in_shell(ip, "%architect").stdout


# --- usage errors: one line, with a suggestion when close ----------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("%%architect --modle x\nA shop", "unknown option '--modle' (did you mean '--model'?)"),
        ("%%architect --mod x\nA shop", "unknown option '--mod'"),  # no silent abbreviation
        ("%%architect --engine ofline\nA shop", "--engine 'ofline' is not an engine (did you mean 'offline'?)"),
        ("%%architect --attempts many\nA shop", "--attempts 'many' is not a number"),
        ("%%architect --attempts 11\nA shop", "--attempts 11 is out of range"),
        ("%%architect --attempts\nA shop", "expected one argument"),
        ("%%architect --name 2nd\nA shop", "--name '2nd' is not a Python variable name"),
        ("%%architect --name class\nA shop", "--name 'class' is not a Python variable name"),
        ("%%architect A shop\nfor pets", "unexpected 'A' on the %%architect line"),
        ('%%architect --export "unclosed\nA shop', "cannot read the options"),
        ("%%architect --answers nowhere.yaml\nA shop", "--answers: no file 'nowhere.yaml'"),
        ("%%architect --mcp nowhere.json\nA shop", "--mcp: no file 'nowhere.json'"),
        ("%%architect --principles nowhere.toml\nA shop", "--principles: no file 'nowhere.toml'"),
        ("%%architect --refine nothing\nA shop", "--refine: no plan 'nothing' in this session or notebook"),
        ("%architect histroy", "unknown subcommand 'histroy' (did you mean 'history'?)"),
        ("%architect --model x", "a new plan needs a brief"),
        ("%architect --refine", "--refine: expected one argument"),
        ("%architect help me", "help takes no arguments"),
        ("%architect show", "expected %architect show ID"),
        ("%architect show a b", "expected %architect show ID"),
        ("%architect diff a", "diff takes two plans"),
        ("%architect view", "expected %architect view ID"),
        ("%architect export abcd", "export takes a plan and a folder"),
        ("%architect export abcd out --format kiroo", "unknown format 'kiroo' (did you mean 'kiro'?)"),
        ("%architect export abcd out --format", "--format needs a value"),
        ("%architect config atempts=2", "unknown setting 'atempts' (did you mean 'attempts'?)"),
        ("%architect config attempts=0", "attempts must be between 1 and 10"),
        ("%architect config attempts=many", "attempts takes a number"),
        ("%architect config svg=maybe", "svg takes true or false"),
        ("%architect config engine=ofline", "(did you mean 'offline'?)"),
    ],
)
def test_usage_errors_are_one_line_without_traceback(ip, cell, expected):
    run = run_in_shell(ip, cell)
    assert isinstance(run.error, UsageError)
    assert expected in run.stderr
    assert run.stderr.startswith("UsageError: ") and run.stderr.count("\n") == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert run.outputs == []


def test_a_plan_id_that_matches_nothing_suggests_a_close_one(ip, architect_magics, monkeypatch):
    from support.plans import library_plan

    plan = library_plan()
    ip.user_ns["v1"] = plan
    with pytest.raises(UsageError, match=r"did you mean 'v1'|no plan"):
        ip.run_line_magic("architect", "show v2")
    ip.user_ns["answer"] = 42
    with pytest.raises(UsageError, match="variable 'answer' holds a int, not a plan"):
        ip.run_line_magic("architect", "show answer")


# --- settings ---------------------------------------------------------------------------


def test_config_magic_lists_every_setting_with_help(ip):
    run = run_in_shell(ip, "%config ArchitectMagics")
    for name, trait in ArchitectMagics.class_traits(config=True).items():
        assert f"ArchitectMagics.{name}" in run.stdout
        assert trait.help.split()[0] in run.stdout


def test_config_subcommand_shows_settings_as_a_table(ip):
    run = run_in_shell(ip, "%architect config")
    table = run.outputs[0]["data"]["text/plain"]
    for name in ArchitectMagics.class_traits(config=True):
        assert name in table
    assert run.outputs[0]["metadata"] == {"archnb": {"kind": "config"}}


@pytest.mark.parametrize(
    "assignment, name, value",
    [
        ("model=openai/gpt-4o-mini", "model", "openai/gpt-4o-mini"),
        ("api-base=http://127.0.0.1:4000", "api_base", "http://127.0.0.1:4000"),
        ("model=none", "model", None),
        ("attempts=5", "attempts", 5),
        ("timeout=30", "timeout", 30.0),
        ('skills="designing-apis, postgresql-table-design"', "skills", ["designing-apis", "postgresql-table-design"]),
        ("svg=yes", "svg", True),
        ("interpolate=off", "interpolate", False),
        ("engine=offline", "engine", "offline"),
    ],
)
def test_config_subcommand_sets_typed_values(ip, architect_magics, assignment, name, value):
    run = run_in_shell(ip, f"%architect config {assignment}")
    assert run.error is None
    assert getattr(architect_magics, name) == value
    assert run.stdout.startswith(f"archnb: {name} = ")


def test_config_magic_and_subcommand_share_the_settings(ip, architect_magics):
    ip.run_line_magic("config", "ArchitectMagics.attempts = 7")
    assert architect_magics.attempts == 7
    run = run_in_shell(ip, "%architect config attempts")
    assert "7" in run.outputs[0]["data"]["text/plain"]


def test_config_never_shows_credentials(ip, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    ip.run_line_magic("architect", "config api_base=https://user:sk-test-0123456789abcdef@proxy.example/v1")
    run = run_in_shell(ip, "%architect config")
    assert "sk-test-0123456789abcdef" not in run.text()
    assert "https://[redacted]@proxy.example/v1" in run.outputs[0]["data"]["text/plain"]


def test_models_shows_engine_model_and_key_names_not_values(ip, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    monkeypatch.setenv("ARCHNB_MODEL", "openai/gpt-4o-mini")
    run = run_in_shell(ip, "%architect models")
    table = run.outputs[0]["data"]["text/plain"]
    assert "llm (auto)" in table and "openai/gpt-4o-mini" in table
    assert "OPENAI_API_KEY" in table
    assert "sk-test" not in run.text()


def test_models_lists_keys_from_dotenv_by_name(ip, tmp_path):
    (tmp_path / ".env").write_text("ANTHROPIC_API_KEY=sk-ant-from-dotenv-0123456789\n")
    run = run_in_shell(ip, "%architect models")
    assert "ANTHROPIC_API_KEY (.env)" in run.outputs[0]["data"]["text/plain"]
    assert "sk-ant-from-dotenv" not in run.text()


def test_models_without_a_model_names_the_offline_engine(ip):
    table = run_in_shell(ip, "%architect models").outputs[0]["data"]["text/plain"]
    assert "offline (auto)" in table


def test_skills_lists_the_packaged_skills_by_area(ip):
    run = run_in_shell(ip, "%architect skills")
    table = run.outputs[0]["data"]["text/plain"]
    for name, area in [("designing-apis", "API"), ("postgresql-table-design", "Database"), ("rag-implementation", "RAG/Vectors")]:
        row = next(line for line in table.splitlines() if line.startswith(name))
        assert area in row


# --- the pieces the magic is made of ------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A shop for {n} customers", "A shop for 500 customers"),
        ('payload {"a": 1}', 'payload {"a": 1}'),
        ("{undefined} stays", "{undefined} stays"),
        ("{{ literal", "{ literal"),
        ("write {{n}} for the name", "write {n} for the name"),
        ("{shop.city} branch", "Oslo branch"),
        ("{shop.missing} stays", "{shop.missing} stays"),
        ("{shop.broken} stays", "{shop.broken} stays"),
        ("json {}", "json {}"),
        ("set {n, m}", "set {n, m}"),
        ("closing }} stays", "closing }} stays"),
    ],
)
def test_interpolate(text, expected):
    class Shop:
        city = "Oslo"

        @property
        def broken(self):
            raise RuntimeError("no")

    assert interpolate(text, {"n": 500, "shop": Shop()}) == expected


def test_split_answers_takes_q_lines_out_of_the_brief():
    text = "Also support gift cards.\nQ1: yes, across branches\nq2 = PostgreSQL\nQ3: <a / b>\n"
    assert split_answers(text) == ("Also support gift cards.", {"Q1": "yes, across branches", "Q2": "PostgreSQL"})


def test_split_words_keeps_quoted_paths_and_backslashes():
    assert split_words(r'--export "my plans" --answers C:\work\a.yaml') == ["--export", "my plans", "--answers", r"C:\work\a.yaml"]


def test_load_answers_reads_yaml_and_json(tmp_path):
    (tmp_path / "a.yaml").write_text("Q1: yes\nq2:\n  - PostgreSQL\n  - Redis\n")
    (tmp_path / "a.json").write_text(json.dumps({"Q1": "no", "Q3": 5}))
    assert load_answers(str(tmp_path / "a.yaml")) == {"Q1": "yes", "Q2": "PostgreSQL, Redis"}
    assert load_answers(str(tmp_path / "a.json")) == {"Q1": "no", "Q3": "5"}


@pytest.mark.parametrize(
    "content, expected",
    [
        ("Q1: [unclosed\n", r"line \d: not valid YAML or JSON"),
        ('{"Q1": }', "not valid YAML or JSON"),
        ("- just\n- a list\n", "expected a mapping"),
        ("Question1: yes\n", "'Question1' is not a question id"),
        ("Q1:\n", "Q1 has no answer"),
    ],
)
def test_load_answers_rejects_bad_files_with_the_reason(tmp_path, content, expected):
    path = tmp_path / "answers.yaml"
    path.write_text(content)
    with pytest.raises(UsageError, match=expected):
        load_answers(str(path))


def test_redact_masks_keys_and_url_credentials(monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "ant-0123456789")
    text = redact("failed with key ant-0123456789 at https://bob:hunter22@proxy/v1")
    assert text == "failed with key [redacted] at https://[redacted]@proxy/v1"
