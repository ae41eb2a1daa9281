"""MCP servers as tools for the architect agent.

Reads the `mcpServers` JSON that Claude Desktop, Cursor and Claude Code use (and VS Code's
`servers`), starts or connects each server with the mcp SDK, and offers their tools to the
model as function tools named `mcp__<server>__<tool>`.

Config: `{"mcpServers": {"<name>": {...}}}` where a server has `command`, `args`, `env`
(stdio) or `url`, `headers` (streamable HTTP; `"type": "sse"` for the older SSE transport).
`${VAR}` and `${env:VAR}` in values come from the environment; `"disabled": true` skips a
server. archnb also reads `timeout` (seconds per tool call, default 30) and
`startup_timeout` (default 30). Files: `--mcp FILE`, else ~/.archnb/mcp.json and then
./.archnb/mcp.json (the project file wins per server name).

The engine is synchronous and may run inside Jupyter, whose thread already runs an event
loop; so `McpHub` owns a private asyncio loop in a background thread, and every session
lives and dies in a task on that loop. A server that fails to start, crashes or hangs
never stops the run: it becomes a failure note or a tool error string the agent reads.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from archnb.env import redact
from archnb.errors import UsageProblem

DEFAULT_CALL_TIMEOUT = 30.0
DEFAULT_STARTUP_TIMEOUT = 30.0
CLOSE_TIMEOUT = 8.0
MAX_RESULT_CHARS = 20_000
MAX_NAME = 64
# Set in the environment of every stdio server archnb starts, so archnb's own MCP server
# can tell it runs under an agent and refuse to plan (the agent never delegates to itself).
AGENT_MARKER = "ARCHNB_IN_AGENT"

Transport = Literal["stdio", "http", "sse"]
_TIMEOUTS = (asyncio.TimeoutError, TimeoutError)  # distinct classes on Python 3.10


@dataclass
class ServerConfig:
    """One configured server: a command to run (stdio) or a URL to reach (http, sse)."""

    name: str
    transport: Transport
    command: str = ""
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = DEFAULT_CALL_TIMEOUT
    startup_timeout: float = DEFAULT_STARTUP_TIMEOUT
    source: str = ""

    def secrets(self) -> list[str]:
        """Return the configured env and header values: they may hold keys, so never show them."""
        return [*self.env.values(), *self.headers.values()]


# --- configuration ---------------------------------------------------------------------


def config_paths(explicit: str | Path | None = None, cwd: Path | None = None) -> list[Path]:
    """Return the config files to read: the explicit one, else ~/.archnb then ./.archnb."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_absolute() and cwd is not None:
            path = Path(cwd) / path
        if not path.is_file():
            raise UsageProblem(
                f"MCP config {str(path)!r} does not exist",
                hint="pass the path of an mcpServers JSON file (see examples/mcp.json)",
            )
        return [path]
    candidates = [Path.home() / ".archnb" / "mcp.json", Path(cwd or Path.cwd()) / ".archnb" / "mcp.json"]
    unique = list(dict.fromkeys(p.resolve() for p in candidates if p.is_file()))
    return unique


def load_servers(explicit: str | Path | None = None, cwd: Path | None = None) -> list[ServerConfig]:
    """Return the configured servers; a project file overrides a user file by server name."""
    servers: dict[str, ServerConfig] = {}
    for path in config_paths(explicit, cwd):
        for server in parse_config(_read_json(path), str(path)):
            servers[server.name] = server
    return list(servers.values())


def _read_json(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:  # VS Code's mcp.json is JSON with comments and trailing commas
        return json.loads(_strip_jsonc(text))
    except json.JSONDecodeError as err:
        raise UsageProblem(
            f"{path} line {err.lineno}: not valid JSON ({err.msg})",
            hint='expected {"mcpServers": {"name": {"command": ..., "args": [...]}}}',
        ) from None


_JSONC = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', re.DOTALL)


def _strip_jsonc(text: str) -> str:
    text = _JSONC.sub(lambda m: m.group(1) or "", text)
    return re.sub(r",(\s*[}\]])", r"\1", text)


def parse_config(data: Any, source: str = "config") -> list[ServerConfig]:
    """Return the servers of one config document (`mcpServers` or VS Code's `servers`)."""
    if not isinstance(data, dict):
        raise UsageProblem(f"{source}: the top level must be a JSON object")
    entries = data.get("mcpServers", data.get("servers"))
    if entries is None:
        raise UsageProblem(
            f"{source}: no 'mcpServers' (or 'servers') object",
            hint='write {"mcpServers": {"name": {"command": ..., "args": [...]}}}',
        )
    if not isinstance(entries, dict):
        raise UsageProblem(f"{source}: 'mcpServers' must map server names to settings")
    servers = []
    for name, entry in entries.items():
        if isinstance(entry, dict) and entry.get("disabled") is True:
            continue
        servers.append(_parse_server(str(name), entry, source))
    return servers


def _parse_server(name: str, entry: Any, source: str) -> ServerConfig:
    where = f"{source}: server {name!r}"
    if not isinstance(entry, dict):
        raise UsageProblem(f"{where} must be an object")
    kind = str(entry.get("type") or entry.get("transport") or "").lower().replace("_", "-")
    common = {
        "name": name,
        "timeout": _seconds(entry.get("timeout"), DEFAULT_CALL_TIMEOUT, where),
        "startup_timeout": _seconds(entry.get("startup_timeout"), DEFAULT_STARTUP_TIMEOUT, where),
        "source": source,
    }
    if kind in ("", "stdio") and entry.get("command"):
        args = entry.get("args") or []
        if not isinstance(args, list):
            raise UsageProblem(f"{where}: 'args' must be a list of strings")
        return ServerConfig(
            transport="stdio",
            command=_expand(str(entry["command"])),
            args=[_expand(str(a)) for a in args],
            env={str(k): _expand(str(v)) for k, v in _mapping(entry.get("env"), where, "env").items()},
            cwd=entry.get("cwd"),
            **common,
        )
    if entry.get("url") and kind in ("", "http", "streamable-http", "streamablehttp", "sse"):
        headers = _mapping(entry.get("headers"), where, "headers")
        return ServerConfig(
            transport="sse" if kind == "sse" else "http",
            url=_expand(str(entry["url"])),
            headers={str(k): _expand(str(v)) for k, v in headers.items()},
            **common,
        )
    raise UsageProblem(
        f"{where} has neither a 'command' (stdio) nor a 'url' (http)",
        hint="see examples/mcp.json",
    )


def _mapping(value: Any, where: str, key: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UsageProblem(f"{where}: {key!r} must be an object of names to strings")
    return value


def _seconds(value: Any, default: float, where: str) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise UsageProblem(f"{where}: timeouts are positive numbers of seconds")
    return float(value)


_VAR = re.compile(r"\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}")


def _expand(value: str) -> str:
    """Fill ${VAR} and VS Code's ${env:VAR} from the environment (unset ones become empty)."""
    return _VAR.sub(lambda m: os.environ.get(m.group(1), ""), value)


# --- tools -----------------------------------------------------------------------------


@dataclass
class McpTool:
    """One server tool as the model sees it: a safe function name and a JSON schema."""

    name: str
    server: str
    tool: str
    description: str
    parameters: dict

    def as_function(self) -> dict:
        """Return the OpenAI function-tool definition."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description[:1024] or f"{self.tool} from MCP server {self.server}",
                "parameters": self.parameters,
            },
        }


@dataclass
class ToolOutcome:
    """What a tool call gave: ok, and the text the agent reads (a result or an error)."""

    ok: bool
    text: str


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def safe_tool_name(server: str, tool: str, taken: set[str] | None = None) -> str:
    """Return `mcp__<server>__<tool>` limited to [A-Za-z0-9_-] and 64 characters, unique in `taken`."""
    name = _UNSAFE.sub("_", f"mcp__{server}__{tool}")
    taken = taken if taken is not None else set()
    if len(name) > MAX_NAME or name in taken:
        digest = hashlib.sha256(f"{server}\0{tool}".encode()).hexdigest()[:8]
        name = name[: MAX_NAME - 9] + "_" + digest
    return name


def _parameters(schema: Any) -> dict:
    """Return a tool input schema the model APIs accept: an object, without `$schema`."""
    params = dict(schema) if isinstance(schema, dict) else {}
    params.pop("$schema", None)
    params["type"] = "object"
    params.setdefault("properties", {})
    return params


def result_text(result: Any) -> str:
    """Return the text of an MCP CallToolResult, describing content that is not text."""
    parts = []
    for block in getattr(result, "content", None) or []:
        kind = getattr(block, "type", "")
        if kind == "text":
            parts.append(block.text)
        elif kind == "resource":
            text = getattr(block.resource, "text", None)
            parts.append(text if text is not None else f"[binary resource {block.resource.uri}]")
        elif kind == "resource_link":
            parts.append(f"[resource {block.uri}]")
        else:
            parts.append(f"[{kind or 'non-text'} content omitted]")
    structured = getattr(result, "structured_content", None)
    if not parts and structured is not None:
        parts.append(json.dumps(structured, ensure_ascii=False))
    text = "\n".join(parts)
    if len(text) > MAX_RESULT_CHARS:
        text = text[:MAX_RESULT_CHARS] + f"\n[... cut at {MAX_RESULT_CHARS} characters]"
    return text


# --- the hub ---------------------------------------------------------------------------


@dataclass
class _Connection:
    config: ServerConfig
    tools: list[McpTool] = field(default_factory=list)
    server_name: str | None = None
    client: Any = None
    error: str | None = None
    task: asyncio.Task | None = None
    ready: asyncio.Event | None = None
    stop: asyncio.Event | None = None
    errlog: Any = None

    def stderr_tail(self) -> str:
        """Return the last line the server wrote to stderr (redacted), or ''."""
        if self.errlog is None:
            return ""
        with contextlib.suppress(OSError, ValueError):
            self.errlog.flush()
            self.errlog.seek(0)
            lines = [ln.strip() for ln in self.errlog.read()[-4000:].splitlines() if ln.strip()]
            return lines[-1][:200] if lines else ""
        return ""


class McpHub:
    """Live sessions with the configured servers, driven from synchronous code."""

    def __init__(self, servers: list[ServerConfig], progress: Callable[[str], None] | None = None):
        self._conns = {s.name: _Connection(s) for s in servers}
        self._say = progress or (lambda message: None)
        self._tools: dict[str, McpTool] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._secrets = [v for s in servers for v in s.secrets()]

    def __enter__(self) -> McpHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def tools(self) -> list[McpTool]:
        return list(self._tools.values())

    @property
    def failures(self) -> dict[str, str]:
        """Return server name -> why it is unavailable."""
        return {name: c.error for name, c in self._conns.items() if c.error}

    def server_name(self, server: str) -> str | None:
        """Return the name a server reports for itself (its serverInfo), if it said one."""
        conn = self._conns.get(server)
        return conn.server_name if conn else None

    def start(self) -> McpHub:
        """Start the loop thread and every server; wait until each is ready or has failed."""
        if not self._conns:
            return self
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="archnb-mcp", daemon=True)
        self._thread.start()
        wait = max(c.config.startup_timeout for c in self._conns.values()) + CLOSE_TIMEOUT
        try:
            asyncio.run_coroutine_threadsafe(self._start_all(), self._loop).result(wait)
        except concurrent.futures.TimeoutError:
            pass  # each server's own startup bound has marked it; nothing left to wait for
        except BaseException:
            self.close()  # e.g. Ctrl-C while servers start: leave no process behind
            raise
        taken: set[str] = set()
        for conn in self._conns.values():
            if conn.client is None and not conn.error:
                conn.error = "did not start"
            if conn.error:
                self._say(f"MCP server {conn.config.name} is unavailable: {conn.error}")
                continue
            for tool in conn.tools:
                tool.name = safe_tool_name(conn.config.name, tool.tool, taken)
                taken.add(tool.name)
                self._tools[tool.name] = tool
            self._say(f"MCP server {conn.config.name}: {len(conn.tools)} tools")
        return self

    def call(self, name: str, arguments: dict[str, Any]) -> ToolOutcome:
        """Call a tool by its safe name; failures come back as ToolOutcome(ok=False, text=why)."""
        tool = self._tools.get(name)
        if tool is None or self._loop is None:
            return ToolOutcome(False, f"no MCP tool named {name!r}")
        conn = self._conns[tool.server]
        limit = conn.config.timeout
        future = asyncio.run_coroutine_threadsafe(self._call(conn, tool.tool, arguments), self._loop)
        try:
            outcome = future.result(limit + 5)
        except concurrent.futures.TimeoutError:
            future.cancel()
            outcome = ToolOutcome(False, f"MCP server {tool.server}: {tool.tool} did not answer within {limit:g} s")
        return ToolOutcome(outcome.ok, redact(outcome.text, self._secrets))

    def close(self) -> None:
        """Stop every server and the loop thread; bounded, so a stuck server cannot block."""
        if self._loop is None:
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._stop_all(), self._loop).result(CLOSE_TIMEOUT + 6)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        if not self._loop.is_running():
            self._loop.close()
        for conn in self._conns.values():
            if conn.errlog is not None:
                conn.errlog.close()
        self._loop = None

    # --- on the loop thread ------------------------------------------------------------

    async def _start_all(self) -> None:
        for conn in self._conns.values():
            conn.ready, conn.stop = asyncio.Event(), asyncio.Event()
            conn.task = asyncio.get_running_loop().create_task(self._serve(conn))
        await asyncio.gather(*(self._await_ready(c) for c in self._conns.values()))

    async def _await_ready(self, conn: _Connection) -> None:
        limit = conn.config.startup_timeout
        try:
            await asyncio.wait_for(conn.ready.wait(), limit)
        except _TIMEOUTS:
            conn.error = f"did not start within {limit:g} s"
            conn.task.cancel()

    async def _serve(self, conn: _Connection) -> None:
        """Hold one session open until stopped; record why it ended if it ends early."""
        try:
            async with self._session(conn) as client:
                listing = await client.list_tools()
                conn.tools = [
                    McpTool("", conn.config.name, t.name, t.description or "", _parameters(t.input_schema))
                    for t in listing.tools
                ]
                info = client.server_info
                conn.server_name = info.name if info is not None else None
                conn.client = client
                conn.ready.set()
                await conn.stop.wait()
        except asyncio.CancelledError:
            conn.error = conn.error or "stopped"
            raise
        except BaseException as err:  # noqa: BLE001 - any failure becomes a note for the agent
            conn.error = self._describe(conn, err)
        finally:
            conn.client = None
            if not conn.stop.is_set() and not conn.error:
                conn.error = self._describe(conn, None)
            conn.ready.set()

    @contextlib.asynccontextmanager
    async def _session(self, conn: _Connection) -> AsyncIterator[Any]:
        from mcp import Client, StdioServerParameters
        from mcp.client.stdio import stdio_client
        from mcp.types import Implementation

        from archnb import __version__

        cfg = conn.config
        async with contextlib.AsyncExitStack() as stack:
            if cfg.transport == "stdio":
                # Kept open past this block: the tail explains a crash; close() closes it.
                conn.errlog = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115
                params = StdioServerParameters(
                    command=cfg.command, args=cfg.args, env={**cfg.env, AGENT_MARKER: "1"}, cwd=cfg.cwd
                )
                transport = stdio_client(params, errlog=conn.errlog)
            elif cfg.transport == "http":
                from mcp.client.streamable_http import streamable_http_client
                from mcp.shared._httpx_utils import create_mcp_http_client

                http = await stack.enter_async_context(create_mcp_http_client(headers=cfg.headers))
                transport = streamable_http_client(cfg.url, http_client=http)
            else:
                from mcp.client.sse import sse_client

                transport = sse_client(cfg.url, headers=cfg.headers)
            info = Implementation(name="archnb", version=__version__)
            client = await stack.enter_async_context(Client(transport, client_info=info))
            yield client

    async def _call(self, conn: _Connection, tool: str, arguments: dict[str, Any]) -> ToolOutcome:
        where = f"MCP server {conn.config.name}"
        client = conn.client
        if client is None:
            return ToolOutcome(False, f"{where} is not running ({conn.error or 'it stopped'})")
        limit = conn.config.timeout
        try:
            result = await asyncio.wait_for(
                client.call_tool(tool, arguments, read_timeout_seconds=limit), limit + 2
            )
        except _TIMEOUTS:
            return ToolOutcome(False, f"{where}: {tool} did not answer within {limit:g} s")
        except Exception as err:  # noqa: BLE001 - the agent reads the failure and goes on
            await asyncio.sleep(0.05)  # let a crashed session finish tearing down first
            why = conn.error if conn.client is None and conn.error else self._describe(conn, err)
            if "timed out" in why.lower() or "timeout" in why.lower():
                return ToolOutcome(False, f"{where}: {tool} did not answer within {limit:g} s")
            return ToolOutcome(False, f"{where}: {tool} failed: {why}")
        return ToolOutcome(not result.is_error, result_text(result))

    async def _stop_all(self) -> None:
        tasks = [c.task for c in self._conns.values() if c.task is not None and not c.task.done()]
        for conn in self._conns.values():
            if conn.stop is not None:
                conn.stop.set()
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=CLOSE_TIMEOUT)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)

    def _describe(self, conn: _Connection, err: BaseException | None) -> str:
        """Return one redacted line saying why a server failed, with its last stderr line."""
        leaf = _first_leaf(err) if err is not None else None
        if leaf is None:
            why = "the server closed the connection"
        elif isinstance(leaf, FileNotFoundError):
            why = f"cannot run {conn.config.command!r}: command not found"
        else:
            text = str(getattr(leaf, "message", "") or leaf) or type(leaf).__name__
            why = text.splitlines()[0][:200]
        tail = conn.stderr_tail()
        if tail and tail not in why:
            why += f" (stderr: {tail})"
        return redact(why, self._secrets)


def _first_leaf(err: BaseException) -> BaseException:
    """Return the first non-group exception inside (possibly nested) exception groups."""
    while getattr(err, "exceptions", None):  # BaseExceptionGroup (a backport on 3.10)
        err = err.exceptions[0]
    return err
