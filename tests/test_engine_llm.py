"""The LLM engine, driven through archnb.architect and litellm's real HTTP path against a
loopback OpenAI-compatible server (tests/support/llm_server.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from support.llm_server import Reply, closed_port, completion, sample_plan_data

import archnb
from archnb.engines import llm
from archnb.errors import ModelError, PlanFailed, UsageProblem

pytestmark = pytest.mark.slow  # every test starts the loopback server

BRIEF = "A city library with 12 branches lends books to 40,000 members."
KEY = "sk-test-loopback-0123456789abcdef"


@pytest.fixture
def env(monkeypatch, tmp_path):
    """A dummy key, a clean working folder (no .env, no mcp.json), and short retry waits."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(llm, "RETRY_DELAYS", (0.01, 0.02))
    return tmp_path


def plan_with(server, env, model="openai/test-model", **options):
    """Run archnb.architect against the loopback server; return (result, progress lines)."""
    lines: list[str] = []
    options.setdefault("api_base", server.api_base)
    options.setdefault("skills", "designing-apis")
    result = archnb.architect(BRIEF, model=model, cwd=env, progress=lines.append, **options)
    return result, lines


def test_valid_plan_on_the_first_try(llm_server, env):
    llm_server.plan()
    result, lines = plan_with(llm_server, env, temperature=0.2)

    assert result.envelope.status == "success"
    assert result.plan.title == sample_plan_data()["title"]
    meta = result.plan.metadata
    assert (meta.engine, meta.model, meta.attempts) == ("llm", "openai/test-model", 1)
    assert len(llm_server.requests) == 1
    request = llm_server.requests[0]
    assert request["model"] == "test-model"
    assert request["temperature"] == 0.2
    assert llm_server.headers[0]["authorization"] == f"Bearer {KEY}"
    system, user = request["messages"][0]["content"], request["messages"][1]["content"]
    assert "Backend Architect" in system and "no implementation code" in system.lower()
    assert "<available_skills>" in system and "<name>designing-apis</name>" in system
    assert BRIEF in user
    assert llm_server.tool_names(0) == ["load_skill", "read_skill_reference", "think", "submit_plan"]
    assert "attempt 1 of 3: calling openai/test-model" in lines


def test_submit_plan_tool_carries_the_schema_and_the_plan(llm_server, env):
    llm_server.tool_call("submit_plan", sample_plan_data())
    result, _ = plan_with(llm_server, env)
    submit = next(t for t in llm_server.requests[0]["tools"] if t["function"]["name"] == "submit_plan")
    parameters = submit["function"]["parameters"]
    assert {"title", "architecture", "data_model", "decisions"} <= set(parameters["properties"])
    assert "metadata" not in parameters["properties"]
    assert result.envelope.status == "success"


def test_plan_in_fences_with_prose_and_trailing_comma_is_repaired(llm_server, env):
    text = json.dumps(sample_plan_data())
    answer = f"Sure! Here it is:\n```json\n{text[:-1]},}}\n```\nTell me if you want changes."
    llm_server.answer(answer)
    result, _ = plan_with(llm_server, env)
    assert result.envelope.status == "success"
    assert result.plan.metadata.attempts == 1


@pytest.mark.parametrize(
    ("bad_answer", "problem"),
    [
        (json.dumps(sample_plan_data())[:400], "cut off"),
        (json.dumps({**sample_plan_data(), "architecture": {"style": "monolith", "components": [
            {"id": "api", "name": "API", "kind": "mainframe", "responsibility": "all"}]}}),
         "architecture.components[0].kind"),
        ('{"plan": "coming later"}', "title: Field required"),
    ],
    ids=["truncated", "schema-invalid", "not-a-plan"],
)
def test_bad_answer_is_retried_with_the_problems_in_the_next_prompt(llm_server, env, bad_answer, problem):
    llm_server.answer(bad_answer)
    llm_server.plan()
    result, lines = plan_with(llm_server, env)

    assert result.envelope.status == "success"
    assert result.plan.metadata.attempts == 2
    retry_prompt = llm_server.messages(1)[1]["content"]
    assert "attempt 2" in retry_prompt and problem in retry_prompt
    assert "attempt 2 of 3: calling openai/test-model" in lines


def test_prose_without_a_plan_is_nudged_within_the_attempt(llm_server, env):
    llm_server.answer("I would use PostgreSQL and a modular monolith.")
    llm_server.tool_call("submit_plan", sample_plan_data())
    result, _ = plan_with(llm_server, env)
    nudge = llm_server.requests[1]
    assert nudge["messages"][-2] == {"role": "assistant", "content": "I would use PostgreSQL and a modular monolith."}
    assert nudge["messages"][-1]["content"] == "Now call submit_plan with the complete plan."
    assert result.plan.metadata.attempts == 1


def test_lint_errors_are_fed_back(llm_server, env):
    broken = sample_plan_data()
    broken["architecture"]["connections"].append({"source": "api", "target": "nowhere_service"})
    llm_server.plan(broken)
    llm_server.plan()
    result, _ = plan_with(llm_server, env)
    assert result.plan.metadata.attempts == 2
    retry_prompt = llm_server.messages(1)[1]["content"]
    assert "nowhere_service" in retry_prompt
    assert "Your previous answer, for reference" in retry_prompt


def test_attempt_limit_gives_plan_failed_with_a_failed_envelope(llm_server, env):
    llm_server.answer('{"title": "half a plan"')
    llm_server.answer('{"title": "another half"')
    with pytest.raises(PlanFailed) as caught:
        plan_with(llm_server, env, attempts=2)
    envelope = caught.value.envelope
    assert envelope.status == "failed"
    assert any("cut off" in e for e in envelope.errors)
    assert envelope.next_action
    assert len(llm_server.requests) == 2


def test_load_skill_then_plan(llm_server, env):
    llm_server.tool_call("load_skill", {"name": "designing-apis"})
    llm_server.plan()
    result, lines = plan_with(llm_server, env)

    tool_reply = llm_server.messages(1)[-1]
    assert tool_reply["role"] == "tool" and tool_reply["tool_call_id"] == "call_1"
    assert "# Designing APIs" in tool_reply["content"]
    assert "pagination-and-idempotency-worked-example.md" in tool_reply["content"]
    assert llm_server.messages(1)[-2]["tool_calls"][0]["function"]["name"] == "load_skill"
    record = result.plan.metadata.tool_calls[0]
    assert (record.name, record.ok) == ("load_skill", True)
    assert "tool load_skill(designing-apis)" in lines


def test_tool_errors_are_read_by_the_model_and_the_run_goes_on(llm_server, env):
    llm_server.tool_calls([
        ("load_skill", {"name": "no-such-skill"}, "c1"),
        ("read_skill_reference", {"name": "designing-apis", "file": "../../etc/passwd"}, "c2"),
        ("delete_everything", {}, "c3"),
        ("think", "{not json", "c4"),
    ])
    llm_server.plan()
    result, _ = plan_with(llm_server, env)
    replies = [m["content"] for m in llm_server.messages(1) if m["role"] == "tool"]
    assert replies[0].startswith("Error: no skill named 'no-such-skill'")
    assert "has no reference" in replies[1]
    assert "no tool named 'delete_everything'" in replies[2]
    assert "not valid JSON" in replies[3]
    assert [r.ok for r in result.plan.metadata.tool_calls] == [False, False, False, False]
    assert result.envelope.status == "success"


def test_tool_rounds_are_bounded_then_the_plan_is_forced(llm_server, env):
    thought = {"thought": "weigh it", "thought_number": 1, "total_thoughts": 9, "next_thought_needed": True}
    llm_server.tool_call("think", thought)
    llm_server.tool_call("think", thought)
    llm_server.tool_call("submit_plan", sample_plan_data())
    result, _ = plan_with(llm_server, env, max_tool_rounds=2)

    final = llm_server.requests[2]
    assert [t["function"]["name"] for t in final["tools"]] == ["submit_plan"]
    assert final["tool_choice"] == {"type": "function", "function": {"name": "submit_plan"}}
    assert "Now call submit_plan" in final["messages"][-1]["content"]
    assert len(result.plan.metadata.tool_calls) == 2


def test_schema_capable_model_gets_response_format_for_the_final_answer(llm_server, env):
    llm_server.answer("I have what I need.")
    llm_server.plan()
    result, _ = plan_with(llm_server, env, model="openai/gpt-4o-mini")

    assert "submit_plan" not in llm_server.tool_names(0)
    final = llm_server.requests[1]
    assert "tools" not in final
    assert final["response_format"]["type"] == "json_schema"
    assert final["response_format"]["json_schema"]["name"] == "technical_plan"
    assert result.envelope.status == "success"


def test_model_that_refuses_tools_gets_inline_skills_and_the_schema(llm_server, env):
    llm_server.error(400, "tools are not supported for this model")
    llm_server.plan()
    result, lines = plan_with(llm_server, env)

    retry = llm_server.requests[1]
    assert "tools" not in retry
    system = retry["messages"][0]["content"]
    assert "# Designing APIs" in system  # the skill body travels inline
    assert '"architecture"' in system  # and the JSON schema too
    assert any("refused tools" in line for line in lines)
    assert result.envelope.status == "success"


def test_metadata_records_usage_cost_and_tool_calls(llm_server, env):
    llm_server.enqueue(Reply(body=completion(None, [
        {"id": "t1", "type": "function", "function": {"name": "think", "arguments": json.dumps(
            {"thought": f"our key {KEY} must stay secret", "thought_number": 1, "total_thoughts": 1,
             "next_thought_needed": False})}},
    ], usage=(1000, 200))))
    llm_server.plan(usage=(3000, 1500))
    result, _ = plan_with(llm_server, env, model="openai/gpt-4o-mini")

    usage = result.plan.metadata.usage
    assert (usage.prompt_tokens, usage.completion_tokens) == (4000, 1700)
    assert usage.cost_usd is not None and usage.cost_usd > 0
    (record,) = result.plan.metadata.tool_calls
    assert record.name == "think" and record.ok
    assert KEY not in record.arguments and "[redacted]" in record.arguments
    assert KEY not in result.plan.to_json()


def test_unknown_model_price_is_none_not_zero(llm_server, env):
    llm_server.plan()
    result, _ = plan_with(llm_server, env)
    assert result.plan.metadata.usage.cost_usd is None
    assert result.plan.metadata.usage.prompt_tokens == 120


def test_refinement_and_answers_reach_the_prompt(llm_server, env):
    from archnb.plan import TechnicalPlan

    parent = TechnicalPlan.model_validate(sample_plan_data()).with_id()
    llm_server.plan()
    plan_with(llm_server, env, parent=parent, answers={"Q1": "Yes, across branches."})
    user = llm_server.messages(0)[1]["content"]
    assert f"Refine this earlier plan (id {parent.plan_id})" in user
    assert "Q1: Yes, across branches." in user


def test_dotenv_in_the_working_folder_supplies_the_key(llm_server, env, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    (env / ".env").write_text("OPENAI_API_KEY=sk-from-dotenv-file-0001\n")
    llm_server.plan()
    plan_with(llm_server, env)
    assert llm_server.headers[0]["authorization"] == "Bearer sk-from-dotenv-file-0001"


# --- failures --------------------------------------------------------------------------


def test_rejected_key_names_the_variable_and_never_the_key(llm_server, env):
    llm_server.error(401, f"Incorrect API key provided: {KEY}. Find your key at the dashboard.")
    with pytest.raises(ModelError) as caught:
        plan_with(llm_server, env)
    text = str(caught.value)
    assert "OPENAI_API_KEY" in text
    assert KEY not in text and KEY[:12] not in text
    assert len(llm_server.requests) == 1


def test_missing_key_names_the_variable(env, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ModelError) as caught:
        archnb.architect(BRIEF, model="openai/gpt-4o-mini", cwd=env, skills="designing-apis")
    assert "no API key for openai/gpt-4o-mini" in str(caught.value)
    assert "set OPENAI_API_KEY" in caught.value.hint


def test_unknown_model_suggests_the_models_command(llm_server, env):
    llm_server.error(404, "The model `test-model` does not exist or you do not have access to it.")
    with pytest.raises(ModelError) as caught:
        plan_with(llm_server, env)
    assert "unknown model 'openai/test-model'" in str(caught.value)
    assert "%architect models" in caught.value.hint


def test_model_without_provider_suggests_the_models_command(env):
    with pytest.raises(ModelError) as caught:
        archnb.architect(BRIEF, model="mystery-model-9", cwd=env, skills="designing-apis")
    assert "unknown model 'mystery-model-9'" in str(caught.value)


def test_rate_limit_is_retried_with_backoff(llm_server, env):
    llm_server.error(429, "Rate limit reached for requests")
    llm_server.error(429, "Rate limit reached for requests", headers={"Retry-After": "0"})
    llm_server.plan()
    result, lines = plan_with(llm_server, env)
    assert result.envelope.status == "success"
    assert len(llm_server.requests) == 3
    retries = [line for line in lines if "rate-limited; retrying" in line]
    assert [r.rsplit("(", 1)[1] for r in retries] == ["try 2 of 3)", "try 3 of 3)"]


def test_rate_limit_gives_up_after_three_tries(llm_server, env):
    for _ in range(4):
        llm_server.error(429, "Rate limit reached for requests")
    with pytest.raises(ModelError, match=r"rate-limited .*after 3 tries"):
        plan_with(llm_server, env)
    assert len(llm_server.requests) == 3


def test_server_error_names_the_api_base(llm_server, env):
    llm_server.error(500, "upstream exploded")
    with pytest.raises(ModelError) as caught:
        plan_with(llm_server, env)
    text = str(caught.value)
    assert llm_server.api_base in text and "HTTP 500" in text and "upstream exploded" in text
    assert len(llm_server.requests) == 1


def test_refused_connection_names_the_api_base(env):
    base = f"http://127.0.0.1:{closed_port()}/v1"
    with pytest.raises(ModelError) as caught:
        archnb.architect(BRIEF, model="openai/test-model", api_base=base, cwd=env, skills="designing-apis")
    assert str(caught.value).startswith(f"cannot connect to the model server at {base}")
    assert "--api-base" in caught.value.hint


def test_slow_answer_hits_the_timeout(llm_server, env):
    llm_server.enqueue(Reply(body=completion(json.dumps(sample_plan_data())), delay=5))
    called_at: list[float] = []

    def note(line: str) -> None:
        if "calling" in line:
            called_at.append(time.monotonic())

    with pytest.raises(ModelError, match=r"did not answer within 0\.5 s"):
        archnb.architect(BRIEF, model="openai/test-model", api_base=llm_server.api_base, cwd=env,
                         skills="designing-apis", timeout=0.5, progress=note)
    assert time.monotonic() - called_at[0] < 4, "the call must give up long before the answer comes"
    assert len(llm_server.requests) == 1


def test_no_model_is_a_usage_problem(env):
    with pytest.raises(UsageProblem, match="needs a model"):
        archnb.architect(BRIEF, engine="llm", cwd=env)


# --- %architect models -----------------------------------------------------------------


def test_models_listing_names_variables_never_values(env, monkeypatch):
    monkeypatch.setenv("ARCHNB_MODEL", "anthropic/claude-sonnet-4-5")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-listing-secret-99")
    monkeypatch.delenv("OPENAI_API_KEY")
    (env / ".env").write_text("GEMINI_API_KEY=gem-secret-value-77\n")
    setup = llm.list_models(cwd=env)
    text = setup.to_text()

    assert "anthropic/claude-sonnet-4-5 (from ARCHNB_MODEL); needs ANTHROPIC_API_KEY (set)" in text
    assert "ANTHROPIC_API_KEY" in setup.keys_set and "GEMINI_API_KEY" in setup.keys_set
    assert "OPENAI_API_KEY" not in setup.keys_set
    assert "openai/gpt-4o-mini" in text and "ollama/llama3.1" in text
    assert "secret" not in text and "secret" not in json.dumps(setup.to_dict())


def test_models_listing_without_a_model_points_to_the_offline_engine(env):
    text = llm.list_models(cwd=env).to_text()
    assert "not set: plans use the offline engine" in text


def test_engine_modules_do_not_import_litellm():
    code = (
        "import sys, archnb, archnb.engines.llm as m, archnb.mcp_client, archnb.env\n"
        "m.list_models()\n"
        "print('litellm' in sys.modules, 'mcp' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"], out.stderr
