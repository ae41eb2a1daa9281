"""What the LLM engine says to the model, and how it reads the plan back.

The prompt has three parts: the architect's role (in archnb's own words), the skills the
model may load, and the output contract. The answer is parsed leniently (code fences,
prose around the JSON, trailing commas) but validated strictly against TechnicalPlan;
what does not fit becomes a list of problems for the next attempt.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from archnb.errors import DraftRejected
from archnb.plan import TechnicalPlan
from archnb.skills import available_skills_block

if TYPE_CHECKING:
    from archnb.engines.base import DraftRequest
    from archnb.skills import Skill

Strategy = Literal["json_schema", "tool", "text"]
SUBMIT_TOOL = "submit_plan"
ENGINE_OWNED = ("plan_id", "metadata", "brief")  # stamped by archnb, never by the model
MAX_PROBLEMS = 15
MAX_PREVIOUS_CHARS = 30_000
INLINE_SKILL_CHARS = 6_000

ROLE = """\
You are the Backend Architect of a small product team. You make the high-level calls:
the shape of the system, the technology stack, the data model, how it scales and how it
stays secure. You do not write implementation code; you write the plan that engineers
build from, and every call in it says why.

How you work:
- Read the brief for what is asked and for the numbers behind it (users, requests per
  second, latency targets, data volume, budget, compliance). Requirements get ids
  (FR-001 for functional, NFR-001 for non-functional) and NFRs keep their numbers.
- Before deciding in an area, load the skill that covers it (load_skill) and follow it.
- For each significant decision, weigh at least two real options with their pros and
  cons, state the choice, the rationale and the consequences, and list the requirements
  it serves. Prefer the simplest design that meets the numbers; say when it stops being
  enough.
- Respect performance constraints: size caches, queues and partitions from the brief's
  figures, and show the arithmetic in the capacity section.
- Design security in, not on: authentication, authorization, protection of personal and
  payment data, the main threats and how each is mitigated, and the compliance regimes
  the brief names.
- Where the brief is silent on something that changes the design, record an open
  question with the assumption you make until someone answers.
- Write no implementation code: no functions, classes or scripts. The SQL schema and the
  API contract are generated from your data model and endpoints.
"""

RULES = """\
Rules of the plan format:
- Identifiers (component ids, entity and attribute names) are snake_case.
- Column types are PostgreSQL types: text, varchar(n), integer, bigint, numeric(p,s),
  boolean, date, timestamptz, uuid, jsonb, bytea, inet, interval, tsvector, vector(n).
- Every entity has a primary key; a foreign_key names the referenced entity.
- Connections name existing component ids. Steps are S1, S2, ... with depends_on ids;
  decisions are D-001, D-002, ...; open questions Q1, Q2, ...
- `serves` lists requirement ids that exist in `requirements`.
- Leave out plan_id, brief and metadata: archnb fills them in.
"""


@cache
def plan_schema() -> dict:
    """Return the JSON schema of the plan the model writes (TechnicalPlan minus archnb's fields)."""
    schema = TechnicalPlan.model_json_schema()
    for name in ENGINE_OWNED:
        schema["properties"].pop(name, None)
    schema["required"] = [r for r in schema.get("required", []) if r not in ENGINE_OWNED]
    for name in ("PlanMetadata", "Usage", "ToolCallRecord"):
        schema["$defs"].pop(name, None)
    # pydantic's per-field "title" keywords tell the model nothing; they cost tokens on every
    # call and time in litellm's schema checks.
    return _without_titles(schema)


def _without_titles(node: Any, names: bool = False) -> Any:
    """Return a schema without "title" keywords; `names` marks a properties/$defs mapping."""
    if isinstance(node, list):
        return [_without_titles(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _without_titles(value, names=key in ("properties", "$defs") and not names)
        for key, value in node.items()
        if names or not (key == "title" and isinstance(value, str))
    }


def output_contract(strategy: Strategy) -> str:
    """Return the part of the system prompt that says how to hand the plan back."""
    if strategy == "tool":
        how = (
            f"When you have what you need, call the {SUBMIT_TOOL} tool once with the complete "
            "plan as its arguments. Do not write the plan as text."
        )
    elif strategy == "json_schema":
        how = (
            "When you have what you need, answer with the complete plan as one JSON object "
            "and nothing else; it must match the plan schema you are given."
        )
    else:
        schema = json.dumps(plan_schema(), separators=(",", ":"))
        how = (
            "When you have what you need, answer with the complete plan as one JSON object "
            "and nothing else (no prose, no code fences). It must match this JSON schema:\n"
            f"{schema}"
        )
    return f"Output contract:\n{how}\n\n{RULES}"


def system_prompt(
    skills: list[Skill],
    strategy: Strategy,
    tool_notes: list[str],
    principles: str | None = None,
    inline_skills: bool = False,
) -> str:
    """Return the system prompt: role, skills, tool notes, principles, output contract.

    With `inline_skills` (a model without tool rounds) the skills' bodies travel in the
    prompt, since the model cannot load them on request.
    """
    parts = [ROLE, "Skills:\n" + available_skills_block(skills)]
    if inline_skills and skills:
        parts.append(_inline_skills(skills))
    if tool_notes:
        parts.append("Tools:\n" + "\n".join(f"- {note}" for note in tool_notes))
    if principles:
        parts.append(f"Project principles (the plan must follow them, or justify each exception):\n{principles}")
    parts.append(output_contract(strategy))
    return "\n\n".join(parts)


def _inline_skills(skills: list[Skill]) -> str:
    chunks = []
    for skill in skills:
        body = skill.body
        if len(body) > INLINE_SKILL_CHARS:
            body = body[:INLINE_SKILL_CHARS] + "\n[...]"
        chunks.append(f'<skill name="{skill.name}">\n{body}</skill>')
    return "Skill guidance:\n" + "\n".join(chunks)


def user_prompt(request: DraftRequest, previous_answer: str | None = None) -> str:
    """Return the user message: the brief, what is being refined, and the last attempt's problems."""
    opts = request.options
    parts = [f"<brief>\n{request.brief}\n</brief>"]
    if opts.review:
        parts.append(
            "The brief describes an existing design. Record that design as the plan, and put "
            "your review into decisions (better options and their trade-offs), risks and open "
            "questions."
        )
    if request.parent is not None:
        parent = request.parent.model_dump(mode="json", exclude=set(ENGINE_OWNED))
        parts.append(
            f"Refine this earlier plan (id {request.parent.plan_id}). Keep what still holds, "
            "change what the brief now asks, and set `supersedes` on decisions you replace:\n"
            + json.dumps(parent, ensure_ascii=False)
        )
    if opts.answers:
        answers = "\n".join(f"- {qid}: {text}" for qid, text in opts.answers.items())
        parts.append(f"Answers to the open questions:\n{answers}")
    if request.feedback:
        problems = "\n".join(f"- {p}" for p in request.feedback)
        parts.append(
            f"This is attempt {request.attempt}. Your previous plan had these problems:\n"
            f"{problems}\nFix every one and return the complete corrected plan, not a diff."
        )
        previous = _previous_text(request, previous_answer)
        if previous:
            parts.append(f"Your previous answer, for reference:\n{previous}")
    return "\n\n".join(parts)


def _previous_text(request: DraftRequest, previous_answer: str | None) -> str:
    if request.previous is not None:
        data = request.previous.model_dump(mode="json", exclude=set(ENGINE_OWNED))
        text = json.dumps(data, ensure_ascii=False)
    else:
        text = previous_answer or ""
    return text[:MAX_PREVIOUS_CHARS]


FINAL_NUDGE = {
    "tool": f"Now call {SUBMIT_TOOL} with the complete plan.",
    "json_schema": "Now answer with the complete plan as one JSON object.",
    "text": "Now answer with the complete plan as one JSON object and nothing else.",
}


# --- reading the answer ----------------------------------------------------------------


def extract_json(text: str) -> Any:
    """Return the JSON value in a model's answer, repairing fences, prose and trailing commas.

    Raises DraftRejected with a problem the model can act on when no JSON can be read.
    """
    candidate = _strip_fences(text.strip())
    start = candidate.find("{")
    if start < 0:
        raise DraftRejected("no JSON in the answer", ["the answer contains no JSON object; return the plan as one JSON object"])
    try:  # the usual case, in C: one object, maybe with prose after it
        return json.JSONDecoder().raw_decode(candidate, start)[0]
    except json.JSONDecodeError:
        pass
    end = _matching_brace(candidate, start)
    if end is None:
        raise DraftRejected(
            "the answer was cut off",
            ["the JSON ends early (the answer was cut off); return the complete plan, more concisely if needed"],
        )
    body = re.sub(r",(\s*[}\]])", r"\1", candidate[start : end + 1])
    try:
        return json.loads(body)
    except json.JSONDecodeError as err:
        raise DraftRejected(
            "the answer is not valid JSON",
            [f"the JSON is invalid at line {err.lineno} column {err.colno}: {err.msg}"],
        ) from None


_FENCE = re.compile(r"```(?:json|JSON)?\s*\n(.*?)```", re.DOTALL)


def _strip_fences(text: str) -> str:
    match = _FENCE.search(text)
    return match.group(1) if match else text


def _matching_brace(text: str, start: int) -> int | None:
    """Return the index of the brace closing the one at `start`, skipping strings; None if cut off."""
    depth, in_string, escaped = 0, False, False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index
    return None


def plan_from_answer(answer: str | dict, brief: str) -> TechnicalPlan:
    """Return the validated plan in an answer, or raise DraftRejected listing what is wrong."""
    data = extract_json(answer) if isinstance(answer, str) else answer
    data = _unwrap(data)
    if not isinstance(data, dict):
        raise DraftRejected("the answer is not a plan", ["the JSON must be one object: the plan"])
    data = {k: v for k, v in data.items() if k not in ENGINE_OWNED}
    try:
        plan = TechnicalPlan.model_validate(data)
    except ValidationError as err:
        raise DraftRejected("the plan does not fit the schema", validation_problems(err)) from None
    return plan.model_copy(update={"brief": brief})


def _unwrap(data: Any) -> Any:
    """Accept {"plan": {...}} and similar single-key wrappers some models add."""
    if isinstance(data, dict) and len(data) == 1:
        (value,) = data.values()
        if isinstance(value, dict) and "title" in value:
            return value
    return data


def validation_problems(err: ValidationError) -> list[str]:
    """Return pydantic's errors as short lines a model can fix: `where: what (got ...)`."""
    problems = []
    for item in err.errors(include_url=False)[:MAX_PROBLEMS]:
        where = _location(item["loc"]) or "plan"
        line = f"{where}: {item['msg']}"
        value = item.get("input")
        if item["type"] != "missing" and isinstance(value, (str, int, float, bool)):
            line += f" (got {str(value)[:60]!r})"
        problems.append(line)
    if err.error_count() > MAX_PROBLEMS:
        problems.append(f"... and {err.error_count() - MAX_PROBLEMS} more problems of the same kinds")
    return problems


def _location(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
