"""archnb.mcp_client: mcpServers config, real servers over stdio and HTTP, failures the run survives."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import archnb
from archnb.errors import UsageProblem
from archnb.mcp_client import (
    AGENT_MARKER,
    McpHub,
    ServerConfig,
    load_servers,
    parse_config,
    safe_tool_name,
)

NODE_MODULES = Path(__file__).parent / "node" / "node_modules"
SEQUENTIAL = NODE_MODULES / "@modelcontextprotocol" / "server-sequential-thinking" / "dist" / "index.js"

# A tiny MCP server (mcp 2.x MCPServer) whose tools misbehave on request.
DEMO_SERVER = textwrap.dedent(
    '''
    import os, sys
    import anyio
    from mcp.server.mcpserver import MCPServer

    server = MCPServer(sys.argv[1] if len(sys.argv) > 1 else "demo")

    @server.tool()
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @server.tool()
    def getenv(name: str) -> str:
        """Return an environment variable of the server process."""
        return os.environ.get(name, "")

    @server.tool()
    def pid() -> int:
        """Return the server's process id."""
        return os.getpid()

    @server.tool()
    def crash() -> str:
        """Exit the server process at once."""
        print("demo server: crashing on purpose", file=sys.stderr, flush=True)
        os._exit(3)

    @server.tool()
    async def hang() -> str:
        """Never answer."""
        await anyio.sleep(3600)
        return "late"

    @server.tool()
    def architect(brief: str) -> str:
        """Plan a backend (archnb's own planning tool)."""
        return "a plan"

    @server.tool()
    def lint_plan(plan: str) -> str:
        """Check a plan."""
        return "no findings"

    if __name__ == "__main__":
        if len(sys.argv) > 2:
            server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
        else:
            server.run()
    '''
)


@pytest.fixture
def demo_script(tmp_path) -> Path:
    path = tmp_path / "demo_server.py"
    path.write_text(DEMO_SERVER)
    return path


def demo(name: str, script: Path, **settings) -> ServerConfig:
    return ServerConfig(name, "stdio", command=sys.executable, args=[str(script), name], **settings)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# --- configuration ---------------------------------------------------------------------


def test_claude_desktop_config_is_read():
    data = {
        "mcpServers": {
            "sequential-thinking": {
                "command": "npx",
                "args": ["-y", "@modelcontextprotocol/server-sequential-thinking"],
            },
            "docs": {"type": "http", "url": "https://example.invalid/mcp", "headers": {"X-A": "1"}},
            "off": {"command": "never", "disabled": True},
        }
    }
    servers = {s.name: s for s in parse_config(data, "test")}
    assert set(servers) == {"sequential-thinking", "docs"}
    assert servers["sequential-thinking"].transport == "stdio"
    assert servers["sequential-thinking"].args == ["-y", "@modelcontextprotocol/server-sequential-thinking"]
    assert servers["docs"].transport == "http"
    assert servers["docs"].headers == {"X-A": "1"}


def test_vscode_config_with_comments_and_env_references(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHNB_TEST_TOKEN", "tok-from-env-123")
    path = tmp_path / "mcp.json"
    path.write_text(
        """{
  // VS Code writes JSON with comments
  "servers": {
    "ctx": {"type": "stdio", "command": "npx", "args": ["-y", "@upstash/context7-mcp"],
            "env": {"TOKEN": "${env:ARCHNB_TEST_TOKEN}"}, "timeout": 5},
    "remote": {"type": "sse", "url": "http://127.0.0.1:9/sse", "headers": {"Authorization": "Bearer ${ARCHNB_TEST_TOKEN}"}},
  }
}"""
    )
    servers = {s.name: s for s in load_servers(path)}
    assert servers["ctx"].env == {"TOKEN": "tok-from-env-123"}
    assert servers["ctx"].timeout == 5.0
    assert servers["remote"].transport == "sse"
    assert servers["remote"].headers["Authorization"] == "Bearer tok-from-env-123"


def test_shipped_example_config_parses():
    example = Path(__file__).parent.parent / "examples" / "mcp.json"
    servers = {s.name: s for s in load_servers(example)}
    assert servers["sequential-thinking"].args[-1] == "@modelcontextprotocol/server-sequential-thinking"
    assert servers["context7"].args[-1] == "@upstash/context7-mcp"
    assert servers["pg-aiguide"].url == "https://mcp.tigerdata.com/docs"


def test_project_config_overrides_user_config(tmp_path):
    home_cfg = Path.home() / ".archnb" / "mcp.json"
    home_cfg.parent.mkdir(parents=True)
    home_cfg.write_text(json.dumps({"mcpServers": {"a": {"command": "user-a"}, "b": {"command": "user-b"}}}))
    project = tmp_path / "project"
    (project / ".archnb").mkdir(parents=True)
    (project / ".archnb" / "mcp.json").write_text(json.dumps({"mcpServers": {"a": {"command": "project-a"}}}))
    servers = {s.name: s.command for s in load_servers(cwd=project)}
    assert servers == {"a": "project-a", "b": "user-b"}


def test_explicit_config_replaces_the_others(tmp_path):
    (tmp_path / ".archnb").mkdir()
    (tmp_path / ".archnb" / "mcp.json").write_text(json.dumps({"mcpServers": {"a": {"command": "x"}}}))
    explicit = tmp_path / "only.json"
    explicit.write_text(json.dumps({"mcpServers": {"z": {"command": "z"}}}))
    assert [s.name for s in load_servers(explicit, cwd=tmp_path)] == ["z"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"mcpServers": {"a": {"command": "x",}', "line 1"),
        ('{"tools": {}}', "no 'mcpServers'"),
        ('{"mcpServers": {"a": {"args": ["x"]}}}', "neither a 'command'"),
        ('{"mcpServers": {"a": {"command": "x", "timeout": -1}}}', "positive"),
    ],
)
def test_broken_config_is_a_usage_problem_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "mcp.json"
    path.write_text(content)
    with pytest.raises(UsageProblem) as caught:
        load_servers(path)
    assert expected in str(caught.value)
    assert "mcp.json" in str(caught.value)


def test_missing_explicit_config_is_a_usage_problem(tmp_path):
    with pytest.raises(UsageProblem, match="does not exist"):
        load_servers(tmp_path / "nope.json")


def test_safe_tool_names():
    assert safe_tool_name("context7", "resolve-library-id") == "mcp__context7__resolve-library-id"
    assert safe_tool_name("my server", "query.docs") == "mcp__my_server__query_docs"
    long = safe_tool_name("s" * 40, "t" * 40)
    assert len(long) == 64 and long.startswith("mcp__sss")
    other = safe_tool_name("s" * 40, "t" * 39 + "u")
    assert other != long and len(other) == 64
    assert safe_tool_name("a", "b", taken={"mcp__a__b"}) != "mcp__a__b"


# --- real servers ----------------------------------------------------------------------


@pytest.mark.slow
def test_sequential_thinking_server_over_stdio():
    assert SEQUENTIAL.is_file(), "run: npm install --prefix tests/node"
    config = ServerConfig("sequential-thinking", "stdio", command="node", args=[str(SEQUENTIAL)])
    with McpHub([config]) as hub:
        names = [t.name for t in hub.tools]
        assert names == ["mcp__sequential-thinking__sequentialthinking"]
        schema = hub.tools[0].parameters
        assert {"thought", "thoughtNumber", "totalThoughts", "nextThoughtNeeded"} <= set(schema["properties"])
        assert "$schema" not in schema
        outcome = hub.call(names[0], {"thought": "Start with the data model", "thoughtNumber": 1,
                                      "totalThoughts": 2, "nextThoughtNeeded": True})
    assert outcome.ok
    assert json.loads(outcome.text)["thoughtNumber"] == 1


@pytest.mark.slow
def test_python_server_tools_and_environment(demo_script, monkeypatch):
    monkeypatch.setenv("DEMO_SERVICE_TOKEN", "tok-should-never-show")
    server = demo("demo", demo_script, env={"DEMO_SERVICE_TOKEN": "tok-should-never-show"})
    with McpHub([server]) as hub:
        assert "mcp__demo__add" in [t.name for t in hub.tools]
        assert hub.call("mcp__demo__add", {"a": 2, "b": 40}).text == "42"
        assert hub.call("mcp__demo__getenv", {"name": AGENT_MARKER}).text == "1"
        leaked = hub.call("mcp__demo__getenv", {"name": "DEMO_SERVICE_TOKEN"})
        bad = hub.call("mcp__demo__add", {"a": "not a number", "b": 1})
        pid = int(hub.call("mcp__demo__pid", {}).text)
        assert alive(pid)
    assert leaked.ok and "tok-should-never-show" not in leaked.text
    assert not bad.ok
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), "closing the hub must stop the server process"


@pytest.mark.slow
def test_crashed_server_becomes_a_tool_error_and_the_others_go_on(demo_script):
    with McpHub([demo("fragile", demo_script), demo("steady", demo_script)]) as hub:
        crashed = hub.call("mcp__fragile__crash", {})
        again = hub.call("mcp__fragile__add", {"a": 1, "b": 1})
        steady = hub.call("mcp__steady__add", {"a": 1, "b": 2})
    assert not crashed.ok
    assert "fragile" in crashed.text and "crashing on purpose" in crashed.text
    assert not again.ok and "fragile" in again.text
    assert steady.ok and steady.text == "3"


@pytest.mark.slow
def test_hanging_tool_times_out_and_the_server_still_answers(demo_script):
    with McpHub([demo("slowpoke", demo_script, timeout=1)]) as hub:
        started = time.monotonic()
        hung = hub.call("mcp__slowpoke__hang", {})
        waited = time.monotonic() - started
        after = hub.call("mcp__slowpoke__add", {"a": 2, "b": 2})
    assert not hung.ok
    assert "did not answer within 1 s" in hung.text
    assert waited < 5, "the call gives up near its 1 s limit, not when the tool would finish"
    assert after.ok and after.text == "4"


@pytest.mark.slow
def test_servers_that_fail_to_start_are_reported_not_raised():
    failing = [
        ServerConfig("ghost", "stdio", command="archnb-no-such-command"),
        ServerConfig("quitter", "stdio", command=sys.executable,
                     args=["-c", "import sys; print('quitter: missing setting X', file=sys.stderr); sys.exit(2)"]),
        ServerConfig("mute", "stdio", command=sys.executable, args=["-c", "import time; time.sleep(60)"],
                     startup_timeout=1),
        ServerConfig("thinker", "stdio", command="node", args=[str(SEQUENTIAL)]),
    ]
    with McpHub(failing) as hub:
        failures = hub.failures
        names = [t.name for t in hub.tools]
        unknown = hub.call("mcp__ghost__anything", {})
    assert "command not found" in failures["ghost"]
    assert "missing setting X" in failures["quitter"]
    assert failures["mute"] == "did not start within 1 s"
    assert names == ["mcp__thinker__sequentialthinking"]
    assert not unknown.ok


@pytest.mark.slow
def test_hub_works_inside_a_running_event_loop():
    """Jupyter runs the cell inside an event loop; the hub's own loop lives in its thread."""
    import asyncio

    config = ServerConfig("thinker", "stdio", command="node", args=[str(SEQUENTIAL)])

    async def cell() -> bool:
        with McpHub([config]) as hub:
            return hub.call("mcp__thinker__sequentialthinking", {
                "thought": "inside a loop", "thoughtNumber": 1, "totalThoughts": 1, "nextThoughtNeeded": False,
            }).ok

    assert asyncio.run(cell())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def http_demo(demo_script):
    """The demo server on streamable HTTP at 127.0.0.1; yields its URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, str(demo_script), "webdemo", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/mcp"
    process.terminate()
    process.wait(10)


@pytest.mark.slow
def test_streamable_http_server(http_demo):
    config = ServerConfig("web", "http", url=http_demo, headers={"Authorization": "Bearer web-secret-123456"})
    with McpHub([config]) as hub:
        assert hub.failures == {}
        assert hub.call("mcp__web__add", {"a": 20, "b": 22}).text == "42"


# --- in the agent loop -----------------------------------------------------------------

BRIEF = "A city library with 12 branches lends books to 40,000 members."


def _write_config(folder: Path, servers: dict) -> Path:
    path = folder / "mcp.json"
    path.write_text(json.dumps({"mcpServers": servers}))
    return path


@pytest.fixture
def agent_env(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-agent-loop-key-0001")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.slow
def test_agent_calls_the_sequential_thinking_server(llm_server, agent_env):
    config = _write_config(agent_env, {"sequential-thinking": {"command": "node", "args": [str(SEQUENTIAL)]}})
    tool = "mcp__sequential-thinking__sequentialthinking"
    llm_server.tool_call(tool, {"thought": "Loans need transactions", "thoughtNumber": 1,
                                "totalThoughts": 1, "nextThoughtNeeded": False})
    llm_server.plan()
    messages: list[str] = []
    result = archnb.architect(BRIEF, model="openai/test-model", api_base=llm_server.api_base,
                              mcp=str(config), cwd=agent_env, skills="designing-apis",
                              progress=messages.append)
    offered = llm_server.tool_names(0)
    assert tool in offered
    assert "think" not in offered, "the built-in think tool steps aside for the real server"
    answer = llm_server.messages(1)[-1]
    assert answer["role"] == "tool" and json.loads(answer["content"])["thoughtNumber"] == 1
    record = result.plan.metadata.tool_calls[0]
    assert (record.name, record.ok) == (tool, True)
    assert f"tool {tool}(Loans need transactions)" in messages


@pytest.mark.slow
def test_agent_never_gets_archnbs_own_planning_tool(llm_server, agent_env, demo_script):
    config = _write_config(agent_env, {"archnb": {"command": sys.executable, "args": [str(demo_script), "archnb"]},
                                       "ghost": {"command": "archnb-no-such-command"}})
    llm_server.plan()
    result = archnb.architect(BRIEF, model="openai/test-model", api_base=llm_server.api_base,
                              mcp=str(config), cwd=agent_env, skills="designing-apis")
    offered = llm_server.tool_names(0)
    assert "mcp__archnb__lint_plan" in offered
    assert "mcp__archnb__architect" not in offered
    system = llm_server.messages(0)[0]["content"]
    assert "MCP server ghost is unavailable" in system and "command not found" in system
    assert result.envelope.status == "success"


@pytest.mark.slow
def test_agent_reads_hang_and_crash_as_tool_errors_and_goes_on(llm_server, agent_env, demo_script):
    script = [str(demo_script), "flaky"]
    config = _write_config(agent_env, {"flaky": {"command": sys.executable, "args": script, "timeout": 1}})
    llm_server.tool_calls([("mcp__flaky__hang", {}, "h1"), ("mcp__flaky__crash", {}, "c1")])
    llm_server.plan()
    result = archnb.architect(BRIEF, model="openai/test-model", api_base=llm_server.api_base,
                              mcp=str(config), cwd=agent_env, skills="designing-apis")
    replies = [m["content"] for m in llm_server.messages(1) if m["role"] == "tool"]
    assert replies[0] == "Error: MCP server flaky: hang did not answer within 1 s"
    assert replies[1].startswith("Error: MCP server flaky: crash failed")
    assert [r.ok for r in result.plan.metadata.tool_calls] == [False, False]
    assert result.envelope.status == "success"


@pytest.mark.slow
def test_agent_uses_archnbs_own_mcp_server_but_cannot_plan_through_it(llm_server, agent_env):
    config = _write_config(agent_env, {"archnb": {"command": sys.executable, "args": ["-m", "archnb", "mcp"],
                                                  "startup_timeout": 60}})
    llm_server.tool_call("mcp__archnb__get_skill", {"name": "designing-apis"})
    llm_server.plan()
    result = archnb.architect(BRIEF, model="openai/test-model", api_base=llm_server.api_base,
                              mcp=str(config), cwd=agent_env, skills="designing-apis")
    offered = llm_server.tool_names(0)
    assert "mcp__archnb__get_skill" in offered and "mcp__archnb__lint_plan" in offered
    assert not [name for name in offered if name.startswith("mcp__archnb__plan")]
    reply = llm_server.messages(1)[-1]
    assert reply["role"] == "tool" and "# Designing APIs" in reply["content"]
    assert result.plan.metadata.tool_calls[0].ok
