"""archnb as an MCP server, driven as its users drive it: `python -m archnb mcp` over real
stdio with the mcp SDK's client, over streamable HTTP on 127.0.0.1, and by the MCP
Inspector's command-line mode (a third-party client, from tests/node)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from anyio.from_thread import start_blocking_portal
from mcp.client import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from support.plans import REFINEMENT_CHANGES, library_plan, refined_library_plan

from archnb.mcp_server import main as mcp_main
from archnb.plan import TechnicalPlan
from archnb.render.mermaid import render_architecture, render_erd
from archnb.render.openapi import render_openapi_yaml
from archnb.render.sql import render_ddl
from archnb.skills import load_skills

REPO = Path(__file__).resolve().parents[1]
NODE_BIN = REPO / "tests" / "node" / "node_modules" / ".bin"
SECRET = "sk-archnb-test-0123456789abcdefSECRET"
TOOLS = {"plan_brief", "lint_plan", "render_artifact", "diff_plans", "list_skills", "get_skill"}
BRIEF = (
    "A city library lends books to 40,000 members across 12 branches. Members search the "
    "catalogue and reserve copies; staff manage loans and returns."
)
SIX_FILES = {"plan.json", "PLAN.md", "architecture.mmd", "erd.mmd", "schema.sql", "openapi.yaml"}

pytestmark = pytest.mark.slow


def server_env(home: Path, **extra: str) -> dict[str, str]:
    """The server's environment: an empty HOME, this checkout first on the path, a fake key."""
    return {
        "HOME": str(home),
        "PYTHONPATH": str(REPO),
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "OPENAI_API_KEY": SECRET,
        **extra,
    }


@asynccontextmanager
async def stdio_session(params: StdioServerParameters, errlog: Any):
    async with stdio_client(params, errlog=errlog) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


class Peer:
    """A connected MCP client session, callable from synchronous tests through a portal."""

    def __init__(self, portal: Any, session: ClientSession, folder: Path, home: Path) -> None:
        self.portal = portal
        self.session = session
        self.folder = folder  # the server's working folder
        self.home = home

    def run(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.portal.call(lambda: getattr(self.session, method)(*args, **kwargs))

    def call(self, tool: str, **arguments: Any) -> Any:
        return self.run("call_tool", tool, arguments)


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    """`python -m archnb mcp` started once per module, with an MCP client session on its stdio."""
    folder = tmp_path_factory.mktemp("server-cwd")
    home = tmp_path_factory.mktemp("server-home")
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "archnb", "mcp"], cwd=str(folder), env=server_env(home)
    )
    with (
        open(folder.parent / "server-stderr.log", "w") as errlog,
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(stdio_session(params, errlog)) as session,
    ):
        yield Peer(portal, session, folder, home)


@pytest.fixture(scope="module")
def planned(peer):
    """The structured result of plan_brief for the library brief (offline engine)."""
    result = peer.call("plan_brief", brief=BRIEF, engine="offline")
    assert not result.is_error, text(result)
    return result.structured_content


def text(result: Any) -> str:
    return "\n".join(block.text for block in result.content)


def assert_tool_error(result: Any, *fragments: str) -> str:
    """Check a one-line error result that names what was wrong; return its text."""
    assert result.is_error
    message = text(result)
    assert "\n" not in message and "Traceback" not in message, message
    for fragment in fragments:
        assert fragment in message, message
    return message


# --- tools/list ---------------------------------------------------------------------------


def test_lists_six_tools_with_their_argument_schemas(peer):
    tools = {t.name: t for t in peer.run("list_tools").tools}
    assert set(tools) == TOOLS
    assert tools["plan_brief"].input_schema["required"] == ["brief"]
    artifact = tools["render_artifact"].input_schema["properties"]["artifact"]
    assert artifact["enum"] == ["architecture", "erd", "ddl", "openapi", "markdown"]
    assert tools["lint_plan"].annotations.read_only_hint is True
    assert all(t.description for t in tools.values())


# --- plan_brief -------------------------------------------------------------------------


def test_plan_brief_returns_envelope_plan_and_findings(planned):
    envelope, plan = planned["envelope"], TechnicalPlan.model_validate(planned["plan"])
    assert envelope["status"] == "success"
    assert envelope["plan_id"] == plan.plan_id == plan.content_hash()
    assert envelope["files_changed"] == []
    assert plan.metadata.engine == "offline"
    assert {e.name for e in plan.data_model.entities} >= {"book", "member"}
    assert isinstance(planned["findings"], list)


def test_plan_brief_text_is_the_same_json_as_its_structured_content(peer):
    result = peer.call("plan_brief", brief="A small shop sells tea online to 2,000 customers.")
    assert json.loads(text(result)) == result.structured_content


def test_plan_brief_reports_progress(peer):
    lines: list[str] = []

    async def progress(done: float, total: float | None, message: str | None) -> None:
        lines.append(message or "")

    result = peer.run("call_tool", "plan_brief", {"brief": BRIEF}, progress_callback=progress)
    assert not result.is_error
    assert any(line.startswith("attempt 1/3: drafting with the offline engine") for line in lines), lines


def test_a_failed_plan_is_an_error_that_carries_the_envelope(peer, llm_server):
    llm_server.answer('{"title": "half a plan"')
    result = peer.call("plan_brief", brief=BRIEF, engine="llm", model="openai/test-model",
                       api_base=llm_server.api_base, attempts=1, skills="designing-apis")
    assert_tool_error(result, "plan_brief: no valid plan after 1 attempt(s)")
    envelope = result.structured_content["envelope"]
    assert envelope["status"] == "failed" and envelope["errors"] and envelope["next_action"]


def test_plan_brief_uses_the_skills_it_is_given(peer):
    result = peer.call("plan_brief", brief=BRIEF, skills="designing-apis, postgresql-table-design")
    used = set(result.structured_content["plan"]["metadata"]["skills_used"])
    assert used and used <= {"designing-apis", "postgresql-table-design"}


def test_plan_brief_writes_the_six_files_into_the_named_folder(peer, planned, tmp_path):
    target = tmp_path / "exports" / "library"
    result = peer.call("plan_brief", brief=BRIEF, engine="offline", output_dir=str(target))
    changed = result.structured_content["envelope"]["files_changed"]
    assert {Path(p).name for p in changed} == SIX_FILES
    assert all(Path(p).parent == target for p in changed)
    assert {p.name for p in target.iterdir()} == SIX_FILES
    written = TechnicalPlan.from_json((target / "plan.json").read_text())
    assert written.plan_id == planned["plan"]["plan_id"]


def test_a_relative_output_dir_lands_in_the_servers_folder(peer):
    result = peer.call("plan_brief", brief=BRIEF, engine="offline", output_dir="out/v1")
    assert not result.is_error, text(result)
    assert {p.name for p in (peer.folder / "out" / "v1").iterdir()} == SIX_FILES


@pytest.mark.parametrize(
    "output_dir, why",
    [
        ("../escaped", "'..' is not allowed"),
        ("out/../../escaped", "'..' is not allowed"),
        ("link-out", "symbolic link"),
        ("link-out/sub", "resolves outside"),
    ],
)
def test_output_dir_refuses_paths_that_escape(peer, tmp_path, output_dir, why):
    outside = tmp_path / "outside"
    outside.mkdir()
    link = peer.folder / "link-out"
    link.unlink(missing_ok=True)
    link.symlink_to(outside, target_is_directory=True)
    try:
        result = peer.call("plan_brief", brief=BRIEF, output_dir=output_dir)
        assert_tool_error(result, "plan_brief: ", why)
        assert list(outside.iterdir()) == []
        assert not (peer.folder.parent / "escaped").exists()
    finally:
        link.unlink()


def test_export_replaces_a_planted_file_link_instead_of_writing_through_it(peer, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    target = tmp_path / "plan-out"
    target.mkdir()
    (target / "plan.json").symlink_to(victim)
    result = peer.call("plan_brief", brief=BRIEF, engine="offline", output_dir=str(target))
    assert not result.is_error, text(result)
    assert victim.read_text() == "keep me\n"
    assert not (target / "plan.json").is_symlink()


@pytest.mark.parametrize(
    "arguments, fragments",
    [
        ({}, ["argument 'brief'", "required"]),
        ({"brief": "   "}, ["the brief is empty"]),
        ({"brief": BRIEF, "engine": "gpt"}, ["argument 'engine'", "'offline'"]),
        ({"brief": BRIEF, "attempts": 0}, ["argument 'attempts'", "greater than or equal to 1"]),
        ({"brief": BRIEF, "skills": ["designing-api"]}, ["designing-api", "did you mean 'designing-apis'"]),
        ({"brief": BRIEF, "areas": ["Databse"]}, ["Databse"]),
        ({"brief": BRIEF, "briefing": "x"}, ["unknown argument 'briefing'"]),
        ({"brief": "x" * 200_001}, ["200,001 characters", "limit is 200,000"]),
        ({"brief": BRIEF, "engine": "llm", "model": "openai/gpt-4o-mini",
          "api_base": "https://collector.example/v1"}, ["refusing api_base", "ARCHNB_API_BASE"]),
        ({"brief": BRIEF, "api_base": "file:///etc/passwd"}, ["not an http(s) URL"]),
    ],
)
def test_plan_brief_explains_bad_arguments_in_one_line(peer, arguments, fragments):
    assert_tool_error(peer.call("plan_brief", **arguments), "plan_brief", *fragments)


def test_an_unknown_tool_is_named_with_a_suggestion(peer):
    assert_tool_error(peer.call("plan_breif", brief=BRIEF), "unknown tool 'plan_breif'", "'plan_brief'")


def test_model_errors_never_show_the_api_key(peer, llm_server):
    llm_server.error(401, f"Incorrect API key provided: {SECRET}. Authorization: Bearer {SECRET}")
    result = peer.call("plan_brief", brief=BRIEF, engine="llm", model="openai/test-model",
                       api_base=llm_server.api_base, attempts=1)
    message = assert_tool_error(result, "plan_brief")
    assert llm_server.headers[0]["authorization"] == f"Bearer {SECRET}"  # the key was in play
    assert SECRET not in message and SECRET[8:24] not in message
    assert SECRET not in json.dumps(result.structured_content or {})


def test_model_errors_never_show_credentials_in_the_api_base(peer, llm_server):
    api_base = llm_server.api_base.replace("http://", "http://archnb:hunter2-password@")
    llm_server.error(500, f"upstream {api_base} is down")
    result = peer.call("plan_brief", brief=BRIEF, engine="llm", model="openai/test-model",
                       api_base=api_base, attempts=1)
    message = assert_tool_error(result, "plan_brief")
    assert llm_server.headers[0]["authorization"].startswith("Basic ")
    assert "hunter2-password" not in message
    assert "http://[redacted]@127.0.0.1" in message  # where it failed is still said


# --- lint_plan ----------------------------------------------------------------------------


def test_lint_plan_reports_findings_with_counts(peer):
    data = library_plan().model_dump(mode="json")
    book = next(e for e in data["data_model"]["entities"] if e["name"] == "book")
    for attribute in book["attributes"]:
        attribute["primary_key"] = False
    result = peer.call("lint_plan", plan=json.dumps(data))
    report = result.structured_content
    assert not result.is_error
    assert report["blocking"] is True
    missing_key = [f for f in report["findings"] if f["rule"] == "DM002"]
    assert missing_key and missing_key[0]["where"] == "data_model.entities[book]"
    assert sum(report["counts"].values()) == len(report["findings"])


def test_lint_plan_takes_a_whole_plan_brief_result(peer, planned):
    report = peer.call("lint_plan", plan=planned).structured_content
    assert report["plan_id"] == planned["plan"]["plan_id"]
    assert report["findings"] == planned["findings"]


@pytest.mark.parametrize(
    "plan, fragments",
    [
        ("{not json", ["not valid JSON", "line 1 column 2"]),
        ("", ["argument 'plan' is empty"]),
        ("[1, 2]", ["must be a JSON object"]),
        (
            {"title": "T", "summary": "S", "architecture": {"style": "monolith", "components": [
                {"id": "a", "name": "A", "kind": "spaceship", "responsibility": "r"}]}},
            ["not a valid Technical Plan", "field architecture.components[0].kind"],
        ),
        ("x" * 2_000_001, ["2,000,001 bytes", "limit is 2,000,000"]),
    ],
)
def test_a_bad_plan_is_explained_by_field(peer, plan, fragments):
    assert_tool_error(peer.call("lint_plan", plan=plan), "lint_plan: argument 'plan'", *fragments)


# --- render_artifact ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "artifact, renderer",
    [
        ("architecture", render_architecture),
        ("erd", render_erd),
        ("ddl", render_ddl),
        ("openapi", render_openapi_yaml),
    ],
)
def test_render_artifact_returns_the_renderers_text(peer, artifact, renderer):
    plan = library_plan()
    result = peer.call("render_artifact", plan=plan.to_json(), artifact=artifact)
    assert not result.is_error, text(result)
    assert text(result) == renderer(plan)


def test_render_artifact_markdown_is_the_report_with_diagrams(peer):
    plan = library_plan()
    report = text(peer.call("render_artifact", plan=plan.model_dump(mode="json"), artifact="markdown"))
    assert plan.title in report
    assert report.count("```mermaid") == 2
    assert yaml.safe_load(text(peer.call("render_artifact", plan=plan.to_json(), artifact="openapi")))[
        "openapi"
    ].startswith("3.1")


def test_render_artifact_lists_the_allowed_artifacts(peer):
    result = peer.call("render_artifact", plan=library_plan().to_json(), artifact="pdf")
    assert_tool_error(result, "argument 'artifact'", "'architecture'", "'erd'", "'ddl'", "'openapi'",
                      "'markdown'")


# --- diff_plans ---------------------------------------------------------------------------


def test_diff_plans_names_every_change(peer):
    old, new = library_plan(), refined_library_plan()
    result = peer.call("diff_plans", before=old.to_json(), after=new.to_json(), format="json")
    diff = json.loads(text(result))
    assert diff["equal"] is False
    found = {(c["section"], c["kind"], c["key"]) for c in diff["changes"]}
    assert set(REFINEMENT_CHANGES) <= found
    markdown = text(peer.call("diff_plans", before=old.to_json(), after=new.to_json(), format="markdown"))
    assert new.plan_id in markdown and "reservation" in markdown


def test_diff_of_a_plan_with_itself_is_empty(peer):
    plan = library_plan().to_json()
    assert "no differences" in text(peer.call("diff_plans", before=plan, after=plan))


def test_diff_plans_says_which_plan_is_bad(peer):
    result = peer.call("diff_plans", before=library_plan().to_json(), after="{}")
    assert_tool_error(result, "argument 'after'", "field title")


# --- skills: tools and resources ----------------------------------------------------------


def test_list_skills_shows_the_packaged_skills(peer):
    rows = peer.call("list_skills").structured_content["skills"]
    packaged = {r["name"]: r for r in rows if r["source"] == "packaged"}
    assert set(packaged) == set(load_skills().skills)
    api = packaged["designing-apis"]
    assert api["area"] == "API" and api["uri"] == "skill://designing-apis" and api["description"]
    database = peer.call("list_skills", area="database").structured_content["skills"]
    assert {r["name"] for r in database} == {"postgresql-table-design", "senior-data-engineer"}


def test_list_skills_suggests_a_known_area(peer):
    assert_tool_error(peer.call("list_skills", area="Databse"), "no skills in area 'Databse'", "'Database'")


def test_get_skill_returns_the_body_and_references(peer):
    skill = load_skills().get("designing-apis")
    assert text(peer.call("get_skill", name="designing-apis")) == skill.body
    reference = skill.references()[0]
    got = peer.call("get_skill", name="designing-apis", reference=reference)
    assert text(got) == skill.read_reference(reference)


def test_get_skill_explains_unknown_names(peer):
    assert_tool_error(peer.call("get_skill", name="designing-api"), "did you mean 'designing-apis'")
    assert_tool_error(
        peer.call("get_skill", name="designing-apis", reference="../SKILL.md"), "no reference", "it has:"
    )


def test_a_skill_added_while_serving_is_listed(peer):
    folder = peer.home / ".archnb" / "skills" / "team-conventions"
    folder.mkdir(parents=True)
    (folder / "SKILL.md").write_text(
        "---\nname: team-conventions\ndescription: Our naming rules. Use for every plan.\n---\n"
        "# Team conventions\n\nTables are singular.\n"
    )
    try:
        rows = peer.call("list_skills").structured_content["skills"]
        assert {"name": "team-conventions", "source": "user"}.items() <= next(
            r for r in rows if r["name"] == "team-conventions"
        ).items()
        assert "Tables are singular." in text(peer.call("get_skill", name="team-conventions"))
    finally:
        shutil.rmtree(folder.parent.parent)


def test_skills_are_resources(peer):
    listed = {str(r.uri): r for r in peer.run("list_resources").resources}
    assert {f"skill://{name}" for name in load_skills().skills} <= set(listed)
    assert listed["skill://designing-apis"].mime_type == "text/markdown"
    templates = {t.uri_template for t in peer.run("list_resource_templates").resource_templates}
    assert templates == {"skill://{name}", "skill://{name}/references/{filename}"}
    skill = load_skills().get("saga-orchestration")
    body = peer.run("read_resource", "skill://saga-orchestration").contents[0]
    assert body.text == skill.body
    ref = skill.references()[0]
    got = peer.run("read_resource", f"skill://saga-orchestration/references/{ref}").contents[0]
    assert got.text == skill.read_reference(ref)


@pytest.mark.parametrize(
    "uri, fragment",
    [
        ("skill://saga-orchestrator", "did you mean 'saga-orchestration'"),
        ("skill://saga-orchestration/references/nope.md", "no reference 'nope.md'"),
        ("skill://saga-orchestration/references/..%2FSKILL.md", ""),
    ],
)
def test_unknown_skill_resources_are_errors(peer, uri, fragment):
    with pytest.raises(MCPError) as caught:
        peer.run("read_resource", uri)
    assert fragment in caught.value.error.message


# --- the brief prompt ---------------------------------------------------------------------


def test_the_brief_template_is_a_prompt(peer):
    prompt = next(p for p in peer.run("list_prompts").prompts if p.name == "architect_brief")
    arguments = {a.name: a.required for a in prompt.arguments}
    assert arguments == {"product": True, "users": False, "scale": False, "constraints": False}
    got = peer.run(
        "get_prompt", "architect_brief", {"product": "Bike rentals", "scale": "300 bikes, 5,000 riders"}
    )
    message = got.messages[0].content.text
    assert got.messages[0].role == "user"
    assert "# Bike rentals" in message and "300 bikes, 5,000 riders" in message
    assert "plan_brief" in message and "not stated yet" in message


def test_the_prompt_needs_a_product(peer):
    with pytest.raises(MCPError) as caught:
        peer.run("get_prompt", "architect_brief", {"users": "riders"})
    assert "product" in caught.value.error.message


# --- streamable HTTP ----------------------------------------------------------------------


@asynccontextmanager
async def http_session(url: str):
    async with streamable_http_client(url) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


def test_streamable_http_on_loopback(tmp_path):
    server = subprocess.Popen(
        [sys.executable, "-m", "archnb", "mcp", "--http", "0"],
        cwd=tmp_path, env={**os.environ, **server_env(tmp_path)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = server.stderr.readline().strip()
        url = line.rsplit(" ", 1)[-1]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/mcp"), line
        with (
            start_blocking_portal() as portal,
            portal.wrap_async_context_manager(http_session(url)) as session,
        ):
            tools = portal.call(session.list_tools)
            erd = portal.call(session.call_tool, "render_artifact",
                              {"plan": library_plan().to_json(), "artifact": "erd"})
        assert {t.name for t in tools.tools} == TOOLS
        assert erd.content[0].text == render_erd(library_plan())
        # A page on another site cannot reach the server through DNS rebinding.
        request = urllib.request.Request(url, data=b"{}", method="POST",
                                         headers={"Host": "evil.example", "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code in (400, 403, 421)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_http_port_in_use_is_one_line_and_exit_1(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert mcp_main(["--http", str(port)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"archnb mcp: cannot listen on 127.0.0.1:{port}: Address already in use (choose another --http PORT)"
    ]


@pytest.mark.parametrize("argv", [["--http", "70000"], ["--http", "x"], ["--stdio"]])
def test_bad_command_line_is_a_usage_error(argv, capsys):
    assert mcp_main(argv) == 2
    assert "usage: archnb mcp" in capsys.readouterr().err


# --- the MCP Inspector as a third-party client --------------------------------------------


def inspector(folder: Path, *args: str) -> Any:
    """Run the MCP Inspector's CLI mode with `args`; return its JSON output."""
    # The inspector-cli bin, not `mcp-inspector --cli`: in this tree npm hoists mermaid's
    # commander 7 over the one the main package's CLI needs; the CLI code is the same.
    env = {**os.environ, **server_env(folder)}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    done = subprocess.run(
        [str(NODE_BIN / "mcp-inspector-cli"), "--cli", *args],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def docs_snippets() -> list[dict]:
    """Return the JSON blocks of docs/mcp.md."""
    text = (REPO / "docs" / "mcp.md").read_text()
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.DOTALL)]


def test_docs_snippets_start_archnb_mcp():
    snippets = docs_snippets()
    assert len(snippets) == 3
    for snippet in snippets:
        entry = (snippet.get("mcpServers") or snippet["servers"])["archnb"]
        assert [entry["command"], *entry["args"]] == ["archnb", "mcp"]


def test_inspector_lists_the_tools_with_the_docs_claude_desktop_config(tmp_path):
    config = tmp_path / "claude_desktop_config.json"
    config.write_text(json.dumps(docs_snippets()[0]))
    listed = inspector(tmp_path, "--config", str(config), "--server", "archnb", "--method", "tools/list")
    assert {t["name"] for t in listed["tools"]} == TOOLS
    schema = next(t for t in listed["tools"] if t["name"] == "plan_brief")["inputSchema"]
    assert schema["required"] == ["brief"]


def test_inspector_calls_a_tool(tmp_path):
    plan = library_plan()
    called = inspector(
        tmp_path, sys.executable, "-m", "archnb", "mcp",
        "--method", "tools/call", "--tool-name", "render_artifact",
        "--tool-arg", f"plan={plan.to_json()}", "--tool-arg", "artifact=ddl",
    )
    assert called.get("isError") in (None, False)
    assert called["content"][0]["text"] == render_ddl(plan)
