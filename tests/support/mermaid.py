"""JupyterLab's own renderers for tests, under Node: Mermaid's parser and marked.

Both npm packages are pinned in tests/node/package.json to the versions JupyterLab 4.6.6
bundles. Install them with `npm ci --prefix tests/node`.

- `mermaid_check(sources, details=False)` returns one result per diagram,
  `{"ok", "type", "error"}`, plus `details` (what Mermaid read: nodes, edges, entities,
  with labels decoded to what a reader sees) when asked.
- `markdown_html(texts)` returns, per Markdown text, what marked makes of it:
  `{"html", "tags", "attributes", "hrefs", "text", "mermaid"}`.

One Node process per checker serves the whole session (`--lines` mode), so a check costs
milliseconds after the first second of loading, and hypothesis can check (and shrink)
every example it generates.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).resolve().parent.parent / "node"
MERMAID_SCRIPT = NODE_DIR / "check_mermaid.mjs"
MARKDOWN_SCRIPT = NODE_DIR / "render_markdown.mjs"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; the Mermaid and Markdown checkers need Node 20+")
    for package in ("mermaid", "marked", "jsdom"):
        if not (NODE_DIR / "node_modules" / package).is_dir():
            pytest.fail(f"the npm package {package} is missing: run npm ci --prefix tests/node")
    return node


class NodeChecker:
    """A long-lived `node SCRIPT --lines` process: one JSON request line, one answer line."""

    def __init__(self, script: Path) -> None:
        self.script = script
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            [_node(), str(script), "--lines"],
            cwd=NODE_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )

    def ask(self, request: Any) -> list[dict]:
        """Send one request (JSON) and return the answer list."""
        with self._lock:
            assert self._process.stdin and self._process.stdout
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            answer = self._process.stdout.readline()
        if not answer:
            raise RuntimeError(
                f"{self.script.name} stopped (exit code {self._process.poll()}); "
                f"try it by hand: node {self.script} < input.json"
            )
        return json.loads(answer)

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


class MermaidParser(NodeChecker):
    """Mermaid's own parser: `parser(sources, details=False)` -> one result per source."""

    def __init__(self) -> None:
        super().__init__(MERMAID_SCRIPT)

    def __call__(self, sources: list[str], details: bool = False) -> list[dict]:
        if not sources:
            return []
        results = self.ask({"sources": list(sources), "details": details})
        if len(results) != len(sources):
            raise RuntimeError("the Mermaid checker answered for a different number of diagrams")
        return results


class MarkdownRenderer(NodeChecker):
    """marked, as JupyterLab runs it: `renderer(texts)` -> what each text becomes."""

    def __init__(self) -> None:
        super().__init__(MARKDOWN_SCRIPT)

    def __call__(self, texts: list[str]) -> list[dict]:
        return self.ask(list(texts)) if texts else []


def check_batch(sources: list[str]) -> list[dict]:
    """Check diagrams with one short-lived Node process (the script's batch mode)."""
    done = subprocess.run(
        [_node(), str(MERMAID_SCRIPT)],
        cwd=NODE_DIR,
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def mermaid_check():
    """A callable: Mermaid sources -> [{ok, type, error[, details]}], by Mermaid itself."""
    parser = MermaidParser()
    try:
        yield parser
    finally:
        parser.close()


@pytest.fixture(scope="session")
def markdown_html():
    """A callable: Markdown texts -> [{html, tags, attributes, hrefs, text, mermaid}]."""
    renderer = MarkdownRenderer()
    try:
        yield renderer
    finally:
        renderer.close()
