"""Read a Mermaid `flowchart`/`graph` as components (nodes) and connections (edges).

Supported: node shapes (`api[API]`, `db[(PostgreSQL)]`, `user((User))`, `q>Queue]` ...),
edges `-->`, `---`, `==>`, `-.->` (asynchronous), labels `-->|label|` and `-- label -->`,
chains `a --> b --> c`, and `&` groups. Subgraphs, styles and classes are skipped.
"""

from __future__ import annotations

import re

from archnb.review.design import ComponentDraft, ConnectionDraft, Design
from archnb.review.lists import is_section_start, kind_of
from archnb.review.source import Line

_SHAPES = [
    ("(((", ")))"),
    ("([", "])"),
    ("[(", ")]"),
    ("[[", "]]"),
    ("((", "))"),
    ("{{", "}}"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[/", "\\]"),
    ("[\\", "/]"),
    ("[", "]"),
    ("(", ")"),
    ("{", "}"),
    (">", "]"),
]
_ID = re.compile(r"[A-Za-z_][\w-]*")
_EDGE = re.compile(
    r"\s*(?:(?P<textual>--|==|-\.)\s+(?P<text>[^-=.>|][^>]*?)\s+(?P<tail>-->|==>|\.->|---|===)"
    r"|(?P<arrow><?(?:-{2,}>|-{3,}|={2,}>|={3,}|-\.+->|-\.+-|--[ox]|~~~)))"
    r"(?:\|(?P<label>[^|]*)\|)?\s*"
)
_SKIPPED = re.compile(
    r"^(%%|subgraph\b|end\b|direction\b|classDef\b|class\b|style\b|linkStyle\b|click\b|accTitle\b|accDescr\b|title\b)"
)
_TECH_WORDS = (
    "postgres",
    "mysql",
    "redis",
    "kafka",
    "rabbitmq",
    "sqs",
    "s3",
    "elastic",
    "opensearch",
    "pgvector",
    "qdrant",
    "pinecone",
    "nginx",
    "cloudfront",
    "stripe",
    "fastapi",
    "django",
    "node",
    "go",
    "java",
    "spring",
    "celery",
    "temporal",
)
NODE_FORM = "a node like `api[API service]` or an edge like `api --> db`"


def parse_flowchart(lines: list[Line], start: int, design: Design, bare: bool) -> int:
    """Read the flowchart whose header is lines[start]; return the index after it."""
    nodes: dict[str, ComponentDraft] = {}
    i = start + 1
    while i < len(lines):
        line = lines[i]
        text = line.stripped
        if bare and text and (is_section_start(text) or not _looks_like_flow(text)):
            break
        for statement in (s.strip() for s in text.split(";")):
            if statement and not _SKIPPED.match(statement):
                _statement(Line(line.number, statement), nodes, design)
        i += 1
    design.components.extend(nodes.values())
    return i


def _looks_like_flow(text: str) -> bool:
    return bool(_EDGE.search(text) or re.search(r"[\[\](){}>]", text) or _SKIPPED.match(text))


def _statement(line: Line, nodes: dict[str, ComponentDraft], design: Design) -> None:
    text = line.stripped
    pos, sources = _node_group(text, 0, line, nodes)
    while pos < len(text):
        edge = _EDGE.match(text, pos)
        if not edge:
            raise line.fail(NODE_FORM)
        label = (edge["label"] or edge["text"] or "").strip().strip('"')
        mode = "async" if "-." in edge.group(0) else "sync"
        pos, targets = _node_group(text, edge.end(), line, nodes)
        for source in sources:
            for target in targets:
                design.connections.append(ConnectionDraft(source, target, label, mode, line.number))
        sources = targets


def _node_group(
    text: str, pos: int, line: Line, nodes: dict[str, ComponentDraft]
) -> tuple[int, list[str]]:
    """Read `a` or `a[Label] & b` at `pos`; return the position after it and the node ids."""
    ids = []
    while True:
        pos, node_id = _node(text, pos, line, nodes)
        ids.append(node_id)
        amp = re.compile(r"\s*&\s*").match(text, pos)
        if not amp:
            return pos, ids
        pos = amp.end()


def _node(text: str, pos: int, line: Line, nodes: dict[str, ComponentDraft]) -> tuple[int, str]:
    match = _ID.match(text, pos)
    if not match:
        raise line.fail(NODE_FORM)
    node_id, pos = match.group(0), match.end()
    label, shape = "", ""
    for opening, closing in _SHAPES:
        if text.startswith(opening, pos):
            end = text.find(closing, pos + len(opening))
            if end < 0:
                raise line.fail(f"`{closing}` to close the label of node {node_id}")
            label = text[pos + len(opening) : end].strip().strip('"')
            shape, pos = opening, end + len(closing)
            break
    if node_id not in nodes or label:
        kind = "database" if shape == "[(" else guess_kind(f"{node_id} {label}")
        tech = label if any(w in label.lower() for w in _TECH_WORDS) else ""
        nodes[node_id] = ComponentDraft(node_id, kind, tech, line.number, label=label)
    return pos, node_id


def guess_kind(text: str) -> str:
    """Return a component kind from the words of a node's id and label (service by default)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    phrases = words + [" ".join(pair) for pair in zip(words, words[1:], strict=False)]
    for phrase in sorted(phrases, key=len, reverse=True):
        kind = kind_of(phrase)
        if kind and kind != "service":
            return kind
    if any(w in ("user", "users", "customer", "customers", "student") for w in words):
        return "client"
    return "service"
