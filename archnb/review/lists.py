"""Read the plain-text parts of a design: headings, components, connections, endpoints, settings.

# Library lending                      (the first level-1 heading is the title)
## Components                          (a heading or `Components:` opens a section)
- api: service, Python FastAPI         (name: kind, technology)
- api -> db: reads and writes          (a connection; ~> or -.-> is asynchronous)
GET /books?cursor= - list books (public)   (an endpoint, annotations in brackets)
auth: bearer                           (settings: auth, style)
## Decisions                           (each line a decision; alternatives optional)
- Checkout: orchestrated saga; instead of choreography
"""

from __future__ import annotations

import difflib
import re

from archnb.review.design import (
    ComponentDraft,
    ConnectionDraft,
    DecisionDraft,
    Design,
    EndpointDraft,
)
from archnb.review.source import Line, ReviewParseError

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_BULLET = r"(?:[-*+]\s+|\d+[.)]\s+)?"
_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*$")
_LABEL_HEADING = re.compile(
    r"^(?:\*\*)?(?P<text>[A-Za-z][\w /&()-]{0,40}?)(?:\*\*)?\s*:(?:\*\*)?\s*$"
)
_ENDPOINT = re.compile(
    rf"^{_BULLET}`?(?P<method>[A-Za-z]+)\s+(?P<path>/\S*?)`?(?P<rest>(?:\s.*)?)$"
)
_COMPONENT = re.compile(r"^[-*+]\s+`?(?P<name>[^:`]+?)`?\s*:\s*(?P<value>.+)$")
_CONNECTION = re.compile(
    rf"^{_BULLET}(?P<a>[\w.-]+)\s*(?P<arrow>-\.->|-->|->|~>|=>)\s*(?P<b>[\w.-]+)\s*(?::\s*(?P<label>.*))?$"
)
_SETTING = re.compile(
    rf"^{_BULLET}(?P<key>auth|authentication|style|architecture style)\s*:\s*(?P<value>.+)$", re.I
)
_REJECTED = re.compile(r"[;,(]?\s*\b(?:instead of|rather than)\b:?", re.I)
_PAGING = re.compile(r"[?&](cursor|page|limit|offset|per_page|page_size|after|before)\b", re.I)
_EXPRESS_PARAM = re.compile(r"/:([A-Za-z_]\w*)")

SECTIONS = {
    "decisions": ("decision", "trade-off", "tradeoff"),
    "components": (
        "component",
        "architecture",
        "service",
        "system",
        "infrastructure",
        "building block",
    ),
    "endpoints": ("endpoint", "api", "route", "operation"),
    "schema": ("schema", "table", "data model", "database", "erd", "entit", "ddl"),
    "notes": ("note", "assumption", "constraint", "requirement", "context"),
}
KINDS = {
    "service": ("service", "api", "backend", "server", "microservice", "application", "monolith"),
    "database": ("database", "db", "rdbms", "sql database", "datastore", "postgres", "postgresql"),
    "cache": ("cache", "redis", "memcached", "cache layer"),
    "queue": (
        "queue",
        "broker",
        "message queue",
        "message broker",
        "stream",
        "event bus",
        "bus",
        "topic",
        "kafka",
    ),
    "worker": ("worker", "consumer", "job", "jobs", "background worker"),
    "scheduler": ("scheduler", "cron", "timer"),
    "storage": ("storage", "object storage", "blob", "blob storage", "bucket", "files", "s3"),
    "search": ("search", "search engine", "search index", "elasticsearch", "opensearch"),
    "vector_store": ("vector store", "vector db", "vector database", "vectordb", "vector index"),
    "gateway": ("gateway", "api gateway"),
    "edge": ("edge", "cdn", "load balancer", "lb", "proxy", "reverse proxy", "ingress"),
    "client": (
        "client",
        "frontend",
        "web",
        "web app",
        "spa",
        "mobile",
        "mobile app",
        "browser",
        "ui",
    ),
    "external": (
        "external",
        "third party",
        "third-party",
        "saas",
        "provider",
        "external service",
        "stripe",
        "paypal",
        "adyen",
        "twilio",
        "sendgrid",
        "auth0",
    ),
    "observability": ("observability", "monitoring", "logging", "metrics", "tracing"),
}
_KIND_OF = {
    word: kind for kind, words in KINDS.items() for word in (kind.replace("_", " "), *words)
}
_AUTH = {
    "bearer": ("bearer", "jwt", "token", "tokens", "bearer token", "bearer tokens", "oidc token"),
    "api_key": ("api key", "api keys", "api_key", "key"),
    "oauth2": ("oauth", "oauth2", "oauth 2", "oidc", "openid connect"),
    "session": ("session", "sessions", "cookie", "cookies", "session cookie"),
    "none": ("none", "no auth", "public", "anonymous"),
}
_AUTH_OF = {word: scheme for scheme, words in _AUTH.items() for word in words}
_OPEN = ("public", "no auth", "unauthenticated", "anonymous", "open")
_AUTHED = ("auth", "authenticated", "login required", "admin", "signed in", "private")
COMPONENT_FORM = "`- name: kind, technology` such as `- api: service, Python FastAPI`"
ENDPOINT_FORM = "`METHOD /path` such as `GET /books` or `POST /loans/{id}/renew`"


def section_of(heading: str) -> str:
    """Return which section a heading opens: components, endpoints, schema, notes or other."""
    text = heading.lower()
    for section, words in SECTIONS.items():
        if any(word in text for word in words):
            return section
    return "other"


def heading(text: str) -> tuple[int, str] | None:
    """Return (level, text) when the line is a heading: `## Endpoints` or `Endpoints:`."""
    match = _HEADING.match(text)
    if match:
        return len(match["marks"]), match["text"].strip("* ")
    match = _LABEL_HEADING.match(text)
    if match and not _SETTING.match(text):
        return 3, match["text"].strip()
    return None


def is_section_start(text: str) -> bool:
    """Return True when a line clearly starts something other than the diagram before it."""
    if heading(text) or text.startswith(("```", "~~~")):
        return True
    if re.match(r"^(create|alter)\s", text, re.I):
        return True
    endpoint = _ENDPOINT.match(text)
    if endpoint and endpoint["method"].upper() in METHODS:
        return True
    return bool(re.match(r"^[-*+]\s", text))


def kind_of(text: str) -> str | None:
    """Return the component kind a word or phrase names (`db` is database), or None."""
    return _KIND_OF.get(re.sub(r"[\s_-]+", " ", text.strip().lower()))


def read_line(line: Line, section: str, design: Design) -> bool:
    """Read one plain line into `design`; return False when it is prose (no structure).

    Raises ReviewParseError when the line is clearly meant as structure but is malformed,
    or when a components or endpoints section holds something else.
    """
    text = line.stripped
    if section == "decisions":
        _decision(line, design)
        return True
    if _connection(line, design) or _endpoint(line, section, design):
        return True
    if _setting(line, design) or _component(line, section, design):
        return True
    if section == "components" and re.match(r"^[-*+]\s", text):
        raise line.fail(COMPONENT_FORM)
    if section == "endpoints" and not text.startswith(">"):
        raise line.fail(ENDPOINT_FORM, "one endpoint per line; put notes under a `Notes` heading")
    if section == "notes":
        design.assumptions.append(re.sub(rf"^{_BULLET}", "", text))
        return True
    return False


def _decision(line: Line, design: Design) -> None:
    """Read `- title: choice; instead of A, B` under a Decisions heading (alternatives optional)."""
    text = re.sub(rf"^{_BULLET}", "", line.stripped)
    title, colon, choice = text.partition(": ")
    if not colon:
        title = choice = text
    parts = _REJECTED.split(choice, maxsplit=1)
    rejected = parts[1] if len(parts) > 1 else ""
    alternatives = [a.strip(" .)") for a in re.split(r",|\bor\b", rejected) if a.strip(" .)")]
    design.decisions.append(
        DecisionDraft(title.strip(), parts[0].strip(" ;,("), alternatives, line.number)
    )


def _connection(line: Line, design: Design) -> bool:
    match = _CONNECTION.match(line.stripped)
    if not match:
        return False
    mode = "async" if match["arrow"] in ("~>", "-.->") else "sync"
    label = (match["label"] or "").strip()
    design.connections.append(ConnectionDraft(match["a"], match["b"], label, mode, line.number))
    return True


def _endpoint(line: Line, section: str, design: Design) -> bool:
    match = _ENDPOINT.match(line.stripped)
    if not match:
        return False
    method = match["method"]
    if method.upper() not in METHODS:
        close = difflib.get_close_matches(method.upper(), METHODS, n=1, cutoff=0.5)
        if not (method.isupper() or close or section == "endpoints"):
            return False
        did = f"; did you mean {close[0]}?" if close else ""
        raise ReviewParseError(
            line.number,
            f"`{method}` is not an HTTP method{did}",
            line.text,
            f"use one of {', '.join(METHODS)}",
        )
    path, query = (match["path"].split("?", 1) + [""])[:2]
    path = _EXPRESS_PARAM.sub(r"/{\1}", path.rstrip("/") or "/")
    if not re.fullmatch(r"/[A-Za-z0-9_\-./{}~:]*", path) or "//" in path:
        raise ReviewParseError(
            line.number,
            f"`{path}` is not a URL path",
            line.text,
            "use letters, digits, -, _ and {param} segments, starting with /",
        )
    endpoint = EndpointDraft(method.upper(), path, "", line.number)
    endpoint.paginated = bool(_PAGING.search("?" + query)) if query else False
    endpoint.summary = _annotate(endpoint, match["rest"] or "")
    design.endpoints.append(endpoint)
    return True


def _annotate(endpoint: EndpointDraft, rest: str) -> str:
    """Apply `(public)`, `[paginated]`, `(idempotent)`, `(async)` notes; return the summary."""
    notes = re.findall(r"[(\[]([^)\]]*)[)\]]", rest)
    summary = re.sub(r"[(\[][^)\]]*[)\]]", " ", rest)
    for note in notes:
        words = note.lower()
        if any(w in words for w in _OPEN):
            endpoint.auth_required = False
        elif any(w in words for w in _AUTHED):
            endpoint.auth_required = True
        if re.search(r"paginat|cursor|page", words):
            endpoint.paginated = True
        if "idempot" in words:
            endpoint.idempotent = True
        if re.search(r"\basync|\b202\b|accepted", words):
            endpoint.accepted = True
    return " ".join(summary.strip(" -:—–").split())


def _setting(line: Line, design: Design) -> bool:
    match = _SETTING.match(line.stripped)
    if not match or kind_of(match["value"].split(",")[0]):
        return False
    value = match["value"].strip().rstrip(".")
    if match["key"].lower().startswith("auth"):
        scheme = _AUTH_OF.get(value.lower()) or _AUTH_OF.get(value.lower().split(",")[0].strip())
        if scheme is None:
            raise ReviewParseError(
                line.number,
                f"`{value}` is not an auth scheme archnb knows",
                line.text,
                "write auth: bearer, api key, oauth2, session or none",
            )
        design.auth_scheme, design.auth_line = scheme, line.number
    else:
        design.style = value
    return True


def _component(line: Line, section: str, design: Design) -> bool:
    match = _COMPONENT.match(line.stripped)
    if not match:
        return False
    kind_text, _, technology = match["value"].partition(",")
    kind = kind_of(kind_text)
    if kind is None:
        close = difflib.get_close_matches(
            kind_text.strip().lower(), list(_KIND_OF), n=1, cutoff=0.75
        )
        if section != "components" and not close:
            return False
        did = f"; did you mean {close[0]!r}?" if close else ""
        raise ReviewParseError(
            line.number,
            f"`{kind_text.strip()}` is not a component kind{did}",
            line.text,
            f"write {COMPONENT_FORM}; the kinds are {', '.join(KINDS)}",
        )
    design.components.append(
        ComponentDraft(match["name"].strip(), kind, technology.strip(), line.number)
    )
    return True
