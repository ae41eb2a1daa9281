"""The LLM engine: a Backend Architect agent on litellm, with skills and MCP tools.

One attempt is a short agent loop. The model sees the brief, the skills' names and
descriptions, and tools: load_skill and read_skill_reference (progressive disclosure),
a step-by-step `think` tool (unless a sequential-thinking MCP server provides one), and
the tools of the configured MCP servers. After at most `max_tool_rounds` rounds it hands
in the plan in the strictest form the model supports: a JSON schema (`response_format`),
else a `submit_plan` tool whose parameters are the schema, else JSON in text. A plan that
does not validate raises DraftRejected, and api.architect tries again with the problems.

litellm is imported on the first draft, never at import time: it costs seconds and
hundreds of megabytes, and `%load_ext archnb` must stay instant.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archnb.engines.llm_errors import (
    CallContext,
    is_retryable,
    model_error,
    provider_detail,
    retry_after,
)
from archnb.engines.llm_prompt import (
    FINAL_NUDGE,
    SUBMIT_TOOL,
    Strategy,
    plan_from_answer,
    plan_schema,
    system_prompt,
    user_prompt,
)
from archnb.env import dotenv_path, key_var_for, key_variables, load_dotenv, parse_dotenv, redact
from archnb.errors import DraftRejected, SkillError, UsageProblem
from archnb.plan import ToolCallRecord, Usage

if TYPE_CHECKING:
    from archnb.engines.base import DraftRequest
    from archnb.mcp_client import McpHub
    from archnb.plan import TechnicalPlan
    from archnb.skills import Skill

RETRY_DELAYS: tuple[float, ...] = (1.0, 4.0)  # waits before the 2nd and 3rd try of a rate-limited call
RETRY_CAP = 30.0  # the longest wait a provider's Retry-After may ask for
NO_KEY = "archnb-no-key"  # sent to local OpenAI-compatible servers, which need no key but some value
SHORT = 200

# Tools of archnb's own MCP server that would plan: offering them would let the agent
# delegate to itself.
_SELF_PLANNING = re.compile(r"^(architect|plan|draft|refine|design)(_[a-z_]+)?$")


def _import_litellm() -> Any:
    """Import litellm with its price list kept local and its console chatter off."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import litellm
    except ImportError:
        raise UsageProblem("the llm engine needs litellm", hint='pip install "archnb[llm]"') from None
    litellm.suppress_debug_info = True
    if hasattr(litellm, "telemetry"):
        litellm.telemetry = False
    return litellm


@dataclass
class Capabilities:
    """What the model accepts: function tools, and a JSON schema as response_format."""

    tools: bool
    schema: bool
    known: bool  # litellm has the model in its price and feature list

    @property
    def strategy(self) -> Strategy:
        if self.schema:
            return "json_schema"
        return "tool" if self.tools else "text"


def capabilities(litellm: Any, model: str) -> Capabilities:
    """Return what litellm knows the model supports.

    A model litellm does not know is most often a local OpenAI-compatible server: tools
    are tried, and dropped if the server refuses them.
    """
    try:
        litellm.get_model_info(model)
    except Exception:  # noqa: BLE001 - unknown models raise various errors
        return Capabilities(tools=True, schema=False, known=False)

    def supports(check: Any) -> bool:
        try:
            return bool(check(model=model))
        except Exception:  # noqa: BLE001
            return False

    return Capabilities(
        tools=supports(litellm.supports_function_calling),
        schema=supports(litellm.supports_response_schema),
        known=True,
    )


class _Unsupported(Exception):
    """The provider refused a request feature (tools or response_format); ask without it."""

    def __init__(self, feature: str) -> None:
        super().__init__(feature)
        self.feature = feature


@dataclass
class _Spend:
    """Tokens and cost over every call of the run (all attempts)."""

    prompt: int = 0
    completion: int = 0
    cost: float | None = 0.0

    def add(self, litellm: Any, response: Any, priced: bool) -> None:
        usage = getattr(response, "usage", None)
        self.prompt += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.completion += int(getattr(usage, "completion_tokens", 0) or 0)
        if self.cost is None:
            return
        cost = _price(litellm, response) if priced else None
        self.cost = None if cost is None else self.cost + float(cost)

    def as_usage(self) -> Usage:
        cost = round(self.cost, 6) if self.cost is not None else None
        return Usage(prompt_tokens=self.prompt, completion_tokens=self.completion, cost_usd=cost)


def _price(litellm: Any, response: Any) -> float | None:
    """Return the call's cost in USD: litellm's own figure when it computed one, else ask it."""
    hidden = getattr(response, "_hidden_params", None) or {}
    if "response_cost" in hidden:
        return hidden["response_cost"]
    try:
        return litellm.completion_cost(completion_response=response)
    except Exception:  # noqa: BLE001 - litellm raises when it has no price
        return None


# --- tools -----------------------------------------------------------------------------


def _function(name: str, description: str, properties: dict, required: list[str]) -> dict:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required},
        },
    }


def submit_tool() -> dict:
    """Return the submit_plan tool: its parameters are the plan schema."""
    return {
        "type": "function",
        "function": {
            "name": SUBMIT_TOOL,
            "description": "Hand in the finished Technical Plan. Call it once, with the complete plan.",
            "parameters": plan_schema(),
        },
    }


THINK_TOOL = _function(
    "think",
    "Record one step of step-by-step reasoning (a trade-off, a calculation, a doubt) before "
    "committing to a decision. Returns how many thoughts are recorded.",
    {
        "thought": {"type": "string", "description": "This step of your reasoning"},
        "thought_number": {"type": "integer", "minimum": 1},
        "total_thoughts": {"type": "integer", "minimum": 1, "description": "Your current estimate"},
        "next_thought_needed": {"type": "boolean"},
    },
    ["thought", "thought_number", "total_thoughts", "next_thought_needed"],
)


class Toolbox:
    """The tools one attempt offers, and the record of every call made to them."""

    def __init__(self, skills: list[Skill], hub: McpHub | None, submit: bool) -> None:
        self.skills = {s.name: s for s in skills}
        self.hub = hub
        self.submit = submit
        self.records: list[ToolCallRecord] = []
        self.thoughts = 0
        self.mcp = [t for t in (hub.tools if hub else []) if not self._self_planning(t)]
        self.external_thinking = any(t.tool == "sequentialthinking" for t in self.mcp)

    def _self_planning(self, tool: Any) -> bool:
        reported = (self.hub.server_name(tool.server) or "") if self.hub else ""
        from_archnb = "archnb" in (reported.lower(), tool.server.lower())
        return from_archnb and bool(_SELF_PLANNING.match(tool.tool))

    def definitions(self) -> list[dict]:
        """Return the function tools for the agent rounds."""
        tools = []
        if self.skills:
            names = sorted(self.skills)
            tools.append(_function(
                "load_skill",
                "Return the full guidance of one skill listed in <available_skills>. Load a "
                "skill before deciding in its area.",
                {"name": {"type": "string", "enum": names}},
                ["name"],
            ))
            tools.append(_function(
                "read_skill_reference",
                "Return one reference file of a skill (the files listed in its <references>).",
                {"name": {"type": "string", "enum": names}, "file": {"type": "string"}},
                ["name", "file"],
            ))
        if not self.external_thinking:
            tools.append(THINK_TOOL)
        tools += [t.as_function() for t in self.mcp]
        if self.submit:
            tools.append(submit_tool())
        return tools

    def notes(self) -> list[str]:
        """Return what the system prompt says about the tools."""
        notes = []
        if self.skills:
            notes.append("load_skill(name) returns a skill's guidance; read_skill_reference(name, file) one of its reference files.")
        if self.external_thinking:
            notes.append("The sequentialthinking tool of the MCP server is there for step-by-step reasoning; use it for hard trade-offs.")
        else:
            notes.append("think(...) records one step of step-by-step reasoning; use it for hard trade-offs.")
        servers = sorted({t.server for t in self.mcp})
        if servers:
            notes.append(
                f"Tools named mcp__<server>__<tool> come from MCP servers ({', '.join(servers)}). "
                "A tool error is information: note it and carry on."
            )
        for server, why in sorted((self.hub.failures if self.hub else {}).items()):
            notes.append(f"MCP server {server} is unavailable ({why}); plan without it.")
        return notes

    def run(self, name: str, raw_arguments: str) -> str:
        """Run one tool call; return the text the model reads. Every call is recorded."""
        try:
            args = json.loads(raw_arguments or "{}")
            ok, text = self._dispatch(name, args) if isinstance(args, dict) else (False, "arguments must be a JSON object")
        except json.JSONDecodeError as err:
            ok, text = False, f"the arguments are not valid JSON ({err.msg})"
        self.records.append(ToolCallRecord(
            name=name, arguments=_short(redact(raw_arguments or "")), ok=ok, summary=_short(redact(text))
        ))
        return text if ok else f"Error: {text}"

    def _dispatch(self, name: str, args: dict) -> tuple[bool, str]:
        if name in ("load_skill", "read_skill_reference"):
            skill = self.skills.get(str(args.get("name", "")))
            if skill is None:
                return False, f"no skill named {args.get('name')!r}; available: {', '.join(sorted(self.skills))}"
            if name == "load_skill":
                refs = skill.references()
                extra = f"\n\nReference files (read_skill_reference): {', '.join(refs)}" if refs else ""
                return True, skill.body + extra
            try:
                return True, skill.read_reference(str(args.get("file", "")))
            except SkillError as err:
                return False, str(err)
        if name == "think" and not self.external_thinking:
            self.thoughts += 1
            return True, json.dumps({"thoughts_recorded": self.thoughts, "next_thought_needed": bool(args.get("next_thought_needed"))})
        if self.hub is not None and any(t.name == name for t in self.mcp):
            outcome = self.hub.call(name, args)
            return outcome.ok, outcome.text
        return False, f"no tool named {name!r}"


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 3] + "..."


def _argument_summary(raw: str) -> str:
    """Return a short, key-free view of tool arguments for the progress line."""
    try:
        args = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return "..."
    if not isinstance(args, dict):
        return "..."
    if "name" in args:
        return ", ".join(str(args[k]) for k in ("name", "file") if k in args)
    if "thought" in args:
        return _short(str(args["thought"]))[:50]
    return ", ".join(list(args)[:4])


# --- the engine ------------------------------------------------------------------------


@dataclass
class _Run:
    """The state of one attempt's conversation."""

    litellm: Any
    request: DraftRequest
    ctx: CallContext
    caps: Capabilities
    toolbox: Toolbox
    messages: list[dict] = field(default_factory=list)
    calls: int = 0


class LLMEngine:
    """Drafts plans with a language model through litellm. One instance serves one run."""

    name = "llm"
    learns_from_feedback = True

    def __init__(self) -> None:
        self._spend = _Spend()
        self._records: list[ToolCallRecord] = []
        self._last_answer: str | None = None
        self._caps: Capabilities | None = None

    def draft(self, request: DraftRequest) -> TechnicalPlan:
        """Return the model's plan for the request, or raise DraftRejected / ModelError."""
        from archnb.mcp_client import McpHub, load_servers

        opts = request.options
        if not opts.model:
            raise UsageProblem(
                "the llm engine needs a model",
                hint="pass model=... (--model) or set ARCHNB_MODEL; `%architect models` lists examples",
            )
        load_dotenv(opts.cwd)
        litellm = _import_litellm()
        if self._caps is None:
            self._caps = capabilities(litellm, opts.model)
        ctx = CallContext(opts.model, opts.api_base, opts.timeout)
        with McpHub(load_servers(opts.mcp, opts.cwd), request.progress) as hub:
            answer = self._answer(litellm, request, hub, ctx)
        self._last_answer = answer
        plan = plan_from_answer(answer, request.brief)
        meta = plan.metadata.model_copy(
            update={"usage": self._spend.as_usage(), "tool_calls": list(self._records)}
        )
        return plan.model_copy(update={"metadata": meta})

    def _answer(self, litellm: Any, request: DraftRequest, hub: McpHub, ctx: CallContext) -> str:
        """Run the conversation; when the provider refuses a feature, run it again without."""
        while True:
            caps = self._caps
            toolbox = Toolbox(request.skills, hub, submit=caps.strategy == "tool")
            run = _Run(litellm, request, ctx, caps, toolbox)
            try:
                return self._converse(run)
            except _Unsupported as refused:
                if refused.feature == "response_format":
                    caps.schema = False
                else:
                    caps.tools = False
                request.progress(f"{ctx.model} refused {refused.feature}; asking again without it")
            finally:
                self._records += toolbox.records

    def _converse(self, run: _Run) -> str:
        """Return the model's final answer: submit_plan arguments or text holding the plan."""
        opts = run.request.options
        rounds = opts.max_tool_rounds if run.caps.tools else 0
        principles = _principles_text(opts)
        run.messages = [
            {"role": "system", "content": system_prompt(
                run.request.skills, run.caps.strategy, run.toolbox.notes() if rounds else [],
                principles, inline_skills=rounds == 0,
            )},
            {"role": "user", "content": user_prompt(run.request, self._last_answer)},
        ]
        for _ in range(rounds):
            message = self._ask(run, tools=run.toolbox.definitions(), tool_choice="auto")
            calls = message.tool_calls or []
            submitted = next((c for c in calls if c.function.name == SUBMIT_TOOL), None)
            if submitted is not None:
                return submitted.function.arguments or ""
            if not calls:
                text = message.content or ""
                if "{" in text:
                    return text
                run.messages.append({"role": "assistant", "content": text})
                break
            run.messages.append(_assistant_turn(message))
            for call in calls:
                run.request.progress(f"tool {call.function.name}({_argument_summary(call.function.arguments)})")
                result = run.toolbox.run(call.function.name, call.function.arguments)
                run.messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
        return self._final_answer(run)

    def _final_answer(self, run: _Run) -> str:
        """Ask for the plan in the strictest form the model supports; return what came back."""
        strategy = run.caps.strategy
        extra: dict[str, Any] = {}
        if strategy == "json_schema":
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "technical_plan", "schema": plan_schema()},
            }
        elif strategy == "tool":
            extra["tools"] = [submit_tool()]
            extra["tool_choice"] = {"type": "function", "function": {"name": SUBMIT_TOOL}}
        if run.calls:
            run.messages.append({"role": "user", "content": FINAL_NUDGE[strategy]})
        message = self._ask(run, **extra)
        submitted = next((c for c in message.tool_calls or [] if c.function.name == SUBMIT_TOOL), None)
        return (submitted.function.arguments if submitted else message.content) or ""

    def _ask(self, run: _Run, **extra: Any) -> Any:
        """Make one model call (with rate-limit retries); return the assistant message."""
        opts = run.request.options
        call: dict[str, Any] = {
            "model": opts.model,
            "messages": run.messages,
            "timeout": opts.timeout,
            "max_retries": 0,  # archnb retries rate limits itself, visibly and boundedly
            **extra,
        }
        if opts.api_base:
            call["api_base"] = opts.api_base
            var = key_var_for(opts.model)
            if var == "OPENAI_API_KEY" and not os.environ.get(var):
                call["api_key"] = NO_KEY
        if opts.temperature is not None:
            call["temperature"] = opts.temperature
        run.calls += 1
        first = f"attempt {run.request.attempt} of {opts.attempts}: calling {opts.model}"
        run.request.progress(first if run.calls == 1 else f"calling {opts.model} (call {run.calls})")
        response = self._complete(run, call)
        self._spend.add(run.litellm, response, priced=run.caps.known)
        choices = getattr(response, "choices", None) or []
        if not choices:
            raise DraftRejected("the model returned no answer", ["the previous answer was empty; return the plan"])
        return choices[0].message

    def _complete(self, run: _Run, call: dict) -> Any:
        tries = len(RETRY_DELAYS) + 1
        for attempt in range(1, tries + 1):
            try:
                return run.litellm.completion(**call)
            except Exception as err:  # noqa: BLE001 - every provider failure is mapped below
                feature = _refused_feature(err, call)
                if feature:
                    raise _Unsupported(feature) from None
                if attempt < tries and is_retryable(err):
                    delay = min(RETRY_CAP, max(RETRY_DELAYS[attempt - 1], retry_after(err) or 0.0))
                    run.request.progress(
                        f"{run.ctx.model} is rate-limited; retrying in {delay:g} s (try {attempt + 1} of {tries})"
                    )
                    time.sleep(delay)
                    continue
                raise model_error(err, run.ctx, attempt) from None
        raise AssertionError("unreachable")  # pragma: no cover


def _refused_feature(err: BaseException, call: dict) -> str | None:
    """Return "tools" or "response_format" when a 400 says the provider does not take it."""
    if type(err).__name__ != "BadRequestError":
        return None
    detail = provider_detail(err).lower()
    if "response_format" in call and re.search(r"response_format|json_schema|structured output", detail):
        return "response_format"
    if "tools" in call and re.search(r"\btools?\b|function.?call", detail):
        return "tools"
    return None


def _assistant_turn(message: Any) -> dict:
    """Return an assistant message with tool calls as plain data for the next request."""
    return {
        "role": "assistant",
        "content": message.content,
        "tool_calls": [
            {
                "id": c.id,
                "type": "function",
                "function": {"name": c.function.name, "arguments": c.function.arguments or "{}"},
            }
            for c in message.tool_calls
        ],
    }


def _principles_text(opts: Any) -> str | None:
    """Return the project principles file's text, if one is configured or found."""
    try:
        from archnb.lint import find_principles

        path = find_principles(opts.principles, opts.cwd)
    except Exception:  # noqa: BLE001 - lint reports a broken principles file itself
        return None
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")[:8000]
    except OSError:
        return None


# --- %architect models -----------------------------------------------------------------

EXAMPLES: list[tuple[str, str]] = [
    ("openai/gpt-4o-mini", "OPENAI_API_KEY"),
    ("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY"),
    ("gemini/gemini-2.5-flash", "GEMINI_API_KEY"),
    ("mistral/mistral-large-latest", "MISTRAL_API_KEY"),
    ("deepseek/deepseek-chat", "DEEPSEEK_API_KEY"),
    ("ollama/llama3.1", "no key; api base http://localhost:11434"),
    ("openai/<served model name>", "api base http://localhost:8080/v1 (llama.cpp, vLLM, a LiteLLM proxy)"),
]


@dataclass
class ModelSetup:
    """What `%architect models` shows: the configured model, api base, key variables, examples."""

    model: str | None
    model_source: str
    api_base: str | None
    api_base_source: str
    key_var: str | None
    keys_set: list[str]
    dotenv: str | None
    examples: list[tuple[str, str]] = field(default_factory=lambda: list(EXAMPLES))

    def to_dict(self) -> dict:
        return {
            "model": self.model,
            "model_source": self.model_source,
            "api_base": self.api_base,
            "api_base_source": self.api_base_source,
            "key_variable": self.key_var,
            "keys_set": self.keys_set,
            "dotenv": self.dotenv,
            "examples": [{"model": m, "note": n} for m, n in self.examples],
        }

    def to_text(self) -> str:
        """Return the setup as lines for a terminal or a notebook (names only, never values)."""
        if self.model:
            need = ""
            if self.key_var:
                need = f"; needs {self.key_var} ({'set' if self.key_var in self.keys_set else 'NOT set'})"
            lines = [f"model:    {self.model} (from {self.model_source}){need}"]
        else:
            lines = ["model:    not set: plans use the offline engine (set ARCHNB_MODEL or pass --model)"]
        base = f"{self.api_base} (from {self.api_base_source})" if self.api_base else "the provider's default"
        lines.append(f"api base: {base}")
        keys = ", ".join(self.keys_set) if self.keys_set else "none of the usual provider variables"
        lines.append(f"keys set: {keys}")
        if self.dotenv:
            lines.append(f".env:     {self.dotenv} (loaded when a model runs; set variables win)")
        lines.append("examples:")
        width = max(len(m) for m, _ in self.examples)
        lines += [f"  {m:<{width}}  {note}" for m, note in self.examples]
        return "\n".join(lines)


def list_models(model: str | None = None, api_base: str | None = None, cwd: Path | str | None = None) -> ModelSetup:
    """Return the model setup: configured model and api base, which key variables are set, examples.

    Cheap: reads the environment and `.env` (without loading it); never imports litellm.
    """
    env_file = dotenv_path(cwd)
    from_file = parse_dotenv(env_file.read_text(encoding="utf-8", errors="replace")) if env_file else {}

    def lookup(name: str) -> tuple[str | None, str]:
        if os.environ.get(name):
            return os.environ[name], name
        if from_file.get(name):
            return from_file[name], f"{name} in .env"
        return None, ""

    model_value, model_source = (model, "option") if model else lookup("ARCHNB_MODEL")
    base_value, base_source = (api_base, "option") if api_base else lookup("ARCHNB_API_BASE")
    keys_set = [name for name in key_variables() if os.environ.get(name) or from_file.get(name)]
    return ModelSetup(
        model=model_value,
        model_source=model_source,
        api_base=base_value,
        api_base_source=base_source,
        key_var=key_var_for(model_value) if model_value else None,
        keys_set=keys_set,
        dotenv=str(env_file) if env_file else None,
    )
