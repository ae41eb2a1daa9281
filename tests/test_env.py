"""archnb.env: .env files, provider key variables, and keeping secrets out of text."""

from __future__ import annotations

import pytest

from archnb.env import key_var_for, load_dotenv, parse_dotenv, provider_of, redact


def test_dotenv_reads_the_usual_forms():
    text = """
# a comment
OPENAI_API_KEY=sk-plain-value
export ARCHNB_MODEL="openai/gpt-4o-mini"
QUOTED_SINGLE='a # not a comment'
TRAILING=value # a comment after the value
EMPTY=
not a line at all
MULTI="first\\nsecond"
"""
    values = parse_dotenv(text)
    assert values == {
        "OPENAI_API_KEY": "sk-plain-value",
        "ARCHNB_MODEL": "openai/gpt-4o-mini",
        "QUOTED_SINGLE": "a # not a comment",
        "TRAILING": "value",
        "EMPTY": "",
        "MULTI": "first\nsecond",
    }


def test_dotenv_never_overrides_what_is_set(tmp_path):
    (tmp_path / ".env").write_text("ARCHNB_T_ONE=from-file\nARCHNB_T_TWO=from-file\n")
    environ = {"ARCHNB_T_ONE": "from-shell"}
    loaded = load_dotenv(tmp_path, environ)
    assert loaded == ["ARCHNB_T_TWO"]
    assert environ == {"ARCHNB_T_ONE": "from-shell", "ARCHNB_T_TWO": "from-file"}


def test_no_dotenv_is_fine(tmp_path):
    environ: dict[str, str] = {}
    assert load_dotenv(tmp_path, environ) == []
    assert environ == {}


@pytest.mark.parametrize(
    ("model", "variable"),
    [
        ("openai/gpt-4o-mini", "OPENAI_API_KEY"),
        ("gpt-4o", "OPENAI_API_KEY"),
        ("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY"),
        ("claude-3-5-haiku-latest", "ANTHROPIC_API_KEY"),
        ("gemini/gemini-2.5-flash", "GEMINI_API_KEY"),
        ("openrouter/meta/llama-3", "OPENROUTER_API_KEY"),
        ("ollama/llama3.1", None),
        ("mystery-model", None),
    ],
)
def test_key_variable_follows_the_provider_prefix(model, variable):
    assert key_var_for(model) == variable


def test_provider_of_bare_and_prefixed_names():
    assert provider_of("groq/llama-3.3-70b") == "groq"
    assert provider_of("o3-mini") == "openai"
    assert provider_of("llama3") is None


def test_redact_hides_values_of_secret_variables():
    environ = {"MY_SERVICE_TOKEN": "tok_4f9a8b7c6d", "ARCHNB_MODEL": "openai/gpt-4o-mini"}
    text = "auth failed for tok_4f9a8b7c6d using openai/gpt-4o-mini"
    assert redact(text, environ=environ) == "auth failed for [redacted] using openai/gpt-4o-mini"


@pytest.mark.parametrize(
    "secret_text",
    [
        "Incorrect API key provided: sk-proj-abcdefghijklmnop1234.",
        "header was Authorization: Bearer abc.def.ghi-jkl_mno",
        'body {"api_key": "zzzz9999yyyy8888"}',
        "url ?token=qwertyuiop12345&x=1",
        "google key AIzaSyA1234567890abcdefghijklmnopqrstu",
        "proxy http://bob:qwertyuiop12345@proxy.local:4000/v1 refused",
    ],
)
def test_redact_hides_key_shaped_strings(secret_text):
    out = redact(secret_text, environ={})
    assert "[redacted]" in out
    for secret in ("abcdefghijklmnop1234", "abc.def.ghi", "zzzz9999yyyy8888", "qwertyuiop12345", "SyA1234567890"):
        assert secret not in out


def test_redact_extra_values_and_plain_text_untouched():
    assert redact("header x-key is hunter2-long", extra=["hunter2-long"], environ={}) == "header x-key is [redacted]"
    plain = "max_tokens=4000, prompt_tokens: 120, see https://example.org/docs"
    assert redact(plain, environ={}) == plain
