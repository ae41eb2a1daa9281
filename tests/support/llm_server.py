"""A loopback OpenAI-compatible model server, scripted per test.

Tests queue the answers the "model" gives (a plan, a tool call, broken JSON, an HTTP error,
a slow answer) and then drive archnb through litellm's real HTTP path against it
(`model="openai/test-model"`, `api_base=llm_server.api_base`). Every request body is kept,
so a test can read the prompts and tools archnb sent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from archnb.plan import TechnicalPlan


@dataclass
class Reply:
    """One scripted answer: an HTTP status, a JSON (or raw text) body, headers, a delay."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def sample_plan_data() -> dict:
    """Return the data of a small valid plan (without metadata), as a model would answer it."""
    try:
        from support.plans import library_plan_data
    except ImportError:  # the records helper's plans are the richer source when present
        library_plan_data = None
    if library_plan_data is not None:
        data = library_plan_data()
    else:
        data = _minimal_plan_data()
    TechnicalPlan.model_validate(data)  # a broken sample would make every test lie
    return data


def _minimal_plan_data() -> dict:
    req = ["FR-001"]
    return {
        "title": "Notes service",
        "summary": "Users keep short notes.",
        "requirements": [{"id": "FR-001", "kind": "functional", "text": "Users keep notes"}],
        "architecture": {
            "style": "modular monolith",
            "components": [
                {"id": "client", "name": "Web app", "kind": "client", "responsibility": "UI", "serves": req},
                {"id": "api", "name": "API", "kind": "service", "responsibility": "Notes", "serves": req},
                {"id": "db", "name": "PostgreSQL", "kind": "database", "responsibility": "Records",
                 "serves": req},
            ],
            "connections": [{"source": "client", "target": "api"}, {"source": "api", "target": "db"}],
        },
        "steps": [{"id": "S1", "title": "Build it", "serves": req}],
    }


def completion(
    content: str | None = None,
    tool_calls: list[dict] | None = None,
    model: str = "test-model",
    usage: tuple[int, int] = (120, 80),
) -> dict:
    """Return an OpenAI chat.completion body with one choice."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {
        "id": "chatcmpl-loopback",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": message, "finish_reason": "tool_calls" if tool_calls else "stop"}
        ],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1],
        },
    }


class LoopbackLLM:
    """An OpenAI-compatible server on 127.0.0.1 that answers from a queue of Replies."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_base(self) -> str:
        return self.url + "/v1"

    def start(self) -> LoopbackLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- scripting ---------------------------------------------------------------------

    def enqueue(self, reply: Reply) -> LoopbackLLM:
        with self._lock:
            self.replies.append(reply)
        return self

    def answer(self, content: str, usage: tuple[int, int] = (120, 80), delay: float = 0.0) -> LoopbackLLM:
        """Queue a plain text answer."""
        return self.enqueue(Reply(body=completion(content, usage=usage), delay=delay))

    def plan(self, data: dict | None = None, fenced: bool = False, **kwargs: Any) -> LoopbackLLM:
        """Queue a plan as JSON text (the sample plan unless `data` is given)."""
        text = json.dumps(sample_plan_data() if data is None else data)
        if fenced:
            text = f"Here is the plan:\n```json\n{text}\n```\nLet me know if you need changes."
        return self.answer(text, **kwargs)

    def tool_call(self, name: str, arguments: dict | str, call_id: str = "call_1") -> LoopbackLLM:
        """Queue an answer that calls one tool."""
        return self.tool_calls([(name, arguments, call_id)])

    def tool_calls(self, calls: list[tuple[str, dict | str, str]]) -> LoopbackLLM:
        """Queue an answer that calls several tools: (name, arguments, call id) each."""
        body = completion(
            None,
            [
                {
                    "id": call_id,
                    "type": "function",
                    "function": {
                        "name": name,
                        "arguments": args if isinstance(args, str) else json.dumps(args),
                    },
                }
                for name, args, call_id in calls
            ],
        )
        return self.enqueue(Reply(body=body))

    def error(
        self, status: int, message: str, headers: dict[str, str] | None = None, delay: float = 0.0
    ) -> LoopbackLLM:
        """Queue an HTTP error with an OpenAI-style error body."""
        body = {"error": {"message": message, "type": "loopback_error", "code": str(status)}}
        return self.enqueue(Reply(status=status, body=body, headers=headers or {}, delay=delay))

    # --- inspection --------------------------------------------------------------------

    def messages(self, index: int = -1) -> list[dict]:
        """Return the messages of one recorded chat request."""
        return self.requests[index]["messages"]

    def prompt_text(self, index: int = -1) -> str:
        """Return all message texts of one recorded request, joined."""
        return "\n".join(str(m.get("content") or "") for m in self.messages(index))

    def tool_names(self, index: int = -1) -> list[str]:
        """Return the names of the tools offered in one recorded request."""
        return [t["function"]["name"] for t in self.requests[index].get("tools") or []]

    def _next_reply(self, body: dict) -> Reply:
        with self._lock:
            self.requests.append(body)
            if self.replies:
                return self.replies.popleft()
        return Reply(status=500, body={"error": {"message": "loopback: no scripted reply left"}})


def _handler_for(server: LoopbackLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real providers do
        disable_nagle_algorithm = True  # else headers and body wait on delayed ACKs (40 ms)

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, {"object": "list", "data": [{"id": "test-model", "object": "model"}]})
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            server.paths.append(self.path)
            server.headers.append({k.lower(): v for k, v in self.headers.items()})
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            body = json.loads(raw or b"{}")
            if body.get("stream"):
                self._send(400, {"error": {"message": "loopback: streaming is not scripted"}})
                return
            reply = server._next_reply(body)
            if reply.delay:
                time.sleep(reply.delay)
            self._send(reply.status, reply.body, reply.headers)

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test); nothing to answer

    return Handler


def closed_port() -> int:
    """Return a loopback port with nothing listening on it (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def llm_server():
    """A started LoopbackLLM; stopped after the test."""
    server = LoopbackLLM().start()
    yield server
    server.stop()
