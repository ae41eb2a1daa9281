"""archnb as an MCP server, so other agents can plan, lint, render and diff with it.

`archnb mcp` serves stdio; `archnb mcp --http PORT` serves streamable HTTP on 127.0.0.1 only.
Each tool is a thin shell over the core (api.architect, lint, render, diff, export, skills):
it checks its arguments, calls the core, and hands back text or JSON. A bad argument comes
back as an error result (`is_error`) whose one line says what was wrong and how to fix it;
no traceback and no secret reaches the client. Skills are also resources
(`skill://<name>`, `skill://<name>/references/<file>`), and the brief template is a prompt.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import inspect
import json
import os
import re
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
import anyio.from_thread
import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError, UnexpectedToolError
from mcp.server.mcpserver.resources import FunctionResource
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError, WithJsonSchema

from archnb.api import MAX_BRIEF_CHARS
from archnb.errors import ArchnbError, PlanFailed, SkillError, UsageProblem
from archnb.plan import Finding, TechnicalPlan

MAX_PLAN_BYTES = 2_000_000
MAX_NAME_CHARS = 200
MAX_PATH_CHARS = 4096
MAX_PROMPT_FIELD_CHARS = 20_000
ARTIFACTS = ("architecture", "erd", "ddl", "openapi", "markdown")

INSTRUCTIONS = """\
archnb plans backends. Call plan_brief with a product brief (who uses it, what it stores,
how big it gets, constraints) to get a Technical Plan: components, data model, API,
decisions, steps. Pass that plan (plan_brief's `plan`, or a plan.json) to lint_plan,
render_artifact (architecture, erd, ddl, openapi, markdown) and diff_plans. list_skills and
get_skill show the design skills the architect follows; they are also resources
(skill://<name>). The architect_brief prompt helps write a good brief."""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)


def _plan_argument(description: str) -> Any:
    # Typed Any so that a wrong shape reaches load_plan, whose message names the problem;
    # the schema still tells clients what to send.
    schema = {"anyOf": [{"type": "string"}, {"type": "object"}], "description": description}
    return Annotated[Any, WithJsonSchema(schema)]


PlanArg = _plan_argument("A Technical Plan: plan.json text or object, e.g. the `plan` of plan_brief")
OlderPlan = _plan_argument("The older Technical Plan (plan.json text or object)")
NewerPlan = _plan_argument("The newer Technical Plan (plan.json text or object)")
Names = Annotated[
    list[str] | str | None, Field(description="Names, as a list or comma-separated text")
]


# --- arguments: plans, limits, folders --------------------------------------------------


def load_plan(value: object, argument: str = "plan") -> TechnicalPlan:
    """Return the TechnicalPlan in `value` (JSON text or object), or raise naming the bad field."""
    if isinstance(value, str):
        size = len(value.encode("utf-8"))
        _check_plan_size(size, argument)
        if not value.strip():
            raise UsageProblem(f"argument {argument!r} is empty", hint=_PLAN_HINT)
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            raise UsageProblem(
                f"argument {argument!r} is not valid JSON: {err.msg} at line {err.lineno} "
                f"column {err.colno}",
                hint=_PLAN_HINT,
            ) from None
    if not isinstance(value, dict):
        raise UsageProblem(f"argument {argument!r} must be a JSON object", hint=_PLAN_HINT)
    _check_plan_size(len(json.dumps(value, ensure_ascii=False).encode("utf-8")), argument)
    # plan_brief's whole result may be passed along as is: take the plan out of it.
    if "title" not in value and isinstance(value.get("plan"), dict):
        value = value["plan"]
    try:
        return TechnicalPlan.model_validate(value)
    except ValidationError as err:
        raise UsageProblem(
            f"argument {argument!r} is not a valid Technical Plan: {first_problem(err)}",
            hint="fix that field, or start from a plan made by plan_brief",
        ) from None


_PLAN_HINT = "pass a plan.json's text, or the `plan` object of a plan_brief result"


def _check_plan_size(size: int, argument: str) -> None:
    if size > MAX_PLAN_BYTES:
        raise UsageProblem(
            f"argument {argument!r} is {size:,} bytes; the limit is {MAX_PLAN_BYTES:,}",
            hint="pass a single plan, not a notebook or a bundle of plans",
        )


def first_problem(err: ValidationError) -> str:
    """Return the first validation error as `field a.b[0].c: message (and N more)`."""
    first = err.errors(include_url=False)[0]
    where = field_path(first["loc"]) or "(top level)"
    more = err.error_count() - 1
    tail = f" (and {more} more)" if more else ""
    return f"field {where}: {_one_line(first['msg'])}{tail}"


_TYPE_TAG = re.compile(r"^(str|int|float|bool|none|(list|dict|literal)\[.*\])$")


def argument_problem(err: ValidationError) -> str:
    """Return the first error in a tool's arguments as `argument 'x' at a[0]: message`."""
    first = err.errors(include_url=False)[0]
    # Drop the union-member tags pydantic puts in locations ('list[str]', 'str', ...).
    loc = [part for part in first["loc"] if not (isinstance(part, str) and _TYPE_TAG.match(part))]
    where = f"argument {loc[0]!r}" if loc else "arguments"
    if len(loc) > 1:
        where += f" at {field_path(loc[1:])}"
    more = err.error_count() - 1
    tail = f" (and {more} more)" if more else ""
    return f"{where}: {_one_line(first['msg'])}{tail}"


def field_path(loc: tuple[Any, ...]) -> str:
    """Return a pydantic location as a.b[0].c."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def split_names(value: list[str] | str) -> list[str]:
    """Return names given as a list or as comma-separated text."""
    items = value.split(",") if isinstance(value, str) else value
    return [item.strip() for item in items if item.strip()]


def check_text(value: str | None, argument: str, limit: int = MAX_NAME_CHARS) -> str | None:
    """Return `value` unchanged, or raise if it is longer than `limit` characters."""
    if value is not None and len(value) > limit:
        raise UsageProblem(f"argument {argument!r} has {len(value):,} characters; the limit is {limit:,}")
    return value


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_api_base(api_base: str) -> None:
    """Refuse a model base URL the server's API keys should not be sent to.

    A tool call is text an agent wrote, possibly under a prompt injection: it may point the
    model at a local server (Ollama, a loopback proxy) or at the server's own
    ARCHNB_API_BASE, never at an arbitrary host that would receive the keys.
    """
    from urllib.parse import urlsplit

    check_text(api_base, "api_base", MAX_PATH_CHARS)
    try:
        parts = urlsplit(api_base.strip())
        host = parts.hostname
    except ValueError:
        host, parts = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise UsageProblem(f"argument 'api_base' {api_base!r} is not an http(s) URL")
    if host in _LOOPBACK or api_base.strip() == os.environ.get("ARCHNB_API_BASE", "").strip():
        return
    raise UsageProblem(
        f"refusing api_base {api_base!r}: the MCP server sends its API keys only to a "
        "server on this machine or to its own ARCHNB_API_BASE",
        hint="set ARCHNB_API_BASE in the server's environment (the env of its mcpServers entry)",
    )


def export_folder(output_dir: str, cwd: Path | None = None) -> Path:
    """Return the folder a plan may be written into, or raise UsageProblem.

    The caller names the folder. A relative name is taken from the server's working folder
    and must stay inside it once symbolic links are followed; no name may contain `..`;
    the folder itself must not be a symbolic link. Inside it, archnb.export refuses to
    write through links (see export.write_files).
    """
    check_text(output_dir, "output_dir", MAX_PATH_CHARS)
    if not output_dir.strip() or "\0" in output_dir:
        raise UsageProblem("argument 'output_dir' is not a folder name")
    given = Path(output_dir.strip()).expanduser()
    if ".." in given.parts:
        raise UsageProblem(
            f"refusing output_dir {output_dir!r}: '..' is not allowed",
            hint="name the folder directly, preferably as an absolute path",
        )
    base = Path(cwd or Path.cwd())
    folder = given if given.is_absolute() else base / given
    if folder.is_symlink():
        raise UsageProblem(
            f"refusing output_dir {output_dir!r}: it is a symbolic link",
            hint="name the real folder it points to",
        )
    if folder.exists() and not folder.is_dir():
        raise UsageProblem(f"output_dir {output_dir!r} exists and is not a folder")
    if not given.is_absolute():
        real_base = base.resolve()
        real = folder.resolve()
        if real != real_base and real_base not in real.parents:
            raise UsageProblem(
                f"refusing output_dir {output_dir!r}: it resolves outside the server's folder",
                hint="pass an absolute path to write elsewhere",
            )
    return folder


# --- secrets ----------------------------------------------------------------------------

_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]+@")


def clean_error(text: str) -> str:
    """Return an error message on one line with keys, tokens and URL credentials redacted."""
    from archnb.env import redact

    return redact(_URL_CREDENTIALS.sub(r"\1[redacted]@", _one_line(text)))


def scrub(text: str) -> str:
    """Return `text` with the values of secret environment variables replaced.

    Only exact values are replaced: pattern-based redaction would corrupt plans that
    talk about "Bearer tokens" in prose.
    """
    from archnb.env import secret_values

    for value in secret_values():
        text = text.replace(value, "[redacted]")
    return text


def for_mcp(message: str) -> str:
    """Return a core message with its command-line hints pointed at the MCP tools instead."""
    return message.replace("`archnb skills`", "list_skills")


def json_result(data: dict[str, Any], is_error: bool = False, text: str | None = None) -> CallToolResult:
    """Return a tool result carrying `data` as structured content and as JSON text."""
    body = scrub(json.dumps(data, indent=2, ensure_ascii=False))
    structured = json.loads(body)
    return CallToolResult(
        content=[TextContent(type="text", text=text if text is not None else body)],
        structured_content=structured,
        is_error=is_error,
    )


# --- skills -------------------------------------------------------------------------------


class SkillCache:
    """The skills on disk, reloaded only when a SKILL.md or rules.yaml file changes."""

    def __init__(self, cwd: Path | None = None) -> None:
        self.cwd = cwd
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._skillset: Any = None

    def get(self) -> Any:
        """Return the current SkillSet."""
        from archnb.skills import load_skills

        with self._lock:
            stamp = self._fingerprint()
            if stamp != self._stamp:
                self._skillset = load_skills(self.cwd)
                self._stamp = stamp
            return self._skillset

    def _fingerprint(self) -> tuple:
        from archnb.skills import skill_sources

        marks = []
        for _, folder in skill_sources(self.cwd):
            if not folder.is_dir():
                continue
            for child in sorted(folder.iterdir()):
                for name in ("SKILL.md", "rules.yaml"):
                    try:
                        info = (child / name).stat()
                    except OSError:
                        continue
                    marks.append((str(child), name, info.st_mtime_ns, info.st_size))
        return tuple(marks)


# --- the server ---------------------------------------------------------------------------


class ArchnbMCPServer(MCPServer):
    """MCPServer whose tool errors are one clear line: bad arguments, unknown names, core errors."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        self._check_call(name, arguments)
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as err:
            cause = err.__cause__
            if isinstance(cause, ValidationError):
                raise ToolError(f"{name}: {argument_problem(cause)}") from None
            if isinstance(cause, ArchnbError):
                raise ToolError(f"{name}: {for_mcp(clean_error(str(cause)))}") from None
            if isinstance(err, UnexpectedToolError):
                raise  # a crash: the SDK logs it and tells the client only the tool's name
            raise ToolError(clean_error(str(err))) from None

    def _check_call(self, name: str, arguments: dict[str, Any]) -> None:
        tool = self._tool_manager.get_tool(name)
        if tool is None:
            known = [t.name for t in self._tool_manager.list_tools()]
            raise ToolError(f"unknown tool {name!r}{_did_you_mean(name, known)}; tools: {', '.join(known)}")
        allowed = list(tool.parameters.get("properties", {}))
        for key in arguments:
            if key not in allowed:
                raise ToolError(
                    f"{name}: unknown argument {key!r}{_did_you_mean(key, allowed)}; "
                    f"arguments: {', '.join(allowed)}"
                )


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _tool(server: MCPServer, annotations: ToolAnnotations) -> Callable[[Callable], Callable]:
    """Register a function as a tool whose description is its docstring, dedented."""

    def register(fn: Callable) -> Callable:
        description = inspect.cleandoc(fn.__doc__ or "")
        server.add_tool(fn, description=description, annotations=annotations, structured_output=False)
        return fn

    return register


def build_server(cwd: Path | None = None) -> ArchnbMCPServer:
    """Return the archnb MCP server with its tools, skill resources and brief prompt."""
    from archnb import __version__

    server = ArchnbMCPServer(
        "archnb",
        title="archnb backend architect",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )
    cache = SkillCache(cwd)
    _add_plan_tool(server, cwd)
    _add_plan_tools(server, cache)
    _add_skill_tools(server, cache)
    _add_skill_resources(server, cache)
    _add_brief_prompt(server)
    return server


def _add_plan_tool(server: MCPServer, cwd: Path | None) -> None:
    @_tool(server, ToolAnnotations(destructive_hint=False, open_world_hint=True))
    async def plan_brief(
        brief: Annotated[str, Field(description="The product brief in plain words")],
        ctx: Context,
        engine: Annotated[
            Literal["auto", "offline", "llm"],
            Field(description="offline: deterministic, no key; llm: a model; auto: llm if a model is set"),
        ] = "auto",
        skills: Annotated[Names, Field(description="Use exactly these skills")] = None,
        areas: Annotated[Names, Field(description="Use the skills of these areas")] = None,
        model: Annotated[str | None, Field(description="litellm model, e.g. openai/gpt-4o-mini")] = None,
        api_base: Annotated[str | None, Field(description="OpenAI-compatible base URL")] = None,
        attempts: Annotated[int, Field(ge=1, le=10, description="Tries to get a valid plan")] = 3,
        output_dir: Annotated[
            str | None,
            Field(description="Write plan.json, PLAN.md, architecture.mmd, erd.mmd, schema.sql "
                  "and openapi.yaml into this folder (absolute path preferred)"),
        ] = None,
    ) -> CallToolResult:
        """Plan a backend for a brief; returns the envelope, the Technical Plan and its lint findings.

        The envelope says how the run went (status success|partial|failed, errors,
        next_action, files_changed). With output_dir, the plan's six files are written
        into that folder and nowhere else.
        """
        if len(brief) > MAX_BRIEF_CHARS:
            raise UsageProblem(
                f"the brief has {len(brief):,} characters; the limit is {MAX_BRIEF_CHARS:,}",
                hint="summarise it or split it into parts",
            )
        check_text(model, "model", MAX_PATH_CHARS)
        if api_base is not None:
            check_api_base(api_base)
        folder = export_folder(output_dir, cwd) if output_dir is not None else None
        options = {
            "engine": engine, "skills": skills, "areas": areas, "model": model,
            "api_base": api_base, "attempts": attempts, "cwd": cwd,
        }
        options = {k: v for k, v in options.items() if v is not None}
        say = _progress_reporter(ctx)
        try:
            result = await anyio.to_thread.run_sync(lambda: _architect(brief, say, options))
        except PlanFailed as err:
            envelope = getattr(err, "envelope", None)
            data = {"envelope": envelope.model_dump(mode="json") if envelope else None}
            return json_result(data, is_error=True, text=f"plan_brief: {clean_error(str(err))}")
        files: list[str] = []
        if folder is not None:
            from archnb.export import export_plan

            written = export_plan(result.plan, folder, findings=result.findings)
            files = [str(folder / rel) for rel in written]
        envelope = result.envelope.model_copy(update={"files_changed": files})
        return json_result({
            "envelope": envelope.model_dump(mode="json"),
            "plan": result.plan.model_dump(mode="json"),
            "findings": [f.model_dump(mode="json") for f in result.findings],
            "warnings": list(result.warnings),
        })


def _architect(brief: str, say: Callable[[str], None], options: dict[str, Any]) -> Any:
    from archnb.api import architect

    return architect(brief, progress=say, **options)


def _progress_reporter(ctx: Context) -> Callable[[str], None]:
    """Return a callback that sends the architect's progress lines as MCP progress."""
    count = 0

    def say(message: str) -> None:
        nonlocal count
        count += 1
        # Progress is a courtesy: a client that went away must not fail the plan.
        with contextlib.suppress(Exception):
            anyio.from_thread.run(ctx.report_progress, count, None, message)

    return say


def _add_plan_tools(server: MCPServer, cache: SkillCache) -> None:
    @_tool(server, READ_ONLY)
    def lint_plan(
        plan: PlanArg,
        skills: Annotated[Names, Field(description="Skills whose checks apply (default: the plan's own)")] = None,
    ) -> CallToolResult:
        """Check a Technical Plan for consistency and design problems; returns the findings as JSON."""
        from archnb.lint import lint_plan as lint

        checked = load_plan(plan)
        skillset = cache.get()
        if skills:
            chosen = [skillset.get(check_text(n, "skills")) for n in split_names(skills)]
        else:
            chosen = [skillset.skills[n] for n in checked.metadata.skills_used if n in skillset.skills]
        findings = lint(checked, skills=chosen, cwd=cache.cwd)
        return json_result(_findings_summary(checked, findings))

    @_tool(server, READ_ONLY)
    def render_artifact(
        plan: PlanArg,
        artifact: Annotated[
            Literal["architecture", "erd", "ddl", "openapi", "markdown"],
            Field(description="architecture or erd: Mermaid; ddl: PostgreSQL; openapi: OpenAPI "
                  "3.1 YAML; markdown: the PLAN.md report"),
        ],
    ) -> str:
        """Render one artifact of a Technical Plan; returns its text (Mermaid, SQL, YAML or Markdown)."""
        return scrub(render(load_plan(plan), artifact))

    @_tool(server, READ_ONLY)
    def diff_plans(
        before: OlderPlan,
        after: NewerPlan,
        format: Annotated[Literal["text", "markdown", "json"], Field(description="Output form")] = "text",
    ) -> str:
        """Compare two Technical Plans; returns what was added, removed or changed, part by part."""
        from archnb.diff import diff_plans as diff

        changes = diff(load_plan(before, "before"), load_plan(after, "after"))
        text = {"text": changes.to_text, "markdown": changes.to_markdown, "json": changes.to_json}
        return scrub(text[format]())


def render(plan: TechnicalPlan, artifact: str) -> str:
    """Return one artifact of `plan` as text; `artifact` is one of ARTIFACTS."""
    if artifact == "architecture":
        from archnb.render.mermaid import render_architecture

        return render_architecture(plan)
    if artifact == "erd":
        from archnb.render.mermaid import render_erd

        return render_erd(plan)
    if artifact == "ddl":
        from archnb.render.sql import render_ddl

        return render_ddl(plan)
    if artifact == "openapi":
        from archnb.render.openapi import render_openapi_yaml

        return render_openapi_yaml(plan)
    if artifact == "markdown":
        from archnb.lint import lint_plan
        from archnb.render.markdown import render_report

        return render_report(plan, lint_plan(plan))
    raise UsageProblem(f"unknown artifact {artifact!r}", hint=f"use one of: {', '.join(ARTIFACTS)}")


def _findings_summary(plan: TechnicalPlan, findings: list[Finding]) -> dict[str, Any]:
    counts = {level: 0 for level in ("critical", "error", "warning", "info")}
    for finding in findings:
        counts[finding.severity] += 1
    return {
        "plan_id": plan.plan_id,
        "blocking": counts["critical"] + counts["error"] > 0,
        "counts": counts,
        "findings": [f.model_dump(mode="json") for f in findings],
    }


def _add_skill_tools(server: MCPServer, cache: SkillCache) -> None:
    @_tool(server, READ_ONLY)
    def list_skills(
        area: Annotated[str | None, Field(description="Only this area, e.g. Database")] = None,
    ) -> CallToolResult:
        """List the architect's skills: name, area, description and reference files, as JSON."""
        skillset = cache.get()
        found = list(skillset.skills.values())
        if area is not None:
            check_text(area, "area")
            areas = sorted({s.area for s in found})
            found = [s for s in found if s.area.lower() == area.lower()]
            if not found:
                raise UsageProblem(
                    f"no skills in area {area!r}{_did_you_mean(area, areas)}",
                    hint=f"areas: {', '.join(areas)}",
                )
        rows = [
            {
                "name": s.name,
                "area": s.area,
                "description": s.description,
                "references": s.references(),
                "source": s.source,
                "uri": f"skill://{s.name}",
            }
            for s in sorted(found, key=lambda s: (s.area, s.name))
        ]
        return json_result({"skills": rows, "warnings": list(skillset.warnings)})

    @_tool(server, READ_ONLY)
    def get_skill(
        name: Annotated[str, Field(description="Skill name, e.g. designing-apis")],
        reference: Annotated[
            str | None, Field(description="A file from the skill's references/, instead of the body")
        ] = None,
    ) -> str:
        """Return a skill's instructions (its SKILL.md body), or one of its reference files."""
        return read_skill(cache, name, reference)


def read_skill(cache: SkillCache, name: str, reference: str | None = None) -> str:
    """Return the body of skill `name`, or its reference file; raise SkillError if unknown."""
    check_text(name, "name")
    check_text(reference, "reference")
    skill = cache.get().get(name)
    return skill.read_reference(reference) if reference else skill.body


def _add_skill_resources(server: MCPServer, cache: SkillCache) -> None:
    def reader(name: str, reference: str | None = None) -> str:
        try:
            return read_skill(cache, name, reference)
        except SkillError as err:
            raise ResourceNotFoundError(for_mcp(clean_error(str(err)))) from None

    for skill in cache.get().skills.values():
        server.add_resource(FunctionResource.from_function(
            fn=lambda name=skill.name: reader(name),
            uri=f"skill://{skill.name}",
            name=skill.name,
            title=f"Skill: {skill.name}",
            description=skill.description,
            mime_type="text/markdown",
        ))

    @server.resource(
        "skill://{name}",
        name="skill",
        description="A skill's instructions (the SKILL.md body)",
        mime_type="text/markdown",
    )
    def skill_body(name: str) -> str:
        return reader(name)

    @server.resource(
        "skill://{name}/references/{filename}",
        name="skill-reference",
        description="A file from a skill's references/ folder",
        mime_type="text/markdown",
    )
    def skill_reference(name: str, filename: str) -> str:
        return reader(name, filename)


BRIEF_TEMPLATE = """\
# {product}

## Who uses it
{users}

## Scale
{scale}

## Constraints
{constraints}
"""

_UNKNOWN = "(not stated yet: say what you assume)"


def brief_text(product: str, users: str = "", scale: str = "", constraints: str = "") -> str:
    """Return a brief in archnb's template, with a placeholder for each part left empty."""
    fields = {"product": product, "users": users, "scale": scale, "constraints": constraints}
    for key, value in fields.items():
        if len(value) > MAX_PROMPT_FIELD_CHARS:
            raise ValueError(f"{key} has {len(value):,} characters; the limit is {MAX_PROMPT_FIELD_CHARS:,}")
    if not product.strip():
        raise ValueError("product is empty: say in a sentence what the product does")
    filled = {k: v.strip() or _UNKNOWN for k, v in fields.items()}
    return BRIEF_TEMPLATE.format(**filled)


def _add_brief_prompt(server: MCPServer) -> None:
    @server.prompt(
        name="architect_brief",
        title="Backend architect brief",
        description="Write a product brief in archnb's template and plan it with plan_brief",
    )
    def architect_brief(
        product: Annotated[str, Field(description="What the product does, in a sentence or two")],
        users: Annotated[str, Field(description="Who uses it and what they do")] = "",
        scale: Annotated[str, Field(description="Numbers: users, requests per second, data size, latency")] = "",
        constraints: Annotated[str, Field(description="Budget, team, compliance, required technology")] = "",
    ) -> str:
        brief = brief_text(product, users, scale, constraints)
        return (
            "Act as a backend architect. Complete this brief (keep it short; replace each "
            "'not stated yet' with what you assume, with numbers where you can), then call "
            "archnb's plan_brief tool with it. Review the plan's decisions, open questions and "
            "findings, and render the artifacts you need with render_artifact.\n\n"
            f"<brief>\n{brief}</brief>"
        )


# --- running it ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="archnb mcp",
        description="Serve archnb's tools over MCP: stdio by default, or streamable HTTP on 127.0.0.1.",
    )
    parser.add_argument(
        "--http", metavar="PORT", type=_port, default=None,
        help="serve streamable HTTP at http://127.0.0.1:PORT/mcp (0: any free port)",
    )
    return parser.parse_args(argv)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def main(argv: list[str] | None = None) -> int:
    """Serve MCP until the client disconnects (stdio) or the process is stopped (HTTP)."""
    try:
        args = parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage line
        return 0 if stop.code == 0 else 2
    try:
        if args.http is None:
            anyio.run(build_server().run_stdio_async)
            return 0
        sock = listen_socket(args.http)  # before the slow imports: a taken port fails fast
        if sock is None:
            return 1
        print(f"archnb MCP server: http://127.0.0.1:{sock.getsockname()[1]}/mcp",
              file=sys.stderr, flush=True)
        anyio.run(lambda: serve_http(build_server(), sock))
    except KeyboardInterrupt:
        pass
    return 0


def listen_socket(port: int) -> socket.socket | None:
    """Return a socket listening on 127.0.0.1:`port` (never another interface), or None."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        print(f"archnb mcp: cannot listen on 127.0.0.1:{port}: {err.strerror or err} "
              "(choose another --http PORT)", file=sys.stderr)
        return None
    return sock


async def serve_http(server: MCPServer, sock: socket.socket) -> None:
    """Serve streamable HTTP at /mcp on the listening socket until stopped."""
    import uvicorn

    # host=127.0.0.1 turns on the SDK's DNS-rebinding guard: only local Host headers pass.
    app = server.streamable_http_app(host="127.0.0.1")
    config = uvicorn.Config(app, log_level=os.environ.get("ARCHNB_MCP_LOG_LEVEL", "warning"))
    await uvicorn.Server(config).serve(sockets=[sock])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
